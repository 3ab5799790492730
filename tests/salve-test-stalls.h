/* salve-test-stalls.h: the window's everyday actions on a long diary,
 * with the longest stall of the GTK thread each caused
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the ui suite (a generous bound) and bench/run responsiveness
 * (one frame, 16 ms).
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes a database at @path: a profile "Anna" with @n_entries diary
 * entries ending now (SQL, not the app: a million take seconds), and
 * @n_patients - 1 more patients with a short diary each. */
void    salve_test_stalls_make_db (const char *path,
                                   guint       n_entries,
                                   guint       n_patients);

typedef struct
{
  const char *action;
  double      max_ms;   /* the longest stall of the GTK thread */
  double      cpu_ms;   /* its own CPU time in its longest gap */
} SalveTestStall;

/* Opens the window on @db (made by salve_test_stalls_make_db()) on a
 * short diary with the stall probe on, and in turn: opens the long diary
 * (another patient's), switches views, changes
 * the range, adds, edits and deletes an entry, opens Patients. Each
 * action runs until everything it started has reached the window.
 * Element type SalveTestStall, in that order. GTK must be initialised. */
GArray *salve_test_stalls_run     (const char *db);

G_END_DECLS
