/* test-storage-db.c: the connection, migrations and the profiles table
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "salve-care-plan-repo.h"
#include "salve-db.h"
#include "salve-diary-repo.h"
#include "salve-migrations.h"
#include "salve-profile-repo.h"
#include "salve-test-disk.h"
#include "salve-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("salve-test-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "data", "salve.db", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }

  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
read_file (const char *path,
           gsize      *len)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, len, NULL));
  return contents;
}

static void
test_new_database (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->path, &error);
  g_autofree char *folder = g_path_get_dirname (f->path);
  g_autoptr(SalveStmt) stmt = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_nonnull (db);

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_cmpint (salve_db_get_user_version (db, NULL), ==, salve_migrations_get_latest ());

  stmt = salve_db_prepare (db, "PRAGMA journal_mode", &error);
  g_assert_no_error (error);
  g_assert_true (salve_stmt_step (stmt, NULL));
  g_assert_cmpstr (salve_stmt_get_text (stmt, 0), ==, "wal");
  g_clear_pointer (&stmt, salve_stmt_free);

  stmt = salve_db_prepare (db, "PRAGMA foreign_keys", &error);
  g_assert_true (salve_stmt_step (stmt, NULL));
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 0), ==, 1);
  g_clear_pointer (&stmt, salve_stmt_free);

  stmt = salve_db_prepare (db, "PRAGMA synchronous", &error);
  g_assert_true (salve_stmt_step (stmt, NULL));
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 0), ==, 2); /* FULL */
}

/* A change to what another program deleted meanwhile says so, in words:
 * it said "refused by the database (FOREIGN KEY constraint failed)". */
static void
test_deleted_meanwhile (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->path, &error);
  g_autoptr(SalveDb) other = NULL;
  g_autoptr(SalveProfile) cees = NULL;
  g_autoptr(SalveDiaryEntry) entry = NULL;

  g_assert_no_error (error);
  cees = salve_profile_repo_add (db, "Cees", &error);
  g_assert_no_error (error);
  entry = salve_diary_entry_new (salve_profile_get_id (cees));
  salve_diary_entry_set_pain (entry, 4);

  other = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (salve_db_exec (other, "DELETE FROM profiles WHERE name = 'Cees'", &error));
  g_assert_no_error (error);

  g_assert_false (salve_diary_repo_add (db, entry, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "is no longer in the database. Another program may have deleted it."));
}

static void
test_profiles (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->path, &error);
  g_autoptr(SalveProfile) anneke = NULL;
  g_autoptr(SalveProfile) bert = NULL;
  g_autoptr(SalveProfile) found = NULL;
  g_autoptr(SalveProfile) dup = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_no_error (error);

  bert = salve_profile_repo_add (db, "Bert", &error);
  g_assert_no_error (error);
  anneke = salve_profile_repo_add (db, "Anneke", &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_profile_get_id (anneke), >, salve_profile_get_id (bert));

  dup = salve_profile_repo_add (db, "anneke", &error);
  g_assert_null (dup);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS);
  g_clear_error (&error);

  list = salve_profile_repo_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (salve_profile_get_name (g_ptr_array_index (list, 0)), ==, "Anneke");

  found = salve_profile_repo_find_by_name (db, "ANNEKE", &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_profile_get_id (found), ==, salve_profile_get_id (anneke));
  g_clear_object (&found);

  found = salve_profile_repo_find_by_name (db, "Carla", &error);
  g_assert_null (found);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (salve_profile_repo_rename (db, salve_profile_get_id (bert), "Bert Jansen", &error));
  g_assert_no_error (error);
  found = salve_profile_repo_get (db, salve_profile_get_id (bert), &error);
  g_assert_cmpstr (salve_profile_get_name (found), ==, "Bert Jansen");
}

static void
test_not_a_database (Fixture       *f,
                     gconstpointer  data)
{
  const char *text = "date;pain\n2026-01-01;4\n";
  g_autofree char *folder = g_path_get_dirname (f->path);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autofree char *after = NULL;
  gsize len;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->path, text, -1, NULL));

  db = salve_db_open (f->path, &error);
  g_assert_null (db);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, "salve.db"));

  after = read_file (f->path, &len);
  g_assert_cmpstr (after, ==, text);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_too_new (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->path, &error);
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", salve_migrations_get_latest () + 1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;

  g_assert_no_error (error);
  g_assert_true (salve_db_exec (db, bump, NULL));
  g_assert_true (salve_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL));
  g_clear_object (&db);

  before = read_file (f->path, &before_len);
  db = salve_db_open (f->path, &error);
  g_assert_null (db);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));

  after = read_file (f->path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* A database made readable to all (copied with cp, say): opened, it is
 * its owner's alone again, and so are its log and the log's index, which
 * SQLite made with the file's mode of the time and keeps. */
static void
test_private_side_files (Fixture       *f,
                         gconstpointer  data)
{
  const char *sides[] = { "", "-wal", "-shm" };
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveDb) again = NULL;
  g_autofree char *folder = g_path_get_dirname (f->path);
  GStatBuf st;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->path, "", 0, NULL));
  g_assert_cmpint (g_chmod (f->path, 0644), ==, 0);
  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  /* A second connection keeps the log open when the first is done. */
  again = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  g_clear_object (&db);

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autofree char *path = g_strconcat (f->path, sides[i], NULL);

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }
}

/* The schema version of the file at @path as SQLite reads it, or -1. */
static int
file_version (const char *path)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return version;
}

/* A new database on a disk with room for a few pages only: it was left
 * halfway (schema 11 of the latest), and every later opening first
 * wanted a backup copy of it, for which there was no room either. Now it
 * is made whole or not at all: a file the disk refused holds schema 0,
 * and is made at the next opening with room. */
static void
test_new_database_disk_full (Fixture       *f,
                             gconstpointer  data)
{
  guint refused = 0;
  gboolean made = FALSE;

  for (guint n = 0; n < 400 && !made; n += 3)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SalveDb) db = NULL;

      salve_test_set_disk_full_after (n);
      db = salve_db_open (f->path, &error);
      salve_test_set_disk_full (FALSE);
      if (db != NULL)
        {
          made = TRUE;
          g_assert_cmpint (salve_db_get_user_version (db, NULL), ==, salve_migrations_get_latest ());
          break;
        }
      refused++;
      g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_DISK_FULL);
      if (g_file_test (f->path, G_FILE_TEST_EXISTS))
        g_assert_cmpint (file_version (f->path), <=, 0);
    }

  g_assert_cmpuint (refused, >, 1);
  g_assert_true (made);
}

/* A negative version, set by another program: salvectl crashed on it
 * (the open failed without saying why). Refused, and left as it was. */
