/* salve-session-assistant-actions.c: moving between steps, and what the buttons and keys do
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-session-assistant-private.h"

/* The steps in order, by their page names in the stack. */
static const char * const steps[] = {
  "site", "device", "prepare", "pain-before", "run", "after",
};

static const char *
current_step (SalveSessionAssistant *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

static guint
step_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_strcmp0 (steps[i], name) == 0)
      return i;

  return 0;
}

static SalveSessionStep *
visible_step (SalveSessionAssistant *self)
{
  return SALVE_SESSION_STEP (gtk_stack_get_visible_child (self->stack));
}

void
_salve_session_assistant_update_actions (SalveSessionAssistant *self)
{
  SalveSessionRunner *runner = self->state ? salve_treatment_get_runner (salve_session_state_get_treatment (self->state)) : NULL;
  gboolean running = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "run") == 0;
  gboolean adjustable = running && runner != NULL &&
                        salve_session_runner_get_state (runner) == SALVE_RUNNER_RUNNING;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.pause", running && runner != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.intensity-up", adjustable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.intensity-down", adjustable);
}

/* Navigation */

void
_salve_session_assistant_toast (SalveSessionAssistant *self,
                                const char            *message)
{
  salve_toast_bar_add (self->toast_bar, adw_toast_new (message));
}

gboolean
_salve_session_assistant_can_go_next (SalveSessionAssistant *self)
{
  return salve_session_step_get_can_continue (visible_step (self));
}

void
_salve_session_assistant_update_navigation (SalveSessionAssistant *self)
{
  const char *step = current_step (self);
  guint index = step_index (step);
  g_autofree char *subtitle = NULL;
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  const char *page_title = gtk_stack_page_get_title (gtk_stack_get_page (self->stack, page));
  gboolean running = g_str_equal (step, "run");
  gboolean after = g_str_equal (step, "after");

  /* Translators: "Step 2 of 6 · Device and Program" */
  subtitle = g_strdup_printf (_("Step %u of %u · %s"), index + 1, (guint) G_N_ELEMENTS (steps), page_title);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), index > 0 && !running && !after);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), !running);

  if (g_str_equal (step, "pain-before"))
    gtk_button_set_label (self->next_button, _("_Start Session"));
  else if (after)
    gtk_button_set_label (self->next_button, _("_Save"));
  else
    gtk_button_set_label (self->next_button, _("_Next"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.next", _salve_session_assistant_can_go_next (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.back", index > 0 && !running && !after);
  _salve_session_assistant_update_actions (self);
}

/* The step's first sensible control has the focus, or Next: not the
 * header bar's button that Next just became (Start Session, greyed
 * out), nor Back, nor a button beside the way on, which the step's
 * first Tab stop may be (Save as Program…: Return there saved the
 * program again). It shows, as after Tab: the person did not choose
 * where it went, and a focus nobody sees takes the next Return. */
static void
focus_step (SalveSessionAssistant *self)
{
  SalveSessionStep *step = visible_step (self);

  if (!salve_session_step_focus_first (step) &&
      !(gtk_widget_get_visible (GTK_WIDGET (self->next_button)) &&
        gtk_widget_is_sensitive (GTK_WIDGET (self->next_button)) &&
        gtk_widget_grab_focus (GTK_WIDGET (self->next_button))))
    gtk_widget_child_focus (GTK_WIDGET (step), GTK_DIR_TAB_FORWARD);
  gtk_window_set_focus_visible (GTK_WINDOW (self), TRUE);
}

/* The stack hands the focus to the new step's first Tab stop when the
 * old one had it; the step (or focus_step()) says where it goes. */
static void
show_step (SalveSessionAssistant *self,
           const char            *step)
{
  gtk_root_set_focus (GTK_ROOT (self), NULL);
  gtk_stack_set_visible_child_name (self->stack, step);
  _salve_session_assistant_update_navigation (self);
}

void
_salve_session_assistant_go_to (SalveSessionAssistant *self,
                                const char            *step)
{
  show_step (self, step);
  focus_step (self);
}

void
_salve_session_assistant_go_forward (SalveSessionAssistant *self,
                                     const char            *step)
{
  show_step (self, step);
  /* Before the focus: the step builds its rows here, and may know
   * better where the focus goes. */
  salve_session_step_enter (visible_step (self));
  focus_step (self);
}

/* The first step, when the window opens. */
void
_salve_session_assistant_focus_step (SalveSessionAssistant *self)
{
  focus_step (self);
}

