/* salve-diary-stats.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-diary-stats"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "salve-diary-stats.h"
#include "salve-body-region.h"
#include "salve-time.h"

/* Ratings are whole numbers and means are shown with one decimal: this
 * keeps 2.0 − 1e-15 from missing the 2-point threshold. */
#define EPSILON 1e-9

const char *
salve_immpact_category_to_id (SalveImmpactCategory category)
{
  switch (category)
    {
    case SALVE_IMMPACT_WORSE:
      return "worse";
    case SALVE_IMMPACT_NONE:
      return "none";
    case SALVE_IMMPACT_MINIMAL:
      return "minimal";
    case SALVE_IMMPACT_MODERATE:
      return "moderate";
    case SALVE_IMMPACT_SUBSTANTIAL:
      return "substantial";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
salve_immpact_category_get_name (SalveImmpactCategory category)
{
  switch (category)
    {
    case SALVE_IMMPACT_WORSE:
      return _("worse");
    case SALVE_IMMPACT_NONE:
      return _("no important change");
    case SALVE_IMMPACT_MINIMAL:
      return _("minimal improvement");
    case SALVE_IMMPACT_MODERATE:
      return _("moderate improvement");
    case SALVE_IMMPACT_SUBSTANTIAL:
      return _("substantial improvement");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
salve_baseline_source_to_id (SalveBaselineSource source)
{
  switch (source)
    {
    case SALVE_BASELINE_FIRST_ENTRY:
      return "first-entry";
    case SALVE_BASELINE_CHOSEN_WEEK:
      return "chosen-week";
    case SALVE_BASELINE_PLAN_START:
      return "plan-start";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gint64
midnight_unix (GTimeZone   *tz,
               const GDate *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz,
                                             g_date_get_year (date),
                                             g_date_get_month (date),
                                             g_date_get_day (date),
                                             0, 0, 0);

  return dt ? g_date_time_to_unix (dt) : 0;
}

/* The local calendar day that holds @unix_time, and its bounds. Days are
 * measured between local midnights, never as 86 400 s, so the 23- and
 * 25-hour days of a DST change stay one day each. */
static gboolean
local_day (GTimeZone *tz,
           gint64     unix_time,
           GDate     *date,
           gint64    *start,
           gint64    *end)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;
  GDate next;
  int y, m, d;

  if (utc == NULL)
    return FALSE;

  local = g_date_time_to_timezone (utc, tz);
  g_date_time_get_ymd (local, &y, &m, &d);
  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
  next = *date;
  g_date_add_days (&next, 1);
  *start = midnight_unix (tz, date);
  *end = midnight_unix (tz, &next);

  return TRUE;
}

static void
compute_days (SalveDiaryStats       *stats,
              const SalveDiaryPoint *points,
              gsize                  n_points,
              GTimeZone             *tz)
{
  SalveDiaryDay *day = NULL;
  double sum = 0;

  for (gsize i = 0; i < n_points; i++)
    {
      const SalveDiaryPoint *p = &points[i];

      /* Points come sorted, so the day only changes forward and the
       * calendar work happens once per day, not once per point. */
      if (day == NULL || p->at_unix >= day->end_unix || p->at_unix < day->start_unix)
        {
          SalveDiaryDay next = { 0 };

          if (!local_day (tz, p->at_unix, &next.date, &next.start_unix, &next.end_unix))
            continue;

          if (day != NULL)
            day->mean = sum / day->n_entries;
          next.min = p->pain;
          next.max = p->pain;
          g_array_append_val (stats->days, next);
          day = &g_array_index (stats->days, SalveDiaryDay, stats->days->len - 1);
          sum = 0;
        }

      day->n_entries++;
      day->min = MIN (day->min, p->pain);
      day->max = MAX (day->max, p->pain);
      sum += p->pain;
      stats->n_entries++;
    }

  if (day != NULL)
    day->mean = sum / day->n_entries;
}

static void
compute_rolling (SalveDiaryStats *stats)
{
  SalveDiaryDay *days = (SalveDiaryDay *) (gpointer) stats->days->data;
  guint first = 0;
  double sum = 0;

  /* A sliding window of 7 calendar days; a day without entries simply
   * does not count, so gaps do not drag the mean towards zero. */
  for (guint i = 0; i < stats->days->len; i++)
    {
      guint32 today = g_date_get_julian (&days[i].date);

      sum += days[i].mean;
      while (g_date_get_julian (&days[first].date) + 6 < today)
        sum -= days[first++].mean;
      days[i].rolling7 = sum / (i - first + 1);
    }
}

void
salve_diary_iso_week (const GDate *date,
                      GDate       *monday,
                      int         *iso_year,
                      int         *iso_week)
{
  GDate first = *date;
  GDate thursday;

  g_date_subtract_days (&first, g_date_get_weekday (date) - G_DATE_MONDAY);
  thursday = first;
  g_date_add_days (&thursday, 3);
  if (monday != NULL)
    *monday = first;
  /* The ISO year of a week is the year its Thursday falls in. */
  if (iso_year != NULL)
    *iso_year = g_date_get_year (&thursday);
  if (iso_week != NULL)
    *iso_week = (int) g_date_get_iso8601_week_of_year (date);
}

static void
compute_weeks (SalveDiaryStats *stats,
               GTimeZone       *tz)
{
  SalveDiaryWeek *week = NULL;
  double sum = 0;

  for (guint i = 0; i < stats->days->len; i++)
    {
      const SalveDiaryDay *day = &g_array_index (stats->days, SalveDiaryDay, i);
      GDate monday;
      int iso_year, iso_week;

      salve_diary_iso_week (&day->date, &monday, &iso_year, &iso_week);
      if (week == NULL || g_date_compare (&monday, &week->monday) != 0)
        {
          SalveDiaryWeek next = { 0 };
          GDate next_monday = monday;

          if (week != NULL)
            week->mean = sum / week->n_days;
          g_date_add_days (&next_monday, 7);
          next.monday = monday;
          next.iso_year = iso_year;
          next.iso_week = iso_week;
          next.start_unix = midnight_unix (tz, &monday);
          next.end_unix = midnight_unix (tz, &next_monday);
          g_array_append_val (stats->weeks, next);
          week = &g_array_index (stats->weeks, SalveDiaryWeek, stats->weeks->len - 1);
          sum = 0;
        }

      week->n_days++;
      sum += day->mean;
    }

  if (week != NULL)
    week->mean = sum / week->n_days;
}

/* The baseline, the current 7-day mean and so the change are kept as
 * they are shown, to one decimal, and the percentage is judged as it is
 * shown, to a whole number: "2.0 points (28 %) less" is never followed
 * by "not yet a clinically important change (2 points or 30 %)". */
static double
to_tenths (double value)
{
  return round (value * 10.0) / 10.0;
}

static void
compute_baseline (SalveDiaryStats *stats,
                  const GDate     *baseline_week)
{
  GDate last_allowed;
  double sum = 0;

  if (baseline_week != NULL)
    {
      last_allowed = *baseline_week;
      g_date_add_days (&last_allowed, 6);
    }

  for (guint i = 0; i < stats->days->len; i++)
    {
      const SalveDiaryDay *day = &g_array_index (stats->days, SalveDiaryDay, i);

      if (baseline_week != NULL)
        {
          if (g_date_compare (&day->date, baseline_week) < 0)
            continue;
          if (g_date_compare (&day->date, &last_allowed) > 0)
            break;
        }
      else if (stats->baseline_days == 7)
        break;

      if (stats->baseline_days == 0)
        stats->baseline_first = day->date;
      stats->baseline_last = day->date;
      stats->baseline_days++;
      sum += day->mean;
    }

  stats->has_baseline = stats->baseline_days > 0;
  if (stats->has_baseline)
    stats->baseline = to_tenths (sum / stats->baseline_days);
}

static void
compute_change (SalveDiaryStats *stats)
{
  double improvement, percent;

  if (stats->days->len == 0)
    return;

  stats->has_current = TRUE;
  stats->current = to_tenths (g_array_index (stats->days, SalveDiaryDay, stats->days->len - 1).rolling7);

  if (!stats->has_baseline)
    return;

  stats->change_points = stats->current - stats->baseline;
  improvement = -stats->change_points;

  if (stats->baseline > EPSILON)
    {
      stats->change_percent = stats->change_points / stats->baseline * 100.0;
      percent = -round (stats->change_percent);
    }
  else
    {
      /* From no pain, any pain is worse and no percentage exists. */
      stats->change_percent = NAN;
      percent = stats->current > EPSILON ? -100.0 : 0.0;
    }

  stats->mcid_reached = improvement >= 2.0 - EPSILON || percent >= 30.0 - EPSILON;

  if (percent >= 50.0 - EPSILON)
    stats->category = SALVE_IMMPACT_SUBSTANTIAL;
  else if (percent >= 30.0 - EPSILON)
    stats->category = SALVE_IMMPACT_MODERATE;
  else if (percent >= 10.0 - EPSILON)
    stats->category = SALVE_IMMPACT_MINIMAL;
  else if (percent > -10.0 + EPSILON)
    stats->category = SALVE_IMMPACT_NONE;
  else
    stats->category = SALVE_IMMPACT_WORSE;
}

typedef struct
{
  int    modality;
  double before_sum;
  double after_sum;
  guint  n_before;
  guint  n_after;
} SessionRatings;

static void
compute_sessions (SalveDiaryStats       *stats,
                  const SalveDiaryPoint *points,
                  gsize                  n_points)
{
  g_autoptr(GHashTable) by_session = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  GHashTableIter iter;
  SessionRatings *ratings;
  double delta_sum[SALVE_N_MODALITIES] = { 0 };

  for (gsize i = 0; i < n_points; i++)
    {
      const SalveDiaryPoint *p = &points[i];

      if (p->session_id <= 0 || p->phase == SALVE_DIARY_PHASE_NONE ||
          p->modality < 0 || p->modality >= SALVE_N_MODALITIES)
        continue;

      ratings = g_hash_table_lookup (by_session, &p->session_id);
      if (ratings == NULL)
        {
          ratings = g_new0 (SessionRatings, 1);
          ratings->modality = p->modality;
          g_hash_table_insert (by_session, (gpointer) &p->session_id, ratings);
        }

      if (p->phase == SALVE_DIARY_PHASE_BEFORE)
        {
          ratings->before_sum += p->pain;
          ratings->n_before++;
        }
      else
        {
          ratings->after_sum += p->pain;
          ratings->n_after++;
        }
    }

  g_hash_table_iter_init (&iter, by_session);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &ratings))
    {
      SalveDiarySessionDelta *delta = &stats->sessions[ratings->modality];
      double before, after;

      /* A session rated only before (or only after) says nothing about
       * what the session did. */
      if (ratings->n_before == 0 || ratings->n_after == 0)
        continue;

      before = ratings->before_sum / ratings->n_before;
      after = ratings->after_sum / ratings->n_after;
      delta->mean_before += before;
      delta->mean_after += after;
      delta_sum[ratings->modality] += after - before;
      delta->n_sessions++;
    }

  for (guint m = 0; m < SALVE_N_MODALITIES; m++)
    {
      SalveDiarySessionDelta *delta = &stats->sessions[m];

      if (delta->n_sessions == 0)
        continue;
      delta->mean_before /= delta->n_sessions;
      delta->mean_after /= delta->n_sessions;
      delta->mean_delta = delta_sum[m] / delta->n_sessions;
    }
}

static void
compute_course (SalveDiaryStats *stats,
                const GDate     *plan_start)
{
  const SalveDiaryDay *latest;
  gint64 days;

  if (plan_start != NULL)
    stats->course_start = *plan_start;
  else if (stats->days->len > 0)
    stats->course_start = g_array_index (stats->days, SalveDiaryDay, 0).date;
  else
    return;

  if (stats->days->len == 0)
    return;
  latest = &g_array_index (stats->days, SalveDiaryDay, stats->days->len - 1);
  days = (gint64) g_date_get_julian (&latest->date) - (gint64) g_date_get_julian (&stats->course_start);
  stats->course_week = days < 0 ? 0 : (int) (days / 7) + 1;
}

/* One day's part of the statistics before parts of the same day merge. */
typedef struct
{
  guint32 julian;
  guint   n;
  gint64  sum;
  gint8   min;
  gint8   max;
} DayPart;

static int
compare_day_part (gconstpointer a,
                  gconstpointer b)
{
  const DayPart *pa = a, *pb = b;

  return pa->julian < pb->julian ? -1 : pa->julian > pb->julian;
}

gboolean
salve_diary_day_count_fits (const SalveDiaryDayCount *count,
                            GTimeZone                *tz)
{
  g_autoptr(GTimeZone) local = NULL;
  GDate next;

  g_return_val_if_fail (count != NULL, FALSE);

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  if (!g_date_valid (&count->date) || count->first_unix > count->last_unix)
    return FALSE;
  /* Between @tz's midnights, as compute_days() takes a day: then the
   * 23- and 25-hour days of a DST change fit too. */
  next = count->date;
  g_date_add_days (&next, 1);

  return count->first_unix >= midnight_unix (tz, &count->date) && count->last_unix < midnight_unix (tz, &next);
}

static gboolean
compute_days_from_counts (SalveDiaryStats          *stats,
                          const SalveDiaryDayCount *counts,
                          gsize                     n_counts,
                          const SalveDiaryPoint    *points,
                          gsize                     n_points,
                          GTimeZone                *tz)
{
  g_autoptr(GArray) parts = g_array_sized_new (FALSE, TRUE, sizeof (DayPart), n_counts + n_points);
  SalveDiaryDay *day = NULL;
  double sum = 0;

  for (gsize i = 0; i < n_counts; i++)
    {
      const SalveDiaryDayCount *c = &counts[i];
      DayPart part = { 0 };

      if (!salve_diary_day_count_fits (c, tz))
        return FALSE;
      part.julian = g_date_get_julian (&c->date);
      part.min = -1;
      for (int pain = 0; pain <= 10; pain++)
        if (c->n_pain[pain] > 0)
          {
            part.n += c->n_pain[pain];
            part.sum += (gint64) pain * c->n_pain[pain];
            if (part.min < 0)
              part.min = (gint8) pain;
            part.max = (gint8) pain;
          }
      if (part.n > 0)
        g_array_append_val (parts, part);
    }

  for (gsize i = 0; i < n_points; i++)
    {
      DayPart part = { 0 };
      GDate date;
      gint64 start, end;

      if (!local_day (tz, points[i].at_unix, &date, &start, &end))
        continue;
      part.julian = g_date_get_julian (&date);
      part.n = 1;
      part.sum = points[i].pain;
      part.min = part.max = points[i].pain;
      g_array_append_val (parts, part);
    }

  g_array_sort (parts, compare_day_part);
  for (guint i = 0; i < parts->len; i++)
    {
      const DayPart *part = &g_array_index (parts, DayPart, i);

      if (day == NULL || g_date_get_julian (&day->date) != part->julian)
        {
          SalveDiaryDay next = { 0 };
          GDate following;

          if (day != NULL)
            day->mean = sum / day->n_entries;
          g_date_clear (&next.date, 1);
          g_date_set_julian (&next.date, part->julian);
          following = next.date;
          g_date_add_days (&following, 1);
          next.start_unix = midnight_unix (tz, &next.date);
          next.end_unix = midnight_unix (tz, &following);
          next.min = part->min;
          next.max = part->max;
          g_array_append_val (stats->days, next);
          day = &g_array_index (stats->days, SalveDiaryDay, stats->days->len - 1);
          sum = 0;
        }

      day->n_entries += part->n;
      day->min = MIN (day->min, part->min);
      day->max = MAX (day->max, part->max);
      sum += (double) part->sum;
      stats->n_entries += part->n;
    }

  if (day != NULL)
    day->mean = sum / day->n_entries;

  return TRUE;
}

static SalveDiaryStats *
compute_full (const SalveDiaryDayCount *counts,
              gsize                     n_counts,
              const SalveDiaryPoint    *points,
              gsize                     n_points,
              GTimeZone                *tz,
              const GDate              *baseline_week,
              const GDate              *plan_start)
{
  g_autoptr(GTimeZone) local = NULL;
  SalveDiaryStats *stats;

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();

  stats = g_new0 (SalveDiaryStats, 1);
  stats->days = g_array_new (FALSE, TRUE, sizeof (SalveDiaryDay));
  stats->weeks = g_array_new (FALSE, TRUE, sizeof (SalveDiaryWeek));
  stats->category = SALVE_IMMPACT_NONE;
  g_date_clear (&stats->baseline_first, 1);
  g_date_clear (&stats->baseline_last, 1);
  g_date_clear (&stats->course_start, 1);

  if (plan_start != NULL)
    {
      stats->baseline_source = SALVE_BASELINE_PLAN_START;
      baseline_week = plan_start;
    }
  else if (baseline_week != NULL)
    stats->baseline_source = SALVE_BASELINE_CHOSEN_WEEK;
  else
    stats->baseline_source = SALVE_BASELINE_FIRST_ENTRY;

  if (counts == NULL)
    compute_days (stats, points, n_points, tz);
  else if (!compute_days_from_counts (stats, counts, n_counts, points, n_points, tz))
    {
      salve_diary_stats_free (stats);
      return NULL;
    }
  compute_rolling (stats);
  compute_weeks (stats, tz);
  compute_baseline (stats, baseline_week);
  compute_change (stats);
  compute_sessions (stats, points, n_points);
  compute_course (stats, plan_start);

  return stats;
}

static SalveDiaryStats *
compute (const SalveDiaryPoint *points,
         gsize                  n_points,
         GTimeZone             *tz,
         const GDate           *baseline_week,
         const GDate           *plan_start)
{
  return compute_full (NULL, 0, points, n_points, tz, baseline_week, plan_start);
}

SalveDiaryStats *
salve_diary_stats_compute_from_counts (const SalveDiaryDayCount *counts,
                                       gsize                     n_counts,
                                       const SalveDiaryPoint    *session_points,
                                       gsize                     n_session_points,
                                       GTimeZone                *tz,
                                       const GDate              *baseline_week,
                                       const GDate              *plan_start)
{
  static const SalveDiaryDayCount none = { 0 };

  g_return_val_if_fail (counts != NULL || n_counts == 0, NULL);
  g_return_val_if_fail (session_points != NULL || n_session_points == 0, NULL);
  g_return_val_if_fail (baseline_week == NULL || g_date_valid (baseline_week), NULL);
  g_return_val_if_fail (plan_start == NULL || g_date_valid (plan_start), NULL);

  return compute_full (counts != NULL ? counts : &none, n_counts, session_points, n_session_points, tz,
                       plan_start != NULL ? NULL : baseline_week, plan_start);
}

SalveDiaryStats *
salve_diary_stats_compute (const SalveDiaryPoint *points,
                           gsize                  n_points,
                           GTimeZone             *tz,
                           const GDate           *baseline_week)
{
  g_return_val_if_fail (points != NULL || n_points == 0, NULL);
  g_return_val_if_fail (baseline_week == NULL || g_date_valid (baseline_week), NULL);

  return compute (points, n_points, tz, baseline_week, NULL);
}

SalveDiaryStats *
salve_diary_stats_compute_for_plan (const SalveDiaryPoint *points,
                                    gsize                  n_points,
                                    GTimeZone             *tz,
                                    const GDate           *plan_start)
{
  g_return_val_if_fail (points != NULL || n_points == 0, NULL);
  g_return_val_if_fail (plan_start != NULL && g_date_valid (plan_start), NULL);

  return compute (points, n_points, tz, NULL, plan_start);
}

void
salve_diary_stats_set_course_start (SalveDiaryStats *stats,
                                    const GDate     *start)
{
  g_return_if_fail (stats != NULL && start != NULL && g_date_valid (start));

  stats->course_week = 0;
  compute_course (stats, start);
}

void
salve_diary_stats_take_baseline (SalveDiaryStats       *period,
                                 const SalveDiaryStats *whole)
{
  g_return_if_fail (period != NULL && whole != NULL);

  period->baseline_source = whole->baseline_source;
  period->course_start = whole->course_start;
  period->course_week = whole->course_week;
  period->has_baseline = whole->has_baseline;
  period->baseline = whole->baseline;
  period->baseline_first = whole->baseline_first;
  period->baseline_last = whole->baseline_last;
  period->baseline_days = whole->baseline_days;

  period->has_current = period->days->len > 0 && whole->has_current;
  period->current = period->has_current ? whole->current : 0;
  period->change_points = period->has_current ? whole->change_points : 0;
  period->change_percent = period->has_current ? whole->change_percent : 0;
  period->mcid_reached = period->has_current && whole->mcid_reached;
  period->category = period->has_current ? whole->category : SALVE_IMMPACT_NONE;
}

void
salve_diary_stats_free (SalveDiaryStats *stats)
{
  if (stats == NULL)
    return;

  g_array_unref (stats->days);
  g_array_unref (stats->weeks);
  g_free (stats);
}

gssize
salve_diary_stats_find_day (const SalveDiaryStats *stats,
                            gint64                 unix_time)
{
  gssize lo = 0, hi;

  g_return_val_if_fail (stats != NULL, -1);

  hi = (gssize) stats->days->len - 1;
  if (hi < 0 || unix_time < g_array_index (stats->days, SalveDiaryDay, 0).start_unix)
    return -1;

  while (lo < hi)
    {
      gssize mid = lo + (hi - lo + 1) / 2;

      if (g_array_index (stats->days, SalveDiaryDay, mid).start_unix <= unix_time)
        lo = mid;
      else
        hi = mid - 1;
    }

  return lo;
}

double
salve_diary_stats_get_improvement_percent (const SalveDiaryStats *stats)
{
  g_return_val_if_fail (stats != NULL, 0);

  if (!stats->has_baseline || isnan (stats->change_percent))
    return 0;
  return -stats->change_percent;
}

/* The latest day with entries is one of the baseline's own: "now" would
 * be measured against itself (a diary whose seven days with entries all
 * went into the baseline called its last rating "a real improvement"). */
static gboolean
latest_in_baseline (const SalveDiaryStats *stats)
{
  const GDate *latest;

  if (stats->days->len == 0 || !g_date_valid (&stats->baseline_last))
    return FALSE;
  latest = &g_array_index (stats->days, SalveDiaryDay, stats->days->len - 1).date;
  return g_date_compare (latest, &stats->baseline_last) <= 0;
}

/* At most 7 days with entries, the baseline not yet whole: its 7-day
 * mean is the baseline's own days. */
static gboolean
still_making_baseline (const SalveDiaryStats *stats)
{
  return (stats->baseline_days < 7 && stats->days->len <= 7) || latest_in_baseline (stats);
}

/* The average while the baseline is being made: the baseline's days so
 * far, which become where the person started. The 7-day mean of the
 * latest day took in days before a care plan's start (a 5.6 "so far"
 * beside a baseline of 7.0). Without a baseline yet, the 7-day mean. */
static double
so_far (const SalveDiaryStats *stats)
{
  return stats->has_baseline ? stats->baseline : stats->current;
}

gboolean
salve_diary_stats_has_change (const SalveDiaryStats *stats)
{
  g_return_val_if_fail (stats != NULL, FALSE);

  return stats->has_baseline && stats->has_current && !still_making_baseline (stats);
}

gboolean
salve_diary_stats_is_stale_on (const SalveDiaryStats *stats,
                               const GDate           *day)
{
  GDate first;

  g_return_val_if_fail (stats != NULL && day != NULL, FALSE);

  if (stats->days->len == 0)
    return FALSE;
  first = *day;
  g_date_subtract_days (&first, SALVE_DIARY_STALE_DAYS - 1);
  return g_date_compare (&g_array_index (stats->days, SalveDiaryDay, stats->days->len - 1).date, &first) < 0;
}

char *
salve_diary_stats_describe_so_far (const SalveDiaryStats *stats)
{
  g_return_val_if_fail (stats != NULL, NULL);

  return g_strdup_printf (stats->baseline_days >= 7
                          ? _("Every day with entries so far went into the baseline; the average is %.1f out of 10, "
                              "and the change shows from the next day.")
                          : _("The baseline needs 7 days with entries; the average so far is %.1f out of 10."),
                          so_far (stats));
}

char *
salve_diary_stats_describe (const SalveDiaryStats *stats)
{
  GString *text;
  double improvement;

  g_return_val_if_fail (stats != NULL, NULL);

  if (stats->days->len == 0)
    return g_strdup (_("The diary has no entries yet."));

  text = g_string_new (NULL);
  /* Translators: the first half of "12 entries on 7 days." */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", stats->n_entries),
                          stats->n_entries);
  g_string_append_c (text, ' ');
  /* Translators: the second half of "12 entries on 7 days." */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "on %u day.", "on %u days.", stats->days->len),
                          stats->days->len);

  if (still_making_baseline (stats))
    {
      g_autofree char *so_far = salve_diary_stats_describe_so_far (stats);

      g_string_append_c (text, ' ');
      g_string_append (text, so_far);
      return g_string_free (text, FALSE);
    }

  /* The plan's or the chosen 7 days have no entries: there is nothing
   * to compare with, which is not "the same as at the baseline". */
  if (!stats->has_baseline)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              stats->baseline_source == SALVE_BASELINE_CHOSEN_WEEK
                              ? _("There is no baseline: the chosen 7 days have no entries. Pain over the last 7 days is %.1f out of 10.")
                              : _("There is no baseline: the care plan’s first 7 days have no entries. Pain over the last 7 days is %.1f out of 10."),
                              stats->current);
      return g_string_free (text, FALSE);
    }

  improvement = -stats->change_points;
  g_string_append_c (text, ' ');
  if (improvement > EPSILON)
    g_string_append_printf (text,
                            _("Pain went down from %.1f at the baseline to %.1f over the last 7 days: %.1f points (%.0f %%) less."),
                            stats->baseline, stats->current, improvement,
                            salve_diary_stats_get_improvement_percent (stats));
  else if (improvement < -EPSILON)
    g_string_append_printf (text,
                            _("Pain went up from %.1f at the baseline to %.1f over the last 7 days: %.1f points more."),
                            stats->baseline, stats->current, -improvement);
  else
    g_string_append_printf (text,
                            _("Pain is %.1f over the last 7 days, the same as at the baseline."),
                            stats->current);

  g_string_append_c (text, ' ');
  if (stats->mcid_reached)
    g_string_append_printf (text, _("That is a clinically important change (%s)."),
                            salve_immpact_category_get_name (stats->category));
  else if (improvement < -EPSILON)
    /* xgettext:no-c-format */
    g_string_append (text, _("A clinically important improvement takes 2 points or 30 % less pain."));
  else
    g_string_append (text, _("That is not yet a clinically important change (2 points or 30 %)."));

  return g_string_free (text, FALSE);
}

