/* test-devices-failsafe.c: whatever happens to the host, the stimulator
 * stops. The host here is `salvectl session run`, reaching the simulator
 * through the real libserialport calls.
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "salve-sleep-monitor.h"
#include "salve-test-sim.h"
#include "salve-test-util.h"

typedef struct
{
  GPid  pid;
  int   out_fd;
  char *dir;
} Host;

/* Starts a TENS session of @minutes ramping to 2 mA at 5 mA/s. */
static Host *
host_start (SalveTestSim *sim,
            const char   *minutes,
            const char   *db_profile)
{
  g_auto(GStrv) env = salve_test_preload_environ ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  Host *host = g_new0 (Host, 1);

  host->dir = salve_test_make_tmpdir ();
  db = g_build_filename (host->dir, "salve.db", NULL);

  g_ptr_array_add (argv, (char *) g_getenv ("SALVECTL"));
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, db);
  g_ptr_array_add (argv, (char *) "session");
  g_ptr_array_add (argv, (char *) "run");
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, sim->pty);
  g_ptr_array_add (argv, (char *) "--modality");
  g_ptr_array_add (argv, (char *) "tens");
  g_ptr_array_add (argv, (char *) "--site");
  g_ptr_array_add (argv, (char *) "knee");
  g_ptr_array_add (argv, (char *) "--intensity-ma");
  g_ptr_array_add (argv, (char *) "2");
  g_ptr_array_add (argv, (char *) "--frequency-hz");
  g_ptr_array_add (argv, (char *) "100");
  g_ptr_array_add (argv, (char *) "--pulse-us");
  g_ptr_array_add (argv, (char *) "200");
  g_ptr_array_add (argv, (char *) "--ramp-rate");
  g_ptr_array_add (argv, (char *) "5");
  g_ptr_array_add (argv, (char *) "--minutes");
  g_ptr_array_add (argv, (char *) minutes);
  if (db_profile != NULL)
    {
      g_ptr_array_add (argv, (char *) "--profile");
      g_ptr_array_add (argv, (char *) db_profile);
      g_ptr_array_add (argv, (char *) "--pain-before");
      g_ptr_array_add (argv, (char *) "6");
      g_ptr_array_add (argv, (char *) "--pain-after");
      g_ptr_array_add (argv, (char *) "4");
    }
  g_ptr_array_add (argv, NULL);

  if (db_profile != NULL)
    {
      const char *no_args[] = { NULL, "--db", NULL, "profile", "set", NULL,
                                "--condition", "pacemaker=no", "--condition", "defibrillator=no",
                                "--condition", "other-implant=no", "--condition", "pregnancy=no",
                                "--condition", "thrombosis=no", "--condition", "epilepsy=no",
                                "--condition", "malignancy=no", "--condition", "bleeding=no",
                                "--condition", "arrhythmia=no", "--condition", "reduced-sensation=no",
                                "--condition", "broken-skin=no", "--condition", "infection=no",
                                "--condition", "hyperthyroidism=no", "--condition", "photosensitivity=no",
                                NULL };

      g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", db, "profile", "add", db_profile, NULL), ==, 0);
      /* A profile with every checklist question answered "no". */
      no_args[2] = db;
      no_args[5] = db_profile;
      g_assert_cmpint (salve_test_run_salvectlv (NULL, NULL, no_args + 1), ==, 0);
    }

  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, env, G_SPAWN_DO_NOT_REAP_CHILD,
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

/* Waits until the session's output has reached 2 mA. */
static void
wait_running (SalveTestSim *sim)
{
  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 2.0, 8000), >, 0);
}

