/* salvectl-diary.c: salvectl diary add|list|stats
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "salve-body-region.h"
#include "salve-care-plan-repo.h"
#include "salve-diary-repo.h"
#include "salve-diary-stats.h"
#include "salve-parse.h"
#include "salve-profile-repo.h"
#include "salve-time.h"
#include "salvectl-private.h"

GDateTime *
salvectl_parse_entry_time (const char  *text,
                           GError     **error)
{
  g_autoptr(GDateTime) dt = NULL;
  gboolean has_time;

  dt = salve_parse_date_time (text, NULL, &has_time, error);
  if (dt == NULL || has_time)
    return g_steal_pointer (&dt);

  /* Not midnight plus 12 hours: on the day the clocks change that is
   * 11:00 or 13:00. */
  return g_date_time_new (g_date_time_get_timezone (dt), g_date_time_get_year (dt),
                          g_date_time_get_month (dt), g_date_time_get_day_of_month (dt), 12, 0, 0);
}

static int
diary_add (Salvectl  *ctl,
           int        argc,
           char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— add a pain diary entry"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(SalveDiaryEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *at = NULL;
  g_autofree char *region = NULL;
  g_autofree char *note = NULL;
  g_autofree char *activities = NULL;
  g_autofree char *pain_text = NULL;
  g_autofree char *fatigue_text = NULL;
  g_autofree char *sleep_text = NULL;
  g_autofree char *stress_text = NULL;
  g_auto(GStrv) activity_minutes = NULL;
  int pain = -1, fatigue = SALVE_DIARY_UNRATED, sleep = SALVE_DIARY_UNRATED, stress = SALVE_DIARY_UNRATED;
  gboolean success = FALSE, weakness = FALSE, numbness = FALSE;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("Whose diary"), N_("NAME") },
    { "pain", 0, 0, G_OPTION_ARG_STRING, &pain_text, N_("Pain from 0 (none) to 10 (worst imaginable)"), "N" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When: YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][±HH:MM] (default: now)"), N_("TIME") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region, N_("Body region"), N_("REGION") },
    { "fatigue", 0, 0, G_OPTION_ARG_STRING, &fatigue_text, N_("Fatigue from 0 to 10"), "N" },
    { "sleep", 0, 0, G_OPTION_ARG_STRING, &sleep_text, N_("Sleep quality from 0 to 10"), "N" },
    { "stress", 0, 0, G_OPTION_ARG_STRING, &stress_text, N_("Stress from 0 (none) to 10 (worst)"), "N" },
    { "activities", 0, 0, G_OPTION_ARG_STRING, &activities, N_("Activities and exercises done"), N_("TEXT") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note of any length"), N_("TEXT") },
    { "success", 0, 0, G_OPTION_ARG_NONE, &success, N_("Mark a small success"), NULL },
    { "activity", 0, 0, G_OPTION_ARG_STRING_ARRAY, &activity_minutes,
      N_("An activity and its minutes, e.g. walking=30 (repeatable)"), N_("ID=MINUTES") },
    { "weakness", 0, 0, G_OPTION_ARG_NONE, &weakness, N_("Note new loss of strength"), NULL },
    { "numbness", 0, 0, G_OPTION_ARG_NONE, &numbness, N_("Note numbness or loss of feeling"), NULL },
    { NULL }
  };
  SalveDb *db;

  if (!salvectl_parse_command (context, entries, &argc, &argv, &profile_name))
    return SALVECTL_EXIT_USAGE;
  if (pain_text == NULL)
    return salvectl_usage_error (_("diary add needs --pain N"));
  if (!salvectl_parse_rating ("--pain", pain_text, &pain) ||
      (fatigue_text != NULL && !salvectl_parse_rating ("--fatigue", fatigue_text, &fatigue)) ||
      (sleep_text != NULL && !salvectl_parse_rating ("--sleep", sleep_text, &sleep)) ||
      (stress_text != NULL && !salvectl_parse_rating ("--stress", stress_text, &stress)))
    return SALVECTL_EXIT_USAGE;

  entry = salve_diary_entry_new (0);
  for (guint i = 0; activity_minutes != NULL && activity_minutes[i] != NULL; i++)
    {
      g_autofree char *id = NULL;
      guint minutes;

      if (!salve_activity_parse (activity_minutes[i], &id, &minutes, &error))
        return salvectl_usage_error ("--activity: %s", error->message);
      {
        g_auto(GStrv) seen = salve_diary_entry_dup_activity_ids (entry);

        if (g_strv_contains ((const char * const *) seen, id))
          return salvectl_usage_error (_("--activity: %s is given twice"), id);
      }
      salve_diary_entry_set_activity_minutes (entry, id, minutes);
    }
  if (at != NULL)
    {
      g_autoptr(GDateTime) when = salvectl_parse_entry_time (at, &error);

      if (when == NULL)
        return salvectl_usage_error ("--at: %s", error->message);
      /* A usage error, before the database is opened, as every other
       * value of the command line. */
      if (!salve_diary_check_not_ahead (when, &error))
        return salvectl_usage_error ("--at: %s", error->message);
      salve_diary_entry_set_at (entry, when);
    }

  if (!(db = salvectl_get_db (ctl)))
    return SALVECTL_EXIT_RUNTIME;
  if (!(profile = salvectl_find_profile (db, profile_name)))
    return SALVECTL_EXIT_RUNTIME;

  salve_diary_entry_set_profile_id (entry, salve_profile_get_id (profile));
  salve_diary_entry_set_pain (entry, pain);
  /* "left knee" and "knie links" are stored as the region id; any other
   * text is kept as it was typed. */
  if (region != NULL && salve_body_region_match_name (region) != NULL)
    salve_diary_entry_set_region (entry, salve_body_region_match_name (region));
  else
    salve_diary_entry_set_region (entry, region);
  salve_diary_entry_set_fatigue (entry, fatigue);
  salve_diary_entry_set_sleep_quality (entry, sleep);
  salve_diary_entry_set_stress (entry, stress);
  salve_diary_entry_set_activities (entry, activities);
  salve_diary_entry_set_note (entry, note);
  salve_diary_entry_set_success (entry, success);
  salve_diary_entry_set_new_weakness (entry, weakness);
  salve_diary_entry_set_numbness (entry, numbness);

  if (!salve_diary_repo_add (db, entry, &error))
    return salvectl_runtime_error ("%s", error->message);

  /* Translators: %d is the pain (0–10), %s the time, the last %s the profile */
  g_print (_("Added pain %d/10 at %s to the diary of “%s”.\n"),
           pain, salve_diary_entry_get_at_iso (entry), salve_profile_get_display_name (profile));
  /* A warning sign is said the moment it is noted, plan or none. */
  if (weakness)
    g_printerr (_("note: %s\n"), salve_warning_sign_get_advice (SALVE_WARNING_NEW_WEAKNESS, NULL));
  if (numbness)
    g_printerr (_("note: %s\n"), salve_warning_sign_get_advice (SALVE_WARNING_NUMBNESS, NULL));
  return SALVECTL_EXIT_OK;
}

