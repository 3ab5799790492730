/* fuzz-frame-decoder.c: libFuzzer target for the frame decoder and the
 * message parsers that read what a device sends
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "salve-frame.h"
#include "salve-protocol.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  SalveFrameDecoder decoder;
  gsize pos = 0;

  salve_frame_decoder_init (&decoder);

  /* The first byte picks a chunk size, as the line delivers bytes in
   * arbitrary pieces. */
  while (pos < size)
    {
      gsize chunk = MIN (size - pos, (gsize) (data[0] % 17) + 1);
      gsize end = pos + chunk;

      while (pos < end)
        {
          SalveFrame frame;
          SalveFrameResult result;
          SalveDeviceInfo info;
          SalveDeviceStatus status;
          SalveWireValue values[SALVE_PROTOCOL_MAX_PARAMS];
          guint n_values;
          guint8 lo, hi;
          guint8 wire[SALVE_FRAME_MAX_ENCODED];

          pos += salve_frame_decoder_feed (&decoder, data + pos, end - pos, &frame, &result);
          if (result != SALVE_FRAME_OK)
            continue;

          if (frame.length > SALVE_FRAME_MAX_PAYLOAD)
            __builtin_trap ();

          /* Whatever decodes must encode again. */
          if (salve_frame_encode (&frame, wire, sizeof wire) == 0)
            __builtin_trap ();

          frame.type = data[pos % size];
          salve_msg_parse_info (&frame, &info, NULL);
          salve_msg_parse_status (&frame, &status, NULL);
          salve_msg_parse_params (&frame, values, &n_values, NULL);
          salve_msg_parse_hello (&frame, &lo, &hi, NULL);
          if (frame.type == SALVE_MSG_INFO || frame.type == SALVE_MSG_STATUS)
            {
              frame.type = SALVE_MSG_INFO;
              if (salve_msg_parse_info (&frame, &info, NULL) &&
                  (info.n_params > SALVE_PROTOCOL_MAX_PARAMS || strlen (info.model) > SALVE_PROTOCOL_MAX_TEXT))
                __builtin_trap ();
              frame.type = SALVE_MSG_STATUS;
              if (salve_msg_parse_status (&frame, &status, NULL) &&
                  status.channels > SALVE_PROTOCOL_MAX_CHANNELS)
                __builtin_trap ();
            }
        }
    }

  if (decoder.length > SALVE_FRAME_MAX_BODY)
    __builtin_trap ();

  return 0;
}
