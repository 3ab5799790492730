/* test-cli-import.c: salvectl import and export as scripts use them
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "salve-db.h"
#include "salve-profile-repo.h"
#include "salve-session-repo.h"
#include "salve-test-util.h"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = salve_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "salve.db", NULL);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "add", "Anna", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "add", "Bob", NULL), ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  salve_test_remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
}

/* The summary is the last line of stdout. */
static const char *
summary_of (const char *out)
{
  const char *last = out;
  const char *p;

  for (p = out; *p != '\0'; p++)
    if (*p == '\n' && p[1] != '\0')
      last = p + 1;

  return last;
}

static gint64
count_rows (const char *db_path,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (db_path, &error);
  g_autoptr(SalveStmt) stmt = NULL;

  g_assert_no_error (error);
  stmt = salve_db_prepare (db, sql, &error);
  g_assert_no_error (error);
  g_assert_true (salve_stmt_step (stmt, NULL));
  return salve_stmt_get_int64 (stmt, 0);
}

static void
test_import_and_reimport (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = fixture_path ("excel-nl-semicolon-cp1252.csv");
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "import", path, "--profile", "Anna", NULL), ==, 0);
  g_assert_cmpstr (summary_of (out), ==, "read 3, imported 3, duplicates 0, rejected 0\n");

  g_assert_cmpint (salve_test_run_salvectl (&out2, NULL, "--db", f->db, "import", path, "--profile", "Anna", NULL), ==, 0);
  g_assert_cmpstr (summary_of (out2), ==, "read 3, imported 0, duplicates 3, rejected 0\n");
}

static void
test_rejects_reported (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = fixture_path ("bad-rows.csv");
  g_autofree char *rejects = g_build_filename (f->dir, "rejects.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *saved = NULL;

  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "import", path, "--profile", "Anna",
                                            "--rejects", rejects, NULL), ==, 3);
  g_assert_cmpstr (summary_of (out), ==, "read 8, imported 2, duplicates 0, rejected 6\n");
  g_assert_nonnull (strstr (err, "line 3, column “pijn”: pain 11 is outside 0–10\n"));
  g_assert_nonnull (strstr (err, "line 4, column “datum”: the date “31-02-2026” does not exist\n"));
  g_assert_nonnull (strstr (err, "line 5, column “pijn”: pain is empty\n"));
  g_assert_nonnull (strstr (err, "line 6, column “pijn”: pain “6.5” is not a whole number from 0 to 10\n"));
  g_assert_nonnull (strstr (err, "line 7, column “tijd”: the time “25:00” does not exist\n"));
  g_assert_nonnull (strstr (err, "line 8, column “datum”: the date is empty\n"));

  g_assert_true (g_file_get_contents (rejects, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "31-02-2026,08:00,4,no such date,4,1,the date “31-02-2026” does not exist\r\n"));
}

/* --rejects naming the file imported (a slip on the command line) would
 * replace the person's file by its rejected rows: refused before a row
 * is read, under its own name and through a link, the file as it was. */
static void
test_rejects_not_the_source (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *source = fixture_path ("bad-rows.csv");
  g_autofree char *original = NULL;
  g_autofree char *path = g_build_filename (f->dir, "dagboek.csv", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link.csv", NULL);
  const char *targets[] = { path, link };

  g_assert_true (g_file_get_contents (source, &original, NULL, NULL));
  g_assert_true (g_file_set_contents (path, original, -1, NULL));
  g_assert_cmpint (symlink (path, link), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *after = NULL;

      g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "import", path, "--profile", "Anna",
                                                "--rejects", targets[i], NULL), ==, 1);
      g_assert_nonnull (strstr (err, "The rejected rows would replace the file being imported"));
      g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
      g_assert_cmpstr (after, ==, original);
      g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries"), ==, 0);
    }
}

static void
test_strict_and_dry_run (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = fixture_path ("bad-rows.csv");
  g_autofree char *good = fixture_path ("overlap-a.csv");
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *out3 = NULL;

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "import", path, "--profile", "Anna",
                                            "--strict", NULL), ==, 4);
  /* The summary counts what was stored, and says what was not. */
  g_assert_cmpstr (summary_of (out), ==, "read 8, imported 0, duplicates 0, rejected 6\n");
  g_assert_nonnull (strstr (out, "Strict: rows were rejected, so nothing was stored, not even the 2 valid rows.\n"));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries"), ==, 0);

  g_assert_cmpint (salve_test_run_salvectl (&out2, NULL, "--db", f->db, "import", good, "--profile", "Anna",
                                            "--dry-run", NULL), ==, 0);
  g_assert_cmpstr (summary_of (out2), ==, "read 3, imported 3, duplicates 0, rejected 0\n");
  g_assert_nonnull (strstr (out2, "Dry run"));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries"), ==, 0);

  g_assert_cmpint (salve_test_run_salvectl (&out3, NULL, "--db", f->db, "import", good, "--profile", "Anna",
                                            "--strict", NULL), ==, 0);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries"), ==, 3);
}

static void
test_nothing_imported (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "allbad.csv", NULL);
  g_autofree char *nopain = g_build_filename (f->dir, "nopain.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (path, "datum;pijn\n31-02-2026;4\n01-03-2026;12\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "import", path, "--profile", "Anna", NULL), ==, 4);
  g_assert_cmpstr (summary_of (out), ==, "read 2, imported 0, duplicates 0, rejected 2\n");

  /* No pain column at all: nothing to import, and the person is told
   * which column is missing. */
  g_assert_true (g_file_set_contents (nopain, "datum;gevoel\n01-03-2026;goed\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "import", nopain, "--profile", "Anna", NULL), ==, 4);
  g_assert_nonnull (strstr (err, "Pain"));
}

static void
test_map_option (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "gevoel.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (path, "datum;gevoel;stemming\n01-03-2026;4;x\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "import", path, "--profile", "Anna",
                                            "--map", "gevoel=pain", NULL), ==, 0);
  g_assert_cmpstr (summary_of (out), ==, "read 1, imported 1, duplicates 0, rejected 0\n");
  /* What is not imported is said, never dropped in silence. */
  g_assert_nonnull (strstr (err, "“stemming” is not imported"));
  g_assert_nonnull (strstr (err, "12:00"));

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", path, "--profile", "Anna",
                                            "--map", "gevoel=nonsense", NULL), ==, 2);

  /* The header as written in any case, as headers are read; "ignore"
   * leaves a column out, as an empty field does. */
  {
    g_autofree char *upper = g_build_filename (f->dir, "upper.csv", NULL);
    g_autofree char *out2 = NULL;
    g_autofree char *err2 = NULL;

    g_assert_true (g_file_set_contents (upper, "Datum;Gevoel;Stemming\n02-03-2026;5;x\n", -1, NULL));
    g_assert_cmpint (salve_test_run_salvectl (&out2, &err2, "--db", f->db, "import", upper, "--profile", "Anna",
                                              "--map", "gevoel=pain", "--map", "STEMMING=ignore", NULL), ==, 0);
    g_assert_cmpstr (summary_of (out2), ==, "read 1, imported 1, duplicates 0, rejected 0\n");
  }
}

