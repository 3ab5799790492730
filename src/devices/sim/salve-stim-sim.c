/* salve-stim-sim.c: a simulated stimulator, the device side of
 * docs/protocol.md on a pseudo-terminal
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-stim-sim"
#define _GNU_SOURCE  /* posix_openpt, ptsname, cfmakeraw */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "salve-frame.h"
#include "salve-modality.h"
#include "salve-protocol.h"

#define TICK_MS          10
#define STATUS_EVERY_US  (200 * 1000)   /* 5 Hz, above the 4 Hz the spec asks */
#define STALL_US         (2 * G_USEC_PER_SEC)
#define GARBAGE_BYTES    64

typedef enum
{
  FAULT_KIND_NONE,
  FAULT_KIND_ELECTRODE_OFF,
  FAULT_KIND_OVER_CURRENT,
  FAULT_KIND_LOW_BATTERY,
  FAULT_KIND_GARBAGE,
  FAULT_KIND_STALL,
  N_FAULT_KINDS
} FaultKind;

static const char * const fault_kinds[N_FAULT_KINDS] = {
  [FAULT_KIND_NONE]          = "none",
  [FAULT_KIND_ELECTRODE_OFF] = "electrode-off",
  [FAULT_KIND_OVER_CURRENT]  = "over-current",
  [FAULT_KIND_LOW_BATTERY]   = "low-battery",
  [FAULT_KIND_GARBAGE]       = "garbage",
  [FAULT_KIND_STALL]         = "stall",
};

typedef struct
{
  SalveDeviceInfo   info;
  int               master;
  char             *slave_path;
  FILE             *log;
  GRand            *rand;

  SalveFrameDecoder decoder;
  gboolean          link_up;
  gboolean          hello;        /* a HELLO on this connection */
  gboolean          streaming;    /* status is being sent */
  guint8            tx_seq;
  gboolean          have_last;
  guint8            last_seq;
  guint8            last_type;
  SalveFrame        last_answer;
  gboolean          have_heartbeat;
  guint32           last_heartbeat;
  gint64            last_fresh_us;
  gint64            last_status_us;
  gint64            last_tick_us;

  SalveDeviceState  state;
  SalveFaultCode    fault;
  double            output[SALVE_PROTOCOL_MAX_CHANNELS];   /* wire units, smooth */
  guint32           reported[SALVE_PROTOCOL_MAX_CHANNELS]; /* quantised to the step */
  guint32           target[SALVE_PROTOCOL_MAX_CHANNELS];
  guint8            contact[SALVE_PROTOCOL_MAX_CHANNELS];
  guint32           limit_intensity;
  guint32           values[SALVE_WIRE_LAST + 1];
  gint64            elapsed_us;
  guint8            battery;

  /* Test modes and fault injection. */
  gboolean          silent;
  gboolean          nak_all;
  gboolean          refuse_start;   /* NAK every START */
  gboolean          ignore_stop;    /* ACK a STOP and keep delivering */
  gboolean          stop_keeps_running; /* ACK a STOP, output 0, state still running */
  gboolean          stop_taken_for_nothing; /* so it did: no dead-man timer since */
  guint             refuse_stops;   /* NAK (0x0A) the first N STOPs */
  gboolean          forget_on_stop; /* NAK 0x08 a STOP, output kept on */
  gint64            stall_until_us;
  FaultKind         fault_kind;
  double            fault_after_s;
  gint64            first_start_us;
  gboolean          fault_fired;
  FaultKind         next_signal_fault;
  guint             drop_lowering;  /* intensity commands that lower a target, to lose */
  /* A slow device: a lower target takes this long to reach the output. */
  gint64            lower_after_us;
  gint64            lower_due_us[SALVE_PROTOCOL_MAX_CHANNELS];
  /* A lying device: while running, STATUS reports lie_output (wire units)
   * on every channel, or the real output plus it when lie_relative. */
  gboolean          lie;
  gboolean          lie_relative;
  guint32           lie_output;
  gboolean          lie_logged;     /* the first lie of this connection is logged */
  gboolean          lie_in_setup;   /* lie once, in a STATUS just before answering SET_LIMITS, not while running */
  gboolean          lying_now;      /* that STATUS is being sent */
  gboolean          log_frames;     /* an "rx" line for every frame received */

  /* Counters, reported in the log. */
  guint             naks_range;
  guint             naks_total;
  guint             frames_rx;
  guint             frame_errors;
  guint             deadman_stops;
  guint             link_losses;

  /* NMES: whether the muscle works (on time) or rests (off time) now. */
  gboolean          phase_on;

  /* What the log last said, to log changes only. */
  SalveDeviceState  logged_state;
  guint32           logged_output[SALVE_PROTOCOL_MAX_CHANNELS];
} Sim;

static volatile sig_atomic_t got_usr1;
static volatile sig_atomic_t got_usr2;
static volatile sig_atomic_t got_term;

static void
on_signal (int signum)
{
  if (signum == SIGUSR1)
    got_usr1 = 1;
  else if (signum == SIGUSR2)
    got_usr2 = 1;
  else
    got_term = 1;
}

static gint64
now_us (void)
{
  /* g_get_monotonic_time() is CLOCK_MONOTONIC on Linux: the clock the log
   * promises, so a test can compare it with its own. */
  return g_get_monotonic_time ();
}

static const SalveWireRange *
range_of (Sim     *sim,
          guint8   param)
{
  return salve_device_info_get_range (&sim->info, param);
}

/* The log: one JSON object per line, flushed, so that a test reading it
 * while we run sees every line as soon as it happened. */
static void
log_event (Sim        *sim,
           const char *event,
           const char *extra_fmt,
           ...) G_GNUC_PRINTF (3, 4);

static void
log_event (Sim        *sim,
           const char *event,
           const char *extra_fmt,
           ...)
{
  GString *line;
  gint64 now;

  for (guint i = 0; i < sim->info.channels; i++)
    sim->logged_output[i] = sim->reported[i];
  sim->logged_state = sim->state;

  if (sim->log == NULL)
    return;

  now = now_us ();
  line = g_string_new (NULL);
  /* t_us too: a stop travels the pty in well under a millisecond. */
  g_string_append_printf (line, "{\"t_ms\":%" G_GINT64_FORMAT ",\"t_us\":%" G_GINT64_FORMAT ",\"event\":\"%s\",\"state\":\"%s\",\"output\":[",
                          now / 1000, now, event, salve_device_state_to_id (sim->state));
  for (guint i = 0; i < sim->info.channels; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buf, sizeof buf, "%.3f",
                       salve_wire_param_to_display (SALVE_WIRE_INTENSITY, sim->info.modality, sim->reported[i]));
      g_string_append_printf (line, "%s%s", i ? "," : "", buf);
    }
  g_string_append_printf (line, "],\"naks_range\":%u", sim->naks_range);
  if (extra_fmt != NULL)
    {
      va_list args;

      va_start (args, extra_fmt);
      g_string_append (line, ",");
      g_string_append_vprintf (line, extra_fmt, args);
      va_end (args);
    }
  g_string_append (line, "}\n");
  fputs (line->str, sim->log);
  fflush (sim->log);
  g_string_free (line, TRUE);
}

