/* salve-rating-button.h: a 0–10 rating, or none, chosen from a list
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SALVE_TYPE_RATING_BUTTON (salve_rating_button_get_type ())

G_DECLARE_FINAL_TYPE (SalveRatingButton, salve_rating_button, SALVE, RATING_BUTTON, GtkWidget)

GtkWidget *salve_rating_button_new        (const char        *title);
int        salve_rating_button_get_rating (SalveRatingButton *self);
void       salve_rating_button_set_rating (SalveRatingButton *self,
                                           int                rating);

G_END_DECLS
