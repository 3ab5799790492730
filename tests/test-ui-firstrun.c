/* test-ui-firstrun.c: the way from an empty database to a first session,
 * and accessible names on every button of the main window
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "salve-application.h"
#include "salve-condition-repo.h"
#include "salve-device-editor.h"
#include "salve-device-repo.h"
#include "salve-diary-repo.h"
#include "salve-devices-view.h"
#include "salve-profile-repo.h"
#include "salve-body-picker.h"
#include "salve-session-assistant.h"
#include "salve-profile-switcher.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"
#include "salve-window.h"

static char *tmpdir;

/* What a person sees on a button: its label, or the text of the labels
 * inside it (an AdwButtonContent, a box with a label). */
static char *
button_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL &&
      gtk_button_get_child (GTK_BUTTON (widget)) == NULL)
    g_string_append (text, gtk_button_get_label (GTK_BUTTON (widget)));
  if (GTK_IS_LABEL (widget))
    g_string_append (text, gtk_label_get_label (GTK_LABEL (widget)));
  if (ADW_IS_BUTTON_CONTENT (widget))
    {
      g_string_append (text, adw_button_content_get_label (ADW_BUTTON_CONTENT (widget)));
      return g_string_free (text, FALSE);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *inner = button_text (child);

      g_string_append (text, inner);
    }

  return g_string_free (text, FALSE);
}

static gboolean
is_shown_button (GtkWidget     *widget,
                 gconstpointer  data)
{
  g_autofree char *text = NULL;

  if (!GTK_IS_BUTTON (widget) || !gtk_widget_get_mapped (widget) || !gtk_widget_is_sensitive (widget))
    return FALSE;
  text = button_text (widget);

  return g_str_equal (text, data);
}

/* The button a person would click: on screen, usable, with this label. */
static void
click (GtkWidget  *root,
       const char *label)
{
  GtkWidget *button = salve_test_ui_find (root, is_shown_button, label);

  if (button == NULL)
    g_error ("No button “%s” on screen", label);
  g_signal_emit_by_name (button, "clicked");
  salve_test_ui_iterate ();
}

static gboolean
is_main_stack (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), "views") != NULL;
}

/* The view on screen; NULL while the first screen (or an error) covers
 * the views. */
static const char *
visible_view (SalveWindow *window)
{
  GtkStack *main_stack = GTK_STACK (salve_test_ui_find (GTK_WIDGET (window), is_main_stack, NULL));
  AdwViewStack *stack = ADW_VIEW_STACK (salve_test_ui_find_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (main_stack), "views") != 0)
    return NULL;

  return adw_view_stack_get_visible_child_name (stack);
}

static gboolean
has_assistant (gpointer data)
{
  return salve_test_ui_find_toplevel (SALVE_TYPE_SESSION_ASSISTANT) != NULL;
}

static gboolean
has_switcher_bar (gpointer data)
{
  GtkWidget *bar = salve_test_ui_find_type (data, ADW_TYPE_VIEW_SWITCHER_BAR);

  return bar != NULL && adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar));
}

static void
answer_all_no (GtkWidget *view)
{
  GtkWidget *row = salve_test_ui_find_type (view, ADW_TYPE_ACTION_ROW);
  guint answered = 0;

  /* Each question row has its own "No". */
  for (; row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *no = salve_test_ui_find (row, is_shown_button, salve_answer_get_name (SALVE_ANSWER_NO));

      if (no == NULL)
        continue;
      g_signal_emit_by_name (no, "clicked");
      answered++;
    }
  g_assert_cmpuint (answered, ==, SALVE_N_CONDITIONS);
  salve_test_ui_iterate ();
}

