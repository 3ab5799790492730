/* preload-pty.c: a test-only LD_PRELOAD interposer that lets
 * libserialport 0.1.1 open pseudo-terminals
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * sp_get_port_by_name() lstat()s (__lxstat on Debian 12) and readlink()s
 * /sys/class/tty/<name without /dev/>, which does not exist for
 * /dev/pts/N, and sp_open() asks the modem lines with ioctl(TIOCMGET),
 * which a pty answers with ENOTTY. For /sys/class/tty/pts/… this answers
 * "a symlink to a virtual tty", and for the modem-line ioctls on a pty
 * "no lines". Everything else goes to libc untouched, so the tests still
 * run the real libserialport code around these calls.
 */

#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define PTY_SYSFS_PREFIX "/sys/class/tty/pts/"
#define FAKE_LINK        "../../devices/virtual/tty/pts"

static int
is_pty_sysfs (const char *path)
{
  return path != NULL && strncmp (path, PTY_SYSFS_PREFIX, strlen (PTY_SYSFS_PREFIX)) == 0;
}

static void
fake_link_stat (struct stat *buf)
{
  memset (buf, 0, sizeof *buf);
  buf->st_mode = S_IFLNK | 0777;
  buf->st_nlink = 1;
  buf->st_size = strlen (FAKE_LINK);
}

int __lxstat (int ver, const char *path, struct stat *buf);
int
__lxstat (int ver, const char *path, struct stat *buf)
{
  static int (*real) (int, const char *, struct stat *);

  if (is_pty_sysfs (path))
    {
      fake_link_stat (buf);
      return 0;
    }
  if (real == NULL)
    real = (int (*) (int, const char *, struct stat *)) dlsym (RTLD_NEXT, "__lxstat");
  if (real == NULL)
    {
      errno = ENOSYS;
      return -1;
    }
  return real (ver, path, buf);
}

int
lstat (const char *path, struct stat *buf)
{
  static int (*real) (const char *, struct stat *);

  if (is_pty_sysfs (path))
    {
      fake_link_stat (buf);
      return 0;
    }
  if (real == NULL)
    real = (int (*) (const char *, struct stat *)) dlsym (RTLD_NEXT, "lstat");
  return real (path, buf);
}

ssize_t
readlink (const char *path, char *buf, size_t size)
{
  static ssize_t (*real) (const char *, char *, size_t);

  if (is_pty_sysfs (path))
    {
      size_t n = strlen (FAKE_LINK);

      if (n > size)
        n = size;
      memcpy (buf, FAKE_LINK, n);
      return (ssize_t) n;
    }
  if (real == NULL)
    real = (ssize_t (*) (const char *, char *, size_t)) dlsym (RTLD_NEXT, "readlink");
  return real (path, buf, size);
}

int
ioctl (int fd, unsigned long request, ...)
{
  static int (*real) (int, unsigned long, ...);
  va_list args;
  void *arg;
  int ret;

  va_start (args, request);
  arg = va_arg (args, void *);
  va_end (args);

  if (real == NULL)
    real = (int (*) (int, unsigned long, ...)) dlsym (RTLD_NEXT, "ioctl");

  ret = real (fd, request, arg);
  if (ret < 0 && (errno == ENOTTY || errno == EINVAL) &&
      (request == TIOCMGET || request == TIOCMSET || request == TIOCMBIS || request == TIOCMBIC))
    {
      /* Modem lines of a pty: there are none. */
      if (request == TIOCMGET && arg != NULL)
        *(int *) arg = 0;
      errno = 0;
      return 0;
    }

  return ret;
}
