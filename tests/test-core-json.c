/* test-core-json.c: the JSON text salvectl --json and the FHIR export write
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "salve-json.h"

/* The text of @root, which must parse back with json-glib to an equal
 * tree. */
static char *
write_and_read_back (JsonNode *root)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  char *text = salve_json_to_data (root, &length);

  g_assert_cmpuint (length, ==, strlen (text));
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (json_parser_get_root (parser), root));

  return text;
}

/* @text, read by json-glib and written again, is @text: each value keeps
 * its type, the members their order. */
static void
assert_written_as_read (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  written = salve_json_to_data (json_parser_get_root (parser), NULL);
  g_assert_cmpstr (written, ==, text);
}

/* [@value] as Salve writes it, and the value json-glib reads back. */
static char *
write_number (double  value,
              double *back)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonNode *element;

  json_builder_begin_array (builder);
  json_builder_add_double_value (builder, value);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  text = salve_json_to_data (root, NULL);

  g_assert_true (g_str_has_prefix (text, "[\n  "));
  g_assert_true (g_str_has_suffix (text, "\n]"));
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  element = json_array_get_element (json_node_get_array (json_parser_get_root (parser)), 0);
  if (isfinite (value))
    {
      /* A number is read back as a double, never as an integer. */
      g_assert_true (json_node_get_value_type (element) == G_TYPE_DOUBLE);
      *back = json_node_get_double (element);
    }
  else
    g_assert_true (JSON_NODE_HOLDS_NULL (element));

  return g_strndup (text + 4, strlen (text) - 6);
}

static void
test_numbers_shortest (void)
{
  static const struct { double value; const char *text; } numbers[] = {
    { 5.2, "5.2" },
    { 0.1 + 0.2, "0.30000000000000004" },
    { 1.0 / 60, "0.016666666666666666" },
    { 10.0 / 60, "0.16666666666666666" },
    { 25.2, "25.2" },
    { -33.33, "-33.33" },
    { 20.0, "20.0" },
    { 0.0, "0.0" },
    { -0.0, "-0.0" },
    { -0.5, "-0.5" },
    { 1e21, "1.0e+21" },
    { 1e-7, "1.0e-07" },
    { 1.5e-7, "1.5e-07" },
    { -2e300, "-2.0e+300" },
    { 1e15, "1.0e+15" },
    { 123456789012345.0, "123456789012345.0" },
    { G_MAXDOUBLE, "1.7976931348623157e+308" },
    { 5e-324, "4.94065645841247e-324" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      double back = NAN;
      g_autofree char *text = write_number (numbers[i].value, &back);

      g_assert_cmpstr (text, ==, numbers[i].text);
      g_assert_true (back == numbers[i].value);
      g_assert_true (!signbit (back) == !signbit (numbers[i].value));
    }
}

/* Means, changes and percentages as salvectl rounds them, and the
 * fractions of a minute a laser dose takes: each reads back as itself,
 * with a point, and in no more digits than JsonGenerator's 17. */
static void
test_numbers_round_trip (void)
{
  for (int i = -3000; i <= 3000; i++)
    {
      double values[] = { i / 100.0, i / 60.0, i / 7.0, i * 1.1, i * 1e-9, i * 1e19, 1.0 / (i + 0.5) };

      for (guint v = 0; v < G_N_ELEMENTS (values); v++)
        {
          char longest[G_ASCII_DTOSTR_BUF_SIZE];
          double back = NAN;
          g_autofree char *text = write_number (values[v], &back);

          g_ascii_dtostr (longest, sizeof longest, values[v]);
          if (back != values[v])
            g_error ("%s read back as %.17g, not %.17g", text, back, values[v]);
          g_assert_nonnull (strchr (text, '.'));
          g_assert_cmpuint (strlen (text), <=, strlen (longest) + strlen (".0"));
        }
    }
}

/* JsonGenerator wrote "nan.0" and "inf.0", which no JSON reader takes. */
static void
test_numbers_not_finite (void)
{
  const double values[] = { NAN, INFINITY, -INFINITY };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      double back = 0;
      g_autofree char *text = write_number (values[i], &back);

      g_assert_cmpstr (text, ==, "null");
    }
}

