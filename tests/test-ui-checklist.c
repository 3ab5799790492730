/* test-ui-checklist.c: the findings list, the devices and checklist views
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "salve-checklist-document.h"
#include "salve-checklist-view.h"
#include "salve-condition-repo.h"
#include "salve-device-editor.h"
#include "salve-device-repo.h"
#include "salve-devices-view.h"
#include "salve-findings-list.h"
#include "salve-profile-repo.h"
#include "salve-signoff-repo.h"
#include "salve-test-sim.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"
#include "salve-toast-bar.h"
#include "salve-view.h"
#include "salve-window.h"

static GPtrArray *
check (SalveModality modality,
       SalveSite     site,
       const char   *condition)
{
  SalveProfileAnswers answers;
  SalveCondition c;
  SalvePlan plan;
  GPtrArray *findings;

  salve_profile_answers_init (&answers, SALVE_ANSWER_NO);
  if (condition != NULL)
    {
      g_assert_true (salve_condition_from_id (condition, &c));
      answers.answers[c] = SALVE_ANSWER_YES;
    }
  salve_plan_init (&plan, modality, site);
  findings = salve_rules_check (&plan, &answers);
  salve_plan_clear (&plan);

  return findings;
}

static void
on_acknowledged (SalveFindingsList *list,
                 guint             *count)
{
  (*count)++;
}

static void
test_findings_list_start_gate (void)
{
  GtkWidget *window = gtk_window_new ();
  SalveFindingsList *list = SALVE_FINDINGS_LIST (salve_findings_list_new ());
  g_autoptr(GPtrArray) blocked = check (SALVE_MODALITY_TENS, SALVE_SITE_LOWER_BACK, "pregnancy");
  g_autoptr(GPtrArray) caution = check (SALVE_MODALITY_LASER, SALVE_SITE_KNEE, NULL);
  g_autoptr(GPtrArray) allowed = check (SALVE_MODALITY_TENS, SALVE_SITE_KNEE, NULL);
  GtkCheckButton *acknowledge;
  guint acknowledged = 0;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (list));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (list, "cautions-acknowledged", G_CALLBACK (on_acknowledged), &acknowledged);
  acknowledge = GTK_CHECK_BUTTON (salve_test_ui_find_text (GTK_WIDGET (list), GTK_TYPE_CHECK_BUTTON, NULL));
  g_assert_nonnull (acknowledge);

  /* Nothing planned yet, or a healthy plan: Start may go. */
  g_assert_true (salve_findings_list_get_can_start (list));
  salve_findings_list_set_findings (list, allowed);
  g_assert_true (salve_findings_list_get_can_start (list));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (acknowledge)));

  /* A block keeps Start disabled, and cannot be acknowledged away. */
  salve_findings_list_set_findings (list, blocked);
  g_assert_cmpint (salve_findings_list_get_verdict (list), ==, SALVE_VERDICT_BLOCKED);
  g_assert_false (salve_findings_list_get_can_start (list));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (acknowledge)));

  /* A caution needs the acknowledgement, which is signalled for the log. */
  salve_findings_list_set_findings (list, caution);
  g_assert_false (salve_findings_list_get_can_start (list));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (acknowledge)));
  gtk_check_button_set_active (acknowledge, TRUE);
  g_assert_true (salve_findings_list_get_acknowledged (list));
  g_assert_true (salve_findings_list_get_can_start (list));
  g_assert_cmpuint (acknowledged, ==, 1);

  /* A changed plan must be read again. */
  salve_findings_list_set_findings (list, caution);
  g_assert_false (salve_findings_list_get_acknowledged (list));
  g_assert_false (salve_findings_list_get_can_start (list));
  g_assert_false (gtk_check_button_get_active (acknowledge));

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  char         *dir;
  SalveDb      *db;
  SalveProfile *profile;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = salve_test_make_tmpdir ();
  path = g_build_filename (f->dir, "salve.db", NULL);
  f->db = salve_db_open (path, &error);
  g_assert_no_error (error);
  f->profile = salve_profile_repo_add (f->db, "Anneke", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->profile);
  g_clear_object (&f->db);
  salve_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
test_devices_view_remove (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SalveDevice) device = salve_device_new ("Sanitas SEM 43", SALVE_MODALITY_TENS);
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(SalveDevice) removed = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = g_object_new (SALVE_TYPE_DEVICES_VIEW, NULL);
  GtkWidget *remove;

  g_assert_true (salve_device_repo_add (f->db, device, NULL));
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  salve_view_set_context (SALVE_VIEW (view), f->db, f->profile);
  salve_test_ui_iterate ();

  remove = salve_test_ui_find_text (view, GTK_TYPE_BUTTON, "Remove");
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");

  /* Gone from the list, kept in the database so Undo can restore it. */
  left = salve_device_repo_list (f->db, NULL);
  g_assert_cmpuint (left->len, ==, 0);
  removed = salve_device_repo_get (f->db, device->id, NULL);
  g_assert_nonnull (removed->removed_at);
  g_assert_null (salve_test_ui_find_text (view, GTK_TYPE_BUTTON, "Remove"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Undo after a device of the removed one's name was added: the two
 * stood side by side under one name, without a word. It comes back under
 * a free name, and a toast says which. */
static void
test_devices_view_undo_name_taken (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDevicesUndo",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (f->dir, "salve.db", NULL);
  g_autoptr(SalveDevice) device = salve_device_new ("Sanitas SEM 43", SALVE_MODALITY_TENS);
  g_autoptr(SalveDevice) again = salve_device_new ("sanitas sem 43", SALVE_MODALITY_TENS);
  g_autoptr(GPtrArray) list = NULL;
  SalveWindow *window;
  SalveToastBar *bar;
  AdwToast *toast;
  GtkWidget *view, *remove;

  g_assert_true (salve_device_repo_add (f->db, device, NULL));
  window = salve_test_ui_open_window (app, path, 1000, 700);
  salve_window_show_view (window, "devices");
  salve_test_ui_iterate ();
  view = salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_DEVICES_VIEW);
  remove = salve_test_ui_find_text (view, GTK_TYPE_BUTTON, "Remove");
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  bar = SALVE_TOAST_BAR (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_TOAST_BAR));
  toast = salve_toast_bar_get_shown (bar);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "“Sanitas SEM 43” removed");

  /* Added again meanwhile (salvectl, or the Add button). */
  g_assert_true (salve_device_repo_add (f->db, again, NULL));
  g_signal_emit_by_name (toast, "button-clicked");
  salve_test_ui_iterate ();

  toast = salve_toast_bar_get_shown (bar);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==,
                   "“Sanitas SEM 43” is back as “Sanitas SEM 43 (2)”: another device was given its name meanwhile.");
  list = salve_device_repo_list (f->db, NULL);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((SalveDevice *) g_ptr_array_index (list, 0))->name, ==, "sanitas sem 43");
  g_assert_cmpstr (((SalveDevice *) g_ptr_array_index (list, 1))->name, ==, "Sanitas SEM 43 (2)");
  g_assert_nonnull (salve_test_ui_find_text (view, GTK_TYPE_LABEL, "Sanitas SEM 43 (2)"));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static gboolean
is_device_row (GtkWidget     *widget,
               gconstpointer  name)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), name) == 0;
}

typedef struct
{
  SalveDb *db;
  guint    n;
} DeviceCount;

static gboolean
has_n_devices (gpointer data)
{
  DeviceCount *count = data;
  g_autoptr(GPtrArray) devices = salve_device_repo_list (count->db, NULL);

  return devices != NULL && devices->len == count->n;
}

/* A window on three devices, the devices view in sight, and the focus on
 * the bin of the second, “Omron E3”, as Tab takes it there. */
static SalveWindow *
open_three_devices (Fixture           *f,
                    SalveApplication  *app,
                    GtkWidget        **view)
{
  static const char *names[] = { "Beurer EM 49", "Omron E3", "Sanitas SEM 43" };
  g_autofree char *path = g_build_filename (f->dir, "salve.db", NULL);
  SalveWindow *window;
  GtkWidget *row;
  GtkWidget *remove;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(SalveDevice) device = salve_device_new (names[i], SALVE_MODALITY_TENS);

      g_assert_true (salve_device_repo_add (f->db, device, NULL));
    }
  window = salve_test_ui_open_window (app, path, 1000, 700);
  salve_window_show_view (window, "devices");
  salve_test_ui_iterate ();
  *view = salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_DEVICES_VIEW);
  row = salve_test_ui_find (*view, is_device_row, "Omron E3");
  g_assert_nonnull (row);
  remove = salve_test_ui_find_text (row, GTK_TYPE_BUTTON, "Remove");
  g_assert_nonnull (remove);
  g_assert_true (gtk_widget_grab_focus (remove));

  return window;
}

