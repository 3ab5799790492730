/* salve-db.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-db"

#define _GNU_SOURCE  /* F_OFD_SETLK */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "salve-body-region.h"
#include "salve-db.h"
#include "salve-migrations.h"
#include "salve-safe-output-stream.h"
#include "salve-profile.h"
#include "salve-session-repo.h"

#define SQLITE_HEADER "SQLite format 3"


struct _SalveDb
{
  GObject  parent_instance;
  sqlite3 *handle;
  char    *path;
  guint    busy_timeout_ms;
  /* The file started with SQLite's signature when it was opened. */
  guint    has_sqlite_header : 1;
  /* Holds byte 0 of PATH.running: shared while open, exclusive as the
   * sole writer (see take_presence()). */
  guint    present : 1;
  /* PATH.running: one locked byte per session this connection runs;
   * -1 until first used, -2 when it cannot be had. */
  int      running_fd;
  /* The schema was made or changed on opening, or pages were written
   * that SQLite counts as no row changes (_salve_db_note_written()). */
  guint    wrote : 1;
  /* Rows changed on the rollback journal (_salve_db_begin_sole_writer()),
   * already in the file when the log came back: no checkpoint needs them. */
  int      changes_in_file;
  /* The database file, read-only, while this connection writes alone: to
   * have the kernel start writing out what a large transaction has
   * written so far (_salve_db_write_back()); -1 otherwise. */
  int      file_fd;
  /* The people this connection claimed for a session
   * (_salve_db_claim_person()): profile ids, as GINT64 keys. */
  GHashTable *persons;
  /* The file SQLite opened, as the path led to it then (file_known). */
  dev_t    file_dev;
  ino_t    file_ino;
  guint    file_known : 1;
  /* The last commit was refused: the path no longer leads to that file. */
  guint    replaced : 1;
};

/* The connections of this process that are open, for
 * check_not_held_elsewhere(). */
G_LOCK_DEFINE_STATIC (open_dbs);
static GList *open_dbs;

/* Sessions a program that died had left running, closed by the
 * connections of this process when they opened the database, not yet
 * told (salve_db_take_n_closed_sessions()). */
static guint n_closed_sessions;

struct _SalveStmt
{
  SalveDb      *db;
  sqlite3_stmt *stmt;
};

G_DEFINE_TYPE (SalveDb, salve_db, G_TYPE_OBJECT)
G_DEFINE_QUARK (salve-db-error-quark, salve_db_error)

static SalveDbError
error_code_for (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
      return SALVE_DB_ERROR_NOT_A_DATABASE;
    case SQLITE_CORRUPT:
      return SALVE_DB_ERROR_CORRUPT;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return SALVE_DB_ERROR_NOT_WRITABLE;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return SALVE_DB_ERROR_BUSY;
    case SQLITE_CONSTRAINT:
      return SALVE_DB_ERROR_CONSTRAINT;
    default:
      return SALVE_DB_ERROR_FAILED;
    }
}

/* SQLite says SQLITE_FULL for a write that found the disk full, but a
 * disk already full when it grows its WAL index or journal fails as a
 * plain "disk I/O error"; errno tells them apart. */
static gboolean
is_disk_full (int rc,
              int sys_errno)
{
  if ((rc & 0xff) == SQLITE_FULL)
    return TRUE;

  return (rc & 0xff) == SQLITE_IOERR &&
         (sys_errno == ENOSPC
#ifdef EDQUOT
          || sys_errno == EDQUOT
#endif
         );
}

gboolean
_salve_db_handle_is_disk_full (gpointer handle,
                               int      rc)
{
  return is_disk_full (rc, handle != NULL ? sqlite3_system_errno (handle) : 0);
}

/* Whether the path of @self still leads to the file its connection
 * opened. Only a path that leads nowhere or to another file says no: a
 * stat() that fails otherwise (a folder made unreadable) proves nothing,
 * and SQLite says what goes wrong then. */
static gboolean
still_at_path (SalveDb *self)
{
  GStatBuf st;

  if (!self->file_known)
    return TRUE;
  if (g_stat (self->path, &st) != 0)
    return errno != ENOENT && errno != ENOTDIR;

  return st.st_dev == self->file_dev && st.st_ino == self->file_ino;
}

/* Said of a write refused (@change), or of a connection refused. */
static void
set_replaced_error (GError     **error,
                    const char  *path,
                    gboolean     change)
{
  if (change)
    g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_REPLACED,
                 _("The change was not saved: the database file “%s” was moved, deleted or replaced while Salve "
                   "had it open. Put the file back, or quit Salve and start it again to use the file that is "
                   "there now."), path);
  else
    g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_REPLACED,
                 _("The database file “%s” was moved, deleted or replaced while Salve had it open. Put the file "
                   "back, or quit Salve and start it again to use the file that is there now."), path);
}

/* Before a transaction that writes: the commit would refuse it anyway
 * (refuse_commit_elsewhere()), but only after all its work. */
static gboolean
check_still_at_path (SalveDb  *self,
                     GError  **error)
{
  if (still_at_path (self))
    return TRUE;

  set_replaced_error (error, self->path, TRUE);
  return FALSE;
}

/* SQLite's commit hook, at every commit of the connection, before a page
 * of it is written: SQLite keeps writing to the file it opened after it
 * was deleted, or after another one was renamed over it, and all of that
 * would go when the connection closes. Non-zero turns the commit into a
 * rollback, which fails with SQLITE_CONSTRAINT_COMMITHOOK. */
