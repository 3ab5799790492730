/* test-devices-conformance.c: the host and the codec against the rules
 * of docs/protocol.md, seen from the device's side of the wire
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test is the device: it holds the master side of a pseudo-terminal,
 * the host (SalveStimulator, through the real libserialport calls) opens
 * the slave, and every frame the host sends is decoded, recorded with
 * its time and answered here, frame by frame, as the document says a
 * device does. Nothing of salve-stim-sim is used. Test paths are named
 * after the section of the document whose rule they check.
 */

#define _GNU_SOURCE  /* posix_openpt, ptsname, cfmakeraw */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib-unix.h>

#include "salve-stimulator.h"
#include "salve-test-sim.h"
#include "salve-test-util.h"

/* The device's answer deadline (section 5). */
#define ANSWER_DEADLINE_MS 200
/* The host may send again once the deadline has passed, counted from
 * when it sent; the device counts from when it read the frame, which on
 * a busy machine can be a little later. Frames sent this close to the
 * deadline are not taken as breaking stop-and-wait. */
#define DUE_MARGIN_MS      50

typedef struct
{
  gint64     t_us;
  SalveFrame frame;
  /* The answer to an earlier frame was still due (sent less than the
   * answer deadline ago, not yet answered) when this one arrived. */
  gboolean   answer_due;
  /* Lost: the device had no room for it. */
  gboolean   lost;
} Rx;

typedef struct _Device Device;

/* Called for every valid frame before the device acts on it: return
 * FALSE to lose it (never seen, never answered); *delay_ms may be
 * changed to answer later than usual. */
typedef gboolean (*DeviceHook) (Device           *dev,
                                const SalveFrame *frame,
                                guint            *delay_ms);

typedef struct
{
  guint      id;
  gint64     since_us;
  guint      n;
  SalveFrame frames[3];
  Device    *dev;
} Answer;

struct _Device
{
  int               master;
  int               slave;   /* held open, so the master never sees a hang-up */
  char             *path;
  guint             watch;
  guint             tick;
  SalveFrameDecoder decoder;
  SalveDeviceInfo   info;
  guint8            tx_seq;

  /* Behaviour. */
  guint             answer_delay_ms;
  gboolean          one_frame;    /* room for one frame: another one arriving
                                   * while an answer is due is lost */
  gboolean          busy_nak;     /* ... and answered NAK 0x0A (busy) */
  gboolean          quiet;        /* no STATUS */
  gboolean          no_deadman;   /* broken: never stops by itself */
  guint             unanswered;   /* broken: executes this many frames
                                   * more (G_MAXUINT: all) without
                                   * answering them, STATUS flowing */
  DeviceHook        hook;
  gpointer          hook_data;

  /* The protocol state, as section 5 describes it. */
  gboolean          hello;
  SalveDeviceState  state;
  guint32           limit;
  guint32           target[SALVE_PROTOCOL_MAX_CHANNELS];
  double            output[SALVE_PROTOCOL_MAX_CHANNELS];
  gint64            last_fresh_us;
  gint64            last_status_us;
  gint64            last_tick_us;
  gboolean          have_heartbeat;
  guint32           last_heartbeat;
  gboolean          have_last;
  guint8            last_seq;
  guint8            last_type;
  SalveFrame        last_answer;

  GList            *answers;      /* Answer*, not yet sent */
  GArray           *rx;           /* Rx */
  guint             naks_range;   /* NAK 0x03, 0x04, 0x05: a correct host causes none */
  guint             lost;
  guint             deadman;
};

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

static void
device_write (Device           *dev,
              const SalveFrame *frame)
{
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  gsize n = salve_frame_encode (frame, wire, sizeof wire);

  g_assert_cmpuint (n, >, 0);
  g_assert_cmpint (write (dev->master, wire, n), ==, (gssize) n);
}

static void
device_send_status (Device *dev)
{
  SalveDeviceStatus status = { 0 };
  SalveFrame frame;

  status.state = dev->state;
  status.battery = 255;
  status.channels = dev->info.channels;
  for (guint i = 0; i < dev->info.channels; i++)
    {
      const SalveWireRange *range = salve_device_info_get_range (&dev->info, SALVE_WIRE_INTENSITY);

      status.output[i] = (guint32) (dev->output[i] / range->step) * range->step;
      status.contact[i] = 1;
    }
  salve_msg_build_status (&frame, dev->tx_seq++, &status);
  device_write (dev, &frame);
  dev->last_status_us = now_us ();
}

static void
output_off (Device *dev)
{
  for (guint i = 0; i < SALVE_PROTOCOL_MAX_CHANNELS; i++)
    dev->target[i] = 0, dev->output[i] = 0;
}

static gboolean
answer_due_now (Device *dev)
{
  for (GList *l = dev->answers; l; l = l->next)
    if (now_us () - ((Answer *) l->data)->since_us < (ANSWER_DEADLINE_MS - DUE_MARGIN_MS) * 1000)
      return TRUE;
  return FALSE;
}

static gboolean
send_answer_cb (gpointer user_data)
{
  Answer *answer = user_data;
  Device *dev = answer->dev;

  for (guint i = 0; i < answer->n; i++)
    {
      answer->frames[i].seq = dev->tx_seq++;
      device_write (dev, &answer->frames[i]);
    }
  dev->answers = g_list_remove (dev->answers, answer);
  g_free (answer);

  return G_SOURCE_REMOVE;
}

/* STOP ends whatever the device was busy with: its answers are dropped. */
static void
drop_answers (Device *dev)
{
  for (GList *l = dev->answers; l; l = l->next)
    {
      g_source_remove (((Answer *) l->data)->id);
      g_free (l->data);
    }
  g_clear_pointer (&dev->answers, g_list_free);
}

static void
queue_answer (Device           *dev,
              Answer           *answer,
              guint             delay_ms)
{
  answer->dev = dev;
  answer->since_us = now_us ();
  if (answer->n > 0 && answer->frames[answer->n - 1].type != SALVE_MSG_INFO)
    dev->last_answer = answer->frames[answer->n - 1];
  if (delay_ms == 0)
    {
      answer->id = 0;
      dev->answers = g_list_append (dev->answers, answer);
      send_answer_cb (answer);
      return;
    }
  answer->id = g_timeout_add (delay_ms, send_answer_cb, answer);
  dev->answers = g_list_append (dev->answers, answer);
}

static void
add_ack (Answer *answer,
         guint8  seq)
{
  salve_msg_build_ack (&answer->frames[answer->n++], 0, seq);
}

static void
add_nak (Device *dev,
         Answer *answer,
         guint8  seq,
         guint8  code,
         guint8  param)
{
  if (code == SALVE_NAK_OUT_OF_RANGE || code == SALVE_NAK_BAD_STEP || code == SALVE_NAK_RISE_TOO_FAST)
    dev->naks_range++;
  salve_msg_build_nak (&answer->frames[answer->n++], 0, seq, code, param);
}

static guint8
check_value (Device  *dev,
             guint8   param,
             guint32  value)
{
  const SalveWireRange *range = salve_device_info_get_range (&dev->info, param);

  if (range == NULL)
    return SALVE_NAK_UNKNOWN_PARAM;
  if (value < range->min || value > range->max)
    return SALVE_NAK_OUT_OF_RANGE;
  if ((value - range->min) % range->step != 0)
    return SALVE_NAK_BAD_STEP;
  return 0;
}

/* The device of docs/protocol.md, sections 4 and 5: what it does with
 * one frame, and what it answers. */
