/* test-cli-session-run.c: salvectl session run as a user meets it — a
 * manual device, the diary link, cautions, registered devices, the
 * questions after, a device that does not answer
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "salve-db.h"
#include "salve-protocol.h"
#include "salve-test-sim.h"
#include "salve-test-util.h"

static const char * const conditions[] = {
  "pacemaker", "defibrillator", "other-implant", "pregnancy", "thrombosis", "epilepsy",
  "malignancy", "bleeding", "arrhythmia", "reduced-sensation", "broken-skin", "infection",
  "hyperthyroidism", "photosensitivity", NULL
};

typedef struct
{
  char *dir;
  char *db;
} Fixture;

/* A database with profile P, every checklist question answered "no". */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

  f->dir = salve_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "salve.db", NULL);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "add", "P", NULL), ==, 0);

  g_ptr_array_add (args, g_strdup ("--db"));
  g_ptr_array_add (args, g_strdup (f->db));
  g_ptr_array_add (args, g_strdup ("profile"));
  g_ptr_array_add (args, g_strdup ("set"));
  g_ptr_array_add (args, g_strdup ("P"));
  for (guint i = 0; conditions[i] != NULL; i++)
    {
      g_ptr_array_add (args, g_strdup ("--condition"));
      g_ptr_array_add (args, g_strdup_printf ("%s=no", conditions[i]));
    }
  g_ptr_array_add (args, NULL);
  g_assert_cmpint (salve_test_run_salvectlv (NULL, NULL, (const char * const *) args->pdata), ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  salve_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* session list --json for P, the first (only) session. */
static JsonObject *
only_session (Fixture    *f,
              JsonNode  **keep)
{
  g_autofree char *out = NULL;
  JsonArray *array;

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "session", "list", "--profile", "P",
                                            "--json", NULL), ==, 0);
  *keep = parse_json (out);
  array = json_node_get_array (*keep);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  return json_array_get_object_element (array, 0);
}

/* A laser without a port: the time comes from dose, power and points,
 * t = E / P = 0.5 J / 0.1 W = 5 s a point, and it logs the energy. */
static void
test_manual_laser (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 took;

  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "session", "run", "--profile", "P",
                                            "--modality", "laser", "--site", "elbow", "--power-mw", "100",
                                            "--dose-j", "0.5", "--points", "2", "--beam-cm2", "0.5",
                                            "--acknowledge", "all", NULL), ==, 0);
  took = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("%s%s", out, err);
  g_assert_cmpint (took, >=, 10000);
  g_assert_cmpint (took, <, 12000);
  g_assert_nonnull (strstr (out, "Point 1 of 2: 5 s."));
  g_assert_nonnull (strstr (out, "Point 2 of 2: 5 s."));
  /* A status line for every second, none skipped. */
  for (int second = 1; second <= 9; second++)
    {
      g_autofree char *line = g_strdup_printf ("^00:%02d  output ", second);

      g_test_message ("second %d", second);
      g_assert_true (g_regex_match_simple (line, out, G_REGEX_MULTILINE, 0));
    }
  g_assert_nonnull (strstr (out, "Energy given: 1.0 J."));
  g_assert_nonnull (strstr (out, "Session completed."));
}

/* A TENS without a link: timed too, with a status line each second. */
static void
test_manual_tens (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "session", "run",
                                            "--modality", "tens", "--site", "knee", "--intensity-ma", "10",
                                            "--minutes", "0.025", NULL), ==, 0);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (out, "Started on a manual device: set it to 10.0 mA"));
  g_assert_true (g_regex_match_simple ("^00:01  output 10.0 mA  Running$", out, G_REGEX_MULTILINE, 0));
  g_assert_nonnull (strstr (out, "Session completed."));
  /* Salve kept the time, nothing more: the person switches it off. */
  g_assert_nonnull (strstr (out, "Switch the device off and take the electrodes off, if you have not yet: Salve "
                                 "does not control it"));
  /* Without a profile nobody's answers were checked, and it says so. */
  g_assert_nonnull (strstr (err, "note: no --profile, so no one’s checklist is checked"));
}

