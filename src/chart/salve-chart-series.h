/* salve-chart-series.h: values to draw, and their per-pixel-column summary
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A series is x (seconds since the epoch, as double) and y, sorted by x.
 * It knows nothing of pixels; SalveChartColumns does. */
typedef struct
{
  double *x;
  float  *y;
  gsize   len;
} SalveChartSeries;

SalveChartSeries *salve_chart_series_new     (gsize                   len);
void              salve_chart_series_free    (SalveChartSeries       *series);
/* The first index with x >= @x (len when none). */
gsize             salve_chart_series_bisect  (const SalveChartSeries *series,
                                              double                  x);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveChartSeries, salve_chart_series_free)

typedef struct
{
  float   min;
  float   max;
  float   mean;
  guint32 n;       /* 0: nothing falls in this column */
} SalveChartColumn;

/* The series decimated to one SalveChartColumn per pixel column over
 * [x0, x1). Built once per (series, range, width) and kept: a frame then
 * costs O(width), never O(points). */
typedef struct
{
  double            x0;
  double            x1;
  int               width;
  gsize             first;     /* points in range: [first, last) */
  gsize             last;
  SalveChartColumn *columns;
} SalveChartColumns;

SalveChartColumns *salve_chart_columns_new    (void);
void               salve_chart_columns_free   (SalveChartColumns      *columns);
/* TRUE when it had to rebuild; FALSE when the cached result still fits. */
gboolean           salve_chart_columns_update (SalveChartColumns      *columns,
                                               const SalveChartSeries *series,
                                               double                  x0,
                                               double                  x1,
                                               int                     width);
void               salve_chart_columns_invalidate (SalveChartColumns  *columns);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveChartColumns, salve_chart_columns_free)

G_END_DECLS