static void
execute (Device           *dev,
         const SalveFrame *frame,
         Answer           *answer)
{
  const SalveWireRange *intensity = salve_device_info_get_range (&dev->info, SALVE_WIRE_INTENSITY);
  SalveWireValue values[SALVE_PROTOCOL_MAX_PARAMS];
  guint n = 0;
  guint8 code, lo, hi;

  if (frame->type == SALVE_MSG_HELLO)
    {
      if (!salve_msg_parse_hello (frame, &lo, &hi, NULL))
        return add_nak (dev, answer, frame->seq, SALVE_NAK_BAD_LENGTH, 0);
      output_off (dev);
      dev->hello = TRUE;
      dev->state = SALVE_DEVICE_IDLE;
      dev->limit = intensity->max;
      dev->have_heartbeat = FALSE;
      dev->last_fresh_us = now_us ();
      salve_msg_build_info (&answer->frames[answer->n++], 0, &dev->info);
      add_ack (answer, frame->seq);
      return;
    }

  if (!dev->hello)
    return add_nak (dev, answer, frame->seq, SALVE_NAK_NO_HELLO, 0);

  if (frame->type == SALVE_MSG_HEARTBEAT)
    {
      guint32 counter;

      if (frame->length != 4)
        return add_nak (dev, answer, frame->seq, SALVE_NAK_BAD_LENGTH, 0);
      counter = salve_msg_get_u32 (frame->payload);
      if (!dev->have_heartbeat || (gint32) (counter - dev->last_heartbeat) > 0)
        dev->last_fresh_us = now_us ();
      dev->have_heartbeat = TRUE;
      dev->last_heartbeat = counter;
      return add_ack (answer, frame->seq);
    }

  dev->last_fresh_us = now_us ();

  switch (frame->type)
    {
    case SALVE_MSG_SET_LIMITS:
    case SALVE_MSG_SET_PROGRAM:
      if (!salve_msg_parse_params (frame, values, &n, NULL))
        return add_nak (dev, answer, frame->seq, SALVE_NAK_BAD_LENGTH, 0);
      if (frame->type == SALVE_MSG_SET_PROGRAM &&
          (dev->state == SALVE_DEVICE_RUNNING || dev->state == SALVE_DEVICE_FAULT))
        return add_nak (dev, answer, frame->seq, SALVE_NAK_BAD_STATE, 0);
      for (guint i = 0; i < n; i++)
        {
          if (values[i].param == SALVE_WIRE_INTENSITY && frame->type == SALVE_MSG_SET_PROGRAM)
            return add_nak (dev, answer, frame->seq, SALVE_NAK_UNKNOWN_PARAM, values[i].param);
          if (frame->type == SALVE_MSG_SET_LIMITS && values[i].param != SALVE_WIRE_INTENSITY)
            return add_nak (dev, answer, frame->seq, SALVE_NAK_UNKNOWN_PARAM, values[i].param);
          if (frame->type == SALVE_MSG_SET_LIMITS && values[i].value > intensity->max)
            return add_nak (dev, answer, frame->seq, SALVE_NAK_OUT_OF_RANGE, values[i].param);
          if (frame->type == SALVE_MSG_SET_PROGRAM && (code = check_value (dev, values[i].param, values[i].value)))
            return add_nak (dev, answer, frame->seq, code, values[i].param);
        }
      if (frame->type == SALVE_MSG_SET_LIMITS)
        {
          dev->limit = values[0].value;
          for (guint c = 0; c < dev->info.channels; c++)
            {
              dev->target[c] = MIN (dev->target[c], dev->limit);
              dev->output[c] = MIN (dev->output[c], dev->limit);
            }
        }
      return add_ack (answer, frame->seq);

    case SALVE_MSG_SET_INTENSITY:
      {
        guint8 channel;
        guint32 target;

        if (frame->length != 5)
          return add_nak (dev, answer, frame->seq, SALVE_NAK_BAD_LENGTH, 0);
        channel = frame->payload[0];
        target = salve_msg_get_u32 (frame->payload + 1);
        if (channel != SALVE_PROTOCOL_ALL_CHANNELS && channel >= dev->info.channels)
          return add_nak (dev, answer, frame->seq, SALVE_NAK_OUT_OF_RANGE, 0);
        if (target > 0 && dev->state != SALVE_DEVICE_RUNNING)
          return add_nak (dev, answer, frame->seq, SALVE_NAK_BAD_STATE, SALVE_WIRE_INTENSITY);
        if (target > dev->limit)
          return add_nak (dev, answer, frame->seq, SALVE_NAK_OUT_OF_RANGE, SALVE_WIRE_INTENSITY);
        if ((code = check_value (dev, SALVE_WIRE_INTENSITY, target)))
          return add_nak (dev, answer, frame->seq, code, SALVE_WIRE_INTENSITY);
        for (guint c = 0; c < dev->info.channels; c++)
          if ((channel == SALVE_PROTOCOL_ALL_CHANNELS || channel == c) &&
              target > dev->target[c] + dev->info.ramp_increment)
            return add_nak (dev, answer, frame->seq, SALVE_NAK_RISE_TOO_FAST, SALVE_WIRE_INTENSITY);
        for (guint c = 0; c < dev->info.channels; c++)
          if (channel == SALVE_PROTOCOL_ALL_CHANNELS || channel == c)
            {
              dev->target[c] = target;
              dev->output[c] = MIN (dev->output[c], target);
            }
        return add_ack (answer, frame->seq);
      }

    case SALVE_MSG_START:
      if (dev->state == SALVE_DEVICE_FAULT)
        return add_nak (dev, answer, frame->seq, SALVE_NAK_FAULT_ACTIVE, 0);
      if (dev->state != SALVE_DEVICE_RUNNING)
        output_off (dev);
      dev->state = SALVE_DEVICE_RUNNING;
      return add_ack (answer, frame->seq);

    case SALVE_MSG_PAUSE:
      if (dev->state != SALVE_DEVICE_RUNNING && dev->state != SALVE_DEVICE_PAUSED)
        return add_nak (dev, answer, frame->seq, SALVE_NAK_BAD_STATE, 0);
      output_off (dev);
      dev->state = SALVE_DEVICE_PAUSED;
      return add_ack (answer, frame->seq);

    case SALVE_MSG_STOP:
      output_off (dev);
      dev->state = SALVE_DEVICE_STOPPED;
      return add_ack (answer, frame->seq);

    default:
      return add_nak (dev, answer, frame->seq, SALVE_NAK_UNKNOWN_TYPE, 0);
    }
}

static void
device_frame (Device           *dev,
              const SalveFrame *frame)
{
  Rx rx = { now_us (), *frame, answer_due_now (dev), FALSE };
  guint delay_ms = dev->answer_delay_ms;
  Answer *answer;

  if (dev->hook != NULL && !dev->hook (dev, frame, &delay_ms))
    {
      rx.lost = TRUE;
      g_array_append_val (dev->rx, rx);
      return;
    }

  /* STOP is acted on whenever it comes (section 5); anything else finds
   * a one-frame device busy while an answer is due. */
  if (frame->type == SALVE_MSG_STOP)
    {
      drop_answers (dev);
      delay_ms = 0;
    }
  else if (dev->one_frame && rx.answer_due)
    {
      rx.lost = TRUE;
      dev->lost++;
      g_array_append_val (dev->rx, rx);
      if (dev->busy_nak)
        {
          SalveFrame nak;

          salve_msg_build_nak (&nak, dev->tx_seq++, frame->seq, SALVE_NAK_REFUSED, 0);
          device_write (dev, &nak);
        }
      return;
    }
  g_array_append_val (dev->rx, rx);

  if (frame->type != SALVE_MSG_HELLO && frame->version != SALVE_PROTOCOL_VERSION)
    return;

  answer = g_new0 (Answer, 1);

  /* A repeat of the frame executed last: the same answer, with a new
   * device seq, nothing executed, no sign of life. */
  if (frame->type != SALVE_MSG_HELLO && dev->hello && dev->have_last &&
      frame->seq == dev->last_seq && frame->type == dev->last_type)
    {
      answer->frames[answer->n++] = dev->last_answer;
      queue_answer (dev, answer, delay_ms);
      return;
    }

  execute (dev, frame, answer);
  if (dev->hello)
    {
      dev->have_last = TRUE;
      dev->last_seq = frame->seq;
      dev->last_type = frame->type;
    }
  if (dev->unanswered > 0)
    {
      if (dev->unanswered != G_MAXUINT)
        dev->unanswered--;
      g_free (answer);
      return;
    }
  queue_answer (dev, answer, delay_ms);
}

