/* salve-rules.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-rules"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "salve-rules.h"
#include "salve-time.h"

#define MOD(m)   (1u << SALVE_MODALITY_##m)
#define SITE(s)  (1u << SALVE_SITE_##s)
#define NONE     SALVE_N_CONDITIONS
#define ELECTRICAL (MOD (TENS) | MOD (NMES))

/* "In het buikgebied": the belly and what lies behind and below it. */
#define ABDOMINAL  (SITE (ABDOMEN) | SITE (LOWER_BACK) | SITE (PELVIS))
#define HEAD_NECK  (SITE (HEAD) | SITE (EYE) | SITE (FACE) | SITE (NECK_FRONT) | SITE (NECK))
/* IEC 60601-2-10: not across the head, eyes, mouth, front of the neck
 * (carotid sinus) or the chest. */
#define IEC_SITES  (SITE (HEAD) | SITE (EYE) | SITE (FACE) | SITE (NECK_FRONT) | SITE (CHEST))
#define THYROID    (SITE (NECK_FRONT) | SITE (NECK))

/* A citation, shown in the reader's language (add_finding()): what the
 * source is, and for the Dutch article its own title and section. Each a
 * whole string, so that xgettext finds it. */
#define SRC_SEED   N_("Patient article on peripheral neuropathy and its treatment, when not to use it " \
                      "(Dutch: “Oorzaken van perifere neuropathie en behandelingsmogelijkheden”, “Wanneer NIET te gebruiken?”)")
#define SRC_SEED_INTENSITY N_("Patient article on peripheral neuropathy and its treatment, safe intensity " \
                              "(Dutch: “Oorzaken van perifere neuropathie en behandelingsmogelijkheden”, “Veilige intensiteit”)")
#define SRC_SEED_INTENSITY_IEC N_("Patient article on peripheral neuropathy and its treatment, safe intensity " \
                                  "(Dutch: “Oorzaken van perifere neuropathie en behandelingsmogelijkheden”, " \
                                  "“Veilige intensiteit”); IEC 60601-2-10 (50 mA r.m.s.)")
#define SRC_SEED_ONCE N_("Patient article on peripheral neuropathy and its treatment, once a day " \
                         "(Dutch: “Oorzaken van perifere neuropathie en behandelingsmogelijkheden”, " \
                         "“Voer de behandeling één keer per dag uit”)")
#define SRC_IEC    N_("IEC 60601-2-10, instructions for use of nerve and muscle stimulators")
#define SRC_MANUAL N_("TENS/NMES manufacturers’ manuals: contraindications")
#define SRC_BEMER  N_("BEMER knowledge base: absolute contraindications")
#define SRC_SEED_PACEMAKER N_("Patient article on peripheral neuropathy and its treatment, when not to use it " \
                              "(Dutch: “Oorzaken van perifere neuropathie en behandelingsmogelijkheden”, " \
                              "“Wanneer NIET te gebruiken?”): a pacemaker, and so any implanted heart device")
#define SRC_IEC_BEMER N_("IEC 60601-2-10, instructions for use of nerve and muscle stimulators; BEMER knowledge " \
                         "base: absolute contraindications (medication pumps)")
#define SRC_PEMF_MANUAL N_("PEMF manufacturers’ instructions: contraindications (Biomag: tumours; ZES magnetotherapy: " \
                           "with a tumour, after cancer surgery or during chemo- or radiotherapy, ask the physician first)")
#define SRC_LASER  N_("Navrátil 2002; THOR photobiomodulation contraindications")
#define SRC_60825  N_("IEC 60825-1, laser class 3B")

