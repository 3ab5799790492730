/* salve-stimulator.h: the driver for a stimulator that speaks the Salve
 * serial protocol (docs/protocol.md)
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "salve-ids.h"
#include "salve-modality.h"
#include "salve-protocol.h"

G_BEGIN_DECLS

/* How to drive it from the UI:
 *
 *   stim = salve_stimulator_new ();
 *   salve_stimulator_set_ceiling (stim, SALVE_PARAM_INTENSITY_MA, profile_ceiling);
 *   salve_stimulator_connect_async (stim, "/dev/ttyUSB0", NULL, on_connected, self);
 *     → state CONNECTING, then READY (info known) or FAULT / LINK_LOST
 *   salve_stimulator_set_program (stim, 1, &plan, &error);   // frequency, pulse, …
 *   salve_stimulator_start (stim, &error);                   // RUNNING, output 0
 *   salve_stimulator_ramp_to (stim, 15.0, &error);           // mA, rises by ramp
 *   salve_stimulator_pause (stim, &error);                   // PAUSED, output 0
 *   salve_stimulator_start (stim, &error);                   // resume, ramp again
 *   salve_stimulator_stop (stim);                            // STOPPED; never fails
 *
 * Everything is asynchronous on the thread-default main context of the
 * caller: nothing here blocks except salve_stimulator_emergency_stop().
 * Watch notify::state, the "status-updated" and "fault" signals.
 *
 * Every value is checked before a byte is written, against (1) what the
 * device reported in its info, (2) the modality's hard limits
 * (salve-modality.h) and (3) the ceilings set with
 * salve_stimulator_set_ceiling(); a value that fails any of them is refused
 * with SALVE_STIMULATOR_ERROR_OUT_OF_RANGE and nothing is sent.
 *
 * Intensity never jumps: salve_stimulator_ramp_to() only sets a goal; the
 * driver walks the device's target there in steps no larger than the
 * device's increment and no faster than the ramp rate. Going down is sent
 * at once (lowering is always safe).
 *
 * The driver stops the device on salve_stimulator_stop(), on any fault or
 * NAK while running, on a command that is not answered, when the port
 * goes away or stays silent for 1 s, and when a status reports more output
 * than the driver asked for (beyond one ramp increment) or more than any
 * limit (SALVE_STIMULATOR_ERROR_OUTPUT); the device stops on its own after
 * 1 s without a heartbeat.
 * After link loss or a reconnect the device is stopped at 0 and the driver
 * never resumes by itself: the user must start and ramp again. */

typedef enum
{
  SALVE_STIMULATOR_IDLE,        /* not connected */
  SALVE_STIMULATOR_CONNECTING,  /* port open, waiting for the device's info */
  SALVE_STIMULATOR_READY,       /* connected, output off, nothing started yet */
  SALVE_STIMULATOR_RUNNING,     /* output on (possibly still ramping) */
  SALVE_STIMULATOR_PAUSED,      /* output 0; start resumes, ramp again */
  SALVE_STIMULATOR_STOPPED,     /* output 0; the session is over */
  SALVE_STIMULATOR_FAULT,       /* the device or the driver stopped on an error; see last error */
  SALVE_STIMULATOR_LINK_LOST,   /* the port went away or the device went quiet */
} SalveStimulatorState;

#define SALVE_TYPE_STIMULATOR_STATE (salve_stimulator_state_get_type ())
GType        salve_stimulator_state_get_type (void) G_GNUC_CONST;
/* "idle", "connecting", "ready", "running", "paused", "stopped", "fault", "link-lost" */
const char  *salve_stimulator_state_to_id    (SalveStimulatorState state);
/* Translated, for the UI. */
const char  *salve_stimulator_state_get_name (SalveStimulatorState state);

#define SALVE_STIMULATOR_ERROR (salve_stimulator_error_quark ())

