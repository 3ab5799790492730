/* salve-session-step-run.c: step 5, the session itself
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-step-run"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "salve-session-steps.h"

struct _SalveSessionStepRun
{
  GtkWidget           parent_instance;

  SalveSessionState  *state;

  GtkLabel           *run_status_label;
  GtkWidget          *practice_label;
  GtkLabel           *timer_label;
  GtkLabel           *total_label;
  GtkProgressBar     *progress_bar;
  GtkLabel           *prompt_label;
  GtkWidget          *intensity_box;
  GtkWidget          *down_button;
  GtkWidget          *up_button;
  GtkLabel           *output_label;
  GtkLabel           *output_caption;
  GtkButton          *pause_button;
  GtkWidget          *inhibit_box;
};

static void step_iface_init (SalveSessionStepInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SalveSessionStepRun, salve_session_step_run, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (SALVE_TYPE_SESSION_STEP, step_iface_init))

static const char *
intensity_unit (SalveModality modality)
{
  switch (modality)
    {
    case SALVE_MODALITY_LASER:
      return "mW";
    case SALVE_MODALITY_PEMF:
      return "µT";
    case SALVE_MODALITY_TENS:
    case SALVE_MODALITY_NMES:
    case SALVE_N_MODALITIES:
    default:
      return "mA";
    }
}

/* The session's clock has ended, but the treatment still waits for the
 * device to confirm its stop (its output may still be on): not over yet. */
static gboolean
stopping (SalveSessionStepRun *self,
          SalveSessionRunner  *runner)
{
  SalveTreatment *treatment = salve_session_state_get_treatment (self->state);

  return salve_session_runner_get_state (runner) == SALVE_RUNNER_FINISHED &&
         salve_treatment_get_step (treatment) < SALVE_TREATMENT_STEP_AFTER;
}

static char *
run_status (SalveSessionStepRun *self,
            SalveSessionRunner  *runner)
{
  SalveStimulator *stimulator = salve_treatment_get_stimulator (salve_session_state_get_treatment (self->state));
  const char *name = salve_session_state_get_choice (self->state)->name;
  const char *what;

  switch (salve_session_runner_get_state (runner))
    {
    case SALVE_RUNNER_PAUSED:
      what = _("Paused: the output is off");
      break;
    case SALVE_RUNNER_FINISHED:
      /* Translators: the session's state while Salve waits for the
       * device to confirm that its output is off */
      what = stopping (self, runner) ? _("Stopping…") : _("Finished");
      break;
    case SALVE_RUNNER_READY:
    case SALVE_RUNNER_RUNNING:
    default:
      what = _("Running");
      break;
    }

  if (stimulator != NULL)
    {
      int battery = salve_stimulator_get_battery (stimulator);

      if (!salve_stimulator_get_contact (stimulator, 0))
        return g_strdup_printf (_("%s · %s · an electrode is off the skin"), name, what);
      if (battery >= 0 && battery <= 100)
        /* Translators: the space before % does not break (U+00A0), so
         * that a narrow window never puts the % on a line of its own */
        return g_strdup_printf (_("%s · %s · battery %d\u00a0%%"), name, what, battery);
      return g_strdup_printf ("%s · %s", name, what);
    }

  return g_strdup_printf (_("%s · %s · Salve keeps the time"), name, what);
}

