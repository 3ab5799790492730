/* salve-cairo-file.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cairo's own file functions write in place and tell only "error while
 * writing to output stream": cairo writes to our stream instead, which
 * keeps the first error with its reason (a full disk, a size limit).
 */

#define G_LOG_DOMAIN "salve-cairo-file"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>

#include "salve-cairo-file.h"
#include "salve-safe-output-stream.h"

typedef struct
{
  GOutputStream *out;
  GError        *error;
} Sink;

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error != NULL ||
      !g_output_stream_write_all (sink->out, data, length, NULL, NULL, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}

gboolean
salve_cairo_file_save (const char            *path,
                       SalveCairoFileFormat   format,
                       double                 width,
                       double                 height,
                       SalveCairoDrawFunc     draw,
                       gpointer               user_data,
                       GError               **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GOutputStream) out = NULL;
  Sink sink = { NULL, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (draw != NULL, FALSE);

  file = g_file_new_for_path (path);
  out = salve_safe_output_stream_new (file, error);
  if (out == NULL)
    return FALSE;
  sink.out = out;

  switch (format)
    {
    case SALVE_CAIRO_FILE_SVG:
      surface = cairo_svg_surface_create_for_stream (sink_write, &sink, width, height);
      break;
    case SALVE_CAIRO_FILE_PDF:
      surface = cairo_pdf_surface_create_for_stream (sink_write, &sink, width, height);
      break;
    case SALVE_CAIRO_FILE_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width, (int) height);
      break;
    }

  cr = cairo_create (surface);
  draw (cr, user_data);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == SALVE_CAIRO_FILE_PNG)
    status = cairo_surface_write_to_png_stream (surface, sink_write, &sink);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  /* Dropping @out without a commit removes what was written. */
  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write “%s”: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }

  return salve_safe_output_stream_commit (SALVE_SAFE_OUTPUT_STREAM (out), NULL, error);
}
