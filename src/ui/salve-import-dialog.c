/* salve-import-dialog.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preview: a dry run of the whole file in a worker thread (the counts are
 * exact: duplicates and rejections included), the mapping, and the first
 * rows as they will be stored. Changing a column's value runs it again.
 * Import: the same importer, for real, with a progress bar and Cancel;
 * rejected rows go to a private temporary file that "Save Rejected
 * Rows…" copies where the person wants it.
 */

#define G_LOG_DOMAIN "salve-import-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "salve-ids.h"
#include "salve-body-region.h"
#include "salve-import-dialog.h"
#include "salve-importer.h"
#include "salve-time.h"
#include "salve-tooltip.h"

#define SAMPLE_ROWS 12

struct _SalveImportDialog
{
  AdwWindow        parent_instance;

  AdwWindowTitle  *window_title;
  GtkButton       *cancel_button;
  GtkButton       *import_button;
  GtkButton       *close_button;
  GtkStack        *stack;
  GtkLabel        *counts_label;
  GtkLabel        *format_label;
  GtkLabel        *error_label;
  GtkLabel        *warnings_label;
  GtkFlowBox      *mapping_box;
  GtkWidget       *columns_heading;
  GtkWidget       *columns_help;
  GtkGrid         *sample_grid;
  GtkProgressBar  *progress_bar;
  GtkLabel        *summary_title;
  GtkLabel        *summary_label;
  GtkImage        *summary_icon;
  GtkWidget       *rejects_header;
  GtkListBox      *rejects_list;

  SalveWindow     *window;       /* weak */
  char            *db_path;
  SalveProfile    *profile;
  GFile           *file;
  SalveCsvMapping *mapping;
  char             delimiter;
  GPtrArray       *dropdowns;
  GtkDropDown     *dates_dropdown;
  SalveCsvDateOrder date_order;   /* NONE: as the file's dates show */
  gboolean         building_mapping;

  SalveImporter   *preview;
  GCancellable    *preview_cancellable;
  SalveImporter   *importer;
  GCancellable    *import_cancellable;
  guint            progress_source;
  char            *rejects_path;
};

G_DEFINE_FINAL_TYPE (SalveImportDialog, salve_import_dialog, ADW_TYPE_WINDOW)

static void run_preview (SalveImportDialog *self);

static char *
format_counts (const SalveImportCounts *counts,
               gboolean                 done)
{
  g_autofree char *imported = NULL;
  g_autofree char *dups = NULL;
  g_autofree char *rejected = NULL;

  imported = g_strdup_printf (done
                              ? g_dngettext (GETTEXT_PACKAGE, "%llu new entry imported",
                                             "%llu new entries imported", counts->imported)
                              : g_dngettext (GETTEXT_PACKAGE, "%llu new",
                                             "%llu new", counts->imported),
                              (unsigned long long) counts->imported);
  dups = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu already there",
                                       "%llu already there", counts->duplicates),
                          (unsigned long long) counts->duplicates);
  rejected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu rejected",
                                           "%llu rejected", counts->rejected),
                              (unsigned long long) counts->rejected);

  /* Translators: "12 rows: 10 new · 1 already there · 1 rejected" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu row: %s · %s · %s",
                                       "%llu rows: %s · %s · %s", counts->read),
                          (unsigned long long) counts->read, imported, dups, rejected);
}

/* ---- the mapping ----------------------------------------------------------- */

static void
on_dropdown_changed (GtkDropDown       *dropdown,
                     GParamSpec        *pspec,
                     SalveImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dropdown), "column"));

  if (self->building_mapping || self->mapping == NULL)
    return;

  salve_csv_mapping_set_field (self->mapping, column, gtk_drop_down_get_selected (dropdown));
  run_preview (self);
}

/* Day first or month first: the importer's choice from the file's dates
 * is shown; a person who knows better picks the other. */
static void
on_dates_changed (GtkDropDown       *dropdown,
                  GParamSpec        *pspec,
                  SalveImportDialog *self)
{
  if (self->building_mapping || self->mapping == NULL)
    return;

  self->date_order = gtk_drop_down_get_selected (dropdown) == 1 ? SALVE_CSV_DATE_MONTH_FIRST
                                                                 : SALVE_CSV_DATE_DAY_FIRST;
  run_preview (self);
}