/* --map reads the header the import reads, below a title; two columns of
 * one name are told by their numbers ("#4"), and naming them by the name
 * is exit 2 (it mapped the first and dropped or kept the second unsaid). */
static void
test_map_title_and_twins (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *titled = g_build_filename (f->dir, "titled.csv", NULL);
  g_autofree char *twins = g_build_filename (f->dir, "twins.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *err4 = NULL;

  g_assert_true (g_file_set_contents (titled, "Dagboek Anna\ndatum;gevoel\n01-03-2026;4\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "import", titled, "--profile", "Anna",
                                            "--map", "gevoel=pain", NULL), ==, 0);
  g_assert_cmpstr (summary_of (out), ==, "read 1, imported 1, duplicates 0, rejected 0\n");

  g_assert_true (g_file_set_contents (twins, "datum;pijn;opmerking;opmerking\n02-03-2026;5;eerste;tweede\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "import", twins, "--profile", "Anna",
                                            "--map", "opmerking=ignore", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Columns 3 and 4 are both called “opmerking” (--map): give the column by its number, "
                                 "as in --map '#4=ignore'"));
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err3, "--db", f->db, "import", twins, "--profile", "Anna",
                                            "--map", "#5=note", NULL), ==, 2);
  g_assert_nonnull (strstr (err3, "The file has no column #5 (--map): its columns are #1 to #4"));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE at LIKE '2026-03-02%'"), ==, 0);

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err4, "--db", f->db, "import", twins, "--profile", "Anna",
                                            "--dry-run", NULL), ==, 0);
  g_assert_nonnull (strstr (err4, "Column 4 (“opmerking”) is not imported (1 cell with text): column 3, of the same "
                                  "name, is read as “Note”."));
  g_assert_cmpint (salve_test_run_salvectl (&out2, &err2, "--db", f->db, "import", twins, "--profile", "Anna",
                                            "--map", "#3=", "--map", "#4=note", NULL), ==, 0);
  g_assert_cmpstr (summary_of (out2), ==, "read 1, imported 1, duplicates 0, rejected 0\n");
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE note = 'tweede'"), ==, 1);
  g_assert_nonnull (strstr (err2, "Column 3 (“opmerking”) is not imported (1 cell with text): column 4, of the same "
                                  "name, is read as “Note”."));
}

/* A heading that names another scale than 0–10 is not read as a rating:
 * "Pijn (0-100)" stored 8 of 100 as 8 of 10, "Slaap (uren)" six hours'
 * sleep as a sleep quality of 6. Such a column is said, and so is why
 * the pain is missing. */
