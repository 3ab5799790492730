/* salve-background.h: reads the views run in worker threads
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A view's read is under way, or its rows are still being added a few a
 * frame (hold), or it has all reached the view (release).
 * Tests wait for the count to drop to 0 before they look at a view. */
void  _salve_background_hold        (void);
void  _salve_background_release     (void);
guint _salve_background_get_n_held (void);

G_END_DECLS