/* Return on a bin: the device goes at once, and the focus stays in the
 * list, on the device after it. */
static void
remove_by_return (Fixture     *f,
                  SalveWindow *window,
                  GtkWidget   *view)
{
  GtkWidget *focus;

  g_assert_true (salve_test_ui_press (GTK_WIDGET (window), GDK_KEY_Return, 0));
  g_assert_true (salve_test_ui_wait (has_n_devices, &(DeviceCount) { f->db, 2 }, 5000));
  salve_test_ui_iterate ();
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == salve_test_ui_find (view, is_device_row, "Sanitas SEM 43"));
}

/* A device removed by keyboard alone came back by keyboard never: its
 * Undo was the window's last Tab stop, gone before it was reached, and
 * Ctrl+Z did nothing here. Ctrl+Z now undoes the removal, as in the
 * diary, while its toast shows; once. */
static void
test_devices_view_undo_by_keyboard (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDevicesUndoKeys",
                                                           G_APPLICATION_NON_UNIQUE);
  SalveWindow *window;
  SalveToastBar *bar;
  GtkWidget *view;

  window = open_three_devices (f, app, &view);
  bar = SALVE_TOAST_BAR (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_TOAST_BAR));
  remove_by_return (f, window, view);
  g_assert_cmpstr (adw_toast_get_title (salve_toast_bar_get_shown (bar)), ==, "“Omron E3” removed");

  g_assert_true (salve_test_ui_press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK));
  salve_test_ui_iterate ();
  g_assert_true (has_n_devices (&(DeviceCount) { f->db, 3 }));
  /* Its toast went with it, and the focus is on it, back in the list. */
  g_assert_null (salve_toast_bar_get_shown (bar));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == salve_test_ui_find (view, is_device_row, "Omron E3"));

  /* Nothing more to undo. */
  salve_test_ui_press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK);
  salve_test_ui_iterate ();
  g_assert_true (has_n_devices (&(DeviceCount) { f->db, 3 }));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static gboolean
is_undo_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Undo") == 0;
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* F6 takes the focus to the toast's Undo at once, and back. */
static void
test_devices_view_undo_by_f6 (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDevicesUndoF6",
                                                           G_APPLICATION_NON_UNIQUE);
  SalveWindow *window;
  GtkWidget *bar, *undo, *view, *sanitas;

  window = open_three_devices (f, app, &view);
  bar = salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_TOAST_BAR);
  remove_by_return (f, window, view);
  sanitas = gtk_window_get_focus (GTK_WINDOW (window));
  undo = salve_test_ui_find (bar, is_undo_button, NULL);
  g_assert_nonnull (undo);
  /* In sight: the toast slides in from its first frame. */
  g_assert_true (salve_test_ui_wait (is_mapped, bar, 5000));

  /* There and back. */
  g_assert_true (salve_test_ui_press (GTK_WIDGET (window), GDK_KEY_F6, 0));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == undo);
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (window)));
  g_assert_true (salve_test_ui_press (GTK_WIDGET (window), GDK_KEY_F6, 0));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == sanitas);

  /* There, and Return: the device is back, the focus on it. */
  g_assert_true (salve_test_ui_press (GTK_WIDGET (window), GDK_KEY_F6, GDK_SHIFT_MASK));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == undo);
  g_assert_true (salve_test_ui_press (GTK_WIDGET (window), GDK_KEY_Return, 0));
  g_assert_true (salve_test_ui_wait (has_n_devices, &(DeviceCount) { f->db, 3 }, 5000));
  salve_test_ui_iterate ();
  g_assert_null (salve_toast_bar_get_shown (SALVE_TOAST_BAR (bar)));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == salve_test_ui_find (view, is_device_row, "Omron E3"));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static gboolean
no_device_editor (gpointer data)
{
  return salve_test_ui_find_toplevel (SALVE_TYPE_DEVICE_EDITOR) == NULL;
}

/* A device the database refuses (here: its name is taken) is said over
 * its editor, which stays open with what was typed: it closed, the
 * device was lost, and a toast said why. */
static void
test_devices_view_editor_kept_when_refused (Fixture       *f,
                                            gconstpointer  data)
{
  g_autoptr(SalveDevice) device = salve_device_new ("Sanitas SEM 43", SALVE_MODALITY_TENS);
  g_autoptr(GPtrArray) list = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = g_object_new (SALVE_TYPE_DEVICES_VIEW, NULL);
  GtkWindow *editor;
  GtkWidget *name;
  GtkWindow *ask;

  g_assert_true (salve_device_repo_add (f->db, device, NULL));
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  salve_view_set_context (SALVE_VIEW (view), f->db, f->profile);
  salve_test_ui_iterate ();

  g_assert_true (gtk_widget_activate_action (view, "devices.add", NULL));
  salve_test_ui_iterate ();
  editor = salve_test_ui_find_toplevel (SALVE_TYPE_DEVICE_EDITOR);
  g_assert_nonnull (editor);
  name = salve_test_ui_find_type (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (name), "sanitas sem 43");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  salve_test_ui_iterate ();

  g_assert_true (salve_test_ui_find_toplevel (SALVE_TYPE_DEVICE_EDITOR) == editor);
  ask = salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (ask)), ==,
                   "There is already a device called “sanitas sem 43”: give this one another name.");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "close");
  salve_test_ui_iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "sanitas sem 43");

  gtk_editable_set_text (GTK_EDITABLE (name), "Sanitas SEM 43, second");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_true (salve_test_ui_wait (no_device_editor, NULL, 2000));
  list = salve_device_repo_list (f->db, NULL);
  g_assert_cmpuint (list->len, ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static gboolean
is_entry_row (GtkWidget     *widget,
              gconstpointer  title)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
has_device_editor (gpointer data)
{
  return salve_test_ui_find_toplevel (SALVE_TYPE_DEVICE_EDITOR) != NULL;
}

/* Saved, the editor gave the focus back to nothing: the list was built
 * anew, the row with the focus with it, and the next Tab went to the
 * header bar's +. The focus is on the device's row, as after Cancel;
 * a device added, on its new row. */
static void
test_devices_view_focus_after_editor (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDevicesEditorFocus",
                                                           G_APPLICATION_NON_UNIQUE);
  SalveWindow *window;
  GtkWindow *editor;
  GtkWidget *view, *row, *name, *add;

  window = open_three_devices (f, app, &view);
  row = salve_test_ui_find (view, is_device_row, "Omron E3");
  g_assert_true (gtk_widget_grab_focus (row));

  /* Return on the row, a new model, Save. */
  g_assert_true (salve_test_ui_press (GTK_WIDGET (window), GDK_KEY_Return, 0));
  g_assert_true (salve_test_ui_wait (has_device_editor, NULL, 5000));
  editor = salve_test_ui_find_toplevel (SALVE_TYPE_DEVICE_EDITOR);
  gtk_editable_set_text (GTK_EDITABLE (salve_test_ui_find (GTK_WIDGET (editor), is_entry_row, "Model")), "E3 Intense");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_true (salve_test_ui_wait (no_device_editor, NULL, 5000));
  salve_test_ui_iterate ();
  row = salve_test_ui_find (view, is_device_row, "Omron E3");
  g_assert_nonnull (row);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == row);

  /* Added with the Add button: on the new device. */
  add = salve_test_ui_find_text (view, GTK_TYPE_BUTTON, "Add a device");
  g_assert_nonnull (add);
  g_assert_true (gtk_widget_grab_focus (add));
  g_assert_true (salve_test_ui_press (GTK_WIDGET (window), GDK_KEY_Return, 0));
  g_assert_true (salve_test_ui_wait (has_device_editor, NULL, 5000));
  editor = salve_test_ui_find_toplevel (SALVE_TYPE_DEVICE_EDITOR);
  name = salve_test_ui_find (GTK_WIDGET (editor), is_entry_row, "Name");
  gtk_editable_set_text (GTK_EDITABLE (name), "Compex SP 4.0");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_true (salve_test_ui_wait (no_device_editor, NULL, 5000));
  salve_test_ui_iterate ();
  row = salve_test_ui_find (view, is_device_row, "Compex SP 4.0");
  g_assert_nonnull (row);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == row);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static gboolean
