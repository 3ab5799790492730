/* salve-patient-summary.h: one line per profile for the therapist's list
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-care-plan.h"
#include "salve-db.h"
#include "salve-profile.h"

G_BEGIN_DECLS

typedef struct
{
  SalveProfile *profile;
  gint64        n_entries;
  char         *last_entry_at;    /* ISO 8601, NULL when none */
  char         *last_session_at;  /* ISO 8601, NULL when none */
  gboolean      has_current;
  double        current;          /* the 7-day mean at the latest day */
  gboolean      has_change;
  double        change_percent;   /* from the baseline; negative: less pain */
  /* What needs a therapist's attention. */
  guint         n_answered;       /* checklist questions answered */
  gboolean      has_signoff;
  guint         signoff_changes;  /* answers changed since the latest sign-off */
  gboolean      review_due;       /* a care plan review is due today */
  gboolean      broken_skin;      /* the checklist says broken skin (a skin check after a session may have) */
  gboolean      warnings[SALVE_N_WARNINGS];  /* the plan's warning signs holding today */
} SalvePatientSummary;

void       salve_patient_summary_free (SalvePatientSummary *summary);
/* Every profile, sorted by name, with the same statistics as
 * `salvectl diary stats` (salve-diary-stats.h). Element type:
 * SalvePatientSummary. */
GPtrArray *salve_patient_summary_list (SalveDb  *db,
                                       GError  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalvePatientSummary, salve_patient_summary_free)

G_END_DECLS
