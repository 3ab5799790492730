/* salve-json.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JsonGenerator writes a double with 17 significant digits, so a mean of
 * 5.2 came out as 5.2000000000000002. This writer differs from it in the
 * numbers and in U+001F only: layout, order and escapes are what
 * JsonGenerator wrote, which scripts reading salvectl's output and the
 * export already know.
 */

#define G_LOG_DOMAIN "salve-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "salve-csv-validator.h"
#include "salve-json.h"

static void append_node (GString  *out,
                         JsonNode *node,
                         guint     level);

static void
append_indent (GString *out,
               guint    level)
{
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

/* Quote and backslash, the control characters and DEL as JsonGenerator
 * escapes them; any other byte, UTF-8 too, as it is. JsonGenerator left
 * U+001F as it was, which JSON does not allow in a string. */
static void
append_string (GString    *out,
               const char *text)
{
  static const char controls[] = "\b\f\n\r\t";
  static const char names[] = "bfnrt";

  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      const char *control;

      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p >= 0x20 && *p != 0x7f)
        g_string_append_c (out, *p);
      else if ((control = strchr (controls, *p)) != NULL)
        g_string_append_printf (out, "\\%c", names[control - controls]);
      else
        g_string_append_printf (out, "\\u%04x", *p);
    }
  g_string_append_c (out, '"');
}

static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  const char *exponent;

  /* JSON has no NaN or infinity; JsonGenerator wrote "nan.0", which no
   * reader takes. */
  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }

  salve_csv_format_double (buf, value);
  if (strchr (buf, '.') != NULL)
    {
      g_string_append (out, buf);
      return;
    }

  /* The point tells a number from an integer, also before an exponent:
   * "1.0e+21" where JsonGenerator wrote "1e+21.0", which is no JSON. */
  exponent = strchr (buf, 'e');
  if (exponent == NULL)
    exponent = buf + strlen (buf);
  g_string_append_len (out, buf, exponent - buf);
  g_string_append (out, ".0");
  g_string_append (out, exponent);
}

static void
append_value (GString  *out,
              JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (type == G_TYPE_DOUBLE)
    append_double (out, json_node_get_double (node));
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
  else if (type == G_TYPE_STRING)
    append_string (out, json_node_get_string (node));
  else
    g_string_append (out, "null");
}

static void
append_array (GString   *out,
              JsonArray *array,
              guint      level)
{
  guint n = json_array_get_length (array);

  g_string_append_c (out, '[');
  if (n == 0)
    {
      g_string_append_c (out, ']');
      return;
    }

  g_string_append_c (out, '\n');
  for (guint i = 0; i < n; i++)
    {
      append_indent (out, level + 1);
      append_node (out, json_array_get_element (array, i), level + 1);
      g_string_append (out, i + 1 < n ? ",\n" : "\n");
    }
  append_indent (out, level);
  g_string_append_c (out, ']');
}

static void
append_object (GString    *out,
               JsonObject *object,
               guint       level)
{
  g_autoptr(GList) names = json_object_get_members (object);

  g_string_append_c (out, '{');
  if (names != NULL)
    g_string_append_c (out, '\n');
  for (const GList *l = names; l != NULL; l = l->next)
    {
      append_indent (out, level + 1);
      append_string (out, l->data);
      g_string_append (out, " : ");
      append_node (out, json_object_get_member (object, l->data), level + 1);
      g_string_append (out, l->next != NULL ? ",\n" : "\n");
    }
  /* Unlike an empty array's, an empty object's closing brace is indented
   * too: "{  }" one level down. */
  append_indent (out, level);
  g_string_append_c (out, '}');
}

static void
append_node (GString  *out,
             JsonNode *node,
             guint     level)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      append_object (out, json_node_get_object (node), level);
      break;

    case JSON_NODE_ARRAY:
      append_array (out, json_node_get_array (node), level);
      break;

    case JSON_NODE_VALUE:
      append_value (out, node);
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

char *
salve_json_to_data (JsonNode *node,
                    gsize    *length)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_new (NULL);
  append_node (out, node, 0);
  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}
