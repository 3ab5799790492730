/* salve-session-steps.h: the steps of the session assistant
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-session-step.h"

G_BEGIN_DECLS

/* Each is a SalveSessionStep with its own template, in the order a
 * session goes: where it hurts (or Repeat Last), the device and program
 * that fit it with the safety check, preparation, pain before, the
 * session itself, and the questions after. */

#define SALVE_TYPE_SESSION_STEP_SITE (salve_session_step_site_get_type ())
G_DECLARE_FINAL_TYPE (SalveSessionStepSite, salve_session_step_site, SALVE, SESSION_STEP_SITE, GtkWidget)

#define SALVE_TYPE_SESSION_STEP_DEVICE (salve_session_step_device_get_type ())
G_DECLARE_FINAL_TYPE (SalveSessionStepDevice, salve_session_step_device, SALVE, SESSION_STEP_DEVICE, GtkWidget)

#define SALVE_TYPE_SESSION_STEP_PREPARE (salve_session_step_prepare_get_type ())
G_DECLARE_FINAL_TYPE (SalveSessionStepPrepare, salve_session_step_prepare, SALVE, SESSION_STEP_PREPARE, GtkWidget)

#define SALVE_TYPE_SESSION_STEP_PAIN (salve_session_step_pain_get_type ())
G_DECLARE_FINAL_TYPE (SalveSessionStepPain, salve_session_step_pain, SALVE, SESSION_STEP_PAIN, GtkWidget)

#define SALVE_TYPE_SESSION_STEP_RUN (salve_session_step_run_get_type ())
G_DECLARE_FINAL_TYPE (SalveSessionStepRun, salve_session_step_run, SALVE, SESSION_STEP_RUN, GtkWidget)

/* The run step follows the treatment by itself; after a pause or an
 * intensity change made from outside it, show the runner as it is now. */
void salve_session_step_run_update         (SalveSessionStepRun *self);
/* Shows that the computer is kept awake while the session runs. */
void salve_session_step_run_set_inhibiting (SalveSessionStepRun *self,
                                            gboolean             inhibiting);

#define SALVE_TYPE_SESSION_STEP_AFTER (salve_session_step_after_get_type ())
G_DECLARE_FINAL_TYPE (SalveSessionStepAfter, salve_session_step_after, SALVE, SESSION_STEP_AFTER, GtkWidget)

/* Shows the outcome again: the treatment stored (or was refused) a write.
 * While a write waits for a busy database the outcome says the session
 * is not saved yet, and when the database refused one, why. */
void salve_session_step_after_update      (SalveSessionStepAfter *self);
/* TRUE when something was answered or typed that Save would store. */
gboolean salve_session_step_after_has_answers (SalveSessionStepAfter *self);

G_END_DECLS
