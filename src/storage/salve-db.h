/* salve-db.h: the SQLite connection and statement wrapper
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SALVE_DB_ERROR (salve_db_error_quark ())

typedef enum
{
  SALVE_DB_ERROR_FAILED,
  SALVE_DB_ERROR_NOT_A_DATABASE,   /* the file is something else */
  SALVE_DB_ERROR_CORRUPT,          /* it was SQLite once, it is damaged now */
  SALVE_DB_ERROR_TOO_NEW,          /* written by a newer Salve */
  SALVE_DB_ERROR_NOT_WRITABLE,     /* folder or file cannot be written */
  SALVE_DB_ERROR_BUSY,             /* another program holds a lock */
  SALVE_DB_ERROR_CONSTRAINT,       /* a UNIQUE, CHECK or foreign key said no */
  SALVE_DB_ERROR_NOT_FOUND,        /* a repository found no such row */
  SALVE_DB_ERROR_EXISTS,           /* a repository refused a duplicate */
  SALVE_DB_ERROR_DISK_FULL,        /* no space left for the database */
  SALVE_DB_ERROR_REPLACED,         /* the file was moved, deleted or replaced
                                    * while open: nothing is written to it */
} SalveDbError;

GQuark salve_db_error_quark (void);

/* How long a statement waits for another connection's write lock before
 * it fails with SALVE_DB_ERROR_BUSY, unless set otherwise. */
#define SALVE_DB_BUSY_TIMEOUT_MS 5000

typedef struct _SalveStmt SalveStmt;

#define SALVE_TYPE_DB (salve_db_get_type ())

G_DECLARE_FINAL_TYPE (SalveDb, salve_db, SALVE, DB, GObject)

/* The path the app and salvectl use when neither --db nor SALVE_DB says
 * otherwise: $XDG_DATA_HOME/salve/salve.db. */
char       *salve_db_get_default_path (void);
/* --db wins over SALVE_DB, which wins over the default. */
char       *salve_db_resolve_path     (const char  *cli_path);

/* Opens (creating when missing) and migrates to the latest schema.
 * Never overwrites or deletes a file it cannot read as a Salve database.
 *
 * A connection writes only while its path still leads to the file it
 * opened: once that file was moved, deleted or replaced (another file
 * renamed over it), whatever it wrote would go with it, and every
 * transaction fails with SALVE_DB_ERROR_REPLACED instead: looked at with
 * one stat() at each commit (and at salve_db_begin() and an outermost
 * savepoint, so that a long transaction fails before its work). Put
 * back, the file is written again.
 * For the same reason salve_db_open(), salve_db_open_without_waiting()
 * and salve_db_open_existing() refuse with that error a path whose file
 * another connection of this process still holds after it was moved,
 * deleted or replaced: the two would share the log and index files
 * beside the path, each reading the other's pages as its own. A restore
 * (salve-backup.h) writes into the file and keeps it. */
SalveDb    *salve_db_open             (const char  *path,
                                       GError     **error);
/* As salve_db_open(), for the GTK thread: while another program holds
 * the database so that it cannot be read at all (salvectl importing
 * alone on it), fails at once with SALVE_DB_ERROR_BUSY instead of
 * waiting up to SALVE_DB_BUSY_TIMEOUT_MS at each step of the opening. */
SalveDb    *salve_db_open_without_waiting (const char  *path,
                                           GError     **error);
/* Opens without migrating; for tests that build old databases. */
SalveDb    *salve_db_open_unmigrated  (const char  *path,
                                       GError     **error);
/* Another connection to a database this program has opened with
 * salve_db_open(), for a worker thread: the file must still be there
 * (SALVE_DB_ERROR_NOT_FOUND), and is neither migrated nor swept again. */
SalveDb    *salve_db_open_existing    (const char  *path,
                                       GError     **error);
const char *salve_db_get_path         (SalveDb     *self);
int         salve_db_get_user_version (SalveDb     *self,
                                       GError     **error);

gboolean    salve_db_exec             (SalveDb     *self,
                                       const char  *sql,
                                       GError     **error);
SalveStmt  *salve_db_prepare          (SalveDb     *self,
                                       const char  *sql,
                                       GError     **error);
gboolean    salve_db_begin            (SalveDb     *self,
                                       GError     **error);
gboolean    salve_db_commit           (SalveDb     *self,
                                       GError     **error);