static const SalveRule rules[] = {
  /* Seed 002, "Wanneer NIET te gebruiken?" */
  { "tens-pacemaker", MOD (TENS), SALVE_CONDITION_PACEMAKER, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_BLOCK,
    N_("TENS must not be used with an implanted pacemaker: the current can disturb it."), SRC_SEED },
  { "tens-defibrillator", MOD (TENS), SALVE_CONDITION_DEFIBRILLATOR, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_BLOCK,
    N_("TENS must not be used with an implanted defibrillator: the current can disturb it."), SRC_SEED },
  { "tens-pregnancy-abdomen", MOD (TENS), SALVE_CONDITION_PREGNANCY, SALVE_RULE_SITE_SET, ABDOMINAL, SALVE_SEVERITY_BLOCK,
    N_("During pregnancy TENS must not be used on the belly, the lower back or the pelvis."), SRC_SEED },
  { "tens-thrombosis", MOD (TENS), SALVE_CONDITION_THROMBOSIS, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_BLOCK,
    N_("TENS must not be used with an active thrombosis."), SRC_SEED },
  { "tens-epilepsy", MOD (TENS), SALVE_CONDITION_EPILEPSY, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_BLOCK,
    N_("TENS must not be used by someone with epilepsy."), SRC_SEED },
  { "tens-head-neck", MOD (TENS), NONE, SALVE_RULE_SITE_SET, HEAD_NECK, SALVE_SEVERITY_BLOCK,
    N_("TENS must not be used on the head or neck: current near the carotid artery can upset heart rate and blood pressure."), SRC_SEED },
  { "laser-eye", MOD (LASER), NONE, SALVE_RULE_SITE_SET, SITE (EYE), SALVE_SEVERITY_BLOCK,
    N_("Never shine a laser into the eye: it can damage the retina for good."), SRC_SEED },
  { "laser-malignancy", MOD (LASER), SALVE_CONDITION_MALIGNANCY, SALVE_RULE_SITE_CONDITION, 0, SALVE_SEVERITY_BLOCK,
    N_("Soft laser must not be used where there is a malignant tumour."), SRC_SEED },
  { "laser-bleeding", MOD (LASER), SALVE_CONDITION_BLEEDING, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_BLOCK,
    N_("Soft laser must not be used while there is active bleeding."), SRC_SEED },
  { "laser-pregnancy-abdomen", MOD (LASER), SALVE_CONDITION_PREGNANCY, SALVE_RULE_SITE_SET, ABDOMINAL, SALVE_SEVERITY_BLOCK,
    N_("During pregnancy soft laser must not be used on the belly, the lower back or the pelvis."), SRC_SEED },
  { "pemf-pacemaker", MOD (PEMF), SALVE_CONDITION_PACEMAKER, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_BLOCK,
    N_("PEMF must not be used with an implanted pacemaker: the magnetic field can disturb it."), SRC_SEED },
  { "pemf-bleeding", MOD (PEMF), SALVE_CONDITION_BLEEDING, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_BLOCK,
    N_("PEMF must not be used while there is active bleeding."), SRC_SEED },
  { "pemf-arrhythmia", MOD (PEMF), SALVE_CONDITION_ARRHYTHMIA, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_BLOCK,
    N_("PEMF must not be used with a severe heart rhythm disorder."), SRC_SEED },
  { "pemf-pregnancy", MOD (PEMF), SALVE_CONDITION_PREGNANCY, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_BLOCK,
    N_("PEMF must not be used during pregnancy, on any part of the body."), SRC_SEED },
  { "nmes-pacemaker", MOD (NMES), SALVE_CONDITION_PACEMAKER, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_BLOCK,
    N_("Muscle stimulation must not be used with an implanted pacemaker: the current can disturb it."), SRC_SEED },
  { "nmes-thrombosis", MOD (NMES), SALVE_CONDITION_THROMBOSIS, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_BLOCK,
    N_("Muscle stimulation must not be used with an active thrombosis: contractions can loosen the clot."), SRC_SEED },
  { "nmes-heart-region", MOD (NMES), NONE, SALVE_RULE_SITE_SET, SITE (CHEST), SALVE_SEVERITY_BLOCK,
    N_("Muscle stimulation must not be used in the heart region."), SRC_SEED },

  /* Beyond the seed, with their own sources (domain.md). */
  { "estim-iec-sites", ELECTRICAL, NONE, SALVE_RULE_SITE_SET, IEC_SITES, SALVE_SEVERITY_BLOCK,
    N_("Electrodes must not go on the head, the eyes, the mouth, the front of the neck or the chest."), SRC_IEC },
  { "nmes-defibrillator", MOD (NMES), SALVE_CONDITION_DEFIBRILLATOR, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_BLOCK,
    N_("Muscle stimulation must not be used with an implanted defibrillator: the current can disturb it."), SRC_IEC },
  { "pemf-defibrillator", MOD (PEMF), SALVE_CONDITION_DEFIBRILLATOR, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_BLOCK,
    N_("PEMF must not be used with an implanted defibrillator: the magnetic field can disturb it."), SRC_SEED_PACEMAKER },
  { "other-implant", ELECTRICAL | MOD (PEMF), SALVE_CONDITION_OTHER_IMPLANT, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_BLOCK,
    N_("With an electronic implant, such as a medication pump or a neurostimulator, ask the specialist first: current and magnetic fields can disturb it."), SRC_IEC_BEMER },
  { "estim-broken-skin", ELECTRICAL, SALVE_CONDITION_BROKEN_SKIN, SALVE_RULE_SITE_CONDITION, 0, SALVE_SEVERITY_BLOCK,
    N_("Electrodes must not go on broken skin or skin treated with radiotherapy."), SRC_MANUAL },
  { "estim-infection", ELECTRICAL, SALVE_CONDITION_INFECTION, SALVE_RULE_SITE_CONDITION, 0, SALVE_SEVERITY_BLOCK,
    N_("Electrodes must not go on an infected area."), SRC_MANUAL },
  /* The makers advise against current over a tumour; in palliative care
   * a doctor may still prescribe TENS for the pain, so it is a caution
   * to be acknowledged, not a block. */
  { "estim-malignancy", ELECTRICAL, SALVE_CONDITION_MALIGNANCY, SALVE_RULE_SITE_CONDITION, 0, SALVE_SEVERITY_CAUTION,
    N_("Electrodes should not go over a malignant tumour: use electrical stimulation there only when the treating doctor agrees, for example for pain in palliative care."), SRC_MANUAL },
  /* As for current: the makers advise against a field over a tumour, or
   * ask for the physician's agreement first. */
  { "pemf-malignancy", MOD (PEMF), SALVE_CONDITION_MALIGNANCY, SALVE_RULE_SITE_CONDITION, 0, SALVE_SEVERITY_CAUTION,
    N_("PEMF makers advise against a magnetic field over a malignant tumour: use it there only when the treating doctor agrees."), SRC_PEMF_MANUAL },
  { "pemf-thrombosis", MOD (PEMF), SALVE_CONDITION_THROMBOSIS, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_BLOCK,
    N_("PEMF must not be used with a diagnosed deep-vein thrombosis."), SRC_BEMER },
  { "laser-hyperthyroidism-neck", MOD (LASER), SALVE_CONDITION_HYPERTHYROIDISM, SALVE_RULE_SITE_SET, THYROID, SALVE_SEVERITY_BLOCK,
    N_("With an overactive thyroid, soft laser must not be used on the neck."), SRC_LASER },
  { "laser-epilepsy", MOD (LASER), SALVE_CONDITION_EPILEPSY, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_CAUTION,
    N_("With epilepsy, avoid pulsed visible laser light; a continuous or infrared beam is safer."), SRC_LASER },
  { "laser-photosensitivity", MOD (LASER), SALVE_CONDITION_PHOTOSENSITIVITY, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_CAUTION,
    N_("The skin is sensitive to light: start with a low dose and watch for redness."), SRC_LASER },
  { "reduced-sensation", ELECTRICAL, SALVE_CONDITION_REDUCED_SENSATION, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_CAUTION,
    N_("With reduced sensation you may not feel a burn: keep the intensity low and check the skin after the session."), SRC_SEED_INTENSITY },
  { "laser-eye-protection", MOD (LASER), NONE, SALVE_RULE_SITE_ANY, 0, SALVE_SEVERITY_CAUTION,
    N_("Everyone in the room wears the laser safety glasses, and nobody looks into the beam."), SRC_60825 },
};

