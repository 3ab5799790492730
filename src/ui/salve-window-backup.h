/* salve-window-backup.h: the daily backup while the window is open, and
 * Restore a Backup… in its menu
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "salve-window.h"

G_BEGIN_DECLS

/* Installs win.make-backup and win.restore-backup on the window class. */
void              _salve_window_backup_class_init (GtkWidgetClass *widget_class);
/* Once the database is open: today's backup now if there is none, and
 * every hour after (a window left open for days makes one each day).
 * In a worker thread with its own connection. */
void              _salve_window_start_backups     (SalveWindow    *self);

/* For tests: the question Restore a Backup… asks (already shown): the
 * backups of the database's folder, if any, and Choose a File…; NULL,
 * with a toast, when the folder cannot be read. */
AdwMessageDialog *_salve_window_ask_restore       (SalveWindow    *self);
/* For tests: what its Restore does with @path. */
void              _salve_window_restore_backup    (SalveWindow    *self,
                                                   const char     *path);
/* For tests: what Make a Backup… does with the file chosen. */
void              _salve_window_write_backup      (SalveWindow    *self,
                                                   const char     *path);
/* For tests: backups and restores still running. */
guint             _salve_window_get_backup_busy   (SalveWindow    *self);

G_END_DECLS
