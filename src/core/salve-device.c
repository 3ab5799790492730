/* salve-device.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-device"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "salve-device.h"

G_DEFINE_BOXED_TYPE (SalveDevice, salve_device, salve_device_copy, salve_device_free)
G_DEFINE_QUARK (salve-device-error-quark, salve_device_error)

gboolean
salve_device_check_value (SalveModality   modality,
                          SalveParam      param,
                          double          value,
                          GError        **error)
{
  const SalveParamSpec *spec;
  char lo[G_ASCII_DTOSTR_BUF_SIZE], hi[G_ASCII_DTOSTR_BUF_SIZE], given[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (modality < SALVE_N_MODALITIES, FALSE);
  g_return_val_if_fail (param < SALVE_N_PARAMS, FALSE);

  if (isnan (value))
    return TRUE;

  spec = salve_modality_get_param (modality, param);
  if (spec == NULL)
    {
      g_set_error (error, SALVE_DEVICE_ERROR, SALVE_DEVICE_ERROR_NOT_APPLICABLE,
                   /* Translators: "Power does not apply to a TENS device" */
                   _("%s does not apply to a %s device"),
                   salve_param_get_name (param), salve_modality_get_name (modality));
      return FALSE;
    }

  if (value > 0 && value >= spec->limit_min && value <= spec->limit_max)
    return TRUE;

  g_ascii_formatd (lo, sizeof lo, "%g", spec->limit_min);
  g_ascii_formatd (hi, sizeof hi, "%g", spec->limit_max);
  g_ascii_formatd (given, sizeof given, "%g", value);
  if (spec->limit_min > 0)
    g_set_error (error, SALVE_DEVICE_ERROR, SALVE_DEVICE_ERROR_OUT_OF_RANGE,
                 /* Translators: "Wavelength must be from 400 to 1100 nm, not -1 nm" */
                 _("%s must be from %s to %s %s, not %s %s"),
                 salve_param_get_name (param), lo, hi, spec->unit, given, spec->unit);
  else
    g_set_error (error, SALVE_DEVICE_ERROR, SALVE_DEVICE_ERROR_OUT_OF_RANGE,
                 /* Translators: "Intensity must be more than 0 and at most 50 mA, not -5 mA" */
                 _("%s must be more than 0 and at most %s %s, not %s %s"),
                 salve_param_get_name (param), hi, spec->unit, given, spec->unit);
  return FALSE;
}

gboolean
salve_device_check (const SalveDevice  *device,
                    GError            **error)
{
  g_return_val_if_fail (device != NULL, FALSE);

  return salve_device_check_value (device->modality, SALVE_PARAM_INTENSITY_MA, device->max_intensity_ma, error) &&
         salve_device_check_value (device->modality, SALVE_PARAM_POWER_MW, device->max_power_mw, error) &&
         salve_device_check_value (device->modality, SALVE_PARAM_WAVELENGTH_NM, device->wavelength_nm, error) &&
         salve_device_check_value (device->modality, SALVE_PARAM_BEAM_CM2, device->beam_cm2, error) &&
         salve_device_check_value (device->modality, SALVE_PARAM_ELECTRODE_CM2, device->electrode_cm2, error) &&
         salve_device_check_value (device->modality, SALVE_PARAM_FIELD_UT, device->max_field_ut, error);
}

SalveDevice *
salve_device_new (const char    *name,
                  SalveModality  modality)
{
  SalveDevice *device = g_new0 (SalveDevice, 1);

  device->name = g_strdup (name ? name : "");
  device->modality = modality;
  device->model = g_strdup ("");
  device->max_intensity_ma = NAN;
  device->max_power_mw = NAN;
  device->wavelength_nm = NAN;
  device->beam_cm2 = NAN;
  device->electrode_cm2 = NAN;
  device->max_field_ut = NAN;
  device->channels = 1;
  device->connection = g_strdup (SALVE_DEVICE_CONNECTION_MANUAL);

  return device;
}

