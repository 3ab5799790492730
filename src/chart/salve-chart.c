/* salve-chart.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Data, range and drawing are kept apart as in Sysprof: the series hold
 * values, the axis maps a range onto the plot, and each layer below draws
 * one thing from what salve_chart_prepare() cached. Raw entries are
 * decimated to min/max/mean per pixel column; where a range is dense they
 * are drawn as one band with the mean over it, so a frame costs O(width)
 * whether the diary has a thousand entries or a million.
 */

#define G_LOG_DOMAIN "salve-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "salve-cairo-file.h"
#include "salve-chart.h"
#include "salve-chart-axis.h"
#include "salve-chart-series.h"

#define FONT_SIZE       12.0
#define MARGIN_LEFT     52.0
#define MARGIN_RIGHT    18.0
#define MEDICATION_LABEL_EXTRA 16.0
#define MARGIN_BOTTOM   34.0
#define LEGEND_TOP      10.0
#define LEGEND_ROW      20.0
#define PHASE_ROW       18.0
#define STRIP_HEIGHT    20.0
#define MIN_SPAN        (3.0 * 3600.0)
#define MAX_SPAN        (50.0 * 365.25 * 86400.0)
#define HIT_RADIUS      14.0
#define HIT_WINDOW      256
#define DAY_SECONDS     86400.0

typedef struct
{
  double r, g, b, a;
} Rgba;

typedef struct
{
  Rgba background;
  Rgba text;
  Rgba text_dim;
  Rgba grid;
  Rgba phase[3];
  Rgba entry;
  Rgba band;
  Rgba band_mean;
  Rgba day;
  Rgba rolling;
  Rgba week;
  Rgba baseline;
  Rgba mcid;
  Rgba highlight;
  Rgba modality[SALVE_N_MODALITIES];
} Palette;

/* GNOME palette colours; the dark variant keeps the same hues lighter so
 * the 7-day line stays the most visible thing on both. */
static const Palette light_palette = {
  .background = { 1, 1, 1, 1 },
  .text = { 0.12, 0.12, 0.12, 0.9 },
  .text_dim = { 0.12, 0.12, 0.12, 0.6 },
  .grid = { 0, 0, 0, 0.09 },
  .phase = { { 0.21, 0.52, 0.89, 0.07 }, { 0.21, 0.52, 0.89, 0.035 }, { 0.21, 0.52, 0.89, 0.07 } },
  .entry = { 0.38, 0.63, 0.92, 0.55 },
  .band = { 0.38, 0.63, 0.92, 0.28 },
  .band_mean = { 0.21, 0.52, 0.89, 0.7 },
  .day = { 0.11, 0.44, 0.85, 0.9 },
  .rolling = { 0.10, 0.37, 0.71, 1 },
  .week = { 0.90, 0.38, 0.0, 0.85 },
  .baseline = { 0.37, 0.36, 0.39, 0.9 },
  .mcid = { 0.15, 0.64, 0.41, 0.20 },
  .highlight = { 0.75, 0.11, 0.16, 1 },
  .modality = {
    { 0.57, 0.25, 0.67, 1 },   /* TENS: purple */
    { 0.90, 0.65, 0.04, 1 },   /* NMES: yellow */
    { 0.75, 0.11, 0.16, 1 },   /* laser: red */
    { 0.13, 0.56, 0.64, 1 },   /* PEMF: teal */
  },
};

static const Palette dark_palette = {
  .background = { 0.19, 0.19, 0.20, 1 },
  .text = { 1, 1, 1, 0.9 },
  .text_dim = { 1, 1, 1, 0.6 },
  .grid = { 1, 1, 1, 0.10 },
  .phase = { { 0.60, 0.76, 0.95, 0.09 }, { 0.60, 0.76, 0.95, 0.04 }, { 0.60, 0.76, 0.95, 0.09 } },
  .entry = { 0.60, 0.76, 0.95, 0.5 },
  .band = { 0.60, 0.76, 0.95, 0.25 },
  .band_mean = { 0.60, 0.76, 0.95, 0.7 },
  .day = { 0.47, 0.68, 0.93, 0.95 },
  .rolling = { 0.60, 0.76, 0.95, 1 },
  .week = { 1.0, 0.64, 0.28, 0.9 },
  .baseline = { 0.75, 0.75, 0.74, 0.9 },
  .mcid = { 0.34, 0.89, 0.54, 0.18 },
  .highlight = { 0.97, 0.38, 0.32, 1 },
  .modality = {
    { 0.86, 0.54, 0.87, 1 },
    { 0.98, 0.84, 0.28, 1 },
    { 0.97, 0.38, 0.32, 1 },
    { 0.44, 0.82, 0.87, 1 },
  },
};

typedef enum
{
  LEGEND_ENTRY,
  LEGEND_BAND,
  LEGEND_DAY,
  LEGEND_ROLLING,
  LEGEND_WEEK,
  LEGEND_BASELINE,
  LEGEND_MCID,
  LEGEND_MODALITY,
  LEGEND_MEDICATION,
} LegendKind;

typedef struct
{
  LegendKind kind;
  int        modality;
  char      *label;
  double     x;
  double     y;
} LegendItem;

struct _SalveChart
{
  GObject            parent_instance;

  GArray            *points;
  GArray            *marks;
  GArray            *medication;         /* SalveMedicationMark */
  double             session_strip;
  double             medication_strip;
  GTimeZone         *tz;
  SalveDiaryStats   *stats;
  SalveChartSeries  *raw;
  SalveChartSeries  *daily;
  SalveChartSeries  *rolling;

  gboolean           show_phases;
  GDate              plan_start;         /* invalid: no plan */
  SalveCareCourse    course;
  GDate              course_end;     /* invalid while the course runs */
  gboolean           show_details;
  SalveChartTheme    theme;
  double             x0;
  double             x1;
  gssize             highlight;

  /* What prepare() cached for the last size. */
  gboolean           dirty;
  int                width;
  int                height;
  SalveChartAxis     axis;
  GArray            *ticks;
  GArray            *legend;
  SalveChartColumns *raw_columns;
  SalveChartColumns *rolling_columns;
  gboolean           raw_as_band;
  double             strip_height;
  gboolean           show_days;
  gboolean           rolling_decimated;
  gsize              day_first;
  gsize              day_last;
};

G_DEFINE_FINAL_TYPE (SalveChart, salve_chart, G_TYPE_OBJECT)
G_DEFINE_QUARK (salve-chart-error-quark, salve_chart_error)

static void
clear_legend_item (gpointer data)
{
  LegendItem *item = data;

  g_clear_pointer (&item->label, g_free);
}

static void
salve_chart_finalize (GObject *object)
{
  SalveChart *self = (SalveChart *)object;

  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->medication, g_array_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->stats, salve_diary_stats_free);
  g_clear_pointer (&self->raw, salve_chart_series_free);
  g_clear_pointer (&self->daily, salve_chart_series_free);
  g_clear_pointer (&self->rolling, salve_chart_series_free);
  g_clear_pointer (&self->ticks, g_array_unref);
  g_clear_pointer (&self->legend, g_array_unref);
  g_clear_pointer (&self->raw_columns, salve_chart_columns_free);
  g_clear_pointer (&self->rolling_columns, salve_chart_columns_free);

  G_OBJECT_CLASS (salve_chart_parent_class)->finalize (object);
}

