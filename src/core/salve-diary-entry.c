/* salve-diary-entry.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-diary-entry"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "salve-care-plan.h"
#include "salve-diary-entry.h"
#include "salve-body-region.h"
#include "salve-parse.h"
#include "salve-time.h"

struct _SalveDiaryEntry
{
  GObject          parent_instance;
  gint64           id;
  gint64           profile_id;
  GDateTime       *at;
  char            *at_iso;
  char            *region;
  char            *activities;
  char            *note;
  gint64           session_id;
  SalveDiaryPhase  session_phase;
  gboolean         practice;
  int              pain;
  int              fatigue;
  int              sleep_quality;
  int              stress;
  gboolean         success;
  gboolean         new_weakness;
  gboolean         numbness;
  GArray          *activity_minutes;  /* ActivityMinutes, sorted by id */
};

typedef struct
{
  char  *id;
  guint  minutes;
} ActivityMinutes;

static void
activity_minutes_clear (gpointer data)
{
  ActivityMinutes *a = data;

  g_free (a->id);
}

G_DEFINE_FINAL_TYPE (SalveDiaryEntry, salve_diary_entry, G_TYPE_OBJECT)
G_DEFINE_QUARK (salve-diary-error-quark, salve_diary_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_PROFILE_ID,
  PROP_AT,
  PROP_AT_ISO,
  PROP_PAIN,
  PROP_REGION,
  PROP_FATIGUE,
  PROP_SLEEP_QUALITY,
  PROP_STRESS,
  PROP_ACTIVITIES,
  PROP_NOTE,
  PROP_SUCCESS,
  PROP_SESSION_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

const char *
salve_diary_phase_to_id (SalveDiaryPhase phase)
{
  switch (phase)
    {
    case SALVE_DIARY_PHASE_BEFORE:
      return "before";
    case SALVE_DIARY_PHASE_AFTER:
      return "after";
    case SALVE_DIARY_PHASE_NONE:
    default:
      return NULL;
    }
}

gboolean
salve_diary_phase_from_id (const char      *id,
                           SalveDiaryPhase *phase)
{
  g_return_val_if_fail (phase != NULL, FALSE);

  if (id == NULL || *id == '\0')
    *phase = SALVE_DIARY_PHASE_NONE;
  else if (g_str_equal (id, "before"))
    *phase = SALVE_DIARY_PHASE_BEFORE;
  else if (g_str_equal (id, "after"))
    *phase = SALVE_DIARY_PHASE_AFTER;
  else
    return FALSE;

  return TRUE;
}

static void
salve_diary_entry_finalize (GObject *object)
{
  SalveDiaryEntry *self = (SalveDiaryEntry *)object;

  g_clear_pointer (&self->at, g_date_time_unref);
  g_clear_pointer (&self->at_iso, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->activities, g_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->activity_minutes, g_array_unref);

  G_OBJECT_CLASS (salve_diary_entry_parent_class)->finalize (object);
}

static void
salve_diary_entry_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SalveDiaryEntry *self = SALVE_DIARY_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_PROFILE_ID:
      g_value_set_int64 (value, self->profile_id);
      break;
    case PROP_AT:
      g_value_set_boxed (value, self->at);
      break;
    case PROP_AT_ISO:
      g_value_set_string (value, self->at_iso);
      break;
    case PROP_PAIN:
      g_value_set_int (value, self->pain);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_FATIGUE:
      g_value_set_int (value, self->fatigue);
      break;
    case PROP_SLEEP_QUALITY:
      g_value_set_int (value, self->sleep_quality);
      break;
    case PROP_STRESS:
      g_value_set_int (value, self->stress);
      break;
    case PROP_ACTIVITIES:
      g_value_set_string (value, self->activities);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    case PROP_SUCCESS:
      g_value_set_boolean (value, self->success);
      break;
    case PROP_SESSION_ID:
      g_value_set_int64 (value, self->session_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_diary_entry_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SalveDiaryEntry *self = SALVE_DIARY_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      salve_diary_entry_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_PROFILE_ID:
      salve_diary_entry_set_profile_id (self, g_value_get_int64 (value));
      break;
    case PROP_AT:
      salve_diary_entry_set_at (self, g_value_get_boxed (value));
      break;
    case PROP_PAIN:
      salve_diary_entry_set_pain (self, g_value_get_int (value));
      break;
    case PROP_REGION:
      salve_diary_entry_set_region (self, g_value_get_string (value));
      break;
    case PROP_FATIGUE:
      salve_diary_entry_set_fatigue (self, g_value_get_int (value));
      break;
    case PROP_SLEEP_QUALITY:
      salve_diary_entry_set_sleep_quality (self, g_value_get_int (value));
      break;
    case PROP_STRESS:
      salve_diary_entry_set_stress (self, g_value_get_int (value));
      break;
    case PROP_ACTIVITIES:
      salve_diary_entry_set_activities (self, g_value_get_string (value));
      break;
    case PROP_NOTE:
      salve_diary_entry_set_note (self, g_value_get_string (value));
      break;
    case PROP_SUCCESS:
      salve_diary_entry_set_success (self, g_value_get_boolean (value));
      break;
    case PROP_AT_ISO:
    case PROP_SESSION_ID:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_diary_entry_class_init (SalveDiaryEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = salve_diary_entry_finalize;
  object_class->get_property = salve_diary_entry_get_property;
  object_class->set_property = salve_diary_entry_set_property;

  properties [PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties [PROP_PROFILE_ID] = g_param_spec_int64 ("profile-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties [PROP_AT] = g_param_spec_boxed ("at", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties [PROP_AT_ISO] = g_param_spec_string ("at-iso", NULL, NULL, NULL, ro);
  properties [PROP_PAIN] = g_param_spec_int ("pain", NULL, NULL, 0, 10, 0, rw);
  properties [PROP_REGION] = g_param_spec_string ("region", NULL, NULL, "", rw);
  properties [PROP_FATIGUE] = g_param_spec_int ("fatigue", NULL, NULL, SALVE_DIARY_UNRATED, 10, SALVE_DIARY_UNRATED, rw);
  properties [PROP_SLEEP_QUALITY] = g_param_spec_int ("sleep-quality", NULL, NULL, SALVE_DIARY_UNRATED, 10, SALVE_DIARY_UNRATED, rw);
  properties [PROP_STRESS] = g_param_spec_int ("stress", NULL, NULL, SALVE_DIARY_UNRATED, 10, SALVE_DIARY_UNRATED, rw);
  properties [PROP_ACTIVITIES] = g_param_spec_string ("activities", NULL, NULL, "", rw);
  properties [PROP_NOTE] = g_param_spec_string ("note", NULL, NULL, "", rw);
  properties [PROP_SUCCESS] = g_param_spec_boolean ("success", NULL, NULL, FALSE, rw);
  properties [PROP_SESSION_ID] = g_param_spec_int64 ("session-id", NULL, NULL, 0, G_MAXINT64, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
salve_diary_entry_init (SalveDiaryEntry *self)
{
  self->region = g_strdup ("");
  self->activities = g_strdup ("");
  self->note = g_strdup ("");
  self->fatigue = SALVE_DIARY_UNRATED;
  self->sleep_quality = SALVE_DIARY_UNRATED;
  self->stress = SALVE_DIARY_UNRATED;
  self->activity_minutes = g_array_new (FALSE, TRUE, sizeof (ActivityMinutes));
  g_array_set_clear_func (self->activity_minutes, activity_minutes_clear);
}

SalveDiaryEntry *
salve_diary_entry_new (gint64 profile_id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return salve_diary_entry_new_at (profile_id, now);
}

SalveDiaryEntry *
salve_diary_entry_new_at (gint64     profile_id,
                          GDateTime *at)
{
  SalveDiaryEntry *self;

  g_return_val_if_fail (at != NULL, NULL);

  self = g_object_new (SALVE_TYPE_DIARY_ENTRY, NULL);
  self->profile_id = profile_id;
  salve_diary_entry_set_at (self, at);

  return self;
}

SalveDiaryEntry *
salve_diary_entry_copy (SalveDiaryEntry *self)
{
  SalveDiaryEntry *copy;

  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), NULL);

  copy = g_object_new (SALVE_TYPE_DIARY_ENTRY, NULL);
  copy->id = self->id;
  copy->profile_id = self->profile_id;
  copy->at = self->at ? g_date_time_ref (self->at) : NULL;
  copy->at_iso = g_strdup (self->at_iso);
  g_free (copy->region);
  copy->region = g_strdup (self->region);
  g_free (copy->activities);
  copy->activities = g_strdup (self->activities);
  g_free (copy->note);
  copy->note = g_strdup (self->note);
  copy->session_id = self->session_id;
  copy->session_phase = self->session_phase;
  copy->practice = self->practice;
  copy->pain = self->pain;
  copy->fatigue = self->fatigue;
  copy->sleep_quality = self->sleep_quality;
  copy->stress = self->stress;
  copy->success = self->success;
  copy->new_weakness = self->new_weakness;
  copy->numbness = self->numbness;
  for (guint i = 0; i < self->activity_minutes->len; i++)
    {
      const ActivityMinutes *a = &g_array_index (self->activity_minutes, ActivityMinutes, i);
      salve_diary_entry_set_activity_minutes (copy, a->id, a->minutes);
    }

  return copy;
}

gint64
salve_diary_entry_get_id (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), 0);
  return self->id;
}

void
salve_diary_entry_set_id (SalveDiaryEntry *self,
                          gint64           id)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ID]);
}