shows_text (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

static gboolean
nothing_connected (gpointer data)
{
  return salve_test_ui_find (data, shows_text, "Plugged in") == NULL;
}

static gboolean
done_finding (gpointer data)
{
  return !_salve_devices_view_is_finding (data);
}

static void
test_devices_view_states (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SalveDevice) manual = salve_device_new ("Beurer EM 49", SALVE_MODALITY_TENS);
  g_autoptr(SalveDevice) plugged = salve_device_new ("Sanitas SEM 43", SALVE_MODALITY_TENS);
  g_autoptr(SalveDevice) unplugged = salve_device_new ("Omron E3", SALVE_MODALITY_TENS);
  g_autofree char *port = g_build_filename (f->dir, "ttyUSB0", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "ttyUSB1", NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = g_object_new (SALVE_TYPE_DEVICES_VIEW, NULL);
  GtkWidget *row;

  /* A stand-in for a plugged-in unit's port: it exists. */
  g_assert_true (g_file_set_contents (port, "", 0, NULL));
  plugged->connection = (g_free (plugged->connection), g_strdup (port));
  unplugged->connection = (g_free (unplugged->connection), g_strdup (missing));
  g_assert_true (salve_device_repo_add (f->db, manual, NULL));
  g_assert_true (salve_device_repo_add (f->db, plugged, NULL));
  g_assert_true (salve_device_repo_add (f->db, unplugged, NULL));

  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 700);
  gtk_window_present (GTK_WINDOW (window));
  salve_view_set_context (SALVE_VIEW (view), f->db, f->profile);
  salve_test_ui_iterate ();

  /* Each unit says whether it is there, in words; no port path, no
   * "Set by hand". */
  for (row = salve_test_ui_find_type (view, ADW_TYPE_ACTION_ROW); row; row = gtk_widget_get_next_sibling (row))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      const char *expected = g_str_equal (title, "Beurer EM 49") ? "Manual"
                           : g_str_equal (title, "Sanitas SEM 43") ? "Plugged in" : "Not found";

      g_assert_nonnull (salve_test_ui_find (row, shows_text, expected));
    }
  g_assert_null (salve_test_ui_find (view, shows_text, f->dir));
  g_assert_null (salve_test_ui_find (view, shows_text, "/dev/"));
  g_assert_null (salve_test_ui_find (view, shows_text, "Set by hand"));
  /* The simulator is there, as practice. */
  g_assert_nonnull (salve_test_ui_find (view, shows_text, "Practice mode"));

  /* Unplugging shows without a reload. */
  g_assert_cmpint (g_remove (port), ==, 0);
  g_assert_true (salve_test_ui_wait (nothing_connected, view, 5000));

  /* Find Device looks off the GTK thread and comes back. */
  gtk_widget_activate_action (view, "devices.find", NULL);
  g_assert_true (_salve_devices_view_is_finding (SALVE_DEVICES_VIEW (view)));
  g_assert_true (salve_test_ui_wait (done_finding, view, 10000));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A unit on a port no system list shows (a pseudo-terminal here, a
 * by-id link on a real system) is found where the person said it is. */
static void
test_devices_view_find (Fixture       *f,
                        gconstpointer  data)
{
  const char *args[] = { "--modality", "tens", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveDevice) device = salve_device_new ("Salve Stim", SALVE_MODALITY_TENS);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = g_object_new (SALVE_TYPE_DEVICES_VIEW, NULL);

  device->connection = (g_free (device->connection), g_strdup (sim->pty));
  g_assert_true (salve_device_repo_add (f->db, device, NULL));
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  salve_view_set_context (SALVE_VIEW (view), f->db, f->profile);
  salve_test_ui_iterate ();
  g_assert_nonnull (salve_test_ui_find (view, shows_text, "Plugged in"));

  gtk_widget_activate_action (view, "devices.find", NULL);
  g_assert_true (salve_test_ui_wait (done_finding, view, 10000));
  g_assert_true (_salve_devices_view_port_answered (SALVE_DEVICES_VIEW (view), sim->pty));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_sim_free (sim);
}

