/* test-cli-report.c: salvectl report on the 3-month demo diary
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PDF is read back with pdftotext (poppler-utils), page by page.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <json-glib/json-glib.h>

#include "salve-care-plan-repo.h"
#include "salve-condition-repo.h"
#include "salve-db.h"
#include "salve-diary-repo.h"
#include "salve-profile-repo.h"
#include "salve-session-repo.h"
#include "salve-signoff-repo.h"
#include "salve-test-util.h"
#include "salve-time.h"

typedef struct
{
  char *dir;
  char *db;
  char *pdf;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "..", "bench", "make-demo-diary", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "python3", script, g_getenv ("SALVECTL"), NULL, "Anna", "2026-11-30", NULL };
  int status = -1;

  f->dir = salve_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "salve.db", NULL);
  f->pdf = g_build_filename (f->dir, "report.pdf", NULL);
  argv[3] = f->db;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  salve_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->pdf);
}

/* The text of each page; NULL-terminated. */
static char **
pdf_pages (const char *path)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  char **pages;
  guint n;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* pdftotext ends every page with a form feed. */
  pages = g_strsplit (out, "\f", -1);
  n = g_strv_length (pages);
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpstr (pages[n - 1], ==, "");
  g_clear_pointer (&pages[n - 1], g_free);
  return pages;
}

static JsonObject *
diary_stats (Fixture    *f,
             JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "diary", "stats",
                                            "--profile", "Anna", "--json", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in the report:\n%s", needle, text);
}

static void
test_report_demo_diary (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) pages = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *all = NULL;
  g_autofree char *baseline = NULL;
  g_autofree char *current = NULL;
  g_autofree char *wrote = NULL;
  JsonObject *stats, *sessions;
  GList *modalities;
  struct stat st;
  guint n_pages;

  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "report", "--profile", "Anna",
                                            "--out", f->pdf, NULL), ==, 0);
  g_assert_cmpint (stat (f->pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  pages = pdf_pages (f->pdf);
  n_pages = g_strv_length (pages);
  wrote = g_strdup_printf ("(%u pages)", n_pages);
  assert_contains (out, wrote);
  all = g_strjoinv ("\n", pages);

  /* Who, and the numbers the statistics give for the same diary. */
  stats = diary_stats (f, parser);
  assert_contains (pages[0], "Anna");
  assert_contains (pages[0], "Tue 1 Sep 2026 to Mon 30 Nov 2026");
  baseline = g_strdup_printf ("mean pain %.1f", json_object_get_double_member (stats, "baseline"));
  current = g_strdup_printf ("Current 7-day mean (Mon 30 Nov 2026): %.1f",
                             json_object_get_double_member (stats, "seven_day_mean"));
  assert_contains (pages[0], baseline);
  assert_contains (pages[0], current);
  assert_contains (pages[0], "clinically important change");

  /* Each treatment's before and after, with the number of sessions. */
  sessions = json_object_get_object_member (stats, "sessions");
  modalities = json_object_get_members (sessions);
  g_assert_cmpuint (g_list_length (modalities), ==, 2);
  for (GList *l = modalities; l != NULL; l = l->next)
    {
      JsonObject *delta = json_object_get_object_member (sessions, l->data);
      const char *name = g_str_equal (l->data, "tens") ? "TENS" : "Soft laser";
      g_autofree char *pattern = g_strdup_printf ("%s\\s+%" G_GINT64_FORMAT "\\s+%" G_GINT64_FORMAT
                                                  "\\s+%.1f\\s+%.1f\\s+%+.1f",
                                                  name, json_object_get_int_member (delta, "sessions"),
                                                  json_object_get_int_member (delta, "sessions"),
                                                  json_object_get_double_member (delta, "mean_before"),
                                                  json_object_get_double_member (delta, "mean_after"),
                                                  json_object_get_double_member (delta, "mean_delta"));

      if (!g_regex_match_simple (pattern, all, 0, 0))
        g_error ("no row /%s/ in the report:\n%s", pattern, all);
    }
  g_list_free (modalities);
  /* What the change is, since it need not be the difference of the two
   * rounded means beside it. */
  assert_contains (all, "worked out before rounding");

  /* Sections in their order. */
  g_assert_true (strstr (all, "Weekly means") < strstr (all, "Pain before and after sessions"));
  g_assert_true (strstr (all, "Pain before and after sessions") < strstr (all, "Warning signs"));
  assert_contains (all, "2026 week 36");
  assert_contains (all, "TENS, Neck");

  /* Several pages, each numbered and dated. */
  g_assert_cmpuint (n_pages, >=, 3);
  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *number = g_strdup_printf ("Page %u of %u", i + 1, n_pages);

      assert_contains (pages[i], number);
      assert_contains (pages[i], "Made ");
      assert_contains (pages[i], "Tue 1 Sep 2026 to Mon 30 Nov 2026");
    }
}

/* An en dash, as pdftotext gives it: a "?" when the embedded font's
 * subset does not map it back to text. */
#define DASH "(–|\\?)"

/* Weeks of the period without an entry are rows of the table, a run
 * of them one row: a gap in the diary is read, not guessed from a week
 * number that is missing. */
