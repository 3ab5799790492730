/* salve-diary-loader.h: what the diary view shows, read off the GTK thread
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The diary view says what it wants in a SalveDiaryQuery; a worker thread
 * with its own connection reads it and computes the statistics, and the
 * result comes back on the caller's main context. A million entries then
 * never hold up a frame.
 */

#pragma once

#include <gio/gio.h>

#include "salve-care-plan.h"
#include "salve-care-plan-summary.h"
#include "salve-chart.h"
#include "salve-diary-stats.h"
#include "salve-medication.h"

G_BEGIN_DECLS

/* What to read. Filters of the diary (a body region, say) belong here,
 * so that every load honours them. */
typedef struct
{
  gint64 profile_id;
  gint64 from_unix;   /* points and session marks with from <= at < to */
  gint64 to_unix;
  int    region;      /* a salve_body_region_to_code() value, or SALVE_DIARY_QUERY_ALL_REGIONS */
  /* > 0 on a whole-diary query: only the points of this many seconds
   * before the end of the latest day with entries (what the chart shows
   * first); the statistics and regions still cover the whole diary, from
   * its daily aggregates. The data then says it is partial. */
  gint64 recent_seconds;
  /* > 0 on a whole-diary query: only the point of this entry (none when
   * it was deleted), after an add, an edit or a delete; the statistics
   * and regions still cover the whole diary, from its daily aggregates.
   * The data then says it is a change; when the aggregates cannot tell,
   * every point is read as without it. */
  gint64 changed_id;
  /* points_from_unix < points_to_unix on a whole-diary query: only the
   * points with points_from_unix <= at < points_to_unix (what the chart
   * shows after a change of range, and a margin); the statistics and
   * regions still cover the whole diary, from its daily aggregates. The
   * data then says which points it holds. */
  gint64 points_from_unix;
  gint64 points_to_unix;
  /* list_limit > 0: also the newest list_limit entries with
   * list_from_unix <= at < list_to_unix (the list of the period shown),
   * those of the query's region only. */
  gint64 list_from_unix;
  gint64 list_to_unix;
  guint  list_limit;
} SalveDiaryQuery;

#define SALVE_DIARY_QUERY_ALL_REGIONS G_MININT

/* Sets the whole diary of @profile_id, every region. */
void salve_diary_query_init (SalveDiaryQuery *query,
                             gint64           profile_id);

typedef struct
{
  SalveCarePlan   *plan;    /* NULL: the profile has none */
  GArray          *points;  /* SalveDiaryPoint of the query's region, oldest first */
  GArray          *regions; /* every region code of the period's points (salve_diary_points_list_regions()) */
  GArray          *marks;   /* SalveSessionMark, oldest first */
  GArray          *medication; /* SalveMedicationMark, oldest first */
  GPtrArray       *intakes; /* SalveMedication of the same period, oldest first: the list of intakes */
  /* What the care plan summary says with @stats today. */
  SalveCarePlanSummaryContent *plan_summary;
  GTimeZone       *tz;      /* the days of the statistics */
  SalveDiaryStats *stats;   /* over @points, anchored to the plan's start */
  /* Only the recent points of the query (recent_seconds) or those of
   * its window (points_from_unix): @stats and @regions are the whole
   * diary's all the same. */
  gboolean         partial;
  /* Only the changed entry's point (changed_id), none if it is gone:
   * @stats and @regions are the whole diary's all the same. */
  gboolean         change;
  /* Unless a change: @points are every point with
   * points_from_unix <= at < points_to_unix (of the query's region). */
  gint64           points_from_unix;
  gint64           points_to_unix;
  /* SalveDiaryEntry, newest first, of the query's list (its range in
   * entries_from_unix..entries_to_unix); NULL when none was asked for. On
   * a first load (recent_seconds) the list is of the recent range:
   * [end of the latest day - recent_seconds, end + 1). */
  GPtrArray       *entries;
  /* The chart's copy of @points, made in the worker (NULL after a change). */
  SalveChartRaw   *raw;
  gint64           entries_from_unix;
  gint64           entries_to_unix;
} SalveDiaryData;

void            salve_diary_data_free (SalveDiaryData *data);

/* Reads @query from the database at @db_path in a worker thread. */
void            salve_diary_load_async  (const char          *db_path,
                                         const SalveDiaryQuery *query,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
SalveDiaryData *salve_diary_load_finish (GAsyncResult        *result,
                                         GError             **error);
/* The same on the calling thread, for the worker and for tests. */
SalveDiaryData *salve_diary_load        (const char          *db_path,
                                         const SalveDiaryQuery *query,
                                         GCancellable        *cancellable,
                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveDiaryData, salve_diary_data_free)

G_END_DECLS
