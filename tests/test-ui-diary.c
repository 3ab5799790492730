/* test-ui-diary.c: the diary view, its chart and the entry dialog
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "salve-care-plan-repo.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "salve-application.h"
#include "salve-body-picker.h"
#include "salve-body-region.h"
#include "salve-chart-axis.h"
#include "salve-checklist-document.h"
#include "salve-db.h"
#include "salve-diary-chart.h"
#include "salve-diary-entry-dialog.h"
#include "salve-diary-loader.h"
#include "salve-diary-repo.h"
#include "salve-diary-view.h"
#include "salve-medication-dialog.h"
#include "salve-medication-repo.h"
#include "salve-pain-scale.h"
#include "salve-profile-repo.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"
#include "salve-time.h"
#include "salve-toast-bar.h"
#include "salve-when-row.h"
#include "salve-window.h"

static char *tmpdir;

/* The list of entries, not the list view inside the table's column view
 * or the region choice's popover. */
static gboolean
is_entries_list (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_LIST_VIEW (widget) && !GTK_IS_COLUMN_VIEW (gtk_widget_get_parent (widget)) &&
         gtk_widget_get_ancestor (widget, GTK_TYPE_DROP_DOWN) == NULL;
}

/* The model behind the list of entries. */
static GListModel *
find_entries_model (GtkWidget *widget)
{
  GtkWidget *list = salve_test_ui_find (widget, is_entries_list, NULL);

  if (list == NULL)
    return NULL;

  return gtk_no_selection_get_model (GTK_NO_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list))));
}

static gboolean
popover_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (data)));
}

static gboolean
is_action_row_titled (GtkWidget     *widget,
                      gconstpointer  data)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static gboolean
dialog_closed (gpointer data)
{
  return salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG) == NULL;
}

static gboolean
file_chooser_shown (gpointer data)
{
  return salve_test_ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean
file_chooser_gone (gpointer data)
{
  return salve_test_ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWanted;

static gboolean
shows_label (gpointer data)
{
  LabelWanted *wanted = data;

  return salve_test_ui_find_text (wanted->root, GTK_TYPE_LABEL, wanted->text) != NULL;
}

static void
make_diary (const char *path,
            int         days)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (path, &error);
  g_autoptr(SalveProfile) profile = salve_profile_repo_add (db, "Anna", &error);

  g_assert_no_error (error);
  for (int d = 0; d < days; d++)
    {
      g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (profile));
      g_autofree char *at = g_strdup_printf ("2026-03-%02dT09:00:00", d + 1);

      g_assert_true (salve_diary_entry_set_at_iso (entry, at, &error));
      salve_diary_entry_set_pain (entry, 7 - d / 3);
      salve_diary_entry_set_note (entry, d == 4 ? "Walked to the market" : "");
      g_assert_true (salve_diary_repo_add (db, entry, &error));
    }
}


/* A 3-month diary as the demo shows it: bench/make-demo-diary, ending
 * on @end (YYYY-MM-DD), its notes in @language ("en" or "nl"). */
static void
make_demo_diary (const char *path,
                 const char *end,
                 const char *language)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "bench", "make-demo-diary", NULL);
  const char *argv[] = { "python3", script, g_getenv ("SALVECTL"), path, "Anna", end, language, NULL };
  int status = 0;

  g_assert_nonnull (g_getenv ("SALVECTL"));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* The smallest size the window can be given: what its size hints say. */
static void
window_minimum (GtkWidget *window,
                int       *width,
                int       *height)
{
  int w, h;

  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &w, NULL, NULL, NULL);
  gtk_widget_measure (window, GTK_ORIENTATION_VERTICAL, w, &h, NULL, NULL, NULL);
  *width = w;
  *height = h;
}

static void
check_minimum_size (const char *name)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDiarySize", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, name, NULL);
  g_autofree char *shot = NULL;
  static const int sizes[][2] = { { 1366, 768 }, { 800, 600 }, { 360, 600 } };
  SalveWindow *window;
  int w, h;

  {
    /* Kept until today, as the pictures of the documentation show it. */
    g_autoptr(GDateTime) today = g_date_time_new_now_local ();
    g_autofree char *end = g_date_time_format (today, "%Y-%m-%d");

    make_demo_diary (db, end, name);
  }
  /* The title bar's buttons as GNOME has them (Xvfb without a desktop
   * would add minimize and maximize). */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  window = salve_test_ui_open_window (app, db, 1366, 768);
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  window_minimum (GTK_WIDGET (window), &w, &h);
  g_test_message ("%s: minimum %d×%d", name, w, h);
  g_assert_cmpint (w, <=, 360);
  g_assert_cmpint (h, <=, 600);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), sizes[i][0], sizes[i][1]);
      salve_test_ui_iterate ();
      g_free (shot);
      /* The README's pictures: the main window in English, the diary in
       * Dutch, and the smaller windows of each. */
      if (i == 0)
        shot = g_strdup (g_str_equal (name, "en") ? "main-window" : "diary-nl");
      else
        shot = g_strdup_printf ("diary-%dx%d%s", sizes[i][0], sizes[i][1], g_str_equal (name, "en") ? "" : "-nl");
      salve_test_ui_screenshot (GTK_WIDGET (window), shot);
    }

  /* The week, and the details. */
  gtk_window_set_default_size (GTK_WINDOW (window), sizes[0][0], sizes[0][1]);
  {
    GtkWidget *view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);

    gtk_widget_activate_action (view, "diary.range", "s", "week");
    g_free (shot);
    shot = g_strdup_printf ("diary-week%s", g_str_equal (name, "en") ? "" : "-nl");
    salve_test_ui_screenshot (GTK_WIDGET (window), shot);
    gtk_widget_activate_action (view, "diary.range", "s", "quarter");
    g_object_set (view, "show-details", TRUE, NULL);
    g_free (shot);
    shot = g_strdup_printf ("diary-details%s", g_str_equal (name, "en") ? "" : "-nl");
    salve_test_ui_screenshot (GTK_WIDGET (window), shot);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static void
test_diary_minimum_size (void)
{
  check_minimum_size ("en");
}

/* In Dutch the labels are longer; a process of its own, as gettext
 * keeps what it found for the language it had. */
static void
test_diary_minimum_size_dutch (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("LANGUAGE", "nl", TRUE);
      check_minimum_size ("nl");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static gint64
count_entries (SalveWindow *window)
{
  return salve_diary_repo_count (salve_window_get_db (window),
                                 salve_profile_get_id (salve_window_get_profile (window)), NULL);
}


static gboolean
medication_dialog_closed (gpointer data)
{
  return salve_test_ui_find_toplevel (SALVE_TYPE_MEDICATION_DIALOG) == NULL;
}

/* The @n-th (from 0) entry row under @root. */
static gboolean
is_nth_entry_row (GtkWidget     *widget,
                  gconstpointer  data)
{
  int *left = (int *) data;

  return ADW_IS_ENTRY_ROW (widget) && (*left)-- == 0;
}

static GtkEditable *
entry_row (GtkWidget *root,
           int        n)
{
  return GTK_EDITABLE (salve_test_ui_find (root, is_nth_entry_row, &n));
}

static guint
count_intakes (SalveWindow *window)
{
  g_autoptr(GPtrArray) all = salve_medication_repo_list (salve_window_get_db (window),
                                                         salve_profile_get_id (salve_window_get_profile (window)),
                                                         G_MININT64, G_MAXINT64, NULL);
  return all->len;
}

static gboolean shows_now (const char *label);

/* Chooses @day at @hour:@minute in the day-and-time button's popover, as
 * a person does: the calendar, then the hour and minute. */
static void
choose_when (GtkWidget *when_button,
             GDateTime *day,
             int        hour,
             int        minute)
{
  GtkWidget *popover;
  GtkWidget *spins[2] = { NULL, NULL };
  int n_spins = 0;

  /* The popover is made when it first pops up. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (when_button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (when_button)));
  g_assert_nonnull (popover);

  gtk_calendar_select_day (GTK_CALENDAR (salve_test_ui_find_type (popover, GTK_TYPE_CALENDAR)), day);
  for (GtkWidget *w = salve_test_ui_find_type (popover, GTK_TYPE_SPIN_BUTTON);
       w != NULL && n_spins < 2; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_SPIN_BUTTON (w))
      spins[n_spins++] = w;
  g_assert_cmpint (n_spins, ==, 2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spins[0]), hour);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spins[1]), minute);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (when_button));
}

/* Add Medication… records an intake from the keyboard's fields; it is
 * listed with the entries, and its delete can be undone. */
static void
test_diary_medication (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDiaryMedication",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "medication.db", NULL);
  g_autoptr(GPtrArray) intakes = NULL;
  g_autoptr(GDateTime) day = g_date_time_new_local (2026, 3, 5, 0, 0, 0);
  SalveMedicationDialog *dialog;
  SalveWindow *window;
  GtkWidget *view, *row, *heading, *when_button, *message;

  make_diary (db, 10);
  window = salve_test_ui_open_window (app, db, 1000, 900);
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);
  gtk_widget_activate_action (view, "diary.range", "s", "all");

  /* Ctrl+M (the window's add-medication) from another view opens it,
   * as Ctrl+N opens an entry. */
  salve_window_show_view (window, "checklist");
  salve_test_ui_iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-medication", NULL));
  salve_test_ui_iterate ();
  dialog = SALVE_MEDICATION_DIALOG (salve_test_ui_find_toplevel (SALVE_TYPE_MEDICATION_DIALOG));
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  salve_test_ui_iterate ();
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();

  /* Without a name nothing is stored and the dialog says why. */
  gtk_widget_activate_action (view, "diary.add-medication", NULL);
  dialog = SALVE_MEDICATION_DIALOG (salve_test_ui_find_toplevel (SALVE_TYPE_MEDICATION_DIALOG));
  g_assert_nonnull (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "medication.save", NULL);
  salve_test_ui_iterate ();
  g_assert_true (SALVE_MEDICATION_DIALOG (salve_test_ui_find_toplevel (SALVE_TYPE_MEDICATION_DIALOG)) == dialog);
  message = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "A medication intake needs the name");
  g_assert_nonnull (message);
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_cmpuint (count_intakes (window), ==, 0);

  gtk_editable_set_text (entry_row (GTK_WIDGET (dialog), 0), "Ibuprofen");
  /* The message about the missing name goes with it. */
  g_assert_false (gtk_widget_get_visible (message));
  gtk_editable_set_text (entry_row (GTK_WIDGET (dialog), 1), "400 mg");
  /* When it was taken: a day and a time in words, never a typed
   * machine format; it starts at now. */
  g_assert_null (salve_test_ui_find (GTK_WIDGET (dialog), is_nth_entry_row, &(int) { 3 }));
  when_button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_MENU_BUTTON, "Choose the day and time");
  g_assert_nonnull (when_button);
  g_assert_true (shows_now (gtk_menu_button_get_label (GTK_MENU_BUTTON (when_button))));
  /* A year ahead is refused, and the focus goes to the day and time. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) ahead = g_date_time_add_years (now, 1);
    GtkWidget *focus, *when_row;

    choose_when (when_button, ahead, 21, 30);
    gtk_widget_activate_action (GTK_WIDGET (dialog), "medication.save", NULL);
    salve_test_ui_iterate ();
    g_assert_true (SALVE_MEDICATION_DIALOG (salve_test_ui_find_toplevel (SALVE_TYPE_MEDICATION_DIALOG)) == dialog);
    message = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "The day lies in the future");
    g_assert_nonnull (message);
    g_assert_true (gtk_widget_get_visible (message));
    focus = gtk_root_get_focus (GTK_ROOT (dialog));
    when_row = gtk_widget_get_ancestor (when_button, SALVE_TYPE_WHEN_ROW);
    g_assert_true (focus == when_row || gtk_widget_is_ancestor (focus, when_row));
    g_assert_cmpuint (count_intakes (window), ==, 0);
  }
  choose_when (when_button, day, 21, 30);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (when_button)), ==, "Thu 5 Mar 2026, 21:30");
  gtk_switch_set_active (GTK_SWITCH (salve_test_ui_find_type (GTK_WIDGET (dialog), GTK_TYPE_SWITCH)), TRUE);
  gtk_editable_set_text (entry_row (GTK_WIDGET (dialog), 2), "knee after the walk");
  salve_test_ui_screenshot (GTK_WIDGET (dialog), "medication-dialog");
  /* Saved with Ctrl+Return from the note, as a diary entry is. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (entry_row (GTK_WIDGET (dialog), 2))));
  g_assert_true (salve_test_ui_press (GTK_WIDGET (dialog), GDK_KEY_Return, GDK_CONTROL_MASK));
  g_assert_true (salve_test_ui_wait (medication_dialog_closed, NULL, 2000));

  intakes = salve_medication_repo_list (salve_window_get_db (window),
                                        salve_profile_get_id (salve_window_get_profile (window)),
                                        G_MININT64, G_MAXINT64, NULL);
  g_assert_cmpuint (intakes->len, ==, 1);
  g_assert_cmpstr (salve_medication_get_name (g_ptr_array_index (intakes, 0)), ==, "Ibuprofen");
  g_assert_cmpstr (salve_medication_get_dose (g_ptr_array_index (intakes, 0)), ==, "400 mg");
  g_assert_true (salve_medication_get_as_needed (g_ptr_array_index (intakes, 0)));
  g_assert_true (g_str_has_prefix (salve_medication_get_at_iso (g_ptr_array_index (intakes, 0)),
                                   "2026-03-05T21:30:00"));

  salve_test_ui_iterate ();
  heading = salve_test_ui_find_text (view, GTK_TYPE_LABEL, "1 medication intake in this period");
  g_assert_nonnull (heading);
  g_assert_true (gtk_widget_get_visible (heading));
  row = salve_test_ui_find_text (view, ADW_TYPE_ACTION_ROW, NULL);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Ibuprofen 400 mg");
  salve_test_ui_screenshot (GTK_WIDGET (window), "diary-medication");

  /* An intake written with another offset (an import from abroad) is
   * listed in local time, as the entries are, not at its own clock. */
  {
    g_autoptr(GTimeZone) west = g_time_zone_new_identifier ("-05:00");
    g_autoptr(GTimeZone) east = g_time_zone_new_identifier ("+09:00");
    g_autoptr(GDateTime) probe = g_date_time_new_local (2026, 3, 5, 12, 0, 0);
    /* Whichever is not the test's own offset. */
    GTimeZone *other = g_date_time_get_utc_offset (probe) == -5 * G_TIME_SPAN_HOUR ? east : west;
    g_autoptr(GDateTime) at = g_date_time_new (other, 2026, 3, 5, 10, 0, 30);
    g_autoptr(GDateTime) at_local = g_date_time_to_local (at);
    g_autoptr(SalveMedication) abroad = salve_medication_new (salve_profile_get_id (salve_window_get_profile (window)));
    g_autofree char *expected = salve_time_format_date_time (at_local);
    g_autoptr(GError) error = NULL;
    GtkWidget *abroad_row;

    salve_medication_set_name (abroad, "Naproxen");
    salve_medication_set_at (abroad, at);
    g_assert_true (salve_medication_repo_add (salve_window_get_db (window), abroad, &error));
    g_assert_no_error (error);
    gtk_widget_activate_action (view, "diary.range", "s", "week");
    gtk_widget_activate_action (view, "diary.range", "s", "all");
    g_assert_true (salve_test_ui_wait (shows_label, &(LabelWanted) { view, "2 medication intakes in this period" }, 5000));
    abroad_row = salve_test_ui_find_text (view, GTK_TYPE_LABEL, "Naproxen");
    g_assert_nonnull (abroad_row);
    abroad_row = gtk_widget_get_ancestor (abroad_row, ADW_TYPE_ACTION_ROW);
    g_assert_nonnull (abroad_row);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (abroad_row)), expected));
    gtk_widget_activate_action (view, "diary.delete-medication", "x", salve_medication_get_id (abroad));
    salve_test_ui_iterate ();
  }

  gtk_widget_activate_action (view, "diary.delete-medication", "x",
                              salve_medication_get_id (g_ptr_array_index (intakes, 0)));
  salve_test_ui_iterate ();
  g_assert_cmpuint (count_intakes (window), ==, 0);
  /* Nothing left to list: no heading, no empty list. */
  g_assert_false (gtk_widget_get_visible (heading));
  g_assert_null (salve_test_ui_find_text (view, ADW_TYPE_ACTION_ROW, NULL));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static gboolean never (gpointer data);

