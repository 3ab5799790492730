/* salve-reminder.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "salve-reminder.h"

/* The Unix time of @minutes after midnight on the local day of @day in
 * @tz (the day's first moment of that clock time, across DST). */
static gint64
day_time (GDateTime *day,
          GTimeZone *tz,
          guint      minutes)
{
  g_autoptr(GDateTime) at = g_date_time_new (tz,
                                             g_date_time_get_year (day),
                                             g_date_time_get_month (day),
                                             g_date_time_get_day_of_month (day),
                                             minutes / 60, minutes % 60, 0);

  return at != NULL ? g_date_time_to_unix (at) : G_MININT64;
}

static gboolean
same_day (gint64     a_unix,
          GDateTime *day,
          GTimeZone *tz)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (a_unix);
  g_autoptr(GDateTime) a = NULL;

  if (at == NULL)
    return FALSE;
  a = g_date_time_to_timezone (at, tz);

  return a != NULL &&
         g_date_time_get_year (a) == g_date_time_get_year (day) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (day);
}

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  const SalveReminder *ra = a, *rb = b;

  if (ra->due_unix != rb->due_unix)
    return ra->due_unix < rb->due_unix ? -1 : 1;
  if (ra->kind != rb->kind)
    return ra->kind < rb->kind ? -1 : 1;
  return ra->modality - rb->modality;
}

guint
salve_reminders_collect (const SalveCareSchedule *schedules,
                         gsize                    n_schedules,
                         const SalveSessionMark  *done,
                         gsize                    n_done,
                         const gint64            *diary_unix,
                         gsize                    n_diary,
                         guint                    diary_minutes,
                         GTimeZone               *tz,
                         gint64                   after_unix,
                         gint64                   until_unix,
                         GArray                  *due)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GDateTime) day = NULL;
  guint first = due->len;

  g_return_val_if_fail (due != NULL, 0);

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();

  after_unix = MAX (after_unix, until_unix - SALVE_REMINDER_STALE_SECONDS - 1);
  if (until_unix <= after_unix)
    return 0;

  /* The stale limit keeps this to two local days at most: the day of
   * @after_unix and the day of @until_unix. */
  until = g_date_time_new_from_unix_utc (until_unix);
  if (until == NULL)
    return 0;
  {
    g_autoptr(GDateTime) after = g_date_time_new_from_unix_utc (after_unix);
    g_autoptr(GDateTime) after_local = g_date_time_to_timezone (after, tz);

    day = g_date_time_new (tz, g_date_time_get_year (after_local), g_date_time_get_month (after_local),
                           g_date_time_get_day_of_month (after_local), 12, 0, 0);
  }

  for (guint d = 0; d < 3 && day != NULL; d++)
    {
      g_autoptr(GDateTime) next = NULL;

      for (gsize s = 0; s < n_schedules; s++)
        {
          const SalveCareSchedule *schedule = &schedules[s];

          for (guint t = 0; t < schedule->n_times && t < G_N_ELEMENTS (schedule->times); t++)
            {
              gint64 at = day_time (day, tz, schedule->times[t]);
              guint n_before = 0;

              if (at <= after_unix || at > until_unix)
                continue;

              for (gsize i = 0; i < n_done; i++)
                if (done[i].modality == (int) schedule->modality && done[i].at_unix < at &&
                    same_day (done[i].at_unix, day, tz))
                  n_before++;

              if (n_before < t + 1)
                {
                  SalveReminder r = { SALVE_REMINDER_SESSION, schedule->modality, schedule->minutes, at };
                  g_array_append_val (due, r);
                }
            }
        }

      if (diary_minutes < 24 * 60)
        {
          gint64 at = day_time (day, tz, diary_minutes);

          if (at > after_unix && at <= until_unix)
            {
              gboolean written = FALSE;

              for (gsize i = 0; i < n_diary && !written; i++)
                written = diary_unix[i] < at && same_day (diary_unix[i], day, tz);

              if (!written)
                {
                  SalveReminder r = { SALVE_REMINDER_DIARY, 0, 0, at };
                  g_array_append_val (due, r);
                }
            }
        }

      next = g_date_time_add_days (day, 1);
      g_clear_pointer (&day, g_date_time_unref);
      day = g_steal_pointer (&next);
    }

  if (due->len > first)
    g_array_sort (due, compare_due);  /* the earlier ones were sorted too */

  return due->len - first;
}

