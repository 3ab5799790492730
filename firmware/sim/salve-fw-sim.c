/* salve-fw-sim.c: runs the reference firmware in simavr, on a pty
 *
 *   salve-fw-sim --elf FIRMWARE.elf [--log FILE] [--full-scale-ma MA]
 *
 * An ATmega328P at 16 MHz runs the ELF at the pace of the wall clock. Its
 * USART0 is bridged to a pseudo-terminal whose path is the first line on
 * standard output (as salve-stim-sim does, so the same tests drive both).
 * The log gets one JSON object per line, flushed per line:
 *
 *   output  the duty of each channel's PWM pin (OC0A, OC2A) in 1/256,
 *           on every change, with "output" in mA (duty × full scale)
 *   state   the state the firmware last reported (STATUS), on change
 *   hello, nak, fault, deadman   from the frames the firmware sends
 *   uart-on  the firmware has turned its UART receiver on (after a reset too)
 *   link-up, link-lost      the host opened / closed the pty
 *   mark    on SIGUSR1, so a test can place an instant in simulated time
 *   hang    on SIGUSR2 the firmware hangs with interrupts off: the CPU is
 *           sent to avr-libc's final "cli; rjmp ." (_exit), so that only
 *           the watchdog can bring the output down
 *   exit    on SIGTERM or SIGINT, with the counters
 *
 * Every line has t_ms and t_us (CLOCK_MONOTONIC, as salve-stim-sim's log)
 * and sim_us, the simulated time, and lag_us, how far the simulation is
 * behind the wall clock.
 *
 * The bridge is our own rather than simavr's uart_pty part: that one
 * prints to standard output, makes a symlink in /tmp, and on a read error
 * (EIO, when the host closes the pty) takes -1 for a length and replays
 * its old buffer into the UART.
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sim_avr.h>
#include <sim_elf.h>
#include <avr_uart.h>

#include "salve-fw-codec.h"

#define F_CPU        16000000UL
#define CHANNELS     2
#define SERVICE_US   500            /* pty and pacing, in simulated time */
#define HOST_BUF     4096

/* ATmega328P data-space addresses of the output stage's registers. */
#define REG_PORTB    0x25
#define REG_DDRB     0x24
#define REG_PORTD    0x2B
#define REG_DDRD     0x2A
#define REG_TCCR0A   0x44
#define REG_OCR0A    0x47
#define REG_TCCR2A   0xB0
#define REG_OCR2A    0xB3
#define REG_UCSR0B   0xC1
#define RXEN0_BIT    (1 << 4)

static const char * const state_names[] = { "idle", "running", "paused", "stopped", "fault" };

static volatile sig_atomic_t got_term;
static volatile sig_atomic_t got_mark;
static volatile sig_atomic_t got_hang;

static struct
{
  avr_t     *avr;
  int        master;
  FILE      *log;
  double     full_scale_ma;
  long long  start_us;
  long long  max_lag_us;

  int        link_up;
  int        xon;
  unsigned char host[HOST_BUF];
  size_t     host_len, host_done;

  FwDecoder  decoder;
  int        state;
  int        uart_on;
  unsigned   duty[CHANNELS];

  unsigned   frames_tx;
  unsigned   bytes_rx;
  unsigned   deadman_stops;
  unsigned   link_losses;
} sim;

static void
on_signal (int signum)
{
  if (signum == SIGUSR1)
    got_mark = 1;
  else if (signum == SIGUSR2)
    got_hang = 1;
  else
    got_term = 1;
}

static long long
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static long long
sim_us (void)
{
  return (long long) (sim.avr->cycle / (F_CPU / 1000000));
}

static void log_event (const char *event, const char *format, ...) __attribute__ ((format (printf, 2, 3)));

static void
log_event (const char *event,
           const char *format,
           ...)
{
  long long t = now_us ();
  va_list ap;

  if (sim.log == NULL)
    return;

  fprintf (sim.log, "{\"t_ms\":%lld,\"t_us\":%lld,\"sim_us\":%lld,\"lag_us\":%lld,\"event\":\"%s\",\"state\":\"%s\","
           "\"duty\":[",
           t / 1000, t, sim_us (), (t - sim.start_us) - sim_us (), event, state_names[sim.state]);
  for (int c = 0; c < CHANNELS; c++)
    fprintf (sim.log, "%s%u", c ? "," : "", sim.duty[c]);
  fprintf (sim.log, "],\"output\":[");
  for (int c = 0; c < CHANNELS; c++)
    fprintf (sim.log, "%s%.3f", c ? "," : "", sim.duty[c] * sim.full_scale_ma / 256.0);
  fprintf (sim.log, "]");
  if (format != NULL)
    {
      fputc (',', sim.log);
      va_start (ap, format);
      vfprintf (sim.log, format, ap);
      va_end (ap);
    }
  fprintf (sim.log, "}\n");
  fflush (sim.log);
}

