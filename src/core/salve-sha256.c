/* salve-sha256.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A thin layer over nettle's SHA-256, which picks the CPU's SHA
 * instructions at run time where it has them.
 */

#define G_LOG_DOMAIN "salve-sha256"

#include "config.h"

#include <string.h>

#include "salve-sha256.h"

void
salve_sha256_init (SalveSha256 *self)
{
  sha256_init (&self->ctx);
}

void
salve_sha256_update (SalveSha256  *self,
                     const guchar *data,
                     gsize         len)
{
  sha256_update (&self->ctx, len, data);
}

/* The digest so far, as lower-case hex; @self can take more bytes after
 * (nettle's digest resets its context, so it works on a copy). */
char *
salve_sha256_hex (const SalveSha256 *self)
{
  static const char hexdigits[] = "0123456789abcdef";
  struct sha256_ctx end = self->ctx;
  guint8 digest[SHA256_DIGEST_SIZE];
  char *hex = g_malloc (2 * SHA256_DIGEST_SIZE + 1);

  sha256_digest (&end, sizeof digest, digest);
  for (guint i = 0; i < SHA256_DIGEST_SIZE; i++)
    {
      hex[2 * i] = hexdigits[digest[i] >> 4];
      hex[2 * i + 1] = hexdigits[digest[i] & 0x0f];
    }
  hex[2 * SHA256_DIGEST_SIZE] = '\0';

  return hex;
}

void
salve_sha256_clear (SalveSha256 *self)
{
  memset (self, 0, sizeof *self);
}
