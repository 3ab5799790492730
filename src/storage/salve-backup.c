/* salve-backup.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-backup"

#include "config.h"

#include <stdio.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "salve-backup.h"
#include "salve-migrations.h"
#include "salve-profile-repo.h"
#include "salve-safe-output-stream.h"

G_DEFINE_QUARK (salve-backup-error-quark, salve_backup_error)

#define BACKUP_FOLDER "backups"

static gboolean
ensure_folder (const char  *folder,
               GError     **error)
{
  if (g_file_test (folder, G_FILE_TEST_IS_DIR))
    return TRUE;

  /* Health data: only the owner may look inside. */
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_FAILED,
                   _("Cannot create the folder “%s”: %s"), folder, salve_safe_file_describe_errno (errsv));
      return FALSE;
    }

  return TRUE;
}

static void
remove_with_journal (const char *path)
{
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_unlink (journal);
  g_unlink (path);
}

static gboolean
fsync_path (const char *path,
            int         flags)
{
  int fd = g_open (path, flags | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/* Runs PRAGMA integrity_check on @handle; the first problem becomes the
 * error. */
static gboolean
check_integrity (sqlite3     *handle,
                 const char  *path,
                 GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *problem = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (handle, "PRAGMA integrity_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, 0);

          if (g_strcmp0 (text, "ok") != 0)
            problem = g_strdup (text ? text : "?");
          rc = SQLITE_OK;
        }
    }
  if (rc != SQLITE_OK && problem == NULL)
    problem = g_strdup (sqlite3_errmsg (handle));
  sqlite3_finalize (stmt);

  if (problem != NULL)
    {
      g_set_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_DAMAGED,
                   _("“%s” failed its check (%s)."), path, problem);
      return FALSE;
    }

  return TRUE;
}

