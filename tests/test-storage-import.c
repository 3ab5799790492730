/* test-storage-import.c: CSV import and export against a real database
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "salve-db.h"
#include "salve-diary-repo.h"
#include "salve-exporter.h"
#include "salve-importer.h"
#include "salve-time.h"
#include "salve-profile-repo.h"
#include "salve-session-repo.h"
#include "salve-test-disk.h"
#include "salve-test-util.h"

typedef struct
{
  char    *dir;
  char    *db_path;
  SalveDb *db;
  gint64   anna;
  gint64   bob;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(SalveProfile) bob = NULL;

  f->dir = salve_test_make_tmpdir ();
  f->db_path = g_build_filename (f->dir, "salve.db", NULL);
  f->db = salve_db_open (f->db_path, NULL);
  g_assert_nonnull (f->db);
  anna = salve_profile_repo_add (f->db, "Anna", NULL);
  bob = salve_profile_repo_add (f->db, "Bob", NULL);
  f->anna = salve_profile_get_id (anna);
  f->bob = salve_profile_get_id (bob);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  salve_test_remove_tree (f->dir);
  g_free (f->db_path);
  g_free (f->dir);
}

static gint64
query_int (Fixture    *f,
           const char *sql,
           gint64      param)
{
  g_autoptr(SalveStmt) stmt = salve_db_prepare (f->db, sql, NULL);

  g_assert_nonnull (stmt);
  if (strchr (sql, '?') != NULL)
    salve_stmt_bind_int64 (stmt, 1, param, NULL);
  g_assert_true (salve_stmt_step (stmt, NULL));
  return salve_stmt_get_int64 (stmt, 0);
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
}

static SalveImporter *
run_import (Fixture      *f,
            gint64        profile_id,
            const char   *path,
            gboolean      dry_run,
            gboolean      strict)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  SalveImporter *importer = salve_importer_new (f->db_path, profile_id, file);
  gboolean ok;

  salve_importer_set_dry_run (importer, dry_run);
  salve_importer_set_strict (importer, strict);
  salve_importer_set_sample_size (importer, 5);
  ok = salve_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  return importer;
}

#define ASSERT_COUNTS(imp, r, i, d, x) G_STMT_START { \
  const SalveImportCounts *c_ = salve_importer_get_counts (imp); \
  g_assert_cmpuint (c_->read, ==, r); \
  g_assert_cmpuint (c_->imported, ==, i); \
  g_assert_cmpuint (c_->duplicates, ==, d); \
  g_assert_cmpuint (c_->rejected, ==, x); \
} G_STMT_END

static void
test_import_records_its_import (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *path = fixture_path ("excel-nl-semicolon-cp1252.csv");
  g_autoptr(SalveImporter) importer = run_import (f, f->anna, path, FALSE, FALSE);
  g_autofree char *contents = NULL;
  g_autofree char *sha = NULL;
  g_autoptr(SalveStmt) stmt = NULL;
  gsize len;
  gint64 import_id;

  ASSERT_COUNTS (importer, 3, 3, 0, 0);
  g_assert_true (salve_importer_get_committed (importer));
  g_assert_cmpint (salve_importer_get_encoding (importer), ==, SALVE_CSV_ENCODING_WINDOWS_1252);
  g_assert_cmpint (salve_importer_get_delimiter (importer), ==, ';');

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  import_id = salve_importer_get_import_id (importer);

  stmt = salve_db_prepare (f->db, "SELECT file_name, content_hash, rows_read, rows_imported, "
                                  "rows_duplicate, rows_rejected, profile_id FROM imports WHERE id = ?1", NULL);
  salve_stmt_bind_int64 (stmt, 1, import_id, NULL);
  g_assert_true (salve_stmt_step (stmt, NULL));
  g_assert_cmpstr (salve_stmt_get_text (stmt, 0), ==, "excel-nl-semicolon-cp1252.csv");
  g_assert_cmpstr (salve_stmt_get_text (stmt, 1), ==, sha);
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 2), ==, 3);
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 3), ==, 3);
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 4), ==, 0);
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 5), ==, 0);
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 6), ==, f->anna);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE import_id = ?1", import_id), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->bob), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT pain FROM diary_entries WHERE note LIKE '%café%' AND ?1", 1), ==, 7);
}

static void
test_reimport_adds_nothing (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = fixture_path ("quoted-newlines.csv");
  g_autoptr(SalveImporter) first = run_import (f, f->anna, path, FALSE, FALSE);
  g_autoptr(SalveImporter) second = run_import (f, f->anna, path, FALSE, FALSE);
  g_autoptr(SalveImporter) other = run_import (f, f->bob, path, FALSE, FALSE);

  ASSERT_COUNTS (first, 4, 3, 0, 1);
  ASSERT_COUNTS (second, 4, 0, 3, 1);
  /* Duplicates are per profile: Bob's copy is his own. */
  ASSERT_COUNTS (other, 4, 3, 0, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->anna), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM imports WHERE profile_id = ?1", f->anna), ==, 2);
}

/* Region names are stored as region ids ("onderrug" is lower-back), and a
 * file imported before that, when its rows kept the text, is still found
 * again: a re-import adds nothing. */
static void
test_region_names_and_older_imports (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *path = fixture_path ("excel-nl-semicolon-cp1252.csv");
  g_autoptr(SalveImporter) first = run_import (f, f->anna, path, FALSE, FALSE);
  g_autoptr(SalveImporter) again = NULL;
  g_autoptr(GError) error = NULL;

  ASSERT_COUNTS (first, 3, 3, 0, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE region = 'lower-back' AND ?1", 1), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE region = 'knee' AND ?1", 1), ==, 1);

  /* The rows as an older import left them: the text as typed, and (once
   * the next import gives them one) the key of that text. */
  g_assert_true (salve_db_exec (f->db, "UPDATE diary_entries SET dedupe_key = NULL, region = "
                                       "CASE region WHEN 'lower-back' THEN 'onderrug' ELSE 'knie' END", &error));
  g_assert_no_error (error);

  again = run_import (f, f->anna, path, FALSE, FALSE);
  ASSERT_COUNTS (again, 3, 0, 3, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->anna), ==, 3);
}

/* Writes @n diary rows an hour apart, in the lower back by its Dutch
 * name, each with @medication (NULL: none) beside the pain. */
static char *
write_hours (Fixture    *f,
             const char *name,
             guint       n,
             const char *medication)
{
  g_autoptr(GString) text = g_string_new ("date,time,pain,region,medication,dose,note\n");
  char *path = g_build_filename (f->dir, name, NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "2026-03-%02u,%02u:00,%u,onderrug,%s,%s,hour %u\n",
                            1 + i / 24, i % 24, i % 11, medication ? medication : "",
                            medication ? "500 mg" : "", i);
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));

  return path;
}

static SalveImporter *
run_import_in_groups (Fixture    *f,
                      gint64      profile_id,
                      const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  SalveImporter *importer = salve_importer_new (f->db_path, profile_id, file);

  /* No samples: the rows go in many at a time. */
  g_assert_true (salve_importer_run (importer, NULL, &error));
  g_assert_no_error (error);

  return importer;
}

/* The rows of an older import that kept the region as typed are found
 * again when the rows go in many at a time, too. */
static void
test_older_imports_in_groups (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = write_hours (f, "hours.csv", 300, NULL);
  g_autoptr(SalveImporter) first = run_import_in_groups (f, f->anna, path);
  g_autoptr(SalveImporter) again = NULL;
  g_autoptr(GError) error = NULL;

  ASSERT_COUNTS (first, 300, 300, 0, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE region = 'lower-back' AND ?1", 1), ==, 300);

  g_assert_true (salve_db_exec (f->db, "UPDATE diary_entries SET dedupe_key = NULL, region = 'onderrug'", &error));
  g_assert_no_error (error);

  again = run_import_in_groups (f, f->anna, path);
  ASSERT_COUNTS (again, 300, 0, 300, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->anna), ==, 300);
}

/* Many ratings with an intake beside each: every intake is stored, and
 * stored again beside a rating that is a duplicate by then. */
static void
test_medication_in_groups (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = write_hours (f, "hours-medication.csv", 300, "Paracetamol");
  g_autoptr(SalveImporter) first = run_import_in_groups (f, f->anna, path);
  g_autoptr(SalveImporter) again = NULL;
  g_autoptr(GError) error = NULL;

  ASSERT_COUNTS (first, 300, 300, 0, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM medication_intakes WHERE profile_id = ?1", f->anna), ==, 300);

  g_assert_true (salve_db_exec (f->db, "DELETE FROM medication_intakes WHERE at_unix % 7200 = 0", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM medication_intakes WHERE profile_id = ?1", f->anna), ==, 150);

  again = run_import_in_groups (f, f->anna, path);
  ASSERT_COUNTS (again, 300, 0, 300, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM medication_intakes WHERE profile_id = ?1", f->anna), ==, 300);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->anna), ==, 300);
}

static void
test_overlapping_files (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *a = fixture_path ("overlap-a.csv");
  g_autofree char *b = fixture_path ("overlap-b.csv");
  g_autoptr(SalveImporter) first = run_import (f, f->anna, a, FALSE, FALSE);
  g_autoptr(SalveImporter) second = run_import (f, f->anna, b, FALSE, FALSE);

  ASSERT_COUNTS (first, 3, 3, 0, 0);
  ASSERT_COUNTS (second, 3, 1, 2, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->anna), ==, 4);
}

/* Two identical rows of one file are two entries; only rows stored
 * before the import make a row a duplicate. */
static void
test_identical_rows_within_file (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "twice.csv", NULL);
  g_autoptr(SalveImporter) importer = NULL;
  g_autoptr(SalveImporter) again = NULL;

  g_assert_true (g_file_set_contents (path, "date,time,pain,note\n"
                                            "2026-03-01,08:00,3,same\n"
                                            "2026-03-01,08:00,3,same\n"
                                            "2026-03-01,08:00,3,other note\n", -1, NULL));
  importer = run_import (f, f->anna, path, FALSE, FALSE);
  ASSERT_COUNTS (importer, 3, 3, 0, 0);
  again = run_import (f, f->anna, path, FALSE, FALSE);
  ASSERT_COUNTS (again, 3, 0, 3, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->anna), ==, 3);
}

/* The same session twice in one `all` file, each with its own rating
 * before: both sessions are stored (the second without a key) and each
 * rating is linked to its own. */
static void
test_identical_sessions_keep_their_links (Fixture       *f,
                                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "twice-linked.csv", NULL);
  g_autoptr(SalveImporter) importer = NULL;
  gint64 first, second;

  g_assert_true (g_file_set_contents (path,
    "kind,at,pain,region,fatigue,sleep,activities,success,started_at,ended_at,device,modality,site,"
    "program,params,planned_minutes,outcome,outcome_reason,pain_before,pain_after,side_effects,skin_check,"
    "session,note\n"
    "diary,2026-03-02T08:59:00+01:00,6,knee,,,,0,,,,,,,,,,,,,,,1 before,\n"
    "session,,,,,,,,2026-03-02T09:00:00+01:00,,,tens,knee,,,,completed,,6,4,,,1,\n"
    "diary,2026-03-02T08:59:30+01:00,5,knee,,,,0,,,,,,,,,,,,,,,2 before,\n"
    "session,,,,,,,,2026-03-02T09:00:00+01:00,,,tens,knee,,,,completed,,6,4,,,2,\n", -1, NULL));
  importer = run_import (f, f->anna, path, FALSE, FALSE);
  ASSERT_COUNTS (importer, 4, 4, 0, 0);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sessions WHERE profile_id = ?1", f->anna), ==, 2);
  first = query_int (f, "SELECT session_id FROM diary_entries WHERE profile_id = ?1 AND pain = 6", f->anna);
  second = query_int (f, "SELECT session_id FROM diary_entries WHERE profile_id = ?1 AND pain = 5", f->anna);
  g_assert_cmpint (first, >, 0);
  g_assert_cmpint (second, >, 0);
  g_assert_cmpint (first, !=, second);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1 "
                                 "AND session_phase = 'before'", f->anna), ==, 2);
}

/* Writes a diary of the days @from..@to (one row a day at 08:00), then
 * @extra lines as they are. */
static char *
write_days (Fixture    *f,
            const char *name,
            guint       from,
            guint       to,
            const char *extra)
{
  g_autoptr(GString) text = g_string_new ("date,time,pain,note\n");
  g_autoptr(GDateTime) start = g_date_time_new_utc (2001, 1, 1, 0, 0, 0);
  char *path = g_build_filename (f->dir, name, NULL);

  for (guint i = from; i <= to; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (start, i);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

      g_string_append_printf (text, "%s,08:00,%u,day %u\n", date, i % 11, i);
    }
  g_string_append (text, extra);
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));

  return path;
}

/* Without samples the rows go in many at a time: the duplicate check
 * must still see rows stored before, and only those. */