static void
assert_stats (Fixture    *f,
              const char *profile)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *tens;

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "diary", "stats", "--profile", profile,
                                            "--json", NULL), ==, 0);
  root = parse_json (out);
  tens = json_object_get_object_member (json_object_get_object_member (json_node_get_object (root), "sessions"),
                                        "tens");
  g_assert_nonnull (tens);
  g_assert_cmpint (json_object_get_int_member (tens, "sessions"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (tens, "mean_before"), ==, 6);
  g_assert_cmpfloat (json_object_get_double_member (tens, "mean_after"), ==, 4);
}

/* Pain before and after are linked diary entries, as in the app: the
 * diary's statistics count the session, also after export and import. */
static void
test_pain_in_diary (Fixture       *f,
                    gconstpointer  data)
{
  const char *args[] = { "--modality", "tens", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "session", "run", "--profile", "P",
                                            "--port", sim->pty, "--modality", "tens", "--site", "knee",
                                            "--intensity-ma", "2", "--ramp-rate", "5", "--minutes", "0.02",
                                            "--pain-before", "6", "--pain-after", "4", NULL), ==, 0);
  g_test_message ("%s%s", out, err);
  salve_test_sim_free (sim);

  assert_stats (f, "P");

  /* A therapist who imports the full export sees the same figures. */
  {
    g_autofree char *csv = g_build_filename (f->dir, "p.csv", NULL);

    g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "export", "--profile", "P",
                                              "--out", csv, "--kind", "all", NULL), ==, 0);
    g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "add", "Q", NULL), ==, 0);
    g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", csv, "--profile", "Q", NULL), ==, 0);
    assert_stats (f, "Q");
  }
}

/* A caution stops the session before anything is sent, unless it is
 * acknowledged; the acknowledgement is kept with who and when. */
static void
test_caution_acknowledged (Fixture       *f,
                           gconstpointer  data)
{
  const char *args[] = { "--modality", "laser", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  JsonObject *session, *ack;
  JsonArray *acks;

  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "session", "run", "--profile", "P",
                                            "--port", sim->pty, "--modality", "laser", "--site", "elbow",
                                            "--power-mw", "100", "--dose-j", "0.05", NULL), ==, 3);
  g_assert_nonnull (strstr (err, "caution laser-eye-protection:"));
  g_assert_nonnull (strstr (err, "not acknowledged"));
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "hello", NULL, FALSE, 0, 300), <, 0);

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err2, "--db", f->db, "session", "run", "--profile", "P",
                                            "--port", sim->pty, "--modality", "laser", "--site", "elbow",
                                            "--power-mw", "100", "--dose-j", "0.05",
                                            "--acknowledge", "no-such-caution", NULL), ==, 2);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "hello", NULL, FALSE, 0, 300), <, 0);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "session", "run", "--profile", "P",
                                            "--port", sim->pty, "--modality", "laser", "--site", "elbow",
                                            "--power-mw", "100", "--dose-j", "0.05",
                                            "--acknowledge", "laser-eye-protection", "--by", "Mia", NULL), ==, 0);
  g_test_message ("%s%s", out, err);
  salve_test_sim_free (sim);

  session = only_session (f, &root);
  acks = json_object_get_array_member (session, "acknowledgements");
  g_assert_cmpuint (json_array_get_length (acks), ==, 1);
  ack = json_array_get_object_element (acks, 0);
  g_assert_cmpstr (json_object_get_string_member (ack, "rule"), ==, "laser-eye-protection");
  g_assert_cmpstr (json_object_get_string_member (ack, "by"), ==, "Mia");
  g_assert_nonnull (json_object_get_string_member (ack, "at"));
}

/* --device: the registered device's connection and name; session list
 * --device finds the session. The hint names the command. */