static gboolean
list_shows_newest (gpointer data)
{
  GtkWidget *list = data;
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  GListModel *model = gtk_no_selection_get_model (GTK_NO_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list))));
  g_autoptr(SalveDiaryEntry) first = g_list_model_get_n_items (model) > 0 ? g_list_model_get_item (model, 0) : NULL;

  return first != NULL && salve_diary_entry_get_pain (first) == 1 && gtk_adjustment_get_value (vadj) <= 0.5;
}

/* A list in sight from its top shows an entry just added there: it went
 * in above the first row in sight, out of sight, and looked unsaved (an
 * outside look: it was entered again). */
static void
test_diary_list_new_on_top (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDiaryTop", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "diary-top.db", NULL);
  SalveDiaryEntryDialog *dialog;
  SalveWindow *window;
  GtkWidget *view, *list, *button;
  GtkAdjustment *vadj;

  make_diary (db, 10);
  window = salve_test_ui_open_window (app, db, 1000, 800);
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);
  gtk_widget_activate_action (view, "diary.range", "s", "all");
  salve_test_ui_iterate ();
  list = salve_test_ui_find (view, is_entries_list, NULL);
  g_assert_nonnull (list);
  vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), <=, 0.5);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-diary-entry", NULL);
  dialog = salve_test_ui_wait_entry_dialog ();
  button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_TOGGLE_BUTTON, "1");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  g_assert_true (salve_test_ui_wait (dialog_closed, NULL, 2000));
  g_assert_true (salve_test_ui_wait (list_shows_newest, list, 5000));
  /* And stays so a few frames on. */
  g_assert_false (salve_test_ui_wait (never, NULL, 300));
  g_assert_true (list_shows_newest (list));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static void
test_diary_add_and_delete (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDiary", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "diary.db", NULL);
  g_autoptr(GPtrArray) entries = NULL;
  SalveDiaryEntryDialog *dialog;
  SalveWindow *window;
  GtkWidget *view, *chart_widget, *summary, *button;
  SalveChart *chart;
  double x0, x1;

  make_diary (db, 10);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  salve_application_set_db_path (app, db);
  window = salve_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (salve_window_open_db_now (window));
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();

  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);
  chart_widget = salve_test_ui_find_text (view, SALVE_TYPE_DIARY_CHART, NULL);
  g_assert_nonnull (chart_widget);
  chart = salve_diary_chart_get_chart (SALVE_DIARY_CHART (chart_widget));
  g_assert_cmpuint (salve_chart_get_n_points (chart), ==, 10);
  /* The trend is written out in plain words, not only drawn; a diary
   * last kept in March does not speak of "this week". */
  summary = salve_test_ui_find_text (view, GTK_TYPE_LABEL, "No entries since 10 Mar. The 7 days up to your last entry ");
  g_assert_nonnull (summary);
  g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (summary)), "6.3 when you started: not yet a real improvement."));
  /* The list holds the period's entries, newest first. */
  {
    GListModel *model = find_entries_model (view);
    g_autoptr(SalveDiaryEntry) newest = NULL;

    g_assert_nonnull (model);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
    newest = g_list_model_get_item (model, 0);
    g_assert_true (g_str_has_prefix (salve_diary_entry_get_at_iso (newest), "2026-03-10T09:00:00"));
    g_assert_nonnull (salve_test_ui_find_text (view, GTK_TYPE_LABEL, "10 entries in this period"));
  }

  /* The week button shows the last 7 days. */
  gtk_widget_activate_action (view, "diary.range", "s", "week");
  salve_chart_get_range (chart, &x0, &x1);
  g_assert_cmpfloat_with_epsilon (x1 - x0, 7 * 86400.0, 1.0);
  {
    g_autofree char *range = NULL;

    /* Moving away from it leaves no range button pressed. */
    salve_diary_chart_pan (SALVE_DIARY_CHART (chart_widget), -0.5);
    g_object_get (view, "range", &range, NULL);
    g_assert_cmpstr (range, ==, "custom");
  }

  /* Ctrl+N's action opens the dialog; pain 2 and Save are the two clicks. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-diary-entry", NULL);
  dialog = salve_test_ui_wait_entry_dialog ();
  g_assert_nonnull (dialog);
  button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_TOGGLE_BUTTON, "2");
  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  g_assert_true (salve_test_ui_wait (dialog_closed, NULL, 2000));
  g_assert_cmpint (count_entries (window), ==, 11);
  /* The diary is read again in a worker: the chart follows when it is in. */
  salve_test_ui_iterate ();
  g_assert_cmpuint (salve_chart_get_n_points (chart), ==, 11);

  /* Without a pain rating nothing is saved and the dialog stays. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-diary-entry", NULL);
  dialog = salve_test_ui_wait_entry_dialog ();
  /* Return on "Where it hurts" opens the body to choose from; it saved
   * the entry without its place (the dialog's default). */
  {
    GtkWidget *row = salve_test_ui_find (GTK_WIDGET (dialog), is_action_row_titled, "Where it hurts");
    GtkWidget *menu;

    g_assert_nonnull (row);
    menu = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
    g_assert_true (GTK_IS_MENU_BUTTON (menu));
    adw_action_row_activate (ADW_ACTION_ROW (row));
    /* A button's activation shows for a moment before it clicks. */
    g_assert_true (salve_test_ui_wait (popover_shown, menu, 2000));
    gtk_menu_button_popdown (GTK_MENU_BUTTON (menu));
    salve_test_ui_iterate ();
    g_assert_true (SALVE_DIARY_ENTRY_DIALOG (salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG)) == dialog);
  }
  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  salve_test_ui_iterate ();
  g_assert_true (SALVE_DIARY_ENTRY_DIALOG (salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG)) == dialog);
  g_assert_cmpint (count_entries (window), ==, 11);
  /* The focus is on the pain scale, and what it is focused for is said
   * to a screen reader there: the red text is not beside the focus. */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));
    g_autofree char *mismatch = NULL;

    g_assert_nonnull (focus);
    g_assert_nonnull (gtk_widget_get_ancestor (focus, SALVE_TYPE_PAIN_SCALE));
    mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (focus), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                   "Choose how much pain you have, from 0 to 10.");
    g_assert_null (mismatch);
  }
  /* A pain chosen, the error goes at once, not at the next Save. */
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL,
                                             "Choose how much pain you have, from 0 to 10."));
  g_assert_true (gtk_widget_get_visible (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL,
                                                                  "Choose how much pain you have, from 0 to 10.")));
  button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_TOGGLE_BUTTON, "4");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  salve_test_ui_iterate ();
  {
    GtkWidget *error = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL,
                                                "Choose how much pain you have, from 0 to 10.");

    g_assert_true (error == NULL || !gtk_widget_get_visible (error));
  }
  gtk_window_close (GTK_WINDOW (dialog));
  salve_test_ui_iterate ();
  /* A rating chosen: closing asks first; discard it. */
  {
    GtkWidget *ask = GTK_WIDGET (salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

    if (ask != NULL)
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "discard");
  }
  g_assert_true (salve_test_ui_wait (dialog_closed, NULL, 2000));

  /* Export from the view: the action asks where, and the chart as shown
   * is written there. */
  {
    g_autofree char *path = g_build_filename (tmpdir, "from-the-view.pdf", NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *contents = NULL;
    GtkWidget *chooser;

    gtk_widget_activate_action (view, "diary.export", "s", "pdf");
    g_assert_true (salve_test_ui_wait (file_chooser_shown, NULL, 5000));
    chooser = GTK_WIDGET (salve_test_ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
    g_assert_true (salve_test_ui_wait (file_chooser_gone, NULL, 5000));

    g_assert_true (salve_diary_view_export (SALVE_DIARY_VIEW (view), path, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  }

  /* Delete from the list: gone from the database and the chart. */
  entries = salve_diary_repo_list (salve_window_get_db (window),
                                   salve_profile_get_id (salve_window_get_profile (window)),
                                   SALVE_DIARY_REPO_ANY_TIME_MIN, SALVE_DIARY_REPO_ANY_TIME_MAX, NULL);
  gtk_widget_activate_action (view, "diary.delete", "x",
                              salve_diary_entry_get_id (g_ptr_array_index (entries, 4)));
  g_assert_cmpint (count_entries (window), ==, 10);
  salve_test_ui_iterate ();
  g_assert_cmpuint (salve_chart_get_n_points (chart), ==, 10);

  /* Ctrl+Z (the view's undo) puts it back while its toast shows; once
   * more, nothing is left to undo. */
  {
    gboolean active = FALSE;

    g_object_get (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_TOAST_BAR), "active", &active, NULL);
    g_assert_true (active);
  }
  g_assert_true (gtk_widget_activate_action (view, "diary.undo", NULL));
  g_assert_cmpint (count_entries (window), ==, 11);
  /* The toast goes with it: its Undo stayed, and a second click asked the
   * database to restore the entry again. */
  salve_test_ui_iterate ();
  {
    GtkWidget *bar = salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_TOAST_BAR);
    gboolean active = TRUE;

    /* Gone, or an earlier toast back in sight. */
    g_object_get (bar, "active", &active, NULL);
    g_assert_true (!active || salve_test_ui_find_text (bar, GTK_TYPE_LABEL, _("Diary entry deleted")) == NULL);
  }
  g_assert_true (gtk_widget_activate_action (view, "diary.undo", NULL));
  g_assert_cmpint (count_entries (window), ==, 11);
  salve_test_ui_iterate ();
  g_assert_cmpuint (salve_chart_get_n_points (chart), ==, 11);

  gtk_window_destroy (GTK_WINDOW (window));
}



/* The entry dialog's region: a site on the body picker, then its side. */
static void
add_entry_in_region (SalveWindow *window,
                     const char  *pain,
                     SalveSite    site,
                     const char  *side_tooltip,
                     const char  *expected_region)
{
  SalveDiaryEntryDialog *dialog;
  GtkWidget *button, *picker, *region_button;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-diary-entry", NULL);
  dialog = salve_test_ui_wait_entry_dialog ();
  g_assert_nonnull (dialog);
  button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_TOGGLE_BUTTON, pain);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);

  region_button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_MENU_BUTTON, _("Choose where it hurts on the body"));
  gtk_menu_button_popup (GTK_MENU_BUTTON (region_button));
  picker = salve_test_ui_find_text (GTK_WIDGET (dialog), SALVE_TYPE_BODY_PICKER, NULL);
  g_assert_nonnull (picker);
  /* Moved to (as the arrow keys move through the regions): the popover
   * stays open, whatever the region; taken (a click, Return), it closes
   * unless the region has sides. */
  salve_body_picker_set_site (SALVE_BODY_PICKER (picker), site);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (region_button)))));
  g_signal_emit_by_name (picker, "activated", FALSE);
  button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_TOGGLE_BUTTON, _("On the left side of the body"));
  g_assert_nonnull (button);
  /* Only a site a body has twice asks for the side, and the popover
   * stays open for it. */
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (button)) == (side_tooltip != NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (region_button))))
                 == (side_tooltip != NULL));
  if (site == SALVE_SITE_KNEE && side_tooltip != NULL && g_str_has_prefix (side_tooltip, "On the left"))
    salve_test_ui_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (region_button))),
                              "diary-entry-side");
  if (side_tooltip != NULL)
    {
      button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_TOGGLE_BUTTON, _(side_tooltip));
      g_signal_emit_by_name (button, "clicked");
    }
  /* The button says the region by its translated name, never the id. */
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (region_button)), ==, salve_body_region_get_name (expected_region));
  salve_test_ui_screenshot (GTK_WIDGET (dialog), "diary-entry-region");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  g_assert_true (salve_test_ui_wait (dialog_closed, NULL, 2000));
  /* The diary reads itself again in a worker. */
  salve_test_ui_iterate ();
}

static const char *
region_of_newest (SalveWindow *window)
{
  static char region[64];
  g_autoptr(GPtrArray) entries = salve_diary_repo_list_latest (salve_window_get_db (window),
                                                               salve_profile_get_id (salve_window_get_profile (window)),
                                                               SALVE_DIARY_REPO_ANY_TIME_MIN,
                                                               SALVE_DIARY_REPO_ANY_TIME_MAX, 1, NULL);

  g_assert_cmpuint (entries->len, ==, 1);
  g_strlcpy (region, salve_diary_entry_get_region (g_ptr_array_index (entries, 0)), sizeof region);
  return region;
}

static guint
dropdown_find (GtkDropDown *dropdown,
               const char  *name)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name) == 0)
      return i;

  g_assert_not_reached ();
}

/* The entry dialog stores the picked region's id, and the diary's region
 * choice filters the chart, the headline and the list. */
static gboolean
is_headline (GtkWidget     *widget,
             gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "title-4");
}

/* The chart's points in the range it shows. */
static guint
points_in_sight (SalveChart *chart)
{
  double x0, x1;

  salve_chart_get_range (chart, &x0, &x1);
  return (guint) salve_chart_count_points (chart, (gint64) x0, (gint64) x1 + 1);
}

static void
check_diary_regions (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDiaryRegions", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "regions.db", NULL);
  SalveWindow *window;
  GtkWidget *view, *chart_widget, *dropdown, *headline;
  SalveChart *chart;
  GListModel *entries;
  g_autofree char *all_headline = NULL;

  make_diary (db, 10);
  window = salve_test_ui_open_window (app, db, 800, 600);
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);
  chart_widget = salve_test_ui_find_text (view, SALVE_TYPE_DIARY_CHART, NULL);
  chart = salve_diary_chart_get_chart (SALVE_DIARY_CHART (chart_widget));
  dropdown = salve_test_ui_find_text (view, GTK_TYPE_DROP_DOWN, _("Show one body region, or all together"));
  g_assert_nonnull (dropdown);
  /* One region (none given) is nothing to choose from. */
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (dropdown)));
  /* The chart holds the points in sight: the whole diary, here. */
  gtk_widget_activate_action (view, "diary.range", "s", "all");

  add_entry_in_region (window, "3", SALVE_SITE_KNEE, "On the left side of the body", "knee-left");
  g_assert_cmpstr (region_of_newest (window), ==, "knee-left");
  add_entry_in_region (window, "8", SALVE_SITE_NECK, NULL, "neck");
  g_assert_cmpstr (region_of_newest (window), ==, "neck");
  add_entry_in_region (window, "5", SALVE_SITE_KNEE, "On both sides, or no side in particular", "knee");
  g_assert_cmpstr (region_of_newest (window), ==, "knee");

  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (dropdown)));
  g_assert_cmpuint (points_in_sight (chart), ==, 13);
  headline = salve_test_ui_find (view, is_headline, NULL);
  g_assert_nonnull (headline);
  all_headline = g_strdup (gtk_label_get_text (GTK_LABEL (headline)));
  entries = find_entries_model (view);

  /* In body order, then the entries without a region. */
  {
    GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));

    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==, _("All regions"));
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 1), ==, salve_body_region_get_name ("neck"));
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 2), ==, salve_body_region_get_name ("knee"));
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 3), ==, salve_body_region_get_name ("knee-left"));
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 4), ==, _("No region given"));
  }

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), dropdown_find (GTK_DROP_DOWN (dropdown), salve_body_region_get_name ("knee-left")));
  salve_test_ui_iterate ();
  g_assert_cmpuint (points_in_sight (chart), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (headline)), !=, all_headline);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), dropdown_find (GTK_DROP_DOWN (dropdown), _("No region given")));
  salve_test_ui_iterate ();
  g_assert_cmpuint (points_in_sight (chart), ==, 10);
  /* The headline speaks of these ten alone: the diary's own first week. */
  if (g_str_equal (_("All regions"), "All regions"))
    g_assert_nonnull (salve_test_ui_find_text (view, GTK_TYPE_LABEL, "No entries since 10 Mar."));
  salve_test_ui_screenshot (GTK_WIDGET (window), "diary-region-filter");

  /* A reload (an edit, a new entry) keeps the choice. */
  add_entry_in_region (window, "4", SALVE_SITE_HAND, "On the right side of the body", "hand-right");
  g_assert_cmpstr (region_of_newest (window), ==, "hand-right");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))),
                                               gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown))),
                   ==, _("No region given"));
  g_assert_cmpuint (points_in_sight (chart), ==, 10);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 0);
  salve_test_ui_iterate ();
  g_assert_cmpuint (points_in_sight (chart), ==, 14);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_diary_regions (void)
{
  check_diary_regions ();
}

