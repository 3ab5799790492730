/* salve-body-picker.h: choose a treatment site on a drawn body
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "salve-ids.h"
#include "salve-rules.h"

G_BEGIN_DECLS

#define SALVE_TYPE_BODY_PICKER (salve_body_picker_get_type ())

G_DECLARE_FINAL_TYPE (SalveBodyPicker, salve_body_picker, SALVE, BODY_PICKER, GtkWidget)

GtkWidget *salve_body_picker_new         (void);
/* SALVE_N_SITES when none is chosen. */
SalveSite  salve_body_picker_get_site    (SalveBodyPicker *self);
void       salve_body_picker_set_site    (SalveBodyPicker *self,
                                          SalveSite        site);
/* Tints each region by what the rules say there (red blocked, yellow
 * caution) so a person sees where not to treat before choosing. */
void       salve_body_picker_set_verdict (SalveBodyPicker *self,
                                          SalveSite        site,
                                          SalveVerdict     verdict);
void       salve_body_picker_clear_verdicts (SalveBodyPicker *self);

G_END_DECLS
