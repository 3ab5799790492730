/* salve-profile.h: one person whose sessions and diary Salve keeps
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SALVE_TYPE_PROFILE (salve_profile_get_type ())

G_DECLARE_FINAL_TYPE (SalveProfile, salve_profile, SALVE, PROFILE, GObject)

SalveProfile *salve_profile_new            (gint64        id,
                                            const char   *name,
                                            const char   *created_at);
gint64        salve_profile_get_id         (SalveProfile *self);
const char   *salve_profile_get_name       (SalveProfile *self);
const char   *salve_profile_get_display_name (SalveProfile *self);
const char   *salve_profile_get_created_at (SalveProfile *self);

/* Names are what people type on the command line and see in the
 * patient list, so they must be visible and of sensible length: no
 * control characters, no bidirectional controls. */
gboolean      salve_profile_name_is_valid  (const char   *name,
                                            GError      **error);
/* The form two names are compared in: Unicode-normalised (NFKC) and case
 * folded, so "É1" and "é1" are the same name. */
char         *salve_profile_name_fold      (const char   *name);

/* The longest name salve_profile_name_is_valid() takes, in characters. */
#define SALVE_PROFILE_NAME_MAX_CHARS 120

#define SALVE_PROFILE_ERROR (salve_profile_error_quark ())

typedef enum
{
  SALVE_PROFILE_ERROR_INVALID_NAME,
} SalveProfileError;

GQuark salve_profile_error_quark (void);

char         *salve_text_make_visible      (const char   *text);

G_END_DECLS