static void
test_duplicates_in_large_files (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *a = write_days (f, "a.csv", 0, 999, "");
  /* Days 999, 10 and 700 of the first file again at the end, out of
   * time order: three more duplicates. */
  g_autofree char *b = write_days (f, "b.csv", 500, 1499,
                                   "2003-09-27,08:00,9,day 999\n"
                                   "2001-01-11,08:00,10,day 10\n"
                                   "2002-12-02,08:00,7,day 700\n");
  g_autofree char *c = write_days (f, "c.csv", 2000, 2299, "");
  g_autoptr(GFile) file_a = g_file_new_for_path (a);
  g_autoptr(GFile) file_b = g_file_new_for_path (b);
  g_autoptr(GFile) file_c = g_file_new_for_path (c);
  g_autoptr(SalveImporter) first = salve_importer_new (f->db_path, f->anna, file_a);
  g_autoptr(SalveImporter) again = salve_importer_new (f->db_path, f->anna, file_a);
  g_autoptr(SalveImporter) overlap = salve_importer_new (f->db_path, f->anna, file_b);
  g_autoptr(SalveImporter) twice = salve_importer_new (f->db_path, f->bob, file_c);
  g_autoptr(SalveImporter) twice_again = salve_importer_new (f->db_path, f->bob, file_c);
  g_autoptr(GError) error = NULL;
  g_autofree char *doubled = NULL;
  g_autofree char *c_text = NULL;

  g_assert_true (salve_importer_run (first, NULL, &error));
  g_assert_no_error (error);
  ASSERT_COUNTS (first, 1000, 1000, 0, 0);

  g_assert_true (salve_importer_run (again, NULL, &error));
  g_assert_no_error (error);
  ASSERT_COUNTS (again, 1000, 0, 1000, 0);

  g_assert_true (salve_importer_run (overlap, NULL, &error));
  g_assert_no_error (error);
  ASSERT_COUNTS (overlap, 1003, 500, 503, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->anna), ==, 1500);

  /* The same 300 days twice in one file, into a profile with no diary:
   * each row is there twice, and the file again adds nothing. */
  g_assert_true (g_file_get_contents (c, &c_text, NULL, NULL));
  doubled = g_strconcat (c_text, strchr (c_text, '\n') + 1, NULL);
  g_assert_true (g_file_set_contents (c, doubled, -1, NULL));
  g_assert_true (salve_importer_run (twice, NULL, &error));
  g_assert_no_error (error);
  ASSERT_COUNTS (twice, 600, 600, 0, 0);
  g_assert_true (salve_importer_run (twice_again, NULL, &error));
  g_assert_no_error (error);
  ASSERT_COUNTS (twice_again, 600, 0, 600, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->bob), ==, 600);
}

/* The write fails on the last row of a file that goes in many rows at a
 * time (a full disk, an I/O error): the import fails with that error and
 * keeps none of the rows written before it. @data: the last day of the
 * file, 299 for a file of one batch (written without the writer thread),
 * 2999 for one the writer thread writes. */
static void
test_writer_failure_stores_nothing (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *path = write_days (f, "fails.csv", 0, GPOINTER_TO_UINT (data),
                                      "2002-06-01,08:00,4,the row that fails\n");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SalveImporter) importer = salve_importer_new (f->db_path, f->anna, file);
  g_autoptr(GError) error = NULL;

  g_assert_true (salve_db_exec (f->db, "CREATE TRIGGER fail_one BEFORE INSERT ON diary_entries "
                                       "WHEN NEW.note = 'the row that fails' "
                                       "BEGIN SELECT RAISE(FAIL, 'disk I/O error'); END", &error));
  g_assert_no_error (error);

  g_assert_false (salve_importer_run (importer, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "disk I/O error"));
  g_assert_false (salve_importer_get_committed (importer));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries", 0), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM imports", 0), ==, 0);
}

/* The writer makes the database ready while the file is read: when it
 * cannot (here the patient was removed after the import was asked for),
 * the file's reading stops with its reason, though it has more rows than
 * the batches in flight, and nothing is stored. */
static void
test_not_ready_stores_nothing (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *path = write_days (f, "gone.csv", 0, 9999, "");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SalveImporter) importer = salve_importer_new (f->db_path, f->anna + 1000, file);
  g_autoptr(GError) error = NULL;

  g_assert_false (salve_importer_run (importer, NULL, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
  g_assert_false (salve_importer_get_committed (importer));
  /* Stopped at the first batch it sent, not at the end of the file. */
  g_assert_cmpuint (salve_importer_get_counts (importer)->read, <, 10000);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries", 0), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM imports", 0), ==, 0);
}

static void
test_dry_run_stores_nothing (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *path = fixture_path ("bad-rows.csv");
  g_autoptr(SalveImporter) importer = run_import (f, f->anna, path, TRUE, FALSE);
  GPtrArray *samples = salve_importer_get_samples (importer);
  SalveImportSample *first;

  ASSERT_COUNTS (importer, 8, 2, 0, 6);
  g_assert_false (salve_importer_get_committed (importer));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries", 0), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM imports", 0), ==, 0);

  /* The preview: the first rows as they would be stored, with reasons. */
  g_assert_cmpuint (samples->len, ==, 5);
  first = g_ptr_array_index (samples, 0);
  g_assert_cmpint (first->status, ==, SALVE_IMPORT_ROW_NEW);
  g_assert_cmpuint (first->line, ==, 2);
  g_assert_cmpstr (first->values[SALVE_CSV_FIELD_PAIN], ==, "3");
  g_assert_true (g_str_has_prefix (first->values[SALVE_CSV_FIELD_AT], "2026-03-01T08:00:00"));
  g_assert_cmpint (((SalveImportSample *) g_ptr_array_index (samples, 1))->status, ==, SALVE_IMPORT_ROW_REJECTED);
  g_assert_nonnull (((SalveImportSample *) g_ptr_array_index (samples, 1))->reason);
}

static void
test_strict_stores_nothing (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = fixture_path ("bad-rows.csv");
  g_autoptr(SalveImporter) importer = run_import (f, f->anna, path, FALSE, TRUE);
  GPtrArray *rejects = salve_importer_get_rejects (importer);
  SalveImportReject *reject;

  ASSERT_COUNTS (importer, 8, 2, 0, 6);
  g_assert_false (salve_importer_get_committed (importer));
  g_assert_cmpint (salve_import_counts_verdict (salve_importer_get_counts (importer), TRUE), ==, 4);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries", 0), ==, 0);

  g_assert_cmpuint (rejects->len, ==, 6);
  reject = g_ptr_array_index (rejects, 0);
  g_assert_cmpuint (reject->line, ==, 3);
  g_assert_cmpint (reject->column, ==, 2);
  g_assert_cmpstr (reject->column_name, ==, "pijn");
  g_assert_cmpstr (reject->cells[3], ==, "pain too high");
}

static void
test_partial_verdict (Fixture       *f,
                      gconstpointer  data)
{
  SalveImportCounts all = { 3, 3, 0, 0 };
  SalveImportCounts dups = { 3, 0, 3, 0 };
  SalveImportCounts part = { 3, 1, 1, 1 };
  SalveImportCounts none = { 3, 0, 0, 3 };

  g_assert_cmpint (salve_import_counts_verdict (&all, FALSE), ==, 0);
  g_assert_cmpint (salve_import_counts_verdict (&dups, FALSE), ==, 0);
  g_assert_cmpint (salve_import_counts_verdict (&part, FALSE), ==, 3);
  g_assert_cmpint (salve_import_counts_verdict (&part, TRUE), ==, 4);
  g_assert_cmpint (salve_import_counts_verdict (&none, FALSE), ==, 4);
}

static void
cancel_on_reject (const SalveImportReject *reject,
                  gpointer                 user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel_leaves_db_as_before (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *before = fixture_path ("overlap-a.csv");
  g_autofree char *path = g_build_filename (f->dir, "big.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("date,time,pain\n");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SalveImporter) first = run_import (f, f->anna, before, FALSE, FALSE);
  g_autoptr(SalveImporter) importer = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  /* Thousands of good rows, one bad one in the middle that cancels. */
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (csv, "2025-%02u-%02u,%02u:%02u,%u\n", 1 + i % 12, 1 + i % 28, i % 24, i % 60,
                            i == 10000 ? 11 : i % 11);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));

  file = g_file_new_for_path (path);
  importer = salve_importer_new (f->db_path, f->anna, file);
  salve_importer_set_reject_func (importer, cancel_on_reject, cancellable);
  g_assert_false (salve_importer_run (importer, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (salve_importer_get_counts (importer)->read, <, 20000);
  g_assert_cmpuint (salve_importer_get_counts (importer)->read, >, 10000);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries", 0), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM imports", 0), ==, 1);
}

/* The preview (samples, one thread) and the import (writer thread) must
 * count the same: duplicates of rows stored before, and identical rows
 * within the file, which are not duplicates. */
static void
test_preview_and_import_agree (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "many.csv", NULL);
  g_autofree char *seed_path = g_build_filename (f->dir, "seed.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("date,time,pain,note\n");
  g_autoptr(GString) seed = g_string_new ("date,time,pain,note\n");
  g_autoptr(SalveImporter) seeded = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(SalveImporter) preview = NULL;
  g_autoptr(SalveImporter) importer = NULL;
  g_autoptr(SalveImporter) again = NULL;
  const SalveImportCounts *a, *b, *c;

  for (guint i = 0; i < 6000; i++)
    {
      g_autofree char *row = g_strdup_printf ("2025-%02u-%02u,%02u:00,%u,%s\n", 1 + (i / 28) % 12, 1 + i % 28,
                                              (i / 336) % 24, i % 13 == 0 ? 12 : i % 11, i % 5 == 0 ? "same" : "");

      g_string_append (csv, row);
      if (i % 6 == 0)
        g_string_append (csv, row);  /* the same row twice */
      if (i % 7 == 0)
        g_string_append (seed, row);  /* stored before */
    }
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));
  g_assert_true (g_file_set_contents (seed_path, seed->str, seed->len, NULL));
  file = g_file_new_for_path (path);
  seeded = run_import (f, f->anna, seed_path, FALSE, FALSE);

  preview = run_import (f, f->anna, path, TRUE, FALSE);
  importer = salve_importer_new (f->db_path, f->anna, file);
  g_assert_true (salve_importer_run (importer, NULL, NULL));

  a = salve_importer_get_counts (preview);
  b = salve_importer_get_counts (importer);
  g_assert_cmpuint (a->read, ==, 7000);
  g_assert_cmpuint (a->duplicates, >, 0);
  g_assert_cmpuint (a->rejected, >, 0);
  g_assert_cmpuint (a->imported, ==, b->imported);
  g_assert_cmpuint (a->duplicates, ==, b->duplicates);
  g_assert_cmpuint (a->rejected, ==, b->rejected);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->anna), ==,
                   b->imported + salve_importer_get_counts (seeded)->imported);

  /* The same big file again, through the batched path: nothing new. */
  again = salve_importer_new (f->db_path, f->anna, file);
  g_assert_true (salve_importer_run (again, NULL, NULL));
  c = salve_importer_get_counts (again);
  g_assert_cmpuint (c->imported, ==, 0);
  g_assert_cmpuint (c->duplicates, ==, b->imported + b->duplicates);
  g_assert_cmpuint (c->rejected, ==, b->rejected);
}