static void
test_negative_version (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->path, &error);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;

  g_assert_no_error (error);
  g_assert_true (salve_db_exec (db, "PRAGMA user_version = -1", NULL));
  g_assert_true (salve_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL));
  g_clear_object (&db);

  before = read_file (f->path, &before_len);
  db = salve_db_open (f->path, &error);
  g_assert_null (db);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, "left untouched"));

  after = read_file (f->path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_migrate_old_database (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open_unmigrated (f->path, &error);
  g_autoptr(SalveProfile) kept = NULL;
  g_autoptr(SalveDb) backup = NULL;
  g_autofree char *backup_path = g_strconcat (f->path, ".bak-v1", NULL);
  g_autoptr(SalveStmt) stmt = NULL;

  g_assert_no_error (error);

  /* A database as the first release left it: schema v1 with a profile. */
  g_assert_true (salve_migrations_run (db, 1, &error));
  g_assert_no_error (error);
  g_assert_true (salve_db_exec (db, "INSERT INTO profiles (name, created_at) "
                                    "VALUES ('Oma Jo', '2026-01-02T10:00:00+01:00')", &error));
  g_clear_object (&db);

  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_db_get_user_version (db, NULL), ==, salve_migrations_get_latest ());

  kept = salve_profile_repo_find_by_name (db, "Oma Jo", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (salve_profile_get_created_at (kept), ==, "2026-01-02T10:00:00+01:00");

  /* The later tables exist and the profile's data can use them. */
  stmt = salve_db_prepare (db, "INSERT INTO diary_entries (profile_id, at, at_unix, pain) "
                               "VALUES (?1, '2026-01-03T09:00:00+01:00', 1767427200, 5)", &error);
  g_assert_no_error (error);
  salve_stmt_bind_int64 (stmt, 1, salve_profile_get_id (kept), NULL);
  g_assert_true (salve_stmt_run (stmt, &error));
  g_assert_no_error (error);

  /* The copy made before upgrading is the old database, as it was. */
  g_assert_true (g_file_test (backup_path, G_FILE_TEST_EXISTS));
  backup = salve_db_open_unmigrated (backup_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_db_get_user_version (backup, NULL), ==, 1);
}

static void
test_unwritable_folder (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autofree char *blocker = g_build_filename (f->dir, "data", NULL);
  g_autofree char *path = g_build_filename (blocker, "salve.db", NULL);

  /* A file where the folder should be: unwritable even for root. */
  g_assert_true (g_file_set_contents (blocker, "not a folder", -1, NULL));

  db = salve_db_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_WRITABLE);
}

/* A database with some profiles, fully checkpointed into the main file so
 * that damaging the file's bytes is what the next open reads. */
static void
make_database (const char *path,
               guint       n_profiles,
               const char *table,
               gint64     *page_size,
               gint64     *rootpage)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (path, &error);
  g_autoptr(SalveStmt) stmt = NULL;

  g_assert_no_error (error);

  for (guint i = 0; i < n_profiles; i++)
    {
      g_autofree char *name = g_strdup_printf ("Patient %03u with a longer name to fill pages", i);
      g_autoptr(SalveProfile) profile = salve_profile_repo_add (db, name, &error);

      g_assert_no_error (error);
    }

  stmt = salve_db_prepare (db, "PRAGMA page_size", &error);
  g_assert_no_error (error);
  g_assert_true (salve_stmt_step (stmt, NULL));
  *page_size = salve_stmt_get_int64 (stmt, 0);
  g_clear_pointer (&stmt, salve_stmt_free);

  stmt = salve_db_prepare (db, "SELECT rootpage FROM sqlite_master WHERE name = ?1", &error);
  g_assert_no_error (error);
  salve_stmt_bind_text (stmt, 1, table, NULL);
  g_assert_true (salve_stmt_step (stmt, NULL));
  *rootpage = salve_stmt_get_int64 (stmt, 0);
  g_clear_pointer (&stmt, salve_stmt_free);

  g_assert_true (salve_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
}

static const char *
find_bytes (const char *haystack,
            gsize       len,
            const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return haystack + i;

  return NULL;
}

static void
assert_damaged_message (const GError *error,
                        const char   *path)
{
  g_autofree char *base = g_path_get_basename (path);

  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_assert_nonnull (strstr (error->message, base));
}

