/* salvectl-profile.c: salvectl profile add|list|show|set
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "salve-condition-repo.h"
#include "salve-profile-repo.h"
#include "salvectl-private.h"

static JsonNode *
profile_to_json (gpointer item)
{
  SalveProfile *profile = item;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, salve_profile_get_id (profile));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, salve_profile_get_name (profile));
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, salve_profile_get_created_at (profile));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const SalveConditionAnswer *
find_row (GPtrArray      *rows,
          SalveCondition  condition)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const SalveConditionAnswer *row = g_ptr_array_index (rows, i);

      if (row->condition == condition)
        return row;
    }

  return NULL;
}

static int
runtime_or_missing (GError *error)
{
  g_printerr ("salvectl: %s\n", error->message);

  return SALVECTL_EXIT_RUNTIME;
}

static int
profile_add (Salvectl  *ctl,
             int        argc,
             char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME — add a profile"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  SalveDb *db;

  if (!salvectl_parse_options (context, &argc, &argv))
    return SALVECTL_EXIT_USAGE;

  if (argc != 2)
    return salvectl_usage_error (_("profile add needs exactly one NAME"));

  if (!salve_profile_name_is_valid (argv[1], &error))
    return salvectl_usage_error ("%s", error->message);

  if (!(db = salvectl_get_db (ctl)))
    return SALVECTL_EXIT_RUNTIME;

  profile = salve_profile_repo_add (db, argv[1], &error);
  if (profile == NULL)
    {
      g_printerr ("salvectl: %s\n", error->message);
      return g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS)
        ? SALVECTL_EXIT_BLOCKED : SALVECTL_EXIT_RUNTIME;
    }

  g_print (_("Added profile “%s”.\n"), salve_profile_get_display_name (profile));
  return SALVECTL_EXIT_OK;
}

static int
profile_list (Salvectl  *ctl,
              int        argc,
              char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the profiles"));
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  SalveDb *db;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!salvectl_parse_options (context, &argc, &argv))
    return SALVECTL_EXIT_USAGE;

  if (argc != 1)
    return salvectl_usage_error (_("profile list takes no arguments"));

  if (!(db = salvectl_get_db (ctl)))
    return SALVECTL_EXIT_RUNTIME;

  profiles = salve_profile_repo_list (db, &error);
  if (profiles == NULL)
    return salvectl_runtime_error ("%s", error->message);

  if (json)
    {
      salvectl_print_json_array (profiles, profile_to_json);
      return SALVECTL_EXIT_OK;
    }

  for (guint i = 0; i < profiles->len; i++)
    g_print ("%s\n", salve_profile_get_display_name (g_ptr_array_index (profiles, i)));

  return SALVECTL_EXIT_OK;
}

static int
profile_show (Salvectl  *ctl,
              int        argc,
              char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME — show a profile"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  SalveProfileAnswers answers;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  SalveDb *db;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!salvectl_parse_options (context, &argc, &argv))
    return SALVECTL_EXIT_USAGE;

  if (argc != 2)
    return salvectl_usage_error (_("profile show needs exactly one NAME"));

  if (!(db = salvectl_get_db (ctl)))
    return SALVECTL_EXIT_RUNTIME;

  profile = salve_profile_repo_find_by_name (db, argv[1], &error);
  if (profile == NULL)
    return runtime_or_missing (error);

  if (!salve_condition_repo_load (db, salve_profile_get_id (profile), &answers, &error) ||
      !(rows = salve_condition_repo_list (db, salve_profile_get_id (profile), &error)))
    return salvectl_runtime_error ("%s", error->message);

  if (json)
    {
      g_autoptr(JsonNode) node = profile_to_json (profile);
      JsonObject *object = json_node_get_object (node);
      JsonObject *conditions = json_object_new ();

      if (isnan (answers.intensity_ceiling_ma))
        json_object_set_null_member (object, "ceiling_ma");
      else
        json_object_set_double_member (object, "ceiling_ma", answers.intensity_ceiling_ma);

      for (guint i = 0; i < SALVE_N_CONDITIONS; i++)
        {
          JsonObject *entry = json_object_new ();
          const SalveConditionAnswer *row = find_row (rows, i);

          json_object_set_string_member (entry, "answer", salve_answer_to_id (answers.answers[i]));
          if (answers.sites[i] < SALVE_N_SITES)
            json_object_set_string_member (entry, "site", salve_site_to_id (answers.sites[i]));
          if (row != NULL)
            {
              json_object_set_string_member (entry, "answered_by", row->answered_by);
              json_object_set_string_member (entry, "answered_at", row->answered_at);
            }
          json_object_set_object_member (conditions, salve_condition_to_id (i), entry);
        }
      json_object_set_object_member (object, "conditions", conditions);
      salvectl_print_json (node);
      return SALVECTL_EXIT_OK;
    }

  g_print (_("Name: %s\n"), salve_profile_get_display_name (profile));
  g_print (_("Created: %s\n"), salve_profile_get_created_at (profile));
  if (isnan (answers.intensity_ceiling_ma))
    g_print (_("Intensity ceiling: none\n"));
  else
    g_print (_("Intensity ceiling: %g mA\n"), answers.intensity_ceiling_ma);
  g_print (_("Checklist:\n"));
  for (guint i = 0; i < SALVE_N_CONDITIONS; i++)
    {
      const SalveConditionAnswer *row = find_row (rows, i);
      g_autofree char *value = NULL;

      /* ids and answers as on the command line (ANSWER@PLACE in one
       * piece), so they can be pasted back */
      value = g_strconcat (salve_answer_to_id (answers.answers[i]), answers.sites[i] < SALVE_N_SITES ? "@" : "",
                           answers.sites[i] < SALVE_N_SITES ? salve_site_to_id (answers.sites[i]) : "", NULL);
      g_print ("  %-18s %-20s ", salve_condition_to_id (i), value);
      if (row == NULL)
        g_print (_("not answered yet\n"));
      else if (*row->answered_by != '\0')
        g_print (_("answered by %s, %s\n"), row->answered_by, row->answered_at);
      else
        g_print (_("answered %s\n"), row->answered_at);
    }

  return SALVECTL_EXIT_OK;
}