static void
test_report_empty_weeks (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (f->db, &error);
  g_autoptr(GDateTime) from = g_date_time_new_local (2026, 11, 9, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_local (2026, 11, 23, 0, 0, 0);
  g_autoptr(GDateTime) lone = g_date_time_new_local (2026, 10, 26, 0, 0, 0);
  g_autoptr(GDateTime) lone_end = g_date_time_new_local (2026, 11, 2, 0, 0, 0);
  g_autoptr(SalveStmt) gone = NULL;
  g_auto(GStrv) pages = NULL;
  g_autofree char *all = NULL;

  g_assert_no_error (error);
  /* Weeks 46 and 47 (9 to 22 Nov), and week 44 alone. */
  gone = salve_db_prepare (db, "DELETE FROM diary_entries WHERE (at_unix >= ?1 AND at_unix < ?2)"
                               " OR (at_unix >= ?3 AND at_unix < ?4)", &error);
  g_assert_no_error (error);
  salve_stmt_bind_int64 (gone, 1, g_date_time_to_unix (from), NULL);
  salve_stmt_bind_int64 (gone, 2, g_date_time_to_unix (to), NULL);
  salve_stmt_bind_int64 (gone, 3, g_date_time_to_unix (lone), NULL);
  salve_stmt_bind_int64 (gone, 4, g_date_time_to_unix (lone_end), NULL);
  g_assert_true (salve_stmt_run (gone, &error));
  g_assert_no_error (error);
  g_clear_pointer (&gone, salve_stmt_free);
  g_clear_object (&db);

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "report", "--profile", "Anna",
                                            "--from", "2026-10-19", "--to", "2026-12-06",
                                            "--out", f->pdf, NULL), ==, 0);
  pages = pdf_pages (f->pdf);
  all = g_strjoinv ("\n", pages);
  if (!g_regex_match_simple ("2026 week 43 +Mon 19 Oct 2026 +[1-7] ", all, 0, 0) ||
      !g_regex_match_simple ("2026 week 44 +Mon 26 Oct 2026 +0 +" DASH, all, 0, 0) ||
      !g_regex_match_simple ("2026 week 45 +Mon 2 Nov 2026 +[1-7] ", all, 0, 0) ||
      !g_regex_match_simple ("2026 weeks 46" DASH "47 +Mon 9 Nov 2026 +0 +" DASH, all, 0, 0) ||
      !g_regex_match_simple ("2026 week 48 +Mon 23 Nov 2026 +[1-7] ", all, 0, 0) ||
      !g_regex_match_simple ("2026 week 49 +Mon 30 Nov 2026 +1 ", all, 0, 0))
    g_error ("the weekly means are not as expected:\n%s", all);
  /* The demo diary ends on 30 Nov; the period goes on to 6 Dec, in the
   * same week: no row after it. */
  g_assert_null (strstr (all, "2026 week 50"));
}

/* A warning sign that held weeks ago and no longer does says so: a
 * report of a diary that got better read as if it had not ("not improved
 * after two to three weeks" over a change of -32 %). */
static void
test_report_warning_no_longer (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pages = NULL;
  g_autofree char *all = NULL;

  {
    g_autoptr(SalveDb) db = salve_db_open (f->db, &error);
    g_autoptr(SalveProfile) bert = salve_profile_repo_add (db, "Bert", &error);
    g_autoptr(GDateTime) june = g_date_time_new_local (2026, 6, 14, 9, 0, 0);
    g_autoptr(GDateTime) start = g_date_time_new_local (2026, 10, 26, 9, 0, 0);

    g_assert_no_error (error);
    for (int d = -1; d <= 41; d++)
      {
        g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (bert));
        g_autoptr(GDateTime) at = d < 0 ? g_date_time_ref (june) : g_date_time_add_days (start, d);

        salve_diary_entry_set_at (entry, at);
        salve_diary_entry_set_pain (entry, d < 0 ? 6 : 7 - d / 12);
        g_assert_true (salve_diary_repo_add (db, entry, &error));
      }
    g_assert_no_error (error);
  }

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "report", "--profile", "Bert",
                                            "--out", f->pdf, NULL), ==, 0);
  pages = pdf_pages (f->pdf);
  all = g_strjoinv ("\n", pages);
  if (!g_regex_match_simple ("not improved after two to three weeks", all, 0, 0) ||
      !g_regex_match_simple ("days with entries; no longer on Sun 6\\s+Dec\\s+2026, the\\s+period.s\\s+last\\s+day", all, 0, 0))
    g_error ("no warning sign that no longer holds:\n%s", all);
}

/* The text of the report of @profile's whole diary. */
static char *
report_text (Fixture    *f,
             const char *profile)
{
  g_auto(GStrv) pages = NULL;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "report", "--profile", profile,
                                            "--out", f->pdf, NULL), ==, 0);
  pages = pdf_pages (f->pdf);
  return g_strjoinv ("\n", pages);
}

/* The first match of @pattern in @text, which must have one. */
static char *
first_match (const char *text,
             const char *pattern)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_regex_match (regex, text, 0, &match))
    g_error ("no /%s/ in the report:\n%s", pattern, text);
  return g_match_info_fetch (match, 0);
}

/* Adds @entry to the diary, at @at and rated @pain. */
static void
add_entry (SalveDb         *db,
           SalveDiaryEntry *entry,
           GDateTime       *at,
           int              pain)
{
  g_autoptr(GError) error = NULL;

  salve_diary_entry_set_at (entry, at);
  salve_diary_entry_set_pain (entry, pain);
  g_assert_true (salve_diary_repo_add (db, entry, &error));
  g_assert_no_error (error);
}

/* New weakness noted on Thu 3 Sep holds that day and the 6 after it,
 * each a day with entries, and no longer at the end of the period. */
static void
test_report_warning_flag_week (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;

  {
    g_autoptr(SalveDb) db = salve_db_open (f->db, &error);
    g_autoptr(SalveProfile) dirk = salve_profile_repo_add (db, "Dirk", &error);
    g_autoptr(GDateTime) first = g_date_time_new_local (2026, 9, 1, 9, 0, 0);

    g_assert_no_error (error);
    for (int d = 0; d < 14; d++)
      {
        g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (dirk));
        g_autoptr(GDateTime) at = g_date_time_add_days (first, d);

        salve_diary_entry_set_new_weakness (entry, d == 2);
        add_entry (db, entry, at, 5);
      }
  }

  all = report_text (f, "Dirk");
  g_free (first_match (all, "From Thu 3\\s+Sep\\s+2026 to Wed 9\\s+Sep\\s+2026, on 7 days with entries; "
                            "no longer on Mon 14\\s+Sep\\s+2026[^:]*:\\s+You noted new loss of strength"));
}

