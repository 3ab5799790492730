/* test-ui-window.c: the real main window opens and has its views
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "salve-application.h"
#include "salve-checklist-view.h"
#include "salve-db.h"
#include "salve-device-repo.h"
#include "salve-diary-repo.h"
#include "salve-devices-view.h"
#include "salve-diary-view.h"
#include "salve-pain-scale.h"
#include "salve-patients-view.h"
#include "salve-profile-repo.h"
#include "salve-session-repo.h"
#include "salve-sessions-view.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"
#include "salve-time.h"
#include "salve-toast-bar.h"
#include "salve-tooltip.h"
#include "salve-window.h"

static char *tmpdir;

static SalveWindow *
make_window (SalveApplication *app)
{
  SalveWindow *window = salve_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (salve_window_open_db_now (window));

  return window;
}

/* The window's outer stack: the views, or the error page. */
static gboolean
is_main_stack (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), "error") != NULL;
}

static GtkStack *
find_main_stack (GtkWidget *widget)
{
  return GTK_STACK (salve_test_ui_find (widget, is_main_stack, NULL));
}

static AdwViewStack *
find_view_stack (GtkWidget *widget)
{
  return ADW_VIEW_STACK (salve_test_ui_find_type (widget, ADW_TYPE_VIEW_STACK));
}

static gboolean
focus_in_checklist (gpointer data)
{
  SalveWindow *window = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  AdwViewStack *stack = ADW_VIEW_STACK (salve_test_ui_find_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));

  return focus != NULL && gtk_widget_is_ancestor (focus, adw_view_stack_get_child_by_name (stack, "checklist"));
}

static void
test_window_views (void)
{
  static const char *views[] = { "devices", "sessions", "diary", "checklist", "patients" };
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.Test", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "ui.db", NULL);
  SalveWindow *window;
  AdwViewStack *stack;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  salve_application_set_db_path (app, db);
  window = make_window (app);

  stack = find_view_stack (GTK_WIDGET (window));
  g_assert_nonnull (stack);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (stack, views[i]);
      AdwViewStackPage *page;

      g_assert_nonnull (child);
      page = adw_view_stack_get_page (stack, child);
      g_assert_nonnull (adw_view_stack_page_get_title (page));

      salve_window_show_view (window, views[i]);
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, views[i]);
    }

  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));

  /* Alt+3 (the action): the focus goes into the view shown; it stayed on
   * the header bar's button, a whole view away. */
  salve_window_show_view (window, "devices");
  salve_test_ui_iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "checklist"));
  /* At once, or as soon as the view has built its controls (later on a
   * slow machine, or under the sanitizers). */
  g_assert_true (salve_test_ui_wait (focus_in_checklist, window, 5000));

  /* Light or dark is the system's choice: nothing forces a scheme. */
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                   ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
window_has_db (gpointer data)
{
  return salve_window_get_db (data) != NULL;
}

static gboolean
all_views_built (gpointer data)
{
  GType types[] = { SALVE_TYPE_DEVICES_VIEW, SALVE_TYPE_SESSIONS_VIEW, SALVE_TYPE_DIARY_VIEW,
                    SALVE_TYPE_CHECKLIST_VIEW, SALVE_TYPE_PATIENTS_VIEW };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (salve_test_ui_find_type (data, types[i]) == NULL)
      return FALSE;

  return TRUE;
}

typedef struct
{
  guint    n_paints;
  gboolean first_had_view;
} Paints;

static void
note_paint (GdkFrameClock *clock,
            gpointer       user_data)
{
  GtkWidget *window = g_object_get_data (G_OBJECT (clock), "salve-test-window");
  Paints *paints = user_data;
  GtkWidget *view;

  if (paints->n_paints++ > 0)
    return;
  view = salve_test_ui_find_type (window, SALVE_TYPE_DIARY_VIEW);
  paints->first_had_view = view != NULL && gtk_widget_get_mapped (view);
}

static gboolean
painted (gpointer user_data)
{
  return ((Paints *) user_data)->n_paints > 0;
}

/* Start-up: the database opens as the window maps, and the visible view
 * is built with its data then, so the first frame drawn already shows it
 * (no empty window first). The hidden views follow after that frame. */
