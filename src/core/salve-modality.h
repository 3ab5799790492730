/* salve-modality.h: the modality catalogue, planned sessions and the
 * arithmetic behind the safety checks
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "salve-ids.h"

G_BEGIN_DECLS

/* Every parameter a plan can set. The id doubles as the salvectl flag
 * ("--intensity-ma") and the key in stored parameter JSON: only add. */
typedef enum
{
  SALVE_PARAM_INTENSITY_MA,
  SALVE_PARAM_FREQUENCY_HZ,
  SALVE_PARAM_PULSE_US,
  SALVE_PARAM_ELECTRODE_CM2,
  SALVE_PARAM_ON_S,
  SALVE_PARAM_OFF_S,
  SALVE_PARAM_RAMP_S,
  SALVE_PARAM_POWER_MW,
  SALVE_PARAM_WAVELENGTH_NM,
  SALVE_PARAM_DOSE_J,
  SALVE_PARAM_POINTS,
  SALVE_PARAM_BEAM_CM2,
  SALVE_PARAM_FIELD_UT,
  SALVE_PARAM_MINUTES,
  SALVE_N_PARAMS
} SalveParam;

/* Above this intensity skin burns are possible (seed 002); also the
 * IEC 60601-2-10 ceiling of 50 mA r.m.s. below 400 Hz. */
#define SALVE_MAX_INTENSITY_MA           50.0
/* Seed 002: "8–18 mA is usually enough"; the ceiling with reduced
 * sensation when the profile sets none. */
#define SALVE_REDUCED_SENSATION_CEILING_MA 18.0
/* IEC 60601-2-10: instructions warn above 2 mA/cm² per electrode. */
#define SALVE_MAX_CURRENT_DENSITY_MA_CM2  2.0
/* Laser class 3B upper bound (IEC 60825-1). */
#define SALVE_MAX_LASER_POWER_MW         500.0
/* BEMER knowledge base: the strongest BEMER field. A device limit, not a
 * modality one: other PEMF units report their own. */
#define SALVE_BEMER_MAX_FIELD_UT         150.0
/* Far above any home PEMF unit (100 mT): beyond it a value is a typing
 * error. */
#define SALVE_MAX_FIELD_UT               100000.0
/* The longest session of any modality (TENS, 4 h): a session's length in
 * milliseconds always fits in a gint64. */
#define SALVE_MAX_SESSION_MINUTES        240.0

typedef struct
{
  SalveParam  param;
  const char *id;           /* "intensity-ma" */
  const char *unit;         /* "mA"; not translated */
  double      typical_min;  /* what the sources use; for defaults and hints */
  double      typical_max;
  double      limit_min;    /* outside [limit_min, limit_max] is a block; */
  double      limit_max;    /* always finite */
  double      step;
  double      default_value;
} SalveParamSpec;

const char           *salve_param_to_id        (SalveParam     param);
gboolean              salve_param_from_id      (const char    *id,
                                                SalveParam    *param);
/* Translated label without unit, e.g. "Intensity". */
const char           *salve_param_get_name     (SalveParam     param);
const char           *salve_param_get_unit     (SalveParam     param);

/* The parameters a modality has, in display order; NULL-free array of
 * @n_specs entries owned by the catalogue. */
const SalveParamSpec *salve_modality_get_params (SalveModality  modality,
                                                 guint         *n_specs);
/* NULL when @modality has no such parameter (no power for TENS). */
const SalveParamSpec *salve_modality_get_param  (SalveModality  modality,
                                                 SalveParam     param);
gboolean              salve_modality_is_electrical (SalveModality modality);
/* The parameter that sets how strong the output is, and what the device
 * ramps: intensity (mA) for TENS and NMES, power (mW) for laser, field
 * (µT) for PEMF. */
SalveParam            salve_modality_get_intensity_param (SalveModality modality);

/* A planned (or running) session: what the rules engine checks and what
 * the driver layer clamps against. Plain struct, stack-allocated:
 *
 *   SalvePlan plan;
 *   salve_plan_init (&plan, SALVE_MODALITY_TENS, SALVE_SITE_KNEE);
 *   salve_plan_set (&plan, SALVE_PARAM_INTENSITY_MA, 15);
 */
typedef struct
{
  gboolean set;
  double   min;
  double   max;
} SalveRange;