static int
profile_set (Salvectl  *ctl,
             int        argc,
             char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME --condition ID=yes|no|unknown … — answer checklist questions"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) conditions = NULL;
  g_autofree char *answered_by = NULL;
  g_autofree char *ceiling_text = NULL;
  const GOptionEntry entries[] = {
    { "condition", 0, 0, G_OPTION_ARG_STRING_ARRAY, &conditions, N_("An answer: ID=yes|no|unknown, optionally @SITE for where (e.g. malignancy=yes@knee); repeat for more"), N_("ID=ANSWER") },
    { "answered-by", 0, 0, G_OPTION_ARG_STRING, &answered_by, N_("Who gave the answers"), N_("NAME") },
    { "ceiling-ma", 0, 0, G_OPTION_ARG_STRING, &ceiling_text, N_("The profile’s intensity ceiling in mA, or “none”"), N_("MA") },
    { NULL }
  };
  SalveProfileAnswers given;
  gboolean named[SALVE_N_CONDITIONS] = { FALSE };
  double ceiling = NAN;
  SalveDb *db;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!salvectl_parse_options (context, &argc, &argv))
    return SALVECTL_EXIT_USAGE;

  if (argc != 2)
    return salvectl_usage_error (_("profile set needs exactly one NAME"));

  if (conditions == NULL && ceiling_text == NULL)
    return salvectl_usage_error (_("profile set needs at least one --condition ID=yes|no|unknown or --ceiling-ma"));

  /* Validate everything before writing anything. */
  salve_profile_answers_init (&given, SALVE_ANSWER_UNKNOWN);
  for (guint i = 0; conditions && conditions[i]; i++)
    {
      SalveCondition condition;
      g_auto(GStrv) at = g_strsplit (conditions[i], "@", 2);
      g_auto(GStrv) kv = g_strsplit (at[0], "=", 2);

      /* Unknown ids are reported (with the valid ones) by the parser. */
      if (!salvectl_parse_condition (conditions[i], SALVE_ANSWER_UNKNOWN, &given))
        return SALVECTL_EXIT_USAGE;
      if (!salve_condition_from_id (kv[0], &condition))
        g_assert_not_reached ();
      /* An answer is never implied: "pregnancy" alone could mean yes. */
      if (kv[1] == NULL)
        return salvectl_usage_error (_("--condition %s needs an answer: %s=yes, %s=no or %s=unknown"),
                                     kv[0], kv[0], kv[0], kv[0]);
      /* A question has one answer and one place: a second place would
       * take the first's, and a "no" at one place clears them all. */
      if (named[condition])
        return salvectl_usage_error (_("--condition %s is given twice. A question has one answer; for more than one "
                                       "place, answer %s=yes without a place: it then counts everywhere."),
                                     kv[0], kv[0]);
      if (at[1] != NULL && !salve_condition_is_local (condition))
        return salvectl_usage_error (_("--condition %s takes no place: it counts wherever the treatment goes."), kv[0]);
      if (at[1] != NULL && given.answers[condition] == SALVE_ANSWER_NO)
        return salvectl_usage_error (_("--condition %s=no takes no place: a no counts everywhere. Answer %s=yes@PLACE "
                                       "for where it is."), kv[0], kv[0]);
      named[condition] = TRUE;
    }

  if (ceiling_text != NULL && !g_str_equal (ceiling_text, "none"))
    {
      if (!salvectl_parse_double ("--ceiling-ma", ceiling_text, 0, SALVE_MAX_INTENSITY_MA, &ceiling))
        return SALVECTL_EXIT_USAGE;
      if (!(ceiling > 0))
        return salvectl_usage_error (_("--ceiling-ma must be above 0 and at most 50 mA (or “none”)"));
    }

  if (!(db = salvectl_get_db (ctl)))
    return SALVECTL_EXIT_RUNTIME;

  profile = salve_profile_repo_find_by_name (db, argv[1], &error);
  if (profile == NULL)
    return runtime_or_missing (error);

  if (!salve_db_begin (db, &error))
    return salvectl_runtime_error ("%s", error->message);

  /* A place given where another was: the first is no longer kept, said so. */
  {
    SalveProfileAnswers before;

    salve_profile_answers_init (&before, SALVE_ANSWER_UNKNOWN);
    if (salve_condition_repo_load (db, salve_profile_get_id (profile), &before, NULL))
      for (guint i = 0; i < SALVE_N_CONDITIONS; i++)
        if (named[i] && before.answered[i] && before.answers[i] != SALVE_ANSWER_NO &&
            before.sites[i] < SALVE_N_SITES && given.answers[i] != SALVE_ANSWER_NO &&
            given.sites[i] < SALVE_N_SITES && given.sites[i] != before.sites[i])
          /* Translators: "note: malignancy held for Knee; it now holds for Shoulder only. …" */
          g_printerr (_("note: %s held for %s; it now holds for %s only. For both, answer %s=yes without a place "
                        "(anywhere).\n"),
                      salve_condition_to_id (i), salve_site_get_name (before.sites[i]),
                      salve_site_get_name (given.sites[i]), salve_condition_to_id (i));
  }

  for (guint i = 0; i < SALVE_N_CONDITIONS; i++)
    {
      if (!named[i])
        continue;
      if (!salve_condition_repo_set (db, salve_profile_get_id (profile), i, given.answers[i],
                                     given.sites[i], answered_by ? answered_by : "", &error))
        break;
    }

  if (error == NULL && ceiling_text != NULL)
    salve_condition_repo_set_ceiling (db, salve_profile_get_id (profile), ceiling, &error);

  if (error != NULL || !salve_db_commit (db, &error))
    {
      salve_db_rollback (db);
      return salvectl_runtime_error ("%s", error->message);
    }

  g_print (_("Saved the answers for “%s”.\n"), salve_profile_get_display_name (profile));
  return SALVECTL_EXIT_OK;
}

