/* test-core-frame.c: the frame codec and the protocol messages
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "salve-frame.h"
#include "salve-protocol.h"

/* Decodes @data in one go; returns the frames found, counts errors. */
static GArray *
decode_all (const guint8 *data,
            gsize         length,
            guint        *n_errors)
{
  SalveFrameDecoder decoder;
  GArray *frames = g_array_new (FALSE, TRUE, sizeof (SalveFrame));
  gsize pos = 0;

  salve_frame_decoder_init (&decoder);
  *n_errors = 0;
  while (pos < length)
    {
      SalveFrame frame;
      SalveFrameResult result;

      pos += salve_frame_decoder_feed (&decoder, data + pos, length - pos, &frame, &result);
      if (result == SALVE_FRAME_OK)
        g_array_append_val (frames, frame);
      else if (result != SALVE_FRAME_NONE)
        (*n_errors)++;
    }

  return frames;
}

static void
test_crc_check_value (void)
{
  /* The catalogue check value of CRC-16/X.25. */
  g_assert_cmphex (salve_frame_crc16 ((const guint8 *) "123456789", 9), ==, 0x906E);
}

static void
random_frame (GRand      *rand,
              SalveFrame *frame,
              guint       length)
{
  frame->version = g_rand_int_range (rand, 0, 256);
  frame->type = g_rand_int_range (rand, 0, 256);
  frame->seq = g_rand_int_range (rand, 0, 256);
  frame->length = length;
  for (guint i = 0; i < length; i++)
    {
      /* Plenty of flags and escapes, which must survive escaping. */
      guint pick = g_rand_int_range (rand, 0, 4);
      frame->payload[i] = pick == 0 ? SALVE_FRAME_FLAG : pick == 1 ? SALVE_FRAME_ESCAPE
                                                                  : g_rand_int_range (rand, 0, 256);
    }
}

static void
test_round_trip_every_length (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint length = 0; length <= SALVE_FRAME_MAX_PAYLOAD; length++)
    {
      SalveFrame in;
      guint8 wire[SALVE_FRAME_MAX_ENCODED];
      g_autoptr(GArray) frames = NULL;
      guint errors;
      gsize n;

      random_frame (rand, &in, length);
      n = salve_frame_encode (&in, wire, sizeof wire);
      g_assert_cmpuint (n, >, 0);
      /* No flag inside the frame: that is what makes resync possible. */
      for (gsize i = 1; i + 1 < n; i++)
        g_assert_cmphex (wire[i], !=, SALVE_FRAME_FLAG);

      frames = decode_all (wire, n, &errors);
      g_assert_cmpuint (errors, ==, 0);
      g_assert_cmpuint (frames->len, ==, 1);
      g_assert_cmpuint (g_array_index (frames, SalveFrame, 0).length, ==, length);
      g_assert_cmpmem (g_array_index (frames, SalveFrame, 0).payload, length, in.payload, length);
      g_assert_cmpuint (g_array_index (frames, SalveFrame, 0).seq, ==, in.seq);
      g_assert_cmpuint (g_array_index (frames, SalveFrame, 0).type, ==, in.type);
    }
}

static void
test_encode_refuses_small_buffer (void)
{
  SalveFrame frame = { 1, SALVE_MSG_STOP, 7, 0, { 0 } };
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  gsize n = salve_frame_encode (&frame, wire, sizeof wire);

  for (gsize size = 0; size < n; size++)
    g_assert_cmpuint (salve_frame_encode (&frame, wire, size), ==, 0);
}

static void
test_resync_after_garbage (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GByteArray) line = g_byte_array_new ();
  g_autoptr(GArray) frames = NULL;
  SalveFrame stop;
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  guint errors;
  gsize n;

  salve_msg_init (&stop, SALVE_MSG_STOP, 9);
  n = salve_frame_encode (&stop, wire, sizeof wire);

  /* Noise with stray flags and escapes, then a good frame, three times:
   * each good frame must come through, whatever preceded it. */
  for (guint round = 0; round < 3; round++)
    {
      for (guint i = 0; i < 500; i++)
        {
          guint8 b = g_rand_int_range (rand, 0, 256);
          g_byte_array_append (line, &b, 1);
        }
      g_byte_array_append (line, wire, n);
    }

  frames = decode_all (line->data, line->len, &errors);
  g_assert_cmpuint (frames->len, >=, 3);
  for (guint i = frames->len - 3; i < frames->len; i++)
    {
      g_assert_cmpuint (g_array_index (frames, SalveFrame, i).type, ==, SALVE_MSG_STOP);
      g_assert_cmpuint (g_array_index (frames, SalveFrame, i).seq, ==, 9);
    }
}

