/* salve-protocol.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-protocol"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "salve-protocol.h"

G_DEFINE_QUARK (salve-protocol-error-quark, salve_protocol_error)

typedef struct
{
  const char *id;
  const char *name;
} ParamEntry;

static const ParamEntry params[SALVE_WIRE_LAST + 1] = {
  [SALVE_WIRE_INTENSITY]   = { "intensity",   N_("Intensity") },
  [SALVE_WIRE_FREQUENCY]   = { "frequency",   N_("Frequency") },
  [SALVE_WIRE_PULSE_WIDTH] = { "pulse-width", N_("Pulse width") },
  [SALVE_WIRE_PROGRAM]     = { "program",     N_("Program") },
  [SALVE_WIRE_ON_TIME]     = { "on-time",     N_("On time") },
  [SALVE_WIRE_OFF_TIME]    = { "off-time",    N_("Off time") },
  [SALVE_WIRE_RAMP_TIME]   = { "ramp-time",   N_("Ramp time") },
  [SALVE_WIRE_WAVELENGTH]  = { "wavelength",  N_("Wavelength") },
};

static gboolean
param_is_valid (SalveWireParam param)
{
  return param >= SALVE_WIRE_INTENSITY && param <= SALVE_WIRE_LAST;
}

const char *
salve_wire_param_to_id (SalveWireParam param)
{
  return param_is_valid (param) ? params[param].id : "unknown";
}

gboolean
salve_wire_param_from_id (const char *id,
                     SalveWireParam *param)
{
  for (guint i = SALVE_WIRE_INTENSITY; i <= SALVE_WIRE_LAST; i++)
    {
      if (g_strcmp0 (params[i].id, id) == 0)
        {
          *param = (SalveWireParam) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
salve_wire_param_get_name (SalveWireParam param)
{
  return param_is_valid (param) ? _(params[param].name) : "?";
}

const char *
salve_wire_param_get_unit (SalveWireParam    param,
                      SalveModality modality)
{
  switch (param)
    {
    case SALVE_WIRE_INTENSITY:
      switch (modality)
        {
        case SALVE_MODALITY_LASER: return "mW";
        case SALVE_MODALITY_PEMF:  return "µT";
        case SALVE_MODALITY_TENS:
        case SALVE_MODALITY_NMES:
        case SALVE_N_MODALITIES:
        default:                   return "mA";
        }
    case SALVE_WIRE_FREQUENCY:   return "Hz";
    case SALVE_WIRE_PULSE_WIDTH: return "µs";
    case SALVE_WIRE_ON_TIME:
    case SALVE_WIRE_OFF_TIME:
    case SALVE_WIRE_RAMP_TIME:   return "s";
    case SALVE_WIRE_WAVELENGTH:  return "nm";
    case SALVE_WIRE_PROGRAM:
    default:                      return "";
    }
}

guint32
salve_wire_param_get_scale (SalveWireParam    param,
                       SalveModality modality)
{
  switch (param)
    {
    case SALVE_WIRE_INTENSITY:
      return (modality == SALVE_MODALITY_TENS || modality == SALVE_MODALITY_NMES) ? 1000 : 10;
    case SALVE_WIRE_FREQUENCY:
    case SALVE_WIRE_ON_TIME:
    case SALVE_WIRE_OFF_TIME:
    case SALVE_WIRE_RAMP_TIME:
      return 10;
    case SALVE_WIRE_PULSE_WIDTH:
    case SALVE_WIRE_PROGRAM:
    case SALVE_WIRE_WAVELENGTH:
    default:
      return 1;
    }
}

double
salve_wire_param_to_display (SalveWireParam    param,
                        SalveModality modality,
                        guint32       wire)
{
  return (double) wire / salve_wire_param_get_scale (param, modality);
}

gboolean
salve_wire_param_from_display (SalveWireParam    param,
                          SalveModality modality,
                          double        value,
                          guint32      *wire)
{
  double scaled;

  if (!isfinite (value) || value < 0)
    return FALSE;

  scaled = round (value * salve_wire_param_get_scale (param, modality));
  if (scaled > (double) G_MAXUINT32)
    return FALSE;

  *wire = (guint32) scaled;
  return TRUE;
}

const char *
salve_msg_type_to_string (guint8 type)
{
  switch (type)
    {
    case SALVE_MSG_HELLO:         return "hello";
    case SALVE_MSG_SET_LIMITS:    return "set-limits";
    case SALVE_MSG_SET_PROGRAM:   return "set-program";
    case SALVE_MSG_SET_INTENSITY: return "set-intensity";
    case SALVE_MSG_START:         return "start";
    case SALVE_MSG_PAUSE:         return "pause";
    case SALVE_MSG_STOP:          return "stop";
    case SALVE_MSG_HEARTBEAT:     return "heartbeat";
    case SALVE_MSG_ACK:           return "ack";
    case SALVE_MSG_NAK:           return "nak";
    case SALVE_MSG_INFO:          return "info";
    case SALVE_MSG_STATUS:        return "status";
    case SALVE_MSG_FAULT:         return "fault";
    default:                      return "unknown";
    }
}

const char *
salve_nak_code_to_string (guint8 code)
{
  switch (code)
    {
    case SALVE_NAK_UNKNOWN_TYPE:        return _("unknown message type");
    case SALVE_NAK_BAD_LENGTH:          return _("wrong payload length");
    case SALVE_NAK_OUT_OF_RANGE:        return _("value out of range");
    case SALVE_NAK_BAD_STEP:            return _("value not a multiple of the step");
    case SALVE_NAK_RISE_TOO_FAST:       return _("intensity rises too fast");
    case SALVE_NAK_BAD_STATE:           return _("not allowed in this state");
    case SALVE_NAK_UNSUPPORTED_VERSION: return _("unsupported protocol version");
    case SALVE_NAK_NO_HELLO:            return _("no hello yet");
    case SALVE_NAK_FAULT_ACTIVE:        return _("a fault is active");
    case SALVE_NAK_REFUSED:             return _("refused by the device");
    case SALVE_NAK_UNKNOWN_PARAM:       return _("unknown parameter");
    default:                            return _("unknown error");
    }
}

const char *
salve_fault_code_to_string (guint8 code)
{
  switch (code)
    {
    case SALVE_FAULT_NONE:          return _("no fault");
    case SALVE_FAULT_ELECTRODE_OFF: return _("electrode off the skin");
    case SALVE_FAULT_OVER_CURRENT:  return _("over-current");
    case SALVE_FAULT_LOW_BATTERY:   return _("battery too low");
    case SALVE_FAULT_INTERNAL:      return _("internal device error");
    case SALVE_FAULT_LINK_TIMEOUT:  return _("no command from the computer for 1 s");
    default:                        return _("unknown fault");
    }
}

const char *
salve_device_state_to_id (SalveDeviceState state)
{
  switch (state)
    {
    case SALVE_DEVICE_IDLE:    return "idle";
    case SALVE_DEVICE_RUNNING: return "running";
    case SALVE_DEVICE_PAUSED:  return "paused";
    case SALVE_DEVICE_STOPPED: return "stopped";
    case SALVE_DEVICE_FAULT:   return "fault";
    default:                   return "unknown";
    }
}

guint8
salve_modality_to_wire (SalveModality modality)
{
  return (guint8) (modality + 1);
}

gboolean
salve_modality_from_wire (guint8         wire,
                          SalveModality *modality)
{
  if (wire < 1 || wire > SALVE_N_MODALITIES)
    return FALSE;

  *modality = (SalveModality) (wire - 1);
  return TRUE;
}

const SalveWireRange *
salve_device_info_get_range (const SalveDeviceInfo *info,
                             SalveWireParam             param)
{
  g_return_val_if_fail (info != NULL, NULL);

  for (guint i = 0; i < info->n_params && i < SALVE_PROTOCOL_MAX_PARAMS; i++)
    if (info->params[i].param == param)
      return &info->params[i];

  return NULL;
}

SalveOutputCheck
salve_output_check (guint32 output,
                    guint32 commanded,
                    guint32 tolerance,
                    guint32 limit)
{
  if (output > MAX (limit, commanded))
    return SALVE_OUTPUT_ABOVE_LIMIT;
  /* commanded + tolerance, saturating. */
  if (output > commanded && output - commanded > tolerance)
    return SALVE_OUTPUT_ABOVE_TARGET;

  return SALVE_OUTPUT_OK;
}