gint64
salve_diary_entry_get_profile_id (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), 0);
  return self->profile_id;
}

void
salve_diary_entry_set_profile_id (SalveDiaryEntry *self,
                                  gint64           profile_id)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));

  if (self->profile_id == profile_id)
    return;
  self->profile_id = profile_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PROFILE_ID]);
}

GDateTime *
salve_diary_entry_get_at (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), NULL);
  return self->at;
}

void
salve_diary_entry_set_at (SalveDiaryEntry *self,
                          GDateTime       *at)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));
  g_return_if_fail (at != NULL);

  /* Whole seconds: the stored form has no fraction, and a round trip
   * through the database must not change the entry. */
  g_clear_pointer (&self->at, g_date_time_unref);
  self->at = g_date_time_add (at, -(GTimeSpan) g_date_time_get_microsecond (at));
  g_free (self->at_iso);
  self->at_iso = salve_time_format_iso (self->at);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_AT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_AT_ISO]);
}

const char *
salve_diary_entry_get_at_iso (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), NULL);
  return self->at_iso;
}

gboolean
salve_diary_entry_set_at_iso (SalveDiaryEntry  *self,
                              const char       *iso,
                              GError          **error)
{
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), FALSE);

  at = salve_parse_date_time (iso, NULL, NULL, &local_error);
  if (at == NULL)
    {
      g_set_error_literal (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_INVALID, local_error->message);
      return FALSE;
    }

  salve_diary_entry_set_at (self, at);
  return TRUE;
}

