/* salve-fw-device.c: the protocol logic of the reference firmware
 *
 * Every rule here is a rule of docs/protocol.md; where the document
 * leaves a choice open, the firmware does what the host
 * (src/devices/salve-stimulator.c) and the simulator (salve-stim-sim)
 * do, and the comment says so.
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "salve-fw-codec.h"
#include "salve-fw-device.h"
#include "salve-fw-hal.h"

#ifndef FW_VERSION
#define FW_VERSION "0.1.0"
#endif
#define FW_MODEL "Salve Reference ATmega328P"

#define PROTOCOL_VERSION  1
#define ALL_CHANNELS      0xFF
#define MAX_PARAMS        12

enum
{
  MSG_HELLO = 0x01,
  MSG_SET_LIMITS = 0x02,
  MSG_SET_PROGRAM = 0x03,
  MSG_SET_INTENSITY = 0x04,
  MSG_START = 0x05,
  MSG_PAUSE = 0x06,
  MSG_STOP = 0x07,
  MSG_HEARTBEAT = 0x08,
  MSG_ACK = 0x80,
  MSG_NAK = 0x81,
  MSG_INFO = 0x82,
  MSG_STATUS = 0x83,
  MSG_FAULT = 0x84,
};

enum
{
  NAK_UNKNOWN_TYPE = 0x01,
  NAK_BAD_LENGTH = 0x02,
  NAK_OUT_OF_RANGE = 0x03,
  NAK_BAD_STEP = 0x04,
  NAK_RISE_TOO_FAST = 0x05,
  NAK_BAD_STATE = 0x06,
  NAK_UNSUPPORTED_VERSION = 0x07,
  NAK_NO_HELLO = 0x08,
  NAK_FAULT_ACTIVE = 0x09,
  NAK_UNKNOWN_PARAM = 0x0B,
};

enum
{
  STATE_IDLE,
  STATE_RUNNING,
  STATE_PAUSED,
  STATE_STOPPED,
  STATE_FAULT,
};

enum
{
  PARAM_INTENSITY = 0x01,
  PARAM_FREQUENCY = 0x02,
  PARAM_PULSE_WIDTH = 0x03,
  PARAM_PROGRAM = 0x04,
};

enum
{
  FAULT_NONE = 0x00,
  FAULT_INTERNAL = 0x04,
  FAULT_LINK_TIMEOUT = 0x05,
};

#define MODALITY_TENS   1
#define CONTACT_UNKNOWN 2   /* this board cannot sense the electrodes */
#define BATTERY_MAINS   255

typedef struct
{
  uint8_t  param;
  uint32_t min;
  uint32_t max;
  uint32_t step;
} Range;

/* What INFO advertises; intensity first, its min 0. Every parameter the
 * device accepts is listed (program too: the host sends it). */
static const Range ranges[] = {
  { PARAM_INTENSITY, 0, FW_INTENSITY_MAX, FW_INTENSITY_STEP },
  { PARAM_FREQUENCY, 10, 2000, 10 },      /* 1–200 Hz in 0.1 Hz */
  { PARAM_PULSE_WIDTH, 50, 250, 10 },     /* µs */
  { PARAM_PROGRAM, 1, 9, 1 },
};
#define N_RANGES (sizeof ranges / sizeof ranges[0])

static struct
{
  FwDecoder decoder;
  uint8_t   tx_seq;

  uint8_t   hello;           /* a HELLO on this connection, dead-man not expired */
  uint8_t   have_last;
  uint8_t   last_seq;
  uint8_t   last_type;
  uint8_t   last_answer_type;   /* ACK or NAK */
  uint8_t   last_answer[3];
  uint8_t   last_answer_length;
  uint8_t   have_heartbeat;
  uint32_t  last_heartbeat;

  uint8_t   state;
  uint8_t   fault;
  uint32_t  elapsed_ms;
  uint16_t  status_due_ms;
  uint32_t  limit;           /* the host's intensity ceiling (SET_LIMITS) */
  uint32_t  values[N_RANGES];
  uint32_t  target[FW_CHANNELS];
  uint32_t  output[FW_CHANNELS];
  uint16_t  ramp_carry[FW_CHANNELS];   /* sub-µA remainder of the ramp, in µA/1000 */
} dev;

