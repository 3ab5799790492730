/* test-cli-session.c: salvectl session list, what session run records,
 * and session run against a simulated stimulator that lies about its output
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "salve-condition-repo.h"
#include "salve-diary-repo.h"
#include "salve-profile-repo.h"
#include "salve-session-repo.h"
#include "salve-test-sim.h"
#include "salve-test-util.h"

static void
add_session (SalveDb       *db,
             gint64         profile_id,
             SalveModality  modality,
             SalveSite      site,
             const char    *device,
             const char    *start,
             SalveSessionOutcome outcome,
             const char    *reason,
             int            before,
             int            after)
{
  g_autoptr(SalveSession) s = salve_session_new (modality, site);
  g_autoptr(GError) error = NULL;

  salve_session_set_profile_id (s, profile_id);
  salve_session_set_device_name (s, device);
  salve_session_set_pain_before (s, before);
  if (modality == SALVE_MODALITY_TENS)
    {
      salve_session_set_param (s, "intensity-ma", 12);
      salve_session_set_param (s, "frequency-hz", 100);
    }
  else
    {
      salve_session_set_param (s, "power-mw", 100);
      salve_session_set_param (s, "dose-j", 4);
    }
  g_assert_true (salve_session_repo_create (db, s, &error));
  g_assert_true (salve_session_repo_mark_started (db, salve_session_get_id (s), start, &error));
  g_assert_true (salve_session_repo_finish (db, salve_session_get_id (s), outcome, reason, NULL, &error));
  salve_session_set_pain_after (s, after);
  g_assert_true (salve_session_repo_update_after (db, s, &error));
  g_assert_no_error (error);
}

static void
add_rating (SalveDb         *db,
            gint64           profile_id,
            const char      *at,
            int              pain,
            gint64           session_id,
            SalveDiaryPhase  phase)
{
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (profile_id);
  g_autoptr(GError) error = NULL;

  g_assert_true (salve_diary_entry_set_at_iso (entry, at, &error));
  salve_diary_entry_set_pain (entry, pain);
  salve_diary_entry_set_session (entry, session_id, phase);
  g_assert_true (salve_diary_repo_add (db, entry, &error));
  g_assert_no_error (error);
}

static void
test_list (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "salve.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;
  JsonObject *first;

  {
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_add (db, "Anna", &error);

    g_assert_no_error (error);
    add_session (db, salve_profile_get_id (anna), SALVE_MODALITY_TENS, SALVE_SITE_HAND, "Simulated stimulator",
                 "2026-03-01T09:00:00+01:00", SALVE_SESSION_OUTCOME_COMPLETED, NULL, 7, 4);
    add_session (db, salve_profile_get_id (anna), SALVE_MODALITY_LASER, SALVE_SITE_ELBOW, "Laser pen",
                 "2026-03-02T09:00:00+01:00", SALVE_SESSION_OUTCOME_INTERRUPTED, "link-lost", 5, SALVE_PAIN_UNSET);
    /* the first was practice on the simulated stimulator */
    g_assert_true (salve_session_repo_log (db, 1, SALVE_SESSION_EVENT_PRACTICE, 0, "", "", &error));
    g_assert_no_error (error);
    /* their ratings in the diary, and one of the diary's own */
    add_rating (db, salve_profile_get_id (anna), "2026-03-01T08:59:00+01:00", 7, 1, SALVE_DIARY_PHASE_BEFORE);
    add_rating (db, salve_profile_get_id (anna), "2026-03-01T09:31:00+01:00", 4, 1, SALVE_DIARY_PHASE_AFTER);
    add_rating (db, salve_profile_get_id (anna), "2026-03-02T08:59:00+01:00", 5, 2, SALVE_DIARY_PHASE_BEFORE);
    add_rating (db, salve_profile_get_id (anna), "2026-03-02T20:00:00+01:00", 3, 0, SALVE_DIARY_PHASE_NONE);
  }

  /* The diary's list says which ratings came with a session, and that
   * practice counts nowhere. */
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", path, "diary", "list", "--profile", "Anna",
                                            "--from", "2026-03-01", "--to", "2026-03-02", NULL), ==, 0);
  g_assert_nonnull (strstr (out, " 7/10    (practice session, not counted)\n"));
  g_assert_nonnull (strstr (out, " 4/10    (practice session, not counted)\n"));
  g_assert_nonnull (strstr (out, " 5/10    (before a session)\n"));
  g_assert_nonnull (strstr (out, " 3/10  \n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", path, "diary", "list", "--profile", "Anna",
                                            "--json", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (json_object_get_boolean_member (json_array_get_object_element (array, i), "practice"), ==, i < 2);
  g_clear_pointer (&out, g_free);

  /* Text: what a person reads, newest first, units with the values. */
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", path, "session", "list", "--profile", "Anna", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "interrupted (link-lost)"));
  g_assert_nonnull (strstr (out, "12 mA, 100 Hz"));
  g_assert_nonnull (strstr (out, "7 → 4"));
  g_assert_true (strstr (out, "laser") < strstr (out, "tens"));
  /* practice says so, under its own session only */
  g_assert_nonnull (strstr (out, "practice: on the simulated stimulator, not counted"));
  g_assert_true (strstr (out, "practice:") > strstr (out, "Session 1"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", path, "session", "list", "--profile", "Anna",
                                            "--json", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  first = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "modality"), ==, "laser");
  g_assert_cmpstr (json_object_get_string_member (first, "site"), ==, "elbow");
  g_assert_cmpstr (json_object_get_string_member (first, "device"), ==, "Laser pen");
  g_assert_cmpstr (json_object_get_string_member (first, "outcome"), ==, "interrupted");
  g_assert_cmpstr (json_object_get_string_member (first, "reason"), ==, "link-lost");
  g_assert_cmpint (json_object_get_int_member (first, "pain_before"), ==, 5);
  g_assert_true (json_object_get_null_member (first, "pain_after"));
  g_assert_nonnull (json_object_get_string_member (first, "start"));
  g_assert_nonnull (json_object_get_string_member (first, "end"));
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (first, "parameters"), "dose-j"), ==, 4);
  g_assert_false (json_object_get_boolean_member (first, "practice"));
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (array, 1), "practice"));
  g_clear_pointer (&out, g_free);

  /* Filters */
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", path, "session", "list", "--profile", "Anna",
                                            "--modality", "tens", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"tens\""));
  g_assert_null (strstr (out, "\"laser\""));
  g_clear_pointer (&out, g_free);

  /* Usage errors list what is valid; an unknown profile is a runtime error. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", path, "session", "list", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--profile"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", path, "session", "list", "--profile", "Anna",
                                            "--modality", "ultrasound", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "tens"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", path, "session", "list", "--profile", "Nobody", NULL), ==, 1);

  salve_test_remove_tree (dir);
}

/* A profile with every checklist question answered "no", so that
 * nothing blocks a TENS session on the knee. */