/* With one region chosen the list shows that region's latest entries,
 * not those of them that are among the diary's latest hundred. */
static void
test_diary_region_list_beyond_limit (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDiaryRegionList", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "region-list.db", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  SalveWindow *window;
  GtkWidget *view, *dropdown;
  GListModel *entries;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) setup = salve_db_open (db, &error);
    g_autoptr(SalveProfile) profile = salve_profile_repo_add (setup, "Anna", &error);

    g_assert_no_error (error);
    /* The neck every three hours for three months; the knee twenty
     * times, every thirty hours from two months ago back. */
    g_assert_true (salve_db_begin (setup, &error));
    for (int i = 0; i < 8 * 89 + 20; i++)
      {
        g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (profile));
        gboolean knee = i >= 8 * 89;
        g_autoptr(GDateTime) at = g_date_time_add_hours (now, knee ? -24 * 60 - (i - 8 * 89) * 30 : -3 * i);

        salve_diary_entry_set_at (entry, at);
        salve_diary_entry_set_pain (entry, i % 11);
        salve_diary_entry_set_region (entry, knee ? "knee-left" : "neck");
        g_assert_true (salve_diary_repo_add (setup, entry, &error));
      }
    g_assert_true (salve_db_commit (setup, &error));
    g_assert_no_error (error);
  }

  window = salve_test_ui_open_window (app, db, 1000, 700);
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);
  gtk_widget_activate_action (view, "diary.range", "s", "quarter");
  salve_test_ui_iterate ();
  entries = find_entries_model (view);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 100);

  dropdown = salve_test_ui_find_text (view, GTK_TYPE_DROP_DOWN, _("Show one body region, or all together"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown),
                              dropdown_find (GTK_DROP_DOWN (dropdown), salve_body_region_get_name ("knee-left")));
  salve_test_ui_iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 20);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(SalveDiaryEntry) entry = g_list_model_get_item (entries, i);

      g_assert_cmpstr (salve_diary_entry_get_region (entry), ==, "knee-left");
    }

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown),
                              dropdown_find (GTK_DROP_DOWN (dropdown), salve_body_region_get_name ("neck")));
  salve_test_ui_iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 100);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The same in Dutch: names, never ids ("Onderrug", "Linkerknie"). */
static void
test_diary_regions_dutch (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("LANGUAGE", "nl", TRUE);
      g_assert_cmpstr (salve_body_region_get_name ("knee-left"), ==, "Linkerknie");
      check_diary_regions ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* @label shows now, or a minute ago when the clock just turned. */
static gboolean
shows_now (const char *label)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) before = g_date_time_add_minutes (now, -1);
  g_autofree char *a = salve_time_format_date_time (now);
  g_autofree char *b = salve_time_format_date_time (before);

  return g_strcmp0 (label, a) == 0 || g_strcmp0 (label, b) == 0;
}

/* The day comes from a calendar, the time from two spin buttons, Now
 * sets both, and the body region is picked on the body: no typed dates,
 * and the region is stored as a site id and shown by its name. */
static void
test_entry_when_and_where (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDiary3", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "when.db", NULL);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GDateTime) day = g_date_time_new_local (2026, 3, 4, 0, 0, 0);
  g_autoptr(GDateTime) saved_at = NULL;
  SalveDiaryEntryDialog *dialog;
  SalveWindow *window;
  GtkWidget *view, *button, *picker, *when_button, *region_button;
  SalveDiaryEntry *saved;

  make_diary (db, 3);
  window = salve_test_ui_open_window (app, db, 1000, 700);
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-diary-entry", NULL);
  dialog = salve_test_ui_wait_entry_dialog ();
  g_assert_nonnull (dialog);
  g_assert_null (salve_test_ui_find_text (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "When"));

  /* A new entry is for now, shown as every screen shows a time. */
  when_button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_MENU_BUTTON, "Choose the day and time");
  g_assert_nonnull (when_button);
  g_assert_true (shows_now (gtk_menu_button_get_label (GTK_MENU_BUTTON (when_button))));
  /* Its calendar is made when it first pops up, showing the same day. */
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (when_button)));
  gtk_menu_button_popup (GTK_MENU_BUTTON (when_button));
  {
    g_autoptr(GDateTime) shown = gtk_calendar_get_date (GTK_CALENDAR (salve_test_ui_find_type (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (when_button))),
                                                                                               GTK_TYPE_CALENDAR)));
    g_autoptr(GDateTime) when = salve_when_row_get_when (SALVE_WHEN_ROW (gtk_widget_get_ancestor (when_button, SALVE_TYPE_WHEN_ROW)));

    g_assert_cmpint (g_date_time_get_year (shown), ==, g_date_time_get_year (when));
    g_assert_cmpint (g_date_time_get_day_of_year (shown), ==, g_date_time_get_day_of_year (when));
  }
  /* The calendar's arrows move its chosen day to another month or year
   * without "day-selected": the row follows what the calendar shows as
   * chosen (it kept the old day, and saved that). */
  {
    GtkWidget *calendar = salve_test_ui_find_type (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (when_button))),
                                                   GTK_TYPE_CALENDAR);
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    /* Noon: a time every day has, the year before too. */
    g_autoptr(GDateTime) noon = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                       MIN (g_date_time_get_day_of_month (now), 28), 12, 0, 0);
    g_autoptr(GDateTime) before = NULL;
    g_autoptr(GDateTime) after = NULL;
    int year;

    salve_when_row_set_when (SALVE_WHEN_ROW (gtk_widget_get_ancestor (when_button, SALVE_TYPE_WHEN_ROW)), noon);
    before = salve_when_row_get_when (SALVE_WHEN_ROW (gtk_widget_get_ancestor (when_button, SALVE_TYPE_WHEN_ROW)));

    g_object_get (calendar, "year", &year, NULL);
    g_object_set (calendar, "year", year - 1, NULL);
    after = salve_when_row_get_when (SALVE_WHEN_ROW (gtk_widget_get_ancestor (when_button, SALVE_TYPE_WHEN_ROW)));
    g_assert_cmpint (g_date_time_get_year (after), ==, g_date_time_get_year (before) - 1);
    g_assert_cmpint (g_date_time_get_hour (after), ==, g_date_time_get_hour (before));
    g_assert_cmpint (g_date_time_get_minute (after), ==, g_date_time_get_minute (before));
  }
  gtk_menu_button_popdown (GTK_MENU_BUTTON (when_button));

  /* 4 March at 07:05. */
  choose_when (when_button, day, 7, 5);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (when_button)), ==, "Wed 4 Mar 2026, 07:05");
  gtk_menu_button_popup (GTK_MENU_BUTTON (when_button));
  salve_test_ui_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (when_button))), "diary-entry-when");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (when_button));

  /* The lower back, on the body. */
  region_button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_MENU_BUTTON, "Choose where it hurts on the body");
  g_assert_nonnull (region_button);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (region_button)), ==, "Choose…");
  picker = salve_test_ui_find_type (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (region_button))),
                                    SALVE_TYPE_BODY_PICKER);
  g_assert_nonnull (picker);
  gtk_menu_button_popup (GTK_MENU_BUTTON (region_button));
  salve_test_ui_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (region_button))), "diary-entry-where");
  salve_body_picker_set_site (SALVE_BODY_PICKER (picker), SALVE_SITE_LOWER_BACK);
  g_signal_emit_by_name (picker, "activated", FALSE);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (region_button)), ==,
                   salve_site_get_name (SALVE_SITE_LOWER_BACK));

  button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_TOGGLE_BUTTON, "4");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);

  /* A day a year ahead (a mistyped year) is refused at the day and time:
   * the dialog stays, says why, and nothing is saved. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) ahead = g_date_time_add_years (now, 1);
    GtkWidget *said;

    choose_when (when_button, ahead, 7, 5);
    gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
    salve_test_ui_iterate ();
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
    said = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL,
                                    "The day lies in the future: a diary entry records what has happened.");
    g_assert_nonnull (said);
    g_assert_true (gtk_widget_get_visible (said));
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));
      GtkWidget *when_row = gtk_widget_get_ancestor (when_button, SALVE_TYPE_WHEN_ROW);

      g_assert_true (focus == when_row || gtk_widget_is_ancestor (focus, when_row));
    }
    g_assert_cmpint (salve_diary_repo_count (salve_window_get_db (window),
                                             salve_profile_get_id (salve_window_get_profile (window)), NULL), ==, 3);
    choose_when (when_button, day, 7, 5);
  }

  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  g_assert_true (salve_test_ui_wait (dialog_closed, NULL, 2000));

  entries = salve_diary_repo_list (salve_window_get_db (window),
                                   salve_profile_get_id (salve_window_get_profile (window)),
                                   SALVE_DIARY_REPO_ANY_TIME_MIN, SALVE_DIARY_REPO_ANY_TIME_MAX, NULL);
  g_assert_cmpuint (entries->len, ==, 4);
  saved = g_ptr_array_index (entries, 3);
  g_assert_cmpstr (salve_diary_entry_get_region (saved), ==, "lower-back");
  saved_at = g_date_time_to_local (salve_diary_entry_get_at (saved));
  g_assert_cmpint (g_date_time_get_day_of_month (saved_at), ==, 4);
  g_assert_cmpint (g_date_time_get_hour (saved_at), ==, 7);
  g_assert_cmpint (g_date_time_get_minute (saved_at), ==, 5);

  /* The list shows the site's name, never its id. */
  {
    g_autofree char *title = g_strdup_printf ("Pain 4/10 · %s", salve_site_get_name (SALVE_SITE_LOWER_BACK));

    gtk_widget_activate_action (view, "diary.range", "s", "all");
    /* The list is read in a worker: on a busy machine, after a while. */
    g_assert_true (salve_test_ui_wait (shows_label, &(LabelWanted) { view, title }, 5000));
    g_assert_null (salve_test_ui_find_text (view, GTK_TYPE_LABEL, "Pain 4/10 · lower-back"));
  }

  /* Editing it: the same place and time, and Now moves it to now. */
  gtk_widget_activate_action (view, "diary.edit", "x", salve_diary_entry_get_id (saved));
  dialog = salve_test_ui_wait_entry_dialog ();
  when_button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_MENU_BUTTON, "Choose the day and time");
  region_button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_MENU_BUTTON, "Choose where it hurts on the body");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (when_button)), ==, "Wed 4 Mar 2026, 07:05");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (region_button)), ==,
                   salve_site_get_name (SALVE_SITE_LOWER_BACK));
  g_signal_emit_by_name (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "Set the day and time to now"), "clicked");
  g_assert_true (shows_now (gtk_menu_button_get_label (GTK_MENU_BUTTON (when_button))));
  salve_test_ui_screenshot (GTK_WIDGET (dialog), "diary-entry-dialog");
  /* A change is not given up without a word: closing (Escape) asks;
   * Keep Editing keeps it, Discard closes and the entry stays as it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  salve_test_ui_iterate ();
  {
    GtkWidget *ask = GTK_WIDGET (salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

    g_assert_nonnull (ask);
    g_assert_cmpstr (gtk_widget_get_name (ask), ==, "discard");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "cancel");
    salve_test_ui_iterate ();
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
    g_assert_true (shows_now (gtk_menu_button_get_label (GTK_MENU_BUTTON (when_button))));

    gtk_window_close (GTK_WINDOW (dialog));
    salve_test_ui_iterate ();
    ask = GTK_WIDGET (salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    g_assert_nonnull (ask);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "discard");
  }
  g_assert_true (salve_test_ui_wait (dialog_closed, NULL, 2000));
  {
    g_autoptr(SalveDiaryEntry) kept = salve_diary_repo_get (salve_window_get_db (window),
                                                            salve_diary_entry_get_id (saved), NULL);

    g_assert_nonnull (kept);
    g_assert_cmpint (g_date_time_to_unix (salve_diary_entry_get_at (kept)), ==,
                     g_date_time_to_unix (salve_diary_entry_get_at (saved)));
  }

  /* Asked for, and the window closed before the dialog could show: it
   * goes with the window. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-diary-entry", NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  g_assert_null (salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG));
}


/* A week's axis names its days; it used to read "00:00 12:00 00:00". */
static void
test_week_axis_names_days (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) monday = g_date_time_new (tz, 2026, 3, 2, 0, 0, 0);
  SalveChartAxis axis = { 0 };
  g_autoptr(GArray) ticks = NULL;
  guint n_days = 0;

  axis.x0 = g_date_time_to_unix (monday);
  axis.x1 = axis.x0 + 7 * 86400.0;
  axis.width = 1200;
  axis.height = 300;
  axis.y1 = 10;
  ticks = salve_chart_axis_time_ticks (&axis, tz, 90);
  g_assert_cmpuint (ticks->len, >=, 7);
  for (guint i = 0; i < ticks->len; i++)
    {
      const SalveChartTick *tick = &g_array_index (ticks, SalveChartTick, i);

      g_assert_cmpstr (tick->label, !=, "00:00");
      if (g_str_has_suffix (tick->label, " Mar"))
        n_days++;
    }
  g_assert_cmpstr (g_array_index (ticks, SalveChartTick, 0).label, ==, "Mon 2 Mar");
  g_assert_cmpuint (n_days, >=, 7);
}


/* The day and time row gives back the very instant it was given while it
 * shows its day and time: an entry edited for its pain kept neither its
 * seconds nor its offset (an imported 08:15:42+14:00 became another day),
 * and in the hour that happens twice the first 02:30 became the second.
 * A time the clocks skip is no time at all, not the hour after it. */
static void
test_when_row_keeps_instant (void)
{
  g_autofree char *old_tz = g_strdup (g_getenv ("TZ"));
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row;
  GtkWidget *button;

  g_setenv ("TZ", "Europe/Amsterdam", TRUE);
  tzset ();
  row = salve_when_row_new ("When");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  button = salve_test_ui_find_text (row, GTK_TYPE_MENU_BUTTON, "Choose the day and time");
  g_assert_nonnull (button);

  {
    g_autoptr(GTimeZone) far_east = g_time_zone_new_identifier ("+14:00");
    g_autoptr(GDateTime) given = g_date_time_new (far_east, 2026, 12, 2, 8, 15, 42);
    g_autoptr(GDateTime) back = NULL;

    salve_when_row_set_when (SALVE_WHEN_ROW (row), given);
    /* Shown in local time, the day before. */
    g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Tue 1 Dec 2026, 19:15");
    back = salve_when_row_get_when (SALVE_WHEN_ROW (row));
    g_assert_cmpint (g_date_time_to_unix (back), ==, g_date_time_to_unix (given));
    g_assert_cmpint (g_date_time_get_utc_offset (back), ==, g_date_time_get_utc_offset (given));
  }
  {
    g_autoptr(GTimeZone) summer = g_time_zone_new_identifier ("+02:00");
    g_autoptr(GDateTime) first = g_date_time_new (summer, 2026, 10, 25, 2, 30, 0);
    g_autoptr(GDateTime) back = NULL;

    salve_when_row_set_when (SALVE_WHEN_ROW (row), first);
    g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Sun 25 Oct 2026, 02:30");
    back = salve_when_row_get_when (SALVE_WHEN_ROW (row));
    g_assert_cmpint (g_date_time_to_unix (back), ==, g_date_time_to_unix (first));
  }
  {
    g_autoptr(GDateTime) day = g_date_time_new_local (2026, 3, 29, 12, 0, 0);
    g_autoptr(GDateTime) skipped = NULL;
    g_autoptr(GDateTime) later = NULL;

    choose_when (button, day, 2, 30);
    g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Sun 29 Mar 2026, 02:30");
    skipped = salve_when_row_get_when (SALVE_WHEN_ROW (row));
    g_assert_null (skipped);
    choose_when (button, day, 3, 30);
    later = salve_when_row_get_when (SALVE_WHEN_ROW (row));
    g_assert_nonnull (later);
    g_assert_cmpint (g_date_time_get_hour (later), ==, 3);
    g_assert_cmpint (g_date_time_get_utc_offset (later), ==, 2 * G_TIME_SPAN_HOUR);
  }
  {
    /* The year arrows stop at the years Salve keeps (before 1900 the
     * dialog spoke of the clocks going forward). */
    GtkWidget *calendar = NULL;
    g_autoptr(GDateTime) last = NULL;

    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    calendar = salve_test_ui_find_type (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))),
                                        GTK_TYPE_CALENDAR);
    g_object_set (calendar, "year", 1850, NULL);
    gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
    last = salve_when_row_get_when (SALVE_WHEN_ROW (row));
    g_assert_nonnull (last);
    g_assert_cmpint (g_date_time_get_year (last), ==, 1900);
    g_assert_true (g_str_has_suffix (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), "1900, 03:30"));
  }
  {
    g_autoptr(GDateTime) now = NULL;

    salve_when_row_set_now (SALVE_WHEN_ROW (row));
    now = salve_when_row_get_when (SALVE_WHEN_ROW (row));
    g_assert_cmpint (g_date_time_get_second (now), ==, 0);
    g_assert_cmpint (g_date_time_get_microsecond (now), ==, 0);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  if (old_tz != NULL)
    g_setenv ("TZ", old_tz, TRUE);
  else
    g_unsetenv ("TZ");
  tzset ();
}