static void
salve_chart_class_init (SalveChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = salve_chart_finalize;
}

static void
salve_chart_init (SalveChart *self)
{
  self->tz = g_time_zone_new_local ();
  self->show_phases = TRUE;
  g_date_clear (&self->plan_start, 1);
  g_date_clear (&self->course_end, 1);
  self->highlight = -1;
  self->dirty = TRUE;
  self->raw_columns = salve_chart_columns_new ();
  self->rolling_columns = salve_chart_columns_new ();
  self->legend = g_array_new (FALSE, TRUE, sizeof (LegendItem));
  g_array_set_clear_func (self->legend, clear_legend_item);
  salve_chart_set_points (self, NULL, NULL);
}

SalveChart *
salve_chart_new (void)
{
  return g_object_new (SALVE_TYPE_CHART, NULL);
}

static void
invalidate (SalveChart *self)
{
  self->dirty = TRUE;
}

void
salve_chart_set_course (SalveChart      *self,
                        SalveCareCourse  course,
                        const GDate     *ended)
{
  g_return_if_fail (SALVE_IS_CHART (self));
  g_return_if_fail ((guint) course < SALVE_N_CARE_COURSES);

  self->course = course;
  if (ended != NULL && g_date_valid (ended))
    self->course_end = *ended;
  else
    g_date_clear (&self->course_end, 1);
  invalidate (self);
}

void
salve_chart_set_plan_start (SalveChart  *self,
                            const GDate *start)
{
  g_return_if_fail (SALVE_IS_CHART (self));
  g_return_if_fail (start == NULL || g_date_valid (start));

  /* The statistics are computed again only for a new start: a diary can
   * hold a million entries. */
  if (start == NULL ? !g_date_valid (&self->plan_start)
                    : g_date_valid (&self->plan_start) && g_date_compare (start, &self->plan_start) == 0)
    return;

  if (start != NULL)
    self->plan_start = *start;
  else
    g_date_clear (&self->plan_start, 1);
  salve_chart_set_points (self, self->points, NULL);
}

static void take_stats (SalveChart      *self,
                        SalveDiaryStats *stats);

struct _SalveChartRaw
{
  SalveChartSeries *series;
};

SalveChartRaw *
salve_chart_raw_new (const GArray *points)
{
  const SalveDiaryPoint *p = (const SalveDiaryPoint *) (gpointer) points->data;
  SalveChartRaw *raw = g_new0 (SalveChartRaw, 1);

  raw->series = salve_chart_series_new (points->len);
  for (gsize i = 0; i < points->len; i++)
    {
      raw->series->x[i] = (double) p[i].at_unix;
      raw->series->y[i] = p[i].pain;
    }
  return raw;
}

void
salve_chart_raw_free (SalveChartRaw *raw)
{
  if (raw == NULL)
    return;
  g_clear_pointer (&raw->series, salve_chart_series_free);
  g_free (raw);
}

/* Takes @points (a reference), @raw (NULL: made from @points) and
 * @stats, which are theirs. */
static void
take_points (SalveChart      *self,
             GArray          *points,
             SalveChartRaw   *raw,
             SalveDiaryStats *stats)
{
  g_clear_pointer (&self->points, g_array_unref);
  self->points = points;

  if (raw == NULL)
    raw = salve_chart_raw_new (points);
  g_assert (raw->series->len == points->len);
  g_clear_pointer (&self->raw, salve_chart_series_free);
  self->raw = g_steal_pointer (&raw->series);
  salve_chart_raw_free (raw);

  take_stats (self, stats);
  self->highlight = -1;
  salve_chart_columns_invalidate (self->raw_columns);
  salve_chart_show_all (self);
}

/* Takes @stats, and draws its daily means and rolling line. */
static void
take_stats (SalveChart      *self,
            SalveDiaryStats *stats)
{
  g_clear_pointer (&self->stats, salve_diary_stats_free);
  self->stats = stats;

  g_clear_pointer (&self->daily, salve_chart_series_free);
  g_clear_pointer (&self->rolling, salve_chart_series_free);
  self->daily = salve_chart_series_new (self->stats->days->len);
  self->rolling = salve_chart_series_new (self->stats->days->len);
  for (guint i = 0; i < self->stats->days->len; i++)
    {
      const SalveDiaryDay *day = &g_array_index (self->stats->days, SalveDiaryDay, i);
      double mid = (day->start_unix + day->end_unix) / 2.0;

      self->daily->x[i] = self->rolling->x[i] = mid;
      self->daily->y[i] = (float) day->mean;
      self->rolling->y[i] = (float) day->rolling7;
    }

  salve_chart_columns_invalidate (self->rolling_columns);
  invalidate (self);
}

/* The position of the point at @at_unix with @id in the order of the
 * points: by time, then by id. */