static void
test_first_run_walk (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestFirstRun1", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_build_filename (tmpdir, "first-run.db", NULL);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.salve.Salve");
  g_autoptr(GPtrArray) rows = NULL;
  SalveWindow *window;
  GtkWindow *dialog;
  GtkWidget *entry;
  GtkWidget *checklist;
  SalveSessionAssistant *assistant;
  GtkWidget *picker;
  const char *step;

  /* A view chosen on an earlier run must not hide the first step. */
  g_settings_set_string (settings, "last-view", "diary");
  window = salve_test_ui_open_window (app, db_path, 1366, 768);

  /* 1. Nobody to treat yet: the screen's button is the first step. No
   * patient switcher says "No Patient" (cut to "No Pati…" in a small
   * window); it comes with the first patient. */
  g_assert_null (visible_view (window));
  g_assert_false (gtk_widget_is_visible (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_PROFILE_SWITCHER)));
  salve_test_ui_screenshot (GTK_WIDGET (window), "first-run");
  /* Add Yourself has the focus: Return takes the suggested first step. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (gtk_window_get_focus (GTK_WINDOW (window)))), ==,
                   _("Add _Yourself"));
  click (GTK_WIDGET (window), _("Add _Yourself"));

  dialog = salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  entry = salve_test_ui_find_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Anneke");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "add");
  gtk_window_destroy (dialog);
  salve_test_ui_iterate ();

  /* 2. The checklist comes next, answered in Anneke's own name. */
  g_assert_nonnull (salve_window_get_profile (window));
  g_assert_true (gtk_widget_is_visible (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_PROFILE_SWITCHER)));
  g_assert_cmpstr (visible_view (window), ==, "checklist");
  checklist = salve_test_ui_find_text (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (checklist)), ==, "Anneke");
  salve_test_ui_screenshot (GTK_WIDGET (window), "first-run-checklist");
  g_assert_null (salve_test_ui_find (GTK_WIDGET (window), is_shown_button, _("_Next: Your Devices")));
  answer_all_no (gtk_widget_get_ancestor (checklist, GTK_TYPE_SCROLLED_WINDOW));
  rows = salve_condition_repo_list (salve_window_get_db (window),
                                    salve_profile_get_id (salve_window_get_profile (window)), NULL);
  g_assert_cmpuint (rows->len, ==, SALVE_N_CONDITIONS);

  salve_test_ui_screenshot (GTK_WIDGET (window), "checklist");

  /* 3. All answered: the checklist points on to the devices. */
  click (GTK_WIDGET (window), _("_Next: Your Devices"));
  g_assert_cmpstr (visible_view (window), ==, "devices");
  salve_test_ui_screenshot (GTK_WIDGET (window), "first-run-devices");

  /* 4. And the devices on to a first session, which starts from where
   * it hurts, and goes on to the device with its Next button. */
  click (GTK_WIDGET (window), _("_Start a Session"));
  g_assert_true (salve_test_ui_wait (has_assistant, NULL, 5000));
  assistant = SALVE_SESSION_ASSISTANT (salve_test_ui_find_toplevel (SALVE_TYPE_SESSION_ASSISTANT));
  step = salve_session_assistant_get_step (assistant);
  g_assert_cmpstr (step, ==, "site");
  picker = salve_test_ui_find_type (GTK_WIDGET (assistant), SALVE_TYPE_BODY_PICKER);
  g_assert_nonnull (picker);
  salve_body_picker_set_site (SALVE_BODY_PICKER (picker), SALVE_SITE_KNEE);
  salve_test_ui_iterate ();
  click (GTK_WIDGET (assistant), _("_Next"));
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "device");

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "last-view");
}

static void
test_first_run_patient (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestFirstRun2", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_build_filename (tmpdir, "therapist.db", NULL);
  SalveWindow *window = salve_test_ui_open_window (app, db_path, 800, 600);
  GtkWindow *dialog;
  GtkWidget *answerer;

  salve_test_ui_screenshot (GTK_WIDGET (window), "first-run-800");
  /* A therapist adds a patient: the checklist then waits for the
   * therapist's own name, not the patient's. */
  click (GTK_WIDGET (window), _("Add a _Patient"));
  dialog = salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (salve_test_ui_find_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY)), "Bram");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "add");
  gtk_window_destroy (dialog);
  salve_test_ui_iterate ();

  g_assert_cmpstr (visible_view (window), ==, "checklist");
  answerer = salve_test_ui_find_text (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (answerer)), ==, "");
  g_assert_null (salve_test_ui_find (GTK_WIDGET (window), is_shown_button, salve_answer_get_name (SALVE_ANSWER_NO)));
  /* Too narrow for the switcher in the header: the views are reached
   * from the bar at the bottom, which the first screen did not need. */
  g_assert_true (salve_test_ui_wait (has_switcher_bar, window, 2000));
  salve_test_ui_screenshot (GTK_WIDGET (window), "first-run-checklist-800");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A button a screen reader cannot name: no text of its own, no
 * accessible label. GTK 4.8 gives a tooltip to screen readers as the
 * description, not the name: an icon with only a tooltip is read as
 * "GtkImage" (a menu button as "GtkMenuButton"). */