static void
add_optional_rating (JsonBuilder *builder,
                     const char  *name,
                     int          value)
{
  json_builder_set_member_name (builder, name);
  if (value == SALVE_DIARY_UNRATED)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, value);
}

static JsonNode *
entry_to_json (gpointer item)
{
  SalveDiaryEntry *entry = item;
  g_auto(GStrv) ids = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *phase = salve_diary_phase_to_id (salve_diary_entry_get_session_phase (entry));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, salve_diary_entry_get_id (entry));
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, salve_diary_entry_get_at_iso (entry));
  json_builder_set_member_name (builder, "pain");
  json_builder_add_int_value (builder, salve_diary_entry_get_pain (entry));
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, salve_diary_entry_get_region (entry));
  add_optional_rating (builder, "fatigue", salve_diary_entry_get_fatigue (entry));
  add_optional_rating (builder, "sleep_quality", salve_diary_entry_get_sleep_quality (entry));
  add_optional_rating (builder, "stress", salve_diary_entry_get_stress (entry));
  json_builder_set_member_name (builder, "activities");
  json_builder_add_string_value (builder, salve_diary_entry_get_activities (entry));
  json_builder_set_member_name (builder, "activity_minutes");
  json_builder_begin_object (builder);
  ids = salve_diary_entry_dup_activity_ids (entry);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, ids[i]);
      json_builder_add_int_value (builder, salve_diary_entry_get_activity_minutes (entry, ids[i]));
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "new_weakness");
  json_builder_add_boolean_value (builder, salve_diary_entry_get_new_weakness (entry));
  json_builder_set_member_name (builder, "numbness");
  json_builder_add_boolean_value (builder, salve_diary_entry_get_numbness (entry));
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, salve_diary_entry_get_note (entry));
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, salve_diary_entry_get_success (entry));
  json_builder_set_member_name (builder, "session_id");
  if (salve_diary_entry_get_session_id (entry) > 0)
    json_builder_add_int_value (builder, salve_diary_entry_get_session_id (entry));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "session_phase");
  if (phase != NULL)
    json_builder_add_string_value (builder, phase);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "practice");
  json_builder_add_boolean_value (builder, salve_diary_entry_get_practice (entry));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