/* How many sessions a program that died had left running the
 * connections of this process closed as interrupted when they opened the
 * database, since the last call (another program that opened it first
 * may have closed them instead). */
guint       salve_db_take_n_closed_sessions (void);
/* Safe to call after a failed commit or with no transaction open. */
void        salve_db_rollback         (SalveDb     *self);
/* A savepoint around one change: @name is a plain SQL name. Begun outside
 * a transaction it is the transaction, and ending it commits. Ended with
 * @ok FALSE, or when ending it fails (a commit refused by a full disk or
 * a lock held elsewhere), everything since salve_db_savepoint_begin() is
 * undone and no transaction is left open: a later change never goes into
 * one that is never committed. *@outermost is for the end. */
gboolean    salve_db_savepoint_begin  (SalveDb     *self,
                                       const char  *name,
                                       gboolean    *outermost,
                                       GError     **error);
gboolean    salve_db_savepoint_end    (SalveDb     *self,
                                       const char  *name,
                                       gboolean     outermost,
                                       gboolean     ok,
                                       GError     **error);
/* How long a statement waits for a lock held elsewhere (0: not at all). */
void        salve_db_set_busy_timeout (SalveDb     *self,
                                       guint        timeout_ms);
guint       salve_db_get_busy_timeout (SalveDb     *self);
/* A number that changes when another connection (another program, or
 * another connection of this one) commits a change: compared with an
 * earlier one, whether to read again what is shown. -1 when it cannot
 * be read now. */
gint64      salve_db_get_data_version (SalveDb     *self);
gint64      salve_db_last_insert_id   (SalveDb     *self);
int         salve_db_changes          (SalveDb     *self);
/* For the storage layer only: whether @name is taken (*@taken), for
 * _salve_db_pick_free_name(). FALSE with @error when that cannot be read. */
typedef gboolean (*SalveDbNameTakenFunc) (SalveDb     *db,
                                          const char  *name,
                                          gboolean    *taken,
                                          GError     **error);
/* For the storage layer only: @name with " (2)", " (3)" … after it, the
 * first that @is_taken says is free, cut short to fit @max_chars
 * characters: the name a device or a patient brought back gets when
 * another was given theirs meanwhile. */
char       *_salve_db_pick_free_name  (SalveDb              *self,
                                       const char           *name,
                                       glong                 max_chars,
                                       SalveDbNameTakenFunc  is_taken,
                                       GError              **error);
/* For the storage layer only: a session this connection runs is held
 * (a lock the kernel drops with the process), so that another connection
 * does not take it for one a dead program left running. Best effort:
 * FALSE when locks cannot be had. */
gboolean    _salve_db_hold_session    (SalveDb     *self,
                                       gint64       session_id);
void        _salve_db_release_session (SalveDb     *self,
                                       gint64       session_id);
/* TRUE when another connection (this process or another) holds it. */
gboolean    _salve_db_session_held_elsewhere (SalveDb *self,
                                              gint64   session_id);
/* For the storage layer only: one session at a time for a person. A
 * claim is a lock of the person's (one the kernel drops with the
 * process) that no other connection, and no second claim of this one,
 * can have at the same time. FALSE when the person is claimed already;
 * TRUE without a lock when locks cannot be had at all. */
gboolean    _salve_db_claim_person    (SalveDb     *self,
                                       gint64       profile_id);
void        _salve_db_release_person  (SalveDb     *self,
                                       gint64       profile_id);
/* TRUE when this connection or another has claimed the person. */
gboolean    _salve_db_person_claimed  (SalveDb     *self,
                                       gint64       profile_id);
/* TRUE when another connection holds any session: one is running. */
gboolean    _salve_db_any_session_held_elsewhere (SalveDb *self);
/* For the storage layer's bulk writes: when no other connection has the
 * database open, it is switched from its write-ahead log to a rollback
 * journal, so that each page of a large write reaches the file once
 * instead of twice (into the log, then copied over by the checkpoint),
 * and TRUE is returned. With another connection open nothing changes
 * and FALSE is returned: never waited for. Every Salve connection holds
 * a presence lock while it is open (byte 0 of PATH.running, an open file
 * description lock that nothing else in its process can drop, unlike
 * SQLite's own), and SQLite must grant its exclusive lock too. A rollback
 * journal is as safe against a crash (the commit syncs the journal's
 * removal as well: synchronous=EXTRA meanwhile); a connection that opens
 * the database meanwhile waits for the write to end (or, without
 * waiting, is refused as busy), and any later salve_db_open() brings the
 * log back should _salve_db_end_sole_writer() not be reached. */
