/* bench-chart.c: what a frame of the diary chart costs
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws the chart at 1600×600 into an image surface with 1 000 and with
 * 1 000 000 entries over the same year, and, as the peer in the same run,
 * the same entries drawn naively: one polyline through every point.
 *
 * The decimation cache is built once before the timed frames (as the app
 * does when the data or the range changes, not per frame); a timed frame
 * then only reads the per-column cache, the days and the weeks.
 */

#include "config.h"

#include <math.h>

#include "salve-chart.h"

#define WIDTH   1600
#define HEIGHT  600
#define DAYS    365

static GArray *
make_points (gsize n)
{
  g_autoptr(GDateTime) start = g_date_time_new_local (2026, 1, 5, 0, 0, 0);
  gint64 t0 = g_date_time_to_unix (start);
  double span = DAYS * 86400.0;
  GRand *rand = g_rand_new_with_seed (42);
  GArray *points = g_array_sized_new (FALSE, TRUE, sizeof (SalveDiaryPoint), n);

  /* Pain that falls from about 7 to 3 over the year, with bad days. */
  for (gsize i = 0; i < n; i++)
    {
      SalveDiaryPoint p = { 0 };
      double f = (double) i / n;
      double pain = 7 - 4 * f + 1.2 * sin (f * 40) + g_rand_double_range (rand, -1.5, 1.5);

      p.id = i + 1;
      p.at_unix = t0 + (gint64) (f * span);
      p.pain = (gint8) CLAMP (lround (pain), 0, 10);
      p.fatigue = SALVE_DIARY_UNRATED;
      p.sleep_quality = SALVE_DIARY_UNRATED;
      p.stress = SALVE_DIARY_UNRATED;
      p.modality = -1;
      g_array_append_val (points, p);
    }

  g_rand_free (rand);
  return points;
}

static double
median (GArray *samples)
{
  double *v = (double *) (gpointer) samples->data;

  for (guint i = 1; i < samples->len; i++)
    for (guint j = i; j > 0 && v[j - 1] > v[j]; j--)
      {
        double t = v[j];
        v[j] = v[j - 1];
        v[j - 1] = t;
      }

  return v[samples->len / 2];
}

typedef void (*FrameFunc) (cairo_t *cr, gpointer data);

/* Median ms per frame over at least @min_frames and about 0.5 s. */
static double
time_frames (FrameFunc  frame,
             gpointer   data,
             guint      min_frames)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 began = g_get_monotonic_time ();

  /* One untimed frame warms caches and font lookups (not worth it, and
   * far too slow, for the naive million-point peer). */
  if (min_frames > 1)
    {
      cairo_t *cr = cairo_create (surface);
      frame (cr, data);
      cairo_destroy (cr);
    }

  while (samples->len < min_frames || g_get_monotonic_time () - began < G_USEC_PER_SEC / 2)
    {
      cairo_t *cr = cairo_create (surface);
      gint64 t = g_get_monotonic_time ();
      double ms;

      frame (cr, data);
      cairo_surface_flush (surface);
      ms = (g_get_monotonic_time () - t) / 1000.0;
      g_array_append_val (samples, ms);
      cairo_destroy (cr);

      if (samples->len >= 1000)
        break;
    }

  cairo_surface_destroy (surface);
  return median (samples);
}

static void
chart_frame (cairo_t  *cr,
             gpointer  data)
{
  salve_chart_draw (data, cr, WIDTH, HEIGHT);
}

static void
naive_frame (cairo_t  *cr,
             gpointer  data)
{
  GArray *points = data;
  const SalveDiaryPoint *p = (const SalveDiaryPoint *) (gpointer) points->data;
  double t0 = p[0].at_unix, t1 = p[points->len - 1].at_unix;
  double sx = (WIDTH - 70) / (t1 - t0), sy = (HEIGHT - 80) / 10.0;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.37, 0.71);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < points->len; i++)
    cairo_line_to (cr, 52 + (p[i].at_unix - t0) * sx, HEIGHT - 34 - p[i].pain * sy);
  cairo_stroke (cr);
}

int
main (int   argc,
      char *argv[])
{
  const gsize sizes[] = { 1000, 1000000 };
  double chart_ms[2], naive_ms[2];

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GArray) points = make_points (sizes[i]);
      g_autoptr(SalveChart) chart = salve_chart_new ();
      gint64 t = g_get_monotonic_time ();

      salve_chart_set_points (chart, points, NULL);
      salve_chart_prepare (chart, WIDTH, HEIGHT);
      g_print ("chart %7zu entries: statistics + decimation (once, untimed per frame): %.1f ms\n",
               sizes[i], (g_get_monotonic_time () - t) / 1000.0);

      chart_ms[i] = time_frames (chart_frame, chart, 20);
      naive_ms[i] = time_frames (naive_frame, points, sizes[i] > 100000 ? 1 : 20);
      g_print ("chart %7zu entries: %8.2f ms/frame   naive polyline: %9.2f ms/frame\n",
               sizes[i], chart_ms[i], naive_ms[i]);
    }

  g_print ("chart 1M/1k frame ratio: %.2f (target <= 1.5)\n", chart_ms[1] / chart_ms[0]);
  g_print ("naive 1M/1k frame ratio: %.2f\n", naive_ms[1] / naive_ms[0]);
  g_print ("1M entries, naive/chart: %.1fx\n", naive_ms[1] / chart_ms[1]);
  g_print ("row: chart frame, 1M entries vs 1k | %.2fx (%.2f ms vs %.2f ms) | <= 1.5x | %s\n",
           chart_ms[1] / chart_ms[0], chart_ms[1], chart_ms[0], chart_ms[1] / chart_ms[0] <= 1.5 ? "met" : "NOT MET");

  return chart_ms[1] / chart_ms[0] <= 1.5 ? 0 : 1;
}
