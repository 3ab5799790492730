/* salvectl-medication.c: salvectl medication add|list|delete
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-diary-repo.h"
#include "salve-medication-repo.h"
#include "salve-parse.h"
#include "salve-profile-repo.h"
#include "salvectl-private.h"

static int
medication_add (Salvectl  *ctl,
                int        argc,
                char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— record a medication intake"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(SalveMedication) intake = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dose = NULL;
  g_autofree char *at = NULL;
  g_autofree char *note = NULL;
  g_autofree char *number = NULL;
  gboolean as_needed = FALSE, scheduled = FALSE;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("Whose diary"), N_("NAME") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The medication, e.g. paracetamol"), N_("TEXT") },
    { "dose", 0, 0, G_OPTION_ARG_STRING, &dose, N_("How much, e.g. 500 mg"), N_("TEXT") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When taken: YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][±HH:MM] (default: now)"), N_("TIME") },
    { "as-needed", 0, 0, G_OPTION_ARG_NONE, &as_needed, N_("Taken as needed"), NULL },
    { "scheduled", 0, 0, G_OPTION_ARG_NONE, &scheduled, N_("Taken on a schedule (the default)"), NULL },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note of any length"), N_("TEXT") },
    { NULL }
  };
  SalveDb *db;

  if (!salvectl_parse_command (context, entries, &argc, &argv, &profile_name))
    return SALVECTL_EXIT_USAGE;
  if (name == NULL)
    return salvectl_usage_error (_("medication add needs --name TEXT"));
  if (as_needed && scheduled)
    return salvectl_usage_error (_("give --as-needed or --scheduled, not both"));

  intake = salve_medication_new (0);
  if (at != NULL)
    {
      g_autoptr(GDateTime) when = salvectl_parse_entry_time (at, &error);

      if (when == NULL)
        return salvectl_usage_error ("--at: %s", error->message);
      salve_medication_set_at (intake, when);
    }
  salve_medication_set_name (intake, name);
  salve_medication_set_dose (intake, dose);
  salve_medication_set_as_needed (intake, as_needed);
  salve_medication_set_note (intake, note);
  /* What is wrong with the command line is a usage error, before the
   * database is even opened. */
  if (!salve_medication_validate (intake, &error) &&
      g_error_matches (error, SALVE_MEDICATION_ERROR, SALVE_MEDICATION_ERROR_FUTURE))
    return salvectl_usage_error ("--at: %s", error->message);
  if (error != NULL)
    return salvectl_usage_error ("%s", error->message);

  if (!(db = salvectl_get_db (ctl)))
    return SALVECTL_EXIT_RUNTIME;
  if (!(profile = salvectl_find_profile (db, profile_name)))
    return SALVECTL_EXIT_RUNTIME;

  salve_medication_set_profile_id (intake, salve_profile_get_id (profile));
  if (!salve_medication_repo_add (db, intake, &error))
    return salvectl_runtime_error ("%s", error->message);

  number = g_strdup_printf ("%" G_GINT64_FORMAT, salve_medication_get_id (intake));
  /* Translators: the medication, the time, the profile, and the intake's
   * number (for medication delete) */
  g_print (_("Added %s at %s to the diary of “%s” (number %s).\n"),
           salve_medication_get_name (intake), salve_medication_get_at_iso (intake),
           salve_profile_get_display_name (profile), number);
  return SALVECTL_EXIT_OK;
}

static JsonNode *
intake_to_json (gpointer item)
{
  SalveMedication *m = item;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, salve_medication_get_id (m));
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, salve_medication_get_at_iso (m));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, salve_medication_get_name (m));
  json_builder_set_member_name (builder, "dose");
  json_builder_add_string_value (builder, salve_medication_get_dose (m));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, salve_medication_kind_to_id (salve_medication_get_as_needed (m)));
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, salve_medication_get_note (m));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static int
medication_list (Salvectl  *ctl,
                 int        argc,
                 char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list medication intakes"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gboolean json = FALSE;
  gint64 from_unix = SALVE_DIARY_REPO_ANY_TIME_MIN, to_unix = SALVE_DIARY_REPO_ANY_TIME_MAX;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("Whose diary"), N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day or time to list"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day or time to list"), N_("DATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  SalveDb *db;

  if (!salvectl_parse_command (context, entries, &argc, &argv, &profile_name))
    return SALVECTL_EXIT_USAGE;
  if (from != NULL && !salvectl_parse_time_bound (from, FALSE, &from_unix, &error))
    return salvectl_usage_error ("--from: %s", error->message);
  if (to != NULL && !salvectl_parse_time_bound (to, TRUE, &to_unix, &error))
    return salvectl_usage_error ("--to: %s", error->message);

  if (!(db = salvectl_get_db (ctl)) || !(profile = salvectl_find_profile (db, profile_name)))
    return SALVECTL_EXIT_RUNTIME;

  list = salve_medication_repo_list (db, salve_profile_get_id (profile), from_unix, to_unix, &error);
  if (list == NULL)
    return salvectl_runtime_error ("%s", error->message);

  if (json)
    {
      salvectl_print_json_array (list, intake_to_json);
      return SALVECTL_EXIT_OK;
    }

  for (guint i = 0; i < list->len; i++)
    {
      SalveMedication *m = g_ptr_array_index (list, i);
      g_autoptr(GDateTime) local = g_date_time_to_local (salve_medication_get_at (m));
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
      g_autofree char *note = g_strdup (salve_medication_get_note (m));
      const char *dose = salve_medication_get_dose (m);

      /* One line per intake: a long note is cut at its first line break. */
      g_strdelimit (note, "\r\n", '\0');
      g_print ("%" G_GINT64_FORMAT "  %s  %s%s%s  %s%s%s\n", salve_medication_get_id (m), when,
               salve_medication_get_name (m), *dose ? " " : "", dose,
               salve_medication_get_as_needed (m) ? _("as needed") : _("scheduled"),
               *note ? "  " : "", note);
    }
  return SALVECTL_EXIT_OK;
}

static int
medication_delete (Salvectl  *ctl,
                   int        argc,
                   char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — delete a medication intake"));
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = { { NULL } };
  gint64 id;
  SalveDb *db;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!salvectl_parse_options (context, &argc, &argv))
    return SALVECTL_EXIT_USAGE;

  if (argc != 2)
    return salvectl_usage_error (_("medication delete needs one ID (see medication list)"));
  if (!salvectl_parse_int ("ID", argv[1], 1, G_MAXINT64, &id))
    return SALVECTL_EXIT_USAGE;

  if (!(db = salvectl_get_db (ctl)))
    return SALVECTL_EXIT_RUNTIME;
  if (!salve_medication_repo_delete (db, id, &error))
    return salvectl_runtime_error ("%s", error->message);

  {
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

    g_print (_("Deleted medication intake %s.\n"), number);
  }
  return SALVECTL_EXIT_OK;
}

static const SalvectlSubcommand medication_commands[] = {
  { "add",    medication_add },
  { "list",   medication_list },
  { "delete", medication_delete },
};

int
salvectl_cmd_medication (Salvectl  *ctl,
                         int        argc,
                         char     **argv)
{
  return salvectl_dispatch (ctl, argc, argv,
                            _("Usage:\n"
                              "  salvectl medication add --profile NAME --name TEXT [--dose TEXT] [--at TIME]\n"
                              "                          [--as-needed|--scheduled] [--note TEXT]\n"
                              "  salvectl medication list --profile NAME [--from DATE] [--to DATE] [--json]\n"
                              "  salvectl medication delete ID\n"),
                            medication_commands, G_N_ELEMENTS (medication_commands));
}
