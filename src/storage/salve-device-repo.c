/* salve-device-repo.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-device-repo"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "salve-device-repo.h"
#include "salve-time.h"

#define DEVICE_COLUMNS \
  "id, name, modality, model, max_intensity_ma, max_power_mw, wavelength_nm," \
  " beam_cm2, electrode_cm2, max_field_ut, channels, connection, created_at, removed_at"

static double
get_optional (SalveStmt *stmt,
              int        column)
{
  return salve_stmt_get_is_null (stmt, column) ? NAN : salve_stmt_get_double (stmt, column);
}

static SalveDevice *
device_from_row (SalveStmt *stmt)
{
  SalveModality modality = SALVE_MODALITY_TENS;
  SalveDevice *device;

  /* The CHECK constraint keeps the column to known ids. */
  salve_modality_from_id (salve_stmt_get_text (stmt, 2), &modality);

  device = salve_device_new (salve_stmt_get_text (stmt, 1), modality);
  device->id = salve_stmt_get_int64 (stmt, 0);
  g_free (device->model);
  device->model = g_strdup (salve_stmt_get_text (stmt, 3));
  device->max_intensity_ma = get_optional (stmt, 4);
  device->max_power_mw = get_optional (stmt, 5);
  device->wavelength_nm = get_optional (stmt, 6);
  device->beam_cm2 = get_optional (stmt, 7);
  device->electrode_cm2 = get_optional (stmt, 8);
  device->max_field_ut = get_optional (stmt, 9);
  device->channels = (int) salve_stmt_get_int64 (stmt, 10);
  g_free (device->connection);
  device->connection = g_strdup (salve_stmt_get_text (stmt, 11));
  device->created_at = g_strdup (salve_stmt_get_text (stmt, 12));
  device->removed_at = salve_stmt_get_is_null (stmt, 13) ? NULL : g_strdup (salve_stmt_get_text (stmt, 13));

  return device;
}

static gboolean
bind_optional (SalveStmt  *stmt,
               int         param,
               double      value,
               GError    **error)
{
  if (isnan (value))
    return salve_stmt_bind_null (stmt, param, error);

  return salve_stmt_bind_double (stmt, param, value, error);
}

#define DEVICE_NAME_MAX_CHARS 120

static gboolean
validate (const SalveDevice  *device,
          GError            **error)
{
  g_autofree char *name = g_strstrip (g_strdup (device->name ? device->name : ""));

  if (*name == '\0')
    {
      g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT,
                           _("A device needs a name."));
      return FALSE;
    }

  /* As a patient's: a name of 10,000 characters filled the Devices view
   * and the session's device step with some 150 lines. */
  if (g_utf8_strlen (name, -1) > DEVICE_NAME_MAX_CHARS)
    {
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT,
                   _("A device’s name can be at most %d characters long."), DEVICE_NAME_MAX_CHARS);
      return FALSE;
    }

  if (device->modality >= SALVE_N_MODALITIES)
    {
      g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT,
                           _("A device needs a modality."));
      return FALSE;
    }

  return salve_device_check (device, error);
}

/* Parameters 1–11 in the order of DEVICE_COLUMNS after the id. */
static gboolean
bind_fields (SalveStmt          *stmt,
             const SalveDevice  *device,
             GError            **error)
{
  return salve_stmt_bind_text (stmt, 1, device->name, error) &&
         salve_stmt_bind_text (stmt, 2, salve_modality_to_id (device->modality), error) &&
         salve_stmt_bind_text (stmt, 3, device->model ? device->model : "", error) &&
         bind_optional (stmt, 4, device->max_intensity_ma, error) &&
         bind_optional (stmt, 5, device->max_power_mw, error) &&
         bind_optional (stmt, 6, device->wavelength_nm, error) &&
         bind_optional (stmt, 7, device->beam_cm2, error) &&
         bind_optional (stmt, 8, device->electrode_cm2, error) &&
         bind_optional (stmt, 9, device->max_field_ut, error) &&
         salve_stmt_bind_int64 (stmt, 10, MAX (device->channels, 1), error) &&
         salve_stmt_bind_text (stmt, 11, salve_device_is_manual (device)
                                           ? SALVE_DEVICE_CONNECTION_MANUAL : device->connection, error);
}

