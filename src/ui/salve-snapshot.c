/* salve-snapshot.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart and the wellbeing lines are drawn with cairo. Appended as they
 * are drawn (gtk_snapshot_append_cairo()), GTK's Cairo renderer, the one
 * Salve uses without a GPU, replays every line, point and label each time
 * that part of the window is painted again: when a dialog closes over it,
 * a toast comes or goes, a row below changes. Drawn once into an image
 * when the widget draws anew, a repaint is a copy.
 */

#include "config.h"

#include "salve-snapshot.h"

cairo_t *
salve_snapshot_begin_image (GtkWidget *widget,
                            int        width,
                            int        height)
{
  int scale = gtk_widget_get_scale_factor (widget);
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  cairo_surface_destroy (surface);

  return cr;
}

void
salve_snapshot_end_image (GtkSnapshot *snapshot,
                          cairo_t     *cr,
                          int          width,
                          int          height)
{
  cairo_surface_t *surface;
  cairo_t *out;

  g_return_if_fail (cr != NULL);

  surface = cairo_surface_reference (cairo_get_target (cr));
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  out = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_source_surface (out, surface, 0, 0);
  cairo_paint (out);
  cairo_destroy (out);
  cairo_surface_destroy (surface);
}