static void
log_counters (Sim        *sim,
              const char *event)
{
  log_event (sim, event,
             "\"naks_total\":%u,\"frames\":%u,\"frame_errors\":%u,\"deadman_stops\":%u,\"link_losses\":%u",
             sim->naks_total, sim->frames_rx, sim->frame_errors, sim->deadman_stops, sim->link_losses);
}

static void
log_changes (Sim *sim)
{
  gboolean output_changed = FALSE;

  for (guint i = 0; i < sim->info.channels; i++)
    if (sim->logged_output[i] != sim->reported[i])
      output_changed = TRUE;

  if (sim->state != sim->logged_state)
    log_event (sim, "state", NULL);
  else if (output_changed)
    log_event (sim, "output", NULL);
}

static void
send_frame (Sim              *sim,
            const SalveFrame *frame)
{
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  gsize n = salve_frame_encode (frame, wire, sizeof wire);

  if (!sim->link_up || n == 0)
    return;

  /* Nobody reading (host stopped): drop, as a UART would. */
  if (write (sim->master, wire, n) < 0 && errno != EAGAIN && errno != EIO && errno != EINTR)
    g_warning ("write: %s", g_strerror (errno));
}

static void
send_status (Sim *sim)
{
  SalveDeviceStatus status = { 0 };
  SalveFrame frame;
  gboolean lying = sim->lie && (sim->lie_in_setup ? sim->lying_now : sim->state == SALVE_DEVICE_RUNNING);

  status.state = sim->state;
  status.fault = sim->fault;
  status.elapsed_ms = (guint32) (sim->elapsed_us / 1000);
  status.battery = sim->battery;
  status.channels = sim->info.channels;
  for (guint i = 0; i < sim->info.channels; i++)
    {
      status.output[i] = sim->reported[i];
      status.contact[i] = sim->contact[i];
      if (lying)
        status.output[i] = !sim->lie_relative ? sim->lie_output
                           : sim->reported[i] > G_MAXUINT32 - sim->lie_output ? G_MAXUINT32
                           : sim->reported[i] + sim->lie_output;
    }
  if (lying && !sim->lie_logged)
    {
      sim->lie_logged = TRUE;
      log_event (sim, "lie", "\"reported\":%u", status.output[0]);
    }
  salve_msg_build_status (&frame, sim->tx_seq++, &status);
  send_frame (sim, &frame);
  sim->last_status_us = now_us ();
}

/* NMES: the share of the intensity delivered now, from the elapsed
 * running time. A cycle is the on time, then the off time (output 0);
 * within the on time the output rises over the ramp time, holds, and
 * falls over the ramp time (when the on time is shorter than two ramps,
 * the contraction peaks lower). Other modalities: always 1. */
static double
envelope (Sim      *sim,
          gboolean *on)
{
  gint64 on_us = (gint64) sim->values[SALVE_WIRE_ON_TIME] * 100000;
  gint64 off_us = (gint64) sim->values[SALVE_WIRE_OFF_TIME] * 100000;
  gint64 ramp_us = (gint64) sim->values[SALVE_WIRE_RAMP_TIME] * 100000;
  gint64 pos;
  double share = 1.0;

  *on = TRUE;
  if (sim->info.modality != SALVE_MODALITY_NMES || on_us <= 0 || off_us <= 0)
    return 1.0;

  pos = sim->elapsed_us % (on_us + off_us);
  if (pos >= on_us)
    {
      *on = FALSE;
      return 0.0;
    }
  if (ramp_us > 0)
    share = MIN (1.0, MIN ((double) pos / ramp_us, (double) (on_us - pos) / ramp_us));

  return share;
}

static void
quantise (Sim *sim)
{
  const SalveWireRange *range = range_of (sim, SALVE_WIRE_INTENSITY);
  gboolean on;
  double share = envelope (sim, &on);

  for (guint i = 0; i < sim->info.channels; i++)
    sim->reported[i] = (guint32) (floor (sim->output[i] * share / range->step) * range->step);
}

/* Output to 0 at once: stop, pause, faults, link loss, dead-man. */
static void
output_off (Sim *sim)
{
  for (guint i = 0; i < sim->info.channels; i++)
    {
      sim->output[i] = 0;
      sim->target[i] = 0;
    }
  quantise (sim);
}

static void
set_state (Sim              *sim,
           SalveDeviceState  state)
{
  if (state != SALVE_DEVICE_RUNNING)
    output_off (sim);
  sim->state = state;
  log_changes (sim);
  if (sim->streaming)
    send_status (sim);
}

static guint8 check_value (Sim *sim, guint8 param, guint32 value);

static void
reset_session (Sim *sim)
{
  sim->phase_on = TRUE;
  output_off (sim);
  sim->state = SALVE_DEVICE_IDLE;
  sim->fault = SALVE_FAULT_NONE;
  sim->elapsed_us = 0;
  sim->have_last = FALSE;
  sim->have_heartbeat = FALSE;
  sim->limit_intensity = range_of (sim, SALVE_WIRE_INTENSITY)->max;
  for (guint i = 0; i < sim->info.n_params; i++)
    sim->values[sim->info.params[i].param] = sim->info.params[i].min;
  if (range_of (sim, SALVE_WIRE_PROGRAM))
    sim->values[SALVE_WIRE_PROGRAM] = 1;
  /* NMES: the catalogue's rhythm until SET_PROGRAM says otherwise. */
  if (sim->info.modality == SALVE_MODALITY_NMES)
    {
      static const struct { SalveParam param; guint8 wire; } rhythm[] = {
        { SALVE_PARAM_ON_S, SALVE_WIRE_ON_TIME },
        { SALVE_PARAM_OFF_S, SALVE_WIRE_OFF_TIME },
        { SALVE_PARAM_RAMP_S, SALVE_WIRE_RAMP_TIME },
      };

      for (guint i = 0; i < G_N_ELEMENTS (rhythm); i++)
        {
          const SalveParamSpec *spec = salve_modality_get_param (SALVE_MODALITY_NMES, rhythm[i].param);
          guint32 wire;

          if (spec != NULL && check_value (sim, rhythm[i].wire, 0) != SALVE_NAK_UNKNOWN_PARAM &&
              salve_wire_param_from_display (rhythm[i].wire, SALVE_MODALITY_NMES, spec->default_value, &wire) &&
              check_value (sim, rhythm[i].wire, wire) == 0)
            sim->values[rhythm[i].wire] = wire;
        }
    }
  for (guint i = 0; i < sim->info.channels; i++)
    sim->contact[i] = 1;
}

