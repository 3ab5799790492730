/* salve-reminders.c: notifications at the care plan's planned times
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-reminders"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "salve-application.h"
#include "salve-care-plan-repo.h"
#include "salve-condition-repo.h"
#include "salve-db.h"
#include "salve-profile-repo.h"
#include "salve-reminder.h"
#include "salve-session-repo.h"
#include "salve-window.h"
#include "salve-reminders.h"
#include "salve-time.h"
#include "salve-treatment.h"

/* The longest wait between two checks: a schedule changed in the
 * meantime, or a clock set forward, is seen within a minute. */
#define CHECK_INTERVAL_MS 60000
/* After a database that could not be read because another program writes
 * to it alone. */
#define BUSY_RETRY_MS 2000
/* A reminder this late (Salve was not running, the computer slept, a
 * session ran) says the time it was planned for: it would read as now. */
#define LATE_SECONDS (5 * 60)

struct _SalveReminders
{
  GObject       parent_instance;

  GApplication *app;           /* unowned: the application owns this */
  GSettings    *settings;
  gint64        offset_us;     /* added to the real time (tests) */
  gint64        last_check;    /* 0 until started */
  gint64        work_since;    /* screen work, for micro-breaks; 0: not known */
  GCancellable *cancellable;
  guint         timeout_id;
  gboolean      held;
  /* The notifications out, by id (Sent): each is taken back once it no
   * longer asks for anything. */
  GHashTable   *sent;
  gboolean      let_go;        /* Quit: not held, the setting on or not */
};

typedef struct
{
  gint64        profile_id;
  char         *name;          /* the person's, as the notification says it */
  SalveReminder reminder;
} Sent;

static void
sent_free (Sent *sent)
{
  g_free (sent->name);
  g_free (sent);
}

G_DEFINE_FINAL_TYPE (SalveReminders, salve_reminders, G_TYPE_OBJECT)

static gboolean on_timeout (gpointer user_data);

static void
schedule_next (SalveReminders *self,
               gint64          next_unix)
{
  gint64 delay_ms = CHECK_INTERVAL_MS;

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  /* A millisecond past the planned second, so that the check then
   * reads a time at or after it. */
  if (next_unix > 0)
    {
      gint64 now_us = g_get_real_time () + self->offset_us;

      delay_ms = CLAMP ((next_unix * G_USEC_PER_SEC - now_us) / 1000 + 1, 1, CHECK_INTERVAL_MS);
    }

  self->timeout_id = g_timeout_add ((guint) delay_ms, on_timeout, self);
}

/* The planned time of a late reminder as people read it: "09:00", or
 * with its day when that was another one than @now_unix's. NULL when
 * the reminder is on time. */
static char *
format_late (gint64 due_unix,
             gint64 now_unix)
{
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (now_unix - due_unix <= LATE_SECONDS)
    return NULL;

  due = g_date_time_new_from_unix_local (due_unix);
  now = g_date_time_new_from_unix_local (now_unix);
  if (due == NULL || now == NULL)
    return NULL;
  if (g_date_time_get_day_of_year (due) != g_date_time_get_day_of_year (now) ||
      g_date_time_get_year (due) != g_date_time_get_year (now))
    return salve_time_format_date_time (due);

  return g_date_time_format (due, "%H:%M");
}

