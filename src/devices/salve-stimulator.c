/* salve-stimulator.c: the driver for stimulators that speak the Salve
 * serial protocol
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-stimulator"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "salve-stimulator.h"
#include "salve-transport.h"

/* Timing (ms). The protocol asks for a frame at least every 250 ms; 200
 * leaves room for a busy main loop. Every frame counts, not only
 * heartbeats: a heartbeat goes out only when nothing else has for
 * HEARTBEAT_MS and no answer is due (stop-and-wait, docs/protocol.md
 * section 5). */
#define TICK_MS            50
#define HEARTBEAT_MS       200
#define ACK_TIMEOUT_MS     200
#define MAX_RETRIES        2
#define HELLO_TIMEOUT_MS   350
#define LINK_TIMEOUT_MS    1000
/* A device's dead-man timer runs out 1 s after the last frame it took
 * (protocol.md, section 5); one that answered a frame sent less than
 * this long ago cannot have forgotten the connection (a tenth for a
 * device's clock that runs fast). */
#define DEADMAN_SURE_MS    900
#define MAX_INTENSITY_MISSES 3
/* HEARTBEAT and SET_INTENSITY frames in a row without an answer that are
 * tolerated: a device that takes the frames in (its dead-man timer fed,
 * STATUS flowing) but answers none can no longer be told anything, not
 * even to stop (section 5). */
#define MAX_ANSWER_MISSES  3
#define EMERGENCY_WRITE_MS 100
/* A device sends STATUS at least every 250 ms (protocol.md, section 5):
 * four missed in a row, and the host no longer knows what it delivers. */
#define STATUS_TIMEOUT_MS  1000
/* Nothing heard for this long: the device is silent, not just short of
 * STATUS (it answers every heartbeat, sent far more often). */
#define SILENT_MS          500
/* After the host lowers a channel's target (a lower intensity, pause,
 * stop), how long the old target still counts when a status is checked:
 * a status the device sent before it followed may still be on its way.
 * Two status periods. */
#define OUTPUT_GRACE_MS    (2 * SALVE_PROTOCOL_STATUS_MS)

/* How fast the host lets intensity rise, in display units per second.
 * No source we know gives a figure; these are our own bounds, slow enough
 * that a person feels the rise and can press Stop before it has gone far
 * (5 mA/s reaches the usual 8–18 mA of seed 002 in 2–4 s). The device's own
 * rate and the user's choice are applied below them. */
typedef struct
{
  double default_rate;
  double max_rate;
} RampBounds;

static const RampBounds ramp_bounds[SALVE_N_MODALITIES] = {
  [SALVE_MODALITY_TENS]  = { 1.0, 5.0 },     /* mA/s */
  [SALVE_MODALITY_NMES]  = { 1.0, 5.0 },     /* mA/s */
  [SALVE_MODALITY_LASER] = { 10.0, 100.0 },  /* mW/s */
  [SALVE_MODALITY_PEMF]  = { 10.0, 50.0 },   /* µT/s */
};

#define RAMP_PERIOD_MS     200

/* The most Salve lets the output rise in one ramp period, in wire units:
 * 1 mA for TENS and NMES. */
static guint32
ramp_bound_wire (SalveModality modality)
{
  guint32 bound_wire = 0;

  salve_wire_param_from_display (SALVE_WIRE_INTENSITY, modality, ramp_bounds[modality].max_rate, &bound_wire);
  return (guint32) ((guint64) bound_wire * RAMP_PERIOD_MS / 1000);
}

/* "25 mA": an intensity in wire units as a person reads it. */
static char *
format_intensity (SalveModality modality,
                  guint32       wire)
{
  return g_strdup_printf ("%.10g %s", salve_wire_param_to_display (SALVE_WIRE_INTENSITY, modality, wire),
                          salve_param_get_unit (salve_modality_get_intensity_param (modality)));
}

typedef struct
{
  SalveFrame frame;
  guint      retries;
  guint8     refused;   /* a STOP's NAK code, 0 while none came */
} Command;

struct _SalveStimulator
{
  GObject               parent_instance;

  SalveStimulatorState  state;
  char                 *port;
  SalveTransport       *transport;
  guint                 fd_watch;
  guint                 tick_id;
  SalveFrameDecoder     decoder;
  GByteArray           *out;

  GTask                *connect_task;
  gboolean              have_info;
  SalveDeviceInfo       info;
  gboolean              have_status;
  SalveDeviceStatus     status;

  guint8                tx_seq;
  GQueue                queue;          /* Command*, not yet sent */
  Command              *pending;        /* sent, waiting for ACK/NAK */
  gint64                pending_sent_us;
  gint64                answered_sent_us; /* when the last frame the device answered went out */
  gint64                last_status_us; /* or when the watch on STATUS began */
  /* The last STOP: answered, and a STATUS since with every output 0. */
  gboolean              stop_acked;
  gboolean              stop_confirmed;
  gboolean              winding_down;   /* no heartbeats: the session's STOP stands */
  /* The device said its dead-man timer fired (FAULT 0x05, NAK 0x08):
   * by section 5 of the protocol its outputs are 0 since, as a STATUS
   * that confirms a stop would say. */
  gboolean              off_by_itself;
  int                   stop_seq;       /* a STOP written outside the queue, or -1 */
  gint64                last_rx_us;
  gint64                last_tx_us;     /* the last frame sent (heartbeat duty) */
  gint64                connect_started_us;
  gboolean              refused;   /* the connection failed; the port waits for the STOP's answer */

  guint32               goal[SALVE_PROTOCOL_MAX_CHANNELS];   /* wire units */
  guint32               acked[SALVE_PROTOCOL_MAX_CHANNELS];  /* device target, as acked */
  /* The target before the last lowering, and until when it still counts
   * (OUTPUT_GRACE_MS). */
  guint32               lowered_from[SALVE_PROTOCOL_MAX_CHANNELS];
  gint64                lowered_until_us[SALVE_PROTOCOL_MAX_CHANNELS];
  gint64                last_ramp_us;
  guint                 intensity_misses;
  guint                 answer_misses;
  double                ramp_rate;                           /* display units/s, 0: default */
  double                ceilings[SALVE_N_PARAMS];

  SalveFaultCode        fault;
  GError               *last_error;
  /* start() was called and not yet answered: a goal may be set already. */
  gboolean              start_requested;
};

G_DEFINE_FINAL_TYPE (SalveStimulator, salve_stimulator, G_TYPE_OBJECT)
G_DEFINE_QUARK (salve-stimulator-error-quark, salve_stimulator_error)

enum {
  PROP_0,
  PROP_STATE,
  PROP_OUTPUT,
  PROP_GOAL,
  PROP_ELAPSED_MS,
  PROP_BATTERY,
  PROP_CONTACT,
  PROP_LAST_ERROR_MESSAGE,
  PROP_RAMP_RATE,
  N_PROPS
};

enum {
  STATUS_UPDATED,
  FAULT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const GEnumValue state_values[] = {
  { SALVE_STIMULATOR_IDLE,       "SALVE_STIMULATOR_IDLE",       "idle" },
  { SALVE_STIMULATOR_CONNECTING, "SALVE_STIMULATOR_CONNECTING", "connecting" },
  { SALVE_STIMULATOR_READY,      "SALVE_STIMULATOR_READY",      "ready" },
  { SALVE_STIMULATOR_RUNNING,    "SALVE_STIMULATOR_RUNNING",    "running" },
  { SALVE_STIMULATOR_PAUSED,     "SALVE_STIMULATOR_PAUSED",     "paused" },
  { SALVE_STIMULATOR_STOPPED,    "SALVE_STIMULATOR_STOPPED",    "stopped" },
  { SALVE_STIMULATOR_FAULT,      "SALVE_STIMULATOR_FAULT",      "fault" },
  { SALVE_STIMULATOR_LINK_LOST,  "SALVE_STIMULATOR_LINK_LOST",  "link-lost" },
  { 0, NULL, NULL }
};

GType
salve_stimulator_state_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("SalveStimulatorState", state_values));

  return type;
}

const char *
salve_stimulator_state_to_id (SalveStimulatorState state)
{
  if (state > SALVE_STIMULATOR_LINK_LOST)
    return "unknown";

  return state_values[state].value_nick;
}

const char *
salve_stimulator_state_get_name (SalveStimulatorState state)
{
  switch (state)
    {
    case SALVE_STIMULATOR_IDLE:       return _("Not connected");
    case SALVE_STIMULATOR_CONNECTING: return _("Connecting");
    case SALVE_STIMULATOR_READY:      return _("Ready");
    case SALVE_STIMULATOR_RUNNING:    return _("Running");
    case SALVE_STIMULATOR_PAUSED:     return _("Paused");
    case SALVE_STIMULATOR_STOPPED:    return _("Stopped");
    case SALVE_STIMULATOR_FAULT:      return _("Fault");
    case SALVE_STIMULATOR_LINK_LOST:  return _("Connection lost");
    default:                          return "?";
    }
}

