/* salve-checklist-document.h: the checklist and its matrix on paper
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "salve-rules.h"

G_BEGIN_DECLS

typedef struct
{
  const char          *profile_name;
  SalveProfileAnswers  answers;
  const char          *signed_by;   /* the latest sign-off, or NULL */
  const char          *signed_at;
} SalveChecklistDocument;

/* Lays the document out on pages of @width × @height points (the
 * printable area) and draws page @page on @cr; @page -1 draws nothing.
 * Returns the number of pages. The same code prints and writes PDF. */
int      salve_checklist_document_render   (const SalveChecklistDocument *doc,
                                            cairo_t                      *cr,
                                            double                        width,
                                            double                        height,
                                            int                           page);
/* A stored ISO 8601 time (NULL: now) as local date and time. */
char    *salve_checklist_format_date       (const char                   *iso);
/* A4 with 15 mm margins, saved with salve_cairo_file_save(): 0600,
 * complete or not there at all. */
gboolean salve_checklist_document_save_pdf (const SalveChecklistDocument *doc,
                                            const char                   *path,
                                            GError                      **error);

G_END_DECLS
