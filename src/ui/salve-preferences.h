/* salve-preferences.h: the Preferences window
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The reminder switches, bound to the application's settings. */
AdwPreferencesWindow *salve_preferences_window_new (GtkWindow *parent);

G_END_DECLS