/* What to do now: a point to move to, a muscle to tighten, a level. */
static char *
run_prompt (SalveSessionStepRun *self,
            SalveSessionRunner  *runner)
{
  SalveModality modality = salve_session_state_get_modality (self->state);
  g_autofree char *goal_text = NULL;

  if (salve_session_runner_get_state (runner) == SALVE_RUNNER_PAUSED)
    return g_strdup (_("Paused. Press Resume to go on; the intensity builds up again."));
  /* Not over while the device may still deliver: the output beside it
   * is what the device still reports. */
  if (stopping (self, runner))
    return g_strdup (_("Stopping: waiting for the device to confirm that its output is off."));
  /* Over: no "building up" under "Finished · 0 mA"; but no "over" as if
   * all were well for a device that never confirmed its stop. */
  if (salve_session_runner_get_state (runner) == SALVE_RUNNER_FINISHED &&
      salve_treatment_get_unconfirmed_stop_advice (salve_session_state_get_treatment (self->state)) != NULL)
    return g_strdup (salve_treatment_get_unconfirmed_stop_advice (salve_session_state_get_treatment (self->state)));
  if (salve_session_runner_get_state (runner) == SALVE_RUNNER_FINISHED)
    return g_strdup (_("The session is over."));

  if (salve_session_runner_get_n_points (runner) > 0)
    {
      g_autofree char *left = _salve_session_step_format_clock (salve_session_runner_get_point_remaining_ms (runner) + 999);

      /* Translators: "Point 2 of 4 · 00:40" */
      return g_strdup_printf (_("Point %u of %u · %s"), salve_session_runner_get_point (runner),
                              salve_session_runner_get_n_points (runner), left);
    }

  if (salve_session_runner_has_rhythm (runner))
    {
      gint64 left = (salve_session_runner_get_phase_remaining_ms (runner) + 999) / 1000;

      if (salve_session_runner_get_rhythm_on (runner))
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tighten the muscle · %d second",
                                             "Tighten the muscle · %d seconds", left), (int) left);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Rest · %d second",
                                           "Rest · %d seconds", left), (int) left);
    }

  if (modality == SALVE_MODALITY_PEMF)
    return g_strdup (_("Lie still; the session ends by itself."));

  goal_text = _salve_session_step_format_value (salve_session_runner_get_intensity_goal (runner),
                                                intensity_unit (modality));

  if (salve_treatment_get_stimulator (salve_session_state_get_treatment (self->state)) == NULL)
    return g_strdup_printf (_("Set your device to %s, raising it gradually."), goal_text);

  /* "+" adds nothing until then (salve_session_runner_intensity_up()). */
  if (salve_session_runner_get_output (runner) + 0.05 < salve_session_runner_get_intensity_goal (runner))
    return g_strdup_printf (_("Building up gradually to %s. + adds a step once it is reached."), goal_text);

  /* Where the feeling is reduced, feeling is no guide (as the preparation
   * said): no "if it feels too weak". */
  {
    SalveTreatment *treatment = salve_session_state_get_treatment (self->state);
    double ceiling = salve_treatment_get_ceiling (treatment);

    if (salve_treatment_wants_skin_check (treatment) && !isnan (ceiling))
      {
        g_autofree char *most = _salve_session_step_format_value (ceiling, intensity_unit (modality));

        /* Translators: the level now, and the most allowed with reduced sensation */
        return g_strdup_printf (_("Steady at %s. With reduced sensation, do not go by what you feel: "
                                  "stay at %s or below; − lowers it."), goal_text, most);
      }
  }

  return g_strdup_printf (_("Steady at %s. Use + and − if it feels too weak or too strong."), goal_text);
}

void
salve_session_step_run_update (SalveSessionStepRun *self)
{
  SalveSessionRunner *runner;
  g_autofree char *status = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *total = NULL;
  g_autofree char *output = NULL;
  g_autofree char *prompt = NULL;
  gint64 elapsed, total_ms;

  g_return_if_fail (SALVE_IS_SESSION_STEP_RUN (self));

  if (self->state == NULL ||
      (runner = salve_treatment_get_runner (salve_session_state_get_treatment (self->state))) == NULL)
    return;

  elapsed = salve_session_runner_get_elapsed_ms (runner);
  total_ms = salve_session_runner_get_total_ms (runner);

  status = run_status (self, runner);
  gtk_label_set_text (self->run_status_label, status);

  if (total_ms > 0)
    {
      g_autofree char *total_clock = _salve_session_step_format_clock (total_ms);

      /* Count down: "how long still" is what a person wants to know. */
      clock = _salve_session_step_format_clock (total_ms - elapsed + 999);
      total = g_strdup_printf (_("left of %s"), total_clock);
      gtk_progress_bar_set_fraction (self->progress_bar, CLAMP ((double) elapsed / total_ms, 0, 1));
    }
  else
    {
      clock = _salve_session_step_format_clock (elapsed);
      total = g_strdup (_("elapsed"));
      gtk_progress_bar_pulse (self->progress_bar);
    }
  gtk_label_set_text (self->timer_label, clock);
  gtk_label_set_text (self->total_label, total);

  output = _salve_session_step_format_value (salve_session_runner_get_output (runner),
                                             intensity_unit (salve_session_state_get_modality (self->state)));
  gtk_label_set_text (self->output_label, output);

  prompt = run_prompt (self, runner);
  gtk_label_set_text (self->prompt_label, prompt);

  gtk_button_set_label (self->pause_button,
                        salve_session_runner_get_state (runner) == SALVE_RUNNER_PAUSED ? _("_Resume") : _("_Pause"));
}

void
salve_session_step_run_set_inhibiting (SalveSessionStepRun *self,
                                       gboolean             inhibiting)
{
  g_return_if_fail (SALVE_IS_SESSION_STEP_RUN (self));

  gtk_widget_set_visible (self->inhibit_box, inhibiting);
}

static void
on_point_changed (SalveTreatment      *treatment,
                  guint                point,
                  SalveSessionStepRun *self)
{
  if (point > 1)
    {
      g_autofree char *message = g_strdup_printf (_("Move to point %u"), point);
      _salve_session_step_toast (SALVE_SESSION_STEP (self), message);
    }
  gtk_widget_error_bell (GTK_WIDGET (self));
  salve_session_step_run_update (self);
}