gint64
salve_diary_entry_get_at_unix (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), 0);
  return self->at ? g_date_time_to_unix (self->at) : 0;
}

int
salve_diary_entry_get_pain (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), 0);
  return self->pain;
}

void
salve_diary_entry_set_pain (SalveDiaryEntry *self,
                            int              pain)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));

  if (self->pain == pain)
    return;
  self->pain = pain;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PAIN]);
}

static void
set_text (SalveDiaryEntry  *self,
          char            **field,
          const char       *value,
          int               prop)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties [prop]);
}

const char *
salve_diary_entry_get_region (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), NULL);
  return self->region;
}

void
salve_diary_entry_set_region (SalveDiaryEntry *self,
                              const char      *region)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));
  set_text (self, &self->region, region, PROP_REGION);
}

int
salve_diary_entry_get_fatigue (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), SALVE_DIARY_UNRATED);
  return self->fatigue;
}

void
salve_diary_entry_set_fatigue (SalveDiaryEntry *self,
                               int              fatigue)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));

  if (fatigue < 0)
    fatigue = SALVE_DIARY_UNRATED;
  if (self->fatigue == fatigue)
    return;
  self->fatigue = fatigue;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FATIGUE]);
}

int
salve_diary_entry_get_sleep_quality (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), SALVE_DIARY_UNRATED);
  return self->sleep_quality;
}

void
salve_diary_entry_set_sleep_quality (SalveDiaryEntry *self,
                                     int              sleep_quality)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));

  if (sleep_quality < 0)
    sleep_quality = SALVE_DIARY_UNRATED;
  if (self->sleep_quality == sleep_quality)
    return;
  self->sleep_quality = sleep_quality;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SLEEP_QUALITY]);
}

int
salve_diary_entry_get_stress (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), SALVE_DIARY_UNRATED);
  return self->stress;
}

void
salve_diary_entry_set_stress (SalveDiaryEntry *self,
                              int              stress)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));

  if (stress < 0)
    stress = SALVE_DIARY_UNRATED;
  if (self->stress == stress)
    return;
  self->stress = stress;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STRESS]);
}

const char *
salve_diary_entry_get_activities (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), NULL);
  return self->activities;
}

void
salve_diary_entry_set_activities (SalveDiaryEntry *self,
                                  const char      *activities)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));
  set_text (self, &self->activities, activities, PROP_ACTIVITIES);
}

