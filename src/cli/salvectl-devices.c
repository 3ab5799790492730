/* salvectl-devices.c: salvectl devices [list|add|remove]
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "salve-device-repo.h"
#include "salvectl-private.h"

static void
add_optional (JsonObject *object,
              const char *member,
              double      value)
{
  if (isnan (value))
    json_object_set_null_member (object, member);
  else
    json_object_set_double_member (object, member, value);
}

static JsonNode *
device_to_json (gpointer item)
{
  const SalveDevice *device = item;
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", device->id);
  json_object_set_string_member (object, "name", device->name);
  json_object_set_string_member (object, "modality", salve_modality_to_id (device->modality));
  json_object_set_string_member (object, "model", device->model);
  add_optional (object, "max_intensity_ma", device->max_intensity_ma);
  add_optional (object, "max_power_mw", device->max_power_mw);
  add_optional (object, "wavelength_nm", device->wavelength_nm);
  add_optional (object, "beam_cm2", device->beam_cm2);
  add_optional (object, "electrode_cm2", device->electrode_cm2);
  add_optional (object, "max_field_ut", device->max_field_ut);
  json_object_set_int_member (object, "channels", device->channels);
  json_object_set_string_member (object, "connection", device->connection);
  json_object_set_string_member (object, "created_at", device->created_at);
  json_node_take_object (node, object);

  return node;
}

static int
devices_list (Salvectl  *ctl,
              int        argc,
              char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list your devices"));
  g_autoptr(GPtrArray) devices = NULL;
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
    return salvectl_usage_error (_("devices list takes no arguments"));

  if (!(db = salvectl_get_db (ctl)))
    return SALVECTL_EXIT_RUNTIME;

  devices = salve_device_repo_list (db, &error);
  if (devices == NULL)
    return salvectl_runtime_error ("%s", error->message);

  if (json)
    {
      salvectl_print_json_array (devices, device_to_json);
      return SALVECTL_EXIT_OK;
    }

  for (guint i = 0; i < devices->len; i++)
    {
      const SalveDevice *device = g_ptr_array_index (devices, i);
      g_autofree char *limits = salve_device_describe_limits (device);

      /* name, modality id, connection, limits: one device a line */
      g_print ("%s\t%s\t%s\t%s\n", device->name, salve_modality_to_id (device->modality),
               device->connection, limits);
    }

  return SALVECTL_EXIT_OK;
}