static gboolean
on_device_readable (int           fd,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  Device *dev = user_data;
  guint8 buffer[1024];
  gssize n = read (fd, buffer, sizeof buffer);

  for (gssize pos = 0; pos < n;)
    {
      SalveFrame frame;
      SalveFrameResult result;

      pos += salve_frame_decoder_feed (&dev->decoder, buffer + pos, n - pos, &frame, &result);
      if (result == SALVE_FRAME_OK)
        device_frame (dev, &frame);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
on_device_tick (gpointer user_data)
{
  Device *dev = user_data;
  gint64 now = now_us ();
  double dt = (now - dev->last_tick_us) / (double) G_USEC_PER_SEC;

  dev->last_tick_us = now;
  if (dev->state == SALVE_DEVICE_RUNNING)
    for (guint i = 0; i < dev->info.channels; i++)
      dev->output[i] = MIN ((double) dev->target[i], dev->output[i] + dev->info.ramp_rate * dt);

  if (dev->hello && !dev->no_deadman && now - dev->last_fresh_us > SALVE_PROTOCOL_DEADMAN_MS * 1000)
    {
      SalveFrame frame;

      dev->hello = FALSE;
      if (dev->state == SALVE_DEVICE_RUNNING || dev->state == SALVE_DEVICE_PAUSED)
        {
          dev->deadman++;
          output_off (dev);
          dev->state = SALVE_DEVICE_STOPPED;
          salve_msg_build_fault (&frame, dev->tx_seq++, SALVE_FAULT_LINK_TIMEOUT, SALVE_PROTOCOL_ALL_CHANNELS);
          device_write (dev, &frame);
        }
    }

  if (dev->hello && !dev->quiet && now - dev->last_status_us >= 200 * 1000)
    device_send_status (dev);

  return G_SOURCE_CONTINUE;
}

/* A 2-channel TENS device: intensity 0–50 mA in 0.1 mA, 1 mA per command,
 * 5 mA/s; frequency 1–200 Hz; pulse width 50–250 µs; programs 1–9. */
static Device *
device_new (void)
{
  Device *dev = g_new0 (Device, 1);
  struct termios tio;
  const char *name;
  guint n = 0;

  dev->master = posix_openpt (O_RDWR | O_NOCTTY);
  g_assert_cmpint (dev->master, >=, 0);
  g_assert_no_errno (grantpt (dev->master));
  g_assert_no_errno (unlockpt (dev->master));
  name = ptsname (dev->master);
  g_assert_nonnull (name);
  dev->path = g_strdup (name);
  dev->slave = open (dev->path, O_RDWR | O_NOCTTY);
  g_assert_cmpint (dev->slave, >=, 0);
  g_assert_no_errno (tcgetattr (dev->master, &tio));
  cfmakeraw (&tio);
  g_assert_no_errno (tcsetattr (dev->master, TCSANOW, &tio));
  g_assert_no_errno (tcgetattr (dev->slave, &tio));
  cfmakeraw (&tio);
  g_assert_no_errno (tcsetattr (dev->slave, TCSANOW, &tio));
  g_assert_no_errno (fcntl (dev->master, F_SETFL, fcntl (dev->master, F_GETFL) | O_NONBLOCK));

  dev->info.version = SALVE_PROTOCOL_VERSION;
  dev->info.modality = SALVE_MODALITY_TENS;
  dev->info.channels = 2;
  g_strlcpy (dev->info.model, "Conformance", sizeof dev->info.model);
  g_strlcpy (dev->info.firmware, "1", sizeof dev->info.firmware);
  dev->info.params[n++] = (SalveWireRange) { SALVE_WIRE_INTENSITY, 0, 50000, 100 };
  dev->info.params[n++] = (SalveWireRange) { SALVE_WIRE_FREQUENCY, 10, 2000, 10 };
  dev->info.params[n++] = (SalveWireRange) { SALVE_WIRE_PULSE_WIDTH, 50, 250, 10 };
  dev->info.params[n++] = (SalveWireRange) { SALVE_WIRE_PROGRAM, 1, 9, 1 };
  dev->info.n_params = n;
  dev->info.ramp_increment = 1000;
  dev->info.ramp_rate = 5000;
  dev->tx_seq = 0x40;
  dev->rx = g_array_new (FALSE, TRUE, sizeof (Rx));
  salve_frame_decoder_init (&dev->decoder);

  dev->last_tick_us = now_us ();
  dev->watch = g_unix_fd_add (dev->master, G_IO_IN, on_device_readable, dev);
  dev->tick = g_timeout_add (10, on_device_tick, dev);

  return dev;
}

static void
device_free (Device *dev)
{
  drop_answers (dev);
  g_source_remove (dev->watch);
  g_source_remove (dev->tick);
  close (dev->master);
  close (dev->slave);
  g_array_unref (dev->rx);
  g_free (dev->path);
  g_free (dev);
}

static const Rx *
rx_at (Device *dev,
       guint   i)
{
  return &g_array_index (dev->rx, Rx, i);
}

static guint
count_type (Device *dev,
            guint8  type)
{
  guint n = 0;

  for (guint i = 0; i < dev->rx->len; i++)
    if (rx_at (dev, i)->frame.type == type)
      n++;
  return n;
}

/* Host side */

static void
spin (guint ms)
{
  gint64 deadline = salve_test_now_ms () + ms;

  while (salve_test_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

static gboolean
wait_state (SalveStimulator      *stim,
            SalveStimulatorState  state,
            guint                 timeout_ms)
{
  gint64 deadline = salve_test_now_ms () + timeout_ms;

  while (salve_stimulator_get_state (stim) != state && salve_test_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);

  return salve_stimulator_get_state (stim) == state;
}

static gboolean
wait_output (SalveStimulator *stim,
             double           output,
             guint            timeout_ms)
{
  gint64 deadline = salve_test_now_ms () + timeout_ms;

  while (ABS (salve_stimulator_get_output (stim, 0) - output) > 1e-9 && salve_test_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);

  return ABS (salve_stimulator_get_output (stim, 0) - output) <= 1e-9;
}

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

static gboolean
connect_sync (SalveStimulator *stim,
              Device          *dev,
              GError         **error)
{
  Wait wait = { 0 };
  gint64 start = salve_test_now_ms ();

  salve_stimulator_connect_async (stim, dev->path, NULL, on_connected, &wait);
  while (!wait.done && salve_test_now_ms () - start < 5000)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_true (wait.done);
  if (!wait.ok)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

static SalveStimulator *
connect_to (Device *dev)
{
  g_autoptr(GError) error = NULL;
  SalveStimulator *stim = salve_stimulator_new ();

  connect_sync (stim, dev, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_READY);
  g_assert_cmpstr (salve_stimulator_get_transport_kind (stim), ==, "libserialport");
  return stim;
}

/* A whole session: program, start, ramp to 4 mA, pause in the middle of
 * the ramp, start again, ramp to 3 mA, lower to 1 mA, stop. */
static void
run_session (SalveStimulator *stim)
{
  g_autoptr(GError) error = NULL;
  SalvePlan plan;

  salve_plan_init (&plan, SALVE_MODALITY_TENS, SALVE_SITE_KNEE);
  salve_plan_set (&plan, SALVE_PARAM_FREQUENCY_HZ, 80);
  salve_plan_set (&plan, SALVE_PARAM_PULSE_US, 200);
  g_assert_true (salve_stimulator_set_program (stim, 2, &plan, &error));
  g_assert_no_error (error);
  salve_plan_clear (&plan);

  salve_stimulator_set_ramp_rate (stim, 5);
  g_assert_true (salve_stimulator_start (stim, &error));
  g_assert_no_error (error);
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  g_assert_true (salve_stimulator_ramp_to (stim, 4, &error));
  g_assert_no_error (error);
  spin (450);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_RUNNING);

  g_assert_true (salve_stimulator_pause (stim, &error));
  g_assert_no_error (error);
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_PAUSED, 1000));
  spin (600);
  g_assert_true (salve_stimulator_start (stim, &error));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  g_assert_true (salve_stimulator_ramp_to (stim, 3, &error));
  g_assert_true (wait_output (stim, 3, 5000));
  spin (700);
  g_assert_true (salve_stimulator_ramp_to (stim, 1, &error));
  g_assert_true (wait_output (stim, 1, 1000));
  spin (300);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_RUNNING);
  g_assert_null (salve_stimulator_get_last_error (stim));

  salve_stimulator_stop (stim);
  g_assert_true (wait_output (stim, 0, 1000));
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_STOPPED);
}

/* 1. Safety principles */

static gboolean
refuse_rise (Device           *dev,
             const SalveFrame *frame,
             guint            *delay_ms)
{
  SalveFrame nak;

  if (frame->type != SALVE_MSG_SET_INTENSITY || salve_msg_get_u32 (frame->payload + 1) == 0)
    return TRUE;
  salve_msg_build_nak (&nak, dev->tx_seq++, frame->seq, SALVE_NAK_OUT_OF_RANGE, SALVE_WIRE_INTENSITY);
  device_write (dev, &nak);
  return FALSE;
}

/* "It MUST reject every value outside its own limits (NAK)": a rise the
 * device refuses ends the session, with a STOP. */
static void
test_1_refused_value_stops (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);
  g_autoptr(GError) error = NULL;

  g_assert_true (salve_stimulator_start (stim, &error));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  dev->hook = refuse_rise;
  g_assert_true (salve_stimulator_ramp_to (stim, 2, &error));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_FAULT, 1000));
  g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_REFUSED);
  spin (50);
  g_assert_cmpuint (rx_at (dev, dev->rx->len - 1)->frame.type, ==, SALVE_MSG_STOP);
  g_assert_cmpint (dev->state, ==, SALVE_DEVICE_STOPPED);
  g_clear_object (&stim);
  device_free (dev);
}

/* "Silence means stop" and "Only fresh intent counts as a heartbeat":
 * a device whose dead-man timer counts only fresh frames keeps running
 * through 2.5 s in which the host has nothing to say. */
static void
test_1_fresh_intent_keeps_device_alive (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);
  g_autoptr(GError) error = NULL;

  g_assert_true (salve_stimulator_start (stim, &error));
  g_assert_true (salve_stimulator_ramp_to (stim, 1, &error));
  g_assert_true (wait_output (stim, 1, 2000));
  spin (2500);
  g_assert_cmpuint (dev->deadman, ==, 0);
  g_assert_true (dev->hello);
  g_assert_cmpint (dev->state, ==, SALVE_DEVICE_RUNNING);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_RUNNING);
  g_clear_object (&stim);
  device_free (dev);
}

