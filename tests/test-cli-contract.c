/* test-cli-contract.c: salvectl against its contract, docs/salvectl.md
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "salve-care-plan-repo.h"
#include "salve-db.h"
#include "salve-device-repo.h"
#include "salve-profile-repo.h"
#include "salve-session-repo.h"
#include "salve-test-sim.h"
#include "salve-test-util.h"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = salve_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "salve.db", NULL);
  /* Nothing a test runs may touch the default database. */
  g_setenv ("XDG_DATA_HOME", f->dir, TRUE);
  g_unsetenv ("SALVE_DB");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  salve_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

/* Runs salvectl --db f->db with @words (a command line split at spaces;
 * "" for none) and returns its exit code, stdout and stderr. */
static int
run_words (Fixture     *f,
           const char  *words,
           char       **out,
           char       **err)
{
  g_auto(GStrv) split = g_strsplit (words, " ", -1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, f->db);
  for (guint i = 0; split[i] != NULL; i++)
    if (*split[i] != '\0')
      g_ptr_array_add (argv, split[i]);
  g_ptr_array_add (argv, NULL);

  return salve_test_run_salvectlv (out, err, (const char * const *) argv->pdata);
}

/* The help of @words ("" for salvectl's own), which must succeed. */
static char *
help_of (Fixture    *f,
         const char *words)
{
  g_autofree char *line = g_strconcat (words, *words ? " " : "", "--help", NULL);
  g_autofree char *err = NULL;
  char *out = NULL;

  if (run_words (f, line, &out, &err) != 0)
    g_error ("salvectl %s failed: %s", line, err);

  return out;
}

typedef struct
{
  char     *words;            /* "check", "diary add" */
  gboolean  has_subcommands;  /* "diary": it needs one of them */
  gboolean  has_default;      /* "devices": alone, it runs "devices list" */
} Command;

static void
command_free (Command *command)
{
  g_free (command->words);
  g_free (command);
}

static void
add_command (GPtrArray  *commands,
             char       *words,
             gboolean    has_subcommands,
             gboolean    has_default)
{
  Command *command = g_new0 (Command, 1);

  command->words = words;
  command->has_subcommands = has_subcommands;
  command->has_default = has_default;
  g_ptr_array_add (commands, command);
}

/* Every command of salvectl --help and every subcommand its usage names
 * ("  salvectl diary add …", "  salvectl devices [list] …"), in order:
 * "profile", "profile add", …, "check", …. */
static GPtrArray *
list_commands (Fixture *f)
{
  g_autofree char *help = help_of (f, "");
  g_auto(GStrv) lines = g_strsplit (help, "\n", -1);
  GPtrArray *commands = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
  gboolean in_commands = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *usage = NULL;
      g_auto(GStrv) usage_lines = NULL;
      g_autofree char *prefix = NULL;
      g_autoptr(GPtrArray) subs = g_ptr_array_new_with_free_func (g_free);
      char *name;
      gboolean has_default = FALSE;

      if (g_str_equal (lines[i], "Commands:"))
        {
          in_commands = TRUE;
          continue;
        }
      if (!in_commands)
        continue;
      if (*lines[i] == '\0')
        break;

      name = g_strstrip (g_strndup (lines[i], strcspn (lines[i] + 2, " ") + 2));
      usage = help_of (f, name);
      usage_lines = g_strsplit (usage, "\n", -1);
      prefix = g_strdup_printf ("  salvectl %s ", name);
      for (guint u = 0; usage_lines[u] != NULL; u++)
        {
          const char *sub = usage_lines[u] + strlen (prefix);
          char *word;

          if (!g_str_has_prefix (usage_lines[u], prefix))
            continue;
          if (*sub == '[')
            {
              has_default = TRUE;
              sub++;
            }
          word = g_strndup (sub, strspn (sub, "abcdefghijklmnopqrstuvwxyz-"));
          if (*word != '\0')
            g_ptr_array_add (subs, g_strdup_printf ("%s %s", name, word));
          g_free (word);
        }
      add_command (commands, name, subs->len > 0, has_default);
      for (guint s = 0; s < subs->len; s++)
        add_command (commands, g_strdup (g_ptr_array_index (subs, s)), FALSE, FALSE);
    }

  g_assert_cmpuint (commands->len, >, 10);
  return commands;
}

