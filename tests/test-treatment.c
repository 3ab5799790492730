/* test-treatment.c: one session's whole life, driven without GTK
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "salve-condition-repo.h"
#include "salve-diary-repo.h"
#include "salve-profile-repo.h"
#include "salve-session-repo.h"
#include "salve-test-disk.h"
#include "salve-test-util.h"
#include "salve-time.h"
#include "salve-treatment.h"

typedef struct
{
  char         *dir;
  SalveDb      *db;
  SalveProfile *profile;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = salve_test_make_tmpdir ();
  path = g_build_filename (f->dir, "salve.db", NULL);
  f->db = salve_db_open (path, &error);
  g_assert_no_error (error);
  f->profile = salve_profile_repo_add (f->db, "Ans", &error);
  g_assert_no_error (error);

  /* Every question answered "no": only what a test sets counts. */
  for (SalveCondition c = 0; c < SALVE_N_CONDITIONS; c++)
    {
      salve_condition_repo_set (f->db, salve_profile_get_id (f->profile), c, SALVE_ANSWER_NO,
                                SALVE_N_SITES, "test", &error);
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->profile);
  g_clear_object (&f->db);
  salve_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
answer (Fixture        *f,
        SalveCondition  condition,
        SalveAnswer     value)
{
  g_autoptr(GError) error = NULL;

  salve_condition_repo_set (f->db, salve_profile_get_id (f->profile), condition, value,
                            SALVE_N_SITES, "test", &error);
  g_assert_no_error (error);
}

static SalveProfileAnswers
stored_answers (Fixture *f)
{
  SalveProfileAnswers answers;
  g_autoptr(GError) error = NULL;

  salve_profile_answers_init (&answers, SALVE_ANSWER_UNKNOWN);
  g_assert_true (salve_condition_repo_load (f->db, salve_profile_get_id (f->profile), &answers, &error));
  g_assert_no_error (error);
  return answers;
}

static void
on_finished (SalveTreatment *treatment,
             gboolean       *done)
{
  *done = TRUE;
}

static void
count_notifies (guint *n)
{
  (*n)++;
}

static void
run_until_finished (SalveTreatment *treatment,
                    guint           timeout_ms)
{
  gboolean done = FALSE;
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;
  gulong id = g_signal_connect (treatment, "finished", G_CALLBACK (on_finished), &done);

  while (!done && salve_treatment_get_step (treatment) < SALVE_TREATMENT_STEP_AFTER &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handler_disconnect (treatment, id);
  g_assert_cmpint (salve_treatment_get_step (treatment), ==, SALVE_TREATMENT_STEP_AFTER);
}

static gboolean
has_finding (SalveTreatment *treatment,
             const char     *rule_id)
{
  GPtrArray *findings = salve_treatment_get_findings (treatment);

  for (guint i = 0; i < findings->len; i++)
    if (g_str_equal (((SalveFinding *) g_ptr_array_index (findings, i))->rule_id, rule_id))
      return TRUE;

  return FALSE;
}

/* How many sessions of @modality the diary's statistics count with a
 * pain before and after. */
static guint
n_counted_sessions (Fixture       *f,
                    SalveModality  modality)
{
  g_autoptr(SalveDiaryStats) stats = NULL;
  g_autoptr(GError) error = NULL;

  stats = salve_diary_repo_compute_stats (f->db, salve_profile_get_id (f->profile), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stats);

  return stats->sessions[modality].n_sessions;
}

/* A laser plan on the elbow: 1 J at 100 mW, with its eye-protection
 * caution. */
static void
plan_laser (SalveTreatment *treatment)
{
  salve_treatment_set_site (treatment, SALVE_SITE_ELBOW);
  salve_treatment_set_param (treatment, SALVE_PARAM_POWER_MW, 100);
  salve_treatment_set_param (treatment, SALVE_PARAM_DOSE_J, 1);
}

/* One ceiling for a profile, a device and a modality. */
static void
test_ceiling (void)
{
  SalveProfileAnswers answers;
  g_autoptr(SalveDevice) tens = salve_device_new ("Small", SALVE_MODALITY_TENS);
  g_autoptr(SalveDevice) laser = salve_device_new ("Pen", SALVE_MODALITY_LASER);

  salve_profile_answers_init (&answers, SALVE_ANSWER_NO);
  g_assert_true (isnan (salve_rules_get_intensity_ceiling (&answers, NULL, SALVE_MODALITY_TENS)));

  answers.answers[SALVE_CONDITION_REDUCED_SENSATION] = SALVE_ANSWER_YES;
  g_assert_cmpfloat (salve_rules_get_intensity_ceiling (&answers, NULL, SALVE_MODALITY_TENS), ==, 18);
  tens->max_intensity_ma = 15;
  g_assert_cmpfloat (salve_rules_get_intensity_ceiling (&answers, tens, SALVE_MODALITY_TENS), ==, 15);
  tens->max_intensity_ma = 40;
  g_assert_cmpfloat (salve_rules_get_intensity_ceiling (&answers, tens, SALVE_MODALITY_NMES), ==, 18);

  /* A profile's mA ceiling says nothing about a laser's power. */
  g_assert_true (isnan (salve_rules_get_intensity_ceiling (&answers, NULL, SALVE_MODALITY_LASER)));
  laser->max_power_mw = 100;
  g_assert_cmpfloat (salve_rules_get_intensity_ceiling (&answers, laser, SALVE_MODALITY_LASER), ==, 100);
}

/* A program above the ceiling starts at the ceiling; a value given by
 * hand above it is not changed but blocked. */
static void
test_preset_clamped (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = NULL;
  g_autoptr(SalvePreset) preset = salve_preset_new ("strong", SALVE_MODALITY_TENS, "Strong");
  g_autoptr(SalveDevice) device = salve_device_new ("Unit", SALVE_MODALITY_TENS);
  double value = 0;

  answer (f, SALVE_CONDITION_REDUCED_SENSATION, SALVE_ANSWER_YES);
  treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);
  g_assert_cmpfloat (salve_treatment_get_ceiling (treatment), ==, 18);

  salve_preset_set_param (preset, "intensity-ma", 25);
  salve_preset_set_param (preset, "frequency-hz", 100);
  salve_preset_set_param (preset, "minutes", 20);
  salve_preset_set_site (preset, SALVE_SITE_KNEE);
  salve_treatment_set_preset (treatment, preset);
  g_assert_true (salve_treatment_get_param (treatment, SALVE_PARAM_INTENSITY_MA, &value));
  g_assert_cmpfloat (value, ==, 18);
  g_assert_cmpint (salve_treatment_get_site (treatment), ==, SALVE_SITE_KNEE);
  g_assert_cmpint (salve_treatment_get_verdict (treatment), !=, SALVE_VERDICT_BLOCKED);

  /* The device's own maximum is lower still. */
  device->max_intensity_ma = 12;
  salve_treatment_set_device (treatment, device);
  salve_treatment_set_preset (treatment, preset);
  g_assert_true (salve_treatment_get_param (treatment, SALVE_PARAM_INTENSITY_MA, &value));
  g_assert_cmpfloat (value, ==, 12);

  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 25);
  g_assert_true (salve_treatment_get_param (treatment, SALVE_PARAM_INTENSITY_MA, &value));
  g_assert_cmpfloat (value, ==, 25);
  g_assert_cmpint (salve_treatment_get_verdict (treatment), ==, SALVE_VERDICT_BLOCKED);
  g_assert_false (salve_treatment_get_can_start (treatment));
}

/* The laser device's own power wins over the program's: t = E / P. */
static void
test_preset_device_power (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_LASER);
  g_autoptr(SalvePreset) preset = salve_preset_new ("pen", SALVE_MODALITY_LASER, "Pen");
  g_autoptr(SalveDevice) device = salve_device_new ("Pen 100", SALVE_MODALITY_LASER);

  device->max_power_mw = 100;
  salve_treatment_set_device (treatment, device);
  salve_preset_set_param (preset, "power-mw", 50);
  salve_preset_set_param (preset, "dose-j", 2);
  salve_preset_set_param (preset, "points", 3);
  salve_treatment_set_preset (treatment, preset);

  g_assert_cmpfloat (salve_treatment_get_seconds_per_point (treatment), ==, 20);
  g_assert_cmpuint (salve_treatment_get_n_points (treatment), ==, 3);
  g_assert_cmpint (salve_treatment_get_planned_ms (treatment), ==, 60000);
}

static void
count_changes (SalveTreatment *treatment,
               guint          *n)
{
  (*n)++;
}

/* Cautions are acknowledged one by one, with who and when; findings that
 * stay the same keep them, new ones need them again. */
