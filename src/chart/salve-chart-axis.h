/* salve-chart-axis.h: from values to device units, and the ticks between
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The x range is time in seconds since the epoch; y is the 0–10 scale. */
typedef struct
{
  double x0;
  double x1;
  double y0;
  double y1;
  /* The plot area in device units (pixels or points). */
  double left;
  double top;
  double width;
  double height;
} SalveChartAxis;

static inline double
salve_chart_axis_x (const SalveChartAxis *axis,
                    double                x)
{
  return axis->left + (x - axis->x0) / (axis->x1 - axis->x0) * axis->width;
}

static inline double
salve_chart_axis_y (const SalveChartAxis *axis,
                    double                y)
{
  return axis->top + axis->height - (y - axis->y0) / (axis->y1 - axis->y0) * axis->height;
}

static inline double
salve_chart_axis_x_value (const SalveChartAxis *axis,
                          double                px)
{
  return axis->x0 + (px - axis->left) / axis->width * (axis->x1 - axis->x0);
}

typedef struct
{
  gint64  at_unix;
  char   *label;
} SalveChartTick;

/* Time ticks at local midnights, Mondays, first days of months or years,
 * whichever step keeps labels at least @min_spacing apart. Element type:
 * SalveChartTick (labels freed with the array). Labels are in the
 * user's locale. */
GArray *salve_chart_axis_time_ticks (const SalveChartAxis *axis,
                                     GTimeZone            *tz,
                                     double                min_spacing);

G_END_DECLS