static const SalveRule *
find_rule (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (g_strcmp0 (rules[i].id, id) == 0)
      return &rules[i];

  return NULL;
}

const char *
salve_rules_get_title (const char *rule_id)
{
  const SalveRule *rule = rule_id != NULL ? find_rule (rule_id) : NULL;

  if (rule == NULL && g_strcmp0 (rule_id, "diary-numbness") == 0)
    return _("Numbness noted in the diary");
  if (rule == NULL)
    return NULL;
  if (rule->condition < SALVE_N_CONDITIONS)
    return salve_condition_get_name (rule->condition);
  return _(rule->reason);
}

const SalveRule *
salve_rules_get_table (guint *n_rules)
{
  g_return_val_if_fail (n_rules != NULL, NULL);

  *n_rules = G_N_ELEMENTS (rules);
  return rules;
}

typedef struct
{
  const char *name;
  const char *question;
  gboolean    local;
} ConditionText;

static const ConditionText condition_texts[SALVE_N_CONDITIONS] = {
  [SALVE_CONDITION_PACEMAKER]         = { N_("Pacemaker"),
                                          N_("Do you have an implanted pacemaker?"), FALSE },
  [SALVE_CONDITION_DEFIBRILLATOR]     = { N_("Implanted defibrillator"),
                                          N_("Do you have an implanted defibrillator (ICD)?"), FALSE },
  [SALVE_CONDITION_OTHER_IMPLANT]     = { N_("Other electronic implant"),
                                          N_("Do you have another electronic implant, such as a medication pump, a neurostimulator or a cochlear implant?"), FALSE },
  [SALVE_CONDITION_PREGNANCY]         = { N_("Pregnancy"),
                                          N_("Are you pregnant, or could you be?"), FALSE },
  [SALVE_CONDITION_THROMBOSIS]        = { N_("Thrombosis"),
                                          N_("Do you have an active thrombosis (a blood clot), for example in a leg?"), FALSE },
  [SALVE_CONDITION_EPILEPSY]          = { N_("Epilepsy"),
                                          N_("Do you have epilepsy?"), FALSE },
  [SALVE_CONDITION_MALIGNANCY]        = { N_("Cancer in the treated area"),
                                          N_("Is there a malignant tumour (cancer) anywhere you may treat?"), TRUE },
  [SALVE_CONDITION_BLEEDING]          = { N_("Active bleeding"),
                                          N_("Is there any bleeding at the moment, inside or outside the body?"), FALSE },
  [SALVE_CONDITION_ARRHYTHMIA]        = { N_("Severe heart rhythm disorder"),
                                          N_("Do you have a severe heart rhythm disorder?"), FALSE },
  [SALVE_CONDITION_REDUCED_SENSATION] = { N_("Reduced sensation"),
                                          N_("Is the feeling in your skin reduced, for example by neuropathy?"), FALSE },
  [SALVE_CONDITION_BROKEN_SKIN]       = { N_("Broken or irradiated skin"),
                                          N_("Is the skin broken, or treated with radiotherapy, anywhere you may treat?"), TRUE },
  [SALVE_CONDITION_INFECTION]         = { N_("Local infection"),
                                          N_("Is there an infection anywhere you may treat?"), TRUE },
  [SALVE_CONDITION_HYPERTHYROIDISM]   = { N_("Overactive thyroid"),
                                          N_("Do you have an overactive thyroid (hyperthyroidism)?"), FALSE },
  [SALVE_CONDITION_PHOTOSENSITIVITY]  = { N_("Sensitivity to light"),
                                          N_("Is your skin sensitive to light, for example because of medication?"), FALSE },
};

const char *
salve_condition_get_name (SalveCondition condition)
{
  g_return_val_if_fail (condition < SALVE_N_CONDITIONS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, condition_texts[condition].name);
}

const char *
salve_condition_get_question (SalveCondition condition)
{
  g_return_val_if_fail (condition < SALVE_N_CONDITIONS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, condition_texts[condition].question);
}

gboolean
salve_condition_is_local (SalveCondition condition)
{
  g_return_val_if_fail (condition < SALVE_N_CONDITIONS, FALSE);
  return condition_texts[condition].local;
}

void
salve_profile_answers_init (SalveProfileAnswers *answers,
                            SalveAnswer          answer)
{
  g_return_if_fail (answers != NULL);

  for (guint i = 0; i < SALVE_N_CONDITIONS; i++)
    {
      answers->answers[i] = answer;
      answers->sites[i] = SALVE_N_SITES;
      answers->answered[i] = answer != SALVE_ANSWER_UNKNOWN;
    }
  answers->intensity_ceiling_ma = NAN;
}

const char *
salve_profile_answers_get_answer_name (const SalveProfileAnswers *answers,
                                       SalveCondition             condition)
{
  g_return_val_if_fail (answers != NULL, NULL);
  g_return_val_if_fail (condition < SALVE_N_CONDITIONS, NULL);

  if (answers->answers[condition] == SALVE_ANSWER_UNKNOWN && !answers->answered[condition])
    return _("Not answered yet");

  return salve_answer_get_name (answers->answers[condition]);
}

gboolean
salve_profile_answers_mark_skin_damaged (const SalveProfileAnswers *answers,
                                         SalveSite                  site,
                                         SalveSite                 *marked_site)
{
  SalveAnswer answer;
  SalveSite known;

  g_return_val_if_fail (answers != NULL, FALSE);
  g_return_val_if_fail (site <= SALVE_N_SITES, FALSE);
  g_return_val_if_fail (marked_site != NULL, FALSE);

  answer = answers->answers[SALVE_CONDITION_BROKEN_SKIN];
  known = answers->sites[SALVE_CONDITION_BROKEN_SKIN];
  if (answer == SALVE_ANSWER_UNKNOWN ||
      (answer == SALVE_ANSWER_YES && (known == SALVE_N_SITES || known == site)))
    return FALSE;

  *marked_site = answer == SALVE_ANSWER_NO ? site : SALVE_N_SITES;
  return TRUE;
}

