/* salve-tooltip.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "salve-tooltip.h"

/* When a visible widget's tooltip changes, GTK 4.8 asks where the pointer
 * is, to update a tooltip that may be showing. On X11 that is two round
 * trips to the server, about 0.4 ms each time under Xvfb: the entry
 * dialog's pain scale alone sets eleven tooltips, a patient's row five.
 * A widget in no window (one being made) cannot be under the pointer, and
 * GTK asks nothing of a hidden widget: such a widget's tooltip is set
 * while it is hidden for that moment. A widget in a window is left to GTK,
 * which keeps a tooltip on screen up to date. */
void
salve_tooltip_set_text (GtkWidget  *widget,
                        const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (gtk_widget_get_root (widget) == NULL && gtk_widget_get_visible (widget))
    {
      gtk_widget_set_visible (widget, FALSE);
      gtk_widget_set_tooltip_text (widget, text);
      gtk_widget_set_visible (widget, TRUE);
    }
  else
    gtk_widget_set_tooltip_text (widget, text);
}
