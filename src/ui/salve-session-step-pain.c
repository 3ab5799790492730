/* salve-session-step-pain.c: step 4, the pain before the session
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-step-pain"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-pain-scale.h"
#include "salve-session-steps.h"

struct _SalveSessionStepPain
{
  GtkWidget            parent_instance;

  SalveSessionState   *state;

  AdwPreferencesGroup *pain_group;
  SalvePainScale      *pain_scale;
};

static void step_iface_init (SalveSessionStepInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SalveSessionStepPain, salve_session_step_pain, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (SALVE_TYPE_SESSION_STEP, step_iface_init))

static void
notify_can_continue (SalveSessionStepPain *self)
{
  salve_session_step_notify_can_continue (SALVE_SESSION_STEP (self));
}

static void
salve_session_step_pain_set_state (SalveSessionStep  *step,
                                   SalveSessionState *state)
{
  SalveSessionStepPain *self = SALVE_SESSION_STEP_PAIN (step);

  g_set_object (&self->state, state);
  g_signal_connect_object (state, "notify::can-start", G_CALLBACK (notify_can_continue), self, G_CONNECT_SWAPPED);
}

/* Where the rating goes: practice keeps it apart from the diary. */
static void
salve_session_step_pain_enter (SalveSessionStep *step)
{
  SalveSessionStepPain *self = SALVE_SESSION_STEP_PAIN (step);
  SalveTreatment *treatment = salve_session_state_get_treatment (self->state);

  if (salve_treatment_get_simulated (treatment))
    adw_preferences_group_set_description (self->pain_group,
                                           _("0 is no pain at all, 10 the worst pain you can imagine. In practice "
                                             "it stays with the practice session, apart from your diary."));
  else
    adw_preferences_group_set_description (self->pain_group,
                                           _("0 is no pain at all, 10 the worst pain you can imagine. It goes into "
                                             "your diary, linked to this session."));
}

static void
salve_session_step_pain_apply (SalveSessionStep *step)
{
  SalveSessionStepPain *self = SALVE_SESSION_STEP_PAIN (step);

  g_autoptr(GError) error = NULL;

  if (!salve_treatment_set_pain_before (salve_session_state_get_treatment (self->state),
                                        salve_pain_scale_get_value (self->pain_scale), &error))
    g_warning ("Pain before not taken: %s", error->message);
}

/* Start stays off until the pain is rated, and while the plan as it
 * stands has not passed the safety check. */
static gboolean
salve_session_step_pain_get_can_continue (SalveSessionStep *step)
{
  SalveSessionStepPain *self = SALVE_SESSION_STEP_PAIN (step);

  return self->state != NULL &&
         salve_pain_scale_get_value (self->pain_scale) >= 0 &&
         salve_session_state_get_can_start (self->state);
}

static void
step_iface_init (SalveSessionStepInterface *iface)
{
  iface->set_state = salve_session_step_pain_set_state;
  iface->enter = salve_session_step_pain_enter;
  iface->apply = salve_session_step_pain_apply;
  iface->get_can_continue = salve_session_step_pain_get_can_continue;
}

static void
salve_session_step_pain_dispose (GObject *object)
{
  SalveSessionStepPain *self = SALVE_SESSION_STEP_PAIN (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SALVE_TYPE_SESSION_STEP_PAIN);
  _salve_session_step_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->state);

  G_OBJECT_CLASS (salve_session_step_pain_parent_class)->dispose (object);
}

static void
salve_session_step_pain_class_init (SalveSessionStepPainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_session_step_pain_dispose;

  g_type_ensure (SALVE_TYPE_PAIN_SCALE);

  _salve_session_step_class_setup (widget_class, "/io/github/salve/Salve/salve-session-step-pain.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepPain, pain_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepPain, pain_scale);
  gtk_widget_class_bind_template_callback (widget_class, notify_can_continue);
}

static void
salve_session_step_pain_init (SalveSessionStepPain *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
