/* test-ui-patients.c: the therapist's patient list and the import window
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "salve-add-patient.h"
#include "salve-application.h"
#include "salve-background.h"
#include "salve-care-plan-repo.h"
#include "salve-condition-repo.h"
#include "salve-db.h"
#include "salve-toast-bar.h"
#include "salve-diary-repo.h"
#include "salve-care-plan-dialog.h"
#include "salve-import-dialog.h"
#include "salve-importer.h"
#include "salve-patient-summary.h"
#include "salve-patients-view.h"
#include "salve-profile-repo.h"
#include "salve-profile-switcher.h"
#include "salve-signoff-repo.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"
#include "salve-window.h"

static char *tmpdir;

static char *
visible_view (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.salve.Salve");

  return g_settings_get_string (settings, "last-view");
}

static void
import_csv (const char *db_path,
            gint64      profile_id,
            const char *csv)
{
  g_autofree char *path = g_build_filename (tmpdir, "seed.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SalveImporter) importer = salve_importer_new (db_path, profile_id, file);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, csv, -1, NULL));
  g_assert_true (salve_importer_run (importer, NULL, &error));
  g_assert_no_error (error);
}

/* Two weeks a day apart, from @p0 to @p1, ending yesterday. */
static char *
diary_csv (int p0,
           int p1)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GString *csv = g_string_new ("datum;tijd;pijn;notitie\n");

  for (int d = 14; d >= 1; d--)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (now, -d);
      g_autofree char *date = g_date_time_format (day, "%d-%m-%Y");
      int pain = d > 7 ? p0 : p1;

      g_string_append_printf (csv, "%s;09:00;%d;\n", date, pain);
    }

  return g_string_free (csv, FALSE);
}

static SalveProfile *
seed (const char *db_path)
{
  g_autoptr(SalveDb) db = salve_db_open (db_path, NULL);
  g_autoptr(SalveProfile) anna = salve_profile_repo_add (db, "Anna de Vries", NULL);
  g_autoptr(SalveProfile) bram = salve_profile_repo_add (db, "Bram Jansen", NULL);
  g_autoptr(SalveProfile) carla = salve_profile_repo_add (db, "Carla Smit", NULL);
  g_autofree char *better = diary_csv (6, 3);
  g_autofree char *worse = diary_csv (4, 5);

  import_csv (db_path, salve_profile_get_id (anna), better);
  import_csv (db_path, salve_profile_get_id (bram), worse);
  (void) carla;

  return g_object_ref (anna);
}

static void
test_first_run_offers_to_add (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPatients1", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "empty.db", NULL);
  g_autofree char *view = NULL;
  SalveWindow *window = salve_test_ui_open_window (app, db, 1000, 560);
  SalvePatientsView *patients = SALVE_PATIENTS_VIEW (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_PATIENTS_VIEW));

  /* No profile yet: the window opens on Patients, which offers to add one. */
  view = visible_view ();
  g_assert_cmpstr (view, ==, "patients");
  g_assert_nonnull (patients);
  g_assert_cmpuint (_salve_patients_view_get_summaries (patients)->len, ==, 0);
  g_assert_null (salve_window_get_profile (window));
  salve_test_ui_screenshot (GTK_WIDGET (window), "patients-first-run");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
answer_all (SalveDb *db,
            gint64   profile_id)
{
  for (int c = 0; c < SALVE_N_CONDITIONS; c++)
    g_assert_true (salve_condition_repo_set (db, profile_id, c, SALVE_ANSWER_NO, SALVE_N_SITES, "Mark", NULL));
}

static GtkListBoxRow *
row_of (GtkListBox *list,
        const char *name)
{
  for (int i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      if (salve_test_ui_find_text (GTK_WIDGET (row), GTK_TYPE_LABEL, name) != NULL)
        return row;
    }

  return NULL;
}

static char *
row_names (GtkListBox *list)
{
  GString *names = g_string_new (NULL);

  for (int i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      if (!gtk_widget_get_child_visible (GTK_WIDGET (row)))
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, gtk_label_get_text (GTK_LABEL (salve_test_ui_find_type (GTK_WIDGET (row), GTK_TYPE_LABEL))));
    }

  return g_string_free (names, FALSE);
}

/* What the patient list shows at each frame the window paints. */
typedef struct
{
  GdkFrameClock *clock;
  GtkListBox    *list;
  GPtrArray     *names;     /* row_names() at each paint */
  GArray        *heights;   /* the list's height at each paint */
  GArray        *n_rows;    /* its rows at each paint */
  guint          idle_at;   /* paints when the rows were all made, plus 1 */
} RowPaints;

static void
note_row_paint (GdkFrameClock *clock,
                RowPaints     *paints)
{
  int height = gtk_widget_get_height (GTK_WIDGET (paints->list));
  guint n = 0;

  while (gtk_list_box_get_row_at_index (paints->list, (int) n) != NULL)
    n++;
  g_ptr_array_add (paints->names, row_names (paints->list));
  g_array_append_val (paints->heights, height);
  g_array_append_val (paints->n_rows, n);
}

static RowPaints *
row_paints_new (SalveWindow *window,
                GtkListBox  *list)
{
  RowPaints *paints = g_new0 (RowPaints, 1);

  paints->clock = g_object_ref (gtk_widget_get_frame_clock (GTK_WIDGET (window)));
  paints->list = list;
  paints->names = g_ptr_array_new_with_free_func (g_free);
  paints->heights = g_array_new (FALSE, FALSE, sizeof (int));
  paints->n_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (paints->clock, "after-paint", G_CALLBACK (note_row_paint), paints);

  return paints;
}

static void
row_paints_free (RowPaints *paints)
{
  g_signal_handlers_disconnect_by_data (paints->clock, paints);
  g_object_unref (paints->clock);
  g_ptr_array_unref (paints->names);
  g_array_unref (paints->heights);
  g_array_unref (paints->n_rows);
  g_free (paints);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RowPaints, row_paints_free)

static gboolean
painted_three_times (gpointer data)
{
  return ((RowPaints *) data)->names->len >= 3;
}

static gboolean
has_three_rows (gpointer data)
{
  return gtk_list_box_get_row_at_index (data, 2) != NULL;
}

static gboolean
summaries_replaced (gpointer data)
{
  gpointer *args = data;

  return _salve_patients_view_get_summaries (args[0]) != args[1];
}

