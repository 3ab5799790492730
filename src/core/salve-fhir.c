/* salve-fhir.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-fhir"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "salve-csv-mapping.h"
#include "salve-csv-validator.h"
#include "salve-fhir.h"
#include "salve-medication.h"
#include "salve-body-region.h"

G_DEFINE_QUARK (salve-fhir-error-quark, salve_fhir_error)

/* A session's values without a FHIR field of their own go in its notes,
 * one "LABEL: value" each. */
typedef struct
{
  SalveCsvField  field;
  const char    *label;
} NoteLabel;

static const NoteLabel note_labels[] = {
  { SALVE_CSV_FIELD_PROGRAM, "Program" },
  { SALVE_CSV_FIELD_PARAMS, "Parameters" },
  { SALVE_CSV_FIELD_PLANNED_MINUTES, "Planned minutes" },
  { SALVE_CSV_FIELD_PAIN_BEFORE, "Pain before" },
  { SALVE_CSV_FIELD_PAIN_AFTER, "Pain after" },
  { SALVE_CSV_FIELD_SKIN_CHECK, "Skin check" },
  { SALVE_CSV_FIELD_NOTE, "Note" },
};

typedef enum
{
  COMPONENT_INTEGER,
  COMPONENT_STRING,
  COMPONENT_BOOLEAN,        /* always written */
  COMPONENT_FLAG,           /* a boolean written only when set */
} ComponentType;

typedef struct
{
  SalveCsvField  field;
  const char    *text;
  ComponentType  type;
} Component;

static const Component components[] = {
  { SALVE_CSV_FIELD_FATIGUE, SALVE_FHIR_COMPONENT_FATIGUE, COMPONENT_INTEGER },
  { SALVE_CSV_FIELD_SLEEP, SALVE_FHIR_COMPONENT_SLEEP, COMPONENT_INTEGER },
  { SALVE_CSV_FIELD_STRESS, SALVE_FHIR_COMPONENT_STRESS, COMPONENT_INTEGER },
  { SALVE_CSV_FIELD_ACTIVITIES, SALVE_FHIR_COMPONENT_ACTIVITIES, COMPONENT_STRING },
  { SALVE_CSV_FIELD_SUCCESS, SALVE_FHIR_COMPONENT_SUCCESS, COMPONENT_BOOLEAN },
  { SALVE_CSV_FIELD_NEW_WEAKNESS, SALVE_FHIR_COMPONENT_WEAKNESS, COMPONENT_FLAG },
  { SALVE_CSV_FIELD_NUMBNESS, SALVE_FHIR_COMPONENT_NUMBNESS, COMPONENT_FLAG },
};

/* Where @field is in a row of SALVE_CSV_EXPORT_ALL columns. */
static int
column_of (SalveCsvField field)
{
  guint n = 0;
  const SalveCsvField *columns = salve_csv_export_columns (SALVE_CSV_EXPORT_ALL, &n);

  for (guint i = 0; i < n; i++)
    if (columns[i] == field)
      return (int) i;

  g_assert_not_reached ();
  return -1;
}

static const char *
row_value (const char * const *row,
           SalveCsvField       field)
{
  const char *value = row[column_of (field)];

  /* FHIR has no empty strings: empty is absent. */
  return value != NULL && *value != '\0' ? value : NULL;
}

static gboolean
parse_whole (const char *text,
             gint64     *value)
{
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  *value = g_ascii_strtoll (text, &end, 10);
  return *end == '\0';
}

static void
add_text_concept (JsonBuilder *builder,
                  const char  *member,
                  const char  *text)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
}

static void
add_text_concept_list (JsonBuilder *builder,
                       const char  *member,
                       const char  *text)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

/* A known region carries Salve's region id as a coding, so a reader
 * need not parse the text; free text stays text alone. */
static void
add_region_concept (JsonBuilder *builder,
                    const char  *region)
{
  SalveSite site;
  SalveSide side;

  if (!salve_body_region_from_id (region, &site, &side))
    {
      add_text_concept (builder, "bodySite", region);
      return;
    }

  json_builder_set_member_name (builder, "bodySite");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coding");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "system", SALVE_FHIR_REGION_SYSTEM);
  add_string (builder, "code", region);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, region);
  json_builder_end_object (builder);
}

static void
add_subject (JsonBuilder *builder,
             const char  *patient_url)
{
  json_builder_set_member_name (builder, "subject");
  json_builder_begin_object (builder);
  add_string (builder, "reference", patient_url);
  json_builder_end_object (builder);
}

static void
add_pain_code (JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "code");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coding");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "system", SALVE_FHIR_LOINC_SYSTEM);
  add_string (builder, "code", SALVE_FHIR_PAIN_CODE);
  add_string (builder, "display", SALVE_FHIR_PAIN_DISPLAY);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  add_string (builder, "text", "Pain 0-10");
  json_builder_end_object (builder);
}

