/* salvectl-render-exec.c: salvectl chart and salvectl report, run by
 * salvectl-render
 *
 * Drawing needs Cairo and Pango and some thirty libraries behind them;
 * mapping those costs every salvectl command several milliseconds of
 * start-up, a good part of a small import. So salvectl itself does not
 * link them: its chart and report commands run salvectl-render (the same
 * main, these two commands only) in their place, with the same
 * arguments, environment and output, and its exit code.
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "salvectl-private.h"

#define RENDER_PROGRAM "salvectl-render"

/* $SALVECTL_RENDER, beside the running program (a build tree, or a copy
 * of both), else where it is installed. */
static char *
find_renderer (void)
{
  const char *env = g_getenv ("SALVECTL_RENDER");
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  if (exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (exe);
      g_autofree char *beside = g_build_filename (dir, RENDER_PROGRAM, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }

  return g_build_filename (PKGLIBEXECDIR, RENDER_PROGRAM, NULL);
}

/* Replaces this process with salvectl-render running @argv (the command
 * and its arguments) on the same database; returns only on failure. */
static int
run_renderer (Salvectl  *ctl,
              int        argc,
              char     **argv)
{
  g_autofree char *program = find_renderer ();
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  int saved;

  g_ptr_array_add (args, (gpointer) "salvectl");
  if (ctl->db_path != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--db");
      g_ptr_array_add (args, ctl->db_path);
    }
  for (int i = 0; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);

  execv (program, (char **) args->pdata);
  saved = errno;

  return salvectl_runtime_error (_("Cannot run “%s”, which draws charts and reports: %s"),
                                 program, g_strerror (saved));
}

int
salvectl_cmd_chart (Salvectl  *ctl,
                    int        argc,
                    char     **argv)
{
  return run_renderer (ctl, argc, argv);
}

int
salvectl_cmd_report (Salvectl  *ctl,
                     int        argc,
                     char     **argv)
{
  return run_renderer (ctl, argc, argv);
}