static void
test_registered_device (Fixture       *f,
                        gconstpointer  data)
{
  const char *args[] = { "--modality", "tens", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *hint = NULL;
  JsonObject *session;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "devices", "add", "Knee unit",
                                            "--modality", "tens", "--port", sim->pty,
                                            "--max-intensity-ma", "30", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "session", "run", "--profile", "P",
                                            "--device", "Knee unit", "--modality", "tens", "--site", "knee",
                                            "--intensity-ma", "2", "--ramp-rate", "5", "--minutes", "0.02",
                                            NULL), ==, 0);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (out, "via pty"));
  salve_test_sim_free (sim);

  /* Above the device's own maximum: blocked before anything is sent. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "session", "run", "--profile", "P",
                                            "--device", "Knee unit", "--modality", "tens", "--site", "knee",
                                            "--intensity-ma", "40", "--minutes", "1", NULL), ==, 4);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "session", "list", "--profile", "P",
                                            "--device", "Knee unit", "--json", NULL), ==, 0);
  root = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  session = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (session, "device"), ==, "Knee unit");
  g_assert_false (json_object_get_null_member (session, "device_id"));

  /* A manual laser pen: its own power times the session, and a session
   * that is not recorded still runs on it. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "devices", "add", "Pen",
                                            "--modality", "laser", "--max-power-mw", "100", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "session", "run", "--device", "Pen",
                                            "--modality", "laser", "--site", "elbow", "--dose-j", "0.05",
                                            "--acknowledge", "all", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Point 1 of 1: 0.5 s."));
  g_assert_nonnull (strstr (out, "Energy given: 0.1 J."));

  g_assert_cmpint (salve_test_run_salvectl (NULL, &hint, "session", "run", "--no-such-option", NULL), ==, 2);
  g_assert_nonnull (strstr (hint, "salvectl session run --help"));
}

/* Side effects, the skin check and a note are stored with the session. */
static void
test_after_questions (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *err = NULL;
  JsonObject *session;
  JsonArray *effects;

  g_autofree char *out = NULL;

  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "session", "run", "--profile", "P",
                                            "--modality", "tens", "--site", "knee", "--intensity-ma", "10",
                                            "--minutes", "0.005", "--side-effect", "skin-irritation",
                                            "--skin-ok", "no", "--note", "itchy after", NULL), ==, 0);
  /* The damaged skin is a contraindication from now on, and it says so. */
  g_assert_nonnull (strstr (out, "Broken skin is now in the checklist, at “Knee”: no TENS or muscle stimulation "
                                 "there until the question is answered again."));
  session = only_session (f, &root);
  effects = json_object_get_array_member (session, "side_effects");
  g_assert_cmpuint (json_array_get_length (effects), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (effects, 0), ==, "skin-irritation");
  g_assert_cmpstr (json_object_get_string_member (session, "skin_check"), ==, "damaged");
  g_assert_cmpstr (json_object_get_string_member (session, "note"), ==, "itchy after");
  g_assert_true (json_object_get_boolean_member (session, "started_on_device"));
  /* In the text too: it was only in --json. */
  {
    g_autofree char *text = NULL;

    g_assert_cmpint (salve_test_run_salvectl (&text, NULL, "--db", f->db, "session", "list", "--profile", "P",
                                              NULL), ==, 0);
    g_assert_nonnull (strstr (text, "  effects:  skin-irritation\n"));
    g_assert_nonnull (strstr (text, "  skin:     damaged\n"));
    g_assert_nonnull (strstr (text, "  program:  –\n"));
  }

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "session", "run", "--profile", "P",
                                            "--modality", "tens", "--site", "knee", "--intensity-ma", "10",
                                            "--minutes", "0.005", "--side-effect", "headache", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "session", "run", "--profile", "P",
                                            "--modality", "tens", "--site", "knee", "--intensity-ma", "10",
                                            "--minutes", "0.005", NULL), ==, 4);
  g_assert_nonnull (strstr (err, "blocked estim-broken-skin"));
}

/* A device that does not answer: a clear error and a session recorded as
 * interrupted (link-lost), never a foreign-key error. */