typedef enum
{
  SALVE_STIMULATOR_ERROR_OPEN,          /* the port could not be opened */
  SALVE_STIMULATOR_ERROR_NOT_CONNECTED, /* no device: connect first */
  SALVE_STIMULATOR_ERROR_BAD_STATE,     /* e.g. ramp while not running */
  SALVE_STIMULATOR_ERROR_OUT_OF_RANGE,  /* refused before sending: see message */
  SALVE_STIMULATOR_ERROR_UNSUPPORTED,   /* the device has no such parameter */
  SALVE_STIMULATOR_ERROR_REFUSED,       /* the device answered NAK */
  SALVE_STIMULATOR_ERROR_TIMEOUT,       /* the device did not answer */
  SALVE_STIMULATOR_ERROR_LINK_LOST,     /* the port went away */
  SALVE_STIMULATOR_ERROR_FAULT,         /* the device reported a fault */
  SALVE_STIMULATOR_ERROR_PROTOCOL,      /* the device spoke nonsense or another version */
  SALVE_STIMULATOR_ERROR_CANCELLED,     /* disconnect() during connect */
  SALVE_STIMULATOR_ERROR_OUTPUT,        /* the device reported more output than asked for or allowed */
} SalveStimulatorError;

GQuark       salve_stimulator_error_quark    (void);

#define SALVE_TYPE_STIMULATOR (salve_stimulator_get_type ())
G_DECLARE_FINAL_TYPE (SalveStimulator, salve_stimulator, SALVE, STIMULATOR, GObject)

SalveStimulator      *salve_stimulator_new             (void);

/* Opens @port (a serial device or a pseudo-terminal), says hello and waits
 * (bounded, about 1 s) for the device's info. */
