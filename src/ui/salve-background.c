/* salve-background.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "salve-background.h"

static guint n_held;

void
_salve_background_hold (void)
{
  g_atomic_int_inc (&n_held);
}

void
_salve_background_release (void)
{
  g_return_if_fail (g_atomic_int_get (&n_held) > 0);

  g_atomic_int_dec_and_test (&n_held);
}

guint
_salve_background_get_n_held (void)
{
  return g_atomic_int_get (&n_held);
}
