/* salve-time.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-time"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "salve-parse.h"
#include "salve-time.h"

/* The names of days and months in the language of the screens, not in
 * whatever LC_TIME happens to be: a Dutch screen reads "wo 2 dec 2026"
 * even where the C library has no Dutch locale. */
char *
salve_time_format (GDateTime  *dt,
                   const char *format)
{
  const char *days[] = {
    NULL, C_("weekday", "Mon"), C_("weekday", "Tue"), C_("weekday", "Wed"), C_("weekday", "Thu"),
    C_("weekday", "Fri"), C_("weekday", "Sat"), C_("weekday", "Sun"),
  };
  const char *months[] = {
    NULL, C_("month", "Jan"), C_("month", "Feb"), C_("month", "Mar"), C_("month", "Apr"),
    C_("month", "May"), C_("month", "Jun"), C_("month", "Jul"), C_("month", "Aug"),
    C_("month", "Sep"), C_("month", "Oct"), C_("month", "Nov"), C_("month", "Dec"),
  };
  GString *expanded;

  g_return_val_if_fail (dt != NULL && format != NULL, NULL);

  expanded = g_string_new (NULL);

  for (const char *p = format; *p != '\0'; p++)
    {
      if (p[0] == '%' && p[1] == 'a')
        g_string_append (expanded, days[g_date_time_get_day_of_week (dt)]);
      else if (p[0] == '%' && p[1] == 'b')
        g_string_append (expanded, months[g_date_time_get_month (dt)]);
      else if (p[0] == '%' && p[1] != '\0')
        {
          /* Any other conversion (and "%%") is GLib's. */
          g_string_append_len (expanded, p, 2);
          p++;
          continue;
        }
      else
        {
          g_string_append_c (expanded, *p);
          continue;
        }
      p++;
    }

  {
    g_autofree char *literal = g_string_free (expanded, FALSE);

    return g_date_time_format (dt, literal);
  }
}

char *
salve_time_format_iso (GDateTime *dt)
{
  g_return_val_if_fail (dt != NULL, NULL);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
}

char *
salve_time_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return salve_time_format_iso (now);
}

GDateTime *
salve_time_parse_iso (const char *text)
{
  /* The same reading as every date-time a person types, so whatever
   * Salve accepts and stores it reads back. */
  return salve_parse_date_time (text, NULL, NULL, NULL);
}

char *
salve_time_format_date (GDateTime *dt)
{
  g_return_val_if_fail (dt != NULL, NULL);

  /* Translators: a date as every screen shows it, see strftime */
  return salve_time_format (dt, _("%a %-d %b %Y"));
}

char *
salve_time_format_gdate (const GDate *date)
{
  g_autoptr(GDateTime) noon = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  /* The fields as they are: the zone plays no part in the words. */
  noon = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 12, 0, 0);
  return salve_time_format_date (noon);
}

char *
salve_time_format_stored_date (const char *stored)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (stored != NULL, NULL);

  when = salve_time_parse_iso (stored);
  local = when != NULL ? g_date_time_to_local (when) : NULL;
  return local != NULL ? salve_time_format_date (local) : g_strdup (stored);
}

char *
salve_time_format_date_time (GDateTime *dt)
{
  g_return_val_if_fail (dt != NULL, NULL);

  /* Translators: a date and time as every screen shows them, see strftime */
  return salve_time_format (dt, _("%a %-d %b %Y, %H:%M"));
}

char *
salve_time_format_day (GDateTime *dt)
{
  g_return_val_if_fail (dt != NULL, NULL);

  /* Translators: a day in running text, "No entries since 22 Nov", see strftime */
  return salve_time_format (dt, _("%-d %b"));
}

char *
salve_time_format_unix_date_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);

  return dt != NULL ? salve_time_format_date_time (dt) : g_strdup ("");
}

gint64
salve_time_day_start_unix (const GDate *day)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (day != NULL && g_date_valid (day), 0);

  dt = g_date_time_new (local, g_date_get_year (day), g_date_get_month (day), g_date_get_day (day), 0, 0, 0);
  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

void
salve_time_get_date (GDateTime *dt,
                     GDate     *date)
{
  g_return_if_fail (dt != NULL && date != NULL);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt), g_date_time_get_year (dt));
}
