/* salve-patient-summary.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-patient-summary"

#include "config.h"

#include <math.h>

#include "salve-diary-repo.h"
#include "salve-diary-stats.h"
#include "salve-care-plan-repo.h"
#include "salve-condition-repo.h"
#include "salve-patient-summary.h"
#include "salve-time.h"
#include "salve-profile-repo.h"
#include "salve-session-repo.h"
#include "salve-signoff-repo.h"

void
salve_patient_summary_free (SalvePatientSummary *summary)
{
  if (summary == NULL)
    return;

  g_clear_object (&summary->profile);
  g_free (summary->last_entry_at);
  g_free (summary->last_session_at);
  g_free (summary);
}

/* The checklist's progress and whether the latest sign-off still
 * matches the answers. */
static gboolean
summarise_checklist (SalveDb              *db,
                     gint64                profile_id,
                     SalvePatientSummary  *summary,
                     GError              **error)
{
  g_autoptr(GPtrArray) signoffs = NULL;
  SalveProfileAnswers answers;

  /* One read of the answers (salve_condition_repo_load() lists them)
   * gives the count, the broken skin and the sign-off's comparison. */
  salve_profile_answers_init (&answers, SALVE_ANSWER_UNKNOWN);
  if (!salve_condition_repo_load (db, profile_id, &answers, error))
    return FALSE;
  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    summary->n_answered += answers.answered[c];
  summary->broken_skin = answers.answers[SALVE_CONDITION_BROKEN_SKIN] == SALVE_ANSWER_YES;

  signoffs = salve_signoff_repo_list (db, profile_id, error);
  if (signoffs == NULL)
    return FALSE;
  if (signoffs->len == 0)
    return TRUE;

  summary->has_signoff = TRUE;
  summary->signoff_changes = salve_signoff_count_changes (g_ptr_array_index (signoffs, 0), &answers);

  return TRUE;
}

/* TRUE when one of the plan's modalities is at its review point today. */
static gboolean
review_is_due (SalveDb               *db,
               gint64                 profile_id,
               const SalveCarePlan   *plan,
               const SalveDiaryStats *stats,
               gboolean              *due,
               GError               **error)
{
  g_autoptr(GArray) schedules = salve_care_plan_repo_list_schedules (db, profile_id, error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  *due = FALSE;
  if (schedules == NULL)
    return FALSE;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  for (guint i = 0; i < schedules->len && !*due; i++)
    {
      const SalveCareSchedule *schedule = &g_array_index (schedules, SalveCareSchedule, i);
      SalveCareReview review;

      if (salve_care_review_evaluate (plan, schedule->modality, stats, &today, &review))
        *due = review.state == SALVE_CARE_REVIEW_DUE;
    }

  return TRUE;
}

/* The care plan's warning signs that hold today, as the person's own
 * summary shows them: the diary of the three weeks they are judged on. */
static gboolean
find_warnings (SalveDb               *db,
               gint64                 profile_id,
               const SalveCarePlan   *plan,
               const SalveDiaryStats *stats,
               gboolean               found[SALVE_N_WARNINGS],
               GError               **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GArray) entries = NULL;
  GDate today, first, next;

  salve_time_get_date (now, &today);
  first = today;
  g_date_subtract_days (&first, SALVE_CARE_NO_IMPROVEMENT_DAYS);
  next = today;
  g_date_add_days (&next, 1);

  entries = salve_care_plan_repo_list_entries (db, profile_id, salve_time_day_start_unix (&first),
                                               salve_time_day_start_unix (&next), error);
  if (entries == NULL)
    return FALSE;
  salve_care_find_warnings (plan, stats, (const SalveCareEntry *) (gpointer) entries->data, entries->len, NULL,
                            &today, found);
  return TRUE;
}

static char *
latest (SalveDb     *db,
        const char  *sql,
        gint64       profile_id,
        GError     **error)
{
  g_autoptr(SalveStmt) stmt = salve_db_prepare (db, sql, error);
  g_autoptr(GError) local_error = NULL;

  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return NULL;

  if (salve_stmt_step (stmt, &local_error))
    return g_strdup (salve_stmt_get_text (stmt, 0));

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

GPtrArray *
salve_patient_summary_list (SalveDb  *db,
                            GError  **error)
{
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  profiles = salve_profile_repo_list (db, error);
  if (profiles == NULL)
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) salve_patient_summary_free);

  for (guint i = 0; i < profiles->len; i++)
    {
      SalveProfile *profile = g_ptr_array_index (profiles, i);
      gint64 id = salve_profile_get_id (profile);
      g_autoptr(SalvePatientSummary) summary = g_new0 (SalvePatientSummary, 1);
      g_autoptr(SalveDiaryStats) stats = NULL;
      g_autoptr(SalveCarePlan) plan = NULL;
      g_autoptr(GError) local_error = NULL;

      summary->profile = g_object_ref (profile);
      /* A rating in practice is no diary entry (the diary leaves it out). */
      summary->last_entry_at = latest (db, "SELECT at FROM diary_entries WHERE profile_id = ?1 AND "
                                           "(session_id IS NULL OR NOT "
                                           SALVE_SESSION_IS_PRACTICE_SQL ("diary_entries.session_id") ") "
                                           "ORDER BY at_unix DESC, id DESC LIMIT 1", id, &local_error);
      if (local_error == NULL)
        summary->last_session_at = latest (db, "SELECT started_at FROM sessions WHERE profile_id = ?1 AND "
                                               SALVE_SESSION_STARTED_ON_DEVICE_SQL ("sessions")
                                               " AND NOT " SALVE_SESSION_IS_PRACTICE_SQL ("sessions.id")
                                               " ORDER BY started_unix DESC LIMIT 1",
                                           id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      plan = salve_care_plan_repo_get (db, id, &local_error);
      if (plan == NULL && !g_error_matches (local_error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_clear_error (&local_error);

      if (!summarise_checklist (db, id, summary, error))
        return NULL;

      /* The same baseline as `salvectl diary stats`: the plan's start
       * when there is a plan. From the daily aggregates: a long diary
       * costs no more than a short one. */
      stats = salve_diary_repo_compute_stats (db, id, tz, plan != NULL ? &plan->start : NULL, error);
      if (stats == NULL)
        return NULL;
      summary->n_entries = stats->n_entries;
      if (stats->n_entries > 0 || plan != NULL)
        {
          summary->has_current = stats->has_current;
          summary->current = stats->current;
          summary->has_change = salve_diary_stats_has_change (stats) && !isnan (stats->change_percent);
          summary->change_percent = stats->change_percent;

          if (plan != NULL && !review_is_due (db, id, plan, stats, &summary->review_due, error))
            return NULL;
          /* Without a plan the warning signs still hold, counted from the
           * diary's first day as the diary's card and the report count
           * them: numbness or new weakness wants a doctor whether or
           * not anyone made a plan. */
          if (plan != NULL && !find_warnings (db, id, plan, stats, summary->warnings, error))
            return NULL;
          if (plan == NULL && stats->days->len > 0)
            {
              g_autoptr(SalveCarePlan) own_plan = salve_care_plan_new (&stats->course_start);

              if (!find_warnings (db, id, own_plan, stats, summary->warnings, error))
                return NULL;
            }
        }

      g_ptr_array_add (result, g_steal_pointer (&summary));
    }

  return g_steal_pointer (&result);
}