typedef struct
{
  char     *profile_name;
  char     *from;
  char     *to;
  gboolean  json;
  gint64    from_unix;
  gint64    to_unix;
} RangeOptions;

static void
range_options_clear (RangeOptions *options)
{
  g_free (options->profile_name);
  g_free (options->from);
  g_free (options->to);
}

static int
parse_range (RangeOptions *options,
             const char   *command)
{
  g_autoptr(GError) error = NULL;

  if (options->profile_name == NULL)
    return salvectl_usage_error (_("%s needs --profile NAME"), command);

  options->from_unix = SALVE_DIARY_REPO_ANY_TIME_MIN;
  options->to_unix = SALVE_DIARY_REPO_ANY_TIME_MAX;
  if (options->from != NULL &&
      !salvectl_parse_time_bound (options->from, FALSE, &options->from_unix, &error))
    return salvectl_usage_error ("--from: %s", error->message);
  if (options->to != NULL &&
      !salvectl_parse_time_bound (options->to, TRUE, &options->to_unix, &error))
    return salvectl_usage_error ("--to: %s", error->message);
  /* As report refuses it: an empty answer would read as an empty diary. */
  if (options->from != NULL && options->to != NULL && options->to_unix <= options->from_unix)
    return salvectl_usage_error (_("--to must not be before --from"));

  return SALVECTL_EXIT_OK;
}

static int
diary_list (Salvectl  *ctl,
            int        argc,
            char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list pain diary entries"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  RangeOptions options = { 0 };
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &options.profile_name, N_("Whose diary"), N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options.from, N_("First day or time to list"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options.to, N_("Last day or time to list"), N_("DATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print JSON"), NULL },
    { NULL }
  };
  SalveDb *db;
  int rc;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!salvectl_parse_options (context, &argc, &argv))
    {
      range_options_clear (&options);
      return SALVECTL_EXIT_USAGE;
    }

  if (argc != 1)
    rc = salvectl_usage_error (_("diary list takes no arguments, only options"));
  else
    rc = parse_range (&options, "diary list");
  if (rc != SALVECTL_EXIT_OK)
    goto out;

  if (!(db = salvectl_get_db (ctl)) || !(profile = salvectl_find_profile (db, options.profile_name)))
    {
      rc = SALVECTL_EXIT_RUNTIME;
      goto out;
    }

  list = salve_diary_repo_list (db, salve_profile_get_id (profile),
                                options.from_unix, options.to_unix, &error);
  if (list == NULL)
    {
      rc = salvectl_runtime_error ("%s", error->message);
      goto out;
    }

  if (options.json)
    {
      salvectl_print_json_array (list, entry_to_json);
      goto out;
    }

  for (guint i = 0; i < list->len; i++)
    {
      SalveDiaryEntry *entry = g_ptr_array_index (list, i);
      g_autoptr(GDateTime) local = g_date_time_to_local (salve_diary_entry_get_at (entry));
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
      g_autofree char *note = g_strdup (salve_diary_entry_get_note (entry));
      const char *session = salve_diary_entry_get_session_mark (entry);
      /* A rating taken with a session says so; practice counts nowhere. */
      g_autofree char *mark = session != NULL ? g_strdup_printf ("  (%s)", session) : g_strdup ("");
      /* The warning signs noted, which may still stop a treatment. */
      g_autofree char *signs = g_strdup_printf ("%s%s",
                                                salve_diary_entry_get_new_weakness (entry)
                                                ? _("  [new weakness]") : "",
                                                salve_diary_entry_get_numbness (entry)
                                                ? _("  [numbness]") : "");

      /* One line per entry: a long note is cut at its first line break. */
      g_strdelimit (note, "\r\n", '\0');
      g_print ("%s  %2d/10  %s%s%s%s%s%s\n", when, salve_diary_entry_get_pain (entry),
               salve_body_region_get_name (salve_diary_entry_get_region (entry)),
               *salve_diary_entry_get_region (entry) && *note ? "  " : "",
               note,
               salve_diary_entry_get_success (entry) ? "  ★" : "",
               signs, mark);
    }

