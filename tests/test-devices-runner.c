/* test-devices-runner.c: running sessions on manual and connected devices
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "salve-db.h"
#include "salve-presets.h"
#include "salve-profile-repo.h"
#include "salve-session-repo.h"
#include "salve-protocol.h"
#include "salve-session-runner.h"
#include "salve-sleep-monitor.h"
#include "salve-stimulator.h"
#include "salve-test-sim.h"

/* A device that does what it is told and remembers it. */
#define FAKE_TYPE_DEVICE (fake_device_get_type ())
G_DECLARE_FINAL_TYPE (FakeDevice, fake_device, FAKE, DEVICE, GObject)

struct _FakeDevice
{
  GObject  parent_instance;
  gboolean on;
  double   goal;
  double   max_goal_sent;
  guint    n_starts;
  guint    n_pauses;
  guint    n_stops;
  guint    n_emergency_stops;
  gboolean refuse_start;
  gboolean lagging;   /* reports @output, not the goal */
  double   output;
};

G_DEFINE_TYPE (FakeDevice, fake_device, G_TYPE_OBJECT)

static void fake_device_class_init (FakeDeviceClass *klass) { }
static void fake_device_init (FakeDevice *self) { }

static gboolean
fake_start (gpointer   device,
            GError   **error)
{
  FakeDevice *fake = device;

  if (fake->refuse_start)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "electrode off");
      return FALSE;
    }

  fake->on = TRUE;
  fake->goal = 0;
  fake->n_starts++;
  return TRUE;
}

static gboolean
fake_pause (gpointer   device,
            GError   **error)
{
  FakeDevice *fake = device;

  fake->on = FALSE;
  fake->n_pauses++;
  return TRUE;
}

static gboolean
fake_ramp_to (gpointer   device,
              double     goal,
              GError   **error)
{
  FakeDevice *fake = device;

  g_assert_true (fake->on);
  fake->goal = goal;
  fake->max_goal_sent = MAX (fake->max_goal_sent, goal);
  return TRUE;
}

static void
fake_stop (gpointer device)
{
  FakeDevice *fake = device;

  fake->on = FALSE;
  fake->n_stops++;
}

static void
fake_emergency_stop (gpointer device)
{
  FakeDevice *fake = device;

  fake->on = FALSE;
  fake->n_emergency_stops++;
}

static double
fake_get_output (gpointer device)
{
  FakeDevice *fake = device;

  if (fake->lagging)
    return fake->on ? fake->output : 0;
  return fake->on ? fake->goal : 0;
}

static const SalveRunnerDeviceFuncs fake_funcs = {
  fake_start, fake_pause, fake_ramp_to, fake_stop, fake_emergency_stop, fake_get_output,
};

typedef struct
{
  char         *dir;
  SalveDb      *db;
  SalveProfile *profile;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("salve-runner-XXXXXX", NULL);
  path = g_build_filename (f->dir, "salve.db", NULL);
  f->db = salve_db_open (path, &error);
  g_assert_no_error (error);
  f->profile = salve_profile_repo_add (f->db, "Anna", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->profile);
  g_clear_object (&f->db);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static SalveSession *
plan (Fixture    *f,
      const char *preset_id,
      SalveSite   site)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalvePreset) preset = salve_presets_find_builtin (preset_id);
  SalveSession *session = salve_session_new (salve_preset_get_modality (preset), site);

  salve_preset_apply (preset, session);
  salve_session_set_profile_id (session, salve_profile_get_id (f->profile));
  salve_session_set_pain_before (session, 6);
  g_assert_true (salve_session_repo_create (f->db, session, &error));
  g_assert_no_error (error);

  return session;
}

static void
on_finished (SalveSessionRunner *runner,
             gpointer            user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
}

static void
run_until_finished (SalveSessionRunner *runner,
                    guint               timeout_ms)
{
  gboolean done = salve_session_runner_get_state (runner) == SALVE_RUNNER_FINISHED;
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;
  gulong id = g_signal_connect (runner, "finished", G_CALLBACK (on_finished), &done);

  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handler_disconnect (runner, id);
  g_assert_true (done);
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (5000);
}

