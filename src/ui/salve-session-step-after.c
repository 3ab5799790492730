/* salve-session-step-after.c: step 6, how it went
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-step-after"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-pain-scale.h"
#include "salve-session-steps.h"

static const char * const skin_ids[] = {
  SALVE_SKIN_CHECK_NORMAL, SALVE_SKIN_CHECK_RED, SALVE_SKIN_CHECK_DAMAGED,
};

struct _SalveSessionStepAfter
{
  GtkWidget            parent_instance;

  SalveSessionState   *state;
  const char * const  *effects;        /* the modality's side effects… */
  GPtrArray           *effect_checks;  /* …each with its GtkCheckButton */
  GPtrArray           *effect_rows;
  GPtrArray           *skin_checks;    /* GtkCheckButton, one per skin_ids */
  GPtrArray           *skin_rows;

  AdwActionRow        *outcome_row;
  GtkImage            *outcome_icon;
  AdwPreferencesGroup *pain_group;
  SalvePainScale      *pain_scale;
  AdwPreferencesGroup *effects_group;
  AdwPreferencesGroup *skin_group;
  GtkTextView         *note_view;
};

static void step_iface_init (SalveSessionStepInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SalveSessionStepAfter, salve_session_step_after, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (SALVE_TYPE_SESSION_STEP, step_iface_init))

/* The outcome row: its title, its icon with its style class (or none),
 * and a subtitle it takes over. */
static void
set_outcome (SalveSessionStepAfter *self,
             const char            *title,
             const char            *icon_name,
             const char            *style,
             char                  *subtitle)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->outcome_row), title);
  adw_action_row_set_subtitle (self->outcome_row, subtitle);
  gtk_image_set_from_icon_name (self->outcome_icon, icon_name);
  gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), "error");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->outcome_icon), style);
  g_free (subtitle);
}

/* @text, then what to do with a device whose stop was not confirmed
 * (NULL: nothing to add), as a new string: two sentences, each
 * translated whole. */
static char *
join_advice (const char *text,
             const char *advice)
{
  return advice != NULL ? g_strconcat (text, " ", advice, NULL) : g_strdup (text);
}

/* How the session ended. One stopped while connecting, or whose device
 * never answered or refused to start, gave no treatment: said so. */
