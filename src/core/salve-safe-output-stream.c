/* salve-safe-output-stream.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * g_file_replace() is not enough: for a file that does not exist yet it
 * writes in place, so a full disk leaves a cut-off file, and closing its
 * stream after a failed write still puts the partial file where the old
 * one was. Its new file also gets the umask's mode (0644), which is too
 * open for health data.
 */

#define _GNU_SOURCE  /* O_TMPFILE */
#define G_LOG_DOMAIN "salve-safe-output-stream"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "salve-safe-output-stream.h"

/* The temporary file's name is ".NAME.XXXXXX"; a long NAME is cut so the
 * whole stays below NAME_MAX. */
#define MAX_TEMP_STEM 200

struct _SalveSafeOutputStream
{
  GOutputStream  parent_instance;

  char          *path;
  char          *temp_path;   /* NULL while the file has no name */
  char          *dir;         /* of @path */
  char          *base;        /* of @path, cut to MAX_TEMP_STEM */
  int            fd;
  int            pending;     /* its slot below, or -1 */
  GError        *failure;     /* the first write that failed */
  gboolean       committed;
};

/* The temporary files being written, for a signal handler to remove: a
 * program stopped by Ctrl+C or SIGTERM leaves no hidden copy of health
 * data behind. Fixed buffers, so that the handler only reads memory and
 * calls unlink(). */
#define MAX_PENDING 16
static char pending_paths[MAX_PENDING][4096];
static volatile sig_atomic_t pending_used[MAX_PENDING];
static GMutex pending_lock;

static int
pending_add (const char *path)
{
  int slot = -1;

  if (strlen (path) >= sizeof pending_paths[0])
    return -1;

  g_mutex_lock (&pending_lock);
  for (int i = 0; i < MAX_PENDING && slot < 0; i++)
    if (!pending_used[i])
      {
        strcpy (pending_paths[i], path);
        pending_used[i] = 1;
        slot = i;
      }
  g_mutex_unlock (&pending_lock);

  return slot;
}

static void
pending_remove (int *slot)
{
  if (*slot < 0)
    return;
  g_mutex_lock (&pending_lock);
  pending_used[*slot] = 0;
  g_mutex_unlock (&pending_lock);
  *slot = -1;
}

void
salve_safe_output_stream_remove_pending (void)
{
  for (int i = 0; i < MAX_PENDING; i++)
    if (pending_used[i])
      unlink (pending_paths[i]);
}

static void
remove_and_die (int signum)
{
  salve_safe_output_stream_remove_pending ();
  signal (signum, SIG_DFL);
  raise (signum);
}

void
salve_safe_output_stream_remove_on_signals (void)
{
  const int signals[] = { SIGINT, SIGTERM, SIGHUP };
  struct sigaction action = { 0 };

  action.sa_handler = remove_and_die;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      struct sigaction old = { 0 };

      /* One the shell set to be ignored stays ignored. */
      if (sigaction (signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
        continue;
      sigaction (signals[i], &action, NULL);
    }
}

G_DEFINE_FINAL_TYPE (SalveSafeOutputStream, salve_safe_output_stream, G_TYPE_OUTPUT_STREAM)

const char *
salve_safe_file_describe_errno (int errsv)
{
  switch (errsv)
    {
    case ENOSPC:
      return _("The disk is full");
#ifdef EDQUOT
    case EDQUOT:
      return _("The disk quota is used up");
#endif
    case EFBIG:
      return _("The file is too large: a file size limit was reached");
    default:
      return g_strerror (errsv);
    }
}

static void
set_write_error (SalveSafeOutputStream  *self,
                 int                     errsv,
                 GError                **error)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               _("Could not write “%s”: %s"), self->path, salve_safe_file_describe_errno (errsv));
}

/* Closes and removes the temporary file unless it was committed. */
static void
discard (SalveSafeOutputStream *self)
{
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
  if (!self->committed && self->temp_path != NULL)
    g_unlink (self->temp_path);
  pending_remove (&self->pending);
  g_clear_pointer (&self->temp_path, g_free);
}

static void
remember_failure (SalveSafeOutputStream *self,
                  const GError          *error)
{
  if (self->failure == NULL && error != NULL)
    self->failure = g_error_copy (error);
}

