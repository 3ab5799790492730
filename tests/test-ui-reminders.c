/* test-ui-reminders.c: reminders reach the notification server at the
 * planned time with the window closed, and their actions open the right
 * step
 *
 * A fake org.freedesktop.Notifications on the test's own session bus
 * records what Salve sends and invokes actions as a desktop would; the
 * reminders' clock is set to just before a planned time.
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "salve-application.h"
#include "salve-care-plan-repo.h"
#include "salve-condition-repo.h"
#include "salve-db.h"
#include "salve-diary-repo.h"
#include "salve-diary-view.h"
#include "salve-preferences.h"
#include "salve-profile-repo.h"
#include "salve-reminders.h"
#include "salve-session-assistant.h"
#include "salve-session-repo.h"
#include "salve-time.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"
#include "salve-window.h"

static char *config_home;

typedef struct
{
  GDBusConnection *connection;
  GDBusNodeInfo   *info;
  guint            object_id;
  GPtrArray       *notifies;   /* GVariant: the parameters of each Notify */
  GArray          *closed;     /* guint32: the ids of each CloseNotification */
} FakeNotifications;

static void
on_notifications_call (GDBusConnection       *connection,
                       const char            *sender,
                       const char            *path,
                       const char            *interface,
                       const char            *method,
                       GVariant              *parameters,
                       GDBusMethodInvocation *invocation,
                       gpointer               user_data)
{
  FakeNotifications *fake = user_data;

  if (g_str_equal (method, "Notify"))
    {
      g_ptr_array_add (fake->notifies, g_variant_ref (parameters));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", fake->notifies->len));
    }
  else if (g_str_equal (method, "CloseNotification"))
    {
      guint32 id;

      g_variant_get (parameters, "(u)", &id);
      g_array_append_val (fake->closed, id);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "fake", "salve", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static FakeNotifications *
fake_notifications_new (void)
{
  static const char xml[] =
    "<node><interface name='org.freedesktop.Notifications'>"
    "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
    "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
    "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
    "<arg type='u' direction='out'/></method>"
    "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
    "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
    "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
    "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
    "<signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
    "<signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
    "</interface></node>";
  const GDBusInterfaceVTable vtable = { on_notifications_call, NULL, NULL, { 0 } };
  FakeNotifications *fake = g_new0 (FakeNotifications, 1);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 result;

  fake->notifies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  fake->closed = g_array_new (FALSE, FALSE, sizeof (guint32));
  /* Its own connection to the session bus the application uses. */
  fake->connection = g_dbus_connection_new_for_address_sync (g_getenv ("DBUS_SESSION_BUS_ADDRESS"),
                                                             G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                             G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                             NULL, NULL, &error);
  g_assert_no_error (error);
  fake->info = g_dbus_node_info_new_for_xml (xml, &error);
  g_assert_no_error (error);
  fake->object_id = g_dbus_connection_register_object (fake->connection, "/org/freedesktop/Notifications",
                                                       fake->info->interfaces[0], &vtable, fake, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (fake->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 4 /* do not queue */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1);  /* the primary owner */

  return fake;
}

static void
fake_notifications_free (FakeNotifications *fake)
{
  g_dbus_connection_unregister_object (fake->connection, fake->object_id);
  g_dbus_connection_call_sync (fake->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                               "org.freedesktop.DBus", "ReleaseName",
                               g_variant_new ("(s)", "org.freedesktop.Notifications"),
                               NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  g_dbus_node_info_unref (fake->info);
  g_object_unref (fake->connection);
  g_ptr_array_unref (fake->notifies);
  g_array_unref (fake->closed);
  g_free (fake);
}

/* As a desktop does when the person clicks a button (or, with
 * "default", the notification itself). */
static void
fake_notifications_invoke (FakeNotifications *fake,
                           guint32            id,
                           const char        *action)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (fake->connection, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", id, action), &error);
  g_assert_no_error (error);
  g_dbus_connection_flush_sync (fake->connection, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
has_notifies (gpointer data)
{
  FakeNotifications *fake = data;

  return fake->notifies->len > 0;
}

static gboolean
no_main_window (gpointer data)
{
  return salve_test_ui_find_toplevel (SALVE_TYPE_WINDOW) == NULL;
}

static gboolean
label_has (GtkWidget     *widget,
           gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

static gboolean
toast_for_nobody (gpointer data)
{
  return salve_test_ui_find (GTK_WIDGET (data), label_has, "There is no one called “Bert” in Salve any more") != NULL;
}

static gboolean
assistant_open (gpointer data)
{
  return salve_test_ui_find_toplevel (SALVE_TYPE_SESSION_ASSISTANT) != NULL;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static gint64
local_time (int year, int month, int day, int hour, int minute, int second)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (year, month, day, hour, minute, second);

  return g_date_time_to_unix (dt);
}

/* Starts @reminders with their clock at 07:00 on 5 October 2026, when
 * nothing was due in the two hours a start looks back over: started on
 * the real clock, a test run at 18:30 would be told of the real day's
 * 18:00 session first. The test then moves the clock where it needs it. */
static void
start_quietly (SalveReminders *reminders)
{
  salve_reminders_set_now (reminders, local_time (2026, 10, 5, 7, 0, 0));
  salve_reminders_start (reminders);
}

/* A database with Anna, her care plan and TENS at 09:00 and 18:00. */
static char *
make_db (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "salve.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (path, &error);
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(SalveCarePlan) plan = NULL;
  SalveCareSchedule schedule = { SALVE_MODALITY_TENS, 2, 30, 2, { 9 * 60, 18 * 60 } };
  GDate start;

  g_assert_no_error (error);
  anna = salve_profile_repo_add (db, "Anna", &error);
  g_assert_no_error (error);
  g_date_set_dmy (&start, 1, G_DATE_OCTOBER, 2026);
  plan = salve_care_plan_new (&start);
  plan->profile_id = salve_profile_get_id (anna);
  g_assert_true (salve_care_plan_repo_save (db, plan, &error));
  g_assert_no_error (error);
  g_assert_true (salve_care_plan_repo_set_schedule (db, salve_profile_get_id (anna), &schedule, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

static gboolean
has_string (const char * const *strv,
            const char         *s)
{
  return strv != NULL && g_strv_contains (strv, s);
}

/* Opens @app's window on @db, then sets Salve to run in the background
 * and closes the window; returns the reminders, not started yet. */
static SalveReminders *
run_in_background (SalveApplication *app,
                   const char       *db,
                   GSettings        *settings)
{
  SalveWindow *window = salve_test_ui_open_window (app, db, 1000, 700);
  SalveReminders *reminders = salve_application_get_reminders (app);

  g_assert_nonnull (reminders);
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (salve_test_ui_wait (no_main_window, NULL, 5000));

  return reminders;
}

static void
test_reminders_background_session (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = make_db (dir);
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestReminders",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.salve.Salve");
  FakeNotifications *fake = fake_notifications_new ();
  SalveReminders *reminders;
  SalveWindow *window;
  g_autoptr(GVariant) actions_v = NULL;
  g_autofree const char **actions = NULL;
  const char *app_name, *summary, *body;
  gint64 planned = local_time (2026, 10, 5, 9, 0, 0);
  GtkWindow *assistant;

  /* In the background, Salve lives on with its window closed. */
  reminders = run_in_background (app, db, settings);

  /* Two seconds before the planned time: nothing yet. */
  start_quietly (reminders);
  salve_reminders_set_now (reminders, planned - 2);
  salve_test_ui_wait (never, NULL, 1000);
  g_assert_cmpuint (fake->notifies->len, ==, 0);

  /* At 09:00 the reminder comes, by the reminders' own timer. */
  g_assert_true (salve_test_ui_wait (has_notifies, fake, 10000));
  g_assert_cmpint (salve_reminders_get_now (reminders), >=, planned);
  g_assert_cmpuint (fake->notifies->len, ==, 1);
  g_variant_get (g_ptr_array_index (fake->notifies, 0), "(&su&s&s&s@asa{sv}i)",
                 &app_name, NULL, NULL, &summary, &body, &actions_v, NULL, NULL);
  actions = g_variant_get_strv (actions_v, NULL);
  g_assert_cmpstr (summary, ==, "Time for a TENS session");
  g_assert_cmpstr (body, ==, "Anna: 30 minutes, as planned.");
  /* The notification itself and its button start a session; the other
   * button opens the diary. */
  g_assert_true (has_string (actions, "default"));
  g_assert_true (has_string (actions, "app.start-session::Anna"));
  g_assert_true (has_string (actions, "Start Session"));
  g_assert_true (has_string (actions, "app.open-diary::Anna"));
  g_assert_null (salve_test_ui_find_toplevel (SALVE_TYPE_WINDOW));

  /* No second reminder of the same time. */
  salve_reminders_check (reminders);
  salve_test_ui_wait (never, NULL, 300);
  g_assert_cmpuint (fake->notifies->len, ==, 1);

  /* The person clicks "Start Session": the session assistant opens, for
   * Anna, in a new main window. */
  salve_test_ui_wait (never, NULL, 300);  /* the reply to Notify is read */
  fake_notifications_invoke (fake, 1, "app.start-session::Anna");
  g_assert_true (salve_test_ui_wait (assistant_open, NULL, 10000));
  assistant = salve_test_ui_find_toplevel (SALVE_TYPE_SESSION_ASSISTANT);
  window = SALVE_WINDOW (salve_test_ui_find_toplevel (SALVE_TYPE_WINDOW));
  g_assert_nonnull (window);
  g_assert_cmpstr (salve_profile_get_name (salve_window_get_profile (window)), ==, "Anna");
  g_assert_cmpstr (salve_session_assistant_get_step (SALVE_SESSION_ASSISTANT (assistant)), ==, "site");
  gtk_window_destroy (assistant);
  salve_test_ui_iterate ();

  /* A reminder for someone renamed or deleted since starts nothing for
   * whoever is active: it opened a session for Anna from Bert's reminder
   * after Bert was renamed (an outside look). */
  g_action_group_activate_action (G_ACTION_GROUP (app), "start-session", g_variant_new_string ("Bert"));
  g_assert_false (salve_test_ui_wait (assistant_open, NULL, 1000));
  g_assert_true (salve_test_ui_wait (toast_for_nobody, window, 10000));
  g_assert_cmpstr (salve_profile_get_name (salve_window_get_profile (window)), ==, "Anna");

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_set_boolean (settings, "run-in-background", FALSE);
  salve_test_ui_iterate ();
  fake_notifications_free (fake);
  salve_test_remove_tree (dir);
}

/* What the reminders send first for the TENS planned at 9:00 on
 * 2026-10-05 in make_db()'s plan, run in an app of @app_id on @db: the
 * notification's summary, body and actions (each action's name and its
 * "action::target"). */
static void
first_planned_notification (const char   *db,
                            const char   *app_id,
                            char        **summary,
                            char        **body,
                            char       ***actions)
{
  g_autoptr(SalveApplication) app = salve_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  FakeNotifications *fake = fake_notifications_new ();
  g_autoptr(GVariant) actions_v = NULL;
  SalveReminders *reminders;
  SalveWindow *window;
  const char *s, *b;

  window = salve_test_ui_open_window (app, db, 1000, 700);
  reminders = salve_application_get_reminders (app);
  start_quietly (reminders);
  salve_reminders_set_now (reminders, local_time (2026, 10, 5, 9, 0, 0) - 1);
  g_assert_true (salve_test_ui_wait (has_notifies, fake, 10000));
  g_variant_get (g_ptr_array_index (fake->notifies, 0), "(&su&s&s&s@asa{sv}i)",
                 NULL, NULL, NULL, &s, &b, &actions_v, NULL, NULL);
  *summary = g_strdup (s);
  *body = g_strdup (b);
  *actions = g_variant_dup_strv (actions_v, NULL);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  fake_notifications_free (fake);
}

/* A pacemaker answered yes since the plan was made: the reminder says the
 * planned TENS is not allowed and offers the checklist, no Start Session
 * to a session that would be blocked. */
static void
test_reminders_refused_session (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = make_db (dir);
  g_autofree char *summary = NULL;
  g_autofree char *body = NULL;
  g_auto(GStrv) actions = NULL;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) handle = salve_db_open (db, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (handle, "Anna", &error);

    g_assert_no_error (error);
    g_assert_true (salve_condition_repo_set (handle, salve_profile_get_id (anna), SALVE_CONDITION_PACEMAKER,
                                             SALVE_ANSWER_YES, SALVE_N_SITES, "Anna", &error));
    g_assert_no_error (error);
  }

  first_planned_notification (db, "io.github.salve.Salve.TestRemindersRefused", &summary, &body, &actions);
  g_assert_cmpstr (summary, ==, "A TENS session is planned, but not allowed");
  g_assert_cmpstr (body, ==, "Anna: the checklist does not allow it where the plan has it. "
                             "Speak with the therapist before the next session.");
  g_assert_true (has_string ((const char **) actions, "app.open-checklist::Anna"));
  g_assert_true (has_string ((const char **) actions, "Open Checklist"));
  g_assert_false (has_string ((const char **) actions, "app.start-session::Anna"));

  salve_test_remove_tree (dir);
}

/* Numbness noted the evening before: the reminder says to stop there, as
 * the warning sign does, and offers no Start Session. */
static void
test_reminders_numbness (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = make_db (dir);
  g_autofree char *summary = NULL;
  g_autofree char *body = NULL;
  g_auto(GStrv) actions = NULL;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) handle = salve_db_open (db, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (handle, "Anna", &error);
    g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (anna));
    g_autoptr(GDateTime) evening = g_date_time_new_from_unix_local (local_time (2026, 10, 4, 20, 0, 0));

    g_assert_no_error (error);
    salve_diary_entry_set_pain (entry, 5);
    salve_diary_entry_set_at (entry, evening);
    salve_diary_entry_set_numbness (entry, TRUE);
    g_assert_true (salve_diary_repo_add (handle, entry, &error));
    g_assert_no_error (error);
  }

  first_planned_notification (db, "io.github.salve.Salve.TestRemindersNumb", &summary, &body, &actions);
  g_assert_cmpstr (summary, ==, "A TENS session is planned: numbness was noted");
  g_assert_cmpstr (body, ==, "Anna: The diary noted numbness or loss of feeling: no TENS where it was "
                             "noted for a week after the entry, nor after that until a doctor has looked at it.");
  g_assert_true (has_string ((const char **) actions, "app.open-diary::Anna"));
  g_assert_false (has_string ((const char **) actions, "app.start-session::Anna"));

  salve_test_remove_tree (dir);
}

/* A plan that starts tomorrow reminds of nothing today: its first
 * reminder is on its first day. */
static void
test_reminders_not_before_start (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = make_db (dir);
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestRemindersStart",
                                                           G_APPLICATION_NON_UNIQUE);
  FakeNotifications *fake = fake_notifications_new ();
  g_autoptr(GVariant) actions_v = NULL;
  SalveReminders *reminders;
  SalveWindow *window;
  const char *summary;
  gint64 until;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) handle = salve_db_open (db, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (handle, "Anna", &error);
    g_autoptr(SalveCarePlan) plan = salve_care_plan_repo_get (handle, salve_profile_get_id (anna), &error);

    g_assert_no_error (error);
    g_date_set_dmy (&plan->start, 6, G_DATE_OCTOBER, 2026);
    g_assert_true (salve_care_plan_repo_save (handle, plan, &error));
    g_assert_no_error (error);
  }

  window = salve_test_ui_open_window (app, db, 1000, 700);
  reminders = salve_application_get_reminders (app);
  start_quietly (reminders);
  salve_reminders_set_now (reminders, local_time (2026, 10, 5, 9, 0, 0) - 1);
  until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (fake->notifies->len, ==, 0);

  salve_reminders_set_now (reminders, local_time (2026, 10, 6, 9, 0, 0) - 1);
  g_assert_true (salve_test_ui_wait (has_notifies, fake, 10000));
  g_variant_get (g_ptr_array_index (fake->notifies, 0), "(&su&s&s&s@asa{sv}i)",
                 NULL, NULL, NULL, &summary, NULL, &actions_v, NULL, NULL);
  g_assert_cmpstr (summary, ==, "Time for a TENS session");

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  fake_notifications_free (fake);
  salve_test_remove_tree (dir);
}

/* Each switch for its own kind: Session Reminders off kept the diary's
 * reminder from coming too, its own switch still on (an outside look). */
static void
test_reminders_switches_apart (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.salve.Salve");
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = make_db (dir);
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestRemindersApart",
                                                           G_APPLICATION_NON_UNIQUE);
  FakeNotifications *fake = fake_notifications_new ();
  SalveReminders *reminders;
  SalveWindow *window;
  const char *summary;
  gint64 until;

  g_settings_set_boolean (settings, "reminders", FALSE);
  g_assert_true (g_settings_get_boolean (settings, "diary-reminder"));
  window = salve_test_ui_open_window (app, db, 1000, 700);
  reminders = salve_application_get_reminders (app);
  start_quietly (reminders);

  /* TENS at 18:00: not said. */
  salve_reminders_set_now (reminders, local_time (2026, 10, 5, 18, 0, 0) - 1);
  until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (fake->notifies->len, ==, 0);

  /* The diary at 20:00, with nothing in it that day: said. */
  salve_reminders_set_now (reminders, local_time (2026, 10, 5, 20, 0, 0) - 1);
  g_assert_true (salve_test_ui_wait (has_notifies, fake, 10000));
  g_variant_get (g_ptr_array_index (fake->notifies, 0), "(&su&s&s&s@asa{sv}i)",
                 NULL, NULL, NULL, &summary, NULL, NULL, NULL, NULL);
  g_assert_cmpstr (summary, !=, "Time for a TENS session");
  g_assert_cmpuint (fake->notifies->len, ==, 1);

  g_settings_set_boolean (settings, "reminders", TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  fake_notifications_free (fake);
  salve_test_remove_tree (dir);
}

/* The planned time comes while salvectl imports with the database to
 * itself, so that it cannot be read: the reminder waits for the import,
 * it is not lost with the minute it fell in. */
static void
test_reminders_database_busy (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = make_db (dir);
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestRemindersBusy",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.salve.Salve");
  FakeNotifications *fake = fake_notifications_new ();
  gint64 planned = local_time (2026, 10, 5, 9, 0, 0);
  SalveReminders *reminders;
  SalveWindow *window;
  SalveTestLock *lock;
  const char *summary;

  /* In the background, with no window and no connection of its own. */
  reminders = run_in_background (app, db, settings);

  lock = salve_test_lock_take_alone (db);
  start_quietly (reminders);
  salve_reminders_set_now (reminders, planned - 1);
  salve_test_ui_wait (never, NULL, 3000);
  g_assert_cmpint (salve_reminders_get_now (reminders), >=, planned);
  g_assert_cmpuint (fake->notifies->len, ==, 0);

  salve_test_lock_release (lock);
  g_assert_true (salve_test_ui_wait (has_notifies, fake, 10000));
  g_variant_get (g_ptr_array_index (fake->notifies, 0), "(&su&s&s&s@asa{sv}i)",
                 NULL, NULL, NULL, &summary, NULL, NULL, NULL, NULL);
  g_assert_cmpstr (summary, ==, "Time for a TENS session");

  /* Start Session, clicked while another import holds the database:
   * the window waits for it, then starts Anna's session. */
  lock = salve_test_lock_take_alone (db);
  salve_test_ui_wait (never, NULL, 300);  /* the reply to Notify is read */
  fake_notifications_invoke (fake, 1, "app.start-session::Anna");
  salve_test_ui_wait (never, NULL, 1500);
  window = SALVE_WINDOW (salve_test_ui_find_toplevel (SALVE_TYPE_WINDOW));
  g_assert_nonnull (window);
  g_assert_null (salve_window_get_db (window));
  g_assert_null (salve_test_ui_find_toplevel (SALVE_TYPE_SESSION_ASSISTANT));
  salve_test_lock_release (lock);
  g_assert_true (salve_test_ui_wait (assistant_open, NULL, 10000));
  g_assert_cmpstr (salve_profile_get_name (salve_window_get_profile (window)), ==, "Anna");
  gtk_window_destroy (salve_test_ui_find_toplevel (SALVE_TYPE_SESSION_ASSISTANT));
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_set_boolean (settings, "run-in-background", FALSE);
  salve_test_ui_iterate ();
  fake_notifications_free (fake);
  salve_test_remove_tree (dir);
}

static void
test_reminders_micro_break (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = make_db (dir);
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestRemindersBreak",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.salve.Salve");
  FakeNotifications *fake = fake_notifications_new ();
  gint64 start = local_time (2026, 10, 5, 10, 0, 0);
  SalveReminders *reminders;
  SalveWindow *window;
  const char *summary;

  window = salve_test_ui_open_window (app, db, 1000, 700);
  reminders = salve_application_get_reminders (app);
  start_quietly (reminders);

  /* Off by default: thirty minutes of work bring nothing. */
  g_assert_false (g_settings_get_boolean (settings, "break-reminders"));
  salve_reminders_set_now (reminders, start);
  salve_test_ui_wait (never, NULL, 500);
  salve_reminders_set_now (reminders, start + 30 * 60);
  salve_test_ui_wait (never, NULL, 500);
  g_assert_cmpuint (fake->notifies->len, ==, 0);

  /* On: the count starts, and after thirty minutes the break is due. */
  g_settings_set_boolean (settings, "break-reminders", TRUE);
  salve_reminders_set_now (reminders, start + 31 * 60);
  salve_test_ui_wait (never, NULL, 500);
  salve_reminders_set_now (reminders, start + 60 * 60);
  salve_test_ui_wait (never, NULL, 500);
  g_assert_cmpuint (fake->notifies->len, ==, 0);
  salve_reminders_set_now (reminders, start + 61 * 60);
  g_assert_true (salve_test_ui_wait (has_notifies, fake, 5000));
  g_variant_get (g_ptr_array_index (fake->notifies, 0), "(&su&s&s&s@asa{sv}i)",
                 NULL, NULL, NULL, &summary, NULL, NULL, NULL, NULL);
  g_assert_cmpstr (summary, ==, "Time for a short break");

  g_settings_reset (settings, "break-reminders");
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  fake_notifications_free (fake);
  salve_test_remove_tree (dir);
}

/* As salvectl (or a session window) does: a TENS session of Anna's on
 * a connection of its own, running since @started_unix. Returns its id;
 * the session runs while @db stays open. */
static gint64
start_running_session (SalveDb *db,
                       gint64   started_unix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (db, "Anna", &error);
  g_autoptr(SalveSession) session = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_LOWER_BACK);
  g_autoptr(GDateTime) started = g_date_time_new_from_unix_local (started_unix);
  g_autofree char *started_at = salve_time_format_iso (started);

  g_assert_no_error (error);
  salve_session_set_profile_id (session, salve_profile_get_id (anna));
  g_assert_true (salve_session_repo_create (db, session, &error));
  g_assert_no_error (error);
  g_assert_true (salve_session_repo_mark_started (db, salve_session_get_id (session), started_at, &error));
  g_assert_no_error (error);

  return salve_session_get_id (session);
}

static void
end_session (SalveDb             *db,
             gint64               id,
             SalveSessionOutcome  outcome,
             gint64               ended_unix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) ended = g_date_time_new_from_unix_local (ended_unix);
  g_autofree char *ended_at = salve_time_format_iso (ended);

  g_assert_true (salve_session_repo_finish (db, id, outcome,
                                            outcome == SALVE_SESSION_OUTCOME_COMPLETED ? NULL
                                                                                       : SALVE_SESSION_REASON_USER,
                                            ended_at, &error));
  g_assert_no_error (error);
}

