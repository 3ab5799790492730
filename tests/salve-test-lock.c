/* salve-test-lock.c: another program that holds a database's write lock
 *
 *   salve-test-lock [--alone] DB [MS]
 *
 * Takes the write lock (BEGIN IMMEDIATE), prints "locked" and holds it
 * until a line (or the end) comes on stdin, or for MS milliseconds when
 * given, then commits and exits. --alone: as salvectl imports when no
 * other program has the database open, on a rollback journal and well
 * into its write, so that nobody can read it (BEGIN EXCLUSIVE); the
 * write-ahead log comes back after the commit.
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

int
main (int   argc,
      char *argv[])
{
  struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
  sqlite3 *db = NULL;
  int hold_ms = -1;
  int alone = 0;
  int rc;

  if (argc > 1 && strcmp (argv[1], "--alone") == 0)
    {
      alone = 1;
      argc--;
      argv++;
    }
  if (argc < 2 || argc > 3)
    {
      fprintf (stderr, "usage: salve-test-lock [--alone] DB [MS]\n");
      return 2;
    }
  if (argc == 3)
    hold_ms = atoi (argv[2]);

  rc = sqlite3_open_v2 (argv[1], &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 10000);
      if (alone)
        rc = sqlite3_exec (db, "PRAGMA journal_mode=DELETE; BEGIN EXCLUSIVE", NULL, NULL, NULL);
      else
        rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      fprintf (stderr, "salve-test-lock: %s\n", sqlite3_errmsg (db));
      return 1;
    }

  printf ("locked\n");
  fflush (stdout);

  poll (&pfd, 1, hold_ms);

  rc = sqlite3_exec (db, alone ? "COMMIT; PRAGMA journal_mode=WAL" : "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  return rc == SQLITE_OK ? 0 : 1;
}
