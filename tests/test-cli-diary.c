/* test-cli-diary.c: salvectl diary add|list|stats and salvectl chart
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>

#include <string.h>

#include <json-glib/json-glib.h>

#include "salve-test-util.h"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = salve_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "salve.db", NULL);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "add", "Anna", NULL), ==, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  salve_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static void
add (Fixture    *f,
     const char *at,
     const char *pain)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "diary", "add", "--profile", "Anna",
                                            "--pain", pain, "--at", at, NULL), ==, 0);
}

static JsonNode *
run_json (Fixture    *f,
          const char *command,
          const char *extra)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "diary", command,
                                            "--profile", "Anna", "--json", extra, NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static void
test_add_and_list (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonArray *array;
  JsonObject *entry;

  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "diary", "add", "--profile", "Anna",
                                            "--pain", "6", "--at", "2026-03-29T09:30:00+02:00",
                                            "--region", "shoulder", "--note", "Slept badly.\nSecond line.",
                                            "--fatigue", "7", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "6/10"));
  add (f, "2026-03-28T20:00:00+01:00", "4");

  root = run_json (f, "list", NULL);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  /* Oldest first, and the offset the person was in is kept. */
  entry = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "at"), ==, "2026-03-29T09:30:00+02:00");
  g_assert_cmpint (json_object_get_int_member (entry, "pain"), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (entry, "region"), ==, "shoulder");
  g_assert_cmpstr (json_object_get_string_member (entry, "note"), ==, "Slept badly.\nSecond line.");
  g_assert_cmpint (json_object_get_int_member (entry, "fatigue"), ==, 7);
  g_assert_true (json_object_get_null_member (entry, "sleep_quality"));
  g_clear_pointer (&out, g_free);

  /* The plain list shows one line per entry, the region by its name. */
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "diary", "list", "--profile", "Anna",
                                            "--from", "2026-03-29", NULL), ==, 0);
  g_assert_nonnull (strstr (out, " 6/10  Shoulder  Slept badly.\n"));
  g_assert_null (strstr (out, "Second line"));
  g_assert_null (strstr (out, " 4/10"));
  g_clear_pointer (&out, g_free);

  /* A warning sign noted shows in the plain list too. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "diary", "add", "--profile", "Anna",
                                            "--pain", "5", "--at", "2026-03-30T09:00:00+02:00", "--region", "knee",
                                            "--numbness", "--weakness", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "diary", "list", "--profile", "Anna",
                                            "--from", "2026-03-30", NULL), ==, 0);
  g_assert_nonnull (strstr (out, " 5/10  Knee  [new weakness]  [numbness]\n"));
}

/* --stress is optional like --fatigue: stored as given, null in the
 * JSON when left out, and out of 0–10 is a usage error that stores
 * nothing. */
