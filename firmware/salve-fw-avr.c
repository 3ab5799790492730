/* salve-fw-avr.c: the reference firmware's board layer for an ATmega328P
 * at 16 MHz (an Arduino Uno)
 *
 *   USART0   115200 8N1 (U2X), interrupt driven, on the Uno's USB serial
 *   Timer1   1 kHz tick (CTC): the millisecond clock and the dead-man timer,
 *            which switches the outputs off from the interrupt itself
 *   Timer0   channel 0 output stage: fast PWM on OC0A (PD6, Uno pin 6)
 *   Timer2   channel 1 output stage: fast PWM on OC2A (PB3, Uno pin 11)
 *   Watchdog 250 ms, fed by the main loop only: a hung firmware resets,
 *            and a reset leaves every output pin low
 *
 * The PWM duty stands for the output stage's intensity (0 = off,
 * 256/256 = the full scale FW_INTENSITY_MAX); a real stimulator needs an
 * isolated, current-limited output stage behind it (see docs/protocol.md).
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>
#include <avr/wdt.h>
#include <util/atomic.h>

#include "salve-fw-device.h"
#include "salve-fw-hal.h"

#define BAUD_DIVISOR  16   /* (F_CPU / (8 × 115200)) − 1, rounded: 2.1 % fast */
#define RX_SIZE       128  /* powers of two */
#define TX_SIZE       256

static volatile uint8_t rx_buf[RX_SIZE];
static volatile uint8_t rx_head, rx_tail;
static volatile uint8_t tx_buf[TX_SIZE];
static volatile uint8_t tx_head, tx_tail;

static volatile uint16_t ms_now;
static volatile uint16_t deadman_left;   /* ms; 0 = not armed */
static volatile uint8_t  deadman_fired;

/* Before anything else runs: after a watchdog reset the watchdog stays
 * on with its shortest period (16 ms) until its flag is cleared, too
 * short for the start-up; main() turns it on again. */
void early_init (void) __attribute__ ((naked, used, section (".init3")));
void
early_init (void)
{
  MCUSR = 0;
  wdt_disable ();
}

static void
pwm_off (uint8_t channel)
{
  if (channel == 0)
    {
      TCCR0A &= (uint8_t) ~(_BV (COM0A1) | _BV (COM0A0));
      PORTD &= (uint8_t) ~_BV (PD6);
    }
  else
    {
      TCCR2A &= (uint8_t) ~(_BV (COM2A1) | _BV (COM2A0));
      PORTB &= (uint8_t) ~_BV (PB3);
    }
}

static void
all_off (void)
{
  for (uint8_t c = 0; c < FW_CHANNELS; c++)
    pwm_off (c);
}

ISR (TIMER1_COMPA_vect)
{
  ms_now++;
  if (deadman_left != 0 && --deadman_left == 0)
    {
      /* No fresh frame from the host for 1 s: off now, from here, whatever
       * the main loop is doing. */
      all_off ();
      deadman_fired = 1;
    }
}

ISR (USART_RX_vect)
{
  uint8_t byte = UDR0;
  uint8_t next = (uint8_t) ((rx_head + 1) % RX_SIZE);

  /* A full buffer loses the byte, as an overrun would: the CRC catches it. */
  if (next != rx_tail)
    {
      rx_buf[rx_head] = byte;
      rx_head = next;
    }
}

ISR (USART_UDRE_vect)
{
  if (tx_head == tx_tail)
    {
      UCSR0B &= (uint8_t) ~_BV (UDRIE0);
      return;
    }
  UDR0 = tx_buf[tx_tail];
  tx_tail = (uint8_t) ((tx_tail + 1) % TX_SIZE);
}

void
hal_put_byte (uint8_t byte)
{
  uint8_t next = (uint8_t) ((tx_head + 1) % TX_SIZE);

  /* The UART drains 11.5 bytes per millisecond: a full queue is empty
   * again well within the watchdog's period, which is not fed here. */
  while (next == tx_tail)
    ;
  tx_buf[tx_head] = byte;
  tx_head = next;
  UCSR0B |= _BV (UDRIE0);
}