static int
refuse_commit_elsewhere (void *user_data)
{
  SalveDb *self = user_data;

  self->replaced = !still_at_path (self);
  return self->replaced;
}

static void
set_sqlite_error (GError    **error,
                  SalveDb    *self,
                  int         rc)
{
  SalveDbError code = error_code_for (rc);
  const char *detail = self && self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc);
  const char *path = self ? self->path : "";
  int sys_errno = self && self->handle ? sqlite3_system_errno (self->handle) : 0;
  g_autofree char *io_detail = NULL;

  if (is_disk_full (rc, sys_errno))
    code = SALVE_DB_ERROR_DISK_FULL;
  else if ((rc & 0xff) == SQLITE_IOERR && sys_errno != 0)
    detail = io_detail = g_strdup_printf ("%s: %s", detail, salve_safe_file_describe_errno (sys_errno));

  /* SQLite says "not a database" for a damaged header too; a file that
   * carries its signature was a database once. */
  if (code == SALVE_DB_ERROR_NOT_A_DATABASE && self != NULL && self->has_sqlite_header)
    code = SALVE_DB_ERROR_CORRUPT;

  /* On its rollback journal (_salve_db_begin_sole_writer()) SQLite itself
   * refuses to write to a file that was moved. */
  if (rc == SQLITE_READONLY_DBMOVED || (rc == SQLITE_CONSTRAINT_COMMITHOOK && self != NULL && self->replaced))
    code = SALVE_DB_ERROR_REPLACED;

  switch (code)
    {
    case SALVE_DB_ERROR_NOT_A_DATABASE:
      g_set_error (error, SALVE_DB_ERROR, code,
                   _("“%s” is not a Salve database. It was left untouched."), path);
      break;

    case SALVE_DB_ERROR_CORRUPT:
      g_set_error (error, SALVE_DB_ERROR, code,
                   _("The database “%s” is damaged (%s). It was left untouched; restore a backup copy."),
                   path, detail);
      break;

    case SALVE_DB_ERROR_NOT_WRITABLE:
      g_set_error (error, SALVE_DB_ERROR, code,
                   _("The database “%s” cannot be written (%s)."), path, detail);
      break;

    case SALVE_DB_ERROR_BUSY:
      g_set_error (error, SALVE_DB_ERROR, code,
                   _("The database “%s” is in use by another program. Try again in a moment."), path);
      break;

    case SALVE_DB_ERROR_CONSTRAINT:
      /* A row that belongs to one another program deleted meanwhile (a
       * person deleted with salvectl while the window showed them). */
      if ((self && self->handle ? sqlite3_extended_errcode (self->handle) : rc) == SQLITE_CONSTRAINT_FOREIGNKEY)
        g_set_error_literal (error, SALVE_DB_ERROR, code,
                             _("The change was not saved: what it belongs to (a person, a session or a device) "
                               "is no longer in the database. Another program may have deleted it."));
      else
        g_set_error (error, SALVE_DB_ERROR, code,
                     _("The change was refused by the database (%s)."), detail);
      break;

    case SALVE_DB_ERROR_DISK_FULL:
      g_set_error (error, SALVE_DB_ERROR, code,
                   _("The disk is full: the database “%s” could not be written. Free some space and try again."),
                   path);
      break;

    case SALVE_DB_ERROR_REPLACED:
      set_replaced_error (error, path, TRUE);
      break;

    case SALVE_DB_ERROR_FAILED:
    case SALVE_DB_ERROR_TOO_NEW:
    case SALVE_DB_ERROR_NOT_FOUND:
    case SALVE_DB_ERROR_EXISTS:
    default:
      g_set_error (error, SALVE_DB_ERROR, code,
                   _("Database error: %s"), detail);
      break;
    }
}

void
_salve_db_set_error (SalveDb  *self,
                     int       rc,
                     GError  **error)
{
  g_return_if_fail (SALVE_IS_DB (self));
  set_sqlite_error (error, self, rc);
}

gboolean
_salve_db_fill_keys (SalveDb            *self,
                     const char         *select_sql,
                     gint64              profile_id,
                     SalveDbRowKeyFunc   func,
                     gpointer            user_data,
                     const char         *update_sql,
                     GError            **error)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(SalveStmt) select = NULL;
  g_autoptr(SalveStmt) update = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  select = salve_db_prepare (self, select_sql, error);
  if (select == NULL || !salve_stmt_bind_int64 (select, 1, profile_id, error))
    return FALSE;
  while (salve_stmt_step (select, &local_error))
    {
      gint64 pair[2] = { salve_stmt_get_int64 (select, 0), func (select, user_data) };

      g_array_append_vals (pairs, pair, 2);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (pairs->len == 0)
    return TRUE;

  update = salve_db_prepare (self, update_sql, error);
  if (update == NULL)
    return FALSE;
  for (guint i = 0; i < pairs->len; i += 2)
    {
      if (!salve_stmt_bind_int64 (update, 1, g_array_index (pairs, gint64, i + 1), error) ||
          !salve_stmt_bind_int64 (update, 2, g_array_index (pairs, gint64, i), error) ||
          !salve_stmt_run (update, error))
        return FALSE;
      salve_stmt_reset (update);
    }

  return TRUE;
}

static void
set_persist_wal (SalveDb  *self,
                 gboolean  persist)
{
  int value = persist ? 1 : 0;

  sqlite3_file_control (self->handle, "main", SQLITE_FCNTL_PERSIST_WAL, &value);
}