static void
send_reminder (SalveReminders      *self,
               SalveProfile        *profile,
               const SalveReminder *reminder,
               gboolean             blocked,
               gboolean             numb,
               gint64               now)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *late = format_late (reminder->due_unix, now);
  const char *name = salve_profile_get_name (profile);
  const char *modality = salve_modality_get_name (reminder->modality);

  /* One notification per person and kind: a later one replaces it. */
  if (reminder->kind == SALVE_REMINDER_SESSION)
    id = g_strdup_printf ("session-%" G_GINT64_FORMAT "-%s", salve_profile_get_id (profile),
                          salve_modality_to_id (reminder->modality));
  else
    id = g_strdup_printf ("diary-%" G_GINT64_FORMAT, salve_profile_get_id (profile));

  if (reminder->kind == SALVE_REMINDER_SESSION && blocked)
    {
      /* The plan has it, the checklist (answered since) no longer allows
       * it: no Start Session to a session that would be blocked. */
      if (late != NULL)
        /* Translators: a reminder that comes late; the first %s is a
         * modality, e.g. "TENS", the second the planned time, e.g. "09:00" */
        title = g_strdup_printf (_("A %s session was planned for %s, but is not allowed"), modality, late);
      else
        /* Translators: %s is a modality, e.g. "TENS" */
        title = g_strdup_printf (_("A %s session is planned, but not allowed"), modality);
      /* Translators: %s is the person's name */
      body = g_strdup_printf (_("%s: the checklist does not allow it where the plan has it. Speak with the therapist "
                                "before the next session."), name);
      notification = g_notification_new (title);
      g_notification_set_body (notification, body);
      g_notification_set_default_action_and_target (notification, "app.open-checklist", "s", name);
      g_notification_add_button_with_target (notification, _("Open Checklist"), "app.open-checklist", "s", name);
    }
  else if (reminder->kind == SALVE_REMINDER_SESSION && numb)
    {
      /* Numbness noted this week: its advice is to stop stimulating there,
       * so no Start Session either. */
      g_autofree char *why = salve_treatment_describe_numbness_stop (reminder->modality);

      if (late != NULL)
        /* Translators: a reminder that comes late; the first %s is a
         * modality, e.g. "TENS", the second the planned time, e.g. "09:00" */
        title = g_strdup_printf (_("A %s session was planned for %s: numbness was noted"), modality, late);
      else
        /* Translators: %s is a modality, e.g. "TENS" */
        title = g_strdup_printf (_("A %s session is planned: numbness was noted"), modality);
      /* Translators: "Anna: The diary noted numbness …"; %s is the person's name, then the reason */
      body = g_strdup_printf (_("%s: %s"), name, why);
      notification = g_notification_new (title);
      g_notification_set_body (notification, body);
      g_notification_set_default_action_and_target (notification, "app.open-diary", "s", name);
      g_notification_add_button_with_target (notification, _("Open Diary"), "app.open-diary", "s", name);
    }
  else if (reminder->kind == SALVE_REMINDER_SESSION)
    {
      if (late != NULL)
        /* Translators: a reminder that comes late (the computer slept);
         * the first %s is a modality, e.g. "TENS", the second the planned
         * time, e.g. "09:00" */
        title = g_strdup_printf (_("A %s session was planned for %s"), modality, late);
      else
        /* Translators: %s is a modality, e.g. "TENS" */
        title = g_strdup_printf (_("Time for a %s session"), modality);
      if (reminder->minutes > 0)
        /* Translators: %s is the person's name */
        body = g_strdup_printf (ngettext ("%s: %u minute, as planned.", "%s: %u minutes, as planned.",
                                          reminder->minutes),
                                name, reminder->minutes);
      else
        /* Translators: %s is the person's name */
        body = g_strdup_printf (_("%s: as planned."), name);
      notification = g_notification_new (title);
      g_notification_set_body (notification, body);
      g_notification_set_default_action_and_target (notification, "app.start-session", "s", name);
      g_notification_add_button_with_target (notification, _("Start Session"), "app.start-session", "s", name);
      g_notification_add_button_with_target (notification, _("Open Diary"), "app.open-diary", "s", name);
    }
  else
    {
      title = g_strdup (_("How was your day?"));
      /* Translators: %s is the person's name */
      body = g_strdup_printf (_("%s: write down today’s pain in the diary."), name);
      notification = g_notification_new (title);
      g_notification_set_body (notification, body);
      g_notification_set_default_action_and_target (notification, "app.open-diary", "s", name);
      g_notification_add_button_with_target (notification, _("Open Diary"), "app.open-diary", "s", name);
    }

  g_debug ("Reminder %s for %s", id, name);
  g_application_send_notification (self->app, id, notification);

  {
    Sent *sent = g_new0 (Sent, 1);

    sent->profile_id = salve_profile_get_id (profile);
    sent->name = g_strdup (name);
    sent->reminder = *reminder;
    g_hash_table_replace (self->sent, g_steal_pointer (&id), sent);
  }
}

