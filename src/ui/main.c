/* main.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <signal.h>

#include <glib/gi18n.h>

#include "salve-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(SalveApplication) app = NULL;

  /* Past a file size limit (ulimit -f), a write then fails with EFBIG,
   * which Salve reports and recovers from, instead of killing the
   * program with a half-written file. */
#ifdef SIGXFSZ
  signal (SIGXFSZ, SIG_IGN);
#endif

  /* Before any thread starts. */
  salve_application_prefer_empty_gtk_theme ();
  salve_application_prefer_cairo_without_gpu (NULL);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = salve_application_new (APPLICATION_ID, G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