static int
get_int (sqlite3    *handle,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

gboolean
salve_backup_count (const char *path,
                    int        *n_patients,
                    int        *n_entries)
{
  g_autofree char *uri = NULL;
  sqlite3 *handle = NULL;
  gboolean ok;

  g_return_val_if_fail (path != NULL && n_patients != NULL && n_entries != NULL, FALSE);

  /* immutable: no -wal or -shm made beside a copy only looked at. */
  uri = g_strdup_printf ("file:%s?immutable=1", path);
  ok = sqlite3_open_v2 (uri, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK;
  *n_patients = ok ? get_int (handle, "SELECT count(*) FROM profiles") : -1;
  *n_entries = ok ? get_int (handle, "SELECT count(*) FROM diary_entries") : -1;
  sqlite3_close (handle);

  return *n_patients >= 0 && *n_entries >= 0;
}

/* Copies every page of @src into @dest, waiting out short locks. */
static int
copy_pages (sqlite3 *dest,
            sqlite3 *src)
{
  sqlite3_backup *backup = sqlite3_backup_init (dest, "main", src, "main");
  gint64 busy_since = -1;
  int rc;

  if (backup == NULL)
    return sqlite3_errcode (dest);

  /* Another program's lock is waited for as long as any write of Salve
   * waits for one, not for ever: then the copy gives up (and the
   * destination keeps what it had). */
  do
    {
      rc = sqlite3_backup_step (backup, 256);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        {
          gint64 now = g_get_monotonic_time ();

          if (busy_since < 0)
            busy_since = now;
          else if (now - busy_since > (gint64) SALVE_DB_BUSY_TIMEOUT_MS * 1000)
            break;
          sqlite3_sleep (20);
        }
      else
        {
          busy_since = -1;
        }
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);

  sqlite3_backup_finish (backup);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

char *
salve_backup_get_folder (const char *db_path)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  dir = g_path_get_dirname (db_path);
  return g_build_filename (dir, BACKUP_FOLDER, NULL);
}

char *
salve_backup_get_daily_path (const char *db_path,
                             GDateTime  *when)
{
  g_autofree char *folder = salve_backup_get_folder (db_path);
  g_autoptr(GDateTime) local = g_date_time_to_local (when);
  g_autofree char *name = g_date_time_format (local, "salve-%Y-%m-%d.db");

  return g_build_filename (folder, name, NULL);
}

static gboolean
write_from_handle (sqlite3     *src,
                   const char  *dest_path,
                   GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (dest_path);
  g_autofree char *base = g_path_get_basename (dest_path);
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.XXXXXX", folder, base);
  sqlite3 *dest = NULL;
  int fd;
  int rc;

  if (!ensure_folder (folder, error))
    return FALSE;

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_FAILED,
                   _("Could not write “%s”: %s"), dest_path, salve_safe_file_describe_errno (errsv));
      return FALSE;
    }
  /* Whatever the umask: only the owner may read health data. */
  fchmod (fd, 0600);
  close (fd);

  rc = sqlite3_open_v2 (tmp, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    rc = copy_pages (dest, src);
  /* A copy stands alone: one file, no write-ahead log beside it. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      /* SQLite says only "disk I/O error" for a write the system refused;
       * its errno says why, e.g. EFBIG past a file size limit (ulimit -f),
       * in the words every file Salve writes uses. */
      int sys_errno = dest != NULL && (rc & 0xff) == SQLITE_IOERR ? sqlite3_system_errno (dest) : 0;
      const char *reason = _salve_db_handle_is_disk_full (dest, rc) ? salve_safe_file_describe_errno (ENOSPC)
                         : sys_errno != 0 ? salve_safe_file_describe_errno (sys_errno)
                         : dest != NULL ? sqlite3_errmsg (dest) : sqlite3_errstr (rc);

      g_set_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_FAILED,
                   _("Could not write “%s”: %s"), dest_path, reason);
      sqlite3_close (dest);
      remove_with_journal (tmp);
      return FALSE;
    }

  /* The check comes before the copy may take an older one's place. */
  if (!check_integrity (dest, dest_path, error))
    {
      sqlite3_close (dest);
      remove_with_journal (tmp);
      return FALSE;
    }

  sqlite3_close (dest);

  if (!fsync_path (tmp, O_RDONLY) || g_rename (tmp, dest_path) != 0)
    {
      int errsv = errno;
      g_set_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_FAILED,
                   _("Could not write “%s”: %s"), dest_path, salve_safe_file_describe_errno (errsv));
      remove_with_journal (tmp);
      return FALSE;
    }

  fsync_path (folder, O_RDONLY | O_DIRECTORY);
  return TRUE;
}

gboolean
salve_backup_write (SalveDb     *db,
                    const char  *dest_path,
                    GError     **error)
{
  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  if (g_file_test (dest_path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_FAILED,
                   _("“%s” is a folder: give the path of the backup file."), dest_path);
      return FALSE;
    }

  return write_from_handle (_salve_db_get_handle (db), dest_path, error);
}

/* Whether @path starts as every SQLite database does. */
static gboolean
has_sqlite_header (const char *path)
{
  static const char magic[16] = "SQLite format 3";
  char head[16] = { 0 };
  FILE *file = fopen (path, "rb");
  gboolean ok;

  if (file == NULL)
    return FALSE;
  ok = fread (head, 1, sizeof head, file) == sizeof head && memcmp (head, magic, sizeof magic) == 0;
  fclose (file);

  return ok;
}

static sqlite3 *
open_checked (const char  *path,
              GError     **error)
{
  sqlite3 *handle = NULL;
  int version;
  int rc;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_NOT_A_BACKUP,
                   _("There is no backup file “%s”."), path);
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK || get_int (handle, "SELECT count(*) FROM sqlite_master") < 0)
    {
      /* A database's first bytes, and then nothing readable: a copy cut
       * short or damaged, not some other file. */
      if (has_sqlite_header (path))
        g_set_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_DAMAGED,
                     _("“%s” is a damaged database (%s): it cannot be restored. Try another copy of the backup."),
                     path, handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
      else
        g_set_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_NOT_A_BACKUP,
                     _("“%s” is not a Salve database."), path);
      sqlite3_close (handle);
      return NULL;
    }

  if (!check_integrity (handle, path, error))
    {
      sqlite3_close (handle);
      return NULL;
    }

  version = get_int (handle, "PRAGMA user_version");
  if (version <= 0 || get_int (handle, "SELECT count(*) FROM sqlite_master WHERE name = 'profiles'") != 1)
    {
      g_set_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_NOT_A_BACKUP,
                   _("“%s” is not a Salve database."), path);
      sqlite3_close (handle);
      return NULL;
    }

  if (version > salve_migrations_get_latest ())
    {
      g_set_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Salve (schema %d, this version knows up to %d)."),
                   path, version, salve_migrations_get_latest ());
      sqlite3_close (handle);
      return NULL;
    }

  return handle;
}

