/* salve-device.h: one of the user's own therapy units
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "salve-ids.h"
#include "salve-modality.h"

G_BEGIN_DECLS

/* The connection of a unit without a serial link: the person sets it by
 * hand and Salve only times and logs the session. */
#define SALVE_DEVICE_CONNECTION_MANUAL "manual"

#define SALVE_TYPE_DEVICE (salve_device_get_type ())

#define SALVE_DEVICE_ERROR (salve_device_error_quark ())

typedef enum
{
  SALVE_DEVICE_ERROR_NOT_APPLICABLE,  /* a laser power on a TENS unit */
  SALVE_DEVICE_ERROR_OUT_OF_RANGE,
} SalveDeviceError;

/* A plain record; numeric limits are NAN when the device does not say. */
typedef struct
{
  gint64         id;               /* 0 until stored */
  char          *name;
  SalveModality  modality;
  char          *model;
  double         max_intensity_ma;
  double         max_power_mw;
  double         wavelength_nm;
  double         beam_cm2;         /* lasers */
  double         electrode_cm2;    /* stimulators */
  double         max_field_ut;     /* PEMF; 150 µT for a BEMER */
  int            channels;
  char          *connection;       /* a serial port path or "manual" */
  char          *created_at;
  char          *removed_at;       /* NULL while in use */
} SalveDevice;

GQuark       salve_device_error_quark     (void);
GType        salve_device_get_type        (void) G_GNUC_CONST;
SalveDevice *salve_device_new             (const char        *name,
                                           SalveModality      modality);
SalveDevice *salve_device_copy            (const SalveDevice *device);
void         salve_device_free            (SalveDevice       *device);
gboolean     salve_device_is_manual       (const SalveDevice *device);
/* Copies the device's limits and sizes into @plan: its maximum intensity,
 * power or field becomes a device limit, and its electrode or beam area
 * fills the plan where the plan has none. */
void         salve_device_apply_to_plan   (const SalveDevice *device,
                                           SalvePlan         *plan);
/* A device's own limit or size for @param (NAN: not given, always fine):
 * the parameter must belong to @modality and the value lie above 0 and
 * within the catalogue's limits for it (salve-modality.c). */
gboolean     salve_device_check_value     (SalveModality      modality,
                                           SalveParam         param,
                                           double             value,
                                           GError           **error);
/* salve_device_check_value() for every limit and size of @device. */
gboolean     salve_device_check           (const SalveDevice *device,
                                           GError           **error);
/* "max 50 mA · electrode 25 cm²", translated, for lists. */
char        *salve_device_describe_limits (const SalveDevice *device);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveDevice, salve_device_free)

G_END_DECLS
