/* test-cli-profile.c: salvectl's global options and profile commands
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <gio/gio.h>
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

/* Runs salvectl with @input on its stdin: a terminal when @tty, a pipe
 * otherwise. Returns the exit code. */
static int
run_with_stdin (gboolean             tty,
                const char          *input,
                char               **out,
                char               **err,
                const char * const  *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *input_path = NULL;
  int master = -1;

  g_ptr_array_add (argv, (char *) g_getenv ("SALVECTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  if (tty)
    {
      int slave;

      master = posix_openpt (O_RDWR | O_NOCTTY);
      g_assert_cmpint (master, >=, 0);
      g_assert_no_errno (grantpt (master));
      g_assert_no_errno (unlockpt (master));
      slave = open (ptsname (master), O_RDWR | O_NOCTTY);
      g_assert_cmpint (slave, >=, 0);
      /* Typed ahead: the terminal holds it until salvectl reads. */
      g_assert_cmpint (write (master, input, strlen (input)), ==, (gssize) strlen (input));
      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_subprocess_launcher_take_stdin_fd (launcher, slave);
    }
  else
    {
      /* A file, not a pipe: salvectl may exit without reading it, and a
       * write into a pipe it has closed would kill this test (SIGPIPE). */
      int fd = g_file_open_tmp ("salve-stdin-XXXXXX", &input_path, &error);

      g_assert_no_error (error);
      g_assert_cmpint (write (fd, input, strlen (input)), ==, (gssize) strlen (input));
      close (fd);
      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
    }

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  if (master >= 0)
    close (master);
  if (input_path != NULL)
    g_unlink (input_path);

  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* --json is UTF-8 whatever the locale: under LC_ALL=C (a cron job, a
 * script's bare environment) "Zoë" came out as "Zo?", a name no longer
 * the person's. */
static void
test_json_utf8_any_locale (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "salve.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *old = g_strdup (g_getenv ("LC_ALL"));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *profiles;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "profile", "add", "Zoë Ç’t €", NULL), ==, 0);
  g_setenv ("LC_ALL", "C", TRUE);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", db, "profile", "list", "--json", NULL), ==, 0);
  if (old != NULL)
    g_setenv ("LC_ALL", old, TRUE);
  else
    g_unsetenv ("LC_ALL");

  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  profiles = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (profiles, 0), "name"), ==,
                   "Zoë Ç’t €");

  salve_test_remove_tree (dir);
}

static void
test_profile_rename (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "salve.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "profile", "add", "Anneke", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "profile", "add", "Bert", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "diary", "add", "--profile", "Anneke",
                                            "--pain", "6", NULL), ==, 0);

  /* Found ignoring case, as everywhere; the diary goes with the name. */
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", db, "profile", "rename", "anneke", "Anneke de Vries", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Anneke de Vries"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", db, "diary", "list", "--profile", "Anneke de Vries",
                                            "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"pain\" : 6"));
  g_clear_pointer (&out, g_free);

  /* A name that is taken: nothing done (4); a missing profile: 1; a bad
   * name: usage (2), checked as profile add checks it. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", db, "profile", "rename", "Anneke de Vries", "BERT", NULL), ==, 4);
  g_assert_nonnull (strstr (err, "BERT"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", db, "profile", "rename", "Carla", "Dirk", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Carla"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", db, "profile", "rename", "Bert", " Bert", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", db, "profile", "rename", "Bert", "Be\x1b[31mrt", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", db, "profile", "rename", "Bert", NULL), ==, 2);
  g_clear_pointer (&err, g_free);

  /* Only the case changes: allowed, it is the same person. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "profile", "rename", "Bert", "BERT", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", db, "profile", "list", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Anneke de Vries\nBERT\n");

  salve_test_remove_tree (dir);
}

static void
test_profile_delete (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "salve.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *delete_anneke[] = { "--db", db, "profile", "delete", "Anneke", NULL };

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "profile", "add", "Anneke", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "profile", "add", "Bert", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "diary", "add", "--profile", "Anneke",
                                            "--pain", "6", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "diary", "add", "--profile", "Bert",
                                            "--pain", "3", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "medication", "add", "--profile", "Anneke",
                                            "--name", "Paracetamol", NULL), ==, 0);

  /* Not on a terminal, a "yes" on stdin is not enough: --yes is. */
  g_assert_cmpint (run_with_stdin (FALSE, "yes\n", NULL, &err, delete_anneke), ==, 2);
  g_assert_nonnull (strstr (err, "--yes"));
  g_clear_pointer (&err, g_free);

  /* On a terminal it asks; anything but yes keeps the profile. */
  g_assert_cmpint (run_with_stdin (TRUE, "no\n", &out, &err, delete_anneke), ==, 4);
  g_assert_nonnull (strstr (out, "Anneke"));
  g_assert_nonnull (strstr (out, "diary entries: 1"));
  g_assert_nonnull (strstr (out, "medication intakes: 1"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "profile", "show", "Anneke", NULL), ==, 0);

  g_assert_cmpint (run_with_stdin (TRUE, "yes\n", &out, &err, delete_anneke), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "profile", "show", "Anneke", NULL), ==, 1);

  /* Her diary went with her; his stays. A new Anneke starts empty. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "profile", "add", "Anneke", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", db, "diary", "list", "--profile", "Anneke", "--json", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "[]");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", db, "diary", "list", "--profile", "Bert", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"pain\" : 3"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", db, "profile", "delete", "bert", "--yes", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", db, "profile", "delete", "Bert", "--yes", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Bert"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", db, "profile", "delete", "--yes", NULL), ==, 2);

  salve_test_remove_tree (dir);
}

/* A name stored before control characters were refused (or by another
 * program) prints as what it holds: an escape sequence, a bell or a
 * right-to-left override never reaches the terminal. */
static void
test_profile_hidden_controls_shown (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "salve.db", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *sql = "UPDATE profiles SET name = 'A' || char(27) || '[2J' || char(7) || 'b' || char(8238) || 'c'";
  const char *argv[] = { "sqlite3", db, sql, NULL };
  int status = 0;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "profile", "add", "Ab", NULL), ==, 0);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", db, "profile", "list", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "A\\u{001B}[2J\\u{0007}b\\u{202E}c\n");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", db, "profile", "show", "A\033[2J\007b\342\200\256c", NULL), ==, 0);
  g_assert_null (strchr (out, '\033'));
  g_assert_null (strchr (out, '\007'));
  g_assert_null (strstr (out, "\342\200\256"));
  g_assert_nonnull (strstr (out, "A\\u{001B}[2J"));

  salve_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/help-and-version", test_help_and_version);
  g_test_add_func ("/cli/profile/end-to-end", test_profile_end_to_end);
  g_test_add_func ("/cli/profile/rename", test_profile_rename);
  g_test_add_func ("/cli/profile/json-utf8-any-locale", test_json_utf8_any_locale);
  g_test_add_func ("/cli/profile/delete", test_profile_delete);
  g_test_add_func ("/cli/profile/hidden-controls-shown", test_profile_hidden_controls_shown);
  g_test_add_func ("/cli/salve-db-env", test_salve_db_env);
  g_test_add_func ("/cli/bad-database", test_bad_database);
  g_test_add_func ("/cli/corrupt-database", test_corrupt_database);
  g_test_add_func ("/cli/too-new-database", test_too_new_database);

  return g_test_run ();
}
