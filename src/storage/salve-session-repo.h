/* salve-session-repo.h: the sessions and session_events tables
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-db.h"
#include "salve-session.h"

G_BEGIN_DECLS

/* SQL that holds for a practice session, one run on the simulated
 * stimulator (its "practice" event): @id is the SQL of the session's id,
 * qualified with its table (a bare session_id would name the event's).
 * Statistics, the chart, reports and exports leave these out. */
#define SALVE_SESSION_IS_PRACTICE_SQL(id) \
  "EXISTS (SELECT 1 FROM session_events practice WHERE practice.session_id = " id \
  " AND practice.kind = 'practice')"

/* SQL that holds for a session that started on its device, so that the
 * pain rated before and after it says what the treatment did: it has a
 * start time, and a "start" in its audit trail or no audit trail at all
 * (an imported session; CSV and FHIR carry no events, and an imported
 * practice session has its practice mark only). A session that never
 * started on its device (it never answered, was not found, or refused to
 * start) holds no start time or a log without a start.
 * @alias names the sessions row: its id and started_unix are read. */
#define SALVE_SESSION_STARTED_ON_DEVICE_SQL(alias) \
  "(" alias ".started_unix IS NOT NULL AND (EXISTS (SELECT 1 FROM session_events began" \
  " WHERE began.session_id = " alias ".id AND began.kind = 'start') OR NOT EXISTS" \
  " (SELECT 1 FROM session_events logged WHERE logged.session_id = " alias ".id" \
  " AND logged.kind <> 'practice')))"

/* @alias's @column (started_at or started_unix) as a copy keeps it: NULL
 * when the session never started on its device. Its audit trail stays
 * behind (CSV and FHIR carry none), so a refused start's time would make
 * the copy count it; without it the copy reads as the session it was.
 * The export writes this, and an import's duplicate key of a stored
 * session is computed from it, so that its export is its duplicate. */
#define SALVE_SESSION_COPIED_START_SQL(alias, column) \
  "(CASE WHEN " SALVE_SESSION_STARTED_ON_DEVICE_SQL (alias) " THEN " alias "." column " END)"

/* SQL for the device name a session is exported (and so keyed) with: a
 * practice session's is the practice stimulator's untranslated name,
 * whatever language it was recorded in ("Oefenstimulator"), so that its
 * export, read back into any Salve, is the same session. */
#define SALVE_SESSION_EXPORTED_DEVICE_SQL(alias) \
  "(CASE WHEN " SALVE_SESSION_IS_PRACTICE_SQL (alias ".id") \
  " THEN (CASE " alias ".modality WHEN 'nmes' THEN '" SALVE_PRACTICE_NMES_DEVICE_NAME "'" \
  " ELSE '" SALVE_PRACTICE_DEVICE_NAME "' END) ELSE " alias ".device_name END)"

/* Every call is one statement in autocommit mode on a synchronous=FULL
 * database: when it returns TRUE the write is on disk, so a crash or a
 * pulled plug loses nothing entered before it. */

/* Inserts the session as planned (whatever its outcome says) with its
 * profile, device, modality, site, program, parameters, planned minutes
 * and pain before, and sets its id. */
gboolean      salve_session_repo_create           (SalveDb       *db,
                                                   SalveSession  *session,
                                                   GError       **error);
/* Outcome becomes running; started_at NULL means now. */
gboolean      salve_session_repo_mark_started     (SalveDb       *db,
                                                   gint64         session_id,
                                                   const char    *started_at,
                                                   GError       **error);
/* The parameters actually in use (e.g. the intensity reached). */
gboolean      salve_session_repo_update_params    (SalveDb       *db,
                                                   SalveSession  *session,
                                                   GError       **error);
gboolean      salve_session_repo_set_pain_before  (SalveDb       *db,
                                                   gint64         session_id,
                                                   int            pain,
                                                   GError       **error);
/* The last session recorded here (neither imported nor practice) after
 * which the skin check found a blister, a burn or broken skin: TRUE, with
 * its site in @site (SALVE_N_SITES when it had none) and when it ended in
 * @ended (NULL when that does not read). FALSE when there is none, and
 * with @error set when the database fails. */
gboolean      salve_session_repo_find_damaged_skin (SalveDb            *db,
                                                    gint64              profile_id,
                                                    SalveSite          *site,
                                                    GDateTime         **ended,
                                                    GError            **error);
/* TRUE when session @session_id was practice, run on the simulated
 * stimulator; FALSE with @error set when the database fails. */
