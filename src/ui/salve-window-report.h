/* salve-window-report.h: Report… in the window's menu
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "salve-report.h"
#include "salve-window.h"

G_BEGIN_DECLS

/* The periods Report… offers. */
typedef enum
{
  SALVE_WINDOW_REPORT_LAST_4_WEEKS,
  SALVE_WINDOW_REPORT_SINCE_PLAN,
  SALVE_WINDOW_REPORT_EVERYTHING,
  SALVE_WINDOW_REPORT_DATES,
} SalveWindowReportPeriod;

/* Installs win.report on the window class: asks for the period, then
 * where to save the active person's report (written in a worker thread
 * with its own database connection) or to print it. */
void     _salve_window_report_class_init (GtkWidgetClass *widget_class);
/* For tests: writes the active person's whole-diary report to @path in a
 * worker thread; a toast says how it went. */
void     _salve_window_write_report      (SalveWindow    *self,
                                          const char     *path);

/* For tests: the same with a period (NULL: the whole diary); only the
 * period's bounds of @period are used. */
void     _salve_window_write_report_period (SalveWindow              *self,
                                            const SalveReportOptions *period,
                                            const char               *path);
/* The period's bounds for @period: @from and @to (dates, or dates and
 * times; empty for open) only for SALVE_WINDOW_REPORT_DATES. FALSE with
 * a message a person can act on for a date that cannot be read, an end
 * before the start, or SINCE_PLAN without a plan. */
gboolean _salve_window_report_period      (SalveWindow              *self,
                                           SalveWindowReportPeriod   period,
                                           const char               *from,
                                           const char               *to,
                                           SalveReportOptions       *options,
                                           GError                  **error);
/* Prints the active person's report of @period (NULL: the whole diary):
 * read in a worker thread, drawn page by page through GtkPrintOperation.
 * With @export_path, exports to that PDF without a dialog. */
void     _salve_window_print_report       (SalveWindow              *self,
                                           const SalveReportOptions *period,
                                           const char               *export_path);

G_END_DECLS