static void
raise_fault (Sim            *sim,
             SalveFaultCode  code,
             guint8          channel)
{
  SalveFrame frame;

  sim->fault = code;
  set_state (sim, SALVE_DEVICE_FAULT);
  log_event (sim, "fault", "\"fault\":\"%s\"", fault_kinds[code <= SALVE_FAULT_LOW_BATTERY ? code : 0]);
  salve_msg_build_fault (&frame, sim->tx_seq++, code, channel);
  send_frame (sim, &frame);
}

static void
inject (Sim       *sim,
        FaultKind  kind)
{
  switch (kind)
    {
    case FAULT_KIND_ELECTRODE_OFF:
      sim->contact[0] = 0;
      raise_fault (sim, SALVE_FAULT_ELECTRODE_OFF, 0);
      break;
    case FAULT_KIND_OVER_CURRENT:
      raise_fault (sim, SALVE_FAULT_OVER_CURRENT, 0);
      break;
    case FAULT_KIND_LOW_BATTERY:
      sim->battery = 3;
      raise_fault (sim, SALVE_FAULT_LOW_BATTERY, SALVE_PROTOCOL_ALL_CHANNELS);
      break;
    case FAULT_KIND_GARBAGE:
      {
        guint8 junk[GARBAGE_BYTES];

        for (guint i = 0; i < sizeof junk; i++)
          junk[i] = i % 8 == 0 ? SALVE_FRAME_FLAG : (guint8) g_rand_int_range (sim->rand, 0, 256);
        if (sim->link_up && write (sim->master, junk, sizeof junk) < 0)
          g_debug ("garbage: %s", g_strerror (errno));
        log_event (sim, "inject", "\"fault\":\"garbage\"");
      }
      break;
    case FAULT_KIND_STALL:
      sim->stall_until_us = now_us () + STALL_US;
      log_event (sim, "inject", "\"fault\":\"stall\"");
      break;
    case FAULT_KIND_NONE:
    case N_FAULT_KINDS:
    default:
      break;
    }
}

static void
answer (Sim              *sim,
        const SalveFrame *frame)
{
  sim->last_answer = *frame;
  send_frame (sim, frame);
}

static void
ack (Sim    *sim,
     guint8  seq)
{
  SalveFrame frame;

  salve_msg_build_ack (&frame, sim->tx_seq++, seq);
  answer (sim, &frame);
}

static void
nak (Sim    *sim,
     guint8  seq,
     guint8  code,
     guint8  param)
{
  SalveFrame frame;

  sim->naks_total++;
  if (code == SALVE_NAK_OUT_OF_RANGE || code == SALVE_NAK_BAD_STEP || code == SALVE_NAK_RISE_TOO_FAST)
    sim->naks_range++;
  log_event (sim, "nak", "\"code\":%u,\"param\":%u", code, param);
  salve_msg_build_nak (&frame, sim->tx_seq++, seq, code, param);
  answer (sim, &frame);
}

/* 0 when @value is acceptable for @param, else the NAK code. */
static guint8
check_value (Sim     *sim,
             guint8   param,
             guint32  value)
{
  const SalveWireRange *range = range_of (sim, param);

  if (range == NULL)
    return SALVE_NAK_UNKNOWN_PARAM;
  if (value < range->min || value > range->max)
    return SALVE_NAK_OUT_OF_RANGE;
  if ((value - range->min) % range->step != 0)
    return SALVE_NAK_BAD_STEP;

  return 0;
}

static void
handle_set_intensity (Sim              *sim,
                      const SalveFrame *frame)
{
  guint8 channel;
  guint32 target;
  guint8 code;

  if (frame->length != 5)
    return nak (sim, frame->seq, SALVE_NAK_BAD_LENGTH, 0);

  channel = frame->payload[0];
  target = salve_msg_get_u32 (frame->payload + 1);
  if (channel != SALVE_PROTOCOL_ALL_CHANNELS && channel >= sim->info.channels)
    return nak (sim, frame->seq, SALVE_NAK_OUT_OF_RANGE, 0);
  if (target > 0 && sim->state != SALVE_DEVICE_RUNNING)
    return nak (sim, frame->seq, SALVE_NAK_BAD_STATE, SALVE_WIRE_INTENSITY);
  if ((code = check_value (sim, SALVE_WIRE_INTENSITY, target)) != 0)
    return nak (sim, frame->seq, code, SALVE_WIRE_INTENSITY);
  if (target > sim->limit_intensity)
    return nak (sim, frame->seq, SALVE_NAK_OUT_OF_RANGE, SALVE_WIRE_INTENSITY);

  for (guint i = 0; i < sim->info.channels; i++)
    if ((channel == SALVE_PROTOCOL_ALL_CHANNELS || channel == i) &&
        target > sim->target[i] + sim->info.ramp_increment)
      return nak (sim, frame->seq, SALVE_NAK_RISE_TOO_FAST, SALVE_WIRE_INTENSITY);

  for (guint i = 0; i < sim->info.channels; i++)
    {
      if (channel != SALVE_PROTOCOL_ALL_CHANNELS && channel != i)
        continue;
      sim->target[i] = target;
      /* Down at once: lowering is always safe (unless this is a slow
       * device, for the tests: then the tick lowers it later). */
      if (sim->output[i] > target && sim->lower_after_us > 0)
        sim->lower_due_us[i] = now_us () + sim->lower_after_us;
      else if (sim->output[i] > target)
        sim->output[i] = target;
    }
  quantise (sim);
  ack (sim, frame->seq);
  log_changes (sim);
}

