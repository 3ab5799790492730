/* salve-session-step-prepare.c: step 3, preparation and the plan's values
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-step-prepare"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "salve-placement-picture.h"
#include "salve-session-steps.h"
#include "salve-spin.h"

struct _SalveSessionStepPrepare
{
  GtkWidget            parent_instance;

  SalveSessionState   *state;
  GPtrArray           *step_rows;
  GPtrArray           *plan_rows;
  GPtrArray           *spins;        /* GtkSpinButton, each editing… */
  GArray              *spin_params;  /* …the SalveParam at the same index */
  AdwActionRow        *time_row;     /* laser: t = E / P, kept current */
  GtkLabel            *time_label;
  AdwActionRow        *fluence_row;
  GtkLabel            *fluence_label;
  AdwActionRow        *electrode_row; /* electrical: the current density, kept current */

  AdwPreferencesGroup *steps_group;
  AdwPreferencesGroup *picture_group;
  AdwPreferencesGroup *plan_group;
  AdwPreferencesGroup *eye_group;
  GtkCheckButton      *eye_check;
};

static void step_iface_init (SalveSessionStepInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SalveSessionStepPrepare, salve_session_step_prepare, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (SALVE_TYPE_SESSION_STEP, step_iface_init))

static AdwActionRow *
add_info_row (SalveSessionStepPrepare  *self,
              const char               *title,
              const char               *value,
              GtkLabel                **label_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (self->plan_group, row);
  g_ptr_array_add (self->plan_rows, row);

  if (label_out != NULL)
    *label_out = GTK_LABEL (label);
  return ADW_ACTION_ROW (row);
}

/* A value of the plan as the treatment has it now; 0 when not set. */
static double
value_of (SalveSessionStepPrepare *self,
          SalveParam               param)
{
  double value = 0;

  salve_treatment_get_param (salve_session_state_get_treatment (self->state), param, &value);
  return value;
}

/* t = E / P and the energy density follow the dose as it is edited. */
static void
update_laser_rows (SalveSessionStepPrepare *self)
{
  double power = value_of (self, SALVE_PARAM_POWER_MW);
  double dose = value_of (self, SALVE_PARAM_DOSE_J);
  double beam = value_of (self, SALVE_PARAM_BEAM_CM2);
  double t = (power > 0 && dose > 0) ? salve_laser_seconds (dose, power) : 0;
  g_autofree char *seconds = _salve_session_step_format_value (round (t), "s");
  g_autofree char *why = g_strdup_printf (_("t = E / P = %.1f J / %.3f W"), dose, power / 1000.0);

  if (self->time_row != NULL)
    {
      gtk_label_set_text (self->time_label, seconds);
      adw_action_row_set_subtitle (self->time_row, why);
    }

  if (self->fluence_row != NULL && beam > 0)
    {
      g_autofree char *fluence = _salve_session_step_format_value (salve_laser_fluence_j_cm2 (power, beam, t), "J/cm²");
      g_autofree char *how = g_strdup_printf (_("Energy density on a beam of %.2f cm²"), beam);

      gtk_label_set_text (self->fluence_label, fluence);
      adw_action_row_set_subtitle (self->fluence_row, how);
    }
}

/* The current density at the planned intensity, as a value is changed:
 * the figure the safety check compares with 2 mA/cm²
 * (salve_plan_current_density()), r.m.s. once pulse width and frequency
 * are known. The peak over the area, shown beside an r.m.s. check, read
 * as above the limit while the check saw nothing to caution. */
static void
update_density (SalveSessionStepPrepare *self)
{
  static const SalveParam used[] = {
    SALVE_PARAM_INTENSITY_MA, SALVE_PARAM_ELECTRODE_CM2, SALVE_PARAM_PULSE_US, SALVE_PARAM_FREQUENCY_HZ,
  };
  SalveTreatment *treatment = salve_session_state_get_treatment (self->state);
  SalveSite site = salve_session_state_get_site (self->state);
  g_autofree char *text = NULL;
  SalvePlan plan;
  gboolean rms;
  double density;

  if (self->electrode_row == NULL)
    return;

  /* The density does not depend on the site; the plan wants one. */
  salve_plan_init (&plan, salve_session_state_get_modality (self->state), site < SALVE_N_SITES ? site : 0);
  for (guint i = 0; i < G_N_ELEMENTS (used); i++)
    {
      double value;

      if (salve_treatment_get_param (treatment, used[i], &value))
        salve_plan_set (&plan, used[i], value);
    }
  density = salve_plan_current_density (&plan, &rms);
  salve_plan_clear (&plan);
  if (isnan (density))
    return;

  if (rms)
    text = g_strdup_printf (_("%.1f mA/cm² (r.m.s.) at the planned intensity, pulse width and frequency; "
                              "keep below 2 mA/cm²."), density);
  else
    text = g_strdup_printf (_("At most %.1f mA/cm² at the planned intensity; keep below 2 mA/cm²."), density);
  adw_action_row_set_subtitle (self->electrode_row, text);
}

