/* test-firmware.c: the reference firmware (firmware/), running in simavr
 * through salve-fw-sim, driven by `salvectl session run` over its pty as
 * the simulator is. Whatever happens to the host, the PWM duty of the
 * output pins reaches 0 within 1.1 s of simulated time.
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "salve-frame.h"
#include "salve-protocol.h"
#include "salve-test-sim.h"
#include "salve-test-util.h"

/* How far the simulation may fall behind the wall clock: beyond this the
 * host's timing (200 ms answers, 1 s dead-man) would no longer be tested
 * against a device that keeps time. */
#define MAX_LAG_US  (250 * 1000)

typedef struct
{
  GPid  pid;
  int   out_fd;
  char *dir;
} Host;

static SalveTestSim *
firmware_start (void)
{
  const char *args[] = { "--elf", g_getenv ("SALVE_FIRMWARE_ELF"), NULL };

  g_assert_nonnull (args[1]);
  return salve_test_sim_start (args);
}

/* A TENS session of @minutes at @intensity mA, ramped at 5 mA/s. */
static Host *
host_start (SalveTestSim *sim,
            const char   *intensity,
            const char   *minutes)
{
  g_auto(GStrv) env = salve_test_preload_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  Host *host = g_new0 (Host, 1);
  const char *argv[] = { g_getenv ("SALVECTL"), "--db", NULL, "session", "run", "--port", sim->pty,
                         "--modality", "tens", "--site", "knee", "--intensity-ma", intensity,
                         "--frequency-hz", "100", "--pulse-us", "200", "--ramp-rate", "5",
                         "--minutes", minutes, NULL };

  host->dir = salve_test_make_tmpdir ();
  db = g_build_filename (host->dir, "salve.db", NULL);
  argv[2] = db;
  g_spawn_async_with_pipes (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD,
                            salve_test_child_setup, NULL, &host->pid, NULL, &host->out_fd, NULL, &error);
  g_assert_no_error (error);

  return host;
}

static int
host_wait (Host *host)
{
  int status = 0;

  waitpid (host->pid, &status, 0);
  return status;
}

static char *
host_output (Host *host)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  while ((n = read (host->out_fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (text, buffer, n);

  return g_string_free (text, FALSE);
}

static void
host_free (Host *host)
{
  close (host->out_fd);
  g_spawn_close_pid (host->pid);
  salve_test_remove_tree (host->dir);
  g_free (host->dir);
  g_free (host);
}

static gboolean
duty_zero (JsonObject *line)
{
  JsonArray *duty = json_object_get_array_member (line, "duty");

  for (guint i = 0; i < json_array_get_length (duty); i++)
    if (json_array_get_int_element (duty, i) != 0)
      return FALSE;

  return TRUE;
}

/* The simulation kept pace with the wall clock in every line so far. */
static void
assert_kept_time (SalveTestSim *sim)
{
  g_autoptr(GPtrArray) lines = salve_test_sim_read_log (sim);
  gint64 most = 0;

  for (guint i = 0; i < lines->len; i++)
    most = MAX (most, json_object_get_int_member (g_ptr_array_index (lines, i), "lag_us"));
  g_test_message ("simulation at most %.1f ms behind the wall clock", most / 1000.0);
  g_assert_cmpint (most, <, MAX_LAG_US);
}

/* Waits for the session's PWM duty to stand for @ma on channel 0. */
static void
wait_running (SalveTestSim *sim,
              double        ma)
{
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "output", "running", FALSE, ma, 10000), >, 0);
}

/* After log line @after, a "mark" (the instant the test acted, in
 * simulated time) and the first line with every duty 0: the simulated
 * time between them, in µs (0 if the output was off before the mark). */