static void
handle_params (Sim              *sim,
               const SalveFrame *frame)
{
  SalveWireValue values[SALVE_PROTOCOL_MAX_PARAMS];
  guint n = 0;
  guint8 code;

  if (!salve_msg_parse_params (frame, values, &n, NULL))
    return nak (sim, frame->seq, SALVE_NAK_BAD_LENGTH, 0);

  if (frame->type == SALVE_MSG_SET_PROGRAM &&
      (sim->state == SALVE_DEVICE_RUNNING || sim->state == SALVE_DEVICE_FAULT))
    return nak (sim, frame->seq, SALVE_NAK_BAD_STATE, 0);

  /* All or nothing: check everything before applying anything. */
  for (guint i = 0; i < n; i++)
    {
      if (frame->type == SALVE_MSG_SET_PROGRAM && values[i].param == SALVE_WIRE_INTENSITY)
        return nak (sim, frame->seq, SALVE_NAK_UNKNOWN_PARAM, values[i].param);
      if (frame->type == SALVE_MSG_SET_LIMITS)
        {
          const SalveWireRange *range = range_of (sim, values[i].param);

          if (values[i].param != SALVE_WIRE_INTENSITY || range == NULL)
            return nak (sim, frame->seq, SALVE_NAK_UNKNOWN_PARAM, values[i].param);
          if (values[i].value > range->max)
            return nak (sim, frame->seq, SALVE_NAK_OUT_OF_RANGE, values[i].param);
        }
      else if ((code = check_value (sim, values[i].param, values[i].value)) != 0)
        return nak (sim, frame->seq, code, values[i].param);
    }

  for (guint i = 0; i < n; i++)
    {
      if (frame->type == SALVE_MSG_SET_LIMITS)
        {
          sim->limit_intensity = values[i].value;
          for (guint c = 0; c < sim->info.channels; c++)
            {
              sim->target[c] = MIN (sim->target[c], sim->limit_intensity);
              sim->output[c] = MIN (sim->output[c], sim->limit_intensity);
            }
          quantise (sim);
        }
      else
        sim->values[values[i].param] = values[i].value;
    }

  /* A device that claims output before the host's limits are even
   * answered, and behaves after. */
  if (frame->type == SALVE_MSG_SET_LIMITS && sim->lie && sim->lie_in_setup)
    {
      sim->lying_now = TRUE;
      send_status (sim);
      sim->lying_now = FALSE;
    }
  ack (sim, frame->seq);
  if (frame->type == SALVE_MSG_SET_LIMITS)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buf, sizeof buf, "%.3f",
                       salve_wire_param_to_display (SALVE_WIRE_INTENSITY, sim->info.modality, sim->limit_intensity));
      log_event (sim, "limits", "\"limit\":%s", buf);
    }
  else
    log_event (sim, "program", NULL);
}

static void
handle_hello (Sim              *sim,
              const SalveFrame *frame)
{
  SalveFrame info;
  guint8 lo, hi;

  if (!salve_msg_parse_hello (frame, &lo, &hi, NULL))
    return nak (sim, frame->seq, SALVE_NAK_BAD_LENGTH, 0);
  if (lo > SALVE_PROTOCOL_VERSION || hi < SALVE_PROTOCOL_VERSION)
    return nak (sim, frame->seq, SALVE_NAK_UNSUPPORTED_VERSION, 0);

  /* A new connection: nothing of the last one survives. */
  sim->lie_logged = FALSE;
  reset_session (sim);
  sim->hello = TRUE;
  sim->streaming = TRUE;
  sim->last_fresh_us = now_us ();
  log_event (sim, "hello", NULL);

  salve_msg_build_info (&info, sim->tx_seq++, &sim->info);
  send_frame (sim, &info);
  ack (sim, frame->seq);
  send_status (sim);
}

/* TRUE for a well-formed SET_INTENSITY that lowers a channel's target. */
static gboolean
lowers_target (Sim              *sim,
               const SalveFrame *frame)
{
  guint8 channel;
  guint32 target;

  if (frame->type != SALVE_MSG_SET_INTENSITY || frame->version != SALVE_PROTOCOL_VERSION || frame->length != 5)
    return FALSE;

  channel = frame->payload[0];
  target = salve_msg_get_u32 (frame->payload + 1);
  for (guint i = 0; i < sim->info.channels; i++)
    if ((channel == SALVE_PROTOCOL_ALL_CHANNELS || channel == i) && target < sim->target[i])
      return TRUE;

  return FALSE;
}

