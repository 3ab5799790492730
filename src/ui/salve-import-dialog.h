/* salve-import-dialog.h: preview, import and summary of a CSV log
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "salve-profile.h"
#include "salve-window.h"

G_BEGIN_DECLS

#define SALVE_TYPE_IMPORT_DIALOG (salve_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SalveImportDialog, salve_import_dialog, SALVE, IMPORT_DIALOG, AdwWindow)

/* Starts the preview (a dry run in a worker thread) at once. */
SalveImportDialog *salve_import_dialog_new       (SalveWindow       *window,
                                                  const char        *db_path,
                                                  SalveProfile      *profile,
                                                  GFile             *file);
/* For tests and screenshots: "loading", "preview", "running" or "summary". */
const char        *salve_import_dialog_get_page  (SalveImportDialog *self);
void               salve_import_dialog_set_column_field (SalveImportDialog *self,
                                                         guint              column,
                                                         guint              field);
void               salve_import_dialog_start     (SalveImportDialog *self);
/* What the Cancel button does while rows are being written. */
void               salve_import_dialog_cancel    (SalveImportDialog *self);
/* TRUE once a preview found rows to import. */
gboolean           salve_import_dialog_get_can_import (SalveImportDialog *self);
/* For tests: the summary's heading. */
const char        *_salve_import_dialog_get_summary_title (SalveImportDialog *self);

G_END_DECLS
