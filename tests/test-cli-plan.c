/* test-cli-plan.c: salvectl plan set|schedule|status, and what the plan
 * changes in salvectl diary add|stats
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "salve-care-plan-repo.h"
#include "salve-diary-repo.h"
#include "salve-profile-repo.h"
#include "salve-session-repo.h"
#include "salve-test-util.h"

typedef struct
{
  char  *dir;
  char  *db;
  gint64 profile_id;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) profile = NULL;

  f->dir = salve_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "salve.db", NULL);
  db = salve_db_open (f->db, &error);
  g_assert_no_error (error);
  profile = salve_profile_repo_add (db, "Anna", &error);
  g_assert_no_error (error);
  f->profile_id = salve_profile_get_id (profile);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  salve_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static JsonNode *
run_json (Fixture     *f,
          const char  *first,
          ...) G_GNUC_NULL_TERMINATED;

static JsonNode *
run_json (Fixture     *f,
          const char  *first,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list ap;

  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, f->db);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, (gpointer) "--json");
  g_ptr_array_add (args, NULL);

  g_assert_cmpint (salve_test_run_salvectlv (&out, &err, (const char * const *) args->pdata), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* One stray entry in March, then daily entries from 2026-10-01 for
 * @n_days days: pain 6 in the first week, 4 after. */
static void
add_history (Fixture *f,
             guint    n_days)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->db, &error);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) first = g_date_time_new (tz, 2026, 10, 1, 12, 0, 0);
  g_autoptr(SalveDiaryEntry) march = salve_diary_entry_new (f->profile_id);

  g_assert_no_error (error);
  g_assert_true (salve_diary_entry_set_at_iso (march, "2026-03-29T12:00:00+02:00", NULL));
  salve_diary_entry_set_pain (march, 9);
  g_assert_true (salve_diary_repo_add (db, march, &error));

  for (guint i = 0; i < n_days; i++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_days (first, (int) i);
      g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (f->profile_id);

      salve_diary_entry_set_at (entry, at);
      salve_diary_entry_set_pain (entry, i < 7 ? 6 : 4);
      g_assert_true (salve_diary_repo_add (db, entry, &error));
      g_assert_no_error (error);
    }
}

static void
add_session (Fixture       *f,
             SalveModality  modality,
             const char    *started_at,
             SalveSessionOutcome outcome)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->db, &error);
  g_autoptr(SalveSession) session = salve_session_new (modality, SALVE_SITE_HAND);
  gint64 id;

  salve_session_set_profile_id (session, f->profile_id);
  g_assert_true (salve_session_repo_create (db, session, &error));
  g_assert_no_error (error);
  id = salve_session_get_id (session);
  g_assert_true (salve_session_repo_mark_started (db, id, started_at, &error));
  g_assert_true (salve_session_repo_finish (db, id, outcome,
                                            outcome == SALVE_SESSION_OUTCOME_COMPLETED ? "" : "user",
                                            NULL, &error));
  g_assert_no_error (error);
}

static void
run_ok (Fixture    *f,
        const char *first,
        ...) G_GNUC_NULL_TERMINATED;

static void
run_ok (Fixture    *f,
        const char *first,
        ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list ap;
  int rc;

  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, f->db);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  rc = salve_test_run_salvectlv (&out, &err, (const char * const *) args->pdata);
  if (rc != 0)
    g_printerr ("%s", err);
  g_assert_cmpint (rc, ==, 0);
}

/* Without a plan the March entry anchors the baseline, and the stats say
 * so; with a plan from 2026-10-01 the baseline is 2026-10-01 to 10-07. */
static void
test_stats_from_plan_start (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  JsonObject *o;

  add_history (f, 20);

  before = run_json (f, "diary", "stats", "--profile", "Anna", NULL);
  o = json_node_get_object (before);
  g_assert_cmpstr (json_object_get_string_member (o, "baseline_source"), ==, "first-entry");
  g_assert_cmpstr (json_object_get_string_member (o, "baseline_first"), ==, "2026-03-29");

  run_ok (f, "plan", "set", "--profile", "Anna", "--start", "2026-10-01", NULL);
  after = run_json (f, "diary", "stats", "--profile", "Anna", NULL);
  o = json_node_get_object (after);
  g_assert_cmpstr (json_object_get_string_member (o, "baseline_source"), ==, "plan-start");
  g_assert_cmpstr (json_object_get_string_member (o, "baseline_first"), ==, "2026-10-01");
  g_assert_cmpstr (json_object_get_string_member (o, "baseline_last"), ==, "2026-10-07");
  g_assert_cmpfloat (json_object_get_double_member (o, "baseline"), ==, 6.0);
  g_assert_cmpstr (json_object_get_string_member (o, "course_start"), ==, "2026-10-01");
  g_assert_cmpint (json_object_get_int_member (o, "weeks_since_start"), ==, 3);
}

static gint64
adherence (JsonObject *status,
           const char *modality,
           const char *member)
{
  JsonObject *a = json_object_get_object_member (json_object_get_object_member (status, "adherence"), modality);

  g_assert_nonnull (a);
  return json_object_get_int_member (a, member);
}

/* 50 days after the start (2026-11-20) is week 8 (days 49–55, from
 * 2026-11-19), phase 3; adherence counts the completed sessions of that
 * week only. */