char *
salve_diary_stats_headline (const SalveDiaryStats *stats,
                            gint64                 now_unix)
{
  const SalveDiaryDay *last;
  GString *text;
  gboolean stale;
  double improvement;

  g_return_val_if_fail (stats != NULL, NULL);

  if (stats->days->len == 0)
    return g_strdup (_("No entries yet."));

  text = g_string_new (NULL);
  last = &g_array_index (stats->days, SalveDiaryDay, stats->days->len - 1);
  stale = now_unix - last->end_unix >= (gint64) (SALVE_DIARY_STALE_DAYS - 1) * 86400;
  if (stale)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (last->start_unix + 12 * 3600);
      g_autofree char *day = dt != NULL ? salve_time_format_day (dt) : g_strdup ("?");

      /* Translators: %s is a day, "22 Nov" */
      g_string_append_printf (text, _("No entries since %s."), day);
      g_string_append_c (text, ' ');
    }

  if (still_making_baseline (stats))
    {
      g_string_append_printf (text,
                              stats->baseline_days >= 7
                              ? _("So far %.1f on average. From your next day with entries the diary shows how it "
                                  "compares with where you started.")
                              : _("So far %.1f on average. After 7 days with entries the diary shows where you started."),
                              so_far (stats));
      return g_string_free (text, FALSE);
    }

  improvement = -stats->change_points;
  if (improvement > EPSILON && stats->mcid_reached)
    g_string_append_printf (text, stale ? _("The 7 days up to your last entry %.1f on average, down from %.1f when you started: a real improvement.")
                                        : _("The past 7 days %.1f on average, down from %.1f when you started: a real improvement."),
                            stats->current, stats->baseline);
  else if (improvement > EPSILON)
    g_string_append_printf (text, stale ? _("The 7 days up to your last entry %.1f on average, down from %.1f when you started: not yet a real improvement.")
                                        : _("The past 7 days %.1f on average, down from %.1f when you started: not yet a real improvement."),
                            stats->current, stats->baseline);
  else if (improvement < -EPSILON)
    g_string_append_printf (text, stale ? _("The 7 days up to your last entry %.1f on average, up from %.1f when you started.")
                                        : _("The past 7 days %.1f on average, up from %.1f when you started."),
                            stats->current, stats->baseline);
  else
    g_string_append_printf (text, stale ? _("The 7 days up to your last entry %.1f on average, the same as when you started.")
                                        : _("The past 7 days %.1f on average, the same as when you started."),
                            stats->current);

  /* Without a plan "when you started" is the first 7 days with entries:
   * a stray old entry months before the others makes it a mean of days
   * far apart, and moves the recovery's weeks with it. Not unnoticed. */
  if (stats->has_baseline && stats->baseline_source == SALVE_BASELINE_FIRST_ENTRY &&
      g_date_valid (&stats->baseline_first) && g_date_valid (&stats->baseline_last) &&
      g_date_days_between (&stats->baseline_first, &stats->baseline_last) >= 2 * 7)
    {
      g_autofree char *first = salve_time_format_gdate (&stats->baseline_first);
      g_autofree char *last_day = salve_time_format_gdate (&stats->baseline_last);

      g_string_append_c (text, ' ');
      /* Translators: the two days are "Sun 14 Jun 2026" and "Sat 31 Oct 2026" */
      g_string_append_printf (text, _("“When you started” is the diary’s first 7 days with entries, %s to %s: "
                                      "a care plan sets it from the plan’s start instead."),
                              first, last_day);
    }

  return g_string_free (text, FALSE);
}

