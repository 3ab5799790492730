/* salve-test-lock.c: another program that holds a database's write lock
 *
 *   salve-test-lock DB [MS]
 *
 * Takes the write lock (BEGIN IMMEDIATE), prints "locked" and holds it
 * until a line (or the end) comes on stdin, or for MS milliseconds when
 * given, then commits and exits.
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sqlite3.h>

int
main (int   argc,
      char *argv[])
{
  struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
  sqlite3 *db = NULL;
  int hold_ms = -1;
  int rc;

  if (argc < 2 || argc > 3)
    {
      fprintf (stderr, "usage: salve-test-lock DB [MS]\n");
      return 2;
    }
  if (argc == 3)
    hold_ms = atoi (argv[2]);

  rc = sqlite3_open_v2 (argv[1], &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 10000);
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

  rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  return rc == SQLITE_OK ? 0 : 1;
}
