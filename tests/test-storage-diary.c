/* test-storage-diary.c: the diary_entries repository
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "salve-body-region.h"
#include "salve-care-plan-repo.h"
#include "salve-db.h"
#include "salve-diary-repo.h"
#include "salve-profile-repo.h"
#include "salve-patient-summary.h"
#include "salve-session-repo.h"
#include "salve-test-util.h"

typedef struct
{
  char    *dir;
  SalveDb *db;
  gint64   profile_id;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveProfile) profile = NULL;
  g_autofree char *path = NULL;

  f->dir = salve_test_make_tmpdir ();
  path = g_build_filename (f->dir, "salve.db", NULL);
  f->db = salve_db_open (path, &error);
  g_assert_no_error (error);
  profile = salve_profile_repo_add (f->db, "Anna", &error);
  g_assert_no_error (error);
  f->profile_id = salve_profile_get_id (profile);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->db);
  salve_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* An entry at @at rated @pain, in @region unless NULL. */
static SalveDiaryEntry *
add_entry_in_region (Fixture    *f,
                     const char *at,
                     int         pain,
                     const char *region)
{
  g_autoptr(GError) error = NULL;
  SalveDiaryEntry *entry = salve_diary_entry_new (f->profile_id);

  g_assert_true (salve_diary_entry_set_at_iso (entry, at, &error));
  salve_diary_entry_set_pain (entry, pain);
  if (region != NULL)
    salve_diary_entry_set_region (entry, region);
  g_assert_true (salve_diary_repo_add (f->db, entry, &error));
  g_assert_no_error (error);
  g_assert_cmpint (salve_diary_entry_get_id (entry), >, 0);

  return entry;
}

static SalveDiaryEntry *
add_entry (Fixture    *f,
           const char *at,
           int         pain)
{
  return add_entry_in_region (f, at, pain, NULL);
}

static void
test_round_trip_keeps_every_field (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (f->profile_id);
  g_autoptr(SalveDiaryEntry) back = NULL;
  GString *long_note = g_string_new (NULL);

  /* Notes have no length limit: 100 000 characters come back whole. */
  for (int i = 0; i < 10000; i++)
    g_string_append (long_note, "pijn, moe ");

  g_assert_true (salve_diary_entry_set_at_iso (entry, "2026-03-29T09:30:00+02:00", &error));
  salve_diary_entry_set_pain (entry, 7);
  salve_diary_entry_set_region (entry, "shoulder");
  salve_diary_entry_set_fatigue (entry, 6);
  salve_diary_entry_set_activities (entry, "walk 20 min");
  salve_diary_entry_set_note (entry, long_note->str);
  salve_diary_entry_set_success (entry, TRUE);
  g_assert_true (salve_diary_repo_add (f->db, entry, &error));
  g_assert_no_error (error);

  back = salve_diary_repo_get (f->db, salve_diary_entry_get_id (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (salve_diary_entry_get_at_iso (back), ==, "2026-03-29T09:30:00+02:00");
  g_assert_cmpint (salve_diary_entry_get_at_unix (back), ==, salve_diary_entry_get_at_unix (entry));
  g_assert_cmpint (salve_diary_entry_get_pain (back), ==, 7);
  g_assert_cmpstr (salve_diary_entry_get_region (back), ==, "shoulder");
  g_assert_cmpint (salve_diary_entry_get_fatigue (back), ==, 6);
  g_assert_cmpint (salve_diary_entry_get_sleep_quality (back), ==, SALVE_DIARY_UNRATED);
  g_assert_cmpstr (salve_diary_entry_get_activities (back), ==, "walk 20 min");
  g_assert_cmpuint (strlen (salve_diary_entry_get_note (back)), ==, long_note->len);
  g_assert_true (salve_diary_entry_get_success (back));
  g_assert_cmpint (salve_diary_entry_get_session_id (back), ==, 0);

  g_string_free (long_note, TRUE);
}

/* Stress, optional like fatigue: stored, read back by get, list and the
 * chart's points, changed by an update, cleared to "not rated", and
 * refused out of 0–10. */
static void
test_stress_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDiaryEntry) entry = add_entry (f, "2026-01-05T08:00:00+01:00", 6);
  g_autoptr(SalveDiaryEntry) rated = salve_diary_entry_new (f->profile_id);
  g_autoptr(SalveDiaryEntry) back = NULL;
  g_autoptr(SalveDiaryEntry) copy = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GArray) points = NULL;
  SalveDiaryPoint point;

  /* Not rated by default, and stored as not rated. */
  g_assert_cmpint (salve_diary_entry_get_stress (entry), ==, SALVE_DIARY_UNRATED);
  back = salve_diary_repo_get (f->db, salve_diary_entry_get_id (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_diary_entry_get_stress (back), ==, SALVE_DIARY_UNRATED);
  g_clear_object (&back);

  g_assert_true (salve_diary_entry_set_at_iso (rated, "2026-01-05T20:00:00+01:00", &error));
  salve_diary_entry_set_pain (rated, 4);
  salve_diary_entry_set_fatigue (rated, 3);
  salve_diary_entry_set_sleep_quality (rated, 2);
  salve_diary_entry_set_stress (rated, 8);
  copy = salve_diary_entry_copy (rated);
  g_assert_cmpint (salve_diary_entry_get_stress (copy), ==, 8);
  salve_diary_entry_to_point (rated, &point);
  g_assert_cmpint (point.stress, ==, 8);
  g_assert_true (salve_diary_repo_add (f->db, rated, &error));
  g_assert_no_error (error);

  back = salve_diary_repo_get (f->db, salve_diary_entry_get_id (rated), &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_diary_entry_get_stress (back), ==, 8);
  g_assert_cmpint (salve_diary_entry_get_fatigue (back), ==, 3);
  g_assert_cmpint (salve_diary_entry_get_sleep_quality (back), ==, 2);
  g_clear_object (&back);

  list = salve_diary_repo_list (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (salve_diary_entry_get_stress (g_ptr_array_index (list, 0)), ==, SALVE_DIARY_UNRATED);
  g_assert_cmpint (salve_diary_entry_get_stress (g_ptr_array_index (list, 1)), ==, 8);

  points = salve_diary_repo_list_points (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                         SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 2);
  g_assert_cmpint (g_array_index (points, SalveDiaryPoint, 0).stress, ==, SALVE_DIARY_UNRATED);
  g_assert_cmpint (g_array_index (points, SalveDiaryPoint, 1).stress, ==, 8);
  g_assert_cmpint (g_array_index (points, SalveDiaryPoint, 1).fatigue, ==, 3);

  /* 0 is a rating, not "not rated"; an update can clear it again. */
  salve_diary_entry_set_stress (rated, 0);
  g_assert_true (salve_diary_repo_update (f->db, rated, &error));
  g_assert_no_error (error);
  back = salve_diary_repo_get (f->db, salve_diary_entry_get_id (rated), &error);
  g_assert_cmpint (salve_diary_entry_get_stress (back), ==, 0);
  g_clear_object (&back);
  salve_diary_entry_set_stress (rated, SALVE_DIARY_UNRATED);
  g_assert_true (salve_diary_repo_update (f->db, rated, &error));
  back = salve_diary_repo_get (f->db, salve_diary_entry_get_id (rated), &error);
  g_assert_cmpint (salve_diary_entry_get_stress (back), ==, SALVE_DIARY_UNRATED);
  g_clear_object (&back);

  salve_diary_entry_set_stress (rated, 11);
  g_assert_false (salve_diary_repo_update (f->db, rated, &error));
  g_assert_error (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Stress"));
  g_clear_error (&error);

  /* The table refuses it too, whoever writes. */
  g_assert_false (salve_db_exec (f->db, "UPDATE diary_entries SET stress = 11", &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT);
}

/* A diary records what has happened: a day of grace for clocks and time
 * zones, not a year ahead (a mistyped one drew the chart into the future
 * and counted there for "the past 7 days"). */
static void
test_future_is_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (f->profile_id);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) soon = g_date_time_add_hours (now, 20);
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 25);
  g_autoptr(GDateTime) next_year = g_date_time_add_years (now, 1);

  salve_diary_entry_set_pain (entry, 4);
  salve_diary_entry_set_at (entry, next_year);
  g_assert_false (salve_diary_repo_add (f->db, entry, &error));
  g_assert_error (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_FUTURE);
  g_clear_error (&error);
  salve_diary_entry_set_at (entry, later);
  g_assert_false (salve_diary_repo_add (f->db, entry, &error));
  g_assert_error (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_FUTURE);
  g_clear_error (&error);
  g_assert_cmpint (salve_diary_repo_count (f->db, f->profile_id, NULL), ==, 0);

  salve_diary_entry_set_at (entry, soon);
  g_assert_true (salve_diary_repo_add (f->db, entry, &error));
  g_assert_no_error (error);

  /* Nor can an edit move it there. */
  salve_diary_entry_set_at (entry, next_year);
  g_assert_false (salve_diary_repo_update (f->db, entry, &error));
  g_assert_error (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_FUTURE);
  g_clear_error (&error);
  {
    g_autoptr(SalveDiaryEntry) back = salve_diary_repo_get (f->db, salve_diary_entry_get_id (entry), &error);

    g_assert_no_error (error);
    g_assert_cmpint (salve_diary_entry_get_at_unix (back), ==, g_date_time_to_unix (soon));
  }

  /* One stored a year ahead before (an older Salve, a rating kept while
   * the clock was set back) is written back as it was: Undo of its
   * delete must not lose it. */
  {
    g_autoptr(SalveDiaryEntry) ahead = salve_diary_entry_new (f->profile_id);
    gint64 id;

    salve_diary_entry_set_pain (ahead, 5);
    salve_diary_entry_set_at (ahead, next_year);
    g_assert_true (salve_diary_repo_add_recorded (f->db, ahead, &error));
    g_assert_no_error (error);
    id = salve_diary_entry_get_id (ahead);
    g_assert_true (salve_diary_repo_delete (f->db, id, &error));
    g_assert_true (salve_diary_repo_restore (f->db, ahead, &error));
    g_assert_no_error (error);
    g_assert_cmpint (salve_diary_entry_get_id (ahead), ==, id);
    g_assert_cmpint (salve_diary_repo_count (f->db, f->profile_id, NULL), ==, 2);
  }
}