/* 2. Physical layer: "the device MUST stop output at once when it can
 * detect" link loss; the host that goes away says STOP first. */
static void
test_2_going_away_sends_stop (void)
{
  Device *dev = device_new ();
  SalveStimulator *stim = connect_to (dev);
  g_autoptr(GError) error = NULL;

  g_assert_true (salve_stimulator_start (stim, &error));
  g_assert_true (salve_stimulator_ramp_to (stim, 1, &error));
  g_assert_true (wait_output (stim, 1, 2000));
  g_object_unref (stim);
  spin (50);
  g_assert_cmpuint (rx_at (dev, dev->rx->len - 1)->frame.type, ==, SALVE_MSG_STOP);
  g_assert_cmpint (dev->state, ==, SALVE_DEVICE_STOPPED);
  g_assert_cmpfloat (dev->output[0], ==, 0);
  device_free (dev);
}

/* 3. Framing */

static SalveFrameResult
decode_all (SalveFrameDecoder *decoder,
            const guint8      *bytes,
            gsize              n,
            SalveFrame        *frame,
            guint             *n_ok,
            guint             *n_aborted)
{
  SalveFrameResult last = SALVE_FRAME_NONE;

  for (gsize pos = 0; pos < n;)
    {
      SalveFrameResult result;

      pos += salve_frame_decoder_feed (decoder, bytes + pos, n - pos, frame, &result);
      if (result == SALVE_FRAME_OK)
        (*n_ok)++;
      else if (result == SALVE_FRAME_ABORTED)
        (*n_aborted)++;
      if (result != SALVE_FRAME_NONE)
        last = result;
    }
  return last;
}

/* "A sender MAY escape other bytes; a receiver MUST accept that" (but
 * not 0x5D and 0x5E, whose escapes would be 7D and 7E). */
static void
test_3_receiver_accepts_any_escape (void)
{
  SalveFrame frame, out;
  guint8 wire[SALVE_FRAME_MAX_ENCODED], escaped[2 * SALVE_FRAME_MAX_ENCODED];
  SalveFrameDecoder decoder;
  gsize n, m = 0;
  guint ok = 0, aborted = 0;

  salve_msg_build_intensity (&frame, 0x21, SALVE_PROTOCOL_ALL_CHANNELS, 0x00010203);
  n = salve_frame_encode (&frame, wire, sizeof wire);

  /* Every byte between the flags escaped, where that is allowed. */
  escaped[m++] = wire[0];
  for (gsize i = 1; i + 1 < n; i++)
    {
      if (wire[i] == SALVE_FRAME_ESCAPE)
        {
          escaped[m++] = wire[i++];
          escaped[m++] = wire[i];
          continue;
        }
      if (wire[i] == 0x5D || wire[i] == 0x5E)
        {
          escaped[m++] = wire[i];
          continue;
        }
      escaped[m++] = SALVE_FRAME_ESCAPE;
      escaped[m++] = wire[i] ^ SALVE_FRAME_ESCAPE_XOR;
    }
  escaped[m++] = wire[n - 1];
  g_assert_cmpuint (m, >, n + 8);

  salve_frame_decoder_init (&decoder);
  g_assert_cmpint (decode_all (&decoder, escaped, m, &out, &ok, &aborted), ==, SALVE_FRAME_OK);
  g_assert_cmpuint (ok, ==, 1);
  g_assert_cmpint (memcmp (&out, &frame, 4 + frame.length), ==, 0);
}

/* "7D 7E aborts the frame being received, and that 7E is the flag that
 * starts the next frame." */
static void
test_3_abort_flag_starts_next_frame (void)
{
  SalveFrame frame, out;
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  guint8 stream[2 * SALVE_FRAME_MAX_ENCODED];
  SalveFrameDecoder decoder;
  gsize n, m = 0;
  guint ok = 0, aborted = 0;

  salve_msg_init (&frame, SALVE_MSG_START, 9);
  n = salve_frame_encode (&frame, wire, sizeof wire);
  /* Half a frame, aborted; then the next frame without its own opening
   * flag: the abort's 7E opens it. */
  memcpy (stream, wire, 4);
  m = 4;
  stream[m++] = SALVE_FRAME_ESCAPE;
  memcpy (stream + m, wire, n);
  m += n;

  salve_frame_decoder_init (&decoder);
  g_assert_cmpint (decode_all (&decoder, stream, m, &out, &ok, &aborted), ==, SALVE_FRAME_OK);
  g_assert_cmpuint (aborted, ==, 1);
  g_assert_cmpuint (ok, ==, 1);
  g_assert_cmpuint (out.type, ==, SALVE_MSG_START);
  g_assert_cmpuint (out.seq, ==, 9);
}

/* "A receiver MUST drop a longer frame and skip to the next flag." */
static void
test_3_receiver_drops_long_frame (void)
{
  guint8 stream[600 + SALVE_FRAME_MAX_ENCODED];
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  SalveFrameDecoder decoder;
  SalveFrame frame, out;
  guint ok = 0, aborted = 0;
  gsize m = 0, n;

  stream[m++] = SALVE_FRAME_FLAG;
  for (guint i = 0; i < SALVE_FRAME_MAX_BODY + 1; i++)
    stream[m++] = 0x01;
  salve_msg_init (&frame, SALVE_MSG_STOP, 3);
  n = salve_frame_encode (&frame, wire, sizeof wire);
  memcpy (stream + m, wire, n);
  m += n;

  salve_frame_decoder_init (&decoder);
  g_assert_cmpint (decode_all (&decoder, stream, m, &out, &ok, &aborted), ==, SALVE_FRAME_OK);
  g_assert_cmpuint (ok, ==, 1);
  g_assert_cmpuint (out.type, ==, SALVE_MSG_STOP);
  g_assert_cmpuint (decoder.errors, ==, 1);
}

/* 4. Messages */

/* "the intensity's min MUST be 0 (off)": a device that says otherwise
 * is not connected to. */
static void
test_4_intensity_min_is_zero (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = salve_stimulator_new ();
  g_autoptr(GError) error = NULL;

  dev->info.params[0].min = 100;
  g_assert_false (connect_sync (stim, dev, &error));
  g_assert_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_PROTOCOL);
  /* Said as it is, not as a range left out. */
  g_assert_nonnull (strstr (error->message, "least intensity is not 0"));
  g_clear_object (&stim);
  device_free (dev);
}

/* "ramp_increment MUST be at least the intensity's step, and ramp_rate
 * MUST be above 0": a device that cannot raise its intensity is not
 * connected to, rather than ramped to its first step and "completed". */
static void
test_4_ramp_increment_and_rate (void)
{
  for (guint i = 0; i < 3; i++)
    {
      Device *dev = device_new ();
      g_autoptr(SalveStimulator) stim = salve_stimulator_new ();
      g_autoptr(GError) error = NULL;

      if (i == 0)
        dev->info.ramp_increment = 0;
      else if (i == 1)
        dev->info.ramp_increment = dev->info.params[0].step - 1;
      else
        dev->info.ramp_rate = 0;
      g_assert_false (connect_sync (stim, dev, &error));
      g_assert_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_PROTOCOL);
      /* Said in mA, not as the wire's µA ("ramp increment 99"). */
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, i == 2 ? "its ramp rate is 0" : " mA a command, in steps of 0.1 mA)"));
      g_clear_object (&stim);
      device_free (dev);
    }
}

/* §11, "walked towards the goal in steps of at most ramp_increment, at
 * Salve's bound": a grid coarser than that bound allows in one ramp
 * period (1 mA for TENS) is not connected to. A 25 mA grid was set from
 * 0 to 25 mA in one command, and a 10 mA grid's 20 mA on a 10 mA session
 * passed the output check (one step above the target). A 1 mA grid is
 * still ramped. */
static void
test_11_coarse_grid_refused (void)
{
  static const guint32 steps[] = { 25000, 2000, 1000 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      Device *dev = device_new ();
      g_autoptr(SalveStimulator) stim = salve_stimulator_new ();
      g_autoptr(GError) error = NULL;

      dev->info.params[0].step = steps[i];
      /* (The first keeps its 1 mA increment: the grid is what is said.) */
      if (i > 0)
        dev->info.ramp_increment = MAX (dev->info.ramp_increment, steps[i]);
      if (steps[i] > 1000)
        {
          g_assert_false (connect_sync (stim, dev, &error));
          g_assert_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_PROTOCOL);
          g_assert_nonnull (strstr (error->message, "cannot be ramped"));
          if (i == 0)
            g_assert_nonnull (strstr (error->message, "in steps of 25 mA"));
          g_assert_cmpuint (count_type (dev, SALVE_MSG_SET_INTENSITY), ==, 0);
        }
      else
        {
          g_assert_true (connect_sync (stim, dev, &error));
          g_assert_no_error (error);
        }
      g_clear_object (&stim);
      device_free (dev);
    }
}