static void
show_ending (SalveSessionStepAfter *self,
             SalveSession          *session)
{
  SalveTreatment *treatment = salve_session_state_get_treatment (self->state);
  SalveSessionOutcome outcome = salve_session_get_outcome (session);
  const char *reason = salve_session_reason_get_name (salve_session_get_outcome_reason (session));
  /* What the device did, or what went wrong with it, as salvectl says
   * it and the record keeps it ("The device stopped: electrode off the
   * skin"): the reason alone said only "a fault". */
  const char *cause = salve_session_get_ending_cause (session);
  /* A device the person set going: only they can switch it off. */
  const char *manual = salve_treatment_get_manual_end_advice (treatment);
  /* A stimulator that never confirmed its stop may still be on: never
   * "the device was stopped", nor a plain "well done". */
  const char *unconfirmed = salve_treatment_get_unconfirmed_stop_advice (treatment);
  /* What the person must do with the device now, if anything. */
  const char *advice = manual != NULL ? manual : unconfirmed;
  g_autofree char *because = NULL;

  if (cause != NULL)
    /* Translators: a reason ("the device reported a fault"), then what the device did */
    because = g_strdup_printf (_("Because %s: %s."), reason, cause);
  else
    /* Translators: %s is a reason, e.g. "the connection to the device was lost" */
    because = g_strdup_printf (_("Because %s."), reason);

  if (outcome == SALVE_SESSION_OUTCOME_COMPLETED && salve_treatment_get_simulated (treatment))
    /* Practice: its ratings stay out of the diary (the diary's empty page says so too). */
    set_outcome (self, _("Practice completed"), "emblem-ok-symbolic", "success",
                 g_strdup (_("Well done. These answers are kept with the practice session, apart from your diary.")));
  else if (outcome == SALVE_SESSION_OUTCOME_COMPLETED && unconfirmed != NULL)
    /* Translators: %s is "Salve could not confirm that the device stopped. Switch it off …" */
    set_outcome (self, _("Session completed"), "dialog-warning-symbolic", "warning",
                 g_strdup_printf (_("%s Then answer a few questions for your diary."), unconfirmed));
  else if (outcome == SALVE_SESSION_OUTCOME_COMPLETED && manual != NULL)
    /* Translators: %s is what to do with the manual device, "Switch the device off …" */
    set_outcome (self, _("Session completed"), "emblem-ok-symbolic", "success",
                 g_strdup_printf (_("Well done. %s Then answer a few questions for your diary."), manual));
  else if (outcome == SALVE_SESSION_OUTCOME_COMPLETED)
    set_outcome (self, _("Session completed"), "emblem-ok-symbolic", "success",
                 g_strdup (_("Well done. Answer a few questions for your diary.")));
  else if (!salve_treatment_started_on_device (treatment) && outcome == SALVE_SESSION_OUTCOME_STOPPED)
    set_outcome (self, _("Session did not start"), "dialog-warning-symbolic", "warning",
                 join_advice (_("It was stopped before the device started. Salve started no treatment on it, so "
                                "there is nothing to rate after it."), unconfirmed));
  else if (!salve_treatment_started_on_device (treatment))
    /* Not "the device gave no treatment": a device that never answered
     * cannot be known to be off, and the window may be asking to switch
     * it off at the same time. */
    {
      /* Translators: %s is "Because …." above */
      g_autofree char *text = g_strdup_printf (_("%s Salve started no treatment on the device, so there is "
                                                 "nothing to rate after it."), because);

      set_outcome (self, _("Session did not start"), "dialog-warning-symbolic", "warning",
                   join_advice (text, unconfirmed));
    }
  else if (outcome == SALVE_SESSION_OUTCOME_STOPPED && advice != NULL)
    /* A device set by hand: Salve stopped its clock, not the device; or
     * a stimulator that did not confirm its stop.
     * Translators: %s is what to do with the device, "Switch the device off …" */
    set_outcome (self, _("Session stopped"), "dialog-warning-symbolic", "warning",
                 g_strdup_printf (_("%s What you entered so far is saved."), advice));
  else if (outcome == SALVE_SESSION_OUTCOME_STOPPED)
    set_outcome (self, _("Session stopped"), "media-playback-stop-symbolic", NULL,
                 g_strdup (_("The device was stopped. What you entered so far is saved.")));
  else if (advice != NULL)
    /* Translators: "Because …." above, then what to do with the device */
    set_outcome (self, _("Session interrupted"), "dialog-warning-symbolic", "warning",
                 g_strdup_printf (_("%s %s What you entered so far is saved."), because, advice));
  else
    /* Translators: %s is "Because …." above */
    set_outcome (self, _("Session interrupted"), "dialog-warning-symbolic", "warning",
                 g_strdup_printf (_("%s What you entered so far is saved."), because));
}

/* The outcome, and whether it is stored: "saved" only once it is. */
static void
show_outcome (SalveSessionStepAfter *self,
              SalveSession          *session)
{
  SalveTreatment *treatment = salve_session_state_get_treatment (self->state);
  const GError *refused = salve_treatment_get_storage_error (treatment);

  show_ending (self, session);

  if (refused != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("It could not be saved: %s"), refused->message);

      adw_action_row_set_subtitle (self->outcome_row, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->outcome_icon), "error");
    }
  else if (salve_treatment_get_n_pending (treatment) > 0)
    adw_action_row_set_subtitle (self->outcome_row,
                                 _("Not saved yet: the database is in use by another program. "
                                   "Salve keeps trying; keep this window open."));
}