static gboolean
toast_session_running (gpointer data)
{
  return salve_test_ui_find (GTK_WIDGET (data), label_has, "A session for Anna is running") != NULL;
}

/* A planned time comes while a session runs (a stimulator on, from the
 * session window or salvectl): the reminder offered Start Session for a
 * second session in the middle of the first. It waits until the session
 * has ended, and one that the session covered never comes. Start Session
 * from an earlier reminder starts no second session either. */
static void
test_reminders_session_running (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = make_db (dir);
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestRemindersRunning",
                                                           G_APPLICATION_NON_UNIQUE);
  FakeNotifications *fake = fake_notifications_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) other = salve_db_open (db, &error);
  gint64 morning = local_time (2026, 10, 5, 9, 0, 0);
  gint64 evening = local_time (2026, 10, 5, 18, 0, 0);
  SalveReminders *reminders;
  SalveWindow *window;
  const char *summary;
  gint64 id;

  g_assert_no_error (error);
  window = salve_test_ui_open_window (app, db, 1000, 700);
  reminders = salve_application_get_reminders (app);

  /* Begun five minutes early, running across 09:00: no reminder. */
  id = start_running_session (other, morning - 5 * 60);
  salve_reminders_set_now (reminders, morning - 1);
  salve_reminders_start (reminders);
  salve_test_ui_wait (never, NULL, 3000);
  g_assert_cmpint (salve_reminders_get_now (reminders), >=, morning);
  g_assert_cmpuint (fake->notifies->len, ==, 0);

  /* Start Session (an earlier reminder's, say) opens no second session
   * for her while hers runs, and says why. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "start-session", g_variant_new_string ("Anna"));
  g_assert_true (salve_test_ui_wait (toast_session_running, window, 5000));
  g_assert_null (salve_test_ui_find_toplevel (SALVE_TYPE_SESSION_ASSISTANT));

  /* Completed, it was the 09:00 session: still nothing. */
  end_session (other, id, SALVE_SESSION_OUTCOME_COMPLETED, morning + 25 * 60);
  salve_reminders_check (reminders);
  salve_test_ui_wait (never, NULL, 1000);
  g_assert_cmpuint (fake->notifies->len, ==, 0);

  /* At 18:00 another one runs and is stopped early: the reminder waits
   * for its end, then comes. */
  id = start_running_session (other, evening - 5 * 60);
  salve_reminders_set_now (reminders, evening - 1);
  salve_test_ui_wait (never, NULL, 3000);
  g_assert_cmpuint (fake->notifies->len, ==, 0);
  end_session (other, id, SALVE_SESSION_OUTCOME_STOPPED, evening + 60);
  salve_reminders_check (reminders);
  g_assert_true (salve_test_ui_wait (has_notifies, fake, 10000));
  g_variant_get (g_ptr_array_index (fake->notifies, 0), "(&su&s&s&s@asa{sv}i)",
                 NULL, NULL, NULL, &summary, NULL, NULL, NULL, NULL);
  g_assert_cmpstr (summary, ==, "Time for a TENS session");

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  fake_notifications_free (fake);
  salve_test_remove_tree (dir);
}

