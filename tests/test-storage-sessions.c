/* test-storage-sessions.c: sessions and their audit trail
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "salve-db.h"
#include "salve-exporter.h"
#include "salve-presets.h"
#include "salve-profile-repo.h"
#include "salve-program-repo.h"
#include "salve-diary-repo.h"
#include "salve-session-journal.h"
#include "salve-session-repo.h"
#include "salve-test-util.h"

typedef struct
{
  char         *dir;
  char         *path;
  SalveDb      *db;
  SalveProfile *profile;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("salve-sessions-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "salve.db", NULL);
  f->db = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  f->profile = salve_profile_repo_add (f->db, "Anna", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->profile);
  g_clear_object (&f->db);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static SalveSession *
plan_tens (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SalveSession *session = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_HAND);

  salve_session_set_profile_id (session, salve_profile_get_id (f->profile));
  salve_session_set_device_name (session, "Simulated stimulator");
  salve_session_set_program (session, "tens-neuropathy-glove");
  salve_session_set_param (session, "intensity-ma", 12);
  salve_session_set_param (session, "frequency-hz", 100);
  salve_session_set_param (session, "pulse-us", 200);
  salve_session_set_planned_minutes (session, 30);
  salve_session_set_pain_before (session, 7);

  g_assert_true (salve_session_repo_create (f->db, session, &error));
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_get_id (session), >, 0);

  return session;
}

static void
test_plan_run_finish (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) session = plan_tens (f);
  g_autoptr(SalveSession) loaded = NULL;
  const char *effects[] = { "skin-irritation", NULL };
  gint64 id = salve_session_get_id (session);
  GPtrArray *events;
  SalveSessionEvent *ack;

  g_assert_true (salve_session_repo_mark_started (f->db, id, "2026-03-29T09:30:00+02:00", &error));
  g_assert_no_error (error);
  g_assert_true (salve_session_repo_log (f->db, id, SALVE_SESSION_EVENT_CAUTION_ACKNOWLEDGED, 0,
                                         "reduced-sensation", "Bram", &error));
  g_assert_true (salve_session_repo_log (f->db, id, SALVE_SESSION_EVENT_START, 0, NULL, NULL, &error));
  g_assert_true (salve_session_repo_log (f->db, id, SALVE_SESSION_EVENT_RAMP, 1500, "0 → 12 mA", NULL, &error));
  g_assert_true (salve_session_repo_log (f->db, id, SALVE_SESSION_EVENT_STOP, 1800000, NULL, NULL, &error));
  g_assert_true (salve_session_repo_finish (f->db, id, SALVE_SESSION_OUTCOME_COMPLETED, NULL,
                                            "2026-03-29T10:00:00+02:00", &error));
  g_assert_no_error (error);

  salve_session_set_pain_after (session, 4);
  salve_session_set_side_effects (session, effects);
  salve_session_set_skin_check (session, SALVE_SKIN_CHECK_NORMAL);
  salve_session_set_note (session, "Warm hands afterwards");
  g_assert_true (salve_session_repo_update_after (f->db, session, &error));
  g_assert_no_error (error);

  loaded = salve_session_repo_get (f->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_get_modality (loaded), ==, SALVE_MODALITY_TENS);
  g_assert_cmpint (salve_session_get_site (loaded), ==, SALVE_SITE_HAND);
  g_assert_cmpstr (salve_session_get_device_name (loaded), ==, "Simulated stimulator");
  g_assert_cmpint (salve_session_get_device_id (loaded), ==, 0);
  g_assert_cmpstr (salve_session_get_program (loaded), ==, "tens-neuropathy-glove");
  g_assert_cmpfloat (salve_session_get_param (loaded, "intensity-ma", -1), ==, 12);
  g_assert_cmpfloat (salve_session_get_planned_minutes (loaded), ==, 30);
  g_assert_cmpint (salve_session_get_outcome (loaded), ==, SALVE_SESSION_OUTCOME_COMPLETED);
  g_assert_cmpint (salve_session_get_pain_before (loaded), ==, 7);
  g_assert_cmpint (salve_session_get_pain_after (loaded), ==, 4);
  g_assert_cmpstrv (salve_session_get_side_effects (loaded), effects);
  g_assert_cmpstr (salve_session_get_skin_check (loaded), ==, "normal");
  g_assert_cmpstr (salve_session_get_note (loaded), ==, "Warm hands afterwards");
  g_assert_cmpint (salve_session_get_duration_s (loaded), ==, 1800);

  events = salve_session_get_events (loaded);
  g_assert_cmpuint (events->len, ==, 4);
  ack = g_ptr_array_index (events, 0);
  g_assert_cmpint (ack->kind, ==, SALVE_SESSION_EVENT_CAUTION_ACKNOWLEDGED);
  g_assert_cmpstr (ack->actor, ==, "Bram");
  g_assert_cmpstr (ack->detail, ==, "reduced-sensation");
  g_assert_cmpint (((SalveSessionEvent *) g_ptr_array_index (events, 2))->elapsed_ms, ==, 1500);
  g_assert_cmpint (((SalveSessionEvent *) g_ptr_array_index (events, 3))->kind, ==, SALVE_SESSION_EVENT_STOP);
}

/* Newest first by when each was: a session that never started (its
 * device did not answer) by when it gave up, among the others, not at
 * the end of a long history; one only planned after them all. */
