/* salve-diary-entry.h: one line in the pain diary
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SALVE_DIARY_ERROR (salve_diary_error_quark ())

typedef enum
{
  SALVE_DIARY_ERROR_INVALID,
  SALVE_DIARY_ERROR_FUTURE,
} SalveDiaryError;

GQuark salve_diary_error_quark (void);

/* A diary records what has happened: an entry may lie at most this many
 * seconds after the present (clocks and time zones that differ, an entry
 * written at night for the night), not a mistyped year or month ahead. */
#define SALVE_DIARY_AHEAD_SECONDS (24 * 60 * 60)

/* The latest moment (seconds since the epoch) a diary entry or a
 * medication intake may have now. */
gint64           salve_diary_get_latest_allowed      (void);
/* SALVE_DIARY_ERROR_FUTURE when an entry at @at would lie more than
 * SALVE_DIARY_AHEAD_SECONDS after now. */
gboolean         salve_diary_check_not_ahead         (GDateTime        *at,
                                                      GError          **error);

/* Fatigue, sleep quality and stress are optional: this value means "not
 * rated". */
#define SALVE_DIARY_UNRATED (-1)

/* An entry can be the rating just before or just after a session. */
typedef enum
{
  SALVE_DIARY_PHASE_NONE,
  SALVE_DIARY_PHASE_BEFORE,
  SALVE_DIARY_PHASE_AFTER,
} SalveDiaryPhase;

/* "before", "after", or NULL for SALVE_DIARY_PHASE_NONE. */
const char *salve_diary_phase_to_id   (SalveDiaryPhase  phase);
/* NULL or "" reads as SALVE_DIARY_PHASE_NONE. FALSE for anything else unknown. */
gboolean    salve_diary_phase_from_id (const char      *id,
                                       SalveDiaryPhase *phase);

/* The compact form of an entry that charts and statistics work on: a
 * million of these fit in 32 MB, a million GObjects would not. */
typedef struct
{
  gint64 id;
  gint64 at_unix;
  gint64 session_id;   /* 0: none */
  gint8  pain;         /* 0–10 */
  gint8  fatigue;      /* 0–10 or SALVE_DIARY_UNRATED */
  gint8  sleep_quality;/* 0–10 or SALVE_DIARY_UNRATED */
  gint8  phase;        /* SalveDiaryPhase */
  gint8  modality;     /* SalveModality of the linked session, or -1 */
  gint8  success;      /* 0 or 1 */
  gint8  region;       /* salve_body_region_to_code() of the region */
  gint8  stress;       /* 0–10 or SALVE_DIARY_UNRATED */
} SalveDiaryPoint;

/* A session on the diary's time line (charts mark them by modality). */
typedef struct
{
  gint64 at_unix;
  int    modality;   /* SalveModality */
} SalveSessionMark;

#define SALVE_TYPE_DIARY_ENTRY (salve_diary_entry_get_type ())

G_DECLARE_FINAL_TYPE (SalveDiaryEntry, salve_diary_entry, SALVE, DIARY_ENTRY, GObject)

/* A new, unsaved entry (id 0) at the current local time with pain 0. */
SalveDiaryEntry *salve_diary_entry_new               (gint64            profile_id);
/* An entry at @at rather than now: what a stored one is read into (the
 * clock asked for each of a million entries was most of a report). */
SalveDiaryEntry *salve_diary_entry_new_at            (gint64            profile_id,
                                                      GDateTime        *at);
SalveDiaryEntry *salve_diary_entry_copy              (SalveDiaryEntry  *self);

gint64           salve_diary_entry_get_id            (SalveDiaryEntry  *self);
void             salve_diary_entry_set_id            (SalveDiaryEntry  *self,
                                                      gint64            id);
gint64           salve_diary_entry_get_profile_id    (SalveDiaryEntry  *self);
void             salve_diary_entry_set_profile_id    (SalveDiaryEntry  *self,
                                                      gint64            profile_id);

/* The moment as the person saw it: the offset in force then is kept. */
GDateTime       *salve_diary_entry_get_at            (SalveDiaryEntry  *self);
void             salve_diary_entry_set_at            (SalveDiaryEntry  *self,
                                                      GDateTime        *at);
/* ISO 8601 with offset, the stored form. */
const char      *salve_diary_entry_get_at_iso        (SalveDiaryEntry  *self);
/* Strings without an offset are read as local time. */
gboolean         salve_diary_entry_set_at_iso        (SalveDiaryEntry  *self,
                                                      const char       *iso,
                                                      GError          **error);
gint64           salve_diary_entry_get_at_unix       (SalveDiaryEntry  *self);

int              salve_diary_entry_get_pain          (SalveDiaryEntry  *self);
void             salve_diary_entry_set_pain          (SalveDiaryEntry  *self,
                                                      int               pain);
