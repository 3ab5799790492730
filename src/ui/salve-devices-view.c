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
#include "salve-ports.h"
#include "salve-toast-bar.h"
#include "salve-tooltip.h"
#include "salve-view.h"
#include "salve-window.h"

struct _SalveDevicesView
{
  AdwBin      parent_instance;

  GtkStack     *stack;
  GtkListBox   *list_box;
  GtkListBox   *practice_list;
  AdwPreferencesGroup *devices_group;
  GtkButton    *find_button;
  GtkButton    *add_button;
  GtkSpinner   *find_spinner;

  SalveDb      *db;
  GPtrArray    *devices;
  /* One state label per device row, in the order of @devices. */
  GPtrArray    *state_labels;
  /* Ports on which a stimulator answered the last Find Device. */
  GHashTable   *answered;
  GCancellable *find_cancellable;
  guint         poll_source;
  AdwToast     *undo_toast;  /* the latest removal's, until dismissed */
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

static gboolean
find_index (SalveDevicesView *self,
            gint64            id,
            guint            *index)
{
  for (guint i = 0; self->devices && i < self->devices->len; i++)
    if (((SalveDevice *) g_ptr_array_index (self->devices, i))->id == id)
      {
        *index = i;
        return TRUE;
      }

  return FALSE;
}

static const SalveDevice *
find_device (SalveDevicesView *self,
             gint64            id)
{
  guint index;

  return find_index (self, id, &index) ? g_ptr_array_index (self->devices, index) : NULL;
}

/* The row of the device at @index in the list, or of the last one; the
 * Add button when there is none. The list is built anew on every
 * change, and the focus went with the row that had it: the next Tab
 * started again at the header bar, and Ctrl+Z, which the view hears,
 * was heard no more. */
static void
focus_row_at (SalveDevicesView *self,
              guint             index)
{
  guint n = self->devices != NULL ? self->devices->len : 0;
  GtkListBoxRow *row = n > 0 ? gtk_list_box_get_row_at_index (self->list_box, MIN (index, n - 1)) : NULL;

  /* Not into a view out of sight (Undo pressed in another). */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (row == NULL || !gtk_widget_grab_focus (GTK_WIDGET (row)))
    gtk_widget_grab_focus (GTK_WIDGET (self->add_button));
}

/* A device the database refused (its name taken, the file gone) stays
 * in its editor with the reason: closed, it was lost with what was typed.
 * Saved, the focus is on its row when the editor closes, as after
 * Cancel: the list is built anew, and the focus went with the old row
 * (the next Tab started again at the header bar). */
static void
on_editor_saved (SalveDevicesView  *self,
                 const SalveDevice *device,
                 SalveDeviceEditor *editor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDevice) copy = salve_device_copy (device);
  guint index;

  if (self->db == NULL)
    return;

  if (copy->id == 0 ? !salve_device_repo_add (self->db, copy, &error)
                    : !salve_device_repo_update (self->db, copy, &error))
    salve_device_editor_refuse_save (editor, error->message);

  reload (self);
  if (copy->id > 0 && find_index (self, copy->id, &index))
    focus_row_at (self, index);
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

/* Undo brings the device back; under another name when a device of its
 * name was added meanwhile (names are unique), and then it says so. The
 * focus goes to it, as Undo came from its toast or Ctrl+Z. */
static void
on_undo (AdwToast         *toast,
         SalveDevicesView *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "device-id"));
  const char *name = g_object_get_data (G_OBJECT (toast), "device-name");
  g_autoptr(GError) error = NULL;
  g_autofree char *renamed_to = NULL;
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (self));

  if (self->db == NULL)
    return;

  if (!salve_device_repo_restore (self->db, id, &renamed_to, &error))
    show_error (self, error);
  reload (self);
  {
    guint index;

    if (find_index (self, id, &index))
      focus_row_at (self, index);
  }

  if (renamed_to != NULL && window != NULL)
    {
      /* Translators: a toast after Undo of a device's removal: the first %s is its name, the second
       * the name it came back with ("TENS (2)"), as another device was given its name meanwhile */
      g_autofree char *title = g_strdup_printf (_("“%s” is back as “%s”: another device was given its name meanwhile."),
                                                name, renamed_to);
      AdwToast *told = adw_toast_new (title);

      adw_toast_set_priority (told, ADW_TOAST_PRIORITY_HIGH);
      salve_window_add_toast (window, told);
    }
}

