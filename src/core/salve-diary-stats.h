/* salve-diary-stats.h: what the pain diary says over the weeks
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "salve-diary-entry.h"
#include "salve-session.h"
#include "salve-ids.h"

G_BEGIN_DECLS

/* IMMPACT 2008 (Dworkin et al.): how much the pain went down, in percent
 * of the baseline. */
typedef enum
{
  SALVE_IMMPACT_WORSE,        /* pain went up by 10 % or more */
  SALVE_IMMPACT_NONE,         /* within ±10 % */
  SALVE_IMMPACT_MINIMAL,      /* 10–30 % less (IMMPACT: 10–20 % minimal) */
  SALVE_IMMPACT_MODERATE,     /* ≥ 30 % less */
  SALVE_IMMPACT_SUBSTANTIAL,  /* ≥ 50 % less */
} SalveImmpactCategory;

const char *salve_immpact_category_to_id    (SalveImmpactCategory category);
/* Translated, for people. */
const char *salve_immpact_category_get_name (SalveImmpactCategory category);

/* One local calendar day with at least one entry. */
typedef struct
{
  GDate  date;
  gint64 start_unix;    /* local midnight; days are 23, 24 or 25 h long */
  gint64 end_unix;      /* the next local midnight */
  double mean;          /* mean pain of the day's entries */
  double rolling7;      /* mean of the daily means of this day and the 6
                           calendar days before it that have entries */
  guint  n_entries;
  gint8  min;
  gint8  max;
} SalveDiaryDay;

/* One ISO 8601 week (Monday to Sunday) with at least one entry. ISO
 * weeks rather than weeks from the first entry: they are the weeks on
 * a Dutch calendar and do not shift when an older entry is added. */
typedef struct
{
  GDate  monday;
  gint64 start_unix;
  gint64 end_unix;
  int    iso_year;
  int    iso_week;
  double mean;          /* mean of the week's daily means */
  guint  n_days;
} SalveDiaryWeek;

/* The ISO 8601 week @date falls in: its Monday, its year (the year its
 * Thursday falls in) and its number; any of them may be NULL. */
void salve_diary_iso_week (const GDate *date,
                           GDate       *monday,
                           int         *iso_year,
                           int         *iso_week);

/* Pain right before and right after sessions of one modality. */
typedef struct
{
  guint  n_sessions;    /* sessions with both a before and an after rating */
  double mean_before;
  double mean_after;
  double mean_delta;    /* after − before: negative means it helped */
} SalveDiarySessionDelta;

/* Where the baseline and the course's weeks start. */
typedef enum
{
  SALVE_BASELINE_FIRST_ENTRY,  /* no plan: the first 7 days with entries */
  SALVE_BASELINE_CHOSEN_WEEK,  /* a 7-day period the person chose */
  SALVE_BASELINE_PLAN_START,   /* the 7 days from the care plan's start */
} SalveBaselineSource;

/* "first-entry", "chosen-week", "plan-start". */
const char *salve_baseline_source_to_id (SalveBaselineSource source);

typedef struct
{
  GArray   *days;          /* SalveDiaryDay, oldest first */
  GArray   *weeks;         /* SalveDiaryWeek, oldest first */
  guint     n_entries;

  SalveBaselineSource baseline_source;
  /* Day 1 of week 1 and of the recovery phases: the plan's start, or
   * without a plan the first day with entries (invalid: no entries). */
  GDate     course_start;
  /* Weeks since the start at the latest day: 1 on the start and the six
   * days after it; 0 when there is no latest day or it lies before. */
  int       course_week;

  gboolean  has_baseline;
  double    baseline;      /* mean of the baseline days' daily means */
  GDate     baseline_first;/* first and last day that went into it */
  GDate     baseline_last;
  guint     baseline_days;

  gboolean  has_current;
  double    current;       /* the 7-day mean at the latest day */
  /* current − baseline: negative means less pain. */
  double    change_points;
  /* (current − baseline) / baseline × 100; NAN when the baseline is 0. */
  double    change_percent;
  /* Farrar 2001: at least 2 points or 30 % less pain than the baseline. */
  gboolean  mcid_reached;
  SalveImmpactCategory category;

  SalveDiarySessionDelta sessions[SALVE_N_MODALITIES];
} SalveDiaryStats;