static gint64
sim_time_to_zero (SalveTestSim *sim,
                  guint         after,
                  const char   *why)
{
  gint64 mark_us = -1, zero_us = -1;
  gint64 deadline = salve_test_now_ms () + 3000;

  while ((mark_us < 0 || zero_us < 0) && salve_test_now_ms () < deadline)
    {
      g_autoptr(GPtrArray) lines = salve_test_sim_read_log (sim);

      mark_us = zero_us = -1;
      for (guint i = after; i < lines->len; i++)
        {
          JsonObject *line = g_ptr_array_index (lines, i);

          if (mark_us < 0 && g_strcmp0 (json_object_get_string_member (line, "event"), "mark") == 0)
            mark_us = json_object_get_int_member (line, "sim_us");
          if (zero_us < 0 && duty_zero (line))
            zero_us = json_object_get_int_member (line, "sim_us");
        }
      g_usleep (5000);
    }
  g_assert_cmpint (mark_us, >=, 0);
  g_assert_cmpint (zero_us, >=, 0);
  g_test_message ("PWM duty 0 %" G_GINT64_FORMAT " ms (simulated) after %s",
                  MAX (zero_us - mark_us, 0) / 1000, why);

  return MAX (zero_us - mark_us, 0);
}

/* Acts on the host and marks the instant in the firmware's log. */
static guint
act (SalveTestSim *sim,
     Host         *host,
     int           signum)
{
  guint lines = salve_test_sim_n_lines (sim);

  kill (host->pid, signum);
  salve_test_sim_signal (sim, SIGUSR1);

  return lines;
}

static gboolean
range_naks (SalveTestSim *sim)
{
  g_autoptr(GPtrArray) lines = salve_test_sim_read_log (sim);

  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (lines, i);

      if (g_strcmp0 (json_object_get_string_member (line, "event"), "nak") == 0)
        {
          gint64 code = json_object_get_int_member (line, "code");

          if (code == 0x03 || code == 0x04 || code == 0x05)
            return TRUE;
        }
    }

  return FALSE;
}

/* salvectl runs a TENS session against the firmware to completion. */
static void
test_session (void)
{
  SalveTestSim *sim = firmware_start ();
  Host *host = host_start (sim, "4", "0.1");
  g_autofree char *out = NULL;
  int status;

  status = host_wait (host);
  out = host_output (host);
  g_test_message ("%s", out);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_nonnull (strstr (out, "via libserialport"));
  g_assert_nonnull (strstr (out, "Session completed"));
  g_assert_true (g_regex_match_simple ("^00:0[0-9]  output 4.0 mA, 4.0 mA  Running$", out, G_REGEX_MULTILINE, 0));

  /* It said hello, the output stage reached 4 mA, and the session ended
   * stopped with the pins at 0; no value the firmware had to refuse. */
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "hello", NULL, FALSE, 0, 100), >, 0);
  wait_running (sim, 4.0);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "state", "stopped", TRUE, 0, 1000), >, 0);
  g_assert_false (range_naks (sim));
  assert_kept_time (sim);

  host_free (host);
  salve_test_sim_free (sim);
}

/* kill -9: the port closes, which a UART cannot see; the dead-man timer
 * stops the output. */
static void
test_kill_host (void)
{
  SalveTestSim *sim = firmware_start ();
  Host *host = host_start (sim, "2", "5");
  guint lines;

  wait_running (sim, 2.0);
  lines = act (sim, host, SIGKILL);
  g_assert_cmpint (sim_time_to_zero (sim, lines, "kill -9"), <=, 1100 * 1000);
  g_assert_cmpint (salve_test_sim_wait (sim, lines, "deadman", "stopped", TRUE, 0, 2000), >, 0);
  assert_kept_time (sim);

  host_wait (host);
  host_free (host);
  salve_test_sim_free (sim);
}

/* SIGSTOP: the port stays open and silent. */
static void
test_stop_host (void)
{
  SalveTestSim *sim = firmware_start ();
  Host *host = host_start (sim, "2", "5");
  guint lines;
  int status;

  wait_running (sim, 2.0);
  lines = act (sim, host, SIGSTOP);
  g_assert_cmpint (sim_time_to_zero (sim, lines, "SIGSTOP"), <=, 1100 * 1000);
  g_assert_cmpint (salve_test_sim_wait (sim, lines, "deadman", "stopped", TRUE, 0, 2000), >, 0);

  /* Woken up, the host finds its session over, and the output stays off. */
  kill (host->pid, SIGCONT);
  status = host_wait (host);
  {
    g_autofree char *out = host_output (host);

    g_test_message ("%s", out);
  }
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_cmpint (salve_test_sim_wait (sim, lines, "output", NULL, FALSE, 0.1, 300), <, 0);
  assert_kept_time (sim);

  host_free (host);
  salve_test_sim_free (sim);
}

