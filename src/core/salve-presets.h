/* salve-presets.h: the built-in treatment programs, from domain.md's sources
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-preset.h"

G_BEGIN_DECLS

/* Every built-in preset for @modality (SALVE_N_MODALITIES: all), in the
 * order a person should see them; names and steps in the user's language.
 * Element type SalvePreset. */
GPtrArray   *salve_presets_list_builtin (SalveModality  modality);
/* NULL when no built-in preset has @id. */
SalvePreset *salve_presets_find_builtin (const char    *id);
/* The steps every session of @modality needs whatever the program, e.g.
 * eye protection for laser; NULL-terminated, translated, owned by the caller. */
GStrv        salve_presets_common_steps (SalveModality  modality);

G_END_DECLS
