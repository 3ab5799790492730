/* salve-view.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-view"

#include "config.h"

#include "salve-view.h"

G_DEFINE_INTERFACE (SalveView, salve_view, GTK_TYPE_WIDGET)

static void
salve_view_default_init (SalveViewInterface *iface)
{
}

void
salve_view_set_context (SalveView    *self,
                        SalveDb      *db,
                        SalveProfile *profile)
{
  g_return_if_fail (SALVE_IS_VIEW (self));

  if (SALVE_VIEW_GET_IFACE (self)->set_context)
    SALVE_VIEW_GET_IFACE (self)->set_context (self, db, profile);
}
