/* salve-time.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-time"

#include "config.h"

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