static void
sync_dropdowns (SalveImportDialog *self)
{
  self->building_mapping = TRUE;
  for (guint i = 0; i < self->dropdowns->len; i++)
    gtk_drop_down_set_selected (g_ptr_array_index (self->dropdowns, i),
                                salve_csv_mapping_get_field (self->mapping, i));
  self->building_mapping = FALSE;
}

static GtkWidget *
mapping_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption-heading");

  return label;
}

static void
build_mapping (SalveImportDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint f = 0; f < SALVE_CSV_N_FIELDS; f++)
    gtk_string_list_append (names, salve_csv_field_get_name (f));

  for (guint i = 0; i < salve_csv_mapping_get_n_columns (self->mapping); i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      /* A column without a name (or only spaces) is known by its place,
       * as the importer's note names it. */
      g_autofree char *name = !salve_csv_mapping_header_is_blank (self->mapping, i)
                              ? g_strdup (salve_csv_mapping_get_header (self->mapping, i))
                              : g_strdup_printf (_("Column %u (no name)"), i + 1);
      GtkWidget *label = mapping_label (name);
      GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
      g_autofree char *a11y = g_strdup_printf (_("Value in column “%s”"), name);

      gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      g_object_set_data (G_OBJECT (dropdown), "column", GUINT_TO_POINTER (i));
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), dropdown);
      gtk_flow_box_append (self->mapping_box, box);
      g_ptr_array_add (self->dropdowns, dropdown);
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_dropdown_changed), self);
    }

  {
    static const char *orders[] = {
      /* Translators: how the file writes a date such as 03/02/2026 */
      N_("Day first (31-01-2026)"),
      N_("Month first (01-31-2026)"),
      NULL
    };
    g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
    GtkWidget *label = mapping_label (_("Date order"));

    for (guint i = 0; orders[i] != NULL; i++)
      gtk_string_list_append (list, _(orders[i]));
    self->dates_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL));
    gtk_widget_set_name (GTK_WIDGET (self->dates_dropdown), "dates");
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->dates_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("How the dates are written"), -1);
    gtk_box_append (GTK_BOX (box), label);
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->dates_dropdown));
    gtk_flow_box_append (self->mapping_box, box);
    g_signal_connect (self->dates_dropdown, "notify::selected", G_CALLBACK (on_dates_changed), self);
  }

  sync_dropdowns (self);
}

/* ---- the sample rows ------------------------------------------------------- */

static GtkWidget *
cell_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  salve_tooltip_set_text (label, text);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