void
_salve_session_assistant_go_back (SalveSessionAssistant *self)
{
  guint index = step_index (current_step (self));

  if (index == 0 || index >= step_index ("run"))
    return;

  _salve_session_assistant_go_to (self, steps[index - 1]);
}

void
_salve_session_assistant_apply_step (SalveSessionAssistant *self)
{
  salve_session_step_apply (visible_step (self));
}

/* The plan as it stands now, checked again before the next step: a value
 * changed after the device step may have brought a new finding. If it
 * did, the device step shows the findings again, to be read before going
 * on. */
gboolean
_salve_session_assistant_plan_still_clear (SalveSessionAssistant *self)
{
  if (salve_session_state_get_can_start (self->state))
    return TRUE;

  _salve_session_assistant_toast (self, _("The changed values need another safety check: read the findings again."));
  _salve_session_assistant_go_to (self, "device");
  return FALSE;
}

/* Save (or close) while the session's record waits for a busy database. */
void
_salve_session_assistant_close_when_stored (SalveSessionAssistant *self)
{
  self->close_when_stored = TRUE;
  _salve_session_assistant_toast (self, _("Not saved yet: the database is in use by another program. "
                                          "Salve keeps trying and closes this window once it is saved."));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalveSessionAssistant *self = SALVE_SESSION_ASSISTANT (widget);
  const char *step = gtk_stack_get_visible_child_name (self->stack);
  g_autoptr(GError) error = NULL;

  if (!_salve_session_assistant_can_go_next (self))
    return;

  _salve_session_assistant_apply_step (self);

  if (g_str_equal (step, "site"))
    _salve_session_assistant_go_forward (self, "device");
  else if (g_str_equal (step, "device"))
    _salve_session_assistant_go_forward (self, "prepare");
  else if (g_str_equal (step, "prepare"))
    {
      if (_salve_session_assistant_plan_still_clear (self))
        _salve_session_assistant_go_forward (self, "pain-before");
    }
  else if (g_str_equal (step, "pain-before"))
    {
      if (!_salve_session_assistant_plan_still_clear (self))
        return;
      if (!_salve_session_assistant_start (self, &error))
        {
          g_autofree char *message = g_strdup_printf (_("The session could not start: %s"), error->message);
          _salve_session_assistant_toast (self, message);
        }
    }
  else if (g_str_equal (step, "after"))
    {
      if (!_salve_session_assistant_save_after (self, &error))
        {
          g_autofree char *message = g_strdup_printf (_("Could not save: %s"), error->message);
          _salve_session_assistant_toast (self, message);
          return;
        }
      if (!self->saved)
        {
          _salve_session_assistant_close_when_stored (self);
          return;
        }
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

/* Why the plan is blocked: the first finding that blocks it, else what
 * blocks its modality for this person; NULL when nothing does. */
static char *
block_reason (SalveSessionAssistant *self)
{
  SalveTreatment *treatment = salve_session_state_get_treatment (self->state);
  GPtrArray *findings = salve_session_state_get_findings (self->state);
  g_autoptr(GPtrArray) blocks = NULL;

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      const SalveFinding *finding = g_ptr_array_index (findings, i);

      if (finding->severity == SALVE_SEVERITY_BLOCK)
        return g_strdup (finding->reason);
    }

  if (salve_rules_check_modality (salve_session_state_get_modality (self->state),
                                  salve_treatment_get_answers (treatment), &blocks) == SALVE_VERDICT_BLOCKED &&
      blocks != NULL && blocks->len > 0)
    return g_strdup (((SalveFinding *) g_ptr_array_index (blocks, 0))->reason);

  return NULL;
}

/* Repeat Last: the site step has set the last session's site, device,
 * program and values. The assistant goes on as Next would, step by step,
 * and stops at the first step whose check does not let it on (a device
 * or site the checklist now blocks, a caution to acknowledge), saying
 * why. */
static void
repeat_last_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SalveSessionAssistant *self = SALVE_SESSION_ASSISTANT (widget);
  if (!g_str_equal (current_step (self), "site"))
    return;

  for (const char *step = "site"; !g_str_equal (step, "prepare"); step = current_step (self))
    {
      if (!salve_session_step_get_can_continue (visible_step (self)))
        {
          g_autofree char *reason = block_reason (self);

          if (reason != NULL)
            {
              /* Translators: %s is why, "TENS must not be used with an implanted pacemaker" */
              g_autofree char *message = g_strdup_printf (_("Not repeated: %s"), reason);
              _salve_session_assistant_toast (self, message);
            }
          else if (g_str_equal (step, "device"))
            _salve_session_assistant_toast (self, _("Read the cautions and confirm them to go on."));
          return;
        }

      _salve_session_assistant_apply_step (self);
      _salve_session_assistant_go_forward (self, g_str_equal (step, "site") ? "device" : "prepare");
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _salve_session_assistant_go_back (SALVE_SESSION_ASSISTANT (widget));
}

/* Pause (or resume) and a step in intensity: what the runner refuses is
 * said, and the run step shows the runner as it is now. */
static void
runner_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalveSessionAssistant *self = SALVE_SESSION_ASSISTANT (widget);
  SalveTreatment *treatment = salve_session_state_get_treatment (self->state);
  SalveSessionRunner *runner = salve_treatment_get_runner (treatment);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (runner == NULL)
    return;

  if (g_str_equal (action_name, "assistant.intensity-up") &&
      salve_session_runner_get_intensity_goal (runner) >= salve_session_runner_get_intensity_max (runner) - 1e-9)
    {
      /* Pressed at the top: said, not ignored. */
      g_autofree char *most = _salve_session_step_format_value (salve_session_runner_get_intensity_max (runner),
                                                                salve_param_get_unit (salve_modality_get_intensity_param (salve_treatment_get_modality (treatment))));
      g_autofree char *message = g_strdup_printf (_("%s is the most this person and device allow."), most);

      _salve_session_assistant_toast (self, message);
      return;
    }
  if (g_str_equal (action_name, "assistant.intensity-up"))
    ok = salve_treatment_intensity_up (treatment, &error);
  else if (g_str_equal (action_name, "assistant.intensity-down"))
    ok = salve_treatment_intensity_down (treatment, &error);
  else if (salve_session_runner_get_state (runner) == SALVE_RUNNER_PAUSED)
    ok = salve_treatment_resume (treatment, &error);
  else
    ok = salve_treatment_pause (treatment, &error);

  if (!ok)
    _salve_session_assistant_toast (self, error->message);
  salve_session_step_run_update (self->run_step);
  _salve_session_assistant_update_actions (self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _salve_session_assistant_stop (SALVE_SESSION_ASSISTANT (widget));
}

static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalveSessionAssistant *self = SALVE_SESSION_ASSISTANT (widget);

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "run"))
    _salve_session_assistant_stop (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_save_program_response (AdwMessageDialog      *dialog,
                          const char            *response,
                          SalveSessionAssistant *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(SalvePreset) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "save"))
    return;

  saved = salve_treatment_save_program (salve_session_state_get_treatment (self->state),
                                        gtk_editable_get_text (entry), &error);
  if (saved == NULL)
    {
      _salve_session_assistant_toast (self, error->message);
      return;
    }

  message = g_strdup_printf (_("Saved “%s” to your programs"), salve_preset_get_name (saved));
  _salve_session_assistant_toast (self, message);
}

