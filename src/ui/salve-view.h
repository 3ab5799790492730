/* salve-view.h: what every main-window view is told
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "salve-db.h"
#include "salve-profile.h"

G_BEGIN_DECLS

#define SALVE_TYPE_VIEW (salve_view_get_type ())

G_DECLARE_INTERFACE (SalveView, salve_view, SALVE, VIEW, GtkWidget)

struct _SalveViewInterface
{
  GTypeInterface parent_iface;

  /* @db is NULL until the database is open (it opens after the first
   * frame); @profile is NULL while there is no profile. Called again
   * whenever either changes. */
  void (*set_context) (SalveView    *self,
                       SalveDb      *db,
                       SalveProfile *profile);
};

void salve_view_set_context (SalveView    *self,
                             SalveDb      *db,
                             SalveProfile *profile);

G_END_DECLS
