/* salve-row-keys.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "salve-row-keys.h"

/* Return, Enter or Space on a row itself (not on the widget in it) does
 * what a click on the row does: it opens the row's popover, flips its
 * switch or goes into its numbers. GTK 4.8's list box passes Return on
 * a row on to the window, whose default button then saved the dialog at
 * once, with what the person was about to change left as it was; Space
 * did nothing at all. Ctrl+Return is left to the dialog. */
static gboolean
row_key_pressed_cb (AdwActionRow    *row,
                    guint            keyval,
                    guint            keycode,
                    GdkModifierType  state)
{
  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0 || !gtk_widget_is_focus (GTK_WIDGET (row)))
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      adw_action_row_activate (row);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

/* The keys above for the action row that holds @widget (or is it). */
void
salve_row_activate_on_keys (GtkWidget *widget)
{
  GtkWidget *row = ADW_IS_ACTION_ROW (widget) ? widget : gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);
  GtkEventController *keys;

  g_return_if_fail (row != NULL);

  keys = gtk_event_controller_key_new ();
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (row_key_pressed_cb), row);
  gtk_widget_add_controller (row, keys);
}
