/* salve-csv-writer.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-csv-writer"

#include "config.h"

#include <string.h>

#include "salve-csv-validator.h"
#include "salve-csv-writer.h"

void
salve_csv_append_cell (GString    *line,
                       const char *text,
                       char        delimiter,
                       gboolean    first,
                       gboolean    guard)
{
  gboolean quote = FALSE;
  gsize len;

  g_return_if_fail (line != NULL);

  if (text == NULL)
    text = "";
  len = strlen (text);

  if (!first)
    g_string_append_c (line, delimiter);

  for (const char *p = text; *p != '\0' && !quote; p++)
    quote = *p == delimiter || *p == '"' || *p == '\r' || *p == '\n';
  if (len > 0 && (text[0] == ' ' || text[len - 1] == ' '))
    quote = TRUE;

  if (guard && salve_csv_text_needs_guard (text))
    {
      /* Inside quotes too: Excel strips the quotes, then sees the = */
      quote = TRUE;
      g_string_append (line, "\"'");
    }
  else if (quote)
    g_string_append_c (line, '"');

  if (!quote)
    {
      g_string_append_len (line, text, len);
      return;
    }

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

void
salve_csv_append_row_end (GString *line)
{
  g_return_if_fail (line != NULL);
  g_string_append (line, "\r\n");
}
