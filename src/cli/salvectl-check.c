/* salvectl-check.c: salvectl check, the contraindication engine on the
 * command line
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "salve-condition-repo.h"
#include "salve-device-repo.h"
#include "salve-profile-repo.h"
#include "salve-rules.h"
#include "salve-session-repo.h"
#include "salve-time.h"
#include "salve-treatment.h"
#include "salvectl-private.h"

gboolean
salvectl_parse_condition (const char          *text,
                          SalveAnswer          default_answer,
                          SalveProfileAnswers *answers)
{
  g_auto(GStrv) at = g_strsplit (text, "@", 2);
  g_auto(GStrv) kv = g_strsplit (at[0], "=", 2);
  SalveCondition condition;
  SalveAnswer answer = default_answer;
  SalveSite site = SALVE_N_SITES;

  if (!salve_condition_from_id (kv[0], &condition))
    {
      g_autofree char *ids = salve_condition_list_ids ();
      salvectl_usage_error (_("Unknown condition “%s”. Valid conditions: %s"), kv[0], ids);
      return FALSE;
    }

  if (kv[1] != NULL && !salve_answer_from_id (kv[1], &answer))
    {
      salvectl_usage_error (_("Unknown answer “%s” for %s. Valid answers: yes, no, unknown"), kv[1], kv[0]);
      return FALSE;
    }

  if (at[1] != NULL && !salve_site_from_id (at[1], &site))
    {
      g_autofree char *ids = salve_site_list_ids ();
      salvectl_usage_error (_("Unknown site “%s”. Valid sites: %s"), at[1], ids);
      return FALSE;
    }

  answers->answers[condition] = answer;
  answers->answered[condition] = TRUE;
  answers->sites[condition] = site;
  return TRUE;
}

gboolean
salvectl_plan_set_params (SalvePlan *plan,
                          char     **param_values)
{
  for (guint p = 0; p < SALVE_N_PARAMS; p++)
    {
      g_autofree char *flag = NULL;
      double value;

      if (param_values[p] == NULL)
        continue;

      flag = g_strdup_printf ("--%s", salve_param_to_id (p));
      if (salve_modality_get_param (plan->modality, p) == NULL)
        {
          salvectl_usage_error (_("%s does not apply to %s"), flag, salve_modality_get_name (plan->modality));
          return FALSE;
        }
      /* Any finite number: a value outside the catalogue's limits is the
       * rules' to block, with the reason. */
      if (!salvectl_parse_double (flag, param_values[p], -G_MAXDOUBLE, G_MAXDOUBLE, &value))
        return FALSE;
      /* Points are counted: 2.5 points ran as 2, without a word. */
      if (p == SALVE_PARAM_POINTS && value != floor (value))
        {
          salvectl_usage_error (_("%s must be a whole number of points, not “%s”"), flag, param_values[p]);
          return FALSE;
        }
      salve_plan_set (plan, p, value);
    }

  return TRUE;
}

SalveProfile *
salvectl_load_profile_answers (Salvectl            *ctl,
                               const char          *profile_name,
                               SalvePlan           *plan,
                               SalveProfileAnswers *answers)
{
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  SalveDb *db = salvectl_get_db (ctl);

  if (db == NULL)
    return NULL;

  if (!(profile = salvectl_find_profile (db, profile_name)))
    return NULL;

  /* The same inputs a session gets (salve_treatment_build_rules_inputs):
   * what cannot be read counts on the safe side, and says so. */
  salve_profile_answers_init (answers, SALVE_ANSWER_UNKNOWN);
  if (!salve_treatment_build_rules_inputs (db, profile, NULL, plan, answers, &error))
    g_printerr (_("salvectl: warning: %s (counted on the safe side)\n"), error->message);

  return g_steal_pointer (&profile);
}

static void
print_findings (GPtrArray *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      const SalveFinding *finding = g_ptr_array_index (findings, i);

      /* The severity and rule id are part of the contract: not translated. */
      g_print ("%-7s %s: %s\n", salve_severity_to_id (finding->severity), finding->rule_id, finding->reason);
      g_print (_("        source: %s\n"), finding->source);
    }
}