static void
test_list_order (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  gint64 profile = salve_profile_get_id (f->profile);
  gint64 ran, gave_up, planned;
  g_autofree char *insert = g_strdup_printf ("INSERT INTO sessions (profile_id, modality, site, started_at, started_unix,"
                                             " ended_at, outcome) VALUES"
                                             " (%" G_GINT64_FORMAT ", 'tens', 'knee', '2026-03-02T09:00:00+01:00',"
                                             "  1772438400, '2026-03-02T09:30:00+01:00', 'completed'),"
                                             " (%" G_GINT64_FORMAT ", 'tens', 'knee', NULL, NULL,"
                                             "  '2026-03-03T10:00:00+01:00', 'interrupted'),"
                                             " (%" G_GINT64_FORMAT ", 'tens', 'knee', NULL, NULL, NULL, 'planned'),"
                                             " (%" G_GINT64_FORMAT ", 'tens', 'knee', '2026-03-01T09:00:00+01:00',"
                                             "  1772352000, '2026-03-01T09:30:00+01:00', 'completed')",
                                             profile, profile, profile, profile);

  g_assert_true (salve_db_exec (f->db, insert, &error));
  g_assert_no_error (error);
  ran = 1;
  gave_up = 2;
  planned = 3;

  sessions = salve_session_repo_list (f->db, profile, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 4);
  g_assert_cmpint (salve_session_get_id (g_ptr_array_index (sessions, 0)), ==, gave_up);
  g_assert_cmpint (salve_session_get_id (g_ptr_array_index (sessions, 1)), ==, ran);
  g_assert_cmpint (salve_session_get_id (g_ptr_array_index (sessions, 2)), ==, 4);
  g_assert_cmpint (salve_session_get_id (g_ptr_array_index (sessions, 3)), ==, planned);
}

/* What a crash leaves behind: every write made before it is on disk,
 * and the next start closes the session as interrupted. */
static void
test_interruption_loses_nothing (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) session = plan_tens (f);
  g_autoptr(SalveSession) loaded = NULL;
  g_autoptr(SalveDb) reopened = NULL;
  gint64 id = salve_session_get_id (session);

  g_assert_true (salve_session_repo_mark_started (f->db, id, NULL, &error));
  g_assert_true (salve_session_repo_log (f->db, id, SALVE_SESSION_EVENT_START, 0, NULL, NULL, &error));
  g_assert_true (salve_session_repo_log (f->db, id, SALVE_SESSION_EVENT_INTENSITY, 60000, "14 mA", NULL, &error));
  g_assert_no_error (error);

  /* A second connection sees it all without the first closing: the
   * writes are committed, not held in a transaction. */
  reopened = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  loaded = salve_session_repo_get (reopened, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_get_outcome (loaded), ==, SALVE_SESSION_OUTCOME_RUNNING);
  g_assert_cmpint (salve_session_get_pain_before (loaded), ==, 7);
  g_assert_cmpuint (salve_session_get_events (loaded)->len, ==, 2);
  g_clear_object (&loaded);

  /* Its program is alive (it holds the session): not abandoned, also
   * not when asked outright. */
  g_assert_cmpint (salve_session_repo_close_abandoned (reopened, salve_profile_get_id (f->profile), &error), ==, 0);
  /* And it runs, for another program: the person's, or anyone's. */
  {
    gboolean running = FALSE;

    g_assert_true (salve_session_repo_is_running (reopened, salve_profile_get_id (f->profile), &running, &error));
    g_assert_no_error (error);
    g_assert_true (running);
    g_assert_true (salve_session_repo_is_running (reopened, 0, &running, &error));
    g_assert_true (running);
    g_assert_true (salve_session_repo_is_running (reopened, salve_profile_get_id (f->profile) + 1, &running, &error));
    g_assert_false (running);
  }
  g_clear_object (&reopened);

  /* The program dies: the next open, whoever does it, closes the session
   * as interrupted at its last event. */
  g_clear_object (&f->db);
  reopened = salve_db_open (f->path, &error);
  g_assert_no_error (error);
  loaded = salve_session_repo_get (reopened, id, &error);
  g_assert_cmpint (salve_session_get_outcome (loaded), ==, SALVE_SESSION_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (salve_session_get_outcome_reason (loaded), ==, SALVE_SESSION_REASON_APP_CLOSED);
  g_assert_cmpstr (salve_session_get_ended_at (loaded), ==,
                   ((SalveSessionEvent *) g_ptr_array_index (salve_session_get_events (loaded), 1))->at);

  /* Nothing left to close, and nothing runs. */
  g_assert_cmpint (salve_session_repo_close_abandoned (reopened, 0, &error), ==, 0);
  {
    gboolean running = TRUE;

    g_assert_true (salve_session_repo_is_running (reopened, 0, &running, &error));
    g_assert_false (running);
  }
}

