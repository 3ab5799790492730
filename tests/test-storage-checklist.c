/* test-storage-checklist.c: checklist answers, sign-offs and devices
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "salve-condition-repo.h"
#include "salve-device-repo.h"
#include "salve-profile-repo.h"
#include "salve-signoff-repo.h"
#include "salve-test-util.h"

typedef struct
{
  char    *dir;
  SalveDb *db;
  gint64   profile_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SalveProfile) profile = NULL;

  f->dir = salve_test_make_tmpdir ();
  path = g_build_filename (f->dir, "salve.db", NULL);
  f->db = salve_db_open (path, &error);
  g_assert_no_error (error);
  profile = salve_profile_repo_add (f->db, "Anneke", &error);
  g_assert_no_error (error);
  f->profile_id = salve_profile_get_id (profile);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  salve_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
test_conditions_unanswered_are_unknown (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SalveProfileAnswers answers;

  g_assert_true (salve_condition_repo_load (f->db, f->profile_id, &answers, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < SALVE_N_CONDITIONS; i++)
    {
      g_assert_cmpint (answers.answers[i], ==, SALVE_ANSWER_UNKNOWN);
      g_assert_false (answers.answered[i]);
    }
  g_assert_true (isnan (answers.intensity_ceiling_ma));

  /* "Not sure" is an unknown someone chose. */
  g_assert_true (salve_condition_repo_set (f->db, f->profile_id, SALVE_CONDITION_EPILEPSY,
                                           SALVE_ANSWER_UNKNOWN, SALVE_N_SITES, "Marieke", &error));
  g_assert_true (salve_condition_repo_load (f->db, f->profile_id, &answers, &error));
  g_assert_cmpint (answers.answers[SALVE_CONDITION_EPILEPSY], ==, SALVE_ANSWER_UNKNOWN);
  g_assert_true (answers.answered[SALVE_CONDITION_EPILEPSY]);
  g_assert_false (answers.answered[SALVE_CONDITION_PACEMAKER]);
}

