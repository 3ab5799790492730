/* test-ui-report.c: Report… in the main menu writes the active person's
 * report off the GTK thread
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <adwaita.h>

#include "salve-application.h"
#include "salve-db.h"
#include "salve-diary-view.h"
#include "salve-patients-view.h"
#include "salve-diary-repo.h"
#include "salve-profile-repo.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"
#include "salve-window.h"
#include "salve-window-report.h"

static char *tmpdir;

static gboolean
has_name (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

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

static guint
count_pdf_pages (const char *contents,
                 gsize       length)
{
  static const char needle[] = "/Type /Page";
  const char *end = contents + length;
  guint n = 0;

  /* "/Type /Page" and not "/Type /Pages"; the file holds binary streams. */
  for (const char *p = contents; p + strlen (needle) < end; p++)
    if (memcmp (p, needle, strlen (needle)) == 0 && p[strlen (needle)] != 's')
      n++;
  return n;
}

/* The period Report… asks for, then the report printed through
 * GtkPrintOperation, exported to a file as a print dialog would. */
static void
test_report_period_and_print (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestReport2", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_build_filename (tmpdir, "print.db", NULL);
  g_autofree char *printed = g_build_filename (tmpdir, "printed.pdf", NULL);
  g_autofree char *saved = g_build_filename (tmpdir, "saved.pdf", NULL);
  g_autoptr(SalveDb) db = salve_db_open (db_path, NULL);
  g_autoptr(SalveProfile) anna = salve_profile_repo_add (db, "Anna", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  SalveReportOptions period = SALVE_REPORT_OPTIONS_INIT;
  SalveWindow *window;
  GtkWindow *dialog;
  gsize length;

  for (int d = 1; d <= 40; d++)
    {
      g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (anna));
      g_autoptr(GDateTime) base = g_date_time_new_local (2026, 1, 1, 9, 0, 0);
      g_autoptr(GDateTime) at = g_date_time_add_days (base, d);

      salve_diary_entry_set_at (entry, at);
      salve_diary_entry_set_pain (entry, 7 - d / 8);
      salve_diary_entry_set_region (entry, d % 2 ? "neck" : "knee-left");
      salve_diary_entry_set_note (entry, "Walked to the market and back, then rested for an hour.");
      g_assert_true (salve_diary_repo_add (db, entry, NULL));
    }

  window = salve_test_ui_open_window (app, db_path, 1000, 560);
  salve_window_set_profile (window, anna);

  /* Report… asks for the period first. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.report", NULL);
  dialog = salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, NULL));
  /* Dates are checked as they are typed: a Dutch date reads, one that
   * does not exist says so under the dates and holds Save back, so the
   * dialog never closes on a mistake. */
  {
    GtkDropDown *choice = GTK_DROP_DOWN (salve_test_ui_find_type (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN));
    GtkWidget *from = salve_test_ui_find_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
    GtkWidget *problem = salve_test_ui_find (GTK_WIDGET (dialog), has_name, "period-problem");

    gtk_drop_down_set_selected (choice, g_list_model_get_n_items (gtk_drop_down_get_model (choice)) - 1);
    g_assert_nonnull (from);
    g_assert_nonnull (problem);
    gtk_editable_set_text (GTK_EDITABLE (from), "01-12-2025");
    g_assert_false (gtk_widget_get_visible (problem));
    g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
    gtk_editable_set_text (GTK_EDITABLE (from), "31-02-2026");
    g_assert_true (gtk_widget_get_visible (problem));
    g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (problem)), "From: "));
    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "print"));
  }
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);

  /* Dates as the person types them; a plan it does not have; an end
   * before the start. */
  g_assert_true (_salve_window_report_period (window, SALVE_WINDOW_REPORT_DATES, "2026-01-10", "2026-01-20",
                                              &period, &error));
  g_assert_no_error (error);
  g_assert_true (period.has_from && period.has_to);
  {
    g_autoptr(GDateTime) from = g_date_time_new_local (2026, 1, 10, 0, 0, 0);
    g_autoptr(GDateTime) to = g_date_time_new_local (2026, 1, 21, 0, 0, 0);

    g_assert_cmpint (period.from_unix, ==, g_date_time_to_unix (from));
    g_assert_cmpint (period.to_unix, ==, g_date_time_to_unix (to));
  }
  g_assert_false (_salve_window_report_period (window, SALVE_WINDOW_REPORT_DATES, "2026-01-20", "2026-01-10",
                                               &period, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (_salve_window_report_period (window, SALVE_WINDOW_REPORT_DATES, "the tenth", NULL,
                                               &period, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (_salve_window_report_period (window, SALVE_WINDOW_REPORT_SINCE_PLAN, NULL, NULL, &period, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* A date as it is written in Dutch is the same day. */
  g_assert_true (_salve_window_report_period (window, SALVE_WINDOW_REPORT_DATES, "10-01-2026", "20-1-26",
                                              &period, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GDateTime) from = g_date_time_new_local (2026, 1, 10, 0, 0, 0);
    g_autoptr(GDateTime) to = g_date_time_new_local (2026, 1, 21, 0, 0, 0);

    g_assert_cmpint (period.from_unix, ==, g_date_time_to_unix (from));
    g_assert_cmpint (period.to_unix, ==, g_date_time_to_unix (to));
  }
  g_assert_true (_salve_window_report_period (window, SALVE_WINDOW_REPORT_LAST_4_WEEKS, NULL, NULL, &period, &error));
  g_assert_cmpint (period.to_unix - period.from_unix, >=, 28 * 86400 - 3600);
  g_assert_cmpint (period.to_unix - period.from_unix, <=, 28 * 86400 + 3600);
  g_assert_true (_salve_window_report_period (window, SALVE_WINDOW_REPORT_EVERYTHING, NULL, NULL, &period, &error));
  g_assert_false (period.has_from || period.has_to);

  /* Printed and saved, the same period gives the same pages. */
  g_assert_true (_salve_window_report_period (window, SALVE_WINDOW_REPORT_DATES, "2026-01-10", "2026-01-20",
                                              &period, &error));
  _salve_window_print_report (window, &period, printed);
  g_assert_true (salve_test_ui_wait (file_exists, printed, 20000));
  _salve_window_write_report_period (window, &period, saved);
  g_assert_true (salve_test_ui_wait (file_exists, saved, 20000));

  g_assert_true (g_file_get_contents (printed, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  {
    g_autofree char *saved_contents = NULL;
    gsize saved_length;
    guint printed_pages = count_pdf_pages (contents, length);

    g_assert_true (g_file_get_contents (saved, &saved_contents, &saved_length, NULL));
    g_assert_cmpuint (printed_pages, >=, 2);
    g_assert_cmpuint (printed_pages, ==, count_pdf_pages (saved_contents, saved_length));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A menu button whose menu has Report… in one of its sections. */
static gboolean
offers_report (GtkWidget     *widget,
               gconstpointer  data)
{
  GMenuModel *menu;

  if (!GTK_IS_MENU_BUTTON (widget))
    return FALSE;
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget));
  for (int i = 0; menu != NULL && i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *action = NULL;

          if (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action) &&
              g_str_equal (action, "win.report"))
            return TRUE;
        }
    }
  return FALSE;
}

/* The report is offered where a therapist and a patient look: each
 * patient's row menu (for that patient) and the diary's menu. */
static void
test_report_from_patients_and_diary (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestReport3", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_build_filename (tmpdir, "places.db", NULL);
  g_autoptr(SalveDb) db = salve_db_open (db_path, NULL);
  g_autoptr(SalveProfile) anna = salve_profile_repo_add (db, "Anna", NULL);
  g_autoptr(SalveProfile) bert = salve_profile_repo_add (db, "Bert", NULL);
  SalveWindow *window;
  GtkWindow *dialog;
  GtkWidget *view;
  GtkWidget *button;

  window = salve_test_ui_open_window (app, db_path, 1000, 700);
  salve_window_set_profile (window, anna);
  salve_window_show_view (window, "patients");
  salve_test_ui_iterate ();

  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_PATIENTS_VIEW, NULL);
  g_assert_true (gtk_widget_activate_action (view, "patients.report", "x", salve_profile_get_id (bert)));
  salve_test_ui_iterate ();
  /* Bert is the person of the report, and the period is asked first. */
  g_assert_cmpint (salve_profile_get_id (salve_window_get_profile (window)), ==, salve_profile_get_id (bert));
  dialog = salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);

  /* The diary's menu has it too, and it runs the window's action. */
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);
  button = salve_test_ui_find (view, offers_report, NULL);
  g_assert_nonnull (button);

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
  g_test_add_func ("/ui/report/period-and-print", test_report_period_and_print);
  g_test_add_func ("/ui/report/from-patients-and-diary", test_report_from_patients_and_diary);

  ret = g_test_run ();

  salve_test_remove_tree (tmpdir);
  g_free (tmpdir);
  salve_test_ui_shutdown ();

  return ret;
}