gboolean      salve_session_repo_is_practice      (SalveDb            *db,
                                                   gint64              session_id,
                                                   GError            **error);
/* TRUE when session @session_id started on its device
 * (SALVE_SESSION_STARTED_ON_DEVICE_SQL); FALSE with @error set when the
 * database fails or there is no such session. */
gboolean      salve_session_repo_started_on_device (SalveDb           *db,
                                                    gint64             session_id,
                                                    GError           **error);
/* Why a session counts in no figure: one or both. */
typedef enum
{
  SALVE_SESSION_UNCOUNTED_PRACTICE      = 1 << 0,  /* on the simulated stimulator */
  SALVE_SESSION_UNCOUNTED_NEVER_STARTED = 1 << 1,  /* not SALVE_SESSION_STARTED_ON_DEVICE_SQL */
} SalveSessionUncounted;

/* The sessions of @profile_id that no figure counts, in one query: a
 * table from the id (gint64 *) to GINT_TO_POINTER of their
 * SalveSessionUncounted flags; a session that counts is not in it. NULL
 * with @error set on failure. */
GHashTable   *salve_session_repo_list_uncounted   (SalveDb            *db,
                                                   gint64              profile_id,
                                                   GError            **error);
/* Session @session_id's flags in @uncounted (may be NULL: 0). */
SalveSessionUncounted salve_session_uncounted_get (GHashTable         *uncounted,
                                                   gint64              session_id);
/* Appends to the audit trail. event->at is kept when set, else now; on
 * success event->id and event->session_id are filled in. */
gboolean      salve_session_repo_add_event        (SalveDb            *db,
                                                   gint64              session_id,
                                                   SalveSessionEvent  *event,
                                                   GError            **error);
/* Shorthand for add_event. */
gboolean      salve_session_repo_log              (SalveDb                *db,
                                                   gint64                  session_id,
                                                   SalveSessionEventKind   kind,
                                                   gint64                  elapsed_ms,
                                                   const char             *detail,
                                                   const char             *actor,
                                                   GError                **error);
/* outcome must be completed, stopped or interrupted; reason one of the
 * SALVE_SESSION_REASON_* ids (or "" for completed). ended_at NULL means now. */
gboolean      salve_session_repo_finish           (SalveDb              *db,
                                                   gint64                session_id,
                                                   SalveSessionOutcome   outcome,
                                                   const char           *reason,
                                                   const char           *ended_at,
                                                   GError              **error);
/* The answers after the session: pain after (SALVE_PAIN_UNSET for none),
 * side effects, skin check and note, taken from the object. */
gboolean      salve_session_repo_update_after     (SalveDb       *db,
                                                   SalveSession  *session,
                                                   GError       **error);

/* Sessions still "running" for the profile (0: any profile) and not held
 * by a live connection (salve_session_repo_mark_started holds them until
 * finish) belong to a program that died: they end as interrupted,
 * app-closed, at their last event. salve_db_open() runs this for every
 * profile. Returns how many were closed, -1 on error. */
int           salve_session_repo_close_abandoned  (SalveDb       *db,
                                                   gint64         profile_id,
                                                   GError       **error);
/* Sets *@running to whether a session of the profile (0: any profile)
 * runs now in a program that is alive: marked running, and held by a
 * connection other than @db (salvectl's, or a session window's in the
 * app). FALSE, with @error set, when it could not be read. */
gboolean      salve_session_repo_is_running       (SalveDb       *db,
                                                   gint64         profile_id,
                                                   gboolean      *running,
                                                   GError       **error);
/* Sets *@busy to whether a session of the person is starting or
 * running, in this program or another that is alive: claimed
 * (salve_session_repo_claim_person()), or marked running and held. */
gboolean      salve_session_repo_person_in_session (SalveDb      *db,
                                                    gint64        profile_id,
                                                    gboolean     *busy,
                                                    GError      **error);
/* One session at a time for a person: claims @profile_id for a session
 * about to start, or returns FALSE when a session of the person is
 * starting or running in this program or another (as
 * salve_session_repo_person_in_session() says), with @error set only
 * when that cannot be read. The claim is atomic between programs and
 * lasts until salve_session_repo_release_person() or the end of the
 * connection. */
gboolean      salve_session_repo_claim_person     (SalveDb       *db,
                                                   gint64         profile_id,
                                                   GError       **error);
void          salve_session_repo_release_person   (SalveDb       *db,
                                                   gint64         profile_id);

