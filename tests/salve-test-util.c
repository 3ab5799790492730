/* salve-test-util.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "salve-test-util.h"

char *
salve_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("salve-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
salve_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    {
      g_remove (path);
      return;
    }

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      salve_test_remove_tree (child);
    }

  g_rmdir (path);
}

int
salve_test_run_salvectlv (char               **out,
                          char               **err,
                          const char * const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *salvectl = g_getenv ("SALVECTL");
  g_autofree char *stdout_text = NULL;
  int status = 0;

  g_assert_nonnull (salvectl);

  g_ptr_array_add (argv, (char *) salvectl);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  /* Always captured: what salvectl prints must not mix with the TAP
   * stream on our stdout. */
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &stdout_text, err, &status, &error);
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);

  if (WIFEXITED (status))
    return WEXITSTATUS (status);

  g_test_message ("salvectl did not exit normally (status %d)", status);
  return -1;
}

int
salve_test_run_salvectl (char       **out,
                         char       **err,
                         const char  *first_arg,
                         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return salve_test_run_salvectlv (out, err, (const char * const *) args->pdata);
}

static void
write_at (const char   *path,
          goffset       offset,
          const guint8 *bytes,
          gsize         len)
{
  int fd = g_open (path, O_WRONLY | O_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, bytes, len, offset), ==, (gssize) len);
  g_assert_no_errno (close (fd));
}

gboolean
salve_test_writes_unnamed (GPid        pid,
                           const char *dir)
{
  g_autofree char *fd_dir = g_strdup_printf ("/proc/%d/fd", (int) pid);
  g_autofree char *prefix = g_build_filename (dir, "#", NULL);
  g_autoptr(GDir) fds = g_dir_open (fd_dir, 0, NULL);
  const char *name;

  /* Linux shows such a file as "DIR/#INODE (deleted)". */
  while (fds != NULL && (name = g_dir_read_name (fds)) != NULL)
    {
      g_autofree char *link = g_build_filename (fd_dir, name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target != NULL && g_str_has_prefix (target, prefix) && g_str_has_suffix (target, " (deleted)"))
        return TRUE;
    }

  return FALSE;
}

void
salve_test_damage_file (const char *path,
                        goffset     offset,
                        gsize       len,
                        guint8      byte)
{
  g_autofree guint8 *bytes = g_malloc (len);

  memset (bytes, byte, len);
  write_at (path, offset, bytes, len);
}

void
salve_test_set_file_user_version (const char *path,
                                  guint32     version)
{
  /* Offset 60 of the database header, big-endian (sqlite.org/fileformat). */
  guint32 be = GUINT32_TO_BE (version);

  write_at (path, 60, (const guint8 *) &be, sizeof be);
}

struct _SalveTestLock
{
  GPid pid;
  int  in_fd;
};

static SalveTestLock *
lock_take (const char *mode,
           const char *db_path,
           int         hold_ms)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hold = g_strdup_printf ("%d", hold_ms);
  const char *helper = g_getenv ("SALVE_TEST_LOCK");
  const char *argv[] = { helper, db_path, hold_ms >= 0 ? hold : NULL, NULL, NULL };
  SalveTestLock *lock = g_new0 (SalveTestLock, 1);
  char line[16] = { 0 };
  gsize got = 0;
  int out_fd = -1;

  g_assert_nonnull (helper);
  if (mode != NULL)
    {
      argv[3] = argv[2];
      argv[2] = argv[1];
      argv[1] = mode;
    }
  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &lock->pid, &lock->in_fd, &out_fd, NULL, &error);
  g_assert_no_error (error);

  /* "locked\n" once it holds the lock. */
  while (got < 7)
    {
      gssize n = read (out_fd, line + got, 7 - got);

      g_assert_cmpint (n, >, 0);
      got += n;
    }
  close (out_fd);
  g_assert_cmpstr (line, ==, "locked\n");

  return lock;
}

SalveTestLock *
salve_test_lock_take (const char *db_path,
                      int         hold_ms)
{
  return lock_take (NULL, db_path, hold_ms);
}

SalveTestLock *
salve_test_lock_take_alone (const char *db_path)
{
  return lock_take ("--alone", db_path, -1);
}

void
salve_test_lock_release (SalveTestLock *lock)
{
  int status = 0;

  if (lock == NULL)
    return;

  /* A line, or the end of its stdin, lets it go. */
  close (lock->in_fd);
  waitpid (lock->pid, &status, 0);
  g_spawn_close_pid (lock->pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_free (lock);
}