static void
test_corrupt_first_page (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  gint64 page_size, rootpage;

  make_database (f->path, 3, "profiles", &page_size, &rootpage);

  /* Page 1 holds the schema; its b-tree header starts after the 100-byte
   * file header, which stays intact: SQLite still recognises the file. */
  salve_test_damage_file (f->path, 100, 12, 0xff);
  before = read_file (f->path, &before_len);

  db = salve_db_open (f->path, &error);
  g_assert_null (db);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CORRUPT);
  assert_damaged_message (error, f->path);
  g_clear_error (&error);

  /* Nor does the open without migrating get further. */
  db = salve_db_open_unmigrated (f->path, &error);
  g_assert_null (db);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CORRUPT);

  after = read_file (f->path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_corrupt_schema_text (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  gint64 page_size, rootpage;
  const char *sql;

  make_database (f->path, 3, "profiles", &page_size, &rootpage);

  /* A flipped word in a stored CREATE statement: the file header and the
   * b-tree are fine, the schema itself cannot be read. */
  before = read_file (f->path, &before_len);
  sql = find_bytes (before, before_len, "CREATE TABLE profiles");
  g_assert_nonnull (sql);
  salve_test_damage_file (f->path, sql - before, 6, '#');
  g_clear_pointer (&before, g_free);
  before = read_file (f->path, &before_len);

  db = salve_db_open (f->path, &error);
  g_assert_null (db);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CORRUPT);
  assert_damaged_message (error, f->path);

  after = read_file (f->path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_corrupt_table_page (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(SalveProfile) added = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  gint64 page_size, rootpage;

  /* Enough rows that the profiles table spans several pages. */
  make_database (f->path, 200, "profiles", &page_size, &rootpage);
  g_assert_cmpint (rootpage, >, 1);

  /* The table's root page loses its b-tree header: the schema still reads,
   * the rows do not. */
  salve_test_damage_file (f->path, (rootpage - 1) * page_size, 12, 0xff);
  before = read_file (f->path, &before_len);

  db = salve_db_open (f->path, &error);
  if (db == NULL)
    {
      g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CORRUPT);
      assert_damaged_message (error, f->path);
    }
  else
    {
      g_assert_no_error (error);

      list = salve_profile_repo_list (db, &error);
      g_assert_null (list);
      g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CORRUPT);
      assert_damaged_message (error, f->path);
      g_clear_error (&error);

      /* A write into the damaged table is refused too, and changes nothing. */
      added = salve_profile_repo_add (db, "Nieuwe patiënt", &error);
      g_assert_null (added);
      g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CORRUPT);
      g_clear_object (&db);
    }

  after = read_file (f->path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* Opening the database a second time in the same process must not drop
 * the first connection's locks: POSIX locks belong to the process, and a
 * file descriptor of our own closed after a look at the header would
 * release them all. Another program closing its connection would then
 * believe it was the last one and remove the WAL and its index under us. */
static void
test_second_open_keeps_locks (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) first = NULL;
  g_autoptr(SalveDb) second = NULL;
  g_autoptr(SalveProfile) profile = NULL;
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  first = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  profile = salve_profile_repo_add (first, "Anna", &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  g_assert_true (g_file_test (shm, G_FILE_TEST_EXISTS));

  second = salve_db_open_existing (f->path, &error);
  g_assert_no_error (error);
  g_clear_object (&second);

  /* Another program opens the database, writes nothing and closes. */
  salve_test_lock_release (salve_test_lock_take (f->path, -1));

  g_assert_true (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  second = salve_db_open_existing (f->path, &error);
  g_assert_no_error (error);
  g_clear_object (&second);
}

/* An import alone whose switch back to the log met a full disk left the
 * database on its rollback journal: with the disk still full it is read
 * as it is (every opening failed as "disk full" before, reading too). */
static void
test_full_disk_on_rollback_journal (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  sqlite3 *raw = NULL;

  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  anna = salve_profile_repo_add (db, "Anna", &error);
  g_assert_no_error (error);
  g_clear_object (&db);
  g_assert_cmpint (sqlite3_open (f->path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  salve_test_set_disk_full (TRUE);
  db = salve_db_open (f->path, &error);
  salve_test_set_disk_full (FALSE);
  g_assert_no_error (error);
  profiles = salve_profile_repo_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (profiles->len, ==, 1);
  g_clear_object (&db);

  /* With room again, back on the log. */
  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(SalveStmt) mode = salve_db_prepare (db, "PRAGMA journal_mode", &error);

    g_assert_true (salve_stmt_step (mode, NULL));
    g_assert_cmpstr (salve_stmt_get_text (mode, 0), ==, "wal");
  }
}

/* salvectl importing alone on the database holds it on a rollback
 * journal so that nobody can read it: the window's opening is refused
 * at once (BUSY, not a wait of seconds at each step), and opens as
 * before, on the write-ahead log, once the import is done. */
static void
test_open_without_waiting (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  SalveTestLock *lock;
  gint64 start;

  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  g_clear_object (&db);

  lock = salve_test_lock_take_alone (f->path);
  start = g_get_monotonic_time ();
  db = salve_db_open_without_waiting (f->path, &error);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_BUSY);
  g_assert_null (db);
  /* Well under the busy timeout, which it would otherwise wait out. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, SALVE_DB_BUSY_TIMEOUT_MS * 1000 / 2);
  g_clear_error (&error);
  salve_test_lock_release (lock);

  db = salve_db_open_without_waiting (f->path, &error);
  g_assert_no_error (error);
  /* Its later statements wait for locks as ever. */
  g_assert_cmpuint (salve_db_get_busy_timeout (db), ==, SALVE_DB_BUSY_TIMEOUT_MS);
}

/* Another part of the process opening the database's files (the GTK
 * file chooser looks inside every file of the folder it shows, the
 * database and its WAL index among them, to tell their type) drops the
 * process's POSIX locks on them: they belong to the process, and any
 * close of a descriptor of the file lets them go. Another program
 * closing the database then took itself for the last one and removed the
 * WAL and its index from under the app, whose next import failed with
 * "disk I/O error" and whose writes went into a removed file. No Salve
 * connection removes them: each keeps its WAL (SQLITE_FCNTL_PERSIST_WAL). */
static void
test_foreign_look_keeps_wal (Fixture       *f,
                             gconstpointer  data)
{
  const char *files[] = { "", "-shm" };
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(SalveProfile) bob = NULL;
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *out = NULL;

  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  anna = salve_profile_repo_add (db, "Anna", &error);
  g_assert_no_error (error);

  /* What the file chooser asks of each file: its type, by its bytes. */
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_strconcat (f->path, files[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                                                     G_FILE_QUERY_INFO_NONE, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (info);
    }

  if (GPOINTER_TO_INT (data))
    {
      /* Another program imports: it must not take itself for the only
       * one on the database, which SQLite's locks alone would say. */
      g_autofree char *csv = g_strconcat (f->path, ".csv", NULL);
      g_autoptr(GString) rows = g_string_new ("date,time,pain,note\n");

      /* Enough pages that the file changes under this connection. */
      for (guint i = 0; i < 3000; i++)
        g_string_append_printf (rows, "2026-%02u-%02u,%02u:%02u,%u,row %u\n", 1 + i / 300, 1 + (i / 10) % 28,
                                8 + i % 10, i % 60, i % 11, i);
      g_assert_true (g_file_set_contents (csv, rows->str, rows->len, NULL));
      g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->path, "import", csv, "--profile", "Anna",
                                                NULL), ==, 0);
      {
        g_autoptr(SalveStmt) count = salve_db_prepare (db, "SELECT count(*) FROM diary_entries", &error);

        g_assert_no_error (error);
        g_assert_true (salve_stmt_step (count, &error));
        g_assert_no_error (error);
        g_assert_cmpint (salve_stmt_get_int64 (count, 0), ==, 3000);
      }
    }
  else
    {
      /* Another program opens the database, reads and closes. */
      g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->path, "profile", "list", NULL), ==, 0);
    }
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (shm, G_FILE_TEST_EXISTS));

  /* What this connection writes now is there for the next program. */
  bob = salve_profile_repo_add (db, "Bob", &error);
  g_assert_no_error (error);
  g_clear_object (&db);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->path, "profile", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Anna"));
  g_assert_nonnull (strstr (out, "Bob"));
}

static void
test_damaged_header (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  gint64 page_size, rootpage;

  make_database (f->path, 1, "profiles", &page_size, &rootpage);

  /* The SQLite signature is intact but the page size behind it is not:
   * a damaged Salve database, not some other kind of file. */
  salve_test_damage_file (f->path, 16, 2, 0x03);
  before = read_file (f->path, &before_len);

  db = salve_db_open (f->path, &error);
  g_assert_null (db);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CORRUPT);
  assert_damaged_message (error, f->path);

  after = read_file (f->path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* A full disk, as SQLite reports it (SQLITE_FULL); max_page_count gives
 * the same result code without filling a real disk. */
static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->path, &error);
  g_autoptr(SalveStmt) count = NULL;
  g_autofree char *limit = NULL;

  g_assert_no_error (error);
  g_assert_true (salve_db_exec (db, "CREATE TABLE filler (x BLOB)", &error));
  count = salve_db_prepare (db, "PRAGMA page_count", &error);
  g_assert_no_error (error);
  g_assert_true (salve_stmt_step (count, NULL));
  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, salve_stmt_get_int64 (count, 0));
  g_clear_pointer (&count, salve_stmt_free);
  g_assert_true (salve_db_exec (db, limit, &error));

  g_assert_false (salve_db_exec (db, "INSERT INTO filler VALUES (randomblob(1000000))", &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_DISK_FULL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "The disk is full"));
  g_assert_nonnull (strstr (error->message, f->path));
}

/* A disk that is full before SQLite writes a byte: growing the WAL
 * index fails first, which SQLite reports as a plain "disk I/O error"
 * (SQLITE_IOERR_SHMSIZE). Its VFS lets a test replace the system calls
 * it writes with. */
static void
test_disk_full_io_error (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->path, &error);

  g_assert_no_error (error);
  /* Closed, it leaves no WAL index: the next open must write one. */
  g_clear_object (&db);

  salve_test_set_disk_full (TRUE);
  db = salve_db_open (f->path, &error);
  salve_test_set_disk_full (FALSE);

  g_assert_null (db);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_DISK_FULL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "The disk is full"));
}

/* A save the disk refused (its commit failed) is undone whole: the next
 * save, once the disk has room again, is committed on its own and not
 * made inside a transaction left open, where closing the program lost it
 * after "saved" had been said. The same for a care plan. */
