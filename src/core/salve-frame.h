/* salve-frame.h: framing of the Salve stimulator protocol (no I/O)
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* HDLC-style framing as docs/protocol.md specifies it: a frame is
 *
 *   0x7E | version type seq length payload[length] crc_lo crc_hi | 0x7E
 *
 * with 0x7E and 0x7D inside the frame sent as 0x7D, byte ^ 0x20, and the
 * CRC-16/X.25 taken over version..payload (before escaping). */
#define SALVE_FRAME_FLAG           0x7E
#define SALVE_FRAME_ESCAPE         0x7D
#define SALVE_FRAME_ESCAPE_XOR     0x20
#define SALVE_FRAME_HEADER_SIZE    4
#define SALVE_FRAME_CRC_SIZE       2
#define SALVE_FRAME_MAX_PAYLOAD    255
/* Unescaped bytes between the flags. */
#define SALVE_FRAME_MAX_BODY       (SALVE_FRAME_HEADER_SIZE + SALVE_FRAME_MAX_PAYLOAD + SALVE_FRAME_CRC_SIZE)
/* Worst case on the wire: every body byte escaped, plus both flags. */
#define SALVE_FRAME_MAX_ENCODED    (2 * SALVE_FRAME_MAX_BODY + 2)

typedef struct
{
  guint8 version;
  guint8 type;
  guint8 seq;
  guint8 length;
  guint8 payload[SALVE_FRAME_MAX_PAYLOAD];
} SalveFrame;

guint16 salve_frame_crc16   (const guint8     *data,
                             gsize             length);

/* Writes the frame, flags included, into @out. Returns the number of bytes
 * written, or 0 when @out_size is too small (nothing useful is written
 * then). SALVE_FRAME_MAX_ENCODED bytes are always enough. */
gsize   salve_frame_encode  (const SalveFrame *frame,
                             guint8           *out,
                             gsize             out_size);

typedef enum
{
  SALVE_FRAME_NONE,        /* byte consumed, no frame finished */
  SALVE_FRAME_OK,          /* a frame was finished and written to @frame */
  SALVE_FRAME_BAD_CRC,     /* a frame ended with a wrong CRC: dropped */
  SALVE_FRAME_BAD_LENGTH,  /* too short, or its length byte disagrees: dropped */
  SALVE_FRAME_TOO_LONG,    /* more than SALVE_FRAME_MAX_BODY bytes: dropped,
                            * bytes up to the next flag are skipped */
  SALVE_FRAME_ABORTED,     /* 0x7D 0x7E: the sender aborted the frame */
} SalveFrameResult;

/* An incremental decoder: feed it bytes as they arrive, in any chunks.
 * It keeps at most SALVE_FRAME_MAX_BODY bytes and resynchronises on the
 * next flag after garbage or any error. */
typedef struct
{
  guint8   body[SALVE_FRAME_MAX_BODY];
  gsize    length;
  guint8   state;

  /* Counters for diagnostics. */
  guint64  frames;
  guint64  errors;
  guint64  skipped;
} SalveFrameDecoder;

void             salve_frame_decoder_init (SalveFrameDecoder *decoder);
SalveFrameResult salve_frame_decoder_push (SalveFrameDecoder *decoder,
                                           guint8             byte,
                                           SalveFrame        *frame);

/* Decodes from @data until a frame is finished or the data runs out.
 * Returns the number of bytes consumed; *result tells what happened at
 * the last byte consumed. Call again with the rest. */
gsize            salve_frame_decoder_feed (SalveFrameDecoder *decoder,
                                           const guint8      *data,
                                           gsize              length,
                                           SalveFrame        *frame,
                                           SalveFrameResult  *result);

G_END_DECLS