/* The last column: a reason must be read whole, so it wraps. */
static GtkWidget *
wrapping_label (const char *text,
                const char *css_class)
{
  GtkWidget *label = cell_label (text, css_class);

  gtk_label_set_single_line_mode (GTK_LABEL (label), FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_widget_set_hexpand (label, TRUE);

  return label;
}

/* A column's heading is read whole ("Lichaamsdeel of behandelplek"): in a
 * narrow window it wraps instead of being cut off. */
static GtkWidget *
heading_label (const char *text)
{
  GtkWidget *label = cell_label (text, "heading");

  gtk_label_set_single_line_mode (GTK_LABEL (label), FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_widget_set_valign (label, GTK_ALIGN_END);

  return label;
}

/* A sample's medicine and dose, "paracetamol 500 mg". */
static char *
intake_text (const SalveImportSample *s)
{
  const char *dose = s->values[SALVE_CSV_FIELD_DOSE];

  return g_strstrip (g_strdup_printf ("%s %s", s->values[SALVE_CSV_FIELD_MEDICATION], dose != NULL ? dose : ""));
}

/* The most of a note the preview shows. */
#define PREVIEW_NOTE_CHARS 280

static void
fill_samples (SalveImportDialog *self,
              GPtrArray         *samples)
{
  const char *headers[] = { _("Line"), _("Status"), _("When"), _("Pain"), _("Region or site"), _("Note or reason") };
  GtkWidget *child;

  /* An intake alone shows its medicine in that column: the heading says
   * so (the medicine stood under "Region or site"). */
  for (guint r = 0; r < samples->len; r++)
    if (((SalveImportSample *) g_ptr_array_index (samples, r))->kind == SALVE_CSV_KIND_MEDICATION)
      headers[4] = _("Region, site or medicine");

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sample_grid))) != NULL)
    gtk_grid_remove (self->sample_grid, child);

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    gtk_grid_attach (self->sample_grid, heading_label (headers[c]), c, 0, 1, 1);

  for (guint r = 0; r < samples->len; r++)
    {
      SalveImportSample *s = g_ptr_array_index (samples, r);
      g_autofree char *line = g_strdup_printf ("%u", s->line);
      const char *status;
      const char *status_class;
      const char *pain = s->values[SALVE_CSV_FIELD_PAIN];
      const char *where = s->values[SALVE_CSV_FIELD_REGION];
      g_autofree char *session_pain = NULL;
      g_autofree char *medication = NULL;
      g_autofree char *note = NULL;
      GtkWidget *when;

      switch (s->status)
        {
        case SALVE_IMPORT_ROW_NEW:
          status = _("New");
          status_class = "success";
          break;
        case SALVE_IMPORT_ROW_DUPLICATE:
          status = _("Already there");
          status_class = "dim-label";
          break;
        case SALVE_IMPORT_ROW_REJECTED:
        default:
          status = _("Rejected");
          status_class = "error";
          break;
        }

      if (s->kind == SALVE_CSV_KIND_SESSION && s->status != SALVE_IMPORT_ROW_REJECTED)
        {
          /* Translators: a session's pain before and after, "6 → 4" */
          session_pain = g_strdup_printf (_("%s → %s"), s->values[SALVE_CSV_FIELD_PAIN_BEFORE],
                                          s->values[SALVE_CSV_FIELD_PAIN_AFTER]);
          pain = session_pain;
          where = s->values[SALVE_CSV_FIELD_SITE];
        }
      /* An intake alone: the medicine and dose where a rating has its region. */
      if (s->kind == SALVE_CSV_KIND_MEDICATION && s->status != SALVE_IMPORT_ROW_REJECTED)
        {
          medication = intake_text (s);
          where = medication;
        }
      /* A body region or site by its name, not its id ("Left knee", not
       * knee-left); free text as it was typed. */
      if (where != NULL)
        where = salve_body_region_get_name (where);

      note = g_strdup (s->reason ? s->reason : s->values[SALVE_CSV_FIELD_NOTE]);
      /* A rating with an intake beside it: the intake is stored too, and
       * was nowhere in the preview. */
      if (s->kind == SALVE_CSV_KIND_DIARY && s->status != SALVE_IMPORT_ROW_REJECTED &&
          s->values[SALVE_CSV_FIELD_MEDICATION] != NULL && *s->values[SALVE_CSV_FIELD_MEDICATION] != '\0')
        {
          g_autofree char *taken = intake_text (s);
          /* Translators: a rating's medication intake in the import preview, "Medication: paracetamol 500 mg" */
          g_autofree char *intake = g_strdup_printf (_("Medication: %s"), taken);
          char *joined = note != NULL && *note != '\0' ? g_strdup_printf ("%s · %s", note, intake) : g_strdup (intake);

          g_free (note);
          note = joined;
        }
      g_strdelimit (note, "\r\n", ' ');
      /* A sample, not the whole note: one of 100 KB made the table
       * thousands of lines tall, the rows after it out of reach. It is
       * stored whole. */
      if (note != NULL && g_utf8_strlen (note, -1) > PREVIEW_NOTE_CHARS)
        {
          g_autofree char *start = g_utf8_substring (note, 0, PREVIEW_NOTE_CHARS - 1);

          g_free (note);
          note = g_strconcat (start, "…", NULL);
        }

      gtk_grid_attach (self->sample_grid, cell_label (line, "numeric"), 0, r + 1, 1, 1);
      gtk_grid_attach (self->sample_grid, cell_label (status, status_class), 1, r + 1, 1, 1);
      {
        const char *stamp = s->kind == SALVE_CSV_KIND_SESSION && s->status != SALVE_IMPORT_ROW_REJECTED
                            ? s->values[SALVE_CSV_FIELD_STARTED_AT] : s->values[SALVE_CSV_FIELD_AT];
        g_autoptr(GDateTime) at = s->status != SALVE_IMPORT_ROW_REJECTED && stamp != NULL
                                  ? salve_time_parse_iso (stamp) : NULL;
        g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;
        g_autofree char *shown = local != NULL ? salve_time_format_date_time (local) : NULL;

        /* Dates as every screen shows them; a rejected row's exactly as
         * written, and the stored instant, offset included, as the
         * tooltip. Never cut. */
        when = cell_label (shown != NULL ? shown : stamp, "numeric");
        salve_tooltip_set_text (when, stamp);
        gtk_label_set_ellipsize (GTK_LABEL (when), PANGO_ELLIPSIZE_NONE);
      }
      gtk_grid_attach (self->sample_grid, when, 2, r + 1, 1, 1);
      gtk_grid_attach (self->sample_grid, cell_label (pain, "numeric"), 3, r + 1, 1, 1);
      gtk_grid_attach (self->sample_grid, cell_label (where, NULL), 4, r + 1, 1, 1);
      gtk_grid_attach (self->sample_grid, wrapping_label (note, s->reason ? "error" : NULL), 5, r + 1, 1, 1);
    }
}