static void
test_failed_commit_leaves_no_transaction (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->path, &error);
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(SalveDiaryEntry) refused = NULL;
  g_autoptr(SalveDiaryEntry) saved = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  g_assert_no_error (error);
  profile = salve_profile_repo_add (db, "Ann", &error);
  g_assert_no_error (error);

  refused = salve_diary_entry_new (salve_profile_get_id (profile));
  salve_diary_entry_set_pain (refused, 7);
  salve_test_set_disk_full (TRUE);
  g_assert_false (salve_diary_repo_add (db, refused, &error));
  salve_test_set_disk_full (FALSE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_true (sqlite3_get_autocommit (_salve_db_get_handle (db)));

  saved = salve_diary_entry_new (salve_profile_get_id (profile));
  salve_diary_entry_set_pain (saved, 3);
  g_assert_true (salve_diary_repo_add (db, saved, &error));
  g_assert_no_error (error);
  g_assert_true (sqlite3_get_autocommit (_salve_db_get_handle (db)));

  /* What another program (or this one, started again) reads. */
  g_clear_object (&db);
  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  entries = salve_diary_repo_list (db, salve_profile_get_id (profile), G_MININT64, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpint (salve_diary_entry_get_pain (g_ptr_array_index (entries, 0)), ==, 3);
}

static void
test_read_only_file_system (Fixture       *f,
                            gconstpointer  data)
{
  /* sysfs refuses new files and folders even to root, which a chmod
   * cannot do: tests run as root in CI. */
  static const char *const paths[] = { "/sys/salve.db", "/sys/salve-test/salve.db" };

  if (!g_file_test ("/sys/kernel", G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("sysfs is not mounted");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SalveDb) db = salve_db_open (paths[i], &error);

      g_assert_null (db);
      g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_WRITABLE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "/sys"));
      g_assert_false (g_file_test (paths[i], G_FILE_TEST_EXISTS));
    }
}

static void
test_read_only_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autofree char *folder = g_path_get_dirname (f->path);

  /* Root writes into a 0500 folder regardless; test_read_only_file_system
   * covers root. */
  if (geteuid () == 0)
    {
      g_test_skip ("root may write into a read-only folder");
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0500), ==, 0);

  db = salve_db_open (f->path, &error);
  g_assert_null (db);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_WRITABLE);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  g_chmod (folder, 0700);
}

static void
make_v1_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open_unmigrated (path, &error);

  g_assert_no_error (error);
  g_assert_true (salve_migrations_run (db, 1, &error));
  g_assert_no_error (error);
  g_assert_true (salve_db_exec (db, "INSERT INTO profiles (name, created_at) "
                                    "VALUES ('Oma Jo', '2026-01-02T10:00:00+01:00')", &error));
}

static void
test_backup_never_overwritten (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveDb) backup = NULL;
  g_autofree char *older = g_strconcat (f->path, ".bak-v1", NULL);
  g_autofree char *older2 = g_strconcat (f->path, ".bak-v1.1", NULL);
  g_autofree char *fresh = g_strconcat (f->path, ".bak-v1.2", NULL);
  g_autofree char *after = NULL;
  g_autofree char *after2 = NULL;

  make_v1_database (f->path);

  /* Backups from earlier upgrades, possibly of another database. */
  g_assert_true (g_file_set_contents (older, "an older backup", -1, NULL));
  g_assert_true (g_file_set_contents (older2, "another older backup", -1, NULL));

  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_db_get_user_version (db, NULL), ==, salve_migrations_get_latest ());

  after = read_file (older, NULL);
  g_assert_cmpstr (after, ==, "an older backup");
  after2 = read_file (older2, NULL);
  g_assert_cmpstr (after2, ==, "another older backup");

  backup = salve_db_open_unmigrated (fresh, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_db_get_user_version (backup, NULL), ==, 1);
}

/* v7: the import's look-up of diary rows without a key (backfill_keys in
 * salve-importer.c) goes through an index of just those rows. */
static void
test_migrate_v6_unkeyed_index (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open_unmigrated (f->path, &error);
  g_autoptr(SalveDb) backup = NULL;
  g_autoptr(SalveStmt) stmt = NULL;
  g_autofree char *backup_path = g_strconcat (f->path, ".bak-v6", NULL);
  gboolean indexed = FALSE;
  guint n_rows = 0;

  g_assert_no_error (error);
  g_assert_true (salve_migrations_run (db, 6, &error));
  g_assert_no_error (error);
  g_assert_true (salve_db_exec (db,
    "INSERT INTO profiles (id, name, created_at) VALUES (1, 'Oma Jo', '2026-01-02T10:00:00+01:00');"
    "INSERT INTO diary_entries (profile_id, at, at_unix, pain, dedupe_key) VALUES "
    "(1, '2026-01-03T09:00:00+01:00', 1767427200, 5, 42),"
    "(1, '2026-01-03T10:00:00+01:00', 1767430800, 4, NULL);", &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_db_get_user_version (db, NULL), ==, salve_migrations_get_latest ());
  g_assert_cmpint (salve_migrations_get_latest (), >=, 7);
  /* v19 took every diary key away, to be made again: the key of 9:00
   * made again. */
  g_assert_true (salve_db_exec (db, "UPDATE diary_entries SET dedupe_key = 42 WHERE at_unix = 1767427200", &error));
  g_assert_no_error (error);

  stmt = salve_db_prepare (db, "EXPLAIN QUERY PLAN SELECT id FROM diary_entries "
                               "WHERE profile_id = ?1 AND dedupe_key IS NULL", &error);
  g_assert_no_error (error);
  salve_stmt_bind_int64 (stmt, 1, 1, NULL);
  while (salve_stmt_step (stmt, NULL))
    indexed = indexed || strstr (salve_stmt_get_text (stmt, 3), "USING INDEX diary_entries_unkeyed") != NULL;
  g_assert_true (indexed);
  g_clear_pointer (&stmt, salve_stmt_free);

  /* Through the index: the row without a key, and only that one. */
  stmt = salve_db_prepare (db, "SELECT at FROM diary_entries WHERE profile_id = ?1 AND dedupe_key IS NULL", &error);
  g_assert_no_error (error);
  salve_stmt_bind_int64 (stmt, 1, 1, NULL);
  while (salve_stmt_step (stmt, NULL))
    {
      g_assert_cmpstr (salve_stmt_get_text (stmt, 0), ==, "2026-01-03T10:00:00+01:00");
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, 1);

  /* The copy made before upgrading is the v6 database, as it was. */
  backup = salve_db_open_unmigrated (backup_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_db_get_user_version (backup, NULL), ==, 6);
}

/* v14: no pause table. A v13 database in which a pause row was left
 * (the entries written since were never counted) is counted anew for
 * that profile; the insert trigger counts every entry again. */
static void
test_migrate_v13_no_pause (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open_unmigrated (f->path, &error);
  g_autoptr(SalveStmt) stmt = NULL;

  g_assert_no_error (error);
  g_assert_true (salve_migrations_run (db, 13, &error));
  g_assert_no_error (error);
  g_assert_true (salve_db_exec (db,
    "INSERT INTO profiles (id, name, created_at) VALUES (1, 'Oma Jo', '2026-01-02T10:00:00+01:00'),"
    " (2, 'Opa Piet', '2026-01-02T10:00:00+01:00');"
    "INSERT INTO diary_entries (profile_id, at, at_unix, pain) VALUES"
    " (1, '2026-01-03T09:00:00+01:00', 1767427200, 5);"
    "INSERT INTO diary_days_paused (profile_id) VALUES (1);"
    "INSERT INTO diary_entries (profile_id, at, at_unix, pain) VALUES"
    " (1, '2026-01-03T10:00:00+01:00', 1767430800, 5),"
    " (1, '2026-01-04T10:00:00+01:00', 1767517200, 2),"
    " (2, '2026-01-04T10:00:00+01:00', 1767517200, 7);", &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_db_get_user_version (db, NULL), ==, salve_migrations_get_latest ());
  g_assert_cmpint (salve_migrations_get_latest (), >=, 14);
  g_assert_true (salve_db_exec (db, "INSERT INTO diary_entries (profile_id, at, at_unix, pain) VALUES"
                                    " (1, '2026-01-04T11:00:00+01:00', 1767520800, 2);", &error));
  g_assert_no_error (error);

  stmt = salve_db_prepare (db, "SELECT (SELECT count(*) FROM sqlite_schema WHERE name = 'diary_days_paused'),"
                               " (SELECT group_concat(profile_id || ' ' || day || ' ' || n2 || ' ' || n5 || ' ' || n7, ', ')"
                               "  FROM (SELECT * FROM diary_days ORDER BY profile_id, day))", &error);
  g_assert_no_error (error);
  g_assert_true (salve_stmt_step (stmt, &error));
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 0), ==, 0);
  g_assert_cmpstr (salve_stmt_get_text (stmt, 1), ==,
                   "1 2026-01-03 0 2 0, 1 2026-01-04 2 0 0, 2 2026-01-04 0 0 1");
}

