/* salve-session-runner.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-runner"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "salve-modality.h"
#include "salve-session-repo.h"
#include "salve-session-runner.h"
#include "salve-stimulator.h"
#include "salve-time.h"

#define TICK_MS 100
/* A session that ends this soon after a stall ends for it (its device's
 * link loss or fault is told within the stimulator's link timeout). */
#define STALL_END_WINDOW_MS 3000

struct _SalveSessionRunner
{
  GObject                       parent_instance;

  SalveDb                      *db;
  SalveSession                 *session;
  const SalveRunnerDeviceFuncs *funcs;
  GObject                      *device;

  SalveRunnerState              state;
  const char                   *intensity_key;
  SalveParam                    intensity_param;
  double                        intensity_goal;
  double                        intensity_limit;
  double                        intensity_step;
  /* The device has delivered the goal since it was last raised (seen on
   * a tick or at a step): only then may it be raised again. */
  gboolean                      goal_reached;

  /* Running time: accumulated over earlier running stretches plus the
   * current one since run_since_us (monotonic). */
  gint64                        run_accum_us;
  gint64                        run_since_us;
  gint64                        total_ms;
  /* The last tick (monotonic): a main loop that stood still longer than
   * the device's dead-man time (a frozen laptop) left the device
   * stopped by it, and that time is no treatment. */
  gint64                        last_tick_us;
  /* The last stall a tick took off the clock: how much, and when. */
  gint64                        stall_cut_us;
  gint64                        stall_seen_us;
  /* Elapsed running time of the last progress event, and how far apart
   * they are. */
  gint64                        progress_ms;
  guint                         progress_interval_ms;

  double                        seconds_per_point;
  guint                         n_points;
  guint                         point;
  double                        on_s;
  double                        off_s;
  gboolean                      rhythm_on;

  guint                         tick_id;
  GError                       *storage_error;
  SalveSessionJournal          *journal;     /* NULL: writes go straight to db */
  /* Set once we tell the device to stop, so its STOPPED state is not
   * mistaken for the device giving up by itself. */
  gboolean                      stopping;
  /* Set once the device took the start (or a manual device's time
   * began): from then on the session gave treatment. */
  gboolean                      started;
  gboolean                      start_stored;  /* store_start() done */
  gboolean                      start_needs_answer;  /* a stimulator: started once it accepts START */
};