static void
on_spin_changed (GtkSpinButton           *spin,
                 SalveSessionStepPrepare *self)
{
  guint index;

  if (!g_ptr_array_find (self->spins, spin, &index))
    return;

  salve_treatment_set_param (salve_session_state_get_treatment (self->state),
                             g_array_index (self->spin_params, SalveParam, index),
                             gtk_spin_button_get_value (spin));

  if (salve_session_state_get_modality (self->state) == SALVE_MODALITY_LASER)
    update_laser_rows (self);
  else
    update_density (self);
}

static void
add_spin_row (SalveSessionStepPrepare *self,
              SalveParam               param,
              double                   max)
{
  const SalveParamSpec *spec = salve_modality_get_param (salve_session_state_get_modality (self->state), param);
  const char *key = salve_param_to_id (param);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin;
  GtkWidget *unit;
  double upper;
  double step;
  double value;

  if (spec == NULL)
    return;

  step = spec->step > 0 ? spec->step : 1;
  upper = isfinite (spec->limit_max) ? spec->limit_max : spec->typical_max * 4;
  if (!isnan (max))
    upper = MIN (upper, max);

  spin = gtk_spin_button_new_with_range (MAX (spec->limit_min, step), upper, step);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), step < 1 ? 1 : 0);
  salve_spin_button_read_strictly (GTK_SPIN_BUTTON (spin));
  if (!salve_treatment_get_param (salve_session_state_get_treatment (self->state), param, &value))
    value = spec->default_value;
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  /* Named by the parameter's id, as in the CLI and the CSV files. */
  gtk_widget_set_name (spin, key);
  g_ptr_array_add (self->spins, spin);
  g_array_append_val (self->spin_params, param);
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_spin_changed), self);

  unit = gtk_label_new (salve_param_get_unit (param));
  gtk_widget_add_css_class (unit, "dim-label");
  /* One width for every unit (and for none), so that the spin buttons
   * stand in one column and a narrow unit is not squeezed to the edge. */
  gtk_label_set_width_chars (GTK_LABEL (unit), 4);
  gtk_label_set_xalign (GTK_LABEL (unit), 0);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), salve_param_get_name (param));
  /* A value above what this person and device allow is taken down to it:
   * said where it happens, not silently. */
  if (!isnan (max) && (!isfinite (spec->limit_max) || max < spec->limit_max))
    {
      g_autofree char *most = _salve_session_step_format_value (upper, salve_param_get_unit (param));
      g_autofree char *subtitle = g_strdup_printf (_("At most %s: the most this person and device allow"), most);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
  else if (isfinite (spec->limit_max) &&
           param == salve_modality_get_intensity_param (salve_session_state_get_modality (self->state)))
    {
      /* The treatment's own limit on the intensity: 99 mA typed became
       * 50 without a word. Not called safe: burns are possible near it,
       * and most people need far less. */
      g_autofree char *most = _salve_session_step_format_value (upper, salve_param_get_unit (param));
      g_autofree char *subtitle = g_strdup_printf (_("At most %s: the most Salve allows for this treatment, not a level to aim for"), most);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), unit);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  salve_param_get_name (param), -1);
  adw_preferences_group_add (self->plan_group, row);
  g_ptr_array_add (self->plan_rows, row);
}

