/* salve-add-patient.h: the "Add Patient" name dialog
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-window.h"

G_BEGIN_DECLS

/* Asks for a name, adds the profile and makes it the active one. */
void salve_add_patient_present      (SalveWindow *window);
/* The same for someone who treats themselves: the checklist then starts
 * out answered in their own name. */
void salve_add_patient_present_self (SalveWindow *window);

G_END_DECLS
