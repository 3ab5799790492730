/* salvectl-profile.c: salvectl profile add|list|show
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-profile-repo.h"
#include "salvectl-private.h"

static JsonNode *
profile_to_json (SalveProfile *profile)
{
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

  g_print (_("Added profile “%s”.\n"), salve_profile_get_name (profile));
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
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autoptr(JsonArray) array = json_array_new ();

      for (guint i = 0; i < profiles->len; i++)
        json_array_add_element (array, profile_to_json (g_ptr_array_index (profiles, i)));
      json_node_set_array (root, array);
      salvectl_print_json (root);
      return SALVECTL_EXIT_OK;
    }

  for (guint i = 0; i < profiles->len; i++)
    g_print ("%s\n", salve_profile_get_name (g_ptr_array_index (profiles, i)));

  return SALVECTL_EXIT_OK;
}

static int
profile_show (Salvectl  *ctl,
              int        argc,
              char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME — show a profile"));
  g_autoptr(SalveProfile) profile = NULL;
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

  if (json)
    {
      g_autoptr(JsonNode) node = profile_to_json (profile);
      salvectl_print_json (node);
      return SALVECTL_EXIT_OK;
    }

  g_print (_("Name: %s\n"), salve_profile_get_name (profile));
  g_print (_("Created: %s\n"), salve_profile_get_created_at (profile));

  return SALVECTL_EXIT_OK;
}

typedef struct
{
  const char *name;
  int (*func) (Salvectl *ctl, int argc, char **argv);
} Subcommand;

/* Further subcommands (set) are added here as they land. */
static const Subcommand subcommands[] = {
  { "add",  profile_add },
  { "list", profile_list },
  { "show", profile_show },
};

int
salvectl_cmd_profile (Salvectl  *ctl,
                      int        argc,
                      char     **argv)
{
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      g_print (_("Usage:\n  salvectl profile add NAME\n  salvectl profile list [--json]\n  salvectl profile show NAME [--json]\n"));
      return argc < 2 ? SALVECTL_EXIT_USAGE : SALVECTL_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (subcommands[i].name, argv[1]))
      return subcommands[i].func (ctl, argc - 1, argv + 1);

  return salvectl_usage_error (_("Unknown profile command “%s”. Try “salvectl profile --help”."), argv[1]);
}