static void
test_acknowledgements (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_LASER);
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  plan_laser (treatment);
  g_assert_true (has_finding (treatment, "laser-eye-protection"));
  g_assert_cmpint (salve_treatment_get_verdict (treatment), ==, SALVE_VERDICT_CAUTION);
  g_assert_false (salve_treatment_get_can_start (treatment));
  g_assert_false (salve_treatment_start (treatment, &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_NOT_ACKNOWLEDGED);
  g_clear_error (&error);

  g_assert_false (salve_treatment_acknowledge (treatment, "no-such-rule", "Mia", &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_NO_SUCH_CAUTION);
  g_clear_error (&error);

  g_assert_true (salve_treatment_acknowledge (treatment, "laser-eye-protection", "Mia", &error));
  g_assert_no_error (error);
  g_assert_true (salve_treatment_get_can_start (treatment));

  /* The same findings: the acknowledgement holds. */
  g_signal_connect (treatment, "findings-changed", G_CALLBACK (count_changes), &changed);
  salve_treatment_set_param (treatment, SALVE_PARAM_DOSE_J, 2);
  g_assert_cmpuint (changed, ==, 0);
  g_assert_true (salve_treatment_is_acknowledged (treatment, "laser-eye-protection"));

  /* Photosensitivity answered yes: a new caution, read them all again. */
  {
    SalveProfileAnswers answers = *salve_treatment_get_answers (treatment);

    answers.answers[SALVE_CONDITION_PHOTOSENSITIVITY] = SALVE_ANSWER_YES;
    salve_treatment_set_answers (treatment, &answers);
  }
  g_assert_cmpuint (changed, ==, 1);
  g_assert_false (salve_treatment_is_acknowledged (treatment, "laser-eye-protection"));
  g_assert_false (salve_treatment_get_can_start (treatment));
  salve_treatment_acknowledge_all (treatment, "Mia");
  g_assert_true (salve_treatment_get_can_start (treatment));
}

/* A laser count that cannot be read counts as one: the once-a-day
 * caution stands. */
static void
test_unreadable_laser_count (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SalveProfileAnswers answers;
  SalvePlan plan;

  salve_profile_answers_init (&answers, SALVE_ANSWER_NO);
  salve_plan_init (&plan, SALVE_MODALITY_LASER, SALVE_SITE_ELBOW);
  g_assert_true (salve_treatment_build_rules_inputs (f->db, f->profile, NULL, &plan, &answers, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (plan.sessions_today_on_site, ==, 0);

  salve_db_exec (f->db, "PRAGMA foreign_keys=OFF; ALTER TABLE sessions RENAME TO sessions_gone", &error);
  g_assert_no_error (error);
  g_assert_false (salve_treatment_build_rules_inputs (f->db, f->profile, NULL, &plan, &answers, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (plan.sessions_today_on_site, ==, 1);
  salve_plan_clear (&plan);

  {
    g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_LASER);

    salve_treatment_set_site (treatment, SALVE_SITE_ELBOW);
    salve_treatment_set_param (treatment, SALVE_PARAM_POWER_MW, 100);
    g_assert_true (has_finding (treatment, "laser-once-a-day"));
  }
}

static void
count_points (SalveTreatment *treatment,
              guint           point,
              guint          *n)
{
  (*n)++;
}

/* A manual laser: timed point by point from dose and power, recorded
 * with its acknowledgements, linked diary entries and after-questions. */
static void
test_manual_laser (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_LASER);
  g_autoptr(SalveSession) stored = NULL;
  g_autoptr(GPtrArray) diary = NULL;
  g_autoptr(GError) error = NULL;
  const char *effects[] = { "warmth", NULL };
  const char *bad[] = { "headache", NULL };
  guint points = 0;
  gint64 started, took;
  gint64 id;
  gboolean acknowledged = FALSE;

  salve_treatment_set_site (treatment, SALVE_SITE_ELBOW);
  salve_treatment_set_param (treatment, SALVE_PARAM_POWER_MW, 100);
  salve_treatment_set_param (treatment, SALVE_PARAM_DOSE_J, 0.05);   /* 0.5 s a point */
  salve_treatment_set_param (treatment, SALVE_PARAM_POINTS, 2);
  g_assert_false (salve_treatment_is_connected (treatment));
  g_assert_cmpint (salve_treatment_get_planned_ms (treatment), ==, 1000);
  salve_treatment_acknowledge_all (treatment, "Mia");
  g_assert_true (salve_treatment_set_pain_before (treatment, 6, &error));
  g_assert_false (salve_treatment_set_pain_before (treatment, 11, NULL));

  g_signal_connect (treatment, "point-changed", G_CALLBACK (count_points), &points);
  started = g_get_monotonic_time ();
  g_assert_true (salve_treatment_start (treatment, &error));
  g_assert_no_error (error);
  g_assert_cmpint (salve_treatment_get_step (treatment), ==, SALVE_TREATMENT_STEP_RUNNING);
  run_until_finished (treatment, 5000);
  took = (g_get_monotonic_time () - started) / 1000;
  g_assert_cmpint (took, >=, 1000);
  g_assert_cmpint (took, <, 2000);
  g_assert_cmpuint (points, ==, 2);
  /* 100 mW for 2 × 0.5 s */
  g_assert_cmpfloat_with_epsilon (salve_treatment_get_energy_j (treatment), 0.1, 1e-9);

  g_assert_false (salve_treatment_set_side_effects (treatment, bad, &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (salve_treatment_set_side_effects (treatment, effects, &error));
  g_assert_true (salve_treatment_set_pain_after (treatment, 4, &error));
  salve_treatment_set_note (treatment, "warm");
  g_assert_true (salve_treatment_close (treatment, &error));
  g_assert_no_error (error);
  g_assert_cmpint (salve_treatment_get_step (treatment), ==, SALVE_TREATMENT_STEP_CLOSED);

  id = salve_session_get_id (salve_treatment_get_session (treatment));
  stored = salve_session_repo_get (f->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_get_outcome (stored), ==, SALVE_SESSION_OUTCOME_COMPLETED);
  g_assert_cmpint (salve_session_get_pain_before (stored), ==, 6);
  g_assert_cmpint (salve_session_get_pain_after (stored), ==, 4);
  g_assert_cmpstr (salve_session_get_side_effects (stored)[0], ==, "warmth");
  g_assert_cmpstr (salve_session_get_note (stored), ==, "warm");
  for (guint i = 0; i < salve_session_get_events (stored)->len; i++)
    {
      SalveSessionEvent *event = g_ptr_array_index (salve_session_get_events (stored), i);

      if (event->kind == SALVE_SESSION_EVENT_CAUTION_ACKNOWLEDGED)
        {
          g_assert_cmpstr (event->detail, ==, "laser-eye-protection");
          g_assert_cmpstr (event->actor, ==, "Mia");
          g_assert_nonnull (event->at);
          acknowledged = TRUE;
        }
    }
  g_assert_true (acknowledged);

  diary = salve_diary_repo_list (f->db, salve_profile_get_id (f->profile), 0, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (diary->len, ==, 2);
  g_assert_cmpint (salve_diary_entry_get_session_id (g_ptr_array_index (diary, 0)), ==, id);
  g_assert_cmpint (salve_diary_entry_get_session_id (g_ptr_array_index (diary, 1)), ==, id);
  g_assert_cmpint (salve_diary_entry_get_session_phase (g_ptr_array_index (diary, 0)), ==, SALVE_DIARY_PHASE_BEFORE);
  g_assert_cmpint (salve_diary_entry_get_session_phase (g_ptr_array_index (diary, 1)), ==, SALVE_DIARY_PHASE_AFTER);
  /* It ran: its before and after are a treatment's. */
  g_assert_true (salve_treatment_started_on_device (treatment));
  g_assert_true (salve_session_repo_started_on_device (f->db, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_counted_sessions (f, SALVE_MODALITY_LASER), ==, 1);
}

/* A block stores and sends nothing. */
static void
test_blocked (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;

  salve_treatment_set_site (treatment, SALVE_SITE_NECK_FRONT);
  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 10);
  salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 1);
  g_assert_false (salve_treatment_start (treatment, &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_BLOCKED);
  g_assert_null (salve_treatment_get_session (treatment));

  sessions = salve_session_repo_list (f->db, salve_profile_get_id (f->profile), NULL, NULL);
  g_assert_cmpuint (sessions->len, ==, 0);
}

/* A condition saved after the treatment was made, while the session was
 * being prepared (in the Checklist, or by salvectl), counts at the start:
 * a pacemaker blocks it, and nothing is stored or sent. An answer set by
 * the caller that is a risk stays one, whatever is stored. */
static void
test_answers_read_at_start (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);
  g_autoptr(SalveTreatment) set = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  SalveProfileAnswers answers;

  salve_treatment_set_site (treatment, SALVE_SITE_KNEE);
  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 10);
  salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 1);
  g_assert_true (salve_treatment_get_can_start (treatment));

  answer (f, SALVE_CONDITION_PACEMAKER, SALVE_ANSWER_YES);
  g_assert_false (salve_treatment_start (treatment, &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_BLOCKED);
  g_assert_null (salve_treatment_get_session (treatment));
  g_assert_cmpint (salve_findings_get_verdict (salve_treatment_get_findings (treatment)), ==, SALVE_VERDICT_BLOCKED);
  sessions = salve_session_repo_list (f->db, salve_profile_get_id (f->profile), NULL, NULL);
  g_assert_cmpuint (sessions->len, ==, 0);
  g_clear_error (&error);

  /* Epilepsy set by the caller, the pacemaker taken back in the
   * checklist: the epilepsy still blocks TENS. */
  answer (f, SALVE_CONDITION_PACEMAKER, SALVE_ANSWER_NO);
  salve_treatment_set_site (set, SALVE_SITE_KNEE);
  salve_treatment_set_param (set, SALVE_PARAM_INTENSITY_MA, 10);
  salve_treatment_set_param (set, SALVE_PARAM_MINUTES, 1);
  answers = *salve_treatment_get_answers (set);
  answers.answers[SALVE_CONDITION_EPILEPSY] = SALVE_ANSWER_YES;
  salve_treatment_set_answers (set, &answers);
  g_assert_false (salve_treatment_start (set, &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_BLOCKED);
}

/* Numbness noted in the diary while the session was being prepared stops
 * it at Start on that area, as the diary's warning sign says. */
static void
test_numbness_read_at_start (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (f->profile));
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  salve_treatment_set_site (treatment, SALVE_SITE_KNEE);
  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 10);
  salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 1);
  g_assert_true (salve_treatment_get_can_start (treatment));

  salve_diary_entry_set_pain (entry, 4);
  salve_diary_entry_set_region (entry, "knee-left");
  salve_diary_entry_set_numbness (entry, TRUE);
  g_assert_true (salve_diary_repo_add (f->db, entry, &error));
  g_assert_no_error (error);

  g_assert_false (salve_treatment_start (treatment, &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_BLOCKED);
  for (guint i = 0; i < salve_treatment_get_findings (treatment)->len; i++)
    found |= g_str_equal (((SalveFinding *) g_ptr_array_index (salve_treatment_get_findings (treatment), i))->rule_id,
                          "diary-numbness");
  g_assert_true (found);
  sessions = salve_session_repo_list (f->db, salve_profile_get_id (f->profile), NULL, NULL);
  g_assert_cmpuint (sessions->len, ==, 0);
}

/* Numbness noted without saying where is a caution anywhere, and the
 * session then goes as with reduced sensation: under its ceiling, with
 * the skin checked afterwards. A person with a numb foot, noted without
 * a place, had a knee session at 30 mA and no skin check, as the
 * checklist had said no to reduced sensation before (an outside look). */
static void
test_numbness_as_reduced_sensation (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = NULL;
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (f->profile));
  g_autoptr(GError) error = NULL;

  answer (f, SALVE_CONDITION_REDUCED_SENSATION, SALVE_ANSWER_NO);
  treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);
  salve_treatment_set_site (treatment, SALVE_SITE_KNEE);
  salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 1);
  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 30);
  g_assert_false (salve_treatment_wants_skin_check (treatment));
  g_assert_true (isnan (salve_treatment_get_ceiling (treatment)));
  g_assert_false (has_finding (treatment, "profile-ceiling"));

  salve_diary_entry_set_pain (entry, 8);
  salve_diary_entry_set_note (entry, "Tenen voelen doof");
  salve_diary_entry_set_numbness (entry, TRUE);
  g_assert_true (salve_diary_repo_add (f->db, entry, &error));
  g_assert_no_error (error);

  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 29);
  g_assert_true (has_finding (treatment, "diary-numbness"));
  g_assert_true (has_finding (treatment, "profile-ceiling"));
  g_assert_cmpint (salve_findings_get_verdict (salve_treatment_get_findings (treatment)), ==, SALVE_VERDICT_BLOCKED);
  g_assert_cmpfloat (salve_treatment_get_ceiling (treatment), ==, SALVE_REDUCED_SENSATION_CEILING_MA);
  g_assert_true (salve_treatment_wants_skin_check (treatment));

  /* Under the ceiling: a caution to read, and the skin check after. */
  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 12);
  g_assert_false (has_finding (treatment, "profile-ceiling"));
  g_assert_cmpint (salve_findings_get_verdict (salve_treatment_get_findings (treatment)), ==, SALVE_VERDICT_CAUTION);
  g_assert_true (salve_treatment_wants_skin_check (treatment));

  /* Soft laser is no stimulation of the skin by current. */
  {
    g_autoptr(SalveTreatment) laser = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_LASER);

    salve_treatment_set_site (laser, SALVE_SITE_KNEE);
    g_assert_false (salve_treatment_wants_skin_check (laser));
  }
}