out:
  range_options_clear (&options);
  return rc;
}

static void
add_double_or_null (JsonBuilder *builder,
                    const char  *name,
                    gboolean     valid,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  if (valid && !isnan (value))
    json_builder_add_double_value (builder, round (value * 100) / 100);
  else
    json_builder_add_null_value (builder);
}

static char *
format_date (const GDate *date)
{
  char buf[32];

  if (!g_date_valid (date))
    return g_strdup ("");
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", date);
  return g_strdup (buf);
}

static JsonNode *
stats_to_json (const SalveDiaryStats *stats)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *first = format_date (&stats->baseline_first);
  g_autofree char *last = format_date (&stats->baseline_last);
  g_autofree char *course_start = format_date (&stats->course_start);
  g_autofree char *description = salve_diary_stats_describe (stats);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entries");
  json_builder_add_int_value (builder, stats->n_entries);
  json_builder_set_member_name (builder, "days");
  json_builder_add_int_value (builder, stats->days->len);
  add_double_or_null (builder, "baseline", stats->has_baseline, stats->baseline);
  json_builder_set_member_name (builder, "baseline_source");
  json_builder_add_string_value (builder, salve_baseline_source_to_id (stats->baseline_source));
  /* null before there is a day to count from, as baseline_first is:
   * never an empty date. */
  json_builder_set_member_name (builder, "course_start");
  json_builder_add_string_value (builder, g_date_valid (&stats->course_start) ? course_start : NULL);
  json_builder_set_member_name (builder, "weeks_since_start");
  json_builder_add_int_value (builder, stats->course_week);
  json_builder_set_member_name (builder, "baseline_days");
  json_builder_add_int_value (builder, stats->baseline_days);
  /* null, as "baseline" is, when there is none */
  json_builder_set_member_name (builder, "baseline_first");
  json_builder_add_string_value (builder, stats->has_baseline ? first : NULL);
  json_builder_set_member_name (builder, "baseline_last");
  json_builder_add_string_value (builder, stats->has_baseline ? last : NULL);
  add_double_or_null (builder, "seven_day_mean", stats->has_current, stats->current);
  /* null while no change is shown (the baseline still being made, or
   * every day so far in it), as the text says none: not a judged 0. */
  add_double_or_null (builder, "change_points", salve_diary_stats_has_change (stats), stats->change_points);
  add_double_or_null (builder, "change_percent", salve_diary_stats_has_change (stats), stats->change_percent);
  json_builder_set_member_name (builder, "mcid_reached");
  json_builder_add_boolean_value (builder, salve_diary_stats_has_change (stats) && stats->mcid_reached);
  json_builder_set_member_name (builder, "immpact");
  json_builder_add_string_value (builder, salve_diary_stats_has_change (stats)
                                            ? salve_immpact_category_to_id (stats->category) : NULL);
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, description);

  json_builder_set_member_name (builder, "weekly_means");
  json_builder_begin_array (builder);
  for (guint i = 0; i < stats->weeks->len; i++)
    {
      const SalveDiaryWeek *week = &g_array_index (stats->weeks, SalveDiaryWeek, i);
      g_autofree char *name = g_strdup_printf ("%04d-W%02d", week->iso_year, week->iso_week);
      g_autofree char *monday = format_date (&week->monday);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "week");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "monday");
      json_builder_add_string_value (builder, monday);
      add_double_or_null (builder, "mean", TRUE, week->mean);
      json_builder_set_member_name (builder, "days");
      json_builder_add_int_value (builder, week->n_days);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "daily_means");
  json_builder_begin_array (builder);
  for (guint i = 0; i < stats->days->len; i++)
    {
      const SalveDiaryDay *day = &g_array_index (stats->days, SalveDiaryDay, i);
      g_autofree char *date = format_date (&day->date);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "date");
      json_builder_add_string_value (builder, date);
      add_double_or_null (builder, "mean", TRUE, day->mean);
      add_double_or_null (builder, "seven_day_mean", TRUE, day->rolling7);
      json_builder_set_member_name (builder, "entries");
      json_builder_add_int_value (builder, day->n_entries);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "sessions");
  json_builder_begin_object (builder);
  for (int m = 0; m < SALVE_N_MODALITIES; m++)
    {
      const SalveDiarySessionDelta *delta = &stats->sessions[m];

      if (delta->n_sessions == 0)
        continue;
      json_builder_set_member_name (builder, salve_modality_to_id (m));
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "sessions");
      json_builder_add_int_value (builder, delta->n_sessions);
      add_double_or_null (builder, "mean_before", TRUE, delta->mean_before);
      add_double_or_null (builder, "mean_after", TRUE, delta->mean_after);
      add_double_or_null (builder, "mean_delta", TRUE, delta->mean_delta);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_stats (const SalveDiaryStats *stats)
{
  g_autofree char *course_start = format_date (&stats->course_start);
  g_autofree char *first = format_date (&stats->baseline_first);
  g_autofree char *last = format_date (&stats->baseline_last);
  g_autofree char *summary = salve_diary_stats_describe (stats);

  /* Translators: number of entries, number of days (the plural follows the days) */
  g_print (g_dngettext (GETTEXT_PACKAGE, "Entries: %u on %u day\n", "Entries: %u on %u days\n", stats->days->len),
           stats->n_entries, stats->days->len);
  if (stats->has_baseline)
    /* Translators: the baseline, its number of days (the plural follows them), its first and last day */
    g_print (g_dngettext (GETTEXT_PACKAGE, "Baseline: %.1f (mean of %u day, %s to %s)\n",
                          "Baseline: %.1f (mean of %u days, %s to %s)\n", stats->baseline_days),
             stats->baseline, stats->baseline_days, first, last);
  else
    g_print (_("Baseline: none yet\n"));
  switch (stats->baseline_source)
    {
    case SALVE_BASELINE_PLAN_START:
      g_print (_("The baseline and weeks count from the care plan’s start, %s (the last entry is in week %d).\n"),
               course_start, stats->course_week);
      break;
    case SALVE_BASELINE_CHOSEN_WEEK:
      g_print (_("The baseline is the chosen week.\n"));
      break;
    case SALVE_BASELINE_FIRST_ENTRY:
    default:
      g_print (_("There is no care plan: the baseline and weeks count from the first entry.\n"));
      break;
    }
  if (stats->has_current)
    g_print (_("7-day mean: %.1f\n"), stats->current);
  if (salve_diary_stats_has_change (stats))
    {
      if (isnan (stats->change_percent))
        g_print (_("Change: %+.1f points\n"), stats->change_points);
      else
        g_print (_("Change: %+.1f points (%+.0f %%)\n"), stats->change_points, stats->change_percent);
      g_print (_("MCID reached: %s (%s)\n"),
               stats->mcid_reached ? _("yes") : _("no"),
               salve_immpact_category_get_name (stats->category));
    }

  if (stats->weeks->len > 0)
    g_print (_("Weekly means:\n"));
  for (guint i = 0; i < stats->weeks->len; i++)
    {
      const SalveDiaryWeek *week = &g_array_index (stats->weeks, SalveDiaryWeek, i);
      g_autofree char *monday = format_date (&week->monday);

      g_print ("  %04d-W%02d  %s  %4.1f  ", week->iso_year, week->iso_week, monday, week->mean);
      g_print (g_dngettext (GETTEXT_PACKAGE, "(%u day)\n", "(%u days)\n", week->n_days), week->n_days);
    }

  for (int m = 0; m < SALVE_N_MODALITIES; m++)
    {
      const SalveDiarySessionDelta *delta = &stats->sessions[m];

      if (delta->n_sessions == 0)
        continue;
      /* Translators: modality, number of sessions, mean pain before → after (change) */
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "%s: %u session, pain before %.1f → after %.1f (%+.1f)\n",
                            "%s: %u sessions, pain before %.1f → after %.1f (%+.1f)\n", delta->n_sessions),
               salve_modality_get_name (m), delta->n_sessions, delta->mean_before, delta->mean_after, delta->mean_delta);
    }

  g_print ("%s\n", summary);
}

