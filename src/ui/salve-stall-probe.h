/* salve-stall-probe.h: how long the GTK thread stops answering
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A debugging aid for benchmarks and tests: a high-priority 1 ms timeout
 * on the main loop measures how late it runs. A late tick means the
 * thread was busy (a stall); the longest stall is kept per named action.
 * Always compiled in, idle unless SALVE_STALL_PROBE=1 is set or a test
 * starts it.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Starts the probe on the default main context when SALVE_STALL_PROBE
 * is set to 1 (or @force); prints what it measured on stderr when the
 * program ends if it was started by the environment. Returns whether it
 * runs. */
gboolean salve_stall_probe_start      (gboolean    force);
gboolean salve_stall_probe_is_running (void);
/* Stalls from now on count for @action, until the next call. Safe to
 * call when the probe is off. */
void     salve_stall_probe_set_action (const char *action);
/* The stalls seen while @action was current, in milliseconds: the
 * longest as the person saw it (@wall_ms), and the most of the GTK
 * thread's own CPU time in one gap (@cpu_ms; often, not always, the same
 * gap), which other programs on a busy machine do not inflate. FALSE
 * when @action was never current. */
gboolean salve_stall_probe_get        (const char *action,
                                       double     *wall_ms,
                                       double     *cpu_ms);
/* Forgets every action's figures. */
void     salve_stall_probe_reset      (void);
/* One line per action on stderr: "stall <action>: <ms> ms (<ms> ms CPU)". */
void     salve_stall_probe_print      (void);

G_END_DECLS