gboolean
salve_backup_check (const char  *path,
                    GError     **error)
{
  sqlite3 *handle;

  g_return_val_if_fail (path != NULL, FALSE);

  handle = open_checked (path, error);
  sqlite3_close (handle);
  return handle != NULL;
}

/* The date of an automatic backup's name, or NULL for any other file. */
static GDate *
daily_name_date (const char *name)
{
  guint year, month, day;
  char tail[8] = "";

  if (strlen (name) != strlen ("salve-YYYY-MM-DD.db") ||
      sscanf (name, "salve-%4u-%2u-%2u%3s", &year, &month, &day, tail) != 4 ||
      !g_str_equal (tail, ".db") ||
      !g_date_valid_dmy (day, month, year))
    return NULL;

  return g_date_new_dmy (day, month, year);
}

typedef struct
{
  char  *path;
  GDate *date;
} Daily;

static void
daily_free (gpointer data)
{
  Daily *daily = data;

  g_free (daily->path);
  g_date_free (daily->date);
  g_free (daily);
}

static int
daily_newest_first (gconstpointer a,
                    gconstpointer b)
{
  const Daily *da = *(Daily * const *) a;
  const Daily *db = *(Daily * const *) b;

  return g_date_compare (db->date, da->date);
}

gboolean
salve_backup_prune (const char  *folder,
                    GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) dailies = g_ptr_array_new_with_free_func (daily_free);
  guint weeks_kept = 0;
  guint last_week = 0, last_year = 0;
  const char *name;

  g_return_val_if_fail (folder != NULL, FALSE);

  dir = g_dir_open (folder, 0, error);
  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)))
    {
      GDate *date = daily_name_date (name);
      Daily *daily;

      if (date == NULL)
        continue;
      daily = g_new0 (Daily, 1);
      daily->path = g_build_filename (folder, name, NULL);
      daily->date = date;
      g_ptr_array_add (dailies, daily);
    }

  g_ptr_array_sort (dailies, daily_newest_first);

  for (guint i = 0; i < dailies->len; i++)
    {
      Daily *daily = g_ptr_array_index (dailies, i);
      guint week = g_date_get_iso8601_week_of_year (daily->date);
      guint year = g_date_get_year (daily->date);
      gboolean keep = FALSE;

      if (i < SALVE_BACKUP_KEEP_DAILY)
        keep = TRUE;
      /* Newest first: the first one seen of an older week is its newest. */
      else if ((week != last_week || year != last_year) && weeks_kept < SALVE_BACKUP_KEEP_WEEKLY)
        {
          keep = TRUE;
          weeks_kept++;
        }

      if (i >= SALVE_BACKUP_KEEP_DAILY || i == SALVE_BACKUP_KEEP_DAILY - 1)
        {
          last_week = week;
          last_year = year;
        }

      if (!keep && g_unlink (daily->path) != 0)
        g_debug ("Could not remove %s: %s", daily->path, g_strerror (errno));
    }

  return TRUE;
}