static void
salve_session_step_after_enter (SalveSessionStep *step)
{
  SalveSessionStepAfter *self = SALVE_SESSION_STEP_AFTER (step);
  SalveTreatment *treatment = salve_session_state_get_treatment (self->state);
  /* Nothing to rate, feel or look at after a session that never started. */
  gboolean ran = salve_treatment_started_on_device (treatment);
  /* Practice gives no current: there is no skin to check after it. */
  gboolean skin = ran && salve_treatment_wants_skin_check (treatment) && !salve_treatment_get_simulated (treatment);
  GtkCheckButton *leader = NULL;

  show_outcome (self, salve_treatment_get_session (treatment));
  gtk_widget_set_visible (GTK_WIDGET (self->pain_group), ran);
  gtk_widget_set_visible (GTK_WIDGET (self->effects_group), ran);

  _salve_session_step_remove_rows (self->effects_group, self->effect_rows);
  g_ptr_array_set_size (self->effect_checks, 0);
  self->effects = salve_side_effects_for_modality (salve_treatment_get_modality (treatment));
  for (guint i = 0; self->effects[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), salve_side_effect_get_name (self->effects[i]));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->effects_group, row);
      g_ptr_array_add (self->effect_rows, row);
      g_ptr_array_add (self->effect_checks, check);
    }

  _salve_session_step_remove_rows (self->skin_group, self->skin_rows);
  g_ptr_array_set_size (self->skin_checks, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->skin_group), skin);
  salve_session_step_notify_can_continue (step);
  for (guint i = 0; skin && i < G_N_ELEMENTS (skin_ids); i++)
    {
      GtkCheckButton *check;
      const char *subtitle = NULL;

      /* Said before it is chosen: what choosing it does. */
      if (g_str_equal (skin_ids[i], SALVE_SKIN_CHECK_DAMAGED))
        subtitle = _("Marked in the checklist as broken skin here: no TENS or muscle stimulation on it until "
                     "the question is answered again");
      _salve_session_step_add_radio_row (self->skin_group, self->skin_rows, leader,
                                         salve_skin_check_get_name (skin_ids[i]), subtitle, &check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (salve_session_step_notify_can_continue), self,
                               G_CONNECT_SWAPPED);
      g_ptr_array_add (self->skin_checks, check);
      if (leader == NULL)
        leader = check;
    }
}

static void
salve_session_step_after_apply (SalveSessionStep *step)
{
  SalveSessionStepAfter *self = SALVE_SESSION_STEP_AFTER (step);
  g_autoptr(GStrvBuilder) effects = g_strv_builder_new ();
  g_auto(GStrv) effect_ids = NULL;
  g_autofree char *note = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;
  const char *skin = "";
  SalveTreatment *treatment = salve_session_state_get_treatment (self->state);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->effect_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->effect_checks, i)))
      g_strv_builder_add (effects, self->effects[i]);
  effect_ids = g_strv_builder_end (effects);

  for (guint i = 0; i < self->skin_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->skin_checks, i)))
      skin = skin_ids[i];

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  note = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  /* Into the treatment, which stores them when it closes; once closed
   * (Save pressed again while the database is busy) they stay as queued. */
  if (salve_treatment_get_step (treatment) != SALVE_TREATMENT_STEP_AFTER)
    return;
  salve_treatment_set_note (treatment, note);
  if (!salve_treatment_started_on_device (treatment))
    return;
  if (!salve_treatment_set_pain_after (treatment, salve_pain_scale_get_value (self->pain_scale), &error) ||
      !salve_treatment_set_side_effects (treatment, (const char * const *) effect_ids, &error) ||
      !salve_treatment_set_skin_check (treatment, skin, &error))
    g_warning ("The answers after the session were not taken: %s", error->message);
}