static gboolean
popover_hidden (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (data)));
}

/* The day picker's arrow keys go from the day the row holds: a day on,
 * a day back, a week on, a week back, across a month's end; Return
 * closes it with that day. The first arrow went to the calendar's
 * first or last cell, and only Space chose the day it was on. */
static void
test_when_row_arrow_keys (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row, *button, *calendar;
  g_autoptr(GDateTime) given = g_date_time_new_local (2026, 12, 2, 8, 15, 0);
  static const struct { guint key; const char *shown; } steps[] = {
    { GDK_KEY_Right, "Thu 3 Dec 2026, 08:15" },
    { GDK_KEY_Down, "Thu 10 Dec 2026, 08:15" },
    { GDK_KEY_Left, "Wed 9 Dec 2026, 08:15" },
    { GDK_KEY_Up, "Wed 2 Dec 2026, 08:15" },
    { GDK_KEY_Up, "Wed 25 Nov 2026, 08:15" },
  };

  row = salve_when_row_new ("When");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  button = salve_test_ui_find_text (row, GTK_TYPE_MENU_BUTTON, "Choose the day and time");
  salve_when_row_set_when (SALVE_WHEN_ROW (row), given);

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  calendar = salve_test_ui_find_type (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))),
                                      GTK_TYPE_CALENDAR);
  salve_test_ui_iterate ();
  g_assert_true (gtk_widget_grab_focus (calendar));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      salve_test_ui_press_key (calendar, steps[i].key, 0);
      g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, steps[i].shown);
    }
  salve_test_ui_press_key (calendar, GDK_KEY_Return, 0);
  g_assert_true (salve_test_ui_wait (popover_hidden, button, 2000));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Wed 25 Nov 2026, 08:15");
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)), button));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The checklist's answers and sign-offs show their dates as the diary
 * does, not as "12/02/2026". */
static void
test_one_date_format (void)
{
  g_autofree char *checklist = salve_checklist_format_date ("2026-12-02T16:47:00");

  g_assert_cmpstr (checklist, ==, "Wed 2 Dec 2026, 16:47");
}

static void
test_diary_without_profile (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDiary2", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "empty.db", NULL);
  SalveWindow *window;
  AdwViewStack *stack;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  salve_application_set_db_path (app, db);
  window = salve_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (salve_window_open_db_now (window));
  salve_window_show_view (window, "diary");

  /* There is nobody to write a diary for: the action leads to Patients. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-diary-entry", NULL);
  salve_test_ui_iterate ();
  g_assert_null (salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG));
  stack = ADW_VIEW_STACK (salve_test_ui_find_text (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "patients");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The pain scale works from the keyboard: the arrows step the rating,
 * from the focused button when none is chosen yet, and stop at the ends;
 * Home and End choose 0 and 10. The focus follows the rating. */
static void
test_pain_scale_keys (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scale = salve_pain_scale_new ();
  GtkWidget *focus;

  gtk_window_set_child (GTK_WINDOW (window), scale);
  gtk_window_present (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  g_assert_cmpint (salve_pain_scale_get_value (SALVE_PAIN_SCALE (scale)), ==, -1);

  /* From no rating and the focus on 0, Right is 1, as in a group of
   * radio buttons: Right six times from 0 is 6. */
  g_assert_true (gtk_widget_grab_focus (scale));
  g_assert_true (gtk_widget_activate_action (scale, "pain-scale.step", "i", 1));
  g_assert_cmpint (salve_pain_scale_get_value (SALVE_PAIN_SCALE (scale)), ==, 1);
  gtk_widget_activate_action (scale, "pain-scale.step", "i", 1);
  g_assert_cmpint (salve_pain_scale_get_value (SALVE_PAIN_SCALE (scale)), ==, 2);

  gtk_widget_activate_action (scale, "pain-scale.select", "i", 10);
  gtk_widget_activate_action (scale, "pain-scale.step", "i", 1);
  g_assert_cmpint (salve_pain_scale_get_value (SALVE_PAIN_SCALE (scale)), ==, 10);
  gtk_widget_activate_action (scale, "pain-scale.step", "i", -1);
  g_assert_cmpint (salve_pain_scale_get_value (SALVE_PAIN_SCALE (scale)), ==, 9);

  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_TOGGLE_BUTTON (focus));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, "9");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (focus)));

  gtk_widget_activate_action (scale, "pain-scale.select", "i", 0);
  g_assert_cmpint (salve_pain_scale_get_value (SALVE_PAIN_SCALE (scale)), ==, 0);

  /* Typed: "1" then "0" is 10 (it was 0, the worst pain stored as none);
   * "1" then "2" is no rating, and 1 stays; a digit a while later is a
   * rating of its own. */
  gtk_widget_activate_action (scale, "pain-scale.digit", "i", 1);
  g_assert_cmpint (salve_pain_scale_get_value (SALVE_PAIN_SCALE (scale)), ==, 1);
  gtk_widget_activate_action (scale, "pain-scale.digit", "i", 0);
  g_assert_cmpint (salve_pain_scale_get_value (SALVE_PAIN_SCALE (scale)), ==, 10);
  gtk_widget_activate_action (scale, "pain-scale.digit", "i", 1);
  gtk_widget_activate_action (scale, "pain-scale.digit", "i", 2);
  g_assert_cmpint (salve_pain_scale_get_value (SALVE_PAIN_SCALE (scale)), ==, 1);
  gtk_widget_activate_action (scale, "pain-scale.digit", "i", 7);
  g_assert_cmpint (salve_pain_scale_get_value (SALVE_PAIN_SCALE (scale)), ==, 7);
  g_usleep (1100 * 1000);
  gtk_widget_activate_action (scale, "pain-scale.digit", "i", 0);
  g_assert_cmpint (salve_pain_scale_get_value (SALVE_PAIN_SCALE (scale)), ==, 0);
  g_usleep (1100 * 1000);
  gtk_widget_activate_action (scale, "pain-scale.digit", "i", 1);
  g_usleep (1100 * 1000);
  gtk_widget_activate_action (scale, "pain-scale.digit", "i", 0);
  g_assert_cmpint (salve_pain_scale_get_value (SALVE_PAIN_SCALE (scale)), ==, 0);

  salve_pain_scale_set_value (SALVE_PAIN_SCALE (scale), -1);
  g_assert_cmpint (salve_pain_scale_get_value (SALVE_PAIN_SCALE (scale)), ==, -1);
}

/* The text on the button that has @window's focus, or "" for another
 * widget. */
static const char *
focused_label (GtkWidget *window)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

  return GTK_IS_BUTTON (focus) ? gtk_button_get_label (GTK_BUTTON (focus)) : "";
}

static gboolean
has_value (gpointer data)
{
  return salve_pain_scale_get_value (data) >= 0;
}

static gboolean
clicked (gpointer data)
{
  return *(guint *) data > 0;
}

static void
count_clicks (GtkButton *button,
              guint     *clicks)
{
  (*clicks)++;
}

/* The pain scale typed on, as a person with the keyboard alone: one stop
 * for Tab and Shift+Tab, on the chosen number, as a group of radio
 * buttons. Tab went through all eleven numbers, so Tab then Return chose
 * the number after the rating; and Shift+Tab went back from 0 to the
 * rating, round and round, never out of the scale. */
static void
test_pain_scale_tab (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *before = gtk_button_new_with_label ("Before");
  GtkWidget *scale = salve_pain_scale_new ();
  GtkWidget *after = gtk_button_new_with_label ("After");
  SalvePainScale *pain = SALVE_PAIN_SCALE (scale);
  guint clicks = 0;

  gtk_box_append (GTK_BOX (box), before);
  gtk_box_append (GTK_BOX (box), scale);
  gtk_box_append (GTK_BOX (box), after);
  gtk_window_set_child (GTK_WINDOW (window), box);
  g_signal_connect (after, "clicked", G_CALLBACK (count_clicks), &clicks);
  gtk_window_present (GTK_WINDOW (window));
  salve_test_ui_iterate ();

  /* In on the rating, and on out. */
  salve_pain_scale_set_value (pain, 6);
  g_assert_true (gtk_widget_grab_focus (before));
  salve_test_ui_press_key (window, GDK_KEY_Tab, 0);
  g_assert_cmpstr (focused_label (window), ==, "6");
  salve_test_ui_press_key (window, GDK_KEY_Tab, 0);
  g_assert_cmpstr (focused_label (window), ==, "After");
  g_assert_cmpint (salve_pain_scale_get_value (pain), ==, 6);
  /* Return there is the next button's, not a new rating. */
  salve_test_ui_press_key (window, GDK_KEY_Return, 0);
  g_assert_true (salve_test_ui_wait (clicked, &clicks, 2000));
  g_assert_cmpint (salve_pain_scale_get_value (pain), ==, 6);

  /* Back the same way, and out the other side. */
  salve_test_ui_press_key (window, GDK_KEY_Tab, GDK_SHIFT_MASK);
  g_assert_cmpstr (focused_label (window), ==, "6");
  salve_test_ui_press_key (window, GDK_KEY_Tab, GDK_SHIFT_MASK);
  g_assert_cmpstr (focused_label (window), ==, "Before");

  /* The arrows move the rating and the focus with it; Up and Down leave
   * for the field above or below, the rating as it was. */
  salve_test_ui_press_key (window, GDK_KEY_Tab, 0);
  salve_test_ui_press_key (window, GDK_KEY_Right, 0);
  g_assert_cmpint (salve_pain_scale_get_value (pain), ==, 7);
  g_assert_cmpstr (focused_label (window), ==, "7");
  salve_test_ui_press_key (window, GDK_KEY_Left, 0);
  salve_test_ui_press_key (window, GDK_KEY_Left, 0);
  g_assert_cmpint (salve_pain_scale_get_value (pain), ==, 5);
  g_assert_cmpstr (focused_label (window), ==, "5");
  salve_test_ui_press_key (window, GDK_KEY_Up, 0);
  g_assert_cmpstr (focused_label (window), ==, "Before");
  salve_test_ui_press_key (window, GDK_KEY_Down, 0);
  g_assert_cmpstr (focused_label (window), ==, "5");
  salve_test_ui_press_key (window, GDK_KEY_Down, 0);
  g_assert_cmpstr (focused_label (window), ==, "After");
  g_assert_cmpint (salve_pain_scale_get_value (pain), ==, 5);

  /* Digits as before: "1" then "0" is 10. */
  salve_test_ui_press_key (window, GDK_KEY_Tab, GDK_SHIFT_MASK);
  salve_test_ui_press_key (window, GDK_KEY_1, 0);
  salve_test_ui_press_key (window, GDK_KEY_0, 0);
  g_assert_cmpint (salve_pain_scale_get_value (pain), ==, 10);
  g_assert_cmpstr (focused_label (window), ==, "10");

  /* Without a rating, Tab comes in on 0 and chooses nothing; Space or
   * Return there chooses it. */
  for (guint k = 0; k < 2; k++)
    {
      salve_pain_scale_set_value (pain, -1);
      g_assert_true (gtk_widget_grab_focus (before));
      salve_test_ui_press_key (window, GDK_KEY_Tab, 0);
      g_assert_cmpstr (focused_label (window), ==, "0");
      g_assert_cmpint (salve_pain_scale_get_value (pain), ==, -1);
      salve_test_ui_press_key (window, k == 0 ? GDK_KEY_space : GDK_KEY_Return, 0);
      g_assert_true (salve_test_ui_wait (has_value, pain, 2000));
      g_assert_cmpint (salve_pain_scale_get_value (pain), ==, 0);
    }
  /* And out from 0 backwards, too. */
  salve_test_ui_press_key (window, GDK_KEY_Tab, GDK_SHIFT_MASK);
  g_assert_cmpstr (focused_label (window), ==, "Before");

  /* Each number keeps its name for a screen reader. */
  {
    GtkWidget *six = NULL;
    g_autofree char *mismatch = NULL;

    for (GtkWidget *w = salve_test_ui_find_type (scale, GTK_TYPE_TOGGLE_BUTTON); w != NULL && six == NULL;
         w = gtk_widget_get_next_sibling (w))
      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), "6") == 0)
        six = w;
    g_assert_nonnull (six);
    mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (six), GTK_ACCESSIBLE_PROPERTY_LABEL, "Pain 6 of 10");
    g_assert_null (mismatch);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* Tabs on in @dialog until the row titled @title itself has the focus. */
static GtkWidget *
tab_to_row (GtkWidget  *dialog,
            const char *title)
{
  for (guint i = 0; i < 80; i++)
    {
      GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (dialog));

      if (ADW_IS_PREFERENCES_ROW (focus) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (focus)), title) == 0)
        return focus;
      salve_test_ui_press_key (dialog, GDK_KEY_Tab, 0);
    }
  g_error ("Tab never came to the row “%s”", title);
}

static gboolean
is_shown_popover (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_POPOVER (widget) && gtk_widget_get_visible (widget);
}

static gboolean
popover_under (gpointer data)
{
  return salve_test_ui_find (data, is_shown_popover, NULL) != NULL;
}

/* A popover under the row @data of the entry dialog, or no dialog. */
static gboolean
popover_or_closed (gpointer data)
{
  return salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG) == NULL || popover_under (data);
}

static gboolean
no_popover_under (gpointer data)
{
  return !popover_under (data);
}

static gboolean
switch_on (gpointer data)
{
  return gtk_switch_get_active (data);
}

static gboolean
switch_off (gpointer data)
{
  return !gtk_switch_get_active (data);
}

/* A window on a 3-entry diary at @db, 800 × 600, and a new entry opened
 * with Ctrl+N and rated 6 with its key. */
static GtkWidget *
new_entry_by_keys (SalveApplication  *app,
                   const char        *db,
                   SalveWindow      **window)
{
  GtkWidget *dialog;

  make_diary (db, 3);
  *window = salve_test_ui_open_window (app, db, 800, 600);
  salve_test_ui_press_key (GTK_WIDGET (*window), GDK_KEY_n, GDK_CONTROL_MASK);
  dialog = GTK_WIDGET (salve_test_ui_wait_entry_dialog ());
  salve_test_ui_press_key (dialog, GDK_KEY_6, 0);
  return dialog;
}

/* In the body's popover, open under @row: the arrow keys move through
 * the regions and the name under the body follows, but only Return,
 * Space or a click takes one. Escape closes the popover and leaves the
 * region as it was: it took the last region moved to, and said
 * nothing of which one that was. */
