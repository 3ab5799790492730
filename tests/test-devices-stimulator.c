/* test-devices-stimulator.c: the driver against salve-stim-sim, through
 * the real libserialport calls (an LD_PRELOAD interposer lets it open the
 * pty)
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <signal.h>

#include "salve-sleep-monitor.h"
#include "salve-stimulator.h"
#include "salve-test-sim.h"
#include "salve-transport.h"

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} Wait;

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = salve_stimulator_connect_finish (SALVE_STIMULATOR (source), result, &wait->error);
  wait->done = TRUE;
}

/* Connects; returns how long it took (ms). Every wait is bounded. */
static gint64
connect_sync (SalveStimulator *stim,
              const char      *port,
              GError         **error)
{
  Wait wait = { 0 };
  gint64 start = salve_test_now_ms ();

  salve_stimulator_connect_async (stim, port, NULL, on_connected, &wait);
  while (!wait.done && salve_test_now_ms () - start < 5000)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (wait.done);
  if (!wait.ok)
    g_propagate_error (error, wait.error);

  return salve_test_now_ms () - start;
}

static gboolean
wait_state (SalveStimulator      *stim,
            SalveStimulatorState  state,
            guint                 timeout_ms)
{
  gint64 deadline = salve_test_now_ms () + timeout_ms;

  while (salve_stimulator_get_state (stim) != state && salve_test_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);

  return salve_stimulator_get_state (stim) == state;
}

static void
spin (guint ms)
{
  gint64 deadline = salve_test_now_ms () + ms;

  while (salve_test_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
}

static double
line_output (JsonObject *line,
             guint       channel)
{
  return json_array_get_double_element (json_object_get_array_member (line, "output"), channel);
}

/* Waits (bounded) for a log line from @after_line on whose channel 0 and
 * 1 outputs are within [@lo0, @hi0] and [@lo1, @hi1]; its t_ms, or -1. */
static gint64
wait_outputs (SalveTestSim *sim,
              guint         after_line,
              double        lo0,
              double        hi0,
              double        lo1,
              double        hi1,
              guint         timeout_ms)
{
  gint64 deadline = salve_test_now_ms () + timeout_ms;

  do
    {
      g_autoptr(GPtrArray) lines = salve_test_sim_read_log (sim);

      for (guint i = after_line; i < lines->len; i++)
        {
          JsonObject *line = g_ptr_array_index (lines, i);

          if (json_array_get_length (json_object_get_array_member (line, "output")) < 2)
            continue;
          if (line_output (line, 0) >= lo0 - 1e-9 && line_output (line, 0) <= hi0 + 1e-9 &&
              line_output (line, 1) >= lo1 - 1e-9 && line_output (line, 1) <= hi1 + 1e-9)
            return json_object_get_int_member (line, "t_ms");
        }
      spin (5);
    }
  while (salve_test_now_ms () < deadline);

  return -1;
}

static gboolean
wait_host_output (SalveStimulator *stim,
                  double           output,
                  guint            timeout_ms)
{
  gint64 deadline = salve_test_now_ms () + timeout_ms;

  while (fabs (salve_stimulator_get_output (stim, 0) - output) > 1e-9 && salve_test_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);

  return fabs (salve_stimulator_get_output (stim, 0) - output) <= 1e-9;
}

static SalveStimulator *
connect_to (SalveTestSim *sim)
{
  g_autoptr(GError) error = NULL;
  SalveStimulator *stim = salve_stimulator_new ();

  connect_sync (stim, sim->pty, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_READY);
  /* The point of the interposer: the real libserialport path, not the
   * pty fallback. */
  g_assert_cmpstr (salve_stimulator_get_transport_kind (stim), ==, "libserialport");

  return stim;
}

static void
test_session (void)
{
  const char *args[] = { "--modality", "tens", "--channels", "2", "--model", "Test TENS", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_to (sim);
  g_autoptr(GError) error = NULL;
  const SalveDeviceInfo *info = salve_stimulator_get_info (stim);
  SalvePlan plan;
  double min, max, step;

  /* Info as the device reported it. */
  g_assert_cmpstr (info->model, ==, "Test TENS");
  g_assert_cmpint (info->modality, ==, SALVE_MODALITY_TENS);
  g_assert_cmpuint (salve_stimulator_get_n_channels (stim), ==, 2);
  g_assert_true (salve_stimulator_get_range (stim, SALVE_PARAM_INTENSITY_MA, &min, &max, &step));
  g_assert_cmpfloat (max, ==, 50);
  g_assert_cmpfloat_with_epsilon (step, 0.1, 1e-9);
  g_assert_false (salve_stimulator_get_range (stim, SALVE_PARAM_POWER_MW, NULL, NULL, NULL));

  salve_plan_init (&plan, SALVE_MODALITY_TENS, SALVE_SITE_KNEE);
  salve_plan_set (&plan, SALVE_PARAM_FREQUENCY_HZ, 80);
  salve_plan_set (&plan, SALVE_PARAM_PULSE_US, 200);
  g_assert_true (salve_stimulator_set_program (stim, 2, &plan, &error));
  g_assert_no_error (error);
  salve_plan_clear (&plan);

  /* Nothing rises before start. */
  g_assert_false (salve_stimulator_ramp_to (stim, 5, &error));
  g_assert_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_BAD_STATE);
  g_clear_error (&error);

  salve_stimulator_set_ramp_rate (stim, 5);
  g_assert_true (salve_stimulator_start (stim, &error));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  g_assert_true (salve_stimulator_ramp_to (stim, 3, &error));
  g_assert_no_error (error);

  /* The output climbs by ramp to 3 mA and no further. */
  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 3.0, 5000), >, 0);
  spin (500);
  g_assert_cmpfloat_with_epsilon (salve_stimulator_get_output (stim, 0), 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (salve_stimulator_get_output (stim, 1), 3.0, 1e-9);
  {
    /* Never a jump: between any two log lines the output rose no faster
     * than the 5 mA/s asked for (plus one 0.1 mA quantum), and never by
     * more than the device's 1 mA increment. */
    g_autoptr(GPtrArray) lines = salve_test_sim_read_log (sim);
    double last = 0;
    gint64 last_us = 0;

    for (guint i = 0; i < lines->len; i++)
      {
        JsonObject *line = g_ptr_array_index (lines, i);
        double now = json_array_get_double_element (json_object_get_array_member (line, "output"), 0);
        gint64 now_us = json_object_get_int_member (line, "t_us");

        if (now > last)
          {
            g_assert_cmpfloat (now - last, <=, 5.0 * (now_us - last_us) / 1e6 + 0.1 + 1e-9);
            g_assert_cmpfloat (now - last, <=, 1.0 + 1e-9);
          }
        last = now;
        last_us = now_us;
      }
  }
  g_assert_cmpuint (salve_stimulator_get_elapsed_ms (stim), >, 0);
  g_assert_cmpint (salve_stimulator_get_battery (stim), ==, 87);

  /* Pause: output 0 at once; start again ramps back up. */
  g_assert_true (salve_stimulator_pause (stim, &error));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_PAUSED, 1000));
  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "paused", TRUE, 0, 1000), >, 0);
  g_assert_true (salve_stimulator_start (stim, &error));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  g_assert_cmpint (salve_test_sim_wait (sim, salve_test_sim_n_lines (sim), NULL, "running", FALSE, 2.0, 5000), >, 0);

  /* Down is immediate. */
  g_assert_true (salve_stimulator_ramp_to (stim, 1, &error));
  g_assert_cmpint (salve_test_sim_wait (sim, salve_test_sim_n_lines (sim) - 1, "output", "running", FALSE, 0, 1000), >, 0);

  salve_stimulator_stop (stim);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_STOPPED);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 1000), >, 0);
  spin (300);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_STOPPED);
  g_assert_cmpint (salve_test_sim_naks_range (sim), ==, 0);

  salve_stimulator_disconnect (stim);
  salve_test_sim_free (sim);
}

/* Every modality's default plan (the catalogue's defaults, what the app
 * offers first) is accepted by a simulated device of that modality, and
 * runs without the device refusing anything. */
static void
test_every_modality (void)
{
  for (guint m = 0; m < SALVE_N_MODALITIES; m++)
    {
      const char *args[] = { "--modality", salve_modality_to_id (m), NULL };
      SalveTestSim *sim = salve_test_sim_start (args);
      g_autoptr(SalveStimulator) stim = connect_to (sim);
      g_autoptr(GError) error = NULL;
      const SalveParamSpec *specs;
      guint n_specs;
      SalvePlan plan;
      double step;

      g_assert_cmpint (salve_stimulator_get_modality (stim), ==, m);
      salve_plan_init (&plan, m, SALVE_SITE_KNEE);
      specs = salve_modality_get_params (m, &n_specs);
      for (guint i = 0; i < n_specs; i++)
        salve_plan_set (&plan, specs[i].param, specs[i].default_value);
      g_assert_true (salve_stimulator_set_program (stim, 1, &plan, &error));
      g_assert_no_error (error);
      salve_plan_clear (&plan);

      g_assert_true (salve_stimulator_get_range (stim, salve_stimulator_get_intensity_param (stim), NULL, NULL, &step));
      g_assert_true (salve_stimulator_start (stim, &error));
      g_assert_true (salve_stimulator_ramp_to (stim, 2 * step, &error));
      g_assert_no_error (error);
      g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 2 * step - 1e-9, 3000), >, 0);
      salve_stimulator_stop (stim);
      g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 1000), >, 0);
      g_assert_cmpint (salve_test_sim_naks_range (sim), ==, 0);
      g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_STOPPED);

      salve_test_sim_free (sim);
    }
}

/* Random requests through the API: the driver refuses what is out of
 * range before sending, so the device never has to. */