static void
test_window_views_after_database (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestStart", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.salve.Salve");
  g_autofree char *db = g_build_filename (tmpdir, "start.db", NULL);
  Paints paints = { 0 };
  GdkFrameClock *clock;
  SalveWindow *window;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) setup = salve_db_open (db, &error);
    g_autoptr(SalveProfile) profile = salve_profile_repo_add (setup, "Anna", &error);

    g_assert_no_error (error);
  }
  g_settings_set_string (settings, "last-view", "diary");
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  salve_application_set_db_path (app, db);

  window = salve_window_new (app);
  gtk_widget_realize (GTK_WIDGET (window));
  g_assert_null (salve_window_get_db (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_object_set_data (G_OBJECT (clock), "salve-test-window", window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (note_paint), &paints);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_true (window_has_db (window));
  g_assert_cmpstr (salve_profile_get_name (salve_window_get_profile (window)), ==, "Anna");
  g_assert_nonnull (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW));
  g_assert_null (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_DEVICES_VIEW));

  g_assert_true (salve_test_ui_wait (painted, &paints, 5000));
  g_assert_true (paints.first_had_view);
  g_signal_handlers_disconnect_by_func (clock, note_paint, &paints);

  g_assert_true (salve_test_ui_wait (all_views_built, window, 5000));

  g_settings_reset (settings, "last-view");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_bad_database (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.Test2", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "letter.txt", NULL);
  g_autofree char *after = NULL;
  SalveWindow *window;

  g_assert_true (g_file_set_contents (db, "Dear doctor,\n", -1, NULL));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  salve_application_set_db_path (app, db);

  window = salve_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (salve_window_open_db_now (window));
  g_assert_null (salve_window_get_db (window));

  g_assert_true (g_file_get_contents (db, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "Dear doctor,\n");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A database with one profile, checkpointed so its bytes are all in the
 * main file. Returns the page size and the profiles table's root page. */
static void
make_database (const char *path,
               guint       n_profiles,
               gint64     *page_size,
               gint64     *rootpage)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (path, &error);
  g_autoptr(SalveStmt) stmt = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < n_profiles; i++)
    {
      g_autofree char *name = g_strdup_printf ("Patiënt %03u, a name long enough to fill pages", i);
      g_autoptr(SalveProfile) profile = salve_profile_repo_add (db, name, &error);

      g_assert_no_error (error);
    }

  stmt = salve_db_prepare (db, "SELECT (SELECT page_size FROM pragma_page_size), rootpage "
                               "FROM sqlite_master WHERE name = 'profiles'", &error);
  g_assert_no_error (error);
  g_assert_true (salve_stmt_step (stmt, NULL));
  *page_size = salve_stmt_get_int64 (stmt, 0);
  *rootpage = salve_stmt_get_int64 (stmt, 1);
  g_clear_pointer (&stmt, salve_stmt_free);
  g_assert_true (salve_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
}

/* Opens a window on @db and checks that it shows the error page with
 * @title instead of the views, and left the file as it was. */
static void
assert_error_page (const char *app_id,
                   const char *db,
                   const char *title,
                   const char *detail)
{
  g_autoptr(SalveApplication) app = salve_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  SalveWindow *window;
  GtkStack *main_stack;
  AdwStatusPage *page;

  g_assert_true (g_file_get_contents (db, &before, &before_len, NULL));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  salve_application_set_db_path (app, db);

  window = salve_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (salve_window_open_db_now (window));
  g_assert_null (salve_window_get_db (window));
  salve_test_ui_iterate ();

  main_stack = find_main_stack (GTK_WIDGET (window));
  g_assert_nonnull (main_stack);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack), ==, "error");

  page = ADW_STATUS_PAGE (gtk_stack_get_visible_child (main_stack));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, title);
  g_test_message ("%s", adw_status_page_get_description (page));
  g_assert_nonnull (strstr (adw_status_page_get_description (page), detail));
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "--db"));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (page)));

  g_assert_true (g_file_get_contents (db, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_corrupt_database (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "damaged.db", NULL);
  gint64 page_size, rootpage;

  /* The schema page loses its b-tree header. */
  make_database (db, 1, &page_size, &rootpage);
  salve_test_damage_file (db, 100, 12, 0xff);

  assert_error_page ("io.github.salve.Salve.Test3", db, "The Database Is Damaged", "damaged.db");
}

static void
test_window_corrupt_table (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "damaged-table.db", NULL);
  gint64 page_size, rootpage;

  /* The schema reads, the profiles table does not. */
  make_database (db, 100, &page_size, &rootpage);
  salve_test_damage_file (db, (rootpage - 1) * page_size, 12, 0xff);

  assert_error_page ("io.github.salve.Salve.Test4", db, "The Database Is Damaged", "damaged-table.db");
}

static void
test_window_too_new_database (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "future.db", NULL);
  gint64 page_size, rootpage;

  make_database (db, 1, &page_size, &rootpage);
  salve_test_set_file_user_version (db, 999);

  assert_error_page ("io.github.salve.Salve.Test5", db, "The Database Needs a Newer Salve", "newer version");
}

static gboolean
is_add_entry_button (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.add-diary-entry") == 0;
}

/* salvectl importing with the database to itself holds it so that
 * nobody can read it. A window that starts meanwhile does not freeze
 * waiting for it (up to five seconds at each step of the opening, then
 * "in use"): it says another program is writing, and opens the database
 * by itself as soon as it is free. */
