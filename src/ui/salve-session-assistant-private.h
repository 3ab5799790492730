/* salve-session-assistant-private.h: what the assistant's files share
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-session-assistant.h"
#include "salve-session-state.h"
#include "salve-session-steps.h"
#include "salve-sleep-monitor.h"
#include "salve-toast-bar.h"

G_BEGIN_DECLS

struct _SalveSessionAssistant
{
  AdwWindow            parent_instance;

  SalveSessionState   *state;         /* and its SalveTreatment, the session */

  SalveSleepMonitor   *sleep_monitor;
  guint                inhibit_cookie;
  gboolean             saved;          /* the answers after are stored */
  gboolean             close_when_stored;
  gboolean             close_asked;
  gboolean             discard_after;  /* closed without the answers after, as asked */
  gboolean             waiting;        /* a write the database was too busy for */

  /* template */
  AdwWindowTitle      *window_title;
  GtkButton           *back_button;
  GtkButton           *next_button;
  SalveToastBar       *toast_bar;
  GtkStack            *stack;
  SalveSessionStepRun *run_step;
  SalveSessionStepAfter *after_step;
};

/* salve-session-assistant-actions.c */
void        _salve_session_assistant_class_add_actions (GtkWidgetClass        *widget_class);
void        _salve_session_assistant_update_actions    (SalveSessionAssistant *self);

/* salve-session-assistant-actions.c: moving between steps */
void        _salve_session_assistant_update_navigation (SalveSessionAssistant *self);
void        _salve_session_assistant_toast         (SalveSessionAssistant  *self,
                                                    const char             *message);
void        _salve_session_assistant_go_to         (SalveSessionAssistant  *self,
                                                    const char             *step);
void        _salve_session_assistant_go_forward    (SalveSessionAssistant  *self,
                                                    const char             *step);
void        _salve_session_assistant_go_back       (SalveSessionAssistant  *self);
void        _salve_session_assistant_focus_step    (SalveSessionAssistant  *self);
gboolean    _salve_session_assistant_can_go_next   (SalveSessionAssistant  *self);
void        _salve_session_assistant_apply_step    (SalveSessionAssistant  *self);
gboolean    _salve_session_assistant_plan_still_clear (SalveSessionAssistant *self);
/* The window closes once the session's record is stored, and says so. */
void        _salve_session_assistant_close_when_stored (SalveSessionAssistant *self);

/* salve-session-assistant.c: starting, stopping and closing the treatment */
gboolean    _salve_session_assistant_start         (SalveSessionAssistant  *self,
                                                    GError                **error);
gboolean    _salve_session_assistant_save_after    (SalveSessionAssistant  *self,
                                                    GError                **error);
void        _salve_session_assistant_stop          (SalveSessionAssistant  *self);

G_END_DECLS
