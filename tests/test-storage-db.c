/* test-storage-db.c: the connection, migrations and the profiles table
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <glib/gstdio.h>

#include "salve-db.h"
#include "salve-migrations.h"
#include "salve-profile-repo.h"

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/storage/db/new", Fixture, NULL, fixture_setup, test_new_database, fixture_teardown);
  g_test_add ("/storage/db/profiles", Fixture, NULL, fixture_setup, test_profiles, fixture_teardown);
  g_test_add ("/storage/db/not-a-database", Fixture, NULL, fixture_setup, test_not_a_database, fixture_teardown);
  g_test_add ("/storage/db/too-new", Fixture, NULL, fixture_setup, test_too_new, fixture_teardown);
  g_test_add ("/storage/db/migrate-old", Fixture, NULL, fixture_setup, test_migrate_old_database, fixture_teardown);
  g_test_add ("/storage/db/unwritable-folder", Fixture, NULL, fixture_setup, test_unwritable_folder, fixture_teardown);

  return g_test_run ();
}