/* §5, "only fresh intent counts as a heartbeat", and §11, "a session
 * ends only on a confirmed stop": while the host waits for the STATUS
 * that confirms the session's STOP it sends no HEARTBEAT, which would be
 * fresh intent keeping a device that answered STOP and still delivers on
 * past its own dead-man timer. The STOP is still confirmed, and nothing
 * can be started any more. */
static void
test_11_no_heartbeat_after_final_stop (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);
  g_autoptr(GError) error = NULL;
  guint heartbeats;

  g_assert_true (salve_stimulator_start (stim, &error));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  spin (300);
  heartbeats = count_type (dev, SALVE_MSG_HEARTBEAT);
  salve_stimulator_stop (stim);
  salve_stimulator_wind_down (stim);
  spin (900);
  g_assert_true (salve_stimulator_is_stop_confirmed (stim));
  g_assert_cmpuint (count_type (dev, SALVE_MSG_HEARTBEAT), ==, heartbeats);
  g_assert_false (salve_stimulator_start (stim, &error));
  g_assert_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_NOT_CONNECTED);
  g_clear_object (&stim);
  device_free (dev);
}

/* "A value MUST be min + k × step": everything the host sends in a
 * session is on the device's grid, within its limits and ramp increment
 * (the device NAKs 0x03, 0x04 and 0x05 never). */
static void
test_4_values_on_grid (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);

  run_session (stim);
  g_assert_cmpuint (dev->naks_range, ==, 0);
  g_assert_cmpuint (count_type (dev, SALVE_MSG_SET_INTENSITY), >=, 6);
  g_clear_object (&stim);
  device_free (dev);
}

/* "c MUST be the number of channels in INFO": a STATUS with another
 * count is a protocol fault; the host sends STOP. */
static void
test_4_status_channel_count (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);
  SalveDeviceStatus status = { 0 };
  SalveFrame frame;
  guint stops = count_type (dev, SALVE_MSG_STOP);

  status.state = SALVE_DEVICE_IDLE;
  status.channels = 1;
  salve_msg_build_status (&frame, dev->tx_seq++, &status);
  device_write (dev, &frame);
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_FAULT, 1000));
  g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_PROTOCOL);
  spin (50);
  g_assert_cmpuint (count_type (dev, SALVE_MSG_STOP), ==, stops + 1);
  g_clear_object (&stim);
  device_free (dev);
}

/* "output MUST be what the channel delivers, never more than its
 * target": a STATUS with more gets a STOP at once. */
static void
test_4_status_output_above_target (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);
  g_autoptr(GError) error = NULL;
  SalveDeviceStatus status = { 0 };
  SalveFrame frame;

  g_assert_true (salve_stimulator_start (stim, &error));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  dev->quiet = TRUE;
  status.state = SALVE_DEVICE_RUNNING;
  status.channels = 2;
  status.output[0] = 20000;
  salve_msg_build_status (&frame, dev->tx_seq++, &status);
  device_write (dev, &frame);
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_FAULT, 1000));
  g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUTPUT);
  spin (50);
  g_assert_cmpuint (count_type (dev, SALVE_MSG_STOP), ==, 1);
  g_assert_cmpint (dev->state, ==, SALVE_DEVICE_STOPPED);
  g_clear_object (&stim);
  device_free (dev);
}

/* 5. Sequence numbers, acknowledgements, timing */

/* "The host numbers each new frame: seq = previous + 1", retries
 * included, and never sends a frame twice (so a device never sees a
 * duplicate from Salve). */
static void
test_5_seq_counts_up (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);

  run_session (stim);
  g_clear_object (&stim);
  g_assert_cmpuint (dev->rx->len, >, 20);
  for (guint i = 1; i < dev->rx->len; i++)
    g_assert_cmpuint (rx_at (dev, i)->frame.seq, ==, (guint8) (rx_at (dev, i - 1)->frame.seq + 1));
  device_free (dev);
}

static gboolean
first_command_unanswered (Device           *dev,
                          const SalveFrame *frame,
                          guint            *delay_ms)
{
  guint *left = dev->hook_data;

  if (frame->type == SALVE_MSG_SET_LIMITS && *left > 0)
    {
      (*left)--;
      return FALSE;
    }
  return TRUE;
}

/* "Retries: … as a new frame with a new seq". */
static void
test_5_retry_is_a_new_frame (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = NULL;
  guint left = 2;
  guint8 seqs[3];
  guint n = 0;

  dev->hook = first_command_unanswered;
  dev->hook_data = &left;
  stim = connect_to (dev);
  for (guint i = 0; i < dev->rx->len; i++)
    if (rx_at (dev, i)->frame.type == SALVE_MSG_SET_LIMITS)
      {
        g_assert_cmpuint (n, <, 3);
        seqs[n++] = rx_at (dev, i)->frame.seq;
      }
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (seqs[1], ==, (guint8) (seqs[0] + 1));
  g_assert_cmpuint (seqs[2], ==, (guint8) (seqs[1] + 1));
  g_clear_object (&stim);
  device_free (dev);
}

/* "The host sends at most one command and waits for its answer
 * (stop-and-wait), except STOP": with answers that take 60 ms, no frame
 * but STOP arrives while another one's answer is due, through a whole
 * session with a pause in the middle of a ramp. */
static void
test_5_stop_and_wait (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = NULL;
  guint heartbeats = 0;

  dev->answer_delay_ms = 60;
  stim = connect_to (dev);
  run_session (stim);
  spin (500);
  g_clear_object (&stim);

  for (guint i = 0; i < dev->rx->len; i++)
    {
      const Rx *rx = rx_at (dev, i);

      if (rx->answer_due && rx->frame.type != SALVE_MSG_STOP)
        g_error ("frame %u (%s, seq %u) sent while an answer was due", i,
                 salve_msg_type_to_string (rx->frame.type), rx->frame.seq);
      if (rx->frame.type == SALVE_MSG_HEARTBEAT)
        heartbeats++;
    }
  g_assert_cmpuint (heartbeats, >, 3);
  g_assert_cmpuint (dev->naks_range, ==, 0);
  device_free (dev);
}

/* A device with room for one frame (a frame that arrives while it is
 * still busy with the last one is lost) runs a whole session. */
static void
test_5_one_frame_device (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = NULL;

  dev->answer_delay_ms = 20;
  dev->one_frame = TRUE;
  stim = connect_to (dev);
  run_session (stim);
  spin (500);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_STOPPED);
  g_clear_object (&stim);
  g_assert_cmpuint (dev->lost, ==, 0);
  g_assert_cmpuint (dev->naks_range, ==, 0);
  device_free (dev);
}

typedef struct
{
  gboolean done;
  char    *out;
} Run;

static void
on_salvectl_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, NULL, &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

/* A one-frame device that refuses (NAK 0x0A, busy) what it has no room
 * for runs a whole session of `salvectl session run` to completion:
 * connect, program, ramp to 5 mA, hold, stop. */
static void
test_5_one_frame_device_salvectl (void)
{
  Device *dev = device_new ();
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "salve.db", NULL);
  g_autoptr(GSubprocess) salvectl = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };
  gint64 deadline;

  dev->answer_delay_ms = 20;
  dev->one_frame = TRUE;
  dev->busy_nak = TRUE;
  salvectl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                               g_getenv ("SALVECTL"), "--db", db, "session", "run", "--port", dev->path,
                               "--modality", "tens", "--site", "knee", "--intensity-ma", "5",
                               "--frequency-hz", "100", "--pulse-us", "200", "--ramp-rate", "5",
                               "--minutes", "0.05", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (salvectl, NULL, NULL, on_salvectl_done, &run);
  deadline = salve_test_now_ms () + 30000;
  while (!run.done && salve_test_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_true (run.done);
  g_test_message ("%s", run.out);

  g_assert_true (g_subprocess_get_if_exited (salvectl));
  g_assert_cmpint (g_subprocess_get_exit_status (salvectl), ==, 0);
  g_assert_nonnull (strstr (run.out, "Session completed"));
  g_assert_cmpuint (count_type (dev, SALVE_MSG_SET_INTENSITY), >=, 5);
  g_assert_cmpuint (dev->lost, ==, 0);
  g_assert_cmpuint (dev->naks_range, ==, 0);

  g_free (run.out);
  device_free (dev);
  salve_test_remove_tree (dir);
}

/* PAUSE is no exception: asked for while a SET_INTENSITY is waiting for
 * its answer, it goes out after that answer. */
