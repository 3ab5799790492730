/* salve-sha256.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The block function follows Intel's SHA extensions reference flow: two
 * rounds per sha256rnds2, the message schedule with sha256msg1/msg2. The
 * padding is FIPS 180-4's. Without the instructions GChecksum does it all.
 */

#define G_LOG_DOMAIN "salve-sha256"

#include "config.h"

#include <string.h>

#include "salve-sha256.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_SHA_NI_CODE 1
#include <cpuid.h>
#include <immintrin.h>
#endif

#ifdef HAVE_SHA_NI_CODE

static const guint32 k256[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static gboolean
cpu_has_sha (void)
{
  static gsize once = 0;
  static gboolean has;

  if (g_once_init_enter (&once))
    {
      unsigned int a, b, c, d;
      gboolean sse41 = FALSE, ssse3 = FALSE, sha = FALSE;

      if (__get_cpuid (1, &a, &b, &c, &d))
        {
          ssse3 = (c & bit_SSSE3) != 0;
          sse41 = (c & bit_SSE4_1) != 0;
        }
      if (__get_cpuid_count (7, 0, &a, &b, &c, &d))
        sha = (b & (1u << 29)) != 0;
      has = sse41 && ssse3 && sha;
      g_once_init_leave (&once, 1);
    }

  return has;
}

__attribute__((target ("sha,sse4.1,ssse3")))
static void
blocks_sha_ni (guint32      state[8],
               const guchar *data,
               gsize         n_blocks)
{
  const __m128i mask = _mm_set_epi64x (0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i state0, state1, tmp, msg;
  __m128i m[4];

  tmp = _mm_loadu_si128 ((const void *) &state[0]);
  state1 = _mm_loadu_si128 ((const void *) &state[4]);
  tmp = _mm_shuffle_epi32 (tmp, 0xB1);              /* CDAB */
  state1 = _mm_shuffle_epi32 (state1, 0x1B);        /* EFGH */
  state0 = _mm_alignr_epi8 (tmp, state1, 8);        /* ABEF */
  state1 = _mm_blend_epi16 (state1, tmp, 0xF0);     /* CDGH */

  for (; n_blocks > 0; n_blocks--, data += 64)
    {
      __m128i abef = state0;
      __m128i cdgh = state1;

      /* Sixteen groups of four rounds; m[] holds the message words of
       * the last four groups, each new group made from them. */
      for (guint g = 0; g < 16; g++)
        {
          if (g < 4)
            m[g] = _mm_shuffle_epi8 (_mm_loadu_si128 ((const void *) (data + 16 * g)), mask);

          msg = _mm_add_epi32 (m[g % 4], _mm_loadu_si128 ((const void *) &k256[4 * g]));
          state1 = _mm_sha256rnds2_epu32 (state1, state0, msg);
          if (g >= 3 && g <= 14)
            {
              tmp = _mm_alignr_epi8 (m[g % 4], m[(g + 3) % 4], 4);
              m[(g + 1) % 4] = _mm_add_epi32 (m[(g + 1) % 4], tmp);
              m[(g + 1) % 4] = _mm_sha256msg2_epu32 (m[(g + 1) % 4], m[g % 4]);
            }
          msg = _mm_shuffle_epi32 (msg, 0x0E);
          state0 = _mm_sha256rnds2_epu32 (state0, state1, msg);
          if (g >= 1 && g <= 12)
            m[(g + 3) % 4] = _mm_sha256msg1_epu32 (m[(g + 3) % 4], m[g % 4]);
        }

      state0 = _mm_add_epi32 (state0, abef);
      state1 = _mm_add_epi32 (state1, cdgh);
    }

  tmp = _mm_shuffle_epi32 (state0, 0x1B);           /* FEBA */
  state1 = _mm_shuffle_epi32 (state1, 0xB1);        /* DCHG */
  state0 = _mm_blend_epi16 (tmp, state1, 0xF0);     /* DCBA */
  state1 = _mm_alignr_epi8 (state1, tmp, 8);        /* HGFE */
  _mm_storeu_si128 ((void *) &state[0], state0);
  _mm_storeu_si128 ((void *) &state[4], state1);
}

#endif

void
salve_sha256_init (SalveSha256 *self)
{
  static const guint32 initial[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  };

  memset (self, 0, sizeof *self);
  memcpy (self->state, initial, sizeof initial);

#ifdef HAVE_SHA_NI_CODE
  if (cpu_has_sha ())
    return;
#endif
  self->fallback = g_checksum_new (G_CHECKSUM_SHA256);
}

void
salve_sha256_update (SalveSha256  *self,
                     const guchar *data,
                     gsize         len)
{
  if (self->fallback != NULL)
    {
      g_checksum_update (self->fallback, data, len);
      return;
    }

#ifdef HAVE_SHA_NI_CODE
  self->length += len;

  if (self->n_block > 0)
    {
      gsize take = MIN (len, 64 - self->n_block);

      memcpy (self->block + self->n_block, data, take);
      self->n_block += take;
      data += take;
      len -= take;
      if (self->n_block < 64)
        return;
      blocks_sha_ni (self->state, self->block, 1);
      self->n_block = 0;
    }

  if (len >= 64)
    {
      blocks_sha_ni (self->state, data, len / 64);
      data += len - len % 64;
      len %= 64;
    }

  memcpy (self->block, data, len);
  self->n_block = len;
#endif
}

/* The digest so far, as lower-case hex; @self can take more bytes after. */
char *
salve_sha256_hex (const SalveSha256 *self)
{
  if (self->fallback != NULL)
    {
      /* get_string closes a checksum: ask a copy. */
      GChecksum *copy = g_checksum_copy (self->fallback);
      char *hex = g_strdup (g_checksum_get_string (copy));

      g_checksum_free (copy);
      return hex;
    }

#ifdef HAVE_SHA_NI_CODE
  {
    SalveSha256 end = *self;
    guchar tail[72] = { 0x80 };
    guint64 bits = self->length * 8;
    gsize pad = (self->n_block < 56 ? 56 : 120) - self->n_block;
    GString *hex = g_string_sized_new (64);

    for (guint i = 0; i < 8; i++)
      tail[pad + i] = (guchar) (bits >> (56 - 8 * i));
    salve_sha256_update (&end, tail, pad + 8);
    g_assert (end.n_block == 0);

    for (guint i = 0; i < 8; i++)
      g_string_append_printf (hex, "%08x", end.state[i]);
    return g_string_free (hex, FALSE);
  }
#else
  g_assert_not_reached ();
  return NULL;
#endif
}

void
salve_sha256_clear (SalveSha256 *self)
{
  g_clear_pointer (&self->fallback, g_checksum_free);
}