GArray *
salve_diary_points_filter_region (const SalveDiaryPoint *points,
                                  gsize                  n_points,
                                  int                    region_code)
{
  GArray *out;

  g_return_val_if_fail (points != NULL || n_points == 0, NULL);

  out = g_array_new (FALSE, FALSE, sizeof (SalveDiaryPoint));
  for (gsize i = 0; i < n_points; i++)
    if (points[i].region == region_code)
      g_array_append_val (out, points[i]);

  return out;
}

/* Known regions first in body order, free text next, none last. */
static int
region_rank (int code)
{
  if (code == SALVE_REGION_CODE_OTHER)
    return G_MAXINT8 + 1;
  if (code == SALVE_REGION_CODE_NONE)
    return G_MAXINT8 + 2;
  return code;
}

static int
compare_region (gconstpointer a,
                gconstpointer b)
{
  return region_rank (*(const int *) a) - region_rank (*(const int *) b);
}

GHashTable *
salve_diary_points_session_ratings (const SalveDiaryPoint *points,
                                    gsize                  n_points)
{
  GHashTable *ratings = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  g_return_val_if_fail (points != NULL || n_points == 0, ratings);

  for (gsize i = 0; i < n_points; i++)
    {
      const SalveDiaryPoint *point = &points[i];
      SalveSessionRatings *session;

      if (point->session_id <= 0 || point->phase == SALVE_DIARY_PHASE_NONE)
        continue;
      if ((session = g_hash_table_lookup (ratings, &point->session_id)) == NULL)
        {
          session = g_new (SalveSessionRatings, 1);
          session->before = session->after = SALVE_PAIN_UNSET;
          g_hash_table_insert (ratings, g_memdup2 (&point->session_id, sizeof (gint64)), session);
        }
      if (point->phase == SALVE_DIARY_PHASE_BEFORE)
        session->before = point->pain;
      else
        session->after = point->pain;
    }

  return ratings;
}

