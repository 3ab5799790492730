/* salve-csv-writer.h: cells written so that spreadsheets and Salve read
 * them back the same
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @text as one cell (a delimiter first unless @first). Quoted
 * when it holds the delimiter, a quote, a line break or edge spaces;
 * quotes doubled. With @guard, text a spreadsheet would run as a formula
 * gets a leading apostrophe (salve_csv_text_needs_guard). */
void salve_csv_append_cell    (GString    *line,
                               const char *text,
                               char        delimiter,
                               gboolean    first,
                               gboolean    guard);
/* CRLF, as RFC 4180 and Excel expect. */
void salve_csv_append_row_end (GString    *line);

G_END_DECLS