static void
test_5_pause_waits_for_answer (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  guint n;

  g_assert_true (salve_stimulator_start (stim, &error));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  dev->answer_delay_ms = 120;
  g_assert_true (salve_stimulator_ramp_to (stim, 3, &error));
  deadline = salve_test_now_ms () + 2000;
  while (rx_at (dev, dev->rx->len - 1)->frame.type != SALVE_MSG_SET_INTENSITY && salve_test_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  n = dev->rx->len;
  g_assert_cmpuint (rx_at (dev, n - 1)->frame.type, ==, SALVE_MSG_SET_INTENSITY);

  g_assert_true (salve_stimulator_pause (stim, &error));
  g_assert_no_error (error);
  spin (30);
  g_assert_cmpuint (dev->rx->len, ==, n);
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_PAUSED, 1000));
  g_assert_cmpuint (rx_at (dev, n)->frame.type, ==, SALVE_MSG_PAUSE);
  g_assert_false (rx_at (dev, n)->answer_due);
  g_clear_object (&stim);
  device_free (dev);
}

/* "except STOP, which it sends at once, whatever is outstanding". */
static void
test_5_stop_goes_out_at_once (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);
  g_autoptr(GError) error = NULL;
  SalvePlan plan;
  gint64 t_stop;
  guint n;

  dev->answer_delay_ms = 150;
  salve_plan_init (&plan, SALVE_MODALITY_TENS, SALVE_SITE_KNEE);
  salve_plan_set (&plan, SALVE_PARAM_FREQUENCY_HZ, 80);
  g_assert_true (salve_stimulator_set_program (stim, 1, &plan, &error));
  salve_plan_clear (&plan);
  spin (20);
  n = dev->rx->len;
  g_assert_cmpuint (rx_at (dev, n - 1)->frame.type, ==, SALVE_MSG_SET_PROGRAM);

  t_stop = now_us ();
  salve_stimulator_stop (stim);
  spin (20);
  g_assert_cmpuint (dev->rx->len, ==, n + 1);
  g_assert_cmpuint (rx_at (dev, n)->frame.type, ==, SALVE_MSG_STOP);
  g_assert_true (rx_at (dev, n)->answer_due);
  g_assert_cmpint (rx_at (dev, n)->t_us - t_stop, <, 20 * 1000);
  g_clear_object (&stim);
  device_free (dev);
}

/* "The duty starts when the device has answered HELLO": from then on
 * the gap between two frames of the host is at most 250 ms; no
 * HEARTBEAT before SET_LIMITS is answered. */
static void
test_5_heartbeat_duty (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);
  gint64 max_gap = 0;
  guint limits = G_MAXUINT;

  spin (2000);
  g_clear_object (&stim);

  g_assert_cmpuint (rx_at (dev, 0)->frame.type, ==, SALVE_MSG_HELLO);
  for (guint i = 0; i < dev->rx->len; i++)
    {
      const Rx *rx = rx_at (dev, i);

      if (rx->frame.type == SALVE_MSG_SET_LIMITS && limits == G_MAXUINT)
        limits = i;
      if (rx->frame.type == SALVE_MSG_HEARTBEAT)
        g_assert_cmpuint (i, >, limits);
      if (i > 0 && rx->frame.type != SALVE_MSG_STOP)
        max_gap = MAX (max_gap, rx->t_us - rx_at (dev, i - 1)->t_us);
    }
  g_assert_cmpuint (limits, ==, 1);
  g_assert_cmpuint (count_type (dev, SALVE_MSG_HEARTBEAT), >=, 7);
  /* 250 ms, and the main loop's own delay on a busy machine. */
  g_test_message ("largest gap between frames: %" G_GINT64_FORMAT " µs", max_gap);
  g_assert_cmpint (max_gap, <=, 300 * 1000);
  device_free (dev);
}

/* "The HEARTBEAT counter host_ms MUST advance". */
static void
test_5_heartbeat_counter_advances (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);
  gboolean have = FALSE;
  guint32 last = 0;
  guint n = 0;

  spin (1200);
  g_clear_object (&stim);
  for (guint i = 0; i < dev->rx->len; i++)
    {
      const Rx *rx = rx_at (dev, i);
      guint32 counter;

      if (rx->frame.type != SALVE_MSG_HEARTBEAT)
        continue;
      g_assert_cmpuint (rx->frame.length, ==, 4);
      counter = salve_msg_get_u32 (rx->frame.payload);
      if (have)
        g_assert_cmpint ((gint32) (counter - last), >, 0);
      have = TRUE;
      last = counter;
      n++;
    }
  g_assert_cmpuint (n, >=, 4);
  device_free (dev);
}

static gboolean
late_first_limits (Device           *dev,
                   const SalveFrame *frame,
                   guint            *delay_ms)
{
  guint *n = dev->hook_data;

  if (frame->type != SALVE_MSG_SET_LIMITS)
    return TRUE;
  switch ((*n)++)
    {
    case 0:
      *delay_ms = 320;   /* late: after the host gave up on it */
      return TRUE;
    case 1:
      return FALSE;      /* the repeat is lost */
    default:
      return TRUE;
    }
}

/* "the host's 200 ms timeout is the device's answer deadline; a late
 * answer to a superseded seq is discarded": the late ACK of the first
 * SET_LIMITS does not count for the second, so a third goes out. */
static void
test_5_late_answer_discarded (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = NULL;
  guint n = 0;

  dev->hook = late_first_limits;
  dev->hook_data = &n;
  stim = connect_to (dev);
  g_assert_cmpuint (count_type (dev, SALVE_MSG_SET_LIMITS), ==, 3);
  g_clear_object (&stim);
  device_free (dev);
}

/* A device that answers in 300 ms misses the deadline: the host cannot
 * connect to it. One that answers in 150 ms is fine. */
static void
test_5_answer_deadline (void)
{
  const guint delays[] = { 150, 300 };

  for (guint d = 0; d < G_N_ELEMENTS (delays); d++)
    {
      Device *dev = device_new ();
      g_autoptr(SalveStimulator) stim = salve_stimulator_new ();
      g_autoptr(GError) error = NULL;

      dev->answer_delay_ms = delays[d];
      connect_sync (stim, dev, &error);
      if (delays[d] < ANSWER_DEADLINE_MS)
        {
          g_assert_no_error (error);
          g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_READY);
        }
      else
        {
          g_assert_error (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_TIMEOUT);
          g_assert_cmpuint (count_type (dev, SALVE_MSG_SET_LIMITS), ==, 3);
        }
      g_clear_object (&stim);
      device_free (dev);
    }
}

static gboolean
lose_intensity (Device           *dev,
                const SalveFrame *frame,
                guint            *delay_ms)
{
  return frame->type != SALVE_MSG_SET_INTENSITY;
}

/* "The host tolerates three SET_INTENSITY frames in a row without an
 * answer; when a fourth goes unanswered it stops the device". */
static void
test_5_intensity_misses (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);
  g_autoptr(GError) error = NULL;

  g_assert_true (salve_stimulator_start (stim, &error));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  dev->hook = lose_intensity;
  g_assert_true (salve_stimulator_ramp_to (stim, 5, &error));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_FAULT, 3000));
  g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_TIMEOUT);
  spin (50);
  g_assert_cmpuint (count_type (dev, SALVE_MSG_SET_INTENSITY), ==, 4);
  g_assert_cmpuint (rx_at (dev, dev->rx->len - 1)->frame.type, ==, SALVE_MSG_STOP);
  g_clear_object (&stim);
  device_free (dev);
}

/* "When it expires while running or paused, the device … sends FAULT
 * 0x05 … then forgets the connection": the host takes it as link loss
 * and never resumes by itself. */
static void
test_5_deadman_fault (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);
  g_autoptr(GError) error = NULL;
  SalveFrame frame;

  g_assert_true (salve_stimulator_start (stim, &error));
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  salve_msg_build_fault (&frame, dev->tx_seq++, SALVE_FAULT_LINK_TIMEOUT, SALVE_PROTOCOL_ALL_CHANNELS);
  device_write (dev, &frame);
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_LINK_LOST, 1000));
  /* Its outputs are 0 by that MUST: the stop is confirmed, and nobody
   * is told to switch off a device that said it stopped. */
  g_assert_true (salve_stimulator_is_stop_confirmed (stim));
  g_clear_object (&stim);
  device_free (dev);
}

/* Loses every frame of the host until the time (ms) its data points to. */
static gboolean
lose_until (Device           *dev,
            const SalveFrame *frame,
            guint            *delay_ms)
{
  return salve_test_now_ms () >= *(gint64 *) dev->hook_data;
}

/* "NAK 0x08 to everything, until the next HELLO": the host takes it as
 * link loss. The line from the host was cut for 1.3 s: the device's
 * dead-man timer fired after 1 s, and its NAK 0x08 to the STOP that then
 * gets through confirms that its outputs are off. */
