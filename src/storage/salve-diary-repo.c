/* salve-diary-repo.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-diary-repo"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "salve-session-repo.h"
#include "salve-diary-repo.h"

#include "salve-body-region.h"
#include "salve-ids.h"
#include "salve-parse.h"

/* The last column: whether the entry's session was practice, asked only
 * of an entry that has a session. */
#define ENTRY_COLUMNS \
  "id, profile_id, at, pain, region, fatigue, sleep_quality, activities, note, success, session_id," \
  " session_phase, new_weakness, numbness, stress," \
  " CASE WHEN session_id IS NULL THEN 0 ELSE " SALVE_SESSION_IS_PRACTICE_SQL ("diary_entries.session_id") " END"

static SalveDiaryEntry *
entry_from_row (SalveStmt *stmt)
{
  g_autoptr(GDateTime) at = salve_parse_date_time (salve_stmt_get_text (stmt, 2), NULL, NULL, NULL);
  g_autoptr(SalveDiaryEntry) entry = NULL;
  SalveDiaryPhase phase = SALVE_DIARY_PHASE_NONE;

  /* A row that someone edited by hand into nonsense keeps "now"
   * rather than failing the whole list. */
  if (at != NULL)
    entry = salve_diary_entry_new_at (salve_stmt_get_int64 (stmt, 1), at);
  else
    {
      entry = salve_diary_entry_new (salve_stmt_get_int64 (stmt, 1));
      g_warning ("Diary entry %" G_GINT64_FORMAT " has an unreadable time “%s”",
                 salve_stmt_get_int64 (stmt, 0), salve_stmt_get_text (stmt, 2));
    }
  salve_diary_entry_set_id (entry, salve_stmt_get_int64 (stmt, 0));
  salve_diary_entry_set_pain (entry, (int) salve_stmt_get_int64 (stmt, 3));
  salve_diary_entry_set_region (entry, salve_stmt_get_text (stmt, 4));
  if (!salve_stmt_get_is_null (stmt, 5))
    salve_diary_entry_set_fatigue (entry, (int) salve_stmt_get_int64 (stmt, 5));
  if (!salve_stmt_get_is_null (stmt, 6))
    salve_diary_entry_set_sleep_quality (entry, (int) salve_stmt_get_int64 (stmt, 6));
  salve_diary_entry_set_activities (entry, salve_stmt_get_text (stmt, 7));
  salve_diary_entry_set_note (entry, salve_stmt_get_text (stmt, 8));
  salve_diary_entry_set_success (entry, salve_stmt_get_int64 (stmt, 9) != 0);
  salve_diary_phase_from_id (salve_stmt_get_text (stmt, 11), &phase);
  salve_diary_entry_set_session (entry, salve_stmt_get_int64 (stmt, 10), phase);
  salve_diary_entry_set_practice (entry, salve_stmt_get_int64 (stmt, 15) != 0);
  salve_diary_entry_set_new_weakness (entry, salve_stmt_get_int64 (stmt, 12) != 0);
  salve_diary_entry_set_numbness (entry, salve_stmt_get_int64 (stmt, 13) != 0);
  if (!salve_stmt_get_is_null (stmt, 14))
    salve_diary_entry_set_stress (entry, (int) salve_stmt_get_int64 (stmt, 14));

  return g_steal_pointer (&entry);
}

/* Reads rows of (entry_id, activity, minutes) from @stmt into the
 * entries of @by_id (keyed by id); rows of other entries are skipped. */
