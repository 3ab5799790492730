/* salve-chart.h: the pain diary trend chart, drawn with plain Cairo
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One drawing path for the app's widget, for PNG/SVG/PDF export and for
 * `salvectl chart`, so all three show the same picture.
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "salve-diary-entry.h"
#include "salve-care-plan.h"
#include "salve-diary-stats.h"
#include "salve-medication.h"

G_BEGIN_DECLS

#define SALVE_CHART_ERROR (salve_chart_error_quark ())

typedef enum
{
  SALVE_CHART_ERROR_FORMAT,   /* the file name ends in something else */
} SalveChartError;

GQuark salve_chart_error_quark (void);

typedef enum
{
  SALVE_CHART_THEME_LIGHT,
  SALVE_CHART_THEME_DARK,
} SalveChartTheme;

#define SALVE_TYPE_CHART (salve_chart_get_type ())

G_DECLARE_FINAL_TYPE (SalveChart, salve_chart, SALVE, CHART, GObject)

SalveChart            *salve_chart_new             (void);

/* @points: SalveDiaryPoint sorted by time (as the repository returns
 * them); the chart keeps a reference. Days are local days of @tz (NULL:
 * local). Shows everything; the statistics are computed here, once. */
void                   salve_chart_set_points      (SalveChart            *self,
                                                    GArray                *points,
                                                    GTimeZone             *tz);
/* The statistics salve_chart_set_points() computes, for a worker thread
 * to compute them (@plan_start: NULL without a care plan). */
SalveDiaryStats       *salve_chart_compute_stats   (const SalveDiaryPoint *points,
                                                    gsize                  n_points,
                                                    GTimeZone             *tz,
                                                    const GDate           *plan_start);
/* salve_chart_set_points() and salve_chart_set_plan_start() in one, with
 * @stats from salve_chart_compute_stats() over the same @points, @tz and
 * @plan_start (taken): nothing is computed on the calling thread. */
void                   salve_chart_set_computed    (SalveChart            *self,
                                                    GArray                *points,
                                                    GTimeZone             *tz,
                                                    const GDate           *plan_start,
                                                    SalveDiaryStats       *stats);
/* The times and ratings of @points as the chart draws them: made where
 * the points are read (a worker), a million points cost the calling
 * thread nothing. Free with salve_chart_raw_free(). */
typedef struct _SalveChartRaw SalveChartRaw;
SalveChartRaw         *salve_chart_raw_new         (const GArray          *points);
void                   salve_chart_raw_free        (SalveChartRaw         *raw);
/* salve_chart_set_computed() with @raw (taken; NULL: made here) from
 * salve_chart_raw_new() over the same @points. */
void                   salve_chart_set_computed_raw (SalveChart           *self,
                                                     GArray               *points,
                                                     SalveChartRaw        *raw,
                                                     GTimeZone            *tz,
                                                     const GDate          *plan_start,
                                                     SalveDiaryStats      *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveChartRaw, salve_chart_raw_free)
/* After an add, an edit or a delete of entry @id: its point (if any)
 * leaves the points, @point (NULL: none, the entry is gone) goes in at
 * its place in time, and @stats (taken) become the statistics; the range
 * shown stays. The points given to the chart change in place. */
void                   salve_chart_replace_point   (SalveChart            *self,
                                                    gint64                 id,
                                                    const SalveDiaryPoint *point,
                                                    SalveDiaryStats       *stats);
/* Anchors the baseline and the recovery phases to a care plan that
 * starts on @start (NULL: none, the diary's first day); the statistics
 * are computed again. */
void                   salve_chart_set_plan_start  (SalveChart            *self,
                                                    const GDate           *start);
/* The expected course, whose phases are shaded (default: normal), and
 * the last day of a course that was ended: its phases are shaded up to
 * the end of that day only (NULL or an invalid date: it runs). */
void                   salve_chart_set_course      (SalveChart            *self,
                                                    SalveCareCourse        course,
                                                    const GDate           *ended);
/* Element type SalveSessionMark, each drawn as a marker of its modality
 * in a strip under the plot; a reference is kept. NULL: none. */
void                   salve_chart_set_marks       (SalveChart            *self,
                                                    GArray                *marks);
/* Element type SalveMedicationMark, each drawn as a pill (filled: as
 * needed) in a strip of its own under the plot; a reference is kept.
 * NULL: none. */
void                   salve_chart_set_medication  (SalveChart            *self,
                                                    GArray                *medication);