typedef struct
{
  FakeNotifications *fake;
  guint              n;
} CountWait;

static gboolean
has_n_notifies (gpointer data)
{
  CountWait *wait = data;

  return wait->fake->notifies->len >= wait->n;
}

static gboolean
has_n_closed (gpointer data)
{
  CountWait *wait = data;

  return wait->fake->closed->len >= wait->n;
}

/* Sets the reminders' clock to just before @planned and waits for the
 * notification then due, the @n-th; returns the summary it has. */
static const char *
wait_for_reminder (SalveReminders    *reminders,
                   FakeNotifications *fake,
                   gint64             planned,
                   guint              n)
{
  const char *summary;

  salve_reminders_set_now (reminders, planned - 1);
  g_assert_true (salve_test_ui_wait (has_n_notifies, &(CountWait) { fake, n }, 10000));
  g_assert_cmpuint (fake->notifies->len, ==, n);
  g_variant_get (g_ptr_array_index (fake->notifies, n - 1), "(&su&s&s&s@asa{sv}i)",
                 NULL, NULL, NULL, &summary, NULL, NULL, NULL, NULL);
  salve_test_ui_wait (never, NULL, 300);  /* the reply to Notify is read */

  return summary;
}

/* Checks again at @now and waits for the notification the server
 * numbered @server_id to be closed, the @n-th closed. */