/* ---- preview ----------------------------------------------------------------- */

static void
show_format (SalveImportDialog *self,
             SalveImporter     *importer)
{
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *text = NULL;

  if (salve_importer_get_is_fhir (importer))
    /* Translators: "export.json · FHIR Bundle (JSON)" */
    text = g_strdup_printf (_("%s · FHIR Bundle (JSON)"), name);
  else
    /* Translators: "diary.csv · UTF-8 with BOM · separated by semicolon" */
    text = g_strdup_printf (_("%s · %s · separated by %s"), name,
                            salve_csv_encoding_get_name (salve_importer_get_encoding (importer)),
                            salve_csv_delimiter_get_name (salve_importer_get_delimiter (importer)));
  gtk_label_set_label (self->format_label, text);
  /* A Bundle's resources name what they hold: no columns to correct. */
  gtk_widget_set_visible (self->columns_heading, !salve_importer_get_is_fhir (importer));
  gtk_widget_set_visible (self->columns_help, !salve_importer_get_is_fhir (importer));
  gtk_widget_set_visible (GTK_WIDGET (self->mapping_box), !salve_importer_get_is_fhir (importer));
}

/* The summary page's outcome, said where the focus is (on Close): a
 * screen reader otherwise hears "Close" and none of the labels. */
static void
describe_close_button (SalveImportDialog *self)
{
  g_autofree char *said = g_strjoin ("\n", gtk_label_get_label (self->summary_title),
                                     gtk_label_get_label (self->summary_label), NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->close_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  g_strstrip (said), -1);
}

/* Nothing is under way or left to do: Close alone, with the focus and
 * Return. */
static void
show_close_only (SalveImportDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), TRUE);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->close_button));
  gtk_widget_grab_focus (GTK_WIDGET (self->close_button));
  describe_close_button (self);
}

