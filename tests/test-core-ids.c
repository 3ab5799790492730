/* test-core-ids.c: the ids of the salvectl contract
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "salve-ids.h"
#include "salve-profile.h"

static void
test_ids_round_trip (void)
{
  for (guint i = 0; i < SALVE_N_MODALITIES; i++)
    {
      SalveModality m;
      g_assert_true (salve_modality_from_id (salve_modality_to_id (i), &m));
      g_assert_cmpint (m, ==, i);
    }

  for (guint i = 0; i < SALVE_N_SITES; i++)
    {
      SalveSite s;
      g_assert_true (salve_site_from_id (salve_site_to_id (i), &s));
      g_assert_cmpint (s, ==, i);
    }

  for (guint i = 0; i < SALVE_N_CONDITIONS; i++)
    {
      SalveCondition c;
      g_assert_true (salve_condition_from_id (salve_condition_to_id (i), &c));
      g_assert_cmpint (c, ==, i);
    }
}

static void
test_ids_contract (void)
{
  /* design.md names these ids; scripts rely on them. */
  const char *sites = "head eye face neck-front neck shoulder upper-back chest abdomen lower-back "
                      "pelvis arm elbow wrist hand hip leg knee ankle foot";
  const char *conds = "pacemaker defibrillator other-implant pregnancy thrombosis epilepsy malignancy "
                      "bleeding arrhythmia reduced-sensation broken-skin infection hyperthyroidism photosensitivity";
  g_auto(GStrv) site_ids = g_strsplit (sites, " ", -1);
  g_auto(GStrv) cond_ids = g_strsplit (conds, " ", -1);
  SalveModality m;
  SalveSite s;
  SalveCondition c;
  SalveAnswer a;

  g_assert_cmpuint (g_strv_length (site_ids), ==, SALVE_N_SITES);
  for (guint i = 0; site_ids[i]; i++)
    g_assert_true (salve_site_from_id (site_ids[i], &s));

  g_assert_cmpuint (g_strv_length (cond_ids), ==, SALVE_N_CONDITIONS);
  for (guint i = 0; cond_ids[i]; i++)
    g_assert_true (salve_condition_from_id (cond_ids[i], &c));

  g_assert_true (salve_modality_from_id ("laser", &m));
  g_assert_cmpint (m, ==, SALVE_MODALITY_LASER);
  g_assert_true (salve_answer_from_id ("unknown", &a));
  g_assert_cmpint (a, ==, SALVE_ANSWER_UNKNOWN);
}

static void
test_ids_unknown_rejected (void)
{
  SalveModality m = SALVE_MODALITY_PEMF;
  SalveSite s = SALVE_SITE_FOOT;
  g_autofree char *all = salve_site_list_ids ();

  g_assert_false (salve_modality_from_id ("TENS", &m));
  g_assert_false (salve_modality_from_id ("", &m));
  g_assert_false (salve_modality_from_id (NULL, &m));
  g_assert_false (salve_site_from_id ("toe", &s));
  g_assert_cmpint (m, ==, SALVE_MODALITY_PEMF);
  g_assert_cmpint (s, ==, SALVE_SITE_FOOT);
  g_assert_nonnull (strstr (all, "lower-back"));
}

static void
test_profile_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_name = g_strnfill (121, 'a');

  g_assert_true (salve_profile_name_is_valid ("Anneke de Vries", NULL));
  g_assert_true (salve_profile_name_is_valid ("Jürgen", NULL));
  g_assert_false (salve_profile_name_is_valid ("", &error));
  g_assert_error (error, SALVE_PROFILE_ERROR, SALVE_PROFILE_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_false (salve_profile_name_is_valid ("   ", NULL));
  g_assert_false (salve_profile_name_is_valid (" Anneke", NULL));
  g_assert_false (salve_profile_name_is_valid (long_name, NULL));
  g_assert_false (salve_profile_name_is_valid ("\xff\xfe", NULL));
}

/* Issue: names kept ESC sequences, BEL, newlines and the RTL override and
 * printed them raw. */
static void
test_profile_names_control (void)
{
  static const char *refused[] = {
    "Ann\033[2J", "Ann\a", "Ann\nBob", "Ann\rBob", "A\tB", "Ann\302\205", "Ann\u202Egpj.exe",
    "\u202AAnn", "\u2067Ann\u2069", "Ann\u200E", "Ann\u200F", "\u061CAnn", "A\u2028B", "\uFEFFAnn",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      if (salve_profile_name_is_valid (refused[i], &error))
        g_error ("name %u was accepted", i);
      g_assert_error (error, SALVE_PROFILE_ERROR, SALVE_PROFILE_ERROR_INVALID_NAME);
      g_assert_nonnull (strstr (error->message, "control characters"));
    }

  /* Names in any script, and emoji joined by a zero-width joiner, stay. */
  g_assert_true (salve_profile_name_is_valid ("محمد", NULL));
  g_assert_true (salve_profile_name_is_valid ("Oma \U0001F469\u200D\U0001F9B3", NULL));
}

static void
assert_same_name (const char *a,
                  const char *b,
                  gboolean    same)
{
  g_autofree char *fa = salve_profile_name_fold (a);
  g_autofree char *fb = salve_profile_name_fold (b);

  g_assert_cmpint (g_str_equal (fa, fb), ==, same);
}

static void
test_profile_names_fold (void)
{
  assert_same_name ("É1", "é1", TRUE);
  assert_same_name ("É1", "E\u03011", TRUE);
  assert_same_name ("Straße", "STRASSE", TRUE);
  assert_same_name ("ΣΟΦΙΑ", "σοφια", TRUE);
  assert_same_name ("Anna", "ANNA", TRUE);
  assert_same_name ("Anna", "Anne", FALSE);
  assert_same_name ("é1", "e1", FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/ids/round-trip", test_ids_round_trip);
  g_test_add_func ("/core/ids/contract", test_ids_contract);
  g_test_add_func ("/core/ids/unknown-rejected", test_ids_unknown_rejected);
  g_test_add_func ("/core/profile/names", test_profile_names);
  g_test_add_func ("/core/profile/names-control", test_profile_names_control);
  g_test_add_func ("/core/profile/names-fold", test_profile_names_fold);

  return g_test_run ();
}