static gboolean
is_connected (SalveStimulator *self)
{
  return self->transport != NULL && self->state != SALVE_STIMULATOR_CONNECTING;
}

static void
set_state (SalveStimulator      *self,
           SalveStimulatorState  state)
{
  if (self->state == state)
    return;

  g_debug ("%s → %s", salve_stimulator_state_to_id (self->state), salve_stimulator_state_to_id (state));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (SalveStimulator *self,
                GError          *error)
{
  g_clear_error (&self->last_error);
  self->last_error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR_MESSAGE]);
}

/* Drops what is queued, not what is sent: its answer is still due. */
static void
drop_queued (SalveStimulator *self)
{
  Command *command;

  while ((command = g_queue_pop_head (&self->queue)))
    g_free (command);
}

/* Drops everything, and stops waiting for the answer that is due: only
 * before a STOP (which goes out whatever is outstanding) or when the
 * port closes. A late answer is then discarded (its seq is not the
 * pending one). */
static void
clear_queue (SalveStimulator *self)
{
  self->start_requested = FALSE;
  drop_queued (self);
  g_clear_pointer (&self->pending, g_free);
}

/* The device's target of @channel is now @target as far as we know. A
 * lower one keeps the old one valid for a moment (OUTPUT_GRACE_MS). */
static void
set_acked (SalveStimulator *self,
           guint            channel,
           guint32          target)
{
  gint64 now = g_get_monotonic_time ();

  if (target < self->acked[channel])
    {
      if (now >= self->lowered_until_us[channel])
        self->lowered_from[channel] = 0;
      self->lowered_from[channel] = MAX (self->lowered_from[channel], self->acked[channel]);
      self->lowered_until_us[channel] = now + OUTPUT_GRACE_MS * 1000;
    }
  self->acked[channel] = target;
}

/* Every target to 0: pause, stop, fault, start from 0. */
static void
forget_targets (SalveStimulator *self)
{
  for (guint i = 0; i < SALVE_PROTOCOL_MAX_CHANNELS; i++)
    set_acked (self, i, 0);
}

/* Writing */

static void flush_out (SalveStimulator *self);
static void lose_link (SalveStimulator *self, GError *error);

static void
write_frame (SalveStimulator *self,
             SalveFrame      *frame)
{
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  gsize n = salve_frame_encode (frame, wire, sizeof wire);

  g_assert (n > 0);
  if (self->transport == NULL)
    return;

  g_byte_array_append (self->out, wire, n);
  flush_out (self);
}

static void
flush_out (SalveStimulator *self)
{
  g_autoptr(GError) error = NULL;
  gssize n;

  if (self->transport == NULL || self->out->len == 0)
    return;

  n = salve_transport_write (self->transport, self->out->data, self->out->len, &error);
  if (n < 0)
    {
      lose_link (self, g_steal_pointer (&error));
      return;
    }
  g_byte_array_remove_range (self->out, 0, n);
  /* What is left goes out on the next tick: frames are a few dozen bytes
   * and the line drains 11 kB/s, so this only happens with a stuck port,
   * which the link timeout catches. */
}

static void
send_next (SalveStimulator *self)
{
  if (self->pending != NULL || self->transport == NULL)
    return;

  self->pending = g_queue_pop_head (&self->queue);
  if (self->pending == NULL)
    return;

  /* Each transmission is a new frame with a new seq: what the device sees
   * is always fresh intent, never a replay. */
  self->pending->frame.seq = self->tx_seq++;
  self->pending_sent_us = g_get_monotonic_time ();
  self->last_tx_us = self->pending_sent_us;
  write_frame (self, &self->pending->frame);
}

static void
enqueue (SalveStimulator *self,
         const SalveFrame *frame,
         gboolean          first)
{
  Command *command = g_new0 (Command, 1);

  command->frame = *frame;
  if (first)
    g_queue_push_head (&self->queue, command);
  else
    g_queue_push_tail (&self->queue, command);
  send_next (self);
}

/* Only when no answer is due and nothing is queued: a heartbeat waits
 * for its ACK like any command (the device may hold one frame only), and
 * a command already counts as a sign of life. */
static void
send_heartbeat (SalveStimulator *self)
{
  SalveFrame frame;

  g_assert (self->pending == NULL && g_queue_is_empty (&self->queue));

  /* The counter is the monotonic clock: it always advances, so the device
   * can tell a fresh heartbeat from anything replayed. The seq is set
   * when it is sent. */
  salve_msg_build_heartbeat (&frame, 0, (guint32) (g_get_monotonic_time () / 1000));
  enqueue (self, &frame, FALSE);
}

/* Tearing down */

/* A STOP went out (@seq: written straight to the port, or -1: queued):
 * nothing of an earlier one's confirmation stands. */
static void
stop_sent (SalveStimulator *self,
           int              seq)
{
  self->stop_seq = seq;
  self->stop_acked = self->stop_confirmed = FALSE;
}

/* STOP ahead of everything queued. */
static void
queue_stop (SalveStimulator *self)
{
  SalveFrame frame;

  salve_msg_init (&frame, SALVE_MSG_STOP, 0);
  enqueue (self, &frame, TRUE);
  stop_sent (self, -1);
}

static void
close_transport (SalveStimulator *self)
{
  g_clear_handle_id (&self->fd_watch, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->transport, salve_transport_free);
  g_byte_array_set_size (self->out, 0);
  clear_queue (self);
  self->have_info = FALSE;
  self->have_status = FALSE;
  memset (self->goal, 0, sizeof self->goal);
  memset (self->acked, 0, sizeof self->acked);
  memset (self->lowered_from, 0, sizeof self->lowered_from);
  memset (self->lowered_until_us, 0, sizeof self->lowered_until_us);
  stop_sent (self, -1);
  self->winding_down = FALSE;
}

static void
fail_connect (SalveStimulator *self,
              const GError    *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);

  if (task != NULL)
    g_task_return_error (task, g_error_copy (error));
}

/* A STOP frame straight to the port, behind whatever partial frame is
 * still queued (a flag first ends it), without the main loop: best
 * effort, for a port about to be given up. */
static void
write_stop_now (SalveStimulator *self)
{
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  SalveFrame frame;
  gsize n;

  if (self->transport == NULL)
    return;

  salve_msg_init (&frame, SALVE_MSG_STOP, self->tx_seq++);
  n = salve_frame_encode (&frame, wire, sizeof wire);
  stop_sent (self, frame.seq);
  if (self->out->len > 0)
    {
      salve_transport_write_blocking (self->transport, self->out->data, self->out->len, EMERGENCY_WRITE_MS, NULL);
      g_byte_array_set_size (self->out, 0);
    }
  if (!salve_transport_write_blocking (self->transport, wire, n, EMERGENCY_WRITE_MS, NULL))
    g_debug ("could not write a stop frame");
}

static void
lose_link (SalveStimulator *self,
           GError          *error)
{
  /* The device stops by itself within 1 s of our silence, and at once
   * when it sees the port close; a STOP goes first, should the line
   * still carry one. */
  write_stop_now (self);   /* before the link is given up */
  close_transport (self);
  fail_connect (self, error);
  set_last_error (self, error);
  set_state (self, SALVE_STIMULATOR_LINK_LOST);
  g_signal_emit (self, signals[FAULT], 0, 0u, error->message);
}

/* A fault while connected: stop the device, keep the port so the user
 * can see status and start again. */
static void
enter_fault (SalveStimulator *self,
             SalveFaultCode   code,
             GError          *error)
{
  self->fault = code;
  memset (self->goal, 0, sizeof self->goal);
  forget_targets (self);
  clear_queue (self);
  set_last_error (self, error);

  if (self->transport != NULL)
    queue_stop (self);

  set_state (self, SALVE_STIMULATOR_FAULT);
  g_signal_emit (self, signals[FAULT], 0, (guint) code, error->message);
}

static void
fail_hard (SalveStimulator *self,
           GError          *error)
{
  /* A device that answered while connecting (an INFO Salve refuses, a
   * status it cannot believe) fails the connection, but keeps its port,
   * as any stop does, until it confirms the STOP: an honest one does at
   * once, and one that goes on reporting output is not taken for off. */
  if (self->state == SALVE_STIMULATOR_CONNECTING && self->last_rx_us > self->connect_started_us)
    {
      /* The fault first: whoever the failed connection wakes sees it.
       * Nothing starts on a device that never took the host's limits. */
      self->refused = TRUE;
      enter_fault (self, SALVE_FAULT_NONE, error);
      fail_connect (self, error);
      return;
    }

  /* During connect nothing should be running; a STOP all the same (a
   * device that did not answer may still have heard), then the port back. */
  if (self->state == SALVE_STIMULATOR_CONNECTING)
    {
      write_stop_now (self);
      close_transport (self);
      fail_connect (self, error);
      set_last_error (self, error);
      set_state (self, SALVE_STIMULATOR_FAULT);
      g_signal_emit (self, signals[FAULT], 0, 0u, error->message);
      return;
    }

  enter_fault (self, SALVE_FAULT_NONE, error);
}

