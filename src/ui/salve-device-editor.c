/* salve-device-editor.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-device-editor"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "salve-device-editor.h"
#include "salve-discard.h"
#include "salve-spin.h"

struct _SalveDeviceEditor
{
  AdwWindow       parent_instance;

  AdwEntryRow    *name_row;
  AdwComboRow    *modality_row;
  AdwEntryRow    *model_row;
  AdwActionRow   *intensity_row;
  GtkSpinButton  *intensity_spin;
  AdwActionRow   *electrode_row;
  GtkSpinButton  *electrode_spin;
  AdwActionRow   *power_row;
  GtkSpinButton  *power_spin;
  AdwActionRow   *wavelength_row;
  GtkSpinButton  *wavelength_spin;
  AdwActionRow   *beam_row;
  GtkSpinButton  *beam_spin;
  AdwActionRow   *field_row;
  GtkSpinButton  *field_spin;
  AdwComboRow    *connection_row;
  AdwEntryRow    *port_row;
  GtkButton      *save_button;

  SalveDevice    *device;
  char           *opened_with;   /* the form as it was opened */
  gboolean        closing;       /* its changes given up */
  gboolean        save_refused;  /* by a "saved" handler, while it ran */
};

G_DEFINE_FINAL_TYPE (SalveDeviceEditor, salve_device_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* 0 in a spin button means "the device does not say". */
static void
set_spin (GtkSpinButton *spin,
          double         value)
{
  gtk_spin_button_set_value (spin, isnan (value) ? 0 : value);
}

static double
get_spin (GtkSpinButton *spin)
{
  double value = gtk_spin_button_get_value (spin);

  return value > 0 ? value : NAN;
}

static void
update_rows (SalveDeviceEditor *self)
{
  SalveModality modality = adw_combo_row_get_selected (self->modality_row);
  gboolean electrical = salve_modality_is_electrical (modality);
  gboolean laser = modality == SALVE_MODALITY_LASER;
  gboolean serial = adw_combo_row_get_selected (self->connection_row) == 1;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  gtk_widget_set_visible (GTK_WIDGET (self->intensity_row), electrical);
  gtk_widget_set_visible (GTK_WIDGET (self->electrode_row), electrical);
  gtk_widget_set_visible (GTK_WIDGET (self->power_row), laser);
  gtk_widget_set_visible (GTK_WIDGET (self->wavelength_row), laser);
  gtk_widget_set_visible (GTK_WIDGET (self->beam_row), laser);
  gtk_widget_set_visible (GTK_WIDGET (self->field_row), modality == SALVE_MODALITY_PEMF);
  gtk_widget_set_visible (GTK_WIDGET (self->port_row), serial);
  /* What the choice means, in words: the list's own entries stay short
   * enough for every language. */
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->connection_row),
                               serial ? _("Salve sets the device over a serial cable and stops it when the time is up.")
                                      : _("You set the device yourself; Salve times and records the session."));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", *name != '\0');
}

static void
on_changed (SalveDeviceEditor *self)
{
  update_rows (self);
}

/* Says why Save did not store the device, over the editor, which stays
 * open with everything typed in it. */