static void
add_profile_all_no (const char *db,
                    const char *name)
{
  const char *args[] = { "--db", db, "profile", "set", name,
                         "--condition", "pacemaker=no", "--condition", "defibrillator=no",
                         "--condition", "other-implant=no", "--condition", "pregnancy=no",
                         "--condition", "thrombosis=no", "--condition", "epilepsy=no",
                         "--condition", "malignancy=no", "--condition", "bleeding=no",
                         "--condition", "arrhythmia=no", "--condition", "reduced-sensation=no",
                         "--condition", "broken-skin=no", "--condition", "infection=no",
                         "--condition", "hyperthyroidism=no", "--condition", "photosensitivity=no",
                         NULL };

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "profile", "add", name, NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectlv (NULL, NULL, args), ==, 0);
}

/* session run on a device that acknowledges every command and then
 * reports 60 mA, or 0xFFFFFFFF µA, on a 5 mA session: stopped at once,
 * exit 1, recorded as interrupted by a fault, never as completed. */
static void
test_run_lying_device (void)
{
  const char *lies[] = { "60", "max" };

  for (guint l = 0; l < G_N_ELEMENTS (lies); l++)
    {
      const char *sim_args[] = { "--modality", "tens", "--report-output", lies[l], NULL };
      g_autofree char *dir = salve_test_make_tmpdir ();
      g_autofree char *db = g_build_filename (dir, "salve.db", NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      SalveTestSim *sim;
      JsonArray *array;
      JsonObject *session;
      gint64 start;
      int code;

      add_profile_all_no (db, "Ans");
      sim = salve_test_sim_start (sim_args);
      start = salve_test_now_ms ();
      code = salve_test_run_salvectl (&out, &err, "--db", db, "session", "run", "--port", sim->pty,
                                      "--modality", "tens", "--site", "knee", "--intensity-ma", "5",
                                      "--frequency-hz", "100", "--pulse-us", "200", "--ramp-rate", "5",
                                      "--minutes", "0.1", "--profile", "Ans", NULL);
      g_test_message ("%s\n%s", out, err);
      g_assert_cmpint (code, ==, 1);
      g_assert_nonnull (strstr (err, "The device reports"));
      g_assert_null (strstr (out, "Session completed"));
      /* Stopped at once, not at the end of its 6 s. */
      g_assert_cmpint (salve_test_now_ms () - start, <, 5000);
      g_assert_cmpint (salve_test_sim_wait (sim, 0, "lie", "running", FALSE, 0, 100), >, 0);
      g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 1000), >, 0);
      salve_test_sim_free (sim);
      g_clear_pointer (&out, g_free);

      g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", db, "session", "list", "--profile", "Ans",
                                                "--json", NULL), ==, 0);
      json_parser_load_from_data (parser, out, -1, &error);
      g_assert_no_error (error);
      array = json_node_get_array (json_parser_get_root (parser));
      g_assert_cmpuint (json_array_get_length (array), ==, 1);
      session = json_array_get_object_element (array, 0);
      g_assert_cmpstr (json_object_get_string_member (session, "outcome"), ==, "interrupted");
      g_assert_cmpstr (json_object_get_string_member (session, "reason"), ==, "fault");

      salve_test_remove_tree (dir);
    }
}

