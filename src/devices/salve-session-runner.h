/* salve-session-runner.h: runs one session, on a connected stimulator or
 * by timing and prompting for a manual device, and logs it as it goes
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "salve-db.h"
#include "salve-session.h"
#include "salve-session-journal.h"
#include "salve-stimulator.h"

G_BEGIN_DECLS

/* What the runner needs from a device it drives. The stimulator driver
 * is one (salve_session_runner_new_for_stimulator); tests use fakes. Every
 * call happens on the main context the runner was made in. */
typedef struct
{
  /* Output on from 0 (also to resume after a pause). */
  gboolean (*start)          (gpointer   device,
                              GError   **error);
  gboolean (*pause)          (gpointer   device,
                              GError   **error);
  /* Set the intensity goal; the device ramps there. */
  gboolean (*ramp_to)        (gpointer   device,
                              double     goal,
                              GError   **error);
  /* Never fails. */
  void     (*stop)           (gpointer   device);
  /* For exit paths: stop without the main loop. May be NULL (stop is used). */
  void     (*emergency_stop) (gpointer   device);
  /* The output now, in the intensity's unit; NAN when unknown. */
  double   (*get_output)     (gpointer   device);
} SalveRunnerDeviceFuncs;

typedef enum
{
  SALVE_RUNNER_READY,     /* planned, not started */
  SALVE_RUNNER_RUNNING,
  SALVE_RUNNER_PAUSED,
  SALVE_RUNNER_FINISHED,  /* see the session's outcome */
} SalveRunnerState;

#define SALVE_TYPE_SESSION_RUNNER (salve_session_runner_get_type ())

G_DECLARE_FINAL_TYPE (SalveSessionRunner, salve_session_runner, SALVE, SESSION_RUNNER, GObject)

/* @session must already be stored (salve_session_repo_create), or its
 * row queued in the journal given with set_journal() before start(). A manual
 * device: Salve keeps the time and prompts; intensity changes are what
 * the person reports having set. */
SalveSessionRunner *salve_session_runner_new_manual      (SalveDb                      *db,
                                                          SalveSession                 *session);
/* @device is kept (a GObject reference) until the runner is finalized. */
SalveSessionRunner *salve_session_runner_new_with_device (SalveDb                      *db,
                                                          SalveSession                 *session,
                                                          const SalveRunnerDeviceFuncs *funcs,
                                                          GObject                      *device);

/* Drives a connected SalveStimulator (salve-stimulator.h): its faults
 * and link loss end the session as interrupted. */
SalveSessionRunner *salve_session_runner_new_for_stimulator (SalveDb                   *db,
                                                             SalveSession              *session,
                                                             SalveStimulator           *stimulator);

/* From here on every write of the runner goes through @journal (kept):
 * queued in order and retried while the database is busy, so a busy
 * database never holds up the main loop nor loses a write. Set it before
 * start(). The journal's refusal is the runner's storage error then. */
void                salve_session_runner_set_journal     (SalveSessionRunner  *self,
                                                          SalveSessionJournal *journal);

SalveSession       *salve_session_runner_get_session     (SalveSessionRunner *self);
SalveRunnerState    salve_session_runner_get_state       (SalveSessionRunner *self);
/* TRUE once the device took the start (a manual device: once its time
 * began), the moment the "start" event is logged; it stays TRUE after the
 * session ends. FALSE for a session that ended before (the device refused
 * to start). */
gboolean            salve_session_runner_has_started     (SalveSessionRunner *self);
gboolean            salve_session_runner_is_connected    (SalveSessionRunner *self);

/* The intensity the person controls: "intensity-ma" for TENS and NMES,
 * "power-mw" for laser, "field-ut" for PEMF. */
const char         *salve_session_runner_get_intensity_key (SalveSessionRunner *self);
/* Upper bound for intensity changes (the profile's ceiling, the device's
 * limit); the modality's hard limit always applies. NAN: none. */
void                salve_session_runner_set_intensity_limit (SalveSessionRunner *self,
                                                              double              max);
/* How often a running session marks in its log that it still runs, with
 * its output then (SALVE_SESSION_RUNNER_PROGRESS_MS unless set; four
 * times as often within the first interval): should the program be
 * killed, the session's record ends at the last mark, not at its start. */
