/* salve-care-plan-repo.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-care-plan-repo"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "salve-session-repo.h"
#include "salve-care-plan-repo.h"
#include "salve-time.h"

void
salve_care_plan_start_free (SalveCarePlanStart *start)
{
  if (start == NULL)
    return;

  g_free (start->old_start);
  g_free (start->new_start);
  g_free (start->changed_at);
  g_free (start);
}

char *
salve_care_plan_start_describe_move (const SalveCarePlanStart *start)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *changed = NULL;

  g_return_val_if_fail (start != NULL, NULL);

  if (start->old_start == NULL)
    return NULL;
  from = salve_time_format_stored_date (start->old_start);
  to = salve_time_format_stored_date (start->new_start);
  changed = salve_time_format_stored_date (start->changed_at);
  /* Translators: the old and the new start date of a care plan, then the day it was changed */
  return g_strdup_printf (_("Its start was moved from %s to %s on %s: the baseline and the phases count from the new start."),
                          from, to, changed);
}

/* Storage constraints speak SQLite; a plan that fails its own check
 * speaks to a person, and goes out as a constraint like the others. */
static gboolean
invalid_to_constraint (GError *local_error,
                       GError **error)
{
  g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT, local_error->message);
  g_error_free (local_error);
  return FALSE;
}

static gboolean remove_schedule (SalveDb        *db,
                                 gint64          profile_id,
                                 SalveModality   modality,
                                 GError        **error);

SalveCarePlan *
salve_care_plan_repo_get (SalveDb  *db,
                          gint64    profile_id,
                          GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(GError) local_error = NULL;
  GDate start;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db, "SELECT complaint, site, start_date, course, therapist, ended_on FROM care_plans"
                               " WHERE profile_id = ?1", error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return NULL;

  if (!salve_stmt_step (stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
                             _("This patient has no care plan yet."));
      return NULL;
    }

  /* A start date someone edited into nonsense cannot anchor anything:
   * say so rather than count weeks from a guess. */
  if (!salve_care_parse_date (salve_stmt_get_text (stmt, 2), &start, &local_error))
    {
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CORRUPT,
                   _("The care plan’s start date “%s” cannot be read."), salve_stmt_get_text (stmt, 2));
      return NULL;
    }

  plan = salve_care_plan_new (&start);
  plan->profile_id = profile_id;
  g_free (plan->complaint);
  plan->complaint = g_strdup (salve_stmt_get_text (stmt, 0));
  g_free (plan->site);
  plan->site = g_strdup (salve_stmt_get_text (stmt, 1));
  salve_care_course_from_id (salve_stmt_get_text (stmt, 3), &plan->course);
  g_free (plan->therapist);
  plan->therapist = g_strdup (salve_stmt_get_text (stmt, 4));
  if (!salve_stmt_get_is_null (stmt, 5) &&
      !salve_care_parse_date (salve_stmt_get_text (stmt, 5), &plan->ended, NULL))
    {
      /* Whether the course still runs is not to be guessed either. */
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CORRUPT,
                   _("The care plan’s end date “%s” cannot be read."), salve_stmt_get_text (stmt, 5));
      return NULL;
    }

  return g_steal_pointer (&plan);
}

