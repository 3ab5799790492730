/* salve-diary-entry-dialog.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-diary-entry-dialog"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "salve-diary-entry-dialog.h"
#include "salve-diary-repo.h"
#include "salve-pain-scale.h"

#define WHEN_FORMAT "%Y-%m-%d %H:%M"

struct _SalveDiaryEntryDialog
{
  AdwWindow        parent_instance;

  SalveDb         *db;
  SalveDiaryEntry *entry;
  gboolean         is_new;

  SalvePainScale  *pain_scale;
  GtkLabel        *error_label;
  AdwEntryRow     *when_row;
  AdwEntryRow     *region_row;
  GtkDropDown     *fatigue_dropdown;
  GtkDropDown     *sleep_dropdown;
  AdwEntryRow     *activities_row;
  GtkSwitch       *success_switch;
  GtkTextView     *note_view;
  GtkButton       *save_button;
};

G_DEFINE_FINAL_TYPE (SalveDiaryEntryDialog, salve_diary_entry_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
show_error (SalveDiaryEntryDialog *self,
            const char            *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Position 0 of the rating drop-downs is "not rated"; 1–11 are 0–10. */
static int
rating_from_dropdown (GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  return selected == 0 || selected == GTK_INVALID_LIST_POSITION ? SALVE_DIARY_UNRATED : (int) selected - 1;
}

static void
rating_to_dropdown (GtkDropDown *dropdown,
                    int          rating)
{
  gtk_drop_down_set_selected (dropdown, rating == SALVE_DIARY_UNRATED ? 0 : (guint) rating + 1);
}

static GDateTime *
parse_when (const char *text)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  int y, mo, d, h = -1, mi = 0;
  char rest;
  int n = sscanf (text, "%d-%d-%d %d:%d%c", &y, &mo, &d, &h, &mi, &rest);

  if ((n != 3 && n != 5) || !g_date_valid_dmy (d, mo, y))
    return NULL;
  if (n == 3)
    h = 12;
  if (h < 0 || h > 23 || mi < 0 || mi > 59)
    return NULL;

  return g_date_time_new (local, y, mo, d, h, mi, 0);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalveDiaryEntryDialog *self = SALVE_DIARY_ENTRY_DIALOG (widget);
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  g_autofree char *region = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  int pain = salve_pain_scale_get_value (self->pain_scale);
  gboolean ok;

  if (pain < 0)
    {
      show_error (self, _("Choose how much pain you have, from 0 to 10."));
      gtk_widget_grab_focus (GTK_WIDGET (self->pain_scale));
      return;
    }

  when = parse_when (gtk_editable_get_text (GTK_EDITABLE (self->when_row)));
  if (when == NULL)
    {
      show_error (self, _("Write the time as year-month-day hour:minute, for example 2026-03-29 09:30."));
      gtk_widget_add_css_class (GTK_WIDGET (self->when_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->when_row));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->when_row), "error");

  buffer = gtk_text_view_get_buffer (self->note_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  note = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  salve_diary_entry_set_pain (self->entry, pain);
  salve_diary_entry_set_at (self->entry, when);
  region = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->region_row))));
  salve_diary_entry_set_region (self->entry, region);
  salve_diary_entry_set_activities (self->entry, gtk_editable_get_text (GTK_EDITABLE (self->activities_row)));
  salve_diary_entry_set_fatigue (self->entry, rating_from_dropdown (self->fatigue_dropdown));
  salve_diary_entry_set_sleep_quality (self->entry, rating_from_dropdown (self->sleep_dropdown));
  salve_diary_entry_set_success (self->entry, gtk_switch_get_active (self->success_switch));
  salve_diary_entry_set_note (self->entry, note);

  if (self->is_new)
    ok = salve_diary_repo_add (self->db, self->entry, &error);
  else
    ok = salve_diary_repo_update (self->db, self->entry, &error);

  if (!ok)
    {
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals [SAVED], 0, self->entry);
  gtk_window_close (GTK_WINDOW (self));
}

static void
salve_diary_entry_dialog_dispose (GObject *object)
{
  SalveDiaryEntryDialog *self = (SalveDiaryEntryDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SALVE_TYPE_DIARY_ENTRY_DIALOG);
  g_clear_object (&self->db);
  g_clear_object (&self->entry);

  G_OBJECT_CLASS (salve_diary_entry_dialog_parent_class)->dispose (object);
}

static void
salve_diary_entry_dialog_class_init (SalveDiaryEntryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_diary_entry_dialog_dispose;

  signals [SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SALVE_TYPE_DIARY_ENTRY);

  g_type_ensure (SALVE_TYPE_PAIN_SCALE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-diary-entry-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, pain_scale);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, when_row);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, region_row);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, fatigue_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, sleep_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, activities_row);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, success_switch);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, note_view);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, save_button);

  gtk_widget_class_install_action (widget_class, "entry.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "entry.save", NULL);
}

static GListModel *
rating_model (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, _("Not rated"));
  for (int i = 0; i <= 10; i++)
    {
      g_autofree char *text = g_strdup_printf ("%d", i);
      gtk_string_list_append (list, text);
    }

  return G_LIST_MODEL (list);
}

static void
salve_diary_entry_dialog_init (SalveDiaryEntryDialog *self)
{
  g_autoptr(GListModel) fatigue = rating_model ();
  g_autoptr(GListModel) sleep = rating_model ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drop_down_set_model (self->fatigue_dropdown, fatigue);
  gtk_drop_down_set_model (self->sleep_dropdown, sleep);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  adw_entry_row_set_activates_default (self->when_row, TRUE);
  adw_entry_row_set_activates_default (self->region_row, TRUE);
  adw_entry_row_set_activates_default (self->activities_row, TRUE);
}

SalveDiaryEntryDialog *
salve_diary_entry_dialog_new (GtkWindow       *parent,
                              SalveDb         *db,
                              gint64           profile_id,
                              SalveDiaryEntry *entry)
{
  SalveDiaryEntryDialog *self;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);
  g_return_val_if_fail (entry == NULL || SALVE_IS_DIARY_ENTRY (entry), NULL);

  self = g_object_new (SALVE_TYPE_DIARY_ENTRY_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  self->is_new = entry == NULL;
  self->entry = entry ? salve_diary_entry_copy (entry) : salve_diary_entry_new (profile_id);

  if (!self->is_new)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Diary Entry"));
      salve_pain_scale_set_value (self->pain_scale, CLAMP (salve_diary_entry_get_pain (entry), 0, 10));
      gtk_editable_set_text (GTK_EDITABLE (self->region_row), salve_diary_entry_get_region (entry));
      gtk_editable_set_text (GTK_EDITABLE (self->activities_row), salve_diary_entry_get_activities (entry));
      gtk_switch_set_active (self->success_switch, salve_diary_entry_get_success (entry));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), salve_diary_entry_get_note (entry), -1);
    }
  rating_to_dropdown (self->fatigue_dropdown, salve_diary_entry_get_fatigue (self->entry));
  rating_to_dropdown (self->sleep_dropdown, salve_diary_entry_get_sleep_quality (self->entry));

  /* Shown in local time, the way the person remembers it. */
  local = g_date_time_to_local (salve_diary_entry_get_at (self->entry));
  when = g_date_time_format (local, WHEN_FORMAT);
  gtk_editable_set_text (GTK_EDITABLE (self->when_row), when);

  return self;
}