/* A usage error: exit 2, "salvectl: …" on stderr and nothing on stdout. */
static void
assert_usage_error (Fixture    *f,
                    const char *words)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int rc = run_words (f, words, &out, &err);

  if (rc != 2)
    g_error ("salvectl %s: exit %d, not 2 (a usage error); stderr: %s", words, rc, err);
  if (*out != '\0')
    g_error ("salvectl %s: a usage error printed to stdout: %s", words, out);
  if (!g_str_has_prefix (err, "salvectl: "))
    g_error ("salvectl %s: stderr does not start with “salvectl: ”: %s", words, err);
}

/* --help: exit 0, the help on stdout and nothing on stderr. */
static void
assert_help (Fixture    *f,
             const char *words)
{
  g_autofree char *line = g_strconcat (words, *words ? " " : "", "--help", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int rc = run_words (f, line, &out, &err);

  if (rc != 0 || *out == '\0' || *err != '\0')
    g_error ("salvectl %s: exit %d, stdout %s, stderr “%s”; the help goes to stdout, exit 0", line, rc,
             *out ? "has the help" : "empty", err);
}

/* Issue: "salvectl" and "salvectl diary" without a (sub)command printed
 * their help to stdout and exited 2, so a script capturing stdout got the
 * help as if it were a result. A usage error says so on stderr alone;
 * only --help prints to stdout. */
static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) commands = list_commands (f);

  assert_usage_error (f, "");
  assert_usage_error (f, "no-such-command");
  assert_usage_error (f, "--no-such-option");
  assert_help (f, "");

  for (guint i = 0; i < commands->len; i++)
    {
      const Command *command = g_ptr_array_index (commands, i);
      g_autofree char *bad_option = g_strconcat (command->words, " --no-such-option", NULL);
      g_autofree char *bad_argument = g_strconcat (command->words, " no-such-thing", NULL);

      assert_help (f, command->words);
      assert_usage_error (f, bad_option);
      if (command->has_subcommands)
        assert_usage_error (f, bad_argument);
      if (command->has_subcommands && !command->has_default)
        assert_usage_error (f, command->words);
      else if (!g_str_equal (command->words, "ports"))
        {
          /* Run as it is (without a NAME, --profile, …), a command either
           * does its work or fails as a usage error; "ports" alone would
           * say hello on this computer's serial ports. */
          g_autofree char *out = NULL;
          g_autofree char *err = NULL;

          if (run_words (f, command->words, &out, &err) == 2 && *out != '\0')
            g_error ("salvectl %s: a usage error printed to stdout: %s", command->words, out);
        }
    }
}