static void
test_list_and_switch (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPatients2", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "three.db", NULL);
  g_autoptr(SalveProfile) anna = seed (db);
  SalveWindow *window = salve_test_ui_open_window (app, db, 1000, 560);
  SalvePatientsView *patients = SALVE_PATIENTS_VIEW (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_PATIENTS_VIEW));
  GPtrArray *summaries;
  SalvePatientSummary *s;
  GtkListBox *list;
  GtkMenuButton *button;
  GtkMenuButton *row_button;
  GtkListBox *menu;
  GtkWidget *carla_row;
  gpointer before;

  salve_window_show_view (window, "patients");
  summaries = _salve_patients_view_get_summaries (patients);
  g_assert_cmpuint (summaries->len, ==, 3);

  s = g_ptr_array_index (summaries, 0);
  g_assert_cmpstr (salve_profile_get_name (s->profile), ==, "Anna de Vries");
  g_assert_true (s->has_change);
  g_assert_cmpfloat_with_epsilon (s->current, 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->change_percent, -50.0, 1e-9);
  g_assert_nonnull (s->last_entry_at);
  g_assert_null (s->last_session_at);

  s = g_ptr_array_index (summaries, 1);
  g_assert_cmpfloat_with_epsilon (s->change_percent, 25.0, 1e-9);

  s = g_ptr_array_index (summaries, 2);
  g_assert_false (s->has_current);
  g_assert_null (s->last_entry_at);

  salve_test_ui_screenshot (GTK_WIDGET (window), "patients-list");

  /* One click on a row makes that patient the active one. */
  list = GTK_LIST_BOX (salve_test_ui_find_type (GTK_WIDGET (patients), GTK_TYPE_LIST_BOX));
  g_assert_nonnull (list);
  /* The rows come a frame after the view: on a busy machine, later. */
  g_assert_true (salve_test_ui_wait (has_three_rows, list, 5000));
  g_signal_emit_by_name (list, "row-activated", row_of (list, "Bram Jansen"));
  g_assert_cmpstr (salve_profile_get_name (salve_window_get_profile (window)), ==, "Bram Jansen");

  /* The header's patient menu, read when it opens: every patient, the
   * active one ticked; choosing one makes it the active one too. */
  button = GTK_MENU_BUTTON (salve_test_ui_find_type (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_PROFILE_SWITCHER),
                                                     GTK_TYPE_MENU_BUTTON));
  gtk_menu_button_popup (button);
  salve_test_ui_iterate ();
  menu = GTK_LIST_BOX (salve_test_ui_find_type (GTK_WIDGET (gtk_menu_button_get_popover (button)), GTK_TYPE_LIST_BOX));
  g_assert_nonnull (menu);
  salve_test_ui_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (button)), "patients-menu");
  g_assert_null (gtk_list_box_get_row_at_index (menu, 3));
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat (gtk_widget_get_opacity (salve_test_ui_find_type (GTK_WIDGET (gtk_list_box_get_row_at_index (menu, i)),
                                                                        GTK_TYPE_IMAGE)), ==, i == 1 ? 1 : 0);
  /* For a screen reader the rows are named, the active one said so (the
   * tick is only drawn), and the menu opens on it. */
  {
    g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (gtk_list_box_get_row_at_index (menu, 1)),
                                                                    GTK_ACCESSIBLE_PROPERTY_LABEL, "Bram Jansen, active");
    g_autofree char *other = gtk_test_accessible_check_property (GTK_ACCESSIBLE (gtk_list_box_get_row_at_index (menu, 2)),
                                                                 GTK_ACCESSIBLE_PROPERTY_LABEL, "Carla Smit");

    g_assert_null (mismatch);
    g_assert_null (other);
    g_assert_true (gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (menu))) ==
                   GTK_WIDGET (gtk_list_box_get_row_at_index (menu, 1)));
  }
  g_signal_emit_by_name (menu, "row-activated", gtk_list_box_get_row_at_index (menu, 2));
  g_assert_cmpstr (salve_profile_get_name (salve_window_get_profile (window)), ==, "Carla Smit");
  gtk_popover_popdown (gtk_menu_button_get_popover (button));

  /* Another active patient moves the list's check mark; its rows stay
   * (fifty rows made again would hold up the window) and their menus
   * are built when they open. */
  salve_window_show_view (window, "patients");
  g_assert_true (salve_test_ui_wait (has_three_rows, list, 5000));
  carla_row = GTK_WIDGET (row_of (list, "Carla Smit"));
  g_assert_cmpfloat (gtk_widget_get_opacity (salve_test_ui_find_type (carla_row, GTK_TYPE_IMAGE)), ==, 1);
  row_button = GTK_MENU_BUTTON (salve_test_ui_find_type (carla_row, GTK_TYPE_MENU_BUTTON));
  g_assert_null (gtk_menu_button_get_menu_model (row_button));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (row_button)));

  before = summaries = _salve_patients_view_get_summaries (patients);
  salve_window_set_profile (window, anna);
  g_assert_true (salve_test_ui_wait (summaries_replaced, (gpointer[]) { patients, before }, 5000));
  g_assert_true (GTK_WIDGET (row_of (list, "Carla Smit")) == carla_row);
  g_assert_cmpfloat (gtk_widget_get_opacity (salve_test_ui_find_type (carla_row, GTK_TYPE_IMAGE)), ==, 0);
  g_assert_cmpfloat (gtk_widget_get_opacity (salve_test_ui_find_type (GTK_WIDGET (row_of (list, "Anna de Vries")),
                                                                      GTK_TYPE_IMAGE)), ==, 1);

  gtk_menu_button_popup (row_button);
  salve_test_ui_iterate ();
  g_assert_nonnull (gtk_menu_button_get_menu_model (row_button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (row_button))));
  gtk_menu_button_popdown (row_button);

  /* An entry added while the list was out of sight (in the diary, or by
   * salvectl) is in the mean when it comes back: it showed the old trend
   * until another patient was added. */
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  {
    g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (anna));
    g_autoptr(GError) error = NULL;

    salve_diary_entry_set_pain (entry, 10);
    g_assert_true (salve_diary_repo_add (salve_window_get_db (window), entry, &error));
    g_assert_no_error (error);
  }
  before = _salve_patients_view_get_summaries (patients);
  salve_window_show_view (window, "patients");
  g_assert_true (salve_test_ui_wait (summaries_replaced, (gpointer[]) { patients, before }, 5000));
  summaries = _salve_patients_view_get_summaries (patients);
  s = g_ptr_array_index (summaries, 0);
  g_assert_cmpstr (salve_profile_get_name (s->profile), ==, "Anna de Vries");
  g_assert_cmpfloat (s->current, >, 3.0 + 1e-9);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
page_is (gpointer data)
{
  SalveImportDialog *dialog = ((gpointer *) data)[0];
  const char *page = ((gpointer *) data)[1];

  return g_strcmp0 (salve_import_dialog_get_page (dialog), page) == 0;
}

static void
wait_page (SalveImportDialog *dialog,
           const char        *page)
{
  gpointer data[2] = { dialog, (gpointer) page };

  /* Generous: the preview of a 300,000-row file takes over 20 s in the
   * sanitizer build. */
  g_assert_true (salve_test_ui_wait (page_is, data, 120000));
}

static gboolean
can_import (gpointer data)
{
  return salve_import_dialog_get_can_import (data);
}

static gboolean
cannot_import (gpointer data)
{
  return !salve_import_dialog_get_can_import (data);
}

