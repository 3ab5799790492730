/* salve-profile-repo.h: the profiles table
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-db.h"
#include "salve-profile.h"

G_BEGIN_DECLS

/* SALVE_DB_ERROR_EXISTS when the name is taken (names ignore case). */
SalveProfile *salve_profile_repo_add          (SalveDb     *db,
                                               const char  *name,
                                               GError     **error);
/* Sorted by name. Element type: SalveProfile. */
GPtrArray    *salve_profile_repo_list         (SalveDb     *db,
                                               GError     **error);
/* SALVE_DB_ERROR_NOT_FOUND when there is no such profile. */
/* @name when no patient is called so (case and accents aside, as names
 * are compared), else @name with " (2)", " (3)" … after it, cut short to
 * fit, the first that is free. */
char         *salve_profile_repo_pick_free_name (SalveDb     *db,
                                                 const char  *name,
                                                 GError     **error);
SalveProfile *salve_profile_repo_find_by_name (SalveDb     *db,
                                               const char  *name,
                                               GError     **error);
SalveProfile *salve_profile_repo_get          (SalveDb     *db,
                                               gint64       id,
                                               GError     **error);
gboolean      salve_profile_repo_rename       (SalveDb     *db,
                                               gint64       id,
                                               const char  *new_name,
                                               GError     **error);
/* Deletes the profile and, with it, everything recorded for it. */
gboolean      salve_profile_repo_delete       (SalveDb     *db,
                                               gint64       id,
                                               GError     **error);
/* How much a delete would take with it. */
gboolean      salve_profile_repo_count_records (SalveDb    *db,
                                                gint64      id,
                                                gint64     *n_entries,
                                                gint64     *n_sessions,
                                                gint64     *n_medication,
                                                GError    **error);

G_END_DECLS
