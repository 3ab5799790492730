/* test-storage-backup.c: backups made and restored with SQLite's online
 * backup API, their check, their rotation and salvectl backup|restore
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "salve-backup.h"
#include "salve-db.h"
#include "salve-diary-repo.h"
#include "salve-profile-repo.h"
#include "salve-test-disk.h"
#include "salve-test-util.h"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
run_ok (Fixture    *f,
        const char *first,
        ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *err = NULL;
  va_list ap;

  g_ptr_array_add (args, (char *) "--db");
  g_ptr_array_add (args, f->db);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  if (salve_test_run_salvectlv (NULL, &err, (const char * const *) args->pdata) != 0)
    g_error ("salvectl %s failed: %s", first, err);
}

/* The tables salvectl has no command to fill: a session's events (which
 * reach the profile through its session), a sign-off, a saved program. */
static void
fill_other_tables (const char *db)
{
  sqlite3 *handle = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle,
                                 "INSERT INTO session_events (session_id, at, kind, detail)"
                                 " SELECT id, started_at, 'ramp', '8 mA' FROM sessions;"
                                 "INSERT INTO checklist_signoffs (profile_id, signed_by, signed_at, answers_json)"
                                 " SELECT id, 'Els', '2026-03-01T10:00:00+01:00', '{}' FROM profiles WHERE name = 'Anneke';"
                                 "INSERT INTO programs (profile_id, name, modality, created_at)"
                                 " SELECT id, 'Gate', 'tens', '2026-03-01T10:00:00+01:00' FROM profiles WHERE name = 'Anneke';",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
}

/* A database with a row in every kind of table: answers, a device, an
 * import with diary entries and sessions, a diary entry of its own. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "data", "csv", "salve-export-all.csv", NULL);

  f->dir = salve_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "salve.db", NULL);

  run_ok (f, "profile", "add", "Anneke", NULL);
  run_ok (f, "profile", "add", "Bert", NULL);
  run_ok (f, "profile", "set", "Anneke", "--condition", "pacemaker=no", "--answered-by", "Els", "--ceiling-ma", "20", NULL);
  run_ok (f, "devices", "add", "My TENS", "--modality", "tens", "--max-intensity-ma", "40", NULL);
  run_ok (f, "import", csv, "--profile", "Anneke", NULL);
  run_ok (f, "diary", "add", "--profile", "Bert", "--pain", "4", "--note", "knee", NULL);
  run_ok (f, "medication", "add", "--profile", "Bert", "--name", "Paracetamol", "--dose", "500 mg",
          "--as-needed", NULL);
  fill_other_tables (f->db);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  salve_test_remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

/* Every row of every table, in rowid order, as text: what "brings back
 * every row" compares. */
static char *
dump_tables (const char *path)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *handle = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (handle, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_string_append_printf (out, "user_version %d\n", sqlite3_column_int (stmt, 0));
  sqlite3_finalize (stmt);
  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);
      g_autofree char *sql = NULL;
      g_autofree char *order = g_strdup (g_str_has_prefix (table, "sqlite_") ? "" : " ORDER BY rowid");
      guint rows = 0;

      /* A table without rowid (the diary's daily aggregates) in the order
       * of its primary key. */
      sql = g_strdup_printf ("SELECT name FROM pragma_table_info('%s') WHERE pk > 0 AND"
                             " (SELECT sql FROM sqlite_master WHERE name = '%s') LIKE '%%WITHOUT ROWID%%'"
                             " ORDER BY pk", table, table);
      g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          char *longer = g_strdup_printf ("%s%s\"%s\"", g_str_has_prefix (order, " ORDER BY rowid") ? " ORDER BY " : order,
                                          g_str_has_prefix (order, " ORDER BY rowid") ? "" : ", ",
                                          (const char *) sqlite3_column_text (stmt, 0));

          g_free (order);
          order = longer;
        }
      sqlite3_finalize (stmt);
      g_free (sql);
      sql = g_strdup_printf ("SELECT * FROM \"%s\"%s", table, order);

      g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (out, "[%s]\n", table);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (out, "%d:%s|", sqlite3_column_type (stmt, c),
                                    (const char *) sqlite3_column_text (stmt, c));
          g_string_append_c (out, '\n');
          rows++;
        }
      sqlite3_finalize (stmt);
      /* The fixture fills every table a person's records live in. */
      if (!g_str_has_prefix (table, "sqlite_"))
        g_test_message ("%s: %u rows", table, rows);
    }

  sqlite3_close (handle);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