static void
handle_frame (Sim              *sim,
              const SalveFrame *frame)
{
  /* Lost on the line: never seen, never answered. */
  if (sim->drop_lowering > 0 && sim->hello && lowers_target (sim, frame))
    {
      sim->drop_lowering--;
      log_event (sim, "drop", "\"seq\":%u", frame->seq);
      return;
    }

  sim->frames_rx++;
  if (sim->log_frames)
    log_event (sim, "rx", "\"type\":%u,\"seq\":%u", frame->type, frame->seq);

  if (sim->silent)
    return;

  if (frame->type != SALVE_MSG_HELLO && frame->version != SALVE_PROTOCOL_VERSION)
    return;

  if (sim->nak_all)
    return nak (sim, frame->seq, SALVE_NAK_REFUSED, 0);

  /* HELLO always runs: resetting is idempotent, and a host that restarts
   * its numbering must not find its HELLO taken for a repeat. */
  if (frame->type == SALVE_MSG_HELLO)
    {
      handle_hello (sim, frame);
      sim->have_last = TRUE;
      sim->last_seq = frame->seq;
      sim->last_type = frame->type;
      return;
    }

  if (!sim->hello)
    return nak (sim, frame->seq, SALVE_NAK_NO_HELLO, 0);

  /* A repeat of the last command: answer again, do nothing, and do not
   * count it as a sign of life. */
  if (sim->have_last && frame->seq == sim->last_seq && frame->type == sim->last_type)
    {
      SalveFrame again = sim->last_answer;

      again.seq = sim->tx_seq++;
      send_frame (sim, &again);
      return;
    }
  sim->have_last = TRUE;
  sim->last_seq = frame->seq;
  sim->last_type = frame->type;

  if (frame->type == SALVE_MSG_HEARTBEAT)
    {
      guint32 counter;

      if (frame->length != 4)
        return nak (sim, frame->seq, SALVE_NAK_BAD_LENGTH, 0);
      counter = salve_msg_get_u32 (frame->payload);
      if (!sim->have_heartbeat || (gint32) (counter - sim->last_heartbeat) > 0)
        sim->last_fresh_us = now_us ();
      sim->have_heartbeat = TRUE;
      sim->last_heartbeat = counter;
      sim->streaming = TRUE;
      return ack (sim, frame->seq);
    }

  /* A frame of a device's own types (0x80 and up) is no sign of a host:
   * an echo on the line brings back the device's own frames, each NAKed
   * 0x01, whose NAK comes back too, for as long as the line echoes. */
  if (frame->type < SALVE_MSG_ACK)
    sim->last_fresh_us = now_us ();
  sim->streaming = TRUE;

  switch (frame->type)
    {
    case SALVE_MSG_SET_LIMITS:
    case SALVE_MSG_SET_PROGRAM:
      handle_params (sim, frame);
      break;

    case SALVE_MSG_SET_INTENSITY:
      handle_set_intensity (sim, frame);
      break;

    case SALVE_MSG_START:
      if (frame->length != 0)
        return nak (sim, frame->seq, SALVE_NAK_BAD_LENGTH, 0);
      if (sim->state == SALVE_DEVICE_FAULT)
        return nak (sim, frame->seq, SALVE_NAK_FAULT_ACTIVE, 0);
      if (sim->refuse_start)
        return nak (sim, frame->seq, SALVE_NAK_REFUSED, 0);
      ack (sim, frame->seq);
      if (sim->state == SALVE_DEVICE_RUNNING)
        break;
      if (sim->state != SALVE_DEVICE_PAUSED)
        sim->elapsed_us = 0;
      if (sim->first_start_us == 0)
        sim->first_start_us = now_us ();
      set_state (sim, SALVE_DEVICE_RUNNING);
      break;

    case SALVE_MSG_PAUSE:
      if (frame->length != 0)
        return nak (sim, frame->seq, SALVE_NAK_BAD_LENGTH, 0);
      if (sim->state != SALVE_DEVICE_RUNNING && sim->state != SALVE_DEVICE_PAUSED)
        return nak (sim, frame->seq, SALVE_NAK_BAD_STATE, 0);
      ack (sim, frame->seq);
      set_state (sim, SALVE_DEVICE_PAUSED);
      break;

    case SALVE_MSG_STOP:
      if (sim->ignore_stop)
        {
          ack (sim, frame->seq);
          log_event (sim, "ignore", "\"type\":\"stop\"");
          break;
        }
      if (sim->refuse_stops > 0)
        {
          sim->refuse_stops--;
          log_event (sim, "ignore", "\"type\":\"stop\"");
          return nak (sim, frame->seq, SALVE_NAK_REFUSED, 0);
        }
      if (sim->forget_on_stop && sim->state == SALVE_DEVICE_RUNNING)
        {
          log_event (sim, "ignore", "\"type\":\"stop\"");
          return nak (sim, frame->seq, SALVE_NAK_NO_HELLO, 0);
        }
      if (sim->stop_keeps_running && sim->state == SALVE_DEVICE_RUNNING)
        {
          /* As an NMES device between two contractions that takes STOP
           * for nothing: 0 now, and running still. */
          ack (sim, frame->seq);
          output_off (sim);
          sim->stop_taken_for_nothing = TRUE;
          log_changes (sim);
          send_status (sim);
          break;
        }
      /* Always: whatever the payload, whatever the state. */
      sim->fault = SALVE_FAULT_NONE;
      for (guint i = 0; i < sim->info.channels; i++)
        sim->contact[i] = 1;
      ack (sim, frame->seq);
      set_state (sim, SALVE_DEVICE_STOPPED);
      break;

    default:
      nak (sim, frame->seq, SALVE_NAK_UNKNOWN_TYPE, 0);
      break;
    }
}

static void
link_lost (Sim        *sim,
           const char *why)
{
  if (!sim->link_up)
    return;

  sim->link_up = FALSE;
  sim->hello = FALSE;
  sim->streaming = FALSE;
  sim->link_losses++;
  salve_frame_decoder_init (&sim->decoder);
  if (sim->state == SALVE_DEVICE_RUNNING || sim->state == SALVE_DEVICE_PAUSED)
    sim->state = SALVE_DEVICE_STOPPED;
  output_off (sim);
  log_event (sim, "link-lost", "\"why\":\"%s\"", why);
}

static void
read_line (Sim *sim)
{
  guint8 buffer[4096];
  gssize n = read (sim->master, buffer, sizeof buffer);

  if (n < 0)
    {
      if (errno == EIO)
        link_lost (sim, "eio");
      return;
    }

  /* A stalled device reads nothing: its UART overflows. */
  if (now_us () < sim->stall_until_us)
    return;

  for (gssize pos = 0; pos < n;)
    {
      SalveFrame frame;
      SalveFrameResult result;

      pos += salve_frame_decoder_feed (&sim->decoder, buffer + pos, n - pos, &frame, &result);
      if (result == SALVE_FRAME_OK)
        handle_frame (sim, &frame);
      else if (result != SALVE_FRAME_NONE)
        sim->frame_errors++;
    }
}

static void
tick (Sim *sim)
{
  gint64 now = now_us ();
  double dt = (now - sim->last_tick_us) / (double) G_USEC_PER_SEC;

  sim->last_tick_us = now;

  if (sim->state == SALVE_DEVICE_RUNNING)
    {
      gboolean on;

      sim->elapsed_us += (gint64) (dt * G_USEC_PER_SEC);
      for (guint i = 0; i < sim->info.channels; i++)
        if (sim->output[i] < sim->target[i])
          sim->output[i] = MIN ((double) sim->target[i], sim->output[i] + sim->info.ramp_rate * dt);
        else if (sim->output[i] > sim->target[i] && now >= sim->lower_due_us[i])
          sim->output[i] = sim->target[i];
      quantise (sim);
      envelope (sim, &on);
      if (on != sim->phase_on)
        {
          sim->phase_on = on;
          log_event (sim, "phase", "\"on\":%s", on ? "true" : "false");
        }
      log_changes (sim);
    }

  /* The dead-man timer: the only thing that stands between a hung host
   * and a current that never stops. */
  if (sim->hello && !sim->stop_taken_for_nothing && now - sim->last_fresh_us > SALVE_PROTOCOL_DEADMAN_MS * 1000)
    {
      gboolean was_on = sim->state == SALVE_DEVICE_RUNNING || sim->state == SALVE_DEVICE_PAUSED;

      sim->hello = FALSE;
      sim->streaming = FALSE;
      if (was_on)
        {
          SalveFrame frame;

          sim->deadman_stops++;
          output_off (sim);
          sim->state = SALVE_DEVICE_STOPPED;
          log_event (sim, "deadman", NULL);
          salve_msg_build_fault (&frame, sim->tx_seq++, SALVE_FAULT_LINK_TIMEOUT, SALVE_PROTOCOL_ALL_CHANNELS);
          send_frame (sim, &frame);
        }
    }

  if (sim->fault_kind != FAULT_KIND_NONE && !sim->fault_fired && sim->first_start_us != 0 &&
      now - sim->first_start_us >= sim->fault_after_s * G_USEC_PER_SEC)
    {
      sim->fault_fired = TRUE;
      inject (sim, sim->fault_kind);
    }

  if (sim->streaming && !sim->silent && !sim->nak_all && now >= sim->stall_until_us &&
      now - sim->last_status_us >= STATUS_EVERY_US)
    send_status (sim);
}