/* @points sorted by at_unix (as the repository returns them). Calendar
 * days are taken in @tz (NULL: local time), so a DST change never splits
 * or merges a day. @baseline_week: NULL for the first 7 days that have
 * entries, or the first day of a chosen 7-day baseline period. */
SalveDiaryStats *salve_diary_stats_compute (const SalveDiaryPoint *points,
                                            gsize                  n_points,
                                            GTimeZone             *tz,
                                            const GDate           *baseline_week);
/* The same, anchored to a care plan that starts on @plan_start: the
 * baseline is the 7 days from the start, and weeks and phases count from
 * it. Entries before the start stay in days and weeks but not in the
 * baseline. */
SalveDiaryStats *salve_diary_stats_compute_for_plan (const SalveDiaryPoint *points,
                                                     gsize                  n_points,
                                                     GTimeZone             *tz,
                                                     const GDate           *plan_start);
void             salve_diary_stats_free    (SalveDiaryStats       *stats);
/* Gives @period (the statistics of a period's points) the baseline,
 * course, current 7-day mean and change of @whole (the statistics of the
 * diary up to the period's end): the baseline stays the diary's first
 * week, the chosen one or the plan's when the period starts later, and
 * the 7-day mean counts the days before the period too. A period without
 * entries has no current mean and so no change. Its days, weeks, entries
 * and session figures stay its own. */
/* Counts the course's weeks from @start (a care plan's), whatever the
 * baseline is: a chosen week moves the baseline, not the plan. */
void             salve_diary_stats_set_course_start (SalveDiaryStats *stats,
                                                     const GDate     *start);
void             salve_diary_stats_take_baseline (SalveDiaryStats       *period,
                                                  const SalveDiaryStats *whole);

/* The entries of one day in one body region, counted per pain rating:
 * what storage keeps for every day so that the statistics need not read
 * every entry (see docs/diary.md). @date is the day of the entries' own
 * written time; every entry lies between @first_unix and @last_unix. */
typedef struct
{
  GDate   date;
  gint64  first_unix;
  gint64  last_unix;
  guint32 n_pain[11];   /* entries rated 0, 1, … 10 */
  int     region;       /* salve_body_region_to_code() */
} SalveDiaryDayCount;

/* Whether all of @count's entries fall on its date in @tz (NULL: local
 * time): its first and last instant lie between that date's midnight
 * and the next in @tz. */
gboolean         salve_diary_day_count_fits (const SalveDiaryDayCount *count,
                                             GTimeZone                *tz);
/* The same statistics as salve_diary_stats_compute() (@plan_start NULL)
 * or salve_diary_stats_compute_for_plan() would give over all the
 * points, from the day counts of the entries without a session and the
 * points of the entries with one (sorted by at_unix). NULL when a count
 * does not fit @tz (salve_diary_day_count_fits()): then only the points
 * can tell. */
SalveDiaryStats *salve_diary_stats_compute_from_counts (const SalveDiaryDayCount *counts,
                                                        gsize                     n_counts,
                                                        const SalveDiaryPoint    *session_points,
                                                        gsize                     n_session_points,
                                                        GTimeZone                *tz,
                                                        const GDate              *baseline_week,
                                                        const GDate              *plan_start);

/* The index into stats->days of the day that holds @unix, or of the
 * latest earlier day; -1 when @unix is before the first day. */
gssize           salve_diary_stats_find_day (const SalveDiaryStats *stats,
                                             gint64                 unix_time);

/* Improvement in percent of the baseline (positive: less pain). */
double           salve_diary_stats_get_improvement_percent (const SalveDiaryStats *stats);