static void
test_5_forgotten_connection (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);
  gint64 until = salve_test_now_ms () + 1300;

  dev->hook = lose_until;
  dev->hook_data = &until;
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_LINK_LOST, 3000));
  g_assert_false (dev->hello);
  g_assert_true (salve_stimulator_is_stop_confirmed (stim));
  g_clear_object (&stim);
  device_free (dev);
}

/* A NAK 0x08 a moment after the device answered the host cannot be its
 * dead-man timer (1 s after the last frame it took): the link is lost,
 * but what it delivers is not known, and the stop is not confirmed. */
static void
test_5_forgotten_too_soon (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);

  dev->hello = FALSE;
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_LINK_LOST, 1000));
  g_assert_false (salve_stimulator_is_stop_confirmed (stim));
  g_clear_object (&stim);
  device_free (dev);
}

static gboolean
wait_stop_confirmed (SalveStimulator *stim,
                     guint            timeout_ms)
{
  gint64 deadline = salve_test_now_ms () + timeout_ms;

  while (!salve_stimulator_is_stop_confirmed (stim) && salve_test_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);

  return salve_stimulator_is_stop_confirmed (stim);
}

static void
start_and_ramp (SalveStimulator *stim,
                double           ma)
{
  g_autoptr(GError) error = NULL;

  salve_stimulator_set_ramp_rate (stim, 5);
  g_assert_true (salve_stimulator_start (stim, &error));
  g_assert_no_error (error);
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_RUNNING, 1000));
  g_assert_true (salve_stimulator_ramp_to (stim, ma, &error));
  g_assert_true (wait_output (stim, ma, 5000));
}

/* "STOP: output 0 at once … always ACKed": the host knows the output is
 * off once the STOP is answered and a STATUS since says 0. */
static void
test_5_stop_confirmed (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);

  start_and_ramp (stim, 2);
  g_assert_false (salve_stimulator_is_stop_confirmed (stim));
  salve_stimulator_stop (stim);
  g_assert_true (wait_stop_confirmed (stim, 1000));
  g_assert_null (salve_stimulator_get_last_error (stim));
  g_clear_object (&stim);
  device_free (dev);
}

static gboolean
lose_stop (Device           *dev,
           const SalveFrame *frame,
           guint            *delay_ms)
{
  return frame->type != SALVE_MSG_STOP;
}

/* "Retries: … up to 2 times … After that the host treats the device as
 * failed … and reports a timeout": a STOP nobody answers is never taken
 * for an output that is off. */
static void
test_5_unanswered_stop (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);

  start_and_ramp (stim, 2);
  dev->hook = lose_stop;
  dev->quiet = TRUE;    /* so that only the unanswered STOP can be the fault */
  /* Nor does it stop by itself and say so, which would confirm it. */
  dev->no_deadman = TRUE;
  salve_stimulator_stop (stim);
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_FAULT, 2000));
  g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_TIMEOUT);
  g_assert_cmpuint (count_type (dev, SALVE_MSG_STOP), >=, 3);
  g_assert_false (wait_stop_confirmed (stim, 1500));
  g_clear_object (&stim);
  device_free (dev);
}

static gboolean
ack_stop_keep_output (Device           *dev,
                      const SalveFrame *frame,
                      guint            *delay_ms)
{
  SalveFrame ack;

  if (frame->type != SALVE_MSG_STOP)
    return TRUE;

  /* Answered, not done: the output stays where it was. */
  salve_msg_build_ack (&ack, dev->tx_seq++, frame->seq);
  device_write (dev, &ack);
  return FALSE;
}

/* Section 11: "a device that keeps delivering after PAUSE or STOP is
 * stopped as a fault too", and its stop is never confirmed. */
static void
test_11_output_after_stop (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);

  start_and_ramp (stim, 2);
  dev->hook = ack_stop_keep_output;
  salve_stimulator_stop (stim);
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_FAULT, 1500));
  g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUTPUT);
  g_assert_false (wait_stop_confirmed (stim, 500));
  g_clear_object (&stim);
  device_free (dev);
}

/* "The host tolerates three HEARTBEAT or SET_INTENSITY frames in a row
 * without an answer; when a fourth goes unanswered it sends STOP and
 * reports …": a device that takes every frame in (so its dead-man timer
 * never fires) and goes on sending STATUS, but answers nothing, is
 * stopped within about a second, not at the session's end. Three in a
 * row, then answers again, is tolerated. */
static void
test_5_answer_misses (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);
  g_autoptr(GError) error = NULL;
  guint heartbeats, stops;

  start_and_ramp (stim, 2);
  spin (300);

  dev->unanswered = 3;
  spin (1500);
  g_assert_cmpuint (dev->unanswered, ==, 0);
  g_assert_cmpint (salve_stimulator_get_state (stim), ==, SALVE_STIMULATOR_RUNNING);
  g_assert_null (salve_stimulator_get_last_error (stim));

  heartbeats = count_type (dev, SALVE_MSG_HEARTBEAT);
  stops = count_type (dev, SALVE_MSG_STOP);
  dev->unanswered = G_MAXUINT;
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_FAULT, 2000));
  g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_TIMEOUT);
  g_assert_cmpstr (salve_stimulator_get_last_error (stim)->message, ==, "The device no longer answers commands: stopped");
  spin (50);
  g_assert_cmpuint (count_type (dev, SALVE_MSG_HEARTBEAT), ==, heartbeats + 4);
  g_assert_cmpuint (count_type (dev, SALVE_MSG_STOP), >, stops);
  g_assert_cmpint (dev->state, ==, SALVE_DEVICE_STOPPED);
  g_assert_false (salve_stimulator_is_stop_confirmed (stim));
  g_clear_object (&stim);
  device_free (dev);
}

/* Section 11: "a device that stops by itself (its STATUS says idle or
 * stopped while the host has it running or paused and waits for no
 * answer) … is stopped as a fault", and so is one that pauses by itself
 * while running or runs again by itself while paused (its buttons): the
 * session's clock would no longer say what the person had. Salve sends
 * STOP and never START again. A pause and a resume the host asked for
 * are no fault. */
static void
test_11_state_changed_by_device (void)
{
  struct { gboolean from_host_paused; SalveDeviceState to; const char *message; } cases[] = {
    { FALSE, SALVE_DEVICE_STOPPED, "The device stopped by itself" },
    { FALSE, SALVE_DEVICE_IDLE,    "The device stopped by itself" },
    { FALSE, SALVE_DEVICE_PAUSED,  "The device paused by itself" },
    { TRUE,  SALVE_DEVICE_RUNNING, "The device started by itself" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      Device *dev = device_new ();
      g_autoptr(SalveStimulator) stim = connect_to (dev);
      g_autoptr(GError) error = NULL;
      guint starts, stops;

      start_and_ramp (stim, 2);
      if (cases[c].from_host_paused)
        {
          g_assert_true (salve_stimulator_pause (stim, &error));
          g_assert_no_error (error);
          g_assert_true (wait_state (stim, SALVE_STIMULATOR_PAUSED, 1000));
        }
      /* What the host asked for changes nothing: a while of STATUS first. */
      spin (100);
      g_assert_cmpint (salve_stimulator_get_state (stim), ==,
                       cases[c].from_host_paused ? SALVE_STIMULATOR_PAUSED : SALVE_STIMULATOR_RUNNING);
      starts = count_type (dev, SALVE_MSG_START);
      stops = count_type (dev, SALVE_MSG_STOP);

      /* The device's own button. */
      output_off (dev);
      dev->state = cases[c].to;

      g_assert_true (wait_state (stim, SALVE_STIMULATOR_FAULT, 1000));
      g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_FAULT);
      g_assert_cmpstr (salve_stimulator_get_last_error (stim)->message, ==, cases[c].message);
      spin (100);
      g_assert_cmpuint (count_type (dev, SALVE_MSG_STOP), ==, stops + 1);
      g_assert_cmpint (dev->state, ==, SALVE_DEVICE_STOPPED);
      g_assert_false (salve_stimulator_ramp_to (stim, 2, NULL));
      spin (100);
      g_assert_cmpuint (count_type (dev, SALVE_MSG_START), ==, starts);
      g_clear_object (&stim);
      device_free (dev);
    }
}

static gboolean
ack_stop_report_other_channels (Device           *dev,
                             const SalveFrame *frame,
                             guint            *delay_ms)
{
  SalveDeviceStatus status = { 0 };
  SalveFrame out;

  if (frame->type != SALVE_MSG_STOP)
    return TRUE;

  /* Answered, and a STATUS of the wrong number of channels, every one
   * of them 0: the INFO's other channels are not said off. */
  salve_msg_build_ack (&out, dev->tx_seq++, frame->seq);
  device_write (dev, &out);
  status.state = SALVE_DEVICE_STOPPED;
  status.battery = 255;
  status.channels = dev->info.channels > 1 ? 1 : 2;
  salve_msg_build_status (&out, dev->tx_seq++, &status);
  device_write (dev, &out);
  return FALSE;
}

