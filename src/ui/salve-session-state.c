/* salve-session-state.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-state"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "salve-condition-repo.h"
#include "salve-device-repo.h"
#include "salve-findings-list.h"
#include "salve-program-repo.h"
#include "salve-session-repo.h"
#include "salve-session-state.h"
#include "salve-treatment.h"

struct _SalveSessionState
{
  GObject              parent_instance;

  SalveDb             *db;
  SalveProfile        *profile;
  SalveProfileAnswers  answers;

  GPtrArray           *choices;        /* SalveSessionChoice */
  SalveSessionChoice  *choice;         /* borrowed from choices */
  SalvePreset         *preset;         /* a copy the plan's fields edit */
  SalveSite            site;
  gboolean             site_from_program;  /* not chosen by the person (yet) */
  GPtrArray           *findings;
  gboolean             acknowledged;

  int                  pain_before;
  int                  pain_after;
  GStrv                side_effects;
  char                *skin_check;
  char                *note;

  SalveSession        *session;
  SalveSessionRunner  *runner;
  SalveStimulator     *stimulator;
};

G_DEFINE_FINAL_TYPE (SalveSessionState, salve_session_state, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CHOICE,
  PROP_PRESET,
  PROP_SITE,
  PROP_FINDINGS,
  PROP_CAN_START,
  PROP_RUNNER,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
session_choice_free (SalveSessionChoice *choice)
{
  g_clear_pointer (&choice->device, salve_device_free);
  g_free (choice->name);
  g_free (choice);
}

static SalveSessionChoice *
add_choice (SalveSessionState *self,
            SalveModality      modality,
            char              *name)
{
  SalveSessionChoice *choice = g_new0 (SalveSessionChoice, 1);

  choice->modality = modality;
  choice->name = name;
  g_ptr_array_add (self->choices, choice);

  return choice;
}

static void
load_choices (SalveSessionState *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = salve_device_repo_list (self->db, &error);
  gboolean has_modality[SALVE_N_MODALITIES] = { FALSE, };

  if (devices == NULL)
    g_warning ("Could not read the devices: %s", error->message);

  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      SalveDevice *device = g_ptr_array_index (devices, i);

      if (device->removed_at != NULL)
        continue;

      add_choice (self, device->modality, g_strdup (device->name))->device = salve_device_copy (device);
      has_modality[device->modality] = TRUE;
    }

  /* Without hardware a session can still run for real on the simulated
   * stimulator, the same protocol a device maker implements. */
  add_choice (self, SALVE_MODALITY_TENS, g_strdup (_("Simulated stimulator")))->simulated = TRUE;
  add_choice (self, SALVE_MODALITY_NMES, g_strdup (_("Simulated NMES stimulator")))->simulated = TRUE;

  for (SalveModality m = 0; m < SALVE_N_MODALITIES; m++)
    if (!has_modality[m])
      /* Translators: %s is a modality, e.g. "Soft laser" */
      add_choice (self, m, g_strdup_printf (_("Another %s device"), salve_modality_get_name (m)));
}

/* ── Safety policy ──────────────────────────────────────────────────────
 * The ceiling, the plan the rules check, and what counts as acknowledged
 * are decided here and nowhere else in the assistant: no step works any
 * of them out for itself. */

/* The one core function of profile, device and modality that every front
 * end uses (salve_rules_get_intensity_ceiling). */
static double
rules_ceiling (SalveSessionState *self)
{
  return salve_rules_get_intensity_ceiling (&self->answers, self->choice->device, self->choice->modality);
}

double
salve_session_state_get_intensity_ceiling (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NAN);

  if (self->choice == NULL || !salve_modality_is_electrical (self->choice->modality))
    return NAN;

  return rules_ceiling (self);
}

double
salve_session_state_get_output_limit (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NAN);
  g_return_val_if_fail (self->choice != NULL, NAN);

  /* Laser power is the device's own and checked by the rules; the runner
   * holds electrical intensity and PEMF field strength. */
  if (self->choice->modality == SALVE_MODALITY_LASER)
    return NAN;

  return rules_ceiling (self);
}

gboolean
salve_session_state_wants_skin_check (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), FALSE);

  return salve_modality_is_electrical (salve_session_state_get_modality (self)) &&
         self->answers.answers[SALVE_CONDITION_REDUCED_SENSATION] != SALVE_ANSWER_NO;
}