static void
assert_withdrawn (SalveReminders    *reminders,
                  FakeNotifications *fake,
                  gint64             now,
                  guint32            server_id,
                  guint              n)
{
  salve_reminders_set_now (reminders, now);
  g_assert_true (salve_test_ui_wait (has_n_closed, &(CountWait) { fake, n }, 5000));
  g_assert_cmpuint (fake->closed->len, ==, n);
  g_assert_cmpuint (g_array_index (fake->closed, guint32, n - 1), ==, server_id);
}

/* A reminder stayed on the screen, Start Session and all, after what it
 * asked for was done, or no longer asked: taken back once the session
 * was done, the plan no longer has it, the diary was written, or the
 * person was renamed or deleted. */
static void
test_reminders_withdrawn (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = make_db (dir);
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestRemindersWithdrawn",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.salve.Salve");
  FakeNotifications *fake = fake_notifications_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) other = salve_db_open (db, &error);
  g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (other, "Anna", &error);
  gint64 morning = local_time (2026, 10, 5, 9, 0, 0);
  SalveReminders *reminders;
  gint64 id;

  g_assert_no_error (error);
  reminders = run_in_background (app, db, settings);
  salve_reminders_set_now (reminders, morning - 60);
  salve_reminders_start (reminders);

  /* The 09:00 session, done at 09:05 (in salvectl, say). */
  g_assert_cmpstr (wait_for_reminder (reminders, fake, morning, 1), ==, "Time for a TENS session");
  salve_test_ui_wait (never, NULL, 1000);
  g_assert_cmpuint (fake->closed->len, ==, 0);
  id = start_running_session (other, morning + 5 * 60);
  end_session (other, id, SALVE_SESSION_OUTCOME_COMPLETED, morning + 35 * 60);
  assert_withdrawn (reminders, fake, morning + 36 * 60, 1, 1);

  /* The 18:00 one, and TENS taken off the plan. */
  g_assert_cmpstr (wait_for_reminder (reminders, fake, local_time (2026, 10, 5, 18, 0, 0), 2), ==,
                   "Time for a TENS session");
  salve_reminders_check (reminders);
  salve_test_ui_wait (never, NULL, 500);
  g_assert_cmpuint (fake->closed->len, ==, 1);
  g_assert_true (salve_care_plan_repo_remove_schedule (other, salve_profile_get_id (anna), SALVE_MODALITY_TENS,
                                                       &error));
  g_assert_no_error (error);
  assert_withdrawn (reminders, fake, local_time (2026, 10, 5, 18, 5, 0), 2, 2);

  /* The diary's at 20:00, and an entry at 20:10. */
  g_assert_cmpstr (wait_for_reminder (reminders, fake, local_time (2026, 10, 5, 20, 0, 0), 3), ==,
                   "How was your day?");
  {
    g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (anna));
    g_autoptr(GDateTime) evening = g_date_time_new_from_unix_local (local_time (2026, 10, 5, 20, 10, 0));

    salve_diary_entry_set_pain (entry, 4);
    salve_diary_entry_set_at (entry, evening);
    g_assert_true (salve_diary_repo_add (other, entry, &error));
    g_assert_no_error (error);
  }
  assert_withdrawn (reminders, fake, local_time (2026, 10, 5, 20, 11, 0), 3, 3);

  /* The next day's, and Anna renamed: its buttons would look for the
   * old name. */
  g_assert_cmpstr (wait_for_reminder (reminders, fake, local_time (2026, 10, 6, 20, 0, 0), 4), ==,
                   "How was your day?");
  g_assert_true (salve_profile_repo_rename (other, salve_profile_get_id (anna), "Anna de Vries", &error));
  g_assert_no_error (error);
  assert_withdrawn (reminders, fake, local_time (2026, 10, 6, 20, 5, 0), 4, 4);

  /* The day after, and Anna deleted. */
  g_assert_cmpstr (wait_for_reminder (reminders, fake, local_time (2026, 10, 7, 20, 0, 0), 5), ==,
                   "How was your day?");
  g_assert_true (salve_profile_repo_delete (other, salve_profile_get_id (anna), &error));
  g_assert_no_error (error);
  assert_withdrawn (reminders, fake, local_time (2026, 10, 7, 20, 5, 0), 5, 5);

  g_settings_set_boolean (settings, "run-in-background", FALSE);
  salve_test_ui_iterate ();
  fake_notifications_free (fake);
  salve_test_remove_tree (dir);
}