static GStrv
event_kinds (SalveDb *db,
             gint64   session_id)
{
  g_autoptr(SalveSession) stored = salve_session_repo_get (db, session_id, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GPtrArray *events = salve_session_get_events (stored);

  for (guint i = 0; i < events->len; i++)
    {
      SalveSessionEvent *event = g_ptr_array_index (events, i);
      g_strv_builder_add (builder, salve_session_event_kind_to_id (event->kind));
    }

  return g_strv_builder_end (builder);
}

/* A manual TENS unit: Salve keeps the time and ends the session itself. */
static void
test_manual_completes (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) session = plan (f, "tens-neuropathy-hand-foot", SALVE_SITE_HAND);
  g_autoptr(SalveSessionRunner) runner = NULL;
  g_autoptr(SalveSession) stored = NULL;
  g_auto(GStrv) kinds = NULL;
  const char *expected[] = { "start", "ramp", "stop", NULL };

  salve_session_set_planned_minutes (session, 0.01);   /* 600 ms */
  runner = salve_session_runner_new_manual (f->db, session);
  g_assert_false (salve_session_runner_is_connected (runner));
  g_assert_cmpint (salve_session_runner_get_total_ms (runner), ==, 600);

  g_assert_true (salve_session_runner_start (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_runner_get_state (runner), ==, SALVE_RUNNER_RUNNING);
  /* the person is told what to set: the planned intensity */
  g_assert_cmpfloat (salve_session_runner_get_output (runner), ==, 10);

  run_until_finished (runner, 5000);
  g_assert_cmpint (salve_session_runner_get_elapsed_ms (runner), >=, 600);

  stored = salve_session_repo_get (f->db, salve_session_get_id (session), &error);
  g_assert_cmpint (salve_session_get_outcome (stored), ==, SALVE_SESSION_OUTCOME_COMPLETED);
  g_assert_nonnull (salve_session_get_started_at (stored));
  g_assert_nonnull (salve_session_get_ended_at (stored));
  g_assert_cmpint (salve_session_get_pain_before (stored), ==, 6);
  kinds = event_kinds (f->db, salve_session_get_id (session));
  g_assert_cmpstrv (kinds, expected);
}

static void
on_point (SalveSessionRunner *runner,
          guint               point,
          gpointer            user_data)
{
  GArray *points = user_data;

  g_array_append_val (points, point);
}

/* A manual laser: a countdown per point, t = E / P. */
static void
test_manual_laser_points (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SalveSession) session = plan (f, "laser-lateral-epicondylitis", SALVE_SITE_ELBOW);
  g_autoptr(SalveSessionRunner) runner = NULL;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(SalveSession) stored = NULL;
  g_auto(GStrv) kinds = NULL;
  /* a manual laser is set, not ramped: no ramp event */
  const char *expected[] = { "start", "point", "point", "point", "stop", NULL };

  /* 100 mW for 4 J is 40 s (as the preset says); shrink the dose so the
   * test takes 3 × 0.3 s. */
  g_assert_cmpfloat (salve_session_get_param (session, "dose-j", 0), ==, 4);
  {
    g_autoptr(SalveSessionRunner) real = salve_session_runner_new_manual (f->db, session);
    g_assert_cmpfloat (salve_session_runner_get_seconds_per_point (real), ==, 40);
    g_assert_cmpuint (salve_session_runner_get_n_points (real), ==, 2);
    g_assert_cmpint (salve_session_runner_get_total_ms (real), ==, 80000);
  }
  salve_session_set_param (session, "dose-j", 0.03);
  salve_session_set_param (session, "points", 3);

  runner = salve_session_runner_new_manual (f->db, session);
  g_signal_connect (runner, "point-changed", G_CALLBACK (on_point), points);
  g_assert_true (salve_session_runner_start (runner, NULL));
  g_assert_cmpuint (salve_session_runner_get_point (runner), ==, 1);
  g_assert_cmpint (salve_session_runner_get_point_remaining_ms (runner), >, 200);
  run_until_finished (runner, 5000);

  g_assert_cmpuint (points->len, ==, 3);
  g_assert_cmpuint (g_array_index (points, guint, 2), ==, 3);

  stored = salve_session_repo_get (f->db, salve_session_get_id (session), NULL);
  g_assert_cmpint (salve_session_get_outcome (stored), ==, SALVE_SESSION_OUTCOME_COMPLETED);
  kinds = event_kinds (f->db, salve_session_get_id (session));
  g_assert_cmpstrv (kinds, expected);
}

static void
on_phase (SalveSessionRunner *runner,
          gboolean            on,
          gpointer            user_data)
{
  GString *phases = user_data;

  g_string_append_c (phases, on ? '1' : '0');
}