static void
test_add_stress (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *err = NULL;
  JsonArray *array;
  JsonObject *entry;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "diary", "add", "--profile", "Anna",
                                            "--pain", "5", "--at", "2026-03-29T09:30:00+02:00",
                                            "--fatigue", "4", "--sleep", "6", "--stress", "8", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "diary", "add", "--profile", "Anna",
                                            "--pain", "5", "--at", "2026-03-29T12:00:00+02:00",
                                            "--stress", "0", NULL), ==, 0);
  add (f, "2026-03-29T20:00:00+02:00", "3");
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "diary", "add", "--profile", "Anna",
                                            "--pain", "5", "--stress", "11", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--stress"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "diary", "add", "--profile", "Anna",
                                            "--pain", "5", "--stress", "high", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--stress"));

  root = run_json (f, "list", NULL);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  entry = json_array_get_object_element (array, 0);
  g_assert_cmpint (json_object_get_int_member (entry, "stress"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (entry, "fatigue"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (entry, "sleep_quality"), ==, 6);
  entry = json_array_get_object_element (array, 1);
  g_assert_true (json_object_has_member (entry, "stress"));
  g_assert_false (json_object_get_null_member (entry, "stress"));
  g_assert_cmpint (json_object_get_int_member (entry, "stress"), ==, 0);
  entry = json_array_get_object_element (array, 2);
  g_assert_true (json_object_has_member (entry, "stress"));
  g_assert_true (json_object_get_null_member (entry, "stress"));
}

static void
test_add_refuses_bad_input (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "diary", "add", "--profile", "Anna",
                                            "--pain", "11", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--pain"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "diary", "add", "--profile", "Anna",
                                            "--pain", "5", "--at", "yesterday", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "yesterday"));
  g_clear_pointer (&err, g_free);
  /* A period that ends before it begins, as report refuses it: it read
   * as "The diary has no entries yet." (exit 0). */
  for (guint i = 0; i < 3; i++)
    {
      const char *command = i == 0 ? "list" : i == 1 ? "stats" : NULL;

      if (command != NULL)
        g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "diary", command, "--profile", "Anna",
                                                  "--from", "2026-11-23", "--to", "2026-11-21", NULL), ==, 2);
      else
        g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "chart", "--profile", "Anna",
                                                  "--from", "2026-11-23", "--to", "2026-11-21", "--out",
                                                  "never.png", NULL), ==, 2);
      g_assert_nonnull (strstr (err, "--to must not be before --from"));
      g_clear_pointer (&err, g_free);
    }
  /* A mistyped year: the diary records what has happened. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) next_year = g_date_time_add_years (now, 1);
    g_autofree char *at = g_date_time_format (next_year, "%Y-%m-%d");

    g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "diary", "add", "--profile", "Anna",
                                              "--pain", "5", "--at", at, NULL), ==, 2);
    g_assert_nonnull (strstr (err, "--at: The day lies in the future"));
    g_clear_pointer (&err, g_free);
    /* Refused as the command line's, before any database or patient. */
    g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "diary", "add", "--profile", "Nobody",
                                              "--pain", "5", "--at", at, NULL), ==, 2);
    g_clear_pointer (&err, g_free);
  }
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "diary", "add", "--profile", "Nobody",
                                            "--pain", "5", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Nobody"));

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "diary", "list", "--profile", "Anna",
                                            NULL), ==, 0);
  g_assert_cmpstr (out, ==, "");
}

static void
test_stats_on_a_fixture (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;
  JsonObject *stats;
  JsonArray *weeks;

  /* Two days: the baseline is still being made, and the JSON says no
   * change (null), as the text does, not a judged 0.0 with "none". */
  add (f, "2026-01-05T09:00:00", "6");
  add (f, "2026-01-06T09:00:00", "6");
  root = run_json (f, "stats", NULL);
  stats = json_node_get_object (root);
  g_assert_true (json_object_get_null_member (stats, "change_points"));
  g_assert_true (json_object_get_null_member (stats, "change_percent"));
  g_assert_false (json_object_get_boolean_member (stats, "mcid_reached"));
  g_assert_true (json_object_get_null_member (stats, "immpact"));
  g_clear_pointer (&root, json_node_unref);

  /* Baseline week at 6 (one day rated twice: 5 and 7), a week without
   * entries, then a week at 4. */
  for (int d = 7; d <= 11; d++)
    {
      g_autofree char *at = g_strdup_printf ("2026-01-%02dT09:00:00", d);

      if (d == 7)
        {
          add (f, at, "5");
          add (f, "2026-01-07T21:00:00", "7");
        }
      else
        add (f, at, "6");
    }
  for (int d = 19; d <= 25; d++)
    {
      g_autofree char *at = g_strdup_printf ("2026-01-%02dT09:00:00", d);
      add (f, at, "4");
    }

  root = run_json (f, "stats", NULL);
  stats = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (stats, "entries"), ==, 15);
  g_assert_cmpint (json_object_get_int_member (stats, "days"), ==, 14);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stats, "baseline"), 6.0, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (stats, "baseline_first"), ==, "2026-01-05");
  g_assert_cmpstr (json_object_get_string_member (stats, "baseline_last"), ==, "2026-01-11");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stats, "seven_day_mean"), 4.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stats, "change_points"), -2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stats, "change_percent"), -33.33, 1e-9);
  g_assert_true (json_object_get_boolean_member (stats, "mcid_reached"));
  g_assert_cmpstr (json_object_get_string_member (stats, "immpact"), ==, "moderate");
  weeks = json_object_get_array_member (stats, "weekly_means");
  /* ISO week 3 has no entries and so no mean: it is a gap, not zero. */
  g_assert_cmpuint (json_array_get_length (weeks), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (weeks, 0), "week"), ==, "2026-W02");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (weeks, 1), "week"), ==, "2026-W04");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (weeks, 1), "mean"),
                                  4.0, 1e-9);

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "diary", "stats", "--profile", "Anna",
                                            NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Baseline: 6.0"));
  g_assert_nonnull (strstr (out, "7-day mean: 4.0"));
  g_assert_nonnull (strstr (out, "Change: -2.0 points (-33 %)"));
  g_assert_nonnull (strstr (out, "MCID reached: yes"));
  g_assert_nonnull (strstr (out, "2026-W04  2026-01-19   4.0"));
  g_assert_null (strstr (out, "2026-W03"));
}

