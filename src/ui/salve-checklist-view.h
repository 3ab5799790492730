/* salve-checklist-view.h
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SALVE_TYPE_CHECKLIST_VIEW (salve_checklist_view_get_type ())

G_DECLARE_FINAL_TYPE (SalveChecklistView, salve_checklist_view, SALVE, CHECKLIST_VIEW, AdwBin)

/* Remembers on this computer that @name answers @patient's checklist
 * ("" forgets it): the "Answering as" row starts from it next time. */
void salve_checklist_view_remember_answerer (const char *patient,
                                             const char *name);

G_END_DECLS