/* The statistics of the profile's whole diary, of one region unless
 * @region is G_MININT, from the daily aggregates and the session
 * ratings: NULL without an error when the aggregates' days are not the
 * local time zone's, and only the points can tell. */
static SalveDiaryStats *
stats_from_aggregates (SalveDb      *db,
                       gint64        profile_id,
                       int           region,
                       const GDate  *baseline_week,
                       const GDate  *plan_start,
                       GError      **error)
{
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GArray) sessions = NULL;

  counts = salve_diary_repo_list_day_counts (db, profile_id, error);
  if (counts == NULL)
    return NULL;
  sessions = salve_diary_repo_list_session_points (db, profile_id, error);
  if (sessions == NULL)
    return NULL;
  if (region != G_MININT)
    {
      GArray *in_region = salve_diary_points_filter_region ((const SalveDiaryPoint *) (gpointer) sessions->data,
                                                            sessions->len, region);
      guint kept = 0;

      g_array_unref (sessions);
      sessions = in_region;
      for (guint i = 0; i < counts->len; i++)
        if (g_array_index (counts, SalveDiaryDayCount, i).region == region)
          g_array_index (counts, SalveDiaryDayCount, kept++) = g_array_index (counts, SalveDiaryDayCount, i);
      g_array_set_size (counts, kept);
    }

  return salve_diary_stats_compute_from_counts ((const SalveDiaryDayCount *) (gpointer) counts->data, counts->len,
                                                (const SalveDiaryPoint *) (gpointer) sessions->data, sessions->len,
                                                NULL, baseline_week, plan_start);
}