static void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (salve_importer_run_finish (SALVE_IMPORTER (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_async_in_thread (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = fixture_path ("tab-nrs-short-years.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SalveImporter) importer = salve_importer_new (f->db_path, f->anna, file);
  gboolean done = FALSE;

  salve_importer_run_async (importer, NULL, on_async_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  ASSERT_COUNTS (importer, 2, 2, 0, 0);
  g_assert_cmpfloat (salve_importer_get_progress (importer), ==, 1.0);
  /* The app's own connection sees the committed rows. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->anna), ==, 2);
}

/* An import on the caller's own connection stores the same, rolls back
 * the same, and leaves the connection as it found it: foreign keys and
 * CHECK constraints on, its own page cache size. */
static void
test_on_given_connection (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = fixture_path ("tab-nrs-short-years.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SalveImporter) importer = NULL;
  g_autoptr(SalveImporter) dry = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (salve_db_exec (f->db, "PRAGMA cache_size = -1234", &error));

  dry = salve_importer_new_for_db (f->db, f->anna, file);
  salve_importer_set_dry_run (dry, TRUE);
  g_assert_true (salve_importer_run (dry, NULL, &error));
  g_assert_no_error (error);
  ASSERT_COUNTS (dry, 2, 2, 0, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries", 0), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM imports", 0), ==, 0);

  importer = salve_importer_new_for_db (f->db, f->anna, file);
  g_assert_true (salve_importer_run (importer, NULL, &error));
  g_assert_no_error (error);
  ASSERT_COUNTS (importer, 2, 2, 0, 0);
  g_assert_true (salve_importer_get_committed (importer));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->anna), ==, 2);

  g_assert_cmpint (query_int (f, "PRAGMA foreign_keys", 0), ==, 1);
  g_assert_cmpint (query_int (f, "PRAGMA ignore_check_constraints", 0), ==, 0);
  g_assert_cmpint (query_int (f, "PRAGMA cache_size", 0), ==, -1234);
  /* Outside a transaction: the next write commits on its own. */
  g_assert_true (salve_db_exec (f->db, "BEGIN IMMEDIATE; ROLLBACK", &error));
  g_assert_no_error (error);
}

static void
test_rejects_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = fixture_path ("bad-rows.csv");
  g_autofree char *rejects_path = g_build_filename (f->dir, "rejects.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) rejects = g_file_new_for_path (rejects_path);
  g_autoptr(SalveImporter) importer = salve_importer_new (f->db_path, f->anna, file);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  salve_importer_set_rejects_file (importer, rejects);
  g_assert_true (salve_importer_run (importer, NULL, NULL));
  g_assert_true (g_file_get_contents (rejects_path, &contents, NULL, NULL));

  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 8);  /* header, 6 rows, "" */
  g_assert_cmpstr (lines[0], ==, "\xEF\xBB\xBF" "datum,tijd,pijn,notitie,line,column,reason");
  g_assert_cmpstr (lines[1], ==, "02-03-2026,08:00,11,pain too high,3,3,pain 11 is outside 0–10");
  g_assert_true (g_str_has_prefix (lines[6], ",08:00,4,date empty,8,1,"));

  /* A row with a cell beyond the header: that cell goes into the last
   * column, so that line, column and reason stay under their header. */
  {
    g_autofree char *extra_path = g_build_filename (f->dir, "extra.csv", NULL);
    g_autoptr(GFile) extra = g_file_new_for_path (extra_path);
    g_autoptr(SalveImporter) again = salve_importer_new (f->db_path, f->anna, extra);
    g_autofree char *saved = NULL;
    g_auto(GStrv) rows = NULL;

    g_assert_true (g_file_set_contents (extra_path, "datum;pijn;opmerking\r\n07-03-2026;4;ok;extra cel\r\n", -1, NULL));
    salve_importer_set_rejects_file (again, rejects);
    g_assert_true (salve_importer_run (again, NULL, NULL));
    g_assert_true (g_file_get_contents (rejects_path, &saved, NULL, NULL));
    rows = g_strsplit (saved, "\r\n", -1);
    g_assert_cmpstr (rows[0], ==, "\xEF\xBB\xBF" "datum;pijn;opmerking;line;column;reason");
    g_assert_true (g_str_has_prefix (rows[1], "07-03-2026;4;\"ok;extra cel\";2;4;"));
  }
}

static void
keep_reject (const SalveImportReject *reject,
             gpointer                 user_data)
{
  g_ptr_array_add (user_data, g_strdup_printf ("%u:%d:%s:%s", reject->line, reject->column,
                                               reject->column_name, reject->reason));
}

static void
test_unclosed_quote_rejected (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "unclosed.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SalveImporter) importer = salve_importer_new (f->db_path, f->anna, file);
  g_autoptr(GPtrArray) rejects = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  /* The quote opened on line 3 is never closed: line 4 would end up in
   * its note, and be lost without a word. */
  g_assert_true (g_file_set_contents (path,
                                      "date,pain,note\n"
                                      "2026-01-31,3,fine\n"
                                      "2026-02-01,4,\"abc\n"
                                      "2026-02-02,5,x\n", -1, NULL));
  salve_importer_set_reject_func (importer, keep_reject, rejects);
  g_assert_true (salve_importer_run (importer, NULL, &error));
  g_assert_no_error (error);

  ASSERT_COUNTS (importer, 2, 1, 0, 1);
  g_assert_cmpuint (rejects->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (rejects, 0), ==,
                   "3:2:note:the closing quote (\") is missing: the cell that starts on line 3 runs to the end of the file");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->anna), ==, 1);
}

/* A diary row dated more than a day ahead (a phone's clock years off, a
 * mistyped year) is rejected with its line: stored, it would draw the
 * chart into the future and count there. A day of grace is kept. */
static void
test_future_rows_rejected (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "future.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SalveImporter) importer = salve_importer_new (f->db_path, f->anna, file);
  g_autoptr(GPtrArray) rejects = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) soon = g_date_time_add_hours (now, 20);
  g_autoptr(GDateTime) next_year = g_date_time_add_years (now, 1);
  g_autofree char *a = g_date_time_format (yesterday, "%Y-%m-%d,%H:%M");
  g_autofree char *b = g_date_time_format (soon, "%Y-%m-%d,%H:%M");
  g_autofree char *c = g_date_time_format (next_year, "%Y-%m-%d,%H:%M");
  g_autofree char *c_date = g_date_time_format (next_year, "%Y-%m-%d %H:%M");
  g_autofree char *contents = g_strdup_printf ("date,time,pain,medication\n%s,3,\n%s,4,\n%s,5,\n%s,,Paracetamol\n",
                                               a, b, c, c);
  g_autofree char *read_as = salve_time_format_date_time (next_year);
  g_autofree char *expected = g_strdup_printf ("4:0:date:the date “%s” lies in the future (read as %s)", c_date,
                                               read_as);
  g_autofree char *expected_intake = g_strdup_printf ("5:0:date:the date “%s” lies in the future (read as %s)",
                                                      c_date, read_as);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  salve_importer_set_reject_func (importer, keep_reject, rejects);
  g_assert_true (salve_importer_run (importer, NULL, &error));
  g_assert_no_error (error);

  ASSERT_COUNTS (importer, 4, 2, 0, 2);
  g_assert_cmpuint (rejects->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (rejects, 0), ==, expected);
  g_assert_cmpstr (g_ptr_array_index (rejects, 1), ==, expected_intake);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1 AND pain = 5", f->anna), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM medication_intakes WHERE profile_id = ?1", f->anna), ==, 0);
}

static void
test_unclosed_quote_in_header (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", "csv", "unclosed-quote.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SalveImporter) importer = salve_importer_new (f->db_path, f->anna, file);
  g_autoptr(GError) error = NULL;

  /* "unclosed,quote\n1,2\n is all header: there is nothing to import. */
  g_assert_false (salve_importer_run (importer, NULL, &error));
  g_assert_error (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "starts on line 1"));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM imports", 0), ==, 0);
}

/* ---- export and round trip ---------------------------------------------- */

G_GNUC_PRINTF (2, 3)
static void
exec_with_profile (Fixture    *f,
                   const char *sql,
                   ...)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, sql);
  text = g_strdup_vprintf (sql, args);
  va_end (args);

  g_assert_true (salve_db_exec (f->db, text, &error));
  g_assert_no_error (error);
}

static void
seed_profile (Fixture *f,
              gint64   profile_id)
{
  exec_with_profile (f,
    "INSERT INTO diary_entries (profile_id, at, at_unix, pain, region, fatigue, sleep_quality, activities, note, success) VALUES "
    "(%1$" G_GINT64_FORMAT ", '2026-03-01T08:00:00+01:00', 1772348400, 6, 'lower-back', 5, NULL, 'walk, 20 min', '=HYPERLINK(\"http://x\")', 1),"
    "(%1$" G_GINT64_FORMAT ", '2026-03-01T20:00:00+01:00', 1772391600, 4, '', NULL, 7, '', '- bullet' || char(10) || '- second \"line\"', 0),"
    "(%1$" G_GINT64_FORMAT ", '2026-07-01T09:00:00+02:00', 1782889200, 0, '@home', NULL, NULL, '+ extra', '''=already guarded', 0),"
    "(%1$" G_GINT64_FORMAT ", '2026-07-02T09:00:00+02:00', 1782975600, 10, ' spaced ', 0, 10, char(9) || 'tab first', '''s avonds erger', 0);",
    profile_id);
  exec_with_profile (f,
    "INSERT INTO sessions (profile_id, device_name, modality, site, program, params_json, planned_minutes, started_at, "
    "  started_unix, ended_at, outcome, outcome_reason, pain_before, pain_after, side_effects, skin_check, note) VALUES "
    "(%1$" G_GINT64_FORMAT ", 'TENS 2', 'tens', 'knee', 'Burst', '{\"frequency_hz\":2,\"pulse_us\":200}', 0.1, '2026-03-01T09:00:00+01:00', "
    "  1772352000, '2026-03-01T09:20:00+01:00', 'stopped', 'tingling, too strong', 6, 5, '-red skin', 'ok', 'note'),"
    "(%1$" G_GINT64_FORMAT ", '', 'laser', 'elbow', '', '{}', NULL, NULL, NULL, NULL, 'planned', '', NULL, NULL, '', '', '');",
    profile_id);
}

static char *
export_to (Fixture            *f,
           gint64              profile_id,
           SalveCsvExportKind  kind,
           const char         *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (salve_exporter_export (f->db, profile_id, kind, FALSE, file, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));

  return contents;
}

static const char *diary_columns =
  "at, at_unix, pain, region, fatigue, sleep_quality, activities, note, success";
static const char *session_columns =
  "device_name, modality, site, program, params_json, planned_minutes, started_at, started_unix, "
  "ended_at, outcome, outcome_reason, pain_before, pain_after, side_effects, skin_check, note";

/* The rows of a profile as one text, for comparing two profiles. */
static char *
dump_rows (Fixture    *f,
           const char *table,
           const char *columns,
           gint64      profile_id)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(SalveStmt) stmt = NULL;
  g_auto(GStrv) names = g_strsplit (columns, ", ", -1);
  g_autoptr(GString) select = g_string_new ("SELECT ");

  for (guint i = 0; names[i]; i++)
    g_string_append_printf (select, "%squote(%s)", i ? " || '|' || " : "", names[i]);
  g_string_append_printf (select, " FROM %s WHERE profile_id = ?1 ORDER BY id", table);

  stmt = salve_db_prepare (f->db, select->str, NULL);
  g_assert_nonnull (stmt);
  salve_stmt_bind_int64 (stmt, 1, profile_id, NULL);
  while (salve_stmt_step (stmt, NULL))
    g_string_append_printf (out, "%s\n", salve_stmt_get_text (stmt, 0));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *path = g_build_filename (f->dir, "anna.csv", NULL);
  g_autofree char *anna_diary = NULL, *bob_diary = NULL, *anna_sessions = NULL, *bob_sessions = NULL;
  g_autoptr(SalveImporter) importer = NULL;

  seed_profile (f, f->anna);
  first = export_to (f, f->anna, SALVE_CSV_EXPORT_ALL, "anna.csv");

  importer = run_import (f, f->bob, path, FALSE, FALSE);
  ASSERT_COUNTS (importer, 6, 6, 0, 0);

  second = export_to (f, f->bob, SALVE_CSV_EXPORT_ALL, "bob.csv");
  g_assert_cmpstr (first, ==, second);

  anna_diary = dump_rows (f, "diary_entries", diary_columns, f->anna);
  bob_diary = dump_rows (f, "diary_entries", diary_columns, f->bob);
  g_assert_cmpstr (anna_diary, ==, bob_diary);
  anna_sessions = dump_rows (f, "sessions", session_columns, f->anna);
  bob_sessions = dump_rows (f, "sessions", session_columns, f->bob);
  g_assert_cmpstr (anna_sessions, ==, bob_sessions);
}

/* For a spreadsheet in Dutch: semicolons between the cells and a decimal
 * comma in the planned minutes. It imports back as the comma file does. */
static void
test_round_trip_semicolons (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "anna-nl.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) copy_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveImporter) importer = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *copy_path = g_build_filename (f->dir, "bob-nl.csv", NULL);
  g_autofree char *anna_sessions = NULL, *bob_sessions = NULL;
  g_autofree char *anna_commas = NULL, *bob_commas = NULL;
  guint64 rows = 0;

  seed_profile (f, f->anna);
  g_assert_true (salve_exporter_export_separated (f->db, f->anna, SALVE_CSV_EXPORT_ALL, FALSE, ';', file, NULL, &rows,
                                                  &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 6);
  g_assert_true (g_file_get_contents (path, &first, NULL, NULL));
  g_assert_true (g_str_has_prefix (first, "\xEF\xBB\xBF" "kind;at;pain;region;"));
  g_assert_nonnull (strstr (first, ";0,1;stopped;"));
  /* A comma is no separator here: its cell needs no quotes. */
  g_assert_nonnull (strstr (first, ";tingling, too strong;"));

  importer = run_import (f, f->bob, path, FALSE, FALSE);
  ASSERT_COUNTS (importer, 6, 6, 0, 0);
  anna_sessions = dump_rows (f, "sessions", session_columns, f->anna);
  bob_sessions = dump_rows (f, "sessions", session_columns, f->bob);
  g_assert_cmpstr (anna_sessions, ==, bob_sessions);

  copy_file = g_file_new_for_path (copy_path);
  g_assert_true (salve_exporter_export_separated (f->db, f->bob, SALVE_CSV_EXPORT_ALL, FALSE, ';', copy_file, NULL,
                                                  NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (copy_path, &again, NULL, NULL));
  g_assert_cmpstr (again, ==, first);
  anna_commas = export_to (f, f->anna, SALVE_CSV_EXPORT_ALL, "anna.csv");
  bob_commas = export_to (f, f->bob, SALVE_CSV_EXPORT_ALL, "bob.csv");
  g_assert_cmpstr (bob_commas, ==, anna_commas);
  g_assert_nonnull (strstr (anna_commas, ",0.1,stopped,"));
}

static void
test_round_trip_each_kind (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *diary = NULL;
  g_autofree char *sessions = NULL;
  g_autofree char *diary_path = g_build_filename (f->dir, "diary.csv", NULL);
  g_autofree char *sessions_path = g_build_filename (f->dir, "sessions.csv", NULL);
  g_autoptr(SalveImporter) a = NULL;
  g_autoptr(SalveImporter) b = NULL;

  seed_profile (f, f->anna);
  diary = export_to (f, f->anna, SALVE_CSV_EXPORT_DIARY, "diary.csv");
  sessions = export_to (f, f->anna, SALVE_CSV_EXPORT_SESSIONS, "sessions.csv");
  g_assert_true (g_str_has_prefix (diary, "\xEF\xBB\xBF" "at,pain,region,fatigue,sleep,stress,activities,success,"
                                           "activity_minutes,new_weakness,numbness,medication,dose,as_needed,note\r\n"));
  g_assert_true (g_str_has_prefix (sessions, "\xEF\xBB\xBF" "started_at,ended_at,device,modality,site,"));

  a = run_import (f, f->bob, diary_path, FALSE, FALSE);
  b = run_import (f, f->bob, sessions_path, FALSE, FALSE);
  ASSERT_COUNTS (a, 4, 4, 0, 0);
  ASSERT_COUNTS (b, 2, 2, 0, 0);
}


static void
seed_medication (Fixture *f,
                 gint64   profile_id)
{
  exec_with_profile (f,
    "INSERT INTO medication_intakes (profile_id, at, at_unix, name, dose, as_needed, note) VALUES "
    "(%1$" G_GINT64_FORMAT ", '2026-03-01T08:00:00+01:00', 1772348400, 'Paracetamol', '500 mg', 0, ''),"
    "(%1$" G_GINT64_FORMAT ", '2026-03-01T22:00:00+01:00', 1772398800, '=cmd', '2 tabletten', 1, 'slecht geslapen');",
    profile_id);
}

static const char *medication_columns = "at, at_unix, name, dose, as_needed, note";

/* A diary entry's care plan values, one line per entry. */
#define CARE_ROWS \
  "(SELECT id, profile_id, at, new_weakness, numbness," \
  "  (SELECT group_concat (activity || '=' || minutes, ' ') FROM" \
  "    (SELECT activity, minutes FROM diary_activities WHERE entry_id = e.id ORDER BY activity)) AS minutes" \
  "  FROM diary_entries e)"

static const char *care_columns = "at, new_weakness, numbness, minutes";

/* Activity minutes and the warning signs go out with the diary and come
 * back the same, in both layouts that carry the diary; a second import
 * finds only duplicates, and the copy exports as the same file. */
static void
test_care_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  static const SalveCsvExportKind kinds[] = { SALVE_CSV_EXPORT_DIARY, SALVE_CSV_EXPORT_ALL };
  g_autoptr(GError) error = NULL;

  seed_profile (f, f->anna);
  exec_with_profile (f,
    "UPDATE diary_entries SET new_weakness = 1 WHERE profile_id = %1$" G_GINT64_FORMAT " AND pain = 6;"
    "UPDATE diary_entries SET numbness = 1 WHERE profile_id = %1$" G_GINT64_FORMAT " AND pain IN (6, 0);"
    "INSERT INTO diary_activities (entry_id, activity, minutes)"
    "  SELECT id, 'walking', 30 FROM diary_entries WHERE profile_id = %1$" G_GINT64_FORMAT " AND pain IN (6, 10);"
    "INSERT INTO diary_activities (entry_id, activity, minutes)"
    "  SELECT id, 'screen-work', 240 FROM diary_entries WHERE profile_id = %1$" G_GINT64_FORMAT " AND pain = 6;"
    "INSERT INTO diary_activities (entry_id, activity, minutes)"
    "  SELECT id, 'tai-chi', 0 FROM diary_entries WHERE profile_id = %1$" G_GINT64_FORMAT " AND pain = 4;",
    f->anna);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *name = g_strdup_printf ("care-%u.csv", k);
      g_autofree char *again_name = g_strdup_printf ("care-copy-%u.csv", k);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autofree char *first = export_to (f, f->anna, kinds[k], name);
      g_autofree char *second = NULL;
      g_autofree char *anna = NULL, *bob = NULL;
      g_autoptr(SalveImporter) importer = NULL;
      g_autoptr(SalveImporter) again = NULL;
      guint n = kinds[k] == SALVE_CSV_EXPORT_DIARY ? 4 : 6;

      exec_with_profile (f, "DELETE FROM diary_entries WHERE profile_id = %" G_GINT64_FORMAT ";", f->bob);
      exec_with_profile (f, "DELETE FROM sessions WHERE profile_id = %" G_GINT64_FORMAT ";", f->bob);

      g_assert_nonnull (strstr (first, ",screen-work=240 walking=30,1,1,"));
      g_assert_nonnull (strstr (first, ",tai-chi=0,0,0,"));

      importer = run_import (f, f->bob, path, FALSE, FALSE);
      ASSERT_COUNTS (importer, n, n, 0, 0);
      anna = dump_rows (f, CARE_ROWS, care_columns, f->anna);
      bob = dump_rows (f, CARE_ROWS, care_columns, f->bob);
      g_assert_cmpstr (bob, ==, anna);
      g_assert_nonnull (strstr (bob, "|1|1|'screen-work=240 walking=30'\n"));
      g_assert_nonnull (strstr (bob, "|0|1|NULL\n"));

      second = export_to (f, f->bob, kinds[k], again_name);
      g_assert_cmpstr (second, ==, first);

      again = run_import (f, f->bob, path, FALSE, FALSE);
      ASSERT_COUNTS (again, n, 0, n, 0);
      g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_activities", 0), ==, 8);
    }
  g_assert_no_error (error);
}

