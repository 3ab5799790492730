/* bench-responsiveness.c: the longest stall of the GTK thread per action
 * on a long diary
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-responsiveness make DB [N-ENTRIES]   (default 1000000)
 *   bench-responsiveness run DB                (under Xvfb)
 *
 * "make" writes a database with 50 patients, one of them with N-ENTRIES
 * diary entries. "run" opens a window on it, runs the actions of
 * salve-test-stalls.c and prints a line per action:
 *
 *   stall<TAB>ACTION<TAB>STALL-MS<TAB>CPU-MS
 *
 * "stall" is the wall time between two turns of the main loop; "CPU" the
 * GTK thread's own CPU time in its longest gap, which other programs on
 * a busy machine do not inflate. The actions add an entry and delete it
 * again, so one database serves several runs: bench-responsiveness.sh
 * runs it in a new process each time, as a person starts Salve.
 */

#include "config.h"

#include <stdlib.h>

#include "salve-test-stalls.h"
#include "salve-test-ui.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) stalls = NULL;
  gint64 t0;

  if (argc >= 3 && g_str_equal (argv[1], "make"))
    {
      guint n_entries = argc > 3 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : 1000000;

      t0 = g_get_monotonic_time ();
      salve_test_stalls_make_db (argv[2], n_entries, 50);
      g_printerr ("diary of %u entries and 49 more patients made in %.1f s\n", n_entries,
                  (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC);
      return EXIT_SUCCESS;
    }
  if (argc != 3 || !g_str_equal (argv[1], "run"))
    {
      g_printerr ("usage: bench-responsiveness make DB [N-ENTRIES] | run DB\n");
      return 2;
    }

  /* The test set-up gives a private session bus and GTK. */
  salve_test_ui_init (&argc, &argv);
  stalls = salve_test_stalls_run (argv[2]);
  for (guint i = 0; i < stalls->len; i++)
    {
      const SalveTestStall *s = &g_array_index (stalls, SalveTestStall, i);

      g_print ("stall\t%s\t%.2f\t%.2f\n", s->action, s->max_ms, s->cpu_ms);
    }
  salve_test_ui_shutdown ();

  return EXIT_SUCCESS;
}