static gssize
salve_safe_output_stream_write (GOutputStream  *stream,
                                const void     *buffer,
                                gsize           count,
                                GCancellable   *cancellable,
                                GError        **error)
{
  SalveSafeOutputStream *self = SALVE_SAFE_OUTPUT_STREAM (stream);
  g_autoptr(GError) local_error = NULL;
  gssize n;

  if (self->failure != NULL)
    {
      g_propagate_error (error, g_error_copy (self->failure));
      return -1;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    {
      remember_failure (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }

  do
    n = write (self->fd, buffer, MIN (count, G_MAXSSIZE));
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      set_write_error (self, errno, &local_error);
      remember_failure (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }

  return n;
}

static gboolean
salve_safe_output_stream_close (GOutputStream  *stream,
                                GCancellable   *cancellable,
                                GError        **error)
{
  discard (SALVE_SAFE_OUTPUT_STREAM (stream));
  return TRUE;
}

static void
salve_safe_output_stream_finalize (GObject *object)
{
  SalveSafeOutputStream *self = SALVE_SAFE_OUTPUT_STREAM (object);

  discard (self);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->base, g_free);
  g_clear_error (&self->failure);

  G_OBJECT_CLASS (salve_safe_output_stream_parent_class)->finalize (object);
}

static void
salve_safe_output_stream_class_init (SalveSafeOutputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  object_class->finalize = salve_safe_output_stream_finalize;
  stream_class->write_fn = salve_safe_output_stream_write;
  stream_class->close_fn = salve_safe_output_stream_close;
}

static void
salve_safe_output_stream_init (SalveSafeOutputStream *self)
{
  self->fd = -1;
  self->pending = -1;
}

/* Gives the temporary file a name ".NAME.XXXXXX" beside the target: a
 * new file, or, with @link_fd, the unnamed file open there. The name is
 * known to the signal handler before the file has it: a Ctrl+C just
 * after it was made still finds it. Returns 0 or the errno. */
static int
name_temp_file (SalveSafeOutputStream *self,
                int                    link_fd)
{
  int errsv = EEXIST;

  for (guint tries = 0; errsv == EEXIST && tries < 100; tries++)
    {
      static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
      g_autofree char *stem = NULL;
      char suffix[7];
      int rc;

      for (guint i = 0; i < 6; i++)
        suffix[i] = letters[g_random_int_range (0, sizeof letters - 1)];
      suffix[6] = '\0';
      stem = g_strdup_printf (".%s.%s", self->base, suffix);
      g_free (self->temp_path);
      self->temp_path = g_build_filename (self->dir, stem, NULL);
      self->pending = pending_add (self->temp_path);

      if (link_fd >= 0)
        {
          char proc_path[64];

          g_snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", link_fd);
          rc = linkat (AT_FDCWD, proc_path, AT_FDCWD, self->temp_path, AT_SYMLINK_FOLLOW);
        }
      else
        {
          /* The mode is 0600 before a byte is written: nobody else can
           * open it in between, and rename() keeps it. */
          do
            self->fd = rc = open (self->temp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
          while (rc < 0 && errno == EINTR);
        }
      errsv = rc < 0 ? errno : 0;
      if (errsv != 0)
        pending_remove (&self->pending);
    }

  if (errsv != 0)
    g_clear_pointer (&self->temp_path, g_free);
  return errsv;
}

GOutputStream *
salve_safe_output_stream_new (GFile   *file,
                              GError **error)
{
  g_autoptr(SalveSafeOutputStream) self = NULL;
  int errsv;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (SALVE_TYPE_SAFE_OUTPUT_STREAM, NULL);
  self->path = g_file_get_path (file);
  if (self->path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Could not write “%s”: Salve writes only to files on this computer"), name);
      return NULL;
    }

  self->dir = g_path_get_dirname (self->path);
  self->base = g_path_get_basename (self->path);
  if (strlen (self->base) > MAX_TEMP_STEM)
    self->base[MAX_TEMP_STEM] = '\0';

#ifdef O_TMPFILE
  /* A file without a name until its commit: whatever ends the program
   * meanwhile, a kill -9 or a power cut too, no hidden partial copy of
   * health data stays behind. It is named through /proc at the commit;
   * a file system without such files (or no /proc) gets a named one, as
   * the tests ask with SALVE_TEST_NAMED_FILES. */
  if (g_file_test ("/proc/self/fd", G_FILE_TEST_IS_DIR) && g_getenv ("SALVE_TEST_NAMED_FILES") == NULL)
    {
      do
        self->fd = open (self->dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
      while (self->fd < 0 && errno == EINTR);
      if (self->fd >= 0)
        return G_OUTPUT_STREAM (g_steal_pointer (&self));
    }
#endif

  errsv = name_temp_file (self, -1);
  if (errsv != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not write “%s”: %s"), self->path, salve_safe_file_describe_errno (errsv));
      return NULL;
    }

  return G_OUTPUT_STREAM (g_steal_pointer (&self));
}

/* So that the rename itself survives a power cut. Only a hint: a folder
 * that cannot be synced has still received the file. */
static void
sync_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

static gboolean
commit (SalveSafeOutputStream  *self,
        GCancellable           *cancellable,
        GError                **error)
{
  int errsv;

  if (self->failure != NULL)
    {
      g_propagate_error (error, g_error_copy (self->failure));
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* Some file systems (NFS, quotas) report a full disk only here. */
  errsv = fsync (self->fd) != 0 ? errno : 0;
  /* The whole file, synced, gets its name only now. */
  if (errsv == 0 && self->temp_path == NULL)
    errsv = name_temp_file (self, self->fd);
  if (close (self->fd) != 0 && errsv == 0)
    errsv = errno;
  self->fd = -1;
  if (errsv != 0)
    {
      set_write_error (self, errsv, error);
      return FALSE;
    }

  /* Renamed, it is no temporary file to remove any more. */
  pending_remove (&self->pending);
  if (g_rename (self->temp_path, self->path) != 0)
    {
      errsv = errno;
      g_unlink (self->temp_path);
      set_write_error (self, errsv, error);
      return FALSE;
    }

  self->committed = TRUE;
  sync_folder (self->path);
  return TRUE;
}

gboolean
salve_safe_output_stream_commit (SalveSafeOutputStream  *self,
                                 GCancellable           *cancellable,
                                 GError                **error)
{
  GOutputStream *stream = G_OUTPUT_STREAM (self);
  gboolean ok;

  g_return_val_if_fail (SALVE_IS_SAFE_OUTPUT_STREAM (self), FALSE);

  if (!g_output_stream_set_pending (stream, error))
    return FALSE;
  ok = commit (self, cancellable, error);
  g_output_stream_clear_pending (stream);

  /* Committed or not, the stream is done; a failed commit removes the
   * temporary file here. */
  g_output_stream_close (stream, NULL, NULL);

  return ok;
}