static void
test_checklist_view_answers_and_matrix (Fixture       *f,
                                        gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = g_object_new (SALVE_TYPE_CHECKLIST_VIEW, NULL);
  GtkWidget *grid;
  GtkWidget *question;
  GtkWidget *yes;
  GtkWidget *cell;
  GtkWidget *spin;
  SalveProfileAnswers answers;

  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    g_assert_true (salve_condition_repo_set (f->db, salve_profile_get_id (f->profile), c,
                                             SALVE_ANSWER_NO, SALVE_N_SITES, "", NULL));
  salve_view_set_context (SALVE_VIEW (view), f->db, f->profile);
  salve_test_ui_iterate ();

  /* Everything answered "no": TENS on the lower back is allowed. */
  grid = salve_test_ui_find_text (view, GTK_TYPE_GRID, NULL);
  cell = gtk_grid_get_child_at (GTK_GRID (grid), SALVE_MODALITY_TENS + 1, SALVE_SITE_LOWER_BACK + 1);
  g_assert_true (gtk_widget_has_css_class (cell, "success"));

  /* Answering the pregnancy question "Yes" saves it and blocks that cell. */
  question = salve_test_ui_find_text (view, ADW_TYPE_ACTION_ROW, NULL);
  while (question && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (question)),
                                salve_condition_get_question (SALVE_CONDITION_PREGNANCY)) != 0)
    question = gtk_widget_get_next_sibling (question);
  g_assert_nonnull (question);
  yes = salve_test_ui_find_text (question, GTK_TYPE_TOGGLE_BUTTON, NULL);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (yes)), ==, "Yes");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (yes), TRUE);

  g_assert_true (salve_condition_repo_load (f->db, salve_profile_get_id (f->profile), &answers, NULL));
  g_assert_cmpint (answers.answers[SALVE_CONDITION_PREGNANCY], ==, SALVE_ANSWER_YES);
  g_assert_true (gtk_widget_has_css_class (cell, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (cell), "pregnancy"));
  /* The knee stays allowed. */
  cell = gtk_grid_get_child_at (GTK_GRID (grid), SALVE_MODALITY_TENS + 1, SALVE_SITE_KNEE + 1);
  g_assert_true (gtk_widget_has_css_class (cell, "success"));

  /* The intensity ceiling is the profile's; 0 clears it. */
  spin = salve_test_ui_find_text (view, GTK_TYPE_SPIN_BUTTON, NULL);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 15);
  g_assert_true (salve_condition_repo_load (f->db, salve_profile_get_id (f->profile), &answers, NULL));
  g_assert_cmpfloat (answers.intensity_ceiling_ma, ==, 15);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 0);
  g_assert_true (salve_condition_repo_load (f->db, salve_profile_get_id (f->profile), &answers, NULL));
  g_assert_true (isnan (answers.intensity_ceiling_ma));

  /* Another patient chosen while the checklist is not on screen: it
   * reads nothing then, and shows that patient's answers when it shows. */
  {
    g_autoptr(SalveProfile) other = salve_profile_repo_add (f->db, "Bram", NULL);

    g_assert_nonnull (other);
    for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
      g_assert_true (salve_condition_repo_set (f->db, salve_profile_get_id (other), c,
                                               SALVE_ANSWER_NO, SALVE_N_SITES, "", NULL));
    cell = gtk_grid_get_child_at (GTK_GRID (grid), SALVE_MODALITY_TENS + 1, SALVE_SITE_LOWER_BACK + 1);
    gtk_widget_set_visible (view, FALSE);
    salve_view_set_context (SALVE_VIEW (view), f->db, other);
    salve_test_ui_iterate ();
    g_assert_true (gtk_widget_has_css_class (cell, "error"));
    gtk_widget_set_visible (view, TRUE);
    g_assert_true (gtk_widget_has_css_class (cell, "success"));
    g_assert_null (strstr (gtk_widget_get_tooltip_text (cell), "pregnancy"));
    g_assert_nonnull (salve_test_ui_find_text (view, GTK_TYPE_LABEL, "Bram"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The size GTK 4.8 gives a tooltip of @text: it wraps the text at 50
 * characters, unless the text has a line break of its own, which leaves
 * each line as long as it is (gtktooltipwindow.c, update_label_width()). */
static void
tooltip_size (GtkWidget  *window,
              const char *text,
              int        *width,
              int        *height)
{
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *old = gtk_window_get_child (GTK_WINDOW (window));

  g_object_ref (old);
  gtk_window_set_child (GTK_WINDOW (window), label);
  if (strchr (text, '\n') == NULL)
    {
      gtk_label_set_max_width_chars (GTK_LABEL (label), MIN (g_utf8_strlen (text, -1), 50));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    }
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, width, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, *width, NULL, height, NULL, NULL);
  gtk_window_set_child (GTK_WINDOW (window), old);
  g_object_unref (old);
}

/* The vertical scrolling of @window's reasons, once laid out. */
static GtkAdjustment *
scroll_of (GtkWindow *window)
{
  GtkWidget *scrolled = salve_test_ui_find_type (GTK_WIDGET (window), GTK_TYPE_SCROLLED_WINDOW);

  g_assert_nonnull (scrolled);
  salve_test_ui_iterate ();

  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
}

/* The window a cell opens, once the view has it shown. */
static GtkWindow *
open_cell (GtkWidget     *grid,
           SalveModality  modality,
           SalveSite      site)
{
  GtkWidget *cell = gtk_grid_get_child_at (GTK_GRID (grid), modality + 1, site + 1);
  GtkWindow *details;

  g_signal_emit_by_name (cell, "clicked");
  salve_test_ui_iterate ();
  details = salve_test_ui_find_toplevel (ADW_TYPE_WINDOW);
  g_assert_nonnull (details);

  return details;
}

/* With nothing answered, a blocked cell's reasons must still be readable
 * on a laptop's screen: the tooltip in a few wrapped lines, every reason
 * with its source in the cell's window, which scrolls. */
static void
test_checklist_view_cell_reasons (Fixture       *f,
                                  gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = g_object_new (SALVE_TYPE_CHECKLIST_VIEW, NULL);
  g_autoptr(GPtrArray) findings = NULL;
  SalveProfileAnswers answers;
  GtkWidget *grid;
  GtkAdjustment *adjustment;
  GtkWindow *details;
  const char *tip;
  int tallest = 0, widest = 0;

  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  salve_view_set_context (SALVE_VIEW (view), f->db, f->profile);
  salve_test_ui_iterate ();
  grid = salve_test_ui_find_text (view, GTK_TYPE_GRID, NULL);
  g_assert_true (salve_condition_repo_load (f->db, salve_profile_get_id (f->profile), &answers, NULL));

  for (guint s = 0; s < SALVE_N_SITES; s++)
    for (guint m = 0; m < SALVE_N_MODALITIES; m++)
      {
        int width, height;

        tip = gtk_widget_get_tooltip_text (gtk_grid_get_child_at (GTK_GRID (grid), m + 1, s + 1));
        tooltip_size (window, tip, &width, &height);
        widest = MAX (widest, width);
        tallest = MAX (tallest, height);
      }
  /* Above or below its cell on a 1366×768 screen. */
  g_assert_cmpint (widest, <=, 600);
  g_assert_cmpint (tallest, <=, 300);

  /* TENS on the head: two reasons of the site, each after a bullet, then
   * the open questions by name, each once. */
  tip = gtk_widget_get_tooltip_text (gtk_grid_get_child_at (GTK_GRID (grid), SALVE_MODALITY_TENS + 1,
                                                            SALVE_SITE_HEAD + 1));
  g_assert_true (g_str_has_prefix (tip, "\u2022 "));
  salve_rules_check_site (SALVE_MODALITY_TENS, SALVE_SITE_HEAD, &answers, &findings);
  {
    g_auto(GStrv) paragraphs = g_strsplit (tip, "\u2029", -1);
    guint site_rules = 0;

    for (guint i = 0; i < findings->len; i++)
      {
        const SalveFinding *finding = g_ptr_array_index (findings, i);

        if (finding->unanswered)
          {
            const char *name = salve_condition_get_name (finding->condition);
            const char *at = strstr (paragraphs[g_strv_length (paragraphs) - 1], name);

            g_assert_nonnull (at);
            g_assert_null (strstr (at + strlen (name), name));
          }
        else
          site_rules++;
      }
    g_assert_cmpuint (site_rules, >, 0);
    g_assert_cmpuint (g_strv_length (paragraphs), ==, site_rules + 1);
    g_assert_true (g_str_has_prefix (paragraphs[site_rules], "\u2022 Not answered yet, so counted as “Yes”: "));
  }

  /* The matrix is one stop in the Tab order (the arrow keys move in it):
   * its first cell, then the one last opened. */
  {
    guint focusable = 0;

    for (guint s = 0; s < SALVE_N_SITES; s++)
      for (guint m = 0; m < SALVE_N_MODALITIES; m++)
        focusable += gtk_widget_get_focusable (gtk_grid_get_child_at (GTK_GRID (grid), m + 1, s + 1));
    g_assert_cmpuint (focusable, ==, 1);
    g_assert_true (gtk_widget_get_focusable (gtk_grid_get_child_at (GTK_GRID (grid), 1, 1)));
  }

  /* Its window lists every reason with its source, more than it can
   * show at once: they scroll. */
  details = open_cell (grid, SALVE_MODALITY_TENS, SALVE_SITE_HEAD);
  g_assert_true (gtk_window_get_transient_for (details) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (details));
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (details), ADW_TYPE_WINDOW_TITLE, NULL));
  for (guint i = 0; i < findings->len; i++)
    {
      const SalveFinding *finding = g_ptr_array_index (findings, i);

      g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (details), GTK_TYPE_LABEL, finding->reason));
      g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (details), GTK_TYPE_LABEL, finding->source));
    }
  adjustment = scroll_of (details);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
  gtk_widget_activate_action (GTK_WIDGET (details), "window.close", NULL);
  salve_test_ui_iterate ();
  g_assert_null (salve_test_ui_find_toplevel (ADW_TYPE_WINDOW));

  /* Another cell opened is the matrix's stop in the Tab order now. */
  details = open_cell (grid, SALVE_MODALITY_NMES, SALVE_SITE_KNEE);
  g_assert_false (gtk_widget_get_focusable (gtk_grid_get_child_at (GTK_GRID (grid), 1, 1)));
  g_assert_true (gtk_widget_get_focusable (gtk_grid_get_child_at (GTK_GRID (grid), SALVE_MODALITY_NMES + 1,
                                                                  SALVE_SITE_KNEE + 1)));
  gtk_widget_activate_action (GTK_WIDGET (details), "window.close", NULL);
  salve_test_ui_iterate ();

  /* Beside a window as narrow as a phone's screen, its window fits one
   * too. */
  {
    int minimum;

    gtk_window_set_default_size (GTK_WINDOW (window), 360, 600);
    salve_test_ui_iterate ();
    g_assert_cmpint (gtk_widget_get_width (view), <=, 360);
    details = open_cell (grid, SALVE_MODALITY_TENS, SALVE_SITE_HEAD);
    gtk_widget_measure (GTK_WIDGET (details), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360);
    gtk_window_destroy (details);
    gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
    salve_test_ui_iterate ();
  }

  /* Pregnancy answered "Not sure": named as such, not as unanswered. */
  g_assert_true (salve_condition_repo_set (f->db, salve_profile_get_id (f->profile), SALVE_CONDITION_PREGNANCY,
                                           SALVE_ANSWER_UNKNOWN, SALVE_N_SITES, "Marieke", NULL));
  salve_view_set_context (SALVE_VIEW (view), NULL, NULL);
  salve_view_set_context (SALVE_VIEW (view), f->db, f->profile);
  salve_test_ui_iterate ();
  tip = gtk_widget_get_tooltip_text (gtk_grid_get_child_at (GTK_GRID (grid), SALVE_MODALITY_TENS + 1,
                                                            SALVE_SITE_LOWER_BACK + 1));
  {
    const char *unanswered = strstr (tip, "Not answered yet, so counted as “Yes”: ");
    const char *not_sure = strstr (tip, "Answered “Not sure”, so counted as “Yes”: Pregnancy");

    g_assert_nonnull (unanswered);
    g_assert_nonnull (not_sure);
    /* Each its own paragraph: the unanswered one does not name it. */
    g_assert_true (unanswered < not_sure);
    g_assert_null (g_strstr_len (unanswered, not_sure - unanswered, "Pregnancy"));
  }

  /* Signed off so: its summary in the history counts the two apart, as
   * its rows say. */
  {
    g_autoptr(SalveSignoff) signoff = NULL;
    g_autofree char *summary = NULL;
    GtkWidget *history;

    g_assert_true (salve_condition_repo_load (f->db, salve_profile_get_id (f->profile), &answers, NULL));
    signoff = salve_signoff_repo_add (f->db, salve_profile_get_id (f->profile), "Marieke", &answers, NULL);
    g_assert_nonnull (signoff);
    salve_view_set_context (SALVE_VIEW (view), NULL, NULL);
    salve_view_set_context (SALVE_VIEW (view), f->db, f->profile);
    salve_test_ui_iterate ();
    history = salve_test_ui_find_type (view, ADW_TYPE_EXPANDER_ROW);
    g_assert_nonnull (history);
    summary = g_strdup_printf ("0 answered yes, 1 not sure, %u not answered yet", SALVE_N_CONDITIONS - 1);
    g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (history)), ==, summary);
  }

  /* Everything answered "no": soft laser on the knee has cautions only,
   * read here with nothing to acknowledge, no session being started; the
   * window is as tall as they are, and shows them whole. */
  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    g_assert_true (salve_condition_repo_set (f->db, salve_profile_get_id (f->profile), c,
                                             SALVE_ANSWER_NO, SALVE_N_SITES, "", NULL));
  salve_view_set_context (SALVE_VIEW (view), NULL, NULL);
  salve_view_set_context (SALVE_VIEW (view), f->db, f->profile);
  salve_test_ui_iterate ();
  details = open_cell (grid, SALVE_MODALITY_LASER, SALVE_SITE_KNEE);
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (details), ADW_TYPE_WINDOW_TITLE, NULL));
  g_assert_null (salve_test_ui_find_type (GTK_WIDGET (details), GTK_TYPE_CHECK_BUTTON));
  adjustment = scroll_of (details);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, 0);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), <=, gtk_adjustment_get_page_size (adjustment));
  gtk_window_destroy (details);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  data)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static GtkWidget *