static void
test_other_scale_in_heading (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *hundred = g_build_filename (f->dir, "hundred.csv", NULL);
  g_autofree char *hours = g_build_filename (f->dir, "hours.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;

  g_assert_true (g_file_set_contents (hundred, "Date,Time,Pain (0-100)\n2026-03-01,08:00,8\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "import", hundred, "--profile", "Anna", NULL), ==, 4);
  g_assert_nonnull (strstr (err, "“Pain (0-100)” is not read as it, because its heading names another scale"));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries"), ==, 0);

  g_assert_true (g_file_set_contents (hours, "Datum;Tijd;Pijn (0-10);Slaap (uren)\n01-03-2026;08:00;4;6\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (&out, &err2, "--db", f->db, "import", hours, "--profile", "Anna", NULL), ==, 0);
  g_assert_cmpstr (summary_of (out), ==, "read 1, imported 1, duplicates 0, rejected 0\n");
  g_assert_nonnull (strstr (err2, "The column “Slaap (uren)” is not imported (1 cell with text): its heading names "
                                  "another scale or unit than 0–10."));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE pain = 4 AND sleep_quality IS NULL"), ==, 1);
}

/* What a heading says of its dates is read, not dropped with its
 * brackets: the order ("Date (MM-DD-YYYY)": 11-02 was stored as 11
 * February) and the zone ("Date (UTC)": 07:30 was stored as 07:30 local
 * time, an hour or two off), which is of times: a date alone stays the
 * day at 12:00 local time, as said. A weak name gives way: a TENS diary's
 * "Intensity" is not its pain. */
static void
test_headings_say_how (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *order = g_build_filename (f->dir, "order.csv", NULL);
  g_autofree char *utc = g_build_filename (f->dir, "utc.csv", NULL);
  g_autofree char *tens = g_build_filename (f->dir, "tens.csv", NULL);
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *err3 = NULL;

  g_assert_true (g_file_set_contents (order, "Date (MM-DD-YYYY),Time,Pain\n11-02-2026,08:00,5\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "import", order, "--profile", "Anna", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "Dates are read month first, as the heading “Date (MM-DD-YYYY)” says."));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE at LIKE '2026-11-02T08:00:00%'"), ==, 1);

  /* Away from UTC, or the test could not tell. */
  g_assert_true (g_file_set_contents (utc, "Date (UTC),Pain\n2026-07-01 06:30,4\n2026-07-02,6\n", -1, NULL));
  {
    g_autofree char *saved_tz = g_strdup (g_getenv ("TZ"));

    g_setenv ("TZ", "Europe/Amsterdam", TRUE);
    g_assert_cmpint (salve_test_run_salvectl (NULL, &err2, "--db", f->db, "import", utc, "--profile", "Anna", NULL), ==, 0);
    if (saved_tz != NULL)
      g_setenv ("TZ", saved_tz, TRUE);
    else
      g_unsetenv ("TZ");
  }
  g_assert_nonnull (strstr (err2, "Times without an offset of their own are read in UTC, as the heading “Date (UTC)” says."));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE pain = 4 AND "
                                      "at_unix = strftime('%s', '2026-07-01 06:30:00')"), ==, 1);
  /* A day without a time is the day written, at 12:00 where the person
   * is, as the note says: 12:00 UTC is another day east of UTC+12. */
  g_assert_nonnull (strstr (err2, "There is no time column: dates without a time are stored at 12:00 local time."));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE pain = 6 AND "
                                      "at = '2026-07-02T12:00:00+02:00'"), ==, 1);

  g_assert_true (g_file_set_contents (tens, "Date,Time,Program,Intensity,Minutes,Pain\n2026-03-05,08:00,2,8,30,3\n",
                                      -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err3, "--db", f->db, "import", tens, "--profile", "Anna", NULL), ==, 0);
  g_assert_nonnull (strstr (err3, "The column “Intensity” is not imported (1 cell with text): the column “Pain” is "
                                  "read as “Pain (0–10)”."));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE at LIKE '2026-03-05%' AND pain = 3"), ==, 1);
}

/* A title above the header, as phone apps write one, is no header: the
 * import stopped with "No column holds …" and no hint at line 1. */
static void
test_title_above_header (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "titled.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (path, "Pain Diary Export - Anna\n\nDate,Time,Pain\n2026-03-01,08:00,5\n"
                                            "2026-03-01,20:00,3\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "import", path, "--profile", "Anna", NULL), ==, 0);
  g_assert_cmpstr (summary_of (out), ==, "read 2, imported 2, duplicates 0, rejected 0\n");
  g_assert_nonnull (strstr (err, "Line 1 (“Pain Diary Export - Anna”) is read as a title above the header, not as "
                                 "the header."));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE at LIKE '2026-03-01T20:00%' AND pain = 3"), ==, 1);

  /* Several titles are said as several; past five, the sixth line is
   * taken for the header, and the message says so. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_set_contents (path, "Pijndagboek Anna\nMaart 2026\n\nExport\ndatum;pijn\n3-2-2026;7\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "import", path, "--profile", "Anna", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "3 lines, from line 1 (“Pijndagboek Anna”) on, are read as titles above the header"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_set_contents (path, "T1\nT2\nT3\nT4\nT5\nT6\ndatum;pijn\n3-2-2026;7\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "import", path, "--profile", "Anna", NULL), ==, 4);
  g_assert_nonnull (strstr (err, "Line 6 was taken for the header, below 5 lines of titles, as many as Salve skips"));

  /* A Dutch spreadsheet's: semicolons under the title (the title decided
   * the delimiter, and the import stopped as "empty"). */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_set_contents (path, "Pijndagboek Anna\r\ndatum;tijd;pijn\r\n2-3-2026;08:00;5\r\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "import", path, "--profile", "Anna", NULL), ==, 0);
  g_assert_cmpstr (summary_of (out), ==, "read 1, imported 1, duplicates 0, rejected 0\n");
  g_assert_nonnull (strstr (err, "Line 1 (“Pijndagboek Anna”) is read as a title above the header"));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE at LIKE '2026-03-02T08:00%' AND pain = 5"), ==, 1);
}

/* "geen" in a medication column is no medicine called "geen": a day
 * without, as spreadsheets fill the column. */
static void
test_no_medication (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "geen.csv", NULL);
  g_autofree char *out = NULL;

  g_assert_true (g_file_set_contents (path, "Datum;Tijd;Pijn;Medicatie;Dosis\n"
                                            "01-03-2026;08:00;5;geen;\n"
                                            "02-03-2026;08:00;4;Paracetamol;500 mg\n"
                                            "03-03-2026;08:00;4; N.v.t. ;\n"
                                            "04-03-2026;08:00;3;-;\n"
                                            "05-03-2026;08:00;;none;\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "import", path, "--profile", "Anna", NULL), ==, 3);
  g_assert_cmpstr (summary_of (out), ==, "read 5, imported 4, duplicates 0, rejected 1\n");
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries"), ==, 4);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM medication_intakes"), ==, 1);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM medication_intakes WHERE name = 'Paracetamol'"), ==, 1);
}

/* A diary file with columns named as a session's values ("Begin",
 * "Einde", "Reden", "Duur"): a diary row has no place for them, and they
 * were dropped without a word. They are said, as a column nobody maps. */
static void
test_session_columns_on_diary_rows (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "migraine.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (path, "Datum;Begin;Einde;Pijn;Reden;Notitie\n"
                                            "01-03-2026;8:00;11:30;7;tillen;migraine\n"
                                            "02-03-2026;;;5;;\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "import", path, "--profile", "Anna", NULL), ==, 0);
  g_assert_cmpstr (summary_of (out), ==, "read 2, imported 2, duplicates 0, rejected 0\n");
  g_assert_nonnull (strstr (err, "The column “Begin” is read as “Session start”, which only a session has: "
                                 "on diary rows it is not imported (1 cell with text)."));
  g_assert_nonnull (strstr (err, "The column “Einde” is read as “Session end”"));
  g_assert_nonnull (strstr (err, "The column “Reden” is read as “Outcome reason”"));
  g_assert_null (strstr (err, "“Notitie”"));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE note = 'migraine'"), ==, 1);
}

/* Two exports joined into one file, the second with its columns in
 * another order and a byte order mark of its own: the rows after its
 * header were read in the first header's columns (pain 2, fatigue 6
 * stored as pain 6, fatigue 2), and the header itself was only "not a
 * date". They are refused now, and a header repeated as it was is said
 * and the rows after it read. */
static void
test_header_again (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *joined = g_build_filename (f->dir, "joined.csv", NULL);
  g_autofree char *repeated = g_build_filename (f->dir, "repeated.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  g_assert_true (g_file_set_contents (joined, "\xEF\xBB\xBF" "Datum;Tijd;Pijn;Vermoeidheid\n01-03-2026;8:00;6;2\n"
                                              "\xEF\xBB\xBF" "Datum;Tijd;Vermoeidheid;Pijn\n02-03-2026;8:00;6;2\n"
                                              "03-03-2026;8:00;7;3\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "import", joined, "--profile", "Anna", NULL), ==, 3);
  g_assert_cmpstr (summary_of (out), ==, "read 4, imported 1, duplicates 0, rejected 3\n");
  g_assert_nonnull (strstr (err, "the header comes again here with other columns or in another order"));
  g_assert_nonnull (strstr (err, "after line 3, where the header comes again"));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries"), ==, 1);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE pain = 6 AND fatigue = 2"), ==, 1);

  g_assert_true (g_file_set_contents (repeated, "Datum;Pijn\n10-03-2026;4\nDatum;Pijn\n11-03-2026;5\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (&out2, &err2, "--db", f->db, "import", repeated, "--profile", "Anna", NULL), ==, 3);
  g_assert_cmpstr (summary_of (out2), ==, "read 3, imported 2, duplicates 0, rejected 1\n");
  g_assert_nonnull (strstr (err2, "the line repeats the header"));
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = fixture_path ("overlap-a.csv");
  g_autofree char *out_path = g_build_filename (f->dir, "x.csv", NULL);

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", path, NULL), ==, 2);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", path, "--profile", "Nobody", NULL), ==, 1);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", "/nonexistent.csv", "--profile", "Anna", NULL), ==, 1);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "export", "--profile", "Anna", NULL), ==, 2);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "export", "--profile", "Anna",
                                            "--out", out_path, "--kind", "everything", NULL), ==, 2);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "export", "--profile", "Anna",
                                            "--out", out_path, "--separator", "tab", NULL), ==, 2);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "export", "--profile", "Anna", "--format", "fhir",
                                            "--out", out_path, "--separator", "semicolon", NULL), ==, 2);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", path, "--profile", "Anna",
                                            "--dates", "year-first", NULL), ==, 2);
}

