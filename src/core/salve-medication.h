/* salve-medication.h: one medication intake in the diary
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SALVE_MEDICATION_ERROR (salve_medication_error_quark ())

typedef enum
{
  SALVE_MEDICATION_ERROR_INVALID,
  SALVE_MEDICATION_ERROR_FUTURE,
} SalveMedicationError;

GQuark salve_medication_error_quark (void);

/* A name or dose longer than this is not a medication but pasted text. */
#define SALVE_MEDICATION_NAME_MAX 200
#define SALVE_MEDICATION_DOSE_MAX 200

/* An intake on the diary's time line (charts mark them). */
typedef struct
{
  gint64   at_unix;
  gboolean as_needed;
} SalveMedicationMark;

#define SALVE_TYPE_MEDICATION (salve_medication_get_type ())

G_DECLARE_FINAL_TYPE (SalveMedication, salve_medication, SALVE, MEDICATION, GObject)

/* A new, unsaved intake (id 0) at the current local time, scheduled,
 * without a name. */
SalveMedication *salve_medication_new            (gint64            profile_id);
SalveMedication *salve_medication_copy           (SalveMedication  *self);

gint64           salve_medication_get_id         (SalveMedication  *self);
void             salve_medication_set_id         (SalveMedication  *self,
                                                  gint64            id);
gint64           salve_medication_get_profile_id (SalveMedication  *self);
void             salve_medication_set_profile_id (SalveMedication  *self,
                                                  gint64            profile_id);

/* When it was taken; the offset in force then is kept. */
GDateTime       *salve_medication_get_at         (SalveMedication  *self);
void             salve_medication_set_at         (SalveMedication  *self,
                                                  GDateTime        *at);
/* ISO 8601 with offset, the stored form. */
const char      *salve_medication_get_at_iso     (SalveMedication  *self);
/* Strings without an offset are read as local time. */
gboolean         salve_medication_set_at_iso     (SalveMedication  *self,
                                                  const char       *iso,
                                                  GError          **error);
gint64           salve_medication_get_at_unix    (SalveMedication  *self);

/* The medicine as the person calls it ("paracetamol"); surrounding
 * white space is dropped. */
const char      *salve_medication_get_name       (SalveMedication  *self);
void             salve_medication_set_name       (SalveMedication  *self,
                                                  const char       *name);
/* Free text ("500 mg", "2 tablets"); "" when not given. */
const char      *salve_medication_get_dose       (SalveMedication  *self);
void             salve_medication_set_dose       (SalveMedication  *self,
                                                  const char       *dose);
/* TRUE: taken as needed (for pain); FALSE: on a schedule. */
gboolean         salve_medication_get_as_needed  (SalveMedication  *self);
void             salve_medication_set_as_needed  (SalveMedication  *self,
                                                  gboolean          as_needed);
const char      *salve_medication_get_note       (SalveMedication  *self);
void             salve_medication_set_note       (SalveMedication  *self,
                                                  const char       *note);

/* SALVE_MEDICATION_ERROR_INVALID with a message a person can act on when
 * the name is empty or too long, the dose too long, a text not UTF-8, or
 * the year outside SALVE_YEAR_MIN–SALVE_YEAR_MAX; SALVE_MEDICATION_ERROR_FUTURE
 * when the intake lies more than SALVE_DIARY_AHEAD_SECONDS after now (the
 * log records what was taken). Repositories call this before writing. */
gboolean         salve_medication_validate       (SalveMedication  *self,
                                                  GError          **error);
/* The same without the check against the present: for an intake written
 * back as it was (Undo of a delete). */
gboolean         salve_medication_validate_stored (SalveMedication  *self,
                                                   GError          **error);

/* "as-needed" or "scheduled", the id in CSV, salvectl and JSON. */
const char      *salve_medication_kind_to_id     (gboolean          as_needed);
/* Reads the ids above and the words people write for them in English
 * and Dutch ("prn", "zo nodig", "vast", "yes"/"ja" for as needed …),
 * ignoring case. FALSE for anything else. */
gboolean         salve_medication_kind_parse     (const char       *text,
                                                  gboolean         *as_needed);

G_END_DECLS
