/* salve-session-state.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-state"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-care-plan-repo.h"
#include "salve-device-repo.h"
#include "salve-session-repo.h"
#include "salve-session-state.h"

struct _SalveSessionState
{
  GObject              parent_instance;

  SalveDb             *db;
  SalveProfile        *profile;
  SalveTreatment      *treatment;

  GPtrArray           *choices;        /* SalveSessionChoice */
  SalveSessionChoice  *choice;         /* borrowed from choices */
  SalveSessionChoice  *usual;          /* that of the latest session, borrowed */
  char                *usual_program;  /* the latest session's program id */
  SalveSession        *last;           /* the latest completed treatment, NULL for none */
  SalveSessionChoice  *last_choice;    /* its device, when it still exists, borrowed */
  gboolean             site_from_program;  /* not chosen by the person (yet) */
};

G_DEFINE_FINAL_TYPE (SalveSessionState, salve_session_state, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CHOICE,
  PROP_PRESET,
  PROP_SITE,
  PROP_FINDINGS,
  PROP_CAN_START,
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
  for (SalveModality m = 0; m < SALVE_N_MODALITIES; m++)
    if (salve_session_get_practice_device_name (m) != NULL)
      add_choice (self, m, g_strdup (_(salve_session_get_practice_device_name (m))))->simulated = TRUE;

  for (SalveModality m = 0; m < SALVE_N_MODALITIES; m++)
    if (!has_modality[m])
      /* Translators: %s is a modality, e.g. "Soft laser" */
      add_choice (self, m, g_strdup_printf (_("Another %s device"), salve_modality_get_name (m)));
}

/* Whether @session ran on @choice. The simulated stimulator is known by
 * what does not change with the language: its practice mark, or, for a
 * session from before that mark, its name in English or in the language
 * of the day. Its translated name alone missed it after a change of
 * language. */
static gboolean
choice_was_used (const SalveSessionChoice *choice,
                 SalveSession             *session,
                 gboolean                  practice)
{
  const char *name = salve_session_get_device_name (session);

  if (choice->modality != salve_session_get_modality (session))
    return FALSE;
  if (practice)
    return choice->simulated;
  if (salve_session_get_device_id (session) > 0)
    return choice->device != NULL && choice->device->id == salve_session_get_device_id (session);
  if (choice->simulated)
    return salve_session_is_practice_device_name (choice->modality, name);

  return g_strcmp0 (choice->name, name) == 0;
}

/* The session "Repeat Last" repeats: the latest completed one that was
 * not practice, on a device that is still there. */
static void
find_last (SalveSessionState *self,
           GPtrArray         *sessions)
{
  for (guint i = 0; i < sessions->len && self->last == NULL; i++)
    {
      SalveSession *session = g_ptr_array_index (sessions, i);

      if (salve_session_get_outcome (session) != SALVE_SESSION_OUTCOME_COMPLETED ||
          salve_session_get_site (session) >= SALVE_N_SITES ||
          salve_session_repo_is_practice (self->db, salve_session_get_id (session), NULL))
        continue;

      for (guint j = 0; j < self->choices->len && self->last_choice == NULL; j++)
        if (choice_was_used (g_ptr_array_index (self->choices, j), session, FALSE))
          self->last_choice = g_ptr_array_index (self->choices, j);
      if (self->last_choice != NULL)
        self->last = g_object_ref (session);
      return;
    }
}

/* The usual device is the one of the latest session: a treatment rather
 * than practice when there is one among the last few. */
static void
find_usual (SalveSessionState *self)
{
  SalveSessionFilter filter = SALVE_SESSION_FILTER_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  SalveSession *latest = NULL;
  gboolean practice = FALSE;

  filter.limit = 10;
  sessions = salve_session_repo_list (self->db, salve_profile_get_id (self->profile), &filter, &error);
  if (sessions == NULL)
    {
      g_warning ("Could not read the latest sessions: %s", error->message);
      return;
    }

  for (guint i = 0; i < sessions->len && latest == NULL; i++)
    {
      SalveSession *session = g_ptr_array_index (sessions, i);

      if (!salve_session_repo_is_practice (self->db, salve_session_get_id (session), NULL))
        latest = session;
    }
  find_last (self, sessions);
  if (latest == NULL && sessions->len > 0)
    {
      latest = g_ptr_array_index (sessions, 0);
      practice = TRUE;
    }
  if (latest == NULL)
    return;

  for (guint i = 0; i < self->choices->len && self->usual == NULL; i++)
    if (choice_was_used (g_ptr_array_index (self->choices, i), latest, practice))
      self->usual = g_ptr_array_index (self->choices, i);
  if (self->usual != NULL)
    self->usual_program = g_strdup (salve_session_get_program (latest));
}