/* Microseconds since the epoch of @path's last change, 0 when unknown. */
static gint64
modified_us (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  if (info == NULL)
    return 0;
  return (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC +
         g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
}

/* Whether the database at @db_path (its file or its write-ahead log)
 * changed after @backup was written. */
static gboolean
changed_since (const char *db_path,
               const char *backup)
{
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  gint64 written = modified_us (backup);

  return written > 0 && MAX (modified_us (db_path), modified_us (wal)) > written;
}

gboolean
salve_backup_run_daily (const char  *db_path,
                        GDateTime   *now,
                        gboolean     refresh,
                        char       **made_path,
                        GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(SalveDb) db = NULL;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (made_path != NULL)
    *made_path = NULL;

  path = salve_backup_get_daily_path (db_path, now);
  folder = g_path_get_dirname (path);

  /* Today's copy is made again once the database changed after it: a
   * day's work is in it within the hour, not only what there was when
   * the program started that morning. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS) || (refresh && changed_since (db_path, path)))
    {
      /* A second connection beside the program's own, which migrated the
       * database and closed what was abandoned: doing that again here,
       * at the same time, would race it. */
      db = salve_db_open_existing (db_path, error);
      if (db == NULL || !salve_backup_write (db, path, error))
        return FALSE;
      if (made_path != NULL)
        *made_path = g_strdup (path);
    }

  return salve_backup_prune (folder, error);
}

static int
path_newest_first (gconstpointer a,
                   gconstpointer b)
{
  const char *pa = *(char * const *) a;
  const char *pb = *(char * const *) b;
  GStatBuf sa, sb;

  if (g_stat (pa, &sa) != 0 || g_stat (pb, &sb) != 0)
    return g_strcmp0 (pb, pa);
  if (sa.st_mtime != sb.st_mtime)
    return sa.st_mtime < sb.st_mtime ? 1 : -1;
  return g_strcmp0 (pb, pa);
}

GPtrArray *
salve_backup_list (const char  *db_path,
                   GError     **error)
{
  g_autofree char *folder = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (db_path != NULL, NULL);

  folder = salve_backup_get_folder (db_path);
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&paths);

  dir = g_dir_open (folder, 0, error);
  if (dir == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)))
    if (name[0] != '.' && g_str_has_suffix (name, ".db"))
      g_ptr_array_add (paths, g_build_filename (folder, name, NULL));

  g_ptr_array_sort (paths, path_newest_first);
  return g_steal_pointer (&paths);
}

static char *
pick_kept_path (const char *db_path,
                const char *what)
{
  g_autofree char *folder = salve_backup_get_folder (db_path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H%M%S");
  g_autofree char *base = g_strdup_printf ("%s/salve-%s-%s", folder, what, stamp);
  char *candidate = g_strconcat (base, ".db", NULL);

  /* An earlier copy is somebody's data too: never overwrite it. */
  for (guint i = 1; g_file_test (candidate, G_FILE_TEST_EXISTS); i++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s-%u.db", base, i);
    }

  return candidate;
}

/* Keeps the current database at @db_path before a restore replaces it:
 * copied when it opens, moved aside as it is when it is damaged. */
static gboolean
keep_current (const char  *db_path,
              char       **kept_path,
              GError     **error)
{
  g_autoptr(SalveDb) current = NULL;
  g_autoptr(GError) open_error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *folder = salve_backup_get_folder (db_path);

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    return TRUE;

  current = salve_db_open_unmigrated (db_path, &open_error);
  if (current != NULL)
    {
      kept = pick_kept_path (db_path, "before-restore");
      if (!salve_backup_write (current, kept, error))
        {
          g_prefix_error (error, _("The current database could not be kept, so nothing was restored: "));
          return FALSE;
        }
    }
  else if (g_error_matches (open_error, SALVE_DB_ERROR, SALVE_DB_ERROR_CORRUPT))
    {
      const char *suffixes[] = { "-wal", "-shm", NULL };

      kept = pick_kept_path (db_path, "damaged");
      if (!ensure_folder (folder, error))
        return FALSE;
      if (g_rename (db_path, kept) != 0)
        {
          int errsv = errno;
          g_set_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_FAILED,
                       _("The damaged database could not be moved to “%s” (%s), so nothing was restored."),
                       kept, g_strerror (errsv));
          return FALSE;
        }
      /* Its log belongs to it, not to the restored file. */
      for (guint i = 0; suffixes[i] != NULL; i++)
        {
          g_autofree char *from = g_strconcat (db_path, suffixes[i], NULL);
          g_autofree char *to = g_strconcat (kept, suffixes[i], NULL);

          if (g_file_test (from, G_FILE_TEST_EXISTS))
            g_rename (from, to);
        }
    }
  else
    {
      g_propagate_error (error, g_steal_pointer (&open_error));
      return FALSE;
    }

  *kept_path = g_steal_pointer (&kept);
  return TRUE;
}