remove_database (const char *db)
{
  const char *suffixes[] = { "", "-wal", "-shm", NULL };

  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (db, suffixes[i], NULL);
      g_unlink (path);
    }
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

static guint
count_rows (const char *db,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *handle = NULL;
  guint n;

  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return n;
}

static void
test_backup_delete_restore (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *before = dump_tables (f->db);
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpuint (count_rows (f->db, "sessions"), >, 0);
  g_assert_cmpuint (count_rows (f->db, "diary_entries"), >, 1);
  g_assert_cmpuint (count_rows (f->db, "imports"), ==, 1);
  g_assert_cmpuint (count_rows (f->db, "profile_conditions"), >, 0);
  g_assert_cmpuint (count_rows (f->db, "devices"), >, 0);
  g_assert_cmpuint (count_rows (f->db, "session_events"), >, 0);
  g_assert_cmpuint (count_rows (f->db, "checklist_signoffs"), >, 0);
  g_assert_cmpuint (count_rows (f->db, "programs"), >, 0);
  g_assert_cmpuint (count_rows (f->db, "medication_intakes"), >, 0);

  run_ok (f, "backup", "--out", backup, NULL);
  remove_database (f->db);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "restore", backup, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Restored"));
  /* There was nothing to keep. */
  g_assert_null (strstr (out, "Kept"));

  after = dump_tables (f->db);
  g_assert_cmpstr (after, ==, before);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_no_errno (g_stat (path, &st));
  return st.st_mode & 0777;
}

static void
test_default_path_and_modes (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "salve-%Y-%m-%d.db");
  g_autofree char *folder = g_build_filename (f->dir, "backups", NULL);
  g_autofree char *expected = g_build_filename (folder, name, NULL);
  g_autofree char *out = NULL;
  mode_t old_umask = umask (0);

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "backup", NULL), ==, 0);
  umask (old_umask);

  g_assert_nonnull (strstr (out, expected));
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (file_mode (expected), ==, 0600);
  g_assert_cmpuint (file_mode (folder), ==, 0700);
  g_assert_true (salve_backup_check (expected, NULL));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static void
assert_folder_holds (const char *folder,
                     const char *expected)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  joined = g_strjoinv (" ", (char **) names->pdata);
  g_assert_cmpstr (joined, ==, expected);
}