JsonNode *
salve_profile_answers_to_json (const SalveProfileAnswers *answers)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (answers != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ceiling_ma");
  if (isnan (answers->intensity_ceiling_ma))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, answers->intensity_ceiling_ma);

  json_builder_set_member_name (builder, "conditions");
  json_builder_begin_object (builder);
  for (guint i = 0; i < SALVE_N_CONDITIONS; i++)
    {
      json_builder_set_member_name (builder, salve_condition_to_id (i));
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "answer");
      json_builder_add_string_value (builder, salve_answer_to_id (answers->answers[i]));
      /* An unknown says whether someone chose it ("Not sure") or nobody
       * has answered yet: both ways, so that a record that does not say
       * is known to be one saved before Salve kept it. */
      if (answers->answers[i] == SALVE_ANSWER_UNKNOWN)
        {
          json_builder_set_member_name (builder, "answered");
          json_builder_add_boolean_value (builder, answers->answered[i]);
        }
      if (answers->sites[i] < SALVE_N_SITES)
        {
          json_builder_set_member_name (builder, "site");
          json_builder_add_string_value (builder, salve_site_to_id (answers->sites[i]));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* @object's member @name when it is a value of @type (G_TYPE_STRING,
 * G_TYPE_BOOLEAN), else NULL: a damaged record read without a critical
 * warning from json-glib, which the getters give for an array or an
 * object where they expect a value. */
static JsonNode *
typed_member (JsonObject *object,
              const char *name,
              GType       type)
{
  JsonNode *member = json_object_get_member (object, name);

  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != type)
    return NULL;
  return member;
}

gboolean
salve_profile_answers_from_json (SalveProfileAnswers  *answers,
                                 JsonNode             *node,
                                 GError              **error)
{
  JsonObject *root, *conditions;
  JsonNode *ceiling;

  g_return_val_if_fail (answers != NULL, FALSE);

  salve_profile_answers_init (answers, SALVE_ANSWER_UNKNOWN);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _("The saved answers are not readable."));
      return FALSE;
    }

  root = json_node_get_object (node);
  ceiling = json_object_get_member (root, "ceiling_ma");
  if (ceiling != NULL && JSON_NODE_HOLDS_VALUE (ceiling))
    answers->intensity_ceiling_ma = json_node_get_double (ceiling);

  if (!json_object_has_member (root, "conditions"))
    return TRUE;

  {
    JsonNode *member = json_object_get_member (root, "conditions");

    conditions = member != NULL && JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
  }
  if (conditions == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _("The saved answers are not readable."));
      return FALSE;
    }

  for (guint i = 0; i < SALVE_N_CONDITIONS; i++)
    {
      JsonNode *member = json_object_get_member (conditions, salve_condition_to_id (i));
      JsonNode *value;
      JsonObject *object;
      SalveAnswer answer;
      SalveSite site;

      if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
        continue;

      object = json_node_get_object (member);
      value = typed_member (object, "answer", G_TYPE_STRING);
      if (value != NULL && salve_answer_from_id (json_node_get_string (value), &answer))
        {
          value = typed_member (object, "answered", G_TYPE_BOOLEAN);
          answers->answers[i] = answer;
          answers->answered[i] = answer != SALVE_ANSWER_UNKNOWN || (value != NULL && json_node_get_boolean (value));
        }
      value = typed_member (object, "site", G_TYPE_STRING);
      if (value != NULL && salve_site_from_id (json_node_get_string (value), &site))
        answers->sites[i] = site;
    }

  return TRUE;
}

gboolean
salve_profile_answers_json_says_answered (JsonNode       *node,
                                          SalveCondition  condition)
{
  JsonNode *member;
  JsonNode *value;
  SalveAnswer answer;

  g_return_val_if_fail (condition < SALVE_N_CONDITIONS, FALSE);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  member = json_object_get_member (json_node_get_object (node), "conditions");
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    return FALSE;
  member = json_object_get_member (json_node_get_object (member), salve_condition_to_id (condition));
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    return FALSE;

  value = typed_member (json_node_get_object (member), "answer", G_TYPE_STRING);
  if (value == NULL || !salve_answer_from_id (json_node_get_string (value), &answer))
    return FALSE;

  return answer != SALVE_ANSWER_UNKNOWN ||
         typed_member (json_node_get_object (member), "answered", G_TYPE_BOOLEAN) != NULL;
}

const char *
salve_severity_to_id (SalveSeverity severity)
{
  return severity == SALVE_SEVERITY_BLOCK ? "block" : "caution";
}

