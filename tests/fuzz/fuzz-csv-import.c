/* fuzz-csv-import.c: libFuzzer target for what the CSV importer does
 * before the database: read (encoding, delimiter, quotes), map the
 * header, validate every row, and write the stored values back out
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "salve-csv-mapping.h"
#include "salve-csv-reader.h"
#include "salve-csv-validator.h"
#include "salve-csv-writer.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

typedef struct
{
  SalveCsvMapping   *mapping;
  SalveCsvValidator *validator;
  GTimeZone         *tz;
  GString           *line;
  guint              last_line;
  gboolean           month_first;
} Run;

static void
write_text (Run        *run,
            const char *text)
{
  g_assert (g_utf8_validate (text, -1, NULL));
  salve_csv_append_cell (run->line, text, ',', FALSE, TRUE);
  /* What the export guards, the import takes back exactly. */
  if (salve_csv_text_needs_guard (text))
    {
      g_autofree char *guarded = g_strconcat ("'", text, NULL);
      g_assert (strcmp (salve_csv_text_unguard (guarded), text) == 0);
    }
}

/* How a cell reads as a date agrees with what it reads as either way. */
static void
check_date_order (const char *text)
{
  SalveCsvDateOrder order = salve_csv_date_order (text);
  GDate day_first, month_first;
  gboolean as_day_first = salve_csv_date_read (text, FALSE, &day_first);
  gboolean as_month_first = salve_csv_date_read (text, TRUE, &month_first);

  switch (order)
    {
    case SALVE_CSV_DATE_DAY_FIRST:
      g_assert (as_day_first && !as_month_first);
      break;
    case SALVE_CSV_DATE_MONTH_FIRST:
      g_assert (!as_day_first && as_month_first);
      break;
    case SALVE_CSV_DATE_EITHER:
      g_assert (as_day_first && as_month_first && g_date_compare (&day_first, &month_first) != 0);
      break;
    case SALVE_CSV_DATE_SAME:
      g_assert (as_day_first == as_month_first);
      g_assert (!as_day_first || g_date_compare (&day_first, &month_first) == 0);
      break;
    case SALVE_CSV_DATE_NONE:
    default:
      g_assert (!as_day_first && !as_month_first);
      break;
    }
}

static gboolean
on_row (const SalveCsvRow *row,
        gpointer           user_data)
{
  Run *run = user_data;
  SalveCsvRecord rec;
  char *reason = NULL;
  int column;

  /* Every record ends at a line end (CR LF, LF or a CR alone) or at the
   * file's end, so the next one starts on a later line. */
  g_assert (row->last_line >= row->line);
  g_assert (run->last_line == 0 || row->line > run->last_line);
  run->last_line = row->last_line;

  for (guint i = 0; i < row->n_cells; i++)
    {
      /* Whatever the bytes, what goes on is text. */
      g_assert (row->cells[i] != NULL);
      g_assert (g_utf8_validate (row->cells[i], -1, NULL));
      check_date_order (row->cells[i]);
    }

  if (run->mapping == NULL)
    {
      GTimeZone *zone = NULL;

      run->mapping = salve_csv_mapping_new (row->cells, row->n_cells);
      salve_csv_mapping_check (run->mapping, NULL);
      /* What a heading's brackets say of zone and order, as the importer
       * reads them (take_headings()). */
      for (guint i = 0; i < row->n_cells; i++)
        {
          GTimeZone *named = salve_csv_heading_get_zone (row->cells[i]);
          gboolean month_first = FALSE;

          if (named != NULL)
            {
              g_assert (ABS (g_time_zone_get_offset (named, 0)) <= 14 * 3600 + 59 * 60);
              if (zone == NULL)
                zone = g_time_zone_ref (named);
              g_time_zone_unref (named);
            }
          if (salve_csv_heading_get_month_first (row->cells[i], &month_first))
            run->month_first = month_first;
        }
      run->validator = salve_csv_validator_new (run->mapping, run->tz);
      salve_csv_validator_set_times_zone (run->validator, zone);
      g_clear_pointer (&zone, g_time_zone_unref);
      salve_csv_validator_set_month_first (run->validator, run->month_first);
      return TRUE;
    }

  if (salve_csv_row_is_blank (row))
    return TRUE;

  if (!salve_csv_validator_parse (run->validator, row, &rec, &column, &reason))
    {
      g_assert (reason != NULL);
      g_assert (column >= -1 && (column < 0 || (guint) column < MAX (row->n_cells, 1) + SALVE_CSV_MAX_CELLS));
      g_free (reason);
      return TRUE;
    }

  /* A cell that ran on to the end of the file is never a record. */
  g_assert (row->open_quote_line == 0);
  /* Nor one whose quoted cell ran on past a quote that did not end it. */
  g_assert (row->stray_quote_line == 0);
  g_assert (rec.pain >= -1 && rec.pain <= 10);
  g_assert (rec.fatigue >= -1 && rec.fatigue <= 10);
  g_assert (rec.sleep >= -1 && rec.sleep <= 10);
  g_assert (rec.stress >= -1 && rec.stress <= 10);
  g_assert (rec.has_stress == (rec.stress >= 0));
  g_assert (rec.kind != SALVE_CSV_KIND_DIARY || rec.pain >= 0);
  g_assert (!rec.has_at || strlen (rec.at) == 25);

  g_string_truncate (run->line, 0);
  write_text (run, rec.at);
  write_text (run, rec.region ? rec.region : "");
  write_text (run, rec.note ? rec.note : "");
  write_text (run, rec.activities ? rec.activities : "");
  if (rec.kind == SALVE_CSV_KIND_SESSION)
    {
      write_text (run, rec.device);
      write_text (run, rec.params);
      write_text (run, rec.side_effects);
    }
  salve_csv_append_row_end (run->line);

  return TRUE;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(SalveCsvReader) reader = NULL;
  Run run = { 0 };

  input = g_memory_input_stream_new_from_data (data, size, NULL);
  reader = salve_csv_reader_new (input);
  run.tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  if (run.tz == NULL)
    run.tz = g_time_zone_new_utc ();
  run.line = g_string_new (NULL);
  /* Both orders of dates, from one bit of the input. */
  run.month_first = size > 0 && (data[size - 1] & 1) != 0;

  /* Errors (an endless quoted cell) are fine; crashes and leaks are not. */
  salve_csv_reader_run (reader, on_row, &run, NULL, NULL);

  salve_csv_validator_free (run.validator);
  salve_csv_mapping_free (run.mapping);
  g_time_zone_unref (run.tz);
  g_string_free (run.line, TRUE);

  return 0;
}
