/* salve-ports.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-ports"

#include "config.h"

#include <glib/gi18n.h>
#include <libserialport.h>

#include "salve-ports.h"
#include "salve-stimulator.h"
#include "salve-transport.h"

void
salve_port_info_free (SalvePortInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->path);
  g_free (info->description);
  g_free (info->error);
  g_free (info);
}

static int
compare_ports (gconstpointer a,
               gconstpointer b)
{
  const SalvePortInfo *pa = *(const SalvePortInfo * const *) a;
  const SalvePortInfo *pb = *(const SalvePortInfo * const *) b;

  return g_strcmp0 (pa->path, pb->path);
}

GPtrArray *
salve_ports_list (GError **error)
{
  g_autoptr(GPtrArray) ports = g_ptr_array_new_with_free_func ((GDestroyNotify) salve_port_info_free);
  struct sp_port **list = NULL;

  if (sp_list_ports (&list) != SP_OK)
    {
      g_autofree char *message = salve_transport_dup_sp_error_message ();
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not list the serial ports: %s"), message ? message : "");
      return NULL;
    }

  for (guint i = 0; list[i] != NULL; i++)
    {
      SalvePortInfo *info = g_new0 (SalvePortInfo, 1);
      const char *description = sp_get_port_description (list[i]);

      info->path = g_strdup (sp_get_port_name (list[i]));
      info->description = g_strdup (description ? description : "");
      g_ptr_array_add (ports, info);
    }
  sp_free_port_list (list);

  g_ptr_array_sort (ports, compare_ports);
  return g_steal_pointer (&ports);
}

typedef struct
{
  GPtrArray *ports;
  guint      left;
} Probe;

static void
probe_free (Probe *probe)
{
  g_ptr_array_unref (probe->ports);
  g_free (probe);
}

typedef struct
{
  GTask         *task;
  SalvePortInfo *port;
} ProbeOne;

static void
on_probe_connected (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autofree ProbeOne *one = user_data;
  g_autoptr(SalveStimulator) stimulator = SALVE_STIMULATOR (source);
  g_autoptr(GTask) task = one->task;
  g_autoptr(GError) error = NULL;
  Probe *probe = g_task_get_task_data (task);

  if (salve_stimulator_connect_finish (stimulator, result, &error))
    {
      one->port->answered = TRUE;
      one->port->info = *salve_stimulator_get_info (stimulator);
    }
  else
    one->port->error = g_strdup (error->message);

  /* A probe never leaves anything running or open. */
  salve_stimulator_disconnect (stimulator);

  if (--probe->left == 0)
    g_task_return_pointer (task, g_ptr_array_ref (probe->ports), (GDestroyNotify) g_ptr_array_unref);
}

void
salve_ports_probe_async (GPtrArray           *ports,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Probe *probe = g_new0 (Probe, 1);

  g_task_set_source_tag (task, salve_ports_probe_async);
  probe->ports = g_ptr_array_ref (ports);
  probe->left = ports->len;
  g_task_set_task_data (task, probe, (GDestroyNotify) probe_free);

  if (ports->len == 0)
    {
      g_task_return_pointer (task, g_ptr_array_ref (ports), (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  for (guint i = 0; i < ports->len; i++)
    {
      ProbeOne *one = g_new0 (ProbeOne, 1);
      SalveStimulator *stimulator = salve_stimulator_new ();

      one->task = g_object_ref (task);
      one->port = g_ptr_array_index (ports, i);
      salve_stimulator_connect_async (stimulator, one->port->path, cancellable, on_probe_connected, one);
    }
}

GPtrArray *
salve_ports_probe_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