static void
test_invalid_pain_is_refused (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (f->profile_id);

  salve_diary_entry_set_pain (entry, 11);
  g_assert_false (salve_diary_repo_add (f->db, entry, &error));
  g_assert_error (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_INVALID);
  g_assert_cmpint (salve_diary_repo_count (f->db, f->profile_id, NULL), ==, 0);
}

static void
test_update_delete_and_undo (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDiaryEntry) first = add_entry (f, "2026-01-05T08:00:00+01:00", 6);
  g_autoptr(SalveDiaryEntry) second = add_entry (f, "2026-01-05T20:00:00+01:00", 4);
  g_autoptr(SalveDiaryEntry) back = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 id = salve_diary_entry_get_id (first);

  salve_diary_entry_set_pain (first, 5);
  salve_diary_entry_set_note (first, "better after a walk");
  g_assert_true (salve_diary_repo_update (f->db, first, &error));
  g_assert_no_error (error);
  back = salve_diary_repo_get (f->db, id, &error);
  g_assert_cmpint (salve_diary_entry_get_pain (back), ==, 5);
  g_assert_cmpstr (salve_diary_entry_get_note (back), ==, "better after a walk");

  g_assert_true (salve_diary_repo_delete (f->db, id, &error));
  g_assert_null (salve_diary_repo_get (f->db, id, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (salve_diary_repo_delete (f->db, id, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Undo puts it back under the same id and in the same place. */
  g_assert_true (salve_diary_repo_restore (f->db, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (salve_diary_entry_get_id (first), ==, id);
  list = salve_diary_repo_list (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (salve_diary_entry_get_id (g_ptr_array_index (list, 0)), ==, id);
  g_assert_cmpint (salve_diary_entry_get_id (g_ptr_array_index (list, 1)), ==, salve_diary_entry_get_id (second));
  g_assert_cmpstr (salve_diary_entry_get_note (g_ptr_array_index (list, 0)), ==, "better after a walk");
}

static void
test_list_range_and_points (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GDateTime) from = g_date_time_new_from_iso8601 ("2026-01-06T00:00:00+01:00", NULL);
  g_autoptr(GDateTime) to = g_date_time_new_from_iso8601 ("2026-01-08T00:00:00+01:00", NULL);
  g_autoptr(SalveDiaryEntry) other = salve_diary_entry_new (0);
  g_autoptr(SalveProfile) bob = salve_profile_repo_add (f->db, "Bob", NULL);

  /* Added out of order: the list comes back oldest first. */
  g_object_unref (add_entry (f, "2026-01-07T09:00:00+01:00", 3));
  g_object_unref (add_entry (f, "2026-01-05T09:00:00+01:00", 8));
  g_object_unref (add_entry (f, "2026-01-06T09:00:00+01:00", 5));
  g_object_unref (add_entry (f, "2026-01-08T00:00:00+01:00", 2));

  /* Another person's entry never shows up in Anna's diary. */
  salve_diary_entry_set_profile_id (other, salve_profile_get_id (bob));
  salve_diary_entry_set_at_iso (other, "2026-01-06T10:00:00+01:00", NULL);
  g_assert_true (salve_diary_repo_add (f->db, other, &error));

  list = salve_diary_repo_list (f->db, f->profile_id, g_date_time_to_unix (from),
                                g_date_time_to_unix (to), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (salve_diary_entry_get_pain (g_ptr_array_index (list, 0)), ==, 5);
  g_assert_cmpint (salve_diary_entry_get_pain (g_ptr_array_index (list, 1)), ==, 3);

  points = salve_diary_repo_list_points (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                         SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 4);
  g_assert_cmpint (g_array_index (points, SalveDiaryPoint, 0).pain, ==, 8);
  g_assert_cmpint (g_array_index (points, SalveDiaryPoint, 3).pain, ==, 2);
  g_assert_cmpint (g_array_index (points, SalveDiaryPoint, 0).fatigue, ==, SALVE_DIARY_UNRATED);
  g_assert_cmpint (g_array_index (points, SalveDiaryPoint, 0).modality, ==, -1);
}

static void
test_list_latest (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) latest = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GDateTime) from = g_date_time_new_from_iso8601 ("2026-01-06T00:00:00+01:00", NULL);
  g_autoptr(GDateTime) to = g_date_time_new_from_iso8601 ("2026-01-09T00:00:00+01:00", NULL);

  g_object_unref (add_entry (f, "2026-01-07T09:00:00+01:00", 3));
  g_object_unref (add_entry (f, "2026-01-05T09:00:00+01:00", 8));
  g_object_unref (add_entry (f, "2026-01-06T09:00:00+01:00", 5));
  g_object_unref (add_entry (f, "2026-01-07T09:00:00+01:00", 4));
  g_object_unref (add_entry (f, "2026-01-08T09:00:00+01:00", 2));

  /* The whole range oldest first; two at the same time by id. */
  all = salve_diary_repo_list (f->db, f->profile_id, g_date_time_to_unix (from),
                               g_date_time_to_unix (to), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 4);
  g_assert_cmpint (salve_diary_entry_get_pain (g_ptr_array_index (all, 0)), ==, 5);
  g_assert_cmpint (salve_diary_entry_get_pain (g_ptr_array_index (all, 1)), ==, 3);
  g_assert_cmpint (salve_diary_entry_get_pain (g_ptr_array_index (all, 2)), ==, 4);
  g_assert_cmpint (salve_diary_entry_get_pain (g_ptr_array_index (all, 3)), ==, 2);

  /* The newest three of the same range, newest first. */
  latest = salve_diary_repo_list_latest (f->db, f->profile_id, g_date_time_to_unix (from),
                                         g_date_time_to_unix (to), 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (latest->len, ==, 3);
  g_assert_cmpint (salve_diary_entry_get_pain (g_ptr_array_index (latest, 0)), ==, 2);
  g_assert_cmpint (salve_diary_entry_get_pain (g_ptr_array_index (latest, 1)), ==, 4);
  g_assert_cmpint (salve_diary_entry_get_pain (g_ptr_array_index (latest, 2)), ==, 3);

  /* A limit of 0 is an empty list, not "no limit". */
  none = salve_diary_repo_list_latest (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                       SALVE_DIARY_REPO_ANY_TIME_MAX, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

/* A region's latest entries are its own, however many newer entries of
 * other regions come after them; free text is "other" and no region is
 * a region of its own, as the diary's region choice groups them. */
static void
test_list_latest_in_region (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) neck = NULL;
  g_autoptr(GPtrArray) knee = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autoptr(GPtrArray) none = NULL;
  int neck_code = salve_body_region_to_code ("neck");

  g_assert_cmpint (neck_code, >, 0);
  g_assert_cmpint (salve_body_region_to_code ("knee-left"), >, 0);
  g_object_unref (add_entry_in_region (f, "2026-01-05T09:00:00+01:00", 1, "neck"));
  g_object_unref (add_entry_in_region (f, "2026-01-06T09:00:00+01:00", 2, "neck"));
  g_object_unref (add_entry_in_region (f, "2026-01-07T09:00:00+01:00", 3, "neck"));
  for (int d = 10; d < 20; d++)
    {
      g_autofree char *at = g_strdup_printf ("2026-01-%02dT09:00:00+01:00", d);

      g_object_unref (add_entry_in_region (f, at, 7, "knee-left"));
    }
  g_object_unref (add_entry_in_region (f, "2026-01-21T09:00:00+01:00", 4, "my elbow"));
  g_object_unref (add_entry_in_region (f, "2026-01-22T09:00:00+01:00", 5, ""));

  /* Two of the neck's, newest first, though ten knee entries are newer. */
  neck = salve_diary_repo_list_latest_in_region (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                                 SALVE_DIARY_REPO_ANY_TIME_MAX, neck_code, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (neck->len, ==, 2);
  g_assert_cmpint (salve_diary_entry_get_pain (g_ptr_array_index (neck, 0)), ==, 3);
  g_assert_cmpint (salve_diary_entry_get_pain (g_ptr_array_index (neck, 1)), ==, 2);

  knee = salve_diary_repo_list_latest_in_region (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                                 SALVE_DIARY_REPO_ANY_TIME_MAX,
                                                 salve_body_region_to_code ("knee-left"), 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (knee->len, ==, 10);

  other = salve_diary_repo_list_latest_in_region (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                                  SALVE_DIARY_REPO_ANY_TIME_MAX, SALVE_REGION_CODE_OTHER, 100,
                                                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other->len, ==, 1);
  g_assert_cmpstr (salve_diary_entry_get_region (g_ptr_array_index (other, 0)), ==, "my elbow");

  none = salve_diary_repo_list_latest_in_region (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                                 SALVE_DIARY_REPO_ANY_TIME_MAX, SALVE_REGION_CODE_NONE, 100,
                                                 &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 1);
  g_assert_cmpint (salve_diary_entry_get_pain (g_ptr_array_index (none, 0)), ==, 5);
}

static void
test_session_rating_needs_a_session (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (f->profile_id);
  g_autoptr(GArray) points = NULL;
  gint64 session_id;

  /* Started, with no events: as an imported session is. */
  g_assert_true (salve_db_exec (f->db,
                                "INSERT INTO sessions (profile_id, modality, site, started_at, started_unix)"
                                " VALUES (1, 'tens', 'knee', '2026-03-02T08:30:00+01:00', 1772436600)",
                                &error));
  session_id = salve_db_last_insert_id (f->db);
  salve_diary_entry_set_pain (entry, 6);
  salve_diary_entry_set_session (entry, session_id, SALVE_DIARY_PHASE_BEFORE);
  g_assert_true (salve_diary_repo_add (f->db, entry, &error));
  g_assert_no_error (error);

  points = salve_diary_repo_list_points (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                         SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_cmpuint (points->len, ==, 1);
  g_assert_cmpint (g_array_index (points, SalveDiaryPoint, 0).session_id, ==, session_id);
  g_assert_cmpint (g_array_index (points, SalveDiaryPoint, 0).phase, ==, SALVE_DIARY_PHASE_BEFORE);
  g_assert_cmpint (g_array_index (points, SalveDiaryPoint, 0).modality, ==, 0);
}

/* Issue: year 1 was stored, listed at the current time with an
 * "unreadable time" warning and came back from an export as 2001. Only
 * what Salve reads back is stored. */
static void
test_year_range (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (f->profile_id);
  g_autoptr(GDateTime) year_one = g_date_time_new_utc (1, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) year_1899 = g_date_time_new_utc (1899, 12, 31, 23, 59, 59);
  g_autoptr(GDateTime) year_1900 = g_date_time_new_utc (1900, 1, 1, 0, 0, 0);
  g_autoptr(GPtrArray) list = NULL;

  g_assert_false (salve_diary_entry_set_at_iso (entry, "0001-01-01T00:00:00Z", &error));
  g_assert_error (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_INVALID);
  g_clear_error (&error);

  salve_diary_entry_set_pain (entry, 5);
  salve_diary_entry_set_at (entry, year_one);
  g_assert_false (salve_diary_repo_add (f->db, entry, &error));
  g_assert_error (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "1900"));
  g_clear_error (&error);
  salve_diary_entry_set_at (entry, year_1899);
  g_assert_false (salve_diary_repo_add (f->db, entry, &error));
  g_clear_error (&error);

  salve_diary_entry_set_at (entry, year_1900);
  g_assert_true (salve_diary_repo_add (f->db, entry, &error));
  g_assert_no_error (error);

  list = salve_diary_repo_list (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (salve_diary_entry_get_at_iso (g_ptr_array_index (list, 0)), ==, "1900-01-01T00:00:00+00:00");
}

/* The latest entries of a long range come with their activities, those
 * of entries sharing the oldest one's instant included, and without the
 * activities of the entries left out. */
static void
test_list_latest_activities (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) latest = NULL;
  const char *times[] = { "2026-03-01T09:00:00+01:00", "2026-03-02T09:00:00+01:00",
                          "2026-03-03T09:00:00+01:00", "2026-03-03T09:00:00+01:00" };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(SalveDiaryEntry) entry = add_entry (f, times[i], 4);

      salve_diary_entry_set_activity_minutes (entry, "walking", 10 * (i + 1));
      g_assert_true (salve_diary_repo_update (f->db, entry, &error));
      g_assert_no_error (error);
    }

  latest = salve_diary_repo_list_latest (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                         SALVE_DIARY_REPO_ANY_TIME_MAX, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (latest->len, ==, 3);
  /* Newest first: the two of 3 March (last added first), then 2 March. */
  g_assert_cmpuint (salve_diary_entry_get_activity_minutes (g_ptr_array_index (latest, 0), "walking"), ==, 40);
  g_assert_cmpuint (salve_diary_entry_get_activity_minutes (g_ptr_array_index (latest, 1), "walking"), ==, 30);
  g_assert_cmpuint (salve_diary_entry_get_activity_minutes (g_ptr_array_index (latest, 2), "walking"), ==, 20);
}

/* Every diary_days row against the same counts computed afresh from
 * diary_entries; every row's entries lie within its first and last
 * instant. */
static void
assert_day_counts_match (SalveDb *db)
{
  static const char *sql =
    "SELECT profile_id, substr(at, 1, 10), region,"
    " sum(pain = 0), sum(pain = 1), sum(pain = 2), sum(pain = 3), sum(pain = 4), sum(pain = 5),"
    " sum(pain = 6), sum(pain = 7), sum(pain = 8), sum(pain = 9), sum(pain = 10)"
    " FROM diary_entries WHERE session_id IS NULL GROUP BY 1, 2, 3";
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(SalveStmt) stored = NULL;
  g_autoptr(SalveStmt) outside = NULL;
  guint n_fresh = 0, n_stored = 0;

  stmt = salve_db_prepare (db, sql, &error);
  g_assert_no_error (error);
  while (salve_stmt_step (stmt, NULL))
    {
      g_autoptr(SalveStmt) row = salve_db_prepare (db,
        "SELECT n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10 FROM diary_days"
        " WHERE profile_id = ?1 AND day = ?2 AND region = ?3", &error);

      g_assert_no_error (error);
      g_assert_true (salve_stmt_bind_int64 (row, 1, salve_stmt_get_int64 (stmt, 0), NULL));
      g_assert_true (salve_stmt_bind_text (row, 2, salve_stmt_get_text (stmt, 1), NULL));
      g_assert_true (salve_stmt_bind_text (row, 3, salve_stmt_get_text (stmt, 2), NULL));
      g_assert_true (salve_stmt_step (row, NULL));
      for (int pain = 0; pain <= 10; pain++)
        g_assert_cmpint (salve_stmt_get_int64 (row, pain), ==, salve_stmt_get_int64 (stmt, 3 + pain));
      n_fresh++;
    }

  stored = salve_db_prepare (db, "SELECT count(*) FROM diary_days", &error);
  g_assert_no_error (error);
  g_assert_true (salve_stmt_step (stored, NULL));
  n_stored = (guint) salve_stmt_get_int64 (stored, 0);
  g_assert_cmpuint (n_stored, ==, n_fresh);

  outside = salve_db_prepare (db,
    "SELECT count(*) FROM diary_entries e JOIN diary_days d"
    " ON d.profile_id = e.profile_id AND d.day = substr(e.at, 1, 10) AND d.region = e.region"
    " WHERE e.session_id IS NULL AND (e.at_unix < d.first_unix OR e.at_unix > d.last_unix)", &error);
  g_assert_no_error (error);
  g_assert_true (salve_stmt_step (outside, NULL));
  g_assert_cmpint (salve_stmt_get_int64 (outside, 0), ==, 0);
}

/* Whatever writes the diary (the repository, an import's plain INSERT,
 * a deleted session or profile), the daily aggregates follow. */
static void
test_day_counts_follow_writes (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDiaryEntry) a = add_entry (f, "2026-03-28T23:30:00+01:00", 4);
  g_autoptr(SalveDiaryEntry) b = add_entry (f, "2026-03-29T00:30:00+01:00", 6);
  g_autoptr(SalveDiaryEntry) c = add_entry (f, "2026-03-29T09:00:00+02:00", 6);
  g_autoptr(SalveDiaryEntry) d = add_entry (f, "2026-03-29T21:00:00+02:00", 10);
  g_autoptr(SalveProfile) other = NULL;
  gint64 session_id;

  assert_day_counts_match (f->db);

  salve_diary_entry_set_pain (c, 0);
  salve_diary_entry_set_region (c, "neck");
  g_assert_true (salve_diary_repo_update (f->db, c, &error));
  g_assert_no_error (error);
  assert_day_counts_match (f->db);

  g_assert_true (salve_diary_entry_set_at_iso (b, "2026-03-30T08:00:00+02:00", &error));
  g_assert_true (salve_diary_repo_update (f->db, b, &error));
  g_assert_no_error (error);
  assert_day_counts_match (f->db);

  g_assert_true (salve_diary_repo_delete (f->db, salve_diary_entry_get_id (a), &error));
  g_assert_no_error (error);
  assert_day_counts_match (f->db);

  /* Rated around a session: out of the aggregates, back in when the
   * session goes (ON DELETE SET NULL). */
  g_assert_true (salve_db_exec (f->db,
                                "INSERT INTO sessions (profile_id, modality, site) VALUES (1, 'tens', 'knee')",
                                &error));
  session_id = salve_db_last_insert_id (f->db);
  salve_diary_entry_set_session (d, session_id, SALVE_DIARY_PHASE_AFTER);
  g_assert_true (salve_diary_repo_update (f->db, d, &error));
  g_assert_no_error (error);
  assert_day_counts_match (f->db);
  g_assert_true (salve_db_exec (f->db, "DELETE FROM sessions", &error));
  g_assert_no_error (error);
  assert_day_counts_match (f->db);

  /* As an import writes: many rows in one statement. */
  other = salve_profile_repo_add (f->db, "Bert", &error);
  g_assert_no_error (error);
  g_assert_true (salve_db_exec (f->db,
    "INSERT INTO diary_entries (profile_id, at, at_unix, pain, region) VALUES"
    " (2, '2026-01-05T08:00:00+01:00', 1767596400, 3, 'knee_left'),"
    " (2, '2026-01-05T20:00:00+01:00', 1767639600, 5, 'knee_left'),"
    " (2, '2026-01-06T08:00:00+01:00', 1767682800, 7, ''),"
    " (1, '2026-01-06T08:00:00+01:00', 1767682800, 7, '')", &error));
  g_assert_no_error (error);
  assert_day_counts_match (f->db);

  g_assert_true (salve_profile_repo_delete (f->db, salve_profile_get_id (other), &error));
  g_assert_no_error (error);
  assert_day_counts_match (f->db);
  g_assert_true (salve_db_exec (f->db, "DELETE FROM diary_entries", &error));
  g_assert_no_error (error);
  assert_day_counts_match (f->db);
}

static void
assert_stats_equal (const SalveDiaryStats *a,
                    const SalveDiaryStats *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpuint (a->n_entries, ==, b->n_entries);
  g_assert_cmpuint (a->days->len, ==, b->days->len);
  for (guint i = 0; i < a->days->len; i++)
    {
      const SalveDiaryDay *x = &g_array_index (a->days, SalveDiaryDay, i);
      const SalveDiaryDay *y = &g_array_index (b->days, SalveDiaryDay, i);

      g_assert_cmpint (g_date_compare (&x->date, &y->date), ==, 0);
      g_assert_cmpint (x->start_unix, ==, y->start_unix);
      g_assert_cmpint (x->end_unix, ==, y->end_unix);
      g_assert_cmpfloat (x->mean, ==, y->mean);
      g_assert_cmpfloat (x->rolling7, ==, y->rolling7);
      g_assert_cmpuint (x->n_entries, ==, y->n_entries);
      g_assert_cmpint (x->min, ==, y->min);
      g_assert_cmpint (x->max, ==, y->max);
    }
  g_assert_cmpuint (a->weeks->len, ==, b->weeks->len);
  for (guint i = 0; i < a->weeks->len; i++)
    {
      const SalveDiaryWeek *x = &g_array_index (a->weeks, SalveDiaryWeek, i);
      const SalveDiaryWeek *y = &g_array_index (b->weeks, SalveDiaryWeek, i);

      g_assert_cmpint (g_date_compare (&x->monday, &y->monday), ==, 0);
      g_assert_cmpint (x->start_unix, ==, y->start_unix);
      g_assert_cmpint (x->end_unix, ==, y->end_unix);
      g_assert_cmpfloat (x->mean, ==, y->mean);
      g_assert_cmpuint (x->n_days, ==, y->n_days);
    }
  g_assert_cmpint (a->baseline_source, ==, b->baseline_source);
  g_assert_cmpint (a->course_week, ==, b->course_week);
  g_assert_cmpint (a->has_baseline, ==, b->has_baseline);
  g_assert_cmpfloat (a->baseline, ==, b->baseline);
  g_assert_cmpuint (a->baseline_days, ==, b->baseline_days);
  g_assert_cmpint (a->has_current, ==, b->has_current);
  g_assert_cmpfloat (a->current, ==, b->current);
  g_assert_cmpfloat (a->change_points, ==, b->change_points);
  g_assert_cmpint (a->mcid_reached, ==, b->mcid_reached);
  g_assert_cmpint (a->category, ==, b->category);
  for (guint m = 0; m < SALVE_N_MODALITIES; m++)
    {
      g_assert_cmpuint (a->sessions[m].n_sessions, ==, b->sessions[m].n_sessions);
      g_assert_cmpfloat (a->sessions[m].mean_delta, ==, b->sessions[m].mean_delta);
    }
}

/* The statistics from the daily aggregates and the session ratings are
 * the statistics from every point, in the time zone the entries were
 * written in, across both DST changes of a year; with and without a
 * plan, and for one region alone. */
static void
test_stats_from_day_counts (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GArray) points = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GArray) session_points = NULL;
  g_autoptr(SalveDiaryStats) from_points = NULL;
  g_autoptr(SalveDiaryStats) from_counts = NULL;
  static const char *regions[] = { "", "neck", "knee_left" };
  static const int hours[] = { 0, 1, 2, 3, 9, 13, 23 };
  gint64 sessions[3];
  GDate plan_start;
  guint n = 0;

  g_assert_nonnull (tz);
  for (guint s = 0; s < G_N_ELEMENTS (sessions); s++)
    {
      g_assert_true (salve_db_exec (f->db,
                                    "INSERT INTO sessions (profile_id, modality, site, started_at, started_unix)"
                                    " VALUES (1, 'tens', 'knee', '2026-03-02T08:30:00+01:00', 1772436600)",
                                    &error));
      sessions[s] = salve_db_last_insert_id (f->db);
    }
  /* The third session was practice: its ratings count nowhere. */
  g_assert_true (salve_db_exec (f->db, "INSERT INTO session_events (session_id, at, kind) VALUES (3, '', 'practice')",
                                &error));

  /* Around the spring change (29 March) and the autumn change
   * (25 October): hours that exist twice or not at all. */
  for (int month = 3; month <= 10; month += 7)
    for (int day = 18; day <= 31; day++)
      for (guint h = 0; h < G_N_ELEMENTS (hours); h++)
        {
          g_autoptr(GDateTime) at = g_date_time_new (tz, 2026, month, day, hours[h], (int) (n % 60), 0);
          g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (f->profile_id);

          n++;
          if ((n * 7) % 5 == 0)
            continue;
          salve_diary_entry_set_at (entry, at);
          salve_diary_entry_set_pain (entry, n % 4 == 0 ? 5 : (int) ((n * 7 + day) % 11));
          salve_diary_entry_set_region (entry, regions[n % 3]);
          if (n % 13 == 0)
            salve_diary_entry_set_session (entry, sessions[n % 3], (n / 13) % 2 ? SALVE_DIARY_PHASE_AFTER
                                                                               : SALVE_DIARY_PHASE_BEFORE);
          g_assert_true (salve_diary_repo_add (f->db, entry, &error));
          g_assert_no_error (error);
        }
  assert_day_counts_match (f->db);

  points = salve_diary_repo_list_points (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                         SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_no_error (error);
  counts = salve_diary_repo_list_day_counts (f->db, f->profile_id, &error);
  g_assert_no_error (error);
  session_points = salve_diary_repo_list_session_points (f->db, f->profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (session_points->len, >, 0);

  from_points = salve_diary_stats_compute ((SalveDiaryPoint *) (gpointer) points->data, points->len, tz, NULL);
  from_counts = salve_diary_stats_compute_from_counts ((SalveDiaryDayCount *) (gpointer) counts->data, counts->len,
                                                       (SalveDiaryPoint *) (gpointer) session_points->data,
                                                       session_points->len, tz, NULL, NULL);
  assert_stats_equal (from_points, from_counts);
  g_assert_cmpuint (from_points->sessions[SALVE_MODALITY_TENS].n_sessions, ==, 2);
  g_clear_pointer (&from_points, salve_diary_stats_free);
  g_clear_pointer (&from_counts, salve_diary_stats_free);

  g_date_clear (&plan_start, 1);
  g_date_set_dmy (&plan_start, 20, G_DATE_MARCH, 2026);
  from_points = salve_diary_stats_compute_for_plan ((SalveDiaryPoint *) (gpointer) points->data, points->len, tz,
                                                    &plan_start);
  from_counts = salve_diary_stats_compute_from_counts ((SalveDiaryDayCount *) (gpointer) counts->data, counts->len,
                                                       (SalveDiaryPoint *) (gpointer) session_points->data,
                                                       session_points->len, tz, NULL, &plan_start);
  assert_stats_equal (from_points, from_counts);
  g_clear_pointer (&from_points, salve_diary_stats_free);
  g_clear_pointer (&from_counts, salve_diary_stats_free);

  /* One region alone. */
  {
    int neck = salve_body_region_to_code ("neck");
    g_autoptr(GArray) neck_points = salve_diary_points_filter_region ((SalveDiaryPoint *) (gpointer) points->data,
                                                                      points->len, neck);
    g_autoptr(GArray) neck_sessions = salve_diary_points_filter_region ((SalveDiaryPoint *) (gpointer) session_points->data,
                                                                        session_points->len, neck);
    g_autoptr(GArray) neck_counts = g_array_new (FALSE, FALSE, sizeof (SalveDiaryDayCount));

    for (guint i = 0; i < counts->len; i++)
      if (g_array_index (counts, SalveDiaryDayCount, i).region == neck)
        g_array_append_val (neck_counts, g_array_index (counts, SalveDiaryDayCount, i));
    from_points = salve_diary_stats_compute ((SalveDiaryPoint *) (gpointer) neck_points->data, neck_points->len,
                                             tz, NULL);
    from_counts = salve_diary_stats_compute_from_counts ((SalveDiaryDayCount *) (gpointer) neck_counts->data,
                                                         neck_counts->len,
                                                         (SalveDiaryPoint *) (gpointer) neck_sessions->data,
                                                         neck_sessions->len, tz, NULL, NULL);
    assert_stats_equal (from_points, from_counts);
    g_assert_cmpuint (from_points->n_entries, >, 0);
    g_clear_pointer (&from_points, salve_diary_stats_free);
    g_clear_pointer (&from_counts, salve_diary_stats_free);
  }

  /* The repository's figures for the whole diary: from the aggregates. */
  from_points = salve_diary_stats_compute_for_plan ((SalveDiaryPoint *) (gpointer) points->data, points->len, tz,
                                                    &plan_start);
  from_counts = salve_diary_repo_compute_stats (f->db, f->profile_id, tz, &plan_start, &error);
  g_assert_no_error (error);
  assert_stats_equal (from_points, from_counts);
  g_clear_pointer (&from_points, salve_diary_stats_free);
  g_clear_pointer (&from_counts, salve_diary_stats_free);

  /* Seen from another time zone, the days the entries were written on
   * are not that zone's days: only the points can tell, and the
   * repository reads them. */
  g_assert_nonnull (tokyo);
  g_assert_null (salve_diary_stats_compute_from_counts ((SalveDiaryDayCount *) (gpointer) counts->data, counts->len,
                                                        NULL, 0, tokyo, NULL, NULL));
  from_points = salve_diary_stats_compute ((SalveDiaryPoint *) (gpointer) points->data, points->len, tokyo, NULL);
  from_counts = salve_diary_repo_compute_stats (f->db, f->profile_id, tokyo, NULL, &error);
  g_assert_no_error (error);
  assert_stats_equal (from_points, from_counts);
}

/* The pain rated around a session counts as a treatment's before and
 * after only when the session started on its device: one that ran (a
 * "start" in its log) and one imported (no log, a start time) count;
 * one whose device never answered (no start time) and one whose device
 * refused to start (a log without a start) do not. Their ratings stay
 * in the diary as pain of their moment, from every point and from the
 * daily aggregates alike. */
static void
test_sessions_never_started (Fixture       *f,
                             gconstpointer  data)
{
  static const struct
  {
    const char *started;   /* SQL for started_unix */
    const char *events;    /* kinds in its log, comma-separated */
    gboolean    counts;
  } cases[] = {
    { "1772436600", "caution-acknowledged,start,stop", TRUE },
    { "1772440200", "", TRUE },
    { "NULL", "link-lost", FALSE },
    { "1772447400", "fault", FALSE },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GArray) points = NULL;
  g_autoptr(SalveDiaryStats) from_points = NULL;
  g_autoptr(SalveDiaryStats) from_counts = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GArray) marks = NULL;
  g_autoptr(GHashTable) uncounted = NULL;
  guint n_paired = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *insert = g_strdup_printf ("INSERT INTO sessions (profile_id, modality, site, started_unix,"
                                                 " started_at, outcome) VALUES (1, 'tens', 'knee', %s,"
                                                 " strftime ('%%Y-%%m-%%dT%%H:%%M:%%SZ', %s, 'unixepoch'),"
                                                 " 'interrupted')",
                                                 cases[i].started, cases[i].started);
      g_auto(GStrv) kinds = g_strsplit (cases[i].events, ",", -1);
      gint64 id;

      g_assert_true (salve_db_exec (f->db, insert, &error));
      g_assert_no_error (error);
      id = salve_db_last_insert_id (f->db);
      for (guint k = 0; kinds[k] != NULL && *kinds[k] != '\0'; k++)
        {
          g_autofree char *event = g_strdup_printf ("INSERT INTO session_events (session_id, at, kind)"
                                                    " VALUES (%" G_GINT64_FORMAT ", '', '%s')", id, kinds[k]);

          g_assert_true (salve_db_exec (f->db, event, &error));
          g_assert_no_error (error);
        }
      g_assert_cmpint (salve_session_repo_started_on_device (f->db, id, &error), ==, cases[i].counts);
      g_assert_no_error (error);

      for (SalveDiaryPhase phase = SALVE_DIARY_PHASE_BEFORE; phase <= SALVE_DIARY_PHASE_AFTER; phase++)
        {
          g_autoptr(GDateTime) at = g_date_time_new (tz, 2026, 3, 2 + (int) i, 9, phase == SALVE_DIARY_PHASE_BEFORE ? 0 : 40, 0);
          g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (f->profile_id);

          salve_diary_entry_set_at (entry, at);
          /* Those that count: 6 → 4; those that do not: 8 → 1. */
          salve_diary_entry_set_pain (entry, phase == SALVE_DIARY_PHASE_BEFORE ? (cases[i].counts ? 6 : 8)
                                                                              : (cases[i].counts ? 4 : 1));
          salve_diary_entry_set_session (entry, id, phase);
          g_assert_true (salve_diary_repo_add (f->db, entry, &error));
          g_assert_no_error (error);
        }
    }

  /* The same in one query for a whole list, beside practice. */
  g_assert_true (salve_db_exec (f->db, "INSERT INTO sessions (profile_id, modality, site, started_unix, started_at)"
                                       " VALUES (1, 'tens', 'knee', 1772450000, '2026-03-02T11:13:20Z')", &error));
  g_assert_true (salve_db_exec (f->db, "INSERT INTO session_events (session_id, at, kind) VALUES (5, '', 'start'),"
                                       " (5, '', 'practice')", &error));
  uncounted = salve_session_repo_list_uncounted (f->db, f->profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (uncounted), ==, 3);
  for (gint64 id = 1; id <= 5; id++)
    g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (uncounted, &id)), ==,
                     id == 5 ? SALVE_SESSION_UNCOUNTED_PRACTICE
                             : cases[id - 1].counts ? 0 : SALVE_SESSION_UNCOUNTED_NEVER_STARTED);

  g_assert_false (salve_session_repo_started_on_device (f->db, 999, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  points = salve_diary_repo_list_points (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                         SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 2 * G_N_ELEMENTS (cases));
  for (guint i = 0; i < points->len; i++)
    {
      const SalveDiaryPoint *point = &g_array_index (points, SalveDiaryPoint, i);

      /* Every rating keeps its session; only those that count keep a phase. */
      g_assert_cmpint (point->session_id, >, 0);
      if (point->phase != SALVE_DIARY_PHASE_NONE)
        n_paired++;
    }
  g_assert_cmpuint (n_paired, ==, 4);

  from_points = salve_diary_stats_compute ((SalveDiaryPoint *) (gpointer) points->data, points->len, tz, NULL);
  from_counts = salve_diary_repo_compute_stats (f->db, f->profile_id, tz, NULL, &error);
  g_assert_no_error (error);
  assert_stats_equal (from_points, from_counts);
  g_assert_cmpuint (from_counts->sessions[SALVE_MODALITY_TENS].n_sessions, ==, 2);
  g_assert_cmpfloat (from_counts->sessions[SALVE_MODALITY_TENS].mean_before, ==, 6);
  g_assert_cmpfloat (from_counts->sessions[SALVE_MODALITY_TENS].mean_after, ==, 4);
  /* The pain itself is not lost. */
  g_assert_cmpuint (from_counts->n_entries, ==, 2 * G_N_ELEMENTS (cases));

  /* The chart marks the two that were given. */
  marks = salve_diary_repo_list_session_marks (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                               SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marks->len, ==, 2);
  g_assert_cmpint (g_array_index (marks, SalveSessionMark, 1).at_unix, ==, 1772440200);

  /* The patients' list: the last session is the last one given, not the
   * later one whose device refused to start. */
  summaries = salve_patient_summary_list (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, ==, 1);
  g_assert_cmpstr (((SalvePatientSummary *) g_ptr_array_index (summaries, 0))->last_session_at, ==,
                   "2026-03-02T08:30:00Z");
}

/* The patients' list carries the plan's warning signs: new weakness
 * noted this week is there for the therapist, as in the person's own
 * summary; a patient without one has none. */
static void
test_summary_warnings (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) ten_days_ago = g_date_time_add_days (now, -10);
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (f->profile_id);
  g_autoptr(SalveProfile) other = salve_profile_repo_add (f->db, "Bert", &error);
  g_autoptr(GPtrArray) summaries = NULL;
  GDate start;

  g_assert_no_error (error);
  g_date_clear (&start, 1);
  g_date_set_dmy (&start, g_date_time_get_day_of_month (ten_days_ago), g_date_time_get_month (ten_days_ago),
                  g_date_time_get_year (ten_days_ago));
  for (int k = 0; k < 2; k++)
    {
      plan = salve_care_plan_new (&start);
      plan->profile_id = k == 0 ? f->profile_id : salve_profile_get_id (other);
      g_assert_true (salve_care_plan_repo_save (f->db, plan, &error));
      g_assert_no_error (error);
      g_clear_pointer (&plan, salve_care_plan_free);
    }

  salve_diary_entry_set_at (entry, now);
  salve_diary_entry_set_pain (entry, 5);
  salve_diary_entry_set_new_weakness (entry, TRUE);
  g_assert_true (salve_diary_repo_add (f->db, entry, &error));
  g_assert_no_error (error);

  summaries = salve_patient_summary_list (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, ==, 2);
  for (guint i = 0; i < summaries->len; i++)
    {
      const SalvePatientSummary *s = g_ptr_array_index (summaries, i);
      gboolean flagged = salve_profile_get_id (s->profile) == f->profile_id;

      g_assert_cmpint (s->warnings[SALVE_WARNING_NEW_WEAKNESS], ==, flagged);
      g_assert_false (s->warnings[SALVE_WARNING_NUMBNESS]);
    }

  /* Without a plan the signs hold all the same, counted from the diary's
   * first day, as the person's own card and the report say them: a
   * patient who had noted numbness showed no tag (an outside look). */
  {
    g_autoptr(SalveProfile) cees = salve_profile_repo_add (f->db, "Cees", &error);
    g_autoptr(SalveDiaryEntry) numb = NULL;
    g_autoptr(GPtrArray) again = NULL;
    gboolean seen = FALSE;

    g_assert_no_error (error);
    numb = salve_diary_entry_new (salve_profile_get_id (cees));
    salve_diary_entry_set_at (numb, now);
    salve_diary_entry_set_pain (numb, 6);
    salve_diary_entry_set_region (numb, "knee-left");
    salve_diary_entry_set_numbness (numb, TRUE);
    g_assert_true (salve_diary_repo_add (f->db, numb, &error));
    g_assert_no_error (error);

    again = salve_patient_summary_list (f->db, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < again->len; i++)
      {
        const SalvePatientSummary *s = g_ptr_array_index (again, i);

        if (salve_profile_get_id (s->profile) != salve_profile_get_id (cees))
          continue;
        seen = TRUE;
        g_assert_true (s->warnings[SALVE_WARNING_NUMBNESS]);
        g_assert_false (s->warnings[SALVE_WARNING_NEW_WEAKNESS]);
      }
    g_assert_true (seen);
  }
}

/* A rating given in practice is no diary entry: Patients said "Last entry
 * today" for a patient who had only tried the practice stimulator. */
static void
test_summary_practice_not_an_entry (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(SalveSession) practice = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_KNEE);
  g_autoptr(SalveDiaryEntry) rating = salve_diary_entry_new (f->profile_id);
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (f->profile_id);
  g_autoptr(GDateTime) earlier = g_date_time_add_days (now, -3);
  g_autoptr(GPtrArray) summaries = NULL;
  const SalvePatientSummary *s;

  salve_session_set_profile_id (practice, f->profile_id);
  g_assert_true (salve_session_repo_create (f->db, practice, &error));
  g_assert_true (salve_session_repo_log (f->db, salve_session_get_id (practice), SALVE_SESSION_EVENT_PRACTICE, 0,
                                         "", "", &error));
  g_assert_no_error (error);
  salve_diary_entry_set_at (rating, now);
  salve_diary_entry_set_pain (rating, 6);
  salve_diary_entry_set_session (rating, salve_session_get_id (practice), SALVE_DIARY_PHASE_BEFORE);
  g_assert_true (salve_diary_repo_add (f->db, rating, &error));
  g_assert_no_error (error);

  summaries = salve_patient_summary_list (f->db, &error);
  g_assert_no_error (error);
  s = g_ptr_array_index (summaries, 0);
  g_assert_null (s->last_entry_at);
  g_clear_pointer (&summaries, g_ptr_array_unref);

  /* A diary entry three days ago is the last one, not the practice
   * rating of today. */
  salve_diary_entry_set_at (entry, earlier);
  salve_diary_entry_set_pain (entry, 4);
  g_assert_true (salve_diary_repo_add (f->db, entry, &error));
  g_assert_no_error (error);
  summaries = salve_patient_summary_list (f->db, &error);
  s = g_ptr_array_index (summaries, 0);
  g_assert_nonnull (s->last_entry_at);
  g_assert_cmpstr (s->last_entry_at, ==, salve_diary_entry_get_at_iso (entry));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/storage/diary/day-counts-follow-writes", Fixture, NULL, fixture_setup,
              test_day_counts_follow_writes, fixture_teardown);
  g_test_add ("/storage/diary/stats-from-day-counts", Fixture, NULL, fixture_setup,
              test_stats_from_day_counts, fixture_teardown);
  g_test_add ("/storage/diary/year-range", Fixture, NULL, fixture_setup,
              test_year_range, fixture_teardown);
  g_test_add ("/storage/diary/stress", Fixture, NULL, fixture_setup,
              test_stress_round_trip, fixture_teardown);
  g_test_add ("/storage/diary/round-trip", Fixture, NULL, fixture_setup,
              test_round_trip_keeps_every_field, fixture_teardown);
  g_test_add ("/storage/diary/invalid-pain", Fixture, NULL, fixture_setup,
              test_invalid_pain_is_refused, fixture_teardown);
  g_test_add ("/storage/diary/future-refused", Fixture, NULL, fixture_setup,
              test_future_is_refused, fixture_teardown);
  g_test_add ("/storage/diary/update-delete-undo", Fixture, NULL, fixture_setup,
              test_update_delete_and_undo, fixture_teardown);
  g_test_add ("/storage/diary/list-range", Fixture, NULL, fixture_setup,
              test_list_range_and_points, fixture_teardown);
  g_test_add ("/storage/diary/list-latest", Fixture, NULL, fixture_setup,
              test_list_latest, fixture_teardown);
  g_test_add ("/storage/diary/list-latest-in-region", Fixture, NULL, fixture_setup,
              test_list_latest_in_region, fixture_teardown);
  g_test_add ("/storage/diary/list-latest-activities", Fixture, NULL, fixture_setup,
              test_list_latest_activities, fixture_teardown);
  g_test_add ("/storage/diary/session-rating", Fixture, NULL, fixture_setup,
              test_session_rating_needs_a_session, fixture_teardown);
  g_test_add ("/storage/diary/summary-warnings", Fixture, NULL, fixture_setup, test_summary_warnings, fixture_teardown);
  g_test_add ("/storage/diary/summary-practice-not-an-entry", Fixture, NULL, fixture_setup,
              test_summary_practice_not_an_entry, fixture_teardown);
  g_test_add ("/storage/diary/sessions-never-started", Fixture, NULL, fixture_setup,
              test_sessions_never_started, fixture_teardown);

  return g_test_run ();
}