static void
test_no_answer (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  JsonObject *session;
  int master = posix_openpt (O_RDWR | O_NOCTTY);

  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);

  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "session", "run", "--profile", "P",
                                            "--port", ptsname (master), "--modality", "tens", "--site", "knee",
                                            "--intensity-ma", "2", "--minutes", "1", "--pain-before", "5",
                                            "--pain-after", "2", NULL), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "could not connect to the stimulator on /dev/"));
  g_assert_nonnull (strstr (err, "salvectl: the session never started on its device: the pain after, side effects"
                                 " and skin check are not stored\n"));
  g_assert_null (strstr (err, "FOREIGN KEY"));
  /* Two sentences joined, not "…port?. The stimulator…". */
  g_assert_null (strstr (err, "?."));
  /* Nothing was heard from it: no status line claims an output or a state. */
  g_assert_true (g_str_has_prefix (out, "Connecting…\n"));
  g_assert_null (strstr (out, "output"));
  g_assert_null (strstr (out, "Fault"));
  close (master);

  session = only_session (f, &root);
  g_assert_cmpstr (json_object_get_string_member (session, "outcome"), ==, "interrupted");
  g_assert_cmpstr (json_object_get_string_member (session, "reason"), ==, "link-lost");
  g_assert_cmpint (json_object_get_int_member (session, "pain_before"), ==, 5);
  g_assert_true (json_object_get_null_member (session, "pain_after"));
  /* Its pain before is a treatment's for no statistic. */
  g_assert_false (json_object_get_boolean_member (session, "started_on_device"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (&err, NULL, "--db", f->db, "session", "list", "--profile", "P", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "  never started on its device: its pain before and after not counted\n"));
}

/* A 3-second TENS session on @sim at 2 mA, with a pain before and after. */
/* How many events of @kind whose detail is LIKE @like the database's
 * sessions have. */
static gint64
count_events (Fixture    *f,
              const char *kind,
              const char *like)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->db, &error);
  g_autoptr(SalveStmt) stmt = NULL;

  g_assert_no_error (error);
  stmt = salve_db_prepare (db, "SELECT count(*) FROM session_events WHERE kind = ?1 AND detail LIKE ?2", &error);
  g_assert_no_error (error);
  g_assert_true (salve_stmt_bind_text (stmt, 1, kind, &error));
  g_assert_true (salve_stmt_bind_text (stmt, 2, like, &error));
  g_assert_true (salve_stmt_step (stmt, NULL));
  return salve_stmt_get_int64 (stmt, 0);
}

static int
run_short_session (Fixture       *f,
                   SalveTestSim  *sim,
                   char         **err)
{
  return salve_test_run_salvectl (NULL, err, "--db", f->db, "session", "run", "--profile", "P",
                                  "--port", sim->pty, "--modality", "tens", "--site", "knee",
                                  "--intensity-ma", "2", "--minutes", "0.05", "--pain-before", "5",
                                  "--pain-after", "2", NULL);
}

/* A device that refuses START gave no treatment: the session never
 * started on it, so nothing after it is stored, though salvectl had
 * already sent the ramp. */
static void
test_refused_start (Fixture       *f,
                    gconstpointer  data)
{
  const char *args[] = { "--refuse-start", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *err = NULL;
  JsonObject *session;

  g_assert_cmpint (run_short_session (f, sim, &err), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "salvectl: the session never started on its device"));
  salve_test_sim_free (sim);

  session = only_session (f, &root);
  g_assert_cmpstr (json_object_get_string_member (session, "outcome"), ==, "interrupted");
  g_assert_false (json_object_get_boolean_member (session, "started_on_device"));
  g_assert_true (json_object_get_null_member (session, "pain_after"));
}

/* A device that answers STOP but keeps delivering: the session's end
 * says so, salvectl exits 1, and the log holds it, and the output it
 * reported after the stop, more than asked for, as the fault it is;
 * salvectl prints both. */
