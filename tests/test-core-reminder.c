/* test-core-reminder.c: which reminders are due when
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "salve-reminder.h"

static GTimeZone *amsterdam;

static gint64
at (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (amsterdam, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static SalveCareSchedule
tens_twice (void)
{
  SalveCareSchedule s = { SALVE_MODALITY_TENS, 2, 30, 2, { 9 * 60, 18 * 60 } };

  return s;
}

static GArray *
collect (const SalveCareSchedule *schedules, gsize n,
         const SalveSessionMark *done, gsize n_done,
         const gint64 *diary, gsize n_diary, guint diary_minutes,
         gint64 after, gint64 until)
{
  GArray *due = g_array_new (FALSE, FALSE, sizeof (SalveReminder));

  salve_reminders_collect (schedules, n, done, n_done, diary, n_diary, diary_minutes,
                           amsterdam, after, until, due);
  return due;
}

static void
test_session_due_at_planned_time (void)
{
  SalveCareSchedule s = tens_twice ();
  g_autoptr(GArray) before = collect (&s, 1, NULL, 0, NULL, 0, SALVE_REMINDER_NO_DIARY,
                                      at (2026, 10, 5, 8, 50), at (2026, 10, 5, 8, 59));
  g_autoptr(GArray) due = collect (&s, 1, NULL, 0, NULL, 0, SALVE_REMINDER_NO_DIARY,
                                   at (2026, 10, 5, 8, 59), at (2026, 10, 5, 9, 0));
  g_autoptr(GArray) again = collect (&s, 1, NULL, 0, NULL, 0, SALVE_REMINDER_NO_DIARY,
                                     at (2026, 10, 5, 9, 0), at (2026, 10, 5, 9, 1));
  SalveReminder *r;

  g_assert_cmpuint (before->len, ==, 0);
  g_assert_cmpuint (due->len, ==, 1);
  r = &g_array_index (due, SalveReminder, 0);
  g_assert_cmpint (r->kind, ==, SALVE_REMINDER_SESSION);
  g_assert_cmpint (r->modality, ==, SALVE_MODALITY_TENS);
  g_assert_cmpuint (r->minutes, ==, 30);
  g_assert_cmpint (r->due_unix, ==, at (2026, 10, 5, 9, 0));
  /* Once only: the next check starts where the last ended. */
  g_assert_cmpuint (again->len, ==, 0);
}

static void
test_session_skipped_when_done (void)
{
  SalveCareSchedule s = tens_twice ();
  /* One session this morning, one yesterday evening. */
  SalveSessionMark done[] = {
    { at (2026, 10, 5, 7, 30), SALVE_MODALITY_TENS },
    { at (2026, 10, 4, 21, 0), SALVE_MODALITY_TENS },
    { at (2026, 10, 5, 8, 0), SALVE_MODALITY_NMES },
  };
  g_autoptr(GArray) morning = collect (&s, 1, done, G_N_ELEMENTS (done), NULL, 0, SALVE_REMINDER_NO_DIARY,
                                       at (2026, 10, 5, 8, 59), at (2026, 10, 5, 9, 0));
  g_autoptr(GArray) evening = collect (&s, 1, done, G_N_ELEMENTS (done), NULL, 0, SALVE_REMINDER_NO_DIARY,
                                       at (2026, 10, 5, 17, 59), at (2026, 10, 5, 18, 0));
  SalveSessionMark two[] = {
    { at (2026, 10, 5, 7, 30), SALVE_MODALITY_TENS },
    { at (2026, 10, 5, 12, 0), SALVE_MODALITY_TENS },
  };
  g_autoptr(GArray) evening_two = collect (&s, 1, two, G_N_ELEMENTS (two), NULL, 0, SALVE_REMINDER_NO_DIARY,
                                           at (2026, 10, 5, 17, 59), at (2026, 10, 5, 18, 0));

  /* The first session of the day was done before its time: no reminder. */
  g_assert_cmpuint (morning->len, ==, 0);
  /* The second is still to do: yesterday's and NMES do not count. */
  g_assert_cmpuint (evening->len, ==, 1);
  /* Both done by six: nothing left to remind of. */
  g_assert_cmpuint (evening_two->len, ==, 0);
}

