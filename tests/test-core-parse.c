/* test-core-parse.c: the one reading of numbers and date-times
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "salve-parse.h"
#include "salve-time.h"

#define ROUNDS 20000

static void
test_parse_double_forms (void)
{
  static const struct { const char *text; double value; } good[] = {
    { "0", 0 }, { "8", 8 }, { "010", 10 }, { "007.50", 7.5 }, { "-5", -5 }, { "+5", 5 },
    { "2.5", 2.5 }, { "1e3", 1000 }, { "1E-2", 0.01 }, { "-0", 0 }, { "0.000", 0 },
  };
  static const char *bad[] = {
    "0x5", "0x10", "0X1p3", " 8", "8 ", "\t8", "8\n", "inf", "-inf", "nan", "NAN", "infinity",
    "1,5", "1.", ".5", "1e", "1e+", "--1", "+-1", "1..2", "1.2.3", "5mA", "abc", "-", "+",
    "1 000", "١", "８", "1e3 ", "0b101",
  };
  g_autoptr(GError) error = NULL;
  double value;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (salve_parse_double (good[i].text, -1e9, 1e9, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (value, ==, good[i].value);
      g_assert_false (signbit (value) && value == 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      value = 42;
      g_assert_false (salve_parse_double (bad[i], -1e9, 1e9, &value, &error));
      g_assert_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_INVALID);
      g_assert_cmpfloat (value, ==, 42);
      g_clear_error (&error);
    }

  g_assert_false (salve_parse_double ("", 0, 1, &value, &error));
  g_assert_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_false (salve_parse_double (NULL, 0, 1, &value, &error));
  g_assert_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_EMPTY);
  g_clear_error (&error);

  /* Well formed, but not finite or not within the range. */
  g_assert_false (salve_parse_double ("1e308", 0, 600, &value, &error));
  g_assert_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "0 to 600"));
  g_clear_error (&error);
  g_assert_false (salve_parse_double ("1e999", -G_MAXDOUBLE, G_MAXDOUBLE, &value, &error));
  g_assert_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_false (salve_parse_double ("-0.5", 0, 10, &value, &error));
  g_assert_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_true (salve_parse_double ("10", 0, 10, &value, NULL));
  g_assert_cmpfloat (value, ==, 10);
}

static void
test_parse_int_forms (void)
{
  static const char *bad[] = {
    "0x5", " 8", "8 ", "1.5", "1e3", "1e308", "8.0", "inf", "", "-", "٣", "1_000",
  };
  g_autoptr(GError) error = NULL;
  gint64 value;

  g_assert_true (salve_parse_int ("010", 0, 10, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, 10);
  g_assert_true (salve_parse_int ("-7", -10, 10, &value, NULL));
  g_assert_cmpint (value, ==, -7);
  g_assert_true (salve_parse_int ("9223372036854775807", 0, G_MAXINT64, &value, NULL));
  g_assert_cmpint (value, ==, G_MAXINT64);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      value = 42;
      g_assert_false (salve_parse_int (bad[i], -100, 100, &value, &error));
      g_assert_nonnull (error);
      g_assert_cmpint (value, ==, 42);
      g_clear_error (&error);
    }

  g_assert_false (salve_parse_int ("-1", 0, 10, &value, &error));
  g_assert_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_false (salve_parse_int ("11", 0, 10, &value, &error));
  g_assert_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_false (salve_parse_int ("99999999999999999999999", 0, 10, &value, &error));
  g_assert_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_RANGE);
  g_clear_error (&error);
}

static double
random_double (void)
{
  union { guint64 bits; double value; } u;

  do
    {
      u.bits = ((guint64) g_test_rand_int () << 32) | (guint32) g_test_rand_int ();
    }
  while (!isfinite (u.value));

  return u.value;
}

/* Any finite double written out in full reads back as itself. */
static void
test_parse_double_round_trip (void)
{
  for (guint i = 0; i < ROUNDS; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double value = i % 2 ? random_double () : g_test_rand_double_range (-1000, 1000);
      double parsed = NAN;
      g_autoptr(GError) error = NULL;

      g_ascii_formatd (buf, sizeof buf, "%.17g", value);
      if (!salve_parse_double (buf, -G_MAXDOUBLE, G_MAXDOUBLE, &parsed, &error))
        g_error ("“%s” was refused: %s", buf, error->message);
      g_assert_cmpfloat (parsed, ==, value);
    }
}