void
salve_session_state_build_plan (SalveSessionState *self,
                                SalvePlan         *plan)
{
  g_autoptr(GList) keys = NULL;
  g_autoptr(GError) error = NULL;
  SalveModality modality;

  g_return_if_fail (SALVE_IS_SESSION_STATE (self));
  g_return_if_fail (self->choice != NULL && self->preset != NULL);

  modality = self->choice->modality;
  salve_plan_init (plan, modality, self->site < SALVE_N_SITES ? self->site : SALVE_SITE_KNEE);
  keys = json_object_get_members (salve_preset_get_params (self->preset));
  for (const GList *l = keys; l != NULL; l = l->next)
    {
      SalveParam param;

      if (salve_param_from_id (l->data, &param) && salve_modality_get_param (modality, param) != NULL)
        salve_plan_set (plan, param, salve_preset_get_param (self->preset, l->data, 0));
    }

  /* The device's limits and today's laser count, read the one way every
   * front end reads them (an unreadable count counts as one). */
  if (!salve_treatment_build_rules_inputs (self->db, self->profile, self->choice->device, plan, NULL, &error))
    g_warning ("Could not read the rules inputs: %s", error->message);
  salve_plan_set_device_name (plan, self->choice->name);
}

static void
set_findings (SalveSessionState *self,
              GPtrArray         *findings)
{
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  if (findings != NULL)
    self->findings = g_ptr_array_ref (findings);

  /* A changed plan is read, and acknowledged, again. */
  self->acknowledged = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FINDINGS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAN_START]);
}

void
salve_session_state_check (SalveSessionState *self)
{
  g_autoptr(GPtrArray) findings = NULL;
  SalvePlan plan;

  g_return_if_fail (SALVE_IS_SESSION_STATE (self));

  if (self->choice == NULL || self->preset == NULL)
    return;

  if (self->site >= SALVE_N_SITES)
    {
      set_findings (self, NULL);
      return;
    }

  salve_session_state_build_plan (self, &plan);
  findings = salve_rules_check (&plan, &self->answers);
  salve_plan_clear (&plan);

  /* Findings that say the same keep their acknowledgement. */
  if (self->findings == NULL || !salve_findings_equal (findings, self->findings))
    set_findings (self, findings);
}

gboolean
salve_session_state_get_can_start (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), FALSE);
  return salve_findings_allow_start (self->findings, self->acknowledged);
}

void
salve_session_state_set_program (SalveSessionState *self,
                                 SalvePreset       *program)
{
  g_autoptr(SalvePreset) copy = NULL;
  g_autoptr(GList) keys = NULL;
  const SalveDevice *device;
  double ceiling;

  g_return_if_fail (SALVE_IS_SESSION_STATE (self));

  if (program == NULL)
    {
      if (self->preset != NULL)
        {
          g_clear_object (&self->preset);
          g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PRESET]);
        }
      return;
    }

  /* The plan's fields edit a copy: the catalogue stays as it is. */
  copy = salve_preset_new (salve_preset_get_id (program), salve_preset_get_modality (program),
                           salve_preset_get_name (program));
  salve_preset_set_summary (copy, salve_preset_get_summary (program));
  salve_preset_set_steps (copy, salve_preset_get_steps (program));
  salve_preset_set_site (copy, salve_preset_get_site (program));
  salve_preset_set_uses_glove (copy, salve_preset_get_uses_glove (program));
  salve_preset_set_program_id (copy, salve_preset_get_program_id (program));
  keys = json_object_get_members (salve_preset_get_params (program));
  for (const GList *l = keys; l != NULL; l = l->next)
    salve_preset_set_param (copy, l->data, salve_preset_get_param (program, l->data, 0));

  /* What the device is: its own power, beam and electrodes win over the
   * program's assumptions, since t = E / P depends on the real P. */
  device = self->choice != NULL ? self->choice->device : NULL;
  if (device != NULL)
    {
      if (device->max_power_mw > 0 && salve_preset_get_modality (copy) == SALVE_MODALITY_LASER)
        salve_preset_set_param (copy, "power-mw", device->max_power_mw);
      if (device->beam_cm2 > 0)
        salve_preset_set_param (copy, "beam-cm2", device->beam_cm2);
      if (device->wavelength_nm > 0)
        salve_preset_set_param (copy, "wavelength-nm", device->wavelength_nm);
      if (device->electrode_cm2 > 0 && salve_modality_is_electrical (device->modality))
        salve_preset_set_param (copy, "electrode-cm2", device->electrode_cm2);
    }

  /* A program may plan more than this person's ceiling (or the device)
   * allows, one saved before the checklist changed, say: it starts at the
   * ceiling, which the intensity field then shows, instead of a plan the
   * safety check blocks and no field on that step can lower. */
  ceiling = salve_session_state_get_intensity_ceiling (self);
  if (salve_modality_is_electrical (salve_preset_get_modality (copy)) &&
      salve_preset_get_param (copy, "intensity-ma", 0) > ceiling)
    salve_preset_set_param (copy, "intensity-ma", ceiling);

  g_set_object (&self->preset, copy);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PRESET]);

  /* A program written for a site suggests it, until the person picks one. */
  if (salve_preset_get_site (copy) < SALVE_N_SITES &&
      (self->site == SALVE_N_SITES || self->site_from_program))
    {
      self->site_from_program = TRUE;
      if (self->site != salve_preset_get_site (copy))
        {
          self->site = salve_preset_get_site (copy);
          g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SITE]);
          salve_session_state_check (self);
        }
    }
}

