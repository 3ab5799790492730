/* salve-migrations.h: the schema, one step per version
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-db.h"

G_BEGIN_DECLS

int      salve_migrations_get_latest (void);
/* Brings the database up to @target, one transaction per step, after a
 * backup copy "<db>.bak-vN" of a database that already holds data. */
gboolean salve_migrations_run        (SalveDb  *db,
                                      int       target,
                                      GError  **error);

G_END_DECLS
