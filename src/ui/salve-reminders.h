/* salve-reminders.h: notifications at the care plan's planned times
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SALVE_TYPE_REMINDERS (salve_reminders_get_type ())

G_DECLARE_FINAL_TYPE (SalveReminders, salve_reminders, SALVE, REMINDERS, GObject)

/* Sends @app's notifications of planned sessions and the diary, for
 * every profile with a schedule, while the "reminders" setting is on.
 * With "run-in-background" on it holds @app, so that the reminders come
 * with no window open, and keeps the autostart entry that starts Salve
 * in the background at login. */
SalveReminders *salve_reminders_new            (GApplication   *app);
/* Starts the checks; the first covers what is planned after now. */
void            salve_reminders_start          (SalveReminders *self);
/* The clock the reminders read: the real time, unless a test set it.
 * salve_reminders_set_now() makes it read @now_unix at once and run on
 * from there with the real clock, and plans the next check by it; before
 * salve_reminders_start() it only sets the clock, for the start to read
 * (Salve started at @now_unix). */
gint64          salve_reminders_get_now        (SalveReminders *self);
void            salve_reminders_set_now        (SalveReminders *self,
                                                gint64          now_unix);
/* Checks at once what came due since the last check. */
void            salve_reminders_check          (SalveReminders *self);
/* Quit: the application is no longer held for the reminders, so that it
 * ends once its windows have closed; the setting stays on. After it,
 * salve_reminders_stay() (Salve opened again before it had ended) holds
 * it again while the setting is on. */
void            salve_reminders_let_go         (SalveReminders *self);
void            salve_reminders_stay           (SalveReminders *self);
/* $XDG_CONFIG_HOME/autostart/<application id>.desktop */
char           *salve_reminders_get_autostart_path (void);

G_END_DECLS
