/* salve-diary-repo.h: the diary_entries table
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-db.h"
#include "salve-diary-entry.h"
#include "salve-diary-stats.h"

G_BEGIN_DECLS

/* Open range ends for list calls. */
#define SALVE_DIARY_REPO_ANY_TIME_MIN G_MININT64
#define SALVE_DIARY_REPO_ANY_TIME_MAX G_MAXINT64

/* Validates, inserts, and sets the entry's new id. A before/after rating
 * of a session: salve_diary_entry_set_session() first. */
gboolean         salve_diary_repo_add         (SalveDb          *db,
                                               SalveDiaryEntry  *entry,
                                               GError          **error);
/* SALVE_DB_ERROR_NOT_FOUND when the entry's id is not in the table. */
gboolean         salve_diary_repo_update      (SalveDb          *db,
                                               SalveDiaryEntry  *entry,
                                               GError          **error);
/* SALVE_DB_ERROR_NOT_FOUND when there is no such entry. Keep the entry
 * object to undo with salve_diary_repo_restore(). */
gboolean         salve_diary_repo_delete      (SalveDb          *db,
                                               gint64            id,
                                               GError          **error);
/* Puts a deleted entry back under its old id, so links to it and the
 * order of entries stay what they were. */
gboolean         salve_diary_repo_restore     (SalveDb          *db,
                                               SalveDiaryEntry  *entry,
                                               GError          **error);
/* SALVE_DB_ERROR_NOT_FOUND when there is no such entry. */
SalveDiaryEntry *salve_diary_repo_get         (SalveDb          *db,
                                               gint64            id,
                                               GError          **error);
/* Entries of a profile with from_unix <= at_unix < to_unix, oldest first.
 * Element type: SalveDiaryEntry. For lists a person reads; charts and
 * statistics over long ranges use salve_diary_repo_list_points(). */
GPtrArray       *salve_diary_repo_list        (SalveDb          *db,
                                               gint64            profile_id,
                                               gint64            from_unix,
                                               gint64            to_unix,
                                               GError          **error);
/* At most @limit entries of the range, newest first: what a list on
 * screen shows of a diary that may hold a million. */
GPtrArray       *salve_diary_repo_list_latest (SalveDb          *db,
                                               gint64            profile_id,
                                               gint64            from_unix,
                                               gint64            to_unix,
                                               guint             limit,
                                               GError          **error);
/* The same range as compact points (element type SalveDiaryPoint), with
 * the modality of a linked session filled in; one query, no objects:
 * fast enough for a million rows. */
GArray          *salve_diary_repo_list_points (SalveDb          *db,
                                               gint64            profile_id,
                                               gint64            from_unix,
                                               gint64            to_unix,
                                               GError          **error);
/* The points of the profile's entries that belong to a session, as
 * salve_diary_repo_list_points() gives them (practice left out), oldest
 * first: with salve_diary_repo_list_day_counts() they make the whole
 * diary's statistics. */
GArray          *salve_diary_repo_list_session_points (SalveDb     *db,
                                                       gint64       profile_id,
                                                       GError     **error);
/* The daily aggregates of the profile's entries without a session
 * (element type SalveDiaryDayCount), by day and region; the database
 * keeps them on every write (docs/diary.md). A row whose day cannot be
 * read has an invalid date. */
GArray          *salve_diary_repo_list_day_counts (SalveDb         *db,
                                                   gint64           profile_id,
                                                   GError         **error);
/* The statistics of the profile's whole diary, days taken in @tz (NULL:
 * local time) and anchored to @plan_start unless NULL: from the daily
 * aggregates when their days are @tz's, else from every point. The same
 * figures either way. */
SalveDiaryStats *salve_diary_repo_compute_stats (SalveDb         *db,
                                                 gint64           profile_id,
                                                 GTimeZone       *tz,
                                                 const GDate     *plan_start,
                                                 GError         **error);
/* When the profile's sessions started (element type SalveSessionMark),
 * oldest first; planned sessions that never ran are left out. */
GArray          *salve_diary_repo_list_session_marks (SalveDb     *db,
                                                      gint64       profile_id,
                                                      gint64       from_unix,
                                                      gint64       to_unix,
                                                      GError     **error);
/* Number of entries of a profile. */
gint64           salve_diary_repo_count       (SalveDb          *db,
                                               gint64            profile_id,
                                               GError          **error);

G_END_DECLS
