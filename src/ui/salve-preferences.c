/* salve-preferences.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "salve-preferences.h"
#include "salve-spin.h"

static GtkWidget *
switch_row (GSettings  *settings,
            const char *key,
            const char *title,
            const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  gtk_widget_set_name (toggle, key);
  g_settings_bind (settings, key, toggle, "active", G_SETTINGS_BIND_DEFAULT);

  return row;
}

/* The minutes of screen work before a micro-break, within the range the
 * schema gives; it asks only while micro-breaks are on. */
static GtkWidget *
break_interval_row (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) limits = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin;
  const char *kind;
  int min, max;

  g_object_get (settings, "settings-schema", &schema, NULL);
  key = g_settings_schema_get_key (schema, "break-interval");
  range = g_settings_schema_key_get_range (key);
  g_variant_get (range, "(&sv)", &kind, &limits);
  g_variant_get (limits, "(ii)", &min, &max);
  spin = gtk_spin_button_new_with_range (min, max, 5);
  salve_spin_button_read_strictly (GTK_SPIN_BUTTON (spin));
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_name (spin, "break-interval");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Minutes Between Breaks"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Of screen work without a minute’s pause"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Minutes Between Breaks"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_settings_bind (settings, "break-interval", spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "break-reminders", row, "sensitive", G_SETTINGS_BIND_GET);

  return row;
}

AdwPreferencesWindow *
salve_preferences_window_new (GtkWindow *parent)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.salve.Salve");
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();

  gtk_window_set_title (GTK_WINDOW (window), _("Preferences"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Reminders"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "alarm-symbolic");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Reminders"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Notifications at the times planned in a care plan’s schedule."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             switch_row (settings, "reminders", _("Session Reminders"),
                                         _("At each planned time, unless the session was already done")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             switch_row (settings, "diary-reminder", _("Diary Reminder"),
                                         _("At 20:00, when the diary has nothing for the day")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             switch_row (settings, "run-in-background", _("Run in the Background"),
                                         _("Keep running when the window is closed and start at login, so that reminders always come")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             switch_row (settings, "break-reminders", _("Micro-Break Reminders"),
                                         _("During screen work, a reminder to rest your eyes and shoulders for 30 to 60 seconds")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), break_interval_row (settings));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));

  return ADW_PREFERENCES_WINDOW (window);
}