gboolean
salve_backup_restore (const char  *db_path,
                      const char  *backup_path,
                      char       **kept_path,
                      GError     **error)
{
  g_autoptr(SalveDb) guard = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autofree char *kept = NULL;
  sqlite3 *src;
  int rc;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (backup_path != NULL, FALSE);

  if (kept_path != NULL)
    *kept_path = NULL;

  /* Nothing is touched for a file that would not do. */
  src = open_checked (backup_path, error);
  if (src == NULL)
    return FALSE;

  /* A database that opens is held for the copy kept of it: no session
   * runs on it (its end would be written into whatever the backup holds
   * under that id), and nobody writes to it between the copy and the
   * restore, or that write would be in neither. */
  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    guard = salve_db_open_unmigrated (db_path, NULL);
  if (guard != NULL && _salve_db_any_session_held_elsewhere (guard))
    {
      g_set_error_literal (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_FAILED,
                           _("A session is running on this database: restore once it has ended. "
                             "Nothing was restored."));
      sqlite3_close (src);
      return FALSE;
    }
  if (guard != NULL && !salve_db_exec (guard, "BEGIN IMMEDIATE", error))
    {
      g_prefix_error (error, _("Nothing was restored: "));
      sqlite3_close (src);
      return FALSE;
    }

  if (!keep_current (db_path, &kept, error))
    {
      if (guard != NULL)
        salve_db_exec (guard, "ROLLBACK", NULL);
      sqlite3_close (src);
      return FALSE;
    }

  db = salve_db_open_unmigrated (db_path, error);
  /* Let go only now: the restore takes the write lock on its first page. */
  if (guard != NULL)
    salve_db_exec (guard, "ROLLBACK", NULL);
  if (db == NULL)
    {
      sqlite3_close (src);
      return FALSE;
    }

  /* Page by page, in one transaction of the live database: its other
   * connections see the old data or the restored, never a mix. Its
   * close empties the log into the file, so that salve.db alone holds
   * the restore. */
  rc = copy_pages (_salve_db_get_handle (db), src);
  _salve_db_note_written (db);
  sqlite3_close (src);
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    {
      g_set_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_FAILED,
                   _("The database “%s” is in use by another program. Try again in a moment. Nothing was restored."),
                   db_path);
      return FALSE;
    }
  if (_salve_db_handle_is_disk_full (_salve_db_get_handle (db), rc))
    {
      g_set_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_FAILED,
                   _("The disk is full: the database “%s” could not be written. Free some space and try again. "
                     "Nothing was restored."),
                   db_path);
      return FALSE;
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_FAILED,
                   _("Could not restore “%s”: %s"), backup_path, sqlite3_errstr (rc));
      return FALSE;
    }

  if (!salve_migrations_run (db, salve_migrations_get_latest (), error))
    return FALSE;

  if (kept_path != NULL)
    *kept_path = g_steal_pointer (&kept);
  return TRUE;
}

gboolean
salve_backup_delete_profile (const char  *db_path,
                             gint64       profile_id,
                             char       **snapshot_path,
                             GError     **error)
{
  g_autoptr(SalveDb) db = NULL;
  g_autofree char *snapshot = NULL;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (snapshot_path != NULL, FALSE);

  db = salve_db_open (db_path, error);
  if (db == NULL)
    return FALSE;

  snapshot = pick_kept_path (db_path, "before-delete");
  if (!salve_backup_write (db, snapshot, error))
    return FALSE;

  if (!salve_profile_repo_delete (db, profile_id, error))
    return FALSE;

  *snapshot_path = g_steal_pointer (&snapshot);
  return TRUE;
}

