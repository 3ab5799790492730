/* test-ui-diary.c: the diary view, its chart and the entry dialog
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "salve-care-plan-repo.h"

#include <adwaita.h>

#include "salve-application.h"
#include "salve-db.h"
#include "salve-diary-chart.h"
#include "salve-diary-entry-dialog.h"
#include "salve-diary-repo.h"
#include "salve-diary-view.h"
#include "salve-pain-scale.h"
#include "salve-profile-repo.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"
#include "salve-window.h"

static char *tmpdir;

/* The list of entries, not the list view inside the table's column view. */
static gboolean
is_entries_list (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_LIST_VIEW (widget) && !GTK_IS_COLUMN_VIEW (gtk_widget_get_parent (widget));
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

static gint64
count_entries (SalveWindow *window)
{
  return salve_diary_repo_count (salve_window_get_db (window),
                                 salve_profile_get_id (salve_window_get_profile (window)), NULL);
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
  /* The trend is written out, not only drawn. */
  summary = salve_test_ui_find_text (view, GTK_TYPE_LABEL, "10 entries on 10 days.");
  g_assert_nonnull (summary);
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
  dialog = SALVE_DIARY_ENTRY_DIALOG (salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG));
  g_assert_nonnull (dialog);
  button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_TOGGLE_BUTTON, "2");
  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  g_assert_true (salve_test_ui_wait (dialog_closed, NULL, 2000));
  g_assert_cmpint (count_entries (window), ==, 11);
  g_assert_cmpuint (salve_chart_get_n_points (chart), ==, 11);

  /* Without a pain rating nothing is saved and the dialog stays. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-diary-entry", NULL);
  dialog = SALVE_DIARY_ENTRY_DIALOG (salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  salve_test_ui_iterate ();
  g_assert_true (SALVE_DIARY_ENTRY_DIALOG (salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG)) == dialog);
  g_assert_cmpint (count_entries (window), ==, 11);
  gtk_window_close (GTK_WINDOW (dialog));
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
  g_assert_cmpuint (salve_chart_get_n_points (chart), ==, 10);

  gtk_window_destroy (GTK_WINDOW (window));
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

  g_assert_true (gtk_widget_grab_focus (scale));
  g_assert_true (gtk_widget_activate_action (scale, "pain-scale.step", "i", 1));
  g_assert_cmpint (salve_pain_scale_get_value (SALVE_PAIN_SCALE (scale)), ==, 0);
  gtk_widget_activate_action (scale, "pain-scale.step", "i", 1);
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
  salve_pain_scale_set_value (SALVE_PAIN_SCALE (scale), -1);
  g_assert_cmpint (salve_pain_scale_get_value (SALVE_PAIN_SCALE (scale)), ==, -1);
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
  GtkWidget *view, *chart_widget, *summary;
  const SalveDiaryStats *stats;
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
  summary = salve_test_ui_find_text (view, GTK_TYPE_LABEL, "12 entries on 12 days.");
  g_assert_nonnull (summary);
  text = gtk_label_get_text (GTK_LABEL (summary));
  g_assert_nonnull (strstr (text, "\nWeek 2 of the care plan, phase 1 (Weeks 1–3).\n"));
  g_assert_nonnull (strstr (text, "Swings in pain are normal in this phase."));

  chart_widget = salve_test_ui_find_text (view, SALVE_TYPE_DIARY_CHART, NULL);
  stats = salve_chart_get_stats (salve_diary_chart_get_chart (SALVE_DIARY_CHART (chart_widget)));
  g_assert_cmpint (stats->baseline_source, ==, SALVE_BASELINE_PLAN_START);
  g_assert_cmpint (g_date_compare (&stats->course_start, &start), ==, 0);
  g_assert_cmpfloat (stats->baseline, ==, 5.0);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  salve_test_ui_init (&argc, &argv);
  tmpdir = salve_test_make_tmpdir ();

  g_test_add_func ("/ui/diary/pain-scale-keys", test_pain_scale_keys);
  g_test_add_func ("/ui/diary/add-and-delete", test_diary_add_and_delete);
  g_test_add_func ("/ui/diary/without-profile", test_diary_without_profile);
  g_test_add_func ("/ui/diary/plan-summary", test_diary_plan_summary);

  ret = g_test_run ();
  salve_test_ui_shutdown ();
  salve_test_remove_tree (tmpdir);
  g_free (tmpdir);

  return ret;
}