/* The device in use (not removed) called @name, ignoring case and the
 * spaces around it, other than the one with id @except_id; NULL without
 * an error when there is none. One lookup for salvectl's --device and for
 * the names that must stay unique, so that they never disagree: two
 * devices of one name made the check take the first one's limits,
 * whichever was meant. */
static SalveDevice *
find_in_use (SalveDb     *db,
             const char  *name,
             gint64       except_id,
             GError     **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  stmt = salve_db_prepare (db,
                           "SELECT " DEVICE_COLUMNS " FROM devices"
                           " WHERE name = ?1 COLLATE NOCASE AND removed_at IS NULL AND id != ?2"
                           " ORDER BY id LIMIT 1", error);
  if (stmt == NULL ||
      !salve_stmt_bind_text (stmt, 1, stripped, error) ||
      !salve_stmt_bind_int64 (stmt, 2, except_id, error))
    return NULL;

  if (salve_stmt_step (stmt, &local_error))
    return device_from_row (stmt);

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static gboolean
check_name_free (SalveDb            *db,
                 const SalveDevice  *device,
                 GError            **error)
{
  g_autoptr(SalveDevice) other = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (device->name));

  other = find_in_use (db, name, device->id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (other != NULL)
    {
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS,
                   _("There is already a device called “%s”: give this one another name."), name);
      return FALSE;
    }

  return TRUE;
}