static void
test_interrupted_reason (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) session = plan_tens (f);
  g_autoptr(SalveSession) loaded = NULL;
  gint64 id = salve_session_get_id (session);

  g_assert_true (salve_session_repo_mark_started (f->db, id, NULL, &error));
  g_assert_true (salve_session_repo_log (f->db, id, SALVE_SESSION_EVENT_LINK_LOST, 5000, NULL, NULL, &error));
  g_assert_true (salve_session_repo_finish (f->db, id, SALVE_SESSION_OUTCOME_INTERRUPTED,
                                            SALVE_SESSION_REASON_LINK_LOST, NULL, &error));
  g_assert_no_error (error);

  loaded = salve_session_repo_get (f->db, id, &error);
  g_assert_cmpint (salve_session_get_outcome (loaded), ==, SALVE_SESSION_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (salve_session_get_outcome_reason (loaded), ==, "link-lost");
  g_assert_nonnull (salve_session_get_ended_at (loaded));
  g_assert_cmpint (salve_session_get_pain_after (loaded), ==, SALVE_PAIN_UNSET);
}

static SalveSession *
add_finished (Fixture       *f,
              SalveModality  modality,
              SalveSite      site,
              const char    *device,
              const char    *start)
{
  g_autoptr(GError) error = NULL;
  SalveSession *session = salve_session_new (modality, site);

  salve_session_set_profile_id (session, salve_profile_get_id (f->profile));
  salve_session_set_device_name (session, device);
  g_assert_true (salve_session_repo_create (f->db, session, &error));
  g_assert_true (salve_session_repo_mark_started (f->db, salve_session_get_id (session), start, &error));
  g_assert_true (salve_session_repo_finish (f->db, salve_session_get_id (session),
                                            SALVE_SESSION_OUTCOME_COMPLETED, NULL, NULL, &error));
  g_assert_no_error (error);

  return session;
}

static void
test_list_filters (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) a = add_finished (f, SALVE_MODALITY_TENS, SALVE_SITE_FOOT, "Pocket TENS", "2026-03-01T09:00:00+01:00");
  g_autoptr(SalveSession) b = add_finished (f, SALVE_MODALITY_LASER, SALVE_SITE_ELBOW, "Laser pen", "2026-03-03T09:00:00+01:00");
  g_autoptr(SalveSession) c = add_finished (f, SALVE_MODALITY_TENS, SALVE_SITE_HAND, "Pocket TENS", "2026-03-02T09:00:00+01:00");
  g_autoptr(SalveProfile) other = salve_profile_repo_add (f->db, "Bram", &error);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) tens = NULL;
  g_autoptr(GPtrArray) pen = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) newest = NULL;
  g_auto(GStrv) names = NULL;
  SalveSessionFilter filter = SALVE_SESSION_FILTER_INIT;
  const char *expected_names[] = { "Laser pen", "Pocket TENS", NULL };

  all = salve_session_repo_list (f->db, salve_profile_get_id (f->profile), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  /* newest first */
  g_assert_cmpint (salve_session_get_id (g_ptr_array_index (all, 0)), ==, salve_session_get_id (b));
  g_assert_cmpint (salve_session_get_id (g_ptr_array_index (all, 1)), ==, salve_session_get_id (c));
  g_assert_cmpint (salve_session_get_id (g_ptr_array_index (all, 2)), ==, salve_session_get_id (a));

  filter.modality = SALVE_MODALITY_TENS;
  tens = salve_session_repo_list (f->db, salve_profile_get_id (f->profile), &filter, &error);
  g_assert_cmpuint (tens->len, ==, 2);

  filter.modality = -1;
  filter.device_name = "Laser pen";
  pen = salve_session_repo_list (f->db, salve_profile_get_id (f->profile), &filter, &error);
  g_assert_cmpuint (pen->len, ==, 1);
  g_assert_cmpint (salve_session_get_modality (g_ptr_array_index (pen, 0)), ==, SALVE_MODALITY_LASER);

  filter.device_name = NULL;
  filter.limit = 1;
  newest = salve_session_repo_list (f->db, salve_profile_get_id (f->profile), &filter, &error);
  g_assert_cmpuint (newest->len, ==, 1);

  /* Another person's list is theirs alone. */
  none = salve_session_repo_list (f->db, salve_profile_get_id (other), NULL, &error);
  g_assert_cmpuint (none->len, ==, 0);

  names = salve_session_repo_list_device_names (f->db, salve_profile_get_id (f->profile), &error);
  g_assert_cmpstrv (names, expected_names);
}

