/* salve-window-backup.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-window-backup"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-backup.h"
#include "salve-profile-repo.h"
#include "salve-time.h"
#include "salve-window-backup.h"

#define BACKUP_CHECK_SECONDS (60 * 60)
#define BUSY_KEY   "salve-backup-busy"
#define SOURCE_KEY "salve-backup-source"

static void
busy_add (SalveWindow *self,
          int          delta)
{
  guint busy = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self), BUSY_KEY));

  g_object_set_data (G_OBJECT (self), BUSY_KEY, GUINT_TO_POINTER (busy + delta));
}

guint
_salve_window_get_backup_busy (SalveWindow *self)
{
  g_return_val_if_fail (SALVE_IS_WINDOW (self), 0);
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self), BUSY_KEY));
}

#define GONE_KEY   "salve-backup-window-gone"

/* A backup may finish after its window was closed: nobody to tell. */
static void
toast (SalveWindow *self,
       const char  *message)
{
  if (g_object_get_data (G_OBJECT (self), GONE_KEY) == NULL)
    salve_window_add_toast (self, adw_toast_new (message));
}

static void
on_window_destroy (SalveWindow *self)
{
  g_object_set_data (G_OBJECT (self), GONE_KEY, GINT_TO_POINTER (TRUE));
  /* A running backup keeps the window object alive: no more of them. */
  g_object_set_data (G_OBJECT (self), SOURCE_KEY, NULL);
}

/* ---- the daily backup ------------------------------------------------------ */

static void
daily_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *made = NULL;
  GError *error = NULL;

  /* At the window's opening only a missing copy is made: a large
   * diary's copy made again there would compete with the first frame.
   * The hourly check renews it. */
  if (salve_backup_run_daily (task_data, now, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "refresh")),
                              &made, &error))
    g_task_return_pointer (task, g_steal_pointer (&made), g_free);
  else
    g_task_return_error (task, error);
}

static void
on_daily_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SalveWindow *self = SALVE_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *made = g_task_propagate_pointer (G_TASK (result), &error);

  busy_add (self, -1);
  if (error != NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("Today’s backup could not be made: %s"), error->message);
      toast (self, message);
    }
  else if (made != NULL)
    {
      g_debug ("Made the daily backup %s", made);
    }
}

static void
run_daily (SalveWindow *self,
           gboolean     refresh)
{
  g_autoptr(GTask) task = NULL;
  SalveDb *db = salve_window_get_db (self);

  if (db == NULL)
    return;

  busy_add (self, 1);
  task = g_task_new (self, NULL, on_daily_done, NULL);
  g_task_set_task_data (task, g_strdup (salve_db_get_path (db)), g_free);
  g_object_set_data (G_OBJECT (task), "refresh", GINT_TO_POINTER (refresh));
  g_task_run_in_thread (task, daily_thread);
}

static gboolean
daily_tick (gpointer user_data)
{
  run_daily (SALVE_WINDOW (user_data), TRUE);
  return G_SOURCE_CONTINUE;
}

static void
remove_source (gpointer data)
{
  g_source_remove (GPOINTER_TO_UINT (data));
}

void
_salve_window_start_backups (SalveWindow *self)
{
  guint source;

  g_return_if_fail (SALVE_IS_WINDOW (self));

  if (g_object_get_data (G_OBJECT (self), SOURCE_KEY) != NULL)
    return;

  g_signal_connect (self, "destroy", G_CALLBACK (on_window_destroy), NULL);
  run_daily (self, FALSE);
  /* Removed with the window's data, before the window is gone. */
  source = g_timeout_add_seconds (BACKUP_CHECK_SECONDS, daily_tick, self);
  g_object_set_data_full (G_OBJECT (self), SOURCE_KEY, GUINT_TO_POINTER (source), remove_source);
}

/* ---- restore --------------------------------------------------------------- */

/* A restore of @backup, or a backup written to it. */
typedef struct
{
  char *db_path;
  char *backup;
  char *kept;
} RestoreJob;