static gboolean
load_activities (SalveStmt   *stmt,
                 GHashTable  *by_id,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  while (salve_stmt_step (stmt, &local_error))
    {
      gint64 id = salve_stmt_get_int64 (stmt, 0);
      SalveDiaryEntry *entry = g_hash_table_lookup (by_id, &id);

      if (entry != NULL)
        salve_diary_entry_set_activity_minutes (entry, salve_stmt_get_text (stmt, 1),
                                                (guint) salve_stmt_get_int64 (stmt, 2));
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Replaces the stored activities of the entry with its own. */
static gboolean
write_activities (SalveDb          *db,
                  SalveDiaryEntry  *entry,
                  GError          **error)
{
  g_autoptr(SalveStmt) clear = NULL;
  g_autoptr(SalveStmt) insert = NULL;
  g_auto(GStrv) ids = salve_diary_entry_dup_activity_ids (entry);
  gint64 id = salve_diary_entry_get_id (entry);

  clear = salve_db_prepare (db, "DELETE FROM diary_activities WHERE entry_id = ?1", error);
  if (clear == NULL ||
      !salve_stmt_bind_int64 (clear, 1, id, error) ||
      !salve_stmt_run (clear, error))
    return FALSE;
  if (ids[0] == NULL)
    return TRUE;

  insert = salve_db_prepare (db, "INSERT INTO diary_activities (entry_id, activity, minutes) VALUES (?1, ?2, ?3)",
                             error);
  if (insert == NULL)
    return FALSE;
  for (guint i = 0; ids[i] != NULL; i++)
    {
      salve_stmt_reset (insert);
      if (!salve_stmt_bind_int64 (insert, 1, id, error) ||
          !salve_stmt_bind_text (insert, 2, ids[i], error) ||
          !salve_stmt_bind_int64 (insert, 3, salve_diary_entry_get_activity_minutes (entry, ids[i]), error) ||
          !salve_stmt_run (insert, error))
        return FALSE;
    }
  return TRUE;
}

/* The entry row and its activities are written together or not at all;
 * a savepoint nests inside a caller's transaction. */
static gboolean
bind_optional_rating (SalveStmt  *stmt,
                      int         param,
                      int         value,
                      GError    **error)
{
  if (value == SALVE_DIARY_UNRATED)
    return salve_stmt_bind_null (stmt, param, error);
  return salve_stmt_bind_int64 (stmt, param, value, error);
}

/* Binds the fields in the order ?1 profile_id … ?12 session_phase,
 * ?13 new_weakness, ?14 numbness, ?15 stress. */
static gboolean
bind_fields (SalveStmt        *stmt,
             SalveDiaryEntry  *entry,
             GError          **error)
{
  gint64 session_id = salve_diary_entry_get_session_id (entry);

  return salve_stmt_bind_int64 (stmt, 1, salve_diary_entry_get_profile_id (entry), error) &&
         salve_stmt_bind_text (stmt, 2, salve_diary_entry_get_at_iso (entry), error) &&
         salve_stmt_bind_int64 (stmt, 3, salve_diary_entry_get_at_unix (entry), error) &&
         salve_stmt_bind_int64 (stmt, 4, salve_diary_entry_get_pain (entry), error) &&
         salve_stmt_bind_text (stmt, 5, salve_diary_entry_get_region (entry), error) &&
         bind_optional_rating (stmt, 6, salve_diary_entry_get_fatigue (entry), error) &&
         bind_optional_rating (stmt, 7, salve_diary_entry_get_sleep_quality (entry), error) &&
         salve_stmt_bind_text (stmt, 8, salve_diary_entry_get_activities (entry), error) &&
         salve_stmt_bind_text (stmt, 9, salve_diary_entry_get_note (entry), error) &&
         salve_stmt_bind_int64 (stmt, 10, salve_diary_entry_get_success (entry) ? 1 : 0, error) &&
         (session_id > 0
            ? salve_stmt_bind_int64 (stmt, 11, session_id, error)
            : salve_stmt_bind_null (stmt, 11, error)) &&
         salve_stmt_bind_text (stmt, 12,
                               salve_diary_phase_to_id (salve_diary_entry_get_session_phase (entry)),
                               error) &&
         salve_stmt_bind_int64 (stmt, 13, salve_diary_entry_get_new_weakness (entry) ? 1 : 0, error) &&
         salve_stmt_bind_int64 (stmt, 14, salve_diary_entry_get_numbness (entry) ? 1 : 0, error) &&
         bind_optional_rating (stmt, 15, salve_diary_entry_get_stress (entry), error);
}

static gboolean
insert_row (SalveDb          *db,
            SalveDiaryEntry  *entry,
            gint64            id,
            GError          **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  /* ?16 NULL lets SQLite pick the next id; restore passes the old one. */
  stmt = salve_db_prepare (db,
                           "INSERT INTO diary_entries (profile_id, at, at_unix, pain, region, fatigue,"
                           " sleep_quality, activities, note, success, session_id, session_phase,"
                           " new_weakness, numbness, stress, id)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                           error);
  if (stmt == NULL ||
      !bind_fields (stmt, entry, error) ||
      !(id > 0 ? salve_stmt_bind_int64 (stmt, 16, id, error)
               : salve_stmt_bind_null (stmt, 16, error)) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  salve_diary_entry_set_id (entry, salve_db_last_insert_id (db));
  return write_activities (db, entry, error);
}

/* @as_recorded: an entry written back as it was (Undo, a rating kept
 * while the database was busy), not checked against the present. */
static gboolean
insert (SalveDb          *db,
        SalveDiaryEntry  *entry,
        gint64            id,
        gboolean          as_recorded,
        GError          **error)
{
  gboolean outermost;
  gint64 old_id;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (entry), FALSE);

  if (!(as_recorded ? salve_diary_entry_validate_stored (entry, error) : salve_diary_entry_validate (entry, error)))
    return FALSE;

  old_id = salve_diary_entry_get_id (entry);
  if (!salve_db_savepoint_begin (db, "diary_entry", &outermost, error))
    return FALSE;
  if (!salve_db_savepoint_end (db, "diary_entry", outermost, insert_row (db, entry, id, error), error))
    {
      salve_diary_entry_set_id (entry, old_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
salve_diary_repo_add (SalveDb          *db,
                      SalveDiaryEntry  *entry,
                      GError          **error)
{
  return insert (db, entry, 0, FALSE, error);
}

gboolean
salve_diary_repo_add_recorded (SalveDb          *db,
                               SalveDiaryEntry  *entry,
                               GError          **error)
{
  return insert (db, entry, 0, TRUE, error);
}

gboolean
salve_diary_repo_restore (SalveDb          *db,
                          SalveDiaryEntry  *entry,
                          GError          **error)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (entry), FALSE);
  g_return_val_if_fail (salve_diary_entry_get_id (entry) > 0, FALSE);

  return insert (db, entry, salve_diary_entry_get_id (entry), TRUE, error);
}

static gboolean
not_found (gint64   id,
           GError **error)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
               _("There is no diary entry with number %s."), number);
  return FALSE;
}

/* Numbness an edit notes on entry @id, which had none: the checklist's
 * last answer about reduced sensation did not see it, though the entry
 * is older than the answer. The answer then counts as given before the
 * entry (its last_entry_id below @id), as the numbness stop reads it. */
static gboolean
unsee_numbness (SalveDb  *db,
                gint64    id,
                GError  **error)
{
  g_autoptr(SalveStmt) stmt = salve_db_prepare (db,
                                                "UPDATE profile_conditions SET last_entry_id = ?1 - 1"
                                                " WHERE condition = ?2 AND last_entry_id >= ?1 AND profile_id ="
                                                " (SELECT profile_id FROM diary_entries WHERE id = ?1 AND numbness = 0)",
                                                error);

  return stmt != NULL &&
         salve_stmt_bind_int64 (stmt, 1, id, error) &&
         salve_stmt_bind_text (stmt, 2, salve_condition_to_id (SALVE_CONDITION_REDUCED_SENSATION), error) &&
         salve_stmt_run (stmt, error);
}

gboolean
salve_diary_repo_update (SalveDb          *db,
                         SalveDiaryEntry  *entry,
                         GError          **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  gboolean outermost;
  gboolean ok;
  gint64 id;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (entry), FALSE);

  if (!salve_diary_entry_validate (entry, error))
    return FALSE;

  id = salve_diary_entry_get_id (entry);
  /* The import's duplicate key was computed from the old values: cleared,
   * the next import computes it again from the new ones (backfill_keys in
   * salve-importer.c), and the entry's own export stays a duplicate. */
  stmt = salve_db_prepare (db,
                           "UPDATE diary_entries SET profile_id = ?1, at = ?2, at_unix = ?3, pain = ?4,"
                           " region = ?5, fatigue = ?6, sleep_quality = ?7, activities = ?8, note = ?9,"
                           " success = ?10, session_id = ?11, session_phase = ?12, new_weakness = ?13,"
                           " numbness = ?14, stress = ?15, dedupe_key = NULL"
                           " WHERE id = ?16",
                           error);
  if (stmt == NULL || !salve_db_savepoint_begin (db, "diary_entry", &outermost, error))
    return FALSE;
  ok = (!salve_diary_entry_get_numbness (entry) || unsee_numbness (db, id, error)) &&
       bind_fields (stmt, entry, error) &&
       salve_stmt_bind_int64 (stmt, 16, id, error) &&
       salve_stmt_run (stmt, error);
  if (ok && salve_db_changes (db) == 0)
    ok = not_found (id, error);
  ok = ok && write_activities (db, entry, error);

  return salve_db_savepoint_end (db, "diary_entry", outermost, ok, error);
}

gboolean
salve_diary_repo_delete (SalveDb  *db,
                         gint64    id,
                         GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);

  stmt = salve_db_prepare (db, "DELETE FROM diary_entries WHERE id = ?1", error);
  if (stmt == NULL ||
      !salve_stmt_bind_int64 (stmt, 1, id, error) ||
      !salve_stmt_run (stmt, error))
    return FALSE;

  if (salve_db_changes (db) == 0)
    return not_found (id, error);

  return TRUE;
}

SalveDiaryEntry *
salve_diary_repo_get (SalveDb  *db,
                      gint64    id,
                      GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db, "SELECT " ENTRY_COLUMNS " FROM diary_entries WHERE id = ?1", error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, id, error))
    return NULL;

  if (salve_stmt_step (stmt, &local_error))
    {
      g_autoptr(SalveDiaryEntry) entry = entry_from_row (stmt);
      g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autoptr(SalveStmt) activities = NULL;

      g_hash_table_insert (by_id, &id, entry);
      activities = salve_db_prepare (db, "SELECT entry_id, activity, minutes FROM diary_activities"
                                         " WHERE entry_id = ?1", error);
      if (activities == NULL ||
          !salve_stmt_bind_int64 (activities, 1, id, error) ||
          !load_activities (activities, by_id, error))
        return NULL;
      return g_steal_pointer (&entry);
    }

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    not_found (id, error);

  return NULL;
}

/* The entries of the range in the order @sql gives, at most @limit of
 * them; @sql ends in "LIMIT ?4", and a @limit of -1 is no limit. */
