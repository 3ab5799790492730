/* salve-time.h: timestamps stored unambiguously
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Stored form: ISO 8601 with the UTC offset that was in force locally,
 * e.g. "2026-03-29T09:30:00+02:00", so both the wall-clock time the person
 * saw and the instant are kept. */
char      *salve_time_format_iso (GDateTime  *dt);
char      *salve_time_now_iso    (void);
/* salve_parse_date_time() in local time: strings without an offset are
 * local time. NULL on nonsense and outside the accepted years. */
GDateTime *salve_time_parse_iso  (const char *text);

/* The one way dates and times are shown to people, in the locale's
 * words ("Wed 2 Dec 2026", "Wed 2 Dec 2026, 16:47", "2 Dec"): every
 * screen uses these, so a date reads the same everywhere. Translated;
 * @dt is shown in its own time zone. */
char      *salve_time_format_date      (GDateTime *dt);
char      *salve_time_format_date_time (GDateTime *dt);
char      *salve_time_format_day       (GDateTime *dt);
/* g_date_time_format() with %a and %b (the short day and month names)
 * taken from the translations, as the three above do. */
char      *salve_time_format           (GDateTime  *dt,
                                        const char *format);
/* salve_time_format_date() of a calendar day. */
char      *salve_time_format_gdate     (const GDate *date);
/* The same for a Unix time, in local time; "" when out of range. */
char      *salve_time_format_unix_date_time (gint64 unix_time);
/* A stored date (YYYY-MM-DD, or a time in ISO 8601) as every screen shows
 * a day, in local time; as stored should it not read. */
char      *salve_time_format_stored_date (const char *stored);

/* The Unix time of local midnight at the start of @day. */
gint64     salve_time_day_start_unix (const GDate *day);
/* The calendar day of @dt in its own time zone. */
void       salve_time_get_date       (GDateTime   *dt,
                                      GDate       *date);

G_END_DECLS
