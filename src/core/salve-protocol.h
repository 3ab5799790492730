/* salve-protocol.h: messages of the Salve stimulator protocol (no I/O)
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "salve-frame.h"
#include "salve-ids.h"

G_BEGIN_DECLS

/* docs/protocol.md is the normative text; the numbers here must match it
 * (tests/test-core-frame.c checks the worked examples). */
#define SALVE_PROTOCOL_VERSION        1
#define SALVE_PROTOCOL_MAX_CHANNELS   8
#define SALVE_PROTOCOL_MAX_PARAMS     12
#define SALVE_PROTOCOL_MAX_TEXT       32
/* Timing contract (milliseconds). */
#define SALVE_PROTOCOL_HEARTBEAT_MS   250   /* host: at most this between frames */
#define SALVE_PROTOCOL_DEADMAN_MS     1000  /* device: stop after this much silence */
#define SALVE_PROTOCOL_STATUS_MS      250   /* device: status at least this often */
#define SALVE_PROTOCOL_ALL_CHANNELS   0xFF

typedef enum
{
  /* host → device */
  SALVE_MSG_HELLO         = 0x01,
  SALVE_MSG_SET_LIMITS    = 0x02,
  SALVE_MSG_SET_PROGRAM   = 0x03,
  SALVE_MSG_SET_INTENSITY = 0x04,
  SALVE_MSG_START         = 0x05,
  SALVE_MSG_PAUSE         = 0x06,
  SALVE_MSG_STOP          = 0x07,
  SALVE_MSG_HEARTBEAT     = 0x08,
  /* device → host */
  SALVE_MSG_ACK           = 0x80,
  SALVE_MSG_NAK           = 0x81,
  SALVE_MSG_INFO          = 0x82,
  SALVE_MSG_STATUS        = 0x83,
  SALVE_MSG_FAULT         = 0x84,
} SalveMsgType;

typedef enum
{
  SALVE_NAK_UNKNOWN_TYPE        = 0x01,
  SALVE_NAK_BAD_LENGTH          = 0x02,
  SALVE_NAK_OUT_OF_RANGE        = 0x03,
  SALVE_NAK_BAD_STEP            = 0x04,
  SALVE_NAK_RISE_TOO_FAST       = 0x05,
  SALVE_NAK_BAD_STATE           = 0x06,
  SALVE_NAK_UNSUPPORTED_VERSION = 0x07,
  SALVE_NAK_NO_HELLO            = 0x08,
  SALVE_NAK_FAULT_ACTIVE        = 0x09,
  SALVE_NAK_REFUSED             = 0x0A,
  SALVE_NAK_UNKNOWN_PARAM       = 0x0B,
} SalveNakCode;

typedef enum
{
  SALVE_DEVICE_IDLE    = 0,
  SALVE_DEVICE_RUNNING = 1,
  SALVE_DEVICE_PAUSED  = 2,
  SALVE_DEVICE_STOPPED = 3,
  SALVE_DEVICE_FAULT   = 4,
} SalveDeviceState;

typedef enum
{
  SALVE_FAULT_NONE          = 0x00,
  SALVE_FAULT_ELECTRODE_OFF = 0x01,
  SALVE_FAULT_OVER_CURRENT  = 0x02,
  SALVE_FAULT_LOW_BATTERY   = 0x03,
  SALVE_FAULT_INTERNAL      = 0x04,
  SALVE_FAULT_LINK_TIMEOUT  = 0x05,
} SalveFaultCode;

typedef enum
{
  SALVE_WIRE_INTENSITY   = 0x01,  /* TENS/NMES µA, laser 0.1 mW, PEMF 0.1 µT */
  SALVE_WIRE_FREQUENCY   = 0x02,  /* 0.1 Hz */
  SALVE_WIRE_PULSE_WIDTH = 0x03,  /* µs */
  SALVE_WIRE_PROGRAM     = 0x04,  /* number */
  SALVE_WIRE_ON_TIME     = 0x05,  /* 0.1 s */
  SALVE_WIRE_OFF_TIME    = 0x06,  /* 0.1 s */
  SALVE_WIRE_RAMP_TIME   = 0x07,  /* 0.1 s */
  SALVE_WIRE_WAVELENGTH  = 0x08,  /* nm */
  SALVE_WIRE_LAST        = SALVE_WIRE_WAVELENGTH,
} SalveWireParam;

typedef struct
{
  guint8  param;
  guint32 min;
  guint32 max;
  guint32 step;
} SalveWireRange;

typedef struct
{
  guint8          version;
  SalveModality   modality;
  guint8          channels;
  char            model[SALVE_PROTOCOL_MAX_TEXT + 1];
  char            firmware[SALVE_PROTOCOL_MAX_TEXT + 1];
  guint8          n_params;
  SalveWireRange params[SALVE_PROTOCOL_MAX_PARAMS];
  /* Intensity: the largest rise of the target one SET_INTENSITY may ask
   * for, and how fast the output follows (wire units per second). */
  guint32         ramp_increment;
  guint32         ramp_rate;
} SalveDeviceInfo;

typedef struct
{
  SalveDeviceState state;
  SalveFaultCode   fault;
  guint32          elapsed_ms;
  guint8           battery;    /* percent, 255 = mains powered */
  guint8           channels;
  guint32          output[SALVE_PROTOCOL_MAX_CHANNELS];
  guint8           contact[SALVE_PROTOCOL_MAX_CHANNELS];  /* 0 off, 1 on, 2 unknown */
} SalveDeviceStatus;

