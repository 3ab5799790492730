/* salve-patients-view.h
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "salve-profile.h"

G_BEGIN_DECLS

#define SALVE_TYPE_PATIENTS_VIEW (salve_patients_view_get_type ())

G_DECLARE_FINAL_TYPE (SalvePatientsView, salve_patients_view, SALVE, PATIENTS_VIEW, AdwBin)

/* Asks for a log file to import into @profile's diary. */
void       salve_patients_view_import         (SalvePatientsView *self,
                                               SalveProfile      *profile);

/* For tests: the rows shown (element type SalvePatientSummary). */
GPtrArray *_salve_patients_view_get_summaries (SalvePatientsView *self);
/* For tests: what Rename does once the new name is given. */
gboolean   _salve_patients_view_rename        (SalvePatientsView  *self,
                                               gint64              profile_id,
                                               const char         *new_name,
                                               GError            **error);
/* For tests: the question Delete asks (already shown). */
AdwMessageDialog *_salve_patients_view_ask_delete (SalvePatientsView *self,
                                                   gint64             profile_id);
/* For tests: the toast with Undo after a delete, while it shows. */
AdwToast  *_salve_patients_view_get_undo_toast (SalvePatientsView *self);
/* For tests: deletes and undos still running in their threads. */
guint      _salve_patients_view_get_busy      (SalvePatientsView *self);

G_END_DECLS
