/* salve-devices-view.h
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SALVE_TYPE_DEVICES_VIEW (salve_devices_view_get_type ())

G_DECLARE_FINAL_TYPE (SalveDevicesView, salve_devices_view, SALVE, DEVICES_VIEW, AdwBin)

/* For tests: TRUE while Find Device is looking. */
gboolean _salve_devices_view_is_finding    (SalveDevicesView *self);
/* For tests: TRUE when a stimulator answered on @path at the last Find
 * Device. */
gboolean _salve_devices_view_port_answered (SalveDevicesView *self,
                                            const char       *path);

G_END_DECLS