static void
region_arrow_and_escape (GtkWidget *dialog,
                         GtkWidget *row)
{
  GtkWidget *button = salve_test_ui_find_type (row, GTK_TYPE_MENU_BUTTON);
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  GtkWidget *picker = salve_test_ui_find_type (popover, SALVE_TYPE_BODY_PICKER);

  g_assert_true (gtk_widget_has_focus (picker));
  g_assert_nonnull (salve_test_ui_find_text (popover, GTK_TYPE_LABEL, "Click a region, or move with the arrow keys"));
  salve_test_ui_press_key (dialog, GDK_KEY_Right, 0);
  salve_test_ui_press_key (dialog, GDK_KEY_Right, 0);
  g_assert_cmpint (salve_body_picker_get_site (SALVE_BODY_PICKER (picker)), ==, SALVE_SITE_EYE);
  g_assert_nonnull (salve_test_ui_find_text (popover, GTK_TYPE_LABEL, salve_site_get_name (SALVE_SITE_EYE)));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Choose…");

  salve_test_ui_press_key (dialog, GDK_KEY_Escape, 0);
  g_assert_true (salve_test_ui_wait (no_popover_under, row, 2000));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Choose…");
  g_assert_cmpint (salve_body_picker_get_site (SALVE_BODY_PICKER (picker)), ==, SALVE_N_SITES);
}

/* Return (or Space) on a row of the entry dialog, reached with Tab, does
 * what a click on the row does, as its look promises. Return on "Where it
 * hurts" went to the dialog's Save: the entry was stored at once, without
 * the place the person was about to choose. The other rows did the same,
 * and Space on them did nothing. Ctrl+Return still saves. */
static void
test_entry_rows_keys (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestEntryRowsKeys", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "entry-rows-keys.db", NULL);
  SalveWindow *window;
  GtkWidget *dialog, *row, *success;
  static const char *popover_rows[] = { "When", "Where it hurts", "Fatigue", "Stress" };

  dialog = new_entry_by_keys (app, db, &window);

  /* A row that opens a popover opens it, with Return or with Space;
   * Escape closes the popover and leaves the dialog open. (Each popover
   * once, the day and time's first: under Xvfb, without a window manager,
   * GTK 4.8 at times finds no monitor for a popover shown after another.) */
  for (guint i = 0; i < G_N_ELEMENTS (popover_rows); i++)
    {
      guint key = i % 2 == 0 ? GDK_KEY_Return : GDK_KEY_space;

      row = tab_to_row (dialog, popover_rows[i]);
      salve_test_ui_press_key (dialog, key, 0);
      salve_test_ui_wait (popover_or_closed, row, 2000);
      g_assert_nonnull (salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG));
      g_assert_cmpint (count_entries (window), ==, 3);
      if (!popover_under (row))
        g_error ("%s on “%s” opened nothing", gdk_keyval_name (key), popover_rows[i]);
      salve_test_ui_wait (never, NULL, 400);
      g_assert_nonnull (salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG));
      g_assert_cmpint (count_entries (window), ==, 3);
      if (g_str_equal (popover_rows[i], "Where it hurts"))
        region_arrow_and_escape (dialog, row);
      else
        salve_test_ui_press_key (dialog, GDK_KEY_Escape, 0);
      g_assert_true (salve_test_ui_wait (no_popover_under, row, 2000));
      g_assert_nonnull (salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG));
    }

  /* A switch's row flips it. */
  row = tab_to_row (dialog, "Small success");
  success = salve_test_ui_find_type (row, GTK_TYPE_SWITCH);
  salve_test_ui_press_key (dialog, GDK_KEY_space, 0);
  g_assert_true (salve_test_ui_wait (switch_on, success, 2000));
  salve_test_ui_press_key (dialog, GDK_KEY_Return, 0);
  g_assert_true (salve_test_ui_wait (switch_off, success, 2000));
  row = tab_to_row (dialog, "Numbness");
  salve_test_ui_press_key (dialog, GDK_KEY_Return, 0);
  g_assert_true (salve_test_ui_wait (switch_on, salve_test_ui_find_type (row, GTK_TYPE_SWITCH), 2000));

  /* A row of minutes goes into them. */
  row = tab_to_row (dialog, "Walking");
  salve_test_ui_press_key (dialog, GDK_KEY_Return, 0);
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)),
                                         salve_test_ui_find_type (row, GTK_TYPE_SPIN_BUTTON)));
  salve_test_ui_wait (never, NULL, 400);
  g_assert_nonnull (salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG));
  g_assert_cmpint (count_entries (window), ==, 3);

  /* Ctrl+Return saves. */
  salve_test_ui_press_key (dialog, GDK_KEY_Return, GDK_CONTROL_MASK);
  g_assert_true (salve_test_ui_wait (dialog_closed, NULL, 2000));
  g_assert_cmpint (count_entries (window), ==, 4);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* In the medication dialog too, Return or Space on a row does what a
 * click on it does; Return went on to the dialog's Save, which stored
 * the intake at once. */
static void
test_medication_rows_keys (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestMedicationRowsKeys",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "medication-rows-keys.db", NULL);
  SalveWindow *window;
  GtkWidget *dialog, *row, *as_needed;

  make_diary (db, 3);
  window = salve_test_ui_open_window (app, db, 800, 600);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-medication", NULL));
  salve_test_ui_iterate ();
  dialog = GTK_WIDGET (salve_test_ui_find_toplevel (SALVE_TYPE_MEDICATION_DIALOG));
  g_assert_nonnull (dialog);
  gtk_editable_set_text (entry_row (dialog, 0), "Ibuprofen");

  row = tab_to_row (dialog, "Taken _as needed");
  as_needed = salve_test_ui_find_type (row, GTK_TYPE_SWITCH);
  salve_test_ui_press_key (dialog, GDK_KEY_Return, 0);
  salve_test_ui_wait (never, NULL, 400);
  g_assert_true ((gpointer) salve_test_ui_find_toplevel (SALVE_TYPE_MEDICATION_DIALOG) == (gpointer) dialog);
  g_assert_cmpuint (count_intakes (window), ==, 0);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (as_needed)));
  salve_test_ui_press_key (dialog, GDK_KEY_space, 0);
  g_assert_true (salve_test_ui_wait (switch_off, as_needed, 2000));

  /* The day and time's row opens its popover. */
  row = tab_to_row (dialog, "_Taken at");
  salve_test_ui_press_key (dialog, GDK_KEY_Return, 0);
  g_assert_true (salve_test_ui_wait (popover_under, row, 2000));
  g_assert_cmpuint (count_intakes (window), ==, 0);
  salve_test_ui_press_key (dialog, GDK_KEY_Escape, 0);
  g_assert_true (salve_test_ui_wait (no_popover_under, row, 2000));
  g_assert_true ((gpointer) salve_test_ui_find_toplevel (SALVE_TYPE_MEDICATION_DIALOG) == (gpointer) dialog);

  /* Return in a text field still saves. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (entry_row (dialog, 0))));
  salve_test_ui_press_key (dialog, GDK_KEY_Return, 0);
  g_assert_true (salve_test_ui_wait (medication_dialog_closed, NULL, 2000));
  g_assert_cmpuint (count_intakes (window), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* Return takes the region the arrow keys are on in the body's popover
 * (the head has no sides, so the popover closes), and the entry keeps
 * it. (A test of its own: under Xvfb, GTK 4.8 at times finds no monitor
 * for a popover shown after another, see above.) */
static void
test_entry_region_keys (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestEntryRegionKeys", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "entry-region-keys.db", NULL);
  SalveWindow *window;
  GtkWidget *dialog, *row, *button;

  dialog = new_entry_by_keys (app, db, &window);

  row = tab_to_row (dialog, "Where it hurts");
  button = salve_test_ui_find_type (row, GTK_TYPE_MENU_BUTTON);
  salve_test_ui_press_key (dialog, GDK_KEY_Return, 0);
  g_assert_true (salve_test_ui_wait (popover_or_closed, row, 2000));
  salve_test_ui_press_key (dialog, GDK_KEY_Right, 0);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Choose…");
  salve_test_ui_press_key (dialog, GDK_KEY_Return, 0);
  g_assert_true (salve_test_ui_wait (no_popover_under, row, 2000));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, salve_site_get_name (SALVE_SITE_HEAD));
  /* The focus is back on the button, not on the hidden body. */
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)), button));

  salve_test_ui_press_key (dialog, GDK_KEY_Return, GDK_CONTROL_MASK);
  g_assert_true (salve_test_ui_wait (dialog_closed, NULL, 2000));
  g_assert_cmpint (count_entries (window), ==, 4);
  g_assert_cmpstr (region_of_newest (window), ==, salve_body_region_to_id (SALVE_SITE_HEAD, SALVE_SIDE_NONE));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* With a care plan, the summary says where the plan stands today in its
 * phase's words, and the chart's baseline counts from the plan's start
 * instead of an older stray entry. */
static void
test_diary_plan_summary (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDiaryPlan", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_build_filename (tmpdir, "diary-plan.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start_time = g_date_time_add_days (now, -10);
  SalveWindow *window;
  GtkWidget *view, *chart_widget, *summary, *headline;
  const SalveDiaryStats *stats;
  g_autofree char *trend = NULL;
  const char *text;
  GDate start;

  g_date_clear (&start, 1);
  g_date_set_dmy (&start, g_date_time_get_day_of_month (start_time), g_date_time_get_month (start_time),
                  g_date_time_get_year (start_time));
  {
    g_autoptr(SalveDb) db = salve_db_open (db_path, &error);
    g_autoptr(SalveProfile) profile = salve_profile_repo_add (db, "Anna", &error);
    g_autoptr(SalveCarePlan) plan = salve_care_plan_new (&start);
    g_autoptr(SalveDiaryEntry) stray = salve_diary_entry_new (salve_profile_get_id (profile));

    g_assert_no_error (error);
    g_assert_true (salve_diary_entry_set_at_iso (stray, "2026-03-01T09:00:00", &error));
    salve_diary_entry_set_pain (stray, 9);
    g_assert_true (salve_diary_repo_add (db, stray, &error));
    for (int d = 0; d <= 10; d++)
      {
        g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (profile));
        g_autoptr(GDateTime) at = g_date_time_add_days (start_time, d);

        salve_diary_entry_set_at (entry, at);
        salve_diary_entry_set_pain (entry, 5);
        g_assert_true (salve_diary_repo_add (db, entry, &error));
      }
    plan->profile_id = salve_profile_get_id (profile);
    g_assert_true (salve_care_plan_repo_save (db, plan, &error));
    g_assert_no_error (error);
  }

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  salve_application_set_db_path (app, db_path);
  window = salve_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (salve_window_open_db_now (window));
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();

  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);
  chart_widget = salve_test_ui_find_text (view, SALVE_TYPE_DIARY_CHART, NULL);
  stats = salve_chart_get_stats (salve_diary_chart_get_chart (SALVE_DIARY_CHART (chart_widget)));

  /* The headline card stays, with the figures as its tooltip ... */
  trend = salve_diary_stats_describe (stats);
  g_assert_true (g_str_has_prefix (trend, "12 entries on 12 days."));
  headline = salve_test_ui_find_text (view, GTK_TYPE_LABEL, trend);
  g_assert_nonnull (headline);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (headline)), !=, "");

  /* ... and the plan's week, phase and advice follow it, from the first
   * line of the summary on. */
  summary = salve_test_ui_find_text (view, GTK_TYPE_LABEL, "Week 2 of the care plan, phase 1 (Weeks 1–3).\n");
  g_assert_nonnull (summary);
  g_assert_true (gtk_widget_get_visible (summary));
  text = gtk_label_get_text (GTK_LABEL (summary));
  g_assert_nonnull (strstr (text, "Swings in pain are normal in this phase."));

  g_assert_cmpint (stats->baseline_source, ==, SALVE_BASELINE_PLAN_START);
  g_assert_cmpint (g_date_compare (&stats->course_start, &start), ==, 0);
  g_assert_cmpfloat (stats->baseline, ==, 5.0);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GtkWidget  *root;
  const char *tooltip;
} SignWanted;

static gboolean
shows_sign (gpointer data)
{
  SignWanted *wanted = data;
  GtkWidget *sign = salve_test_ui_find_text (wanted->root, GTK_TYPE_IMAGE, wanted->tooltip);

  return sign != NULL && gtk_widget_get_visible (sign);
}

/* The list marks the warning signs an entry noted, as salvectl diary
 * list does: numbness stops stimulation there until a doctor has looked,
 * and a carer reading the list should see which entry said so. */
static void
test_diary_warning_signs_in_list (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDiarySigns",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_build_filename (tmpdir, "diary-signs.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  SalveWindow *window;
  GtkWidget *view;

  {
    g_autoptr(SalveDb) db = salve_db_open (db_path, &error);
    g_autoptr(SalveProfile) profile = salve_profile_repo_add (db, "Anna", &error);

    g_assert_no_error (error);
    for (int i = 0; i < 3; i++)
      {
        g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (profile));
        g_autoptr(GDateTime) at = g_date_time_add_hours (now, -3 + i);

        salve_diary_entry_set_at (entry, at);
        salve_diary_entry_set_pain (entry, 4 + i);
        salve_diary_entry_set_new_weakness (entry, i >= 1);
        salve_diary_entry_set_numbness (entry, i == 2);
        g_assert_true (salve_diary_repo_add (db, entry, &error));
        g_assert_no_error (error);
      }
  }

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  salve_application_set_db_path (app, db_path);
  window = salve_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (salve_window_open_db_now (window));
  salve_window_show_view (window, "diary");
  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);

  /* The list is read in a worker: on a busy machine, after a while. */
  g_assert_true (salve_test_ui_wait (shows_label, &(LabelWanted) { view, "Pain 6/10" }, 5000));
  g_assert_true (salve_test_ui_wait (shows_sign, &(SignWanted) { view, "New weakness and numbness" }, 5000));
  g_assert_true (shows_sign (&(SignWanted) { view, "New weakness" }));
  g_assert_false (shows_sign (&(SignWanted) { view, "Numbness" }));
  /* The first entry noted none: its row's sign is hidden. */
  {
    GtkWidget *title = salve_test_ui_find_text (view, GTK_TYPE_LABEL, "Pain 4/10");
    GtkWidget *row;
    gboolean found = FALSE;

    g_assert_nonnull (title);
    row = gtk_widget_get_parent (gtk_widget_get_parent (title));
    for (GtkWidget *child = gtk_widget_get_first_child (row); child != NULL; child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_IMAGE (child) && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (child)), "dialog-warning-symbolic") == 0)
        {
          g_assert_false (gtk_widget_get_visible (child));
          found = TRUE;
        }
    g_assert_true (found);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The diary's first load reads the whole diary's figures from its daily
 * aggregates and only the points of the range in sight: the same
 * statistics and regions as reading every point, and the same points
 * within that range. */