static void
add_electrical_rows (SalveSessionStepPrepare *self,
                     SalveModality            modality)
{
  g_autofree char *hz = _salve_session_step_format_value (value_of (self, SALVE_PARAM_FREQUENCY_HZ), "Hz");
  g_autofree char *us = _salve_session_step_format_value (value_of (self, SALVE_PARAM_PULSE_US), "µs");
  double cm2 = value_of (self, SALVE_PARAM_ELECTRODE_CM2);

  add_spin_row (self, SALVE_PARAM_INTENSITY_MA, salve_treatment_get_ceiling (salve_session_state_get_treatment (self->state)));
  add_info_row (self, salve_param_get_name (SALVE_PARAM_FREQUENCY_HZ), hz, NULL);
  add_info_row (self, salve_param_get_name (SALVE_PARAM_PULSE_US), us, NULL);

  if (modality == SALVE_MODALITY_NMES)
    {
      g_autofree char *on = _salve_session_step_format_value (value_of (self, SALVE_PARAM_ON_S), "s");
      g_autofree char *off = _salve_session_step_format_value (value_of (self, SALVE_PARAM_OFF_S), "s");
      g_autofree char *ramp = _salve_session_step_format_value (value_of (self, SALVE_PARAM_RAMP_S), "s");
      g_autofree char *rhythm = g_strdup_printf (_("%s on, %s off"), on, off);

      add_info_row (self, _("Rhythm"), rhythm, NULL);
      add_info_row (self, salve_param_get_name (SALVE_PARAM_RAMP_S), ramp, NULL);
    }

  self->electrode_row = NULL;
  if (cm2 > 0)
    {
      g_autofree char *area = _salve_session_step_format_value (cm2, "cm²");

      self->electrode_row = add_info_row (self, _("Electrode size"), area, NULL);
      update_density (self);
    }

  add_spin_row (self, SALVE_PARAM_MINUTES, NAN);
}

static void
rebuild_plan_rows (SalveSessionStepPrepare *self)
{
  SalveModality modality = salve_session_state_get_modality (self->state);

  _salve_session_step_remove_rows (self->plan_group, self->plan_rows);
  self->electrode_row = NULL;
  g_ptr_array_set_size (self->spins, 0);
  g_array_set_size (self->spin_params, 0);
  self->time_row = NULL;
  self->time_label = NULL;
  self->fluence_row = NULL;
  self->fluence_label = NULL;

  switch (modality)
    {
    case SALVE_MODALITY_TENS:
    case SALVE_MODALITY_NMES:
      add_electrical_rows (self, modality);
      break;

    case SALVE_MODALITY_LASER:
      {
        g_autofree char *mw = _salve_session_step_format_value (value_of (self, SALVE_PARAM_POWER_MW), "mW");

        add_spin_row (self, SALVE_PARAM_DOSE_J, NAN);
        add_spin_row (self, SALVE_PARAM_POINTS, NAN);
        add_info_row (self, salve_param_get_name (SALVE_PARAM_POWER_MW), mw, NULL);
        self->time_row = add_info_row (self, _("Time per point"), "", &self->time_label);
        if (value_of (self, SALVE_PARAM_BEAM_CM2) > 0)
          self->fluence_row = add_info_row (self, _("Energy density"), "", &self->fluence_label);
        update_laser_rows (self);
      }
      break;

    case SALVE_MODALITY_PEMF:
      add_spin_row (self, SALVE_PARAM_FIELD_UT, salve_treatment_get_ceiling (salve_session_state_get_treatment (self->state)));
      add_spin_row (self, SALVE_PARAM_MINUTES, NAN);
      break;

    case SALVE_N_MODALITIES:
    default:
      g_assert_not_reached ();
    }
}

static void
salve_session_step_prepare_enter (SalveSessionStep *step)
{
  SalveSessionStepPrepare *self = SALVE_SESSION_STEP_PREPARE (step);
  SalveModality modality = salve_session_state_get_modality (self->state);
  SalvePreset *preset = salve_session_state_get_preset (self->state);
  g_auto(GStrv) common = salve_presets_common_steps (modality);
  const char * const *preset_steps = salve_preset_get_steps (preset);
  /* The site by its name, as the diary and the history show it. */
  const char *site = salve_site_get_name (salve_session_state_get_site (self->state));
  g_autofree char *description = NULL;
  guint n = 0;

  _salve_session_step_remove_rows (self->steps_group, self->step_rows);

  for (guint pass = 0; pass < 2; pass++)
    {
      /* Safety first (device off, glasses on), then the program's own. */
      const char * const *list = pass == 0 ? (const char * const *) common : preset_steps;

      for (guint i = 0; list[i] != NULL; i++)
        {
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *text = g_strdup_printf ("%u", ++n);
          GtkWidget *number = gtk_label_new (text);

          gtk_widget_add_css_class (number, "step-number");
          gtk_widget_set_valign (number, GTK_ALIGN_CENTER);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), list[i]);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), number);
          adw_preferences_group_add (self->steps_group, row);
          g_ptr_array_add (self->step_rows, row);
        }
    }

  /* "Until you feel a strong tingling" is no guide where the feeling is
   * reduced: said right after the steps that say so. */
  {
    SalveTreatment *treatment = salve_session_state_get_treatment (self->state);
    double ceiling = salve_treatment_get_ceiling (treatment);

    if (salve_treatment_wants_skin_check (treatment) && !isnan (ceiling))
      {
        GtkWidget *row = adw_action_row_new ();
        GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
        g_autofree char *most = _salve_session_step_format_value (ceiling, "mA");
        g_autofree char *text = g_strdup_printf (_("With reduced sensation, do not go by what you feel: keep the intensity at %s or below, however little you feel, and check the skin afterwards."),
                                                 most);

        gtk_widget_add_css_class (icon, "warning");
        gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
        adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        gtk_widget_set_name (row, "reduced-sensation-step");
        adw_preferences_group_add (self->steps_group, row);
        g_ptr_array_add (self->step_rows, row);
      }
  }

  /* Translators: "TENS for neuropathic pain in hand or foot · Hand" */
  description = g_strdup_printf (_("%s · %s"), salve_preset_get_name (preset), site);
  adw_preferences_group_set_description (self->steps_group, description);

  /* The glove picture only where the glove goes. */
  gtk_widget_set_visible (GTK_WIDGET (self->picture_group),
                          salve_preset_get_uses_glove (preset) &&
                          salve_preset_fits_site (preset, salve_session_state_get_site (self->state)));
  gtk_widget_set_visible (GTK_WIDGET (self->eye_group), modality == SALVE_MODALITY_LASER);

  rebuild_plan_rows (self);
  salve_session_step_notify_can_continue (step);
}

