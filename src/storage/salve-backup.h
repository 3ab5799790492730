/* salve-backup.h: copies of the database, made and restored with
 * SQLite's online backup API
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-db.h"

G_BEGIN_DECLS

#define SALVE_BACKUP_ERROR (salve_backup_error_quark ())

typedef enum
{
  SALVE_BACKUP_ERROR_FAILED,
  SALVE_BACKUP_ERROR_DAMAGED,       /* the copy or the file to restore failed its check */
  SALVE_BACKUP_ERROR_NOT_A_BACKUP,  /* the file to restore is not a Salve database */
  SALVE_BACKUP_ERROR_TOO_NEW,       /* written by a newer Salve */
} SalveBackupError;

GQuark     salve_backup_error_quark       (void);

/* How many daily and weekly automatic backups are kept. */
#define SALVE_BACKUP_KEEP_DAILY  7
#define SALVE_BACKUP_KEEP_WEEKLY 4

/* The backups folder beside the database at @db_path. */
char      *salve_backup_get_folder        (const char  *db_path);
/* salve-YYYY-MM-DD.db in @db_path's backups folder, for @when's local date. */
char      *salve_backup_get_daily_path    (const char  *db_path,
                                           GDateTime   *when);

/* Copies @db to @dest_path: into a temporary file (0600) beside it, which
 * must pass PRAGMA integrity_check before it is renamed over @dest_path.
 * An older @dest_path stays as it was when anything fails. A missing
 * folder is created 0700. */
gboolean   salve_backup_write             (SalveDb     *db,
                                           const char  *dest_path,
                                           GError     **error);
/* How many patients and diary entries the backup at @path holds, read
 * without writing a byte beside it; FALSE when it cannot be read. */
gboolean   salve_backup_count             (const char  *path,
                                           int         *n_patients,
                                           int         *n_entries);
/* Whether @path is an undamaged Salve database this version can read. */
gboolean   salve_backup_check             (const char  *path,
                                           GError     **error);

/* The daily automatic backup: when @db_path's backups folder has none
 * for @now's date yet (or, with @refresh, when the database changed after
 * it was written), makes one with its own connection, then prunes
 * the daily backups to the last SALVE_BACKUP_KEEP_DAILY and, of the older
 * ones, the newest of each of the SALVE_BACKUP_KEEP_WEEKLY latest weeks.
 * Only files named salve-YYYY-MM-DD.db are ever pruned. Returns the path
 * made in @made_path (NULL when today's existed). Safe in a thread. */
gboolean   salve_backup_run_daily         (const char  *db_path,
                                           GDateTime   *now,
                                           gboolean     refresh,
                                           char       **made_path,
                                           GError     **error);
/* The automatic pruning alone, as above, for the folder @folder. */
gboolean   salve_backup_prune             (const char  *folder,
                                           GError     **error);
/* The backups in @db_path's backups folder, newest first (paths). */
GPtrArray *salve_backup_list              (const char  *db_path,
                                           GError     **error);

/* Puts the contents of @backup_path in the database at @db_path. The
 * backup is checked first; the current database, when there is one, is
 * kept as a backup (salve-before-restore-….db in the backups folder; a
 * damaged one is moved there as it is) before anything is replaced, and
 * its path returned in @kept_path. An older backup is upgraded to the
 * current schema. Other connections to @db_path see the restored data. */
gboolean   salve_backup_restore           (const char  *db_path,
                                           const char  *backup_path,
                                           char       **kept_path,
                                           GError     **error);

/* Deletes profile @profile_id from the database at @db_path, after a
 * copy of the whole database (salve-before-delete-….db in the backups
 * folder, checked as every backup is) whose path is returned in
 * @snapshot_path: what salve_backup_undelete_profile() brings the
 * profile back from. Safe in a thread (its own connection). */
gboolean   salve_backup_delete_profile    (const char  *db_path,
                                           gint64       profile_id,
                                           char       **snapshot_path,
                                           GError     **error);
/* Puts profile @profile_id back from @snapshot_path with everything a
 * delete took with it (the rows that reach the profile through ON DELETE
 * CASCADE), in one transaction: all or nothing. A row whose id was taken
 * since gets a new one; when another patient has the name now, the one
 * brought back is called "NAME (2)" (or the next free), returned in
 * @renamed_to (may be NULL; NULL when the name was free). */
gboolean   salve_backup_undelete_profile  (const char  *db_path,
                                           const char  *snapshot_path,
                                           gint64       profile_id,
                                           char       **renamed_to,
                                           GError     **error);

G_END_DECLS
