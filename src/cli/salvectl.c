/* salvectl.c: the command line
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <locale.h>
#include <signal.h>

#include <glib/gi18n.h>

#include "salve-safe-output-stream.h"
#include "salvectl-private.h"

typedef struct
{
  const char          *name;
  SalvectlCommandFunc  func;
  const char          *summary;
} Command;

/* Keep in the order of the contract in docs/salvectl.md. salvectl-render
 * is built from this file too, with SALVECTL_RENDER: it knows the chart
 * and report commands only, which salvectl runs it for
 * (salvectl-render-exec.c). */
static const Command commands[] = {
#ifndef SALVECTL_RENDER
  { "profile", salvectl_cmd_profile, N_("Add, list, show and answer the checklist of profiles") },
  { "session", salvectl_cmd_session, N_("List recorded sessions; run one on a stimulator") },
  { "check",   salvectl_cmd_check,   N_("Check a planned session against the contraindications") },
  { "devices", salvectl_cmd_devices, N_("List, add and remove your devices") },
  { "ports",   salvectl_cmd_ports,   N_("List serial ports and the stimulators that answer on them") },
  { "diary",   salvectl_cmd_diary,   N_("Add to, list and summarise the pain diary") },
  { "medication", salvectl_cmd_medication, N_("Add, list and delete medication intakes") },
  { "plan",    salvectl_cmd_plan,    N_("Set a care plan and schedule; show week, phase and adherence") },
#endif
  { "chart",   salvectl_cmd_chart,   N_("Draw the pain diary chart to PNG, SVG or PDF") },
  { "report",  salvectl_cmd_report,  N_("Write a report of a period for the therapist as PDF") },
#ifndef SALVECTL_RENDER
  { "import",  salvectl_cmd_import,  N_("Import a CSV diary or Salve export into a profile") },
  { "export",  salvectl_cmd_export,  N_("Export a profile’s diary and sessions as CSV") },
  { "backup",  salvectl_cmd_backup,  N_("Copy the database to a checked backup file") },
  { "restore", salvectl_cmd_restore, N_("Replace the database with a backup, keeping the current one") },
#endif
};

/* The help goes to stdout when asked for (--help) and to stderr after a
 * usage error, so that a script capturing stdout never takes it for a
 * result. */
static void
print_help (gboolean to_stderr)
{
  g_autoptr(GString) help = g_string_new (NULL);

  g_string_append (help, _("Usage:\n  salvectl [--db PATH] COMMAND [OPTION…]\n\n"));
  g_string_append (help, _("Salve’s command line: profiles, checks, diary, devices and sessions.\n\n"));
  g_string_append (help, _("Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (help, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append (help, _("\nOptions:\n"
                           "  --db PATH    Use the database at PATH (default: $SALVE_DB, then the XDG data folder)\n"
                           "  --help       Show this help\n"
                           "  --version    Show the version\n\n"
                           "Exit codes: 0 ok or allowed, 1 runtime error, 2 usage error, 3 caution or partial, 4 blocked or nothing done.\n"
                           "Run “salvectl COMMAND --help” for a command’s options.\n"));
  if (to_stderr)
    g_printerr ("%s", help->str);
  else
    g_print ("%s", help->str);
}

int
main (int    argc,
      char **argv)
{
  Salvectl ctl = { 0 };
  int first = 1;
  int ret;

  /* Past a file size limit (ulimit -f), a write then fails with EFBIG,
   * which Salve reports and recovers from, instead of killing the
   * program with a half-written file. */
#ifdef SIGXFSZ
  signal (SIGXFSZ, SIG_IGN);
#endif
  /* Ctrl+C or SIGTERM during an export, a chart or a report leaves no
   * hidden half-written copy of health data beside the file asked for. */
  salve_safe_output_stream_remove_on_signals ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command; everything after it is the
   * command's own. */
  while (first < argc && argv[first][0] == '-')
    {
      const char *arg = argv[first];

      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_help (FALSE);
          return SALVECTL_EXIT_OK;
        }
      else if (g_str_equal (arg, "--version"))
        {
          g_print ("salvectl %s\n", PACKAGE_VERSION);
          return SALVECTL_EXIT_OK;
        }
      else if (g_str_equal (arg, "--db"))
        {
          if (first + 1 >= argc)
            return salvectl_usage_error (_("--db needs a path"));
          g_free (ctl.db_path);
          ctl.db_path = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (g_str_has_prefix (arg, "--db="))
        {
          g_free (ctl.db_path);
          ctl.db_path = g_strdup (arg + strlen ("--db="));
          first += 1;
        }
      else
        {
          return salvectl_usage_error (_("Unknown option “%s”. Try “salvectl --help”."), arg);
        }
    }

  /* An empty path would silently mean the person's own database. */
  if (ctl.db_path != NULL && *ctl.db_path == '\0')
    {
      g_free (ctl.db_path);
      return salvectl_usage_error (_("--db needs a path, not an empty one"));
    }
  if (ctl.db_path == NULL && g_getenv ("SALVE_DB") != NULL && *g_getenv ("SALVE_DB") == '\0')
    return salvectl_usage_error (_("SALVE_DB is set but empty: give it a path, or unset it to use the default database"));

  if (first >= argc)
    {
      salvectl_usage_error (_("No command given."));
      print_help (TRUE);
      return SALVECTL_EXIT_USAGE;
    }

  ret = -1;
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, argv[first]))
        {
          ret = commands[i].func (&ctl, argc - first, argv + first);
          break;
        }
    }

  if (ret < 0)
    ret = salvectl_usage_error (_("Unknown command “%s”. Try “salvectl --help”."), argv[first]);

  g_clear_object (&ctl.db);
  g_free (ctl.db_path);

  return ret;
}
