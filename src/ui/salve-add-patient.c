/* salve-add-patient.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-add-patient"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-add-patient.h"
#include "salve-checklist-view.h"
#include "salve-profile-repo.h"

static void
update_add_enabled (GtkEditable      *entry,
                    AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "add",
                                           salve_profile_name_is_valid (gtk_editable_get_text (entry), NULL));
}

static void present (SalveWindow *window,
                     gboolean     yourself,
                     const char  *name,
                     const char  *problem);

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             SalveWindow      *window)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  SalveDb *db = salve_window_get_db (window);

  if (!g_str_equal (response, "add") || db == NULL)
    return;

  profile = salve_profile_repo_add (db, gtk_editable_get_text (entry), &error);
  if (profile == NULL)
    {
      /* Asked again with the name as typed and why it would not do: a
       * toast behind the closed dialog lost what was typed. */
      present (window, g_object_get_data (G_OBJECT (dialog), "yourself") != NULL,
               gtk_editable_get_text (entry), error->message);
      return;
    }

  /* Whoever adds themselves answers their own checklist. */
  if (g_object_get_data (G_OBJECT (dialog), "yourself") != NULL)
    salve_checklist_view_remember_answerer (salve_profile_get_name (profile), salve_profile_get_name (profile));

  salve_window_set_profile (window, profile);
}

static void
on_entry_activate (GtkEntry         *entry,
                   AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "add"))
    {
      adw_message_dialog_response (dialog, "add");
      gtk_window_close (GTK_WINDOW (dialog));
    }
}

static void
present (SalveWindow *window,
         gboolean     yourself,
         const char  *name,
         const char  *problem)
{
  GtkWidget *dialog;
  GtkWidget *entry;

  if (yourself)
    dialog = adw_message_dialog_new (GTK_WINDOW (window), _("Add Yourself"),
                                     _("Your diary, sessions and checklist are kept under your name. "
                                       "A therapist can add more patients later."));
  else
    dialog = adw_message_dialog_new (GTK_WINDOW (window), _("Add Patient"),
                                     _("Each patient has their own diary, sessions and checklist."));
  g_object_set_data (G_OBJECT (dialog), "yourself", GINT_TO_POINTER (yourself));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), yourself ? _("Your name") : _("Name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  yourself ? _("Your name") : _("Name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add", FALSE);

  g_signal_connect (entry, "changed", G_CALLBACK (update_add_enabled), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (on_entry_activate), dialog);
  if (problem != NULL)
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), problem);
  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), name);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_response), window, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

void
salve_add_patient_present (SalveWindow *window)
{
  g_return_if_fail (SALVE_IS_WINDOW (window));

  present (window, FALSE, NULL, NULL);
}

void
salve_add_patient_present_self (SalveWindow *window)
{
  g_return_if_fail (SALVE_IS_WINDOW (window));

  present (window, TRUE, NULL, NULL);
}