static int
diary_stats (Salvectl  *ctl,
             int        argc,
             char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— baseline, 7-day and weekly means, change"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(SalveDiaryStats) stats = NULL;
  g_autoptr(SalveCarePlan) plan = NULL;
  const GDate *plan_start = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *baseline_week = NULL;
  g_autofree char *region = NULL;
  RangeOptions options = { 0 };
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &options.profile_name, N_("Whose diary"), N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options.from, N_("First day to count"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options.to, N_("Last day to count"), N_("DATE") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region, N_("Count only the entries of this body region (default: all together)"), N_("REGION") },
    { "baseline-week", 0, 0, G_OPTION_ARG_STRING, &baseline_week,
      N_("Use the 7 days from DATE as the baseline (default: from the care plan’s start, or the first 7 days with entries)"), N_("DATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print JSON"), NULL },
    { NULL }
  };
  GDate baseline_date;
  int region_code = SALVE_REGION_CODE_NONE;
  SalveDb *db;
  int rc;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!salvectl_parse_options (context, &argc, &argv))
    {
      range_options_clear (&options);
      return SALVECTL_EXIT_USAGE;
    }

  g_date_clear (&baseline_date, 1);
  if (argc != 1)
    rc = salvectl_usage_error (_("diary stats takes no arguments, only options"));
  else
    rc = parse_range (&options, "diary stats");
  if (rc == SALVECTL_EXIT_OK && region != NULL && !salvectl_parse_region ("--region", region, &region_code))
    rc = SALVECTL_EXIT_USAGE;
  if (rc == SALVECTL_EXIT_OK && baseline_week != NULL)
    {
      g_autoptr(GDateTime) day = NULL;
      gboolean has_time = TRUE;

      day = salve_parse_date_time (baseline_week, NULL, &has_time, &error);
      if (day == NULL)
        rc = salvectl_usage_error ("--baseline-week: %s", error->message);
      else if (has_time)
        rc = salvectl_usage_error (_("--baseline-week takes a date like 2026-03-29"));
      else
        g_date_set_dmy (&baseline_date, g_date_time_get_day_of_month (day),
                        g_date_time_get_month (day), g_date_time_get_year (day));
    }
  if (rc != SALVECTL_EXIT_OK)
    goto out;

  if (!(db = salvectl_get_db (ctl)) || !(profile = salvectl_find_profile (db, options.profile_name)))
    {
      rc = SALVECTL_EXIT_RUNTIME;
      goto out;
    }

  /* A chosen week wins; otherwise the plan's start anchors the baseline,
   * and only without a plan does the first entry. The weeks count from
   * the plan's start either way. */
  plan = salve_care_plan_repo_get (db, salve_profile_get_id (profile), &error);
  if (plan == NULL && !g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND))
    {
      rc = salvectl_runtime_error ("%s", error->message);
      goto out;
    }
  g_clear_error (&error);
  plan_start = plan != NULL && !g_date_valid (&baseline_date) ? &plan->start : NULL;

  /* The whole diary from its daily aggregates, the same figures as from
   * every point (docs/diary.md); a period, or aggregates whose days are
   * not this time zone's, from the points. */
  if (options.from_unix == SALVE_DIARY_REPO_ANY_TIME_MIN && options.to_unix == SALVE_DIARY_REPO_ANY_TIME_MAX)
    {
      stats = stats_from_aggregates (db, salve_profile_get_id (profile), region != NULL ? region_code : G_MININT,
                                     g_date_valid (&baseline_date) ? &baseline_date : NULL,
                                     plan_start, &error);
      if (stats == NULL && error != NULL)
        {
          rc = salvectl_runtime_error ("%s", error->message);
          goto out;
        }
    }
  if (stats == NULL)
    {
      /* From the diary's beginning: the baseline stays where it is when
       * the period starts later, as in the report. */
      points = salve_diary_repo_list_points (db, salve_profile_get_id (profile),
                                             SALVE_DIARY_REPO_ANY_TIME_MIN, options.to_unix, &error);
      if (points == NULL)
        {
          rc = salvectl_runtime_error ("%s", error->message);
          goto out;
        }
      if (region != NULL)
        {
          GArray *in_region = salve_diary_points_filter_region ((const SalveDiaryPoint *) (gpointer) points->data,
                                                                points->len, region_code);

          g_array_unref (points);
          points = in_region;
        }
      if (plan_start != NULL)
        stats = salve_diary_stats_compute_for_plan ((const SalveDiaryPoint *) (gpointer) points->data, points->len,
                                                    NULL, plan_start);
      else
        stats = salve_diary_stats_compute ((const SalveDiaryPoint *) (gpointer) points->data, points->len, NULL,
                                           g_date_valid (&baseline_date) ? &baseline_date : NULL);
      if (options.from_unix != SALVE_DIARY_REPO_ANY_TIME_MIN)
        {
          const SalveDiaryPoint *all = (const SalveDiaryPoint *) (gpointer) points->data;
          SalveDiaryStats *period;
          guint first = 0;

          while (first < points->len && all[first].at_unix < options.from_unix)
            first++;
          period = salve_diary_stats_compute (all + first, points->len - first, NULL, NULL);
          salve_diary_stats_take_baseline (period, stats);
          salve_diary_stats_free (stats);
          stats = period;
        }
    }
  /* A chosen week is the baseline; the weeks still count from the plan. */
  if (plan != NULL && plan_start == NULL)
    salve_diary_stats_set_course_start (stats, &plan->start);
  if (options.json)
    {
      g_autoptr(JsonNode) root = stats_to_json (stats);

      if (region != NULL)
        json_object_set_string_member (json_node_get_object (root), "region",
                                       salve_body_region_from_code (region_code));
      salvectl_print_json (root);
    }
  else
    {
      if (region != NULL)
        /* Translators: the first line of diary stats for one body region */
        g_print (_("Region: %s\n"), salve_body_region_get_name (salve_body_region_from_code (region_code)));
      print_stats (stats);
    }

out:
  range_options_clear (&options);
  return rc;
}

static const SalvectlSubcommand diary_commands[] = {
  { "add",   diary_add },
  { "list",  diary_list },
  { "stats", diary_stats },
};

int
salvectl_cmd_diary (Salvectl  *ctl,
                    int        argc,
                    char     **argv)
{
  return salvectl_dispatch (ctl, argc, argv,
                            _("Usage:\n"
                              "  salvectl diary add --profile NAME --pain N [--at TIME] [--region R] [--note T]\n"
                              "                     [--activity ID=MINUTES …] [--weakness] [--numbness] …\n"
                              "  salvectl diary list --profile NAME [--from DATE] [--to DATE] [--json]\n"
                              "  salvectl diary stats --profile NAME [--from DATE] [--to DATE] [--region REGION]\n"
                              "                       [--baseline-week DATE] [--json]\n"),
                            diary_commands, G_N_ELEMENTS (diary_commands));
}