/* Issue: a mean of 5.2 was printed as 5.2000000000000002, as json-glib
 * writes every double with 17 digits. Now each number is written in the
 * shortest form that reads back as it, with a point also when whole. */
static void
test_stats_json_numbers (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *out = NULL;

  for (int d = 1; d <= 5; d++)
    {
      g_autofree char *at = g_strdup_printf ("2026-02-%02dT09:00:00", d);

      add (f, at, d < 5 ? "5" : "6");
    }

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "diary", "stats", "--profile", "Anna",
                                            "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\n  \"baseline\" : 5.2,\n"));
  g_assert_nonnull (strstr (out, "\n  \"seven_day_mean\" : 5.2,\n"));
  g_assert_nonnull (strstr (out, "\"mean\" : 5.25,\n"));
  g_assert_nonnull (strstr (out, "\"mean\" : 5.0,\n"));
  g_assert_null (strstr (out, "5.2000000000000002"));
}

static void
test_stats_of_an_empty_diary (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(JsonNode) root = run_json (f, "stats", NULL);
  JsonObject *stats = json_node_get_object (root);

  g_assert_cmpint (json_object_get_int_member (stats, "entries"), ==, 0);
  g_assert_true (json_object_get_null_member (stats, "baseline"));
  g_assert_false (json_object_get_boolean_member (stats, "mcid_reached"));
}

static char *
export_chart (Fixture    *f,
              const char *name,
              gsize      *length)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "chart", "--profile", "Anna",
                                            "--out", path, "--width", "900", "--height", "400", NULL), ==, 0);
  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (*length, >, 100);

  return contents;
}

static void
fill_three_weeks (Fixture *f)
{
  for (int d = 1; d <= 21; d++)
    {
      g_autofree char *at = g_strdup_printf ("2026-02-%02dT09:00:00", d);
      g_autofree char *pain = g_strdup_printf ("%d", 7 - d / 4);

      add (f, at, pain);
    }
}

static void
test_chart_png (Fixture       *f,
                gconstpointer  data)
{
  static const guint8 png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree char *contents = NULL;
  gsize length;

  fill_three_weeks (f);
  contents = export_chart (f, "trend.png", &length);
  g_assert_cmpmem (contents, sizeof png_signature, png_signature, sizeof png_signature);
  /* Width and height in the IHDR chunk, big-endian. */
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (gpointer) (contents + 16)), ==, 900);
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (gpointer) (contents + 20)), ==, 400);

  /* It counts the entries it shows: a week of the three. */
  {
    g_autofree char *path = g_build_filename (f->dir, "week.png", NULL);
    g_autofree char *out = NULL;

    g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "chart", "--profile", "Anna", "--out", path,
                                              "--from", "2026-02-08", "--to", "2026-02-14", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "(7 entries)"));
  }
}