static void
test_parse_int_round_trip (void)
{
  for (guint i = 0; i < ROUNDS; i++)
    {
      gint64 value = (gint64) (((guint64) g_test_rand_int () << 32) | (guint32) g_test_rand_int ());
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      gint64 parsed = 0;

      g_assert_true (salve_parse_int (text, G_MININT64 + 1, G_MAXINT64, &parsed, NULL) ||
                     value == G_MININT64);
      if (value != G_MININT64)
        g_assert_cmpint (parsed, ==, value);
    }
}

/* Random strings over the characters numbers are made of and the junk
 * around them: exactly those of the documented form are accepted, with
 * the value g_ascii_strtod() gives them. */
static void
test_parse_junk (void)
{
  static const char alphabet[] = "0123456789012345.eE+-x ,\tainf";
  g_autoptr(GRegex) form = g_regex_new ("^[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$", 0, 0, NULL);
  g_autoptr(GRegex) whole = g_regex_new ("^[+-]?[0-9]+$", 0, 0, NULL);

  for (guint i = 0; i < ROUNDS; i++)
    {
      char text[12];
      guint len = g_test_rand_int_range (0, sizeof text);
      double value = 0;
      gint64 n = 0;
      gboolean ok;

      for (guint j = 0; j < len; j++)
        text[j] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
      text[len] = '\0';

      ok = salve_parse_double (text, -G_MAXDOUBLE, G_MAXDOUBLE, &value, NULL);
      if (ok != g_regex_match (form, text, 0, NULL) && !(!ok && isinf (g_ascii_strtod (text, NULL))))
        g_error ("“%s”: accepted %d", text, ok);
      if (ok)
        g_assert_cmpfloat (value, ==, g_ascii_strtod (text, NULL));

      ok = salve_parse_int (text, -G_MAXINT64, G_MAXINT64, &n, NULL);
      if (ok != g_regex_match (whole, text, 0, NULL))
        g_error ("“%s”: accepted %d as a whole number", text, ok);
      if (ok)
        g_assert_cmpint (n, ==, g_ascii_strtoll (text, NULL, 10));
    }
}

static void
assert_date_time (const char *text,
                  GTimeZone  *tz,
                  const char *expected,
                  gboolean    expected_has_time)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;
  gboolean has_time = !expected_has_time;

  dt = salve_parse_date_time (text, tz, &has_time, &error);
  if (dt == NULL)
    g_error ("“%s” was refused: %s", text, error->message);
  iso = salve_time_format_iso (dt);
  g_assert_cmpstr (iso, ==, expected);
  g_assert_cmpint (has_time, ==, expected_has_time);
}

static void
test_parse_date_time_forms (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) cet = g_time_zone_new_identifier ("CET-1CEST,M3.5.0,M10.5.0/3");
  static const char *bad[] = {
    "2026-11-1", "2026/11/01", "2026-11-01T9:30", "2026-11-01T09", "2026-11-01T09:30:5",
    "2026-11-01T09:30:00.", "2026-11-01T09:30+2", "2026-11-01T09:30+02:0", "2026-11-01T09:30+15:00",
    " 2026-11-01", "2026-11-01 ", "2026-11-01T", "2026-11-01T09:30Zjunk", "20261101",
    "2026-13-01", "2026-02-29", "2026-11-31", "2026-11-01T24:00", "2026-11-01T09:60", "2026-11-01T09:30:60",
    "+2026-11-01", "2026-11-01Z", "x",
  };

  g_assert_nonnull (cet);

  /* The forms the error message names are accepted. */
  assert_date_time ("2026-03-29", utc, "2026-03-29T00:00:00+00:00", FALSE);
  assert_date_time ("2026-03-29T09:30", utc, "2026-03-29T09:30:00+00:00", TRUE);
  assert_date_time ("2026-03-29T09:30:15", utc, "2026-03-29T09:30:15+00:00", TRUE);
  assert_date_time ("2026-03-29T09:30+02:00", utc, "2026-03-29T09:30:00+02:00", TRUE);
  /* And the rest of the documented ones. */
  assert_date_time ("2026-11-01T09:30", cet, "2026-11-01T09:30:00+01:00", TRUE);
  assert_date_time ("2026-07-01 09:30", cet, "2026-07-01T09:30:00+02:00", TRUE);
  assert_date_time ("2026-07-01T09:30:15.250Z", cet, "2026-07-01T09:30:15+00:00", TRUE);
  assert_date_time ("2026-07-01T09:30:15,5-05:30", cet, "2026-07-01T09:30:15-05:30", TRUE);
  assert_date_time ("2026-07-01T09:30+0530", cet, "2026-07-01T09:30:00+05:30", TRUE);
  assert_date_time ("2026-07-01T09:30-03", cet, "2026-07-01T09:30:00-03:00", TRUE);
  assert_date_time ("2028-02-29T23:59:59", cet, "2028-02-29T23:59:59+01:00", TRUE);
  assert_date_time ("1900-01-01", utc, "1900-01-01T00:00:00+00:00", FALSE);
  assert_date_time ("9999-12-31T23:59:59Z", utc, "9999-12-31T23:59:59+00:00", TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) dt = salve_parse_date_time (bad[i], utc, NULL, &error);

      if (dt != NULL)
        g_error ("“%s” was accepted", bad[i]);
      g_assert_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_INVALID);
    }
}

