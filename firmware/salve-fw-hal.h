/* salve-fw-hal.h: what the protocol logic (salve-fw-device.c) needs from
 * the board. salve-fw-avr.c implements it for an ATmega328P.
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdint.h>

/* Queues one byte for the UART; waits while the queue is full. */
void    hal_put_byte          (uint8_t  byte);
/* Drives channel @channel's output stage to @output (intensity wire
 * unit). Output 0 switches the stage off. The board keeps it off while
 * the dead-man timer has fired, whatever it is asked. */
void    hal_set_output        (uint8_t  channel,
                               uint32_t output);
/* Restarts the dead-man timer (1 s); does nothing while an expiry has
 * not been taken yet (hal_deadman_take_fired). */
void    hal_deadman_restart   (void);
/* Stops the dead-man timer (no connection: nothing to guard). */
void    hal_deadman_disarm    (void);
/* 1 once if the timer expired since the last call: the board has already
 * switched every output stage off by then, from its timer interrupt. */
uint8_t hal_deadman_take_fired (void);