static void
save_program_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SalveSessionAssistant *self = SALVE_SESSION_ASSISTANT (widget);
  SalvePreset *preset = salve_session_state_get_preset (self->state);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (preset == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save as Your Program"),
                                   _("The program with the values you set now appears in the program list next time."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), salve_preset_get_name (preset));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_program_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* For the steps: a message in the assistant's toast overlay. */
static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _salve_session_assistant_toast (SALVE_SESSION_ASSISTANT (widget), g_variant_get_string (parameter, NULL));
}

/* The open questions are answered in the checklist of the main window;
 * nothing is stored before the session starts, so the assistant closes
 * and the next session reads the new answers. */
static void
open_checklist_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));

  if (parent == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-view", "s", "checklist");
  gtk_window_present (parent);
  gtk_window_close (GTK_WINDOW (widget));
}

void
_salve_session_assistant_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "assistant.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "assistant.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "assistant.repeat-last", NULL, repeat_last_action);
  gtk_widget_class_install_action (widget_class, "assistant.pause", NULL, runner_action);
  gtk_widget_class_install_action (widget_class, "assistant.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "assistant.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "assistant.intensity-up", NULL, runner_action);
  gtk_widget_class_install_action (widget_class, "assistant.intensity-down", NULL, runner_action);
  gtk_widget_class_install_action (widget_class, "assistant.save-program", NULL, save_program_action);
  gtk_widget_class_install_action (widget_class, "assistant.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "assistant.open-checklist", NULL, open_checklist_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "assistant.escape", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "assistant.intensity-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "assistant.intensity-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "assistant.intensity-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "assistant.intensity-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "assistant.back", NULL);
}
