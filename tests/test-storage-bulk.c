/* test-storage-bulk.c: the diary and session repositories' bulk writes
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "salve-db.h"
#include "salve-diary-repo.h"
#include "salve-profile-repo.h"
#include "salve-session-repo.h"
#include "salve-test-util.h"

#define T0 1104573600  /* 2005-01-01T10:00:00Z */

typedef struct
{
  char    *dir;
  SalveDb *db;
  gint64   profile_id;
  /* Texts the rows point at. */
  char     at[SALVE_DIARY_BULK_GROUP][32];
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveProfile) profile = NULL;
  g_autofree char *path = NULL;

  f->dir = salve_test_make_tmpdir ();
  path = g_build_filename (f->dir, "salve.db", NULL);
  f->db = salve_db_open (path, &error);
  g_assert_no_error (error);
  profile = salve_profile_repo_add (f->db, "Anna", &error);
  g_assert_no_error (error);
  f->profile_id = salve_profile_get_id (profile);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->db);
  salve_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  g_autoptr(SalveStmt) stmt = salve_db_prepare (f->db, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_true (salve_stmt_step (stmt, NULL));
  return salve_stmt_get_int64 (stmt, 0);
}

/* An imports row to tag the rows with, as an import makes. */
static gint64
new_import (Fixture *f)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = salve_db_prepare (f->db, "INSERT INTO imports (profile_id, file_name, content_hash, imported_at) "
                                  "VALUES (?1, 'test.csv', '', '2026-01-01T00:00:00Z')", &error);
  g_assert_no_error (error);
  g_assert_true (salve_stmt_bind_int64 (stmt, 1, f->profile_id, &error));
  g_assert_true (salve_stmt_run (stmt, &error));
  g_assert_no_error (error);
  return salve_db_last_insert_id (f->db);
}

/* Row @i of a group: an hour apart from @t0 on; the key is made up. */
static SalveDiaryBulkRow
diary_row (Fixture *f,
           guint    i,
           gint64   t0)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t0 + i * 3600);
  g_autofree char *iso = g_date_time_format_iso8601 (dt);
  SalveDiaryBulkRow row = {
    .at = f->at[i], .at_len = -1, .at_unix = t0 + i * 3600,
    .pain = (int) (i % 11), .fatigue = i % 2 ? 3 : -1, .sleep_quality = -1, .stress = i % 4 == 0 ? 6 : -1,
    .region = "knee", .region_len = 4, .activities = "", .activities_len = 0,
    .note = i == 5 ? "walked" : "", .note_len = -1,
    .success = i % 3 == 0, .dedupe_key = 1000 + i,
  };

  g_strlcpy (f->at[i], iso, sizeof f->at[i]);
  return row;
}

static void
fill_group (Fixture           *f,
            SalveDiaryBulkRow *rows,
            gint64             t0)
{
  for (guint i = 0; i < SALVE_DIARY_BULK_GROUP; i++)
    rows[i] = diary_row (f, i, t0);
}

