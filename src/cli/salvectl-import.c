/* salvectl-import.c: salvectl import and salvectl export
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-exporter.h"
#include "salve-importer.h"
#include "salve-profile-repo.h"
#include "salvectl-private.h"

static void
print_reject (const SalveImportReject *reject,
              gpointer                 user_data)
{
  if (reject->column >= 0 && reject->column_name != NULL && *reject->column_name != '\0')
    /* Translators: line number, column name, reason */
    g_printerr (_("line %u, column “%s”: %s\n"), reject->line, reject->column_name, reject->reason);
  else if (reject->column >= 0)
    g_printerr (_("line %u, column %d: %s\n"), reject->line, reject->column + 1, reject->reason);
  else
    g_printerr (_("line %u: %s\n"), reject->line, reject->reason);
}

/* --map "Opmerking=note" or "Medicatie=" (leave out). */
static gboolean
apply_map (SalveCsvMapping  *mapping,
           const char       *spec,
           GError          **error)
{
  const char *eq = strrchr (spec, '=');
  g_autofree char *header = NULL;
  SalveCsvField field = SALVE_CSV_FIELD_IGNORE;

  if (eq == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--map needs HEADER=FIELD, not “%s”"), spec);
      return FALSE;
    }

  header = g_strndup (spec, eq - spec);
  /* "ignore" leaves the column out, as an empty FIELD does. */
  if (eq[1] != '\0' && !g_str_equal (eq + 1, "ignore") && !salve_csv_field_from_id (eq + 1, &field))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown field “%s” in --map"), eq + 1);
      return FALSE;
    }

  /* "#4=note": the fourth column, whatever its header says (two columns
   * of one name). */
  if (header[0] == '#' && header[1] != '\0')
    {
      guint64 number = 0;

      if (!g_ascii_string_to_unsigned (header + 1, 10, 1, salve_csv_mapping_get_n_columns (mapping), &number, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("The file has no column %s (--map): its columns are #1 to #%u"),
                       header, salve_csv_mapping_get_n_columns (mapping));
          return FALSE;
        }
      salve_csv_mapping_set_field (mapping, (guint) number - 1, field);
      return TRUE;
    }

  {
    int found = -1;

    for (guint i = 0; i < salve_csv_mapping_get_n_columns (mapping); i++)
      {
        if (g_utf8_collate (salve_csv_mapping_get_header (mapping, i), header) != 0)
          continue;
        if (found >= 0)
          {
            /* Translators: --map '#4=note': the column's number, then what was asked for */
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("Columns %d and %u are both called “%s” (--map): give the column by its number, "
                           "as in --map '#%u=%s'"),
                         found + 1, i + 1, header, i + 1, eq + 1);
            return FALSE;
          }
        found = (int) i;
      }
    if (found >= 0)
      {
        salve_csv_mapping_set_field (mapping, (guint) found, field);
        return TRUE;
      }
  }

  /* "date" for a file's "Date", as the headers themselves are read
   * regardless of case: when it names one column only. */
  {
    g_autofree char *wanted = g_utf8_casefold (header, -1);
    int found = -1;

    for (guint i = 0; i < salve_csv_mapping_get_n_columns (mapping); i++)
      {
        g_autofree char *stripped = g_strstrip (g_strdup (salve_csv_mapping_get_header (mapping, i)));
        g_autofree char *own = g_utf8_casefold (stripped, -1);

        if (!g_str_equal (own, wanted))
          continue;
        if (found >= 0)
          {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("More than one column is called “%s” when case is ignored (--map): write the header "
                           "exactly as the file does"), header);
            return FALSE;
          }
        found = (int) i;
      }
    if (found >= 0)
      {
        salve_csv_mapping_set_field (mapping, (guint) found, field);
        return TRUE;
      }
  }

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("The file has no column “%s” (--map)"), header);
  return FALSE;
}

typedef struct
{
  SalveCsvMapping *mapping;
  guint            n_titles;
} HeaderRead;

/* The header, below the titles the import skips too. */
static gboolean
header_only (const SalveCsvRow *row,
             gpointer           user_data)
{
  HeaderRead *read = user_data;

  if (salve_csv_row_get_title (row, read->n_titles) != NULL)
    {
      read->n_titles++;
      return TRUE;
    }
  read->mapping = salve_csv_mapping_new (row->cells, row->n_cells);
  return FALSE;
}

