/* salve-care-plan-repo.h: the care plan tables (care_plans,
 * care_plan_starts, care_schedules, activity_targets) and what the plan
 * reads from the diary and sessions
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-care-plan.h"
#include "salve-db.h"

G_BEGIN_DECLS

/* One change of a plan's start date; old_start is NULL for the first. */
typedef struct
{
  char *old_start;    /* YYYY-MM-DD */
  char *new_start;
  char *changed_at;   /* ISO 8601 */
} SalveCarePlanStart;

void           salve_care_plan_start_free (SalveCarePlanStart *start);
/* "Its start was moved from … to … on …", translated; NULL for the
 * plan's first start. */
char          *salve_care_plan_start_describe_move (const SalveCarePlanStart *start);

/* The profile's plan; SALVE_DB_ERROR_NOT_FOUND when it has none. */
SalveCarePlan *salve_care_plan_repo_get   (SalveDb              *db,
                                           gint64                profile_id,
                                           GError              **error);
/* Creates or replaces the plan of plan->profile_id after validating it
 * (an ended course keeps its end: its start cannot move after it).
 * A new start date (or the first) is added to the start history. */
gboolean       salve_care_plan_repo_save  (SalveDb              *db,
                                           const SalveCarePlan  *plan,
                                           GError              **error);
/* Ends the profile's course today (after the review with the
 * therapist): its last day is today, and every modality is taken off the
 * schedule at this moment (the setting up's day too), so that no session
 * is planned or reminded of any more. The diary goes on. @ended_on (may
 * be NULL) gets the day. SALVE_DB_ERROR_NOT_FOUND without a plan,
 * SALVE_DB_ERROR_CONSTRAINT (a message to show) when it already ended or
 * has not started yet. */
gboolean       salve_care_plan_repo_end   (SalveDb              *db,
                                           gint64                profile_id,
                                           GDate                *ended_on,
                                           GError              **error);
/* Takes back salve_care_plan_repo_end() (the app's Undo): the course
 * runs again with the schedules it had, and the end's own versions of
 * them go, as if it had never ended. SALVE_DB_ERROR_NOT_FOUND when it
 * has not ended. */
gboolean       salve_care_plan_repo_undo_end (SalveDb           *db,
                                              gint64             profile_id,
                                              GError           **error);
/* Oldest first. Element type SalveCarePlanStart. */
GPtrArray     *salve_care_plan_repo_list_starts (SalveDb        *db,
                                                 gint64          profile_id,
                                                 GError        **error);

/* Creates or replaces the schedule of @schedule->modality.
 * SALVE_DB_ERROR_CONSTRAINT when the course has ended. */
gboolean       salve_care_plan_repo_set_schedule   (SalveDb                  *db,
                                                    gint64                    profile_id,
                                                    const SalveCareSchedule  *schedule,
                                                    GError                  **error);
/* SALVE_DB_ERROR_NOT_FOUND when the modality has no schedule,
 * SALVE_DB_ERROR_CONSTRAINT when the course has ended. */
gboolean       salve_care_plan_repo_remove_schedule (SalveDb                 *db,
                                                     gint64                   profile_id,
                                                     SalveModality            modality,
                                                     GError                 **error);
/* What is stored of @profile_id's care plan, its schedules and activity
 * targets, as one string: equal while none of them changed. A window
 * that shows them compares it before it writes them back. NULL on error. */
char          *salve_care_plan_repo_fingerprint       (SalveDb          *db,
                                                       gint64            profile_id,
                                                       GError          **error);
/* By modality. Element type SalveCareSchedule. */
GArray        *salve_care_plan_repo_list_schedules (SalveDb                  *db,
                                                    gint64                    profile_id,
                                                    GError                  **error);
/* Every version of the profile's schedules, oldest first, as
 * salve_care_schedule_planned_on() takes them: since_unix the instant
 * each counts from, per_day 0 a modality taken off. A version is kept by
 * salve_care_plan_repo_set_schedule() and _remove_schedule() when it
 * differs from the one before; it counts from when it was saved, or from
 * the plan's start (0) when saved on the day the plan was made for a
 * course whose start, as the plan has it now, lies before that day. */
GArray        *salve_care_plan_repo_list_schedule_changes (SalveDb  *db,
                                                          gint64    profile_id,
                                                          GError  **error);

gboolean       salve_care_plan_repo_set_target   (SalveDb                    *db,
                                                  gint64                      profile_id,
                                                  const SalveActivityTarget  *target,
                                                  GError                    **error);
/* SALVE_DB_ERROR_NOT_FOUND when the activity has no target. */
gboolean       salve_care_plan_repo_remove_target (SalveDb                   *db,
                                                   gint64                     profile_id,
                                                   const char                *activity,
                                                   GError                   **error);
/* By activity. Element type SalveActivityTarget. */
GArray        *salve_care_plan_repo_list_targets (SalveDb                    *db,
                                                  gint64                      profile_id,
                                                  GError                    **error);

/* Diary entries with from_unix <= at_unix < to_unix as the plan sees
 * them (element type SalveCareEntry), oldest first. */
GArray        *salve_care_plan_repo_list_entries (SalveDb     *db,
                                                  gint64       profile_id,
                                                  gint64       from_unix,
                                                  gint64       to_unix,
                                                  GError     **error);
/* The entries the care status of @day reads (element type
 * SalveCareEntry), oldest first: salve_care_find_warnings() and
 * salve_care_pacing_needed() the week before @day,
 * salve_care_plan_repo_activity_week() every week from an activity
 * target's baseline week on; up to the end of @day, never the whole
 * diary of a course years long. */
GArray        *salve_care_plan_repo_list_status_entries (SalveDb      *db,
                                                         gint64        profile_id,
                                                         const GDate  *day,
                                                         GError      **error);
/* When the profile's completed sessions started (element type
 * SalveSessionMark), oldest first: what adherence counts as done. */
GArray        *salve_care_plan_repo_list_done_sessions (SalveDb     *db,
                                                        gint64       profile_id,
                                                        gint64       from_unix,
                                                        gint64       to_unix,
                                                        GError     **error);
/* Minutes of @activity in diary entries of the range. */
gint64         salve_care_plan_repo_sum_activity (SalveDb     *db,
                                                  gint64       profile_id,
                                                  const char  *activity,
                                                  gint64       from_unix,
                                                  gint64       to_unix,
                                                  GError     **error);
/* @target's week that holds @day: its target (salve_activity_target_for_week(),
 * from the minutes done and the pacing of every week before it, pacing as
 * @stats and @entries (SalveCareEntry) say) in @goal, the minutes done in
 * it up to the end of @day in @done, and in @weeks_after how many weeks
 * after the baseline week it is. FALSE with @error when the diary cannot
 * be read. */
gboolean       salve_care_plan_repo_activity_week (SalveDb                   *db,
                                                   gint64                     profile_id,
                                                   const SalveActivityTarget *target,
                                                   const SalveDiaryStats     *stats,
                                                   const GArray              *entries,
                                                   const GDate               *day,
                                                   double                    *goal,
                                                   gint64                    *done,
                                                   guint                     *weeks_after,
                                                   GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveCarePlanStart, salve_care_plan_start_free)

G_END_DECLS
