/* test-firmware.c: the reference firmware (firmware/), running in simavr
 * through salve-fw-sim, driven by `salvectl session run` over its pty as
 * the simulator is. Whatever happens to the host, the PWM duty of the
 * output pins reaches 0 within 1.1 s of simulated time.
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "salve-test-sim.h"
#include "salve-test-util.h"

/* How far the simulation may fall behind the wall clock: beyond this the
 * host's timing (200 ms answers, 1 s dead-man) would no longer be tested
 * against a device that keeps time. */
#define MAX_LAG_US  (250 * 1000)

typedef struct
{
  GPid  pid;
  int   out_fd;
  char *dir;
} Host;

static SalveTestSim *
firmware_start (void)
{
  const char *args[] = { "--elf", g_getenv ("SALVE_FIRMWARE_ELF"), NULL };

  g_assert_nonnull (args[1]);
  return salve_test_sim_start (args);
}

/* A TENS session of @minutes at @intensity mA, ramped at 5 mA/s. */
static Host *
host_start (SalveTestSim *sim,
            const char   *intensity,
            const char   *minutes)
{
  g_auto(GStrv) env = salve_test_preload_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  Host *host = g_new0 (Host, 1);
  const char *argv[] = { g_getenv ("SALVECTL"), "--db", NULL, "session", "run", "--port", sim->pty,
                         "--modality", "tens", "--site", "knee", "--intensity-ma", intensity,
                         "--frequency-hz", "100", "--pulse-us", "200", "--ramp-rate", "5",
                         "--minutes", minutes, NULL };

  host->dir = salve_test_make_tmpdir ();
  db = g_build_filename (host->dir, "salve.db", NULL);
  argv[2] = db;
  g_spawn_async_with_pipes (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD,
                            salve_test_child_setup, NULL, &host->pid, NULL, &host->out_fd, NULL, &error);
  g_assert_no_error (error);

  return host;
}

static int
host_wait (Host *host)
{
  int status = 0;

  waitpid (host->pid, &status, 0);
  return status;
}

static char *
host_output (Host *host)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  while ((n = read (host->out_fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (text, buffer, n);

  return g_string_free (text, FALSE);
}

static void
host_free (Host *host)
{
  close (host->out_fd);
  g_spawn_close_pid (host->pid);
  salve_test_remove_tree (host->dir);
  g_free (host->dir);
  g_free (host);
}

static gboolean
duty_zero (JsonObject *line)
{
  JsonArray *duty = json_object_get_array_member (line, "duty");

  for (guint i = 0; i < json_array_get_length (duty); i++)
    if (json_array_get_int_element (duty, i) != 0)
      return FALSE;

  return TRUE;
}

/* The simulation kept pace with the wall clock in every line so far. */
static void
assert_kept_time (SalveTestSim *sim)
{
  g_autoptr(GPtrArray) lines = salve_test_sim_read_log (sim);
  gint64 most = 0;

  for (guint i = 0; i < lines->len; i++)
    most = MAX (most, json_object_get_int_member (g_ptr_array_index (lines, i), "lag_us"));
  g_test_message ("simulation at most %.1f ms behind the wall clock", most / 1000.0);
  g_assert_cmpint (most, <, MAX_LAG_US);
}

/* Waits for the session's PWM duty to stand for @ma on channel 0. */
static void
wait_running (SalveTestSim *sim,
              double        ma)
{
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "output", "running", FALSE, ma, 10000), >, 0);
}

/* After log line @after, a "mark" (the instant the test acted, in
 * simulated time) and the first line with every duty 0: the simulated
 * time between them, in µs (0 if the output was off before the mark). */
static gint64
sim_time_to_zero (SalveTestSim *sim,
                  guint         after,
                  const char   *why)
{
  gint64 mark_us = -1, zero_us = -1;
  gint64 deadline = salve_test_now_ms () + 3000;

  while ((mark_us < 0 || zero_us < 0) && salve_test_now_ms () < deadline)
    {
      g_autoptr(GPtrArray) lines = salve_test_sim_read_log (sim);

      mark_us = zero_us = -1;
      for (guint i = after; i < lines->len; i++)
        {
          JsonObject *line = g_ptr_array_index (lines, i);

          if (mark_us < 0 && g_strcmp0 (json_object_get_string_member (line, "event"), "mark") == 0)
            mark_us = json_object_get_int_member (line, "sim_us");
          if (zero_us < 0 && duty_zero (line))
            zero_us = json_object_get_int_member (line, "sim_us");
        }
      g_usleep (5000);
    }
  g_assert_cmpint (mark_us, >=, 0);
  g_assert_cmpint (zero_us, >=, 0);
  g_test_message ("PWM duty 0 %" G_GINT64_FORMAT " ms (simulated) after %s",
                  MAX (zero_us - mark_us, 0) / 1000, why);

  return MAX (zero_us - mark_us, 0);
}