const char      *salve_diary_entry_get_region        (SalveDiaryEntry  *self);
void             salve_diary_entry_set_region        (SalveDiaryEntry  *self,
                                                      const char       *region);
/* SALVE_DIARY_UNRATED when not rated. */
int              salve_diary_entry_get_fatigue       (SalveDiaryEntry  *self);
void             salve_diary_entry_set_fatigue       (SalveDiaryEntry  *self,
                                                      int               fatigue);
int              salve_diary_entry_get_sleep_quality (SalveDiaryEntry  *self);
void             salve_diary_entry_set_sleep_quality (SalveDiaryEntry  *self,
                                                      int               sleep_quality);
/* Stress from 0 (none) to 10 (worst); SALVE_DIARY_UNRATED when not rated. */
int              salve_diary_entry_get_stress        (SalveDiaryEntry  *self);
void             salve_diary_entry_set_stress        (SalveDiaryEntry  *self,
                                                      int               stress);
const char      *salve_diary_entry_get_activities    (SalveDiaryEntry  *self);
void             salve_diary_entry_set_activities    (SalveDiaryEntry  *self,
                                                      const char       *activities);
/* Any length. */
const char      *salve_diary_entry_get_note          (SalveDiaryEntry  *self);
void             salve_diary_entry_set_note          (SalveDiaryEntry  *self,
                                                      const char       *note);
gboolean         salve_diary_entry_get_success       (SalveDiaryEntry  *self);
void             salve_diary_entry_set_success       (SalveDiaryEntry  *self,
                                                      gboolean          success);

/* Warning signs the person noted (see salve-care-plan.h). */
gboolean         salve_diary_entry_get_new_weakness  (SalveDiaryEntry  *self);
void             salve_diary_entry_set_new_weakness  (SalveDiaryEntry  *self,
                                                      gboolean          new_weakness);
gboolean         salve_diary_entry_get_numbness      (SalveDiaryEntry  *self);
void             salve_diary_entry_set_numbness      (SalveDiaryEntry  *self,
                                                      gboolean          numbness);

/* Activities with minutes (ids as salve_activity_id_is_valid()), beside
 * the free-text activities. Setting an id again replaces its minutes. */
void             salve_diary_entry_set_activity_minutes (SalveDiaryEntry *self,
                                                         const char      *activity,
                                                         guint            minutes);
/* 0 when the activity is not recorded. */
guint            salve_diary_entry_get_activity_minutes (SalveDiaryEntry *self,
                                                         const char      *activity);
/* The recorded activity ids, sorted; free with g_strfreev(). */
GStrv            salve_diary_entry_dup_activity_ids  (SalveDiaryEntry  *self);
void             salve_diary_entry_clear_activity_minutes (SalveDiaryEntry *self);
guint            salve_diary_entry_get_total_activity_minutes (SalveDiaryEntry *self);

/* 0 and SALVE_DIARY_PHASE_NONE when the entry is not about a session. */
gint64           salve_diary_entry_get_session_id    (SalveDiaryEntry  *self);
SalveDiaryPhase  salve_diary_entry_get_session_phase (SalveDiaryEntry  *self);
void             salve_diary_entry_set_session       (SalveDiaryEntry  *self,
                                                      gint64            session_id,
                                                      SalveDiaryPhase   phase);
/* Whether the entry's session was practice (on the simulated stimulator),
 * which no statistic counts (docs/diary.md). Read from the database, never
 * written; only an entry with a session can be. */
gboolean         salve_diary_entry_get_practice      (SalveDiaryEntry  *self);
void             salve_diary_entry_set_practice      (SalveDiaryEntry  *self,
                                                      gboolean          practice);
/* What a list says of a rating taken with a session, translated: "before
 * a session", "after a session", or "practice session, not counted";
 * NULL for an entry of the diary's own. */
const char      *salve_diary_entry_get_session_mark  (SalveDiaryEntry  *self);

/* SALVE_DIARY_ERROR_INVALID with a message a person can act on when a
 * rating is out of 0–10, the text is not UTF-8, or a session phase has no
 * session; SALVE_DIARY_ERROR_FUTURE when the entry lies more than
 * SALVE_DIARY_AHEAD_SECONDS after now. Repositories call this before
 * writing. */
gboolean         salve_diary_entry_validate          (SalveDiaryEntry  *self,
                                                      GError          **error);
/* The same without the check against the present: for an entry written
 * back as it was (Undo of a delete, a rating kept while the database
 * was busy), which a clock or an older Salve may have put ahead. */
gboolean         salve_diary_entry_validate_stored   (SalveDiaryEntry  *self,
                                                      GError          **error);

/* Fills the compact form; modality is left at -1 (storage knows it). */
void             salve_diary_entry_to_point          (SalveDiaryEntry  *self,
                                                      SalveDiaryPoint  *point);

G_END_DECLS
