/* salve-medication-repo.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-medication-repo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "salve-medication-repo.h"

#define INTAKE_COLUMNS "id, profile_id, at, name, dose, as_needed, note"

static SalveMedication *
intake_from_row (SalveStmt *stmt)
{
  g_autoptr(SalveMedication) m = salve_medication_new (salve_stmt_get_int64 (stmt, 1));

  salve_medication_set_id (m, salve_stmt_get_int64 (stmt, 0));
  /* A row someone edited by hand into nonsense keeps "now" rather than
   * failing the whole list. */
  if (!salve_medication_set_at_iso (m, salve_stmt_get_text (stmt, 2), NULL))
    g_warning ("Medication intake %" G_GINT64_FORMAT " has an unreadable time “%s”",
               salve_stmt_get_int64 (stmt, 0), salve_stmt_get_text (stmt, 2));
  salve_medication_set_name (m, salve_stmt_get_text (stmt, 3));
  salve_medication_set_dose (m, salve_stmt_get_text (stmt, 4));
  salve_medication_set_as_needed (m, salve_stmt_get_int64 (stmt, 5) != 0);
  salve_medication_set_note (m, salve_stmt_get_text (stmt, 6));

  return g_steal_pointer (&m);
}

/* ?1 profile_id … ?7 note, in the column order of the table. */
static gboolean
bind_fields (SalveStmt        *stmt,
             SalveMedication  *m,
             GError          **error)
{
  return salve_stmt_bind_int64 (stmt, 1, salve_medication_get_profile_id (m), error) &&
         salve_stmt_bind_text (stmt, 2, salve_medication_get_at_iso (m), error) &&
         salve_stmt_bind_int64 (stmt, 3, salve_medication_get_at_unix (m), error) &&
         salve_stmt_bind_text (stmt, 4, salve_medication_get_name (m), error) &&
         salve_stmt_bind_text (stmt, 5, salve_medication_get_dose (m), error) &&
         salve_stmt_bind_int64 (stmt, 6, salve_medication_get_as_needed (m) ? 1 : 0, error) &&
         salve_stmt_bind_text (stmt, 7, salve_medication_get_note (m), error);
}

/* @as_recorded: an intake written back as it was (Undo), not checked
 * against the present. */
static gboolean
insert (SalveDb          *db,
        SalveMedication  *m,
        gint64            import_id,
        gboolean          as_recorded,
        gboolean         *added,
        GError          **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (SALVE_IS_MEDICATION (m), FALSE);

  if (added != NULL)
    *added = FALSE;
  if (!(as_recorded ? salve_medication_validate_stored (m, error) : salve_medication_validate (m, error)))
    return FALSE;

  /* DO NOTHING covers the unique index only: CHECK and foreign keys still fail. */
  stmt = salve_db_prepare (db,
                           "INSERT INTO medication_intakes (profile_id, at, at_unix, name, dose,"
                           " as_needed, note, import_id)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                           " ON CONFLICT DO NOTHING",
                           error);
  if (stmt == NULL ||
      !bind_fields (stmt, m, error) ||
      !(import_id > 0 ? salve_stmt_bind_int64 (stmt, 8, import_id, error)
                      : salve_stmt_bind_null (stmt, 8, error)) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  if (salve_db_changes (db) == 0)
    return TRUE;

  salve_medication_set_id (m, salve_db_last_insert_id (db));
  if (added != NULL)
    *added = TRUE;
  return TRUE;
}

static gboolean
add (SalveDb          *db,
     SalveMedication  *medication,
     gboolean          as_recorded,
     GError          **error)
{
  gboolean added = FALSE;

  if (!insert (db, medication, 0, as_recorded, &added, error))
    return FALSE;

  if (!added)
    {
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS,
                   _("%s %s is already recorded at that time."),
                   salve_medication_get_name (medication), salve_medication_get_dose (medication));
      return FALSE;
    }
  return TRUE;
}

gboolean
salve_medication_repo_add (SalveDb          *db,
                           SalveMedication  *medication,
                           GError          **error)
{
  return add (db, medication, FALSE, error);
}

gboolean
salve_medication_repo_restore (SalveDb          *db,
                               SalveMedication  *medication,
                               GError          **error)
{
  return add (db, medication, TRUE, error);
}

gboolean
salve_medication_repo_add_imported (SalveDb          *db,
                                    SalveMedication  *medication,
                                    gint64            import_id,
                                    gboolean         *added,
                                    GError          **error)
{
  return insert (db, medication, import_id, FALSE, added, error);
}

static gboolean
not_found (gint64   id,
           GError **error)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
               _("There is no medication intake with number %s."), number);
  return FALSE;
}