static void
on_eye_toggled (SalveSessionStepPrepare *self)
{
  salve_session_step_notify_can_continue (SALVE_SESSION_STEP (self));
}

static void
salve_session_step_prepare_set_state (SalveSessionStep  *step,
                                      SalveSessionState *state)
{
  g_set_object (&SALVE_SESSION_STEP_PREPARE (step)->state, state);
}

static gboolean
salve_session_step_prepare_get_can_continue (SalveSessionStep *step)
{
  SalveSessionStepPrepare *self = SALVE_SESSION_STEP_PREPARE (step);

  if (self->state == NULL)
    return FALSE;

  return salve_session_state_get_modality (self->state) != SALVE_MODALITY_LASER ||
         gtk_check_button_get_active (self->eye_check);
}

/* Nothing here must be touched to go on: Next, with the steps in sight
 * above it. The plan's values and Save as Program… are a Tab away, for
 * whoever wants them. The laser's glasses must be confirmed first, at
 * the foot of the page: the first step, so that the page is read from
 * its top, not scrolled past the steps to the box. */
static gboolean
salve_session_step_prepare_focus_first (SalveSessionStep *step)
{
  SalveSessionStepPrepare *self = SALVE_SESSION_STEP_PREPARE (step);

  if (salve_session_step_prepare_get_can_continue (step))
    return FALSE;

  return gtk_widget_child_focus (GTK_WIDGET (self->steps_group), GTK_DIR_TAB_FORWARD) ||
         gtk_widget_grab_focus (GTK_WIDGET (self->eye_check));
}

static void
step_iface_init (SalveSessionStepInterface *iface)
{
  iface->set_state = salve_session_step_prepare_set_state;
  iface->focus_first = salve_session_step_prepare_focus_first;
  iface->enter = salve_session_step_prepare_enter;
  iface->get_can_continue = salve_session_step_prepare_get_can_continue;
}

static void
salve_session_step_prepare_dispose (GObject *object)
{
  SalveSessionStepPrepare *self = SALVE_SESSION_STEP_PREPARE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SALVE_TYPE_SESSION_STEP_PREPARE);
  _salve_session_step_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->state);
  g_clear_pointer (&self->step_rows, g_ptr_array_unref);
  g_clear_pointer (&self->plan_rows, g_ptr_array_unref);
  g_clear_pointer (&self->spins, g_ptr_array_unref);
  g_clear_pointer (&self->spin_params, g_array_unref);

  G_OBJECT_CLASS (salve_session_step_prepare_parent_class)->dispose (object);
}

static void
salve_session_step_prepare_class_init (SalveSessionStepPrepareClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_session_step_prepare_dispose;

  g_type_ensure (SALVE_TYPE_PLACEMENT_PICTURE);

  _salve_session_step_class_setup (widget_class, "/io/github/salve/Salve/salve-session-step-prepare.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepPrepare, steps_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepPrepare, picture_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepPrepare, plan_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepPrepare, eye_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepPrepare, eye_check);
  gtk_widget_class_bind_template_callback (widget_class, on_eye_toggled);
}

static void
salve_session_step_prepare_init (SalveSessionStepPrepare *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->step_rows = g_ptr_array_new ();
  self->plan_rows = g_ptr_array_new ();
  self->spins = g_ptr_array_new ();
  self->spin_params = g_array_new (FALSE, FALSE, sizeof (SalveParam));
}
