/* salve-csv-reader.h: CSV rows from a stream, whatever made the file
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SALVE_CSV_ENCODING_ASCII,         /* nothing beyond ASCII seen (yet) */
  SALVE_CSV_ENCODING_UTF8,
  SALVE_CSV_ENCODING_UTF8_BOM,
  SALVE_CSV_ENCODING_WINDOWS_1252,  /* what Excel writes in a Dutch locale */
  SALVE_CSV_ENCODING_UTF16,         /* Excel's "Unicode text"; converted */
  SALVE_CSV_ENCODING_MAC_ROMAN,     /* Excel for Mac's "CSV (Macintosh)" */
} SalveCsvEncoding;

/* Translated, e.g. "UTF-8 with BOM". */
const char *salve_csv_encoding_get_name  (SalveCsvEncoding encoding);
/* Translated, e.g. "semicolon". */
const char *salve_csv_delimiter_get_name (char             delimiter);

/* One record as it will be mapped. Cells are UTF-8 and NUL-terminated;
 * they live until the row function returns. */
typedef struct
{
  guint        line;          /* 1-based line where the record starts */
  guint        n_cells;
  const char **cells;
  const gsize *lengths;
  int          bad_cell;      /* -1, or a cell that is not text in the
                               * file's encoding (shown made valid) */
  gboolean     bad_cell_nul;  /* that cell holds a NUL byte */
  guint        mixed_encoding_line; /* 0, or bad_cell is UTF-8 while the
                                     * file is Windows-1252 (or Mac Roman)
                                     * from this line on (a mixed file) */
  SalveCsvEncoding encoding;        /* the file's, as decided so far */
  guint        extra_cells;   /* cells beyond the reader's limit, dropped */
  guint        open_quote_line; /* 0, or the line where the row's last
                                 * cell opens a quote the file never
                                 * closes: that cell holds the rest of
                                 * the file, rows and all */
  guint        stray_quote_line; /* 0, or the line of a quote inside a
                                  * quoted cell that is neither doubled
                                  * nor the cell's end, after which the
                                  * cell ran on past that line: the rows
                                  * after it may be in it */
  guint        last_line;     /* the line where the record ends */
} SalveCsvRow;

/* Return FALSE to stop reading (not an error). */
typedef gboolean (*SalveCsvRowFunc) (const SalveCsvRow *row,
                                     gpointer           user_data);

typedef struct _SalveCsvReader SalveCsvReader;

/* Lines above the header that may be titles (salve_csv_row_get_title()):
 * the reader looks for the header's delimiter below them too. */
#define SALVE_CSV_MAX_TITLES 5

/* Limits that keep memory bounded whatever the file holds. */
#define SALVE_CSV_MAX_CELLS      512
#define SALVE_CSV_MAX_CELL_BYTES (16 * 1024 * 1024)

SalveCsvReader  *salve_csv_reader_new           (GInputStream    *stream);
void             salve_csv_reader_free          (SalveCsvReader  *self);
/* Reads the first block and decides the encoding's family (a BOM, or
 * UTF-16 without one) and the delimiter (comma, semicolon or tab, from
 * the header line). Fails with SALVE_CSV_ERROR_UNSUPPORTED for a
 * spreadsheet file (zip or OLE2) or a block with a NUL byte that is not
 * UTF-16. Called by run() if not before. */
gboolean         salve_csv_reader_sniff         (SalveCsvReader  *self,
                                                 GCancellable    *cancellable,
                                                 GError         **error);
char             salve_csv_reader_get_delimiter (SalveCsvReader  *self);
/* Overrides what sniff() found; call before run(). */
void             salve_csv_reader_set_delimiter (SalveCsvReader  *self,
                                                 char             delimiter);
/* Decided at the first non-ASCII cell: valid UTF-8 means UTF-8,
 * anything else Windows-1252, or Mac Roman when the first block reads as
 * more plausible text in Mac Roman (docs/csv.md gives the scores). A later cell in the other encoding is a
 * bad cell (not valid UTF-8; or UTF-8 in a Windows-1252 file, which
 * mixed_encoding_line says), never decoded the wrong way. */
SalveCsvEncoding salve_csv_reader_get_encoding  (SalveCsvReader  *self);
/* Calls @func for every record, the header included, streaming in blocks
 * of 64 KiB. Stops early when @func returns FALSE. */
gboolean         salve_csv_reader_run           (SalveCsvReader  *self,
                                                 SalveCsvRowFunc  func,
                                                 gpointer         user_data,
                                                 GCancellable    *cancellable,
                                                 GError         **error);
/* Bytes of the file read so far, for progress. */
guint64          salve_csv_reader_get_bytes_read (SalveCsvReader *self);
/* SHA-256 (hex) of every byte read; of the whole file once run() has
 * returned TRUE without being stopped. */
const char      *salve_csv_reader_get_sha256    (SalveCsvReader  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveCsvReader, salve_csv_reader_free)

G_END_DECLS
