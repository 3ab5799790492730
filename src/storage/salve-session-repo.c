/* salve-session-repo.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-repo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "salve-session-repo.h"
#include "salve-time.h"

#define SESSION_COLUMNS \
  "id, profile_id, device_id, device_name, modality, site, program, params_json, " \
  "planned_minutes, started_at, ended_at, outcome, outcome_reason, pain_before, " \
  "pain_after, side_effects, skin_check, note"

static gboolean
propagate_step_error (GError  *local_error,
                      GError **error)
{
  if (local_error == NULL)
    return TRUE;

  g_propagate_error (error, local_error);
  return FALSE;
}

static SalveSession *
session_from_row (SalveStmt *stmt)
{
  g_autoptr(SalveSession) session = NULL;
  g_autoptr(GError) json_error = NULL;
  g_auto(GStrv) effects = NULL;
  SalveModality modality = SALVE_MODALITY_TENS;
  SalveSite site = SALVE_SITE_HAND;
  SalveSessionOutcome outcome = SALVE_SESSION_OUTCOME_PLANNED;
  const char *effects_text;

  /* The CHECK constraints keep modality valid; a site id from a newer
   * Salve reads as the default rather than hiding the whole session. */
  if (!salve_modality_from_id (salve_stmt_get_text (stmt, 4), &modality))
    g_warning ("Session %" G_GINT64_FORMAT " has an unknown modality", salve_stmt_get_int64 (stmt, 0));
  if (!salve_site_from_id (salve_stmt_get_text (stmt, 5), &site))
    g_debug ("Session %" G_GINT64_FORMAT " has an unknown site", salve_stmt_get_int64 (stmt, 0));
  salve_session_outcome_from_id (salve_stmt_get_text (stmt, 11), &outcome);

  session = salve_session_new (modality, site);
  salve_session_set_id (session, salve_stmt_get_int64 (stmt, 0));
  salve_session_set_profile_id (session, salve_stmt_get_int64 (stmt, 1));
  salve_session_set_device_id (session, salve_stmt_get_int64 (stmt, 2));
  salve_session_set_device_name (session, salve_stmt_get_text (stmt, 3));
  salve_session_set_program (session, salve_stmt_get_text (stmt, 6));
  if (!salve_session_set_params_json (session, salve_stmt_get_text (stmt, 7), &json_error))
    g_warning ("Session %" G_GINT64_FORMAT ": %s", salve_stmt_get_int64 (stmt, 0), json_error->message);
  if (!salve_stmt_get_is_null (stmt, 8))
    salve_session_set_planned_minutes (session, salve_stmt_get_double (stmt, 8));
  salve_session_set_started_at (session, salve_stmt_get_text (stmt, 9));
  salve_session_set_ended_at (session, salve_stmt_get_text (stmt, 10));
  salve_session_set_outcome (session, outcome, salve_stmt_get_text (stmt, 12));
  if (!salve_stmt_get_is_null (stmt, 13))
    salve_session_set_pain_before (session, (int) salve_stmt_get_int64 (stmt, 13));
  if (!salve_stmt_get_is_null (stmt, 14))
    salve_session_set_pain_after (session, (int) salve_stmt_get_int64 (stmt, 14));

  effects_text = salve_stmt_get_text (stmt, 15);
  if (*effects_text != '\0')
    {
      effects = g_strsplit (effects_text, ",", -1);
      salve_session_set_side_effects (session, (const char * const *) effects);
    }

  salve_session_set_skin_check (session, salve_stmt_get_text (stmt, 16));
  salve_session_set_note (session, salve_stmt_get_text (stmt, 17));

  return g_steal_pointer (&session);
}

static gboolean
bind_pain (SalveStmt  *stmt,
           int         param,
           int         pain,
           GError    **error)
{
  if (pain == SALVE_PAIN_UNSET)
    return salve_stmt_bind_null (stmt, param, error);

  return salve_stmt_bind_int64 (stmt, param, pain, error);
}

static void
set_not_found (GError **error,
               gint64   session_id)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, session_id);

  g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
               _("There is no session with number %s."), number);
}

static gboolean
check_changed (SalveDb  *db,
               gint64    session_id,
               GError  **error)
{
  if (salve_db_changes (db) > 0)
    return TRUE;

  set_not_found (error, session_id);
  return FALSE;
}

