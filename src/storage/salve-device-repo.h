/* salve-device-repo.h: the user's devices
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-db.h"
#include "salve-device.h"

G_BEGIN_DECLS

/* Stores a new device; fills in its id and created_at. */
gboolean     salve_device_repo_add     (SalveDb      *db,
                                        SalveDevice  *device,
                                        GError      **error);
/* Writes every field of an existing device. */
gboolean     salve_device_repo_update  (SalveDb      *db,
                                        const SalveDevice *device,
                                        GError      **error);
/* Removal only marks the device (removed_at), so the UI can undo it and
 * past sessions keep pointing at it. */
gboolean     salve_device_repo_remove  (SalveDb      *db,
                                        gint64        id,
                                        GError      **error);
/* Undoes a removal. Names stay unique (ignoring case): when another
 * device was given this one's name meanwhile, it comes back as
 * "NAME (2)" (or the first free number), which @renamed_to returns;
 * NULL there when the name is as it was. */
gboolean     salve_device_repo_restore (SalveDb      *db,
                                        gint64        id,
                                        char        **renamed_to,
                                        GError      **error);
/* Devices in use, by name. Element type: SalveDevice. */
GPtrArray   *salve_device_repo_list    (SalveDb      *db,
                                        GError      **error);
/* Also finds removed devices. SALVE_DB_ERROR_NOT_FOUND when missing. */
SalveDevice *salve_device_repo_get     (SalveDb      *db,
                                        gint64        id,
                                        GError      **error);
/* A device in use, by name (ignoring case and the spaces around it). */
SalveDevice *salve_device_repo_find_by_name (SalveDb    *db,
                                             const char *name,
                                             GError    **error);

G_END_DECLS
