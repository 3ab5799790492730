/* salve-medication.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-medication"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "salve-diary-entry.h"
#include "salve-medication.h"
#include "salve-parse.h"
#include "salve-time.h"

struct _SalveMedication
{
  GObject    parent_instance;
  gint64     id;
  gint64     profile_id;
  GDateTime *at;
  char      *at_iso;
  char      *name;
  char      *dose;
  char      *note;
  gboolean   as_needed;
};

G_DEFINE_FINAL_TYPE (SalveMedication, salve_medication, G_TYPE_OBJECT)
G_DEFINE_QUARK (salve-medication-error-quark, salve_medication_error)

static void
replace_text (char       **field,
              const char  *value,
              gboolean     strip)
{
  g_free (*field);
  *field = g_strdup (value != NULL ? value : "");
  if (strip)
    g_strstrip (*field);
}

static void
salve_medication_finalize (GObject *object)
{
  SalveMedication *self = (SalveMedication *)object;

  g_clear_pointer (&self->at, g_date_time_unref);
  g_clear_pointer (&self->at_iso, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->dose, g_free);
  g_clear_pointer (&self->note, g_free);

  G_OBJECT_CLASS (salve_medication_parent_class)->finalize (object);
}

static void
salve_medication_class_init (SalveMedicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = salve_medication_finalize;
}

static void
salve_medication_init (SalveMedication *self)
{
  self->name = g_strdup ("");
  self->dose = g_strdup ("");
  self->note = g_strdup ("");
}

SalveMedication *
salve_medication_new (gint64 profile_id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  SalveMedication *self = g_object_new (SALVE_TYPE_MEDICATION, NULL);

  self->profile_id = profile_id;
  salve_medication_set_at (self, now);

  return self;
}

SalveMedication *
salve_medication_copy (SalveMedication *self)
{
  SalveMedication *copy;

  g_return_val_if_fail (SALVE_IS_MEDICATION (self), NULL);

  copy = g_object_new (SALVE_TYPE_MEDICATION, NULL);
  copy->id = self->id;
  copy->profile_id = self->profile_id;
  copy->at = self->at ? g_date_time_ref (self->at) : NULL;
  copy->at_iso = g_strdup (self->at_iso);
  replace_text (&copy->name, self->name, FALSE);
  replace_text (&copy->dose, self->dose, FALSE);
  replace_text (&copy->note, self->note, FALSE);
  copy->as_needed = self->as_needed;

  return copy;
}

gint64
salve_medication_get_id (SalveMedication *self)
{
  g_return_val_if_fail (SALVE_IS_MEDICATION (self), 0);
  return self->id;
}

void
salve_medication_set_id (SalveMedication *self,
                         gint64           id)
{
  g_return_if_fail (SALVE_IS_MEDICATION (self));
  self->id = id;
}

gint64
salve_medication_get_profile_id (SalveMedication *self)
{
  g_return_val_if_fail (SALVE_IS_MEDICATION (self), 0);
  return self->profile_id;
}

void
salve_medication_set_profile_id (SalveMedication *self,
                                 gint64           profile_id)
{
  g_return_if_fail (SALVE_IS_MEDICATION (self));
  self->profile_id = profile_id;
}

GDateTime *
salve_medication_get_at (SalveMedication *self)
{
  g_return_val_if_fail (SALVE_IS_MEDICATION (self), NULL);
  return self->at;
}

void
salve_medication_set_at (SalveMedication *self,
                         GDateTime       *at)
{
  g_return_if_fail (SALVE_IS_MEDICATION (self));
  g_return_if_fail (at != NULL);

  /* Whole seconds, as the stored form: a round trip must not change it. */
  g_clear_pointer (&self->at, g_date_time_unref);
  self->at = g_date_time_add (at, -(GTimeSpan) g_date_time_get_microsecond (at));
  g_free (self->at_iso);
  self->at_iso = salve_time_format_iso (self->at);
}

const char *
salve_medication_get_at_iso (SalveMedication *self)
{
  g_return_val_if_fail (SALVE_IS_MEDICATION (self), NULL);
  return self->at_iso;
}

gboolean
salve_medication_set_at_iso (SalveMedication  *self,
                             const char       *iso,
                             GError          **error)
{
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SALVE_IS_MEDICATION (self), FALSE);

  at = salve_parse_date_time (iso, NULL, NULL, &local_error);
  if (at == NULL)
    {
      g_set_error_literal (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_INVALID,
                           local_error->message);
      return FALSE;
    }

  salve_medication_set_at (self, at);
  return TRUE;
}

gint64
salve_medication_get_at_unix (SalveMedication *self)
{
  g_return_val_if_fail (SALVE_IS_MEDICATION (self), 0);
  return self->at ? g_date_time_to_unix (self->at) : 0;
}

