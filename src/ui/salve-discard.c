/* salve-discard.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "salve-discard.h"

typedef struct
{
  GtkWindow        *window;
  SalveDiscardFunc  on_discard;
} Discard;

static void
discard_free (gpointer data)
{
  Discard *discard = data;

  g_object_unref (discard->window);
  g_free (discard);
}

/* Not from the response itself: the question is transient for the
 * window, which must not go while the question is still closing. */
static gboolean
discard_idle (gpointer data)
{
  Discard *discard = data;

  discard->on_discard (discard->window);
  return G_SOURCE_REMOVE;
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          data)
{
  Discard *discard = data;

  if (g_str_equal (response, "discard"))
    {
      Discard *copy = g_new0 (Discard, 1);

      copy->window = g_object_ref (discard->window);
      copy->on_discard = discard->on_discard;
      g_idle_add_full (G_PRIORITY_DEFAULT, discard_idle, copy, discard_free);
    }
}

void
salve_ask_discard (GtkWindow        *window,
                   const char       *heading,
                   const char       *body,
                   SalveDiscardFunc  on_discard)
{
  GtkWidget *dialog;
  Discard *discard;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (on_discard != NULL);

  dialog = adw_message_dialog_new (window, heading, body);
  gtk_widget_set_name (dialog, "discard");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  discard = g_new0 (Discard, 1);
  discard->window = g_object_ref (window);
  discard->on_discard = on_discard;
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_response), discard,
                         (GClosureNotify) (void (*) (void)) discard_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
