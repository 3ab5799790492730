/* salve-tooltip.h: tooltips set without asking the display server
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* gtk_widget_set_tooltip_text(), for widgets being made as well as
 * those on screen: see salve-tooltip.c. */
void salve_tooltip_set_text              (GtkWidget  *widget,
                                          const char *text);
/* The same for a widget in a window but not mapped, whose visibility
 * nothing else follows: see salve-tooltip.c. */
void salve_tooltip_set_text_out_of_sight (GtkWidget  *widget,
                                          const char *text);
/* Keeps @button's tooltip, and that of every widget around it in its
 * window, away while its menu is open, where it would cover the menu's
 * top; puts them back when the menu closes. */
void salve_tooltip_hide_while_open       (GtkMenuButton *button);

G_END_DECLS
