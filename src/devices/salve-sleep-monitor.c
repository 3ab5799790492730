/* salve-sleep-monitor.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-sleep-monitor"

#include "config.h"

#include <unistd.h>

#include <gio/gunixfdlist.h>
#include <glib/gi18n.h>

#include "salve-sleep-monitor.h"

#define LOGIN1_NAME      "org.freedesktop.login1"
#define LOGIN1_PATH      "/org/freedesktop/login1"
#define LOGIN1_MANAGER   "org.freedesktop.login1.Manager"

struct _SalveSleepMonitor
{
  GObject          parent_instance;

  GCancellable    *cancellable;
  GDBusConnection *bus;
  guint            subscription;
  int              inhibit_fd;
  gboolean         inhibit_pending;  /* an Inhibit call is on its way */
  gboolean         sleeping;         /* between PrepareForSleep true and false */
  GPtrArray       *stimulators;      /* Watched* */
};

/* A stimulator added: the weak reference hands it out, the weak notify
 * (registered for as long as the entry exists) says when it is gone. */
typedef struct
{
  GWeakRef  ref;
  gpointer  object;  /* for identity only, never dereferenced */
} Watched;

G_DEFINE_FINAL_TYPE (SalveSleepMonitor, salve_sleep_monitor, G_TYPE_OBJECT)

enum {
  PREPARE_FOR_SLEEP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
watched_free (Watched *watched)
{
  g_weak_ref_clear (&watched->ref);
  g_free (watched);
}

static void
release_inhibitor (SalveSleepMonitor *self)
{
  if (self->inhibit_fd >= 0)
    {
      close (self->inhibit_fd);
      self->inhibit_fd = -1;
    }
}

/* The lock is only worth holding while there is a stimulator to stop:
 * otherwise logind would wait on Salve at every suspend for nothing. */
static gboolean
wants_inhibitor (SalveSleepMonitor *self)
{
  return self->stimulators != NULL && self->stimulators->len > 0 && !self->sleeping;
}

static void
on_inhibit_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SalveSleepMonitor) self = user_data;
  g_autoptr(GUnixFDList) fds = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gint32 index;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (source), &fds, result, &error);
  if (reply == NULL)
    {
      self->inhibit_pending = FALSE;
      g_debug ("No sleep inhibitor: %s", error->message);
      return;
    }

  self->inhibit_pending = FALSE;
  g_variant_get (reply, "(h)", &index);
  release_inhibitor (self);
  /* The last stimulator may have gone while the call was on its way:
   * then the lock is dropped (fds closes it) instead of kept. */
  if (wants_inhibitor (self))
    self->inhibit_fd = g_unix_fd_list_get (fds, index, NULL);
}

/* A "delay" lock makes logind wait (up to InhibitDelayMaxSec) until we
 * have stopped the devices and closed the fd. */
static void
take_inhibitor (SalveSleepMonitor *self)
{
  if (self->bus == NULL || self->inhibit_fd >= 0 || self->inhibit_pending)
    return;

  self->inhibit_pending = TRUE;
  g_dbus_connection_call_with_unix_fd_list (self->bus, LOGIN1_NAME, LOGIN1_PATH, LOGIN1_MANAGER, "Inhibit",
                                            g_variant_new ("(ssss)", "sleep", "Salve",
                                                           _("Stop the stimulator before the computer sleeps"),
                                                           "delay"),
                                            G_VARIANT_TYPE ("(h)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                            self->cancellable, on_inhibit_done, g_object_ref (self));
}

/* Held from the first stimulator added until the last is removed or
 * gone. Left alone while the machine goes to sleep: the handler of
 * PrepareForSleep releases it once the devices are stopped, and resuming
 * decides again. */
static void
update_inhibitor (SalveSleepMonitor *self)
{
  if (self->sleeping)
    return;

  if (wants_inhibitor (self))
    take_inhibitor (self);
  else
    release_inhibitor (self);
}

/* The stimulators still alive, referenced. */
static GPtrArray *
get_stimulators (SalveSleepMonitor *self)
{
  GPtrArray *stimulators = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->stimulators->len; i++)
    {
      Watched *watched = g_ptr_array_index (self->stimulators, i);
      SalveStimulator *stimulator = g_weak_ref_get (&watched->ref);

      if (stimulator != NULL)
        g_ptr_array_add (stimulators, stimulator);
    }

  return stimulators;
}

static void
stop_all (GPtrArray *stimulators)
{
  /* Synchronous: the machine may be gone before the main loop runs. One
   * stop is enough; a device already stopped takes it again harmlessly. */
  for (guint i = 0; i < stimulators->len; i++)
    salve_stimulator_emergency_stop (g_ptr_array_index (stimulators, i));
}

static void
on_prepare_for_sleep (GDBusConnection *connection,
                      const char      *sender,
                      const char      *path,
                      const char      *interface,
                      const char      *signal,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  g_autoptr(SalveSleepMonitor) self = g_object_ref (user_data);
  gboolean sleeping = FALSE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &sleeping);

  if (sleeping)
    {
      /* Taken before the signal, so that none escapes the stop whatever
       * the handlers do with them. */
      g_autoptr(GPtrArray) stimulators = get_stimulators (self);

      self->sleeping = TRUE;
      /* Say so first: the session window ends its session as suspended
       * (stopping the device itself); stopped first, the session would
       * see a device that stopped by itself and record a fault. */
      g_signal_emit (self, signals[PREPARE_FOR_SLEEP], 0, TRUE);
      /* Then the backstop, for any device nobody stopped. */
      stop_all (stimulators);
      release_inhibitor (self);
    }
  else
    {
      self->sleeping = FALSE;
      update_inhibitor (self);
      g_signal_emit (self, signals[PREPARE_FOR_SLEEP], 0, FALSE);
    }
}