static void
test_stop_not_confirmed (Fixture       *f,
                         gconstpointer  data)
{
  const char *args[] = { "--ignore-stop", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *err = NULL;
  JsonObject *session;

  g_assert_cmpint (run_short_session (f, sim, &err), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "The stimulator did not confirm that its output is off. "
                                 "Switch it off and take the electrodes off.\n"));
  /* The output it reported after the stop is said too, first, not only
   * stored: the unconfirmed stop that followed took its place. */
  g_assert_nonnull (strstr (err, "salvectl: The device reports 2 mA on channel 1, more than the 0 mA it was asked for"));
  salve_test_sim_free (sim);

  session = only_session (f, &root);
  g_assert_true (json_object_get_boolean_member (session, "started_on_device"));
  g_assert_cmpint (count_events (f, "fault", "%did not confirm that its output is off%"), ==, 1);
  g_assert_cmpint (count_events (f, "fault", "The device reports 2 mA on channel 1, more than the 0 mA it was asked for%"),
                   ==, 1);
  /* The list says so beside the outcome, in text and JSON, not only the log. */
  {
    g_autofree char *out = NULL;
    JsonArray *faults = json_object_get_array_member (session, "faults");

    g_assert_cmpuint (json_array_get_length (faults), ==, 2);
    g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "session", "list", "--profile", "P", NULL),
                     ==, 0);
    g_assert_nonnull (strstr (out, "  fault:    The stimulator did not confirm that its output is off."));
  }
}

/* A STATUS with every output 0 confirms no stop while it says the
 * device runs: an NMES device between two contractions reports 0, and
 * one that took the STOP for nothing goes on at its next. */
/* A short session on a simulator started with @args ends with its stop
 * unconfirmed: exit 1, said and logged. */
static void
assert_stop_unconfirmed (Fixture     *f,
                         const char **args)
{
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autofree char *err = NULL;

  g_assert_cmpint (run_short_session (f, sim, &err), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "The stimulator did not confirm that its output is off."));
  salve_test_sim_free (sim);
  g_assert_cmpint (count_events (f, "fault", "%did not confirm that its output is off%"), ==, 1);
}

static void
test_stop_keeps_running (Fixture       *f,
                         gconstpointer  data)
{
  assert_stop_unconfirmed (f, (const char *[]) { "--stop-keeps-running", NULL });
}

/* A STOP the device refuses (busy, NAK 0x0A) confirms nothing and goes
 * again 200 ms later, as an unanswered one does: the second is taken,
 * and the stop is confirmed. It was not sent again. */
static void
test_stop_refused_once (Fixture       *f,
                        gconstpointer  data)
{
  const char *args[] = { "--refuse-stops", "1", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *err = NULL;
  JsonObject *session;

  g_assert_cmpint (run_short_session (f, sim, &err), ==, 0);
  g_test_message ("%s", err);
  g_assert_null (strstr (err, "did not confirm"));
  salve_test_sim_free (sim);
  session = only_session (f, &root);
  g_assert_cmpstr (json_object_get_string_member (session, "outcome"), ==, "completed");
  g_assert_cmpint (count_events (f, "fault", "%"), ==, 0);
}

/* NAK 0x08 says the device's dead-man timer fired, so its output is off;
 * but not moments after it answered a frame: its timer cannot have run
 * out then. Such a stop stays unconfirmed; it was taken for one. */
static void
test_stop_forgotten_too_soon (Fixture       *f,
                              gconstpointer  data)
{
  assert_stop_unconfirmed (f, (const char *[]) { "--forget-on-stop", NULL });
}

/* The same NAK 0x08 after a STOP the device refused (0x0A, busy) for a
 * second: a NAK is an answer too, and a device that took a STOP 200 ms
 * before cannot have had its timer run out. */
static void
test_stop_forgotten_after_refusals (Fixture       *f,
                                    gconstpointer  data)
{
  assert_stop_unconfirmed (f, (const char *[]) { "--refuse-stops", "5", "--forget-on-stop", NULL });
}

/* A device that reports half a milliampere above what it was asked for,
 * all session long, is within the ramp step it may be above (a rise
 * under way) and is not stopped; but its session says so in its log and
 * at its end. It went unremarked. */
static void
test_output_above_asked (Fixture       *f,
                         gconstpointer  data)
{
  const char *args[] = { "--report-output", "+0.5", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autofree char *err = NULL;

  g_assert_cmpint (run_short_session (f, sim, &err), ==, 0);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "note: The device reported up to 2.5 mA, more than the 2 mA it was asked for.\n"));
  salve_test_sim_free (sim);
  g_assert_cmpint (count_events (f, "note", "The device reported up to 2.5 mA, more than the 2 mA it was asked for."),
                   ==, 1);
}

