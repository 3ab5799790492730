/* salve-migrations.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-migrations"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "salve-migrations.h"

/* The diary_days row of one new entry (new.*), added to what is there:
 * the body of the insert trigger and of the update trigger's second half. */
#define DIARY_DAYS_ADD_NEW \
  "  INSERT INTO diary_days (profile_id, day, region, first_unix, last_unix, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10)" \
  "  VALUES (new.profile_id, substr(new.at, 1, 10), new.region, new.at_unix, new.at_unix," \
  "          new.pain = 0, new.pain = 1, new.pain = 2, new.pain = 3, new.pain = 4, new.pain = 5, new.pain = 6, new.pain = 7, new.pain = 8, new.pain = 9, new.pain = 10)" \
  "  ON CONFLICT (profile_id, day, region) DO UPDATE SET" \
  "    first_unix = min(first_unix, excluded.first_unix), last_unix = max(last_unix, excluded.last_unix)," \
  "    n0 = n0 + excluded.n0, n1 = n1 + excluded.n1, n2 = n2 + excluded.n2, n3 = n3 + excluded.n3, n4 = n4 + excluded.n4, n5 = n5 + excluded.n5, n6 = n6 + excluded.n6, n7 = n7 + excluded.n7, n8 = n8 + excluded.n8, n9 = n9 + excluded.n9, n10 = n10 + excluded.n10;"

/* diary_days counted anew from the entries; a WHERE may follow before
 * the GROUP BY. */
#define DIARY_DAYS_RECOUNT \
  "INSERT INTO diary_days (profile_id, day, region, first_unix, last_unix, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10)" \
  "  SELECT profile_id, substr(at, 1, 10), region, min(at_unix), max(at_unix)," \
  "         sum(pain = 0), sum(pain = 1), sum(pain = 2), sum(pain = 3), sum(pain = 4), sum(pain = 5), sum(pain = 6), sum(pain = 7), sum(pain = 8), sum(pain = 9), sum(pain = 10)" \
  "  FROM diary_entries WHERE session_id IS NULL"

/* Daily aggregates of the pain diary (see docs/diary.md), kept by
 * triggers so that every writer keeps them right. One row per profile,
 * calendar day and region with how many entries rated each pain from 0
 * to 10. The day is the date of the entry's own ISO 8601 time, in the
 * offset it was written with; first_unix and last_unix bound the row's
 * instants (they only ever widen), so a reader can check that the row
 * lies within one day of its own time zone and otherwise read the row's
 * entries. Entries linked to a session stay out (a session can turn out
 * to be practice, which takes its ratings out of the statistics); the
 * partial index finds them quickly. Self-contained, so that it can move
 * to another version number. */