static void
undo_toast_dismissed (AdwToast         *toast,
                      SalveDevicesView *self)
{
  if (self->undo_toast == toast)
    g_clear_weak_pointer (&self->undo_toast);
}

/* Ctrl+Z while the latest removal's toast shows, as in the diary: for
 * whoever works with the keyboard, the toast's Undo is far away, and
 * gone after a few seconds. */
static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalveDevicesView *self = SALVE_DEVICES_VIEW (widget);
  AdwToast *toast = self->undo_toast;

  if (toast == NULL)
    return;
  g_clear_weak_pointer (&self->undo_toast);
  salve_toast_press_button (toast);
}

/* Removed at once, no question asked: Undo (its toast's button, or
 * Ctrl+Z while that shows) brings it back. */
static void
remove_device (SalveDevicesView *self,
               gint64            id)
{
  const SalveDevice *device = find_device (self, id);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwToast *toast;
  guint index = 0;

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
  /* A while longer than a toast that only tells, as the diary's. */
  adw_toast_set_timeout (toast, 10);
  g_object_set_data (G_OBJECT (toast), "device-id", GSIZE_TO_POINTER ((gsize) id));
  g_object_set_data_full (G_OBJECT (toast), "device-name", g_strdup (device->name), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (undo_toast_dismissed), self, 0);

  find_index (self, id, &index);
  reload (self);
  /* The next device's row, where the removed one was. */
  focus_row_at (self, index);

  if (SALVE_IS_WINDOW (root))
    {
      g_set_weak_pointer (&self->undo_toast, toast);
      salve_window_add_toast (SALVE_WINDOW (root), toast);
    }
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

typedef enum
{
  DEVICE_MANUAL,
  DEVICE_PLUGGED_IN,
  DEVICE_NOT_FOUND,
} DeviceState;

static DeviceState
device_state (SalveDevicesView  *self,
              const SalveDevice *device)
{
  if (salve_device_is_manual (device))
    return DEVICE_MANUAL;

  /* A port that is not there means the unit is unplugged: say so before
   * someone plans a session on it. One that is there says no more than
   * that: Salve talks to the device only when a session starts. */
  return g_file_test (device->connection, G_FILE_TEST_EXISTS) ? DEVICE_PLUGGED_IN : DEVICE_NOT_FOUND;
}

static void
set_state_label (GtkLabel    *label,
                 DeviceState  state)
{
  static const char *classes[] = { "dim-label", "success", "warning" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), classes[i]);

  switch (state)
    {
    case DEVICE_MANUAL:
      /* Translators: a device that Salve does not control; the person sets it by hand */
      gtk_label_set_text (label, C_("device state", "Manual"));
      salve_tooltip_set_text (GTK_WIDGET (label), _("You set this device by hand; Salve times and records the session."));
      break;
    case DEVICE_PLUGGED_IN:
      /* Translators: the device's port is there (it is plugged in); Salve has not talked to it yet */
      gtk_label_set_text (label, C_("device state", "Plugged in"));
      salve_tooltip_set_text (GTK_WIDGET (label), _("Its port is there. Salve connects to the device when a session starts."));
      break;
    case DEVICE_NOT_FOUND:
    default:
      gtk_label_set_text (label, C_("device state", "Not found"));
      salve_tooltip_set_text (GTK_WIDGET (label), _("Plug the device in and switch it on, or use Find Device."));
      break;
    }
  gtk_widget_add_css_class (GTK_WIDGET (label), classes[state]);
}

static void
update_states (SalveDevicesView *self)
{
  for (guint i = 0; self->devices && self->state_labels && i < self->devices->len; i++)
    set_state_label (g_ptr_array_index (self->state_labels, i),
                     device_state (self, g_ptr_array_index (self->devices, i)));
}

/* Plugging in or out shows within a couple of seconds, while the view is
 * on screen; only a file test, nothing that could block. */
static gboolean
poll_states (gpointer user_data)
{
  update_states (user_data);

  return G_SOURCE_CONTINUE;
}

static void
salve_devices_view_map (GtkWidget *widget)
{
  SalveDevicesView *self = SALVE_DEVICES_VIEW (widget);

  GTK_WIDGET_CLASS (salve_devices_view_parent_class)->map (widget);
  update_states (self);
  if (self->poll_source == 0)
    self->poll_source = g_timeout_add_seconds (2, poll_states, self);
}

