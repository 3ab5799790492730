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
#include "salve-fhir.h"
#include "salve-json.h"
#include "salve-profile-repo.h"
#include "salve-session-repo.h"
#include "salve-time.h"
#include "salve-safe-output-stream.h"

/* Each query yields every column of SALVE_CSV_EXPORT_ALL in its order
 * (salve-csv-mapping.c), whichever kind is exported.
 *
 * The link between a diary rating and its session is the session's number
 * among the profile's sessions in time order: the same in an export of the
 * imported copy, so an export imports back unchanged and exports again
 * the same. A session that never started on its device is written without
 * its start time (SALVE_SESSION_COPIED_START_SQL) and numbered as the
 * copy will number it. */
#define NUMBERED \
  "WITH copied AS (SELECT id, " SALVE_SESSION_COPIED_START_SQL ("sessions", "started_unix") " AS started " \
  "  FROM sessions WHERE profile_id = ?1 AND (?2 OR NOT " SALVE_SESSION_IS_PRACTICE_SQL ("sessions.id") ")), " \
  "numbered AS (SELECT id, ROW_NUMBER () OVER (ORDER BY started IS NULL, started, id) AS n FROM copied) "
#define DIARY_SELECT \
  "SELECT 'diary' AS kind, at, pain, region, fatigue, sleep_quality, stress, activities, success, " \
  "  (SELECT group_concat (activity || '=' || minutes, ' ') FROM " \
  "    (SELECT activity, minutes FROM diary_activities WHERE entry_id = diary_entries.id ORDER BY activity)), " \
  "  new_weakness, numbness, " \
  "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, " \
  "  NULL, NULL, NULL, " \
  "  CASE WHEN session_id IS NULL OR session_phase IS NULL THEN NULL " \
  "    ELSE (SELECT n FROM numbered WHERE numbered.id = session_id) || ' ' || session_phase END, " \
  "  note, at_unix AS t, id, session_id, session_phase FROM diary_entries WHERE profile_id = ?1" \
  "  AND (?2 OR session_id IS NULL OR NOT " SALVE_SESSION_IS_PRACTICE_SQL ("diary_entries.session_id") ")"
#define SESSION_SELECT \
  "SELECT 'session' AS kind, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, " \
  "  " SALVE_SESSION_COPIED_START_SQL ("sessions", "started_at") ", ended_at, " \
  "  " SALVE_SESSION_EXPORTED_DEVICE_SQL ("sessions") ", modality, site, program, params_json, planned_minutes, " \
  "  outcome, outcome_reason, pain_before, pain_after, side_effects, skin_check, " \
  "  NULL, NULL, NULL, " \
  "  (SELECT n FROM numbered WHERE numbered.id = sessions.id), " \
  "  note, " SALVE_SESSION_COPIED_START_SQL ("sessions", "started_unix") " AS t, id, id, NULL FROM sessions WHERE profile_id = ?1" \
  "  AND (?2 OR NOT " SALVE_SESSION_IS_PRACTICE_SQL ("sessions.id") ")"
#define MEDICATION_SELECT \
  "SELECT 'medication' AS kind, at, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, " \
  "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, " \
  "  name, dose, CASE WHEN as_needed THEN 'as-needed' ELSE 'scheduled' END, NULL, " \
  "  note, at_unix AS t, id, NULL, NULL FROM medication_intakes WHERE profile_id = ?1"
#define ORDER ") ORDER BY t IS NULL, t, kind, id"
#define FROM NUMBERED "SELECT * FROM ("

