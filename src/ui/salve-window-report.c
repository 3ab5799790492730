/* salve-window-report.c: Report… in the window's menu
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-window"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-care-plan-repo.h"
#include "salve-csv-validator.h"
#include "salve-parse.h"
#include "salve-report.h"
#include "salve-window-report.h"

typedef struct
{
  char               *db_path;
  SalveReportOptions  options;
  char               *out;      /* NULL: load for printing */
  SalveReport        *report;   /* loaded for printing */
} ReportJob;

static void
report_job_free (ReportJob *job)
{
  g_free (job->db_path);
  g_free (job->out);
  g_clear_pointer (&job->report, salve_report_free);
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
  g_autoptr(SalveDb) db = NULL;
  GError *error = NULL;
  guint n_pages = 0;

  db = salve_db_open (job->db_path, &error);
  if (db != NULL && job->out == NULL)
    {
      /* Printing draws on the GTK thread, page by page; the reading is
       * done here. The report keeps no connection. */
      job->report = salve_report_load (db, &job->options, &error);
      if (job->report == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_int (task, 0);
      return;
    }
  if (db == NULL || !salve_report_write_pdf (db, &job->options, job->out, &n_pages, &error))
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

static ReportJob *
report_job_new (SalveWindow              *self,
                const SalveReportOptions *period,
                const char               *out)
{
  SalveDb *db = salve_window_get_db (self);
  SalveProfile *profile = salve_window_get_profile (self);
  ReportJob *job;

  if (db == NULL || profile == NULL)
    return NULL;

  job = g_new0 (ReportJob, 1);
  job->db_path = g_strdup (salve_db_get_path (db));
  if (period != NULL)
    job->options = *period;
  /* Local time, now: the worker must not share the caller's. */
  job->options.tz = NULL;
  job->options.made = NULL;
  job->options.profile_id = salve_profile_get_id (profile);
  job->out = g_strdup (out);
  return job;
}

void
_salve_window_write_report_period (SalveWindow              *self,
                                   const SalveReportOptions *period,
                                   const char               *path)
{
  g_autoptr(GTask) task = NULL;
  ReportJob *job;

  g_return_if_fail (SALVE_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  job = report_job_new (self, period, path);
  if (job == NULL)
    return;

  task = g_task_new (self, NULL, on_report_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) report_job_free);
  g_task_run_in_thread (task, report_thread);
}

void
_salve_window_write_report (SalveWindow *self,
                            const char  *path)
{
  _salve_window_write_report_period (self, NULL, path);
}

/* Printing */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                SalveReport       *report)
{
  gtk_print_operation_set_n_pages (operation,
                                   salve_report_count_pages (report, gtk_print_context_get_cairo_context (context)));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              SalveReport       *report)
{
  salve_report_draw_page (report, gtk_print_context_get_cairo_context (context), page_nr);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               SalveWindow             *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *message = NULL;

      gtk_print_operation_get_error (operation, &error);
      /* Translators: %s says why */
      message = g_strdup_printf (_("The report was not printed: %s"), error != NULL ? error->message : "");
      salve_window_add_toast (self, adw_toast_new (message));
    }
  g_object_set_data (G_OBJECT (self), "salve-report-printing", NULL);
}

static void
on_report_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SalveWindow *self = SALVE_WINDOW (source);
  char *export_path = user_data;
  ReportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPaperSize) a4 = NULL;
  g_autoptr(GError) error = NULL;
  SalveReport *report;

  g_task_propagate_int (G_TASK (result), &error);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      g_free (export_path);
      return;
    }
  if (error != NULL)
    {
      /* Translators: %s says why */
      g_autofree char *message = g_strdup_printf (_("The report was not printed: %s"), error->message);

      salve_window_add_toast (self, adw_toast_new (message));
      g_free (export_path);
      return;
    }

  report = g_steal_pointer (&job->report);
  operation = gtk_print_operation_new ();
  /* The report is laid out on A4 in points, margins included. */
  setup = gtk_page_setup_new ();
  a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  {
    g_autofree char *title = g_strdup_printf (_("Pain therapy report: %s"),
                                              salve_profile_get_name (salve_window_get_profile (self)));
    gtk_print_operation_set_job_name (operation, title);
  }
  /* The operation owns the report for as long as it draws. */
  g_object_set_data_full (G_OBJECT (operation), "salve-report", report, (GDestroyNotify) salve_report_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), report);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), report);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);
  g_object_set_data_full (G_OBJECT (self), "salve-report-printing", g_object_ref (operation), g_object_unref);

  if (export_path != NULL)
    gtk_print_operation_set_export_filename (operation, export_path);
  gtk_print_operation_set_allow_async (operation, TRUE);
  if (gtk_print_operation_run (operation,
                               export_path != NULL ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                                   : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      /* Translators: %s says why */
      g_autofree char *message = g_strdup_printf (_("The report was not printed: %s"), error->message);

      salve_window_add_toast (self, adw_toast_new (message));
    }
  g_free (export_path);
}

