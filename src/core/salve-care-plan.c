/* salve-care-plan.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-care-plan"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "salve-care-plan.h"
#include "salve-modality.h"
#include "salve-parse.h"
#include "salve-reminder.h"
#include "salve-time.h"

#define EPSILON 1e-9

G_DEFINE_QUARK (salve-care-plan-error-quark, salve_care_plan_error)

/* Last week of phases 1–3 per course; phase 4 is open. */
static const int phase_ends[SALVE_N_CARE_COURSES][3] = {
  [SALVE_CARE_COURSE_NORMAL] = { 3, 6, 12 },
  [SALVE_CARE_COURSE_LONG] = { 3, 6, 156 },
};

static const char * const builtin_activities[] = {
  "walking", "cycling", "exercises", "screen-work", "housework", NULL
};

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SALVE_CARE_PLAN_ERROR, SALVE_CARE_PLAN_ERROR_INVALID, message);
  g_free (message);

  return FALSE;
}

static gint64
days_between (const GDate *from,
              const GDate *to)
{
  return (gint64) g_date_get_julian (to) - (gint64) g_date_get_julian (from);
}

static gboolean
local_date (GTimeZone *tz,
            gint64     unix_time,
            GDate     *date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;
  int y, m, d;

  if (utc == NULL)
    return FALSE;
  local = g_date_time_to_timezone (utc, tz);
  g_date_time_get_ymd (local, &y, &m, &d);
  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

const char *
salve_care_course_to_id (SalveCareCourse course)
{
  switch (course)
    {
    case SALVE_CARE_COURSE_NORMAL:
      return "normal";
    case SALVE_CARE_COURSE_LONG:
      return "long";
    case SALVE_N_CARE_COURSES:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
salve_care_course_from_id (const char      *id,
                           SalveCareCourse *course)
{
  g_return_val_if_fail (course != NULL, FALSE);

  for (int c = 0; c < SALVE_N_CARE_COURSES; c++)
    if (g_strcmp0 (id, salve_care_course_to_id (c)) == 0)
      {
        *course = c;
        return TRUE;
      }
  return FALSE;
}

SalveCarePlan *
salve_care_plan_new (const GDate *start)
{
  SalveCarePlan *plan = g_new0 (SalveCarePlan, 1);

  plan->complaint = g_strdup ("");
  plan->site = g_strdup ("");
  plan->therapist = g_strdup ("");
  plan->course = SALVE_CARE_COURSE_NORMAL;
  g_date_clear (&plan->start, 1);
  if (start != NULL && g_date_valid (start))
    plan->start = *start;
  g_date_clear (&plan->ended, 1);

  return plan;
}

SalveCarePlan *
salve_care_plan_copy (const SalveCarePlan *plan)
{
  SalveCarePlan *copy;

  g_return_val_if_fail (plan != NULL, NULL);

  copy = g_new0 (SalveCarePlan, 1);
  *copy = *plan;
  copy->complaint = g_strdup (plan->complaint ? plan->complaint : "");
  copy->site = g_strdup (plan->site ? plan->site : "");
  copy->therapist = g_strdup (plan->therapist ? plan->therapist : "");

  return copy;
}

void
salve_care_plan_free (SalveCarePlan *plan)
{
  if (plan == NULL)
    return;

  g_free (plan->complaint);
  g_free (plan->site);
  g_free (plan->therapist);
  g_free (plan);
}

static gboolean
check_text (const char  *text,
            const char  *what,
            GError     **error)
{
  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL))
    return invalid (error, _("%s is not valid text."), what);
  if (g_utf8_strlen (text, -1) > SALVE_CARE_PLAN_MAX_TEXT)
    return invalid (error, _("%s is longer than %d characters."), what, SALVE_CARE_PLAN_MAX_TEXT);
  return TRUE;
}

gboolean
salve_care_plan_validate (const SalveCarePlan  *plan,
                          GError              **error)
{
  g_return_val_if_fail (plan != NULL, FALSE);

  if (!g_date_valid (&plan->start) ||
      g_date_get_year (&plan->start) < SALVE_YEAR_MIN ||
      g_date_get_year (&plan->start) > SALVE_YEAR_MAX)
    return invalid (error, _("The care plan needs a valid start date."));
  if ((guint) plan->course >= SALVE_N_CARE_COURSES)
    return invalid (error, _("The expected course must be normal or long."));
  if (g_date_valid (&plan->ended) && g_date_compare (&plan->ended, &plan->start) < 0)
    {
      g_autofree char *day = salve_time_format_gdate (&plan->ended);

      /* Moving the start would count the ended course's weeks, baseline
       * and phases from elsewhere, in every report of it. */
      return invalid (error, _("The course ended on %s, before this start. A new course cannot begin on the same "
                               "plan yet: its start would move the weeks, baseline and phases of the course that "
                               "ended."), day);
    }

  if (plan->site != NULL && plan->site[0] != '\0')
    {
      SalveSite site;

      if (!salve_site_from_id (plan->site, &site))
        return invalid (error, _("“%s” is not a body site."), plan->site);
    }

  return check_text (plan->complaint, _("The complaint"), error) &&
         check_text (plan->therapist, _("The therapist’s name"), error);
}

gboolean
salve_care_plan_has_ended (const SalveCarePlan *plan,
                           const GDate         *day)
{
  g_return_val_if_fail (plan != NULL && day != NULL, FALSE);

  return g_date_valid (&plan->ended) && g_date_valid (day) && g_date_compare (day, &plan->ended) >= 0;
}

int
salve_care_plan_get_week (const SalveCarePlan *plan,
                          const GDate         *day)
{
  gint64 days;

  g_return_val_if_fail (plan != NULL && g_date_valid (&plan->start), 0);
  g_return_val_if_fail (day != NULL && g_date_valid (day), 0);

  days = days_between (&plan->start, day);
  if (days < 0)
    return 0;
  return (int) (days / 7) + 1;
}

int
salve_care_plan_get_phase (const SalveCarePlan *plan,
                           const GDate         *day)
{
  int week = salve_care_plan_get_week (plan, day);

  if (week == 0)
    return 0;
  for (int i = 0; i < 3; i++)
    if (week <= phase_ends[plan->course][i])
      return i + 1;
  return SALVE_CARE_N_PHASES;
}

void
salve_care_phase_get_weeks (SalveCareCourse  course,
                            int              phase,
                            int             *first_week,
                            int             *last_week)
{
  g_return_if_fail ((guint) course < SALVE_N_CARE_COURSES);
  g_return_if_fail (phase >= 1 && phase <= SALVE_CARE_N_PHASES);

  *first_week = phase == 1 ? 1 : phase_ends[course][phase - 2] + 1;
  *last_week = phase == SALVE_CARE_N_PHASES ? 0 : phase_ends[course][phase - 1];
}

const char *
salve_care_phase_get_title (SalveCareCourse course,
                            int             phase)
{
  g_return_val_if_fail ((guint) course < SALVE_N_CARE_COURSES, NULL);

  switch (phase)
    {
    case 1:
      return _("Weeks 1–3");
    /* The weeks salve_care_plan_get_phase() gives each phase: the
     * articles' "3 to 6 weeks" begins after the third. */
    case 2:
      return _("Weeks 4–6");
    case 3:
      return course == SALVE_CARE_COURSE_LONG ? _("Week 7 to about three years") : _("Weeks 7–12");
    case 4:
      return course == SALVE_CARE_COURSE_LONG ? _("After three years") : _("After week 12");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Whether a warning sign holds beside which reassurance ("swings in
 * pain are normal", "a bad day is normal") would say the opposite of its
 * advice. */
static gboolean
warns_against_reassurance (const gboolean warnings[SALVE_N_WARNINGS])
{
  /* Every sign: beside "no improvement after three weeks", "what
   * counts is that the line over the weeks goes the right way" too. */
  for (int s = 0; s < SALVE_N_WARNINGS; s++)
    if (warnings[s])
      return TRUE;
  return FALSE;
}

const char *
salve_care_phase_get_advice (SalveCareCourse  course,
                             int              phase,
                             const gboolean  *warnings)
{
  g_return_val_if_fail ((guint) course < SALVE_N_CARE_COURSES, NULL);
  g_return_val_if_fail (warnings != NULL, NULL);

  switch (phase)
    {
    case 1:
      if (warns_against_reassurance (warnings))
        return _("You learn what your complaint is and start with targeted exercises. "
                 "Stiffness often eases and you gain control over moving.");
      return _("You learn what your complaint is and start with targeted exercises. "
               "Stiffness often eases and you gain control over moving. "
               "Swings in pain are normal in this phase.");
    case 2:
      return _("What you can carry grows. Expand work and sport calmly. "
               "Your body reacts less quickly to load and your confidence in moving grows.");
    case 3:
      if (course == SALVE_CARE_COURSE_LONG)
        return _("Recovery takes one to three years on average. Build up gradually, "
                 "plan rest, and celebrate small successes.");
      return _("Many people reach their old level again in this period. "
               "With long-lasting or heavier complaints this phase can take longer.");
    case 4:
      /* Seed 004's third phase runs on "where needed": no verdict on a
       * person who may well be better by now. */
      return _("The usual phases are behind you. Where complaints remain, keep building up in clear "
               "steps, with goals and moments to evaluate them agreed with your therapist.");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
salve_care_get_pace_advice (void)
{
  return _("Building up too fast lengthens recovery. Rest and consistency matter more than speed.");
}

static const SalveDiaryDay *
find_day (const SalveDiaryStats *stats,
          const GDate           *date,
          guint                 *index)
{
  guint lo = 0, hi = stats->days->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const SalveDiaryDay *d = &g_array_index (stats->days, SalveDiaryDay, mid);
      int cmp = g_date_compare (&d->date, date);

      if (cmp == 0)
        {
          if (index)
            *index = mid;
          return d;
        }
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (index)
    *index = lo;
  return NULL;
}

/* Mean of the daily means of days in [@first, @last] that have entries. */
static gboolean
window_mean (const SalveDiaryStats *stats,
             const GDate           *first,
             const GDate           *last,
             double                *mean)
{
  guint i, n = 0;
  double sum = 0;

  find_day (stats, first, &i);
  for (; i < stats->days->len; i++)
    {
      const SalveDiaryDay *d = &g_array_index (stats->days, SalveDiaryDay, i);

      if (g_date_compare (&d->date, last) > 0)
        break;
      sum += d->mean;
      n++;
    }

  if (n < SALVE_CARE_MIN_DAYS_FOR_MEAN)
    return FALSE;
  *mean = sum / n;
  return TRUE;
}

gboolean
salve_care_mean_before (const SalveDiaryStats *stats,
                        const GDate           *day,
                        double                *mean)
{
  GDate first = *day, last = *day;

  g_return_val_if_fail (stats != NULL && day != NULL && mean != NULL, FALSE);

  g_date_subtract_days (&first, 7);
  g_date_subtract_days (&last, 1);
  return window_mean (stats, &first, &last, mean);
}

gboolean
salve_care_is_bad_day (const SalveDiaryStats *stats,
                       const GDate           *day)
{
  const SalveDiaryDay *d;
  double before;

  g_return_val_if_fail (stats != NULL && day != NULL, FALSE);

  d = find_day (stats, day, NULL);
  if (d == NULL || !salve_care_mean_before (stats, day, &before))
    return FALSE;
  return d->mean >= before + SALVE_CARE_BAD_DAY_POINTS - EPSILON;
}

gboolean
salve_care_bad_day_is_normal (const SalveDiaryStats *stats,
                              const GDate           *day,
                              const gboolean         warnings[SALVE_N_WARNINGS])
{
  g_return_val_if_fail (warnings != NULL, FALSE);

  if (warns_against_reassurance (warnings))
    return FALSE;
  return salve_care_is_bad_day (stats, day);
}

const char *
salve_care_get_bad_day_advice (void)
{
  return _("A bad day between good ones is normal: recovery is not a straight line. "
           "What counts is that the line over the weeks goes the right way.");
}

gboolean
salve_care_schedule_get_default (SalveModality      modality,
                                 SalveCareSchedule *schedule)
{
  g_return_val_if_fail (schedule != NULL, FALSE);

  memset (schedule, 0, sizeof *schedule);
  schedule->modality = modality;
  switch (modality)
    {
    case SALVE_MODALITY_TENS:
      schedule->per_day = 2;
      schedule->minutes = 30;
      return TRUE;
    case SALVE_MODALITY_NMES:
      schedule->per_day = 2;
      schedule->minutes = 40;
      return TRUE;
    case SALVE_MODALITY_LASER:
      schedule->per_day = 1;
      schedule->minutes = 0;
      return TRUE;
    case SALVE_MODALITY_PEMF:
    case SALVE_N_MODALITIES:
    default:
      return FALSE;
    }
}

guint
salve_care_schedule_get_max_per_day (SalveModality modality)
{
  switch (modality)
    {
    case SALVE_MODALITY_TENS:
      return 4;
    case SALVE_MODALITY_LASER:
      return 1;
    case SALVE_MODALITY_NMES:
    case SALVE_MODALITY_PEMF:
    case SALVE_N_MODALITIES:
    default:
      return SALVE_CARE_MAX_PER_DAY;
    }
}

gboolean
salve_care_schedule_validate (const SalveCareSchedule  *schedule,
                              GError                  **error)
{
  guint max;

  g_return_val_if_fail (schedule != NULL, FALSE);

  if ((guint) schedule->modality >= SALVE_N_MODALITIES)
    return invalid (error, _("Unknown modality."));

  max = salve_care_schedule_get_max_per_day (schedule->modality);
  if (schedule->per_day == 0 || schedule->per_day > max)
    {
      if (schedule->modality == SALVE_MODALITY_LASER)
        return invalid (error, _("Soft laser is used at most once a day on an area."));
      return invalid (error, _("%s can be planned 1 to %u times a day."),
                      salve_modality_get_name (schedule->modality), max);
    }
  if (schedule->minutes > SALVE_MAX_SESSION_MINUTES ||
      (schedule->minutes == 0 && schedule->modality != SALVE_MODALITY_LASER))
    return invalid (error, _("A session lasts 1 to %d minutes."), (int) SALVE_MAX_SESSION_MINUTES);
  if (schedule->n_times > schedule->per_day)
    return invalid (error, _("There are more times of day than sessions a day."));
  for (guint i = 0; i < schedule->n_times; i++)
    {
      if (schedule->times[i] >= 24 * 60)
        return invalid (error, _("A time of day must lie between 00:00 and 23:59."));
      if (i > 0 && schedule->times[i] <= schedule->times[i - 1])
        return invalid (error, _("The times of day must be different and in order."));
    }

  return TRUE;
}

gboolean
salve_care_parse_time_of_day (const char  *text,
                              guint16     *minutes,
                              GError     **error)
{
  g_autofree char *iso = NULL;
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  g_return_val_if_fail (minutes != NULL, FALSE);

  /* The date parser is strict about HH:MM; a fixed day in UTC has no
   * clock change to refuse a valid time. Seconds are not a time of day
   * anyone plans by. */
  if (text == NULL || strlen (text) != 5 || text[2] != ':')
    return invalid (error, _("“%s” is not a time of day like 08:30."), text ? text : "");
  iso = g_strdup_printf ("2000-01-01T%s", text);
  dt = salve_parse_date_time (iso, utc, NULL, NULL);
  if (dt == NULL)
    return invalid (error, _("“%s” is not a time of day like 08:30."), text);

  *minutes = (guint16) (g_date_time_get_hour (dt) * 60 + g_date_time_get_minute (dt));
  return TRUE;
}

char *
salve_care_schedule_format_times (const SalveCareSchedule *schedule)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < schedule->n_times; i++)
    g_string_append_printf (text, "%s%02u:%02u", i > 0 ? "," : "",
                            schedule->times[i] / 60u, schedule->times[i] % 60u);
  return g_string_free (text, FALSE);
}

void
salve_care_schedule_sort_times (SalveCareSchedule *schedule)
{
  g_return_if_fail (schedule != NULL && schedule->n_times <= G_N_ELEMENTS (schedule->times));

  /* A few times at most: an insertion sort. */
  for (guint i = 1; i < schedule->n_times; i++)
    for (guint j = i; j > 0 && schedule->times[j - 1] > schedule->times[j]; j--)
      {
        guint16 earlier = schedule->times[j];

        schedule->times[j] = schedule->times[j - 1];
        schedule->times[j - 1] = earlier;
      }
}

gboolean
salve_care_schedule_parse_times (SalveCareSchedule  *schedule,
                                 const char         *text,
                                 GError            **error)
{
  g_auto(GStrv) parts = NULL;

  schedule->n_times = 0;
  if (text == NULL || *text == '\0')
    return TRUE;

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (schedule->n_times == G_N_ELEMENTS (schedule->times))
        return invalid (error, _("There are more times of day than sessions a day."));
      if (!salve_care_parse_time_of_day (parts[i], &schedule->times[schedule->n_times], error))
        return FALSE;
      schedule->n_times++;
    }
  return TRUE;
}

/* The instant @minute after the start of @day in @tz (a time the clock
 * skips in spring is read as the one after it). */
static gint64
instant_on (GTimeZone   *tz,
            const GDate *day,
            guint        minute)
{
  g_autoptr(GDateTime) at = g_date_time_new (tz, g_date_get_year (day), g_date_get_month (day),
                                             g_date_get_day (day), (int) (minute / 60), (int) (minute % 60), 0);

  return at != NULL ? g_date_time_to_unix (at) : 0;
}

/* The version of @modality's schedule in force at @at_unix: the last of
 * @changes (oldest first) made for it at or before then; NULL when there
 * was none yet or it had been taken off (per_day 0). */
static const SalveCareSchedule *
last_change (const SalveCareSchedule *changes,
             gsize                    n_changes,
             SalveModality            modality,
             gint64                   at_unix)
{
  const SalveCareSchedule *found = NULL;

  for (gsize i = 0; i < n_changes; i++)
    if (changes[i].modality == modality && changes[i].since_unix <= at_unix)
      found = &changes[i];

  return found;
}

static const SalveCareSchedule *
version_at (const SalveCareSchedule *changes,
            gsize                    n_changes,
            SalveModality            modality,
            gint64                   at_unix)
{
  const SalveCareSchedule *found = last_change (changes, n_changes, modality, at_unix);

  return found != NULL && found->per_day > 0 ? found : NULL;
}

gint64
salve_care_schedule_taken_off_at (const SalveCareSchedule *changes,
                                  gsize                    n_changes,
                                  SalveModality            modality,
                                  GTimeZone               *tz,
                                  const GDate             *day)
{
  g_autoptr(GTimeZone) local = NULL;
  const SalveCareSchedule *last;
  GDate next;

  g_return_val_if_fail (changes != NULL || n_changes == 0, G_MAXINT64);
  g_return_val_if_fail (day != NULL && g_date_valid (day), G_MAXINT64);

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  next = *day;
  g_date_add_days (&next, 1);
  last = last_change (changes, n_changes, modality, instant_on (tz, &next, 0) - 1);

  return last != NULL && last->per_day == 0 ? last->since_unix : G_MAXINT64;
}

/* Whether @modality's schedule changed after @from and up to @to; *@most
 * is then the most sessions a day of its versions in force in between. */
static gboolean
changed_on (const SalveCareSchedule *changes,
            gsize                    n_changes,
            SalveModality            modality,
            gint64                   from,
            gint64                   to,
            guint                   *most)
{
  const SalveCareSchedule *v = version_at (changes, n_changes, modality, from);
  gboolean changed = FALSE;

  *most = v != NULL ? v->per_day : 0;
  for (gsize i = 0; i < n_changes; i++)
    if (changes[i].modality == modality && changes[i].since_unix > from && changes[i].since_unix <= to)
      {
        changed = TRUE;
        v = version_at (changes, n_changes, modality, changes[i].since_unix);
        *most = MAX (*most, v != NULL ? v->per_day : 0);
      }

  return changed;
}

const SalveCareSchedule *
salve_care_schedule_last_planned (const SalveCareSchedule *changes,
                                  gsize                    n_changes,
                                  SalveModality            modality,
                                  gint64                   at_unix)
{
  const SalveCareSchedule *found = NULL;

  g_return_val_if_fail (changes != NULL || n_changes == 0, NULL);

  for (gsize i = 0; i < n_changes; i++)
    if (changes[i].modality == modality && changes[i].since_unix <= at_unix && changes[i].per_day > 0)
      found = &changes[i];
  return found;
}

char *
salve_care_schedule_describe_per_day (const SalveCareSchedule *changes,
                                      gsize                    n_changes,
                                      SalveModality            modality,
                                      GTimeZone               *tz,
                                      const GDate             *first,
                                      const GDate             *last)
{
  GString *text = g_string_new (NULL);
  int shown = -1;

  g_return_val_if_fail (changes != NULL || n_changes == 0, NULL);
  g_return_val_if_fail (first != NULL && last != NULL, NULL);

  for (GDate d = *first; g_date_compare (&d, last) <= 0; g_date_add_days (&d, 1))
    {
      int planned = (int) salve_care_schedule_planned_on (changes, n_changes, modality, tz, &d, G_MAXINT64, 0);

      if (planned != shown)
        g_string_append_printf (text, "%s%d", shown < 0 ? "" : " → ", planned);
      shown = planned;
    }

  return g_string_free (text, FALSE);
}

guint
salve_care_schedule_planned_on (const SalveCareSchedule *changes,
                                gsize                    n_changes,
                                SalveModality            modality,
                                GTimeZone               *tz,
                                const GDate             *day,
                                gint64                   now_unix,
                                guint                    done_day)
{
  g_autoptr(GTimeZone) local = NULL;
  const SalveCareSchedule *at_end;
  GDate next;
  gint64 day_end;
  guint planned = 0, most = 0;

  g_return_val_if_fail (changes != NULL || n_changes == 0, 0);
  g_return_val_if_fail (day != NULL && g_date_valid (day), 0);

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  next = *day;
  g_date_add_days (&next, 1);
  day_end = instant_on (tz, &next, 0);

  /* Each time of day counts under the version in force at that time: a
   * schedule saved in the evening plans nothing of that morning. */
  for (gsize i = 0; i < n_changes; i++)
    {
      const SalveCareSchedule *v = &changes[i];

      if (v->modality != modality)
        continue;
      for (guint t = 0; t < v->n_times; t++)
        {
          gint64 at = instant_on (tz, day, v->times[t]);

          if (at <= now_unix && version_at (changes, n_changes, modality, at) == v)
            planned++;
        }
    }

  /* Sessions without a time (more a day than times) are due somewhere in
   * the day: the version in force at the day's end plans them, from the
   * day it was saved on. */
  if (now_unix < day_end)
    {
      /* The day so far: what was done counts as planned, up to the day's
       * number then (one done early is not one too many). */
      const SalveCareSchedule *now = version_at (changes, n_changes, modality, now_unix);

      planned = MAX (planned, now != NULL ? MIN (now->per_day, done_day) : 0);
    }
  else
    {
      at_end = version_at (changes, n_changes, modality, day_end - 1);
      if (at_end != NULL)
        planned += at_end->per_day - MIN (at_end->n_times, at_end->per_day);
    }

  /* A day the schedule changed counts no more than the most a day of its
   * versions then (times dropped at noon are not counted twice, by time
   * and by the day's end), and at least what was done up to that (a
   * session done under the old version is not lost). */
  if (changed_on (changes, n_changes, modality, instant_on (tz, day, 0), MIN (day_end, now_unix), &most))
    {
      planned = MIN (planned, most);
      if (now_unix >= day_end)
        planned = MAX (planned, MIN (most, done_day));
    }

  return planned;
}

static guint
done_on (SalveModality           modality,
         const SalveSessionMark *done,
         gsize                   n_done,
         GTimeZone              *tz,
         const GDate            *day)
{
  guint n = 0;

  for (gsize i = 0; i < n_done; i++)
    {
      GDate date;

      if (done[i].modality == (int) modality && local_date (tz, done[i].at_unix, &date) &&
          g_date_compare (&date, day) == 0)
        n++;
    }
  return n;
}

const SalveCareSchedule *
salve_care_schedule_find (const SalveCareSchedule *schedules,
                          gsize                    n_schedules,
                          SalveModality            modality)
{
  g_return_val_if_fail (schedules != NULL || n_schedules == 0, NULL);

  for (gsize i = 0; i < n_schedules; i++)
    if (schedules[i].modality == modality)
      return &schedules[i];
  return NULL;
}

/* The first day of plan week @week (1 or more). */
static void
week_first_day (const SalveCarePlan *plan,
                int                  week,
                GDate               *first)
{
  *first = plan->start;
  g_date_add_days (first, (guint) (week - 1) * 7);
}

GArray *
salve_care_schedules_of_week (const SalveCarePlan     *plan,
                              const SalveCareSchedule *current,
                              gsize                    n_current,
                              const SalveCareSchedule *changes,
                              gsize                    n_changes,
                              GTimeZone               *tz,
                              const GDate             *day)
{
  g_autoptr(GTimeZone) local = NULL;
  GArray *shown = g_array_new (FALSE, TRUE, sizeof (SalveCareSchedule));
  int week;

  g_return_val_if_fail (plan != NULL && day != NULL, shown);
  g_return_val_if_fail (current != NULL || n_current == 0, shown);
  g_return_val_if_fail (changes != NULL || n_changes == 0, shown);

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  week = salve_care_plan_get_week (plan, day);

  for (int m = 0; m < SALVE_N_MODALITIES; m++)
    {
      const SalveCareSchedule *now = salve_care_schedule_find (current, n_current, m);
      const SalveCareSchedule *last;
      GDate d, after;
      gint64 from, to;
      guint most;

      if (now != NULL)
        {
          g_array_append_val (shown, *now);
          continue;
        }
      if (week == 0)
        continue;

      /* Taken off since: shown while a version with sessions was in
       * force in the plan week (one taken off the day it was saved may
       * plan nothing but the sessions done that day). */
      week_first_day (plan, week, &d);
      after = d;
      g_date_add_days (&after, 7);
      from = instant_on (tz, &d, 0);
      to = instant_on (tz, &after, 0) - 1;
      changed_on (changes, n_changes, m, from, to, &most);
      if (most > 0 && (last = salve_care_schedule_last_planned (changes, n_changes, m, to)) != NULL)
        g_array_append_val (shown, *last);
    }

  return shown;
}

void
salve_care_adherence_compute (const SalveCarePlan      *plan,
                              const SalveCareSchedule  *changes,
                              gsize                     n_changes,
                              SalveModality             modality,
                              const SalveSessionMark   *done,
                              gsize                     n_done,
                              GTimeZone                *tz,
                              const GDate              *day,
                              gint64                    now_unix,
                              SalveCareAdherence       *adherence)
{
  g_autoptr(GTimeZone) local = NULL;
  GDate week_first, week_last, d, today;
  gboolean has_today;
  int week;

  g_return_if_fail (plan != NULL && day != NULL && adherence != NULL);
  g_return_if_fail (changes != NULL || n_changes == 0);
  g_return_if_fail (done != NULL || n_done == 0);

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();

  memset (adherence, 0, sizeof *adherence);
  adherence->modality = modality;
  week = salve_care_plan_get_week (plan, day);
  if (week == 0)
    return;

  week_first_day (plan, week, &week_first);
  week_last = week_first;
  g_date_add_days (&week_last, 6);
  has_today = now_unix != G_MAXINT64 && local_date (tz, now_unix, &today);

  for (d = week_first; g_date_compare (&d, &week_last) <= 0; g_date_add_days (&d, 1))
    {
      guint done_d = done_on (modality, done, n_done, tz, &d);
      guint whole = salve_care_schedule_planned_on (changes, n_changes, modality, tz, &d, G_MAXINT64, done_d);

      adherence->planned_week += whole;
      adherence->done_week += done_d;
      if (g_date_compare (&d, day) == 0)
        {
          adherence->planned_day = whole;
          adherence->done_day = done_d;
        }
      /* Of the day asked about, when it is the instant's, only what is due
       * by then; any other day whole, up to the end of the day asked about. */
      if (g_date_compare (&d, day) < 0)
        adherence->planned_to_date += whole;
      else if (g_date_compare (&d, day) == 0)
        adherence->planned_to_date += has_today && g_date_compare (&d, &today) == 0
                                      ? salve_care_schedule_planned_on (changes, n_changes, modality, tz, &d,
                                                                        now_unix, done_d)
                                      : whole;
    }
}

gboolean
salve_care_next_session (const SalveCarePlan      *plan,
                         const SalveCareSchedule  *schedules,
                         gsize                     n_schedules,
                         gint64                    now_unix,
                         SalveModality            *modality,
                         gint64                   *at_unix)
{
  gint64 after = now_unix;
  gint64 best = G_MAXINT64;

  g_return_val_if_fail (plan != NULL && modality != NULL && at_unix != NULL, FALSE);
  g_return_val_if_fail (schedules != NULL || n_schedules == 0, FALSE);

  if (g_date_valid (&plan->start))
    after = MAX (after, salve_time_day_start_unix (&plan->start) - 1);

  for (gsize i = 0; i < n_schedules; i++)
    {
      gint64 next;

      if (salve_reminders_next_time (&schedules[i], 1, SALVE_REMINDER_NO_DIARY, NULL, after, &next) && next < best)
        {
          best = next;
          *modality = schedules[i].modality;
        }
    }

  if (best == G_MAXINT64)
    return FALSE;
  *at_unix = best;
  return TRUE;
}

char *
salve_care_adherence_describe (const SalveCareAdherence *a)
{
  const char *name;

  g_return_val_if_fail (a != NULL, NULL);

  name = salve_modality_get_name (a->modality);
  /* Before the plan's first day there is no plan week yet. */
  if (a->planned_week == 0)
    /* Translators: a modality */
    return g_strdup_printf (_("%s: planned from the plan’s start."), name);
  if (a->planned_to_date == 0 && a->done_week == 0)
    /* Translators: a modality, then the sessions the plan week has in all */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: the plan week’s first session is still to come (%u planned this week).",
                                         "%s: the plan week’s first session is still to come (%u planned this week).",
                                         a->planned_week),
                            name, a->planned_week);
  /* Translators: modality; done and planned today; done, planned so far and planned this week */
  return g_strdup_printf (_("%s today %u of %u, this plan week %u of %u so far (%u in all)."), name, a->done_day,
                          a->planned_day, a->done_week, a->planned_to_date, a->planned_week);
}

char *
salve_care_describe_taken_off (SalveModality modality)
{
  /* Translators: a modality; said under its sessions of a plan week */
  return g_strdup_printf (_("%s is no longer on the schedule: this plan week counts what was planned before."),
                          salve_modality_get_name (modality));
}

char *
salve_care_describe_next_session (SalveModality modality,
                                  gint64        at_unix,
                                  gint64        now_unix)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (at_unix);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_unix);
  g_autofree char *time = NULL;
  g_autofree char *date = NULL;
  GDate a, n;

  g_return_val_if_fail (at != NULL && now != NULL, NULL);

  time = g_date_time_format (at, "%H:%M");
  salve_time_get_date (at, &a);
  salve_time_get_date (now, &n);

  switch (days_between (&n, &a))
    {
    case 0:
      /* Translators: a modality, then a time: "Next planned session: TENS today at 20:00." */
      return g_strdup_printf (_("Next planned session: %s today at %s."), salve_modality_get_name (modality), time);
    case 1:
      /* Translators: a modality, then a time: "Next planned session: TENS tomorrow at 08:00." */
      return g_strdup_printf (_("Next planned session: %s tomorrow at %s."), salve_modality_get_name (modality), time);
    default:
      date = salve_time_format_date (at);
      /* Translators: a modality, a date, a time: "Next planned session: TENS on Mon 26 Oct 2026 at 08:00." */
      return g_strdup_printf (_("Next planned session: %s on %s at %s."), salve_modality_get_name (modality),
                              date, time);
    }
}

