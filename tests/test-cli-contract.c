/* test-cli-contract.c: salvectl against its contract, docs/salvectl.md
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

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
  if (strncmp (heading, "### ", 4) == 0)
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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/contract/usage-errors", Fixture, NULL, fixture_set_up, test_usage_errors, fixture_tear_down);
  g_test_add ("/cli/contract/options-documented", Fixture, NULL, fixture_set_up, test_options_documented,
              fixture_tear_down);

  return g_test_run ();
}