void
salve_msg_init (SalveFrame *frame,
                guint8      type,
                guint8      seq)
{
  frame->version = SALVE_PROTOCOL_VERSION;
  frame->type = type;
  frame->seq = seq;
  frame->length = 0;
}

gboolean
salve_msg_put_u8 (SalveFrame *frame,
                  guint8      value)
{
  if (frame->length + 1 > SALVE_FRAME_MAX_PAYLOAD)
    return FALSE;

  frame->payload[frame->length++] = value;
  return TRUE;
}

/* Multi-byte integers are little-endian on the wire. */
gboolean
salve_msg_put_u32 (SalveFrame *frame,
                   guint32     value)
{
  if (frame->length + 4 > SALVE_FRAME_MAX_PAYLOAD)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    frame->payload[frame->length++] = (value >> (8 * i)) & 0xFF;
  return TRUE;
}

guint32
salve_msg_get_u32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

void
salve_msg_build_hello (SalveFrame *frame,
                       guint8      seq)
{
  salve_msg_init (frame, SALVE_MSG_HELLO, seq);
  salve_msg_put_u8 (frame, SALVE_PROTOCOL_VERSION);  /* lowest version spoken */
  salve_msg_put_u8 (frame, SALVE_PROTOCOL_VERSION);  /* highest version spoken */
}