find_question (GtkWidget      *view,
               SalveCondition  condition)
{
  GtkWidget *question = salve_test_ui_find_text (view, ADW_TYPE_ACTION_ROW, NULL);

  while (question && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (question)),
                                salve_condition_get_question (condition)) != 0)
    question = gtk_widget_get_next_sibling (question);
  g_assert_nonnull (question);

  return question;
}

/* The question the view asks (the dialog named @name), answered @response. */
static void
answer_asked (const char *name,
              const char *response)
{
  GtkWindow *ask;

  salve_test_ui_iterate ();
  ask = salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (ask)), ==, name);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), response);
  gtk_window_destroy (ask);
  salve_test_ui_iterate ();
}

static GtkWidget *
find_answer_button (GtkWidget  *question,
                    const char *label)
{
  GtkWidget *button = salve_test_ui_find_text (question, GTK_TYPE_TOGGLE_BUTTON, label);

  g_assert_nonnull (button);
  return button;
}

/* A question's answers are one Tab stop, as a group of radio buttons
 * is: Tab went through every row and every answer, 56 stops for the 14
 * questions. Left and Right move between the answers without answering,
 * Space answers, and Tab comes back to the answer given. */
static void
test_checklist_view_answers_by_keyboard (Fixture       *f,
                                         gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = g_object_new (SALVE_TYPE_CHECKLIST_VIEW, NULL);
  SalveProfileAnswers answers;
  GtkWidget *focus;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  salve_view_set_context (SALVE_VIEW (view), f->db, f->profile);
  salve_test_ui_iterate ();
  gtk_editable_set_text (GTK_EDITABLE (salve_test_ui_find_type (view, ADW_TYPE_ENTRY_ROW)), "Mark");
  salve_test_ui_iterate ();

  /* From the first question's Yes, each Tab is the next question's. */
  g_assert_true (gtk_widget_grab_focus (find_answer_button (find_question (view, 0), "Yes")));
  for (SalveCondition c = 1; c < SALVE_N_CONDITIONS; c++)
    {
      salve_test_ui_press_key (window, GDK_KEY_Tab, 0);
      focus = gtk_window_get_focus (GTK_WINDOW (window));
      g_assert_true (focus == find_answer_button (find_question (view, c), "Yes"));
    }

  /* Right moves to No and answers nothing; Space answers No. */
  g_assert_true (gtk_widget_grab_focus (find_answer_button (find_question (view, SALVE_CONDITION_PREGNANCY), "Yes")));
  salve_test_ui_press_key (window, GDK_KEY_Right, 0);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == find_answer_button (find_question (view, SALVE_CONDITION_PREGNANCY), "No"));
  g_assert_true (salve_condition_repo_load (f->db, salve_profile_get_id (f->profile), &answers, NULL));
  g_assert_false (answers.answered[SALVE_CONDITION_PREGNANCY]);
  salve_test_ui_press_key (window, GDK_KEY_space, 0);
  g_assert_true (salve_condition_repo_load (f->db, salve_profile_get_id (f->profile), &answers, NULL));
  g_assert_true (answers.answered[SALVE_CONDITION_PREGNANCY]);
  g_assert_cmpint (answers.answers[SALVE_CONDITION_PREGNANCY], ==, SALVE_ANSWER_NO);

  /* Away and back: the answer given has the focus. */
  salve_test_ui_press_key (window, GDK_KEY_Tab, 0);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == find_answer_button (find_question (view, SALVE_CONDITION_PREGNANCY + 1), "Yes"));
  salve_test_ui_press_key (window, GDK_KEY_Tab, GDK_SHIFT_MASK);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == find_answer_button (find_question (view, SALVE_CONDITION_PREGNANCY), "No"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The banner a widget is in, if it is in one. */
static GtkWidget *
banner_of (GtkWidget *widget)
{
  for (GtkWidget *up = gtk_widget_get_parent (widget); up != NULL; up = gtk_widget_get_parent (up))
    if (gtk_widget_has_css_class (up, "salve-banner"))
      return up;
  return NULL;
}

static gboolean
is_banner_label (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && !GTK_IS_BUTTON (gtk_widget_get_parent (widget)) && banner_of (widget) != NULL;
}

static GtkWidget *
find_banner (GtkWidget *view)
{
  GtkWidget *label = salve_test_ui_find (view, is_banner_label, NULL);

  g_assert_nonnull (label);
  return banner_of (label);
}

static void
test_checklist_view_carer (Fixture       *f,
                           gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = g_object_new (SALVE_TYPE_CHECKLIST_VIEW, NULL);
  GtkWidget *question;
  GtkWidget *answerer;
  GtkWidget *banner;
  GtkWidget *banner_label;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.salve.Salve");
  const SalveConditionAnswer *row;

  g_settings_reset (settings, "checklist-answerers");
  gtk_window_set_child (GTK_WINDOW (window), view);
  salve_view_set_context (SALVE_VIEW (view), f->db, f->profile);
  gtk_window_present (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  /* Questions are open and nobody has said who answers: that field has
   * the focus. */
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)),
                                         salve_test_ui_find_text (view, ADW_TYPE_ENTRY_ROW, NULL)));

  /* Unanswered shows no answer, not "Not sure"; nobody can answer before
   * saying who they are. */
  question = find_question (view, SALVE_CONDITION_PACEMAKER);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "Not sure"))));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "No"))));
  g_assert_false (gtk_widget_get_sensitive (find_answer_button (question, "No")));
  /* ...and it says so, where the buttons are: greyed without a word they
   * looked broken. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (find_answer_button (question, "No")), ==,
                   "Fill in “Answering as” first: each answer is kept in someone’s name.");
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (question, ADW_TYPE_PREFERENCES_GROUP))),
                   ==, "0 of 14 answered. To answer, fill in “Answering as” above.");
  banner = find_banner (view);
  banner_label = salve_test_ui_find (view, is_banner_label, NULL);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (banner_label)), ==,
                   "0 of 14 answered. Sessions can start once all 14 questions are answered.");

  answerer = salve_test_ui_find_text (view, ADW_TYPE_ENTRY_ROW, NULL);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (answerer)), ==, "Answering as");
  gtk_editable_set_text (GTK_EDITABLE (answerer), "Marieke");
  g_assert_true (gtk_widget_get_sensitive (find_answer_button (question, "No")));
  g_assert_null (gtk_widget_get_tooltip_text (find_answer_button (question, "No")));
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (question, ADW_TYPE_PREFERENCES_GROUP))),
                   ==, "0 of 14 answered");

  /* With open questions, signing asks first: Go Back signs nothing. */
  {
    g_autoptr(GPtrArray) signoffs = NULL;
    GtkWindow *ask;

    gtk_widget_activate_action (view, "checklist.go-to-sign-off", NULL);
    gtk_widget_activate_action (view, "checklist.sign-off", NULL);
    salve_test_ui_iterate ();
    ask = salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (ask);
    g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (ask)), ==, "sign-off-open");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (ask)),
                              "14 questions are not answered yet."));
    g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (ask)), ==, "cancel");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "cancel");
    gtk_window_destroy (ask);
    salve_test_ui_iterate ();
    signoffs = salve_signoff_repo_list (f->db, salve_profile_get_id (f->profile), NULL);
    g_assert_cmpuint (signoffs->len, ==, 0);
  }

  /* Every answer is Marieke's, not the computer account's. */
  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (find_question (view, c), "No")), TRUE);
  rows = salve_condition_repo_list (f->db, salve_profile_get_id (f->profile), NULL);
  g_assert_cmpuint (rows->len, ==, SALVE_N_CONDITIONS);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row->answered_by, ==, "Marieke");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (banner_label)), "14 of 14 answered"));
  g_assert_true (gtk_widget_has_css_class (banner, "salve-banner-info"));

  /* A "Yes" stands out. */
  question = find_question (view, SALVE_CONDITION_PREGNANCY);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "Yes")), TRUE);
  g_assert_true (gtk_widget_has_css_class (question, "salve-risk"));
  /* Back to No lifts a block: asked, and answered so. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "No")), TRUE);
  answer_asked ("lift-block", "change");
  g_assert_false (gtk_widget_has_css_class (question, "salve-risk"));

  /* Signing (the banner's button fills in whoever answered): the banner
   * says who and when, and that it still holds. */
  gtk_widget_activate_action (view, "checklist.go-to-sign-off", NULL);
  gtk_widget_activate_action (view, "checklist.sign-off", NULL);
  salve_test_ui_iterate ();
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (banner_label)), "Signed off by Marieke on "));
  g_assert_true (gtk_widget_has_css_class (banner, "salve-banner-success"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (banner_label)), "rule out"));

  /* Signed off with a pacemaker: no green tick above answers that keep
   * three treatments from every place (an outside look: green, and
   * "Next: your devices"), and the banner says which. */
  {
    GtkWidget *pacemaker = find_question (view, SALVE_CONDITION_PACEMAKER);

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (pacemaker, "Yes")), TRUE);
    gtk_widget_activate_action (view, "checklist.go-to-sign-off", NULL);
    gtk_widget_activate_action (view, "checklist.sign-off", NULL);
    salve_test_ui_iterate ();
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (banner_label)),
                              "These answers rule out TENS, NMES, PEMF at every place"));
    g_assert_true (gtk_widget_has_css_class (banner, "salve-banner-warning"));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (pacemaker, "No")), TRUE);
    answer_asked ("lift-block", "change");
    gtk_widget_activate_action (view, "checklist.go-to-sign-off", NULL);
    gtk_widget_activate_action (view, "checklist.sign-off", NULL);
    salve_test_ui_iterate ();
    g_assert_true (gtk_widget_has_css_class (banner, "salve-banner-success"));

    /* A yes another program stored meanwhile is shown, not signed unseen
     * as the No on screen (an outside look: salvectl's pacemaker yes,
     * then a sign-off recording no). */
    {
      g_autoptr(GPtrArray) before = salve_signoff_repo_list (f->db, salve_profile_get_id (f->profile), NULL);
      g_autoptr(GPtrArray) after = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (salve_condition_repo_set (f->db, salve_profile_get_id (f->profile), SALVE_CONDITION_PACEMAKER,
                                               SALVE_ANSWER_YES, SALVE_N_SITES, "Dr CLI", &error));
      g_assert_no_error (error);
      g_assert_false (gtk_widget_has_css_class (find_question (view, SALVE_CONDITION_PACEMAKER), "salve-risk"));
      gtk_widget_activate_action (view, "checklist.go-to-sign-off", NULL);
      gtk_widget_activate_action (view, "checklist.sign-off", NULL);
      salve_test_ui_iterate ();
      after = salve_signoff_repo_list (f->db, salve_profile_get_id (f->profile), NULL);
      g_assert_cmpuint (after->len, ==, before->len);
      pacemaker = find_question (view, SALVE_CONDITION_PACEMAKER);
      g_assert_true (gtk_widget_has_css_class (pacemaker, "salve-risk"));
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (pacemaker, "No")), TRUE);
      answer_asked ("lift-block", "change");
      g_assert_true (gtk_widget_has_css_class (banner, "salve-banner-success"));
    }
  }

  /* Signed off with a "Not sure" (asked about first): no green tick, for
   * it still counts as a yes. It was green, "14 of 14 answered", with
   * TENS blocked everywhere. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "Not sure")), TRUE);
  gtk_widget_activate_action (view, "checklist.go-to-sign-off", NULL);
  gtk_widget_activate_action (view, "checklist.sign-off", NULL);
  salve_test_ui_iterate ();
  {
    GtkWidget *ask = GTK_WIDGET (salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

    g_assert_nonnull (ask);
    g_assert_cmpstr (gtk_widget_get_name (ask), ==, "sign-off-open");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (ask)),
                              "1 question is answered “Not sure”. It counts as a yes"));
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "sign");
    salve_test_ui_iterate ();
  }
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (banner_label)), "Signed off by Marieke on "));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (banner_label)),
                            "1 answer is “Not sure”: it counts as a yes until it is answered."));
  g_assert_true (gtk_widget_has_css_class (banner, "salve-banner-warning"));
  g_assert_false (gtk_widget_has_css_class (banner, "salve-banner-success"));

  /* An answer changed since: sign again. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "Yes")), TRUE);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (banner_label)), "1 answer changed since: sign again"));
  g_assert_true (gtk_widget_has_css_class (banner, "salve-banner-warning"));

  /* Signing again, with the patient answering now: the name offered is
   * the carer who signed before, not the patient's. */
  gtk_editable_set_text (GTK_EDITABLE (answerer), "Anneke");
  gtk_widget_activate_action (view, "checklist.go-to-sign-off", NULL);
  {
    GtkWidget *carer = salve_test_ui_find (view, is_row_titled, "Carer’s name");

    g_assert_nonnull (carer);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (carer)), ==, "Marieke");
    gtk_editable_set_text (GTK_EDITABLE (carer), "");
    gtk_editable_set_text (GTK_EDITABLE (answerer), "Marieke");
  }

  /* The name is remembered for this patient. */
  g_clear_object (&f->profile);
  f->profile = salve_profile_repo_find_by_name (f->db, "Anneke", NULL);
  salve_view_set_context (SALVE_VIEW (view), NULL, NULL);
  gtk_editable_set_text (GTK_EDITABLE (answerer), "");
  salve_view_set_context (SALVE_VIEW (view), f->db, f->profile);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (answerer)), ==, "Marieke");

  /* Shown again with a question open: its answer's group has the focus
   * (on "Not sure", the answer it has, as Tab reaches the group), and
   * the page is scrolled to it. */
  question = find_question (view, SALVE_CONDITION_EPILEPSY);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "Not sure")), TRUE);
  gtk_widget_grab_focus (answerer);
  gtk_widget_set_visible (view, FALSE);
  salve_test_ui_iterate ();
  gtk_widget_set_visible (view, TRUE);
  salve_test_ui_iterate ();
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == find_answer_button (question, "Not sure"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Where @widget is in @window, in pixels from its top. */
static double
y_in_window (GtkWidget *widget,
             GtkWidget *window)
{
  graphene_point_t at;

  g_assert_true (gtk_widget_compute_point (widget, window, &GRAPHENE_POINT_INIT (0, 0), &at));
  return at.y;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms: a few frames, each laid out. */
static void
settle (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_loop, loop);
  g_main_loop_run (loop);
  salve_test_ui_iterate ();
}

/* Answering down the list at speed, the next click lands where the next
 * question's answers were a moment before: they must still be there. The
 * answered row's subtitle grew by a line or two ("answered by Marieke,
 * …") at a narrow width, pushing every row below it down by up to 39
 * pixels, and the last answer put two buttons beside the banner's text,
 * which made the page wider than the window and moved everything by 773. */
static void
check_answers_stay_put (Fixture *f,
                        int      width,
                        int      height)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = g_object_new (SALVE_TYPE_CHECKLIST_VIEW, NULL);
  GtkWidget *list;
  GtkWidget *scrolled;
  GtkAdjustment *down;
  g_autofree char *name = g_strdup_printf ("Patient at %d", width);
  g_autoptr(SalveProfile) patient = salve_profile_repo_add (f->db, name, NULL);

  /* A patient of its own: nothing answered yet. */
  g_assert_nonnull (patient);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  salve_view_set_context (SALVE_VIEW (view), f->db, patient);
  salve_test_ui_iterate ();
  gtk_editable_set_text (GTK_EDITABLE (salve_test_ui_find_text (view, ADW_TYPE_ENTRY_ROW, NULL)), "Marieke");
  settle (100);

  list = gtk_widget_get_parent (find_question (view, 0));
  scrolled = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
  down = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  for (GtkWidget *question = gtk_widget_get_first_child (list); question != NULL;
       question = gtk_widget_get_next_sibling (question))
    {
      GtkWidget *next = gtk_widget_get_next_sibling (question);
      GtkWidget *button = find_answer_button (question, _("No"));
      /* The last question's next click is on itself, say to change it. */
      GtkWidget *watched = find_answer_button (next != NULL ? next : question, _("No"));
      double before;

      /* In the middle of the page, as someone going down the list has it. */
      gtk_adjustment_set_value (down, gtk_adjustment_get_value (down) + y_in_window (button, window) -
                                      gtk_adjustment_get_page_size (down) / 2);
      settle (100);
      gtk_widget_grab_focus (button);
      before = y_in_window (watched, window);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
      settle (100);

      g_test_message ("%s: the next answers at %g, then %g", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (question)),
                      before, y_in_window (watched, window));
      g_assert_cmpfloat (fabs (y_in_window (watched, window) - before), <, 1);
    }

  /* The page still fits the window's width. */
  g_assert_cmpint (gtk_widget_get_width (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled))), <=,
                   gtk_widget_get_width (scrolled));
  g_assert_true (gtk_widget_get_visible (salve_test_ui_find_text (find_banner (view), GTK_TYPE_BUTTON, _("_Sign Off…"))));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static void
