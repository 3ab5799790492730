/* salve-session-step-site.c: step 1, where it hurts
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-step-site"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-body-picker.h"
#include "salve-session-steps.h"

struct _SalveSessionStepSite
{
  GtkWidget            parent_instance;

  SalveSessionState   *state;

  AdwPreferencesGroup *blocked_group;
  GtkWidget           *answer_button;
  AdwPreferencesGroup *repeat_group;
  GtkButton           *repeat_button;
  SalveBodyPicker     *body_picker;
  AdwComboRow         *site_row;
};

static void step_iface_init (SalveSessionStepInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SalveSessionStepSite, salve_session_step_site, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (SALVE_TYPE_SESSION_STEP, step_iface_init))

/* No device is chosen yet: a region is red only when no kind of device
 * may be used there for this person, yellow when each one that may needs
 * care. The next step says which devices fit the region chosen. */
static void
tint_sites (SalveSessionStepSite *self)
{
  SalveTreatment *treatment = salve_session_state_get_treatment (self->state);
  const SalveProfileAnswers *answers = salve_treatment_get_answers (treatment);
  gboolean all_blocked = TRUE;
  guint open = 0;

  for (SalveSite s = 0; s < SALVE_N_SITES; s++)
    {
      SalveVerdict verdict = salve_treatment_get_best_site_verdict (treatment, s);

      salve_body_picker_set_verdict (self->body_picker, s, verdict);
      all_blocked &= verdict == SALVE_VERDICT_BLOCKED;
    }

  /* A body all red says nothing of why: most often a checklist not
   * answered yet, whose open questions count as a yes. */
  for (SalveCondition c = 0; c < SALVE_N_CONDITIONS; c++)
    open += answers->answers[c] == SALVE_ANSWER_UNKNOWN;
  if (all_blocked)
    {
      g_autofree char *why = NULL;

      if (open > 0)
        why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "No kind of device is allowed anywhere yet: %u question of the checklist "
                                            "is open or answered “Not sure”, and until it is answered it counts as a "
                                            "yes.",
                                            "No kind of device is allowed anywhere yet: %u questions of the checklist "
                                            "are open or answered “Not sure”, and until they are answered they count "
                                            "as a yes.", open), open);
      else
        why = g_strdup (_("The checklist’s answers rule out every kind of device Salve knows, wherever it is "
                          "used. Please speak with your doctor or therapist."));
      adw_preferences_group_set_description (self->blocked_group, why);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->blocked_group), all_blocked);
  gtk_widget_set_visible (self->answer_button, all_blocked && open > 0);
}

static void
on_picker_site (SalveBodyPicker      *picker,
                GParamSpec           *pspec,
                SalveSessionStepSite *self)
{
  if (self->state != NULL)
    salve_session_state_set_site (self->state, salve_body_picker_get_site (picker));
}

/* Return or Space on the picture takes the region and goes on, as Next
 * does; a click only takes it, the findings beside it to be read. */
static void
on_picker_activated (SalveBodyPicker      *picker,
                     gboolean              by_keyboard,
                     SalveSessionStepSite *self)
{
  if (by_keyboard)
    gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}

static void
on_site_row_selected (AdwComboRow          *row,
                      GParamSpec           *pspec,
                      SalveSessionStepSite *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected < SALVE_N_SITES)
    salve_body_picker_set_site (self->body_picker, selected);
}

static void
on_state_site (SalveSessionState    *state,
               GParamSpec           *pspec,
               SalveSessionStepSite *self)
{
  SalveSite site = salve_session_state_get_site (state);

  if (salve_body_picker_get_site (self->body_picker) != site)
    salve_body_picker_set_site (self->body_picker, site);
  if (site < SALVE_N_SITES && adw_combo_row_get_selected (self->site_row) != (guint) site)
    adw_combo_row_set_selected (self->site_row, site);

  salve_session_step_notify_can_continue (SALVE_SESSION_STEP (self));
}