static void ramp_step (SalveStimulator *self, gint64 now);

/* Reading */

static void
handle_ack (SalveStimulator *self,
            guint8           seq)
{
  g_autofree Command *command = NULL;

  /* The answer to a STOP written straight to the port. */
  if (self->stop_seq >= 0 && seq == self->stop_seq)
    {
      self->stop_seq = -1;
      self->stop_acked = TRUE;
    }

  if (self->pending == NULL || self->pending->frame.seq != seq)
    return;  /* a heartbeat's, or late */

  self->answered_sent_us = self->pending_sent_us;
  command = g_steal_pointer (&self->pending);
  self->answer_misses = 0;

  switch (command->frame.type)
    {
    case SALVE_MSG_HELLO:
      if (!self->have_info)
        {
          fail_hard (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_PROTOCOL,
                                        _("The device did not describe itself")));
          return;
        }
      break;

    case SALVE_MSG_SET_LIMITS:
      if (self->state == SALVE_STIMULATOR_CONNECTING)
        {
          g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);

          self->last_status_us = g_get_monotonic_time ();
          set_state (self, SALVE_STIMULATOR_READY);
          if (task != NULL)
            g_task_return_boolean (task, TRUE);
        }
      break;

    case SALVE_MSG_START:
      /* Accepted: the device has no fault active (else it would NAK). */
      self->start_requested = FALSE;
      self->fault = SALVE_FAULT_NONE;
      set_state (self, SALVE_STIMULATOR_RUNNING);
      self->last_ramp_us = 0;
      break;

    case SALVE_MSG_PAUSE:
      forget_targets (self);
      if (self->state == SALVE_STIMULATOR_RUNNING)
        set_state (self, SALVE_STIMULATOR_PAUSED);
      break;

    case SALVE_MSG_SET_INTENSITY:
      {
        guint8 channel = command->frame.payload[0];
        guint32 target = salve_msg_get_u32 (command->frame.payload + 1);

        self->intensity_misses = 0;
        for (guint i = 0; i < self->info.channels; i++)
          if (channel == SALVE_PROTOCOL_ALL_CHANNELS || channel == i)
            set_acked (self, i, target);
      }
      break;

    case SALVE_MSG_STOP:
      self->stop_acked = TRUE;
      break;

    case SALVE_MSG_SET_PROGRAM:
    case SALVE_MSG_HEARTBEAT:
    default:
      break;
    }

  send_next (self);
  /* A ramp step that waited for this answer need not wait for the tick. */
  if (command->frame.type == SALVE_MSG_HEARTBEAT)
    ramp_step (self, g_get_monotonic_time ());
}

static void
handle_nak (SalveStimulator  *self,
            const SalveFrame *frame)
{
  g_autofree Command *command = NULL;
  guint8 code, param;

  if (frame->length != 3)
    return;

  /* The device no longer knows us (its dead-man timer fired while we
   * were away): only a new hello helps. Its outputs are off since, unless
   * it says so less than a second after it answered us: then its timer
   * cannot have fired, and what it delivers is not known. */
  if (frame->payload[1] == SALVE_NAK_NO_HELLO && self->state != SALVE_STIMULATOR_CONNECTING)
    {
      if (self->answered_sent_us == 0 ||
          g_get_monotonic_time () - self->answered_sent_us >= DEADMAN_SURE_MS * 1000)
        {
          self->off_by_itself = TRUE;
          lose_link (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_LINK_LOST,
                                        _("The device forgot the connection; connect again")));
        }
      else
        lose_link (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_LINK_LOST,
                                      _("The device says it forgot the connection a moment after it answered: "
                                        "its output is not known")));
      return;
    }

  if (self->pending == NULL || self->pending->frame.seq != frame->payload[0])
    return;

  /* A NAK is an answer too: the device took the frame, and its timer
   * with it. */
  self->answered_sent_us = self->pending_sent_us;   /* NAKed */

  /* A refused STOP confirms no stop (section 6): it stays the answer
   * awaited and goes again, with a new seq, once its 200 ms are up, as an
   * unanswered one does. A device only busy for a moment (0x0A) takes the
   * next; it was sent again only when a later check found output. */
  if (self->pending->frame.type == SALVE_MSG_STOP)
    {
      self->pending->refused = frame->payload[1];
      return;
    }

  command = g_steal_pointer (&self->pending);
  self->answer_misses = 0;
  code = frame->payload[1];
  param = frame->payload[2];

  if (self->state == SALVE_STIMULATOR_CONNECTING)
    {
      if (code == SALVE_NAK_REFUSED)
        /* Not "refused to connect: refused by the device". */
        fail_hard (self, g_error_new_literal (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_REFUSED,
                                              _("The device refused the connection")));
      else
        fail_hard (self, g_error_new (SALVE_STIMULATOR_ERROR,
                                      code == SALVE_NAK_UNSUPPORTED_VERSION ? SALVE_STIMULATOR_ERROR_PROTOCOL
                                                                            : SALVE_STIMULATOR_ERROR_REFUSED,
                                      _("The device refused to connect: %s"), salve_nak_code_to_string (code)));
      return;
    }

  /* Whatever was refused, the session is no longer what the person asked
   * for: stop, and say why. */
  enter_fault (self, SALVE_FAULT_NONE,
               g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_REFUSED,
                            _("The device refused “%s”: %s%s%s"),
                            salve_msg_type_to_string (command->frame.type),
                            salve_nak_code_to_string (code),
                            param ? " — " : "",
                            param ? salve_wire_param_to_id (param) : ""));
}

static void
send_limits (SalveStimulator *self)
{
  SalveWireValue limit = { SALVE_WIRE_INTENSITY, 0 };
  const SalveWireRange *range = salve_device_info_get_range (&self->info, SALVE_WIRE_INTENSITY);
  double ceiling = self->ceilings[salve_modality_get_intensity_param (self->info.modality)];
  const SalveParamSpec *spec = salve_modality_get_param (self->info.modality,
                                                         salve_modality_get_intensity_param (self->info.modality));
  double max;
  SalveFrame frame;

  /* Tell the device the lowest ceiling that applies, so it enforces it
   * too: defence in depth. */
  max = salve_wire_param_to_display (SALVE_WIRE_INTENSITY, self->info.modality, range->max);
  if (spec != NULL && isfinite (spec->limit_max))
    max = MIN (max, spec->limit_max);
  if (!isnan (ceiling))
    max = MIN (max, ceiling);
  salve_wire_param_from_display (SALVE_WIRE_INTENSITY, self->info.modality, max, &limit.value);
  limit.value = MIN (limit.value, range->max);

  salve_msg_build_params (&frame, SALVE_MSG_SET_LIMITS, 0, &limit, 1);
  enqueue (self, &frame, FALSE);
}

static void
handle_info (SalveStimulator  *self,
             const SalveFrame *frame)
{
  g_autoptr(GError) error = NULL;
  SalveDeviceInfo info;

  if (self->state != SALVE_STIMULATOR_CONNECTING || self->have_info)
    return;

  if (!salve_msg_parse_info (frame, &info, &error))
    {
      fail_hard (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_PROTOCOL,
                                    "%s", error->message));
      return;
    }
  if (info.version != SALVE_PROTOCOL_VERSION)
    {
      fail_hard (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_PROTOCOL,
                                    _("The device speaks protocol version %u; Salve speaks %u"),
                                    info.version, SALVE_PROTOCOL_VERSION));
      return;
    }
  if (salve_device_info_get_range (&info, SALVE_WIRE_INTENSITY) == NULL ||
      salve_device_info_get_range (&info, SALVE_WIRE_INTENSITY)->min != 0)
    {
      /* Off is 0: a device whose least intensity is more cannot be
       * ramped up from nothing, nor told to stop delivering by it. */
      fail_hard (self, g_error_new_literal (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_PROTOCOL,
                                            salve_device_info_get_range (&info, SALVE_WIRE_INTENSITY) == NULL
                                              ? _("The device does not report its intensity range")
                                              : _("The device’s least intensity is not 0 (off)")));
      return;
    }

  /* A grid coarser than the output may rise in one ramp period (1 mA
   * for TENS) cannot be ramped: its first step is already a jump (0 to
   * 25 mA in one command on a 25 mA grid), and the output check, which
   * allows one step, would allow that much above the target too. */
  if (salve_device_info_get_range (&info, SALVE_WIRE_INTENSITY)->step > ramp_bound_wire (info.modality))
    {
      g_autofree char *step = format_intensity (info.modality, salve_device_info_get_range (&info, SALVE_WIRE_INTENSITY)->step);
      g_autofree char *bound = format_intensity (info.modality, ramp_bound_wire (info.modality));

      fail_hard (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_PROTOCOL,
                                    /* Translators: "The device sets its intensity in steps of 25 mA: Salve raises it by at most 1 mA at a time, so it cannot be ramped" */
                                    _("The device sets its intensity in steps of %s: Salve raises it by at most %s at a time, so it cannot be ramped"),
                                    step, bound));
      return;
    }

  /* A device that cannot take one step up per command cannot ramp: with
   * it a session would "complete" at its first step. */
  if (info.ramp_increment < salve_device_info_get_range (&info, SALVE_WIRE_INTENSITY)->step ||
      info.ramp_rate == 0)
    {
      g_autofree char *increment = format_intensity (info.modality, info.ramp_increment);
      g_autofree char *step = format_intensity (info.modality, salve_device_info_get_range (&info, SALVE_WIRE_INTENSITY)->step);

      /* Said in the intensity's unit, as the person sets it, not in the
       * wire's µA. */
      fail_hard (self, info.ramp_rate == 0
                         ? g_error_new_literal (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_PROTOCOL,
                                                _("The device reports that it cannot raise its intensity (its ramp rate is 0)"))
                         /* Translators: "…(by 0.05 mA a command, in steps of 0.1 mA)" */
                         : g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_PROTOCOL,
                                        _("The device reports that it cannot raise its intensity by one of its own "
                                          "steps (by %s a command, in steps of %s)"), increment, step));
      return;
    }

  self->info = info;
  self->have_info = TRUE;
  send_limits (self);
}