static void
withdraw (SalveReminders *self,
          const char     *id)
{
  g_debug ("Reminder %s withdrawn", id);
  g_application_withdraw_notification (self->app, id);
}

/* Takes back @profile_id's notifications that no longer ask for
 * anything: the session done since, the diary written, the plan or a
 * switch changed (a notification stayed up with Start Session after the
 * session was done). */
static void
withdraw_settled (SalveReminders          *self,
                  gint64                   profile_id,
                  const SalveCareSchedule *schedules,
                  gsize                    n_schedules,
                  const SalveSessionMark  *done,
                  gsize                    n_done,
                  const gint64            *diary_unix,
                  gsize                    n_diary,
                  guint                    diary_minutes)
{
  GHashTableIter iter;
  const char *id;
  Sent *sent;

  g_hash_table_iter_init (&iter, self->sent);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &sent))
    if (sent->profile_id == profile_id &&
        !salve_reminder_still_applies (&sent->reminder, schedules, n_schedules, done, n_done,
                                       diary_unix, n_diary, diary_minutes, NULL))
      {
        withdraw (self, id);
        g_hash_table_iter_remove (&iter);
      }
}

/* The earliest planned time of the notifications out for @profile_id,
 * or @fallback when it is earlier or there are none. */
static gint64
earliest_sent (SalveReminders *self,
               gint64          profile_id,
               gint64          fallback)
{
  GHashTableIter iter;
  Sent *sent;

  g_hash_table_iter_init (&iter, self->sent);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &sent))
    if (sent->profile_id == profile_id)
      fallback = MIN (fallback, sent->reminder.due_unix);

  return fallback;
}

/* Takes back the notifications of people no longer in @profiles, or
 * there under another name: a notification's buttons find the person
 * by the name it says, which then starts nothing, or opens whoever
 * has taken that name since. */
static void
withdraw_gone (SalveReminders *self,
               GPtrArray      *profiles)
{
  GHashTableIter iter;
  const char *id;
  Sent *sent;

  g_hash_table_iter_init (&iter, self->sent);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &sent))
    {
      gboolean found = FALSE;

      for (guint i = 0; i < profiles->len && !found; i++)
        {
          SalveProfile *profile = g_ptr_array_index (profiles, i);

          found = salve_profile_get_id (profile) == sent->profile_id &&
                  g_strcmp0 (salve_profile_get_name (profile), sent->name) == 0;
        }
      if (!found)
        {
          withdraw (self, id);
          g_hash_table_iter_remove (&iter);
        }
    }
}

/* Whether @at_unix falls on a local day before @plan's first. */
static gboolean
before_start (const SalveCarePlan *plan,
              gint64               at_unix)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (at_unix);
  GDate day;

  if (at == NULL || !g_date_valid (&plan->start))
    return FALSE;
  salve_time_get_date (at, &day);
  return g_date_compare (&day, &plan->start) < 0;
}

/* Sends what came due for @profile in (last_check, now]; lowers *@next
 * to the profile's next planned time. */