/* A laser on a device that reports its output: the energy given is
 * what it reported, the slow rise to the power included (10 mW/s for a
 * 5 s point reaches half of 100 mW), not power × time, and a session
 * whose output never came near the plan says so in its log and its end. */
static void
test_laser_reported_energy (Fixture       *f,
                            gconstpointer  data)
{
  const char *args[] = { "--modality", "laser", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "session", "run", "--profile", "P",
                                            "--port", sim->pty, "--modality", "laser", "--site", "elbow",
                                            "--power-mw", "100", "--dose-j", "0.5", "--beam-cm2", "0.5",
                                            "--acknowledge", "all", NULL), ==, 0);
  g_test_message ("%s%s", out, err);
  salve_test_sim_free (sim);
  g_assert_nonnull (strstr (out, "Session completed."));
  g_assert_null (strstr (out, "Energy given: 0.5 J."));
  g_assert_nonnull (strstr (err, "J of the 0.5 J planned"));
  g_assert_nonnull (strstr (err, "note: The output reached at most "));
  g_assert_nonnull (strstr (err, " mW of the 100 mW planned.\n"));
  g_assert_cmpint (count_events (f, "note", "The output reached at most %"), ==, 1);
}

/* A device that answers but is refused (its INFO says it cannot ramp)
 * was never started: the session is interrupted by a fault, not a lost
 * link, and once the device has confirmed the STOP, nobody is told that
 * its output may still be on. */
static void
test_refused_device (Fixture       *f,
                     gconstpointer  data)
{
  const char *args[] = { "--no-ramp", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *err = NULL;
  JsonObject *session;

  g_assert_cmpint (run_short_session (f, sim, &err), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "salvectl: The device reports that it cannot raise its intensity"));
  g_assert_null (strstr (err, "did not confirm"));
  salve_test_sim_free (sim);

  session = only_session (f, &root);
  g_assert_cmpstr (json_object_get_string_member (session, "outcome"), ==, "interrupted");
  g_assert_cmpstr (json_object_get_string_member (session, "reason"), ==, "fault");
}

/* A planned setting the device's INFO does not list (a TENS unit with a
 * fixed frequency) is refused before it is sent, as a value outside the
 * device's range is: exit 4, not 1, and nothing of the program reaches
 * the device. */
static void
test_setting_not_on_device (Fixture       *f,
                            gconstpointer  data)
{
  const char *args[] = { "--leave-out", "frequency", "--log-frames", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autofree char *err = NULL;
  JsonObject *session;

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "session", "run", "--profile", "P",
                                            "--port", sim->pty, "--modality", "tens", "--site", "knee",
                                            "--intensity-ma", "2", "--frequency-hz", "100", "--minutes", "0.05",
                                            NULL), ==, 4);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "salvectl: This device has no setting for Frequency\n"));
  g_assert_null (strstr (err, "did not confirm"));

  /* It was asked for nothing: no program, no START. */
  log = salve_test_sim_read_log (sim);
  for (guint i = 0; i < log->len; i++)
    {
      JsonObject *line = g_ptr_array_index (log, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (line, "event", ""), "rx") != 0)
        continue;
      g_assert_cmpint (json_object_get_int_member (line, "type"), !=, SALVE_MSG_SET_PROGRAM);
      g_assert_cmpint (json_object_get_int_member (line, "type"), !=, SALVE_MSG_START);
    }
  salve_test_sim_free (sim);

  session = only_session (f, &root);
  g_assert_cmpstr (json_object_get_string_member (session, "outcome"), ==, "interrupted");
  g_assert_cmpstr (json_object_get_string_member (session, "reason"), ==, "fault");
  g_assert_false (json_object_get_boolean_member (session, "started_on_device"));
  g_clear_pointer (&err, g_free);

  /* A value off the device's grid says the grid with its unit. */
  sim = salve_test_sim_start ((const char *[]) { NULL });
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "session", "run", "--profile", "P",
                                            "--port", sim->pty, "--modality", "tens", "--site", "knee",
                                            "--intensity-ma", "2", "--frequency-hz", "100.5", "--minutes", "0.05",
                                            NULL), ==, 4);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "Frequency 100.5 Hz is not a setting this device has (1–200 Hz in steps of 1 Hz)"));
  salve_test_sim_free (sim);
}

