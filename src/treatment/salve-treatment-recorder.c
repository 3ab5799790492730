/* salve-treatment-recorder.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-treatment"

#include "config.h"

#include <glib/gstdio.h>

#include "salve-diary-repo.h"
#include "salve-profile-repo.h"
#include "salve-program-repo.h"
#include "salve-session-repo.h"
#include "salve-treatment-recorder.h"

struct _SalveTreatmentRecorder
{
  SalveDb *db;
  gint64   profile_id;
  char    *scratch_dir;   /* not NULL: nothing is kept */
  GError  *warning;
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

static void
keep_warning (SalveTreatmentRecorder *self,
              GError                 *error)
{
  g_warning ("%s", error->message);
  if (self->warning == NULL)
    self->warning = g_error_copy (error);
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

  g_clear_object (&self->db);
  if (self->scratch_dir != NULL)
    remove_dir (self->scratch_dir);
  g_free (self->scratch_dir);
  g_clear_error (&self->warning);
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
  return self->warning;
}

static gboolean
add_diary_entry (SalveTreatmentRecorder  *self,
                 SalveSession            *session,
                 int                      pain,
                 SalveDiaryPhase          phase,
                 const char              *note,
                 GError                 **error)
{
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (self->profile_id);

  salve_diary_entry_set_pain (entry, pain);
  salve_diary_entry_set_region (entry, salve_site_to_id (salve_session_get_site (session)));
  salve_diary_entry_set_session (entry, salve_session_get_id (session), phase);
  if (note != NULL && *note != '\0')
    salve_diary_entry_set_note (entry, note);

  return salve_diary_repo_add (self->db, entry, error);
}

gboolean
_salve_treatment_recorder_open (SalveTreatmentRecorder  *self,
                                SalveSession            *session,
                                GPtrArray               *acknowledgements,
                                GError                 **error)
{
  int pain = salve_session_get_pain_before (session);

  salve_session_set_profile_id (session, self->profile_id);

  /* Stored before anything runs: from here on, nothing entered is lost. */
  if (!salve_session_repo_create (self->db, session, error))
    return FALSE;

  for (guint i = 0; acknowledgements != NULL && i < acknowledgements->len; i++)
    {
      const SalveAcknowledgement *ack = g_ptr_array_index (acknowledgements, i);
      g_autoptr(SalveSessionEvent) event = salve_session_event_new (SALVE_SESSION_EVENT_CAUTION_ACKNOWLEDGED,
                                                                     0, ack->rule_id, ack->by);
      g_autoptr(GError) local_error = NULL;

      /* When it was acknowledged, not when it was stored. */
      g_free (event->at);
      event->at = g_strdup (ack->at);
      if (!salve_session_repo_add_event (self->db, salve_session_get_id (session), event, &local_error))
        keep_warning (self, local_error);
    }

  if (pain != SALVE_PAIN_UNSET)
    {
      g_autoptr(GError) local_error = NULL;

      if (!add_diary_entry (self, session, pain, SALVE_DIARY_PHASE_BEFORE, NULL, &local_error))
        keep_warning (self, local_error);
    }

  return TRUE;
}

void
_salve_treatment_recorder_abandon (SalveTreatmentRecorder *self,
                                   SalveSession           *session,
                                   const char             *reason)
{
  g_autoptr(GError) error = NULL;

  if (salve_session_get_id (session) <= 0 ||
      salve_session_get_outcome (session) != SALVE_SESSION_OUTCOME_PLANNED)
    return;

  if (!salve_session_repo_finish (self->db, salve_session_get_id (session),
                                  SALVE_SESSION_OUTCOME_INTERRUPTED, reason, NULL, &error))
    keep_warning (self, error);
  else
    salve_session_set_outcome (session, SALVE_SESSION_OUTCOME_INTERRUPTED, reason);
}

gboolean
_salve_treatment_recorder_close (SalveTreatmentRecorder  *self,
                                 SalveSession            *session,
                                 GError                 **error)
{
  int pain = salve_session_get_pain_after (session);

  if (!salve_session_repo_update_after (self->db, session, error))
    return FALSE;

  if (pain != SALVE_PAIN_UNSET &&
      !add_diary_entry (self, session, pain, SALVE_DIARY_PHASE_AFTER, salve_session_get_note (session), error))
    return FALSE;

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