void
salve_msg_build_heartbeat (SalveFrame *frame,
                           guint8      seq,
                           guint32     host_ms)
{
  salve_msg_init (frame, SALVE_MSG_HEARTBEAT, seq);
  salve_msg_put_u32 (frame, host_ms);
}

void
salve_msg_build_intensity (SalveFrame *frame,
                           guint8      seq,
                           guint8      channel,
                           guint32     target)
{
  salve_msg_init (frame, SALVE_MSG_SET_INTENSITY, seq);
  salve_msg_put_u8 (frame, channel);
  salve_msg_put_u32 (frame, target);
}

gboolean
salve_msg_build_params (SalveFrame            *frame,
                        guint8                 type,
                        guint8                 seq,
                        const SalveWireValue *values,
                        guint                  n_values)
{
  if (n_values > SALVE_PROTOCOL_MAX_PARAMS)
    return FALSE;

  salve_msg_init (frame, type, seq);
  salve_msg_put_u8 (frame, (guint8) n_values);
  for (guint i = 0; i < n_values; i++)
    {
      salve_msg_put_u8 (frame, values[i].param);
      salve_msg_put_u32 (frame, values[i].value);
    }

  return TRUE;
}

void
salve_msg_build_ack (SalveFrame *frame,
                     guint8      seq,
                     guint8      acked_seq)
{
  salve_msg_init (frame, SALVE_MSG_ACK, seq);
  salve_msg_put_u8 (frame, acked_seq);
}

void
salve_msg_build_nak (SalveFrame *frame,
                     guint8      seq,
                     guint8      nakked_seq,
                     guint8      code,
                     guint8      param)
{
  salve_msg_init (frame, SALVE_MSG_NAK, seq);
  salve_msg_put_u8 (frame, nakked_seq);
  salve_msg_put_u8 (frame, code);
  salve_msg_put_u8 (frame, param);
}