static gint64
count_entries (const char *db_path,
               gint64      profile_id)
{
  g_autoptr(SalveDb) db = salve_db_open (db_path, NULL);
  g_autoptr(SalveStmt) stmt = salve_db_prepare (db, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", NULL);

  salve_stmt_bind_int64 (stmt, 1, profile_id, NULL);
  g_assert_true (salve_stmt_step (stmt, NULL));
  return salve_stmt_get_int64 (stmt, 0);
}

/* Writes @contents to @name in the test folder and opens the import
 * window on it, for Anna of a database of its own, beside a main window
 * of 1000 × 560; returns once the preview can import. */
static SalveImportDialog *
open_preview (SalveApplication  *app,
              const char        *name,
              const char        *contents,
              SalveWindow      **window)
{
  g_autofree char *db_name = g_strconcat (name, ".db", NULL);
  g_autofree char *db = g_build_filename (tmpdir, db_name, NULL);
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SalveProfile) anna = NULL;
  SalveImportDialog *dialog;

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  anna = seed (db);
  *window = salve_test_ui_open_window (app, db, 1000, 560);
  dialog = salve_import_dialog_new (*window, db, anna, file);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_page (dialog, "preview");
  g_assert_true (salve_test_ui_wait (can_import, dialog, 20000));
  /* Import has the focus and Return, not Cancel. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog)) == gtk_window_get_default_widget (GTK_WINDOW (dialog)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (gtk_window_get_focus (GTK_WINDOW (dialog)))), ==, "_Import");

  return dialog;
}

/* The preview names a region as every screen does: "Left knee" for the
 * "knie links" of the file, which is stored as knee-left. */
static void
test_import_preview_regions (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPatients7", G_APPLICATION_NON_UNIQUE);
  SalveWindow *window;
  SalveImportDialog *dialog = open_preview (app, "regions.csv",
                                            "datum;tijd;pijn;locatie\n"
                                            "01-03-2026;08:00;3;knie links\n"
                                            "01-03-2026;20:00;4;hele lichaam\n", &window);

  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "Left knee"));
  g_assert_null (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "knee-left"));
  /* Import, which has the focus, is described by what the check found:
   * a screen reader hears it there. */
  {
    GtkWidget *import = gtk_window_get_focus (GTK_WINDOW (dialog));
    GtkLabel *counts = GTK_LABEL (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "2 rows"));
    g_autofree char *mismatch = NULL;

    g_assert_nonnull (counts);
    /* It returns the value when it differs from the one given. */
    mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (import), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "");
    g_assert_nonnull (mismatch);
    g_assert_true (g_str_has_prefix (mismatch, gtk_label_get_label (counts)));
  }
  /* Text that names no region is shown as typed. */
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "hele lichaam"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A column with no name (only a space) is named by its place above its
 * choice, as the importer's note names it, not left blank. */
static void
test_import_unnamed_column (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPatients12", G_APPLICATION_NON_UNIQUE);
  SalveWindow *window;
  SalveImportDialog *dialog = open_preview (app, "unnamed.csv",
                                            "datum;tijd;pijn; ;notitie\n"
                                            "01-03-2026;08:00;3;x;goed geslapen\n", &window);

  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "Column 4 (no name)"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A spreadsheet given for its CSV: the page says why it cannot be
 * imported, and Close (not Cancel: nothing is under way) has the focus
 * and Return. */
static void
test_import_not_csv (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPatients13", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "not-csv.db", NULL);
  g_autofree char *path = g_build_filename (tmpdir, "sheet.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SalveProfile) anna = NULL;
  SalveWindow *window;
  SalveImportDialog *dialog;
  GtkWidget *focus;
  GtkWidget *cancel;

  g_assert_true (g_file_set_contents (path, "PK\x03\x04 a zipped workbook", -1, NULL));
  anna = seed (db);
  window = salve_test_ui_open_window (app, db, 800, 600);
  dialog = salve_import_dialog_new (window, db, anna, file);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_page (dialog, "summary");

  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "This File Cannot Be Imported"));
  focus = gtk_window_get_focus (GTK_WINDOW (dialog));
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, "_Close");
  g_assert_true (focus == gtk_window_get_default_widget (GTK_WINDOW (dialog)));
  cancel = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_Cancel");
  g_assert_true (cancel == NULL || !gtk_widget_get_visible (cancel));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_cut_heading (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "heading") &&
         gtk_widget_get_mapped (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_GRID) != NULL &&
         pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget)));
}

/* The preview of @contents in a dialog 360 px wide beside @window, once
 * it can import: @heading is among its column headings and none of them
 * is cut. */
static SalveImportDialog *
preview_with_heading (SalveWindow  *window,
                      const char   *db,
                      SalveProfile *profile,
                      const char   *path,
                      const char   *contents,
                      const char   *heading)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SalveImportDialog *dialog;
  GtkWidget *cut;

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  dialog = salve_import_dialog_new (window, db, profile, file);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 560);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_page (dialog, "preview");
  g_assert_true (salve_test_ui_wait (can_import, dialog, 20000));
  salve_test_ui_iterate ();
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, heading));
  cut = salve_test_ui_find (GTK_WIDGET (dialog), is_cut_heading, NULL);
  if (cut != NULL)
    g_error ("The heading “%s” is cut off", gtk_label_get_text (GTK_LABEL (cut)));

  return dialog;
}

/* The preview's column headings are read whole, however narrow the
 * window: a long heading ("Lichaamsdeel of behandelplek" in Dutch) wraps. */
static void
test_import_preview_headings (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPatients9", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "import-headings.db", NULL);
  g_autofree char *path = g_build_filename (tmpdir, "headings.csv", NULL);
  g_autoptr(SalveProfile) anna = seed (db);
  SalveWindow *window = salve_test_ui_open_window (app, db, 800, 600);
  SalveImportDialog *dialog;

  dialog = preview_with_heading (window, db, anna, path,
                                 "datum;tijd;pijn;locatie;notitie\n"
                                 "01-03-2026;08:00;3;knie links;goed geslapen\n", "Region or site");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* With an intake among the rows its medicine stands in that column,
   * and the heading says so. */
  dialog = preview_with_heading (window, db, anna, path,
                                 "datum;tijd;pijn;locatie;medicatie;notitie\n"
                                 "01-03-2026;08:00;3;knie links;;goed geslapen\n"
                                 "01-03-2026;09:00;;;Ibuprofen;\n", "Region, site or medicine");
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "Ibuprofen"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A rating with an intake beside it shows the intake too: it is
   * stored, and was nowhere in the preview. */
  dialog = preview_with_heading (window, db, anna, path,
                                 "datum;tijd;pijn;locatie;medicatie;dosis;notitie\n"
                                 "02-03-2026;08:00;5;nek;paracetamol;500 mg;slecht geslapen\n", "Region or site");
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL,
                                             "slecht geslapen · Medication: paracetamol 500 mg"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
shows_text (gpointer data)
{
  gpointer *args = data;

  return salve_test_ui_find_text (args[0], GTK_TYPE_LABEL, args[1]) != NULL;
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
}

static gboolean
is_label_containing (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

/* An American file's dates are read month first, and the preview says so
 * and shows the days so read; "Date order" turns them round, and back. */
static void
test_import_preview_dates (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPatients10", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "dates.csv.db", NULL);
  gpointer day_first[2] = { NULL, (gpointer) "Rejected" };
  SalveWindow *window;
  SalveImportDialog *dialog = open_preview (app, "dates.csv",
                                            "Date,Time,Pain level\n"
                                            "3/2/2026,8:30 AM,5\n"
                                            "3/13/2026,9:00 PM,4\n", &window);
  GtkWidget *dates;
  GtkWidget *dropdown;

  salve_test_ui_iterate ();

  g_assert_nonnull (salve_test_ui_find (GTK_WIDGET (dialog), is_label_containing,
                                        "Dates are read month first, as this file writes them (“3/13/2026” on line 3): "
                                        "“3/2/2026” is Mon 2 Mar 2026. Only that one date tells"));
  g_assert_nonnull (salve_test_ui_find (GTK_WIDGET (dialog), is_label_containing, "2 Mar 2026"));
  g_assert_nonnull (salve_test_ui_find (GTK_WIDGET (dialog), is_label_containing, "13 Mar 2026"));
  dropdown = salve_test_ui_find (GTK_WIDGET (dialog), is_named, "dates");
  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  dates = gtk_widget_get_prev_sibling (dropdown);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (dates)), ==, "Date order");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, 1);
  salve_test_ui_screenshot (GTK_WIDGET (dialog), "patients-import-dates");

  /* Day first: 3/13/2026 is no date, 3/2/2026 is 3 February. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 0);
  day_first[0] = dialog;
  g_assert_true (salve_test_ui_wait (shows_text, day_first, 20000));
  g_assert_true (salve_test_ui_wait (can_import, dialog, 20000));
  salve_test_ui_iterate ();
  g_assert_nonnull (salve_test_ui_find (GTK_WIDGET (dialog), is_label_containing, "3 Feb 2026"));
  g_assert_nonnull (salve_test_ui_find (GTK_WIDGET (dialog), is_label_containing,
                                        "“3/13/2026” is written month first"));
  g_assert_null (salve_test_ui_find (GTK_WIDGET (dialog), is_label_containing, "Dates are read"));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, 0);

  /* Imported as chosen. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
  g_assert_true (salve_test_ui_wait (can_import, dialog, 20000));
  salve_import_dialog_start (dialog);
  wait_page (dialog, "summary");
  {
    g_autoptr(SalveDb) handle = salve_db_open (db, NULL);
    g_autoptr(SalveStmt) stmt = salve_db_prepare (handle, "SELECT count(*) FROM diary_entries WHERE substr (at, 1, 16)"
                                                          " IN ('2026-03-02T08:30', '2026-03-13T21:00')", NULL);

    g_assert_true (salve_stmt_step (stmt, NULL));
    g_assert_cmpint (salve_stmt_get_int64 (stmt, 0), ==, 2);
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A note of 100 KB is a line of the preview, not thousands: it showed
 * whole, the rows after it out of reach (an outside look). It is stored
 * whole. */