/* NMES: the work/rest rhythm flips on time, and a pause stops the clock. */
static void
test_nmes_rhythm_and_pause (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SalveSession) session = plan (f, "nmes-strengthening", SALVE_SITE_LEG);
  g_autoptr(SalveSessionRunner) runner = NULL;
  g_autoptr(GString) phases = g_string_new (NULL);
  gint64 frozen;

  salve_session_set_param (session, "on-s", 0.2);
  salve_session_set_param (session, "off-s", 0.3);
  salve_session_set_planned_minutes (session, 0.02);   /* 1.2 s */
  runner = salve_session_runner_new_manual (f->db, session);
  g_assert_true (salve_session_runner_has_rhythm (runner));
  g_signal_connect (runner, "phase-changed", G_CALLBACK (on_phase), phases);

  g_assert_true (salve_session_runner_start (runner, NULL));
  g_assert_true (salve_session_runner_get_rhythm_on (runner));
  iterate_for (300);
  g_assert_false (salve_session_runner_get_rhythm_on (runner));

  g_assert_true (salve_session_runner_pause (runner, NULL));
  frozen = salve_session_runner_get_elapsed_ms (runner);
  iterate_for (300);
  g_assert_cmpint (salve_session_runner_get_elapsed_ms (runner), ==, frozen);
  g_assert_cmpfloat (salve_session_runner_get_output (runner), ==, 0);

  g_assert_true (salve_session_runner_resume (runner, NULL));
  run_until_finished (runner, 5000);
  /* on, off, on, off, ... starting with on */
  g_assert_true (g_str_has_prefix (phases->str, "1010"));
}

/* A connected device: ramps to the plan, steps up no further than the
 * limit, pauses and resumes from 0, and a lost link ends the session as
 * interrupted with the device stopped. */
static void
test_device_link_lost (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) session = plan (f, "tens-neuropathy-hand-foot", SALVE_SITE_FOOT);
  g_autoptr(FakeDevice) device = g_object_new (FAKE_TYPE_DEVICE, NULL);
  g_autoptr(SalveSessionRunner) runner = NULL;
  g_autoptr(SalveSession) stored = NULL;
  g_auto(GStrv) kinds = NULL;
  const char *expected[] = { "start", "ramp", "intensity", "intensity", "pause", "resume", "link-lost", NULL };

  runner = salve_session_runner_new_with_device (f->db, session, &fake_funcs, G_OBJECT (device));
  salve_session_runner_set_intensity_limit (runner, 12);
  g_assert_true (salve_session_runner_start (runner, &error));
  g_assert_no_error (error);
  g_assert_true (device->on);
  g_assert_cmpfloat (device->goal, ==, 10);

  for (guint i = 0; i < 5; i++)
    g_assert_true (salve_session_runner_intensity_up (runner, &error));
  g_assert_cmpfloat (device->max_goal_sent, ==, 12);
  g_assert_cmpfloat (salve_session_runner_get_output (runner), ==, 12);

  g_assert_true (salve_session_runner_pause (runner, &error));
  g_assert_false (device->on);
  g_assert_true (salve_session_runner_resume (runner, &error));
  g_assert_cmpuint (device->n_starts, ==, 2);
  g_assert_cmpfloat (device->goal, ==, 12);

  salve_session_runner_device_failed (runner, SALVE_SESSION_REASON_LINK_LOST, "no status for 1 s");
  g_assert_false (device->on);
  g_assert_cmpint (salve_session_runner_get_state (runner), ==, SALVE_RUNNER_FINISHED);

  stored = salve_session_repo_get (f->db, salve_session_get_id (session), &error);
  g_assert_cmpint (salve_session_get_outcome (stored), ==, SALVE_SESSION_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (salve_session_get_outcome_reason (stored), ==, "link-lost");
  /* what was reached is what gets recorded */
  g_assert_cmpfloat (salve_session_get_param (stored, "intensity-ma", 0), ==, 12);
  kinds = event_kinds (f->db, salve_session_get_id (session));
  g_assert_cmpstrv (kinds, expected);
}

/* "+" raises the goal one step once the device delivers the last one:
 * ten presses while it still ramps are no ten steps (the device rose for
 * seconds after the person stopped pressing). Within half a step is
 * delivered; a device resting between contractions has delivered it;
 * lowering is never held back; after a pause the ramp back comes first. */