/* A device of another modality (a laser where TENS was asked for) is a
 * usage error: it is stopped and its stop confirmed like any device's,
 * and nobody is told its output may still be on (exit 1, "did not
 * confirm", when the port was given up before its answer). */
static void
test_wrong_device (Fixture       *f,
                   gconstpointer  data)
{
  const char *args[] = { "--modality", "laser", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *err = NULL;
  JsonObject *session;

  g_assert_cmpint (run_short_session (f, sim, &err), ==, 2);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "salvectl: The device is for Soft laser, not for TENS."));
  g_assert_null (strstr (err, "did not confirm"));
  salve_test_sim_free (sim);

  session = only_session (f, &root);
  g_assert_cmpstr (json_object_get_string_member (session, "outcome"), ==, "interrupted");
  g_assert_cmpstr (json_object_get_string_member (session, "reason"), ==, "fault");
  g_assert_false (json_object_get_boolean_member (session, "started_on_device"));
}

/* A device whose link goes mid-session (here its port vanishes, as with a
 * cable pulled out) may still be delivering: the person is told to switch
 * it off, and no status line claims an output it never reported. */
static void
test_link_lost (Fixture       *f,
                    gconstpointer  data)
{
  SalveTestSim *sim = salve_test_sim_start (NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *freeze = g_strdup_printf ("sleep 2; kill -KILL %d", (int) sim->pid);
  const char *freezer[] = { "/bin/sh", "-c", freeze, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (g_spawn_async (NULL, (char **) freezer, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "session", "run", "--profile", "P",
                                            "--port", sim->pty, "--modality", "tens", "--site", "knee",
                                            "--intensity-ma", "4", "--minutes", "1", NULL), ==, 1);
  g_test_message ("%s%s", out, err);
  salve_test_sim_free (sim);
  g_assert_nonnull (strstr (err, "salvectl: The stimulator did not confirm that its output is off. "
                                 "Switch it off and take the electrodes off.\n"));
  g_assert_null (strstr (out, "output 0.0 mA, 0.0 mA"));
}

/* A session whose end cannot be stored is no success, whatever the
 * device did. */
static void
test_end_not_stored (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  db = salve_db_open (f->db, &error);
  g_assert_no_error (error);
  salve_db_exec (db, "CREATE TRIGGER full_disk BEFORE UPDATE OF outcome ON sessions"
                     " WHEN NEW.outcome = 'completed' BEGIN SELECT RAISE (ABORT, 'disk full'); END", &error);
  g_assert_no_error (error);

  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "session", "run", "--profile", "P",
                                            "--modality", "tens", "--site", "knee", "--intensity-ma", "10",
                                            "--minutes", "0.005", NULL), ==, 1);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (err, "record is not complete"));
  g_assert_null (strstr (out, "Recorded as session"));
}

static char *
outcome_of_only_session (Fixture *f)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *session = only_session (f, &root);
  const char *reason = json_object_get_string_member (session, "reason");

  return g_strdup_printf ("%s%s%s", json_object_get_string_member (session, "outcome"),
                          reason ? " " : "", reason ? reason : "");
}

/* A salvectl killed mid-session leaves it "running"; the next program to
 * open the database closes it as interrupted (app-closed), but not while
 * the session's own program still lives. */