static void
test_group_stores_rows (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SalveDiaryBulk) bulk = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  SalveDiaryBulkRow rows[SALVE_DIARY_BULK_GROUP];
  guint64 inserted = 0, duplicates = 0;
  SalveDiaryEntry *fifth;
  gint64 import_id;

  g_assert_true (salve_db_begin (f->db, &error));
  import_id = new_import (f);
  bulk = salve_diary_bulk_new (f->db, f->profile_id, import_id, &error);
  g_assert_no_error (error);
  fill_group (f, rows, T0);
  g_assert_true (salve_diary_bulk_add_group (bulk, rows, &inserted, &duplicates, &error));
  g_assert_no_error (error);
  g_clear_pointer (&bulk, salve_diary_bulk_free);
  g_assert_true (salve_db_commit (f->db, &error));

  g_assert_cmpuint (inserted, ==, SALVE_DIARY_BULK_GROUP);
  g_assert_cmpuint (duplicates, ==, 0);

  entries = salve_diary_repo_list (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                   SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, SALVE_DIARY_BULK_GROUP);
  fifth = g_ptr_array_index (entries, 5);
  g_assert_cmpint (salve_diary_entry_get_at_unix (fifth), ==, T0 + 5 * 3600);
  g_assert_cmpint (salve_diary_entry_get_pain (fifth), ==, 5);
  g_assert_cmpint (salve_diary_entry_get_fatigue (fifth), ==, 3);
  g_assert_cmpint (salve_diary_entry_get_sleep_quality (fifth), ==, SALVE_DIARY_UNRATED);
  g_assert_cmpstr (salve_diary_entry_get_region (fifth), ==, "knee");
  g_assert_cmpstr (salve_diary_entry_get_note (fifth), ==, "walked");
  g_assert_false (salve_diary_entry_get_success (fifth));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE import_id IS NULL"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT dedupe_key FROM diary_entries ORDER BY at_unix LIMIT 1 OFFSET 7"), ==, 1007);
}

/* A group of rows with only a time, pain, region, note and key goes in
 * by a shorter statement: the other columns keep their defaults. One
 * value of any other column makes its group a full one again. */
static void
test_group_plain_rows (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SalveDiaryBulk) bulk = NULL;
  g_autoptr(GError) error = NULL;
  SalveDiaryBulkRow rows[SALVE_DIARY_BULK_GROUP];
  guint64 inserted = 0, duplicates = 0;
  const guint n_groups = 8;

  g_assert_true (salve_db_begin (f->db, &error));
  bulk = salve_diary_bulk_new (f->db, f->profile_id, new_import (f), &error);
  g_assert_no_error (error);
  for (guint g = 0; g < n_groups; g++)
    {
      fill_group (f, rows, T0 + (gint64) g * 200 * 24 * 3600);
      for (guint i = 0; i < SALVE_DIARY_BULK_GROUP; i++)
        {
          rows[i].fatigue = rows[i].stress = -1;
          rows[i].success = FALSE;
          rows[i].dedupe_key = g * 1000 + i;
        }
      /* Group 0 is plain; each other group has one row with one more
       * value, on its row 9. */
      switch (g)
        {
        case 1: rows[9].fatigue = 3; break;
        case 2: rows[9].sleep_quality = 4; break;
        case 3: rows[9].stress = 6; break;
        case 4: rows[9].activities = "walking"; rows[9].activities_len = 7; break;
        case 5: rows[9].success = TRUE; break;
        case 6: rows[9].new_weakness = TRUE; break;
        case 7: rows[9].numbness = TRUE; break;
        default: break;
        }
      g_assert_true (salve_diary_bulk_add_group (bulk, rows, &inserted, &duplicates, &error));
      g_assert_no_error (error);
    }
  g_clear_pointer (&bulk, salve_diary_bulk_free);
  g_assert_true (salve_db_commit (f->db, &error));

  g_assert_cmpuint (inserted, ==, n_groups * SALVE_DIARY_BULK_GROUP);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE fatigue IS NULL AND sleep_quality IS NULL"
                                 " AND stress IS NULL AND activities = '' AND success = 0 AND new_weakness = 0"
                                 " AND numbness = 0"), ==, n_groups * SALVE_DIARY_BULK_GROUP - 7);
  g_assert_cmpint (query_int (f, "SELECT dedupe_key FROM diary_entries WHERE fatigue = 3"), ==, 1009);
  g_assert_cmpint (query_int (f, "SELECT dedupe_key FROM diary_entries WHERE sleep_quality = 4"), ==, 2009);
  g_assert_cmpint (query_int (f, "SELECT dedupe_key FROM diary_entries WHERE stress = 6"), ==, 3009);
  g_assert_cmpint (query_int (f, "SELECT dedupe_key FROM diary_entries WHERE activities = 'walking'"), ==, 4009);
  g_assert_cmpint (query_int (f, "SELECT dedupe_key FROM diary_entries WHERE success"), ==, 5009);
  g_assert_cmpint (query_int (f, "SELECT dedupe_key FROM diary_entries WHERE new_weakness"), ==, 6009);
  g_assert_cmpint (query_int (f, "SELECT dedupe_key FROM diary_entries WHERE numbness"), ==, 7009);
  /* The plain group's own values. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE dedupe_key < 1000 AND region = 'knee'"),
                   ==, SALVE_DIARY_BULK_GROUP);
  g_assert_cmpint (query_int (f, "SELECT pain FROM diary_entries WHERE dedupe_key = 7"), ==, 7);
  g_assert_cmpint (query_int (f, "SELECT note = 'walked' FROM diary_entries WHERE dedupe_key = 5"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT at_unix FROM diary_entries WHERE dedupe_key = 5"), ==, T0 + 5 * 3600);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE import_id IS NULL"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT sum(n0 + n1 + n2 + n3 + n4 + n5 + n6 + n7 + n8 + n9 + n10) FROM diary_days"),
                   ==, n_groups * SALVE_DIARY_BULK_GROUP);
}

/* Warning signs go in with a group; a group with activity minutes goes
 * row by row, so that each row's minutes find their entry. */