static void
check_profile (SalveReminders *self,
               SalveDb        *db,
               SalveProfile   *profile,
               gint64          now,
               gint64         *next)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) schedules = NULL;
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(GArray) done = NULL;
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GArray) diary = NULL;
  g_autoptr(GArray) due = NULL;
  gint64 id = salve_profile_get_id (profile);
  /* What was done since the notifications still out were sent, too. */
  gint64 from = earliest_sent (self, id, now - 2 * 24 * 60 * 60) - 24 * 60 * 60;
  guint diary_minutes = SALVE_REMINDER_NO_DIARY;
  gint64 profile_next;

  schedules = salve_care_plan_repo_list_schedules (db, id, &error);
  if (schedules == NULL)
    {
      g_warning ("Could not read the schedules of %s: %s", salve_profile_get_name (profile), error->message);
      return;
    }

  if (!g_settings_get_boolean (self->settings, "reminders"))
    g_array_set_size (schedules, 0);

  /* The diary reminder belongs to a course of treatment: only with a
   * care plan. */
  plan = salve_care_plan_repo_get (db, id, NULL);
  if (plan != NULL && g_settings_get_boolean (self->settings, "diary-reminder"))
    diary_minutes = SALVE_REMINDER_DIARY_TIME;

  if (schedules->len == 0 && diary_minutes == SALVE_REMINDER_NO_DIARY &&
      earliest_sent (self, id, G_MAXINT64) == G_MAXINT64)
    return;

  done = salve_care_plan_repo_list_done_sessions (db, id, from, now + 1, &error);
  if (done != NULL)
    entries = salve_care_plan_repo_list_entries (db, id, from, now + 1, &error);
  if (entries == NULL)
    {
      g_warning ("Could not read the sessions and diary of %s: %s", salve_profile_get_name (profile), error->message);
      return;
    }

  diary = g_array_sized_new (FALSE, FALSE, sizeof (gint64), entries->len);
  for (guint i = 0; i < entries->len; i++)
    g_array_append_val (diary, g_array_index (entries, SalveCareEntry, i).at_unix);

  withdraw_settled (self, id, (const SalveCareSchedule *) schedules->data, schedules->len,
                    (const SalveSessionMark *) done->data, done->len,
                    (const gint64 *) diary->data, diary->len, diary_minutes);

  due = g_array_new (FALSE, FALSE, sizeof (SalveReminder));
  salve_reminders_collect ((const SalveCareSchedule *) schedules->data, schedules->len,
                           (const SalveSessionMark *) done->data, done->len,
                           (const gint64 *) diary->data, diary->len, diary_minutes,
                           NULL, self->last_check, now, due);
  if (due->len > 0)
    {
      SalveProfileAnswers answers;
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (now);
      GDate today;

      g_date_clear (&today, 1);
      if (at != NULL)
        g_date_set_dmy (&today, g_date_time_get_day_of_month (at), g_date_time_get_month (at),
                        g_date_time_get_year (at));

      /* Unread answers are unknown, and unknown counts as yes. */
      salve_profile_answers_init (&answers, SALVE_ANSWER_UNKNOWN);
      salve_condition_repo_load (db, id, &answers, NULL);
      for (guint i = 0; i < due->len; i++)
        {
          const SalveReminder *reminder = &g_array_index (due, SalveReminder, i);
          gboolean blocked;
          gboolean numb;

          /* The plan's schedule begins on its first day: nothing is
           * planned before it. */
          if (plan != NULL && before_start (plan, reminder->due_unix))
            continue;
          /* Late, and done meanwhile (in salvectl, while Salve was not
           * running): it would only be taken back at the next check. */
          if (!salve_reminder_still_applies (reminder, (const SalveCareSchedule *) schedules->data, schedules->len,
                                             (const SalveSessionMark *) done->data, done->len,
                                             (const gint64 *) diary->data, diary->len, diary_minutes, NULL))
            continue;

          blocked = reminder->kind == SALVE_REMINDER_SESSION &&
                    salve_rules_refuse_planned (reminder->modality, plan != NULL ? plan->site : NULL, &answers);
          numb = reminder->kind == SALVE_REMINDER_SESSION && !blocked &&
                 salve_treatment_numbness_stops (db, id, reminder->modality,
                                                 plan != NULL ? plan->site : NULL, &today);

          send_reminder (self, profile, reminder, blocked, numb, now);
        }
    }

  if (salve_reminders_next_time ((const SalveCareSchedule *) schedules->data, schedules->len,
                                 diary_minutes, NULL, now, &profile_next))
    *next = MIN (*next, profile_next);
}

static void
send_break (SalveReminders *self)
{
  g_autoptr(GNotification) notification = g_notification_new (_("Time for a short break"));

  g_notification_set_body (notification,
                           _("Look away from the screen, stand up and loosen your shoulders for 30 to 60 seconds."));
  g_application_send_notification (self->app, "micro-break", notification);
}