const char *
salve_verdict_to_id (SalveVerdict verdict)
{
  switch (verdict)
    {
    case SALVE_VERDICT_ALLOWED:
      return "allowed";
    case SALVE_VERDICT_CAUTION:
      return "caution";
    case SALVE_VERDICT_BLOCKED:
      return "blocked";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
salve_verdict_get_name (SalveVerdict verdict)
{
  switch (verdict)
    {
    case SALVE_VERDICT_ALLOWED:
      return _("Allowed");
    case SALVE_VERDICT_CAUTION:
      return _("Caution");
    case SALVE_VERDICT_BLOCKED:
      return _("Blocked");
    default:
      g_return_val_if_reached (NULL);
    }
}

SalveFinding *
salve_finding_copy (const SalveFinding *finding)
{
  SalveFinding *copy;

  g_return_val_if_fail (finding != NULL, NULL);

  copy = g_new0 (SalveFinding, 1);
  *copy = *finding;
  copy->rule_id = g_strdup (finding->rule_id);
  copy->reason = g_strdup (finding->reason);
  copy->source = g_strdup (finding->source);

  return copy;
}

void
salve_finding_free (SalveFinding *finding)
{
  if (finding == NULL)
    return;

  g_free (finding->rule_id);
  g_free (finding->reason);
  g_free (finding->source);
  g_free (finding);
}

G_DEFINE_BOXED_TYPE (SalveFinding, salve_finding, salve_finding_copy, salve_finding_free)

static void
add_finding (GPtrArray                 *findings,
             SalveSeverity              severity,
             const char                *rule_id,
             char                      *reason,   /* (transfer full) */
             const char                *source,
             SalveCondition             condition,
             const SalveProfileAnswers *open)     /* @condition's answers when it is still open */
{
  SalveFinding *finding = g_new0 (SalveFinding, 1);

  finding->severity = severity;
  finding->rule_id = g_strdup (rule_id);
  finding->reason = reason;
  finding->source = g_strdup (g_dgettext (GETTEXT_PACKAGE, source));
  finding->condition = condition;
  finding->unanswered = open != NULL;
  finding->not_sure = open != NULL && open->answered[condition];
  g_ptr_array_add (findings, finding);
}

static gboolean
rule_matches_site (const SalveRule           *rule,
                   SalveSite                  site,
                   const SalveProfileAnswers *answers)
{
  SalveSite where;

  switch (rule->site_logic)
    {
    case SALVE_RULE_SITE_ANY:
      return TRUE;
    case SALVE_RULE_SITE_SET:
      return (rule->site_mask & (1u << site)) != 0;
    case SALVE_RULE_SITE_CONDITION:
      /* Not knowing where a tumour is means it could be right here. */
      if (rule->condition >= SALVE_N_CONDITIONS)
        return TRUE;
      where = answers->sites[rule->condition];
      return where >= SALVE_N_SITES || where == site;
    default:
      g_assert_not_reached ();
    }
}

static char *
unanswered_reason (const SalveProfileAnswers *answers,
                   SalveCondition             condition,
                   const char                *reason)
{
  if (answers->answered[condition])
    /* Translators: first %s is a checklist question, second the reason the
     * answer "yes" would give. */
    return g_strdup_printf (_("Answered “Not sure”: “%s” Until it is answered yes or no, Salve counts it as yes. %s"),
                            salve_condition_get_question (condition), reason);

  /* Translators: first %s is a checklist question, second the reason the
   * answer "yes" would give. */
  return g_strdup_printf (_("Not answered yet: “%s” Until it is, Salve counts it as yes. %s"),
                          salve_condition_get_question (condition), reason);
}

static void
check_table (const SalvePlan           *plan,
             const SalveProfileAnswers *answers,
             GPtrArray                 *findings)
{
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      const SalveRule *rule = &rules[i];
      const char *reason = g_dgettext (GETTEXT_PACKAGE, rule->reason);
      SalveAnswer answer;

      if ((rule->modality_mask & (1u << plan->modality)) == 0)
        continue;

      if (rule->condition == NONE)
        {
          if (rule_matches_site (rule, plan->site, answers))
            add_finding (findings, rule->severity, rule->id, g_strdup (reason),
                         rule->source, NONE, NULL);
          continue;
        }

      answer = answers->answers[rule->condition];
      if (answer == SALVE_ANSWER_NO || !rule_matches_site (rule, plan->site, answers))
        continue;

      add_finding (findings, rule->severity, rule->id,
                   answer == SALVE_ANSWER_UNKNOWN
                     ? unanswered_reason (answers, rule->condition, reason)
                     : g_strdup (reason),
                   rule->source, rule->condition, answer == SALVE_ANSWER_UNKNOWN ? answers : NULL);
    }
}

static char *
format_digits (SalveParam param,
               double     value,
               int        digits)
{
  const char *unit = salve_param_get_unit (param);

  if (*unit == '\0')
    return g_strdup_printf ("%.*g", digits, value);

  return g_strdup_printf ("%.*g %s", digits, value, unit);
}

static char *
format_value (SalveParam param,
              double     value)
{
  return format_digits (param, value, 4);
}

/* @value as a reason shows it beside @other, the limit it crosses: with
 * as many digits as it takes to tell them apart, never "10 mA is above
 * the ceiling of 10 mA" for 10.0001. */
static char *
format_apart (SalveParam param,
              double     value,
              double     other)
{
  for (int digits = 4; digits < 17; digits++)
    {
      g_autofree char *a = format_digits (param, value, digits);
      g_autofree char *b = format_digits (param, other, digits);

      if (!g_str_equal (a, b))
        return g_steal_pointer (&a);
    }

  return format_digits (param, value, 17);
}

static void
check_limits (const SalvePlan *plan,
              GPtrArray       *findings)
{
  guint n_specs;
  const SalveParamSpec *specs = salve_modality_get_params (plan->modality, &n_specs);

  for (guint i = 0; i < n_specs; i++)
    {
      const SalveParamSpec *spec = &specs[i];
      g_autofree char *rule_id = g_strdup_printf ("limit-%s", spec->id);
      g_autofree char *shown = NULL;
      g_autofree char *limit = NULL;
      double value;

      if (!salve_plan_get (plan, spec->param, &value))
        continue;

      shown = format_value (spec->param, value);

      if (spec->param == SALVE_PARAM_INTENSITY_MA && value > spec->limit_max)
        {
          g_free (shown);
          shown = format_apart (spec->param, value, spec->limit_max);
          add_finding (findings, SALVE_SEVERITY_BLOCK, rule_id,
                       /* Translators: %s is a value with unit, e.g. "60 mA" */
                       g_strdup_printf (_("%s is above 50 mA: such a current can burn the skin, and with reduced sensation you may not feel it."), shown),
                       SRC_SEED_INTENSITY_IEC, NONE, NULL);
        }
      else if (isnan (value) || value > spec->limit_max)
        {
          limit = format_value (spec->param, spec->limit_max);
          if (!isnan (value))
            {
              g_free (shown);
              shown = format_apart (spec->param, value, spec->limit_max);
            }
          add_finding (findings, SALVE_SEVERITY_BLOCK, rule_id,
                       /* Translators: "Power of 600 mW is above the safety limit of 500 mW for Soft laser." */
                       g_strdup_printf (_("%s of %s is above the safety limit of %s for %s."),
                                        salve_param_get_name (spec->param), shown, limit,
                                        salve_modality_get_name (plan->modality)),
                       spec->param == SALVE_PARAM_POWER_MW ? SRC_60825 : SRC_IEC, NONE, NULL);
        }
      else if (value < spec->limit_min)
        {
          limit = format_value (spec->param, spec->limit_min);
          g_free (shown);
          shown = format_apart (spec->param, value, spec->limit_min);
          add_finding (findings, SALVE_SEVERITY_BLOCK, rule_id,
                       g_strdup_printf (_("%s of %s is below the lowest allowed value of %s for %s."),
                                        salve_param_get_name (spec->param), shown, limit,
                                        salve_modality_get_name (plan->modality)),
                       spec->param == SALVE_PARAM_RAMP_S ? "Salve: intensity rises by ramp, never in a jump" : SRC_IEC,
                       NONE, NULL);
        }

      if (plan->device_limits[spec->param].set)
        {
          const SalveRange *range = &plan->device_limits[spec->param];
          g_autofree char *device_rule = g_strdup_printf ("device-limit-%s", spec->id);
          const char *device = plan->device_name ? plan->device_name : _("the device");

          if (value > range->max)
            {
              g_autofree char *max = format_value (spec->param, range->max);
              g_autofree char *apart = format_apart (spec->param, value, range->max);

              add_finding (findings, SALVE_SEVERITY_BLOCK, device_rule,
                           /* Translators: "Intensity of 40 mA is above what Sanitas SEM 43 allows (30 mA)." */
                           g_strdup_printf (_("%s of %s is above what %s allows (%s)."),
                                            salve_param_get_name (spec->param), apart, device, max),
                           _("The device’s own limits"), NONE, NULL);
            }
          else if (value < range->min)
            {
              g_autofree char *min = format_value (spec->param, range->min);
              g_autofree char *apart = format_apart (spec->param, value, range->min);

              add_finding (findings, SALVE_SEVERITY_BLOCK, device_rule,
                           g_strdup_printf (_("%s of %s is below what %s allows (%s)."),
                                            salve_param_get_name (spec->param), apart, device, min),
                           _("The device’s own limits"), NONE, NULL);
            }
        }
    }
}

double
salve_profile_answers_get_ceiling_ma (const SalveProfileAnswers *answers)
{
  g_return_val_if_fail (answers != NULL, NAN);

  if (!isnan (answers->intensity_ceiling_ma))
    return answers->intensity_ceiling_ma;

  if (answers->answers[SALVE_CONDITION_REDUCED_SENSATION] != SALVE_ANSWER_NO)
    return SALVE_REDUCED_SENSATION_CEILING_MA;

  return NAN;
}

static double
lower_limit (double ceiling,
             double device_max)
{
  if (isnan (device_max) || device_max <= 0)
    return ceiling;

  return isnan (ceiling) ? device_max : MIN (ceiling, device_max);
}

double
salve_rules_get_intensity_ceiling (const SalveProfileAnswers *answers,
                                   const SalveDevice         *device,
                                   SalveModality              modality)
{
  g_return_val_if_fail (answers != NULL, NAN);

  switch (modality)
    {
    case SALVE_MODALITY_TENS:
    case SALVE_MODALITY_NMES:
      return lower_limit (salve_profile_answers_get_ceiling_ma (answers),
                          device != NULL ? device->max_intensity_ma : NAN);
    case SALVE_MODALITY_LASER:
      return lower_limit (NAN, device != NULL ? device->max_power_mw : NAN);
    case SALVE_MODALITY_PEMF:
      return lower_limit (NAN, device != NULL ? device->max_field_ut : NAN);
    case SALVE_N_MODALITIES:
    default:
      g_return_val_if_reached (NAN);
    }
}

static void
check_ceiling (const SalvePlan           *plan,
               const SalveProfileAnswers *answers,
               GPtrArray                 *findings)
{
  SalveAnswer sensation = answers->answers[SALVE_CONDITION_REDUCED_SENSATION];
  g_autofree char *shown = NULL;
  g_autofree char *limit = NULL;
  double intensity;
  double ceiling;
  gboolean own;
  gboolean numb;

  if (!salve_modality_is_electrical (plan->modality) ||
      !salve_plan_get (plan, SALVE_PARAM_INTENSITY_MA, &intensity))
    return;

  own = !isnan (answers->intensity_ceiling_ma);
  ceiling = salve_profile_answers_get_ceiling_ma (answers);
  /* Numbness the diary noted here: less feeling, whatever the checklist
   * said before it. */
  numb = !own && isnan (ceiling) && salve_plan_numbness_applies (plan);
  if (numb)
    ceiling = SALVE_REDUCED_SENSATION_CEILING_MA;
  if (!(intensity > ceiling))
    return;


  shown = format_apart (SALVE_PARAM_INTENSITY_MA, intensity, ceiling);
  limit = format_value (SALVE_PARAM_INTENSITY_MA, ceiling);

  if (own)
    add_finding (findings, SALVE_SEVERITY_BLOCK, "profile-ceiling",
                 /* Translators: "25 mA is above this profile’s ceiling of 20 mA." */
                 g_strdup_printf (_("%s is above this patient’s ceiling of %s."), shown, limit),
                 _("The patient’s intensity ceiling"), NONE, NULL);
  else if (numb)
    add_finding (findings, SALVE_SEVERITY_BLOCK, "profile-ceiling",
                 /* Translators: "25 mA is above the ceiling of 18 mA …" */
                 g_strdup_printf (_("%s is above the ceiling of %s while the diary notes numbness or loss of "
                                    "feeling: you may not feel a burn."), shown, limit),
                 SRC_SEED_INTENSITY, NONE, NULL);
  else if (sensation == SALVE_ANSWER_YES)
    add_finding (findings, SALVE_SEVERITY_BLOCK, "profile-ceiling",
                 g_strdup_printf (_("%s is above the ceiling of %s for reduced sensation: you may not feel a burn."), shown, limit),
                 SRC_SEED_INTENSITY, SALVE_CONDITION_REDUCED_SENSATION, NULL);
  else
    {
      g_autofree char *reason = g_strdup_printf (_("%s is above the ceiling of %s for reduced sensation: you may not feel a burn."), shown, limit);
      add_finding (findings, SALVE_SEVERITY_BLOCK, "profile-ceiling",
                   unanswered_reason (answers, SALVE_CONDITION_REDUCED_SENSATION, reason),
                   SRC_SEED_INTENSITY, SALVE_CONDITION_REDUCED_SENSATION, answers);
    }
}

static void
check_density (const SalvePlan *plan,
               GPtrArray       *findings)
{
  gboolean used_rms = FALSE;
  double density;

  if (!salve_modality_is_electrical (plan->modality))
    return;

  density = salve_plan_current_density (plan, &used_rms);
  if (!(density > SALVE_MAX_CURRENT_DENSITY_MA_CM2))
    return;

  add_finding (findings, SALVE_SEVERITY_CAUTION, "current-density",
               used_rms
                 ? g_strdup_printf (_("The current density is %.2g mA/cm² (r.m.s.) on this electrode, above 2 mA/cm²: use a larger electrode or a lower intensity."), density)
                 : g_strdup_printf (_("The current density may reach %.2g mA/cm² on this electrode, above 2 mA/cm²: use a larger electrode or a lower intensity. Give pulse width and frequency for an exact figure."), density),
               SRC_IEC, NONE, NULL);
}

static void
check_laser_once_a_day (const SalvePlan *plan,
                        GPtrArray       *findings)
{
  if (plan->modality != SALVE_MODALITY_LASER || plan->sessions_today_on_site == 0)
    return;

  add_finding (findings, SALVE_SEVERITY_CAUTION, "laser-once-a-day",
               g_strdup (_("This area has already had soft laser today. Once a day is enough: more light does not work better.")),
               SRC_SEED_ONCE, NONE, NULL);
}

/* A warning sign of the diary, not a checklist answer: numbness noted in
 * the last days, or before them and since the checklist's question about
 * reduced sensation was last answered. Where it was noted, electrical
 * stimulation stops until a doctor has seen it, as the sign's advice
 * says; noted without a place Salve knows, every site asks first. */
static void
check_diary_numbness (const SalvePlan *plan,
                      GPtrArray       *findings)
{
  g_autoptr(GDateTime) noted = NULL;
  g_autofree char *day = NULL;

  if (!salve_modality_is_electrical (plan->modality) || plan->numb_noted_unix == 0)
    return;

  if (plan->numb_noted_unix < 0)
    {
      add_finding (findings, SALVE_SEVERITY_CAUTION, "diary-numbness",
                   g_strdup (_("Salve could not read whether the diary noted numbness or loss of feeling. "
                               "If it did, do not stimulate that area until your doctor has looked at it: "
                               "you may not feel a burn.")),
                   SRC_SEED_INTENSITY, NONE, NULL);
      return;
    }

  noted = g_date_time_new_from_unix_local (plan->numb_noted_unix);
  day = noted != NULL ? salve_time_format_date (noted) : g_strdup ("?");
  if (plan->numb_site_mask & (1u << plan->site))
    /* Translators: %s is the day of the diary entry, "Tue 1 Dec 2026" */
    add_finding (findings, SALVE_SEVERITY_BLOCK, "diary-numbness",
                 g_strdup_printf (_("On %s the diary noted numbness or loss of feeling here. Do not stimulate "
                                    "this area until your doctor has looked at it: with less feeling you may not "
                                    "feel a burn. This holds for a week after the entry, and after it until the "
                                    "checklist’s question about reduced sensation is answered again."), day),
                 SRC_SEED_INTENSITY, NONE, NULL);
  else if (plan->numb_site_unknown)
    /* Translators: %s is the day of the diary entry, "Tue 1 Dec 2026" */
    add_finding (findings, SALVE_SEVERITY_CAUTION, "diary-numbness",
                 g_strdup_printf (_("On %s the diary noted numbness or loss of feeling without saying where, or "
                                    "at a place Salve cannot match to a treatment site. Do not stimulate an area "
                                    "with less feeling until your doctor has looked at it: you may not feel a "
                                    "burn. This holds for a week after the entry, and after it until the "
                                    "checklist’s question about reduced sensation is answered again."), day),
                 SRC_SEED_INTENSITY, NONE, NULL);
}

static int
compare_severity (gconstpointer a,
                  gconstpointer b)
{
  const SalveFinding *fa = *(SalveFinding * const *) a;
  const SalveFinding *fb = *(SalveFinding * const *) b;

  return (int) fb->severity - (int) fa->severity;
}

GPtrArray *
salve_rules_check (const SalvePlan           *plan,
                   const SalveProfileAnswers *answers)
{
  g_autoptr(GPtrArray) findings = NULL;
  SalveProfileAnswers healthy;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (plan->modality < SALVE_N_MODALITIES, NULL);
  g_return_val_if_fail (plan->site < SALVE_N_SITES, NULL);

  if (answers == NULL)
    {
      salve_profile_answers_init (&healthy, SALVE_ANSWER_NO);
      answers = &healthy;
    }

  findings = g_ptr_array_new_with_free_func ((GDestroyNotify) salve_finding_free);

  check_table (plan, answers, findings);
  check_limits (plan, findings);
  check_ceiling (plan, answers, findings);
  check_density (plan, findings);
  check_laser_once_a_day (plan, findings);
  check_diary_numbness (plan, findings);

  /* g_ptr_array_sort is stable (merge sort), so table order survives
   * within each severity. */
  g_ptr_array_sort (findings, compare_severity);

  return g_steal_pointer (&findings);
}

SalveVerdict
salve_findings_get_verdict (GPtrArray *findings)
{
  SalveVerdict verdict = SALVE_VERDICT_ALLOWED;

  g_return_val_if_fail (findings != NULL, SALVE_VERDICT_BLOCKED);

  for (guint i = 0; i < findings->len; i++)
    {
      const SalveFinding *finding = g_ptr_array_index (findings, i);

      if (finding->severity == SALVE_SEVERITY_BLOCK)
        return SALVE_VERDICT_BLOCKED;
      verdict = SALVE_VERDICT_CAUTION;
    }

  return verdict;
}

gboolean
salve_findings_equal (GPtrArray *a,
                      GPtrArray *b)
{
  guint n = a != NULL ? a->len : 0;

  if (n != (b != NULL ? b->len : 0))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const SalveFinding *fa = g_ptr_array_index (a, i);
      const SalveFinding *fb = g_ptr_array_index (b, i);

      if (fa->severity != fb->severity ||
          g_strcmp0 (fa->rule_id, fb->rule_id) != 0 ||
          g_strcmp0 (fa->reason, fb->reason) != 0)
        return FALSE;
    }

  return TRUE;
}