/* Adds a completed TENS session of @profile_id at @start, and the
 * ratings it took before and after as the session writes them: diary
 * entries of the session. */
static void
add_rated_session (SalveDb   *db,
                   gint64     profile_id,
                   GDateTime *start,
                   int        before,
                   int        after)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) session = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_NECK);
  g_autoptr(GDateTime) end = g_date_time_add_minutes (start, 30);
  g_autofree char *start_text = g_date_time_format_iso8601 (start);
  g_autofree char *end_text = g_date_time_format_iso8601 (end);
  struct { GDateTime *at; int pain; SalveDiaryPhase phase; } ratings[] = {
    { start, before, SALVE_DIARY_PHASE_BEFORE },
    { end, after, SALVE_DIARY_PHASE_AFTER },
  };

  salve_session_set_profile_id (session, profile_id);
  g_assert_true (salve_session_repo_create (db, session, &error));
  g_assert_true (salve_session_repo_mark_started (db, salve_session_get_id (session), start_text, &error));
  g_assert_true (salve_session_repo_finish (db, salve_session_get_id (session), SALVE_SESSION_OUTCOME_COMPLETED,
                                            NULL, end_text, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ratings); i++)
    {
      g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (profile_id);

      salve_diary_entry_set_session (entry, salve_session_get_id (session), ratings[i].phase);
      add_entry (db, entry, ratings[i].at, ratings[i].pain);
    }
}

/* Each day's warning signs read the ratings its sessions took, once
 * each, beside the day's other entries. Three days a week from Mon
 * 1 Jun: the first week 3.0; the second 5.0 (each day a 4, and a
 * session rated 6 before and 5 after); the third 5.2 (5, 5, and on
 * Sun 21 Jun a session alone: 5.5). Pain rose from week to week, by
 * 2.2 points: rising pain on 21 Jun. Without the ratings of that day's
 * session it has no entries, and two days make no week's mean; counted
 * twice, the sessions make the second week 5.2, not below the third. */
static void
test_report_warning_session_ratings (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;
  static const int days[] = { 0, 3, 6, 7, 10, 13, 14, 17, 20 };

  {
    g_autoptr(SalveDb) db = salve_db_open (f->db, &error);
    g_autoptr(SalveProfile) cees = salve_profile_repo_add (db, "Cees", &error);
    g_autoptr(GDateTime) first = g_date_time_new_local (2026, 6, 1, 9, 0, 0);

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (days); i++)
      {
        g_autoptr(GDateTime) at = g_date_time_add_days (first, days[i]);
        g_autoptr(GDateTime) session_at = g_date_time_add_hours (at, 1);
        g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (cees));

        if (days[i] / 7 == 1 || days[i] == 20)
          add_rated_session (db, salve_profile_get_id (cees), session_at, 6, 5);
        if (days[i] != 20)
          add_entry (db, entry, at, 3 + days[i] / 7);
      }
  }

  all = report_text (f, "Cees");
  g_free (first_match (all, "From Sun 21\\s+Jun\\s+2026 to Sun 21\\s+Jun\\s+2026, on 1 day with entries:\\s+"
                            "The pain keeps rising despite treatment"));
}

static void
test_report_period (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) pages = NULL;
  g_autofree char *all = NULL;
  g_autofree char *baseline = NULL;
  JsonObject *stats;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "report", "--profile", "Anna",
                                            "--from", "2026-11-01", "--to", "2026-11-30",
                                            "--out", f->pdf, NULL), ==, 0);
  pages = pdf_pages (f->pdf);
  all = g_strjoinv ("\n", pages);
  assert_contains (pages[0], "Sun 1 Nov 2026 to Mon 30 Nov 2026");

  /* The baseline is still the diary's first week, not the period's. */
  stats = diary_stats (f, parser);
  baseline = g_strdup_printf ("Baseline (Tue 1 Sep 2026 to Mon 7 Sep 2026): mean pain %.1f",
                              json_object_get_double_member (stats, "baseline"));
  assert_contains (all, baseline);

  /* Only the period's weeks and sessions; the week the period starts on
   * its Sunday counts that day alone, as diary stats --from does, and is
   * shown from that day, not from its Monday before the period. */
  g_assert_null (strstr (all, "2026 week 40"));
  assert_contains (all, "2026 week 45");
  g_assert_true (g_regex_match_simple ("2026 week 44 +Sun 1 Nov 2026 +1 ", all, 0, 0));
  g_assert_null (strstr (all, "Mon 26 Oct 2026"));
  g_assert_null (strstr (all, "30 Oct 2026"));
  assert_contains (all, "Mon 2 Nov 2026");
  /* No laser after the sixth week. */
  g_assert_null (strstr (all, "Soft laser"));
}

/* One region: no table of regions. A knee beside the neck: each its own
 * line, figured as diary stats --region figures it. */
