/* salve-modality.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-modality"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "salve-modality.h"

typedef struct
{
  const char *id;
  const char *name;
  const char *unit;
} ParamEntry;

static const ParamEntry params[SALVE_N_PARAMS] = {
  [SALVE_PARAM_INTENSITY_MA]  = { "intensity-ma",  N_("Intensity"),       "mA" },
  [SALVE_PARAM_FREQUENCY_HZ]  = { "frequency-hz",  N_("Frequency"),       "Hz" },
  [SALVE_PARAM_PULSE_US]      = { "pulse-us",      N_("Pulse width"),     "µs" },
  [SALVE_PARAM_ELECTRODE_CM2] = { "electrode-cm2", N_("Electrode area"),  "cm²" },
  [SALVE_PARAM_ON_S]          = { "on-s",          N_("On time"),         "s" },
  [SALVE_PARAM_OFF_S]         = { "off-s",         N_("Off time"),        "s" },
  [SALVE_PARAM_RAMP_S]        = { "ramp-s",        N_("Ramp"),            "s" },
  [SALVE_PARAM_POWER_MW]      = { "power-mw",      N_("Power"),           "mW" },
  [SALVE_PARAM_WAVELENGTH_NM] = { "wavelength-nm", N_("Wavelength"),      "nm" },
  [SALVE_PARAM_DOSE_J]        = { "dose-j",        N_("Dose per point"),  "J" },
  [SALVE_PARAM_POINTS]        = { "points",        N_("Points"),          "" },
  [SALVE_PARAM_BEAM_CM2]      = { "beam-cm2",      N_("Beam area"),       "cm²" },
  [SALVE_PARAM_FIELD_UT]      = { "field-ut",      N_("Field strength"),  "µT" },
  [SALVE_PARAM_MINUTES]       = { "minutes",       N_("Duration"),        "min" },
};

/* Typical ranges and limits from domain.md. A limit is a hard one where a
 * source sets it (50 mA, class 3B 500 mW, consumer units' 1–200 Hz and
 * 50–250 µs for TENS). Elsewhere the limits only reject values that cannot
 * be meant: a negative area, a ramp of zero (intensity never rises in a
 * jump), and above, a value no home treatment uses — a day-long session,
 * an electrode larger than a back, a field far beyond any home PEMF unit
 * (BEMER's strongest is 150 µT). Every parameter has both, so nothing
 * downstream (a session's length in milliseconds, a wire value) ever sees
 * an unbounded number. */
static const SalveParamSpec tens_params[] = {
  { SALVE_PARAM_INTENSITY_MA,  "intensity-ma",  "mA",  8,   18,  0,   SALVE_MAX_INTENSITY_MA, 0.5, 10 },
  { SALVE_PARAM_FREQUENCY_HZ,  "frequency-hz",  "Hz",  1,   150, 1,   200,    1,   100 },
  { SALVE_PARAM_PULSE_US,      "pulse-us",      "µs",  50,  250, 50,  250,    10,  200 },
  { SALVE_PARAM_ELECTRODE_CM2, "electrode-cm2", "cm²", 4,   50,  0.5, 600,    0.5, 25 },
  { SALVE_PARAM_MINUTES,       "minutes",       "min", 30,  60,  0,   SALVE_MAX_SESSION_MINUTES, 1, 30 },
};

static const SalveParamSpec nmes_params[] = {
  { SALVE_PARAM_INTENSITY_MA,  "intensity-ma",  "mA",  15,  50,  0,   SALVE_MAX_INTENSITY_MA, 0.5, 20 },
  { SALVE_PARAM_FREQUENCY_HZ,  "frequency-hz",  "Hz",  30,  50,  1,   200,    1,   35 },
  { SALVE_PARAM_PULSE_US,      "pulse-us",      "µs",  400, 600, 50,  600,    10,  400 },
  { SALVE_PARAM_ELECTRODE_CM2, "electrode-cm2", "cm²", 16,  50,  0.5, 600,    0.5, 45 },
  { SALVE_PARAM_ON_S,          "on-s",          "s",   5,   15,  1,   60,     1,   10 },
  { SALVE_PARAM_OFF_S,         "off-s",         "s",   10,  50,  1,   120,    1,   20 },
  { SALVE_PARAM_RAMP_S,        "ramp-s",        "s",   0.5, 3.5, 0.5, 10,     0.5, 2 },
  { SALVE_PARAM_MINUTES,       "minutes",       "min", 20,  40,  0,   120,    1,   40 },
};

