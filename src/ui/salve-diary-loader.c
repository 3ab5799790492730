/* salve-diary-loader.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-diary-loader"

#include "config.h"

#include "salve-body-region.h"
#include "salve-care-plan-repo.h"
#include "salve-chart.h"
#include "salve-diary-loader.h"
#include "salve-diary-repo.h"
#include "salve-medication-repo.h"

typedef struct
{
  char           *db_path;
  SalveDiaryQuery query;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_free (job->db_path);
  g_free (job);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;
  SalveDiaryData *data = salve_diary_load (job->db_path, &job->query, cancellable, &error);

  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) salve_diary_data_free);
}

void
salve_diary_query_init (SalveDiaryQuery *query,
                        gint64           profile_id)
{
  g_return_if_fail (query != NULL);

  *query = (SalveDiaryQuery) {
    .profile_id = profile_id,
    .from_unix = SALVE_DIARY_REPO_ANY_TIME_MIN,
    .to_unix = SALVE_DIARY_REPO_ANY_TIME_MAX,
    .region = SALVE_DIARY_QUERY_ALL_REGIONS,
  };
}

void
salve_diary_data_free (SalveDiaryData *data)
{
  if (data == NULL)
    return;

  g_clear_pointer (&data->plan, salve_care_plan_free);
  g_clear_pointer (&data->points, g_array_unref);
  g_clear_pointer (&data->regions, g_array_unref);
  g_clear_pointer (&data->marks, g_array_unref);
  g_clear_pointer (&data->medication, g_array_unref);
  g_clear_pointer (&data->intakes, g_ptr_array_unref);
  g_clear_pointer (&data->entries, g_ptr_array_unref);
  g_clear_pointer (&data->raw, salve_chart_raw_free);
  g_clear_pointer (&data->plan_summary, salve_care_plan_summary_content_free);
  g_clear_pointer (&data->tz, g_time_zone_unref);
  g_clear_pointer (&data->stats, salve_diary_stats_free);
  g_free (data);
}

/* One pseudo-point per region that occurs, for
 * salve_diary_points_list_regions(). */
static GArray *
list_regions (GArray *counts,
              GArray *session_points)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, TRUE, sizeof (SalveDiaryPoint));

  for (guint i = 0; i < counts->len; i++)
    {
      SalveDiaryPoint p = { .region = (gint8) g_array_index (counts, SalveDiaryDayCount, i).region };

      g_array_append_val (seen, p);
    }
  g_array_append_vals (seen, session_points->data, session_points->len);

  return salve_diary_points_list_regions ((const SalveDiaryPoint *) (gpointer) seen->data, seen->len);
}

/* Keeps of *@points only those of @region; all of them for
 * SALVE_DIARY_QUERY_ALL_REGIONS. */
static void
keep_region (GArray **points,
             int      region)
{
  GArray *in_region;

  if (region == SALVE_DIARY_QUERY_ALL_REGIONS)
    return;

  in_region = salve_diary_points_filter_region ((const SalveDiaryPoint *) (gpointer) (*points)->data,
                                                (*points)->len, region);
  g_array_unref (*points);
  *points = in_region;
}

/* Gives @data the points of @region, the regions, the time zone and the
 * statistics a load from the aggregates worked out. */
static void
take_aggregate_load (SalveDiaryData   *data,
                     GArray          **points,
                     int               region,
                     GArray          **regions,
                     GTimeZone       **tz,
                     SalveDiaryStats **stats)
{
  keep_region (points, region);
  data->points = g_steal_pointer (points);
  data->regions = g_steal_pointer (regions);
  data->tz = g_steal_pointer (tz);
  data->stats = g_steal_pointer (stats);
}

/* The whole diary's statistics and regions from the daily aggregates
 * and the few session ratings, for the query's region; *@region says
 * which region they are (all of them when the query's has no entries any
 * more). FALSE without an error when the aggregates' days are not the
 * days of @tz: then every point must be read. */
static gboolean
load_aggregate_stats (SalveDb                *db,
                      const SalveDiaryQuery  *query,
                      const SalveCarePlan    *plan,
                      GTimeZone              *tz,
                      SalveDiaryStats       **stats,
                      GArray                **regions,
                      int                    *region,
                      GCancellable           *cancellable,
                      GError                **error)
{
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GArray) sessions = NULL;
  g_autoptr(GArray) seen = NULL;

  *region = SALVE_DIARY_QUERY_ALL_REGIONS;
  counts = salve_diary_repo_list_day_counts (db, query->profile_id, error);
  if (counts == NULL)
    return FALSE;
  sessions = salve_diary_repo_list_session_points (db, query->profile_id, error);
  if (sessions == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  seen = list_regions (counts, sessions);
  /* A region no entry has any more shows them all. */
  for (guint i = 0; i < seen->len; i++)
    if (g_array_index (seen, int, i) == query->region)
      *region = query->region;
  keep_region (&sessions, *region);
  if (*region != SALVE_DIARY_QUERY_ALL_REGIONS)
    {
      guint kept = 0;

      for (guint i = 0; i < counts->len; i++)
        if (g_array_index (counts, SalveDiaryDayCount, i).region == *region)
          g_array_index (counts, SalveDiaryDayCount, kept++) = g_array_index (counts, SalveDiaryDayCount, i);
      g_array_set_size (counts, kept);
    }

  *stats = salve_diary_stats_compute_from_counts ((const SalveDiaryDayCount *) (gpointer) counts->data, counts->len,
                                                  (const SalveDiaryPoint *) (gpointer) sessions->data, sessions->len,
                                                  tz, NULL, plan != NULL ? &plan->start : NULL);
  if (*stats == NULL)
    return FALSE;
  *regions = g_steal_pointer (&seen);

  return TRUE;
}