static void
test_status_week_8 (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;
  JsonArray *warnings;

  add_history (f, 51);
  run_ok (f, "plan", "set", "--profile", "Anna", "--start", "2026-10-01", "--complaint", "Nekpijn",
          "--site", "neck", "--therapist", "J. de Vries", NULL);
  {
    g_autofree char *err = NULL;

    /* Planned on the neck, where TENS is never given: stored, and said. */
    g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "plan", "schedule", "--profile", "Anna",
                                              "--modality", "tens", "--at", "20:00", "--at", "08:00", NULL), ==, 0);
    g_assert_nonnull (strstr (err, "note: TENS is never used where the plan has it (Neck)"));
  }
  run_ok (f, "plan", "schedule", "--profile", "Anna", "--modality", "nmes", "--per-day", "1", "--at", "10:00", "--minutes", "40", NULL);

  add_session (f, SALVE_MODALITY_TENS, "2026-11-18T09:00:00+01:00", SALVE_SESSION_OUTCOME_COMPLETED); /* week 7 */
  add_session (f, SALVE_MODALITY_TENS, "2026-11-19T09:00:00+01:00", SALVE_SESSION_OUTCOME_COMPLETED);
  add_session (f, SALVE_MODALITY_TENS, "2026-11-19T20:00:00+01:00", SALVE_SESSION_OUTCOME_COMPLETED);
  add_session (f, SALVE_MODALITY_TENS, "2026-11-20T09:00:00+01:00", SALVE_SESSION_OUTCOME_COMPLETED);
  add_session (f, SALVE_MODALITY_TENS, "2026-11-20T20:00:00+01:00", SALVE_SESSION_OUTCOME_STOPPED);
  add_session (f, SALVE_MODALITY_NMES, "2026-11-20T10:00:00+01:00", SALVE_SESSION_OUTCOME_COMPLETED);
  add_session (f, SALVE_MODALITY_TENS, "2026-11-21T09:00:00+01:00", SALVE_SESSION_OUTCOME_COMPLETED); /* after "on" */

  root = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-11-20", NULL);
  o = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (o, "start"), ==, "2026-10-01");
  g_assert_cmpint (json_object_get_int_member (o, "week"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (o, "phase"), ==, 3);
  g_assert_nonnull (strstr (json_object_get_string_member (o, "advice"), "old level"));
  g_assert_cmpfloat (json_object_get_double_member (o, "baseline"), ==, 6.0);
  g_assert_cmpfloat (json_object_get_double_member (o, "now"), ==, 4.0);
  g_assert_cmpstr (json_object_get_string_member (o, "site"), ==, "neck");

  g_assert_cmpint (adherence (o, "tens", "per_day"), ==, 2);
  g_assert_cmpint (adherence (o, "tens", "planned_week"), ==, 14);
  g_assert_cmpint (adherence (o, "tens", "planned_to_date"), ==, 4);
  g_assert_cmpint (adherence (o, "tens", "done_week"), ==, 3);
  g_assert_cmpint (adherence (o, "tens", "done_today"), ==, 1);
  g_assert_cmpint (adherence (o, "nmes", "planned_week"), ==, 7);
  g_assert_cmpint (adherence (o, "nmes", "done_week"), ==, 1);
  /* Another day than today: no next session is told of it. */
  g_assert_true (json_object_get_null_member (o, "next_session"));
  {
    g_autoptr(JsonNode) today = run_json (f, "plan", "status", "--profile", "Anna", NULL);
    JsonObject *next = json_object_get_object_member (json_node_get_object (today), "next_session");
    g_autofree char *out = NULL;

    /* TENS is planned on the neck, where it is never given: the next
     * session offered is the NMES one, and the text says why, as the
     * place's, not the checklist's. */
    g_assert_nonnull (next);
    g_assert_cmpstr (json_object_get_string_member (next, "modality"), ==, "nmes");
    g_assert_nonnull (strstr (json_object_get_string_member (next, "at"), "T10:00:00"));
    g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "plan", "status", "--profile", "Anna",
                                              NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Next planned session: NMES "));
    g_assert_null (strstr (out, "Next planned session: TENS"));
    g_assert_nonnull (strstr (out, "TENS is never used where the plan has it (Neck): plan another treatment or place "
                                   "with the therapist."));
    g_assert_null (strstr (out, "The checklist does not allow TENS"));
  }
  /* TENS is never allowed on the neck, the plan's site; NMES is, until
   * the checklist says yes to a pacemaker (unanswered refuses nothing
   * here: the session asks it before it starts). */
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (
                   json_object_get_object_member (o, "adherence"), "tens"), "blocked"));
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (
                    json_object_get_object_member (o, "adherence"), "nmes"), "blocked"));
  g_clear_pointer (&root, json_node_unref);
  run_ok (f, "profile", "set", "Anna", "--condition", "pacemaker=yes", NULL);
  root = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-11-20", NULL);
  o = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (
                   json_object_get_object_member (o, "adherence"), "nmes"), "blocked"));

  /* 6 → 4 is a clinically important change: no warning, TENS review past. */
  warnings = json_object_get_array_member (o, "warnings");
  g_assert_cmpuint (json_array_get_length (warnings), ==, 0);
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (
                    json_object_get_object_member (o, "adherence"), "nmes"), "numbness"));

  /* Numbness noted on the knee stops nothing on the neck, the plan's
   * site; noted on the neck, it stops NMES there. */
  {
    g_autoptr(JsonNode) knee = NULL;
    g_autoptr(JsonNode) neck = NULL;

    run_ok (f, "diary", "add", "--profile", "Anna", "--pain", "4", "--region", "knee", "--numbness",
            "--at", "2026-11-19T20:00:00+01:00", NULL);
    knee = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-11-20", NULL);
    g_assert_false (json_object_get_boolean_member (json_object_get_object_member (
                      json_object_get_object_member (json_node_get_object (knee), "adherence"), "nmes"), "numbness"));
    run_ok (f, "diary", "add", "--profile", "Anna", "--pain", "4", "--region", "neck", "--numbness",
            "--at", "2026-11-19T21:00:00+01:00", NULL);
    neck = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-11-20", NULL);
    g_assert_true (json_object_get_boolean_member (json_object_get_object_member (
                     json_object_get_object_member (json_node_get_object (neck), "adherence"), "nmes"), "numbness"));
  }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (o, "reviews"), 0), "state"), ==, "past");
  g_assert_false (json_object_get_boolean_member (o, "pacing"));

  /* A month after the last entry the 7-day mean is the last entry's,
   * and said so, not as the pain of now. */
  {
    g_autofree char *later = NULL;
    g_autofree char *now = NULL;

    g_assert_cmpint (salve_test_run_salvectl (&later, NULL, "--db", f->db, "plan", "status", "--profile", "Anna",
                                              "--on", "2026-12-20", NULL), ==, 0);
    g_assert_nonnull (strstr (later, ", up to the last entry on Fri 20 Nov 2026: no diary entries since\n"));
    g_assert_cmpint (salve_test_run_salvectl (&now, NULL, "--db", f->db, "plan", "status", "--profile", "Anna",
                                              "--on", "2026-11-20", NULL), ==, 0);
    g_assert_null (strstr (now, "up to the last entry"));
  }
  /* On the plan's third day the baseline is three days' so far. */
  {
    g_autofree char *third = NULL;

    g_assert_cmpint (salve_test_run_salvectl (&third, NULL, "--db", f->db, "plan", "status", "--profile", "Anna",
                                              "--on", "2026-10-03", NULL), ==, 0);
    g_assert_nonnull (strstr (third, "Baseline: 6.0 so far (3 days of the 7 it needs)\n"));
  }
}

