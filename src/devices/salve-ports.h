/* salve-ports.h: serial ports, and which of them a stimulator answers on
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "salve-protocol.h"

G_BEGIN_DECLS

typedef struct
{
  char            *path;
  char            *description;  /* from libserialport; "" for a pty */
  gboolean         answered;     /* a stimulator said hello */
  SalveDeviceInfo  info;         /* valid when answered */
  char            *error;        /* why not, when probed */
} SalvePortInfo;

void           salve_port_info_free      (SalvePortInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalvePortInfo, salve_port_info_free)

/* The serial ports libserialport knows (element type SalvePortInfo, not
 * probed), sorted by path. */
GPtrArray     *salve_ports_list          (GError              **error);

/* Says hello on every port in @ports at the same time (each bounded to
 * about a second) and fills in answered/info/error. Never blocks. */
void           salve_ports_probe_async   (GPtrArray            *ports,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
GPtrArray     *salve_ports_probe_finish  (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