static void
salve_devices_view_unmap (GtkWidget *widget)
{
  SalveDevicesView *self = SALVE_DEVICES_VIEW (widget);

  g_clear_handle_id (&self->poll_source, g_source_remove);
  GTK_WIDGET_CLASS (salve_devices_view_parent_class)->unmap (widget);
}

static GtkWidget *
make_row (SalveDevicesView  *self,
          const SalveDevice *device)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (modality_icon (device->modality));
  GtkWidget *state;
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *limits = salve_device_describe_limits (device);
  g_autofree char *subtitle = NULL;
  g_autofree char *edit_name = NULL;
  g_autofree char *remove_name = NULL;
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

  /* The port's path is in the editor, for whoever asks: the list says
   * what a person needs to know, whether the unit is there. */
  state = gtk_label_new (NULL);
  gtk_widget_add_css_class (state, "caption");
  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  set_state_label (GTK_LABEL (state), device_state (self, device));
  g_ptr_array_add (self->state_labels, state);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);

  /* Translators: accessible name of a device's Edit button; %s is its name */
  edit_name = g_strdup_printf (_("Edit “%s”"), device->name);
  /* Translators: accessible name of a device's Remove button; %s is its name */
  remove_name = g_strdup_printf (_("Remove “%s”"), device->name);
  salve_tooltip_set_text (edit, _("Edit"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, edit_name, -1);
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  g_object_set_data (G_OBJECT (edit), "device-id", id);
  g_signal_connect_object (edit, "clicked", G_CALLBACK (on_edit_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);

  salve_tooltip_set_text (remove, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
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
  g_ptr_array_set_size (self->state_labels, 0);

  if (self->db != NULL)
    {
      self->devices = salve_device_repo_list (self->db, &error);
      if (self->devices == NULL)
        show_error (self, error);
    }

  for (guint i = 0; self->devices && i < self->devices->len; i++)
    gtk_list_box_append (self->list_box, make_row (self, g_ptr_array_index (self->devices, i)));

  /* Practice mode is always there, so the page is never empty: the list
   * of the person's own devices is, until they add one. */
  gtk_widget_set_visible (GTK_WIDGET (self->list_box), self->devices && self->devices->len > 0);
  adw_preferences_group_set_description (self->devices_group,
                                         self->devices && self->devices->len > 0
                                         ? _("Their limits are checked before every session.")
                                         : _("Add your TENS, NMES, soft laser and PEMF units with their limits, so every session stays within them."));
  gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.add", self->db != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.find", self->db != NULL &&
                                                                    self->find_cancellable == NULL);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_editor (SALVE_DEVICES_VIEW (widget), NULL);
}

static void
add_found_device (SalveDevicesView    *self,
                  const SalvePortInfo *port)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(SalveDevice) device = salve_device_new (port->info.model, port->info.modality);
  SalveDeviceEditor *editor;

  g_free (device->model);
  device->model = g_strdup (port->info.model);
  g_free (device->connection);
  device->connection = g_strdup (port->path);
  editor = salve_device_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, device);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_add_found (AdwToast         *toast,
              SalveDevicesView *self)
{
  add_found_device (self, g_object_get_data (G_OBJECT (toast), "port"));
}

static gboolean
is_known_port (SalveDevicesView *self,
               const char       *path)
{
  for (guint i = 0; self->devices && i < self->devices->len; i++)
    if (g_strcmp0 (((SalveDevice *) g_ptr_array_index (self->devices, i))->connection, path) == 0)
      return TRUE;

  return FALSE;
}

static void
finish_find (SalveDevicesView *self)
{
  g_clear_object (&self->find_cancellable);
  gtk_spinner_stop (self->find_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->find_spinner), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "devices.find", self->db != NULL);
}