static void
got_idle_time (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SalveReminders *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  guint64 idle_ms = 0;

  /* Disposed: @self is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Without GNOME's idle monitor, all the time Salve runs counts as
   * screen work. */
  if (reply != NULL)
    g_variant_get (reply, "(t)", &idle_ms);

  if (salve_break_update (&self->work_since, salve_reminders_get_now (self), (gint64) (idle_ms / 1000),
                          (guint) g_settings_get_int (self->settings, "break-interval")))
    send_break (self);
}

/* Micro-breaks: asks how long the person has been idle, then decides. */
static void
check_break (SalveReminders *self)
{
  GDBusConnection *bus = g_application_get_dbus_connection (self->app);

  if (!g_settings_get_boolean (self->settings, "break-reminders"))
    {
      self->work_since = 0;
      return;
    }

  if (bus == NULL)
    {
      if (salve_break_update (&self->work_since, salve_reminders_get_now (self), 0,
                              (guint) g_settings_get_int (self->settings, "break-interval")))
        send_break (self);
      return;
    }

  g_dbus_connection_call (bus, "org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core",
                          "org.gnome.Mutter.IdleMonitor", "GetIdletime", NULL, G_VARIANT_TYPE ("(t)"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, self->cancellable, got_idle_time, self);
}

/* Whether a session of anyone's runs on @db now, in Salve or salvectl:
 * one laptop, one person at its controls. Unreadable counts as not. */
static gboolean
session_running (SalveDb *db)
{
  g_autoptr(GError) error = NULL;
  gboolean running = FALSE;

  if (!salve_session_repo_is_running (db, 0, &running, &error))
    g_warning ("Reminders: could not read whether a session runs: %s", error->message);

  return running;
}

void
salve_reminders_check (SalveReminders *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  const char *path;
  gint64 now, next = G_MAXINT64;

  g_return_if_fail (SALVE_IS_REMINDERS (self));

  now = salve_reminders_get_now (self);
  path = salve_application_get_db_path (SALVE_APPLICATION (self->app));

  /* Never creates a database: with none there is nothing planned. */
  /* Each switch for its own kind: Session Reminders off stopped the
   * diary's too, its switch still on. */
  if ((g_settings_get_boolean (self->settings, "reminders") ||
       g_settings_get_boolean (self->settings, "diary-reminder") ||
       g_hash_table_size (self->sent) > 0) &&
      g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      /* On the GTK thread: a database another program writes to alone
       * (salvectl importing) is not waited for. Nothing was read, so the
       * times since the last check stay due: tried again shortly. */
      db = salve_db_open_without_waiting (path, &error);
      if (db != NULL)
        profiles = salve_profile_repo_list (db, &error);
      if (profiles == NULL && g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_BUSY))
        {
          g_debug ("Reminders: %s is busy, trying again: %s", path, error->message);
          g_clear_handle_id (&self->timeout_id, g_source_remove);
          self->timeout_id = g_timeout_add (BUSY_RETRY_MS, on_timeout, self);
          return;
        }
      if (profiles == NULL)
        g_warning ("Reminders: could not read %s: %s", path, error->message);

      /* A session runs (a stimulator on, from the session window or
       * salvectl): a reminder then offered a second session in the middle
       * of the first. Nothing is read, so what comes due meanwhile waits
       * for its end; what the session covered is not said at all. */
      if (profiles != NULL && session_running (db))
        {
          g_debug ("Reminders: a session runs on %s, waiting for its end", path);
          check_break (self);
          /* Looked at again in a minute, not sooner: the session's
           * heartbeat shares this thread. */
          schedule_next (self, 0);
          return;
        }

      for (guint i = 0; profiles != NULL && i < profiles->len; i++)
        check_profile (self, db, g_ptr_array_index (profiles, i), now, &next);
      if (profiles != NULL)
        withdraw_gone (self, profiles);
    }

  check_break (self);

  /* A clock set back (a wrong clock corrected after start-up) checks
   * from its new now: kept at the later time, every reminder up to it
   * was lost. A time reminded of before may then come again. */
  self->last_check = now;
  schedule_next (self, next != G_MAXINT64 ? next : 0);
}