const char *
salve_medication_get_name (SalveMedication *self)
{
  g_return_val_if_fail (SALVE_IS_MEDICATION (self), NULL);
  return self->name;
}

void
salve_medication_set_name (SalveMedication *self,
                           const char      *name)
{
  g_return_if_fail (SALVE_IS_MEDICATION (self));
  replace_text (&self->name, name, TRUE);
}

const char *
salve_medication_get_dose (SalveMedication *self)
{
  g_return_val_if_fail (SALVE_IS_MEDICATION (self), NULL);
  return self->dose;
}

void
salve_medication_set_dose (SalveMedication *self,
                           const char      *dose)
{
  g_return_if_fail (SALVE_IS_MEDICATION (self));
  replace_text (&self->dose, dose, TRUE);
}

gboolean
salve_medication_get_as_needed (SalveMedication *self)
{
  g_return_val_if_fail (SALVE_IS_MEDICATION (self), FALSE);
  return self->as_needed;
}

void
salve_medication_set_as_needed (SalveMedication *self,
                                gboolean         as_needed)
{
  g_return_if_fail (SALVE_IS_MEDICATION (self));
  self->as_needed = !!as_needed;
}

const char *
salve_medication_get_note (SalveMedication *self)
{
  g_return_val_if_fail (SALVE_IS_MEDICATION (self), NULL);
  return self->note;
}

void
salve_medication_set_note (SalveMedication *self,
                           const char      *note)
{
  g_return_if_fail (SALVE_IS_MEDICATION (self));
  replace_text (&self->note, note, FALSE);
}

static gboolean
check_text (const char  *value,
            gsize        max_chars,
            const char  *what,
            GError     **error)
{
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_INVALID,
                   _("%s is not valid text."), what);
      return FALSE;
    }
  if (max_chars > 0 && (gsize) g_utf8_strlen (value, -1) > max_chars)
    {
      /* Translators: %s is “The medication name” or “The dose”. */
      g_set_error (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_INVALID,
                   _("%s is longer than %u characters."), what, (guint) max_chars);
      return FALSE;
    }
  return TRUE;
}

gboolean
salve_medication_validate (SalveMedication  *self,
                           GError          **error)
{
  g_return_val_if_fail (SALVE_IS_MEDICATION (self), FALSE);

  if (!salve_medication_validate_stored (self, error))
    return FALSE;

  if (g_date_time_to_unix (self->at) > salve_diary_get_latest_allowed ())
    {
      g_set_error_literal (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_FUTURE,
                           _("The day lies in the future: the medication log records what was taken."));
      return FALSE;
    }

  return TRUE;
}

gboolean
salve_medication_validate_stored (SalveMedication  *self,
                                  GError          **error)
{
  g_return_val_if_fail (SALVE_IS_MEDICATION (self), FALSE);

  if (self->at == NULL)
    {
      g_set_error_literal (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_INVALID,
                           _("A medication intake needs a date and time."));
      return FALSE;
    }

  if (!salve_date_time_in_range (self->at))
    {
      g_set_error (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_INVALID,
                   _("The year %d is outside %d to %d."), g_date_time_get_year (self->at),
                   SALVE_YEAR_MIN, SALVE_YEAR_MAX);
      return FALSE;
    }

  if (!check_text (self->name, SALVE_MEDICATION_NAME_MAX, _("The medication name"), error) ||
      !check_text (self->dose, SALVE_MEDICATION_DOSE_MAX, _("The dose"), error) ||
      !check_text (self->note, 0, _("The note"), error))
    return FALSE;

  if (*self->name == '\0')
    {
      g_set_error_literal (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_INVALID,
                           _("A medication intake needs the name of the medication."));
      return FALSE;
    }

  return TRUE;
}

const char *
salve_medication_kind_to_id (gboolean as_needed)
{
  return as_needed ? "as-needed" : "scheduled";
}

gboolean
salve_medication_kind_parse (const char *text,
                             gboolean   *as_needed)
{
  static const char * const as_needed_words[] = {
    "as-needed", "as needed", "prn", "pro re nata", "when needed", "yes", "y", "true", "1",
    "zo nodig", "z.n.", "zn", "indien nodig", "ja", "j",
  };
  static const char * const scheduled_words[] = {
    "scheduled", "regular", "fixed", "no", "n", "false", "0",
    "vast", "gepland", "volgens schema", "dagelijks", "nee",
  };
  g_autofree char *folded = NULL;

  g_return_val_if_fail (as_needed != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  g_strstrip (folded);

  for (guint i = 0; i < G_N_ELEMENTS (as_needed_words); i++)
    if (g_str_equal (folded, as_needed_words[i]))
      {
        *as_needed = TRUE;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (scheduled_words); i++)
    if (g_str_equal (folded, scheduled_words[i]))
      {
        *as_needed = FALSE;
        return TRUE;
      }
  return FALSE;
}
