/* salve-sha256.h
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SHA-256 as GChecksum computes it, with the CPU's SHA instructions when
 * it has them: an import hashes every byte of its file, and GLib's
 * portable code took a tenth of the import's time. */
typedef struct
{
  guint32     state[8];
  guint64     length;
  guchar      block[64];
  guint       n_block;
  GChecksum  *fallback;
} SalveSha256;

void   salve_sha256_init   (SalveSha256  *self);
void   salve_sha256_update (SalveSha256  *self,
                            const guchar *data,
                            gsize         len);
char  *salve_sha256_hex    (const SalveSha256 *self);
void   salve_sha256_clear  (SalveSha256  *self);

G_END_DECLS