static void
test_never_out_of_range (void)
{
  const char *args[] = { "--modality", "tens", "--max-intensity", "30", "--ramp-rate", "20",
                         "--ramp-increment", "2", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_to (sim);
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  guint refused = 0, accepted = 0;

  salve_stimulator_set_ceiling (stim, SALVE_PARAM_INTENSITY_MA, 25);
  salve_stimulator_set_ramp_rate (stim, 5);
  g_assert_true (salve_stimulator_start (stim, NULL));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));

  for (guint i = 0; i < 60; i++)
    {
      g_autoptr(GError) error = NULL;
      double value = g_rand_double_range (rand, -5, 70);
      SalvePlan plan;

      /* Some on the device's grid, some between steps, some absurd. */
      if (i % 3 == 0)
        value = round (value * 10) / 10;
      if (i % 11 == 0)
        value = NAN;

      if (salve_stimulator_ramp_channel_to (stim, g_rand_int_range (rand, 0, 3) == 0 ? 1 : SALVE_PROTOCOL_ALL_CHANNELS,
                                            value, &error))
        accepted++;
      else
        {
          g_assert_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUT_OF_RANGE);
          g_assert_false (value >= 0 && value <= 25 && fabs (value * 10 - round (value * 10)) < 1e-9);
          refused++;
        }

      /* Program changes are only for a paused device; bad ones refused. */
      if (i % 10 == 5)
        {
          g_autoptr(GError) program_error = NULL;

          g_assert_true (salve_stimulator_pause (stim, NULL));
          g_assert_true (wait_state (stim, SALVE_STIMULATOR_PAUSED, 1000));
          salve_plan_init (&plan, SALVE_MODALITY_TENS, SALVE_SITE_KNEE);
          salve_plan_set (&plan, SALVE_PARAM_FREQUENCY_HZ, g_rand_double_range (rand, -10, 300));
          salve_plan_set (&plan, SALVE_PARAM_PULSE_US, g_rand_int_range (rand, 0, 40) * 10);
          salve_stimulator_set_program (stim, g_rand_int_range (rand, 0, 12), &plan, &program_error);
          salve_plan_clear (&plan);
          g_assert_true (salve_stimulator_start (stim, NULL));
          g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
        }

      spin (g_rand_int_range (rand, 0, 150));
      g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_RUNNING);
    }

  g_assert_cmpuint (accepted, >, 5);
  g_assert_cmpuint (refused, >, 5);

  /* Above the ceiling never reaches the wire: */
  g_assert_false (salve_stimulator_ramp_to (stim, 25.5, NULL));
  spin (500);
  salve_stimulator_stop (stim);
  salve_test_sim_signal (sim, SIGUSR2);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "counters", NULL, FALSE, 0, 2000), >, 0);
  g_assert_cmpint (salve_test_sim_naks_range (sim), ==, 0);

  salve_test_sim_free (sim);
}

static void
test_garbage_on_the_line (void)
{
  const char *args[] = { "--fault", "garbage", "--fault-after", "0.3", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_to (sim);

  salve_stimulator_set_ramp_rate (stim, 5);
  g_assert_true (salve_stimulator_start (stim, NULL));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  g_assert_true (salve_stimulator_ramp_to (stim, 1, NULL));
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "inject", NULL, FALSE, 0, 2000), >, 0);
  spin (1000);

  /* The decoder resynchronised: still running, still answering. */
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_RUNNING);
  g_assert_cmpfloat_with_epsilon (salve_stimulator_get_output (stim, 0), 1.0, 1e-9);
  salve_stimulator_stop (stim);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 1000), >, 0);

  salve_test_sim_free (sim);
}

static void
test_silent_device (void)
{
  const char *args[] = { "--silent", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = salve_stimulator_new ();
  g_autoptr(GError) error = NULL;
  gint64 took = connect_sync (stim, sim->pty, &error);

  g_assert_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_TIMEOUT);
  g_assert_cmpint (took, <, 2500);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_FAULT);
  g_assert_nonnull (salve_stimulator_get_last_error (stim));
  g_assert_false (salve_stimulator_start (stim, NULL));

  salve_test_sim_free (sim);
}

/* The rate said is the rate the ramp gives: a device that takes 0.1 mA
 * per command, one command per 200 ms, rises 0.5 mA/s however fast the
 * person asked for (salvectl printed "at 1.0 mA/s"). */
static void
test_ramp_rate_said (void)
{
  const char *args[] = { "--ramp-increment", "0.1", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_to (sim);

  salve_stimulator_set_ramp_rate (stim, 1);
  g_assert_cmpfloat_with_epsilon (salve_stimulator_get_ramp_rate (stim), 0.5, 1e-9);
  salve_stimulator_set_ramp_rate (stim, 0.25);
  g_assert_cmpfloat_with_epsilon (salve_stimulator_get_ramp_rate (stim), 0.25, 1e-9);

  salve_stimulator_disconnect (stim);
  salve_test_sim_free (sim);
}

/* Waits up to @timeout_ms for the device to confirm the STOP. */
static gboolean
wait_stop_confirmed (SalveStimulator *stim,
                     guint            timeout_ms)
{
  gint64 deadline = salve_test_now_ms () + timeout_ms;

  while (!salve_stimulator_is_stop_confirmed (stim) && salve_test_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);

  return salve_stimulator_is_stop_confirmed (stim);
}

/* A device that answers but is refused, its INFO (ramp rate 0) or a
 * status it cannot have before anything was asked of it (60 mA while
 * the host's limits wait for their answer): the connection fails, the
 * device gets a STOP, and the port is kept until the device confirms it,
 * as at any session's end, so that an honest device is not taken for one
 * whose output may be on. */
static void
test_refused_while_connecting (void)
{
  struct { const char *args[4]; int code; } cases[] = {
    { { "--no-ramp", NULL }, SALVE_STIMULATOR_ERROR_PROTOCOL },
    { { "--report-output", "60", "--report-output-in-setup", NULL }, SALVE_STIMULATOR_ERROR_OUTPUT },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      SalveTestSim *sim = salve_test_sim_start (cases[c].args);
      g_autoptr(SalveStimulator) stim = salve_stimulator_new ();
      g_autoptr(GError) error = NULL;

      connect_sync (stim, sim->pty, &error);
      g_assert_error (error, SALVE_STIMULATOR_ERROR, cases[c].code);
      g_test_message ("%s", error->message);
      g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_FAULT);
      g_assert_false (salve_stimulator_start (stim, NULL));
      g_assert_true (wait_stop_confirmed (stim, 1500));
      g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 0.1, 100), <, 0);

      salve_stimulator_disconnect (stim);
      salve_test_sim_free (sim);
    }
}

static void
test_device_naks_everything (void)
{
  const char *args[] = { "--nak-all", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = salve_stimulator_new ();
  g_autoptr(GError) error = NULL;
  gint64 took = connect_sync (stim, sim->pty, &error);

  g_assert_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_REFUSED);
  g_assert_cmpint (took, <, 2000);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_FAULT);

  salve_test_sim_free (sim);
}

static void
test_electrode_off (void)
{
  const char *args[] = { "--fault", "electrode-off", "--fault-after", "0.5", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_to (sim);
  g_autoptr(GError) error = NULL;

  g_assert_true (salve_stimulator_start (stim, NULL));
  g_assert_true (salve_stimulator_ramp_to (stim, 2, NULL));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_FAULT, 2000));
  g_assert_cmpint (salve_stimulator_get_fault (stim), ==, SALVE_FAULT_ELECTRODE_OFF);
  g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_FAULT);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "fault", "fault", TRUE, 0, 500), >, 0);

  /* Nothing raises the output of a device in fault. */
  g_assert_false (salve_stimulator_ramp_to (stim, 3, &error));
  g_clear_error (&error);

  /* The driver sent stop (clearing the fault); the person may start over,
   * from 0. */
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 1000), >, 0);
  spin (400);
  g_assert_true (salve_stimulator_start (stim, &error));
  g_assert_no_error (error);
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  g_assert_cmpfloat (salve_stimulator_get_goal (stim, 0), ==, 0);
  salve_stimulator_stop (stim);

  salve_test_sim_free (sim);
}

/* A stalled device stops answering: the host notices within a bounded
 * time, the device's dead-man timer stops the output, and a reconnect
 * comes back stopped at 0, not resumed. */
static void
test_stall_and_reconnect (void)
{
  const char *args[] = { "--fault", "stall", "--fault-after", "0.3", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_to (sim);
  g_autoptr(GError) error = NULL;
  gint64 t_stall, t_lost;

  g_assert_true (salve_stimulator_start (stim, NULL));
  g_assert_true (salve_stimulator_ramp_to (stim, 2, NULL));
  t_stall = salve_test_sim_wait (sim, 0, "inject", NULL, FALSE, 0, 2000);
  g_assert_cmpint (t_stall, >, 0);
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_LINK_LOST, 2000));
  t_lost = salve_test_now_ms ();
  g_assert_cmpint (t_lost - t_stall, <, 2500);
  g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_LINK_LOST);

  /* The device stopped on its own (dead-man, or the port closing). */
  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "stopped", TRUE, 0, 1500), >, 0);

  /* Reconnect after the stall: stopped at 0, nothing resumed. */
  spin (2000);
  connect_sync (stim, sim->pty, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_READY);
  spin (600);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_READY);
  g_assert_cmpfloat (salve_stimulator_get_output (stim, 0), ==, 0);
  g_assert_cmpfloat (salve_stimulator_get_goal (stim, 0), ==, 0);

  salve_stimulator_disconnect (stim);
  salve_test_sim_free (sim);
}

/* The device side of "close the port": a host that opens, starts, sets an
 * intensity and closes without a stop. */
static void
test_close_port_stops_device (void)
{
  const char *args[] = { NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_to (sim);
  gint64 t_close, t_zero;

  salve_stimulator_set_ramp_rate (stim, 5);
  g_assert_true (salve_stimulator_start (stim, NULL));
  g_assert_true (salve_stimulator_ramp_to (stim, 2, NULL));
  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 2.0, 3000), >, 0);

  /* Drop the object without a stop: dispose writes one, and the port
   * closes; either way the output is 0 right away. */
  t_close = salve_test_now_ms ();
  g_clear_object (&stim);
  t_zero = salve_test_sim_wait (sim, 0, NULL, NULL, TRUE, 0, 1100);
  g_assert_cmpint (t_zero, >, 0);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "stopped", TRUE, 0, 1100) - t_close, <=, 1100);

  salve_test_sim_free (sim);
}