static void
test_report_regions (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pages = NULL;
  g_autofree char *all = NULL;
  g_autofree char *out = NULL;
  g_autofree char *neck = NULL;
  JsonObject *stats;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "report", "--profile", "Anna",
                                            "--from", "2026-11-01", "--to", "2026-11-30",
                                            "--out", f->pdf, NULL), ==, 0);
  pages = pdf_pages (f->pdf);
  all = g_strjoinv ("\n", pages);
  g_assert_null (strstr (all, "Per body region"));
  g_clear_pointer (&pages, g_strfreev);
  g_clear_pointer (&all, g_free);

  for (int d = 10; d <= 12; d++)
    {
      g_autofree char *at = g_strdup_printf ("2026-11-%02dT21:00:00", d);

      g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "diary", "add", "--profile", "Anna",
                                                "--pain", "3", "--at", at, "--region", "knie links", NULL), ==, 0);
    }
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "report", "--profile", "Anna",
                                            "--from", "2026-11-01", "--to", "2026-11-30",
                                            "--out", f->pdf, NULL), ==, 0);
  pages = pdf_pages (f->pdf);
  all = g_strjoinv ("\n", pages);
  assert_contains (all, "Per body region");
  assert_contains (all, "Left knee");

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "diary", "stats", "--profile", "Anna",
                                            "--region", "neck", "--to", "2026-11-30", "--json", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  stats = json_node_get_object (json_parser_get_root (parser));
  /* The neck's line: its baseline and its 7-day mean at the period's end. */
  neck = g_strdup_printf ("%.1f", json_object_get_double_member (stats, "baseline"));
  {
    g_autofree char *pattern = g_strdup_printf ("Neck *[0-9]+ +%s +%.1f",
                                                neck, json_object_get_double_member (stats, "seven_day_mean"));

    if (!g_regex_match_simple (pattern, all, 0, 0))
      g_error ("“%s” is not in the report:\n%s", pattern, all);
  }

  /* A region whose pain went up: its line says so, not "no" alone, which
   * reads as "not important". */
  for (int d = 20; d <= 21; d++)
    {
      g_autofree char *at = g_strdup_printf ("2026-11-%02dT21:00:00", d);

      g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "diary", "add", "--profile", "Anna",
                                                "--pain", "8", "--at", at, "--region", "knie links", NULL), ==, 0);
    }
  g_clear_pointer (&pages, g_strfreev);
  g_clear_pointer (&all, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "report", "--profile", "Anna",
                                            "--from", "2026-11-01", "--to", "2026-11-30",
                                            "--out", f->pdf, NULL), ==, 0);
  pages = pdf_pages (f->pdf);
  all = g_strjoinv ("\n", pages);
  if (!g_regex_match_simple ("Left knee +5 +[0-9.]+ +8\\.0 +\\+[0-9.]+ \\(\\+[0-9]+ %\\) +no, pain went up", all, 0, 0))
    g_error ("The left knee's line does not say its pain went up:\n%s", all);
}

/* A session whose device never answered and one whose device refused to
 * start are in the list of sessions, said to be so, but not in the
 * counts of sessions nor in the before and after. Nor is practice on the
 * simulated stimulator, or its ratings among the period's diary entries
 * (they were counted there: "75 diary entries" of a diary of 72). */
static void
test_report_sessions_not_started (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pages = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *counts_before = NULL;
  g_autofree char *counts_after = NULL;
  g_autofree char *tens_before = NULL;
  g_autofree char *tens_after = NULL;
  static const char *counts = "In the period: [^\n]*";
  static const char *tens = "TENS\\s+[0-9]+\\s+[0-9]+\\s+[0-9.]+\\s+[0-9.]+";

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "report", "--profile", "Anna",
                                            "--from", "2026-11-01", "--to", "2026-11-30", "--out", f->pdf, NULL), ==, 0);
  pages = pdf_pages (f->pdf);
  before = g_strjoinv ("\n", pages);
  g_clear_pointer (&pages, g_strfreev);

  {
    g_autoptr(SalveDb) db = salve_db_open (f->db, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (db, "Anna", &error);
    g_autoptr(SalveSession) lost = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_NECK);
    g_autoptr(SalveSession) refused = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_NECK);

    g_assert_no_error (error);
    salve_session_set_profile_id (lost, salve_profile_get_id (anna));
    salve_session_set_pain_before (lost, 9);
    g_assert_true (salve_session_repo_create (db, lost, &error));
    g_assert_true (salve_session_repo_log (db, salve_session_get_id (lost), SALVE_SESSION_EVENT_LINK_LOST, 0,
                                           "no answer", NULL, &error));
    g_assert_true (salve_session_repo_finish (db, salve_session_get_id (lost), SALVE_SESSION_OUTCOME_INTERRUPTED,
                                              SALVE_SESSION_REASON_LINK_LOST, "2026-11-20T10:00:00+01:00", &error));
    salve_session_set_profile_id (refused, salve_profile_get_id (anna));
    salve_session_set_pain_before (refused, 9);
    g_assert_true (salve_session_repo_create (db, refused, &error));
    g_assert_true (salve_session_repo_mark_started (db, salve_session_get_id (refused), "2026-11-21T10:00:00+01:00",
                                                    &error));
    g_assert_true (salve_session_repo_log (db, salve_session_get_id (refused), SALVE_SESSION_EVENT_FAULT, 0,
                                           "refused", NULL, &error));
    g_assert_true (salve_session_repo_finish (db, salve_session_get_id (refused), SALVE_SESSION_OUTCOME_INTERRUPTED,
                                              SALVE_SESSION_REASON_FAULT, "2026-11-21T10:00:01+01:00", &error));
    g_assert_no_error (error);

    {
      g_autoptr(SalveSession) practice = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_NECK);
      const char *ratings[] = { "2026-11-22T09:59:00+01:00", "2026-11-22T10:31:00+01:00" };

      salve_session_set_profile_id (practice, salve_profile_get_id (anna));
      g_assert_true (salve_session_repo_create (db, practice, &error));
      g_assert_true (salve_session_repo_mark_started (db, salve_session_get_id (practice),
                                                      "2026-11-22T10:00:00+01:00", &error));
      g_assert_true (salve_session_repo_log (db, salve_session_get_id (practice), SALVE_SESSION_EVENT_PRACTICE, 0,
                                             "", "", &error));
      g_assert_true (salve_session_repo_finish (db, salve_session_get_id (practice), SALVE_SESSION_OUTCOME_COMPLETED,
                                                NULL, "2026-11-22T10:30:00+01:00", &error));
      for (guint i = 0; i < G_N_ELEMENTS (ratings); i++)
        {
          g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (anna));
          g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (ratings[i], NULL);

          salve_diary_entry_set_at (entry, at);
          salve_diary_entry_set_pain (entry, i == 0 ? 9 : 1);
          salve_diary_entry_set_session (entry, salve_session_get_id (practice),
                                         i == 0 ? SALVE_DIARY_PHASE_BEFORE : SALVE_DIARY_PHASE_AFTER);
          g_assert_true (salve_diary_repo_add (db, entry, &error));
        }
      g_assert_no_error (error);
    }
  }

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "report", "--profile", "Anna",
                                            "--from", "2026-11-01", "--to", "2026-11-30", "--out", f->pdf, NULL), ==, 0);
  pages = pdf_pages (f->pdf);
  after = g_strjoinv ("\n", pages);

  /* Listed in time order with why (the reason wraps in its column). */
  g_assert_null (strstr (before, "Did not start"));
  g_free (first_match (after, "Fri 20 Nov 2026\\s+TENS, Neck\\s+Did not start[^\\n]*\\n[^\\n]*\\(the\\s"));
  g_free (first_match (after, "Sat 21 Nov 2026\\s+TENS, Neck\\s+Did not start[^\\n]*\\n[^\\n]*\\(the device"));
  counts_before = first_match (before, counts);
  counts_after = first_match (after, counts);
  g_assert_cmpstr (counts_after, ==, counts_before);
  tens_before = first_match (before, tens);
  tens_after = first_match (after, tens);
  g_assert_cmpstr (tens_after, ==, tens_before);
}