static void
test_group_care_values (Fixture       *f,
                        gconstpointer  data)
{
  static const SalveDiaryBulkActivity minutes[] = { { "cycling", 15 }, { "walking", 30 } };
  g_autoptr(SalveDiaryBulk) bulk = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  SalveDiaryBulkRow rows[SALVE_DIARY_BULK_GROUP];
  guint64 inserted = 0, duplicates = 0;
  SalveDiaryEntry *third;

  g_assert_true (salve_db_begin (f->db, &error));
  bulk = salve_diary_bulk_new (f->db, f->profile_id, new_import (f), &error);
  g_assert_no_error (error);
  fill_group (f, rows, T0);
  rows[3].new_weakness = TRUE;
  rows[3].numbness = TRUE;
  rows[3].activity_minutes = minutes;
  rows[3].n_activity_minutes = G_N_ELEMENTS (minutes);
  rows[4].numbness = TRUE;
  g_assert_true (salve_diary_bulk_add_group (bulk, rows, &inserted, &duplicates, &error));
  g_assert_no_error (error);
  g_clear_pointer (&bulk, salve_diary_bulk_free);
  g_assert_true (salve_db_commit (f->db, &error));

  g_assert_cmpuint (inserted, ==, SALVE_DIARY_BULK_GROUP);
  entries = salve_diary_repo_list (f->db, f->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                   SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_no_error (error);
  third = g_ptr_array_index (entries, 3);
  g_assert_true (salve_diary_entry_get_new_weakness (third));
  g_assert_true (salve_diary_entry_get_numbness (third));
  g_assert_cmpuint (salve_diary_entry_get_activity_minutes (third, "walking"), ==, 30);
  g_assert_cmpuint (salve_diary_entry_get_activity_minutes (third, "cycling"), ==, 15);
  g_assert_true (salve_diary_entry_get_numbness (g_ptr_array_index (entries, 4)));
  g_assert_false (salve_diary_entry_get_new_weakness (g_ptr_array_index (entries, 4)));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_activities"), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE numbness"), ==, 2);
}

/* Rows stored before are duplicates, row by row, whether they come in a
 * group or alone; rows of the same write never are. */