gboolean
salve_reminders_next_time (const SalveCareSchedule *schedules,
                           gsize                    n_schedules,
                           guint                    diary_minutes,
                           GTimeZone               *tz,
                           gint64                   after_unix,
                           gint64                  *next_unix)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) after = NULL;
  g_autoptr(GDateTime) after_local = NULL;
  g_autoptr(GDateTime) day = NULL;
  gint64 best = G_MAXINT64;

  g_return_val_if_fail (next_unix != NULL, FALSE);

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();

  after = g_date_time_new_from_unix_utc (after_unix);
  if (after == NULL)
    return FALSE;
  after_local = g_date_time_to_timezone (after, tz);
  day = g_date_time_new (tz, g_date_time_get_year (after_local), g_date_time_get_month (after_local),
                         g_date_time_get_day_of_month (after_local), 12, 0, 0);

  /* Today or tomorrow; the day after covers a DST change at midnight. */
  for (guint d = 0; d < 3 && day != NULL && best == G_MAXINT64; d++)
    {
      g_autoptr(GDateTime) next = NULL;

      for (gsize s = 0; s < n_schedules; s++)
        for (guint t = 0; t < schedules[s].n_times && t < G_N_ELEMENTS (schedules[s].times); t++)
          {
            gint64 at = day_time (day, tz, schedules[s].times[t]);

            if (at > after_unix && at < best)
              best = at;
          }

      if (diary_minutes < 24 * 60)
        {
          gint64 at = day_time (day, tz, diary_minutes);

          if (at > after_unix && at < best)
            best = at;
        }

      next = g_date_time_add_days (day, 1);
      g_clear_pointer (&day, g_date_time_unref);
      day = g_steal_pointer (&next);
    }

  if (best == G_MAXINT64)
    return FALSE;

  *next_unix = best;
  return TRUE;
}

gboolean
salve_reminder_still_applies (const SalveReminder     *reminder,
                              const SalveCareSchedule *schedules,
                              gsize                    n_schedules,
                              const SalveSessionMark  *done,
                              gsize                    n_done,
                              const gint64            *diary_unix,
                              gsize                    n_diary,
                              guint                    diary_minutes,
                              GTimeZone               *tz)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) due_utc = NULL;
  g_autoptr(GDateTime) due = NULL;

  g_return_val_if_fail (reminder != NULL, FALSE);

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();

  due_utc = g_date_time_new_from_unix_utc (reminder->due_unix);
  if (due_utc == NULL)
    return FALSE;
  due = g_date_time_to_timezone (due_utc, tz);

  if (reminder->kind == SALVE_REMINDER_SESSION)
    {
      guint minutes = (guint) (g_date_time_get_hour (due) * 60 + g_date_time_get_minute (due));
      gboolean planned = FALSE;

      for (gsize s = 0; s < n_schedules && !planned; s++)
        for (guint t = 0; t < schedules[s].n_times && t < G_N_ELEMENTS (schedules[s].times) && !planned; t++)
          planned = schedules[s].modality == reminder->modality && schedules[s].times[t] == minutes;
      if (!planned)
        return FALSE;

      for (gsize i = 0; i < n_done; i++)
        if (done[i].modality == (int) reminder->modality && done[i].at_unix >= reminder->due_unix)
          return FALSE;

      return TRUE;
    }

  if (diary_minutes >= 24 * 60)
    return FALSE;

  {
    gint64 day_start = day_time (due, tz, 0);

    for (gsize i = 0; i < n_diary; i++)
      if (diary_unix[i] >= day_start)
        return FALSE;
  }

  return TRUE;
}

gboolean
salve_break_update (gint64 *work_since_unix,
                    gint64  now_unix,
                    gint64  idle_seconds,
                    guint   interval_minutes)
{
  gint64 interval = (gint64) MAX (interval_minutes, 1) * 60;
  gint64 worked;

  g_return_val_if_fail (work_since_unix != NULL, FALSE);

  worked = now_unix - *work_since_unix;
  if (*work_since_unix == 0 || worked < 0 ||
      idle_seconds >= SALVE_BREAK_IDLE_SECONDS ||
      worked > interval + SALVE_BREAK_GAP_SECONDS)
    {
      *work_since_unix = now_unix;
      return FALSE;
    }

  if (worked < interval)
    return FALSE;

  *work_since_unix = now_unix;
  return TRUE;
}