static void
test_first_load_recent (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "recent.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDiaryData) full = NULL;
  g_autoptr(SalveDiaryData) recent = NULL;
  const SalveDiaryDay *last;
  SalveDiaryQuery query;
  guint skipped;

  make_demo_diary (path, "2026-03-31", "en");
  salve_diary_query_init (&query, 1);
  full = salve_diary_load (path, &query, NULL, &error);
  g_assert_no_error (error);
  query.recent_seconds = 7 * 86400;
  query.list_limit = 5;
  recent = salve_diary_load (path, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (full->entries);

  g_assert_false (full->partial);
  g_assert_true (recent->partial);
  g_assert_cmpuint (recent->points->len, >, 0);
  g_assert_cmpuint (recent->points->len, <, full->points->len / 4);
  /* The newest points, the same as in the full load. */
  skipped = full->points->len - recent->points->len;
  last = &g_array_index (full->stats->days, SalveDiaryDay, full->stats->days->len - 1);
  g_assert_cmpint (g_array_index (recent->points, SalveDiaryPoint, 0).at_unix, >=, last->end_unix - 8 * 86400);
  g_assert_cmpint (g_array_index (full->points, SalveDiaryPoint, skipped - 1).at_unix, <, last->end_unix - 8 * 86400);
  for (guint i = 0; i < recent->points->len; i++)
    g_assert_cmpint (g_array_index (recent->points, SalveDiaryPoint, i).id, ==,
                     g_array_index (full->points, SalveDiaryPoint, skipped + i).id);

  /* The list of the week the chart shows first: its newest five. */
  {
    g_autoptr(SalveDb) db = salve_db_open_existing (path, &error);
    g_autoptr(GPtrArray) latest = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (recent->entries_from_unix, ==, last->end_unix - 7 * 86400);
    g_assert_cmpint (recent->entries_to_unix, ==, last->end_unix + 1);
    latest = salve_diary_repo_list_latest (db, 1, recent->entries_from_unix, recent->entries_to_unix, 5, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (latest->len, ==, 5);
    g_assert_cmpuint (recent->entries->len, ==, latest->len);
    for (guint i = 0; i < latest->len; i++)
      g_assert_cmpint (salve_diary_entry_get_id (g_ptr_array_index (recent->entries, i)), ==,
                       salve_diary_entry_get_id (g_ptr_array_index (latest, i)));
  }

  g_assert_cmpuint (recent->regions->len, ==, full->regions->len);
  g_assert_cmpmem (recent->regions->data, recent->regions->len * sizeof (int),
                   full->regions->data, full->regions->len * sizeof (int));
  g_assert_cmpuint (recent->marks->len, ==, full->marks->len);

  g_assert_cmpuint (recent->stats->n_entries, ==, full->stats->n_entries);
  g_assert_cmpuint (recent->stats->days->len, ==, full->stats->days->len);
  for (guint i = 0; i < full->stats->days->len; i++)
    {
      const SalveDiaryDay *a = &g_array_index (full->stats->days, SalveDiaryDay, i);
      const SalveDiaryDay *b = &g_array_index (recent->stats->days, SalveDiaryDay, i);

      g_assert_cmpint (a->start_unix, ==, b->start_unix);
      g_assert_cmpfloat (a->mean, ==, b->mean);
      g_assert_cmpfloat (a->rolling7, ==, b->rolling7);
      g_assert_cmpint (a->min, ==, b->min);
      g_assert_cmpint (a->max, ==, b->max);
    }
  g_assert_cmpuint (recent->stats->weeks->len, ==, full->stats->weeks->len);
  g_assert_cmpfloat (recent->stats->baseline, ==, full->stats->baseline);
  g_assert_cmpfloat (recent->stats->current, ==, full->stats->current);
  g_assert_cmpint (recent->stats->category, ==, full->stats->category);
  for (guint m = 0; m < SALVE_N_MODALITIES; m++)
    {
      g_assert_cmpuint (recent->stats->sessions[m].n_sessions, ==, full->stats->sessions[m].n_sessions);
      g_assert_cmpfloat (recent->stats->sessions[m].mean_delta, ==, full->stats->sessions[m].mean_delta);
    }
  g_assert_cmpuint (full->stats->sessions[SALVE_MODALITY_TENS].n_sessions, >, 0);

  /* The intakes for the list and the plan summary are read in the
   * worker too, with every load. */
  {
    g_autoptr(SalveDb) db = salve_db_open_existing (path, &error);
    g_autoptr(GPtrArray) intakes = salve_medication_repo_list (db, 1, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                                               SALVE_DIARY_REPO_ANY_TIME_MAX, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (intakes->len, >, 0);
    g_assert_cmpuint (full->intakes->len, ==, intakes->len);
    g_assert_cmpuint (recent->intakes->len, ==, intakes->len);
    for (guint i = 0; i < intakes->len; i++)
      g_assert_cmpint (salve_medication_get_id (g_ptr_array_index (full->intakes, i)), ==,
                       salve_medication_get_id (g_ptr_array_index (intakes, i)));
    g_assert_nonnull (full->plan_summary);
    g_assert_nonnull (recent->plan_summary);
  }
}


/* @got are the same figures as @want, to the last bit. */
static void
assert_same_stats (const SalveDiaryStats *got,
                   const SalveDiaryStats *want)
{
  g_assert_cmpuint (got->n_entries, ==, want->n_entries);
  g_assert_cmpuint (got->days->len, ==, want->days->len);
  for (guint i = 0; i < want->days->len; i++)
    {
      const SalveDiaryDay *a = &g_array_index (want->days, SalveDiaryDay, i);
      const SalveDiaryDay *b = &g_array_index (got->days, SalveDiaryDay, i);

      g_assert_cmpint (a->start_unix, ==, b->start_unix);
      g_assert_cmpuint (a->n_entries, ==, b->n_entries);
      g_assert_cmpfloat (a->mean, ==, b->mean);
      g_assert_cmpfloat (a->rolling7, ==, b->rolling7);
      g_assert_cmpint (a->min, ==, b->min);
      g_assert_cmpint (a->max, ==, b->max);
    }
  g_assert_cmpuint (got->weeks->len, ==, want->weeks->len);
  for (guint i = 0; i < want->weeks->len; i++)
    g_assert_cmpfloat (g_array_index (got->weeks, SalveDiaryWeek, i).mean, ==,
                       g_array_index (want->weeks, SalveDiaryWeek, i).mean);
  g_assert_cmpint (got->has_baseline, ==, want->has_baseline);
  g_assert_cmpfloat (got->baseline, ==, want->baseline);
  g_assert_cmpint (got->has_current, ==, want->has_current);
  g_assert_cmpfloat (got->current, ==, want->current);
  g_assert_cmpint (got->course_week, ==, want->course_week);
  g_assert_cmpint (got->category, ==, want->category);
  for (guint m = 0; m < SALVE_N_MODALITIES; m++)
    {
      g_assert_cmpuint (got->sessions[m].n_sessions, ==, want->sessions[m].n_sessions);
      g_assert_cmpfloat (got->sessions[m].mean_delta, ==, want->sessions[m].mean_delta);
    }
}

/* The chart holds the statistics the database has now, as a whole load
 * would compute them, and the points the database has in the range in
 * sight (it may hold a margin around it, not the whole diary). */
static void
assert_chart_is_db (SalveChart *chart,
                    SalveDb    *db,
                    gint64      profile_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveCarePlan) plan = salve_care_plan_repo_get (db, profile_id, NULL);
  g_autoptr(GArray) points = NULL;
  g_autoptr(SalveDiaryStats) want = NULL;
  double x0, x1;
  gsize first = 0, n = 0;

  salve_chart_get_range (chart, &x0, &x1);
  points = salve_diary_repo_list_points (db, profile_id, (gint64) x0, (gint64) x1 + 1, &error);
  g_assert_no_error (error);
  want = salve_diary_repo_compute_stats (db, profile_id, NULL, plan != NULL ? &plan->start : NULL, &error);
  g_assert_no_error (error);
  assert_same_stats (salve_chart_get_stats (chart), want);

  while (first < (gsize) salve_chart_get_n_points (chart) &&
         salve_chart_get_point (chart, first)->at_unix < (gint64) x0)
    first++;
  while (first + n < (gsize) salve_chart_get_n_points (chart) &&
         salve_chart_get_point (chart, first + n)->at_unix < (gint64) x1 + 1)
    n++;
  g_assert_cmpuint (n, ==, points->len);
  g_assert_cmpuint (salve_chart_count_points (chart, (gint64) x0, (gint64) x1 + 1), ==, points->len);
  for (guint i = 0; i < points->len; i++)
    {
      const SalveDiaryPoint *a = &g_array_index (points, SalveDiaryPoint, i);
      const SalveDiaryPoint *b = salve_chart_get_point (chart, first + i);

      g_assert_cmpint (b->id, ==, a->id);
      g_assert_cmpint (b->at_unix, ==, a->at_unix);
      g_assert_cmpint (b->pain, ==, a->pain);
      g_assert_cmpint (b->region, ==, a->region);
    }
}

/* An add, an edit (a move in time too) and a delete read only the
 * entry they touched, and the chart then holds what the database does. */
static void
test_change_reads_one_entry (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "change.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveDiaryData) full = NULL;
  g_autoptr(SalveChart) chart = salve_chart_new ();
  g_autoptr(SalveDiaryEntry) entry = NULL;
  g_autoptr(GArray) before = NULL;
  SalveDiaryQuery query;
  gint64 moved_id, added_id, deleted_id;

  make_demo_diary (path, "2026-03-31", "en");
  db = salve_db_open_existing (path, &error);
  g_assert_no_error (error);
  salve_diary_query_init (&query, 1);
  full = salve_diary_load (path, &query, NULL, &error);
  g_assert_no_error (error);
  salve_chart_set_computed (chart, full->points, full->tz, full->plan != NULL ? &full->plan->start : NULL,
                            g_steal_pointer (&full->stats));
  assert_chart_is_db (chart, db, 1);
  before = salve_diary_repo_list_points (db, 1, SALVE_DIARY_REPO_ANY_TIME_MIN, SALVE_DIARY_REPO_ANY_TIME_MAX, &error);

  /* An old entry moves to the newest day with another pain. */
  moved_id = g_array_index (before, SalveDiaryPoint, 3).id;
  entry = salve_diary_repo_get (db, moved_id, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (g_array_index (before, SalveDiaryPoint,
                                                                              before->len - 1).at_unix + 3600);

    salve_diary_entry_set_at (entry, at);
  }
  salve_diary_entry_set_pain (entry, 10);
  g_assert_true (salve_diary_repo_update (db, entry, &error));
  g_clear_object (&entry);
  /* A new entry in the middle of the diary. */
  entry = salve_diary_entry_new (1);
  {
    g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (g_array_index (before, SalveDiaryPoint,
                                                                              before->len / 2).at_unix + 60);

    salve_diary_entry_set_at (entry, at);
  }
  salve_diary_entry_set_pain (entry, 0);
  g_assert_true (salve_diary_repo_add (db, entry, &error));
  added_id = salve_diary_entry_get_id (entry);
  g_clear_object (&entry);
  /* And one gone. */
  deleted_id = g_array_index (before, SalveDiaryPoint, 10).id;
  g_assert_true (salve_diary_repo_delete (db, deleted_id, &error));

  for (guint k = 0; k < 3; k++)
    {
      gint64 ids[] = { moved_id, added_id, deleted_id };
      g_autoptr(SalveDiaryData) change = NULL;

      query.changed_id = ids[k];
      change = salve_diary_load (path, &query, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (change->change);
      g_assert_false (change->partial);
      g_assert_cmpuint (change->points->len, ==, ids[k] == deleted_id ? 0 : 1);
      salve_chart_replace_point (chart, ids[k],
                                 change->points->len > 0 ? &g_array_index (change->points, SalveDiaryPoint, 0) : NULL,
                                 g_steal_pointer (&change->stats));
    }
  assert_chart_is_db (chart, db, 1);
}

/* Which frame painted the chart with entry @id's new pain, and which
 * frame had been painted last when the list under it changed. */
typedef struct
{
  SalveChart    *chart;
  GdkFrameClock *clock;
  gint64         id;
  int            pain;
  gint64         chart_frame;
  gint64         list_frame;
} FrameOrder;

static void
order_after_paint_cb (GdkFrameClock *clock,
                      FrameOrder    *order)
{
  gsize n = 0;
  const SalveDiaryPoint *points = salve_chart_get_points (order->chart, &n);

  for (gsize i = 0; i < n && order->chart_frame < 0; i++)
    if (points[i].id == order->id && points[i].pain == order->pain)
      order->chart_frame = gdk_frame_clock_get_frame_counter (clock);
}

static void
order_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        FrameOrder *order)
{
  if (order->list_frame < 0)
    order->list_frame = gdk_frame_clock_get_frame_counter (order->clock);
}

static gboolean
order_list_changed (gpointer data)
{
  return ((FrameOrder *) data)->list_frame >= 0;
}

/* The chart with the change is painted before the list changes: the two
 * are drawn in frames of their own, not laid out together in one. */
static void
assert_chart_then_list (FrameOrder *order,
                        GListModel *model)
{
  g_assert_true (salve_test_ui_wait (order_list_changed, order, 5000));
  g_signal_handlers_disconnect_by_data (order->clock, order);
  g_signal_handlers_disconnect_by_data (model, order);
  g_assert_cmpint (order->chart_frame, >=, 0);
  g_assert_cmpint (order->list_frame, >=, order->chart_frame);
}

static void
watch_frame_order (FrameOrder *order,
                   GtkWidget  *chart_widget,
                   GListModel *model,
                   gint64      id,
                   int         pain)
{
  order->chart = salve_diary_chart_get_chart (SALVE_DIARY_CHART (chart_widget));
  order->clock = gtk_widget_get_frame_clock (chart_widget);
  order->id = id;
  order->pain = pain;
  order->chart_frame = order->list_frame = -1;
  g_signal_connect (order->clock, "after-paint", G_CALLBACK (order_after_paint_cb), order);
  g_signal_connect (model, "items-changed", G_CALLBACK (order_items_changed_cb), order);
}

/* Adding, editing and deleting in the view: its chart and figures are
 * those of the database after each. */
static void
test_view_follows_changes (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDiaryChanges", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "follows.db", NULL);
  g_autoptr(GPtrArray) entries = NULL;
  SalveDiaryEntryDialog *dialog;
  SalveWindow *window;
  GtkWidget *view, *chart_widget, *button;
  SalveChart *chart;
  GListModel *model;
  FrameOrder order;
  gint64 profile_id;

  make_demo_diary (db, "2026-03-31", "en");
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  salve_application_set_db_path (app, db);
  window = salve_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (salve_window_open_db_now (window));
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  profile_id = salve_profile_get_id (salve_window_get_profile (window));

  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);
  chart_widget = salve_test_ui_find_text (view, SALVE_TYPE_DIARY_CHART, NULL);
  chart = salve_diary_chart_get_chart (SALVE_DIARY_CHART (chart_widget));
  assert_chart_is_db (chart, salve_window_get_db (window), profile_id);
  model = find_entries_model (view);
  g_assert_nonnull (model);

  /* Edit the newest entry, in sight in the chart and the list. */
  {
    g_autoptr(GPtrArray) latest = salve_diary_repo_list_latest (salve_window_get_db (window), profile_id,
                                                                SALVE_DIARY_REPO_ANY_TIME_MIN,
                                                                SALVE_DIARY_REPO_ANY_TIME_MAX, 1, NULL);
    SalveDiaryEntry *newest = g_ptr_array_index (latest, 0);
    int pain = salve_diary_entry_get_pain (newest) == 10 ? 0 : 10;
    g_autofree char *label = g_strdup_printf ("%d", pain);

    gtk_widget_activate_action (view, "diary.edit", "x", salve_diary_entry_get_id (newest));
    dialog = salve_test_ui_wait_entry_dialog ();
    button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_TOGGLE_BUTTON, label);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
    watch_frame_order (&order, chart_widget, model, salve_diary_entry_get_id (newest), pain);
    gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
    g_assert_true (salve_test_ui_wait (dialog_closed, NULL, 2000));
    assert_chart_then_list (&order, model);
    salve_test_ui_iterate ();
    assert_chart_is_db (chart, salve_window_get_db (window), profile_id);
  }

  /* Add. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-diary-entry", NULL);
  dialog = salve_test_ui_wait_entry_dialog ();
  button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_TOGGLE_BUTTON, "0");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  g_assert_true (salve_test_ui_wait (dialog_closed, NULL, 2000));
  salve_test_ui_iterate ();
  assert_chart_is_db (chart, salve_window_get_db (window), profile_id);

  /* Edit an old entry. */
  entries = salve_diary_repo_list (salve_window_get_db (window), profile_id,
                                   SALVE_DIARY_REPO_ANY_TIME_MIN, SALVE_DIARY_REPO_ANY_TIME_MAX, NULL);
  gtk_widget_activate_action (view, "diary.edit", "x", salve_diary_entry_get_id (g_ptr_array_index (entries, 2)));
  dialog = salve_test_ui_wait_entry_dialog ();
  button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_TOGGLE_BUTTON, "10");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  g_assert_true (salve_test_ui_wait (dialog_closed, NULL, 2000));
  salve_test_ui_iterate ();
  assert_chart_is_db (chart, salve_window_get_db (window), profile_id);

  /* Delete one. */
  gtk_widget_activate_action (view, "diary.delete", "x", salve_diary_entry_get_id (g_ptr_array_index (entries, 20)));
  salve_test_ui_iterate ();
  assert_chart_is_db (chart, salve_window_get_db (window), profile_id);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* A change of range is read in a worker once the range settles: wait for
 * that, and for the answer. */
static void
settle_range (void)
{
  salve_test_ui_wait (never, NULL, 400);
  salve_test_ui_iterate ();
}

/* The list under the chart shows the newest entries of the range in
 * sight, as the database has them. */
