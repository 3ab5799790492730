/* salvectl-plan.c: salvectl plan set|schedule|status
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "salve-care-plan-repo.h"
#include "salve-condition-repo.h"
#include "salve-diary-repo.h"
#include "salve-parse.h"
#include "salve-profile-repo.h"
#include "salve-time.h"
#include "salve-treatment.h"
#include "salvectl-private.h"

/* NULL with SALVE_DB_ERROR_NOT_FOUND when the profile has no plan. */
static SalveCarePlan *
find_plan (SalveDb       *db,
           SalveProfile  *profile,
           GError       **error)
{
  return salve_care_plan_repo_get (db, salve_profile_get_id (profile), error);
}

static int
no_plan_error (SalveProfile *profile)
{
  /* Translators: %s is a profile name */
  return salvectl_runtime_error (_("“%s” has no care plan yet; make one with “salvectl plan set --profile NAME --start YYYY-MM-DD”."),
                                 salve_profile_get_display_name (profile));
}

static gboolean
parse_day (const char *option,
           const char *text,
           GDate      *date)
{
  g_autoptr(GError) error = NULL;

  if (!salve_care_parse_date (text, date, &error))
    {
      salvectl_usage_error ("%s: %s", option, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
replace_text (char       **field,
              const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static int
plan_set (Salvectl  *ctl,
          int        argc,
          char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— make or change a profile’s care plan"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *complaint = NULL;
  g_autofree char *site = NULL;
  g_autofree char *course_text = NULL;
  g_autofree char *therapist = NULL;
  g_autofree char *start = NULL;
  SalveCareCourse course = SALVE_CARE_COURSE_NORMAL;
  GDate start_date, today;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("Whose plan"), N_("NAME") },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start_text, N_("The day the course starts"), N_("YYYY-MM-DD") },
    { "complaint", 0, 0, G_OPTION_ARG_STRING, &complaint, N_("What the complaint is"), N_("TEXT") },
    { "site", 0, 0, G_OPTION_ARG_STRING, &site, N_("Where: a body site id such as neck or hand"), N_("SITE") },
    { "course", 0, 0, G_OPTION_ARG_STRING, &course_text,
      N_("Expected course: normal (weeks, seed phases) or long (one to three years)"), "normal|long" },
    { "therapist", 0, 0, G_OPTION_ARG_STRING, &therapist, N_("The therapist’s name"), N_("NAME") },
    { NULL }
  };
  SalveDb *db;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!salvectl_parse_options (context, &argc, &argv))
    return SALVECTL_EXIT_USAGE;

  g_date_clear (&start_date, 1);
  if (argc != 1)
    return salvectl_usage_error (_("plan set takes no arguments, only options"));
  if (profile_name == NULL)
    return salvectl_usage_error (_("plan set needs --profile NAME"));
  if (start_text != NULL && !parse_day ("--start", start_text, &start_date))
    return SALVECTL_EXIT_USAGE;
  if (course_text != NULL && !salve_care_course_from_id (course_text, &course))
    return salvectl_usage_error (_("--course must be normal or long, not “%s”"), course_text);

  if (!(db = salvectl_get_db (ctl)) || !(profile = salvectl_find_profile (db, profile_name)))
    return SALVECTL_EXIT_RUNTIME;

  plan = find_plan (db, profile, &error);
  if (plan == NULL)
    {
      if (!g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND))
        return salvectl_runtime_error ("%s", error->message);
      /* The start anchors everything: a new plan must be given one. */
      if (start_text == NULL)
        return salvectl_usage_error (_("A new care plan needs --start YYYY-MM-DD"));
      g_clear_error (&error);
      plan = salve_care_plan_new (&start_date);
      plan->profile_id = salve_profile_get_id (profile);
    }

  if (start_text != NULL)
    plan->start = start_date;
  if (complaint != NULL)
    replace_text (&plan->complaint, complaint);
  if (site != NULL)
    replace_text (&plan->site, site);
  if (course_text != NULL)
    plan->course = course;
  if (therapist != NULL)
    replace_text (&plan->therapist, therapist);

  if (!salve_care_plan_repo_save (db, plan, &error))
    {
      if (g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT))
        return salvectl_usage_error ("%s", error->message);
      return salvectl_runtime_error ("%s", error->message);
    }

  start = salve_care_format_date (&plan->start);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    g_date_clear (&today, 1);
    g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                    g_date_time_get_year (now));
  }
  /* Translators: profile name, start date, the course (normal or long) */
  g_print (_("Care plan of “%s”: starts %s, %s course.\n"), salve_profile_get_display_name (profile), start,
           plan->course == SALVE_CARE_COURSE_LONG ? _("long") : _("normal"));
  if (salve_care_plan_has_ended (plan, &today))
    {
      g_autofree char *ended = salve_time_format_gdate (&plan->ended);

      /* Translators: the day it ended, week number */
      g_print (_("The course ended on %s, in week %d.\n"), ended, salve_care_plan_get_week (plan, &plan->ended));
    }
  else if (salve_care_plan_get_week (plan, &today) > 0)
    g_print (_("Today is in week %d, phase %d.\n"), salve_care_plan_get_week (plan, &today),
             salve_care_plan_get_phase (plan, &today));
  return SALVECTL_EXIT_OK;
}

