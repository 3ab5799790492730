/* salve-window-report.c: Report… in the window's menu
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-window"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-report.h"
#include "salve-window-report.h"

typedef struct
{
  char   *db_path;
  gint64  profile_id;
  char   *out;
} ReportJob;

static void
report_job_free (ReportJob *job)
{
  g_free (job->db_path);
  g_free (job->out);
  g_free (job);
}

/* In a worker thread: its own connection, never the window's. */
static void
report_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReportJob *job = task_data;
  SalveReportOptions options = SALVE_REPORT_OPTIONS_INIT;
  g_autoptr(SalveDb) db = NULL;
  GError *error = NULL;
  guint n_pages = 0;

  db = salve_db_open (job->db_path, &error);
  options.profile_id = job->profile_id;
  if (db == NULL || !salve_report_write_pdf (db, &options, job->out, &n_pages, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n_pages);
}

static void
on_report_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SalveWindow *self = SALVE_WINDOW (source);
  ReportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (job->out);
  g_autofree char *message = NULL;
  gssize n_pages = g_task_propagate_int (G_TASK (result), &error);

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  if (error != NULL)
    /* Translators: %s says why */
    message = g_strdup_printf (_("The report was not saved: %s"), error->message);
  else
    /* Translators: %s is the file name */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Saved the report “%s” (%d page)",
                                            "Saved the report “%s” (%d pages)", n_pages),
                               name, (int) n_pages);
  salve_window_add_toast (self, adw_toast_new (message));
}

void
_salve_window_write_report (SalveWindow *self,
                            const char  *path)
{
  g_autoptr(GTask) task = NULL;
  SalveDb *db = salve_window_get_db (self);
  SalveProfile *profile = salve_window_get_profile (self);
  ReportJob *job;

  g_return_if_fail (SALVE_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (db == NULL || profile == NULL)
    return;

  job = g_new0 (ReportJob, 1);
  job->db_path = g_strdup (salve_db_get_path (db));
  job->profile_id = salve_profile_get_id (profile);
  job->out = g_strdup (path);
  task = g_task_new (self, NULL, on_report_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) report_job_free);
  g_task_run_in_thread (task, report_thread);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     SalveWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          g_autofree char *pdf = g_str_has_suffix (path, ".pdf") ? g_strdup (path) : g_strconcat (path, ".pdf", NULL);

          _salve_window_write_report (self, pdf);
        }
    }
  g_object_unref (chooser);
}

static void
report_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalveWindow *self = SALVE_WINDOW (widget);
  SalveProfile *profile = salve_window_get_profile (self);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  if (salve_window_get_db (self) == NULL)
    return;
  if (profile == NULL)
    {
      salve_window_add_toast (self, adw_toast_new (_("Add a patient first, in Patients.")));
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Save the Report"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* Translators: the suggested file name; %s the person's name, then a date */
  name = g_strdup_printf (_("Report %s %s.pdf"), salve_profile_get_name (profile), date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_salve_window_report_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.report", NULL, report_action);
}