/* A copy that fails its check never takes the place of an older one. */
static void
test_damaged_copy_keeps_older (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "backups", NULL);
  g_autofree char *dest = g_build_filename (folder, "salve-2026-01-05.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(GError) error = NULL;
  gsize before_len, after_len;

  db = salve_db_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (salve_backup_write (db, dest, &error));
  g_assert_no_error (error);
  g_clear_object (&db);
  g_assert_true (g_file_get_contents (dest, &before, &before_len, NULL));

  /* A table's page goes bad on the disk; the schema still reads. */
  salve_test_damage_file (f->db, 4096 * 3, 16, 0xff);
  db = salve_db_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_false (salve_backup_write (db, dest, &error));
  g_assert_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_DAMAGED);
  g_test_message ("%s", error->message);

  g_assert_true (g_file_get_contents (dest, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  /* No temporary file is left behind. */
  assert_folder_holds (folder, "salve-2026-01-05.db");
}

static void
touch (const char *folder,
       const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
}

static void
test_prune (void)
{
  g_autofree char *folder = salve_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) day = g_date_new_dmy (1, G_DATE_NOVEMBER, 2026);

  /* Every day of November 2026 (Sunday the 1st to Monday the 30th). */
  for (int i = 0; i < 30; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "salve-%04d-%02d-%02d.db",
                  g_date_get_year (day), g_date_get_month (day), g_date_get_day (day));
      touch (folder, name);
      g_date_add_days (day, 1);
    }
  /* Copies people made under other names are never pruned. */
  touch (folder, "salve-before-restore-2026-10-01T101010.db");
  touch (folder, "mine.db");

  g_assert_true (salve_backup_prune (folder, &error));
  g_assert_no_error (error);

  /* The last 7 days (24–30), then the newest of each of the 4 weeks
   * before: Sunday the 22nd (week 47), the 15th (46), the 8th (45) and
   * the 1st (44). */
  assert_folder_holds (folder,
                       "mine.db salve-2026-11-01.db salve-2026-11-08.db salve-2026-11-15.db salve-2026-11-22.db "
                       "salve-2026-11-24.db salve-2026-11-25.db salve-2026-11-26.db salve-2026-11-27.db "
                       "salve-2026-11-28.db salve-2026-11-29.db salve-2026-11-30.db "
                       "salve-before-restore-2026-10-01T101010.db");

  salve_test_remove_tree (folder);
}

