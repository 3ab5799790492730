/* salve-rules.h: the contraindication engine
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "salve-device.h"
#include "salve-ids.h"
#include "salve-modality.h"

G_BEGIN_DECLS

/* What a profile says about the person: one answer per checklist
 * question. Plain struct, stack-allocated. */
typedef struct
{
  SalveAnswer answers[SALVE_N_CONDITIONS];
  /* Where a local condition is (a tumour, broken skin, an infection);
   * SALVE_N_SITES when not said, which counts as "could be anywhere". */
  SalveSite   sites[SALVE_N_CONDITIONS];
  /* The profile's own intensity ceiling; NAN for none. With reduced
   * sensation and no ceiling of its own, 18 mA applies. */
  double      intensity_ceiling_ma;
  /* Whether someone gave the answer: a question answered "Not sure" is
   * SALVE_ANSWER_UNKNOWN as well as one nobody has answered yet, and
   * counts the same, but reads differently. */
  gboolean    answered[SALVE_N_CONDITIONS];
} SalveProfileAnswers;

/* Every answer @answer, no sites, no ceiling. A profile read from the
 * database starts from SALVE_ANSWER_UNKNOWN (an unanswered question);
 * salvectl check without --profile starts from SALVE_ANSWER_NO. */
void         salve_profile_answers_init     (SalveProfileAnswers       *answers,
                                             SalveAnswer                answer);
/* The intensity ceiling (mA) for electrical treatment: the profile's own,
 * or SALVE_REDUCED_SENSATION_CEILING_MA unless reduced sensation is
 * answered "no" (unanswered counts, as everywhere in the rules); NAN for
 * none. The rules, the stimulator's ceiling and the UI all use this one. */
double       salve_profile_answers_get_ceiling_ma (const SalveProfileAnswers *answers);
/* The answer to @condition in words, as a document shows it: "Yes",
 * "No", "Not sure", or "Not answered yet" when nobody answered. */
const char  *salve_profile_answers_get_answer_name (const SalveProfileAnswers *answers,
                                                   SalveCondition             condition);
/* After a session whose skin check found a blister, a burn or broken skin
 * at @site (SALVE_N_SITES for none given): TRUE when the broken-skin
 * answer must become yes to keep electrical treatment off that skin, with
 * the place to store in @marked_site: @site where the answer was no, or
 * anywhere (SALVE_N_SITES) where it was yes at another place, as one
 * answer holds one place. FALSE where the answers already keep it off
 * (yes there or anywhere, or not sure, which counts as yes everywhere). */
gboolean     salve_profile_answers_mark_skin_damaged (const SalveProfileAnswers *answers,
                                                      SalveSite                  site,
                                                      SalveSite                 *marked_site);
/* The most a session may give on @modality's intensity parameter (mA for
 * TENS and NMES, mW for laser, µT for PEMF): the lower of the profile's
 * ceiling (electrical only) and the device's own maximum (@device may be
 * NULL; a limit it does not have is NAN or 0). NAN for none: the modality's
 * hard limit still applies. The treatment, its runner and every front end
 * take the ceiling from here. */
double       salve_rules_get_intensity_ceiling (const SalveProfileAnswers *answers,
                                                const SalveDevice         *device,
                                                SalveModality              modality);
/* {"ceiling_ma": 18, "conditions": {"pregnancy": {"answer": "yes"},
 *  "malignancy": {"answer": "yes", "site": "knee"},
 *  "epilepsy": {"answer": "unknown", "answered": true}, …}}; all
 * conditions, an unknown with whether someone gave it. */
JsonNode    *salve_profile_answers_to_json  (const SalveProfileAnswers *answers);
/* Missing conditions read as unknown. FALSE on a malformed document. */
gboolean     salve_profile_answers_from_json (SalveProfileAnswers      *answers,
                                              JsonNode                 *node,
                                              GError                  **error);
/* TRUE when @node (as above) says whether @condition was answered: an
 * answer other than unknown does, and so does an unknown with its
 * "answered". An unknown saved before Salve kept that could be either. */
gboolean     salve_profile_answers_json_says_answered (JsonNode       *node,
                                                       SalveCondition  condition);

/* Checklist wording, translated. */
const char  *salve_condition_get_name       (SalveCondition condition);
/* The question a carer answers, in plain language. */
const char  *salve_condition_get_question   (SalveCondition condition);
/* TRUE for conditions that concern one area (malignancy, broken skin,
 * infection): the checklist asks where. */
gboolean     salve_condition_is_local       (SalveCondition condition);

typedef enum
{
  SALVE_SEVERITY_CAUTION,  /* must be acknowledged before Start (logged) */
  SALVE_SEVERITY_BLOCK,    /* the session cannot start */
} SalveSeverity;

typedef enum
{
  SALVE_VERDICT_ALLOWED,
  SALVE_VERDICT_CAUTION,
  SALVE_VERDICT_BLOCKED,
} SalveVerdict;

const char  *salve_severity_to_id           (SalveSeverity severity);   /* "block" | "caution" */
const char  *salve_verdict_to_id            (SalveVerdict  verdict);    /* "allowed" | … */
const char  *salve_verdict_get_name         (SalveVerdict  verdict);    /* translated */