/* ── End of the safety policy ─────────────────────────────────────────── */

SalveSessionState *
salve_session_state_new (SalveDb      *db,
                         SalveProfile *profile)
{
  SalveSessionState *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);
  g_return_val_if_fail (SALVE_IS_PROFILE (profile), NULL);

  self = g_object_new (SALVE_TYPE_SESSION_STATE, NULL);
  self->db = g_object_ref (db);
  self->profile = g_object_ref (profile);

  salve_profile_answers_init (&self->answers, SALVE_ANSWER_UNKNOWN);
  if (!salve_condition_repo_load (db, salve_profile_get_id (profile), &self->answers, &error))
    g_warning ("Could not read the checklist: %s", error->message);

  load_choices (self);

  return self;
}

SalveDb *
salve_session_state_get_db (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return self->db;
}

SalveProfile *
salve_session_state_get_profile (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return self->profile;
}

const SalveProfileAnswers *
salve_session_state_get_answers (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return &self->answers;
}

GPtrArray *
salve_session_state_get_choices (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return self->choices;
}

const SalveSessionChoice *
salve_session_state_get_choice (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return self->choice;
}

void
salve_session_state_set_choice (SalveSessionState        *self,
                                const SalveSessionChoice *choice)
{
  guint index;

  g_return_if_fail (SALVE_IS_SESSION_STATE (self));
  g_return_if_fail (g_ptr_array_find (self->choices, choice, &index));

  self->choice = g_ptr_array_index (self->choices, index);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CHOICE]);
}

gboolean
salve_session_choice_is_connected (const SalveSessionChoice *choice)
{
  return choice != NULL &&
         (choice->simulated || (choice->device != NULL && !salve_device_is_manual (choice->device)));
}

SalveModality
salve_session_state_get_modality (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), SALVE_N_MODALITIES);
  return self->choice != NULL ? self->choice->modality : SALVE_N_MODALITIES;
}

GPtrArray *
salve_session_state_list_programs (SalveSessionState *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  GPtrArray *programs;
  SalveModality modality;

  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  g_return_val_if_fail (self->choice != NULL, NULL);

  modality = self->choice->modality;
  programs = salve_presets_list_builtin (modality);

  saved = salve_program_repo_list (self->db, salve_profile_get_id (self->profile), modality, &error);
  if (saved == NULL)
    g_warning ("Could not read saved programs: %s", error->message);
  else
    for (guint i = 0; i < saved->len; i++)
      g_ptr_array_add (programs, g_object_ref (g_ptr_array_index (saved, i)));

  return programs;
}

SalvePreset *
salve_session_state_get_preset (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return self->preset;
}

void
salve_session_state_set_param (SalveSessionState *self,
                               const char        *key,
                               double             value)
{
  g_return_if_fail (SALVE_IS_SESSION_STATE (self));
  g_return_if_fail (self->preset != NULL);

  salve_preset_set_param (self->preset, key, value);
  salve_session_state_check (self);
}

SalveSite
salve_session_state_get_site (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), SALVE_N_SITES);
  return self->site;
}

void
salve_session_state_set_site (SalveSessionState *self,
                              SalveSite          site)
{
  g_return_if_fail (SALVE_IS_SESSION_STATE (self));

  if (site == self->site)
    return;

  self->site = site;
  self->site_from_program = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SITE]);
  salve_session_state_check (self);
}

GPtrArray *
salve_session_state_get_findings (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return self->findings;
}

void
salve_session_state_set_acknowledged (SalveSessionState *self,
                                      gboolean           acknowledged)
{
  g_return_if_fail (SALVE_IS_SESSION_STATE (self));

  if (self->acknowledged == !!acknowledged)
    return;

  self->acknowledged = !!acknowledged;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAN_START]);
}

int
salve_session_state_get_pain_before (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), SALVE_PAIN_UNSET);
  return self->pain_before;
}