/* Numbness noted in a leg is numbness at its knee, ankle and foot, and
 * one noted at a knee is in the leg: electrodes on either may lie on the
 * numb skin. A knee session went ahead, without a word, after an entry
 * of numbness "in the leg". A hand or the other limb is not stopped. */
static void
test_numbness_in_limb (Fixture       *f,
                       gconstpointer  data)
{
  struct { const char *noted; const char *site; gboolean stops; } cases[] = {
    { "leg",        "knee",  TRUE },
    { "leg",        "foot",  TRUE },
    { "leg",        "ankle", TRUE },
    { "leg-left",   "knee",  TRUE },
    { "knee",       "leg",   TRUE },
    { "foot-right", "leg",   TRUE },
    { "arm",        "hand",  TRUE },
    { "wrist",      "arm",   TRUE },
    { "leg",        "hand",  FALSE },
    { "leg",        "arm",   FALSE },
    { "foot",       "knee",  FALSE },
    { "arm",        "shoulder", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (f->profile));
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) entries = NULL;

      salve_diary_entry_set_pain (entry, 4);
      salve_diary_entry_set_region (entry, cases[i].noted);
      salve_diary_entry_set_numbness (entry, TRUE);
      g_assert_true (salve_diary_repo_add (f->db, entry, &error));
      g_assert_no_error (error);

      g_test_message ("numb at %s, TENS at %s", cases[i].noted, cases[i].site);
      g_assert_cmpint (salve_treatment_numbness_stops (f->db, salve_profile_get_id (f->profile), SALVE_MODALITY_TENS,
                                                       cases[i].site, NULL), ==, cases[i].stops);

      g_assert_true (salve_diary_repo_delete (f->db, salve_diary_entry_get_id (entry), &error));
      g_assert_no_error (error);
      entries = salve_diary_repo_list (f->db, salve_profile_get_id (f->profile), 0, G_MAXINT64, &error);
      g_assert_cmpuint (entries->len, ==, 0);
    }
}

/* A port where nothing answers: a clear error and a session recorded as
 * interrupted, link-lost. The pain rated before and after it stays in
 * the diary, but no statistic takes it for a treatment's effect. */