static void
put_u32 (uint8_t  *out,
         uint32_t  value)
{
  out[0] = (uint8_t) value;
  out[1] = (uint8_t) (value >> 8);
  out[2] = (uint8_t) (value >> 16);
  out[3] = (uint8_t) (value >> 24);
}

static uint32_t
get_u32 (const uint8_t *in)
{
  return (uint32_t) in[0] | (uint32_t) in[1] << 8 | (uint32_t) in[2] << 16 | (uint32_t) in[3] << 24;
}

static void
put_byte (uint8_t  byte,
          void    *user_data)
{
  (void) user_data;
  hal_put_byte (byte);
}

static void
send (uint8_t        type,
      const uint8_t *payload,
      uint8_t        length)
{
  fw_encode (PROTOCOL_VERSION, type, dev.tx_seq++, payload, length, put_byte, NULL);
}

static const Range *
range_of (uint8_t param)
{
  for (uint8_t i = 0; i < N_RANGES; i++)
    if (ranges[i].param == param)
      return &ranges[i];

  return NULL;
}

/* The last line of defence before the output stage: an output above its
 * target, the host's ceiling or the device's own maximum is never
 * written. It cannot happen with the logic below; if it ever does, the
 * output goes off and the device reports an internal fault. */
static uint8_t
apply_outputs (void)
{
  uint8_t ok = 1;

  for (uint8_t c = 0; c < FW_CHANNELS; c++)
    if (dev.output[c] > dev.target[c] || dev.output[c] > dev.limit ||
        dev.output[c] > FW_INTENSITY_MAX || (dev.output[c] > 0 && dev.state != STATE_RUNNING))
      ok = 0;

  for (uint8_t c = 0; c < FW_CHANNELS; c++)
    hal_set_output (c, ok ? dev.output[c] : 0);

  return ok;
}

static void
send_status (void)
{
  uint8_t payload[8 + 5 * FW_CHANNELS];

  payload[0] = dev.state;
  payload[1] = dev.fault;
  put_u32 (payload + 2, dev.elapsed_ms);
  payload[6] = BATTERY_MAINS;
  payload[7] = FW_CHANNELS;
  for (uint8_t c = 0; c < FW_CHANNELS; c++)
    {
      /* What is delivered now, down to the step (never more). */
      put_u32 (payload + 8 + 5 * c, dev.output[c] - dev.output[c] % FW_INTENSITY_STEP);
      payload[8 + 5 * c + 4] = CONTACT_UNKNOWN;
    }
  send (MSG_STATUS, payload, sizeof payload);
  dev.status_due_ms = FW_STATUS_EVERY_MS;
}

/* Output to 0 at once, targets 0: stop, pause, faults, dead-man. */
static void
output_off (void)
{
  for (uint8_t c = 0; c < FW_CHANNELS; c++)
    {
      dev.output[c] = 0;
      dev.target[c] = 0;
      dev.ramp_carry[c] = 0;
      hal_set_output (c, 0);
    }
}

static void
set_state (uint8_t state)
{
  if (state != STATE_RUNNING)
    output_off ();
  dev.state = state;
  if (dev.hello)
    send_status ();
}

static void
raise_fault (uint8_t code,
             uint8_t channel)
{
  uint8_t payload[2] = { code, channel };

  dev.fault = code;
  set_state (STATE_FAULT);
  send (MSG_FAULT, payload, sizeof payload);
}

static void
answer (uint8_t        type,
        const uint8_t *payload,
        uint8_t        length)
{
  dev.last_answer_type = type;
  memcpy (dev.last_answer, payload, length);
  dev.last_answer_length = length;
  send (type, payload, length);
}

static void
ack (uint8_t seq)
{
  answer (MSG_ACK, &seq, 1);
}

static void
nak (uint8_t seq,
     uint8_t code,
     uint8_t param)
{
  uint8_t payload[3] = { seq, code, param };

  answer (MSG_NAK, payload, sizeof payload);
}