static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SalveDiaryBulk) bulk = NULL;
  g_autoptr(GError) error = NULL;
  SalveDiaryBulkRow rows[SALVE_DIARY_BULK_GROUP];
  guint64 inserted = 0, duplicates = 0;
  gboolean added = FALSE;
  gint64 id = 0;

  g_assert_true (salve_db_begin (f->db, &error));
  bulk = salve_diary_bulk_new (f->db, f->profile_id, new_import (f), &error);
  g_assert_no_error (error);
  fill_group (f, rows, T0);
  g_assert_true (salve_diary_bulk_add_group (bulk, rows, &inserted, &duplicates, &error));
  /* The same group again in the same write: as many entries. */
  g_assert_true (salve_diary_bulk_add_group (bulk, rows, &inserted, &duplicates, &error));
  g_assert_no_error (error);
  g_clear_pointer (&bulk, salve_diary_bulk_free);
  g_assert_true (salve_db_commit (f->db, &error));
  g_assert_cmpuint (inserted, ==, 2 * SALVE_DIARY_BULK_GROUP);
  g_assert_cmpuint (duplicates, ==, 0);

  /* A later write: the same rows are duplicates, a changed one is not. */
  inserted = duplicates = 0;
  g_assert_true (salve_db_begin (f->db, &error));
  bulk = salve_diary_bulk_new (f->db, f->profile_id, new_import (f), &error);
  g_assert_no_error (error);
  fill_group (f, rows, T0);
  rows[17].dedupe_key = 42;
  rows[90].at_unix += 60;
  g_assert_true (salve_diary_bulk_add_group (bulk, rows, &inserted, &duplicates, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (inserted, ==, 2);
  g_assert_cmpuint (duplicates, ==, SALVE_DIARY_BULK_GROUP - 2);

  rows[3] = diary_row (f, 3, T0);
  g_assert_true (salve_diary_bulk_add (bulk, &rows[3], &added, &id, &error));
  g_assert_no_error (error);
  g_assert_false (added);
  rows[3].dedupe_key = 7;
  g_assert_true (salve_diary_bulk_add (bulk, &rows[3], &added, &id, &error));
  g_assert_no_error (error);
  g_assert_true (added);
  g_assert_cmpint (id, ==, query_int (f, "SELECT max(id) FROM diary_entries"));

  /* A group after every stored row goes in whole. */
  inserted = duplicates = 0;
  fill_group (f, rows, T0 + 400 * 24 * 3600);
  g_assert_true (salve_diary_bulk_add_group (bulk, rows, &inserted, &duplicates, &error));
  g_assert_cmpuint (inserted, ==, SALVE_DIARY_BULK_GROUP);
  g_assert_cmpuint (duplicates, ==, 0);
  g_clear_pointer (&bulk, salve_diary_bulk_free);
  g_assert_true (salve_db_commit (f->db, &error));

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries"), ==, 3 * SALVE_DIARY_BULK_GROUP + 3);
}

static SalveSessionBulkRow
session_row (const char *started_at,
             gint64      started_unix,
             gint64      key)
{
  SalveSessionBulkRow row = {
    .device_name = "TENS 1", .modality = "tens", .site = "knee", .program = "", .params_json = "{}",
    .has_planned = TRUE, .planned_minutes = 20, .started_at = started_at, .started_unix = started_unix,
    .ended_at = NULL, .outcome = "completed", .outcome_reason = "", .pain_before = 6, .pain_after = -1,
    .side_effects = "", .skin_check = "", .note = "", .dedupe_key = key,
  };

  return row;
}

/* A session stored before is a duplicate, with its id; the same session
 * twice in one write is two sessions, the second without a key. */
static void
test_sessions (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SalveSessionBulk) bulk = NULL;
  g_autoptr(GError) error = NULL;
  SalveSessionBulkRow row = session_row ("2005-01-01T10:00:00Z", T0, 77);
  gboolean inserted = FALSE;
  gint64 first = 0, second = 0, again = 0;

  g_assert_true (salve_db_begin (f->db, &error));
  bulk = salve_session_bulk_new (f->db, f->profile_id, new_import (f), &error);
  g_assert_no_error (error);
  g_assert_true (salve_session_bulk_add (bulk, &row, &inserted, &first, &error));
  g_assert_true (inserted);
  g_assert_true (salve_session_bulk_add (bulk, &row, &inserted, &second, &error));
  g_assert_no_error (error);
  g_assert_true (inserted);
  g_assert_cmpint (first, >, 0);
  g_assert_cmpint (second, >, first);
  g_clear_pointer (&bulk, salve_session_bulk_free);
  g_assert_true (salve_db_commit (f->db, &error));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sessions WHERE dedupe_key IS NULL"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT started_unix FROM sessions WHERE dedupe_key = 77"), ==, T0);

  g_assert_true (salve_db_begin (f->db, &error));
  bulk = salve_session_bulk_new (f->db, f->profile_id, new_import (f), &error);
  g_assert_no_error (error);
  g_assert_true (salve_session_bulk_add (bulk, &row, &inserted, &again, &error));
  g_assert_no_error (error);
  g_assert_false (inserted);
  g_assert_cmpint (again, ==, first);

  /* A planned session that never ran has no start. */
  row = session_row (NULL, 0, 78);
  g_assert_true (salve_session_bulk_add (bulk, &row, &inserted, NULL, &error));
  g_assert_true (inserted);
  g_clear_pointer (&bulk, salve_session_bulk_free);
  g_assert_true (salve_db_commit (f->db, &error));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sessions WHERE dedupe_key = 78 AND started_at IS NULL "
                                 "AND started_unix IS NULL"), ==, 1);
}