static void
collect_unnamed (GtkWidget *widget,
                 GPtrArray *unnamed)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      gboolean menu = GTK_IS_MENU_BUTTON (child);
      GtkWidget *parent = gtk_widget_get_parent (child);

      /* GTK's own parts of a widget (a spin button's −/+, the window's
       * close button) are named by GTK, not by Salve. */
      if (GTK_IS_SPIN_BUTTON (parent) || GTK_IS_WINDOW_CONTROLS (parent))
        continue;
      /* Hidden widgets are not in the accessibility tree. */
      if (!gtk_widget_get_visible (child))
        continue;

      if (menu || (GTK_IS_BUTTON (child) && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (child))))
        {
          g_autofree char *text = button_text (child);
          gboolean named = gtk_test_accessible_has_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
                           gtk_test_accessible_has_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY);

          if (menu)
            {
              const char *label = gtk_menu_button_get_label (GTK_MENU_BUTTON (child));

              named = named || (label != NULL && *label != '\0');
            }
          else
            named = named || *g_strstrip (text) != '\0';

          if (!named)
            {
              GtkWidget *owner = parent;

              while (owner != NULL && !g_str_has_prefix (G_OBJECT_TYPE_NAME (owner), "Salve"))
                owner = gtk_widget_get_parent (owner);
              g_ptr_array_add (unnamed, g_strdup_printf ("%s “%s” (tooltip “%s”, text “%s”, icon %s) in %s", G_OBJECT_TYPE_NAME (child),
                                                         gtk_buildable_get_buildable_id (GTK_BUILDABLE (child)),
                                                         gtk_widget_get_tooltip_text (child), text,
                                                         GTK_IS_BUTTON (child) ? gtk_button_get_icon_name (GTK_BUTTON (child)) : "",
                                                         owner ? G_OBJECT_TYPE_NAME (owner) : "?"));
            }
        }

      collect_unnamed (child, unnamed);
    }
}

static void
test_accessible_names (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestFirstRun3", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_build_filename (tmpdir, "names.db", NULL);
  static const char *views[] = { "devices", "sessions", "diary", "checklist", "patients" };
  SalveWindow *window;

  {
    g_autoptr(SalveDb) db = salve_db_open (db_path, NULL);
    g_autoptr(SalveProfile) profile = salve_profile_repo_add (db, "Anneke", NULL);
    g_autoptr(SalveDevice) tens = salve_device_new ("Sanitas SEM 43", SALVE_MODALITY_TENS);
    g_autoptr(SalveDevice) laser = salve_device_new ("Personal Laser L400", SALVE_MODALITY_LASER);

    g_assert_nonnull (profile);
    tens->max_intensity_ma = 50;
    tens->electrode_cm2 = 25;
    tens->connection = (g_free (tens->connection), g_strdup ("/dev/ttyUSB0"));
    laser->max_power_mw = 400;
    laser->wavelength_nm = 808;
    g_assert_true (salve_device_repo_add (db, tens, NULL));
    g_assert_true (salve_device_repo_add (db, laser, NULL));
    /* A diary with entries shows its toolbar and chart, and their buttons. */
    for (int d = 1; d <= 10; d++)
      {
        g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (profile));
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();
        g_autoptr(GDateTime) at = g_date_time_add_days (now, -d);

        salve_diary_entry_set_at (entry, at);
        salve_diary_entry_set_pain (entry, 3 + d % 4);
        g_assert_true (salve_diary_repo_add (db, entry, NULL));
      }
  }

  window = salve_test_ui_open_window (app, db_path, 1366, 768);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);

      salve_window_show_view (window, views[i]);
      salve_test_ui_iterate ();
      if (g_str_equal (views[i], "devices"))
        {
          GtkWindow *editor;

          salve_test_ui_screenshot (GTK_WIDGET (window), "devices");
          click (GTK_WIDGET (window), _("_Add"));
          editor = salve_test_ui_find_toplevel (SALVE_TYPE_DEVICE_EDITOR);
          g_assert_nonnull (editor);
          collect_unnamed (GTK_WIDGET (editor), unnamed);
          salve_test_ui_screenshot (GTK_WIDGET (editor), "device-editor");
          gtk_window_destroy (editor);
        }
      collect_unnamed (GTK_WIDGET (window), unnamed);
      for (guint j = 0; j < unnamed->len; j++)
        g_printerr ("Unnamed on %s: %s\n", views[i], (char *) g_ptr_array_index (unnamed, j));
      g_assert_cmpuint (unnamed->len, ==, 0);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every menu button under @widget that has a tooltip. */