static void
refuse (SalveDeviceEditor *self,
        const char        *message)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                                         _("The Device Is Not Saved"), message));

  gtk_widget_set_name (GTK_WIDGET (dialog), "refused");
  adw_message_dialog_add_response (dialog, "close", _("_Back to the Device"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save (GtkWidget  *widget,
      const char *action_name,
      GVariant   *parameter)
{
  SalveDeviceEditor *self = SALVE_DEVICE_EDITOR (widget);
  g_autoptr(SalveDevice) device = salve_device_copy (self->device);
  g_autoptr(GError) error = NULL;
  SalveModality modality = adw_combo_row_get_selected (self->modality_row);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *port = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->port_row))));
  gboolean serial = adw_combo_row_get_selected (self->connection_row) == 1;

  if (*name == '\0')
    return;
  /* It was stored as manual without a word. */
  if (serial && *port == '\0')
    {
      refuse (self, _("“By Salve” needs the port the device is connected to. Give the port, or choose “Manual”."));
      return;
    }

  g_free (device->name);
  device->name = g_steal_pointer (&name);
  device->modality = modality;
  g_free (device->model);
  device->model = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->model_row))));
  g_free (device->connection);
  device->connection = g_strdup (serial ? port : SALVE_DEVICE_CONNECTION_MANUAL);

  /* Only the limits that belong to the modality are kept, so a device
   * changed from laser to TENS does not carry a stale power limit. */
  device->max_intensity_ma = salve_modality_is_electrical (modality) ? get_spin (self->intensity_spin) : NAN;
  device->electrode_cm2 = salve_modality_is_electrical (modality) ? get_spin (self->electrode_spin) : NAN;
  device->max_power_mw = modality == SALVE_MODALITY_LASER ? get_spin (self->power_spin) : NAN;
  device->wavelength_nm = modality == SALVE_MODALITY_LASER ? get_spin (self->wavelength_spin) : NAN;
  device->beam_cm2 = modality == SALVE_MODALITY_LASER ? get_spin (self->beam_spin) : NAN;
  device->max_field_ut = modality == SALVE_MODALITY_PEMF ? get_spin (self->field_spin) : NAN;

  /* Checked here as the database will: a value it refused closed the
   * editor and lost what was typed, the reason in a passing toast. */
  if (!salve_device_check (device, &error))
    {
      refuse (self, error->message);
      return;
    }

  self->save_refused = FALSE;
  g_signal_emit (self, signals[SAVED], 0, device);
  if (!self->save_refused)
    gtk_window_destroy (GTK_WINDOW (self));
}

void
salve_device_editor_refuse_save (SalveDeviceEditor *self,
                                 const char        *message)
{
  g_return_if_fail (SALVE_IS_DEVICE_EDITOR (self));
  g_return_if_fail (message != NULL);

  self->save_refused = TRUE;
  refuse (self, message);
}

/* Everything Save would store, as one string. */
static char *
form_state (SalveDeviceEditor *self)
{
  return g_strdup_printf ("%s|%u|%s|%g|%g|%g|%g|%g|%g|%u|%s",
                          gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                          adw_combo_row_get_selected (self->modality_row),
                          gtk_editable_get_text (GTK_EDITABLE (self->model_row)),
                          gtk_spin_button_get_value (self->intensity_spin),
                          gtk_spin_button_get_value (self->electrode_spin),
                          gtk_spin_button_get_value (self->power_spin),
                          gtk_spin_button_get_value (self->wavelength_spin),
                          gtk_spin_button_get_value (self->beam_spin),
                          gtk_spin_button_get_value (self->field_spin),
                          adw_combo_row_get_selected (self->connection_row),
                          gtk_editable_get_text (GTK_EDITABLE (self->port_row)));
}

static void
editor_discarded (GtkWindow *window)
{
  SALVE_DEVICE_EDITOR (window)->closing = TRUE;
  gtk_window_close (window);
}

/* Cancel, Escape and the window's close button: what was typed is not
 * given up without a word. */