G_DEFINE_TYPE (SalveSessionRunner, salve_session_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum {
  TICK,
  POINT_CHANGED,
  PHASE_CHANGED,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
salve_session_runner_dispose (GObject *object)
{
  SalveSessionRunner *self = (SalveSessionRunner *)object;

  /* Being dropped while the output is on is an interruption too. */
  if (self->state == SALVE_RUNNER_RUNNING || self->state == SALVE_RUNNER_PAUSED)
    salve_session_runner_interrupt (self, SALVE_SESSION_REASON_APP_CLOSED);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->device);

  G_OBJECT_CLASS (salve_session_runner_parent_class)->dispose (object);
}

static void
salve_session_runner_finalize (GObject *object)
{
  SalveSessionRunner *self = (SalveSessionRunner *)object;

  g_clear_object (&self->db);
  g_clear_object (&self->session);
  g_clear_object (&self->journal);
  g_clear_error (&self->storage_error);

  G_OBJECT_CLASS (salve_session_runner_parent_class)->finalize (object);
}

static void
salve_session_runner_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SalveSessionRunner *self = SALVE_SESSION_RUNNER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_session_runner_class_init (SalveSessionRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = salve_session_runner_dispose;
  object_class->finalize = salve_session_runner_finalize;
  object_class->get_property = salve_session_runner_get_property;

  properties [PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      SALVE_RUNNER_READY, SALVE_RUNNER_FINISHED, SALVE_RUNNER_READY,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals [TICK] =
    g_signal_new ("tick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals [POINT_CHANGED] =
    g_signal_new ("point-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals [PHASE_CHANGED] =
    g_signal_new ("phase-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals [FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
salve_session_runner_init (SalveSessionRunner *self)
{
  self->intensity_limit = NAN;
  self->total_ms = -1;
  self->progress_interval_ms = SALVE_SESSION_RUNNER_PROGRESS_MS;
}

static void
set_state (SalveSessionRunner *self,
           SalveRunnerState    state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
}

/* A failed write must not stop the treatment half-way or hide a device
 * fault: keep the first error for the UI to show, and go on. */
static void
keep_storage_error (SalveSessionRunner *self,
                    GError             *error)
{
  g_warning ("Could not log session %" G_GINT64_FORMAT ": %s",
             salve_session_get_id (self->session), error->message);
  if (self->storage_error == NULL)
    self->storage_error = g_error_copy (error);
}

static void
log_event (SalveSessionRunner    *self,
           SalveSessionEventKind  kind,
           const char            *detail)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSessionEvent) event = NULL;

  event = salve_session_event_new (kind, salve_session_runner_get_elapsed_ms (self), detail, NULL);
  if (self->journal != NULL)
    {
      salve_session_journal_add_event (self->journal, event);
      salve_session_add_event (self->session, g_steal_pointer (&event));
    }
  else if (!salve_session_repo_add_event (self->db, salve_session_get_id (self->session), event, &error))
    keep_storage_error (self, error);
  else
    salve_session_add_event (self->session, g_steal_pointer (&event));
}

static void
setup_plan (SalveSessionRunner *self)
{
  SalveSession *s = self->session;
  SalveModality modality = salve_session_get_modality (s);
  double minutes = salve_session_get_planned_minutes (s);

  self->intensity_param = salve_modality_get_intensity_param (modality);
  self->intensity_key = salve_param_to_id (self->intensity_param);
  self->intensity_goal = salve_session_get_param (s, self->intensity_key, 0);
  self->goal_reached = self->intensity_goal <= 0;

  switch (self->intensity_param)
    {
    case SALVE_PARAM_POWER_MW:
      self->intensity_step = 10;
      break;
    case SALVE_PARAM_FIELD_UT:
      self->intensity_step = 5;
      break;
    case SALVE_PARAM_INTENSITY_MA:
    case SALVE_PARAM_FREQUENCY_HZ:
    case SALVE_PARAM_PULSE_US:
    case SALVE_PARAM_ELECTRODE_CM2:
    case SALVE_PARAM_ON_S:
    case SALVE_PARAM_OFF_S:
    case SALVE_PARAM_RAMP_S:
    case SALVE_PARAM_WAVELENGTH_NM:
    case SALVE_PARAM_DOSE_J:
    case SALVE_PARAM_POINTS:
    case SALVE_PARAM_BEAM_CM2:
    case SALVE_PARAM_MINUTES:
    case SALVE_N_PARAMS:
    default:
      self->intensity_step = 1;
      break;
    }

  if (modality == SALVE_MODALITY_LASER)
    {
      double dose = salve_session_get_param (s, "dose-j", 0);
      double power = salve_session_get_param (s, "power-mw", 0);
      double points = salve_session_get_param (s, "points", 1);

      self->n_points = points >= 1 ? (guint) MIN (points, 1000) : 1;
      self->seconds_per_point = (dose > 0 && power > 0) ? salve_laser_seconds (dose, power) : 0;
      /* A stored plan is not trusted to be within the catalogue: no point
       * outlasts the longest session, so the milliseconds fit. */
      self->seconds_per_point = MIN (self->seconds_per_point, SALVE_MAX_SESSION_MINUTES * 60);
      if (self->seconds_per_point > 0)
        self->total_ms = (gint64) llround (self->seconds_per_point * 1000.0) * self->n_points;
    }

  if (self->total_ms < 0 && minutes > 0)
    self->total_ms = (gint64) llround (MIN (minutes, SALVE_MAX_SESSION_MINUTES) * 60000.0);

  self->on_s = salve_session_get_param (s, "on-s", 0);
  self->off_s = salve_session_get_param (s, "off-s", 0);
}

static SalveSessionRunner *
runner_new (SalveDb      *db,
            SalveSession *session)
{
  SalveSessionRunner *self;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);
  g_return_val_if_fail (SALVE_IS_SESSION (session), NULL);

  self = g_object_new (SALVE_TYPE_SESSION_RUNNER, NULL);
  self->db = g_object_ref (db);
  self->session = g_object_ref (session);
  setup_plan (self);

  return self;
}

SalveSessionRunner *
salve_session_runner_new_manual (SalveDb      *db,
                                 SalveSession *session)
{
  return runner_new (db, session);
}

SalveSessionRunner *
salve_session_runner_new_with_device (SalveDb                      *db,
                                      SalveSession                 *session,
                                      const SalveRunnerDeviceFuncs *funcs,
                                      GObject                      *device)
{
  SalveSessionRunner *self;

  g_return_val_if_fail (funcs != NULL, NULL);
  g_return_val_if_fail (G_IS_OBJECT (device), NULL);

  self = runner_new (db, session);
  self->funcs = funcs;
  self->device = g_object_ref (device);

  return self;
}

SalveSession *
salve_session_runner_get_session (SalveSessionRunner *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), NULL);
  return self->session;
}

SalveRunnerState
salve_session_runner_get_state (SalveSessionRunner *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), SALVE_RUNNER_FINISHED);
  return self->state;
}