/* A sentence or two that describe the trend in words, for screen readers
 * and the command line. Translated. */
char            *salve_diary_stats_describe (const SalveDiaryStats *stats);
/* The sentence describe() ends with while there is no change to show
 * yet (salve_diary_stats_has_change()): the average so far, and why. For
 * a document that says the rest its own way. Translated. */
char            *salve_diary_stats_describe_so_far (const SalveDiaryStats *stats);
/* Whether a change against the baseline is there to show: a baseline and
 * a 7-day mean, and not a diary of at most 7 days with entries whose
 * baseline is still being made (its 7-day mean is the same days: "+0 %"
 * said nothing). The one rule of describe(), headline(), salvectl's
 * stats and the Patients list. */
gboolean         salve_diary_stats_has_change (const SalveDiaryStats *stats);

/* After this many days without an entry, the latest week is no longer
 * "this week". */
#define SALVE_DIARY_STALE_DAYS 7

/* TRUE when the diary's latest day with entries is SALVE_DIARY_STALE_DAYS
 * or more days before @day: its 7-day mean is no longer the pain of
 * @day's week. FALSE for a diary without entries. */
gboolean         salve_diary_stats_is_stale_on (const SalveDiaryStats *stats,
                                                const GDate           *day);

/* The trend in plain words for the top of the diary: "The past 7 days
 * 3.4 on average, down from 7.0 when you started: a real improvement." "A real
 * improvement" is the clinically important change (mcid_reached). When
 * the newest entry is SALVE_DIARY_STALE_DAYS or more days before @now
 * (Unix time), the sentence starts with "No entries since 22 Nov." and
 * speaks of the last week with entries instead. Translated. */
char            *salve_diary_stats_headline (const SalveDiaryStats *stats,
                                             gint64                 now_unix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveDiaryStats, salve_diary_stats_free)

/* Pain per body region: the points' region codes are
 * salve_body_region_to_code() values. */

/* The points of @points whose region code is @region_code, in order
 * (element type SalveDiaryPoint). */
GArray          *salve_diary_points_filter_region (const SalveDiaryPoint *points,
                                                   gsize                  n_points,
                                                   int                    region_code);
/* The region codes that occur, each once: known regions in body order,
 * then SALVE_REGION_CODE_OTHER, then SALVE_REGION_CODE_NONE (element
 * type int). */
GArray          *salve_diary_points_list_regions  (const SalveDiaryPoint *points,
                                                   gsize                  n_points);

/* One session's pain before and after as the entries linked to it give
 * them: the latest of each phase, SALVE_PAIN_UNSET where there is none. */
typedef struct
{
  int before;
  int after;
} SalveSessionRatings;

/* The ratings of each session that has a point in @points with a phase:
 * a table from the session id (gint64 *) to SalveSessionRatings *. What
 * the Sessions list and the report show for a session that holds no
 * ratings itself (an imported one keeps them as linked entries). */
GHashTable      *salve_diary_points_session_ratings (const SalveDiaryPoint *points,
                                                     gsize                  n_points);
/* @session's own pain before and after; each it holds none of, as its
 * entry in @linked (from salve_diary_points_session_ratings(), may be
 * NULL) gives it, or SALVE_PAIN_UNSET. */
void             salve_session_ratings_lookup       (GHashTable            *linked,
                                                     SalveSession          *session,
                                                     int                   *before,
                                                     int                   *after);

typedef struct
{
  int              region_code;
  SalveDiaryStats *stats;
} SalveDiaryRegionStats;

/* The statistics of each region alone, in the order of
 * salve_diary_points_list_regions(); @plan_start NULL without a plan
 * (each region's baseline is then its own first 7 days with entries).
 * Element type SalveDiaryRegionStats, freed with the array. */
GPtrArray       *salve_diary_stats_compute_by_region (const SalveDiaryPoint *points,
                                                      gsize                  n_points,
                                                      GTimeZone             *tz,
                                                      const GDate           *plan_start);

G_END_DECLS
