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
/* As salve_diary_repo_add(), for an entry recorded earlier (a session's
 * rating kept while the database was busy): not checked against the
 * present, which a clock set back may have moved. */
gboolean         salve_diary_repo_add_recorded (SalveDb          *db,
                                                SalveDiaryEntry  *entry,
                                                GError          **error);
/* Puts a deleted entry back under its old id, so links to it and the
 * order of entries stay what they were; as it was, also one dated ahead
 * by an older Salve. */
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
/* The entries that noted numbness, oldest first: those dated from
 * @from_unix, and those with an id above @after_id (typed since), all
 * dated before @to_unix; however long the diary. */
GPtrArray       *salve_diary_repo_list_numbness (SalveDb        *db,
                                                 gint64          profile_id,
                                                 gint64          from_unix,
                                                 gint64          to_unix,
                                                 gint64          after_id,
                                                 GError        **error);
/* At most @limit entries of the range, newest first: what a list on
 * screen shows of a diary that may hold a million. */
GPtrArray       *salve_diary_repo_list_latest (SalveDb          *db,
                                               gint64            profile_id,
                                               gint64            from_unix,
                                               gint64            to_unix,
                                               guint             limit,
                                               GError          **error);
/* The same, of the entries whose region has @region_code
 * (salve_body_region_to_code()). */
GPtrArray       *salve_diary_repo_list_latest_in_region (SalveDb    *db,
                                                         gint64      profile_id,
                                                         gint64      from_unix,
                                                         gint64      to_unix,
                                                         int         region_code,
                                                         guint       limit,
                                                         GError    **error);
/* The same range as compact points (element type SalveDiaryPoint), with
 * the modality of a linked session filled in; one query, no objects:
 * fast enough for a million rows. A rating linked to a session that
 * never started on its device (SALVE_SESSION_STARTED_ON_DEVICE_SQL) has
 * SALVE_DIARY_PHASE_NONE: no statistic takes it as a before or an after. */
GArray          *salve_diary_repo_list_points (SalveDb          *db,
                                               gint64            profile_id,
                                               gint64            from_unix,
                                               gint64            to_unix,
                                               GError          **error);
/* Entry @id of the profile as a point, as salve_diary_repo_list_points()
 * gives it: one point, or none when there is no such entry (deleted) or
 * it is a practice session's rating. What an edit changed. */
GArray          *salve_diary_repo_list_points_by_id (SalveDb    *db,
                                                     gint64      profile_id,
                                                     gint64      id,
                                                     GError    **error);
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


/* ---- bulk writes (an import) ------------------------------------------
 *
 * Many rows of one profile inside the caller's transaction, which must
 * already hold the write lock: statements prepared once, texts bound
 * without copying, SALVE_DIARY_BULK_GROUP rows in one statement. A row is
 * a duplicate when a row stored before the bulk write began (one not
 * tagged with its import), at the same instant, has the same dedupe key
 * or its typed key;
 * rows of the bulk write itself never make each other duplicates.
 * The writer counts the profile's daily aggregates itself, a day at a
 * time; they are complete once salve_diary_bulk_finish() has run, before
 * the caller commits. */

#define SALVE_DIARY_BULK_GROUP 128

/* One activity's minutes beside a row (stored in diary_activities). */
typedef struct
{
  const char *id;
  guint       minutes;
} SalveDiaryBulkActivity;

/* A row as stored. Texts are never NULL; a length is the text's byte
 * length, or -1 to have it measured. Ratings are -1 when not given. */
typedef struct
{
  const char *at;
  int         at_len;
  gint64      at_unix;
  int         pain;
  int         fatigue;
  int         sleep_quality;
  int         stress;         /* -1: not rated */
  const char *region;
  int         region_len;
  const char *activities;
  int         activities_len;
  const char *note;
  int         note_len;
  gboolean    success;
  gboolean    new_weakness;
  gboolean    numbness;
  /* Minutes per activity (ids valid and each once), or none. */
  const SalveDiaryBulkActivity *activity_minutes;
  guint       n_activity_minutes;
  gint64      dedupe_key;
  /* Also a duplicate of a stored row with this key (0 or @dedupe_key:
   * none other): a row imported before region names were read as ids
   * has the key of the region as typed. */
  gint64      typed_key;
} SalveDiaryBulkRow;

