/* salve-test-sim.h: run salve-stim-sim and read its log in tests
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  GPid   pid;
  char  *pty;
  char  *log_path;
  char  *dir;
} SalveTestSim;

/* Starts $SALVE_STIM_SIM with --log and @args (NULL-terminated) and waits
 * for the pty path on its first line. Fails the test (loudly, never a
 * skip) when there is no pty. */
SalveTestSim *salve_test_sim_start        (const char * const *args);
/* SIGTERM, wait, remove the files. */
void          salve_test_sim_free         (SalveTestSim *sim);
void          salve_test_sim_signal       (SalveTestSim *sim,
                                           int           signum);
/* Every line of the log so far, as JSON objects (owned by the array). */
GPtrArray    *salve_test_sim_read_log     (SalveTestSim *sim);
/* Waits (up to @timeout_ms, iterating the default main context) for a
 * log line with "event" == @event (or any event if NULL) whose state is
 * @state (NULL: any) and, when @output_zero, all outputs 0 or, when
 * @min_output > 0, channel 0 at least @min_output. Returns its t_ms, or
 * -1 on timeout. Lines before @after_line are skipped. */
gint64        salve_test_sim_wait         (SalveTestSim *sim,
                                           guint         after_line,
                                           const char   *event,
                                           const char   *state,
                                           gboolean      output_zero,
                                           double        min_output,
                                           guint         timeout_ms);
/* The largest naks_range seen in the log. */
gint64        salve_test_sim_naks_range   (SalveTestSim *sim);
guint         salve_test_sim_n_lines      (SalveTestSim *sim);
/* GSpawnChildSetupFunc: the child dies with the test. */
void          salve_test_child_setup      (gpointer      user_data);
/* CLOCK_MONOTONIC in ms, the clock of the log's t_ms. */
gint64        salve_test_now_ms           (void);

/* The environment for a host process that must reach the pty through the
 * real libserialport: LD_PRELOAD=[ASan runtime:]preload-pty.so. */
char        **salve_test_preload_environ  (void);
/* For in-process tests: re-executes the test binary under that
 * environment unless it already runs under it. Call first in main(). */
void          salve_test_reexec_preloaded (int    argc,
                                           char **argv);

/* A stand-in for logind on a private bus that poses as the system bus
 * (it sets $DBUS_SYSTEM_BUS_ADDRESS): it owns org.freedesktop.login1,
 * answers Inhibit with a file descriptor and sends PrepareForSleep. */
typedef struct _SalveTestLogind SalveTestLogind;

SalveTestLogind *salve_test_logind_new               (void);
/* TRUE once someone took an inhibitor lock. */
gboolean         salve_test_logind_inhibit_taken     (SalveTestLogind *logind);
/* How many of the locks handed out are still held (not closed). */
guint            salve_test_logind_n_held            (SalveTestLogind *logind);
/* Waits (up to @timeout_ms, iterating the default main context) until
 * exactly @n_held locks are held; TRUE if they are. */
gboolean         salve_test_logind_wait_held         (SalveTestLogind *logind,
                                                      guint            n_held,
                                                      guint            timeout_ms);
/* Emits PrepareForSleep (@sleeping) and flushes it. */
void             salve_test_logind_prepare_for_sleep (SalveTestLogind *logind,
                                                      gboolean         sleeping);
void             salve_test_logind_free              (SalveTestLogind *logind);

G_END_DECLS