/* v17: a schedule's versions. The schedules of a v16 database are each a
 * first version that counts from the plan's start, as they counted
 * before; a schedule saved after that adds a version of its own. */
static void
test_migrate_v16_schedule_changes (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open_unmigrated (f->path, &error);
  g_autoptr(GArray) changes = NULL;
  SalveCareSchedule nmes = { 0 };
  const SalveCareSchedule *c;

  g_assert_no_error (error);
  g_assert_true (salve_migrations_run (db, 16, &error));
  g_assert_no_error (error);
  g_assert_true (salve_db_exec (db,
    "INSERT INTO profiles (id, name, name_key, created_at) VALUES (1, 'Oma Jo', 'oma jo', '2026-01-02T10:00:00+01:00');"
    "INSERT INTO care_plans (profile_id, start_date, created_at, updated_at)"
    " VALUES (1, '2026-10-01', '2026-10-01T09:00:00+02:00', '2026-10-01T09:00:00+02:00');"
    "INSERT INTO care_schedules (profile_id, modality, per_day, minutes, times)"
    " VALUES (1, 'tens', 2, 30, '08:00,20:00'), (1, 'laser', 1, 0, '');", &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_migrations_get_latest (), >=, 17);
  changes = salve_care_plan_repo_list_schedule_changes (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 2);
  for (guint i = 0; i < changes->len; i++)
    g_assert_cmpint (g_array_index (changes, SalveCareSchedule, i).since_unix, ==, 0);
  g_clear_pointer (&changes, g_array_unref);

  /* The plan was made long ago: a schedule saved now counts from now. */
  salve_care_schedule_get_default (SALVE_MODALITY_NMES, &nmes);
  g_assert_true (salve_care_plan_repo_set_schedule (db, 1, &nmes, &error));
  g_assert_no_error (error);
  changes = salve_care_plan_repo_list_schedule_changes (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 3);
  c = &g_array_index (changes, SalveCareSchedule, 2);
  g_assert_cmpint (c->modality, ==, SALVE_MODALITY_NMES);
  g_assert_cmpuint (c->per_day, ==, 2);
  g_assert_cmpint (c->since_unix, >, 0);
  g_assert_cmpint (ABS (c->since_unix - g_get_real_time () / G_USEC_PER_SEC), <, 600);
}

/* v18: a course can end. A v17 plan runs on; one ended gets its end
 * back from the file, and one whose end was edited into nonsense is not
 * taken as running (nor ended): reading it fails as corrupt. */
static void
test_migrate_v17_course_end (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open_unmigrated (f->path, &error);
  g_autoptr(SalveCarePlan) plan = NULL;

  g_assert_no_error (error);
  g_assert_true (salve_migrations_run (db, 17, &error));
  g_assert_no_error (error);
  g_assert_true (salve_db_exec (db,
    "INSERT INTO profiles (id, name, name_key, created_at) VALUES (1, 'Oma Jo', 'oma jo', '2026-01-02T10:00:00+01:00');"
    "INSERT INTO care_plans (profile_id, start_date, created_at, updated_at)"
    " VALUES (1, '2026-10-01', '2026-10-01T09:00:00+02:00', '2026-10-01T09:00:00+02:00');", &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_migrations_get_latest (), >=, 18);
  plan = salve_care_plan_repo_get (db, 1, &error);
  g_assert_no_error (error);
  g_assert_false (g_date_valid (&plan->ended));
  g_clear_pointer (&plan, salve_care_plan_free);

  g_assert_true (salve_db_exec (db, "UPDATE care_plans SET ended_on = '2026-12-01'", &error));
  g_assert_no_error (error);
  plan = salve_care_plan_repo_get (db, 1, &error);
  g_assert_no_error (error);
  g_assert_true (g_date_valid (&plan->ended));
  g_assert_cmpint (g_date_get_day (&plan->ended), ==, 1);
  g_assert_cmpint (g_date_get_month (&plan->ended), ==, G_DATE_DECEMBER);
  g_clear_pointer (&plan, salve_care_plan_free);

  g_assert_true (salve_db_exec (db, "UPDATE care_plans SET ended_on = 'soon'", &error));
  g_assert_no_error (error);
  plan = salve_care_plan_repo_get (db, 1, &error);
  g_assert_null (plan);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CORRUPT);
}

/* v19: a diary row's key hashes its instant, no longer its time as
 * written: every key made before is taken away, to be made again by the
 * next import (as for rows typed in). Sessions keep theirs. */
static void
test_migrate_v18_diary_keys (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open_unmigrated (f->path, &error);
  g_autoptr(SalveStmt) stmt = NULL;

  g_assert_no_error (error);
  g_assert_true (salve_migrations_run (db, 18, &error));
  g_assert_no_error (error);
  g_assert_true (salve_db_exec (db,
    "INSERT INTO profiles (id, name, name_key, created_at) VALUES (1, 'Oma Jo', 'oma jo', '2026-01-02T10:00:00+01:00');"
    "INSERT INTO diary_entries (profile_id, at, at_unix, pain, dedupe_key) VALUES "
    "(1, '2026-01-03T09:00:00+01:00', 1767427200, 5, 42),"
    "(1, '2026-01-03T08:00:00+00:00', 1767427200, 5, 43),"
    "(1, '2026-01-03T10:00:00+01:00', 1767430800, 4, NULL);"
    "INSERT INTO sessions (profile_id, modality, site, outcome, dedupe_key, started_at, started_unix)"
    " VALUES (1, 'tens', 'knee', 'completed', 44, '2026-01-03T11:00:00+01:00', 1767434400);", &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_migrations_get_latest (), >=, 19);
  stmt = salve_db_prepare (db, "SELECT (SELECT count(*) FROM diary_entries WHERE dedupe_key IS NULL),"
                               " (SELECT count(*) FROM diary_entries), (SELECT dedupe_key FROM sessions)", &error);
  g_assert_no_error (error);
  g_assert_true (salve_stmt_step (stmt, &error));
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 0), ==, 3);
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 1), ==, 3);
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 2), ==, 44);
}

