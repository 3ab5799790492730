/* salvectl-util.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "salve-body-region.h"
#include "salve-json.h"
#include "salve-parse.h"
#include "salve-profile-repo.h"
#include "salvectl-private.h"

SalveDb *
salvectl_get_db (Salvectl *ctl)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (ctl->db != NULL)
    return ctl->db;

  path = salve_db_resolve_path (ctl->db_path);
  ctl->db = salve_db_open (path, &error);
  if (ctl->db == NULL)
    g_printerr ("salvectl: %s\n", error != NULL ? error->message : _("The database could not be opened."));

  return ctl->db;
}

G_GNUC_PRINTF (1, 0)
static void
print_message (const char *format,
               va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  g_printerr ("salvectl: %s\n", message);
}

SalveProfile *
salvectl_find_profile (SalveDb    *db,
                       const char *name)
{
  g_autoptr(GError) error = NULL;
  SalveProfile *profile = salve_profile_repo_find_by_name (db, name, &error);

  if (profile == NULL)
    g_printerr ("salvectl: %s\n", error->message);

  return profile;
}

int
salvectl_usage_error (const char *format,
                      ...)
{
  va_list args;

  va_start (args, format);
  print_message (format, args);
  va_end (args);

  return SALVECTL_EXIT_USAGE;
}

int
salvectl_runtime_error (const char *format,
                        ...)
{
  va_list args;

  va_start (args, format);
  print_message (format, args);
  va_end (args);

  return SALVECTL_EXIT_RUNTIME;
}

gboolean
salvectl_parse_double (const char *option,
                       const char *text,
                       double      min,
                       double      max,
                       double     *value)
{
  g_autoptr(GError) error = NULL;

  if (!salve_parse_double (text, min, max, value, &error))
    {
      salvectl_usage_error ("%s: %s", option, error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
salvectl_parse_int (const char *option,
                    const char *text,
                    gint64      min,
                    gint64      max,
                    gint64     *value)
{
  g_autoptr(GError) error = NULL;

  if (!salve_parse_int (text, min, max, value, &error))
    {
      salvectl_usage_error ("%s: %s", option, error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
salvectl_parse_region (const char *option,
                       const char *text,
                       int        *code)
{
  const char *id = salve_body_region_match_name (text);

  if (id == NULL)
    {
      g_autofree char *ids = salve_body_region_list_ids_string ();

      salvectl_usage_error (_("%s: “%s” is not a body region; use one of %s"), option, text, ids);
      return FALSE;
    }

  *code = salve_body_region_to_code (id);
  return TRUE;
}

gboolean
salvectl_parse_rating (const char *option,
                       const char *text,
                       int        *value)
{
  gint64 parsed;

  if (!salvectl_parse_int (option, text, 0, 10, &parsed))
    return FALSE;

  *value = (int) parsed;
  return TRUE;
}

gboolean
salvectl_parse_options (GOptionContext   *context,
                        int              *argc,
                        char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("salvectl: %s\n", error->message);
      g_printerr (_("Try “salvectl %s --help”.\n"), (*argv)[0]);
      return FALSE;
    }

  return TRUE;
}

gboolean
salvectl_parse_command (GOptionContext      *context,
                        const GOptionEntry  *entries,
                        int                 *argc,
                        char              ***argv,
                        char               **profile_name)
{
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!salvectl_parse_options (context, argc, argv))
    return FALSE;

  if (*argc != 1)
    {
      salvectl_usage_error (_("%s takes no arguments, only options"), (*argv)[0]);
      return FALSE;
    }
  if (profile_name != NULL && *profile_name == NULL)
    {
      salvectl_usage_error (_("%s needs --profile NAME"), (*argv)[0]);
      return FALSE;
    }

  return TRUE;
}

int
salvectl_dispatch (Salvectl                 *ctl,
                   int                       argc,
                   char                    **argv,
                   const char               *usage,
                   const SalvectlSubcommand *subcommands,
                   gsize                     n_subcommands)
{
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("%s", usage);
      return SALVECTL_EXIT_OK;
    }
  /* A usage error: the usage goes with the message to stderr, never to
   * the stdout a script reads its results from. */
  if (argc < 2)
    {
      /* Translators: %s is a command with subcommands, e.g. "diary" */
      salvectl_usage_error (_("No %s command given."), argv[0]);
      g_printerr ("%s", usage);
      return SALVECTL_EXIT_USAGE;
    }

  for (gsize i = 0; i < n_subcommands; i++)
    if (g_str_equal (subcommands[i].name, argv[1]))
      {
        g_autofree char *name = g_strdup_printf ("%s %s", argv[0], argv[1]);
        char *given = argv[1];
        int ret;

        argv[1] = name;
        ret = subcommands[i].func (ctl, argc - 1, argv + 1);
        argv[1] = given;
        return ret;
      }

  return salvectl_usage_error (_("Unknown %s command “%s”. Try “salvectl %s --help”."), argv[0], argv[1], argv[0]);
}

void
salvectl_print_json (JsonNode *node)
{
  g_autofree char *text = salve_json_to_data (node, NULL);

  /* As the bytes are: JSON is UTF-8 in every locale. g_print() turns
   * what the locale cannot show into "?" (LC_ALL=C: "Zoë" came out as
   * "Zo?"); it writes to the same stdio stream, so the order holds. */
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

void
salvectl_print_json_array (GPtrArray          *items,
                           SalvectlToJsonFunc  to_json)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; i < items->len; i++)
    json_array_add_element (array, to_json (g_ptr_array_index (items, i)));
  json_node_set_array (root, array);
  salvectl_print_json (root);
}

gboolean
salvectl_parse_time_bound (const char  *text,
                           gboolean     is_end,
                           gint64      *unix_time,
                           GError     **error)
{
  g_autoptr(GDateTime) dt = NULL;
  gboolean has_time;

  dt = salve_parse_date_time (text, NULL, &has_time, error);
  if (dt == NULL)
    return FALSE;

  /* A bare date means the whole local day: from its first second, or
   * up to and including its last. */
  if (!has_time)
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      g_autoptr(GDateTime) next = NULL;

      if (!is_end)
        {
          *unix_time = g_date_time_to_unix (dt);
          return TRUE;
        }
      /* The next midnight, not 24 hours on: a day can be 23 or 25 hours. */
      next = g_date_time_new (local, g_date_time_get_year (dt), g_date_time_get_month (dt),
                              g_date_time_get_day_of_month (dt), 0, 0, 0);
      g_clear_pointer (&dt, g_date_time_unref);
      dt = g_date_time_add_days (next, 1);
      *unix_time = g_date_time_to_unix (dt);
      return TRUE;
    }

  *unix_time = g_date_time_to_unix (dt) + (is_end ? 1 : 0);
  return TRUE;
}