/* Ends the course today: after the review with the therapist. */
static int
plan_end (Salvectl  *ctl,
          int        argc,
          char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— end the course of treatment today"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *ended_text = NULL;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("Whose plan"), N_("NAME") },
    { NULL }
  };
  GDate ended;
  SalveDb *db;

  if (!salvectl_parse_command (context, entries, &argc, &argv, &profile_name))
    return SALVECTL_EXIT_USAGE;
  if (!(db = salvectl_get_db (ctl)) || !(profile = salvectl_find_profile (db, profile_name)))
    return SALVECTL_EXIT_RUNTIME;

  if (!salve_care_plan_repo_end (db, salve_profile_get_id (profile), &ended, &error))
    {
      if (g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND))
        return no_plan_error (profile);
      return salvectl_runtime_error ("%s", error->message);
    }
  plan = salve_care_plan_repo_get (db, salve_profile_get_id (profile), &error);
  if (plan == NULL)
    return salvectl_runtime_error ("%s", error->message);

  ended_text = salve_time_format_gdate (&ended);
  /* Translators: profile name, the day ("Mon 7 Dec 2026"), week number */
  g_print (_("Ended the course of “%s” on %s, in week %d. No session is planned or reminded of any more; "
             "the diary goes on.\n"),
           salve_profile_get_display_name (profile), ended_text, salve_care_plan_get_week (plan, &ended));
  return SALVECTL_EXIT_OK;
}

static int
plan_schedule (Salvectl  *ctl,
               int        argc,
               char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— how often and how long a modality is planned"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *modality_text = NULL;
  g_autofree char *per_day_text = NULL;
  g_autofree char *minutes_text = NULL;
  g_autofree char *times = NULL;
  g_auto(GStrv) at = NULL;
  gboolean remove = FALSE, no_times = FALSE;
  SalveModality modality;
  SalveCareSchedule schedule;
  const SalveCareSchedule *current;
  g_autoptr(GArray) schedules = NULL;
  guint per_day = 0, minutes = 0, n_at = 0;
  guint16 at_times[G_N_ELEMENTS (schedule.times)];
  gint64 value;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("Whose plan"), N_("NAME") },
    { "modality", 0, 0, G_OPTION_ARG_STRING, &modality_text, N_("tens, nmes, laser or pemf"), "M" },
    { "per-day", 0, 0, G_OPTION_ARG_STRING, &per_day_text,
      N_("Sessions a day (default: as the schedule has it, or from the sources)"), "N" },
    { "minutes", 0, 0, G_OPTION_ARG_STRING, &minutes_text,
      N_("Minutes a session (default: as the schedule has it, or from the sources)"), "N" },
    { "at", 0, 0, G_OPTION_ARG_STRING_ARRAY, &at,
      N_("A planned time of day (repeatable; default: the schedule's times)"), N_("HH:MM") },
    { "no-times", 0, 0, G_OPTION_ARG_NONE, &no_times, N_("Plan no times of day"), NULL },
    { "remove", 0, 0, G_OPTION_ARG_NONE, &remove, N_("Remove the modality from the schedule"), NULL },
    { NULL }
  };
  SalveDb *db;

  if (!salvectl_parse_command (context, entries, &argc, &argv, &profile_name))
    return SALVECTL_EXIT_USAGE;
  if (modality_text == NULL)
    return salvectl_usage_error (_("plan schedule needs --modality tens, nmes, laser or pemf"));
  if (!salve_modality_from_id (modality_text, &modality))
    return salvectl_usage_error (_("Unknown modality “%s”; use tens, nmes, laser or pemf"), modality_text);
  if (no_times && at != NULL)
    return salvectl_usage_error (_("Give either --at or --no-times, not both"));

  /* The values given are checked before the database is opened. */
  if (per_day_text != NULL)
    {
      if (!salvectl_parse_int ("--per-day", per_day_text, 1, SALVE_CARE_MAX_PER_DAY, &value))
        return SALVECTL_EXIT_USAGE;
      per_day = (guint) value;
      /* More than the modality allows (laser once a day) needs no schedule to know. */
      if (per_day > salve_care_schedule_get_max_per_day (modality))
        {
          SalveCareSchedule probe = { .modality = modality, .per_day = per_day, .minutes = 1 };

          if (!salve_care_schedule_validate (&probe, &error))
            return salvectl_usage_error ("%s", error->message);
        }
    }
  if (minutes_text != NULL)
    {
      if (!salvectl_parse_int ("--minutes", minutes_text, 0, (gint64) SALVE_MAX_SESSION_MINUTES, &value))
        return SALVECTL_EXIT_USAGE;
      minutes = (guint) value;
    }
  for (guint i = 0; at != NULL && at[i] != NULL; i++)
    {
      if (n_at == G_N_ELEMENTS (at_times))
        return salvectl_usage_error (_("--at: too many times of day"));
      if (!salve_care_parse_time_of_day (at[i], &at_times[n_at], &error))
        return salvectl_usage_error ("--at: %s", error->message);
      n_at++;
    }

  if (!(db = salvectl_get_db (ctl)) || !(profile = salvectl_find_profile (db, profile_name)))
    return SALVECTL_EXIT_RUNTIME;
  plan = find_plan (db, profile, &error);
  if (plan == NULL)
    {
      if (g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND))
        return no_plan_error (profile);
      return salvectl_runtime_error ("%s", error->message);
    }

  /* What is not given stays as the schedule has it: changing how often
   * does not lose the minutes or the reminders' times. A modality not on
   * the schedule yet starts from the sources' defaults. */
  schedules = salve_care_plan_repo_list_schedules (db, salve_profile_get_id (profile), &error);
  if (schedules == NULL)
    return salvectl_runtime_error ("%s", error->message);
  current = salve_care_schedule_find ((const SalveCareSchedule *) (gpointer) schedules->data, schedules->len, modality);

  if (!remove)
    {
      if (current != NULL)
        schedule = *current;
      else if (!salve_care_schedule_get_default (modality, &schedule) &&
               (per_day_text == NULL || minutes_text == NULL))
        return salvectl_usage_error (_("The sources give no schedule for %s: give --per-day and --minutes as its manual or your therapist says"),
                                     salve_modality_get_name (modality));
      schedule.modality = modality;
      if (per_day_text != NULL)
        schedule.per_day = per_day;
      if (minutes_text != NULL)
        schedule.minutes = minutes;
      if (at != NULL || no_times)
        {
          schedule.n_times = n_at;
          memcpy (schedule.times, at_times, n_at * sizeof at_times[0]);
        }
      else if (schedule.n_times > schedule.per_day)
        {
          g_autofree char *kept = salve_care_schedule_format_times (&schedule);

          /* Which of them to drop is the therapist's to say. */
          return salvectl_usage_error (g_dngettext (GETTEXT_PACKAGE,
                                                    "The schedule has more times of day (%s) than %u session a day: "
                                                    "give the times with --at, or --no-times",
                                                    "The schedule has more times of day (%s) than %u sessions a day: "
                                                    "give the times with --at, or --no-times",
                                                    schedule.per_day),
                                       kept, schedule.per_day);
        }
      /* Given in any order, kept in the order of the day. */
      salve_care_schedule_sort_times (&schedule);
      if (!salve_care_schedule_validate (&schedule, &error))
        return salvectl_usage_error ("%s", error->message);
    }

  if (remove)
    {
      if (!salve_care_plan_repo_remove_schedule (db, salve_profile_get_id (profile), modality, &error))
        return salvectl_runtime_error ("%s", error->message);
      g_print (_("Removed %s from the schedule of “%s”.\n"), salve_modality_get_name (modality),
               salve_profile_get_display_name (profile));
      return SALVECTL_EXIT_OK;
    }

  if (!salve_care_plan_repo_set_schedule (db, salve_profile_get_id (profile), &schedule, &error))
    return salvectl_runtime_error ("%s", error->message);

  times = salve_care_schedule_format_times (&schedule);
  if (schedule.minutes == 0)
    /* Translators: modality, sessions a day, profile */
    g_print (_("Planned %s %u× a day, as long as the dose needs, for “%s”"),
             salve_modality_get_name (modality), schedule.per_day, salve_profile_get_display_name (profile));
  else
    /* Translators: modality, sessions a day, minutes, profile */
    g_print (_("Planned %s %u× a day for %u min for “%s”"),
             salve_modality_get_name (modality), schedule.per_day, schedule.minutes,
             salve_profile_get_display_name (profile));
  if (*times != '\0')
    g_print (" (%s)", times);
  g_print (".\n");

  /* Planned where it cannot be given: stored, as the therapist may mean
   * to change the place next, but said at once. */
  {
    SalveProfileAnswers answers;
    g_autofree char *refused = NULL;

    salve_profile_answers_init (&answers, SALVE_ANSWER_UNKNOWN);
    if (salve_condition_repo_load (db, salve_profile_get_id (profile), &answers, NULL))
      refused = salve_rules_describe_refused_planned (modality, plan->site, &answers);
    if (refused != NULL)
      g_printerr (_("note: %s\n"), refused);
  }
  return SALVECTL_EXIT_OK;
}