static void
handle_device_fault (SalveStimulator *self,
                     guint8           code)
{
  if (code == SALVE_FAULT_LINK_TIMEOUT)
    {
      /* The device stopped waiting for us and forgot the connection. */
      self->off_by_itself = TRUE;
      lose_link (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_LINK_LOST,
                                    _("The device stopped: it heard nothing from the computer for 1 s")));
      return;
    }

  if (self->state == SALVE_STIMULATOR_FAULT && self->fault == code)
    return;

  enter_fault (self, code,
               g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_FAULT,
                            _("The device stopped: %s"), salve_fault_code_to_string (code)));
}

/* The lowest limit on the intensity, in wire units: the device's range,
 * the modality's hard limit, the profile's ceiling. */
static guint32
intensity_limit (SalveStimulator *self)
{
  SalveParam param = salve_modality_get_intensity_param (self->info.modality);
  const SalveParamSpec *spec = salve_modality_get_param (self->info.modality, param);
  guint32 limit = salve_device_info_get_range (&self->info, SALVE_WIRE_INTENSITY)->max;
  guint32 wire;

  if (spec != NULL && salve_wire_param_from_display (SALVE_WIRE_INTENSITY, self->info.modality, spec->limit_max, &wire))
    limit = MIN (limit, wire);
  if (!isnan (self->ceilings[param]))
    {
      if (!(self->ceilings[param] > 0))
        limit = 0;
      else if (salve_wire_param_from_display (SALVE_WIRE_INTENSITY, self->info.modality, self->ceilings[param], &wire))
        limit = MIN (limit, wire);
    }

  return limit;
}


/* How far above its target a device may report: one step of the host's
 * own ramp, as a rise whose answer was lost may be under way. Never more
 * than Salve's bound lets the output rise in one ramp period (1 mA for
 * TENS), whatever ramp_increment the device claims; at least one step. */
static guint32
output_allowance (SalveStimulator *self)
{
  const SalveWireRange *range = salve_device_info_get_range (&self->info, SALVE_WIRE_INTENSITY);
  guint32 step = MIN (self->info.ramp_increment, ramp_bound_wire (self->info.modality));

  return MAX (step, range->step);
}

/* A status must report what we asked for. Per channel, the output may be
 * up to one ramp increment above the highest target the device may be
 * following now (the acknowledged one, one sent and not yet answered, one
 * lowered less than OUTPUT_GRACE_MS ago), and never above a limit. A
 * device that reports more, whatever it acknowledged, is stopped at once:
 * either it delivers more than the person asked for, or it cannot say
 * what it delivers. FALSE when it was stopped. */
static gboolean
check_output (SalveStimulator         *self,
              const SalveDeviceStatus *status)
{
  guint32 tolerance = output_allowance (self);
  guint32 limit = intensity_limit (self);
  gint64 now = g_get_monotonic_time ();

  if (status->channels != self->info.channels)
    {
      fail_hard (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_PROTOCOL,
                                    _("The device reports %u channels but has %u: stopped"),
                                    status->channels, self->info.channels));
      return FALSE;
    }

  for (guint i = 0; i < status->channels; i++)
    {
      guint32 commanded = self->acked[i];
      SalveOutputCheck verdict;

      if (now < self->lowered_until_us[i])
        commanded = MAX (commanded, self->lowered_from[i]);
      if (self->pending != NULL && self->pending->frame.type == SALVE_MSG_SET_INTENSITY &&
          (self->pending->frame.payload[0] == SALVE_PROTOCOL_ALL_CHANNELS || self->pending->frame.payload[0] == i))
        commanded = MAX (commanded, salve_msg_get_u32 (self->pending->frame.payload + 1));

      verdict = salve_output_check (status->output[i], commanded, tolerance, limit);
      if (verdict != SALVE_OUTPUT_OK)
        {
          g_autofree char *output = format_intensity (self->info.modality, status->output[i]);
          g_autofree char *bound = format_intensity (self->info.modality, verdict == SALVE_OUTPUT_ABOVE_LIMIT ? limit : commanded);

          fail_hard (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUTPUT,
                                        verdict == SALVE_OUTPUT_ABOVE_LIMIT
                                          ? _("The device reports %s on channel %u, above the limit of %s: stopped")
                                          : _("The device reports %s on channel %u, more than the %s it was asked for: stopped"),
                                        output, i + 1, bound));
          return FALSE;
        }
    }

  return TRUE;
}

static void
handle_status (SalveStimulator  *self,
               const SalveFrame *frame)
{
  SalveDeviceStatus status;

  if (!salve_msg_parse_status (frame, &status, NULL))
    return;

  /* Every channel off, counted as the INFO counts them (a STATUS of no
   * channels says nothing is off), and no longer running or paused: an
   * NMES device between two contractions reports 0, and one that took
   * the STOP for nothing would go on at its next. */
  if (self->stop_acked && !self->stop_confirmed && status.channels > 0 &&
      (!self->have_info || status.channels == self->info.channels) &&
      status.state != SALVE_DEVICE_RUNNING && status.state != SALVE_DEVICE_PAUSED)
    {
      gboolean off = TRUE;

      for (guint i = 0; i < status.channels; i++)
        off = off && status.output[i] == 0;
      self->stop_confirmed = off;
    }

  /* Of a device refused before its INFO was taken, only the STOP's
   * confirmation above counts. */
  if (!self->have_info)
    return;

  self->status = status;
  self->have_status = TRUE;
  self->last_status_us = g_get_monotonic_time ();

  if (status.state == SALVE_DEVICE_FAULT && status.fault != SALVE_FAULT_NONE)
    handle_device_fault (self, status.fault);
  else if ((self->state == SALVE_STIMULATOR_CONNECTING || self->state == SALVE_STIMULATOR_READY ||
            self->state == SALVE_STIMULATOR_RUNNING || self->state == SALVE_STIMULATOR_PAUSED ||
            self->state == SALVE_STIMULATOR_STOPPED) &&
           !check_output (self, &status))
    {
      /* Stopped; the last error says why. */
    }
  else if ((self->state == SALVE_STIMULATOR_RUNNING || self->state == SALVE_STIMULATOR_PAUSED) &&
           self->pending == NULL && g_queue_is_empty (&self->queue) &&
           (status.state == SALVE_DEVICE_STOPPED || status.state == SALVE_DEVICE_IDLE))
    {
      /* Stopped behind our back (its buttons, a reset): never restart it. */
      enter_fault (self, SALVE_FAULT_NONE,
                   g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_FAULT,
                                _("The device stopped by itself")));
    }
  else if (self->pending == NULL && g_queue_is_empty (&self->queue) &&
           ((self->state == SALVE_STIMULATOR_RUNNING && status.state == SALVE_DEVICE_PAUSED) ||
            (self->state == SALVE_STIMULATOR_PAUSED && status.state == SALVE_DEVICE_RUNNING)))
    {
      /* Paused or started again behind our back: the session's clock and
       * record would no longer say what the person had. Stopped as above,
       * and never started again by Salve. */
      enter_fault (self, SALVE_FAULT_NONE,
                   g_error_new_literal (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_FAULT,
                                        status.state == SALVE_DEVICE_PAUSED ? _("The device paused by itself")
                                                                            : _("The device started by itself")));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED_MS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATTERY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT]);
  g_signal_emit (self, signals[STATUS_UPDATED], 0);
}