#define MIGRATION_DIARY_DAYS \
  "CREATE TABLE diary_days (" \
  "  profile_id  INTEGER NOT NULL," \
  "  day         TEXT NOT NULL," \
  "  region      TEXT NOT NULL," \
  "  first_unix  INTEGER NOT NULL," \
  "  last_unix   INTEGER NOT NULL," \
  "  n0  INTEGER NOT NULL DEFAULT 0," \
  "  n1  INTEGER NOT NULL DEFAULT 0," \
  "  n2  INTEGER NOT NULL DEFAULT 0," \
  "  n3  INTEGER NOT NULL DEFAULT 0," \
  "  n4  INTEGER NOT NULL DEFAULT 0," \
  "  n5  INTEGER NOT NULL DEFAULT 0," \
  "  n6  INTEGER NOT NULL DEFAULT 0," \
  "  n7  INTEGER NOT NULL DEFAULT 0," \
  "  n8  INTEGER NOT NULL DEFAULT 0," \
  "  n9  INTEGER NOT NULL DEFAULT 0," \
  "  n10 INTEGER NOT NULL DEFAULT 0," \
  "  PRIMARY KEY (profile_id, day, region)" \
  ") WITHOUT ROWID;" \
  DIARY_DAYS_RECOUNT " GROUP BY 1, 2, 3;" \
  "CREATE TRIGGER diary_days_insert AFTER INSERT ON diary_entries WHEN new.session_id IS NULL BEGIN" \
  DIARY_DAYS_ADD_NEW \
  "END;" \
  "CREATE TRIGGER diary_days_delete AFTER DELETE ON diary_entries WHEN old.session_id IS NULL BEGIN" \
  "  UPDATE diary_days SET n0 = n0 - (old.pain = 0), n1 = n1 - (old.pain = 1), n2 = n2 - (old.pain = 2), n3 = n3 - (old.pain = 3), n4 = n4 - (old.pain = 4), n5 = n5 - (old.pain = 5), n6 = n6 - (old.pain = 6), n7 = n7 - (old.pain = 7), n8 = n8 - (old.pain = 8), n9 = n9 - (old.pain = 9), n10 = n10 - (old.pain = 10)" \
  "    WHERE profile_id = old.profile_id AND day = substr(old.at, 1, 10) AND region = old.region;" \
  "  DELETE FROM diary_days" \
  "    WHERE profile_id = old.profile_id AND day = substr(old.at, 1, 10) AND region = old.region" \
  "      AND n0 + n1 + n2 + n3 + n4 + n5 + n6 + n7 + n8 + n9 + n10 = 0;" \
  "END;" \
  "CREATE TRIGGER diary_days_update_old AFTER UPDATE OF profile_id, at, at_unix, pain, region, session_id" \
  "  ON diary_entries WHEN old.session_id IS NULL BEGIN" \
  "  UPDATE diary_days SET n0 = n0 - (old.pain = 0), n1 = n1 - (old.pain = 1), n2 = n2 - (old.pain = 2), n3 = n3 - (old.pain = 3), n4 = n4 - (old.pain = 4), n5 = n5 - (old.pain = 5), n6 = n6 - (old.pain = 6), n7 = n7 - (old.pain = 7), n8 = n8 - (old.pain = 8), n9 = n9 - (old.pain = 9), n10 = n10 - (old.pain = 10)" \
  "    WHERE profile_id = old.profile_id AND day = substr(old.at, 1, 10) AND region = old.region;" \
  "  DELETE FROM diary_days" \
  "    WHERE profile_id = old.profile_id AND day = substr(old.at, 1, 10) AND region = old.region" \
  "      AND n0 + n1 + n2 + n3 + n4 + n5 + n6 + n7 + n8 + n9 + n10 = 0;" \
  "END;" \
  "CREATE TRIGGER diary_days_update_new AFTER UPDATE OF profile_id, at, at_unix, pain, region, session_id" \
  "  ON diary_entries WHEN new.session_id IS NULL BEGIN" \
  DIARY_DAYS_ADD_NEW \
  "END;" \
  "CREATE INDEX diary_entries_with_session ON diary_entries(profile_id, at_unix)" \
  "  WHERE session_id IS NOT NULL;"

/* An import's bulk writer adds up a profile's daily aggregates once, at
 * the end of its write, instead of one row at a time: while the profile
 * has a row in diary_days_paused, the insert trigger leaves its entries
 * to the writer. The writer adds and removes that row inside its own
 * write transaction, so no other connection ever sees it, and a rollback
 * (or a crash) takes it away with everything else. Updates and deletes
 * keep their triggers. Self-contained, so that it can move to another
 * version number. */
#define MIGRATION_DIARY_DAYS_PAUSE \
  "CREATE TABLE diary_days_paused (" \
  "  profile_id  INTEGER PRIMARY KEY" \
  ");" \
  "DROP TRIGGER diary_days_insert;" \
  "CREATE TRIGGER diary_days_insert AFTER INSERT ON diary_entries WHEN new.session_id IS NULL" \
  "  AND NOT EXISTS (SELECT 1 FROM diary_days_paused WHERE profile_id = new.profile_id) BEGIN" \
  DIARY_DAYS_ADD_NEW \
  "END;"

/* The import's bulk writer only ever paused a profile's daily counts
 * inside its own transaction, where it drops the insert trigger anyway
 * (salve_diary_bulk_new()): the pause table goes, and the trigger is
 * again the one of v12. A profile that a pause row outside a transaction
 * had left paused is counted anew. */