static void
test_no_answer (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);
  g_autoptr(SalveSession) stored = NULL;
  g_autoptr(GError) error = NULL;
  int master = posix_openpt (O_RDWR | O_NOCTTY);

  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);

  salve_treatment_set_port (treatment, ptsname (master));
  salve_treatment_set_site (treatment, SALVE_SITE_KNEE);
  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 10);
  salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 1);
  g_assert_true (salve_treatment_is_connected (treatment));
  g_assert_true (salve_treatment_set_pain_before (treatment, 7, &error));
  g_assert_true (salve_treatment_start (treatment, &error));
  g_assert_no_error (error);
  g_assert_cmpint (salve_treatment_get_step (treatment), ==, SALVE_TREATMENT_STEP_CONNECTING);
  run_until_finished (treatment, 5000);

  g_assert_nonnull (salve_treatment_get_error (treatment));
  g_assert_false (salve_treatment_started_on_device (treatment));
  /* Nothing to rate after a treatment never given. */
  g_assert_false (salve_treatment_set_pain_after (treatment, 3, &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_NOT_STARTED);
  g_clear_error (&error);
  g_assert_false (salve_treatment_set_skin_check (treatment, SALVE_SKIN_CHECK_NORMAL, &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_NOT_STARTED);
  g_clear_error (&error);
  salve_treatment_set_note (treatment, "no answer");
  g_assert_true (salve_treatment_close (treatment, &error));
  stored = salve_session_repo_get (f->db, salve_session_get_id (salve_treatment_get_session (treatment)), &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_get_outcome (stored), ==, SALVE_SESSION_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (salve_session_get_outcome_reason (stored), ==, SALVE_SESSION_REASON_LINK_LOST);
  g_assert_cmpint (salve_session_get_pain_before (stored), ==, 7);
  g_assert_cmpint (salve_session_get_pain_after (stored), ==, SALVE_PAIN_UNSET);
  g_assert_cmpstr (salve_session_get_note (stored), ==, "no answer");
  g_assert_false (salve_session_repo_started_on_device (f->db, salve_session_get_id (stored), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_counted_sessions (f, SALVE_MODALITY_TENS), ==, 0);
  close (master);
}

/* The simulator, launched by the treatment itself. */
static void
test_simulated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);
  g_autoptr(SalveSession) stored = NULL;
  g_autoptr(GError) error = NULL;

  salve_treatment_set_simulated (treatment, TRUE);
  salve_treatment_set_site (treatment, SALVE_SITE_KNEE);
  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 2);
  salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 0.02);
  salve_treatment_set_ramp_rate (treatment, 5);
  g_assert_true (salve_treatment_start (treatment, &error));
  g_assert_no_error (error);
  run_until_finished (treatment, 10000);
  g_assert_nonnull (salve_treatment_get_stimulator (treatment));
  g_assert_null (salve_treatment_get_error (treatment));

  stored = salve_session_repo_get (f->db, salve_session_get_id (salve_treatment_get_session (treatment)), &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_get_outcome (stored), ==, SALVE_SESSION_OUTCOME_COMPLETED);
  g_assert_cmpstr (salve_session_get_device_name (stored), ==, "Practice stimulator");
  /* Practice gives no current: a skin check after it is not the skin's. */
  g_assert_true (salve_treatment_set_skin_check (treatment, SALVE_SKIN_CHECK_DAMAGED, &error));
  g_assert_true (salve_treatment_close (treatment, &error));
  g_assert_false (salve_treatment_get_marked_skin (treatment, NULL));
  g_assert_cmpint (stored_answers (f).answers[SALVE_CONDITION_BROKEN_SKIN], ==, SALVE_ANSWER_NO);
  /* Practice, kept out of the statistics and exports. */
  g_assert_true (salve_session_repo_is_practice (f->db, salve_session_get_id (stored), &error));
  g_assert_no_error (error);
}

/* Practice without its stimulator installed: the session ends as
 * interrupted because the practice stimulator is not installed, not
 * because a connection was lost that never was. */
static void
test_simulator_missing (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);
  g_autoptr(SalveSession) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sim = g_strdup (g_getenv ("SALVE_STIM_SIM"));

  g_setenv ("SALVE_STIM_SIM", "/nonexistent/salve-stim-sim", TRUE);
  salve_treatment_set_simulated (treatment, TRUE);
  salve_treatment_set_site (treatment, SALVE_SITE_KNEE);
  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 2);
  salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 0.02);
  g_assert_true (salve_treatment_start (treatment, &error));
  g_assert_no_error (error);
  run_until_finished (treatment, 5000);
  if (sim != NULL)
    g_setenv ("SALVE_STIM_SIM", sim, TRUE);
  else
    g_unsetenv ("SALVE_STIM_SIM");

  g_assert_error (salve_treatment_get_error (treatment), SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_NO_SIMULATOR);
  g_assert_false (salve_treatment_started_on_device (treatment));
  stored = salve_session_repo_get (f->db, salve_session_get_id (salve_treatment_get_session (treatment)), &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_get_outcome (stored), ==, SALVE_SESSION_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (salve_session_get_outcome_reason (stored), ==, SALVE_SESSION_REASON_NO_SIMULATOR);
  g_assert_cmpstr (salve_session_reason_get_name (SALVE_SESSION_REASON_NO_SIMULATOR), ==,
                   "the practice stimulator is not installed");
}

/* Dropped while running (the app quits): interrupted, app-closed. */
static void
test_dropped_while_running (Fixture       *f,
                            gconstpointer  data)
{
  SalveTreatment *treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_PEMF);
  g_autoptr(SalveSession) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  salve_treatment_set_site (treatment, SALVE_SITE_LOWER_BACK);
  salve_treatment_set_param (treatment, SALVE_PARAM_FIELD_UT, 50);
  salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 8);
  g_assert_true (salve_treatment_start (treatment, &error));
  g_assert_no_error (error);
  id = salve_session_get_id (salve_treatment_get_session (treatment));
  g_object_unref (treatment);

  stored = salve_session_repo_get (f->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_get_outcome (stored), ==, SALVE_SESSION_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (salve_session_get_outcome_reason (stored), ==, SALVE_SESSION_REASON_APP_CLOSED);
}

/* Without a profile the session runs the same, and nothing is kept. */
static void
test_not_recorded (void)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (NULL, NULL, SALVE_MODALITY_TENS);
  g_autoptr(GError) error = NULL;

  salve_treatment_set_site (treatment, SALVE_SITE_KNEE);
  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 10);
  salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 0.005);
  g_assert_true (salve_treatment_start (treatment, &error));
  g_assert_no_error (error);
  run_until_finished (treatment, 5000);
  g_assert_cmpint (salve_session_get_outcome (salve_treatment_get_session (treatment)), ==,
                   SALVE_SESSION_OUTCOME_COMPLETED);
  g_assert_true (salve_treatment_close (treatment, &error));
  g_assert_no_error (error);
}

/* The body picture's tints: a caution that holds everywhere says nothing
 * about where to treat. */
static void
test_site_verdicts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SalveTreatment) laser = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_LASER);
  g_autoptr(SalveTreatment) tens = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);

  g_assert_cmpint (salve_treatment_get_site_verdict (laser, SALVE_SITE_ELBOW), ==, SALVE_VERDICT_ALLOWED);
  g_assert_cmpint (salve_treatment_get_site_verdict (laser, SALVE_SITE_EYE), ==, SALVE_VERDICT_BLOCKED);

  /* Before a device is chosen, a region is red only when no kind of
   * device may be used there: TENS never on the back of the neck, the
   * laser may. */
  g_assert_cmpint (salve_treatment_get_site_verdict (tens, SALVE_SITE_NECK), ==, SALVE_VERDICT_BLOCKED);
  g_assert_cmpint (salve_treatment_get_best_site_verdict (tens, SALVE_SITE_NECK), ==, SALVE_VERDICT_ALLOWED);
}

/* The values as changed are saved as the person's own program. */
static void
test_save_program (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(SalvePreset) saved = NULL;
  g_autoptr(GError) error = NULL;
  SalvePreset *preset;

  before = salve_treatment_list_programs (treatment);
  g_assert_cmpuint (before->len, >, 0);
  g_assert_null (salve_treatment_save_program (treatment, "Mine", &error));
  g_clear_error (&error);

  preset = g_ptr_array_index (before, 0);
  salve_treatment_set_preset (treatment, preset);
  salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 17);
  saved = salve_treatment_save_program (treatment, "Mine", &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);

  after = salve_treatment_list_programs (treatment);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  preset = g_ptr_array_index (after, after->len - 1);
  g_assert_cmpstr (salve_preset_get_name (preset), ==, "Mine");
  g_assert_cmpfloat (salve_preset_get_param (preset, "minutes", 0), ==, 17);
}

/* The computer going to sleep interrupts the session (suspend). */
static void
test_suspend (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_PEMF);
  g_autoptr(SalveSleepMonitor) monitor = NULL;
  g_autoptr(SalveSession) stored = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/salve-test-bus", TRUE);
  monitor = salve_sleep_monitor_new ();
  salve_treatment_set_sleep_monitor (treatment, monitor);
  salve_treatment_set_site (treatment, SALVE_SITE_LOWER_BACK);
  salve_treatment_set_param (treatment, SALVE_PARAM_FIELD_UT, 50);
  salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 8);
  g_assert_true (salve_treatment_start (treatment, &error));
  g_assert_no_error (error);

  g_signal_emit_by_name (monitor, "prepare-for-sleep", TRUE);
  g_assert_cmpint (salve_treatment_get_step (treatment), ==, SALVE_TREATMENT_STEP_AFTER);
  stored = salve_session_repo_get (f->db, salve_session_get_id (salve_treatment_get_session (treatment)), &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_get_outcome (stored), ==, SALVE_SESSION_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (salve_session_get_outcome_reason (stored), ==, SALVE_SESSION_REASON_SUSPEND);
}

