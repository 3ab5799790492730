/* salve-safe-output-stream.h: every file Salve writes, whole or not at all
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SALVE_TYPE_SAFE_OUTPUT_STREAM (salve_safe_output_stream_get_type ())

G_DECLARE_FINAL_TYPE (SalveSafeOutputStream, salve_safe_output_stream, SALVE, SAFE_OUTPUT_STREAM, GOutputStream)

/* Writes go to a new temporary file beside @file, readable by its owner
 * only (0600, whatever the umask and whatever mode an old @file had),
 * without a name until the commit where the file system allows it (so
 * that even a kill -9 leaves nothing behind).
 * Only commit() puts it in @file's place; closing or dropping the stream
 * without a commit, after a failed write or a cancel, removes the
 * temporary file and leaves an existing @file as it was. Errors are
 * G_IO_ERROR; a full disk says "The disk is full", a file size limit
 * (SIGXFSZ ignored, as Salve's programs do) "file too large". @file must
 * be local. */
GOutputStream *salve_safe_output_stream_new    (GFile                  *file,
                                                GError                **error);
/* Flushes to the disk, then renames the temporary file over the target
 * and closes the stream. Fails, discarding the file, if a write failed
 * before. */
gboolean       salve_safe_output_stream_commit (SalveSafeOutputStream  *self,
                                                GCancellable           *cancellable,
                                                GError                **error);
/* The friendly reason for a failed write or create: the disk is full, a
 * file size limit, or strerror(). */
const char    *salve_safe_file_describe_errno  (int                     errsv);

/* Removes the temporary files of the streams not yet committed or closed.
 * Async-signal-safe. */
void           salve_safe_output_stream_remove_pending    (void);
/* Makes SIGINT, SIGTERM and SIGHUP remove them before the program ends
 * as those signals end it (one the shell ignores stays ignored): for a
 * command-line program; a later handler of its own replaces this one. */
void           salve_safe_output_stream_remove_on_signals (void);

G_END_DECLS