/* SIGTERM: the host stops the device itself (STOP), well before the
 * dead-man timer would. */
static void
test_terminate_host (void)
{
  SalveTestSim *sim = firmware_start ();
  Host *host = host_start (sim, "2", "5");
  guint lines;
  int status;

  wait_running (sim, 2.0);
  lines = act (sim, host, SIGTERM);
  g_assert_cmpint (sim_time_to_zero (sim, lines, "SIGTERM"), <, 500 * 1000);
  g_assert_cmpint (salve_test_sim_wait (sim, lines, "state", "stopped", TRUE, 0, 1000), >, 0);
  g_assert_cmpint (salve_test_sim_wait (sim, lines, "deadman", NULL, FALSE, 0, 100), <, 0);
  status = host_wait (host);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 3);
  assert_kept_time (sim);

  host_free (host);
  salve_test_sim_free (sim);
}

/* A host of the test's own, frame by frame, on the pty: what salvectl
 * never sends (NAKs, repeats, stale heartbeats) can be tried. */
typedef struct
{
  int               fd;
  guint8            seq;
  SalveFrameDecoder decoder;
  guint             n_status;
  SalveDeviceStatus status;    /* the last STATUS */
  gboolean          fault_seen;
  guint8            fault;
  guint8            last_sent[SALVE_FRAME_MAX_ENCODED];
  gsize             last_sent_len;
} Wire;

static Wire *
wire_open (SalveTestSim *sim)
{
  Wire *wire = g_new0 (Wire, 1);
  struct termios tio;

  /* Bytes before the firmware's receiver is on would be lost. */
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "uart-on", NULL, FALSE, 0, 2000), >, 0);
  wire->fd = open (sim->pty, O_RDWR | O_NOCTTY | O_NONBLOCK);
  g_assert_cmpint (wire->fd, >=, 0);
  g_assert_cmpint (tcgetattr (wire->fd, &tio), ==, 0);
  cfmakeraw (&tio);
  g_assert_cmpint (tcsetattr (wire->fd, TCSANOW, &tio), ==, 0);
  salve_frame_decoder_init (&wire->decoder);

  return wire;
}

static void
wire_close (Wire *wire)
{
  close (wire->fd);
  g_free (wire);
}

static void
wire_write (Wire         *wire,
            const guint8 *bytes,
            gsize         n)
{
  while (n > 0)
    {
      gssize w = write (wire->fd, bytes, n);

      if (w < 0)
        {
          g_assert_cmpint (errno, ==, EAGAIN);
          g_usleep (1000);
          continue;
        }
      bytes += w;
      n -= (gsize) w;
    }
}

/* Sends @frame with the next seq (unless @keep_seq). Returns the seq. */
static guint8
wire_send (Wire       *wire,
           SalveFrame *frame)
{
  frame->seq = ++wire->seq;
  wire->last_sent_len = salve_frame_encode (frame, wire->last_sent, sizeof wire->last_sent);
  g_assert_cmpuint (wire->last_sent_len, >, 0);
  wire_write (wire, wire->last_sent, wire->last_sent_len);

  return frame->seq;
}

/* The last frame again, byte for byte. */
static void
wire_repeat (Wire *wire)
{
  wire_write (wire, wire->last_sent, wire->last_sent_len);
}

/* The next frame from the device, or FALSE after @timeout_ms. STATUS and
 * FAULT frames are noted on the way. */
