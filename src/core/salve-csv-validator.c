/* salve-csv-validator.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing is altered on the way in: a value is stored exactly, or the row
 * is rejected with the reason. So a pain of "6,5" is rejected (the scale
 * is whole numbers; rounding would change what the person wrote) while
 * "7,0" is stored as 7 (a fraction of a second, which Salve keeps nowhere,
 * is dropped, and counted so the importer can say so). Dates are day-first (Dutch and most of Europe):
 * 03-04-2026 is the 3rd of April. Two-digit years are 1950–2049. A date or time
 * that does not exist (31-02-2026, 24:00, a local time skipped when the
 * clocks go forward) is rejected. Without a time column a date is stored
 * at 12:00 local time; the preview and salvectl say so.
 *
 * The duplicate key is FNV-1a (64 bit) over every stored value of the row
 * (the instant text with its offset included); the importer counts a row
 * as a duplicate when its profile has one at the same instant with the
 * same key, so a false duplicate would need two rows with the same instant
 * and the same 64-bit hash of different content.
 */

#define G_LOG_DOMAIN "salve-csv-validator"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "salve-csv-validator.h"
#include "salve-time.h"
#include "salve-medication.h"
#include "salve-body-region.h"
#include "salve-care-plan.h"
#include "salve-diary-entry.h"
#include "salve-ids.h"
#include "salve-parse.h"

#define REGION_CACHE     8
#define REGION_CACHE_LEN 64

struct _SalveCsvValidator
{
  SalveCsvMapping *mapping;
  GTimeZone       *tz;
  /* Where times without an offset are read (a heading's zone); NULL: @tz.
   * A date without a time is a day of @tz, at 12:00. */
  GTimeZone       *times_tz;
  gboolean         salve_format;
  gboolean         has_kind;
  gboolean         has_modality;
  /* Columns of a session's own values, which a diary row leaves out. */
  gboolean        *session_only;
  gboolean         has_session_only;
  /* The header's names as header_key() gives them → column + 1 (the first
   * column of that name), made when a row is first taken for a header. */
  GHashTable      *header_keys;
  int              col[SALVE_CSV_N_FIELDS];
  gboolean         month_first;
  gint64           latest;       /* no diary row after it */
  guint64         *ignored;
  guint64          noon_rows;
  /* Times written with a fraction of a second, stored without it. */
  guint64          fraction_rows;
  /* The line where the header came again with other columns or in
   * another order: the rows from there on are not read (0: none). */
  guint            header_again_line;
  char             first_fraction[64];
  /* Local times in the hour the clocks go back, which happens twice. */
  guint64          repeated_rows;
  char             first_repeated[32];
  int              repeated_offset;
  /* The region names seen last and what they matched (an id, or NULL):
   * a file names the same few regions over and over, and matching a
   * name folds and splits it. */
  struct {
    char       *text;
    const char *id;
  }                regions[REGION_CACHE];
  guint            next_region;
};

typedef struct
{
  int      year, month, day;
  int      hour, minute, second;
  gboolean has_time;
  gboolean has_offset;
  int      offset;    /* seconds east of UTC */
  SalveCsvDateOrder order;   /* which ways the date reads */
  gboolean fraction;  /* a fraction of a second was written (and dropped) */
  int      weekday;   /* as written before the date, 1 (Monday) to 7; 0: none */
  gboolean noon;      /* a day without a time, at 12:00 */
} Stamp;

SalveCsvValidator *
salve_csv_validator_new (const SalveCsvMapping *mapping,
                         GTimeZone             *tz)
{
  SalveCsvValidator *self;

  g_return_val_if_fail (mapping != NULL, NULL);

  self = g_new0 (SalveCsvValidator, 1);
  self->mapping = salve_csv_mapping_copy (mapping);
  self->tz = tz ? g_time_zone_ref (tz) : g_time_zone_new_local ();
  self->salve_format = salve_csv_mapping_is_salve_format (mapping);
  self->ignored = g_new0 (guint64, MAX (salve_csv_mapping_get_n_columns (mapping), 1));
  self->latest = G_MAXINT64;

  for (guint f = 0; f < SALVE_CSV_N_FIELDS; f++)
    self->col[f] = f == SALVE_CSV_FIELD_IGNORE ? -1 : salve_csv_mapping_find_field (mapping, f);

  self->has_kind = self->col[SALVE_CSV_FIELD_KIND] >= 0;
  self->has_modality = self->col[SALVE_CSV_FIELD_MODALITY] >= 0;
  self->session_only = g_new0 (gboolean, MAX (salve_csv_mapping_get_n_columns (mapping), 1));
  for (guint i = 0; i < salve_csv_mapping_get_n_columns (mapping); i++)
    {
      self->session_only[i] = salve_csv_field_is_session_only (salve_csv_mapping_get_field (mapping, i));
      self->has_session_only |= self->session_only[i];
    }

  return self;
}

void
salve_csv_validator_free (SalveCsvValidator *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < REGION_CACHE; i++)
    g_free (self->regions[i].text);
  salve_csv_mapping_free (self->mapping);
  g_free (self->session_only);
  g_clear_pointer (&self->header_keys, g_hash_table_unref);
  g_time_zone_unref (self->tz);
  g_clear_pointer (&self->times_tz, g_time_zone_unref);
  g_free (self->ignored);
  g_free (self);
}

guint64
salve_csv_validator_get_ignored (SalveCsvValidator *self,
                                 guint              column)
{
  g_return_val_if_fail (self != NULL, 0);

  if (column >= salve_csv_mapping_get_n_columns (self->mapping))
    return 0;

  return self->ignored[column];
}

gboolean
salve_csv_validator_uses_noon (SalveCsvValidator *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->noon_rows > 0;
}

guint64
salve_csv_validator_get_fractions (SalveCsvValidator  *self,
                                   const char        **first)
{
  g_return_val_if_fail (self != NULL, 0);

  if (first != NULL)
    *first = self->fraction_rows > 0 ? self->first_fraction : NULL;

  return self->fraction_rows;
}

/* Counts a time stored without the fraction of a second it was written
 * with (@text, as written). */
static void
count_fraction (SalveCsvValidator *self,
                const Stamp       *st,
                const char        *text)
{
  if (!st->fraction || self->fraction_rows++ > 0)
    return;
  g_strlcpy (self->first_fraction, text, sizeof self->first_fraction);
  g_strstrip (self->first_fraction);
}

guint64
salve_csv_validator_get_repeated_hour (SalveCsvValidator  *self,
                                       const char        **first,
                                       int                *offset)
{
  g_return_val_if_fail (self != NULL, 0);

  if (first != NULL)
    *first = self->repeated_rows > 0 ? self->first_repeated : NULL;
  if (offset != NULL)
    *offset = self->repeated_offset;

  return self->repeated_rows;
}

void
salve_csv_validator_set_month_first (SalveCsvValidator *self,
                                     gboolean           month_first)
{
  g_return_if_fail (self != NULL);
  self->month_first = !!month_first;
}

void
salve_csv_validator_set_times_zone (SalveCsvValidator *self,
                                    GTimeZone         *zone)
{
  g_return_if_fail (self != NULL);
  g_clear_pointer (&self->times_tz, g_time_zone_unref);
  self->times_tz = zone != NULL ? g_time_zone_ref (zone) : NULL;
}

void
salve_csv_validator_set_latest (SalveCsvValidator *self,
                                gint64             latest)
{
  g_return_if_fail (self != NULL);
  self->latest = latest;
}

/* Spaces and line ends, and the end-of-file mark (Ctrl+Z, 0x1A) that
 * old Windows programs still write after the last line: no value. */
static gboolean
is_blank_text (const char *s)
{
  for (; *s != '\0'; s++)
    if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n' && *s != '\x1a')
      return FALSE;

  return TRUE;
}

gboolean
salve_csv_row_is_blank (const SalveCsvRow *row)
{
  g_return_val_if_fail (row != NULL, TRUE);

  /* An unclosed quote is a row to reject, even if only blanks follow it. */
  if (row->bad_cell >= 0 || row->extra_cells > 0 || row->open_quote_line > 0 || row->stray_quote_line > 0)
    return FALSE;

  for (guint i = 0; i < row->n_cells; i++)
    if (!is_blank_text (row->cells[i]))
      return FALSE;

  return TRUE;
}

