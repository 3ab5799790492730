/* salve-findings-list.h: the findings of a contraindication check, shown
 * before Start
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "salve-rules.h"

G_BEGIN_DECLS

#define SALVE_TYPE_FINDINGS_LIST (salve_findings_list_get_type ())

G_DECLARE_FINAL_TYPE (SalveFindingsList, salve_findings_list, SALVE, FINDINGS_LIST, AdwBin)

/* Use it where a session is planned:
 *
 *   salve_findings_list_set_findings (list, salve_rules_check (&plan, &answers));
 *   g_object_bind_property (list, "can-start", start_button, "sensitive", G_BINDING_SYNC_CREATE);
 *   g_signal_connect (list, "cautions-acknowledged", G_CALLBACK (log_acknowledgement), session);
 *
 * "can-start" is FALSE while any block stands, and while cautions stand
 * that nobody has acknowledged with the check button. Setting new
 * findings clears the acknowledgement: a changed plan is read again. */
GtkWidget    *salve_findings_list_new               (void);
/* Takes a reference to @findings (may be NULL for none). */
void          salve_findings_list_set_findings      (SalveFindingsList *self,
                                                     GPtrArray         *findings);
GPtrArray    *salve_findings_list_get_findings      (SalveFindingsList *self);
SalveVerdict  salve_findings_list_get_verdict       (SalveFindingsList *self);
gboolean      salve_findings_list_get_acknowledged  (SalveFindingsList *self);
gboolean      salve_findings_list_get_can_start     (SalveFindingsList *self);

/* Whether a session with @findings (NULL for none) may start: never with
 * a block, with cautions only once they are @acknowledged. */
gboolean      salve_findings_allow_start            (GPtrArray         *findings,
                                                     gboolean           acknowledged);

/* For the checklist and findings everywhere: icon name, style class and
 * translated label of a verdict, so it never shows as colour alone. */
const char   *salve_verdict_get_icon_name           (SalveVerdict       verdict);
const char   *salve_verdict_get_style_class         (SalveVerdict       verdict);

G_END_DECLS
