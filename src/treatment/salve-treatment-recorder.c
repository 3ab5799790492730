/* salve-treatment-recorder.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-treatment"

#include "config.h"

#include <glib/gstdio.h>

#include "salve-profile-repo.h"
#include "salve-program-repo.h"
#include "salve-treatment-recorder.h"

struct _SalveTreatmentRecorder
{
  SalveDb *db;
  gint64   profile_id;
  char    *scratch_dir;   /* not NULL: nothing is kept */
  /* Every write of the session, in order; made by open(). */
  SalveSessionJournal *journal;
};

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      if (g_file_test (file, G_FILE_TEST_IS_DIR))
        remove_dir (file);
      else
        g_unlink (file);
    }
  g_rmdir (path);
}

SalveTreatmentRecorder *
_salve_treatment_recorder_new (SalveDb       *db,
                               SalveProfile  *profile,
                               GError       **error)
{
  SalveTreatmentRecorder *self = g_new0 (SalveTreatmentRecorder, 1);
  g_autoptr(SalveProfile) scratch = NULL;
  g_autofree char *path = NULL;

  if (db != NULL && profile != NULL)
    {
      self->db = g_object_ref (db);
      self->profile_id = salve_profile_get_id (profile);
      return self;
    }

  self->scratch_dir = g_dir_make_tmp ("salve-session-XXXXXX", error);
  if (self->scratch_dir == NULL)
    goto fail;

  path = g_build_filename (self->scratch_dir, "session.db", NULL);
  self->db = salve_db_open (path, error);
  if (self->db == NULL)
    goto fail;

  scratch = salve_profile_repo_add (self->db, "-", error);
  if (scratch == NULL)
    goto fail;
  self->profile_id = salve_profile_get_id (scratch);

  return self;

fail:
  _salve_treatment_recorder_free (self);
  return NULL;
}

void
_salve_treatment_recorder_free (SalveTreatmentRecorder *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->journal);
  g_clear_object (&self->db);
  if (self->scratch_dir != NULL)
    remove_dir (self->scratch_dir);
  g_free (self->scratch_dir);
  g_free (self);
}

SalveDb *
_salve_treatment_recorder_get_db (SalveTreatmentRecorder *self)
{
  return self->db;
}

gint64
_salve_treatment_recorder_get_profile_id (SalveTreatmentRecorder *self)
{
  return self->profile_id;
}

gboolean
_salve_treatment_recorder_is_kept (SalveTreatmentRecorder *self)
{
  return self->scratch_dir == NULL;
}

const GError *
_salve_treatment_recorder_get_warning (SalveTreatmentRecorder *self)
{
  return self->journal != NULL ? salve_session_journal_get_error (self->journal) : NULL;
}

SalveSessionJournal *
_salve_treatment_recorder_get_journal (SalveTreatmentRecorder *self)
{
  return self->journal;
}

guint
_salve_treatment_recorder_get_n_pending (SalveTreatmentRecorder *self)
{
  return self->journal != NULL ? salve_session_journal_get_n_pending (self->journal) : 0;
}

gboolean
_salve_treatment_recorder_flush (SalveTreatmentRecorder  *self,
                                 guint                    timeout_ms,
                                 GError                 **error)
{
  if (self->journal == NULL)
    return TRUE;

  return salve_session_journal_flush (self->journal, timeout_ms, error);
}

/* FALSE with @error when the database refused a write (busy is not a
 * refusal: the journal keeps trying). */
static gboolean
check_refused (SalveTreatmentRecorder  *self,
               GError                 **error)
{
  const GError *refused = salve_session_journal_get_error (self->journal);

  if (refused == NULL)
    return TRUE;

  if (error != NULL)
    *error = g_error_copy (refused);
  return FALSE;
}

static void
add_diary_entry (SalveTreatmentRecorder  *self,
                 SalveSession            *session,
                 int                      pain,
                 SalveDiaryPhase          phase,
                 const char              *note)
{
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (self->profile_id);

  salve_diary_entry_set_pain (entry, pain);
  salve_diary_entry_set_region (entry, salve_site_to_id (salve_session_get_site (session)));
  if (note != NULL && *note != '\0')
    salve_diary_entry_set_note (entry, note);

  /* Linked to the session when it is stored: the session's own row may
   * still wait for the database. */
  salve_session_journal_add_rating (self->journal, entry, phase);
}

gboolean
_salve_treatment_recorder_open (SalveTreatmentRecorder  *self,
                                SalveSession            *session,
                                GPtrArray               *acknowledgements,
                                GError                 **error)
{
  int pain = salve_session_get_pain_before (session);

  salve_session_set_profile_id (session, self->profile_id);

  /* Stored before anything runs, or queued while another program holds
   * the database: from here on, nothing entered is lost. */
  g_clear_object (&self->journal);
  self->journal = salve_session_journal_new (self->db, session);
  salve_session_journal_create (self->journal);
  if (!check_refused (self, error))
    {
      g_clear_object (&self->journal);
      return FALSE;
    }

  for (guint i = 0; acknowledgements != NULL && i < acknowledgements->len; i++)
    {
      const SalveAcknowledgement *ack = g_ptr_array_index (acknowledgements, i);
      g_autoptr(SalveSessionEvent) event = salve_session_event_new (SALVE_SESSION_EVENT_CAUTION_ACKNOWLEDGED,
                                                                     0, ack->rule_id, ack->by);

      /* When it was acknowledged, not when it was stored. */
      g_free (event->at);
      event->at = g_strdup (ack->at);
      salve_session_journal_add_event (self->journal, event);
    }

  if (pain != SALVE_PAIN_UNSET)
    add_diary_entry (self, session, pain, SALVE_DIARY_PHASE_BEFORE, NULL);

  return TRUE;
}

void
_salve_treatment_recorder_abandon (SalveTreatmentRecorder *self,
                                   SalveSession           *session,
                                   const char             *reason)
{
  if (self->journal == NULL ||
      salve_session_get_outcome (session) != SALVE_SESSION_OUTCOME_PLANNED)
    return;

  salve_session_journal_finish (self->journal, SALVE_SESSION_OUTCOME_INTERRUPTED, reason, NULL);
  salve_session_set_outcome (session, SALVE_SESSION_OUTCOME_INTERRUPTED, reason);
}

gboolean
_salve_treatment_recorder_close (SalveTreatmentRecorder  *self,
                                 SalveSession            *session,
                                 GError                 **error)
{
  int pain = salve_session_get_pain_after (session);

  g_return_val_if_fail (self->journal != NULL, FALSE);

  /* Queued behind the end; a refusal of any of them (or of an earlier
   * write) is the warning, and flush() tries again. */
  salve_session_journal_update_after (self->journal);
  if (pain != SALVE_PAIN_UNSET)
    add_diary_entry (self, session, pain, SALVE_DIARY_PHASE_AFTER, salve_session_get_note (session));

  return TRUE;
}

SalvePreset *
_salve_treatment_save_program (SalveDb       *db,
                               SalveProfile  *profile,
                               SalvePreset   *preset,
                               const char    *based_on,
                               GError       **error)
{
  return salve_program_repo_save (db, salve_profile_get_id (profile), preset, based_on, error);
}