static void
test_bad_crc_rejected (void)
{
  SalveFrame frame;
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  gsize n;

  salve_msg_build_intensity (&frame, 3, 0, 12000);
  n = salve_frame_encode (&frame, wire, sizeof wire);

  /* Any single corrupted bit between the flags loses the frame. */
  for (gsize i = 1; i + 1 < n; i++)
    for (guint bit = 0; bit < 8; bit++)
      {
        guint8 copy[SALVE_FRAME_MAX_ENCODED];
        g_autoptr(GArray) frames = NULL;
        guint errors;

        memcpy (copy, wire, n);
        copy[i] ^= 1 << bit;
        frames = decode_all (copy, n, &errors);
        g_assert_cmpuint (frames->len, ==, 0);
      }
}

static void
test_too_long_rejected (void)
{
  g_autoptr(GByteArray) line = g_byte_array_new ();
  g_autoptr(GArray) frames = NULL;
  SalveFrame stop;
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  guint8 flag = SALVE_FRAME_FLAG;
  guint errors;
  gsize n;

  g_byte_array_append (line, &flag, 1);
  for (guint i = 0; i < 5000; i++)
    {
      guint8 b = 0x41;
      g_byte_array_append (line, &b, 1);
    }
  salve_msg_init (&stop, SALVE_MSG_STOP, 1);
  n = salve_frame_encode (&stop, wire, sizeof wire);
  g_byte_array_append (line, wire, n);

  frames = decode_all (line->data, line->len, &errors);
  g_assert_cmpuint (errors, ==, 1);
  g_assert_cmpuint (frames->len, ==, 1);
  g_assert_cmpuint (g_array_index (frames, SalveFrame, 0).type, ==, SALVE_MSG_STOP);
}

static void
test_length_byte_must_agree (void)
{
  /* A valid CRC over a header whose length byte lies. */
  guint8 body[] = { 1, SALVE_MSG_STOP, 1, 3, 0, 0 };
  guint16 crc = salve_frame_crc16 (body, 4);
  guint8 wire[] = { SALVE_FRAME_FLAG, 1, SALVE_MSG_STOP, 1, 3, crc & 0xFF, crc >> 8, SALVE_FRAME_FLAG };
  g_autoptr(GArray) frames = NULL;
  guint errors;

  frames = decode_all (wire, sizeof wire, &errors);
  g_assert_cmpuint (frames->len, ==, 0);
  g_assert_cmpuint (errors, ==, 1);
}

static void
test_split_in_chunks (void)
{
  SalveFrameDecoder decoder;
  SalveFrame frame, out;
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  guint got = 0;
  gsize n;

  salve_msg_build_heartbeat (&frame, 0x7E, 0x7D7E7D7E);
  n = salve_frame_encode (&frame, wire, sizeof wire);
  salve_frame_decoder_init (&decoder);

  /* One byte at a time, as a slow serial line delivers it. */
  for (gsize i = 0; i < n; i++)
    if (salve_frame_decoder_push (&decoder, wire[i], &out) == SALVE_FRAME_OK)
      got++;

  g_assert_cmpuint (got, ==, 1);
  g_assert_cmpuint (out.seq, ==, 0x7E);
  g_assert_cmphex (salve_msg_get_u32 (out.payload), ==, 0x7D7E7D7E);
}