gboolean
salve_device_repo_add (SalveDb      *db,
                       SalveDevice  *device,
                       GError      **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autofree char *now = salve_time_now_iso ();

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (device != NULL, FALSE);

  if (!validate (device, error) || !check_name_free (db, device, error))
    return FALSE;

  stmt = salve_db_prepare (db,
                           "INSERT INTO devices (name, modality, model, max_intensity_ma, max_power_mw,"
                           " wavelength_nm, beam_cm2, electrode_cm2, max_field_ut, channels, connection, created_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);
  if (stmt == NULL ||
      !bind_fields (stmt, device, error) ||
      !salve_stmt_bind_text (stmt, 12, now, error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  device->id = salve_db_last_insert_id (db);
  g_free (device->created_at);
  device->created_at = g_steal_pointer (&now);

  return TRUE;
}

static gboolean
expect_one_change (SalveDb  *db,
                   GError  **error)
{
  if (salve_db_changes (db) > 0)
    return TRUE;

  g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
                       _("That device no longer exists."));
  return FALSE;
}

gboolean
salve_device_repo_update (SalveDb            *db,
                          const SalveDevice  *device,
                          GError            **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (device != NULL, FALSE);

  if (!validate (device, error) || !check_name_free (db, device, error))
    return FALSE;

  stmt = salve_db_prepare (db,
                           "UPDATE devices SET name = ?1, modality = ?2, model = ?3, max_intensity_ma = ?4,"
                           " max_power_mw = ?5, wavelength_nm = ?6, beam_cm2 = ?7, electrode_cm2 = ?8,"
                           " max_field_ut = ?9, channels = ?10, connection = ?11 WHERE id = ?12", error);
  return stmt != NULL &&
         bind_fields (stmt, device, error) &&
         salve_stmt_bind_int64 (stmt, 12, device->id, error) &&
         salve_stmt_run (stmt, error) &&
         expect_one_change (db, error);
}

static gboolean
set_removed (SalveDb     *db,
             gint64       id,
             const char  *removed_at,
             GError     **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  stmt = salve_db_prepare (db, "UPDATE devices SET removed_at = ?1 WHERE id = ?2", error);
  return stmt != NULL &&
         salve_stmt_bind_text (stmt, 1, removed_at, error) &&
         salve_stmt_bind_int64 (stmt, 2, id, error) &&
         salve_stmt_run (stmt, error) &&
         expect_one_change (db, error);
}

gboolean
salve_device_repo_remove (SalveDb  *db,
                          gint64    id,
                          GError  **error)
{
  g_autofree char *now = salve_time_now_iso ();

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  return set_removed (db, id, now, error);
}

/* Whether a device in use is called @name (_salve_db_pick_free_name()). */
static gboolean
name_in_use (SalveDb     *db,
             const char  *name,
             gboolean    *taken,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SalveDevice) device = find_in_use (db, name, 0, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *taken = device != NULL;
  return TRUE;
}

/* Brings the device back, and under a name of its own when another
 * device took its name while it was removed. */
static gboolean
restore_in_savepoint (SalveDb  *db,
                      gint64    id,
                      char    **renamed_to,
                      GError  **error)
{
  g_autoptr(SalveDevice) device = NULL;
  g_autoptr(SalveDevice) taken = NULL;
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *free_name = NULL;

  device = salve_device_repo_get (db, id, error);
  if (device == NULL)
    return FALSE;

  taken = find_in_use (db, device->name, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (taken != NULL &&
      (free_name = _salve_db_pick_free_name (db, device->name, DEVICE_NAME_MAX_CHARS, name_in_use, error)) == NULL)
    return FALSE;

  stmt = salve_db_prepare (db, "UPDATE devices SET removed_at = NULL, name = coalesce (?1, name) WHERE id = ?2",
                           error);
  if (stmt == NULL ||
      !salve_stmt_bind_text (stmt, 1, free_name, error) ||
      !salve_stmt_bind_int64 (stmt, 2, id, error) ||
      !salve_stmt_run (stmt, error) ||
      !expect_one_change (db, error))
    return FALSE;

  if (renamed_to != NULL)
    *renamed_to = g_steal_pointer (&free_name);
  return TRUE;
}

gboolean
salve_device_repo_restore (SalveDb  *db,
                           gint64    id,
                           char    **renamed_to,
                           GError  **error)
{
  gboolean outermost;
  gboolean ok;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  if (renamed_to != NULL)
    *renamed_to = NULL;

  if (!salve_db_savepoint_begin (db, "device_restore", &outermost, error))
    return FALSE;
  ok = restore_in_savepoint (db, id, renamed_to, error);
  if (!salve_db_savepoint_end (db, "device_restore", outermost, ok, ok ? error : NULL))
    {
      if (renamed_to != NULL)
        g_clear_pointer (renamed_to, g_free);
      return FALSE;
    }

  return ok;
}

GPtrArray *
salve_device_repo_list (SalveDb  *db,
                        GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db,
                           "SELECT " DEVICE_COLUMNS " FROM devices WHERE removed_at IS NULL"
                           " ORDER BY name COLLATE NOCASE, id", error);
  if (stmt == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) salve_device_free);
  while (salve_stmt_step (stmt, &local_error))
    g_ptr_array_add (list, device_from_row (stmt));

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&list);
}

static SalveDevice *
find_one (SalveStmt   *stmt,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (salve_stmt_step (stmt, &local_error))
    return device_from_row (stmt);

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
                         _("That device no longer exists."));
  return NULL;
}

SalveDevice *
salve_device_repo_get (SalveDb  *db,
                       gint64    id,
                       GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db, "SELECT " DEVICE_COLUMNS " FROM devices WHERE id = ?1", error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, id, error))
    return NULL;

  return find_one (stmt, error);
}

SalveDevice *
salve_device_repo_find_by_name (SalveDb     *db,
                                const char  *name,
                                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  SalveDevice *device;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  device = find_in_use (db, name, 0, &local_error);
  /* A name looked up was typed, not picked from a list: it may never have
   * been there, so "no longer exists" would mislead. */
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (device == NULL)
    g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
                 _("There is no device called “%s”."), name);
  return device;
}
