/* salve-row-keys.h: Return and Space on a row do what a click does
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void salve_row_activate_on_keys (GtkWidget *widget);

G_END_DECLS