gboolean
salve_session_runner_has_started (SalveSessionRunner *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), FALSE);
  return self->started;
}

gboolean
salve_session_runner_is_connected (SalveSessionRunner *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), FALSE);
  return self->device != NULL;
}

const char *
salve_session_runner_get_intensity_key (SalveSessionRunner *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), NULL);
  return self->intensity_key;
}

void
salve_session_runner_set_intensity_limit (SalveSessionRunner *self,
                                          double              max)
{
  g_return_if_fail (SALVE_IS_SESSION_RUNNER (self));
  self->intensity_limit = max;
}

void
salve_session_runner_set_progress_interval (SalveSessionRunner *self,
                                            guint               interval_ms)
{
  g_return_if_fail (SALVE_IS_SESSION_RUNNER (self));
  g_return_if_fail (interval_ms > 0);
  self->progress_interval_ms = interval_ms;
}

void
salve_session_runner_set_intensity_step (SalveSessionRunner *self,
                                         double              step)
{
  g_return_if_fail (SALVE_IS_SESSION_RUNNER (self));
  g_return_if_fail (step > 0);
  self->intensity_step = step;
}

double
salve_session_runner_get_intensity_goal (SalveSessionRunner *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), 0);
  return self->intensity_goal;
}

double
salve_session_runner_get_output (SalveSessionRunner *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), 0);

  if (self->device != NULL && self->funcs->get_output != NULL)
    {
      double out = self->funcs->get_output (self->device);
      if (!isnan (out))
        return out;
    }

  return self->state == SALVE_RUNNER_RUNNING ? self->intensity_goal : 0;
}

/* Now, for the running clock; but after the main loop stood still for
 * longer than the dead-man time, a device that follows the protocol
 * stopped its output that long after the last tick (nothing was sent to
 * it since), and the session's running time ends there. A manual device
 * does not stop when the laptop freezes: its time is the clock's. */
static gint64
pending_stall_us (SalveSessionRunner *self,
                  gint64              now)
{
  gint64 deadman_us = (gint64) SALVE_PROTOCOL_DEADMAN_MS * 1000;

  if (self->device == NULL || self->state != SALVE_RUNNER_RUNNING || self->last_tick_us <= 0 ||
      now - self->last_tick_us <= deadman_us)
    return 0;

  return now - (self->last_tick_us + deadman_us);
}

/* Whether a tick took a stall off the clock a moment ago: the device has
 * been stopped since, and its lost link is about to be told. */
static gboolean
just_stalled (SalveSessionRunner *self,
              gint64              now)
{
  return self->device != NULL && self->state == SALVE_RUNNER_RUNNING && self->stall_seen_us > 0 &&
         self->stall_seen_us >= self->run_since_us && now - self->stall_seen_us < STALL_END_WINDOW_MS * 1000;
}

static gint64
running_now (SalveSessionRunner *self)
{
  gint64 now = g_get_monotonic_time ();

  /* On the running clock, whose start a tick moved on by the stall. */
  if (just_stalled (self, now))
    return self->stall_seen_us;

  return now - pending_stall_us (self, now);
}

gint64
salve_session_runner_get_elapsed_ms (SalveSessionRunner *self)
{
  gint64 us;

  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), 0);

  us = self->run_accum_us;
  if (self->state == SALVE_RUNNER_RUNNING)
    us += running_now (self) - self->run_since_us;

  return us / 1000;
}

gint64
salve_session_runner_get_total_ms (SalveSessionRunner *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), -1);
  return self->total_ms;
}

double
salve_session_runner_get_seconds_per_point (SalveSessionRunner *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), 0);
  return self->seconds_per_point;
}

guint
salve_session_runner_get_n_points (SalveSessionRunner *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), 0);
  return self->seconds_per_point > 0 ? self->n_points : 0;
}

static guint
point_at (SalveSessionRunner *self,
          gint64              elapsed_ms)
{
  gint64 per_point_ms = (gint64) llround (self->seconds_per_point * 1000.0);

  if (per_point_ms <= 0)
    return 0;

  return (guint) MIN (elapsed_ms / per_point_ms + 1, (gint64) self->n_points);
}