static void
handle_frame (SalveStimulator  *self,
              const SalveFrame *frame)
{
  if (frame->version != SALVE_PROTOCOL_VERSION)
    return;

  self->last_rx_us = g_get_monotonic_time ();

  switch (frame->type)
    {
    case SALVE_MSG_ACK:
      if (frame->length == 1)
        handle_ack (self, frame->payload[0]);
      break;
    case SALVE_MSG_NAK:
      handle_nak (self, frame);
      break;
    case SALVE_MSG_INFO:
      handle_info (self, frame);
      break;
    case SALVE_MSG_STATUS:
      handle_status (self, frame);
      break;
    case SALVE_MSG_FAULT:
      if (frame->length == 2 && self->have_info)
        handle_device_fault (self, frame->payload[0]);
      break;
    default:
      break;
    }
}

static gboolean
on_readable (int           fd,
             GIOCondition  condition,
             gpointer      user_data)
{
  SalveStimulator *self = user_data;
  g_autoptr(GObject) keep G_GNUC_UNUSED = g_object_ref (G_OBJECT (self));
  g_autoptr(GError) error = NULL;
  guint8 buffer[1024];
  gssize n;

  n = salve_transport_read (self->transport, buffer, sizeof buffer, &error);
  if (n < 0 || (n == 0 && (condition & (G_IO_HUP | G_IO_ERR))))
    {
      self->fd_watch = 0;
      if (error == NULL)
        error = g_error_new (SALVE_TRANSPORT_ERROR, SALVE_TRANSPORT_ERROR_CLOSED, _("The port was closed"));
      lose_link (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_LINK_LOST,
                                    _("Lost the connection to the device: %s"), error->message));
      return G_SOURCE_REMOVE;
    }

  for (gssize pos = 0; pos < n && self->transport != NULL;)
    {
      SalveFrame frame;
      SalveFrameResult result;

      pos += salve_frame_decoder_feed (&self->decoder, buffer + pos, n - pos, &frame, &result);
      if (result == SALVE_FRAME_OK)
        handle_frame (self, &frame);
    }

  return self->transport != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* The ramp: walk each channel's device target towards its goal. */

static double
effective_rate (SalveStimulator *self)
{
  const RampBounds *bounds = &ramp_bounds[self->info.modality];
  double rate = self->ramp_rate > 0 ? self->ramp_rate : bounds->default_rate;
  double device_rate = salve_wire_param_to_display (SALVE_WIRE_INTENSITY, self->info.modality, self->info.ramp_rate);

  return MIN (MIN (rate, bounds->max_rate), device_rate);
}

/* How the output is raised: by @delta (wire units) every @period_us. A
 * step per RAMP_PERIOD_MS, no bigger than the device allows per
 * command, a whole number of device steps; at very slow rates one device
 * step at longer intervals. */
static void
ramp_plan (SalveStimulator *self,
           guint32         *delta_out,
           guint32         *period_us)
{
  const SalveWireRange *range = salve_device_info_get_range (&self->info, SALVE_WIRE_INTENSITY);
  guint32 rate_wire, delta;

  salve_wire_param_from_display (SALVE_WIRE_INTENSITY, self->info.modality, effective_rate (self), &rate_wire);
  rate_wire = MAX (rate_wire, 1);

  delta = (guint32) ((guint64) rate_wire * RAMP_PERIOD_MS / 1000);
  delta = MIN (delta, self->info.ramp_increment);
  delta -= delta % range->step;
  if (delta == 0)
    {
      delta = range->step;
      *period_us = (guint32) MIN ((guint64) range->step * G_USEC_PER_SEC / rate_wire, G_MAXUINT32);
    }
  else
    *period_us = RAMP_PERIOD_MS * 1000;
  *delta_out = delta;
}

/* Whether channel @i's target may rise now: only from nothing, or while
 * the device reports that it delivers something on it. In an NMES rest
 * the output is 0, and a target that kept rising then would be met all
 * at once by the next contraction (3 mA felt, then 16 mA within its ramp
 * time); a device that never said what it delivers gets one step. The
 * target holds until the output comes back, so the next contraction
 * starts from what was last felt. */
static gboolean
may_raise (SalveStimulator *self,
           guint            i)
{
  if (self->acked[i] == 0)
    return TRUE;

  return self->have_status && i < self->status.channels && self->status.output[i] > 0;
}

static void
ramp_step (SalveStimulator *self,
           gint64           now)
{
  guint32 period_us, delta;
  SalveFrame frame;

  if (self->state != SALVE_STIMULATOR_RUNNING || self->pending != NULL || !g_queue_is_empty (&self->queue))
    return;

  /* Down first, at once and whatever the rate: lowering is always safe,
   * and a lowering the device never confirmed (the frame was lost) must
   * not leave the output high. */
  for (guint i = 0; i < self->info.channels; i++)
    {
      gboolean all = TRUE;

      if (self->goal[i] >= self->acked[i])
        continue;

      /* One frame for every channel only when it lowers them all (or
       * leaves them where they are). */
      for (guint j = 0; j < self->info.channels; j++)
        if (self->goal[j] != self->goal[i] || self->acked[j] < self->goal[i])
          all = FALSE;

      salve_msg_build_intensity (&frame, 0, all ? SALVE_PROTOCOL_ALL_CHANNELS : (guint8) i, self->goal[i]);
      enqueue (self, &frame, FALSE);
      return;
    }

  ramp_plan (self, &delta, &period_us);
  if (self->last_ramp_us != 0 && now - self->last_ramp_us < period_us)
    return;

  for (guint i = 0; i < self->info.channels; i++)
    {
      guint32 next;
      gboolean same = TRUE;

      if (self->goal[i] <= self->acked[i] || !may_raise (self, i))
        continue;

      next = MIN (self->goal[i], self->acked[i] + delta);
      /* The same value for every channel that shares goal and position
       * goes in one frame. */
      for (guint j = 0; j < self->info.channels; j++)
        if (self->goal[j] != self->goal[i] || self->acked[j] != self->acked[i] || !may_raise (self, j))
          same = FALSE;

      salve_msg_build_intensity (&frame, 0, same ? SALVE_PROTOCOL_ALL_CHANNELS : (guint8) i, next);
      self->last_ramp_us = now;
      enqueue (self, &frame, FALSE);
      return;
    }
}

static gboolean
on_tick (gpointer user_data)
{
  SalveStimulator *self = user_data;
  g_autoptr(GObject) keep G_GNUC_UNUSED = g_object_ref (G_OBJECT (self));
  gint64 now = g_get_monotonic_time ();

  flush_out (self);
  if (self->transport == NULL)
    return G_SOURCE_REMOVE;

  if (self->state == SALVE_STIMULATOR_CONNECTING)
    {
      if (now - self->connect_started_us > (MAX_RETRIES + 1) * HELLO_TIMEOUT_MS * 1000 + 200 * 1000)
        {
          fail_hard (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_TIMEOUT,
                                        _("No stimulator answers on this port")));
          return G_SOURCE_REMOVE;
        }
    }
  else if (now - self->last_rx_us > LINK_TIMEOUT_MS * 1000)
    {
      self->tick_id = 0;
      lose_link (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_LINK_LOST,
                                    _("The device stopped answering")));
      return G_SOURCE_REMOVE;
    }
  else if ((self->state == SALVE_STIMULATOR_READY || self->state == SALVE_STIMULATOR_RUNNING ||
            self->state == SALVE_STIMULATOR_PAUSED || self->state == SALVE_STIMULATOR_STOPPED) &&
           now - self->last_status_us > STATUS_TIMEOUT_MS * 1000 &&
           now - self->last_rx_us <= SILENT_MS * 1000)
    {
      /* It answers, but says nothing of its output: nothing it delivers
       * can be checked (section 11). A device silent altogether is left
       * to the link timeout above, which stops it as well: the same
       * silence is then always told, and recorded, as a lost link. */
      fail_hard (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_PROTOCOL,
                                    _("The device sends no status, so its output cannot be checked: stopped")));
      return self->transport != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
    }

  if (self->pending != NULL)
    {
      guint timeout = self->pending->frame.type == SALVE_MSG_HELLO ? HELLO_TIMEOUT_MS : ACK_TIMEOUT_MS;

      if (now - self->pending_sent_us > timeout * 1000)
        {
          g_autofree Command *command = g_steal_pointer (&self->pending);

          if (command->frame.type == SALVE_MSG_HEARTBEAT ||
              command->frame.type == SALVE_MSG_SET_INTENSITY)
            {
              /* Never resent: the next heartbeat carries the clock of
               * now, and the ramp builds a fresh intensity from what the
               * person wants now, up or down. A device that still sends
               * its STATUS but answers nothing is caught here; one silent
               * altogether is left to the link timeout above, so that
               * its silence is always told, and recorded, as a lost
               * link, whichever count would be full first. */
              gboolean heard = now - self->last_rx_us <= SILENT_MS * 1000;

              if (command->frame.type == SALVE_MSG_SET_INTENSITY)
                self->intensity_misses++;
              self->answer_misses++;
              if (heard && self->intensity_misses > MAX_INTENSITY_MISSES)
                {
                  fail_hard (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_TIMEOUT,
                                                _("The device does not confirm intensity changes")));
                  return self->transport != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
                }
              if (heard && self->answer_misses > MAX_ANSWER_MISSES)
                {
                  fail_hard (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_TIMEOUT,
                                                _("The device no longer answers commands: stopped")));
                  return self->transport != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
                }
              send_next (self);
            }
          else if (command->retries < MAX_RETRIES)
            {
              /* Every command that is resent is idempotent (hello, limits,
               * program, start, pause, stop), and goes with a new seq. */
              command->retries++;
              command->refused = 0;
              g_queue_push_head (&self->queue, g_steal_pointer (&command));
              send_next (self);
            }
          else
            {
              /* The first word to a device is no word of a person's:
               * said as what to look at. */
              if (command->frame.type == SALVE_MSG_HELLO)
                fail_hard (self, g_error_new_literal (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_TIMEOUT,
                                                      _("The device does not answer: is it switched on, and "
                                                        "connected to this port?")));
              else if (command->refused != 0)
                fail_hard (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_REFUSED,
                                              _("The device refused “%s”: %s"),
                                              salve_msg_type_to_string (command->frame.type),
                                              salve_nak_code_to_string (command->refused)));
              else
                fail_hard (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_TIMEOUT,
                                              _("The device did not answer “%s”"),
                                              salve_msg_type_to_string (command->frame.type)));
              return self->transport != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
            }
        }
    }

  /* Commands first; a heartbeat only fills a silence. */
  ramp_step (self, now);

  if (self->transport != NULL && self->state != SALVE_STIMULATOR_CONNECTING && !self->winding_down &&
      self->pending == NULL && g_queue_is_empty (&self->queue) &&
      now - self->last_tx_us >= HEARTBEAT_MS * 1000)
    send_heartbeat (self);

  return self->transport != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* Public API */