static char *
read_contract (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "salvectl.md", NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* The section of docs/salvectl.md that starts with the line @heading, up
 * to the next heading of its level or above. */
static char *
contract_section (const char *contract,
                  const char *heading)
{
  const char *start = strstr (contract, heading);
  const char *end;

  if (start == NULL)
    g_error ("docs/salvectl.md has no “%s”", heading);
  end = strstr (start + strlen (heading), "\n## ");
  if (g_str_has_prefix (heading + (*heading == '\n'), "### "))
    {
      const char *next = strstr (start + strlen (heading), "\n### ");

      if (next != NULL && (end == NULL || next < end))
        end = next;
    }

  return end != NULL ? g_strndup (start, end - start) : g_strdup (start);
}

/* The long options in @text ("--json", …) as a set of names without the
 * dashes; with @at_line_start, only those that start a line of a help
 * ("  --at=TIME  …", "  -y, --yes  …"), never --help. */
static GHashTable *
collect_options (const char *text,
                 gboolean    at_line_start)
{
  g_autoptr(GRegex) regex = g_regex_new (at_line_start ? "^ +(?:-[a-zA-Z?], )?--([a-z][a-z0-9-]*)"
                                                       : "--([a-z][a-z0-9-]*)",
                                         G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GHashTable *options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      char *name = g_match_info_fetch (match, 1);

      if (g_str_has_prefix (name, "help"))
        g_free (name);
      else
        g_hash_table_add (options, name);
      g_match_info_next (match, NULL);
    }

  return options;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @a that are not in @b, sorted, as "--x, --y". */
static char *
missing_from (GHashTable *a,
              GHashTable *b)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (!g_hash_table_contains (b, name))
      g_ptr_array_add (names, name);
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (text, "%s--%s", i > 0 ? ", " : "", (char *) g_ptr_array_index (names, i));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Issue: --help showed options the contract never named (ports --also,
 * check --json, diary add --success, …). docs/salvectl.md lists every
 * command's options in one table; it must hold exactly what each --help
 * shows, and each option must be told of elsewhere in the contract too. */
static void
test_options_documented (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) commands = list_commands (f);
  g_autofree char *contract = read_contract ();
  g_autofree char *section = contract_section (contract, "\n## Every option of every command\n");
  const char *at = strstr (contract, section);
  g_autofree char *before = g_strndup (contract, at - contract);
  g_autofree char *rest = g_strconcat (before, at + strlen (section), NULL);
  g_autoptr(GHashTable) told = collect_options (rest, FALSE);
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) g_hash_table_unref);
  g_auto(GStrv) lines = g_strsplit (section, "\n", -1);
  g_autoptr(GString) problems = g_string_new (NULL);
  GHashTableIter iter;
  gpointer name;

  /* | `diary add` | `--profile`, `--pain`, … |; salvectl's own options
   * are the row of `salvectl`. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = NULL;
      g_autofree char *command = NULL;
      const char *tick;

      if (!g_str_has_prefix (lines[i], "| `"))
        continue;
      cells = g_strsplit (lines[i], "|", -1);
      g_assert_cmpuint (g_strv_length (cells), ==, 4);
      tick = strchr (cells[1] + 2, '`');
      command = g_strndup (cells[1] + 2, tick - (cells[1] + 2));
      if (g_str_equal (command, "salvectl"))
        *command = '\0';
      if (g_hash_table_contains (rows, command))
        g_string_append_printf (problems, "`%s` has two rows\n", command);
      g_hash_table_replace (rows, g_steal_pointer (&command), collect_options (cells[2], FALSE));
    }

  for (guint i = 0; i <= commands->len; i++)
    {
      const Command *command = i < commands->len ? g_ptr_array_index (commands, i) : NULL;
      const char *words = command != NULL ? command->words : "";
      g_autofree char *help = NULL;
      g_autoptr(GHashTable) shown = NULL;
      GHashTable *listed;
      g_autofree char *undocumented = NULL;
      g_autofree char *not_taken = NULL;

      if (command != NULL && command->has_subcommands)
        continue;
      help = help_of (f, words);
      shown = collect_options (help, TRUE);
      listed = g_hash_table_lookup (rows, words);
      if (listed == NULL)
        {
          g_string_append_printf (problems, "salvectl %s has no row\n", words);
          continue;
        }
      undocumented = missing_from (shown, listed);
      not_taken = missing_from (listed, shown);
      if (*undocumented != '\0')
        g_string_append_printf (problems, "salvectl %s --help shows %s, its row does not\n", words, undocumented);
      if (*not_taken != '\0')
        g_string_append_printf (problems, "the row of salvectl %s has %s, which it does not take\n", words, not_taken);
      g_hash_table_remove (rows, words);
    }

  /* The rows left name no command. */
  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_string_append_printf (problems, "`%s` has a row but is no command of salvectl --help\n", (char *) name);

  {
    g_autoptr(GHashTable) all = collect_options (section, FALSE);
    g_autofree char *untold = missing_from (all, told);

    if (*untold != '\0')
      g_string_append_printf (problems, "the contract names %s only in the table\n", untold);
  }

  if (problems->len > 0)
    g_error ("docs/salvectl.md and --help disagree:\n%s", problems->str);
}