static void
test_import_preview_long_note (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPatientsLongNote",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autoptr(GString) csv = g_string_new ("Datum,Tijd,Pijn,Notitie\n01-03-2026,08:00,5,");
  g_autoptr(GString) shown = NULL;
  SalveWindow *window;
  SalveImportDialog *dialog;
  GtkWidget *label;

  for (guint i = 0; i < 10000; i++)
    g_string_append (csv, "lang ");
  g_string_append (csv, "\n02-03-2026,08:00,4,kort\n");
  dialog = open_preview (app, "long-note.csv", csv->str, &window);
  salve_test_ui_iterate ();

  label = salve_test_ui_find (GTK_WIDGET (dialog), is_label_containing, "lang lang lang");
  g_assert_nonnull (label);
  shown = g_string_new (gtk_label_get_text (GTK_LABEL (label)));
  g_assert_cmpuint (g_utf8_strlen (shown->str, -1), <=, 280);
  g_assert_true (g_str_has_suffix (shown->str, "…"));
  g_assert_nonnull (salve_test_ui_find (GTK_WIDGET (dialog), is_label_containing, "kort"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A FHIR Bundle is said as one, not as a comma-separated ASCII file
 * whose headers were matched, and has no columns to correct. */
static void
test_import_preview_fhir (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPatientsFhir",
                                                           G_APPLICATION_NON_UNIQUE);
  static const char bundle[] =
    "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": ["
    "{\"fullUrl\": \"urn:uuid:91860643-92c9-4bd5-bd43-1aab4838f509\", \"resource\": {\"resourceType\": \"Patient\","
    " \"id\": \"patient-1\", \"name\": [{\"text\": \"P\"}]}},"
    "{\"fullUrl\": \"urn:uuid:6966a3d8-cd14-45de-9638-ab23848620e4\", \"resource\": {\"resourceType\": \"Observation\","
    " \"id\": \"diary-1\", \"status\": \"final\", \"code\": {\"coding\": [{\"system\": \"http://loinc.org\","
    " \"code\": \"72514-3\"}]}, \"subject\": {\"reference\": \"urn:uuid:91860643-92c9-4bd5-bd43-1aab4838f509\"},"
    " \"effectiveDateTime\": \"2026-03-01T08:00:00+01:00\", \"valueInteger\": 5}}]}";
  SalveWindow *window;
  SalveImportDialog *dialog = open_preview (app, "bundle.json", bundle, &window);
  GtkWidget *mapping;

  salve_test_ui_iterate ();
  g_assert_nonnull (salve_test_ui_find (GTK_WIDGET (dialog), is_label_containing, "bundle.json · FHIR Bundle (JSON)"));
  g_assert_null (salve_test_ui_find (GTK_WIDGET (dialog), is_label_containing, "separated by"));
  mapping = salve_test_ui_find_type (GTK_WIDGET (dialog), GTK_TYPE_FLOW_BOX);
  g_assert_nonnull (mapping);
  g_assert_false (gtk_widget_get_visible (mapping));
  g_assert_nonnull (salve_test_ui_find (GTK_WIDGET (dialog), is_label_containing, "1 Mar 2026"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_import_dialog (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPatients3", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "import.db", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", "bad-rows.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SalveProfile) anna = seed (db);
  SalveWindow *window = salve_test_ui_open_window (app, db, 1000, 560);
  SalveImportDialog *dialog;
  gint64 before = count_entries (db, salve_profile_get_id (anna));

  dialog = salve_import_dialog_new (window, db, anna, file);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_page (dialog, "preview");
  g_assert_true (salve_test_ui_wait (can_import, dialog, 20000));
  salve_test_ui_screenshot (GTK_WIDGET (dialog), "patients-import-preview");
  /* Dates as every screen shows them, not as stored. */
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "Sun 1 Mar 2026, 08:00"));

  /* The preview was a dry run: nothing stored yet. */
  g_assert_cmpint (count_entries (db, salve_profile_get_id (anna)), ==, before);

  salve_import_dialog_start (dialog);
  g_assert_cmpstr (salve_import_dialog_get_page (dialog), ==, "running");
  wait_page (dialog, "summary");
  salve_test_ui_screenshot (GTK_WIDGET (dialog), "patients-import-summary");

  g_assert_cmpint (count_entries (db, salve_profile_get_id (anna)), ==, before + 2);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_mapping_correction (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPatients4", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "mapping.db", NULL);
  g_autofree char *path = g_build_filename (tmpdir, "gevoel.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SalveProfile) anna = seed (db);
  SalveWindow *window = salve_test_ui_open_window (app, db, 1000, 560);
  SalveImportDialog *dialog;
  gint64 before = count_entries (db, salve_profile_get_id (anna));

  /* "Gevoel" (feeling) holds the pain score but no header says so. */
  g_assert_true (g_file_set_contents (path, "Datum;Tijd;Gevoel;Opmerking\n"
                                            "01-03-2026;08:00;4;stijf\n"
                                            "02-03-2026;08:00;3;beter\n", -1, NULL));
  dialog = salve_import_dialog_new (window, db, anna, file);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_page (dialog, "preview");
  g_assert_true (salve_test_ui_wait (cannot_import, dialog, 2000));
  salve_test_ui_screenshot (GTK_WIDGET (dialog), "patients-mapping-missing");

  /* The preview runs again with the corrected mapping. */
  salve_import_dialog_set_column_field (dialog, 2, SALVE_CSV_FIELD_PAIN);
  g_assert_true (salve_test_ui_wait (can_import, dialog, 20000));
  salve_test_ui_screenshot (GTK_WIDGET (dialog), "patients-mapping-corrected");

  salve_import_dialog_start (dialog);
  wait_page (dialog, "summary");
  g_assert_cmpint (count_entries (db, salve_profile_get_id (anna)), ==, before + 2);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_import_cancel (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPatients5", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "cancel.db", NULL);
  g_autofree char *path = g_build_filename (tmpdir, "long.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SalveProfile) anna = seed (db);
  g_autoptr(GString) csv = g_string_new ("datum;tijd;pijn\n");
  SalveWindow *window = salve_test_ui_open_window (app, db, 1000, 560);
  SalveImportDialog *dialog;
  gint64 before = count_entries (db, salve_profile_get_id (anna));

  for (guint i = 0; i < 300000; i++)
    g_string_append_printf (csv, "%02u-%02u-%u;%02u:%02u;%u\n", 1 + i % 28, 1 + (i / 28) % 12,
                            1990 + i / 336, (i / 7) % 24, i % 60, i % 11);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));

  dialog = salve_import_dialog_new (window, db, anna, file);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_page (dialog, "preview");
  g_assert_true (salve_test_ui_wait (can_import, dialog, 60000));

  /* Cancel while rows are being written: nothing is stored. */
  salve_import_dialog_start (dialog);
  g_assert_cmpstr (salve_import_dialog_get_page (dialog), ==, "running");
  salve_import_dialog_cancel (dialog);
  wait_page (dialog, "summary");
  g_assert_cmpstr (_salve_import_dialog_get_summary_title (dialog), ==, "Import Cancelled");
  salve_test_ui_screenshot (GTK_WIDGET (dialog), "patients-import-cancelled");
  g_assert_cmpint (count_entries (db, salve_profile_get_id (anna)), ==, before);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
not_busy (gpointer data)
{
  return _salve_patients_view_get_busy (data) == 0;
}

static const char *
summary_name (SalvePatientsView *patients,
              guint              i)
{
  SalvePatientSummary *s = g_ptr_array_index (_salve_patients_view_get_summaries (patients), i);

  return salve_profile_get_name (s->profile);
}

static void
delete_and_wait (SalvePatientsView *patients,
                 gint64             id,
                 guint              entries)
{
  AdwMessageDialog *dialog = _salve_patients_view_ask_delete (patients, id);
  g_autofree char *count = g_strdup_printf ("(%u entries)", entries);

  g_assert_nonnull (dialog);
  /* It says what goes, and offers an export first. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), count));
  g_assert_true (adw_message_dialog_has_response (dialog, "export"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (dialog, "delete");
  g_assert_true (salve_test_ui_wait (not_busy, patients, 20000));
  /* The summaries are read again in a worker. */
  salve_test_ui_iterate ();
}

typedef struct
{
  GtkWindow  *window;
  const char *name;
} FocusOn;

/* The focus is on the row of the patient called @name. */
static gboolean
focus_on_row (gpointer data)
{
  FocusOn *on = data;
  GtkWidget *focus = gtk_window_get_focus (on->window);

  return GTK_IS_LIST_BOX_ROW (focus) && salve_test_ui_find_text (focus, GTK_TYPE_LABEL, on->name) != NULL;
}

static gboolean
undo_toast_gone (gpointer data)
{
  return _salve_patients_view_get_undo_toast (data) == NULL;
}

static gboolean
toast_says_back (gpointer data)
{
  AdwToast *toast = salve_toast_bar_get_shown (data);

  return toast != NULL && strstr (adw_toast_get_title (toast), " is back") != NULL;
}

static void
test_rename_delete_undo (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPatients6", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "delete.db", NULL);
  g_autoptr(SalveProfile) anna = seed (db);
  g_autoptr(GError) error = NULL;
  SalveWindow *window = salve_test_ui_open_window (app, db, 1000, 560);
  SalvePatientsView *patients = SALVE_PATIENTS_VIEW (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_PATIENTS_VIEW));
  GPtrArray *summaries;
  SalvePatientSummary *bram;
  gint64 bram_id, anna_id = salve_profile_get_id (anna);
  AdwMessageDialog *dialog;
  AdwToast *undo;
  GtkListBox *list;

  salve_window_show_view (window, "patients");
  salve_window_set_profile (window, anna);
  salve_test_ui_iterate ();
  summaries = _salve_patients_view_get_summaries (patients);
  g_assert_cmpuint (summaries->len, ==, 3);
  bram = g_ptr_array_index (summaries, 1);
  bram_id = salve_profile_get_id (bram->profile);

  /* Rename: checked as Add checks a name; the active patient follows. */
  g_assert_false (_salve_patients_view_rename (patients, anna_id, " Anna", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (_salve_patients_view_rename (patients, anna_id, "carla smit", &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (_salve_patients_view_rename (patients, anna_id, "Anna Visser", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (salve_profile_get_name (salve_window_get_profile (window)), ==, "Anna Visser");
  salve_test_ui_iterate ();
  g_assert_cmpstr (summary_name (patients, 0), ==, "Anna Visser");

  /* Cancel deletes nothing. */
  dialog = _salve_patients_view_ask_delete (patients, bram_id);
  salve_test_ui_screenshot (GTK_WIDGET (dialog), "patients-delete-question");
  adw_message_dialog_response (dialog, "cancel");
  g_assert_cmpuint (_salve_patients_view_get_summaries (patients)->len, ==, 3);

  /* Delete, then Undo: every entry is back. */
  delete_and_wait (patients, bram_id, 14);
  g_assert_cmpuint (_salve_patients_view_get_summaries (patients)->len, ==, 2);
  g_assert_cmpint (count_entries (db, bram_id), ==, 0);
  undo = _salve_patients_view_get_undo_toast (patients);
  g_assert_nonnull (undo);
  g_assert_cmpstr (adw_toast_get_button_label (undo), ==, "_Undo");
  salve_test_ui_screenshot (GTK_WIDGET (window), "patients-deleted-undo");
  g_signal_emit_by_name (undo, "button-clicked");
  g_assert_true (salve_test_ui_wait (not_busy, patients, 20000));
  salve_test_ui_iterate ();
  g_assert_cmpuint (_salve_patients_view_get_summaries (patients)->len, ==, 3);
  g_assert_cmpstr (summary_name (patients, 1), ==, "Bram Jansen");
  g_assert_cmpint (count_entries (db, bram_id), ==, 14);

  /* The active patient: none is active after the delete, and Undo makes
   * them the active one again. */
  delete_and_wait (patients, anna_id, 14);
  g_assert_null (salve_window_get_profile (window));
  g_assert_cmpuint (_salve_patients_view_get_summaries (patients)->len, ==, 2);
  g_signal_emit_by_name (_salve_patients_view_get_undo_toast (patients), "button-clicked");
  g_assert_true (salve_test_ui_wait (not_busy, patients, 20000));
  salve_test_ui_iterate ();
  g_assert_nonnull (salve_window_get_profile (window));
  g_assert_cmpstr (salve_profile_get_name (salve_window_get_profile (window)), ==, "Anna Visser");
  g_assert_cmpint (count_entries (db, anna_id), ==, 14);

  list = GTK_LIST_BOX (salve_test_ui_find_type (GTK_WIDGET (patients), GTK_TYPE_LIST_BOX));
  /* By keyboard: the focus went with the deleted patient's row; it comes
   * to the row now in its place, where Ctrl+Z is heard while the
   * delete's toast shows, and then to the patient back. */
  gtk_window_set_focus (GTK_WINDOW (window), GTK_WIDGET (row_of (list, "Bram Jansen")));
  delete_and_wait (patients, bram_id, 14);
  g_assert_cmpuint (_salve_patients_view_get_summaries (patients)->len, ==, 2);
  g_assert_true (salve_test_ui_wait (focus_on_row, &(FocusOn) { GTK_WINDOW (window), "Carla Smit" }, 5000));
  g_assert_true (salve_test_ui_press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK));
  g_assert_true (salve_test_ui_wait (undo_toast_gone, patients, 5000));
  g_assert_true (salve_test_ui_wait (not_busy, patients, 20000));
  g_assert_true (salve_test_ui_wait (focus_on_row, &(FocusOn) { GTK_WINDOW (window), "Bram Jansen" }, 5000));
  salve_test_ui_iterate ();
  g_assert_cmpuint (_salve_patients_view_get_summaries (patients)->len, ==, 3);
  g_assert_cmpint (count_entries (db, bram_id), ==, 14);
  g_assert_null (_salve_patients_view_get_undo_toast (patients));
  /* Nothing more to undo. */
  salve_test_ui_press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK);
  g_assert_true (salve_test_ui_wait (not_busy, patients, 20000));
  g_assert_cmpuint (_salve_patients_view_get_summaries (patients)->len, ==, 3);

  /* Undo after the name was given to a new patient meanwhile: the one
   * brought back gets "NAME (2)", and the toast says so (it said the
   * database's UNIQUE constraint failed). The messages so far are read
   * first. */
  {
    SalveToastBar *bar = SALVE_TOAST_BAR (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_TOAST_BAR));
    AdwToast *shown;

    while ((shown = salve_toast_bar_get_shown (bar)) != NULL)
      g_signal_emit_by_name (shown, "dismissed");
  }
  delete_and_wait (patients, bram_id, 14);
  g_assert_cmpuint (_salve_patients_view_get_summaries (patients)->len, ==, 2);
  {
    g_autoptr(SalveDb) other = salve_db_open (db, &error);
    g_autoptr(SalveProfile) newcomer = NULL;
    SalveToastBar *bar = SALVE_TOAST_BAR (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_TOAST_BAR));
    AdwToast *said;

    g_assert_no_error (error);
    newcomer = salve_profile_repo_add (other, "bram jansen", &error);
    g_assert_no_error (error);
    undo = _salve_patients_view_get_undo_toast (patients);
    /* As the toast bar's button does: the toast goes as it acts. */
    g_signal_emit_by_name (undo, "button-clicked");
    g_signal_emit_by_name (undo, "dismissed");
    g_assert_true (salve_test_ui_wait (not_busy, patients, 20000));
    salve_test_ui_iterate ();
    g_assert_true (salve_test_ui_wait (toast_says_back, bar, 5000));
    said = salve_toast_bar_get_shown (bar);
    g_assert_nonnull (said);
    g_assert_cmpstr (adw_toast_get_title (said), ==,
                     "“Bram Jansen” is back as “Bram Jansen (2)”: another patient was given the name meanwhile.");
    salve_test_ui_screenshot (GTK_WIDGET (window), "patients-undo-renamed");
    g_assert_cmpuint (_salve_patients_view_get_summaries (patients)->len, ==, 4);
    g_assert_cmpint (count_entries (db, bram_id), ==, 14);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
only_bram (gpointer data)
{
  g_autofree char *names = row_names (data);

  return g_str_equal (names, "Bram Jansen");
}

static gboolean
only_frank (gpointer data)
{
  g_autofree char *names = row_names (data);

  return g_str_equal (names, "Frank Möl");
}

/* What needs attention shows as tags, sorts first, and a search by name
 * narrows the list; a row opens that patient's diary. */
static gboolean
has_summaries (gpointer data)
{
  return _salve_patients_view_get_summaries (data) != NULL;
}

/* A window started on the diary, so that Patients is built hidden, once
 * the patients' summaries are in. */
static SalveWindow *
open_on_diary (SalveApplication   *app,
               const char         *db_path,
               int                 width,
               int                 height,
               SalvePatientsView **patients,
               GtkListBox        **list)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.salve.Salve");
  SalveWindow *window;

  g_settings_set_string (settings, "last-view", "diary");
  window = salve_test_ui_open_window (app, db_path, width, height);
  g_settings_reset (settings, "last-view");
  *patients = SALVE_PATIENTS_VIEW (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_PATIENTS_VIEW));
  g_assert_true (salve_test_ui_wait (has_summaries, *patients, 5000));
  *list = GTK_LIST_BOX (salve_test_ui_find_type (GTK_WIDGET (*patients), GTK_TYPE_LIST_BOX));

  return window;
}

/* A tag is as wide as its words (its pill no wider), at the start of the
 * row's text, under the name. */
static void
assert_tag_fits_its_words (GtkListBoxRow *row,
                           const char    *tag_text,
                           const char    *name)
{
  GtkWidget *tag = salve_test_ui_find_text (GTK_WIDGET (row), GTK_TYPE_LABEL, tag_text);
  GtkWidget *title = salve_test_ui_find_text (GTK_WIDGET (row), GTK_TYPE_LABEL, name);
  graphene_rect_t t, n;
  int natural = 0;

  g_assert_nonnull (tag);
  g_assert_nonnull (title);
  g_assert_true (gtk_widget_compute_bounds (tag, GTK_WIDGET (row), &t));
  g_assert_true (gtk_widget_compute_bounds (title, GTK_WIDGET (row), &n));
  gtk_widget_measure (tag, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpfloat_with_epsilon (t.size.width, natural, 1);
  g_assert_cmpfloat (t.size.width, <, n.size.width);
  g_assert_cmpfloat_with_epsilon (t.origin.x, n.origin.x, 1);
  g_assert_cmpfloat (t.origin.y, >, n.origin.y);
}

static gboolean
is_named_widget (GtkWidget     *widget,
                 gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
}

static void
test_attention_sort_search (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPatients8", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_build_filename (tmpdir, "attention.db", NULL);
  g_autoptr(SalveProfile) anna = seed (db_path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) old = g_date_time_add_days (now, -10);
  g_autoptr(GDateTime) plan_start = g_date_time_add_days (now, -30);
  g_autofree char *old_date = g_date_time_format (old, "%d-%m-%Y");
  g_autofree char *old_csv = g_strdup_printf ("datum;tijd;pijn;notitie\n%s;09:00;5;\n", old_date);
  g_autofree char *names = NULL;
  g_autofree char *view = NULL;
  SalveWindow *window;
  SalvePatientsView *patients;
  GtkListBox *list;
  GtkDropDown *sort;
  GtkListBoxRow *row;
  gint64 bram_id, dirk_id, frank_id = 0;

  {
    g_autoptr(SalveDb) db = salve_db_open (db_path, NULL);
    g_autoptr(SalveProfile) bram = salve_profile_repo_find_by_name (db, "Bram Jansen", NULL);
    g_autoptr(SalveProfile) dirk = salve_profile_repo_add (db, "Dirk Bakker", NULL);
    g_autoptr(SalveSignoff) signoff = NULL;
    g_autoptr(SalveCarePlan) plan = NULL;
    SalveProfileAnswers answers;
    SalveCareSchedule schedule;
    GDate start;

    g_assert_nonnull (bram);
    bram_id = salve_profile_get_id (bram);
    dirk_id = salve_profile_get_id (dirk);

    /* Anna: all answered and signed, then one answer changed. */
    answer_all (db, salve_profile_get_id (anna));
    g_assert_true (salve_condition_repo_load (db, salve_profile_get_id (anna), &answers, NULL));
    signoff = salve_signoff_repo_add (db, salve_profile_get_id (anna), "Mark", &answers, NULL);
    g_assert_nonnull (signoff);
    g_assert_true (salve_condition_repo_set (db, salve_profile_get_id (anna), 0, SALVE_ANSWER_YES, SALVE_N_SITES, "Mark", NULL));

    /* Bram: all answered, in week 5 of a TENS plan: the review is due. */
    answer_all (db, bram_id);
    g_date_clear (&start, 1);
    g_date_set_dmy (&start, g_date_time_get_day_of_month (plan_start), g_date_time_get_month (plan_start),
                    g_date_time_get_year (plan_start));
    plan = salve_care_plan_new (&start);
    plan->profile_id = bram_id;
    g_assert_true (salve_care_plan_repo_save (db, plan, NULL));
    g_assert_true (salve_care_schedule_get_default (SALVE_MODALITY_TENS, &schedule));
    g_assert_true (salve_care_plan_repo_set_schedule (db, bram_id, &schedule, NULL));

    /* Dirk: all answered, the last entry ten days old. */
    answer_all (db, dirk_id);

    /* Eva: all answered, numbness noted today, no plan: a sign to see a
     * doctor about, which sorts before Frank's checklist not filled in
     * and his diary ten days old (it sorted below them), and shows
     * without a plan too (it did not). */
    {
      g_autoptr(SalveProfile) eva = salve_profile_repo_add (db, "Eva Visser", NULL);
      g_autoptr(SalveProfile) frank = salve_profile_repo_add (db, "Frank Möl", NULL);
      g_autoptr(SalveDiaryEntry) numb = salve_diary_entry_new (salve_profile_get_id (eva));

      answer_all (db, salve_profile_get_id (eva));
      salve_diary_entry_set_pain (numb, 4);
      salve_diary_entry_set_numbness (numb, TRUE);
      g_assert_true (salve_diary_repo_add (db, numb, NULL));
      frank_id = salve_profile_get_id (frank);
    }

    /* Carla: broken skin at the knee, the one answer (a skin check after
     * a session puts it there). */
    {
      g_autoptr(SalveProfile) carla = salve_profile_repo_find_by_name (db, "Carla Smit", NULL);

      g_assert_nonnull (carla);
      g_assert_true (salve_condition_repo_set (db, salve_profile_get_id (carla), SALVE_CONDITION_BROKEN_SKIN,
                                               SALVE_ANSWER_YES, SALVE_SITE_KNEE, "the skin check after a session",
                                               NULL));
    }
  }
  import_csv (db_path, dirk_id, old_csv);
  import_csv (db_path, frank_id, old_csv);

  /* Started on the diary: Patients is built hidden. */
  window = open_on_diary (app, db_path, 800, 600, &patients, &list);
  /* The hidden view made no rows; shown, it comes into sight alone in its
   * first frame and makes its rows one a frame from the next one on, in
   * the list's own order, so the first of them are the most urgent. */
  g_assert_null (gtk_list_box_get_row_at_index (list, 0));
  {
    g_autoptr(RowPaints) paints = row_paints_new (window, list);

    salve_window_show_view (window, "patients");
    g_assert_true (salve_test_ui_wait (painted_three_times, paints, 5000));
    g_assert_cmpstr (g_ptr_array_index (paints->names, 0), ==, "");
    g_assert_cmpstr (g_ptr_array_index (paints->names, 1), ==, "Carla Smit");
    g_assert_cmpstr (g_ptr_array_index (paints->names, 2), ==, "Carla Smit, Eva Visser");
  }
  salve_test_ui_iterate ();
  sort = GTK_DROP_DOWN (salve_test_ui_find_type (GTK_WIDGET (patients), GTK_TYPE_DROP_DOWN));

  /* The tags, in words. */
  row = row_of (list, "Anna de Vries");
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (row), GTK_TYPE_LABEL, "Sign-off out of date: 1 answer changed"));
  g_assert_null (salve_test_ui_find_text (GTK_WIDGET (row), GTK_TYPE_LABEL, "Checklist:"));
  row = row_of (list, "Bram Jansen");
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (row), GTK_TYPE_LABEL, "Review due"));
  assert_tag_fits_its_words (row, "Review due", "Bram Jansen");
  row = row_of (list, "Carla Smit");
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (row), GTK_TYPE_LABEL, "Checklist: 1 of"));
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (row), GTK_TYPE_LABEL, "Broken skin"));
  g_assert_null (salve_test_ui_find_text (GTK_WIDGET (row_of (list, "Dirk Bakker")), GTK_TYPE_LABEL, "Broken skin"));
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (row), GTK_TYPE_LABEL, "No diary entries yet"));
  row = row_of (list, "Eva Visser");
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (row), GTK_TYPE_LABEL, "Numbness noted"));
  row = row_of (list, "Dirk Bakker");
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (row), GTK_TYPE_LABEL, "No entries for 10 days"));
  /* The old value reads as old. */
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (row), GTK_TYPE_LABEL, "Last entry 10 days ago"));
  /* The actions are in a menu button with a name. */
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON, "Import, Export, Report, Care Plan, Rename or Delete Dirk Bakker"));
  salve_test_ui_screenshot (GTK_WIDGET (window), "patients-attention");

  /* Needs attention first (the default), then by name. */
  g_assert_cmpuint (gtk_drop_down_get_selected (sort), ==, 0);
  names = row_names (list);
  g_assert_cmpstr (names, ==, "Carla Smit, Eva Visser, Frank Möl, Anna de Vries, Bram Jansen, Dirk Bakker");
  g_clear_pointer (&names, g_free);
  gtk_drop_down_set_selected (sort, 1);
  names = row_names (list);
  g_assert_cmpstr (names, ==, "Anna de Vries, Bram Jansen, Carla Smit, Dirk Bakker, Eva Visser, Frank Möl");
  g_clear_pointer (&names, g_free);

  /* The search narrows the list by name, whatever the case. */
  /* And whatever the accents: "mol" finds Möl, as a keyboard without
   * them types it. */
  gtk_editable_set_text (GTK_EDITABLE (salve_test_ui_find_type (GTK_WIDGET (patients), GTK_TYPE_SEARCH_ENTRY)), "MOL");
  g_assert_true (salve_test_ui_wait (only_frank, list, 5000));
  gtk_editable_set_text (GTK_EDITABLE (salve_test_ui_find_type (GTK_WIDGET (patients), GTK_TYPE_SEARCH_ENTRY)), "BRA");
  g_assert_true (salve_test_ui_wait (only_bram, list, 5000));

  /* A row's Care Plan… says whose plan it is, while the window's header
   * names the active person (an outside look: "Behandelplan" with
   * Koen's plan under Lieke's name). */
  {
    GtkWindow *dialog;
    GtkWidget *whose;

    gtk_widget_activate_action (GTK_WIDGET (patients), "patients.care-plan", "x", dirk_id);
    salve_test_ui_iterate ();
    dialog = salve_test_ui_find_toplevel (SALVE_TYPE_CARE_PLAN_DIALOG);
    g_assert_nonnull (dialog);
    whose = salve_test_ui_find (GTK_WIDGET (dialog), is_named_widget, "whose");
    g_assert_nonnull (whose);
    g_assert_true (gtk_widget_get_visible (whose));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (whose)), ==, "Care Plan for Dirk Bakker");
    gtk_window_destroy (dialog);
    salve_test_ui_iterate ();
  }

  /* A row opens that patient's diary. */
  g_signal_emit_by_name (list, "row-activated", row_of (list, "Bram Jansen"));
  g_assert_cmpstr (salve_profile_get_name (salve_window_get_profile (window)), ==, "Bram Jansen");
  view = visible_view ();
  g_assert_cmpstr (view, ==, "diary");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every row made, and a frame painted after that. Once the workers are
 * done nothing in the window may change any more: each look asks for a
 * frame, so that the frames after that moment come (on a loaded machine
 * the workers could finish after the last frame the rows asked for). */