/* The first load of a long diary: the statistics from the daily
 * aggregates, the points of the recent range only. FALSE without an
 * error when the aggregates cannot tell. */
static gboolean
load_recent (SalveDb               *db,
             const SalveDiaryQuery *query,
             SalveDiaryData        *data,
             GCancellable          *cancellable,
             GError               **error)
{
  g_autoptr(GArray) regions = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(SalveDiaryStats) stats = NULL;
  int region;
  gint64 from;

  if (!load_aggregate_stats (db, query, data->plan, tz, &stats, &regions, &region, cancellable, error))
    return FALSE;

  /* The chart's last range ends where the latest day ends; a day more
   * on the left for the line that enters the range. */
  from = stats->days->len > 0
         ? g_array_index (stats->days, SalveDiaryDay, stats->days->len - 1).end_unix - query->recent_seconds - 86400
         : SALVE_DIARY_REPO_ANY_TIME_MIN;
  points = salve_diary_repo_list_points (db, query->profile_id, from, SALVE_DIARY_REPO_ANY_TIME_MAX, error);
  if (points == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  data->points_from_unix = from;
  data->points_to_unix = SALVE_DIARY_REPO_ANY_TIME_MAX;
  /* The list of the range the chart shows first. */
  if (stats->days->len > 0)
    {
      gint64 end = g_array_index (stats->days, SalveDiaryDay, stats->days->len - 1).end_unix;

      data->entries_from_unix = end - query->recent_seconds;
      data->entries_to_unix = end + 1;
    }
  else
    {
      data->entries_from_unix = SALVE_DIARY_REPO_ANY_TIME_MIN;
      data->entries_to_unix = SALVE_DIARY_REPO_ANY_TIME_MAX;
    }
  take_aggregate_load (data, &points, region, &regions, &tz, &stats);
  data->partial = TRUE;

  return TRUE;
}

/* After an add, an edit or a delete: the changed entry's point and the
 * whole diary's statistics from the aggregates. FALSE without an error
 * when that is not enough (the aggregates cannot tell, or the region
 * shown has no entries any more): then every point is read. */
static gboolean
load_change (SalveDb               *db,
             const SalveDiaryQuery *query,
             SalveDiaryData        *data,
             GCancellable          *cancellable,
             GError               **error)
{
  g_autoptr(GArray) regions = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(SalveDiaryStats) stats = NULL;
  int region;

  if (!load_aggregate_stats (db, query, data->plan, tz, &stats, &regions, &region, cancellable, error))
    return FALSE;
  if (region != query->region)
    return FALSE;

  points = salve_diary_repo_list_points_by_id (db, query->profile_id, query->changed_id, error);
  if (points == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  take_aggregate_load (data, &points, region, &regions, &tz, &stats);
  data->change = TRUE;

  return TRUE;
}

/* After a change of range: the points of the query's window and the
 * whole diary's statistics from the aggregates. FALSE without an error
 * when the aggregates cannot tell: then every point is read. */
static gboolean
load_window (SalveDb               *db,
             const SalveDiaryQuery *query,
             SalveDiaryData        *data,
             GCancellable          *cancellable,
             GError               **error)
{
  g_autoptr(GArray) regions = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(SalveDiaryStats) stats = NULL;
  int region;

  if (!load_aggregate_stats (db, query, data->plan, tz, &stats, &regions, &region, cancellable, error))
    return FALSE;

  points = salve_diary_repo_list_points (db, query->profile_id, query->points_from_unix, query->points_to_unix,
                                         error);
  if (points == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  take_aggregate_load (data, &points, region, &regions, &tz, &stats);
  data->points_from_unix = query->points_from_unix;
  data->points_to_unix = query->points_to_unix;
  data->partial = TRUE;

  return TRUE;
}

/* The newest entries of the list's range, of the region the points are
 * of: what the list under the chart shows. */
static gboolean
load_list (SalveDb               *db,
           const SalveDiaryQuery *query,
           SalveDiaryData        *data,
           GError               **error)
{
  gboolean filter = FALSE;

  /* The points are of the chosen region unless it has no entries any
   * more: so is the list, the region's newest entries. */
  if (query->region != SALVE_DIARY_QUERY_ALL_REGIONS)
    for (guint i = 0; i < data->regions->len; i++)
      if (g_array_index (data->regions, int, i) == query->region)
        filter = TRUE;
  if (filter)
    data->entries = salve_diary_repo_list_latest_in_region (db, query->profile_id, data->entries_from_unix,
                                                            data->entries_to_unix, query->region,
                                                            query->list_limit, error);
  else
    data->entries = salve_diary_repo_list_latest (db, query->profile_id, data->entries_from_unix,
                                                  data->entries_to_unix, query->list_limit, error);

  return data->entries != NULL;
}

/* Every point of the query's period, and the statistics over them. */
static gboolean
load_all (SalveDb               *db,
          const SalveDiaryQuery *query,
          SalveDiaryData        *data,
          GCancellable          *cancellable,
          GError               **error)
{
  data->points = salve_diary_repo_list_points (db, query->profile_id, query->from_unix, query->to_unix, error);
  if (data->points == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  data->points_from_unix = query->from_unix;
  data->points_to_unix = query->to_unix;
  data->regions = salve_diary_points_list_regions ((const SalveDiaryPoint *) (gpointer) data->points->data,
                                                   data->points->len);
  /* A region no entry has any more shows them all. */
  if (query->region != SALVE_DIARY_QUERY_ALL_REGIONS)
    for (guint i = 0; i < data->regions->len; i++)
      if (g_array_index (data->regions, int, i) == query->region)
        {
          keep_region (&data->points, query->region);
          break;
        }

  /* The same statistics the chart would compute, here rather than on
   * the GTK thread: the baseline and phases from the plan's start. */
  data->tz = g_time_zone_new_local ();
  data->stats = salve_chart_compute_stats ((const SalveDiaryPoint *) (gpointer) data->points->data,
                                           data->points->len, data->tz,
                                           data->plan != NULL ? &data->plan->start : NULL);

  return TRUE;
}

SalveDiaryData *
salve_diary_load (const char            *db_path,
                  const SalveDiaryQuery *query,
                  GCancellable          *cancellable,
                  GError               **error)
{
  g_autoptr(SalveDiaryData) data = g_new0 (SalveDiaryData, 1);
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  db = salve_db_open_existing (db_path, error);
  if (db == NULL)
    return NULL;

  data->plan = salve_care_plan_repo_get (db, query->profile_id, &local_error);
  if (data->plan == NULL && !g_error_matches (local_error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  g_clear_error (&local_error);

  if (query->changed_id > 0 && query->from_unix == SALVE_DIARY_REPO_ANY_TIME_MIN &&
      query->to_unix == SALVE_DIARY_REPO_ANY_TIME_MAX)
    {
      if (!load_change (db, query, data, cancellable, &local_error) && local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  else if (query->recent_seconds > 0 && query->from_unix == SALVE_DIARY_REPO_ANY_TIME_MIN &&
           query->to_unix == SALVE_DIARY_REPO_ANY_TIME_MAX)
    {
      if (!load_recent (db, query, data, cancellable, &local_error) && local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  else if (query->points_from_unix < query->points_to_unix && query->from_unix == SALVE_DIARY_REPO_ANY_TIME_MIN &&
           query->to_unix == SALVE_DIARY_REPO_ANY_TIME_MAX)
    {
      if (!load_window (db, query, data, cancellable, &local_error) && local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  /* Whatever was read, the list is of the range asked for; a first load
   * only knows the range it shows once it has the days. */
  if (!data->partial || query->recent_seconds <= 0)
    {
      data->entries_from_unix = query->list_from_unix;
      data->entries_to_unix = query->list_to_unix;
    }
  if (!data->partial && !data->change && !load_all (db, query, data, cancellable, error))
    return NULL;
  if (query->list_limit > 0 && !load_list (db, query, data, error))
    return NULL;
  /* What the chart draws, made here rather than on the GTK thread. */
  if (!data->change)
    data->raw = salve_chart_raw_new (data->points);

  data->marks = salve_diary_repo_list_session_marks (db, query->profile_id, query->from_unix, query->to_unix,
                                                     error);
  if (data->marks == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  data->medication = salve_medication_repo_list_marks (db, query->profile_id, query->from_unix, query->to_unix,
                                                       error);
  if (data->medication == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  /* A few a day: every one of the period, so that a change of range
   * reads nothing on the GTK thread. */
  data->intakes = salve_medication_repo_list (db, query->profile_id, query->from_unix, query->to_unix, error);
  if (data->intakes == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  data->plan_summary = salve_care_plan_summary_compute (db, query->profile_id, data->plan, data->stats, NULL);

  return g_steal_pointer (&data);
}

void
salve_diary_load_async (const char            *db_path,
                        const SalveDiaryQuery *query,
                        GCancellable          *cancellable,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (query != NULL);

  job = g_new0 (LoadJob, 1);
  job->db_path = g_strdup (db_path);
  job->query = *query;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, salve_diary_load_async);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_thread);
}

SalveDiaryData *
salve_diary_load_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