const char *
salve_care_review_state_to_id (SalveCareReviewState state)
{
  switch (state)
    {
    case SALVE_CARE_REVIEW_NOT_YET:
      return "not-yet";
    case SALVE_CARE_REVIEW_DUE:
      return "due";
    case SALVE_CARE_REVIEW_PAST:
      return "past";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
salve_care_review_evaluate (const SalveCarePlan   *plan,
                            SalveModality          modality,
                            const SalveDiaryStats *stats,
                            const GDate           *day,
                            SalveCareReview       *review)
{
  int week;

  g_return_val_if_fail (plan != NULL && stats != NULL && day != NULL && review != NULL, FALSE);

  memset (review, 0, sizeof *review);
  if (modality != SALVE_MODALITY_TENS)
    return FALSE;

  review->modality = modality;
  review->first_week = 5;
  review->last_week = 6;
  week = salve_care_plan_get_week (plan, day);
  if (week < review->first_week)
    review->state = SALVE_CARE_REVIEW_NOT_YET;
  else if (week <= review->last_week)
    review->state = SALVE_CARE_REVIEW_DUE;
  else
    review->state = SALVE_CARE_REVIEW_PAST;

  review->has_result = stats->has_baseline && stats->has_current;
  /* "Now" is the 7-day mean of the latest day with entries: one from a
   * month ago, or from inside the baseline week itself, says nothing of
   * what the weeks since did (pain "the same as at the baseline" when it
   * was the baseline). */
  if (review->has_result)
    {
      const SalveDiaryDay *latest = &g_array_index (stats->days, SalveDiaryDay, stats->days->len - 1);

      review->no_recent = salve_diary_stats_is_stale_on (stats, day) ||
                          g_date_compare (&latest->date, &stats->baseline_last) <= 0;
      review->has_result = !review->no_recent;
    }
  if (review->has_result)
    {
      review->mcid_reached = stats->mcid_reached;
      review->change_points = stats->change_points;
    }
  return TRUE;
}

void
salve_care_review_count_sessions (SalveCareReview        *review,
                                  const SalveCarePlan    *plan,
                                  const SalveSessionMark *done,
                                  gsize                   n_done,
                                  const GDate            *day)
{
  g_return_if_fail (review != NULL && plan != NULL && day != NULL);
  g_return_if_fail (done != NULL || n_done == 0);

  review->sessions_counted = TRUE;
  review->n_sessions = 0;
  for (gsize i = 0; i < n_done; i++)
    {
      g_autoptr(GDateTime) local = NULL;
      GDate date;

      if (done[i].modality != (int) review->modality)
        continue;
      local = g_date_time_new_from_unix_local (done[i].at_unix);
      if (local == NULL)
        continue;
      salve_time_get_date (local, &date);
      if (g_date_compare (&date, &plan->start) >= 0 && g_date_compare (&date, day) <= 0)
        review->n_sessions++;
    }
}

char *
salve_care_review_describe (const SalveCareReview *review)
{
  g_return_val_if_fail (review != NULL, NULL);

  if (review->state == SALVE_CARE_REVIEW_NOT_YET)
    return g_strdup_printf (_("%s is judged after 4 to 6 weeks (plan weeks %d–%d)."),
                            salve_modality_get_name (review->modality),
                            review->first_week, review->last_week);
  /* Past its weeks the review is no longer "time to": said once, as what
   * was due, for a status read later on. */
  if (review->state == SALVE_CARE_REVIEW_PAST)
    return g_strdup_printf (_("The review of %s was due in plan weeks %d–%d."),
                            salve_modality_get_name (review->modality),
                            review->first_week, review->last_week);
  /* A change in pain says nothing of a treatment not given. */
  if (review->sessions_counted && review->n_sessions == 0)
    /* Translators: both %s are a modality, "TENS" */
    return g_strdup_printf (_("Time to judge %s, but no completed %s session is recorded since the plan started: "
                              "there is no treatment to judge yet. Discuss it with your therapist."),
                            salve_modality_get_name (review->modality), salve_modality_get_name (review->modality));
  if (review->no_recent)
    return g_strdup_printf (_("Time to judge %s, but the diary has no entries from the last 7 days to compare with "
                              "the baseline. Rate your pain every day for a week."),
                            salve_modality_get_name (review->modality));
  if (!review->has_result)
    return g_strdup_printf (_("Time to judge %s, but the diary has no baseline and 7-day mean to compare yet."),
                            salve_modality_get_name (review->modality));
  /* Which way pain went, in words: "+1.6 points changed" read as neutral. */
  if (review->mcid_reached)
    return g_strdup_printf (_("Time to judge %s: pain fell by %.1f points since the baseline, "
                              "a clinically important improvement."),
                            salve_modality_get_name (review->modality), fabs (review->change_points));
  if (review->change_points <= -0.05)
    return g_strdup_printf (_("Time to judge %s: pain fell by %.1f points since the baseline, "
                              "not a clinically important improvement. Discuss it with your therapist."),
                            salve_modality_get_name (review->modality), fabs (review->change_points));
  if (review->change_points >= 0.05)
    return g_strdup_printf (_("Time to judge %s: pain rose by %.1f points since the baseline. "
                              "Discuss it with your therapist."),
                            salve_modality_get_name (review->modality), review->change_points);
  return g_strdup_printf (_("Time to judge %s: pain is the same as at the baseline. Discuss it with your therapist."),
                          salve_modality_get_name (review->modality));
}

const char *
salve_warning_sign_to_id (SalveWarningSign sign)
{
  switch (sign)
    {
    case SALVE_WARNING_NO_IMPROVEMENT:
      return "no-improvement";
    case SALVE_WARNING_NEW_WEAKNESS:
      return "new-weakness";
    case SALVE_WARNING_NUMBNESS:
      return "numbness";
    case SALVE_WARNING_RISING_PAIN:
      return "rising-pain";
    case SALVE_N_WARNINGS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
salve_warning_sign_get_advice (SalveWarningSign     sign,
                               const SalveCarePlan *plan)
{
  switch (sign)
    {
    case SALVE_WARNING_NO_IMPROVEMENT:
      if (plan != NULL && plan->therapist != NULL && *plan->therapist != '\0')
        return _("The complaints have not improved after two to three weeks. "
                 "Discuss it with your therapist.");
      return _("The complaints have not improved after two to three weeks. "
               "It is worth seeing a physiotherapist.");
    case SALVE_WARNING_NEW_WEAKNESS:
      return _("You noted new loss of strength. Please see your doctor about it.");
    case SALVE_WARNING_NUMBNESS:
      return _("You noted numbness or loss of feeling. Stop stimulation on that area "
               "and see your doctor about it.");
    case SALVE_WARNING_RISING_PAIN:
      return _("The pain keeps rising despite treatment. Please discuss it with your doctor or therapist.");
    case SALVE_N_WARNINGS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
salve_warning_sign_get_source (SalveWarningSign sign)
{
  switch (sign)
    {
    case SALVE_WARNING_NO_IMPROVEMENT:
      return "KNGF-Richtlijn Nekpijn (2016); NHG-Standaard Nekklachten (2021)";
    case SALVE_WARNING_NEW_WEAKNESS:
    case SALVE_WARNING_RISING_PAIN:
      return "NHG-Standaard Nekklachten (2021)";
    case SALVE_WARNING_NUMBNESS:
      return _("NHG-Standaard Nekklachten (2021); patient article on peripheral neuropathy and its treatment, "
               "safe intensity (Dutch: “Oorzaken van perifere neuropathie en behandelingsmogelijkheden”, "
               "“Veilige intensiteit”)");
    case SALVE_N_WARNINGS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
rising_pain (const SalveDiaryStats *stats,
             const GDate           *day)
{
  double means[3];

  for (int w = 0; w < 3; w++)
    {
      GDate first = *day, last = *day;

      g_date_subtract_days (&last, (guint) (2 - w) * 7);
      first = last;
      g_date_subtract_days (&first, 6);
      if (!window_mean (stats, &first, &last, &means[w]))
        return FALSE;
    }

  return means[1] > means[0] + EPSILON && means[2] > means[1] + EPSILON &&
         means[2] - means[0] >= SALVE_CARE_PACING_RISE_POINTS - EPSILON;
}

/* "Not improved after two to three weeks", judged once a plan week on the
 * mean of the last full week before @day's: a rolling 7-day mean crossing
 * the 10 % line and back would switch the sign on and off from one day to
 * the next. As shown: the means to tenths, the percentage whole. */
static gboolean
not_improved (const SalveCarePlan   *plan,
              const SalveDiaryStats *stats,
              const GDate           *day)
{
  gint64 days = days_between (&plan->start, day);
  GDate first = plan->start, last;
  double mean, baseline, percent;

  if (days < SALVE_CARE_NO_IMPROVEMENT_DAYS || !stats->has_baseline)
    return FALSE;

  g_date_add_days (&first, (guint) (days / 7 - 1) * 7);
  last = first;
  g_date_add_days (&last, 6);
  if (!window_mean (stats, &first, &last, &mean))
    return FALSE;

  mean = round (mean * 10.0) / 10.0;
  baseline = round (stats->baseline * 10.0) / 10.0;
  if (baseline <= EPSILON)
    return mean > EPSILON;
  percent = round ((baseline - mean) / baseline * 100.0);
  return percent < 10.0 - EPSILON;
}

guint
salve_care_find_warnings (const SalveCarePlan   *plan,
                          const SalveDiaryStats *stats,
                          const SalveCareEntry  *entries,
                          gsize                  n_entries,
                          GTimeZone             *tz,
                          const GDate           *day,
                          gboolean               found[SALVE_N_WARNINGS])
{
  g_autoptr(GTimeZone) local = NULL;
  GDate flag_first = *day;
  guint n = 0;

  g_return_val_if_fail (plan != NULL && stats != NULL && day != NULL && found != NULL, 0);
  g_return_val_if_fail (entries != NULL || n_entries == 0, 0);

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();

  memset (found, 0, sizeof (gboolean) * SALVE_N_WARNINGS);

  found[SALVE_WARNING_NO_IMPROVEMENT] = not_improved (plan, stats, day);

  g_date_subtract_days (&flag_first, SALVE_CARE_FLAG_DAYS - 1);
  for (gsize i = 0; i < n_entries; i++)
    {
      GDate date;

      if (!entries[i].new_weakness && !entries[i].numbness)
        continue;
      if (!local_date (tz, entries[i].at_unix, &date) ||
          g_date_compare (&date, &flag_first) < 0 || g_date_compare (&date, day) > 0)
        continue;
      found[SALVE_WARNING_NEW_WEAKNESS] |= entries[i].new_weakness;
      found[SALVE_WARNING_NUMBNESS] |= entries[i].numbness;
    }

  found[SALVE_WARNING_RISING_PAIN] = rising_pain (stats, day);

  for (int s = 0; s < SALVE_N_WARNINGS; s++)
    n += found[s] ? 1 : 0;
  return n;
}

gboolean
salve_care_pacing_needed (const SalveDiaryStats *stats,
                          const SalveCareEntry  *entries,
                          gsize                  n_entries,
                          GTimeZone             *tz,
                          const GDate           *day)
{
  g_autoptr(GTimeZone) local = NULL;
  gboolean after_activity = FALSE;
  gboolean has_mean;
  double mean = 0;
  double fatigue_sum = 0;
  guint n_fatigue = 0;

  g_return_val_if_fail (stats != NULL && day != NULL, FALSE);
  g_return_val_if_fail (entries != NULL || n_entries == 0, FALSE);

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();

  has_mean = salve_care_mean_before (stats, day, &mean);

  /* The person's usual fatigue: the mean of its ratings in the 7 days
   * before the day. */
  {
    GDate first = *day;

    g_date_subtract_days (&first, 7);
    for (gsize i = 0; i < n_entries; i++)
      {
        GDate date;

        if (entries[i].fatigue < 0 || entries[i].fatigue > 10 || !local_date (tz, entries[i].at_unix, &date) ||
            g_date_compare (&date, &first) < 0 || g_date_compare (&date, day) >= 0)
          continue;
        fatigue_sum += entries[i].fatigue;
        n_fatigue++;
      }
  }

  for (gsize i = 0; i < n_entries; i++)
    {
      const SalveCareEntry *e = &entries[i];
      gboolean high_pain, high_fatigue;
      GDate date;

      if (!local_date (tz, e->at_unix, &date) || g_date_compare (&date, day) != 0)
        continue;
      if (e->activity_minutes > 0)
        after_activity = TRUE;
      if (!after_activity)
        continue;
      high_pain = e->pain >= SALVE_CARE_HIGH_RATING && (!has_mean || e->pain >= mean + 1 - EPSILON);
      high_fatigue = e->fatigue >= SALVE_CARE_HIGH_RATING && e->fatigue <= 10 &&
                     (n_fatigue == 0 || e->fatigue >= fatigue_sum / n_fatigue + 1 - EPSILON);
      if (high_pain || high_fatigue ||
          (has_mean && e->pain >= mean + SALVE_CARE_PACING_RISE_POINTS - EPSILON))
        return TRUE;
    }

  return FALSE;
}

gboolean
salve_care_pacing_needed_on (const SalveDiaryStats *stats,
                             const SalveCareEntry  *entries,
                             gsize                  n_entries,
                             GTimeZone             *tz,
                             const GDate           *day,
                             gsize                 *cursor)
{
  GDate before = *day, after = *day;
  gint64 from, to;
  gsize end;

  g_return_val_if_fail (cursor != NULL, FALSE);

  /* A day's margin either side: the zone of @tz may differ from local. */
  g_date_subtract_days (&before, 8);
  g_date_add_days (&after, 2);
  from = salve_time_day_start_unix (&before);
  to = salve_time_day_start_unix (&after);
  while (*cursor < n_entries && entries[*cursor].at_unix < from)
    (*cursor)++;
  for (end = *cursor; end < n_entries && entries[end].at_unix < to; end++)
    ;

  return end > *cursor && salve_care_pacing_needed (stats, entries + *cursor, end - *cursor, tz, day);
}

const char *
salve_care_get_pacing_advice (void)
{
  return _("Pain or fatigue is high after activity. Do less for now and plan rest; "
           "build up again gradually once it has settled.");
}

const char * const *
salve_activity_get_builtin_ids (void)
{
  return builtin_activities;
}

gboolean
salve_activity_is_builtin (const char *id)
{
  return id != NULL && g_strv_contains (builtin_activities, id);
}

gboolean
salve_activity_id_is_valid (const char *id)
{
  gsize len;

  if (id == NULL || !g_ascii_islower (id[0]))
    return FALSE;
  len = strlen (id);
  if (len > 32)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (id[i]) && !g_ascii_isdigit (id[i]) && id[i] != '-')
      return FALSE;
  return TRUE;
}

const char *
salve_activity_get_name (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  if (g_str_equal (id, "walking"))
    return _("Walking");
  if (g_str_equal (id, "cycling"))
    return _("Cycling");
  if (g_str_equal (id, "exercises"))
    return _("Exercises");
  if (g_str_equal (id, "screen-work"))
    return _("Screen work");
  if (g_str_equal (id, "housework"))
    return _("Housework");
  return id;
}

gboolean
salve_activity_parse (const char  *text,
                      char       **id,
                      guint       *minutes,
                      GError     **error)
{
  const char *eq;
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 value;

  g_return_val_if_fail (id != NULL && minutes != NULL, FALSE);

  eq = text ? strchr (text, '=') : NULL;
  if (eq == NULL)
    return invalid (error, _("“%s” is not an activity like walking=30."), text ? text : "");
  name = g_strndup (text, (gsize) (eq - text));
  if (!salve_activity_id_is_valid (name))
    return invalid (error, _("“%s” is not an activity id: use lower-case letters, digits and -, "
                             "starting with a letter (built in: walking, cycling, exercises, "
                             "screen-work, housework)."), name);
  if (!salve_parse_int (eq + 1, 0, SALVE_ACTIVITY_MAX_MINUTES, &value, &local_error))
    return invalid (error, _("The minutes of %s: %s"), name, local_error->message);

  *id = g_steal_pointer (&name);
  *minutes = (guint) value;
  return TRUE;
}

double
salve_activity_target_for_week (double          baseline_minutes,
                                double          step_percent,
                                guint           weeks_after,
                                const gboolean *paced,
                                const double   *done)
{
  const double week = 7.0 * SALVE_ACTIVITY_MAX_MINUTES;
  double target = CLAMP (baseline_minutes, 0, week);

  g_return_val_if_fail (step_percent >= 0 && step_percent <= SALVE_ACTIVITY_MAX_STEP_PERCENT, target);

  /* Week i's target rises from week i − 1's only when week i − 1 went
   * without pacing and reached its target, as shown: to the minute. The
   * baseline week has none to reach: what was done is its measure. */
  for (guint i = 1; i <= weeks_after; i++)
    {
      gboolean reached = done == NULL || i == 1 || done[i - 1] >= round (target);

      if ((paced == NULL || !paced[i - 1]) && reached)
        target = MIN (target * (1.0 + step_percent / 100.0), week);
    }

  return target;
}

gboolean
salve_activity_target_validate (const SalveActivityTarget  *target,
                                GError                    **error)
{
  g_return_val_if_fail (target != NULL, FALSE);

  if (!salve_activity_id_is_valid (target->activity))
    return invalid (error, _("“%s” is not an activity id."), target->activity);
  if (!g_date_valid (&target->baseline_week))
    return invalid (error, _("The activity target needs the first day of its baseline week."));
  /* A step of 10 % on nothing is nothing, week after week: "0 of 0 min". */
  if (target->baseline_minutes == 0)
    return invalid (error, _("The baseline week has no minutes: a target grows from what you manage now. Enter the "
                             "minutes of a usual week, even a few."));
  if (target->baseline_minutes > 7 * SALVE_ACTIVITY_MAX_MINUTES)
    return invalid (error, _("A week has at most %d minutes."), 7 * SALVE_ACTIVITY_MAX_MINUTES);
  if (!(target->step_percent >= 0 && target->step_percent <= SALVE_ACTIVITY_MAX_STEP_PERCENT))
    return invalid (error, _("The weekly step must lie between 0 and %.0f %%."), SALVE_ACTIVITY_MAX_STEP_PERCENT);
  return TRUE;
}

char *
salve_care_format_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

gboolean
salve_care_parse_date (const char  *text,
                       GDate       *date,
                       GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;
  gboolean has_time = TRUE;

  g_return_val_if_fail (date != NULL, FALSE);

  /* UTC: a date alone must never meet a clock change. */
  dt = salve_parse_date_time (text ? text : "", utc, &has_time, error);
  if (dt == NULL)
    return FALSE;
  if (has_time)
    return invalid (error, _("“%s” is not a date like 2026-10-04."), text);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt),
                  g_date_time_get_year (dt));
  return TRUE;
}