static void
test_window_database_busy (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.Test8", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "busy.db", NULL);
  gint64 page_size, rootpage, start;
  SalveTestLock *lock;
  SalveWindow *window;
  GtkStack *main_stack;
  AdwStatusPage *page;
  GtkWidget *add;

  make_database (db, 1, &page_size, &rootpage);
  lock = salve_test_lock_take_alone (db);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  salve_application_set_db_path (app, db);

  window = salve_window_new (app);
  start = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (salve_window_open_db_now (window));
  /* Refused at once, not after the busy timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, SALVE_DB_BUSY_TIMEOUT_MS * 1000 / 2);
  salve_test_ui_iterate ();

  main_stack = find_main_stack (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack), ==, "error");
  page = ADW_STATUS_PAGE (gtk_stack_get_visible_child (main_stack));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "The Database Is in Use");
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "as soon as it is free"));
  g_assert_null (salve_window_get_db (window));
  /* The header's + would do nothing here: it is off. */
  add = salve_test_ui_find (GTK_WIDGET (window), is_add_entry_button, NULL);
  g_assert_nonnull (add);
  g_assert_false (gtk_widget_is_sensitive (add));

  salve_test_lock_release (lock);
  g_assert_true (salve_test_ui_wait (window_has_db, window, 10000));
  salve_test_ui_iterate ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack), ==, "views");
  g_assert_true (gtk_widget_is_sensitive (add));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-diary-entry", NULL));
  salve_test_ui_iterate ();
  {
    GtkWindow *dialog = salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG);

    g_assert_nonnull (dialog);
    gtk_window_destroy (dialog);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
window_has_size (gpointer data)
{
  GtkWidget *window = data;

  return gtk_widget_get_width (window) > 0;
}