static int
devices_add (Salvectl  *ctl,
             int        argc,
             char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME --modality M [OPTION…] — add a device"));
  g_autoptr(SalveDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *modality_id = NULL;
  g_autofree char *model = NULL;
  g_autofree char *port = NULL;
  char *values[6] = { NULL };
  const GOptionEntry entries[] = {
    { "modality", 0, 0, G_OPTION_ARG_STRING, &modality_id, N_("tens, nmes, laser or pemf"), N_("MODALITY") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, N_("The model, e.g. Sanitas SEM 43"), N_("MODEL") },
    { "port", 0, 0, G_OPTION_ARG_STRING, &port, N_("The serial port; without it the device is set by hand"), N_("PATH") },
    { "max-intensity-ma", 0, 0, G_OPTION_ARG_STRING, &values[0], N_("Highest intensity the device gives"), "mA" },
    { "max-power-mw", 0, 0, G_OPTION_ARG_STRING, &values[1], N_("Laser output power"), "mW" },
    { "max-field-ut", 0, 0, G_OPTION_ARG_STRING, &values[2], N_("Highest field strength"), "µT" },
    { "wavelength-nm", 0, 0, G_OPTION_ARG_STRING, &values[3], N_("Laser wavelength"), "nm" },
    { "beam-cm2", 0, 0, G_OPTION_ARG_STRING, &values[4], N_("Laser beam area"), "cm²" },
    { "electrode-cm2", 0, 0, G_OPTION_ARG_STRING, &values[5], N_("Electrode area"), "cm²" },
    { NULL }
  };
  /* What each of values[] is, for the catalogue's limits. */
  static const SalveParam value_params[G_N_ELEMENTS (values)] = {
    SALVE_PARAM_INTENSITY_MA, SALVE_PARAM_POWER_MW, SALVE_PARAM_FIELD_UT,
    SALVE_PARAM_WAVELENGTH_NM, SALVE_PARAM_BEAM_CM2, SALVE_PARAM_ELECTRODE_CM2,
  };
  double parsed[G_N_ELEMENTS (values)];
  SalveModality modality;
  SalveDb *db;
  int ret = SALVECTL_EXIT_USAGE;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!salvectl_parse_options (context, &argc, &argv))
    goto out;

  if (argc != 2)
    {
      salvectl_usage_error (_("devices add needs exactly one NAME"));
      goto out;
    }

  if (modality_id == NULL || !salve_modality_from_id (modality_id, &modality))
    {
      g_autofree char *ids = salve_modality_list_ids ();
      salvectl_usage_error (_("Unknown modality “%s”. Valid modalities: %s"), modality_id ? modality_id : "", ids);
      goto out;
    }

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *flag = g_strdup_printf ("--%s", entries[3 + i].long_name);

      parsed[i] = NAN;
      if (values[i] == NULL)
        continue;
      if (!salvectl_parse_double (flag, values[i], -G_MAXDOUBLE, G_MAXDOUBLE, &parsed[i]))
        goto out;
      if (!salve_device_check_value (modality, value_params[i], parsed[i], &error))
        {
          salvectl_usage_error ("%s: %s", flag, error->message);
          goto out;
        }
    }

  device = salve_device_new (argv[1], modality);
  g_free (device->model);
  device->model = g_strdup (model ? model : "");
  if (port != NULL)
    {
      g_free (device->connection);
      device->connection = g_strdup (port);
    }
  device->max_intensity_ma = parsed[0];
  device->max_power_mw = parsed[1];
  device->max_field_ut = parsed[2];
  device->wavelength_nm = parsed[3];
  device->beam_cm2 = parsed[4];
  device->electrode_cm2 = parsed[5];

  if (!(db = salvectl_get_db (ctl)))
    {
      ret = SALVECTL_EXIT_RUNTIME;
      goto out;
    }

  if (!salve_device_repo_add (db, device, &error))
    {
      /* As a profile's name taken: nothing done, exit 4. */
      if (g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_EXISTS))
        {
          g_printerr ("salvectl: %s\n", error->message);
          ret = SALVECTL_EXIT_BLOCKED;
        }
      else
        ret = salvectl_runtime_error ("%s", error->message);
      goto out;
    }

  g_print (_("Added device “%s”.\n"), device->name);
  ret = SALVECTL_EXIT_OK;

out:
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_free (values[i]);
  return ret;
}

static int
devices_remove (Salvectl  *ctl,
                int        argc,
                char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME — remove a device"));
  g_autoptr(SalveDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  SalveDb *db;

  if (!salvectl_parse_options (context, &argc, &argv))
    return SALVECTL_EXIT_USAGE;

  if (argc != 2)
    return salvectl_usage_error (_("devices remove needs exactly one NAME"));

  if (!(db = salvectl_get_db (ctl)))
    return SALVECTL_EXIT_RUNTIME;

  device = salve_device_repo_find_by_name (db, argv[1], &error);
  if (device == NULL || !salve_device_repo_remove (db, device->id, &error))
    return salvectl_runtime_error ("%s", error->message);

  g_print (_("Removed device “%s”.\n"), device->name);
  return SALVECTL_EXIT_OK;
}

static const SalvectlSubcommand devices_commands[] = {
  { "list",   devices_list },
  { "add",    devices_add },
  { "remove", devices_remove },
};

int
salvectl_cmd_devices (Salvectl  *ctl,
                      int        argc,
                      char     **argv)
{
  /* "salvectl devices" alone, or with only options, lists. */
  if (argc < 2 || (argv[1][0] == '-' && !g_str_equal (argv[1], "--help") && !g_str_equal (argv[1], "-h")))
    return devices_list (ctl, argc, argv);

  return salvectl_dispatch (ctl, argc, argv,
                            _("Usage:\n  salvectl devices [list] [--json]\n"
                              "  salvectl devices add NAME --modality M [--model MODEL] [--port PATH] [--max-intensity-ma MA] …\n"
                              "  salvectl devices remove NAME\n"),
                            devices_commands, G_N_ELEMENTS (devices_commands));
}