static gboolean
is_formula_start (char c)
{
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

gboolean
salve_csv_text_needs_guard (const char *text)
{
  const char *p = text;

  g_return_val_if_fail (text != NULL, FALSE);

  /* "'=x" must survive too: it becomes "''=x" and comes back as "'=x". */
  while (*p == '\'')
    p++;

  return is_formula_start (*p);
}

const char *
salve_csv_text_unguard (const char *text)
{
  g_return_val_if_fail (text != NULL, text);

  if (text[0] == '\'' && salve_csv_text_needs_guard (text + 1))
    return text + 1;

  return text;
}

const char *
salve_csv_format_double (char   *buf,
                         double  value)
{
  /* g_ascii_formatd writes a point in every locale, so that each try is
   * read back as written: 17 digits always read back. */
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  return buf;
}

/* ---- scanning ---------------------------------------------------------- */

static const char *
skip_space (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* Exactly @min to @max digits. */
static gboolean
scan_digits (const char **p,
             int          min,
             int          max,
             int         *out,
             int         *n_digits)
{
  int value = 0;
  int n = 0;

  while (g_ascii_isdigit (**p) && n < max)
    {
      value = value * 10 + (**p - '0');
      (*p)++;
      n++;
    }

  if (n < min || g_ascii_isdigit (**p))
    return FALSE;

  *out = value;
  if (n_digits)
    *n_digits = n;
  return TRUE;
}

/* A two-digit year as Windows and Excel read one by default: 1950 to
 * 2049. "15-3-99" is 1999, not a date 73 years ahead. */
static int
full_year (int two_digits)
{
  return two_digits < 50 ? 2000 + two_digits : 1900 + two_digits;
}

/* H:MM, HH:MM:SS, with a fraction after the seconds (".750", as phones
 * write them), which is dropped: stored to the second, as everywhere in
 * Salve, and the importer says so. */
static gboolean
scan_time (const char **pp,
           Stamp       *st)
{
  const char *p = *pp;

  if (!scan_digits (&p, 1, 2, &st->hour, NULL) || *p != ':')
    return FALSE;
  p++;
  if (!scan_digits (&p, 2, 2, &st->minute, NULL))
    return FALSE;

  st->second = 0;
  if (*p == ':')
    {
      p++;
      if (!scan_digits (&p, 2, 2, &st->second, NULL))
        return FALSE;
      if (*p == '.' || *p == ',')
        {
          p++;
          if (!g_ascii_isdigit (*p))
            return FALSE;
          while (*p == '0')
            p++;
          st->fraction = g_ascii_isdigit (*p);
          while (g_ascii_isdigit (*p))
            p++;
        }
    }

  /* A twelve-hour clock, as English phones and spreadsheets write it:
   * "8:30 PM", "12:05 a.m." (12 AM is midnight, 12 PM noon). */
  {
    const char *q = skip_space (p);
    gboolean pm = g_ascii_tolower (*q) == 'p';

    if ((pm || g_ascii_tolower (*q) == 'a') &&
        (g_ascii_tolower (q[1]) == 'm' ||
         (q[1] == '.' && g_ascii_tolower (q[2]) == 'm' && q[3] == '.')) &&
        !g_ascii_isalnum (q[1] == '.' ? q[4] : q[2]))
      {
        if (st->hour < 1 || st->hour > 12)
          return FALSE;
        st->hour = st->hour % 12 + (pm ? 12 : 0);
        p = q + (q[1] == '.' ? 4 : 2);
      }
  }

  st->has_time = TRUE;
  *pp = p;
  return TRUE;
}

/* Z, +01:00, +0100 or +01 after the time, or after a space as a phone's
 * health export writes it ("08:30:00 +0100"); UTC and GMT are Z. None:
 * local time. */
static gboolean
scan_offset (const char **pp,
             Stamp       *st)
{
  const char *p = *pp;
  const char *four = NULL;
  int sign, hours, minutes = 0, hhmm;

  if (*p == ' ')
    {
      const char *q = skip_space (p);

      /* "08:30:00 Z" too, as the document says of every offset. */
      if (*q != '+' && *q != '-' && g_ascii_strncasecmp (q, "UTC", 3) != 0 && g_ascii_strncasecmp (q, "GMT", 3) != 0 &&
          !((*q == 'Z' || *q == 'z') && (q[1] == '\0' || g_ascii_isspace (q[1]))))
        return TRUE;
      p = q;
    }

  if (g_ascii_strncasecmp (p, "UTC", 3) == 0 || g_ascii_strncasecmp (p, "GMT", 3) == 0)
    {
      p += 3;
      st->has_offset = TRUE;
      st->offset = 0;
      /* "UTC+01:00" is the offset that follows. */
      if (*p != '+' && *p != '-')
        {
          *pp = p;
          return TRUE;
        }
    }
  else if (*p == 'Z' || *p == 'z')
    {
      st->has_offset = TRUE;
      st->offset = 0;
      *pp = p + 1;
      return TRUE;
    }

  if (*p != '+' && *p != '-')
    return TRUE;  /* none: local time */

  sign = *p == '-' ? -1 : 1;
  p++;
  four = p;
  if (scan_digits (&four, 4, 4, &hhmm, NULL))
    {
      hours = hhmm / 100;
      minutes = hhmm % 100;
      p = four;
    }
  else
    {
      if (!scan_digits (&p, 2, 2, &hours, NULL))
        return FALSE;
      if (*p == ':')
        p++;
      if (g_ascii_isdigit (*p) && !scan_digits (&p, 2, 2, &minutes, NULL))
        return FALSE;
    }
  if (hours > 14 || minutes > 59)
    return FALSE;

  st->has_offset = TRUE;
  st->offset = sign * (hours * 3600 + minutes * 60);
  *pp = p;
  return TRUE;
}

/* Which ways a date with the day and the month in @a and @b (either
 * order) and the year @year reads. */
static SalveCsvDateOrder
date_order (int a,
            int b,
            int year)
{
  gboolean day_first = a >= 1 && a <= 31 && b >= 1 && b <= 12 && g_date_valid_dmy (a, b, year);
  gboolean month_first = b >= 1 && b <= 31 && a >= 1 && a <= 12 && g_date_valid_dmy (b, a, year);

  if (day_first && month_first)
    return a == b ? SALVE_CSV_DATE_SAME : SALVE_CSV_DATE_EITHER;
  if (day_first)
    return SALVE_CSV_DATE_DAY_FIRST;
  if (month_first)
    return SALVE_CSV_DATE_MONTH_FIRST;
  return SALVE_CSV_DATE_NONE;
}

/* Months and days of the week by name, in Dutch and in English, as
 * spreadsheets write them ("2-mrt-2026", "maandag 2 maart 2026",
 * "Mar 2, 2026"); abbreviations may end in a full stop. */
typedef struct
{
  const char *name;
  int         number;
} NamedNumber;

static const NamedNumber month_names[] = {
  { "januari", 1 }, { "january", 1 }, { "jan", 1 },
  { "februari", 2 }, { "february", 2 }, { "feb", 2 },
  { "maart", 3 }, { "march", 3 }, { "mrt", 3 }, { "mar", 3 },
  { "april", 4 }, { "apr", 4 },
  { "mei", 5 }, { "may", 5 },
  { "juni", 6 }, { "june", 6 }, { "jun", 6 },
  { "juli", 7 }, { "july", 7 }, { "jul", 7 },
  { "augustus", 8 }, { "august", 8 }, { "aug", 8 },
  { "september", 9 }, { "sept", 9 }, { "sep", 9 },
  { "oktober", 10 }, { "october", 10 }, { "okt", 10 }, { "oct", 10 },
  { "november", 11 }, { "nov", 11 },
  { "december", 12 }, { "dec", 12 },
};

/* Dutch days shortened to two letters, as Excel writes them, or to
 * three or four, as people do ("woe", "vrij"). */
static const NamedNumber day_names[] = {
  { "maandag", 1 }, { "monday", 1 }, { "ma", 1 }, { "maa", 1 }, { "mon", 1 },
  { "dinsdag", 2 }, { "tuesday", 2 }, { "di", 2 }, { "din", 2 }, { "tue", 2 }, { "tues", 2 },
  { "woensdag", 3 }, { "wednesday", 3 }, { "wo", 3 }, { "woe", 3 }, { "wed", 3 },
  { "donderdag", 4 }, { "thursday", 4 }, { "do", 4 }, { "don", 4 }, { "thu", 4 }, { "thur", 4 }, { "thurs", 4 },
  { "vrijdag", 5 }, { "friday", 5 }, { "vr", 5 }, { "vrij", 5 }, { "fri", 5 },
  { "zaterdag", 6 }, { "saturday", 6 }, { "za", 6 }, { "zat", 6 }, { "sat", 6 },
  { "zondag", 7 }, { "sunday", 7 }, { "zo", 7 }, { "zon", 7 }, { "sun", 7 },
};

/* The number of the name at *@pp in @names (of @n_names), ignoring
 * case; 0 when the word there is none of them. Moves *@pp past the
 * word and a full stop after it. */
static int
scan_name (const char        **pp,
           const NamedNumber  *names,
           gsize               n_names)
{
  const char *p = *pp;
  gsize len = 0;

  while (g_ascii_isalpha (p[len]))
    len++;
  for (gsize i = 0; i < n_names && len > 0; i++)
    if (strlen (names[i].name) == len && g_ascii_strncasecmp (p, names[i].name, len) == 0)
      {
        p += len;
        if (*p == '.')
          p++;
        *pp = p;
        return names[i].number;
      }

  return 0;
}

/* A day and a named month at *@pp: "2 maart 2026", "2-mrt-26",
 * "02.Mar.2026", or the month first as English writes it: "March 2,
 * 2026", "Mar 2 2026". */
static gboolean
scan_named_date (const char **pp,
                 Stamp       *st)
{
  const char *p = *pp;
  int year, n_year;
  gboolean apostrophe = FALSE;

  if (g_ascii_isalpha (*p))
    {
      if ((st->month = scan_name (&p, month_names, G_N_ELEMENTS (month_names))) == 0 || *p != ' ')
        return FALSE;
      p = skip_space (p);
      if (!scan_digits (&p, 1, 2, &st->day, NULL))
        return FALSE;
      if (*p == ',')
        p++;
      if (*p != ' ')
        return FALSE;
      p = skip_space (p);
      if (!scan_digits (&p, 4, 4, &year, &n_year))
        return FALSE;
    }
  else
    {
      char sep;

      if (!scan_digits (&p, 1, 2, &st->day, NULL))
        return FALSE;
      sep = *p;
      if (sep != ' ' && sep != '-' && sep != '.' && sep != '/')
        return FALSE;
      p = sep == ' ' ? skip_space (p) : p + 1;
      if ((st->month = scan_name (&p, month_names, G_N_ELEMENTS (month_names))) == 0)
        return FALSE;
      /* "2 mrt. 2026": the full stop was the abbreviation's. */
      if (*p != sep && !(sep == '.' && p[-1] == '.'))
        return FALSE;
      if (*p == sep)
        p = sep == ' ' ? skip_space (p) : p + 1;
      /* "4 mrt '26": a two-digit year after an apostrophe (’ too). */
      if (*p == '\'' && g_ascii_isdigit (p[1]))
        p++, apostrophe = TRUE;
      else if (g_str_has_prefix (p, "’") && g_ascii_isdigit (p[strlen ("’")]))
        p += strlen ("’"), apostrophe = TRUE;
      if (!scan_digits (&p, 2, 4, &year, &n_year) || n_year == 3 || (apostrophe && n_year != 2))
        return FALSE;
    }

  st->year = n_year == 2 ? full_year (year) : year;
  st->order = SALVE_CSV_DATE_SAME;
  *pp = p;
  return TRUE;
}

/* ISO 8601 (2026-01-31, 2026-01-31T08:30, …+01:00, 2026/01/31) or
 * day-first (31-01-2026, 31/01/2026, 31.01.2026, 1-2-26; month-first
 * 01/31/2026 with @month_first), or with the month by name (see
 * scan_named_date()), each after an optional day of the week
 * ("ma 02-03-2026", "Monday, March 2, 2026") and with an optional time
 * after a space (or T). */
/* Longest date or time cell read with other spaces than ASCII's. */
#define SPACED_CELL_BYTES 128

/* @text with the spaces a Mac or a phone writes in dates and times (a
 * no-break space in "2 mrt. 2026", a narrow one before "PM", a thin or a
 * figure space) as plain ones, in @buf; @text itself when it has none,
 * or when it is too long to be a date or a time. */
static const char *
plain_spaces (const char *text,
              char        buf[SPACED_CELL_BYTES])
{
  gsize n = 0;

  if (strpbrk (text, "\xC2\xE2") == NULL)
    return text;

  for (const char *p = text; *p != '\0'; n++)
    {
      if (n + 1 >= SPACED_CELL_BYTES)
        return text;
      if ((guchar) p[0] == 0xC2 && (guchar) p[1] == 0xA0)
        {
          buf[n] = ' ';
          p += 2;
        }
      else if ((guchar) p[0] == 0xE2 && (guchar) p[1] == 0x80 &&
               ((guchar) p[2] == 0xAF || (guchar) p[2] == 0x89 || (guchar) p[2] == 0x87))
        {
          buf[n] = ' ';
          p += 3;
        }
      else
        {
          buf[n] = *p++;
        }
    }
  buf[n] = '\0';
  return buf;
}

static gint64 days_from_civil (int y,
                               int m,
                               int d);

/* Whether @year-@month-@day is a real date on @weekday (1 Monday … 7). */
static gboolean
falls_on (int year,
          int month,
          int day,
          int weekday)
{
  return g_date_valid_dmy (day, month, year) &&
         (int) (((days_from_civil (year, month, day) % 7) + 7 + 3) % 7) + 1 == weekday;
}

static gboolean
scan_date (const char *text,
           gboolean    month_first,
           Stamp      *st)
{
  char spaced[SPACED_CELL_BYTES];
  const char *p = skip_space (plain_spaces (text, spaced));
  const char *after_day;
  int a, b, c, na, nc;
  char sep;

  memset (st, 0, sizeof *st);

  if (g_ascii_isalpha (*p) && (st->weekday = scan_name (&p, day_names, G_N_ELEMENTS (day_names))) != 0)
    {
      if (*p == ',')
        p++;
      if (*p != ' ')
        return FALSE;
      p = skip_space (p);
    }

  if (g_ascii_isalpha (*p))
    {
      if (!scan_named_date (&p, st))
        return FALSE;
      goto time;
    }

  if (!scan_digits (&p, 1, 4, &a, &na))
    return FALSE;
  after_day = p;
  sep = *p;
  if (na <= 2 && (sep == ' ' || sep == '-' || sep == '.' || sep == '/') && g_ascii_isalpha (*skip_space (p + 1)))
    {
      p -= na;
      if (!scan_named_date (&p, st))
        return FALSE;
      goto time;
    }
  if (sep != '-' && sep != '/' && sep != '.')
    return FALSE;
  p = after_day + 1;
  if (!scan_digits (&p, 1, 2, &b, NULL) || *p != sep)
    return FALSE;
  p++;
  if (!scan_digits (&p, 1, 4, &c, &nc))
    return FALSE;

  if (na == 4 && sep != '.')
    {
      st->year = a;
      st->month = b;
      st->day = c;
      st->order = SALVE_CSV_DATE_SAME;
      if (nc > 2)
        return FALSE;
    }
  else if (na <= 2 && (nc == 4 || nc == 2))
    {
      st->day = month_first ? b : a;
      st->month = month_first ? a : b;
      st->year = nc == 2 ? full_year (c) : c;
      st->order = date_order (a, b, st->year);
      /* "Mon 11/02/2026" is Monday 2 November, not Wednesday 11 February:
       * a day of the week written beside it tells the order, and a
       * reading it does not fit is none. */
      if (st->weekday != 0 && st->order != SALVE_CSV_DATE_NONE)
        {
          gboolean fits_day_first = falls_on (st->year, b, a, st->weekday);
          gboolean fits_month_first = falls_on (st->year, a, b, st->weekday);

          if (fits_day_first && fits_month_first)
            st->order = a == b ? SALVE_CSV_DATE_SAME : SALVE_CSV_DATE_EITHER;
          else if (fits_day_first)
            st->order = SALVE_CSV_DATE_DAY_FIRST;
          else if (fits_month_first)
            st->order = SALVE_CSV_DATE_MONTH_FIRST;
          else
            st->order = SALVE_CSV_DATE_NONE;
        }
    }
  else
    return FALSE;

time:
  /* "Mar 2, 2026 at 8:30 PM" as Apple's Numbers and iOS write it, "2 mrt
   * 2026 om 20:30" in Dutch, "2 mrt 2026, 20:30": the word or comma
   * before the time is no part of it. */
  if (*p == ',' && g_ascii_isdigit (*skip_space (p + 1)))
    p++;
  if (*p == ' ')
    {
      const char *word = skip_space (p);

      if ((g_ascii_strncasecmp (word, "at ", 3) == 0 || g_ascii_strncasecmp (word, "om ", 3) == 0) &&
          g_ascii_isdigit (*skip_space (word + 3)))
        p = word + 2;
    }
  if (*p == 'T' || *p == 't' || (*p == ' ' && g_ascii_isdigit (*skip_space (p))))
    {
      p = *p == ' ' ? skip_space (p) : p + 1;
      if (!scan_time (&p, st))
        return FALSE;
      if (!scan_offset (&p, st))
        return FALSE;
    }

  p = skip_space (p);
  return *p == '\0';
}

SalveCsvDateOrder
salve_csv_date_order (const char *text)
{
  Stamp st;

  g_return_val_if_fail (text != NULL, SALVE_CSV_DATE_NONE);

  if (!scan_date (text, FALSE, &st))
    return SALVE_CSV_DATE_NONE;
  return st.order;
}

gboolean
salve_csv_date_read (const char *text,
                     gboolean    month_first,
                     GDate      *date)
{
  Stamp st;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  if (!scan_date (text, month_first, &st) || !g_date_valid_dmy (st.day, st.month, st.year) ||
      (st.weekday != 0 && !falls_on (st.year, st.month, st.day, st.weekday)))
    return FALSE;
  g_date_set_dmy (date, st.day, st.month, st.year);
  return TRUE;
}

/* A time of day as Dutch people write it, in a column of times only:
 * "8.30", "08.30 uur", "8u30", "8 uur", "8u", "08:30 uur". Written into
 * @out as "8:30" (NUL-terminated) for scan_time(); FALSE for anything
 * else. */
static gboolean
dutch_time (const char *p,
            char       *out,
            gsize       size)
{
  const char *hour = p;
  const char *minutes = NULL;
  gsize hour_digits = 0;

  while (g_ascii_isdigit (p[hour_digits]))
    hour_digits++;
  if (hour_digits < 1 || hour_digits > 2)
    return FALSE;
  p += hour_digits;

  if ((*p == '.' || *p == 'u' || *p == 'U' || *p == ':') &&
      g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) && !g_ascii_isdigit (p[3]))
    {
      gboolean colon = *p == ':';

      minutes = p + 1;
      p += 3;
      p = skip_space (p);
      /* "08:30" is scan_time()'s own; only "08:30 uur" is read here. */
      if (colon && g_ascii_strncasecmp (p, "uur", 3) != 0)
        return FALSE;
    }
  else
    {
      p = skip_space (p);
      /* A whole hour needs its word: "8" alone is no time. */
      if (g_ascii_strncasecmp (p, "uur", 3) != 0 && !((*p == 'u' || *p == 'U') && skip_space (p + 1)[0] == '\0'))
        return FALSE;
    }

  if (g_ascii_strncasecmp (p, "uur", 3) == 0)
    p += 3;
  else if ((*p == 'u' || *p == 'U') && minutes == NULL)
    p += 1;
  if (*skip_space (p) != '\0')
    return FALSE;

  g_snprintf (out, size, "%.*s:%.2s", (int) hour_digits, hour, minutes != NULL ? minutes : "00");
  return TRUE;
}

static gboolean
scan_time_cell (const char *text,
                Stamp      *st)
{
  char spaced[SPACED_CELL_BYTES];
  char dutch[8];
  const char *p = skip_space (plain_spaces (text, spaced));

  if (dutch_time (p, dutch, sizeof dutch))
    p = dutch;
  if (!scan_time (&p, st))
    return FALSE;
  /* "08:30+01:00", "08:30 Z", as a phone writes a time with its offset. */
  st->has_offset = FALSE;
  if (!scan_offset (&p, st))
    return FALSE;
  p = skip_space (p);
  return *p == '\0';
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static gint64
days_from_civil (int y,
                 int m,
                 int d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

typedef enum
{
  STAMP_OK,
  STAMP_YEAR_OUT_OF_RANGE,
  STAMP_NO_SUCH_DATE,
  STAMP_WRONG_WEEKDAY,
  STAMP_NO_SUCH_TIME,
  STAMP_SKIPPED_BY_CLOCK,
} StampCheck;

static char *
put_digits (char *p,
            int   value,
            int   n)
{
  for (int i = n - 1; i >= 0; i--)
    {
      p[i] = '0' + value % 10;
      value /= 10;
    }
  return p + n;
}

/* "2026-03-02T08:30:00+01:00"; by hand, as printf costs more than the
 * rest of the row's validation together. */
static void
format_iso (char        *iso,
            const Stamp *st,
            int          offset)
{
  char *p = iso;
  int abs_offset = ABS (offset);

  p = put_digits (p, st->year, 4);
  *p++ = '-';
  p = put_digits (p, st->month, 2);
  *p++ = '-';
  p = put_digits (p, st->day, 2);
  *p++ = 'T';
  p = put_digits (p, st->hour, 2);
  *p++ = ':';
  p = put_digits (p, st->minute, 2);
  *p++ = ':';
  p = put_digits (p, st->second, 2);
  *p++ = offset < 0 ? '-' : '+';
  p = put_digits (p, abs_offset / 3600, 2);
  *p++ = ':';
  p = put_digits (p, (abs_offset % 3600) / 60, 2);
  *p = '\0';
}

static StampCheck
resolve_stamp (SalveCsvValidator *self,
               const Stamp       *st,
               char              *iso,
               gint64            *unix_time)
{
  gint64 local;
  int offset;

  if (st->year < SALVE_YEAR_MIN || st->year > SALVE_YEAR_MAX)
    return STAMP_YEAR_OUT_OF_RANGE;

  if (st->month < 1 || st->month > 12 ||
      st->day < 1 || !g_date_valid_dmy (st->day, st->month, st->year))
    return STAMP_NO_SUCH_DATE;

  /* "ma 3 maart 2026": 3 March 2026 is a Tuesday; which was meant? */
  if (st->weekday != 0 && !falls_on (st->year, st->month, st->day, st->weekday))
    return STAMP_WRONG_WEEKDAY;

  if (st->hour > 23 || st->minute > 59 || st->second > 59)
    return STAMP_NO_SUCH_TIME;

  local = days_from_civil (st->year, st->month, st->day) * 86400 +
          st->hour * 3600 + st->minute * 60 + st->second;

  if (st->has_offset)
    offset = st->offset;
  else
    {
      /* The hour that happens twice when the clocks go back is read
       * as GLib's GDateTime reads it, and so as a time typed into the
       * diary: standard time. The export writes the offset, so an export
       * comes back exact. */
      GTimeZone *tz = self->times_tz != NULL && !st->noon ? self->times_tz : self->tz;
      int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_STANDARD, local);

      if (interval < 0)
        return STAMP_SKIPPED_BY_CLOCK;
      offset = g_time_zone_get_offset (tz, interval);

      if (g_time_zone_find_interval (tz, G_TIME_TYPE_DAYLIGHT, local) != interval &&
          self->repeated_rows++ == 0)
        {
          g_snprintf (self->first_repeated, sizeof self->first_repeated, "%04d-%02d-%02d %02d:%02d",
                      st->year, st->month, st->day, st->hour, st->minute);
          self->repeated_offset = offset;
        }
    }

  *unix_time = local - offset;
  format_iso (iso, st, offset);

  return STAMP_OK;
}

/* Why @st, written as @text, is no instant. */
static char *
stamp_problem (SalveCsvValidator *self,
               StampCheck         check,
               const Stamp       *st,
               const char        *text)
{
  /* The file's other dates decided the order; this one reads the other way. */
  if (check == STAMP_NO_SUCH_DATE && st->order == SALVE_CSV_DATE_MONTH_FIRST && !self->month_first)
    return g_strdup_printf (_("the date “%s” is written month first, while this file’s dates are read day first"),
                            text);
  if (check == STAMP_NO_SUCH_DATE && st->order == SALVE_CSV_DATE_DAY_FIRST && self->month_first)
    return g_strdup_printf (_("the date “%s” is written day first, while this file’s dates are read month first"),
                            text);

  switch (check)
    {
    case STAMP_YEAR_OUT_OF_RANGE:
      return g_strdup_printf (_("the date “%s” is outside the years %d to %d"), text, SALVE_YEAR_MIN, SALVE_YEAR_MAX);
    case STAMP_NO_SUCH_DATE:
      return g_strdup_printf (_("the date “%s” does not exist"), text);
    case STAMP_WRONG_WEEKDAY:
      return g_strdup_printf (_("the day of the week in “%s” is not that date’s"), text);
    case STAMP_NO_SUCH_TIME:
      return g_strdup_printf (_("the time “%s” does not exist"), text);
    case STAMP_SKIPPED_BY_CLOCK:
      return g_strdup_printf (_("the time “%s” does not exist on that day: the clocks went forward"), text);
    case STAMP_OK:
    default:
      return NULL;
    }
}

/* ---- the row ----------------------------------------------------------- */

typedef struct
{
  const SalveCsvRow *row;
  int               *column;
  char             **reason;
} Ctx;

static const char *
cell (SalveCsvValidator *self,
      const Ctx         *ctx,
      SalveCsvField      field)
{
  int c = self->col[field];

  if (c < 0 || (guint) c >= ctx->row->n_cells)
    return "";

  return ctx->row->cells[c];
}

static const char *
text_cell (SalveCsvValidator *self,
           const Ctx         *ctx,
           SalveCsvField      field)
{
  const char *value = cell (self, ctx, field);

  return self->salve_format ? salve_csv_text_unguard (value) : value;
}

char *
salve_csv_shorten_quoted (const char *reason)
{
  GString *out;
  const char *p = reason;

  g_return_val_if_fail (reason != NULL, NULL);

  out = g_string_sized_new (strlen (reason));
  for (;;)
    {
      const char *open = strstr (p, "“");
      const char *text, *close;

      if (open == NULL)
        break;
      text = open + strlen ("“");
      close = strstr (text, "”");
      if (close == NULL)
        break;
      g_string_append_len (out, p, text - p);
      if (g_utf8_strlen (text, close - text) > SALVE_CSV_QUOTED_MAX)
        {
          const char *cut = g_utf8_offset_to_pointer (text, SALVE_CSV_QUOTED_MAX - 1);

          g_string_append_len (out, text, cut - text);
          g_string_append (out, "…");
        }
      else
        g_string_append_len (out, text, close - text);
      p = close;
      g_string_append (out, "”");
      p += strlen ("”");
    }
  g_string_append (out, p);

  return g_string_free (out, FALSE);
}

G_GNUC_PRINTF (3, 4)
static gboolean
reject (const Ctx    *ctx,
        int           column,
        const char   *format,
        ...)
{
  va_list args;
  char *reason;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  *ctx->reason = salve_csv_shorten_quoted (reason);
  g_free (reason);
  *ctx->column = column;

  return FALSE;
}

/* How a reason names a value: "pain 11 is outside 0–10". */
static const char *
field_word (SalveCsvField field)
{
  switch (field)
    {
    case SALVE_CSV_FIELD_PAIN:
      return _("pain");
    case SALVE_CSV_FIELD_FATIGUE:
      return _("fatigue");
    case SALVE_CSV_FIELD_SLEEP:
      return _("sleep quality");
    case SALVE_CSV_FIELD_STRESS:
      return _("stress");
    case SALVE_CSV_FIELD_PAIN_BEFORE:
      return _("pain before");
    case SALVE_CSV_FIELD_PAIN_AFTER:
      return _("pain after");
    case SALVE_CSV_FIELD_SUCCESS:
      return _("small success");
    case SALVE_CSV_FIELD_NEW_WEAKNESS:
      return _("new weakness");
    case SALVE_CSV_FIELD_NUMBNESS:
      return _("numbness");
    case SALVE_CSV_FIELD_STARTED_AT:
      return _("session start");
    case SALVE_CSV_FIELD_ENDED_AT:
      return _("session end");
    case SALVE_CSV_FIELD_IGNORE:
    case SALVE_CSV_FIELD_KIND:
    case SALVE_CSV_FIELD_AT:
    case SALVE_CSV_FIELD_TIME:
    case SALVE_CSV_FIELD_REGION:
    case SALVE_CSV_FIELD_ACTIVITIES:
    case SALVE_CSV_FIELD_DEVICE:
    case SALVE_CSV_FIELD_MODALITY:
    case SALVE_CSV_FIELD_SITE:
    case SALVE_CSV_FIELD_PROGRAM:
    case SALVE_CSV_FIELD_PARAMS:
    case SALVE_CSV_FIELD_PLANNED_MINUTES:
    case SALVE_CSV_FIELD_OUTCOME:
    case SALVE_CSV_FIELD_OUTCOME_REASON:
    case SALVE_CSV_FIELD_SIDE_EFFECTS:
    case SALVE_CSV_FIELD_SKIN_CHECK:
    case SALVE_CSV_FIELD_NOTE:
    case SALVE_CSV_FIELD_SESSION:
    case SALVE_CSV_FIELD_MEDICATION:
    case SALVE_CSV_FIELD_DOSE:
    case SALVE_CSV_FIELD_AS_NEEDED:
    case SALVE_CSV_FIELD_ACTIVITY_MINUTES:
    case SALVE_CSV_N_FIELDS:
    default:
      return salve_csv_field_get_name (field);
    }
}

/* A 0–10 rating. Empty: -1 when @optional, else a rejection. */
static gboolean
parse_rating (SalveCsvValidator *self,
              const Ctx         *ctx,
              SalveCsvField      field,
              gboolean           optional,
              int               *out)
{
  char buf[SPACED_CELL_BYTES];
  /* " 7" with a no-break space, as a spreadsheet pads a number. */
  const char *text = plain_spaces (cell (self, ctx, field), buf);
  const char *p = skip_space (text);
  gboolean negative = FALSE;
  int value;

  if (*p == '\0')
    {
      if (optional)
        {
          *out = -1;
          return TRUE;
        }
      return reject (ctx, self->col[field], _("%s is empty"), field_word (field));
    }

  /* A sign, as salvectl reads its options: "+5" is 5, "-1" off the scale. */
  if ((*p == '+' || *p == '-') && g_ascii_isdigit (p[1]))
    negative = *p++ == '-';

  /* Leading zeros are decimal, however many, as salvectl reads them:
   * "0010" is 10 as "010" is. */
  while (p[0] == '0' && g_ascii_isdigit (p[1]))
    p++;

  if (!scan_digits (&p, 1, 3, &value, NULL))
    return reject (ctx, self->col[field], _("%s “%s” is not a number"),
                   field_word (field), text);

  /* "7,0" and "7.0" are exactly 7; "6,5" is not a point on the scale. */
  if (*p == ',' || *p == '.')
    {
      gboolean whole = TRUE;

      p++;
      if (!g_ascii_isdigit (*p))
        return reject (ctx, self->col[field], _("%s “%s” is not a number"),
                       field_word (field), text);
      for (; g_ascii_isdigit (*p); p++)
        whole = whole && *p == '0';
      if (!whole)
        return reject (ctx, self->col[field], _("%s “%s” is not a whole number from 0 to 10"),
                       field_word (field), text);
    }

  /* "7/10", as pain apps write a rating on the scale of 0 to 10. */
  p = skip_space (p);
  if (*p == '/')
    {
      int scale;

      p = skip_space (p + 1);
      if (!scan_digits (&p, 1, 3, &scale, NULL) || scale != 10)
        return reject (ctx, self->col[field], _("%s “%s” is not on the scale of 0 to 10"),
                       field_word (field), text);
    }

  if (*skip_space (p) != '\0')
    return reject (ctx, self->col[field], _("%s “%s” is not a number"),
                   field_word (field), text);

  if (negative && value != 0)
    value = -value;
  if (value < 0 || value > 10)
    return reject (ctx, self->col[field], _("%s %d is outside 0–10"),
                   field_word (field), value);

  *out = value;
  return TRUE;
}

static gboolean
parse_bool (SalveCsvValidator *self,
            const Ctx         *ctx,
            SalveCsvField      field,
            gboolean          *out)
{
  static const char * const yes[] = { "1", "yes", "ja", "true", "waar", "y", "j", "x" };
  static const char * const no[] = { "0", "no", "nee", "false", "onwaar", "n" };
  const char *text = skip_space (cell (self, ctx, field));
  gsize len = strlen (text);

  while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
    len--;

  /* Most files have no such column: an empty cell is a no. */
  if (len == 0)
    {
      *out = FALSE;
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    if (strlen (yes[i]) == len && g_ascii_strncasecmp (text, yes[i], len) == 0)
      return (*out = TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    if (strlen (no[i]) == len && g_ascii_strncasecmp (text, no[i], len) == 0)
      {
        *out = FALSE;
        return TRUE;
      }

  return reject (ctx, self->col[field], _("%s “%s” is not yes or no"),
                 field_word (field), cell (self, ctx, field));
}

/* The diary instant from the date cell and, when there is one, the time
 * cell. */
static gboolean
parse_at (SalveCsvValidator *self,
          const Ctx         *ctx,
          SalveCsvRecord    *rec)
{
  const char *date_text = cell (self, ctx, SALVE_CSV_FIELD_AT);
  const char *time_text = NULL;   /* when the time cell gave the time */
  int date_col = self->col[SALVE_CSV_FIELD_AT];
  int time_col = self->col[SALVE_CSV_FIELD_TIME];
  StampCheck check;
  Stamp st;

  if (is_blank_text (date_text))
    return reject (ctx, date_col, _("the date is empty"));

  if (!scan_date (date_text, self->month_first, &st))
    return reject (ctx, date_col, _("“%s” is not a date (use 31-01-2026, 31/01/2026 or 2026-01-31)"), date_text);

  if (time_col >= 0)
    {
      const char *time_cell = cell (self, ctx, SALVE_CSV_FIELD_TIME);
      Stamp tm = { 0 };

      if (is_blank_text (time_cell))
        {
          if (!st.has_time)
            return reject (ctx, time_col, _("the time is empty"));
        }
      else if (!scan_time_cell (time_cell, &tm))
        return reject (ctx, time_col, _("“%s” is not a time (use 08:30 or 08:30:00)"), time_cell);
      else if ((st.has_time && (st.hour || st.minute || st.second) &&
                (st.hour != tm.hour || st.minute != tm.minute || st.second != tm.second)) ||
               (st.has_offset && tm.has_offset && st.offset != tm.offset))
        return reject (ctx, time_col, _("the time “%s” differs from the time in the date “%s”"),
                       time_cell, date_text);
      else
        {
          /* Spreadsheets often write a date as "31-01-2026 00:00:00". */
          time_text = time_cell;
          st.hour = tm.hour;
          st.minute = tm.minute;
          st.second = tm.second;
          st.fraction = tm.fraction;
          st.has_time = TRUE;
          /* The time's own offset, as the date's would be. */
          if (tm.has_offset)
            {
              st.has_offset = TRUE;
              st.offset = tm.offset;
            }
        }

      check = resolve_stamp (self, &st, rec->at, &rec->at_unix);
      if (check == STAMP_NO_SUCH_TIME || check == STAMP_SKIPPED_BY_CLOCK)
        {
          *ctx->reason = stamp_problem (self, check, &st, time_text != NULL ? time_text : date_text);
          *ctx->column = time_text != NULL ? time_col : date_col;
          return FALSE;
        }
    }
  else
    {
      if (!st.has_time)
        {
          st.hour = 12;
          st.has_time = TRUE;
          st.noon = TRUE;
          self->noon_rows++;
        }
      check = resolve_stamp (self, &st, rec->at, &rec->at_unix);
    }

  if (check != STAMP_OK)
    {
      *ctx->reason = stamp_problem (self, check, &st, date_text);
      *ctx->column = date_col;
      return FALSE;
    }

  count_fraction (self, &st, time_text != NULL ? time_text : date_text);
  rec->has_at = TRUE;
  return TRUE;
}

/* A phone with its clock years ahead, a mistyped year: stored, such a
 * diary or medication row would skew the chart and its "past 7 days"
 * until somebody found it. */
static gboolean
check_not_ahead (SalveCsvValidator    *self,
                 const Ctx            *ctx,
                 const SalveCsvRecord *rec)
{
  const char *time_text = self->col[SALVE_CSV_FIELD_TIME] >= 0 ? cell (self, ctx, SALVE_CSV_FIELD_TIME) : NULL;
  g_autofree char *when = NULL;
  g_autofree char *read_as = NULL;

  if (rec->at_unix <= self->latest)
    return TRUE;

  /* With its time when a column of its own gave it: tomorrow's date is
   * in the future only from its hour on. */
  when = time_text != NULL && !is_blank_text (time_text)
           ? g_strdup_printf ("%s %s", cell (self, ctx, SALVE_CSV_FIELD_AT), time_text)
           : g_strdup (cell (self, ctx, SALVE_CSV_FIELD_AT));
  /* The day it was read as: "11/12/2026" read month first is December,
   * in the future, where the person meant 11 December or 12 November. */
  read_as = salve_time_format_unix_date_time (rec->at_unix);
  /* Translators: the date as written, then as read: "Fri 11 Dec 2026, 08:30" */
  return reject (ctx, self->col[SALVE_CSV_FIELD_AT], _("the date “%s” lies in the future (read as %s)"), when,
                 read_as);
}

/* A session start or end: empty is allowed (a planned session). */
static gboolean
parse_instant (SalveCsvValidator *self,
               const Ctx         *ctx,
               SalveCsvField      field,
               char              *iso,
               gint64            *unix_time,
               gboolean          *has)
{
  const char *text = cell (self, ctx, field);
  StampCheck check;
  Stamp st;

  *has = FALSE;
  iso[0] = '\0';

  if (is_blank_text (text))
    return TRUE;

  if (!scan_date (text, self->month_first, &st) || !st.has_time)
    return reject (ctx, self->col[field], _("%s “%s” is not a date and time (use 2026-01-31T08:30:00+01:00)"),
                   field_word (field), text);

  check = resolve_stamp (self, &st, iso, unix_time);
  if (check != STAMP_OK)
    {
      *ctx->reason = stamp_problem (self, check, &st, text);
      *ctx->column = self->col[field];
      return FALSE;
    }

  count_fraction (self, &st, text);
  *has = TRUE;
  return TRUE;
}

static gboolean
parse_minutes (SalveCsvValidator *self,
               const Ctx         *ctx,
               SalveCsvRecord    *rec)
{
  const char *text = cell (self, ctx, SALVE_CSV_FIELD_PLANNED_MINUTES);
  char buf[64];
  gsize len;

  rec->has_planned = FALSE;
  if (is_blank_text (text))
    return TRUE;

  len = g_strlcpy (buf, skip_space (text), sizeof buf);
  if (len >= sizeof buf)
    return reject (ctx, self->col[SALVE_CSV_FIELD_PLANNED_MINUTES], _("“%s” is not a number of minutes"), text);
  g_strchomp (buf);
  /* A decimal comma is a decimal point here: no thousands in minutes. */
  for (char *p = buf; *p != '\0'; p++)
    if (*p == ',')
      *p = '.';

  /* The one decimal reading of salvectl's options: no hex, no "inf". */
  if (!salve_parse_double (buf, 0, 24 * 60, &rec->planned_minutes, NULL))
    return reject (ctx, self->col[SALVE_CSV_FIELD_PLANNED_MINUTES], _("“%s” is not a number of minutes"), text);

  rec->has_planned = TRUE;
  return TRUE;
}

static guint64
fnv_add (guint64     h,
         const void *data,
         gsize       len)
{
  const guchar *p = data;

  for (gsize i = 0; i < len; i++)
    {
      h ^= p[i];
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }

  /* A separator, so ("ab", "c") and ("a", "bc") differ. */
  h ^= 0x1f;
  h *= G_GUINT64_CONSTANT (0x100000001b3);

  return h;
}

static guint64
fnv_str (guint64     h,
         const char *s)
{
  return fnv_add (h, s ? s : "", s ? strlen (s) : 0);
}

static guint64
fnv_int (guint64 h,
         gint64  v)
{
  return fnv_add (h, &v, sizeof v);
}

/* The key is hashed in two parts, so that a row's second key (its typed
 * region) need not hash its time and note again: what every kind has
 * first, then the rest from key_prefix()'s @h. A diary row's time is its
 * instant, not the text: the same moment written with another offset
 * (a phone's 07:00Z, a spreadsheet's 08:00+01:00) is the same entry. */
static guint64
key_prefix (const SalveCsvRecord *rec)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  h = fnv_int (h, rec->kind);
  if (rec->kind == SALVE_CSV_KIND_DIARY)
    h = fnv_int (h, rec->at_unix);
  else
    h = fnv_str (h, rec->at);
  return fnv_str (h, rec->note);
}

static gint64
key_rest (guint64               h,
          const SalveCsvRecord *rec)
{
  if (rec->kind == SALVE_CSV_KIND_MEDICATION)
    {
      h = fnv_str (h, rec->medication);
      h = fnv_str (h, rec->dose);
      h = fnv_int (h, rec->as_needed);
    }
  else if (rec->kind == SALVE_CSV_KIND_DIARY)
    {
      h = fnv_int (h, rec->pain);
      h = fnv_str (h, rec->region);
      h = fnv_int (h, rec->fatigue);
      h = fnv_int (h, rec->sleep);
      /* Stress came later: a row without it keeps the key it had before,
       * so re-importing an older export still finds its rows. */
      if (rec->has_stress)
        h = fnv_int (h, rec->stress);
      h = fnv_str (h, rec->activities);
      h = fnv_int (h, rec->success);
    }
  else
    {
      h = fnv_str (h, rec->ended_at);
      h = fnv_str (h, rec->device);
      h = fnv_str (h, rec->modality);
      h = fnv_str (h, rec->site);
      h = fnv_str (h, rec->program);
      h = fnv_str (h, rec->params);
      h = fnv_int (h, rec->has_planned);
      h = fnv_add (h, &rec->planned_minutes, rec->has_planned ? sizeof (double) : 0);
      h = fnv_str (h, rec->outcome);
      h = fnv_str (h, rec->outcome_reason);
      h = fnv_int (h, rec->pain_before);
      h = fnv_int (h, rec->pain_after);
      h = fnv_str (h, rec->side_effects);
      h = fnv_str (h, rec->skin_check);
    }

  return (gint64) h;
}

gint64
salve_csv_record_compute_key (const SalveCsvRecord *rec)
{
  return key_rest (key_prefix (rec), rec);
}

static gboolean
parse_kind (SalveCsvValidator *self,
            const Ctx         *ctx,
            SalveCsvRecord    *rec)
{
  const char *kind;

  if (!self->has_kind)
    {
      rec->kind = self->has_modality ? SALVE_CSV_KIND_SESSION : SALVE_CSV_KIND_DIARY;
      return TRUE;
    }

  kind = cell (self, ctx, SALVE_CSV_FIELD_KIND);
  if (g_ascii_strcasecmp (kind, "diary") == 0 || g_ascii_strcasecmp (kind, "dagboek") == 0)
    rec->kind = SALVE_CSV_KIND_DIARY;
  else if (g_ascii_strcasecmp (kind, "session") == 0 || g_ascii_strcasecmp (kind, "sessie") == 0)
    rec->kind = SALVE_CSV_KIND_SESSION;
  else if (g_ascii_strcasecmp (kind, "medication") == 0 || g_ascii_strcasecmp (kind, "medicatie") == 0)
    rec->kind = SALVE_CSV_KIND_MEDICATION;
  else
    return reject (ctx, self->col[SALVE_CSV_FIELD_KIND],
                   _("the kind “%s” is not “diary”, “session” or “medication”"), kind);

  return TRUE;
}

/* The link in Salve's `all` export: "N" on a session row, "N before" or
 * "N after" on a diary row (N: the session's number in the file). */
static gboolean
parse_link (SalveCsvValidator *self,
            const Ctx         *ctx,
            SalveCsvRecord    *rec)
{
  const char *text = cell (self, ctx, SALVE_CSV_FIELD_SESSION);
  const char *p = skip_space (text);
  gboolean diary = rec->kind == SALVE_CSV_KIND_DIARY;
  char *end = NULL;
  guint64 n;

  if (*p == '\0')
    return TRUE;

  n = g_ascii_isdigit (*p) ? g_ascii_strtoull (p, &end, 10) : 0;
  if (n > 0 && n <= G_MAXINT64)
    {
      p = skip_space (end);
      if (!diary && *p == '\0')
        {
          rec->session_ref = (gint64) n;
          return TRUE;
        }
      if (diary)
        {
          g_autofree char *word = g_strstrip (g_strdup (p));
          SalveDiaryPhase phase = SALVE_DIARY_PHASE_NONE;

          if (salve_diary_phase_from_id (word, &phase) && phase != SALVE_DIARY_PHASE_NONE)
            {
              rec->session_ref = (gint64) n;
              rec->session_phase = phase;
              return TRUE;
            }
        }
    }

  if (diary)
    return reject (ctx, self->col[SALVE_CSV_FIELD_SESSION],
                   _("the session link “%s” is not a session number followed by before or after"), text);

  return reject (ctx, self->col[SALVE_CSV_FIELD_SESSION], _("the session link “%s” is not a session number"), text);
}

gboolean
salve_csv_parse_activity_minutes (const char  *text,
                                  GArray      *out,
                                  char       **reason)
{
  /* Made at the first pair: most rows have none, and this runs twice
   * for each row of an import. */
  g_autoptr(GHashTable) seen = NULL;
  const char *p = text;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  for (;;)
    {
      SalveCsvActivityMinutes pair = { { 0 }, 0 };
      const char *start, *eq, *end;
      g_autofree char *id = NULL;
      guint64 minutes = 0;

      while (*p == ' ' || *p == '\t' || *p == ',' || *p == ';')
        p++;
      if (*p == '\0')
        return TRUE;

      start = p;
      while (*p != '\0' && *p != ' ' && *p != '\t' && *p != ',' && *p != ';')
        p++;
      end = p;
      eq = memchr (start, '=', end - start);
      if (eq == NULL || eq == start || eq + 1 == end)
        {
          *reason = g_strdup_printf (_("the activity minutes “%s” are not pairs such as walking=30"), text);
          return FALSE;
        }

      id = g_ascii_strdown (start, eq - start);
      if (!salve_activity_id_is_valid (id))
        {
          *reason = g_strdup_printf (_("“%s” in the activity minutes is not an activity id"), id);
          return FALSE;
        }
      for (const char *d = eq + 1; d < end; d++)
        {
          if (!g_ascii_isdigit (*d) || minutes > SALVE_ACTIVITY_MAX_MINUTES)
            {
              minutes = G_MAXUINT64;
              break;
            }
          minutes = minutes * 10 + (guint64) (*d - '0');
        }
      if (minutes > SALVE_ACTIVITY_MAX_MINUTES)
        {
          *reason = g_strdup_printf (_("an activity lasts 0 to %d minutes, not “%.*s”"),
                                     SALVE_ACTIVITY_MAX_MINUTES, (int) (end - eq - 1), eq + 1);
          return FALSE;
        }
      if (seen == NULL)
        seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      if (!g_hash_table_add (seen, g_strdup (id)))
        {
          *reason = g_strdup_printf (_("“%s” is in the activity minutes twice"), id);
          return FALSE;
        }

      if (out != NULL)
        {
          g_strlcpy (pair.id, id, sizeof pair.id);
          pair.minutes = (guint) minutes;
          g_array_append_val (out, pair);
        }
    }
}

/* Activity minutes and the warning signs of a diary row. */
static gboolean
parse_care (SalveCsvValidator *self,
            const Ctx         *ctx,
            SalveCsvRecord    *rec)
{
  char *why = NULL;

  if (!parse_bool (self, ctx, SALVE_CSV_FIELD_NEW_WEAKNESS, &rec->new_weakness) ||
      !parse_bool (self, ctx, SALVE_CSV_FIELD_NUMBNESS, &rec->numbness))
    return FALSE;

  rec->activity_minutes = cell (self, ctx, SALVE_CSV_FIELD_ACTIVITY_MINUTES);
  if (!salve_csv_parse_activity_minutes (rec->activity_minutes, NULL, &why))
    {
      gboolean ok = reject (ctx, self->col[SALVE_CSV_FIELD_ACTIVITY_MINUTES], "%s", why);

      g_free (why);
      return ok;
    }

  return TRUE;
}

/* salve_body_region_match_name() of @text, remembered for short texts. */
static const char *
match_region (SalveCsvValidator *self,
              const char        *text)
{
  const char *id;

  if (text == NULL || strlen (text) > REGION_CACHE_LEN)
    return salve_body_region_match_name (text);

  for (guint i = 0; i < REGION_CACHE; i++)
    if (self->regions[i].text != NULL && strcmp (self->regions[i].text, text) == 0)
      return self->regions[i].id;

  id = salve_body_region_match_name (text);
  g_free (self->regions[self->next_region].text);
  self->regions[self->next_region].text = g_strdup (text);
  self->regions[self->next_region].id = id;
  self->next_region = (self->next_region + 1) % REGION_CACHE;
  return id;
}

static gboolean
parse_diary (SalveCsvValidator *self,
             const Ctx         *ctx,
             SalveCsvRecord    *rec)
{
  const char *id;

  if (!parse_at (self, ctx, rec) ||
      !check_not_ahead (self, ctx, rec) ||
      !parse_rating (self, ctx, SALVE_CSV_FIELD_PAIN, FALSE, &rec->pain) ||
      !parse_rating (self, ctx, SALVE_CSV_FIELD_FATIGUE, TRUE, &rec->fatigue) ||
      !parse_rating (self, ctx, SALVE_CSV_FIELD_SLEEP, TRUE, &rec->sleep) ||
      !parse_rating (self, ctx, SALVE_CSV_FIELD_STRESS, TRUE, &rec->stress) ||
      !parse_bool (self, ctx, SALVE_CSV_FIELD_SUCCESS, &rec->success))
    return FALSE;

  rec->has_stress = rec->stress >= 0;
  rec->region = text_cell (self, ctx, SALVE_CSV_FIELD_REGION);
  /* "Knie links", "lower back": the region id when the name is one
   * people use for it; any other text is kept as it was. */
  id = match_region (self, rec->region);
  if (id != NULL)
    rec->region = id;
  rec->activities = text_cell (self, ctx, SALVE_CSV_FIELD_ACTIVITIES);
  rec->note = text_cell (self, ctx, SALVE_CSV_FIELD_NOTE);

  return parse_care (self, ctx, rec) && parse_link (self, ctx, rec);
}

/* The medication, dose and kind of intake of a row. With @alone the
 * row is only an intake: the note is its, and the diary's other values
 * must be empty, or they would be lost. */
/* Whether a medication cell says that none was taken ("geen", "none",
 * "-", "n.v.t."), as spreadsheets fill the column on days without: no
 * intake, not one of a medicine called "geen". */
static gboolean
says_no_medication (const char *text)
{
  static const char * const none[] = {
    "geen", "niets", "nee", "nvt", "n.v.t.", "n.v.t", "none", "no", "nothing", "nil", "n/a", "na",
    "-", "--", "\u2013", "\u2014", "0", NULL
  };
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  trimmed = g_strstrip (g_strdup (text));
  folded = g_utf8_casefold (trimmed, -1);
  return g_strv_contains (none, folded);
}

static gboolean
parse_medication (SalveCsvValidator *self,
                  const Ctx         *ctx,
                  SalveCsvRecord    *rec,
                  gboolean           alone)
{
  const char *kind = cell (self, ctx, SALVE_CSV_FIELD_AS_NEEDED);

  rec->medication = text_cell (self, ctx, SALVE_CSV_FIELD_MEDICATION);
  rec->dose = text_cell (self, ctx, SALVE_CSV_FIELD_DOSE);

  if (is_blank_text (rec->medication) || says_no_medication (rec->medication))
    {
      if (!is_blank_text (rec->dose) || !is_blank_text (kind) || alone)
        return reject (ctx, self->col[SALVE_CSV_FIELD_MEDICATION], _("the medication is empty"));
      rec->medication = rec->dose = "";
      return TRUE;
    }

  if (!g_utf8_validate (rec->medication, -1, NULL) ||
      g_utf8_strlen (rec->medication, -1) > SALVE_MEDICATION_NAME_MAX)
    return reject (ctx, self->col[SALVE_CSV_FIELD_MEDICATION],
                   _("the medication is longer than %d characters"), SALVE_MEDICATION_NAME_MAX);
  if (!g_utf8_validate (rec->dose, -1, NULL) ||
      g_utf8_strlen (rec->dose, -1) > SALVE_MEDICATION_DOSE_MAX)
    return reject (ctx, self->col[SALVE_CSV_FIELD_DOSE],
                   _("the dose is longer than %d characters"), SALVE_MEDICATION_DOSE_MAX);

  rec->as_needed = FALSE;
  if (!is_blank_text (kind) && !salve_medication_kind_parse (kind, &rec->as_needed))
    return reject (ctx, self->col[SALVE_CSV_FIELD_AS_NEEDED],
                   _("“%s” says neither as needed nor scheduled"), kind);

  if (alone)
    {
      gboolean success = FALSE;
      gboolean weakness = FALSE;
      gboolean numbness = FALSE;

      if (!parse_at (self, ctx, rec) ||
          !check_not_ahead (self, ctx, rec) ||
          !parse_bool (self, ctx, SALVE_CSV_FIELD_SUCCESS, &success) ||
          !parse_bool (self, ctx, SALVE_CSV_FIELD_NEW_WEAKNESS, &weakness) ||
          !parse_bool (self, ctx, SALVE_CSV_FIELD_NUMBNESS, &numbness))
        return FALSE;
      /* A row that says it is an intake has nowhere to keep a rating. */
      if (!is_blank_text (cell (self, ctx, SALVE_CSV_FIELD_PAIN)))
        return reject (ctx, self->col[SALVE_CSV_FIELD_PAIN],
                       _("a medication row has no pain: put the rating on a diary row"));
      if (!is_blank_text (cell (self, ctx, SALVE_CSV_FIELD_FATIGUE)) ||
          !is_blank_text (cell (self, ctx, SALVE_CSV_FIELD_SLEEP)) ||
          !is_blank_text (cell (self, ctx, SALVE_CSV_FIELD_STRESS)) ||
          !is_blank_text (cell (self, ctx, SALVE_CSV_FIELD_REGION)) ||
          !is_blank_text (cell (self, ctx, SALVE_CSV_FIELD_ACTIVITIES)) ||
          !is_blank_text (cell (self, ctx, SALVE_CSV_FIELD_SESSION)) ||
          !is_blank_text (cell (self, ctx, SALVE_CSV_FIELD_ACTIVITY_MINUTES)) ||
          success || weakness || numbness)
        return reject (ctx, self->col[SALVE_CSV_FIELD_PAIN], _("%s is empty"),
                       field_word (SALVE_CSV_FIELD_PAIN));
      rec->note = text_cell (self, ctx, SALVE_CSV_FIELD_NOTE);
    }

  rec->has_medication = TRUE;
  return TRUE;
}

static gboolean
parse_session (SalveCsvValidator *self,
               const Ctx         *ctx,
               SalveCsvRecord    *rec)
{
  static const char *outcomes[] = { "planned", "running", "completed", "stopped", "interrupted" };
  SalveModality modality;
  SalveSite site;
  gint64 ended_unix;
  gboolean known = FALSE;

  if (!parse_instant (self, ctx, SALVE_CSV_FIELD_STARTED_AT, rec->at, &rec->at_unix, &rec->has_at) ||
      !parse_instant (self, ctx, SALVE_CSV_FIELD_ENDED_AT, rec->ended_at, &ended_unix, &rec->has_ended))
    return FALSE;

  rec->modality = cell (self, ctx, SALVE_CSV_FIELD_MODALITY);
  if (*rec->modality == '\0')
    return reject (ctx, self->col[SALVE_CSV_FIELD_MODALITY], _("the modality is empty"));
  if (!salve_modality_from_id (rec->modality, &modality))
    return reject (ctx, self->col[SALVE_CSV_FIELD_MODALITY],
                   _("the modality “%s” is not one of tens, nmes, laser, pemf"), rec->modality);

  rec->site = cell (self, ctx, SALVE_CSV_FIELD_SITE);
  if (*rec->site == '\0')
    return reject (ctx, self->col[SALVE_CSV_FIELD_SITE], _("the treatment site is empty"));
  if (!salve_site_from_id (rec->site, &site))
    return reject (ctx, self->col[SALVE_CSV_FIELD_SITE], _("the treatment site “%s” is unknown"), rec->site);

  rec->outcome = cell (self, ctx, SALVE_CSV_FIELD_OUTCOME);
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    known = known || g_str_equal (rec->outcome, outcomes[i]);
  if (!known)
    return reject (ctx, self->col[SALVE_CSV_FIELD_OUTCOME],
                   _("the outcome “%s” is not one of planned, running, completed, stopped, interrupted"),
                   rec->outcome);
  /* A session that completed ran: without its start it would be stored
   * as one that never started, and no figure would count it. */
  if (!rec->has_at && g_str_equal (rec->outcome, "completed"))
    return reject (ctx, self->col[SALVE_CSV_FIELD_STARTED_AT], _("a completed session needs the time it started"));

  if (!parse_rating (self, ctx, SALVE_CSV_FIELD_PAIN_BEFORE, TRUE, &rec->pain_before) ||
      !parse_rating (self, ctx, SALVE_CSV_FIELD_PAIN_AFTER, TRUE, &rec->pain_after) ||
      !parse_minutes (self, ctx, rec))
    return FALSE;

  rec->params = text_cell (self, ctx, SALVE_CSV_FIELD_PARAMS);
  if (*rec->params == '\0')
    rec->params = "{}";  /* the column's own default: nothing was set */
  else
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_data (parser, rec->params, -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        return reject (ctx, self->col[SALVE_CSV_FIELD_PARAMS], _("the parameters are not a JSON object"));
    }

  rec->device = text_cell (self, ctx, SALVE_CSV_FIELD_DEVICE);
  rec->program = text_cell (self, ctx, SALVE_CSV_FIELD_PROGRAM);
  rec->outcome_reason = text_cell (self, ctx, SALVE_CSV_FIELD_OUTCOME_REASON);
  rec->side_effects = text_cell (self, ctx, SALVE_CSV_FIELD_SIDE_EFFECTS);
  rec->skin_check = text_cell (self, ctx, SALVE_CSV_FIELD_SKIN_CHECK);
  rec->note = text_cell (self, ctx, SALVE_CSV_FIELD_NOTE);

  return parse_link (self, ctx, rec);
}

/* A cell as a header names it: without a byte order mark (a second
 * export pasted below the first brings its own), surrounding spaces and
 * case. */
static char *
header_key (const char *cell)
{
  g_autofree char *trimmed = NULL;

  if (g_str_has_prefix (cell, "\xEF\xBB\xBF"))
    cell += 3;
  trimmed = g_strstrip (g_strdup (cell));
  return g_utf8_validate (trimmed, -1, NULL) ? g_utf8_casefold (trimmed, -1) : g_strdup (trimmed);
}

/* Whether @row is a header again, as where two exports were joined into
 * one file: every cell that is not empty, two at least, is a header's
 * name, one Salve reads or one of this file's own header. Only a row
 * whose date cell holds no digit is looked at (no date is written
 * without one), so the rows of a diary cost a glance each. @same: the
 * file's own header again, column for column. */
static gboolean
is_header_again (SalveCsvValidator *self,
                 const SalveCsvRow *row,
                 gboolean          *same)
{
  guint n_columns = salve_csv_mapping_get_n_columns (self->mapping);
  int at = self->col[SALVE_CSV_FIELD_AT];
  guint names = 0;

  *same = TRUE;
  if (at < 0 || (guint) at >= row->n_cells || is_blank_text (row->cells[at]) ||
      strpbrk (row->cells[at], "0123456789") != NULL)
    return FALSE;

  if (self->header_keys == NULL)
    {
      self->header_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint j = 0; j < n_columns; j++)
        {
          char *own = header_key (salve_csv_mapping_get_header (self->mapping, j));

          if (*own == '\0' || g_hash_table_contains (self->header_keys, own))
            g_free (own);
          else
            g_hash_table_insert (self->header_keys, own, GUINT_TO_POINTER (j + 1));
        }
    }

  for (guint i = 0; i < row->n_cells; i++)
    {
      g_autofree char *key = NULL;
      gboolean known;
      guint own;

      if (is_blank_text (row->cells[i]))
        {
          *same = *same && (i >= n_columns || is_blank_text (salve_csv_mapping_get_header (self->mapping, i)));
          continue;
        }

      key = header_key (row->cells[i]);
      own = GPOINTER_TO_UINT (g_hash_table_lookup (self->header_keys, key));
      known = own > 0 ||
              salve_csv_field_match_header (key) != SALVE_CSV_FIELD_IGNORE ||
              salve_csv_field_match_header_refused (key) != SALVE_CSV_FIELD_IGNORE;
      /* A name the header has twice counts in its first place. */
      *same = *same && own == i + 1;
      if (!known)
        return FALSE;
      if (i >= n_columns)
        *same = FALSE;
      names++;
    }

  return names >= 2;
}

gboolean
salve_csv_validator_parse (SalveCsvValidator  *self,
                           const SalveCsvRow  *row,
                           SalveCsvRecord     *record,
                           int                *column,
                           char              **reason)
{
  guint n_columns;
  guint64 prefix;
  Ctx ctx = { row, column, reason };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (row != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  *column = -1;
  *reason = NULL;
  memset (record, 0, sizeof *record);
  record->pain = record->fatigue = record->sleep = record->stress = -1;
  record->pain_before = record->pain_after = -1;
  record->region = record->activities = record->note = "";
  record->medication = record->dose = "";
  record->activity_minutes = "";
  n_columns = salve_csv_mapping_get_n_columns (self->mapping);

  /* The reader ends such a cell at the end of the file: whatever rows
   * followed the quote are in it, so none of its cells is what the file
   * meant (nor counted as ignored). */
  if (row->stray_quote_line > 0 && row->open_quote_line > 0)
    return reject (&ctx, -1,
                   _("a quote (\") inside a quoted cell on line %u is not doubled (\"\"), and the cell runs on "
                     "to the end of the file: the rows after it are in it (write each quote inside a quoted cell twice)"),
                   row->stray_quote_line);
  if (row->stray_quote_line > 0)
    return reject (&ctx, -1,
                   _("a quote (\") inside a quoted cell on line %u is not doubled (\"\"), and the cell runs on "
                     "to line %u: the rows in between may be in it (write each quote inside a quoted cell twice)"),
                   row->stray_quote_line, row->last_line);
  if (row->open_quote_line > 0)
    return reject (&ctx, row->extra_cells == 0 ? (int) row->n_cells - 1 : -1,
                   _("the closing quote (\") is missing: the cell that starts on line %u runs to the end of the file"),
                   row->open_quote_line);

  if (self->header_again_line > 0)
    return reject (&ctx, -1,
                   _("after line %u, where the header comes again with other columns or in another order, no row "
                     "is read (they would be read in the wrong columns): import them as a file of their own"),
                   self->header_again_line);
  {
    gboolean same;

    if (is_header_again (self, row, &same))
      {
        if (same)
          return reject (&ctx, -1, _("the line repeats the header (the rows after it are read as before)"));
        self->header_again_line = row->line;
        return reject (&ctx, -1,
                       _("the header comes again here with other columns or in another order: this line and the "
                         "rows after it are not read, as they would be read in the wrong columns (import them as a "
                         "file of their own)"));
      }
  }

  for (guint i = 0; i < row->n_cells && i < n_columns; i++)
    if (salve_csv_mapping_get_field (self->mapping, i) == SALVE_CSV_FIELD_IGNORE &&
        !is_blank_text (row->cells[i]))
      self->ignored[i]++;

  if (row->bad_cell >= 0 && row->mixed_encoding_line > 0 && row->encoding == SALVE_CSV_ENCODING_MAC_ROMAN)
    return reject (&ctx, row->bad_cell,
                   _("“%s” is UTF-8, but the file is Mac Roman (line %u): save the whole file in one encoding"),
                   row->cells[row->bad_cell], row->mixed_encoding_line);
  if (row->bad_cell >= 0 && row->mixed_encoding_line > 0)
    return reject (&ctx, row->bad_cell,
                   _("“%s” is UTF-8, but the file is Windows-1252 (line %u): save the whole file in one encoding"),
                   row->cells[row->bad_cell], row->mixed_encoding_line);
  if (row->bad_cell >= 0 && row->bad_cell_nul)
    return reject (&ctx, row->bad_cell,
                   _("the cell holds NUL bytes, which text never holds (as where a crash filled a file with "
                     "zeros)"));
  if (row->bad_cell >= 0)
    return reject (&ctx, row->bad_cell, _("“%s” is not valid text in the file’s encoding"),
                   row->cells[row->bad_cell]);

  if (row->extra_cells > 0)
    return reject (&ctx, -1, _("the row has more than %d cells"), SALVE_CSV_MAX_CELLS);

  /* A cell past the header's columns has nowhere to go: reject rather
   * than drop it. Empty trailing cells (";;") are common and harmless. */
  for (guint i = n_columns; i < row->n_cells; i++)
    if (!is_blank_text (row->cells[i]))
      return reject (&ctx, (int) i, _("cell %u (“%s”) is beyond the header’s %u columns"),
                     i + 1, row->cells[i], n_columns);

  if (!parse_kind (self, &ctx, record))
    return FALSE;

  /* A medication without a pain is an intake alone. */
  if (record->kind == SALVE_CSV_KIND_DIARY && self->col[SALVE_CSV_FIELD_MEDICATION] >= 0 &&
      !is_blank_text (cell (self, &ctx, SALVE_CSV_FIELD_MEDICATION)) &&
      is_blank_text (cell (self, &ctx, SALVE_CSV_FIELD_PAIN)) &&
      !says_no_medication (cell (self, &ctx, SALVE_CSV_FIELD_MEDICATION)))
    record->kind = SALVE_CSV_KIND_MEDICATION;

  /* A diary row or an intake has no place for a session's values ("Begin",
   * "Reden", "Duur" in a migraine diary): its cells there are not
   * imported, and counted to be said as a column nobody maps is. */
  if (record->kind != SALVE_CSV_KIND_SESSION && self->has_session_only)
    for (guint i = 0; i < row->n_cells && i < n_columns; i++)
      if (self->session_only[i] && !is_blank_text (row->cells[i]))
        self->ignored[i]++;

  if (record->kind == SALVE_CSV_KIND_MEDICATION)
    {
      if (self->col[SALVE_CSV_FIELD_AT] < 0 || self->col[SALVE_CSV_FIELD_MEDICATION] < 0)
        return reject (&ctx, -1, _("a medication row needs a date and a medication column"));
      if (!parse_medication (self, &ctx, record, TRUE))
        return FALSE;
    }
  else if (record->kind == SALVE_CSV_KIND_DIARY)
    {
      if (self->col[SALVE_CSV_FIELD_AT] < 0 || self->col[SALVE_CSV_FIELD_PAIN] < 0)
        return reject (&ctx, -1, _("a diary row needs a date and a pain column"));
      if (!parse_diary (self, &ctx, record) ||
          !parse_medication (self, &ctx, record, FALSE))
        return FALSE;
    }
  else
    {
      if (self->col[SALVE_CSV_FIELD_MODALITY] < 0)
        return reject (&ctx, -1, _("a session row needs a modality, site and outcome column"));
      if (!parse_session (self, &ctx, record))
        return FALSE;
    }

  prefix = key_prefix (record);
  record->key = key_rest (prefix, record);
  record->typed_key = record->key;
  if (record->kind == SALVE_CSV_KIND_DIARY)
    {
      const char *typed = text_cell (self, &ctx, SALVE_CSV_FIELD_REGION);

      if (g_strcmp0 (typed, record->region) != 0)
        {
          const char *id = record->region;

          record->region = typed;
          record->typed_key = key_rest (prefix, record);
          record->region = id;
        }
    }
  return TRUE;
}