static GPtrArray *
list_entries (SalveDb     *db,
              const char  *sql,
              gint64       profile_id,
              gint64       from_unix,
              gint64       to_unix,
              gint64       limit,
              const gint64 *fifth,
              GError     **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) local_error = NULL;

  /* ?4 the limit; ?5, when given, @fifth (a region's code, an id). */
  stmt = _salve_db_prepare_range (db, sql, profile_id, from_unix, to_unix, error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 4, limit, error) ||
      (fifth != NULL && !salve_stmt_bind_int64 (stmt, 5, *fifth, error)))
    return NULL;

  entries = g_ptr_array_new_with_free_func (g_object_unref);
  while (salve_stmt_step (stmt, &local_error))
    g_ptr_array_add (entries, entry_from_row (stmt));

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (entries->len > 0)
    {
      g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), entries->len);
      g_autoptr(SalveStmt) activities = NULL;
      gint64 first = G_MAXINT64, last = G_MININT64;

      /* One query for the span the entries cover, not the whole range:
       * the latest 100 of a million read the activities of about 100.
       * The ids live in @ids while the table points at them. */
      for (guint i = 0; i < entries->len; i++)
        {
          SalveDiaryEntry *entry = g_ptr_array_index (entries, i);
          gint64 entry_id = salve_diary_entry_get_id (entry);

          g_array_append_val (ids, entry_id);
          first = MIN (first, salve_diary_entry_get_at_unix (entry));
          last = MAX (last, salve_diary_entry_get_at_unix (entry));
        }
      from_unix = MAX (from_unix, first);
      to_unix = MIN (to_unix, last + 1);
      for (guint i = 0; i < entries->len; i++)
        g_hash_table_insert (by_id, &g_array_index (ids, gint64, i), g_ptr_array_index (entries, i));

      activities = _salve_db_prepare_range (db,
                                  "SELECT a.entry_id, a.activity, a.minutes FROM diary_activities a"
                                  " JOIN diary_entries d ON d.id = a.entry_id"
                                  " WHERE d.profile_id = ?1 AND d.at_unix >= ?2 AND d.at_unix < ?3",
                                  profile_id, from_unix, to_unix, error);
      if (activities == NULL || !load_activities (activities, by_id, error))
        return NULL;
    }

  return g_steal_pointer (&entries);
}

#define RANGE_QUERY \
  "SELECT " ENTRY_COLUMNS " FROM diary_entries" \
  " WHERE profile_id = ?1 AND at_unix >= ?2 AND at_unix < ?3"

GPtrArray *
salve_diary_repo_list (SalveDb  *db,
                       gint64    profile_id,
                       gint64    from_unix,
                       gint64    to_unix,
                       GError  **error)
{
  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  /* SQLite reads a negative LIMIT as no limit at all. */
  return list_entries (db, RANGE_QUERY " ORDER BY at_unix, id LIMIT ?4",
                       profile_id, from_unix, to_unix, -1, NULL, error);
}

GPtrArray *
salve_diary_repo_list_numbness (SalveDb  *db,
                                gint64    profile_id,
                                gint64    from_unix,
                                gint64    to_unix,
                                gint64    after_id,
                                GError  **error)
{
  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  /* Along the index of these entries alone (diary_entries_numbness):
   * a profile's few, however long its diary. */
  return list_entries (db,
                       "SELECT " ENTRY_COLUMNS " FROM diary_entries"
                       " WHERE profile_id = ?1 AND numbness = 1 AND at_unix < ?3"
                       " AND (at_unix >= ?2 OR id > ?5) ORDER BY at_unix, id LIMIT ?4",
                       profile_id, from_unix, to_unix, -1, &after_id, error);
}

GPtrArray *
salve_diary_repo_list_latest (SalveDb  *db,
                              gint64    profile_id,
                              gint64    from_unix,
                              gint64    to_unix,
                              guint     limit,
                              GError  **error)
{
  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  return list_entries (db, RANGE_QUERY " ORDER BY at_unix DESC, id DESC LIMIT ?4",
                       profile_id, from_unix, to_unix, limit, NULL, error);
}

GPtrArray *
salve_diary_repo_list_latest_in_region (SalveDb  *db,
                                        gint64    profile_id,
                                        gint64    from_unix,
                                        gint64    to_unix,
                                        int       region_code,
                                        guint     limit,
                                        GError  **error)
{
  gint64 code = region_code;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  /* Newest first along the (profile, time) index, until @limit match:
   * a region's latest entries, however few of the diary's they are. */
  return list_entries (db, RANGE_QUERY " AND salve_region_code(region) = ?5 ORDER BY at_unix DESC, id DESC LIMIT ?4",
                       profile_id, from_unix, to_unix, limit, &code, error);
}

static gint8
rating_or_unrated (SalveStmt *stmt,
                   int        column)
{
  if (salve_stmt_get_is_null (stmt, column))
    return SALVE_DIARY_UNRATED;
  return (gint8) salve_stmt_get_int64 (stmt, column);
}

/* A rating linked to a session that never started on its device keeps
 * its link but no phase: it is the pain of that moment, not a before or
 * an after of a treatment, so the statistics pair it with nothing. */
#define POINTS_SELECT \
  "SELECT d.id, d.at_unix, d.pain, d.fatigue, d.sleep_quality, d.success," \
  " d.session_id, CASE WHEN " SALVE_SESSION_STARTED_ON_DEVICE_SQL ("s") " THEN d.session_phase END," \
  " s.modality, d.region, d.stress" \
  " FROM diary_entries d LEFT JOIN sessions s ON s.id = d.session_id"
/* The pain around a practice session is no measurement. */
#define POINTS_NOT_PRACTICE \
  " AND (d.session_id IS NULL OR NOT " SALVE_SESSION_IS_PRACTICE_SQL ("d.session_id") ")"

static GArray *read_points (SalveStmt  *stmt,
                            GError    **error);

/* @text's YYYY-MM-DD, or @date left invalid. */
static void
parse_day (const char *text,
           GDate      *date)
{
  guint64 y, m, d;
  char parts[3][5] = { { 0 } };

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return;
  memcpy (parts[0], text, 4);
  memcpy (parts[1], text + 5, 2);
  memcpy (parts[2], text + 8, 2);
  if (g_ascii_string_to_unsigned (parts[0], 10, 1, 9999, &y, NULL) &&
      g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &m, NULL) &&
      g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &d, NULL) &&
      g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

GArray *
salve_diary_repo_list_points (SalveDb  *db,
                              gint64    profile_id,
                              gint64    from_unix,
                              gint64    to_unix,
                              GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  /* The index diary_entries_profile_time serves both the range and the
   * order; the join only touches the few rows that have a session. */
  stmt = _salve_db_prepare_range (db,
                        POINTS_SELECT
                        " WHERE d.profile_id = ?1 AND d.at_unix >= ?2 AND d.at_unix < ?3"
                        POINTS_NOT_PRACTICE
                        " ORDER BY d.at_unix, d.id",
                        profile_id, from_unix, to_unix, error);
  if (stmt == NULL)
    return NULL;

  return read_points (stmt, error);
}

GArray *
salve_diary_repo_list_points_by_id (SalveDb  *db,
                                    gint64    profile_id,
                                    gint64    id,
                                    GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db,
                           POINTS_SELECT
                           " WHERE d.id = ?1 AND d.profile_id = ?2"
                           POINTS_NOT_PRACTICE,
                           error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, id, error) ||
      !salve_stmt_bind_int64 (stmt, 2, profile_id, error))
    return NULL;

  return read_points (stmt, error);
}

GArray *
salve_diary_repo_list_session_points (SalveDb  *db,
                                      gint64    profile_id,
                                      GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  /* The partial index diary_entries_with_session holds only these. */
  stmt = _salve_db_prepare_range (db,
                        POINTS_SELECT
                        " WHERE d.profile_id = ?1 AND d.at_unix >= ?2 AND d.at_unix < ?3"
                        " AND d.session_id IS NOT NULL"
                        POINTS_NOT_PRACTICE
                        " ORDER BY d.at_unix, d.id",
                        profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN, SALVE_DIARY_REPO_ANY_TIME_MAX, error);
  if (stmt == NULL)
    return NULL;

  return read_points (stmt, error);
}