static gsize
point_position (SalveChart *self,
                gint64      at_unix,
                gint64      id)
{
  const SalveDiaryPoint *p = (const SalveDiaryPoint *) (gpointer) self->points->data;
  gsize lo = 0, hi = self->points->len;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (p[mid].at_unix < at_unix || (p[mid].at_unix == at_unix && p[mid].id < id))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gssize
salve_chart_find_point (SalveChart *self,
                        gint64      at_unix,
                        gint64      id)
{
  gsize at;

  g_return_val_if_fail (SALVE_IS_CHART (self), -1);

  at = point_position (self, at_unix, id);
  if (at < self->points->len && g_array_index (self->points, SalveDiaryPoint, at).id == id)
    return (gssize) at;
  return -1;
}

void
salve_chart_replace_point (SalveChart            *self,
                           gint64                 id,
                           const SalveDiaryPoint *point,
                           SalveDiaryStats       *stats)
{
  SalveChartSeries *raw;
  SalveDiaryPoint *p;

  g_return_if_fail (SALVE_IS_CHART (self));
  g_return_if_fail (point == NULL || point->id == id);
  g_return_if_fail (stats != NULL);

  raw = self->raw;
  p = (SalveDiaryPoint *) (gpointer) self->points->data;
  /* One pass over the points, a move of the ones after it: no new
   * arrays, nothing computed again for every point. */
  for (gsize i = 0; i < self->points->len; i++)
    if (p[i].id == id)
      {
        g_array_remove_index (self->points, i);
        memmove (raw->x + i, raw->x + i + 1, (raw->len - i - 1) * sizeof (double));
        memmove (raw->y + i, raw->y + i + 1, (raw->len - i - 1) * sizeof (float));
        raw->len--;
        break;
      }

  if (point != NULL)
    {
      gsize at = point_position (self, point->at_unix, point->id);

      g_array_insert_val (self->points, at, *point);
      raw->x = g_renew (double, raw->x, raw->len + 1);
      raw->y = g_renew (float, raw->y, raw->len + 1);
      memmove (raw->x + at + 1, raw->x + at, (raw->len - at) * sizeof (double));
      memmove (raw->y + at + 1, raw->y + at, (raw->len - at) * sizeof (float));
      raw->x[at] = (double) point->at_unix;
      raw->y[at] = point->pain;
      raw->len++;
    }

  take_stats (self, stats);
  self->highlight = -1;
  salve_chart_columns_invalidate (self->raw_columns);
}

void
salve_chart_set_medication (SalveChart *self,
                            GArray     *medication)
{
  g_return_if_fail (SALVE_IS_CHART (self));

  if (medication != NULL)
    g_array_ref (medication);
  g_clear_pointer (&self->medication, g_array_unref);
  self->medication = medication;
  invalidate (self);
}

void
salve_chart_set_points (SalveChart *self,
                        GArray     *points,
                        GTimeZone  *tz)
{
  SalveDiaryStats *stats;

  g_return_if_fail (SALVE_IS_CHART (self));

  if (points != NULL)
    g_array_ref (points);
  else
    points = g_array_new (FALSE, TRUE, sizeof (SalveDiaryPoint));

  if (tz != NULL)
    {
      g_clear_pointer (&self->tz, g_time_zone_unref);
      self->tz = g_time_zone_ref (tz);
    }

  stats = salve_chart_compute_stats ((const SalveDiaryPoint *) (gpointer) points->data, points->len,
                                     self->tz, g_date_valid (&self->plan_start) ? &self->plan_start : NULL);
  take_points (self, points, NULL, stats);
}

SalveDiaryStats *
salve_chart_compute_stats (const SalveDiaryPoint *points,
                           gsize                  n_points,
                           GTimeZone             *tz,
                           const GDate           *plan_start)
{
  if (plan_start != NULL)
    return salve_diary_stats_compute_for_plan (points, n_points, tz, plan_start);
  return salve_diary_stats_compute (points, n_points, tz, NULL);
}

void
salve_chart_set_computed (SalveChart      *self,
                          GArray          *points,
                          GTimeZone       *tz,
                          const GDate     *plan_start,
                          SalveDiaryStats *stats)
{
  salve_chart_set_computed_raw (self, points, NULL, tz, plan_start, stats);
}

void
salve_chart_set_computed_raw (SalveChart      *self,
                              GArray          *points,
                              SalveChartRaw   *raw,
                              GTimeZone       *tz,
                              const GDate     *plan_start,
                              SalveDiaryStats *stats)
{
  g_return_if_fail (SALVE_IS_CHART (self));
  g_return_if_fail (points != NULL && tz != NULL && stats != NULL);
  g_return_if_fail (plan_start == NULL || g_date_valid (plan_start));

  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = g_time_zone_ref (tz);
  if (plan_start != NULL)
    self->plan_start = *plan_start;
  else
    g_date_clear (&self->plan_start, 1);
  take_points (self, g_array_ref (points), raw, stats);
}

void
salve_chart_set_marks (SalveChart *self,
                       GArray     *marks)
{
  g_return_if_fail (SALVE_IS_CHART (self));

  if (marks != NULL)
    g_array_ref (marks);
  g_clear_pointer (&self->marks, g_array_unref);
  self->marks = marks;
  invalidate (self);
}

const SalveDiaryStats *
salve_chart_get_stats (SalveChart *self)
{
  g_return_val_if_fail (SALVE_IS_CHART (self), NULL);
  return self->stats;
}

gsize
salve_chart_get_n_points (SalveChart *self)
{
  g_return_val_if_fail (SALVE_IS_CHART (self), 0);
  return self->points->len;
}

const SalveDiaryPoint *
salve_chart_get_point (SalveChart *self,
                       gsize       index)
{
  g_return_val_if_fail (SALVE_IS_CHART (self), NULL);
  g_return_val_if_fail (index < self->points->len, NULL);

  return &g_array_index (self->points, SalveDiaryPoint, index);
}

const SalveDiaryPoint *
salve_chart_get_points (SalveChart *self,
                        gsize      *n_points)
{
  g_return_val_if_fail (SALVE_IS_CHART (self), NULL);
  g_return_val_if_fail (n_points != NULL, NULL);

  *n_points = self->points->len;
  return (const SalveDiaryPoint *) self->points->data;
}

void
salve_chart_set_show_phases (SalveChart *self,
                             gboolean    show)
{
  g_return_if_fail (SALVE_IS_CHART (self));

  self->show_phases = !!show;
  invalidate (self);
}

gboolean
salve_chart_get_show_phases (SalveChart *self)
{
  g_return_val_if_fail (SALVE_IS_CHART (self), FALSE);
  return self->show_phases;
}

void
salve_chart_set_show_details (SalveChart *self,
                              gboolean    show)
{
  g_return_if_fail (SALVE_IS_CHART (self));

  self->show_details = !!show;
  invalidate (self);
}

gboolean
salve_chart_get_show_details (SalveChart *self)
{
  g_return_val_if_fail (SALVE_IS_CHART (self), FALSE);
  return self->show_details;
}

/* The phases are one of the details. */
static gboolean
phases_shown (SalveChart *self)
{
  return self->show_details && self->show_phases && self->stats->days->len > 0;
}

void
salve_chart_set_theme (SalveChart      *self,
                       SalveChartTheme  theme)
{
  g_return_if_fail (SALVE_IS_CHART (self));
  self->theme = theme;
}

static void
data_bounds (SalveChart *self,
             double     *first,
             double     *last)
{
  GArray *days = self->stats->days;

  if (days->len == 0)
    {
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;

      *first = now - 30 * 86400.0;
      *last = now;
      return;
    }

  *first = g_array_index (days, SalveDiaryDay, 0).start_unix;
  *last = g_array_index (days, SalveDiaryDay, days->len - 1).end_unix;
}

void
salve_chart_set_range (SalveChart *self,
                       double      from,
                       double      to)
{
  double span;

  g_return_if_fail (SALVE_IS_CHART (self));

  if (!(to > from))
    to = from + MIN_SPAN;
  span = CLAMP (to - from, MIN_SPAN, MAX_SPAN);
  if (span != to - from)
    {
      double mid = (from + to) / 2;

      from = mid - span / 2;
      to = mid + span / 2;
    }

  self->x0 = from;
  self->x1 = to;
  invalidate (self);
}

void
salve_chart_get_range (SalveChart *self,
                       double     *from,
                       double     *to)
{
  g_return_if_fail (SALVE_IS_CHART (self));

  if (from)
    *from = self->x0;
  if (to)
    *to = self->x1;
}

void
salve_chart_show_all (SalveChart *self)
{
  double first, last;

  g_return_if_fail (SALVE_IS_CHART (self));

  data_bounds (self, &first, &last);
  salve_chart_set_range (self, first, last);
}

void
salve_chart_show_last (SalveChart *self,
                       double      seconds)
{
  double first, last;

  g_return_if_fail (SALVE_IS_CHART (self));

  data_bounds (self, &first, &last);
  salve_chart_set_range (self, last - seconds, last);
}

void
salve_chart_zoom (SalveChart *self,
                  double      factor,
                  double      anchor)
{
  double span, at, new_span;

  g_return_if_fail (SALVE_IS_CHART (self));
  g_return_if_fail (factor > 0);

  span = self->x1 - self->x0;
  anchor = CLAMP (anchor, 0, 1);
  at = self->x0 + anchor * span;
  new_span = CLAMP (span * factor, MIN_SPAN, MAX_SPAN);
  salve_chart_set_range (self, at - anchor * new_span, at + (1 - anchor) * new_span);
}

void
salve_chart_pan (SalveChart *self,
                 double      fraction)
{
  double shift;

  g_return_if_fail (SALVE_IS_CHART (self));

  shift = (self->x1 - self->x0) * fraction;
  salve_chart_set_range (self, self->x0 + shift, self->x1 + shift);
}

void
salve_chart_set_highlight (SalveChart *self,
                           gssize      index)
{
  g_return_if_fail (SALVE_IS_CHART (self));

  self->highlight = index >= 0 && (gsize) index < self->points->len ? index : -1;
}

gssize
salve_chart_get_highlight (SalveChart *self)
{
  g_return_val_if_fail (SALVE_IS_CHART (self), -1);
  return self->highlight;
}

/* Layout ------------------------------------------------------------- */

static void
set_font (cairo_t *cr,
          double   size,
          gboolean bold)
{
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
}

static double
text_width (cairo_t    *cr,
            const char *text)
{
  cairo_text_extents_t extents;

  cairo_text_extents (cr, text, &extents);
  return extents.x_advance;
}

static gboolean
medication_in_view (SalveChart *self)
{
  if (self->medication == NULL)
    return FALSE;

  for (guint i = 0; i < self->medication->len; i++)
    {
      const SalveMedicationMark *mark = &g_array_index (self->medication, SalveMedicationMark, i);

      if (mark->at_unix >= self->x0 && mark->at_unix < self->x1)
        return TRUE;
    }

  return FALSE;
}

static gboolean
marks_have_modality (SalveChart *self,
                     int         modality)
{
  if (self->marks == NULL)
    return FALSE;

  for (guint i = 0; i < self->marks->len; i++)
    {
      const SalveSessionMark *mark = &g_array_index (self->marks, SalveSessionMark, i);

      if (mark->modality == modality && mark->at_unix >= self->x0 && mark->at_unix < self->x1)
        return TRUE;
    }

  return FALSE;
}

static void
add_legend (SalveChart *self,
            LegendKind  kind,
            int         modality,
            char       *label)
{
  LegendItem item = { kind, modality, label, 0, 0 };

  g_array_append_val (self->legend, item);
}

/* Weekly means are drawn as bars only when a week is wide enough to
 * tell them apart. */
static gboolean
weeks_visible (const SalveChartAxis *axis)
{
  return 7 * DAY_SECONDS * axis->width / (axis->x1 - axis->x0) >= 6;
}

/* Returns the height the legend takes above the plot. */
static double
layout_legend (SalveChart *self,
               int         width)
{
  cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (scratch);
  double x = MARGIN_LEFT, y = LEGEND_TOP + LEGEND_ROW / 2;

  g_array_set_size (self->legend, 0);

  if (self->raw_as_band)
    add_legend (self, LEGEND_BAND, 0, g_strdup (_("Range of entries")));
  else
    add_legend (self, LEGEND_ENTRY, 0, g_strdup (_("Entry")));
  /* Translators: legend item: the one line that shows the trend */
  add_legend (self, LEGEND_ROLLING, 0, g_strdup (_("Trend (7-day mean)")));
  if (self->show_details && self->show_days)
    add_legend (self, LEGEND_DAY, 0, g_strdup (_("Daily mean")));
  if (self->show_details && weeks_visible (&self->axis))
    add_legend (self, LEGEND_WEEK, 0, g_strdup (_("Weekly mean")));
  if (self->show_details && salve_diary_stats_has_change (self->stats))
    {
      /* Translators: legend item; %.1f is the baseline pain (0–10) */
      add_legend (self, LEGEND_BASELINE, 0, g_strdup_printf (_("Baseline %.1f"), self->stats->baseline));
      add_legend (self, LEGEND_MCID, 0, g_strdup (_("Important change (−2 or −30 %)")));
    }
  for (int m = 0; m < SALVE_N_MODALITIES; m++)
    if (marks_have_modality (self, m))
      add_legend (self, LEGEND_MODALITY, m, g_strdup (salve_modality_get_name (m)));
  if (medication_in_view (self))
    {
      /* Translators: legend items: a filled pill is an intake taken as
       * needed, an open one a scheduled intake */
      add_legend (self, LEGEND_MEDICATION, 1, g_strdup (_("Medication as needed")));
      add_legend (self, LEGEND_MEDICATION, 0, g_strdup (_("Scheduled medication")));
    }

  set_font (cr, FONT_SIZE, FALSE);
  for (guint i = 0; i < self->legend->len; i++)
    {
      LegendItem *item = &g_array_index (self->legend, LegendItem, i);
      double w = 22 + text_width (cr, item->label) + 16;

      if (x + w > width - MARGIN_RIGHT && x > MARGIN_LEFT)
        {
          x = MARGIN_LEFT;
          y += LEGEND_ROW;
        }
      item->x = x;
      item->y = y;
      x += w;
    }

  cairo_destroy (cr);
  cairo_surface_destroy (scratch);

  return y + LEGEND_ROW / 2 + 8 + (phases_shown (self) ? PHASE_ROW : 0);
}

static void
layout_axis (SalveChart     *self,
             int             width,
             int             height,
             double          top,
             SalveChartAxis *axis)
{
  axis->x0 = self->x0;
  axis->x1 = self->x1;
  axis->y0 = 0;
  axis->y1 = 10;
  /* Whole pixels, so decimated columns land on pixel columns. */
  axis->left = MARGIN_LEFT;
  /* The medication strip's name is longer than the values' column. */
  if (self->medication_strip > 0)
    axis->left += MEDICATION_LABEL_EXTRA;
  axis->top = round (top);
  axis->width = MAX (10, floor (width - axis->left - MARGIN_RIGHT));
  axis->height = MAX (10, floor (height - axis->top - MARGIN_BOTTOM - self->strip_height));
}

void
salve_chart_prepare (SalveChart *self,
                     int         width,
                     int         height)
{
  SalveChartAxis *axis = &self->axis;
  double top;
  gsize n_raw, n_days;

  g_return_if_fail (SALVE_IS_CHART (self));

  if (!self->dirty && self->width == width && self->height == height)
    return;

  /* Sessions have a strip of their own under the plot, never a place
   * on the pain scale. */
  self->session_strip = self->marks != NULL && self->marks->len > 0 ? STRIP_HEIGHT : 0;
  self->medication_strip = self->medication != NULL && self->medication->len > 0 ? STRIP_HEIGHT : 0;
  self->strip_height = self->session_strip + self->medication_strip;

  /* The legend depends on the drawing modes, the modes on the plot
   * width; the width does not depend on the legend, so a first pass
   * with a guessed top is exact for everything but the height. */
  layout_axis (self, width, height, LEGEND_TOP + LEGEND_ROW + 8, axis);

  salve_chart_columns_update (self->raw_columns, self->raw, axis->x0, axis->x1, (int) axis->width);
  n_raw = self->raw_columns->last - self->raw_columns->first;
  self->raw_as_band = n_raw > axis->width / 3;

  self->day_first = salve_chart_series_bisect (self->daily, axis->x0 - 86400);
  self->day_last = salve_chart_series_bisect (self->daily, axis->x1 + 86400);
  n_days = self->day_last - self->day_first;
  self->show_days = n_days * 8 <= axis->width;
  self->rolling_decimated = n_days > axis->width / 2;
  if (self->rolling_decimated)
    salve_chart_columns_update (self->rolling_columns, self->rolling,
                                axis->x0, axis->x1, (int) axis->width);

  top = layout_legend (self, width);
  layout_axis (self, width, height, top, axis);

  g_clear_pointer (&self->ticks, g_array_unref);
  self->ticks = salve_chart_axis_time_ticks (axis, self->tz, 90);

  self->width = width;
  self->height = height;
  self->dirty = FALSE;
}

void
salve_chart_get_plot_area (SalveChart *self,
                           int         width,
                           int         height,
                           double     *left,
                           double     *top,
                           double     *plot_width,
                           double     *plot_height)
{
  g_return_if_fail (SALVE_IS_CHART (self));

  salve_chart_prepare (self, width, height);
  if (left)
    *left = self->axis.left;
  if (top)
    *top = self->axis.top;
  if (plot_width)
    *plot_width = self->axis.width;
  if (plot_height)
    *plot_height = self->axis.height;
}

/* Layers --------------------------------------------------------------- */

static void
set_color (cairo_t    *cr,
           const Rgba *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static const Palette *
palette (SalveChart *self)
{
  return self->theme == SALVE_CHART_THEME_DARK ? &dark_palette : &light_palette;
}

static double
day_start (SalveChart  *self,
           const GDate *date,
           int          add_days)
{
  g_autoptr(GDateTime) midnight = g_date_time_new (self->tz,
                                                   g_date_get_year (date),
                                                   g_date_get_month (date),
                                                   g_date_get_day (date),
                                                   0, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_add_days (midnight, add_days);

  return (double) g_date_time_to_unix (later);
}

static void
draw_phases_layer (SalveChart *self,
                   cairo_t    *cr)
{
  const SalveChartAxis *axis = &self->axis;
  const Palette *pal = palette (self);
  GDate start;

  if (!phases_shown (self))
    return;

  /* The plan's start, or without a plan the diary's first day. */
  if (!g_date_valid (&self->stats->course_start))
    return;
  start = self->stats->course_start;

  /* Phases 1–3 of the course (seed 004; the long course after seed 000);
   * the open last phase is not shaded. */
  set_font (cr, FONT_SIZE - 1, FALSE);
  for (int phase = 1; phase < SALVE_CARE_N_PHASES; phase++)
    {
      int first_week, last_week;
      double a, b, l, r;
      const char *label = salve_care_phase_get_title (self->course, phase);

      salve_care_phase_get_weeks (self->course, phase, &first_week, &last_week);
      a = salve_chart_axis_x (axis, day_start (self, &start, (first_week - 1) * 7));
      b = salve_chart_axis_x (axis, day_start (self, &start, last_week * 7));
      /* An ended course has no phases after its last day. */
      if (g_date_valid (&self->course_end))
        b = MIN (b, salve_chart_axis_x (axis, day_start (self, &self->course_end, 1)));
      l = MAX (a, axis->left);
      r = MIN (b, axis->left + axis->width);
      if (r <= l)
        continue;

      set_color (cr, &pal->phase[phase - 1]);
      cairo_rectangle (cr, l, axis->top - PHASE_ROW, r - l, axis->height + PHASE_ROW);
      cairo_fill (cr);

      /* In the row above the plot, in the phase's own part of it, and
       * only when it fits there: labels never overlap each other or the
       * data. */
      if (text_width (cr, label) + 8 <= r - l)
        {
          set_color (cr, &pal->text_dim);
          cairo_move_to (cr, l + 4, axis->top - 5);
          cairo_show_text (cr, label);
        }
    }
}

static void
draw_grid_layer (SalveChart *self,
                 cairo_t    *cr)
{
  const SalveChartAxis *axis = &self->axis;
  const Palette *pal = palette (self);
  double last_right = -G_MAXDOUBLE;

  cairo_set_line_width (cr, 1);
  set_color (cr, &pal->grid);
  for (int v = 0; v <= 10; v += 2)
    {
      double y = round (salve_chart_axis_y (axis, v)) + 0.5;

      cairo_move_to (cr, axis->left, y);
      cairo_line_to (cr, axis->left + axis->width, y);
    }
  for (guint i = 0; i < self->ticks->len; i++)
    {
      const SalveChartTick *tick = &g_array_index (self->ticks, SalveChartTick, i);
      double x = round (salve_chart_axis_x (axis, tick->at_unix)) + 0.5;

      cairo_move_to (cr, x, axis->top);
      cairo_line_to (cr, x, axis->top + axis->height);
    }
  cairo_stroke (cr);

  set_font (cr, FONT_SIZE, FALSE);
  set_color (cr, &pal->text_dim);
  for (int v = 0; v <= 10; v += 2)
    {
      g_autofree char *label = g_strdup_printf ("%d", v);
      double y = salve_chart_axis_y (axis, v);

      cairo_move_to (cr, axis->left - 8 - text_width (cr, label), y + 4);
      cairo_show_text (cr, label);
    }

  for (guint i = 0; i < self->ticks->len; i++)
    {
      const SalveChartTick *tick = &g_array_index (self->ticks, SalveChartTick, i);
      double w = text_width (cr, tick->label);
      double x = salve_chart_axis_x (axis, tick->at_unix) - w / 2;

      x = CLAMP (x, 2, self->width - w - 2);
      if (x < last_right + 8)
        continue;
      cairo_move_to (cr, x, axis->top + axis->height + self->strip_height + 18);
      cairo_show_text (cr, tick->label);
      last_right = x + w;
    }

  /* The scale's name, turned to read upwards beside the values. */
  cairo_save (cr);
  set_font (cr, FONT_SIZE, TRUE);
  set_color (cr, &pal->text);
  {
    /* Translators: the chart's vertical axis: the 0–10 pain rating */
    const char *title = _("Pain (0–10)");

    cairo_translate (cr, 16, axis->top + axis->height / 2 + text_width (cr, title) / 2);
    cairo_rotate (cr, -G_PI / 2);
    cairo_move_to (cr, 0, 0);
    cairo_show_text (cr, title);
  }
  cairo_restore (cr);
}

static void
mcid_bounds (const SalveDiaryStats *stats,
             double                *upper,
             double                *lower)
{
  double by_points = stats->baseline - 2.0;
  double by_percent = stats->baseline * 0.7;

  *upper = MAX (0, MAX (by_points, by_percent));
  *lower = MAX (0, MIN (by_points, by_percent));
}

static void
draw_baseline_layer (SalveChart *self,
                     cairo_t    *cr)
{
  const SalveChartAxis *axis = &self->axis;
  const Palette *pal = palette (self);
  const double dashes[] = { 6, 4 };
  double upper, lower, y_up, y_low, y;

  /* Not while the baseline is still being made (a diary of at most 7
   * days with entries): the summary says where the person began only
   * then, and a line drawn from one entry moved with every new one. */
  if (!salve_diary_stats_has_change (self->stats))
    return;

  /* The band between baseline − 2 and baseline − 30 %: below its upper
   * edge the change counts as clinically important (Farrar 2001). */
  mcid_bounds (self->stats, &upper, &lower);
  y_up = salve_chart_axis_y (axis, upper);
  y_low = salve_chart_axis_y (axis, lower);
  set_color (cr, &pal->mcid);
  cairo_rectangle (cr, axis->left, y_up, axis->width, MAX (2, y_low - y_up));
  cairo_fill (cr);
  cairo_set_source_rgba (cr, pal->mcid.r, pal->mcid.g, pal->mcid.b, MIN (1, pal->mcid.a * 3.5));
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, axis->left, y_up);
  cairo_line_to (cr, axis->left + axis->width, y_up);
  cairo_stroke (cr);

  y = salve_chart_axis_y (axis, self->stats->baseline);
  set_color (cr, &pal->baseline);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_move_to (cr, axis->left, y);
  cairo_line_to (cr, axis->left + axis->width, y);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_entries_layer (SalveChart *self,
                    cairo_t    *cr)
{
  const SalveChartAxis *axis = &self->axis;
  const SalveChartColumns *cols = self->raw_columns;
  const Palette *pal = palette (self);
  gboolean pen_down = FALSE;

  if (!self->raw_as_band)
    {
      /* Zoomed in to a few days, entries may be bigger. */
      double px_per_day = DAY_SECONDS * axis->width / (axis->x1 - axis->x0);
      double r = CLAMP (px_per_day / 40, 2.5, 4.5);

      /* Few entries: each one is a dot, all in one path and one fill. */
      cairo_new_path (cr);
      for (gsize i = cols->first; i < cols->last; i++)
        {
          double x = salve_chart_axis_x (axis, self->raw->x[i]);
          double y = salve_chart_axis_y (axis, self->raw->y[i]);

          cairo_new_sub_path (cr);
          cairo_arc (cr, x, y, r, 0, 2 * G_PI);
        }
      set_color (cr, &pal->entry);
      cairo_fill (cr);
      return;
    }

  /* Many entries: min..max of each pixel column as boxes on the pixel
   * grid, which Cairo fills as a single band far faster than a zig-zag
   * line; then the column means as one line over it. */
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (int c = 0; c < cols->width; c++)
    {
      const SalveChartColumn *col = &cols->columns[c];
      double top, bottom;

      if (col->n == 0)
        continue;
      top = round (salve_chart_axis_y (axis, col->max)) - 1;
      bottom = round (salve_chart_axis_y (axis, col->min)) + 1;
      cairo_rectangle (cr, axis->left + c, top, 1, bottom - top);
    }
  set_color (cr, &pal->band);
  cairo_fill (cr);
  cairo_restore (cr);

  for (int c = 0; c < cols->width; c++)
    {
      const SalveChartColumn *col = &cols->columns[c];
      double x = axis->left + c + 0.5;
      double y = salve_chart_axis_y (axis, col->mean);

      if (col->n == 0)
        {
          pen_down = FALSE;
          continue;
        }
      if (pen_down)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      pen_down = TRUE;
    }
  /* A line one pixel wide with a point in every column: Cairo's fast
   * antialiasing (4x4 samples a pixel) draws it three times faster than
   * its default, and at this width the two cannot be told apart. An add
   * or an edit draws the chart again in the frame that shows it. */
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  set_color (cr, &pal->band_mean);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_days_layer (SalveChart *self,
                 cairo_t    *cr)
{
  const SalveChartAxis *axis = &self->axis;
  const Palette *pal = palette (self);

  if (!self->show_days)
    return;

  cairo_new_path (cr);
  for (gsize i = self->day_first; i < self->day_last; i++)
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, salve_chart_axis_x (axis, self->daily->x[i]),
                 salve_chart_axis_y (axis, self->daily->y[i]), 4, 0, 2 * G_PI);
    }
  set_color (cr, &pal->day);
  cairo_fill (cr);
}

static void
draw_weeks_layer (SalveChart *self,
                  cairo_t    *cr)
{
  const SalveChartAxis *axis = &self->axis;
  GArray *weeks = self->stats->weeks;

  if (!weeks_visible (axis))
    return;

  for (guint i = 0; i < weeks->len; i++)
    {
      const SalveDiaryWeek *week = &g_array_index (weeks, SalveDiaryWeek, i);
      double l, r, y;

      if (week->end_unix <= axis->x0 || week->start_unix >= axis->x1)
        continue;

      l = MAX (salve_chart_axis_x (axis, week->start_unix), axis->left) + 2;
      r = MIN (salve_chart_axis_x (axis, week->end_unix), axis->left + axis->width) - 2;
      y = salve_chart_axis_y (axis, week->mean);
      cairo_move_to (cr, l, y);
      cairo_line_to (cr, MAX (l, r), y);
    }
  set_color (cr, &palette (self)->week);
  cairo_set_line_width (cr, 3);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_stroke (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
}

static void
draw_rolling_layer (SalveChart *self,
                    cairo_t    *cr)
{
  const SalveChartAxis *axis = &self->axis;
  gboolean pen_down = FALSE;

  if (self->rolling_decimated)
    {
      const SalveChartColumns *cols = self->rolling_columns;

      for (int c = 0; c < cols->width; c++)
        {
          const SalveChartColumn *col = &cols->columns[c];
          double x = axis->left + c + 0.5;
          double y = salve_chart_axis_y (axis, col->mean);

          if (col->n == 0)
            continue;
          if (pen_down)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          pen_down = TRUE;
        }
    }
  else
    {
      double prev_x = 0;

      for (gsize i = self->day_first; i < self->day_last; i++)
        {
          double x = self->rolling->x[i];
          double px = salve_chart_axis_x (axis, x);
          double py = salve_chart_axis_y (axis, self->rolling->y[i]);

          /* The 7-day window cannot bridge a longer gap: nor does the line. */
          if (pen_down && x - prev_x <= 7 * 86400.0 + 7200)
            cairo_line_to (cr, px, py);
          else
            cairo_move_to (cr, px, py);
          pen_down = TRUE;
          prev_x = x;
        }
    }

  set_color (cr, &palette (self)->rolling);
  cairo_set_line_width (cr, 3);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

static void
mark_path (cairo_t *cr,
           int      modality,
           double   x,
           double   y,
           double   r)
{
  switch (modality)
    {
    case SALVE_MODALITY_NMES:
      cairo_rectangle (cr, x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      break;
    case SALVE_MODALITY_LASER:
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r, y + r * 0.8);
      cairo_line_to (cr, x - r, y + r * 0.8);
      cairo_close_path (cr);
      break;
    case SALVE_MODALITY_PEMF:
      cairo_move_to (cr, x, y - r * 1.1);
      cairo_line_to (cr, x + r * 1.1, y);
      cairo_line_to (cr, x, y + r * 1.1);
      cairo_line_to (cr, x - r * 1.1, y);
      cairo_close_path (cr);
      break;
    case SALVE_MODALITY_TENS:
    case SALVE_N_MODALITIES:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
}

static void
draw_marks_layer (SalveChart *self,
                  cairo_t    *cr)
{
  const SalveChartAxis *axis = &self->axis;
  const Palette *pal = palette (self);
  double y = axis->top + axis->height + self->session_strip / 2 + 1;

  if (self->marks == NULL || self->session_strip <= 0)
    return;

  /* The strip's name where the pain values stand above it. */
  {
    /* Translators: the strip under the chart that marks the sessions; keep it short */
    const char *label = _("Sessions");

    set_font (cr, FONT_SIZE - 2, FALSE);
    set_color (cr, &pal->text_dim);
    cairo_move_to (cr, MAX (2, axis->left - 8 - text_width (cr, label)), y + 3.5);
    cairo_show_text (cr, label);
    cairo_new_path (cr);
  }

  cairo_save (cr);
  cairo_rectangle (cr, axis->left - 6, y - 8, axis->width + 12, 16);
  cairo_clip (cr);

  /* One path per modality: shape and colour both tell them apart. */
  for (int m = 0; m < SALVE_N_MODALITIES; m++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < self->marks->len; i++)
        {
          const SalveSessionMark *mark = &g_array_index (self->marks, SalveSessionMark, i);

          if (mark->modality != m || mark->at_unix < axis->x0 || mark->at_unix >= axis->x1)
            continue;
          mark_path (cr, m, salve_chart_axis_x (axis, mark->at_unix), y, 5);
          any = TRUE;
        }
      if (!any)
        continue;
      set_color (cr, &pal->modality[m]);
      cairo_fill_preserve (cr);
      set_color (cr, &pal->background);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* A pill lying on its side: filled when taken as needed, open when on a
 * schedule, so the two differ without colour (a report in black and
 * white). */
static void
pill_path (cairo_t *cr,
           double   x,
           double   y)
{
  const double half = 5.5, r = 3.5;

  cairo_new_sub_path (cr);
  cairo_arc (cr, x - half + r, y, r, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (cr, x + half - r, y, r, 3 * G_PI / 2, G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_pill (cairo_t       *cr,
           const Palette *pal,
           double         x,
           double         y,
           gboolean       filled)
{
  pill_path (cr, x, y);
  set_color (cr, filled ? &pal->text : &pal->background);
  cairo_fill_preserve (cr);
  set_color (cr, &pal->text);
  cairo_set_line_width (cr, 1.2);
  cairo_stroke (cr);
}

static void
draw_medication_layer (SalveChart *self,
                       cairo_t    *cr)
{
  const SalveChartAxis *axis = &self->axis;
  const Palette *pal = palette (self);
  double y = axis->top + axis->height + self->session_strip + self->medication_strip / 2 + 1;
  double last_x[2] = { -G_MAXDOUBLE, -G_MAXDOUBLE };

  if (self->medication == NULL || self->medication_strip <= 0)
    return;

  {
    /* Translators: the strip under the chart that marks medication intakes; keep it short */
    const char *label = _("Medication");

    set_font (cr, FONT_SIZE - 2, FALSE);
    set_color (cr, &pal->text_dim);
    cairo_move_to (cr, MAX (2, axis->left - 8 - text_width (cr, label)), y + 3.5);
    cairo_show_text (cr, label);
    cairo_new_path (cr);
  }

  cairo_save (cr);
  cairo_rectangle (cr, axis->left - 8, y - 8, axis->width + 16, 16);
  cairo_clip (cr);

  /* A pill per pixel column and kind is enough: a year of daily intakes
   * must not cost a path each. */
  for (guint i = 0; i < self->medication->len; i++)
    {
      const SalveMedicationMark *mark = &g_array_index (self->medication, SalveMedicationMark, i);
      double x;

      if (mark->at_unix < axis->x0 || mark->at_unix >= axis->x1)
        continue;
      x = round (salve_chart_axis_x (axis, mark->at_unix));
      if (x == last_x[mark->as_needed ? 1 : 0])
        continue;
      last_x[mark->as_needed ? 1 : 0] = x;
      draw_pill (cr, pal, x, y, mark->as_needed);
    }
  cairo_restore (cr);
}

static void
draw_legend_layer (SalveChart *self,
                   cairo_t    *cr)
{
  const Palette *pal = palette (self);
  const double dashes[] = { 4, 3 };

  set_font (cr, FONT_SIZE, FALSE);
  for (guint i = 0; i < self->legend->len; i++)
    {
      const LegendItem *item = &g_array_index (self->legend, LegendItem, i);
      double x = item->x, y = item->y;

      /* show_text() leaves a current point; no line may run from it. */
      cairo_new_path (cr);
      switch (item->kind)
        {
        case LEGEND_ENTRY:
          cairo_arc (cr, x + 9, y, 3, 0, 2 * G_PI);
          set_color (cr, &pal->entry);
          cairo_fill (cr);
          break;
        case LEGEND_BAND:
          cairo_rectangle (cr, x, y - 6, 18, 12);
          set_color (cr, &pal->band);
          cairo_fill (cr);
          break;
        case LEGEND_DAY:
          cairo_arc (cr, x + 9, y, 4, 0, 2 * G_PI);
          set_color (cr, &pal->day);
          cairo_fill (cr);
          break;
        case LEGEND_ROLLING:
        case LEGEND_WEEK:
          cairo_move_to (cr, x + 1, y);
          cairo_line_to (cr, x + 17, y);
          set_color (cr, item->kind == LEGEND_ROLLING ? &pal->rolling : &pal->week);
          cairo_set_line_width (cr, 3);
          cairo_stroke (cr);
          break;
        case LEGEND_BASELINE:
          cairo_move_to (cr, x, y);
          cairo_line_to (cr, x + 18, y);
          set_color (cr, &pal->baseline);
          cairo_set_line_width (cr, 1.5);
          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          break;
        case LEGEND_MCID:
          cairo_rectangle (cr, x, y - 6, 18, 12);
          set_color (cr, &pal->mcid);
          cairo_fill (cr);
          break;
        case LEGEND_MODALITY:
          mark_path (cr, item->modality, x + 9, y, 5);
          set_color (cr, &pal->modality[item->modality]);
          cairo_fill (cr);
          break;
        case LEGEND_MEDICATION:
          draw_pill (cr, pal, x + 9, y, item->modality != 0);
          break;
        default:
          g_assert_not_reached ();
        }

      set_color (cr, &pal->text);
      cairo_move_to (cr, x + 22, y + 4.5);
      cairo_show_text (cr, item->label);
    }
}

static void
draw_highlight_layer (SalveChart *self,
                      cairo_t    *cr)
{
  const SalveChartAxis *axis = &self->axis;
  const Palette *pal = palette (self);
  const SalveDiaryPoint *p;
  double x, y;

  if (self->highlight < 0)
    return;

  p = &g_array_index (self->points, SalveDiaryPoint, self->highlight);
  if (p->at_unix < axis->x0 || p->at_unix >= axis->x1)
    return;

  x = salve_chart_axis_x (axis, p->at_unix);
  y = salve_chart_axis_y (axis, p->pain);
  set_color (cr, &pal->highlight);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, round (x) + 0.5, axis->top);
  cairo_line_to (cr, round (x) + 0.5, axis->top + axis->height);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 2.5);
  cairo_arc (cr, x, y, 6, 0, 2 * G_PI);
  cairo_stroke (cr);
}

/* The app's chart holds only the points near its range, and the whole
 * diary's statistics: a diary without points in the chart can have
 * entries elsewhere, and then it is the period that has none. */
const char *
salve_chart_get_empty_text (SalveChart *self)
{
  g_return_val_if_fail (SALVE_IS_CHART (self), NULL);

  if (self->raw_columns->last > self->raw_columns->first)
    return NULL;
  if (self->points->len == 0 && self->stats->n_entries == 0)
    return _("No diary entries yet");
  return _("No diary entries in this period");
}

static void
draw_empty_layer (SalveChart *self,
                  cairo_t    *cr)
{
  const SalveChartAxis *axis = &self->axis;
  const char *text = salve_chart_get_empty_text (self);

  if (text == NULL)
    return;

  set_font (cr, FONT_SIZE + 2, FALSE);
  set_color (cr, &palette (self)->text_dim);
  cairo_move_to (cr, axis->left + (axis->width - text_width (cr, text)) / 2,
                 axis->top + axis->height / 2);
  cairo_show_text (cr, text);
}

void
salve_chart_draw (SalveChart *self,
                  cairo_t    *cr,
                  int         width,
                  int         height)
{
  const Palette *pal;

  g_return_if_fail (SALVE_IS_CHART (self));
  g_return_if_fail (cr != NULL);

  salve_chart_prepare (self, width, height);
  pal = palette (self);

  cairo_save (cr);
  set_color (cr, &pal->background);
  cairo_paint (cr);

  cairo_save (cr);
  cairo_rectangle (cr, self->axis.left, self->axis.top - PHASE_ROW, self->axis.width, self->axis.height + PHASE_ROW);
  cairo_clip (cr);
  draw_phases_layer (self, cr);
  cairo_restore (cr);

  draw_grid_layer (self, cr);

  /* By default one trend line over the entries; the rest are details. */
  cairo_save (cr);
  cairo_rectangle (cr, self->axis.left, self->axis.top - 8, self->axis.width, self->axis.height + 16);
  cairo_clip (cr);
  if (self->show_details)
    {
      draw_baseline_layer (self, cr);
      draw_weeks_layer (self, cr);
    }
  draw_entries_layer (self, cr);
  if (self->show_details)
    draw_days_layer (self, cr);
  draw_rolling_layer (self, cr);
  draw_highlight_layer (self, cr);
  cairo_restore (cr);

  draw_marks_layer (self, cr);
  draw_medication_layer (self, cr);

  draw_legend_layer (self, cr);
  draw_empty_layer (self, cr);
  cairo_restore (cr);
}

/* Picking -------------------------------------------------------------- */

gssize
salve_chart_hit_test (SalveChart *self,
                      double      x,
                      double      y,
                      int         width,
                      int         height)
{
  const SalveChartAxis *axis;
  double best = HIT_RADIUS * HIT_RADIUS;
  gssize best_index = -1;
  gsize mid, from, to;

  g_return_val_if_fail (SALVE_IS_CHART (self), -1);

  salve_chart_prepare (self, width, height);
  axis = &self->axis;
  if (self->raw->len == 0 || x < axis->left - HIT_RADIUS || x > axis->left + axis->width + HIT_RADIUS)
    return -1;

  /* Only a bounded window around the pointer's time is looked at, so
   * hovering stays cheap with a million entries. */
  mid = salve_chart_series_bisect (self->raw, salve_chart_axis_x_value (axis, x));
  from = mid > HIT_WINDOW ? mid - HIT_WINDOW : 0;
  to = MIN (self->raw->len, mid + HIT_WINDOW);

  for (gsize i = from; i < to; i++)
    {
      double dx = salve_chart_axis_x (axis, self->raw->x[i]) - x;
      double dy = salve_chart_axis_y (axis, self->raw->y[i]) - y;
      double d = dx * dx + dy * dy;

      /* In a dense band the height says little: prefer the time. */
      if (self->raw_as_band)
        d = dx * dx;
      if (d < best)
        {
          best = d;
          best_index = (gssize) i;
        }
    }

  return best_index;
}

gsize
salve_chart_count_points (SalveChart *self,
                          double      from,
                          double      to)
{
  gsize first, last;

  g_return_val_if_fail (SALVE_IS_CHART (self), 0);

  first = salve_chart_series_bisect (self->raw, from);
  last = salve_chart_series_bisect (self->raw, to);

  return last > first ? last - first : 0;
}

gssize
salve_chart_find_nearest (SalveChart *self,
                          double      unix_time)
{
  gsize i, first, last;

  g_return_val_if_fail (SALVE_IS_CHART (self), -1);

  first = salve_chart_series_bisect (self->raw, self->x0);
  last = salve_chart_series_bisect (self->raw, self->x1);
  if (first >= last)
    return -1;

  i = salve_chart_series_bisect (self->raw, unix_time);
  if (i >= last)
    return (gssize) last - 1;
  if (i <= first)
    return (gssize) first;

  return fabs (self->raw->x[i] - unix_time) < fabs (unix_time - self->raw->x[i - 1])
    ? (gssize) i : (gssize) i - 1;
}

/* Export ---------------------------------------------------------------- */

typedef struct
{
  SalveChart *chart;
  int         width;
  int         height;
} ExportDraw;

static void
export_draw (cairo_t  *cr,
             gpointer  user_data)
{
  ExportDraw *ed = user_data;

  salve_chart_draw (ed->chart, cr, ed->width, ed->height);
}

gboolean
salve_chart_export (SalveChart  *self,
                    const char  *path,
                    int          width,
                    int          height,
                    GError     **error)
{
  g_autofree char *lower = NULL;
  ExportDraw ed = { self, width, height };
  SalveCairoFileFormat format;

  g_return_val_if_fail (SALVE_IS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    format = SALVE_CAIRO_FILE_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    format = SALVE_CAIRO_FILE_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    format = SALVE_CAIRO_FILE_PDF;
  else
    {
      g_set_error (error, SALVE_CHART_ERROR, SALVE_CHART_ERROR_FORMAT,
                   _("“%s” does not end in .png, .svg or .pdf."), path);
      return FALSE;
    }

  return salve_cairo_file_save (path, format, width, height, export_draw, &ed, error);
}