static gboolean
on_timeout (gpointer user_data)
{
  SalveReminders *self = user_data;

  self->timeout_id = 0;
  salve_reminders_check (self);

  return G_SOURCE_REMOVE;
}

char *
salve_reminders_get_autostart_path (void)
{
  g_autofree char *file = g_strconcat (APPLICATION_ID, ".desktop", NULL);

  return g_build_filename (g_get_user_config_dir (), "autostart", file, NULL);
}

/* @arg as one argument of a desktop entry's Exec, in the Desktop Entry
 * Specification's quoting: in double quotes, with ", `, $ and \ escaped
 * by a backslash, and % doubled (it starts a field code anywhere). The
 * key file's own escapes are added when the value is set. */
static char *
quote_exec_arg (const char *arg)
{
  GString *quoted = g_string_new ("\"");

  for (const char *p = arg; *p != '\0'; p++)
    {
      if (strchr ("\"`$\\", *p) != NULL)
        g_string_append_c (quoted, '\\');
      else if (*p == '%')
        g_string_append_c (quoted, '%');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');

  return g_string_free (quoted, FALSE);
}

/* The autostart entry's command: on the database Salve runs on now
 * (--db or SALVE_DB), which the session at login knows nothing of, so
 * that the reminders there read the same people. */
static char *
autostart_exec (SalveReminders *self)
{
  g_autofree char *db = g_canonicalize_filename (salve_application_get_db_path (SALVE_APPLICATION (self->app)), NULL);
  g_autofree char *default_db = salve_db_get_default_path ();
  g_autofree char *quoted = NULL;

  if (g_str_equal (db, default_db))
    return g_strdup ("salve --background");

  quoted = quote_exec_arg (db);
  return g_strconcat ("salve --background --db ", quoted, NULL);
}

/* The XDG autostart entry: Salve starts in the background at login. */
static gboolean
write_autostart (SalveReminders  *self,
                 GError         **error)
{
  g_autofree char *path = salve_reminders_get_autostart_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *exec = autostart_exec (self);
  g_autofree char *data = NULL;
  gsize length;

  g_key_file_set_string (key_file, "Desktop Entry", "Type", "Application");
  g_key_file_set_string (key_file, "Desktop Entry", "Name", _("Salve"));
  g_key_file_set_string (key_file, "Desktop Entry", "Comment",
                         _("Reminders of planned sessions and the pain diary"));
  g_key_file_set_string (key_file, "Desktop Entry", "Icon", APPLICATION_ID);
  g_key_file_set_string (key_file, "Desktop Entry", "Exec", exec);
  g_key_file_set_boolean (key_file, "Desktop Entry", "NoDisplay", TRUE);
  g_key_file_set_boolean (key_file, "Desktop Entry", "X-GNOME-Autostart-enabled", TRUE);
  data = g_key_file_to_data (key_file, &length, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  return g_file_set_contents (path, data, length, error);
}

static void
apply_background (SalveReminders *self,
                  gboolean        change_autostart)
{
  gboolean on = g_settings_get_boolean (self->settings, "run-in-background");
  gboolean hold = on && !self->let_go;
  g_autoptr(GError) error = NULL;

  if (hold && !self->held)
    g_application_hold (self->app);
  else if (!hold && self->held)
    g_application_release (self->app);
  self->held = hold;

  if (!change_autostart)
    return;

  if (on)
    {
      if (!write_autostart (self, &error))
        {
          GtkWindow *window = GTK_IS_APPLICATION (self->app)
                              ? gtk_application_get_active_window (GTK_APPLICATION (self->app)) : NULL;

          GListModel *toplevels = gtk_window_get_toplevels ();

          /* Where the switch was flipped, when that window is open. */
          for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
            {
              g_autoptr(GtkWindow) other = g_list_model_get_item (toplevels, i);

              if (ADW_IS_PREFERENCES_WINDOW (other) && gtk_widget_get_visible (GTK_WIDGET (other)))
                window = other;
            }

          g_warning ("Could not add Salve to the programs started at login: %s", error->message);
          /* The switch is on and Salve runs in the background now, but it
           * will not start at the next login: said where it was switched. */
          if (SALVE_IS_WINDOW (window) || ADW_IS_PREFERENCES_WINDOW (window))
            {
              /* Translators: %s is the reason, e.g. "…/autostart: Permission denied" */
              g_autofree char *message = g_strdup_printf (_("Salve runs in the background until you quit it, but "
                                                            "it could not be set to start at login: %s"),
                                                          error->message);
              AdwToast *toast = adw_toast_new (message);

              adw_toast_set_timeout (toast, 0);
              if (ADW_IS_PREFERENCES_WINDOW (window))
                adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), toast);
              else
                salve_window_add_toast (SALVE_WINDOW (window), toast);
            }
        }
    }
  else
    {
      g_autofree char *path = salve_reminders_get_autostart_path ();

      if (g_unlink (path) != 0 && errno != ENOENT)
        g_warning ("Could not remove %s: %s", path, g_strerror (errno));
    }
}