GArray *
salve_diary_repo_list_day_counts (SalveDb  *db,
                                  gint64    profile_id,
                                  GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = salve_db_prepare (db,
                           "SELECT day, region, first_unix, last_unix,"
                           " n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10"
                           " FROM diary_days WHERE profile_id = ?1 ORDER BY day, region",
                           error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return NULL;

  counts = g_array_new (FALSE, TRUE, sizeof (SalveDiaryDayCount));
  while (salve_stmt_step (stmt, &local_error))
    {
      SalveDiaryDayCount count = { 0 };

      parse_day (salve_stmt_get_text (stmt, 0), &count.date);
      count.region = salve_body_region_to_code (salve_stmt_get_text (stmt, 1));
      count.first_unix = salve_stmt_get_int64 (stmt, 2);
      count.last_unix = salve_stmt_get_int64 (stmt, 3);
      for (int pain = 0; pain <= 10; pain++)
        count.n_pain[pain] = (guint32) salve_stmt_get_int64 (stmt, 4 + pain);
      g_array_append_val (counts, count);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&counts);
}

SalveDiaryStats *
salve_diary_repo_compute_stats (SalveDb      *db,
                                gint64        profile_id,
                                GTimeZone    *tz,
                                const GDate  *plan_start,
                                GError      **error)
{
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GArray) sessions = NULL;
  g_autoptr(GArray) points = NULL;
  SalveDiaryStats *stats;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);
  g_return_val_if_fail (plan_start == NULL || g_date_valid (plan_start), NULL);

  counts = salve_diary_repo_list_day_counts (db, profile_id, error);
  if (counts == NULL)
    return NULL;
  sessions = salve_diary_repo_list_session_points (db, profile_id, error);
  if (sessions == NULL)
    return NULL;
  stats = salve_diary_stats_compute_from_counts ((const SalveDiaryDayCount *) (gpointer) counts->data, counts->len,
                                                 (const SalveDiaryPoint *) (gpointer) sessions->data,
                                                 sessions->len, tz, NULL, plan_start);
  if (stats != NULL)
    return stats;

  /* Entries written in another time zone: only the points can tell. */
  points = salve_diary_repo_list_points (db, profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                         SALVE_DIARY_REPO_ANY_TIME_MAX, error);
  if (points == NULL)
    return NULL;
  if (plan_start != NULL)
    return salve_diary_stats_compute_for_plan ((const SalveDiaryPoint *) (gpointer) points->data, points->len, tz,
                                               plan_start);
  return salve_diary_stats_compute ((const SalveDiaryPoint *) (gpointer) points->data, points->len, tz, NULL);
}

static GArray *
read_points (SalveStmt  *stmt,
             GError    **error)
{
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) local_error = NULL;

  points = g_array_new (FALSE, TRUE, sizeof (SalveDiaryPoint));
  while (salve_stmt_step (stmt, &local_error))
    {
      SalveDiaryPoint point = { 0 };
      SalveDiaryPhase phase = SALVE_DIARY_PHASE_NONE;
      SalveModality modality;

      point.id = salve_stmt_get_int64 (stmt, 0);
      point.at_unix = salve_stmt_get_int64 (stmt, 1);
      point.pain = (gint8) salve_stmt_get_int64 (stmt, 2);
      point.fatigue = rating_or_unrated (stmt, 3);
      point.sleep_quality = rating_or_unrated (stmt, 4);
      point.success = salve_stmt_get_int64 (stmt, 5) != 0;
      point.session_id = salve_stmt_get_int64 (stmt, 6);
      salve_diary_phase_from_id (salve_stmt_get_text (stmt, 7), &phase);
      point.phase = (gint8) phase;
      point.modality = salve_modality_from_id (salve_stmt_get_text (stmt, 8), &modality)
        ? (gint8) modality : -1;
      point.region = (gint8) salve_body_region_to_code (salve_stmt_get_text (stmt, 9));
      point.stress = rating_or_unrated (stmt, 10);
      g_array_append_val (points, point);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&points);
}

gint64
salve_diary_repo_count (SalveDb  *db,
                        gint64    profile_id,
                        GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), -1);

  stmt = salve_db_prepare (db, "SELECT count(*) FROM diary_entries WHERE profile_id = ?1", error);
  if (stmt == NULL || !salve_stmt_bind_int64 (stmt, 1, profile_id, error))
    return -1;

  if (salve_stmt_step (stmt, &local_error))
    return salve_stmt_get_int64 (stmt, 0);

  g_propagate_error (error, g_steal_pointer (&local_error));
  return -1;
}

GArray *
salve_diary_repo_list_session_marks (SalveDb  *db,
                                     gint64    profile_id,
                                     gint64    from_unix,
                                     gint64    to_unix,
                                     GError  **error)
{
  g_autoptr(SalveStmt) stmt = NULL;
  g_autoptr(GArray) marks = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  stmt = _salve_db_prepare_range (db,
                        "SELECT started_unix, modality FROM sessions"
                        " WHERE profile_id = ?1 AND started_unix >= ?2 AND started_unix < ?3"
                        " AND outcome != 'planned' AND " SALVE_SESSION_STARTED_ON_DEVICE_SQL ("sessions")
                        " AND NOT " SALVE_SESSION_IS_PRACTICE_SQL ("sessions.id")
                        " ORDER BY started_unix, id",
                        profile_id, from_unix, to_unix, error);
  if (stmt == NULL)
    return NULL;

  marks = g_array_new (FALSE, TRUE, sizeof (SalveSessionMark));
  while (salve_stmt_step (stmt, &local_error))
    {
      SalveSessionMark mark = { salve_stmt_get_int64 (stmt, 0), 0 };
      SalveModality modality;

      if (!salve_modality_from_id (salve_stmt_get_text (stmt, 1), &modality))
        continue;
      mark.modality = modality;
      g_array_append_val (marks, mark);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&marks);
}

/* ---- bulk writes ----------------------------------------------------------
 *
 * Speed comes from statements prepared once and bound with SQLITE_STATIC
 * pointers (no copy, no allocation per row), SALVE_DIARY_BULK_GROUP rows
 * per INSERT, and a duplicate check that costs one seek in the (profile,
 * time) index the diary needs anyway. A group of rows whose time span no
 * stored row falls in skips even that seek. Diaries come in time order,
 * so the index's hot pages stay few.
 */

#define ROW_VALUES 13
/* A row with nothing but its time, pain, region, note and key (most rows
 * of most files): the other columns keep their defaults. */
#define PLAIN_ROW_VALUES 6
/* Ten characters of UTF-8 ("2026-03-29" in ten bytes). */
#define DAY_BYTES   40
/* Regions one day's entries wait in before they are merged. */
#define DAY_BUCKETS 16
/* Buckets merged by one statement. */
#define MERGE_ROWS  64

/* One diary_days row's worth of new entries. */
typedef struct
{
  char    day[DAY_BYTES];
  gsize   day_len;
  char   *region;
  gsize   region_len;
  gint64  first_unix;
  gint64  last_unix;
  gint64  n[11];
} DayCount;

