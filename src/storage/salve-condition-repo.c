/* salve-condition-repo.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-condition-repo"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "salve-condition-repo.h"
#include "salve-time.h"

void
salve_condition_answer_free (SalveConditionAnswer *answer)
{
  if (answer == NULL)
    return;

  g_free (answer->answered_by);
  g_free (answer->answered_at);
  g_free (answer);
}

static gboolean
profile_exists (SalveDb  *db,
                gint64    profile_id,
                GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = salve_db_prepare (db, "SELECT 1 FROM profiles WHERE id = ?1", error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return FALSE;

  if (salve_stmt_step (stmt, &local_error))
    return TRUE;

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
                         _("That patient no longer exists."));
  return FALSE;
}

gboolean
salve_condition_repo_set (SalveDb         *db,
                          gint64           profile_id,
                          SalveCondition   condition,
                          SalveAnswer      answer,
                          SalveSite        site,
                          const char      *answered_by,
                          GError         **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autofree char *now = salve_time_now_iso ();

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (condition < SALVE_N_CONDITIONS, FALSE);
  g_return_val_if_fail (answer <= SALVE_ANSWER_UNKNOWN, FALSE);
  g_return_val_if_fail (site <= SALVE_N_SITES, FALSE);

  if (!profile_exists (db, profile_id, error))
    return FALSE;

  stmt = salve_db_prepare (db,
                           "INSERT INTO profile_conditions"
                           " (profile_id, condition, answer, site, answered_by, answered_at, last_entry_id)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                           "         (SELECT max(id) FROM diary_entries WHERE profile_id = ?1))"
                           " ON CONFLICT (profile_id, condition) DO UPDATE SET"
                           " answer = excluded.answer, site = excluded.site,"
                           " answered_by = excluded.answered_by, answered_at = excluded.answered_at,"
                           " last_entry_id = excluded.last_entry_id",
                           error);
  return stmt != NULL &&
         salve_stmt_bind_int64 (stmt, 1, profile_id, error) &&
         salve_stmt_bind_text (stmt, 2, salve_condition_to_id (condition), error) &&
         salve_stmt_bind_text (stmt, 3, salve_answer_to_id (answer), error) &&
         salve_stmt_bind_text (stmt, 4, site < SALVE_N_SITES ? salve_site_to_id (site) : NULL, error) &&
         salve_stmt_bind_text (stmt, 5, answered_by ? answered_by : "", error) &&
         salve_stmt_bind_text (stmt, 6, now, error) &&
         salve_stmt_run (stmt, error);
}

GPtrArray *
salve_condition_repo_list (SalveDb  *db,
                           gint64    profile_id,
                           GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db,
                           "SELECT condition, answer, site, answered_by, answered_at, last_entry_id"
                           " FROM profile_conditions WHERE profile_id = ?1",
                           error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) salve_condition_answer_free);
  while (salve_stmt_step (stmt, &local_error))
    {
      SalveConditionAnswer *row;
      SalveCondition condition;
      SalveAnswer answer;
      SalveSite site = SALVE_N_SITES;

      /* A row written by a newer Salve with a condition we do not know
       * cannot make anything safer here: skip it. */
      if (!salve_condition_from_id (salve_stmt_get_text (stmt, 0), &condition) ||
          !salve_answer_from_id (salve_stmt_get_text (stmt, 1), &answer))
        continue;

      if (!salve_stmt_get_is_null (stmt, 2) &&
          !salve_site_from_id (salve_stmt_get_text (stmt, 2), &site))
        site = SALVE_N_SITES;

      row = g_new0 (SalveConditionAnswer, 1);
      row->condition = condition;
      row->answer = answer;
      row->site = site;
      row->answered_by = g_strdup (salve_stmt_get_text (stmt, 3));
      row->answered_at = g_strdup (salve_stmt_get_text (stmt, 4));
      row->last_entry_id = salve_stmt_get_is_null (stmt, 5) ? 0 : salve_stmt_get_int64 (stmt, 5);
      g_ptr_array_add (list, row);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  for (guint i = 1; i < list->len; i++)
    {
      /* insertion sort by condition: at most 14 rows */
      for (guint j = i; j > 0; j--)
        {
          SalveConditionAnswer *a = g_ptr_array_index (list, j - 1);
          SalveConditionAnswer *b = g_ptr_array_index (list, j);

          if (a->condition <= b->condition)
            break;
          list->pdata[j - 1] = b;
          list->pdata[j] = a;
        }
    }

  return g_steal_pointer (&list);
}

gboolean
salve_condition_repo_load (SalveDb              *db,
                           gint64                profile_id,
                           SalveProfileAnswers  *answers,
                           GError              **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);

  salve_profile_answers_init (answers, SALVE_ANSWER_UNKNOWN);

  stmt = salve_db_prepare (db, "SELECT intensity_ceiling_ma FROM profiles WHERE id = ?1", error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return FALSE;

  if (!salve_stmt_step (stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
                             _("That patient no longer exists."));
      return FALSE;
    }

  if (!salve_stmt_get_is_null (stmt, 0))
    answers->intensity_ceiling_ma = salve_stmt_get_double (stmt, 0);

  list = salve_condition_repo_list (db, profile_id, error);
  if (list == NULL)
    return FALSE;

  for (guint i = 0; i < list->len; i++)
    {
      const SalveConditionAnswer *row = g_ptr_array_index (list, i);

      answers->answers[row->condition] = row->answer;
      answers->answered[row->condition] = TRUE;
      answers->sites[row->condition] = row->site;
    }

  return TRUE;
}

gboolean
salve_condition_repo_set_ceiling (SalveDb  *db,
                                  gint64    profile_id,
                                  double    ceiling_ma,
                                  GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  stmt = salve_db_prepare (db, "UPDATE profiles SET intensity_ceiling_ma = ?1 WHERE id = ?2", error);
  if (stmt == NULL ||
      !(isnan (ceiling_ma)
          ? salve_stmt_bind_null (stmt, 1, error)
          : salve_stmt_bind_double (stmt, 1, ceiling_ma, error)) ||
      !salve_stmt_bind_int64 (stmt, 2, profile_id, error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  if (salve_db_changes (db) == 0)
    {
      g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
                           _("That patient no longer exists."));
      return FALSE;
    }

  return TRUE;
}
