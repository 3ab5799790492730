/* salve-sessions-view.h
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SALVE_TYPE_SESSIONS_VIEW (salve_sessions_view_get_type ())

G_DECLARE_FINAL_TYPE (SalveSessionsView, salve_sessions_view, SALVE, SESSIONS_VIEW, AdwBin)

/* Reads the sessions again, e.g. after one was run. */
void salve_sessions_view_reload (SalveSessionsView *self);

G_END_DECLS
