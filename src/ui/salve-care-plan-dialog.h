/* salve-care-plan-dialog.h: make or change a patient's care plan, its
 * schedule and activity targets
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "salve-db.h"

G_BEGIN_DECLS

#define SALVE_TYPE_CARE_PLAN_DIALOG (salve_care_plan_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SalveCarePlanDialog, salve_care_plan_dialog, SALVE, CARE_PLAN_DIALOG, AdwWindow)

/* Emits "saved" after the plan, schedule and targets are stored. The
 * pages are "plan", "schedule" and "activity". */
SalveCarePlanDialog *salve_care_plan_dialog_new      (GtkWindow           *parent,
                                                      SalveDb             *db,
                                                      gint64               profile_id,
                                                      const char          *patient_name);
void                 salve_care_plan_dialog_show_page (SalveCarePlanDialog *self,
                                                       const char          *page);

G_END_DECLS