#define SALVE_TYPE_FINDING (salve_finding_get_type ())

typedef struct
{
  SalveSeverity  severity;
  char          *rule_id;     /* stable, e.g. "tens-pregnancy-abdomen" */
  char          *reason;      /* plain language, in the user's language */
  char          *source;      /* citation; not translated */
  /* The condition behind it, or SALVE_N_CONDITIONS for site and
   * parameter rules. */
  SalveCondition condition;
  /* TRUE when it fires only because the question is still open: not
   * answered yet, or answered "Not sure" (then @not_sure is TRUE too). */
  gboolean       unanswered;
  gboolean       not_sure;
} SalveFinding;

GType         salve_finding_get_type        (void) G_GNUC_CONST;
SalveFinding *salve_finding_copy            (const SalveFinding *finding);
void          salve_finding_free            (SalveFinding       *finding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveFinding, salve_finding_free)

/* Runs every rule against @plan. @answers NULL means a healthy profile
 * (every answer no). Returns the findings, blocks first, then cautions,
 * each in rule-table order; element type SalveFinding, owned by the
 * array. An ordinary plan on a healthy profile gives an empty array,
 * except laser, which always gets the eye-protection caution.
 *
 * Semantics: a condition answered yes fires its rule where the rule's
 * site logic matches; unknown fires it too, with the same severity,
 * because an unanswered question must not let a blocked session through.
 * A planned value outside the modality's hard limit, the device's own
 * limit or the profile's ceiling is a block. */
GPtrArray    *salve_rules_check             (const SalvePlan           *plan,
                                             const SalveProfileAnswers *answers);
SalveVerdict  salve_findings_get_verdict    (GPtrArray                 *findings);
/* TRUE when @a and @b say the same: the same rules with the same
 * severities and reasons, in the same order. NULL is no findings. */
gboolean      salve_findings_equal          (GPtrArray                 *a,
                                             GPtrArray                 *b);
/* {"verdict": "...", "findings": [{"severity", "rule", "reason",
 *  "source", "condition"?, "unanswered"}]} */
JsonNode     *salve_findings_to_json        (GPtrArray                 *findings);

/* What @modality gives this person wherever it would be used, to mark a
 * device before a site is chosen: BLOCKED when no site is left, with the
 * blocks that hold on every site (a pacemaker for TENS; an unanswered
 * question counts as yes, finding->unanswered) in @findings, else
 * ALLOWED (some site is allowed, perhaps with care). */
SalveVerdict  salve_rules_check_modality    (SalveModality              modality,
                                             const SalveProfileAnswers *answers,
                                             GPtrArray                **findings);
/* TRUE for a block that holds for everyone on that site, whatever the
 * answers: "never allowed here" (the neck for TENS), not "not for you". */
gboolean      salve_finding_is_never_allowed (const SalveFinding       *finding);

/* The verdict for @modality on @site with no parameters planned: the cell
 * of the checklist's matrix. @findings (optional) receives the findings. */
SalveVerdict  salve_rules_check_site        (SalveModality              modality,
                                             SalveSite                  site,
                                             const SalveProfileAnswers *answers,
                                             GPtrArray                **findings);

/* Whether a course of treatment's @modality at @site_id (a SalveSite id;
 * NULL or "" when the plan names no site: then at every site) is refused
 * by what @answers say, a "yes" or the site itself: a planned session that
 * cannot be given. Questions not answered yet or answered "Not sure" do
 * not refuse it here: the session asks them before it starts. */
gboolean      salve_rules_refuse_planned    (SalveModality              modality,
                                             const char                *site_id,
                                             const SalveProfileAnswers *answers);
/* Why salve_rules_refuse_planned() refuses, as a translated sentence, or
 * NULL when it does not: the plan's place itself ("TENS is never used
 * where the plan has it (Neck)"), or the checklist. */
char         *salve_rules_describe_refused_planned (SalveModality              modality,
                                                    const char                *site_id,
                                                    const SalveProfileAnswers *answers);

/* The rules table, for documentation and tests. */
typedef enum
{
  SALVE_RULE_SITE_ANY,        /* wherever the treatment is */
  SALVE_RULE_SITE_SET,        /* only on the sites in site_mask */
  SALVE_RULE_SITE_CONDITION,  /* only on the site the condition concerns */
} SalveRuleSiteLogic;

typedef struct
{
  const char        *id;
  guint              modality_mask;  /* bit (1 << SalveModality) */
  /* SALVE_N_CONDITIONS: a site rule that holds for everyone. */
  SalveCondition     condition;
  SalveRuleSiteLogic site_logic;
  guint32            site_mask;      /* bit (1 << SalveSite) */
  SalveSeverity      severity;
  const char        *reason;         /* English, translated when reported */
  const char        *source;
} SalveRule;

const SalveRule *salve_rules_get_table      (guint *n_rules);
/* What a rule is about, in the user's language, for a person reading a
 * record that holds its id: the condition's name ("Reduced sensation")
 * for a rule that follows a checklist question, else its reason; NULL
 * for an id no rule has. */
const char      *salve_rules_get_title      (const char *rule_id);

G_END_DECLS