static void
test_export_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *a = fixture_path ("salve-export-all.csv");
  g_autofree char *b = fixture_path ("quoted-newlines.csv");
  g_autofree char *anna = g_build_filename (f->dir, "anna.csv", NULL);
  g_autofree char *bob = g_build_filename (f->dir, "bob.csv", NULL);
  g_autofree char *anna_csv = NULL;
  g_autofree char *bob_csv = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", a, "--profile", "Anna", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", b, "--profile", "Anna", NULL), ==, 3);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "export", "--profile", "Anna",
                                            "--out", anna, "--kind", "all", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "5 rows"));

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", anna, "--profile", "Bob", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "export", "--profile", "Bob",
                                            "--out", bob, "--kind", "all", NULL), ==, 0);

  g_assert_true (g_file_get_contents (anna, &anna_csv, NULL, NULL));
  g_assert_true (g_file_get_contents (bob, &bob_csv, NULL, NULL));
  g_assert_cmpstr (anna_csv, ==, bob_csv);
  /* The guarded note of the fixture is guarded again on the way out. */
  g_assert_nonnull (strstr (anna_csv, ",\"'=1+2\"\r\n"));

  /* The same with semicolons, for a spreadsheet in Dutch. */
  g_clear_pointer (&anna_csv, g_free);
  g_clear_pointer (&bob_csv, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "export", "--profile", "Anna",
                                            "--out", anna, "--kind", "all", "--separator", "semicolon", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "add", "Cor", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", anna, "--profile", "Cor", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "export", "--profile", "Cor",
                                            "--out", bob, "--kind", "all", "--separator", "semicolon", NULL), ==, 0);
  g_assert_true (g_file_get_contents (anna, &anna_csv, NULL, NULL));
  g_assert_true (g_file_get_contents (bob, &bob_csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (anna_csv, "\xEF\xBB\xBF" "kind;at;pain;"));
  g_assert_cmpstr (anna_csv, ==, bob_csv);
}

/* An export stopped by SIGTERM, Ctrl+C or kill -9 leaves no hidden
 * half-written copy of the diary beside the file asked for. */
static void
test_export_interrupted (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "long.csv", NULL);
  g_autofree char *out_dir = g_build_filename (f->dir, "out", NULL);
  g_autofree char *target = g_build_filename (out_dir, "diary.csv", NULL);
  g_autoptr(GString) text = g_string_new ("date,time,pain,note\n");
  /* Unnamed until complete; and, where a file system has no unnamed
   * files, a hidden one that the signal handler removes (kill -9 leaves
   * that one: nothing runs after it). */
  const struct { int signal; gboolean named; } runs[] = {
    { SIGTERM, FALSE }, { SIGINT, FALSE }, { SIGKILL, FALSE }, { SIGTERM, TRUE }, { SIGINT, TRUE },
  };

  for (guint i = 0; i < 150000; i++)
    g_string_append_printf (text, "%04u-%02u-%02u,%02u:%02u,%u,a note long enough to take a while %u\n",
                            2000 + i / 8760, 1 + (i / 720) % 12, 1 + (i / 24) % 28, i % 24, 0, i % 11, i);
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", csv, "--profile", "Anna", NULL), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);

  for (guint s = 0; s < G_N_ELEMENTS (runs); s++)
    {
      const char *argv[] = { g_getenv ("SALVECTL"), "--db", f->db, "export", "--profile", "Anna", "--out", target, NULL };
      g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "SALVE_TEST_NAMED_FILES", "1", TRUE);
      g_autoptr(GError) error = NULL;
      gboolean writing = FALSE;
      GPid pid;
      int status;

      g_assert_true (g_spawn_async (NULL, (char **) argv, runs[s].named ? envp : NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                    NULL, NULL, &pid, &error));
      g_assert_no_error (error);
      /* Until it writes the file: the signal comes mid-write. */
      for (guint tries = 0; tries < 2000 && !writing; tries++)
        {
          if (runs[s].named)
            {
              g_autoptr(GDir) dir = g_dir_open (out_dir, 0, NULL);
              const char *name;

              while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
                writing |= g_str_has_prefix (name, ".diary.csv.");
            }
          else
            writing = salve_test_writes_unnamed (pid, out_dir);
          if (!writing)
            g_usleep (1000);
        }
      g_assert_true (writing);
      kill (pid, runs[s].signal);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, runs[s].signal);
      {
        g_autoptr(GDir) dir = g_dir_open (out_dir, 0, NULL);

        g_assert_nonnull (dir);
        g_assert_null (g_dir_read_name (dir));
      }
    }
}

/* A practice session (on the simulated stimulator) is left out of an
 * export unless --include-practice asks for it. */