typedef struct
{
  SalveModality modality;
  SalveSite     site;
  double        values[SALVE_N_PARAMS];
  guint32       set_mask;                   /* bit (1 << SalveParam) */
  /* The device's own limits (from the device record or what the unit
   * reports); a planned value outside is a block. */
  SalveRange    device_limits[SALVE_N_PARAMS];
  char         *device_name;                /* for reasons; may be NULL */
  /* Earlier sessions of this modality on this site today, not counting
   * this one: laser is given once a day per area (seed 002). */
  guint         sessions_today_on_site;
  /* Numbness or loss of feeling noted in the diary over the days a
   * warning sign counts (SALVE_CARE_FLAG_DAYS, today included), and
   * before them when the checklist's question about reduced sensation
   * was last answered before the entry: its advice is to stop
   * stimulating there until a doctor has looked at it, as a burn may go
   * unnoticed. The sites the entries name, bit (1 << SalveSite); whether
   * one named no site Salve knows (then it could be anywhere); when the
   * latest was noted (0: none; -1: the diary could not be read). */
  guint32       numb_site_mask;
  gboolean      numb_site_unknown;
  gint64        numb_noted_unix;
} SalvePlan;

void     salve_plan_init             (SalvePlan     *plan,
                                      SalveModality  modality,
                                      SalveSite      site);
/* Frees device_name; the struct can be reused after salve_plan_init. */
void     salve_plan_clear            (SalvePlan     *plan);
/* Whether numbness the diary noted reaches the plan's site: noted there
 * or on skin it shares, at a place Salve cannot match, or not known
 * because the diary could not be read. Electrical stimulation is then
 * given, if at all, as with reduced sensation: under its ceiling, and
 * the skin checked afterwards. */
gboolean salve_plan_numbness_applies (const SalvePlan *plan);
void     salve_plan_set              (SalvePlan     *plan,
                                      SalveParam     param,
                                      double         value);
void     salve_plan_unset            (SalvePlan     *plan,
                                      SalveParam     param);
gboolean salve_plan_is_set           (const SalvePlan *plan,
                                      SalveParam     param);
/* FALSE (and @value untouched) when unset. */
gboolean salve_plan_get              (const SalvePlan *plan,
                                      SalveParam     param,
                                      double        *value);
void     salve_plan_set_device_limit (SalvePlan     *plan,
                                      SalveParam     param,
                                      double         min,
                                      double         max);
void     salve_plan_set_device_name  (SalvePlan     *plan,
                                      const char    *name);

/* Electrical arithmetic (domain.md's worked check: 60 mA peak, 200 µs,
 * 100 Hz → duty 0.02 → 8.5 mA r.m.s.; 2.1 mA/cm² on 4 cm²; 0.36 mJ per
 * pulse at 500 Ω; 12 µC per phase). */
double   salve_stim_duty_cycle       (double pulse_us,
                                      double frequency_hz);
double   salve_stim_rms_ma           (double peak_ma,
                                      double pulse_us,
                                      double frequency_hz);
double   salve_stim_energy_per_pulse_mj (double peak_ma,
                                         double pulse_us);
double   salve_stim_charge_per_phase_uc (double peak_ma,
                                         double pulse_us);
/* The current density the rules compare with 2 mA/cm². Consumer units
 * show the peak amplitude of the pulse as "mA", and IEC 60601-2-10 and
 * domain.md's worked check compare r.m.s. current: so with pulse width and
 * frequency known, density is the r.m.s. of the given intensity over the
 * electrode area. Without them the duty cycle is unknown and the given
 * intensity itself is used, which overstates r.m.s. and so errs safe.
 * Sets *used_rms to say which was used (may be NULL). NAN without an
 * intensity or electrode area. */
double   salve_plan_current_density  (const SalvePlan *plan,
                                      gboolean      *used_rms);

/* Laser arithmetic (Physiopedia): t [s] = E [J] / P [W], so 50 mW for
 * 2 J is 40 s; fluence [J/cm²] = P [W] / A [cm²] · t [s]. */
double   salve_laser_seconds         (double dose_j,
                                      double power_mw);
double   salve_laser_fluence_j_cm2   (double power_mw,
                                      double beam_cm2,
                                      double seconds);
double   salve_laser_irradiance_mw_cm2 (double power_mw,
                                        double beam_cm2);

G_END_DECLS