/* The duty on a PWM pin, in 1/256: the timer drives it while its compare
 * output is connected (non-inverting fast PWM: OCR + 1), else the port
 * bit does (0 or all). */
static unsigned
pin_duty (uint8_t tccr,
          uint8_t ocr,
          uint8_t port,
          uint8_t ddr,
          uint8_t bit)
{
  if (!(ddr & bit))
    return 0;
  if (tccr & 0x80)
    return (unsigned) ocr + 1;

  return (port & bit) ? 256 : 0;
}

static void
check_pins (void)
{
  const uint8_t *d = sim.avr->data;
  unsigned duty[CHANNELS];

  /* Bytes that arrive before the firmware turns its receiver on are
   * lost, as on the real part while it boots. */
  if (sim.uart_on != !!(d[REG_UCSR0B] & RXEN0_BIT))
    {
      sim.uart_on = !sim.uart_on;
      if (sim.uart_on)
        log_event ("uart-on", NULL);
    }

  duty[0] = pin_duty (d[REG_TCCR0A], d[REG_OCR0A], d[REG_PORTD], d[REG_DDRD], 1 << 6);
  duty[1] = pin_duty (d[REG_TCCR2A], d[REG_OCR2A], d[REG_PORTB], d[REG_DDRB], 1 << 3);
  if (duty[0] == sim.duty[0] && duty[1] == sim.duty[1])
    return;

  memcpy (sim.duty, duty, sizeof duty);
  log_event ("output", NULL);
}

/* A frame the firmware sent: what the host will learn, for the log. */
static void
device_frame (const FwFrame *frame)
{
  sim.frames_tx++;
  switch (frame->type)
    {
    case 0x82:
      log_event ("hello", NULL);
      break;
    case 0x81:
      if (frame->length >= 3)
        log_event ("nak", "\"seq\":%u,\"code\":%u,\"param\":%u",
                   frame->payload[0], frame->payload[1], frame->payload[2]);
      break;
    case 0x83:
      if (frame->length >= 1 && frame->payload[0] < 5 && frame->payload[0] != sim.state)
        {
          sim.state = frame->payload[0];
          log_event ("state", NULL);
        }
      break;
    case 0x84:
      if (frame->length >= 2 && frame->payload[0] == 0x05)
        {
          sim.state = 3;
          sim.deadman_stops++;
          log_event ("deadman", NULL);
        }
      else if (frame->length >= 2)
        {
          sim.state = 4;
          log_event ("fault", "\"code\":%u", frame->payload[0]);
        }
      break;
    default:
      break;
    }
}

static void
uart_out_hook (struct avr_irq_t *irq,
               uint32_t          value,
               void             *param)
{
  uint8_t byte = (uint8_t) value;
  FwFrame frame;

  if (fw_decoder_push (&sim.decoder, byte, &frame) == FW_DECODE_FRAME)
    device_frame (&frame);

  /* Nobody has the port open: the byte is lost, as on a real line. */
  if (sim.link_up && write (sim.master, &byte, 1) < 0 && errno != EAGAIN && errno != EIO)
    fprintf (stderr, "salve-fw-sim: write: %s\n", strerror (errno));
}

static void
uart_xon_hook (struct avr_irq_t *irq,
               uint32_t          value,
               void             *param)
{
  sim.xon = 1;
}

static void
uart_xoff_hook (struct avr_irq_t *irq,
                uint32_t          value,
                void             *param)
{
  sim.xon = 0;
}

/* The simulated CPU sleeps between interrupts; simavr has already moved
 * its clock on, and pace() keeps it with the wall clock. */
static void
no_sleep (avr_t             *avr,
          avr_cycle_count_t  how_long)
{
}