JsonNode *
salve_fhir_diary_to_resource (const char * const *row,
                              const char         *id,
                              const char         *patient_url,
                              const char         *session_url,
                              const char         *phase)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *value;
  gint64 number;
  gboolean any_component = FALSE;

  g_return_val_if_fail (row != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "resourceType", "Observation");
  add_string (builder, "id", id);
  add_string (builder, "status", "final");

  json_builder_set_member_name (builder, "category");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coding");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "system", "http://terminology.hl7.org/CodeSystem/observation-category");
  add_string (builder, "code", "survey");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  if (session_url != NULL)
    {
      json_builder_set_member_name (builder, "partOf");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      add_string (builder, "reference", session_url);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  add_pain_code (builder);
  add_subject (builder, patient_url);

  if ((value = row_value (row, SALVE_CSV_FIELD_AT)))
    add_string (builder, "effectiveDateTime", value);
  if (parse_whole (row_value (row, SALVE_CSV_FIELD_PAIN), &number))
    {
      json_builder_set_member_name (builder, "valueInteger");
      json_builder_add_int_value (builder, number);
    }
  if ((value = row_value (row, SALVE_CSV_FIELD_REGION)))
    add_region_concept (builder, value);
  if ((value = row_value (row, SALVE_CSV_FIELD_NOTE)))
    {
      json_builder_set_member_name (builder, "note");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      add_string (builder, "text", value);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  for (guint i = 0; i < G_N_ELEMENTS (components); i++)
    {
      value = row_value (row, components[i].field);
      if (value == NULL || (components[i].type == COMPONENT_FLAG && g_str_equal (value, "0")))
        continue;

      if (!any_component)
        {
          json_builder_set_member_name (builder, "component");
          json_builder_begin_array (builder);
          any_component = TRUE;
        }

      json_builder_begin_object (builder);
      add_text_concept (builder, "code", components[i].text);
      if (components[i].type == COMPONENT_BOOLEAN || components[i].type == COMPONENT_FLAG)
        {
          json_builder_set_member_name (builder, "valueBoolean");
          json_builder_add_boolean_value (builder, !g_str_equal (value, "0"));
        }
      else if (components[i].type == COMPONENT_INTEGER && parse_whole (value, &number))
        {
          json_builder_set_member_name (builder, "valueInteger");
          json_builder_add_int_value (builder, number);
        }
      else
        {
          add_string (builder, "valueString", value);
        }
      json_builder_end_object (builder);
    }
  if (session_url != NULL && phase != NULL && *phase != '\0')
    {
      if (!any_component)
        {
          json_builder_set_member_name (builder, "component");
          json_builder_begin_array (builder);
          any_component = TRUE;
        }
      json_builder_begin_object (builder);
      add_text_concept (builder, "code", SALVE_FHIR_COMPONENT_PHASE);
      add_string (builder, "valueString", phase);
      json_builder_end_object (builder);
    }
  if (any_component)
    json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
salve_fhir_medication_to_resource (const char * const *row,
                                   const char         *id,
                                   const char         *patient_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *value;
  gboolean as_needed = FALSE;

  g_return_val_if_fail (row != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "resourceType", "MedicationStatement");
  add_string (builder, "id", id);
  /* An intake in the diary was taken: the statement is about the past. */
  add_string (builder, "status", "completed");
  add_text_concept (builder, "medicationCodeableConcept",
                    (value = row_value (row, SALVE_CSV_FIELD_MEDICATION)) ? value : "?");
  add_subject (builder, patient_url);
  if ((value = row_value (row, SALVE_CSV_FIELD_AT)))
    add_string (builder, "effectiveDateTime", value);
  if ((value = row_value (row, SALVE_CSV_FIELD_NOTE)))
    {
      json_builder_set_member_name (builder, "note");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      add_string (builder, "text", value);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  salve_medication_kind_parse (row_value (row, SALVE_CSV_FIELD_AS_NEEDED), &as_needed);
  json_builder_set_member_name (builder, "dosage");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  if ((value = row_value (row, SALVE_CSV_FIELD_DOSE)))
    add_string (builder, "text", value);
  json_builder_set_member_name (builder, "asNeededBoolean");
  json_builder_add_boolean_value (builder, as_needed);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Procedure.status for a Salve outcome: "not-done" (FHIR: terminated
 * before any activity was performed) for a session that ended without a
 * start time, its device never started. */
static const char *
procedure_status (const char *outcome,
                  const char *started_at)
{
  if (g_strcmp0 (outcome, "completed") == 0)
    return "completed";
  if (g_strcmp0 (outcome, "stopped") == 0 || g_strcmp0 (outcome, "interrupted") == 0)
    return started_at != NULL ? "stopped" : "not-done";
  if (g_strcmp0 (outcome, "running") == 0)
    return "in-progress";
  if (g_strcmp0 (outcome, "planned") == 0)
    return "preparation";
  return "unknown";
}

JsonNode *
salve_fhir_session_to_resource (const char * const *row,
                                const char         *id,
                                const char         *patient_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *value;
  const char *outcome;
  gboolean any_note = FALSE;

  g_return_val_if_fail (row != NULL, NULL);

  outcome = row_value (row, SALVE_CSV_FIELD_OUTCOME);

  json_builder_begin_object (builder);
  add_string (builder, "resourceType", "Procedure");
  add_string (builder, "id", id);
  add_string (builder, "status", procedure_status (outcome, row_value (row, SALVE_CSV_FIELD_STARTED_AT)));
  if ((value = row_value (row, SALVE_CSV_FIELD_OUTCOME_REASON)))
    add_text_concept (builder, "statusReason", value);
  if ((value = row_value (row, SALVE_CSV_FIELD_MODALITY)))
    add_text_concept (builder, "code", value);
  add_subject (builder, patient_url);

  if (row_value (row, SALVE_CSV_FIELD_STARTED_AT) || row_value (row, SALVE_CSV_FIELD_ENDED_AT))
    {
      json_builder_set_member_name (builder, "performedPeriod");
      json_builder_begin_object (builder);
      if ((value = row_value (row, SALVE_CSV_FIELD_STARTED_AT)))
        add_string (builder, "start", value);
      if ((value = row_value (row, SALVE_CSV_FIELD_ENDED_AT)))
        add_string (builder, "end", value);
      json_builder_end_object (builder);
    }

  if ((value = row_value (row, SALVE_CSV_FIELD_SITE)))
    add_text_concept_list (builder, "bodySite", value);
  if (outcome != NULL)
    add_text_concept (builder, "outcome", outcome);
  if ((value = row_value (row, SALVE_CSV_FIELD_SIDE_EFFECTS)))
    add_text_concept_list (builder, "complication", value);

  for (guint i = 0; i < G_N_ELEMENTS (note_labels); i++)
    {
      g_autofree char *text = NULL;

      value = row_value (row, note_labels[i].field);
      if (value == NULL)
        continue;

      if (!any_note)
        {
          json_builder_set_member_name (builder, "note");
          json_builder_begin_array (builder);
          any_note = TRUE;
        }
      text = g_strdup_printf ("%s: %s", note_labels[i].label, value);
      json_builder_begin_object (builder);
      add_string (builder, "text", text);
      json_builder_end_object (builder);
    }
  if (any_note)
    json_builder_end_array (builder);

  if ((value = row_value (row, SALVE_CSV_FIELD_DEVICE)))
    add_text_concept_list (builder, "usedCode", value);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ---- reading ------------------------------------------------------------- */

void
salve_fhir_link_free (SalveFhirLink *link)
{
  if (link == NULL)
    return;
  g_free (link->at);
  g_free (link->pain);
  g_free (link->session_start);
  g_free (link->session_end);
  g_free (link->phase);
  g_free (link);
}

gboolean
salve_fhir_looks_like_json (const char *data,
                            gsize       len)
{
  gsize i = 0;
  int high = -1;   /* UTF-16: which byte of a unit is its high one */

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  else if (len >= 2 && ((guchar) data[0] == 0xFF || (guchar) data[0] == 0xFE) &&
           (guchar) data[1] == ((guchar) data[0] ^ 0x01))
    {
      high = (guchar) data[0] == 0xFF ? 1 : 0;
      i = 2;
    }

  if (high < 0)
    {
      while (i < len && g_ascii_isspace (data[i]))
        i++;
      return i < len && data[i] == '{';
    }

  /* UTF-16 with its byte order mark, as Windows PowerShell writes it. */
  while (i + 1 < len && data[i + high] == '\0' && g_ascii_isspace (data[i + 1 - high]))
    i += 2;
  return i + 1 < len && data[i + high] == '\0' && data[i + 1 - high] == '{';
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
array_object (JsonArray *array,
              guint      i)
{
  JsonNode *node;

  if (array == NULL || i >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, i);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A member's value as a cell's text: strings as they are, numbers and
 * booleans written out; anything else (objects, arrays) as "?", which
 * the validator rejects with its reason. NULL when absent. */
static char *
value_text (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("?");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      /* JSON-GLib takes an octal escape ("\202", not JSON) for a raw
       * byte, which need not be UTF-8: such a byte becomes U+FFFD, as no
       * text Salve stores or shows may hold one. */
      return g_utf8_make_valid (json_node_get_string (node), -1);
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      /* As short as reads back the same: a rating of 5.2 is said as the
       * file writes it, not as 5.2000000000000002. */
      return g_strdup (salve_csv_format_double (buf, json_node_get_double (node)));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "1" : "0");
    default:
      return g_strdup ("?");
    }
}

/* A member that must be a number: a boolean is no rating (as "?", which
 * the validator rejects), whatever value_text() makes of it. */
static char *
number_text (JsonObject *object,
             const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup ("?");
  return value_text (object, member);
}

/* A Quantity's value as a rating: a unit other than a score's, or a
 * comparator, stays in the text, so that the validator rejects "8 mm"
 * or ">=7" with what it read rather than storing 8 or 7. */
static char *
quantity_text (JsonObject *quantity)
{
  static const char *scores[] = { "{score}", "/10", "{score}/10", "1", "score", "" };
  g_autofree char *value = number_text (quantity, "value");
  g_autofree char *unit = value_text (quantity, "code");
  g_autofree char *comparator = value_text (quantity, "comparator");
  gboolean is_score = TRUE;

  if (value == NULL)
    return NULL;
  if (unit == NULL)
    unit = value_text (quantity, "unit");
  if (unit != NULL)
    {
      is_score = FALSE;
      g_strstrip (unit);
      for (guint i = 0; i < G_N_ELEMENTS (scores) && !is_score; i++)
        is_score = g_ascii_strcasecmp (unit, scores[i]) == 0;
    }

  return g_strconcat (comparator != NULL ? comparator : "", value,
                      is_score ? "" : " ", is_score ? "" : unit, NULL);
}

static char *
concept_text (JsonObject *object,
              const char *member)
{
  return value_text (get_object (object, member), "text");
}

/* Salve's own region coding first, the text otherwise. */
static char *
region_text (JsonObject *resource)
{
  JsonObject *site = get_object (resource, "bodySite");
  JsonArray *codings = get_array (site, "coding");

  for (guint i = 0; codings != NULL && i < json_array_get_length (codings); i++)
    {
      g_autofree char *system = value_text (array_object (codings, i), "system");
      g_autofree char *code = value_text (array_object (codings, i), "code");

      if (g_strcmp0 (system, SALVE_FHIR_REGION_SYSTEM) == 0 && salve_body_region_id_is_valid (code))
        return g_steal_pointer (&code);
    }

  return value_text (site, "text");
}

static char *
first_concept_text (JsonObject *object,
                    const char *member)
{
  return value_text (array_object (get_array (object, member), 0), "text");
}

/* Every note's text, in order, joined by line breaks; NULL for none. */
static char *
notes_text (JsonObject *resource)
{
  JsonArray *notes = get_array (resource, "note");
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; notes != NULL && i < json_array_get_length (notes); i++)
    {
      g_autofree char *text = value_text (array_object (notes, i), "text");

      if (text == NULL || text[0] == '\0')
        continue;
      if (joined->len > 0)
        g_string_append_c (joined, '\n');
      g_string_append (joined, text);
    }

  return joined->len > 0 ? g_string_free (g_steal_pointer (&joined), FALSE) : NULL;
}

/* Whether @node, or anything inside it, has a modifierExtension: an
 * extension that changes the meaning of what holds it (FHIR R4,
 * "Extensibility"). Salve knows none, and FHIR asks a reader that does
 * not know one not to read the element as if it were not there. */
static gboolean
has_modifier_extension (JsonNode *node)
{
  if (node == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &member))
        {
          if (g_str_equal (name, "modifierExtension") &&
              !(JSON_NODE_HOLDS_ARRAY (member) && json_array_get_length (json_node_get_array (member)) == 0) &&
              !JSON_NODE_HOLDS_NULL (member))
            return TRUE;
          if (has_modifier_extension (member))
            return TRUE;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (has_modifier_extension (json_array_get_element (array, i)))
          return TRUE;
    }

  return FALSE;
}

static gboolean
is_pain_rating (JsonObject *resource)
{
  JsonArray *codings = get_array (get_object (resource, "code"), "coding");

  for (guint i = 0; codings != NULL && i < json_array_get_length (codings); i++)
    {
      g_autofree char *system = value_text (array_object (codings, i), "system");
      g_autofree char *code = value_text (array_object (codings, i), "code");

      /* As people type them: " 72514-3", "http://loinc.org/". */
      if (system != NULL && code != NULL)
        {
          gsize n = strlen (g_strstrip (system));

          while (n > 0 && system[n - 1] == '/')
            system[--n] = '\0';
          if (g_str_equal (system, SALVE_FHIR_LOINC_SYSTEM) && g_str_equal (g_strstrip (code), SALVE_FHIR_PAIN_CODE))
            return TRUE;
        }
    }

  return FALSE;
}

typedef struct
{
  char  *cells[SALVE_CSV_N_FIELDS];
  guint  n_cells;
} Row;

static void
row_set (Row           *row,
         SalveCsvField  field,
         char          *value)
{
  int column = column_of (field);

  g_free (row->cells[column]);
  /* Text is handed on as an export would have written it, so the
   * validator's reading of an export gives it back unchanged. */
  if (value != NULL && salve_csv_field_is_text (field) && salve_csv_text_needs_guard (value))
    {
      row->cells[column] = g_strconcat ("'", value, NULL);
      g_free (value);
    }
  else
    {
      row->cells[column] = value;
    }
}

static void
row_clear (Row *row)
{
  for (guint i = 0; i < G_N_ELEMENTS (row->cells); i++)
    g_clear_pointer (&row->cells[i], g_free);
}

/* An Observation recorded in error or cancelled: no rating at all. */
static gboolean
is_withdrawn_rating (JsonObject *resource)
{
  g_autofree char *status = value_text (resource, "status");

  return g_strcmp0 (status, "entered-in-error") == 0 || g_strcmp0 (status, "cancelled") == 0;
}

/* FALSE for a rating recorded in error or cancelled: nothing for the
 * diary. */
static gboolean
read_observation (JsonObject *resource,
                  Row        *row)
{
  JsonArray *list;
  char *pain;
  char *at;

  if (is_withdrawn_rating (resource))
    return FALSE;

  /* Another program may give the moment as a period or an instant. */
  at = value_text (resource, "effectiveDateTime");
  if (at == NULL)
    at = value_text (get_object (resource, "effectivePeriod"), "start");
  if (at == NULL)
    at = value_text (resource, "effectiveInstant");

  row_set (row, SALVE_CSV_FIELD_KIND, g_strdup ("diary"));
  row_set (row, SALVE_CSV_FIELD_AT, at);

  pain = number_text (resource, "valueInteger");
  if (pain == NULL)
    pain = quantity_text (get_object (resource, "valueQuantity"));
  /* A rating as text is read as a cell would be: "7" is 7, "severe" no
   * number. */
  if (pain == NULL)
    pain = value_text (resource, "valueString");
  row_set (row, SALVE_CSV_FIELD_PAIN, pain);
  row_set (row, SALVE_CSV_FIELD_REGION, region_text (resource));
  row_set (row, SALVE_CSV_FIELD_NOTE, notes_text (resource));

  list = get_array (resource, "component");
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *component = array_object (list, i);
      g_autofree char *code = concept_text (component, "code");

      for (guint c = 0; c < G_N_ELEMENTS (components); c++)
        {
          char *value;

          if (g_strcmp0 (code, components[c].text) != 0)
            continue;
          value = number_text (component, "valueInteger");
          if (value == NULL)
            value = value_text (component, "valueBoolean");
          if (value == NULL)
            value = value_text (component, "valueString");
          row_set (row, components[c].field, value);
        }
    }

  return TRUE;
}

/* The link of a rating to its session, when it has one and the session
 * is in the Bundle (@periods: fullUrl → the Procedure's performedPeriod,
 * a link that holds its start, or its end when it never started). */
static SalveFhirLink *
read_link (JsonObject *resource,
           Row        *row,
           GHashTable *periods)
{
  g_autofree char *reference = value_text (array_object (get_array (resource, "partOf"), 0), "reference");
  JsonArray *list = get_array (resource, "component");
  g_autofree char *phase = NULL;
  const SalveFhirLink *period;
  SalveFhirLink *link;

  if (reference == NULL || (period = g_hash_table_lookup (periods, reference)) == NULL)
    return NULL;

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      g_autofree char *code = concept_text (array_object (list, i), "code");

      if (g_strcmp0 (code, SALVE_FHIR_COMPONENT_PHASE) == 0)
        {
          g_free (phase);
          phase = value_text (array_object (list, i), "valueString");
        }
    }
  if (g_strcmp0 (phase, "before") != 0 && g_strcmp0 (phase, "after") != 0)
    return NULL;

  link = g_new0 (SalveFhirLink, 1);
  link->at = g_strdup (row->cells[column_of (SALVE_CSV_FIELD_AT)]);
  link->pain = g_strdup (row->cells[column_of (SALVE_CSV_FIELD_PAIN)]);
  link->session_start = g_strdup (period->session_start);
  link->session_end = g_strdup (period->session_end);
  link->phase = g_steal_pointer (&phase);
  return link;
}

/* The outcome for a Procedure.status, for a Procedure that has no
 * outcome.text of Salve's (another program's); NULL where none fits (the
 * row is then rejected for its outcome). */
static const char *
outcome_for_status (const char *status)
{
  if (g_strcmp0 (status, "completed") == 0)
    return "completed";
  if (g_strcmp0 (status, "stopped") == 0 || g_strcmp0 (status, "on-hold") == 0)
    return "stopped";
  if (g_strcmp0 (status, "not-done") == 0)
    return "interrupted";
  if (g_strcmp0 (status, "preparation") == 0)
    return "planned";
  if (g_strcmp0 (status, "in-progress") == 0)
    return "running";
  return NULL;
}

/* FALSE for a procedure recorded in error: nothing for the diary. */
/* A Procedure's start and end. Nothing was performed in a "not-done"
 * one: a session that never started has no start time (docs/diary.md),
 * and the time given is when it ended. */
static void
read_performed (JsonObject  *resource,
                char       **start,
                char       **end)
{
  JsonObject *period = get_object (resource, "performedPeriod");
  g_autofree char *status = value_text (resource, "status");

  *start = value_text (period, "start");
  *end = value_text (period, "end");
  if (g_strcmp0 (status, "not-done") == 0 && *start != NULL)
    {
      if (*end == NULL)
        *end = g_steal_pointer (start);
      g_clear_pointer (start, g_free);
    }
}

static gboolean
read_procedure (JsonObject *resource,
                Row        *row)
{
  JsonArray *notes = get_array (resource, "note");
  g_autoptr(GString) free_text = g_string_new (NULL);
  g_autofree char *status = value_text (resource, "status");
  char *outcome;
  char *start;
  char *end;

  if (g_strcmp0 (status, "entered-in-error") == 0)
    return FALSE;
  outcome = concept_text (resource, "outcome");
  /* A status that says no outcome stands in its place, so that the row
   * is rejected naming what the Procedure says. */
  if (outcome == NULL)
    outcome = g_strdup (outcome_for_status (status) != NULL ? outcome_for_status (status) : status);
  read_performed (resource, &start, &end);

  row_set (row, SALVE_CSV_FIELD_KIND, g_strdup ("session"));
  row_set (row, SALVE_CSV_FIELD_STARTED_AT, start);
  row_set (row, SALVE_CSV_FIELD_ENDED_AT, end);
  row_set (row, SALVE_CSV_FIELD_MODALITY, concept_text (resource, "code"));
  row_set (row, SALVE_CSV_FIELD_SITE, first_concept_text (resource, "bodySite"));
  row_set (row, SALVE_CSV_FIELD_DEVICE, first_concept_text (resource, "usedCode"));
  row_set (row, SALVE_CSV_FIELD_OUTCOME, outcome);
  row_set (row, SALVE_CSV_FIELD_OUTCOME_REASON, concept_text (resource, "statusReason"));
  row_set (row, SALVE_CSV_FIELD_SIDE_EFFECTS, first_concept_text (resource, "complication"));

  /* Salve's own notes carry a label; another program's free text is
   * the session's note, every one of them. Parameters are a JSON object
   * in Salve's: "Parameters: 100 Hz" is someone's text. */
  for (guint i = 0; notes != NULL && i < json_array_get_length (notes); i++)
    {
      g_autofree char *text = value_text (array_object (notes, i), "text");
      gboolean labelled = FALSE;

      for (guint l = 0; text != NULL && l < G_N_ELEMENTS (note_labels) && !labelled; l++)
        {
          gsize len = strlen (note_labels[l].label);

          if (strncmp (text, note_labels[l].label, len) == 0 && text[len] == ':' && text[len + 1] == ' ' &&
              (note_labels[l].field != SALVE_CSV_FIELD_PARAMS || text[len + 2] == '{'))
            {
              row_set (row, note_labels[l].field, g_strdup (text + len + 2));
              labelled = TRUE;
            }
        }
      if (text != NULL && !labelled && text[0] != '\0')
        {
          if (free_text->len > 0)
            g_string_append_c (free_text, '\n');
          g_string_append (free_text, text);
        }
    }
  if (free_text->len > 0)
    {
      const char *own = row->cells[column_of (SALVE_CSV_FIELD_NOTE)];

      if (own != NULL && own[0] != '\0')
        g_string_prepend (g_string_prepend_c (free_text, '\n'), own);
      row_set (row, SALVE_CSV_FIELD_NOTE, g_string_free (g_steal_pointer (&free_text), FALSE));
    }

  return TRUE;
}

/* FALSE for a statement that says the medication was not taken (or was
 * recorded in error): nothing for the diary. */
static gboolean
read_medication_statement (JsonObject *resource,
                           Row        *row)
{
  g_autofree char *status = value_text (resource, "status");
  JsonObject *dosage = array_object (get_array (resource, "dosage"), 0);
  JsonObject *concept = get_object (resource, "medicationCodeableConcept");
  char *as_needed;
  char *name;
  char *dose;
  char *at;

  /* "intended": it may be taken later, so it is no intake yet. */
  if (g_strcmp0 (status, "not-taken") == 0 || g_strcmp0 (status, "entered-in-error") == 0 ||
      g_strcmp0 (status, "intended") == 0)
    return FALSE;

  name = value_text (concept, "text");
  if (name == NULL)
    name = value_text (array_object (get_array (concept, "coding"), 0), "display");
  at = value_text (resource, "effectiveDateTime");
  if (at == NULL)
    at = value_text (get_object (resource, "effectivePeriod"), "start");

  row_set (row, SALVE_CSV_FIELD_KIND, g_strdup ("medication"));
  row_set (row, SALVE_CSV_FIELD_AT, at);
  row_set (row, SALVE_CSV_FIELD_MEDICATION, name);
  dose = value_text (dosage, "text");
  if (dose == NULL)
    {
      /* A structured dose: its quantity, as one would write it. */
      JsonObject *quantity = get_object (array_object (get_array (dosage, "doseAndRate"), 0), "doseQuantity");
      g_autofree char *amount = value_text (quantity, "value");
      g_autofree char *unit = value_text (quantity, "unit");

      if (unit == NULL)
        unit = value_text (quantity, "code");
      if (amount != NULL)
        dose = unit != NULL ? g_strdup_printf ("%s %s", amount, unit) : g_strdup (amount);
    }
  row_set (row, SALVE_CSV_FIELD_DOSE, dose);
  as_needed = value_text (dosage, "asNeededBoolean");
  /* A reason to take it when needed says it is taken as needed. */
  if (as_needed == NULL && get_object (dosage, "asNeededCodeableConcept") != NULL)
    as_needed = g_strdup ("1");
  row_set (row, SALVE_CSV_FIELD_AS_NEEDED, as_needed);
  row_set (row, SALVE_CSV_FIELD_NOTE, notes_text (resource));
  return TRUE;
}

static gboolean
emit (Row             *row,
      guint            line,
      SalveCsvRowFunc  func,
      gpointer         user_data)
{
  /* NULL-terminated, as the CSV reader's are. */
  const char *cells[SALVE_CSV_N_FIELDS + 1];
  gsize lengths[SALVE_CSV_N_FIELDS];
  SalveCsvRow csv_row = { 0 };

  for (guint i = 0; i < row->n_cells; i++)
    {
      cells[i] = row->cells[i] ? row->cells[i] : "";
      lengths[i] = strlen (cells[i]);
    }
  cells[row->n_cells] = NULL;

  csv_row.line = line;
  csv_row.n_cells = row->n_cells;
  csv_row.cells = cells;
  csv_row.lengths = lengths;
  csv_row.bad_cell = -1;

  return func (&csv_row, user_data);
}

/* Whether @data, which the JSON parser took, holds one value and white
 * space after it: the parser reads the first of several and says
 * nothing of the rest. */
static gboolean
is_one_value (const char *data,
              gsize       len)
{
  gsize i = 0;
  int depth = 0;
  gboolean in_string = FALSE;

  while (i < len && g_ascii_isspace (data[i]))
    i++;
  if (i < len && data[i] != '{' && data[i] != '[')
    return TRUE;   /* a lone scalar: not a Bundle, said below */

  for (; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && --depth == 0)
        {
          i++;
          break;
        }
    }

  while (i < len && g_ascii_isspace (data[i]))
    i++;
  return i >= len;
}