static void
test_raw_close_without_stop (void)
{
  const char *args[] = { NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(GError) error = NULL;
  SalveTransport *transport = salve_transport_open (sim->pty, &error);
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  SalveFrame frame;
  gint64 t_close, t_zero;

  g_assert_no_error (error);
  g_assert_cmpstr (salve_transport_get_kind (transport), ==, "libserialport");

#define SEND(build) G_STMT_START { build; \
    g_assert_true (salve_transport_write_blocking (transport, wire, salve_frame_encode (&frame, wire, sizeof wire), 500, NULL)); \
    g_usleep (50000); } G_STMT_END
  SEND (salve_msg_build_hello (&frame, 1));
  SEND (salve_msg_init (&frame, SALVE_MSG_START, 2));
  SEND (salve_msg_build_intensity (&frame, 3, SALVE_PROTOCOL_ALL_CHANNELS, 1000));
#undef SEND
  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 0.5, 2000), >, 0);

  t_close = salve_test_now_ms ();
  salve_transport_free (transport);
  t_zero = salve_test_sim_wait (sim, 0, NULL, "stopped", TRUE, 0, 1500);
  g_assert_cmpint (t_zero, >, 0);
  g_assert_cmpint (t_zero - t_close, <=, 1100);

  salve_test_sim_free (sim);
}

/* Only fresh intent keeps a device going: a host (or a line) that
 * replays the same heartbeat, or sends heartbeats whose clock does not
 * advance, gets the output stopped by the dead-man timer all the same. */
static void
test_stale_heartbeats_do_not_keep_alive (void)
{
  const char *args[] = { NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(GError) error = NULL;
  SalveTransport *transport = salve_transport_open (sim->pty, &error);
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  SalveFrame frame;
  gint64 t_last_fresh, t_zero;
  guint8 seq = 1;

  g_assert_no_error (error);
#define SEND(build) G_STMT_START { build; \
    g_assert_true (salve_transport_write_blocking (transport, wire, salve_frame_encode (&frame, wire, sizeof wire), 500, NULL)); \
    } G_STMT_END
  SEND (salve_msg_build_hello (&frame, seq++));
  SEND (salve_msg_init (&frame, SALVE_MSG_START, seq++));
  SEND (salve_msg_build_intensity (&frame, seq++, SALVE_PROTOCOL_ALL_CHANNELS, 1000));
  SEND (salve_msg_build_heartbeat (&frame, seq++, 5000));
  t_last_fresh = salve_test_now_ms ();
  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 0.5, 2000), >, 0);

  /* For 2 s: the last heartbeat again, byte for byte, and heartbeats with
   * new numbers but the same clock. */
  for (guint i = 0; i < 20; i++)
    {
      if (i % 2 == 0)
        SEND ((void) 0);
      else
        SEND (salve_msg_build_heartbeat (&frame, seq++, 5000));
      g_usleep (100 * 1000);
      {
        guint8 drain[4096];
        while (salve_transport_read (transport, drain, sizeof drain, NULL) > 0)
          ;
      }
    }
#undef SEND

  t_zero = salve_test_sim_wait (sim, 0, "deadman", "stopped", TRUE, 0, 100);
  g_assert_cmpint (t_zero, >, 0);
  g_assert_cmpint (t_zero - t_last_fresh, <=, 1100);

  salve_transport_free (transport);
  salve_test_sim_free (sim);
}

/* Garbage towards the device (a host writing junk, line noise): its
 * decoder finds the next frame, and a port that does not exist is an
 * error at once, not a hang. */
static void
test_garbage_to_device (void)
{
  const char *args[] = { NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) missing = salve_stimulator_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  SalveTransport *transport = salve_transport_open (sim->pty, &error);
  guint8 junk[600];
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  SalveFrame frame;

  g_assert_no_error (error);
  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = i % 13 == 0 ? SALVE_FRAME_FLAG : i % 17 == 0 ? SALVE_FRAME_ESCAPE : g_rand_int_range (rand, 0, 256);
  g_assert_true (salve_transport_write_blocking (transport, junk, sizeof junk, 500, NULL));
  salve_msg_build_hello (&frame, 7);
  g_assert_true (salve_transport_write_blocking (transport, wire, salve_frame_encode (&frame, wire, sizeof wire), 500, NULL));
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "hello", "idle", TRUE, 0, 1000), >, 0);

  salve_test_sim_signal (sim, SIGUSR2);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "counters", NULL, FALSE, 0, 1000), >, 0);
  {
    g_autoptr(GPtrArray) lines = salve_test_sim_read_log (sim);
    JsonObject *last = g_ptr_array_index (lines, lines->len - 1);

    g_assert_cmpint (json_object_get_int_member (last, "frame_errors"), >, 0);
    g_assert_cmpint (json_object_get_int_member (last, "naks_range"), ==, 0);
  }
  salve_transport_free (transport);

  connect_sync (missing, "/dev/salve-no-such-port", &error);
  g_assert_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OPEN);
  g_assert_false (salve_transport_path_is_pty ("/dev/salve-no-such-port"));
  g_assert_true (salve_transport_path_is_pty (sim->pty));

  salve_test_sim_free (sim);
}

/* A second program (a probe, a second Salve) cannot take a port in use,
 * and trying does not disturb the session on it. */
static void
test_port_is_exclusive (void)
{
  const char *args[] = { NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_to (sim);
  g_autoptr(SalveStimulator) other = salve_stimulator_new ();
  g_autoptr(GError) error = NULL;
  guint lines;

  salve_stimulator_set_ramp_rate (stim, 5);
  g_assert_true (salve_stimulator_start (stim, NULL));
  g_assert_true (salve_stimulator_ramp_to (stim, 1, NULL));
  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 1.0, 3000), >, 0);
  lines = salve_test_sim_n_lines (sim);

  connect_sync (other, sim->pty, &error);
  g_assert_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OPEN);
  g_assert_cmpint (salve_stimulator_get_state (other), ==, SALVE_STIMULATOR_IDLE);

  spin (500);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_RUNNING);
  g_assert_cmpint (salve_test_sim_wait (sim, lines, NULL, NULL, TRUE, 0, 100), <, 0);
  g_assert_cmpfloat_with_epsilon (salve_stimulator_get_output (stim, 0), 1.0, 1e-9);

  salve_stimulator_stop (stim);
  salve_test_sim_free (sim);
}

/* A command to lower the intensity that is lost on the line is not
 * forgotten: the ramp sends the goal again, and the output comes down. */
static void
test_lost_lower_is_resent (void)
{
  const char *args[] = { "--drop-lowering", "1", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_to (sim);
  guint lines;

  salve_stimulator_set_ramp_rate (stim, 5);
  g_assert_true (salve_stimulator_start (stim, NULL));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  g_assert_true (salve_stimulator_ramp_to (stim, 8, NULL));
  g_assert_cmpint (wait_outputs (sim, 0, 8, 8, 8, 8, 6000), >, 0);

  lines = salve_test_sim_n_lines (sim);
  g_assert_true (salve_stimulator_ramp_to (stim, 2, NULL));
  /* The device never saw the first "down to 2 mA"… */
  g_assert_cmpint (salve_test_sim_wait (sim, lines, "drop", NULL, FALSE, 0, 1000), >, 0);
  /* …and comes down all the same. */
  g_assert_cmpint (wait_outputs (sim, lines, 0, 2, 0, 2, 2000), >, 0);
  g_assert_true (wait_host_output (stim, 2, 1000));
  g_assert_cmpfloat_with_epsilon (salve_stimulator_get_goal (stim, 0), 2.0, 1e-9);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_RUNNING);
  g_assert_cmpint (salve_stimulator_get_fault (stim), ==, SALVE_FAULT_NONE);
  g_assert_cmpint (salve_test_sim_naks_range (sim), ==, 0);

  salve_stimulator_stop (stim);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 1000), >, 0);
  salve_test_sim_free (sim);
}

/* "All channels to 6 mA" with one channel at 2 and one at 8: the one at 8
 * comes down at once, the one at 2 rises by ramp, never in a jump (a
 * device that takes big steps and follows fast would let it). */
static void
test_lower_all_never_raises_one (void)
{
  const char *args[] = { "--channels", "2", "--ramp-increment", "10", "--ramp-rate", "50", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_to (sim);
  g_autoptr(GPtrArray) log = NULL;
  gint64 t_asked, t_down;
  guint lines;

  salve_stimulator_set_ramp_rate (stim, 5);
  g_assert_true (salve_stimulator_start (stim, NULL));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  g_assert_true (salve_stimulator_ramp_channel_to (stim, 0, 2, NULL));
  g_assert_true (salve_stimulator_ramp_channel_to (stim, 1, 8, NULL));
  g_assert_cmpint (wait_outputs (sim, 0, 2, 2, 8, 8, 6000), >, 0);

  lines = salve_test_sim_n_lines (sim);
  t_asked = salve_test_now_ms ();
  g_assert_true (salve_stimulator_ramp_to (stim, 6, NULL));
  t_down = wait_outputs (sim, lines, 0, 6, 0, 6, 1000);
  g_assert_cmpint (t_down, >, 0);
  g_assert_cmpint (t_down - t_asked, <, 1000);
  g_assert_cmpint (wait_outputs (sim, lines, 6, 6, 6, 6, 4000), >, 0);

  /* Channel 0 rose no faster than the 5 mA/s asked for: over any stretch
   * of the log, at most that rate plus slack for one 1 mA host step and
   * the timing of the next (a jump of 4 mA in a few dozen ms is far
   * beyond it). */
  log = salve_test_sim_read_log (sim);
  for (guint i = lines; i < log->len; i++)
    for (guint j = i + 1; j < log->len; j++)
      {
        JsonObject *a = g_ptr_array_index (log, i);
        JsonObject *b = g_ptr_array_index (log, j);
        double dt = (json_object_get_int_member (b, "t_us") - json_object_get_int_member (a, "t_us")) / 1e6;

        g_assert_cmpfloat (line_output (b, 0) - line_output (a, 0), <=, 5.0 * dt + 2.0);
      }

  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_RUNNING);
  g_assert_cmpint (salve_test_sim_naks_range (sim), ==, 0);

  salve_stimulator_stop (stim);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 1000), >, 0);
  salve_test_sim_free (sim);
}

