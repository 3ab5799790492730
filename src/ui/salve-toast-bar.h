/* salve-toast-bar.h: a window's toasts, one at a time
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SALVE_TYPE_TOAST_BAR (salve_toast_bar_get_type ())

G_DECLARE_FINAL_TYPE (SalveToastBar, salve_toast_bar, SALVE, TOAST_BAR, GtkWidget)

GtkWidget *salve_toast_bar_new       (void);
void       salve_toast_bar_add       (SalveToastBar *self,
                                      AdwToast      *toast);
AdwToast  *salve_toast_bar_get_shown (SalveToastBar *self);
gboolean   salve_toast_bar_dismiss   (SalveToastBar *self);
gboolean   salve_toast_bar_focus     (SalveToastBar *self);
/* What a click on @toast's button does, for a key that stands in for
 * it (Ctrl+Z for an Undo): its "button-clicked", then the toast goes.
 * adw_toast_dismiss() does nothing outside an AdwToastOverlay, and the
 * toast would stay, its button offering the same again. */
void       salve_toast_press_button  (AdwToast      *toast);

G_END_DECLS