void                  salve_stimulator_connect_async   (SalveStimulator      *self,
                                                        const char           *port,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean              salve_stimulator_connect_finish  (SalveStimulator      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* Stops the output (best effort), closes the port; state IDLE. */
void                  salve_stimulator_disconnect      (SalveStimulator      *self);

SalveStimulatorState  salve_stimulator_get_state       (SalveStimulator      *self);
const char           *salve_stimulator_get_port        (SalveStimulator      *self);
/* "libserialport" or "pty"; NULL when not connected. */
const char           *salve_stimulator_get_transport_kind (SalveStimulator   *self);
/* What the device reported; NULL before READY. */
const SalveDeviceInfo *salve_stimulator_get_info       (SalveStimulator      *self);
SalveModality         salve_stimulator_get_modality    (SalveStimulator      *self);
guint                 salve_stimulator_get_n_channels  (SalveStimulator      *self);
/* The parameter that carries "intensity" for the modality: intensity-ma
 * (TENS, NMES), power-mw (laser), field-ut (PEMF). */
SalveParam            salve_stimulator_get_intensity_param (SalveStimulator  *self);

/* A profile's ceiling for @param, in the param's display unit (mA, Hz, …);
 * NAN removes it. Lowering the ceiling below the current goal lowers the
 * goal. Ceilings survive reconnects (they belong to the person). */
void                  salve_stimulator_set_ceiling     (SalveStimulator      *self,
                                                        SalveParam            param,
                                                        double                max);
/* The range a value of @param must lie in now: the intersection of the
 * device's, the modality's and the ceiling's. FALSE when the device does not
 * have the parameter (or before READY). */
gboolean              salve_stimulator_get_range       (SalveStimulator      *self,
                                                        SalveParam            param,
                                                        double               *min,
                                                        double               *max,
                                                        double               *step);
/* The check every sending call runs; for the UI to validate input early. */
gboolean              salve_stimulator_check_value     (SalveStimulator      *self,
                                                        SalveParam            param,
                                                        double                value,
                                                        GError              **error);

/* Sends the program number (0: leave the device's; 1 on a device without
 * programs means its only one and sends nothing) and the plan's
 * device-side parameters (frequency, pulse width, on/off/ramp time); the
 * intensity in the plan is ignored (it is ramped). Only when not running.
 * @plan may be NULL. All or nothing: one bad value sends none. */
gboolean              salve_stimulator_set_program     (SalveStimulator      *self,
                                                        guint                 program,
                                                        const SalvePlan      *plan,
                                                        GError              **error);
/* Output starts at 0; from READY, PAUSED or STOPPED. */
gboolean              salve_stimulator_start           (SalveStimulator      *self,
                                                        GError              **error);
/* Sets the goal for every channel (display unit of the intensity param).
 * A goal above 0 needs RUNNING or PAUSED, or a start() just asked for;
 * 0 is always accepted. */
gboolean              salve_stimulator_ramp_to         (SalveStimulator      *self,
                                                        double                goal,
                                                        GError              **error);
gboolean              salve_stimulator_ramp_channel_to (SalveStimulator      *self,
                                                        guint                 channel,
                                                        double                goal,
                                                        GError              **error);
/* The host's own ramp speed in display units per second (default: 1 mA/s,
 * 10 mW/s, 10 µT/s); the device's rate and the modality's bound are
 * applied on top. */
void                  salve_stimulator_set_ramp_rate   (SalveStimulator      *self,
                                                        double                per_second);
double                salve_stimulator_get_ramp_rate   (SalveStimulator      *self);
gboolean              salve_stimulator_pause           (SalveStimulator      *self,
                                                        GError              **error);
/* Never fails: drops queued commands and sends stop at once. */
void                  salve_stimulator_stop            (SalveStimulator      *self);
/* For exit paths (quit, SIGTERM, window close, suspend): writes a stop frame
 * synchronously with a short deadline, without the main loop. Best effort. */
void                  salve_stimulator_emergency_stop  (SalveStimulator      *self);

/* The latest status (display units). Channel 0 when in doubt. */

/* TRUE once the device has answered the last STOP (salve_stimulator_stop(),
 * or the one a fault sent) and a STATUS since reports every output 0 (a
 * fault since sends a STOP of its own, to be confirmed in turn), and
 * once the device has said its dead-man timer fired (FAULT 0x05, NAK
 * 0x08), which by the protocol sets every output to 0. What ends
 * a session waits for this before the port is given up: a device that
 * never confirms must be switched off by hand. */
gboolean              salve_stimulator_is_stop_confirmed (SalveStimulator *self);
/* The session is over and its STOP stands: from now until the port is
 * closed no HEARTBEAT goes out, only that STOP's repeats. A device that
 * answered the STOP and still delivers is then not kept on by fresh
 * intent: its own dead-man timer stops it a second after the STOP
 * (docs/protocol.md, section 5). Nothing can be started after it. */
void                  salve_stimulator_wind_down       (SalveStimulator      *self);

double                salve_stimulator_get_output      (SalveStimulator      *self,
                                                        guint                 channel);
double                salve_stimulator_get_goal        (SalveStimulator      *self,
                                                        guint                 channel);
guint32               salve_stimulator_get_elapsed_ms  (SalveStimulator      *self);
/* Percent, or -1 when unknown; 255 means mains powered. */
int                   salve_stimulator_get_battery     (SalveStimulator      *self);
/* FALSE when the device says the electrode of @channel is off the skin. */
gboolean              salve_stimulator_get_contact     (SalveStimulator      *self,
                                                        guint                 channel);
SalveFaultCode        salve_stimulator_get_fault       (SalveStimulator      *self);
/* Why the driver is in FAULT or LINK_LOST, or the last refusal; NULL if none. */
const GError         *salve_stimulator_get_last_error  (SalveStimulator      *self);

/* Signals:
 *   "status-updated" ()                         each status from the device
 *   "fault"          (guint code, gchar *message) a fault (SalveFaultCode,
 *                                                 or 0 for driver-side ones)
 * Properties (read-only, notify): state, output (channel 0), goal,
 * elapsed-ms, battery, contact, last-error-message; ramp-rate (read-write). */

G_END_DECLS