static void
salve_db_finalize (GObject *object)
{
  SalveDb *self = (SalveDb *)object;

  G_LOCK (open_dbs);
  open_dbs = g_list_remove (open_dbs, self);
  G_UNLOCK (open_dbs);

  if (self->handle != NULL)
    {
      /* A connection that wrote leaves the WAL empty if nobody is in the
       * middle of a transaction, through the locks every connection
       * honours: with the WAL kept (SQLITE_FCNTL_PERSIST_WAL) its pages
       * would otherwise stay there, read in place of the file's own, and
       * the file take up room for the largest write ever made. Never
       * waited for: another connection's transaction just leaves it. */
      if (self->wrote || sqlite3_total_changes (self->handle) > self->changes_in_file)
        {
          sqlite3_busy_timeout (self->handle, 0);
          sqlite3_wal_checkpoint_v2 (self->handle, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
        }

      /* A statement left open would keep the close from finishing;
       * sqlite3_close_v2 defers until they are finalized. */
      sqlite3_close_v2 (self->handle);
      self->handle = NULL;
    }

  /* Closing it lets go of every session lock this connection held. */
  if (self->running_fd >= 0)
    close (self->running_fd);
  if (self->file_fd >= 0)
    close (self->file_fd);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->persons, g_hash_table_unref);

  G_OBJECT_CLASS (salve_db_parent_class)->finalize (object);
}

static void
salve_db_class_init (SalveDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = salve_db_finalize;
}

static void
salve_db_init (SalveDb *self)
{
  self->running_fd = -1;
  self->file_fd = -1;
}

char *
salve_db_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "salve", "salve.db", NULL);
}

char *
salve_db_resolve_path (const char *cli_path)
{
  const char *env;

  if (cli_path != NULL && *cli_path != '\0')
    return g_strdup (cli_path);

  env = g_getenv ("SALVE_DB");
  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return salve_db_get_default_path ();
}

static gboolean
ensure_folder (const char  *path,
               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    return TRUE;

  if (g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_WRITABLE,
                   _("Cannot store the database in “%s”: it is not a folder."), dir);
      return FALSE;
    }

  /* Health data: only the owner may look inside. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_WRITABLE,
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (errsv));
      return FALSE;
    }

  return TRUE;
}

/* The first @n bytes of the file at @path (zeros past its end), read
 * through SQLite's own file layer, never a file descriptor of our own:
 * closing one would drop every POSIX lock this process's connections hold
 * on the file (such locks belong to the process, not to the descriptor),
 * and another program could then take the database for unused and remove
 * its WAL under us. SQLite keeps such a descriptor open until its locks
 * are gone. */
static gboolean
read_header (const char *path,
             char       *buf,
             int         n)
{
  sqlite3_vfs *vfs = sqlite3_vfs_find (NULL);
  sqlite3_filename name = sqlite3_create_filename (path, "", "", 0, NULL);
  sqlite3_file *file = g_malloc0 (vfs->szOsFile);
  int out_flags = 0;
  int rc;

  rc = vfs->xOpen (vfs, name, file, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, &out_flags);
  if (rc == SQLITE_OK)
    {
      rc = file->pMethods->xRead (file, buf, n, 0);
      file->pMethods->xClose (file);
    }
  g_free (file);
  sqlite3_free_filename (name);

  return rc == SQLITE_OK || rc == SQLITE_IOERR_SHORT_READ;
}

/* Looks at the first bytes ourselves, so that a file of another kind is
 * refused before SQLite could write a journal or a WAL beside it. */
static gboolean
check_existing_file (const char  *path,
                     gboolean    *is_empty,
                     GError     **error)
{
  char header[16] = { 0 };
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int errsv = errno;
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_FAILED,
                   _("Cannot read “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Salve database. It was left untouched."), path);
      return FALSE;
    }

  *is_empty = st.st_size == 0;
  if (*is_empty)
    return TRUE;

  if (access (path, R_OK) != 0 || !read_header (path, header, sizeof header))
    {
      int errsv = errno;
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_WRITABLE,
                   _("Cannot read “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }

  if (memcmp (header, SQLITE_HEADER, sizeof SQLITE_HEADER) != 0)
    {
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Salve database. It was left untouched."), path);
      return FALSE;
    }

  if (access (path, W_OK) != 0)
    {
      int errsv = errno;
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_WRITABLE,
                   _("The database “%s” cannot be written: %s"), path, g_strerror (errsv));
      return FALSE;
    }

  return TRUE;
}

static gboolean
create_file (const char  *path,
             GError     **error)
{
  int fd = g_open (path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_WRITABLE,
                   _("Cannot create the database “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/* salve_fold_name(text): salve_profile_name_fold() for the migration
 * that gives every profile its comparison key. */
static void
fold_name_func (sqlite3_context  *context,
                int               argc,
                sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (text == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, salve_profile_name_fold (text), -1, g_free);
}

/* salve_region_code(text): salve_body_region_to_code(), so that a query
 * can choose the entries of one region the way the diary groups them
 * (known ids, no region, or any other text as "other"). */
static void
region_code_func (sqlite3_context  *context,
                  int               argc,
                  sqlite3_value   **argv)
{
  sqlite3_result_int (context, salve_body_region_to_code ((const char *) sqlite3_value_text (argv[0])));
}

/* What would otherwise fail later with a misleading reason, or after a
 * folder was made for nothing. */
static gboolean
check_path (const char  *path,
            GError     **error)
{
  GStatBuf st;

  if (*path == '\0')
    {
      g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_FAILED,
                           _("The database path is empty."));
      return FALSE;
    }

  if (g_str_has_suffix (path, G_DIR_SEPARATOR_S) || g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_A_DATABASE,
                   _("“%s” is a folder: give the path of the database file, e.g. %s%ssalve.db."),
                   path, path, g_str_has_suffix (path, G_DIR_SEPARATOR_S) ? "" : G_DIR_SEPARATOR_S);
      return FALSE;
    }

  /* A link to nowhere: creating the file would fail with "File exists". */
  if (g_lstat (path, &st) == 0 && S_ISLNK (st.st_mode) && g_stat (path, &st) != 0)
    {
      int errsv = errno;
      g_autofree char *target = g_file_read_link (path, NULL);

      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_WRITABLE,
                   _("“%s” is a link to “%s”, which cannot be opened (%s). It was left untouched."),
                   path, target ? target : "?", g_strerror (errsv));
      return FALSE;
    }

  return TRUE;
}

