/* bench-responsiveness.c: the longest stall of the GTK thread per action
 * on a long diary, beside the one-frame target
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-responsiveness [N-ENTRIES]   (default 1000000; run under Xvfb)
 *
 * Opens a window on a database with 50 patients, one of them with
 * N-ENTRIES diary entries, and runs the actions of salve-test-stalls.c.
 * "stall" is the wall time between two turns of the main loop; "CPU" the
 * GTK thread's own CPU time in its longest gap, which other programs on
 * a busy machine do not inflate.
 */

#include "config.h"

#include <stdlib.h>

#include "salve-test-stalls.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"

#define TARGET_MS 16.0

int
main (int   argc,
      char *argv[])
{
  guint n_entries = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autofree char *tmpdir = NULL;
  g_autofree char *db = NULL;
  g_autoptr(GArray) stalls = NULL;
  gint64 t0;
  int missed = 0;

  /* The test set-up gives a private session bus and GTK. */
  salve_test_ui_init (&argc, &argv);
  tmpdir = salve_test_make_tmpdir ();
  db = g_build_filename (tmpdir, "long.db", NULL);

  t0 = g_get_monotonic_time ();
  salve_test_stalls_make_db (db, n_entries, 50);
  g_print ("diary of %u entries and 49 more patients made in %.1f s\n", n_entries,
           (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC);

  stalls = salve_test_stalls_run (db);
  g_print ("%-20s %12s %12s %10s\n", "action", "stall (ms)", "CPU (ms)", "target");
  for (guint i = 0; i < stalls->len; i++)
    {
      const SalveTestStall *s = &g_array_index (stalls, SalveTestStall, i);
      gboolean ok = s->max_ms <= TARGET_MS;

      g_print ("%-20s %12.1f %12.1f %7.0f ms %s\n", s->action, s->max_ms, s->cpu_ms, TARGET_MS,
               ok ? "ok" : "MISSED");
      missed += !ok;
    }
  for (guint i = 0; i < stalls->len; i++)
    {
      const SalveTestStall *s = &g_array_index (stalls, SalveTestStall, i);

      g_print ("row: longest GTK-thread stall: %s (%u entries, 50 patients) | %.0f ms (GTK-thread CPU %.0f ms) "
               "| <= %.0f ms | %s\n", s->action, n_entries, s->max_ms, s->cpu_ms, TARGET_MS,
               s->max_ms <= TARGET_MS ? "met" : "NOT MET");
    }

  salve_test_remove_tree (tmpdir);
  salve_test_ui_shutdown ();

  return missed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
