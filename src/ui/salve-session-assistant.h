/* salve-session-assistant.h: a guided session, from plan to diary
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "salve-db.h"
#include "salve-profile.h"
#include "salve-session.h"

G_BEGIN_DECLS

#define SALVE_TYPE_SESSION_ASSISTANT (salve_session_assistant_get_type ())

G_DECLARE_FINAL_TYPE (SalveSessionAssistant, salve_session_assistant, SALVE, SESSION_ASSISTANT, AdwWindow)

/* Steps: device and program, treatment site (with the safety check),
 * preparation, pain before, the session, and the questions after it. */
SalveSessionAssistant *salve_session_assistant_new          (GtkWindow             *parent,
                                                             SalveDb               *db,
                                                             SalveProfile          *profile);
/* The visible step: "device", "site", "prepare", "pain-before", "run", "after". */
const char            *salve_session_assistant_get_step     (SalveSessionAssistant *self);
/* The session being run, once it was started; NULL before. */
SalveSession          *salve_session_assistant_get_session  (SalveSessionAssistant *self);
/* TRUE when saving the session put broken skin into the checklist (see
 * salve_treatment_get_marked_skin()), with where in @site. */
gboolean               salve_session_assistant_get_marked_skin (SalveSessionAssistant *self,
                                                                SalveSite             *site);

/* Signal "session-saved" (gint64 session_id): the session ended and was
 * stored with its answers; views showing sessions or the diary reload. */

G_END_DECLS