static gboolean
wire_next (Wire       *wire,
           SalveFrame *frame,
           guint       timeout_ms)
{
  gint64 deadline = salve_test_now_ms () + timeout_ms;

  for (;;)
    {
      struct pollfd pfd = { wire->fd, POLLIN, 0 };
      guint8 byte;
      gint64 left = deadline - salve_test_now_ms ();

      if (left <= 0 || poll (&pfd, 1, (int) left) <= 0)
        return FALSE;
      while (read (wire->fd, &byte, 1) == 1)
        if (salve_frame_decoder_push (&wire->decoder, byte, frame) == SALVE_FRAME_OK)
          {
            if (frame->type == SALVE_MSG_STATUS)
              {
                g_assert_true (salve_msg_parse_status (frame, &wire->status, NULL));
                wire->n_status++;
              }
            else if (frame->type == SALVE_MSG_FAULT)
              {
                wire->fault_seen = TRUE;
                wire->fault = frame->payload[0];
              }
            return TRUE;
          }
    }
}

/* Waits for a frame of @type; FALSE after @timeout_ms. */
static gboolean
wire_expect (Wire       *wire,
             guint8      type,
             SalveFrame *frame,
             guint       timeout_ms)
{
  gint64 deadline = salve_test_now_ms () + timeout_ms;

  while (salve_test_now_ms () < deadline)
    if (wire_next (wire, frame, (guint) MAX (deadline - salve_test_now_ms (), 1)) && frame->type == type)
      return TRUE;

  return FALSE;
}

/* The answer to @seq: 0 for an ACK, else the NAK code (its parameter in
 * @param). Fails the test without an answer within the host's 200 ms. */
static guint8
wire_answer (Wire   *wire,
             guint8  seq,
             guint8 *param)
{
  gint64 deadline = salve_test_now_ms () + 200;
  SalveFrame frame;

  while (salve_test_now_ms () < deadline)
    if (wire_next (wire, &frame, (guint) MAX (deadline - salve_test_now_ms (), 1)))
      {
        if (frame.type == SALVE_MSG_ACK && frame.length == 1 && frame.payload[0] == seq)
          return 0;
        if (frame.type == SALVE_MSG_NAK && frame.length == 3 && frame.payload[0] == seq)
          {
            if (param)
              *param = frame.payload[2];
            return frame.payload[1];
          }
      }
  g_error ("no answer to seq %u within 200 ms", seq);
}

static guint8
wire_command (Wire       *wire,
              SalveFrame *frame,
              guint8     *param)
{
  return wire_answer (wire, wire_send (wire, frame), param);
}

static guint8
wire_simple (Wire   *wire,
             guint8  type)
{
  SalveFrame frame;

  salve_msg_init (&frame, type, 0);
  return wire_command (wire, &frame, NULL);
}

static guint8
wire_intensity (Wire    *wire,
                guint8   channel,
                guint32  target,
                guint8  *param)
{
  SalveFrame frame;

  salve_msg_build_intensity (&frame, 0, channel, target);
  return wire_command (wire, &frame, param);
}

static guint8
wire_params (Wire    *wire,
             guint8   type,
             guint8   wire_param,
             guint32  value,
             guint8  *param)
{
  SalveFrame frame;
  SalveWireValue values[1] = { { wire_param, value } };

  g_assert_true (salve_msg_build_params (&frame, type, 0, values, 1));
  return wire_command (wire, &frame, param);
}

/* HELLO: INFO, then ACK, then STATUS. */
static void
wire_hello (Wire            *wire,
            SalveDeviceInfo *info)
{
  SalveFrame frame;
  guint8 seq;

  /* As the host does: a device that is still starting up (bytes before
   * its UART is on are lost) gets the HELLO again after 350 ms. */
  for (guint attempt = 0;; attempt++)
    {
      salve_msg_build_hello (&frame, 0);
      seq = wire_send (wire, &frame);
      if (wire_expect (wire, SALVE_MSG_INFO, &frame, 350))
        break;
      g_assert_cmpuint (attempt, <, 2);
    }
  g_assert_true (salve_msg_parse_info (&frame, info, NULL));
  g_assert_cmpuint (wire_answer (wire, seq, NULL), ==, 0);
  g_assert_true (wire_expect (wire, SALVE_MSG_STATUS, &frame, 250));
  g_assert_cmpuint (wire->status.state, ==, SALVE_DEVICE_IDLE);
}

static guint8
wire_state (Wire *wire)
{
  SalveFrame frame;

  g_assert_true (wire_expect (wire, SALVE_MSG_STATUS, &frame, 300));
  return wire->status.state;
}

