/* salve-exporter.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "salve-csv-validator.h"
#include "salve-csv-writer.h"
#include "salve-exporter.h"
#include "salve-safe-output-stream.h"

/* Each query yields every column of SALVE_CSV_EXPORT_ALL in its order
 * (salve-csv-mapping.c), whichever kind is exported.
 *
 * The link between a diary rating and its session is the session's number
 * among the profile's sessions in time order: the same in an export of the
 * imported copy, so an export imports back unchanged and exports again
 * the same. */
#define NUMBERED \
  "WITH numbered AS (SELECT id, ROW_NUMBER () OVER (ORDER BY started_unix IS NULL, started_unix, id) AS n " \
  "  FROM sessions WHERE profile_id = ?1) "
#define DIARY_SELECT \
  "SELECT 'diary' AS kind, at, pain, region, fatigue, sleep_quality, activities, success, " \
  "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, " \
  "  CASE WHEN session_id IS NULL OR session_phase IS NULL THEN NULL " \
  "    ELSE (SELECT n FROM numbered WHERE numbered.id = session_id) || ' ' || session_phase END, " \
  "  note, at_unix AS t, id FROM diary_entries WHERE profile_id = ?1"
#define SESSION_SELECT \
  "SELECT 'session' AS kind, NULL, NULL, NULL, NULL, NULL, NULL, NULL, " \
  "  started_at, ended_at, device_name, modality, site, program, params_json, planned_minutes, " \
  "  outcome, outcome_reason, pain_before, pain_after, side_effects, skin_check, " \
  "  (SELECT n FROM numbered WHERE numbered.id = sessions.id), " \
  "  note, started_unix AS t, id FROM sessions WHERE profile_id = ?1"
#define ORDER ") ORDER BY t IS NULL, t, kind, id"
#define FROM NUMBERED "SELECT * FROM ("

static void
append_value (GString       *line,
              SalveCsvField  field,
              SalveStmt     *stmt,
              int            column,
              gboolean       first)
{
  char num[G_ASCII_DTOSTR_BUF_SIZE];
  const char *text;

  if (salve_stmt_get_is_null (stmt, column))
    text = "";
  else if (field == SALVE_CSV_FIELD_PLANNED_MINUTES)
    text = salve_csv_format_double (num, salve_stmt_get_double (stmt, column));
  else
    text = salve_stmt_get_text (stmt, column);

  salve_csv_append_cell (line, text, ',', first, salve_csv_field_is_text (field));
}

/* Where each of @columns is in the query: at its place among the columns
 * of SALVE_CSV_EXPORT_ALL, which every query yields. @query_column holds
 * SALVE_CSV_N_FIELDS: no layout has a field twice. */
static void
map_query_columns (const SalveCsvField *columns,
                   guint                n_columns,
                   int                 *query_column)
{
  guint n_all = 0;
  const SalveCsvField *all = salve_csv_export_columns (SALVE_CSV_EXPORT_ALL, &n_all);

  g_assert (n_columns <= SALVE_CSV_N_FIELDS);
  for (guint i = 0; i < n_columns; i++)
    {
      query_column[i] = -1;
      for (guint j = 0; j < n_all && query_column[i] < 0; j++)
        if (all[j] == columns[i])
          query_column[i] = (int) j;
      g_assert (query_column[i] >= 0);
    }
}

gboolean
salve_exporter_export (SalveDb             *db,
                       gint64               profile_id,
                       SalveCsvExportKind   kind,
                       GFile               *file,
                       GCancellable        *cancellable,
                       guint64             *n_rows,
                       GError             **error)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GString) line = g_string_sized_new (1024);
  g_autoptr(GError) step_error = NULL;
  const SalveCsvField *columns;
  int query_column[SALVE_CSV_N_FIELDS];
  const char *sql;
  guint n_columns = 0;
  guint64 rows = 0;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  switch (kind)
    {
    case SALVE_CSV_EXPORT_DIARY:
      sql = FROM DIARY_SELECT ORDER;
      break;
    case SALVE_CSV_EXPORT_SESSIONS:
      sql = FROM SESSION_SELECT ORDER;
      break;
    case SALVE_CSV_EXPORT_ALL:
    default:
      sql = FROM DIARY_SELECT " UNION ALL " SESSION_SELECT ORDER;
      break;
    }

  stmt = salve_db_prepare (db, sql, error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return FALSE;

  /* Until the commit, nothing is in @file's place: every return before
   * it drops @out, which throws the partial file away. */
  out = salve_safe_output_stream_new (file, error);
  if (out == NULL)
    return FALSE;

  columns = salve_csv_export_columns (kind, &n_columns);
  map_query_columns (columns, n_columns, query_column);
  g_string_append (line, "\xEF\xBB\xBF");
  for (guint i = 0; i < n_columns; i++)
    salve_csv_append_cell (line, salve_csv_field_to_id (columns[i]), ',', i == 0, FALSE);
  salve_csv_append_row_end (line);

  while (salve_stmt_step (stmt, &step_error))
    {
      for (guint i = 0; i < n_columns; i++)
        append_value (line, columns[i], stmt, query_column[i], i == 0);
      salve_csv_append_row_end (line);
      rows++;

      if (line->len >= 128 * 1024)
        {
          if (!g_output_stream_write_all (out, line->str, line->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (line, 0);
        }
    }

  if (step_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&step_error));
      return FALSE;
    }

  if (!g_output_stream_write_all (out, line->str, line->len, NULL, cancellable, error) ||
      !salve_safe_output_stream_commit (SALVE_SAFE_OUTPUT_STREAM (out), cancellable, error))
    return FALSE;

  if (n_rows != NULL)
    *n_rows = rows;

  return TRUE;
}