void
salve_session_step_after_update (SalveSessionStepAfter *self)
{
  SalveSession *session;

  g_return_if_fail (SALVE_IS_SESSION_STEP_AFTER (self));

  session = self->state != NULL ? salve_treatment_get_session (salve_session_state_get_treatment (self->state)) : NULL;
  if (session != NULL)
    show_outcome (self, session);
}

gboolean
salve_session_step_after_has_answers (SalveSessionStepAfter *self)
{
  GtkTextBuffer *buffer;

  g_return_val_if_fail (SALVE_IS_SESSION_STEP_AFTER (self), FALSE);

  buffer = gtk_text_view_get_buffer (self->note_view);
  if (gtk_text_buffer_get_char_count (buffer) > 0 || salve_pain_scale_get_value (self->pain_scale) >= 0)
    return TRUE;
  for (guint i = 0; i < self->effect_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->effect_checks, i)))
      return TRUE;
  for (guint i = 0; i < self->skin_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->skin_checks, i)))
      return TRUE;

  return FALSE;
}

static void
salve_session_step_after_set_state (SalveSessionStep  *step,
                                    SalveSessionState *state)
{
  g_set_object (&SALVE_SESSION_STEP_AFTER (step)->state, state);
}

/* Every question after the session may stay unanswered but the skin
 * check, where it is asked: with reduced sensation a burn may not be felt,
 * and a burn nobody looked at lets the next session go onto it. */
static gboolean
salve_session_step_after_get_can_continue (SalveSessionStep *step)
{
  SalveSessionStepAfter *self = SALVE_SESSION_STEP_AFTER (step);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->skin_group)))
    return TRUE;
  for (guint i = 0; i < self->skin_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->skin_checks, i)))
      return TRUE;
  return FALSE;
}

/* The pain now, the first question: not the line above it that says
 * how the session ended, which only reads. */
static gboolean
salve_session_step_after_focus_first (SalveSessionStep *step)
{
  SalveSessionStepAfter *self = SALVE_SESSION_STEP_AFTER (step);

  return gtk_widget_get_visible (GTK_WIDGET (self->pain_group)) &&
         gtk_widget_child_focus (GTK_WIDGET (self->pain_scale), GTK_DIR_TAB_FORWARD);
}

static void
step_iface_init (SalveSessionStepInterface *iface)
{
  iface->set_state = salve_session_step_after_set_state;
  iface->enter = salve_session_step_after_enter;
  iface->apply = salve_session_step_after_apply;
  iface->focus_first = salve_session_step_after_focus_first;
  iface->get_can_continue = salve_session_step_after_get_can_continue;
}

static void
salve_session_step_after_dispose (GObject *object)
{
  SalveSessionStepAfter *self = SALVE_SESSION_STEP_AFTER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SALVE_TYPE_SESSION_STEP_AFTER);
  _salve_session_step_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->state);
  g_clear_pointer (&self->effect_checks, g_ptr_array_unref);
  g_clear_pointer (&self->effect_rows, g_ptr_array_unref);
  g_clear_pointer (&self->skin_checks, g_ptr_array_unref);
  g_clear_pointer (&self->skin_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (salve_session_step_after_parent_class)->dispose (object);
}

static void
salve_session_step_after_class_init (SalveSessionStepAfterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_session_step_after_dispose;

  g_type_ensure (SALVE_TYPE_PAIN_SCALE);

  _salve_session_step_class_setup (widget_class, "/io/github/salve/Salve/salve-session-step-after.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepAfter, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepAfter, outcome_icon);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepAfter, pain_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepAfter, pain_scale);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepAfter, effects_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepAfter, skin_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepAfter, note_view);
}

static void
salve_session_step_after_init (SalveSessionStepAfter *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->effect_checks = g_ptr_array_new ();
  self->effect_rows = g_ptr_array_new ();
  self->skin_checks = g_ptr_array_new ();
  self->skin_rows = g_ptr_array_new ();
}