static void
test_window_state_saved (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.Test6", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.salve.Salve");
  g_autofree char *db = g_build_filename (tmpdir, "state.db", NULL);
  SalveWindow *window;
  AdwViewStack *stack;
  int width, height;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  salve_application_set_db_path (app, db);

  window = make_window (app);
  g_assert_true (salve_test_ui_wait (window_has_size, window, 5000));

  /* What a person does: resize the window and pick a view. The size is
   * above every view's minimum, which the window would otherwise keep. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  salve_window_show_view (window, "checklist");
  salve_test_ui_iterate ();
  gtk_window_close (GTK_WINDOW (window));
  salve_test_ui_iterate ();

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1100);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 800);
  g_assert_cmpstr (g_settings_get_string (settings, "last-view"), ==, "checklist");

  /* The next window comes back the same. */
  window = make_window (app);
  stack = find_view_stack (GTK_WIDGET (window));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1100);
  g_assert_cmpint (height, ==, 800);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "checklist");
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "last-view");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
about_is_shown (gpointer data)
{
  return salve_test_ui_find_toplevel (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

static gboolean
shortcuts_are_shown (gpointer data)
{
  return salve_test_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) != NULL;
}

/* The window builds the shortcuts window the first time it is asked
 * for; its title bar says what it is (@title), not the program's name,
 * and it fits a small laptop's 800×600, every section of it. */
static void
check_shortcuts_window (SalveWindow *window,
                        const char  *title)
{
  GtkWindow *shortcuts;
  int width, height;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (salve_test_ui_wait (shortcuts_are_shown, NULL, 5000));
  shortcuts = salve_test_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_cmpstr (gtk_window_get_title (shortcuts), ==, title);

  gtk_widget_measure (GTK_WIDGET (shortcuts), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (shortcuts), GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
  g_test_message ("shortcuts window: %d×%d", width, height);
  g_assert_cmpint (width, <=, 800);
  g_assert_cmpint (height, <=, 600);
  gtk_window_destroy (shortcuts);
}

static void
test_window_about_and_shortcuts (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.Test7", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "about.db", NULL);
  SalveWindow *window;
  GtkWindow *about;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  salve_application_set_db_path (app, db);
  window = make_window (app);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (salve_test_ui_wait (about_is_shown, NULL, 5000));
  about = salve_test_ui_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Salve");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_true (g_str_has_prefix (adw_about_window_get_website (ADW_ABOUT_WINDOW (about)), "https://"));
  g_assert_true (g_str_has_prefix (adw_about_window_get_issue_url (ADW_ABOUT_WINDOW (about)), "https://"));
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
  gtk_window_destroy (about);

  check_shortcuts_window (window, "Keyboard Shortcuts");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* In Dutch too: its labels are longer ("Vorig of volgend lichaamsdeel"
 * was cut off at 800 pixels). */
static void
test_window_shortcuts_dutch (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(SalveApplication) app = NULL;
      g_autofree char *db = g_build_filename (tmpdir, "shortcuts-nl.db", NULL);
      SalveWindow *window;

      g_setenv ("LANGUAGE", "nl", TRUE);
      g_assert_cmpstr (_("Patients"), ==, "Patiënten");
      app = salve_application_new ("io.github.salve.Salve.TestShortcutsNl", G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
      salve_application_set_db_path (app, db);
      window = make_window (app);
      check_shortcuts_window (window, "Sneltoetsen");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Every view fits a phone-sized window, 360×600, with a three-month
 * diary, four patients and two devices. */
static void
check_minimum_sizes (const char *language)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestWindowSize", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_strdup_printf ("%s/sizes-%s.db", tmpdir, language);
  static const char *views[] = { "devices", "sessions", "diary", "checklist", "patients" };
  static const char *names[] = { "Anneke van den Heuvel-Brouwer", "Bram", "Carla", "Dirk" };
  static const char *shots[] = { "patients", "checklist" };
  static const int sizes[][2] = { { 1366, 768 }, { 800, 600 }, { 360, 600 } };
  g_autoptr(GString) failures = g_string_new (NULL);
  SalveWindow *window;

  {
    g_autoptr(SalveDb) db = salve_db_open (db_path, NULL);
    g_autoptr(SalveDevice) tens = salve_device_new ("Sanitas SEM 43", SALVE_MODALITY_TENS);
    g_autoptr(SalveDevice) laser = salve_device_new ("Personal Laser L400", SALVE_MODALITY_LASER);

    tens->max_intensity_ma = 50;
    tens->electrode_cm2 = 25;
    laser->max_power_mw = 400;
    laser->wavelength_nm = 808;
    g_assert_true (salve_device_repo_add (db, tens, NULL));
    g_assert_true (salve_device_repo_add (db, laser, NULL));
    for (guint p = 0; p < G_N_ELEMENTS (names); p++)
      {
        g_autoptr(SalveProfile) profile = salve_profile_repo_add (db, names[p], NULL);

        g_assert_nonnull (profile);
        for (int d = 1; p == 0 && d <= 90; d++)
          {
            g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (profile));
            g_autoptr(GDateTime) now = g_date_time_new_now_local ();
            g_autoptr(GDateTime) at = g_date_time_add_days (now, -d);

            salve_diary_entry_set_at (entry, at);
            salve_diary_entry_set_pain (entry, 3 + d % 5);
            g_assert_true (salve_diary_repo_add (db, entry, NULL));
          }
      }
  }

  /* The title bar's buttons as GNOME has them. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  window = salve_test_ui_open_window (app, db_path, 1366, 768);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      int w, h;

      salve_window_show_view (window, views[i]);
      salve_test_ui_iterate ();
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &w, NULL, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, MAX (w, 360), &h, NULL, NULL, NULL);
      g_test_message ("%s, %s: minimum %d×%d", language, views[i], w, h);
      if (w > 360 || h > 600)
        g_string_append_printf (failures, "%s%s %d×%d", failures->len ? ", " : "", views[i], w, h);
    }

  /* Pictures of the therapist's two screens, large and small. */
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        g_autofree char *name = g_strdup_printf ("%s-%dx%d-%s", shots[i], sizes[s][0], sizes[s][1], language);

        salve_window_show_view (window, shots[i]);
        gtk_window_set_default_size (GTK_WINDOW (window), sizes[s][0], sizes[s][1]);
        salve_test_ui_iterate ();
        salve_test_ui_screenshot (GTK_WIDGET (window), name);
      }

  g_test_message ("too large: %s", failures->str);
  g_assert_cmpstr (failures->str, ==, "");
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static void
test_window_minimum_size (void)
{
  check_minimum_sizes ("en");
}

/* Dutch labels are longer; a process of its own, as gettext keeps what
 * it found for the language it had. */
static void
test_window_minimum_size_dutch (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("LANGUAGE", "nl", TRUE);
      /* The catalogue is there: the labels are Dutch. */
      g_assert_cmpstr (_("Patients"), ==, "Patiënten");
      /* Dates in the words of the screens, whatever LC_TIME is. */
      {
        g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
        g_autoptr(GDateTime) dt = g_date_time_new (utc, 2026, 12, 2, 16, 47, 0);
        g_autofree char *date = salve_time_format_date_time (dt);
        g_autofree char *day = salve_time_format_day (dt);

        g_assert_cmpstr (date, ==, "wo 2 dec 2026, 16:47");
        g_assert_cmpstr (day, ==, "2 dec");
      }
      check_minimum_sizes ("nl");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static gboolean
toast_in_sight (gpointer data)
{
  GtkWidget *strip = data;

  return gtk_widget_get_height (strip) > 1 && gtk_revealer_get_child_revealed (GTK_REVEALER (strip));
}

/* The strip has gone, its slide too. */
static gboolean
no_toast_left (gpointer data)
{
  return gtk_widget_get_height (data) <= 1 && !gtk_revealer_get_child_revealed (GTK_REVEALER (data));
}

static void
note_dismissed (AdwToast *toast,
                GString  *order)
{
  g_string_append_printf (order, "%s%s", order->len > 0 ? ", " : "", adw_toast_get_title (toast));
}

static void
note_clicked (AdwToast *toast,
              GString  *order)
{
  g_string_append_printf (order, "%sclicked %s", order->len > 0 ? ", " : "", adw_toast_get_title (toast));
}

/* The toasts come over the views in a strip at the bottom, not in an
 * overlay around the views (one drawn over the whole window had GTK draw
 * all of it again whenever a toast came or went). A toast of high
 * priority (an Undo) comes at once and the one it replaced comes back
 * after it, also when it is dismissed at once (libadwaita 1.2's overlay
 * aborted then); its button and Escape dismiss the toast in sight; a
 * title is words, not markup. */
typedef struct
{
  GdkFrameClock *clock;
  gint64         until;
} FrameWait;

static gboolean
frame_reached (gpointer data)
{
  FrameWait *wait = data;

  return gdk_frame_clock_get_frame_counter (wait->clock) >= wait->until;
}

/* The title, the button and the close button side by side, in that
 * order, libadwaita's 6 px apart (its CSS border-spacing), each centred
 * on the same line. */
static void
assert_toast_laid_out (SalveToastBar *bar,
                       const char    *title,
                       const char    *button_label)
{
  GtkWidget *parts[3] = {
    salve_test_ui_find_text (GTK_WIDGET (bar), GTK_TYPE_LABEL, title),
    salve_test_ui_find_text (GTK_WIDGET (bar), GTK_TYPE_BUTTON, button_label),
    NULL,
  };
  graphene_rect_t r[3];
  FrameWait wait = { gtk_widget_get_frame_clock (GTK_WIDGET (bar)), 0 };

  /* Laid out for this toast: a whole frame (its layout, then its
   * paint) runs in one turn of the main loop, so one frame on will do.
   * Only the one asked for here may come. */
  wait.until = gdk_frame_clock_get_frame_counter (wait.clock) + 1;
  gtk_widget_queue_draw (GTK_WIDGET (bar));
  g_assert_true (salve_test_ui_wait (frame_reached, &wait, 5000));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (bar)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_has_css_class (child, "circular"))
      parts[2] = child;
  for (guint i = 0; i < 3; i++)
    {
      g_assert_nonnull (parts[i]);
      g_assert_true (gtk_widget_compute_bounds (parts[i], GTK_WIDGET (bar), &r[i]));
      g_assert_cmpfloat (r[i].size.width, >, 0);
    }
  for (guint i = 1; i < 3; i++)
    {
      g_assert_cmpfloat_with_epsilon (r[i].origin.x - (r[i - 1].origin.x + r[i - 1].size.width), 6, 0.5);
      g_assert_cmpfloat_with_epsilon (r[i].origin.y + r[i].size.height / 2,
                                      r[0].origin.y + r[0].size.height / 2, 1);
    }
}

/* A session left running by a Salve that was killed is closed as
 * interrupted when the app opens the database again, and the person is
 * told, with the way to the record, until they dismiss it. */
static void
test_window_interrupted_session_told (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestInterrupted", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_build_filename (tmpdir, "interrupted.db", NULL);
  SalveWindow *window;
  SalveToastBar *bar;
  AdwToast *toast;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) db = salve_db_open (db_path, &error);
    g_autoptr(SalveProfile) anna = NULL;
    g_autoptr(SalveSession) session = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_KNEE);

    g_assert_no_error (error);
    anna = salve_profile_repo_add (db, "Anna", &error);
    g_assert_no_error (error);
    salve_session_set_profile_id (session, salve_profile_get_id (anna));
    g_assert_true (salve_session_repo_create (db, session, &error));
    g_assert_true (salve_session_repo_mark_started (db, salve_session_get_id (session), NULL, &error));
    g_assert_no_error (error);
    /* This connection closes without the session's end: as if killed. */
  }

  window = salve_test_ui_open_window (app, db_path, 1000, 560);
  bar = SALVE_TOAST_BAR (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_TOAST_BAR));
  g_assert_nonnull (bar);
  toast = salve_toast_bar_get_shown (bar);
  g_assert_nonnull (toast);
  g_assert_true (g_str_has_prefix (adw_toast_get_title (toast), "A session was interrupted when Salve closed"));
  g_assert_cmpuint (adw_toast_get_timeout (toast), ==, 0);
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "win.show-view");
  gtk_widget_activate_action_variant (GTK_WIDGET (window), adw_toast_get_action_name (toast),
                                      adw_toast_get_action_target_value (toast));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (salve_test_ui_find_type (GTK_WIDGET (window),
                                                                                                   ADW_TYPE_VIEW_STACK))),
                   ==, "sessions");

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* salvectl changed the database while the window was open (a patient
 * renamed, then deleted and another added): back at the window, it shows
 * what is stored now, not what was there when it last read. */