/* Everything plan status reports, computed once for text and JSON. */
typedef struct
{
  SalveProfile    *profile;
  SalveCarePlan   *plan;
  GPtrArray       *starts;        /* SalveCarePlanStart, oldest first */
  GDate            day;
  int              week;
  int              phase;
  gboolean         ended;         /* the course ended on or before day: week and phase of its end */
  SalveDiaryStats *stats;
  GArray          *schedules;     /* SalveCareSchedule: of the plan week (salve_care_schedules_of_week()) */
  GArray          *current;       /* gboolean, as schedules: on the schedule as the day ended */
  GArray          *adherence;     /* SalveCareAdherence, as schedules */
  SalveProfileAnswers answers;   /* the checklist's */
  GArray          *refused;       /* gboolean, as schedules: a "yes" refuses it */
  GArray          *numb;          /* gboolean, as schedules: numbness noted stops it */
  GArray          *reviews;       /* SalveCareReview */
  gboolean         warnings[SALVE_N_WARNINGS];
  gboolean         bad_day;
  gboolean         bad_day_normal;   /* and to be called normal: no warning sign beside it */
  /* The next planned session, when the day is today and times are set. */
  gboolean         has_next;
  SalveModality    next_modality;
  gint64           next_unix;
  gboolean         pacing;
  GArray          *targets;       /* SalveActivityTarget */
  GArray          *target_done;   /* gint64 minutes this target week */
  GArray          *target_goal;   /* double minutes this target week */
} Status;

