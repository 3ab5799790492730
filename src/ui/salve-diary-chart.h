/* salve-diary-chart.h: the diary trend chart as a widget
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "salve-chart.h"

G_BEGIN_DECLS

#define SALVE_TYPE_DIARY_CHART (salve_diary_chart_get_type ())

G_DECLARE_FINAL_TYPE (SalveDiaryChart, salve_diary_chart, SALVE, DIARY_CHART, GtkWidget)

GtkWidget  *salve_diary_chart_new           (void);
/* The chart it draws; the same drawing code as the exports. */
SalveChart *salve_diary_chart_get_chart     (SalveDiaryChart *self);
/* @points (SalveDiaryPoint) and @marks (SalveSessionMark, may be NULL).
 * With @keep_range the visible period stays where it was. */
void        salve_diary_chart_set_data      (SalveDiaryChart *self,
                                             GArray          *points,
                                             GArray          *marks,
                                             gboolean         keep_range);
/* The same with the statistics computed elsewhere (a worker thread):
 * see salve_chart_set_computed_raw(); @stats and @raw (may be NULL) are
 * taken. */
void        salve_diary_chart_set_computed  (SalveDiaryChart *self,
                                             GArray          *points,
                                             GArray          *marks,
                                             GTimeZone       *tz,
                                             const GDate     *plan_start,
                                             SalveDiaryStats *stats,
                                             SalveChartRaw   *raw,
                                             gboolean         keep_range);
/* See salve_chart_replace_point(): the range shown stays. */
void        salve_diary_chart_replace_point (SalveDiaryChart       *self,
                                             gint64                 id,
                                             const SalveDiaryPoint *point,
                                             SalveDiaryStats       *stats);
/* 0 shows the whole diary. */
void        salve_diary_chart_show_last     (SalveDiaryChart *self,
                                             double           seconds);
void        salve_diary_chart_zoom          (SalveDiaryChart *self,
                                             double           factor);
void        salve_diary_chart_pan           (SalveDiaryChart *self,
                                             double           fraction);
/* Index into the points of the entry under the pointer or keyboard
 * focus, or -1. */
gssize      salve_diary_chart_get_highlight (SalveDiaryChart *self);
void        salve_diary_chart_set_reading   (SalveDiaryChart *self,
                                             const char      *reading);

G_END_DECLS