/* What a spreadsheet may call them, in Dutch; many rows go in at a time
 * beside the ones with activity minutes; a cell that is not pairs of an
 * activity and its minutes rejects its row. */
static void
test_care_from_spreadsheet (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "activiteiten.csv", NULL);
  g_autoptr(GString) text = g_string_new ("Datum;Tijd;Pijn;Minuten activiteit;Nieuwe zwakte;Gevoelloosheid\n");
  g_autoptr(SalveImporter) importer = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  const SalveImportReject *reject;

  for (guint i = 0; i < 600; i++)
    g_string_append_printf (text, "%02u-03-2026;%02u:%02u;%u;%s;%s;%s\n", 1 + i / 48, (i / 2) % 24, (i % 2) * 30,
                            i % 11, i % 5 == 0 ? "Walking=30, fietsen-buiten=15" : "",
                            i % 7 == 0 ? "ja" : "nee", i % 3 == 0 ? "x" : "");
  g_string_append (text,
                   "14-03-2026;08:00;3;wandelen;;\n"
                   "14-03-2026;09:00;3;walking=1441;;\n"
                   "14-03-2026;10:00;3;walking=5 walking=6;;\n"
                   "14-03-2026;11:00;3;Wandelen met de hond=20;;\n"
                   "14-03-2026;12:00;3;;misschien;\n");
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));

  /* No samples: the rows go in many at a time. */
  file = g_file_new_for_path (path);
  importer = salve_importer_new (f->db_path, f->anna, file);
  g_assert_true (salve_importer_run (importer, NULL, &error));
  g_assert_no_error (error);
  ASSERT_COUNTS (importer, 605, 600, 0, 5);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_activities WHERE activity = 'walking' AND minutes = 30"
                                 " AND ?1", 1), ==, 120);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_activities WHERE activity = 'fietsen-buiten'"
                                 " AND minutes = 15 AND ?1", 1), ==, 120);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE new_weakness AND profile_id = ?1",
                              f->anna), ==, 86);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE numbness AND profile_id = ?1",
                              f->anna), ==, 200);

  reject = g_ptr_array_index (salve_importer_get_rejects (importer), 0);
  g_assert_nonnull (strstr (reject->reason, "not pairs such as walking=30"));
  reject = g_ptr_array_index (salve_importer_get_rejects (importer), 1);
  g_assert_nonnull (strstr (reject->reason, "0 to 1440 minutes"));
  reject = g_ptr_array_index (salve_importer_get_rejects (importer), 2);
  g_assert_nonnull (strstr (reject->reason, "twice"));
  reject = g_ptr_array_index (salve_importer_get_rejects (importer), 3);
  g_assert_nonnull (strstr (reject->reason, "not pairs"));
  reject = g_ptr_array_index (salve_importer_get_rejects (importer), 4);
  g_assert_nonnull (strstr (reject->reason, "new weakness"));
}

/* Intakes go out with the diary and come back the same, in every layout
 * that carries them; a second import finds only duplicates. */
static void
test_medication_round_trip (Fixture       *f,
                            gconstpointer  data)
{
  static const SalveCsvExportKind kinds[] = { SALVE_CSV_EXPORT_DIARY, SALVE_CSV_EXPORT_ALL };

  seed_profile (f, f->anna);
  seed_medication (f, f->anna);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *name = g_strdup_printf ("anna-%u.csv", k);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autofree char *first = export_to (f, f->anna, kinds[k], name);
      g_autofree char *anna = NULL, *bob = NULL;
      g_autoptr(SalveImporter) importer = NULL;
      g_autoptr(SalveImporter) again = NULL;
      guint n = kinds[k] == SALVE_CSV_EXPORT_DIARY ? 6 : 8;

      exec_with_profile (f, "DELETE FROM medication_intakes WHERE profile_id = %" G_GINT64_FORMAT ";", f->bob);
      exec_with_profile (f, "DELETE FROM diary_entries WHERE profile_id = %" G_GINT64_FORMAT ";", f->bob);
      exec_with_profile (f, "DELETE FROM sessions WHERE profile_id = %" G_GINT64_FORMAT ";", f->bob);

      /* The formula-like name is guarded on the way out. */
      g_assert_nonnull (strstr (first, "\"'=cmd\",2 tabletten,as-needed,"));

      importer = run_import (f, f->bob, path, FALSE, FALSE);
      ASSERT_COUNTS (importer, n, n, 0, 0);
      anna = dump_rows (f, "medication_intakes", medication_columns, f->anna);
      bob = dump_rows (f, "medication_intakes", medication_columns, f->bob);
      g_assert_cmpstr (bob, ==, anna);

      again = run_import (f, f->bob, path, FALSE, FALSE);
      ASSERT_COUNTS (again, n, 0, n, 0);
    }
}

/* What people keep in a spreadsheet: an intake beside the pain, or on a
 * row of its own; the Dutch column names are understood. */
static void
test_medication_from_spreadsheet (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "medicatie.csv", NULL);
  g_autoptr(SalveImporter) importer = NULL;
  g_autofree char *diary = NULL;
  g_autofree char *intakes = NULL;
  const SalveImportReject *reject;

  g_assert_true (g_file_set_contents (path,
    "Datum;Tijd;Pijn;Medicatie;Dosis;Zo nodig;Opmerking\n"
    "02-03-2026;08:00;6;Paracetamol;1000 mg;nee;ochtend\n"
    "02-03-2026;14:00;;Ibuprofen;400 mg;ja;na de lunch\n"
    "03-03-2026;09:00;4;;;;\n"
    "03-03-2026;10:00;;;400 mg;;\n"
    "03-03-2026;11:00;3;Naproxen;;soms;\n", -1, NULL));

  importer = run_import (f, f->anna, path, FALSE, FALSE);
  ASSERT_COUNTS (importer, 5, 3, 0, 2);

  diary = dump_rows (f, "diary_entries", "substr(at,1,16), pain, note", f->anna);
  g_assert_cmpstr (diary, ==,
                   "'2026-03-02T08:00'|6|'ochtend'\n"
                   "'2026-03-03T09:00'|4|''\n");
  intakes = dump_rows (f, "medication_intakes", "substr(at,1,16), name, dose, as_needed, note", f->anna);
  g_assert_cmpstr (intakes, ==,
                   "'2026-03-02T08:00'|'Paracetamol'|'1000 mg'|0|''\n"
                   "'2026-03-02T14:00'|'Ibuprofen'|'400 mg'|1|'na de lunch'\n");

  /* A dose without a medicine or pain, and a kind nobody can read, are said. */
  {
    g_autofree char *all_path = g_build_filename (f->dir, "kinds.csv", NULL);
    g_autoptr(SalveImporter) kinds = NULL;
    const SalveImportReject *pain_reject;

    /* A row of kind medication never drops a rating in silence. */
    g_assert_true (g_file_set_contents (all_path,
      "kind,at,pain,medication,modality,site,outcome\n"
      "medicatie,2026-03-04T08:00:00+01:00,,Paracetamol,,,\n"
      "medication,2026-03-04T09:00:00+01:00,5,Paracetamol,,,\n", -1, NULL));
    kinds = run_import (f, f->anna, all_path, FALSE, FALSE);
    ASSERT_COUNTS (kinds, 2, 1, 0, 1);
    pain_reject = g_ptr_array_index (salve_importer_get_rejects (kinds), 0);
    g_assert_cmpuint (pain_reject->line, ==, 3);
    g_assert_nonnull (strstr (pain_reject->reason, "no pain"));
  }
  reject = g_ptr_array_index (salve_importer_get_rejects (importer), 0);
  g_assert_cmpuint (reject->line, ==, 5);
  g_assert_nonnull (strstr (reject->reason, "is empty"));
  reject = g_ptr_array_index (salve_importer_get_rejects (importer), 1);
  g_assert_cmpuint (reject->line, ==, 6);
  g_assert_nonnull (strstr (reject->reason, "soms"));
}

static void
test_formula_cells_are_safe (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  seed_profile (f, f->anna);
  csv = export_to (f, f->anna, SALVE_CSV_EXPORT_DIARY, "diary.csv");
  lines = g_strsplit (csv, "\r\n", -1);

  /* No cell of the file starts with = + - @ tab or CR outside quotes and
   * an apostrophe; numbers stay numbers. */
  g_assert_cmpstr (lines[1], ==, "2026-03-01T08:00:00+01:00,6,lower-back,5,,,\"walk, 20 min\",1,,0,0,,,,\"'=HYPERLINK(\"\"http://x\"\")\"");
  g_assert_cmpstr (lines[2], ==, "2026-03-01T20:00:00+01:00,4,,,7,,,0,,0,0,,,,\"'- bullet\n- second \"\"line\"\"\"");
  g_assert_cmpstr (lines[3], ==, "2026-07-01T09:00:00+02:00,0,\"'@home\",,,,\"'+ extra\",0,,0,0,,,,\"''=already guarded\"");
  g_assert_cmpstr (lines[4], ==, "2026-07-02T09:00:00+02:00,10,\" spaced \",0,10,,\"'\ttab first\",0,,0,0,,,,'s avonds erger");
}

/* Stress goes out in its own column beside sleep, in the diary and the
 * `all` layout: a number 0–10, empty when not rated. */
static void
test_stress_exported (Fixture       *f,
                      gconstpointer  data)
{
  static const SalveCsvExportKind kinds[] = { SALVE_CSV_EXPORT_DIARY, SALVE_CSV_EXPORT_ALL };
  static const char * const expected[] = { NULL, "8", "", "0" };

  exec_with_profile (f,
    "INSERT INTO diary_entries (profile_id, at, at_unix, pain, fatigue, sleep_quality, stress) VALUES "
    "(%1$" G_GINT64_FORMAT ", '2026-03-01T08:00:00+01:00', 1772348400, 6, 5, 4, 8),"
    "(%1$" G_GINT64_FORMAT ", '2026-03-01T20:00:00+01:00', 1772391600, 4, NULL, NULL, NULL),"
    "(%1$" G_GINT64_FORMAT ", '2026-03-02T08:00:00+01:00', 1772434800, 3, NULL, NULL, 0);",
    f->anna);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *csv = export_to (f, f->anna, kinds[k], "stress.csv");
      g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);
      g_auto(GStrv) header = g_strsplit (lines[0], ",", -1);
      guint column = 0;

      while (header[column] != NULL && !g_str_equal (header[column], "stress"))
        column++;
      g_assert_nonnull (header[column]);
      g_assert_cmpstr (header[column - 1], ==, "sleep");

      for (guint i = 1; i <= 3; i++)
        {
          g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);

          g_assert_cmpuint (g_strv_length (cells), ==, g_strv_length (header));
          g_assert_cmpstr (cells[column], ==, expected[i]);
        }
    }
}

