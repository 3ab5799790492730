/* test-ui-window.c: the real main window opens and has its views
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "salve-application.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"
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

static AdwViewStack *
find_view_stack (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwViewStack *found;

      if (ADW_IS_VIEW_STACK (child))
        return ADW_VIEW_STACK (child);

      if ((found = find_view_stack (child)))
        return found;
    }

  return NULL;
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

int
main (int    argc,
      char **argv)
{
  int ret;

  salve_test_ui_init (&argc, &argv);

  tmpdir = salve_test_make_tmpdir ();

  g_test_add_func ("/ui/window/views", test_window_views);
  g_test_add_func ("/ui/window/bad-database", test_window_bad_database);

  ret = g_test_run ();
  salve_test_ui_shutdown ();
  salve_test_remove_tree (tmpdir);
  g_free (tmpdir);

  return ret;
}