/* "Done when": a TENS session end to end, recorded for a profile. */
static void
test_session_end_to_end (void)
{
  const char *args[] = { "--modality", "tens", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  Host *host = host_start (sim, "0.05", "Ans");
  g_autofree char *out = NULL;
  g_autofree char *list = NULL;
  g_autofree char *db = NULL;
  int status;

  wait_running (sim);
  status = host_wait (host);
  out = host_output (host);
  g_test_message ("%s", out);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_nonnull (strstr (out, "via libserialport"));
  g_assert_nonnull (strstr (out, "Session completed"));
  /* Live status lines with elapsed time, output and state. */
  g_assert_true (g_regex_match_simple ("^00:0[0-9]  output [0-9.]+ mA, [0-9.]+ mA  Running$", out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^00:0[1-9]  output 2.0 mA, 2.0 mA  Running$", out, G_REGEX_MULTILINE, 0));

  g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 100), >, 0);
  g_assert_cmpint (salve_test_sim_naks_range (sim), ==, 0);

  db = g_build_filename (host->dir, "salve.db", NULL);
  g_assert_cmpint (salve_test_run_salvectl (&list, NULL, "--db", db, "session", "list", "--profile", "Ans", NULL), ==, 0);
  g_assert_nonnull (strstr (list, "completed"));
  g_assert_nonnull (strstr (list, "6 → 4"));

  host_free (host);
  salve_test_sim_free (sim);
}

static void
test_kill_host (void)
{
  const char *args[] = { NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  Host *host = host_start (sim, "5", NULL);
  guint lines;
  gint64 t_kill, t_zero;

  wait_running (sim);
  lines = salve_test_sim_n_lines (sim);
  t_kill = salve_test_now_ms ();
  kill (host->pid, SIGKILL);
  t_zero = salve_test_sim_wait (sim, lines, NULL, "stopped", TRUE, 0, 2000);
  g_assert_cmpint (t_zero, >, 0);
  g_test_message ("output 0 %" G_GINT64_FORMAT " ms after kill -9", t_zero - t_kill);
  g_assert_cmpint (t_zero - t_kill, <=, 1100);

  host_wait (host);
  host_free (host);
  salve_test_sim_free (sim);
}

static void
test_stop_host (void)
{
  const char *args[] = { NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  Host *host = host_start (sim, "5", NULL);
  guint lines;
  gint64 t_stop, t_zero;

  wait_running (sim);
  lines = salve_test_sim_n_lines (sim);
  t_stop = salve_test_now_ms ();
  kill (host->pid, SIGSTOP);
  /* The port stays open: only the dead-man timer can save the day. */
  t_zero = salve_test_sim_wait (sim, lines, "deadman", "stopped", TRUE, 0, 2000);
  g_assert_cmpint (t_zero, >, 0);
  g_test_message ("output 0 %" G_GINT64_FORMAT " ms after SIGSTOP", t_zero - t_stop);
  g_assert_cmpint (t_zero - t_stop, <=, 1100);

  /* Woken up, the host finds its session over and says so. */
  kill (host->pid, SIGCONT);
  {
    int status = host_wait (host);
    g_autofree char *out = host_output (host);

    g_test_message ("%s", out);
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  }
  /* And it never restarted the output. */
  g_assert_cmpint (salve_test_sim_wait (sim, lines, NULL, "running", FALSE, 0.1, 300), <, 0);

  host_free (host);
  salve_test_sim_free (sim);
}

static void
test_terminate_host (void)
{
  const char *args[] = { NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  Host *host = host_start (sim, "5", NULL);
  guint lines;
  gint64 t_term, t_zero;
  int status;

  wait_running (sim);
  lines = salve_test_sim_n_lines (sim);
  t_term = salve_test_now_ms ();
  kill (host->pid, SIGTERM);
  /* An explicit stop, not the dead-man timer. */
  t_zero = salve_test_sim_wait (sim, lines, "state", "stopped", TRUE, 0, 1000);
  g_assert_cmpint (t_zero, >, 0);
  g_assert_cmpint (t_zero - t_term, <, 1000);
  status = host_wait (host);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 3);

  host_free (host);
  salve_test_sim_free (sim);
}

static void
test_fault_ends_session (void)
{
  const char *args[] = { "--fault", "over-current", "--fault-after", "1", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  Host *host = host_start (sim, "5", NULL);
  g_autofree char *out = NULL;
  int status;

  status = host_wait (host);
  out = host_output (host);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "fault", "fault", TRUE, 0, 100), >, 0);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 1000), >, 0);

  host_free (host);
  salve_test_sim_free (sim);
}