struct _SalveDiaryBulk
{
  SalveDb      *db;
  sqlite3      *handle;
  gint64        profile_id;
  gint64        import_id;
  sqlite3_stmt *insert;
  sqlite3_stmt *insert_group;   /* prepared at the first full group */
  sqlite3_stmt *insert_plain;   /* the same, of plain rows */
  sqlite3_stmt *probe;
  sqlite3_stmt *probe_range;
  sqlite3_stmt *keep_hot;
  sqlite3_stmt *link;
  sqlite3_stmt *link_by_period;
  sqlite3_stmt *add_activity;   /* prepared at the first activity */
  /* Daily aggregates (see the v12 migration): while @paused, the insert
   * trigger is down and leaves the new entries alone and the writer counts
   * them itself, one day at a time: @day's buckets (one per region) wait
   * in @counts until an entry of another day comes, then in @pending
   * until MERGE_ROWS of them are merged into diary_days by one
   * @merge_many (or the rest, one by one, by @merge_counts). */
  gboolean      paused;
  char         *insert_trigger;   /* its CREATE, while dropped */
  sqlite3_stmt *merge_counts;
  sqlite3_stmt *merge_many;
  char          day[DAY_BYTES];
  gsize         day_len;
  DayCount      counts[DAY_BUCKETS];
  guint         n_counts;
  DayCount      pending[MERGE_ROWS];
  guint         n_pending;
  /* The span of the profile's instants before the bulk write (empty:
   * lo > hi). A group outside it cannot meet a row it could be a
   * duplicate of, so it needs no lookup. */
  gint64        stored_lo;
  gint64        stored_hi;
};

static gboolean
bulk_check (SalveDiaryBulk  *self,
            int              rc,
            GError         **error)
{
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  _salve_db_set_error (self->db, rc, error);
  return FALSE;
}

static gboolean
bulk_prepare (SalveDiaryBulk  *self,
              const char      *sql,
              sqlite3_stmt   **stmt,
              GError         **error)
{
  /* PERSISTENT: kept for the whole write, so SQLite need not fit it
   * into its lookaside memory. */
  return bulk_check (self, sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL),
                     error);
}

/* INSERT of @n_rows rows at once: one statement step instead of @n_rows
 * saves most of SQLite's per-statement work. The profile and the import
 * are written into the statement and the values are plain "?" in row
 * order: numbered parameters cost SQLite a search each while preparing.
 * OR FAIL: with the default ABORT, a multi-row INSERT inside a transaction
 * keeps a statement journal (every page it touches copied to a temporary
 * file first) to undo its own rows on a constraint error. A failed row
 * fails the whole write, which the caller rolls back, so that undo is
 * never needed. @plain: only the columns of a plain row (is_plain_row()),
 * about a seventh less work for SQLite per row. */
