/* fuzz-parse.c: libFuzzer target for the number and date-time parsers
 * that read every option and imported cell a person types
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "salve-parse.h"
#include "salve-time.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_double (const char *text)
{
  GError *error = NULL;
  double value = NAN;

  if (salve_parse_double (text, -1000, 1000, &value, &error))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double again = NAN;

      /* Accepted: finite, in range, and its own full form reads back. */
      g_assert (isfinite (value) && value >= -1000 && value <= 1000);
      g_ascii_formatd (buf, sizeof buf, "%.17g", value);
      g_assert (salve_parse_double (buf, -1000, 1000, &again, NULL));
      g_assert (again == value);
    }
  else
    {
      g_assert (error != NULL && error->domain == SALVE_PARSE_ERROR);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      g_error_free (error);
    }
}

static void
check_int (const char *text)
{
  GError *error = NULL;
  gint64 value = 0;

  if (salve_parse_int (text, -10, G_MAXINT64, &value, &error))
    {
      g_autofree char *again = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      gint64 back = 0;

      g_assert (value >= -10);
      g_assert (salve_parse_int (again, -10, G_MAXINT64, &back, NULL) && back == value);
    }
  else
    {
      g_assert (error != NULL && error->domain == SALVE_PARSE_ERROR);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      g_error_free (error);
    }
}

static void
check_date_time (const char *text,
                 GTimeZone  *tz)
{
  GError *error = NULL;
  GDateTime *dt = salve_parse_date_time (text, tz, NULL, &error);

  if (dt != NULL)
    {
      g_autofree char *iso = NULL;
      GDateTime *back;

      /* Accepted: in range, and its stored form reads back the same. */
      g_assert (salve_date_time_in_range (dt));
      iso = salve_time_format_iso (dt);
      back = salve_parse_date_time (iso, tz, NULL, NULL);
      g_assert (back != NULL);
      g_assert (g_date_time_to_unix (back) == g_date_time_to_unix (dt));
      g_date_time_unref (back);
      g_date_time_unref (dt);
    }
  else
    {
      g_assert (error != NULL && error->domain == SALVE_PARSE_ERROR);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      g_error_free (error);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static GTimeZone *tz = NULL;
  g_autofree char *text = g_strndup ((const char *) data, size);

  /* A zone with daylight saving time, so skipped hours are reached. */
  if (tz == NULL)
    tz = g_time_zone_new_identifier ("CET-1CEST,M3.5.0,M10.5.0/3");

  check_double (text);
  check_int (text);
  check_date_time (text, tz);

  return 0;
}
