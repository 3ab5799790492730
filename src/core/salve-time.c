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

  /* TRANSLATORS: a date as every screen shows it, see strftime */
  return g_date_time_format (dt, _("%a %-d %b %Y"));
}

char *
salve_time_format_date_time (GDateTime *dt)
{
  g_return_val_if_fail (dt != NULL, NULL);

  /* TRANSLATORS: a date and time as every screen shows them, see strftime */
  return g_date_time_format (dt, _("%a %-d %b %Y, %H:%M"));
}

char *
salve_time_format_day (GDateTime *dt)
{
  g_return_val_if_fail (dt != NULL, NULL);

  /* TRANSLATORS: a day in running text, "No entries since 22 Nov", see strftime */
  return g_date_time_format (dt, _("%-d %b"));
}

char *
salve_time_format_unix_date_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);

  return dt != NULL ? salve_time_format_date_time (dt) : g_strdup ("");
}