static gboolean
open_pty (Sim     *sim,
          GError **error)
{
  struct termios tio;
  const char *name;

  sim->master = posix_openpt (O_RDWR | O_NOCTTY);
  if (sim->master < 0 || grantpt (sim->master) < 0 || unlockpt (sim->master) < 0 ||
      (name = ptsname (sim->master)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Could not create a pseudo-terminal: %s"), g_strerror (errno));
      return FALSE;
    }

  /* Raw, so that no byte of a frame is translated or echoed, whatever the
   * host sets later. */
  if (tcgetattr (sim->master, &tio) == 0)
    {
      cfmakeraw (&tio);
      cfsetispeed (&tio, B115200);
      cfsetospeed (&tio, B115200);
      tcsetattr (sim->master, TCSANOW, &tio);
    }
  fcntl (sim->master, F_SETFL, fcntl (sim->master, F_GETFL) | O_NONBLOCK);
  sim->slave_path = g_strdup (name);

  return TRUE;
}

/* The parameter of Salve's catalogue a wire parameter carries, or
 * SALVE_N_PARAMS. */
static SalveParam
catalogue_param (SalveModality modality,
                 guint8        wire_param)
{
  switch (wire_param)
    {
    case SALVE_WIRE_INTENSITY:   return salve_modality_get_intensity_param (modality);
    case SALVE_WIRE_FREQUENCY:   return SALVE_PARAM_FREQUENCY_HZ;
    case SALVE_WIRE_PULSE_WIDTH: return SALVE_PARAM_PULSE_US;
    case SALVE_WIRE_ON_TIME:     return SALVE_PARAM_ON_S;
    case SALVE_WIRE_OFF_TIME:    return SALVE_PARAM_OFF_S;
    case SALVE_WIRE_RAMP_TIME:   return SALVE_PARAM_RAMP_S;
    case SALVE_WIRE_WAVELENGTH:  return SALVE_PARAM_WAVELENGTH_NM;
    default:                     return SALVE_N_PARAMS;
    }
}

/* --wide-range: a device whose own range goes far beyond the hard limits
 * of the modality (consumer TENS units go to 80–100 mA), so that only the
 * host's limits stand between a request and the output: every range the
 * catalogue bounds reaches at least three times that bound. */
static void
widen_ranges (SalveDeviceInfo *info)
{
  for (guint i = 0; i < info->n_params; i++)
    {
      SalveWireRange *range = &info->params[i];
      SalveParam param = catalogue_param (info->modality, range->param);
      const SalveParamSpec *spec = param < SALVE_N_PARAMS ? salve_modality_get_param (info->modality, param) : NULL;
      guint32 wide;

      if (spec == NULL || !isfinite (spec->limit_max) || range->min == range->max ||
          !salve_wire_param_from_display (range->param, info->modality, 3 * spec->limit_max, &wide) || wide < range->min)
        continue;
      range->max = MAX (range->max, wide - (wide - range->min) % range->step);
    }
}

/* --leave-out: a device without one of the modality's settings (a TENS
 * unit with a fixed frequency), whose INFO does not list it: what the
 * host does with a plan that names it. Intensity cannot go: a device
 * without one is no stimulator. FALSE for an unknown name. */
static gboolean
leave_out_params (SalveDeviceInfo    *info,
                  const char * const *ids)
{
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      SalveWireParam param;
      guint kept = 0;

      if (!salve_wire_param_from_id (ids[i], &param) || param == SALVE_WIRE_INTENSITY)
        return FALSE;
      for (guint j = 0; j < info->n_params; j++)
        if (info->params[j].param != param)
          info->params[kept++] = info->params[j];
      info->n_params = kept;
    }
  return TRUE;
}

static void
setup_info (Sim           *sim,
            SalveModality  modality,
            guint          channels,
            const char    *model,
            double         max_intensity,
            double         max_frequency,
            double         ramp_rate,
            double         ramp_increment,
            gboolean       wide_range)
{
  SalveDeviceInfo *info = &sim->info;
  guint32 intensity_max = 0, frequency_max = 0, rate = 0, increment = 0;
  guint n = 0;

  info->version = SALVE_PROTOCOL_VERSION;
  info->modality = modality;
  info->channels = channels;
  g_strlcpy (info->model, model, sizeof info->model);
  g_strlcpy (info->firmware, PACKAGE_VERSION, sizeof info->firmware);

  salve_wire_param_from_display (SALVE_WIRE_INTENSITY, modality, max_intensity, &intensity_max);
  salve_wire_param_from_display (SALVE_WIRE_FREQUENCY, modality, max_frequency, &frequency_max);
  salve_wire_param_from_display (SALVE_WIRE_INTENSITY, modality, ramp_rate, &rate);
  salve_wire_param_from_display (SALVE_WIRE_INTENSITY, modality, ramp_increment, &increment);

  switch (modality)
    {
    case SALVE_MODALITY_TENS:
    case SALVE_MODALITY_NMES:
      /* 0.1 mA resolution, 1–200 Hz in 1 Hz steps: a consumer unit. */
      info->params[n++] = (SalveWireRange) { SALVE_WIRE_INTENSITY, 0, intensity_max, 100 };
      info->params[n++] = (SalveWireRange) { SALVE_WIRE_FREQUENCY, 10, frequency_max, 10 };
      if (modality == SALVE_MODALITY_TENS)
        info->params[n++] = (SalveWireRange) { SALVE_WIRE_PULSE_WIDTH, 50, 250, 10 };
      else
        {
          info->params[n++] = (SalveWireRange) { SALVE_WIRE_PULSE_WIDTH, 50, 600, 10 };
          info->params[n++] = (SalveWireRange) { SALVE_WIRE_ON_TIME, 10, 600, 5 };
          info->params[n++] = (SalveWireRange) { SALVE_WIRE_OFF_TIME, 10, 1200, 5 };
          info->params[n++] = (SalveWireRange) { SALVE_WIRE_RAMP_TIME, 5, 100, 5 };
        }
      info->params[n++] = (SalveWireRange) { SALVE_WIRE_PROGRAM, 1, 9, 1 };
      break;

    case SALVE_MODALITY_LASER:
      /* 1 mW resolution; 0 Hz is continuous wave. */
      info->params[n++] = (SalveWireRange) { SALVE_WIRE_INTENSITY, 0, intensity_max, 10 };
      info->params[n++] = (SalveWireRange) { SALVE_WIRE_FREQUENCY, 0, frequency_max, 10 };
      info->params[n++] = (SalveWireRange) { SALVE_WIRE_WAVELENGTH, 808, 808, 1 };
      break;

    case SALVE_MODALITY_PEMF:
      info->params[n++] = (SalveWireRange) { SALVE_WIRE_INTENSITY, 0, intensity_max, 10 };
      info->params[n++] = (SalveWireRange) { SALVE_WIRE_FREQUENCY, 1, frequency_max, 1 };
      info->params[n++] = (SalveWireRange) { SALVE_WIRE_PROGRAM, 1, 9, 1 };
      break;

    case SALVE_N_MODALITIES:
    default:
      g_assert_not_reached ();
    }

  info->n_params = n;
  if (wide_range)
    widen_ranges (info);
  info->ramp_rate = MAX (rate, 1);
  info->ramp_increment = MAX (increment, info->params[0].step);
}

