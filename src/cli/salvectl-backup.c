/* salvectl-backup.c: salvectl backup and restore
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-backup.h"
#include "salvectl-private.h"

int
salvectl_cmd_backup (Salvectl  *ctl,
                     int        argc,
                     char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— copy the database to a backup file"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *out = NULL;
  g_autofree char *path = NULL;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Write to FILE (default: salve-YYYY-MM-DD.db in the backups folder beside the database)"), N_("FILE") },
    { NULL }
  };
  SalveDb *db;

  if (!salvectl_parse_command (context, entries, &argc, &argv, NULL))
    return SALVECTL_EXIT_USAGE;
  if (out != NULL && *out == '\0')
    return salvectl_usage_error (_("--out needs a path, not an empty one"));

  if (!(db = salvectl_get_db (ctl)))
    return SALVECTL_EXIT_RUNTIME;

  path = out != NULL ? g_strdup (out) : salve_backup_get_daily_path (salve_db_get_path (db), now);
  if (!salve_backup_write (db, path, &error))
    return salvectl_runtime_error ("%s", error->message);

  g_print (_("Backed up the database to “%s”.\n"), path);
  return SALVECTL_EXIT_OK;
}

int
salvectl_cmd_restore (Salvectl  *ctl,
                      int        argc,
                      char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — replace the database with a backup, keeping the current one"));
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *kept = NULL;

  if (!salvectl_parse_options (context, &argc, &argv))
    return SALVECTL_EXIT_USAGE;

  if (argc != 2)
    return salvectl_usage_error (_("restore needs exactly one FILE"));

  /* Not salvectl_get_db(): a damaged database is what a restore is for. */
  db_path = salve_db_resolve_path (ctl->db_path);
  if (!salve_backup_restore (db_path, argv[1], &kept, &error))
    return salvectl_runtime_error ("%s", error->message);

  if (kept != NULL)
    g_print (_("Kept the database as it was in “%s”.\n"), kept);
  g_print (_("Restored “%s” into “%s”.\n"), argv[1], db_path);
  return SALVECTL_EXIT_OK;
}