SalveDevice *
salve_device_copy (const SalveDevice *device)
{
  SalveDevice *copy;

  g_return_val_if_fail (device != NULL, NULL);

  copy = g_new0 (SalveDevice, 1);
  *copy = *device;
  copy->name = g_strdup (device->name);
  copy->model = g_strdup (device->model);
  copy->connection = g_strdup (device->connection);
  copy->created_at = g_strdup (device->created_at);
  copy->removed_at = g_strdup (device->removed_at);

  return copy;
}

void
salve_device_free (SalveDevice *device)
{
  if (device == NULL)
    return;

  g_free (device->name);
  g_free (device->model);
  g_free (device->connection);
  g_free (device->created_at);
  g_free (device->removed_at);
  g_free (device);
}

gboolean
salve_device_is_manual (const SalveDevice *device)
{
  g_return_val_if_fail (device != NULL, TRUE);

  return device->connection == NULL || *device->connection == '\0' ||
         g_str_equal (device->connection, SALVE_DEVICE_CONNECTION_MANUAL);
}

void
salve_device_apply_to_plan (const SalveDevice *device,
                            SalvePlan         *plan)
{
  g_return_if_fail (device != NULL);
  g_return_if_fail (plan != NULL);

  salve_plan_set_device_name (plan, device->name);

  if (!isnan (device->max_intensity_ma))
    salve_plan_set_device_limit (plan, SALVE_PARAM_INTENSITY_MA, 0, device->max_intensity_ma);
  if (!isnan (device->max_power_mw))
    salve_plan_set_device_limit (plan, SALVE_PARAM_POWER_MW, 0, device->max_power_mw);
  if (!isnan (device->max_field_ut))
    salve_plan_set_device_limit (plan, SALVE_PARAM_FIELD_UT, 0, device->max_field_ut);

  if (!isnan (device->electrode_cm2) && salve_modality_get_param (plan->modality, SALVE_PARAM_ELECTRODE_CM2) &&
      !salve_plan_is_set (plan, SALVE_PARAM_ELECTRODE_CM2))
    salve_plan_set (plan, SALVE_PARAM_ELECTRODE_CM2, device->electrode_cm2);
  if (!isnan (device->beam_cm2) && salve_modality_get_param (plan->modality, SALVE_PARAM_BEAM_CM2) &&
      !salve_plan_is_set (plan, SALVE_PARAM_BEAM_CM2))
    salve_plan_set (plan, SALVE_PARAM_BEAM_CM2, device->beam_cm2);
  if (!isnan (device->wavelength_nm) && salve_modality_get_param (plan->modality, SALVE_PARAM_WAVELENGTH_NM) &&
      !salve_plan_is_set (plan, SALVE_PARAM_WAVELENGTH_NM))
    salve_plan_set (plan, SALVE_PARAM_WAVELENGTH_NM, device->wavelength_nm);
}

static void
append (GString    *s,
        const char *text)
{
  if (s->len > 0)
    g_string_append (s, " · ");
  g_string_append (s, text);
}

char *
salve_device_describe_limits (const SalveDevice *device)
{
  GString *s = g_string_new (NULL);
  g_autofree char *part = NULL;

  g_return_val_if_fail (device != NULL, NULL);

#define ADD(value, format) \
  if (!isnan (value)) \
    { \
      g_free (part); \
      part = g_strdup_printf (format, value); \
      append (s, part); \
    }

  /* Translators: device limits in a list, e.g. "max 50 mA" */
  ADD (device->max_intensity_ma, _("max %.4g mA"));
  ADD (device->max_power_mw, _("max %.4g mW"));
  ADD (device->max_field_ut, _("max %.4g µT"));
  ADD (device->wavelength_nm, _("%.4g nm"));
  ADD (device->beam_cm2, _("beam %.3g cm²"));
  ADD (device->electrode_cm2, _("electrode %.3g cm²"));

#undef ADD

  if (s->len == 0)
    g_string_append (s, _("no limits given"));

  return g_string_free (s, FALSE);
}
