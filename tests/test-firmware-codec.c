/* test-firmware-codec.c: the reference firmware's codec (firmware/
 * salve-fw-codec.c, compiled for the host) against docs/protocol.md:
 * every worked example decodes to one frame and encodes back to the same
 * bytes, and the receiver rules of section 3 hold.
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib.h>

#include "salve-fw-codec.h"

static void
put_into (uint8_t  byte,
          void    *user_data)
{
  g_byte_array_append (user_data, &byte, 1);
}

/* Feeds @data; returns how many frames came out, the last in @frame. */
static guint
feed (FwDecoder     *decoder,
      const guint8  *data,
      gsize          length,
      FwFrame       *frame,
      guint         *errors)
{
  guint frames = 0;

  for (gsize i = 0; i < length; i++)
    switch (fw_decoder_push (decoder, data[i], frame))
      {
      case FW_DECODE_FRAME:
        frames++;
        break;
      case FW_DECODE_ERROR:
        if (errors)
          (*errors)++;
        break;
      case FW_DECODE_NONE:
      default:
        break;
      }

  return frames;
}

static void
test_check_value (void)
{
  g_assert_cmphex (fw_crc16 ((const uint8_t *) "123456789", 9), ==, 0x906E);
}

static void
test_doc_examples (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "docs", "protocol.md", NULL);
  g_autofree char *doc = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  gboolean inside = FALSE;
  guint seen = 0;

  g_file_get_contents (path, &doc, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (doc, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(GByteArray) wire = g_byte_array_new ();
      g_autoptr(GByteArray) again = g_byte_array_new ();
      g_auto(GStrv) words = NULL;
      FwDecoder decoder;
      FwFrame frame;

      if (g_str_has_prefix (lines[i], "<!-- examples:begin"))
        inside = TRUE;
      else if (g_str_has_prefix (lines[i], "<!-- examples:end"))
        inside = FALSE;
      if (!inside || !g_ascii_isalpha (lines[i][0]))
        continue;

      /* "NAME  7E 01 …": the bytes on the wire. */
      words = g_strsplit_set (lines[i], " ", -1);
      for (guint w = 1; words[w]; w++)
        if (words[w][0] != '\0')
          {
            guint8 byte = (guint8) g_ascii_strtoull (words[w], NULL, 16);

            g_byte_array_append (wire, &byte, 1);
          }

      fw_decoder_init (&decoder);
      g_assert_cmpuint (feed (&decoder, wire->data, wire->len, &frame, NULL), ==, 1);
      g_assert_cmpuint (frame.version, ==, 1);
      fw_encode (frame.version, frame.type, frame.seq, frame.payload, frame.length, put_into, again);
      g_assert_cmpmem (again->data, again->len, wire->data, wire->len);
      seen++;
    }

  g_assert_cmpuint (seen, ==, 13);
}

static void
test_receiver_rules (void)
{
  static const guint8 start[] = { 0x7E, 0x01, 0x05, 0x04, 0x00, 0xB8, 0xBE, 0x7E };
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  FwDecoder decoder;
  FwFrame frame;
  guint errors = 0;

  fw_decoder_init (&decoder);

  /* Garbage before the first flag is skipped; two frames share a flag;
   * empty frames are ignored. */
  g_byte_array_append (wire, (const guint8 *) "\x01\x02\x03", 3);
  g_byte_array_append (wire, start, sizeof start);
  g_byte_array_append (wire, start + 1, sizeof start - 1);
  g_byte_array_append (wire, (const guint8 *) "\x7E\x7E", 2);
  g_assert_cmpuint (feed (&decoder, wire->data, wire->len, &frame, &errors), ==, 2);
  g_assert_cmpuint (errors, ==, 0);
  g_assert_cmpuint (frame.type, ==, 0x05);
  g_assert_cmpuint (frame.seq, ==, 0x04);

  /* A bad CRC is dropped. */
  {
    guint8 bad[sizeof start];

    memcpy (bad, start, sizeof start);
    bad[5] ^= 1;
    g_assert_cmpuint (feed (&decoder, bad, sizeof bad, &frame, &errors), ==, 0);
    g_assert_cmpuint (errors, ==, 1);
  }

  /* 7D 7E aborts the frame; that flag starts the next one. */
  {
    static const guint8 aborted[] = { 0x7E, 0x01, 0x05, 0x7D, 0x7E, 0x01, 0x05, 0x04, 0x00, 0xB8, 0xBE, 0x7E };

    errors = 0;
    g_assert_cmpuint (feed (&decoder, aborted, sizeof aborted, &frame, &errors), ==, 1);
    g_assert_cmpuint (errors, ==, 1);
    g_assert_cmpuint (frame.type, ==, 0x05);
  }

  /* A sender may escape other bytes (01 as 7D 21). */
  {
    static const guint8 escaped[] = { 0x7E, 0x7D, 0x21, 0x05, 0x04, 0x00, 0xB8, 0xBE, 0x7E };

    g_assert_cmpuint (feed (&decoder, escaped, sizeof escaped, &frame, NULL), ==, 1);
  }

  /* Longer than 261 bytes: dropped, and the receiver finds the next frame. */
  {
    g_autoptr(GByteArray) longer = g_byte_array_new ();
    guint8 byte = 0x11;

    errors = 0;
    g_byte_array_append (longer, start, 1);
    for (guint i = 0; i < FW_MAX_BODY + 1; i++)
      g_byte_array_append (longer, &byte, 1);
    g_byte_array_append (longer, start, sizeof start);
    g_assert_cmpuint (feed (&decoder, longer->data, longer->len, &frame, &errors), ==, 1);
    g_assert_cmpuint (errors, ==, 1);
  }

  /* The size between the flags must be length + 6. */
  {
    static const guint8 body[] = { 0x01, 0x05, 0x04, 0x01 };
    guint16 crc = fw_crc16 (body, sizeof body);
    guint8 wrong[] = { 0x7E, 0x01, 0x05, 0x04, 0x01, (guint8) crc, (guint8) (crc >> 8), 0x7E };

    errors = 0;
    g_assert_cmpuint (feed (&decoder, wrong, sizeof wrong, &frame, &errors), ==, 0);
    g_assert_cmpuint (errors, ==, 1);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/firmware-codec/check-value", test_check_value);
  g_test_add_func ("/firmware-codec/doc-examples", test_doc_examples);
  g_test_add_func ("/firmware-codec/receiver-rules", test_receiver_rules);

  return g_test_run ();
}
