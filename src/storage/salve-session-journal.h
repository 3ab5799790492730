/* salve-session-journal.h: one session's writes, in order, kept until
 * they are stored
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-db.h"
#include "salve-diary-entry.h"
#include "salve-session.h"

G_BEGIN_DECLS

/* What a session did must not be lost to a busy database. Every write that
 * records a session's course goes into the journal's queue and is applied
 * in the order it was queued, each as one statement (salve-session-repo.h).
 * A write is tried at once when nothing is queued before it; while another
 * program holds the write lock it stays queued, and the journal tries again
 * from the thread-default main context (with a growing pause, each try
 * waiting no more than a moment, so the main loop is never held up) until
 * it is stored. Nothing queued later overtakes it.
 *
 * Values are taken when a write is queued (times included), not when it is
 * stored. A write the database refuses for another reason (a constraint,
 * a full or broken disk) stops the journal: get_error() says why, nothing
 * after it is applied, and the next write queued or the next flush tries
 * again from there.
 *
 * Use a journal from one thread, the one whose main context it was created
 * in. An exit path calls flush(): it says whether everything, the end in
 * particular, was stored. */

#define SALVE_TYPE_SESSION_JOURNAL (salve_session_journal_get_type ())

G_DECLARE_FINAL_TYPE (SalveSessionJournal, salve_session_journal, SALVE, SESSION_JOURNAL, GObject)

/* @session is kept (a reference). When it has no id yet, queue create()
 * first: its id is set on it once its row is stored. */
SalveSessionJournal *salve_session_journal_new          (SalveDb              *db,
                                                         SalveSession         *session);
SalveSession        *salve_session_journal_get_session  (SalveSessionJournal  *self);

/* The session's row as planned (salve_session_repo_create). */
void                 salve_session_journal_create       (SalveSessionJournal  *self);
/* Outcome becomes running; @started_at NULL means now. */
void                 salve_session_journal_mark_started (SalveSessionJournal  *self,
                                                         const char           *started_at);
/* The session's parameters as they are now (e.g. the intensity reached). */
void                 salve_session_journal_update_params (SalveSessionJournal *self);
/* An event for the audit trail; its time is now. */
void                 salve_session_journal_log          (SalveSessionJournal   *self,
                                                         SalveSessionEventKind  kind,
                                                         gint64                 elapsed_ms,
                                                         const char            *detail,
                                                         const char            *actor);
/* @event as it is, its time included (a copy is queued). */
void                 salve_session_journal_add_event    (SalveSessionJournal     *self,
                                                         const SalveSessionEvent *event);
/* The end: @outcome completed, stopped or interrupted, @reason a
 * SALVE_SESSION_REASON_* id or "" (NULL) for completed; @ended_at NULL
 * means now. */
void                 salve_session_journal_finish       (SalveSessionJournal  *self,
                                                         SalveSessionOutcome   outcome,
                                                         const char           *reason,
                                                         const char           *ended_at);
/* The answers after the session as they are now: pain after, side
 * effects, skin check and note. */
void                 salve_session_journal_update_after (SalveSessionJournal  *self);
/* A diary entry about the session (a copy is queued; its session id is
 * filled in when it is stored, its phase kept). */
void                 salve_session_journal_add_diary_entry (SalveSessionJournal *self,
                                                            SalveDiaryEntry     *entry);
/* The same for an entry made before the session had its id (its phase
 * is lost then): linked to the session as @phase when it is stored. */
void                 salve_session_journal_add_rating   (SalveSessionJournal *self,
                                                         SalveDiaryEntry     *entry,
                                                         SalveDiaryPhase      phase);

/* Writes queued and not stored yet (property "n-pending", notified). */
guint                salve_session_journal_get_n_pending (SalveSessionJournal *self);
/* TRUE once an end was queued and every write up to it is stored. */
gboolean             salve_session_journal_get_end_stored (SalveSessionJournal *self);
/* The refusal that stopped the journal, or NULL (busy is not one). */
const GError        *salve_session_journal_get_error    (SalveSessionJournal  *self);

/* Tries to store everything queued, waiting up to @timeout_ms for a lock
 * held elsewhere, without the main loop. TRUE when nothing is left; else
 * @error says why (SALVE_DB_ERROR_BUSY when the time ran out) and what is
 * left stays queued, retried as before. */
gboolean             salve_session_journal_flush        (SalveSessionJournal  *self,
                                                         guint                 timeout_ms,
                                                         GError              **error);

G_END_DECLS