/* The header's mapping with the --map corrections applied. */
static SalveCsvMapping *
read_mapping (GFile        *file,
              char        **maps,
              GError      **error)
{
  g_autoptr(GFileInputStream) input = g_file_read (file, NULL, error);
  g_autoptr(SalveCsvReader) reader = NULL;
  g_autoptr(SalveCsvMapping) mapping = NULL;
  HeaderRead read = { NULL, 0 };

  if (input == NULL)
    return NULL;

  reader = salve_csv_reader_new (G_INPUT_STREAM (input));
  if (!salve_csv_reader_run (reader, header_only, &read, NULL, error))
    {
      g_clear_pointer (&read.mapping, salve_csv_mapping_free);
      return NULL;
    }
  mapping = read.mapping;

  if (mapping == NULL)
    {
      g_set_error_literal (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_EMPTY,
                           _("The file is empty: there is no header row."));
      return NULL;
    }

  for (guint i = 0; maps && maps[i]; i++)
    if (!apply_map (mapping, maps[i], error))
      return NULL;

  return g_steal_pointer (&mapping);
}

int
salvectl_cmd_import (Salvectl  *ctl,
                     int        argc,
                     char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — import a CSV diary, a Salve export or a FHIR Bundle into a profile"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(SalveImporter) importer = NULL;
  g_autoptr(SalveCsvMapping) mapping = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) rejects_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *rejects_path = NULL;
  g_auto(GStrv) maps = NULL;
  g_autofree char *dates = NULL;
  gboolean dry_run = FALSE;
  gboolean strict = FALSE;
  const SalveImportCounts *counts;
  GStrv warnings;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("The profile to import into"), N_("NAME") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Check and count everything, store nothing"), NULL },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict, N_("Store nothing if any row is rejected"), NULL },
    { "rejects", 0, 0, G_OPTION_ARG_FILENAME, &rejects_path, N_("Save the rejected rows, with line and reason, to FILE"), N_("FILE") },
    { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &maps, N_("Take FIELD from the column HEADER (empty FIELD: leave the column out)"), N_("HEADER=FIELD") },
    { "dates", 0, 0, G_OPTION_ARG_STRING, &dates, N_("Read dates such as 03/02/2026 day-first or month-first (default: as the file’s other dates show, else day-first)"), N_("ORDER") },
    { NULL }
  };
  SalveDb *db;
  guint64 imported;
  int verdict;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Fields: at, time, pain, region, fatigue, sleep, stress, activities, activity_minutes,\n"
      "success, new_weakness, numbness, note, kind, started_at, ended_at, device, modality,\n"
      "site, program, params, planned_minutes, outcome, outcome_reason, pain_before,\n"
      "pain_after, side_effects, skin_check, session, medication, dose, as_needed.\n\n"
      "Exit codes: 0 every row imported or already there, 3 some rows rejected,\n"
      "4 nothing stored (every row rejected, or --strict and any rejected).\n"));
  if (!salvectl_parse_options (context, &argc, &argv))
    return SALVECTL_EXIT_USAGE;

  if (argc != 2)
    return salvectl_usage_error (_("import needs exactly one FILE"));
  if (profile_name == NULL)
    return salvectl_usage_error (_("import needs --profile NAME"));
  if (dates != NULL && !g_str_equal (dates, "day-first") && !g_str_equal (dates, "month-first"))
    return salvectl_usage_error (_("--dates is day-first or month-first, not “%s”"), dates);

  file = g_file_new_for_commandline_arg (argv[1]);
  if (!g_file_query_exists (file, NULL))
    return salvectl_runtime_error (_("The file “%s” does not exist."), argv[1]);

  if (!(db = salvectl_get_db (ctl)))
    return SALVECTL_EXIT_RUNTIME;

  if (!(profile = salvectl_find_profile (db, profile_name)))
    return SALVECTL_EXIT_RUNTIME;

  importer = salve_importer_new_for_db (db, salve_profile_get_id (profile), file);
  salve_importer_set_dry_run (importer, dry_run);
  salve_importer_set_strict (importer, strict);
  salve_importer_set_reject_func (importer, print_reject, NULL);
  if (dates != NULL)
    salve_importer_set_date_order (importer, g_str_equal (dates, "month-first") ? SALVE_CSV_DATE_MONTH_FIRST
                                                                                : SALVE_CSV_DATE_DAY_FIRST);

  if (maps != NULL)
    {
      mapping = read_mapping (file, maps, &error);
      if (mapping == NULL)
        return g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE)
          ? salvectl_usage_error ("%s", error->message)
          : salvectl_runtime_error ("%s", error->message);
      salve_importer_set_mapping (importer, mapping);
    }

  if (rejects_path != NULL)
    {
      rejects_file = g_file_new_for_commandline_arg (rejects_path);
      salve_importer_set_rejects_file (importer, rejects_file);
    }

  if (!salve_importer_run (importer, NULL, &error))
    {
      g_printerr ("salvectl: %s\n", error->message);
      /* Nothing could be imported from the file as it is: no failure of
       * the database or the disk. */
      return g_error_matches (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_MISSING_COLUMN) ||
             g_error_matches (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_EMPTY) ||
             g_error_matches (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_UNSUPPORTED)
        ? SALVECTL_EXIT_BLOCKED : SALVECTL_EXIT_RUNTIME;
    }

  warnings = salve_importer_get_warnings (importer);
  for (guint i = 0; warnings && warnings[i]; i++)
    g_printerr (_("note: %s\n"), warnings[i]);

  counts = salve_importer_get_counts (importer);
  verdict = salve_import_counts_verdict (counts, strict);
  imported = counts->imported;

  if (dry_run)
    g_print (_("Dry run: nothing was stored.\n"));
  else if (strict && counts->rejected > 0)
    {
      /* The summary counts what was stored: none of them. */
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "Strict: rows were rejected, so nothing was stored, not even the %llu valid row.\n",
                            "Strict: rows were rejected, so nothing was stored, not even the %llu valid rows.\n",
                            counts->imported),
               (unsigned long long) counts->imported);
      imported = 0;
    }

  g_print ("read %" G_GUINT64_FORMAT ", imported %" G_GUINT64_FORMAT
           ", duplicates %" G_GUINT64_FORMAT ", rejected %" G_GUINT64_FORMAT "\n",
           counts->read, imported, counts->duplicates, counts->rejected);

  return verdict;
}

