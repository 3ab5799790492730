/* salve-frame.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-frame"

#include "config.h"

#include <string.h>

#include "salve-frame.h"

enum
{
  STATE_HUNT,     /* outside a frame: skip everything up to a flag */
  STATE_BODY,     /* inside a frame */
  STATE_ESCAPE,   /* inside a frame, after 0x7D */
};

/* CRC-16/X.25 (HDLC FCS): reflected polynomial 0x1021 (0x8408),
 * init 0xFFFF, final XOR 0xFFFF; "123456789" gives 0x906E. */
guint16
salve_frame_crc16 (const guint8 *data,
                   gsize         length)
{
  guint16 crc = 0xFFFF;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (guint bit = 0; bit < 8; bit++)
        crc = (crc & 1) ? (guint16) ((crc >> 1) ^ 0x8408) : (guint16) (crc >> 1);
    }

  return crc ^ 0xFFFF;
}

static gboolean
put_escaped (guint8 *out,
             gsize   out_size,
             gsize  *pos,
             guint8  byte)
{
  if (byte == SALVE_FRAME_FLAG || byte == SALVE_FRAME_ESCAPE)
    {
      if (*pos + 2 > out_size)
        return FALSE;
      out[(*pos)++] = SALVE_FRAME_ESCAPE;
      out[(*pos)++] = byte ^ SALVE_FRAME_ESCAPE_XOR;
      return TRUE;
    }

  if (*pos + 1 > out_size)
    return FALSE;
  out[(*pos)++] = byte;
  return TRUE;
}

gsize
salve_frame_encode (const SalveFrame *frame,
                    guint8           *out,
                    gsize             out_size)
{
  guint8 body[SALVE_FRAME_MAX_BODY];
  gsize body_length;
  gsize pos = 0;
  guint16 crc;

  g_return_val_if_fail (frame != NULL, 0);
  g_return_val_if_fail (out != NULL, 0);

  body[0] = frame->version;
  body[1] = frame->type;
  body[2] = frame->seq;
  body[3] = frame->length;
  memcpy (body + SALVE_FRAME_HEADER_SIZE, frame->payload, frame->length);
  body_length = SALVE_FRAME_HEADER_SIZE + frame->length;
  crc = salve_frame_crc16 (body, body_length);
  body[body_length++] = crc & 0xFF;
  body[body_length++] = crc >> 8;

  if (out_size < 2)
    return 0;
  out[pos++] = SALVE_FRAME_FLAG;
  for (gsize i = 0; i < body_length; i++)
    if (!put_escaped (out, out_size, &pos, body[i]))
      return 0;
  if (pos + 1 > out_size)
    return 0;
  out[pos++] = SALVE_FRAME_FLAG;

  return pos;
}

void
salve_frame_decoder_init (SalveFrameDecoder *decoder)
{
  g_return_if_fail (decoder != NULL);

  memset (decoder, 0, sizeof *decoder);
  decoder->state = STATE_HUNT;
}

static SalveFrameResult
finish_frame (SalveFrameDecoder *decoder,
              SalveFrame        *frame)
{
  gsize length = decoder->length;
  guint16 crc;

  decoder->length = 0;

  if (length < SALVE_FRAME_HEADER_SIZE + SALVE_FRAME_CRC_SIZE)
    return SALVE_FRAME_BAD_LENGTH;

  crc = (guint16) (decoder->body[length - 2] | (decoder->body[length - 1] << 8));
  if (crc != salve_frame_crc16 (decoder->body, length - SALVE_FRAME_CRC_SIZE))
    return SALVE_FRAME_BAD_CRC;

  if (decoder->body[3] != length - SALVE_FRAME_HEADER_SIZE - SALVE_FRAME_CRC_SIZE)
    return SALVE_FRAME_BAD_LENGTH;

  frame->version = decoder->body[0];
  frame->type = decoder->body[1];
  frame->seq = decoder->body[2];
  frame->length = decoder->body[3];
  memcpy (frame->payload, decoder->body + SALVE_FRAME_HEADER_SIZE, frame->length);

  return SALVE_FRAME_OK;
}

static SalveFrameResult
count (SalveFrameDecoder *decoder,
       SalveFrameResult   result)
{
  if (result == SALVE_FRAME_OK)
    decoder->frames++;
  else if (result != SALVE_FRAME_NONE)
    decoder->errors++;

  return result;
}

SalveFrameResult
salve_frame_decoder_push (SalveFrameDecoder *decoder,
                          guint8             byte,
                          SalveFrame        *frame)
{
  g_return_val_if_fail (decoder != NULL, SALVE_FRAME_NONE);
  g_return_val_if_fail (frame != NULL, SALVE_FRAME_NONE);

  if (byte == SALVE_FRAME_FLAG)
    {
      guint8 state = decoder->state;

      /* A flag always starts a frame: that is how the decoder finds its
       * way back after garbage or a lost byte. */
      decoder->state = STATE_BODY;
      if (state == STATE_ESCAPE)
        {
          decoder->length = 0;
          return count (decoder, SALVE_FRAME_ABORTED);
        }
      if (state == STATE_HUNT || decoder->length == 0)
        {
          decoder->length = 0;
          return SALVE_FRAME_NONE;
        }
      return count (decoder, finish_frame (decoder, frame));
    }

  switch (decoder->state)
    {
    case STATE_HUNT:
      decoder->skipped++;
      return SALVE_FRAME_NONE;

    case STATE_ESCAPE:
      byte ^= SALVE_FRAME_ESCAPE_XOR;
      decoder->state = STATE_BODY;
      break;

    case STATE_BODY:
      if (byte == SALVE_FRAME_ESCAPE)
        {
          decoder->state = STATE_ESCAPE;
          return SALVE_FRAME_NONE;
        }
      break;

    default:
      g_assert_not_reached ();
    }

  if (decoder->length >= SALVE_FRAME_MAX_BODY)
    {
      decoder->length = 0;
      decoder->state = STATE_HUNT;
      return count (decoder, SALVE_FRAME_TOO_LONG);
    }

  decoder->body[decoder->length++] = byte;
  return SALVE_FRAME_NONE;
}

gsize
salve_frame_decoder_feed (SalveFrameDecoder *decoder,
                          const guint8      *data,
                          gsize              length,
                          SalveFrame        *frame,
                          SalveFrameResult  *result)
{
  SalveFrameResult last = SALVE_FRAME_NONE;
  gsize i;

  g_return_val_if_fail (decoder != NULL, 0);
  g_return_val_if_fail (data != NULL || length == 0, 0);

  for (i = 0; i < length; i++)
    {
      last = salve_frame_decoder_push (decoder, data[i], frame);
      if (last != SALVE_FRAME_NONE)
        {
          i++;
          break;
        }
    }

  if (result != NULL)
    *result = last;

  return i;
}
