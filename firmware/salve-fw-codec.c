/* salve-fw-codec.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "salve-fw-codec.h"

enum
{
  STATE_HUNT,     /* skipping to the next flag */
  STATE_BODY,     /* inside a frame */
  STATE_ESCAPE,   /* inside a frame, after 0x7D */
};

uint16_t
fw_crc16_update (uint16_t crc,
                 uint8_t  byte)
{
  crc ^= byte;
  for (uint8_t bit = 0; bit < 8; bit++)
    crc = (crc & 1) ? (uint16_t) ((crc >> 1) ^ 0x8408) : (uint16_t) (crc >> 1);

  return crc;
}

uint16_t
fw_crc16 (const uint8_t *data,
          size_t         length)
{
  uint16_t crc = 0xFFFF;

  for (size_t i = 0; i < length; i++)
    crc = fw_crc16_update (crc, data[i]);

  return (uint16_t) (crc ^ 0xFFFF);
}

void
fw_decoder_init (FwDecoder *decoder)
{
  decoder->state = STATE_HUNT;
  decoder->length = 0;
}

static FwDecodeResult
finish (FwDecoder *decoder,
        FwFrame   *frame)
{
  uint16_t length = decoder->length;
  uint16_t crc;

  decoder->length = 0;
  if (length < FW_HEADER_SIZE + FW_CRC_SIZE)
    return FW_DECODE_ERROR;
  crc = (uint16_t) (decoder->body[length - 2] | (decoder->body[length - 1] << 8));
  if (crc != fw_crc16 (decoder->body, length - FW_CRC_SIZE))
    return FW_DECODE_ERROR;
  /* A frame whose size between the flags is not length + 6 is dropped. */
  if (decoder->body[3] != length - FW_HEADER_SIZE - FW_CRC_SIZE)
    return FW_DECODE_ERROR;

  frame->version = decoder->body[0];
  frame->type = decoder->body[1];
  frame->seq = decoder->body[2];
  frame->length = decoder->body[3];
  frame->payload = decoder->body + FW_HEADER_SIZE;

  return FW_DECODE_FRAME;
}

FwDecodeResult
fw_decoder_push (FwDecoder *decoder,
                 uint8_t    byte,
                 FwFrame   *frame)
{
  if (byte == FW_FLAG)
    {
      uint8_t state = decoder->state;

      /* Every flag starts a frame: that is how a receiver finds its way
       * back after garbage, a lost byte or an abort (7D 7E). */
      decoder->state = STATE_BODY;
      if (state == STATE_ESCAPE)
        {
          decoder->length = 0;
          return FW_DECODE_ERROR;
        }
      if (state == STATE_HUNT || decoder->length == 0)
        {
          decoder->length = 0;
          return FW_DECODE_NONE;
        }
      return finish (decoder, frame);
    }

  switch (decoder->state)
    {
    case STATE_HUNT:
      return FW_DECODE_NONE;

    case STATE_ESCAPE:
      byte ^= FW_ESCAPE_XOR;
      decoder->state = STATE_BODY;
      break;

    case STATE_BODY:
    default:
      if (byte == FW_ESCAPE)
        {
          decoder->state = STATE_ESCAPE;
          return FW_DECODE_NONE;
        }
      break;
    }

  if (decoder->length >= FW_MAX_BODY)
    {
      /* Too long: drop it and skip to the next flag. */
      decoder->length = 0;
      decoder->state = STATE_HUNT;
      return FW_DECODE_ERROR;
    }
  decoder->body[decoder->length++] = byte;

  return FW_DECODE_NONE;
}

static void
put_escaped (uint8_t    byte,
             FwPutByte  put,
             void      *user_data)
{
  if (byte == FW_FLAG || byte == FW_ESCAPE)
    {
      put (FW_ESCAPE, user_data);
      put ((uint8_t) (byte ^ FW_ESCAPE_XOR), user_data);
    }
  else
    put (byte, user_data);
}

void
fw_encode (uint8_t        version,
           uint8_t        type,
           uint8_t        seq,
           const uint8_t *payload,
           uint8_t        length,
           FwPutByte      put,
           void          *user_data)
{
  uint8_t header[FW_HEADER_SIZE] = { version, type, seq, length };
  uint16_t crc = 0xFFFF;

  put (FW_FLAG, user_data);
  for (uint8_t i = 0; i < FW_HEADER_SIZE; i++)
    {
      crc = fw_crc16_update (crc, header[i]);
      put_escaped (header[i], put, user_data);
    }
  for (uint16_t i = 0; i < length; i++)
    {
      crc = fw_crc16_update (crc, payload[i]);
      put_escaped (payload[i], put, user_data);
    }
  crc ^= 0xFFFF;
  put_escaped ((uint8_t) (crc & 0xFF), put, user_data);
  put_escaped ((uint8_t) (crc >> 8), put, user_data);
  put (FW_FLAG, user_data);
}
