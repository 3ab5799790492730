/* salve-fw-device.h: the device side of docs/protocol.md, version 1, as
 * portable C for small firmware (no allocation, no floating point).
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdint.h>

#define FW_CHANNELS           2
#define FW_INTENSITY_MAX      50000UL   /* µA: the output stage's full scale */
#define FW_INTENSITY_STEP     100UL     /* µA */
#define FW_RAMP_INCREMENT     1000UL    /* µA per SET_INTENSITY */
#define FW_RAMP_RATE          5000UL    /* µA per second */
#define FW_STATUS_EVERY_MS    200       /* 5 Hz; the protocol asks for 4 Hz at least */
#define FW_DEADMAN_MS         1000

void fw_device_init     (void);
/* One byte from the UART. */
void fw_device_rx_byte  (uint8_t byte);
/* Called once per millisecond: ramps, STATUS, the dead-man's aftermath. */
void fw_device_tick_ms  (void);
