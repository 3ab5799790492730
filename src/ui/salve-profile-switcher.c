/* salve-profile-switcher.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-profile-switcher"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-add-patient.h"
#include "salve-profile-repo.h"
#include "salve-profile-switcher.h"
#include "salve-window.h"
#include "salve-tooltip.h"

struct _SalveProfileSwitcher
{
  AdwBin         parent_instance;

  GtkMenuButton *button;
  GtkLabel      *name_label;
  GtkPopover    *popover;
  GtkListBox    *list;
  GtkButton     *add_button;

  SalveDb       *db;
  SalveProfile  *profile;
  /* As listed when the menu last opened. */
  GPtrArray     *profiles;
};

G_DEFINE_FINAL_TYPE (SalveProfileSwitcher, salve_profile_switcher, ADW_TYPE_BIN)

static void
on_row_activated (GtkListBox           *list,
                  GtkListBoxRow        *row,
                  SalveProfileSwitcher *self)
{
  int index = gtk_list_box_row_get_index (row);
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (self));

  gtk_popover_popdown (self->popover);
  if (window != NULL && self->profiles != NULL && index >= 0 && (guint) index < self->profiles->len)
    salve_window_set_profile (window, g_ptr_array_index (self->profiles, index));
}

static void
on_add_clicked (GtkButton            *button,
                SalveProfileSwitcher *self)
{
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (self));

  gtk_popover_popdown (self->popover);
  if (window != NULL)
    salve_add_patient_present (window);
}

/* Lists the profiles as they are now: called each time the menu opens. */
static void
fill_list (SalveProfileSwitcher *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  GtkWidget *active_row = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);

  if (self->db != NULL && (self->profiles = salve_profile_repo_list (self->db, &error)) == NULL)
    g_warning ("Could not list the profiles: %s", error->message);

  for (guint i = 0; self->profiles && i < self->profiles->len; i++)
    {
      SalveProfile *p = g_ptr_array_index (self->profiles, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (salve_profile_get_name (p));
      GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");
      gboolean active = self->profile && salve_profile_get_id (p) == salve_profile_get_id (self->profile);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_opacity (check, active ? 1 : 0);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), check);
      gtk_widget_set_margin_start (box, 6);
      gtk_widget_set_margin_end (box, 6);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_list_box_append (self->list, box);

      /* A screen reader hears whose row it is, and which one is active:
       * the tick is shown by its opacity alone. */
      {
        GtkWidget *row = gtk_widget_get_parent (box);
        /* Translators: a patient in the switcher, for screen readers: "Anna, active" */
        g_autofree char *name = active ? g_strdup_printf (_("%s, active"), salve_profile_get_name (p))
                                       : g_strdup (salve_profile_get_name (p));

        gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
        if (active)
          active_row = row;
      }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->list), self->profiles && self->profiles->len > 0);
  /* Opened, the menu starts on the active patient, not on its scroller. */
  if (active_row != NULL)
    gtk_widget_grab_focus (active_row);
}

void
salve_profile_switcher_set_context (SalveProfileSwitcher *self,
                                    SalveDb              *db,
                                    SalveProfile         *profile)
{
  g_return_if_fail (SALVE_IS_PROFILE_SWITCHER (self));

  g_set_object (&self->db, db);
  g_set_object (&self->profile, profile);

  gtk_label_set_label (self->name_label, profile ? salve_profile_get_name (profile) : _("No Patient"));
  {
    /* Translators: accessible name of the patient switcher; %s is the patient's name */
    g_autofree char *name = profile ? g_strdup_printf (_("Patient: %s. Switch patient"), salve_profile_get_name (profile))
                                    : g_strdup (_("No patient yet. Add a patient"));

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  }
  gtk_widget_set_sensitive (GTK_WIDGET (self->button), db != NULL);

  /* The list is read when the menu opens; an open one is read again now. */
  if (self->popover != NULL && gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    fill_list (self);
}

static void
salve_profile_switcher_dispose (GObject *object)
{
  SalveProfileSwitcher *self = (SalveProfileSwitcher *)object;

  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_object (&self->db);
  g_clear_object (&self->profile);
  self->popover = NULL;
  self->button = NULL;
  self->list = NULL;
  self->add_button = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (object), SALVE_TYPE_PROFILE_SWITCHER);

  G_OBJECT_CLASS (salve_profile_switcher_parent_class)->dispose (object);
}

static void
salve_profile_switcher_class_init (SalveProfileSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_profile_switcher_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-profile-switcher.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveProfileSwitcher, name_label);
}

/* Built here rather than in the template: the menu button owns and
 * destroys its popover, so the template must not hold on to it. */
static void
build_popover (SalveProfileSwitcher *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Patients"), -1);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated), self);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));

  self->add_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Add Patient…")));
  gtk_widget_add_css_class (GTK_WIDGET (self->add_button), "flat");
  g_signal_connect (self->add_button, "clicked", G_CALLBACK (on_add_clicked), self);

  gtk_widget_set_size_request (box, 220, -1);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->add_button));

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, box);
  g_signal_connect_swapped (self->popover, "show", G_CALLBACK (fill_list), self);
  gtk_menu_button_set_popover (self->button, GTK_WIDGET (self->popover));
}

static void
create_popup (GtkMenuButton *button,
              gpointer       user_data)
{
  SalveProfileSwitcher *self = user_data;

  if (self->popover == NULL)
    build_popover (self);
}

static void
salve_profile_switcher_init (SalveProfileSwitcher *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not a bound template child: AdwBin unparents its own child. */
  self->button = GTK_MENU_BUTTON (adw_bin_get_child (ADW_BIN (self)));
  /* Not needed for the first frame: built when the menu first opens. */
  gtk_menu_button_set_create_popup_func (self->button, create_popup, self, NULL);
  salve_tooltip_hide_while_open (self->button);
}