/* Acts on the host and marks the instant in the firmware's log. */
static guint
act (SalveTestSim *sim,
     Host         *host,
     int           signum)
{
  guint lines = salve_test_sim_n_lines (sim);

  kill (host->pid, signum);
  salve_test_sim_signal (sim, SIGUSR1);

  return lines;
}

static gboolean
range_naks (SalveTestSim *sim)
{
  g_autoptr(GPtrArray) lines = salve_test_sim_read_log (sim);

  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (lines, i);

      if (g_strcmp0 (json_object_get_string_member (line, "event"), "nak") == 0)
        {
          gint64 code = json_object_get_int_member (line, "code");

          if (code == 0x03 || code == 0x04 || code == 0x05)
            return TRUE;
        }
    }

  return FALSE;
}

/* salvectl runs a TENS session against the firmware to completion. */
static void
test_session (void)
{
  SalveTestSim *sim = firmware_start ();
  Host *host = host_start (sim, "4", "0.1");
  g_autofree char *out = NULL;
  int status;

  status = host_wait (host);
  out = host_output (host);
  g_test_message ("%s", out);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_nonnull (strstr (out, "via libserialport"));
  g_assert_nonnull (strstr (out, "Session completed"));
  g_assert_true (g_regex_match_simple ("^00:0[0-9]  output 4.0 mA, 4.0 mA  Running$", out, G_REGEX_MULTILINE, 0));

  /* It said hello, the output stage reached 4 mA, and the session ended
   * stopped with the pins at 0; no value the firmware had to refuse. */
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "hello", NULL, FALSE, 0, 100), >, 0);
  wait_running (sim, 4.0);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 1000), >, 0);
  g_assert_false (range_naks (sim));
  assert_kept_time (sim);

  host_free (host);
  salve_test_sim_free (sim);
}

/* kill -9: the port closes, which a UART cannot see; the dead-man timer
 * stops the output. */
static void
test_kill_host (void)
{
  SalveTestSim *sim = firmware_start ();
  Host *host = host_start (sim, "2", "5");
  guint lines;

  wait_running (sim, 2.0);
  lines = act (sim, host, SIGKILL);
  g_assert_cmpint (sim_time_to_zero (sim, lines, "kill -9"), <=, 1100 * 1000);
  g_assert_cmpint (salve_test_sim_wait (sim, lines, "deadman", "stopped", TRUE, 0, 2000), >, 0);
  assert_kept_time (sim);

  host_wait (host);
  host_free (host);
  salve_test_sim_free (sim);
}

/* SIGSTOP: the port stays open and silent. */
static void
test_stop_host (void)
{
  SalveTestSim *sim = firmware_start ();
  Host *host = host_start (sim, "2", "5");
  guint lines;
  int status;

  wait_running (sim, 2.0);
  lines = act (sim, host, SIGSTOP);
  g_assert_cmpint (sim_time_to_zero (sim, lines, "SIGSTOP"), <=, 1100 * 1000);
  g_assert_cmpint (salve_test_sim_wait (sim, lines, "deadman", "stopped", TRUE, 0, 2000), >, 0);

  /* Woken up, the host finds its session over, and the output stays off. */
  kill (host->pid, SIGCONT);
  status = host_wait (host);
  {
    g_autofree char *out = host_output (host);

    g_test_message ("%s", out);
  }
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_cmpint (salve_test_sim_wait (sim, lines, "output", NULL, FALSE, 0.1, 300), <, 0);
  assert_kept_time (sim);

  host_free (host);
  salve_test_sim_free (sim);
}

/* SIGTERM: the host stops the device itself (STOP), well before the
 * dead-man timer would. */
static void
test_terminate_host (void)
{
  SalveTestSim *sim = firmware_start ();
  Host *host = host_start (sim, "2", "5");
  guint lines;
  int status;

  wait_running (sim, 2.0);
  lines = act (sim, host, SIGTERM);
  g_assert_cmpint (sim_time_to_zero (sim, lines, "SIGTERM"), <, 500 * 1000);
  g_assert_cmpint (salve_test_sim_wait (sim, lines, "state", "stopped", TRUE, 0, 1000), >, 0);
  g_assert_cmpint (salve_test_sim_wait (sim, lines, "deadman", NULL, FALSE, 0, 100), <, 0);
  status = host_wait (host);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 3);
  assert_kept_time (sim);

  host_free (host);
  salve_test_sim_free (sim);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* The tests' simulator helpers run whatever SALVE_STIM_SIM names. */
  g_assert_nonnull (g_getenv ("SALVE_FIRMWARE_SIM"));
  g_setenv ("SALVE_STIM_SIM", g_getenv ("SALVE_FIRMWARE_SIM"), TRUE);

  g_test_add_func ("/firmware/session", test_session);
  g_test_add_func ("/firmware/kill-host", test_kill_host);
  g_test_add_func ("/firmware/stop-host", test_stop_host);
  g_test_add_func ("/firmware/terminate-host", test_terminate_host);

  return g_test_run ();
}
