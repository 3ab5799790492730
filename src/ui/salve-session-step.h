/* salve-session-step.h: one step of the session assistant
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "salve-session-state.h"

G_BEGIN_DECLS

#define SALVE_TYPE_SESSION_STEP (salve_session_step_get_type ())

G_DECLARE_INTERFACE (SalveSessionStep, salve_session_step, SALVE, SESSION_STEP, GtkWidget)

/* A step shows part of one session and edits it through the shared
 * SalveSessionState; the assistant only puts the steps in order.
 *
 * set_state: the state this step reads and writes, given once.
 * enter:     the step is reached going forward: show the state as it
 *            stands now (going back keeps what the step shows).
 * apply:     write what the step holds, before the assistant moves on.
 * focus_first: the step is in sight (after enter, or going back): put
 *            the focus on its first sensible control and return TRUE,
 *            or return FALSE to leave it to Next. Never on a button
 *            beside the way on (Save as Program…, Repeat Last): Return
 *            there does what nobody asked for. Without it, the focus
 *            stays where enter put it, else goes to the step's first
 *            control.
 *
 * The read-only boolean property "can-continue" says whether the person
 * may go on from this step; it notifies when that changes. */
struct _SalveSessionStepInterface
{
  GTypeInterface parent_iface;

  void     (*set_state)        (SalveSessionStep  *self,
                                SalveSessionState *state);
  void     (*enter)            (SalveSessionStep  *self);
  void     (*apply)            (SalveSessionStep  *self);
  gboolean (*focus_first)      (SalveSessionStep  *self);
  gboolean (*get_can_continue) (SalveSessionStep  *self);
};

void     salve_session_step_set_state        (SalveSessionStep  *self,
                                              SalveSessionState *state);
void     salve_session_step_enter            (SalveSessionStep  *self);
void     salve_session_step_apply            (SalveSessionStep  *self);
gboolean salve_session_step_focus_first      (SalveSessionStep  *self);
gboolean salve_session_step_get_can_continue (SalveSessionStep  *self);
/* For implementations: "can-continue" may have changed. */
void     salve_session_step_notify_can_continue (SalveSessionStep *self);

/* For a step's class_init: its template, a bin layout, and "can-continue"
 * read through get_can_continue. */
void       _salve_session_step_class_setup  (GtkWidgetClass      *widget_class,
                                             const char          *template_resource);

/* Shared by the steps. */
char      *_salve_session_step_format_value (double               value,
                                             const char          *unit);
char      *_salve_session_step_format_clock (gint64               ms);
GtkWidget *_salve_session_step_add_radio_row (AdwPreferencesGroup *group,
                                              GPtrArray           *rows,
                                              GtkCheckButton      *group_leader,
                                              const char          *title,
                                              const char          *subtitle,
                                              GtkCheckButton     **check_out);
void       _salve_session_step_remove_rows  (AdwPreferencesGroup *group,
                                             GPtrArray           *rows);
/* For dispose: a step's page is its only child. */
void       _salve_session_step_unparent_children (GtkWidget      *widget);
/* Shows @message in the assistant, through its "assistant.toast" action. */
void       _salve_session_step_toast        (SalveSessionStep    *self,
                                             const char          *message);

G_END_DECLS
