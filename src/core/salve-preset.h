/* salve-preset.h: a treatment program: parameters, duration and how to
 * place the electrodes or the applicator
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "salve-ids.h"
#include "salve-session.h"

G_BEGIN_DECLS

#define SALVE_TYPE_PRESET (salve_preset_get_type ())

G_DECLARE_FINAL_TYPE (SalvePreset, salve_preset, SALVE, PRESET, GObject)

/* Built-in presets have ids like "tens-neuropathy-hand-foot"; programs a
 * person saved have "program:<row id>". */
SalvePreset        *salve_preset_new               (const char         *id,
                                                    SalveModality       modality,
                                                    const char         *name);
const char         *salve_preset_get_id            (SalvePreset        *self);
SalveModality       salve_preset_get_modality      (SalvePreset        *self);
const char         *salve_preset_get_name          (SalvePreset        *self);
void                salve_preset_set_name          (SalvePreset        *self,
                                                    const char         *name);
/* One line: what it is for. */
const char         *salve_preset_get_summary       (SalvePreset        *self);
void                salve_preset_set_summary       (SalvePreset        *self,
                                                    const char         *summary);
/* Parameter-id keyed numbers (see salve-modality.h), "minutes" included. */
JsonObject         *salve_preset_get_params        (SalvePreset        *self);
void                salve_preset_set_param         (SalvePreset        *self,
                                                    const char         *key,
                                                    double              value);
double              salve_preset_get_param         (SalvePreset        *self,
                                                    const char         *key,
                                                    double              fallback);
/* Placement and preparation, one step per string, in the user's language. */
const char * const *salve_preset_get_steps         (SalvePreset        *self);
void                salve_preset_set_steps         (SalvePreset        *self,
                                                    const char * const *steps);
/* The site it was written for; SALVE_N_SITES when any. */
SalveSite           salve_preset_get_site          (SalvePreset        *self);
void                salve_preset_set_site          (SalvePreset        *self,
                                                    SalveSite           site);
/* A program written for a site (salve_preset_set_site) fits that site
 * and the ones added here (bits 1 << SalveSite; SALVE_PRESET_ANY_SITE:
 * every site, the written-for one only suggested). */
#define SALVE_PRESET_ANY_SITE ((1u << SALVE_N_SITES) - 1)
void                salve_preset_set_also_sites    (SalvePreset        *self,
                                                    guint32             sites);
/* Whether its steps are right for treating @site: a program for anywhere
 * fits every site, one written for a site only that site (and the ones
 * added). Every program fits while no site is chosen (SALVE_N_SITES). */
gboolean            salve_preset_fits_site         (SalvePreset        *self,
                                                    SalveSite           site);
/* Whether the steps show the glove/sock electrode picture. */
gboolean            salve_preset_get_uses_glove    (SalvePreset        *self);
void                salve_preset_set_uses_glove    (SalvePreset        *self,
                                                    gboolean            uses_glove);
/* TRUE for programs a person saved (they can be deleted). */
gint64              salve_preset_get_program_id    (SalvePreset        *self);
void                salve_preset_set_program_id    (SalvePreset        *self,
                                                    gint64              program_id);

/* Copies program, parameters (without "minutes") and planned minutes
 * into @session. */
void                salve_preset_apply             (SalvePreset        *self,
                                                    SalveSession       *session);

G_END_DECLS
