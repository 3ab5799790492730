/* test-cli-input.c: how salvectl reads numbers, date-times and paths
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "salve-test-util.h"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = salve_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "salve.db", NULL);
  /* Should a test fail the wrong way, the default database is in here,
   * never in the home folder of whoever runs the tests. */
  g_setenv ("XDG_DATA_HOME", f->dir, TRUE);
  g_unsetenv ("SALVE_DB");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_unsetenv ("SALVE_DB");
  salve_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static void
add_profile (Fixture    *f,
             const char *name)
{
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "add", name, NULL), ==, 0);
}

/* Runs salvectl with --db and the arguments split at spaces, expects
 * @exit_code and, when given, @message on stderr. */
static void
assert_run (Fixture    *f,
            const char *args,
            int         exit_code,
            const char *message)
{
  g_auto(GStrv) split = g_strsplit (args, " ", -1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  int rc;

  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, f->db);
  for (guint i = 0; split[i] != NULL; i++)
    g_ptr_array_add (argv, split[i]);
  g_ptr_array_add (argv, NULL);

  rc = salve_test_run_salvectlv (NULL, &err, (const char * const *) argv->pdata);
  if (rc != exit_code)
    g_error ("salvectl %s: exit %d, not %d; stderr: %s", args, rc, exit_code, err);
  if (message != NULL && strstr (err, message) == NULL)
    g_error ("salvectl %s: stderr lacks “%s”: %s", args, message, err);
}

/* The same with one argument that may hold spaces, set apart. */
static void
assert_run_value (Fixture    *f,
                  const char *args,
                  const char *option,
                  const char *value,
                  int         exit_code,
                  const char *message)
{
  g_auto(GStrv) split = g_strsplit (args, " ", -1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  int rc;

  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, f->db);
  for (guint i = 0; split[i] != NULL; i++)
    g_ptr_array_add (argv, split[i]);
  g_ptr_array_add (argv, (gpointer) option);
  g_ptr_array_add (argv, (gpointer) value);
  g_ptr_array_add (argv, NULL);

  rc = salve_test_run_salvectlv (NULL, &err, (const char * const *) argv->pdata);
  if (rc != exit_code)
    g_error ("salvectl %s %s “%s”: exit %d, not %d; stderr: %s", args, option, value, rc, exit_code, err);
  if (message != NULL && strstr (err, message) == NULL)
    g_error ("salvectl %s %s “%s”: stderr lacks “%s”: %s", args, option, value, message, err);
}

static JsonArray *
list_diary (Fixture *f)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "diary", "list", "--profile", "Ann",
                                            "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

/* Issue: --pain 010 was 8 (octal), 0x5 was 5, " 8" was accepted and
 * "8 " refused, --fatigue -1 quietly meant "not rated". */
