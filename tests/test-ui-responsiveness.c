/* test-ui-responsiveness.c: no everyday action freezes the window
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "salve-test-stalls.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"

/* Generous for a shared test machine: a frame is 16 ms, bench/run
 * responsiveness holds the actions to that. A diary read on the GTK
 * thread, as before, stalled it for several hundred. The bound is on the
 * thread's own CPU time between two turns of its main loop, so other
 * programs on a loaded machine cannot fail the test. */
#define MAX_STALL_MS 100.0

static char *tmpdir;

static void
test_no_action_stalls (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "long.db", NULL);
  g_autoptr(GArray) stalls = NULL;
  const char *sanitized = g_getenv ("SALVE_TEST_SANITIZED");

  salve_test_stalls_make_db (db, 100000, 50);
  stalls = salve_test_stalls_run (db);

  g_assert_cmpuint (stalls->len, ==, 8);
  for (guint i = 0; i < stalls->len; i++)
    {
      const SalveTestStall *stall = &g_array_index (stalls, SalveTestStall, i);

      g_test_message ("%s: longest stall %.1f ms, %.1f ms of it the GTK thread's CPU time", stall->action,
                      stall->max_ms, stall->cpu_ms);
    }
  for (guint i = 0; i < stalls->len; i++)
    {
      const SalveTestStall *stall = &g_array_index (stalls, SalveTestStall, i);

      if (stall->cpu_ms > MAX_STALL_MS && sanitized != NULL)
        g_test_message ("“%s” is over %.0f ms in this %s build; the bound is checked in the plain build",
                        stall->action, MAX_STALL_MS, sanitized);
      else if (stall->cpu_ms > MAX_STALL_MS)
        g_error ("“%s” kept the GTK thread busy for %.1f ms (at most %.0f)", stall->action, stall->cpu_ms,
                 MAX_STALL_MS);
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  salve_test_ui_init (&argc, &argv);
  tmpdir = salve_test_make_tmpdir ();

  g_test_add_func ("/ui/responsiveness/no-action-stalls", test_no_action_stalls);

  ret = g_test_run ();

  salve_test_remove_tree (tmpdir);
  g_free (tmpdir);
  salve_test_ui_shutdown ();

  return ret;
}