JsonNode *
salve_findings_to_json (GPtrArray *findings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (findings != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "verdict");
  json_builder_add_string_value (builder, salve_verdict_to_id (salve_findings_get_verdict (findings)));
  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < findings->len; i++)
    {
      const SalveFinding *finding = g_ptr_array_index (findings, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, salve_severity_to_id (finding->severity));
      json_builder_set_member_name (builder, "rule");
      json_builder_add_string_value (builder, finding->rule_id);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, finding->reason);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, finding->source);
      if (finding->condition < SALVE_N_CONDITIONS)
        {
          json_builder_set_member_name (builder, "condition");
          json_builder_add_string_value (builder, salve_condition_to_id (finding->condition));
        }
      json_builder_set_member_name (builder, "unanswered");
      json_builder_add_boolean_value (builder, finding->unanswered);
      json_builder_set_member_name (builder, "not_sure");
      json_builder_add_boolean_value (builder, finding->not_sure);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

SalveVerdict
salve_rules_check_modality (SalveModality              modality,
                            const SalveProfileAnswers *answers,
                            GPtrArray                **findings)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) salve_finding_free);
  SalveVerdict verdict = SALVE_VERDICT_BLOCKED;

  g_return_val_if_fail (modality < SALVE_N_MODALITIES, SALVE_VERDICT_BLOCKED);
  g_return_val_if_fail (answers != NULL, SALVE_VERDICT_BLOCKED);

  /* Blocked for this person when no site is left: what blocks it on every
   * site is what the person is told. */
  for (SalveSite s = 0; s < SALVE_N_SITES && verdict == SALVE_VERDICT_BLOCKED; s++)
    {
      g_autoptr(GPtrArray) here = NULL;

      if (salve_rules_check_site (modality, s, answers, &here) != SALVE_VERDICT_BLOCKED)
        verdict = SALVE_VERDICT_ALLOWED;
    }

  if (verdict == SALVE_VERDICT_BLOCKED)
    {
      g_autoptr(GPtrArray) first = NULL;

      salve_rules_check_site (modality, 0, answers, &first);
      for (guint i = 0; i < first->len; i++)
        {
          const SalveFinding *finding = g_ptr_array_index (first, i);
          const SalveRule *rule = find_rule (finding->rule_id);

          /* Rules for every site only: a site rule blocks one place. */
          if (finding->severity != SALVE_SEVERITY_BLOCK || rule == NULL || rule->site_logic == SALVE_RULE_SITE_SET)
            continue;
          g_ptr_array_add (result, salve_finding_copy (finding));
        }
    }

  if (findings != NULL)
    *findings = g_steal_pointer (&result);

  return verdict;
}