/* Another program holds the database's write lock through the whole
 * session: the session still runs on its own time (no write waits for the
 * lock on the main loop), everything it records waits in order, flush()
 * says the end is not stored while the lock is held, and stores all of it
 * once the lock is gone, the ratings linked to the session. */
static void
test_busy_database (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);
  g_autofree char *path = g_build_filename (f->dir, "salve.db", NULL);
  g_autoptr(SalveSession) stored = NULL;
  g_autoptr(GPtrArray) diary = NULL;
  g_autoptr(GError) error = NULL;
  SalveTestLock *lock;
  GPtrArray *events;
  gint64 started, took, id;

  salve_treatment_set_site (treatment, SALVE_SITE_KNEE);
  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 10);
  salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 0.01);   /* 600 ms */
  salve_treatment_acknowledge_all (treatment, "Mia");
  g_assert_true (salve_treatment_set_pain_before (treatment, 6, &error));

  lock = salve_test_lock_take (path, -1);
  started = g_get_monotonic_time ();
  g_assert_true (salve_treatment_start (treatment, &error));
  g_assert_no_error (error);
  run_until_finished (treatment, 5000);
  took = (g_get_monotonic_time () - started) / 1000;
  g_assert_cmpint (took, >=, 600);
  g_assert_cmpint (took, <, SALVE_DB_BUSY_TIMEOUT_MS);

  g_assert_true (salve_treatment_set_pain_after (treatment, 4, &error));
  g_assert_true (salve_treatment_close (treatment, &error));
  g_assert_no_error (error);
  g_assert_null (salve_treatment_get_storage_error (treatment));
  g_assert_cmpuint (salve_treatment_get_n_pending (treatment), >, 0);

  g_assert_false (salve_treatment_flush (treatment, 200, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_BUSY);
  g_clear_error (&error);

  salve_test_lock_release (lock);
  g_assert_true (salve_treatment_flush (treatment, 5000, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (salve_treatment_get_n_pending (treatment), ==, 0);
  g_assert_null (salve_treatment_get_storage_error (treatment));

  id = salve_session_get_id (salve_treatment_get_session (treatment));
  g_assert_cmpint (id, >, 0);
  stored = salve_session_repo_get (f->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_get_outcome (stored), ==, SALVE_SESSION_OUTCOME_COMPLETED);
  g_assert_nonnull (salve_session_get_started_at (stored));
  g_assert_nonnull (salve_session_get_ended_at (stored));
  g_assert_cmpint (salve_session_get_pain_before (stored), ==, 6);
  g_assert_cmpint (salve_session_get_pain_after (stored), ==, 4);
  events = salve_session_get_events (stored);
  g_assert_cmpuint (events->len, >=, 2);
  g_assert_cmpint (((SalveSessionEvent *) g_ptr_array_index (events, 0))->kind, ==, SALVE_SESSION_EVENT_START);
  g_assert_cmpint (((SalveSessionEvent *) g_ptr_array_index (events, events->len - 1))->kind, ==,
                   SALVE_SESSION_EVENT_STOP);

  diary = salve_diary_repo_list (f->db, salve_profile_get_id (f->profile), 0, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (diary->len, ==, 2);
  g_assert_cmpint (salve_diary_entry_get_session_id (g_ptr_array_index (diary, 0)), ==, id);
  g_assert_cmpint (salve_diary_entry_get_session_id (g_ptr_array_index (diary, 1)), ==, id);
  g_assert_cmpint (salve_diary_entry_get_session_phase (g_ptr_array_index (diary, 0)), ==, SALVE_DIARY_PHASE_BEFORE);
  g_assert_cmpint (salve_diary_entry_get_session_phase (g_ptr_array_index (diary, 1)), ==, SALVE_DIARY_PHASE_AFTER);
}

/* The app's checkbox can be unticked: the acknowledgement is taken back,
 * the session cannot start, and "can-start" says so. */
static void
test_unacknowledge (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_LASER);
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  plan_laser (treatment);
  g_signal_connect_swapped (treatment, "notify::can-start", G_CALLBACK (count_notifies), &notified);

  salve_treatment_acknowledge_all (treatment, "Mia");
  g_assert_true (salve_treatment_get_can_start (treatment));
  g_assert_cmpuint (notified, >, 0);

  notified = 0;
  salve_treatment_unacknowledge (treatment, "laser-eye-protection");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_false (salve_treatment_is_acknowledged (treatment, "laser-eye-protection"));
  g_assert_false (salve_treatment_get_can_start (treatment));
  g_assert_false (salve_treatment_start (treatment, &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_NOT_ACKNOWLEDGED);
  g_clear_error (&error);

  /* NULL takes back every one. */
  salve_treatment_acknowledge_all (treatment, "Mia");
  g_assert_true (salve_treatment_get_can_start (treatment));
  salve_treatment_unacknowledge (treatment, NULL);
  g_assert_false (salve_treatment_get_can_start (treatment));
}

/* Back to the device step and another modality: nothing of the old one
 * stays, not its values, program, device, ceiling or acknowledgements. */
static void
test_change_modality (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_LASER);
  g_autoptr(SalveDevice) laser = salve_device_new ("Laser pen", SALVE_MODALITY_LASER);
  g_autoptr(GPtrArray) programs = NULL;
  guint changed = 0;
  double value;

  answer (f, SALVE_CONDITION_REDUCED_SENSATION, SALVE_ANSWER_YES);
  g_clear_object (&treatment);
  treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_LASER);

  laser->max_power_mw = 100;
  salve_treatment_set_device (treatment, laser);
  programs = salve_treatment_list_programs (treatment);
  salve_treatment_set_preset (treatment, g_ptr_array_index (programs, 0));
  salve_treatment_set_site (treatment, SALVE_SITE_ELBOW);
  salve_treatment_set_param (treatment, SALVE_PARAM_DOSE_J, 1);
  salve_treatment_acknowledge_all (treatment, "Mia");
  g_assert_true (salve_treatment_get_can_start (treatment));
  g_assert_cmpfloat (salve_treatment_get_ceiling (treatment), ==, 100);

  g_signal_connect (treatment, "findings-changed", G_CALLBACK (count_changes), &changed);
  salve_treatment_set_modality (treatment, SALVE_MODALITY_TENS);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (salve_treatment_get_modality (treatment), ==, SALVE_MODALITY_TENS);
  g_assert_null (salve_treatment_get_device (treatment));
  g_assert_null (salve_treatment_get_preset (treatment));
  g_assert_false (salve_treatment_get_param (treatment, SALVE_PARAM_DOSE_J, &value));
  g_assert_false (salve_treatment_get_param (treatment, SALVE_PARAM_POWER_MW, &value));
  g_assert_cmpint (salve_treatment_get_site (treatment), ==, SALVE_SITE_ELBOW);
  /* The TENS ceiling for reduced sensation, not the laser's power. */
  g_assert_cmpfloat (salve_treatment_get_ceiling (treatment), ==, SALVE_REDUCED_SENSATION_CEILING_MA);
  /* Its own caution (reduced sensation), not yet acknowledged. */
  g_assert_false (has_finding (treatment, "laser-eye-protection"));
  g_assert_false (salve_treatment_is_acknowledged (treatment, "laser-eye-protection"));
  g_assert_false (salve_treatment_get_can_start (treatment));
  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 30);
  g_assert_cmpint (salve_treatment_get_verdict (treatment), ==, SALVE_VERDICT_BLOCKED);

  /* And back: the laser's caution must be acknowledged again. */
  salve_treatment_set_modality (treatment, SALVE_MODALITY_LASER);
  plan_laser (treatment);
  g_assert_true (has_finding (treatment, "laser-eye-protection"));
  g_assert_false (salve_treatment_is_acknowledged (treatment, "laser-eye-protection"));
  g_assert_false (salve_treatment_get_param (treatment, SALVE_PARAM_INTENSITY_MA, &value));
}

/* Closing twice (Save pressed again while the database is busy) is not
 * an error and queues nothing more; "n-pending" follows the journal
 * until everything is stored. */
