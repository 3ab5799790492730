/* test-chart-medication.c: intakes marked under the diary chart
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "salve-chart.h"

#define W 800
#define H 400
#define T0 G_GINT64_CONSTANT (1772348400)  /* 2026-03-01T08:00+01:00 */

static GArray *
ten_days (void)
{
  GArray *points = g_array_new (FALSE, TRUE, sizeof (SalveDiaryPoint));

  for (int d = 0; d < 10; d++)
    {
      SalveDiaryPoint p = { d + 1, T0 + d * 86400, 0, 5, -1, -1, 0, -1, 0, 0, -1 };
      g_array_append_val (points, p);
    }
  return points;
}

/* Darkness of the pixel at (x, y): 0 white, 255 black. */
static int
darkness (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 pixel = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + x * 4);

  return 255 - (int) ((pixel >> 8) & 0xff);
}

static void
test_medication_strip (void)
{
  g_autoptr(SalveChart) chart = salve_chart_new ();
  g_autoptr(GArray) points = ten_days ();
  g_autoptr(GArray) medication = g_array_new (FALSE, TRUE, sizeof (SalveMedicationMark));
  SalveMedicationMark taken = { T0 + 4 * 86400 + 3600, TRUE };
  double left, top, width, height_without, height_with;
  cairo_surface_t *surface;
  cairo_t *cr;
  double x, y, x0, x1;

  salve_chart_set_points (chart, points, NULL);
  salve_chart_get_plot_area (chart, W, H, &left, &top, &width, &height_without);

  g_array_append_val (medication, taken);
  salve_chart_set_medication (chart, medication);
  salve_chart_get_plot_area (chart, W, H, &left, &top, &width, &height_with);
  /* The intakes get a strip of their own: never a place on the pain scale. */
  g_assert_cmpfloat (height_with, <, height_without - 10);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, W, H);
  cr = cairo_create (surface);
  salve_chart_draw (chart, cr, W, H);
  cairo_surface_flush (surface);

  /* A filled pill where the intake was taken, in the strip under the plot. */
  salve_chart_get_range (chart, &x0, &x1);
  x = left + width * (taken.at_unix - x0) / (x1 - x0);
  y = top + height_with + (height_without - height_with) / 2 + 1;
  g_assert_cmpint (darkness (surface, (int) round (x), (int) round (y)), >, 128);
  /* and nothing a day before it. */
  g_assert_cmpint (darkness (surface, (int) round (x - width * 86400 / (x1 - x0)), (int) round (y)), <, 40);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  salve_chart_set_medication (chart, NULL);
  salve_chart_get_plot_area (chart, W, H, &left, &top, &width, &height_with);
  g_assert_cmpfloat (height_with, ==, height_without);
}

/* Pixels in the plot's middle column that have the green of the
 * clinically important band over white. */
static guint
band_pixels (SalveChart *chart)
{
  double left, top, width, height;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, W, H);
  cairo_t *cr = cairo_create (surface);
  const guint8 *data;
  guint n = 0;
  int x;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  salve_chart_draw (chart, cr, W, H);
  cairo_surface_flush (surface);
  salve_chart_get_plot_area (chart, W, H, &left, &top, &width, &height);
  data = cairo_image_surface_get_data (surface);
  x = (int) (left + width / 2);
  for (int y = (int) top; y < (int) (top + height); y++)
    {
      guint32 pixel = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + x * 4);
      int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

      n += g - r > 15 && g - b > 5;
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return n;
}

/* The baseline and its band are drawn once the baseline is made, as the
 * summary says where the person began only then: from the first entry
 * on, the line moved with every new one (an outside look). */
static void
test_baseline_settled (void)
{
  g_autoptr(SalveChart) chart = salve_chart_new ();
  g_autoptr(GArray) points = ten_days ();

  salve_chart_set_show_details (chart, TRUE);
  salve_chart_set_points (chart, points, NULL);
  g_assert_cmpuint (band_pixels (chart), >, 5);

  g_array_set_size (points, 3);
  salve_chart_set_points (chart, points, NULL);
  g_assert_cmpuint (band_pixels (chart), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart/medication/strip", test_medication_strip);
  g_test_add_func ("/chart/baseline/settled", test_baseline_settled);

  return g_test_run ();
}