static int running_fd (SalveDb *self);

/* Byte 0 of PATH.running (the session locks use the bytes after it):
 * every connection holds it shared while it is open, and a connection
 * that writes alone (_salve_db_begin_sole_writer()) holds it exclusively.
 * Open file description locks: unlike SQLite's POSIX locks, no close of
 * another descriptor of the file in the process lets them go, so the app
 * stays counted after the file chooser looked inside its files. */
static gboolean
presence_lock (SalveDb *self,
               short    type)
{
  struct flock lock = { .l_type = type, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
  int fd = running_fd (self);

  return fd >= 0 && fcntl (fd, F_OFD_SETLK, &lock) == 0;
}

/* Takes the shared presence lock; while a sole writer holds it, waits
 * as long as the busy timeout (not at all without @wait) and then fails
 * as busy. Best effort where there is no lock to be had at all (a
 * folder that takes no new file): the connection is not counted, and a
 * sole writer needs its own presence, so nobody writes alone then. */
static gboolean
take_presence (SalveDb  *self,
               gboolean  wait,
               GError  **error)
{
  gint64 deadline = g_get_monotonic_time () + (wait ? (gint64) self->busy_timeout_ms * 1000 : 0);

  while (!presence_lock (self, F_RDLCK))
    {
      if (running_fd (self) < 0 || (errno != EAGAIN && errno != EACCES))
        return TRUE;
      if (g_get_monotonic_time () >= deadline)
        {
          set_sqlite_error (error, self, SQLITE_BUSY);
          return FALSE;
        }
      g_usleep (20 * 1000);
    }

  self->present = TRUE;
  return TRUE;
}

/* The write-ahead log, as every connection uses it. A database a sole
 * writer left on its rollback journal because the disk filled as it
 * switched back (_salve_db_end_sole_writer()) is read as it is: the log
 * comes back at an opening with room for it. */
static gboolean
set_wal (SalveDb  *self,
         GError  **error)
{
  g_autoptr(GError) wal_error = NULL;

  if (salve_db_exec (self, "PRAGMA journal_mode=WAL", &wal_error))
    return TRUE;
  if (!g_error_matches (wal_error, SALVE_DB_ERROR, SALVE_DB_ERROR_DISK_FULL))
    {
      g_propagate_error (error, g_steal_pointer (&wal_error));
      return FALSE;
    }

  g_debug ("%s stays on its rollback journal for now: %s", self->path, wal_error->message);
  return TRUE;
}

/* The files SQLite keeps beside a database. */
static const char * const side_files[] = { "-wal", "-shm", "-journal" };

static SalveDb *
open_internal (const char  *path,
               gboolean     migrate,
               gboolean     wait,
               GError     **error)
{
  g_autoptr(SalveDb) self = NULL;
  gboolean is_empty = TRUE;
  GStatBuf st;
  int version;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!check_path (path, error) || !ensure_folder (path, error))
    return NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!check_existing_file (path, &is_empty, error))
        return NULL;
    }
  else if (!create_file (path, error))
    return NULL;

  self = g_object_new (SALVE_TYPE_DB, NULL);
  self->path = g_strdup (path);
  self->has_sqlite_header = !is_empty;

  rc = sqlite3_open_v2 (path, &self->handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self, rc);
      return NULL;
    }

  /* SQLite has the file open now: the one every commit must still find
   * at the path. */
  if (g_stat (path, &st) == 0)
    {
      self->file_dev = st.st_dev;
      self->file_ino = st.st_ino;
      self->file_known = TRUE;
    }
  sqlite3_commit_hook (self->handle, refuse_commit_elsewhere, self);

  sqlite3_extended_result_codes (self->handle, 1);
  /* Without waiting, a database another program holds so that it cannot
   * even be read is refused at once: only a writer on a rollback journal
   * does that (salvectl's import alone on it, see
   * _salve_db_begin_sole_writer()); on the write-ahead log reading never
   * waits for a writer. */
  salve_db_set_busy_timeout (self, wait ? SALVE_DB_BUSY_TIMEOUT_MS : 0);

  /* The connection that closes last keeps the WAL and its index (after
   * a checkpoint, as ever) instead of removing them. A program can take
   * itself for the last one while another still has the database open:
   * POSIX locks belong to a process, and any close of a descriptor of the
   * file in that process lets all of them go, as when the GTK file
   * chooser looks inside every file of the folder it shows to tell their
   * type. Removed, the WAL the other program still writes to would be
   * gone with its writes. */
  set_persist_wal (self, TRUE);
  sqlite3_create_function (self->handle, "salve_fold_name", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                           NULL, fold_name_func, NULL, NULL);
  sqlite3_create_function (self->handle, "salve_region_code", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                           NULL, region_code_func, NULL, NULL);

  /* Reading the schema catches a damaged first page before anything is
   * written: a damaged file must stay exactly as it was. */
  if (!salve_db_exec (self, "SELECT count(*) FROM sqlite_master", error))
    return NULL;

  version = salve_db_get_user_version (self, error);
  if (version < 0)
    {
      /* No Salve ever writes a negative version: another program set it. */
      if (error != NULL && *error == NULL)
        g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_A_DATABASE,
                     _("“%s” is not a Salve database. It was left untouched."), path);
      return NULL;
    }

  if (version > salve_migrations_get_latest ())
    {
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_TOO_NEW,
                   _("The database “%s” was written by a newer version of Salve (schema %d, this version knows up to %d). "
                     "It was left untouched; please update Salve."),
                   path, version, salve_migrations_get_latest ());
      return NULL;
    }

  if (!set_wal (self, error) ||
      !salve_db_exec (self, "PRAGMA synchronous=FULL", error) ||
      !salve_db_exec (self, "PRAGMA foreign_keys=ON", error))
    return NULL;
  salve_db_set_busy_timeout (self, SALVE_DB_BUSY_TIMEOUT_MS);
  if (!take_presence (self, wait, error))
    return NULL;

  if (migrate && version < salve_migrations_get_latest ())
    self->wrote = TRUE;
  if (migrate && !salve_migrations_run (self, salve_migrations_get_latest (), error))
    return NULL;

  /* A session left running by a Salve or salvectl that died (killed,
   * crashed, power cut) ends as interrupted now, whichever program opens
   * the database next; one still running elsewhere holds its lock and is
   * left alone. */
  if (migrate)
    {
      g_autoptr(GError) sweep_error = NULL;

      int closed = salve_session_repo_close_abandoned (self, 0, &sweep_error);

      if (closed < 0)
        g_warning ("Could not close abandoned sessions: %s", sweep_error->message);
      else if (closed > 0)
        g_atomic_int_add (&n_closed_sessions, closed);
    }

  /* Whoever made the file, only its owner may read health data: in its
   * log and its index too, which SQLite made with the file's mode of
   * then, and keeps (SQLITE_FCNTL_PERSIST_WAL). */
  g_chmod (path, 0600);
  for (guint i = 0; i < G_N_ELEMENTS (side_files); i++)
    {
      g_autofree char *side = g_strconcat (path, side_files[i], NULL);

      g_chmod (side, 0600);
    }

  G_LOCK (open_dbs);
  open_dbs = g_list_prepend (open_dbs, self);
  G_UNLOCK (open_dbs);

  return g_steal_pointer (&self);
}