static void
test_step_waits_for_output (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) session = plan (f, "tens-neuropathy-hand-foot", SALVE_SITE_FOOT);
  g_autoptr(FakeDevice) device = g_object_new (FAKE_TYPE_DEVICE, NULL);
  g_autoptr(SalveSessionRunner) runner = NULL;

  runner = salve_session_runner_new_with_device (f->db, session, &fake_funcs, G_OBJECT (device));
  device->lagging = TRUE;
  g_assert_true (salve_session_runner_start (runner, &error));
  g_assert_cmpfloat (device->goal, ==, 10);

  for (guint i = 0; i < 10; i++)
    g_assert_true (salve_session_runner_intensity_up (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (salve_session_runner_get_intensity_goal (runner), ==, 10);
  g_assert_cmpfloat (device->max_goal_sent, ==, 10);

  device->output = 9.6;
  for (guint i = 0; i < 5; i++)
    g_assert_true (salve_session_runner_intensity_up (runner, &error));
  g_assert_cmpfloat (salve_session_runner_get_intensity_goal (runner), ==, 11);
  g_assert_cmpfloat (device->max_goal_sent, ==, 11);

  /* Down at once, whatever the output. */
  g_assert_true (salve_session_runner_intensity_down (runner, &error));
  g_assert_true (salve_session_runner_intensity_down (runner, &error));
  g_assert_cmpfloat (device->goal, ==, 9);

  /* Reached on a tick, then resting (0): the next contraction may be a
   * step stronger, the one after it not before it is delivered. */
  device->output = 9;
  iterate_for (250);
  device->output = 0;
  g_assert_true (salve_session_runner_intensity_up (runner, &error));
  g_assert_true (salve_session_runner_intensity_up (runner, &error));
  g_assert_cmpfloat (device->goal, ==, 10);

  device->output = 10;
  g_assert_true (salve_session_runner_pause (runner, &error));
  g_assert_true (salve_session_runner_resume (runner, &error));
  device->output = 3;
  g_assert_true (salve_session_runner_intensity_up (runner, &error));
  g_assert_cmpfloat (device->goal, ==, 10);
  device->output = 10;
  g_assert_true (salve_session_runner_intensity_up (runner, &error));
  g_assert_cmpfloat (device->goal, ==, 11);
  g_assert_no_error (error);

  salve_session_runner_stop (runner);
}

/* The first interval is marked four times as often: a program killed
 * half way into it (30 s of a session's first minute) leaves a record
 * that ends near there, not at the session's start. */
static void
test_first_interval_marked (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) session = plan (f, "tens-neuropathy-hand-foot", SALVE_SITE_FOOT);
  g_autoptr(FakeDevice) device = g_object_new (FAKE_TYPE_DEVICE, NULL);
  g_autoptr(SalveSessionRunner) runner = NULL;
  g_autoptr(SalveSession) stored = NULL;
  GPtrArray *events;
  gint64 last_progress = -1;

  runner = salve_session_runner_new_with_device (f->db, session, &fake_funcs, G_OBJECT (device));
  salve_session_runner_set_progress_interval (runner, 1600);
  g_assert_true (salve_session_runner_start (runner, &error));
  g_assert_no_error (error);

  iterate_for (900);

  /* What a killed program leaves: the log as it is now. */
  stored = salve_session_repo_get (f->db, salve_session_get_id (session), &error);
  g_assert_no_error (error);
  events = salve_session_get_events (stored);
  for (guint i = 0; i < events->len; i++)
    {
      const SalveSessionEvent *event = g_ptr_array_index (events, i);

      if (event->kind == SALVE_SESSION_EVENT_PROGRESS)
        last_progress = event->elapsed_ms;
    }
  g_assert_cmpint (last_progress, >=, 400);
  g_assert_cmpint (last_progress, <, 900);
  salve_session_runner_stop (runner);
}

/* A frozen laptop (the main loop stands still): the device stops itself
 * after the dead-man time, so the session's running time and its end are
 * cut there, not stretched over the whole freeze; and a running session
 * marks each interval that it still runs, with its output, so a killed
 * program leaves a record that ends near where it stopped. */
