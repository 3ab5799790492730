/* test-cli-profile.c: salvectl's global options and profile commands
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "salve-test-util.h"

static void
test_help_and_version (void)
{
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "profile"));
  g_assert_nonnull (strstr (out, "--db"));

  g_assert_cmpint (salve_test_run_salvectl (&out2, NULL, "--version", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out2, "salvectl " PACKAGE_VERSION));

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "frobnicate"));
}

static void
test_profile_end_to_end (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "salve.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "profile", "add", "Anneke", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "profile", "add", "Bert", NULL), ==, 0);

  /* A duplicate is refused and nothing is done. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", db, "profile", "add", "anneke", NULL), ==, 4);
  g_assert_nonnull (strstr (err, "anneke"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", db, "profile", "list", "--json", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"), ==, "Anneke");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", db, "profile", "show", "Bert", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Bert"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", db, "profile", "show", "Carla", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Carla"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", db, "profile", "add", NULL), ==, 2);
  g_clear_pointer (&err, g_free);

  salve_test_remove_tree (dir);
}

static void
test_salve_db_env (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "env.db", NULL);
  g_autofree char *out = NULL;

  g_setenv ("SALVE_DB", db, TRUE);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "profile", "add", "Via Env", NULL), ==, 0);
  g_unsetenv ("SALVE_DB");

  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", db, "profile", "list", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Via Env\n");

  salve_test_remove_tree (dir);
}

static void
test_bad_database (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *err = NULL;
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (db, "my shopping list\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", db, "profile", "list", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not a Salve database"));
  g_assert_true (g_file_get_contents (db, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "my shopping list\n");

  salve_test_remove_tree (dir);
}

/* A database salvectl made, then damaged or stamped by a newer Salve: a
 * clear message, exit 1, and the file exactly as it was. */
static void
assert_refused (const char *db,
                const char *expected)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  gsize before_len, after_len;

  g_assert_true (g_file_get_contents (db, &before, &before_len, NULL));
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", db, "profile", "list", NULL), ==, 1);
  g_test_message ("%s", err);
  g_assert_true (g_str_has_prefix (err, "salvectl: "));
  g_assert_nonnull (strstr (err, expected));
  g_assert_nonnull (strstr (err, db));
  g_clear_pointer (&err, g_free);

  /* A write is refused the same way. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", db, "profile", "add", "Carla", NULL), ==, 1);
  g_assert_nonnull (strstr (err, expected));

  g_assert_true (g_file_get_contents (db, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_corrupt_database (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "salve.db", NULL);

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "profile", "add", "Anneke", NULL), ==, 0);
  /* The schema page's b-tree header, just after the 100-byte file header. */
  salve_test_damage_file (db, 100, 12, 0xff);

  assert_refused (db, "is damaged");
  salve_test_remove_tree (dir);
}

static void
test_too_new_database (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "salve.db", NULL);

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "profile", "add", "Anneke", NULL), ==, 0);
  salve_test_set_file_user_version (db, 999);

  assert_refused (db, "newer version of Salve");
  salve_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/help-and-version", test_help_and_version);
  g_test_add_func ("/cli/profile/end-to-end", test_profile_end_to_end);
  g_test_add_func ("/cli/salve-db-env", test_salve_db_env);
  g_test_add_func ("/cli/bad-database", test_bad_database);
  g_test_add_func ("/cli/corrupt-database", test_corrupt_database);
  g_test_add_func ("/cli/too-new-database", test_too_new_database);

  return g_test_run ();
}