static void
on_ports_probed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SalveDevicesView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ports = salve_ports_probe_finish (result, &error);
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (self));
  const SalvePortInfo *new_port = NULL;
  guint found = 0;
  AdwToast *toast;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  finish_find (self);
  if (ports == NULL)
    {
      show_error (self, error);
      return;
    }

  g_hash_table_remove_all (self->answered);
  for (guint i = 0; i < ports->len; i++)
    {
      const SalvePortInfo *port = g_ptr_array_index (ports, i);

      if (!port->answered)
        continue;
      g_hash_table_add (self->answered, g_strdup (port->path));
      found++;
      if (new_port == NULL && !is_known_port (self, port->path))
        new_port = port;
    }
  update_states (self);

  if (found == 0)
    toast = adw_toast_new (_("No stimulator answered. Check that it is plugged in and switched on."));
  else if (new_port == NULL)
    toast = adw_toast_new (ngettext ("Your device answered.", "Your devices answered.", found));
  else
    {
      /* Translators: a toast after Find Device; %s is the model the stimulator reports */
      g_autofree char *title = g_strdup_printf (_("Found “%s”"), new_port->info.model);
      SalvePortInfo *copy = g_new0 (SalvePortInfo, 1);

      *copy = *new_port;
      copy->path = g_strdup (new_port->path);
      copy->description = g_strdup (new_port->description);
      copy->error = g_strdup (new_port->error);
      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Add"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      g_object_set_data_full (G_OBJECT (toast), "port", copy, (GDestroyNotify) salve_port_info_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_add_found), self, 0);
    }

  if (window != NULL)
    salve_window_add_toast (window, toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* Listing ports asks the system about every serial device, which can
 * take a while: not on the thread that draws. */
static void
list_ports_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *ports = salve_ports_list (&error);

  if (ports == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ports, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_ports_listed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SalveDevicesView *self = SALVE_DEVICES_VIEW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ports = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (ports == NULL)
    {
      finish_find (self);
      show_error (self, error);
      return;
    }

  /* The ports of the devices stored here as well: a pseudo-terminal or a
   * symlink such as /dev/serial/by-id/… is never listed, but is where
   * the person said their unit is. */
  for (guint i = 0; self->devices && i < self->devices->len; i++)
    {
      const SalveDevice *device = g_ptr_array_index (self->devices, i);
      gboolean listed = FALSE;

      if (salve_device_is_manual (device))
        continue;
      for (guint j = 0; j < ports->len && !listed; j++)
        listed = g_str_equal (((SalvePortInfo *) g_ptr_array_index (ports, j))->path, device->connection);
      if (!listed && g_file_test (device->connection, G_FILE_TEST_EXISTS))
        {
          SalvePortInfo *info = g_new0 (SalvePortInfo, 1);

          info->path = g_strdup (device->connection);
          info->description = g_strdup ("");
          g_ptr_array_add (ports, info);
        }
    }

  salve_ports_probe_async (ports, self->find_cancellable, on_ports_probed, g_object_ref (self));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalveDevicesView *self = SALVE_DEVICES_VIEW (widget);
  g_autoptr(GTask) task = NULL;

  if (self->find_cancellable != NULL)
    return;

  self->find_cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (widget, "devices.find", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->find_spinner), TRUE);
  gtk_spinner_start (self->find_spinner);

  task = g_task_new (self, self->find_cancellable, on_ports_listed, NULL);
  g_task_set_source_tag (task, find_action);
  g_task_run_in_thread (task, list_ports_thread);
}

gboolean
_salve_devices_view_is_finding (SalveDevicesView *self)
{
  return self->find_cancellable != NULL;
}

gboolean
_salve_devices_view_port_answered (SalveDevicesView *self,
                                   const char       *path)
{
  return g_hash_table_contains (self->answered, path);
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
  if (self->find_cancellable != NULL)
    g_cancellable_cancel (self->find_cancellable);
  g_clear_object (&self->find_cancellable);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_weak_pointer (&self->undo_toast);
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), SALVE_TYPE_DEVICES_VIEW);
  g_clear_object (&self->db);
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_clear_pointer (&self->state_labels, g_ptr_array_unref);
  g_clear_pointer (&self->answered, g_hash_table_unref);

  G_OBJECT_CLASS (salve_devices_view_parent_class)->dispose (object);
}

static void
salve_devices_view_class_init (SalveDevicesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_devices_view_dispose;
  widget_class->map = salve_devices_view_map;
  widget_class->unmap = salve_devices_view_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-devices-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveDevicesView, stack);
  gtk_widget_class_bind_template_child (widget_class, SalveDevicesView, list_box);
  gtk_widget_class_bind_template_child (widget_class, SalveDevicesView, practice_list);
  gtk_widget_class_bind_template_child (widget_class, SalveDevicesView, devices_group);
  gtk_widget_class_bind_template_child (widget_class, SalveDevicesView, find_button);
  gtk_widget_class_bind_template_child (widget_class, SalveDevicesView, add_button);
  gtk_widget_class_bind_template_child (widget_class, SalveDevicesView, find_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "devices.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "devices.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "devices.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "devices.undo", NULL);
}

static void
salve_devices_view_init (SalveDevicesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->state_labels = g_ptr_array_new ();
  self->answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reload (self);
}