gboolean    _salve_db_begin_sole_writer (SalveDb   *self);
/* Back to the write-ahead log, outside a transaction. */
void        _salve_db_end_sole_writer   (SalveDb   *self);
/* While writing alone: starts the kernel writing to disk the pages a
 * transaction has written to the database file so far (a bounded page
 * cache hands them over as it goes), so that the commit's sync finds
 * most of them written. Without a sole writer it does nothing. Safe to
 * call from the thread that runs the transaction. */
void        _salve_db_write_back        (SalveDb   *self);
/* For the storage layer only: pages were written on the raw handle in a
 * way SQLite counts no row changes for (the backup API): the close then
 * empties the log into the file, as after any other write. */
void        _salve_db_note_written    (SalveDb     *self);
/* The raw sqlite3 handle, for the storage layer only (backup, tuning). */
gpointer    _salve_db_get_handle      (SalveDb     *self);
/* Whether result code @rc of a call on @handle (a raw sqlite3 handle,
 * or NULL) means a full disk: SQLITE_FULL, or an I/O error whose errno
 * says so, as a write to a journal or a WAL index reports it. For the
 * storage layer only. */
gboolean    _salve_db_handle_is_disk_full (gpointer  handle,
                                           int       rc);
/* The GError for result code @rc of a call on the raw handle, worded as
 * every SalveDb call words it; for the storage layer only. */
void        _salve_db_set_error       (SalveDb     *self,
                                       int          rc,
                                       GError     **error);
/* Gives each row of @select_sql (?1 bound to @profile_id; column 0 the
 * row's id) the key @func works out from the row, written with
 * @update_sql (?1 the key, ?2 the id). The ids and keys are read first,
 * so that the table does not change under the read. For the storage
 * layer only: the repositories' key backfill after an import. */
typedef gint64 (*SalveDbRowKeyFunc) (SalveStmt *row,
                                     gpointer   user_data);
gboolean    _salve_db_fill_keys       (SalveDb           *self,
                                       const char        *select_sql,
                                       gint64             profile_id,
                                       SalveDbRowKeyFunc  func,
                                       gpointer           user_data,
                                       const char        *update_sql,
                                       GError           **error);
/* @sql prepared with ?1 bound to @profile_id and ?2, ?3 to the range
 * [@from_unix, @to_unix): the shape of every per-profile range query of the
 * repositories; for the storage layer only. */
SalveStmt  *_salve_db_prepare_range   (SalveDb     *self,
                                       const char  *sql,
                                       gint64       profile_id,
                                       gint64       from_unix,
                                       gint64       to_unix,
                                       GError     **error);

/* Parameters count from 1, as in SQLite; columns count from 0. */
gboolean    salve_stmt_bind_int64     (SalveStmt   *stmt,
                                       int          param,
                                       gint64       value,
                                       GError     **error);
gboolean    salve_stmt_bind_double    (SalveStmt   *stmt,
                                       int          param,
                                       double       value,
                                       GError     **error);
/* NULL binds SQL NULL. The text is copied. */
gboolean    salve_stmt_bind_text      (SalveStmt   *stmt,
                                       int          param,
                                       const char  *value,
                                       GError     **error);
gboolean    salve_stmt_bind_null      (SalveStmt   *stmt,
                                       int          param,
                                       GError     **error);
/* TRUE while there is a row. FALSE when done, or on error (error set). */
gboolean    salve_stmt_step           (SalveStmt   *stmt,
                                       GError     **error);
/* Runs a statement that returns no rows. */
gboolean    salve_stmt_run            (SalveStmt   *stmt,
                                       GError     **error);
void        salve_stmt_reset          (SalveStmt   *stmt);
gint64      salve_stmt_get_int64      (SalveStmt   *stmt,
                                       int          column);
double      salve_stmt_get_double     (SalveStmt   *stmt,
                                       int          column);
/* Never NULL: SQL NULL reads as "". Use get_is_null to tell. */
const char *salve_stmt_get_text       (SalveStmt   *stmt,
                                       int          column);
gboolean    salve_stmt_get_is_null    (SalveStmt   *stmt,
                                       int          column);
void        salve_stmt_free           (SalveStmt   *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveStmt, salve_stmt_free)

G_END_DECLS
