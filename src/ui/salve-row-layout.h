/* salve-row-layout.h: a row's header laid out in one pass
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SALVE_TYPE_ROW_LAYOUT (salve_row_layout_get_type ())

G_DECLARE_FINAL_TYPE (SalveRowLayout, salve_row_layout, SALVE, ROW_LAYOUT, GtkLayoutManager)

GtkLayoutManager *salve_row_layout_new     (int           spacing);
gboolean          salve_row_layout_apply   (AdwActionRow *row);
void              salve_row_layout_install (void);

G_END_DECLS