static void
test_integers (void)
{
  assert_written_as_read ("[\n"
                          "  0,\n"
                          "  30,\n"
                          "  -7,\n"
                          "  9223372036854775807,\n"
                          "  -9223372036854775808\n"
                          "]");
}

/* As JsonGenerator escaped them, in values and member names alike, but
 * for U+001F (below). */
static void
test_strings (void)
{
  const char *text_in = "say \"hi\" C:\\ new\nline\ttab\rcr\bbs\fff \x01\x1e\x7f é € 😀 </a>";
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, text_in);
  json_builder_set_member_name (builder, "a \"quoted\"\tname");
  json_builder_add_string_value (builder, "");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  text = write_and_read_back (root);
  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"note\" : \"say \\\"hi\\\" C:\\\\ new\\nline\\ttab\\rcr\\bbs\\fff \\u0001\\u001e\\u007f "
                   "é € 😀 </a>\",\n"
                   "  \"a \\\"quoted\\\"\\tname\" : \"\"\n"
                   "}");
}

/* JsonGenerator's pretty layout: two spaces a level, "name" : value,
 * members in their order, "[]" for an empty array and an empty
 * object's braces apart by its indentation. */
static void
test_layout (void)
{
  assert_written_as_read ("{\n"
                          "  \"zebra\" : \"Anna\",\n"
                          "  \"apple\" : 1,\n"
                          "  \"on\" : true,\n"
                          "  \"off\" : false,\n"
                          "  \"none\" : null,\n"
                          "  \"empty_array\" : [],\n"
                          "  \"empty_object\" : {  },\n"
                          "  \"nested\" : [\n"
                          "    {\n"
                          "      \"inner\" : {      },\n"
                          "      \"list\" : [\n"
                          "        [],\n"
                          "        4.9\n"
                          "      ]\n"
                          "    },\n"
                          "    null\n"
                          "  ]\n"
                          "}");
}

static void
test_empty_roots (void)
{
  g_autoptr(JsonNode) array = json_node_init_array (json_node_alloc (), json_array_new ());
  g_autoptr(JsonNode) object = json_node_init_object (json_node_alloc (), json_object_new ());
  g_autoptr(JsonNode) null = json_node_init_null (json_node_alloc ());
  g_autofree char *array_text = write_and_read_back (array);
  g_autofree char *object_text = write_and_read_back (object);
  g_autofree char *null_text = salve_json_to_data (null, NULL);

  g_assert_cmpstr (array_text, ==, "[]");
  g_assert_cmpstr (object_text, ==, "{}");
  g_assert_cmpstr (null_text, ==, "null");
}

/* Issue: JsonGenerator escaped the control characters below U+001F only,
 * so a note holding U+001F made salvectl --json and the FHIR export write
 * a string that JSON does not allow and strict readers (Python's json)
 * refuse. */
static void
test_unit_separator (void)
{
  g_autoptr(JsonNode) root = json_node_init_string (json_node_alloc (), "a\x1f" "b");
  g_autofree char *text = write_and_read_back (root);

  g_assert_cmpstr (text, ==, "\"a\\u001fb\"");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/json/numbers-shortest", test_numbers_shortest);
  g_test_add_func ("/core/json/numbers-round-trip", test_numbers_round_trip);
  g_test_add_func ("/core/json/numbers-not-finite", test_numbers_not_finite);
  g_test_add_func ("/core/json/integers", test_integers);
  g_test_add_func ("/core/json/strings", test_strings);
  g_test_add_func ("/core/json/layout", test_layout);
  g_test_add_func ("/core/json/empty-roots", test_empty_roots);
  g_test_add_func ("/core/json/unit-separator", test_unit_separator);

  return g_test_run ();
}