guint
salve_session_runner_get_point (SalveSessionRunner *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), 0);
  return point_at (self, salve_session_runner_get_elapsed_ms (self));
}

gint64
salve_session_runner_get_point_remaining_ms (SalveSessionRunner *self)
{
  gint64 per_point_ms;
  guint point;

  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), 0);

  per_point_ms = (gint64) llround (self->seconds_per_point * 1000.0);
  point = salve_session_runner_get_point (self);
  if (point == 0)
    return 0;

  return MAX (0, point * per_point_ms - salve_session_runner_get_elapsed_ms (self));
}

gboolean
salve_session_runner_has_rhythm (SalveSessionRunner *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), FALSE);
  return self->on_s > 0 && self->off_s > 0;
}

static gboolean
rhythm_on_at (SalveSessionRunner *self,
              gint64              elapsed_ms,
              gint64             *remaining_ms)
{
  gint64 on_ms = (gint64) llround (self->on_s * 1000.0);
  gint64 cycle_ms = on_ms + (gint64) llround (self->off_s * 1000.0);
  gint64 pos;

  if (cycle_ms <= 0)
    {
      *remaining_ms = 0;
      return TRUE;
    }

  pos = elapsed_ms % cycle_ms;
  if (pos < on_ms)
    {
      *remaining_ms = on_ms - pos;
      return TRUE;
    }

  *remaining_ms = cycle_ms - pos;
  return FALSE;
}

gboolean
salve_session_runner_get_rhythm_on (SalveSessionRunner *self)
{
  gint64 remaining;

  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), FALSE);
  return rhythm_on_at (self, salve_session_runner_get_elapsed_ms (self), &remaining);
}

gint64
salve_session_runner_get_phase_remaining_ms (SalveSessionRunner *self)
{
  gint64 remaining;

  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), 0);
  rhythm_on_at (self, salve_session_runner_get_elapsed_ms (self), &remaining);
  return remaining;
}

void
salve_session_runner_set_journal (SalveSessionRunner  *self,
                                  SalveSessionJournal *journal)
{
  g_return_if_fail (SALVE_IS_SESSION_RUNNER (self));
  g_return_if_fail (journal == NULL || SALVE_IS_SESSION_JOURNAL (journal));

  g_set_object (&self->journal, journal);
}

const GError *
salve_session_runner_get_storage_error (SalveSessionRunner *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), NULL);
  if (self->storage_error == NULL && self->journal != NULL)
    return salve_session_journal_get_error (self->journal);
  return self->storage_error;
}

static char *
format_intensity (SalveSessionRunner *self,
                  double              value)
{
  return g_strdup_printf ("%.1f %s", value, salve_param_get_unit (self->intensity_param));
}

static void
stop_ticking (SalveSessionRunner *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
freeze_clock (SalveSessionRunner *self)
{
  if (self->state == SALVE_RUNNER_RUNNING)
    self->run_accum_us += running_now (self) - self->run_since_us;
}

/* The session's end on the wall clock: now, less the time a frozen main
 * loop was taken off the running clock (running_now()). */
static char *
ended_at (SalveSessionRunner *self)
{
  gint64 now_us = g_get_monotonic_time ();
  gint64 end_us = now_us - pending_stall_us (self, now_us);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) end = NULL;

  /* A tick after the stall took it off the clock already: the output
   * ended where the stall began to count. */
  if (just_stalled (self, now_us))
    end_us = MIN (end_us, self->stall_seen_us - self->stall_cut_us);
  end = end_us < now_us ? g_date_time_add (now, end_us - now_us) : g_date_time_ref (now);

  return salve_time_format_iso (end);
}

/* The last word on a session: device off first (the caller did that),
 * then the outcome and what was reached, on disk. */
static void
finish (SalveSessionRunner  *self,
        SalveSessionOutcome  outcome,
        const char          *reason)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *now = NULL;

  if (self->state == SALVE_RUNNER_FINISHED)
    return;

  stop_ticking (self);
  freeze_clock (self);

  if (self->intensity_goal > 0)
    {
      salve_session_set_param (self->session, self->intensity_key, self->intensity_goal);
      if (self->journal != NULL)
        salve_session_journal_update_params (self->journal);
      else if (!salve_session_repo_update_params (self->db, self->session, &error))
        {
          keep_storage_error (self, error);
          g_clear_error (&error);
        }
    }

  now = ended_at (self);
  if (self->journal != NULL)
    salve_session_journal_finish (self->journal, outcome, reason, now);
  else if (!salve_session_repo_finish (self->db, salve_session_get_id (self->session),
                                  outcome, reason, now, &error))
    keep_storage_error (self, error);

  salve_session_set_outcome (self->session, outcome, reason);
  salve_session_set_ended_at (self->session, now);
  set_state (self, SALVE_RUNNER_FINISHED);
  g_signal_emit (self, signals [FINISHED], 0);
}