static gboolean
parse_fault_kind (const char *id,
                  FaultKind  *kind)
{
  for (guint i = 0; i < N_FAULT_KINDS; i++)
    if (g_strcmp0 (id, fault_kinds[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *modality_id = NULL;
  g_autofree char *model = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *fault_id = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *modalities = NULL;
  int channels = 2;
  int battery = 87;
  int drop_lowering = 0;
  int lower_after_ms = 0;
  g_autofree char *report_output = NULL;
  g_auto(GStrv) leave_out = NULL;
  gboolean wide_range = FALSE, log_frames = FALSE;
  double max_intensity = -1, max_frequency = -1, ramp_rate = -1, ramp_increment = -1;
  gboolean silent = FALSE, nak_all = FALSE, refuse_start = FALSE, ignore_stop = FALSE;
  gboolean stop_keeps_running = FALSE, forget_on_stop = FALSE;
  int refuse_stops = 0;
  gboolean lie_in_setup = FALSE, no_ramp = FALSE;
  double fault_after = 0;
  SalveModality modality = SALVE_MODALITY_TENS;
  struct sigaction sa = { 0 };
  Sim sim = { 0 };
  const GOptionEntry entries[] = {
    { "modality", 0, 0, G_OPTION_ARG_STRING, &modality_id, N_("The modality: tens, nmes, laser or pemf (default tens)"), N_("MODALITY") },
    { "channels", 0, 0, G_OPTION_ARG_INT, &channels, N_("Number of output channels, 1–8 (default 2)"), N_("N") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, N_("The model name the device reports"), N_("NAME") },
    { "max-intensity", 0, 0, G_OPTION_ARG_DOUBLE, &max_intensity, N_("Highest intensity in mA, mW or µT (default 50 mA, 100 mW, 150 µT)"), N_("X") },
    { "max-frequency", 0, 0, G_OPTION_ARG_DOUBLE, &max_frequency, N_("Highest frequency in Hz (default 200, laser 5000, PEMF 50)"), N_("HZ") },
    { "ramp-rate", 0, 0, G_OPTION_ARG_DOUBLE, &ramp_rate, N_("How fast the output follows the target, per second (default 5 mA, 50 mW, 50 µT)"), N_("X") },
    { "ramp-increment", 0, 0, G_OPTION_ARG_DOUBLE, &ramp_increment, N_("Largest rise of the target per command (default 1 mA, 10 mW, 10 µT)"), N_("X") },
    { "battery", 0, 0, G_OPTION_ARG_INT, &battery, N_("Battery level in percent, 255 for mains (default 87)"), N_("PCT") },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path, N_("Write every state and output change to FILE, one JSON object per line"), N_("FILE") },
    { "fault", 0, 0, G_OPTION_ARG_STRING, &fault_id, N_("Inject a fault: electrode-off, over-current, low-battery, garbage or stall"), N_("KIND") },
    { "fault-after", 0, 0, G_OPTION_ARG_DOUBLE, &fault_after, N_("Seconds after the first start to inject the fault (default 0)"), N_("SECONDS") },
    { "silent", 0, 0, G_OPTION_ARG_NONE, &silent, N_("Never answer (a dead device)"), NULL },
    { "nak-all", 0, 0, G_OPTION_ARG_NONE, &nak_all, N_("Refuse every command"), NULL },
    /* For the tests: lose the first N intensity commands that lower a
     * target, as a noisy line would. */
    { "drop-lowering", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &drop_lowering, NULL, NULL },
    /* For the tests: a slow device, whose output follows a lower target
     * only after MS milliseconds. */
    { "lower-after", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &lower_after_ms, NULL, NULL },
    /* For the tests: a device that acknowledges everything and reports
     * another output while running (X, +X above the real one, or max for
     * 0xFFFFFFFF), in the display unit. */
    { "report-output", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &report_output, NULL, NULL },
    /* For the tests: ranges far beyond the modality's hard limits. */
    { "wide-range", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &wide_range, NULL, NULL },
    /* For the tests: log every frame received ("rx"). */
    { "log-frames", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &log_frames, NULL, NULL },
    /* For the tests: a device that refuses to start (NAK 0x0A). */
    { "refuse-start", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &refuse_start, NULL, NULL },
    /* For the tests: a device that answers STOP and keeps its output on. */
    { "ignore-stop", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &ignore_stop, NULL, NULL },
    /* For the tests: a device that answers STOP, takes its output to 0
     * and still says it is running, its dead-man timer off since. */
    { "stop-keeps-running", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &stop_keeps_running, NULL, NULL },
    /* For the tests: a device that refuses (NAK 0x0A) its first N STOPs. */
    { "refuse-stops", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &refuse_stops, NULL, NULL },
    /* For the tests: a device that answers a STOP while running with NAK
     * 0x08 (its dead-man timer, it says) and keeps its output on. */
    { "forget-on-stop", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &forget_on_stop, NULL, NULL },
    /* For the tests: --report-output lies once, before SET_LIMITS is answered. */
    { "report-output-in-setup", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &lie_in_setup, NULL, NULL },
    /* For the tests: an INFO with ramp_rate 0, which the host refuses. */
    { "no-ramp", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &no_ramp, NULL, NULL },
    /* For the tests: an INFO without this parameter (repeatable). */
    { "leave-out", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING_ARRAY, &leave_out, NULL, NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("A simulated stimulator on a pseudo-terminal. It prints the port’s path as the first line, then runs until killed."));
  g_option_context_set_description (context,
                                    _("Signals: SIGUSR1 injects the next fault of the cycle electrode-off, over-current, low-battery, garbage, stall; SIGUSR2 writes the counters to the log; SIGTERM and SIGINT stop the output and exit.\n"
                                      "The protocol is described in docs/protocol.md."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("salve-stim-sim: %s\n", error->message);
      return 2;
    }

  modalities = salve_modality_list_ids ();
  if (modality_id != NULL && !salve_modality_from_id (modality_id, &modality))
    {
      g_printerr (_("salve-stim-sim: unknown modality “%s” (one of %s)\n"), modality_id, modalities);
      return 2;
    }
  if (channels < 1 || channels > SALVE_PROTOCOL_MAX_CHANNELS)
    {
      g_printerr (_("salve-stim-sim: --channels must be between 1 and %d\n"), SALVE_PROTOCOL_MAX_CHANNELS);
      return 2;
    }
  if (battery < 0 || (battery > 100 && battery != 255))
    {
      g_printerr (_("salve-stim-sim: --battery must be 0–100 or 255\n"));
      return 2;
    }
  if (fault_id != NULL && !parse_fault_kind (fault_id, &sim.fault_kind))
    {
      g_printerr (_("salve-stim-sim: unknown fault “%s”\n"), fault_id);
      return 2;
    }

  if (max_intensity < 0)
    max_intensity = modality == SALVE_MODALITY_LASER ? 100 : modality == SALVE_MODALITY_PEMF ? 150 : 50;
  if (max_frequency < 0)
    max_frequency = modality == SALVE_MODALITY_LASER ? 5000 : modality == SALVE_MODALITY_PEMF ? 50 : 200;
  if (ramp_rate <= 0)
    ramp_rate = (modality == SALVE_MODALITY_TENS || modality == SALVE_MODALITY_NMES) ? 5 : 50;
  if (ramp_increment <= 0)
    ramp_increment = (modality == SALVE_MODALITY_TENS || modality == SALVE_MODALITY_NMES) ? 1 : 10;
  if (model == NULL)
    model = g_strdup_printf ("Salve Sim %s", salve_modality_get_name (modality));

  if (report_output != NULL)
    {
      const char *text = report_output;
      double value;
      char *end;

      sim.lie = TRUE;
      sim.lie_relative = text[0] == '+';
      if (sim.lie_relative)
        text++;
      value = g_ascii_strtod (text, &end);
      if (!sim.lie_relative && g_strcmp0 (text, "max") == 0)
        sim.lie_output = G_MAXUINT32;
      else if (end == text || *end != '\0' ||
               !salve_wire_param_from_display (SALVE_WIRE_INTENSITY, modality, value, &sim.lie_output))
        {
          g_printerr (_("salve-stim-sim: --report-output takes a number, +number or max\n"));
          return 2;
        }
    }

  setup_info (&sim, modality, channels, model, max_intensity, max_frequency, ramp_rate, ramp_increment, wide_range);
  if (!leave_out_params (&sim.info, (const char * const *) leave_out))
    {
      g_printerr (_("salve-stim-sim: --leave-out takes a parameter the device has, other than intensity "
                    "(frequency, pulse-width, program, on-time, off-time, ramp-time, wavelength)\n"));
      return 2;
    }
  sim.log_frames = log_frames;
  sim.lie_in_setup = lie_in_setup;
  if (no_ramp)
    sim.info.ramp_rate = 0;
  sim.battery = battery;
  sim.silent = silent;
  sim.nak_all = nak_all;
  sim.refuse_start = refuse_start;
  sim.ignore_stop = ignore_stop;
  sim.stop_keeps_running = stop_keeps_running;
  sim.refuse_stops = (guint) MAX (refuse_stops, 0);
  sim.forget_on_stop = forget_on_stop;
  sim.drop_lowering = (guint) MAX (drop_lowering, 0);
  sim.lower_after_us = (gint64) MAX (lower_after_ms, 0) * 1000;
  sim.fault_after_s = fault_after;
  sim.next_signal_fault = FAULT_KIND_ELECTRODE_OFF;
  sim.rand = g_rand_new ();
  salve_frame_decoder_init (&sim.decoder);
  reset_session (&sim);

  if (log_path != NULL)
    {
      sim.log = fopen (log_path, "a");
      if (sim.log == NULL)
        {
          g_printerr (_("salve-stim-sim: cannot write “%s”: %s\n"), log_path, g_strerror (errno));
          return 1;
        }
    }

  if (!open_pty (&sim, &error))
    {
      g_printerr ("salve-stim-sim: %s\n", error->message);
      return 1;
    }

  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGUSR1, &sa, NULL);
  sigaction (SIGUSR2, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
  signal (SIGPIPE, SIG_IGN);

  /* The contract: the path first, alone on its line, flushed. */
  printf ("%s\n", sim.slave_path);
  fflush (stdout);

  summary = g_strdup_printf ("\"port\":\"%s\",\"modality\":\"%s\",\"channels\":%u,\"pid\":%d",
                             sim.slave_path, salve_modality_to_id (modality), sim.info.channels, (int) getpid ());
  log_event (&sim, "start-up", "%s", summary);
  sim.last_tick_us = now_us ();

  while (!got_term)
    {
      struct pollfd pfd = { sim.master, POLLIN, 0 };
      int r = poll (&pfd, 1, TICK_MS);

      /* The port is open: the link is up before the first frame is read,
       * or that frame's answer would be lost. */
      if (r >= 0 && !sim.link_up && !(pfd.revents & POLLHUP))
        {
          sim.link_up = TRUE;
          log_event (&sim, "link-up", NULL);
        }
      if (r > 0 && (pfd.revents & POLLIN))
        read_line (&sim);
      if (r > 0 && (pfd.revents & POLLHUP) && !(pfd.revents & POLLIN))
        {
          /* No process has the slave open: the host closed the port or died. */
          link_lost (&sim, "hup");
          g_usleep (TICK_MS * 1000);
        }

      if (got_usr1)
        {
          got_usr1 = 0;
          inject (&sim, sim.next_signal_fault);
          sim.next_signal_fault = sim.next_signal_fault + 1 < N_FAULT_KINDS ? sim.next_signal_fault + 1
                                                                            : FAULT_KIND_ELECTRODE_OFF;
        }
      if (got_usr2)
        {
          got_usr2 = 0;
          log_counters (&sim, "counters");
        }

      tick (&sim);
    }

  output_off (&sim);
  if (sim.state == SALVE_DEVICE_RUNNING || sim.state == SALVE_DEVICE_PAUSED)
    sim.state = SALVE_DEVICE_STOPPED;
  log_counters (&sim, "exit");

  if (sim.log != NULL)
    fclose (sim.log);
  close (sim.master);
  g_free (sim.slave_path);
  g_rand_free (sim.rand);

  return 0;
}
