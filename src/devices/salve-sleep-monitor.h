/* salve-sleep-monitor.h: stop stimulators before the computer suspends
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "salve-stimulator.h"

G_BEGIN_DECLS

/* Listens to logind's PrepareForSleep on the system bus and, while it has
 * a stimulator, holds a "delay" sleep inhibitor, so that a running
 * stimulator is stopped before the machine sleeps (a suspended host sends
 * no heartbeat, and the device would only stop a second later). With no
 * stimulator it holds none, and logind does not wait on Salve. Without a
 * system bus or logind it does nothing and says so once in the debug log. */

#define SALVE_TYPE_SLEEP_MONITOR (salve_sleep_monitor_get_type ())
G_DECLARE_FINAL_TYPE (SalveSleepMonitor, salve_sleep_monitor, SALVE, SLEEP_MONITOR, GObject)

SalveSleepMonitor *salve_sleep_monitor_new                (void);
/* Stops @stimulator (weakly referenced) when the machine is about to sleep.
 * The inhibitor is taken with the first stimulator and released when the
 * last is removed or finalized. */
void               salve_sleep_monitor_add_stimulator     (SalveSleepMonitor *self,
                                                           SalveStimulator   *stimulator);
void               salve_sleep_monitor_remove_stimulator  (SalveSleepMonitor *self,
                                                           SalveStimulator   *stimulator);
/* TRUE once subscribed to logind. */
gboolean           salve_sleep_monitor_is_active          (SalveSleepMonitor *self);

/* Signal "prepare-for-sleep" (gboolean sleeping): TRUE just before the
 * stimulators are stopped, so that the UI can end its session with the
 * suspend as the reason (and stop its device itself); every stimulator
 * added is stopped right after the handlers return, whatever they did.
 * FALSE on resume. */

G_END_DECLS
