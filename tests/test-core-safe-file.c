/* test-core-safe-file.c: files written whole, private, or not at all
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "salve-safe-output-stream.h"

typedef struct
{
  char  *dir;
  char  *path;
  GFile *file;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  /* With data: as on a file system without unnamed files. */
  if (data != NULL)
    g_setenv ("SALVE_TEST_NAMED_FILES", "1", TRUE);
  f->dir = g_dir_make_tmp ("salve-safe-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "export.csv", NULL);
  f->file = g_file_new_for_path (f->path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_unsetenv ("SALVE_TEST_NAMED_FILES");
  g_object_unref (f->file);
  g_free (f->path);
  g_free (f->dir);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static char *
read_file (const char *path)
{
  char *text = NULL;

  return g_file_get_contents (path, &text, NULL, NULL) ? text : NULL;
}

static void
test_commit_replaces_privately (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  mode_t old_umask = umask (022);
  GStatBuf st;

  g_assert_true (g_file_set_contents (f->path, "old\n", -1, NULL));
  g_assert_no_errno (g_chmod (f->path, 0644));

  out = salve_safe_output_stream_new (f->file, &error);
  umask (old_umask);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "new\n", 4, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Until the commit, the old file is what is there. */
  text = read_file (f->path);
  g_assert_cmpstr (text, ==, "old\n");
  g_clear_pointer (&text, g_free);

  g_assert_true (salve_safe_output_stream_commit (SALVE_SAFE_OUTPUT_STREAM (out), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_is_closed (out));

  text = read_file (f->path);
  g_assert_cmpstr (text, ==, "new\n");
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (count_files (f->dir), ==, 1);
}

static void
test_no_commit_keeps_old (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (g_file_set_contents (f->path, "old\n", -1, NULL));

  out = salve_safe_output_stream_new (f->file, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "partial", 7, NULL, NULL, NULL));
  /* The new file has no name yet (the test folder's file system has
   * unnamed files, as tmpfs, ext4, XFS and Btrfs do); else a hidden one. */
  g_assert_cmpuint (count_files (f->dir), ==, data != NULL ? 2 : 1);
  /* Closing is not committing: the partial file goes. */
  g_assert_true (g_output_stream_close (out, NULL, NULL));

  text = read_file (f->path);
  g_assert_cmpstr (text, ==, "old\n");
  g_assert_cmpuint (count_files (f->dir), ==, 1);

  /* A new file that is never committed is never there. */
  g_clear_object (&out);
  g_unlink (f->path);
  out = salve_safe_output_stream_new (f->file, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "partial", 7, NULL, NULL, NULL));
  g_clear_object (&out);
  g_assert_cmpuint (count_files (f->dir), ==, 0);
}

/* A program killed while it writes (kill -9, nothing runs after it)
 * leaves no hidden partial copy beside the file: it left one before. */
static void
test_killed_leaves_nothing (Fixture       *f,
                            gconstpointer  data)
{
  int ready[2];
  pid_t pid;
  char byte;
  int status;

  g_assert_no_errno (pipe (ready));
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      GOutputStream *out = salve_safe_output_stream_new (f->file, NULL);

      if (out == NULL || !g_output_stream_write_all (out, "partial", 7, NULL, NULL, NULL))
        _exit (1);
      if (write (ready[1], "x", 1) != 1)
        _exit (1);
      for (;;)
        pause ();
    }

  close (ready[1]);
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);
  close (ready[0]);
  g_assert_no_errno (kill (pid, SIGKILL));
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpuint (count_files (f->dir), ==, 0);
}

static void
test_cancel_discards (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  out = salve_safe_output_stream_new (f->file, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "a", 1, NULL, cancellable, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (g_output_stream_write_all (out, "b", 1, NULL, cancellable, NULL));

  /* A write failed: the commit refuses, even without the cancellable. */
  g_assert_false (salve_safe_output_stream_commit (SALVE_SAFE_OUTPUT_STREAM (out), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (f->dir), ==, 0);
}

static void
test_file_size_limit (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *block = g_malloc0 (64 * 1024);
  struct rlimit before, limited;
  void (*old_handler) (int) = signal (SIGXFSZ, SIG_IGN);
  gboolean wrote;

  g_assert_true (g_file_set_contents (f->path, "old\n", -1, NULL));

  g_assert_no_errno (getrlimit (RLIMIT_FSIZE, &before));
  limited = before;
  limited.rlim_cur = 16 * 1024;
  g_assert_no_errno (setrlimit (RLIMIT_FSIZE, &limited));

  out = salve_safe_output_stream_new (f->file, &error);
  g_assert_no_error (error);
  wrote = g_output_stream_write_all (out, block, 64 * 1024, NULL, NULL, &error);

  g_assert_no_errno (setrlimit (RLIMIT_FSIZE, &before));
  signal (SIGXFSZ, old_handler);

  g_assert_false (wrote);
  g_assert_nonnull (strstr (error->message, "export.csv"));
  g_assert_nonnull (strstr (error->message, "too large"));
  g_clear_error (&error);

  g_assert_false (salve_safe_output_stream_commit (SALVE_SAFE_OUTPUT_STREAM (out), NULL, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (count_files (f->dir), ==, 1);
}

static void
test_missing_folder (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_build_filename (f->dir, "no-such-folder", "x.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = salve_safe_output_stream_new (file, &error);

  g_assert_null (out);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "x.csv"));
}

static void
test_reasons (void)
{
  g_assert_cmpstr (salve_safe_file_describe_errno (ENOSPC), ==, "The disk is full");
  g_assert_nonnull (strstr (salve_safe_file_describe_errno (EFBIG), "too large"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/safe-file/commit-replaces-privately", test_commit_replaces_privately);
  ADD ("/safe-file/no-commit-keeps-old", test_no_commit_keeps_old);
  ADD ("/safe-file/cancel-discards", test_cancel_discards);
  ADD ("/safe-file/killed-leaves-nothing", test_killed_leaves_nothing);
  ADD ("/safe-file/file-size-limit", test_file_size_limit);
  ADD ("/safe-file/missing-folder", test_missing_folder);
  /* Where a file system has no unnamed files. */
  g_test_add ("/safe-file/named/commit-replaces-privately", Fixture, "named", fixture_set_up,
              test_commit_replaces_privately, fixture_tear_down);
  g_test_add ("/safe-file/named/no-commit-keeps-old", Fixture, "named", fixture_set_up,
              test_no_commit_keeps_old, fixture_tear_down);
  g_test_add ("/safe-file/named/cancel-discards", Fixture, "named", fixture_set_up,
              test_cancel_discards, fixture_tear_down);
#undef ADD
  g_test_add_func ("/safe-file/reasons", test_reasons);

  return g_test_run ();
}