static void
test_frozen_loop_not_counted (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) session = plan (f, "tens-neuropathy-hand-foot", SALVE_SITE_FOOT);
  g_autoptr(FakeDevice) device = g_object_new (FAKE_TYPE_DEVICE, NULL);
  g_autoptr(SalveSessionRunner) runner = NULL;
  g_autoptr(SalveSession) stored = NULL;
  g_autoptr(GDateTime) started = NULL;
  g_autoptr(GDateTime) ended = NULL;
  const SalveSessionEvent *last = NULL;
  GPtrArray *events;
  guint n_progress = 0;
  gint64 until;

  runner = salve_session_runner_new_with_device (f->db, session, &fake_funcs, G_OBJECT (device));
  salve_session_runner_set_progress_interval (runner, 200);
  g_assert_true (salve_session_runner_start (runner, &error));
  g_assert_no_error (error);

  until = g_get_monotonic_time () + 700 * 1000;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);

  /* Frozen for 3 s: nothing runs; back, the runner's tick may come
   * before the lost link is told (both are ready at once). */
  g_usleep (3 * G_USEC_PER_SEC);
  if (GPOINTER_TO_INT (data))
    {
      until = g_get_monotonic_time () + 300 * 1000;
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
    }
  salve_session_runner_device_failed (runner, SALVE_SESSION_REASON_LINK_LOST, "no status for 1 s");
  g_assert_cmpint (salve_session_runner_get_state (runner), ==, SALVE_RUNNER_FINISHED);
  g_assert_cmpint (salve_session_runner_get_elapsed_ms (runner), >=, 700);
  g_assert_cmpint (salve_session_runner_get_elapsed_ms (runner), <, 700 + SALVE_PROTOCOL_DEADMAN_MS + 500);

  stored = salve_session_repo_get (f->db, salve_session_get_id (session), &error);
  g_assert_no_error (error);
  events = salve_session_get_events (stored);
  for (guint i = 0; i < events->len; i++)
    {
      const SalveSessionEvent *event = g_ptr_array_index (events, i);

      if (event->kind == SALVE_SESSION_EVENT_PROGRESS)
        {
          n_progress++;
          g_assert_cmpstr (event->detail, ==, "10.0 mA");
        }
      last = event;
    }
  g_assert_cmpuint (n_progress, >=, 2);
  g_assert_cmpint (last->kind, ==, SALVE_SESSION_EVENT_LINK_LOST);
  g_assert_cmpint (last->elapsed_ms, <, 700 + SALVE_PROTOCOL_DEADMAN_MS + 500);

  started = g_date_time_new_from_iso8601 (salve_session_get_started_at (stored), NULL);
  ended = g_date_time_new_from_iso8601 (salve_session_get_ended_at (stored), NULL);
  g_assert_cmpint (g_date_time_difference (ended, started), <, (700 + SALVE_PROTOCOL_DEADMAN_MS + 500) * 1000);
}

/* A manual device does not stop when the laptop freezes: its time runs
 * on through the stall. */
static void
test_frozen_manual_counted (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) session = plan (f, "tens-neuropathy-hand-foot", SALVE_SITE_FOOT);
  g_autoptr(SalveSessionRunner) runner = salve_session_runner_new_manual (f->db, session);
  gint64 until;

  g_assert_true (salve_session_runner_start (runner, &error));
  g_assert_no_error (error);
  until = g_get_monotonic_time () + 200 * 1000;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (2 * G_USEC_PER_SEC);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (salve_session_runner_get_elapsed_ms (runner), >=, 2200);
  salve_session_runner_stop (runner);
  g_assert_cmpint (salve_session_runner_get_elapsed_ms (runner), >=, 2200);
}

/* Closing the app stops the device without the main loop first. */
static void
test_interrupt_and_dispose (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SalveSession) a = plan (f, "tens-high-frequency", SALVE_SITE_KNEE);
  g_autoptr(SalveSession) b = plan (f, "tens-high-frequency", SALVE_SITE_KNEE);
  g_autoptr(FakeDevice) device = g_object_new (FAKE_TYPE_DEVICE, NULL);
  g_autoptr(SalveSessionRunner) runner = NULL;
  SalveSessionRunner *dropped;
  g_autoptr(SalveSession) stored_a = NULL;
  g_autoptr(SalveSession) stored_b = NULL;

  runner = salve_session_runner_new_with_device (f->db, a, &fake_funcs, G_OBJECT (device));
  g_assert_true (salve_session_runner_start (runner, NULL));
  salve_session_runner_interrupt (runner, SALVE_SESSION_REASON_SUSPEND);
  g_assert_cmpuint (device->n_emergency_stops, ==, 1);
  g_assert_false (device->on);

  stored_a = salve_session_repo_get (f->db, salve_session_get_id (a), NULL);
  g_assert_cmpint (salve_session_get_outcome (stored_a), ==, SALVE_SESSION_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (salve_session_get_outcome_reason (stored_a), ==, "suspend");

  /* Dropping a runner mid-session is the app going away. */
  dropped = salve_session_runner_new_with_device (f->db, b, &fake_funcs, G_OBJECT (device));
  g_assert_true (salve_session_runner_start (dropped, NULL));
  g_assert_true (device->on);
  g_object_unref (dropped);
  g_assert_false (device->on);
  stored_b = salve_session_repo_get (f->db, salve_session_get_id (b), NULL);
  g_assert_cmpstr (salve_session_get_outcome_reason (stored_b), ==, "app-closed");
}

