/* salve-parse.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * strtod() and strtol() read more than a person means: " 8" (leading
 * space), "0x10" (16), "010" (8, with base 0), "inf", "1,5" in one locale
 * and "1" in another. So the form is checked here by hand, and only a
 * string already known to be a plain decimal reaches g_ascii_strtod().
 */

#define G_LOG_DOMAIN "salve-parse"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "salve-parse.h"

G_DEFINE_QUARK (salve-parse-error-quark, salve_parse_error)

/* Longer input is refused before it is scanned or shown: no number a
 * person types needs more. */
#define MAX_TEXT 64

static gboolean
set_empty (GError **error)
{
  g_set_error_literal (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_EMPTY,
                       _("the value is empty"));
  return FALSE;
}

/* The text as it may be shown in a message: at most MAX_TEXT bytes of
 * valid UTF-8, control characters escaped. */
static char *
shown_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, MIN (strlen (text), (gsize) MAX_TEXT));
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_unichar (out, c);
    }
  if (strlen (text) > MAX_TEXT)
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

static const char *
skip_digits (const char *p)
{
  while (g_ascii_isdigit (*p))
    p++;
  return p;
}

/* [+-]D+(.D+)?([eE][+-]?D+)? over the whole string. */
static gboolean
is_decimal (const char *text)
{
  const char *p = text;
  const char *start;

  if (*p == '+' || *p == '-')
    p++;
  start = p;
  p = skip_digits (p);
  if (p == start)
    return FALSE;

  if (*p == '.')
    {
      start = ++p;
      p = skip_digits (p);
      if (p == start)
        return FALSE;
    }

  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      start = p;
      p = skip_digits (p);
      if (p == start)
        return FALSE;
    }

  return *p == '\0';
}

static char *
format_bound (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

gboolean
salve_parse_double (const char  *text,
                    double       min,
                    double       max,
                    double      *value,
                    GError     **error)
{
  char *end = NULL;
  double parsed;

  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (min <= max, FALSE);

  if (text == NULL || *text == '\0')
    return set_empty (error);

  if (strlen (text) > MAX_TEXT || !is_decimal (text))
    {
      g_autofree char *shown = shown_text (text);
      g_set_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_INVALID,
                   _("“%s” is not a decimal number (write it like 12 or 2.5)"), shown);
      return FALSE;
    }

  parsed = g_ascii_strtod (text, &end);
  g_assert (*end == '\0');

  if (!isfinite (parsed) || parsed < min || parsed > max)
    {
      g_autofree char *lo = format_bound (min);
      g_autofree char *hi = format_bound (max);

      g_set_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_RANGE,
                   _("%s is outside the range %s to %s"), text, lo, hi);
      return FALSE;
    }

  /* "-0" is 0: a sign on nothing means nothing. */
  *value = parsed == 0 ? 0 : parsed;
  return TRUE;
}

gboolean
salve_parse_int (const char  *text,
                 gint64       min,
                 gint64       max,
                 gint64      *value,
                 GError     **error)
{
  const char *p = text;
  gboolean negative = FALSE;
  guint64 magnitude = 0;
  gboolean overflow = FALSE;
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;

  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (min <= max, FALSE);

  if (text == NULL || *text == '\0')
    return set_empty (error);

  if (*p == '+' || *p == '-')
    negative = *p++ == '-';

  if (!g_ascii_isdigit (*p) || *skip_digits (p) != '\0' || strlen (text) > MAX_TEXT)
    {
      g_autofree char *shown = shown_text (text);
      g_set_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_INVALID,
                   _("“%s” is not a whole number"), shown);
      return FALSE;
    }

  for (; *p != '\0'; p++)
    {
      guint digit = *p - '0';

      if (magnitude > (G_MAXUINT64 - digit) / 10)
        overflow = TRUE;
      else
        magnitude = magnitude * 10 + digit;
    }

  if (!overflow && magnitude <= (guint64) G_MAXINT64)
    {
      gint64 parsed = negative ? -(gint64) magnitude : (gint64) magnitude;

      if (parsed >= min && parsed <= max)
        {
          *value = parsed;
          return TRUE;
        }
    }

  lo = g_strdup_printf ("%" G_GINT64_FORMAT, min);
  hi = g_strdup_printf ("%" G_GINT64_FORMAT, max);
  g_set_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_RANGE,
               _("%s is outside the range %s to %s"), text, lo, hi);
  return FALSE;
}

/* Exactly @n digits. */
static gboolean
scan_fixed (const char **pp,
            int          n,
            int         *out)
{
  int value = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*pp)[i]))
        return FALSE;
      value = value * 10 + ((*pp)[i] - '0');
    }

  *pp += n;
  *out = value;
  return TRUE;
}

