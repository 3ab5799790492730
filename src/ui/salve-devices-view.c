/* salve-devices-view.c: the user's devices, their limits and connection
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-devices-view"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-device-editor.h"
#include "salve-device-repo.h"
#include "salve-devices-view.h"
#include "salve-view.h"
#include "salve-window.h"

struct _SalveDevicesView
{
  AdwBin      parent_instance;

  GtkStack   *stack;
  GtkListBox *list_box;

  SalveDb    *db;
  GPtrArray  *devices;
};

static void salve_devices_view_iface_init (SalveViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SalveDevicesView, salve_devices_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (SALVE_TYPE_VIEW, salve_devices_view_iface_init))

static void reload (SalveDevicesView *self);

static void
show_error (SalveDevicesView *self,
            const GError     *error)
{
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (self));

  if (window != NULL)
    salve_window_add_toast (window, adw_toast_new (error->message));
  else
    g_warning ("%s", error->message);
}

static const char *
modality_icon (SalveModality modality)
{
  switch (modality)
    {
    case SALVE_MODALITY_TENS:
    case SALVE_MODALITY_NMES:
      return "battery-level-100-symbolic";
    case SALVE_MODALITY_LASER:
      return "weather-clear-symbolic";
    case SALVE_MODALITY_PEMF:
    case SALVE_N_MODALITIES:
    default:
      return "emblem-synchronizing-symbolic";
    }
}

static const SalveDevice *
find_device (SalveDevicesView *self,
             gint64            id)
{
  for (guint i = 0; self->devices && i < self->devices->len; i++)
    {
      const SalveDevice *device = g_ptr_array_index (self->devices, i);

      if (device->id == id)
        return device;
    }

  return NULL;
}

static void
on_editor_saved (SalveDevicesView  *self,
                 const SalveDevice *device,
                 SalveDeviceEditor *editor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDevice) copy = salve_device_copy (device);

  if (self->db == NULL)
    return;

  if (copy->id == 0 ? !salve_device_repo_add (self->db, copy, &error)
                    : !salve_device_repo_update (self->db, copy, &error))
    show_error (self, error);

  reload (self);
}

static void
open_editor (SalveDevicesView  *self,
             const SalveDevice *device)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  SalveDeviceEditor *editor = salve_device_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, device);

  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_undo (AdwToast         *toast,
         SalveDevicesView *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "device-id"));
  g_autoptr(GError) error = NULL;

  if (self->db == NULL)
    return;

  if (!salve_device_repo_restore (self->db, id, &error))
    show_error (self, error);
  reload (self);
}

static void
remove_device (SalveDevicesView *self,
               gint64            id)
{
  const SalveDevice *device = find_device (self, id);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwToast *toast;

  if (device == NULL || self->db == NULL)
    return;

  if (!salve_device_repo_remove (self->db, id, &error))
    {
      show_error (self, error);
      return;
    }

  /* Translators: a toast after removing a device; %s is its name */
  title = g_strdup_printf (_("“%s” removed"), device->name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (toast), "device-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo), self, 0);

  reload (self);

  if (SALVE_IS_WINDOW (root))
    salve_window_add_toast (SALVE_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
on_edit_clicked (GtkButton        *button,
                 SalveDevicesView *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "device-id"));

  open_editor (self, find_device (self, id));
}

static void
on_remove_clicked (GtkButton        *button,
                   SalveDevicesView *self)
{
  remove_device (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "device-id")));
}

static void
on_row_activated (SalveDevicesView *self,
                  GtkListBoxRow    *row)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "device-id"));

  open_editor (self, find_device (self, id));
}

static GtkWidget *
make_row (SalveDevicesView  *self,
          const SalveDevice *device)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (modality_icon (device->modality));
  GtkWidget *connection;
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *limits = salve_device_describe_limits (device);
  g_autofree char *subtitle = NULL;
  g_autofree char *port = NULL;
  gpointer id = GSIZE_TO_POINTER ((gsize) device->id);

  if (device->model != NULL && *device->model != '\0')
    subtitle = g_strdup_printf ("%s · %s · %s", salve_modality_get_name (device->modality), device->model, limits);
  else
    subtitle = g_strdup_printf ("%s · %s", salve_modality_get_name (device->modality), limits);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), device->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "device-id", id);

  if (salve_device_is_manual (device))
    connection = gtk_label_new (_("Set by hand"));
  else
    {
      /* A port that is not there means the unit is unplugged: say so
       * before someone plans a session on it. */
      if (g_file_test (device->connection, G_FILE_TEST_EXISTS))
        /* Translators: connection of a device, e.g. "Serial port /dev/ttyUSB0" */
        port = g_strdup_printf (_("Serial port %s"), device->connection);
      else
        /* Translators: connection of a device whose port is missing */
        port = g_strdup_printf (_("Serial port %s · not connected"), device->connection);
      connection = gtk_label_new (port);
    }
  gtk_widget_add_css_class (connection, "dim-label");
  gtk_widget_add_css_class (connection, "caption");
  gtk_widget_set_valign (connection, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), connection);

  gtk_widget_set_tooltip_text (edit, _("Edit"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Edit"), -1);
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  g_object_set_data (G_OBJECT (edit), "device-id", id);
  g_signal_connect_object (edit, "clicked", G_CALLBACK (on_edit_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);

  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove"), -1);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data (G_OBJECT (remove), "device-id", id);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  return row;
}

static void
reload (SalveDevicesView *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))))
    gtk_list_box_remove (self->list_box, child);
  g_clear_pointer (&self->devices, g_ptr_array_unref);

  if (self->db != NULL)
    {
      self->devices = salve_device_repo_list (self->db, &error);
      if (self->devices == NULL)
        show_error (self, error);
    }

  for (guint i = 0; self->devices && i < self->devices->len; i++)
    gtk_list_box_append (self->list_box, make_row (self, g_ptr_array_index (self->devices, i)));

  gtk_stack_set_visible_child_name (self->stack,
                                    self->devices && self->devices->len > 0 ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.add", self->db != NULL);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_editor (SALVE_DEVICES_VIEW (widget), NULL);
}

static void
salve_devices_view_set_context (SalveView    *view,
                                SalveDb      *db,
                                SalveProfile *profile)
{
  SalveDevicesView *self = SALVE_DEVICES_VIEW (view);

  /* Devices belong to the installation, not to one profile. */
  g_set_object (&self->db, db);
  reload (self);
}

static void
salve_devices_view_iface_init (SalveViewInterface *iface)
{
  iface->set_context = salve_devices_view_set_context;
}

static void
salve_devices_view_dispose (GObject *object)
{
  SalveDevicesView *self = SALVE_DEVICES_VIEW (object);

  /* The stack is both a template child and the bin's child: take it out
   * of the bin first so it is unparented once. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), SALVE_TYPE_DEVICES_VIEW);
  g_clear_object (&self->db);
  g_clear_pointer (&self->devices, g_ptr_array_unref);

  G_OBJECT_CLASS (salve_devices_view_parent_class)->dispose (object);
}

static void
salve_devices_view_class_init (SalveDevicesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_devices_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-devices-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveDevicesView, stack);
  gtk_widget_class_bind_template_child (widget_class, SalveDevicesView, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "devices.add", NULL, add_action);
}

static void
salve_devices_view_init (SalveDevicesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  reload (self);
}