void
_salve_window_print_report (SalveWindow              *self,
                            const SalveReportOptions *period,
                            const char               *export_path)
{
  g_autoptr(GTask) task = NULL;
  ReportJob *job;

  g_return_if_fail (SALVE_IS_WINDOW (self));

  job = report_job_new (self, period, NULL);
  if (job == NULL)
    return;

  task = g_task_new (self, NULL, on_report_loaded, g_strdup (export_path));
  g_task_set_task_data (task, job, (GDestroyNotify) report_job_free);
  g_task_run_in_thread (task, report_thread);
}

/* The period */

static gint64
local_midnight (const GDate *date,
                int          add_days)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new (local, g_date_get_year (date), g_date_get_month (date),
                                                   g_date_get_day (date), 0, 0, 0);
  g_autoptr(GDateTime) moved = g_date_time_add_days (midnight, add_days);

  return g_date_time_to_unix (moved);
}

/* A date is the whole local day: from its first second, or up to and
 * including its last; a date and time is that moment. */
static gboolean
parse_bound (const char  *text,
             gboolean     is_end,
             gint64      *unix_time,
             GError     **error)
{
  g_autoptr(GDateTime) dt = NULL;
  gboolean has_time = FALSE;
  GDate day;

  /* A date as people write it here too: 01-12-2026, 1/12/26, 1 dec 2026
   * (day first), as well as 2026-12-01. */
  if (strchr (text, ':') == NULL && salve_csv_date_read (text, FALSE, &day))
    {
      *unix_time = local_midnight (&day, is_end ? 1 : 0);
      return TRUE;
    }

  dt = salve_parse_date_time (text, NULL, &has_time, error);
  if (dt == NULL)
    return FALSE;
  if (has_time)
    {
      *unix_time = g_date_time_to_unix (dt) + (is_end ? 1 : 0);
      return TRUE;
    }

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt), g_date_time_get_year (dt));
  *unix_time = local_midnight (&day, is_end ? 1 : 0);
  return TRUE;
}

gboolean
_salve_window_report_period (SalveWindow              *self,
                             SalveWindowReportPeriod   period,
                             const char               *from,
                             const char               *to,
                             SalveReportOptions       *options,
                             GError                  **error)
{
  SalveReportOptions result = SALVE_REPORT_OPTIONS_INIT;

  g_return_val_if_fail (SALVE_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  switch (period)
    {
    case SALVE_WINDOW_REPORT_LAST_4_WEEKS:
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();
        GDate today;

        g_date_clear (&today, 1);
        g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                        g_date_time_get_year (now));
        /* Today and the 27 days before it. */
        result.has_from = TRUE;
        result.from_unix = local_midnight (&today, -27);
        result.has_to = TRUE;
        result.to_unix = local_midnight (&today, 1);
      }
      break;

    case SALVE_WINDOW_REPORT_SINCE_PLAN:
      {
        SalveProfile *profile = salve_window_get_profile (self);
        g_autoptr(SalveCarePlan) plan = NULL;

        if (salve_window_get_db (self) == NULL || profile == NULL)
          {
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("Add a patient first, in Patients."));
            return FALSE;
          }
        plan = salve_care_plan_repo_get (salve_window_get_db (self), salve_profile_get_id (profile), error);
        if (plan == NULL)
          return FALSE;
        result.has_from = TRUE;
        result.from_unix = local_midnight (&plan->start, 0);
      }
      break;

    case SALVE_WINDOW_REPORT_EVERYTHING:
      break;

    case SALVE_WINDOW_REPORT_DATES:
    default:
      {
        g_autoptr(GError) local_error = NULL;

        if (from != NULL && *from != '\0')
          {
            if (!parse_bound (from, FALSE, &result.from_unix, &local_error))
              {
                /* Translators: %s says what is wrong with the date */
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("From: %s"), local_error->message);
                return FALSE;
              }
            result.has_from = TRUE;
          }
        if (to != NULL && *to != '\0')
          {
            if (!parse_bound (to, TRUE, &result.to_unix, &local_error))
              {
                /* Translators: %s says what is wrong with the date */
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("To: %s"), local_error->message);
                return FALSE;
              }
            result.has_to = TRUE;
          }
        if (result.has_from && result.has_to && result.to_unix <= result.from_unix)
          {
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 _("The period ends before it starts."));
            return FALSE;
          }
      }
      break;
    }

  *options = result;
  return TRUE;
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     SalveWindow     *self)
{
  const SalveReportOptions *period = g_object_get_data (G_OBJECT (chooser), "salve-report-period");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          g_autofree char *pdf = g_str_has_suffix (path, ".pdf") ? g_strdup (path) : g_strconcat (path, ".pdf", NULL);

          _salve_window_write_report_period (self, period, pdf);
        }
    }
  g_object_unref (chooser);
}