SalveStimulator *
salve_stimulator_new (void)
{
  return g_object_new (SALVE_TYPE_STIMULATOR, NULL);
}

void
salve_stimulator_connect_async (SalveStimulator     *self,
                                const char          *port,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  SalveFrame hello;

  g_return_if_fail (SALVE_IS_STIMULATOR (self));
  g_return_if_fail (port != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, salve_stimulator_connect_async);

  /* A reconnect starts from scratch: the device is reset by HELLO, and
   * nothing of the last session is resumed. */
  salve_stimulator_disconnect (self);
  g_clear_error (&self->last_error);
  self->fault = SALVE_FAULT_NONE;
  self->off_by_itself = FALSE;
  g_free (self->port);
  self->port = g_strdup (port);

  self->transport = salve_transport_open (port, &error);
  if (self->transport == NULL)
    {
      set_last_error (self, g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OPEN, "%s", error->message));
      g_task_return_error (task, g_error_copy (self->last_error));
      return;
    }
  g_debug ("opened %s via %s", port, salve_transport_get_kind (self->transport));

  salve_frame_decoder_init (&self->decoder);
  self->connect_task = g_steal_pointer (&task);
  self->connect_started_us = g_get_monotonic_time ();
  self->refused = FALSE;
  self->answer_misses = 0;
  self->last_rx_us = self->connect_started_us;
  self->tx_seq = (guint8) g_random_int_range (0, 256);
  set_state (self, SALVE_STIMULATOR_CONNECTING);

  self->fd_watch = g_unix_fd_add (salve_transport_get_fd (self->transport),
                                  G_IO_IN | G_IO_HUP | G_IO_ERR, on_readable, self);
  self->tick_id = g_timeout_add (TICK_MS, on_tick, self);

  salve_msg_build_hello (&hello, 0);
  enqueue (self, &hello, FALSE);
}

gboolean
salve_stimulator_connect_finish (SalveStimulator  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
salve_stimulator_disconnect (SalveStimulator *self)
{
  g_return_if_fail (SALVE_IS_STIMULATOR (self));

  if (self->transport != NULL)
    {
      salve_stimulator_emergency_stop (self);
      if (self->connect_task != NULL)
        {
          g_autoptr(GError) error = g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_CANCELLED,
                                                 _("The connection was cancelled"));
          fail_connect (self, error);
        }
      close_transport (self);
    }

  set_state (self, SALVE_STIMULATOR_IDLE);
}

SalveStimulatorState
salve_stimulator_get_state (SalveStimulator *self)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), SALVE_STIMULATOR_IDLE);

  return self->state;
}

const char *
salve_stimulator_get_port (SalveStimulator *self)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), NULL);

  return self->port;
}

const char *
salve_stimulator_get_transport_kind (SalveStimulator *self)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), NULL);

  return self->transport ? salve_transport_get_kind (self->transport) : NULL;
}

const SalveDeviceInfo *
salve_stimulator_get_info (SalveStimulator *self)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), NULL);

  return self->have_info && self->state != SALVE_STIMULATOR_CONNECTING ? &self->info : NULL;
}

SalveModality
salve_stimulator_get_modality (SalveStimulator *self)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), SALVE_MODALITY_TENS);

  return self->info.modality;
}

guint
salve_stimulator_get_n_channels (SalveStimulator *self)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), 0);

  return self->have_info ? self->info.channels : 0;
}

SalveParam
salve_stimulator_get_intensity_param (SalveStimulator *self)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), SALVE_PARAM_INTENSITY_MA);

  return salve_modality_get_intensity_param (self->info.modality);
}

/* The wire parameter that carries @param for @modality, or 0. */
static SalveWireParam
wire_param_for (SalveModality modality,
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
    default:
      return 0;
    }
}

void
salve_stimulator_set_ceiling (SalveStimulator *self,
                              SalveParam       param,
                              double           max)
{
  g_return_if_fail (SALVE_IS_STIMULATOR (self));
  g_return_if_fail (param < SALVE_N_PARAMS);

  self->ceilings[param] = max;

  /* A lower ceiling takes effect now: goals above it come down, and the
   * device is told. */
  if (self->have_info && is_connected (self) && param == salve_modality_get_intensity_param (self->info.modality) &&
      !isnan (max))
    {
      guint32 wire = 0;

      salve_wire_param_from_display (SALVE_WIRE_INTENSITY, self->info.modality, max, &wire);
      for (guint i = 0; i < self->info.channels; i++)
        if (self->goal[i] > wire)
          {
            const SalveWireRange *range = salve_device_info_get_range (&self->info, SALVE_WIRE_INTENSITY);
            guint32 on_grid = wire < range->min ? range->min : wire - (wire - range->min) % range->step;
            salve_stimulator_ramp_channel_to (self, i, salve_wire_param_to_display (SALVE_WIRE_INTENSITY, self->info.modality, on_grid), NULL);
          }
      send_limits (self);
    }
}

gboolean
salve_stimulator_get_range (SalveStimulator *self,
                            SalveParam       param,
                            double          *min,
                            double          *max,
                            double          *step)
{
  const SalveWireRange *range;
  const SalveParamSpec *spec;
  SalveWireParam wire_param;
  double lo, hi;

  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), FALSE);
  g_return_val_if_fail (param < SALVE_N_PARAMS, FALSE);

  if (!self->have_info)
    return FALSE;
  wire_param = wire_param_for (self->info.modality, param);
  if (wire_param == 0 || (range = salve_device_info_get_range (&self->info, wire_param)) == NULL)
    return FALSE;

  lo = salve_wire_param_to_display (wire_param, self->info.modality, range->min);
  hi = salve_wire_param_to_display (wire_param, self->info.modality, range->max);
  spec = salve_modality_get_param (self->info.modality, param);
  if (spec != NULL)
    {
      lo = MAX (lo, spec->limit_min);
      hi = MIN (hi, spec->limit_max);
    }
  if (!isnan (self->ceilings[param]))
    hi = MIN (hi, self->ceilings[param]);

  if (min)
    *min = lo;
  if (max)
    *max = hi;
  if (step)
    *step = salve_wire_param_to_display (wire_param, self->info.modality, range->step);

  return TRUE;
}