/* The pacing rule through the command line, both ways, and the numbness
 * flag as a warning sign. */
static void
test_pacing_and_flags (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) calm = NULL;
  g_autoptr(JsonNode) paced = NULL;
  g_autoptr(JsonNode) flagged = NULL;
  JsonObject *o;
  JsonArray *warnings;

  add_history (f, 10); /* up to 2026-10-10, pain 4 since 10-08 */
  run_ok (f, "plan", "set", "--profile", "Anna", "--start", "2026-10-01", NULL);
  run_ok (f, "plan", "schedule", "--profile", "Anna", "--modality", "tens", "--per-day", "1", NULL);
  run_ok (f, "plan", "schedule", "--profile", "Anna", "--modality", "laser", "--per-day", "1", NULL);

  /* 2026-10-15: the 7 days before it (10-08 to 10-14) are all 4. */
  for (int d = 11; d <= 14; d++)
    {
      g_autofree char *at = g_strdup_printf ("2026-10-%02dT12:00:00+02:00", d);
      run_ok (f, "diary", "add", "--profile", "Anna", "--pain", "4", "--at", at, NULL);
    }

  run_ok (f, "diary", "add", "--profile", "Anna", "--pain", "4", "--at", "2026-10-15T10:00:00+02:00",
          "--activity", "walking=45", NULL);
  run_ok (f, "diary", "add", "--profile", "Anna", "--pain", "5", "--at", "2026-10-15T15:00:00+02:00", NULL);
  calm = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-10-15", NULL);
  o = json_node_get_object (calm);
  g_assert_false (json_object_get_boolean_member (o, "pacing"));
  g_assert_true (json_object_get_null_member (o, "pacing_advice"));

  run_ok (f, "diary", "add", "--profile", "Anna", "--pain", "6", "--at", "2026-10-15T18:00:00+02:00", NULL);
  paced = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-10-15", NULL);
  o = json_node_get_object (paced);
  g_assert_true (json_object_get_boolean_member (o, "pacing"));
  g_assert_nonnull (strstr (json_object_get_string_member (o, "pacing_advice"), "Do less"));
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (
                    json_object_get_object_member (o, "adherence"), "tens"), "numbness"));

  run_ok (f, "diary", "add", "--profile", "Anna", "--pain", "4", "--at", "2026-10-16T10:00:00+02:00",
          "--numbness", "--activity", "screen-work=120", "--activity", "swimming=20", NULL);
  flagged = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-10-16", NULL);
  o = json_node_get_object (flagged);
  warnings = json_object_get_array_member (o, "warnings");
  g_assert_cmpuint (json_array_get_length (warnings), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (warnings, 0), ==, "numbness");
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (
                              json_object_get_array_member (o, "warning_details"), 0), "advice"),
                            "Stop stimulation"));
  /* Its advice holds for the plan too: no TENS where it was noted (the
   * entry names no place, so anywhere); light is no stimulation. */
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (
                   json_object_get_object_member (o, "adherence"), "tens"), "numbness"));
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (
                    json_object_get_object_member (o, "adherence"), "laser"), "numbness"));
  {
    g_autofree char *out = NULL;

    g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "plan", "status", "--profile", "Anna",
                                              "--on", "2026-10-16", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "  The diary noted numbness or loss of feeling: no TENS where it was "
                                   "noted for a week after the entry, nor after that until a doctor has looked at it.\n"));
    g_clear_pointer (&out, g_free);
    /* A week later the warning sign is gone, but not the stop: Anna never
     * answered the checklist's question about reduced sensation since. */
    g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "plan", "status", "--profile", "Anna",
                                              "--on", "2026-10-23", NULL), ==, 0);
    g_assert_null (strstr (out, "Note: You noted numbness"));
    g_assert_nonnull (strstr (out, "  The diary noted numbness or loss of feeling: no TENS where it was "
                                   "noted for a week after the entry, nor after that until a doctor has looked at it.\n"));
    g_clear_pointer (&out, g_free);
    /* Answered after the entry (the doctor has looked at it): no longer
     * from then on; a day before the answer stays as it was. */
    run_ok (f, "profile", "set", "Anna", "--condition", "reduced-sensation=no", NULL);
    g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "plan", "status", "--profile", "Anna",
                                              NULL), ==, 0);
    g_assert_null (strstr (out, "numbness"));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "plan", "status", "--profile", "Anna",
                                              "--on", "2026-10-23", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "  The diary noted numbness or loss of feeling: no TENS where it was "
                                   "noted for a week after the entry, nor after that until a doctor has looked at it.\n"));
    g_clear_pointer (&out, g_free);
    /* Before its first day the plan starts, it has not started. */
    g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "plan", "status", "--profile", "Anna",
                                              "--on", "2026-09-20", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Care plan of “Anna”, starts "));
    g_assert_nonnull (strstr (out, "The plan has not started yet.\n"));
    g_assert_null (strstr (out, "started 20"));
    g_assert_nonnull (strstr (out, "TENS: planned from the plan’s start.\n"));
    g_assert_null (strstr (out, "0 of 0"));
  }
}

