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

static void
set_while_hidden (GtkWidget  *widget,
                  const char *text)
{
  gtk_widget_set_visible (widget, FALSE);
  gtk_widget_set_tooltip_text (widget, text);
  gtk_widget_set_visible (widget, TRUE);
}

/* When a visible widget's tooltip changes, GTK 4.8 asks where the pointer
 * is, to update a tooltip that may be showing. On X11 that is two round
 * trips to the server, about 0.4 ms each time under Xvfb: the entry
 * dialog's pain scale alone sets eleven tooltips, a patient's row five.
 * A widget in no window (one being made) cannot be under the pointer, and
 * GTK asks nothing of a hidden widget: such a widget's tooltip is set
 * while it is hidden for that moment. A widget in a window is left to GTK,
 * which keeps a tooltip on screen up to date. A tooltip that says the
 * same already is not set again. */
void
salve_tooltip_set_text (GtkWidget  *widget,
                        const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (says_already (widget, text))
    return;

  if (gtk_widget_get_root (widget) == NULL && gtk_widget_get_visible (widget))
    set_while_hidden (widget, text);
  else
    gtk_widget_set_tooltip_text (widget, text);
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

/* A widget in a window but out of sight cannot be under the pointer
 * either: GTK's question (see above) is spared the same way, unless the
 * widget holds the window's focus or default. The caller knows that
 * nothing else follows the widget's visibility: no binding, and it is
 * not a stack's page, which hiding would replace. */
void
salve_tooltip_set_text_out_of_sight (GtkWidget  *widget,
                                     const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (says_already (widget, text))
    return;

  if (gtk_widget_get_visible (widget) && !gtk_widget_get_mapped (widget) &&
      gtk_widget_get_root (widget) != NULL && !holds_focus_or_default (widget))
    set_while_hidden (widget, text);
  else
    salve_tooltip_set_text (widget, text);
}