static const SalveParamSpec laser_params[] = {
  { SALVE_PARAM_POWER_MW,      "power-mw",      "mW",  5,    500,  0,     SALVE_MAX_LASER_POWER_MW, 5, 100 },
  { SALVE_PARAM_WAVELENGTH_NM, "wavelength-nm", "nm",  780,  860,  400,   1100, 1,    808 },
  { SALVE_PARAM_DOSE_J,        "dose-j",        "J",   1,    8,    0,     50,   0.5,  4 },
  { SALVE_PARAM_POINTS,        "points",        "",    1,    10,   1,     50,   1,    2 },
  { SALVE_PARAM_BEAM_CM2,      "beam-cm2",      "cm²", 0.05, 1,    0.001, 10,   0.01, 0.5 },
  { SALVE_PARAM_MINUTES,       "minutes",       "min", 1,    10,   0,     60,   0.5,  2 },
};

static const SalveParamSpec pemf_params[] = {
  { SALVE_PARAM_FIELD_UT,      "field-ut",      "µT",  10,  150, 0,   SALVE_MAX_FIELD_UT, 1, 35 },
  { SALVE_PARAM_FREQUENCY_HZ,  "frequency-hz",  "Hz",  1,   50,  0,   1000,   0.1, 33.3 },
  { SALVE_PARAM_MINUTES,       "minutes",       "min", 8,   20,  0,   120,    1,   8 },
};

typedef struct
{
  const SalveParamSpec *specs;
  guint                 n_specs;
} ModalityParams;

static const ModalityParams modality_params[SALVE_N_MODALITIES] = {
  [SALVE_MODALITY_TENS]  = { tens_params,  G_N_ELEMENTS (tens_params) },
  [SALVE_MODALITY_NMES]  = { nmes_params,  G_N_ELEMENTS (nmes_params) },
  [SALVE_MODALITY_LASER] = { laser_params, G_N_ELEMENTS (laser_params) },
  [SALVE_MODALITY_PEMF]  = { pemf_params,  G_N_ELEMENTS (pemf_params) },
};

const char *
salve_param_to_id (SalveParam param)
{
  g_return_val_if_fail (param < SALVE_N_PARAMS, NULL);
  return params[param].id;
}