static gboolean
all_rows_painted (gpointer data)
{
  RowPaints *paints = data;

  if (paints->idle_at == 0 && _salve_background_get_n_held () == 0)
    paints->idle_at = paints->n_rows->len + 1;
  if (paints->idle_at > 0)
    gtk_widget_queue_draw (GTK_WIDGET (paints->list));

  return paints->idle_at > 0 && paints->n_rows->len > paints->idle_at;
}

/* While a long list's rows come a few a frame, the list keeps the height
 * all of them will take (a list that grew by each batch had its whole
 * card drawn again in every frame), and takes its own height once they
 * are all there. */
static void
test_rows_keep_height (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPatientsHeight", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_build_filename (tmpdir, "twelve.db", NULL);
  g_autoptr(RowPaints) paints = NULL;
  SalveWindow *window;
  SalvePatientsView *patients;
  GtkListBox *list;
  int kept = -1;
  int natural = 0;

  {
    g_autoptr(SalveDb) db = salve_db_open (db_path, NULL);

    for (int i = 0; i < 12; i++)
      {
        g_autofree char *name = g_strdup_printf ("Patient %02d", i + 1);
        g_autoptr(SalveProfile) profile = salve_profile_repo_add (db, name, NULL);

        g_assert_nonnull (profile);
      }
  }

  window = open_on_diary (app, db_path, 1000, 560, &patients, &list);

  paints = row_paints_new (window, list);
  salve_window_show_view (window, "patients");
  g_assert_true (salve_test_ui_wait (all_rows_painted, paints, 5000));

  /* The view alone, then the rows one a frame. */
  g_assert_cmpuint (g_array_index (paints->n_rows, guint, 0), ==, 0);
  for (guint i = 1; i < paints->n_rows->len; i++)
    {
      guint n = g_array_index (paints->n_rows, guint, i);
      int height = g_array_index (paints->heights, int, i);

      g_assert_cmpuint (n, >=, g_array_index (paints->n_rows, guint, i - 1));
      g_assert_cmpuint (n, <=, i);
      if (n == 0 || n == 12)
        continue;
      /* From the first rows on, one height until the last ones come. */
      if (kept < 0)
        kept = height;
      g_assert_cmpint (height, ==, kept);
    }
  g_assert_cmpint (kept, >, 0);

  /* At the end the list is as high as its rows, no more. */
  gtk_widget_get_size_request (GTK_WIDGET (list), NULL, &natural);
  g_assert_cmpint (natural, ==, -1);
  gtk_widget_measure (GTK_WIDGET (list), GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (GTK_WIDGET (list)),
                      &natural, NULL, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (list)), ==, natural);
  /* Twelve like rows: the height kept was theirs. */
  g_assert_cmpint (ABS (kept - natural), <=, natural / 12);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A name already taken: the question comes again, with the name as
 * typed and why it will not do, not a toast behind a closed dialog. */
