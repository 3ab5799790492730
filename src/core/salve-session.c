/* salve-session.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "salve-session.h"
#include "salve-time.h"

typedef struct
{
  const char *id;
  const char *name;
} IdEntry;

static const IdEntry outcomes[SALVE_N_SESSION_OUTCOMES] = {
  [SALVE_SESSION_OUTCOME_PLANNED]     = { "planned",     N_("Planned") },
  [SALVE_SESSION_OUTCOME_RUNNING]     = { "running",     N_("Running") },
  [SALVE_SESSION_OUTCOME_COMPLETED]   = { "completed",   N_("Completed") },
  [SALVE_SESSION_OUTCOME_STOPPED]     = { "stopped",     N_("Stopped") },
  [SALVE_SESSION_OUTCOME_INTERRUPTED] = { "interrupted", N_("Interrupted") },
};

static const IdEntry event_kinds[SALVE_N_SESSION_EVENTS] = {
  [SALVE_SESSION_EVENT_START]                = { "start",                N_("Started") },
  [SALVE_SESSION_EVENT_RAMP]                 = { "ramp",                 N_("Ramp") },
  [SALVE_SESSION_EVENT_INTENSITY]            = { "intensity",            N_("Intensity") },
  [SALVE_SESSION_EVENT_PAUSE]                = { "pause",                N_("Paused") },
  [SALVE_SESSION_EVENT_RESUME]               = { "resume",               N_("Resumed") },
  [SALVE_SESSION_EVENT_STOP]                 = { "stop",                 N_("Stopped") },
  [SALVE_SESSION_EVENT_FAULT]                = { "fault",                N_("Fault") },
  [SALVE_SESSION_EVENT_LINK_LOST]            = { "link-lost",            N_("Connection lost") },
  [SALVE_SESSION_EVENT_CAUTION_ACKNOWLEDGED] = { "caution-acknowledged", N_("Caution acknowledged") },
  [SALVE_SESSION_EVENT_NOTE]                 = { "note",                 N_("Note") },
  [SALVE_SESSION_EVENT_POINT]                = { "point",                N_("Next point") },
  [SALVE_SESSION_EVENT_PRACTICE]             = { "practice",             N_("Practice on the simulated stimulator") },
  [SALVE_SESSION_EVENT_PROGRESS]             = { "progress",             N_("Still running") },
};

static const IdEntry reasons[] = {
  { SALVE_SESSION_REASON_USER,       N_("stopped by you") },
  { SALVE_SESSION_REASON_FAULT,      N_("the device reported a fault") },
  { SALVE_SESSION_REASON_LINK_LOST,  N_("the connection to the device was lost") },
  { SALVE_SESSION_REASON_APP_CLOSED, N_("Salve was closed") },
  { SALVE_SESSION_REASON_SUSPEND,    N_("the computer went to sleep") },
  { SALVE_SESSION_REASON_WINDOW_CLOSED, N_("you closed the session window") },
  { SALVE_SESSION_REASON_NO_SIMULATOR, N_("the practice stimulator is not installed") },
};

static const IdEntry side_effects[] = {
  { "skin-irritation", N_("Skin irritation under the electrodes") },
  { "muscle-fatigue",  N_("Muscle fatigue") },
  { "soreness",        N_("Muscle soreness") },
  { "warmth",          N_("Slight warmth") },
  { "redness",         N_("Temporary redness") },
  { "headache",        N_("Headache") },
  { "dizziness",       N_("Dizziness") },
};

static const IdEntry skin_checks[] = {
  { SALVE_SKIN_CHECK_NORMAL,  N_("Skin looks normal") },
  { SALVE_SKIN_CHECK_RED,     N_("Redness that fades") },
  { SALVE_SKIN_CHECK_DAMAGED, N_("Blister, burn or broken skin") },
};

/* seed 002: TENS skin irritation, muscle fatigue; laser slight warmth,
 * temporary redness; PEMF headache, dizziness; NMES muscle fatigue,
 * soreness. */
static const char * const tens_effects[]  = { "skin-irritation", "muscle-fatigue", NULL };
static const char * const nmes_effects[]  = { "muscle-fatigue", "soreness", "skin-irritation", NULL };
static const char * const laser_effects[] = { "warmth", "redness", NULL };
static const char * const pemf_effects[]  = { "headache", "dizziness", NULL };

static const char *
lookup_name (const IdEntry *table,
             gsize          n,
             const char    *id)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (table[i].id, id) == 0)
      return g_dgettext (GETTEXT_PACKAGE, table[i].name);

  return NULL;
}

