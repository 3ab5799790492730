/* salve-medication-dialog.h: record a medication intake
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "salve-db.h"

G_BEGIN_DECLS

#define SALVE_TYPE_MEDICATION_DIALOG (salve_medication_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SalveMedicationDialog, salve_medication_dialog, SALVE, MEDICATION_DIALOG, AdwWindow)

/* A new intake for @profile_id, taken now unless the person says
 * otherwise; @template (may be NULL) fills in the name, dose and kind, so
 * the same medicine again is one keystroke. Emits "saved" after the
 * intake is stored, then closes. */
SalveMedicationDialog *salve_medication_dialog_new (GtkWindow  *parent,
                                                    SalveDb    *db,
                                                    gint64      profile_id,
                                                    GObject    *template);

G_END_DECLS