static void
collect_menu_buttons (GtkWidget *widget,
                      GPtrArray *buttons)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_widget_get_tooltip_text (widget) != NULL)
    g_ptr_array_add (buttons, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_menu_buttons (child, buttons);
}

static void
test_menu_tooltips (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestFirstRun4", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_build_filename (tmpdir, "menus.db", NULL);
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  SalveWindow *window;
  GtkWidget *menu;
  GtkWidget *patient;

  /* A patient: every view is built, the Patients list has a row. */
  {
    g_autoptr(SalveDb) db = salve_db_open (db_path, NULL);
    g_autoptr(SalveProfile) anna = salve_profile_repo_add (db, "Anna", NULL);

    g_assert_nonnull (anna);
  }
  window = salve_test_ui_open_window (app, db_path, 1366, 768);
  salve_window_show_view (window, "patients");
  for (guint i = 0; i < 20; i++)
    salve_test_ui_iterate ();
  menu = salve_test_ui_find_text (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, _("Main Menu"));
  patient = salve_test_ui_find_text (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, _("Switch Patient"));
  g_assert_nonnull (menu);
  g_assert_nonnull (patient);

  /* A menu's tooltip must not cover the menu while it is open: the main
   * menu's, the patient switcher's, the diary's, the checklist's and
   * each patient's row's alike. */
  collect_menu_buttons (GTK_WIDGET (window), buttons);
  g_assert_true (g_ptr_array_find (buttons, menu, NULL));
  g_assert_true (g_ptr_array_find (buttons, patient, NULL));
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, _("More Diary Actions")));
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON,
                                             _("Import, Export, Report, Care Plan, Rename or Delete Anna")));
  g_assert_cmpuint (buttons->len, >=, 7);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      GtkWidget *row = gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW);
      gboolean row_tip = row != NULL && gtk_widget_get_has_tooltip (row);

      g_test_message ("%s", gtk_widget_get_tooltip_text (button));
      g_assert_true (gtk_widget_get_has_tooltip (button));
      gtk_menu_button_popup (GTK_MENU_BUTTON (button));
      salve_test_ui_iterate ();
      g_assert_false (gtk_widget_get_has_tooltip (button));
      /* Nor the row's around it ("Open this patient's diary"). */
      for (GtkWidget *w = button; w != NULL; w = gtk_widget_get_parent (w))
        g_assert_false (gtk_widget_get_has_tooltip (w));
      gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
      salve_test_ui_iterate ();
      g_assert_true (gtk_widget_get_has_tooltip (button));
      if (row != NULL)
        g_assert_true (gtk_widget_get_has_tooltip (row) == row_tip);
    }
  /* The patient's row has a tooltip of its own, which came back. */
  g_assert_true (gtk_widget_get_has_tooltip (gtk_widget_get_ancestor (
    salve_test_ui_find_text (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON,
                             _("Import, Export, Report, Care Plan, Rename or Delete Anna")), GTK_TYPE_LIST_BOX_ROW)));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  /* Screenshots in other languages (LANGUAGE=nl) need the catalogue: an
   * installed build's, or one compiled elsewhere. The walk clicks the
   * buttons by their translated labels. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SALVE_TEST_LOCALEDIR") ? g_getenv ("SALVE_TEST_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  salve_test_ui_init (&argc, &argv);
  tmpdir = salve_test_make_tmpdir ();

  g_test_add_func ("/ui/first-run/walk", test_first_run_walk);
  g_test_add_func ("/ui/first-run/patient", test_first_run_patient);
  g_test_add_func ("/ui/accessibility/names", test_accessible_names);
  g_test_add_func ("/ui/menus/tooltips", test_menu_tooltips);

  ret = g_test_run ();
  salve_test_remove_tree (tmpdir);
  g_free (tmpdir);
  salve_test_ui_shutdown ();

  return ret;
}