static void
save_report_as (SalveWindow              *self,
                const SalveReportOptions *period)
{
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
  g_object_set_data_full (G_OBJECT (chooser), "salve-report-period",
                          g_memdup2 (period, sizeof *period), g_free);
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

typedef struct
{
  SalveWindow      *window;
  AdwMessageDialog *dialog;
  GtkDropDown      *period;
  GtkWidget        *dates;
  GtkEditable      *from;
  GtkEditable      *to;
  GtkLabel         *problem;
  gboolean          has_plan;
} PeriodDialog;

static SalveWindowReportPeriod
chosen_period (PeriodDialog *pd)
{
  guint selected = gtk_drop_down_get_selected (pd->period);

  /* Without a plan its line is left out of the list. */
  if (!pd->has_plan && selected >= SALVE_WINDOW_REPORT_SINCE_PLAN)
    selected++;
  return MIN (selected, SALVE_WINDOW_REPORT_DATES);
}

/* The period is checked as it is typed: a date that does not read
 * says why under the dates, and Print and Save wait for a good one, so
 * the dialog never closes on a mistake (and what was typed stays). */
static void
period_changed_cb (PeriodDialog *pd)
{
  SalveReportOptions period = SALVE_REPORT_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  gboolean dates = chosen_period (pd) == SALVE_WINDOW_REPORT_DATES;
  gboolean ok = !dates || _salve_window_report_period (pd->window, SALVE_WINDOW_REPORT_DATES,
                                                       gtk_editable_get_text (pd->from),
                                                       gtk_editable_get_text (pd->to), &period, &error);

  gtk_widget_set_visible (pd->dates, dates);
  gtk_label_set_text (pd->problem, ok ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (pd->problem), !ok);
  adw_message_dialog_set_response_enabled (pd->dialog, "print", ok);
  adw_message_dialog_set_response_enabled (pd->dialog, "save", ok);
}

static void
period_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PeriodDialog     *pd)
{
  SalveReportOptions period = SALVE_REPORT_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "print") != 0 && g_strcmp0 (response, "save") != 0)
    return;

  if (!_salve_window_report_period (pd->window, chosen_period (pd), gtk_editable_get_text (pd->from),
                                    gtk_editable_get_text (pd->to), &period, &error))
    {
      AdwToast *t = adw_toast_new (error->message);

      adw_toast_set_timeout (t, 0);
      salve_window_add_toast (pd->window, t);
      return;
    }

  if (g_str_equal (response, "print"))
    _salve_window_print_report (pd->window, &period, NULL);
  else
    save_report_as (pd->window, &period);
}

static GtkWidget *
date_entry (GtkWidget  *grid,
            int         row,
            const char *label_text,
            GtkEditable **editable)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (label_text);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  /* Translators: an example date as the report's period takes it */
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("2026-03-01"));
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_grid_attach (GTK_GRID (grid), label, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), entry, 1, row, 1, 1);
  *editable = GTK_EDITABLE (entry);
  return entry;
}

static void
report_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalveWindow *self = SALVE_WINDOW (widget);
  SalveProfile *profile = salve_window_get_profile (self);
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(GtkStringList) periods = gtk_string_list_new (NULL);
  PeriodDialog *pd;
  GtkWidget *dialog, *box, *grid;

  if (salve_window_get_db (self) == NULL)
    return;
  if (profile == NULL)
    {
      salve_window_add_toast (self, adw_toast_new (_("Add a patient first, in Patients.")));
      return;
    }

  pd = g_new0 (PeriodDialog, 1);
  pd->window = self;
  plan = salve_care_plan_repo_get (salve_window_get_db (self), salve_profile_get_id (profile), NULL);
  pd->has_plan = plan != NULL;

  gtk_string_list_append (periods, _("The last 4 weeks"));
  if (pd->has_plan)
    gtk_string_list_append (periods, _("Since the care plan’s start"));
  gtk_string_list_append (periods, _("The whole diary"));
  gtk_string_list_append (periods, _("From and to a date"));
  pd->period = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (periods)), NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (pd->period), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Period"), -1);
  /* The whole diary is what Report… made before it asked. */
  gtk_drop_down_set_selected (pd->period, pd->has_plan ? 2 : 1);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  date_entry (grid, 0, _("_From"), &pd->from);
  date_entry (grid, 1, _("_To"), &pd->to);
  pd->dates = grid;

  pd->problem = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (pd->problem, TRUE);
  gtk_label_set_xalign (pd->problem, 0);
  gtk_widget_add_css_class (GTK_WIDGET (pd->problem), "error");
  gtk_widget_set_name (GTK_WIDGET (pd->problem), "period-problem");
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (pd->problem), 0, 2, 2, 1);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (pd->period));
  gtk_box_append (GTK_BOX (box), grid);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Report"),
                                   _("Choose the period the report covers. Without an end it runs to the last entry."));
  pd->dialog = ADW_MESSAGE_DIALOG (dialog);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "print", _("_Print…"),
                                    "save", _("_Save as PDF…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  period_changed_cb (pd);
  g_signal_connect_swapped (pd->period, "notify::selected", G_CALLBACK (period_changed_cb), pd);
  g_signal_connect_swapped (pd->from, "changed", G_CALLBACK (period_changed_cb), pd);
  g_signal_connect_swapped (pd->to, "changed", G_CALLBACK (period_changed_cb), pd);
  g_signal_connect_data (dialog, "response", G_CALLBACK (period_response_cb), pd,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_salve_window_report_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.report", NULL, report_action);
}