/* The rows of @table in the snapshot that a delete of the profile took:
 * a WHERE condition, built along the ON DELETE CASCADE foreign keys that
 * lead from @table to profiles. NULL when none lead there. */
static char *
cascade_condition (SalveDb    *db,
                   const char *table,
                   gint64      profile_id,
                   guint       depth,
                   GError    **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GString) cond = NULL;
  g_autoptr(GError) local_error = NULL;

  if (g_str_equal (table, "profiles"))
    return g_strdup_printf ("id = %" G_GINT64_FORMAT, profile_id);
  if (depth > 8)
    return NULL;

  stmt = salve_db_prepare (db, "SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(?1, 'snap')", error);
  if (stmt == NULL || !salve_stmt_bind_text (stmt, 1, table, error))
    return NULL;

  while (salve_stmt_step (stmt, &local_error))
    {
      g_autofree char *parent = g_strdup (salve_stmt_get_text (stmt, 0));
      g_autofree char *parent_cond = NULL;
      const char *to = salve_stmt_get_is_null (stmt, 2) ? "rowid" : salve_stmt_get_text (stmt, 2);

      if (g_ascii_strcasecmp (salve_stmt_get_text (stmt, 3), "CASCADE") != 0)
        continue;
      parent_cond = cascade_condition (db, parent, profile_id, depth + 1, NULL);
      if (parent_cond == NULL)
        continue;

      if (cond == NULL)
        cond = g_string_new (NULL);
      else
        g_string_append (cond, " OR ");
      g_string_append_printf (cond, "\"%s\" IN (SELECT \"%s\" FROM snap.\"%s\" WHERE %s)",
                              salve_stmt_get_text (stmt, 1), to, parent, parent_cond);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return cond ? g_string_free (g_steal_pointer (&cond), FALSE) : NULL;
}

/* In the copy aside of @table (temp.undo_TABLE), the ids the live table
 * has taken since get new ones above every id there is, and the copies
 * of @tables whose foreign keys point at them follow. Tables without an
 * integer primary key are left as they are. */