static void
test_close_twice_pending (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);
  g_autofree char *path = g_build_filename (f->dir, "salve.db", NULL);
  g_autoptr(GPtrArray) diary = NULL;
  g_autoptr(GError) error = NULL;
  SalveTestLock *lock;
  guint notified = 0;
  guint pending;
  gint64 deadline;

  salve_treatment_set_site (treatment, SALVE_SITE_KNEE);
  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 10);
  salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 0.005);
  salve_treatment_acknowledge_all (treatment, "Mia");
  g_assert_true (salve_treatment_set_pain_before (treatment, 6, &error));
  g_signal_connect_swapped (treatment, "notify::n-pending", G_CALLBACK (count_notifies), &notified);

  g_assert_true (salve_treatment_start (treatment, &error));
  run_until_finished (treatment, 5000);
  g_assert_true (salve_treatment_set_pain_after (treatment, 4, &error));

  lock = salve_test_lock_take (path, -1);
  notified = 0;
  g_assert_true (salve_treatment_close (treatment, &error));
  g_assert_no_error (error);
  pending = salve_treatment_get_n_pending (treatment);
  g_assert_cmpuint (pending, >, 0);
  g_assert_cmpuint (notified, >, 0);
  {
    guint from_property = 0;

    g_object_get (treatment, "n-pending", &from_property, NULL);
    g_assert_cmpuint (from_property, ==, pending);
  }

  g_assert_true (salve_treatment_close (treatment, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (salve_treatment_get_n_pending (treatment), ==, pending);
  g_assert_cmpint (salve_treatment_get_step (treatment), ==, SALVE_TREATMENT_STEP_CLOSED);

  /* Stored from the main loop once the lock is gone, and told. */
  salve_test_lock_release (lock);
  notified = 0;
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (salve_treatment_get_n_pending (treatment) > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (salve_treatment_get_n_pending (treatment), ==, 0);
  g_assert_cmpuint (notified, >, 0);
  g_assert_true (salve_treatment_close (treatment, &error));
  g_assert_cmpuint (salve_treatment_get_n_pending (treatment), ==, 0);

  diary = salve_diary_repo_list (f->db, salve_profile_get_id (f->profile), 0, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (diary->len, ==, 2);
}

/* The database refused the answers after the session (a full disk): Save
 * says so; pressed again once the disk has room, it stores them, the
 * refusal gone, instead of repeating the old error without trying. */
static void
test_close_again_after_refusal (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);
  g_autoptr(SalveSession) stored = NULL;
  g_autoptr(GPtrArray) diary = NULL;
  g_autoptr(GError) error = NULL;

  salve_treatment_set_site (treatment, SALVE_SITE_KNEE);
  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 10);
  salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 0.005);
  salve_treatment_acknowledge_all (treatment, "Mia");
  g_assert_true (salve_treatment_set_pain_before (treatment, 6, &error));
  g_assert_true (salve_treatment_start (treatment, &error));
  run_until_finished (treatment, 5000);
  g_assert_true (salve_treatment_set_pain_after (treatment, 3, &error));

  salve_test_set_disk_full (TRUE);
  g_assert_true (salve_treatment_close (treatment, &error));
  salve_test_set_disk_full (FALSE);
  g_assert_no_error (error);
  g_assert_nonnull (salve_treatment_get_storage_error (treatment));
  g_test_message ("refused: %s", salve_treatment_get_storage_error (treatment)->message);
  g_assert_cmpuint (salve_treatment_get_n_pending (treatment), >, 0);

  g_assert_true (salve_treatment_close (treatment, &error));
  g_assert_no_error (error);
  g_assert_null (salve_treatment_get_storage_error (treatment));
  g_assert_cmpuint (salve_treatment_get_n_pending (treatment), ==, 0);

  stored = salve_session_repo_get (f->db, salve_session_get_id (salve_treatment_get_session (treatment)), &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_get_pain_after (stored), ==, 3);
  diary = salve_diary_repo_list (f->db, salve_profile_get_id (f->profile), 0, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (diary->len, ==, 2);
}

static void
on_step_seen (SalveTreatment     *treatment,
              SalveTreatmentStep  step,
              gboolean           *running)
{
  /* Nobody is told the session runs while its record is refused. */
  if (step == SALVE_TREATMENT_STEP_RUNNING)
    {
      g_assert_null (salve_treatment_get_storage_error (treatment));
      *running = TRUE;
    }
}

/* The database refuses the session's writes (a disk with room for a few
 * pages, then full). On a manual device the person was told "set it to
 * 100 mW now", then the command ended at once: nobody kept the time or
 * said to switch it off, and the treatment given stayed on record as
 * never started. Now the start is stored first, and only then is anyone
 * told: with the disk full after each number of writes in turn, either
 * the session runs with its start stored, or it never says it runs. */
static void
test_start_refused (Fixture       *f,
                    gconstpointer  data)
{
  guint refused_start = 0;

  for (guint n = 0; n < 40; n++)
    {
      g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_LASER);
      g_autoptr(GError) error = NULL;
      gboolean running = FALSE;
      gboolean started;

      salve_treatment_set_site (treatment, SALVE_SITE_ELBOW);
      salve_treatment_set_param (treatment, SALVE_PARAM_POWER_MW, 100);
      salve_treatment_set_param (treatment, SALVE_PARAM_DOSE_J, 0.005);
      salve_treatment_acknowledge_all (treatment, "Mia");
      g_signal_connect (treatment, "step", G_CALLBACK (on_step_seen), &running);

      salve_test_set_disk_full_after (n);
      started = salve_treatment_start (treatment, &error);
      if (started)
        run_until_finished (treatment, 5000);
      salve_test_set_disk_full (FALSE);

      if (started && !running)
        {
          /* Ended before it ran: it says why, and nothing was given. */
          refused_start++;
          g_assert_false (salve_treatment_started_on_device (treatment));
          g_assert_error (salve_treatment_get_error (treatment), SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_NOT_RECORDED);
          g_assert_true (g_str_has_prefix (salve_treatment_get_error (treatment)->message,
                                           "The session was not started, because it could not be recorded: "));
        }
      g_signal_handlers_disconnect_by_data (treatment, &running);
      salve_treatment_close (treatment, NULL);
    }

  /* The case of the finding came up at least once. */
  g_assert_cmpuint (refused_start, >, 0);
}

/* A manual laser session of @profile on @db, about a minute long. */
static SalveTreatment *
long_manual_laser (SalveDb      *db,
                   SalveProfile *profile)
{
  SalveTreatment *treatment = salve_treatment_new (db, profile, SALVE_MODALITY_LASER);

  salve_treatment_set_site (treatment, SALVE_SITE_ELBOW);
  salve_treatment_set_param (treatment, SALVE_PARAM_POWER_MW, 100);
  salve_treatment_set_param (treatment, SALVE_PARAM_DOSE_J, 6);   /* 60 s */
  salve_treatment_acknowledge_all (treatment, "Mia");
  return treatment;
}

/* One session at a time for a person, below every front end: a second
 * one, from another program (here another connection), is refused
 * before anything is stored or sent; another person's is not; once the
 * first has ended the next one starts. */