const char *
salve_diary_entry_get_note (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), NULL);
  return self->note;
}

void
salve_diary_entry_set_note (SalveDiaryEntry *self,
                            const char      *note)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));
  set_text (self, &self->note, note, PROP_NOTE);
}

gboolean
salve_diary_entry_get_success (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), FALSE);
  return self->success;
}

void
salve_diary_entry_set_success (SalveDiaryEntry *self,
                               gboolean         success)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));

  success = !!success;
  if (self->success == success)
    return;
  self->success = success;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SUCCESS]);
}

gint64
salve_diary_entry_get_session_id (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), 0);
  return self->session_id;
}

SalveDiaryPhase
salve_diary_entry_get_session_phase (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), SALVE_DIARY_PHASE_NONE);
  return self->session_phase;
}

void
salve_diary_entry_set_session (SalveDiaryEntry *self,
                               gint64           session_id,
                               SalveDiaryPhase  phase)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));

  self->session_phase = session_id > 0 ? phase : SALVE_DIARY_PHASE_NONE;
  if (self->session_id == session_id)
    return;
  self->session_id = session_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SESSION_ID]);
}

gboolean
salve_diary_entry_get_practice (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), FALSE);
  return self->practice;
}

void
salve_diary_entry_set_practice (SalveDiaryEntry *self,
                                gboolean         practice)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));
  self->practice = practice && self->session_id > 0;
}

const char *
salve_diary_entry_get_session_mark (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), NULL);

  if (self->session_id <= 0)
    return NULL;
  if (self->practice)
    return _("practice session, not counted");
  return self->session_phase == SALVE_DIARY_PHASE_AFTER ? _("after a session") : _("before a session");
}

static gboolean
check_rating (int          value,
              gboolean     optional,
              const char  *what,
              GError     **error)
{
  if (optional && value == SALVE_DIARY_UNRATED)
    return TRUE;
  if (value >= 0 && value <= 10)
    return TRUE;

  /* Translators: %s is a rating such as “Pain” or “Fatigue”. */
  g_set_error (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_INVALID,
               _("%s must be a whole number from 0 to 10, not %d."), what, value);
  return FALSE;
}

static gboolean
check_text (const char  *value,
            const char  *what,
            GError     **error)
{
  if (g_utf8_validate (value, -1, NULL))
    return TRUE;

  g_set_error (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_INVALID,
               _("%s is not valid text."), what);
  return FALSE;
}

gint64
salve_diary_get_latest_allowed (void)
{
  return g_get_real_time () / G_USEC_PER_SEC + SALVE_DIARY_AHEAD_SECONDS;
}

gboolean
salve_diary_check_not_ahead (GDateTime  *at,
                             GError    **error)
{
  g_return_val_if_fail (at != NULL, FALSE);

  /* Drawn in the chart's future and counted in its "past 7 days", such
   * an entry would skew the trend until somebody found it. */
  if (g_date_time_to_unix (at) <= salve_diary_get_latest_allowed ())
    return TRUE;

  g_set_error_literal (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_FUTURE,
                       _("The day lies in the future: a diary entry records what has happened."));
  return FALSE;
}

gboolean
salve_diary_entry_validate (SalveDiaryEntry  *self,
                            GError          **error)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), FALSE);

  return salve_diary_entry_validate_stored (self, error) && salve_diary_check_not_ahead (self->at, error);
}

gboolean
salve_diary_entry_validate_stored (SalveDiaryEntry  *self,
                                   GError          **error)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), FALSE);

  if (self->at == NULL)
    {
      g_set_error_literal (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_INVALID,
                           _("A diary entry needs a date and time."));
      return FALSE;
    }

  /* Only what Salve reads back is stored: the stored form has four-digit
   * years. */
  if (!salve_date_time_in_range (self->at))
    {
      g_set_error (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_INVALID,
                   _("The year %d is outside %d to %d."), g_date_time_get_year (self->at),
                   SALVE_YEAR_MIN, SALVE_YEAR_MAX);
      return FALSE;
    }

  if (!check_rating (self->pain, FALSE, _("Pain"), error) ||
      !check_rating (self->fatigue, TRUE, _("Fatigue"), error) ||
      !check_rating (self->sleep_quality, TRUE, _("Sleep quality"), error) ||
      !check_rating (self->stress, TRUE, _("Stress"), error) ||
      !check_text (self->region, _("The body region"), error) ||
      !check_text (self->activities, _("The activities"), error) ||
      !check_text (self->note, _("The note"), error))
    return FALSE;

  for (guint i = 0; i < self->activity_minutes->len; i++)
    {
      const ActivityMinutes *a = &g_array_index (self->activity_minutes, ActivityMinutes, i);

      if (!salve_activity_id_is_valid (a->id))
        {
          g_set_error (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_INVALID,
                       _("“%s” is not an activity id."), a->id);
          return FALSE;
        }
      if (a->minutes > SALVE_ACTIVITY_MAX_MINUTES)
        {
          g_set_error (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_INVALID,
                       _("An activity lasts 0 to %d minutes."), SALVE_ACTIVITY_MAX_MINUTES);
          return FALSE;
        }
    }

  if (self->session_phase != SALVE_DIARY_PHASE_NONE && self->session_id <= 0)
    {
      g_set_error_literal (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_INVALID,
                           _("A rating before or after a session needs that session."));
      return FALSE;
    }

  return TRUE;
}