static void
on_findings_changed (SalveSessionState *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FINDINGS]);
}

static void
on_can_start (SalveSessionState *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAN_START]);
}

SalveSessionState *
salve_session_state_new (SalveDb      *db,
                         SalveProfile *profile)
{
  SalveSessionState *self;
  const GError *error;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);
  g_return_val_if_fail (SALVE_IS_PROFILE (profile), NULL);

  self = g_object_new (SALVE_TYPE_SESSION_STATE, NULL);
  self->db = g_object_ref (db);
  self->profile = g_object_ref (profile);

  load_choices (self);
  find_usual (self);

  /* The modality follows the device chosen first. */
  self->treatment = salve_treatment_new (db, profile, salve_session_state_get_usual_choice (self)->modality);
  if ((error = salve_treatment_get_inputs_error (self->treatment)) != NULL)
    g_warning ("Could not read the rules inputs: %s", error->message);
  g_signal_connect_object (self->treatment, "findings-changed", G_CALLBACK (on_findings_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->treatment, "notify::can-start", G_CALLBACK (on_can_start),
                           self, G_CONNECT_SWAPPED);

  /* A care plan says where it treats: the session starts there, to be
   * changed at step 1 when it hurts elsewhere today. */
  {
    g_autoptr(SalveCarePlan) plan = salve_care_plan_repo_get (db, salve_profile_get_id (profile), NULL);
    SalveSite site;

    if (plan != NULL && salve_site_from_id (plan->site, &site))
      salve_session_state_set_site (self, site);
  }

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

SalveTreatment *
salve_session_state_get_treatment (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return self->treatment;
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
  SalvePreset *preset;
  guint index;

  g_return_if_fail (SALVE_IS_SESSION_STATE (self));
  g_return_if_fail (g_ptr_array_find (self->choices, choice, &index));

  self->choice = g_ptr_array_index (self->choices, index);
  preset = salve_treatment_get_preset (self->treatment);

  /* Another modality drops everything of the old one in the treatment. */
  salve_treatment_set_modality (self->treatment, self->choice->modality);
  salve_treatment_set_device (self->treatment, self->choice->device);
  salve_treatment_set_device_name (self->treatment, self->choice->name);
  salve_treatment_set_simulated (self->treatment, self->choice->simulated);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CHOICE]);
  if (preset != salve_treatment_get_preset (self->treatment))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PRESET]);
}

const SalveSessionChoice *
salve_session_state_get_usual_choice (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return self->usual != NULL ? self->usual : g_ptr_array_index (self->choices, 0);
}

const char *
salve_session_state_get_usual_program (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return self->usual_program;
}

SalveSession *
salve_session_state_get_last (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return self->last;
}

const SalveSessionChoice *
salve_session_state_get_last_choice (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return self->last_choice;
}

/* The program, site and values of the last session, on the device the
 * person already chose (salve_session_state_get_last_choice()). Each goes
 * through the same calls as when chosen by hand, so the treatment checks
 * the plan anew against today's answers. */
void
salve_session_state_repeat_last (SalveSessionState *self)
{
  g_autoptr(GPtrArray) programs = NULL;
  g_autoptr(GList) keys = NULL;
  JsonObject *params;
  double minutes;

  g_return_if_fail (SALVE_IS_SESSION_STATE (self));
  g_return_if_fail (self->last != NULL && self->choice == self->last_choice);

  programs = salve_treatment_list_programs (self->treatment);
  for (guint i = 0; i < programs->len; i++)
    {
      SalvePreset *preset = g_ptr_array_index (programs, i);

      if (g_strcmp0 (salve_preset_get_id (preset), salve_session_get_program (self->last)) == 0 ||
          (salve_preset_get_program_id (preset) > 0 &&
           g_strcmp0 (salve_preset_get_name (preset), salve_session_get_program (self->last)) == 0))
        {
          salve_session_state_set_program (self, preset);
          break;
        }
    }

  salve_session_state_set_site (self, salve_session_get_site (self->last));
  self->site_from_program = FALSE;

  /* The values as they were: one above today's ceiling is not lowered
   * here, the findings block it. */
  params = salve_session_get_params (self->last);
  keys = json_object_get_members (params);
  for (const GList *l = keys; l != NULL; l = l->next)
    {
      SalveParam param;

      if (salve_param_from_id (l->data, &param) && param != SALVE_PARAM_MINUTES &&
          salve_modality_get_param (self->choice->modality, param) != NULL)
        salve_treatment_set_param (self->treatment, param, salve_session_get_param (self->last, l->data, 0));
    }
  minutes = salve_session_get_planned_minutes (self->last);
  if (minutes > 0 && salve_modality_get_param (self->choice->modality, SALVE_PARAM_MINUTES) != NULL)
    salve_treatment_set_param (self->treatment, SALVE_PARAM_MINUTES, minutes);
}