static void
test_report_checklist (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *signed_off = NULL;
  g_autofree char *changed = NULL;

  before = report_text (f, "Anna");
  assert_contains (before, "The checklist has not been signed off.");
  assert_contains (before, "Pacemaker");

  /* A carer signs the answers off as they stand. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) db = salve_db_open (f->db, &error);
    g_autoptr(SalveProfile) profile = NULL;
    g_autoptr(SalveSignoff) signoff = NULL;
    SalveProfileAnswers answers;

    g_assert_no_error (error);
    profile = salve_profile_repo_find_by_name (db, "Anna", &error);
    g_assert_no_error (error);
    g_assert_true (salve_condition_repo_load (db, salve_profile_get_id (profile), &answers, &error));
    signoff = salve_signoff_repo_add (db, salve_profile_get_id (profile), "Carer Jo", &answers, &error);
    g_assert_no_error (error);
  }
  signed_off = report_text (f, "Anna");
  assert_contains (signed_off, "Signed off by Carer Jo on ");
  assert_contains (signed_off, "No answer changed since the sign-off.");

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "set", "Anna",
                                            "--condition", "pacemaker=no", NULL), ==, 0);
  changed = report_text (f, "Anna");
  assert_contains (changed, "Signed off by Carer Jo on ");
  assert_contains (changed, "Answers changed since the sign-off.");
}

/* A blister or a burn found after a session is in the report's list of
 * sessions, beside the side effects: it was in the database only. */
static void
test_report_skin_check (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *text = NULL;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) db = salve_db_open (f->db, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (db, "Anna", &error);
    g_autoptr(SalveSession) session = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_KNEE);

    g_assert_no_error (error);
    salve_session_set_profile_id (session, salve_profile_get_id (anna));
    g_assert_true (salve_session_repo_create (db, session, &error));
    /* In the report's period, the demo diary's three months. */
    g_assert_true (salve_session_repo_mark_started (db, salve_session_get_id (session), "2026-11-25T10:00:00+01:00",
                                                    &error));
    g_assert_true (salve_session_repo_finish (db, salve_session_get_id (session), SALVE_SESSION_OUTCOME_COMPLETED,
                                              NULL, "2026-11-25T10:30:00+01:00", &error));
    salve_session_set_skin_check (session, SALVE_SKIN_CHECK_DAMAGED);
    g_assert_true (salve_session_repo_update_after (db, session, &error));
    g_assert_no_error (error);
  }
  text = report_text (f, "Anna");
  assert_contains (text, "Blister,");
}

/* The intakes of the period, one line per medicine and dose; what was
 * not taken before the period is new. */
/* The care plan's activity target for the last week of the period, as
 * plan status gives it that day, and the days pacing was needed. */
static void
test_report_activity (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pages = NULL;
  g_autofree char *all = NULL;
  const char *walking;
  SalveActivityTarget target = { "walking", { 0 }, 100, 10 };

  /* Two walks in November, one followed by pain 2 points above the week
   * before (pacing), in the target's second week after its baseline. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "diary", "add", "--profile", "Anna",
                                            "--pain", "2", "--at", "2026-11-24T10:00", "--activity", "walking=60",
                                            NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "diary", "add", "--profile", "Anna",
                                            "--pain", "9", "--at", "2026-11-25T10:00", "--activity", "walking=40",
                                            NULL), ==, 0);
  db = salve_db_open (f->db, &error);
  g_assert_no_error (error);
  anna = salve_profile_repo_find_by_name (db, "Anna", &error);
  g_assert_no_error (error);
  g_date_clear (&target.baseline_week, 1);
  g_date_set_dmy (&target.baseline_week, 9, G_DATE_NOVEMBER, 2026);
  g_assert_true (salve_care_plan_repo_set_target (db, salve_profile_get_id (anna), &target, &error));
  g_assert_no_error (error);

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "report", "--profile", "Anna",
                                            "--from", "2026-11-01", "--to", "2026-11-28",
                                            "--out", f->pdf, NULL), ==, 0);
  pages = pdf_pages (f->pdf);
  all = g_strjoinv ("\n", pages);
  assert_contains (all, "Activity and pacing");
  /* Baseline week 9–15 Nov, then 16–22 (the target rises after a week
   * that had no minutes only as the baseline does: 110), then 23–29 holds
   * the period's last day: 110 held, 100 minutes done by the 28th. */
  walking = strstr (all, "Walking");
  g_assert_nonnull (walking);
  g_assert_true (g_regex_match_simple ("Walking +100 min +110 min +100 min", all, 0, 0));
  assert_contains (all, "Pacing was needed on 1 day of the period");
  /* That week runs on to the 29th: its minutes are part of a week, said. */
  g_strdelimit (all, "\n", ' ');
  assert_contains (all, "“Last week” is the target week that holds the period’s last day, Sat 28 Nov 2026; "
                        "the period ends before that week does");
  g_clear_pointer (&pages, g_strfreev);
  g_clear_pointer (&all, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "report", "--profile", "Anna",
                                            "--from", "2026-11-01", "--to", "2026-11-29",
                                            "--out", f->pdf, NULL), ==, 0);
  pages = pdf_pages (f->pdf);
  all = g_strjoinv ("\n", pages);
  g_assert_null (strstr (all, "“Last week” is"));
}