static void
test_info_and_status_round_trip (void)
{
  SalveDeviceInfo info = { 0 }, info2;
  SalveDeviceStatus status = { 0 }, status2;
  SalveFrame frame;
  g_autoptr(GError) error = NULL;

  info.version = 1;
  info.modality = SALVE_MODALITY_NMES;
  info.channels = 2;
  g_strlcpy (info.model, "Model\nX", sizeof info.model);
  g_strlcpy (info.firmware, "1.2.3", sizeof info.firmware);
  info.n_params = SALVE_PROTOCOL_MAX_PARAMS;
  for (guint i = 0; i < info.n_params; i++)
    info.params[i] = (SalveWireRange) { i + 1, i, 1000 * i + 1, 1 };
  info.ramp_increment = 1000;
  info.ramp_rate = 2000;
  g_assert_true (salve_msg_build_info (&frame, 1, &info));
  g_assert_true (salve_msg_parse_info (&frame, &info2, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info2.model, ==, "Model?X");  /* control characters never reach the UI */
  g_assert_cmpuint (info2.n_params, ==, SALVE_PROTOCOL_MAX_PARAMS);
  g_assert_cmpuint (info2.params[5].max, ==, 5001);
  g_assert_cmpuint (info2.ramp_rate, ==, 2000);
  g_assert_cmpint (info2.modality, ==, SALVE_MODALITY_NMES);

  /* Cut short by one byte: malformed, never read past the payload. */
  frame.length--;
  g_assert_false (salve_msg_parse_info (&frame, &info2, &error));
  g_assert_error (error, SALVE_PROTOCOL_ERROR, SALVE_PROTOCOL_ERROR_MALFORMED);
  g_clear_error (&error);

  /* A parameter listed twice would have two ranges: refused. */
  info.params[7].param = info.params[2].param;
  g_assert_true (salve_msg_build_info (&frame, 1, &info));
  g_assert_false (salve_msg_parse_info (&frame, &info2, &error));
  g_assert_error (error, SALVE_PROTOCOL_ERROR, SALVE_PROTOCOL_ERROR_MALFORMED);
  g_clear_error (&error);
  info.params[7].param = 8;

  status.state = SALVE_DEVICE_RUNNING;
  status.elapsed_ms = 123456;
  status.battery = 80;
  status.channels = 2;
  status.output[1] = 15000;
  status.contact[1] = 1;
  salve_msg_build_status (&frame, 2, &status);
  g_assert_true (salve_msg_parse_status (&frame, &status2, &error));
  g_assert_cmpuint (status2.output[1], ==, 15000);
  g_assert_cmpuint (status2.elapsed_ms, ==, 123456);

  /* Claims eight channels but carries two. */
  frame.payload[7] = 8;
  g_assert_false (salve_msg_parse_status (&frame, &status2, &error));
  g_clear_error (&error);
}

static void
test_units (void)
{
  guint32 wire;

  g_assert_true (salve_wire_param_from_display (SALVE_WIRE_INTENSITY, SALVE_MODALITY_TENS, 12.5, &wire));
  g_assert_cmpuint (wire, ==, 12500);
  g_assert_true (salve_wire_param_from_display (SALVE_WIRE_INTENSITY, SALVE_MODALITY_LASER, 50, &wire));
  g_assert_cmpuint (wire, ==, 500);
  g_assert_true (salve_wire_param_from_display (SALVE_WIRE_FREQUENCY, SALVE_MODALITY_PEMF, 33.3, &wire));
  g_assert_cmpuint (wire, ==, 333);
  g_assert_false (salve_wire_param_from_display (SALVE_WIRE_INTENSITY, SALVE_MODALITY_TENS, -1, &wire));
  g_assert_false (salve_wire_param_from_display (SALVE_WIRE_INTENSITY, SALVE_MODALITY_TENS, 1e12, &wire));
  g_assert_cmpfloat_with_epsilon (salve_wire_param_to_display (SALVE_WIRE_INTENSITY, SALVE_MODALITY_TENS, 500), 0.5, 1e-9);
}

/* The worked examples of docs/protocol.md, built by the encoder. */
static char *
example_hex (const char *name)
{
  SalveFrame frame;
  guint8 wire[SALVE_FRAME_MAX_ENCODED];
  GString *hex = g_string_new (NULL);
  gsize n;

  if (g_str_equal (name, "hello"))
    salve_msg_build_hello (&frame, 0x01);
  else if (g_str_equal (name, "info"))
    {
      SalveDeviceInfo info = { 0 };

      info.version = 1;
      info.modality = SALVE_MODALITY_TENS;
      info.channels = 2;
      g_strlcpy (info.model, "Sim TENS", sizeof info.model);
      g_strlcpy (info.firmware, "1.0", sizeof info.firmware);
      /* Every parameter the set-program example uses. */
      info.n_params = 4;
      info.params[0] = (SalveWireRange) { SALVE_WIRE_INTENSITY, 0, 50000, 100 };
      info.params[1] = (SalveWireRange) { SALVE_WIRE_FREQUENCY, 10, 2000, 10 };
      info.params[2] = (SalveWireRange) { SALVE_WIRE_PULSE_WIDTH, 50, 250, 10 };
      info.params[3] = (SalveWireRange) { SALVE_WIRE_PROGRAM, 1, 9, 1 };
      info.ramp_increment = 1000;
      info.ramp_rate = 5000;
      salve_msg_build_info (&frame, 0x01, &info);
    }
  else if (g_str_equal (name, "ack"))
    salve_msg_build_ack (&frame, 0x02, 0x01);
  else if (g_str_equal (name, "set-program"))
    {
      SalveWireValue values[] = {
        { SALVE_WIRE_PROGRAM, 1 },
        { SALVE_WIRE_FREQUENCY, 1000 },
        { SALVE_WIRE_PULSE_WIDTH, 200 },
      };
      salve_msg_build_params (&frame, SALVE_MSG_SET_PROGRAM, 0x03, values, G_N_ELEMENTS (values));
    }
  else if (g_str_equal (name, "set-limits"))
    {
      SalveWireValue values[] = { { SALVE_WIRE_INTENSITY, 18000 } };
      salve_msg_build_params (&frame, SALVE_MSG_SET_LIMITS, 0x02, values, 1);
    }
  else if (g_str_equal (name, "start"))
    salve_msg_init (&frame, SALVE_MSG_START, 0x04);
  else if (g_str_equal (name, "set-intensity"))
    salve_msg_build_intensity (&frame, 0x05, SALVE_PROTOCOL_ALL_CHANNELS, 1000);
  else if (g_str_equal (name, "heartbeat"))
    salve_msg_build_heartbeat (&frame, 0x06, 0x00007E7D);
  else if (g_str_equal (name, "status"))
    {
      SalveDeviceStatus status = { 0 };

      status.state = SALVE_DEVICE_RUNNING;
      status.elapsed_ms = 12000;
      status.battery = 87;
      status.channels = 2;
      status.output[0] = status.output[1] = 12000;
      status.contact[0] = status.contact[1] = 1;
      salve_msg_build_status (&frame, 0x10, &status);
    }
  else if (g_str_equal (name, "nak"))
    salve_msg_build_nak (&frame, 0x11, 0x05, SALVE_NAK_OUT_OF_RANGE, SALVE_WIRE_INTENSITY);
  else if (g_str_equal (name, "pause"))
    salve_msg_init (&frame, SALVE_MSG_PAUSE, 0x07);
  else if (g_str_equal (name, "stop"))
    salve_msg_init (&frame, SALVE_MSG_STOP, 0x08);
  else if (g_str_equal (name, "fault"))
    salve_msg_build_fault (&frame, 0x12, SALVE_FAULT_ELECTRODE_OFF, 0);
  else
    return NULL;

  n = salve_frame_encode (&frame, wire, sizeof wire);
  for (gsize i = 0; i < n; i++)
    g_string_append_printf (hex, i ? " %02X" : "%02X", wire[i]);

  return g_string_free (hex, FALSE);
}

static const char * const example_names[] = {
  "hello", "info", "ack", "set-limits", "set-program", "start", "set-intensity",
  "heartbeat", "status", "nak", "pause", "stop", "fault",
};

static void
test_doc_examples (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "docs", "protocol.md", NULL);
  g_autofree char *doc = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  gboolean inside = FALSE;
  guint seen = 0;

  if (g_getenv ("SALVE_PRINT_EXAMPLES"))
    for (guint i = 0; i < G_N_ELEMENTS (example_names); i++)
      {
        g_autofree char *hex = example_hex (example_names[i]);
        g_printerr ("%-14s %s\n", example_names[i], hex);
      }

  g_file_get_contents (path, &doc, NULL, &error);
  g_assert_no_error (error);

  /* Lines between the markers are "NAME  HEX BYTES"; each must be what
   * the encoder produces, and every example must be there. */
  lines = g_strsplit (doc, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *hex = NULL;
      const char *rest;
      char *space;

      if (g_str_has_prefix (lines[i], "<!-- examples:begin"))
        inside = TRUE;
      else if (g_str_has_prefix (lines[i], "<!-- examples:end"))
        inside = FALSE;
      if (!inside || !g_ascii_isalpha (lines[i][0]) || strchr (lines[i], ' ') == NULL)
        continue;

      space = strchr (lines[i], ' ');
      *space = '\0';
      rest = g_strchug (space + 1);
      hex = example_hex (lines[i]);
      if (hex == NULL)
        continue;
      g_assert_cmpstr (rest, ==, hex);
      seen++;
    }

  g_assert_cmpuint (seen, ==, G_N_ELEMENTS (example_names));
}