/* Salve starts (at login, or the laptop woke) 40 minutes after the
 * planned time: the reminder said "Time for a TENS session" as if it were
 * now. It says the time it was planned for, and still offers it. */
static void
test_reminders_late (void)
{
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = make_db (dir);
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestRemindersLate",
                                                           G_APPLICATION_NON_UNIQUE);
  FakeNotifications *fake = fake_notifications_new ();
  g_autoptr(GVariant) actions_v = NULL;
  g_autofree const char **actions = NULL;
  gint64 planned = local_time (2026, 10, 5, 9, 0, 0);
  SalveReminders *reminders;
  SalveWindow *window;
  const char *summary, *body;

  window = salve_test_ui_open_window (app, db, 1000, 700);
  reminders = salve_application_get_reminders (app);
  salve_reminders_set_now (reminders, planned + 40 * 60);
  salve_reminders_start (reminders);
  g_assert_true (salve_test_ui_wait (has_notifies, fake, 10000));
  g_variant_get (g_ptr_array_index (fake->notifies, 0), "(&su&s&s&s@asa{sv}i)",
                 NULL, NULL, NULL, &summary, &body, &actions_v, NULL, NULL);
  actions = g_variant_get_strv (actions_v, NULL);
  g_assert_cmpstr (summary, ==, "A TENS session was planned for 09:00");
  g_assert_cmpstr (body, ==, "Anna: 30 minutes, as planned.");
  g_assert_true (has_string (actions, "app.start-session::Anna"));

  /* On time, it is now. */
  salve_reminders_set_now (reminders, local_time (2026, 10, 5, 18, 0, 0) - 1);
  g_assert_true (salve_test_ui_wait (has_n_notifies, &(CountWait) { fake, 2 }, 10000));
  g_variant_get (g_ptr_array_index (fake->notifies, 1), "(&su&s&s&s@asa{sv}i)",
                 NULL, NULL, NULL, &summary, NULL, NULL, NULL, NULL);
  g_assert_cmpstr (summary, ==, "Time for a TENS session");

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  fake_notifications_free (fake);
  salve_test_remove_tree (dir);
}