gboolean
salve_param_from_id (const char *id,
                     SalveParam *param)
{
  if (id == NULL)
    return FALSE;

  for (guint i = 0; i < SALVE_N_PARAMS; i++)
    {
      if (g_str_equal (params[i].id, id))
        {
          *param = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
salve_param_get_name (SalveParam param)
{
  g_return_val_if_fail (param < SALVE_N_PARAMS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, params[param].name);
}

const char *
salve_param_get_unit (SalveParam param)
{
  g_return_val_if_fail (param < SALVE_N_PARAMS, NULL);
  return params[param].unit;
}

const SalveParamSpec *
salve_modality_get_params (SalveModality  modality,
                           guint         *n_specs)
{
  g_return_val_if_fail (modality < SALVE_N_MODALITIES, NULL);
  g_return_val_if_fail (n_specs != NULL, NULL);

  *n_specs = modality_params[modality].n_specs;
  return modality_params[modality].specs;
}

const SalveParamSpec *
salve_modality_get_param (SalveModality modality,
                          SalveParam    param)
{
  g_return_val_if_fail (modality < SALVE_N_MODALITIES, NULL);

  for (guint i = 0; i < modality_params[modality].n_specs; i++)
    if (modality_params[modality].specs[i].param == param)
      return &modality_params[modality].specs[i];

  return NULL;
}

gboolean
salve_modality_is_electrical (SalveModality modality)
{
  return modality == SALVE_MODALITY_TENS || modality == SALVE_MODALITY_NMES;
}

SalveParam
salve_modality_get_intensity_param (SalveModality modality)
{
  g_return_val_if_fail (modality < SALVE_N_MODALITIES, SALVE_PARAM_INTENSITY_MA);

  switch (modality)
    {
    case SALVE_MODALITY_LASER: return SALVE_PARAM_POWER_MW;
    case SALVE_MODALITY_PEMF:  return SALVE_PARAM_FIELD_UT;
    case SALVE_MODALITY_TENS:
    case SALVE_MODALITY_NMES:
    case SALVE_N_MODALITIES:
    default:                   return SALVE_PARAM_INTENSITY_MA;
    }
}

void
salve_plan_init (SalvePlan     *plan,
                 SalveModality  modality,
                 SalveSite      site)
{
  g_return_if_fail (plan != NULL);
  g_return_if_fail (modality < SALVE_N_MODALITIES);
  g_return_if_fail (site < SALVE_N_SITES);

  memset (plan, 0, sizeof *plan);
  plan->modality = modality;
  plan->site = site;
  for (guint i = 0; i < SALVE_N_PARAMS; i++)
    plan->values[i] = NAN;
}

void
salve_plan_clear (SalvePlan *plan)
{
  g_return_if_fail (plan != NULL);
  g_clear_pointer (&plan->device_name, g_free);
}

gboolean
salve_plan_numbness_applies (const SalvePlan *plan)
{
  g_return_val_if_fail (plan != NULL, TRUE);

  if (plan->numb_noted_unix < 0)
    return TRUE;
  if (plan->numb_noted_unix == 0)
    return FALSE;
  return plan->numb_site_unknown || plan->site >= SALVE_N_SITES ||
         (plan->numb_site_mask & (1u << plan->site)) != 0;
}

void
salve_plan_set (SalvePlan  *plan,
                SalveParam  param,
                double      value)
{
  g_return_if_fail (plan != NULL);
  g_return_if_fail (param < SALVE_N_PARAMS);

  plan->values[param] = value;
  plan->set_mask |= 1u << param;
}

void
salve_plan_unset (SalvePlan  *plan,
                  SalveParam  param)
{
  g_return_if_fail (plan != NULL);
  g_return_if_fail (param < SALVE_N_PARAMS);

  plan->values[param] = NAN;
  plan->set_mask &= ~(1u << param);
}

gboolean
salve_plan_is_set (const SalvePlan *plan,
                   SalveParam       param)
{
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (param < SALVE_N_PARAMS, FALSE);

  return (plan->set_mask & (1u << param)) != 0;
}

gboolean
salve_plan_get (const SalvePlan *plan,
                SalveParam       param,
                double          *value)
{
  if (!salve_plan_is_set (plan, param))
    return FALSE;

  if (value != NULL)
    *value = plan->values[param];
  return TRUE;
}

void
salve_plan_set_device_limit (SalvePlan  *plan,
                             SalveParam  param,
                             double      min,
                             double      max)
{
  g_return_if_fail (plan != NULL);
  g_return_if_fail (param < SALVE_N_PARAMS);

  plan->device_limits[param].set = TRUE;
  plan->device_limits[param].min = min;
  plan->device_limits[param].max = max;
}

void
salve_plan_set_device_name (SalvePlan  *plan,
                            const char *name)
{
  g_return_if_fail (plan != NULL);

  g_free (plan->device_name);
  plan->device_name = g_strdup (name);
}

double
salve_stim_duty_cycle (double pulse_us,
                       double frequency_hz)
{
  if (!(pulse_us > 0) || !(frequency_hz > 0))
    return NAN;

  /* Pulses cannot overlap: a duty above 1 would mean direct current. */
  return MIN (pulse_us * 1e-6 * frequency_hz, 1.0);
}

double
salve_stim_rms_ma (double peak_ma,
                   double pulse_us,
                   double frequency_hz)
{
  double duty = salve_stim_duty_cycle (pulse_us, frequency_hz);

  if (isnan (duty) || isnan (peak_ma))
    return NAN;

  return fabs (peak_ma) * sqrt (duty);
}

double
salve_stim_energy_per_pulse_mj (double peak_ma,
                                double pulse_us)
{
  /* I²·R·t at the 500 Ω load IEC 60601-2-10 measures against. */
  double amps = peak_ma / 1000.0;

  return amps * amps * 500.0 * (pulse_us * 1e-6) * 1000.0;
}

double
salve_stim_charge_per_phase_uc (double peak_ma,
                                double pulse_us)
{
  return peak_ma * pulse_us / 1000.0;
}

double
salve_plan_current_density (const SalvePlan *plan,
                            gboolean        *used_rms)
{
  double intensity, area, pulse, frequency;
  double current;
  gboolean rms = FALSE;

  g_return_val_if_fail (plan != NULL, NAN);

  if (used_rms != NULL)
    *used_rms = FALSE;

  if (!salve_plan_get (plan, SALVE_PARAM_INTENSITY_MA, &intensity) ||
      !salve_plan_get (plan, SALVE_PARAM_ELECTRODE_CM2, &area) ||
      !(area > 0))
    return NAN;

  current = fabs (intensity);
  if (salve_plan_get (plan, SALVE_PARAM_PULSE_US, &pulse) &&
      salve_plan_get (plan, SALVE_PARAM_FREQUENCY_HZ, &frequency) &&
      !isnan (salve_stim_duty_cycle (pulse, frequency)))
    {
      current = salve_stim_rms_ma (intensity, pulse, frequency);
      rms = TRUE;
    }

  if (used_rms != NULL)
    *used_rms = rms;

  return current / area;
}

double
salve_laser_seconds (double dose_j,
                     double power_mw)
{
  if (!(power_mw > 0) || !(dose_j >= 0))
    return NAN;

  return dose_j / (power_mw / 1000.0);
}

double
salve_laser_fluence_j_cm2 (double power_mw,
                           double beam_cm2,
                           double seconds)
{
  if (!(beam_cm2 > 0))
    return NAN;

  return (power_mw / 1000.0) / beam_cm2 * seconds;
}

double
salve_laser_irradiance_mw_cm2 (double power_mw,
                               double beam_cm2)
{
  if (!(beam_cm2 > 0))
    return NAN;

  return power_mw / beam_cm2;
}