static void
test_diary_numbers (Fixture       *f,
                    gconstpointer  data)
{
  static const char *refused[] = { "0x5", "0x10", " 8", "8 ", "8.0", "1e1", "-1", "11", "", "8mm", "inf" };
  g_autoptr(JsonArray) entries = NULL;
  JsonObject *entry;

  add_profile (f, "Ann");

  assert_run (f, "diary add --profile Ann --pain 010 --fatigue 03 --sleep 7 --at 2026-11-01T09:30:00", 0, NULL);
  entries = list_diary (f);
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  entry = json_array_get_object_element (entries, 0);
  g_assert_cmpint (json_object_get_int_member (entry, "pain"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (entry, "fatigue"), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      assert_run_value (f, "diary add --profile Ann", "--pain", refused[i], 2, "--pain: ");
      assert_run_value (f, "diary add --profile Ann --pain 5", "--fatigue", refused[i], 2, "--fatigue: ");
      assert_run_value (f, "diary add --profile Ann --pain 5", "--sleep", refused[i], 2, "--sleep: ");
    }

  g_clear_pointer (&entries, json_array_unref);
  entries = list_diary (f);
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
}

/* Issue 12: --at 2026-11-01T09:30 was refused with an error whose own
 * example was that form. Issue 13: year 1 was stored. */
static void
test_diary_at (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);

  add_profile (f, "Ann");

  assert_run (f, "diary add --profile Ann --pain 1 --at 2026-11-01T09:30", 0, NULL);
  assert_run (f, "diary add --profile Ann --pain 2 --at 2026-11-02T09:30:15", 0, NULL);
  assert_run (f, "diary add --profile Ann --pain 3 --at 2026-11-03T09:30+02:00", 0, NULL);
  assert_run (f, "diary add --profile Ann --pain 4 --at 2026-11-04T09:30:15.5Z", 0, NULL);
  assert_run (f, "diary add --profile Ann --pain 5 --at 2026-11-05", 0, NULL);

  assert_run (f, "diary add --profile Ann --pain 6 --at 0001-01-01T00:00:00Z", 2, "1900 to 9999");
  assert_run (f, "diary add --profile Ann --pain 6 --at 0999-01-01T00:00", 2, "1900 to 9999");
  assert_run (f, "diary add --profile Ann --pain 6 --at 1899-12-31T23:59", 2, "1900 to 9999");
  assert_run (f, "diary add --profile Ann --pain 6 --at 2026-11-01T9:30", 2, "2026-03-29T09:30");
  assert_run (f, "diary add --profile Ann --pain 6 --at 2026-02-30T09:30", 2, "does not exist");
  assert_run_value (f, "diary add --profile Ann --pain 6", "--at", "", 2, "--at: ");

  entries = list_diary (f);
  g_assert_cmpuint (json_array_get_length (entries), ==, 5);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    g_string_append_printf (seen, "%s|", json_object_get_string_member (json_array_get_object_element (entries, i), "at"));

  g_assert_nonnull (strstr (seen->str, "2026-11-01T09:30:00"));
  g_assert_nonnull (strstr (seen->str, "2026-11-02T09:30:15"));
  g_assert_nonnull (strstr (seen->str, "2026-11-03T09:30:00+02:00"));
  g_assert_nonnull (strstr (seen->str, "2026-11-04T09:30:15+00:00"));
  /* A date alone is 12:00 local time, as in an import. */
  g_assert_nonnull (strstr (seen->str, "2026-11-05T12:00:00"));

  /* --from/--to and --baseline-week take the same forms. */
  assert_run (f, "diary list --profile Ann --from 2026-11-02T09:30 --to 2026-11-04", 0, NULL);
  assert_run (f, "diary list --profile Ann --from 0001-01-01", 2, "--from: ");
  assert_run (f, "diary stats --profile Ann --to 2026-11-04T09", 2, "--to: ");
  assert_run (f, "diary stats --profile Ann --baseline-week 2026-11-01", 0, NULL);
  assert_run (f, "diary stats --profile Ann --baseline-week 2026-11-01T09:00", 2, "--baseline-week");
  assert_run (f, "chart --profile Ann --out x.png --from 2026-13-01", 2, "--from: ");
}

/* Issue: --intensity-ma 0x10 was 16 mA, '' exited 2 with no message,
 * --sessions-today -1, 1.5 and 1e308 were accepted; --minutes 1e17 and
 * --field-ut 1e308 were allowed. */