static void
test_run_daily (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 30, 10, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;
  g_autofree char *again = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "backups", NULL);

  g_assert_true (g_mkdir (folder, 0700) == 0);
  /* Last month's, beyond what is kept. */
  for (int d = 1; d <= 9; d++)
    {
      g_autofree char *name = g_strdup_printf ("salve-2026-10-%02d.db", d);
      touch (folder, name);
    }

  g_assert_true (salve_backup_run_daily (f->db, now, FALSE, &made, &error));
  g_assert_no_error (error);
  g_assert_nonnull (made);
  g_assert_true (g_str_has_suffix (made, "salve-2026-11-30.db"));
  g_assert_true (salve_backup_check (made, NULL));

  /* Once a day, unless the diary changed since: then again, so that
   * the day's work is in today's copy. */
  g_assert_true (salve_backup_run_daily (f->db, now, TRUE, &again, &error));
  g_assert_null (again);
  {
    g_autoptr(SalveDb) db = salve_db_open (f->db, &error);
    g_autoptr(GPtrArray) profiles = NULL;
    g_autoptr(SalveDiaryEntry) entry = NULL;

    g_assert_no_error (error);
    profiles = salve_profile_repo_list (db, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (profiles->len, >, 0);
    entry = salve_diary_entry_new (salve_profile_get_id (g_ptr_array_index (profiles, 0)));
    salve_diary_entry_set_pain (entry, 4);
    salve_diary_entry_set_note (entry, "written after the morning's copy");
    g_assert_true (salve_diary_repo_add (db, entry, &error));
    g_assert_no_error (error);
    g_clear_object (&db);

    /* Not at the window's opening (no refresh), */
    g_assert_true (salve_backup_run_daily (f->db, now, FALSE, &again, &error));
    g_assert_null (again);
    /* but at the hourly check. */
    g_assert_true (salve_backup_run_daily (f->db, now, TRUE, &again, &error));
    g_assert_no_error (error);
    g_assert_nonnull (again);
    /* Read as it is, leaving nothing beside it in the folder. */
    {
      g_autofree char *uri = g_strdup_printf ("file:%s?immutable=1", again);
      sqlite3 *handle = NULL;
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_open_v2 (uri, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT count(*) FROM diary_entries WHERE note = "
                                                   "'written after the morning''s copy'", -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
      sqlite3_finalize (stmt);
      sqlite3_close (handle);
    }
  }

  assert_folder_holds (folder,
                       "salve-2026-10-04.db salve-2026-10-05.db salve-2026-10-06.db salve-2026-10-07.db "
                       "salve-2026-10-08.db salve-2026-10-09.db salve-2026-11-30.db");
}

/* A restore keeps the database it replaces. */
static void
test_restore_keeps_current (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *at_backup = NULL;
  g_autofree char *current = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *kept_rows = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  run_ok (f, "backup", "--out", backup, NULL);
  at_backup = dump_tables (f->db);
  run_ok (f, "diary", "add", "--profile", "Bert", "--pain", "2", NULL);
  current = dump_tables (f->db);

  g_assert_true (salve_backup_restore (f->db, backup, &kept, &error));
  g_assert_no_error (error);
  g_assert_nonnull (kept);
  g_assert_cmpuint (file_mode (kept), ==, 0600);
  /* The restored pages are in the database file itself, none left in
   * its log: a person who copies salve.db alone copies the restore. */
  {
    g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
    GStatBuf st;

    g_assert_true (g_stat (wal, &st) != 0 || st.st_size == 0);
  }

  g_assert_cmpstr (restored = dump_tables (f->db), ==, at_backup);
  g_assert_cmpstr (kept_rows = dump_tables (kept), ==, current);

  list = salve_backup_list (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (list, 0), ==, kept);
}

/* A restore writes into the database file, never another one in its
 * place: the window's connection, open through it, is not taken for one
 * whose file was replaced (salve-db.h), and goes on writing into the
 * restored data, as a worker's new connection does. */
static void
test_restore_keeps_connections_writing (Fixture       *f,
                                        gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) window = NULL;
  g_autoptr(SalveDb) worker = NULL;
  g_autoptr(SalveProfile) cees = NULL;
  g_autoptr(SalveProfile) found = NULL;

  run_ok (f, "backup", "--out", backup, NULL);
  window = salve_db_open (f->db, &error);
  g_assert_no_error (error);

  g_assert_true (salve_backup_restore (f->db, backup, &kept, &error));
  g_assert_no_error (error);

  cees = salve_profile_repo_add (window, "Cees", &error);
  g_assert_no_error (error);
  g_assert_nonnull (cees);
  worker = salve_db_open_existing (f->db, &error);
  g_assert_no_error (error);
  found = salve_profile_repo_find_by_name (worker, "Cees", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
}

/* A restore on a disk that fills up at each point in turn: it fails in
 * the words every full disk is told in, naming what could not be
 * written ("Could not restore “…”: database or disk is full" was SQLite's
 * own), and the database keeps what it held. */
static void
test_restore_disk_full (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *current = NULL;
  guint refused = 0;
  gboolean restored = FALSE;

  run_ok (f, "backup", "--out", backup, NULL);
  run_ok (f, "diary", "add", "--profile", "Bert", "--pain", "2", NULL);
  current = dump_tables (f->db);

  for (guint n = 0; n < 2000 && !restored; n += 7)
    {
      g_autofree char *kept = NULL;
      g_autofree char *now = NULL;
      g_autoptr(GError) error = NULL;

      salve_test_set_disk_full_after (n);
      restored = salve_backup_restore (f->db, backup, &kept, &error);
      salve_test_set_disk_full (FALSE);
      if (restored)
        break;

      refused++;
      g_test_message ("%u: %s", n, error->message);
      g_assert_null (strstr (error->message, "database or disk is full"));
      g_assert_true (strstr (error->message, "The disk is full") != NULL);
      g_assert_cmpstr (now = dump_tables (f->db), ==, current);
    }

  g_assert_cmpuint (refused, >, 1);
  g_assert_true (restored);
}

/* A restore while a session runs would write the session's end into
 * whatever the backup holds under its id: refused, nothing touched. */
static void
test_restore_refused_while_session_runs (Fixture       *f,
                                         gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) running = NULL;

  run_ok (f, "backup", "--out", backup, NULL);
  run_ok (f, "diary", "add", "--profile", "Bert", "--pain", "2", NULL);
  before = dump_tables (f->db);

  running = salve_db_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (_salve_db_hold_session (running, 7));
  g_assert_false (salve_backup_restore (f->db, backup, &kept, &error));
  g_assert_nonnull (strstr (error->message, "A session is running on this database"));
  g_assert_null (kept);
  g_assert_cmpstr (after = dump_tables (f->db), ==, before);

  /* Once it has ended, the restore goes ahead. */
  _salve_db_release_session (running, 7);
  g_clear_error (&error);
  g_assert_true (salve_backup_restore (f->db, backup, &kept, &error));
  g_assert_no_error (error);
}