static void
test_suspend_stops (void)
{
  const char *args[] = { NULL };
  SalveTestLogind *logind = salve_test_logind_new ();
  g_autoptr(SalveSleepMonitor) monitor = NULL;
  g_autoptr(SalveStimulator) stim = NULL;
  SalveStimulator *other;
  SalveTestSim *sim;
  gint64 deadline, t_signal, t_zero;

  sim = salve_test_sim_start (args);
  stim = connect_to (sim);
  monitor = salve_sleep_monitor_new ();

  /* Subscribed, but with no stimulator to stop it holds no lock: logind
   * need not wait on Salve. */
  deadline = salve_test_now_ms () + 3000;
  while (!salve_sleep_monitor_is_active (monitor) && salve_test_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_true (salve_sleep_monitor_is_active (monitor));
  deadline = salve_test_now_ms () + 200;
  while (salve_test_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_false (salve_test_logind_inhibit_taken (logind));
  g_assert_cmpuint (salve_test_logind_n_held (logind), ==, 0);

  /* The first stimulator takes it. */
  salve_sleep_monitor_add_stimulator (monitor, stim);
  g_assert_true (salve_test_logind_wait_held (logind, 1, 3000));

  salve_stimulator_set_ramp_rate (stim, 5);
  g_assert_true (salve_stimulator_start (stim, NULL));
  g_assert_true (salve_stimulator_ramp_to (stim, 1, NULL));
  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 1.0, 3000), >, 0);

  /* The monitor subscribed and holds a delay lock. */
  deadline = salve_test_now_ms () + 3000;
  while ((!salve_test_logind_inhibit_taken (logind) || !salve_sleep_monitor_is_active (monitor)) &&
         salve_test_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_true (salve_sleep_monitor_is_active (monitor));
  g_assert_true (salve_test_logind_inhibit_taken (logind));

  t_signal = salve_test_now_ms ();
  salve_test_logind_prepare_for_sleep (logind, TRUE);

  t_zero = salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 1000);
  g_assert_cmpint (t_zero, >, 0);
  g_assert_cmpint (t_zero - t_signal, <, 1000);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_STOPPED);
  /* Stopped: the lock is let go, so the machine can sleep… */
  g_assert_true (salve_test_logind_wait_held (logind, 0, 1000));

  /* …and taken again on resume, the stimulator being still there. */
  salve_test_logind_prepare_for_sleep (logind, FALSE);
  g_assert_true (salve_test_logind_wait_held (logind, 1, 3000));

  /* Removing the last stimulator lets it go; adding one takes it again. */
  salve_sleep_monitor_remove_stimulator (monitor, stim);
  g_assert_true (salve_test_logind_wait_held (logind, 0, 1000));
  salve_sleep_monitor_add_stimulator (monitor, stim);
  g_assert_true (salve_test_logind_wait_held (logind, 1, 3000));

  /* Held while any stimulator is left, let go when the last one is
   * finalized without being removed. */
  other = salve_stimulator_new ();
  salve_sleep_monitor_add_stimulator (monitor, other);
  salve_sleep_monitor_remove_stimulator (monitor, stim);
  deadline = salve_test_now_ms () + 100;
  while (salve_test_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_cmpuint (salve_test_logind_n_held (logind), ==, 1);
  g_object_add_weak_pointer (G_OBJECT (other), (gpointer *) &other);
  g_object_unref (other);
  g_assert_null (other);
  g_assert_true (salve_test_logind_wait_held (logind, 0, 1000));

  /* A monitor that goes away lets go too. */
  salve_sleep_monitor_add_stimulator (monitor, stim);
  g_assert_true (salve_test_logind_wait_held (logind, 1, 3000));
  g_clear_object (&monitor);
  g_assert_true (salve_test_logind_wait_held (logind, 0, 1000));

  salve_stimulator_disconnect (stim);
  salve_test_sim_free (sim);
  salve_test_logind_free (logind);
}

/* A device that acknowledges every command and then reports far more
 * than it was asked for (60 mA, or 0xFFFFFFFF µA, on a 5 mA session):
 * the driver stops it at once, as a fault of its own kind, and never
 * starts it again by itself. */
static void
test_lying_device (void)
{
  const char *lies[] = { "60", "max" };

  for (guint l = 0; l < G_N_ELEMENTS (lies); l++)
    {
      const char *args[] = { "--modality", "tens", "--channels", "2", "--report-output", lies[l], NULL };
      SalveTestSim *sim = salve_test_sim_start (args);
      g_autoptr(SalveStimulator) stim = connect_to (sim);
      g_autoptr(GError) error = NULL;
      gint64 t_lie, t_stop;

      salve_stimulator_set_ramp_rate (stim, 5);
      g_assert_true (salve_stimulator_start (stim, &error));
      g_assert_no_error (error);
      g_assert_true (salve_stimulator_ramp_to (stim, 5, &error));
      g_assert_no_error (error);

      g_assert_true (wait_state (stim, SALVE_STIMULATOR_FAULT, 3000));
      g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUTPUT);
      g_test_message ("%s", salve_stimulator_get_last_error (stim)->message);
      g_assert_cmpint (salve_stimulator_get_fault (stim), ==, SALVE_FAULT_NONE);
      g_assert_cmpfloat (salve_stimulator_get_goal (stim, 0), ==, 0);

      /* Stopped right after the first lie (with room for a busy machine). */
      t_lie = salve_test_sim_wait (sim, 0, "lie", "running", FALSE, 0, 1000);
      g_assert_cmpint (t_lie, >, 0);
      t_stop = salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 1000);
      g_assert_cmpint (t_stop, >, 0);
      g_assert_cmpint (t_stop - t_lie, <, 1000);

      /* Not restarted, and nothing raises the output. */
      g_assert_false (salve_stimulator_ramp_to (stim, 3, NULL));
      spin (500);
      g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_FAULT);
      g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 0.1, 100), <, 0);

      salve_stimulator_disconnect (stim);
      salve_test_sim_free (sim);
    }
}

/* The check allows one ramp increment (1 mA here) above the target, as
 * a raise whose answer was lost may already be under way; a device that
 * reports a little more than it has (0.9 mA) runs on, one that reports
 * 1.5 mA more is stopped. And a session that goes up and down, pauses and
 * stops on an honest device never trips it. */
static void
test_reported_output_tolerance (void)
{
  struct { const char *extra; gboolean faults; } cases[] = { { "+0.9", FALSE }, { "+1.5", TRUE } };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const char *args[] = { "--modality", "tens", "--report-output", cases[c].extra, NULL };
      SalveTestSim *sim = salve_test_sim_start (args);
      g_autoptr(SalveStimulator) stim = connect_to (sim);

      salve_stimulator_set_ramp_rate (stim, 5);
      g_assert_true (salve_stimulator_start (stim, NULL));
      g_assert_true (salve_stimulator_ramp_to (stim, 3, NULL));
      if (cases[c].faults)
        {
          g_assert_true (wait_state (stim, SALVE_STIMULATOR_FAULT, 3000));
          g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUTPUT);
          g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 1000), >, 0);
        }
      else
        {
          g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 3.0, 5000), >, 0);
          spin (600);
          g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_RUNNING);
          g_assert_cmpfloat_with_epsilon (salve_stimulator_get_output (stim, 0), 3.9, 1e-9);
          salve_stimulator_stop (stim);
        }
      salve_stimulator_disconnect (stim);
      salve_test_sim_free (sim);
    }

  {
    const char *args[] = { "--modality", "tens", "--ramp-increment", "10", "--ramp-rate", "50", NULL };
    SalveTestSim *sim = salve_test_sim_start (args);
    g_autoptr(SalveStimulator) stim = connect_to (sim);

    salve_stimulator_set_ramp_rate (stim, 5);
    for (guint round = 0; round < 2; round++)
      {
        g_assert_true (salve_stimulator_start (stim, NULL));
        g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
        g_assert_true (salve_stimulator_ramp_to (stim, 4, NULL));
        g_assert_cmpint (wait_outputs (sim, salve_test_sim_n_lines (sim), 4, 4, 4, 4, 4000), >, 0);
        /* Down at once, a ceiling below the output, a pause, a stop: each
         * lowers the target before the device has said it followed. */
        g_assert_true (salve_stimulator_ramp_to (stim, 1, NULL));
        salve_stimulator_set_ceiling (stim, SALVE_PARAM_INTENSITY_MA, 0.5);
        spin (300);
        salve_stimulator_set_ceiling (stim, SALVE_PARAM_INTENSITY_MA, 10);
        g_assert_true (salve_stimulator_ramp_to (stim, 2, NULL));
        g_assert_cmpint (wait_outputs (sim, salve_test_sim_n_lines (sim), 2, 2, 2, 2, 4000), >, 0);
        if (round == 0)
          {
            g_assert_true (salve_stimulator_pause (stim, NULL));
            g_assert_true (wait_state (stim, SALVE_STIMULATOR_PAUSED, 1000));
          }
        else
          salve_stimulator_stop (stim);
        spin (800);
        g_assert_cmpint (salve_stimulator_get_state (stim), ==, round == 0 ? SALVE_STIMULATOR_PAUSED
                                                                           : SALVE_STIMULATOR_STOPPED);
        g_assert_null (salve_stimulator_get_last_error (stim));
      }
    g_assert_cmpint (salve_test_sim_naks_range (sim), ==, 0);
    salve_stimulator_disconnect (stim);
    salve_test_sim_free (sim);
  }
}

/* After a lower target the old one still counts for a moment (a status
 * sent before the device followed may be on its way): a device that
 * takes 200 ms to come down runs on. One that still delivers the old
 * output 1.5 s after it was asked for less is stopped, well before it
 * would have come down by itself. */