static gboolean
renumber_taken_ids (SalveDb    *db,
                    const char *table,
                    GPtrArray  *tables,
                    GError    **error)
{
  g_autoptr(SalveStmt) pk = NULL;
  g_autoptr(SalveStmt) taken = NULL;
  g_autofree char *key = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *count = NULL;
  gint64 n_taken = 0;

  pk = salve_db_prepare (db, "SELECT name FROM pragma_table_info(?1, 'snap') WHERE pk = 1 AND upper(type) = 'INTEGER'"
                             " AND (SELECT count(*) FROM pragma_table_info(?1, 'snap') WHERE pk > 0) = 1", error);
  if (pk == NULL || !salve_stmt_bind_text (pk, 1, table, error))
    return FALSE;
  if (!salve_stmt_step (pk, NULL))
    return TRUE;
  key = g_strdup (salve_stmt_get_text (pk, 0));
  /* No statement may be pending when a table is dropped. */
  g_clear_pointer (&pk, salve_stmt_free);

  count = g_strdup_printf ("SELECT count(*) FROM temp.\"undo_%s\" WHERE \"%s\" IN (SELECT \"%s\" FROM main.\"%s\")",
                           table, key, key, table);
  taken = salve_db_prepare (db, count, error);
  if (taken == NULL)
    return FALSE;
  if (salve_stmt_step (taken, NULL))
    n_taken = salve_stmt_get_int64 (taken, 0);
  g_clear_pointer (&taken, salve_stmt_free);
  if (n_taken == 0)
    return TRUE;

  /* Old id to new: above the highest of the live table and the copy. */
  sql = g_strdup_printf ("DROP TABLE IF EXISTS temp.undo_renumbered;"
                         "CREATE TEMP TABLE undo_renumbered (old INTEGER PRIMARY KEY, new INTEGER NOT NULL);"
                         "INSERT INTO temp.undo_renumbered (old, new)"
                         "  SELECT \"%s\", (SELECT max (m) FROM (SELECT max (\"%s\") AS m FROM main.\"%s\""
                         "                  UNION ALL SELECT max (\"%s\") FROM temp.\"undo_%s\"))"
                         "               + row_number () OVER (ORDER BY \"%s\")"
                         "  FROM temp.\"undo_%s\" WHERE \"%s\" IN (SELECT \"%s\" FROM main.\"%s\");"
                         "UPDATE temp.\"undo_%s\" SET \"%s\" = (SELECT new FROM temp.undo_renumbered WHERE old = \"%s\")"
                         "  WHERE \"%s\" IN (SELECT old FROM temp.undo_renumbered);",
                         key, key, table, key, table, key, table, key, key, table,
                         table, key, key, key);
  if (!salve_db_exec (db, sql, error))
    return FALSE;

  for (guint i = 0; i < tables->len; i++)
    {
      const char *child = g_ptr_array_index (tables, i);
      g_autoptr(SalveStmt) fks = salve_db_prepare (db, "SELECT \"from\" FROM pragma_foreign_key_list(?1, 'snap')"
                                                       " WHERE \"table\" = ?2 AND coalesce (\"to\", ?3) = ?3", error);

      if (fks == NULL || !salve_stmt_bind_text (fks, 1, child, error) || !salve_stmt_bind_text (fks, 2, table, error) ||
          !salve_stmt_bind_text (fks, 3, key, error))
        return FALSE;
      while (salve_stmt_step (fks, NULL))
        {
          const char *column = salve_stmt_get_text (fks, 0);
          g_autofree char *follow = g_strdup_printf ("UPDATE temp.\"undo_%s\" SET \"%s\" ="
                                                     " (SELECT new FROM temp.undo_renumbered WHERE old = \"%s\")"
                                                     " WHERE \"%s\" IN (SELECT old FROM temp.undo_renumbered)",
                                                     child, column, column, column);

          if (!salve_db_exec (db, follow, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* A patient added since the delete under the name (or one that compares
 * the same) keeps it: the one brought back gets "NAME (2)". */
static gboolean
free_the_name (SalveDb    *db,
               char      **renamed_to,
               GError    **error)
{
  g_autoptr(SalveStmt) select = NULL;
  g_autoptr(SalveStmt) update = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *free_name = NULL;
  g_autofree char *key = NULL;

  select = salve_db_prepare (db, "SELECT name FROM temp.undo_profiles", error);
  if (select == NULL)
    return FALSE;
  if (!salve_stmt_step (select, &local_error))
    {
      /* No row: nothing to rename. */
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  name = g_strdup (salve_stmt_get_text (select, 0));
  g_clear_pointer (&select, salve_stmt_free);

  free_name = salve_profile_repo_pick_free_name (db, name, error);
  if (free_name == NULL)
    return FALSE;
  if (g_str_equal (free_name, name))
    return TRUE;

  key = salve_profile_name_fold (free_name);
  update = salve_db_prepare (db, "UPDATE temp.undo_profiles SET name = ?1, name_key = ?2", error);
  if (update == NULL || !salve_stmt_bind_text (update, 1, free_name, error) ||
      !salve_stmt_bind_text (update, 2, key, error) || !salve_stmt_run (update, error))
    return FALSE;

  if (renamed_to != NULL)
    *renamed_to = g_steal_pointer (&free_name);
  return TRUE;
}

gboolean
salve_backup_undelete_profile (const char  *db_path,
                               const char  *snapshot_path,
                               gint64       profile_id,
                               char       **renamed_to,
                               GError     **error)
{
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveStmt) attach = NULL;
  g_autoptr(SalveStmt) tables = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) restored = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (snapshot_path != NULL, FALSE);

  if (renamed_to != NULL)
    *renamed_to = NULL;
  if (!salve_backup_check (snapshot_path, error))
    return FALSE;

  db = salve_db_open (db_path, error);
  if (db == NULL)
    return FALSE;

  attach = salve_db_prepare (db, "ATTACH DATABASE ?1 AS snap", error);
  if (attach == NULL || !salve_stmt_bind_text (attach, 1, snapshot_path, error) ||
      !salve_stmt_run (attach, error))
    return FALSE;

  /* Brought back once: the patient of the snapshot is here already (the
   * same row: its id, its name as it was written, and when it was made). */
  if (ok)
    {
      g_autoptr(SalveStmt) back = salve_db_prepare (db, "SELECT 1 FROM main.profiles p, snap.profiles s"
                                                        " WHERE p.id = ?1 AND s.id = ?1 AND p.created_at = s.created_at"
                                                        " AND p.name = s.name COLLATE BINARY",
                                                    error);

      if (back == NULL || !salve_stmt_bind_int64 (back, 1, profile_id, error))
        ok = FALSE;
      else if (salve_stmt_step (back, &local_error))
        {
          g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS, _("The patient is back already."));
          ok = FALSE;
        }
      else if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
        }
    }

  /* The snapshot's tables in the order they were made: a parent before
   * its children. */
  tables = salve_db_prepare (db, "SELECT name FROM snap.sqlite_master WHERE type = 'table'"
                                 " AND name NOT LIKE 'sqlite_%' ORDER BY rowid", error);
  if (tables == NULL)
    ok = FALSE;
  while (ok && salve_stmt_step (tables, &local_error))
    g_ptr_array_add (names, g_strdup (salve_stmt_get_text (tables, 0)));
  g_clear_pointer (&tables, salve_stmt_free);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      ok = FALSE;
    }

  /* The foreign keys are checked at the commit, once every row is back. */
  if (ok)
    ok = salve_db_begin (db, error) && salve_db_exec (db, "PRAGMA defer_foreign_keys = ON", error);

  /* The patient's rows, copied aside first: one whose id was taken since
   * the delete (an entry added meanwhile reuses a freed id, a new patient
   * the patient's) gets a new one, and the rows that point at it follow. */
  restored = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; ok && i < names->len; i++)
    {
      const char *table = g_ptr_array_index (names, i);
      g_autofree char *cond = cascade_condition (db, table, profile_id, 0, error);
      g_autofree char *sql = NULL;

      if (cond == NULL)
        {
          ok = error == NULL || *error == NULL;
          continue;
        }
      sql = g_strdup_printf ("CREATE TEMP TABLE \"undo_%s\" AS SELECT * FROM snap.\"%s\" WHERE %s", table, table, cond);
      ok = salve_db_exec (db, sql, error);
      if (ok)
        g_ptr_array_add (restored, g_strdup (table));
    }

  for (guint i = 0; ok && i < restored->len; i++)
    ok = renumber_taken_ids (db, g_ptr_array_index (restored, i), restored, error);
  if (ok && g_ptr_array_find_with_equal_func (restored, "profiles", g_str_equal, NULL))
    ok = free_the_name (db, renamed_to, error);

  for (guint i = 0; ok && i < restored->len; i++)
    {
      const char *table = g_ptr_array_index (restored, i);
      g_autofree char *sql = g_strdup_printf ("INSERT INTO main.\"%s\" SELECT * FROM temp.\"undo_%s\"", table, table);

      ok = salve_db_exec (db, sql, error);
    }
  for (guint i = 0; i < restored->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP TABLE IF EXISTS temp.\"undo_%s\"", (char *) g_ptr_array_index (restored, i));

      salve_db_exec (db, sql, NULL);
    }
  salve_db_exec (db, "DROP TABLE IF EXISTS temp.undo_renumbered", NULL);

  if (ok)
    ok = salve_db_commit (db, error);
  else
    salve_db_rollback (db);

  salve_db_exec (db, "DETACH DATABASE snap", NULL);
  if (!ok)
    g_prefix_error (error, _("The patient could not be brought back (a copy is in “%s”): "), snapshot_path);
  return ok;
}