/* A device that refuses to start: the session does not pretend to run. */
static void
test_device_refuses (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) session = plan (f, "tens-high-frequency", SALVE_SITE_KNEE);
  g_autoptr(FakeDevice) device = g_object_new (FAKE_TYPE_DEVICE, NULL);
  g_autoptr(SalveSessionRunner) runner = NULL;
  g_autoptr(SalveSession) stored = NULL;

  device->refuse_start = TRUE;
  runner = salve_session_runner_new_with_device (f->db, session, &fake_funcs, G_OBJECT (device));
  g_assert_false (salve_session_runner_start (runner, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (salve_session_runner_get_state (runner), ==, SALVE_RUNNER_FINISHED);

  stored = salve_session_repo_get (f->db, salve_session_get_id (session), NULL);
  g_assert_cmpint (salve_session_get_outcome (stored), ==, SALVE_SESSION_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (salve_session_get_outcome_reason (stored), ==, "fault");
}

/* Stop pressed: stopped by the user, device off. */
static void
test_stop (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(SalveSession) session = plan (f, "pemf-local", SALVE_SITE_KNEE);
  g_autoptr(FakeDevice) device = g_object_new (FAKE_TYPE_DEVICE, NULL);
  g_autoptr(SalveSessionRunner) runner = NULL;
  g_autoptr(SalveSession) stored = NULL;

  runner = salve_session_runner_new_with_device (f->db, session, &fake_funcs, G_OBJECT (device));
  g_assert_cmpstr (salve_session_runner_get_intensity_key (runner), ==, "field-ut");
  g_assert_true (salve_session_runner_start (runner, NULL));
  g_assert_cmpfloat (device->goal, ==, 100);
  salve_session_runner_stop (runner);
  g_assert_cmpuint (device->n_stops, ==, 1);

  stored = salve_session_repo_get (f->db, salve_session_get_id (session), NULL);
  g_assert_cmpint (salve_session_get_outcome (stored), ==, SALVE_SESSION_OUTCOME_STOPPED);
  g_assert_cmpstr (salve_session_get_outcome_reason (stored), ==, "user");
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  int *state = user_data;

  *state = salve_stimulator_connect_finish (SALVE_STIMULATOR (source), result, NULL) ? 1 : 2;
}

static SalveStimulator *
connect_sim (SalveTestSim *sim)
{
  SalveStimulator *stim = salve_stimulator_new ();
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  int state = 0;

  salve_stimulator_connect_async (stim, sim->pty, NULL, on_connected, &state);
  while (state == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (state, ==, 1);

  return stim;
}

/* The real thing: the runner drives salve-stim-sim through the driver,
 * the output rises by ramp, and when the time is up the device's own log
 * shows output 0. */
static void
test_simulator_completes (Fixture       *f,
                          gconstpointer  data)
{
  const char *args[] = { "--modality", "tens", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_sim (sim);
  g_autoptr(SalveSession) session = plan (f, "tens-neuropathy-hand-foot", SALVE_SITE_HAND);
  g_autoptr(SalveSessionRunner) runner = NULL;
  g_autoptr(SalveSession) stored = NULL;
  g_autoptr(GError) error = NULL;
  guint lines;

  salve_session_set_planned_minutes (session, 0.04);   /* 2.4 s */
  runner = salve_session_runner_new_for_stimulator (f->db, session, stim);
  g_assert_true (salve_session_runner_is_connected (runner));
  g_assert_true (salve_session_runner_start (runner, &error));
  g_assert_no_error (error);

  /* ramping at 1 mA/s: at least 1 mA within 2 s, on the device's side */
  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 1.0, 2000), >=, 0);
  lines = salve_test_sim_n_lines (sim);
  run_until_finished (runner, 10000);
  g_assert_cmpint (salve_test_sim_wait (sim, lines, NULL, NULL, TRUE, 0, 2000), >=, 0);

  stored = salve_session_repo_get (f->db, salve_session_get_id (session), NULL);
  g_assert_cmpint (salve_session_get_outcome (stored), ==, SALVE_SESSION_OUTCOME_COMPLETED);
  g_assert_cmpint (salve_test_sim_naks_range (sim), ==, 0);

  salve_stimulator_disconnect (stim);
  salve_test_sim_free (sim);
}

/* The device dies mid-session: interrupted, link lost, and what was
 * entered before is all there. */
static void
test_simulator_killed (Fixture       *f,
                       gconstpointer  data)
{
  const char *args[] = { "--modality", "tens", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_sim (sim);
  g_autoptr(SalveSession) session = plan (f, "tens-neuropathy-hand-foot", SALVE_SITE_FOOT);
  g_autoptr(SalveSessionRunner) runner = NULL;
  g_autoptr(SalveSession) stored = NULL;

  runner = salve_session_runner_new_for_stimulator (f->db, session, stim);
  g_assert_true (salve_session_runner_start (runner, NULL));
  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 0.5, 2000), >=, 0);

  salve_test_sim_signal (sim, SIGKILL);
  run_until_finished (runner, 5000);

  stored = salve_session_repo_get (f->db, salve_session_get_id (session), NULL);
  g_assert_cmpint (salve_session_get_outcome (stored), ==, SALVE_SESSION_OUTCOME_INTERRUPTED);
  g_assert_true (g_str_equal (salve_session_get_outcome_reason (stored), "link-lost") ||
                 g_str_equal (salve_session_get_outcome_reason (stored), "fault"));
  g_assert_cmpint (salve_session_get_pain_before (stored), ==, 6);

  salve_stimulator_disconnect (stim);
  salve_test_sim_free (sim);
}

/* A device that acknowledges everything and reports 60 mA on a session
 * of a few mA: the session ends at once as interrupted by a fault, the
 * fault (what the device reported) is in its log, and the device was
 * stopped. */
static void
test_simulator_lies (Fixture       *f,
                     gconstpointer  data)
{
  const char *args[] = { "--modality", "tens", "--report-output", "60", "--log-frames", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_sim (sim);
  g_autoptr(SalveSession) session = plan (f, "tens-neuropathy-hand-foot", SALVE_SITE_HAND);
  g_autoptr(SalveSessionRunner) runner = NULL;
  g_autoptr(SalveSession) stored = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  GPtrArray *events;
  gboolean found = FALSE;
  gint64 first_stop_ms = -1;
  guint stops_at_once = 0;

  runner = salve_session_runner_new_for_stimulator (f->db, session, stim);
  g_assert_true (salve_session_runner_start (runner, NULL));
  run_until_finished (runner, 3000);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 1000), >=, 0);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_FAULT);

  stored = salve_session_repo_get (f->db, salve_session_get_id (session), NULL);
  g_assert_cmpint (salve_session_get_outcome (stored), ==, SALVE_SESSION_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (salve_session_get_outcome_reason (stored), ==, SALVE_SESSION_REASON_FAULT);
  events = salve_session_get_events (stored);
  for (guint i = 0; i < events->len; i++)
    {
      SalveSessionEvent *event = g_ptr_array_index (events, i);

      if (event->kind == SALVE_SESSION_EVENT_FAULT && event->detail != NULL && strstr (event->detail, "60 mA") != NULL)
        found = TRUE;
    }
  g_assert_true (found);

  /* One STOP, not the fault's and the session's both at once: a device
   * may hold one frame only (protocol.md, section 5). A repeat comes
   * only after 200 ms without an answer. */
  lines = salve_test_sim_read_log (sim);
  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (lines, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (line, "event", ""), "rx") != 0 ||
          json_object_get_int_member_with_default (line, "type", -1) != SALVE_MSG_STOP)
        continue;
      if (first_stop_ms < 0)
        first_stop_ms = json_object_get_int_member (line, "t_ms");
      if (json_object_get_int_member (line, "t_ms") - first_stop_ms < 100)
        stops_at_once++;
    }
  g_assert_cmpint (first_stop_ms, >=, 0);
  g_assert_cmpuint (stops_at_once, ==, 1);

  salve_stimulator_disconnect (stim);
  salve_test_sim_free (sim);
}

