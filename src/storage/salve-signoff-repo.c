/* salve-signoff-repo.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-signoff-repo"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "salve-signoff-repo.h"
#include "salve-time.h"

void
salve_signoff_free (SalveSignoff *signoff)
{
  if (signoff == NULL)
    return;

  g_free (signoff->signed_by);
  g_free (signoff->signed_at);
  g_free (signoff->answers_json);
  g_free (signoff);
}

SalveSignoff *
salve_signoff_repo_add (SalveDb                    *db,
                        gint64                      profile_id,
                        const char                 *signed_by,
                        const SalveProfileAnswers  *answers,
                        GError                    **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(SalveSignoff) signoff = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);
  g_return_val_if_fail (answers != NULL, NULL);

  name = g_strstrip (g_strdup (signed_by ? signed_by : ""));
  if (*name == '\0')
    {
      g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT,
                           _("A sign-off needs the carer’s name."));
      return NULL;
    }

  signoff = g_new0 (SalveSignoff, 1);
  signoff->profile_id = profile_id;
  signoff->signed_by = g_steal_pointer (&name);
  signoff->signed_at = salve_time_now_iso ();
  signoff->answers = *answers;
  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    signoff->answered_known[c] = TRUE;
  node = salve_profile_answers_to_json (answers);
  signoff->answers_json = json_to_string (node, FALSE);

  stmt = salve_db_prepare (db,
                           "INSERT INTO checklist_signoffs (profile_id, signed_by, signed_at, answers_json)"
                           " VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL ||
      !salve_stmt_bind_int64 (stmt, 1, profile_id, error) ||
      !salve_stmt_bind_text (stmt, 2, signoff->signed_by, error) ||
      !salve_stmt_bind_text (stmt, 3, signoff->signed_at, error) ||
      !salve_stmt_bind_text (stmt, 4, signoff->answers_json, error) ||
      !salve_stmt_run (stmt, error))
    return NULL;

  signoff->id = salve_db_last_insert_id (db);

  return g_steal_pointer (&signoff);
}

GPtrArray *
salve_signoff_repo_list (SalveDb  *db,
                         gint64    profile_id,
                         GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db,
                           "SELECT id, signed_by, signed_at, answers_json FROM checklist_signoffs"
                           " WHERE profile_id = ?1 ORDER BY signed_at DESC, id DESC", error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) salve_signoff_free);
  while (salve_stmt_step (stmt, &local_error))
    {
      SalveSignoff *signoff = g_new0 (SalveSignoff, 1);
      g_autoptr(JsonNode) node = NULL;

      signoff->id = salve_stmt_get_int64 (stmt, 0);
      signoff->profile_id = profile_id;
      signoff->signed_by = g_strdup (salve_stmt_get_text (stmt, 1));
      signoff->signed_at = g_strdup (salve_stmt_get_text (stmt, 2));
      signoff->answers_json = g_strdup (salve_stmt_get_text (stmt, 3));

      /* A damaged record still shows who signed and when; its answers
       * then read as unanswered rather than as safe. */
      node = json_from_string (signoff->answers_json, NULL);
      if (!salve_profile_answers_from_json (&signoff->answers, node, NULL))
        salve_profile_answers_init (&signoff->answers, SALVE_ANSWER_UNKNOWN);
      for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
        signoff->answered_known[c] = salve_profile_answers_json_says_answered (node, c);

      g_ptr_array_add (list, signoff);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&list);
}

static gboolean
same_ceiling (double a,
              double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);

  return a == b;
}

guint
salve_signoff_count_changes (const SalveSignoff        *signoff,
                             const SalveProfileAnswers *current)
{
  guint changes = 0;

  g_return_val_if_fail (signoff != NULL, 0);
  g_return_val_if_fail (current != NULL, 0);

  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    if (signoff->answers.answers[c] != current->answers[c] ||
        (salve_condition_is_local (c) && signoff->answers.sites[c] != current->sites[c]) ||
        (signoff->answered_known[c] && signoff->answers.answered[c] != current->answered[c]))
      changes++;

  if (!same_ceiling (signoff->answers.intensity_ceiling_ma, current->intensity_ceiling_ma))
    changes++;

  return changes;
}