static void
test_missing_session (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) missing = NULL;

  missing = salve_session_repo_get (f->db, 999, &error);
  g_assert_null (missing);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (salve_session_repo_finish (f->db, 999, SALVE_SESSION_OUTCOME_STOPPED,
                                             SALVE_SESSION_REASON_USER, NULL, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* An event for no session breaks the foreign key. */
  g_assert_false (salve_session_repo_log (f->db, 999, SALVE_SESSION_EVENT_NOTE, 0, "x", NULL, &error));
  g_assert_nonnull (error);
}

/* A program saved from a preset comes back with its numbers and steps,
 * belongs to its profile only, and names are unique per profile. */
static void
test_saved_programs (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalvePreset) base = salve_presets_find_builtin ("tens-neuropathy-hand-foot");
  g_autoptr(SalvePreset) saved = NULL;
  g_autoptr(SalvePreset) again = NULL;
  g_autoptr(GPtrArray) tens = NULL;
  g_autoptr(GPtrArray) laser = NULL;
  g_autoptr(SalveProfile) other = salve_profile_repo_add (f->db, "Bram", &error);
  g_autoptr(GPtrArray) others = NULL;

  salve_preset_set_name (base, "My evening hand TENS");
  salve_preset_set_param (base, "intensity-ma", 14);
  saved = salve_program_repo_save (f->db, salve_profile_get_id (f->profile), base,
                                   "tens-neuropathy-hand-foot", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (salve_preset_get_id (saved), "program:"));
  g_assert_cmpint (salve_preset_get_program_id (saved), >, 0);
  g_assert_cmpstr (salve_preset_get_name (saved), ==, "My evening hand TENS");
  g_assert_cmpfloat (salve_preset_get_param (saved, "intensity-ma", 0), ==, 14);
  g_assert_cmpfloat (salve_preset_get_param (saved, "minutes", 0), ==, 30);
  g_assert_cmpint (salve_preset_get_site (saved), ==, SALVE_SITE_HAND);
  g_assert_cmpstrv (salve_preset_get_steps (saved), salve_preset_get_steps (base));

  again = salve_program_repo_save (f->db, salve_profile_get_id (f->profile), base, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS);
  g_clear_error (&error);

  tens = salve_program_repo_list (f->db, salve_profile_get_id (f->profile), SALVE_MODALITY_TENS, &error);
  laser = salve_program_repo_list (f->db, salve_profile_get_id (f->profile), SALVE_MODALITY_LASER, &error);
  others = salve_program_repo_list (f->db, salve_profile_get_id (other), -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tens->len, ==, 1);
  g_assert_cmpuint (laser->len, ==, 0);
  g_assert_cmpuint (others->len, ==, 0);

  g_assert_true (salve_program_repo_delete (f->db, salve_preset_get_program_id (saved), &error));
  g_assert_false (salve_program_repo_delete (f->db, salve_preset_get_program_id (saved), &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
}

static void
test_count_on_day (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) given = salve_session_new (SALVE_MODALITY_LASER, SALVE_SITE_ELBOW);
  g_autoptr(SalveSession) planned = salve_session_new (SALVE_MODALITY_LASER, SALVE_SITE_ELBOW);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) yesterday = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  gint64 id = salve_profile_get_id (f->profile);

  salve_session_set_profile_id (given, id);
  g_assert_true (salve_session_repo_create (f->db, given, &error));
  g_assert_true (salve_session_repo_mark_started (f->db, salve_session_get_id (given), NULL, &error));
  /* A session only planned was not given: it does not count. */
  salve_session_set_profile_id (planned, id);
  g_assert_true (salve_session_repo_create (f->db, planned, &error));
  g_assert_no_error (error);

  /* Taken after the start, so the test cannot straddle midnight. */
  now = g_date_time_new_now_local ();
  yesterday = g_date_time_add_days (now, -1);
  tomorrow = g_date_time_add_days (now, 1);

  g_assert_cmpint (salve_session_repo_count_on_day (f->db, id, SALVE_MODALITY_LASER, SALVE_SITE_ELBOW, now, NULL), ==, 1);
  g_assert_cmpint (salve_session_repo_count_on_day (f->db, id, SALVE_MODALITY_LASER, SALVE_SITE_KNEE, now, NULL), ==, 0);
  g_assert_cmpint (salve_session_repo_count_on_day (f->db, id, SALVE_MODALITY_TENS, SALVE_SITE_ELBOW, now, NULL), ==, 0);
  g_assert_cmpint (salve_session_repo_count_on_day (f->db, id, SALVE_MODALITY_LASER, SALVE_SITE_ELBOW, yesterday, NULL), ==, 0);
  g_assert_cmpint (salve_session_repo_count_on_day (f->db, id, SALVE_MODALITY_LASER, SALVE_SITE_ELBOW, tomorrow, NULL), ==, 0);
  g_assert_cmpint (salve_session_repo_count_on_day (f->db, id + 1, SALVE_MODALITY_LASER, SALVE_SITE_ELBOW, now, NULL), ==, 0);
}