static void
test_report_medication (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const intakes[][4] = {
    { "Paracetamol", "1000 mg", "2026-10-20T08:00", "--scheduled" },
    { "Paracetamol", "1000 mg", "2026-11-20T08:00", "--scheduled" },
    { "Paracetamol", "1000 mg", "2026-11-21T08:00", "--scheduled" },
    { "Ibuprofen", "400 mg", "2026-11-22T21:00", "--as-needed" },
  };
  g_auto(GStrv) pages = NULL;
  g_autofree char *all = NULL;
  char *paracetamol, *ibuprofen;

  for (guint i = 0; i < G_N_ELEMENTS (intakes); i++)
    g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "medication", "add", "--profile", "Anna",
                                              "--name", intakes[i][0], "--dose", intakes[i][1],
                                              "--at", intakes[i][2], intakes[i][3], NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "report", "--profile", "Anna",
                                            "--from", "2026-11-01", "--to", "2026-11-30",
                                            "--out", f->pdf, NULL), ==, 0);
  pages = pdf_pages (f->pdf);
  all = g_strjoinv ("\n", pages);

  paracetamol = strstr (all, "Paracetamol");
  ibuprofen = strstr (all, "Ibuprofen");
  g_assert_nonnull (paracetamol);
  g_assert_nonnull (ibuprofen);
  /* Two intakes in the period, and taken before it: not new. */
  g_assert_nonnull (g_strstr_len (paracetamol, strchr (paracetamol, '\n') - paracetamol, "2"));
  g_assert_null (g_strstr_len (paracetamol, strchr (paracetamol, '\n') - paracetamol, "new"));
  g_assert_nonnull (g_strstr_len (ibuprofen, strchr (ibuprofen, '\n') - ibuprofen, "as needed"));
  g_assert_nonnull (g_strstr_len (ibuprofen, strchr (ibuprofen, '\n') - ibuprofen, "new"));
}

static void
test_report_refuses_bad_options (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *png = g_build_filename (f->dir, "report.png", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "report", "--profile", "Anna",
                                            "--out", png, NULL), ==, 2);
  g_assert_nonnull (strstr (err, ".pdf"));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "report", "--profile", "Anna",
                                            "--out", f->pdf, "--from", "2026-11-31", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--from"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "report", "--profile", "Anna",
                                            "--out", f->pdf, "--from", "2026-11-10", "--to", "2026-11-01",
                                            NULL), ==, 2);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "report", "--profile", "Nobody",
                                            "--out", f->pdf, NULL), ==, 1);
  g_assert_false (g_file_test (f->pdf, G_FILE_TEST_EXISTS));
}

/* salvectl itself maps neither Cairo nor Pango: its report and chart run
 * salvectl-render, and without it they fail plainly. */
static void
test_report_needs_renderer (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *libs = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "no-such-renderer", NULL);
  const char *ldd[] = { "ldd", g_getenv ("SALVECTL"), NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) ldd, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &libs, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (libs, "libsqlite3"));
  g_assert_null (strstr (libs, "libcairo"));
  g_assert_null (strstr (libs, "libpango"));

  g_setenv ("SALVECTL_RENDER", missing, TRUE);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "report", "--profile", "Anna",
                                            "--out", f->pdf, NULL), ==, 1);
  g_unsetenv ("SALVECTL_RENDER");
  g_assert_nonnull (strstr (err, "no-such-renderer"));
  g_assert_false (g_file_test (f->pdf, G_FILE_TEST_EXISTS));
}

/* The report of @profile (up to @to, when not NULL) as one line of text:
 * pdftotext breaks long lines where the layout does. */
static char *
report_one_line (Fixture    *f,
                 const char *profile,
                 const char *to)
{
  g_auto(GStrv) pages = NULL;
  char *all;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "report", "--profile", profile,
                                            "--out", f->pdf, to != NULL ? "--to" : NULL, to, NULL), ==, 0);
  pages = pdf_pages (f->pdf);
  all = g_strjoinv ("\n", pages);
  g_strdelimit (all, "\n", ' ');
  return all;
}

/* A report made weeks after the diary's last entry says where the plan
 * stands that day, and since when the diary is silent: "week 1" at the
 * period's end hid a review due and a month without entries. */
