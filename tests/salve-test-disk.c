/* salve-test-disk.c: a disk that refuses writes, for the tests
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <sqlite3.h>

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
