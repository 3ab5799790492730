/* salve-profile-repo.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-profile-repo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "salve-profile-repo.h"
#include "salve-time.h"

#define PROFILE_COLUMNS "id, name, created_at"

static SalveProfile *
profile_from_row (SalveStmt *stmt)
{
  return salve_profile_new (salve_stmt_get_int64 (stmt, 0),
                            salve_stmt_get_text (stmt, 1),
                            salve_stmt_get_text (stmt, 2));
}

static gboolean
name_is_taken (SalveDb     *db,
               const char  *name,
               gint64       except_id,
               gboolean    *taken,
               GError     **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_autofree char *key = salve_profile_name_fold (name);

  /* name = ?1 (NOCASE) also finds rows written without a key. */
  stmt = salve_db_prepare (db, "SELECT 1 FROM profiles WHERE (name = ?1 OR name_key = ?3) AND id != ?2", error);
  if (stmt == NULL ||
      !salve_stmt_bind_text (stmt, 1, name, error) ||
      !salve_stmt_bind_int64 (stmt, 2, except_id, error) ||
      !salve_stmt_bind_text (stmt, 3, key, error))
    return FALSE;

  *taken = salve_stmt_step (stmt, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

SalveProfile *
salve_profile_repo_add (SalveDb     *db,
                        const char  *name,
                        GError     **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autofree char *now = NULL;
  g_autofree char *key = NULL;
  gboolean taken = FALSE;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  if (!salve_profile_name_is_valid (name, error))
    return NULL;

  if (!name_is_taken (db, name, 0, &taken, error))
    return NULL;

  if (taken)
    {
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS,
                   _("There is already a patient called “%s”."), name);
      return NULL;
    }

  now = salve_time_now_iso ();
  key = salve_profile_name_fold (name);
  stmt = salve_db_prepare (db, "INSERT INTO profiles (name, name_key, created_at) VALUES (?1, ?3, ?2)", error);
  if (stmt == NULL ||
      !salve_stmt_bind_text (stmt, 1, name, error) ||
      !salve_stmt_bind_text (stmt, 3, key, error) ||
      !salve_stmt_bind_text (stmt, 2, now, error) ||
      !salve_stmt_run (stmt, error))
    return NULL;

  return salve_profile_new (salve_db_last_insert_id (db), name, now);
}

GPtrArray *
salve_profile_repo_list (SalveDb  *db,
                         GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db, "SELECT " PROFILE_COLUMNS " FROM profiles ORDER BY name, id", error);
  if (stmt == NULL)
    return NULL;

  profiles = g_ptr_array_new_with_free_func (g_object_unref);
  while (salve_stmt_step (stmt, &local_error))
    g_ptr_array_add (profiles, profile_from_row (stmt));

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&profiles);
}

static SalveProfile *
find_one (SalveStmt   *stmt,
          const char  *what,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (salve_stmt_step (stmt, &local_error))
    return profile_from_row (stmt);

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
                 _("There is no patient called “%s”."), what);

  return NULL;
}

/* Whether any patient is called @name (_salve_db_pick_free_name()). */
static gboolean
name_is_any_patients (SalveDb     *db,
                      const char  *name,
                      gboolean    *taken,
                      GError     **error)
{
  return name_is_taken (db, name, 0, taken, error);
}

char *
salve_profile_repo_pick_free_name (SalveDb     *db,
                                   const char  *name,
                                   GError     **error)
{
  gboolean taken = FALSE;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!name_is_any_patients (db, name, &taken, error))
    return NULL;
  if (!taken)
    return g_strdup (name);

  return _salve_db_pick_free_name (db, name, SALVE_PROFILE_NAME_MAX_CHARS, name_is_any_patients, error);
}

SalveProfile *
salve_profile_repo_find_by_name (SalveDb     *db,
                                 const char  *name,
                                 GError     **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  key = salve_profile_name_fold (name);
  /* The exact name first: names that clashed before keys existed (see
   * migration v8) are each found by their own spelling. */
  stmt = salve_db_prepare (db, "SELECT " PROFILE_COLUMNS " FROM profiles WHERE name = ?1 OR name_key = ?2"
                               " ORDER BY name = ?1 COLLATE BINARY DESC, id LIMIT 1", error);
  if (stmt == NULL || !salve_stmt_bind_text (stmt, 1, name, error) ||
      !salve_stmt_bind_text (stmt, 2, key, error))
    return NULL;

  return find_one (stmt, name, error);
}

SalveProfile *
salve_profile_repo_get (SalveDb  *db,
                        gint64    id,
                        GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autofree char *what = g_strdup_printf ("#%" G_GINT64_FORMAT, id);

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db, "SELECT " PROFILE_COLUMNS " FROM profiles WHERE id = ?1", error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, id, error))
    return NULL;

  return find_one (stmt, what, error);
}

gboolean
salve_profile_repo_rename (SalveDb     *db,
                           gint64       id,
                           const char  *new_name,
                           GError     **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autofree char *key = NULL;
  gboolean taken = FALSE;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  if (!salve_profile_name_is_valid (new_name, error) ||
      !name_is_taken (db, new_name, id, &taken, error))
    return FALSE;

  if (taken)
    {
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS,
                   _("There is already a patient called “%s”."), new_name);
      return FALSE;
    }

  key = salve_profile_name_fold (new_name);
  stmt = salve_db_prepare (db, "UPDATE profiles SET name = ?1, name_key = ?3 WHERE id = ?2", error);
  if (stmt == NULL ||
      !salve_stmt_bind_text (stmt, 1, new_name, error) ||
      !salve_stmt_bind_text (stmt, 3, key, error) ||
      !salve_stmt_bind_int64 (stmt, 2, id, error) ||
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

gboolean
salve_profile_repo_delete (SalveDb  *db,
                           gint64    id,
                           GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  stmt = salve_db_prepare (db, "DELETE FROM profiles WHERE id = ?1", error);
  if (stmt == NULL ||
      !salve_stmt_bind_int64 (stmt, 1, id, error) ||
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

gboolean
salve_profile_repo_count_records (SalveDb  *db,
                                  gint64    id,
                                  gint64   *n_entries,
                                  gint64   *n_sessions,
                                  gint64   *n_medication,
                                  GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  stmt = salve_db_prepare (db, "SELECT (SELECT count(*) FROM diary_entries WHERE profile_id = ?1),"
                               " (SELECT count(*) FROM sessions WHERE profile_id = ?1),"
                               " (SELECT count(*) FROM medication_intakes WHERE profile_id = ?1)", error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, id, error))
    return FALSE;

  if (!salve_stmt_step (stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_FAILED, _("The database gave no answer."));
      return FALSE;
    }

  *n_entries = salve_stmt_get_int64 (stmt, 0);
  *n_sessions = salve_stmt_get_int64 (stmt, 1);
  *n_medication = salve_stmt_get_int64 (stmt, 2);
  return TRUE;
}