static gboolean
save_plan (SalveDb              *db,
           const SalveCarePlan  *plan,
           const char           *start,
           const char           *ended,
           const char           *now,
           GError              **error)
{
  g_autoptr(SalveStmt) old = NULL;
  g_autoptr(SalveStmt) upsert = NULL;
  g_autoptr(SalveStmt) history = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *old_start = NULL;
  gboolean exists;

  old = salve_db_prepare (db, "SELECT start_date FROM care_plans WHERE profile_id = ?1", error);
  if (old == NULL || !salve_stmt_bind_int64 (old, 1, plan->profile_id, error))
    return FALSE;
  exists = salve_stmt_step (old, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (exists)
    old_start = g_strdup (salve_stmt_get_text (old, 0));

  upsert = salve_db_prepare (db,
                             "INSERT INTO care_plans (profile_id, complaint, site, start_date, course,"
                             " therapist, created_at, updated_at, ended_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)"
                             " ON CONFLICT (profile_id) DO UPDATE SET complaint = ?2, site = ?3,"
                             " start_date = ?4, course = ?5, therapist = ?6, updated_at = ?7, ended_on = ?8",
                             error);
  if (upsert == NULL ||
      !(ended != NULL ? salve_stmt_bind_text (upsert, 8, ended, error) : salve_stmt_bind_null (upsert, 8, error)) ||
      !salve_stmt_bind_int64 (upsert, 1, plan->profile_id, error) ||
      !salve_stmt_bind_text (upsert, 2, plan->complaint ? plan->complaint : "", error) ||
      !salve_stmt_bind_text (upsert, 3, plan->site ? plan->site : "", error) ||
      !salve_stmt_bind_text (upsert, 4, start, error) ||
      !salve_stmt_bind_text (upsert, 5, salve_care_course_to_id (plan->course), error) ||
      !salve_stmt_bind_text (upsert, 6, plan->therapist ? plan->therapist : "", error) ||
      !salve_stmt_bind_text (upsert, 7, now, error) ||
      !salve_stmt_run (upsert, error))
    return FALSE;

  if (g_strcmp0 (old_start, start) == 0)
    return TRUE;

  history = salve_db_prepare (db,
                              "INSERT INTO care_plan_starts (profile_id, old_start, new_start, changed_at)"
                              " VALUES (?1, ?2, ?3, ?4)", error);
  return history != NULL &&
         salve_stmt_bind_int64 (history, 1, plan->profile_id, error) &&
         (old_start != NULL ? salve_stmt_bind_text (history, 2, old_start, error)
                            : salve_stmt_bind_null (history, 2, error)) &&
         salve_stmt_bind_text (history, 3, start, error) &&
         salve_stmt_bind_text (history, 4, now, error) &&
         salve_stmt_run (history, error);
}

/* An ended course's start may move earlier, never later: the weeks,
 * baseline and phases of the course that ended count from it, in every
 * report of it (a later start took its first weeks, and their
 * improvement, away). */
static gboolean
keeps_ended_start (SalveDb              *db,
                   const SalveCarePlan  *plan,
                   GError              **error)
{
  g_autoptr(SalveCarePlan) stored = salve_care_plan_repo_get (db, plan->profile_id, NULL);
  g_autofree char *day = NULL;

  if (stored == NULL || !g_date_valid (&stored->ended) || g_date_compare (&plan->start, &stored->start) <= 0)
    return TRUE;

  day = salve_time_format_gdate (&stored->ended);
  g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT,
               _("The course ended on %s. Its start can move earlier, not later: a later start would move the weeks, "
                 "baseline and phases of the course that ended."), day);
  return FALSE;
}

gboolean
salve_care_plan_repo_save (SalveDb              *db,
                           const SalveCarePlan  *plan,
                           GError              **error)
{
  g_autofree char *start = NULL;
  g_autofree char *ended = NULL;
  g_autofree char *now = salve_time_now_iso ();
  GError *local_error = NULL;
  gboolean outermost;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);

  if (!salve_care_plan_validate (plan, &local_error))
    return invalid_to_constraint (local_error, error);

  start = salve_care_format_date (&plan->start);
  if (g_date_valid (&plan->ended))
    ended = salve_care_format_date (&plan->ended);
  if (!salve_db_savepoint_begin (db, "care_plan", &outermost, error))
    return FALSE;
  return salve_db_savepoint_end (db, "care_plan", outermost,
                                 keeps_ended_start (db, plan, error) && save_plan (db, plan, start, ended, now, error),
                                 error);
}