static gboolean
lookup_index (const IdEntry *table,
              gsize          n,
              const char    *id,
              guint         *index)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (table[i].id, id) == 0)
      {
        *index = i;
        return TRUE;
      }

  return FALSE;
}

const char *
salve_session_outcome_to_id (SalveSessionOutcome outcome)
{
  g_return_val_if_fail (outcome < SALVE_N_SESSION_OUTCOMES, NULL);
  return outcomes[outcome].id;
}

gboolean
salve_session_outcome_from_id (const char          *id,
                               SalveSessionOutcome *outcome)
{
  guint i;

  if (!lookup_index (outcomes, G_N_ELEMENTS (outcomes), id, &i))
    return FALSE;

  *outcome = i;
  return TRUE;
}

const char *
salve_session_outcome_get_name (SalveSessionOutcome outcome)
{
  g_return_val_if_fail (outcome < SALVE_N_SESSION_OUTCOMES, NULL);
  return g_dgettext (GETTEXT_PACKAGE, outcomes[outcome].name);
}

const char *
salve_session_event_kind_to_id (SalveSessionEventKind kind)
{
  g_return_val_if_fail (kind < SALVE_N_SESSION_EVENTS, NULL);
  return event_kinds[kind].id;
}

gboolean
salve_session_event_kind_from_id (const char            *id,
                                  SalveSessionEventKind *kind)
{
  guint i;

  if (!lookup_index (event_kinds, G_N_ELEMENTS (event_kinds), id, &i))
    return FALSE;

  *kind = i;
  return TRUE;
}

const char *
salve_session_event_kind_get_name (SalveSessionEventKind kind)
{
  g_return_val_if_fail (kind < SALVE_N_SESSION_EVENTS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, event_kinds[kind].name);
}

const char *
salve_session_reason_get_name (const char *reason)
{
  const char *name = lookup_name (reasons, G_N_ELEMENTS (reasons), reason);

  return name != NULL ? name : (reason != NULL ? reason : "");
}

const char * const *
salve_side_effects_for_modality (SalveModality modality)
{
  switch (modality)
    {
    case SALVE_MODALITY_TENS:
      return tens_effects;
    case SALVE_MODALITY_NMES:
      return nmes_effects;
    case SALVE_MODALITY_LASER:
      return laser_effects;
    case SALVE_MODALITY_PEMF:
      return pemf_effects;
    case SALVE_N_MODALITIES:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
salve_side_effect_get_name (const char *id)
{
  return lookup_name (side_effects, G_N_ELEMENTS (side_effects), id);
}

const char *
salve_skin_check_get_name (const char *id)
{
  return lookup_name (skin_checks, G_N_ELEMENTS (skin_checks), id);
}

/* Events */

G_DEFINE_BOXED_TYPE (SalveSessionEvent, salve_session_event,
                     salve_session_event_copy, salve_session_event_free)

SalveSessionEvent *
salve_session_event_new (SalveSessionEventKind  kind,
                         gint64                 elapsed_ms,
                         const char            *detail,
                         const char            *actor)
{
  SalveSessionEvent *event = g_new0 (SalveSessionEvent, 1);

  event->kind = kind;
  event->elapsed_ms = elapsed_ms;
  event->at = salve_time_now_iso ();
  event->detail = g_strdup (detail ? detail : "");
  event->actor = g_strdup (actor ? actor : "");

  return event;
}

SalveSessionEvent *
salve_session_event_copy (const SalveSessionEvent *event)
{
  SalveSessionEvent *copy = g_new0 (SalveSessionEvent, 1);

  *copy = *event;
  copy->at = g_strdup (event->at);
  copy->detail = g_strdup (event->detail);
  copy->actor = g_strdup (event->actor);

  return copy;
}

void
salve_session_event_free (SalveSessionEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->at);
  g_free (event->detail);
  g_free (event->actor);
  g_free (event);
}

/* The session */

struct _SalveSession
{
  GObject              parent_instance;

  gint64               id;
  gint64               profile_id;
  gint64               device_id;
  char                *device_name;
  SalveModality        modality;
  SalveSite            site;
  char                *program;
  JsonObject          *params;
  double               planned_minutes;
  char                *started_at;
  char                *ended_at;
  SalveSessionOutcome  outcome;
  char                *outcome_reason;
  int                  pain_before;
  int                  pain_after;
  GStrv                side_effects;
  char                *skin_check;
  char                *note;
  GPtrArray           *events;
};

G_DEFINE_TYPE (SalveSession, salve_session, G_TYPE_OBJECT)

static void
salve_session_finalize (GObject *object)
{
  SalveSession *self = (SalveSession *)object;

  g_clear_pointer (&self->device_name, g_free);
  g_clear_pointer (&self->program, g_free);
  g_clear_pointer (&self->params, json_object_unref);
  g_clear_pointer (&self->started_at, g_free);
  g_clear_pointer (&self->ended_at, g_free);
  g_clear_pointer (&self->outcome_reason, g_free);
  g_clear_pointer (&self->side_effects, g_strfreev);
  g_clear_pointer (&self->skin_check, g_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->events, g_ptr_array_unref);

  G_OBJECT_CLASS (salve_session_parent_class)->finalize (object);
}

static void
salve_session_class_init (SalveSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = salve_session_finalize;
}

static void
salve_session_init (SalveSession *self)
{
  self->device_name = g_strdup ("");
  self->program = g_strdup ("");
  self->params = json_object_new ();
  self->planned_minutes = -1;
  self->outcome = SALVE_SESSION_OUTCOME_PLANNED;
  self->outcome_reason = g_strdup ("");
  self->pain_before = SALVE_PAIN_UNSET;
  self->pain_after = SALVE_PAIN_UNSET;
  self->side_effects = g_new0 (char *, 1);
  self->skin_check = g_strdup ("");
  self->note = g_strdup ("");
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) salve_session_event_free);
}