/* What a JSON value is, in the words of docs/salvectl.md's JSON output. */
static const char *
json_type_of (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "object";
    case JSON_NODE_ARRAY:
      return "array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return "integer";
    case G_TYPE_DOUBLE:
      return "number";
    case G_TYPE_BOOLEAN:
      return "boolean";
    case G_TYPE_STRING:
      return "string";
    default:
      g_assert_not_reached ();
    }
}

/* Each member of @node under @path ("conditions.pacemaker.answer",
 * "findings[].rule"; an array's values that are no objects as
 * "warnings[]"), with its type, into @members (path → "type"; a path
 * seen with two types keeps both, "string null"), and each string value
 * into @strings (path → array of values). */
static void
flatten_json (JsonNode    *node,
              const char  *path,
              GHashTable  *members,
              GHashTable  *strings)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      GPtrArray *values = g_hash_table_lookup (strings, path);

      if (values == NULL)
        {
          values = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (strings, g_strdup (path), values);
        }
      g_ptr_array_add (values, g_strdup (json_node_get_string (node)));
    }

  if (*path != '\0')
    {
      const char *seen = g_hash_table_lookup (members, path);
      const char *type = json_type_of (node);

      if (seen == NULL)
        g_hash_table_insert (members, g_strdup (path), g_strdup (type));
      else
        {
          g_auto(GStrv) types = g_strsplit (seen, " ", -1);

          if (!g_strv_contains ((const char * const *) types, type))
            g_hash_table_insert (members, g_strdup (path), g_strconcat (seen, " ", type, NULL));
        }
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *child;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &child))
        {
          g_autofree char *child_path = *path != '\0' ? g_strconcat (path, ".", name, NULL) : g_strdup (name);

          flatten_json (child, child_path, members, strings);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autofree char *element_path = g_strconcat (path, "[]", NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          /* The members of an array's objects; the root array's are
           * named as they are ("id"). */
          if (JSON_NODE_HOLDS_OBJECT (element))
            {
              JsonObjectIter iter;
              const char *name;
              JsonNode *child;

              json_object_iter_init (&iter, json_node_get_object (element));
              while (json_object_iter_next (&iter, &name, &child))
                {
                  g_autofree char *child_path = *path != '\0' ? g_strconcat (element_path, ".", name, NULL)
                                                              : g_strdup (name);

                  flatten_json (child, child_path, members, strings);
                }
            }
          else
            flatten_json (element, element_path, members, strings);
        }
    }
}

/* Whether the documented @pattern ("adherence.MODALITY.times[]") names
 * @path ("adherence.tens.times[]"): a word in capitals stands for any
 * key. */
