/* test-storage-medication.c: the medication_intakes repository
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "salve-db.h"
#include "salve-medication-repo.h"
#include "salve-migrations.h"
#include "salve-profile-repo.h"
#include "salve-test-util.h"

typedef struct
{
  char    *dir;
  char    *path;
  SalveDb *db;
  gint64   profile_id;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveProfile) profile = NULL;

  f->dir = salve_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "salve.db", NULL);
  f->db = salve_db_open (f->path, &error);
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
  g_free (f->path);
  g_free (f->dir);
}

static SalveMedication *
add_intake (Fixture    *f,
            const char *at,
            const char *name,
            const char *dose,
            gboolean    as_needed)
{
  g_autoptr(GError) error = NULL;
  SalveMedication *m = salve_medication_new (f->profile_id);

  g_assert_true (salve_medication_set_at_iso (m, at, &error));
  salve_medication_set_name (m, name);
  salve_medication_set_dose (m, dose);
  salve_medication_set_as_needed (m, as_needed);
  salve_medication_repo_add (f->db, m, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_medication_get_id (m), >, 0);
  return m;
}

static gint64
unix_of (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);
  return g_date_time_to_unix (dt);
}

static void
test_medication_add_get (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SalveMedication) m = add_intake (f, "2026-03-02T08:30:00+01:00", "Paracetamol", "500 mg", FALSE);
  g_autoptr(SalveMedication) got = NULL;
  g_autoptr(GError) error = NULL;

  salve_medication_set_note (m, "with breakfast");
  salve_medication_set_as_needed (m, TRUE);
  g_assert_true (salve_medication_repo_update (f->db, m, &error));
  g_assert_no_error (error);

  got = salve_medication_repo_get (f->db, salve_medication_get_id (m), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (salve_medication_get_name (got), ==, "Paracetamol");
  g_assert_cmpstr (salve_medication_get_dose (got), ==, "500 mg");
  g_assert_cmpstr (salve_medication_get_note (got), ==, "with breakfast");
  g_assert_cmpstr (salve_medication_get_at_iso (got), ==, "2026-03-02T08:30:00+01:00");
  g_assert_true (salve_medication_get_as_needed (got));
}

static void
test_medication_invalid_refused (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(SalveMedication) m = salve_medication_new (f->profile_id);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (salve_medication_repo_add (f->db, m, &error));
  g_assert_error (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_INVALID);
  all = salve_medication_repo_list (f->db, f->profile_id, G_MININT64, G_MAXINT64, NULL);
  g_assert_cmpuint (all->len, ==, 0);
}

/* The log records what was taken: a day of grace, not a year ahead. */
static void
test_medication_future_refused (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(SalveMedication) m = salve_medication_new (f->profile_id);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) soon = g_date_time_add_hours (now, 20);
  g_autoptr(GDateTime) next_year = g_date_time_add_years (now, 1);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  salve_medication_set_name (m, "Paracetamol");
  salve_medication_set_at (m, next_year);
  g_assert_false (salve_medication_repo_add (f->db, m, &error));
  g_assert_error (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_FUTURE);
  g_clear_error (&error);
  all = salve_medication_repo_list (f->db, f->profile_id, G_MININT64, G_MAXINT64, NULL);
  g_assert_cmpuint (all->len, ==, 0);
  g_clear_pointer (&all, g_ptr_array_unref);

  salve_medication_set_at (m, soon);
  g_assert_true (salve_medication_repo_add (f->db, m, &error));
  g_assert_no_error (error);
  all = salve_medication_repo_list (f->db, f->profile_id, G_MININT64, G_MAXINT64, NULL);
  g_assert_cmpuint (all->len, ==, 1);
  g_clear_pointer (&all, g_ptr_array_unref);

  /* Undo of a delete writes it back as it was, also one a year ahead
   * that an older Salve stored. */
  salve_medication_set_at (m, next_year);
  g_assert_true (salve_medication_repo_restore (f->db, m, &error));
  g_assert_no_error (error);
  all = salve_medication_repo_list (f->db, f->profile_id, G_MININT64, G_MAXINT64, NULL);
  g_assert_cmpuint (all->len, ==, 2);
}