static void
assert_list_is_db (GtkWidget  *view,
                   SalveChart *chart,
                   SalveDb    *db,
                   gint64      profile_id)
{
  GListModel *model = find_entries_model (view);
  g_autoptr(GPtrArray) latest = NULL;
  g_autoptr(GError) error = NULL;
  double x0, x1;

  salve_chart_get_range (chart, &x0, &x1);
  latest = salve_diary_repo_list_latest (db, profile_id, (gint64) x0, (gint64) x1 + 1, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, latest->len);
  for (guint i = 0; i < latest->len; i++)
    {
      g_autoptr(SalveDiaryEntry) row = g_list_model_get_item (model, i);

      g_assert_cmpint (salve_diary_entry_get_id (row), ==,
                       salve_diary_entry_get_id (g_ptr_array_index (latest, i)));
    }
}

/* What @chart_widget puts on screen is what the chart draws for the
 * exports, pixel for pixel, though it reaches the screen as an image. */
static void
assert_screen_is_drawing (GtkWidget *chart_widget)
{
  int width = gtk_widget_get_width (chart_widget);
  int height = gtk_widget_get_height (chart_widget);
  cairo_surface_t *screen = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_surface_t *drawn = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_t *cr;
  int differ = 0;

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  GTK_WIDGET_GET_CLASS (chart_widget)->snapshot (chart_widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  cr = cairo_create (screen);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);

  cr = cairo_create (drawn);
  salve_chart_draw (salve_diary_chart_get_chart (SALVE_DIARY_CHART (chart_widget)), cr, width, height);
  cairo_destroy (cr);

  cairo_surface_flush (screen);
  cairo_surface_flush (drawn);
  g_assert_cmpint (cairo_image_surface_get_stride (screen), ==, cairo_image_surface_get_stride (drawn));
  for (int y = 0; y < height; y++)
    differ += memcmp (cairo_image_surface_get_data (screen) + y * cairo_image_surface_get_stride (screen),
                      cairo_image_surface_get_data (drawn) + y * cairo_image_surface_get_stride (drawn),
                      (size_t) width * 4) != 0;
  g_assert_cmpint (differ, ==, 0);
  /* And there is a chart in it. */
  {
    const guint32 *pixels = (const guint32 *) cairo_image_surface_get_data (drawn);
    int inked = 0;

    for (int k = 0; k < height * cairo_image_surface_get_stride (drawn) / 4; k++)
      inked += pixels[k] != 0;
    g_assert_cmpint (inked, >, width * 4);
  }
  cairo_surface_destroy (screen);
  cairo_surface_destroy (drawn);
}

/* Removals from the entries list: the most rows one took. */
static void
count_removed (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *most)
{
  *most = MAX (*most, removed);
}

/* The list's length at each frame painted. */
typedef struct
{
  GListModel *model;
  GArray     *lengths;
} RowLengths;

static void
record_rows_cb (GdkFrameClock *clock,
                RowLengths    *rows)
{
  guint n = g_list_model_get_n_items (rows->model);

  g_array_append_val (rows->lengths, n);
}

/* From one frame to the next, at most so many rows came and went: they
 * are laid out in the frame that follows them, which must stay short. */
static void
assert_rows_a_few_a_frame (GArray *lengths)
{
  g_assert_cmpuint (lengths->len, >, 2);
  for (guint i = 1; i < lengths->len; i++)
    {
      guint before = g_array_index (lengths, guint, i - 1);
      guint after = g_array_index (lengths, guint, i);

      if (after > before)
        g_assert_cmpuint (after - before, <=, 6);
      else
        g_assert_cmpuint (before - after, <=, 20);
    }
}

/* Another patient: the last one's rows go a few at a time while the new
 * diary is read, and the list then shows the new patient's entries, a
 * few rows a frame; out of sight the rows wait for the view. */
static void
test_switch_patient_frees_rows (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDiarySwitch", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "switch.db", NULL);
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(SalveProfile) bram = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  SalveWindow *window;
  GtkWidget *view, *chart_widget;
  GListModel *model;
  GdkFrameClock *clock;
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (guint));
  RowLengths rows = { NULL, lengths };
  guint n_hidden;
  guint most = 0;

  {
    g_autoptr(SalveDb) db = salve_db_open (path, &error);

    g_assert_no_error (error);
    anna = salve_profile_repo_add (db, "Anna", &error);
    bram = salve_profile_repo_add (db, "Bram", &error);
    g_assert_no_error (error);
    /* 150 entries each, an hour apart, up to an hour ago: a full list. */
    salve_test_ui_add_entries (db, salve_profile_get_id (anna), 150, now - 3600, 3600);
    salve_test_ui_add_entries (db, salve_profile_get_id (bram), 150, now - 3600, 3600);
  }

  window = salve_test_ui_open_window (app, path, 1000, 700);
  salve_window_set_profile (window, anna);
  salve_window_show_view (window, "diary");
  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);
  chart_widget = salve_test_ui_find_text (view, SALVE_TYPE_DIARY_CHART, NULL);
  gtk_widget_activate_action (view, "diary.range", "s", "week");
  settle_range ();
  model = find_entries_model (view);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 100);
  assert_list_is_db (view, salve_diary_chart_get_chart (SALVE_DIARY_CHART (chart_widget)),
                     salve_window_get_db (window), salve_profile_get_id (anna));

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  rows.model = model;
  g_signal_connect (model, "items-changed", G_CALLBACK (count_removed), &most);
  g_signal_connect (clock, "after-paint", G_CALLBACK (record_rows_cb), &rows);
  salve_window_set_profile (window, bram);
  /* Nothing of Anna's stays in sight meanwhile. */
  g_assert_cmpfloat (gtk_widget_get_opacity (salve_test_ui_find (view, is_entries_list, NULL)), ==, 0.0);
  settle_range ();
  g_signal_handlers_disconnect_by_data (model, &most);
  g_assert_cmpuint (most, >, 0);
  g_assert_cmpuint (most, <=, 20);
  g_assert_cmpfloat (gtk_widget_get_opacity (salve_test_ui_find (view, is_entries_list, NULL)), ==, 1.0);
  assert_list_is_db (view, salve_diary_chart_get_chart (SALVE_DIARY_CHART (chart_widget)),
                     salve_window_get_db (window), salve_profile_get_id (bram));
  assert_rows_a_few_a_frame (lengths);

  /* Back to Anna while the diary is out of sight: her rows wait for it. */
  salve_window_show_view (window, "sessions");
  salve_test_ui_iterate ();
  salve_window_set_profile (window, anna);
  settle_range ();
  n_hidden = g_list_model_get_n_items (model);
  settle_range ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_hidden);
  g_array_set_size (lengths, 0);
  salve_window_show_view (window, "diary");
  settle_range ();
  g_assert_cmpfloat (gtk_widget_get_opacity (salve_test_ui_find (view, is_entries_list, NULL)), ==, 1.0);
  assert_list_is_db (view, salve_diary_chart_get_chart (SALVE_DIARY_CHART (chart_widget)),
                     salve_window_get_db (window), salve_profile_get_id (anna));
  assert_rows_a_few_a_frame (lengths);
  g_assert_cmpuint (g_array_index (lengths, guint, 0), <=, n_hidden + 6);
  g_signal_handlers_disconnect_by_data (clock, &rows);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* A change of range reads the points and the list of the new range in a
 * worker: until they are in, the chart keeps what it shows; then it
 * shows what the database has there, with the whole diary's figures, and
 * without holding every entry of a diary with many outside the range. */
/* The chart's scroll controller (wheel and touchpad). */
static GtkEventController *
find_scroll_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      /* The widget keeps it. */
      if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller))
        return GTK_EVENT_CONTROLLER (controller);
    }

  g_assert_not_reached ();
}

static void
test_view_range_change (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDiaryRange", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "range.db", NULL);
  SalveWindow *window;
  GtkWidget *view, *chart_widget;
  SalveChart *chart;
  SalveDb *db;
  gint64 profile_id, n_entries;
  double x0, x1;
  guint n_before;

  make_demo_diary (path, "2026-03-31", "en");
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  salve_application_set_db_path (app, path);
  window = salve_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (salve_window_open_db_now (window));
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  db = salve_window_get_db (window);
  profile_id = salve_profile_get_id (salve_window_get_profile (window));
  n_entries = salve_diary_repo_count (db, profile_id, NULL);

  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);
  chart_widget = salve_test_ui_find_text (view, SALVE_TYPE_DIARY_CHART, NULL);
  chart = salve_diary_chart_get_chart (SALVE_DIARY_CHART (chart_widget));

  /* A week of a diary of months. */
  gtk_widget_activate_action (view, "diary.range", "s", "week");
  settle_range ();
  assert_chart_is_db (chart, db, profile_id);
  assert_screen_is_drawing (chart_widget);
  assert_list_is_db (view, chart, db, profile_id);
  g_assert_cmpint (salve_chart_get_n_points (chart), <, n_entries / 2);

  /* A month back: what is on screen stays until its points are in. */
  n_before = (guint) salve_chart_get_n_points (chart);
  salve_diary_chart_pan (SALVE_DIARY_CHART (chart_widget), -4.0);
  g_assert_cmpuint (salve_chart_get_n_points (chart), ==, n_before);
  settle_range ();
  salve_chart_get_range (chart, &x0, &x1);
  g_assert_cmpint (salve_chart_count_points (chart, (gint64) x0, (gint64) x1 + 1), >, 0);
  assert_chart_is_db (chart, db, profile_id);
  assert_list_is_db (view, chart, db, profile_id);

  /* Several changes before any answer: only the last range's counts. */
  salve_diary_chart_pan (SALVE_DIARY_CHART (chart_widget), -1.0);
  salve_test_ui_wait (never, NULL, 200);
  salve_diary_chart_zoom (SALVE_DIARY_CHART (chart_widget), 1.25);
  salve_test_ui_wait (never, NULL, 200);
  salve_diary_chart_pan (SALVE_DIARY_CHART (chart_widget), 2.0);
  settle_range ();
  assert_chart_is_db (chart, db, profile_id);
  assert_list_is_db (view, chart, db, profile_id);

  /* A wheel turned over the chart, to read on down the page, scrolls the
   * page and leaves the chart's range alone; scrolled sideways it moves. */
  {
    GtkEventController *wheel = find_scroll_controller (chart_widget);
    gboolean handled = TRUE;
    double y0, y1;

    salve_chart_get_range (chart, &x0, &x1);
    g_signal_emit_by_name (wheel, "scroll", 0.0, 3.0, &handled);
    g_assert_false (handled);
    g_signal_emit_by_name (wheel, "scroll", 0.0, -3.0, &handled);
    g_assert_false (handled);
    salve_chart_get_range (chart, &y0, &y1);
    g_assert_cmpfloat (y0, ==, x0);
    g_assert_cmpfloat (y1, ==, x1);

    g_signal_emit_by_name (wheel, "scroll", -2.0, 0.5, &handled);
    g_assert_true (handled);
    salve_chart_get_range (chart, &y0, &y1);
    g_assert_cmpfloat (y0, <, x0);
    g_assert_cmpfloat (y1 - y0, ==, x1 - x0);
    settle_range ();
  }

  /* The whole diary again. */
  gtk_widget_activate_action (view, "diary.range", "s", "all");
  settle_range ();
  assert_chart_is_db (chart, db, profile_id);
  assert_list_is_db (view, chart, db, profile_id);
  g_assert_cmpint (salve_chart_count_points (chart, SALVE_DIARY_REPO_ANY_TIME_MIN, SALVE_DIARY_REPO_ANY_TIME_MAX),
                   ==, n_entries);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static gboolean
chart_has_ten (gpointer data)
{
  return salve_chart_get_n_points (data) == 10;
}

static gboolean
is_label_with (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

/* The controller of @type on @widget. */
static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  return NULL;
}

static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_KEY), "key-pressed", keyval, 0, 0,
                         &handled);
  return handled;
}

/* The chart read from the keyboard: Right picks the first entry, Home
 * and End the first and last. A pointer resting over the chart took the
 * pick away at once: the page scrolled to the focused chart, and the
 * motion that came of it (the pointer still where it was) picked what
 * lay under the pointer, nothing. A pointer that moves picks again. */
static void
test_chart_keys (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestChartKeys", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "chart-keys.db", NULL);
  GtkEventController *motion;
  SalveWindow *window;
  GtkWidget *chart_widget;
  SalveChart *chart;

  make_diary (db, 10);
  window = salve_test_ui_open_window (app, db, 1000, 900);
  salve_window_show_view (window, "diary");
  chart_widget = salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_DIARY_CHART);
  gtk_widget_activate_action (chart_widget, "diary.range", "s", "all");
  chart = salve_diary_chart_get_chart (SALVE_DIARY_CHART (chart_widget));
  g_assert_true (salve_test_ui_wait (chart_has_ten, chart, 5000));
  motion = find_controller (chart_widget, GTK_TYPE_EVENT_CONTROLLER_MOTION);
  g_assert_nonnull (motion);

  /* The pointer comes to rest over an empty corner of the plot. */
  g_signal_emit_by_name (motion, "enter", 5.0, 5.0);
  g_signal_emit_by_name (motion, "motion", 5.0, 5.0);
  g_assert_cmpint (salve_chart_get_highlight (chart), ==, -1);

  g_assert_true (gtk_widget_grab_focus (chart_widget));
  g_assert_true (press_key (chart_widget, GDK_KEY_Right));
  g_assert_cmpint (salve_chart_get_highlight (chart), ==, 0);
  /* The page scrolls under the resting pointer: the pick stays. */
  g_signal_emit_by_name (motion, "motion", 5.0, 5.0);
  g_assert_cmpint (salve_chart_get_highlight (chart), ==, 0);
  g_assert_true (press_key (chart_widget, GDK_KEY_End));
  g_assert_cmpint (salve_chart_get_highlight (chart), ==, 9);
  g_assert_true (press_key (chart_widget, GDK_KEY_Home));
  g_assert_cmpint (salve_chart_get_highlight (chart), ==, 0);

  /* The pointer moves: its place decides again. */
  g_signal_emit_by_name (motion, "motion", 9.0, 9.0);
  g_assert_cmpint (salve_chart_get_highlight (chart), ==, -1);

  /* The keys pick again; the pointer leaves the chart and comes back
   * where it was, as when the page is laid out anew under a resting
   * pointer: the pick stays, until the pointer moves. */
  g_assert_true (press_key (chart_widget, GDK_KEY_Home));
  g_signal_emit_by_name (motion, "leave");
  g_signal_emit_by_name (motion, "enter", 9.0, 9.0);
  g_signal_emit_by_name (motion, "motion", 9.0, 9.0);
  g_assert_cmpint (salve_chart_get_highlight (chart), ==, 0);
  g_signal_emit_by_name (motion, "motion", 12.0, 9.0);
  g_assert_cmpint (salve_chart_get_highlight (chart), ==, -1);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* Tabs on from where the focus is until @target has it; FALSE when it
 * never does. */
static gboolean
tab_to (GtkWidget *window,
        GtkWidget *target)
{
  for (guint i = 0; i < 60 && !gtk_widget_has_focus (target); i++)
    salve_test_ui_press_key (window, GDK_KEY_Tab, 0);
  return gtk_widget_has_focus (target);
}

/* The view shows the diary (its range controls and the chart), not what
 * it shows without entries. */
static void
assert_shows_diary (GtkWidget *view,
                    GtkWidget *chart_widget)
{
  GtkStack *pages = GTK_STACK (salve_test_ui_find_type (view, GTK_TYPE_STACK));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, "diary");
  g_assert_true (gtk_widget_get_mapped (chart_widget));
  g_assert_true (gtk_widget_get_mapped (salve_test_ui_find_type (view, ADW_TYPE_SQUEEZER)));
}

/* From the keyboard alone, at 800×600 with the 3 months shown first: the
 * chart's Page Up goes to the 3 months before, which have no entries.
 * The chart says so and the view keeps the diary, its range controls and
 * the way back (Page Down), after a visit to another view too. A period
 * without entries was taken for a diary without any: the view turned
 * into its first-run page, and nothing but a new entry brought the diary
 * back. */