/* ---- session run against a busy database --------------------------------- */

typedef struct
{
  GPid  pid;
  int   out_fd;
  int   err_fd;
  char *dir;
  char *db;
} Host;

/* A TENS session of 3 s for a profile whose checklist is all "no", ramping
 * to 2 mA, with --db-wait @db_wait when not NULL. */
static Host *
host_start (SalveTestSim *sim,
            const char   *db_wait,
            const char   *skin_ok)
{
  const char *no_args[] = { "--db", NULL, "profile", "set", "Ans",
                            "--condition", "pacemaker=no", "--condition", "defibrillator=no",
                            "--condition", "other-implant=no", "--condition", "pregnancy=no",
                            "--condition", "thrombosis=no", "--condition", "epilepsy=no",
                            "--condition", "malignancy=no", "--condition", "bleeding=no",
                            "--condition", "arrhythmia=no", "--condition", "reduced-sensation=no",
                            "--condition", "broken-skin=no", "--condition", "infection=no",
                            "--condition", "hyperthyroidism=no", "--condition", "photosensitivity=no",
                            NULL };
  g_auto(GStrv) env = salve_test_preload_environ ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Host *host = g_new0 (Host, 1);

  host->dir = salve_test_make_tmpdir ();
  host->db = g_build_filename (host->dir, "salve.db", NULL);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", host->db, "profile", "add", "Ans", NULL), ==, 0);
  no_args[1] = host->db;
  g_assert_cmpint (salve_test_run_salvectlv (NULL, NULL, no_args), ==, 0);

  g_ptr_array_add (argv, (char *) g_getenv ("SALVECTL"));
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, host->db);
  g_ptr_array_add (argv, (char *) "session");
  g_ptr_array_add (argv, (char *) "run");
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, sim->pty);
  g_ptr_array_add (argv, (char *) "--modality");
  g_ptr_array_add (argv, (char *) "tens");
  g_ptr_array_add (argv, (char *) "--site");
  g_ptr_array_add (argv, (char *) "knee");
  g_ptr_array_add (argv, (char *) "--intensity-ma");
  g_ptr_array_add (argv, (char *) "2");
  g_ptr_array_add (argv, (char *) "--frequency-hz");
  g_ptr_array_add (argv, (char *) "100");
  g_ptr_array_add (argv, (char *) "--pulse-us");
  g_ptr_array_add (argv, (char *) "200");
  g_ptr_array_add (argv, (char *) "--ramp-rate");
  g_ptr_array_add (argv, (char *) "5");
  g_ptr_array_add (argv, (char *) "--minutes");
  g_ptr_array_add (argv, (char *) "0.05");
  g_ptr_array_add (argv, (char *) "--profile");
  g_ptr_array_add (argv, (char *) "Ans");
  g_ptr_array_add (argv, (char *) "--pain-before");
  g_ptr_array_add (argv, (char *) "6");
  g_ptr_array_add (argv, (char *) "--pain-after");
  g_ptr_array_add (argv, (char *) "4");
  if (db_wait != NULL)
    {
      g_ptr_array_add (argv, (char *) "--db-wait");
      g_ptr_array_add (argv, (char *) db_wait);
    }
  if (skin_ok != NULL)
    {
      g_ptr_array_add (argv, (char *) "--skin-ok");
      g_ptr_array_add (argv, (char *) skin_ok);
    }
  g_ptr_array_add (argv, NULL);

  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, env, G_SPAWN_DO_NOT_REAP_CHILD,
                            salve_test_child_setup, NULL, &host->pid, NULL, &host->out_fd, &host->err_fd, &error);
  g_assert_no_error (error);

  return host;
}

