/* salve-program-repo.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-program-repo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "salve-program-repo.h"
#include "salve-time.h"

#define PROGRAM_COLUMNS "id, name, modality, params_json, site, steps_json"

static char *
steps_to_json (SalvePreset *preset)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char * const *steps = salve_preset_get_steps (preset);

  json_builder_begin_array (builder);
  for (guint i = 0; steps[i] != NULL; i++)
    json_builder_add_string_value (builder, steps[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static char *
params_to_json (SalvePreset *preset)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, salve_preset_get_params (preset));
  return json_to_string (node, FALSE);
}

static SalvePreset *
program_from_row (SalveStmt *stmt)
{
  g_autoptr(SalvePreset) preset = NULL;
  g_autoptr(JsonNode) params = NULL;
  g_autoptr(JsonNode) steps = NULL;
  g_autofree char *id = g_strdup_printf ("program:%" G_GINT64_FORMAT, salve_stmt_get_int64 (stmt, 0));
  SalveModality modality = SALVE_MODALITY_TENS;
  SalveSite site;

  salve_modality_from_id (salve_stmt_get_text (stmt, 2), &modality);
  preset = salve_preset_new (id, modality, salve_stmt_get_text (stmt, 1));
  salve_preset_set_program_id (preset, salve_stmt_get_int64 (stmt, 0));

  params = json_from_string (salve_stmt_get_text (stmt, 3), NULL);
  if (params != NULL && JSON_NODE_HOLDS_OBJECT (params))
    {
      JsonObject *object = json_node_get_object (params);
      g_autoptr(GList) members = json_object_get_members (object);

      for (const GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *member = json_object_get_member (object, l->data);

          if (JSON_NODE_HOLDS_VALUE (member))
            salve_preset_set_param (preset, l->data, json_node_get_double (member));
        }
    }

  if (salve_site_from_id (salve_stmt_get_text (stmt, 4), &site))
    salve_preset_set_site (preset, site);

  steps = json_from_string (salve_stmt_get_text (stmt, 5), NULL);
  if (steps != NULL && JSON_NODE_HOLDS_ARRAY (steps))
    {
      JsonArray *array = json_node_get_array (steps);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *step = json_array_get_string_element (array, i);
          if (step != NULL)
            g_strv_builder_add (builder, step);
        }
      strv = g_strv_builder_end (builder);
      salve_preset_set_steps (preset, (const char * const *) strv);
    }

  return g_steal_pointer (&preset);
}

SalvePreset *
salve_program_repo_save (SalveDb      *db,
                         gint64        profile_id,
                         SalvePreset  *preset,
                         const char   *based_on,
                         GError      **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *params = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *now = salve_time_now_iso ();
  g_autofree char *name = NULL;
  SalveSite site;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);
  g_return_val_if_fail (SALVE_IS_PRESET (preset), NULL);

  name = g_strstrip (g_strdup (salve_preset_get_name (preset)));
  if (*name == '\0')
    {
      g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT,
                           _("A program needs a name."));
      return NULL;
    }

  params = params_to_json (preset);
  steps = steps_to_json (preset);
  site = salve_preset_get_site (preset);

  stmt = salve_db_prepare (db,
                           "INSERT INTO programs (profile_id, name, modality, params_json, site,"
                           " steps_json, based_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           error);
  if (stmt == NULL ||
      !salve_stmt_bind_int64 (stmt, 1, profile_id, error) ||
      !salve_stmt_bind_text (stmt, 2, name, error) ||
      !salve_stmt_bind_text (stmt, 3, salve_modality_to_id (salve_preset_get_modality (preset)), error) ||
      !salve_stmt_bind_text (stmt, 4, params, error) ||
      !salve_stmt_bind_text (stmt, 5, site < SALVE_N_SITES ? salve_site_to_id (site) : "", error) ||
      !salve_stmt_bind_text (stmt, 6, steps, error) ||
      !salve_stmt_bind_text (stmt, 7, based_on ? based_on : "", error) ||
      !salve_stmt_bind_text (stmt, 8, now, error))
    return NULL;

  if (!salve_stmt_run (stmt, &local_error))
    {
      if (g_error_matches (local_error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT))
        g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS,
                     _("There is already a program called “%s”."), name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return salve_program_repo_get (db, salve_db_last_insert_id (db), error);
}

GPtrArray *
salve_program_repo_list (SalveDb  *db,
                         gint64    profile_id,
                         int       modality,
                         GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db,
                           "SELECT " PROGRAM_COLUMNS " FROM programs WHERE profile_id = ?1"
                           " AND (?2 IS NULL OR modality = ?2) ORDER BY name COLLATE NOCASE, id",
                           error);
  if (stmt == NULL ||
      !salve_stmt_bind_int64 (stmt, 1, profile_id, error) ||
      !salve_stmt_bind_text (stmt, 2,
                             (modality >= 0 && modality < SALVE_N_MODALITIES)
                               ? salve_modality_to_id (modality) : NULL,
                             error))
    return NULL;

  list = g_ptr_array_new_with_free_func (g_object_unref);
  while (salve_stmt_step (stmt, &local_error))
    g_ptr_array_add (list, program_from_row (stmt));

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&list);
}

SalvePreset *
salve_program_repo_get (SalveDb  *db,
                        gint64    program_id,
                        GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db, "SELECT " PROGRAM_COLUMNS " FROM programs WHERE id = ?1", error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, program_id, error))
    return NULL;

  if (salve_stmt_step (stmt, &local_error))
    return program_from_row (stmt);

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
                         _("That program no longer exists."));
  return NULL;
}

gboolean
salve_program_repo_delete (SalveDb  *db,
                           gint64    program_id,
                           GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  stmt = salve_db_prepare (db, "DELETE FROM programs WHERE id = ?1", error);
  if (stmt == NULL ||
      !salve_stmt_bind_int64 (stmt, 1, program_id, error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  if (salve_db_changes (db) == 0)
    {
      g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
                           _("That program no longer exists."));
      return FALSE;
    }

  return TRUE;
}
