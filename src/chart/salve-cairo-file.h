/* salve-cairo-file.h: a drawing saved as PNG, SVG or PDF, whole or not at all
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SALVE_CAIRO_FILE_PNG,
  SALVE_CAIRO_FILE_SVG,
  SALVE_CAIRO_FILE_PDF,
} SalveCairoFileFormat;

/* Draws the picture on @cr; for PDF it may end pages with
 * cairo_show_page() (a last page left unshown is shown for it). */
typedef void (*SalveCairoDrawFunc) (cairo_t  *cr,
                                    gpointer  user_data);

/* Draws @width × @height (pixels for PNG, points otherwise) into @path
 * through salve_safe_output_stream_new(): the file is 0600 and appears
 * only when complete; on any failure an existing file is left as it was.
 * Errors are G_IO_ERROR. */
gboolean salve_cairo_file_save (const char            *path,
                                SalveCairoFileFormat   format,
                                double                 width,
                                double                 height,
                                SalveCairoDrawFunc     draw,
                                gpointer               user_data,
                                GError               **error);

G_END_DECLS
