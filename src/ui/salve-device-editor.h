/* salve-device-editor.h: the form to add or edit a device
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "salve-device.h"

G_BEGIN_DECLS

#define SALVE_TYPE_DEVICE_EDITOR (salve_device_editor_get_type ())

G_DECLARE_FINAL_TYPE (SalveDeviceEditor, salve_device_editor, SALVE, DEVICE_EDITOR, AdwWindow)

/* @device NULL adds a new one. Emits "saved" with the edited copy
 * (SalveDevice, owned by the editor) when the person saves; the caller
 * stores it. */
SalveDeviceEditor *salve_device_editor_new (GtkWindow         *parent,
                                            const SalveDevice *device);
/* For a "saved" handler that could not store the device (its name taken,
 * the database refused the write): says why over the editor, which stays
 * open with what was typed instead of closing. */
void               salve_device_editor_refuse_save (SalveDeviceEditor *self,
                                                    const char        *message);

G_END_DECLS