#define MIGRATION_DIARY_DAYS_NO_PAUSE \
  "DELETE FROM diary_days WHERE profile_id IN (SELECT profile_id FROM diary_days_paused);" \
  DIARY_DAYS_RECOUNT " AND profile_id IN (SELECT profile_id FROM diary_days_paused) GROUP BY 1, 2, 3;" \
  "DROP TRIGGER diary_days_insert;" \
  "CREATE TRIGGER diary_days_insert AFTER INSERT ON diary_entries WHEN new.session_id IS NULL BEGIN" \
  DIARY_DAYS_ADD_NEW \
  "END;" \
  "DROP TABLE diary_days_paused;"

/* Append only. A released step is never edited: databases out there have
 * already run it. Times are ISO 8601 with offset (see salve-time.h);
 * *_unix columns hold the same instant for ordering and ranges. */
static const char * const migrations[] = {
  /* v1: profiles */
  "CREATE TABLE profiles ("
  "  id          INTEGER PRIMARY KEY,"
  "  name        TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  created_at  TEXT NOT NULL"
  ");",

  /* v2: the checklist, devices, sessions, diary and imports */
  "ALTER TABLE profiles ADD COLUMN intensity_ceiling_ma REAL;"
  "ALTER TABLE profiles ADD COLUMN note TEXT NOT NULL DEFAULT '';"

  "CREATE TABLE profile_conditions ("
  "  profile_id   INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
  "  condition    TEXT NOT NULL,"
  "  answer       TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'unknown')),"
  "  site         TEXT,"
  "  answered_by  TEXT NOT NULL DEFAULT '',"
  "  answered_at  TEXT NOT NULL,"
  "  PRIMARY KEY (profile_id, condition)"
  ");"

  "CREATE TABLE checklist_signoffs ("
  "  id           INTEGER PRIMARY KEY,"
  "  profile_id   INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
  "  signed_by    TEXT NOT NULL,"
  "  signed_at    TEXT NOT NULL,"
  "  answers_json TEXT NOT NULL"
  ");"
  "CREATE INDEX checklist_signoffs_profile ON checklist_signoffs(profile_id, signed_at);"

  "CREATE TABLE devices ("
  "  id               INTEGER PRIMARY KEY,"
  "  name             TEXT NOT NULL,"
  "  modality         TEXT NOT NULL CHECK (modality IN ('tens', 'nmes', 'laser', 'pemf')),"
  "  model            TEXT NOT NULL DEFAULT '',"
  "  max_intensity_ma REAL,"
  "  max_power_mw     REAL,"
  "  wavelength_nm    REAL,"
  "  beam_cm2         REAL,"
  "  electrode_cm2    REAL,"
  "  max_field_ut     REAL,"
  "  channels         INTEGER NOT NULL DEFAULT 1,"
  "  connection       TEXT NOT NULL DEFAULT 'manual',"
  "  created_at       TEXT NOT NULL,"
  "  removed_at       TEXT"
  ");"

  "CREATE TABLE imports ("
  "  id            INTEGER PRIMARY KEY,"
  "  profile_id    INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
  "  file_name     TEXT NOT NULL,"
  "  content_hash  TEXT NOT NULL,"
  "  imported_at   TEXT NOT NULL,"
  "  rows_read     INTEGER NOT NULL DEFAULT 0,"
  "  rows_imported INTEGER NOT NULL DEFAULT 0,"
  "  rows_duplicate INTEGER NOT NULL DEFAULT 0,"
  "  rows_rejected INTEGER NOT NULL DEFAULT 0"
  ");"

  "CREATE TABLE sessions ("
  "  id             INTEGER PRIMARY KEY,"
  "  profile_id     INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
  "  device_id      INTEGER REFERENCES devices(id) ON DELETE SET NULL,"
  "  device_name    TEXT NOT NULL DEFAULT '',"
  "  modality       TEXT NOT NULL CHECK (modality IN ('tens', 'nmes', 'laser', 'pemf')),"
  "  site           TEXT NOT NULL,"
  "  program        TEXT NOT NULL DEFAULT '',"
  "  params_json    TEXT NOT NULL DEFAULT '{}',"
  "  planned_minutes REAL,"
  "  started_at     TEXT,"
  "  started_unix   INTEGER,"
  "  ended_at       TEXT,"
  "  outcome        TEXT NOT NULL DEFAULT 'planned'"
  "                 CHECK (outcome IN ('planned', 'running', 'completed', 'stopped', 'interrupted')),"
  "  outcome_reason TEXT NOT NULL DEFAULT '',"
  "  pain_before    INTEGER CHECK (pain_before BETWEEN 0 AND 10),"
  "  pain_after     INTEGER CHECK (pain_after BETWEEN 0 AND 10),"
  "  side_effects   TEXT NOT NULL DEFAULT '',"
  "  skin_check     TEXT NOT NULL DEFAULT '',"
  "  note           TEXT NOT NULL DEFAULT '',"
  "  import_id      INTEGER REFERENCES imports(id) ON DELETE SET NULL"
  ");"
  "CREATE INDEX sessions_profile_time ON sessions(profile_id, started_unix);"

  "CREATE TABLE session_events ("
  "  id          INTEGER PRIMARY KEY,"
  "  session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
  "  at          TEXT NOT NULL,"
  "  elapsed_ms  INTEGER NOT NULL DEFAULT 0,"
  "  kind        TEXT NOT NULL,"
  "  detail      TEXT NOT NULL DEFAULT '',"
  "  actor       TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE INDEX session_events_session ON session_events(session_id, id);"

  "CREATE TABLE diary_entries ("
  "  id            INTEGER PRIMARY KEY,"
  "  profile_id    INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
  "  at            TEXT NOT NULL,"
  "  at_unix       INTEGER NOT NULL,"
  "  pain          INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),"
  "  region        TEXT NOT NULL DEFAULT '',"
  "  fatigue       INTEGER CHECK (fatigue BETWEEN 0 AND 10),"
  "  sleep_quality INTEGER CHECK (sleep_quality BETWEEN 0 AND 10),"
  "  activities    TEXT NOT NULL DEFAULT '',"
  "  note          TEXT NOT NULL DEFAULT '',"
  "  success       INTEGER NOT NULL DEFAULT 0 CHECK (success IN (0, 1)),"
  "  session_id    INTEGER REFERENCES sessions(id) ON DELETE SET NULL,"
  "  session_phase TEXT CHECK (session_phase IN ('before', 'after')),"
  "  import_id     INTEGER REFERENCES imports(id) ON DELETE SET NULL"
  ");"
  "CREATE INDEX diary_entries_profile_time ON diary_entries(profile_id, at_unix);",

  /* v3: programs a person saved (built-in presets live in core) */
  "CREATE TABLE programs ("
  "  id          INTEGER PRIMARY KEY,"
  "  profile_id  INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
  "  name        TEXT NOT NULL,"
  "  modality    TEXT NOT NULL CHECK (modality IN ('tens', 'nmes', 'laser', 'pemf')),"
  "  params_json TEXT NOT NULL DEFAULT '{}',"
  "  site        TEXT NOT NULL DEFAULT '',"
  "  steps_json  TEXT NOT NULL DEFAULT '[]',"
  "  based_on    TEXT NOT NULL DEFAULT '',"
  "  created_at  TEXT NOT NULL,"
  "  UNIQUE (profile_id, name)"
  ");",

  /* v4: duplicate keys for CSV import (see salve-csv-validator.c). A row
   * is a duplicate when its profile already holds one at the same instant
   * with the same key; NULL keys (rows typed in) never collide until an
   * import gives them one. The unique index also serves every query the
   * old (profile_id, at_unix) index did, so that one goes: one index less
   * to update per diary row. */
  "ALTER TABLE diary_entries ADD COLUMN dedupe_key INTEGER;"
  "CREATE UNIQUE INDEX diary_entries_dedupe ON diary_entries(profile_id, at_unix, dedupe_key);"
  "DROP INDEX diary_entries_profile_time;"
  "ALTER TABLE sessions ADD COLUMN dedupe_key INTEGER;"
  "CREATE UNIQUE INDEX sessions_dedupe ON sessions(profile_id, dedupe_key);",

  /* v5: v4's unique index orders rows of one instant by key, not id, so
   * "ORDER BY at_unix, id" over a long diary needed a sort (3x slower for
   * the chart's million rows). The plain index comes back; imports pay
   * for one more index, reads stay fast. */
  "CREATE INDEX diary_entries_profile_time ON diary_entries(profile_id, at_unix);",

  /* v6: the import now finds a duplicate through the (profile, time)
   * index and the row's key (few rows share an instant), so the unique
   * index is one index too many on every diary row. */
  "DROP INDEX diary_entries_dedupe;",

  /* v7: every import first looks for the profile's diary rows without a
   * key (rows typed in or edited since) to give them one. Without v6's
   * index that read every diary row of the profile; this index holds only
   * the rows without a key, so it stays small and imported rows, which
   * come with their key, never touch it. */
  "CREATE INDEX diary_entries_unkeyed ON diary_entries(profile_id) WHERE dedupe_key IS NULL;",

  /* v8: profile names are unique ignoring case, but COLLATE NOCASE only
   * folds ASCII: "É1" and "é1" were both allowed. name_key holds the name
   * Unicode-folded (salve_profile_name_fold(), registered on every
   * connection as salve_fold_name) under a unique index. Names that
   * already clash keep working: the later ones get their id appended to
   * the key after a control character no name can hold, so each stays
   * reachable by its exact name and no new clash can be added. */
  "ALTER TABLE profiles ADD COLUMN name_key TEXT;"
  "UPDATE profiles SET name_key = salve_fold_name(name);"
  "UPDATE profiles SET name_key = name_key || char(31) || id"
  "  WHERE id NOT IN (SELECT min(id) FROM profiles GROUP BY name_key);"
  "CREATE UNIQUE INDEX profiles_name_key ON profiles(name_key);",

  /* v9: the care plan, a course of treatment over weeks. One plan per
   * profile; every change of its start date is kept, because the start
   * anchors the baseline and the phases a therapist may have read. The
   * schedule per modality, activities with minutes per diary entry, the
   * weekly activity targets, and the warning signs a person can note in
   * the diary. Dates are YYYY-MM-DD, times of day "HH:MM,HH:MM". */
  "CREATE TABLE care_plans ("
  "  profile_id  INTEGER PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,"
  "  complaint   TEXT NOT NULL DEFAULT '',"
  "  site        TEXT NOT NULL DEFAULT '',"
  "  start_date  TEXT NOT NULL,"
  "  course      TEXT NOT NULL DEFAULT 'normal' CHECK (course IN ('normal', 'long')),"
  "  therapist   TEXT NOT NULL DEFAULT '',"
  "  created_at  TEXT NOT NULL,"
  "  updated_at  TEXT NOT NULL"
  ");"

  "CREATE TABLE care_plan_starts ("
  "  id          INTEGER PRIMARY KEY,"
  "  profile_id  INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
  "  old_start   TEXT,"
  "  new_start   TEXT NOT NULL,"
  "  changed_at  TEXT NOT NULL"
  ");"
  "CREATE INDEX care_plan_starts_profile ON care_plan_starts(profile_id, id);"

  "CREATE TABLE care_schedules ("
  "  profile_id  INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
  "  modality    TEXT NOT NULL CHECK (modality IN ('tens', 'nmes', 'laser', 'pemf')),"
  "  per_day     INTEGER NOT NULL CHECK (per_day BETWEEN 1 AND 12),"
  "  minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 240),"
  "  times       TEXT NOT NULL DEFAULT '',"
  "  PRIMARY KEY (profile_id, modality)"
  ");"

  "CREATE TABLE diary_activities ("
  "  entry_id    INTEGER NOT NULL REFERENCES diary_entries(id) ON DELETE CASCADE,"
  "  activity    TEXT NOT NULL,"
  "  minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 1440),"
  "  PRIMARY KEY (entry_id, activity)"
  ");"

  "CREATE TABLE activity_targets ("
  "  profile_id        INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
  "  activity          TEXT NOT NULL,"
  "  baseline_week     TEXT NOT NULL,"
  "  baseline_minutes  INTEGER NOT NULL CHECK (baseline_minutes BETWEEN 0 AND 10080),"
  "  step_percent      REAL NOT NULL DEFAULT 10 CHECK (step_percent >= 0 AND step_percent <= 50),"
  "  PRIMARY KEY (profile_id, activity)"
  ");"

  "ALTER TABLE diary_entries ADD COLUMN new_weakness INTEGER NOT NULL DEFAULT 0"
  "  CHECK (new_weakness IN (0, 1));"
  "ALTER TABLE diary_entries ADD COLUMN numbness INTEGER NOT NULL DEFAULT 0"
  "  CHECK (numbness IN (0, 1));",

  /* v10: the medication log. One row per intake: what was taken, how
   * much (free text as people write it), when, and whether as needed or
   * on a schedule. The same medicine and dose at the same second is one
   * intake, which keeps a second import of the same file from doubling
   * it. */
  "CREATE TABLE medication_intakes ("
  "  id          INTEGER PRIMARY KEY,"
  "  profile_id  INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
  "  at          TEXT NOT NULL,"
  "  at_unix     INTEGER NOT NULL,"
  "  name        TEXT NOT NULL CHECK (name != ''),"
  "  dose        TEXT NOT NULL DEFAULT '',"
  "  as_needed   INTEGER NOT NULL DEFAULT 0 CHECK (as_needed IN (0, 1)),"
  "  note        TEXT NOT NULL DEFAULT '',"
  "  import_id   INTEGER REFERENCES imports(id) ON DELETE SET NULL"
  ");"
  "CREATE UNIQUE INDEX medication_intakes_profile_time"
  "  ON medication_intakes(profile_id, at_unix, name, dose);",

  /* v11: stress beside fatigue and sleep quality (seed 003: sleep, stress
   * and activity are worth logging beside pain). Optional like fatigue:
   * every entry written before has none. */
  "ALTER TABLE diary_entries ADD COLUMN stress INTEGER"
  "  CHECK (stress BETWEEN 0 AND 10);",

  /* v12: daily aggregates of the diary */
  MIGRATION_DIARY_DAYS,

  /* v13: an import adds up its days once */
  MIGRATION_DIARY_DAYS_PAUSE,

  /* v14: ... in its own transaction only */
  MIGRATION_DIARY_DAYS_NO_PAUSE,

  /* v15: numbness noted in the diary stops stimulation there until the
   * checklist's question about reduced sensation is answered again, which
   * may be long after: its entries are found without reading the rest. */
  "CREATE INDEX diary_entries_numbness ON diary_entries(profile_id, at_unix)"
  "  WHERE numbness = 1;",

  /* v16: the diary's newest entry when a checklist question was
   * answered: an entry typed after the answer but dated before it was not
   * seen by whoever answered (numbness, see v15). NULL: the diary was
   * empty. Answers given before take the diary as it is now, as they
   * were judged until now. */
  "ALTER TABLE profile_conditions ADD COLUMN last_entry_id INTEGER;"
  "UPDATE profile_conditions SET last_entry_id ="
  "  (SELECT max(id) FROM diary_entries d WHERE d.profile_id = profile_conditions.profile_id);",

  /* v17: every version of a schedule, so that a day counts what was
   * planned on it then: a modality planned from week 4 on, or once a day
   * instead of twice, changes nothing before. saved_unix is when it was
   * saved (0: before this version); per_day 0 took the modality off. The
   * schedules already there count from the plan's start, as they were
   * counted until now. */
  "CREATE TABLE care_schedule_changes ("
  "  id          INTEGER PRIMARY KEY,"
  "  profile_id  INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
  "  modality    TEXT NOT NULL CHECK (modality IN ('tens', 'nmes', 'laser', 'pemf')),"
  "  per_day     INTEGER NOT NULL CHECK (per_day BETWEEN 0 AND 12),"
  "  minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 240),"
  "  times       TEXT NOT NULL DEFAULT '',"
  "  saved_unix  INTEGER NOT NULL"
  ");"
  "CREATE INDEX care_schedule_changes_profile ON care_schedule_changes(profile_id, id);"
  "INSERT INTO care_schedule_changes (profile_id, modality, per_day, minutes, times, saved_unix)"
  "  SELECT profile_id, modality, per_day, minutes, times, 0 FROM care_schedules;",

  /* v18: a course can be ended (after the review with the therapist):
   * its last day, NULL while it runs, and the last schedule version kept
   * before its end (the versions after it are the end's own). */
  "ALTER TABLE care_plans ADD COLUMN ended_on TEXT;"
  "ALTER TABLE care_plans ADD COLUMN ended_after_change INTEGER;",

  /* v19: a diary row's duplicate key hashes its instant, no longer its
   * time as written, so that the same moment written with another
   * offset is found as the same entry. The keys made before are made
   * again, as for rows typed in, by the profile's next import
   * (salve_diary_repo_fill_keys(), through diary_entries_unkeyed). */
  "UPDATE diary_entries SET dedupe_key = NULL WHERE dedupe_key IS NOT NULL;",
};