static void
test_killed (Fixture       *f,
             gconstpointer  data)
{
  const char *args[] = { "--modality", "tens", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  const char *argv[] = { g_getenv ("SALVECTL"), "--db", f->db, "session", "run", "--profile", "P",
                         "--port", sim->pty, "--modality", "tens", "--site", "knee", "--intensity-ma", "2",
                         "--minutes", "5", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *outcome = NULL;
  gint64 deadline;
  GPid pid;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  do
    {
      g_usleep (100 * 1000);
      g_clear_pointer (&outcome, g_free);
      outcome = g_file_test (f->db, G_FILE_TEST_EXISTS) ? outcome_of_only_session (f) : NULL;
    }
  while ((outcome == NULL || !g_str_equal (outcome, "running")) && g_get_monotonic_time () < deadline);
  g_assert_cmpstr (outcome, ==, "running");

  /* Alive: the list opened the database and left the session alone. */
  g_usleep (300 * 1000);
  g_clear_pointer (&outcome, g_free);
  outcome = outcome_of_only_session (f);
  g_assert_cmpstr (outcome, ==, "running");

  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);

  g_clear_pointer (&outcome, g_free);
  outcome = outcome_of_only_session (f);
  g_assert_cmpstr (outcome, ==, "interrupted app-closed");
  salve_test_sim_free (sim);
}

/* The pid of a child of @parent, or 0: from /proc. */
static GPid
child_of (GPid parent)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *after;
      int ppid = 0;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      /* "PID (COMM) STATE PPID …": the name may hold spaces and parens. */
      after = strrchr (stat, ')');
      if (after != NULL && sscanf (after + 1, " %*c %d", &ppid) == 1 && ppid == parent)
        return atoi (name);
    }

  return 0;
}

/* Whether @pid is gone (or a zombie nobody reaped yet). */
static gboolean
process_gone (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *after;
  char state = 0;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return TRUE;
  after = strrchr (stat, ')');
  return after != NULL && sscanf (after + 1, " %c", &state) == 1 && (state == 'Z' || state == 'X');
}

/* The practice stimulator salvectl started ends with it, even when
 * salvectl is killed, instead of staying behind. */
static void
test_killed_practice (Fixture       *f,
                      gconstpointer  data)
{
  const char *argv[] = { g_getenv ("SALVECTL"), "--db", f->db, "session", "run", "--profile", "P",
                         "--simulator", "--modality", "tens", "--site", "knee", "--intensity-ma", "2",
                         "--minutes", "5", NULL };
  g_autoptr(GError) error = NULL;
  gboolean gone;
  gint64 deadline;
  GPid pid, sim = 0;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (sim == 0 && g_get_monotonic_time () < deadline)
    {
      g_usleep (50 * 1000);
      sim = child_of (pid);
    }
  g_assert_cmpint (sim, >, 0);
  /* Running: the session is under way on it. */
  g_usleep (500 * 1000);
  g_assert_false (process_gone (sim));

  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!process_gone (sim) && g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  gone = process_gone (sim);
  /* Left behind, it would hold the test's output open. */
  if (!gone)
    kill (sim, SIGKILL);
  g_assert_true (gone);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/session-run/refused-device", test_refused_device);
  ADD ("/cli/session-run/wrong-device", test_wrong_device);
  ADD ("/cli/session-run/setting-not-on-device", test_setting_not_on_device);
  ADD ("/cli/session-run/laser-reported-energy", test_laser_reported_energy);
  ADD ("/cli/session-run/manual-laser", test_manual_laser);
  ADD ("/cli/session-run/manual-tens", test_manual_tens);
  ADD ("/cli/session-run/pain-in-diary", test_pain_in_diary);
  ADD ("/cli/session-run/caution-acknowledged", test_caution_acknowledged);
  ADD ("/cli/session-run/registered-device", test_registered_device);
  ADD ("/cli/session-run/after-questions", test_after_questions);
  ADD ("/cli/session-run/no-answer", test_no_answer);
  ADD ("/cli/session-run/killed", test_killed);
  ADD ("/cli/session-run/killed-practice", test_killed_practice);
  ADD ("/cli/session-run/end-not-stored", test_end_not_stored);
  ADD ("/cli/session-run/refused-start", test_refused_start);
  ADD ("/cli/session-run/stop-not-confirmed", test_stop_not_confirmed);
  ADD ("/cli/session-run/stop-keeps-running", test_stop_keeps_running);
  ADD ("/cli/session-run/stop-refused-once", test_stop_refused_once);
  ADD ("/cli/session-run/stop-forgotten-too-soon", test_stop_forgotten_too_soon);
  ADD ("/cli/session-run/stop-forgotten-after-refusals", test_stop_forgotten_after_refusals);
  ADD ("/cli/session-run/output-above-asked", test_output_above_asked);
  ADD ("/cli/session-run/link-lost", test_link_lost);

  return g_test_run ();
}