static void
test_check_numbers (Fixture       *f,
                    gconstpointer  data)
{
  static const char *refused[] = { "0x10", "0X10", " 8", "8 ", "", "nan", "inf", "1,5", "8mA" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    assert_run_value (f, "check --modality tens --site knee", "--intensity-ma", refused[i], 2, "--intensity-ma: ");

  assert_run (f, "check --modality tens --site knee --intensity-ma 010", 0, NULL);
  assert_run (f, "check --modality tens --site knee --intensity-ma 60", 4, NULL);

  assert_run (f, "check --modality laser --site elbow --sessions-today -1", 2, "--sessions-today: ");
  assert_run (f, "check --modality laser --site elbow --sessions-today 1.5", 2, "--sessions-today: ");
  assert_run (f, "check --modality laser --site elbow --sessions-today 1e308", 2, "--sessions-today: ");
  assert_run (f, "check --modality laser --site elbow --sessions-today 1", 3, NULL);
  assert_run (f, "check --modality laser --site elbow --sessions-today 0", 3, NULL);

  assert_run (f, "check --modality tens --site knee --intensity-ma 10 --minutes 1e17", 4, NULL);
  assert_run (f, "check --modality tens --site knee --intensity-ma 10 --minutes 1e308", 4, NULL);
  assert_run (f, "check --modality tens --site knee --intensity-ma 10 --minutes 1e999", 2, "--minutes: ");
  assert_run (f, "check --modality pemf --site knee --field-ut 1e308", 4, NULL);
  assert_run (f, "check --modality pemf --site knee --field-ut 35 --frequency-hz 1e9", 4, NULL);
  assert_run (f, "check --modality laser --site elbow --power-mw 100 --wavelength-nm 1e308", 4, NULL);

  assert_run (f, "profile add Ann", 0, NULL);
  assert_run (f, "profile set Ann --ceiling-ma 0x10", 2, "--ceiling-ma: ");
  assert_run (f, "profile set Ann --ceiling-ma 1e308", 2, "--ceiling-ma: ");
  assert_run (f, "profile set Ann --ceiling-ma 012", 0, NULL);

  assert_run (f, "chart --profile Ann --out x.png --width 0x400", 2, "--width: ");
  assert_run (f, "chart --profile Ann --out x.png --height 1e3", 2, "--height: ");
}

/* Issue: devices add accepted -5, 0 and 1e308 mA, a beam of 0 cm², a
 * wavelength of -1 nm and a laser power on a TENS unit. */
static void
test_devices_add_limits (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *out = NULL;

  assert_run (f, "devices add a --modality tens --max-intensity-ma -5", 2, "--max-intensity-ma: ");
  assert_run (f, "devices add a --modality tens --max-intensity-ma 0", 2, "--max-intensity-ma: ");
  assert_run (f, "devices add a --modality tens --max-intensity-ma 1e308", 2, "--max-intensity-ma: ");
  assert_run (f, "devices add a --modality tens --max-intensity-ma 0x10", 2, "--max-intensity-ma: ");
  assert_run (f, "devices add a --modality laser --beam-cm2 0", 2, "--beam-cm2: ");
  assert_run (f, "devices add a --modality laser --wavelength-nm -1", 2, "--wavelength-nm: ");
  assert_run (f, "devices add a --modality tens --max-power-mw 100", 2, "does not apply");
  assert_run (f, "devices add a --modality pemf --electrode-cm2 25", 2, "does not apply");
  assert_run (f, "devices add a --modality pemf --max-field-ut 1e308", 2, "--max-field-ut: ");

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "devices", "--json", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "[]");

  assert_run (f, "devices add a --modality tens --max-intensity-ma 50 --electrode-cm2 25", 0, NULL);
  assert_run (f, "devices add b --modality laser --max-power-mw 500 --wavelength-nm 808 --beam-cm2 0.5", 0, NULL);
}

/* Issue: --ramp-rate -5 and 0 were silently ignored; four usage errors
 * returned without freeing the option strings (the ASan build exited 134
 * instead of 2). No device is needed: all are refused before one is
 * opened. */
static void
test_session_run_options (Fixture       *f,
                          gconstpointer  data)
{
  const char *base = "session run --port /nonexistent --modality tens --site knee --intensity-ma 10 --minutes 1";
  g_autofree char *args = NULL;

  args = g_strdup_printf ("%s --ramp-rate -5", base);
  assert_run (f, args, 2, "--ramp-rate: ");
  g_free (args);
  args = g_strdup_printf ("%s --ramp-rate 0", base);
  assert_run (f, args, 2, "--ramp-rate: ");
  g_free (args);
  args = g_strdup_printf ("%s --pain-before 0x5", base);
  assert_run (f, args, 2, "--pain-before: ");
  g_free (args);
  args = g_strdup_printf ("%s --pain-after 11", base);
  assert_run (f, args, 2, "--pain-after: ");
  g_free (args);
  args = g_strdup_printf ("%s --program 1.5", base);
  assert_run (f, args, 2, "--program: ");
  g_free (args);
  args = g_strdup_printf ("%s --minutes 1e17", base);
  assert_run (f, args, 4, NULL);
  g_free (args);
  args = g_strdup_printf ("%s --db-wait 0", base);
  assert_run (f, args, 2, "--db-wait: ");
  g_free (args);
  args = g_strdup_printf ("%s --db-wait 1.5", base);
  assert_run (f, args, 2, "--db-wait: ");

  /* The early usage errors, each with parameter strings given (a port is
   * not one: without a link the device is manual). */
  assert_run (f, "session run --intensity-ma 10 --minutes 1 extra", 2, "no arguments");
  assert_run (f, "session run --port x --intensity-ma 10 --minutes 1 --site knee", 2, "--modality");
  assert_run (f, "session run --port x --intensity-ma 10 --minutes 1 --modality tens", 2, "--site");
  assert_run (f, "session run --port x --simulator --intensity-ma 10 --minutes 1 --modality tens --site knee", 2,
              "not both");
  assert_run (f, "session run --port x --intensity-ma 10 --minutes 1 --modality tens --site knee --skin-ok maybe", 2,
              "--skin-ok");
  assert_run (f, "session run --port x --intensity-ma 10 --minutes 1 --modality tens --site knee --side-effect x", 2,
              "side effect");
  assert_run (f, "session run --port x --intensity-ma 10 --minutes 1 --modality tens --site knee --bogus", 2, NULL);
}

