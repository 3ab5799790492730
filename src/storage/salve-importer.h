/* salve-importer.h: a CSV file into a profile's diary and sessions
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "salve-csv-mapping.h"
#include "salve-csv-reader.h"
#include "salve-csv-validator.h"
#include "salve-db.h"

G_BEGIN_DECLS

typedef struct
{
  guint64 read;         /* data rows (blank rows are not rows) */
  guint64 imported;
  guint64 duplicates;
  guint64 rejected;
} SalveImportCounts;

typedef struct
{
  guint   line;
  int     column;       /* 0-based; -1 for the whole row */
  char   *column_name;  /* the header's name, or "" */
  char   *reason;       /* translated */
  char  **cells;        /* the row as read */
} SalveImportReject;

typedef enum
{
  SALVE_IMPORT_ROW_NEW,
  SALVE_IMPORT_ROW_DUPLICATE,
  SALVE_IMPORT_ROW_REJECTED,
} SalveImportRowStatus;

/* One of the first rows, as it will be stored: for the preview. */
typedef struct
{
  guint                line;
  SalveImportRowStatus status;
  SalveCsvKind         kind;
  char                *values[SALVE_CSV_N_FIELDS];  /* stored text; never NULL */
  char                *reason;                      /* rejected rows */
} SalveImportSample;

#define SALVE_IMPORTER_MAX_KEPT_REJECTS 1000

void salve_import_reject_free (SalveImportReject *reject);
void salve_import_sample_free (SalveImportSample *sample);

/* Called in the thread that runs the import, for every rejected row. */
typedef void (*SalveImportRejectFunc) (const SalveImportReject *reject,
                                       gpointer                 user_data);

#define SALVE_TYPE_IMPORTER (salve_importer_get_type ())

G_DECLARE_FINAL_TYPE (SalveImporter, salve_importer, SALVE, IMPORTER, GObject)

/* The import opens its own connection to @db_path: it may run in a
 * worker thread while the app keeps using its own. */
SalveImporter *salve_importer_new              (const char            *db_path,
                                                gint64                 profile_id,
                                                GFile                 *file);
/* The same on @db's connection instead of one of its own: for a caller
 * that runs the import in the thread that uses @db and does nothing else
 * with it meanwhile (salvectl), which saves opening the database twice.
 * The connection holds no lock until the source is copied, and gets its
 * settings back when the import ends. */
SalveImporter *salve_importer_new_for_db       (SalveDb               *db,
                                                gint64                 profile_id,
                                                GFile                 *file);
/* Do everything, count everything, store nothing. */
void           salve_importer_set_dry_run      (SalveImporter         *self,
                                                gboolean               dry_run);
/* Any rejected row and nothing is stored. */
void           salve_importer_set_strict       (SalveImporter         *self,
                                                gboolean               strict);
/* A mapping the person corrected; used when it has as many columns as
 * the file's header. NULL: from the header. */
void           salve_importer_set_mapping      (SalveImporter         *self,
                                                const SalveCsvMapping *mapping);
/* 0: detect. */
void           salve_importer_set_delimiter    (SalveImporter         *self,
                                                char                   delimiter);
/* How dates that are not year first are read: SALVE_CSV_DATE_DAY_FIRST
 * (31/01/2026) or SALVE_CSV_DATE_MONTH_FIRST (01/31/2026); the default,
 * SALVE_CSV_DATE_NONE, decides from the file's dates (see
 * salve_importer_get_month_first()). */
void           salve_importer_set_date_order   (SalveImporter         *self,
                                                SalveCsvDateOrder      order);
/* Writes the rejected rows there (the file's header plus line, column
 * and reason), UTF-8. */
void           salve_importer_set_rejects_file (SalveImporter         *self,
                                                GFile                 *file);
/* Keep the first @n rows as samples. */
void           salve_importer_set_sample_size  (SalveImporter         *self,
                                                guint                  n);
void           salve_importer_set_reject_func  (SalveImporter         *self,
                                                SalveImportRejectFunc  func,
                                                gpointer               user_data);

/* One transaction: on error, cancel, a crash or kill the database stays as
 * it was. TRUE when the file was read to the end (rows may still have been
 * rejected; see the counts). Runs in the calling thread. */
gboolean       salve_importer_run              (SalveImporter         *self,
                                                GCancellable          *cancellable,
                                                GError               **error);
/* The same in a GTask worker thread. */
void           salve_importer_run_async        (SalveImporter         *self,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
gboolean       salve_importer_run_finish       (SalveImporter         *self,
                                                GAsyncResult          *result,
                                                GError               **error);

/* 0…1, safe to read from any thread while running. */
double                   salve_importer_get_progress  (SalveImporter *self);
/* Safe to read once run() returned. */
const SalveImportCounts *salve_importer_get_counts    (SalveImporter *self);
/* TRUE when the rows were stored (not a dry run, not refused by strict). */
gboolean                 salve_importer_get_committed (SalveImporter *self);
/* The first SALVE_IMPORTER_MAX_KEPT_REJECTS; element SalveImportReject. */
GPtrArray               *salve_importer_get_rejects   (SalveImporter *self);
/* Element SalveImportSample. */
GPtrArray               *salve_importer_get_samples   (SalveImporter *self);
const SalveCsvMapping   *salve_importer_get_mapping   (SalveImporter *self);
SalveCsvEncoding         salve_importer_get_encoding  (SalveImporter *self);
char                     salve_importer_get_delimiter (SalveImporter *self);
/* TRUE when the dates were read month first (as set, or as the file's
 * dates decided). */
gboolean                 salve_importer_get_month_first (SalveImporter *self);
/* Whether the last run read a FHIR Bundle (JSON), not CSV: no columns,
 * encoding or separator to show. */
gboolean                 salve_importer_get_is_fhir   (SalveImporter *self);
const char              *salve_importer_get_sha256    (SalveImporter *self);
/* Translated notes about what is not imported or assumed (a column left
 * out, dates stored at 12:00, dates read month first, or day first when
 * the file does not tell). */
GStrv                    salve_importer_get_warnings  (SalveImporter *self);
gint64                   salve_importer_get_import_id (SalveImporter *self);

/* Exit-style verdict: 0 every row imported or a duplicate, 3 some
 * rejected, 4 nothing stored because of rejections. */
int                      salve_import_counts_verdict  (const SalveImportCounts *counts,
                                                       gboolean                 strict);

G_END_DECLS