static void
count_elements (GMarkupParseContext  *context,
                const char           *element_name,
                const char          **attribute_names,
                const char          **attribute_values,
                gpointer              user_data,
                GError              **error)
{
  guint *counts = user_data;

  if (g_str_equal (element_name, "svg"))
    counts[0]++;
  else if (g_str_equal (element_name, "path"))
    counts[1]++;
}

static void
test_chart_svg (Fixture       *f,
                gconstpointer  data)
{
  const GMarkupParser parser = { count_elements, NULL, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  guint counts[2] = { 0, 0 };
  gsize length;

  fill_three_weeks (f);
  contents = export_chart (f, "trend.svg", &length);
  context = g_markup_parse_context_new (&parser, 0, counts, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_cmpuint (counts[0], ==, 1);
  /* Lines and dots were drawn, not just an empty page. */
  g_assert_cmpuint (counts[1], >, 5);
}

static guint
count_pages (const char *pdf,
             gsize       length)
{
  static const char key[] = "/Type /Page";
  guint pages = 0;

  for (gsize i = 0; i + sizeof key - 1 < length; i++)
    if (memcmp (pdf + i, key, sizeof key - 1) == 0 && pdf[i + sizeof key - 1] != 's')
      pages++;

  return pages;
}

static void
test_chart_pdf (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *contents = NULL;
  gsize length;

  fill_three_weeks (f);
  contents = export_chart (f, "trend.pdf", &length);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpuint (count_pages (contents, length), ==, 1);
}

static void
test_chart_refuses_bad_options (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "trend.gif", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "chart", "--profile", "Anna",
                                            "--out", path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, ".png"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "chart", "--profile", "Anna",
                                            "--out", "x.png", "--from", "soon", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "soon"));
}

static void
add_in_region (Fixture    *f,
               const char *at,
               const char *pain,
               const char *region)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "diary", "add", "--profile", "Anna",
                                            "--pain", pain, "--at", at, "--region", region, NULL), ==, 0);
}

/* A neck that gets better and a left knee that gets worse: together a
 * flat line, apart each its own trend. */