int
salve_migrations_get_latest (void)
{
  return G_N_ELEMENTS (migrations);
}

static char *
pick_backup_path (const char *path,
                  int         version)
{
  g_autofree char *base = g_strdup_printf ("%s.bak-v%d", path, version);
  char *candidate = g_strdup (base);

  /* An earlier backup is somebody's data too: never overwrite it. */
  for (guint i = 1; g_file_test (candidate, G_FILE_TEST_EXISTS); i++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s.%u", base, i);
    }

  return candidate;
}

static gboolean
backup_database (SalveDb  *db,
                 int       version,
                 GError  **error)
{
  g_autofree char *backup_path = pick_backup_path (salve_db_get_path (db), version);
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  rc = sqlite3_open_v2 (backup_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      g_chmod (backup_path, 0600);
      backup = sqlite3_backup_init (dest, "main", _salve_db_get_handle (db), "main");
      if (backup == NULL)
        rc = sqlite3_errcode (dest);
      else
        {
          sqlite3_backup_step (backup, -1);
          rc = sqlite3_backup_finish (backup);
        }
    }

  if (rc != SQLITE_OK)
    {
      /* Copying reads every page: a damaged source shows up here. */
      gboolean damaged = (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;

      g_set_error (error, SALVE_DB_ERROR, damaged ? SALVE_DB_ERROR_CORRUPT : SALVE_DB_ERROR_NOT_WRITABLE,
                   _("Could not make a backup copy “%s” before upgrading the database (%s). Nothing was changed."),
                   backup_path, dest ? sqlite3_errmsg (dest) : sqlite3_errstr (rc));
      sqlite3_close (dest);
      g_unlink (backup_path);
      return FALSE;
    }

  sqlite3_close (dest);
  g_debug ("Backed up schema v%d to %s", version, backup_path);

  return TRUE;
}

gboolean
salve_migrations_run (SalveDb  *db,
                      int       target,
                      GError  **error)
{
  gboolean fresh;
  int version;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (target <= salve_migrations_get_latest (), FALSE);

  version = salve_db_get_user_version (db, error);
  if (version < 0)
    return FALSE;

  if (version >= target)
    return TRUE;

  if (version > 0 && !backup_database (db, version, error))
    return FALSE;

  /* A new database is made in one transaction: one the disk has no room
   * for stays empty, to be made again at the next opening, instead of
   * halfway, where every later opening would first want a backup copy of
   * it for which there is no room either. An older one keeps each step it
   * took (and its backup copy). */
  fresh = version == 0;
  if (fresh && !salve_db_begin (db, error))
    return FALSE;

  for (int v = version; v < target; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v + 1);

      if (!fresh && !salve_db_begin (db, error))
        return FALSE;

      if (!salve_db_exec (db, migrations[v], error) ||
          !salve_db_exec (db, bump, error) ||
          (!fresh && !salve_db_commit (db, error)))
        {
          salve_db_rollback (db);
          g_prefix_error (error, _("Upgrading the database to version %d failed: "), v + 1);
          return FALSE;
        }
    }

  if (fresh && !salve_db_commit (db, error))
    {
      salve_db_rollback (db);
      g_prefix_error (error, _("Upgrading the database to version %d failed: "), target);
      return FALSE;
    }

  return TRUE;
}
