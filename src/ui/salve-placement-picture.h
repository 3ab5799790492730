/* salve-placement-picture.h: where the electrodes of a glove program go
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SALVE_TYPE_PLACEMENT_PICTURE (salve_placement_picture_get_type ())

G_DECLARE_FINAL_TYPE (SalvePlacementPicture, salve_placement_picture, SALVE, PLACEMENT_PICTURE, GtkWidget)

/* A forearm and hand with the glove electrode, the adhesive electrode
 * 3–5 cm above the wrist and the leads' colours, drawn in the theme's
 * foreground colour so it reads in light and dark styles. */
GtkWidget *salve_placement_picture_new (void);

G_END_DECLS