static void
on_preview_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SalveImportDialog *self = user_data;
  SalveImporter *importer = SALVE_IMPORTER (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *warnings = NULL;
  gboolean ok = salve_importer_run_finish (importer, result, &error);
  GStrv notes;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || importer != self->preview)
    {
      g_object_unref (self);
      return;
    }

  if (self->mapping == NULL && salve_importer_get_mapping (importer) != NULL)
    {
      self->mapping = salve_csv_mapping_copy (salve_importer_get_mapping (importer));
      self->delimiter = salve_importer_get_delimiter (importer);
      build_mapping (self);
    }

  show_format (self, importer);
  if (self->dates_dropdown != NULL)
    {
      self->building_mapping = TRUE;
      gtk_drop_down_set_selected (self->dates_dropdown, salve_importer_get_month_first (importer) ? 1 : 0);
      self->building_mapping = FALSE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), !ok);
  if (!ok)
    gtk_label_set_label (self->error_label, error->message);

  counts = format_counts (salve_importer_get_counts (importer), FALSE);
  gtk_label_set_label (self->counts_label, ok ? counts : _("Nothing can be imported yet"));

  notes = salve_importer_get_warnings (importer);
  warnings = notes ? g_strjoinv ("\n", notes) : NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_label), warnings && *warnings);
  gtk_label_set_label (self->warnings_label, warnings ? warnings : "");

  fill_samples (self, salve_importer_get_samples (importer));

  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button),
                            ok && salve_importer_get_counts (importer)->imported > 0);
  gtk_stack_set_visible_child_name (self->stack, self->mapping ? "preview" : "summary");
  /* Import has the focus and Return when it can import: not Cancel,
   * the first button of the header bar. */
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->import_button)))
    {
      gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->import_button));
      gtk_widget_grab_focus (GTK_WIDGET (self->import_button));
    }
  /* What the check found, said where the focus is: a screen reader
   * otherwise hears "Import" and none of the labels around it. */
  {
    g_autofree char *said = g_strjoin ("\n", gtk_label_get_label (self->counts_label),
                                       !ok ? error->message : "", warnings ? warnings : "", NULL);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->import_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    g_strstrip (said), -1);
  }

  if (self->mapping == NULL)
    {
      /* Not even a header: nothing to correct, say why. */
      gtk_image_set_from_icon_name (self->summary_icon, "dialog-warning-symbolic");
      gtk_label_set_label (self->summary_title, _("This File Cannot Be Imported"));
      gtk_label_set_label (self->summary_label, error ? error->message : "");
      gtk_widget_set_visible (self->rejects_header, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->rejects_list), FALSE);
      /* Nothing to cancel: the page is closed. */
      show_close_only (self);
    }

  g_object_unref (self);
}

static void
run_preview (SalveImportDialog *self)
{
  g_autoptr(SalveImporter) importer = salve_importer_new (self->db_path, salve_profile_get_id (self->profile),
                                                          self->file);

  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  self->preview_cancellable = g_cancellable_new ();

  salve_importer_set_dry_run (importer, TRUE);
  salve_importer_set_sample_size (importer, SAMPLE_ROWS);
  salve_importer_set_date_order (importer, self->date_order);
  if (self->mapping != NULL)
    {
      salve_importer_set_mapping (importer, self->mapping);
      salve_importer_set_delimiter (importer, self->delimiter);
    }

  g_set_object (&self->preview, importer);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  gtk_label_set_label (self->counts_label, _("Checking every row…"));
  salve_importer_run_async (importer, self->preview_cancellable, on_preview_done, g_object_ref (self));
}

/* ---- import ------------------------------------------------------------------ */

static gboolean
update_progress (gpointer user_data)
{
  SalveImportDialog *self = user_data;

  if (self->importer != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, salve_importer_get_progress (self->importer));

  return G_SOURCE_CONTINUE;
}

static void
add_reject_row (SalveImportDialog       *self,
                const SalveImportReject *reject)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;

  if (reject->column >= 0 && reject->column_name && *reject->column_name)
    /* Translators: "Line 3, column “pijn”" */
    title = g_strdup_printf (_("Line %u, column “%s”"), reject->line, reject->column_name);
  else
    title = g_strdup_printf (_("Line %u"), reject->line);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reject->reason);
  gtk_list_box_append (self->rejects_list, row);
}

