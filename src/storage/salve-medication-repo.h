/* salve-medication-repo.h: the medication_intakes table
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-db.h"
#include "salve-medication.h"

G_BEGIN_DECLS

/* Validates, inserts, and sets the intake's new id.
 * SALVE_DB_ERROR_CONSTRAINT when the profile already holds the same
 * medicine and dose at the same second. */
gboolean         salve_medication_repo_add    (SalveDb          *db,
                                               SalveMedication  *medication,
                                               GError          **error);
/* Puts a deleted intake back as it was (Undo), also one dated ahead by an
 * older Salve. */
gboolean         salve_medication_repo_restore (SalveDb          *db,
                                                SalveMedication  *medication,
                                                GError          **error);
/* As salve_medication_repo_add(), for an import: an intake already
 * present is not an error; *added (may be NULL) says whether a row was
 * written. @import_id 0: none. */
gboolean         salve_medication_repo_add_imported (SalveDb          *db,
                                                     SalveMedication  *medication,
                                                     gint64            import_id,
                                                     gboolean         *added,
                                                     GError          **error);
/* SALVE_DB_ERROR_NOT_FOUND when the intake's id is not in the table. */
gboolean         salve_medication_repo_update (SalveDb          *db,
                                               SalveMedication  *medication,
                                               GError          **error);
/* SALVE_DB_ERROR_NOT_FOUND when there is no such intake. */
gboolean         salve_medication_repo_delete (SalveDb          *db,
                                               gint64            id,
                                               GError          **error);
/* SALVE_DB_ERROR_NOT_FOUND when there is no such intake. */
SalveMedication *salve_medication_repo_get    (SalveDb          *db,
                                               gint64            id,
                                               GError          **error);
/* Intakes of a profile with from_unix <= at_unix < to_unix, oldest
 * first. Element type: SalveMedication. */
GPtrArray       *salve_medication_repo_list   (SalveDb          *db,
                                               gint64            profile_id,
                                               gint64            from_unix,
                                               gint64            to_unix,
                                               GError          **error);
/* The same range as marks for a chart (element type SalveMedicationMark). */
GArray          *salve_medication_repo_list_marks (SalveDb      *db,
                                                   gint64        profile_id,
                                                   gint64        from_unix,
                                                   gint64        to_unix,
                                                   GError      **error);

/* ---- bulk writes (an import) ------------------------------------------
 *
 * Intakes of one profile inside the caller's transaction, which must
 * already hold the write lock: the statement is prepared once and texts
 * are bound without copying. An intake is a duplicate when the profile
 * already holds the same medicine and dose at the same instant (the
 * table's unique index), whether stored before or earlier in the same
 * bulk write. */

typedef struct _SalveMedicationBulk SalveMedicationBulk;

/* Intakes go in tagged with @import_id (an imports row the caller made). */
SalveMedicationBulk *salve_medication_bulk_new  (SalveDb              *db,
                                                 gint64                profile_id,
                                                 gint64                import_id,
                                                 GError              **error);
void                 salve_medication_bulk_free (SalveMedicationBulk  *self);
/* @at: ISO 8601, @at_unix the same instant. The name and dose are trimmed
 * as salve_medication_set_name() does, so that an intake typed in and
 * its import meet in the unique index. A NULL text is stored as "".
 * @inserted FALSE for a duplicate. */
gboolean             salve_medication_bulk_add  (SalveMedicationBulk  *self,
                                                 const char           *at,
                                                 gint64                at_unix,
                                                 const char           *name,
                                                 const char           *dose,
                                                 gboolean              as_needed,
                                                 const char           *note,
                                                 gboolean             *inserted,
                                                 GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveMedicationBulk, salve_medication_bulk_free)

G_END_DECLS