static void
test_blocked_session_sends_nothing (void)
{
  const char *args[] = { NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autofree char *err = NULL;
  int code;

  /* TENS on the front of the neck is blocked by the rules. */
  code = salve_test_run_salvectl (NULL, &err, "session", "run", "--port", sim->pty, "--modality", "tens",
                                  "--site", "neck-front", "--intensity-ma", "2", "--minutes", "1", NULL);
  g_assert_cmpint (code, ==, 4);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "hello", NULL, FALSE, 0, 300), <, 0);

  /* Above the device's own range (30 mA here is fine for the rules, not
   * for a 20 mA device): refused by the driver, never sent. */
  salve_test_sim_free (sim);
  {
    const char *small[] = { "--max-intensity", "20", NULL };
    g_auto(GStrv) env = salve_test_preload_environ ();
    g_autofree char *out = NULL;
    const char *argv[] = { g_getenv ("SALVECTL"), "session", "run", "--port", NULL, "--modality", "tens",
                           "--site", "knee", "--intensity-ma", "30", "--minutes", "1", NULL };
    int status = 0;

    sim = salve_test_sim_start (small);
    argv[4] = sim->pty;
    g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, salve_test_child_setup, NULL, &out, NULL, &status, NULL);
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 4);
    g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 0, 300), <, 0);
    g_assert_cmpint (salve_test_sim_naks_range (sim), ==, 0);
  }

  salve_test_sim_free (sim);
}

/* No system bus (a container, CI): the monitor stays quiet, nothing
 * crashes, and the device's own timer is still there. */
static void
test_sleep_monitor_without_bus (void)
{
  g_autoptr(SalveSleepMonitor) monitor = NULL;
  gint64 deadline;

  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/salve-test-bus", TRUE);
  monitor = salve_sleep_monitor_new ();
  deadline = salve_test_now_ms () + 300;
  while (salve_test_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_false (salve_sleep_monitor_is_active (monitor));
}

/* salvectl ports: the simulator's pty, probed, says who it is; a path
 * where nothing answers says so, within the bounded probe time. */
static void
test_ports_probe (void)
{
  const char *args[] = { "--modality", "pemf", "--model", "Probe Me", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_auto(GStrv) env = salve_test_preload_environ ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  /* --no-list: no hello to the machine's own serial ports from a test. */
  const char *argv[] = { g_getenv ("SALVECTL"), "ports", "--no-list", "--also", NULL, "--also", "/dev/null", "--json", NULL };
  JsonArray *ports;
  gboolean found_sim = FALSE, found_null = FALSE;
  gint64 start = salve_test_now_ms ();
  int status = 0;

  argv[4] = sim->pty;
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, salve_test_child_setup, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpint (salve_test_now_ms () - start, <, 5000);

  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  ports = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (ports); i++)
    {
      JsonObject *port = json_array_get_object_element (ports, i);
      const char *path = json_object_get_string_member (port, "path");

      if (g_strcmp0 (path, sim->pty) == 0)
        {
          found_sim = TRUE;
          g_assert_true (json_object_get_boolean_member (port, "answered"));
          g_assert_cmpstr (json_object_get_string_member (port, "model"), ==, "Probe Me");
          g_assert_cmpstr (json_object_get_string_member (port, "modality"), ==, "pemf");
        }
      else if (g_strcmp0 (path, "/dev/null") == 0)
        {
          found_null = TRUE;
          g_assert_false (json_object_get_boolean_member (port, "answered"));
        }
    }
  g_assert_true (found_sim);
  g_assert_true (found_null);

  /* A probe leaves the device as it found it: stopped at 0. */
  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 0, 200), <, 0);

  salve_test_sim_free (sim);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/failsafe/sleep-monitor-without-bus", test_sleep_monitor_without_bus);
  g_test_add_func ("/failsafe/session-end-to-end", test_session_end_to_end);
  g_test_add_func ("/failsafe/kill-host", test_kill_host);
  g_test_add_func ("/failsafe/stop-host", test_stop_host);
  g_test_add_func ("/failsafe/terminate-host", test_terminate_host);
  g_test_add_func ("/failsafe/fault-ends-session", test_fault_ends_session);
  g_test_add_func ("/failsafe/blocked-session-sends-nothing", test_blocked_session_sends_nothing);
  g_test_add_func ("/failsafe/ports-probe", test_ports_probe);

  return g_test_run ();
}