SalveSession *
salve_session_new (SalveModality modality,
                   SalveSite     site)
{
  SalveSession *self;

  g_return_val_if_fail (modality < SALVE_N_MODALITIES, NULL);
  g_return_val_if_fail (site < SALVE_N_SITES, NULL);

  self = g_object_new (SALVE_TYPE_SESSION, NULL);
  self->modality = modality;
  self->site = site;

  return self;
}

static void
replace_string (char       **field,
                const char  *value)
{
  char *copy = g_strdup (value ? value : "");

  g_free (*field);
  *field = copy;
}

static void
replace_nullable (char       **field,
                  const char  *value)
{
  char *copy = (value && *value) ? g_strdup (value) : NULL;

  g_free (*field);
  *field = copy;
}

gint64
salve_session_get_id (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), 0);
  return self->id;
}

void
salve_session_set_id (SalveSession *self,
                      gint64        id)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  self->id = id;
}

gint64
salve_session_get_profile_id (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), 0);
  return self->profile_id;
}

void
salve_session_set_profile_id (SalveSession *self,
                              gint64        profile_id)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  self->profile_id = profile_id;
}

gint64
salve_session_get_device_id (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), 0);
  return self->device_id;
}

void
salve_session_set_device_id (SalveSession *self,
                             gint64        device_id)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  self->device_id = device_id;
}

const char *
salve_session_get_device_name (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), NULL);
  return self->device_name;
}

void
salve_session_set_device_name (SalveSession *self,
                               const char   *name)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  replace_string (&self->device_name, name);
}

SalveModality
salve_session_get_modality (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), 0);
  return self->modality;
}

void
salve_session_set_modality (SalveSession  *self,
                            SalveModality  modality)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  g_return_if_fail (modality < SALVE_N_MODALITIES);
  self->modality = modality;
}

SalveSite
salve_session_get_site (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), 0);
  return self->site;
}

void
salve_session_set_site (SalveSession *self,
                        SalveSite     site)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  g_return_if_fail (site < SALVE_N_SITES);
  self->site = site;
}

const char *
salve_session_get_program (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), NULL);
  return self->program;
}

void
salve_session_set_program (SalveSession *self,
                           const char   *program)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  replace_string (&self->program, program);
}

JsonObject *
salve_session_get_params (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), NULL);
  return self->params;
}

void
salve_session_set_params (SalveSession *self,
                          JsonObject   *params)
{
  g_return_if_fail (SALVE_IS_SESSION (self));

  g_clear_pointer (&self->params, json_object_unref);
  self->params = params ? json_object_ref (params) : json_object_new ();
}

void
salve_session_set_param (SalveSession *self,
                         const char   *key,
                         double        value)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  g_return_if_fail (key != NULL);

  json_object_set_double_member (self->params, key, value);
}

double
salve_session_get_param (SalveSession *self,
                         const char   *key,
                         double        fallback)
{
  JsonNode *node;

  g_return_val_if_fail (SALVE_IS_SESSION (self), fallback);

  node = json_object_get_member (self->params, key);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (double) json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      return fallback;
    }
}

char *
salve_session_dup_params_json (SalveSession *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (SALVE_IS_SESSION (self), NULL);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, self->params);

  return json_to_string (node, FALSE);
}