/* A connection of this process may still hold the file that was at @path
 * after it was moved, deleted or replaced (the window's, while a worker
 * opens its own). Another one would open what is there now beside it,
 * and both would use the log and its index beside the path: each would
 * read the other's pages as its own, and SQLite, finding no other
 * program on the index, would even cut it short under the first one. */
static gboolean
check_not_held_elsewhere (const char  *path,
                          GError     **error)
{
  gboolean held = FALSE;

  G_LOCK (open_dbs);
  for (GList *l = open_dbs; l != NULL && !held; l = l->next)
    {
      SalveDb *other = l->data;

      held = g_str_equal (other->path, path) && !still_at_path (other);
    }
  G_UNLOCK (open_dbs);

  if (held)
    set_replaced_error (error, path, FALSE);
  return !held;
}

guint
salve_db_take_n_closed_sessions (void)
{
  return (guint) g_atomic_int_exchange (&n_closed_sessions, 0);
}

SalveDb *
salve_db_open (const char  *path,
               GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (!check_not_held_elsewhere (path, error))
    return NULL;

  return open_internal (path, TRUE, TRUE, error);
}

SalveDb *
salve_db_open_without_waiting (const char  *path,
                               GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (!check_not_held_elsewhere (path, error))
    return NULL;

  return open_internal (path, TRUE, FALSE, error);
}

SalveDb *
salve_db_open_unmigrated (const char  *path,
                          GError     **error)
{
  return open_internal (path, FALSE, TRUE, error);
}

SalveDb *
salve_db_open_existing (const char  *path,
                        GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (!check_not_held_elsewhere (path, error))
    return NULL;

  /* Never made again: the file may have gone (a folder removed) while a
   * worker was on its way. */
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
                   _("The database “%s” is no longer there."), path);
      return NULL;
    }

  /* The first connection migrated it and closed what was abandoned. */
  return open_internal (path, FALSE, TRUE, error);
}

const char *
salve_db_get_path (SalveDb *self)
{
  g_return_val_if_fail (SALVE_IS_DB (self), NULL);
  return self->path;
}

int
salve_db_get_user_version (SalveDb  *self,
                           GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (self), -1);

  stmt = salve_db_prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL)
    return -1;

  if (!salve_stmt_step (stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_FAILED,
                             _("The database did not report its version."));
      return -1;
    }

  return (int) salve_stmt_get_int64 (stmt, 0);
}

gboolean
salve_db_exec (SalveDb     *self,
               const char  *sql,
               GError     **error)
{
  int rc;

  g_return_val_if_fail (SALVE_IS_DB (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self, rc);
      return FALSE;
    }

  return TRUE;
}

SalveStmt *
salve_db_prepare (SalveDb     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  SalveStmt *ret;
  int rc;

  g_return_val_if_fail (SALVE_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  rc = sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self, rc);
      return NULL;
    }

  ret = g_new0 (SalveStmt, 1);
  ret->db = g_object_ref (self);
  ret->stmt = stmt;

  return ret;
}