static void
test_window_catch_up (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestCatchUp", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_build_filename (tmpdir, "catch-up.db", NULL);
  g_autoptr(SalveDb) other = NULL;
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(SalveProfile) bert = NULL;
  g_autoptr(GError) error = NULL;
  SalveWindow *window;
  AdwViewSwitcherTitle *title;

  other = salve_db_open (db_path, &error);
  g_assert_no_error (error);
  anna = salve_profile_repo_add (other, "Anna", &error);
  g_assert_no_error (error);

  window = salve_test_ui_open_window (app, db_path, 1000, 560);
  title = ADW_VIEW_SWITCHER_TITLE (salve_test_ui_find_type (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE));
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (title), ==, "Anna");
  /* Nothing new: nothing is read again. */
  g_assert_false (salve_window_catch_up (window));

  g_assert_true (salve_profile_repo_rename (other, salve_profile_get_id (anna), "Anna de Vries", &error));
  g_assert_no_error (error);
  g_assert_true (salve_window_catch_up (window));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_profile_get_name (salve_window_get_profile (window)), ==, "Anna de Vries");
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (title), ==, "Anna de Vries");
  g_assert_false (salve_window_catch_up (window));

  bert = salve_profile_repo_add (other, "Bert", &error);
  g_assert_no_error (error);
  g_assert_true (salve_profile_repo_delete (other, salve_profile_get_id (anna), &error));
  g_assert_no_error (error);
  g_assert_true (salve_window_catch_up (window));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_profile_get_name (salve_window_get_profile (window)), ==, "Bert");
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (title), ==, "Bert");

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static void
test_window_toasts (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestToasts", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "toasts.db", NULL);
  g_autoptr(GString) order = g_string_new (NULL);
  SalveWindow *window;
  SalveToastBar *bar;
  GtkWidget *strip;
  GtkWidget *views;
  AdwToast *saved;
  AdwToast *undo;
  graphene_rect_t bounds;

  window = salve_test_ui_open_window (app, db, 1000, 560);
  bar = SALVE_TOAST_BAR (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_TOAST_BAR));
  g_assert_nonnull (bar);
  strip = gtk_widget_get_parent (GTK_WIDGET (bar));
  views = GTK_WIDGET (find_view_stack (GTK_WIDGET (window)));
  g_assert_nonnull (views);
  g_assert_false (gtk_widget_is_ancestor (views, strip));
  /* Without a toast: the strip's one pixel (style.css). */
  g_assert_cmpint (gtk_widget_get_height (strip), <=, 1);

  saved = g_object_ref (adw_toast_new ("Saved “Jansen & <Zn>”"));
  g_signal_connect (saved, "dismissed", G_CALLBACK (note_dismissed), order);
  salve_window_add_toast (window, saved);
  g_assert_true (salve_test_ui_wait (toast_in_sight, strip, 5000));
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (bar), GTK_TYPE_LABEL, "Saved “Jansen & <Zn>”"));

  /* A strip at the bottom, narrower than the window. */
  g_assert_true (gtk_widget_compute_bounds (strip, GTK_WIDGET (window), &bounds));
  g_assert_cmpfloat (bounds.size.height, <, gtk_widget_get_height (GTK_WIDGET (window)) / 4);
  g_assert_cmpfloat (bounds.size.width, <, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, >=, gtk_widget_get_height (GTK_WIDGET (window)) - 1);

  /* An Undo comes at once; clicked at once, it goes and the first
   * comes back. */
  undo = g_object_ref (adw_toast_new ("Deleted"));
  adw_toast_set_button_label (undo, "_Undo");
  adw_toast_set_priority (undo, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (undo, "dismissed", G_CALLBACK (note_dismissed), order);
  g_signal_connect (undo, "button-clicked", G_CALLBACK (note_clicked), order);
  salve_window_add_toast (window, undo);
  g_assert_true (salve_toast_bar_get_shown (bar) == undo);
  salve_test_ui_iterate ();
  assert_toast_laid_out (bar, "Deleted", "_Undo");
  g_signal_emit_by_name (salve_test_ui_find_text (GTK_WIDGET (bar), GTK_TYPE_BUTTON, "_Undo"), "clicked");
  g_assert_cmpstr (order->str, ==, "clicked Deleted, Deleted");
  g_assert_true (salve_toast_bar_get_shown (bar) == saved);

  /* Escape (its action) dismisses the toast in sight; then none is left. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "toast.dismiss", NULL));
  g_assert_cmpstr (order->str, ==, "clicked Deleted, Deleted, Saved “Jansen & <Zn>”");
  g_assert_null (salve_toast_bar_get_shown (bar));
  g_assert_true (salve_test_ui_wait (no_toast_left, strip, 5000));
  g_signal_handlers_disconnect_by_data (saved, order);
  g_signal_handlers_disconnect_by_data (undo, order);
  g_object_unref (saved);
  g_object_unref (undo);

  /* A long title wraps within the strip, its button still beside it,
   * laid out as a short one. */
  undo = g_object_ref (adw_toast_new ("“Anneke van den Heuvel-Brouwer” and her diary of 1,000,000 entries, "
                                      "her sessions and her care plan were deleted"));
  adw_toast_set_button_label (undo, "_Undo");
  salve_window_add_toast (window, undo);
  g_assert_true (salve_test_ui_wait (toast_in_sight, strip, 5000));
  assert_toast_laid_out (bar, "“Anneke van den Heuvel-Brouwer” and her diary", "_Undo");
  {
    GtkWidget *title = salve_test_ui_find_text (GTK_WIDGET (bar), GTK_TYPE_LABEL, "“Anneke van den Heuvel-Brouwer”");
    int one_line = 0;
    PangoLayout *layout = gtk_widget_create_pango_layout (title, "Anneke");

    pango_layout_get_pixel_size (layout, NULL, &one_line);
    g_object_unref (layout);
    g_assert_cmpint (gtk_widget_get_height (title), >=, 2 * one_line);
    g_assert_true (gtk_widget_compute_bounds (strip, GTK_WIDGET (window), &bounds));
    g_assert_cmpfloat (bounds.size.width, <, gtk_widget_get_width (GTK_WIDGET (window)));
  }
  g_assert_true (salve_toast_bar_dismiss (bar));
  g_assert_true (salve_test_ui_wait (no_toast_left, strip, 5000));
  g_object_unref (undo);

  /* A toast still in sight goes with the window, dismissed. */
  undo = g_object_ref (adw_toast_new ("Bye"));
  g_signal_connect (undo, "dismissed", G_CALLBACK (note_dismissed), order);
  salve_window_add_toast (window, undo);
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  g_assert_true (g_str_has_suffix (order->str, ", Bye"));
  g_signal_handlers_disconnect_by_data (undo, order);
  g_object_unref (undo);
}

