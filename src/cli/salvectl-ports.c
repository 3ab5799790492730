/* salvectl-ports.c: salvectl ports — serial ports and what answers on them
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-ports.h"
#include "salvectl-private.h"

typedef struct
{
  GMainLoop *loop;
  GPtrArray *ports;
  GError    *error;
} PortsRun;

static void
on_probed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PortsRun *run = user_data;

  run->ports = salve_ports_probe_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

static JsonNode *
port_to_json (gpointer item)
{
  SalvePortInfo *port = item;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, port->path);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, port->description);
  json_builder_set_member_name (builder, "answered");
  json_builder_add_boolean_value (builder, port->answered);
  if (port->answered)
    {
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, port->info.model);
      json_builder_set_member_name (builder, "firmware");
      json_builder_add_string_value (builder, port->info.firmware);
      json_builder_set_member_name (builder, "modality");
      json_builder_add_string_value (builder, salve_modality_to_id (port->info.modality));
      json_builder_set_member_name (builder, "channels");
      json_builder_add_int_value (builder, port->info.channels);
    }
  else
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, port->error ? port->error : "");
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

int
salvectl_cmd_ports (Salvectl  *ctl,
                    int        argc,
                    char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list serial ports and the stimulators that answer on them"));
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) extra = NULL;
  gboolean json = FALSE;
  gboolean no_probe = FALSE;
  gboolean no_list = FALSE;
  PortsRun run = { 0 };
  const GOptionEntry entries[] = {
    { "also", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &extra, N_("Probe this port too (e.g. a pseudo-terminal, which is never listed); repeat for more"), N_("PATH") },
    { "no-probe", 0, 0, G_OPTION_ARG_NONE, &no_probe, N_("Only list, do not say hello on the ports"), NULL },
    { "no-list", 0, 0, G_OPTION_ARG_NONE, &no_list, N_("Leave the system’s serial ports alone; probe only those given with --also"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Each port is asked who it is (about a second, all at once)."));
  if (!salvectl_parse_options (context, &argc, &argv))
    return SALVECTL_EXIT_USAGE;
  if (argc != 1)
    return salvectl_usage_error (_("ports takes no arguments besides its options"));

  if (no_list)
    ports = g_ptr_array_new_with_free_func ((GDestroyNotify) salve_port_info_free);
  else if ((ports = salve_ports_list (&error)) == NULL)
    return salvectl_runtime_error ("%s", error->message);

  for (guint i = 0; extra && extra[i]; i++)
    {
      SalvePortInfo *info = g_new0 (SalvePortInfo, 1);

      info->path = g_strdup (extra[i]);
      info->description = g_strdup ("");
      g_ptr_array_add (ports, info);
    }

  if (!no_probe && ports->len > 0)
    {
      loop = g_main_loop_new (NULL, FALSE);
      run.loop = loop;
      salve_ports_probe_async (ports, NULL, on_probed, &run);
      g_main_loop_run (loop);
      if (run.ports == NULL)
        return salvectl_runtime_error ("%s", run.error->message);
      g_ptr_array_unref (run.ports);
    }

  if (json)
    {
      salvectl_print_json_array (ports, port_to_json);
      return SALVECTL_EXIT_OK;
    }

  if (ports->len == 0)
    g_print (_("No serial ports found.\n"));

  for (guint i = 0; i < ports->len; i++)
    {
      SalvePortInfo *port = g_ptr_array_index (ports, i);

      g_print ("%s", port->path);
      if (*port->description)
        g_print ("  (%s)", port->description);
      if (port->answered)
        {
          g_autofree char *channels = g_strdup_printf (ngettext ("%u channel", "%u channels", port->info.channels),
                                                       port->info.channels);
          g_print (_("  — %s, firmware %s: %s, %s\n"), port->info.model, port->info.firmware,
                   salve_modality_get_name (port->info.modality), channels);
        }
      else if (no_probe)
        g_print ("\n");
      else
        g_print (_("  — no stimulator answers (%s)\n"), port->error ? port->error : "");
    }

  return SALVECTL_EXIT_OK;
}