gboolean
salve_diary_entry_get_new_weakness (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), FALSE);
  return self->new_weakness;
}

void
salve_diary_entry_set_new_weakness (SalveDiaryEntry *self,
                                    gboolean         new_weakness)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));
  self->new_weakness = !!new_weakness;
}

gboolean
salve_diary_entry_get_numbness (SalveDiaryEntry *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), FALSE);
  return self->numbness;
}

void
salve_diary_entry_set_numbness (SalveDiaryEntry *self,
                                gboolean         numbness)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));
  self->numbness = !!numbness;
}

static gboolean
find_activity (SalveDiaryEntry *self,
               const char      *activity,
               guint           *index)
{
  guint i;

  for (i = 0; i < self->activity_minutes->len; i++)
    {
      int cmp = strcmp (g_array_index (self->activity_minutes, ActivityMinutes, i).id, activity);

      if (cmp == 0)
        {
          *index = i;
          return TRUE;
        }
      if (cmp > 0)
        break;
    }
  *index = i;
  return FALSE;
}

void
salve_diary_entry_set_activity_minutes (SalveDiaryEntry *self,
                                        const char      *activity,
                                        guint            minutes)
{
  ActivityMinutes a;
  guint i;

  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));
  g_return_if_fail (activity != NULL);

  if (find_activity (self, activity, &i))
    {
      g_array_index (self->activity_minutes, ActivityMinutes, i).minutes = minutes;
      return;
    }
  a.id = g_strdup (activity);
  a.minutes = minutes;
  g_array_insert_val (self->activity_minutes, i, a);
}

guint
salve_diary_entry_get_activity_minutes (SalveDiaryEntry *self,
                                        const char      *activity)
{
  guint i;

  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), 0);
  g_return_val_if_fail (activity != NULL, 0);

  return find_activity (self, activity, &i)
    ? g_array_index (self->activity_minutes, ActivityMinutes, i).minutes : 0;
}

GStrv
salve_diary_entry_dup_activity_ids (SalveDiaryEntry *self)
{
  GStrv ids;

  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), NULL);

  ids = g_new0 (char *, self->activity_minutes->len + 1);
  for (guint i = 0; i < self->activity_minutes->len; i++)
    ids[i] = g_strdup (g_array_index (self->activity_minutes, ActivityMinutes, i).id);
  return ids;
}

void
salve_diary_entry_clear_activity_minutes (SalveDiaryEntry *self)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));
  g_array_set_size (self->activity_minutes, 0);
}

guint
salve_diary_entry_get_total_activity_minutes (SalveDiaryEntry *self)
{
  guint total = 0;

  g_return_val_if_fail (SALVE_IS_DIARY_ENTRY (self), 0);

  for (guint i = 0; i < self->activity_minutes->len; i++)
    total += g_array_index (self->activity_minutes, ActivityMinutes, i).minutes;
  return total;
}

void
salve_diary_entry_to_point (SalveDiaryEntry *self,
                            SalveDiaryPoint *point)
{
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (self));
  g_return_if_fail (point != NULL);

  memset (point, 0, sizeof *point);
  point->id = self->id;
  point->at_unix = salve_diary_entry_get_at_unix (self);
  point->session_id = self->session_id;
  point->pain = (gint8) self->pain;
  point->fatigue = (gint8) self->fatigue;
  point->sleep_quality = (gint8) self->sleep_quality;
  point->stress = (gint8) self->stress;
  point->phase = (gint8) self->session_phase;
  point->modality = -1;
  point->success = self->success ? 1 : 0;
  point->region = (gint8) salve_body_region_to_code (self->region);
}