void
hal_set_output (uint8_t  channel,
                uint32_t output)
{
  uint16_t counts;

  if (output > FW_INTENSITY_MAX)
    output = 0;
  /* Duty in 1/256: the smallest duty that is not below the output. */
  counts = (uint16_t) ((output * 256 + FW_INTENSITY_MAX - 1) / FW_INTENSITY_MAX);

  ATOMIC_BLOCK (ATOMIC_RESTORESTATE)
    {
      if (counts == 0 || deadman_fired)
        pwm_off (channel);
      else if (channel == 0)
        {
          OCR0A = (uint8_t) (counts - 1);
          TCCR0A |= _BV (COM0A1);
        }
      else
        {
          OCR2A = (uint8_t) (counts - 1);
          TCCR2A |= _BV (COM2A1);
        }
    }
}

void
hal_deadman_restart (void)
{
  ATOMIC_BLOCK (ATOMIC_RESTORESTATE)
    {
      /* An expiry stays until the protocol logic has taken it. */
      if (!deadman_fired)
        deadman_left = FW_DEADMAN_MS;
    }
}

void
hal_deadman_disarm (void)
{
  ATOMIC_BLOCK (ATOMIC_RESTORESTATE)
    deadman_left = 0;
}

uint8_t
hal_deadman_take_fired (void)
{
  uint8_t fired;

  ATOMIC_BLOCK (ATOMIC_RESTORESTATE)
    {
      fired = deadman_fired;
      deadman_fired = 0;
    }

  return fired;
}

static void
board_init (void)
{
  /* Output pins low and driven before any timer is connected to them. */
  PORTD &= (uint8_t) ~_BV (PD6);
  DDRD |= _BV (PD6);
  PORTB &= (uint8_t) ~_BV (PB3);
  DDRB |= _BV (PB3);

  /* Timer0, Timer2: fast PWM, 16 MHz / 64 / 256 = 977 Hz, outputs
   * disconnected until an output is asked for. */
  TCCR0A = _BV (WGM01) | _BV (WGM00);
  TCCR0B = _BV (CS01) | _BV (CS00);
  TCCR2A = _BV (WGM21) | _BV (WGM20);
  TCCR2B = _BV (CS22);

  /* Timer1: CTC at 1 kHz (16 MHz / 64 / 250). */
  TCCR1A = 0;
  TCCR1B = _BV (WGM12) | _BV (CS11) | _BV (CS10);
  OCR1A = 249;
  TIMSK1 = _BV (OCIE1A);

  /* USART0: 115200 8N1, double speed. */
  UBRR0H = 0;
  UBRR0L = BAUD_DIVISOR;
  UCSR0A = _BV (U2X0);
  UCSR0C = _BV (UCSZ01) | _BV (UCSZ00);
  UCSR0B = _BV (RXEN0) | _BV (TXEN0) | _BV (RXCIE0);

  wdt_enable (WDTO_250MS);
}

int
main (void)
{
  uint16_t ticked;

  board_init ();
  fw_device_init ();
  ticked = ms_now;
  sei ();

  for (;;)
    {
      uint8_t busy = 0;

      wdt_reset ();

      while (rx_tail != rx_head)
        {
          uint8_t byte = rx_buf[rx_tail];

          rx_tail = (uint8_t) ((rx_tail + 1) % RX_SIZE);
          fw_device_rx_byte (byte);
          busy = 1;
        }

      for (;;)
        {
          uint16_t now;

          ATOMIC_BLOCK (ATOMIC_RESTORESTATE)
            now = ms_now;
          if (now == ticked)
            break;
          ticked++;
          fw_device_tick_ms ();
          busy = 1;
        }

      /* Idle until the next interrupt (a byte, or the 1 ms tick). */
      if (!busy)
        {
          cli ();
          if (rx_tail == rx_head && ms_now == ticked)
            {
              sleep_enable ();
              sei ();
              sleep_cpu ();
              sleep_disable ();
            }
          sei ();
        }
    }
}