GPtrArray *
salve_session_state_list_programs (SalveSessionState *self)
{
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *fitting;
  SalveSite site;

  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);

  all = salve_treatment_list_programs (self->treatment);
  /* A site only suggested by the last program filters nothing. */
  site = self->site_from_program ? SALVE_N_SITES : salve_treatment_get_site (self->treatment);
  fitting = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < all->len; i++)
    if (salve_preset_fits_site (g_ptr_array_index (all, i), site))
      g_ptr_array_add (fitting, g_object_ref (g_ptr_array_index (all, i)));

  return fitting;
}

SalveModality
salve_session_state_get_modality (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), SALVE_N_MODALITIES);
  return self->choice != NULL ? self->choice->modality : SALVE_N_MODALITIES;
}

SalvePreset *
salve_session_state_get_preset (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return salve_treatment_get_preset (self->treatment);
}

void
salve_session_state_set_program (SalveSessionState *self,
                                 SalvePreset       *program)
{
  SalvePreset *current;
  SalveSite site;

  g_return_if_fail (SALVE_IS_SESSION_STATE (self));

  current = salve_treatment_get_preset (self->treatment);
  /* The same program listed anew is no change: the values stay as edited. */
  if (program == NULL || program == current ||
      (current != NULL &&
       g_strcmp0 (salve_preset_get_id (program), salve_preset_get_id (current)) == 0 &&
       salve_preset_get_program_id (program) == salve_preset_get_program_id (current)))
    return;

  site = salve_treatment_get_site (self->treatment);
  salve_treatment_set_preset (self->treatment, program);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PRESET]);

  /* A program written for a site suggests it, until the person picks one. */
  if (salve_preset_get_site (program) < SALVE_N_SITES && (site == SALVE_N_SITES || self->site_from_program))
    {
      self->site_from_program = TRUE;
      salve_treatment_set_site (self->treatment, salve_preset_get_site (program));
    }
  if (site != salve_treatment_get_site (self->treatment))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SITE]);
}

SalveSite
salve_session_state_get_site (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), SALVE_N_SITES);
  return salve_treatment_get_site (self->treatment);
}

void
salve_session_state_set_site (SalveSessionState *self,
                              SalveSite          site)
{
  SalvePreset *preset;

  g_return_if_fail (SALVE_IS_SESSION_STATE (self));

  if (site == salve_treatment_get_site (self->treatment))
    return;

  salve_treatment_set_site (self->treatment, site);
  self->site_from_program = FALSE;

  /* The preparation follows the site: a program written for another
   * site (the glove for the lower back) gives way to the first that fits. */
  preset = salve_treatment_get_preset (self->treatment);
  if (preset != NULL && !salve_preset_fits_site (preset, site))
    {
      g_autoptr(GPtrArray) fitting = salve_session_state_list_programs (self);

      if (fitting->len > 0)
        {
          salve_treatment_set_preset (self->treatment, g_ptr_array_index (fitting, 0));
          g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PRESET]);
        }
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SITE]);
}

GPtrArray *
salve_session_state_get_findings (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), NULL);
  return salve_treatment_get_findings (self->treatment);
}

void
salve_session_state_set_acknowledged (SalveSessionState *self,
                                      gboolean           acknowledged)
{
  g_return_if_fail (SALVE_IS_SESSION_STATE (self));

  /* Who acknowledged: the person whose profile this is, at the keyboard. */
  if (acknowledged)
    salve_treatment_acknowledge_all (self->treatment, salve_profile_get_name (self->profile));
  else
    salve_treatment_unacknowledge (self->treatment, NULL);
}

gboolean
salve_session_state_get_can_start (SalveSessionState *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STATE (self), FALSE);
  return salve_treatment_get_can_start (self->treatment);
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
      g_value_set_object (value, salve_session_state_get_preset (self));
      break;
    case PROP_SITE:
      g_value_set_int (value, salve_session_state_get_site (self));
      break;
    case PROP_FINDINGS:
      g_value_set_boxed (value, salve_session_state_get_findings (self));
      break;
    case PROP_CAN_START:
      g_value_set_boolean (value, salve_session_state_get_can_start (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_session_state_finalize (GObject *object)
{
  SalveSessionState *self = (SalveSessionState *)object;

  g_clear_object (&self->treatment);
  g_clear_object (&self->db);
  g_clear_object (&self->profile);
  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_clear_pointer (&self->usual_program, g_free);
  g_clear_object (&self->last);

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
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
salve_session_state_init (SalveSessionState *self)
{
  self->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) session_choice_free);
}
