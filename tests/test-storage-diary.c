/* test-storage-diary.c: the diary_entries repository
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "salve-db.h"
#include "salve-diary-repo.h"
#include "salve-profile-repo.h"
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

static SalveDiaryEntry *
add_entry (Fixture    *f,
           const char *at,
           int         pain)
{
  g_autoptr(GError) error = NULL;
  SalveDiaryEntry *entry = salve_diary_entry_new (f->profile_id);

  g_assert_true (salve_diary_entry_set_at_iso (entry, at, &error));
  salve_diary_entry_set_pain (entry, pain);
  g_assert_true (salve_diary_repo_add (f->db, entry, &error));
  g_assert_no_error (error);
  g_assert_cmpint (salve_diary_entry_get_id (entry), >, 0);

  return entry;
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

static void
test_session_rating_needs_a_session (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (f->profile_id);
  g_autoptr(GArray) points = NULL;
  gint64 session_id;

  g_assert_true (salve_db_exec (f->db,
                                "INSERT INTO sessions (profile_id, modality, site) VALUES (1, 'tens', 'knee')",
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/storage/diary/year-range", Fixture, NULL, fixture_setup,
              test_year_range, fixture_teardown);
  g_test_add ("/storage/diary/stress", Fixture, NULL, fixture_setup,
              test_stress_round_trip, fixture_teardown);
  g_test_add ("/storage/diary/round-trip", Fixture, NULL, fixture_setup,
              test_round_trip_keeps_every_field, fixture_teardown);
  g_test_add ("/storage/diary/invalid-pain", Fixture, NULL, fixture_setup,
              test_invalid_pain_is_refused, fixture_teardown);
  g_test_add ("/storage/diary/update-delete-undo", Fixture, NULL, fixture_setup,
              test_update_delete_and_undo, fixture_teardown);
  g_test_add ("/storage/diary/list-range", Fixture, NULL, fixture_setup,
              test_list_range_and_points, fixture_teardown);
  g_test_add ("/storage/diary/list-latest", Fixture, NULL, fixture_setup,
              test_list_latest, fixture_teardown);
  g_test_add ("/storage/diary/list-latest-activities", Fixture, NULL, fixture_setup,
              test_list_latest_activities, fixture_teardown);
  g_test_add ("/storage/diary/session-rating", Fixture, NULL, fixture_setup,
              test_session_rating_needs_a_session, fixture_teardown);

  return g_test_run ();
}