SalveStmt *
_salve_db_prepare_range (SalveDb     *self,
                         const char  *sql,
                         gint64       profile_id,
                         gint64       from_unix,
                         gint64       to_unix,
                         GError     **error)
{
  g_autoptr(SalveStmt) stmt = salve_db_prepare (self, sql, error);

  if (stmt == NULL ||
      !salve_stmt_bind_int64 (stmt, 1, profile_id, error) ||
      !salve_stmt_bind_int64 (stmt, 2, from_unix, error) ||
      !salve_stmt_bind_int64 (stmt, 3, to_unix, error))
    return NULL;

  return g_steal_pointer (&stmt);
}

gboolean
salve_db_begin (SalveDb  *self,
                GError  **error)
{
  g_return_val_if_fail (SALVE_IS_DB (self), FALSE);

  /* IMMEDIATE takes the write lock up front, so a transaction never fails
   * half-way because another connection wrote first. */
  return check_still_at_path (self, error) && salve_db_exec (self, "BEGIN IMMEDIATE", error);
}

/* A COMMIT that fails (SQLITE_BUSY, SQLITE_FULL, an I/O error) may leave
 * the transaction open: it is rolled back here, so the connection's next
 * change is never made inside it and lost with it. */
gboolean
salve_db_commit (SalveDb  *self,
                 GError  **error)
{
  if (salve_db_exec (self, "COMMIT", error))
    return TRUE;

  salve_db_rollback (self);
  return FALSE;
}

