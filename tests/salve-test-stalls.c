/* salve-test-stalls.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "salve-background.h"
#include "salve-db.h"
#include "salve-diary-entry-dialog.h"
#include "salve-diary-repo.h"
#include "salve-diary-view.h"
#include "salve-profile-repo.h"
#include "salve-stall-probe.h"
#include "salve-test-stalls.h"
#include "salve-test-ui.h"

/* One entry every 90 s: a million span almost three years. */
#define STEP_SECONDS 90

void
salve_test_stalls_make_db (const char *path,
                           guint       n_entries,
                           guint       n_patients)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (path, &error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_no_error (error);
  for (guint p = 0; p < MAX (n_patients, 1); p++)
    {
      g_autofree char *name = p == 0 ? g_strdup ("Anna") : g_strdup_printf ("Patient %02u", p);
      g_autoptr(SalveProfile) profile = salve_profile_repo_add (db, name, &error);

      g_assert_no_error (error);
      /* The others: three months, four entries a day. */
      salve_test_ui_add_entries (db, salve_profile_get_id (profile), p == 0 ? n_entries : 360,
                                 p == 0 ? now : now - 6 * 3600, STEP_SECONDS);
    }
}

static gboolean
dialog_shown (gpointer data)
{
  return salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG) != NULL;
}

static gboolean
dialog_closed (gpointer data)
{
  return salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG) == NULL;
}

/* Lets the action's work, in the window and in workers, reach the
 * screen, with a few frames drawn after it. */
static void
settle (void)
{
  gint64 until;

  salve_test_ui_iterate ();
  until = g_get_monotonic_time () + 100 * 1000;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  salve_test_ui_iterate ();
}

static void
begin (const char *action)
{
  settle ();
  salve_stall_probe_set_action (action);
}

static void
end (GArray     *stalls,
     const char *action)
{
  SalveTestStall stall = { action, 0, 0 };

  settle ();
  g_assert_true (salve_stall_probe_get (action, &stall.max_ms, &stall.cpu_ms));
  salve_stall_probe_set_action (NULL);
  g_array_append_val (stalls, stall);
}

/* Picks the rating @pain in the open dialog and saves. */
static void
save_dialog (int pain)
{
  g_autofree char *label = g_strdup_printf ("%d", pain);
  GtkWindow *dialog;
  GtkWidget *button;

  g_assert_true (salve_test_ui_wait (dialog_shown, NULL, 5000));
  dialog = salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG);
  button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_TOGGLE_BUTTON, label);
  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  g_assert_true (salve_test_ui_wait (dialog_closed, NULL, 5000));
}

GArray *
salve_test_stalls_run (const char *db)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestStalls",
                                                           G_APPLICATION_NON_UNIQUE);
  GArray *stalls = g_array_new (FALSE, TRUE, sizeof (SalveTestStall));
  g_autoptr(SalveDiaryEntry) newest = NULL;
  static const char *ranges[] = { "week", "month", "year", "all", "quarter" };
  SalveWindow *window;
  GtkWidget *view;
  gint64 id;

  g_assert_true (salve_stall_probe_start (TRUE));

  /* Starting is measured on its own (bench/run first-window): here the
   * window starts on another patient's short diary, and opening the long
   * one is the first action. */
  salve_stall_probe_set_action ("start");
  window = salve_test_ui_open_window (app, db, 1366, 768);
  {
    g_autoptr(SalveProfile) other = salve_profile_repo_find_by_name (salve_window_get_db (window), "Patient 01", NULL);

    g_assert_nonnull (other);
    salve_window_set_profile (window, other);
    salve_window_show_view (window, "diary");
  }

  begin ("open the diary");
  {
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (salve_window_get_db (window), "Anna", NULL);

    salve_window_set_profile (window, anna);
  }
  end (stalls, "open the diary");
  view = salve_test_ui_find_text (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW, NULL);
  g_assert_nonnull (view);

  begin ("switch views");
  salve_window_show_view (window, "sessions");
  settle ();
  salve_window_show_view (window, "diary");
  end (stalls, "switch views");

  begin ("change the range");
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      gtk_widget_activate_action (view, "diary.range", "s", ranges[i]);
      settle ();
    }
  end (stalls, "change the range");

  /* Building the entry dialog costs the same whatever the diary holds:
   * measured on its own, so that adding and editing measure the save and
   * what the diary does with it. */
  begin ("open the entry dialog");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-diary-entry", NULL);
  g_assert_true (salve_test_ui_wait (dialog_shown, NULL, 5000));
  end (stalls, "open the entry dialog");

  begin ("add an entry");
  save_dialog (2);
  end (stalls, "add an entry");

  {
    g_autoptr(GPtrArray) latest = salve_diary_repo_list_latest (salve_window_get_db (window),
                                                                salve_profile_get_id (salve_window_get_profile (window)),
                                                                SALVE_DIARY_REPO_ANY_TIME_MIN,
                                                                SALVE_DIARY_REPO_ANY_TIME_MAX, 1, NULL);
    g_assert_nonnull (latest);
    g_assert_cmpuint (latest->len, ==, 1);
    newest = g_object_ref (g_ptr_array_index (latest, 0));
    id = salve_diary_entry_get_id (newest);
  }

  gtk_widget_activate_action (view, "diary.edit", "x", id);
  g_assert_true (salve_test_ui_wait (dialog_shown, NULL, 5000));
  begin ("edit an entry");
  save_dialog (5);
  end (stalls, "edit an entry");

  begin ("delete an entry");
  gtk_widget_activate_action (view, "diary.delete", "x", id);
  end (stalls, "delete an entry");

  begin ("open Patients");
  salve_window_show_view (window, "patients");
  end (stalls, "open Patients");

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();

  return stalls;
}