void
salve_session_ratings_lookup (GHashTable   *linked,
                              SalveSession *session,
                              int          *before,
                              int          *after)
{
  gint64 id = salve_session_get_id (session);
  const SalveSessionRatings *ratings = linked != NULL ? g_hash_table_lookup (linked, &id) : NULL;

  *before = salve_session_get_pain_before (session);
  *after = salve_session_get_pain_after (session);
  if (*before == SALVE_PAIN_UNSET && ratings != NULL)
    *before = ratings->before;
  if (*after == SALVE_PAIN_UNSET && ratings != NULL)
    *after = ratings->after;
}

GArray *
salve_diary_points_list_regions (const SalveDiaryPoint *points,
                                 gsize                  n_points)
{
  gboolean seen[G_MAXINT8 + 2] = { FALSE };
  GArray *out;

  g_return_val_if_fail (points != NULL || n_points == 0, NULL);

  out = g_array_new (FALSE, FALSE, sizeof (int));
  for (gsize i = 0; i < n_points; i++)
    {
      int code = points[i].region;
      /* OTHER is −1: keep it in the last slot. */
      guint slot = code < 0 ? G_MAXINT8 + 1 : (guint) code;

      if (seen[slot])
        continue;
      seen[slot] = TRUE;
      g_array_append_val (out, code);
    }
  g_array_sort (out, compare_region);

  return out;
}

