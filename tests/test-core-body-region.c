/* test-core-body-region.c: where the pain is, by id, by name, by side
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "salve-body-region.h"
#include "salve-diary-stats.h"

static void
test_region_ids (void)
{
  const char * const *ids = salve_body_region_list_ids ();
  SalveSite site;
  SalveSide side;

  /* Every site id is a region id, so old entries stay what they were. */
  for (guint i = 0; i < SALVE_N_SITES; i++)
    {
      g_assert_true (salve_body_region_from_id (salve_site_to_id (i), &site, &side));
      g_assert_cmpint (site, ==, i);
      g_assert_cmpint (side, ==, SALVE_SIDE_NONE);
    }

  g_assert_true (salve_body_region_from_id ("knee-left", &site, &side));
  g_assert_cmpint (site, ==, SALVE_SITE_KNEE);
  g_assert_cmpint (side, ==, SALVE_SIDE_LEFT);
  g_assert_cmpstr (salve_body_region_to_id (SALVE_SITE_SHOULDER, SALVE_SIDE_RIGHT), ==, "shoulder-right");
  /* The neck has no sides. */
  g_assert_false (salve_site_has_sides (SALVE_SITE_NECK));
  g_assert_null (salve_body_region_to_id (SALVE_SITE_NECK, SALVE_SIDE_LEFT));
  g_assert_false (salve_body_region_id_is_valid ("neck-left"));
  g_assert_false (salve_body_region_id_is_valid ("Knee"));
  g_assert_false (salve_body_region_id_is_valid (""));

  /* Codes round-trip and stay apart from none and other. */
  for (guint i = 0; ids[i] != NULL; i++)
    {
      int code = salve_body_region_to_code (ids[i]);

      g_assert_cmpint (code, >, 0);
      g_assert_cmpint (code, <=, G_MAXINT8);
      g_assert_cmpstr (salve_body_region_from_code (code), ==, ids[i]);
    }
  g_assert_cmpuint (g_strv_length ((char **) ids), ==, SALVE_N_SITES + 2 * 11);
  g_assert_cmpint (salve_body_region_to_code (""), ==, SALVE_REGION_CODE_NONE);
  g_assert_cmpint (salve_body_region_to_code (NULL), ==, SALVE_REGION_CODE_NONE);
  g_assert_cmpint (salve_body_region_to_code ("pijn overal"), ==, SALVE_REGION_CODE_OTHER);
  g_assert_null (salve_body_region_from_code (SALVE_REGION_CODE_OTHER));
}