static void
test_one_running_per_person (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) other_db = salve_db_open (salve_db_get_path (f->db), &error);
  g_autoptr(SalveProfile) other_person = salve_profile_repo_add (f->db, "Bram", &error);
  g_autoptr(SalveTreatment) first = NULL;
  g_autoptr(SalveTreatment) second = NULL;
  g_autoptr(SalveTreatment) third = NULL;
  g_autoptr(SalveTreatment) bram = NULL;
  g_autoptr(GPtrArray) sessions = NULL;

  g_assert_no_error (error);
  for (SalveCondition c = 0; c < SALVE_N_CONDITIONS; c++)
    salve_condition_repo_set (f->db, salve_profile_get_id (other_person), c, SALVE_ANSWER_NO, SALVE_N_SITES,
                              "test", NULL);

  g_assert_true (salve_treatment_check_none_running (f->db, f->profile, &error));
  g_assert_no_error (error);
  first = long_manual_laser (other_db, f->profile);
  g_assert_true (salve_treatment_start (first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (salve_treatment_get_step (first), ==, SALVE_TREATMENT_STEP_RUNNING);

  second = long_manual_laser (f->db, f->profile);
  g_assert_false (salve_treatment_start (second, &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_ALREADY_RUNNING);
  g_assert_cmpstr (error->message, ==, "A session for Ans is running. Start the next one once it has ended.");
  g_clear_error (&error);
  g_assert_null (salve_treatment_get_session (second));
  g_assert_cmpint (salve_treatment_get_step (second), <, SALVE_TREATMENT_STEP_CONNECTING);
  sessions = salve_session_repo_list (f->db, salve_profile_get_id (f->profile), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);

  bram = long_manual_laser (f->db, other_person);
  g_assert_true (salve_treatment_start (bram, &error));
  g_assert_no_error (error);
  salve_treatment_stop (bram);
  run_until_finished (bram, 5000);

  salve_treatment_stop (first);
  run_until_finished (first, 5000);
  g_assert_true (salve_treatment_close (first, &error));
  g_assert_no_error (error);

  third = long_manual_laser (f->db, f->profile);
  g_assert_true (salve_treatment_start (third, &error));
  g_assert_no_error (error);
  salve_treatment_stop (third);
  run_until_finished (third, 5000);
}

/* A session starting in another program (its device still connecting,
 * nothing marked running yet) holds the person too, and so does one on
 * the same connection: a second start is refused until it lets go. */
static void
test_one_starting_per_person (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) other_db = salve_db_open (salve_db_get_path (f->db), &error);
  gint64 id = salve_profile_get_id (f->profile);
  g_autoptr(SalveTreatment) first = NULL;
  g_autoptr(SalveTreatment) same_connection = NULL;
  g_autoptr(SalveTreatment) after = NULL;
  g_autoptr(SalveTreatment) incomplete = NULL;

  g_assert_no_error (error);

  /* A start refused for what it lacks lets go of the person again. */
  incomplete = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_LASER);
  g_assert_false (salve_treatment_start (incomplete, &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_INCOMPLETE);
  g_clear_error (&error);
  g_assert_true (salve_treatment_check_none_running (other_db, f->profile, &error));
  g_assert_no_error (error);

  g_assert_true (salve_session_repo_claim_person (other_db, id, &error));
  g_assert_no_error (error);
  /* Once at a time, on a connection too. */
  g_assert_false (salve_session_repo_claim_person (other_db, id, &error));
  g_assert_no_error (error);
  g_assert_false (salve_treatment_check_none_running (f->db, f->profile, &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_ALREADY_RUNNING);
  g_clear_error (&error);

  first = long_manual_laser (f->db, f->profile);
  g_assert_false (salve_treatment_start (first, &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_ALREADY_RUNNING);
  g_clear_error (&error);
  g_assert_null (salve_treatment_get_session (first));

  salve_session_repo_release_person (other_db, id);
  g_assert_true (salve_treatment_check_none_running (f->db, f->profile, &error));
  g_assert_true (salve_treatment_start (first, &error));
  g_assert_no_error (error);

  /* Started on this connection: a second treatment on it is refused, and
   * another connection sees the person taken. */
  same_connection = long_manual_laser (f->db, f->profile);
  g_assert_false (salve_treatment_start (same_connection, &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_ALREADY_RUNNING);
  g_clear_error (&error);
  g_assert_false (salve_session_repo_claim_person (other_db, id, &error));
  g_assert_no_error (error);

  /* Its device part over (the after-questions are not), the person is
   * free again. */
  salve_treatment_stop (first);
  run_until_finished (first, 5000);
  g_assert_true (salve_session_repo_claim_person (other_db, id, &error));
  salve_session_repo_release_person (other_db, id);
  after = long_manual_laser (f->db, f->profile);
  g_assert_true (salve_treatment_start (after, &error));
  g_assert_no_error (error);
  g_clear_object (&after);   /* gone with its session on: the person is free */
  g_assert_true (salve_session_repo_claim_person (other_db, id, &error));
}

/* A TENS session on @site, run and ended with the skin check @skin. */
static SalveTreatment *
run_with_skin_check (Fixture    *f,
                     SalveSite   site,
                     const char *skin)
{
  SalveTreatment *treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);
  g_autoptr(GError) error = NULL;

  salve_treatment_set_site (treatment, site);
  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 10);
  salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 0.005);
  salve_treatment_acknowledge_all (treatment, "Mia");
  g_assert_true (salve_treatment_start (treatment, &error));
  g_assert_no_error (error);
  run_until_finished (treatment, 5000);
  g_assert_true (salve_treatment_set_skin_check (treatment, skin, &error));
  g_assert_no_error (error);

  return treatment;
}

static SalveVerdict
tens_verdict_at (Fixture   *f,
                 SalveSite  site)
{
  g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);

  salve_treatment_set_site (treatment, site);
  salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, 10);
  salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 1);
  return salve_treatment_get_verdict (treatment);
}

/* A blister, a burn or broken skin found after a session is a
 * contraindication from then on: the checklist says broken skin there,
 * and the next session on that skin is blocked. It was stored with the
 * session only, and the next session on the same skin went ahead. */
static void
test_damaged_skin_marked (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SalveTreatment) normal = run_with_skin_check (f, SALVE_SITE_ELBOW, SALVE_SKIN_CHECK_NORMAL);
  g_autoptr(SalveTreatment) damaged = NULL;
  g_autoptr(SalveTreatment) elsewhere = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  SalveProfileAnswers answers;
  SalveSite site = SALVE_SITE_NECK;

  g_assert_true (salve_treatment_close (normal, &error));
  g_assert_false (salve_treatment_get_marked_skin (normal, &site));
  g_assert_cmpint (stored_answers (f).answers[SALVE_CONDITION_BROKEN_SKIN], ==, SALVE_ANSWER_NO);
  g_assert_cmpint (tens_verdict_at (f, SALVE_SITE_KNEE), !=, SALVE_VERDICT_BLOCKED);
  g_assert_cmpint (tens_verdict_at (f, SALVE_SITE_WRIST), !=, SALVE_VERDICT_BLOCKED);

  damaged = run_with_skin_check (f, SALVE_SITE_KNEE, SALVE_SKIN_CHECK_DAMAGED);
  g_assert_true (salve_treatment_close (damaged, &error));
  g_assert_no_error (error);
  g_assert_true (salve_treatment_get_marked_skin (damaged, &site));
  g_assert_cmpint (site, ==, SALVE_SITE_KNEE);
  answers = stored_answers (f);
  g_assert_cmpint (answers.answers[SALVE_CONDITION_BROKEN_SKIN], ==, SALVE_ANSWER_YES);
  g_assert_cmpint (answers.sites[SALVE_CONDITION_BROKEN_SKIN], ==, SALVE_SITE_KNEE);
  g_assert_cmpint (tens_verdict_at (f, SALVE_SITE_KNEE), ==, SALVE_VERDICT_BLOCKED);
  g_assert_cmpint (tens_verdict_at (f, SALVE_SITE_ELBOW), !=, SALVE_VERDICT_BLOCKED);
  /* In whose name: the checklist says where the answer came from. */
  rows = salve_condition_repo_list (f->db, salve_profile_get_id (f->profile), &error);
  for (guint i = 0; i < rows->len; i++)
    {
      const SalveConditionAnswer *row = g_ptr_array_index (rows, i);

      if (row->condition == SALVE_CONDITION_BROKEN_SKIN)
        g_assert_cmpstr (row->answered_by, ==, "the skin check after a session");
    }

  /* Then at the elbow too: one answer holds one place, so anywhere. */
  elsewhere = run_with_skin_check (f, SALVE_SITE_ELBOW, SALVE_SKIN_CHECK_DAMAGED);
  g_assert_true (salve_treatment_close (elsewhere, &error));
  g_assert_true (salve_treatment_get_marked_skin (elsewhere, &site));
  g_assert_cmpint (site, ==, SALVE_N_SITES);
  g_assert_cmpint (tens_verdict_at (f, SALVE_SITE_ELBOW), ==, SALVE_VERDICT_BLOCKED);
  g_assert_cmpint (tens_verdict_at (f, SALVE_SITE_WRIST), ==, SALVE_VERDICT_BLOCKED);
}

/* The database refuses the checklist's answer (a full disk): closing
 * says so, the session's record queued all the same, and closing again
 * once there is room puts it there. */
static void
test_damaged_skin_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SalveTreatment) treatment = run_with_skin_check (f, SALVE_SITE_KNEE, SALVE_SKIN_CHECK_DAMAGED);
  g_autoptr(GError) error = NULL;

  salve_test_set_disk_full (TRUE);
  g_assert_false (salve_treatment_close (treatment, &error));
  salve_test_set_disk_full (FALSE);
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_SKIN_NOT_MARKED);
  g_test_message ("refused: %s", error->message);
  g_clear_error (&error);
  g_assert_cmpint (salve_treatment_get_step (treatment), ==, SALVE_TREATMENT_STEP_CLOSED);
  g_assert_cmpint (stored_answers (f).answers[SALVE_CONDITION_BROKEN_SKIN], ==, SALVE_ANSWER_NO);

  g_assert_true (salve_treatment_close (treatment, &error));
  g_assert_no_error (error);
  g_assert_cmpint (salve_treatment_get_n_pending (treatment), ==, 0);
  g_assert_cmpint (stored_answers (f).answers[SALVE_CONDITION_BROKEN_SKIN], ==, SALVE_ANSWER_YES);
  g_assert_cmpint (tens_verdict_at (f, SALVE_SITE_KNEE), ==, SALVE_VERDICT_BLOCKED);
}