static gboolean
salve_device_editor_close_request (GtkWindow *window)
{
  SalveDeviceEditor *self = SALVE_DEVICE_EDITOR (window);
  g_autofree char *now = form_state (self);

  if (!self->closing && self->opened_with != NULL && !g_str_equal (now, self->opened_with))
    {
      salve_ask_discard (window,
                         self->device->id > 0 ? _("Discard the Changes?") : _("Discard This Device?"),
                         self->device->id > 0 ? _("The device stays as it was.")
                                              : _("What you filled in is not added to your devices."),
                         editor_discarded);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (salve_device_editor_parent_class)->close_request (window);
}

static void
cancel (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

SalveDeviceEditor *
salve_device_editor_new (GtkWindow         *parent,
                         const SalveDevice *device)
{
  SalveDeviceEditor *self = g_object_new (SALVE_TYPE_DEVICE_EDITOR,
                                          "transient-for", parent,
                                          "modal", TRUE,
                                          NULL);

  if (device != NULL)
    {
      self->device = salve_device_copy (device);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Device"));
    }
  else
    {
      self->device = salve_device_new ("", SALVE_MODALITY_TENS);
      gtk_window_set_title (GTK_WINDOW (self), _("Add Device"));
    }

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->device->name);
  adw_combo_row_set_selected (self->modality_row, self->device->modality);
  gtk_editable_set_text (GTK_EDITABLE (self->model_row), self->device->model);
  set_spin (self->intensity_spin, self->device->max_intensity_ma);
  set_spin (self->electrode_spin, self->device->electrode_cm2);
  set_spin (self->power_spin, self->device->max_power_mw);
  set_spin (self->wavelength_spin, self->device->wavelength_nm);
  set_spin (self->beam_spin, self->device->beam_cm2);
  set_spin (self->field_spin, self->device->max_field_ut);
  adw_combo_row_set_selected (self->connection_row, salve_device_is_manual (self->device) ? 0 : 1);
  gtk_editable_set_text (GTK_EDITABLE (self->port_row),
                         salve_device_is_manual (self->device) ? "" : self->device->connection);
  update_rows (self);
  self->opened_with = form_state (self);

  return self;
}

/* A row's value ("Manual", "Handmatig") is read whole: beside a long
 * subtitle, the combo row's own label would be cut to "Ma…". */
static void
setup_value_label (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_value_label (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  data)
{
  GtkStringObject *value = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (value));
}

static void
salve_device_editor_dispose (GObject *object)
{
  SalveDeviceEditor *self = SALVE_DEVICE_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SALVE_TYPE_DEVICE_EDITOR);
  g_clear_pointer (&self->device, salve_device_free);
  g_clear_pointer (&self->opened_with, g_free);

  G_OBJECT_CLASS (salve_device_editor_parent_class)->dispose (object);
}

static void
salve_device_editor_class_init (SalveDeviceEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_device_editor_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = salve_device_editor_close_request;

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SALVE_TYPE_DEVICE | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-device-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, modality_row);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, model_row);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, intensity_row);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, intensity_spin);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, electrode_row);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, electrode_spin);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, power_row);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, power_spin);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, wavelength_row);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, wavelength_spin);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, beam_row);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, beam_spin);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, field_row);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, field_spin);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, connection_row);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, port_row);
  gtk_widget_class_bind_template_child (widget_class, SalveDeviceEditor, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
  /* As in the diary entry and care plan dialogs: Save from any field,
   * without the way up to the header bar. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "editor.save", NULL);
}

/* The name first, not Cancel, the header bar's first button. */
static void
focus_name (GtkWidget *widget,
            gpointer   data)
{
  gtk_widget_grab_focus (GTK_WIDGET (SALVE_DEVICE_EDITOR (widget)->name_row));
}

static void
salve_device_editor_init (SalveDeviceEditor *self)
{
  g_autoptr(GtkStringList) modalities = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  salve_spin_button_read_strictly (self->intensity_spin);
  salve_spin_button_read_strictly (self->electrode_spin);
  salve_spin_button_read_strictly (self->power_spin);
  salve_spin_button_read_strictly (self->wavelength_spin);
  salve_spin_button_read_strictly (self->beam_spin);
  salve_spin_button_read_strictly (self->field_spin);
  g_signal_connect (self, "map", G_CALLBACK (focus_name), NULL);

  for (guint i = 0; i < SALVE_N_MODALITIES; i++)
    gtk_string_list_append (modalities, salve_modality_get_name (i));
  adw_combo_row_set_model (self->modality_row, G_LIST_MODEL (modalities));

  /* The control's subtitle is long; its value beside it stays whole. */
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_value_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_value_label), NULL);
  adw_combo_row_set_factory (self->connection_row, factory);
}