/* The profile's schedule of @modality as stored: "2× 30 min 08:00,20:00". */
static char *
stored_schedule (Fixture       *f,
                 SalveModality  modality)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->db, &error);
  g_autoptr(GArray) schedules = NULL;
  const SalveCareSchedule *s;
  g_autofree char *times = NULL;

  g_assert_no_error (error);
  schedules = salve_care_plan_repo_list_schedules (db, f->profile_id, &error);
  g_assert_no_error (error);
  s = salve_care_schedule_find ((const SalveCareSchedule *) (gpointer) schedules->data, schedules->len, modality);
  if (s == NULL)
    return g_strdup ("none");
  times = salve_care_schedule_format_times (s);
  return g_strdup_printf ("%u× %u min %s", s->per_day, s->minutes, times);
}

/* The profile's schedule of @modality is @expected, as stored_schedule() gives it. */
static void
assert_stored (Fixture       *f,
               SalveModality  modality,
               const char    *expected)
{
  g_autofree char *stored = stored_schedule (f, modality);

  g_assert_cmpstr (stored, ==, expected);
}

/* plan schedule changes what it is given and keeps the rest as the
 * schedule has it: a new number a day keeps the minutes and the
 * reminders' times, which went back to the sources' defaults before.
 * Fewer sessions than set times is a usage error that says which times;
 * --no-times takes them away. A modality not yet planned starts from the
 * sources, and one they give nothing for needs both numbers. */
static void
test_schedule_keeps_values (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *err = NULL;

  run_ok (f, "plan", "set", "--profile", "Anna", "--start", "2026-10-01", NULL);
  run_ok (f, "plan", "schedule", "--profile", "Anna", "--modality", "tens", "--per-day", "2", "--minutes", "45",
          "--at", "20:00", "--at", "08:00", NULL);
  assert_stored (f, SALVE_MODALITY_TENS, "2× 45 min 08:00,20:00");

  run_ok (f, "plan", "schedule", "--profile", "Anna", "--modality", "tens", "--per-day", "3", NULL);
  assert_stored (f, SALVE_MODALITY_TENS, "3× 45 min 08:00,20:00");
  run_ok (f, "plan", "schedule", "--profile", "Anna", "--modality", "tens", "--minutes", "30", NULL);
  assert_stored (f, SALVE_MODALITY_TENS, "3× 30 min 08:00,20:00");

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "plan", "schedule", "--profile", "Anna",
                                            "--modality", "tens", "--per-day", "1", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "more times of day (08:00,20:00) than 1 session a day"));
  g_clear_pointer (&err, g_free);
  assert_stored (f, SALVE_MODALITY_TENS, "3× 30 min 08:00,20:00");

  run_ok (f, "plan", "schedule", "--profile", "Anna", "--modality", "tens", "--per-day", "1", "--at", "09:30", NULL);
  assert_stored (f, SALVE_MODALITY_TENS, "1× 30 min 09:30");
  run_ok (f, "plan", "schedule", "--profile", "Anna", "--modality", "tens", "--no-times", NULL);
  assert_stored (f, SALVE_MODALITY_TENS, "1× 30 min ");

  /* Not planned yet: the sources' NMES, 2× a day for 40 minutes. */
  run_ok (f, "plan", "schedule", "--profile", "Anna", "--modality", "nmes", "--at", "10:00", NULL);
  assert_stored (f, SALVE_MODALITY_NMES, "2× 40 min 10:00");

  /* PEMF: the sources give no schedule. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "plan", "schedule", "--profile", "Anna",
                                            "--modality", "pemf", "--per-day", "1", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "give --per-day and --minutes"));
  assert_stored (f, SALVE_MODALITY_PEMF, "none");
  run_ok (f, "plan", "schedule", "--profile", "Anna", "--modality", "pemf", "--per-day", "1", "--minutes", "20", NULL);
  run_ok (f, "plan", "schedule", "--profile", "Anna", "--modality", "pemf", "--minutes", "25", NULL);
  assert_stored (f, SALVE_MODALITY_PEMF, "1× 25 min ");
}

/* Every option is read strictly; a mistake is a usage error (exit 2) and
 * changes nothing. */
static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  const char *cases[][12] = {
    { "plan", "set", "--profile", "Anna", NULL },
    { "plan", "set", "--profile", "Anna", "--start", "2026-13-01", NULL },
    { "plan", "set", "--profile", "Anna", "--start", "2026-10-01T10:00", NULL },
    { "plan", "set", "--profile", "Anna", "--start", "2026-10-01", "--course", "short", NULL },
    { "plan", "set", "--profile", "Anna", "--start", "2026-10-01", "--site", "nek", NULL },
    { "plan", "schedule", "--profile", "Anna", "--modality", "tens", "--per-day", "2x", NULL },
    { "plan", "schedule", "--profile", "Anna", "--modality", "tens", "--per-day", "5", NULL },
    { "plan", "schedule", "--profile", "Anna", "--modality", "tens", "--minutes", "30.5", NULL },
    { "plan", "schedule", "--profile", "Anna", "--modality", "tens", "--at", "8:00", NULL },
    { "plan", "schedule", "--profile", "Anna", "--modality", "laser", "--per-day", "2", NULL },
    { "plan", "schedule", "--profile", "Anna", "--modality", "tens", "--at", "08:00", "--no-times", NULL },
    { "plan", "status", "--profile", "Anna", "--on", "20261001", NULL },
  };
  const char *diary_cases[][12] = {
    { "diary", "add", "--profile", "Anna", "--pain", "4", "--activity", "walking=x", NULL },
    { "diary", "add", "--profile", "Anna", "--pain", "4", "--activity", "walking", NULL },
    { "diary", "add", "--profile", "Anna", "--pain", "4", "--activity", "walking=1441", NULL },
    { "diary", "add", "--profile", "Anna", "--pain", "4", "--activity", "walking=5", "--activity", "walking=6", NULL },
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[16] = { "--db", f->db };

      for (guint j = 0; cases[i][j] != NULL; j++)
        args[j + 2] = cases[i][j];
      g_assert_cmpint (salve_test_run_salvectlv (NULL, NULL, args), ==, 2);
    }
  for (guint i = 0; i < G_N_ELEMENTS (diary_cases); i++)
    {
      const char *args[16] = { "--db", f->db };

      for (guint j = 0; diary_cases[i][j] != NULL; j++)
        args[j + 2] = diary_cases[i][j];
      g_assert_cmpint (salve_test_run_salvectlv (NULL, NULL, args), ==, 2);
    }

  /* Nothing was stored by any of them. */
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "plan", "status", "--profile", "Anna", NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "no care plan"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "diary", "list", "--profile", "Anna",
                                            "--json", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "[]");
}