gboolean
salve_session_set_params_json (SalveSession  *self,
                               const char    *json,
                               GError       **error)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (SALVE_IS_SESSION (self), FALSE);

  node = json_from_string (json && *json ? json : "{}", error);
  if (node == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _("The session parameters are not a JSON object."));
      return FALSE;
    }

  salve_session_set_params (self, json_node_get_object (node));
  return TRUE;
}

/* The order people read a plan in, and each value's unit. */
static const struct {
  const char *key;
  const char *format;
} param_formats[] = {
  { "intensity-ma",  N_("%s mA") },
  { "frequency-hz",  N_("%s Hz") },
  { "pulse-us",      N_("%s µs") },
  { "on-s",          N_("on %s s") },
  { "off-s",         N_("off %s s") },
  { "ramp-s",        N_("ramp %s s") },
  { "electrode-cm2", N_("electrode %s cm²") },
  { "power-mw",      N_("%s mW") },
  { "wavelength-nm", N_("%s nm") },
  { "dose-j",        N_("%s J per point") },
  { "points",        N_("%s points") },
  { "beam-cm2",      N_("beam %s cm²") },
  { "field-ut",      N_("%s µT") },
};

static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == (gint64) value)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  /* locale-aware decimal separator for people, one or two decimals */
  g_snprintf (buf, sizeof buf, "%.2f", value);
  while (buf[strlen (buf) - 1] == '0')
    buf[strlen (buf) - 1] = '\0';
  return g_strdup (buf);
}

char *
salve_session_format_params (SalveSession *self)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (SALVE_IS_SESSION (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (param_formats); i++)
    {
      double value = salve_session_get_param (self, param_formats[i].key, NAN);
      g_autofree char *number = NULL;

      if (isnan (value))
        continue;

      number = format_number (value);
      if (out->len > 0)
        g_string_append (out, ", ");

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      g_string_append_printf (out, g_dgettext (GETTEXT_PACKAGE, param_formats[i].format), number);
#pragma GCC diagnostic pop
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

double
salve_session_get_planned_minutes (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), -1);
  return self->planned_minutes;
}

void
salve_session_set_planned_minutes (SalveSession *self,
                                   double        minutes)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  self->planned_minutes = minutes;
}

const char *
salve_session_get_started_at (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), NULL);
  return self->started_at;
}

void
salve_session_set_started_at (SalveSession *self,
                              const char   *at)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  replace_nullable (&self->started_at, at);
}

const char *
salve_session_get_ended_at (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), NULL);
  return self->ended_at;
}

void
salve_session_set_ended_at (SalveSession *self,
                            const char   *at)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  replace_nullable (&self->ended_at, at);
}

SalveSessionOutcome
salve_session_get_outcome (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), 0);
  return self->outcome;
}

const char *
salve_session_get_outcome_reason (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), NULL);
  return self->outcome_reason;
}

void
salve_session_set_outcome (SalveSession        *self,
                           SalveSessionOutcome  outcome,
                           const char          *reason)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  g_return_if_fail (outcome < SALVE_N_SESSION_OUTCOMES);

  self->outcome = outcome;
  replace_string (&self->outcome_reason, reason);
}

int
salve_session_get_pain_before (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), SALVE_PAIN_UNSET);
  return self->pain_before;
}

void
salve_session_set_pain_before (SalveSession *self,
                               int           pain)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  g_return_if_fail (pain == SALVE_PAIN_UNSET || (pain >= 0 && pain <= 10));
  self->pain_before = pain;
}

int
salve_session_get_pain_after (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), SALVE_PAIN_UNSET);
  return self->pain_after;
}

void
salve_session_set_pain_after (SalveSession *self,
                              int           pain)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  g_return_if_fail (pain == SALVE_PAIN_UNSET || (pain >= 0 && pain <= 10));
  self->pain_after = pain;
}

const char * const *
salve_session_get_side_effects (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), NULL);
  return (const char * const *) self->side_effects;
}

void
salve_session_set_side_effects (SalveSession       *self,
                                const char * const *ids)
{
  GStrv copy;

  g_return_if_fail (SALVE_IS_SESSION (self));

  copy = ids ? g_strdupv ((char **) ids) : g_new0 (char *, 1);
  g_strfreev (self->side_effects);
  self->side_effects = copy;
}

const char *
salve_session_get_skin_check (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), NULL);
  return self->skin_check;
}

void
salve_session_set_skin_check (SalveSession *self,
                              const char   *check)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  replace_string (&self->skin_check, check);
}

const char *
salve_session_get_note (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), NULL);
  return self->note;
}

void
salve_session_set_note (SalveSession *self,
                        const char   *note)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  replace_string (&self->note, note);
}