static void
test_slow_lowering (void)
{
  struct { const char *lag_ms; gboolean faults; } cases[] = { { "200", FALSE }, { "1500", TRUE } };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const char *args[] = { "--modality", "tens", "--lower-after", cases[c].lag_ms, NULL };
      SalveTestSim *sim = salve_test_sim_start (args);
      g_autoptr(SalveStimulator) stim = connect_to (sim);
      gint64 t_asked, t_zero;
      guint lines;

      salve_stimulator_set_ramp_rate (stim, 5);
      g_assert_true (salve_stimulator_start (stim, NULL));
      g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
      g_assert_true (salve_stimulator_ramp_to (stim, 4, NULL));
      g_assert_cmpint (wait_outputs (sim, 0, 4, 4, 4, 4, 4000), >, 0);
      g_assert_true (wait_host_output (stim, 4, 1000));
      /* Out of step with the device's 200 ms status: the next one comes
       * while the output is still at 4 mA. */
      spin (80);

      lines = salve_test_sim_n_lines (sim);
      t_asked = salve_test_now_ms ();
      g_assert_true (salve_stimulator_ramp_to (stim, 1, NULL));
      if (cases[c].faults)
        {
          g_assert_true (wait_state (stim, SALVE_STIMULATOR_FAULT, 2000));
          g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUTPUT);
          t_zero = salve_test_sim_wait (sim, lines, "state", "stopped", TRUE, 0, 1000);
          g_assert_cmpint (t_zero, >, 0);
          g_assert_cmpint (t_zero - t_asked, <, 1500);
        }
      else
        {
          spin (700);
          g_assert_null (salve_stimulator_get_last_error (stim));
          g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_RUNNING);
          g_assert_cmpint (wait_outputs (sim, lines, 1, 1, 1, 1, 1000), >, 0);
          salve_stimulator_stop (stim);
        }

      salve_stimulator_disconnect (stim);
      salve_test_sim_free (sim);
    }
}

/* A device that falls silent (frozen: no frame at all, not even its
 * dead-man fault) is noticed by the host within the bound of
 * docs/protocol.md, section 5: 1 s without a frame, checked every 50 ms.
 * The assertion leaves room for a loaded machine and sanitizers, and a
 * host that waited 10 s still fails it clearly. */
static void
test_silent_device_is_noticed (void)
{
  const char *args[] = { NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_to (sim);
  gint64 t_silent, t_lost;
  gboolean lost;

  salve_stimulator_set_ramp_rate (stim, 5);
  g_assert_true (salve_stimulator_start (stim, NULL));
  g_assert_true (salve_stimulator_ramp_to (stim, 1, NULL));
  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 1.0, 3000), >, 0);
  g_assert_true (wait_host_output (stim, 1.0, 1000));

  t_silent = salve_test_now_ms ();
  salve_test_sim_signal (sim, SIGSTOP);
  lost = wait_state (stim, SALVE_STIMULATOR_LINK_LOST, 5000);
  t_lost = salve_test_now_ms ();
  salve_test_sim_signal (sim, SIGCONT);
  g_test_message ("link lost %" G_GINT64_FORMAT " ms after the device fell silent", t_lost - t_silent);

  g_assert_true (lost);
  g_assert_cmpint (t_lost - t_silent, <, 3000);
  /* The timeout, not something else: the port stayed open, and frames
   * the device sent just before it froze count as life. */
  g_assert_cmpint (t_lost - t_silent, >=, 500);
  g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_LINK_LOST);

  salve_test_sim_free (sim);
}

static SalveWireParam
wire_param_of (SalveModality modality,
               SalveParam    param)
{
  if (param == salve_modality_get_intensity_param (modality))
    return SALVE_WIRE_INTENSITY;

  switch (param)
    {
    case SALVE_PARAM_FREQUENCY_HZ:  return SALVE_WIRE_FREQUENCY;
    case SALVE_PARAM_PULSE_US:      return SALVE_WIRE_PULSE_WIDTH;
    case SALVE_PARAM_ON_S:          return SALVE_WIRE_ON_TIME;
    case SALVE_PARAM_OFF_S:         return SALVE_WIRE_OFF_TIME;
    case SALVE_PARAM_RAMP_S:        return SALVE_WIRE_RAMP_TIME;
    case SALVE_PARAM_WAVELENGTH_NM: return SALVE_WIRE_WAVELENGTH;
    case SALVE_PARAM_INTENSITY_MA:
    case SALVE_PARAM_POWER_MW:
    case SALVE_PARAM_FIELD_UT:
    case SALVE_PARAM_ELECTRODE_CM2:
    case SALVE_PARAM_DOSE_J:
    case SALVE_PARAM_POINTS:
    case SALVE_PARAM_BEAM_CM2:
    case SALVE_PARAM_MINUTES:
    case SALVE_N_PARAMS:
    default:                        return 0;
    }
}

/* @value is refused by the check and by the call that would send it,
 * with the error that says so; TRUE when nothing was sent. */
static gboolean
refused_before_sending (SalveStimulator *stim,
                        SalveModality    modality,
                        SalveParam       param,
                        double           value)
{
  g_autoptr(GError) error = NULL;
  gboolean sent;

  g_assert_false (salve_stimulator_check_value (stim, param, value, &error));
  g_assert_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  if (param == salve_modality_get_intensity_param (modality))
    sent = salve_stimulator_ramp_to (stim, value, &error);
  else
    {
      SalvePlan plan;

      salve_plan_init (&plan, modality, SALVE_SITE_KNEE);
      salve_plan_set (&plan, param, value);
      sent = salve_stimulator_set_program (stim, 0, &plan, &error);
      salve_plan_clear (&plan);
    }
  g_assert_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUT_OF_RANGE);

  return !sent;
}

/* A device whose own range goes far beyond the modality's hard limits
 * (consumer TENS units go to 80–100 mA): for every parameter with a hard
 * limit, a value just above it, twice it and just above that are refused
 * by the driver, and not one frame but heartbeats reaches the device. */
static void
test_hard_limits_beyond_device_range (void)
{
  guint checked = 0;

  for (guint m = 0; m < SALVE_N_MODALITIES; m++)
    {
      const char *args[] = { "--modality", salve_modality_to_id (m), "--wide-range", "--log-frames", NULL };
      SalveTestSim *sim = salve_test_sim_start (args);
      g_autoptr(SalveStimulator) stim = connect_to (sim);
      g_autoptr(GPtrArray) log = NULL;
      const SalveParamSpec *specs;
      guint n_specs, from_line, heartbeats;

      specs = salve_modality_get_params (m, &n_specs);
      /* Programs before start (the device takes them only then), the
       * intensity while running. */
      for (guint pass = 0; pass < 2; pass++)
        {
          if (pass == 1)
            {
              g_assert_true (salve_stimulator_start (stim, NULL));
              g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
              spin (300);
            }
          from_line = salve_test_sim_n_lines (sim);

          for (guint i = 0; i < n_specs; i++)
            {
              SalveParam param = specs[i].param;
              gboolean is_intensity = param == salve_modality_get_intensity_param (m);
              SalveWireParam wire = wire_param_of (m, param);
              const SalveWireRange *range;
              double limit = specs[i].limit_max, step, device_max;
              double values[3];

              if (is_intensity != (pass == 1) || !isfinite (limit) || wire == 0)
                continue;
              range = salve_device_info_get_range (salve_stimulator_get_info (stim), wire);
              g_assert_nonnull (range);
              /* A fixed value (the laser's wavelength) is read, never set. */
              if (range->min == range->max)
                continue;
              g_assert_true (salve_stimulator_get_range (stim, param, NULL, NULL, &step));
              device_max = salve_wire_param_to_display (range->param, m, range->max);

              /* The device itself would take all of them: only the host's
               * hard limit stands in the way. */
              values[0] = limit + step;
              values[1] = 2 * limit;
              values[2] = 2 * limit + step;
              g_assert_cmpfloat (device_max, >=, values[2]);
              g_assert_true (salve_stimulator_check_value (stim, param, limit, NULL));

              for (guint v = 0; v < G_N_ELEMENTS (values); v++)
                {
                  g_test_message ("%s %s %g (device up to %g, hard limit %g)", salve_modality_to_id (m),
                                  salve_param_to_id (param), values[v], device_max, limit);
                  g_assert_true (refused_before_sending (stim, m, param, values[v]));
                }
              checked++;
            }

          /* Nothing but heartbeats on the wire since the first refusal
           * (and those do show: the device logs what it receives). */
          spin (400);
          log = salve_test_sim_read_log (sim);
          heartbeats = 0;
          for (guint l = from_line; l < log->len; l++)
            {
              JsonObject *line = g_ptr_array_index (log, l);

              g_assert_cmpstr (json_object_get_string_member (line, "event"), !=, "program");
              g_assert_cmpstr (json_object_get_string_member (line, "event"), !=, "nak");
              if (g_strcmp0 (json_object_get_string_member (line, "event"), "rx") == 0)
                {
                  g_assert_cmpint (json_object_get_int_member (line, "type"), ==, SALVE_MSG_HEARTBEAT);
                  heartbeats++;
                }
            }
          g_assert_cmpuint (heartbeats, >, 0);
          g_clear_pointer (&log, g_ptr_array_unref);
          g_assert_cmpfloat (salve_stimulator_get_goal (stim, 0), ==, 0);
        }

      g_assert_cmpint (salve_test_sim_naks_range (sim), ==, 0);
      salve_stimulator_stop (stim);
      salve_stimulator_disconnect (stim);
      salve_test_sim_free (sim);
    }

  /* TENS: intensity, frequency, pulse width; NMES: those and on, off and
   * ramp time; laser: power. (PEMF has no hard limit today.) */
  g_assert_cmpuint (checked, >=, 10);
}

/* Values within the device's range but off its grid (0.1 mA, 1 Hz and
 * 10 µs steps here) are not settings it has: refused before sending, and
 * the same values on the grid go through. */
