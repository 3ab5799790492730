/* salve-discard.h: asking before what a window holds is given up
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*SalveDiscardFunc) (GtkWindow *window);

/* Asks, over @window, whether what it holds may be given up: @heading
 * ("Discard This Entry?") and @body, with Keep Editing (the default, and
 * Escape) and Discard. @on_discard runs only for Discard, once the
 * question has gone, so it may close or destroy @window. The question's
 * widget name is "discard". */
void salve_ask_discard (GtkWindow        *window,
                        const char       *heading,
                        const char       *body,
                        SalveDiscardFunc  on_discard);

G_END_DECLS