static int
profile_rename (Salvectl  *ctl,
                int        argc,
                char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("OLD NEW — rename a profile"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  SalveDb *db;

  if (!salvectl_parse_options (context, &argc, &argv))
    return SALVECTL_EXIT_USAGE;

  if (argc != 3)
    return salvectl_usage_error (_("profile rename needs the OLD and the NEW name"));

  if (!salve_profile_name_is_valid (argv[2], &error))
    return salvectl_usage_error ("%s", error->message);

  if (!(db = salvectl_get_db (ctl)))
    return SALVECTL_EXIT_RUNTIME;

  profile = salve_profile_repo_find_by_name (db, argv[1], &error);
  if (profile == NULL)
    return runtime_or_missing (error);

  if (!salve_profile_repo_rename (db, salve_profile_get_id (profile), argv[2], &error))
    {
      g_printerr ("salvectl: %s\n", error->message);
      return g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS)
        ? SALVECTL_EXIT_BLOCKED : SALVECTL_EXIT_RUNTIME;
    }

  g_print (_("Renamed “%s” to “%s”.\n"), salve_profile_get_display_name (profile), argv[2]);
  return SALVECTL_EXIT_OK;
}

/* Reads one line from stdin and says whether it was a yes. */
static gboolean
read_yes (void)
{
  char line[64];
  g_autofree char *answer = NULL;

  if (fgets (line, sizeof line, stdin) == NULL)
    return FALSE;

  answer = g_utf8_casefold (g_strstrip (line), -1);
  /* Both the English and, translated, the person's own word. */
  return g_str_equal (answer, "yes") || g_str_equal (answer, "y") ||
         g_str_equal (answer, C_("the answer that confirms a delete", "yes"));
}