/* The exit status once it exited, or -1 if it still runs after @ms. */
static int
host_wait (Host *host,
           guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  int status = 0;

  do
    {
      pid_t pid = waitpid (host->pid, &status, WNOHANG);

      g_assert_cmpint (pid, >=, 0);
      if (pid == host->pid)
        {
          g_assert_true (WIFEXITED (status));
          return WEXITSTATUS (status);
        }
      g_usleep (20 * 1000);
    }
  while (g_get_monotonic_time () < end);

  return -1;
}

static char *
read_all (int fd)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (text, buffer, n);

  return g_string_free (text, FALSE);
}

static void
host_free (Host *host)
{
  close (host->out_fd);
  close (host->err_fd);
  g_spawn_close_pid (host->pid);
  salve_test_remove_tree (host->dir);
  g_free (host->dir);
  g_free (host->db);
  g_free (host);
}

static SalveSession *
only_session (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (db_path, &error);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(SalveProfile) profile = NULL;

  g_assert_no_error (error);
  profile = salve_profile_repo_find_by_name (db, "Ans", &error);
  g_assert_no_error (error);
  sessions = salve_session_repo_list (db, salve_profile_get_id (profile), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);

  return salve_session_repo_get (db, salve_session_get_id (g_ptr_array_index (sessions, 0)), NULL);
}

/* Another program holds the write lock from the middle of the session
 * until 7 s after it ended, longer than any statement waits: salvectl
 * waits, stores the end after the lock is released, and only then says
 * the session completed and exits 0. */
static void
test_run_end_waits_for_lock (void)
{
  const char *args[] = { "--modality", "tens", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  Host *host = host_start (sim, NULL, NULL);
  g_autoptr(SalveSession) session = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  SalveTestLock *lock;
  GPtrArray *events;

  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 2.0, 8000), >, 0);
  lock = salve_test_lock_take (host->db, -1);

  /* The session ends (the device stops) while the lock is held. */
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 10000), >, 0);
  g_assert_cmpint (host_wait (host, 7000), ==, -1);

  salve_test_lock_release (lock);
  g_assert_cmpint (host_wait (host, 10000), ==, 0);
  out = read_all (host->out_fd);
  err = read_all (host->err_fd);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (err, "in use by another program"));
  g_assert_nonnull (strstr (out, "Session completed."));
  g_assert_nonnull (strstr (out, "Recorded as session"));

  session = only_session (host->db);
  g_assert_cmpstr (salve_session_outcome_to_id (salve_session_get_outcome (session)), ==, "completed");
  g_assert_cmpint (salve_session_get_pain_before (session), ==, 6);
  g_assert_cmpint (salve_session_get_pain_after (session), ==, 4);
  events = salve_session_get_events (session);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (salve_session_event_kind_to_id (((SalveSessionEvent *) g_ptr_array_index (events, 0))->kind), ==,
                   salve_session_event_kind_to_id (SALVE_SESSION_EVENT_START));
  g_assert_cmpstr (salve_session_event_kind_to_id (((SalveSessionEvent *) g_ptr_array_index (events, 1))->kind), ==,
                   salve_session_event_kind_to_id (SALVE_SESSION_EVENT_RAMP));
  g_assert_cmpstr (salve_session_event_kind_to_id (((SalveSessionEvent *) g_ptr_array_index (events, 2))->kind), ==,
                   salve_session_event_kind_to_id (SALVE_SESSION_EVENT_STOP));

  host_free (host);
  salve_test_sim_free (sim);
}