static void
test_parse_date_time_range (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  static const char *outside[] = {
    "0001-01-01T00:00:00Z", "0099-01-01", "0999-12-31T23:59", "1899-12-31T23:59:59Z",
    "10000-01-01", "26-11-01", "999-01-01T10:00",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) dt = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (outside); i++)
    {
      dt = salve_parse_date_time (outside[i], utc, NULL, &error);
      if (dt != NULL)
        g_error ("“%s” was accepted", outside[i]);
      g_assert_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_RANGE);
      g_assert_nonnull (strstr (error->message, "1900 to 9999"));
      g_clear_error (&error);
    }

  /* Reading stored text applies the same range. */
  g_assert_null (salve_time_parse_iso ("0001-01-01T00:00:00+00:00"));

  dt = g_date_time_new_utc (1899, 12, 31, 12, 0, 0);
  g_assert_false (salve_date_time_in_range (dt));
  g_clear_pointer (&dt, g_date_time_unref);
  dt = g_date_time_new_utc (1900, 1, 1, 0, 0, 0);
  g_assert_true (salve_date_time_in_range (dt));
}

static void
test_parse_date_time_skipped (void)
{
  g_autoptr(GTimeZone) cet = g_time_zone_new_identifier ("CET-1CEST,M3.5.0,M10.5.0/3");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) dt = NULL;

  g_assert_nonnull (cet);

  /* 2026-03-29: the clocks go from 02:00 to 03:00. */
  dt = salve_parse_date_time ("2026-03-29T02:30", cet, NULL, &error);
  g_assert_null (dt);
  g_assert_error (error, SALVE_PARSE_ERROR, SALVE_PARSE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "clocks went forward"));
  g_clear_error (&error);

  /* With an offset the instant is exact, whatever the clocks did. */
  dt = salve_parse_date_time ("2026-03-29T02:30+01:00", cet, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dt);
}

/* Every stored instant Salve writes reads back as the same instant. */
static void
test_parse_date_time_round_trip (void)
{
  for (guint i = 0; i < ROUNDS / 10; i++)
    {
      gint64 lo = -2208988800 + 14 * 3600;  /* 1900-01-01 at +14:00 */
      gint64 hi = G_GINT64_CONSTANT (253402300799) - 14 * 3600;
      gint64 unix_time = lo + (gint64) (g_test_rand_double () * (double) (hi - lo));
      int offset_minutes = g_test_rand_int_range (-12 * 4, 14 * 4 + 1) * 15;
      g_autoptr(GTimeZone) tz = g_time_zone_new_offset (offset_minutes * 60);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
      g_autoptr(GDateTime) dt = g_date_time_to_timezone (utc, tz);
      g_autofree char *iso = salve_time_format_iso (dt);
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) back = salve_parse_date_time (iso, NULL, NULL, &error);

      if (!salve_date_time_in_range (dt))
        continue;
      if (back == NULL)
        g_error ("“%s” was refused: %s", iso, error->message);
      g_assert_cmpint (g_date_time_to_unix (back), ==, unix_time);
      g_assert_cmpint (g_date_time_get_utc_offset (back), ==, g_date_time_get_utc_offset (dt));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/parse/double-forms", test_parse_double_forms);
  g_test_add_func ("/core/parse/int-forms", test_parse_int_forms);
  g_test_add_func ("/core/parse/double-round-trip", test_parse_double_round_trip);
  g_test_add_func ("/core/parse/int-round-trip", test_parse_int_round_trip);
  g_test_add_func ("/core/parse/junk", test_parse_junk);
  g_test_add_func ("/core/parse/date-time-forms", test_parse_date_time_forms);
  g_test_add_func ("/core/parse/date-time-range", test_parse_date_time_range);
  g_test_add_func ("/core/parse/date-time-skipped", test_parse_date_time_skipped);
  g_test_add_func ("/core/parse/date-time-round-trip", test_parse_date_time_round_trip);

  return g_test_run ();
}