static void
service_pty (void)
{
  struct pollfd pfd = { sim.master, POLLIN, 0 };
  avr_irq_t *input = avr_io_getirq (sim.avr, AVR_IOCTL_UART_GETIRQ ('0'), UART_IRQ_INPUT);
  int r = poll (&pfd, 1, 0);

  if (r > 0 && (pfd.revents & POLLHUP) && !(pfd.revents & POLLIN))
    {
      if (sim.link_up)
        {
          sim.link_up = 0;
          sim.link_losses++;
          /* What was on its way is lost with the line. */
          sim.host_len = sim.host_done = 0;
          log_event ("link-lost", NULL);
        }
    }
  else if (r >= 0 && !(pfd.revents & POLLHUP) && !sim.link_up)
    {
      sim.link_up = 1;
      log_event ("link-up", NULL);
    }

  if (r > 0 && (pfd.revents & POLLIN) && sim.host_done == sim.host_len)
    {
      ssize_t n = read (sim.master, sim.host, sizeof sim.host);

      sim.host_len = n > 0 ? (size_t) n : 0;
      sim.host_done = 0;
      sim.bytes_rx += n > 0 ? (unsigned) n : 0;
    }

  /* Into the UART as fast as its receive FIFO takes them; the UART
   * delivers them to the firmware at the line's byte time. */
  while (sim.host_done < sim.host_len && sim.xon)
    avr_raise_irq (input, sim.host[sim.host_done++]);
}

/* The firmware hangs as badly as it can: interrupts off (no timer, so
 * no dead-man interrupt either), in an endless loop. The loop is
 * avr-libc's _exit, "cli; rjmp .", found in the flash by its opcodes. */
static void
hang (void)
{
  for (uint32_t a = 0; a + 4 <= sim.avr->flashend; a += 2)
    if (sim.avr->flash[a] == 0xF8 && sim.avr->flash[a + 1] == 0x94 &&
        sim.avr->flash[a + 2] == 0xFF && sim.avr->flash[a + 3] == 0xCF)
      {
        sim.avr->pc = a;
        sim.avr->sreg[S_I] = 0;
        sim.avr->state = cpu_Running;
        log_event ("hang", "\"pc\":%u", (unsigned) a);
        return;
      }

  fprintf (stderr, "salve-fw-sim: no \"cli; rjmp .\" in the firmware to hang in\n");
}

/* Never ahead of the wall clock; how far behind is logged. */
static void
pace (void)
{
  long long wall = now_us () - sim.start_us;
  long long ahead = sim_us () - wall;

  if (ahead > 200)
    {
      struct timespec ts = { ahead / 1000000, (ahead % 1000000) * 1000 };

      nanosleep (&ts, NULL);
    }
  else if (-ahead > sim.max_lag_us && sim_us () > 100000)
    sim.max_lag_us = -ahead;
}

static int
open_pty (char **path)
{
  struct termios tio;
  char *name;

  sim.master = posix_openpt (O_RDWR | O_NOCTTY);
  if (sim.master < 0 || grantpt (sim.master) < 0 || unlockpt (sim.master) < 0 ||
      (name = ptsname (sim.master)) == NULL)
    return -1;
  /* Raw, so that no byte of a frame is translated or echoed. */
  if (tcgetattr (sim.master, &tio) == 0)
    {
      cfmakeraw (&tio);
      cfsetispeed (&tio, B115200);
      cfsetospeed (&tio, B115200);
      tcsetattr (sim.master, TCSANOW, &tio);
    }
  fcntl (sim.master, F_SETFL, fcntl (sim.master, F_GETFL) | O_NONBLOCK);
  *path = strdup (name);

  return 0;
}

static void
usage (void)
{
  fprintf (stderr, "Usage: salve-fw-sim --elf FIRMWARE.elf [--log FILE] [--full-scale-ma MA]\n");
  exit (2);
}