/* The one check every value passes before a byte is written. */
static gboolean
check_value (SalveStimulator  *self,
             SalveParam        param,
             double            value,
             guint32          *wire_out,
             GError          **error)
{
  const SalveParamSpec *spec;
  const SalveWireRange *range;
  SalveWireParam wire_param;
  const char *unit;
  guint32 wire;
  double scale;

  if (!self->have_info)
    {
      g_set_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_NOT_CONNECTED,
                   _("No stimulator is connected"));
      return FALSE;
    }

  wire_param = wire_param_for (self->info.modality, param);
  range = wire_param ? salve_device_info_get_range (&self->info, wire_param) : NULL;
  if (range == NULL)
    {
      g_set_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_UNSUPPORTED,
                   _("This device has no setting for %s"), salve_param_get_name (param));
      return FALSE;
    }

  unit = salve_param_get_unit (param);
  spec = salve_modality_get_param (self->info.modality, param);

  if (!isfinite (value))
    {
      g_set_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUT_OF_RANGE,
                   _("%s is not a number"), salve_param_get_name (param));
      return FALSE;
    }

  /* 1. The modality's hard safety limits (0 is always allowed for the
   * intensity: it means off). */
  if (spec != NULL && (value > spec->limit_max || (value < spec->limit_min && !(wire_param == SALVE_WIRE_INTENSITY && value == 0))))
    {
      g_set_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUT_OF_RANGE,
                   _("%s %g %s is outside the safety limits for %s (%g–%g %s)"),
                   salve_param_get_name (param), value, unit, salve_modality_get_name (self->info.modality),
                   spec->limit_min, spec->limit_max, unit);
      return FALSE;
    }

  /* 2. The profile's ceiling. */
  if (!isnan (self->ceilings[param]) && value > self->ceilings[param])
    {
      g_set_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUT_OF_RANGE,
                   _("%s %g %s is above this profile’s ceiling of %g %s"),
                   salve_param_get_name (param), value, unit, self->ceilings[param], unit);
      return FALSE;
    }

  /* 3. The device's own range and step. */
  scale = salve_wire_param_get_scale (wire_param, self->info.modality);
  if (value < 0 || !salve_wire_param_from_display (wire_param, self->info.modality, value, &wire) ||
      fabs (value * scale - wire) > 1e-6 * MAX (1.0, value * scale) ||
      wire < range->min || wire > range->max || (wire - range->min) % range->step != 0)
    {
      g_set_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUT_OF_RANGE,
                   _("%s %g %s is not a setting this device has (%g–%g %s in steps of %g %s)"),
                   salve_param_get_name (param), value, unit,
                   salve_wire_param_to_display (wire_param, self->info.modality, range->min),
                   salve_wire_param_to_display (wire_param, self->info.modality, range->max), unit,
                   salve_wire_param_to_display (wire_param, self->info.modality, range->step), unit);
      return FALSE;
    }

  if (wire_out)
    *wire_out = wire;
  return TRUE;
}

gboolean
salve_stimulator_check_value (SalveStimulator  *self,
                              SalveParam        param,
                              double            value,
                              GError          **error)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), FALSE);
  g_return_val_if_fail (param < SALVE_N_PARAMS, FALSE);

  return check_value (self, param, value, NULL, error);
}

static gboolean
require_connected (SalveStimulator  *self,
                   GError          **error)
{
  if (is_connected (self) && self->have_info && !self->refused && !self->winding_down)
    return TRUE;

  g_set_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_NOT_CONNECTED,
               _("No stimulator is connected"));
  return FALSE;
}

static gboolean
bad_state (SalveStimulator  *self,
           GError          **error)
{
  g_set_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_BAD_STATE,
               _("Not possible while the stimulator is %s"),
               salve_stimulator_state_get_name (self->state));
  return FALSE;
}

gboolean
salve_stimulator_set_program (SalveStimulator  *self,
                              guint             program,
                              const SalvePlan  *plan,
                              GError          **error)
{
  SalveWireValue values[SALVE_PROTOCOL_MAX_PARAMS];
  guint n = 0;
  SalveFrame frame;

  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), FALSE);

  if (!require_connected (self, error))
    return FALSE;
  if (self->state == SALVE_STIMULATOR_RUNNING)
    return bad_state (self, error);

  /* A device without programs has exactly one: program 1 is it. */
  if (program != 0 &&
      !(program == 1 && salve_device_info_get_range (&self->info, SALVE_WIRE_PROGRAM) == NULL))
    {
      const SalveWireRange *range = salve_device_info_get_range (&self->info, SALVE_WIRE_PROGRAM);

      if (range == NULL || program < range->min || program > range->max)
        {
          g_set_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUT_OF_RANGE,
                       _("This device has no program %u"), program);
          return FALSE;
        }
      values[n++] = (SalveWireValue) { SALVE_WIRE_PROGRAM, program };
    }

  for (guint p = 0; plan != NULL && p < SALVE_N_PARAMS; p++)
    {
      SalveWireParam wire_param = wire_param_for (self->info.modality, p);
      double value;
      guint32 wire;

      if (wire_param == 0 || wire_param == SALVE_WIRE_INTENSITY || !salve_plan_get (plan, p, &value))
        continue;
      if (wire_param == SALVE_WIRE_WAVELENGTH)
        {
          /* Not settable: the plan must match the device. */
          if (!check_value (self, p, value, NULL, error))
            return FALSE;
          continue;
        }
      if (!check_value (self, p, value, &wire, error))
        return FALSE;
      if (n < SALVE_PROTOCOL_MAX_PARAMS)
        values[n++] = (SalveWireValue) { wire_param, wire };
    }

  if (n == 0)
    return TRUE;

  salve_msg_build_params (&frame, SALVE_MSG_SET_PROGRAM, 0, values, n);
  enqueue (self, &frame, FALSE);
  return TRUE;
}

gboolean
salve_stimulator_start (SalveStimulator  *self,
                        GError          **error)
{
  SalveFrame frame;

  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), FALSE);

  if (!require_connected (self, error))
    return FALSE;

  switch (self->state)
    {
    case SALVE_STIMULATOR_READY:
    case SALVE_STIMULATOR_PAUSED:
    case SALVE_STIMULATOR_STOPPED:
      break;
    case SALVE_STIMULATOR_FAULT:
      if (self->have_status && self->status.state == SALVE_DEVICE_FAULT)
        return bad_state (self, error);
      break;
    case SALVE_STIMULATOR_RUNNING:
      return TRUE;
    case SALVE_STIMULATOR_IDLE:
    case SALVE_STIMULATOR_CONNECTING:
    case SALVE_STIMULATOR_LINK_LOST:
    default:
      return bad_state (self, error);
    }

  /* From a stop or a fault the person starts over from 0; after a pause
   * the same goal is ramped to again. */
  if (self->state != SALVE_STIMULATOR_PAUSED)
    memset (self->goal, 0, sizeof self->goal);
  forget_targets (self);
  self->fault = SALVE_FAULT_NONE;
  self->intensity_misses = 0;

  salve_msg_init (&frame, SALVE_MSG_START, 0);
  enqueue (self, &frame, FALSE);
  self->start_requested = TRUE;
  return TRUE;
}

gboolean
salve_stimulator_ramp_channel_to (SalveStimulator  *self,
                                  guint             channel,
                                  double            goal,
                                  GError          **error)
{
  gboolean lower = FALSE, all_down = TRUE;
  SalveFrame frame;
  guint32 wire;

  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), FALSE);

  if (!require_connected (self, error))
    return FALSE;
  if (channel != SALVE_PROTOCOL_ALL_CHANNELS && channel >= self->info.channels)
    {
      g_set_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUT_OF_RANGE,
                   _("This device has no channel %u"), channel + 1);
      return FALSE;
    }
  if (!check_value (self, salve_modality_get_intensity_param (self->info.modality), goal, &wire, error))
    return FALSE;
  if (wire > 0 && self->state != SALVE_STIMULATOR_RUNNING && self->state != SALVE_STIMULATOR_PAUSED &&
      !self->start_requested)
    return bad_state (self, error);

  for (guint i = 0; i < self->info.channels; i++)
    {
      if (channel != SALVE_PROTOCOL_ALL_CHANNELS && channel != i)
        continue;
      self->goal[i] = wire;
    }

  /* Down at once: lowering is always safe, and the person asking for less
   * must not wait behind a queued rise. */
  for (guint i = 0; i < self->info.channels; i++)
    {
      if (channel != SALVE_PROTOCOL_ALL_CHANNELS && channel != i)
        continue;
      if (wire < self->acked[i])
        lower = TRUE;
      else if (wire > self->acked[i])
        all_down = FALSE;
    }
  /* A paused or pausing device takes no target above 0 (and its targets
   * are 0 anyway once paused). */
  if (lower && wire > 0 && (self->state != SALVE_STIMULATOR_RUNNING ||
                            (self->pending != NULL && self->pending->frame.type == SALVE_MSG_PAUSE)))
    lower = FALSE;
  if (lower && channel == SALVE_PROTOCOL_ALL_CHANNELS && all_down)
    {
      /* One frame, as it lowers every channel (or leaves it be). */
      salve_msg_build_intensity (&frame, 0, SALVE_PROTOCOL_ALL_CHANNELS, wire);
      enqueue (self, &frame, TRUE);
    }
  else if (lower)
    {
      /* Only the channels above the goal, each in its own frame: one
       * below it would jump up to it; it rises by ramp instead. */
      for (guint i = 0; i < self->info.channels; i++)
        {
          if ((channel != SALVE_PROTOCOL_ALL_CHANNELS && channel != i) || wire >= self->acked[i])
            continue;
          salve_msg_build_intensity (&frame, 0, (guint8) i, wire);
          enqueue (self, &frame, TRUE);
        }
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GOAL]);
  return TRUE;
}