static void
test_stats_per_region (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *png = g_build_filename (f->dir, "knee.png", NULL);
  JsonObject *stats;
  JsonArray *array;

  for (int d = 5; d <= 18; d++)
    {
      g_autofree char *morning = g_strdup_printf ("2026-01-%02dT09:00:00", d);
      g_autofree char *evening = g_strdup_printf ("2026-01-%02dT20:00:00", d);

      add_in_region (f, morning, d <= 11 ? "8" : "4", d % 2 ? "nek" : "neck");
      add_in_region (f, evening, d <= 11 ? "2" : "6", d % 2 ? "knie links" : "Left knee");
    }
  add_in_region (f, "2026-01-18T21:00:00", "5", "hele lichaam");

  /* Known names are stored as the region id, other text as typed. */
  list = run_json (f, "list", NULL);
  array = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (array), ==, 29);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "region"), ==, "neck");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "region"), ==, "knee-left");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 28), "region"), ==, "hele lichaam");

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "diary", "stats", "--profile", "Anna",
                                            "--json", "--region", "neck", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  stats = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (stats, "region"), ==, "neck");
  g_assert_cmpint (json_object_get_int_member (stats, "entries"), ==, 14);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stats, "baseline"), 8.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stats, "seven_day_mean"), 4.0, 1e-9);
  g_assert_true (json_object_get_boolean_member (stats, "mcid_reached"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "diary", "stats", "--profile", "Anna",
                                            "--region", "linkerknie", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Region: Left knee\n"));
  g_assert_nonnull (strstr (out, "Baseline: 2.0"));
  g_assert_nonnull (strstr (out, "7-day mean: 6.0"));
  g_assert_nonnull (strstr (out, "MCID reached: no"));

  /* All together: the two trends cancel out. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "diary", "stats", "--profile", "Anna",
                                            NULL), ==, 0);
  g_assert_null (strstr (out, "Region:"));
  g_assert_nonnull (strstr (out, "Baseline: 5.0"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "diary", "stats", "--profile", "Anna",
                                            "--region", "nowhere", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "knee-left"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "chart", "--profile", "Anna",
                                            "--region", "knee-left", "--out", png, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "(14 entries)"));
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (&out, &err, "--db", f->db, "chart", "--profile", "Anna",
                                            "--region", "elsewhere", "--out", png, NULL), ==, 2);
}


/* diary stats of a whole diary comes from the daily aggregates: the
 * same output, to the character, as from every point (which a period
 * from before the first entry still reads), with and without a region, a
 * chosen baseline week and a care plan. */
static void
test_stats_from_aggregates (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "demo.db", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "..", "bench", "make-demo-diary", NULL);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "python3", script, g_getenv ("SALVECTL"), db, "Anna", "2026-11-30", NULL };
  const char *variants[][4] = {
    { NULL },
    { "--json", NULL },
    { "--region", "knee-left", NULL },
    { "--region", "neck", "--json", NULL },
    { "--baseline-week", "2026-09-14", NULL },
  };
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  for (guint with_plan = 0; with_plan < 2; with_plan++)
    {
      if (with_plan)
        g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "plan", "set", "--profile", "Anna",
                                                  "--start", "2026-09-21", NULL), ==, 0);
      for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
        {
          g_autoptr(GPtrArray) whole = g_ptr_array_new ();
          g_autoptr(GPtrArray) period = g_ptr_array_new ();
          g_autofree char *from_aggregates = NULL;
          g_autofree char *from_points = NULL;

          g_ptr_array_add (whole, (gpointer) "--db");
          g_ptr_array_add (whole, db);
          g_ptr_array_add (whole, (gpointer) "diary");
          g_ptr_array_add (whole, (gpointer) "stats");
          g_ptr_array_add (whole, (gpointer) "--profile");
          g_ptr_array_add (whole, (gpointer) "Anna");
          for (guint k = 0; variants[v][k] != NULL; k++)
            g_ptr_array_add (whole, (gpointer) variants[v][k]);
          g_ptr_array_extend (period, whole, NULL, NULL);
          g_ptr_array_add (period, (gpointer) "--from");
          g_ptr_array_add (period, (gpointer) "2000-01-01");
          g_ptr_array_add (whole, NULL);
          g_ptr_array_add (period, NULL);

          g_assert_cmpint (salve_test_run_salvectlv (&from_aggregates, NULL, (const char * const *) whole->pdata), ==, 0);
          g_assert_cmpint (salve_test_run_salvectlv (&from_points, NULL, (const char * const *) period->pdata), ==, 0);
          g_assert_cmpstr (from_aggregates, ==, from_points);
          g_assert_cmpuint (strlen (from_aggregates), >, 100);
        }
    }

  salve_test_remove_tree (dir);
}

static JsonObject *
stats_json (Fixture     *f,
            JsonNode   **root,
            ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, f->db);
  g_ptr_array_add (args, (gpointer) "diary");
  g_ptr_array_add (args, (gpointer) "stats");
  g_ptr_array_add (args, (gpointer) "--profile");
  g_ptr_array_add (args, (gpointer) "Anna");
  g_ptr_array_add (args, (gpointer) "--json");
  va_start (ap, root);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_assert_cmpint (salve_test_run_salvectlv (&out, NULL, (const char * const *) args->pdata), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  *root = json_node_copy (json_parser_get_root (parser));

  return json_node_get_object (*root);
}

/* A period that starts later keeps the diary's baseline, as the report
 * does: its first week without a plan, the plan's with one; a 7-day mean
 * and change against it; weekly means of the period's days alone. A
 * chosen baseline week moves the baseline, not the plan's weeks. */