/* Runs salvectl plan status on @db for @day, as text or JSON. */
static char *
plan_status (const char *db,
             const char *day,
             gboolean    json)
{
  char *out = NULL;

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", db, "plan", "status", "--profile", "Anna",
                                            "--on", day, json ? "--json" : NULL, NULL), ==, 0);
  return out;
}

/* The status of a day after the latest entry takes the diary's figures
 * from the daily aggregates: the same output as from every point, which
 * is what a day inside the diary, or rows that do not fit the time zone,
 * still read. */
static void
test_status_from_aggregates (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "..", "bench", "make-demo-diary", NULL);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "python3", script, g_getenv ("SALVECTL"), path, "Anna", "2026-11-30", NULL };
  const char *days[] = { "2026-11-30", "2026-12-20", "2026-10-15" };
  char *before[G_N_ELEMENTS (days)][2];
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", path, "plan", "set", "--profile", "Anna",
                                            "--start", "2026-09-21", NULL), ==, 0);

  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    for (guint j = 0; j < 2; j++)
      before[d][j] = plan_status (path, days[d], j);

  /* Rows that fit no day of this time zone: only the points can tell. */
  {
    g_autoptr(SalveDb) db = salve_db_open_existing (path, &error);

    g_assert_no_error (error);
    g_assert_true (salve_db_exec (db, "UPDATE diary_days SET first_unix = 0", &error));
    g_assert_no_error (error);
  }
  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    for (guint j = 0; j < 2; j++)
      {
        g_autofree char *after = plan_status (path, days[d], j);

        g_assert_cmpuint (strlen (after), >, 100);
        g_assert_cmpstr (before[d][j], ==, after);
        g_free (before[d][j]);
      }

  salve_test_remove_tree (dir);
}

/* An activity target's minutes this week, "on" a day: up to the end of
 * that day, not the week's later days. */
static void
test_target_minutes_on_a_day (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *target;

  run_ok (f, "plan", "set", "--profile", "Anna", "--start", "2026-02-02", NULL);
  run_ok (f, "diary", "add", "--profile", "Anna", "--pain", "3", "--at", "2026-02-10T12:00:00+01:00",
          "--activity", "walking=30", NULL);
  run_ok (f, "diary", "add", "--profile", "Anna", "--pain", "5", "--at", "2026-02-11T08:00:00+01:00",
          "--activity", "walking=20", NULL);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) db = salve_db_open (f->db, &error);
    SalveActivityTarget walking = { "walking", { 0 }, 100, 10 };

    g_date_clear (&walking.baseline_week, 1);
    g_date_set_dmy (&walking.baseline_week, 2, G_DATE_FEBRUARY, 2026);
    g_assert_true (salve_care_plan_repo_set_target (db, f->profile_id, &walking, &error));
    g_assert_no_error (error);
  }

  root = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-02-10", NULL);
  target = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root),
                                                                        "activity_targets"), 0);
  g_assert_cmpint (json_object_get_int_member (target, "done_minutes"), ==, 30);
  g_clear_pointer (&root, json_node_unref);
  root = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-02-11", NULL);
  target = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root),
                                                                        "activity_targets"), 0);
  g_assert_cmpint (json_object_get_int_member (target, "done_minutes"), ==, 50);
}

/* A moved start is said where the plan is: the baseline and the phases
 * moved with it. */
static void
test_plan_start_moves (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) status = NULL;
  g_autofree char *out = NULL;
  JsonArray *moves;
  JsonObject *move;

  run_ok (f, "plan", "set", "--profile", "Anna", "--start", "2026-10-01", NULL);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "plan", "status", "--profile", "Anna",
                                            "--on", "2026-10-20", NULL), ==, 0);
  g_assert_null (strstr (out, "moved"));
  g_clear_pointer (&out, g_free);

  run_ok (f, "plan", "set", "--profile", "Anna", "--start", "2026-10-05", NULL);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "plan", "status", "--profile", "Anna",
                                            "--on", "2026-10-20", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Care plan of “Anna”, started 2026-10-05\nIts start was moved from Thu 1 Oct 2026 "
                                 "to Mon 5 Oct 2026 on "));
  status = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-10-20", NULL);
  moves = json_object_get_array_member (json_node_get_object (status), "start_moves");
  g_assert_cmpuint (json_array_get_length (moves), ==, 1);
  move = json_array_get_object_element (moves, 0);
  g_assert_cmpstr (json_object_get_string_member (move, "from"), ==, "2026-10-01");
  g_assert_cmpstr (json_object_get_string_member (move, "to"), ==, "2026-10-05");
  g_assert_nonnull (json_object_get_string_member (move, "changed_at"));
}

/* A day counts what its schedule planned that day: TENS twice a day
 * (08:00 and 20:00) from the plan's start, once (20:00) from 14 Oct at
 * noon on. The schedule saved again unchanged is no new version; taken
 * off, it is one. */
