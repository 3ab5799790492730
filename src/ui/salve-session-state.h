/* salve-session-state.h: what the steps of a guided session share
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "salve-db.h"
#include "salve-device.h"
#include "salve-modality.h"
#include "salve-presets.h"
#include "salve-profile.h"
#include "salve-rules.h"
#include "salve-treatment.h"

G_BEGIN_DECLS

/* One device a session can run on: a registered device, the simulated
 * stimulator, or "another device" of a modality, which Salve only times. */
typedef struct
{
  SalveDevice   *device;     /* NULL for the simulated stimulator and "other" rows */
  SalveModality  modality;
  char          *name;         /* in the language of the day */
  gboolean       simulated;
} SalveSessionChoice;

#define SALVE_TYPE_SESSION_STATE (salve_session_state_get_type ())

G_DECLARE_FINAL_TYPE (SalveSessionState, salve_session_state, SALVE, SESSION_STATE, GObject)

/* The steps read and write one session through this object: the devices
 * to choose from, and the one SalveTreatment that is the session (the
 * same salvectl runs). Neither this nor any step decides a ceiling, a
 * rules input, a finding or a record: the treatment does. Properties
 * that notify: "choice", "preset", "site", "findings", "can-start". */
SalveSessionState         *salve_session_state_new          (SalveDb            *db,
                                                             SalveProfile       *profile);
SalveDb                   *salve_session_state_get_db       (SalveSessionState  *self);
SalveProfile              *salve_session_state_get_profile  (SalveSessionState  *self);
SalveTreatment            *salve_session_state_get_treatment (SalveSessionState *self);

/* The devices to choose from (SalveSessionChoice), and the chosen one:
 * its modality, device and connection go into the treatment. */
GPtrArray                 *salve_session_state_get_choices  (SalveSessionState  *self);
const SalveSessionChoice  *salve_session_state_get_choice   (SalveSessionState  *self);
void                       salve_session_state_set_choice   (SalveSessionState  *self,
                                                             const SalveSessionChoice *choice);
SalveModality              salve_session_state_get_modality (SalveSessionState  *self);
/* The device the list opens on: that of the person's latest session (a
 * treatment before practice), else the first. And that session's
 * program id (NULL when none or another device). */
const SalveSessionChoice  *salve_session_state_get_usual_choice (SalveSessionState *self);
const char                *salve_session_state_get_usual_program (SalveSessionState *self);

/* The latest completed session that was not practice, when its device
 * is still there (NULL otherwise), and that device: a registered one by
 * its id, the simulated stimulator by what does not change with the
 * language (its practice mark, or the name it had before practice was
 * marked), another device by its name. Repeating it sets
 * its program, site and values on the treatment, once its device is the
 * chosen one; the findings are worked out anew as for a choice by hand. */
SalveSession              *salve_session_state_get_last     (SalveSessionState  *self);
const SalveSessionChoice  *salve_session_state_get_last_choice (SalveSessionState *self);
void                       salve_session_state_repeat_last  (SalveSessionState  *self);

/* The program's values go into the treatment (NULL: none chosen yet); a
 * program written for a site suggests it until the person picks one. */
void                       salve_session_state_set_program  (SalveSessionState  *self,
                                                             SalvePreset        *program);
SalvePreset               *salve_session_state_get_preset   (SalveSessionState  *self);
/* The chosen modality's programs that fit the site the person chose
 * (all while none is, or the site is only a program's suggestion). Choosing a site the program does not fit changes the program
 * to the first of these. Element type SalvePreset. */
GPtrArray                 *salve_session_state_list_programs (SalveSessionState *self);

/* SALVE_N_SITES while none is chosen. */
SalveSite                  salve_session_state_get_site     (SalveSessionState  *self);
void                       salve_session_state_set_site     (SalveSessionState  *self,
                                                             SalveSite           site);

/* The treatment's findings; ticking the acknowledgement acknowledges
 * every caution in the name of the profile's person, unticking takes
 * them back. */
GPtrArray                 *salve_session_state_get_findings (SalveSessionState  *self);
void                       salve_session_state_set_acknowledged (SalveSessionState *self,
                                                             gboolean            acknowledged);
gboolean                   salve_session_state_get_can_start (SalveSessionState *self);

G_END_DECLS