const SalveDiaryStats *salve_chart_get_stats       (SalveChart            *self);
/* What the chart says across its plot, as last laid out, when it draws no
 * entries: that the diary has none yet, or this period none. NULL when it
 * draws entries. */
const char            *salve_chart_get_empty_text  (SalveChart            *self);
gsize                  salve_chart_get_n_points    (SalveChart            *self);
/* How many points lie in [@from, @to) (Unix times); a bisection, so it
 * stays cheap with a million entries. */
gsize                  salve_chart_count_points    (SalveChart            *self,
                                                    double                 from,
                                                    double                 to);
const SalveDiaryPoint *salve_chart_get_point       (SalveChart            *self,
                                                    gsize                  index);
/* The index of the entry @id, taken at @at_unix, among the points, or -1
 * when the chart does not hold it; a bisection. */
gssize                 salve_chart_find_point      (SalveChart            *self,
                                                    gint64                 at_unix,
                                                    gint64                 id);
/* All the points in time order, @n_points of them; for loops over many,
 * which salve_chart_get_point()'s checks would slow down. */
const SalveDiaryPoint *salve_chart_get_points      (SalveChart            *self,
                                                    gsize                 *n_points);

/* By default the chart shows the entries, one trend line (the 7-day
 * mean) and the sessions in a strip under the axis. The details add the
 * daily and weekly means, the baseline with the clinically important
 * band and the recovery phases. */
void                   salve_chart_set_show_details (SalveChart           *self,
                                                     gboolean              show);
gboolean               salve_chart_get_show_details (SalveChart           *self);

/* Recovery phases (weeks 1–3, 3–6, 6–12), counted from the first day in
 * the diary; drawn with the details only. */
void                   salve_chart_set_show_phases (SalveChart            *self,
                                                    gboolean               show);
gboolean               salve_chart_get_show_phases (SalveChart            *self);
void                   salve_chart_set_theme       (SalveChart            *self,
                                                    SalveChartTheme        theme);

/* The visible time range, in seconds since the epoch. */
void                   salve_chart_set_range       (SalveChart            *self,
                                                    double                 from,
                                                    double                 to);
void                   salve_chart_get_range       (SalveChart            *self,
                                                    double                *from,
                                                    double                *to);
/* The whole diary, or the last @seconds of it. */
void                   salve_chart_show_all        (SalveChart            *self);
void                   salve_chart_show_last       (SalveChart            *self,
                                                    double                 seconds);
/* @factor < 1 zooms in; @anchor (0–1 across the plot) stays in place. */
void                   salve_chart_zoom            (SalveChart            *self,
                                                    double                 factor,
                                                    double                 anchor);
/* Moves by @fraction of the visible span (negative: back in time). */
void                   salve_chart_pan             (SalveChart            *self,
                                                    double                 fraction);

/* The entry drawn as selected (hover or keyboard), or -1. */
void                   salve_chart_set_highlight   (SalveChart            *self,
                                                    gssize                 index);
gssize                 salve_chart_get_highlight   (SalveChart            *self);

/* Lays out and decimates for this size; drawing then only reads the
 * cache. Cheap when nothing changed; draw calls it when needed. */
void                   salve_chart_prepare         (SalveChart            *self,
                                                    int                    width,
                                                    int                    height);
void                   salve_chart_draw            (SalveChart            *self,
                                                    cairo_t               *cr,
                                                    int                    width,
                                                    int                    height);
/* Where the plot area is, for pointer math. */
void                   salve_chart_get_plot_area   (SalveChart            *self,
                                                    int                    width,
                                                    int                    height,
                                                    double                *left,
                                                    double                *top,
                                                    double                *plot_width,
                                                    double                *plot_height);
/* The entry nearest to (x, y) within a few pixels, or -1. Looks at a
 * small window of entries only. */
gssize                 salve_chart_hit_test        (SalveChart            *self,
                                                    double                 x,
                                                    double                 y,
                                                    int                    width,
                                                    int                    height);
/* The entry nearest in time to @unix_time that is visible, or -1. */
gssize                 salve_chart_find_nearest    (SalveChart            *self,
                                                    double                 unix_time);

/* Writes PNG, SVG or PDF (chosen by the file name's ending) of
 * @width × @height (pixels, or points for PDF and SVG) with
 * salve_cairo_file_save(): 0600, complete or not there at all. Write
 * errors are G_IO_ERROR. */
gboolean               salve_chart_export          (SalveChart            *self,
                                                    const char            *path,
                                                    int                    width,
                                                    int                    height,
                                                    GError               **error);

G_END_DECLS