static void
test_schedule_history (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) week2 = NULL;
  g_autoptr(JsonNode) week3 = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GDateTime) noon = g_date_time_new (tz, 2026, 10, 14, 12, 0, 0);
  g_autofree char *insert = NULL;
  g_autoptr(GArray) changes = NULL;

  /* Set up today for a course that began before: from its start. */
  run_ok (f, "plan", "set", "--profile", "Anna", "--start", "2026-10-01", NULL);
  run_ok (f, "plan", "schedule", "--profile", "Anna", "--modality", "tens", "--per-day", "2",
          "--at", "08:00", "--at", "20:00", NULL);
  run_ok (f, "plan", "schedule", "--profile", "Anna", "--modality", "tens", "--per-day", "2",
          "--at", "20:00", "--at", "08:00", NULL);
  {
    g_autoptr(SalveDb) db = salve_db_open (f->db, &error);

    g_assert_no_error (error);
    changes = salve_care_plan_repo_list_schedule_changes (db, f->profile_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (changes->len, ==, 1);
    g_assert_cmpint (g_array_index (changes, SalveCareSchedule, 0).since_unix, ==, 0);
    g_clear_pointer (&changes, g_array_unref);

    /* As `plan schedule --per-day 1 --at 20:00` would have kept it then. */
    insert = g_strdup_printf ("INSERT INTO care_schedule_changes (profile_id, modality, per_day, minutes, times,"
                              " saved_unix) VALUES (%" G_GINT64_FORMAT ", 'tens', 1, 30, '20:00',"
                              " %" G_GINT64_FORMAT ");"
                              "UPDATE care_schedules SET per_day = 1, times = '20:00';",
                              f->profile_id, g_date_time_to_unix (noon));
    g_assert_true (salve_db_exec (db, insert, &error));
    g_assert_no_error (error);
  }

  /* Week 2 (8–14 Oct): twice a day, and on the 14th 08:00 by the first
   * version and 20:00 by the second: 14, not 7. */
  week2 = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-10-14", NULL);
  g_assert_cmpint (adherence (json_node_get_object (week2), "tens", "per_day"), ==, 1);
  g_assert_cmpint (adherence (json_node_get_object (week2), "tens", "planned_today"), ==, 2);
  g_assert_cmpint (adherence (json_node_get_object (week2), "tens", "planned_week"), ==, 14);
  g_assert_cmpint (adherence (json_node_get_object (week2), "tens", "planned_to_date"), ==, 14);
  /* Week 3: once a day. */
  week3 = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-10-16", NULL);
  g_assert_cmpint (adherence (json_node_get_object (week3), "tens", "planned_today"), ==, 1);
  g_assert_cmpint (adherence (json_node_get_object (week3), "tens", "planned_week"), ==, 7);
  g_assert_cmpint (adherence (json_node_get_object (week3), "tens", "planned_to_date"), ==, 2);

  /* NMES planned from 14 Oct at noon and taken off on the 16th at noon:
   * looking back on week 3 (15–21 Oct), it is shown, no longer on the
   * schedule, with the 15th's two; week 4 has none. */
  {
    g_autoptr(SalveDb) db = salve_db_open (f->db, &error);
    g_autoptr(GDateTime) added = g_date_time_new (tz, 2026, 10, 14, 12, 0, 0);
    g_autoptr(GDateTime) removed = g_date_time_new (tz, 2026, 10, 16, 12, 0, 0);
    g_autofree char *nmes = g_strdup_printf ("INSERT INTO care_schedule_changes (profile_id, modality, per_day, minutes,"
                                             " times, saved_unix) VALUES (%1$" G_GINT64_FORMAT ", 'nmes', 2, 40, '',"
                                             " %2$" G_GINT64_FORMAT "), (%1$" G_GINT64_FORMAT ", 'nmes', 0, 0, '',"
                                             " %3$" G_GINT64_FORMAT ");", f->profile_id,
                                             g_date_time_to_unix (added), g_date_time_to_unix (removed));
    g_autoptr(JsonNode) week4 = NULL;
    g_autofree char *out = NULL;
    JsonObject *a;

    g_assert_no_error (error);
    g_assert_true (salve_db_exec (db, nmes, &error));
    g_assert_no_error (error);
    g_clear_pointer (&week3, json_node_unref);
    week3 = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-10-16", NULL);
    a = json_object_get_object_member (json_object_get_object_member (json_node_get_object (week3), "adherence"),
                                       "nmes");
    g_assert_nonnull (a);
    g_assert_false (json_object_get_boolean_member (a, "scheduled"));
    g_assert_cmpint (json_object_get_int_member (a, "per_day"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (a, "planned_week"), ==, 2);
    g_assert_true (json_object_get_boolean_member (json_object_get_object_member (
      json_object_get_object_member (json_node_get_object (week3), "adherence"), "tens"), "scheduled"));
    g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "plan", "status", "--profile", "Anna",
                                              "--on", "2026-10-16", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "NMES is no longer on the schedule: this plan week counts what was planned before."));
    /* PEMF once a day at no set time, saved at 07:00 on the 20th, done at
     * 10:00 and taken off at 18:00: that day planned the one done. */
    {
      g_autoptr(GDateTime) saved = g_date_time_new (tz, 2026, 10, 20, 7, 0, 0);
      g_autoptr(GDateTime) off = g_date_time_new (tz, 2026, 10, 20, 18, 0, 0);
      g_autofree char *pemf = g_strdup_printf ("INSERT INTO care_schedule_changes (profile_id, modality, per_day,"
                                               " minutes, times, saved_unix) VALUES (%1$" G_GINT64_FORMAT ", 'pemf',"
                                               " 1, 20, '', %2$" G_GINT64_FORMAT "), (%1$" G_GINT64_FORMAT ", 'pemf',"
                                               " 0, 0, '', %3$" G_GINT64_FORMAT ");", f->profile_id,
                                               g_date_time_to_unix (saved), g_date_time_to_unix (off));
      g_autoptr(JsonNode) day = NULL;
      JsonObject *p;

      g_assert_true (salve_db_exec (db, pemf, &error));
      g_assert_no_error (error);
      add_session (f, SALVE_MODALITY_PEMF, "2026-10-20T10:00:00+02:00", SALVE_SESSION_OUTCOME_COMPLETED);
      day = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-10-20", NULL);
      p = json_object_get_object_member (json_object_get_object_member (json_node_get_object (day), "adherence"),
                                         "pemf");
      g_assert_nonnull (p);
      g_assert_false (json_object_get_boolean_member (p, "scheduled"));
      g_assert_cmpint (json_object_get_int_member (p, "planned_week"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (p, "done_week"), ==, 1);
    }
    week4 = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-10-22", NULL);
    g_assert_false (json_object_has_member (json_object_get_object_member (json_node_get_object (week4), "adherence"),
                                            "nmes"));
  }

  run_ok (f, "plan", "schedule", "--profile", "Anna", "--modality", "tens", "--remove", NULL);
  {
    g_autoptr(SalveDb) db = salve_db_open (f->db, &error);

    g_assert_no_error (error);
    changes = salve_care_plan_repo_list_schedule_changes (db, f->profile_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (changes->len, ==, 7);
    g_assert_cmpint (g_array_index (changes, SalveCareSchedule, 6).modality, ==, SALVE_MODALITY_TENS);
    g_assert_cmpuint (g_array_index (changes, SalveCareSchedule, 6).per_day, ==, 0);
    /* Still the day the plan was set up: from its start, as if never
     * planned, which outweighs the version saved before it. */
    g_assert_cmpint (g_array_index (changes, SalveCareSchedule, 6).since_unix, ==, 0);
  }
  g_clear_pointer (&week2, json_node_unref);
  week2 = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-10-14", NULL);
  g_assert_false (json_object_has_member (json_object_get_object_member (json_node_get_object (week2), "adherence"),
                                          "tens"));
}

/* The start moved into the past on the day the plan was made, after its
 * schedule was saved, is still the plan being set up: the schedule
 * counts from the start, as when the start came first. */
static void
test_schedule_start_moved_same_day (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(JsonNode) status = NULL;

  run_ok (f, "plan", "set", "--profile", "Anna", "--start", today, NULL);
  run_ok (f, "plan", "schedule", "--profile", "Anna", "--modality", "tens", "--per-day", "2",
          "--at", "08:00", "--at", "20:00", NULL);
  run_ok (f, "plan", "set", "--profile", "Anna", "--start", "2026-10-01", NULL);
  status = run_json (f, "plan", "status", "--profile", "Anna", "--on", "2026-10-08", NULL);
  g_assert_cmpint (adherence (json_node_get_object (status), "tens", "planned_week"), ==, 14);
  g_assert_cmpint (adherence (json_node_get_object (status), "tens", "planned_today"), ==, 2);
}

/* A course ends after the review: today, in the week it is in. Its
 * schedule goes (no session planned or reminded of any more), plan
 * status says it ended and gives no phase advice nor adherence (sessions
 * after the end count for nothing), the day before still reads as the
 * course under way and counts what was planned then, also when the plan
 * was set up today for a course under way, and nothing can be planned in
 * it. Other changes keep it ended; its start cannot move after its end
 * (a new course would take its record away), and a course that has not
 * begun cannot end. */
static void
test_course_ends (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start_dt = g_date_time_add_days (now, -20);
  g_autoptr(GDateTime) yesterday_dt = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) tomorrow_dt = g_date_time_add_days (now, 1);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *start = g_date_time_format (start_dt, "%Y-%m-%d");
  g_autofree char *yesterday = g_date_time_format (yesterday_dt, "%Y-%m-%d");
  g_autofree char *tomorrow = g_date_time_format (tomorrow_dt, "%Y-%m-%d");
  const gboolean no_warnings[SALVE_N_WARNINGS] = { FALSE, };
  const char *advice = salve_care_phase_get_advice (SALVE_CARE_COURSE_NORMAL, 1, no_warnings);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 planned_before;
  JsonNode *root;
  JsonObject *o;

  /* Set up today for a course under way since 20 days. */
  run_ok (f, "plan", "set", "--profile", "Anna", "--start", start, NULL);
  run_ok (f, "plan", "schedule", "--profile", "Anna", "--modality", "tens", "--at", "08:00", "--at", "20:00", NULL);
  root = run_json (f, "plan", "status", "--profile", "Anna", "--on", yesterday, NULL);
  planned_before = adherence (json_node_get_object (root), "tens", "planned_to_date");
  g_assert_cmpint (planned_before, >, 0);
  json_node_unref (root);
  {
    g_autofree char *at = g_date_time_format_iso8601 (now);

    add_session (f, SALVE_MODALITY_TENS, at, SALVE_SESSION_OUTCOME_COMPLETED);
  }

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "plan", "end", "--profile", "Anna", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Ended the course of “Anna” on "));
  g_assert_nonnull (strstr (out, ", in week 3. No session is planned or reminded of any more"));
  g_clear_pointer (&out, g_free);
  assert_stored (f, SALVE_MODALITY_TENS, "none");

  root = run_json (f, "plan", "status", "--profile", "Anna", NULL);
  o = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (o, "ended"), ==, today);
  g_assert_cmpint (json_object_get_int_member (o, "week"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (o, "phase"), ==, 1);
  g_assert_true (json_object_get_null_member (o, "advice"));
  g_assert_true (json_object_get_null_member (o, "pace_advice"));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (o, "adherence")), ==, 0);
  json_node_unref (root);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "plan", "status", "--profile", "Anna", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "The course ended on "));
  g_assert_nonnull (strstr (out, ", in week 3, phase 1 (Weeks 1–3).\n"));
  g_assert_null (strstr (out, advice));
  g_assert_null (strstr (out, "TENS:"));
  g_clear_pointer (&out, g_free);

  /* The day before, the course ran, and planned what it planned then:
   * the end on the day the plan was set up takes nothing back. */
  root = run_json (f, "plan", "status", "--profile", "Anna", "--on", yesterday, NULL);
  o = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (o, "ended"), ==, today);
  g_assert_cmpstr (json_object_get_string_member (o, "advice"), ==, advice);
  g_assert_cmpint (adherence (o, "tens", "planned_to_date"), ==, planned_before);
  /* TENS was on its schedule that day: the end took it off later. */
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (json_object_get_object_member (o, "adherence"),
                                                                                "tens"),
                                                 "scheduled"));
  json_node_unref (root);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "plan", "status", "--profile", "Anna", "--on",
                                            yesterday, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "TENS: today "));
  g_assert_null (strstr (out, "no longer on the schedule"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "plan", "end", "--profile", "Anna", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "The course already ended on "));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "plan", "schedule", "--profile", "Anna",
                                            "--modality", "nmes", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "nothing can be planned in it"));
  g_clear_pointer (&err, g_free);
  assert_stored (f, SALVE_MODALITY_NMES, "none");
  /* Nor taken off it: the end, not a missing schedule, is the reason. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "plan", "schedule", "--profile", "Anna",
                                            "--modality", "tens", "--remove", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "nothing can be planned in it"));
  g_clear_pointer (&err, g_free);

  /* Another change keeps it ended; a start after its end is refused. */
  run_ok (f, "plan", "set", "--profile", "Anna", "--complaint", "Nekpijn", NULL);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "plan", "set", "--profile", "Anna",
                                            "--start", tomorrow, NULL), ==, 2);
  g_assert_nonnull (strstr (err, ", before this start. A new course cannot begin on the same plan yet"));
  g_clear_pointer (&err, g_free);
  /* Nor later within it: the course that ended would lose its first
   * weeks, and their baseline, from every report of it. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "plan", "set", "--profile", "Anna",
                                            "--start", yesterday, NULL), ==, 2);
  g_assert_nonnull (strstr (err, ". Its start can move earlier, not later: "));
  g_clear_pointer (&err, g_free);
  root = run_json (f, "plan", "status", "--profile", "Anna", NULL);
  o = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (o, "ended"), ==, today);
  g_assert_cmpstr (json_object_get_string_member (o, "start"), ==, start);
  json_node_unref (root);
}

/* A baseline week with a day without entries: "so far" while the week
 * runs, and once it is over how many of its days had entries, not a
 * wait for a seventh day that can no longer come. */
