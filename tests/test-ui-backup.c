/* test-ui-backup.c: the daily backup while the app runs, and Restore a
 * Backup… in the main menu
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <utime.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "salve-application.h"
#include "salve-backup.h"
#include "salve-db.h"
#include "salve-profile-repo.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"
#include "salve-window.h"
#include "salve-window-backup.h"

static char *tmpdir;

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

static gboolean
not_busy (gpointer data)
{
  return _salve_window_get_backup_busy (data) == 0;
}

static void
test_daily_backup_and_restore (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestBackup1", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db_path = g_build_filename (tmpdir, "salve.db", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *daily = salve_backup_get_daily_path (db_path, now);
  g_autoptr(SalveDb) db = salve_db_open (db_path, NULL);
  g_autoptr(SalveProfile) anna = salve_profile_repo_add (db, "Anna", NULL);
  g_autoptr(SalveProfile) bram = salve_profile_repo_add (db, "Bram", NULL);
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  SalveWindow *window;
  AdwMessageDialog *dialog;

  /* Opening the window makes today's backup, off the GTK thread. */
  window = salve_test_ui_open_window (app, db_path, 1000, 560);
  g_assert_true (salve_test_ui_wait (file_exists, daily, 20000));
  g_assert_true (salve_test_ui_wait (not_busy, window, 20000));
  g_assert_true (salve_backup_check (daily, NULL));

  /* Bram is deleted after it. */
  g_assert_true (salve_profile_repo_delete (db, salve_profile_get_id (bram), NULL));
  salve_window_set_profile (window, anna);

  /* The menu's question lists the backups; Restore brings Bram back and
   * keeps the records as they were. */
  dialog = _salve_window_ask_restore (window);
  g_assert_nonnull (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog)))), ==, 1);
  /* Each says what it holds: the morning's copy had both patients. */
  {
    GListModel *labels = gtk_drop_down_get_model (GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog)));
    const char *label = gtk_string_list_get_string (GTK_STRING_LIST (labels), 0);

    g_test_message ("%s", label);
    g_assert_true (g_str_has_suffix (label, "(2 patients, 0 diary entries)"));
  }
  salve_test_ui_screenshot (GTK_WIDGET (dialog), "restore-backup");
  adw_message_dialog_response (dialog, "restore");
  g_assert_true (salve_test_ui_wait (not_busy, window, 20000));

  profiles = salve_profile_repo_list (db, NULL);
  g_assert_cmpuint (profiles->len, ==, 2);
  g_assert_cmpstr (salve_profile_get_name (salve_window_get_profile (window)), ==, "Anna");

  backups = salve_backup_list (db_path, NULL);
  g_assert_cmpuint (backups->len, ==, 2);
  for (guint i = 0; i < backups->len; i++)
    g_assert_true (g_str_equal (g_ptr_array_index (backups, i), daily) ||
                   strstr (g_ptr_array_index (backups, i), "salve-before-restore-") != NULL);

  /* The newest backup is an empty one (a new database's copy of itself):
   * it is listed, not chosen, so that Restore does not bring back nobody. */
  {
    g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
    g_autofree char *empty = salve_backup_get_daily_path (db_path, tomorrow);
    GListModel *labels;
    GtkDropDown *choice;

    g_clear_object (&db);
    db = salve_db_open (empty, NULL);
    g_assert_nonnull (db);
    g_clear_object (&db);
    g_assert_cmpint (g_utime (empty, &(struct utimbuf) { time (NULL) + 60, time (NULL) + 60 }), ==, 0);
    db = salve_db_open (db_path, NULL);

    dialog = _salve_window_ask_restore (window);
    g_assert_nonnull (dialog);
    choice = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
    labels = gtk_drop_down_get_model (choice);
    g_assert_cmpuint (g_list_model_get_n_items (labels), ==, 3);
    g_assert_nonnull (strstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 0), "empty: no patients"));
    g_assert_null (strstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), gtk_drop_down_get_selected (choice)),
                           "empty: no patients"));
    adw_message_dialog_response (dialog, "cancel");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Make a Backup… writes every patient's records where the person chose;
 * on a computer with no backups of its own, Restore a Backup… still
 * offers to choose a backup's file (a new laptop, a USB stick). */
static void
test_own_backup_and_file_restore (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestBackup2", G_APPLICATION_NON_UNIQUE);
  g_autofree char *folder = g_build_filename (tmpdir, "new-laptop", NULL);
  g_autofree char *db_path = g_build_filename (folder, "salve.db", NULL);
  g_autofree char *stick = g_build_filename (tmpdir, "Salve backup.db", NULL);
  g_autofree char *backups = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) anna = NULL;
  SalveWindow *window;
  AdwMessageDialog *dialog;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  db = salve_db_open (db_path, NULL);
  anna = salve_profile_repo_add (db, "Anna", NULL);
  window = salve_test_ui_open_window (app, db_path, 1000, 560);
  g_assert_true (salve_test_ui_wait (not_busy, window, 20000));

  _salve_window_write_backup (window, stick);
  g_assert_true (salve_test_ui_wait (not_busy, window, 20000));
  g_assert_true (salve_backup_check (stick, NULL));

  /* No backups in the folder (the daily one gone, as on a computer that
   * has none yet): the question still comes, with the file choice. */
  backups = salve_backup_get_folder (db_path);
  salve_test_remove_tree (backups);
  dialog = _salve_window_ask_restore (window);
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "file"));
  g_assert_false (adw_message_dialog_has_response (dialog, "restore"));
  g_assert_null (adw_message_dialog_get_extra_child (dialog));
  adw_message_dialog_response (dialog, "cancel");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  salve_test_ui_init (&argc, &argv);
  tmpdir = salve_test_make_tmpdir ();

  g_test_add_func ("/ui/backup/daily-and-restore", test_daily_backup_and_restore);
  g_test_add_func ("/ui/backup/own-backup-and-file-restore", test_own_backup_and_file_restore);

  ret = g_test_run ();

  salve_test_remove_tree (tmpdir);
  g_free (tmpdir);
  salve_test_ui_shutdown ();

  return ret;
}
