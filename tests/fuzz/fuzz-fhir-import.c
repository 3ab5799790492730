/* fuzz-fhir-import.c: libFuzzer target for what the importer does with a
 * FHIR Bundle before the database: parse the JSON, turn its resources
 * into rows, validate every row as the importer does
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "salve-csv-mapping.h"
#include "salve-csv-validator.h"
#include "salve-fhir.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

typedef struct
{
  SalveCsvMapping   *mapping;
  SalveCsvValidator *validator;
  GTimeZone         *tz;
  guint              n_rows;
} Run;

static gboolean
on_row (const SalveCsvRow *row,
        gpointer           user_data)
{
  Run *run = user_data;
  SalveCsvRecord rec;
  char *reason = NULL;
  int column;

  for (guint i = 0; i < row->n_cells; i++)
    {
      g_assert (row->cells[i] != NULL);
      g_assert (strlen (row->cells[i]) == row->lengths[i]);
      g_assert (g_utf8_validate (row->cells[i], -1, NULL));
    }

  /* The header first, always an export's: its mapping is complete. */
  if (run->mapping == NULL)
    {
      g_assert (row->line == 0);
      run->mapping = salve_csv_mapping_new (row->cells, row->n_cells);
      g_assert (salve_csv_mapping_check (run->mapping, NULL));
      run->validator = salve_csv_validator_new (run->mapping, run->tz);
      return TRUE;
    }

  run->n_rows++;
  g_assert (row->line >= 1);

  if (!salve_csv_validator_parse (run->validator, row, &rec, &column, &reason))
    {
      g_assert (reason != NULL);
      g_assert (column >= -1 && (column < 0 || (guint) column < row->n_cells));
      g_free (reason);
      return TRUE;
    }

  g_assert (rec.pain >= -1 && rec.pain <= 10);
  g_assert (rec.kind != SALVE_CSV_KIND_DIARY || rec.pain >= 0);
  g_assert (!rec.has_at || strlen (rec.at) == 25);

  return TRUE;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) salve_fhir_link_free);
  g_autoptr(GError) error = NULL;
  Run run = { 0 };
  SalveFhirSkipped skipped = { 0 };
  gboolean ok;

  run.tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  if (run.tz == NULL)
    run.tz = g_time_zone_new_utc ();

  /* Errors (not JSON, not a Bundle) are fine; crashes and leaks are not. */
  ok = salve_fhir_read_bundle ((const char *) data, size, on_row, &run, links, &skipped, &error);
  g_assert (ok == (error == NULL));
  g_assert (ok || run.mapping == NULL);

  for (guint i = 0; i < links->len; i++)
    {
      const SalveFhirLink *link = g_ptr_array_index (links, i);

      g_assert (link->session_start != NULL || link->session_end != NULL);
      g_assert (g_str_equal (link->phase, "before") || g_str_equal (link->phase, "after"));
    }

  salve_csv_validator_free (run.validator);
  salve_csv_mapping_free (run.mapping);
  g_time_zone_unref (run.tz);

  return 0;
}