static void
test_export_practice (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *a = fixture_path ("salve-export-all.csv");
  g_autofree char *path = g_build_filename (f->dir, "anna.csv", NULL);
  g_autofree char *json = g_build_filename (f->dir, "anna.json", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", a, "--profile", "Anna", NULL), ==, 0);
  {
    g_autoptr(SalveDb) db = salve_db_open (f->db, NULL);

    g_assert_true (salve_db_exec (db, "INSERT INTO session_events (session_id, at, kind)"
                                      " SELECT id, '2026-03-02T09:00:00+01:00', 'practice' FROM sessions", NULL));
  }

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "export", "--profile", "Anna",
                                            "--out", path, "--kind", "all", NULL), ==, 0);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_assert_null (strstr (csv, "My TENS"));
  g_assert_nonnull (strstr (out, "1 row "));
  g_clear_pointer (&csv, g_free);
  g_clear_pointer (&out, g_free);

  /* With it, under the practice stimulator's name whatever it was
   * recorded with, so that it comes back as practice: not a treatment
   * whose pain before and after count. */
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "export", "--profile", "Anna",
                                            "--out", path, "--kind", "all", "--include-practice", NULL), ==, 0);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_assert_null (strstr (csv, "My TENS"));
  g_assert_nonnull (strstr (csv, ",Practice stimulator,tens,"));
  g_assert_nonnull (strstr (out, "2 rows"));
  g_clear_pointer (&csv, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "add", "Copy", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", path, "--profile", "Copy", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "session", "list", "--profile", "Copy", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "practice: on the simulated stimulator, not counted"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "diary", "stats", "--profile", "Copy", NULL), ==, 0);
  g_assert_null (strstr (out, "TENS:"));
  g_clear_pointer (&out, g_free);

  /* FHIR likewise: no Procedure without the option. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "export", "--format", "fhir", "--profile", "Anna",
                                            "--out", json, NULL), ==, 0);
  g_assert_true (g_file_get_contents (json, &csv, NULL, NULL));
  g_assert_null (strstr (csv, "\"Procedure\""));
  g_clear_pointer (&csv, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "export", "--format", "fhir", "--profile", "Anna",
                                            "--out", json, "--include-practice", NULL), ==, 0);
  g_assert_true (g_file_get_contents (json, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, "\"Procedure\""));
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "add", "Fhir", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", json, "--profile", "Fhir", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "session", "list", "--profile", "Fhir", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "practice: on the simulated stimulator, not counted"));
}

/* A practice session recorded in Dutch ("Oefenstimulator") is exported
 * under the practice stimulator's English name; read back into its own
 * profile it is the same session, not a second one. */
static void
test_export_practice_round_trip (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *a = fixture_path ("salve-export-all.csv");
  g_autofree char *path = g_build_filename (f->dir, "anna.csv", NULL);
  g_autofree char *out = NULL;
  gint64 before, after;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", a, "--profile", "Anna", NULL), ==, 0);
  {
    g_autoptr(SalveDb) db = salve_db_open (f->db, NULL);

    /* As the app in Dutch records practice: no import, no key yet. */
    g_assert_true (salve_db_exec (db, "UPDATE sessions SET device_name = 'Oefenstimulator', import_id = NULL,"
                                      " dedupe_key = NULL", NULL));
    g_assert_true (salve_db_exec (db, "INSERT INTO session_events (session_id, at, kind)"
                                      " SELECT id, '2026-03-02T09:00:00+01:00', 'practice' FROM sessions", NULL));
  }
  before = count_rows (f->db, "SELECT count(*) FROM sessions");

  for (guint round = 0; round < 2; round++)
    {
      g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "export", "--profile", "Anna",
                                                "--out", path, "--kind", "all", "--include-practice", NULL), ==, 0);
      g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "import", path, "--profile", "Anna",
                                                NULL), ==, 0);
      g_assert_nonnull (strstr (out, "imported 0,"));
      g_clear_pointer (&out, g_free);
    }
  after = count_rows (f->db, "SELECT count(*) FROM sessions");
  g_assert_cmpint (after, ==, before);

  /* One practice stimulator in the Sessions view's device filter, which
   * finds the session by that name. */
  {
    g_autoptr(SalveDb) db = salve_db_open (f->db, NULL);
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (db, "Anna", NULL);
    g_auto(GStrv) names = salve_session_repo_list_device_names (db, salve_profile_get_id (anna), NULL);
    SalveSessionFilter filter = SALVE_SESSION_FILTER_INIT;
    g_autoptr(GPtrArray) found = NULL;

    g_assert_nonnull (names);
    g_assert_cmpuint (g_strv_length (names), ==, 1);
    g_assert_cmpstr (names[0], ==, "Practice stimulator");
    filter.device_name = names[0];
    found = salve_session_repo_list (db, salve_profile_get_id (anna), &filter, NULL);
    g_assert_nonnull (found);
    g_assert_cmpint (found->len, ==, before);
  }
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