static int
profile_delete (Salvectl  *ctl,
                int        argc,
                char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME — delete a profile and everything recorded for it"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  gboolean yes = FALSE;
  gint64 n_entries = 0, n_sessions = 0, n_medication = 0;
  const GOptionEntry entries[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Delete without asking (needed when not run on a terminal)"), NULL },
    { NULL }
  };
  SalveDb *db;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!salvectl_parse_options (context, &argc, &argv))
    return SALVECTL_EXIT_USAGE;

  if (argc != 2)
    return salvectl_usage_error (_("profile delete needs exactly one NAME"));

  /* A script must say so: nothing is deleted because stdin happened to
   * hold a "yes". */
  if (!yes && !isatty (STDIN_FILENO))
    return salvectl_usage_error (_("profile delete asks for confirmation on a terminal; without one, add --yes"));

  if (!(db = salvectl_get_db (ctl)))
    return SALVECTL_EXIT_RUNTIME;

  profile = salve_profile_repo_find_by_name (db, argv[1], &error);
  if (profile == NULL)
    return runtime_or_missing (error);

  if (!salve_profile_repo_count_records (db, salve_profile_get_id (profile), &n_entries, &n_sessions, &n_medication, &error))
    return salvectl_runtime_error ("%s", error->message);

  if (!yes)
    {
      /* Translators: "yes" is typed by the person; your own word for it
       * (the translation of "yes" in the context "the answer that
       * confirms a delete") is accepted too. */
      g_print (_("Delete “%s” with everything recorded for it (diary entries: %d, sessions: %d, "
                 "medication intakes: %d)? "
                 "This cannot be undone; “salvectl backup” makes a copy first. Type “yes” to delete: "),
               salve_profile_get_display_name (profile), (int) n_entries, (int) n_sessions, (int) n_medication);
      fflush (stdout);
      if (!read_yes ())
        {
          g_printerr (_("salvectl: nothing was deleted.\n"));
          return SALVECTL_EXIT_BLOCKED;
        }
    }

  if (!salve_profile_repo_delete (db, salve_profile_get_id (profile), &error))
    return salvectl_runtime_error ("%s", error->message);

  g_print (_("Deleted “%s” (diary entries: %d, sessions: %d, medication intakes: %d).\n"),
           salve_profile_get_display_name (profile), (int) n_entries, (int) n_sessions, (int) n_medication);
  return SALVECTL_EXIT_OK;
}

/* Further subcommands are added here as they land. */
static const SalvectlSubcommand subcommands[] = {
  { "add",  profile_add },
  { "list", profile_list },
  { "show", profile_show },
  { "set",  profile_set },
  { "rename", profile_rename },
  { "delete", profile_delete },
};

int
salvectl_cmd_profile (Salvectl  *ctl,
                      int        argc,
                      char     **argv)
{
  return salvectl_dispatch (ctl, argc, argv,
                            _("Usage:\n  salvectl profile add NAME\n  salvectl profile list [--json]\n  salvectl profile show NAME [--json]\n"
                              "  salvectl profile set NAME --condition ID=yes|no|unknown[@SITE] … [--answered-by WHO] [--ceiling-ma MA|none]\n"
                              "  salvectl profile rename OLD NEW\n  salvectl profile delete NAME [--yes]\n"),
                            subcommands, G_N_ELEMENTS (subcommands));
}