gboolean
salve_medication_repo_update (SalveDb          *db,
                              SalveMedication  *medication,
                              GError          **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  gint64 id;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (SALVE_IS_MEDICATION (medication), FALSE);

  if (!salve_medication_validate (medication, error))
    return FALSE;

  id = salve_medication_get_id (medication);
  stmt = salve_db_prepare (db,
                           "UPDATE medication_intakes SET profile_id = ?1, at = ?2, at_unix = ?3,"
                           " name = ?4, dose = ?5, as_needed = ?6, note = ?7"
                           " WHERE id = ?8",
                           error);
  if (stmt == NULL ||
      !bind_fields (stmt, medication, error) ||
      !salve_stmt_bind_int64 (stmt, 8, id, error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  if (salve_db_changes (db) == 0)
    return not_found (id, error);
  return TRUE;
}

gboolean
salve_medication_repo_delete (SalveDb  *db,
                              gint64    id,
                              GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  stmt = salve_db_prepare (db, "DELETE FROM medication_intakes WHERE id = ?1", error);
  if (stmt == NULL ||
      !salve_stmt_bind_int64 (stmt, 1, id, error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  if (salve_db_changes (db) == 0)
    return not_found (id, error);
  return TRUE;
}

SalveMedication *
salve_medication_repo_get (SalveDb  *db,
                           gint64    id,
                           GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db, "SELECT " INTAKE_COLUMNS " FROM medication_intakes WHERE id = ?1", error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, id, error))
    return NULL;

  if (salve_stmt_step (stmt, &local_error))
    return intake_from_row (stmt);

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    not_found (id, error);
  return NULL;
}

GPtrArray *
salve_medication_repo_list (SalveDb  *db,
                            gint64    profile_id,
                            gint64    from_unix,
                            gint64    to_unix,
                            GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = _salve_db_prepare_range (db,
                                  "SELECT " INTAKE_COLUMNS " FROM medication_intakes"
                                  " WHERE profile_id = ?1 AND at_unix >= ?2 AND at_unix < ?3"
                                  " ORDER BY at_unix, id",
                                  profile_id, from_unix, to_unix, error);
  if (stmt == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func (g_object_unref);
  while (salve_stmt_step (stmt, &local_error))
    g_ptr_array_add (list, intake_from_row (stmt));

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&list);
}

GArray *
salve_medication_repo_list_marks (SalveDb  *db,
                                  gint64    profile_id,
                                  gint64    from_unix,
                                  gint64    to_unix,
                                  GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GArray) marks = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = _salve_db_prepare_range (db,
                                  "SELECT at_unix, as_needed FROM medication_intakes"
                                  " WHERE profile_id = ?1 AND at_unix >= ?2 AND at_unix < ?3"
                                  " ORDER BY at_unix, id",
                                  profile_id, from_unix, to_unix, error);
  if (stmt == NULL)
    return NULL;

  marks = g_array_new (FALSE, TRUE, sizeof (SalveMedicationMark));
  while (salve_stmt_step (stmt, &local_error))
    {
      SalveMedicationMark mark = { salve_stmt_get_int64 (stmt, 0), salve_stmt_get_int64 (stmt, 1) != 0 };
      g_array_append_val (marks, mark);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&marks);
}

/* ---- bulk writes ---------------------------------------------------------- */

struct _SalveMedicationBulk
{
  SalveDb      *db;
  sqlite3      *handle;
  sqlite3_stmt *insert;
};

SalveMedicationBulk *
salve_medication_bulk_new (SalveDb  *db,
                           gint64    profile_id,
                           gint64    import_id,
                           GError  **error)
{
  g_autoptr(SalveMedicationBulk) self = g_new0 (SalveMedicationBulk, 1);
  int rc;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  self->db = g_object_ref (db);
  self->handle = _salve_db_get_handle (db);

  /* trim(): what salve_medication_set_name() does for an intake typed in.
   * DO NOTHING covers the unique index only: CHECK and foreign keys still
   * fail. */
  rc = sqlite3_prepare_v3 (self->handle,
                           "INSERT INTO medication_intakes (profile_id, import_id, at, at_unix, name, dose,"
                           " as_needed, note)"
                           " VALUES (?1, ?2, ?3, ?4, trim(?5), trim(?6), ?7, ?8) ON CONFLICT DO NOTHING",
                           -1, SQLITE_PREPARE_PERSISTENT, &self->insert, NULL);
  if (rc != SQLITE_OK)
    {
      _salve_db_set_error (db, rc, error);
      return NULL;
    }
  sqlite3_bind_int64 (self->insert, 1, profile_id);
  sqlite3_bind_int64 (self->insert, 2, import_id);

  return g_steal_pointer (&self);
}

void
salve_medication_bulk_free (SalveMedicationBulk *self)
{
  if (self == NULL)
    return;

  sqlite3_finalize (self->insert);
  g_clear_object (&self->db);
  g_free (self);
}

gboolean
salve_medication_bulk_add (SalveMedicationBulk  *self,
                           const char           *at,
                           gint64                at_unix,
                           const char           *name,
                           const char           *dose,
                           gboolean              as_needed,
                           const char           *note,
                           gboolean             *inserted,
                           GError              **error)
{
  int rc;

  g_return_val_if_fail (self != NULL && at != NULL && inserted != NULL, FALSE);

  *inserted = FALSE;
  sqlite3_bind_text (self->insert, 3, at, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (self->insert, 4, at_unix);
  sqlite3_bind_text (self->insert, 5, name ? name : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (self->insert, 6, dose ? dose : "", -1, SQLITE_STATIC);
  sqlite3_bind_int (self->insert, 7, as_needed ? 1 : 0);
  sqlite3_bind_text (self->insert, 8, note ? note : "", -1, SQLITE_STATIC);
  rc = sqlite3_step (self->insert);
  sqlite3_reset (self->insert);
  if (rc != SQLITE_DONE)
    {
      _salve_db_set_error (self->db, rc, error);
      return FALSE;
    }

  *inserted = sqlite3_changes (self->handle) > 0;
  return TRUE;
}
