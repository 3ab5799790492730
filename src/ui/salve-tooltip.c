/* salve-tooltip.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "salve-tooltip.h"

/* Whether @text is what @widget's tooltip says already ("" is none). */
static gboolean
says_already (GtkWidget  *widget,
              const char *text)
{
  const char *now = gtk_widget_get_tooltip_text (widget);

  if (text != NULL && *text == '\0')
    text = NULL;
  return g_strcmp0 (now, text) == 0;
}

/* Whether @widget is, or holds, its window's focus or default widget:
 * hiding it, even for a moment, would take that away. */
static gboolean
holds_focus_or_default (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus, *fallback;

  if (!GTK_IS_WINDOW (root))
    return TRUE;
  focus = gtk_root_get_focus (root);
  fallback = gtk_window_get_default_widget (GTK_WINDOW (root));

  return (focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget))) ||
         (fallback != NULL && (fallback == widget || gtk_widget_is_ancestor (fallback, widget)));
}

/* When a visible widget's tooltip changes, GTK 4.8 asks where the pointer
 * is, to update a tooltip that may be showing. On X11 that is two round
 * trips to the server, about 0.4 ms each time under Xvfb: the entry
 * dialog's pain scale alone sets eleven tooltips, a patient's row five.
 * A widget in no window (one being made) cannot be under the pointer, and
 * GTK asks nothing of a hidden widget: such a widget's tooltip is set
 * while it is hidden for that moment. So is that of a widget in a window
 * but out of sight (@out_of_sight, the caller's word that nothing else
 * follows its visibility), unless it holds the window's focus or default.
 * Any other widget in a window is left to GTK, which keeps a tooltip on
 * screen up to date. A tooltip that says the same already is not set
 * again. */
static void
set_tooltip (GtkWidget  *widget,
             const char *text,
             gboolean    out_of_sight)
{
  gboolean hide_for_a_moment;

  if (says_already (widget, text))
    return;

  if (!gtk_widget_get_visible (widget))
    hide_for_a_moment = FALSE;
  else if (gtk_widget_get_root (widget) == NULL)
    hide_for_a_moment = TRUE;
  else
    hide_for_a_moment = out_of_sight && !gtk_widget_get_mapped (widget) && !holds_focus_or_default (widget);

  if (hide_for_a_moment)
    {
      gtk_widget_set_visible (widget, FALSE);
      gtk_widget_set_tooltip_text (widget, text);
      gtk_widget_set_visible (widget, TRUE);
    }
  else
    gtk_widget_set_tooltip_text (widget, text);
}

void
salve_tooltip_set_text (GtkWidget  *widget,
                        const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  set_tooltip (widget, text, FALSE);
}

/* For a widget in a window but out of sight, whose visibility nothing
 * else follows: no binding, and not a stack's page, which hiding it
 * would replace. */
void
salve_tooltip_set_text_out_of_sight (GtkWidget  *widget,
                                     const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  set_tooltip (widget, text, TRUE);
}

/* While the menu is open, neither the button's tooltip nor that of a
 * widget around it (a patient's row: GTK shows an ancestor's tooltip
 * where the widget under the pointer has none) may show. */
static void
on_menu_active_changed (GtkToggleButton *toggle,
                        GParamSpec      *pspec,
                        GtkWidget       *menu_button)
{
  if (gtk_toggle_button_get_active (toggle))
    {
      GPtrArray *hidden = g_ptr_array_new_with_free_func (g_object_unref);

      for (GtkWidget *w = menu_button; w != NULL && !GTK_IS_NATIVE (w); w = gtk_widget_get_parent (w))
        if (gtk_widget_get_has_tooltip (w))
          {
            gtk_widget_set_has_tooltip (w, FALSE);
            g_ptr_array_add (hidden, g_object_ref (w));
          }
      g_object_set_data_full (G_OBJECT (menu_button), "salve-tooltips-hidden", hidden,
                              (GDestroyNotify) g_ptr_array_unref);
    }
  else
    {
      GPtrArray *hidden = g_object_get_data (G_OBJECT (menu_button), "salve-tooltips-hidden");

      for (guint i = 0; hidden != NULL && i < hidden->len; i++)
        gtk_widget_set_has_tooltip (g_ptr_array_index (hidden, i), TRUE);
      g_object_set_data (G_OBJECT (menu_button), "salve-tooltips-hidden", NULL);
    }
}

void
salve_tooltip_hide_while_open (GtkMenuButton *button)
{
  /* GTK 4.8's menu button has no "active" of its own: its button has. */
  GtkWidget *toggle = gtk_widget_get_first_child (GTK_WIDGET (button));

  g_return_if_fail (GTK_IS_TOGGLE_BUTTON (toggle));
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (on_menu_active_changed), button, 0);
}