/* What the session window does when the computer is about to sleep. */
static void
on_prepare_for_sleep (SalveSleepMonitor  *monitor,
                      gboolean            sleeping,
                      SalveSessionRunner *runner)
{
  if (sleeping)
    salve_session_runner_interrupt (runner, SALVE_SESSION_REASON_SUSPEND);
}

/* The computer goes to sleep mid-session: the device is stopped and the
 * session is recorded as interrupted by the suspend, not as a fault. */
static void
test_simulator_suspend (Fixture       *f,
                        gconstpointer  data)
{
  const char *args[] = { "--modality", "tens", NULL };
  SalveTestLogind *logind = salve_test_logind_new ();
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(SalveStimulator) stim = connect_sim (sim);
  g_autoptr(SalveSession) session = plan (f, "tens-neuropathy-hand-foot", SALVE_SITE_HAND);
  g_autoptr(SalveSessionRunner) runner = NULL;
  g_autoptr(SalveSleepMonitor) monitor = NULL;
  g_autoptr(SalveSession) stored = NULL;
  g_auto(GStrv) kinds = NULL;
  gint64 deadline;
  guint lines;

  runner = salve_session_runner_new_for_stimulator (f->db, session, stim);
  monitor = salve_sleep_monitor_new ();
  salve_sleep_monitor_add_stimulator (monitor, stim);
  g_signal_connect (monitor, "prepare-for-sleep", G_CALLBACK (on_prepare_for_sleep), runner);

  g_assert_true (salve_session_runner_start (runner, NULL));
  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, "running", FALSE, 0.5, 2000), >=, 0);

  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while ((!salve_test_logind_inhibit_taken (logind) || !salve_sleep_monitor_is_active (monitor)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_true (salve_sleep_monitor_is_active (monitor));
  /* One delay lock, for the one stimulator. */
  g_assert_true (salve_test_logind_wait_held (logind, 1, 3000));

  lines = salve_test_sim_n_lines (sim);
  salve_test_logind_prepare_for_sleep (logind, TRUE);
  run_until_finished (runner, 3000);
  g_assert_cmpint (salve_test_sim_wait (sim, lines, "state", "stopped", TRUE, 0, 1000), >=, 0);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_STOPPED);
  g_assert_true (salve_test_logind_wait_held (logind, 0, 1000));

  stored = salve_session_repo_get (f->db, salve_session_get_id (session), NULL);
  g_assert_cmpint (salve_session_get_outcome (stored), ==, SALVE_SESSION_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (salve_session_get_outcome_reason (stored), ==, SALVE_SESSION_REASON_SUSPEND);
  kinds = event_kinds (f->db, salve_session_get_id (session));
  g_assert_false (g_strv_contains ((const char * const *) kinds, "fault"));

  g_clear_object (&monitor);
  salve_stimulator_disconnect (stim);
  salve_test_sim_free (sim);
  salve_test_logind_free (logind);
}

int
main (int   argc,
      char *argv[])
{
  salve_test_reexec_preloaded (argc, argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/devices/runner/manual-completes", test_manual_completes);
  ADD ("/devices/runner/manual-laser-points", test_manual_laser_points);
  ADD ("/devices/runner/nmes-rhythm-and-pause", test_nmes_rhythm_and_pause);
  ADD ("/devices/runner/device-link-lost", test_device_link_lost);
  g_test_add ("/devices/runner/frozen-loop-not-counted", Fixture, GINT_TO_POINTER (FALSE), fixture_setup,
              test_frozen_loop_not_counted, fixture_teardown);
  g_test_add ("/devices/runner/first-interval-marked", Fixture, NULL, fixture_setup,
              test_first_interval_marked, fixture_teardown);
  g_test_add ("/devices/runner/step-waits-for-output", Fixture, NULL, fixture_setup,
              test_step_waits_for_output, fixture_teardown);
  g_test_add ("/devices/runner/frozen-loop-ticked-first", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_frozen_loop_not_counted, fixture_teardown);
  ADD ("/devices/runner/frozen-manual-counted", test_frozen_manual_counted);
  ADD ("/devices/runner/interrupt-and-dispose", test_interrupt_and_dispose);
  ADD ("/devices/runner/device-refuses", test_device_refuses);
  ADD ("/devices/runner/stop", test_stop);
  ADD ("/devices/runner/simulator-completes", test_simulator_completes);
  ADD ("/devices/runner/simulator-killed", test_simulator_killed);
  ADD ("/devices/runner/simulator-suspend", test_simulator_suspend);
  ADD ("/devices/runner/simulator-lies", test_simulator_lies);
#undef ADD

  return g_test_run ();
}
