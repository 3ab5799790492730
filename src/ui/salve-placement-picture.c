/* salve-placement-picture.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-placement-picture"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-placement-picture.h"

/* The drawing's own size; it is scaled to fit, never stretched. */
#define PICTURE_WIDTH  360
#define PICTURE_HEIGHT 190

struct _SalvePlacementPicture
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (SalvePlacementPicture, salve_placement_picture, GTK_TYPE_WIDGET)

static void
draw_labels (GtkWidget     *widget,
             cairo_t       *cr,
             const GdkRGBA *fg)
{
  struct { const char *text; double x, y; } labels[] = {
    { _("red (+)"), 258, 22 },
    { _("black (−)"), 30, 30 },
    { _("glove, moistened"), 215, 150 },
    { _("3–5 cm above the wrist"), 30, 150 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, labels[i].text);

      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.85);
      cairo_move_to (cr, labels[i].x, labels[i].y);
      pango_cairo_show_layout (cr, layout);
    }
}

static void
draw (GtkWidget *widget,
      cairo_t   *cr,
      int        width,
      int        height)
{
  GdkRGBA fg;
  double s = MIN ((double) width / PICTURE_WIDTH, (double) height / PICTURE_HEIGHT);

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cairo_translate (cr, (width - PICTURE_WIDTH * s) / 2, (height - PICTURE_HEIGHT * s) / 2);
  cairo_scale (cr, s, s);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* forearm */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.12);
  cairo_rectangle (cr, 20, 70, 150, 50);
  cairo_fill (cr);

  /* the glove electrode over the hand */
  cairo_move_to (cr, 170, 62);
  cairo_line_to (cr, 250, 55);
  cairo_curve_to (cr, 300, 50, 330, 70, 330, 95);
  cairo_curve_to (cr, 330, 120, 300, 140, 250, 135);
  cairo_line_to (cr, 170, 128);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 0.208, 0.518, 0.894, 0.35);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0.208, 0.518, 0.894, 0.9);
  cairo_stroke (cr);

  /* the adhesive electrode 3–5 cm above the wrist */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.55);
  cairo_rectangle (cr, 80, 76, 44, 38);
  cairo_fill (cr);

  /* red (+) to the glove, black (−) to the adhesive electrode */
  cairo_set_source_rgb (cr, 0.878, 0.106, 0.141);
  cairo_move_to (cr, 250, 55);
  cairo_curve_to (cr, 250, 20, 200, 12, 160, 14);
  cairo_stroke (cr);
  cairo_arc (cr, 250, 55, 5, 0, 2 * G_PI);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  if (fg.red > 0.5)
    cairo_set_source_rgb (cr, 0.75, 0.75, 0.75);
  cairo_move_to (cr, 102, 76);
  cairo_curve_to (cr, 102, 40, 130, 22, 160, 20);
  cairo_stroke (cr);
  cairo_arc (cr, 102, 76, 5, 0, 2 * G_PI);
  cairo_fill (cr);

  draw_labels (widget, cr, &fg);
}

static void
salve_placement_picture_snapshot (GtkWidget   *widget,
                                  GtkSnapshot *snapshot)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw (widget, cr, width, height);
  cairo_destroy (cr);
}

static void
salve_placement_picture_measure (GtkWidget      *widget,
                                 GtkOrientation  orientation,
                                 int             for_size,
                                 int            *minimum,
                                 int            *natural,
                                 int            *minimum_baseline,
                                 int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 0;
      *natural = PICTURE_WIDTH;
    }
  else
    *minimum = *natural = PICTURE_HEIGHT;
}

static void
salve_placement_picture_class_init (SalvePlacementPictureClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = salve_placement_picture_snapshot;
  widget_class->measure = salve_placement_picture_measure;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "placement-picture");
}

static void
salve_placement_picture_init (SalvePlacementPicture *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("How to place the electrodes"), -1);
}

GtkWidget *
salve_placement_picture_new (void)
{
  return g_object_new (SALVE_TYPE_PLACEMENT_PICTURE, NULL);
}