static void
test_add_patient_name_taken (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPatientsTaken", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "taken.db", NULL);
  SalveWindow *window;
  GtkWindow *dialog;
  GtkWidget *entry;

  {
    g_autoptr(SalveDb) handle = salve_db_open (db, NULL);
    g_autoptr(SalveProfile) anna = salve_profile_repo_add (handle, "Anna de Vries", NULL);

    g_assert_nonnull (anna);
  }
  window = salve_test_ui_open_window (app, db, 1000, 560);
  salve_add_patient_present (window);
  dialog = salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  entry = salve_test_ui_find_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "anna de vries");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "add");
  gtk_window_destroy (dialog);
  salve_test_ui_iterate ();

  dialog = salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  entry = salve_test_ui_find_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "anna de vries");
  g_test_message ("%s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "anna de vries"));
  gtk_window_destroy (dialog);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  salve_test_ui_init (&argc, &argv);
  tmpdir = salve_test_make_tmpdir ();

  g_test_add_func ("/ui/patients/add-name-taken", test_add_patient_name_taken);
  g_test_add_func ("/ui/patients/first-run", test_first_run_offers_to_add);
  g_test_add_func ("/ui/patients/list-and-switch", test_list_and_switch);
  g_test_add_func ("/ui/patients/import-dialog", test_import_dialog);
  g_test_add_func ("/ui/patients/import-preview-regions", test_import_preview_regions);
  g_test_add_func ("/ui/patients/import-unnamed-column", test_import_unnamed_column);
  g_test_add_func ("/ui/patients/import-not-csv", test_import_not_csv);
  g_test_add_func ("/ui/patients/import-preview-headings", test_import_preview_headings);
  g_test_add_func ("/ui/patients/import-preview-dates", test_import_preview_dates);
  g_test_add_func ("/ui/patients/import-preview-long-note", test_import_preview_long_note);
  g_test_add_func ("/ui/patients/import-preview-fhir", test_import_preview_fhir);
  g_test_add_func ("/ui/patients/mapping-correction", test_mapping_correction);
  g_test_add_func ("/ui/patients/import-cancel", test_import_cancel);
  g_test_add_func ("/ui/patients/rename-delete-undo", test_rename_delete_undo);
  g_test_add_func ("/ui/patients/attention-sort-search", test_attention_sort_search);
  g_test_add_func ("/ui/patients/rows-keep-height", test_rows_keep_height);

  ret = g_test_run ();

  salve_test_remove_tree (tmpdir);
  g_free (tmpdir);
  salve_test_ui_shutdown ();

  return ret;
}