static void
test_own_export_reimports_as_duplicates (Fixture       *f,
                                         gconstpointer  data)
{
  g_autofree char *csv = NULL;
  g_autofree char *path = g_build_filename (f->dir, "anna.csv", NULL);
  g_autoptr(SalveImporter) importer = NULL;

  /* Rows typed in have no key; the import gives them one first. */
  seed_profile (f, f->anna);
  csv = export_to (f, f->anna, SALVE_CSV_EXPORT_ALL, "anna.csv");
  importer = run_import (f, f->anna, path, FALSE, FALSE);
  ASSERT_COUNTS (importer, 6, 0, 6, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->anna), ==, 4);
}

/* Exports everything of @profile_id and imports that file back into the
 * same profile: every row must be found as a duplicate. */
static void
assert_own_export_adds_nothing (Fixture *f,
                                gint64   profile_id)
{
  g_autofree char *path = g_build_filename (f->dir, "own.csv", NULL);
  g_autofree char *csv = export_to (f, profile_id, SALVE_CSV_EXPORT_ALL, "own.csv");
  g_autoptr(SalveImporter) importer = run_import (f, profile_id, path, FALSE, FALSE);
  const SalveImportCounts *counts = salve_importer_get_counts (importer);

  g_assert_cmpuint (counts->read, >, 0);
  g_assert_cmpuint (counts->imported, ==, 0);
  g_assert_cmpuint (counts->rejected, ==, 0);
  g_assert_cmpuint (counts->duplicates, ==, counts->read);
}

/* A session whose device refused to start has a start time and an audit
 * trail without a start: no treatment, counted nowhere. The copy, which
 * has no trail, gets it without the start time, so it counts nowhere
 * there either; the copy exports as the same file, and the original's
 * own export, imported back, adds nothing, even when an earlier import
 * keyed the session with its start. */
static void
test_never_started_stays_so (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "anna.csv", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *copied_start = NULL;
  g_autoptr(SalveImporter) copy = NULL;
  g_autoptr(SalveImporter) again = NULL;
  g_autoptr(SalveImporter) keyed = NULL;
  g_autofree char *keyed_path = fixture_path ("bom-crlf.csv");
  gint64 profiles[] = { f->anna, f->bob };

  exec_with_profile (f,
    "INSERT INTO sessions (id, profile_id, modality, site, started_at, started_unix, ended_at, outcome) VALUES "
    "(1, %1$" G_GINT64_FORMAT ", 'tens', 'knee', '2026-03-02T09:05:00+01:00', 1772438700,"
    "  '2026-03-02T09:35:00+01:00', 'completed'),"
    "(2, %1$" G_GINT64_FORMAT ", 'tens', 'knee', '2026-03-03T09:05:00+01:00', 1772525100,"
    "  '2026-03-03T09:05:02+01:00', 'interrupted');"
    "INSERT INTO session_events (session_id, at, kind) VALUES (1, '', 'start'), (1, '', 'stop'), (2, '', 'fault');"
    "INSERT INTO diary_entries (profile_id, at, at_unix, pain, session_id, session_phase) VALUES "
    "(%1$" G_GINT64_FORMAT ", '2026-03-02T09:00:00+01:00', 1772438400, 6, 1, 'before'),"
    "(%1$" G_GINT64_FORMAT ", '2026-03-02T09:40:00+01:00', 1772440800, 4, 1, 'after'),"
    "(%1$" G_GINT64_FORMAT ", '2026-03-03T09:00:00+01:00', 1772524800, 8, 2, 'before'),"
    "(%1$" G_GINT64_FORMAT ", '2026-03-03T09:10:00+01:00', 1772525400, 1, 2, 'after');",
    f->anna);

  /* An import before this export keyed the refused session with its start. */
  keyed = run_import (f, f->anna, keyed_path, FALSE, FALSE);
  g_assert_cmpint (query_int (f, "SELECT dedupe_key IS NOT NULL FROM sessions WHERE id = 2", 0), ==, 1);
  exec_with_profile (f, "DELETE FROM diary_entries WHERE profile_id = %" G_GINT64_FORMAT " AND session_id IS NULL;",
                     f->anna);

  first = export_to (f, f->anna, SALVE_CSV_EXPORT_ALL, "anna.csv");
  g_assert_null (strstr (first, "2026-03-03T09:05:00+01:00"));
  g_assert_nonnull (strstr (first, "2026-03-03T09:05:02+01:00"));

  copy = run_import (f, f->bob, path, FALSE, FALSE);
  ASSERT_COUNTS (copy, 6, 6, 0, 0);
  copied_start = dump_rows (f, "sessions", "outcome, started_at, started_unix", f->bob);
  g_assert_cmpstr (copied_start, ==, "'completed'|'2026-03-02T09:05:00+01:00'|1772438700\n"
                                     "'interrupted'|NULL|NULL\n");

  for (guint p = 0; p < G_N_ELEMENTS (profiles); p++)
    {
      g_autoptr(SalveDiaryStats) stats = salve_diary_repo_compute_stats (f->db, profiles[p], tz, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (stats->n_entries, ==, 4);
      g_assert_cmpuint (stats->sessions[SALVE_MODALITY_TENS].n_sessions, ==, 1);
      g_assert_cmpfloat (stats->sessions[SALVE_MODALITY_TENS].mean_before, ==, 6);
      g_assert_cmpfloat (stats->sessions[SALVE_MODALITY_TENS].mean_after, ==, 4);
    }

  second = export_to (f, f->bob, SALVE_CSV_EXPORT_ALL, "bob.csv");
  g_assert_cmpstr (second, ==, first);

  again = run_import (f, f->anna, path, FALSE, FALSE);
  ASSERT_COUNTS (again, 6, 0, 6, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sessions WHERE profile_id = ?1", f->anna), ==, 2);
}

static SalveImporter *
run_import_dates (Fixture           *f,
                  gint64             profile_id,
                  const char        *text,
                  SalveCsvDateOrder  order)
{
  g_autofree char *path = g_build_filename (f->dir, "dates.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  SalveImporter *importer = salve_importer_new (f->db_path, profile_id, file);
  gboolean ok;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  salve_importer_set_date_order (importer, order);
  salve_importer_set_sample_size (importer, 5);
  ok = salve_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  return importer;
}

/* The entries of @profile_id stored at @minute ("2026-03-02T08:30", in
 * whatever offset). */
static gint64
count_at (Fixture    *f,
          gint64      profile_id,
          const char *minute)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM diary_entries WHERE profile_id = ?1"
                                          " AND substr (at, 1, 16) = '%s'", minute);

  return query_int (f, sql, profile_id);
}

static gboolean
warned (SalveImporter *importer,
        const char    *text)
{
  GStrv warnings = salve_importer_get_warnings (importer);

  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    if (strstr (warnings[i], text) != NULL)
      return TRUE;
  return FALSE;
}

/* An American spreadsheet writes the month first: 3/2/2026 is 2 March
 * there, and read day first it would be stored as 3 February without a
 * word. The file's dates that read one way only decide, most of them
 * winning; a file whose dates all read both ways is read day first and
 * says so; the person may choose. */
static void
test_date_order_from_file (Fixture       *f,
                           gconstpointer  data)
{
  static const char us[] = "Date,Time,Pain\r\n3/2/2026,8:30 PM,5\r\n3/13/2026,9:00 AM,4\r\n3/14/2026,9:00 AM,4\r\n";
  static const char nl_typo[] = "Datum,Tijd,Pijn\r\n2/3/2026,08:30,5\r\n13/3/2026,09:00,4\r\n3/15/2026,09:00,4\r\n"
                                "14/3/2026,09:00,4\r\n";
  static const char either[] = "Datum,Tijd,Pijn\r\n3/2/2026,08:30,5\r\n4/2/2026,09:00,4\r\n";
  g_autoptr(SalveImporter) from_us = NULL;
  g_autoptr(SalveImporter) typo = NULL;
  g_autoptr(SalveImporter) guessed = NULL;
  g_autoptr(SalveImporter) chosen = NULL;
  g_autoptr(SalveImporter) dutch = NULL;
  g_autoptr(SalveImporter) slip = NULL;
  g_autoptr(SalveImporter) dashed_us = NULL;
  const SalveImportReject *reject;

  from_us = run_import_dates (f, f->anna, us, SALVE_CSV_DATE_NONE);
  ASSERT_COUNTS (from_us, 3, 3, 0, 0);
  g_assert_true (salve_importer_get_month_first (from_us));
  g_assert_true (warned (from_us, "month first, as this file writes them (“3/13/2026” on line 3)"));
  g_assert_cmpint (count_at (f, f->anna, "2026-03-02T20:30"), ==, 1);
  g_assert_cmpint (count_at (f, f->anna, "2026-03-13T09:00"), ==, 1);
  g_assert_cmpint (count_at (f, f->anna, "2026-03-14T09:00"), ==, 1);

  /* One date typed month first among day-first ones: rejected, and why. */
  typo = run_import_dates (f, f->bob, nl_typo, SALVE_CSV_DATE_NONE);
  ASSERT_COUNTS (typo, 4, 3, 0, 1);
  g_assert_false (salve_importer_get_month_first (typo));
  g_assert_false (warned (typo, "month first"));
  reject = g_ptr_array_index (salve_importer_get_rejects (typo), 0);
  g_assert_cmpuint (reject->line, ==, 4);
  g_assert_nonnull (strstr (reject->reason, "“3/15/2026” is written month first"));
  g_assert_cmpint (count_at (f, f->bob, "2026-03-02T08:30"), ==, 1);

  exec_with_profile (f, "DELETE FROM diary_entries WHERE profile_id = %" G_GINT64_FORMAT ";", f->bob);
  guessed = run_import_dates (f, f->bob, either, SALVE_CSV_DATE_NONE);
  ASSERT_COUNTS (guessed, 2, 2, 0, 0);
  g_assert_false (salve_importer_get_month_first (guessed));
  g_assert_true (warned (guessed, "Dates are read day first: “3/2/2026” is"));
  g_assert_cmpint (count_at (f, f->bob, "2026-02-03T08:30"), ==, 1);

  /* Dashes, as a Dutch spreadsheet writes dates: day first without a note. */
  exec_with_profile (f, "DELETE FROM diary_entries WHERE profile_id = %" G_GINT64_FORMAT ";", f->bob);
  dutch = run_import_dates (f, f->bob, "Datum,Tijd,Pijn\r\n03-02-2026,08:30,5\r\n", SALVE_CSV_DATE_NONE);
  ASSERT_COUNTS (dutch, 1, 1, 0, 0);
  g_assert_false (warned (dutch, "Dates are read"));
  g_assert_cmpint (count_at (f, f->bob, "2026-02-03T08:30"), ==, 1);

  /* One date with dashes that reads month first only, among dates that
   * read both ways: a slip (03-13 for 13-03) does not turn the file's
   * other dates; the row is rejected and the note says how to turn them
   * all. Two such dates do. */
  exec_with_profile (f, "DELETE FROM diary_entries WHERE profile_id = %" G_GINT64_FORMAT ";", f->bob);
  slip = run_import_dates (f, f->bob, "Datum,Tijd,Pijn\r\n01-03-2026,08:00,3\r\n02-03-2026,08:00,4\r\n"
                                      "03-13-2026,08:00,2\r\n04-03-2026,08:00,5\r\n", SALVE_CSV_DATE_NONE);
  ASSERT_COUNTS (slip, 4, 3, 0, 1);
  g_assert_false (salve_importer_get_month_first (slip));
  g_assert_true (warned (slip, ": “03-13-2026” on line 4 reads month first"));
  reject = g_ptr_array_index (salve_importer_get_rejects (slip), 0);
  g_assert_cmpuint (reject->line, ==, 4);
  g_assert_cmpint (count_at (f, f->bob, "2026-03-01T08:00"), ==, 1);
  g_assert_cmpint (count_at (f, f->bob, "2026-03-04T08:00"), ==, 1);

  /* Nor does one American date pasted into a Dutch file (an outside
   * look: nine dates of early March stored in January to September). */
  exec_with_profile (f, "DELETE FROM diary_entries WHERE profile_id = %" G_GINT64_FORMAT ";", f->bob);
  {
    g_autoptr(SalveImporter) pasted = run_import_dates (f, f->bob, "Datum,Tijd,Pijn\r\n01-03-2026,08:00,3\r\n"
                                                                   "02-03-2026,08:00,4\r\n03/15/2026,08:00,2\r\n"
                                                                   "04-03-2026,08:00,5\r\n", SALVE_CSV_DATE_NONE);

    ASSERT_COUNTS (pasted, 4, 3, 0, 1);
    g_assert_false (salve_importer_get_month_first (pasted));
    g_assert_true (warned (pasted, ": “03/15/2026” on line 4 reads month first"));
    g_assert_cmpint (count_at (f, f->bob, "2026-03-02T08:00"), ==, 1);
  }

  /* Slashes, as a phone may write Dutch dates, and one slip: read month
   * first it lies years ahead, no sign of how the file writes its dates
   * (an outside look: four December days stored in January to April),
   * and its row is rejected either way. */
  exec_with_profile (f, "DELETE FROM diary_entries WHERE profile_id = %" G_GINT64_FORMAT ";", f->bob);
  {
    g_autoptr(SalveImporter) ahead = run_import_dates (f, f->bob, "datum,tijd,pijn\r\n01/12/2025,08:00,5\r\n"
                                                                  "02/12/2025,08:00,4\r\n12/13/2099,08:00,4\r\n",
                                                       SALVE_CSV_DATE_NONE);

    ASSERT_COUNTS (ahead, 3, 2, 0, 1);
    g_assert_false (salve_importer_get_month_first (ahead));
    g_assert_cmpint (count_at (f, f->bob, "2025-12-01T08:00"), ==, 1);
    g_assert_cmpint (count_at (f, f->bob, "2025-12-02T08:00"), ==, 1);
  }
  /* A slip that reads as a past day still turns the file, one such date
   * being all a short American file may have; the note then says what
   * the other dates became, so that a Dutch file is seen at once. */
  exec_with_profile (f, "DELETE FROM diary_entries WHERE profile_id = %" G_GINT64_FORMAT ";", f->bob);
  {
    g_autoptr(SalveImporter) one = run_import_dates (f, f->bob, "datum,tijd,pijn\r\n01/12/2025,08:00,5\r\n"
                                                                "02/12/2025,08:00,4\r\n06/13/2025,08:00,4\r\n",
                                                     SALVE_CSV_DATE_NONE);

    ASSERT_COUNTS (one, 3, 3, 0, 0);
    g_assert_true (salve_importer_get_month_first (one));
    g_assert_true (warned (one, "month first, as this file writes them (“06/13/2025” on line 4): “01/12/2025” is "
                                "Sun 12 Jan 2025. Only that one date tells; if the file writes the day first, read the "
                                "dates day first."));
  }

  exec_with_profile (f, "DELETE FROM diary_entries WHERE profile_id = %" G_GINT64_FORMAT ";", f->bob);
  dashed_us = run_import_dates (f, f->bob, "Date,Time,Pain\r\n03-01-2026,08:00,3\r\n03-13-2026,08:00,2\r\n"
                                           "03-14-2026,08:00,5\r\n", SALVE_CSV_DATE_NONE);
  ASSERT_COUNTS (dashed_us, 3, 3, 0, 0);
  g_assert_true (salve_importer_get_month_first (dashed_us));
  g_assert_true (warned (dashed_us, "month first, as this file writes them (“03-13-2026” on line 3)"));
  g_assert_cmpint (count_at (f, f->bob, "2026-03-01T08:00"), ==, 1);

  exec_with_profile (f, "DELETE FROM diary_entries WHERE profile_id = %" G_GINT64_FORMAT ";", f->bob);
  chosen = run_import_dates (f, f->bob, either, SALVE_CSV_DATE_MONTH_FIRST);
  ASSERT_COUNTS (chosen, 2, 2, 0, 0);
  g_assert_true (salve_importer_get_month_first (chosen));
  g_assert_false (warned (chosen, "Dates are read"));
  g_assert_cmpint (count_at (f, f->bob, "2026-03-02T08:30"), ==, 1);
  g_assert_cmpint (count_at (f, f->bob, "2026-04-02T09:00"), ==, 1);
}

/* Warning signs in a file are said, as diary add says them: the import
 * window's table has no column for them, and a patient's numbness came
 * in without a word (an outside look). */
static void
test_warning_signs_said (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SalveImporter) signs = run_import_dates (f, f->anna, "datum;tijd;pijn;doof gevoel;zwakte\r\n"
                                                                 "01-03-2026;09:00;5;ja;nee\r\n"
                                                                 "02-03-2026;09:00;4;ja;ja\r\n"
                                                                 "03-03-2026;09:00;4;nee;nee\r\n",
                                                     SALVE_CSV_DATE_NONE);
  g_autoptr(SalveImporter) none = NULL;

  ASSERT_COUNTS (signs, 3, 3, 0, 0);
  g_assert_true (warned (signs, "2 rows note numbness or loss of feeling, a warning sign"));
  g_assert_true (warned (signs, "1 row notes new weakness, a warning sign"));

  none = run_import_dates (f, f->bob, "datum;tijd;pijn\r\n01-03-2026;09:00;5\r\n", SALVE_CSV_DATE_NONE);
  g_assert_false (warned (none, "warning sign"));
}