static gboolean
path_matches (const char *pattern,
              const char *path)
{
  g_auto(GStrv) want = g_strsplit (pattern, ".", -1);
  g_auto(GStrv) have = g_strsplit (path, ".", -1);

  if (g_strv_length (want) != g_strv_length (have))
    return FALSE;
  for (guint i = 0; want[i] != NULL; i++)
    {
      gboolean placeholder = *want[i] != '\0' && strspn (want[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == strlen (want[i]);

      if (placeholder ? strstr (have[i], "[]") != NULL : !g_str_equal (want[i], have[i]))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  char       *path;
  GStrv       types;   /* "string", "integer", …; "text" counts as "string" */
  const char *form;    /* a regular expression its strings match, or NULL */
  GStrv       values;  /* the only strings it may hold, or NULL */
  gboolean    seen;
} Member;

static void
member_free (Member *member)
{
  g_free (member->path);
  g_strfreev (member->types);
  g_strfreev (member->values);
  g_free (member);
}

/* The table of `### `@command --json`` in docs/salvectl.md. */
static GPtrArray *
documented_members (const char *contract,
                    const char *command)
{
  g_autofree char *heading = g_strdup_printf ("\n### `%s --json`\n", command);
  g_autofree char *section = contract_section (contract, heading);
  g_auto(GStrv) lines = g_strsplit (section, "\n", -1);
  GPtrArray *members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  static const char * const known[] = { "string", "text", "integer", "number", "boolean", "null", "object",
                                        "array", "any", NULL };

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = NULL;
      Member *member;

      if (!g_str_has_prefix (lines[i], "| `"))
        continue;
      cells = g_strsplit (lines[i], " | ", -1);
      g_assert_cmpuint (g_strv_length (cells), ==, 3);
      member = g_new0 (Member, 1);
      member->path = g_strndup (cells[0] + 3, strlen (cells[0]) - 4);
      member->types = g_strsplit (cells[1], " or ", -1);
      /* "a date: …", "a time: …": never "" or another form. */
      if (g_str_has_prefix (cells[2], "a date"))
        member->form = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
      else if (g_str_has_prefix (cells[2], "a time"))
        member->form = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$";
      /* "`yes`, `no` or `unknown` (…)": a cell that starts with values
       * names all it may hold, up to a "(" or ";". */
      if (cells[2][0] == '`')
        {
          g_autofree char *list = g_strndup (cells[2], strcspn (cells[2], "(;"));
          g_auto(GStrv) parts = g_strsplit (list, "`", -1);
          g_autoptr(GStrvBuilder) values = g_strv_builder_new ();

          for (guint p = 1; parts[p] != NULL; p += 2)
            g_strv_builder_add (values, parts[p]);
          member->values = g_strv_builder_end (values);
        }
      for (guint t = 0; member->types[t] != NULL; t++)
        {
          if (!g_strv_contains (known, member->types[t]))
            g_error ("docs/salvectl.md, %s --json, %s: “%s” is no type of the JSON output", command,
                     member->path, member->types[t]);
          if (g_str_equal (member->types[t], "text"))
            {
              g_free (member->types[t]);
              member->types[t] = g_strdup ("string");
            }
        }
      g_ptr_array_add (members, member);
    }

  g_assert_cmpuint (members->len, >, 0);
  return members;
}

/* Checks each of @outputs (JSON documents @command printed) against the
 * contract's table for it: every member printed is there with its type,
 * and every member there was printed by one of them. */
static void
check_json_documented (const char  *contract,
                       const char  *command,
                       GPtrArray   *outputs,
                       GString     *problems)
{
  g_autoptr(GPtrArray) documented = documented_members (contract, command);
  g_autoptr(GHashTable) printed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GList) paths = NULL;

  for (guint i = 0; i < outputs->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, g_ptr_array_index (outputs, i), -1, &error);
      g_assert_no_error (error);
      flatten_json (json_parser_get_root (parser), "", printed, strings);
    }

  paths = g_list_sort (g_hash_table_get_keys (printed), (GCompareFunc) g_strcmp0);
  for (GList *l = paths; l != NULL; l = l->next)
    {
      g_auto(GStrv) types = g_strsplit (g_hash_table_lookup (printed, l->data), " ", -1);
      Member *member = NULL;

      for (guint m = 0; m < documented->len && member == NULL; m++)
        if (path_matches (((Member *) g_ptr_array_index (documented, m))->path, l->data))
          member = g_ptr_array_index (documented, m);
      if (member == NULL)
        {
          g_string_append_printf (problems, "%s --json prints %s, which its table lacks\n", command,
                                  (char *) l->data);
          continue;
        }
      member->seen = TRUE;
      if (member->form != NULL && g_hash_table_contains (strings, l->data))
        {
          GPtrArray *values = g_hash_table_lookup (strings, l->data);

          for (guint v = 0; v < values->len; v++)
            if (!g_regex_match_simple (member->form, g_ptr_array_index (values, v), 0, 0))
              g_string_append_printf (problems, "%s --json prints %s as “%s”, not as its table says\n", command,
                                      (char *) l->data, (char *) g_ptr_array_index (values, v));
        }
      if (member->values != NULL && g_hash_table_contains (strings, l->data))
        {
          GPtrArray *values = g_hash_table_lookup (strings, l->data);

          for (guint v = 0; v < values->len; v++)
            if (!g_strv_contains ((const char * const *) member->values, g_ptr_array_index (values, v)))
              g_string_append_printf (problems, "%s --json prints %s as “%s”, which its table does not list\n",
                                      command, (char *) l->data, (char *) g_ptr_array_index (values, v));
        }
      for (guint t = 0; types[t] != NULL; t++)
        if (!g_strv_contains ((const char * const *) member->types, types[t]) &&
            !g_strv_contains ((const char * const *) member->types, "any"))
          {
            g_autofree char *said = g_strjoinv (" or ", member->types);

            g_string_append_printf (problems, "%s --json prints %s as %s, its table says %s\n", command,
                                    (char *) l->data, types[t], said);
          }
    }

  for (guint m = 0; m < documented->len; m++)
    if (!((Member *) g_ptr_array_index (documented, m))->seen)
      g_string_append_printf (problems, "the table of %s --json has %s, which it never printed\n", command,
                              ((Member *) g_ptr_array_index (documented, m))->path);
}