typedef struct
{
  const char *db;
  GMutex      lock;
  GCond       cond;
  gboolean    holding;
} Writer;

/* Another program's write: it holds the write lock while the restore
 * starts, then commits. */
static gpointer
write_late (gpointer data)
{
  Writer *w = data;
  sqlite3 *handle = NULL;

  g_assert_cmpint (sqlite3_open_v2 (w->db, &handle, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "BEGIN IMMEDIATE; INSERT INTO profiles (name, created_at) VALUES ('Late', '2026-12-05T10:00:00Z')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_mutex_lock (&w->lock);
  w->holding = TRUE;
  g_cond_signal (&w->cond);
  g_mutex_unlock (&w->lock);
  g_usleep (400 * 1000);
  g_assert_cmpint (sqlite3_exec (handle, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  return NULL;
}

/* A write that was under way when the restore began is in the copy kept
 * of the database, not lost between that copy and the restore. */
static void
test_restore_keeps_late_write (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  Writer w = { f->db, };
  GThread *thread;
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;

  run_ok (f, "backup", "--out", backup, NULL);
  g_mutex_init (&w.lock);
  g_cond_init (&w.cond);
  thread = g_thread_new ("late-writer", write_late, &w);
  g_mutex_lock (&w.lock);
  while (!w.holding)
    g_cond_wait (&w.cond, &w.lock);
  g_mutex_unlock (&w.lock);

  g_assert_true (salve_backup_restore (f->db, backup, &kept, &error));
  g_assert_no_error (error);
  g_thread_join (thread);

  g_assert_cmpint (sqlite3_open_v2 (kept, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT count(*) FROM profiles WHERE name = 'Late'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  g_mutex_clear (&w.lock);
  g_cond_clear (&w.cond);
}

/* Nothing is touched for a file that is not a good backup. */
static void
test_restore_refuses_bad_file (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *notes = g_build_filename (f->dir, "notes.db", NULL);
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.db", NULL);
  g_autofree char *before = dump_tables (f->db);
  g_autofree char *folder = g_build_filename (f->dir, "backups", NULL);
  g_autofree char *err = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;

  g_assert_true (g_file_set_contents (notes, "my shopping list\n", -1, NULL));
  g_assert_false (salve_backup_restore (f->db, notes, &kept, &error));
  g_assert_error (error, SALVE_BACKUP_ERROR, SALVE_BACKUP_ERROR_NOT_A_BACKUP);
  g_clear_error (&error);

  run_ok (f, "backup", "--out", damaged, NULL);
  salve_test_damage_file (damaged, 4096 * 3, 16, 0xff);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "restore", damaged, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "failed its check"));

  /* A copy cut short: damaged, not some other file. */
  {
    g_autofree char *cut = g_build_filename (f->dir, "cut.db", NULL);
    g_autofree char *whole = NULL;
    gsize len = 0;

    run_ok (f, "backup", "--out", cut, NULL);
    g_assert_true (g_file_get_contents (cut, &whole, &len, NULL));
    g_assert_cmpuint (len, >, 8192);
    g_assert_true (g_file_set_contents (cut, whole, 8192 + 100, NULL));
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "restore", cut, NULL), ==, 1);
    g_test_message ("%s", err);
    g_assert_true (strstr (err, "damaged") != NULL || strstr (err, "failed its check") != NULL);
    g_assert_null (strstr (err, "not a Salve database"));
  }

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "restore", NULL), ==, 2);

  g_assert_cmpstr (after = dump_tables (f->db), ==, before);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
}

/* A damaged database is what a restore is for: it is moved aside, kept,
 * and the backup takes its place. */