/* v8: names unique ignoring case beyond ASCII. A v7 database that already
 * holds "É1" and "é1" (NOCASE let both in) keeps both, each found by its
 * own spelling; no third spelling can be added. */
static void
test_migrate_v7_name_keys (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open_unmigrated (f->path, &error);
  g_autoptr(SalveProfile) upper = NULL;
  g_autoptr(SalveProfile) lower = NULL;
  g_autoptr(SalveProfile) added = NULL;

  g_assert_no_error (error);
  g_assert_true (salve_migrations_run (db, 7, &error));
  g_assert_no_error (error);
  g_assert_true (salve_db_exec (db,
    "INSERT INTO profiles (id, name, created_at) VALUES (1, 'É1', '2026-01-02T10:00:00+01:00'),"
    " (2, 'é1', '2026-01-02T10:00:00+01:00'), (3, 'Jo', '2026-01-02T10:00:00+01:00');", &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_db_get_user_version (db, NULL), ==, salve_migrations_get_latest ());
  g_assert_cmpint (salve_migrations_get_latest (), >=, 8);

  upper = salve_profile_repo_find_by_name (db, "É1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_profile_get_id (upper), ==, 1);
  lower = salve_profile_repo_find_by_name (db, "é1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_profile_get_id (lower), ==, 2);

  added = salve_profile_repo_add (db, "E\u03011", &error);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS);
  g_assert_null (added);
  g_clear_error (&error);
  g_assert_false (salve_profile_repo_rename (db, 3, "é1", &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS);
  g_clear_error (&error);

  /* Renaming to another spelling of its own name is fine. */
  g_assert_true (salve_profile_repo_rename (db, 3, "JO", &error));
  g_assert_no_error (error);
}

/* v9: the care plan tables, diary activities and the warning flags. A v8
 * diary keeps every entry, each with both flags off, and gains tables
 * that refuse what the care plan does not allow. */
static void
test_migrate_v8_care_plan (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open_unmigrated (f->path, &error);
  g_autoptr(SalveStmt) stmt = NULL;

  g_assert_no_error (error);
  g_assert_true (salve_migrations_run (db, 8, &error));
  g_assert_no_error (error);
  g_assert_true (salve_db_exec (db,
    "INSERT INTO profiles (id, name, name_key, created_at) VALUES (1, 'Anna', 'anna', '2026-01-02T10:00:00+01:00');"
    "INSERT INTO diary_entries (id, profile_id, at, at_unix, pain) VALUES"
    " (1, 1, '2026-03-29T10:00:00+02:00', 1774771200, 6),"
    " (2, 1, '2026-10-01T10:00:00+02:00', 1790841600, 4);", &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_db_get_user_version (db, NULL), ==, salve_migrations_get_latest ());
  g_assert_cmpint (salve_migrations_get_latest (), >=, 9);

  stmt = salve_db_prepare (db, "SELECT count(*), sum(new_weakness), sum(numbness) FROM diary_entries", &error);
  g_assert_no_error (error);
  g_assert_true (salve_stmt_step (stmt, NULL));
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 0), ==, 2);
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 1), ==, 0);
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 2), ==, 0);

  g_assert_true (salve_db_exec (db,
    "INSERT INTO care_plans (profile_id, start_date, created_at, updated_at)"
    " VALUES (1, '2026-10-01', '2026-10-01T09:00:00+02:00', '2026-10-01T09:00:00+02:00');"
    "INSERT INTO care_schedules (profile_id, modality, per_day, minutes) VALUES (1, 'tens', 2, 30);"
    "INSERT INTO diary_activities (entry_id, activity, minutes) VALUES (2, 'walking', 30);"
    "INSERT INTO activity_targets (profile_id, activity, baseline_week, baseline_minutes)"
    " VALUES (1, 'walking', '2026-10-01', 120);", &error));
  g_assert_no_error (error);

  /* The checks hold: a course that does not exist, a flag of 2, a day of
   * more than 1440 minutes, a step above 50 %. */
  g_assert_false (salve_db_exec (db, "UPDATE care_plans SET course = 'short'", &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (salve_db_exec (db, "UPDATE diary_entries SET numbness = 2", &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (salve_db_exec (db, "UPDATE diary_activities SET minutes = 1441", &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (salve_db_exec (db, "UPDATE activity_targets SET step_percent = 51", &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* Activities go with their entry. */
  g_assert_true (salve_db_exec (db, "DELETE FROM diary_entries WHERE id = 2", &error));
  g_clear_pointer (&stmt, salve_stmt_free);
  stmt = salve_db_prepare (db, "SELECT count(*) FROM diary_activities", &error);
  g_assert_true (salve_stmt_step (stmt, NULL));
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 0), ==, 0);
}

/* Stress (the migration after v10): a v10 diary keeps every entry and
 * value, each entry without a stress rating, and the new column takes
 * 0–10 or nothing. The v10 copy is kept beside it. */
static void
test_migrate_v10_stress (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open_unmigrated (f->path, &error);
  g_autoptr(SalveDb) backup = NULL;
  g_autoptr(SalveStmt) stmt = NULL;
  g_autofree char *backup_path = g_strconcat (f->path, ".bak-v10", NULL);
  g_autoptr(SalveDiaryEntry) entry = NULL;

  g_assert_no_error (error);
  g_assert_true (salve_migrations_run (db, 10, &error));
  g_assert_no_error (error);
  g_assert_true (salve_db_exec (db,
    "INSERT INTO profiles (id, name, name_key, created_at) VALUES (1, 'Anna', 'anna', '2026-01-02T10:00:00+01:00');"
    "INSERT INTO diary_entries (id, profile_id, at, at_unix, pain, fatigue, sleep_quality, note) VALUES"
    " (1, 1, '2026-03-29T10:00:00+02:00', 1774771200, 6, 7, 3, 'moe'),"
    " (2, 1, '2026-10-01T10:00:00+02:00', 1790841600, 4, NULL, NULL, '');", &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_db_get_user_version (db, NULL), ==, salve_migrations_get_latest ());
  g_assert_cmpint (salve_migrations_get_latest (), >=, 11);

  stmt = salve_db_prepare (db, "SELECT count(*), count(stress), sum(pain), sum(fatigue), sum(sleep_quality)"
                               " FROM diary_entries", &error);
  g_assert_no_error (error);
  g_assert_true (salve_stmt_step (stmt, NULL));
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 0), ==, 2);
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 1), ==, 0);
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 2), ==, 10);
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 3), ==, 7);
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 4), ==, 3);

  entry = salve_diary_repo_get (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_diary_entry_get_stress (entry), ==, SALVE_DIARY_UNRATED);
  g_assert_cmpstr (salve_diary_entry_get_note (entry), ==, "moe");
  salve_diary_entry_set_stress (entry, 9);
  g_assert_true (salve_diary_repo_update (db, entry, &error));
  g_assert_no_error (error);
  g_clear_object (&entry);
  entry = salve_diary_repo_get (db, 1, &error);
  g_assert_cmpint (salve_diary_entry_get_stress (entry), ==, 9);

  g_assert_false (salve_db_exec (db, "UPDATE diary_entries SET stress = -1 WHERE id = 2", &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (salve_db_exec (db, "UPDATE diary_entries SET stress = 11 WHERE id = 2", &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);

  backup = salve_db_open_unmigrated (backup_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_db_get_user_version (backup, NULL), ==, 10);
}

/* An empty path, a folder and a link to nowhere are refused with their
 * reason, and nothing is created for them. */
static void
test_odd_paths (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "newdir", NULL);
  g_autofree char *folder_slash = g_strconcat (folder, "/", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link.db", NULL);

  db = salve_db_open ("", &error);
  g_assert_null (db);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_FAILED);
  g_clear_error (&error);

  db = salve_db_open (folder_slash, &error);
  g_assert_null (db);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_A_DATABASE);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  db = salve_db_open (folder, &error);
  g_assert_null (db);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, "folder"));
  g_clear_error (&error);

  g_assert_cmpint (symlink ("nowhere/salve.db", link), ==, 0);
  db = salve_db_open (link, &error);
  g_assert_null (db);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_WRITABLE);
  g_assert_nonnull (strstr (error->message, "nowhere/salve.db"));
  g_assert_null (strstr (error->message, "File exists"));
}