static void
test_off_grid_refused (void)
{
  const char *args[] = { "--modality", "tens", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_to (sim);
  g_autoptr(GError) error = NULL;

  /* Whole wire units (µA, 0.1 Hz, µs), but between two steps. */
  g_assert_true (refused_before_sending (stim, SALVE_MODALITY_TENS, SALVE_PARAM_PULSE_US, 205));
  g_assert_true (refused_before_sending (stim, SALVE_MODALITY_TENS, SALVE_PARAM_FREQUENCY_HZ, 80.5));
  g_assert_true (salve_stimulator_check_value (stim, SALVE_PARAM_PULSE_US, 210, &error));
  g_assert_no_error (error);
  g_assert_true (salve_stimulator_check_value (stim, SALVE_PARAM_FREQUENCY_HZ, 81, &error));
  g_assert_no_error (error);

  salve_stimulator_set_ramp_rate (stim, 5);
  g_assert_true (salve_stimulator_start (stim, NULL));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  g_assert_true (refused_before_sending (stim, SALVE_MODALITY_TENS, SALVE_PARAM_INTENSITY_MA, 2.05));
  g_assert_cmpfloat (salve_stimulator_get_goal (stim, 0), ==, 0);
  g_assert_true (salve_stimulator_ramp_to (stim, 2.1, &error));
  g_assert_no_error (error);
  g_assert_true (wait_host_output (stim, 2.1, 3000));

  salve_stimulator_stop (stim);
  g_assert_cmpint (salve_test_sim_naks_range (sim), ==, 0);
  salve_stimulator_disconnect (stim);
  salve_test_sim_free (sim);
}

/* The intensity limit the device was last told ("limits" in its log),
 * waiting up to @timeout_ms for one from @after_line on; -1 if none. */
static double
wait_device_limit (SalveTestSim *sim,
                   guint         after_line,
                   guint         timeout_ms)
{
  gint64 deadline = salve_test_now_ms () + timeout_ms;
  double limit = -1;

  do
    {
      g_autoptr(GPtrArray) lines = salve_test_sim_read_log (sim);

      for (guint i = after_line; i < lines->len; i++)
        {
          JsonObject *line = g_ptr_array_index (lines, i);

          if (g_strcmp0 (json_object_get_string_member (line, "event"), "limits") == 0)
            limit = json_object_get_double_member (line, "limit");
        }
      if (limit >= 0)
        return limit;
      spin (5);
    }
  while (salve_test_now_ms () < deadline);

  return -1;
}

/* Defence in depth: the limit the device is told is the lowest that
 * applies, the profile's ceiling included, on connecting and when the
 * ceiling changes. */
static void
test_limits_carry_ceiling (void)
{
  const char *args[] = { "--modality", "tens", "--max-intensity", "40", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = salve_stimulator_new ();
  g_autoptr(GError) error = NULL;
  guint lines;

  salve_stimulator_set_ceiling (stim, SALVE_PARAM_INTENSITY_MA, 18);
  connect_sync (stim, sim->pty, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (wait_device_limit (sim, 0, 1000), 18, 1e-9);

  /* Lowered while connected (a limit need not be on the grid). */
  lines = salve_test_sim_n_lines (sim);
  salve_stimulator_set_ceiling (stim, SALVE_PARAM_INTENSITY_MA, 12.55);
  g_assert_cmpfloat_with_epsilon (wait_device_limit (sim, lines, 1000), 12.55, 1e-9);

  /* A ceiling above the device's own maximum: the maximum. */
  lines = salve_test_sim_n_lines (sim);
  salve_stimulator_set_ceiling (stim, SALVE_PARAM_INTENSITY_MA, 45);
  g_assert_cmpfloat_with_epsilon (wait_device_limit (sim, lines, 1000), 40, 1e-9);

  g_assert_cmpint (salve_test_sim_naks_range (sim), ==, 0);
  salve_stimulator_disconnect (stim);
  salve_test_sim_free (sim);
}

/* A device whose own ramp is fast (50 mA/s, 10 mA a command) and a
 * person who asks for 50 mA/s: intensity still rises no faster than
 * Salve's own bound, 5 mA/s. */
static void
test_ramp_rate_bounded (void)
{
  const char *args[] = { "--modality", "tens", "--ramp-rate", "50", "--ramp-increment", "10", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_to (sim);
  g_autoptr(GError) error = NULL;
  gint64 start_ms, took_ms;

  salve_stimulator_set_ramp_rate (stim, 50);
  g_assert_true (salve_stimulator_start (stim, NULL));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));

  start_ms = salve_test_now_ms ();
  g_assert_true (salve_stimulator_ramp_to (stim, 10, &error));
  g_assert_no_error (error);
  g_assert_true (wait_host_output (stim, 10, 6000));
  took_ms = salve_test_now_ms () - start_ms;
  g_test_message ("0 to 10 mA in %" G_GINT64_FORMAT " ms", took_ms);
  /* 10 mA at 5 mA/s is 2 s; the first step goes out at once. */
  g_assert_cmpint (took_ms, >=, 1700);

  salve_stimulator_stop (stim);
  g_assert_cmpint (salve_test_sim_naks_range (sim), ==, 0);
  salve_stimulator_disconnect (stim);
  salve_test_sim_free (sim);
}

/* NMES on the simulator: the output follows the on/off rhythm of the
 * program, rising and falling over the ramp time within each on time,
 * and the host takes that as what it asked for. */
static void
test_nmes_rhythm (void)
{
  const char *args[] = { "--modality", "nmes", "--channels", "2", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_to (sim);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  gint64 t_off = -1, t_on = -1, t_full = -1;
  gboolean ramped = FALSE;
  double peak = 0;
  guint start_line;
  SalvePlan plan;

  salve_plan_init (&plan, SALVE_MODALITY_NMES, SALVE_SITE_LEG);
  salve_plan_set (&plan, SALVE_PARAM_FREQUENCY_HZ, 35);
  salve_plan_set (&plan, SALVE_PARAM_PULSE_US, 400);
  salve_plan_set (&plan, SALVE_PARAM_ON_S, 2);
  salve_plan_set (&plan, SALVE_PARAM_OFF_S, 2);
  salve_plan_set (&plan, SALVE_PARAM_RAMP_S, 0.5);
  g_assert_true (salve_stimulator_set_program (stim, 1, &plan, &error));
  g_assert_no_error (error);
  salve_plan_clear (&plan);

  salve_stimulator_set_ramp_rate (stim, 5);
  start_line = salve_test_sim_n_lines (sim);
  g_assert_true (salve_stimulator_start (stim, &error));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  g_assert_true (salve_stimulator_ramp_to (stim, 3, &error));
  g_assert_no_error (error);

  /* Work 0–2 s, rest 2–4 s, work again from 4 s. */
  spin (5600);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_RUNNING);
  g_assert_null (salve_stimulator_get_last_error (stim));

  lines = salve_test_sim_read_log (sim);
  for (guint i = start_line; i < lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (lines, i);
      const char *event = json_object_get_string_member (line, "event");
      gint64 t = json_object_get_int_member (line, "t_ms");
      double out = line_output (line, 0);

      peak = MAX (peak, out);
      if (g_str_equal (event, "phase") && !json_object_get_boolean_member (line, "on") && t_off < 0)
        t_off = t;
      else if (g_str_equal (event, "phase") && json_object_get_boolean_member (line, "on") && t_off >= 0 && t_on < 0)
        t_on = t;

      /* At rest: nothing. */
      if (t_off >= 0 && t_on < 0)
        g_assert_cmpfloat (out, ==, 0);
      /* Working again: a ramp up over about 0.5 s, not a jump. */
      if (t_on >= 0 && out > 0 && out < 3 - 1e-9)
        ramped = TRUE;
      if (t_on >= 0 && out >= 3 - 1e-9 && t_full < 0)
        t_full = t;
    }

  g_assert_cmpfloat_with_epsilon (peak, 3.0, 1e-9);
  g_assert_cmpint (t_off, >, 0);
  g_assert_cmpint (t_on, >, 0);
  g_assert_cmpint (t_on - t_off, >=, 1900);
  g_assert_cmpint (t_on - t_off, <=, 2300);
  g_assert_true (ramped);
  g_assert_cmpint (t_full, >, 0);
  g_assert_cmpint (t_full - t_on, >=, 400);
  g_assert_cmpint (salve_test_sim_naks_range (sim), ==, 0);

  salve_stimulator_stop (stim);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 1000), >, 0);
  salve_test_sim_free (sim);
}

/* NMES with a long rest: the ramp holds while the output is 0, so the
 * next contraction starts from what the last one reached. A target that
 * kept rising at rest was met all at once by the next contraction: 1 mA
 * felt, then 3 mA within its ramp time, never felt in between. */