static void
test_diary_reminder (void)
{
  gint64 yesterday[] = { at (2026, 10, 4, 20, 30) };
  gint64 today[] = { at (2026, 10, 5, 13, 0) };
  g_autoptr(GArray) none = collect (NULL, 0, NULL, 0, yesterday, 1, SALVE_REMINDER_DIARY_TIME,
                                    at (2026, 10, 5, 19, 59), at (2026, 10, 5, 20, 0));
  g_autoptr(GArray) written = collect (NULL, 0, NULL, 0, today, 1, SALVE_REMINDER_DIARY_TIME,
                                       at (2026, 10, 5, 19, 59), at (2026, 10, 5, 20, 0));
  g_autoptr(GArray) off = collect (NULL, 0, NULL, 0, NULL, 0, SALVE_REMINDER_NO_DIARY,
                                   at (2026, 10, 5, 19, 59), at (2026, 10, 5, 20, 0));

  g_assert_cmpuint (none->len, ==, 1);
  g_assert_cmpint (g_array_index (none, SalveReminder, 0).kind, ==, SALVE_REMINDER_DIARY);
  g_assert_cmpint (g_array_index (none, SalveReminder, 0).due_unix, ==, at (2026, 10, 5, 20, 0));
  g_assert_cmpuint (written->len, ==, 0);
  g_assert_cmpuint (off->len, ==, 0);
}

static void
test_order_and_stale (void)
{
  SalveCareSchedule s[] = {
    tens_twice (),
    { SALVE_MODALITY_NMES, 2, 40, 1, { 8 * 60 + 30 } },
  };
  g_autoptr(GArray) due = collect (s, G_N_ELEMENTS (s), NULL, 0, NULL, 0, SALVE_REMINDER_NO_DIARY,
                                   at (2026, 10, 5, 8, 0), at (2026, 10, 5, 9, 30));
  /* Asleep all day: only what is at most two hours old comes. */
  g_autoptr(GArray) woke = collect (s, G_N_ELEMENTS (s), NULL, 0, NULL, 0, SALVE_REMINDER_DIARY_TIME,
                                    at (2026, 10, 4, 22, 0), at (2026, 10, 5, 19, 0));
  /* Across midnight: the next day's times. */
  g_autoptr(GArray) night = collect (s, G_N_ELEMENTS (s), NULL, 0, NULL, 0, SALVE_REMINDER_NO_DIARY,
                                     at (2026, 10, 5, 23, 0), at (2026, 10, 6, 0, 30));

  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpint (g_array_index (due, SalveReminder, 0).modality, ==, SALVE_MODALITY_NMES);
  g_assert_cmpint (g_array_index (due, SalveReminder, 1).modality, ==, SALVE_MODALITY_TENS);
  g_assert_cmpuint (woke->len, ==, 1);
  g_assert_cmpint (g_array_index (woke, SalveReminder, 0).due_unix, ==, at (2026, 10, 5, 18, 0));
  g_assert_cmpuint (night->len, ==, 0);
}

static void
test_next_time (void)
{
  SalveCareSchedule s = tens_twice ();
  gint64 next = 0;

  g_assert_true (salve_reminders_next_time (&s, 1, SALVE_REMINDER_NO_DIARY, amsterdam,
                                            at (2026, 10, 5, 8, 0), &next));
  g_assert_cmpint (next, ==, at (2026, 10, 5, 9, 0));
  g_assert_true (salve_reminders_next_time (&s, 1, SALVE_REMINDER_NO_DIARY, amsterdam,
                                            at (2026, 10, 5, 9, 0), &next));
  g_assert_cmpint (next, ==, at (2026, 10, 5, 18, 0));
  g_assert_true (salve_reminders_next_time (&s, 1, SALVE_REMINDER_DIARY_TIME, amsterdam,
                                            at (2026, 10, 5, 19, 0), &next));
  g_assert_cmpint (next, ==, at (2026, 10, 5, 20, 0));
  g_assert_true (salve_reminders_next_time (&s, 1, SALVE_REMINDER_NO_DIARY, amsterdam,
                                            at (2026, 10, 5, 19, 0), &next));
  g_assert_cmpint (next, ==, at (2026, 10, 6, 9, 0));
  /* Across the end of summer time, 25 October 2026: still 09:00 local. */
  g_assert_true (salve_reminders_next_time (&s, 1, SALVE_REMINDER_NO_DIARY, amsterdam,
                                            at (2026, 10, 24, 19, 0), &next));
  g_assert_cmpint (next, ==, at (2026, 10, 25, 9, 0));
  g_assert_false (salve_reminders_next_time (NULL, 0, SALVE_REMINDER_NO_DIARY, amsterdam,
                                             at (2026, 10, 5, 8, 0), &next));
}

/* A reminder sent is taken back once it asks for nothing: the session
 * done since its time, the diary written that day, the time or the
 * modality off the schedule, the diary reminder off. */
