/* salve-welcome.h: the first screen, before there is anyone to treat
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A page that offers to add the first patient: "Add Yourself" for someone
 * treating themselves, "Add a Patient" for a therapist. */
GtkWidget *salve_welcome_new (void);

G_END_DECLS
