/* salvectl-session.c: salvectl session list (and run)
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-profile-repo.h"
#include "salve-session-repo.h"
#include "salvectl-private.h"

static char *
format_pain (int pain)
{
  if (pain == SALVE_PAIN_UNSET)
    return g_strdup ("–");

  return g_strdup_printf ("%d", pain);
}

static char *
format_outcome (SalveSession *session)
{
  const char *reason = salve_session_get_outcome_reason (session);
  const char *id = salve_session_outcome_to_id (salve_session_get_outcome (session));

  /* A completed session needs no reason; Stop pressed is "stopped". */
  if (reason == NULL || *reason == '\0' ||
      salve_session_get_outcome (session) != SALVE_SESSION_OUTCOME_INTERRUPTED)
    return g_strdup (id);

  return g_strdup_printf ("%s (%s)", id, reason);
}

/* The events of @kind in @session's log, oldest first: each its detail
 * under @detail_name, who it was under @actor_name (NULL: left out) and
 * its time under "at". */
static JsonNode *
events_to_json (SalveSession          *session,
                SalveSessionEventKind  kind,
                const char            *detail_name,
                const char            *actor_name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *events = salve_session_get_events (session);

  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    {
      const SalveSessionEvent *event = g_ptr_array_index (events, i);

      if (event->kind != kind)
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, detail_name);
      json_builder_add_string_value (builder, event->detail);
      if (actor_name != NULL)
        {
          json_builder_set_member_name (builder, actor_name);
          json_builder_add_string_value (builder, event->actor);
        }
      json_builder_set_member_name (builder, "at");
      json_builder_add_string_value (builder, event->at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

/* Why @session counts in no figure (salve_session_repo_list_uncounted()):
 * practice on the simulated stimulator, or one that never started on its
 * device. Such a session is listed, and says so. */
static SalveSessionUncounted
uncounted_flags (GHashTable   *uncounted,
                 SalveSession *session)
{
  return salve_session_uncounted_get (uncounted, salve_session_get_id (session));
}

static void
print_session (SalveSession          *session,
               SalveSessionUncounted  flags)
{
  g_autofree char *params = salve_session_format_params (session);
  g_autofree char *outcome = format_outcome (session);
  g_autofree char *before = format_pain (salve_session_get_pain_before (session));
  g_autofree char *after = format_pain (salve_session_get_pain_after (session));
  const char *start = salve_session_get_started_at (session);
  const char *end = salve_session_get_ended_at (session);
  const char *device = salve_session_get_device_name (session);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, salve_session_get_id (session));

  g_print (_("Session %s\n"), number);
  if (flags & SALVE_SESSION_UNCOUNTED_PRACTICE)
    g_print (_("  practice: on the simulated stimulator, not counted\n"));
  else if (flags & SALVE_SESSION_UNCOUNTED_NEVER_STARTED)
    g_print (_("  never started on its device: its pain before and after not counted\n"));
  g_print (_("  device:   %s\n"), *device ? device : _("(none)"));
  g_print (_("  modality: %s\n"), salve_modality_to_id (salve_session_get_modality (session)));
  g_print (_("  site:     %s\n"), salve_site_to_id (salve_session_get_site (session)));
  g_print (_("  program:  %s\n"), *salve_session_get_program (session) ? salve_session_get_program (session) : "–");
  g_print (_("  params:   %s\n"), params);
  g_print (_("  start:    %s\n"), start ? start : "–");
  g_print (_("  end:      %s\n"), end ? end : "–");
  g_print (_("  outcome:  %s\n"), outcome);
  g_print (_("  pain:     %s → %s\n"), before, after);
  if (salve_session_get_side_effects (session) != NULL && salve_session_get_side_effects (session)[0] != NULL)
    {
      g_autofree char *effects = g_strjoinv (", ", (char **) salve_session_get_side_effects (session));

      g_print (_("  effects:  %s\n"), effects);
    }
  /* A blister or a burn found after it, in the text too, not only in
   * --json. */
  if (*salve_session_get_skin_check (session) != '\0')
    g_print (_("  skin:     %s\n"), salve_session_get_skin_check (session));
  for (guint i = 0; i < salve_session_get_events (session)->len; i++)
    {
      const SalveSessionEvent *event = g_ptr_array_index (salve_session_get_events (session), i);

      if (event->kind == SALVE_SESSION_EVENT_CAUTION_ACKNOWLEDGED)
        /* Translators: "  caution:  laser-eye-protection, acknowledged by Mia at 2026-…" */
        g_print (_("  caution:  %s, acknowledged by %s at %s\n"), event->detail, event->actor, event->at);
      /* A stop the device never confirmed, or what it did, beside an
       * outcome that may well say "completed". */
      else if (event->kind == SALVE_SESSION_EVENT_FAULT)
        /* Translators: "  fault:    The stimulator did not confirm that its output is off. … (2026-…)" */
        g_print (_("  fault:    %s (%s)\n"), event->detail, event->at);
    }
}

static int
session_list (Salvectl  *ctl,
              int        argc,
              char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the recorded sessions of a profile"));
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GHashTable) uncounted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *modality_id = NULL;
  g_autofree char *device_name = NULL;
  SalveSessionFilter filter = SALVE_SESSION_FILTER_INIT;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("Whose sessions"), N_("NAME") },
    { "modality", 0, 0, G_OPTION_ARG_STRING, &modality_id, N_("Only this modality: tens, nmes, laser or pemf"), N_("MODALITY") },
    { "device", 0, 0, G_OPTION_ARG_STRING, &device_name, N_("Only sessions on the device with this name"), N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  SalveDb *db;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!salvectl_parse_options (context, &argc, &argv))
    return SALVECTL_EXIT_USAGE;

  if (argc != 1)
    return salvectl_usage_error (_("session list takes no arguments"));

  if (profile_name == NULL)
    return salvectl_usage_error (_("session list needs --profile NAME"));

  if (modality_id != NULL)
    {
      SalveModality modality;

      if (!salve_modality_from_id (modality_id, &modality))
        {
          g_autofree char *ids = salve_modality_list_ids ();
          return salvectl_usage_error (_("Unknown modality “%s”. Valid modalities: %s"), modality_id, ids);
        }
      filter.modality = modality;
    }
  filter.device_name = device_name;

  if (!(db = salvectl_get_db (ctl)))
    return SALVECTL_EXIT_RUNTIME;

  if (!(profile = salvectl_find_profile (db, profile_name)))
    return SALVECTL_EXIT_RUNTIME;

  sessions = salve_session_repo_list (db, salve_profile_get_id (profile), &filter, &error);
  if (sessions == NULL)
    return salvectl_runtime_error ("%s", error->message);

  /* With their events: the acknowledgements are among them. */
  for (guint i = 0; i < sessions->len; i++)
    {
      SalveSession *full = salve_session_repo_get (db, salve_session_get_id (g_ptr_array_index (sessions, i)), &error);

      if (full == NULL)
        return salvectl_runtime_error ("%s", error->message);
      g_object_unref (g_ptr_array_index (sessions, i));
      g_ptr_array_index (sessions, i) = full;
    }
  if (!(uncounted = salve_session_repo_list_uncounted (db, salve_profile_get_id (profile), &error)))
    return salvectl_runtime_error ("%s", error->message);

  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autoptr(JsonArray) array = json_array_new ();

      for (guint i = 0; i < sessions->len; i++)
        {
          SalveSession *session = g_ptr_array_index (sessions, i);
          JsonNode *node = salve_session_to_json (session);

          /* Who acknowledged which caution, and when; the faults: what the
           * device did, and a stop it never confirmed, which leave the
           * outcome as it was. */
          json_object_set_member (json_node_get_object (node), "acknowledgements",
                                  events_to_json (session, SALVE_SESSION_EVENT_CAUTION_ACKNOWLEDGED, "rule", "by"));
          json_object_set_member (json_node_get_object (node), "faults",
                                  events_to_json (session, SALVE_SESSION_EVENT_FAULT, "detail", NULL));
          json_object_set_boolean_member (json_node_get_object (node), "practice",
                                          uncounted_flags (uncounted, session) & SALVE_SESSION_UNCOUNTED_PRACTICE);
          json_object_set_boolean_member (json_node_get_object (node), "started_on_device",
                                          !(uncounted_flags (uncounted, session) & SALVE_SESSION_UNCOUNTED_NEVER_STARTED));
          json_array_add_element (array, node);
        }
      json_node_set_array (root, array);
      salvectl_print_json (root);
      return SALVECTL_EXIT_OK;
    }

  if (sessions->len == 0)
    g_print (_("No sessions recorded for “%s”.\n"), salve_profile_get_display_name (profile));

  for (guint i = 0; i < sessions->len; i++)
    {
      if (i > 0)
        g_print ("\n");
      print_session (g_ptr_array_index (sessions, i), uncounted_flags (uncounted, g_ptr_array_index (sessions, i)));
    }

  return SALVECTL_EXIT_OK;
}

static const SalvectlSubcommand subcommands[] = {
  { "list", session_list },
  { "run",  salvectl_session_run },
};

int
salvectl_cmd_session (Salvectl  *ctl,
                      int        argc,
                      char     **argv)
{
  g_autofree char *usage = g_strconcat (_("Usage:\n  salvectl session list --profile NAME [--modality M] [--device NAME] [--json]\n"),
                                        _("  salvectl session run --modality M --site SITE [--port PATH | --simulator | --device NAME] [PARAMETERS] [--profile NAME] [--acknowledge ID…]\n"),
                                        NULL);

  return salvectl_dispatch (ctl, argc, argv, usage, subcommands, G_N_ELEMENTS (subcommands));
}