static gboolean
quit_now (gpointer data)
{
  g_action_group_activate_action (G_ACTION_GROUP (data), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
give_up (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  g_application_quit (g_application_get_default ());
  return G_SOURCE_REMOVE;
}

/* Run in the Background on, started at login with no window: there was
 * no way to end Salve but to turn the switch off. Quit (the main menu's,
 * shown while it runs in the background, or Ctrl+Q) ends it; the switch
 * stays on for the next login. */
static void
test_reminders_quit (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.salve.Salve");
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = make_db (dir);
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestRemindersQuit",
                                                           G_APPLICATION_NON_UNIQUE);
  char *argv[] = { (char *) "salve", (char *) "--background", (char *) "--db", db, NULL };
  g_autofree char *autostart = salve_reminders_get_autostart_path ();
  gboolean timed_out = FALSE;
  guint give_up_id;

  /* The Quit item is there only while Salve runs in the background. */
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "quit-background"));
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "quit-background"));
  /* On the real clock, a run at 18:30 would be told of the real day's
   * 18:00 session, with no notification server to tell. */
  salve_reminders_set_now (salve_application_get_reminders (app), local_time (2026, 10, 5, 7, 0, 0));

  g_timeout_add (500, quit_now, app);
  give_up_id = g_timeout_add_seconds (10, give_up, &timed_out);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv), ==, 0);
  g_assert_false (timed_out);
  g_source_remove (give_up_id);
  g_assert_true (g_settings_get_boolean (settings, "run-in-background"));
  g_assert_true (g_file_test (autostart, G_FILE_TEST_IS_REGULAR));

  g_settings_set_boolean (settings, "run-in-background", FALSE);
  g_assert_true (g_unlink (autostart) == 0 || errno == ENOENT);
  salve_test_remove_tree (dir);
}