static void
device_stop (SalveSessionRunner *self,
             gboolean            emergency)
{
  if (self->device == NULL)
    return;

  self->stopping = TRUE;
  if (emergency && self->funcs->emergency_stop != NULL)
    self->funcs->emergency_stop (self->device);
  else
    self->funcs->stop (self->device);
}

static void
check_progress (SalveSessionRunner *self)
{
  gint64 elapsed = salve_session_runner_get_elapsed_ms (self);
  guint interval;
  guint point;

  if (self->seconds_per_point > 0)
    {
      point = point_at (self, elapsed);
      if (point != self->point && elapsed < self->total_ms)
        {
          g_autofree char *detail = g_strdup_printf (_("point %u of %u"), point, self->n_points);

          self->point = point;
          log_event (self, SALVE_SESSION_EVENT_POINT, detail);
          g_signal_emit (self, signals [POINT_CHANGED], 0, point);
        }
    }

  if (salve_session_runner_has_rhythm (self))
    {
      gint64 remaining;
      gboolean on = rhythm_on_at (self, elapsed, &remaining);

      if (on != self->rhythm_on)
        {
          self->rhythm_on = on;
          g_signal_emit (self, signals [PHASE_CHANGED], 0, on);
        }
    }

  /* The first interval is marked four times: a program killed in a
   * session's first minute leaves its length too, not just its start. */
  interval = self->progress_interval_ms;
  if (elapsed < (gint64) interval)
    interval = MAX (interval / 4, 1);
  if ((self->total_ms < 0 || elapsed < self->total_ms) &&
      elapsed - self->progress_ms >= (gint64) interval)
    {
      g_autofree char *output = format_intensity (self, salve_session_runner_get_output (self));

      self->progress_ms = elapsed;
      log_event (self, SALVE_SESSION_EVENT_PROGRESS, output);
    }

  if (self->total_ms >= 0 && elapsed >= self->total_ms)
    {
      device_stop (self, FALSE);
      log_event (self, SALVE_SESSION_EVENT_STOP, _("time is up"));
      finish (self, SALVE_SESSION_OUTCOME_COMPLETED, NULL);
    }
}

/* Latches goal_reached once the output comes within half a step of the
 * goal: a device that rests between contractions (NMES) has reached it
 * for its next one too. */
static void
see_goal_reached (SalveSessionRunner *self)
{
  if (!self->goal_reached &&
      salve_session_runner_get_output (self) >= self->intensity_goal - self->intensity_step / 2)
    self->goal_reached = TRUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  SalveSessionRunner *self = user_data;
  gboolean running;

  if (self->state != SALVE_RUNNER_RUNNING)
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }

  /* Back from a stall longer than the dead-man time: the time beyond it
   * is taken off the running clock for good (see running_now()). */
  {
    gint64 now = g_get_monotonic_time ();
    gint64 cut = pending_stall_us (self, now);

    if (cut > 0)
      {
        self->run_since_us += cut;
        self->stall_cut_us = cut;
        self->stall_seen_us = now;
      }
    self->last_tick_us = now;
  }

  see_goal_reached (self);

  /* A handler may drop the last reference to the runner. */
  g_object_ref (self);
  g_signal_emit (self, signals [TICK], 0);
  check_progress (self);
  running = self->state == SALVE_RUNNER_RUNNING;
  if (!running)
    self->tick_id = 0;
  g_object_unref (self);

  return running ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
start_ticking (SalveSessionRunner *self)
{
  self->run_since_us = g_get_monotonic_time ();
  self->last_tick_us = self->run_since_us;
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
}

static gboolean
ramp_device (SalveSessionRunner  *self,
             double               goal,
             GError             **error)
{
  if (self->device == NULL || goal <= 0)
    return TRUE;

  return self->funcs->ramp_to (self->device, goal, error);
}

/* The session started on its device: treatment was given from here. */
static void
mark_started (SalveSessionRunner *self)
{
  self->started = TRUE;
  log_event (self, SALVE_SESSION_EVENT_START, NULL);
}