gboolean
salve_stimulator_ramp_to (SalveStimulator  *self,
                          double            goal,
                          GError          **error)
{
  return salve_stimulator_ramp_channel_to (self, SALVE_PROTOCOL_ALL_CHANNELS, goal, error);
}

void
salve_stimulator_set_ramp_rate (SalveStimulator *self,
                                double           per_second)
{
  g_return_if_fail (SALVE_IS_STIMULATOR (self));

  if (!isfinite (per_second) || per_second < 0)
    per_second = 0;
  self->ramp_rate = per_second;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RAMP_RATE]);
}

double
salve_stimulator_get_ramp_rate (SalveStimulator *self)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), 0);

  /* The rate the ramp gives, which a device's small ramp increment or
   * coarse steps may hold below the one asked for. */
  if (self->have_info)
    {
      guint32 delta, period_us;

      ramp_plan (self, &delta, &period_us);
      return salve_wire_param_to_display (SALVE_WIRE_INTENSITY, self->info.modality, delta) * G_USEC_PER_SEC /
             MAX (period_us, 1);
    }

  return self->ramp_rate;
}

gboolean
salve_stimulator_pause (SalveStimulator  *self,
                        GError          **error)
{
  SalveFrame frame;

  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), FALSE);

  if (!require_connected (self, error))
    return FALSE;
  if (self->state == SALVE_STIMULATOR_PAUSED)
    return TRUE;
  if (self->state != SALVE_STIMULATOR_RUNNING)
    return bad_state (self, error);

  /* Nothing queued may raise the output after the pause. The pause
   * itself waits for the answer that is due (stop-and-wait): only STOP
   * goes out whatever is outstanding. */
  drop_queued (self);
  salve_msg_init (&frame, SALVE_MSG_PAUSE, 0);
  enqueue (self, &frame, TRUE);
  return TRUE;
}

void
salve_stimulator_stop (SalveStimulator *self)
{
  g_return_if_fail (SALVE_IS_STIMULATOR (self));

  memset (self->goal, 0, sizeof self->goal);
  forget_targets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GOAL]);

  if (self->transport == NULL)
    return;

  /* Stop jumps the queue and goes out now, whatever is outstanding;
   * unless the one outstanding is a STOP, with nothing after it (a
   * fault's own, a moment ago, which its session then asks for again):
   * that is the answer to wait for, and it is sent again without one. A
   * second at once would only crowd a device that holds one frame. */
  if (self->pending == NULL || self->pending->frame.type != SALVE_MSG_STOP || !g_queue_is_empty (&self->queue))
    {
      clear_queue (self);
      queue_stop (self);
    }

  if (self->state == SALVE_STIMULATOR_RUNNING || self->state == SALVE_STIMULATOR_PAUSED ||
      self->state == SALVE_STIMULATOR_READY)
    set_state (self, SALVE_STIMULATOR_STOPPED);
}

void
salve_stimulator_emergency_stop (SalveStimulator *self)
{
  g_return_if_fail (SALVE_IS_STIMULATOR (self));

  if (self->transport == NULL)
    return;

  write_stop_now (self);

  memset (self->goal, 0, sizeof self->goal);
  forget_targets (self);
  clear_queue (self);
  if (self->state == SALVE_STIMULATOR_RUNNING || self->state == SALVE_STIMULATOR_PAUSED)
    set_state (self, SALVE_STIMULATOR_STOPPED);
}

void
salve_stimulator_wind_down (SalveStimulator *self)
{
  g_return_if_fail (SALVE_IS_STIMULATOR (self));

  self->winding_down = TRUE;
}

gboolean
salve_stimulator_is_stop_confirmed (SalveStimulator *self)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), FALSE);

  return (self->transport != NULL && self->stop_confirmed) || self->off_by_itself;
}

double
salve_stimulator_get_output (SalveStimulator *self,
                             guint            channel)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), 0);

  if (!self->have_status || channel >= self->status.channels)
    return 0;

  return salve_wire_param_to_display (SALVE_WIRE_INTENSITY, self->info.modality, self->status.output[channel]);
}

double
salve_stimulator_get_goal (SalveStimulator *self,
                           guint            channel)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), 0);

  if (!self->have_info || channel >= self->info.channels)
    return 0;

  return salve_wire_param_to_display (SALVE_WIRE_INTENSITY, self->info.modality, self->goal[channel]);
}

guint32
salve_stimulator_get_elapsed_ms (SalveStimulator *self)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), 0);

  return self->have_status ? self->status.elapsed_ms : 0;
}

int
salve_stimulator_get_battery (SalveStimulator *self)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), -1);

  return self->have_status ? self->status.battery : -1;
}

gboolean
salve_stimulator_get_contact (SalveStimulator *self,
                              guint            channel)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), TRUE);

  if (!self->have_status || channel >= self->status.channels)
    return TRUE;

  return self->status.contact[channel] != 0;
}

SalveFaultCode
salve_stimulator_get_fault (SalveStimulator *self)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), SALVE_FAULT_NONE);

  return self->fault;
}

const GError *
salve_stimulator_get_last_error (SalveStimulator *self)
{
  g_return_val_if_fail (SALVE_IS_STIMULATOR (self), NULL);

  return self->last_error;
}

/* GObject */

static void
salve_stimulator_dispose (GObject *object)
{
  SalveStimulator *self = SALVE_STIMULATOR (object);

  /* Going away with the device running must never leave it running. */
  if (self->transport != NULL)
    salve_stimulator_emergency_stop (self);
  if (self->connect_task != NULL)
    {
      g_autoptr(GError) error = g_error_new (SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_CANCELLED,
                                             _("The connection was cancelled"));
      fail_connect (self, error);
    }
  close_transport (self);

  G_OBJECT_CLASS (salve_stimulator_parent_class)->dispose (object);
}

static void
salve_stimulator_finalize (GObject *object)
{
  SalveStimulator *self = SALVE_STIMULATOR (object);

  g_clear_error (&self->last_error);
  g_clear_pointer (&self->port, g_free);
  g_clear_pointer (&self->out, g_byte_array_unref);

  G_OBJECT_CLASS (salve_stimulator_parent_class)->finalize (object);
}

static void
salve_stimulator_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SalveStimulator *self = SALVE_STIMULATOR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_OUTPUT:
      g_value_set_double (value, salve_stimulator_get_output (self, 0));
      break;
    case PROP_GOAL:
      g_value_set_double (value, salve_stimulator_get_goal (self, 0));
      break;
    case PROP_ELAPSED_MS:
      g_value_set_uint (value, salve_stimulator_get_elapsed_ms (self));
      break;
    case PROP_BATTERY:
      g_value_set_int (value, salve_stimulator_get_battery (self));
      break;
    case PROP_CONTACT:
      g_value_set_boolean (value, salve_stimulator_get_contact (self, 0));
      break;
    case PROP_LAST_ERROR_MESSAGE:
      g_value_set_string (value, self->last_error ? self->last_error->message : NULL);
      break;
    case PROP_RAMP_RATE:
      g_value_set_double (value, salve_stimulator_get_ramp_rate (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_stimulator_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SalveStimulator *self = SALVE_STIMULATOR (object);

  switch (prop_id)
    {
    case PROP_RAMP_RATE:
      salve_stimulator_set_ramp_rate (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_stimulator_class_init (SalveStimulatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = salve_stimulator_dispose;
  object_class->finalize = salve_stimulator_finalize;
  object_class->get_property = salve_stimulator_get_property;
  object_class->set_property = salve_stimulator_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SALVE_TYPE_STIMULATOR_STATE, SALVE_STIMULATOR_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTPUT] =
    g_param_spec_double ("output", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GOAL] =
    g_param_spec_double ("goal", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ELAPSED_MS] =
    g_param_spec_uint ("elapsed-ms", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BATTERY] =
    g_param_spec_int ("battery", NULL, NULL, -1, 255, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTACT] =
    g_param_spec_boolean ("contact", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR_MESSAGE] =
    g_param_spec_string ("last-error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RAMP_RATE] =
    g_param_spec_double ("ramp-rate", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STATUS_UPDATED] =
    g_signal_new ("status-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FAULT] =
    g_signal_new ("fault", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
salve_stimulator_init (SalveStimulator *self)
{
  self->out = g_byte_array_new ();
  self->stop_seq = -1;
  g_queue_init (&self->queue);
  for (guint i = 0; i < SALVE_N_PARAMS; i++)
    self->ceilings[i] = NAN;
  salve_frame_decoder_init (&self->decoder);
}
