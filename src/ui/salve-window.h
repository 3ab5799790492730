/* salve-window.h
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "salve-application.h"
#include "salve-db.h"
#include "salve-profile.h"

G_BEGIN_DECLS

#define SALVE_TYPE_WINDOW (salve_window_get_type ())

G_DECLARE_FINAL_TYPE (SalveWindow, salve_window, SALVE, WINDOW, AdwApplicationWindow)

SalveWindow  *salve_window_new          (SalveApplication *application);
/* NULL until the database is open, and if it cannot be opened. */
SalveDb      *salve_window_get_db       (SalveWindow      *self);
SalveProfile *salve_window_get_profile  (SalveWindow      *self);
/* Makes @profile the active one in every view and remembers it. */
void          salve_window_set_profile  (SalveWindow      *self,
                                         SalveProfile     *profile);
/* Every view reads its data again (after an import, say). */
void          salve_window_refresh      (SalveWindow      *self);
/* Reads everything again when another program changed the database
 * since the window last looked (salvectl import, say): done each time
 * the window becomes the active one. TRUE when it read again. */
gboolean      salve_window_catch_up     (SalveWindow      *self);
/* The main window @widget is in, or NULL (not in one yet, or in a dialog). */
SalveWindow  *salve_window_for_widget   (GtkWidget        *widget);
void          salve_window_show_view    (SalveWindow      *self,
                                         const char       *name);
void          salve_window_add_toast    (SalveWindow      *self,
                                         AdwToast         *toast);
/* Opens the database and builds every view now, instead of once the
 * window is mapped; for tests. */
gboolean      salve_window_open_db_now  (SalveWindow      *self);
/* With the database open: makes @profile_name's profile active (when it
 * exists), shows @view and activates @action_name (each may be NULL).
 * While the database is busy (another program writes to it alone), the
 * same is done once the window has opened it; a later call replaces an
 * earlier one. */
void          salve_window_when_open    (SalveWindow      *self,
                                         const char       *profile_name,
                                         const char       *view,
                                         const char       *action_name);

G_END_DECLS