static void
test_json_and_params (void)
{
  g_autoptr(SalveSession) session = salve_session_new (SALVE_MODALITY_LASER, SALVE_SITE_ELBOW);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  JsonObject *object;

  salve_session_set_param (session, "power-mw", 100);
  salve_session_set_param (session, "dose-j", 4);
  salve_session_set_param (session, "points", 2);
  salve_session_set_outcome (session, SALVE_SESSION_OUTCOME_INTERRUPTED, SALVE_SESSION_REASON_APP_CLOSED);

  text = salve_session_format_params (session);
  g_assert_cmpstr (text, ==, "100 mW, 4 J per point, 2 points");

  node = salve_session_to_json (session);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "modality"), ==, "laser");
  g_assert_cmpstr (json_object_get_string_member (object, "site"), ==, "elbow");
  g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "interrupted");
  g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, "app-closed");
  g_assert_true (json_object_get_null_member (object, "pain_before"));
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (object, "parameters"), "dose-j"), ==, 4);

  json = salve_session_dup_params_json (session);
  g_assert_true (salve_session_set_params_json (session, "[1]", NULL) == FALSE);
  g_assert_true (salve_session_set_params_json (session, json, NULL));
  g_assert_cmpfloat (salve_session_get_param (session, "points", 0), ==, 2);

  g_assert_true (g_strv_contains (salve_side_effects_for_modality (SALVE_MODALITY_LASER), "warmth"));
  g_assert_false (g_strv_contains (salve_side_effects_for_modality (SALVE_MODALITY_LASER), "headache"));
  g_assert_true (g_strv_contains (salve_side_effects_for_modality (SALVE_MODALITY_PEMF), "dizziness"));
}

/* ---- the journal: a busy database loses nothing -------------------------- */

static SalveSession *
new_tens (Fixture *f)
{
  SalveSession *session = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_KNEE);

  salve_session_set_profile_id (session, salve_profile_get_id (f->profile));
  salve_session_set_device_name (session, "Simulated stimulator");
  salve_session_set_param (session, "intensity-ma", 5);
  salve_session_set_planned_minutes (session, 20);
  salve_session_set_pain_before (session, 6);

  return session;
}

/* Iterates the default main context for @ms, or until @journal has
 * nothing left to store when @until_stored. */
static void
spin (SalveSessionJournal *journal,
      guint                ms,
      gboolean             until_stored)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (until_stored && salve_session_journal_get_n_pending (journal) == 0)
        return;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

static void
assert_event_kinds (SalveSession                *loaded,
                    const SalveSessionEventKind *kinds,
                    guint                        n)
{
  GPtrArray *events = salve_session_get_events (loaded);

  g_assert_cmpuint (events->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      SalveSessionEvent *event = g_ptr_array_index (events, i);

      g_assert_cmpstr (salve_session_event_kind_to_id (event->kind), ==, salve_session_event_kind_to_id (kinds[i]));
      if (i > 0)
        g_assert_cmpint (event->elapsed_ms, >=, ((SalveSessionEvent *) g_ptr_array_index (events, i - 1))->elapsed_ms);
    }
}