static void
test_stats_period_keeps_baseline (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *stats;
  JsonArray *weeks;

  for (int d = 5; d <= 11; d++)
    {
      g_autofree char *at = g_strdup_printf ("2026-01-%02dT10:00:00+01:00", d);
      add (f, at, "7");
    }
  /* Sunday 1 February, then the week of 2 February */
  for (int d = 1; d <= 8; d++)
    {
      g_autofree char *at = g_strdup_printf ("2026-02-%02dT10:00:00+01:00", d);
      add (f, at, "4");
    }

  stats = stats_json (f, &root, "--from", "2026-02-02", NULL);
  g_assert_cmpstr (json_object_get_string_member (stats, "baseline_source"), ==, "first-entry");
  g_assert_cmpfloat (json_object_get_double_member (stats, "baseline"), ==, 7.0);
  g_assert_cmpstr (json_object_get_string_member (stats, "baseline_first"), ==, "2026-01-05");
  g_assert_cmpfloat (json_object_get_double_member (stats, "seven_day_mean"), ==, 4.0);
  g_assert_cmpfloat (json_object_get_double_member (stats, "change_points"), ==, -3.0);
  g_assert_true (json_object_get_boolean_member (stats, "mcid_reached"));
  g_assert_cmpint (json_object_get_int_member (stats, "entries"), ==, 7);
  weeks = json_object_get_array_member (stats, "weekly_means");
  g_assert_cmpuint (json_array_get_length (weeks), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (weeks, 0), "days"), ==, 7);
  g_clear_pointer (&root, json_node_unref);

  /* The week of 26 January: its Sunday alone is in the period. */
  stats = stats_json (f, &root, "--from", "2026-02-01", NULL);
  weeks = json_object_get_array_member (stats, "weekly_means");
  g_assert_cmpuint (json_array_get_length (weeks), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (weeks, 0), "days"), ==, 1);
  g_clear_pointer (&root, json_node_unref);

  /* A plan from 12 January: its first week has no entries. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "plan", "set", "--profile", "Anna",
                                            "--start", "2026-01-12", NULL), ==, 0);
  stats = stats_json (f, &root, "--from", "2026-02-02", NULL);
  g_assert_cmpstr (json_object_get_string_member (stats, "baseline_source"), ==, "plan-start");
  g_assert_true (json_object_get_null_member (stats, "baseline"));
  g_assert_false (json_object_get_boolean_member (stats, "mcid_reached"));
  g_clear_pointer (&root, json_node_unref);

  /* Chosen: the week of 5 January; the weeks still count from the plan. */
  stats = stats_json (f, &root, "--baseline-week", "2026-01-05", NULL);
  g_assert_cmpstr (json_object_get_string_member (stats, "baseline_source"), ==, "chosen-week");
  g_assert_cmpfloat (json_object_get_double_member (stats, "baseline"), ==, 7.0);
  g_assert_cmpstr (json_object_get_string_member (stats, "course_start"), ==, "2026-01-12");
  g_assert_cmpint (json_object_get_int_member (stats, "weeks_since_start"), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli/diary/add-and-list", test_add_and_list);
  ADD ("/cli/diary/bad-input", test_add_refuses_bad_input);
  ADD ("/cli/diary/stress", test_add_stress);
  ADD ("/cli/diary/stats", test_stats_on_a_fixture);
  ADD ("/cli/diary/stats-json-numbers", test_stats_json_numbers);
  ADD ("/cli/diary/stats-empty", test_stats_of_an_empty_diary);
  ADD ("/cli/diary/stats-per-region", test_stats_per_region);
  ADD ("/cli/diary/stats-period-keeps-baseline", test_stats_period_keeps_baseline);
  ADD ("/cli/chart/png", test_chart_png);
  ADD ("/cli/chart/svg", test_chart_svg);
  ADD ("/cli/chart/pdf", test_chart_pdf);
  ADD ("/cli/chart/bad-options", test_chart_refuses_bad_options);
#undef ADD

  g_test_add_func ("/cli/diary/stats-from-aggregates", test_stats_from_aggregates);

  return g_test_run ();
}