test_checklist_answers_stay_put (Fixture       *f,
                                 gconstpointer  data)
{
  check_answers_stay_put (f, 800, 600);
  check_answers_stay_put (f, 360, 600);
}

/* A process of its own, as gettext keeps what it found for the language
 * it had: Dutch, whose words are the longest, in a narrow window. */
static void
test_checklist_answers_stay_put_dutch (Fixture       *f,
                                       gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_setenv ("LANGUAGE", "nl", TRUE);
      g_assert_cmpstr (_("No"), ==, "Nee");
      check_answers_stay_put (f, 360, 600);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static SalveConditionAnswer *
stored_broken_skin (Fixture *f)
{
  g_autoptr(GPtrArray) rows = salve_condition_repo_list (f->db, salve_profile_get_id (f->profile), NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      SalveConditionAnswer *row = g_ptr_array_index (rows, i);

      if (row->condition == SALVE_CONDITION_BROKEN_SKIN)
        return g_ptr_array_steal_index (rows, i);
    }
  return NULL;
}

/* The dialog asking whether the skin has healed, answered @response. */
static void
answer_healed (const char *response)
{
  answer_asked ("broken-skin-healed", response);
}

static gboolean
is_matrix_grid (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_GRID (widget) && g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), "matrix_grid") == 0;
}