static SalveFrame
example_frame (const char *name)
{
  g_autofree char *hex = example_hex (name);
  g_auto(GStrv) bytes = g_strsplit (hex, " ", -1);
  SalveFrameDecoder decoder;
  SalveFrameResult result = SALVE_FRAME_NONE;
  SalveFrame frame;

  salve_frame_decoder_init (&decoder);
  for (guint i = 0; bytes[i] != NULL; i++)
    result = salve_frame_decoder_push (&decoder, (guint8) g_ascii_strtoull (bytes[i], NULL, 16), &frame);
  g_assert_cmpint (result, ==, SALVE_FRAME_OK);

  return frame;
}

/* The worked example is a session a device written from the document
 * would accept: the host's sequence numbers follow each other in the
 * order of the lines, the device's rise, every parameter SET_PROGRAM
 * sends is in the INFO and on its grid, and the intensity keeps to the
 * limits and the ramp increment. */
static void
test_doc_example_consistent (void)
{
  SalveFrame info_frame = example_frame ("info");
  SalveWireValue values[SALVE_PROTOCOL_MAX_PARAMS];
  SalveFrame frame;
  SalveDeviceInfo info;
  const SalveWireRange *range;
  gboolean have_host = FALSE, have_device = FALSE;
  guint8 host_seq = 0, device_seq = 0;
  guint32 limit, target;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (example_names); i++)
    {
      frame = example_frame (example_names[i]);
      if (frame.type < 0x80)
        {
          if (have_host)
            g_assert_cmpuint (frame.seq, ==, (guint8) (host_seq + 1));
          have_host = TRUE;
          host_seq = frame.seq;
        }
      else
        {
          if (have_device)
            g_assert_cmpuint (frame.seq, >, device_seq);
          have_device = TRUE;
          device_seq = frame.seq;
        }
    }

  g_assert_true (salve_msg_parse_info (&info_frame, &info, NULL));
  g_assert_cmpuint (example_frame ("ack").payload[0], ==, example_frame ("hello").seq);

  frame = example_frame ("set-program");
  g_assert_true (salve_msg_parse_params (&frame, values, &n, NULL));
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (values[i].param, !=, SALVE_WIRE_INTENSITY);
      range = salve_device_info_get_range (&info, values[i].param);
      g_assert_nonnull (range);
      g_assert_cmpuint (values[i].value, >=, range->min);
      g_assert_cmpuint (values[i].value, <=, range->max);
      g_assert_cmpuint ((values[i].value - range->min) % range->step, ==, 0);
    }

  frame = example_frame ("set-limits");
  g_assert_true (salve_msg_parse_params (&frame, values, &n, NULL));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (values[0].param, ==, SALVE_WIRE_INTENSITY);
  range = salve_device_info_get_range (&info, SALVE_WIRE_INTENSITY);
  g_assert_cmpuint (values[0].value, <=, range->max);
  limit = values[0].value;

  frame = example_frame ("set-intensity");
  target = salve_msg_get_u32 (frame.payload + 1);
  g_assert_cmpuint (target, <=, limit);
  g_assert_cmpuint (target, <=, info.ramp_increment);
  g_assert_cmpuint ((target - range->min) % range->step, ==, 0);
  g_assert_cmpuint (example_frame ("nak").payload[0], ==, frame.seq);
}