/* The rise the start asked for, after the start in the log. A manual
 * laser or PEMF unit is set, not ramped; a stimulator is raised
 * gradually, by the driver or by the person. */
static void
log_first_ramp (SalveSessionRunner *self)
{
  if (self->intensity_goal > 0 &&
      (self->device != NULL || salve_modality_is_electrical (salve_session_get_modality (self->session))))
    {
      g_autofree char *to = format_intensity (self, self->intensity_goal);
      g_autofree char *detail = g_strdup_printf ("0 → %s", to);

      log_event (self, SALVE_SESSION_EVENT_RAMP, detail);
    }
}

gboolean
salve_session_runner_store_start (SalveSessionRunner  *self,
                                  GError             **error)
{
  gint64 id;

  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), FALSE);
  g_return_val_if_fail (self->state == SALVE_RUNNER_READY, FALSE);
  /* Stored, or its row queued in the journal ahead of every write here. */
  g_return_val_if_fail (self->journal != NULL || salve_session_get_id (self->session) > 0, FALSE);

  if (self->start_stored)
    return TRUE;

  id = salve_session_get_id (self->session);

  /* Stored before a single byte goes to the device: a crash from here on
   * leaves a running session that the next start closes as interrupted. */
  if (self->journal != NULL)
    {
      g_autofree char *now = salve_time_now_iso ();

      /* Queued while another program holds the database; a refusal (of
       * this write or of one before it: the session's own row, its
       * acknowledgements) stops the start as a failed write does. */
      salve_session_journal_mark_started (self->journal, now);
      if (salve_session_journal_get_error (self->journal) != NULL)
        {
          if (error != NULL)
            *error = g_error_copy (salve_session_journal_get_error (self->journal));
          return FALSE;
        }
      salve_session_set_started_at (self->session, now);
    }
  else if (!salve_session_repo_mark_started (self->db, id, NULL, error))
    return FALSE;
  else
  {
    g_autoptr(SalveSession) stored = salve_session_repo_get (self->db, id, NULL);
    if (stored != NULL)
      salve_session_set_started_at (self->session, salve_session_get_started_at (stored));
  }

  self->start_stored = TRUE;
  return TRUE;
}

gboolean
salve_session_runner_start (SalveSessionRunner  *self,
                            GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), FALSE);
  g_return_val_if_fail (self->state == SALVE_RUNNER_READY, FALSE);

  if (!salve_session_runner_store_start (self, error))
    return FALSE;
  salve_session_set_outcome (self->session, SALVE_SESSION_OUTCOME_RUNNING, NULL);

  if (self->device != NULL && !self->funcs->start (self->device, &local_error))
    {
      log_event (self, SALVE_SESSION_EVENT_FAULT, local_error->message);
      device_stop (self, FALSE);
      finish (self, SALVE_SESSION_OUTCOME_INTERRUPTED, SALVE_SESSION_REASON_FAULT);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  set_state (self, SALVE_RUNNER_RUNNING);
  start_ticking (self);
  /* A stimulator may still refuse START: the session started on it only
   * once it accepts (on_stimulator_state). */
  if (!self->start_needs_answer)
    mark_started (self);

  if (!ramp_device (self, self->intensity_goal, &local_error))
    {
      salve_session_runner_device_failed (self, SALVE_SESSION_REASON_FAULT, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (self->started)
    log_first_ramp (self);

  check_progress (self);

  return TRUE;
}

gboolean
salve_session_runner_pause (SalveSessionRunner  *self,
                            GError             **error)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), FALSE);

  if (self->state != SALVE_RUNNER_RUNNING)
    return TRUE;

  if (self->device != NULL && !self->funcs->pause (self->device, error))
    {
      /* Could not pause: stopping is the safe way out. */
      device_stop (self, FALSE);
      log_event (self, SALVE_SESSION_EVENT_FAULT, error && *error ? (*error)->message : NULL);
      finish (self, SALVE_SESSION_OUTCOME_INTERRUPTED, SALVE_SESSION_REASON_FAULT);
      return FALSE;
    }

  freeze_clock (self);
  stop_ticking (self);
  set_state (self, SALVE_RUNNER_PAUSED);
  log_event (self, SALVE_SESSION_EVENT_PAUSE, NULL);

  return TRUE;
}

