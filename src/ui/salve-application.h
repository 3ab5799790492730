/* salve-application.h
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "salve-reminders.h"

G_BEGIN_DECLS

#define SALVE_TYPE_APPLICATION (salve_application_get_type ())

G_DECLARE_FINAL_TYPE (SalveApplication, salve_application, SALVE, APPLICATION, AdwApplication)

/* Call first thing in main(), before any thread starts. */
gboolean          salve_application_prefer_empty_gtk_theme (void);
gboolean          salve_application_prefer_cairo_without_gpu (const char   *dri_dir);
SalveApplication *salve_application_new                    (const char        *application_id,
                                                            GApplicationFlags  flags);
/* The database path the app uses: --db, then SALVE_DB, then the XDG default. */
const char       *salve_application_get_db_path            (SalveApplication  *self);
void              salve_application_set_db_path            (SalveApplication  *self,
                                                            const char        *path);
/* NULL before the application's startup. */
SalveReminders   *salve_application_get_reminders          (SalveApplication  *self);
/* TRUE while Quit closes the application's windows. */
gboolean          salve_application_is_quitting            (SalveApplication  *self);

G_END_DECLS
