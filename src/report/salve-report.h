/* salve-report.h: the A4 report of a period, for the therapist
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

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

G_END_DECLS