static void
test_region_match_names (void)
{
  const struct { const char *text; const char *id; } cases[] = {
    { "nek", "neck" },
    { "Neck", "neck" },
    { "onderrug", "lower-back" },
    { "Lage rug", "lower-back" },
    { "lower back", "lower-back" },
    { "Lower-Back", "lower-back" },
    { "lower-back", "lower-back" },
    { "knie links", "knee-left" },
    { "Knie (links)", "knee-left" },
    { "left knee", "knee-left" },
    { "Linkerknie", "knee-left" },
    { "schouder rechts", "shoulder-right" },
    { "Rechterschouder", "shoulder-right" },
    { "RIGHT SHOULDER", "shoulder-right" },
    { "knee-right", "knee-right" },
    { "knie", "knee" },
    { "Heup", "hip" },
    { "voeten", "foot" },
    { "Bovenrug", "upper-back" },
    { "buik", "abdomen" },
    { "pols rechts", "wrist-right" },
    { "enkel l", "ankle-left" },
    { "knie li", "knee-left" },    /* the Dutch short forms, both ways */
    { "knie re", "knee-right" },
    { "hele lichaam", NULL },
    { "left knee right", NULL },
    { "linker onderrug", NULL },   /* a side the id cannot hold: kept as typed */
    { "", NULL },
    { "links", NULL },
    { "\xff\xfe", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (salve_body_region_match_name (cases[i].text), ==, cases[i].id);
    }
}

static void
test_region_names (void)
{
  g_assert_cmpstr (salve_body_region_get_name ("lower-back"), ==, "Lower back");
  g_assert_cmpstr (salve_body_region_get_name ("knee-left"), ==, "Left knee");
  g_assert_cmpstr (salve_body_region_get_name ("hele lichaam"), ==, "hele lichaam");
  g_assert_cmpstr (salve_body_region_get_name (""), ==, "");
}

/* A process of its own: gettext keeps what it found for a language. */
static void
test_region_names_dutch (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("LANGUAGE", "nl", TRUE);
      setlocale (LC_ALL, "");
      g_assert_cmpstr (salve_body_region_get_name ("lower-back"), ==, "Onderrug");
      g_assert_cmpstr (salve_body_region_get_name ("knee-left"), ==, "Linkerknie");
      g_assert_cmpstr (salve_body_region_get_name ("shoulder-right"), ==, "Rechterschouder");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
add_point (GArray     *points,
           GTimeZone  *tz,
           const char *iso,
           int         pain,
           const char *region)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (iso, tz);
  SalveDiaryPoint p = { 0 };

  p.id = points->len + 1;
  p.at_unix = g_date_time_to_unix (at);
  p.pain = pain;
  p.fatigue = SALVE_DIARY_UNRATED;
  p.sleep_quality = SALVE_DIARY_UNRATED;
  p.stress = SALVE_DIARY_UNRATED;
  p.modality = -1;
  p.region = salve_body_region_to_code (region);
  g_array_append_val (points, p);
}

/* A sore neck that gets better and a knee that gets worse make a flat
 * line together; apart, each tells its own story. */
static void
test_stats_per_region (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr(GArray) points = g_array_new (FALSE, TRUE, sizeof (SalveDiaryPoint));
  g_autoptr(SalveDiaryStats) all = NULL;
  g_autoptr(GPtrArray) by_region = NULL;
  g_autoptr(GArray) regions = NULL;
  g_autoptr(GArray) knee = NULL;
  const SalveDiaryRegionStats *rs;

  for (int day = 1; day <= 28; day++)
    {
      g_autofree char *morning = g_strdup_printf ("2026-03-%02dT09:00:00", day);
      g_autofree char *evening = g_strdup_printf ("2026-03-%02dT20:00:00", day);

      add_point (points, tz, morning, day <= 7 ? 8 : 4, "neck");
      add_point (points, tz, evening, day <= 7 ? 2 : 6, "knee-left");
    }
  add_point (points, tz, "2026-03-28T21:00:00", 5, "overal");

  regions = salve_diary_points_list_regions ((const SalveDiaryPoint *) (gpointer) points->data, points->len);
  g_assert_cmpuint (regions->len, ==, 3);
  g_assert_cmpint (g_array_index (regions, int, 0), ==, salve_body_region_to_code ("neck"));
  g_assert_cmpint (g_array_index (regions, int, 1), ==, salve_body_region_to_code ("knee-left"));
  g_assert_cmpint (g_array_index (regions, int, 2), ==, SALVE_REGION_CODE_OTHER);

  knee = salve_diary_points_filter_region ((const SalveDiaryPoint *) (gpointer) points->data, points->len,
                                           salve_body_region_to_code ("knee-left"));
  g_assert_cmpuint (knee->len, ==, 28);

  all = salve_diary_stats_compute ((const SalveDiaryPoint *) (gpointer) points->data, points->len, tz, NULL);
  g_assert_cmpfloat_with_epsilon (all->baseline, 5.0, 1e-9);
  g_assert_false (all->mcid_reached);

  by_region = salve_diary_stats_compute_by_region ((const SalveDiaryPoint *) (gpointer) points->data,
                                                   points->len, tz, NULL);
  g_assert_cmpuint (by_region->len, ==, 3);

  rs = g_ptr_array_index (by_region, 0);
  g_assert_cmpint (rs->region_code, ==, salve_body_region_to_code ("neck"));
  g_assert_cmpuint (rs->stats->n_entries, ==, 28);
  g_assert_cmpfloat_with_epsilon (rs->stats->baseline, 8.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rs->stats->current, 4.0, 1e-9);
  g_assert_true (rs->stats->mcid_reached);

  rs = g_ptr_array_index (by_region, 1);
  g_assert_cmpint (rs->region_code, ==, salve_body_region_to_code ("knee-left"));
  g_assert_cmpfloat_with_epsilon (rs->stats->baseline, 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rs->stats->current, 6.0, 1e-9);
  g_assert_false (rs->stats->mcid_reached);
  g_assert_cmpint (rs->stats->category, ==, SALVE_IMMPACT_WORSE);

  rs = g_ptr_array_index (by_region, 2);
  g_assert_cmpuint (rs->stats->n_entries, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *po = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, po);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/body-region/ids", test_region_ids);
  g_test_add_func ("/core/body-region/match-names", test_region_match_names);
  g_test_add_func ("/core/body-region/names", test_region_names);
  g_test_add_func ("/core/body-region/names-dutch", test_region_names_dutch);
  g_test_add_func ("/core/body-region/stats-per-region", test_stats_per_region);

  return g_test_run ();
}
