/* salve-pain-scale.h: a 0–10 pain rating, one press
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SALVE_TYPE_PAIN_SCALE (salve_pain_scale_get_type ())

G_DECLARE_FINAL_TYPE (SalvePainScale, salve_pain_scale, SALVE, PAIN_SCALE, GtkWidget)

/* Eleven linked buttons, 0 to 10, with "No pain" and "Worst pain" under
 * the ends: one click, no slider to aim. Each button is named by its
 * number and labelled "Pain N of 10" for screen readers. It is one stop
 * for Tab and Shift+Tab, which come in on the chosen number (0 while none
 * is) and go on out; Left and Right move the rating, Home and End go to 0
 * and 10 (the actions "pain-scale.step" and "pain-scale.select", int),
 * digits type it ("1", "0": 10), Return or Space chooses the number that
 * has the focus, and Up and Down leave it. Give the scale its own
 * accessible label (what is rated, e.g. "Pain before the session").
 *
 * Property "value" (int): the rating, or -1 while none is chosen. */
GtkWidget *salve_pain_scale_new       (void);
int        salve_pain_scale_get_value (SalvePainScale *self);
/* -1 clears the rating. */
void       salve_pain_scale_set_value (SalvePainScale *self,
                                       int             value);

G_END_DECLS