/* The last duty of channel 0 in the firmware's log. */
static gint64
last_duty (SalveTestSim *sim)
{
  g_autoptr(GPtrArray) lines = salve_test_sim_read_log (sim);
  JsonObject *line = g_ptr_array_index (lines, lines->len - 1);

  return json_array_get_int_element (json_object_get_array_member (line, "duty"), 0);
}

/* Every MUST of sections 4 to 6 that salvectl never puts to the test:
 * the answers to what a correct host never sends. */
static void
test_protocol_rules (void)
{
  SalveTestSim *sim = firmware_start ();
  Wire *wire = wire_open (sim);
  SalveDeviceInfo info;
  SalveFrame frame;
  guint8 param = 0, seq;
  guint n_status;
  gint64 start;

  /* Before HELLO: NAK 0x08. */
  g_assert_cmpuint (wire_simple (wire, SALVE_MSG_START), ==, SALVE_NAK_NO_HELLO);

  /* INFO: version 1, TENS, 2 channels, intensity first from 0, and the
   * parameter ranges; its model and firmware are printable. */
  wire_hello (wire, &info);
  g_assert_cmpuint (info.version, ==, 1);
  g_assert_cmpint (info.modality, ==, SALVE_MODALITY_TENS);
  g_assert_cmpuint (info.channels, ==, 2);
  g_assert_cmpuint (info.n_params, ==, 4);
  g_assert_cmpuint (info.params[0].param, ==, SALVE_WIRE_INTENSITY);
  g_assert_cmpuint (info.params[0].min, ==, 0);
  g_assert_cmpuint (info.params[0].max, ==, 50000);
  g_assert_cmpuint (info.params[0].step, ==, 100);
  g_assert_nonnull (salve_device_info_get_range (&info, SALVE_WIRE_FREQUENCY));
  g_assert_nonnull (salve_device_info_get_range (&info, SALVE_WIRE_PULSE_WIDTH));
  g_assert_nonnull (salve_device_info_get_range (&info, SALVE_WIRE_PROGRAM));
  g_assert_cmpuint (info.ramp_increment, ==, 1000);
  g_assert_cmpuint (info.ramp_rate, ==, 5000);

  /* Unknown type, wrong length, wrong state. */
  g_assert_cmpuint (wire_simple (wire, 0x70), ==, SALVE_NAK_UNKNOWN_TYPE);
  salve_msg_init (&frame, SALVE_MSG_START, 0);
  salve_msg_put_u8 (&frame, 0);
  g_assert_cmpuint (wire_command (wire, &frame, NULL), ==, SALVE_NAK_BAD_LENGTH);
  g_assert_cmpuint (wire_intensity (wire, 0xFF, 1000, NULL), ==, SALVE_NAK_BAD_STATE);
  g_assert_cmpuint (wire_simple (wire, SALVE_MSG_PAUSE), ==, SALVE_NAK_BAD_STATE);

  /* SET_LIMITS: only the intensity, never above the device's own max. */
  g_assert_cmpuint (wire_params (wire, SALVE_MSG_SET_LIMITS, SALVE_WIRE_FREQUENCY, 100, &param), ==, SALVE_NAK_UNKNOWN_PARAM);
  g_assert_cmpuint (param, ==, SALVE_WIRE_FREQUENCY);
  g_assert_cmpuint (wire_params (wire, SALVE_MSG_SET_LIMITS, SALVE_WIRE_INTENSITY, 50100, &param), ==, SALVE_NAK_OUT_OF_RANGE);
  g_assert_cmpuint (wire_params (wire, SALVE_MSG_SET_LIMITS, SALVE_WIRE_INTENSITY, 1500, NULL), ==, 0);

  /* SET_PROGRAM: range, step, and intensity is not a program value. */
  g_assert_cmpuint (wire_params (wire, SALVE_MSG_SET_PROGRAM, SALVE_WIRE_PULSE_WIDTH, 55, &param), ==, SALVE_NAK_BAD_STEP);
  g_assert_cmpuint (param, ==, SALVE_WIRE_PULSE_WIDTH);
  g_assert_cmpuint (wire_params (wire, SALVE_MSG_SET_PROGRAM, SALVE_WIRE_FREQUENCY, 5, NULL), ==, SALVE_NAK_OUT_OF_RANGE);
  g_assert_cmpuint (wire_params (wire, SALVE_MSG_SET_PROGRAM, SALVE_WIRE_INTENSITY, 100, NULL), ==, SALVE_NAK_UNKNOWN_PARAM);
  g_assert_cmpuint (wire_params (wire, SALVE_MSG_SET_PROGRAM, SALVE_WIRE_PULSE_WIDTH, 200, NULL), ==, 0);

  /* START: running, at once in a STATUS. */
  g_assert_cmpuint (wire_simple (wire, SALVE_MSG_START), ==, 0);
  g_assert_cmpuint (wire_state (wire), ==, SALVE_DEVICE_RUNNING);
  g_assert_cmpuint (wire_params (wire, SALVE_MSG_SET_PROGRAM, SALVE_WIRE_PULSE_WIDTH, 100, NULL), ==, SALVE_NAK_BAD_STATE);

  /* SET_INTENSITY: rise, step, channel, ceiling; nothing moves on a NAK. */
  g_assert_cmpuint (wire_intensity (wire, 0xFF, 1100, NULL), ==, SALVE_NAK_RISE_TOO_FAST);
  g_assert_cmpuint (wire_intensity (wire, 0xFF, 950, NULL), ==, SALVE_NAK_BAD_STEP);
  g_assert_cmpuint (wire_intensity (wire, 5, 0, &param), ==, SALVE_NAK_OUT_OF_RANGE);
  g_assert_cmpuint (param, ==, 0);
  g_assert_cmpint (last_duty (sim), ==, 0);
  g_assert_cmpuint (wire_intensity (wire, 0xFF, 1000, NULL), ==, 0);
  g_assert_cmpuint (wire_intensity (wire, 0xFF, 2000, &param), ==, SALVE_NAK_OUT_OF_RANGE);
  g_assert_cmpuint (param, ==, SALVE_WIRE_INTENSITY);

  /* A repeat is answered again (same acked seq), not executed. */
  seq = wire->seq;
  wire_repeat (wire);
  g_assert_cmpuint (wire_answer (wire, seq, &param), ==, SALVE_NAK_OUT_OF_RANGE);

  /* STATUS at 4 Hz at least; never more than the target; the PWM duty
   * follows the ramp (1 mA at 5 mA/s: 200 ms, here in simulated time). */
  n_status = wire->n_status;
  start = salve_test_now_ms ();
  while (salve_test_now_ms () - start < 1000)
    {
      SalveFrame heartbeat;

      salve_msg_build_heartbeat (&heartbeat, 0, (guint32) salve_test_now_ms ());
      g_assert_cmpuint (wire_command (wire, &heartbeat, NULL), ==, 0);
      g_assert_cmpuint (wire->status.output[0], <=, 1000);
      g_usleep (150 * 1000);
    }
  g_assert_cmpuint (wire->n_status - n_status, >=, 4);
  g_assert_cmpuint (wire->status.output[0], ==, 1000);
  g_assert_cmpuint (wire->status.output[1], ==, 1000);
  {
    g_autoptr(GPtrArray) lines = salve_test_sim_read_log (sim);
    gint64 first_on = -1, full = -1;

    for (guint i = 0; i < lines->len; i++)
      {
        JsonObject *line = g_ptr_array_index (lines, i);
        gint64 duty = json_array_get_int_element (json_object_get_array_member (line, "duty"), 0);

        if (first_on < 0 && duty > 0)
          first_on = json_object_get_int_member (line, "sim_us");
        if (full < 0 && duty == 6)   /* 1 mA of 50: 5.12/256, rounded up */
          full = json_object_get_int_member (line, "sim_us");
      }
    g_assert_cmpint (first_on, >, 0);
    g_assert_cmpint (full, >, first_on);
    g_test_message ("ramp to 1 mA: %" G_GINT64_FORMAT " ms (simulated)", (full - first_on) / 1000);
    g_assert_cmpint (full - first_on, >=, 150 * 1000);
    g_assert_cmpint (full - first_on, <=, 250 * 1000);
  }

  /* A lower ceiling brings the output down at once. */
  g_assert_cmpuint (wire_params (wire, SALVE_MSG_SET_LIMITS, SALVE_WIRE_INTENSITY, 500, NULL), ==, 0);
  g_assert_cmpint (last_duty (sim), ==, 3);

  /* PAUSE: output 0 at once; STOP: always ACKed, also twice. */
  g_assert_cmpuint (wire_simple (wire, SALVE_MSG_PAUSE), ==, 0);
  g_assert_cmpuint (wire_state (wire), ==, SALVE_DEVICE_PAUSED);
  g_assert_cmpuint (wire->status.output[0], ==, 0);
  g_assert_cmpint (last_duty (sim), ==, 0);
  g_assert_cmpuint (wire_simple (wire, SALVE_MSG_STOP), ==, 0);
  g_assert_cmpuint (wire_state (wire), ==, SALVE_DEVICE_STOPPED);
  g_assert_cmpuint (wire_simple (wire, SALVE_MSG_STOP), ==, 0);

  wire_close (wire);
  salve_test_sim_free (sim);
}

