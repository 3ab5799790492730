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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/contract/usage-errors", Fixture, NULL, fixture_set_up, test_usage_errors, fixture_tear_down);

  return g_test_run ();
}
