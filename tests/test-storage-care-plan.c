/* test-storage-care-plan.c: the care plan, its start history, schedules,
 * activity targets, and activities and warning flags in the diary
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "salve-care-plan-repo.h"
#include "salve-diary-repo.h"
#include "salve-profile-repo.h"
#include "salve-session-repo.h"
#include "salve-time.h"
#include "salve-test-util.h"

typedef struct
{
  char         *dir;
  SalveDb      *db;
  SalveProfile *profile;
  gint64        profile_id;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = salve_test_make_tmpdir ();
  path = g_build_filename (f->dir, "salve.db", NULL);
  f->db = salve_db_open (path, &error);
  g_assert_no_error (error);
  f->profile = salve_profile_repo_add (f->db, "Anna", &error);
  g_assert_no_error (error);
  f->profile_id = salve_profile_get_id (f->profile);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->profile);
  g_clear_object (&f->db);
  salve_test_remove_tree (f->dir);
  g_free (f->dir);
}

static GDate
date (int y, int m, int d)
{
  GDate g;

  g_date_clear (&g, 1);
  g_date_set_dmy (&g, d, m, y);
  return g;
}

static void
test_plan_and_start_history (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GDate start = date (2026, 10, 1);
  g_autoptr(SalveCarePlan) plan = salve_care_plan_new (&start);
  g_autoptr(SalveCarePlan) read = NULL;
  g_autoptr(GPtrArray) starts = NULL;
  SalveCarePlanStart *change;

  read = salve_care_plan_repo_get (f->db, f->profile_id, &error);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
  g_assert_null (read);
  g_clear_error (&error);

  plan->profile_id = f->profile_id;
  g_free (plan->complaint);
  plan->complaint = g_strdup ("Nekpijn na beeldschermwerk");
  g_free (plan->site);
  plan->site = g_strdup ("neck");
  g_free (plan->therapist);
  plan->therapist = g_strdup ("J. de Vries");
  plan->course = SALVE_CARE_COURSE_LONG;
  g_assert_true (salve_care_plan_repo_save (f->db, plan, &error));
  g_assert_no_error (error);

  read = salve_care_plan_repo_get (f->db, f->profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->complaint, ==, "Nekpijn na beeldschermwerk");
  g_assert_cmpstr (read->site, ==, "neck");
  g_assert_cmpstr (read->therapist, ==, "J. de Vries");
  g_assert_cmpint (read->course, ==, SALVE_CARE_COURSE_LONG);
  g_assert_cmpint (g_date_compare (&read->start, &start), ==, 0);
  g_clear_pointer (&read, salve_care_plan_free);

  /* Saving again with the same start adds no history; a new start does. */
  g_assert_true (salve_care_plan_repo_save (f->db, plan, &error));
  plan->start = date (2026, 9, 28);
  g_assert_true (salve_care_plan_repo_save (f->db, plan, &error));
  g_assert_no_error (error);

  starts = salve_care_plan_repo_list_starts (f->db, f->profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (starts->len, ==, 2);
  change = g_ptr_array_index (starts, 0);
  g_assert_null (change->old_start);
  g_assert_cmpstr (change->new_start, ==, "2026-10-01");
  change = g_ptr_array_index (starts, 1);
  g_assert_cmpstr (change->old_start, ==, "2026-10-01");
  g_assert_cmpstr (change->new_start, ==, "2026-09-28");
  g_assert_nonnull (change->changed_at);

  read = salve_care_plan_repo_get (f->db, f->profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_date_get_day (&read->start), ==, 28);

  /* An invalid plan is refused and changes nothing. */
  g_free (plan->site);
  plan->site = g_strdup ("elsewhere");
  plan->start = date (2026, 8, 1);
  g_assert_false (salve_care_plan_repo_save (f->db, plan, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT);
  g_clear_pointer (&starts, g_ptr_array_unref);
  starts = salve_care_plan_repo_list_starts (f->db, f->profile_id, NULL);
  g_assert_cmpuint (starts->len, ==, 2);
}

static void
test_schedules_and_targets (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) schedules = NULL;
  g_autoptr(GArray) targets = NULL;
  SalveCareSchedule tens, laser, *read;
  SalveActivityTarget target = { "walking", { 0 }, 120, 10 };

  salve_care_schedule_get_default (SALVE_MODALITY_TENS, &tens);
  g_assert_true (salve_care_schedule_parse_times (&tens, "08:00,20:00", NULL));
  salve_care_schedule_get_default (SALVE_MODALITY_LASER, &laser);
  g_assert_true (salve_care_plan_repo_set_schedule (f->db, f->profile_id, &laser, &error));
  g_assert_true (salve_care_plan_repo_set_schedule (f->db, f->profile_id, &tens, &error));
  g_assert_no_error (error);
  tens.minutes = 45;
  g_assert_true (salve_care_plan_repo_set_schedule (f->db, f->profile_id, &tens, &error));

  laser.per_day = 2;
  g_assert_false (salve_care_plan_repo_set_schedule (f->db, f->profile_id, &laser, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);

  schedules = salve_care_plan_repo_list_schedules (f->db, f->profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (schedules->len, ==, 2);
  read = &g_array_index (schedules, SalveCareSchedule, 0);
  g_assert_cmpint (read->modality, ==, SALVE_MODALITY_TENS);
  g_assert_cmpuint (read->per_day, ==, 2);
  g_assert_cmpuint (read->minutes, ==, 45);
  g_assert_cmpuint (read->n_times, ==, 2);
  g_assert_cmpuint (read->times[1], ==, 20 * 60);
  read = &g_array_index (schedules, SalveCareSchedule, 1);
  g_assert_cmpint (read->modality, ==, SALVE_MODALITY_LASER);
  g_assert_cmpuint (read->per_day, ==, 1);

  g_assert_true (salve_care_plan_repo_remove_schedule (f->db, f->profile_id, SALVE_MODALITY_LASER, &error));
  g_assert_false (salve_care_plan_repo_remove_schedule (f->db, f->profile_id, SALVE_MODALITY_LASER, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  target.baseline_week = date (2026, 10, 1);
  g_assert_true (salve_care_plan_repo_set_target (f->db, f->profile_id, &target, &error));
  g_assert_no_error (error);
  target.step_percent = 60;
  g_assert_false (salve_care_plan_repo_set_target (f->db, f->profile_id, &target, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  /* Nothing to grow from: the target would stay 0 of 0 minutes. */
  target.step_percent = 10;
  target.baseline_minutes = 0;
  g_assert_false (salve_care_plan_repo_set_target (f->db, f->profile_id, &target, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  target.baseline_minutes = 120;
  targets = salve_care_plan_repo_list_targets (f->db, f->profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 1);
  g_assert_cmpstr (g_array_index (targets, SalveActivityTarget, 0).activity, ==, "walking");
  g_assert_cmpuint (g_array_index (targets, SalveActivityTarget, 0).baseline_minutes, ==, 120);
  g_assert_cmpfloat (g_array_index (targets, SalveActivityTarget, 0).step_percent, ==, 10);
  g_clear_pointer (&targets, g_array_unref);

  /* A target the person no longer wants goes, and only once. */
  g_assert_true (salve_care_plan_repo_remove_target (f->db, f->profile_id, "walking", &error));
  g_assert_no_error (error);
  g_assert_false (salve_care_plan_repo_remove_target (f->db, f->profile_id, "walking", &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  targets = salve_care_plan_repo_list_targets (f->db, f->profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 0);
}

static SalveDiaryEntry *
entry_at (Fixture    *f,
          const char *iso,
          int         pain)
{
  SalveDiaryEntry *entry = salve_diary_entry_new (f->profile_id);

  g_assert_true (salve_diary_entry_set_at_iso (entry, iso, NULL));
  salve_diary_entry_set_pain (entry, pain);
  return entry;
}

/* Activities and flags go with the entry through add, get, list, update
 * and delete-then-restore (the undo of the app). */
static void
test_diary_activities_and_flags (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDiaryEntry) entry = entry_at (f, "2026-10-02T18:00:00+02:00", 5);
  g_autoptr(SalveDiaryEntry) plain = entry_at (f, "2026-10-02T20:00:00+02:00", 4);
  g_autoptr(SalveDiaryEntry) read = NULL;
  g_autoptr(SalveDiaryEntry) bad = entry_at (f, "2026-10-03T20:00:00+02:00", 4);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GArray) care = NULL;
  g_auto(GStrv) ids = NULL;
  gint64 id;

  salve_diary_entry_set_activity_minutes (entry, "walking", 30);
  salve_diary_entry_set_activity_minutes (entry, "swimming", 20);
  salve_diary_entry_set_numbness (entry, TRUE);
  g_assert_true (salve_diary_repo_add (f->db, entry, &error));
  g_assert_no_error (error);
  g_assert_true (salve_diary_repo_add (f->db, plain, &error));
  id = salve_diary_entry_get_id (entry);

  read = salve_diary_repo_get (f->db, id, &error);
  g_assert_no_error (error);
  ids = salve_diary_entry_dup_activity_ids (read);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_cmpstr (ids[0], ==, "swimming");
  g_assert_cmpuint (salve_diary_entry_get_activity_minutes (read, "walking"), ==, 30);
  g_assert_true (salve_diary_entry_get_numbness (read));
  g_assert_false (salve_diary_entry_get_new_weakness (read));
  g_clear_object (&read);

  list = salve_diary_repo_list (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpuint (salve_diary_entry_get_total_activity_minutes (g_ptr_array_index (list, 0)), ==, 50);
  g_assert_cmpuint (salve_diary_entry_get_total_activity_minutes (g_ptr_array_index (list, 1)), ==, 0);

  /* Update replaces the activities. */
  salve_diary_entry_clear_activity_minutes (entry);
  salve_diary_entry_set_activity_minutes (entry, "cycling", 15);
  salve_diary_entry_set_numbness (entry, FALSE);
  salve_diary_entry_set_new_weakness (entry, TRUE);
  g_assert_true (salve_diary_repo_update (f->db, entry, &error));
  g_assert_no_error (error);
  read = salve_diary_repo_get (f->db, id, &error);
  g_assert_cmpuint (salve_diary_entry_get_activity_minutes (read, "walking"), ==, 0);
  g_assert_cmpuint (salve_diary_entry_get_activity_minutes (read, "cycling"), ==, 15);
  g_assert_true (salve_diary_entry_get_new_weakness (read));
  g_assert_false (salve_diary_entry_get_numbness (read));
  g_clear_object (&read);

  g_assert_cmpint (salve_care_plan_repo_sum_activity (f->db, f->profile_id, "cycling",
                                                      SALVE_DIARY_REPO_ANY_TIME_MIN,
                                                      SALVE_DIARY_REPO_ANY_TIME_MAX, &error), ==, 15);
  care = salve_care_plan_repo_list_entries (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                            SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (care->len, ==, 2);
  g_assert_cmpuint (g_array_index (care, SalveCareEntry, 0).activity_minutes, ==, 15);
  g_assert_true (g_array_index (care, SalveCareEntry, 0).new_weakness);
  g_assert_cmpint (g_array_index (care, SalveCareEntry, 0).pain, ==, 5);
  g_assert_cmpint (g_array_index (care, SalveCareEntry, 1).fatigue, ==, SALVE_DIARY_UNRATED);

  /* Delete cascades to the activities; restore brings them back. */
  g_assert_true (salve_diary_repo_delete (f->db, id, &error));
  g_assert_cmpint (salve_care_plan_repo_sum_activity (f->db, f->profile_id, "cycling",
                                                      SALVE_DIARY_REPO_ANY_TIME_MIN,
                                                      SALVE_DIARY_REPO_ANY_TIME_MAX, &error), ==, 0);
  g_assert_true (salve_diary_repo_restore (f->db, entry, &error));
  g_assert_no_error (error);
  read = salve_diary_repo_get (f->db, id, &error);
  g_assert_cmpuint (salve_diary_entry_get_activity_minutes (read, "cycling"), ==, 15);

  /* An invalid activity id is refused, and no row is left behind. */
  salve_diary_entry_set_activity_minutes (bad, "Not An Id", 5);
  g_assert_false (salve_diary_repo_add (f->db, bad, &error));
  g_assert_error (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_INVALID);
  g_assert_cmpint (salve_diary_repo_count (f->db, f->profile_id, NULL), ==, 2);
}

/* Everything the care status of a day reads from the entries (pacing,
 * the warning signs, an activity target's weeks) is the same from the
 * entries salve_care_plan_repo_list_status_entries() gives as from the
 * whole diary up to that day; and it gives no entry after the day, and
 * not the whole diary: a course years long loaded them all (400 ms for
 * a million entries before the diary showed its data). */
static void
test_status_entries (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) some = NULL;
  g_autoptr(GArray) before_target = NULL;
  g_autoptr(SalveDiaryStats) stats = NULL;
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  GDate first_day = date (2026, 3, 1), plan_start = date (2026, 6, 1), day = date (2026, 9, 19);
  GDate next = day, bound;
  SalveActivityTarget target = { "walking", { 0 }, 100, 10 };

  /* Half a year of a diary, two entries a day, with fatigue, flags and
   * walking; a week of it after the day asked about. */
  for (guint i = 0; i < 212; i++)
    for (guint k = 0; k < 2; k++)
      {
        GDate d = first_day;
        g_autofree char *iso = NULL;
        g_autoptr(SalveDiaryEntry) entry = NULL;

        g_date_add_days (&d, i);
        iso = g_strdup_printf ("%04d-%02d-%02dT%02d:30:00+00:00", g_date_get_year (&d), g_date_get_month (&d),
                               g_date_get_day (&d), k == 0 ? 9 : 19);
        entry = entry_at (f, iso, (int) ((i * 7 + k * 3) % 11));
        salve_diary_entry_set_fatigue (entry, (int) ((i * 3 + k) % 11));
        salve_diary_entry_set_activity_minutes (entry, "walking", 10 + (i * 13 + k) % 40);
        salve_diary_entry_set_new_weakness (entry, k == 1 && i % 17 == 0);
        salve_diary_entry_set_numbness (entry, k == 0 && i % 23 == 0);
        g_assert_true (salve_diary_repo_add (f->db, entry, &error));
        g_assert_no_error (error);
      }

  g_date_add_days (&next, 1);
  all = salve_care_plan_repo_list_entries (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                           salve_time_day_start_unix (&next), &error);
  g_assert_no_error (error);

  /* Without a target: the week before the day, with a day's margin. */
  before_target = salve_care_plan_repo_list_status_entries (f->db, f->profile_id, &day, &error);
  g_assert_no_error (error);
  bound = day;
  g_date_subtract_days (&bound, 9);
  g_assert_cmpuint (before_target->len, ==, 2 * 10);
  g_assert_cmpint (g_array_index (before_target, SalveCareEntry, 0).at_unix, >=, salve_time_day_start_unix (&bound));

  target.baseline_week = date (2026, 7, 20);
  g_assert_true (salve_care_plan_repo_set_target (f->db, f->profile_id, &target, &error));
  g_assert_no_error (error);
  some = salve_care_plan_repo_list_status_entries (f->db, f->profile_id, &day, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (some->len, <, all->len / 2);
  /* From 9 days before the baseline week, to the day's last entry. */
  bound = target.baseline_week;
  g_date_subtract_days (&bound, 9);
  g_assert_cmpint (g_array_index (some, SalveCareEntry, 0).at_unix, >=, salve_time_day_start_unix (&bound));
  g_assert_cmpint (g_array_index (some, SalveCareEntry, some->len - 1).at_unix, ==,
                   g_array_index (all, SalveCareEntry, all->len - 1).at_unix);
  g_assert_cmpint (g_array_index (some, SalveCareEntry, some->len - 1).at_unix, <, salve_time_day_start_unix (&next));
  g_assert_cmpuint (some->len, ==, 2 * (g_date_days_between (&bound, &day) + 1));

  plan = salve_care_plan_new (&plan_start);
  stats = salve_diary_repo_compute_stats (f->db, f->profile_id, NULL, &plan_start, &error);
  g_assert_no_error (error);
  for (guint d = 0; d < 60; d++)
    {
      GDate on = day;
      gboolean found_all[SALVE_N_WARNINGS], found_some[SALVE_N_WARNINGS];
      double goal_all = -1, goal_some = -2;
      gint64 done_all = -1, done_some = -2;
      guint weeks_all = 0, weeks_some = 1;
      g_autoptr(GArray) status = NULL;

      /* Each day of the two months before: what its status reads. */
      g_date_subtract_days (&on, d);
      status = salve_care_plan_repo_list_status_entries (f->db, f->profile_id, &on, &error);
      g_assert_no_error (error);

      salve_care_find_warnings (plan, stats, (const SalveCareEntry *) (gpointer) all->data, all->len, utc, &on,
                                found_all);
      salve_care_find_warnings (plan, stats, (const SalveCareEntry *) (gpointer) status->data, status->len, utc,
                                &on, found_some);
      for (int w = 0; w < SALVE_N_WARNINGS; w++)
        g_assert_cmpint (found_all[w], ==, found_some[w]);
      g_assert_cmpint (salve_care_pacing_needed (stats, (const SalveCareEntry *) (gpointer) all->data, all->len, utc,
                                                 &on),
                       ==,
                       salve_care_pacing_needed (stats, (const SalveCareEntry *) (gpointer) status->data, status->len,
                                                 utc, &on));
      g_assert_true (salve_care_plan_repo_activity_week (f->db, f->profile_id, &target, stats, all, &on, &goal_all,
                                                         &done_all, &weeks_all, &error));
      g_assert_true (salve_care_plan_repo_activity_week (f->db, f->profile_id, &target, stats, status, &on,
                                                         &goal_some, &done_some, &weeks_some, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (goal_all, ==, goal_some);
      g_assert_cmpint (done_all, ==, done_some);
      g_assert_cmpuint (weeks_all, ==, weeks_some);
    }
}

static gint64
add_session (Fixture       *f,
             SalveModality  modality,
             const char    *started_at,
             SalveSessionOutcome outcome)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) session = salve_session_new (modality, SALVE_SITE_HAND);
  gint64 id;

  salve_session_set_profile_id (session, f->profile_id);
  g_assert_true (salve_session_repo_create (f->db, session, &error));
  g_assert_no_error (error);
  id = salve_session_get_id (session);
  g_assert_true (salve_session_repo_mark_started (f->db, id, started_at, &error));
  g_assert_true (salve_session_repo_finish (f->db, id, outcome,
                                            outcome == SALVE_SESSION_OUTCOME_COMPLETED ? "" : "user",
                                            NULL, &error));
  g_assert_no_error (error);
  return id;
}

static void
test_done_sessions (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) done = NULL;
  g_autoptr(SalveSession) planned = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_HAND);

  add_session (f, SALVE_MODALITY_TENS, "2026-10-02T09:00:00+02:00", SALVE_SESSION_OUTCOME_COMPLETED);
  add_session (f, SALVE_MODALITY_NMES, "2026-10-02T10:00:00+02:00", SALVE_SESSION_OUTCOME_COMPLETED);
  add_session (f, SALVE_MODALITY_TENS, "2026-10-02T11:00:00+02:00", SALVE_SESSION_OUTCOME_STOPPED);
  salve_session_set_profile_id (planned, f->profile_id);
  g_assert_true (salve_session_repo_create (f->db, planned, &error));

  done = salve_care_plan_repo_list_done_sessions (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                                  SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (done->len, ==, 2);
  g_assert_cmpint (g_array_index (done, SalveSessionMark, 0).modality, ==, SALVE_MODALITY_TENS);
  g_assert_cmpint (g_array_index (done, SalveSessionMark, 1).modality, ==, SALVE_MODALITY_NMES);
}

/* Removing the profile takes its plan, history, schedules (every
 * version), targets and diary activities with it. */
static void
test_cascade (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GDate start = date (2026, 10, 1);
  g_autoptr(SalveCarePlan) plan = salve_care_plan_new (&start);
  g_autoptr(SalveDiaryEntry) entry = entry_at (f, "2026-10-02T18:00:00+02:00", 5);
  g_autoptr(SalveStmt) stmt = NULL;
  SalveCareSchedule tens;
  const char *tables[] = { "care_plans", "care_plan_starts", "care_schedules", "care_schedule_changes",
                           "diary_activities" };

  plan->profile_id = f->profile_id;
  g_assert_true (salve_care_plan_repo_save (f->db, plan, &error));
  salve_care_schedule_get_default (SALVE_MODALITY_TENS, &tens);
  g_assert_true (salve_care_plan_repo_set_schedule (f->db, f->profile_id, &tens, &error));
  salve_diary_entry_set_activity_minutes (entry, "walking", 30);
  g_assert_true (salve_diary_repo_add (f->db, entry, &error));
  g_assert_no_error (error);

  g_assert_true (salve_db_exec (f->db, "DELETE FROM profiles", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);

      g_clear_pointer (&stmt, salve_stmt_free);
      stmt = salve_db_prepare (f->db, sql, &error);
      g_assert_no_error (error);
      g_assert_true (salve_stmt_step (stmt, NULL));
      g_assert_cmpint (salve_stmt_get_int64 (stmt, 0), ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/storage/care-plan/plan-and-start-history", Fixture, NULL, fixture_setup,
              test_plan_and_start_history, fixture_teardown);
  g_test_add ("/storage/care-plan/schedules-and-targets", Fixture, NULL, fixture_setup,
              test_schedules_and_targets, fixture_teardown);
  g_test_add ("/storage/care-plan/diary-activities-and-flags", Fixture, NULL, fixture_setup,
              test_diary_activities_and_flags, fixture_teardown);
  g_test_add ("/storage/care-plan/status-entries", Fixture, NULL, fixture_setup,
              test_status_entries, fixture_teardown);
  g_test_add ("/storage/care-plan/done-sessions", Fixture, NULL, fixture_setup,
              test_done_sessions, fixture_teardown);
  g_test_add ("/storage/care-plan/cascade", Fixture, NULL, fixture_setup,
              test_cascade, fixture_teardown);

  return g_test_run ();
}
