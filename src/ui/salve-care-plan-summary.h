/* salve-care-plan-summary.h: the care plan in the diary's summary —
 * adherence, activity targets, pacing and warning signs
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "salve-care-plan.h"
#include "salve-db.h"

G_BEGIN_DECLS

#define SALVE_TYPE_CARE_PLAN_SUMMARY (salve_care_plan_summary_get_type ())

G_DECLARE_FINAL_TYPE (SalveCarePlanSummary, salve_care_plan_summary, SALVE, CARE_PLAN_SUMMARY, GtkBox)

GtkWidget *salve_care_plan_summary_new    (void);
/* What the summary says, computed apart from showing it: reading the
 * database and computing can run in a worker thread (with its own
 * connection), showing only builds the lines. */
typedef struct _SalveCarePlanSummaryContent SalveCarePlanSummaryContent;

/* Where @plan (NULL: none) stands on @day (NULL: today), with @stats the
 * diary's statistics for the plan; NULL without @db or @stats. Any
 * thread. */
SalveCarePlanSummaryContent *salve_care_plan_summary_compute (SalveDb               *db,
                                                              gint64                 profile_id,
                                                              const SalveCarePlan   *plan,
                                                              const SalveDiaryStats *stats,
                                                              const GDate           *day);
void       salve_care_plan_summary_content_free (SalveCarePlanSummaryContent *content);
/* The warning signs that held (indexed by SalveWarningSign); none for NULL. */
const gboolean *salve_care_plan_summary_content_get_warnings (const SalveCarePlanSummaryContent *content);
/* Shows @content (NULL: nothing). */
void       salve_care_plan_summary_show   (SalveCarePlanSummary              *self,
                                           const SalveCarePlanSummaryContent *content);
/* Computes and shows in one, on the calling thread. */
void       salve_care_plan_summary_update (SalveCarePlanSummary  *self,
                                           SalveDb               *db,
                                           gint64                 profile_id,
                                           const SalveCarePlan   *plan,
                                           const SalveDiaryStats *stats,
                                           const GDate           *day);
/* Whether the pacing suggestion is shown. */
gboolean   salve_care_plan_summary_get_pacing (SalveCarePlanSummary *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveCarePlanSummaryContent, salve_care_plan_summary_content_free)

G_END_DECLS
