/* salve-fw-codec.h: the frame codec of docs/protocol.md, section 3, for
 * small firmware: no allocation, no GLib, byte by byte.
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

#define FW_FLAG          0x7E
#define FW_ESCAPE        0x7D
#define FW_ESCAPE_XOR    0x20
#define FW_HEADER_SIZE   4
#define FW_CRC_SIZE      2
#define FW_MAX_PAYLOAD   255
/* Unescaped bytes between the flags: 261. */
#define FW_MAX_BODY      (FW_HEADER_SIZE + FW_MAX_PAYLOAD + FW_CRC_SIZE)

typedef struct
{
  uint8_t version;
  uint8_t type;
  uint8_t seq;
  uint8_t length;
  const uint8_t *payload;   /* points into the decoder's buffer */
} FwFrame;

typedef enum
{
  FW_DECODE_NONE,       /* byte taken, no frame finished */
  FW_DECODE_FRAME,      /* a valid frame is in @frame until the next push */
  FW_DECODE_ERROR,      /* a frame was dropped: bad CRC, size, too long, aborted */
} FwDecodeResult;

typedef struct
{
  uint8_t  state;
  uint16_t length;
  uint8_t  body[FW_MAX_BODY];
} FwDecoder;

/* CRC-16/X.25 (the HDLC FCS): reflected 0x1021, init and final XOR 0xFFFF. */
uint16_t       fw_crc16_update    (uint16_t        crc,
                                   uint8_t         byte);
uint16_t       fw_crc16           (const uint8_t  *data,
                                   size_t          length);

void           fw_decoder_init    (FwDecoder      *decoder);
FwDecodeResult fw_decoder_push    (FwDecoder      *decoder,
                                   uint8_t         byte,
                                   FwFrame        *frame);

/* The encoder writes through @put, one wire byte at a time, so a frame
 * never needs a buffer of its own: flag, escaped header, payload and
 * CRC, flag. */
typedef void (*FwPutByte) (uint8_t byte, void *user_data);

void           fw_encode          (uint8_t         version,
                                   uint8_t         type,
                                   uint8_t         seq,
                                   const uint8_t  *payload,
                                   uint8_t         length,
                                   FwPutByte       put,
                                   void           *user_data);