static void
test_chart_keys_empty_period (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestEmptyPeriod", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "empty-period.db", NULL);
  g_autofree char *range = NULL;
  SalveWindow *window;
  GtkWidget *view, *chart_widget;
  SalveChart *chart;
  double x0, x1, y0, y1;

  make_diary (db, 10);
  window = salve_test_ui_open_window (app, db, 800, 600);
  salve_test_ui_press_key (GTK_WIDGET (window), GDK_KEY_3, GDK_ALT_MASK);
  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);
  chart_widget = salve_test_ui_find_type (view, SALVE_TYPE_DIARY_CHART);
  chart = salve_diary_chart_get_chart (SALVE_DIARY_CHART (chart_widget));
  g_assert_true (salve_test_ui_wait (chart_has_ten, chart, 5000));
  g_object_get (view, "range", &range, NULL);
  g_assert_cmpstr (range, ==, "quarter");
  assert_shows_diary (view, chart_widget);

  g_assert_true (tab_to (GTK_WIDGET (window), chart_widget));
  salve_chart_get_range (chart, &x0, &x1);
  g_assert_cmpint (salve_chart_count_points (chart, (gint64) x0, (gint64) x1 + 1), ==, 10);
  salve_test_ui_press_key (chart_widget, GDK_KEY_Page_Up, 0);
  settle_range ();
  salve_chart_get_range (chart, &y0, &y1);
  g_assert_cmpfloat (y1, <, x1);
  g_assert_cmpfloat_with_epsilon (y1 - y0, x1 - x0, 1);
  g_assert_cmpint (salve_chart_count_points (chart, (gint64) y0, (gint64) y1 + 1), ==, 0);
  assert_shows_diary (view, chart_widget);
  g_assert_cmpstr (salve_chart_get_empty_text (chart), ==, "No diary entries in this period");
  g_assert_true (gtk_widget_has_focus (chart_widget));

  /* Another view and back: the same. */
  salve_test_ui_press_key (GTK_WIDGET (window), GDK_KEY_1, GDK_ALT_MASK);
  salve_test_ui_press_key (GTK_WIDGET (window), GDK_KEY_3, GDK_ALT_MASK);
  settle_range ();
  assert_shows_diary (view, chart_widget);

  /* And the way back to the entries. */
  g_assert_true (tab_to (GTK_WIDGET (window), chart_widget));
  salve_test_ui_press_key (chart_widget, GDK_KEY_Page_Down, 0);
  settle_range ();
  salve_chart_get_range (chart, &y0, &y1);
  g_assert_cmpint (salve_chart_count_points (chart, (gint64) y0, (gint64) y1 + 1), >, 0);
  g_assert_null (salve_chart_get_empty_text (chart));
  assert_shows_diary (view, chart_widget);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* End picks the last entry, at the right edge of the 3 months shown; +
 * and + again zoom in around it, and it stays picked and in sight, read
 * out under the chart, though the points of each new range are read
 * anew. + zoomed around the middle of the range, and the second + found
 * no entries there. */
static void
test_chart_zoom_at_pick (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestZoomAtPick", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "zoom-at-pick.db", NULL);
  SalveWindow *window;
  GtkWidget *view, *chart_widget;
  SalveChart *chart;
  gint64 last_id, last_at;
  double x0, x1, y0, y1;

  make_diary (db, 10);
  window = salve_test_ui_open_window (app, db, 800, 600);
  salve_test_ui_press_key (GTK_WIDGET (window), GDK_KEY_3, GDK_ALT_MASK);
  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);
  chart_widget = salve_test_ui_find_type (view, SALVE_TYPE_DIARY_CHART);
  chart = salve_diary_chart_get_chart (SALVE_DIARY_CHART (chart_widget));
  g_assert_true (salve_test_ui_wait (chart_has_ten, chart, 5000));

  g_assert_true (tab_to (GTK_WIDGET (window), chart_widget));
  salve_test_ui_press_key (chart_widget, GDK_KEY_End, 0);
  g_assert_cmpint (salve_diary_chart_get_highlight (SALVE_DIARY_CHART (chart_widget)), ==, 9);
  last_id = salve_chart_get_point (chart, 9)->id;
  last_at = salve_chart_get_point (chart, 9)->at_unix;

  for (guint i = 0; i < 2; i++)
    {
      gssize pick;

      salve_chart_get_range (chart, &x0, &x1);
      salve_test_ui_press_key (chart_widget, GDK_KEY_plus, 0);
      settle_range ();
      salve_chart_get_range (chart, &y0, &y1);
      g_assert_cmpfloat (y1 - y0, <, (x1 - x0) * 0.9);
      g_assert_cmpfloat (y0, <=, last_at);
      g_assert_cmpfloat (last_at, <, y1);
      g_assert_null (salve_chart_get_empty_text (chart));
      pick = salve_diary_chart_get_highlight (SALVE_DIARY_CHART (chart_widget));
      g_assert_cmpint (pick, >=, 0);
      g_assert_cmpint (salve_chart_get_point (chart, pick)->id, ==, last_id);
      g_assert_nonnull (salve_test_ui_find (view, is_label_with, "10 Mar 2026"));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* A diary of March 2026 and one entry half a year before: the 3 months
 * before March hold none. Deleting that entry, the one point the chart
 * holds around the period, leaves the diary and an empty period, not a
 * diary without entries. */
static void
test_delete_last_in_period (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDeleteLastInPeriod", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "delete-last-in-period.db", NULL);
  SalveWindow *window;
  GtkWidget *view, *chart_widget;
  SalveChart *chart;
  gint64 lone_id;
  double x0, x1;

  make_diary (db, 10);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) conn = salve_db_open (db, &error);
    g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (1);

    g_assert_no_error (error);
    g_assert_true (salve_diary_entry_set_at_iso (entry, "2025-09-01T09:00:00", &error));
    salve_diary_entry_set_pain (entry, 5);
    g_assert_true (salve_diary_repo_add (conn, entry, &error));
    lone_id = salve_diary_entry_get_id (entry);
  }
  window = salve_test_ui_open_window (app, db, 800, 600);
  salve_test_ui_press_key (GTK_WIDGET (window), GDK_KEY_3, GDK_ALT_MASK);
  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);
  chart_widget = salve_test_ui_find_type (view, SALVE_TYPE_DIARY_CHART);
  chart = salve_diary_chart_get_chart (SALVE_DIARY_CHART (chart_widget));
  g_assert_true (salve_test_ui_wait (chart_has_ten, chart, 5000));

  /* The period before: the chart holds the points around it, the lone
   * entry alone, out of sight. */
  g_assert_true (tab_to (GTK_WIDGET (window), chart_widget));
  salve_test_ui_press_key (chart_widget, GDK_KEY_Page_Up, 0);
  settle_range ();
  g_assert_cmpuint (salve_chart_get_n_points (chart), ==, 1);
  g_assert_cmpint (salve_chart_get_point (chart, 0)->id, ==, lone_id);
  salve_chart_get_range (chart, &x0, &x1);
  g_assert_cmpint (salve_chart_count_points (chart, (gint64) x0, (gint64) x1 + 1), ==, 0);
  assert_shows_diary (view, chart_widget);

  gtk_widget_activate_action (view, "diary.delete", "x", lone_id);
  settle_range ();
  g_assert_cmpint (count_entries (window), ==, 10);
  salve_chart_get_range (chart, &x0, &x1);
  g_assert_cmpint (salve_chart_count_points (chart, (gint64) x0, (gint64) x1 + 1), ==, 0);
  assert_shows_diary (view, chart_widget);
  g_assert_cmpstr (salve_chart_get_empty_text (chart), ==, "No diary entries in this period");

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* An entry read from the chart (pointed at, or reached with the arrow
 * keys) comes with the trend line's value that day: the trend is read
 * from the keyboard too. */
static void
test_readout_with_trend (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestReadout", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "readout.db", NULL);
  SalveWindow *window;
  GtkWidget *chart_widget;
  SalveChart *chart;

  make_diary (db, 10);
  window = salve_test_ui_open_window (app, db, 1000, 900);
  salve_window_show_view (window, "diary");
  chart_widget = salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_DIARY_CHART);
  g_assert_nonnull (chart_widget);
  gtk_widget_activate_action (chart_widget, "diary.range", "s", "all");
  chart = salve_diary_chart_get_chart (SALVE_DIARY_CHART (chart_widget));
  g_assert_true (salve_test_ui_wait (chart_has_ten, chart, 5000));

  /* 10 March: 4/10; its 7 days, 4 to 10 March, 6, 6, 6, 5, 5, 5, 4. */
  salve_chart_set_highlight (chart, 9);
  g_signal_emit_by_name (chart_widget, "highlight-changed");
  g_assert_nonnull (salve_test_ui_find (GTK_WIDGET (window), is_label_with, "— pain 4/10, 7-day mean 5.3. "));
  /* The focused chart's own name is the reading, for a screen reader. */
  {
    GtkWidget *readout = salve_test_ui_find (GTK_WIDGET (window), is_label_with, "— pain 4/10, 7-day mean 5.3. ");
    g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart_widget),
                                                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                    gtk_label_get_text (GTK_LABEL (readout)));

    g_assert_null (mismatch);
  }

  /* The main menu's Import a Log… asks for a file for the active
   * person's diary, from any view. */
  {
    GtkWindow *chooser;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-log", NULL));
    g_assert_true (salve_test_ui_wait (file_chooser_shown, NULL, 5000));
    chooser = salve_test_ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
    g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Import a Log into Anna’s Diary");
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
    g_assert_true (salve_test_ui_wait (file_chooser_gone, NULL, 5000));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* The database changed under the list (a backup restored by salvectl,
 * then an entry of another patient that took a freed number): Delete and
 * Edit on the row shown touch nothing, say so, and read the diary
 * again. */
static void
test_changed_under_the_list (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDiaryChanged", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_build_filename (tmpdir, "changed-under.db", NULL);
  g_autoptr(SalveDb) other = NULL;
  g_autoptr(SalveProfile) bram = NULL;
  g_autoptr(SalveDiaryEntry) taken = NULL;
  g_autoptr(SalveDiaryEntry) after = NULL;
  g_autoptr(GError) error = NULL;
  SalveWindow *window;
  GtkWidget *view;
  gint64 id;

  make_diary (db_path, 5);
  window = salve_test_ui_open_window (app, db_path, 1000, 700);
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);
  g_assert_nonnull (view);
  g_assert_cmpint (count_entries (window), ==, 5);

  /* Another program: Anna's newest entry goes, Bram's takes its number. */
  other = salve_db_open (db_path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) entries = salve_diary_repo_list (other, salve_profile_get_id (salve_window_get_profile (window)),
                                                          G_MININT64, G_MAXINT64, &error);

    g_assert_no_error (error);
    id = salve_diary_entry_get_id (g_ptr_array_index (entries, entries->len - 1));
  }
  g_assert_true (salve_diary_repo_delete (other, id, &error));
  bram = salve_profile_repo_add (other, "Bram", &error);
  g_assert_no_error (error);
  taken = salve_diary_entry_new (salve_profile_get_id (bram));
  salve_diary_entry_set_id (taken, id);
  salve_diary_entry_set_pain (taken, 2);
  salve_diary_entry_set_note (taken, "Bram's, not to be lost");
  g_assert_true (salve_diary_repo_restore (other, taken, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (view, "diary.delete", "x", id));
  salve_test_ui_iterate ();
  after = salve_diary_repo_get (other, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (salve_diary_entry_get_note (after), ==, "Bram's, not to be lost");

  g_assert_true (gtk_widget_activate_action (view, "diary.edit", "x", id));
  salve_test_ui_iterate ();
  g_assert_null (salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* The database file moved away (to the trash) while the window had it
 * open: the entry was saved into the moved file without a word, and was
 * gone with it. The dialog stays with the entry and says why; with the
 * file put back, Save stores it. */
static void
test_file_moved_while_open (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDiaryMoved", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_build_filename (tmpdir, "moved-while-open.db", NULL);
  g_autofree char *trashed = g_build_filename (tmpdir, "trashed.db", NULL);
  SalveDiaryEntryDialog *dialog;
  SalveWindow *window;
  GtkWidget *button, *note;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *kept = NULL;

  make_diary (db_path, 3);
  window = salve_test_ui_open_window (app, db_path, 1000, 700);
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  g_assert_cmpint (count_entries (window), ==, 3);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-diary-entry", NULL);
  dialog = salve_test_ui_wait_entry_dialog ();
  g_assert_nonnull (dialog);
  button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_TOGGLE_BUTTON, "2");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  note = salve_test_ui_find_type (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (note));
  gtk_text_buffer_set_text (buffer, "Typed while the file went", -1);

  g_assert_cmpint (g_rename (db_path, trashed), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  salve_test_ui_iterate ();
  g_assert_true (SALVE_DIARY_ENTRY_DIALOG (salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG)) == dialog);
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL,
                                             "The change was not saved: the database file “"));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  kept = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (kept, ==, "Typed while the file went");

  g_assert_cmpint (g_rename (trashed, db_path), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  g_assert_true (salve_test_ui_wait (dialog_closed, NULL, 2000));
  g_assert_cmpint (count_entries (window), ==, 4);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
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
  tmpdir = salve_test_make_tmpdir ();

  g_test_add_func ("/ui/diary/pain-scale-keys", test_pain_scale_keys);
  g_test_add_func ("/ui/diary/pain-scale-tab", test_pain_scale_tab);
  g_test_add_func ("/ui/diary/entry-rows-keys", test_entry_rows_keys);
  g_test_add_func ("/ui/diary/entry-region-keys", test_entry_region_keys);
  g_test_add_func ("/ui/diary/medication-rows-keys", test_medication_rows_keys);
  g_test_add_func ("/ui/diary/chart-keys", test_chart_keys);
  g_test_add_func ("/ui/diary/chart-keys-empty-period", test_chart_keys_empty_period);
  g_test_add_func ("/ui/diary/delete-last-in-period", test_delete_last_in_period);
  g_test_add_func ("/ui/diary/chart-zoom-at-pick", test_chart_zoom_at_pick);
  g_test_add_func ("/ui/diary/first-load-recent", test_first_load_recent);
  g_test_add_func ("/ui/diary/change-reads-one-entry", test_change_reads_one_entry);
  g_test_add_func ("/ui/diary/view-follows-changes", test_view_follows_changes);
  g_test_add_func ("/ui/diary/readout-with-trend", test_readout_with_trend);
  g_test_add_func ("/ui/diary/view-range-change", test_view_range_change);
  g_test_add_func ("/ui/diary/switch-patient-frees-rows", test_switch_patient_frees_rows);
  g_test_add_func ("/ui/diary/add-and-delete", test_diary_add_and_delete);
  g_test_add_func ("/ui/diary/list-new-on-top", test_diary_list_new_on_top);
  g_test_add_func ("/ui/diary/changed-under-the-list", test_changed_under_the_list);
  g_test_add_func ("/ui/diary/file-moved-while-open", test_file_moved_while_open);
  g_test_add_func ("/ui/diary/medication", test_diary_medication);
  g_test_add_func ("/ui/diary/regions", test_diary_regions);
  g_test_add_func ("/ui/diary/region-list-beyond-limit", test_diary_region_list_beyond_limit);
  g_test_add_func ("/ui/diary/regions-dutch", test_diary_regions_dutch);
  g_test_add_func ("/ui/diary/without-profile", test_diary_without_profile);
  g_test_add_func ("/ui/diary/plan-summary", test_diary_plan_summary);
  g_test_add_func ("/ui/diary/warning-signs-in-list", test_diary_warning_signs_in_list);
  g_test_add_func ("/ui/diary/entry-when-and-where", test_entry_when_and_where);
  g_test_add_func ("/ui/diary/when-row-keeps-instant", test_when_row_keeps_instant);
  g_test_add_func ("/ui/diary/when-row-arrow-keys", test_when_row_arrow_keys);
  g_test_add_func ("/ui/diary/week-axis-names-days", test_week_axis_names_days);
  g_test_add_func ("/ui/diary/one-date-format", test_one_date_format);
  g_test_add_func ("/ui/diary/minimum-size", test_diary_minimum_size);
  g_test_add_func ("/ui/diary/minimum-size-dutch", test_diary_minimum_size_dutch);

  ret = g_test_run ();
  salve_test_ui_shutdown ();
  salve_test_remove_tree (tmpdir);
  g_free (tmpdir);

  return ret;
}