gboolean
salve_session_runner_resume (SalveSessionRunner  *self,
                             GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), FALSE);

  if (self->state != SALVE_RUNNER_PAUSED)
    return TRUE;

  /* The device resumes at 0 and ramps back up: never a jump, and no
   * step above the goal before it is back there. */
  self->goal_reached = self->device == NULL || self->intensity_goal <= 0;
  if (self->device != NULL &&
      (!self->funcs->start (self->device, &local_error) ||
       !ramp_device (self, self->intensity_goal, &local_error)))
    {
      salve_session_runner_device_failed (self, SALVE_SESSION_REASON_FAULT, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  set_state (self, SALVE_RUNNER_RUNNING);
  start_ticking (self);
  log_event (self, SALVE_SESSION_EVENT_RESUME, NULL);

  return TRUE;
}

static double
hard_limit (SalveSessionRunner *self)
{
  const SalveParamSpec *spec = salve_modality_get_param (salve_session_get_modality (self->session),
                                                         self->intensity_param);
  double limit = spec != NULL ? spec->limit_max : INFINITY;

  if (!isnan (self->intensity_limit))
    limit = MIN (limit, self->intensity_limit);

  return limit;
}

double
salve_session_runner_get_intensity_max (SalveSessionRunner *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), 0);
  return hard_limit (self);
}

static gboolean
change_intensity (SalveSessionRunner  *self,
                  double               delta,
                  GError             **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *detail = NULL;
  double goal;

  if (self->state != SALVE_RUNNER_RUNNING)
    return TRUE;

  /* One step at a time, each felt before the next: a raise waits until
   * the device delivers the goal. Pressed ten times in a second, "+"
   * took the goal ten steps up, and the device went on rising for
   * seconds after the person had stopped pressing. Lowering is never
   * held back. */
  see_goal_reached (self);
  if (delta > 0 && !self->goal_reached)
    return TRUE;

  goal = CLAMP (self->intensity_goal + delta, 0, hard_limit (self));
  /* Keep the numbers on the step grid: 9.999 mA helps nobody. */
  goal = round (goal * 100.0) / 100.0;
  if (goal == self->intensity_goal)
    return TRUE;

  if (!ramp_device (self, goal, error))
    return FALSE;
  self->goal_reached = goal < self->intensity_goal;

  from = format_intensity (self, self->intensity_goal);
  to = format_intensity (self, goal);
  detail = g_strdup_printf ("%s → %s", from, to);
  self->intensity_goal = goal;
  log_event (self, SALVE_SESSION_EVENT_INTENSITY, detail);

  return TRUE;
}

gboolean
salve_session_runner_intensity_up (SalveSessionRunner  *self,
                                   GError             **error)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), FALSE);
  return change_intensity (self, self->intensity_step, error);
}

gboolean
salve_session_runner_intensity_down (SalveSessionRunner  *self,
                                     GError             **error)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), FALSE);
  return change_intensity (self, -self->intensity_step, error);
}

gboolean
salve_session_runner_add_note (SalveSessionRunner  *self,
                               const char          *note,
                               GError             **error)
{
  g_return_val_if_fail (SALVE_IS_SESSION_RUNNER (self), FALSE);

  if (self->journal != NULL)
    {
      salve_session_journal_log (self->journal, SALVE_SESSION_EVENT_NOTE,
                                 salve_session_runner_get_elapsed_ms (self), note, NULL);
      if (salve_session_journal_get_error (self->journal) != NULL)
        {
          if (error != NULL)
            *error = g_error_copy (salve_session_journal_get_error (self->journal));
          return FALSE;
        }
      return TRUE;
    }

  return salve_session_repo_log (self->db, salve_session_get_id (self->session),
                                 SALVE_SESSION_EVENT_NOTE,
                                 salve_session_runner_get_elapsed_ms (self),
                                 note, NULL, error);
}

void
salve_session_runner_stop (SalveSessionRunner *self)
{
  g_return_if_fail (SALVE_IS_SESSION_RUNNER (self));

  if (self->state == SALVE_RUNNER_FINISHED)
    return;

  device_stop (self, FALSE);

  if (self->state == SALVE_RUNNER_READY)
    {
      finish (self, SALVE_SESSION_OUTCOME_STOPPED, SALVE_SESSION_REASON_USER);
      return;
    }

  log_event (self, SALVE_SESSION_EVENT_STOP, NULL);
  finish (self, SALVE_SESSION_OUTCOME_STOPPED, SALVE_SESSION_REASON_USER);
}

