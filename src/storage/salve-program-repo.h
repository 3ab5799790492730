/* salve-program-repo.h: the programs table (treatment programs a person saved)
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-db.h"
#include "salve-preset.h"

G_BEGIN_DECLS

/* Stores @preset's name, modality, parameters, site and steps as a
 * program of the profile and returns it as stored (id "program:<row>").
 * @based_on is the preset it started from ("" for none).
 * SALVE_DB_ERROR_EXISTS when the profile has a program of that name. */
SalvePreset *salve_program_repo_save   (SalveDb      *db,
                                        gint64        profile_id,
                                        SalvePreset  *preset,
                                        const char   *based_on,
                                        GError      **error);
/* Sorted by name. @modality: a SalveModality, or -1 for all.
 * Element type SalvePreset. */
GPtrArray   *salve_program_repo_list   (SalveDb      *db,
                                        gint64        profile_id,
                                        int           modality,
                                        GError      **error);
/* SALVE_DB_ERROR_NOT_FOUND when there is none. */
SalvePreset *salve_program_repo_get    (SalveDb      *db,
                                        gint64        program_id,
                                        GError      **error);
gboolean     salve_program_repo_delete (SalveDb      *db,
                                        gint64        program_id,
                                        GError      **error);

G_END_DECLS
