/* salve-diary-view.h
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SALVE_TYPE_DIARY_VIEW (salve_diary_view_get_type ())

G_DECLARE_FINAL_TYPE (SalveDiaryView, salve_diary_view, SALVE, DIARY_VIEW, AdwBin)

/* Opens the dialog for a new entry of the active profile (from any view:
 * the window's win.add-diary-entry). FALSE when there is no database or
 * profile yet. */
gboolean salve_diary_view_add_entry (SalveDiaryView *self);
/* Writes the chart as shown (period, phases) to PNG, SVG or PDF, by the
 * file name's ending, in the light palette. */
gboolean salve_diary_view_export    (SalveDiaryView  *self,
                                     const char      *path,
                                     GError         **error);

G_END_DECLS