static void
test_report_plan_today (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = g_date_time_add_days (now, -34);
  g_autoptr(GDateTime) first_start = g_date_time_add_days (now, -40);
  g_autofree char *start_text = g_date_time_format (start, "%Y-%m-%d");
  g_autofree char *first_start_text = g_date_time_format (first_start, "%Y-%m-%d");
  g_autofree char *today = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *all = NULL;
  GDate day;

  /* Anna's demo diary runs to the end of November: Bert's is new. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "add", "Bert", NULL), ==, 0);
  /* Its start moved once: the baseline and the phases moved with it. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "plan", "set", "--profile", "Bert",
                                            "--start", first_start_text, NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "plan", "set", "--profile", "Bert",
                                            "--start", start_text, NULL), ==, 0);
  for (int i = 0; i < 5; i++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_days (start, i);
      g_autofree char *at_text = g_date_time_format (at, "%Y-%m-%dT10:00");

      /* Numbness on the first day, and the checklist never answered. */
      g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "diary", "add", "--profile", "Bert",
                                                "--pain", "6", "--at", at_text, i == 0 ? "--numbness" : NULL,
                                                NULL), ==, 0);
    }

  all = report_one_line (f, "Bert", NULL);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  today = salve_time_format_gdate (&day);
  expected = g_strdup_printf ("On %s, the day of this report: week 5, phase 2", today);
  assert_contains (all, "at the end of the period: week 1");
  assert_contains (all, expected);
  assert_contains (all, "No diary entries since");
  from = salve_time_format_date (first_start);
  to = salve_time_format_date (start);
  moved = g_strdup_printf ("Its start was moved from %s to %s on %s: the baseline and the phases count from the "
                           "new start.", from, to, today);
  assert_contains (all, moved);
  assert_contains (all, "In the period: 5 diary entries on 5 days, 0 sessions.");
  /* The stop the sign asks for holds until the checklist is answered. */
  assert_contains (all, "numbness noted in the diary still stopped TENS and muscle stimulation where it was "
                        "noted: the checklist’s question about reduced sensation had not been answered again "
                        "since");

  /* Ended today, after the period: said so, not where it stands now. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "plan", "end", "--profile", "Bert", NULL),
                   ==, 0);
  g_clear_pointer (&all, g_free);
  g_clear_pointer (&expected, g_free);
  all = report_one_line (f, "Bert", NULL);
  expected = g_strdup_printf ("The course ended after the period, on %s, in week 5.", today);
  assert_contains (all, "at the end of the period: week 1");
  assert_contains (all, expected);
  g_assert_null (strstr (all, "the day of this report"));

  /* A period up to today holds the end. */
  {
    g_autofree char *until = g_date_time_format (now, "%Y-%m-%d");

    g_clear_pointer (&all, g_free);
    g_clear_pointer (&expected, g_free);
    all = report_one_line (f, "Bert", until);
  }
  expected = g_strdup_printf ("and ended on %s, in week 5, phase 2 (Weeks 4", today);
  assert_contains (all, expected);
  g_assert_null (strstr (all, "at the end of the period"));
}

/* The report says the change by the rule of `diary stats` and the
 * summary: none while the diary has at most 7 days and the baseline
 * fewer (it printed "+0.0 points, +0 %" from 4 days), and the same
 * baseline and 7-day mean are "the same", not a change of +0.0. */
static void
test_report_no_change_yet (Fixture       *f,
                           gconstpointer  data)
{
  g_auto(GStrv) pages = NULL;
  g_autofree char *all = NULL;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "add", "Cleo", NULL), ==, 0);
  for (int day = 1; day <= 8; day++)
    {
      g_autofree char *at = g_strdup_printf ("2026-11-%02dT10:00", day);

      g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "diary", "add", "--profile", "Cleo",
                                                "--pain", "5", "--at", at, NULL), ==, 0);
      if (day != 4 && day != 8)
        continue;

      g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "report", "--profile", "Cleo",
                                                "--from", "2026-11-01", "--to", "2026-11-08",
                                                "--out", f->pdf, NULL), ==, 0);
      pages = pdf_pages (f->pdf);
      all = g_strjoinv ("\n", pages);
      g_strdelimit (all, "\n", ' ');
      g_assert_null (strstr (all, "+0.0 points"));
      if (day == 4)
        {
          assert_contains (all, "The baseline needs 7 days with entries; the average so far is 5.0 out of 10.");
          g_assert_null (strstr (all, "Change:"));
        }
      else
        assert_contains (all, "Pain is 5.0 over the last 7 days, the same as at the baseline.");
      g_clear_pointer (&pages, g_strfreev);
      g_clear_pointer (&all, g_free);
    }
}

/* Adherence counts each day by the schedule that held on it: TENS
 * twice a day from the plan's start on 1 Nov, once a day from 16 Nov:
 * 15 × 2 + 14 × 1 planned from 1 to 29 Nov, not 29 × 1. NMES, taken
 * off before the period, is no row. */
static void
test_report_schedule_changed (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) changed = g_date_time_new_local (2026, 11, 16, 0, 0, 0);
  g_autofree char *sql = NULL;
  g_autofree char *all = NULL;
  g_auto(GStrv) pages = NULL;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "plan", "set", "--profile", "Anna",
                                            "--start", "2026-11-01", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "plan", "schedule", "--profile", "Anna",
                                            "--modality", "tens", "--per-day", "2", NULL), ==, 0);
  db = salve_db_open (f->db, &error);
  g_assert_no_error (error);
  anna = salve_profile_repo_find_by_name (db, "Anna", &error);
  g_assert_no_error (error);
  /* As `plan schedule --per-day 1` on 16 Nov, and NMES planned until
   * October, would have kept them. */
  sql = g_strdup_printf ("INSERT INTO care_schedule_changes (profile_id, modality, per_day, minutes, times,"
                         " saved_unix) VALUES"
                         " (%1$" G_GINT64_FORMAT ", 'tens', 1, 30, '', %2$" G_GINT64_FORMAT "),"
                         " (%1$" G_GINT64_FORMAT ", 'nmes', 2, 40, '', 0),"
                         " (%1$" G_GINT64_FORMAT ", 'nmes', 0, 0, '', %3$" G_GINT64_FORMAT ");"
                         "UPDATE care_schedules SET per_day = 1;",
                         salve_profile_get_id (anna), g_date_time_to_unix (changed),
                         g_date_time_to_unix (changed) - 40 * 86400);
  g_assert_true (salve_db_exec (db, sql, &error));
  g_assert_no_error (error);
  /* Four more on 20 Nov, planned once: they do not make up for the days
   * missed. */
  for (int i = 0; i < 4; i++)
    {
      g_autoptr(SalveSession) extra = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_NECK);
      g_autofree char *at = g_strdup_printf ("2026-11-20T%02d:00:00+01:00", 8 + 2 * i);

      salve_session_set_profile_id (extra, salve_profile_get_id (anna));
      g_assert_true (salve_session_repo_create (db, extra, &error));
      g_assert_true (salve_session_repo_mark_started (db, salve_session_get_id (extra), at, &error));
      g_assert_true (salve_session_repo_finish (db, salve_session_get_id (extra), SALVE_SESSION_OUTCOME_COMPLETED,
                                                "", NULL, &error));
      g_assert_no_error (error);
    }

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "report", "--profile", "Anna",
                                            "--from", "2026-11-01", "--to", "2026-11-29",
                                            "--out", f->pdf, NULL), ==, 0);
  pages = pdf_pages (f->pdf);
  all = g_strjoinv ("\n", pages);
  assert_contains (all, "Sessions done as planned");
  if (!g_regex_match_simple ("TENS +2 ?(→|\\?) ?1 +44 +16 +27 %", all, 0, 0))
    g_error ("The TENS adherence does not count 2 a day, then 1:\n%s", all);
  g_assert_false (g_regex_match_simple ("NMES +[0-9]", all, 0, 0));
}

