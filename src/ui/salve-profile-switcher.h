/* salve-profile-switcher.h: the active patient in the header bar, and
 * every other one a click away
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "salve-db.h"
#include "salve-profile.h"

G_BEGIN_DECLS

#define SALVE_TYPE_PROFILE_SWITCHER (salve_profile_switcher_get_type ())

G_DECLARE_FINAL_TYPE (SalveProfileSwitcher, salve_profile_switcher, SALVE, PROFILE_SWITCHER, AdwBin)

void salve_profile_switcher_set_context (SalveProfileSwitcher *self,
                                         SalveDb              *db,
                                         SalveProfile         *profile);

G_END_DECLS