void
salve_msg_build_fault (SalveFrame *frame,
                       guint8      seq,
                       guint8      code,
                       guint8      channel)
{
  salve_msg_init (frame, SALVE_MSG_FAULT, seq);
  salve_msg_put_u8 (frame, code);
  salve_msg_put_u8 (frame, channel);
}

static void
put_text (SalveFrame *frame,
          const char *text)
{
  gsize length = MIN (strlen (text), SALVE_PROTOCOL_MAX_TEXT);

  salve_msg_put_u8 (frame, (guint8) length);
  for (gsize i = 0; i < length; i++)
    salve_msg_put_u8 (frame, (guint8) text[i]);
}

gboolean
salve_msg_build_info (SalveFrame            *frame,
                      guint8                 seq,
                      const SalveDeviceInfo *info)
{
  if (info->n_params > SALVE_PROTOCOL_MAX_PARAMS || info->channels > SALVE_PROTOCOL_MAX_CHANNELS)
    return FALSE;

  salve_msg_init (frame, SALVE_MSG_INFO, seq);
  salve_msg_put_u8 (frame, info->version);
  salve_msg_put_u8 (frame, salve_modality_to_wire (info->modality));
  salve_msg_put_u8 (frame, info->channels);
  put_text (frame, info->model);
  put_text (frame, info->firmware);
  salve_msg_put_u8 (frame, info->n_params);
  for (guint i = 0; i < info->n_params; i++)
    {
      salve_msg_put_u8 (frame, info->params[i].param);
      salve_msg_put_u32 (frame, info->params[i].min);
      salve_msg_put_u32 (frame, info->params[i].max);
      salve_msg_put_u32 (frame, info->params[i].step);
    }
  salve_msg_put_u32 (frame, info->ramp_increment);
  return salve_msg_put_u32 (frame, info->ramp_rate);
}

void
salve_msg_build_status (SalveFrame              *frame,
                        guint8                   seq,
                        const SalveDeviceStatus *status)
{
  guint8 channels = MIN (status->channels, SALVE_PROTOCOL_MAX_CHANNELS);

  salve_msg_init (frame, SALVE_MSG_STATUS, seq);
  salve_msg_put_u8 (frame, status->state);
  salve_msg_put_u8 (frame, status->fault);
  salve_msg_put_u32 (frame, status->elapsed_ms);
  salve_msg_put_u8 (frame, status->battery);
  salve_msg_put_u8 (frame, channels);
  for (guint i = 0; i < channels; i++)
    {
      salve_msg_put_u32 (frame, status->output[i]);
      salve_msg_put_u8 (frame, status->contact[i]);
    }
}

static gboolean
malformed (GError     **error,
           const char  *what)
{
  g_set_error (error, SALVE_PROTOCOL_ERROR, SALVE_PROTOCOL_ERROR_MALFORMED,
               _("The device sent a malformed “%s” message"), what);
  return FALSE;
}

gboolean
salve_msg_parse_hello (const SalveFrame  *frame,
                       guint8            *min_version,
                       guint8            *max_version,
                       GError           **error)
{
  if (frame->type != SALVE_MSG_HELLO || frame->length != 2)
    return malformed (error, "hello");

  *min_version = frame->payload[0];
  *max_version = frame->payload[1];
  return TRUE;
}

gboolean
salve_msg_parse_params (const SalveFrame  *frame,
                        SalveWireValue   *values,
                        guint             *n_values,
                        GError           **error)
{
  guint n;

  if (frame->length < 1)
    return malformed (error, salve_msg_type_to_string (frame->type));

  n = frame->payload[0];
  if (n > SALVE_PROTOCOL_MAX_PARAMS || frame->length != 1 + 5 * n)
    return malformed (error, salve_msg_type_to_string (frame->type));

  for (guint i = 0; i < n; i++)
    {
      values[i].param = frame->payload[1 + 5 * i];
      values[i].value = salve_msg_get_u32 (frame->payload + 2 + 5 * i);
    }
  *n_values = n;

  return TRUE;
}

/* A bounds-checked reader over a payload. */
typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         pos;
  gboolean      ok;
} Reader;

