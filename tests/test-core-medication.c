/* test-core-medication.c: a medication intake and what makes it valid
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "salve-medication.h"

static SalveMedication *
paracetamol (void)
{
  SalveMedication *m = salve_medication_new (1);

  salve_medication_set_name (m, "  Paracetamol ");
  salve_medication_set_dose (m, "500 mg");
  g_assert_true (salve_medication_set_at_iso (m, "2026-03-02T08:30:00+01:00", NULL));
  return m;
}

static void
test_medication_valid (void)
{
  g_autoptr(SalveMedication) m = paracetamol ();
  g_autoptr(SalveMedication) copy = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (salve_medication_validate (m, &error));
  g_assert_no_error (error);
  /* Surrounding blanks are not part of the name. */
  g_assert_cmpstr (salve_medication_get_name (m), ==, "Paracetamol");
  g_assert_cmpstr (salve_medication_get_at_iso (m), ==, "2026-03-02T08:30:00+01:00");
  g_assert_false (salve_medication_get_as_needed (m));

  salve_medication_set_as_needed (m, TRUE);
  salve_medication_set_note (m, "after lunch");
  copy = salve_medication_copy (m);
  g_assert_cmpstr (salve_medication_get_name (copy), ==, "Paracetamol");
  g_assert_cmpstr (salve_medication_get_dose (copy), ==, "500 mg");
  g_assert_cmpstr (salve_medication_get_note (copy), ==, "after lunch");
  g_assert_true (salve_medication_get_as_needed (copy));
  g_assert_cmpint (salve_medication_get_at_unix (copy), ==, salve_medication_get_at_unix (m));
}

static void
test_medication_name_required (void)
{
  g_autoptr(SalveMedication) m = paracetamol ();
  g_autoptr(GError) error = NULL;

  salve_medication_set_name (m, "   ");
  g_assert_false (salve_medication_validate (m, &error));
  g_assert_error (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_INVALID);
  g_clear_error (&error);

  salve_medication_set_name (m, NULL);
  g_assert_false (salve_medication_validate (m, &error));
  g_assert_error (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_INVALID);
}

static void
test_medication_years (void)
{
  g_autoptr(SalveMedication) m = paracetamol ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) early = g_date_time_new_utc (1899, 12, 31, 23, 0, 0);
  g_autoptr(GDateTime) first = g_date_time_new_utc (1900, 1, 1, 0, 0, 0);

  salve_medication_set_at (m, early);
  g_assert_false (salve_medication_validate (m, &error));
  g_assert_error (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_INVALID);
  g_clear_error (&error);

  salve_medication_set_at (m, first);
  g_assert_true (salve_medication_validate (m, &error));
  g_assert_no_error (error);

  g_assert_false (salve_medication_set_at_iso (m, "10000-01-01T00:00", &error));
  g_assert_error (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_INVALID);
}

static void
test_medication_text_limits (void)
{
  g_autoptr(SalveMedication) m = paracetamol ();
  g_autoptr(GError) error = NULL;
  g_autofree char *long_name = g_strnfill (SALVE_MEDICATION_NAME_MAX + 1, 'x');

  salve_medication_set_name (m, long_name);
  g_assert_false (salve_medication_validate (m, &error));
  g_assert_error (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_INVALID);
  g_clear_error (&error);

  salve_medication_set_name (m, "Ibuprofen");
  salve_medication_set_dose (m, "\xff\xfe mg");
  g_assert_false (salve_medication_validate (m, &error));
  g_assert_error (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_INVALID);
}

static void
test_medication_kind (void)
{
  static const struct { const char *text; gboolean as_needed; } known[] = {
    { "as-needed", TRUE }, { "scheduled", FALSE }, { "PRN", TRUE }, { "Zo nodig", TRUE },
    { "ja", TRUE }, { "vast", FALSE }, { " Nee ", FALSE }, { "regular", FALSE },
  };
  gboolean as_needed;

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      as_needed = !known[i].as_needed;
      g_assert_true (salve_medication_kind_parse (known[i].text, &as_needed));
      g_assert_cmpint (as_needed, ==, known[i].as_needed);
    }
  g_assert_false (salve_medication_kind_parse ("sometimes", &as_needed));
  g_assert_false (salve_medication_kind_parse (NULL, &as_needed));

  g_assert_true (salve_medication_kind_parse (salve_medication_kind_to_id (TRUE), &as_needed));
  g_assert_true (as_needed);
  g_assert_true (salve_medication_kind_parse (salve_medication_kind_to_id (FALSE), &as_needed));
  g_assert_false (as_needed);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/medication/valid", test_medication_valid);
  g_test_add_func ("/core/medication/name-required", test_medication_name_required);
  g_test_add_func ("/core/medication/years", test_medication_years);
  g_test_add_func ("/core/medication/text-limits", test_medication_text_limits);
  g_test_add_func ("/core/medication/kind", test_medication_kind);

  return g_test_run ();
}