static void
test_still_applies (void)
{
  SalveCareSchedule s = tens_twice ();
  SalveCareSchedule moved = { SALVE_MODALITY_TENS, 2, 30, 2, { 10 * 60, 18 * 60 } };
  SalveReminder session = { SALVE_REMINDER_SESSION, SALVE_MODALITY_TENS, 30, at (2026, 10, 5, 9, 0) };
  SalveReminder diary = { SALVE_REMINDER_DIARY, 0, 0, at (2026, 10, 5, 20, 0) };
  SalveSessionMark before[] = { { at (2026, 10, 5, 7, 30), SALVE_MODALITY_TENS } };
  SalveSessionMark other[] = { { at (2026, 10, 5, 9, 10), SALVE_MODALITY_NMES } };
  SalveSessionMark since[] = { { at (2026, 10, 5, 9, 10), SALVE_MODALITY_TENS } };
  gint64 yesterday[] = { at (2026, 10, 4, 21, 0) };
  gint64 late[] = { at (2026, 10, 5, 20, 15) };
  gint64 next_morning[] = { at (2026, 10, 6, 8, 0) };

  /* Nothing done since: it stands. An earlier session, or another
   * modality's, does not answer it. */
  g_assert_true (salve_reminder_still_applies (&session, &s, 1, NULL, 0, NULL, 0, SALVE_REMINDER_NO_DIARY, amsterdam));
  g_assert_true (salve_reminder_still_applies (&session, &s, 1, before, 1, NULL, 0, SALVE_REMINDER_NO_DIARY,
                                               amsterdam));
  g_assert_true (salve_reminder_still_applies (&session, &s, 1, other, 1, NULL, 0, SALVE_REMINDER_NO_DIARY,
                                               amsterdam));
  /* Done since its time. */
  g_assert_false (salve_reminder_still_applies (&session, &s, 1, since, 1, NULL, 0, SALVE_REMINDER_NO_DIARY,
                                                amsterdam));
  /* Off the schedule, or no longer at 09:00. */
  g_assert_false (salve_reminder_still_applies (&session, NULL, 0, NULL, 0, NULL, 0, SALVE_REMINDER_NO_DIARY,
                                                amsterdam));
  g_assert_false (salve_reminder_still_applies (&session, &moved, 1, NULL, 0, NULL, 0, SALVE_REMINDER_NO_DIARY,
                                                amsterdam));

  g_assert_true (salve_reminder_still_applies (&diary, NULL, 0, NULL, 0, yesterday, 1, SALVE_REMINDER_DIARY_TIME,
                                               amsterdam));
  g_assert_false (salve_reminder_still_applies (&diary, NULL, 0, NULL, 0, late, 1, SALVE_REMINDER_DIARY_TIME,
                                                amsterdam));
  g_assert_false (salve_reminder_still_applies (&diary, NULL, 0, NULL, 0, next_morning, 1, SALVE_REMINDER_DIARY_TIME,
                                                amsterdam));
  g_assert_false (salve_reminder_still_applies (&diary, NULL, 0, NULL, 0, NULL, 0, SALVE_REMINDER_NO_DIARY,
                                                amsterdam));
}

static void
test_micro_break (void)
{
  gint64 t = at (2026, 10, 5, 9, 0);
  gint64 since = 0;

  /* The first check starts the count. */
  g_assert_false (salve_break_update (&since, t, 0, 30));
  g_assert_cmpint (since, ==, t);
  g_assert_false (salve_break_update (&since, t + 29 * 60, 0, 30));
  /* Thirty minutes of screen work: a break, and the count starts again. */
  g_assert_true (salve_break_update (&since, t + 30 * 60, 0, 30));
  g_assert_cmpint (since, ==, t + 30 * 60);
  g_assert_false (salve_break_update (&since, t + 31 * 60, 0, 30));

  /* Idle for a minute was a break already. */
  g_assert_false (salve_break_update (&since, t + 59 * 60, 60, 30));
  g_assert_cmpint (since, ==, t + 59 * 60);
  g_assert_false (salve_break_update (&since, t + 88 * 60, 59, 30));
  g_assert_true (salve_break_update (&since, t + 89 * 60, 0, 30));

  /* Asleep for hours: no reminder on waking, the count starts again. */
  g_assert_false (salve_break_update (&since, t + 6 * 60 * 60, 0, 30));
  g_assert_cmpint (since, ==, t + 6 * 60 * 60);
  /* A clock set back starts again too. */
  g_assert_false (salve_break_update (&since, t, 0, 30));
  g_assert_cmpint (since, ==, t);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_assert_nonnull (amsterdam);

  g_test_add_func ("/core/reminder/session-due", test_session_due_at_planned_time);
  g_test_add_func ("/core/reminder/session-done", test_session_skipped_when_done);
  g_test_add_func ("/core/reminder/diary", test_diary_reminder);
  g_test_add_func ("/core/reminder/order-stale", test_order_and_stale);
  g_test_add_func ("/core/reminder/next-time", test_next_time);
  g_test_add_func ("/core/reminder/still-applies", test_still_applies);
  g_test_add_func ("/core/reminder/micro-break", test_micro_break);

  return g_test_run ();
}
