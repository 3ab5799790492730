/* salve-chart-series.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-chart-series"

#include "config.h"

#include <math.h>
#include <string.h>

#include "salve-chart-series.h"

SalveChartSeries *
salve_chart_series_new (gsize len)
{
  SalveChartSeries *series = g_new0 (SalveChartSeries, 1);

  series->len = len;
  series->x = g_new0 (double, MAX (len, 1));
  series->y = g_new0 (float, MAX (len, 1));

  return series;
}

void
salve_chart_series_free (SalveChartSeries *series)
{
  if (series == NULL)
    return;

  g_free (series->x);
  g_free (series->y);
  g_free (series);
}

gsize
salve_chart_series_bisect (const SalveChartSeries *series,
                           double                  x)
{
  gsize lo = 0, hi;

  g_return_val_if_fail (series != NULL, 0);

  hi = series->len;
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (series->x[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

SalveChartColumns *
salve_chart_columns_new (void)
{
  SalveChartColumns *columns = g_new0 (SalveChartColumns, 1);

  columns->width = -1;
  return columns;
}

void
salve_chart_columns_free (SalveChartColumns *columns)
{
  if (columns == NULL)
    return;

  g_free (columns->columns);
  g_free (columns);
}

void
salve_chart_columns_invalidate (SalveChartColumns *columns)
{
  g_return_if_fail (columns != NULL);

  columns->width = -1;
}

gboolean
salve_chart_columns_update (SalveChartColumns      *columns,
                            const SalveChartSeries *series,
                            double                  x0,
                            double                  x1,
                            int                     width)
{
  double scale;

  g_return_val_if_fail (columns != NULL, FALSE);
  g_return_val_if_fail (series != NULL, FALSE);

  width = MAX (width, 1);
  if (columns->width == width && columns->x0 == x0 && columns->x1 == x1)
    return FALSE;

  if (columns->width != width)
    {
      g_free (columns->columns);
      columns->columns = g_new (SalveChartColumn, width);
    }
  memset (columns->columns, 0, sizeof (SalveChartColumn) * width);

  columns->x0 = x0;
  columns->x1 = x1;
  columns->width = width;
  columns->first = salve_chart_series_bisect (series, x0);
  columns->last = salve_chart_series_bisect (series, x1);

  if (x1 <= x0)
    return TRUE;

  /* One pass over the points in range; the running sum is turned into
   * a mean at the end so the inner loop stays a few instructions. */
  scale = width / (x1 - x0);
  for (gsize i = columns->first; i < columns->last; i++)
    {
      int c = (int) ((series->x[i] - x0) * scale);
      SalveChartColumn *col;
      float y = series->y[i];

      c = CLAMP (c, 0, width - 1);
      col = &columns->columns[c];
      if (col->n == 0)
        {
          col->min = col->max = y;
          col->mean = 0;
        }
      else
        {
          col->min = MIN (col->min, y);
          col->max = MAX (col->max, y);
        }
      col->mean += y;
      col->n++;
    }

  for (int c = 0; c < width; c++)
    if (columns->columns[c].n > 0)
      columns->columns[c].mean /= columns->columns[c].n;

  return TRUE;
}
