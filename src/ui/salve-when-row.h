/* salve-when-row.h: a day and a time, chosen the way people remember them
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SALVE_TYPE_WHEN_ROW (salve_when_row_get_type ())

G_DECLARE_FINAL_TYPE (SalveWhenRow, salve_when_row, SALVE, WHEN_ROW, AdwActionRow)

/* A row titled @title (with a mnemonic) that shows its day and time in the
 * locale's words ("Wed 4 Mar 2026, 07:05"); a button opens a calendar with
 * the hour and minute, and "Now" sets both to now. It starts at now. */
GtkWidget *salve_when_row_new      (const char   *title);
/* The instant set_when() was given (its offset and seconds kept) while the
 * row still shows its day and time; else the local day and time chosen,
 * to the minute; NULL for a time the clocks skip that day. */
GDateTime *salve_when_row_get_when (SalveWhenRow *self);
void       salve_when_row_set_when (SalveWhenRow *self,
                                    GDateTime    *when);
void       salve_when_row_set_now  (SalveWhenRow *self);

/* The same for a day alone ("Wed 4 Mar 2026"), with "Today". */
GtkWidget *salve_when_row_new_date (const char   *title);
void       salve_when_row_get_date (SalveWhenRow *self,
                                    GDate        *date);
void       salve_when_row_set_date (SalveWhenRow *self,
                                    const GDate  *date);
/* A spin button of 0 … @max shown with two digits, as on a clock (the
 * hour or the minute of a time), accessible as @name. (No tooltip: on a
 * spin button one made the diary's entry dialog open 25 ms later.) */
GtkWidget *salve_clock_spin_new    (int           max,
                                    const char   *name);

/* Where now is seldom the answer, the row is narrower without its button. */
void       salve_when_row_set_now_visible (SalveWhenRow *self,
                                           gboolean      visible);

G_END_DECLS