static gboolean
end_course (SalveDb    *db,
            gint64      profile_id,
            GDate      *ended_on,
            GError    **error)
{
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GArray) schedules = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *now = salve_time_now_iso ();
  GDate today;

  plan = salve_care_plan_repo_get (db, profile_id, error);
  if (plan == NULL)
    return FALSE;

  {
    g_autoptr(GDateTime) local = g_date_time_new_now_local ();

    salve_time_get_date (local, &today);
  }
  if (g_date_valid (&plan->ended))
    {
      g_autofree char *day = salve_time_format_gdate (&plan->ended);

      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT, _("The course already ended on %s."), day);
      return FALSE;
    }
  if (g_date_compare (&today, &plan->start) < 0)
    {
      g_autofree char *day = salve_time_format_gdate (&plan->start);

      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT,
                   _("The course starts on %s: one that has not begun cannot end. Change its start instead."), day);
      return FALSE;
    }

  today_text = salve_care_format_date (&today);
  stmt = salve_db_prepare (db, "UPDATE care_plans SET ended_on = ?1, updated_at = ?2, ended_after_change ="
                               " (SELECT COALESCE(MAX(id), 0) FROM care_schedule_changes WHERE profile_id = ?3)"
                               " WHERE profile_id = ?3", error);
  if (stmt == NULL ||
      !salve_stmt_bind_text (stmt, 1, today_text, error) ||
      !salve_stmt_bind_text (stmt, 2, now, error) ||
      !salve_stmt_bind_int64 (stmt, 3, profile_id, error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  /* No session is planned any more: their reminders stop, and the
   * schedule's history counts the days until now as they were planned. */
  schedules = salve_care_plan_repo_list_schedules (db, profile_id, error);
  if (schedules == NULL)
    return FALSE;
  for (guint i = 0; i < schedules->len; i++)
    if (!remove_schedule (db, profile_id, g_array_index (schedules, SalveCareSchedule, i).modality, error))
      return FALSE;

  if (ended_on != NULL)
    *ended_on = today;
  return TRUE;
}

static gboolean
undo_end (SalveDb  *db,
          gint64    profile_id,
          GError  **error)
{
  g_autoptr(SalveStmt) ended = NULL;
  g_autoptr(SalveStmt) restore = NULL;
  g_autoptr(SalveStmt) forget = NULL;
  g_autoptr(SalveStmt) reopen = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 after;

  ended = salve_db_prepare (db, "SELECT ended_after_change FROM care_plans WHERE profile_id = ?1"
                                " AND ended_on IS NOT NULL AND ended_after_change IS NOT NULL", error);
  if (ended == NULL || !salve_stmt_bind_int64 (ended, 1, profile_id, error))
    return FALSE;
  if (!salve_stmt_step (ended, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND, _("The course has not ended."));
      return FALSE;
    }
  after = salve_stmt_get_int64 (ended, 0);

  /* Each modality's last version before the end is its schedule again,
   * and the end's own versions go: as if it had never ended. */
  restore = salve_db_prepare (db,
                              "INSERT OR REPLACE INTO care_schedules (profile_id, modality, per_day, minutes, times)"
                              " SELECT profile_id, modality, per_day, minutes, times FROM care_schedule_changes c"
                              " WHERE profile_id = ?1 AND id = (SELECT MAX(id) FROM care_schedule_changes"
                              "   WHERE profile_id = ?1 AND modality = c.modality AND id <= ?2) AND per_day > 0",
                              error);
  forget = salve_db_prepare (db, "DELETE FROM care_schedule_changes WHERE profile_id = ?1 AND id > ?2", error);
  reopen = salve_db_prepare (db, "UPDATE care_plans SET ended_on = NULL, ended_after_change = NULL WHERE profile_id = ?1",
                             error);
  return restore != NULL && forget != NULL && reopen != NULL &&
         salve_stmt_bind_int64 (restore, 1, profile_id, error) && salve_stmt_bind_int64 (restore, 2, after, error) &&
         salve_stmt_run (restore, error) &&
         salve_stmt_bind_int64 (forget, 1, profile_id, error) && salve_stmt_bind_int64 (forget, 2, after, error) &&
         salve_stmt_run (forget, error) &&
         salve_stmt_bind_int64 (reopen, 1, profile_id, error) && salve_stmt_run (reopen, error);
}

gboolean
salve_care_plan_repo_undo_end (SalveDb  *db,
                               gint64    profile_id,
                               GError  **error)
{
  gboolean outermost;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  if (!salve_db_savepoint_begin (db, "care_plan_undo_end", &outermost, error))
    return FALSE;
  return salve_db_savepoint_end (db, "care_plan_undo_end", outermost, undo_end (db, profile_id, error), error);
}

gboolean
salve_care_plan_repo_end (SalveDb  *db,
                          gint64    profile_id,
                          GDate    *ended_on,
                          GError  **error)
{
  gboolean outermost;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  if (!salve_db_savepoint_begin (db, "care_plan_end", &outermost, error))
    return FALSE;
  return salve_db_savepoint_end (db, "care_plan_end", outermost, end_course (db, profile_id, ended_on, error), error);
}

GPtrArray *
salve_care_plan_repo_list_starts (SalveDb  *db,
                                  gint64    profile_id,
                                  GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GPtrArray) starts = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db, "SELECT old_start, new_start, changed_at FROM care_plan_starts"
                               " WHERE profile_id = ?1 ORDER BY id", error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return NULL;

  starts = g_ptr_array_new_with_free_func ((GDestroyNotify) salve_care_plan_start_free);
  while (salve_stmt_step (stmt, &local_error))
    {
      SalveCarePlanStart *start = g_new0 (SalveCarePlanStart, 1);

      start->old_start = salve_stmt_get_is_null (stmt, 0) ? NULL : g_strdup (salve_stmt_get_text (stmt, 0));
      start->new_start = g_strdup (salve_stmt_get_text (stmt, 1));
      start->changed_at = g_strdup (salve_stmt_get_text (stmt, 2));
      g_ptr_array_add (starts, start);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&starts);
}