static void
test_medication_duplicate (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SalveMedication) first = add_intake (f, "2026-03-02T08:30:00", "Ibuprofen", "400 mg", TRUE);
  g_autoptr(SalveMedication) again = salve_medication_copy (first);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  gboolean added = TRUE;

  g_assert_false (salve_medication_repo_add (f->db, again, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS);
  g_clear_error (&error);

  /* An import skips it quietly. */
  g_assert_true (salve_medication_repo_add_imported (f->db, again, 0, &added, &error));
  g_assert_no_error (error);
  g_assert_false (added);

  /* Another dose at the same time is another intake. */
  salve_medication_set_dose (again, "200 mg");
  g_assert_true (salve_medication_repo_add_imported (f->db, again, 0, &added, &error));
  g_assert_true (added);

  all = salve_medication_repo_list (f->db, f->profile_id, G_MININT64, G_MAXINT64, NULL);
  g_assert_cmpuint (all->len, ==, 2);
}

static void
test_medication_range (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SalveMedication) a = add_intake (f, "2026-03-03T08:00:00Z", "B", "", FALSE);
  g_autoptr(SalveMedication) b = add_intake (f, "2026-03-01T08:00:00Z", "A", "", TRUE);
  g_autoptr(SalveMedication) c = add_intake (f, "2026-03-05T08:00:00Z", "C", "", FALSE);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GArray) marks = NULL;
  g_autoptr(GError) error = NULL;

  list = salve_medication_repo_list (f->db, f->profile_id, unix_of ("2026-03-01T00:00:00Z"),
                                     unix_of ("2026-03-05T08:00:00Z"), &error);
  g_assert_no_error (error);
  /* Oldest first; the end of the range is not in it. */
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (salve_medication_get_name (g_ptr_array_index (list, 0)), ==, "A");
  g_assert_cmpstr (salve_medication_get_name (g_ptr_array_index (list, 1)), ==, "B");

  marks = salve_medication_repo_list_marks (f->db, f->profile_id, G_MININT64, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marks->len, ==, 3);
  g_assert_cmpint (g_array_index (marks, SalveMedicationMark, 0).at_unix, ==, unix_of ("2026-03-01T08:00:00Z"));
  g_assert_true (g_array_index (marks, SalveMedicationMark, 0).as_needed);
  g_assert_false (g_array_index (marks, SalveMedicationMark, 1).as_needed);
}

static void
test_medication_delete (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SalveMedication) m = add_intake (f, "2026-03-02T08:30:00", "Naproxen", "250 mg", FALSE);
  g_autoptr(SalveMedication) gone = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (salve_medication_repo_delete (f->db, salve_medication_get_id (m), &error));
  g_assert_no_error (error);
  gone = salve_medication_repo_get (f->db, salve_medication_get_id (m), &error);
  g_assert_null (gone);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (salve_medication_repo_delete (f->db, salve_medication_get_id (m), &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (salve_medication_repo_update (f->db, m, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
}

static void
test_medication_profile_delete (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(SalveMedication) m = add_intake (f, "2026-03-02T08:30:00", "Paracetamol", "1 g", FALSE);
  g_autoptr(SalveStmt) count = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (salve_profile_repo_delete (f->db, f->profile_id, &error));
  g_assert_no_error (error);

  count = salve_db_prepare (f->db, "SELECT count(*) FROM medication_intakes", &error);
  g_assert_nonnull (count);
  g_assert_true (salve_stmt_step (count, &error));
  g_assert_cmpint (salve_stmt_get_int64 (count, 0), ==, 0);
}

static void
test_medication_migration (Fixture       *f,
                           gconstpointer  data)
{
  g_assert_cmpint (salve_migrations_get_latest (), >=, 10);
  g_assert_cmpint (salve_db_get_user_version (f->db, NULL), ==, salve_migrations_get_latest ());
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/storage/medication/add-get", test_medication_add_get);
  ADD ("/storage/medication/invalid-refused", test_medication_invalid_refused);
  ADD ("/storage/medication/future-refused", test_medication_future_refused);
  ADD ("/storage/medication/duplicate", test_medication_duplicate);
  ADD ("/storage/medication/range", test_medication_range);
  ADD ("/storage/medication/delete", test_medication_delete);
  ADD ("/storage/medication/profile-delete", test_medication_profile_delete);
  ADD ("/storage/medication/migration", test_medication_migration);
#undef ADD

  return g_test_run ();
}
