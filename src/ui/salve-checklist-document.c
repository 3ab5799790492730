/* salve-checklist-document.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-checklist-document"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "salve-cairo-file.h"
#include "salve-checklist-document.h"
#include "salve-time.h"

char *
salve_checklist_format_date (const char *iso)
{
  g_autoptr(GDateTime) dt = iso ? salve_time_parse_iso (iso) : g_date_time_new_now_local ();
  g_autoptr(GDateTime) local = NULL;

  if (dt == NULL)
    return g_strdup (iso);

  /* The local calendar date and clock time, as the person reads them
   * and as every other screen shows them. */
  local = g_date_time_to_local (dt);
  return salve_time_format_date_time (local);
}

typedef struct
{
  cairo_t *cr;
  double   width;
  double   height;
  int      want;    /* the page to draw, or -1 */
  int      page;
  double   y;
} Pen;

static PangoLayout *
make_layout (Pen        *pen,
             const char *text,
             const char *font,
             double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (pen->cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  /* Points, not screen pixels: the surface is measured in points. */
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* Moves to the next page when @needed does not fit. */
static void
reserve (Pen    *pen,
         double  needed)
{
  if (pen->y > 0 && pen->y + needed > pen->height)
    {
      pen->page++;
      pen->y = 0;
    }
}

static gboolean
drawing (Pen *pen)
{
  return pen->want >= 0 && pen->page == pen->want;
}

static void
text_block (Pen        *pen,
            const char *text,
            const char *font,
            double      space_after)
{
  g_autoptr(PangoLayout) layout = make_layout (pen, text, font, pen->width);
  double h = layout_height (layout);

  reserve (pen, h);
  if (drawing (pen))
    {
      cairo_set_source_rgb (pen->cr, 0, 0, 0);
      cairo_move_to (pen->cr, 0, pen->y);
      pango_cairo_show_layout (pen->cr, layout);
    }
  pen->y += h + space_after;
}

static void
question_row (Pen                       *pen,
              const SalveChecklistDocument *doc,
              SalveCondition             condition)
{
  double answer_width = pen->width * 0.25;
  g_autoptr(PangoLayout) question = make_layout (pen, salve_condition_get_question (condition), "Sans 10",
                                                 pen->width - answer_width - 12);
  g_autofree char *answer_text = NULL;
  g_autoptr(PangoLayout) answer = NULL;
  double h;

  if (doc->answers.sites[condition] < SALVE_N_SITES && doc->answers.answers[condition] != SALVE_ANSWER_NO)
    answer_text = g_strdup_printf ("%s (%s)", salve_profile_answers_get_answer_name (&doc->answers, condition),
                                   salve_site_get_name (doc->answers.sites[condition]));
  else
    answer_text = g_strdup (salve_profile_answers_get_answer_name (&doc->answers, condition));
  answer = make_layout (pen, answer_text, "Sans Bold 10", answer_width);

  h = MAX (layout_height (question), layout_height (answer));
  reserve (pen, h + 6);
  if (drawing (pen))
    {
      cairo_set_source_rgb (pen->cr, 0, 0, 0);
      cairo_move_to (pen->cr, 0, pen->y);
      pango_cairo_show_layout (pen->cr, question);
      cairo_move_to (pen->cr, pen->width - answer_width, pen->y);
      pango_cairo_show_layout (pen->cr, answer);
      cairo_set_source_rgb (pen->cr, 0.8, 0.8, 0.8);
      cairo_set_line_width (pen->cr, 0.5);
      cairo_move_to (pen->cr, 0, pen->y + h + 3);
      cairo_line_to (pen->cr, pen->width, pen->y + h + 3);
      cairo_stroke (pen->cr);
    }
  pen->y += h + 6;
}

static void
verdict_colour (cairo_t      *cr,
                SalveVerdict  verdict)
{
  /* The Adwaita success, warning and error colours, lightened for
   * paper; the word is printed as well, so grey print still reads. */
  switch (verdict)
    {
    case SALVE_VERDICT_ALLOWED:
      cairo_set_source_rgb (cr, 0.84, 0.95, 0.87);
      break;
    case SALVE_VERDICT_CAUTION:
      cairo_set_source_rgb (cr, 0.99, 0.93, 0.78);
      break;
    case SALVE_VERDICT_BLOCKED:
    default:
      cairo_set_source_rgb (cr, 0.98, 0.82, 0.82);
      break;
    }
}

static void
matrix_row (Pen                          *pen,
            const SalveChecklistDocument *doc,
            int                           site)  /* -1: the header */
{
  double col = pen->width / (SALVE_N_MODALITIES + 1);
  double h = 14;

  reserve (pen, h + 1);
  if (drawing (pen))
    {
      g_autoptr(PangoLayout) label = make_layout (pen, site < 0 ? _("Body region") : salve_site_get_name (site),
                                                  site < 0 ? "Sans Bold 9" : "Sans 9", col - 4);

      cairo_set_source_rgb (pen->cr, 0, 0, 0);
      cairo_move_to (pen->cr, 0, pen->y + 2);
      pango_cairo_show_layout (pen->cr, label);

      for (guint m = 0; m < SALVE_N_MODALITIES; m++)
        {
          double x = col * (m + 1);
          g_autoptr(PangoLayout) cell = NULL;

          if (site < 0)
            cell = make_layout (pen, salve_modality_get_name (m), "Sans Bold 9", col - 4);
          else
            {
              SalveVerdict verdict = salve_rules_check_site (m, site, &doc->answers, NULL);

              verdict_colour (pen->cr, verdict);
              cairo_rectangle (pen->cr, x, pen->y, col - 4, h);
              cairo_fill (pen->cr);
              cell = make_layout (pen, salve_verdict_get_name (verdict), "Sans 9", col - 8);
            }

          cairo_set_source_rgb (pen->cr, 0, 0, 0);
          cairo_move_to (pen->cr, x + 3, pen->y + 2);
          pango_cairo_show_layout (pen->cr, cell);
        }
    }
  pen->y += h + 1;
}

int
salve_checklist_document_render (const SalveChecklistDocument *doc,
                                 cairo_t                      *cr,
                                 double                        width,
                                 double                        height,
                                 int                           page)
{
  Pen pen = { cr, width, height, page, 0, 0 };
  g_autofree char *title = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *now = salve_checklist_format_date (NULL);

  g_return_val_if_fail (doc != NULL, 0);

  /* Translators: heading of the printed checklist; %s is the profile name */
  title = g_strdup_printf (_("Contraindication checklist: %s"), doc->profile_name);
  text_block (&pen, title, "Sans Bold 16", 4);
  /* Translators: %s is a date and time */
  printed = g_strdup_printf (_("Printed %s"), now);
  text_block (&pen, printed, "Sans 9", 14);

  text_block (&pen, _("Questions"), "Sans Bold 12", 6);
  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    question_row (&pen, doc, c);
  if (!isnan (doc->answers.intensity_ceiling_ma))
    {
      /* Translators: the profile's intensity ceiling on the printed checklist */
      g_autofree char *ceiling = g_strdup_printf (_("Intensity ceiling: %.4g mA"), doc->answers.intensity_ceiling_ma);
      text_block (&pen, ceiling, "Sans Bold 10", 0);
    }
  pen.y += 10;

  text_block (&pen, _("What is allowed where"), "Sans Bold 12", 6);
  matrix_row (&pen, doc, -1);
  for (int s = 0; s < SALVE_N_SITES; s++)
    matrix_row (&pen, doc, s);
  pen.y += 10;

  if (doc->signed_by != NULL)
    {
      /* Translators: "Last signed off by Marieke on 29-03-26 09:30" */
      g_autofree char *when = salve_checklist_format_date (doc->signed_at);
      g_autofree char *signoff = g_strdup_printf (_("Last signed off by %s on %s"), doc->signed_by, when);
      text_block (&pen, signoff, "Sans 10", 18);
    }
  else
    text_block (&pen, _("Not signed off yet."), "Sans 10", 18);

  /* One sheet to sign: the signature line stays on the last page. */
  text_block (&pen, _("Carer’s name and signature:"), "Sans 10", 0);

  return pen.page + 1;
}

#define A4_WIDTH  595.28
#define A4_HEIGHT 841.89
#define A4_MARGIN 42.5

static void
draw_pages (cairo_t  *cr,
            gpointer  user_data)
{
  const SalveChecklistDocument *doc = user_data;
  const double width = A4_WIDTH - 2 * A4_MARGIN, height = A4_HEIGHT - 2 * A4_MARGIN;
  int pages = salve_checklist_document_render (doc, cr, width, height, -1);

  for (int p = 0; p < pages; p++)
    {
      cairo_save (cr);
      cairo_translate (cr, A4_MARGIN, A4_MARGIN);
      salve_checklist_document_render (doc, cr, width, height, p);
      cairo_restore (cr);
      cairo_show_page (cr);
    }
}

gboolean
salve_checklist_document_save_pdf (const SalveChecklistDocument *doc,
                                   const char                   *path,
                                   GError                      **error)
{
  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return salve_cairo_file_save (path, SALVE_CAIRO_FILE_PDF, A4_WIDTH, A4_HEIGHT,
                                draw_pages, (gpointer) doc, error);
}