static void
status_clear (Status *status)
{
  g_clear_object (&status->profile);
  g_clear_pointer (&status->plan, salve_care_plan_free);
  g_clear_pointer (&status->starts, g_ptr_array_unref);
  g_clear_pointer (&status->stats, salve_diary_stats_free);
  g_clear_pointer (&status->schedules, g_array_unref);
  g_clear_pointer (&status->current, g_array_unref);
  g_clear_pointer (&status->adherence, g_array_unref);
  g_clear_pointer (&status->refused, g_array_unref);
  g_clear_pointer (&status->numb, g_array_unref);
  g_clear_pointer (&status->reviews, g_array_unref);
  g_clear_pointer (&status->targets, g_array_unref);
  g_clear_pointer (&status->target_done, g_array_unref);
  g_clear_pointer (&status->target_goal, g_array_unref);
}

static gboolean
compute_targets (Status          *status,
                 SalveDb         *db,
                 const GArray    *entries,
                 GError         **error)
{
  gint64 profile_id = salve_profile_get_id (status->profile);

  status->targets = salve_care_plan_repo_list_targets (db, profile_id, error);
  if (status->targets == NULL)
    return FALSE;
  status->target_done = g_array_new (FALSE, TRUE, sizeof (gint64));
  status->target_goal = g_array_new (FALSE, TRUE, sizeof (double));
  /* The targets built up the load over the course: after it, none. */
  if (status->ended)
    g_array_set_size (status->targets, 0);

  for (guint t = 0; t < status->targets->len; t++)
    {
      const SalveActivityTarget *target = &g_array_index (status->targets, SalveActivityTarget, t);
      double goal;
      gint64 done;

      if (!salve_care_plan_repo_activity_week (db, profile_id, target, status->stats, entries, &status->day,
                                               &goal, &done, NULL, error))
        return FALSE;
      g_array_append_val (status->target_done, done);
      g_array_append_val (status->target_goal, goal);
    }

  return TRUE;
}

/* The statistics of the entries before @end_unix, anchored to
 * @plan_start: from the daily aggregates when every entry lies before
 * it (the usual status, of today), else from the points. */
static SalveDiaryStats *
stats_until (SalveDb      *db,
             gint64        profile_id,
             gint64        end_unix,
             const GDate  *plan_start,
             GError      **error)
{
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GArray) sessions = NULL;
  g_autoptr(GArray) points = NULL;
  gboolean all_before = TRUE;
  SalveDiaryStats *stats = NULL;

  counts = salve_diary_repo_list_day_counts (db, profile_id, error);
  if (counts == NULL)
    return NULL;
  sessions = salve_diary_repo_list_session_points (db, profile_id, error);
  if (sessions == NULL)
    return NULL;
  /* last_unix never lies before the day's latest entry. */
  for (guint i = 0; i < counts->len && all_before; i++)
    all_before = g_array_index (counts, SalveDiaryDayCount, i).last_unix < end_unix;
  for (guint i = 0; i < sessions->len && all_before; i++)
    all_before = g_array_index (sessions, SalveDiaryPoint, i).at_unix < end_unix;
  if (all_before)
    stats = salve_diary_stats_compute_from_counts ((const SalveDiaryDayCount *) (gpointer) counts->data,
                                                   counts->len,
                                                   (const SalveDiaryPoint *) (gpointer) sessions->data,
                                                   sessions->len, NULL, NULL, plan_start);
  if (stats != NULL)
    return stats;

  points = salve_diary_repo_list_points (db, profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN, end_unix, error);
  if (points == NULL)
    return NULL;
  return salve_diary_stats_compute_for_plan ((const SalveDiaryPoint *) (gpointer) points->data, points->len, NULL,
                                             plan_start);
}