static void
restore_job_free (RestoreJob *job)
{
  g_free (job->db_path);
  g_free (job->backup);
  g_free (job->kept);
  g_free (job);
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RestoreJob *job = task_data;
  GError *error = NULL;

  if (salve_backup_restore (job->db_path, job->backup, &job->kept, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_restore_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SalveWindow *self = SALVE_WINDOW (source);
  RestoreJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(SalveProfile) profile = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = g_path_get_basename (job->backup);
  SalveProfile *active = salve_window_get_profile (self);
  SalveDb *db = salve_window_get_db (self);

  busy_add (self, -1);
  if (g_object_get_data (G_OBJECT (self), GONE_KEY) != NULL)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Translators: %s is the reason */
      message = g_strdup_printf (_("Nothing was restored: %s"), error->message);
      toast (self, message);
      return;
    }

  /* The active patient may not be in the backup: then its first one. */
  if (db != NULL && active != NULL)
    profile = salve_profile_repo_find_by_name (db, salve_profile_get_name (active), NULL);
  if (db != NULL && profile == NULL && (profiles = salve_profile_repo_list (db, NULL)) && profiles->len > 0)
    profile = g_object_ref (g_ptr_array_index (profiles, 0));
  salve_window_set_profile (self, profile);

  /* Translators: %s is the backup's file name */
  message = g_strdup_printf (_("Restored “%s”; the data as it was is kept as a backup too"), name);
  toast (self, message);
}

/* Runs @thread on a job of the window's database and @path (a backup
 * to restore or to write), off the GTK thread; @done on it after. */
static void
start_job (SalveWindow         *self,
           const char          *path,
           GTaskThreadFunc      thread,
           GAsyncReadyCallback  done)
{
  g_autoptr(GTask) task = NULL;
  SalveDb *db;
  RestoreJob *job;

  if ((db = salve_window_get_db (self)) == NULL)
    return;

  job = g_new0 (RestoreJob, 1);
  job->db_path = g_strdup (salve_db_get_path (db));
  job->backup = g_strdup (path);

  busy_add (self, 1);
  task = g_task_new (self, NULL, done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) restore_job_free);
  g_task_run_in_thread (task, thread);
}

void
_salve_window_restore_backup (SalveWindow *self,
                              const char  *path)
{
  g_return_if_fail (SALVE_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  start_job (self, path, restore_thread, on_restore_done);
}

/* The path of the file chosen in @chooser, or NULL; it is done with. */
static char *
take_chosen_path (GtkNativeDialog *chooser,
                  int              response)
{
  g_autoptr(GFile) file = NULL;
  char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  return path;
}

static void
on_restore_file_chosen (GtkNativeDialog *chooser,
                        int              response,
                        SalveWindow     *self)
{
  g_autofree char *path = take_chosen_path (chooser, response);

  if (path != NULL)
    _salve_window_restore_backup (self, path);
}

/* A backup brought from elsewhere (a USB stick, a copy of another
 * computer's backups folder): the question was asked already. */
static void
choose_restore_file (SalveWindow *self)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a Backup to Restore"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Restore"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Salve backups"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_restore_file_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_restore_response (AdwMessageDialog *dialog,
                     const char       *response,
                     SalveWindow      *self)
{
  GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);
  GPtrArray *paths = g_object_get_data (G_OBJECT (dialog), "paths");
  guint i = GTK_IS_DROP_DOWN (extra) ? gtk_drop_down_get_selected (GTK_DROP_DOWN (extra)) : G_MAXUINT;

  if (g_str_equal (response, "restore") && paths != NULL && i < paths->len)
    _salve_window_restore_backup (self, g_ptr_array_index (paths, i));
  else if (g_str_equal (response, "file"))
    choose_restore_file (self);
}

static char *
ngettext_patients (int n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d patient", "%d patients", n), n);
}

static char *
ngettext_entries (int n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d diary entry", "%d diary entries", n), n);
}

/* @empty (may be NULL): TRUE when the backup is known to hold no patient. */
static char *
describe_backup (const char *path,
                 gboolean   *empty)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_autoptr(GDateTime) when = info ? g_file_info_get_modification_date_time (info) : NULL;
  g_autoptr(GDateTime) local = when ? g_date_time_to_local (when) : NULL;
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *date = NULL;
  int n_patients, n_entries;
  gboolean counted = salve_backup_count (path, &n_patients, &n_entries);

  if (empty != NULL)
    *empty = counted && n_patients == 0;
  if (local == NULL)
    return g_steal_pointer (&name);

  date = salve_time_format_date_time (local);
  /* What it holds, so that an empty copy (the one a new database made
   * of itself) is not taken for the one with everyone's records. */
  if (counted)
    {
      g_autofree char *holds = NULL;

      if (n_patients == 0)
        holds = g_strdup (_("empty: no patients"));
      else
        {
          g_autofree char *patients = ngettext_patients (n_patients);
          g_autofree char *entries = ngettext_entries (n_entries);

          /* Translators: what a backup holds, "2 patients, 140 diary entries" */
          holds = g_strdup_printf (_("%s, %s"), patients, entries);
        }
      /* Translators: a backup in the list: its date, its file name, what it holds */
      return g_strdup_printf (_("%s — %s (%s)"), date, name, holds);
    }
  /* Translators: a backup in the list: its date, then its file name */
  return g_strdup_printf (_("%s — %s"), date, name);
}