/* "TENS · Lower back · 30 min": what the last session was. */
static char *
describe_last (SalveSession *last)
{
  double minutes = salve_session_get_planned_minutes (last);
  const char *modality = salve_modality_get_name (salve_session_get_modality (last));
  const char *site = salve_site_get_name (salve_session_get_site (last));

  if (minutes > 0)
    /* Translators: the last session, "Repeat Last: TENS · Neck · 30 min" */
    return g_strdup_printf (_("Repeat Last: %s · %s · %.0f min"), modality, site, minutes);

  /* Translators: the last session, "Repeat Last: Soft laser · Elbow" */
  return g_strdup_printf (_("Repeat Last: %s · %s"), modality, site);
}

/* The last session's device, program, site and values are set as when
 * chosen by hand; the assistant takes them on through every step's
 * check. */
static void
on_repeat_clicked (SalveSessionStepSite *self)
{
  const SalveSessionChoice *choice = salve_session_state_get_last_choice (self->state);

  if (choice == NULL)
    return;

  salve_session_state_set_choice (self->state, choice);
  salve_session_state_repeat_last (self->state);
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.repeat-last", NULL);
}

static void
salve_session_step_site_set_state (SalveSessionStep  *step,
                                   SalveSessionState *state)
{
  SalveSessionStepSite *self = SALVE_SESSION_STEP_SITE (step);

  g_set_object (&self->state, state);
  g_signal_connect_object (state, "notify::site", G_CALLBACK (on_state_site), self, 0);
  on_state_site (state, NULL, self);
  tint_sites (self);

  if (salve_session_state_get_last (state) != NULL)
    {
      g_autofree char *label = describe_last (salve_session_state_get_last (state));

      gtk_button_set_label (self->repeat_button, label);
      gtk_widget_set_visible (GTK_WIDGET (self->repeat_group), TRUE);
    }
}

static void
salve_session_step_site_enter (SalveSessionStep *step)
{
  SalveSessionStepSite *self = SALVE_SESSION_STEP_SITE (step);

  tint_sites (self);
}

/* The body, where the site is chosen: not Repeat Last or Answer Open
 * Questions above it. */
static gboolean
salve_session_step_site_focus_first (SalveSessionStep *step)
{
  return gtk_widget_grab_focus (GTK_WIDGET (SALVE_SESSION_STEP_SITE (step)->body_picker));
}

static gboolean
salve_session_step_site_get_can_continue (SalveSessionStep *step)
{
  SalveSessionStepSite *self = SALVE_SESSION_STEP_SITE (step);

  return self->state != NULL && salve_session_state_get_site (self->state) < SALVE_N_SITES;
}

static void
step_iface_init (SalveSessionStepInterface *iface)
{
  iface->set_state = salve_session_step_site_set_state;
  iface->enter = salve_session_step_site_enter;
  iface->focus_first = salve_session_step_site_focus_first;
  iface->get_can_continue = salve_session_step_site_get_can_continue;
}

static void
salve_session_step_site_dispose (GObject *object)
{
  SalveSessionStepSite *self = SALVE_SESSION_STEP_SITE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SALVE_TYPE_SESSION_STEP_SITE);
  _salve_session_step_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->state);

  G_OBJECT_CLASS (salve_session_step_site_parent_class)->dispose (object);
}

static void
salve_session_step_site_class_init (SalveSessionStepSiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_session_step_site_dispose;

  g_type_ensure (SALVE_TYPE_BODY_PICKER);

  _salve_session_step_class_setup (widget_class, "/io/github/salve/Salve/salve-session-step-site.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepSite, blocked_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepSite, answer_button);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepSite, repeat_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepSite, repeat_button);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepSite, body_picker);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepSite, site_row);
  gtk_widget_class_bind_template_callback (widget_class, on_repeat_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_picker_site);
  gtk_widget_class_bind_template_callback (widget_class, on_picker_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_site_row_selected);
}

static void
salve_session_step_site_init (SalveSessionStepSite *self)
{
  g_autoptr(GtkStringList) sites = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (SalveSite s = 0; s < SALVE_N_SITES; s++)
    gtk_string_list_append (sites, salve_site_get_name (s));
  g_signal_handlers_block_by_func (self->site_row, on_site_row_selected, self);
  adw_combo_row_set_model (self->site_row, G_LIST_MODEL (sites));
  adw_combo_row_set_selected (self->site_row, GTK_INVALID_LIST_POSITION);
  g_signal_handlers_unblock_by_func (self->site_row, on_site_row_selected, self);
}