/* 0 when @value is acceptable for @param, else the NAK code. */
static uint8_t
check_value (uint8_t  param,
             uint32_t value)
{
  const Range *range = range_of (param);

  if (range == NULL)
    return NAK_UNKNOWN_PARAM;
  if (value < range->min || value > range->max)
    return NAK_OUT_OF_RANGE;
  if ((value - range->min) % range->step != 0)
    return NAK_BAD_STEP;

  return 0;
}

static void
reset_session (void)
{
  dev.state = STATE_IDLE;
  dev.fault = FAULT_NONE;
  output_off ();
  dev.elapsed_ms = 0;
  dev.have_last = 0;
  dev.have_heartbeat = 0;
  dev.limit = FW_INTENSITY_MAX;
  for (uint8_t i = 0; i < N_RANGES; i++)
    dev.values[i] = ranges[i].min;
}

static void
handle_hello (const FwFrame *frame)
{
  uint8_t info[4 + 1 + sizeof FW_MODEL + 1 + sizeof FW_VERSION + 1 + 13 * N_RANGES + 8];
  uint8_t n = 0;

  if (frame->length != 2)
    return nak (frame->seq, NAK_BAD_LENGTH, 0);
  /* Only version 1 here: it must lie within the host's range. The
   * device stays as it was (no reset) when it does not. */
  if (frame->payload[0] > PROTOCOL_VERSION || frame->payload[1] < PROTOCOL_VERSION)
    return nak (frame->seq, NAK_UNSUPPORTED_VERSION, 0);

  /* A new connection: nothing of the last one survives. */
  reset_session ();
  dev.hello = 1;
  hal_deadman_restart ();

  info[n++] = PROTOCOL_VERSION;
  info[n++] = MODALITY_TENS;
  info[n++] = FW_CHANNELS;
  info[n++] = sizeof FW_MODEL - 1;
  memcpy (info + n, FW_MODEL, sizeof FW_MODEL - 1);
  n += sizeof FW_MODEL - 1;
  info[n++] = sizeof FW_VERSION - 1;
  memcpy (info + n, FW_VERSION, sizeof FW_VERSION - 1);
  n += sizeof FW_VERSION - 1;
  info[n++] = N_RANGES;
  for (uint8_t i = 0; i < N_RANGES; i++)
    {
      info[n++] = ranges[i].param;
      put_u32 (info + n, ranges[i].min);
      put_u32 (info + n + 4, ranges[i].max);
      put_u32 (info + n + 8, ranges[i].step);
      n += 12;
    }
  put_u32 (info + n, FW_RAMP_INCREMENT);
  put_u32 (info + n + 4, FW_RAMP_RATE);
  n += 8;

  send (MSG_INFO, info, n);
  ack (frame->seq);
  send_status ();
}

/* SET_LIMITS and SET_PROGRAM: n, then n × (param u8, value u32). All are
 * checked before any is applied. */
static void
handle_params (const FwFrame *frame)
{
  uint8_t n;

  if (frame->length < 1)
    return nak (frame->seq, NAK_BAD_LENGTH, 0);
  n = frame->payload[0];
  if (n > MAX_PARAMS || frame->length != 1 + 5 * n)
    return nak (frame->seq, NAK_BAD_LENGTH, 0);

  if (frame->type == MSG_SET_PROGRAM && (dev.state == STATE_RUNNING || dev.state == STATE_FAULT))
    return nak (frame->seq, NAK_BAD_STATE, 0);

  for (uint8_t i = 0; i < n; i++)
    {
      uint8_t param = frame->payload[1 + 5 * i];
      uint32_t value = get_u32 (frame->payload + 2 + 5 * i);
      uint8_t code;

      if (frame->type == MSG_SET_LIMITS)
        {
          /* Version 1: only the intensity has a ceiling. The simulator
           * and this firmware take the ceiling as sent (no step check)
           * and let a later SET_LIMITS raise it again, up to the
           * device's own maximum. */
          if (param != PARAM_INTENSITY)
            return nak (frame->seq, NAK_UNKNOWN_PARAM, param);
          if (value > FW_INTENSITY_MAX)
            return nak (frame->seq, NAK_OUT_OF_RANGE, param);
        }
      else if (param == PARAM_INTENSITY)
        return nak (frame->seq, NAK_UNKNOWN_PARAM, param);
      else if ((code = check_value (param, value)) != 0)
        return nak (frame->seq, code, param);
    }

  for (uint8_t i = 0; i < n; i++)
    {
      uint8_t param = frame->payload[1 + 5 * i];
      uint32_t value = get_u32 (frame->payload + 2 + 5 * i);

      if (frame->type == MSG_SET_LIMITS)
        {
          dev.limit = value;
          /* Targets and output above the new ceiling come down at once. */
          for (uint8_t c = 0; c < FW_CHANNELS; c++)
            {
              if (dev.target[c] > value)
                dev.target[c] = value;
              if (dev.output[c] > value)
                dev.output[c] = value;
            }
          apply_outputs ();
        }
      else
        dev.values[range_of (param) - ranges] = value;
    }

  ack (frame->seq);
}