typedef struct
{
  guint8  param;
  guint32 value;
} SalveWireValue;

#define SALVE_PROTOCOL_ERROR (salve_protocol_error_quark ())

typedef enum
{
  SALVE_PROTOCOL_ERROR_MALFORMED,
  SALVE_PROTOCOL_ERROR_VERSION,
} SalveProtocolError;

GQuark       salve_protocol_error_quark (void);

/* Names and units. */
const char  *salve_wire_param_to_id          (SalveWireParam param);
gboolean     salve_wire_param_from_id        (const char *id,
                                         SalveWireParam *param);
const char  *salve_wire_param_get_name       (SalveWireParam param);
const char  *salve_wire_param_get_unit       (SalveWireParam    param,
                                         SalveModality modality);
/* Wire units per display unit, e.g. 1000 for TENS intensity (µA per mA). */
guint32      salve_wire_param_get_scale      (SalveWireParam    param,
                                         SalveModality modality);
double       salve_wire_param_to_display     (SalveWireParam    param,
                                         SalveModality modality,
                                         guint32       wire);
/* Rounds to the nearest wire unit; FALSE when negative, not finite or too big. */
gboolean     salve_wire_param_from_display   (SalveWireParam    param,
                                         SalveModality modality,
                                         double        value,
                                         guint32      *wire);
const char  *salve_msg_type_to_string   (guint8 type);
const char  *salve_nak_code_to_string   (guint8 code);
const char  *salve_fault_code_to_string (guint8 code);
const char  *salve_device_state_to_id   (SalveDeviceState state);
guint8       salve_modality_to_wire     (SalveModality modality);
gboolean     salve_modality_from_wire   (guint8         wire,
                                         SalveModality *modality);

const SalveWireRange *salve_device_info_get_range (const SalveDeviceInfo *info,
                                                    SalveWireParam             param);

/* The host's check of what a STATUS reports (docs/protocol.md, section
 * 11): a channel's output, in wire units, against @commanded (the highest
 * target the device may be following now), @tolerance (how far above it
 * an output may be: one ramp increment) and @limit (the lowest of the
 * device's range, the modality's hard limit and the profile's ceiling).
 * Above @limit is refused whatever was commanded, unless @commanded is
 * itself higher (a limit lowered a moment ago that the device has not
 * followed yet). No overflow: 0xFFFFFFFF is simply above everything. */
typedef enum
{
  SALVE_OUTPUT_OK,
  SALVE_OUTPUT_ABOVE_TARGET,
  SALVE_OUTPUT_ABOVE_LIMIT,
} SalveOutputCheck;

SalveOutputCheck salve_output_check (guint32 output,
                                     guint32 commanded,
                                     guint32 tolerance,
                                     guint32 limit);

/* Building frames: each starts a frame of @type with @seq. */
void         salve_msg_init             (SalveFrame   *frame,
                                         guint8        type,
                                         guint8        seq);
gboolean     salve_msg_put_u8           (SalveFrame   *frame,
                                         guint8        value);
gboolean     salve_msg_put_u32          (SalveFrame   *frame,
                                         guint32       value);

void         salve_msg_build_hello      (SalveFrame   *frame,
                                         guint8        seq);
void         salve_msg_build_heartbeat  (SalveFrame   *frame,
                                         guint8        seq,
                                         guint32       host_ms);
void         salve_msg_build_intensity  (SalveFrame   *frame,
                                         guint8        seq,
                                         guint8        channel,
                                         guint32       target);
/* FALSE when more than SALVE_PROTOCOL_MAX_PARAMS values are given. */
gboolean     salve_msg_build_params     (SalveFrame            *frame,
                                         guint8                 type,
                                         guint8                 seq,
                                         const SalveWireValue *values,
                                         guint                  n_values);
void         salve_msg_build_ack        (SalveFrame   *frame,
                                         guint8        seq,
                                         guint8        acked_seq);
void         salve_msg_build_nak        (SalveFrame   *frame,
                                         guint8        seq,
                                         guint8        nakked_seq,
                                         guint8        code,
                                         guint8        param);
void         salve_msg_build_fault      (SalveFrame   *frame,
                                         guint8        seq,
                                         guint8        code,
                                         guint8        channel);
gboolean     salve_msg_build_info       (SalveFrame            *frame,
                                         guint8                 seq,
                                         const SalveDeviceInfo *info);
void         salve_msg_build_status     (SalveFrame              *frame,
                                         guint8                   seq,
                                         const SalveDeviceStatus *status);

/* Reading frames: FALSE with SALVE_PROTOCOL_ERROR_MALFORMED when the
 * payload does not have the documented shape. */
guint32      salve_msg_get_u32          (const guint8 *p);
gboolean     salve_msg_parse_hello      (const SalveFrame *frame,
                                         guint8           *min_version,
                                         guint8           *max_version,
                                         GError          **error);
gboolean     salve_msg_parse_params     (const SalveFrame *frame,
                                         SalveWireValue  *values,
                                         guint            *n_values,
                                         GError          **error);
gboolean     salve_msg_parse_info       (const SalveFrame *frame,
                                         SalveDeviceInfo  *info,
                                         GError          **error);
gboolean     salve_msg_parse_status     (const SalveFrame  *frame,
                                         SalveDeviceStatus *status,
                                         GError           **error);

G_END_DECLS