static void
test_kill_leaves_db_as_before (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *seed = fixture_path ("overlap-a.csv");
  g_autofree char *big = g_build_filename (f->dir, "big.csv", NULL);
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  g_autofree char *journal = g_strconcat (f->db, "-journal", NULL);
  g_autofree char *rejects_dir = g_build_filename (f->dir, "rejects", NULL);
  g_autofree char *rejects = g_build_filename (rejects_dir, "rejects.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("date,time,pain,note\n");
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveStmt) check = NULL;
  guint64 written_before;
  gint64 start;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", seed, "--profile", "Anna", NULL), ==, 0);

  for (guint i = 0; i < 600000; i++)
    g_string_append_printf (csv, "%u-%02u-%02u,%02u:%02u:%02u,%u,row %u\n",
                            2000 + i / 20000, 1 + (i / 1500) % 12, 1 + (i / 50) % 28,
                            (i / 3600) % 24, (i / 60) % 60, i % 60, i % 7 == 0 ? 11 : i % 11, i);
  g_assert_true (g_file_set_contents (big, csv->str, csv->len, NULL));
  g_assert_cmpint (g_mkdir (rejects_dir, 0700), ==, 0);

  written_before = file_size (f->db) + file_size (wal);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           g_getenv ("SALVECTL"), "--db", f->db, "import", big, "--profile", "Anna",
                           "--rejects", rejects, NULL);
  g_assert_no_error (error);

  /* Kill it once it has written well into its transaction: alone on the
   * database it writes into the file itself, beside a rollback journal,
   * else into the log. */
  start = g_get_monotonic_time ();
  while (file_size (f->db) + file_size (wal) < written_before + 4 * 1024 * 1024)
    {
      g_assert_cmpint (g_get_monotonic_time () - start, <, 60 * G_USEC_PER_SEC);
      g_usleep (2000);
    }
  g_subprocess_send_signal (proc, SIGKILL);
  g_assert_true (g_subprocess_wait (proc, NULL, NULL));
  g_assert_true (g_subprocess_get_if_signaled (proc));
  g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, SIGKILL);
  /* salvectl was alone: what it wrote into the file its journal undoes. */
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));
  /* The rejects it had written (every seventh row's pain is 11) left no
   * hidden partial file behind. */
  {
    g_autoptr(GDir) dir = g_dir_open (rejects_dir, 0, NULL);

    g_assert_nonnull (dir);
    g_assert_null (g_dir_read_name (dir));
  }

  /* The database opens, is whole, and holds exactly what it held. */
  db = salve_db_open (f->db, &error);
  g_assert_no_error (error);
  check = salve_db_prepare (db, "PRAGMA integrity_check", NULL);
  g_assert_true (salve_stmt_step (check, NULL));
  g_assert_cmpstr (salve_stmt_get_text (check, 0), ==, "ok");
  g_clear_pointer (&check, salve_stmt_free);
  g_clear_object (&db);

  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries"), ==, 3);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM imports"), ==, 1);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE note LIKE 'row %'"), ==, 0);
}

/* Runs salvectl under a file size limit of @blocks (ulimit -f), the way a
 * shell with a quota would start it. */
static int
run_salvectl_limited (guint        blocks,
                      char       **err,
                      const char  *first_arg,
                      ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status = 0;
  va_list ap;

  g_ptr_array_add (argv, g_strdup ("/bin/sh"));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup_printf ("ulimit -f %u && exec \"$0\" \"$@\"", blocks));
  g_ptr_array_add (argv, g_strdup (g_getenv ("SALVECTL")));
  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, err, &status, &error);
  g_assert_no_error (error);

  /* Killed by SIGXFSZ is what must not happen. */
  if (!WIFEXITED (status))
    {
      g_test_message ("salvectl did not exit normally (status %d)", status);
      return -1;
    }
  return WEXITSTATUS (status);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir but the database's, sorted, joined by spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (!g_str_has_prefix (name, "salve.db"))
      g_ptr_array_add (names, (char *) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* A diary of @n rows, imported into Anna, written to "diary-seed.csv". */
static void
import_long_diary (Fixture *f,
                   guint    n)
{
  g_autofree char *seed = g_build_filename (f->dir, "diary-seed.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("date,time,pain,note\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "2025-%02u-%02u,%02u:%02u,%u,row %u: a note long enough to make the export grow\n",
                            1 + (i / 280) % 12, 1 + (i / 10) % 28, 8 + i % 10, i % 60, i % 11, i);
  g_assert_true (g_file_set_contents (seed, csv->str, csv->len, NULL));
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", seed, "--profile", "Anna", NULL), ==, 0);
}

static void
test_export_file_size_limit (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *fresh = g_build_filename (f->dir, "fresh.csv", NULL);
  g_autofree char *old = g_build_filename (f->dir, "old.csv", NULL);
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *names = NULL;

  /* 3000 rows export to about 250 KB; the limit is 100 blocks (50 or
   * 100 KB, by the shell's block size), above the database's shared
   * memory file. */
  import_long_diary (f, 3000);
  g_assert_true (g_file_set_contents (old, "the previous export\n", -1, NULL));

  g_assert_cmpint (run_salvectl_limited (100, &err, "--db", f->db, "export", "--profile", "Anna",
                                         "--out", fresh, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "fresh.csv"));
  g_assert_nonnull (strstr (err, "too large"));

  g_assert_cmpint (run_salvectl_limited (100, &err2, "--db", f->db, "export", "--profile", "Anna",
                                         "--out", old, NULL), ==, 1);
  g_assert_nonnull (strstr (err2, "too large"));
  g_assert_true (g_file_get_contents (old, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "the previous export\n");

  /* No partial, empty or temporary file is left behind. */
  names = list_dir (f->dir);
  g_assert_cmpstr (names, ==, "diary-seed.csv old.csv");
}

static void
test_files_are_private (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = fixture_path ("bad-rows.csv");
  g_autofree char *fresh = g_build_filename (f->dir, "fresh.csv", NULL);
  g_autofree char *open_csv = g_build_filename (f->dir, "open.csv", NULL);
  g_autofree char *rejects = g_build_filename (f->dir, "rejects.csv", NULL);
  g_autofree char *png = g_build_filename (f->dir, "chart.png", NULL);
  g_autofree char *svg = g_build_filename (f->dir, "chart.svg", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "chart.pdf", NULL);
  mode_t old_umask = umask (022);

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", path, "--profile", "Anna",
                                            "--rejects", rejects, NULL), ==, 3);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "export", "--profile", "Anna",
                                            "--out", fresh, NULL), ==, 0);
  /* Written over, a file that others could read becomes the owner's. */
  g_assert_true (g_file_set_contents (open_csv, "x\n", -1, NULL));
  g_assert_no_errno (g_chmod (open_csv, 0644));
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "export", "--profile", "Anna",
                                            "--out", open_csv, NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "chart", "--profile", "Anna",
                                            "--out", png, NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "chart", "--profile", "Anna",
                                            "--out", svg, NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "chart", "--profile", "Anna",
                                            "--out", pdf, NULL), ==, 0);
  umask (old_umask);

  g_assert_cmpuint (file_mode (rejects), ==, 0600);
  g_assert_cmpuint (file_mode (fresh), ==, 0600);
  g_assert_cmpuint (file_mode (open_csv), ==, 0600);
  g_assert_cmpuint (file_mode (png), ==, 0600);
  g_assert_cmpuint (file_mode (svg), ==, 0600);
  g_assert_cmpuint (file_mode (pdf), ==, 0600);
}