/* Runs a session at 1 mA and returns when the PWM duty is on. */
static void
wire_session (SalveTestSim *sim,
              Wire         *wire)
{
  SalveDeviceInfo info;

  wire_hello (wire, &info);
  g_assert_cmpuint (wire_simple (wire, SALVE_MSG_START), ==, 0);
  g_assert_cmpuint (wire_intensity (wire, 0xFF, 1000, NULL), ==, 0);
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "output", "running", FALSE, 0.9, 1000), >, 0);
}

/* Only fresh intent restarts the dead-man timer: neither a repeated frame,
 * nor a heartbeat whose counter did not advance, nor a frame of the
 * device's own types (an echo of its STATUS on the line) keeps the output
 * on. */
static void
test_protocol_stale (void)
{
  SalveTestSim *sim = firmware_start ();
  Wire *wire = wire_open (sim);

  for (guint round = 0; round < 3; round++)
    {
      SalveFrame frame;
      guint lines;
      gint64 fresh, zero;
      guint32 host_ms = 1000;

      wire_session (sim, wire);
      salve_msg_build_heartbeat (&frame, 0, host_ms);
      g_assert_cmpuint (wire_command (wire, &frame, NULL), ==, 0);
      lines = salve_test_sim_n_lines (sim);
      salve_test_sim_signal (sim, SIGUSR1);
      fresh = salve_test_now_ms ();

      /* Every 200 ms for 1.5 s: the same frame again (round 0), or a new
       * frame with the same counter (round 1). Each is answered. */
      while (salve_test_now_ms () - fresh < 1500)
        {
          g_usleep (200 * 1000);
          if (round == 0)
            {
              guint8 code;

              wire_repeat (wire);
              /* ACKed again, until the timer expired (FAULT 0x05); then
               * the connection is forgotten (NAK 0x08). */
              code = wire_answer (wire, wire->seq, NULL);
              g_assert_true (code == 0 || (code == SALVE_NAK_NO_HELLO && wire->fault_seen));
            }
          else if (round == 1)
            {
              salve_msg_build_heartbeat (&frame, 0, host_ms);
              wire_send (wire, &frame);
            }
          else
            {
              salve_msg_init (&frame, SALVE_MSG_STATUS, 0);
              wire_send (wire, &frame);
            }
        }

      zero = sim_time_to_zero (sim, lines, round == 0 ? "the last fresh frame (repeats since)"
                                           : round == 1 ? "the last fresh frame (stale heartbeats since)"
                                                        : "the last fresh frame (its own STATUS echoed since)");
      g_assert_cmpint (zero, >=, 900 * 1000);
      g_assert_cmpint (zero, <=, 1100 * 1000);
      g_assert_cmpint (salve_test_sim_wait (sim, lines, "deadman", "stopped", TRUE, 0, 100), >, 0);

      /* The connection is forgotten: NAK 0x08 until the next HELLO. */
      g_assert_cmpuint (wire_simple (wire, SALVE_MSG_START), ==, SALVE_NAK_NO_HELLO);
      wire->fault_seen = FALSE;
    }

  wire_close (wire);
  salve_test_sim_free (sim);
}