static void
handle_set_intensity (const FwFrame *frame)
{
  uint8_t channel;
  uint32_t target;
  uint8_t code;

  if (frame->length != 5)
    return nak (frame->seq, NAK_BAD_LENGTH, 0);
  channel = frame->payload[0];
  target = get_u32 (frame->payload + 1);

  /* All checks first: nothing changes on a NAK. A channel that does not
   * exist is out of range, parameter 0 (as the simulator answers). */
  if (channel != ALL_CHANNELS && channel >= FW_CHANNELS)
    return nak (frame->seq, NAK_OUT_OF_RANGE, 0);
  if (target > 0 && dev.state != STATE_RUNNING)
    return nak (frame->seq, NAK_BAD_STATE, PARAM_INTENSITY);
  if ((code = check_value (PARAM_INTENSITY, target)) != 0)
    return nak (frame->seq, code, PARAM_INTENSITY);
  if (target > dev.limit)
    return nak (frame->seq, NAK_OUT_OF_RANGE, PARAM_INTENSITY);
  for (uint8_t c = 0; c < FW_CHANNELS; c++)
    if ((channel == ALL_CHANNELS || channel == c) && target > dev.target[c] + FW_RAMP_INCREMENT)
      return nak (frame->seq, NAK_RISE_TOO_FAST, PARAM_INTENSITY);

  for (uint8_t c = 0; c < FW_CHANNELS; c++)
    {
      if (channel != ALL_CHANNELS && channel != c)
        continue;
      dev.target[c] = target;
      /* Lower targets at once; higher ones by the ramp (tick). */
      if (dev.output[c] > target)
        dev.output[c] = target;
    }
  apply_outputs ();
  ack (frame->seq);
}

/* The dead-man timer expired: the board has switched the outputs off
 * from its timer interrupt already; here the state follows, and the
 * host is told. Runs before any frame and any tick, so that a frame that
 * arrives just after the expiry finds the connection gone (it would
 * otherwise restart the timer and the ramp would turn the output on
 * again). */
static void
deadman_aftermath (void)
{
  uint8_t was_on;

  if (!hal_deadman_take_fired ())
    return;

  was_on = dev.state == STATE_RUNNING || dev.state == STATE_PAUSED;
  output_off ();
  dev.hello = 0;
  hal_deadman_disarm ();
  if (was_on)
    {
      uint8_t payload[2] = { FAULT_LINK_TIMEOUT, ALL_CHANNELS };

      dev.state = STATE_STOPPED;
      send (MSG_FAULT, payload, sizeof payload);
    }
}