/* What the host accepts from a STATUS (docs/protocol.md, section 11):
 * up to one ramp increment above the target, never above a limit. */
static void
test_output_check (void)
{
  /* A 5 mA session on a device with 1 mA increments and a 50 mA limit. */
  g_assert_cmpint (salve_output_check (0, 5000, 1000, 50000), ==, SALVE_OUTPUT_OK);
  g_assert_cmpint (salve_output_check (5000, 5000, 1000, 50000), ==, SALVE_OUTPUT_OK);
  g_assert_cmpint (salve_output_check (6000, 5000, 1000, 50000), ==, SALVE_OUTPUT_OK);
  g_assert_cmpint (salve_output_check (6001, 5000, 1000, 50000), ==, SALVE_OUTPUT_ABOVE_TARGET);
  g_assert_cmpint (salve_output_check (6100, 5000, 1000, 50000), ==, SALVE_OUTPUT_ABOVE_TARGET);
  /* The lying device of the report: 60 mA, and 0xFFFFFFFF µA. */
  g_assert_cmpint (salve_output_check (60000, 5000, 1000, 50000), ==, SALVE_OUTPUT_ABOVE_LIMIT);
  g_assert_cmpint (salve_output_check (G_MAXUINT32, 5000, 1000, 50000), ==, SALVE_OUTPUT_ABOVE_LIMIT);
  g_assert_cmpint (salve_output_check (G_MAXUINT32, 5000, 1000, G_MAXUINT32 - 1), ==, SALVE_OUTPUT_ABOVE_LIMIT);
  /* No overflow in target + tolerance. */
  g_assert_cmpint (salve_output_check (G_MAXUINT32, G_MAXUINT32 - 10, 1000, G_MAXUINT32), ==, SALVE_OUTPUT_OK);
  g_assert_cmpint (salve_output_check (G_MAXUINT32, 5000, G_MAXUINT32, G_MAXUINT32), ==, SALVE_OUTPUT_OK);
  g_assert_cmpint (salve_output_check (G_MAXUINT32, 0, 0, G_MAXUINT32), ==, SALVE_OUTPUT_ABOVE_TARGET);
  /* Off means off, but for the tolerance. */
  g_assert_cmpint (salve_output_check (1000, 0, 1000, 50000), ==, SALVE_OUTPUT_OK);
  g_assert_cmpint (salve_output_check (1100, 0, 1000, 50000), ==, SALVE_OUTPUT_ABOVE_TARGET);
  /* The tolerance never reaches past a limit: at 18 mA under an 18 mA
   * ceiling, 18.1 is too much. */
  g_assert_cmpint (salve_output_check (18000, 18000, 1000, 18000), ==, SALVE_OUTPUT_OK);
  g_assert_cmpint (salve_output_check (18100, 18000, 1000, 18000), ==, SALVE_OUTPUT_ABOVE_LIMIT);
  /* A limit lowered a moment ago (the target commanded before it still
   * counts) is not yet a fault. */
  g_assert_cmpint (salve_output_check (20000, 20000, 1000, 18000), ==, SALVE_OUTPUT_OK);
  g_assert_cmpint (salve_output_check (20100, 20000, 1000, 18000), ==, SALVE_OUTPUT_ABOVE_LIMIT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frame/crc-check-value", test_crc_check_value);
  g_test_add_func ("/frame/round-trip-every-length", test_round_trip_every_length);
  g_test_add_func ("/frame/encode-refuses-small-buffer", test_encode_refuses_small_buffer);
  g_test_add_func ("/frame/resync-after-garbage", test_resync_after_garbage);
  g_test_add_func ("/frame/bad-crc-rejected", test_bad_crc_rejected);
  g_test_add_func ("/frame/too-long-rejected", test_too_long_rejected);
  g_test_add_func ("/frame/length-byte-must-agree", test_length_byte_must_agree);
  g_test_add_func ("/frame/split-in-chunks", test_split_in_chunks);
  g_test_add_func ("/protocol/info-and-status-round-trip", test_info_and_status_round_trip);
  g_test_add_func ("/protocol/units", test_units);
  g_test_add_func ("/protocol/doc-examples", test_doc_examples);
  g_test_add_func ("/protocol/doc-example-consistent", test_doc_example_consistent);
  g_test_add_func ("/protocol/output-check", test_output_check);

  return g_test_run ();
}