gboolean
salve_fhir_read_bundle (const char       *data,
                        gsize             len,
                        SalveCsvRowFunc   func,
                        gpointer          user_data,
                        GPtrArray        *links,
                        SalveFhirSkipped *skipped,
                        GError          **error)
{
  /* Each Procedure's period once, found by its fullUrl and its id. */
  g_autoptr(GPtrArray) procedures = g_ptr_array_new_with_free_func ((GDestroyNotify) salve_fhir_link_free);
  g_autoptr(GHashTable) periods = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *type = NULL;
  g_autofree char *utf8 = NULL;
  const SalveCsvField *columns;
  JsonObject *bundle;
  JsonArray *entries;
  JsonArray *page_links;
  JsonNode *root;
  Row row = { { NULL }, 0 };
  SalveFhirSkipped left = { 0 };

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      len -= 3;
    }
  else if (len >= 2 && ((guchar) data[0] == 0xFF || (guchar) data[0] == 0xFE) &&
           (guchar) data[1] == ((guchar) data[0] ^ 0x01))
    {
      /* UTF-16 with its byte order mark: read as the UTF-8 it stands for. */
      gsize written = 0;

      utf8 = g_convert (data + 2, len - 2, "UTF-8", (guchar) data[0] == 0xFF ? "UTF-16LE" : "UTF-16BE",
                        NULL, &written, NULL);
      if (utf8 == NULL)
        {
          g_set_error (error, SALVE_FHIR_ERROR, SALVE_FHIR_ERROR_INVALID,
                       _("The file is not valid JSON (%s)."), _("not UTF-16 text"));
          return FALSE;
        }
      data = utf8;
      len = written;
    }

  if (!g_utf8_validate_len (data, len, NULL) ||
      !json_parser_load_from_data (parser, data, len, &parse_error))
    {
      g_set_error (error, SALVE_FHIR_ERROR, SALVE_FHIR_ERROR_INVALID,
                   _("The file is not valid JSON (%s)."),
                   parse_error ? parse_error->message : _("not UTF-8 text"));
      return FALSE;
    }

  if (!is_one_value (data, len))
    {
      g_set_error_literal (error, SALVE_FHIR_ERROR, SALVE_FHIR_ERROR_INVALID,
                           _("The file holds more than one JSON value: Salve imports one Bundle per file."));
      return FALSE;
    }

  root = json_parser_get_root (parser);
  bundle = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  type = value_text (bundle, "resourceType");
  if (g_strcmp0 (type, "Bundle") != 0)
    {
      g_set_error_literal (error, SALVE_FHIR_ERROR, SALVE_FHIR_ERROR_NOT_A_BUNDLE,
                           _("The file is JSON but not a FHIR Bundle: Salve imports a Bundle of Observations and Procedures."));
      return FALSE;
    }

  columns = salve_csv_export_columns (SALVE_CSV_EXPORT_ALL, &row.n_cells);
  g_assert (row.n_cells <= SALVE_CSV_N_FIELDS);
  for (guint i = 0; i < row.n_cells; i++)
    row.cells[i] = g_strdup (salve_csv_field_to_id (columns[i]));
  if (!emit (&row, 0, func, user_data))
    {
      row_clear (&row);
      goto out;
    }
  row_clear (&row);

  entries = get_array (bundle, "entry");

  /* Where each session starts, for the ratings that point at it: a
   * session that never started is known by its end. A server's rating
   * points at "Procedure/ID", relative to the base of the entry's
   * fullUrl. */
  for (guint i = 0; links != NULL && entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = array_object (entries, i);
      JsonObject *resource = get_object (entry, "resource");
      g_autofree char *kind = value_text (resource, "resourceType");
      g_autofree char *url = value_text (entry, "fullUrl");
      g_autofree char *id = value_text (resource, "id");
      SalveFhirLink *period;

      if (g_strcmp0 (kind, "Procedure") != 0 || (url == NULL && id == NULL) ||
          has_modifier_extension (json_object_get_member (entry, "resource")))
        continue;
      period = g_new0 (SalveFhirLink, 1);
      read_performed (resource, &period->session_start, &period->session_end);
      if (period->session_start == NULL && period->session_end == NULL)
        {
          salve_fhir_link_free (period);
          continue;
        }

      g_ptr_array_add (procedures, period);
      if (id != NULL)
        {
          char *relative = g_strconcat ("Procedure/", id, NULL);

          /* The first of the same id keeps it. */
          if (g_hash_table_contains (periods, relative))
            g_free (relative);
          else
            g_hash_table_insert (periods, relative, period);
        }
      if (url != NULL)
        g_hash_table_replace (periods, g_steal_pointer (&url), period);
    }

  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *resource = get_object (array_object (entries, i), "resource");
      g_autofree char *kind = value_text (resource, "resourceType");
      gboolean go_on;

      /* Its meaning changed in a way Salve cannot read: not read at all. */
      if (g_strcmp0 (kind, "Patient") != 0 &&
          has_modifier_extension (json_object_get_member (array_object (entries, i), "resource")))
        {
          left.n_modified++;
          continue;
        }

      if (g_strcmp0 (kind, "Observation") == 0 && is_pain_rating (resource) && read_observation (resource, &row))
        {
          SalveFhirLink *link;

          if (links != NULL && (link = read_link (resource, &row, periods)) != NULL)
            g_ptr_array_add (links, link);
        }
      else if (g_strcmp0 (kind, "Procedure") == 0 && read_procedure (resource, &row))
        ;
      else if (g_strcmp0 (kind, "MedicationStatement") == 0 && read_medication_statement (resource, &row))
        ;
      else
        {
          row_clear (&row);
          /* The Patient, and anything Salve does not keep: an Observation
           * that is no pain rating Salve reads apart, as it may well be
           * one in another code. */
          if (g_strcmp0 (kind, "Observation") == 0 && !is_withdrawn_rating (resource) && !is_pain_rating (resource))
            left.n_observations++;
          else if (g_strcmp0 (kind, "Patient") != 0)
            left.n_other++;
          continue;
        }

      go_on = emit (&row, i + 1, func, user_data);
      row_clear (&row);
      if (!go_on)
        break;
    }

  /* One page of a server's search: the others are not in the file. */
  page_links = get_array (bundle, "link");
  for (guint i = 0; page_links != NULL && i < json_array_get_length (page_links); i++)
    {
      g_autofree char *relation = value_text (array_object (page_links, i), "relation");

      left.next_page |= g_strcmp0 (relation, "next") == 0;
    }

out:
  if (skipped != NULL)
    *skipped = left;
  return TRUE;
}