gboolean
salve_session_repo_create (SalveDb       *db,
                           SalveSession  *session,
                           GError       **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autofree char *params = NULL;
  gint64 device_id;
  double minutes;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (SALVE_IS_SESSION (session), FALSE);
  g_return_val_if_fail (salve_session_get_profile_id (session) > 0, FALSE);

  params = salve_session_dup_params_json (session);
  device_id = salve_session_get_device_id (session);
  minutes = salve_session_get_planned_minutes (session);

  stmt = salve_db_prepare (db,
                           "INSERT INTO sessions (profile_id, device_id, device_name, modality, site,"
                           " program, params_json, planned_minutes, pain_before, outcome)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'planned')",
                           error);
  if (stmt == NULL ||
      !salve_stmt_bind_int64 (stmt, 1, salve_session_get_profile_id (session), error) ||
      !(device_id > 0 ? salve_stmt_bind_int64 (stmt, 2, device_id, error)
                      : salve_stmt_bind_null (stmt, 2, error)) ||
      !salve_stmt_bind_text (stmt, 3, salve_session_get_device_name (session), error) ||
      !salve_stmt_bind_text (stmt, 4, salve_modality_to_id (salve_session_get_modality (session)), error) ||
      !salve_stmt_bind_text (stmt, 5, salve_site_to_id (salve_session_get_site (session)), error) ||
      !salve_stmt_bind_text (stmt, 6, salve_session_get_program (session), error) ||
      !salve_stmt_bind_text (stmt, 7, params, error) ||
      !(minutes >= 0 ? salve_stmt_bind_double (stmt, 8, minutes, error)
                     : salve_stmt_bind_null (stmt, 8, error)) ||
      !bind_pain (stmt, 9, salve_session_get_pain_before (session), error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  salve_session_set_id (session, salve_db_last_insert_id (db));
  salve_session_set_outcome (session, SALVE_SESSION_OUTCOME_PLANNED, NULL);

  return TRUE;
}

/* Every UPDATE below changes values the import's duplicate key is computed
 * from (salve_csv_record_compute_key): each clears the key, so the next
 * import computes it again from the new values (backfill_keys in
 * salve-importer.c) and the session's own export stays a duplicate. */

gboolean
salve_session_repo_mark_started (SalveDb     *db,
                                 gint64       session_id,
                                 const char  *started_at,
                                 GError     **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  if (started_at == NULL)
    started_at = now = salve_time_now_iso ();

  dt = salve_time_parse_iso (started_at);
  if (dt == NULL)
    {
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_CONSTRAINT,
                   _("“%s” is not a valid time."), started_at);
      return FALSE;
    }

  /* Held before it reads as running: no other program may see it running
   * and unheld while this one lives. */
  _salve_db_hold_session (db, session_id);

  stmt = salve_db_prepare (db,
                           "UPDATE sessions SET outcome = 'running', started_at = ?1,"
                           " started_unix = ?2, dedupe_key = NULL WHERE id = ?3",
                           error);
  if (stmt == NULL ||
      !salve_stmt_bind_text (stmt, 1, started_at, error) ||
      !salve_stmt_bind_int64 (stmt, 2, g_date_time_to_unix (dt), error) ||
      !salve_stmt_bind_int64 (stmt, 3, session_id, error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  return check_changed (db, session_id, error);
}

gboolean
salve_session_repo_update_params (SalveDb       *db,
                                  SalveSession  *session,
                                  GError       **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autofree char *params = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (SALVE_IS_SESSION (session), FALSE);

  params = salve_session_dup_params_json (session);
  stmt = salve_db_prepare (db, "UPDATE sessions SET params_json = ?1, dedupe_key = NULL WHERE id = ?2", error);
  if (stmt == NULL ||
      !salve_stmt_bind_text (stmt, 1, params, error) ||
      !salve_stmt_bind_int64 (stmt, 2, salve_session_get_id (session), error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  return check_changed (db, salve_session_get_id (session), error);
}

gboolean
salve_session_repo_set_pain_before (SalveDb  *db,
                                    gint64    session_id,
                                    int       pain,
                                    GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  stmt = salve_db_prepare (db, "UPDATE sessions SET pain_before = ?1, dedupe_key = NULL WHERE id = ?2", error);
  if (stmt == NULL ||
      !bind_pain (stmt, 1, pain, error) ||
      !salve_stmt_bind_int64 (stmt, 2, session_id, error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  return check_changed (db, session_id, error);
}

gboolean
salve_session_repo_add_event (SalveDb            *db,
                              gint64              session_id,
                              SalveSessionEvent  *event,
                              GError            **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (event->kind < SALVE_N_SESSION_EVENTS, FALSE);

  if (event->at == NULL)
    event->at = salve_time_now_iso ();

  stmt = salve_db_prepare (db,
                           "INSERT INTO session_events (session_id, at, elapsed_ms, kind, detail, actor)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           error);
  if (stmt == NULL ||
      !salve_stmt_bind_int64 (stmt, 1, session_id, error) ||
      !salve_stmt_bind_text (stmt, 2, event->at, error) ||
      !salve_stmt_bind_int64 (stmt, 3, MAX (event->elapsed_ms, 0), error) ||
      !salve_stmt_bind_text (stmt, 4, salve_session_event_kind_to_id (event->kind), error) ||
      !salve_stmt_bind_text (stmt, 5, event->detail ? event->detail : "", error) ||
      !salve_stmt_bind_text (stmt, 6, event->actor ? event->actor : "", error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  event->id = salve_db_last_insert_id (db);
  event->session_id = session_id;

  return TRUE;
}

gboolean
salve_session_repo_log (SalveDb                *db,
                        gint64                  session_id,
                        SalveSessionEventKind   kind,
                        gint64                  elapsed_ms,
                        const char             *detail,
                        const char             *actor,
                        GError                **error)
{
  g_autoptr(SalveSessionEvent) event = salve_session_event_new (kind, elapsed_ms, detail, actor);

  return salve_session_repo_add_event (db, session_id, event, error);
}

gboolean
salve_session_repo_finish (SalveDb              *db,
                           gint64                session_id,
                           SalveSessionOutcome   outcome,
                           const char           *reason,
                           const char           *ended_at,
                           GError              **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (outcome == SALVE_SESSION_OUTCOME_COMPLETED ||
                        outcome == SALVE_SESSION_OUTCOME_STOPPED ||
                        outcome == SALVE_SESSION_OUTCOME_INTERRUPTED, FALSE);

  if (ended_at == NULL)
    ended_at = now = salve_time_now_iso ();

  /* A session that never started keeps no start time, but it did end. */
  stmt = salve_db_prepare (db,
                           "UPDATE sessions SET outcome = ?1, outcome_reason = ?2, ended_at = ?3,"
                           " dedupe_key = NULL WHERE id = ?4",
                           error);
  if (stmt == NULL ||
      !salve_stmt_bind_text (stmt, 1, salve_session_outcome_to_id (outcome), error) ||
      !salve_stmt_bind_text (stmt, 2, reason ? reason : "", error) ||
      !salve_stmt_bind_text (stmt, 3, ended_at, error) ||
      !salve_stmt_bind_int64 (stmt, 4, session_id, error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  _salve_db_release_session (db, session_id);

  return check_changed (db, session_id, error);
}

gboolean
salve_session_repo_update_after (SalveDb       *db,
                                 SalveSession  *session,
                                 GError       **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autofree char *effects = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (SALVE_IS_SESSION (session), FALSE);

  effects = g_strjoinv (",", (char **) salve_session_get_side_effects (session));
  stmt = salve_db_prepare (db,
                           "UPDATE sessions SET pain_after = ?1, side_effects = ?2, skin_check = ?3,"
                           " note = ?4, dedupe_key = NULL WHERE id = ?5",
                           error);
  if (stmt == NULL ||
      !bind_pain (stmt, 1, salve_session_get_pain_after (session), error) ||
      !salve_stmt_bind_text (stmt, 2, effects, error) ||
      !salve_stmt_bind_text (stmt, 3, salve_session_get_skin_check (session), error) ||
      !salve_stmt_bind_text (stmt, 4, salve_session_get_note (session), error) ||
      !salve_stmt_bind_int64 (stmt, 5, salve_session_get_id (session), error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  return check_changed (db, salve_session_get_id (session), error);
}

gboolean
salve_session_repo_is_running (SalveDb   *db,
                               gint64     profile_id,
                               gboolean  *running,
                               GError   **error)
{
  g_autoptr(SalveStmt) select = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (running != NULL, FALSE);

  *running = FALSE;
  select = salve_db_prepare (db,
                             "SELECT id FROM sessions WHERE outcome = 'running' AND (?1 = 0 OR profile_id = ?1)",
                             error);
  if (select == NULL || !salve_stmt_bind_int64 (select, 1, profile_id, error))
    return FALSE;

  /* A row left running by a program that died is not a session that
   * runs: only one held by a live connection is. */
  while (!*running && salve_stmt_step (select, &local_error))
    *running = _salve_db_session_held_elsewhere (db, salve_stmt_get_int64 (select, 0));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

gboolean
salve_session_repo_person_in_session (SalveDb   *db,
                                      gint64     profile_id,
                                      gboolean  *busy,
                                      GError   **error)
{
  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (busy != NULL, FALSE);

  *busy = FALSE;
  if (profile_id > 0 && _salve_db_person_claimed (db, profile_id))
    {
      *busy = TRUE;
      return TRUE;
    }
  return salve_session_repo_is_running (db, profile_id, busy, error);
}

gboolean
salve_session_repo_claim_person (SalveDb   *db,
                                 gint64     profile_id,
                                 GError   **error)
{
  gboolean running = FALSE;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (profile_id > 0, FALSE);

  if (!_salve_db_claim_person (db, profile_id))
    return FALSE;
  /* Claimed: from here no other start gets past this point for the
   * person. One that started before claims existed on this database
   * (or whose claim went with a connection it no longer needed) shows
   * as running and held. */
  if (!salve_session_repo_is_running (db, profile_id, &running, error) || running)
    {
      _salve_db_release_person (db, profile_id);
      return FALSE;
    }

  return TRUE;
}

void
salve_session_repo_release_person (SalveDb *db,
                                   gint64   profile_id)
{
  g_return_if_fail (SALVE_IS_DB (db));
  _salve_db_release_person (db, profile_id);
}

int
salve_session_repo_close_abandoned (SalveDb  *db,
                                    gint64    profile_id,
                                    GError  **error)
{
  g_autoptr(SalveStmt) select = NULL;
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) local_error = NULL;
  int closed = 0;

  g_return_val_if_fail (SALVE_IS_DB (db), -1);

  select = salve_db_prepare (db,
                             "SELECT id FROM sessions WHERE outcome = 'running' AND (?1 = 0 OR profile_id = ?1)",
                             error);
  if (select == NULL || !salve_stmt_bind_int64 (select, 1, profile_id, error))
    return -1;
  while (salve_stmt_step (select, &local_error))
    {
      gint64 id = salve_stmt_get_int64 (select, 0);

      /* Still running in a program that is alive: not abandoned. */
      if (!_salve_db_session_held_elsewhere (db, id))
        g_array_append_val (ids, id);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }

  /* The last thing logged is the best guess of when it stopped. */
  stmt = salve_db_prepare (db,
                           "UPDATE sessions SET outcome = 'interrupted', outcome_reason = ?1,"
                           " ended_at = COALESCE((SELECT at FROM session_events e"
                           "   WHERE e.session_id = sessions.id ORDER BY e.id DESC LIMIT 1), started_at),"
                           " dedupe_key = NULL"
                           " WHERE outcome = 'running' AND id = ?2",
                           error);
  if (stmt == NULL)
    return -1;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      salve_stmt_reset (stmt);
      if (!salve_stmt_bind_text (stmt, 1, SALVE_SESSION_REASON_APP_CLOSED, error) ||
          !salve_stmt_bind_int64 (stmt, 2, id, error) ||
          !salve_stmt_run (stmt, error))
        return -1;
      closed += salve_db_changes (db);
      _salve_db_release_session (db, id);
    }

  return closed;
}

GPtrArray *
salve_session_repo_list (SalveDb                   *db,
                         gint64                     profile_id,
                         const SalveSessionFilter  *filter,
                         GError                   **error)
{
  static const SalveSessionFilter any = SALVE_SESSION_FILTER_INIT;
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  if (filter == NULL)
    filter = &any;

  stmt = salve_db_prepare (db,
                           "SELECT " SESSION_COLUMNS ","
                           " COALESCE (started_unix, CAST (strftime ('%s', ended_at) AS INTEGER)) AS when_unix"
                           " FROM sessions"
                           " WHERE profile_id = ?1"
                           " AND (?2 <= 0 OR device_id = ?2)"
                           " AND (?3 IS NULL OR device_name = ?3 COLLATE NOCASE"
                           "      OR " SALVE_SESSION_EXPORTED_DEVICE_SQL ("sessions") " = ?3 COLLATE NOCASE)"
                           " AND (?4 IS NULL OR modality = ?4)"
                           " ORDER BY when_unix IS NULL, when_unix DESC, id DESC"
                           " LIMIT ?5",
                           error);
  if (stmt == NULL ||
      !salve_stmt_bind_int64 (stmt, 1, profile_id, error) ||
      !salve_stmt_bind_int64 (stmt, 2, filter->device_id, error) ||
      !salve_stmt_bind_text (stmt, 3, filter->device_name, error) ||
      !salve_stmt_bind_text (stmt, 4,
                             (filter->modality >= 0 && filter->modality < SALVE_N_MODALITIES)
                               ? salve_modality_to_id (filter->modality) : NULL,
                             error) ||
      !salve_stmt_bind_int64 (stmt, 5, filter->limit > 0 ? filter->limit : -1, error))
    return NULL;

  sessions = g_ptr_array_new_with_free_func (g_object_unref);
  while (salve_stmt_step (stmt, &local_error))
    g_ptr_array_add (sessions, session_from_row (stmt));

  if (!propagate_step_error (g_steal_pointer (&local_error), error))
    return NULL;

  return g_steal_pointer (&sessions);
}

static gboolean
load_events (SalveDb       *db,
             SalveSession  *session,
             GError       **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = salve_db_prepare (db,
                           "SELECT id, session_id, at, elapsed_ms, kind, detail, actor"
                           " FROM session_events WHERE session_id = ?1 ORDER BY id",
                           error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, salve_session_get_id (session), error))
    return FALSE;

  while (salve_stmt_step (stmt, &local_error))
    {
      SalveSessionEvent *event = g_new0 (SalveSessionEvent, 1);

      event->id = salve_stmt_get_int64 (stmt, 0);
      event->session_id = salve_stmt_get_int64 (stmt, 1);
      event->at = g_strdup (salve_stmt_get_text (stmt, 2));
      event->elapsed_ms = salve_stmt_get_int64 (stmt, 3);
      /* An event kind from a newer Salve still shows, as a note. */
      if (!salve_session_event_kind_from_id (salve_stmt_get_text (stmt, 4), &event->kind))
        event->kind = SALVE_SESSION_EVENT_NOTE;
      event->detail = g_strdup (salve_stmt_get_text (stmt, 5));
      event->actor = g_strdup (salve_stmt_get_text (stmt, 6));
      salve_session_add_event (session, event);
    }

  return propagate_step_error (g_steal_pointer (&local_error), error);
}

SalveSession *
salve_session_repo_get (SalveDb  *db,
                        gint64    session_id,
                        GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SalveSession) session = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db, "SELECT " SESSION_COLUMNS " FROM sessions WHERE id = ?1", error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, session_id, error))
    return NULL;

  if (!salve_stmt_step (stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        set_not_found (error, session_id);
      return NULL;
    }

  session = session_from_row (stmt);
  g_clear_pointer (&stmt, salve_stmt_free);

  if (!load_events (db, session, error))
    return NULL;

  return g_steal_pointer (&session);
}

GStrv
salve_session_repo_list_device_names (SalveDb  *db,
                                      gint64    profile_id,
                                      GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db,
                           "SELECT DISTINCT " SALVE_SESSION_EXPORTED_DEVICE_SQL ("sessions") " AS name FROM sessions"
                           " WHERE profile_id = ?1 AND device_name != ''"
                           " ORDER BY name COLLATE NOCASE",
                           error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return NULL;

  while (salve_stmt_step (stmt, &local_error))
    g_strv_builder_add (builder, salve_stmt_get_text (stmt, 0));

  if (!propagate_step_error (g_steal_pointer (&local_error), error))
    return NULL;

  return g_strv_builder_end (builder);
}

gboolean
salve_session_repo_delete (SalveDb  *db,
                           gint64    session_id,
                           GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  stmt = salve_db_prepare (db, "DELETE FROM sessions WHERE id = ?1", error);
  if (stmt == NULL ||
      !salve_stmt_bind_int64 (stmt, 1, session_id, error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  return check_changed (db, session_id, error);
}

gboolean
salve_session_repo_find_damaged_skin (SalveDb     *db,
                                      gint64       profile_id,
                                      SalveSite   *site,
                                      GDateTime  **ended,
                                      GError     **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  GError *local_error = NULL;
  const char *site_id;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (site != NULL, FALSE);
  g_return_val_if_fail (ended != NULL, FALSE);

  /* Only the last such session: any earlier one ended earlier still. */
  stmt = salve_db_prepare (db,
                           "SELECT s.site, s.ended_at FROM sessions s"
                           " WHERE s.profile_id = ?1 AND s.skin_check = 'damaged' AND s.import_id IS NULL"
                           " AND s.ended_at IS NOT NULL AND NOT " SALVE_SESSION_IS_PRACTICE_SQL ("s.id")
                           " ORDER BY s.started_unix DESC, s.id DESC LIMIT 1",
                           error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return FALSE;
  /* No row: none such. */
  if (!salve_stmt_step (stmt, &local_error))
    {
      propagate_step_error (local_error, error);
      return FALSE;
    }

  *ended = salve_time_parse_iso (salve_stmt_get_text (stmt, 1));
  site_id = salve_stmt_get_text (stmt, 0);
  if (site_id == NULL || !salve_site_from_id (site_id, site))
    *site = SALVE_N_SITES;
  return TRUE;
}

int
salve_session_repo_count_on_day (SalveDb        *db,
                                 gint64          profile_id,
                                 SalveModality   modality,
                                 SalveSite       site,
                                 GDateTime      *day,
                                 GError        **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), -1);
  g_return_val_if_fail (day != NULL, -1);

  /* Midnight to midnight in local time, so a DST day is still one day. */
  local = g_date_time_to_local (day);
  start = g_date_time_new_local (g_date_time_get_year (local),
                                 g_date_time_get_month (local),
                                 g_date_time_get_day_of_month (local), 0, 0, 0);
  end = g_date_time_add_days (start, 1);

  stmt = salve_db_prepare (db,
                           "SELECT count(*) FROM sessions"
                           " WHERE profile_id = ?1 AND modality = ?2 AND site = ?3"
                           " AND started_unix >= ?4 AND started_unix < ?5",
                           error);
  if (stmt == NULL ||
      !salve_stmt_bind_int64 (stmt, 1, profile_id, error) ||
      !salve_stmt_bind_text (stmt, 2, salve_modality_to_id (modality), error) ||
      !salve_stmt_bind_text (stmt, 3, salve_site_to_id (site), error) ||
      !salve_stmt_bind_int64 (stmt, 4, g_date_time_to_unix (start), error) ||
      !salve_stmt_bind_int64 (stmt, 5, g_date_time_to_unix (end), error))
    return -1;

  if (!salve_stmt_step (stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }

  return (int) salve_stmt_get_int64 (stmt, 0);
}

gboolean
salve_session_repo_is_practice (SalveDb  *db,
                                gint64    session_id,
                                GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  stmt = salve_db_prepare (db, "SELECT " SALVE_SESSION_IS_PRACTICE_SQL ("?1"), error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, session_id, error) || !salve_stmt_step (stmt, error))
    return FALSE;

  return salve_stmt_get_int64 (stmt, 0) != 0;
}

gboolean
salve_session_repo_started_on_device (SalveDb  *db,
                                      gint64    session_id,
                                      GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  stmt = salve_db_prepare (db,
                           "SELECT " SALVE_SESSION_STARTED_ON_DEVICE_SQL ("s") " FROM sessions s WHERE s.id = ?1",
                           error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, session_id, error))
    return FALSE;
  if (!salve_stmt_step (stmt, &local_error))
    {
      if (local_error == NULL)
        set_not_found (error, session_id);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return salve_stmt_get_int64 (stmt, 0) != 0;
}

GHashTable *
salve_session_repo_list_uncounted (SalveDb  *db,
                                   gint64    profile_id,
                                   GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GHashTable) uncounted = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db,
                           "SELECT id, practice, started FROM"
                           " (SELECT s.id, " SALVE_SESSION_IS_PRACTICE_SQL ("s.id") " AS practice,"
                           "  " SALVE_SESSION_STARTED_ON_DEVICE_SQL ("s") " AS started"
                           "  FROM sessions s WHERE s.profile_id = ?1)"
                           " WHERE practice OR NOT started",
                           error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return NULL;

  uncounted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  while (salve_stmt_step (stmt, &local_error))
    g_hash_table_insert (uncounted, g_memdup2 (&(gint64) { salve_stmt_get_int64 (stmt, 0) }, sizeof (gint64)),
                         GINT_TO_POINTER ((salve_stmt_get_int64 (stmt, 1) ? SALVE_SESSION_UNCOUNTED_PRACTICE : 0) |
                                          (salve_stmt_get_int64 (stmt, 2) ? 0 : SALVE_SESSION_UNCOUNTED_NEVER_STARTED)));
  if (!propagate_step_error (g_steal_pointer (&local_error), error))
    return NULL;

  return g_steal_pointer (&uncounted);
}

SalveSessionUncounted
salve_session_uncounted_get (GHashTable *uncounted,
                             gint64      session_id)
{
  return uncounted != NULL ? GPOINTER_TO_INT (g_hash_table_lookup (uncounted, &session_id)) : 0;
}

/* ---- bulk writes ---------------------------------------------------------- */

struct _SalveSessionBulk
{
  SalveDb      *db;
  sqlite3      *handle;
  sqlite3_stmt *insert;
  sqlite3_stmt *probe_own;
  sqlite3_stmt *find;
  sqlite3_stmt *practice;   /* prepared for the first practice session */
};

static gboolean
bulk_check (SalveSessionBulk  *self,
            int                rc,
            GError           **error)
{
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  _salve_db_set_error (self->db, rc, error);
  return FALSE;
}

static gboolean
bulk_prepare (SalveSessionBulk  *self,
              const char        *sql,
              sqlite3_stmt     **stmt,
              GError           **error)
{
  return bulk_check (self, sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL),
                     error);
}

SalveSessionBulk *
salve_session_bulk_new (SalveDb  *db,
                        gint64    profile_id,
                        gint64    import_id,
                        GError  **error)
{
  g_autoptr(SalveSessionBulk) self = g_new0 (SalveSessionBulk, 1);

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  self->db = g_object_ref (db);
  self->handle = _salve_db_get_handle (db);

  if (!bulk_prepare (self,
                     "INSERT INTO sessions (profile_id, device_name, modality, site, program, params_json, "
                     "  planned_minutes, started_at, started_unix, ended_at, outcome, outcome_reason, pain_before, "
                     "  pain_after, side_effects, skin_check, note, import_id, dedupe_key) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19) "
                     "ON CONFLICT (profile_id, dedupe_key) DO NOTHING", &self->insert, error) ||
      !bulk_prepare (self, "SELECT 1 FROM sessions WHERE profile_id = ?1 AND dedupe_key = ?2 AND import_id = ?3",
                     &self->probe_own, error) ||
      !bulk_prepare (self, "SELECT id FROM sessions WHERE profile_id = ?1 AND dedupe_key = ?2",
                     &self->find, error))
    return NULL;

  sqlite3_bind_int64 (self->insert, 1, profile_id);
  sqlite3_bind_int64 (self->insert, 18, import_id);
  sqlite3_bind_int64 (self->probe_own, 1, profile_id);
  sqlite3_bind_int64 (self->probe_own, 3, import_id);
  sqlite3_bind_int64 (self->find, 1, profile_id);

  return g_steal_pointer (&self);
}

void
salve_session_bulk_free (SalveSessionBulk *self)
{
  if (self == NULL)
    return;

  sqlite3_finalize (self->insert);
  sqlite3_finalize (self->probe_own);
  sqlite3_finalize (self->find);
  sqlite3_finalize (self->practice);
  g_clear_object (&self->db);
  g_free (self);
}

static void
bind_bulk_pain (sqlite3_stmt *stmt,
                int           param,
                int           value)
{
  if (value < 0)
    sqlite3_bind_null (stmt, param);
  else
    sqlite3_bind_int (stmt, param, value);
}

/* Steps the bound insert: TRUE in @inserted when it added the row. */
static gboolean
bulk_step_insert (SalveSessionBulk  *self,
                  gboolean          *inserted,
                  GError           **error)
{
  int rc = sqlite3_step (self->insert);

  sqlite3_reset (self->insert);
  if (!bulk_check (self, rc, error))
    return FALSE;
  *inserted = sqlite3_changes (self->handle) > 0;
  return TRUE;
}

gboolean
salve_session_bulk_add (SalveSessionBulk           *self,
                        const SalveSessionBulkRow  *row,
                        gboolean                   *inserted,
                        gint64                     *id,
                        GError                    **error)
{
  sqlite3_stmt *stmt;
  gint64 session_id = 0;
  int rc;

  g_return_val_if_fail (self != NULL && row != NULL && inserted != NULL, FALSE);

  stmt = self->insert;
  sqlite3_bind_text (stmt, 2, row->device_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, row->modality, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, row->site, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, row->program, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, row->params_json, -1, SQLITE_STATIC);
  if (row->has_planned)
    sqlite3_bind_double (stmt, 7, row->planned_minutes);
  else
    sqlite3_bind_null (stmt, 7);
  sqlite3_bind_text (stmt, 8, row->started_at, -1, SQLITE_STATIC);
  if (row->started_at != NULL)
    sqlite3_bind_int64 (stmt, 9, row->started_unix);
  else
    sqlite3_bind_null (stmt, 9);
  sqlite3_bind_text (stmt, 10, row->ended_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, row->outcome, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, row->outcome_reason, -1, SQLITE_STATIC);
  bind_bulk_pain (stmt, 13, row->pain_before);
  bind_bulk_pain (stmt, 14, row->pain_after);
  sqlite3_bind_text (stmt, 15, row->side_effects, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 16, row->skin_check, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 17, row->note, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 19, row->dedupe_key);

  if (!bulk_step_insert (self, inserted, error))
    return FALSE;

  /* The key is taken. By a session of this same write: the file holds
   * the same session twice, and the second goes in without a key. */
  if (!*inserted)
    {
      sqlite3_bind_int64 (self->probe_own, 2, row->dedupe_key);
      rc = sqlite3_step (self->probe_own);
      sqlite3_reset (self->probe_own);
      if (!bulk_check (self, rc, error))
        return FALSE;
      if (rc == SQLITE_ROW)
        {
          sqlite3_bind_null (stmt, 19);
          if (!bulk_step_insert (self, inserted, error))
            return FALSE;
        }
    }

  if (*inserted)
    session_id = sqlite3_last_insert_rowid (self->handle);
  if (*inserted && row->practice)
    {
      if (self->practice == NULL &&
          !bulk_prepare (self, "INSERT INTO session_events (session_id, at, kind) VALUES (?1, ?2, 'practice')",
                         &self->practice, error))
        return FALSE;
      sqlite3_bind_int64 (self->practice, 1, session_id);
      sqlite3_bind_text (self->practice, 2, row->started_at != NULL ? row->started_at
                                            : row->ended_at != NULL ? row->ended_at : "", -1, SQLITE_STATIC);
      rc = sqlite3_step (self->practice);
      sqlite3_reset (self->practice);
      if (!bulk_check (self, rc, error))
        return FALSE;
    }

  if (id == NULL)
    return TRUE;

  if (*inserted)
    {
      /* The session's, not its practice event's. */
      *id = session_id;
      return TRUE;
    }

  /* The stored session this one duplicates. */
  *id = 0;
  sqlite3_bind_int64 (self->find, 2, row->dedupe_key);
  rc = sqlite3_step (self->find);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (self->find, 0);
  sqlite3_reset (self->find);

  return bulk_check (self, rc, error);
}

typedef struct
{
  SalveSessionKeyFunc func;
  gpointer            user_data;
} SessionKeyClosure;

static gint64
session_row_key (SalveStmt *stmt,
                 gpointer   user_data)
{
  SessionKeyClosure *closure = user_data;
  SalveSessionBulkRow row = {
    .started_at = salve_stmt_get_text (stmt, 1),
    .ended_at = salve_stmt_get_text (stmt, 2),
    .device_name = salve_stmt_get_text (stmt, 3),
    .modality = salve_stmt_get_text (stmt, 4),
    .site = salve_stmt_get_text (stmt, 5),
    .program = salve_stmt_get_text (stmt, 6),
    .params_json = salve_stmt_get_text (stmt, 7),
    .has_planned = !salve_stmt_get_is_null (stmt, 8),
    .planned_minutes = salve_stmt_get_double (stmt, 8),
    .outcome = salve_stmt_get_text (stmt, 9),
    .outcome_reason = salve_stmt_get_text (stmt, 10),
    .pain_before = salve_stmt_get_is_null (stmt, 11) ? -1 : salve_stmt_get_int64 (stmt, 11),
    .pain_after = salve_stmt_get_is_null (stmt, 12) ? -1 : salve_stmt_get_int64 (stmt, 12),
    .side_effects = salve_stmt_get_text (stmt, 13),
    .skin_check = salve_stmt_get_text (stmt, 14),
    .note = salve_stmt_get_text (stmt, 15),
    .started_unix = salve_stmt_get_int64 (stmt, 16),
  };

  return closure->func (&row, closure->user_data);
}

gboolean
salve_session_repo_fill_keys (SalveDb              *db,
                              gint64                profile_id,
                              SalveSessionKeyFunc   func,
                              gpointer              user_data,
                              GError              **error)
{
  SessionKeyClosure closure = { func, user_data };
  g_autoptr(SalveStmt) forget = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* The key is that of the session's export, which leaves out the start
   * of a session that never started on its device, and names a practice
   * session's device in English: a key computed from that start, or from
   * "Oefenstimulator" (before the export did so, or before the key did),
   * is computed again. A few sessions at most. */
  forget = salve_db_prepare (db,
                             "UPDATE sessions SET dedupe_key = NULL WHERE profile_id = ?1 AND dedupe_key IS NOT NULL"
                             " AND ((started_unix IS NOT NULL AND NOT " SALVE_SESSION_STARTED_ON_DEVICE_SQL ("sessions")
                             ") OR " SALVE_SESSION_IS_PRACTICE_SQL ("sessions.id") ")",
                             error);
  if (forget == NULL || !salve_stmt_bind_int64 (forget, 1, profile_id, error) || !salve_stmt_run (forget, error))
    return FALSE;

  /* OR IGNORE: of two identical sessions the second keeps no key. */
  return _salve_db_fill_keys (db,
                              "SELECT id, " SALVE_SESSION_COPIED_START_SQL ("sessions", "started_at") ", ended_at, "
                              SALVE_SESSION_EXPORTED_DEVICE_SQL ("sessions") ", modality, site, program, params_json, "
                              "planned_minutes, outcome, outcome_reason, pain_before, pain_after, side_effects, "
                              "skin_check, note, " SALVE_SESSION_COPIED_START_SQL ("sessions", "started_unix") " "
                              "FROM sessions WHERE profile_id = ?1 AND dedupe_key IS NULL",
                              profile_id, session_row_key, &closure,
                              "UPDATE OR IGNORE sessions SET dedupe_key = ?1 WHERE id = ?2", error);
}