/* Keeps @schedule (per_day 0: the modality taken off) as the newest
 * version of its schedule, unless it is the newest already. */
static gboolean
add_change (SalveDb                  *db,
            gint64                    profile_id,
            const SalveCareSchedule  *schedule,
            GError                  **error)
{
  g_autoptr(SalveStmt) last = NULL;
  g_autoptr(SalveStmt) insert = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *times = salve_care_schedule_format_times (schedule);
  gint64 now_unix = g_get_real_time () / G_USEC_PER_SEC;

  last = salve_db_prepare (db, "SELECT per_day, minutes, times FROM care_schedule_changes"
                               " WHERE profile_id = ?1 AND modality = ?2 ORDER BY id DESC LIMIT 1", error);
  if (last == NULL ||
      !salve_stmt_bind_int64 (last, 1, profile_id, error) ||
      !salve_stmt_bind_text (last, 2, salve_modality_to_id (schedule->modality), error))
    return FALSE;
  if (salve_stmt_step (last, &local_error))
    {
      if (salve_stmt_get_int64 (last, 0) == schedule->per_day &&
          salve_stmt_get_int64 (last, 1) == schedule->minutes &&
          g_strcmp0 (salve_stmt_get_text (last, 2), times) == 0)
        return TRUE;
    }
  else if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  else if (schedule->per_day == 0)
    return TRUE;

  insert = salve_db_prepare (db, "INSERT INTO care_schedule_changes (profile_id, modality, per_day, minutes, times,"
                                 " saved_unix) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  return insert != NULL &&
         salve_stmt_bind_int64 (insert, 1, profile_id, error) &&
         salve_stmt_bind_text (insert, 2, salve_modality_to_id (schedule->modality), error) &&
         salve_stmt_bind_int64 (insert, 3, schedule->per_day, error) &&
         salve_stmt_bind_int64 (insert, 4, schedule->minutes, error) &&
         salve_stmt_bind_text (insert, 5, times, error) &&
         salve_stmt_bind_int64 (insert, 6, now_unix, error) &&
         salve_stmt_run (insert, error);
}

/* An ended course plans nothing, and takes nothing off its schedule
 * either (the plan read as everywhere: an end that cannot be read
 * refuses too). TRUE when the schedule may change. */
static gboolean
check_not_ended (SalveDb  *db,
                 gint64    profile_id,
                 GError  **error)
{
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(GError) local_error = NULL;

  plan = salve_care_plan_repo_get (db, profile_id, &local_error);
  if (plan == NULL && !g_error_matches (local_error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (plan != NULL && g_date_valid (&plan->ended))
    {
      g_autofree char *day = salve_time_format_gdate (&plan->ended);

      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT,
                   _("The course ended on %s: nothing can be planned in it."), day);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_schedule (SalveDb                  *db,
              gint64                    profile_id,
              const SalveCareSchedule  *schedule,
              GError                  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autofree char *times = salve_care_schedule_format_times (schedule);

  if (!check_not_ended (db, profile_id, error))
    return FALSE;

  stmt = salve_db_prepare (db,
                           "INSERT OR REPLACE INTO care_schedules (profile_id, modality, per_day, minutes, times)"
                           " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  return stmt != NULL &&
         salve_stmt_bind_int64 (stmt, 1, profile_id, error) &&
         salve_stmt_bind_text (stmt, 2, salve_modality_to_id (schedule->modality), error) &&
         salve_stmt_bind_int64 (stmt, 3, schedule->per_day, error) &&
         salve_stmt_bind_int64 (stmt, 4, schedule->minutes, error) &&
         salve_stmt_bind_text (stmt, 5, times, error) &&
         salve_stmt_run (stmt, error) &&
         add_change (db, profile_id, schedule, error);
}

gboolean
salve_care_plan_repo_set_schedule (SalveDb                  *db,
                                   gint64                    profile_id,
                                   const SalveCareSchedule  *schedule,
                                   GError                  **error)
{
  GError *local_error = NULL;
  gboolean outermost;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (schedule != NULL, FALSE);

  if (!salve_care_schedule_validate (schedule, &local_error))
    return invalid_to_constraint (local_error, error);

  if (!salve_db_savepoint_begin (db, "care_schedule", &outermost, error))
    return FALSE;
  return salve_db_savepoint_end (db, "care_schedule", outermost, set_schedule (db, profile_id, schedule, error),
                                 error);
}

static gboolean
remove_schedule (SalveDb        *db,
                 gint64          profile_id,
                 SalveModality   modality,
                 GError        **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  SalveCareSchedule off = { .modality = modality };

  stmt = salve_db_prepare (db, "DELETE FROM care_schedules WHERE profile_id = ?1 AND modality = ?2", error);
  if (stmt == NULL ||
      !salve_stmt_bind_int64 (stmt, 1, profile_id, error) ||
      !salve_stmt_bind_text (stmt, 2, salve_modality_to_id (modality), error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  if (salve_db_changes (db) == 0)
    {
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
                   _("There is no schedule for %s."), salve_modality_get_name (modality));
      return FALSE;
    }
  return add_change (db, profile_id, &off, error);
}

gboolean
salve_care_plan_repo_remove_schedule (SalveDb        *db,
                                      gint64          profile_id,
                                      SalveModality   modality,
                                      GError        **error)
{
  gboolean outermost;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  if (!salve_db_savepoint_begin (db, "care_schedule", &outermost, error))
    return FALSE;
  return salve_db_savepoint_end (db, "care_schedule", outermost,
                                 check_not_ended (db, profile_id, error) &&
                                 remove_schedule (db, profile_id, modality, error),
                                 error);
}

/* A schedule from its row's modality, per_day, minutes and times (the
 * first four columns); FALSE for a modality this version does not know. */
static gboolean
read_schedule (SalveStmt         *stmt,
               SalveCareSchedule *schedule)
{
  if (!salve_modality_from_id (salve_stmt_get_text (stmt, 0), &schedule->modality))
    return FALSE;
  schedule->per_day = (guint) salve_stmt_get_int64 (stmt, 1);
  schedule->minutes = (guint) salve_stmt_get_int64 (stmt, 2);
  /* Times edited into nonsense are dropped, not the whole schedule. */
  if (!salve_care_schedule_parse_times (schedule, salve_stmt_get_text (stmt, 3), NULL))
    schedule->n_times = 0;
  return TRUE;
}

char *
salve_care_plan_repo_fingerprint (SalveDb  *db,
                                  gint64    profile_id,
                                  GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  /* Every column, quoted, so that an empty text and a NULL differ. */
  stmt = salve_db_prepare (db,
                           "SELECT coalesce ((SELECT quote (complaint) || quote (site) || quote (start_date)"
                           "                         || quote (course) || quote (therapist) || quote (updated_at)"
                           "                         || quote (ended_on) || quote (ended_after_change)"
                           "                  FROM care_plans WHERE profile_id = ?1), '-')"
                           " || '|' || coalesce ((SELECT group_concat (s, ';') FROM"
                           "   (SELECT quote (modality) || quote (per_day) || quote (minutes) || quote (times) AS s"
                           "    FROM care_schedules WHERE profile_id = ?1 ORDER BY modality)), '')"
                           " || '|' || coalesce ((SELECT group_concat (t, ';') FROM"
                           "   (SELECT quote (activity) || quote (baseline_week) || quote (baseline_minutes)"
                           "           || quote (step_percent) AS t"
                           "    FROM activity_targets WHERE profile_id = ?1 ORDER BY activity)), '')",
                           error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return NULL;
  if (!salve_stmt_step (stmt, &local_error))
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, SALVE_DB_ERROR, SALVE_DB_ERROR_FAILED, "no fingerprint");
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_strdup (salve_stmt_get_text (stmt, 0));
}

GArray *
salve_care_plan_repo_list_schedules (SalveDb  *db,
                                     gint64    profile_id,
                                     GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GArray) schedules = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db, "SELECT modality, per_day, minutes, times FROM care_schedules"
                               " WHERE profile_id = ?1", error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return NULL;

  schedules = g_array_new (FALSE, TRUE, sizeof (SalveCareSchedule));
  while (salve_stmt_step (stmt, &local_error))
    {
      SalveCareSchedule schedule = { 0 };

      if (read_schedule (stmt, &schedule))
        g_array_append_val (schedules, schedule);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  for (guint i = 1; i < schedules->len; i++)
    for (guint j = i; j > 0; j--)
      {
        SalveCareSchedule *a = &g_array_index (schedules, SalveCareSchedule, j - 1);
        SalveCareSchedule *b = &g_array_index (schedules, SalveCareSchedule, j);
        SalveCareSchedule tmp;

        if (a->modality <= b->modality)
          break;
        tmp = *a;
        *a = *b;
        *b = tmp;
      }

  return g_steal_pointer (&schedules);
}

/* The local day of @unix_time, as "YYYY-MM-DD". */
static char *
local_day (gint64 unix_time)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (unix_time);

  return at != NULL ? g_date_time_format (at, "%Y-%m-%d") : g_strdup ("");
}

GArray *
salve_care_plan_repo_list_schedule_changes (SalveDb  *db,
                                            gint64    profile_id,
                                            GError  **error)
{
  g_autoptr(SalveStmt) plan = NULL;
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GArray) changes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *made_day = NULL;
  g_autofree char *start_day = NULL;
  gint64 ended_after = G_MAXINT64;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  /* Read as the plan stands now: a start moved into the past on the day
   * the plan was made, after its schedule was saved, is still the
   * setting up of a course already under way. */
  plan = salve_db_prepare (db, "SELECT substr(created_at, 1, 10), start_date, ended_after_change FROM care_plans"
                               " WHERE profile_id = ?1", error);
  if (plan == NULL || !salve_stmt_bind_int64 (plan, 1, profile_id, error))
    return NULL;
  if (salve_stmt_step (plan, &local_error))
    {
      made_day = g_strdup (salve_stmt_get_text (plan, 0));
      start_day = g_strdup (salve_stmt_get_text (plan, 1));
      if (!salve_stmt_get_is_null (plan, 2))
        ended_after = salve_stmt_get_int64 (plan, 2);
    }
  else if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  stmt = salve_db_prepare (db, "SELECT modality, per_day, minutes, times, saved_unix, id FROM care_schedule_changes"
                               " WHERE profile_id = ?1 ORDER BY id", error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return NULL;

  changes = g_array_new (FALSE, TRUE, sizeof (SalveCareSchedule));
  while (salve_stmt_step (stmt, &local_error))
    {
      SalveCareSchedule change = { 0 };
      gint64 saved = salve_stmt_get_int64 (stmt, 4);
      g_autofree char *saved_day = saved > 0 ? local_day (saved) : NULL;

      if (!read_schedule (stmt, &change))
        continue;
      /* From when it was saved; from the plan's start when saved before
       * this version kept versions, without a plan yet, or on the day
       * the plan was made for a course that had begun before that day,
       * unless the course was ended then: the end takes the modalities
       * off from its moment, the setting up's day too. */
      if (salve_stmt_get_int64 (stmt, 5) > ended_after)
        change.since_unix = saved;
      else
        change.since_unix = saved <= 0 || made_day == NULL ||
                            (g_strcmp0 (saved_day, made_day) == 0 && g_strcmp0 (start_day, saved_day) < 0)
                            ? 0 : saved;
      g_array_append_val (changes, change);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&changes);
}

gboolean
salve_care_plan_repo_set_target (SalveDb                    *db,
                                 gint64                      profile_id,
                                 const SalveActivityTarget  *target,
                                 GError                    **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autofree char *week = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  if (!salve_activity_target_validate (target, &local_error))
    return invalid_to_constraint (local_error, error);

  week = salve_care_format_date (&target->baseline_week);
  stmt = salve_db_prepare (db,
                           "INSERT OR REPLACE INTO activity_targets (profile_id, activity, baseline_week,"
                           " baseline_minutes, step_percent) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  return stmt != NULL &&
         salve_stmt_bind_int64 (stmt, 1, profile_id, error) &&
         salve_stmt_bind_text (stmt, 2, target->activity, error) &&
         salve_stmt_bind_text (stmt, 3, week, error) &&
         salve_stmt_bind_int64 (stmt, 4, target->baseline_minutes, error) &&
         salve_stmt_bind_double (stmt, 5, target->step_percent, error) &&
         salve_stmt_run (stmt, error);
}

gboolean
salve_care_plan_repo_remove_target (SalveDb     *db,
                                    gint64       profile_id,
                                    const char  *activity,
                                    GError     **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (activity != NULL, FALSE);

  stmt = salve_db_prepare (db, "DELETE FROM activity_targets WHERE profile_id = ?1 AND activity = ?2", error);
  if (stmt == NULL ||
      !salve_stmt_bind_int64 (stmt, 1, profile_id, error) ||
      !salve_stmt_bind_text (stmt, 2, activity, error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  if (salve_db_changes (db) == 0)
    {
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
                   _("There is no target for %s."), salve_activity_get_name (activity));
      return FALSE;
    }
  return TRUE;
}

GArray *
salve_care_plan_repo_list_targets (SalveDb  *db,
                                   gint64    profile_id,
                                   GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GArray) targets = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db, "SELECT activity, baseline_week, baseline_minutes, step_percent"
                               " FROM activity_targets WHERE profile_id = ?1 ORDER BY activity", error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return NULL;

  targets = g_array_new (FALSE, TRUE, sizeof (SalveActivityTarget));
  while (salve_stmt_step (stmt, &local_error))
    {
      SalveActivityTarget target = { { 0 } };

      if (!salve_activity_id_is_valid (salve_stmt_get_text (stmt, 0)) ||
          !salve_care_parse_date (salve_stmt_get_text (stmt, 1), &target.baseline_week, NULL))
        continue;
      g_strlcpy (target.activity, salve_stmt_get_text (stmt, 0), sizeof target.activity);
      target.baseline_minutes = (guint) salve_stmt_get_int64 (stmt, 2);
      target.step_percent = salve_stmt_get_double (stmt, 3);
      g_array_append_val (targets, target);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&targets);
}

GArray *
salve_care_plan_repo_list_entries (SalveDb  *db,
                                   gint64    profile_id,
                                   gint64    from_unix,
                                   gint64    to_unix,
                                   GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = _salve_db_prepare_range (db,
                        "SELECT d.at_unix, d.pain, d.fatigue, d.new_weakness, d.numbness,"
                        " (SELECT COALESCE (SUM (a.minutes), 0) FROM diary_activities a WHERE a.entry_id = d.id)"
                        " FROM diary_entries d"
                        " WHERE d.profile_id = ?1 AND d.at_unix >= ?2 AND d.at_unix < ?3"
                        " ORDER BY d.at_unix, d.id",
                        profile_id, from_unix, to_unix, error);
  if (stmt == NULL)
    return NULL;

  entries = g_array_new (FALSE, TRUE, sizeof (SalveCareEntry));
  while (salve_stmt_step (stmt, &local_error))
    {
      SalveCareEntry entry = { 0 };

      entry.at_unix = salve_stmt_get_int64 (stmt, 0);
      entry.pain = (gint8) salve_stmt_get_int64 (stmt, 1);
      entry.fatigue = salve_stmt_get_is_null (stmt, 2) ? SALVE_DIARY_UNRATED : (gint8) salve_stmt_get_int64 (stmt, 2);
      entry.new_weakness = salve_stmt_get_int64 (stmt, 3) != 0;
      entry.numbness = salve_stmt_get_int64 (stmt, 4) != 0;
      entry.activity_minutes = (guint) salve_stmt_get_int64 (stmt, 5);
      g_array_append_val (entries, entry);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&entries);
}

GArray *
salve_care_plan_repo_list_status_entries (SalveDb      *db,
                                          gint64        profile_id,
                                          const GDate  *day,
                                          GError      **error)
{
  g_autoptr(GArray) targets = NULL;
  GDate first, next;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  targets = salve_care_plan_repo_list_targets (db, profile_id, error);
  if (targets == NULL)
    return NULL;

  first = *day;
  for (guint t = 0; t < targets->len; t++)
    {
      const SalveActivityTarget *target = &g_array_index (targets, SalveActivityTarget, t);

      if (g_date_compare (&target->baseline_week, &first) < 0)
        first = target->baseline_week;
    }
  /* A day's pacing reads the 7 days before it, and a day's margin
   * covers the zone its dates are read in (salve_care_pacing_needed_on()).
   * Nothing after @day: a status "on" a past day is what it said that
   * day. */
  if (g_date_get_julian (&first) > 9)
    g_date_subtract_days (&first, 9);
  next = *day;
  g_date_add_days (&next, 1);

  return salve_care_plan_repo_list_entries (db, profile_id, salve_time_day_start_unix (&first),
                                            salve_time_day_start_unix (&next), error);
}

GArray *
salve_care_plan_repo_list_done_sessions (SalveDb  *db,
                                         gint64    profile_id,
                                         gint64    from_unix,
                                         gint64    to_unix,
                                         GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GArray) marks = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  /* Done means completed: a session stopped early or cut off by a lost
   * link is recorded, but it is not the session that was planned. */
  stmt = _salve_db_prepare_range (db,
                        "SELECT started_unix, modality FROM sessions"
                        " WHERE profile_id = ?1 AND started_unix >= ?2 AND started_unix < ?3"
                        " AND outcome = 'completed'"
                        " AND NOT " SALVE_SESSION_IS_PRACTICE_SQL ("sessions.id")
                        " ORDER BY started_unix, id",
                        profile_id, from_unix, to_unix, error);
  if (stmt == NULL)
    return NULL;

  marks = g_array_new (FALSE, TRUE, sizeof (SalveSessionMark));
  while (salve_stmt_step (stmt, &local_error))
    {
      SalveSessionMark mark = { 0 };
      SalveModality modality;

      if (!salve_modality_from_id (salve_stmt_get_text (stmt, 1), &modality))
        continue;
      mark.at_unix = salve_stmt_get_int64 (stmt, 0);
      mark.modality = modality;
      g_array_append_val (marks, mark);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&marks);
}

gint64
salve_care_plan_repo_sum_activity (SalveDb     *db,
                                   gint64       profile_id,
                                   const char  *activity,
                                   gint64       from_unix,
                                   gint64       to_unix,
                                   GError     **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), -1);
  g_return_val_if_fail (activity != NULL, -1);

  stmt = _salve_db_prepare_range (db,
                        "SELECT COALESCE (SUM (a.minutes), 0) FROM diary_activities a"
                        " JOIN diary_entries d ON d.id = a.entry_id"
                        " WHERE d.profile_id = ?1 AND d.at_unix >= ?2 AND d.at_unix < ?3 AND a.activity = ?4",
                        profile_id, from_unix, to_unix, error);
  if (stmt == NULL || !salve_stmt_bind_text (stmt, 4, activity, error))
    return -1;
  if (!salve_stmt_step (stmt, &local_error))
    {
      if (local_error == NULL)
        return 0;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }
  return salve_stmt_get_int64 (stmt, 0);
}

gboolean
salve_care_plan_repo_activity_week (SalveDb                   *db,
                                    gint64                     profile_id,
                                    const SalveActivityTarget *target,
                                    const SalveDiaryStats     *stats,
                                    const GArray              *entries,
                                    const GDate               *day,
                                    double                    *goal,
                                    gint64                    *done,
                                    guint                     *weeks_after,
                                    GError                   **error)
{
  gint64 days;
  guint weeks;
  g_autofree gboolean *paced = NULL;
  g_autofree double *minutes = NULL;
  gsize cursor = 0;
  GDate week_first, day_after;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (target != NULL && stats != NULL && entries != NULL && day != NULL, FALSE);

  days = (gint64) g_date_get_julian (day) - (gint64) g_date_get_julian (&target->baseline_week);
  weeks = days < 0 ? 0 : (guint) (days / 7);
  paced = g_new0 (gboolean, weeks + 1);
  minutes = g_new0 (double, weeks + 1);

  /* A week needed pacing when any of its days did; the days in order,
   * so that a long diary is not walked once a day. */
  for (guint w = 0; w < weeks; w++)
    {
      const SalveCareEntry *all = (const SalveCareEntry *) (gpointer) entries->data;
      GDate first = target->baseline_week, next;
      gint64 sum;

      g_date_add_days (&first, w * 7);
      for (guint d = 0; d < 7 && !paced[w]; d++)
        {
          GDate other = first;

          g_date_add_days (&other, d);
          paced[w] = salve_care_pacing_needed_on (stats, all, entries->len, NULL, &other, &cursor);
        }
      next = first;
      g_date_add_days (&next, 7);
      sum = salve_care_plan_repo_sum_activity (db, profile_id, target->activity, salve_time_day_start_unix (&first),
                                               salve_time_day_start_unix (&next), error);
      if (sum < 0)
        return FALSE;
      minutes[w] = (double) sum;
    }

  *goal = salve_activity_target_for_week (target->baseline_minutes, target->step_percent, weeks, paced, minutes);

  /* Up to the end of the day asked about, as everything else: a status
   * "on" a past day is what it said that day. */
  week_first = target->baseline_week;
  g_date_add_days (&week_first, weeks * 7);
  day_after = *day;
  g_date_add_days (&day_after, 1);
  *done = salve_care_plan_repo_sum_activity (db, profile_id, target->activity, salve_time_day_start_unix (&week_first),
                                             salve_time_day_start_unix (&day_after), error);
  if (weeks_after != NULL)
    *weeks_after = weeks;
  return *done >= 0;
}