static void
test_rejects_guarded (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "formulas.csv", NULL);
  g_autofree char *rejects = g_build_filename (f->dir, "rejects.csv", NULL);
  g_autofree char *saved = NULL;

  g_assert_true (g_file_set_contents (path,
                                      "datum,pijn,notitie\n"
                                      "01-03-2026,=cmd|' /C calc'!A0,x\n"
                                      "02-03-2026,@SUM(1+1),x\n"
                                      "03-03-2026,11,+1\n"
                                      "04-03-2026,12,'=SUM(A1)\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "import", path, "--profile", "Anna",
                                            "--rejects", rejects, NULL), ==, 4);

  /* Each cell the export would guard gets the same apostrophe, in the
   * rejected cells and in the reasons that quote them. */
  g_assert_true (g_file_get_contents (rejects, &saved, NULL, NULL));
  g_assert_true (g_str_has_prefix (saved, "\xEF\xBB\xBF"));
  g_assert_nonnull (strstr (saved, "\r\n01-03-2026,\"'=cmd|' /C calc'!A0\",x,"));
  g_assert_nonnull (strstr (saved, "\r\n02-03-2026,\"'@SUM(1+1)\",x,"));
  g_assert_nonnull (strstr (saved, "\r\n03-03-2026,11,\"'+1\","));
  g_assert_null (strstr (saved, ",=cmd"));
  g_assert_null (strstr (saved, ",@SUM"));
  g_assert_null (strstr (saved, ",+1"));
  /* Guarded in the file already: as it came, so that the row read back
   * from the rejects file has the note the file's row has ("=SUM(A1)"),
   * not "'=SUM(A1)". */
  g_assert_nonnull (strstr (saved, "\r\n04-03-2026,12,'=SUM(A1),"));
  g_assert_null (strstr (saved, "''=SUM"));
}

static void
test_mixed_encoding (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "mixed.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (path, "datum;pijn;notitie\n"
                                            "01-03-2026;3;caf\xe9\n"
                                            "02-03-2026;4;caf\xc3\xa9 au lait\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "import", path, "--profile", "Anna", NULL), ==, 3);
  g_assert_cmpstr (summary_of (out), ==, "read 2, imported 1, duplicates 0, rejected 1\n");
  g_assert_nonnull (strstr (err, "line 3, column “notitie”: “café au lait” is UTF-8, but the file is Windows-1252 (line 2)"));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE note = 'café'"), ==, 1);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE note LIKE '%Ã%'"), ==, 0);
}

/* Excel for Mac's "CSV (Macintosh)": stored as the words they are, not
 * as "cafŽ". */
static void
test_mac_roman (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "mac.csv", NULL);
  g_autofree char *out = NULL;

  g_assert_true (g_file_set_contents (path, "datum;pijn;notitie\r"
                                            "01-03-2026;4;caf\x8e, \x8e\x8en keer\r", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "import", path, "--profile", "Anna", NULL), ==, 0);
  g_assert_cmpstr (summary_of (out), ==, "read 1, imported 1, duplicates 0, rejected 0\n");
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE note = 'café, één keer'"), ==, 1);
}

/* Which 8-bit encoding a file that is not UTF-8 is read in is a
 * judgement: the import says which, so a person who sees odd letters
 * knows why. A UTF-8 file gets no such note. */
static void
test_encoding_note (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *win = g_build_filename (f->dir, "win.csv", NULL);
  g_autofree char *mac = g_build_filename (f->dir, "mac.csv", NULL);
  g_autofree char *utf8 = g_build_filename (f->dir, "utf8.csv", NULL);
  g_autofree char *win_err = NULL;
  g_autofree char *mac_err = NULL;
  g_autofree char *utf8_err = NULL;

  g_assert_true (g_file_set_contents (win, "Datum;Tijd;Pijn;Notitie\r\n"
                                           "2-3-2026;08:00;7;zo\x92n dag\r\n", -1, NULL));
  g_assert_true (g_file_set_contents (mac, "Datum;Tijd;Pijn;Notitie\r"
                                           "3-3-2026;08:00;7;zo\xd5n dag\r", -1, NULL));
  g_assert_true (g_file_set_contents (utf8, "Datum;Tijd;Pijn;Notitie\n"
                                            "4-3-2026;08:00;7;zo’n dag\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (NULL, &win_err, "--db", f->db, "import", win, "--profile", "Anna", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &mac_err, "--db", f->db, "import", mac, "--profile", "Anna", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &utf8_err, "--db", f->db, "import", utf8, "--profile", "Anna", NULL), ==, 0);

  g_assert_cmpstr (win_err, ==, "note: The file is not UTF-8: it is read as Windows-1252, as Excel on Windows saves it. "
                                "If letters or quotes look wrong, save it as “CSV UTF-8” and import that.\n");
  g_assert_cmpstr (mac_err, ==, "note: The file is not UTF-8: it is read as Mac Roman, as Excel for Mac saves it. "
                                "If letters or quotes look wrong, save it as “CSV UTF-8” and import that.\n");
  g_assert_cmpstr (utf8_err, ==, "");
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE note = 'zo’n dag'"), ==, 3);
}

/* A column with text but no name in the header is named by its place
 * in the note, not as the column “”. */
static void
test_unnamed_column_note (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "unnamed.csv", NULL);
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (path, "date,time,pain, ,note\n2026-03-02,08:00,6,x,a\n2026-03-03,08:00,5,y,b\n",
                                      -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "import", path, "--profile", "Anna", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "note: Column 4, which has no name in the header, is not imported (2 cells with text).\n");
}

/* A spreadsheet given for its CSV export is refused at once, saying
 * what to do, and stores nothing (exit 4, as for a missing column). */
static void
test_not_csv (Fixture       *f,
              gconstpointer  data)
{
  static const char xlsx[] = "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml";
  g_autofree char *path = g_build_filename (f->dir, "diary.xlsx", NULL);
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (path, xlsx, sizeof xlsx - 1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "import", path, "--profile", "Anna", NULL), ==, 4);
  g_assert_cmpstr (err, ==, "salvectl: This is a spreadsheet file (such as .xlsx, .xls or .ods), not CSV: "
                            "save it as CSV (or “Unicode text”) first, then import that.\n");
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM imports"), ==, 0);
}

/* 02:30 on the night the clocks go back happens twice: an import reads it
 * as a time typed in with diary add does, says so, and so finds the entry
 * typed in as the duplicate it is. */