int
main (int    argc,
      char **argv)
{
  const char *elf_path = NULL, *log_path = NULL;
  elf_firmware_t firmware;
  struct sigaction sa;
  char *pty = NULL;
  uint32_t flags = 0;
  avr_cycle_count_t next_service = 0;
  int state = cpu_Running;
  int saved_stdout, loaded;

  memset (&firmware, 0, sizeof firmware);
  sim.full_scale_ma = 50.0;
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--elf") == 0 && i + 1 < argc)
        elf_path = argv[++i];
      else if (strcmp (argv[i], "--log") == 0 && i + 1 < argc)
        log_path = argv[++i];
      else if (strcmp (argv[i], "--full-scale-ma") == 0 && i + 1 < argc)
        sim.full_scale_ma = atof (argv[++i]);
      else
        usage ();
    }
  if (elf_path == NULL && (elf_path = getenv ("SALVE_FIRMWARE_ELF")) == NULL)
    usage ();

  if (log_path != NULL && (sim.log = fopen (log_path, "a")) == NULL)
    {
      fprintf (stderr, "salve-fw-sim: cannot write %s: %s\n", log_path, strerror (errno));
      return 1;
    }

  /* simavr reports what it loaded on standard output, which belongs to
   * the pty path: send that to standard error. */
  fflush (stdout);
  saved_stdout = dup (STDOUT_FILENO);
  dup2 (STDERR_FILENO, STDOUT_FILENO);
  loaded = elf_read_firmware (elf_path, &firmware) == 0;
  fflush (stdout);
  dup2 (saved_stdout, STDOUT_FILENO);
  close (saved_stdout);
  if (!loaded)
    {
      fprintf (stderr, "salve-fw-sim: cannot load %s\n", elf_path);
      return 1;
    }
  sim.avr = avr_make_mcu_by_name ("atmega328p");
  if (sim.avr == NULL)
    {
      fprintf (stderr, "salve-fw-sim: simavr has no atmega328p\n");
      return 1;
    }
  avr_init (sim.avr);
  avr_load_firmware (sim.avr, &firmware);
  sim.avr->frequency = F_CPU;
  sim.avr->sleep = no_sleep;
  sim.avr->log = 1;   /* errors only */

  /* The UART's bytes go to the pty, not to simavr's console. */
  avr_ioctl (sim.avr, AVR_IOCTL_UART_GET_FLAGS ('0'), &flags);
  flags &= ~AVR_UART_FLAG_STDIO;
  avr_ioctl (sim.avr, AVR_IOCTL_UART_SET_FLAGS ('0'), &flags);
  avr_irq_register_notify (avr_io_getirq (sim.avr, AVR_IOCTL_UART_GETIRQ ('0'), UART_IRQ_OUTPUT),
                           uart_out_hook, NULL);
  avr_irq_register_notify (avr_io_getirq (sim.avr, AVR_IOCTL_UART_GETIRQ ('0'), UART_IRQ_OUT_XON),
                           uart_xon_hook, NULL);
  avr_irq_register_notify (avr_io_getirq (sim.avr, AVR_IOCTL_UART_GETIRQ ('0'), UART_IRQ_OUT_XOFF),
                           uart_xoff_hook, NULL);
  sim.xon = 1;
  fw_decoder_init (&sim.decoder);

  if (open_pty (&pty) != 0)
    {
      fprintf (stderr, "salve-fw-sim: could not create a pseudo-terminal: %s\n", strerror (errno));
      return 1;
    }

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGUSR1, &sa, NULL);
  sigaction (SIGUSR2, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
  signal (SIGPIPE, SIG_IGN);

  /* The contract: the path first, alone on its line, flushed. */
  printf ("%s\n", pty);
  fflush (stdout);

  sim.start_us = now_us ();
  log_event ("start-up", "\"port\":\"%s\",\"elf\":\"%s\",\"pid\":%d", pty, elf_path, (int) getpid ());

  while (!got_term)
    {
      state = avr_run (sim.avr);
      if (state == cpu_Done || state == cpu_Crashed)
        break;
      check_pins ();

      if (sim.avr->cycle >= next_service)
        {
          next_service = sim.avr->cycle + SERVICE_US * (F_CPU / 1000000);
          service_pty ();
          pace ();
          if (got_mark)
            {
              got_mark = 0;
              log_event ("mark", NULL);
            }
          if (got_hang)
            {
              got_hang = 0;
              hang ();
            }
        }
    }

  log_event ("exit", "\"cpu\":\"%s\",\"frames_tx\":%u,\"bytes_rx\":%u,\"deadman_stops\":%u,"
             "\"link_losses\":%u,\"max_lag_us\":%lld",
             state == cpu_Crashed ? "crashed" : state == cpu_Done ? "done" : "running",
             sim.frames_tx, sim.bytes_rx, sim.deadman_stops, sim.link_losses, sim.max_lag_us);
  if (sim.log != NULL)
    fclose (sim.log);
  close (sim.master);
  free (pty);

  return state == cpu_Crashed ? 1 : 0;
}