/* Another program holds the write lock when the session ends, longer than
 * any single statement waits: the end and the events before it stay queued,
 * are retried from the main loop and stored, in order, once it lets go. */
static void
test_journal_retries_in_order (Fixture       *f,
                               gconstpointer  data)
{
  static const SalveSessionEventKind kinds[] = {
    SALVE_SESSION_EVENT_START, SALVE_SESSION_EVENT_RAMP, SALVE_SESSION_EVENT_PAUSE,
    SALVE_SESSION_EVENT_RESUME, SALVE_SESSION_EVENT_STOP,
  };
  g_autoptr(SalveSession) session = new_tens (f);
  g_autoptr(SalveSessionJournal) journal = salve_session_journal_new (f->db, session);
  g_autoptr(SalveSession) loaded = NULL;
  g_autoptr(SalveDiaryEntry) after = NULL;
  g_autoptr(GPtrArray) diary = NULL;
  g_autoptr(GError) error = NULL;
  SalveTestLock *lock;
  gint64 id;

  /* A free database: each write is stored as it is queued. */
  salve_session_journal_create (journal);
  id = salve_session_get_id (session);
  g_assert_cmpint (id, >, 0);
  salve_session_journal_mark_started (journal, NULL);
  salve_session_journal_log (journal, SALVE_SESSION_EVENT_START, 0, NULL, "test");
  salve_session_journal_log (journal, SALVE_SESSION_EVENT_RAMP, 10, "5 mA", "test");
  g_assert_cmpuint (salve_session_journal_get_n_pending (journal), ==, 0);
  g_assert_false (salve_session_journal_get_end_stored (journal));

  lock = salve_test_lock_take (f->path, -1);

  salve_session_journal_log (journal, SALVE_SESSION_EVENT_PAUSE, 20, NULL, "test");
  salve_session_journal_log (journal, SALVE_SESSION_EVENT_RESUME, 30, NULL, "test");
  salve_session_journal_log (journal, SALVE_SESSION_EVENT_STOP, 40, NULL, "test");
  salve_session_journal_finish (journal, SALVE_SESSION_OUTCOME_COMPLETED, NULL, NULL);
  salve_session_set_pain_after (session, 3);
  salve_session_journal_update_after (journal);
  after = salve_diary_entry_new (salve_profile_get_id (f->profile));
  salve_diary_entry_set_pain (after, 3);
  salve_diary_entry_set_session (after, id, SALVE_DIARY_PHASE_AFTER);
  salve_session_journal_add_diary_entry (journal, after);
  /* Changed after it was queued: the queued values count. */
  salve_session_set_pain_after (session, 9);

  g_assert_cmpuint (salve_session_journal_get_n_pending (journal), ==, 6);
  g_assert_null (salve_session_journal_get_error (journal));

  /* Well past the database's own busy timeout, and nothing is lost. */
  spin (journal, SALVE_DB_BUSY_TIMEOUT_MS + 1500, FALSE);
  g_assert_cmpuint (salve_session_journal_get_n_pending (journal), ==, 6);
  g_assert_false (salve_session_journal_get_end_stored (journal));
  loaded = salve_session_repo_get (f->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_get_outcome (loaded), ==, SALVE_SESSION_OUTCOME_RUNNING);
  g_clear_object (&loaded);

  salve_test_lock_release (lock);
  spin (journal, 5000, TRUE);
  g_assert_cmpuint (salve_session_journal_get_n_pending (journal), ==, 0);
  g_assert_true (salve_session_journal_get_end_stored (journal));
  g_assert_null (salve_session_journal_get_error (journal));

  loaded = salve_session_repo_get (f->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_get_outcome (loaded), ==, SALVE_SESSION_OUTCOME_COMPLETED);
  g_assert_cmpint (salve_session_get_pain_after (loaded), ==, 3);
  assert_event_kinds (loaded, kinds, G_N_ELEMENTS (kinds));

  diary = salve_diary_repo_list (f->db, salve_profile_get_id (f->profile), G_MININT64, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (diary->len, ==, 1);
  g_assert_cmpint (salve_diary_entry_get_session_id (g_ptr_array_index (diary, 0)), ==, id);
}

/* The exit path: flush waits as long as it is allowed to, well past the
 * database's busy timeout, and says whether the end was stored. */
static void
test_journal_flush (Fixture       *f,
                    gconstpointer  data)
{
  static const SalveSessionEventKind kinds[] = { SALVE_SESSION_EVENT_START, SALVE_SESSION_EVENT_STOP };
  g_autoptr(SalveSession) session = new_tens (f);
  g_autoptr(SalveSessionJournal) journal = salve_session_journal_new (f->db, session);
  g_autoptr(SalveSession) loaded = NULL;
  g_autoptr(GError) error = NULL;
  SalveTestLock *lock;
  gint64 started;

  /* Held from the start: even the session's row waits, and what comes
   * after it waits for it. */
  lock = salve_test_lock_take (f->path, -1);
  salve_session_journal_create (journal);
  salve_session_journal_mark_started (journal, NULL);
  salve_session_journal_log (journal, SALVE_SESSION_EVENT_START, 0, NULL, NULL);
  salve_session_journal_log (journal, SALVE_SESSION_EVENT_STOP, 1000, NULL, NULL);
  salve_session_journal_finish (journal, SALVE_SESSION_OUTCOME_STOPPED, SALVE_SESSION_REASON_USER, NULL);
  g_assert_cmpint (salve_session_get_id (session), ==, 0);
  g_assert_cmpuint (salve_session_journal_get_n_pending (journal), ==, 5);

  /* The limit runs out: not stored, and it says so. */
  started = g_get_monotonic_time ();
  g_assert_false (salve_session_journal_flush (journal, 700, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_BUSY);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 650 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 3000 * 1000);
  g_assert_false (salve_session_journal_get_end_stored (journal));
  g_assert_cmpuint (salve_session_journal_get_n_pending (journal), ==, 5);
  g_clear_error (&error);
  salve_test_lock_release (lock);

  /* Nothing was written while it was held. */
  g_assert_cmpint (salve_session_get_id (session), ==, 0);

  /* Held for 7 s by a program that lets go by itself: a flush with room
   * to wait stores everything once it does. */
  lock = salve_test_lock_take (f->path, 7000);
  started = g_get_monotonic_time ();
  g_assert_true (salve_session_journal_flush (journal, 30000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 6000 * 1000);
  g_assert_true (salve_session_journal_get_end_stored (journal));
  salve_test_lock_release (lock);

  g_assert_cmpint (salve_session_get_id (session), >, 0);
  loaded = salve_session_repo_get (f->db, salve_session_get_id (session), &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_get_outcome (loaded), ==, SALVE_SESSION_OUTCOME_STOPPED);
  g_assert_cmpstr (salve_session_get_outcome_reason (loaded), ==, SALVE_SESSION_REASON_USER);
  g_assert_nonnull (salve_session_get_started_at (loaded));
  g_assert_cmpint (salve_session_get_pain_before (loaded), ==, 6);
  assert_event_kinds (loaded, kinds, G_N_ELEMENTS (kinds));
}

/* A write the database refuses (not a busy one) stops the journal there:
 * nothing after it is applied out of order, and it says why. */
static void
test_journal_stops_at_refusal (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(SalveSession) session = new_tens (f);
  g_autoptr(SalveSessionJournal) journal = NULL;
  g_autoptr(GError) error = NULL;

  /* A session whose row is gone. */
  salve_session_set_id (session, 4242);
  journal = salve_session_journal_new (f->db, session);
  salve_session_journal_mark_started (journal, NULL);
  salve_session_journal_finish (journal, SALVE_SESSION_OUTCOME_COMPLETED, NULL, NULL);

  g_assert_cmpuint (salve_session_journal_get_n_pending (journal), ==, 2);
  g_assert_error (salve_session_journal_get_error (journal), SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
  g_assert_false (salve_session_journal_get_end_stored (journal));
  g_assert_false (salve_session_journal_flush (journal, 100, &error));
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND);
}

static void
add_rating (Fixture         *f,
            const char      *at,
            int              pain,
            gint64           session_id,
            SalveDiaryPhase  phase)
{
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (f->profile));
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (at, NULL);
  g_autoptr(GError) error = NULL;

  salve_diary_entry_set_at (entry, when);
  salve_diary_entry_set_pain (entry, pain);
  if (session_id > 0)
    salve_diary_entry_set_session (entry, session_id, phase);
  g_assert_true (salve_diary_repo_add (f->db, entry, &error));
  g_assert_no_error (error);
}

static guint64
export_rows (Fixture  *f,
             gboolean  include_practice)
{
  g_autofree char *path = g_build_filename (f->dir, "export.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  guint64 rows = 0;

  g_assert_true (salve_exporter_export (f->db, salve_profile_get_id (f->profile), SALVE_CSV_EXPORT_ALL,
                                        include_practice, file, NULL, &rows, &error));
  g_assert_no_error (error);
  return rows;
}

/* A session on the simulated stimulator is practice: kept, but out of
 * the chart's marks, the statistics and the export unless asked for. */
static void
test_practice_kept_out (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SalveSession) real = add_finished (f, SALVE_MODALITY_TENS, SALVE_SITE_HAND, "Sanitas SEM 43",
                                               "2026-03-02T09:00:00+01:00");
  g_autoptr(SalveSession) practice = add_finished (f, SALVE_MODALITY_TENS, SALVE_SITE_HAND, "Simulated stimulator",
                                                   "2026-03-03T09:00:00+01:00");
  gint64 real_id = salve_session_get_id (real);
  gint64 practice_id = salve_session_get_id (practice);
  g_autoptr(GArray) marks = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (salve_session_repo_log (f->db, practice_id, SALVE_SESSION_EVENT_PRACTICE, 0, "", "", &error));
  g_assert_no_error (error);
  add_rating (f, "2026-03-01T20:00:00+01:00", 6, 0, SALVE_DIARY_PHASE_NONE);
  add_rating (f, "2026-03-02T08:59:00+01:00", 6, real_id, SALVE_DIARY_PHASE_BEFORE);
  add_rating (f, "2026-03-03T08:59:00+01:00", 9, practice_id, SALVE_DIARY_PHASE_BEFORE);
  add_rating (f, "2026-03-03T09:31:00+01:00", 1, practice_id, SALVE_DIARY_PHASE_AFTER);

  g_assert_false (salve_session_repo_is_practice (f->db, real_id, &error));
  g_assert_no_error (error);
  g_assert_true (salve_session_repo_is_practice (f->db, practice_id, &error));

  marks = salve_diary_repo_list_session_marks (f->db, salve_profile_get_id (f->profile),
                                               SALVE_DIARY_REPO_ANY_TIME_MIN, SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (marks->len, ==, 1);

  points = salve_diary_repo_list_points (f->db, salve_profile_get_id (f->profile),
                                         SALVE_DIARY_REPO_ANY_TIME_MIN, SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 2);
  for (guint i = 0; i < points->len; i++)
    g_assert_cmpint (g_array_index (points, SalveDiaryPoint, i).session_id, !=, practice_id);

  /* Two diary rows and one session; with practice, three more. */
  g_assert_cmpuint (export_rows (f, FALSE), ==, 3);
  g_assert_cmpuint (export_rows (f, TRUE), ==, 6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/storage/sessions/plan-run-finish", Fixture, NULL,
              fixture_setup, test_plan_run_finish, fixture_teardown);
  g_test_add ("/storage/sessions/interruption-loses-nothing", Fixture, NULL,
              fixture_setup, test_interruption_loses_nothing, fixture_teardown);
  g_test_add ("/storage/sessions/interrupted-reason", Fixture, NULL,
              fixture_setup, test_interrupted_reason, fixture_teardown);
  g_test_add ("/storage/sessions/practice-kept-out", Fixture, NULL,
              fixture_setup, test_practice_kept_out, fixture_teardown);
  g_test_add ("/storage/sessions/list-order", Fixture, NULL,
              fixture_setup, test_list_order, fixture_teardown);
  g_test_add ("/storage/sessions/list-filters", Fixture, NULL,
              fixture_setup, test_list_filters, fixture_teardown);
  g_test_add ("/storage/sessions/count-on-day", Fixture, NULL,
              fixture_setup, test_count_on_day, fixture_teardown);
  g_test_add ("/storage/sessions/missing", Fixture, NULL,
              fixture_setup, test_missing_session, fixture_teardown);
  g_test_add ("/storage/programs/saved", Fixture, NULL,
              fixture_setup, test_saved_programs, fixture_teardown);
  g_test_add ("/storage/sessions/journal/retries-in-order", Fixture, NULL,
              fixture_setup, test_journal_retries_in_order, fixture_teardown);
  g_test_add ("/storage/sessions/journal/flush", Fixture, NULL,
              fixture_setup, test_journal_flush, fixture_teardown);
  g_test_add ("/storage/sessions/journal/stops-at-refusal", Fixture, NULL,
              fixture_setup, test_journal_stops_at_refusal, fixture_teardown);
  g_test_add_func ("/core/session/json-and-params", test_json_and_params);

  return g_test_run ();
}