/* A worker's connection never makes a database, or its folder, again:
 * the folder may have been removed while the worker was on its way. */
static void
test_open_existing (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) first = NULL;
  g_autoptr(SalveDb) second = NULL;
  g_autofree char *folder = g_path_get_dirname (f->path);

  second = salve_db_open_existing (f->path, &error);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
  g_assert_null (second);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  first = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  second = salve_db_open_existing (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  g_assert_true (salve_db_exec (second, "SELECT count(*) FROM diary_entries", &error));
  g_assert_no_error (error);
}

/* The database file deleted while a connection has it open: SQLite
 * wrote on into the deleted file, and everything was gone when it
 * closed. Every write is refused now, by a transaction (a diary entry),
 * a single statement (a new patient) and salve_db_begin() alike, in words
 * that say where the file was; a worker's connection is not opened
 * beside it (nor a new empty database made at the path). */
static void
test_file_deleted_while_open (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->path, &error);
  g_autoptr(SalveDb) worker = NULL;
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(SalveProfile) bram = NULL;
  g_autoptr(SalveDiaryEntry) entry = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_assert_no_error (error);
  anna = salve_profile_repo_add (db, "Anna", &error);
  g_assert_no_error (error);
  entry = salve_diary_entry_new (salve_profile_get_id (anna));
  salve_diary_entry_set_pain (entry, 4);

  /* As a file manager deletes it: the log and its index stay. */
  g_assert_cmpint (g_unlink (f->path), ==, 0);

  bram = salve_profile_repo_add (db, "Bram", &error);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_REPLACED);
  g_assert_null (bram);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_true (g_str_has_prefix (error->message, "The change was not saved: the database file “"));
  g_assert_nonnull (strstr (error->message, "was moved, deleted or replaced while Salve had it open"));
  g_clear_error (&error);

  g_assert_false (salve_diary_repo_add (db, entry, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_REPLACED);
  g_clear_error (&error);
  g_assert_false (salve_db_begin (db, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_REPLACED);
  g_clear_error (&error);

  /* Nothing was left half-done: what it holds still reads. */
  profiles = salve_profile_repo_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (profiles->len, ==, 1);

  worker = salve_db_open_existing (f->path, &error);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_REPLACED);
  g_assert_null (worker);
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_error (&error);
  worker = salve_db_open (f->path, &error);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_REPLACED);
  g_assert_null (worker);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Once that connection is gone, the path is a new database's. */
  g_clear_object (&db);
  g_unlink (wal);
  g_unlink (shm);
  worker = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&profiles, g_ptr_array_unref);
  profiles = salve_profile_repo_list (worker, &error);
  g_assert_cmpuint (profiles->len, ==, 0);
}

/* Another database renamed over the path (as a sync tool or a copy made
 * with a file manager does), or the file moved away: refused as a
 * deleted one is. Put back, the file takes writes again and keeps them. */
static void
test_file_replaced_while_open (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->path, &error);
  g_autoptr(SalveDb) other = NULL;
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autofree char *folder = g_path_get_dirname (f->path);
  g_autofree char *other_path = g_build_filename (folder, "other.db", NULL);
  g_autofree char *moved = g_build_filename (folder, "moved.db", NULL);

  g_assert_no_error (error);
  other = salve_db_open (other_path, &error);
  g_assert_no_error (error);
  g_clear_object (&other);

  g_assert_cmpint (g_rename (f->path, moved), ==, 0);
  g_assert_cmpint (g_rename (other_path, f->path), ==, 0);
  profile = salve_profile_repo_add (db, "Anna", &error);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_REPLACED);
  g_assert_null (profile);
  g_clear_error (&error);

  /* Moved away, with nothing at the path. */
  g_assert_cmpint (g_unlink (f->path), ==, 0);
  profile = salve_profile_repo_add (db, "Anna", &error);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_REPLACED);
  g_clear_error (&error);

  g_assert_cmpint (g_rename (moved, f->path), ==, 0);
  profile = salve_profile_repo_add (db, "Anna", &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  g_clear_object (&db);

  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  profiles = salve_profile_repo_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (profiles->len, ==, 1);
}

/* Writing alone (a large import) the database is on a rollback journal,
 * where SQLite itself refuses to write to a moved file: that says the
 * same, not "cannot be written". */
static void
test_file_moved_while_writing_alone (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->path, &error);
  g_autoptr(SalveProfile) profile = NULL;
  g_autofree char *folder = g_path_get_dirname (f->path);
  g_autofree char *moved = g_build_filename (folder, "moved.db", NULL);

  g_assert_no_error (error);
  g_assert_true (_salve_db_begin_sole_writer (db));
  g_assert_cmpint (g_rename (f->path, moved), ==, 0);
  profile = salve_profile_repo_add (db, "Anna", &error);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_REPLACED);
  g_assert_null (profile);
  g_assert_cmpint (g_rename (moved, f->path), ==, 0);
  _salve_db_end_sole_writer (db);
}

/* v12: the daily aggregates start out filled from the diary there is,
 * entries rated around a session left out, and follow the next write. */
