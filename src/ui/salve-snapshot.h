/* salve-snapshot.h: drawings that are copied, not drawn again, on repaint
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A cairo context on an image of @widget's size, in device pixels. */
cairo_t *salve_snapshot_begin_image (GtkWidget   *widget,
                                     int          width,
                                     int          height);
/* Ends @cr, from salve_snapshot_begin_image(), and appends its image. */
void     salve_snapshot_end_image   (GtkSnapshot *snapshot,
                                     cairo_t     *cr,
                                     int          width,
                                     int          height);

G_END_DECLS
