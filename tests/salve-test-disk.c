/* salve-test-disk.c: a disk that refuses writes, for the tests
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <sqlite3.h>
#include <unistd.h>

#include "salve-test-disk.h"

/* SQLite's unix VFS lets a test replace the system calls it writes with:
 * every write of this process's databases then fails as on a full disk. */
static sqlite3_syscall_ptr real_write, real_pwrite, real_pwrite64;

static ssize_t
full_write (int fd, const void *buf, size_t n)
{
  errno = ENOSPC;
  return -1;
}

static ssize_t
full_pwrite (int fd, const void *buf, size_t n, off_t off)
{
  errno = ENOSPC;
  return -1;
}

static guint writes_left;

static ssize_t
filling_write (int fd, const void *buf, size_t n)
{
  if (writes_left == 0)
    return full_write (fd, buf, n);
  writes_left--;
  return ((ssize_t (*) (int, const void *, size_t)) real_write) (fd, buf, n);
}

static ssize_t
filling_pwrite (int fd, const void *buf, size_t n, off_t off)
{
  if (writes_left == 0)
    return full_pwrite (fd, buf, n, off);
  writes_left--;
  return ((ssize_t (*) (int, const void *, size_t, off_t)) real_pwrite) (fd, buf, n, off);
}

static ssize_t
filling_pwrite64 (int fd, const void *buf, size_t n, off_t off)
{
  if (writes_left == 0)
    return full_pwrite (fd, buf, n, off);
  writes_left--;
  return ((ssize_t (*) (int, const void *, size_t, off_t)) real_pwrite64) (fd, buf, n, off);
}

void
salve_test_set_disk_full_after (guint n)
{
  sqlite3_vfs *vfs = sqlite3_vfs_find (NULL);

  writes_left = n;
  real_write = vfs->xGetSystemCall (vfs, "write");
  real_pwrite = vfs->xGetSystemCall (vfs, "pwrite");
  real_pwrite64 = vfs->xGetSystemCall (vfs, "pwrite64");
  vfs->xSetSystemCall (vfs, "write", (sqlite3_syscall_ptr) filling_write);
  if (real_pwrite != NULL)
    vfs->xSetSystemCall (vfs, "pwrite", (sqlite3_syscall_ptr) filling_pwrite);
  if (real_pwrite64 != NULL)
    vfs->xSetSystemCall (vfs, "pwrite64", (sqlite3_syscall_ptr) filling_pwrite64);
}

void
salve_test_set_disk_full (gboolean full)
{
  sqlite3_vfs *vfs = sqlite3_vfs_find (NULL);

  if (full)
    {
      real_write = vfs->xGetSystemCall (vfs, "write");
      real_pwrite = vfs->xGetSystemCall (vfs, "pwrite");
      real_pwrite64 = vfs->xGetSystemCall (vfs, "pwrite64");
    }
  vfs->xSetSystemCall (vfs, "write", full ? (sqlite3_syscall_ptr) full_write : real_write);
  if (real_pwrite != NULL)
    vfs->xSetSystemCall (vfs, "pwrite", full ? (sqlite3_syscall_ptr) full_pwrite : real_pwrite);
  if (real_pwrite64 != NULL)
    vfs->xSetSystemCall (vfs, "pwrite64", full ? (sqlite3_syscall_ptr) full_pwrite : real_pwrite64);
}

static guint64 counted_database, counted_log;

/* The file @fd has open ends in -wal (a log), .db (a database), or
 * neither (a journal, a temporary file). */
static void
count (int    fd,
       gssize n)
{
  g_autofree char *link = g_strdup_printf ("/proc/self/fd/%d", fd);
  g_autofree char *target = n > 0 ? g_file_read_link (link, NULL) : NULL;

  if (target == NULL)
    return;
  if (g_str_has_suffix (target, "-wal"))
    counted_log += (guint64) n;
  else if (g_str_has_suffix (target, ".db"))
    counted_database += (guint64) n;
}

static ssize_t
counting_write (int fd, const void *buf, size_t n)
{
  ssize_t done = ((ssize_t (*) (int, const void *, size_t)) real_write) (fd, buf, n);

  count (fd, done);
  return done;
}

static ssize_t
counting_pwrite (int fd, const void *buf, size_t n, off_t off)
{
  ssize_t done = ((ssize_t (*) (int, const void *, size_t, off_t)) real_pwrite) (fd, buf, n, off);

  count (fd, done);
  return done;
}

static ssize_t
counting_pwrite64 (int fd, const void *buf, size_t n, off_t off)
{
  ssize_t done = ((ssize_t (*) (int, const void *, size_t, off_t)) real_pwrite64) (fd, buf, n, off);

  count (fd, done);
  return done;
}

void
salve_test_count_writes_begin (void)
{
  sqlite3_vfs *vfs = sqlite3_vfs_find (NULL);

  counted_database = counted_log = 0;
  real_write = vfs->xGetSystemCall (vfs, "write");
  real_pwrite = vfs->xGetSystemCall (vfs, "pwrite");
  real_pwrite64 = vfs->xGetSystemCall (vfs, "pwrite64");
  vfs->xSetSystemCall (vfs, "write", (sqlite3_syscall_ptr) counting_write);
  if (real_pwrite != NULL)
    vfs->xSetSystemCall (vfs, "pwrite", (sqlite3_syscall_ptr) counting_pwrite);
  if (real_pwrite64 != NULL)
    vfs->xSetSystemCall (vfs, "pwrite64", (sqlite3_syscall_ptr) counting_pwrite64);
}

void
salve_test_count_writes_end (guint64 *to_database,
                             guint64 *to_log)
{
  sqlite3_vfs *vfs = sqlite3_vfs_find (NULL);

  vfs->xSetSystemCall (vfs, "write", real_write);
  if (real_pwrite != NULL)
    vfs->xSetSystemCall (vfs, "pwrite", real_pwrite);
  if (real_pwrite64 != NULL)
    vfs->xSetSystemCall (vfs, "pwrite64", real_pwrite64);
  *to_database = counted_database;
  *to_log = counted_log;
}