typedef struct _SalveDiaryBulk SalveDiaryBulk;

/* Rows go in tagged with @import_id (an imports row the caller made).
 * Only inside a transaction the caller began (SALVE_DB_ERROR_FAILED
 * otherwise): the writer drops the diary's insert trigger for it. */
SalveDiaryBulk  *salve_diary_bulk_new          (SalveDb                 *db,
                                                gint64                   profile_id,
                                                gint64                   import_id,
                                                GError                 **error);
void             salve_diary_bulk_free         (SalveDiaryBulk          *self);
/* One row: @inserted FALSE for a duplicate (its activity minutes are
 * not written either); @id (may be NULL) the new row's id. */
gboolean         salve_diary_bulk_add          (SalveDiaryBulk          *self,
                                                const SalveDiaryBulkRow *row,
                                                gboolean                *inserted,
                                                gint64                  *id,
                                                GError                 **error);
/* SALVE_DIARY_BULK_GROUP rows: in one statement when none of them can be
 * a duplicate and none has activity minutes (usually answered by one range lookup, or none when the
 * group lies outside the span of the stored rows), one by one otherwise.
 * Adds to @n_inserted and @n_duplicates. */
gboolean         salve_diary_bulk_add_group    (SalveDiaryBulk          *self,
                                                const SalveDiaryBulkRow *rows,
                                                guint64                 *n_inserted,
                                                guint64                 *n_duplicates,
                                                GError                 **error);
/* Makes entry @entry_id the rating taken @phase a session. */
gboolean         salve_diary_bulk_link_session (SalveDiaryBulk          *self,
                                                gint64                   entry_id,
                                                gint64                   session_id,
                                                SalveDiaryPhase          phase,
                                                GError                 **error);
/* Ties the entry at @at (ISO) with pain @pain (as text) that has no
 * session yet to the newest of the profile's sessions that started at
 * @session_start (ISO), or, with @session_start NULL, that never started
 * and ended at @session_end, taken at @phase (its id); nothing when there
 * is no such session. */
gboolean         salve_diary_bulk_link_by_period (SalveDiaryBulk        *self,
                                                  const char            *at,
                                                  const char            *pain,
                                                  const char            *session_start,
                                                  const char            *session_end,
                                                  const char            *phase,
                                                  GError               **error);
/* Brings the daily aggregates (diary_days) up to date with every entry
 * written since salve_diary_bulk_new() and creates the insert trigger
 * again, which salve_diary_bulk_new() dropped. Call it before the commit
 * (salve_diary_bulk_free() does, when the write is still open, but cannot
 * report an error). Until then, the profile's entries must change through
 * this writer only, and no other entry may be inserted on this
 * connection: it would not be counted. */
gboolean         salve_diary_bulk_finish       (SalveDiaryBulk          *self,
                                                GError                 **error);
/* Reads the pages every insert touches (the table's and the time index's
 * last pages), so that a bounded page cache keeps them until the commit
 * instead of writing them to the log early and over again. */
void             salve_diary_bulk_keep_hot     (SalveDiaryBulk          *self);

/* Gives each of the profile's entries without a dedupe key (typed in, or
 * edited since an import) the key @func computes from its stored values. */
typedef gint64 (*SalveDiaryKeyFunc) (const SalveDiaryBulkRow *row,
                                     gpointer                 user_data);
gboolean         salve_diary_repo_fill_keys    (SalveDb                 *db,
                                                gint64                   profile_id,
                                                SalveDiaryKeyFunc        func,
                                                gpointer                 user_data,
                                                GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveDiaryBulk, salve_diary_bulk_free)

G_END_DECLS