/* The same moment written with another offset is the same entry: a
 * phone's UTC export of what a spreadsheet wrote in Dutch time adds
 * nothing, and neither does the other way round. Another moment with the
 * same values is no duplicate. */
static void
test_same_instant_other_offset (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(SalveImporter) first = NULL;
  g_autoptr(SalveImporter) phone = NULL;
  g_autoptr(SalveImporter) back = NULL;

  first = run_import_dates (f, f->anna, "at,pain,region,note\r\n2026-03-01T08:00:00+01:00,3,knee-left,stijf\r\n"
                                        "2026-03-02T20:30:00+01:00,5,,\r\n", SALVE_CSV_DATE_NONE);
  ASSERT_COUNTS (first, 2, 2, 0, 0);

  phone = run_import_dates (f, f->anna, "at,pain,region,note\r\n2026-03-01T07:00:00Z,3,knee-left,stijf\r\n"
                                        "2026-03-02T19:30:00Z,5,,\r\n2026-03-02T20:30:00Z,5,,\r\n",
                            SALVE_CSV_DATE_NONE);
  ASSERT_COUNTS (phone, 3, 1, 2, 0);

  back = run_import_dates (f, f->anna, "at,pain,region,note\r\n2026-03-02T21:30:00+01:00,5,,\r\n"
                                       "2026-03-01T09:00:00+02:00,3,knee-left,stijf\r\n", SALVE_CSV_DATE_NONE);
  ASSERT_COUNTS (back, 2, 0, 2, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->anna), ==, 3);
}

static void
test_edited_entry_reimports_as_duplicate (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (f->anna);
  g_autoptr(GError) error = NULL;

  g_assert_true (salve_diary_entry_set_at_iso (entry, "2026-03-01T08:00:00+01:00", &error));
  salve_diary_entry_set_pain (entry, 6);
  salve_diary_entry_set_note (entry, "stiff");
  g_assert_true (salve_diary_repo_add (f->db, entry, &error));
  g_assert_no_error (error);
  /* The first import gives the typed-in entry its key. */
  assert_own_export_adds_nothing (f, f->anna);

  /* Edited, its export is still the same entry. */
  salve_diary_entry_set_pain (entry, 4);
  salve_diary_entry_set_note (entry, "better after a walk");
  g_assert_true (salve_diary_repo_update (f->db, entry, &error));
  g_assert_no_error (error);
  assert_own_export_adds_nothing (f, f->anna);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->anna), ==, 1);
}

static void
test_identical_typed_rows_both_stay (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (f->anna);
      g_autoptr(SalveSession) session = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_KNEE);

      g_assert_true (salve_diary_entry_set_at_iso (entry, "2026-03-01T08:00:00+01:00", &error));
      salve_diary_entry_set_pain (entry, 6);
      g_assert_true (salve_diary_repo_add (f->db, entry, &error));
      g_assert_no_error (error);
      salve_session_set_profile_id (session, f->anna);
      g_assert_true (salve_session_repo_create (f->db, session, &error));
      g_assert_no_error (error);
    }

  /* Both diary rows get the same key; of the sessions, whose key is
   * unique per profile, the second keeps none. All four stay. */
  assert_own_export_adds_nothing (f, f->anna);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1 AND dedupe_key IS NOT NULL",
                              f->anna), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(DISTINCT dedupe_key) FROM diary_entries WHERE profile_id = ?1",
                              f->anna), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sessions WHERE profile_id = ?1", f->anna), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sessions WHERE profile_id = ?1 AND dedupe_key IS NULL",
                              f->anna), ==, 1);
}

/* 17 rows, some of them identical at the same instant, exported and
 * imported into a new profile: all 17 arrive, and importing the file
 * again, there or into the profile it came from, adds nothing. */
static void
test_identical_rows_reach_new_profile (Fixture       *f,
                                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "anna.csv", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *anna_diary = NULL, *bob_diary = NULL, *anna_sessions = NULL, *bob_sessions = NULL;
  g_autoptr(SalveImporter) into_bob = NULL;
  g_autoptr(SalveImporter) bob_again = NULL;
  g_autoptr(SalveImporter) anna_again = NULL;

  /* Diary: 3 identical at 08:00, 2 identical at 20:00, 7 others. */
  exec_with_profile (f,
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12) "
    "INSERT INTO diary_entries (profile_id, at, at_unix, pain, region, note, success) "
    "SELECT %1$" G_GINT64_FORMAT ", "
    "  CASE WHEN i <= 3 THEN '2026-03-01T08:00:00+01:00' WHEN i <= 5 THEN '2026-03-01T20:00:00+01:00' "
    "       ELSE '2026-03-0' || (i - 4) || 'T08:00:00+01:00' END, "
    "  CASE WHEN i <= 3 THEN 1772348400 WHEN i <= 5 THEN 1772391600 ELSE 1772348400 + (i - 5) * 86400 END, "
    "  CASE WHEN i <= 3 THEN 6 WHEN i <= 5 THEN 4 ELSE i %% 11 END, 'knee', "
    "  CASE WHEN i <= 5 THEN 'same' ELSE 'day ' || i END, 0 FROM n;",
    f->anna);
  /* Sessions: 2 identical, 3 others. */
  exec_with_profile (f,
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) "
    "INSERT INTO sessions (profile_id, device_name, modality, site, program, params_json, planned_minutes, "
    "  started_at, started_unix, ended_at, outcome, pain_before, pain_after, note) "
    "SELECT %1$" G_GINT64_FORMAT ", 'TENS 2', 'tens', 'knee', 'Burst', '{\"frequency_hz\":2}', 20, "
    "  '2026-03-0' || max (i, 2) || 'T09:00:00+01:00', 1772352000 + (max (i, 2) - 1) * 86400, "
    "  '2026-03-0' || max (i, 2) || 'T09:20:00+01:00', 'completed', 6, 4, 'same' FROM n;",
    f->anna);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sessions WHERE profile_id = ?1 AND started_unix = 1772438400",
                              f->anna), ==, 2);

  first = export_to (f, f->anna, SALVE_CSV_EXPORT_ALL, "anna.csv");
  into_bob = run_import (f, f->bob, path, FALSE, FALSE);
  ASSERT_COUNTS (into_bob, 17, 17, 0, 0);

  second = export_to (f, f->bob, SALVE_CSV_EXPORT_ALL, "bob.csv");
  g_assert_cmpstr (first, ==, second);
  anna_diary = dump_rows (f, "diary_entries", diary_columns, f->anna);
  bob_diary = dump_rows (f, "diary_entries", diary_columns, f->bob);
  g_assert_cmpstr (anna_diary, ==, bob_diary);
  anna_sessions = dump_rows (f, "sessions", session_columns, f->anna);
  bob_sessions = dump_rows (f, "sessions", session_columns, f->bob);
  g_assert_cmpstr (anna_sessions, ==, bob_sessions);

  bob_again = run_import (f, f->bob, path, FALSE, FALSE);
  ASSERT_COUNTS (bob_again, 17, 0, 17, 0);
  anna_again = run_import (f, f->anna, path, FALSE, FALSE);
  ASSERT_COUNTS (anna_again, 17, 0, 17, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->bob), ==, 12);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sessions WHERE profile_id = ?1", f->bob), ==, 5);
}

static void
test_changed_session_reimports_as_duplicate (Fixture       *f,
                                             gconstpointer  data)
{
  g_autoptr(SalveSession) session = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_KNEE);
  g_autoptr(SalveSession) abandoned = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_HAND);
  const char *effects[] = { "skin-irritation", NULL };
  g_autoptr(GError) error = NULL;
  gint64 id;

  salve_session_set_profile_id (session, f->anna);
  salve_session_set_param (session, "intensity-ma", 12);
  g_assert_true (salve_session_repo_create (f->db, session, &error));
  g_assert_no_error (error);
  id = salve_session_get_id (session);
  assert_own_export_adds_nothing (f, f->anna);

  /* Each step of a session changes what its key is made of. */
  g_assert_true (salve_session_repo_mark_started (f->db, id, "2026-03-01T09:00:00+01:00", &error));
  assert_own_export_adds_nothing (f, f->anna);
  salve_session_set_param (session, "intensity-ma", 14);
  g_assert_true (salve_session_repo_update_params (f->db, session, &error));
  assert_own_export_adds_nothing (f, f->anna);
  g_assert_true (salve_session_repo_set_pain_before (f->db, id, 6, &error));
  assert_own_export_adds_nothing (f, f->anna);
  g_assert_true (salve_session_repo_finish (f->db, id, SALVE_SESSION_OUTCOME_STOPPED, "tingling",
                                            "2026-03-01T09:20:00+01:00", &error));
  assert_own_export_adds_nothing (f, f->anna);
  salve_session_set_pain_after (session, 4);
  salve_session_set_side_effects (session, effects);
  salve_session_set_note (session, "warm afterwards");
  g_assert_true (salve_session_repo_update_after (f->db, session, &error));
  assert_own_export_adds_nothing (f, f->anna);
  g_assert_no_error (error);

  /* A session left running is closed at the next start. */
  salve_session_set_profile_id (abandoned, f->anna);
  g_assert_true (salve_session_repo_create (f->db, abandoned, &error));
  g_assert_true (salve_session_repo_mark_started (f->db, salve_session_get_id (abandoned),
                                                  "2026-03-02T09:00:00+01:00", &error));
  g_assert_no_error (error);
  assert_own_export_adds_nothing (f, f->anna);
  g_assert_cmpint (salve_session_repo_close_abandoned (f->db, f->anna, &error), ==, 1);
  g_assert_no_error (error);
  assert_own_export_adds_nothing (f, f->anna);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sessions WHERE profile_id = ?1", f->anna), ==, 2);
}

/* SQLite's progress handler: any statement that runs fails with
 * SQLITE_INTERRUPT, like a database error in the middle of an export. */
static int
interrupt_statement (void *user_data)
{
  return 1;
}

static void
test_failed_export_keeps_old_file (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "anna.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *old = "at,pain\r\n2026-01-01T08:00:00+01:00,3\r\n";
  GFileInfo *info;

  seed_profile (f, f->anna);
  g_assert_true (g_file_set_contents (path, old, -1, NULL));

  /* The query fails once the new file is open. */
  sqlite3_progress_handler (_salve_db_get_handle (f->db), 1, interrupt_statement, NULL);
  g_assert_false (salve_exporter_export (f->db, f->anna, SALVE_CSV_EXPORT_ALL, FALSE, file, NULL, NULL, &error));
  sqlite3_progress_handler (_salve_db_get_handle (f->db), 0, NULL, NULL);
  g_assert_nonnull (error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, old);

  /* No temporary file left behind either. */
  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_assert_nonnull (children);
  while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      const char *name = g_file_info_get_name (info);

      g_assert_true (g_str_equal (name, "anna.csv") || g_str_has_prefix (name, "salve.db"));
      g_object_unref (info);
    }
}