static gboolean
compute_status (Status   *status,
                SalveDb  *db,
                GError  **error)
{
  gint64 profile_id = salve_profile_get_id (status->profile);
  GDate next = status->day;
  g_autoptr(GArray) done = NULL;
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GArray) current = NULL;
  g_autoptr(GArray) changes = NULL;
  gint64 end_unix;

  /* Everything up to the end of the day asked about, nothing after: a
   * status "on" a past day is what it said that day. */
  g_date_add_days (&next, 1);
  end_unix = salve_time_day_start_unix (&next);

  status->stats = stats_until (db, profile_id, end_unix, &status->plan->start, error);
  if (status->stats == NULL)
    return FALSE;
  done = salve_care_plan_repo_list_done_sessions (db, profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN, end_unix, error);
  if (done == NULL)
    return FALSE;
  entries = salve_care_plan_repo_list_status_entries (db, profile_id, &status->day, error);
  if (entries == NULL)
    return FALSE;
  current = salve_care_plan_repo_list_schedules (db, profile_id, error);
  if (current == NULL)
    return FALSE;
  changes = salve_care_plan_repo_list_schedule_changes (db, profile_id, error);
  if (changes == NULL)
    return FALSE;
  /* An ended course stays at the week it ended in. */
  status->ended = salve_care_plan_has_ended (status->plan, &status->day);
  status->week = salve_care_plan_get_week (status->plan, status->ended ? &status->plan->ended : &status->day);
  status->phase = salve_care_plan_get_phase (status->plan, status->ended ? &status->plan->ended : &status->day);

  /* A modality taken off the schedule since is still shown for a plan
   * week that planned it: looking back, what was done then. An ended
   * course plans nothing: no adherence, review or next session from its
   * last day on (the report keeps what was planned and done before). */
  if (status->ended)
    status->schedules = g_array_new (FALSE, TRUE, sizeof (SalveCareSchedule));
  else
    status->schedules = salve_care_schedules_of_week (status->plan,
                                                      (const SalveCareSchedule *) (gpointer) current->data,
                                                      current->len,
                                                      (const SalveCareSchedule *) (gpointer) changes->data,
                                                      changes->len, NULL, &status->day);
  /* On the schedule as the day asked about ended, not as it is now: a
   * day looked back on, before the course ended or a modality was taken
   * off, had it on its schedule. */
  status->current = g_array_new (FALSE, TRUE, sizeof (gboolean));
  for (guint i = 0; i < status->schedules->len; i++)
    {
      gboolean then = salve_care_schedule_taken_off_at ((const SalveCareSchedule *) (gpointer) changes->data,
                                                        changes->len,
                                                        g_array_index (status->schedules, SalveCareSchedule, i).modality,
                                                        NULL, &status->day) == G_MAXINT64;

      g_array_append_val (status->current, then);
    }
  status->starts = salve_care_plan_repo_list_starts (db, profile_id, error);
  if (status->starts == NULL)
    return FALSE;

  /* A planned modality the checklist now blocks is said, not counted
   * on as if it could be given: a pacemaker answered yes since. */
  salve_profile_answers_init (&status->answers, SALVE_ANSWER_UNKNOWN);
  if (!salve_condition_repo_load (db, profile_id, &status->answers, error))
    return FALSE;

  status->adherence = g_array_new (FALSE, TRUE, sizeof (SalveCareAdherence));
  status->refused = g_array_new (FALSE, TRUE, sizeof (gboolean));
  status->numb = g_array_new (FALSE, TRUE, sizeof (gboolean));
  status->reviews = g_array_new (FALSE, TRUE, sizeof (SalveCareReview));
  for (guint i = 0; i < status->schedules->len; i++)
    {
      const SalveCareSchedule *schedule = &g_array_index (status->schedules, SalveCareSchedule, i);
      gboolean refused = salve_rules_refuse_planned (schedule->modality, status->plan->site, &status->answers);
      SalveCareAdherence adherence;
      SalveCareReview review;

      gboolean numb = salve_treatment_numbness_stops (db, profile_id, schedule->modality, status->plan->site,
                                                      &status->day);

      g_array_append_val (status->refused, refused);
      g_array_append_val (status->numb, numb);

      salve_care_adherence_compute (status->plan, (const SalveCareSchedule *) (gpointer) changes->data,
                                    changes->len, schedule->modality, (const SalveSessionMark *) (gpointer) done->data,
                                    done->len, NULL, &status->day, g_get_real_time () / G_USEC_PER_SEC, &adherence);
      g_array_append_val (status->adherence, adherence);
      if (salve_care_review_evaluate (status->plan, schedule->modality, status->stats, &status->day, &review))
        {
          salve_care_review_count_sessions (&review, status->plan, (const SalveSessionMark *) (gpointer) done->data,
                                            done->len, &status->day);
          g_array_append_val (status->reviews, review);
        }
    }

  salve_care_find_warnings (status->plan, status->stats, (const SalveCareEntry *) (gpointer) entries->data,
                            entries->len, NULL, &status->day, status->warnings);
  /* The next session is told of today only: --on another day asks
   * what stood then, when "next" means nothing. */
  {
    gint64 now = g_get_real_time () / G_USEC_PER_SEC;
    g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (now);
    /* Only what can be given: not a modality refused there or stopped by numbness. */
    g_autoptr(GArray) offered = g_array_new (FALSE, FALSE, sizeof (SalveCareSchedule));
    GDate today;

    for (guint i = 0; i < status->schedules->len; i++)
      if (g_array_index (status->current, gboolean, i) &&
          !g_array_index (status->refused, gboolean, i) && !g_array_index (status->numb, gboolean, i))
        g_array_append_val (offered, g_array_index (status->schedules, SalveCareSchedule, i));
    salve_time_get_date (local, &today);
    status->has_next = g_date_compare (&today, &status->day) == 0 &&
                       salve_care_next_session (status->plan, (const SalveCareSchedule *) (gpointer) offered->data,
                                                offered->len, now, &status->next_modality, &status->next_unix);
  }
  status->bad_day = salve_care_is_bad_day (status->stats, &status->day);
  status->bad_day_normal = salve_care_bad_day_is_normal (status->stats, &status->day, status->warnings);
  status->pacing = salve_care_pacing_needed (status->stats, (const SalveCareEntry *) (gpointer) entries->data,
                                             entries->len, NULL, &status->day);

  return compute_targets (status, db, entries, error);
}