static void
test_repeated_hour (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "autumn.csv", NULL);
  g_autofree char *saved_tz = g_strdup (g_getenv ("TZ"));
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_setenv ("TZ", "Europe/Amsterdam", TRUE);
  g_assert_true (g_file_set_contents (path, "datum;tijd;pijn\r\n"
                                            "25-10-2026;02:30;3\r\n"
                                            "25-10-2026;03:30;4\r\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "diary", "add", "--profile", "Anna",
                                            "--pain", "3", "--at", "2026-10-25T02:30", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "import", path, "--profile", "Anna", NULL), ==, 0);
  if (saved_tz != NULL)
    g_setenv ("TZ", saved_tz, TRUE);
  else
    g_unsetenv ("TZ");

  g_assert_cmpstr (summary_of (out), ==, "read 2, imported 1, duplicates 1, rejected 0\n");
  g_assert_nonnull (strstr (err, "2026-10-25 02:30 is in the hour that happens twice when the clocks go back: "
                                 "it is read as UTC+01:00"));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE at = '2026-10-25T02:30:00+01:00'"), ==, 1);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries"), ==, 2);
}

/* A phone's times with milliseconds are imported to the second, and the
 * import says so; imported again, they are the duplicates they are. */
static void
test_fractions_of_a_second (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "phone.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *again = NULL;

  g_assert_true (g_file_set_contents (path, "date,pain\n"
                                            "2026-03-02T10:00:00.750+01:00,3\n"
                                            "2026-03-02T11:00:00.125+01:00,4\n"
                                            "2026-03-02T12:00:00+01:00,5\n", -1, NULL));
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "import", path, "--profile", "Anna", NULL), ==, 0);
  g_assert_cmpstr (summary_of (out), ==, "read 3, imported 3, duplicates 0, rejected 0\n");
  g_assert_nonnull (strstr (err, "2 times have a fraction of a second, the first “2026-03-02T10:00:00.750+01:00”: "
                                 "they are stored to the second"));
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries WHERE at = '2026-03-02T10:00:00+01:00'"), ==, 1);

  g_assert_cmpint (salve_test_run_salvectl (&again, NULL, "--db", f->db, "import", path, "--profile", "Anna", NULL), ==, 0);
  g_assert_cmpstr (summary_of (again), ==, "read 3, imported 0, duplicates 3, rejected 0\n");
}

/* An import from a source that is slow to give its rows (a pipe fed over
 * 8 s) keeps no one else from writing meanwhile: it takes the database's
 * write lock only once it has read the source to its end. */
static void
test_slow_source_keeps_db_free (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "slow.csv", NULL);
  const char *argv[] = { g_getenv ("SALVECTL"), "--db", f->db, "import", fifo, "--profile", "Anna", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  GString *text = g_string_new (NULL);
  char buffer[4096];
  gssize n;
  GPid pid;
  int out_fd = -1;
  int fd;
  int status = 0;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);

  /* Opens once the import opened it for reading. */
  fd = open (fifo, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "date,time,pain\n", 15), ==, 15);

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *row = g_strdup_printf ("2026-01-%02u,08:00,%u\n", i + 1, i % 11);

      g_assert_cmpint (write (fd, row, strlen (row)), ==, (gssize) strlen (row));
      g_usleep (G_USEC_PER_SEC);

      /* Another writer, well inside the import's run. */
      if (i == 2)
        {
          gint64 started = g_get_monotonic_time ();

          g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "diary", "add", "--profile", "Anna",
                                                    "--pain", "5", "--at", "2026-02-01T08:00:00+01:00", NULL), ==, 0);
          g_assert_cmpint (g_get_monotonic_time () - started, <, 3 * G_USEC_PER_SEC);
        }
    }
  close (fd);

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  while ((n = read (out_fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (text, buffer, n);
  close (out_fd);
  out = g_string_free (text, FALSE);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpstr (summary_of (out), ==, "read 8, imported 8, duplicates 0, rejected 0\n");
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM diary_entries"), ==, 9);

  /* Its temporary copy is gone. */
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, ".salve-import-"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/import/slow-source-keeps-db-free", test_slow_source_keeps_db_free);
  ADD ("/cli/import/import-and-reimport", test_import_and_reimport);
  ADD ("/cli/import/rejects-reported", test_rejects_reported);
  ADD ("/cli/import/rejects-not-the-source", test_rejects_not_the_source);
  ADD ("/cli/import/strict-and-dry-run", test_strict_and_dry_run);
  ADD ("/cli/import/nothing-imported", test_nothing_imported);
  ADD ("/cli/import/map-option", test_map_option);
  ADD ("/cli/import/map-title-and-twins", test_map_title_and_twins);
  ADD ("/cli/import/other-scale-in-heading", test_other_scale_in_heading);
  ADD ("/cli/import/headings-say-how", test_headings_say_how);
  ADD ("/cli/import/no-medication", test_no_medication);
  ADD ("/cli/import/title-above-header", test_title_above_header);
  ADD ("/cli/import/session-columns-on-diary-rows", test_session_columns_on_diary_rows);
  ADD ("/cli/import/header-again", test_header_again);
  ADD ("/cli/import/usage-errors", test_usage_errors);
  ADD ("/cli/import/kill-9", test_kill_leaves_db_as_before);
  ADD ("/cli/export/round-trip", test_export_round_trip);
  ADD ("/cli/export/practice", test_export_practice);
  ADD ("/cli/export/practice-round-trip", test_export_practice_round_trip);
  ADD ("/cli/export/file-size-limit", test_export_file_size_limit);
  ADD ("/cli/export/files-are-private", test_files_are_private);
  ADD ("/cli/import/rejects-guarded", test_rejects_guarded);
  ADD ("/cli/import/mixed-encoding", test_mixed_encoding);
  ADD ("/cli/export/interrupted", test_export_interrupted);
  ADD ("/cli/import/mac-roman", test_mac_roman);
  ADD ("/cli/import/unnamed-column-note", test_unnamed_column_note);
  ADD ("/cli/import/encoding-note", test_encoding_note);
  ADD ("/cli/import/not-csv", test_not_csv);
  ADD ("/cli/import/repeated-hour", test_repeated_hour);
  ADD ("/cli/import/fractions-of-a-second", test_fractions_of_a_second);
#undef ADD

  return g_test_run ();
}