void
salve_session_runner_interrupt (SalveSessionRunner *self,
                                const char         *reason)
{
  g_return_if_fail (SALVE_IS_SESSION_RUNNER (self));

  if (self->state == SALVE_RUNNER_FINISHED)
    return;

  device_stop (self, TRUE);

  if (self->state != SALVE_RUNNER_READY)
    log_event (self, SALVE_SESSION_EVENT_STOP, salve_session_reason_get_name (reason));

  finish (self, SALVE_SESSION_OUTCOME_INTERRUPTED, reason);
}

void
salve_session_runner_device_failed (SalveSessionRunner *self,
                                    const char         *reason,
                                    const char         *detail)
{
  g_return_if_fail (SALVE_IS_SESSION_RUNNER (self));

  if (self->state == SALVE_RUNNER_FINISHED)
    return;

  /* The driver has stopped it already; asking again costs nothing. */
  device_stop (self, FALSE);
  log_event (self,
             g_strcmp0 (reason, SALVE_SESSION_REASON_LINK_LOST) == 0
               ? SALVE_SESSION_EVENT_LINK_LOST : SALVE_SESSION_EVENT_FAULT,
             detail);
  finish (self, SALVE_SESSION_OUTCOME_INTERRUPTED, reason);
}

/* The stimulator driver behind the runner's device functions. */

static gboolean
stim_start (gpointer   device,
            GError   **error)
{
  return salve_stimulator_start (SALVE_STIMULATOR (device), error);
}

static gboolean
stim_pause (gpointer   device,
            GError   **error)
{
  return salve_stimulator_pause (SALVE_STIMULATOR (device), error);
}

static gboolean
stim_ramp_to (gpointer   device,
              double     goal,
              GError   **error)
{
  return salve_stimulator_ramp_to (SALVE_STIMULATOR (device), goal, error);
}

static void
stim_stop (gpointer device)
{
  salve_stimulator_stop (SALVE_STIMULATOR (device));
}

static void
stim_emergency_stop (gpointer device)
{
  salve_stimulator_emergency_stop (SALVE_STIMULATOR (device));
}

static double
stim_get_output (gpointer device)
{
  return salve_stimulator_get_output (SALVE_STIMULATOR (device), 0);
}

static const SalveRunnerDeviceFuncs stimulator_funcs = {
  stim_start, stim_pause, stim_ramp_to, stim_stop, stim_emergency_stop, stim_get_output,
};

static void
on_stimulator_state (SalveStimulator    *stim,
                     GParamSpec         *pspec,
                     SalveSessionRunner *self)
{
  const GError *last = salve_stimulator_get_last_error (stim);
  const char *detail = last != NULL ? last->message : NULL;

  if (self->stopping ||
      (self->state != SALVE_RUNNER_RUNNING && self->state != SALVE_RUNNER_PAUSED))
    return;

  switch (salve_stimulator_get_state (stim))
    {
    case SALVE_STIMULATOR_FAULT:
      salve_session_runner_device_failed (self, SALVE_SESSION_REASON_FAULT, detail);
      break;

    case SALVE_STIMULATOR_LINK_LOST:
    case SALVE_STIMULATOR_IDLE:
      salve_session_runner_device_failed (self, SALVE_SESSION_REASON_LINK_LOST, detail);
      break;

    case SALVE_STIMULATOR_STOPPED:
      /* Nobody here asked for it (our own stops finish the runner first):
       * the device gave up by itself, e.g. on its dead-man timer. */
      salve_session_runner_device_failed (self, SALVE_SESSION_REASON_FAULT,
                                          detail ? detail : _("The device stopped by itself."));
      break;

    case SALVE_STIMULATOR_RUNNING:
      /* It accepted START (and a resume's, once started, changes nothing). */
      if (!self->started)
        {
          mark_started (self);
          log_first_ramp (self);
        }
      break;

    case SALVE_STIMULATOR_CONNECTING:
    case SALVE_STIMULATOR_READY:
    case SALVE_STIMULATOR_PAUSED:
    default:
      break;
    }
}

SalveSessionRunner *
salve_session_runner_new_for_stimulator (SalveDb         *db,
                                         SalveSession    *session,
                                         SalveStimulator *stimulator)
{
  SalveSessionRunner *self;

  g_return_val_if_fail (SALVE_IS_STIMULATOR (stimulator), NULL);

  self = salve_session_runner_new_with_device (db, session, &stimulator_funcs, G_OBJECT (stimulator));
  self->start_needs_answer = TRUE;
  g_signal_connect_object (stimulator, "notify::state", G_CALLBACK (on_stimulator_state), self, 0);

  return self;
}