/* The wheel over the matrix ("What is allowed where") scrolls the page,
 * as anywhere else on it: GTK took it for sideways scrolling of the
 * matrix and the page stood still. */
static void
test_checklist_wheel_over_matrix (Fixture       *f,
                                  gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = g_object_new (SALVE_TYPE_CHECKLIST_VIEW, NULL);
  GtkWidget *matrix_scroller;
  GtkScrolledWindow *page;
  GtkEventController *wheel = NULL;
  GListModel *controllers;
  double before;
  gboolean handled = FALSE;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  salve_view_set_context (SALVE_VIEW (view), f->db, f->profile);
  salve_test_ui_iterate ();

  matrix_scroller = gtk_widget_get_ancestor (salve_test_ui_find (view, is_matrix_grid, NULL), GTK_TYPE_SCROLLED_WINDOW);
  page = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (gtk_widget_get_parent (matrix_scroller),
                                                       GTK_TYPE_SCROLLED_WINDOW));
  g_assert_nonnull (page);
  controllers = gtk_widget_observe_controllers (matrix_scroller);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && wheel == NULL; i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (c) && gtk_event_controller_get_propagation_phase (c) == GTK_PHASE_CAPTURE)
        wheel = c;
    }
  g_object_unref (controllers);
  g_assert_nonnull (wheel);

  before = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (page));
  g_signal_emit_by_name (wheel, "scroll", 0.0, 40.0, &handled);
  g_assert_true (handled);
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (page)), >, before);
  /* Sideways stays the matrix's. */
  g_signal_emit_by_name (wheel, "scroll", 40.0, 0.0, &handled);
  g_assert_false (handled);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* A pacemaker's Yes, which keeps TENS from the person, went to No with
 * one click and TENS was allowed at once. It is asked first: kept, it
 * shows Yes again; changed, No is stored. Yes to Not Sure keeps the block
 * and is not asked; Not Sure to No is; a Yes that blocks nothing (a
 * caution) is not asked. */
static void
test_checklist_lift_block_asked (Fixture       *f,
                                 gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = g_object_new (SALVE_TYPE_CHECKLIST_VIEW, NULL);
  GtkWidget *question;
  GtkWindow *ask;
  g_autoptr(GError) error = NULL;
  SalveProfileAnswers answers;

  g_assert_true (salve_condition_repo_set (f->db, salve_profile_get_id (f->profile), SALVE_CONDITION_PACEMAKER,
                                           SALVE_ANSWER_YES, SALVE_N_SITES, "Marieke", &error));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  salve_view_set_context (SALVE_VIEW (view), f->db, f->profile);
  salve_test_ui_iterate ();
  gtk_editable_set_text (GTK_EDITABLE (salve_test_ui_find_text (view, ADW_TYPE_ENTRY_ROW, NULL)), "Marieke");

  question = find_question (view, SALVE_CONDITION_PACEMAKER);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "No")), TRUE);
  salve_test_ui_iterate ();
  ask = salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (ask)), ==, "lift-block");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (ask)), "TENS"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "cancel");
  gtk_window_destroy (ask);
  salve_test_ui_iterate ();
  g_assert_true (salve_condition_repo_load (f->db, salve_profile_get_id (f->profile), &answers, &error));
  g_assert_cmpint (answers.answers[SALVE_CONDITION_PACEMAKER], ==, SALVE_ANSWER_YES);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "Yes"))));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "No")), TRUE);
  answer_asked ("lift-block", "change");
  g_assert_true (salve_condition_repo_load (f->db, salve_profile_get_id (f->profile), &answers, &error));
  g_assert_cmpint (answers.answers[SALVE_CONDITION_PACEMAKER], ==, SALVE_ANSWER_NO);

  /* Yes again, then Not Sure: still blocked, nothing to ask. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "Yes")), TRUE);
  salve_test_ui_iterate ();
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "Not sure")), TRUE);
  salve_test_ui_iterate ();
  g_assert_null (salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (salve_condition_repo_load (f->db, salve_profile_get_id (f->profile), &answers, &error));
  g_assert_cmpint (answers.answers[SALVE_CONDITION_PACEMAKER], ==, SALVE_ANSWER_UNKNOWN);
  g_assert_no_error (error);

  /* Not Sure, which blocks as Yes does, to No: asked too (it went with
   * one click); kept, Not Sure shows again. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "No")), TRUE);
  salve_test_ui_iterate ();
  ask = salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (ask)), ==, "lift-block");
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (ask)), "Not Sure"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "cancel");
  gtk_window_destroy (ask);
  salve_test_ui_iterate ();
  g_assert_true (salve_condition_repo_load (f->db, salve_profile_get_id (f->profile), &answers, &error));
  g_assert_cmpint (answers.answers[SALVE_CONDITION_PACEMAKER], ==, SALVE_ANSWER_UNKNOWN);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "Not sure"))));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "No")), TRUE);
  answer_asked ("lift-block", "change");
  g_assert_true (salve_condition_repo_load (f->db, salve_profile_get_id (f->profile), &answers, &error));
  g_assert_cmpint (answers.answers[SALVE_CONDITION_PACEMAKER], ==, SALVE_ANSWER_NO);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* Broken skin the skin check after a session put on the knee: one click
 * on No, or the place moved to the head, let TENS onto the knee again,
 * and the place could be moved by nobody ("Answering as" empty). */
