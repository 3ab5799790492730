/* salve-exporter.h: a profile's diary and sessions as Salve's CSV
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "salve-csv-mapping.h"
#include "salve-db.h"

G_BEGIN_DECLS

/* UTF-8 with a BOM (so Excel reads the accents right), comma-separated,
 * CRLF, one header row of field ids (salve_csv_export_columns), oldest
 * first. Text cells that a spreadsheet would run as a formula get a
 * leading apostrophe, which Salve's importer takes off again; number and
 * date columns never start with one of those characters, so they are
 * written as they are. The file is written with
 * salve_safe_output_stream_new(): 0600, and in place only when complete;
 * a failed or cancelled export leaves an existing file alone and no
 * partial one. Practice sessions (on the simulated stimulator) and the
 * pain recorded around them are left out unless @include_practice.
 * @n_rows: rows written (may be NULL). */
gboolean salve_exporter_export (SalveDb             *db,
                                gint64               profile_id,
                                SalveCsvExportKind   kind,
                                gboolean             include_practice,
                                GFile               *file,
                                GCancellable        *cancellable,
                                guint64             *n_rows,
                                GError             **error);
/* The same with @delimiter between the cells: ',' (Salve's own format,
 * as above) or ';', as a spreadsheet set to Dutch (or another language
 * with a decimal comma) reads a file it opens, with the planned minutes
 * written with a decimal comma (7,5). Both import back unchanged. */
gboolean salve_exporter_export_separated (SalveDb             *db,
                                          gint64               profile_id,
                                          SalveCsvExportKind   kind,
                                          gboolean             include_practice,
                                          char                 delimiter,
                                          GFile               *file,
                                          GCancellable        *cancellable,
                                          guint64             *n_rows,
                                          GError             **error);

/* The profile's diary and sessions as an HL7 FHIR R4 Bundle (JSON, type
 * "collection"; see salve-fhir.h): a Patient, an Observation per diary
 * entry, a Procedure per session, oldest first. Written as the CSV
 * export is. @n_resources: Observations and Procedures (may be NULL). */
gboolean salve_exporter_export_fhir (SalveDb        *db,
                                     gint64          profile_id,
                                     gboolean        include_practice,
                                     GFile          *file,
                                     GCancellable   *cancellable,
                                     guint64        *n_resources,
                                     GError        **error);

G_END_DECLS
