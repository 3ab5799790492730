/* salve-medication-dialog.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-medication-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-medication-dialog.h"
#include "salve-medication-repo.h"
#include "salve-row-keys.h"
#include "salve-when-row.h"

struct _SalveMedicationDialog
{
  AdwWindow        parent_instance;

  SalveDb         *db;
  gint64           profile_id;

  AdwEntryRow     *name_row;
  AdwEntryRow     *dose_row;
  SalveWhenRow    *when_row;
  GtkSwitch       *as_needed_switch;
  AdwEntryRow     *note_row;
  GtkLabel        *error_label;
  GtkButton       *save_button;
  gboolean         when_error;    /* the message is about Taken at */
};

G_DEFINE_FINAL_TYPE (SalveMedicationDialog, salve_medication_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
show_error (SalveMedicationDialog *self,
            const char            *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  self->when_error = FALSE;
}

/* A message about Taken at goes once the day or time changes. */
static void
when_changed_cb (SalveMedicationDialog *self)
{
  if (self->when_error)
    show_error (self, NULL);
}

/* What the message said is out of date once the person changes the name. */
static void
name_changed_cb (SalveMedicationDialog *self)
{
  show_error (self, NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalveMedicationDialog *self = SALVE_MEDICATION_DIALOG (widget);
  g_autoptr(SalveMedication) intake = salve_medication_new (self->profile_id);
  g_autoptr(GDateTime) when = salve_when_row_get_when (self->when_row);
  g_autoptr(GError) error = NULL;

  if (when == NULL)
    {
      show_error (self, _("Taken at: that time does not exist on that day, the clocks went forward."));
      self->when_error = TRUE;
      gtk_widget_grab_focus (GTK_WIDGET (self->when_row));
      return;
    }

  salve_medication_set_at (intake, when);
  salve_medication_set_name (intake, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  salve_medication_set_dose (intake, gtk_editable_get_text (GTK_EDITABLE (self->dose_row)));
  salve_medication_set_as_needed (intake, gtk_switch_get_active (self->as_needed_switch));
  salve_medication_set_note (intake, gtk_editable_get_text (GTK_EDITABLE (self->note_row)));

  if (!salve_medication_repo_add (self->db, intake, &error))
    {
      show_error (self, error->message);
      if (g_error_matches (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_FUTURE))
        {
          self->when_error = TRUE;
          gtk_widget_grab_focus (GTK_WIDGET (self->when_row));
        }
      else if (*salve_medication_get_name (intake) == '\0')
        gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }

  g_signal_emit (self, signals [SAVED], 0, intake);
  gtk_window_close (GTK_WINDOW (self));
}

static void
salve_medication_dialog_dispose (GObject *object)
{
  SalveMedicationDialog *self = (SalveMedicationDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SALVE_TYPE_MEDICATION_DIALOG);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (salve_medication_dialog_parent_class)->dispose (object);
}

static void
salve_medication_dialog_class_init (SalveMedicationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_medication_dialog_dispose;

  /**
   * SalveMedicationDialog::saved:
   * @intake: the stored SalveMedication
   */
  signals [SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, SALVE_TYPE_MEDICATION);

  g_type_ensure (SALVE_TYPE_WHEN_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-medication-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveMedicationDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SalveMedicationDialog, dose_row);
  gtk_widget_class_bind_template_child (widget_class, SalveMedicationDialog, when_row);
  gtk_widget_class_bind_template_child (widget_class, SalveMedicationDialog, as_needed_switch);
  gtk_widget_class_bind_template_child (widget_class, SalveMedicationDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, SalveMedicationDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SalveMedicationDialog, save_button);

  gtk_widget_class_install_action (widget_class, "medication.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  /* As in the diary entry dialog: Save from any field, the note too. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "medication.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "medication.save", NULL);
}

static void
salve_medication_dialog_init (SalveMedicationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (name_changed_cb), self);
  g_signal_connect_swapped (self->when_row, "notify::when", G_CALLBACK (when_changed_cb), self);
  salve_row_activate_on_keys (GTK_WIDGET (self->as_needed_switch));
}

SalveMedicationDialog *
salve_medication_dialog_new (GtkWindow  *parent,
                             SalveDb    *db,
                             gint64      profile_id,
                             GObject    *template)
{
  SalveMedicationDialog *self;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);
  g_return_val_if_fail (template == NULL || SALVE_IS_MEDICATION (template), NULL);

  self = g_object_new (SALVE_TYPE_MEDICATION_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  self->profile_id = profile_id;
  if (template != NULL)
    {
      SalveMedication *m = SALVE_MEDICATION (template);

      gtk_editable_set_text (GTK_EDITABLE (self->name_row), salve_medication_get_name (m));
      gtk_editable_set_text (GTK_EDITABLE (self->dose_row), salve_medication_get_dose (m));
      gtk_switch_set_active (self->as_needed_switch, salve_medication_get_as_needed (m));
    }
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));

  return self;
}
