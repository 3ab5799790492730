/* test-core-presets.c: the built-in treatment programs
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "salve-modality.h"
#include "salve-presets.h"
#include "salve-rules.h"

/* Every modality offers a program. */
static void
test_every_modality (void)
{
  for (SalveModality m = 0; m < SALVE_N_MODALITIES; m++)
    {
      g_autoptr(GPtrArray) list = salve_presets_list_builtin (m);
      g_auto(GStrv) common = salve_presets_common_steps (m);

      g_assert_cmpuint (list->len, >, 0);
      g_assert_cmpuint (g_strv_length (common), >, 0);
      for (guint i = 0; i < list->len; i++)
        {
          SalvePreset *p = g_ptr_array_index (list, i);
          g_assert_cmpint (salve_preset_get_modality (p), ==, m);
          g_assert_cmpuint (g_strv_length ((char **) salve_preset_get_steps (p)), >, 0);
        }
    }
}

/* The seed's TENS placement for neuropathy, word for word where it
 * matters: moistened glove, 3–5 cm above the wrist, red to the glove. */
static void
test_tens_glove (void)
{
  g_autoptr(SalvePreset) p = salve_presets_find_builtin ("tens-neuropathy-hand-foot");
  g_autofree char *steps = NULL;
  double ma;

  g_assert_nonnull (p);
  g_assert_true (salve_preset_get_uses_glove (p));
  steps = g_strjoinv ("\n", (char **) salve_preset_get_steps (p));
  g_assert_nonnull (strstr (steps, "lukewarm water"));
  g_assert_nonnull (strstr (steps, "3–5 cm above your wrist or ankle"));
  g_assert_nonnull (strstr (steps, "red (+) lead to the glove or sock"));
  g_assert_nonnull (strstr (steps, "black (−) lead to the adhesive electrode"));
  g_assert_nonnull (strstr (steps, "program 1"));

  ma = salve_preset_get_param (p, "intensity-ma", -1);
  g_assert_cmpfloat (ma, >=, 8);
  g_assert_cmpfloat (ma, <=, 18);
  g_assert_cmpfloat (salve_preset_get_param (p, "minutes", 0), >=, 30);
}

/* No built-in preset plans anything the rules engine blocks for a
 * healthy person on the site it was written for. */
static void
test_presets_are_safe (void)
{
  g_autoptr(GPtrArray) all = salve_presets_list_builtin (SALVE_N_MODALITIES);

  for (guint i = 0; i < all->len; i++)
    {
      SalvePreset *p = g_ptr_array_index (all, i);
      SalveSite site = salve_preset_get_site (p);
      g_autoptr(GPtrArray) findings = NULL;
      g_autoptr(GList) keys = json_object_get_members (salve_preset_get_params (p));
      SalvePlan plan;

      salve_plan_init (&plan, salve_preset_get_modality (p), site < SALVE_N_SITES ? site : SALVE_SITE_KNEE);
      for (const GList *l = keys; l; l = l->next)
        {
          SalveParam param;
          g_assert_true (salve_param_from_id (l->data, &param));
          g_assert_nonnull (salve_modality_get_param (salve_preset_get_modality (p), param));
          salve_plan_set (&plan, param, salve_preset_get_param (p, l->data, 0));
        }

      findings = salve_rules_check (&plan, NULL);
      g_assert_cmpint (salve_findings_get_verdict (findings), !=, SALVE_VERDICT_BLOCKED);
      salve_plan_clear (&plan);
    }
}

static void
test_apply (void)
{
  g_autoptr(SalvePreset) p = salve_presets_find_builtin ("laser-lateral-epicondylitis");
  g_autoptr(SalveSession) s = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_ELBOW);

  salve_preset_apply (p, s);
  g_assert_cmpint (salve_session_get_modality (s), ==, SALVE_MODALITY_LASER);
  g_assert_cmpstr (salve_session_get_program (s), ==, "laser-lateral-epicondylitis");
  g_assert_cmpfloat (salve_session_get_param (s, "dose-j", 0), ==, 4);
  g_assert_cmpfloat (salve_session_get_param (s, "points", 0), ==, 2);
  /* laser is timed per point, not in minutes */
  g_assert_cmpfloat (salve_session_get_planned_minutes (s), <, 0);
  g_assert_null (salve_presets_find_builtin ("no-such-preset"));
}

/* A program fits the sites its steps are written for: the glove program
 * the hand and the foot, the tennis-elbow laser the elbow, the general
 * ones anywhere; each fits while no site is chosen. */
static void
test_fits_site (void)
{
  g_autoptr(SalvePreset) glove = salve_presets_find_builtin ("tens-neuropathy-hand-foot");
  g_autoptr(SalvePreset) high = salve_presets_find_builtin ("tens-high-frequency");
  g_autoptr(SalvePreset) elbow = salve_presets_find_builtin ("laser-lateral-epicondylitis");
  g_autoptr(SalvePreset) nmes = salve_presets_find_builtin ("nmes-strengthening");

  g_assert_true (salve_preset_fits_site (glove, SALVE_SITE_HAND));
  g_assert_true (salve_preset_fits_site (glove, SALVE_SITE_FOOT));
  g_assert_true (salve_preset_fits_site (glove, SALVE_N_SITES));
  g_assert_false (salve_preset_fits_site (glove, SALVE_SITE_LOWER_BACK));
  g_assert_false (salve_preset_fits_site (glove, SALVE_SITE_KNEE));

  g_assert_true (salve_preset_fits_site (elbow, SALVE_SITE_ELBOW));
  g_assert_false (salve_preset_fits_site (elbow, SALVE_SITE_SHOULDER));

  for (SalveSite s = 0; s <= SALVE_N_SITES; s++)
    {
      g_assert_true (salve_preset_fits_site (high, s));
      g_assert_true (salve_preset_fits_site (nmes, s));
    }
  g_assert_cmpint (salve_preset_get_site (nmes), ==, SALVE_SITE_LEG);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/presets/every-modality", test_every_modality);
  g_test_add_func ("/core/presets/tens-glove", test_tens_glove);
  g_test_add_func ("/core/presets/fits-site", test_fits_site);
  g_test_add_func ("/core/presets/safe", test_presets_are_safe);
  g_test_add_func ("/core/presets/apply", test_apply);

  return g_test_run ();
}
