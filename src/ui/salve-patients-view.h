/* salve-patients-view.h
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SALVE_TYPE_PATIENTS_VIEW (salve_patients_view_get_type ())

G_DECLARE_FINAL_TYPE (SalvePatientsView, salve_patients_view, SALVE, PATIENTS_VIEW, AdwBin)

/* For tests: the rows shown (element type SalvePatientSummary). */
GPtrArray *_salve_patients_view_get_summaries (SalvePatientsView *self);

G_END_DECLS
