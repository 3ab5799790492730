/* salve-stall-probe.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-stall-probe"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "salve-stall-probe.h"

#define TICK_MS 1

/* One probe per process, on the one GTK thread: the main loop it watches
 * is process-wide too. */
typedef struct
{
  guint       source;
  gint64      last_tick;
  gint64      last_cpu;
  char       *action;
  GHashTable *max_ms;       /* action name → Stall */
} Probe;

typedef struct
{
  double wall_ms;
  double cpu_ms;
} Stall;

static Probe probe;

/* The CPU time this thread used, in µs. */
static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static Stall *
lookup (const char *action)
{
  Stall *stall = g_hash_table_lookup (probe.max_ms, action);

  if (stall == NULL)
    {
      stall = g_new0 (Stall, 1);
      g_hash_table_insert (probe.max_ms, g_strdup (action), stall);
    }
  return stall;
}

static gboolean
tick_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_time ();
  Stall *stall;

  /* The time between two ticks beyond the tick itself is how long the
   * thread did something else without coming back to the loop. On a
   * busy machine part of it is other programs' turn: the thread's own
   * CPU time in that gap is what the code itself cost. */
  if (probe.action != NULL)
    {
      double wall_ms = (now - probe.last_tick) / 1000.0 - TICK_MS;
      double cpu_ms = (cpu - probe.last_cpu) / 1000.0;

      stall = lookup (probe.action);
      stall->wall_ms = MAX (stall->wall_ms, wall_ms);
      stall->cpu_ms = MAX (stall->cpu_ms, cpu_ms);
      /* Over a frame: when, on the monotonic clock (perf record -k
       * CLOCK_MONOTONIC), to find what the thread was doing. */
      if (wall_ms > 16.0)
        g_debug ("%s: %.1f ms (CPU %.1f ms) from %.6f s to %.6f s", probe.action, wall_ms, cpu_ms,
                 probe.last_tick / (double) G_USEC_PER_SEC, now / (double) G_USEC_PER_SEC);
    }
  probe.last_tick = now;
  probe.last_cpu = cpu;

  return G_SOURCE_CONTINUE;
}

static void
print_at_exit (void)
{
  salve_stall_probe_print ();
}

gboolean
salve_stall_probe_start (gboolean force)
{
  gboolean from_env = g_strcmp0 (g_getenv ("SALVE_STALL_PROBE"), "1") == 0;

  if (probe.source != 0)
    return TRUE;
  if (!force && !from_env)
    return FALSE;

  if (probe.max_ms == NULL)
    probe.max_ms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (probe.action == NULL)
    probe.action = g_strdup ("start");
  probe.last_tick = g_get_monotonic_time ();
  probe.last_cpu = thread_cpu_time ();
  probe.source = g_timeout_add_full (G_PRIORITY_HIGH, TICK_MS, tick_cb, NULL, NULL);
  g_source_set_name_by_id (probe.source, "[salve] stall probe");
  if (from_env)
    atexit (print_at_exit);

  return TRUE;
}

gboolean
salve_stall_probe_is_running (void)
{
  return probe.source != 0;
}

void
salve_stall_probe_set_action (const char *action)
{
  if (probe.source == 0)
    return;

  /* What was late so far belongs to the action before. */
  tick_cb (NULL);
  g_free (probe.action);
  probe.action = g_strdup (action);
  if (probe.action != NULL)
    lookup (probe.action);
}

gboolean
salve_stall_probe_get (const char *action,
                       double     *wall_ms,
                       double     *cpu_ms)
{
  Stall *stall;

  if (probe.max_ms == NULL)
    return FALSE;
  if (probe.source != 0 && g_strcmp0 (action, probe.action) == 0)
    tick_cb (NULL);
  stall = g_hash_table_lookup (probe.max_ms, action);
  if (stall == NULL)
    return FALSE;

  if (wall_ms != NULL)
    *wall_ms = stall->wall_ms;
  if (cpu_ms != NULL)
    *cpu_ms = stall->cpu_ms;
  return TRUE;
}

void
salve_stall_probe_reset (void)
{
  if (probe.max_ms != NULL)
    g_hash_table_remove_all (probe.max_ms);
  probe.last_tick = g_get_monotonic_time ();
  probe.last_cpu = thread_cpu_time ();
}

void
salve_stall_probe_print (void)
{
  GHashTableIter iter;
  gpointer key, value;

  if (probe.max_ms == NULL)
    return;

  g_hash_table_iter_init (&iter, probe.max_ms);
  while (g_hash_table_iter_next (&iter, &key, &value))
    /* Two figures of possibly two gaps: the longest as seen, and the
     * most CPU the thread spent in one (not that of the longest). */
    fprintf (stderr, "stall %s: longest %.1f ms; most CPU in one gap %.1f ms\n", (const char *) key,
             ((Stall *) value)->wall_ms, ((Stall *) value)->cpu_ms);
}
