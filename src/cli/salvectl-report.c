/* salvectl-report.c: salvectl report — the therapist's A4 report as PDF
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-report.h"
#include "salvectl-private.h"

int
salvectl_cmd_report (Salvectl  *ctl,
                     int        argc,
                     char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— write a report of a period for the therapist (PDF)"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *out = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *lower = NULL;
  SalveReportOptions options = SALVE_REPORT_OPTIONS_INIT;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("Whose report"), N_("NAME") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Write to FILE (.pdf)"), N_("FILE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day of the period (default: the first entry)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day of the period (default: the last entry)"), N_("DATE") },
    { NULL }
  };
  guint n_pages = 0;
  SalveDb *db;

  if (!salvectl_parse_command (context, entries, &argc, &argv, &profile_name))
    return SALVECTL_EXIT_USAGE;
  if (out == NULL)
    return salvectl_usage_error (_("report needs --out FILE.pdf"));
  lower = g_ascii_strdown (out, -1);
  if (!g_str_has_suffix (lower, ".pdf"))
    return salvectl_usage_error (_("--out must end in .pdf"));
  if (from != NULL && !salvectl_parse_time_bound (from, FALSE, &options.from_unix, &error))
    return salvectl_usage_error ("--from: %s", error->message);
  if (to != NULL && !salvectl_parse_time_bound (to, TRUE, &options.to_unix, &error))
    return salvectl_usage_error ("--to: %s", error->message);
  options.has_from = from != NULL;
  options.has_to = to != NULL;
  if (options.has_from && options.has_to && options.to_unix <= options.from_unix)
    return salvectl_usage_error (_("--to must not be before --from"));

  if (!(db = salvectl_get_db (ctl)) || !(profile = salvectl_find_profile (db, profile_name)))
    return SALVECTL_EXIT_RUNTIME;

  options.profile_id = salve_profile_get_id (profile);
  if (!salve_report_write_pdf (db, &options, out, &n_pages, &error))
    return salvectl_runtime_error ("%s", error->message);

  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %s (%u page).\n", "Wrote %s (%u pages).\n", n_pages),
           out, n_pages);
  return SALVECTL_EXIT_OK;
}