/* A course ended on 4 Nov at 09:00, after that day's 08:00 session was
 * missed: 2 + 2 + 2 + 1 planned, and the sessions done after the end
 * (20:00 and 21:00 that day, and the next) count for no plan. The report
 * counted them as planned and done: 8 planned, 13 completed, 100 %. */
static void
test_report_after_course_end (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) ended = g_date_time_new_local (2026, 11, 4, 9, 0, 0);
  g_autofree char *sql = NULL;
  g_autofree char *all = NULL;
  g_auto(GStrv) pages = NULL;
  const char *done[] = {
    "2026-11-01T08:00:00", "2026-11-01T20:00:00", "2026-11-02T08:00:00", "2026-11-02T20:00:00",
    "2026-11-03T08:00:00", "2026-11-03T20:00:00", "2026-11-04T20:00:00", "2026-11-04T21:00:00",
    "2026-11-05T20:00:00", "2026-11-05T21:00:00",
  };

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "plan", "set", "--profile", "Anna",
                                            "--start", "2026-11-01", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "plan", "schedule", "--profile", "Anna",
                                            "--modality", "tens", "--per-day", "2", "--at", "08:00",
                                            "--at", "20:00", NULL), ==, 0);
  db = salve_db_open (f->db, &error);
  g_assert_no_error (error);
  anna = salve_profile_repo_find_by_name (db, "Anna", &error);
  g_assert_no_error (error);
  /* As `plan end` at 09:00 on 4 Nov would have left it. */
  sql = g_strdup_printf ("INSERT INTO care_schedule_changes (profile_id, modality, per_day, minutes, times,"
                         " saved_unix) VALUES (%1$" G_GINT64_FORMAT ", 'tens', 0, 0, '', %2$" G_GINT64_FORMAT ");"
                         "UPDATE care_plans SET ended_on = '2026-11-04' WHERE profile_id = %1$" G_GINT64_FORMAT ";"
                         "DELETE FROM care_schedules WHERE profile_id = %1$" G_GINT64_FORMAT ";",
                         salve_profile_get_id (anna), g_date_time_to_unix (ended));
  g_assert_true (salve_db_exec (db, sql, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (done); i++)
    {
      g_autoptr(SalveSession) session = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_KNEE);
      g_autoptr(GDateTime) local = g_date_time_new_from_iso8601 (done[i], g_time_zone_new_local ());
      g_autofree char *at = g_date_time_format_iso8601 (local);

      salve_session_set_profile_id (session, salve_profile_get_id (anna));
      g_assert_true (salve_session_repo_create (db, session, &error));
      g_assert_true (salve_session_repo_mark_started (db, salve_session_get_id (session), at, &error));
      g_assert_true (salve_session_repo_finish (db, salve_session_get_id (session), SALVE_SESSION_OUTCOME_COMPLETED,
                                                "", NULL, &error));
      g_assert_no_error (error);
    }

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "report", "--profile", "Anna",
                                            "--from", "2026-11-01", "--to", "2026-11-06",
                                            "--out", f->pdf, NULL), ==, 0);
  pages = pdf_pages (f->pdf);
  all = g_strjoinv ("\n", pages);
  assert_contains (all, "Sessions done as planned");
  /* Completed: the six before the end, and one of the demo diary's. */
  if (!g_regex_match_simple ("TENS +2 ?(→|\\?) ?1 ?(→|\\?) ?0 +7 +7 +86 %", all, 0, 0))
    g_error ("The TENS adherence counts sessions after the course's end:\n%s", all);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli/report/demo-diary", test_report_demo_diary);
  ADD ("/cli/report/period", test_report_period);
  ADD ("/cli/report/after-course-end", test_report_after_course_end);
  ADD ("/cli/report/empty-weeks", test_report_empty_weeks);
  ADD ("/cli/report/warning-no-longer", test_report_warning_no_longer);
  ADD ("/cli/report/warning-session-ratings", test_report_warning_session_ratings);
  ADD ("/cli/report/warning-flag-week", test_report_warning_flag_week);
  ADD ("/cli/report/regions", test_report_regions);
  ADD ("/cli/report/checklist", test_report_checklist);
  ADD ("/cli/report/skin-check", test_report_skin_check);
  ADD ("/cli/report/bad-options", test_report_refuses_bad_options);
  ADD ("/cli/report/medication", test_report_medication);
  ADD ("/cli/report/activity", test_report_activity);
  ADD ("/cli/report/needs-renderer", test_report_needs_renderer);
  ADD ("/cli/report/sessions-not-started", test_report_sessions_not_started);
  ADD ("/cli/report/plan-today", test_report_plan_today);
  ADD ("/cli/report/no-change-yet", test_report_no_change_yet);
  ADD ("/cli/report/schedule-changed", test_report_schedule_changed);
#undef ADD

  return g_test_run ();
}