static void
test_nmes_no_rise_at_rest (void)
{
  const char *args[] = { "--modality", "nmes", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_to (sim);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  double peak[3] = { 0, 0, 0 };
  /* The first contraction begins with the start, which logs no phase. */
  guint n_on = 1;
  guint start_line;
  SalvePlan plan;

  salve_plan_init (&plan, SALVE_MODALITY_NMES, SALVE_SITE_LEG);
  salve_plan_set (&plan, SALVE_PARAM_FREQUENCY_HZ, 35);
  salve_plan_set (&plan, SALVE_PARAM_PULSE_US, 300);
  salve_plan_set (&plan, SALVE_PARAM_ON_S, 1.5);
  salve_plan_set (&plan, SALVE_PARAM_OFF_S, 2.5);
  salve_plan_set (&plan, SALVE_PARAM_RAMP_S, 0.5);
  g_assert_true (salve_stimulator_set_program (stim, 1, &plan, &error));
  g_assert_no_error (error);
  salve_plan_clear (&plan);

  /* The default rate, 1 mA/s, towards a goal far above what 5 s reach. */
  start_line = salve_test_sim_n_lines (sim);
  g_assert_true (salve_stimulator_start (stim, &error));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  g_assert_true (salve_stimulator_ramp_to (stim, 12, &error));
  g_assert_no_error (error);

  /* Work 0–1.5 s, rest 1.5–4 s, work 4–5.5 s, rest, work from 8 s. */
  spin (8900);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_RUNNING);
  g_assert_null (salve_stimulator_get_last_error (stim));

  lines = salve_test_sim_read_log (sim);
  for (guint i = start_line; i < lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (lines, i);
      const char *event = json_object_get_string_member (line, "event");

      if (g_str_equal (event, "phase") && json_object_get_boolean_member (line, "on"))
        n_on++;
      if (n_on >= 1 && n_on <= G_N_ELEMENTS (peak) && json_object_has_member (line, "output"))
        peak[n_on - 1] = MAX (peak[n_on - 1], line_output (line, 0));
    }

  /* Three contractions, each felt at most about what its own working
   * time adds (1.5 s at 1 mA/s) above the last one, and each still above
   * it: no jump, and the ramp goes on. */
  g_assert_cmpuint (n_on, >=, 3);
  for (guint k = 1; k < G_N_ELEMENTS (peak); k++)
    {
      g_assert_cmpfloat (peak[k], >, peak[k - 1]);
      g_assert_cmpfloat (peak[k], <=, peak[k - 1] + 1.8);
    }

  salve_stimulator_stop (stim);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 1000), >, 0);
  salve_test_sim_free (sim);
}

/* The simulator is the reference device: the rules of docs/protocol.md
 * that a maker used to have to guess, checked on it frame by frame. */

typedef struct
{
  SalveTransport   *transport;
  SalveFrameDecoder decoder;
  guint8            seq;
  guint             n_status;
  guint             n_fault;
} Raw;

static Raw *
raw_open (SalveTestSim *sim)
{
  g_autoptr(GError) error = NULL;
  Raw *raw = g_new0 (Raw, 1);

  raw->transport = salve_transport_open (sim->pty, &error);
  g_assert_no_error (error);
  salve_frame_decoder_init (&raw->decoder);
  raw->seq = 1;
  return raw;
}

static void
raw_free (Raw *raw)
{
  salve_transport_free (raw->transport);
  g_free (raw);
}

/* The next frame from the device within @timeout_ms; STATUS and FAULT
 * frames are counted. */
static gboolean
raw_next (Raw        *raw,
          SalveFrame *frame,
          guint       timeout_ms)
{
  gint64 deadline = salve_test_now_ms () + timeout_ms;

  do
    {
      guint8 byte;
      SalveFrameResult result;

      while (salve_transport_read (raw->transport, &byte, 1, NULL) == 1)
        {
          salve_frame_decoder_feed (&raw->decoder, &byte, 1, frame, &result);
          if (result != SALVE_FRAME_OK)
            continue;
          if (frame->type == SALVE_MSG_STATUS)
            raw->n_status++;
          if (frame->type == SALVE_MSG_FAULT)
            raw->n_fault++;
          return TRUE;
        }
      g_usleep (2000);
    }
  while (salve_test_now_ms () < deadline);

  return FALSE;
}

/* Sends @frame as it is; TRUE when an ACK or NAK of its seq came within
 * 500 ms (in @answer). */
static gboolean
raw_send (Raw              *raw,
          const SalveFrame *frame,
          SalveFrame       *answer)
{
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  gsize n = salve_frame_encode (frame, wire, sizeof wire);
  gint64 deadline = salve_test_now_ms () + 500;

  g_assert_true (salve_transport_write_blocking (raw->transport, wire, n, 500, NULL));
  while (salve_test_now_ms () < deadline)
    if (raw_next (raw, answer, 50) && (answer->type == SALVE_MSG_ACK || answer->type == SALVE_MSG_NAK) &&
        answer->payload[0] == frame->seq)
      return TRUE;

  return FALSE;
}

/* Builds a frame with the next seq, sends it, and returns the NAK code
 * of its answer (0 for an ACK); the NAK's param in *param. */
static guint8
raw_command (Raw              *raw,
             SalveFrame       *frame,
             guint8           *param)
{
  SalveFrame answer;

  frame->seq = raw->seq++;
  g_assert_true (raw_send (raw, frame, &answer));
  if (param)
    *param = answer.type == SALVE_MSG_NAK ? answer.payload[2] : 0;
  return answer.type == SALVE_MSG_NAK ? answer.payload[1] : 0;
}

static guint8
raw_simple (Raw    *raw,
            guint8  type)
{
  SalveFrame frame;

  salve_msg_init (&frame, type, 0);
  return raw_command (raw, &frame, NULL);
}

static guint8
raw_intensity (Raw     *raw,
               guint8   channel,
               guint32  target,
               guint8  *param)
{
  SalveFrame frame;

  salve_msg_build_intensity (&frame, 0, channel, target);
  return raw_command (raw, &frame, param);
}

static guint8
raw_param (Raw     *raw,
           guint8   type,
           guint8   wire_param,
           guint32  value,
           guint8  *param)
{
  SalveWireValue values[] = { { wire_param, value } };
  SalveFrame frame;

  salve_msg_build_params (&frame, type, 0, values, 1);
  return raw_command (raw, &frame, param);
}

/* Section 5: every frame gets its answer, the first one after the port
 * opened too (a host that sends HELLO at once must not need a repeat). */
static void
test_reference_first_frame_answered (void)
{
  const char *args[] = { NULL };
  SalveTestSim *sim = salve_test_sim_start (args);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      Raw raw = { 0 };
      SalveFrame frame, answer;
      guint lines;

      raw.transport = salve_transport_open (sim->pty, &error);
      g_assert_no_error (error);
      salve_frame_decoder_init (&raw.decoder);
      salve_msg_build_hello (&frame, (guint8) (i + 1));
      g_assert_true (raw_send (&raw, &frame, &answer));
      g_assert_cmpuint (answer.type, ==, SALVE_MSG_ACK);
      lines = salve_test_sim_n_lines (sim);
      salve_transport_free (raw.transport);
      g_assert_cmpint (salve_test_sim_wait (sim, lines, "link-lost", NULL, TRUE, 0, 1000), >, 0);
    }

  salve_test_sim_free (sim);
}

/* Section 5: a channel out of range is NAK 0x03 with param 0; PAUSE in
 * idle, stopped and fault is NAK 0x06, and while paused an ACK. */
static void
test_reference_nak_codes (void)
{
  const char *args[] = { "--channels", "2", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  Raw *raw = raw_open (sim);
  SalveFrame frame;
  guint8 param = 0xAA;

  salve_msg_build_hello (&frame, 0);
  g_assert_cmpuint (raw_command (raw, &frame, NULL), ==, 0);
  g_assert_cmpuint (raw_intensity (raw, 2, 0, &param), ==, SALVE_NAK_OUT_OF_RANGE);
  g_assert_cmpuint (param, ==, 0);
  g_assert_cmpuint (raw_simple (raw, SALVE_MSG_PAUSE), ==, SALVE_NAK_BAD_STATE);   /* idle */
  g_assert_cmpuint (raw_simple (raw, SALVE_MSG_START), ==, 0);
  g_assert_cmpuint (raw_simple (raw, SALVE_MSG_PAUSE), ==, 0);
  g_assert_cmpuint (raw_simple (raw, SALVE_MSG_PAUSE), ==, 0);                      /* paused */
  g_assert_cmpuint (raw_simple (raw, SALVE_MSG_STOP), ==, 0);
  g_assert_cmpuint (raw_simple (raw, SALVE_MSG_PAUSE), ==, SALVE_NAK_BAD_STATE);   /* stopped */
  g_assert_cmpuint (raw_simple (raw, SALVE_MSG_START), ==, 0);
  salve_test_sim_signal (sim, SIGUSR1);   /* electrode off: fault */
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "fault", NULL, TRUE, 0, 1000), >, 0);
  g_assert_cmpuint (raw_simple (raw, SALVE_MSG_PAUSE), ==, SALVE_NAK_BAD_STATE);   /* fault */
  g_assert_cmpuint (raw_simple (raw, SALVE_MSG_START), ==, SALVE_NAK_FAULT_ACTIVE);

  raw_free (raw);
  salve_test_sim_free (sim);
}

/* Section 5: a SET_LIMITS max need not be on the grid (the ceiling is
 * the grid value at or below it), a later one may raise it again up to
 * the device's max, and only the intensity has one. */