static void
test_baseline_week_short (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *during = NULL;
  g_autofree char *after = NULL;

  run_ok (f, "plan", "set", "--profile", "Anna", "--start", "2026-09-07", NULL);
  for (guint day = 7; day <= 13; day++)
    {
      g_autofree char *at = g_strdup_printf ("2026-09-%02uT19:00:00+02:00", day);

      if (day != 10)
        run_ok (f, "diary", "add", "--profile", "Anna", "--pain", "6", "--at", at, NULL);
    }

  g_assert_cmpint (salve_test_run_salvectl (&during, NULL, "--db", f->db, "plan", "status", "--profile", "Anna",
                                            "--on", "2026-09-13", NULL), ==, 0);
  g_assert_nonnull (strstr (during, "Baseline: 6.0 so far (6 days of the 7 it needs)\n"));
  g_assert_cmpint (salve_test_run_salvectl (&after, NULL, "--db", f->db, "plan", "status", "--profile", "Anna",
                                            "--on", "2026-09-14", NULL), ==, 0);
  g_assert_nonnull (strstr (after, "Baseline: 6.0 (6 of its 7 days had entries)\n"));
  g_assert_null (strstr (after, "it needs"));
}

/* A course that has not begun cannot end: its start is changed instead. */
static void
test_course_not_begun (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow_dt = g_date_time_add_days (now, 1);
  g_autofree char *tomorrow = g_date_time_format (tomorrow_dt, "%Y-%m-%d");
  g_autofree char *err = NULL;

  run_ok (f, "plan", "set", "--profile", "Anna", "--start", tomorrow, NULL);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "plan", "end", "--profile", "Anna", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "one that has not begun cannot end"));
}