static void
test_conditions_set_and_replace (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  SalveConditionAnswer *row;
  SalveProfileAnswers answers;

  g_assert_true (salve_condition_repo_set (f->db, f->profile_id, SALVE_CONDITION_PREGNANCY,
                                           SALVE_ANSWER_YES, SALVE_N_SITES, "Marieke", &error));
  g_assert_true (salve_condition_repo_set (f->db, f->profile_id, SALVE_CONDITION_MALIGNANCY,
                                           SALVE_ANSWER_YES, SALVE_SITE_KNEE, "Marieke", &error));
  g_assert_true (salve_condition_repo_set (f->db, f->profile_id, SALVE_CONDITION_PACEMAKER,
                                           SALVE_ANSWER_NO, SALVE_N_SITES, "", &error));
  /* A second answer replaces the first: the newest is what counts. */
  g_assert_true (salve_condition_repo_set (f->db, f->profile_id, SALVE_CONDITION_PREGNANCY,
                                           SALVE_ANSWER_NO, SALVE_N_SITES, "Dr. Jansen", &error));
  g_assert_no_error (error);

  list = salve_condition_repo_list (f->db, f->profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  row = g_ptr_array_index (list, 0);
  g_assert_cmpint (row->condition, ==, SALVE_CONDITION_PACEMAKER);
  row = g_ptr_array_index (list, 1);
  g_assert_cmpint (row->condition, ==, SALVE_CONDITION_PREGNANCY);
  g_assert_cmpint (row->answer, ==, SALVE_ANSWER_NO);
  g_assert_cmpstr (row->answered_by, ==, "Dr. Jansen");
  g_assert_nonnull (strchr (row->answered_at, 'T'));

  g_assert_true (salve_condition_repo_set_ceiling (f->db, f->profile_id, 15, &error));
  g_assert_true (salve_condition_repo_load (f->db, f->profile_id, &answers, &error));
  g_assert_no_error (error);
  g_assert_cmpint (answers.answers[SALVE_CONDITION_PREGNANCY], ==, SALVE_ANSWER_NO);
  g_assert_cmpint (answers.answers[SALVE_CONDITION_MALIGNANCY], ==, SALVE_ANSWER_YES);
  g_assert_cmpint (answers.sites[SALVE_CONDITION_MALIGNANCY], ==, SALVE_SITE_KNEE);
  g_assert_cmpint (answers.answers[SALVE_CONDITION_EPILEPSY], ==, SALVE_ANSWER_UNKNOWN);
  g_assert_cmpfloat (answers.intensity_ceiling_ma, ==, 15);

  g_assert_true (salve_condition_repo_set_ceiling (f->db, f->profile_id, NAN, &error));
  g_assert_true (salve_condition_repo_load (f->db, f->profile_id, &answers, &error));
  g_assert_true (isnan (answers.intensity_ceiling_ma));
}

static void
test_conditions_missing_profile (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SalveProfileAnswers answers;

  g_assert_false (salve_condition_repo_set (f->db, 999, SALVE_CONDITION_PREGNANCY,
                                            SALVE_ANSWER_YES, SALVE_N_SITES, "", &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (salve_condition_repo_load (f->db, 999, &answers, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
}

static void
test_signoffs_keep_answers_as_they_were (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSignoff) first = NULL;
  g_autoptr(SalveSignoff) second = NULL;
  g_autoptr(GPtrArray) list = NULL;
  SalveProfileAnswers answers;
  SalveSignoff *oldest;

  salve_condition_repo_set (f->db, f->profile_id, SALVE_CONDITION_PREGNANCY,
                            SALVE_ANSWER_YES, SALVE_N_SITES, "Marieke", &error);
  salve_condition_repo_load (f->db, f->profile_id, &answers, &error);
  first = salve_signoff_repo_add (f->db, f->profile_id, "  Marieke  ", &answers, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->signed_by, ==, "Marieke");

  /* The answers change afterwards; the sign-off must not. */
  salve_condition_repo_set (f->db, f->profile_id, SALVE_CONDITION_PREGNANCY,
                            SALVE_ANSWER_NO, SALVE_N_SITES, "Marieke", &error);
  salve_condition_repo_load (f->db, f->profile_id, &answers, &error);
  second = salve_signoff_repo_add (f->db, f->profile_id, "Joost", &answers, &error);
  g_assert_no_error (error);

  list = salve_signoff_repo_list (f->db, f->profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((SalveSignoff *) g_ptr_array_index (list, 0))->signed_by, ==, "Joost");
  oldest = g_ptr_array_index (list, 1);
  g_assert_cmpstr (oldest->signed_by, ==, "Marieke");
  g_assert_cmpint (oldest->answers.answers[SALVE_CONDITION_PREGNANCY], ==, SALVE_ANSWER_YES);
  g_assert_cmpint (oldest->answers.answers[SALVE_CONDITION_EPILEPSY], ==, SALVE_ANSWER_UNKNOWN);
  g_assert_nonnull (strstr (oldest->answers_json, "\"pregnancy\""));

  g_assert_null (salve_signoff_repo_add (f->db, f->profile_id, "   ", &answers, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT);
}

static void
test_signoffs_count_changes_since (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSignoff) signoff = NULL;
  SalveProfileAnswers answers;

  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    g_assert_true (salve_condition_repo_set (f->db, f->profile_id, c, SALVE_ANSWER_NO, SALVE_N_SITES, "Mark", &error));
  g_assert_true (salve_condition_repo_load (f->db, f->profile_id, &answers, &error));
  signoff = salve_signoff_repo_add (f->db, f->profile_id, "Mark", &answers, &error);
  g_assert_no_error (error);

  /* Unchanged: the sign-off holds. */
  g_assert_cmpuint (salve_signoff_count_changes (signoff, &answers), ==, 0);

  /* A new answer, a local condition moved, a new ceiling: three changes. */
  g_assert_true (salve_condition_repo_set (f->db, f->profile_id, SALVE_CONDITION_PREGNANCY,
                                           SALVE_ANSWER_YES, SALVE_N_SITES, "Anneke", &error));
  g_assert_true (salve_condition_repo_set (f->db, f->profile_id, SALVE_CONDITION_BROKEN_SKIN,
                                           SALVE_ANSWER_NO, SALVE_SITE_KNEE, "Anneke", &error));
  g_assert_true (salve_condition_repo_set_ceiling (f->db, f->profile_id, 15, &error));
  g_assert_true (salve_condition_repo_load (f->db, f->profile_id, &answers, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (salve_signoff_count_changes (signoff, &answers), ==, 3);

  /* Answered back as signed: nothing changed after all. */
  g_assert_true (salve_condition_repo_set (f->db, f->profile_id, SALVE_CONDITION_PREGNANCY,
                                           SALVE_ANSWER_NO, SALVE_N_SITES, "Anneke", &error));
  g_assert_true (salve_condition_repo_set (f->db, f->profile_id, SALVE_CONDITION_BROKEN_SKIN,
                                           SALVE_ANSWER_NO, SALVE_N_SITES, "Anneke", &error));
  g_assert_true (salve_condition_repo_set_ceiling (f->db, f->profile_id, NAN, &error));
  g_assert_true (salve_condition_repo_load (f->db, f->profile_id, &answers, &error));
  g_assert_cmpuint (salve_signoff_count_changes (signoff, &answers), ==, 0);
}

/* "Not sure" given to a question nobody had answered when the carer
 * signed is a change; an unknown of a sign-off saved before Salve kept
 * who chose it could have been either, and is not counted. */
static void
test_signoffs_not_sure_since (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSignoff) signoff = NULL;
  g_autoptr(SalveSignoff) not_sure = NULL;
  g_autoptr(GPtrArray) list = NULL;
  SalveProfileAnswers answers;
  const SalveSignoff *old;

  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    if (c != SALVE_CONDITION_EPILEPSY)
      g_assert_true (salve_condition_repo_set (f->db, f->profile_id, c, SALVE_ANSWER_NO, SALVE_N_SITES, "Mark", &error));
  g_assert_true (salve_condition_repo_load (f->db, f->profile_id, &answers, &error));
  g_assert_false (answers.answered[SALVE_CONDITION_EPILEPSY]);
  signoff = salve_signoff_repo_add (f->db, f->profile_id, "Mark", &answers, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (signoff->answers_json, "\"epilepsy\":{\"answer\":\"unknown\",\"answered\":false}"));

  g_assert_true (salve_condition_repo_set (f->db, f->profile_id, SALVE_CONDITION_EPILEPSY,
                                           SALVE_ANSWER_UNKNOWN, SALVE_N_SITES, "Anneke", &error));
  g_assert_true (salve_condition_repo_load (f->db, f->profile_id, &answers, &error));
  g_assert_true (answers.answered[SALVE_CONDITION_EPILEPSY]);
  g_assert_cmpuint (salve_signoff_count_changes (signoff, &answers), ==, 1);

  /* Read back, the sign-off still knows the question was open. */
  list = salve_signoff_repo_list (f->db, f->profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (((SalveSignoff *) g_ptr_array_index (list, 0))->answered_known[SALVE_CONDITION_EPILEPSY]);
  g_assert_cmpuint (salve_signoff_count_changes (g_ptr_array_index (list, 0), &answers), ==, 1);

  /* Signed again with "Not sure": that holds. */
  not_sure = salve_signoff_repo_add (f->db, f->profile_id, "Anneke", &answers, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (salve_signoff_count_changes (not_sure, &answers), ==, 0);

  /* A sign-off as saved before: an unknown without "answered". */
  g_assert_true (salve_db_exec (f->db,
                                "INSERT INTO checklist_signoffs (profile_id, signed_by, signed_at, answers_json)"
                                " SELECT profile_id, 'Joost', '2026-01-01T09:00:00+01:00',"
                                "   replace(answers_json, '\"answered\":true', '\"x\":0')"
                                " FROM checklist_signoffs WHERE signed_by = 'Anneke'", &error));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = salve_signoff_repo_list (f->db, f->profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  old = g_ptr_array_index (list, 2);
  g_assert_cmpstr (old->signed_by, ==, "Joost");
  g_assert_false (old->answered_known[SALVE_CONDITION_EPILEPSY]);
  g_assert_true (old->answered_known[SALVE_CONDITION_PREGNANCY]);
  g_assert_cmpuint (salve_signoff_count_changes (old, &answers), ==, 0);
  /* A real answer since is a change, as it always was. */
  g_assert_true (salve_condition_repo_set (f->db, f->profile_id, SALVE_CONDITION_EPILEPSY,
                                           SALVE_ANSWER_NO, SALVE_N_SITES, "Anneke", &error));
  g_assert_true (salve_condition_repo_load (f->db, f->profile_id, &answers, &error));
  g_assert_cmpuint (salve_signoff_count_changes (old, &answers), ==, 1);
}

static void
test_devices_add_update_remove_undo (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDevice) tens = salve_device_new ("Sanitas SEM 43", SALVE_MODALITY_TENS);
  g_autoptr(SalveDevice) laser = salve_device_new ("Personal Laser L400", SALVE_MODALITY_LASER);
  g_autoptr(SalveDevice) loaded = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) undone = NULL;

  tens->max_intensity_ma = 40;
  tens->electrode_cm2 = 25;
  tens->connection = (g_free (tens->connection), g_strdup ("/dev/ttyUSB0"));
  laser->max_power_mw = 400;
  laser->beam_cm2 = 0.5;
  laser->wavelength_nm = 808;

  g_assert_true (salve_device_repo_add (f->db, tens, &error));
  g_assert_true (salve_device_repo_add (f->db, laser, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tens->id, >, 0);
  g_assert_nonnull (tens->created_at);

  loaded = salve_device_repo_get (f->db, laser->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->modality, ==, SALVE_MODALITY_LASER);
  g_assert_cmpfloat (loaded->max_power_mw, ==, 400);
  g_assert_cmpfloat (loaded->beam_cm2, ==, 0.5);
  g_assert_true (isnan (loaded->max_intensity_ma));
  g_assert_true (salve_device_is_manual (loaded));
  g_assert_null (loaded->removed_at);

  tens->max_intensity_ma = 30;
  g_assert_true (salve_device_repo_update (f->db, tens, &error));
  g_clear_pointer (&loaded, salve_device_free);
  loaded = salve_device_repo_find_by_name (f->db, "sanitas sem 43", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (loaded->max_intensity_ma, ==, 30);
  g_assert_cmpstr (loaded->connection, ==, "/dev/ttyUSB0");
  g_assert_false (salve_device_is_manual (loaded));

  list = salve_device_repo_list (f->db, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((SalveDevice *) g_ptr_array_index (list, 0))->name, ==, "Personal Laser L400");

  /* Removing hides the device but keeps it, so Undo can bring it back. */
  g_assert_true (salve_device_repo_remove (f->db, tens->id, &error));
  after = salve_device_repo_list (f->db, &error);
  g_assert_cmpuint (after->len, ==, 1);
  g_clear_pointer (&loaded, salve_device_free);
  loaded = salve_device_repo_get (f->db, tens->id, &error);
  g_assert_nonnull (loaded->removed_at);
  g_assert_true (salve_device_repo_restore (f->db, tens->id, NULL, &error));
  undone = salve_device_repo_list (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (undone->len, ==, 2);

  g_assert_false (salve_device_repo_remove (f->db, 4242, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
}

static void
test_devices_need_a_name (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDevice) device = salve_device_new ("  ", SALVE_MODALITY_PEMF);

  g_assert_false (salve_device_repo_add (f->db, device, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT);
}

static void
test_device_limits_reach_the_plan (void)
{
  g_autoptr(SalveDevice) tens = salve_device_new ("Sanitas", SALVE_MODALITY_TENS);
  g_autoptr(GPtrArray) findings = NULL;
  SalvePlan plan;

  tens->max_intensity_ma = 30;
  tens->electrode_cm2 = 4;
  salve_plan_init (&plan, SALVE_MODALITY_TENS, SALVE_SITE_KNEE);
  salve_plan_set (&plan, SALVE_PARAM_INTENSITY_MA, 35);
  salve_device_apply_to_plan (tens, &plan);
  g_assert_true (salve_plan_is_set (&plan, SALVE_PARAM_ELECTRODE_CM2));

  findings = salve_rules_check (&plan, NULL);
  salve_plan_clear (&plan);
  g_assert_cmpint (salve_findings_get_verdict (findings), ==, SALVE_VERDICT_BLOCKED);
  g_assert_cmpstr (((SalveFinding *) g_ptr_array_index (findings, 0))->rule_id, ==, "device-limit-intensity-ma");
  g_assert_nonnull (strstr (((SalveFinding *) g_ptr_array_index (findings, 0))->reason, "Sanitas"));
}

/* A device's name is at most 120 characters, as a patient's: one of
 * 10,000 filled the Devices view and the session's device step. */
static void
test_device_name_length (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *long_name = g_strnfill (121, 'x');
  g_autofree char *most = NULL;
  g_autoptr(SalveDevice) too_long = salve_device_new (long_name, SALVE_MODALITY_TENS);
  g_autoptr(SalveDevice) fits = NULL;
  g_autoptr(GError) error = NULL;
  GString *accented = g_string_new (NULL);

  g_assert_false (salve_device_repo_add (f->db, too_long, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "at most 120 characters"));
  g_clear_error (&error);

  /* Characters, not bytes. */
  for (guint i = 0; i < 120; i++)
    g_string_append (accented, "é");
  most = g_string_free (accented, FALSE);
  fits = salve_device_new (most, SALVE_MODALITY_TENS);
  g_assert_true (salve_device_repo_add (f->db, fits, &error));
  g_assert_no_error (error);
}

/* One device a name, ignoring case, as --device finds it: with two
 * "My TENS" the check took the first one's limits, whichever was meant,
 * and removing one left the other without a word (an outside look). */
static void
test_device_name_taken (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SalveDevice) first = salve_device_new ("My TENS", SALVE_MODALITY_TENS);
  g_autoptr(SalveDevice) same = salve_device_new ("my tens", SALVE_MODALITY_TENS);
  g_autoptr(SalveDevice) other = salve_device_new ("Laser", SALVE_MODALITY_LASER);
  g_autoptr(GError) error = NULL;

  first->max_intensity_ma = 40;
  g_assert_true (salve_device_repo_add (f->db, first, &error));
  g_assert_no_error (error);
  g_assert_false (salve_device_repo_add (f->db, same, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS);
  g_clear_error (&error);

  /* Nor renamed onto it; its own name kept is no clash. */
  g_assert_true (salve_device_repo_add (f->db, other, &error));
  g_free (other->name);
  other->name = g_strdup ("MY TENS");
  g_assert_false (salve_device_repo_update (f->db, other, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS);
  g_clear_error (&error);
  first->max_intensity_ma = 30;
  g_assert_true (salve_device_repo_update (f->db, first, &error));
  g_assert_no_error (error);

  /* Removed, its name is free. */
  g_assert_true (salve_device_repo_remove (f->db, first->id, &error));
  g_assert_no_error (error);
  g_assert_true (salve_device_repo_add (f->db, same, &error));
  g_assert_no_error (error);
}

/* Undo of a removal after a device of that name (ignoring case) was
 * added: it came back beside it, two devices of one name, the very thing
 * the name check keeps out (--device took whichever came first). It
 * comes back under a free name now, and says which; the other keeps its
 * name, and salvectl's --device finds that one. */
static void
test_device_undo_name_taken (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(SalveDevice) first = salve_device_new ("My TENS", SALVE_MODALITY_TENS);
  g_autoptr(SalveDevice) same = salve_device_new ("my tens", SALVE_MODALITY_TENS);
  g_autofree char *long_name = g_strnfill (120, 'x');
  g_autofree char *long_upper = g_strnfill (120, 'X');
  g_autoptr(SalveDevice) longest = salve_device_new (long_name, SALVE_MODALITY_PEMF);
  g_autoptr(SalveDevice) longest_again = salve_device_new (long_upper, SALVE_MODALITY_PEMF);
  g_autoptr(SalveDevice) back = NULL;
  g_autoptr(SalveDevice) found = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *renamed_to = NULL;

  first->max_intensity_ma = 40;
  g_assert_true (salve_device_repo_add (f->db, first, &error));
  g_assert_true (salve_device_repo_remove (f->db, first->id, &error));
  g_assert_true (salve_device_repo_add (f->db, same, &error));
  g_assert_no_error (error);

  g_assert_true (salve_device_repo_restore (f->db, first->id, &renamed_to, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (renamed_to, ==, "My TENS (2)");
  back = salve_device_repo_get (f->db, first->id, &error);
  g_assert_cmpstr (back->name, ==, "My TENS (2)");
  g_assert_null (back->removed_at);
  g_assert_cmpfloat (back->max_intensity_ma, ==, 40);
  list = salve_device_repo_list (f->db, &error);
  g_assert_cmpuint (list->len, ==, 2);
  found = salve_device_repo_find_by_name (f->db, " MY TENS ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, same->id);
  g_clear_pointer (&renamed_to, g_free);

  /* A name at the longest is cut short to make room for the number. */
  g_assert_true (salve_device_repo_add (f->db, longest, &error));
  g_assert_true (salve_device_repo_remove (f->db, longest->id, &error));
  g_assert_true (salve_device_repo_add (f->db, longest_again, &error));
  g_assert_true (salve_device_repo_restore (f->db, longest->id, &renamed_to, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_utf8_strlen (renamed_to, -1), ==, 120);
  g_assert_true (g_str_has_suffix (renamed_to, "xxx (2)"));
  g_clear_pointer (&renamed_to, g_free);

  /* With its name free it comes back as it was, and says nothing. */
  g_assert_true (salve_device_repo_remove (f->db, same->id, &error));
  g_assert_true (salve_device_repo_restore (f->db, same->id, &renamed_to, &error));
  g_assert_no_error (error);
  g_assert_null (renamed_to);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/storage/conditions/unanswered-are-unknown", test_conditions_unanswered_are_unknown);
  ADD ("/storage/devices/name-length", test_device_name_length);
  ADD ("/storage/devices/name-taken", test_device_name_taken);
  ADD ("/storage/devices/undo-name-taken", test_device_undo_name_taken);
  ADD ("/storage/conditions/set-and-replace", test_conditions_set_and_replace);
  ADD ("/storage/conditions/missing-profile", test_conditions_missing_profile);
  ADD ("/storage/signoffs/answers-as-they-were", test_signoffs_keep_answers_as_they_were);
  ADD ("/storage/signoffs/count-changes-since", test_signoffs_count_changes_since);
  ADD ("/storage/signoffs/not-sure-since", test_signoffs_not_sure_since);
  ADD ("/storage/devices/add-update-remove-undo", test_devices_add_update_remove_undo);
  ADD ("/storage/devices/need-a-name", test_devices_need_a_name);
  g_test_add_func ("/storage/devices/limits-reach-the-plan", test_device_limits_reach_the_plan);

#undef ADD

  return g_test_run ();
}