static void
region_stats_free (gpointer data)
{
  SalveDiaryRegionStats *rs = data;

  salve_diary_stats_free (rs->stats);
  g_free (rs);
}

GPtrArray *
salve_diary_stats_compute_by_region (const SalveDiaryPoint *points,
                                     gsize                  n_points,
                                     GTimeZone             *tz,
                                     const GDate           *plan_start)
{
  g_autoptr(GArray) codes = NULL;
  GPtrArray *out;

  g_return_val_if_fail (points != NULL || n_points == 0, NULL);
  g_return_val_if_fail (plan_start == NULL || g_date_valid (plan_start), NULL);

  codes = salve_diary_points_list_regions (points, n_points);
  out = g_ptr_array_new_with_free_func (region_stats_free);
  for (guint i = 0; i < codes->len; i++)
    {
      int code = g_array_index (codes, int, i);
      g_autoptr(GArray) subset = salve_diary_points_filter_region (points, n_points, code);
      SalveDiaryRegionStats *rs = g_new0 (SalveDiaryRegionStats, 1);

      rs->region_code = code;
      rs->stats = compute ((const SalveDiaryPoint *) (gpointer) subset->data, subset->len, tz, NULL, plan_start);
      g_ptr_array_add (out, rs);
    }

  return out;
}