static void
test_reference_limits (void)
{
  const char *args[] = { "--max-intensity", "50", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  Raw *raw = raw_open (sim);
  SalveFrame frame;
  guint8 param;

  salve_msg_build_hello (&frame, 0);
  g_assert_cmpuint (raw_command (raw, &frame, NULL), ==, 0);
  g_assert_cmpuint (raw_param (raw, SALVE_MSG_SET_LIMITS, SALVE_WIRE_INTENSITY, 10000, NULL), ==, 0);
  g_assert_cmpuint (raw_param (raw, SALVE_MSG_SET_LIMITS, SALVE_WIRE_INTENSITY, 20000, NULL), ==, 0);
  g_assert_cmpuint (raw_param (raw, SALVE_MSG_SET_LIMITS, SALVE_WIRE_INTENSITY, 60000, &param), ==, SALVE_NAK_OUT_OF_RANGE);
  g_assert_cmpuint (param, ==, SALVE_WIRE_INTENSITY);
  g_assert_cmpuint (raw_param (raw, SALVE_MSG_SET_LIMITS, SALVE_WIRE_FREQUENCY, 1000, &param), ==, SALVE_NAK_UNKNOWN_PARAM);
  g_assert_cmpuint (param, ==, SALVE_WIRE_FREQUENCY);

  /* 1.05 mA on a 0.1 mA grid: 1 mA is allowed, 1.1 mA is not. */
  g_assert_cmpuint (raw_param (raw, SALVE_MSG_SET_LIMITS, SALVE_WIRE_INTENSITY, 1050, NULL), ==, 0);
  g_assert_cmpuint (raw_simple (raw, SALVE_MSG_START), ==, 0);
  g_assert_cmpuint (raw_intensity (raw, SALVE_PROTOCOL_ALL_CHANNELS, 1000, NULL), ==, 0);
  g_assert_cmpuint (raw_intensity (raw, SALVE_PROTOCOL_ALL_CHANNELS, 1100, NULL), ==, SALVE_NAK_OUT_OF_RANGE);
  g_assert_cmpuint (raw_simple (raw, SALVE_MSG_STOP), ==, 0);

  raw_free (raw);
  salve_test_sim_free (sim);
}

/* Section 4: wavelength is read-only: its own value is ACKed in
 * SET_PROGRAM, another is NAK 0x03, and SET_LIMITS refuses it (0x0B). */
static void
test_reference_wavelength (void)
{
  const char *args[] = { "--modality", "laser", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  Raw *raw = raw_open (sim);
  SalveFrame frame;
  guint8 param;

  salve_msg_build_hello (&frame, 0);
  g_assert_cmpuint (raw_command (raw, &frame, NULL), ==, 0);
  g_assert_cmpuint (raw_param (raw, SALVE_MSG_SET_PROGRAM, SALVE_WIRE_WAVELENGTH, 808, NULL), ==, 0);
  g_assert_cmpuint (raw_param (raw, SALVE_MSG_SET_PROGRAM, SALVE_WIRE_WAVELENGTH, 810, &param), ==, SALVE_NAK_OUT_OF_RANGE);
  g_assert_cmpuint (param, ==, SALVE_WIRE_WAVELENGTH);
  g_assert_cmpuint (raw_param (raw, SALVE_MSG_SET_LIMITS, SALVE_WIRE_WAVELENGTH, 808, &param), ==, SALVE_NAK_UNKNOWN_PARAM);
  g_assert_cmpuint (param, ==, SALVE_WIRE_WAVELENGTH);
  g_assert_cmpuint (raw_param (raw, SALVE_MSG_SET_PROGRAM, SALVE_WIRE_INTENSITY, 0, &param), ==, SALVE_NAK_UNKNOWN_PARAM);

  raw_free (raw);
  salve_test_sim_free (sim);
}

/* Section 5: a repeat is answered again, with the same payload and a new
 * device seq. Section 8: before HELLO a frame of version 1 is NAK 0x08,
 * one of another version is dropped. */
static void
test_reference_repeat_and_before_hello (void)
{
  const char *args[] = { NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  Raw *raw = raw_open (sim);
  SalveFrame frame, first, again;

  salve_msg_init (&frame, SALVE_MSG_START, 7);
  g_assert_true (raw_send (raw, &frame, &first));
  g_assert_cmpuint (first.type, ==, SALVE_MSG_NAK);
  g_assert_cmpuint (first.payload[1], ==, SALVE_NAK_NO_HELLO);
  frame.version = 2;
  frame.seq = 8;
  g_assert_false (raw_send (raw, &frame, &again));

  salve_msg_build_hello (&frame, 0);
  g_assert_cmpuint (raw_command (raw, &frame, NULL), ==, 0);
  salve_msg_build_intensity (&frame, 0x30, SALVE_PROTOCOL_ALL_CHANNELS, 0);
  g_assert_true (raw_send (raw, &frame, &first));
  g_assert_true (raw_send (raw, &frame, &again));
  g_assert_cmpuint (again.type, ==, first.type);
  g_assert_cmpuint (again.length, ==, first.length);
  g_assert_cmpmem (again.payload, again.length, first.payload, first.length);
  g_assert_cmpuint (again.seq, !=, first.seq);
  g_assert_cmpint ((gint8) (again.seq - first.seq), >, 0);

  raw_free (raw);
  salve_test_sim_free (sim);
}

/* Section 5: a frame the device NAKs is fresh intent all the same; when
 * the timer expires in idle the device sends no FAULT, and after it no
 * STATUS, and NAK 0x08 to everything but HELLO. */
static void
test_reference_deadman (void)
{
  const char *args[] = { NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  Raw *raw = raw_open (sim);
  SalveFrame frame;
  guint status_before;

  salve_msg_build_hello (&frame, 0);
  g_assert_cmpuint (raw_command (raw, &frame, NULL), ==, 0);
  g_assert_cmpuint (raw_simple (raw, SALVE_MSG_START), ==, 0);
  /* 1.6 s of frames the device refuses, 300 ms apart: still running. */
  for (guint i = 0; i < 6; i++)
    {
      g_assert_cmpuint (raw_intensity (raw, 5, 0, NULL), ==, SALVE_NAK_OUT_OF_RANGE);
      g_usleep (300 * 1000);
    }
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "deadman", NULL, FALSE, 0, 0), <, 0);
  g_assert_cmpuint (raw->n_fault, ==, 0);
  g_assert_cmpuint (raw_simple (raw, SALVE_MSG_STOP), ==, 0);

  /* Silence in stopped: the timer expires without a FAULT. */
  while (raw_next (raw, &frame, 1300))
    if (frame.type == SALVE_MSG_FAULT)
      g_error ("FAULT 0x%02x after the dead-man timer in stopped", frame.payload[0]);
  status_before = raw->n_status;
  while (raw_next (raw, &frame, 600))
    ;
  g_assert_cmpuint (raw->n_status, ==, status_before);
  g_assert_cmpuint (raw_simple (raw, SALVE_MSG_START), ==, SALVE_NAK_NO_HELLO);
  g_assert_cmpuint (raw->n_status, ==, status_before);

  raw_free (raw);
  salve_test_sim_free (sim);
}

/* Section 5: a frame of a device's own types (an echo of its STATUS on
 * the line) is answered NAK 0x01 but is no sign of a host: the dead-man
 * timer runs out 1 s after the last frame of the host's. Such frames
 * 300 ms apart kept the output on for as long as they came. */
static void
test_reference_echo_is_no_host (void)
{
  const char *args[] = { NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  Raw *raw = raw_open (sim);
  SalveFrame frame;

  salve_msg_build_hello (&frame, 0);
  g_assert_cmpuint (raw_command (raw, &frame, NULL), ==, 0);
  g_assert_cmpuint (raw_simple (raw, SALVE_MSG_START), ==, 0);
  for (guint i = 0; i < 6; i++)
    {
      g_usleep (300 * 1000);
      salve_msg_init (&frame, SALVE_MSG_STATUS, 0);
      if (raw_command (raw, &frame, NULL) == SALVE_NAK_NO_HELLO)
        break;
      g_assert_cmpuint (frame.type, ==, SALVE_MSG_STATUS);
    }
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "deadman", NULL, FALSE, 0, 500), >, 0);
  while (raw_next (raw, &frame, 200))
    ;
  g_assert_cmpuint (raw->n_fault, ==, 1);

  raw_free (raw);
  salve_test_sim_free (sim);
}

int
main (int    argc,
      char **argv)
{
  salve_test_reexec_preloaded (argc, argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stimulator/session", test_session);
  g_test_add_func ("/stimulator/every-modality", test_every_modality);
  g_test_add_func ("/stimulator/never-out-of-range", test_never_out_of_range);
  g_test_add_func ("/stimulator/garbage-on-the-line", test_garbage_on_the_line);
  g_test_add_func ("/stimulator/silent-device", test_silent_device);
  g_test_add_func ("/stimulator/device-naks-everything", test_device_naks_everything);
  g_test_add_func ("/stimulator/electrode-off", test_electrode_off);
  g_test_add_func ("/stimulator/stall-and-reconnect", test_stall_and_reconnect);
  g_test_add_func ("/stimulator/close-port-stops-device", test_close_port_stops_device);
  g_test_add_func ("/stimulator/raw-close-without-stop", test_raw_close_without_stop);
  g_test_add_func ("/stimulator/garbage-to-device", test_garbage_to_device);
  g_test_add_func ("/stimulator/stale-heartbeats-do-not-keep-alive", test_stale_heartbeats_do_not_keep_alive);
  g_test_add_func ("/stimulator/port-is-exclusive", test_port_is_exclusive);
  g_test_add_func ("/stimulator/suspend-stops", test_suspend_stops);
  g_test_add_func ("/stimulator/lost-lower-is-resent", test_lost_lower_is_resent);
  g_test_add_func ("/stimulator/lower-all-never-raises-one", test_lower_all_never_raises_one);
  g_test_add_func ("/stimulator/lying-device", test_lying_device);
  g_test_add_func ("/stimulator/refused-while-connecting", test_refused_while_connecting);
  g_test_add_func ("/stimulator/ramp-rate-said", test_ramp_rate_said);
  g_test_add_func ("/stimulator/reported-output-tolerance", test_reported_output_tolerance);
  g_test_add_func ("/stimulator/slow-lowering", test_slow_lowering);
  g_test_add_func ("/stimulator/silent-device-is-noticed", test_silent_device_is_noticed);
  g_test_add_func ("/stimulator/hard-limits-beyond-device-range", test_hard_limits_beyond_device_range);
  g_test_add_func ("/stimulator/nmes-rhythm", test_nmes_rhythm);
  g_test_add_func ("/stimulator/nmes-no-rise-at-rest", test_nmes_no_rise_at_rest);
  g_test_add_func ("/stimulator/off-grid-refused", test_off_grid_refused);
  g_test_add_func ("/stimulator/limits-carry-ceiling", test_limits_carry_ceiling);
  g_test_add_func ("/stimulator/ramp-rate-bounded", test_ramp_rate_bounded);
  g_test_add_func ("/stimulator/reference/first-frame-answered", test_reference_first_frame_answered);
  g_test_add_func ("/stimulator/reference/nak-codes", test_reference_nak_codes);
  g_test_add_func ("/stimulator/reference/limits", test_reference_limits);
  g_test_add_func ("/stimulator/reference/wavelength", test_reference_wavelength);
  g_test_add_func ("/stimulator/reference/repeat-and-before-hello", test_reference_repeat_and_before_hello);
  g_test_add_func ("/stimulator/reference/deadman", test_reference_deadman);
  g_test_add_func ("/stimulator/reference/echo-is-no-host", test_reference_echo_is_no_host);

  return g_test_run ();
}