gboolean
salve_finding_is_never_allowed (const SalveFinding *finding)
{
  const SalveRule *rule;

  g_return_val_if_fail (finding != NULL, FALSE);

  rule = find_rule (finding->rule_id);
  return finding->severity == SALVE_SEVERITY_BLOCK && rule != NULL &&
         rule->condition == NONE && rule->site_logic == SALVE_RULE_SITE_SET;
}

SalveVerdict
salve_rules_check_site (SalveModality              modality,
                        SalveSite                  site,
                        const SalveProfileAnswers *answers,
                        GPtrArray                **findings)
{
  g_autoptr(GPtrArray) result = NULL;
  SalveVerdict verdict;
  SalvePlan plan;

  salve_plan_init (&plan, modality, site);
  result = salve_rules_check (&plan, answers);
  salve_plan_clear (&plan);

  verdict = salve_findings_get_verdict (result);
  if (findings != NULL)
    *findings = g_steal_pointer (&result);

  return verdict;
}

gboolean
salve_rules_refuse_planned (SalveModality              modality,
                            const char                *site_id,
                            const SalveProfileAnswers *answers)
{
  SalveProfileAnswers given;
  SalveSite site;

  g_return_val_if_fail (answers != NULL, TRUE);

  given = *answers;
  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    if (given.answers[c] == SALVE_ANSWER_UNKNOWN)
      given.answers[c] = SALVE_ANSWER_NO;

  if (site_id != NULL && *site_id != '\0' && salve_site_from_id (site_id, &site))
    return salve_rules_check_site (modality, site, &given, NULL) == SALVE_VERDICT_BLOCKED;

  for (SalveSite s = 0; s < SALVE_N_SITES; s++)
    if (salve_rules_check_site (modality, s, &given, NULL) != SALVE_VERDICT_BLOCKED)
      return FALSE;

  return TRUE;
}

char *
salve_rules_describe_refused_planned (SalveModality              modality,
                                      const char                *site_id,
                                      const SalveProfileAnswers *answers)
{
  SalveProfileAnswers none;
  SalveSite site;

  g_return_val_if_fail (answers != NULL, NULL);

  if (!salve_rules_refuse_planned (modality, site_id, answers))
    return NULL;

  /* Refused with every question answered "no": the place, not the person. */
  salve_profile_answers_init (&none, SALVE_ANSWER_UNKNOWN);
  if (site_id != NULL && salve_site_from_id (site_id, &site) && salve_rules_refuse_planned (modality, site_id, &none))
    /* Translators: a modality and a treatment site, "TENS is never used where the plan has it (Neck): …" */
    return g_strdup_printf (_("%s is never used where the plan has it (%s): plan another treatment or place with "
                              "the therapist."),
                            salve_modality_get_name (modality), salve_site_get_name (site));

  /* Translators: a modality, e.g. "TENS" */
  return g_strdup_printf (_("The checklist does not allow %s for this person where the plan has it: speak with the "
                            "therapist before the next session."),
                          salve_modality_get_name (modality));
}