static void
on_bus_ready (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SalveSleepMonitor) self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);

  if (bus == NULL)
    {
      /* No system bus (a container, a test): nothing to listen to. The
       * device's dead-man timer still stops it when the host sleeps. */
      g_debug ("No system bus, suspend will not stop devices early: %s", error->message);
      return;
    }

  self->bus = bus;
  self->subscription = g_dbus_connection_signal_subscribe (bus, LOGIN1_NAME, LOGIN1_MANAGER, "PrepareForSleep",
                                                           LOGIN1_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                                           on_prepare_for_sleep, self, NULL);
  update_inhibitor (self);
}

SalveSleepMonitor *
salve_sleep_monitor_new (void)
{
  return g_object_new (SALVE_TYPE_SLEEP_MONITOR, NULL);
}

static void on_stimulator_gone (gpointer  user_data,
                                GObject  *where_the_object_was);

/* Drops the entries for @object, and with @unwatch their weak notifies
 * (not from the notify itself: GObject has dropped it already). */
static void
forget_stimulator (SalveSleepMonitor *self,
                   gpointer           object,
                   gboolean           unwatch)
{
  for (guint i = self->stimulators->len; i > 0; i--)
    {
      Watched *watched = g_ptr_array_index (self->stimulators, i - 1);

      if (watched->object != object)
        continue;
      if (unwatch)
        g_object_weak_unref (object, on_stimulator_gone, self);
      g_ptr_array_remove_index (self->stimulators, i - 1);
    }

  update_inhibitor (self);
}

static void
on_stimulator_gone (gpointer  user_data,
                    GObject  *where_the_object_was)
{
  forget_stimulator (user_data, where_the_object_was, FALSE);
}

void
salve_sleep_monitor_add_stimulator (SalveSleepMonitor *self,
                                    SalveStimulator   *stimulator)
{
  Watched *watched;

  g_return_if_fail (SALVE_IS_SLEEP_MONITOR (self));
  g_return_if_fail (SALVE_IS_STIMULATOR (stimulator));

  watched = g_new0 (Watched, 1);
  g_weak_ref_init (&watched->ref, stimulator);
  watched->object = stimulator;
  g_object_weak_ref (G_OBJECT (stimulator), on_stimulator_gone, self);
  g_ptr_array_add (self->stimulators, watched);
  update_inhibitor (self);
}

void
salve_sleep_monitor_remove_stimulator (SalveSleepMonitor *self,
                                       SalveStimulator   *stimulator)
{
  g_return_if_fail (SALVE_IS_SLEEP_MONITOR (self));

  forget_stimulator (self, stimulator, TRUE);
}

gboolean
salve_sleep_monitor_is_active (SalveSleepMonitor *self)
{
  g_return_val_if_fail (SALVE_IS_SLEEP_MONITOR (self), FALSE);

  return self->subscription != 0;
}

static void
salve_sleep_monitor_dispose (GObject *object)
{
  SalveSleepMonitor *self = SALVE_SLEEP_MONITOR (object);

  g_cancellable_cancel (self->cancellable);
  if (self->bus != NULL && self->subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->subscription);
  self->subscription = 0;
  release_inhibitor (self);
  g_clear_object (&self->bus);
  g_clear_object (&self->cancellable);
  if (self->stimulators != NULL)
    {
      for (guint i = 0; i < self->stimulators->len; i++)
        {
          Watched *watched = g_ptr_array_index (self->stimulators, i);

          g_object_weak_unref (watched->object, on_stimulator_gone, self);
        }
      g_clear_pointer (&self->stimulators, g_ptr_array_unref);
    }

  G_OBJECT_CLASS (salve_sleep_monitor_parent_class)->dispose (object);
}

static void
salve_sleep_monitor_class_init (SalveSleepMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = salve_sleep_monitor_dispose;

  signals[PREPARE_FOR_SLEEP] =
    g_signal_new ("prepare-for-sleep", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
salve_sleep_monitor_init (SalveSleepMonitor *self)
{
  self->inhibit_fd = -1;
  self->cancellable = g_cancellable_new ();
  self->stimulators = g_ptr_array_new_with_free_func ((GDestroyNotify) watched_free);
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, on_bus_ready, g_object_ref (self));
}
