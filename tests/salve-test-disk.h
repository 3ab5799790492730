/* salve-test-disk.h: a disk that refuses writes, for the tests
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE: every write SQLite makes in this process fails with ENOSPC, as on
 * a full disk; FALSE: they work again. */
void salve_test_set_disk_full (gboolean full);

/* As salve_test_set_disk_full (TRUE), but only after @n more writes
 * succeed: a disk with room for a few pages. */
void salve_test_set_disk_full_after (guint n);

/* Counts the bytes SQLite writes in this process from now on, until
 * salve_test_count_writes_end() tells how many went into the database
 * files themselves and how many into their write-ahead logs. */
void salve_test_count_writes_begin (void);
void salve_test_count_writes_end   (guint64 *to_database,
                                    guint64 *to_log);

G_END_DECLS