static int
cancel_export (void *user_data)
{
  g_cancellable_cancel (user_data);
  return 0;
}

static void
test_cancelled_export_keeps_old_file (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "anna.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *old = "at,pain\r\n2026-01-01T08:00:00+01:00,3\r\n";

  /* More than one write's worth of rows. */
  exec_with_profile (f,
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
    "INSERT INTO diary_entries (profile_id, at, at_unix, pain, note) "
    "SELECT %" G_GINT64_FORMAT ", '2026-03-01T08:00:00+01:00', 1772348400 + i, 5, printf('%%.200c', 'x') FROM n;",
    f->anna);
  g_assert_true (g_file_set_contents (path, old, -1, NULL));

  sqlite3_progress_handler (_salve_db_get_handle (f->db), 1000, cancel_export, cancellable);
  g_assert_false (salve_exporter_export (f->db, f->anna, SALVE_CSV_EXPORT_ALL, FALSE, file, cancellable, NULL, &error));
  sqlite3_progress_handler (_salve_db_get_handle (f->db), 0, NULL, NULL);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpuint (strlen (contents), ==, strlen (old));  /* not 600 kB of partial export */
  g_assert_cmpstr (contents, ==, old);
}

static void
test_missing_column_is_an_error (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "nopain.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SalveImporter) importer = salve_importer_new (f->db_path, f->anna, file);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "datum,gevoel\n2026-03-01,goed\n", -1, NULL));
  g_assert_false (salve_importer_run (importer, NULL, &error));
  g_assert_error (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_MISSING_COLUMN);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM imports", 0), ==, 0);
}

static void
test_corrected_mapping (Fixture       *f,
                        gconstpointer  data)
{
  const char *header[] = { "datum", "gevoel" };
  g_autofree char *path = g_build_filename (f->dir, "gevoel.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SalveImporter) importer = salve_importer_new (f->db_path, f->anna, file);
  g_autoptr(SalveCsvMapping) mapping = salve_csv_mapping_new (header, 2);

  g_assert_true (g_file_set_contents (path, "datum,gevoel\n2026-03-01,4\n", -1, NULL));
  salve_csv_mapping_set_field (mapping, 1, SALVE_CSV_FIELD_PAIN);
  salve_importer_set_mapping (importer, mapping);
  g_assert_true (salve_importer_run (importer, NULL, NULL));
  ASSERT_COUNTS (importer, 1, 1, 0, 0);
  g_assert_cmpint (query_int (f, "SELECT pain FROM diary_entries WHERE profile_id = ?1", f->anna), ==, 4);
}


/* ---- daily aggregates ------------------------------------------------------
 *
 * An import leaves diary_days to its bulk writer (salve_diary_bulk_new()),
 * which adds its rows up itself: afterwards the table must hold exactly
 * what the entries say, as the triggers would have made it. */

/* All of diary_days, one line per row, to compare before and after. */
static char *
dump_day_counts (Fixture *f)
{
  g_autoptr(SalveStmt) stmt = salve_db_prepare (f->db,
    "SELECT profile_id, day, region, first_unix, last_unix,"
    " n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10 FROM diary_days ORDER BY 1, 2, 3", NULL);
  GString *out = g_string_new (NULL);

  g_assert_nonnull (stmt);
  while (salve_stmt_step (stmt, NULL))
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT " %s [%s]", salve_stmt_get_int64 (stmt, 0),
                              salve_stmt_get_text (stmt, 1), salve_stmt_get_text (stmt, 2));
      for (int i = 3; i < 16; i++)
        g_string_append_printf (out, " %" G_GINT64_FORMAT, salve_stmt_get_int64 (stmt, i));
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* diary_days against the same rows computed afresh from diary_entries,
 * with the triggers' day (the date in the entry's own offset) and region;
 * nothing may stay paused. No entry is ever deleted in these tests, so
 * the first and last instants are exact too. */
static void
assert_day_counts_match (Fixture *f)
{
  g_autoptr(SalveStmt) stmt = salve_db_prepare (f->db,
    "SELECT profile_id, substr(at, 1, 10), region, min(at_unix), max(at_unix),"
    " sum(pain = 0), sum(pain = 1), sum(pain = 2), sum(pain = 3), sum(pain = 4), sum(pain = 5),"
    " sum(pain = 6), sum(pain = 7), sum(pain = 8), sum(pain = 9), sum(pain = 10)"
    " FROM diary_entries WHERE session_id IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3", NULL);
  g_autoptr(GString) fresh = g_string_new (NULL);
  g_autofree char *stored = dump_day_counts (f);

  g_assert_nonnull (stmt);
  while (salve_stmt_step (stmt, NULL))
    {
      g_string_append_printf (fresh, "%" G_GINT64_FORMAT " %s [%s]", salve_stmt_get_int64 (stmt, 0),
                              salve_stmt_get_text (stmt, 1), salve_stmt_get_text (stmt, 2));
      for (int i = 3; i < 16; i++)
        g_string_append_printf (fresh, " %" G_GINT64_FORMAT, salve_stmt_get_int64 (stmt, i));
      g_string_append_c (fresh, '\n');
    }

  g_assert_cmpstr (stored, ==, fresh->str);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sqlite_schema WHERE name = 'diary_days_insert'", 0), ==, 1);
}

/* An entry typed in after an import: the trigger counts it again. */
static void
assert_single_insert_counted (Fixture *f,
                              gint64   profile_id)
{
  g_autoptr(SalveStmt) stmt = NULL;
  gint64 before = query_int (f, "SELECT coalesce(sum(n9), 0) FROM diary_days WHERE day = '2026-03-29'"
                                " AND region = 'neck' AND profile_id = ?1", profile_id);

  stmt = salve_db_prepare (f->db, "INSERT INTO diary_entries (profile_id, at, at_unix, pain, region)"
                                  " VALUES (?1, '2026-03-29T12:00:00+02:00', 1774778400, 9, 'neck')", NULL);
  g_assert_nonnull (stmt);
  g_assert_true (salve_stmt_bind_int64 (stmt, 1, profile_id, NULL));
  g_assert_true (salve_stmt_run (stmt, NULL));
  g_assert_cmpint (query_int (f, "SELECT sum(n9) FROM diary_days WHERE day = '2026-03-29'"
                                 " AND region = 'neck' AND profile_id = ?1", profile_id), ==, before + 1);
  assert_day_counts_match (f);
}

/* A diary across the change to summer time in Amsterdam (29 March 2026,
 * 02:00 +01:00 became 03:00 +02:00), with an entry written in Tokyo, one
 * without a region, region names and free text, a day that comes back
 * out of time order, and enough rows around it that they go in by the
 * group. */
static char *
write_dst_diary (Fixture    *f,
                 const char *name,
                 guint       n_around)
{
  static const char *regions[] = { "onderrug", "nek", "knie links", "", "elleboog-ish" };
  g_autoptr(GString) text = g_string_new ("at,pain,region,note\n");
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 1, 1, 6, 0, 0);
  char *path = g_build_filename (f->dir, name, NULL);

  for (guint i = 0; i < n_around; i++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_minutes (start, i * 97);
      g_autofree char *iso = g_date_time_format (at, "%Y-%m-%dT%H:%M:%SZ");

      g_string_append_printf (text, "%s,%u,%s,before %u\n", iso, (i * 7) % 11, regions[i % 5], i);
    }
  g_string_append (text,
                   "2026-03-28T23:30:00+01:00,4,onderrug,a\n"
                   "2026-03-29T01:30:00+01:00,5,onderrug,b\n"
                   "2026-03-29T03:30:00+02:00,7,nek,c\n"
                   "2026-03-29T09:00:00+09:00,3,onderrug,Tokyo\n"
                   "2026-03-29T21:00:00+02:00,10,,d\n"
                   "2026-03-29T23:59:59+02:00,0,elleboog-ish,e\n"
                   "2026-03-30T00:00:00+02:00,1,elleboog-ish,f\n"
                   "2026-03-28T10:00:00+01:00,2,onderrug,back again\n");
  /* One day with more regions than the writer keeps apart at once. */
  for (guint i = 0; i < 45; i++)
    g_string_append_printf (text, "2026-03-31T08:%02u:00+02:00,%u,spot %u,many\n", i, i % 11, i % 21);
  for (guint i = 0; i < n_around; i++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_minutes (start, 200000 + i * 53);
      g_autofree char *iso = g_date_time_format (at, "%Y-%m-%dT%H:%M:%S+02:00");

      g_string_append_printf (text, "%s,%u,%s,after %u\n", iso, (i * 3) % 11, regions[(i * 3) % 5], i);
    }
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));

  return path;
}

static SalveImporter *
run_pipelined (Fixture    *f,
               gint64      profile_id,
               const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  SalveImporter *importer = salve_importer_new (f->db_path, profile_id, file);

  g_assert_true (salve_importer_run (importer, NULL, &error));
  g_assert_no_error (error);
  return importer;
}

/* Entries typed in before, on the days the file fills too. */
static void
add_typed_entries (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (salve_db_exec (f->db,
    "INSERT INTO diary_entries (profile_id, at, at_unix, pain, region) VALUES"
    " (1, '2026-03-29T00:30:00+01:00', 1774740600, 6, 'lower-back'),"
    " (1, '2026-03-29T08:00:00+02:00', 1774764000, 8, 'neck'),"
    " (2, '2026-03-29T08:00:00+02:00', 1774764000, 8, 'neck')", &error));
  g_assert_no_error (error);
  g_assert_cmpint (f->anna, ==, 1);
  g_assert_cmpint (f->bob, ==, 2);
  assert_day_counts_match (f);
}

static void
test_day_counts_after_import (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = write_dst_diary (f, "dst.csv", 600);
  g_autofree char *small = write_dst_diary (f, "dst-small.csv", 0);
  g_autoptr(SalveImporter) first = NULL;
  g_autoptr(SalveImporter) again = NULL;
  g_autoptr(SalveImporter) other = NULL;
  g_autoptr(SalveImporter) sampled = NULL;
  g_autofree char *after_first = NULL;
  g_autofree char *after_again = NULL;

  add_typed_entries (f);

  first = run_pipelined (f, f->anna, path);
  ASSERT_COUNTS (first, 1253, 1253, 0, 0);
  assert_day_counts_match (f);
  /* The typed-in entry of 29 March and the file's share one row. */
  g_assert_cmpint (query_int (f, "SELECT n4 + n5 + n6 + n3 FROM diary_days WHERE profile_id = ?1"
                                 " AND day = '2026-03-29' AND region = 'lower-back'", f->anna), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT n4 + n2 FROM diary_days WHERE profile_id = ?1"
                                 " AND day = '2026-03-28' AND region = 'lower-back'", f->anna), ==, 2);
  after_first = dump_day_counts (f);

  /* Every row a duplicate: nothing changes. */
  again = run_pipelined (f, f->anna, path);
  ASSERT_COUNTS (again, 1253, 0, 1253, 0);
  after_again = dump_day_counts (f);
  g_assert_cmpstr (after_again, ==, after_first);
  assert_day_counts_match (f);

  /* Another profile, and a file small enough to go in row by row with
   * samples on one thread. */
  other = run_pipelined (f, f->bob, path);
  ASSERT_COUNTS (other, 1253, 1253, 0, 0);
  assert_day_counts_match (f);
  sampled = run_import (f, f->bob, small, FALSE, FALSE);
  ASSERT_COUNTS (sampled, 53, 0, 53, 0);
  assert_day_counts_match (f);

  assert_single_insert_counted (f, f->anna);
  assert_single_insert_counted (f, f->bob);
}

/* A write that fails half-way, a cancelled one and a dry run leave the
 * aggregates as they were, and nothing paused. */
