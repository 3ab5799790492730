/* bench-stop-latency.c: from salve_stimulator_stop() to the simulator
 * logging output 0, beside the time the stop frame needs on the line
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-stop-latency SIM [RUNS]
 *
 * Starts SIM (salve-stim-sim) on a pty, then RUNS times: start, ramp to
 * 0.5 mA, wait until the simulator logs it, stop, and measure until the
 * simulator's log line with output 0 (its CLOCK_MONOTONIC t_us against
 * ours). The peer figure is physics: a stop frame's bytes × 10 bits at
 * 115200 baud, the floor on a real serial line (a pty has no baud rate).
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "salve-stimulator.h"

typedef struct
{
  FILE  *log;
  GString *partial;
} LogTail;

static gint64
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The next complete line of the log, or NULL. */
static JsonObject *
next_line (LogTail *tail)
{
  int c;

  while ((c = fgetc (tail->log)) != EOF)
    {
      if (c != '\n')
        {
          g_string_append_c (tail->partial, (char) c);
          continue;
        }
      {
        g_autoptr(JsonParser) parser = json_parser_new ();
        JsonObject *object = NULL;

        if (json_parser_load_from_data (parser, tail->partial->str, -1, NULL))
          object = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
        g_string_truncate (tail->partial, 0);
        if (object != NULL)
          return object;
      }
    }
  clearerr (tail->log);
  return NULL;
}

/* Waits for a line with channel 0 at least @min (or exactly 0 when @zero);
 * returns its t_us, or -1 after 3 s. */
static gint64
wait_output (LogTail  *tail,
             gboolean  zero,
             double    min)
{
  gint64 deadline = now_us () + 3 * G_USEC_PER_SEC;

  while (now_us () < deadline)
    {
      g_autoptr(JsonObject) line = next_line (tail);

      if (line == NULL)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (50);
          continue;
        }
      {
        double out = json_array_get_double_element (json_object_get_array_member (line, "output"), 0);

        if ((zero && out == 0 && g_strcmp0 (json_object_get_string_member (line, "state"), "stopped") == 0) ||
            (!zero && out >= min))
          return json_object_get_int_member (line, "t_us");
      }
    }

  return -1;
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!salve_stimulator_connect_finish (SALVE_STIMULATOR (source), result, &error))
    g_error ("connect: %s", error->message);
  *done = TRUE;
}

static int
compare_gint64 (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("salve-bench-XXXXXX", NULL);
  g_autofree char *log_path = g_build_filename (dir, "sim.jsonl", NULL);
  g_autoptr(SalveStimulator) stim = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *sim_argv[] = { argc > 1 ? argv[1] : "salve-stim-sim", "--log", log_path,
                             "--ramp-rate", "50", "--ramp-increment", "1", NULL };
  guint runs = argc > 2 ? (guint) atoi (argv[2]) : 100;
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  SalveFrame stop;
  LogTail tail = { NULL, g_string_new (NULL) };
  char pty[256] = "";
  gboolean done = FALSE;
  double line_us, median, max;
  gsize stop_bytes;
  int out_fd;
  GPid pid;
  FILE *out;

  if (!g_spawn_async_with_pipes (NULL, (char **) sim_argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &pid, NULL, &out_fd, NULL, &error))
    g_error ("%s", error->message);
  out = fdopen (out_fd, "r");
  if (fgets (pty, sizeof pty, out) == NULL)
    g_error ("the simulator printed no pty");
  g_strchomp (pty);

  stim = salve_stimulator_new ();
  salve_stimulator_connect_async (stim, pty, NULL, on_connected, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  salve_stimulator_set_ramp_rate (stim, 5);

  tail.log = fopen (log_path, "r");
  g_assert (tail.log != NULL);

  for (guint i = 0; i < runs; i++)
    {
      gint64 t_stop, t_zero;

      if (!salve_stimulator_start (stim, &error) || !salve_stimulator_ramp_to (stim, 0.5, &error))
        g_error ("%s", error->message);
      if (wait_output (&tail, FALSE, 0.5) < 0)
        g_error ("the output never reached 0.5 mA");

      t_stop = now_us ();
      salve_stimulator_stop (stim);
      t_zero = wait_output (&tail, TRUE, 0);
      if (t_zero < 0)
        g_error ("the simulator never logged output 0");
      g_array_append_val (latencies, (gint64) { t_zero - t_stop });

      /* Let the acknowledgement arrive before the next start. */
      for (gint64 until = now_us () + 20000; now_us () < until;)
        g_main_context_iteration (NULL, FALSE), g_usleep (200);
    }

  salve_msg_init (&stop, SALVE_MSG_STOP, 0);
  stop_bytes = salve_frame_encode (&stop, wire, sizeof wire);
  line_us = stop_bytes * 10 * 1e6 / 115200;

  g_array_sort (latencies, compare_gint64);
  median = g_array_index (latencies, gint64, latencies->len / 2);
  max = g_array_index (latencies, gint64, latencies->len - 1);
  printf ("stop latency over %u runs (%s): median %.0f µs, max %.0f µs\n",
          runs, salve_stimulator_get_transport_kind (stim), median, max);
  printf ("line time of the %" G_GSIZE_FORMAT "-byte stop frame at 115200 baud: %.0f µs "
          "(median/line %.2f, max/line %.2f)\n", stop_bytes, line_us, median / line_us, max / line_us);
  printf ("row: stop latency, median of %u runs, vs the stop frame's line time | %.0f µs (%.2fx of %.0f µs) | "
          "informative | -\n", runs, median, median / line_us, line_us);

  salve_stimulator_disconnect (stim);
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  fclose (tail.log);
  fclose (out);
  g_string_free (tail.partial, TRUE);
  g_unlink (log_path);
  g_rmdir (dir);

  return 0;
}