/* Issue: "Could not open “/nonexistent”: Success". */
static void
test_session_run_missing_port (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "session", "run", "--port", "/nonexistent",
                                            "--modality", "tens", "--site", "knee", "--intensity-ma", "5",
                                            "--minutes", "1", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "No such file or directory"));
  g_assert_null (strstr (err, "Success"));
}

/* Issue: --db "" silently opened (and created) the person's own
 * database. */
static void
test_db_empty_path (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *default_db = g_build_filename (f->dir, "salve", "salve.db", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", "", "profile", "list", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--db"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db=", "profile", "list", NULL), ==, 2);
  g_clear_pointer (&err, g_free);

  g_setenv ("SALVE_DB", "", TRUE);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "profile", "list", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "SALVE_DB"));
  g_clear_pointer (&err, g_free);
  /* --db wins over the empty variable. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "list", NULL), ==, 0);
  g_unsetenv ("SALVE_DB");

  g_assert_false (g_file_test (default_db, G_FILE_TEST_EXISTS));
}

/* Issue: --db newdir/ created the folder, then failed; a dangling link
 * gave "File exists". */
static void
test_db_odd_paths (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "newdir", NULL);
  g_autofree char *folder_slash = g_strconcat (folder, "/", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link.db", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", folder_slash, "profile", "list", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "folder"));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (symlink ("nowhere/salve.db", link), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", link, "profile", "list", NULL), ==, 1);
  g_assert_null (strstr (err, "File exists"));
  g_assert_nonnull (strstr (err, "nowhere/salve.db"));
}

/* Issue: profile names kept ESC sequences, BEL, newlines and the RTL
 * override; "É1" and "é1" were both accepted. */
static void
test_profile_names (Fixture       *f,
                    gconstpointer  data)
{
  static const char *refused[] = {
    "Ann\033[31m", "Ann\a", "Ann\nBob", "Ann\u202Egpj.exe", "\u2066Ann\u2069", "Ann\u200Fx", "Ann\tB",
  };
  g_autofree char *out = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    assert_run_value (f, "profile", "add", refused[i], 2, "control characters");

  add_profile (f, "É1");
  assert_run (f, "profile add é1", 4, "already");
  assert_run (f, "profile add E\u03011", 4, "already");
  add_profile (f, "Straße");
  assert_run (f, "profile add STRASSE", 4, "already");

  /* Found the same way. */
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "profile", "show", "é1", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "É1"));
}

/* A wrong option of a subcommand points at that subcommand's own help,
 * and an unknown subcommand at its command's. */
static void
test_hints_name_the_command (Fixture       *f,
                             gconstpointer  data)
{
  const char *commands[] = { "diary add", "diary list", "medication list", "plan status", "profile show",
                             "session list", "devices add" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *args = g_strdup_printf ("%s --no-such-option", commands[i]);
      g_autofree char *hint = g_strdup_printf ("Try “salvectl %s --help”.", commands[i]);

      assert_run (f, args, 2, hint);
    }
  assert_run (f, "diary frob", 2, "Unknown diary command “frob”. Try “salvectl diary --help”.");
  assert_run (f, "plan frob", 2, "Unknown plan command “frob”. Try “salvectl plan --help”.");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/input/diary-numbers", test_diary_numbers);
  ADD ("/cli/input/diary-at", test_diary_at);
  ADD ("/cli/input/check-numbers", test_check_numbers);
  ADD ("/cli/input/devices-add-limits", test_devices_add_limits);
  ADD ("/cli/input/session-run-options", test_session_run_options);
  ADD ("/cli/input/session-run-missing-port", test_session_run_missing_port);
  ADD ("/cli/input/db-empty-path", test_db_empty_path);
  ADD ("/cli/input/db-odd-paths", test_db_odd_paths);
  ADD ("/cli/input/profile-names", test_profile_names);
  ADD ("/cli/input/hints-name-the-command", test_hints_name_the_command);
#undef ADD

  return g_test_run ();
}