void
salve_db_rollback (SalveDb *self)
{
  g_return_if_fail (SALVE_IS_DB (self));

  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
salve_db_savepoint_begin (SalveDb     *self,
                          const char  *name,
                          gboolean    *outermost,
                          GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SAVEPOINT %s", name);

  g_return_val_if_fail (SALVE_IS_DB (self), FALSE);
  g_return_val_if_fail (outermost != NULL, FALSE);

  *outermost = sqlite3_get_autocommit (self->handle) != 0;
  if (*outermost && !check_still_at_path (self, error))
    return FALSE;

  return salve_db_exec (self, sql, error);
}

/* Releasing the outermost savepoint commits; when that fails the
 * savepoint stays, and with it the transaction. (SQLite may have rolled
 * it back already, and then has no savepoint to go back to.) */
static void
undo_savepoint (SalveDb    *self,
                const char *name,
                gboolean    outermost)
{
  g_autofree char *undo = g_strdup_printf ("ROLLBACK TO %s; RELEASE %s", name, name);

  sqlite3_exec (self->handle, undo, NULL, NULL, NULL);
  if (outermost)
    salve_db_rollback (self);
}

gboolean
salve_db_savepoint_end (SalveDb     *self,
                        const char  *name,
                        gboolean     outermost,
                        gboolean     ok,
                        GError     **error)
{
  g_autofree char *release = g_strdup_printf ("RELEASE %s", name);

  g_return_val_if_fail (SALVE_IS_DB (self), FALSE);

  if (ok && salve_db_exec (self, release, error))
    return TRUE;

  undo_savepoint (self, name, outermost);
  return FALSE;
}

gint64
salve_db_last_insert_id (SalveDb *self)
{
  g_return_val_if_fail (SALVE_IS_DB (self), 0);
  return sqlite3_last_insert_rowid (self->handle);
}

int
salve_db_changes (SalveDb *self)
{
  g_return_val_if_fail (SALVE_IS_DB (self), 0);
  return sqlite3_changes (self->handle);
}

void
salve_db_set_busy_timeout (SalveDb *self,
                           guint    timeout_ms)
{
  g_return_if_fail (SALVE_IS_DB (self));

  self->busy_timeout_ms = timeout_ms;
  sqlite3_busy_timeout (self->handle, (int) MIN (timeout_ms, G_MAXINT));
}

/* The journal mode @sql leaves, or NULL when it was refused. */
static char *
set_journal_mode (SalveDb    *self,
                  const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *mode = NULL;

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return mode;
}

gboolean
_salve_db_begin_sole_writer (SalveDb *self)
{
  g_autofree char *mode = NULL;

  g_return_val_if_fail (SALVE_IS_DB (self), FALSE);

  if (!sqlite3_get_autocommit (self->handle))
    return FALSE;

  /* Nobody else counted: no other Salve connection, in this process or
   * another, holds the presence lock. */
  if (!self->present || !presence_lock (self, F_WRLCK))
    return FALSE;

  /* Leaving the log needs every other connection gone, to SQLite too (a
   * program of another kind): with one open the pragma is refused at
   * once (no waiting) and the log stays. The log file goes too: one kept
   * (SQLITE_FCNTL_PERSIST_WAL, see salve_db_open()) would be taken up
   * again at the next transaction. */
  set_persist_wal (self, FALSE);
  sqlite3_busy_timeout (self->handle, 0);
  mode = set_journal_mode (self, "PRAGMA journal_mode=DELETE");
  sqlite3_busy_timeout (self->handle, (int) MIN (self->busy_timeout_ms, G_MAXINT));
  if (g_strcmp0 (mode, "delete") == 0)
    {
      /* The journal's removal at the commit synced too, so that a power
       * cut right after it cannot undo what was said to be stored. */
      salve_db_exec (self, "PRAGMA synchronous=EXTRA", NULL);
      self->file_fd = g_open (self->path, O_RDONLY | O_CLOEXEC, 0);
      return TRUE;
    }

  set_persist_wal (self, TRUE);
  presence_lock (self, F_RDLCK);
  return FALSE;
}

void
_salve_db_end_sole_writer (SalveDb *self)
{
  g_autofree char *mode = NULL;

  g_return_if_fail (SALVE_IS_DB (self));

  if (self->file_fd >= 0)
    close (self->file_fd);
  self->file_fd = -1;

  mode = set_journal_mode (self, "PRAGMA journal_mode=WAL");
  /* What was written alone is in the file: the log is empty, and closing
   * need not open it to say so. Only the changes after count. */
  if (g_strcmp0 (mode, "wal") == 0 && !self->wrote)
    self->changes_in_file = sqlite3_total_changes (self->handle);
  set_persist_wal (self, TRUE);
  salve_db_exec (self, "PRAGMA synchronous=FULL", NULL);
  presence_lock (self, F_RDLCK);
  if (g_strcmp0 (mode, "wal") != 0)
    g_debug ("The database stays on its rollback journal until it is opened again: %s",
             sqlite3_errmsg (self->handle));
}

void
_salve_db_write_back (SalveDb *self)
{
  g_return_if_fail (SALVE_IS_DB (self));

  /* Only starts the writing (no waiting, nothing promised): the commit's
   * own sync is what makes the transaction durable. */
  if (self->file_fd >= 0)
    sync_file_range (self->file_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}

gint64
salve_db_get_data_version (SalveDb *self)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  g_return_val_if_fail (SALVE_IS_DB (self), -1);

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

guint
salve_db_get_busy_timeout (SalveDb *self)
{
  g_return_val_if_fail (SALVE_IS_DB (self), 0);
  return self->busy_timeout_ms;
}

/* Session locks: open file description locks (F_OFD_*) on one byte per
 * session id of PATH.running. The kernel drops them when the process
 * ends, however it ends, and unlike POSIX record locks they are per open
 * file, so two connections in one process see each other's too. */
static int
running_fd (SalveDb *self)
{
  g_autofree char *path = NULL;

  if (self->running_fd != -1)
    return self->running_fd;

  path = g_strconcat (self->path, ".running", NULL);
  self->running_fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (self->running_fd < 0)
    {
      g_debug ("No session locks for %s: %s", self->path, g_strerror (errno));
      self->running_fd = -2;
    }

  return self->running_fd;
}

/* A lock of @len bytes of PATH.running from @start (@len 0: to its end
 * and beyond); for F_OFD_GETLK, whether another connection holds one
 * that conflicts. */
static gboolean
running_lock (SalveDb *self,
              off_t    start,
              off_t    len,
              short    type,
              int      command)
{
  struct flock lock = { 0 };
  int fd = running_fd (self);

  if (fd < 0)
    return FALSE;

  lock.l_type = type;
  lock.l_whence = SEEK_SET;
  lock.l_start = start;
  lock.l_len = len;

  if (fcntl (fd, command, &lock) != 0)
    return FALSE;

  return command != F_OFD_GETLK || lock.l_type != F_UNLCK;
}

/* The byte of @session_id, or with 0 every session's byte: any session. */
static gboolean
session_lock (SalveDb *self,
              gint64   session_id,
              short    type,
              int      command)
{
  if (session_id < 0)
    return FALSE;

  /* Byte 0 is the presence lock's (presence_lock()). */
  return running_lock (self, session_id > 0 ? (off_t) session_id : 1, session_id > 0 ? 1 : 0, type, command);
}

/* A person's byte: far above every session's (a session id would need
 * 2^40 sessions to reach it), so a claimed person counts as a session
 * held to _salve_db_any_session_held_elsewhere() too, which is what it
 * is about to be. */
#define PERSON_LOCK_BASE ((off_t) 1 << 40)

static gboolean
person_lock (SalveDb *self,
             gint64   profile_id,
             short    type,
             int      command)
{
  if (profile_id <= 0 || profile_id >= PERSON_LOCK_BASE)
    return FALSE;

  return running_lock (self, PERSON_LOCK_BASE + (off_t) profile_id, 1, type, command);
}

gboolean
_salve_db_claim_person (SalveDb *self,
                        gint64   profile_id)
{
  g_return_val_if_fail (SALVE_IS_DB (self), FALSE);
  g_return_val_if_fail (profile_id > 0, FALSE);

  if (self->persons != NULL && g_hash_table_contains (self->persons, &profile_id))
    return FALSE;
  /* Without the lock file there are no session locks either: nothing
   * to tell one program's sessions from another's, nothing refused. */
  if (running_fd (self) >= 0 && !person_lock (self, profile_id, F_WRLCK, F_OFD_SETLK))
    return FALSE;

  if (self->persons == NULL)
    self->persons = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_hash_table_add (self->persons, g_memdup2 (&profile_id, sizeof profile_id));
  return TRUE;
}

void
_salve_db_release_person (SalveDb *self,
                          gint64   profile_id)
{
  g_return_if_fail (SALVE_IS_DB (self));

  if (self->persons == NULL || !g_hash_table_remove (self->persons, &profile_id))
    return;
  person_lock (self, profile_id, F_UNLCK, F_OFD_SETLK);
}

gboolean
_salve_db_person_claimed (SalveDb *self,
                          gint64   profile_id)
{
  g_return_val_if_fail (SALVE_IS_DB (self), FALSE);

  return (self->persons != NULL && g_hash_table_contains (self->persons, &profile_id)) ||
         person_lock (self, profile_id, F_WRLCK, F_OFD_GETLK);
}

char *
_salve_db_pick_free_name (SalveDb              *self,
                          const char           *name,
                          glong                 max_chars,
                          SalveDbNameTakenFunc  is_taken,
                          GError              **error)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (SALVE_IS_DB (self), NULL);
  g_return_val_if_fail (name != NULL && is_taken != NULL, NULL);

  base = g_strstrip (g_strdup (name));
  for (guint n = 2; ; n++)
    {
      g_autofree char *suffix = g_strdup_printf (" (%u)", n);
      glong room = max_chars - g_utf8_strlen (suffix, -1);
      g_autofree char *cut = g_utf8_substring (base, 0, MIN (g_utf8_strlen (base, -1), room));
      g_autofree char *candidate = g_strconcat (cut, suffix, NULL);
      gboolean taken = FALSE;

      if (!is_taken (self, candidate, &taken, error))
        return NULL;
      if (!taken)
        return g_steal_pointer (&candidate);
    }
}

gboolean
_salve_db_hold_session (SalveDb *self,
                        gint64   session_id)
{
  g_return_val_if_fail (SALVE_IS_DB (self), FALSE);
  return session_id > 0 && session_lock (self, session_id, F_WRLCK, F_OFD_SETLK);
}

void
_salve_db_release_session (SalveDb *self,
                           gint64   session_id)
{
  g_return_if_fail (SALVE_IS_DB (self));
  if (session_id > 0)
    session_lock (self, session_id, F_UNLCK, F_OFD_SETLK);
}

gboolean
_salve_db_session_held_elsewhere (SalveDb *self,
                                  gint64   session_id)
{
  g_return_val_if_fail (SALVE_IS_DB (self), FALSE);
  return session_id > 0 && session_lock (self, session_id, F_WRLCK, F_OFD_GETLK);
}

gboolean
_salve_db_any_session_held_elsewhere (SalveDb *self)
{
  g_return_val_if_fail (SALVE_IS_DB (self), FALSE);
  return session_lock (self, 0, F_WRLCK, F_OFD_GETLK);
}

void
_salve_db_note_written (SalveDb *self)
{
  g_return_if_fail (SALVE_IS_DB (self));
  self->wrote = TRUE;
}

gpointer
_salve_db_get_handle (SalveDb *self)
{
  g_return_val_if_fail (SALVE_IS_DB (self), NULL);
  return self->handle;
}

static gboolean
check_bind (SalveStmt  *stmt,
            int         rc,
            GError    **error)
{
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, stmt->db, rc);
      return FALSE;
    }

  return TRUE;
}