GPtrArray *
salve_session_get_events (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), NULL);
  return self->events;
}

const char *
salve_session_get_ending_cause (SalveSession *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION (self), NULL);

  for (guint i = 0; self->events != NULL && i < self->events->len; i++)
    {
      const SalveSessionEvent *event = g_ptr_array_index (self->events, i);

      if ((event->kind == SALVE_SESSION_EVENT_FAULT || event->kind == SALVE_SESSION_EVENT_LINK_LOST) &&
          event->detail != NULL && *event->detail != '\0')
        return event->detail;
    }

  return NULL;
}

void
salve_session_add_event (SalveSession      *self,
                         SalveSessionEvent *event)
{
  g_return_if_fail (SALVE_IS_SESSION (self));
  g_return_if_fail (event != NULL);

  g_ptr_array_add (self->events, event);
}

gint64
salve_session_get_duration_s (SalveSession *self)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  g_return_val_if_fail (SALVE_IS_SESSION (self), -1);

  start = salve_time_parse_iso (self->started_at);
  end = salve_time_parse_iso (self->ended_at);
  if (start == NULL || end == NULL)
    return -1;

  return g_date_time_difference (end, start) / G_TIME_SPAN_SECOND;
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_pain (JsonBuilder *builder,
          const char  *name,
          int          pain)
{
  json_builder_set_member_name (builder, name);
  if (pain == SALVE_PAIN_UNSET)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, pain);
}

JsonNode *
salve_session_to_json (SalveSession *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) params = NULL;

  g_return_val_if_fail (SALVE_IS_SESSION (self), NULL);

  params = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (params, self->params);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  json_builder_set_member_name (builder, "device");
  json_builder_add_string_value (builder, self->device_name);
  json_builder_set_member_name (builder, "device_id");
  if (self->device_id > 0)
    json_builder_add_int_value (builder, self->device_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "modality");
  json_builder_add_string_value (builder, salve_modality_to_id (self->modality));
  json_builder_set_member_name (builder, "site");
  json_builder_add_string_value (builder, salve_site_to_id (self->site));
  json_builder_set_member_name (builder, "program");
  json_builder_add_string_value (builder, self->program);
  json_builder_set_member_name (builder, "parameters");
  json_builder_add_value (builder, g_steal_pointer (&params));
  json_builder_set_member_name (builder, "planned_minutes");
  if (self->planned_minutes >= 0)
    json_builder_add_double_value (builder, self->planned_minutes);
  else
    json_builder_add_null_value (builder);
  add_nullable_string (builder, "start", self->started_at);
  add_nullable_string (builder, "end", self->ended_at);
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, salve_session_outcome_to_id (self->outcome));
  add_nullable_string (builder, "reason", *self->outcome_reason ? self->outcome_reason : NULL);
  add_pain (builder, "pain_before", self->pain_before);
  add_pain (builder, "pain_after", self->pain_after);
  json_builder_set_member_name (builder, "side_effects");
  json_builder_begin_array (builder);
  for (guint i = 0; self->side_effects[i] != NULL; i++)
    json_builder_add_string_value (builder, self->side_effects[i]);
  json_builder_end_array (builder);
  add_nullable_string (builder, "skin_check", *self->skin_check ? self->skin_check : NULL);
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, self->note);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The practice stimulators, by their untranslated names: the name
 * sessions get now, and the one they were recorded with before. */
static const struct
{
  SalveModality  modality;
  const char    *name;
  const char    *old_name;
} practice_devices[] = {
  { SALVE_MODALITY_TENS, N_("Practice stimulator"), N_("Simulated stimulator") },
  { SALVE_MODALITY_NMES, N_("Practice NMES stimulator"), N_("Simulated NMES stimulator") },
};

const char *
salve_session_get_practice_device_name (SalveModality modality)
{
  for (guint i = 0; i < G_N_ELEMENTS (practice_devices); i++)
    if (practice_devices[i].modality == modality)
      return practice_devices[i].name;

  return NULL;
}

gboolean
salve_session_is_practice_device_name (SalveModality  modality,
                                       const char    *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (practice_devices); i++)
    {
      const char *names[] = { practice_devices[i].name, practice_devices[i].old_name };

      if (modality != SALVE_N_MODALITIES && practice_devices[i].modality != modality)
        continue;
      for (guint n = 0; n < G_N_ELEMENTS (names); n++)
        if (g_str_equal (name, names[n]) || g_str_equal (name, g_dgettext (GETTEXT_PACKAGE, names[n])))
          return TRUE;
    }

  return FALSE;
}
