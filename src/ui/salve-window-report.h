/* salve-window-report.h: Report… in the window's menu
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "salve-window.h"

G_BEGIN_DECLS

/* Installs win.report on the window class: asks where to save the
 * active person's report and writes it in a worker thread with its own
 * database connection. */
void     _salve_window_report_class_init (GtkWidgetClass *widget_class);
/* For tests: writes the active person's whole-diary report to @path in a
 * worker thread; a toast says how it went. */
void     _salve_window_write_report      (SalveWindow    *self,
                                          const char     *path);

G_END_DECLS