AdwMessageDialog *
_salve_window_ask_restore (SalveWindow *self)
{
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  GtkWidget *dialog;
  GtkWidget *choice;
  guint first_full = G_MAXUINT;
  SalveDb *db;

  g_return_val_if_fail (SALVE_IS_WINDOW (self), NULL);

  if ((db = salve_window_get_db (self)) == NULL)
    return NULL;

  /* None here (a new computer): a backup can still be brought from
   * elsewhere, by choosing its file. */
  paths = salve_backup_list (salve_db_get_path (db), &error);
  if (paths == NULL)
    {
      toast (self, error->message);
      return NULL;
    }

  for (guint i = 0; i < paths->len; i++)
    {
      gboolean empty = FALSE;
      g_autofree char *label = describe_backup (g_ptr_array_index (paths, i), &empty);

      /* Not an empty one at hand: a click on Restore would bring back
       * nobody (the one a new database made of itself). */
      if (!empty && first_full == G_MAXUINT)
        first_full = i;
      gtk_string_list_append (labels, label);
    }

  folder = salve_backup_get_folder (salve_db_get_path (db));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore a Backup?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Every patient’s records go back to how they were in the backup chosen. "
                                    "The records as they are now are kept as a backup first (in “%s”), "
                                    "so this can be undone by restoring that one."),
                                  folder);
  if (paths->len > 0)
    {
      choice = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), first_full != G_MAXUINT ? first_full : 0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Backup"), -1);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), choice);
    }
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "file", _("Choose a _File…"),
                                    NULL);
  if (paths->len > 0)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "restore", _("_Restore"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "paths", g_steal_pointer (&paths), (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_restore_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return ADW_MESSAGE_DIALOG (dialog);
}

/* ---- a backup of one's own ------------------------------------------------- */

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  RestoreJob *job = task_data;
  g_autoptr(SalveDb) db = NULL;
  GError *error = NULL;

  /* A connection of its own, as the daily backup's. */
  db = salve_db_open_existing (job->db_path, &error);
  if (db != NULL && salve_backup_write (db, job->backup, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_write_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SalveWindow *self = SALVE_WINDOW (source);
  RestoreJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = g_path_get_basename (job->backup);

  busy_add (self, -1);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    /* Translators: %s is the reason */
    message = g_strdup_printf (_("The backup could not be made: %s"), error->message);
  else
    /* Translators: %s is the backup's file name */
    message = g_strdup_printf (_("Backup saved as “%s”"), name);
  toast (self, message);
}

void
_salve_window_write_backup (SalveWindow *self,
                            const char  *path)
{
  g_return_if_fail (SALVE_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  start_job (self, path, write_thread, on_write_done);
}

static void
on_backup_file_chosen (GtkNativeDialog *chooser,
                       int              response,
                       SalveWindow     *self)
{
  g_autofree char *path = take_chosen_path (chooser, response);

  if (path != NULL)
    _salve_window_write_backup (self, path);
}

/* Every patient's records in one file, wherever the person wants it (a
 * USB stick for a new computer): what salvectl backup --out writes. */
static void
make_backup_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SalveWindow *self = SALVE_WINDOW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (salve_window_get_db (self) == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Make a Backup"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: the suggested file name of a backup; %s is the date, 2026-12-06 */
  name = g_strdup_printf (_("Salve backup %s.db"), day);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_backup_file_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
restore_backup_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _salve_window_ask_restore (SALVE_WINDOW (widget));
}

void
_salve_window_backup_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.restore-backup", NULL, restore_backup_action);
  gtk_widget_class_install_action (widget_class, "win.make-backup", NULL, make_backup_action);
}