#define SALVE_SESSION_RUNNER_PROGRESS_MS 60000
void                salve_session_runner_set_progress_interval (SalveSessionRunner *self,
                                                                guint               interval_ms);
/* Step of intensity_up/down: 1 mA, 10 mW or 5 µT unless set. */
void                salve_session_runner_set_intensity_step  (SalveSessionRunner *self,
                                                              double              step);
double              salve_session_runner_get_intensity_goal  (SalveSessionRunner *self);
/* The most the intensity may be raised to: the modality's hard limit and
 * the limit set for this session (the person's ceiling, the device's own). */
double              salve_session_runner_get_intensity_max   (SalveSessionRunner *self);
/* The device's output when connected, else the goal while running and 0
 * otherwise. */
double              salve_session_runner_get_output          (SalveSessionRunner *self);

/* Stores the session's start (or queues it while another program holds
 * the database). FALSE when the database refused it, or any write of the
 * session's before it: nothing may then go to the device, and nobody be
 * told to start one. salve_session_runner_start() does it first when it
 * was not done. */
gboolean            salve_session_runner_store_start     (SalveSessionRunner  *self,
                                                          GError             **error);
/* Marks the session started, logs it, starts the device and ramps to the
 * planned intensity. */
gboolean            salve_session_runner_start           (SalveSessionRunner  *self,
                                                          GError             **error);
gboolean            salve_session_runner_pause           (SalveSessionRunner  *self,
                                                          GError             **error);
gboolean            salve_session_runner_resume          (SalveSessionRunner  *self,
                                                          GError             **error);
/* One step up or down, never above the limit; the device ramps. */
gboolean            salve_session_runner_intensity_up    (SalveSessionRunner  *self,
                                                          GError             **error);
gboolean            salve_session_runner_intensity_down  (SalveSessionRunner  *self,
                                                          GError             **error);
gboolean            salve_session_runner_add_note        (SalveSessionRunner  *self,
                                                          const char          *note,
                                                          GError             **error);
/* Stop pressed: the device stops first, then the session ends as
 * stopped (or completed when its time was up anyway). */
void                salve_session_runner_stop            (SalveSessionRunner  *self);
/* The window closes, the app quits, the computer suspends: stop the
 * device without the main loop, then end as interrupted with @reason
 * (a SALVE_SESSION_REASON_* id). Nothing is lost. */
void                salve_session_runner_interrupt       (SalveSessionRunner  *self,
                                                          const char          *reason);
/* The device went wrong (@reason: SALVE_SESSION_REASON_FAULT or
 * _LINK_LOST): log it with @detail and end as interrupted. */
void                salve_session_runner_device_failed   (SalveSessionRunner  *self,
                                                          const char          *reason,
                                                          const char          *detail);

/* Time the output was on, pauses excluded. */
gint64              salve_session_runner_get_elapsed_ms  (SalveSessionRunner *self);
/* The whole session: planned minutes, or points × time per point for a
 * laser. -1 when open-ended. */
gint64              salve_session_runner_get_total_ms    (SalveSessionRunner *self);

/* Laser: seconds per point (t = E / P), 0 for other modalities. */
double              salve_session_runner_get_seconds_per_point (SalveSessionRunner *self);
guint               salve_session_runner_get_n_points    (SalveSessionRunner *self);
/* 1-based; 0 when not a laser session. */
guint               salve_session_runner_get_point       (SalveSessionRunner *self);
gint64              salve_session_runner_get_point_remaining_ms (SalveSessionRunner *self);

/* NMES: whether the muscle should be working now, and how long the phase
 * has left. FALSE from has_rhythm for other programs. */
gboolean            salve_session_runner_has_rhythm      (SalveSessionRunner *self);
gboolean            salve_session_runner_get_rhythm_on   (SalveSessionRunner *self);
gint64              salve_session_runner_get_phase_remaining_ms (SalveSessionRunner *self);

/* The last storage error, if a write failed (the session goes on: the
 * device is more important than the log); NULL if none. */
const GError       *salve_session_runner_get_storage_error (SalveSessionRunner *self);

/* Signals:
 *   "tick"          ()              about 10 times a second while running
 *   "point-changed" (guint point)   laser: move to the next point
 *   "phase-changed" (gboolean on)   NMES: work / rest
 *   "finished"      ()              the session's outcome is set and stored
 * Property "state" (notify). */

G_END_DECLS