gboolean
salve_stmt_bind_int64 (SalveStmt  *stmt,
                       int         param,
                       gint64      value,
                       GError    **error)
{
  g_return_val_if_fail (stmt != NULL, FALSE);
  return check_bind (stmt, sqlite3_bind_int64 (stmt->stmt, param, value), error);
}

gboolean
salve_stmt_bind_double (SalveStmt  *stmt,
                        int         param,
                        double      value,
                        GError    **error)
{
  g_return_val_if_fail (stmt != NULL, FALSE);
  return check_bind (stmt, sqlite3_bind_double (stmt->stmt, param, value), error);
}

gboolean
salve_stmt_bind_text (SalveStmt   *stmt,
                      int          param,
                      const char  *value,
                      GError     **error)
{
  g_return_val_if_fail (stmt != NULL, FALSE);

  if (value == NULL)
    return salve_stmt_bind_null (stmt, param, error);

  return check_bind (stmt, sqlite3_bind_text (stmt->stmt, param, value, -1, SQLITE_TRANSIENT), error);
}

gboolean
salve_stmt_bind_null (SalveStmt  *stmt,
                      int         param,
                      GError    **error)
{
  g_return_val_if_fail (stmt != NULL, FALSE);
  return check_bind (stmt, sqlite3_bind_null (stmt->stmt, param), error);
}

gboolean
salve_stmt_step (SalveStmt  *stmt,
                 GError    **error)
{
  int rc;

  g_return_val_if_fail (stmt != NULL, FALSE);

  rc = sqlite3_step (stmt->stmt);
  if (rc == SQLITE_ROW)
    return TRUE;

  if (rc != SQLITE_DONE)
    set_sqlite_error (error, stmt->db, rc);

  return FALSE;
}

gboolean
salve_stmt_run (SalveStmt  *stmt,
                GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (stmt != NULL, FALSE);

  while (salve_stmt_step (stmt, &local_error))
    ;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

void
salve_stmt_reset (SalveStmt *stmt)
{
  g_return_if_fail (stmt != NULL);

  sqlite3_reset (stmt->stmt);
  sqlite3_clear_bindings (stmt->stmt);
}

gint64
salve_stmt_get_int64 (SalveStmt *stmt,
                      int        column)
{
  g_return_val_if_fail (stmt != NULL, 0);
  return sqlite3_column_int64 (stmt->stmt, column);
}

double
salve_stmt_get_double (SalveStmt *stmt,
                       int        column)
{
  g_return_val_if_fail (stmt != NULL, 0.0);
  return sqlite3_column_double (stmt->stmt, column);
}

const char *
salve_stmt_get_text (SalveStmt *stmt,
                     int        column)
{
  const unsigned char *text;

  g_return_val_if_fail (stmt != NULL, "");

  text = sqlite3_column_text (stmt->stmt, column);
  return text ? (const char *) text : "";
}

gboolean
salve_stmt_get_is_null (SalveStmt *stmt,
                        int        column)
{
  g_return_val_if_fail (stmt != NULL, TRUE);
  return sqlite3_column_type (stmt->stmt, column) == SQLITE_NULL;
}

void
salve_stmt_free (SalveStmt *stmt)
{
  if (stmt == NULL)
    return;

  sqlite3_finalize (stmt->stmt);
  g_clear_object (&stmt->db);
  g_free (stmt);
}