static guint8
read_u8 (Reader *r)
{
  if (!r->ok || r->pos + 1 > r->length)
    {
      r->ok = FALSE;
      return 0;
    }
  return r->data[r->pos++];
}

static guint32
read_u32 (Reader *r)
{
  guint32 value;

  if (!r->ok || r->pos + 4 > r->length)
    {
      r->ok = FALSE;
      return 0;
    }
  value = salve_msg_get_u32 (r->data + r->pos);
  r->pos += 4;
  return value;
}

static void
read_text (Reader *r,
           char   *out)
{
  guint8 length = read_u8 (r);

  out[0] = '\0';
  if (!r->ok || length > SALVE_PROTOCOL_MAX_TEXT || r->pos + length > r->length)
    {
      r->ok = FALSE;
      return;
    }
  for (guint i = 0; i < length; i++)
    {
      guint8 c = r->data[r->pos + i];
      /* Keep only printable ASCII: the text ends up in the UI and logs. */
      out[i] = (c >= 0x20 && c < 0x7F) ? (char) c : '?';
    }
  out[length] = '\0';
  r->pos += length;
}

gboolean
salve_msg_parse_info (const SalveFrame  *frame,
                      SalveDeviceInfo   *info,
                      GError           **error)
{
  Reader r = { frame->payload, frame->length, 0, TRUE };
  guint8 modality;

  memset (info, 0, sizeof *info);
  if (frame->type != SALVE_MSG_INFO)
    return malformed (error, "info");

  info->version = read_u8 (&r);
  modality = read_u8 (&r);
  info->channels = read_u8 (&r);
  read_text (&r, info->model);
  read_text (&r, info->firmware);
  info->n_params = read_u8 (&r);
  if (!r.ok || info->n_params > SALVE_PROTOCOL_MAX_PARAMS)
    return malformed (error, "info");
  for (guint i = 0; i < info->n_params; i++)
    {
      info->params[i].param = read_u8 (&r);
      info->params[i].min = read_u32 (&r);
      info->params[i].max = read_u32 (&r);
      info->params[i].step = read_u32 (&r);
    }
  info->ramp_increment = read_u32 (&r);
  info->ramp_rate = read_u32 (&r);

  if (!r.ok || r.pos != r.length)
    return malformed (error, "info");
  if (!salve_modality_from_wire (modality, &info->modality))
    return malformed (error, "info");
  if (info->channels < 1 || info->channels > SALVE_PROTOCOL_MAX_CHANNELS)
    return malformed (error, "info");
  for (guint i = 0; i < info->n_params; i++)
    {
      if (info->params[i].step == 0 || info->params[i].min > info->params[i].max)
        return malformed (error, "info");
      /* Listed twice, a parameter would have two ranges. */
      for (guint j = 0; j < i; j++)
        if (info->params[j].param == info->params[i].param)
          return malformed (error, "info");
    }

  return TRUE;
}

gboolean
salve_msg_parse_status (const SalveFrame   *frame,
                        SalveDeviceStatus  *status,
                        GError            **error)
{
  Reader r = { frame->payload, frame->length, 0, TRUE };

  memset (status, 0, sizeof *status);
  if (frame->type != SALVE_MSG_STATUS)
    return malformed (error, "status");

  status->state = read_u8 (&r);
  status->fault = read_u8 (&r);
  status->elapsed_ms = read_u32 (&r);
  status->battery = read_u8 (&r);
  status->channels = read_u8 (&r);
  if (!r.ok || status->channels > SALVE_PROTOCOL_MAX_CHANNELS || status->state > SALVE_DEVICE_FAULT)
    return malformed (error, "status");
  for (guint i = 0; i < status->channels; i++)
    {
      status->output[i] = read_u32 (&r);
      status->contact[i] = read_u8 (&r);
    }

  if (!r.ok || r.pos != r.length)
    return malformed (error, "status");

  return TRUE;
}
