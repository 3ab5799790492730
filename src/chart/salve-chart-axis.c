/* salve-chart-axis.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-chart-axis"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "salve-chart-axis.h"
#include "salve-time.h"

typedef enum
{
  STEP_HOURS,
  STEP_DAYS,
  STEP_WEEKS,
  STEP_MONTHS,
  STEP_YEARS,
} StepUnit;

typedef struct
{
  StepUnit unit;
  int      count;
  double   approx_seconds;
} Step;

static const Step steps[] = {
  { STEP_HOURS, 1, 3600 },
  { STEP_HOURS, 3, 3 * 3600 },
  { STEP_HOURS, 6, 6 * 3600 },
  { STEP_HOURS, 12, 12 * 3600 },
  { STEP_DAYS, 1, 86400 },
  { STEP_DAYS, 2, 2 * 86400 },
  { STEP_WEEKS, 1, 7 * 86400 },
  { STEP_WEEKS, 2, 14 * 86400 },
  { STEP_MONTHS, 1, 30.44 * 86400 },
  { STEP_MONTHS, 3, 91.3 * 86400 },
  { STEP_MONTHS, 6, 182.6 * 86400 },
  { STEP_YEARS, 1, 365.25 * 86400 },
  { STEP_YEARS, 5, 5 * 365.25 * 86400 },
};

static void
clear_tick (gpointer data)
{
  SalveChartTick *tick = data;

  g_clear_pointer (&tick->label, g_free);
}

/* The first tick at or before @start, aligned to the step's unit. */
static GDateTime *
align (GDateTime  *start,
       GTimeZone  *tz,
       const Step *step)
{
  int y, m, d;

  g_date_time_get_ymd (start, &y, &m, &d);

  switch (step->unit)
    {
    case STEP_HOURS:
      return g_date_time_new (tz, y, m, d,
                              g_date_time_get_hour (start) / step->count * step->count, 0, 0);
    case STEP_DAYS:
      return g_date_time_new (tz, y, m, d, 0, 0, 0);
    case STEP_WEEKS:
      {
        g_autoptr(GDateTime) midnight = g_date_time_new (tz, y, m, d, 0, 0, 0);
        return g_date_time_add_days (midnight, 1 - g_date_time_get_day_of_week (start));
      }
    case STEP_MONTHS:
      return g_date_time_new (tz, y, ((m - 1) / step->count) * step->count + 1, 1, 0, 0, 0);
    case STEP_YEARS:
      return g_date_time_new (tz, y / step->count * step->count, 1, 1, 0, 0, 0);
    default:
      g_assert_not_reached ();
    }
}

static GDateTime *
advance (GDateTime  *dt,
         const Step *step)
{
  switch (step->unit)
    {
    case STEP_HOURS:
      return g_date_time_add_hours (dt, step->count);
    case STEP_DAYS:
      return g_date_time_add_days (dt, step->count);
    case STEP_WEEKS:
      return g_date_time_add_weeks (dt, step->count);
    case STEP_MONTHS:
      return g_date_time_add_months (dt, step->count);
    case STEP_YEARS:
      return g_date_time_add_years (dt, step->count);
    default:
      g_assert_not_reached ();
    }
}

/* Short ranges name the days: midnight shows the day, not "00:00". */
static const char *
label_format (const Step *step,
              GDateTime  *dt)
{
  switch (step->unit)
    {
    case STEP_HOURS:
      if (g_date_time_get_hour (dt) != 0)
        /* Translators: chart axis label for an hour, see strftime */
        return C_("chart axis", "%H:%M");
      G_GNUC_FALLTHROUGH;
    case STEP_DAYS:
      /* Translators: chart axis label for one day on a short range: weekday, day and month, see strftime */
      return C_("chart axis", "%a %-d %b");
    case STEP_WEEKS:
      /* Translators: chart axis label for a day: short month name and day, see strftime */
      return C_("chart axis", "%b %-d");
    case STEP_MONTHS:
      /* Translators: chart axis label for a month, see strftime */
      return C_("chart axis", "%b %Y");
    case STEP_YEARS:
      return "%Y";
    default:
      g_assert_not_reached ();
    }
}

GArray *
salve_chart_axis_time_ticks (const SalveChartAxis *axis,
                             GTimeZone            *tz,
                             double                min_spacing)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) dt = NULL;
  const Step *step = &steps[G_N_ELEMENTS (steps) - 1];
  GArray *ticks;
  double seconds_per_unit;

  g_return_val_if_fail (axis != NULL, NULL);
  g_return_val_if_fail (tz != NULL, NULL);

  ticks = g_array_new (FALSE, TRUE, sizeof (SalveChartTick));
  g_array_set_clear_func (ticks, clear_tick);

  if (axis->x1 <= axis->x0 || axis->width <= 0)
    return ticks;

  seconds_per_unit = (axis->x1 - axis->x0) / axis->width;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i].approx_seconds / seconds_per_unit >= min_spacing)
      {
        step = &steps[i];
        break;
      }

  start = g_date_time_new_from_unix_local ((gint64) axis->x0);
  if (start == NULL)
    return ticks;
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (start, tz);
    dt = align (local, tz, step);
  }

  /* 400 is far beyond what fits; it only guards against a broken range. */
  while (dt != NULL && ticks->len < 400)
    {
      gint64 at = g_date_time_to_unix (dt);
      GDateTime *next;

      if (at > axis->x1)
        break;

      if (at >= axis->x0)
        {
          SalveChartTick tick = { at, salve_time_format (dt, label_format (step, dt)) };

          if (tick.label == NULL)
            tick.label = g_strdup ("?");
          g_array_append_val (ticks, tick);
        }

      next = advance (dt, step);
      g_date_time_unref (dt);
      dt = next;
    }

  return ticks;
}