static void
handle_frame (const FwFrame *frame)
{
  deadman_aftermath ();

  /* HELLO: accepted with any version byte, and always executed
   * (resetting is idempotent; a host that restarts its numbering must not
   * find its HELLO taken for a repeat). */
  if (frame->type == MSG_HELLO)
    {
      handle_hello (frame);
      dev.have_last = 1;
      dev.last_seq = frame->seq;
      dev.last_type = frame->type;
      return;
    }

  /* Another version than the chosen one (or, before any HELLO, than
   * version 1): dropped. */
  if (frame->version != PROTOCOL_VERSION)
    return;

  if (!dev.hello)
    return nak (frame->seq, NAK_NO_HELLO, 0);

  /* A repeat of the frame executed last: the same answer again (with a
   * new device seq, as every device frame has), nothing executed, and no
   * sign of life for the dead-man timer. */
  if (dev.have_last && frame->seq == dev.last_seq && frame->type == dev.last_type)
    {
      send (dev.last_answer_type, dev.last_answer, dev.last_answer_length);
      return;
    }
  /* Every other frame counts as executed, NAKed ones too. */
  dev.have_last = 1;
  dev.last_seq = frame->seq;
  dev.last_type = frame->type;

  if (frame->type == MSG_HEARTBEAT)
    {
      uint32_t counter;

      if (frame->length != 4)
        return nak (frame->seq, NAK_BAD_LENGTH, 0);
      counter = get_u32 (frame->payload);
      if (!dev.have_heartbeat || (int32_t) (counter - dev.last_heartbeat) > 0)
        hal_deadman_restart ();
      dev.have_heartbeat = 1;
      dev.last_heartbeat = counter;
      return ack (frame->seq);
    }

  /* Fresh intent: a new seq. Not a frame of the device's own types (0x80
   * and up): an echo on the line brings the device's frames back, each
   * NAKed 0x01, whose NAK comes back too, and would keep the output on
   * with no host at all. */
  if (frame->type < MSG_ACK)
    hal_deadman_restart ();

  switch (frame->type)
    {
    case MSG_SET_LIMITS:
    case MSG_SET_PROGRAM:
      handle_params (frame);
      break;

    case MSG_SET_INTENSITY:
      handle_set_intensity (frame);
      break;

    case MSG_START:
      if (frame->length != 0)
        return nak (frame->seq, NAK_BAD_LENGTH, 0);
      if (dev.state == STATE_FAULT)
        return nak (frame->seq, NAK_FAULT_ACTIVE, 0);
      ack (frame->seq);
      if (dev.state == STATE_RUNNING)
        break;
      if (dev.state != STATE_PAUSED)
        dev.elapsed_ms = 0;
      set_state (STATE_RUNNING);
      break;

    case MSG_PAUSE:
      if (frame->length != 0)
        return nak (frame->seq, NAK_BAD_LENGTH, 0);
      if (dev.state != STATE_RUNNING && dev.state != STATE_PAUSED)
        return nak (frame->seq, NAK_BAD_STATE, 0);
      ack (frame->seq);
      set_state (STATE_PAUSED);
      break;

    case MSG_STOP:
      /* Always: whatever the payload, whatever the state. This board
       * has no fault cause that could persist, so STOP clears it. */
      output_off ();
      dev.fault = FAULT_NONE;
      ack (frame->seq);
      set_state (STATE_STOPPED);
      break;

    default:
      nak (frame->seq, NAK_UNKNOWN_TYPE, 0);
      break;
    }
}

void
fw_device_init (void)
{
  memset (&dev, 0, sizeof dev);
  fw_decoder_init (&dev.decoder);
  reset_session ();
  hal_deadman_disarm ();
}

void
fw_device_rx_byte (uint8_t byte)
{
  FwFrame frame;

  if (fw_decoder_push (&dev.decoder, byte, &frame) == FW_DECODE_FRAME)
    handle_frame (&frame);
}

void
fw_device_tick_ms (void)
{
  deadman_aftermath ();

  if (dev.state == STATE_RUNNING)
    {
      uint8_t changed = 0;

      dev.elapsed_ms++;
      /* The ramp: at most FW_RAMP_RATE µA per second towards the target. */
      for (uint8_t c = 0; c < FW_CHANNELS; c++)
        if (dev.output[c] < dev.target[c])
          {
            uint32_t step = FW_RAMP_RATE / 1000;

            dev.ramp_carry[c] += FW_RAMP_RATE % 1000;
            if (dev.ramp_carry[c] >= 1000)
              {
                dev.ramp_carry[c] -= 1000;
                step++;
              }
            dev.output[c] = dev.target[c] - dev.output[c] > step ? dev.output[c] + step : dev.target[c];
            changed = 1;
          }
      if (changed && !apply_outputs ())
        raise_fault (FAULT_INTERNAL, ALL_CHANNELS);
    }

  if (dev.hello && --dev.status_due_ms == 0)
    send_status ();
}