int
main (int   argc,
      char *argv[])
{
  /* Days and weeks are local: fix the zone so the test means the same
   * everywhere, with a clock change (2026-10-25) inside the plan. */
  g_setenv ("TZ", "Europe/Amsterdam", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/plan/stats-from-plan-start", Fixture, NULL, fixture_setup,
              test_stats_from_plan_start, fixture_teardown);
  g_test_add ("/cli/plan/status-week-8", Fixture, NULL, fixture_setup,
              test_status_week_8, fixture_teardown);
  g_test_add ("/cli/plan/pacing-and-flags", Fixture, NULL, fixture_setup,
              test_pacing_and_flags, fixture_teardown);
  g_test_add ("/cli/plan/usage-errors", Fixture, NULL, fixture_setup,
              test_usage_errors, fixture_teardown);

  g_test_add ("/cli/plan/target-minutes-on-a-day", Fixture, NULL, fixture_setup,
              test_target_minutes_on_a_day, fixture_teardown);
  g_test_add_func ("/cli/plan/status-from-aggregates", test_status_from_aggregates);
  g_test_add ("/cli/plan/schedule-history", Fixture, NULL, fixture_setup,
              test_schedule_history, fixture_teardown);
  g_test_add ("/cli/plan/schedule-keeps-values", Fixture, NULL, fixture_setup,
              test_schedule_keeps_values, fixture_teardown);
  g_test_add ("/cli/plan/course-ends", Fixture, NULL, fixture_setup,
              test_course_ends, fixture_teardown);
  g_test_add ("/cli/plan/baseline-week-short", Fixture, NULL, fixture_setup,
              test_baseline_week_short, fixture_teardown);
  g_test_add ("/cli/plan/course-not-begun", Fixture, NULL, fixture_setup,
              test_course_not_begun, fixture_teardown);
  g_test_add ("/cli/plan/schedule-start-moved-same-day", Fixture, NULL, fixture_setup,
              test_schedule_start_moved_same_day, fixture_teardown);
  g_test_add ("/cli/plan/start-moves", Fixture, NULL, fixture_setup,
              test_plan_start_moves, fixture_teardown);

  return g_test_run ();
}