static gboolean
focus_pause (gpointer data)
{
  SalveSessionStepRun *self = data;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->pause_button));

  return G_SOURCE_REMOVE;
}

/* Once the treatment runs, the step shows what its runner does. */
static void
on_treatment_step (SalveTreatment      *treatment,
                   int                  step,
                   SalveSessionStepRun *self)
{
  SalveModality modality = salve_treatment_get_modality (treatment);
  gboolean connected = salve_treatment_get_stimulator (treatment) != NULL;
  gboolean adjustable = salve_modality_is_electrical (modality) || connected;

  /* The wait for the device's stop is over: "Stopping…" no longer. */
  if (step == SALVE_TREATMENT_STEP_AFTER)
    {
      salve_session_step_run_update (self);
      return;
    }
  if (step != SALVE_TREATMENT_STEP_RUNNING || salve_treatment_get_runner (treatment) == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_widget_set_visible (self->intensity_box, TRUE);
  gtk_widget_set_visible (self->down_button, adjustable);
  gtk_widget_set_visible (self->up_button, adjustable);
  gtk_label_set_text (self->output_caption,
                      connected ? _("output, from the device")
                                : (adjustable ? _("set on your device") : _("your device’s setting")));
  /* What the device reports, as it reports it: the runner's clock stands
   * still while paused, and the output then falls to 0 all the same. */
  if (connected)
    {
      g_signal_handlers_disconnect_by_func (salve_treatment_get_stimulator (treatment),
                                            salve_session_step_run_update, self);
      g_signal_connect_object (salve_treatment_get_stimulator (treatment), "notify::output",
                               G_CALLBACK (salve_session_step_run_update), self, G_CONNECT_SWAPPED);
    }
  salve_session_step_run_update (self);
  /* Pause has the focus once it can be pressed (after the window has
   * enabled it for this step): a key pressed by chance pauses the
   * output, never raises it. */
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, focus_pause, g_object_ref (self), g_object_unref);
}

static void
salve_session_step_run_set_state (SalveSessionStep  *step,
                                  SalveSessionState *state)
{
  SalveSessionStepRun *self = SALVE_SESSION_STEP_RUN (step);
  SalveTreatment *treatment = salve_session_state_get_treatment (state);

  g_set_object (&self->state, state);
  g_signal_connect_object (treatment, "step", G_CALLBACK (on_treatment_step), self, 0);
  g_signal_connect_object (treatment, "tick", G_CALLBACK (salve_session_step_run_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (treatment, "point-changed", G_CALLBACK (on_point_changed), self, 0);
}

/* Until a connected device answers there is nothing to show but that. */
static void
salve_session_step_run_enter (SalveSessionStep *step)
{
  SalveSessionStepRun *self = SALVE_SESSION_STEP_RUN (step);

  if (salve_treatment_get_runner (salve_session_state_get_treatment (self->state)) == NULL)
    {
      gtk_label_set_text (self->run_status_label, _("Connecting to the device…"));
      gtk_label_set_text (self->prompt_label, "");
      gtk_widget_set_visible (self->intensity_box, FALSE);
    }

  gtk_widget_set_visible (self->practice_label,
                          salve_treatment_get_simulated (salve_session_state_get_treatment (self->state)));

  /* Pause has the focus when it can be pressed already. */
  gtk_widget_grab_focus (GTK_WIDGET (self->pause_button));
}

static gboolean
salve_session_step_run_get_can_continue (SalveSessionStep *step)
{
  return FALSE;
}

static void
step_iface_init (SalveSessionStepInterface *iface)
{
  iface->set_state = salve_session_step_run_set_state;
  iface->enter = salve_session_step_run_enter;
  iface->get_can_continue = salve_session_step_run_get_can_continue;
}

static void
salve_session_step_run_dispose (GObject *object)
{
  SalveSessionStepRun *self = SALVE_SESSION_STEP_RUN (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SALVE_TYPE_SESSION_STEP_RUN);
  _salve_session_step_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->state);

  G_OBJECT_CLASS (salve_session_step_run_parent_class)->dispose (object);
}

static void
salve_session_step_run_class_init (SalveSessionStepRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_session_step_run_dispose;

  _salve_session_step_class_setup (widget_class, "/io/github/salve/Salve/salve-session-step-run.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepRun, run_status_label);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepRun, practice_label);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepRun, timer_label);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepRun, total_label);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepRun, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepRun, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepRun, intensity_box);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepRun, down_button);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepRun, up_button);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepRun, output_label);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepRun, output_caption);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepRun, pause_button);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepRun, inhibit_box);
}

static void
salve_session_step_run_init (SalveSessionStepRun *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