/* Section 11: a STOP is confirmed by a STATUS since its answer "with
 * every output 0": every channel of the INFO, not of a STATUS that
 * counts them otherwise. */
static void
test_11_stop_confirmed_by_every_channel (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);

  start_and_ramp (stim, 2);
  dev->hook = ack_stop_report_other_channels;
  dev->quiet = TRUE;
  salve_stimulator_stop (stim);
  g_assert_false (wait_stop_confirmed (stim, 500));
  g_clear_object (&stim);
  device_free (dev);
}

/* Section 5: "the device sends STATUS at least every 250 ms": a device
 * that answers but reports nothing cannot have its output checked, and
 * is stopped. */
static void
test_5_status_required (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);

  start_and_ramp (stim, 1);
  dev->quiet = TRUE;
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_FAULT, 2000));
  g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_PROTOCOL);
  spin (50);
  g_assert_cmpuint (rx_at (dev, dev->rx->len - 1)->frame.type, ==, SALVE_MSG_STOP);
  g_clear_object (&stim);
  device_free (dev);
}

/* Section 11: one step of the host's own ramp above the target, never
 * more than Salve's bound allows in one ramp period (1 mA for TENS),
 * whatever ramp_increment the device claims. */
static void
test_11_allowance_bounded (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = NULL;
  SalveDeviceStatus status = { 0 };
  SalveFrame frame;

  dev->info.ramp_increment = 10000;   /* 10 mA a command */
  stim = connect_to (dev);
  start_and_ramp (stim, 5);
  spin (600);   /* past the grace of any lowering */
  dev->quiet = TRUE;
  status.state = SALVE_DEVICE_RUNNING;
  status.channels = 2;
  status.output[0] = status.output[1] = 7000;   /* 2 mA over, within the 10 mA it claims */
  salve_msg_build_status (&frame, dev->tx_seq++, &status);
  device_write (dev, &frame);
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_FAULT, 1000));
  g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUTPUT);
  g_clear_object (&stim);
  device_free (dev);
}

static gboolean
lose_everything (Device           *dev,
                 const SalveFrame *frame,
                 guint            *delay_ms)
{
  return FALSE;
}

/* Section 11: "Salve stops the device … on link loss (… 1 s without a
 * frame)": a STOP goes out before the port is given up, should the line
 * still carry it. */
static void
test_11_silence_sends_stop (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);
  guint before;

  start_and_ramp (stim, 1);
  dev->quiet = TRUE;
  dev->no_deadman = TRUE;   /* silent altogether: not even its own FAULT */
  dev->hook = lose_everything;
  before = count_type (dev, SALVE_MSG_STOP);
  /* Only the host's own link timeout may end this: neither the unanswered
   * heartbeats (which stop a device that still talks) nor a fault of the
   * device's, each of which sends a STOP of its own. */
  g_assert_true (wait_state (stim, SALVE_STIMULATOR_LINK_LOST, 3000));
  g_assert_error (salve_stimulator_get_last_error (stim), SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_LINK_LOST);
  g_assert_cmpstr (salve_stimulator_get_last_error (stim)->message, ==, "The device stopped answering");
  spin (500);
  g_assert_cmpuint (count_type (dev, SALVE_MSG_STOP), >, before);
  g_assert_cmpuint (rx_at (dev, dev->rx->len - 1)->frame.type, ==, SALVE_MSG_STOP);
  g_clear_object (&stim);
  device_free (dev);
}

/* 8. Version negotiation: HELLO carries version byte 1 and the range the
 * host speaks; every other frame carries the chosen version. */
static void
test_8_hello (void)
{
  Device *dev = device_new ();
  g_autoptr(SalveStimulator) stim = connect_to (dev);

  run_session (stim);
  g_clear_object (&stim);
  g_assert_cmpuint (rx_at (dev, 0)->frame.type, ==, SALVE_MSG_HELLO);
  g_assert_cmpuint (rx_at (dev, 0)->frame.length, ==, 2);
  g_assert_cmpuint (rx_at (dev, 0)->frame.payload[0], ==, 1);
  g_assert_cmpuint (rx_at (dev, 0)->frame.payload[1], ==, SALVE_PROTOCOL_VERSION);
  for (guint i = 0; i < dev->rx->len; i++)
    g_assert_cmpuint (rx_at (dev, i)->frame.version, ==, 1);
  device_free (dev);
}

int
main (int    argc,
      char **argv)
{
  salve_test_reexec_preloaded (argc, argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/conformance/1-safety/refused-value-stops", test_1_refused_value_stops);
  g_test_add_func ("/conformance/1-safety/fresh-intent-keeps-device-alive", test_1_fresh_intent_keeps_device_alive);
  g_test_add_func ("/conformance/2-physical/going-away-sends-stop", test_2_going_away_sends_stop);
  g_test_add_func ("/conformance/3-framing/receiver-accepts-any-escape", test_3_receiver_accepts_any_escape);
  g_test_add_func ("/conformance/3-framing/abort-flag-starts-next-frame", test_3_abort_flag_starts_next_frame);
  g_test_add_func ("/conformance/3-framing/receiver-drops-long-frame", test_3_receiver_drops_long_frame);
  g_test_add_func ("/conformance/4-messages/intensity-min-is-zero", test_4_intensity_min_is_zero);
  g_test_add_func ("/conformance/4-messages/ramp-increment-and-rate", test_4_ramp_increment_and_rate);
  g_test_add_func ("/conformance/11-host/coarse-grid-refused", test_11_coarse_grid_refused);
  g_test_add_func ("/conformance/11-host/no-heartbeat-after-final-stop", test_11_no_heartbeat_after_final_stop);
  g_test_add_func ("/conformance/4-messages/values-on-grid", test_4_values_on_grid);
  g_test_add_func ("/conformance/4-messages/status-channel-count", test_4_status_channel_count);
  g_test_add_func ("/conformance/4-messages/status-output-above-target", test_4_status_output_above_target);
  g_test_add_func ("/conformance/5-timing/seq-counts-up", test_5_seq_counts_up);
  g_test_add_func ("/conformance/5-timing/retry-is-a-new-frame", test_5_retry_is_a_new_frame);
  g_test_add_func ("/conformance/5-timing/stop-and-wait", test_5_stop_and_wait);
  g_test_add_func ("/conformance/5-timing/one-frame-device", test_5_one_frame_device);
  g_test_add_func ("/conformance/5-timing/one-frame-device-salvectl", test_5_one_frame_device_salvectl);
  g_test_add_func ("/conformance/5-timing/pause-waits-for-answer", test_5_pause_waits_for_answer);
  g_test_add_func ("/conformance/5-timing/stop-goes-out-at-once", test_5_stop_goes_out_at_once);
  g_test_add_func ("/conformance/5-timing/heartbeat-duty", test_5_heartbeat_duty);
  g_test_add_func ("/conformance/5-timing/heartbeat-counter-advances", test_5_heartbeat_counter_advances);
  g_test_add_func ("/conformance/5-timing/late-answer-discarded", test_5_late_answer_discarded);
  g_test_add_func ("/conformance/5-timing/stop-confirmed", test_5_stop_confirmed);
  g_test_add_func ("/conformance/11-host/stop-confirmed-by-every-channel", test_11_stop_confirmed_by_every_channel);
  g_test_add_func ("/conformance/11-host/state-changed-by-device", test_11_state_changed_by_device);
  g_test_add_func ("/conformance/5-timing/unanswered-stop", test_5_unanswered_stop);
  g_test_add_func ("/conformance/5-timing/status-required", test_5_status_required);
  g_test_add_func ("/conformance/11-host/output-after-stop", test_11_output_after_stop);
  g_test_add_func ("/conformance/11-host/allowance-bounded", test_11_allowance_bounded);
  g_test_add_func ("/conformance/11-host/silence-sends-stop", test_11_silence_sends_stop);
  g_test_add_func ("/conformance/5-timing/answer-deadline", test_5_answer_deadline);
  g_test_add_func ("/conformance/5-timing/intensity-misses", test_5_intensity_misses);
  g_test_add_func ("/conformance/5-timing/answer-misses", test_5_answer_misses);
  g_test_add_func ("/conformance/5-timing/deadman-fault", test_5_deadman_fault);
  g_test_add_func ("/conformance/5-timing/forgotten-connection", test_5_forgotten_connection);
  g_test_add_func ("/conformance/5-timing/forgotten-too-soon", test_5_forgotten_too_soon);
  g_test_add_func ("/conformance/8-version/hello", test_8_hello);

  return g_test_run ();
}