static gboolean
prepare_insert (SalveDiaryBulk  *self,
                guint            n_rows,
                gboolean         plain,
                sqlite3_stmt   **stmt,
                GError         **error)
{
  g_autoptr(GString) sql = g_string_sized_new (160 + n_rows * 64);
  g_autoptr(GString) fixed = g_string_new (NULL);
  guint n_values = plain ? PLAIN_ROW_VALUES : ROW_VALUES;

  /* One "?" per value the binder binds: the count lives in one place. */
  g_string_printf (fixed, "(%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT, self->profile_id, self->import_id);
  for (guint v = 0; v < n_values; v++)
    g_string_append (fixed, ", ?");
  g_string_append_c (fixed, ')');

  if (plain)
    g_string_append (sql, "INSERT OR FAIL INTO diary_entries (profile_id, import_id, at, at_unix, pain, region, "
                          "note, dedupe_key) VALUES ");
  else
    g_string_append (sql, "INSERT OR FAIL INTO diary_entries (profile_id, import_id, at, at_unix, pain, region, "
                          "fatigue, sleep_quality, activities, note, success, new_weakness, numbness, "
                          "dedupe_key, stress) VALUES ");
  for (guint k = 0; k < n_rows; k++)
    {
      if (k > 0)
        g_string_append (sql, ", ");
      g_string_append_len (sql, fixed->str, fixed->len);
    }

  return bulk_prepare (self, sql->str, stmt, error);
}

/* Runs one statement of @sql with @a bound to ?1; @value (may be NULL)
 * gets the first column of its row. */
static gboolean
bulk_run (SalveDiaryBulk  *self,
          const char      *sql,
          gint64           a,
          gint64          *value,
          GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL);
  if (!bulk_check (self, rc, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && value != NULL)
    *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return bulk_check (self, rc, error);
}

/* The insert trigger's upsert (see the v12 and v14 migrations), for
 * @n_rows whole buckets at once (rows of the same key one after the
 * other add up as the trigger's would). */
static gboolean
prepare_merge (SalveDiaryBulk  *self,
               guint            n_rows,
               sqlite3_stmt   **stmt,
               GError         **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO diary_days (profile_id, day, region, first_unix, last_unix,"
                                         " n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10) VALUES ");
  g_autofree char *fixed = g_strdup_printf ("(%" G_GINT64_FORMAT ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                            self->profile_id);

  for (guint k = 0; k < n_rows; k++)
    {
      if (k > 0)
        g_string_append (sql, ", ");
      g_string_append (sql, fixed);
    }
  g_string_append (sql,
                   " ON CONFLICT (profile_id, day, region) DO UPDATE SET"
                   "  first_unix = min(first_unix, excluded.first_unix), last_unix = max(last_unix, excluded.last_unix),"
                   "  n0 = n0 + excluded.n0, n1 = n1 + excluded.n1, n2 = n2 + excluded.n2, n3 = n3 + excluded.n3,"
                   "  n4 = n4 + excluded.n4, n5 = n5 + excluded.n5, n6 = n6 + excluded.n6, n7 = n7 + excluded.n7,"
                   "  n8 = n8 + excluded.n8, n9 = n9 + excluded.n9, n10 = n10 + excluded.n10");

  return bulk_prepare (self, sql->str, stmt, error);
}

/* Leaves the daily aggregates of the new entries to the writer
 * (count_row() and add_up_day_counts()): the insert trigger is dropped for
 * the write and created again from its own text in sqlite_schema by
 * salve_diary_bulk_finish(), both in the caller's transaction, so no
 * other connection ever sees the diary without it, and a rollback (or a
 * crash) brings it back with everything else. Without it SQLite also
 * skips the trigger's program for every row, about a sixth of a bulk
 * write's CPU time. Outside a transaction each statement would commit on
 * its own, the trigger's absence with it: a bulk write there is refused. */
static gboolean
pause_day_counts (SalveDiaryBulk  *self,
                  GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_get_autocommit (self->handle))
    {
      g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_FAILED,
                           "A bulk write of the diary must run inside a transaction");
      return FALSE;
    }
  if (!prepare_merge (self, 1, &self->merge_counts, error) ||
      !bulk_check (self, sqlite3_prepare_v2 (self->handle,
                                             "SELECT sql FROM sqlite_schema WHERE type = 'trigger' "
                                             "AND name = 'diary_days_insert'", -1, &stmt, NULL), error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    self->insert_trigger = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (!bulk_check (self, rc, error))
    return FALSE;
  if (self->insert_trigger != NULL &&
      !bulk_check (self, sqlite3_exec (self->handle, "DROP TRIGGER diary_days_insert", NULL, NULL, NULL), error))
    return FALSE;

  self->paused = TRUE;
  return TRUE;
}

static void
bind_day_count (sqlite3_stmt   *stmt,
                int             base,
                const DayCount *count)
{
  sqlite3_bind_text (stmt, base, count->day, (int) count->day_len, SQLITE_STATIC);
  sqlite3_bind_text (stmt, base + 1, count->region, (int) count->region_len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, base + 2, count->first_unix);
  sqlite3_bind_int64 (stmt, base + 3, count->last_unix);
  for (int pain = 0; pain <= 10; pain++)
    sqlite3_bind_int64 (stmt, base + 4 + pain, count->n[pain]);
}

/* Merges the pending buckets into diary_days: MERGE_ROWS by one
 * statement, or, with @all, the rest one by one too. */
static gboolean
merge_pending (SalveDiaryBulk  *self,
               gboolean         all,
               GError         **error)
{
  int rc = SQLITE_DONE;

  if (self->n_pending == MERGE_ROWS)
    {
      if (self->merge_many == NULL && !prepare_merge (self, MERGE_ROWS, &self->merge_many, error))
        return FALSE;
      for (guint i = 0; i < MERGE_ROWS; i++)
        bind_day_count (self->merge_many, 1 + 15 * i, &self->pending[i]);
      rc = sqlite3_step (self->merge_many);
      sqlite3_reset (self->merge_many);
    }
  else if (all)
    {
      for (guint i = 0; i < self->n_pending && rc == SQLITE_DONE; i++)
        {
          bind_day_count (self->merge_counts, 1, &self->pending[i]);
          rc = sqlite3_step (self->merge_counts);
          sqlite3_reset (self->merge_counts);
        }
    }
  else
    return TRUE;

  for (guint i = 0; i < self->n_pending; i++)
    g_free (self->pending[i].region);
  self->n_pending = 0;

  return bulk_check (self, rc, error);
}

/* The current day's buckets are complete: they join the pending ones. */
static gboolean
close_day (SalveDiaryBulk  *self,
           GError         **error)
{
  for (guint i = 0; i < self->n_counts; i++)
    {
      if (self->n_pending == MERGE_ROWS && !merge_pending (self, FALSE, error))
        return FALSE;
      self->pending[self->n_pending] = self->counts[i];
      memcpy (self->pending[self->n_pending].day, self->day, self->day_len);
      self->pending[self->n_pending].day_len = self->day_len;
      self->counts[i].region = NULL;
      self->n_pending++;
    }
  self->n_counts = 0;

  return self->n_pending < MERGE_ROWS || merge_pending (self, FALSE, error);
}

/* Merges every waiting bucket into diary_days, so that the aggregates
 * agree with the entries again. */
static gboolean
add_up_day_counts (SalveDiaryBulk  *self,
                   GError         **error)
{
  if (!self->paused)
    return TRUE;

  return close_day (self, error) && merge_pending (self, TRUE, error);
}

/* Counts an inserted entry into its bucket: the insert trigger's day
 * (substr(at, 1, 10): the date in the entry's own offset) and region. */
static gboolean
count_row (SalveDiaryBulk          *self,
           const SalveDiaryBulkRow *row,
           GError                 **error)
{
  const char *end = row->at;
  gsize at_len = row->at_len >= 0 ? (gsize) row->at_len : strlen (row->at);
  gsize region_len = row->region_len >= 0 ? (gsize) row->region_len : strlen (row->region);
  gsize day_len;
  DayCount *count = NULL;

  if (!self->paused)
    return TRUE;

  /* Ten characters, as SQLite's substr() counts them. */
  for (int c = 0; c < 10 && end < row->at + at_len; c++)
    end = g_utf8_next_char (end);
  day_len = MIN ((gsize) (end - row->at), at_len);

  /* Another day: the buckets of the last one are complete (should that
   * day come again, its buckets are merged again). */
  if (self->n_counts > 0 && (self->day_len != day_len || memcmp (self->day, row->at, day_len) != 0) &&
      !close_day (self, error))
    return FALSE;
  if (self->n_counts == 0)
    {
      memcpy (self->day, row->at, day_len);
      self->day_len = day_len;
    }

  for (guint i = 0; i < self->n_counts && count == NULL; i++)
    if (self->counts[i].region_len == region_len && memcmp (self->counts[i].region, row->region, region_len) == 0)
      count = &self->counts[i];
  if (count == NULL)
    {
      /* A day of many regions: the bucket of one of them may come twice. */
      if (self->n_counts == DAY_BUCKETS && !close_day (self, error))
        return FALSE;
      if (self->n_counts == 0)
        {
          memcpy (self->day, row->at, day_len);
          self->day_len = day_len;
        }
      count = &self->counts[self->n_counts++];
      memset (count, 0, sizeof *count);
      count->region = g_strndup (row->region, region_len);
      count->region_len = region_len;
      count->first_unix = row->at_unix;
      count->last_unix = row->at_unix;
    }

  count->first_unix = MIN (count->first_unix, row->at_unix);
  count->last_unix = MAX (count->last_unix, row->at_unix);
  if (row->pain >= 0 && row->pain <= 10)
    count->n[row->pain]++;
  return TRUE;
}

SalveDiaryBulk *
salve_diary_bulk_new (SalveDb  *db,
                      gint64    profile_id,
                      gint64    import_id,
                      GError  **error)
{
  g_autoptr(SalveDiaryBulk) self = g_new0 (SalveDiaryBulk, 1);
  sqlite3_stmt *span = NULL;
  int rc;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  self->db = g_object_ref (db);
  self->handle = _salve_db_get_handle (db);
  self->profile_id = profile_id;
  self->import_id = import_id;

  self->stored_lo = G_MAXINT64;
  self->stored_hi = G_MININT64;
  if (!bulk_prepare (self, "SELECT MIN(at_unix), MAX(at_unix) FROM diary_entries WHERE profile_id = ?1",
                     &span, error))
    return NULL;
  sqlite3_bind_int64 (span, 1, profile_id);
  rc = sqlite3_step (span);
  if (rc == SQLITE_ROW && sqlite3_column_type (span, 0) != SQLITE_NULL)
    {
      self->stored_lo = sqlite3_column_int64 (span, 0);
      self->stored_hi = sqlite3_column_int64 (span, 1);
    }
  sqlite3_finalize (span);
  if (!bulk_check (self, rc, error))
    return NULL;

  if (!pause_day_counts (self, error))
    return NULL;

  if (!prepare_insert (self, 1, FALSE, &self->insert, error) ||
      !bulk_prepare (self,
                     "SELECT 1 FROM diary_entries WHERE profile_id = ?1 AND at_unix = ?2 AND dedupe_key IN (?3, ?5) "
                     "AND import_id IS NOT ?4", &self->probe, error) ||
      !bulk_prepare (self,
                     "SELECT at_unix, dedupe_key FROM diary_entries WHERE profile_id = ?1 "
                     "AND at_unix BETWEEN ?2 AND ?3 AND import_id IS NOT ?4", &self->probe_range, error) ||
      !bulk_prepare (self,
                     "SELECT (SELECT max(id) FROM diary_entries), "
                     "  (SELECT max(at_unix) FROM diary_entries WHERE profile_id = ?1)", &self->keep_hot, error))
    return NULL;

  sqlite3_bind_int64 (self->probe, 1, profile_id);
  sqlite3_bind_int64 (self->probe, 4, import_id);
  sqlite3_bind_int64 (self->probe_range, 1, profile_id);
  sqlite3_bind_int64 (self->probe_range, 4, import_id);
  sqlite3_bind_int64 (self->keep_hot, 1, profile_id);

  return g_steal_pointer (&self);
}

void
salve_diary_bulk_free (SalveDiaryBulk *self)
{
  if (self == NULL)
    return;

  /* Still paused: the aggregates are added up now, unless the write was
   * rolled back (which brought the insert trigger back, or never saw it
   * go). Either way the trigger outlives the write. */
  if (self->paused)
    {
      g_autoptr(GError) error = NULL;
      gint64 dropped = 0;

      if (self->insert_trigger != NULL &&
          !bulk_run (self, "SELECT count(*) = 0 FROM sqlite_schema WHERE type = 'trigger' "
                     "AND name = 'diary_days_insert'", 0, &dropped, &error))
        g_warning ("Could not add up the diary's daily counts: %s", error->message);
      else if ((dropped || (self->insert_trigger == NULL && !sqlite3_get_autocommit (self->handle))) &&
               !salve_diary_bulk_finish (self, &error))
        g_warning ("Could not add up the diary's daily counts: %s", error->message);
    }

  for (guint i = 0; i < self->n_counts; i++)
    g_free (self->counts[i].region);
  for (guint i = 0; i < self->n_pending; i++)
    g_free (self->pending[i].region);
  g_free (self->insert_trigger);
  sqlite3_finalize (self->merge_counts);
  sqlite3_finalize (self->merge_many);
  sqlite3_finalize (self->insert);
  sqlite3_finalize (self->insert_group);
  sqlite3_finalize (self->insert_plain);
  sqlite3_finalize (self->probe);
  sqlite3_finalize (self->probe_range);
  sqlite3_finalize (self->keep_hot);
  sqlite3_finalize (self->link);
  sqlite3_finalize (self->link_by_period);
  sqlite3_finalize (self->add_activity);
  g_clear_object (&self->db);
  g_free (self);
}

static void
bind_rating (sqlite3_stmt *stmt,
             int           param,
             int           value)
{
  if (value < 0)
    sqlite3_bind_null (stmt, param);
  else
    sqlite3_bind_int (stmt, param, value);
}

/* Whether @row has only the values of a plain row: no other rating, no
 * activities, no success and no warning sign. */
static gboolean
is_plain_row (const SalveDiaryBulkRow *row)
{
  return row->fatigue < 0 && row->sleep_quality < 0 && row->stress < 0 &&
         row->activities[0] == '\0' && !row->success && !row->new_weakness && !row->numbness;
}

/* The four values every row begins with, in prepare_insert()'s order,
 * plain or not: when, its instant, pain and region. */
static void
bind_row_start (sqlite3_stmt            *stmt,
                int                      base,
                const SalveDiaryBulkRow *row)
{
  sqlite3_bind_text (stmt, base, row->at, row->at_len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, base + 1, row->at_unix);
  sqlite3_bind_int (stmt, base + 2, row->pain);
  sqlite3_bind_text (stmt, base + 3, row->region, row->region_len, SQLITE_STATIC);
}

/* A plain row's PLAIN_ROW_VALUES values from parameter @base on, in
 * prepare_insert()'s order. */
static void
bind_plain_row (sqlite3_stmt            *stmt,
                int                      base,
                const SalveDiaryBulkRow *row)
{
  bind_row_start (stmt, base, row);
  sqlite3_bind_text (stmt, base + 4, row->note, row->note_len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, base + 5, row->dedupe_key);
}

/* A row's ROW_VALUES values from parameter @base on, in
 * prepare_insert()'s order. */
static void
bind_bulk_row (sqlite3_stmt            *stmt,
               int                      base,
               const SalveDiaryBulkRow *row)
{
  bind_row_start (stmt, base, row);
  bind_rating (stmt, base + 4, row->fatigue);
  bind_rating (stmt, base + 5, row->sleep_quality);
  sqlite3_bind_text (stmt, base + 6, row->activities, row->activities_len, SQLITE_STATIC);
  sqlite3_bind_text (stmt, base + 7, row->note, row->note_len, SQLITE_STATIC);
  sqlite3_bind_int (stmt, base + 8, row->success ? 1 : 0);
  sqlite3_bind_int (stmt, base + 9, row->new_weakness ? 1 : 0);
  sqlite3_bind_int (stmt, base + 10, row->numbness ? 1 : 0);
  sqlite3_bind_int64 (stmt, base + 11, row->dedupe_key);
  bind_rating (stmt, base + 12, row->stress);
}

/* The row's other key for the duplicate check: its own when it has none. */
static gint64
typed_key (const SalveDiaryBulkRow *row)
{
  return row->typed_key != 0 ? row->typed_key : row->dedupe_key;
}

gboolean
salve_diary_bulk_add (SalveDiaryBulk           *self,
                      const SalveDiaryBulkRow  *row,
                      gboolean                 *inserted,
                      gint64                   *id,
                      GError                  **error)
{
  gint64 entry_id;
  int rc;

  g_return_val_if_fail (self != NULL && row != NULL && inserted != NULL, FALSE);

  *inserted = FALSE;
  sqlite3_bind_int64 (self->probe, 2, row->at_unix);
  sqlite3_bind_int64 (self->probe, 3, row->dedupe_key);
  sqlite3_bind_int64 (self->probe, 5, typed_key (row));
  rc = sqlite3_step (self->probe);
  sqlite3_reset (self->probe);
  if (!bulk_check (self, rc, error))
    return FALSE;
  if (rc == SQLITE_ROW)
    return TRUE;

  bind_bulk_row (self->insert, 1, row);
  rc = sqlite3_step (self->insert);
  sqlite3_reset (self->insert);
  if (!bulk_check (self, rc, error))
    return FALSE;

  *inserted = TRUE;
  entry_id = sqlite3_last_insert_rowid (self->handle);
  if (!count_row (self, row, error))
    return FALSE;
  if (id != NULL)
    *id = entry_id;

  if (row->n_activity_minutes > 0 && self->add_activity == NULL &&
      !bulk_prepare (self, "INSERT INTO diary_activities (entry_id, activity, minutes) VALUES (?1, ?2, ?3)",
                     &self->add_activity, error))
    return FALSE;
  for (guint i = 0; i < row->n_activity_minutes; i++)
    {
      sqlite3_bind_int64 (self->add_activity, 1, entry_id);
      sqlite3_bind_text (self->add_activity, 2, row->activity_minutes[i].id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (self->add_activity, 3, row->activity_minutes[i].minutes);
      rc = sqlite3_step (self->add_activity);
      sqlite3_reset (self->add_activity);
      if (!bulk_check (self, rc, error))
        return FALSE;
    }

  return TRUE;
}

/* TRUE when no row of the group was stored before: then it goes in as one
 * statement. A diary is written in time order, so one range query over the
 * group's span usually answers for all of its rows. */
static gboolean
group_is_new (SalveDiaryBulk          *self,
              const SalveDiaryBulkRow *rows,
              gboolean                *is_new,
              GError                 **error)
{
  gint64 lo = G_MAXINT64;
  gint64 hi = G_MININT64;
  gboolean clash = FALSE;
  int rc = SQLITE_DONE;

  for (guint k = 0; k < SALVE_DIARY_BULK_GROUP; k++)
    {
      lo = MIN (lo, rows[k].at_unix);
      hi = MAX (hi, rows[k].at_unix);
    }

  /* A new diary, or one that goes on where the last import stopped,
   * never needs the lookup below. */
  *is_new = TRUE;
  if (!(self->stored_lo <= hi && lo <= self->stored_hi))
    return TRUE;

  /* A group out of time order: checking row by row is cheaper. */
  *is_new = FALSE;
  if (hi - lo > 31 * 24 * 3600)
    return TRUE;

  sqlite3_bind_int64 (self->probe_range, 2, lo);
  sqlite3_bind_int64 (self->probe_range, 3, hi);
  while (!clash && (rc = sqlite3_step (self->probe_range)) == SQLITE_ROW)
    {
      gint64 at = sqlite3_column_int64 (self->probe_range, 0);
      gint64 key = sqlite3_column_int64 (self->probe_range, 1);

      if (sqlite3_column_type (self->probe_range, 1) == SQLITE_NULL)
        continue;
      for (guint k = 0; k < SALVE_DIARY_BULK_GROUP && !clash; k++)
        clash = rows[k].at_unix == at && (rows[k].dedupe_key == key || typed_key (&rows[k]) == key);
    }
  sqlite3_reset (self->probe_range);
  if (!clash && !bulk_check (self, rc, error))
    return FALSE;

  *is_new = !clash;
  return TRUE;
}

gboolean
salve_diary_bulk_add_group (SalveDiaryBulk           *self,
                            const SalveDiaryBulkRow  *rows,
                            guint64                  *n_inserted,
                            guint64                  *n_duplicates,
                            GError                  **error)
{
  gboolean is_new = FALSE;
  gboolean plain = TRUE;
  sqlite3_stmt **slot;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (self != NULL && rows != NULL, FALSE);

  if (!group_is_new (self, rows, &is_new, error))
    return FALSE;
  /* Activity minutes need their row's id: such a group goes row by row. */
  for (guint k = 0; k < SALVE_DIARY_BULK_GROUP && is_new; k++)
    is_new = rows[k].n_activity_minutes == 0;

  if (!is_new)
    {
      for (guint k = 0; k < SALVE_DIARY_BULK_GROUP; k++)
        {
          gboolean inserted = FALSE;

          if (!salve_diary_bulk_add (self, &rows[k], &inserted, NULL, error))
            return FALSE;
          if (inserted)
            (*n_inserted)++;
          else
            (*n_duplicates)++;
        }
      return TRUE;
    }

  /* Most groups are all plain rows: less to bind and to copy. */
  for (guint k = 0; k < SALVE_DIARY_BULK_GROUP && plain; k++)
    plain = is_plain_row (&rows[k]);

  slot = plain ? &self->insert_plain : &self->insert_group;
  if (*slot == NULL && !prepare_insert (self, SALVE_DIARY_BULK_GROUP, plain, slot, error))
    return FALSE;
  stmt = *slot;
  for (guint k = 0; k < SALVE_DIARY_BULK_GROUP; k++)
    {
      if (plain)
        bind_plain_row (stmt, 1 + PLAIN_ROW_VALUES * k, &rows[k]);
      else
        bind_bulk_row (stmt, 1 + ROW_VALUES * k, &rows[k]);
    }

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (!bulk_check (self, rc, error))
    return FALSE;

  /* OR FAIL and no unique index the group could meet: the statement
   * either fails or adds every row. */
  *n_inserted += sqlite3_changes (self->handle);
  for (guint k = 0; k < SALVE_DIARY_BULK_GROUP; k++)
    if (!count_row (self, &rows[k], error))
      return FALSE;
  return TRUE;
}

gboolean
salve_diary_bulk_link_session (SalveDiaryBulk   *self,
                               gint64            entry_id,
                               gint64            session_id,
                               SalveDiaryPhase   phase,
                               GError          **error)
{
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);

  /* The update triggers move counts that must be there first. */
  if (!add_up_day_counts (self, error))
    return FALSE;

  if (self->link == NULL &&
      !bulk_prepare (self, "UPDATE diary_entries SET session_id = ?1, session_phase = ?2 WHERE id = ?3",
                     &self->link, error))
    return FALSE;

  sqlite3_bind_int64 (self->link, 1, session_id);
  sqlite3_bind_text (self->link, 2, salve_diary_phase_to_id (phase), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (self->link, 3, entry_id);
  rc = sqlite3_step (self->link);
  sqlite3_reset (self->link);

  return bulk_check (self, rc, error);
}

gboolean
salve_diary_bulk_link_by_period (SalveDiaryBulk  *self,
                                 const char      *at,
                                 const char      *pain,
                                 const char      *session_start,
                                 const char      *session_end,
                                 const char      *phase,
                                 GError         **error)
{
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (session_start != NULL || session_end != NULL, FALSE);

  if (!add_up_day_counts (self, error))
    return FALSE;

  /* A session that never started has no start: its end tells it. */
  if (self->link_by_period == NULL &&
      !bulk_prepare (self,
                     "WITH chosen AS (SELECT id FROM sessions WHERE profile_id = ?1"
                     "                AND (started_at = ?3 OR (?3 IS NULL AND started_at IS NULL AND ended_at = ?6))"
                     "                ORDER BY id DESC LIMIT 1)"
                     " UPDATE diary_entries SET session_phase = ?4, session_id = (SELECT id FROM chosen)"
                     " WHERE profile_id = ?1 AND at = ?2 AND pain = ?5 AND session_id IS NULL"
                     " AND EXISTS (SELECT 1 FROM chosen)",
                     &self->link_by_period, error))
    return FALSE;

  sqlite3_bind_int64 (self->link_by_period, 1, self->profile_id);
  sqlite3_bind_text (self->link_by_period, 2, at ? at : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (self->link_by_period, 3, session_start, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->link_by_period, 4, phase, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->link_by_period, 5, pain ? pain : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (self->link_by_period, 6, session_end, -1, SQLITE_STATIC);
  rc = sqlite3_step (self->link_by_period);
  sqlite3_reset (self->link_by_period);

  return bulk_check (self, rc, error);
}

gboolean
salve_diary_bulk_finish (SalveDiaryBulk  *self,
                         GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->paused)
    return TRUE;
  if (!add_up_day_counts (self, error))
    return FALSE;
  if (self->insert_trigger != NULL &&
      !bulk_check (self, sqlite3_exec (self->handle, self->insert_trigger, NULL, NULL, NULL), error))
    return FALSE;

  g_clear_pointer (&self->insert_trigger, g_free);
  self->paused = FALSE;
  return TRUE;
}

/* SQLite writes dirty pages to the log before the commit when its cache
 * is full, least recently used first. A page written so and changed again
 * is written over in place, and then the commit reads the whole log back
 * from that page's frame on to checksum it anew: for a page written early
 * (the roots of the diary's table and index), that is the whole log.
 * Reading those pages now and then keeps them recently used, so they stay
 * in the cache until the commit writes them once. */
void
salve_diary_bulk_keep_hot (SalveDiaryBulk *self)
{
  g_return_if_fail (self != NULL);

  while (sqlite3_step (self->keep_hot) == SQLITE_ROW)
    ;
  sqlite3_reset (self->keep_hot);
}

typedef struct
{
  SalveDiaryKeyFunc func;
  gpointer          user_data;
} DiaryKeyClosure;

static gint64
diary_row_key (SalveStmt *stmt,
               gpointer   user_data)
{
  DiaryKeyClosure *closure = user_data;
  SalveDiaryBulkRow row = {
    .at = salve_stmt_get_text (stmt, 1),
    .at_len = -1,
    .at_unix = salve_stmt_get_int64 (stmt, 9),
    .pain = salve_stmt_get_int64 (stmt, 2),
    .region = salve_stmt_get_text (stmt, 3),
    .region_len = -1,
    .fatigue = salve_stmt_get_is_null (stmt, 4) ? -1 : salve_stmt_get_int64 (stmt, 4),
    .sleep_quality = salve_stmt_get_is_null (stmt, 5) ? -1 : salve_stmt_get_int64 (stmt, 5),
    .stress = salve_stmt_get_is_null (stmt, 10) ? -1 : salve_stmt_get_int64 (stmt, 10),
    .activities = salve_stmt_get_text (stmt, 6),
    .activities_len = -1,
    .success = salve_stmt_get_int64 (stmt, 7) != 0,
    .note = salve_stmt_get_text (stmt, 8),
    .note_len = -1,
  };

  return closure->func (&row, closure->user_data);
}

gboolean
salve_diary_repo_fill_keys (SalveDb            *db,
                            gint64              profile_id,
                            SalveDiaryKeyFunc   func,
                            gpointer            user_data,
                            GError            **error)
{
  DiaryKeyClosure closure = { func, user_data };

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return _salve_db_fill_keys (db,
                              "SELECT id, at, pain, region, fatigue, sleep_quality, activities, success, note, "
                              "at_unix, stress FROM diary_entries WHERE profile_id = ?1 AND dedupe_key IS NULL",
                              profile_id, diary_row_key, &closure,
                              "UPDATE diary_entries SET dedupe_key = ?1 WHERE id = ?2", error);
}