static void
assert_tooltip (GtkWidget  *widget,
                const char *text,
                gboolean    visible)
{
  g_assert_cmpstr (gtk_widget_get_tooltip_text (widget), ==, text);
  g_assert_true (gtk_widget_get_has_tooltip (widget) == (text != NULL));
  g_assert_true (gtk_widget_get_visible (widget) == visible);
}

/* salve_tooltip_set_text() and salve_tooltip_set_text_out_of_sight()
 * hide a widget for a moment to spare GTK a question to the display
 * server: the widget must come out as it went in, and a widget in a
 * window must keep its place as the window's focus and default, which
 * hiding it would take away. */
static void
test_window_tooltips (void)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkWidget *shown = gtk_button_new_with_label ("Shown");
  GtkWidget *hidden = gtk_button_new_with_label ("Hidden");
  GtkWidget *scale = g_object_ref_sink (g_object_new (SALVE_TYPE_PAIN_SCALE, NULL));
  GtkWidget *window = gtk_window_new ();
  GtkWidget *button = gtk_button_new_with_label ("Save");

  /* Made, in no window yet. */
  gtk_box_append (GTK_BOX (box), shown);
  gtk_box_append (GTK_BOX (box), hidden);
  gtk_widget_set_visible (hidden, FALSE);
  salve_tooltip_set_text (shown, "Shown’s tip");
  salve_tooltip_set_text (hidden, "Hidden’s tip");
  assert_tooltip (shown, "Shown’s tip", TRUE);
  assert_tooltip (hidden, "Hidden’s tip", FALSE);
  salve_tooltip_set_text (shown, NULL);
  assert_tooltip (shown, NULL, TRUE);
  salve_tooltip_set_text (shown, "");
  assert_tooltip (shown, NULL, TRUE);

  /* The pain scale's buttons, each with its tooltip, all in sight. */
  for (int pain = 0; pain <= 10; pain++)
    {
      g_autofree char *label = g_strdup_printf ("%d", pain);
      g_autofree char *tip = g_strdup_printf (_("Pain %d of 10"), pain);
      GtkWidget *b = salve_test_ui_find_text (scale, GTK_TYPE_TOGGLE_BUTTON, label);

      g_assert_nonnull (b);
      assert_tooltip (b, tip, TRUE);
    }

  /* In a window, before it is shown and after. */
  gtk_window_set_child (GTK_WINDOW (window), button);
  gtk_window_set_default_widget (GTK_WINDOW (window), button);
  gtk_window_set_focus (GTK_WINDOW (window), button);
  salve_tooltip_set_text (button, "Save it");
  assert_tooltip (button, "Save it", TRUE);
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (window)) == button);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == button);

  gtk_window_present (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  g_assert_true (gtk_widget_get_mapped (button));
  salve_tooltip_set_text (button, "Save it now");
  assert_tooltip (button, "Save it now", TRUE);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (window)) == button);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == button);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  g_object_unref (scale);
  g_object_unref (box);

  /* In a window but out of sight, on a stack's hidden page: hidden for a
   * moment too, unless it is the window's default; the stack keeps its
   * page. In sight, GTK's own way. */
  {
    GtkWidget *other = gtk_window_new ();
    GtkWidget *stack = gtk_stack_new ();
    GtkWidget *front = gtk_label_new ("Front");
    GtkWidget *back = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    GtkWidget *cell = gtk_button_new_with_label ("Cell");
    GtkWidget *kept = gtk_button_new_with_label ("Kept");

    gtk_box_append (GTK_BOX (back), cell);
    gtk_box_append (GTK_BOX (back), kept);
    gtk_stack_add_named (GTK_STACK (stack), front, "front");
    gtk_stack_add_named (GTK_STACK (stack), back, "back");
    gtk_stack_set_visible_child (GTK_STACK (stack), front);
    gtk_window_set_child (GTK_WINDOW (other), stack);
    gtk_window_set_default_widget (GTK_WINDOW (other), kept);

    /* Before the window is shown, and on the hidden page after. */
    for (int round = 0; round < 2; round++)
      {
        g_autofree char *cell_tip = g_strdup_printf ("Cell’s tip %d", round);
        g_autofree char *kept_tip = g_strdup_printf ("Kept’s tip %d", round);

        g_assert_false (gtk_widget_get_mapped (cell));
        salve_tooltip_set_text_out_of_sight (cell, cell_tip);
        assert_tooltip (cell, cell_tip, TRUE);
        salve_tooltip_set_text_out_of_sight (kept, kept_tip);
        assert_tooltip (kept, kept_tip, TRUE);
        g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (other)) == kept);
        g_assert_true (gtk_stack_get_visible_child (GTK_STACK (stack)) == front);

        gtk_window_present (GTK_WINDOW (other));
        salve_test_ui_iterate ();
      }
    salve_tooltip_set_text_out_of_sight (cell, NULL);
    assert_tooltip (cell, NULL, TRUE);

    gtk_stack_set_visible_child (GTK_STACK (stack), back);
    salve_test_ui_iterate ();
    g_assert_true (gtk_widget_get_mapped (cell));
    salve_tooltip_set_text_out_of_sight (cell, "Cell’s new tip");
    assert_tooltip (cell, "Cell’s new tip", TRUE);
    g_assert_true (gtk_widget_get_mapped (cell));

    gtk_window_destroy (GTK_WINDOW (other));
    salve_test_ui_iterate ();
  }
}