static void
on_import_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SalveImportDialog *self = user_data;
  SalveImporter *importer = SALVE_IMPORTER (source);
  g_autoptr(GError) error = NULL;
  const SalveImportCounts *counts = salve_importer_get_counts (importer);
  GPtrArray *rejects = salve_importer_get_rejects (importer);
  gboolean ok = salve_importer_run_finish (importer, result, &error);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  show_close_only (self);

  if (!ok)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      gtk_image_set_from_icon_name (self->summary_icon, cancelled ? "process-stop-symbolic" : "dialog-error-symbolic");
      gtk_label_set_label (self->summary_title, cancelled ? _("Import Cancelled") : _("Import Failed"));
      gtk_label_set_label (self->summary_label,
                           cancelled ? _("Nothing was changed: the diary is as it was before.")
                                     : error->message);
      gtk_widget_set_visible (self->rejects_header, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->rejects_list), FALSE);
      describe_close_button (self);
    }
  else
    {
      g_autofree char *text = format_counts (counts, TRUE);
      g_autofree char *title = g_strdup_printf (_("Imported into %s’s Diary"), salve_profile_get_name (self->profile));

      gtk_image_set_from_icon_name (self->summary_icon,
                                    counts->rejected ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
      gtk_label_set_label (self->summary_title, title);
      gtk_label_set_label (self->summary_label, text);

      for (guint i = 0; i < rejects->len; i++)
        add_reject_row (self, g_ptr_array_index (rejects, i));
      if (counts->rejected > rejects->len)
        {
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu more rejected row is in the saved file.",
                                                                "%llu more rejected rows are in the saved file.",
                                                                counts->rejected - rejects->len),
                                                   (unsigned long long) (counts->rejected - rejects->len));
          gtk_list_box_append (self->rejects_list, cell_label (more, "dim-label"));
        }
      gtk_widget_set_visible (self->rejects_header, counts->rejected > 0);
      gtk_widget_set_visible (GTK_WIDGET (self->rejects_list), counts->rejected > 0);
      describe_close_button (self);

      if (self->window != NULL)
        salve_window_refresh (self->window);
    }

  gtk_stack_set_visible_child_name (self->stack, "summary");
  g_object_unref (self);
}

void
salve_import_dialog_start (SalveImportDialog *self)
{
  g_autoptr(GFile) rejects = NULL;
  int fd;

  g_return_if_fail (SALVE_IS_IMPORT_DIALOG (self));

  if (self->importer != NULL || self->mapping == NULL)
    return;

  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);

  fd = g_file_open_tmp ("salve-rejected-XXXXXX.csv", &self->rejects_path, NULL);
  if (fd >= 0)
    close (fd);

  self->importer = salve_importer_new (self->db_path, salve_profile_get_id (self->profile), self->file);
  salve_importer_set_mapping (self->importer, self->mapping);
  salve_importer_set_delimiter (self->importer, self->delimiter);
  salve_importer_set_date_order (self->importer, self->date_order);
  if (self->rejects_path != NULL)
    {
      rejects = g_file_new_for_path (self->rejects_path);
      salve_importer_set_rejects_file (self->importer, rejects);
    }

  self->import_cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_stack_set_visible_child_name (self->stack, "running");
  self->progress_source = g_timeout_add (100, update_progress, self);

  salve_importer_run_async (self->importer, self->import_cancellable, on_import_done, g_object_ref (self));
}

static void
on_import_clicked (SalveImportDialog *self)
{
  salve_import_dialog_start (self);
}