int
salvectl_cmd_check (Salvectl  *ctl,
                    int        argc,
                    char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— check a planned session against the contraindications"));
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *modality_id = NULL;
  g_autofree char *site_id = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *device_name = NULL;
  g_autofree char *today_text = NULL;
  g_auto(GStrv) conditions = NULL;
  char *param_values[SALVE_N_PARAMS] = { NULL };
  GOptionEntry entries[SALVE_N_PARAMS + 8 + 1];
  gboolean json = FALSE;
  SalveProfileAnswers answers;
  SalveModality modality;
  SalveSite site;
  SalvePlan plan;
  gint64 today = 0;
  SalveVerdict verdict;
  guint n = 0;
  int ret = SALVECTL_EXIT_USAGE;

  entries[n++] = (GOptionEntry) { "modality", 0, 0, G_OPTION_ARG_STRING, &modality_id, N_("tens, nmes, laser or pemf"), N_("MODALITY") };
  entries[n++] = (GOptionEntry) { "site", 0, 0, G_OPTION_ARG_STRING, &site_id, N_("Where the treatment goes, e.g. lower-back"), N_("SITE") };
  entries[n++] = (GOptionEntry) { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("Use this profile’s answers (unknown blocks where yes would)"), N_("NAME") };
  entries[n++] = (GOptionEntry) { "condition", 0, 0, G_OPTION_ARG_STRING_ARRAY, &conditions, N_("A condition that applies (ID, ID=yes|no|unknown, ID@SITE); repeat for more"), N_("ID") };
  entries[n++] = (GOptionEntry) { "device", 0, 0, G_OPTION_ARG_STRING, &device_name, N_("Also check against this device’s limits"), N_("NAME") };
  entries[n++] = (GOptionEntry) { "sessions-today", 0, 0, G_OPTION_ARG_STRING, &today_text, N_("Earlier sessions of this modality on this site today (with --profile, counted from its sessions)"), N_("N") };
  entries[n++] = (GOptionEntry) { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL };
  for (guint p = 0; p < SALVE_N_PARAMS; p++)
    entries[n++] = (GOptionEntry) { salve_param_to_id (p), 0, 0, G_OPTION_ARG_STRING, &param_values[p],
                                    salve_param_get_name (p), salve_param_get_unit (p) };
  entries[n] = (GOptionEntry) { NULL };
  g_assert (n < G_N_ELEMENTS (entries));

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Prints each finding and, last, “verdict: allowed|caution|blocked”.\n"
                                  "Exit status: 0 allowed, 3 caution, 4 blocked, 2 usage error.\n"
                                  "Without --profile the conditions given count as yes and all others as no."));
  if (!salvectl_parse_options (context, &argc, &argv))
    goto out;

  if (argc != 1)
    {
      salvectl_usage_error (_("check takes no arguments besides its options"));
      goto out;
    }

  if (modality_id == NULL || !salve_modality_from_id (modality_id, &modality))
    {
      g_autofree char *ids = salve_modality_list_ids ();
      if (modality_id == NULL)
        salvectl_usage_error (_("check needs --modality (%s)"), ids);
      else
        salvectl_usage_error (_("Unknown modality “%s”. Valid modalities: %s"), modality_id, ids);
      goto out;
    }

  if (site_id == NULL || !salve_site_from_id (site_id, &site))
    {
      g_autofree char *ids = salve_site_list_ids ();
      if (site_id == NULL)
        salvectl_usage_error (_("check needs --site (%s)"), ids);
      else
        salvectl_usage_error (_("Unknown site “%s”. Valid sites: %s"), site_id, ids);
      goto out;
    }

  salve_plan_init (&plan, modality, site);
  if (!salvectl_plan_set_params (&plan, param_values))
    goto out_plan;

  if (today_text != NULL &&
      !salvectl_parse_int ("--sessions-today", today_text, 0, SALVECTL_MAX_SESSIONS_TODAY, &today))
    goto out_plan;

  /* With --profile its answers count; without, every condition not given
   * counts as no. */
  salve_profile_answers_init (&answers, SALVE_ANSWER_NO);
  if (profile_name != NULL)
    {
      g_autoptr(SalveProfile) profile = salvectl_load_profile_answers (ctl, profile_name, &plan, &answers);

      if (profile == NULL)
        {
          ret = SALVECTL_EXIT_RUNTIME;
          goto out_plan;
        }
    }

  /* An explicit count wins over the one recorded sessions give. */
  if (today_text != NULL)
    plan.sessions_today_on_site = (guint) today;

  {
    /* With --profile a --condition may add a risk ("what if …?"), never
     * take one of the profile's back: its answers are what counts. */
    SalveProfileAnswers stored = answers;

    for (guint i = 0; conditions && conditions[i]; i++)
      if (!salvectl_parse_condition (conditions[i], SALVE_ANSWER_YES, &answers))
        goto out_plan;
    for (guint c = 0; profile_name != NULL && c < SALVE_N_CONDITIONS; c++)
      if (stored.answers[c] != SALVE_ANSWER_NO && answers.answers[c] == SALVE_ANSWER_NO)
        {
          answers.answers[c] = stored.answers[c];
          answers.answered[c] = stored.answered[c];
          answers.sites[c] = stored.sites[c];
          g_printerr (_("note: %s stays as the profile has it; --condition %s=no does not take it back.\n"),
                      salve_condition_to_id (c), salve_condition_to_id (c));
        }
  }

  if (device_name != NULL)
    {
      g_autoptr(SalveDevice) device = NULL;
      SalveDb *db = salvectl_get_db (ctl);

      if (db == NULL)
        {
          ret = SALVECTL_EXIT_RUNTIME;
          goto out_plan;
        }

      device = salve_device_repo_find_by_name (db, device_name, &error);
      if (device == NULL)
        {
          ret = salvectl_runtime_error ("%s", error->message);
          goto out_plan;
        }
      if (device->modality != modality)
        {
          salvectl_usage_error (_("“%s” is for %s, not for %s"), device->name,
                                salve_modality_get_name (device->modality),
                                salve_modality_get_name (modality));
          goto out_plan;
        }
      salve_device_apply_to_plan (device, &plan);
    }

  findings = salve_rules_check (&plan, &answers);
  verdict = salve_findings_get_verdict (findings);

  if (json)
    {
      g_autoptr(JsonNode) node = salve_findings_to_json (findings);
      JsonObject *object = json_node_get_object (node);

      json_object_set_string_member (object, "modality", salve_modality_to_id (modality));
      json_object_set_string_member (object, "site", salve_site_to_id (site));
      salvectl_print_json (node);
    }
  else
    {
      print_findings (findings);
      g_print ("verdict: %s\n", salve_verdict_to_id (verdict));
    }

  switch (verdict)
    {
    case SALVE_VERDICT_ALLOWED:
      ret = SALVECTL_EXIT_OK;
      break;
    case SALVE_VERDICT_CAUTION:
      ret = SALVECTL_EXIT_CAUTION;
      break;
    case SALVE_VERDICT_BLOCKED:
    default:
      ret = SALVECTL_EXIT_BLOCKED;
      break;
    }

out_plan:
  salve_plan_clear (&plan);
out:
  for (guint p = 0; p < SALVE_N_PARAMS; p++)
    g_free (param_values[p]);

  return ret;
}