static void
test_restore_over_damaged (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *at_backup = NULL;
  g_autofree char *damaged_bytes = NULL;
  g_autofree char *kept_bytes = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  gsize damaged_len, kept_len;

  run_ok (f, "backup", "--out", backup, NULL);
  at_backup = dump_tables (f->db);
  /* The schema page's b-tree header: the database no longer opens. */
  salve_test_damage_file (f->db, 100, 12, 0xff);
  g_assert_true (g_file_get_contents (f->db, &damaged_bytes, &damaged_len, NULL));

  g_assert_true (salve_backup_restore (f->db, backup, &kept, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (kept, "salve-damaged-"));
  g_assert_true (g_file_get_contents (kept, &kept_bytes, &kept_len, NULL));
  g_assert_cmpmem (damaged_bytes, damaged_len, kept_bytes, kept_len);
  g_assert_cmpstr (restored = dump_tables (f->db), ==, at_backup);
}

/* The id of the patient called @name in the fixture's database. */
static gint64
profile_id_of (Fixture    *f,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->db, &error);
  g_autoptr(SalveProfile) profile = NULL;

  g_assert_no_error (error);
  profile = salve_profile_repo_find_by_name (db, name, &error);
  g_assert_no_error (error);
  return salve_profile_get_id (profile);
}

/* A patient deleted in the app comes back, every row, with Undo. */
static void
test_delete_undelete_profile (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = profile_id_of (f, "Anneke");
  before = dump_tables (f->db);

  g_assert_true (salve_backup_delete_profile (f->db, id, &snapshot, &error));
  g_assert_no_error (error);
  g_assert_true (salve_backup_check (snapshot, NULL));
  g_assert_cmpuint (file_mode (snapshot), ==, 0600);
  after = dump_tables (f->db);
  g_assert_cmpstr (after, !=, before);
  g_assert_cmpuint (count_rows (f->db, "sessions"), ==, 0);
  g_assert_cmpuint (count_rows (f->db, "session_events"), ==, 0);
  g_assert_cmpuint (count_rows (f->db, "programs"), ==, 0);
  g_assert_cmpuint (count_rows (f->db, "diary_entries"), ==, 1);

  g_assert_true (salve_backup_undelete_profile (f->db, snapshot, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (restored = dump_tables (f->db), ==, before);

  /* Twice is refused, whole: nothing is doubled. */
  g_assert_false (salve_backup_undelete_profile (f->db, snapshot, id, NULL, &error));
  g_assert_nonnull (error);
  g_clear_pointer (&restored, g_free);
  g_assert_cmpstr (restored = dump_tables (f->db), ==, before);

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "diary", "stats", "--profile", "Anneke", NULL), ==, 0);
}

/* Undo after another patient was given the name: Bert comes back as
 * "Bert (2)" with his diary, and the new bert keeps the name (it was a
 * raw UNIQUE constraint error). */