static void
append_value (GString       *line,
              SalveCsvField  field,
              SalveStmt     *stmt,
              int            column,
              char           delimiter,
              gboolean       first)
{
  char num[G_ASCII_DTOSTR_BUF_SIZE];
  const char *text;

  if (salve_stmt_get_is_null (stmt, column))
    text = "";
  else if (field == SALVE_CSV_FIELD_PLANNED_MINUTES)
    {
      salve_csv_format_double (num, salve_stmt_get_double (stmt, column));
      /* Where a list is separated by semicolons, a decimal comma is
       * what the spreadsheet reads as a number (7.5 would be 7 May). */
      text = delimiter == ';' ? g_strdelimit (num, ".", ',') : num;
    }
  else
    text = salve_stmt_get_text (stmt, column);

  salve_csv_append_cell (line, text, delimiter, first, salve_csv_field_is_text (field));
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
                       gboolean             include_practice,
                       GFile               *file,
                       GCancellable        *cancellable,
                       guint64             *n_rows,
                       GError             **error)
{
  return salve_exporter_export_separated (db, profile_id, kind, include_practice, ',', file, cancellable, n_rows,
                                          error);
}

gboolean
salve_exporter_export_separated (SalveDb             *db,
                                 gint64               profile_id,
                                 SalveCsvExportKind   kind,
                                 gboolean             include_practice,
                                 char                 delimiter,
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
  g_return_val_if_fail (delimiter == ',' || delimiter == ';', FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  switch (kind)
    {
    case SALVE_CSV_EXPORT_DIARY:
      sql = FROM DIARY_SELECT " UNION ALL " MEDICATION_SELECT ORDER;
      break;
    case SALVE_CSV_EXPORT_SESSIONS:
      sql = FROM SESSION_SELECT ORDER;
      break;
    case SALVE_CSV_EXPORT_ALL:
    default:
      sql = FROM DIARY_SELECT " UNION ALL " MEDICATION_SELECT " UNION ALL " SESSION_SELECT ORDER;
      break;
    }

  stmt = salve_db_prepare (db, sql, error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error) ||
      !salve_stmt_bind_int64 (stmt, 2, include_practice ? 1 : 0, error))
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
    salve_csv_append_cell (line, salve_csv_field_to_id (columns[i]), delimiter, i == 0, FALSE);
  salve_csv_append_row_end (line);

  while (salve_stmt_step (stmt, &step_error))
    {
      for (guint i = 0; i < n_columns; i++)
        append_value (line, columns[i], stmt, query_column[i], delimiter, i == 0);
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

static void
add_entry (JsonBuilder *builder,
           const char  *full_url,
           JsonNode    *resource)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fullUrl");
  json_builder_add_string_value (builder, full_url);
  json_builder_set_member_name (builder, "resource");
  json_builder_add_value (builder, resource);
  json_builder_end_object (builder);
}

static char *
new_url (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strconcat ("urn:uuid:", uuid, NULL);
}

/* A session's fullUrl, made when first needed: a rating taken before a
 * session comes before it in the Bundle and points at it already. */
static const char *
session_url (GHashTable *urls,
             gint64      session_id)
{
  char *url = g_hash_table_lookup (urls, &session_id);

  if (url == NULL)
    {
      url = new_url ();
      g_hash_table_insert (urls, g_memdup2 (&session_id, sizeof session_id), url);
    }

  return url;
}

gboolean
salve_exporter_export_fhir (SalveDb       *db,
                            gint64         profile_id,
                            gboolean       include_practice,
                            GFile         *file,
                            GCancellable  *cancellable,
                            guint64       *n_resources,
                            GError       **error)
{
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) step_error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autofree char *patient_url = new_url ();
  g_autoptr(GHashTable) session_urls = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree char *patient_id = NULL;
  g_autofree char *now = salve_time_now_iso ();
  g_autofree char *text = NULL;
  const char *row[SALVE_CSV_N_FIELDS];
  char num[G_ASCII_DTOSTR_BUF_SIZE];
  const SalveCsvField *columns;
  guint minutes_column = 0;
  guint n_columns = 0;
  guint64 count = 0;
  gsize len;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  profile = salve_profile_repo_get (db, profile_id, error);
  if (profile == NULL)
    return FALSE;

  stmt = salve_db_prepare (db, FROM DIARY_SELECT " UNION ALL " MEDICATION_SELECT " UNION ALL " SESSION_SELECT ORDER,
                           error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error) ||
      !salve_stmt_bind_int64 (stmt, 2, include_practice ? 1 : 0, error))
    return FALSE;

  columns = salve_csv_export_columns (SALVE_CSV_EXPORT_ALL, &n_columns);
  while (columns[minutes_column] != SALVE_CSV_FIELD_PLANNED_MINUTES)
    minutes_column++;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "resourceType");
  json_builder_add_string_value (builder, "Bundle");
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "collection");
  json_builder_set_member_name (builder, "timestamp");
  json_builder_add_string_value (builder, now);
  json_builder_set_member_name (builder, "entry");
  json_builder_begin_array (builder);

  {
    g_autoptr(JsonBuilder) patient = json_builder_new ();

    patient_id = g_strdup_printf ("patient-%" G_GINT64_FORMAT, profile_id);
    json_builder_begin_object (patient);
    json_builder_set_member_name (patient, "resourceType");
    json_builder_add_string_value (patient, "Patient");
    json_builder_set_member_name (patient, "id");
    json_builder_add_string_value (patient, patient_id);
    json_builder_set_member_name (patient, "name");
    json_builder_begin_array (patient);
    json_builder_begin_object (patient);
    json_builder_set_member_name (patient, "text");
    json_builder_add_string_value (patient, salve_profile_get_name (profile));
    json_builder_end_object (patient);
    json_builder_end_array (patient);
    json_builder_end_object (patient);
    add_entry (builder, patient_url, json_builder_get_root (patient));
  }

  while (salve_stmt_step (stmt, &step_error))
    {
      g_autofree char *url = NULL;
      g_autofree char *id = NULL;
      gboolean is_diary = g_str_equal (salve_stmt_get_text (stmt, 0), "diary");
      gboolean is_medication = g_str_equal (salve_stmt_get_text (stmt, 0), "medication");
      gboolean linked = !salve_stmt_get_is_null (stmt, n_columns + 2);
      const char *link_url = linked ? session_url (session_urls, salve_stmt_get_int64 (stmt, n_columns + 2)) : NULL;
      JsonNode *resource;

      url = is_diary || is_medication ? new_url () : g_strdup (link_url);

      for (guint i = 0; i < n_columns; i++)
        row[i] = salve_stmt_get_is_null (stmt, i) ? NULL : salve_stmt_get_text (stmt, i);
      /* Numbers as the CSV export writes them: 20, not 20.0. */
      if (row[minutes_column] != NULL)
        row[minutes_column] = salve_csv_format_double (num, salve_stmt_get_double (stmt, minutes_column));

      id = g_strdup_printf ("%s-%" G_GINT64_FORMAT, is_diary ? "diary" : is_medication ? "medication" : "session",
                            salve_stmt_get_int64 (stmt, n_columns + 1));
      if (is_medication)
        resource = salve_fhir_medication_to_resource (row, id, patient_url);
      else if (is_diary)
        resource = salve_fhir_diary_to_resource (row, id, patient_url, link_url,
                                                 linked ? salve_stmt_get_text (stmt, n_columns + 3) : NULL);
      else
        resource = salve_fhir_session_to_resource (row, id, patient_url);
      add_entry (builder, url, resource);
      count++;

      if ((count % 1024) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }

  if (step_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&step_error));
      return FALSE;
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = salve_json_to_data (root, &len);

  out = salve_safe_output_stream_new (file, error);
  if (out == NULL ||
      !g_output_stream_write_all (out, text, len, NULL, cancellable, error) ||
      !g_output_stream_write_all (out, "\n", 1, NULL, cancellable, error) ||
      !salve_safe_output_stream_commit (SALVE_SAFE_OUTPUT_STREAM (out), cancellable, error))
    return FALSE;

  if (n_resources != NULL)
    *n_resources = count;

  return TRUE;
}