void
salve_import_dialog_cancel (SalveImportDialog *self)
{
  g_return_if_fail (SALVE_IS_IMPORT_DIALOG (self));

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

static void
on_stop_clicked (SalveImportDialog *self)
{
  salve_import_dialog_cancel (self);
}

static void
on_cancel_clicked (SalveImportDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- saving the rejected rows -------------------------------------------------- */

static void
on_rejects_file_chosen (GtkNativeDialog   *chooser,
                        int                response,
                        SalveImportDialog *self)
{
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GFile) source = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->rejects_path != NULL)
    {
      g_autofree char *said = NULL;

      dest = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      source = g_file_new_for_path (self->rejects_path);

      if (dest != NULL && !g_file_copy (source, dest, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
        said = g_strdup (error->message);
      else if (dest != NULL)
        {
          g_autofree char *name = g_file_get_basename (dest);

          said = g_strdup_printf (_("The rejected rows were saved to “%s”, with line, column and reason."), name);
        }

      /* Said under the import's counts, which stay: they went when the
       * rows were saved. */
      if (said != NULL)
        {
          g_autofree char *text = g_strdup_printf ("%s\n%s", gtk_label_get_label (self->summary_label), said);

          gtk_label_set_label (self->summary_label, text);
        }
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
on_save_rejects_clicked (SalveImportDialog *self)
{
  g_autofree char *base = g_file_get_basename (self->file);
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  char *dot;

  stem = g_strdup (base);
  dot = strrchr (stem, '.');
  if (dot != NULL)
    *dot = '\0';
  /* Translators: suggested file name for the rejected rows of "%s.csv" */
  name = g_strdup_printf (_("%s – rejected.csv"), stem);

  chooser = gtk_file_chooser_native_new (_("Save Rejected Rows"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_rejects_file_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- object -------------------------------------------------------------------- */

static gboolean
salve_import_dialog_close_request (GtkWindow *window)
{
  SalveImportDialog *self = SALVE_IMPORT_DIALOG (window);

  /* While rows are being written, closing means cancelling: the import
   * stops and rolls back, and the summary says so. */
  if (self->importer != NULL && self->progress_source != 0)
    {
      g_cancellable_cancel (self->import_cancellable);
      return TRUE;
    }

  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);

  return GTK_WINDOW_CLASS (salve_import_dialog_parent_class)->close_request (window);
}

static void
salve_import_dialog_dispose (GObject *object)
{
  SalveImportDialog *self = (SalveImportDialog *)object;

  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (object), SALVE_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (salve_import_dialog_parent_class)->dispose (object);
}

static void
salve_import_dialog_finalize (GObject *object)
{
  SalveImportDialog *self = (SalveImportDialog *)object;

  if (self->rejects_path != NULL)
    g_unlink (self->rejects_path);
  g_free (self->rejects_path);
  g_free (self->db_path);
  g_clear_object (&self->profile);
  g_clear_object (&self->file);
  g_clear_pointer (&self->mapping, salve_csv_mapping_free);
  g_clear_pointer (&self->dropdowns, g_ptr_array_unref);
  g_clear_object (&self->preview);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->importer);
  g_clear_object (&self->import_cancellable);

  G_OBJECT_CLASS (salve_import_dialog_parent_class)->finalize (object);
}

static void
salve_import_dialog_class_init (SalveImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = salve_import_dialog_dispose;
  object_class->finalize = salve_import_dialog_finalize;
  window_class->close_request = salve_import_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, counts_label);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, format_label);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, columns_heading);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, columns_help);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, warnings_label);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, mapping_box);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, sample_grid);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, summary_title);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, rejects_header);
  gtk_widget_class_bind_template_child (widget_class, SalveImportDialog, rejects_list);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_save_rejects_clicked);
  /* As the window's close button: the preview closes with nothing
   * imported, a running import stops and rolls back, the summary closes. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
salve_import_dialog_init (SalveImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->dropdowns = g_ptr_array_new ();
}

SalveImportDialog *
salve_import_dialog_new (SalveWindow  *window,
                         const char   *db_path,
                         SalveProfile *profile,
                         GFile        *file)
{
  SalveImportDialog *self;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (SALVE_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (SALVE_TYPE_IMPORT_DIALOG,
                       "transient-for", window,
                       NULL);
  self->window = window;
  if (window != NULL)
    g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  self->db_path = g_strdup (db_path);
  self->profile = g_object_ref (profile);
  self->file = g_object_ref (file);

  /* Translators: the import window's subtitle */
  subtitle = g_strdup_printf (_("Into %s’s diary"), salve_profile_get_name (profile));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  gtk_stack_set_visible_child_name (self->stack, "loading");
  run_preview (self);

  return self;
}

const char *
salve_import_dialog_get_page (SalveImportDialog *self)
{
  g_return_val_if_fail (SALVE_IS_IMPORT_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

void
salve_import_dialog_set_column_field (SalveImportDialog *self,
                                      guint              column,
                                      guint              field)
{
  g_return_if_fail (SALVE_IS_IMPORT_DIALOG (self));
  g_return_if_fail (column < self->dropdowns->len);

  gtk_drop_down_set_selected (g_ptr_array_index (self->dropdowns, column), field);
}

gboolean
salve_import_dialog_get_can_import (SalveImportDialog *self)
{
  g_return_val_if_fail (SALVE_IS_IMPORT_DIALOG (self), FALSE);
  return gtk_widget_get_sensitive (GTK_WIDGET (self->import_button));
}

const char *
_salve_import_dialog_get_summary_title (SalveImportDialog *self)
{
  g_return_val_if_fail (SALVE_IS_IMPORT_DIALOG (self), NULL);
  return gtk_label_get_label (self->summary_title);
}