static void
test_undelete_after_name_taken (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *snapshot = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *list = NULL;
  g_autofree char *diary = NULL;
  g_autofree char *newcomer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = profile_id_of (f, "Bert");

  g_assert_true (salve_backup_delete_profile (f->db, id, &snapshot, &error));
  g_assert_no_error (error);
  run_ok (f, "profile", "add", "bert", NULL);

  g_assert_true (salve_backup_undelete_profile (f->db, snapshot, id, &renamed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (renamed, ==, "Bert (2)");

  g_assert_cmpint (salve_test_run_salvectl (&list, NULL, "--db", f->db, "profile", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (list, "Bert (2)"));
  g_assert_nonnull (strstr (list, "bert"));
  g_assert_cmpint (salve_test_run_salvectl (&diary, NULL, "--db", f->db, "diary", "list", "--profile", "Bert (2)",
                                            NULL), ==, 0);
  g_assert_nonnull (strstr (diary, "knee"));
  g_assert_cmpint (salve_test_run_salvectl (&newcomer, NULL, "--db", f->db, "diary", "list", "--profile", "bert",
                                            NULL), ==, 0);
  g_assert_null (strstr (newcomer, "knee"));
}

/* Undo after the freed ids were taken again: Bert, deleted with the
 * newest entry and intake, comes back though an entry, an intake and a
 * new patient took his ids since; theirs stay as they are. */
static void
test_undelete_after_ids_taken (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *snapshot = NULL;
  g_autofree char *bert = NULL;
  g_autofree char *anneke = NULL;
  g_autofree char *cor = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  guint entries, intakes;

  id = profile_id_of (f, "Bert");
  entries = count_rows (f->db, "diary_entries");
  intakes = count_rows (f->db, "medication_intakes");

  g_assert_true (salve_backup_delete_profile (f->db, id, &snapshot, &error));
  g_assert_no_error (error);
  run_ok (f, "diary", "add", "--profile", "Anneke", "--pain", "3", "--note", "after the delete", NULL);
  run_ok (f, "medication", "add", "--profile", "Anneke", "--name", "Ibuprofen", "--dose", "400 mg",
          "--at", "2026-03-05T09:00", NULL);
  run_ok (f, "profile", "add", "Cor", NULL);

  if (!salve_backup_undelete_profile (f->db, snapshot, id, NULL, &error))
    g_test_message ("%s", error->message);
  g_assert_no_error (error);
  g_assert_cmpuint (count_rows (f->db, "diary_entries"), ==, entries + 1);
  g_assert_cmpuint (count_rows (f->db, "medication_intakes"), ==, intakes + 1);

  g_assert_cmpint (salve_test_run_salvectl (&bert, NULL, "--db", f->db, "diary", "list", "--profile", "Bert", NULL), ==, 0);
  g_assert_nonnull (strstr (bert, "knee"));
  g_assert_cmpint (salve_test_run_salvectl (&anneke, NULL, "--db", f->db, "diary", "list", "--profile", "Anneke", NULL), ==, 0);
  g_assert_nonnull (strstr (anneke, "after the delete"));
  g_assert_null (strstr (anneke, "knee"));
  g_assert_cmpint (salve_test_run_salvectl (&cor, NULL, "--db", f->db, "diary", "list", "--profile", "Cor", NULL), ==, 0);
  g_assert_null (strstr (cor, "knee"));
  {
    g_autofree char *meds = NULL;

    g_assert_cmpint (salve_test_run_salvectl (&meds, NULL, "--db", f->db, "medication", "list", "--profile", "Bert", NULL), ==, 0);
    g_assert_nonnull (strstr (meds, "Paracetamol"));
    g_assert_null (strstr (meds, "Ibuprofen"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/storage/backup/delete-restore", test_backup_delete_restore);
  ADD ("/storage/backup/default-path-and-modes", test_default_path_and_modes);
  ADD ("/storage/backup/damaged-copy-keeps-older", test_damaged_copy_keeps_older);
  ADD ("/storage/backup/run-daily", test_run_daily);
  ADD ("/storage/backup/restore-keeps-current", test_restore_keeps_current);
  ADD ("/storage/backup/restore-keeps-connections-writing", test_restore_keeps_connections_writing);
  ADD ("/storage/backup/restore-refused-while-session-runs", test_restore_refused_while_session_runs);
  ADD ("/storage/backup/restore-disk-full", test_restore_disk_full);
  ADD ("/storage/backup/restore-keeps-late-write", test_restore_keeps_late_write);
  ADD ("/storage/backup/restore-refuses-bad-file", test_restore_refuses_bad_file);
  ADD ("/storage/backup/restore-over-damaged", test_restore_over_damaged);
  ADD ("/storage/backup/delete-undelete-profile", test_delete_undelete_profile);
  ADD ("/storage/backup/undelete-after-ids-taken", test_undelete_after_ids_taken);
  ADD ("/storage/backup/undelete-after-name-taken", test_undelete_after_name_taken);
  g_test_add_func ("/storage/backup/prune", test_prune);

#undef ADD

  return g_test_run ();
}
