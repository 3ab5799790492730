/* test-ui-report.c: Report… in the main menu writes the active person's
 * report off the GTK thread
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <adwaita.h>

#include "salve-application.h"
#include "salve-db.h"
#include "salve-diary-repo.h"
#include "salve-profile-repo.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"
#include "salve-window.h"
#include "salve-window-report.h"

static char *tmpdir;

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

static gboolean
has_class_action (GtkWidget  *widget,
                  const char *name)
{
  GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (widget);
  const char *action_name;
  GType owner;
  const GVariantType *parameter_type;
  const char *property_name;

  for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &action_name, &parameter_type, &property_name); i++)
    if (g_str_equal (action_name, name))
      return TRUE;
  return FALSE;
}

static void
test_report_from_the_menu (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestReport1", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_build_filename (tmpdir, "salve.db", NULL);
  g_autofree char *pdf = g_build_filename (tmpdir, "anna.pdf", NULL);
  g_autoptr(SalveDb) db = salve_db_open (db_path, NULL);
  g_autoptr(SalveProfile) anna = salve_profile_repo_add (db, "Anna", NULL);
  g_autofree char *contents = NULL;
  SalveWindow *window;
  struct stat st;
  gsize length;

  for (int d = 1; d <= 14; d++)
    {
      g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (anna));
      g_autofree char *at = g_strdup_printf ("2026-02-%02dT09:00:00", d);

      g_assert_true (salve_diary_entry_set_at_iso (entry, at, NULL));
      salve_diary_entry_set_pain (entry, 7 - d / 3);
      g_assert_true (salve_diary_repo_add (db, entry, NULL));
    }

  window = salve_test_ui_open_window (app, db_path, 1000, 560);
  g_assert_true (has_class_action (GTK_WIDGET (window), "win.report"));
  salve_window_set_profile (window, anna);
  _salve_window_write_report (window, pdf);
  g_assert_true (salve_test_ui_wait (file_exists, pdf, 20000));

  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpint (stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  salve_test_ui_init (&argc, &argv);
  tmpdir = salve_test_make_tmpdir ();

  g_test_add_func ("/ui/report/from-the-menu", test_report_from_the_menu);

  ret = g_test_run ();

  salve_test_remove_tree (tmpdir);
  g_free (tmpdir);
  salve_test_ui_shutdown ();

  return ret;
}
