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
#include "salve-session.h"
#include "salve-session-runner.h"
#include "salve-stimulator.h"

G_BEGIN_DECLS

/* One device a session can run on: a registered device, the simulated
 * stimulator, or "another device" of a modality, which Salve only times. */
typedef struct
{
  SalveDevice   *device;     /* NULL for the simulated stimulator and "other" rows */
  SalveModality  modality;
  char          *name;
  gboolean       simulated;
} SalveSessionChoice;

#define SALVE_TYPE_SESSION_STATE (salve_session_state_get_type ())

G_DECLARE_FINAL_TYPE (SalveSessionState, salve_session_state, SALVE, SESSION_STATE, GObject)

/* The steps read and write one session through this object; none of them
 * decides a ceiling, a rules input or a finding. Properties that notify:
 * "choice", "preset", "site", "findings", "can-start", "runner". */
SalveSessionState         *salve_session_state_new          (SalveDb            *db,
                                                             SalveProfile       *profile);
SalveDb                   *salve_session_state_get_db       (SalveSessionState  *self);
SalveProfile              *salve_session_state_get_profile  (SalveSessionState  *self);
const SalveProfileAnswers *salve_session_state_get_answers  (SalveSessionState  *self);

/* The devices to choose from (SalveSessionChoice), and the chosen one. */
GPtrArray                 *salve_session_state_get_choices  (SalveSessionState  *self);
const SalveSessionChoice  *salve_session_state_get_choice   (SalveSessionState  *self);
void                       salve_session_state_set_choice   (SalveSessionState  *self,
                                                             const SalveSessionChoice *choice);
/* Salve talks to it (a serial device or the simulator), or only times it. */
gboolean                   salve_session_choice_is_connected (const SalveSessionChoice *choice);
SalveModality              salve_session_state_get_modality (SalveSessionState  *self);

/* The built-in and saved programs of the chosen modality (SalvePreset). */
GPtrArray                 *salve_session_state_list_programs (SalveSessionState *self);
/* Takes a copy of @program (NULL for none) that the plan's fields edit. */
void                       salve_session_state_set_program  (SalveSessionState  *self,
                                                             SalvePreset        *program);
SalvePreset               *salve_session_state_get_preset   (SalveSessionState  *self);
void                       salve_session_state_set_param    (SalveSessionState  *self,
                                                             const char         *key,
                                                             double              value);

/* SALVE_N_SITES while none is chosen. */
SalveSite                  salve_session_state_get_site     (SalveSessionState  *self);
void                       salve_session_state_set_site     (SalveSessionState  *self,
                                                             SalveSite           site);

/* The safety check of the plan as it stands; findings that say the same
 * as before keep their acknowledgement. */
void                       salve_session_state_check        (SalveSessionState  *self);
GPtrArray                 *salve_session_state_get_findings (SalveSessionState  *self);
void                       salve_session_state_set_acknowledged (SalveSessionState *self,
                                                             gboolean            acknowledged);
gboolean                   salve_session_state_get_can_start (SalveSessionState *self);
/* The plan for the rules and the device: @plan is initialised here and
 * cleared by the caller with salve_plan_clear(). */
void                       salve_session_state_build_plan   (SalveSessionState  *self,
                                                             SalvePlan          *plan);
/* The highest intensity (mA) this person may have on this device, or NAN. */
double                     salve_session_state_get_intensity_ceiling (SalveSessionState *self);
/* What the runner may raise the output to, in the modality's unit, or NAN. */
double                     salve_session_state_get_output_limit (SalveSessionState *self);
/* With reduced (or unknown) sensation a burn may go unnoticed. */
gboolean                   salve_session_state_wants_skin_check (SalveSessionState *self);

/* What the person said: SALVE_PAIN_UNSET until rated. */
int                        salve_session_state_get_pain_before (SalveSessionState *self);
void                       salve_session_state_set_pain_before (SalveSessionState *self,
                                                             int                 pain);
int                        salve_session_state_get_pain_after (SalveSessionState *self);
void                       salve_session_state_set_pain_after (SalveSessionState *self,
                                                             int                 pain);
void                       salve_session_state_set_after    (SalveSessionState  *self,
                                                             const char * const *side_effects,
                                                             const char         *skin_check,
                                                             const char         *note);
const char * const        *salve_session_state_get_side_effects (SalveSessionState *self);
const char                *salve_session_state_get_skin_check (SalveSessionState *self);
const char                *salve_session_state_get_note     (SalveSessionState  *self);

/* The session once started, what runs it, and the device it talks to. */
SalveSession              *salve_session_state_get_session  (SalveSessionState  *self);
void                       salve_session_state_set_session  (SalveSessionState  *self,
                                                             SalveSession       *session);
SalveSessionRunner        *salve_session_state_get_runner   (SalveSessionState  *self);
void                       salve_session_state_set_runner   (SalveSessionState  *self,
                                                             SalveSessionRunner *runner);
SalveStimulator           *salve_session_state_get_stimulator (SalveSessionState *self);
void                       salve_session_state_set_stimulator (SalveSessionState *self,
                                                             SalveStimulator    *stimulator);

G_END_DECLS
