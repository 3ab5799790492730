/* salve-sha256.h
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <nettle/sha2.h>

G_BEGIN_DECLS

/* SHA-256 as GChecksum computes it, by nettle: an import hashes every byte
 * of its file, and nettle uses the CPU's SHA instructions where it has
 * them (GLib's portable code took a tenth of the import's time). Salve
 * carries no cryptography of its own. */
typedef struct
{
  struct sha256_ctx ctx;
} SalveSha256;

void   salve_sha256_init   (SalveSha256  *self);
void   salve_sha256_update (SalveSha256  *self,
                            const guchar *data,
                            gsize         len);
char  *salve_sha256_hex    (const SalveSha256 *self);
void   salve_sha256_clear  (SalveSha256  *self);

G_END_DECLS