static gboolean
switch_named (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_SWITCH (widget) && g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
}

static gboolean
spin_named (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_SPIN_BUTTON (widget) && g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
}

/* The command line of the autostart entry at @path, read as a desktop
 * does: the key file's escapes, then %% as %, then the quoting. */
static GStrv
autostart_argv (const char *path)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) exec = NULL;
  g_autofree char *value = NULL;
  GStrv argv = NULL;

  g_assert_true (g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  value = g_key_file_get_string (key_file, "Desktop Entry", "Exec", &error);
  g_assert_no_error (error);
  exec = g_string_new (value);
  for (gsize i = 0; i < exec->len; i++)
    if (exec->str[i] == '%')
      {
        /* No field code: Salve takes no file or URL at login. */
        g_assert_cmpint (exec->str[i + 1], ==, '%');
        g_string_erase (exec, i, 1);
      }
  g_assert_true (g_shell_parse_argv (exec->str, NULL, &argv, &error));
  g_assert_no_error (error);

  return argv;
}

static void
test_reminders_preferences_autostart (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.salve.Salve");
  g_autofree char *dir = salve_test_make_tmpdir ();
  /* A folder whose name the Exec line must quote, and % escape. */
  g_autofree char *odd = g_build_filename (dir, "Jo's \"data\" $HOME `x` 100%", NULL);
  g_autofree char *db = (g_mkdir (odd, 0700), make_db (odd));
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestRemindersPrefs",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = salve_reminders_get_autostart_path ();
  g_autofree char *validate = g_find_program_in_path ("desktop-file-validate");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  SalveWindow *window;
  GtkWindow *prefs;
  GtkWidget *toggle;
  int status;

  g_assert_true (g_str_has_prefix (path, config_home));
  window = salve_test_ui_open_window (app, db, 1000, 700);

  /* Off by default, with no autostart entry. */
  g_assert_false (g_settings_get_boolean (settings, "run-in-background"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  salve_test_ui_iterate ();
  prefs = salve_test_ui_find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);

  /* The minutes between micro-breaks can be set (they could not), and
   * are asked only while micro-breaks are on. */
  {
    GtkWidget *interval = salve_test_ui_find (GTK_WIDGET (prefs), spin_named, "break-interval");
    GtkWidget *breaks = salve_test_ui_find (GTK_WIDGET (prefs), switch_named, "break-reminders");
    GtkWidget *row;

    g_assert_nonnull (interval);
    row = gtk_widget_get_ancestor (interval, ADW_TYPE_ACTION_ROW);
    g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (interval)), ==, 30);
    g_assert_false (gtk_switch_get_active (GTK_SWITCH (breaks)));
    g_assert_false (gtk_widget_get_sensitive (row));
    gtk_switch_set_active (GTK_SWITCH (breaks), TRUE);
    g_assert_true (gtk_widget_get_sensitive (row));
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (interval), 45);
    g_assert_cmpint (g_settings_get_int (settings, "break-interval"), ==, 45);
    /* The schema's range holds: no fewer than 10 minutes. */
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (interval), 2);
    g_assert_cmpint (g_settings_get_int (settings, "break-interval"), ==, 10);
    g_settings_reset (settings, "break-interval");
    g_settings_reset (settings, "break-reminders");
  }
  toggle = salve_test_ui_find (GTK_WIDGET (prefs), switch_named, "run-in-background");
  g_assert_nonnull (toggle);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));

  /* The switch turns on running in the background and starting at login
   * with --background, on the database Salve runs on (not the default
   * one: the reminders at login read another database, or none), in a
   * valid desktop entry. */
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "run-in-background"));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  {
    g_auto(GStrv) argv = autostart_argv (path);

    g_assert_cmpuint (g_strv_length (argv), ==, 4);
    g_assert_cmpstr (argv[0], ==, "salve");
    g_assert_cmpstr (argv[1], ==, "--background");
    g_assert_cmpstr (argv[2], ==, "--db");
    g_assert_cmpstr (argv[3], ==, db);
  }
  g_assert_nonnull (validate);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { validate, path, NULL }, NULL, G_SPAWN_DEFAULT,
                               NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);

  /* And off again: the entry goes. */
  gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "run-in-background"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* On the default database, the entry needs no --db. */
  {
    g_autofree char *default_db = salve_db_get_default_path ();
    g_auto(GStrv) argv = NULL;

    salve_application_set_db_path (app, default_db);
    gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
    argv = autostart_argv (path);
    g_assert_cmpuint (g_strv_length (argv), ==, 2);
    g_assert_cmpstr (argv[1], ==, "--background");
    gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
    salve_application_set_db_path (app, db);
  }

  /* An entry that cannot be written (a file where its folder goes) is
   * said in the window, not only on the terminal: the switch is on, and
   * nobody knew Salve would not start at the next login. */
  {
    g_autofree char *folder = g_path_get_dirname (path);
    GtkWidget *toast_label = NULL;
    GLogLevelFlags fatal;

    g_assert_true (g_rmdir (folder) == 0 || errno == ENOENT);
    g_assert_true (g_file_set_contents (folder, "", 0, NULL));
    /* Its warning on the terminal is the case under test, not a failure. */
    fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);
    gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
    salve_test_ui_iterate ();
    toast_label = salve_test_ui_find (GTK_WIDGET (prefs), label_has, "it could not be set to start at login");
    g_assert_nonnull (toast_label);
    gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
    g_log_set_always_fatal (fatal);
    g_assert_cmpint (g_unlink (folder), ==, 0);
  }

  gtk_window_destroy (prefs);
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  salve_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  /* Before anything reads it: the autostart entry goes here. */
  config_home = salve_test_make_tmpdir ();
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);

  salve_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/reminders/background-session", test_reminders_background_session);
  g_test_add_func ("/ui/reminders/preferences-autostart", test_reminders_preferences_autostart);
  g_test_add_func ("/ui/reminders/switches-apart", test_reminders_switches_apart);
  g_test_add_func ("/ui/reminders/micro-break", test_reminders_micro_break);
  g_test_add_func ("/ui/reminders/refused-session", test_reminders_refused_session);
  g_test_add_func ("/ui/reminders/numbness", test_reminders_numbness);
  g_test_add_func ("/ui/reminders/not-before-start", test_reminders_not_before_start);
  g_test_add_func ("/ui/reminders/database-busy", test_reminders_database_busy);
  g_test_add_func ("/ui/reminders/session-running", test_reminders_session_running);
  g_test_add_func ("/ui/reminders/withdrawn", test_reminders_withdrawn);
  g_test_add_func ("/ui/reminders/late", test_reminders_late);
  g_test_add_func ("/ui/reminders/quit", test_reminders_quit);

  ret = g_test_run ();
  salve_test_ui_shutdown ();
  salve_test_remove_tree (config_home);

  return ret;
}