/* Runs salvectl --db f->db with the NULL-terminated arguments and adds
 * its stdout to @outputs; @exit_codes are those it may end with. */
static void
add_output (Fixture    *f,
            GPtrArray  *outputs,
            guint       exit_codes,
            const char *first_arg,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list ap;
  int rc;

  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, f->db);
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  rc = salve_test_run_salvectlv (&out, &err, (const char * const *) argv->pdata);
  if (rc < 0 || !(exit_codes & (1u << rc)))
    g_error ("salvectl %s %s: exit %d; stderr: %s", (char *) argv->pdata[2], (char *) argv->pdata[3], rc, err);
  g_ptr_array_add (outputs, out);
}

#define EXIT(n) (1u << (n))

static void
run_ok (Fixture    *f,
        const char *words)
{
  g_autofree char *err = NULL;

  if (run_words (f, words, NULL, &err) != 0)
    g_error ("salvectl %s failed: %s", words, err);
}

/* A profile with a bit of everything a JSON output can show: answers with
 * and without a place, devices, the demo diary with its sessions and
 * medication, a session on a registered device with acknowledgements, a
 * fault, side effects and a skin check, a care plan whose start moved,
 * with a schedule, a warning sign and an activity target. */
static void
make_everything (Fixture *f)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "..", "bench", "make-demo-diary", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) month_ago = g_date_time_add_days (now, -30);
  g_autoptr(GDateTime) moved = g_date_time_add_days (now, -29);
  g_autofree char *start = g_date_time_format (month_ago, "%Y-%m-%d");
  g_autofree char *new_start = g_date_time_format (moved, "%Y-%m-%d");
  g_autofree char *plan_set = g_strdup_printf ("plan set --profile Anna --start %s --site lower-back "
                                               "--complaint back --therapist Mia", start);
  g_autofree char *plan_move = g_strdup_printf ("plan set --profile Anna --start %s", new_start);
  const char *argv[] = { "python3", script, g_getenv ("SALVECTL"), f->db, "Anna", NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  run_ok (f, "profile set Anna --condition pacemaker=no --condition malignancy=yes@knee "
             "--condition broken-skin=unknown --answered-by Mia --ceiling-ma 30");
  run_ok (f, "devices add Pen --modality laser --max-power-mw 100 --wavelength-nm 808 --beam-cm2 0.5");
  run_ok (f, "devices add Unit --modality tens --model SEM --port /dev/ttyUSB7 --max-intensity-ma 40 "
             "--electrode-cm2 25");
  run_ok (f, plan_set);
  run_ok (f, plan_move);
  run_ok (f, "plan schedule --profile Anna --modality tens --at 08:00 --at 20:00");
  run_ok (f, "diary add --profile Anna --pain 4 --weakness --note stairs --activity walking=30");
  run_ok (f, "profile add Bo");

  {
    g_autoptr(SalveDb) db = salve_db_open (f->db, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (db, "Anna", &error);
    g_autoptr(SalveDevice) pen = salve_device_repo_find_by_name (db, "Pen", &error);
    g_autoptr(SalveSession) session = salve_session_new (SALVE_MODALITY_LASER, SALVE_SITE_ELBOW);
    const char * const effects[] = { "warmth", NULL };
    SalveActivityTarget walking = { "walking", { 0 }, 100, 10 };
    gint64 id;

    g_assert_no_error (error);
    salve_session_set_profile_id (session, salve_profile_get_id (anna));
    salve_session_set_device_name (session, pen->name);
    salve_session_set_device_id (session, pen->id);
    salve_session_set_program (session, "3");
    salve_session_set_param (session, "power-mw", 100);
    salve_session_set_param (session, "dose-j", 4);
    salve_session_set_planned_minutes (session, 40.0 / 60);
    salve_session_set_pain_before (session, 6);
    g_assert_true (salve_session_repo_create (db, session, &error));
    id = salve_session_get_id (session);
    g_assert_true (salve_session_repo_mark_started (db, id, NULL, &error));
    g_assert_true (salve_session_repo_log (db, id, SALVE_SESSION_EVENT_CAUTION_ACKNOWLEDGED, 0,
                                           "laser-eye-protection", "Mia", &error));
    g_assert_true (salve_session_repo_log (db, id, SALVE_SESSION_EVENT_FAULT, 1000,
                                           "The device reports a fault", "", &error));
    g_assert_true (salve_session_repo_finish (db, id, SALVE_SESSION_OUTCOME_STOPPED, "user", NULL, &error));
    salve_session_set_pain_after (session, 4);
    salve_session_set_side_effects (session, effects);
    salve_session_set_skin_check (session, "red");
    salve_session_set_note (session, "warm");
    g_assert_true (salve_session_repo_update_after (db, session, &error));

    g_date_clear (&walking.baseline_week, 1);
    g_date_set_dmy (&walking.baseline_week, g_date_time_get_day_of_month (moved),
                    g_date_time_get_month (moved), g_date_time_get_year (moved));
    g_assert_true (salve_care_plan_repo_set_target (db, salve_profile_get_id (anna), &walking, &error));
    g_assert_no_error (error);
  }
}

/* Issue: session list's program, planned_minutes and the reason "user",
 * devices list, ports and check --json were not (or not wholly) in the
 * contract. docs/salvectl.md has a table of every --json output; what
 * each command prints must be exactly that, member by member and type by
 * type, over a database with a bit of everything. */
static void
test_json_documented (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *contract = read_contract ();
  g_autoptr(GPtrArray) commands = list_commands (f);
  g_autoptr(GString) problems = g_string_new (NULL);
  const char * const sim_args[] = { NULL };
  SalveTestSim *sim;
  struct {
    const char *command;
    GPtrArray  *outputs;
  } runs[] = {
    { "profile list" }, { "profile show" }, { "devices list" }, { "ports" }, { "check" },
    { "session list" }, { "diary list" }, { "diary stats" }, { "medication list" }, { "plan status" },
  };

  make_everything (f);
  for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
    runs[r].outputs = g_ptr_array_new_with_free_func (g_free);

  add_output (f, runs[0].outputs, EXIT (0), "profile", "list", "--json", NULL);
  add_output (f, runs[1].outputs, EXIT (0), "profile", "show", "Anna", "--json", NULL);
  add_output (f, runs[2].outputs, EXIT (0), "devices", "list", "--json", NULL);
  sim = salve_test_sim_start (sim_args);
  add_output (f, runs[3].outputs, EXIT (0), "ports", "--no-list", "--also", sim->pty, "--also",
              "/nonexistent/port", "--json", NULL);
  salve_test_sim_free (sim);
  add_output (f, runs[4].outputs, EXIT (0) | EXIT (3) | EXIT (4), "check", "--modality", "tens", "--site", "knee",
              "--profile", "Anna", "--intensity-ma", "20", "--minutes", "30", "--json", NULL);
  add_output (f, runs[5].outputs, EXIT (0), "session", "list", "--profile", "Anna", "--json", NULL);
  add_output (f, runs[6].outputs, EXIT (0), "diary", "list", "--profile", "Anna", "--json", NULL);
  add_output (f, runs[7].outputs, EXIT (0), "diary", "stats", "--profile", "Anna", "--json", NULL);
  add_output (f, runs[7].outputs, EXIT (0), "diary", "stats", "--profile", "Anna", "--region", "neck", "--json",
              NULL);
  /* Issue: with no entry, course_start was "", where every other date
   * that is not there is null. */
  add_output (f, runs[7].outputs, EXIT (0), "diary", "stats", "--profile", "Bo", "--json", NULL);
  add_output (f, runs[8].outputs, EXIT (0), "medication", "list", "--profile", "Anna", "--json", NULL);
  add_output (f, runs[9].outputs, EXIT (0), "plan", "status", "--profile", "Anna", "--json", NULL);

  for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
    {
      check_json_documented (contract, runs[r].command, runs[r].outputs, problems);
      g_ptr_array_unref (runs[r].outputs);
    }

  /* Every command that takes --json has its table, and each table is
   * one of a command checked above. */
  for (guint i = 0; i < commands->len; i++)
    {
      const Command *command = g_ptr_array_index (commands, i);
      g_autofree char *help = NULL;
      g_autoptr(GHashTable) options = NULL;
      g_autofree char *heading = NULL;
      gboolean checked = FALSE;

      if (command->has_subcommands)
        continue;
      help = help_of (f, command->words);
      options = collect_options (help, TRUE);
      heading = g_strdup_printf ("\n### `%s --json`\n", command->words);
      for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
        checked |= g_str_equal (runs[r].command, command->words);
      if (g_hash_table_contains (options, "json") != (strstr (contract, heading) != NULL))
        g_string_append_printf (problems, "salvectl %s %s --json, and the contract %s a table for it\n",
                                command->words, g_hash_table_contains (options, "json") ? "takes" : "does not take",
                                strstr (contract, heading) != NULL ? "has" : "has no");
      else if (g_hash_table_contains (options, "json") && !checked)
        g_string_append_printf (problems, "this test does not check %s --json\n", command->words);
    }

  if (problems->len > 0)
    g_error ("the --json outputs and docs/salvectl.md disagree:\n%s", problems->str);
}

/* Issue: a backup stopped by a file size limit (ulimit -f; salvectl
 * ignores SIGXFSZ, so the write fails with EFBIG) said only "disk I/O
 * error". It says the file could not be written because of the limit,
 * as every file salvectl writes does, and leaves no partial backup: an
 * older one stays as it was, and no temporary file is left beside it. */
static void
test_backup_file_size_limit (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "..", "bench", "make-demo-diary", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "backups", NULL);
  g_autofree char *out_path = g_build_filename (folder, "copy.db", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *demo[] = { "python3", script, g_getenv ("SALVECTL"), f->db, "Anna", NULL };
  /* 100 blocks of 512 or 1024 bytes, as the shell counts them: far less
   * than the demo diary's database. */
  const char *limited[] = { "/bin/sh", "-c", "ulimit -f 100 && exec \"$@\"", "sh", g_getenv ("SALVECTL"),
                            "--db", f->db, "backup", "--out", out_path, NULL };
  const char *name;
  int status = -1;

  g_spawn_sync (NULL, (char **) demo, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (f->db, &st), ==, 0);
    g_assert_cmpint (st.st_size, >, 150 * 1024);
  }
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (out_path, "an older backup", -1, NULL));

  g_spawn_sync (NULL, (char **) limited, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_cmpstr (out, ==, "");
  expected = g_strdup_printf ("salvectl: Could not write “%s”: The file is too large: a file size limit was reached\n",
                              out_path);
  g_assert_cmpstr (err, ==, expected);

  g_assert_true (g_file_get_contents (out_path, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "an older backup");
  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_cmpstr (name, ==, "copy.db");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/contract/usage-errors", Fixture, NULL, fixture_set_up, test_usage_errors, fixture_tear_down);
  g_test_add ("/cli/contract/options-documented", Fixture, NULL, fixture_set_up, test_options_documented,
              fixture_tear_down);
  g_test_add ("/cli/contract/json-documented", Fixture, NULL, fixture_set_up, test_json_documented,
              fixture_tear_down);
  g_test_add ("/cli/contract/backup-file-size-limit", Fixture, NULL, fixture_set_up, test_backup_file_size_limit,
              fixture_tear_down);

  return g_test_run ();
}