static GDateTime *
date_time_invalid (const char  *text,
                   GError     **error)
{
  g_autofree char *shown = shown_text (text);

  g_set_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_INVALID,
               _("“%s” is not a date or date and time: use 2026-03-29, 2026-03-29T09:30, "
                 "2026-03-29T09:30:15 or 2026-03-29T09:30+02:00"), shown);
  return NULL;
}

static GDateTime *
date_time_range (int      year,
                 GError **error)
{
  g_set_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_RANGE,
               _("the year %d is outside %d to %d"), year, SALVE_YEAR_MIN, SALVE_YEAR_MAX);
  return NULL;
}

GDateTime *
salve_parse_date_time (const char  *text,
                       GTimeZone   *tz,
                       gboolean    *has_time_out,
                       GError     **error)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) dt = NULL;
  const char *p = text;
  int year, month, day, hour = 0, minute = 0, second = 0;
  int micro = 0;
  gboolean has_time = FALSE;
  gboolean has_offset = FALSE;
  int offset = 0;
  int n_year;

  if (text == NULL || *text == '\0')
    {
      set_empty (error);
      return NULL;
    }

  /* A year of another length is well formed, only outside the range. */
  for (n_year = 0; g_ascii_isdigit (text[n_year]); n_year++)
    ;
  if (n_year != 4 && n_year > 0 && n_year < 9 && text[n_year] == '-')
    return date_time_range (atoi (text), error);

  if (strlen (text) > MAX_TEXT ||
      !scan_fixed (&p, 4, &year) || *p++ != '-' ||
      !scan_fixed (&p, 2, &month) || *p++ != '-' ||
      !scan_fixed (&p, 2, &day))
    return date_time_invalid (text, error);

  if (*p == 'T' || *p == 't' || *p == ' ')
    {
      p++;
      if (!scan_fixed (&p, 2, &hour) || *p++ != ':' || !scan_fixed (&p, 2, &minute))
        return date_time_invalid (text, error);
      if (*p == ':')
        {
          p++;
          if (!scan_fixed (&p, 2, &second))
            return date_time_invalid (text, error);
          if (*p == '.' || *p == ',')
            {
              int scale = 100000;

              p++;
              if (!g_ascii_isdigit (*p))
                return date_time_invalid (text, error);
              /* Microseconds are what GDateTime keeps; more digits are
               * allowed and dropped. */
              for (; g_ascii_isdigit (*p); p++, scale /= 10)
                micro += (*p - '0') * scale;
            }
        }
      has_time = TRUE;

      if (*p == 'Z' || *p == 'z')
        {
          has_offset = TRUE;
          p++;
        }
      else if (*p == '+' || *p == '-')
        {
          int sign = *p++ == '-' ? -1 : 1;
          int oh, om = 0;

          if (!scan_fixed (&p, 2, &oh))
            return date_time_invalid (text, error);
          if (*p == ':')
            {
              p++;
              if (!scan_fixed (&p, 2, &om))
                return date_time_invalid (text, error);
            }
          else if (g_ascii_isdigit (*p) && !scan_fixed (&p, 2, &om))
            return date_time_invalid (text, error);
          if (oh > 14 || om > 59)
            return date_time_invalid (text, error);
          has_offset = TRUE;
          offset = sign * (oh * 3600 + om * 60);
        }
    }

  if (*p != '\0')
    return date_time_invalid (text, error);

  if (year < SALVE_YEAR_MIN || year > SALVE_YEAR_MAX)
    return date_time_range (year, error);

  if (month < 1 || month > 12 || !g_date_valid_dmy (day, month, year) ||
      hour > 23 || minute > 59 || second > 59)
    {
      g_autofree char *shown = shown_text (text);
      g_set_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_INVALID,
                   _("the date or time “%s” does not exist"), shown);
      return NULL;
    }

  if (has_offset)
    zone = g_time_zone_new_offset (offset);
  else
    zone = tz != NULL ? g_time_zone_ref (tz) : g_time_zone_new_local ();

  dt = g_date_time_new (zone, year, month, day, hour, minute, second + micro / 1e6);
  /* GDateTime ends at 9999-12-31 in UTC: an offset can push past it. */
  if (dt == NULL)
    return date_time_range (year, error);

  /* GLib moves a time the clocks skipped; a person meant another one. */
  if (g_date_time_get_hour (dt) != hour || g_date_time_get_minute (dt) != minute ||
      g_date_time_get_day_of_month (dt) != day)
    {
      g_autofree char *shown = shown_text (text);
      g_set_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_INVALID,
                   _("the time “%s” does not exist on that day: the clocks went forward"), shown);
      return NULL;
    }

  if (has_time_out != NULL)
    *has_time_out = has_time;
  return g_steal_pointer (&dt);
}

gboolean
salve_date_time_in_range (GDateTime *dt)
{
  int year;

  g_return_val_if_fail (dt != NULL, FALSE);

  year = g_date_time_get_year (dt);
  return year >= SALVE_YEAR_MIN && year <= SALVE_YEAR_MAX;
}
