/* salve-fhir.h: Salve's diary and sessions as HL7 FHIR R4 JSON, and back
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "salve-csv-reader.h"

G_BEGIN_DECLS

#define SALVE_FHIR_ERROR (salve_fhir_error_quark ())

typedef enum
{
  SALVE_FHIR_ERROR_FAILED,
  SALVE_FHIR_ERROR_NOT_A_BUNDLE,   /* JSON, but not a FHIR Bundle */
  SALVE_FHIR_ERROR_INVALID,        /* not JSON */
} SalveFhirError;

GQuark salve_fhir_error_quark (void);

/* The LOINC code of a pain rating: "Pain severity - 0-10 verbal numeric
 * rating [Score] - Reported". */
#define SALVE_FHIR_LOINC_SYSTEM      "http://loinc.org"
/* The code system of Salve's body region ids (docs/diary.md). */
#define SALVE_FHIR_REGION_SYSTEM     "https://salve.github.io/fhir/body-region"
#define SALVE_FHIR_PAIN_CODE         "72514-3"
#define SALVE_FHIR_PAIN_DISPLAY      "Pain severity - 0-10 verbal numeric rating [Score] - Reported"

/* Texts that name the diary's other values (Observation.component.code.text)
 * and the labels of a session's notes (Procedure.note.text is "LABEL: value").
 * They are data, not shown to people: never translated. */
#define SALVE_FHIR_COMPONENT_FATIGUE    "Fatigue 0-10"
#define SALVE_FHIR_COMPONENT_SLEEP      "Sleep quality 0-10"
#define SALVE_FHIR_COMPONENT_STRESS     "Stress 0-10"
#define SALVE_FHIR_COMPONENT_ACTIVITIES "Activities"
#define SALVE_FHIR_COMPONENT_SUCCESS    "Small success"
#define SALVE_FHIR_COMPONENT_WEAKNESS   "New weakness"
#define SALVE_FHIR_COMPONENT_NUMBNESS   "Numbness"
#define SALVE_FHIR_COMPONENT_PHASE      "Session phase"

/* A rating taken just before or after a session: Observation.partOf
 * points at the session's Procedure, and the component "Session phase"
 * says "before" or "after". */
typedef struct
{
  char *at;             /* the rating's effectiveDateTime */
  char *pain;
  char *session_start;  /* the Procedure's performedPeriod.start */
  char *session_end;    /* its end, when it has no start (it never started) */
  char *phase;          /* "before" or "after" */
} SalveFhirLink;

void salve_fhir_link_free (SalveFhirLink *link);

/* Whether @data (after an optional UTF-8 BOM and white space) starts a
 * JSON object: what tells a FHIR file from a CSV one. */
gboolean   salve_fhir_looks_like_json  (const char *data,
                                        gsize       len);

/* What a Bundle held that is not imported, for the notes of an import. */
typedef struct
{
  guint     n_other;         /* resources Salve does not keep, and withdrawn ones */
  guint     n_observations;  /* Observations that are no pain rating Salve reads */
  gboolean  next_page;       /* the Bundle links to a next page of its search */
  guint     n_modified;      /* resources with a modifierExtension, which Salve cannot read */
} SalveFhirSkipped;

/* Reads a FHIR R4 Bundle (JSON) and calls @func with rows in the columns
 * of a Salve export of kind "all" (salve_csv_export_columns()): first
 * the header, then one row per pain-rating Observation (kind "diary")
 * per Procedure (kind "session") and per MedicationStatement (kind
 * "medication"; one that was not taken is skipped), in the Bundle's
 * order; a row's line is its entry's number, counting from 1 (the
 * header's is 0). The Patient is skipped (the profile is chosen by the
 * importer); other resources are skipped and counted in @skipped (may be NULL). Values are handed on as text for the CSV validator to
 * check, as a CSV cell would be. The ratings that belong to a session
 * are added to @links (element SalveFhirLink; may be NULL). */
gboolean   salve_fhir_read_bundle      (const char       *data,
                                        gsize             len,
                                        SalveCsvRowFunc   func,
                                        gpointer          user_data,
                                        GPtrArray        *links,
                                        SalveFhirSkipped *skipped,
                                        GError          **error);

/* The Bundle the exporter writes is built with these; @row holds the
 * values of an export row (SALVE_CSV_EXPORT_ALL columns, NULL for
 * empty). @patient_url is the Patient's fullUrl; @session_url the
 * fullUrl of the session a rating was taken before or after (@phase),
 * or NULL. */
JsonNode  *salve_fhir_diary_to_resource   (const char * const *row,
                                           const char         *id,
                                           const char         *patient_url,
                                           const char         *session_url,
                                           const char         *phase);
JsonNode  *salve_fhir_session_to_resource (const char * const *row,
                                           const char         *id,
                                           const char         *patient_url);
/* A MedicationStatement (status "completed") for an intake row. */
JsonNode  *salve_fhir_medication_to_resource (const char * const *row,
                                              const char         *id,
                                              const char         *patient_url);

G_END_DECLS