typedef struct
{
  gint64      device_id;      /* > 0 to filter */
  const char *device_name;    /* non-NULL to filter (for sessions without a device id) */
  int         modality;       /* a SalveModality, or -1 for any */
  int         limit;          /* > 0 to return only the newest N */
} SalveSessionFilter;

#define SALVE_SESSION_FILTER_INIT { 0, NULL, -1, 0 }

/* Newest first, by their start or, for one that never started, by when
 * it ended (planned ones, neither started nor ended, after them in their
 * creation order). filter may be NULL. Element type SalveSession,
 * without events. */
GPtrArray    *salve_session_repo_list             (SalveDb                  *db,
                                                   gint64                    profile_id,
                                                   const SalveSessionFilter *filter,
                                                   GError                  **error);
/* With its events. SALVE_DB_ERROR_NOT_FOUND when there is none. */
SalveSession *salve_session_repo_get              (SalveDb       *db,
                                                   gint64         session_id,
                                                   GError       **error);
/* The device names used in the profile's sessions, sorted, for filters;
 * practice sessions under the practice stimulator's untranslated name
 * (SALVE_SESSION_EXPORTED_DEVICE_SQL), which the filter matches whatever
 * language they were recorded in. */
GStrv         salve_session_repo_list_device_names (SalveDb      *db,
                                                    gint64        profile_id,
                                                    GError      **error);
/* How many sessions of @modality on @site the profile started on the local
 * calendar day that holds @day; -1 on error. Laser is given once a day per
 * area (seed 002): the app, `salvectl check` and `salvectl session run` all
 * count with this. */
int           salve_session_repo_count_on_day     (SalveDb       *db,
                                                   gint64         profile_id,
                                                   SalveModality  modality,
                                                   SalveSite      site,
                                                   GDateTime     *day,
                                                   GError       **error);
gboolean      salve_session_repo_delete           (SalveDb       *db,
                                                   gint64         session_id,
                                                   GError       **error);


/* ---- bulk writes (an import) ------------------------------------------
 *
 * Many sessions of one profile inside the caller's transaction, which must
 * already hold the write lock; statements prepared once, texts bound
 * without copying. A session's dedupe key is unique per profile. */

/* A session as stored; a NULL text is stored as NULL (@started_at NULL: a
 * planned session that never ran). Pain ratings are -1 when not given. */
typedef struct
{
  const char *device_name;
  const char *modality;
  const char *site;
  const char *program;
  const char *params_json;
  gboolean    has_planned;
  double      planned_minutes;
  const char *started_at;
  gint64      started_unix;
  const char *ended_at;
  const char *outcome;
  const char *outcome_reason;
  int         pain_before;
  int         pain_after;
  const char *side_effects;
  const char *skin_check;
  const char *note;
  gint64      dedupe_key;
  /* A practice session (salve_session_is_practice_device_name()): logged
   * as practice, so that no statistic takes it for a treatment. */
  gboolean    practice;
} SalveSessionBulkRow;

typedef struct _SalveSessionBulk SalveSessionBulk;

/* Sessions go in tagged with @import_id (an imports row the caller made). */
SalveSessionBulk *salve_session_bulk_new    (SalveDb                   *db,
                                             gint64                     profile_id,
                                             gint64                     import_id,
                                             GError                   **error);
void              salve_session_bulk_free   (SalveSessionBulk          *self);
/* @inserted FALSE for a duplicate: a session stored before this bulk
 * write with the same key. A second session with a key this bulk write
 * already added goes in too, without a key (as the second of two
 * identical sessions typed in has none). @id (may be NULL): the new
 * session's id, or the stored one it duplicates. */
gboolean          salve_session_bulk_add    (SalveSessionBulk          *self,
                                             const SalveSessionBulkRow *row,
                                             gboolean                  *inserted,
                                             gint64                    *id,
                                             GError                   **error);

/* Gives each of the profile's sessions without a dedupe key (typed in, or
 * changed since an import) the key @func computes from its stored values;
 * of two with the same key, the second keeps none. */
typedef gint64 (*SalveSessionKeyFunc) (const SalveSessionBulkRow *row,
                                       gpointer                   user_data);
gboolean          salve_session_repo_fill_keys (SalveDb            *db,
                                                gint64              profile_id,
                                                SalveSessionKeyFunc func,
                                                gpointer            user_data,
                                                GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveSessionBulk, salve_session_bulk_free)

G_END_DECLS