/* A rating taken before a session points at it, by id or by the
 * session's start. */
static void
test_links (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SalveDiaryBulk) diary = NULL;
  g_autoptr(SalveSessionBulk) sessions = NULL;
  g_autoptr(SalveDiaryEntry) entry = NULL;
  g_autoptr(SalveDiaryEntry) other = NULL;
  g_autoptr(GError) error = NULL;
  SalveSessionBulkRow session = session_row ("2005-01-01T10:00:00Z", T0, 5);
  SalveDiaryBulkRow row = diary_row (f, 0, T0);
  SalveDiaryBulkRow later = diary_row (f, 1, T0);
  gboolean inserted = FALSE;
  gint64 session_id = 0, entry_id = 0, other_id = 0;
  gint64 import_id;

  g_assert_true (salve_db_begin (f->db, &error));
  import_id = new_import (f);
  diary = salve_diary_bulk_new (f->db, f->profile_id, import_id, &error);
  sessions = salve_session_bulk_new (f->db, f->profile_id, import_id, &error);
  g_assert_no_error (error);
  g_assert_true (salve_diary_bulk_add (diary, &row, &inserted, &entry_id, &error));
  g_assert_true (salve_diary_bulk_add (diary, &later, &inserted, &other_id, &error));
  g_assert_true (salve_session_bulk_add (sessions, &session, &inserted, &session_id, &error));
  g_assert_true (salve_diary_bulk_link_session (diary, entry_id, session_id, SALVE_DIARY_PHASE_BEFORE, &error));
  g_assert_true (salve_diary_bulk_link_by_period (diary, f->at[1], "1", "2005-01-01T10:00:00Z", NULL, "after", &error));
  /* No such session: nothing changes. */
  g_assert_true (salve_diary_bulk_link_by_period (diary, f->at[0], "0", "1999-01-01T10:00:00Z", NULL, "after", &error));
  g_assert_no_error (error);
  g_clear_pointer (&diary, salve_diary_bulk_free);
  g_clear_pointer (&sessions, salve_session_bulk_free);
  g_assert_true (salve_db_commit (f->db, &error));

  entry = salve_diary_repo_get (f->db, entry_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_diary_entry_get_session_id (entry), ==, session_id);
  g_assert_cmpint (salve_diary_entry_get_session_phase (entry), ==, SALVE_DIARY_PHASE_BEFORE);
  other = salve_diary_repo_get (f->db, other_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_diary_entry_get_session_id (other), ==, session_id);
  g_assert_cmpint (salve_diary_entry_get_session_phase (other), ==, SALVE_DIARY_PHASE_AFTER);
}