static void
on_css_error (GtkCssProvider *provider,
              GtkCssSection  *section,
              const GError   *error,
              gpointer        user_data)
{
  g_autofree char *where = gtk_css_section_to_string (section);

  g_test_message ("style.css %s: %s", where, error->message);
  (*(guint *) user_data)++;
}

/* The app's style sheet, as GTK 4.8 reads it: a rule it cannot parse is
 * dropped without a word at run time (a prompt's room, a timer's size). */
static void
test_style_parses (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "ui", "style.css", NULL);
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  guint errors = 0;

  g_signal_connect (provider, "parsing-error", G_CALLBACK (on_css_error), &errors);
  gtk_css_provider_load_from_path (provider, path);
  g_assert_cmpuint (errors, ==, 0);
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

  g_test_add_func ("/ui/window/style-parses", test_style_parses);
  g_test_add_func ("/ui/window/views", test_window_views);
  g_test_add_func ("/ui/window/views-after-database", test_window_views_after_database);
  g_test_add_func ("/ui/window/bad-database", test_window_bad_database);
  g_test_add_func ("/ui/window/corrupt-database", test_window_corrupt_database);
  g_test_add_func ("/ui/window/corrupt-table", test_window_corrupt_table);
  g_test_add_func ("/ui/window/too-new-database", test_window_too_new_database);
  g_test_add_func ("/ui/window/database-busy", test_window_database_busy);
  g_test_add_func ("/ui/window/state-saved", test_window_state_saved);
  g_test_add_func ("/ui/window/about-and-shortcuts", test_window_about_and_shortcuts);
  g_test_add_func ("/ui/window/shortcuts-dutch", test_window_shortcuts_dutch);
  g_test_add_func ("/ui/window/minimum-size", test_window_minimum_size);
  g_test_add_func ("/ui/window/toasts", test_window_toasts);
  g_test_add_func ("/ui/window/catch-up", test_window_catch_up);
  g_test_add_func ("/ui/window/interrupted-session-told", test_window_interrupted_session_told);
  g_test_add_func ("/ui/window/tooltips", test_window_tooltips);
  g_test_add_func ("/ui/window/minimum-size-dutch", test_window_minimum_size_dutch);

  ret = g_test_run ();
  salve_test_ui_shutdown ();
  salve_test_remove_tree (tmpdir);
  g_free (tmpdir);

  return ret;
}
