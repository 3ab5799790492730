/* salve-parse.h: the one reading of numbers and date-times typed by people
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The years Salve accepts, stores and reads back: four digits in the
 * stored form, and no calendar before the Gregorian one everywhere. */
#define SALVE_YEAR_MIN 1900
#define SALVE_YEAR_MAX 9999

#define SALVE_PARSE_ERROR (salve_parse_error_quark ())

typedef enum
{
  SALVE_PARSE_ERROR_EMPTY,    /* nothing given */
  SALVE_PARSE_ERROR_INVALID,  /* not in the accepted form */
  SALVE_PARSE_ERROR_RANGE,    /* well formed, but outside what is allowed */
} SalveParseError;

GQuark     salve_parse_error_quark (void);

/* A decimal number, the same in every locale: an optional sign, digits,
 * optionally a point and digits, optionally an exponent (e or E, optional
 * sign, digits). Leading zeros are decimal ("010" is 10). Nothing else is
 * allowed: no spaces, no hex, no "inf" or "nan", no comma. The value must
 * be finite and within [@min, @max]. */
gboolean   salve_parse_double      (const char  *text,
                                    double       min,
                                    double       max,
                                    double      *value,
                                    GError     **error);
/* A whole decimal number: an optional sign and digits only, within
 * [@min, @max]. */
gboolean   salve_parse_int         (const char  *text,
                                    gint64       min,
                                    gint64       max,
                                    gint64      *value,
                                    GError     **error);

/* YYYY-MM-DD, or that followed by T (or a space) and HH:MM, HH:MM:SS or
 * HH:MM:SS.FFF, then optionally Z or an offset ±HH:MM (also ±HHMM, ±HH).
 * Without an offset the time is wall-clock time in @tz (NULL: local); a
 * wall-clock time that does not exist there (the clocks went forward) is
 * refused. The year must lie within SALVE_YEAR_MIN–SALVE_YEAR_MAX. A date
 * alone is its midnight and sets *@has_time to FALSE (@has_time may be
 * NULL). */
GDateTime *salve_parse_date_time   (const char  *text,
                                    GTimeZone   *tz,
                                    gboolean    *has_time,
                                    GError     **error);
/* TRUE when @dt, in its own time zone, lies within the accepted years:
 * what may be stored. */
gboolean   salve_date_time_in_range (GDateTime *dt);

G_END_DECLS