void
salve_session_state_set_pain_before (SalveSessionState *self,
                                     int                pain)
{
  g_return_if_fail (SALVE_IS_SESSION_STATE (self));
  self->pain_before = pain;
}

int
salve_session_state_get_pain_after (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), SALVE_PAIN_UNSET);
  return self->pain_after;
}

void
salve_session_state_set_pain_after (SalveSessionState *self,
                                    int                pain)
{
  g_return_if_fail (SALVE_IS_SESSION_STATE (self));
  self->pain_after = pain;
}

void
salve_session_state_set_after (SalveSessionState  *self,
                               const char * const *side_effects,
                               const char         *skin_check,
                               const char         *note)
{
  g_return_if_fail (SALVE_IS_SESSION_STATE (self));

  g_strfreev (self->side_effects);
  self->side_effects = g_strdupv ((char **) side_effects);
  g_free (self->skin_check);
  self->skin_check = g_strdup (skin_check);
  g_free (self->note);
  self->note = g_strdup (note);
}

const char * const *
salve_session_state_get_side_effects (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return (const char * const *) self->side_effects;
}

const char *
salve_session_state_get_skin_check (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return self->skin_check;
}

const char *
salve_session_state_get_note (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return self->note;
}

SalveSession *
salve_session_state_get_session (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return self->session;
}

void
salve_session_state_set_session (SalveSessionState *self,
                                 SalveSession      *session)
{
  g_return_if_fail (SALVE_IS_SESSION_STATE (self));
  g_set_object (&self->session, session);
}

SalveSessionRunner *
salve_session_state_get_runner (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return self->runner;
}

void
salve_session_state_set_runner (SalveSessionState  *self,
                                SalveSessionRunner *runner)
{
  g_return_if_fail (SALVE_IS_SESSION_STATE (self));

  if (g_set_object (&self->runner, runner))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RUNNER]);
}

SalveStimulator *
salve_session_state_get_stimulator (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return self->stimulator;
}

void
salve_session_state_set_stimulator (SalveSessionState *self,
                                    SalveStimulator   *stimulator)
{
  g_return_if_fail (SALVE_IS_SESSION_STATE (self));
  g_set_object (&self->stimulator, stimulator);
}

static void
salve_session_state_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SalveSessionState *self = SALVE_SESSION_STATE (object);

  switch (prop_id)
    {
    case PROP_CHOICE:
      g_value_set_pointer (value, self->choice);
      break;
    case PROP_PRESET:
      g_value_set_object (value, self->preset);
      break;
    case PROP_SITE:
      g_value_set_int (value, self->site);
      break;
    case PROP_FINDINGS:
      g_value_set_boxed (value, self->findings);
      break;
    case PROP_CAN_START:
      g_value_set_boolean (value, salve_session_state_get_can_start (self));
      break;
    case PROP_RUNNER:
      g_value_set_object (value, self->runner);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_session_state_finalize (GObject *object)
{
  SalveSessionState *self = (SalveSessionState *)object;

  g_clear_object (&self->db);
  g_clear_object (&self->profile);
  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_clear_object (&self->preset);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->side_effects, g_strfreev);
  g_clear_pointer (&self->skin_check, g_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_object (&self->session);
  g_clear_object (&self->runner);
  g_clear_object (&self->stimulator);

  G_OBJECT_CLASS (salve_session_state_parent_class)->finalize (object);
}

static void
salve_session_state_class_init (SalveSessionStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = salve_session_state_finalize;
  object_class->get_property = salve_session_state_get_property;

  properties [PROP_CHOICE] = g_param_spec_pointer ("choice", NULL, NULL, flags);
  properties [PROP_PRESET] = g_param_spec_object ("preset", NULL, NULL, SALVE_TYPE_PRESET, flags);
  properties [PROP_SITE] = g_param_spec_int ("site", NULL, NULL, 0, SALVE_N_SITES, SALVE_N_SITES, flags);
  properties [PROP_FINDINGS] = g_param_spec_boxed ("findings", NULL, NULL, G_TYPE_PTR_ARRAY, flags);
  properties [PROP_CAN_START] = g_param_spec_boolean ("can-start", NULL, NULL, TRUE, flags);
  properties [PROP_RUNNER] = g_param_spec_object ("runner", NULL, NULL, SALVE_TYPE_SESSION_RUNNER, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
salve_session_state_init (SalveSessionState *self)
{
  self->site = SALVE_N_SITES;
  self->pain_before = SALVE_PAIN_UNSET;
  self->pain_after = SALVE_PAIN_UNSET;
  self->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) session_choice_free);
}