static void
on_settings_changed (GSettings      *settings,
                     const char     *key,
                     SalveReminders *self)
{
  if (g_str_equal (key, "run-in-background"))
    apply_background (self, TRUE);
}

static void
salve_reminders_dispose (GObject *object)
{
  SalveReminders *self = SALVE_REMINDERS (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->held)
    g_application_release (self->app);
  self->held = FALSE;
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->sent, g_hash_table_unref);

  G_OBJECT_CLASS (salve_reminders_parent_class)->dispose (object);
}

static void
salve_reminders_class_init (SalveRemindersClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = salve_reminders_dispose;
}

static void
salve_reminders_init (SalveReminders *self)
{
  self->cancellable = g_cancellable_new ();
  self->sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) sent_free);
}

SalveReminders *
salve_reminders_new (GApplication *app)
{
  SalveReminders *self;

  g_return_val_if_fail (SALVE_IS_APPLICATION (app), NULL);

  self = g_object_new (SALVE_TYPE_REMINDERS, NULL);
  self->app = app;
  self->settings = g_settings_new ("io.github.salve.Salve");
  g_signal_connect (self->settings, "changed", G_CALLBACK (on_settings_changed), self);
  /* The autostart entry changes only when the person turns the switch:
   * a start must not add or remove it behind their back. */
  apply_background (self, FALSE);

  return self;
}

void
salve_reminders_let_go (SalveReminders *self)
{
  g_return_if_fail (SALVE_IS_REMINDERS (self));

  self->let_go = TRUE;
  apply_background (self, FALSE);
}

void
salve_reminders_stay (SalveReminders *self)
{
  g_return_if_fail (SALVE_IS_REMINDERS (self));

  self->let_go = FALSE;
  apply_background (self, FALSE);
}

void
salve_reminders_start (SalveReminders *self)
{
  g_return_if_fail (SALVE_IS_REMINDERS (self));

  if (self->last_check != 0)
    return;

  /* What came due while Salve was not running, less than the two hours
   * after which a reminder is dropped, is said at the start: a laptop
   * switched on at 07:59 whose login ends at 08:01 lost the 08:00 one. */
  self->last_check = salve_reminders_get_now (self) - SALVE_REMINDER_STALE_SECONDS;
  salve_reminders_check (self);
}

gint64
salve_reminders_get_now (SalveReminders *self)
{
  g_return_val_if_fail (SALVE_IS_REMINDERS (self), 0);

  return (g_get_real_time () + self->offset_us) / G_USEC_PER_SEC;
}

void
salve_reminders_set_now (SalveReminders *self,
                         gint64          now_unix)
{
  g_return_if_fail (SALVE_IS_REMINDERS (self));

  self->offset_us = now_unix * G_USEC_PER_SEC - g_get_real_time ();
  /* Not started: the start reads this clock, as Salve started then. */
  if (self->last_check == 0)
    return;
  self->last_check = now_unix;
  salve_reminders_check (self);
}