static void
test_day_counts_after_rollback (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *path = write_dst_diary (f, "dst.csv", 600);
  g_autoptr(SalveImporter) first = NULL;
  g_autoptr(SalveImporter) failing = NULL;
  g_autoptr(SalveImporter) dry = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_typed_entries (f);
  first = run_pipelined (f, f->bob, path);
  before = dump_day_counts (f);

  /* Fails at a row after many groups and days were counted. */
  g_assert_true (salve_db_exec (f->db, "CREATE TRIGGER fail_one BEFORE INSERT ON diary_entries "
                                       "WHEN NEW.note = 'after 500' "
                                       "BEGIN SELECT RAISE(FAIL, 'disk I/O error'); END", &error));
  g_assert_no_error (error);
  failing = salve_importer_new (f->db_path, f->anna, file);
  g_assert_false (salve_importer_run (failing, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  after = dump_day_counts (f);
  g_assert_cmpstr (after, ==, before);
  assert_day_counts_match (f);
  g_assert_true (salve_db_exec (f->db, "DROP TRIGGER fail_one", &error));
  g_assert_no_error (error);

  dry = run_import (f, f->anna, path, TRUE, FALSE);
  ASSERT_COUNTS (dry, 1253, 1253, 0, 0);
  g_clear_pointer (&after, g_free);
  after = dump_day_counts (f);
  g_assert_cmpstr (after, ==, before);

  assert_single_insert_counted (f, f->anna);
}

/* A process that dies in the middle of an import (after the bulk writer
 * paused and dropped the insert trigger and wrote and counted rows)
 * leaves nothing paused and the trigger in place: the next writer's
 * single insert is counted. */
/* A writer killed half-way leaves the database as it was, its day
 * counts with it; @data TRUE: the writer was alone on the database, on a
 * rollback journal (_salve_db_begin_sole_writer()), and the journal left
 * behind undoes it. */
static void
test_day_counts_after_crash (Fixture       *f,
                             gconstpointer  data)
{
  gboolean sole_writer = GPOINTER_TO_INT (data);
  g_autofree char *journal = g_strconcat (f->db_path, "-journal", NULL);
  g_autofree char *path = write_dst_diary (f, "dst.csv", 600);
  gint64 entries_before;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  pid_t pid;

  add_typed_entries (f);
  before = dump_day_counts (f);
  entries_before = query_int (f, "SELECT count(*) FROM diary_entries", 0);
  /* The child opens its own connection; this one must not be shared. */
  g_clear_object (&f->db);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(SalveDb) db = salve_db_open (f->db_path, NULL);
      g_autoptr(SalveDiaryBulk) bulk = NULL;
      SalveDiaryBulkRow rows[SALVE_DIARY_BULK_GROUP];
      char at[SALVE_DIARY_BULK_GROUP][32];
      guint64 inserted = 0, duplicates = 0;

      /* As salvectl imports: alone on the database, on a rollback
       * journal, with a page cache so small that changed pages reach the
       * file itself long before the commit. */
      if (sole_writer &&
          (db == NULL || !_salve_db_begin_sole_writer (db) || !salve_db_exec (db, "PRAGMA cache_size = 4", NULL)))
        _exit (8);
      if (db == NULL || !salve_db_begin (db, NULL) ||
          !salve_db_exec (db, "INSERT INTO imports (id, profile_id, file_name, content_hash, imported_at)"
                              " VALUES (77, 1, 'x.csv', '', '2026-01-01T00:00:00Z')", NULL))
        _exit (2);
      bulk = salve_diary_bulk_new (db, 1, 77, NULL);
      if (bulk == NULL)
        _exit (3);
      for (guint round = 0; round < 40; round++)
        {
          for (guint k = 0; k < SALVE_DIARY_BULK_GROUP; k++)
            {
              gint64 t = 1774740600 + (round * SALVE_DIARY_BULK_GROUP + k) * 3600;
              g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
              g_autofree char *iso = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");

              g_strlcpy (at[k], iso, sizeof at[k]);
              rows[k] = (SalveDiaryBulkRow) { .at = at[k], .at_len = -1, .at_unix = t, .pain = 5,
                                              .fatigue = -1, .sleep_quality = -1, .stress = -1,
                                              .region = "neck", .region_len = -1, .activities = "",
                                              .activities_len = -1, .note = "", .note_len = -1,
                                              .dedupe_key = k + 1 };
            }
          if (!salve_diary_bulk_add_group (bulk, rows, &inserted, &duplicates, NULL))
            _exit (4);
        }
      /* Pages written, days counted and merged, no commit: a crash. */
      {
        g_autoptr(SalveStmt) trigger = salve_db_prepare (db, "SELECT count(*) FROM sqlite_schema"
                                                             " WHERE name = 'diary_days_insert'", NULL);

        /* The writer dropped the insert trigger for its transaction. */
        if (trigger == NULL || !salve_stmt_step (trigger, NULL) || salve_stmt_get_int64 (trigger, 0) != 0)
          _exit (7);
      }
      kill (getpid (), SIGKILL);
      _exit (5);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_cmpint (WIFEXITED (status) ? WEXITSTATUS (status) : 0, ==, 0);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  /* The journal that undoes what reached the file is left behind. */
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS) == sole_writer);

  f->db = salve_db_open (f->db_path, &error);
  g_assert_no_error (error);
  after = dump_day_counts (f);
  g_assert_cmpstr (after, ==, before);
  assert_day_counts_match (f);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM imports", 0), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries", 0), ==, entries_before);
  assert_single_insert_counted (f, f->anna);
  {
    g_autoptr(SalveStmt) mode = salve_db_prepare (f->db, "PRAGMA journal_mode", NULL);

    g_assert_true (salve_stmt_step (mode, NULL));
    g_assert_cmpstr (salve_stmt_get_text (mode, 0), ==, "wal");
  }
}

/* Whether this process holds a POSIX lock on the file at @path, as
 * /proc/locks lists them ("1: POSIX ADVISORY READ PID MAJ:MIN:INODE …"). */
static gboolean
holds_lock_on (const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_true (g_file_get_contents ("/proc/locks", &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " ", -1);
      g_autoptr(GPtrArray) words = g_ptr_array_new ();
      g_auto(GStrv) device = NULL;

      for (guint w = 0; fields[w] != NULL; w++)
        if (*fields[w] != '\0' && !g_str_equal (fields[w], "->"))
          g_ptr_array_add (words, fields[w]);
      if (words->len < 6 || !g_str_equal (g_ptr_array_index (words, 1), "POSIX") ||
          g_ascii_strtoll (g_ptr_array_index (words, 4), NULL, 10) != getpid ())
        continue;
      device = g_strsplit (g_ptr_array_index (words, 5), ":", 3);
      if (g_strv_length (device) == 3 && g_ascii_strtoull (device[2], NULL, 10) == (guint64) st.st_ino)
        return TRUE;
    }

  return FALSE;
}

/* An import (its look at the first rows, then the import itself) runs
 * on connections of its own beside the app's: the app's connection keeps
 * its locks on the database, so that no other program closing it takes
 * itself for the last one. (Something else in the process that closes a
 * descriptor of the file, as the file chooser does, lets them go:
 * /storage/db/foreign-look-keeps-wal.) */
static void
test_import_keeps_locks (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = fixture_path ("overlap-a.csv");
  g_autofree char *shm = g_strconcat (f->db_path, "-shm", NULL);
  g_autofree char *wal = g_strconcat (f->db_path, "-wal", NULL);
  g_autoptr(SalveImporter) preview = NULL;
  g_autoptr(SalveImporter) import = NULL;

  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (holds_lock_on (f->db_path));
  preview = run_import (f, f->anna, path, TRUE, FALSE);
  import = run_import (f, f->anna, path, FALSE, FALSE);
  g_assert_true (holds_lock_on (f->db_path));
  g_assert_true (holds_lock_on (shm));

  /* Another program opens the database, writes nothing and closes. */
  salve_test_lock_release (salve_test_lock_take (f->db_path, -1));

  g_assert_true (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?", f->anna), >, 0);
}

static char *
journal_mode (SalveDb *db)
{
  g_autoptr(SalveStmt) stmt = salve_db_prepare (db, "PRAGMA journal_mode", NULL);

  g_assert_true (salve_stmt_step (stmt, NULL));
  return g_strdup (salve_stmt_get_text (stmt, 0));
}

/* Runs @importer, which must succeed, counting the bytes SQLite writes
 * into the database files and into their logs meanwhile. */
static void
run_counting_writes (SalveImporter *importer,
                     guint64       *to_database,
                     guint64       *to_log)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  salve_test_count_writes_begin ();
  ok = salve_importer_run (importer, NULL, &error);
  salve_test_count_writes_end (to_database, to_log);
  g_assert_no_error (error);
  g_assert_true (ok);
}

/* salvectl imports alone on the database: the rows go to the file once,
 * on a rollback journal, and nothing reaches the write-ahead log; the log
 * is back afterwards. With another connection open (the app's) the import
 * stays on the log, without waiting for the other to close. */
static void
test_sole_writer (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = write_dst_diary (f, "dst.csv", 3000);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SalveImporter) alone = NULL;
  g_autoptr(SalveImporter) beside = NULL;
  g_autoptr(SalveDb) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *other_mode = NULL;
  guint64 to_database = 0, to_log = 0;
  gint64 entries;

  alone = salve_importer_new_for_db (f->db, f->anna, file);
  run_counting_writes (alone, &to_database, &to_log);
  g_assert_true (salve_importer_get_committed (alone));
  entries = query_int (f, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", f->anna);
  g_assert_cmpint (entries, >=, 3000);
  /* 3000 rows: well over 100 KiB of pages, each written once. */
  g_assert_cmpuint (to_database, >, 100 * 1024);
  g_assert_cmpuint (to_log, ==, 0);
  mode = journal_mode (f->db);
  g_assert_cmpstr (mode, ==, "wal");
  assert_day_counts_match (f);
  /* The connection as it was: its log kept at the close, synced as ever. */
  {
    int persist = -1;

    g_assert_cmpint (sqlite3_file_control (_salve_db_get_handle (f->db), "main", SQLITE_FCNTL_PERSIST_WAL,
                                           &persist), ==, SQLITE_OK);
    g_assert_cmpint (persist, ==, 1);
    g_assert_cmpint (query_int (f, "PRAGMA synchronous", 0), ==, 2);
    g_assert_cmpuint (salve_db_get_busy_timeout (f->db), ==, SALVE_DB_BUSY_TIMEOUT_MS);
  }

  /* A dry run stores nothing and keeps nobody out: no journal switch,
   * so not a byte written for a file this small. */
  {
    g_autoptr(SalveImporter) dry = salve_importer_new_for_db (f->db, f->bob, file);

    salve_importer_set_dry_run (dry, TRUE);
    run_counting_writes (dry, &to_database, &to_log);
    g_assert_cmpuint (to_database, ==, 0);
    g_assert_cmpuint (to_log, ==, 0);
  }

  other = salve_db_open (f->db_path, &error);
  g_assert_no_error (error);
  beside = salve_importer_new_for_db (f->db, f->bob, file);
  run_counting_writes (beside, &to_database, &to_log);
  g_assert_true (salve_importer_get_committed (beside));
  g_assert_cmpuint (to_log, >, 100 * 1024);
  g_clear_pointer (&mode, g_free);
  mode = journal_mode (f->db);
  g_assert_cmpstr (mode, ==, "wal");
  other_mode = journal_mode (other);
  g_assert_cmpstr (other_mode, ==, "wal");
  {
    g_autoptr(SalveStmt) count = salve_db_prepare (other, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1",
                                                   NULL);

    salve_stmt_bind_int64 (count, 1, f->bob, NULL);
    g_assert_true (salve_stmt_step (count, NULL));
    g_assert_cmpint (salve_stmt_get_int64 (count, 0), ==, entries);
  }
  assert_day_counts_match (f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/import/records-its-import", test_import_records_its_import);
  ADD ("/import/keeps-locks", test_import_keeps_locks);
  ADD ("/import/reimport-adds-nothing", test_reimport_adds_nothing);
  ADD ("/import/region-names-and-older-imports", test_region_names_and_older_imports);
  ADD ("/import/older-imports-in-groups", test_older_imports_in_groups);
  ADD ("/import/medication-in-groups", test_medication_in_groups);
  ADD ("/import/overlapping-files", test_overlapping_files);
  ADD ("/import/identical-rows-within-file", test_identical_rows_within_file);
  ADD ("/import/identical-sessions-keep-their-links", test_identical_sessions_keep_their_links);
  ADD ("/import/duplicates-in-large-files", test_duplicates_in_large_files);
  ADD ("/import/day-counts", test_day_counts_after_import);
  ADD ("/import/day-counts-after-rollback", test_day_counts_after_rollback);
  ADD ("/import/day-counts-after-crash", test_day_counts_after_crash);
  g_test_add ("/import/sole-writer-killed", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_day_counts_after_crash, fixture_tear_down);
  ADD ("/import/sole-writer", test_sole_writer);
  g_test_add ("/import/writer-failure-stores-nothing", Fixture, GUINT_TO_POINTER (299),
              fixture_set_up, test_writer_failure_stores_nothing, fixture_tear_down);
  g_test_add ("/import/writer-thread-failure-stores-nothing", Fixture, GUINT_TO_POINTER (2999),
              fixture_set_up, test_writer_failure_stores_nothing, fixture_tear_down);
  ADD ("/import/not-ready-stores-nothing", test_not_ready_stores_nothing);
  ADD ("/import/dry-run", test_dry_run_stores_nothing);
  ADD ("/import/strict", test_strict_stores_nothing);
  ADD ("/import/verdict", test_partial_verdict);
  ADD ("/import/cancel", test_cancel_leaves_db_as_before);
  ADD ("/import/async", test_async_in_thread);
  ADD ("/import/on-given-connection", test_on_given_connection);
  ADD ("/import/preview-and-import-agree", test_preview_and_import_agree);
  ADD ("/import/rejects-file", test_rejects_file);
  ADD ("/import/missing-column", test_missing_column_is_an_error);
  ADD ("/import/corrected-mapping", test_corrected_mapping);
  ADD ("/import/unclosed-quote", test_unclosed_quote_rejected);
  ADD ("/import/future-rows-rejected", test_future_rows_rejected);
  ADD ("/import/unclosed-quote-in-header", test_unclosed_quote_in_header);
  ADD ("/export/round-trip", test_round_trip);
  ADD ("/export/round-trip-semicolons", test_round_trip_semicolons);
  ADD ("/export/round-trip-each-kind", test_round_trip_each_kind);
  ADD ("/export/formula-safe", test_formula_cells_are_safe);
  ADD ("/export/stress", test_stress_exported);
  ADD ("/export/own-export-is-duplicate", test_own_export_reimports_as_duplicates);
  ADD ("/export/edited-entry-is-duplicate", test_edited_entry_reimports_as_duplicate);
  ADD ("/export/changed-session-is-duplicate", test_changed_session_reimports_as_duplicate);
  ADD ("/export/never-started-stays-so", test_never_started_stays_so);
  ADD ("/import/same-instant-other-offset", test_same_instant_other_offset);
  ADD ("/import/date-order", test_date_order_from_file);
  ADD ("/import/warning-signs-said", test_warning_signs_said);
  ADD ("/export/identical-typed-rows", test_identical_typed_rows_both_stay);
  ADD ("/export/identical-rows-reach-new-profile", test_identical_rows_reach_new_profile);
  ADD ("/export/failure-keeps-old-file", test_failed_export_keeps_old_file);
  ADD ("/export/medication-round-trip", test_medication_round_trip);
  ADD ("/export/care-round-trip", test_care_round_trip);
  ADD ("/import/care-from-spreadsheet", test_care_from_spreadsheet);
  ADD ("/import/medication-from-spreadsheet", test_medication_from_spreadsheet);
  ADD ("/export/cancel-keeps-old-file", test_cancelled_export_keeps_old_file);
#undef ADD

  return g_test_run ();
}
