/* salve-csv-mapping.h: which column of a CSV file holds which value
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "salve-csv-reader.h"

G_BEGIN_DECLS

#define SALVE_CSV_ERROR (salve_csv_error_quark ())

typedef enum
{
  SALVE_CSV_ERROR_FAILED,
  SALVE_CSV_ERROR_EMPTY,            /* no header row at all */
  SALVE_CSV_ERROR_MISSING_COLUMN,   /* a required value has no column */
  SALVE_CSV_ERROR_UNSUPPORTED,      /* no text we read: a spreadsheet file, NUL bytes */
  SALVE_CSV_ERROR_TOO_BIG,          /* a cell or row beyond the limits */
} SalveCsvError;

GQuark salve_csv_error_quark (void);

/* The values Salve can take from a column. The ids are the column names
 * of Salve's own export and what `salvectl import --map` accepts. */
typedef enum
{
  SALVE_CSV_FIELD_IGNORE,
  SALVE_CSV_FIELD_KIND,
  SALVE_CSV_FIELD_AT,              /* a date, or a date and a time */
  SALVE_CSV_FIELD_TIME,
  SALVE_CSV_FIELD_PAIN,
  SALVE_CSV_FIELD_REGION,
  SALVE_CSV_FIELD_FATIGUE,
  SALVE_CSV_FIELD_SLEEP,
  SALVE_CSV_FIELD_STRESS,
  SALVE_CSV_FIELD_ACTIVITIES,
  SALVE_CSV_FIELD_SUCCESS,
  SALVE_CSV_FIELD_STARTED_AT,
  SALVE_CSV_FIELD_ENDED_AT,
  SALVE_CSV_FIELD_DEVICE,
  SALVE_CSV_FIELD_MODALITY,
  SALVE_CSV_FIELD_SITE,
  SALVE_CSV_FIELD_PROGRAM,
  SALVE_CSV_FIELD_PARAMS,
  SALVE_CSV_FIELD_PLANNED_MINUTES,
  SALVE_CSV_FIELD_OUTCOME,
  SALVE_CSV_FIELD_OUTCOME_REASON,
  SALVE_CSV_FIELD_PAIN_BEFORE,
  SALVE_CSV_FIELD_PAIN_AFTER,
  SALVE_CSV_FIELD_SIDE_EFFECTS,
  SALVE_CSV_FIELD_SKIN_CHECK,
  SALVE_CSV_FIELD_NOTE,
  /* Salve's `all` export: a session row's number in the file, and on a
   * diary row "N before" or "N after", the session its rating belongs to. */
  SALVE_CSV_FIELD_SESSION,
  /* A medication intake: on a diary row beside the pain, or alone on a
   * row without a pain (kind "medication" in the `all` export). */
  SALVE_CSV_FIELD_MEDICATION,
  SALVE_CSV_FIELD_DOSE,
  SALVE_CSV_FIELD_AS_NEEDED,
  /* The care plan's part of a diary row: minutes per activity
   * ("walking=30 cycling=15") and the two warning signs (yes/no). */
  SALVE_CSV_FIELD_ACTIVITY_MINUTES,
  SALVE_CSV_FIELD_NEW_WEAKNESS,
  SALVE_CSV_FIELD_NUMBNESS,
  SALVE_CSV_N_FIELDS
} SalveCsvField;

/* What Salve's own export writes. */
typedef enum
{
  SALVE_CSV_EXPORT_DIARY,
  SALVE_CSV_EXPORT_SESSIONS,
  SALVE_CSV_EXPORT_ALL,
} SalveCsvExportKind;

const char    *salve_csv_field_to_id        (SalveCsvField  field);
gboolean       salve_csv_field_from_id      (const char    *id,
                                             SalveCsvField *field);
/* Translated, for the mapping drop-downs. */
const char    *salve_csv_field_get_name     (SalveCsvField  field);
/* Dutch or English, ignoring case, accents, spaces, punctuation and a
 * trailing "(…)" such as "Pijn (0-10)". IGNORE when nothing matches, and
 * when the "(…)" names another scale or unit than the field's own: a
 * rating other than 0–10 ("Pijn (0-100)", "Slaap (uren)"), minutes in
 * another unit ("Duur (uur)"). */