static void
test_migrate_v10_day_counts (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open_unmigrated (f->path, &error);
  g_autoptr(SalveStmt) stmt = NULL;
  GString *rows = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_true (salve_migrations_run (db, 10, &error));
  g_assert_no_error (error);
  g_assert_true (salve_db_exec (db,
    "INSERT INTO profiles (id, name, created_at) VALUES (1, 'Oma Jo', '2026-01-02T10:00:00+01:00');"
    "INSERT INTO sessions (id, profile_id, modality, site) VALUES (7, 1, 'tens', 'knee');"
    "INSERT INTO diary_entries (profile_id, at, at_unix, pain, region, session_id) VALUES "
    "(1, '2026-01-03T09:00:00+01:00', 1767427200, 5, 'neck', NULL),"
    "(1, '2026-01-03T10:00:00+01:00', 1767430800, 3, 'neck', NULL),"
    "(1, '2026-01-03T11:00:00+01:00', 1767434400, 3, '', NULL),"
    "(1, '2026-01-03T12:00:00+01:00', 1767438000, 9, 'neck', 7),"
    "(1, '2026-01-04T00:30:00+01:00', 1767483000, 10, 'neck', NULL);", &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_db_get_user_version (db, NULL), >=, 12);
  g_assert_true (salve_db_exec (db, "INSERT INTO diary_entries (profile_id, at, at_unix, pain, region) VALUES "
                                    "(1, '2026-01-04T08:00:00+01:00', 1767510000, 2, 'neck')", &error));
  g_assert_no_error (error);

  stmt = salve_db_prepare (db, "SELECT day, region, first_unix, last_unix, n2, n3, n5, n9, n10,"
                               " n0 + n1 + n2 + n3 + n4 + n5 + n6 + n7 + n8 + n9 + n10"
                               " FROM diary_days ORDER BY day, region", &error);
  g_assert_no_error (error);
  while (salve_stmt_step (stmt, NULL))
    g_string_append_printf (rows, "%s %s %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " %d %d %d %d %d n=%d\n",
                            salve_stmt_get_text (stmt, 0), salve_stmt_get_text (stmt, 1),
                            salve_stmt_get_int64 (stmt, 2), salve_stmt_get_int64 (stmt, 3),
                            (int) salve_stmt_get_int64 (stmt, 4), (int) salve_stmt_get_int64 (stmt, 5),
                            (int) salve_stmt_get_int64 (stmt, 6), (int) salve_stmt_get_int64 (stmt, 7),
                            (int) salve_stmt_get_int64 (stmt, 8), (int) salve_stmt_get_int64 (stmt, 9));
  g_assert_cmpstr (rows->str, ==,
                   "2026-01-03  1767434400-1767434400 0 1 0 0 0 n=1\n"
                   "2026-01-03 neck 1767427200-1767430800 0 1 1 0 0 n=2\n"
                   "2026-01-04 neck 1767483000-1767510000 1 0 0 0 1 n=2\n");
  g_string_free (rows, TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/storage/db/new", Fixture, NULL, fixture_setup, test_new_database, fixture_teardown);
  g_test_add ("/storage/db/profiles", Fixture, NULL, fixture_setup, test_profiles, fixture_teardown);
  g_test_add ("/storage/db/deleted-meanwhile", Fixture, NULL, fixture_setup, test_deleted_meanwhile, fixture_teardown);
  g_test_add ("/storage/db/not-a-database", Fixture, NULL, fixture_setup, test_not_a_database, fixture_teardown);
  g_test_add ("/storage/db/too-new", Fixture, NULL, fixture_setup, test_too_new, fixture_teardown);
  g_test_add ("/storage/db/private-side-files", Fixture, NULL, fixture_setup, test_private_side_files, fixture_teardown);
  g_test_add ("/storage/db/new-disk-full", Fixture, NULL, fixture_setup, test_new_database_disk_full, fixture_teardown);
  g_test_add ("/storage/db/negative-version", Fixture, NULL, fixture_setup, test_negative_version, fixture_teardown);
  g_test_add ("/storage/db/migrate-old", Fixture, NULL, fixture_setup, test_migrate_old_database, fixture_teardown);
  g_test_add ("/storage/db/migrate-v6-unkeyed-index", Fixture, NULL, fixture_setup, test_migrate_v6_unkeyed_index, fixture_teardown);
  g_test_add ("/storage/db/migrate-v7-name-keys", Fixture, NULL, fixture_setup, test_migrate_v7_name_keys, fixture_teardown);
  g_test_add ("/storage/db/migrate-v8-care-plan", Fixture, NULL, fixture_setup, test_migrate_v8_care_plan, fixture_teardown);
  g_test_add ("/storage/db/migrate-v10-stress", Fixture, NULL, fixture_setup, test_migrate_v10_stress, fixture_teardown);
  g_test_add ("/storage/db/odd-paths", Fixture, NULL, fixture_setup, test_odd_paths, fixture_teardown);
  g_test_add ("/storage/db/unwritable-folder", Fixture, NULL, fixture_setup, test_unwritable_folder, fixture_teardown);
  g_test_add ("/storage/db/read-only-file-system", Fixture, NULL, fixture_setup, test_read_only_file_system, fixture_teardown);
  g_test_add ("/storage/db/read-only-folder", Fixture, NULL, fixture_setup, test_read_only_folder, fixture_teardown);
  g_test_add ("/storage/db/corrupt-first-page", Fixture, NULL, fixture_setup, test_corrupt_first_page, fixture_teardown);
  g_test_add ("/storage/db/corrupt-schema-text", Fixture, NULL, fixture_setup, test_corrupt_schema_text, fixture_teardown);
  g_test_add ("/storage/db/corrupt-table-page", Fixture, NULL, fixture_setup, test_corrupt_table_page, fixture_teardown);
  g_test_add ("/storage/db/damaged-header", Fixture, NULL, fixture_setup, test_damaged_header, fixture_teardown);
  g_test_add ("/storage/db/foreign-look-keeps-wal", Fixture, NULL, fixture_setup, test_foreign_look_keeps_wal,
              fixture_teardown);
  g_test_add ("/storage/db/foreign-look-import-keeps-wal", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_foreign_look_keeps_wal, fixture_teardown);
  g_test_add ("/storage/db/second-open-keeps-locks", Fixture, NULL, fixture_setup, test_second_open_keeps_locks,
              fixture_teardown);
  g_test_add ("/storage/db/disk-full", Fixture, NULL, fixture_setup, test_disk_full, fixture_teardown);
  g_test_add ("/storage/db/disk-full-io-error", Fixture, NULL, fixture_setup, test_disk_full_io_error, fixture_teardown);
  g_test_add ("/storage/db/failed-commit-leaves-no-transaction", Fixture, NULL, fixture_setup,
              test_failed_commit_leaves_no_transaction, fixture_teardown);
  g_test_add ("/storage/db/open-existing", Fixture, NULL, fixture_setup, test_open_existing, fixture_teardown);
  g_test_add ("/storage/db/file-deleted-while-open", Fixture, NULL, fixture_setup, test_file_deleted_while_open,
              fixture_teardown);
  g_test_add ("/storage/db/file-replaced-while-open", Fixture, NULL, fixture_setup, test_file_replaced_while_open,
              fixture_teardown);
  g_test_add ("/storage/db/file-moved-while-writing-alone", Fixture, NULL, fixture_setup,
              test_file_moved_while_writing_alone, fixture_teardown);
  g_test_add ("/storage/db/open-without-waiting", Fixture, NULL, fixture_setup, test_open_without_waiting,
              fixture_teardown);
  g_test_add ("/storage/db/full-disk-on-rollback-journal", Fixture, NULL, fixture_setup,
              test_full_disk_on_rollback_journal, fixture_teardown);
  g_test_add ("/storage/db/migrate-v10-day-counts", Fixture, NULL, fixture_setup, test_migrate_v10_day_counts, fixture_teardown);
  g_test_add ("/storage/db/migrate-v13-no-pause", Fixture, NULL, fixture_setup, test_migrate_v13_no_pause, fixture_teardown);
  g_test_add ("/storage/db/migrate-v16-schedule-changes", Fixture, NULL, fixture_setup,
              test_migrate_v16_schedule_changes, fixture_teardown);
  g_test_add ("/storage/db/migrate-v18-diary-keys", Fixture, NULL, fixture_setup,
              test_migrate_v18_diary_keys, fixture_teardown);
  g_test_add ("/storage/db/migrate-v17-course-end", Fixture, NULL, fixture_setup,
              test_migrate_v17_course_end, fixture_teardown);
  g_test_add ("/storage/db/backup-never-overwritten", Fixture, NULL, fixture_setup, test_backup_never_overwritten, fixture_teardown);

  return g_test_run ();
}