int
salvectl_cmd_export (Salvectl  *ctl,
                     int        argc,
                     char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— export a profile’s diary and sessions as CSV or FHIR"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *kind_name = NULL;
  g_autofree char *format = NULL;
  g_autofree char *separator = NULL;
  SalveCsvExportKind kind = SALVE_CSV_EXPORT_DIARY;
  gboolean fhir = FALSE;
  gboolean include_practice = FALSE;
  guint64 rows = 0;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("The profile to export"), N_("NAME") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, N_("Write to FILE"), N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("csv (default), or fhir: an HL7 FHIR R4 JSON Bundle of the diary and sessions"), N_("FORMAT") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_name, N_("diary (default), sessions or all (CSV only)"), N_("KIND") },
    { "include-practice", 0, 0, G_OPTION_ARG_NONE, &include_practice, N_("Also export the practice sessions run on the simulated stimulator"), NULL },
    { "separator", 0, 0, G_OPTION_ARG_STRING, &separator, N_("comma (default), or semicolon: as a spreadsheet in Dutch opens a CSV file, with decimal commas (CSV only)"), N_("SEPARATOR") },
    { NULL }
  };
  SalveDb *db;
  char delimiter = ',';

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!salvectl_parse_options (context, &argc, &argv))
    return SALVECTL_EXIT_USAGE;

  if (argc != 1)
    return salvectl_usage_error (_("export takes no arguments besides its options"));
  if (separator != NULL && g_str_equal (separator, "semicolon"))
    delimiter = ';';
  else if (separator != NULL && !g_str_equal (separator, "comma"))
    return salvectl_usage_error (_("--separator must be comma or semicolon, not “%s”"), separator);
  if (profile_name == NULL || out_path == NULL)
    return salvectl_usage_error (_("export needs --profile NAME and --out FILE.csv"));

  if (format != NULL && g_str_equal (format, "fhir"))
    fhir = TRUE;
  else if (format != NULL && !g_str_equal (format, "csv"))
    return salvectl_usage_error (_("--format must be csv or fhir, not “%s”"), format);
  if (fhir && kind_name != NULL)
    return salvectl_usage_error (_("--kind is for CSV: a FHIR export always holds the diary and the sessions"));
  if (fhir && separator != NULL)
    return salvectl_usage_error (_("--separator is for CSV: a FHIR export is JSON"));

  if (kind_name == NULL)
    kind = SALVE_CSV_EXPORT_DIARY;
  else if (!salve_csv_export_kind_from_id (kind_name, &kind))
    return salvectl_usage_error (_("--kind must be diary, sessions or all, not “%s”"), kind_name);

  if (!(db = salvectl_get_db (ctl)))
    return SALVECTL_EXIT_RUNTIME;

  if (!(profile = salvectl_find_profile (db, profile_name)))
    return SALVECTL_EXIT_RUNTIME;

  file = g_file_new_for_commandline_arg (out_path);
  if (fhir)
    {
      if (!salve_exporter_export_fhir (db, salve_profile_get_id (profile), include_practice, file, NULL, &rows, &error))
        return salvectl_runtime_error ("%s", error->message);
      g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %llu resource besides the patient to %s\n",
                            "Exported %llu resources besides the patient to %s\n", rows),
               (unsigned long long) rows, out_path);
      return SALVECTL_EXIT_OK;
    }

  if (!salve_exporter_export_separated (db, salve_profile_get_id (profile), kind, include_practice, delimiter, file,
                                        NULL, &rows, &error))
    return salvectl_runtime_error ("%s", error->message);

  g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %llu row to %s\n",
                        "Exported %llu rows to %s\n", rows),
           (unsigned long long) rows, out_path);

  return SALVECTL_EXIT_OK;
}