static gint64
pain_key (const SalveDiaryBulkRow *row,
          gpointer                 user_data)
{
  guint *calls = user_data;

  (*calls)++;
  g_assert_cmpstr (row->region, ==, "");
  return 500 + row->pain;
}

static gint64
note_key (const SalveSessionBulkRow *row,
          gpointer                   user_data)
{
  return g_str_equal (row->device_name, "TENS 1") ? 900 : 901;
}

/* Entries typed in get the key the function gives, and then are
 * duplicates of the same row in a bulk write. */
static void
test_fill_keys (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (f->profile_id);
  g_autoptr(SalveDiaryBulk) bulk = NULL;
  g_autoptr(SalveSessionBulk) sessions = NULL;
  g_autoptr(GError) error = NULL;
  SalveDiaryBulkRow row = diary_row (f, 0, T0);
  SalveSessionBulkRow session = session_row ("2005-01-01T10:00:00Z", T0, 0);
  gboolean inserted = TRUE;
  guint calls = 0;

  g_assert_true (salve_diary_entry_set_at_iso (entry, f->at[0], &error));
  salve_diary_entry_set_pain (entry, 4);
  g_assert_true (salve_diary_repo_add (f->db, entry, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diary_entries WHERE dedupe_key IS NULL"), ==, 1);

  g_assert_true (salve_db_begin (f->db, &error));
  g_assert_true (salve_diary_repo_fill_keys (f->db, f->profile_id, pain_key, &calls, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpint (query_int (f, "SELECT dedupe_key FROM diary_entries"), ==, 504);

  bulk = salve_diary_bulk_new (f->db, f->profile_id, new_import (f), &error);
  g_assert_no_error (error);
  row.dedupe_key = 504;
  g_assert_true (salve_diary_bulk_add (bulk, &row, &inserted, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (inserted);

  /* Two sessions typed in alike: the second keeps no key. */
  sessions = salve_session_bulk_new (f->db, f->profile_id, new_import (f), &error);
  g_assert_no_error (error);
  g_assert_true (salve_session_bulk_add (sessions, &session, &inserted, NULL, &error));
  g_assert_true (salve_session_bulk_add (sessions, &session, &inserted, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (salve_db_exec (f->db, "UPDATE sessions SET dedupe_key = NULL, import_id = NULL", &error));
  g_assert_true (salve_session_repo_fill_keys (f->db, f->profile_id, note_key, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&bulk, salve_diary_bulk_free);
  g_clear_pointer (&sessions, salve_session_bulk_free);
  g_assert_true (salve_db_commit (f->db, &error));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sessions WHERE dedupe_key = 900"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sessions WHERE dedupe_key IS NULL"), ==, 1);
}

/* Outside a transaction the writer would leave the diary without its
 * insert trigger statement by statement: it is refused, and the trigger
 * stays. */
static void
test_needs_a_transaction (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveStmt) stmt = NULL;
  SalveDiaryBulk *bulk;

  bulk = salve_diary_bulk_new (f->db, f->profile_id, new_import (f), &error);
  g_assert_null (bulk);
  g_assert_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_FAILED);

  stmt = salve_db_prepare (f->db, "SELECT count(*) FROM sqlite_schema WHERE name = 'diary_days_insert'", NULL);
  g_assert_true (salve_stmt_step (stmt, NULL));
  g_assert_cmpint (salve_stmt_get_int64 (stmt, 0), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/storage/bulk/diary-group", test_group_stores_rows);
  ADD ("/storage/bulk/diary-group-plain", test_group_plain_rows);
  ADD ("/storage/bulk/diary-group-care", test_group_care_values);
  ADD ("/storage/bulk/diary-duplicates", test_duplicates);
  ADD ("/storage/bulk/sessions", test_sessions);
  ADD ("/storage/bulk/links", test_links);
  ADD ("/storage/bulk/fill-keys", test_fill_keys);
  ADD ("/storage/bulk/needs-a-transaction", test_needs_a_transaction);
#undef ADD

  return g_test_run ();
}
