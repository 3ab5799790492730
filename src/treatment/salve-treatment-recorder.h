/* salve-treatment-recorder.h: every database write of a treatment, in
 * one place and in the order they happen
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-db.h"
#include "salve-preset.h"
#include "salve-profile.h"
#include "salve-session.h"
#include "salve-session-journal.h"

G_BEGIN_DECLS

typedef struct _SalveTreatmentRecorder SalveTreatmentRecorder;

/* One acknowledged caution: which rule, who, when (ISO 8601). */
typedef struct
{
  char *rule_id;
  char *by;
  char *at;
} SalveAcknowledgement;

/* Records for @profile in @db. Without a profile nothing is kept: the
 * session runs on a scratch database that is removed again at the end, so
 * the runner logs the same way either way. */
SalveTreatmentRecorder *_salve_treatment_recorder_new          (SalveDb                *db,
                                                                SalveProfile           *profile,
                                                                GError                **error);
void                    _salve_treatment_recorder_free         (SalveTreatmentRecorder *self);
/* The database the runner logs to (the scratch one when not recorded). */
SalveDb                *_salve_treatment_recorder_get_db       (SalveTreatmentRecorder *self);
gint64                  _salve_treatment_recorder_get_profile_id (SalveTreatmentRecorder *self);
gboolean                _salve_treatment_recorder_is_kept      (SalveTreatmentRecorder *self);

/* Every write goes through one SalveSessionJournal, made here: queued in
 * order and retried while another program holds the database. A write
 * the database refuses (not a busy one) stops the journal; get_warning()
 * says why.
 *
 * Stores @session as planned, then who acknowledged which caution and
 * the pain before as a diary entry linked to it. Only a refusal of the
 * first fails the start; a busy database does not. */
gboolean                _salve_treatment_recorder_open         (SalveTreatmentRecorder *self,
                                                                SalveSession           *session,
                                                                GPtrArray              *acknowledgements,
                                                                GError                **error);
/* A planned session that never ran: it ended, interrupted for @reason. */
void                    _salve_treatment_recorder_abandon      (SalveTreatmentRecorder *self,
                                                                SalveSession           *session,
                                                                const char             *reason);
/* Pain after (a linked diary entry with the note), side effects, skin
 * check and note, queued behind the end. A busy database leaves them
 * queued (see flush); a refused write is the warning (get_warning). */
gboolean                _salve_treatment_recorder_close        (SalveTreatmentRecorder *self,
                                                                SalveSession           *session,
                                                                GError                **error);
/* The journal the session runner writes through too (NULL before open). */
SalveSessionJournal    *_salve_treatment_recorder_get_journal  (SalveTreatmentRecorder *self);
/* Writes queued and not stored yet. */
guint                   _salve_treatment_recorder_get_n_pending (SalveTreatmentRecorder *self);
/* Stores everything queued, waiting up to @timeout_ms for a database
 * another program holds (salve_session_journal_flush). */
gboolean                _salve_treatment_recorder_flush        (SalveTreatmentRecorder *self,
                                                                guint                   timeout_ms,
                                                                GError                **error);
/* A person's own program, saved from the values a treatment has now
 * (before any session is stored: no recorder needed). */
SalvePreset            *_salve_treatment_save_program          (SalveDb                *db,
                                                                SalveProfile           *profile,
                                                                SalvePreset            *preset,
                                                                const char             *based_on,
                                                                GError                **error);
/* The first write that failed without failing the treatment; NULL if none. */
const GError           *_salve_treatment_recorder_get_warning  (SalveTreatmentRecorder *self);

G_END_DECLS