static void
add_number_or_null (JsonBuilder *builder,
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

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static JsonNode *
status_to_json (const Status *status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *start = salve_care_format_date (&status->plan->start);
  g_autofree char *on = salve_care_format_date (&status->day);
  const SalveDiaryStats *stats = status->stats;
  gboolean has_phase = status->phase > 0;
  g_autofree char *ended = g_date_valid (&status->plan->ended) ? salve_care_format_date (&status->plan->ended) : NULL;

  json_builder_begin_object (builder);
  add_string (builder, "profile", salve_profile_get_name (status->profile));
  add_string (builder, "start", start);
  add_string (builder, "on", on);
  add_string (builder, "course", salve_care_course_to_id (status->plan->course));
  add_string (builder, "complaint", status->plan->complaint);
  add_string (builder, "site", status->plan->site);
  add_string (builder, "therapist", status->plan->therapist);
  /* The course's last day once it was ended (also when --on lies before
   * it); week and phase are those it ended in from that day on. */
  add_string (builder, "ended", ended);
  /* Each change of the start, oldest first: the baseline and the phases
   * moved with it. */
  json_builder_set_member_name (builder, "start_moves");
  json_builder_begin_array (builder);
  for (guint i = 0; i < status->starts->len; i++)
    {
      const SalveCarePlanStart *move = g_ptr_array_index (status->starts, i);

      if (move->old_start == NULL)
        continue;
      json_builder_begin_object (builder);
      add_string (builder, "from", move->old_start);
      add_string (builder, "to", move->new_start);
      add_string (builder, "changed_at", move->changed_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_int (builder, "week", status->week);
  add_int (builder, "phase", status->phase);
  add_string (builder, "phase_title", has_phase ? salve_care_phase_get_title (status->plan->course, status->phase) : NULL);
  add_string (builder, "advice", has_phase && !status->ended
                                   ? salve_care_phase_get_advice (status->plan->course, status->phase, status->warnings) : NULL);
  add_string (builder, "pace_advice", !status->ended ? salve_care_get_pace_advice () : NULL);

  add_number_or_null (builder, "baseline", stats->has_baseline, stats->baseline);
  if (stats->has_baseline)
    {
      g_autofree char *first = salve_care_format_date (&stats->baseline_first);
      g_autofree char *last = salve_care_format_date (&stats->baseline_last);

      add_string (builder, "baseline_first", first);
      add_string (builder, "baseline_last", last);
    }
  else
    {
      add_string (builder, "baseline_first", NULL);
      add_string (builder, "baseline_last", NULL);
    }
  add_int (builder, "baseline_days", stats->baseline_days);
  add_number_or_null (builder, "now", stats->has_current, stats->current);
  /* null while no change is shown, as diary stats --json has it. */
  add_number_or_null (builder, "change_points", salve_diary_stats_has_change (stats), stats->change_points);
  json_builder_set_member_name (builder, "mcid_reached");
  json_builder_add_boolean_value (builder, salve_diary_stats_has_change (stats) && stats->mcid_reached);

  json_builder_set_member_name (builder, "bad_day");
  json_builder_add_boolean_value (builder, status->bad_day);
  add_string (builder, "bad_day_advice", status->bad_day_normal ? salve_care_get_bad_day_advice () : NULL);
  json_builder_set_member_name (builder, "pacing");
  json_builder_add_boolean_value (builder, status->pacing);
  add_string (builder, "pacing_advice", status->pacing ? salve_care_get_pacing_advice () : NULL);

  json_builder_set_member_name (builder, "adherence");
  json_builder_begin_object (builder);
  for (guint i = 0; i < status->schedules->len; i++)
    {
      const SalveCareSchedule *schedule = &g_array_index (status->schedules, SalveCareSchedule, i);
      const SalveCareAdherence *a = &g_array_index (status->adherence, SalveCareAdherence, i);

      json_builder_set_member_name (builder, salve_modality_to_id (schedule->modality));
      json_builder_begin_object (builder);
      add_int (builder, "per_day", schedule->per_day);
      add_int (builder, "minutes", schedule->minutes);
      json_builder_set_member_name (builder, "times");
      json_builder_begin_array (builder);
      for (guint t = 0; t < schedule->n_times; t++)
        {
          g_autofree char *hhmm = g_strdup_printf ("%02u:%02u", schedule->times[t] / 60u, schedule->times[t] % 60u);
          json_builder_add_string_value (builder, hhmm);
        }
      json_builder_end_array (builder);
      add_int (builder, "planned_today", a->planned_day);
      add_int (builder, "done_today", a->done_day);
      add_int (builder, "planned_week", a->planned_week);
      add_int (builder, "planned_to_date", a->planned_to_date);
      add_int (builder, "done_week", a->done_week);
      json_builder_set_member_name (builder, "blocked");
      json_builder_add_boolean_value (builder, g_array_index (status->refused, gboolean, i));
      json_builder_set_member_name (builder, "numbness");
      json_builder_add_boolean_value (builder, g_array_index (status->numb, gboolean, i));
      json_builder_set_member_name (builder, "scheduled");
      json_builder_add_boolean_value (builder, g_array_index (status->current, gboolean, i));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "next_session");
  if (status->has_next)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (status->next_unix);
      g_autofree char *iso = salve_time_format_iso (at);

      json_builder_begin_object (builder);
      add_string (builder, "modality", salve_modality_to_id (status->next_modality));
      add_string (builder, "at", iso);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "reviews");
  json_builder_begin_array (builder);
  for (guint i = 0; i < status->reviews->len; i++)
    {
      const SalveCareReview *review = &g_array_index (status->reviews, SalveCareReview, i);
      g_autofree char *text = salve_care_review_describe (review);

      json_builder_begin_object (builder);
      add_string (builder, "modality", salve_modality_to_id (review->modality));
      add_string (builder, "state", salve_care_review_state_to_id (review->state));
      add_int (builder, "first_week", review->first_week);
      add_int (builder, "last_week", review->last_week);
      add_number_or_null (builder, "change_points", review->has_result, review->change_points);
      json_builder_set_member_name (builder, "mcid_reached");
      json_builder_add_boolean_value (builder, review->has_result && review->mcid_reached);
      add_int (builder, "sessions", review->n_sessions);
      add_string (builder, "text", text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (int s = 0; s < SALVE_N_WARNINGS; s++)
    if (status->warnings[s])
      json_builder_add_string_value (builder, salve_warning_sign_to_id (s));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "warning_details");
  json_builder_begin_array (builder);
  for (int s = 0; s < SALVE_N_WARNINGS; s++)
    if (status->warnings[s])
      {
        json_builder_begin_object (builder);
        add_string (builder, "id", salve_warning_sign_to_id (s));
        add_string (builder, "advice", salve_warning_sign_get_advice (s, status->plan));
        add_string (builder, "source", salve_warning_sign_get_source (s));
        json_builder_end_object (builder);
      }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "activity_targets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < status->targets->len; i++)
    {
      const SalveActivityTarget *target = &g_array_index (status->targets, SalveActivityTarget, i);
      g_autofree char *week = salve_care_format_date (&target->baseline_week);

      json_builder_begin_object (builder);
      add_string (builder, "activity", target->activity);
      add_string (builder, "baseline_week", week);
      add_int (builder, "baseline_minutes", target->baseline_minutes);
      add_number_or_null (builder, "step_percent", TRUE, target->step_percent);
      add_number_or_null (builder, "target_minutes", TRUE, g_array_index (status->target_goal, double, i));
      add_int (builder, "done_minutes", g_array_index (status->target_done, gint64, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The plan's 7 baseline days are behind the day asked about: a day
 * without entries among them can no longer be made up for. */
static gboolean
baseline_week_over (const Status *status)
{
  GDate last = status->plan->start;

  g_date_add_days (&last, 6);
  return g_date_compare (&status->day, &last) > 0;
}

static void
print_start_moves (const Status *status)
{
  for (guint i = 0; i < status->starts->len; i++)
    {
      g_autofree char *move = salve_care_plan_start_describe_move (g_ptr_array_index (status->starts, i));

      if (move != NULL)
        g_print ("%s\n", move);
    }
}

static void
print_status (const Status *status)
{
  g_autofree char *start = salve_care_format_date (&status->plan->start);
  const SalveDiaryStats *stats = status->stats;

  if (status->phase == 0)
    {
      /* Translators: profile name, start date still to come */
      g_print (_("Care plan of “%s”, starts %s\n"), salve_profile_get_display_name (status->profile), start);
      print_start_moves (status);
      g_print (_("The plan has not started yet.\n"));
    }
  else if (status->ended)
    {
      g_autofree char *ended = salve_time_format_gdate (&status->plan->ended);

      /* Translators: profile name, start date */
      g_print (_("Care plan of “%s”, started %s\n"), salve_profile_get_display_name (status->profile), start);
      print_start_moves (status);
      /* Translators: the day it ended ("Mon 7 Dec 2026"), week number, phase number, phase title like "Weeks 7–12" */
      g_print (_("The course ended on %s, in week %d, phase %d (%s).\n"), ended, status->week, status->phase,
               salve_care_phase_get_title (status->plan->course, status->phase));
    }
  else
    {
      /* Translators: profile name, start date */
      g_print (_("Care plan of “%s”, started %s\n"), salve_profile_get_display_name (status->profile), start);
      print_start_moves (status);
      /* Translators: week number, phase number, phase title like "Weeks 1–3" */
      g_print (_("Week %d, phase %d (%s)\n"), status->week, status->phase,
               salve_care_phase_get_title (status->plan->course, status->phase));
      g_print ("  %s\n", salve_care_phase_get_advice (status->plan->course, status->phase, status->warnings));
      g_print ("  %s\n", salve_care_get_pace_advice ());
    }

  if (stats->has_baseline && stats->baseline_days < 7 && baseline_week_over (status))
    /* Translators: the baseline, and how many of its 7 days had diary
     * entries (the plural follows them); its week is over */
    g_print (g_dngettext (GETTEXT_PACKAGE, "Baseline: %.1f (%u of its 7 days had entries)\n",
                          "Baseline: %.1f (%u of its 7 days had entries)\n", stats->baseline_days),
             stats->baseline, stats->baseline_days);
  else if (stats->has_baseline && stats->baseline_days < 7)
    /* Translators: the baseline so far, and of how many days (the plural follows them) */
    g_print (g_dngettext (GETTEXT_PACKAGE, "Baseline: %.1f so far (%u day of the 7 it needs)\n",
                          "Baseline: %.1f so far (%u days of the 7 it needs)\n", stats->baseline_days),
             stats->baseline, stats->baseline_days);
  else if (stats->has_baseline)
    g_print (_("Baseline: %.1f\n"), stats->baseline);
  else
    g_print (_("Baseline: none yet\n"));
  /* The mean of the last day with entries: one from weeks ago is said as
   * such, not as the person's pain now. */
  if (stats->has_current && salve_diary_stats_is_stale_on (stats, &status->day))
    {
      g_autofree char *when = salve_time_format_gdate (&g_array_index (stats->days, SalveDiaryDay,
                                                                       stats->days->len - 1).date);

      /* Translators: the mean, then the last day with entries */
      g_print (_("7-day mean: %.1f, up to the last entry on %s: no diary entries since\n"), stats->current, when);
    }
  else if (stats->has_current)
    g_print (_("7-day mean: %.1f\n"), stats->current);
  if (status->bad_day_normal)
    g_print ("%s\n", salve_care_get_bad_day_advice ());
  if (status->pacing)
    g_print ("%s\n", salve_care_get_pacing_advice ());

  for (guint i = 0; i < status->schedules->len; i++)
    {
      const SalveCareSchedule *schedule = &g_array_index (status->schedules, SalveCareSchedule, i);
      const SalveCareAdherence *a = &g_array_index (status->adherence, SalveCareAdherence, i);

      /* Before the plan's first day: no "today 0 of 0". */
      if (a->planned_week == 0)
        {
          g_autofree char *line = salve_care_adherence_describe (a);

          g_print ("%s\n", line);
        }
      else
        /* Translators: modality, done and planned today, done and planned this week */
        g_print (_("%s: today %u of %u, this week %u of %u\n"), salve_modality_get_name (schedule->modality),
                 a->done_day, a->planned_day, a->done_week, a->planned_week);
      if (!g_array_index (status->current, gboolean, i))
        {
          g_autofree char *off = salve_care_describe_taken_off (schedule->modality);

          g_print ("  %s\n", off);
        }
      if (g_array_index (status->refused, gboolean, i))
        {
          g_autofree char *refused = salve_rules_describe_refused_planned (schedule->modality, status->plan->site,
                                                                           &status->answers);

          g_print ("  %s\n", refused);
        }
      if (g_array_index (status->numb, gboolean, i))
        {
          g_autofree char *numb = salve_treatment_describe_numbness_stop (schedule->modality);

          g_print ("  %s\n", numb);
        }
    }
  if (status->has_next)
    {
      g_autofree char *next = salve_care_describe_next_session (status->next_modality, status->next_unix,
                                                                g_get_real_time () / G_USEC_PER_SEC);
      g_print ("%s\n", next);
    }
  for (guint i = 0; i < status->reviews->len; i++)
    {
      g_autofree char *text = salve_care_review_describe (&g_array_index (status->reviews, SalveCareReview, i));
      g_print ("%s\n", text);
    }
  for (guint i = 0; i < status->targets->len; i++)
    {
      const SalveActivityTarget *target = &g_array_index (status->targets, SalveActivityTarget, i);

      /* Translators: activity, minutes done, target minutes this week */
      g_print (_("%s: %.0f of %.0f min this week\n"), salve_activity_get_name (target->activity),
               (double) g_array_index (status->target_done, gint64, i),
               g_array_index (status->target_goal, double, i));
    }
  for (int s = 0; s < SALVE_N_WARNINGS; s++)
    if (status->warnings[s])
      /* Translators: the advice, then its source */
      g_print (_("Note: %s (%s)\n"), salve_warning_sign_get_advice (s, status->plan), salve_warning_sign_get_source (s));
}

static int
plan_status (Salvectl  *ctl,
             int        argc,
             char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— week, phase, baseline, adherence and warning signs"));
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *on = NULL;
  gboolean json = FALSE;
  Status status = { 0 };
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("Whose plan"), N_("NAME") },
    { "on", 0, 0, G_OPTION_ARG_STRING, &on, N_("The day to report on (default: today)"), N_("YYYY-MM-DD") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  SalveDb *db;
  int rc = SALVECTL_EXIT_OK;

  if (!salvectl_parse_command (context, entries, &argc, &argv, &profile_name))
    return SALVECTL_EXIT_USAGE;
  if (on != NULL)
    {
      if (!parse_day ("--on", on, &status.day))
        return SALVECTL_EXIT_USAGE;
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_clear (&status.day, 1);
      g_date_set_dmy (&status.day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }

  if (!(db = salvectl_get_db (ctl)) || !(status.profile = salvectl_find_profile (db, profile_name)))
    return SALVECTL_EXIT_RUNTIME;

  status.plan = find_plan (db, status.profile, &error);
  if (status.plan == NULL)
    rc = g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND)
           ? no_plan_error (status.profile)
           : salvectl_runtime_error ("%s", error->message);
  else if (!compute_status (&status, db, &error))
    rc = salvectl_runtime_error ("%s", error->message);
  else if (json)
    {
      g_autoptr(JsonNode) root = status_to_json (&status);
      salvectl_print_json (root);
    }
  else
    print_status (&status);

  status_clear (&status);
  return rc;
}

static const SalvectlSubcommand plan_commands[] = {
  { "set",      plan_set },
  { "end",      plan_end },
  { "schedule", plan_schedule },
  { "status",   plan_status },
};

int
salvectl_cmd_plan (Salvectl  *ctl,
                   int        argc,
                   char     **argv)
{
  return salvectl_dispatch (ctl, argc, argv,
                            _("Usage:\n"
                              "  salvectl plan set --profile NAME --start YYYY-MM-DD [--complaint TEXT] [--site SITE]\n"
                              "                    [--course normal|long] [--therapist NAME]\n"
                              "  salvectl plan schedule --profile NAME --modality M [--per-day N] [--minutes N]\n"
                              "                         [--at HH:MM … | --no-times] [--remove]\n"
                              "  salvectl plan status --profile NAME [--on YYYY-MM-DD] [--json]\n"
                              "  salvectl plan end --profile NAME\n"),
                            plan_commands, G_N_ELEMENTS (plan_commands));
}