/* The same lock, with a burn found after the session: putting it in the
 * checklist waits for the lock longer than a statement may, and fails.
 * The session's end was still waited for and stored (salvectl gave up on
 * it, exited 1 and left the session running), and the checklist took the
 * broken skin once the lock was gone. */
static void
test_run_end_waits_for_lock_burn (void)
{
  const char *args[] = { "--modality", "tens", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  Host *host = host_start (sim, NULL, "no");
  g_autoptr(SalveSession) session = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) profile = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  SalveTestLock *lock;
  SalveProfileAnswers answers;

  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 2.0, 8000), >, 0);
  lock = salve_test_lock_take (host->db, -1);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 10000), >, 0);
  g_assert_cmpint (host_wait (host, SALVE_DB_BUSY_TIMEOUT_MS + 2000), ==, -1);

  salve_test_lock_release (lock);
  g_assert_cmpint (host_wait (host, 10000), ==, 0);
  out = read_all (host->out_fd);
  err = read_all (host->err_fd);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (out, "Recorded as session"));
  g_assert_nonnull (strstr (out, "Broken skin is now in the checklist, at “Knee”"));

  session = only_session (host->db);
  g_assert_cmpstr (salve_session_outcome_to_id (salve_session_get_outcome (session)), ==, "completed");
  g_assert_cmpstr (salve_session_get_skin_check (session), ==, SALVE_SKIN_CHECK_DAMAGED);
  db = salve_db_open (host->db, NULL);
  profile = salve_profile_repo_find_by_name (db, "Ans", NULL);
  salve_profile_answers_init (&answers, SALVE_ANSWER_UNKNOWN);
  g_assert_true (salve_condition_repo_load (db, salve_profile_get_id (profile), &answers, NULL));
  g_assert_cmpint (answers.answers[SALVE_CONDITION_BROKEN_SKIN], ==, SALVE_ANSWER_YES);
  g_assert_cmpint (answers.sites[SALVE_CONDITION_BROKEN_SKIN], ==, SALVE_SITE_KNEE);

  host_free (host);
  salve_test_sim_free (sim);
}

/* Held past the time salvectl may wait: it says the end was not stored
 * and exits 1, never "Session completed.". The session stays running
 * until the database is next opened, which closes it as interrupted
 * (app-closed): the program that ran it is gone. */
static void
test_run_end_not_stored (void)
{
  const char *args[] = { "--modality", "tens", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  Host *host = host_start (sim, "2", NULL);
  g_autoptr(SalveSession) session = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  SalveTestLock *lock;

  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 2.0, 8000), >, 0);
  lock = salve_test_lock_take (host->db, -1);

  g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 10000), >, 0);
  g_assert_cmpint (host_wait (host, 6000), ==, 1);
  out = read_all (host->out_fd);
  err = read_all (host->err_fd);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (err, "its end was not stored"));
  g_assert_null (strstr (out, "Session completed"));
  g_assert_null (strstr (out, "Recorded as session"));

  salve_test_lock_release (lock);
  session = only_session (host->db);
  g_assert_cmpstr (salve_session_outcome_to_id (salve_session_get_outcome (session)), ==, "interrupted");
  g_assert_cmpstr (salve_session_get_outcome_reason (session), ==, SALVE_SESSION_REASON_APP_CLOSED);

  host_free (host);
  salve_test_sim_free (sim);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/session/list", test_list);
  g_test_add_func ("/cli/session/run-lying-device", test_run_lying_device);
  g_test_add_func ("/cli/session/run/end-waits-for-lock", test_run_end_waits_for_lock);
  g_test_add_func ("/cli/session/run/end-not-stored", test_run_end_not_stored);
  g_test_add_func ("/cli/session/run/end-waits-for-lock-burn", test_run_end_waits_for_lock_burn);

  return g_test_run ();
}
