/* test-firmware-logic.c: the reference firmware's protocol logic
 * (firmware/salve-fw-device.c), compiled for the host against a fake
 * board, for what simavr cannot time exactly: a frame that arrives in
 * the same instant as the dead-man timer's expiry.
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib.h>

#include "salve-fw-codec.h"
#include "salve-fw-device.h"
#include "salve-fw-hal.h"

/* The fake board: what the firmware's timer interrupt would do is done
 * by the test (expire()). */
static struct
{
  uint32_t  output[FW_CHANNELS];   /* what the output stage is driven to */
  uint16_t  deadman_left;
  uint8_t   deadman_fired;
  FwDecoder tx;
  GArray   *frames;                /* of Sent: what the device sent */
} board;

typedef struct
{
  uint8_t type;
  uint8_t payload[4];
} Sent;

void
hal_put_byte (uint8_t byte)
{
  FwFrame frame;

  if (fw_decoder_push (&board.tx, byte, &frame) == FW_DECODE_FRAME)
    {
      Sent sent = { frame.type, { 0 } };

      memcpy (sent.payload, frame.payload, MIN (frame.length, sizeof sent.payload));
      g_array_append_val (board.frames, sent);
    }
}

void
hal_set_output (uint8_t  channel,
                uint32_t output)
{
  board.output[channel] = board.deadman_fired ? 0 : output;
}

void
hal_deadman_restart (void)
{
  if (!board.deadman_fired)
    board.deadman_left = FW_DEADMAN_MS;
}

void
hal_deadman_disarm (void)
{
  board.deadman_left = 0;
}

uint8_t
hal_deadman_take_fired (void)
{
  uint8_t fired = board.deadman_fired;

  board.deadman_fired = 0;
  return fired;
}

/* The timer interrupt, when the timer runs out. */
static void
expire (void)
{
  board.deadman_left = 0;
  board.deadman_fired = 1;
  for (guint c = 0; c < FW_CHANNELS; c++)
    board.output[c] = 0;
}

static void
put_frame (uint8_t  byte,
           void    *user_data)
{
  fw_device_rx_byte (byte);
}

static void
receive (uint8_t        type,
         uint8_t        seq,
         const uint8_t *payload,
         uint8_t        length)
{
  fw_encode (1, type, seq, payload, length, put_frame, NULL);
}

static void
ticks (guint ms)
{
  for (guint i = 0; i < ms; i++)
    {
      if (board.deadman_left != 0 && --board.deadman_left == 0)
        expire ();
      fw_device_tick_ms ();
    }
}

/* The last ACK or NAK: 0 for an ACK of @seq, else the NAK code. */
static guint8
answer_to (uint8_t seq)
{
  for (guint i = board.frames->len; i > 0; i--)
    {
      Sent *sent = &g_array_index (board.frames, Sent, i - 1);

      if (sent->type == 0x80 && sent->payload[0] == seq)
        return 0;
      if (sent->type == 0x81 && sent->payload[0] == seq)
        return sent->payload[1];
    }
  g_assert_not_reached ();
}

static gboolean
sent_fault (uint8_t code)
{
  for (guint i = 0; i < board.frames->len; i++)
    {
      Sent *sent = &g_array_index (board.frames, Sent, i);

      if (sent->type == 0x84 && sent->payload[0] == code)
        return TRUE;
    }

  return FALSE;
}

static void
setup (void)
{
  memset (&board, 0, sizeof board);
  fw_decoder_init (&board.tx);
  board.frames = g_array_new (FALSE, TRUE, sizeof (Sent));
  fw_device_init ();
}

static void
teardown (void)
{
  g_array_unref (board.frames);
}

/* A session at 1 mA on both channels, the output there. */
static void
start_session (void)
{
  static const uint8_t hello[] = { 1, 1 };
  static const uint8_t intensity[] = { 0xFF, 0xE8, 0x03, 0x00, 0x00 };

  receive (0x01, 1, hello, sizeof hello);
  g_assert_cmpuint (answer_to (1), ==, 0);
  receive (0x05, 2, NULL, 0);
  g_assert_cmpuint (answer_to (2), ==, 0);
  receive (0x04, 3, intensity, sizeof intensity);
  g_assert_cmpuint (answer_to (3), ==, 0);
  ticks (300);
  g_assert_cmpuint (board.output[0], ==, 1000);
  g_assert_cmpuint (board.output[1], ==, 1000);
}

/* The timer runs out, and before the main loop's next tick a fresh
 * heartbeat completes: the connection is gone all the same (FAULT 0x05,
 * NAK 0x08), and the output stays off; the ramp must not bring it back. */
static void
test_frame_at_expiry (void)
{
  static const uint8_t heartbeat[] = { 0x10, 0x27, 0x00, 0x00 };

  setup ();
  start_session ();

  expire ();
  receive (0x08, 4, heartbeat, sizeof heartbeat);
  g_assert_true (sent_fault (0x05));
  g_assert_cmpuint (answer_to (4), ==, 0x08);
  ticks (500);
  g_assert_cmpuint (board.output[0], ==, 0);
  g_assert_cmpuint (board.output[1], ==, 0);

  /* A new HELLO starts from zero, with a running timer again. */
  start_session ();
  g_assert_cmpuint (board.deadman_left, >, 0);

  teardown ();
}

/* Without any frame, the expiry is taken at the next tick. */
static void
test_expiry_at_tick (void)
{
  setup ();
  start_session ();

  ticks (FW_DEADMAN_MS);
  g_assert_true (sent_fault (0x05));
  g_assert_cmpuint (board.output[0], ==, 0);
  ticks (500);
  g_assert_cmpuint (board.output[0], ==, 0);

  teardown ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/firmware-logic/frame-at-expiry", test_frame_at_expiry);
  g_test_add_func ("/firmware-logic/expiry-at-tick", test_expiry_at_tick);

  return g_test_run ();
}
