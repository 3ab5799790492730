/* salvectl-chart.c: salvectl chart — the app's diary chart as a file
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-body-region.h"
#include "salve-care-plan-repo.h"
#include "salve-diary-stats.h"
#include "salve-chart.h"
#include "salve-diary-repo.h"
#include "salve-medication-repo.h"
#include "salve-profile-repo.h"
#include "salvectl-private.h"

int
salvectl_cmd_chart (Salvectl  *ctl,
                    int        argc,
                    char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— draw the pain diary chart to PNG, SVG or PDF"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(SalveChart) chart = NULL;
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GArray) marks = NULL;
  g_autoptr(GArray) medication = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *out = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *width_text = NULL;
  g_autofree char *height_text = NULL;
  g_autofree char *region = NULL;
  int region_code = SALVE_REGION_CODE_NONE;
  gint64 width = 1200, height = 500;
  gboolean dark = FALSE, no_phases = FALSE, details = FALSE;
  gint64 from_unix = 0, to_unix = 0;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("Whose diary"), N_("NAME") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Write to FILE (.png, .svg or .pdf)"), N_("FILE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day shown (default: the first entry)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day shown (default: the last entry)"), N_("DATE") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region, N_("Draw only the entries of this body region (default: all together)"), N_("REGION") },
    { "width", 0, 0, G_OPTION_ARG_STRING, &width_text, N_("Width in pixels (points for SVG and PDF)"), "W" },
    { "height", 0, 0, G_OPTION_ARG_STRING, &height_text, N_("Height in pixels (points for SVG and PDF)"), "H" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, N_("Use the dark palette"), NULL },
    { "details", 0, 0, G_OPTION_ARG_NONE, &details, N_("Also draw the daily and weekly means, the baseline and the recovery phases"), NULL },
    { "no-phases", 0, 0, G_OPTION_ARG_NONE, &no_phases, N_("With --details: do not shade the recovery phases"), NULL },
    { NULL }
  };
  SalveDb *db;

  if (!salvectl_parse_command (context, entries, &argc, &argv, &profile_name))
    return SALVECTL_EXIT_USAGE;
  if (out == NULL)
    return salvectl_usage_error (_("chart needs --out FILE.png, FILE.svg or FILE.pdf"));
  lower = g_ascii_strdown (out, -1);
  if (!g_str_has_suffix (lower, ".png") && !g_str_has_suffix (lower, ".svg") && !g_str_has_suffix (lower, ".pdf"))
    return salvectl_usage_error (_("--out must end in .png, .svg or .pdf"));
  if ((width_text != NULL && !salvectl_parse_int ("--width", width_text, 200, 20000, &width)) ||
      (height_text != NULL && !salvectl_parse_int ("--height", height_text, 150, 20000, &height)))
    return SALVECTL_EXIT_USAGE;
  if (region != NULL && !salvectl_parse_region ("--region", region, &region_code))
    return SALVECTL_EXIT_USAGE;
  if (from != NULL && !salvectl_parse_time_bound (from, FALSE, &from_unix, &error))
    return salvectl_usage_error ("--from: %s", error->message);
  if (to != NULL && !salvectl_parse_time_bound (to, TRUE, &to_unix, &error))
    return salvectl_usage_error ("--to: %s", error->message);
  if (from != NULL && to != NULL && to_unix <= from_unix)
    return salvectl_usage_error (_("--to must not be before --from"));

  if (!(db = salvectl_get_db (ctl)) || !(profile = salvectl_find_profile (db, profile_name)))
    return SALVECTL_EXIT_RUNTIME;

  /* The whole diary goes in, so the baseline is still the first week
   * when only a later range is shown. */
  points = salve_diary_repo_list_points (db, salve_profile_get_id (profile),
                                         SALVE_DIARY_REPO_ANY_TIME_MIN,
                                         SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  if (points == NULL)
    return salvectl_runtime_error ("%s", error->message);
  if (region != NULL)
    {
      GArray *in_region = salve_diary_points_filter_region ((const SalveDiaryPoint *) (gpointer) points->data,
                                                            points->len, region_code);

      g_array_unref (points);
      points = in_region;
    }
  marks = salve_diary_repo_list_session_marks (db, salve_profile_get_id (profile),
                                               SALVE_DIARY_REPO_ANY_TIME_MIN,
                                               SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  if (marks == NULL)
    return salvectl_runtime_error ("%s", error->message);
  medication = salve_medication_repo_list_marks (db, salve_profile_get_id (profile),
                                                 SALVE_DIARY_REPO_ANY_TIME_MIN,
                                                 SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  if (medication == NULL)
    return salvectl_runtime_error ("%s", error->message);

  plan = salve_care_plan_repo_get (db, salve_profile_get_id (profile), &error);
  if (plan == NULL && !g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND))
    return salvectl_runtime_error ("%s", error->message);
  g_clear_error (&error);

  chart = salve_chart_new ();
  if (plan != NULL)
    {
      salve_chart_set_plan_start (chart, &plan->start);
      salve_chart_set_course (chart, plan->course, &plan->ended);
    }
  salve_chart_set_points (chart, points, NULL);
  salve_chart_set_marks (chart, marks);
  salve_chart_set_medication (chart, medication);
  salve_chart_set_theme (chart, dark ? SALVE_CHART_THEME_DARK : SALVE_CHART_THEME_LIGHT);
  salve_chart_set_show_details (chart, details);
  salve_chart_set_show_phases (chart, !no_phases);
  if (from != NULL || to != NULL)
    {
      double all_from, all_to;

      salve_chart_get_range (chart, &all_from, &all_to);
      salve_chart_set_range (chart, from != NULL ? from_unix : all_from, to != NULL ? to_unix : all_to);
    }

  if (!salve_chart_export (chart, out, width, height, &error))
    return salvectl_runtime_error ("%s", error->message);

  /* The entries the chart shows, not the whole diary it was given. */
  {
    double shown_from, shown_to;
    guint shown;

    salve_chart_get_range (chart, &shown_from, &shown_to);
    shown = (guint) salve_chart_count_points (chart, shown_from, shown_to + 1);
    g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %s (%u entry).\n", "Wrote %s (%u entries).\n", shown),
             out, shown);
  }
  return SALVECTL_EXIT_OK;
}
