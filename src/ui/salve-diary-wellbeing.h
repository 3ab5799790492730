/* salve-diary-wellbeing.h: fatigue, sleep quality and stress under the
 * pain chart, on the same time axis
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "salve-diary-chart.h"

G_BEGIN_DECLS

#define SALVE_TYPE_DIARY_WELLBEING (salve_diary_wellbeing_get_type ())

G_DECLARE_FINAL_TYPE (SalveDiaryWellbeing, salve_diary_wellbeing, SALVE, DIARY_WELLBEING, GtkWidget)

/* The ratings the row draws, one line each. */
typedef enum
{
  SALVE_WELLBEING_FATIGUE,
  SALVE_WELLBEING_SLEEP,
  SALVE_WELLBEING_STRESS,
  SALVE_WELLBEING_N_SERIES
} SalveWellbeingSeries;

/* Follows @chart's entries and visible range. */
void     salve_diary_wellbeing_set_diary_chart (SalveDiaryWellbeing *self,
                                                SalveDiaryChart     *chart);
/* The days in view with a fatigue, sleep or stress rating (for tests and
 * the accessible description). */
guint    salve_diary_wellbeing_get_n_days      (SalveDiaryWellbeing *self);
/* The mean of @series' daily means over those days; NAN when none of
 * them has that rating. */
double   salve_diary_wellbeing_get_mean        (SalveDiaryWellbeing  *self,
                                                SalveWellbeingSeries  series);

G_END_DECLS
