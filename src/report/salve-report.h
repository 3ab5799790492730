/* salve-report.h: the A4 report of a period, for the therapist
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "salve-db.h"

G_BEGIN_DECLS

/* A4 in points. */
#define SALVE_REPORT_PAGE_WIDTH  595.276
#define SALVE_REPORT_PAGE_HEIGHT 841.890

typedef struct
{
  gint64      profile_id;
  gboolean    has_from;
  gint64      from_unix;   /* first moment of the period */
  gboolean    has_to;
  gint64      to_unix;     /* the period ends before this moment */
  GTimeZone  *tz;          /* NULL: local time */
  GDateTime  *made;        /* when the report is made; NULL: now */
} SalveReportOptions;

#define SALVE_REPORT_OPTIONS_INIT { 0, FALSE, 0, FALSE, 0, NULL, NULL }

/* Reads the profile's diary, sessions, care plan and schedules from @db
 * and writes the report as a PDF to @path with salve_cairo_file_save():
 * 0600, complete or not there at all. Strings come from the current
 * gettext language. Without a start the period is the diary's first
 * entry onwards, without an end up to its last. The baseline is still
 * the first week (or the plan's) when the period starts later. Sets
 * @n_pages (may be NULL) to the number of pages written. */
gboolean salve_report_write_pdf (SalveDb                  *db,
                                 const SalveReportOptions *options,
                                 const char               *path,
                                 guint                    *n_pages,
                                 GError                  **error);

/* The same report for a print operation, which asks for pages one by one
 * on its own Cairo context (A4, in points from the page's corner). */
typedef struct _SalveReport SalveReport;

/* Reads everything the report needs; draws nothing yet. */
SalveReport *salve_report_load        (SalveDb                  *db,
                                       const SalveReportOptions *options,
                                       GError                  **error);
/* Lays the report out on @cr without drawing, and returns its pages. */
guint        salve_report_count_pages (SalveReport              *self,
                                       cairo_t                  *cr);
/* Draws page @page (from 0) on @cr; call salve_report_count_pages()
 * first, so the footers know the number of pages. */
void         salve_report_draw_page   (SalveReport              *self,
                                       cairo_t                  *cr,
                                       guint                     page);
void         salve_report_free        (SalveReport              *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveReport, salve_report_free)

G_END_DECLS
