/* salve-test-util.h: helpers shared by the test suites
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fresh temporary folder; removed with everything in it by
 * salve_test_remove_tree(). */
char *salve_test_make_tmpdir (void);
void  salve_test_remove_tree (const char *path);

/* Runs $SALVECTL with the NULL-terminated arguments (no shell) and returns
 * its exit code; stdout and stderr are captured when asked for. */
int   salve_test_run_salvectl (char       **out,
                               char       **err,
                               const char  *first_arg,
                               ...) G_GNUC_NULL_TERMINATED;
int   salve_test_run_salvectlv (char       **out,
                                char       **err,
                                const char * const *args);

/* TRUE while process @pid has a file open for writing in @dir that has
 * no name there yet (a file Salve writes whole, before its commit). */
gboolean salve_test_writes_unnamed (GPid        pid,
                                    const char *dir);

/* Overwrites LEN bytes at OFFSET with BYTE, as a failing disk would. */
void  salve_test_damage_file (const char *path,
                              goffset     offset,
                              gsize       len,
                              guint8      byte);
/* Writes VERSION into the SQLite header's user_version field, as a newer
 * Salve would have left it. */
void  salve_test_set_file_user_version (const char *path,
                                        guint32     version);

/* Another program ($SALVE_TEST_LOCK) takes the database's write lock and
 * holds it until released, or for @hold_ms when that is not negative.
 * Returns once the lock is taken. */
typedef struct _SalveTestLock SalveTestLock;

SalveTestLock *salve_test_lock_take    (const char    *db_path,
                                        int            hold_ms);
/* The same as salvectl importing with the database to itself: on a
 * rollback journal, holding it so that nobody can even read it. */
SalveTestLock *salve_test_lock_take_alone (const char *db_path);
/* Releases the lock (if still held) and waits for the program to end. */
void           salve_test_lock_release (SalveTestLock *lock);

G_END_DECLS