SalveCsvField  salve_csv_field_match_header (const char    *header);
/* The field such a header would be, were it not for its "(…)"; IGNORE
 * for any other header. */
SalveCsvField  salve_csv_field_match_header_refused (const char *header);
/* The time zone a date or time column's heading names in its brackets
 * ("Date (UTC)", "Timestamp (GMT)", "Tijd (UTC+1)"): a new reference, or
 * NULL when it names none. */
GTimeZone     *salve_csv_heading_get_zone   (const char *header);
/* Whether a date column's heading names its order in its brackets
 * ("Date (MM-DD-YYYY)", "Datum (dd-mm-jjjj)"): TRUE with @month_first
 * set, FALSE for none (a year-first order names none). */
gboolean       salve_csv_heading_get_month_first (const char *header,
                                                  gboolean   *month_first);
/* The normalised names salve_csv_field_match_header() reads as @field,
 * separated by spaces (docs/csv.md lists them). */
const char    *salve_csv_field_get_aliases  (SalveCsvField  field);
/* TRUE for a session's own values (its start, site, outcome…), which a
 * diary row has no place for. */
gboolean       salve_csv_field_is_session_only (SalveCsvField field);
/* TRUE for columns whose cells are free text: only those can start with
 * a formula character, so only those are escaped on export. */
gboolean       salve_csv_field_is_text      (SalveCsvField  field);

/* "diary", "sessions" or "all"; FALSE for anything else. */
gboolean       salve_csv_export_kind_from_id (const char         *id,
                                              SalveCsvExportKind *kind);
/* The columns of Salve's export, in order. */
const SalveCsvField *salve_csv_export_columns (SalveCsvExportKind  kind,
                                               guint              *n_columns);

typedef struct _SalveCsvMapping SalveCsvMapping;

SalveCsvMapping *salve_csv_mapping_new          (const char * const *header,
                                                 guint               n_columns);
SalveCsvMapping *salve_csv_mapping_copy         (const SalveCsvMapping *self);
void             salve_csv_mapping_free         (SalveCsvMapping       *self);
guint            salve_csv_mapping_get_n_columns (const SalveCsvMapping *self);
const char      *salve_csv_mapping_get_header   (const SalveCsvMapping *self,
                                                 guint                  column);
/* Whether @column's header is empty or white space only: a column
 * without a name, known by its place (counting from 1). */
gboolean         salve_csv_mapping_header_is_blank (const SalveCsvMapping *self,
                                                    guint                  column);
SalveCsvField    salve_csv_mapping_get_field    (const SalveCsvMapping *self,
                                                 guint                  column);
/* A field belongs to one column at most: giving it to @column takes it
 * from any other. */
void             salve_csv_mapping_set_field    (SalveCsvMapping       *self,
                                                 guint                  column,
                                                 SalveCsvField          field);
/* -1 when no column holds @field. */
int              salve_csv_mapping_find_field   (const SalveCsvMapping *self,
                                                 SalveCsvField          field);
/* TRUE when the header is exactly one of Salve's own export headers: only
 * then are formula escapes undone on import. */
gboolean         salve_csv_mapping_is_salve_format (const SalveCsvMapping *self);
/* TRUE when rows are sessions or tell their kind themselves. */
gboolean         salve_csv_mapping_has_sessions (const SalveCsvMapping *self);
gboolean         salve_csv_mapping_has_diary    (const SalveCsvMapping *self);
/* SALVE_CSV_ERROR_MISSING_COLUMN naming what is missing (the date and
 * pain for diary rows; modality, site and outcome for sessions). */
gboolean         salve_csv_mapping_check        (const SalveCsvMapping *self,
                                                 GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveCsvMapping, salve_csv_mapping_free)

/* The text of @row, before the header, when it is a title above it
 * ("Pain Diary Export - Anna", as phone apps write one): a single cell
 * that names no field, one of the first SALVE_CSV_MAX_TITLES (@n_titles
 * came before it); else NULL. A header is never one cell, not even one
 * mapped by hand: a diary needs a date and a pain. */
const char    *salve_csv_row_get_title (const SalveCsvRow *row,
                                        guint              n_titles);

G_END_DECLS