static void
test_checklist_broken_skin_healed (Fixture       *f,
                                   gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = g_object_new (SALVE_TYPE_CHECKLIST_VIEW, NULL);
  GtkWidget *question, *answerer;
  GtkDropDown *where;
  g_autoptr(GError) error = NULL;
  SalveConditionAnswer *row;

  g_assert_true (salve_condition_repo_set (f->db, salve_profile_get_id (f->profile), SALVE_CONDITION_BROKEN_SKIN,
                                           SALVE_ANSWER_YES, SALVE_SITE_KNEE, "the skin check after a session", &error));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  salve_view_set_context (SALVE_VIEW (view), f->db, f->profile);
  salve_test_ui_iterate ();

  question = find_question (view, SALVE_CONDITION_BROKEN_SKIN);
  where = GTK_DROP_DOWN (salve_test_ui_find_type (question, GTK_TYPE_DROP_DOWN));
  g_assert_nonnull (where);
  answerer = salve_test_ui_find_text (view, ADW_TYPE_ENTRY_ROW, NULL);
  gtk_editable_set_text (GTK_EDITABLE (answerer), "");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (where)));
  gtk_editable_set_text (GTK_EDITABLE (answerer), "Marieke");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (where)));

  /* No, then Not Yet: it stays, and shows as it was. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "No")), TRUE);
  answer_healed ("cancel");
  row = stored_broken_skin (f);
  g_assert_cmpint (row->answer, ==, SALVE_ANSWER_YES);
  g_assert_cmpint (row->site, ==, SALVE_SITE_KNEE);
  salve_condition_answer_free (row);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "Yes"))));

  /* Moved to the head, then Not Yet: still the knee. */
  gtk_drop_down_set_selected (where, SALVE_SITE_HEAD + 1);
  answer_healed ("cancel");
  row = stored_broken_skin (f);
  g_assert_cmpint (row->site, ==, SALVE_SITE_KNEE);
  salve_condition_answer_free (row);
  g_assert_cmpuint (gtk_drop_down_get_selected (where), ==, SALVE_SITE_KNEE + 1);

  /* Anywhere takes nothing away: no question. */
  gtk_drop_down_set_selected (where, 0);
  salve_test_ui_iterate ();
  g_assert_null (salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  row = stored_broken_skin (f);
  g_assert_cmpint (row->site, ==, SALVE_N_SITES);
  salve_condition_answer_free (row);

  /* Healed: No, in Marieke's name. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_answer_button (question, "No")), TRUE);
  answer_healed ("healed");
  row = stored_broken_skin (f);
  g_assert_cmpint (row->answer, ==, SALVE_ANSWER_NO);
  g_assert_cmpstr (row->answered_by, ==, "Marieke");
  salve_condition_answer_free (row);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* PDF streams hold NUL bytes, so strstr() would stop early. */
static gboolean
contains_bytes (const char *haystack,
                gsize       length,
                const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return TRUE;

  return FALSE;
}

static void
test_checklist_pdf (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "checklist.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  SalveChecklistDocument doc = { "Anneke", { { 0 } }, "Marieke", "2026-03-29T09:30:00+02:00" };
  gsize length;

  salve_profile_answers_init (&doc.answers, SALVE_ANSWER_NO);
  doc.answers.answers[SALVE_CONDITION_PREGNANCY] = SALVE_ANSWER_YES;
  g_assert_true (salve_checklist_document_save_pdf (&doc, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  /* Questions, matrix and signature line fit on one A4 sheet to sign. */
  g_assert_true (contains_bytes (contents, length, "/Count 1"));

  /* Nothing answered yet, which the sheet says of each question: still
   * one sheet. */
  g_clear_pointer (&contents, g_free);
  salve_profile_answers_init (&doc.answers, SALVE_ANSWER_UNKNOWN);
  g_assert_true (salve_checklist_document_save_pdf (&doc, path, &error));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (contains_bytes (contents, length, "/Count 1"));

  g_assert_false (salve_checklist_document_save_pdf (&doc, "/nonexistent-folder/x.pdf", &error));
  g_assert_nonnull (error);
}

/* The matrix's four columns in sight at 800 pixels, without scrolling
 * sideways: the fourth modality's column was cut off in Dutch, whose
 * words for the verdicts are the longest. */
static void
check_matrix_fits (Fixture *f)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = g_object_new (SALVE_TYPE_CHECKLIST_VIEW, NULL);
  GtkAdjustment *across;
  GtkWidget *grid;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  salve_view_set_context (SALVE_VIEW (view), f->db, f->profile);
  salve_test_ui_iterate ();

  grid = salve_test_ui_find_text (view, GTK_TYPE_GRID, NULL);
  g_assert_nonnull (grid);
  /* Never answered: every cell says "Blocked", the longest word. */
  g_assert_true (gtk_widget_has_css_class (gtk_grid_get_child_at (GTK_GRID (grid), SALVE_N_MODALITIES, 1), "error"));
  across = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (grid, GTK_TYPE_SCROLLED_WINDOW)));
  g_test_message ("matrix %d px wide, %g px of it in sight", (int) gtk_adjustment_get_upper (across),
                  gtk_adjustment_get_page_size (across));
  g_assert_cmpfloat (gtk_adjustment_get_upper (across), <=, gtk_adjustment_get_page_size (across));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static void
test_checklist_matrix_fits (Fixture       *f,
                            gconstpointer  data)
{
  check_matrix_fits (f);
}

/* A process of its own, as gettext keeps what it found for the language
 * it had. */
static void
test_checklist_matrix_fits_dutch (Fixture       *f,
                                  gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_setenv ("LANGUAGE", "nl", TRUE);
      g_assert_cmpstr (_("Blocked"), ==, "Geblokkeerd");
      check_matrix_fits (f);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  int ret;

  /* Dutch comes from the catalogue built next to the tests. */
  {
    g_autofree char *po = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);

    bindtextdomain (GETTEXT_PACKAGE, po);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);
  }

  salve_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/findings-list/start-gate", test_findings_list_start_gate);
  g_test_add ("/ui/devices-view/remove", Fixture, NULL, fixture_set_up, test_devices_view_remove, fixture_tear_down);
  g_test_add ("/ui/devices-view/undo-name-taken", Fixture, NULL, fixture_set_up, test_devices_view_undo_name_taken,
              fixture_tear_down);
  g_test_add ("/ui/devices-view/undo-by-keyboard", Fixture, NULL, fixture_set_up, test_devices_view_undo_by_keyboard,
              fixture_tear_down);
  g_test_add ("/ui/devices-view/undo-by-f6", Fixture, NULL, fixture_set_up, test_devices_view_undo_by_f6,
              fixture_tear_down);
  g_test_add ("/ui/devices-view/focus-after-editor", Fixture, NULL, fixture_set_up,
              test_devices_view_focus_after_editor, fixture_tear_down);
  g_test_add ("/ui/devices-view/editor-kept-when-refused", Fixture, NULL, fixture_set_up,
              test_devices_view_editor_kept_when_refused, fixture_tear_down);
  g_test_add ("/ui/devices-view/states", Fixture, NULL, fixture_set_up, test_devices_view_states, fixture_tear_down);
  g_test_add ("/ui/devices-view/find", Fixture, NULL, fixture_set_up, test_devices_view_find, fixture_tear_down);
  g_test_add ("/ui/checklist-view/answers-by-keyboard", Fixture, NULL, fixture_set_up,
              test_checklist_view_answers_by_keyboard, fixture_tear_down);
  g_test_add ("/ui/checklist-view/answers-and-matrix", Fixture, NULL, fixture_set_up,
              test_checklist_view_answers_and_matrix, fixture_tear_down);
  g_test_add ("/ui/checklist-view/cell-reasons", Fixture, NULL, fixture_set_up,
              test_checklist_view_cell_reasons, fixture_tear_down);
  g_test_add ("/ui/checklist-view/carer", Fixture, NULL, fixture_set_up,
              test_checklist_view_carer, fixture_tear_down);
  g_test_add ("/ui/checklist/pdf", Fixture, NULL, fixture_set_up, test_checklist_pdf, fixture_tear_down);
  g_test_add ("/ui/checklist-view/matrix-fits", Fixture, NULL, fixture_set_up,
              test_checklist_matrix_fits, fixture_tear_down);
  g_test_add ("/ui/checklist-view/matrix-fits-dutch", Fixture, NULL, fixture_set_up,
              test_checklist_matrix_fits_dutch, fixture_tear_down);

  g_test_add ("/ui/checklist-view/answers-stay-put", Fixture, NULL, fixture_set_up,
              test_checklist_answers_stay_put, fixture_tear_down);
  g_test_add ("/ui/checklist-view/wheel-over-matrix", Fixture, NULL, fixture_set_up,
              test_checklist_wheel_over_matrix, fixture_tear_down);
  g_test_add ("/ui/checklist-view/lift-block-asked", Fixture, NULL, fixture_set_up,
              test_checklist_lift_block_asked, fixture_tear_down);
  g_test_add ("/ui/checklist-view/broken-skin-healed", Fixture, NULL, fixture_set_up,
              test_checklist_broken_skin_healed, fixture_tear_down);
  g_test_add ("/ui/checklist-view/answers-stay-put-dutch", Fixture, NULL, fixture_set_up,
              test_checklist_answers_stay_put_dutch, fixture_tear_down);

  ret = g_test_run ();
  salve_test_ui_shutdown ();

  return ret;
}