/* The port closed without a STOP, the host process alive: the UART
 * cannot tell, the dead-man timer stops the output. */
static void
test_port_closed (void)
{
  SalveTestSim *sim = firmware_start ();
  Wire *wire = wire_open (sim);
  SalveFrame frame;
  guint lines;

  wire_session (sim, wire);
  salve_msg_build_heartbeat (&frame, 0, 1000);
  g_assert_cmpuint (wire_command (wire, &frame, NULL), ==, 0);
  lines = salve_test_sim_n_lines (sim);
  wire_close (wire);
  salve_test_sim_signal (sim, SIGUSR1);
  g_assert_cmpint (sim_time_to_zero (sim, lines, "the port closed"), <=, 1100 * 1000);
  g_assert_cmpint (salve_test_sim_wait (sim, lines, "deadman", "stopped", TRUE, 0, 1500), >, 0);
  assert_kept_time (sim);

  salve_test_sim_free (sim);
}

/* A firmware that hangs with interrupts off (no dead-man interrupt
 * either) is reset by the watchdog, and the reset leaves the output pins
 * low; it comes back with nothing of the connection. */
static void
test_watchdog (void)
{
  SalveTestSim *sim = firmware_start ();
  Wire *wire = wire_open (sim);
  g_autoptr(GPtrArray) lines = NULL;
  gint64 hang_us = -1, zero_us = -1;
  guint after;

  wire_session (sim, wire);
  after = salve_test_sim_n_lines (sim);
  salve_test_sim_signal (sim, SIGUSR2);
  g_assert_cmpint (salve_test_sim_wait (sim, after, "uart-on", NULL, TRUE, 0, 2000), >, 0);

  lines = salve_test_sim_read_log (sim);
  for (guint i = after; i < lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (lines, i);

      if (hang_us < 0 && g_strcmp0 (json_object_get_string_member (line, "event"), "hang") == 0)
        {
          hang_us = json_object_get_int_member (line, "sim_us");
          g_assert_false (duty_zero (line));
        }
      if (hang_us >= 0 && zero_us < 0 && duty_zero (line))
        zero_us = json_object_get_int_member (line, "sim_us");
    }
  g_assert_cmpint (hang_us, >, 0);
  g_assert_cmpint (zero_us, >, hang_us);
  g_test_message ("PWM duty 0 %" G_GINT64_FORMAT " ms (simulated) after the firmware hung", (zero_us - hang_us) / 1000);
  /* The watchdog's 250 ms (its oscillator is ±10 % on the real part). */
  g_assert_cmpint (zero_us - hang_us, <=, 300 * 1000);

  g_assert_cmpuint (wire_simple (wire, SALVE_MSG_START), ==, SALVE_NAK_NO_HELLO);
  g_assert_cmpint (salve_test_sim_wait (sim, after, "output", NULL, FALSE, 0.1, 200), <, 0);

  wire_close (wire);
  salve_test_sim_free (sim);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* The tests' simulator helpers run whatever SALVE_STIM_SIM names. */
  g_assert_nonnull (g_getenv ("SALVE_FIRMWARE_SIM"));
  g_setenv ("SALVE_STIM_SIM", g_getenv ("SALVE_FIRMWARE_SIM"), TRUE);

  g_test_add_func ("/firmware/session", test_session);
  g_test_add_func ("/firmware/kill-host", test_kill_host);
  g_test_add_func ("/firmware/stop-host", test_stop_host);
  g_test_add_func ("/firmware/terminate-host", test_terminate_host);
  g_test_add_func ("/firmware/port-closed", test_port_closed);
  g_test_add_func ("/firmware/protocol/rules", test_protocol_rules);
  g_test_add_func ("/firmware/protocol/stale", test_protocol_stale);
  g_test_add_func ("/firmware/watchdog", test_watchdog);

  return g_test_run ();
}
