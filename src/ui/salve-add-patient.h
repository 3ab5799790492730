/* salve-add-patient.h: the "Add Patient" name dialog
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-window.h"

G_BEGIN_DECLS

/* Asks for a name, adds the profile and makes it the active one. */
void salve_add_patient_present (SalveWindow *window);

G_END_DECLS