/* A burn the database would not put in the checklist, after which the
 * window was closed before Save was tried again, was in the session's
 * record only: the next session on that skin went ahead. It counts from
 * the session's end, at the start too, and goes into the checklist; an
 * answer given after the session (the skin has healed) stands. */
static void
test_damaged_skin_unmarked (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SalveTreatment) planned = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) hour_ago = g_date_time_add_hours (now, -1);
  g_autofree char *earlier = salve_time_format_iso (hour_ago);
  g_autofree char *sql = g_strdup_printf ("UPDATE profile_conditions SET answered_at = '%s'", earlier);
  g_autoptr(GError) error = NULL;
  SalveProfileAnswers answers;

  /* The checklist was answered an hour before the session. */
  g_assert_true (salve_db_exec (f->db, sql, &error));
  g_assert_no_error (error);

  salve_treatment_set_site (planned, SALVE_SITE_KNEE);
  salve_treatment_set_param (planned, SALVE_PARAM_INTENSITY_MA, 10);
  salve_treatment_set_param (planned, SALVE_PARAM_MINUTES, 1);
  salve_treatment_acknowledge_all (planned, "Mia");
  g_assert_cmpint (salve_treatment_get_verdict (planned), !=, SALVE_VERDICT_BLOCKED);

  {
    g_autoptr(SalveTreatment) burnt = run_with_skin_check (f, SALVE_SITE_KNEE, SALVE_SKIN_CHECK_DAMAGED);

    salve_test_set_disk_full (TRUE);
    g_assert_false (salve_treatment_close (burnt, &error));
    salve_test_set_disk_full (FALSE);
    g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_SKIN_NOT_MARKED);
    g_clear_error (&error);
    /* The window's way out stores the session's record, not the mark. */
    g_assert_true (salve_treatment_flush (burnt, 1000, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (stored_answers (f).answers[SALVE_CONDITION_BROKEN_SKIN], ==, SALVE_ANSWER_NO);

  /* Planned before the burn: the start reads the checklist again. */
  g_assert_false (salve_treatment_start (planned, &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_BLOCKED);
  g_clear_error (&error);
  answers = stored_answers (f);
  g_assert_cmpint (answers.answers[SALVE_CONDITION_BROKEN_SKIN], ==, SALVE_ANSWER_YES);
  g_assert_cmpint (answers.sites[SALVE_CONDITION_BROKEN_SKIN], ==, SALVE_SITE_KNEE);

  /* Back to what it was, in the database alone: a new plan counts it too. */
  g_assert_true (salve_db_exec (f->db, "UPDATE profile_conditions SET answer = 'no', site = NULL "
                                       "WHERE condition = 'broken-skin'", &error));
  g_assert_true (salve_db_exec (f->db, sql, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tens_verdict_at (f, SALVE_SITE_KNEE), ==, SALVE_VERDICT_BLOCKED);
  g_assert_cmpint (tens_verdict_at (f, SALVE_SITE_WRIST), !=, SALVE_VERDICT_BLOCKED);

  /* Healed, answered after the session. */
  answer (f, SALVE_CONDITION_BROKEN_SKIN, SALVE_ANSWER_NO);
  g_assert_cmpint (tens_verdict_at (f, SALVE_SITE_KNEE), !=, SALVE_VERDICT_BLOCKED);
}

/* The runner is held to the treatment's ceiling, for every front end:
 * the person's mA ceiling for TENS, the device's own power for laser. */
static void
test_runner_limit (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SalveDevice) device = salve_device_new ("Laser pen", SALVE_MODALITY_LASER);
  g_autoptr(GError) error = NULL;

  device->max_power_mw = 100;
  answer (f, SALVE_CONDITION_REDUCED_SENSATION, SALVE_ANSWER_YES);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SalveTreatment) treatment = salve_treatment_new (f->db, f->profile,
                                                                 i == 0 ? SALVE_MODALITY_LASER : SALVE_MODALITY_TENS);
      double limit = i == 0 ? 100 : SALVE_REDUCED_SENSATION_CEILING_MA;

      if (i == 0)
        {
          salve_treatment_set_device (treatment, device);
          plan_laser (treatment);
        }
      else
        {
          salve_treatment_set_site (treatment, SALVE_SITE_KNEE);
          salve_treatment_set_param (treatment, SALVE_PARAM_INTENSITY_MA, limit);
          salve_treatment_set_param (treatment, SALVE_PARAM_MINUTES, 1);
        }
      salve_treatment_acknowledge_all (treatment, "Mia");
      g_assert_true (salve_treatment_start (treatment, &error));
      g_assert_no_error (error);
      g_assert_cmpint (salve_treatment_get_step (treatment), ==, SALVE_TREATMENT_STEP_RUNNING);

      g_assert_true (salve_treatment_intensity_up (treatment, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (salve_session_runner_get_intensity_goal (salve_treatment_get_runner (treatment)), ==, limit);

      salve_treatment_stop (treatment);
      run_until_finished (treatment, 5000);
    }
}

/* A time far beyond any limit is a time the safety check blocks, not an
 * overflow that reads as no time at all. */
static void
test_huge_time (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SalveTreatment) tens = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_TENS);
  g_autoptr(SalveTreatment) laser = salve_treatment_new (f->db, f->profile, SALVE_MODALITY_LASER);
  g_autoptr(GError) error = NULL;

  salve_treatment_set_site (tens, SALVE_SITE_KNEE);
  salve_treatment_set_param (tens, SALVE_PARAM_INTENSITY_MA, 10);
  salve_treatment_set_param (tens, SALVE_PARAM_MINUTES, 1e17);
  g_assert_cmpint (salve_treatment_get_planned_ms (tens), >, 0);
  g_assert_cmpint (salve_treatment_get_verdict (tens), ==, SALVE_VERDICT_BLOCKED);
  g_assert_false (salve_treatment_start (tens, &error));
  g_assert_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_BLOCKED);
  g_clear_error (&error);

  salve_treatment_set_site (laser, SALVE_SITE_ELBOW);
  salve_treatment_set_param (laser, SALVE_PARAM_POWER_MW, 1e-300);
  salve_treatment_set_param (laser, SALVE_PARAM_DOSE_J, 50);
  salve_treatment_set_param (laser, SALVE_PARAM_POINTS, 50);
  g_assert_cmpint (salve_treatment_get_planned_ms (laser), >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/treatment/ceiling", test_ceiling);
  ADD ("/treatment/preset-clamped-to-ceiling", test_preset_clamped);
  ADD ("/treatment/preset-device-power", test_preset_device_power);
  ADD ("/treatment/acknowledgements", test_acknowledgements);
  ADD ("/treatment/unreadable-laser-count", test_unreadable_laser_count);
  ADD ("/treatment/manual-laser", test_manual_laser);
  ADD ("/treatment/blocked", test_blocked);
  ADD ("/treatment/answers-read-at-start", test_answers_read_at_start);
  ADD ("/treatment/numbness-read-at-start", test_numbness_read_at_start);
  ADD ("/treatment/numbness-in-limb", test_numbness_in_limb);
  ADD ("/treatment/numbness-as-reduced-sensation", test_numbness_as_reduced_sensation);
  ADD ("/treatment/no-answer", test_no_answer);
  ADD ("/treatment/simulated", test_simulated);
  ADD ("/treatment/dropped-while-running", test_dropped_while_running);
  g_test_add_func ("/treatment/not-recorded", test_not_recorded);
  ADD ("/treatment/site-verdicts", test_site_verdicts);
  ADD ("/treatment/save-program", test_save_program);
  ADD ("/treatment/suspend", test_suspend);
  ADD ("/treatment/busy-database", test_busy_database);
  ADD ("/treatment/huge-time", test_huge_time);
  ADD ("/treatment/unacknowledge", test_unacknowledge);
  ADD ("/treatment/change-modality", test_change_modality);
  ADD ("/treatment/close-twice-pending", test_close_twice_pending);
  ADD ("/treatment/close-again-after-refusal", test_close_again_after_refusal);
  ADD ("/treatment/start-refused", test_start_refused);
  ADD ("/treatment/one-running-per-person", test_one_running_per_person);
  ADD ("/treatment/one-starting-per-person", test_one_starting_per_person);
  ADD ("/treatment/damaged-skin-marked", test_damaged_skin_marked);
  ADD ("/treatment/damaged-skin-refused", test_damaged_skin_refused);
  ADD ("/treatment/damaged-skin-unmarked", test_damaged_skin_unmarked);
  ADD ("/treatment/simulator-missing", test_simulator_missing);
  ADD ("/treatment/runner-limit", test_runner_limit);

  return g_test_run ();
}
