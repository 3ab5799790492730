/* salve-welcome.c: the first screen, before there is anyone to treat
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-welcome"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-add-patient.h"
#include "salve-welcome.h"
#include "salve-window.h"

static void
on_add_yourself (GtkButton *button)
{
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (button));

  if (window != NULL)
    salve_add_patient_present_self (window);
}

static void
on_add_patient (GtkButton *button)
{
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (button));

  if (window != NULL)
    salve_add_patient_present (window);
}

static GtkWidget *
make_button (const char *label,
             GCallback   callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_add_css_class (button, "pill");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", callback, NULL);

  return button;
}

GtkWidget *
salve_welcome_new (void)
{
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *yourself = make_button (_("Add _Yourself"), G_CALLBACK (on_add_yourself));
  GtkWidget *patient = make_button (_("Add a _Patient"), G_CALLBACK (on_add_patient));
  GtkWidget *steps = gtk_label_new (_("Three short steps: the patient, a checklist of what could make a "
                                      "treatment unsafe, and a device."));
  /* Said before anything is entered, not only in the About window. */
  GtkWidget *not_medical = gtk_label_new (_("Salve is not a medical device and does not replace a doctor or "
                                            "therapist: follow their advice and your device’s manual."));

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "avatar-default-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("Welcome to Salve"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                   _("Treating your own pain? Add yourself. A therapist adds the patients "
                                     "they treat, one by one."));

  /* Most people treat themselves: that is the suggested first step. */
  gtk_widget_add_css_class (yourself, "suggested-action");
  gtk_label_set_wrap (GTK_LABEL (steps), TRUE);
  gtk_label_set_justify (GTK_LABEL (steps), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (steps, "dim-label");
  gtk_widget_set_margin_top (steps, 12);

  gtk_box_append (GTK_BOX (box), yourself);
  gtk_box_append (GTK_BOX (box), patient);
  gtk_label_set_wrap (GTK_LABEL (not_medical), TRUE);
  gtk_label_set_justify (GTK_LABEL (not_medical), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (not_medical, "dim-label");
  gtk_widget_add_css_class (not_medical, "caption");

  gtk_box_append (GTK_BOX (box), steps);
  gtk_box_append (GTK_BOX (box), not_medical);
  adw_status_page_set_child (ADW_STATUS_PAGE (page), box);

  return page;
}
