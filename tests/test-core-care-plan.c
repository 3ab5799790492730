/* test-core-care-plan.c: weeks, phases, schedules, adherence, warning
 * signs, pacing and activity targets of a care plan
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "salve-care-plan.h"

static GTimeZone *amsterdam;

static GDate
date (int y, int m, int d)
{
  GDate g;

  g_date_clear (&g, 1);
  g_date_set_dmy (&g, d, m, y);
  return g;
}

static GDate
days_after (const GDate *start,
            guint        n)
{
  GDate g = *start;

  g_date_add_days (&g, n);
  return g;
}

static gint64
noon_unix (const GDate *day,
           int          hour)
{
  g_autoptr(GDateTime) dt = g_date_time_new (amsterdam, g_date_get_year (day), g_date_get_month (day),
                                             g_date_get_day (day), hour, 0, 0);
  return g_date_time_to_unix (dt);
}

/* Daily points from @start for @n days with the given pains (cycled). */
static GArray *
daily_points (const GDate *start,
              guint        n,
              const int   *pains,
              guint        n_pains)
{
  GArray *points = g_array_new (FALSE, TRUE, sizeof (SalveDiaryPoint));

  for (guint i = 0; i < n; i++)
    {
      GDate day = days_after (start, i);
      SalveDiaryPoint p = { 0 };

      p.id = i + 1;
      p.at_unix = noon_unix (&day, 12);
      p.pain = (gint8) pains[i % n_pains];
      p.fatigue = SALVE_DIARY_UNRATED;
      p.sleep_quality = SALVE_DIARY_UNRATED;
      p.stress = SALVE_DIARY_UNRATED;
      p.modality = -1;
      g_array_append_val (points, p);
    }
  return points;
}

static void
test_week_and_phase (void)
{
  GDate start = date (2026, 10, 4); /* a Sunday: weeks count from the start, not Monday */
  g_autoptr(SalveCarePlan) plan = salve_care_plan_new (&start);
  const gboolean none[SALVE_N_WARNINGS] = { FALSE };
  GDate day;
  int first, last;

  day = days_after (&start, 0);
  g_assert_cmpint (salve_care_plan_get_week (plan, &day), ==, 1);
  g_assert_cmpint (salve_care_plan_get_phase (plan, &day), ==, 1);
  day = days_after (&start, 6);
  g_assert_cmpint (salve_care_plan_get_week (plan, &day), ==, 1);
  day = days_after (&start, 7);
  g_assert_cmpint (salve_care_plan_get_week (plan, &day), ==, 2);
  day = days_after (&start, 20);
  g_assert_cmpint (salve_care_plan_get_phase (plan, &day), ==, 1);
  day = days_after (&start, 21);
  g_assert_cmpint (salve_care_plan_get_week (plan, &day), ==, 4);
  g_assert_cmpint (salve_care_plan_get_phase (plan, &day), ==, 2);
  day = days_after (&start, 42);
  g_assert_cmpint (salve_care_plan_get_phase (plan, &day), ==, 3);
  day = days_after (&start, 50);
  g_assert_cmpint (salve_care_plan_get_week (plan, &day), ==, 8);
  g_assert_cmpint (salve_care_plan_get_phase (plan, &day), ==, 3);
  day = days_after (&start, 83);
  g_assert_cmpint (salve_care_plan_get_phase (plan, &day), ==, 3);
  day = days_after (&start, 84);
  g_assert_cmpint (salve_care_plan_get_week (plan, &day), ==, 13);
  g_assert_cmpint (salve_care_plan_get_phase (plan, &day), ==, 4);

  day = start;
  g_date_subtract_days (&day, 1);
  g_assert_cmpint (salve_care_plan_get_week (plan, &day), ==, 0);
  g_assert_cmpint (salve_care_plan_get_phase (plan, &day), ==, 0);

  /* The long course (seed 000: one to three years) stays in phase 3. */
  plan->course = SALVE_CARE_COURSE_LONG;
  day = days_after (&start, 84);
  g_assert_cmpint (salve_care_plan_get_phase (plan, &day), ==, 3);
  day = days_after (&start, 156 * 7);
  g_assert_cmpint (salve_care_plan_get_phase (plan, &day), ==, 4);

  salve_care_phase_get_weeks (SALVE_CARE_COURSE_NORMAL, 2, &first, &last);
  g_assert_cmpint (first, ==, 4);
  g_assert_cmpint (last, ==, 6);
  salve_care_phase_get_weeks (SALVE_CARE_COURSE_NORMAL, 4, &first, &last);
  g_assert_cmpint (first, ==, 13);
  g_assert_cmpint (last, ==, 0);

  for (int c = 0; c < SALVE_N_CARE_COURSES; c++)
    for (int p = 1; p <= SALVE_CARE_N_PHASES; p++)
      {
        g_assert_nonnull (strstr (salve_care_phase_get_advice (c, p, none), "."));
        g_assert_nonnull (salve_care_phase_get_title (c, p));
      }
  g_assert_nonnull (strstr (salve_care_phase_get_advice (SALVE_CARE_COURSE_NORMAL, 1, none), "Swings in pain are normal"));
  /* Not beside a warning sign: its advice is to see someone about it. */
  for (int w = 0; w < SALVE_N_WARNINGS; w++)
    {
      gboolean one[SALVE_N_WARNINGS] = { FALSE };
      const char *advice;

      one[w] = TRUE;
      advice = salve_care_phase_get_advice (SALVE_CARE_COURSE_NORMAL, 1, one);
      g_assert_nonnull (strstr (advice, "Stiffness often eases"));
      g_assert_null (strstr (advice, "Swings in pain"));
    }
}

static void
test_validate (void)
{
  GDate start = date (2026, 10, 4);
  g_autoptr(SalveCarePlan) plan = salve_care_plan_new (&start);
  g_autoptr(SalveCarePlan) none = salve_care_plan_new (NULL);
  g_autoptr(GError) error = NULL;
  SalveCareCourse course;

  g_assert_true (salve_care_plan_validate (plan, &error));
  g_assert_no_error (error);
  g_assert_false (salve_care_plan_validate (none, &error));
  g_assert_error (error, SALVE_CARE_PLAN_ERROR, SALVE_CARE_PLAN_ERROR_INVALID);
  g_clear_error (&error);

  g_free (plan->complaint);
  plan->complaint = g_strnfill (SALVE_CARE_PLAN_MAX_TEXT + 1, 'x');
  g_assert_false (salve_care_plan_validate (plan, &error));
  g_assert_error (error, SALVE_CARE_PLAN_ERROR, SALVE_CARE_PLAN_ERROR_INVALID);
  g_clear_error (&error);
  plan->complaint[SALVE_CARE_PLAN_MAX_TEXT] = '\0';
  g_free (plan->site);
  plan->site = g_strdup ("neck");
  g_assert_true (salve_care_plan_validate (plan, &error));
  g_assert_no_error (error);
  g_free (plan->site);
  plan->site = g_strdup ("nek");
  g_assert_false (salve_care_plan_validate (plan, &error));
  g_assert_error (error, SALVE_CARE_PLAN_ERROR, SALVE_CARE_PLAN_ERROR_INVALID);

  g_assert_true (salve_care_course_from_id ("long", &course));
  g_assert_cmpint (course, ==, SALVE_CARE_COURSE_LONG);
  g_assert_false (salve_care_course_from_id ("Long", &course));
  g_assert_false (salve_care_course_from_id (NULL, &course));
}

static void
test_schedule (void)
{
  SalveCareSchedule s;
  g_autoptr(GError) error = NULL;
  g_autofree char *times = NULL;
  const char *bad[] = { "8:00", "24:00", "08:60", "08:00:00", "08.00", " 8:00", "", "0800", "-1:00" };
  guint16 minutes;

  g_assert_true (salve_care_schedule_get_default (SALVE_MODALITY_TENS, &s));
  g_assert_cmpuint (s.per_day, ==, 2);
  g_assert_cmpuint (s.minutes, ==, 30);
  g_assert_true (salve_care_schedule_get_default (SALVE_MODALITY_NMES, &s));
  g_assert_cmpuint (s.per_day, ==, 2);
  g_assert_cmpuint (s.minutes, ==, 40);
  g_assert_true (salve_care_schedule_get_default (SALVE_MODALITY_LASER, &s));
  g_assert_cmpuint (s.per_day, ==, 1);
  g_assert_true (salve_care_schedule_validate (&s, &error));
  g_assert_no_error (error);
  g_assert_false (salve_care_schedule_get_default (SALVE_MODALITY_PEMF, &s));

  /* Laser at most once a day on an area (seed 002). */
  salve_care_schedule_get_default (SALVE_MODALITY_LASER, &s);
  s.per_day = 2;
  g_assert_false (salve_care_schedule_validate (&s, &error));
  g_assert_error (error, SALVE_CARE_PLAN_ERROR, SALVE_CARE_PLAN_ERROR_INVALID);
  g_clear_error (&error);

  /* TENS 2–4× a day. */
  salve_care_schedule_get_default (SALVE_MODALITY_TENS, &s);
  s.per_day = 5;
  g_assert_false (salve_care_schedule_validate (&s, &error));
  g_clear_error (&error);
  s.per_day = 2;
  s.minutes = 0;
  g_assert_false (salve_care_schedule_validate (&s, &error));
  g_clear_error (&error);
  s.minutes = 30;

  g_assert_true (salve_care_schedule_parse_times (&s, "08:00,20:30", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (s.n_times, ==, 2);
  g_assert_cmpuint (s.times[1], ==, 20 * 60 + 30);
  g_assert_true (salve_care_schedule_validate (&s, &error));
  times = salve_care_schedule_format_times (&s);
  g_assert_cmpstr (times, ==, "08:00,20:30");

  g_assert_true (salve_care_schedule_parse_times (&s, "20:00,08:00", &error));
  g_assert_false (salve_care_schedule_validate (&s, &error));
  g_clear_error (&error);
  /* Sorted, the same times are a valid schedule. */
  salve_care_schedule_sort_times (&s);
  g_assert_cmpuint (s.times[0], ==, 8 * 60);
  g_assert_cmpuint (s.times[1], ==, 20 * 60);
  g_assert_true (salve_care_schedule_validate (&s, &error));
  g_assert_no_error (error);
  g_assert_true (salve_care_schedule_parse_times (&s, "08:00,12:00,20:00", &error));
  g_assert_false (salve_care_schedule_validate (&s, &error));
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (salve_care_parse_time_of_day (bad[i], &minutes, &error));
      g_assert_error (error, SALVE_CARE_PLAN_ERROR, SALVE_CARE_PLAN_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_true (salve_care_parse_time_of_day ("23:59", &minutes, &error));
  g_assert_cmpuint (minutes, ==, 23 * 60 + 59);
}

static void
test_adherence (void)
{
  GDate start = date (2026, 10, 4);
  g_autoptr(SalveCarePlan) plan = salve_care_plan_new (&start);
  GDate day = days_after (&start, 50); /* week 8: days 49–55 */
  GDate d49 = days_after (&start, 49), d48 = days_after (&start, 48), d56 = days_after (&start, 56);
  SalveSessionMark done[] = {
    { noon_unix (&d48, 9), SALVE_MODALITY_TENS },   /* week 7 */
    { noon_unix (&d49, 9), SALVE_MODALITY_TENS },
    { noon_unix (&d49, 20), SALVE_MODALITY_TENS },
    { noon_unix (&day, 9), SALVE_MODALITY_TENS },
    { noon_unix (&day, 10), SALVE_MODALITY_NMES },
    { noon_unix (&d56, 9), SALVE_MODALITY_TENS },   /* week 9 */
  };
  SalveCareSchedule tens, nmes;
  SalveCareAdherence a;

  salve_care_schedule_get_default (SALVE_MODALITY_TENS, &tens);
  salve_care_schedule_get_default (SALVE_MODALITY_NMES, &nmes);

  salve_care_adherence_compute (plan, &tens, 1, tens.modality, done,
                                G_N_ELEMENTS (done), amsterdam, &day, G_MAXINT64, &a);
  g_assert_cmpuint (a.planned_day, ==, 2);
  g_assert_cmpuint (a.done_day, ==, 1);
  g_assert_cmpuint (a.planned_week, ==, 14);
  g_assert_cmpuint (a.planned_to_date, ==, 4);
  g_assert_cmpuint (a.done_week, ==, 3);

  salve_care_adherence_compute (plan, &nmes, 1, nmes.modality, done,
                                G_N_ELEMENTS (done), amsterdam, &day, G_MAXINT64, &a);
  g_assert_cmpuint (a.done_day, ==, 1);
  g_assert_cmpuint (a.done_week, ==, 1);

  /* At an instant of the day: of its sessions at 08:00 and 20:00, only
   * those whose time has come are planned so far; one done early counts
   * as planned so far too. */
  tens.n_times = 2;
  tens.times[0] = 8 * 60;
  tens.times[1] = 20 * 60;
  salve_care_adherence_compute (plan, &tens, 1, tens.modality, done, G_N_ELEMENTS (done), amsterdam, &day,
                                noon_unix (&day, 7), &a);
  g_assert_cmpuint (a.planned_to_date, ==, 2 + 1);   /* day 49's two; 09:00's, done */
  salve_care_adherence_compute (plan, &tens, 1, tens.modality, done, G_N_ELEMENTS (done), amsterdam, &day,
                                noon_unix (&day, 12), &a);
  g_assert_cmpuint (a.planned_to_date, ==, 2 + 1);
  g_assert_cmpuint (a.planned_day, ==, 2);
  g_assert_cmpuint (a.planned_week, ==, 14);
  salve_care_adherence_compute (plan, &tens, 1, tens.modality, done, G_N_ELEMENTS (done), amsterdam, &day,
                                noon_unix (&day, 21), &a);
  g_assert_cmpuint (a.planned_to_date, ==, 2 + 2);
  /* Another day than the instant's: the whole day. */
  salve_care_adherence_compute (plan, &tens, 1, tens.modality, done, G_N_ELEMENTS (done), amsterdam, &d49,
                                noon_unix (&day, 7), &a);
  g_assert_cmpuint (a.planned_to_date, ==, 2);

  day = start;
  g_date_subtract_days (&day, 1);
  salve_care_adherence_compute (plan, &tens, 1, tens.modality, done,
                                G_N_ELEMENTS (done), amsterdam, &day, G_MAXINT64, &a);
  g_assert_cmpuint (a.planned_week, ==, 0);
  g_assert_cmpuint (a.done_week, ==, 0);
}

/* The adherence line in words: on the plan's first morning nothing is
 * due yet ("this plan week 0 of 0 so far (14 in all)" said nothing);
 * once a time has passed, the counts. */
static void
test_adherence_words (void)
{
  GDate start = date (2026, 10, 5);
  GDate second = days_after (&start, 1);
  g_autoptr(SalveCarePlan) plan = salve_care_plan_new (&start);
  SalveSessionMark done[] = { { noon_unix (&second, 21), SALVE_MODALITY_NMES } };
  SalveCareSchedule tens;
  SalveCareAdherence a;
  g_autofree char *said = NULL;

  salve_care_schedule_get_default (SALVE_MODALITY_TENS, &tens);
  tens.n_times = 2;
  tens.times[0] = 8 * 60;
  tens.times[1] = 20 * 60;

  salve_care_adherence_compute (plan, &tens, 1, tens.modality, done, 0, amsterdam, &start, noon_unix (&start, 7), &a);
  said = salve_care_adherence_describe (&a);
  g_assert_cmpstr (said, ==, "TENS: the plan week’s first session is still to come (14 planned this week).");
  g_clear_pointer (&said, g_free);

  salve_care_adherence_compute (plan, &tens, 1, tens.modality, done, 0, amsterdam, &start, noon_unix (&start, 9), &a);
  said = salve_care_adherence_describe (&a);
  g_assert_cmpstr (said, ==, "TENS today 0 of 2, this plan week 0 of 1 so far (14 in all).");
  g_clear_pointer (&said, g_free);

  salve_care_adherence_compute (plan, &tens, 1, tens.modality, done,
                                0, amsterdam, &second, noon_unix (&second, 7), &a);
  said = salve_care_adherence_describe (&a);
  g_assert_cmpstr (said, ==, "TENS today 0 of 2, this plan week 0 of 2 so far (14 in all).");
  g_clear_pointer (&said, g_free);

  /* Before the plan's first day there is no plan week to count in. */
  {
    GDate before = start;

    g_date_subtract_days (&before, 3);
    salve_care_adherence_compute (plan, &tens, 1, tens.modality, done,
                                  0, amsterdam, &before, noon_unix (&before, 12), &a);
    said = salve_care_adherence_describe (&a);
    g_assert_cmpstr (said, ==, "TENS: planned from the plan’s start.");
    g_clear_pointer (&said, g_free);
  }

  /* Another modality's session counts for nothing here. */
  salve_care_adherence_compute (plan, &tens, 1, tens.modality, done, G_N_ELEMENTS (done), amsterdam, &second,
                                noon_unix (&second, 22), &a);
  said = salve_care_adherence_describe (&a);
  g_assert_cmpstr (said, ==, "TENS today 0 of 2, this plan week 0 of 4 so far (14 in all).");
}

/* A day counts what its schedule planned on it then: each time of day by
 * the version in force at that time, sessions without a time by the
 * version at the day's end. */
static void
test_schedule_history (void)
{
  GDate start = date (2026, 10, 5);
  g_autoptr(SalveCarePlan) plan = salve_care_plan_new (&start);
  GDate d2 = days_after (&start, 2), d3 = days_after (&start, 3), d9 = days_after (&start, 9), d10 = days_after (&start, 10);
  GDate d11 = days_after (&start, 11), d19 = days_after (&start, 19), d20 = days_after (&start, 20);
  SalveCareSchedule changes[4];
  SalveSessionMark done[] = { { noon_unix (&d3, 20), SALVE_MODALITY_NMES } };
  SalveCareAdherence a;

  memset (changes, 0, sizeof changes);
  /* TENS twice a day (08:00, 20:00) from a schedule saved at 19:00 on
   * the plan's first day ... */
  changes[0].modality = SALVE_MODALITY_TENS;
  changes[0].per_day = 2;
  changes[0].minutes = 30;
  changes[0].n_times = 2;
  changes[0].times[0] = 8 * 60;
  changes[0].times[1] = 20 * 60;
  changes[0].since_unix = noon_unix (&start, 19);
  /* ... NMES twice a day at no set time from 19:00 on day 3 ... */
  changes[1].modality = SALVE_MODALITY_NMES;
  changes[1].per_day = 2;
  changes[1].minutes = 40;
  changes[1].since_unix = noon_unix (&d3, 19);
  /* ... TENS once (20:00) from noon on day 10 ... */
  changes[2] = changes[0];
  changes[2].per_day = 1;
  changes[2].n_times = 1;
  changes[2].times[0] = 20 * 60;
  changes[2].since_unix = noon_unix (&d10, 12);
  /* ... and taken off at 09:00 on day 20. */
  changes[3].modality = SALVE_MODALITY_TENS;
  changes[3].since_unix = noon_unix (&d20, 9);

#define PLANNED(m, day, now, n_done) \
  salve_care_schedule_planned_on (changes, G_N_ELEMENTS (changes), (m), amsterdam, (day), (now), (n_done))

  /* Saved in the evening: that morning's 08:00 was never planned. */
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_TENS, &start, G_MAXINT64, 0), ==, 1);
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_TENS, &d9, G_MAXINT64, 0), ==, 2);
  /* 08:00 by the first version, 20:00 by the second. */
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_TENS, &d10, G_MAXINT64, 0), ==, 2);
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_TENS, &d11, G_MAXINT64, 0), ==, 1);
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_TENS, &d19, G_MAXINT64, 0), ==, 1);
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_TENS, &d20, G_MAXINT64, 0), ==, 0);
  /* At 10:00 on day 10, 08:00 is due; at 07:00 nothing, unless done. */
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_TENS, &d10, noon_unix (&d10, 10), 0), ==, 1);
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_TENS, &d10, noon_unix (&d10, 7), 0), ==, 0);
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_TENS, &d10, noon_unix (&d10, 7), 1), ==, 1);
  /* Without times: from the day saved on, and that day so far as done. */
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_NMES, &d3, G_MAXINT64, 0), ==, 2);
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_NMES, &d2, G_MAXINT64, 0), ==, 0);
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_NMES, &d3, noon_unix (&d3, 21), 1), ==, 1);
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_PEMF, &d9, G_MAXINT64, 0), ==, 0);
#undef PLANNED

  /* The sessions a day as they changed over a period. */
  {
    struct { SalveModality m; GDate from, to; const char *said; } periods[] = {
      { SALVE_MODALITY_TENS, start, d9, "1 → 2" },   /* saved at 19:00: 20:00 only */
      { SALVE_MODALITY_TENS, d2, d9, "2" },
      { SALVE_MODALITY_TENS, d9, d11, "2 → 1" },
      { SALVE_MODALITY_TENS, d10, d10, "2" },         /* 08:00 by the first, 20:00 by the second */
      { SALVE_MODALITY_TENS, d19, d20, "1 → 0" },
      { SALVE_MODALITY_NMES, d2, d3, "0 → 2" },       /* no set time: all of the day saved on */
    };

    for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
      {
        g_autofree char *said = salve_care_schedule_describe_per_day (changes, G_N_ELEMENTS (changes), periods[i].m,
                                                                      amsterdam, &periods[i].from, &periods[i].to);

        g_assert_cmpstr (said, ==, periods[i].said);
      }
  }

  /* Looking back on plan week 3 (days 14–20), TENS taken off on its last
   * day is still shown, as it was last; in week 4 it is gone. */
  {
    g_autoptr(GArray) shown = salve_care_schedules_of_week (plan, &changes[1], 1, changes, G_N_ELEMENTS (changes),
                                                            amsterdam, &d19);
    GDate d21 = days_after (&start, 21);

    g_assert_cmpuint (shown->len, ==, 2);
    g_assert_cmpint (g_array_index (shown, SalveCareSchedule, 0).modality, ==, SALVE_MODALITY_TENS);
    g_assert_cmpuint (g_array_index (shown, SalveCareSchedule, 0).per_day, ==, 1);
    g_assert_cmpint (g_array_index (shown, SalveCareSchedule, 1).modality, ==, SALVE_MODALITY_NMES);
    g_clear_pointer (&shown, g_array_unref);
    shown = salve_care_schedules_of_week (plan, &changes[1], 1, changes, G_N_ELEMENTS (changes), amsterdam, &d21);
    g_assert_cmpuint (shown->len, ==, 1);
    g_assert_cmpint (g_array_index (shown, SalveCareSchedule, 0).modality, ==, SALVE_MODALITY_NMES);
  }

  /* Plan week 2 (days 7–13): 2, 2, 2, 2 (day 10), then 1, 1, 1. */
  salve_care_adherence_compute (plan, changes, G_N_ELEMENTS (changes), SALVE_MODALITY_TENS, done,
                                G_N_ELEMENTS (done), amsterdam, &d11, G_MAXINT64, &a);
  g_assert_cmpuint (a.planned_week, ==, 11);
  g_assert_cmpuint (a.planned_to_date, ==, 9);
  g_assert_cmpuint (a.planned_day, ==, 1);
  /* Week 1: nothing on the first morning, NMES from day 3. */
  salve_care_adherence_compute (plan, changes, G_N_ELEMENTS (changes), SALVE_MODALITY_TENS, done,
                                G_N_ELEMENTS (done), amsterdam, &start, G_MAXINT64, &a);
  g_assert_cmpuint (a.planned_week, ==, 13);
  salve_care_adherence_compute (plan, changes, G_N_ELEMENTS (changes), SALVE_MODALITY_NMES, done,
                                G_N_ELEMENTS (done), amsterdam, &d3, noon_unix (&d3, 21), &a);
  g_assert_cmpuint (a.planned_week, ==, 8);
  g_assert_cmpuint (a.planned_day, ==, 2);
  g_assert_cmpuint (a.planned_to_date, ==, 1);
  g_assert_cmpuint (a.done_day, ==, 1);
}

/* Times dropped or set at noon: TENS at 08:00 and 20:00, then twice at
 * no set time; NMES twice at no set time, then at 08:00 and 20:00. The
 * day counts neither three (08:00 and the two of the day's end) nor
 * loses one done in the morning under the old version. */
static void
test_schedule_times_switched (void)
{
  GDate start = date (2026, 10, 5);
  GDate d5 = days_after (&start, 5), d6 = days_after (&start, 6);
  SalveCareSchedule changes[4];

  memset (changes, 0, sizeof changes);
  changes[0].modality = SALVE_MODALITY_TENS;
  changes[0].per_day = 2;
  changes[0].n_times = 2;
  changes[0].times[0] = 8 * 60;
  changes[0].times[1] = 20 * 60;
  changes[1].modality = SALVE_MODALITY_NMES;
  changes[1].per_day = 2;
  changes[2] = changes[1];
  changes[2].modality = SALVE_MODALITY_TENS;
  changes[2].since_unix = noon_unix (&d5, 12);
  changes[3] = changes[0];
  changes[3].modality = SALVE_MODALITY_NMES;
  changes[3].since_unix = noon_unix (&d5, 12);

#define PLANNED(m, day, now, n_done) \
  salve_care_schedule_planned_on (changes, G_N_ELEMENTS (changes), (m), amsterdam, (day), (now), (n_done))
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_TENS, &d5, G_MAXINT64, 0), ==, 2);
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_TENS, &d6, G_MAXINT64, 0), ==, 2);
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_NMES, &d5, G_MAXINT64, 0), ==, 1);
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_NMES, &d5, G_MAXINT64, 2), ==, 2);
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_NMES, &d5, G_MAXINT64, 3), ==, 2);
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_NMES, &d6, G_MAXINT64, 0), ==, 2);
  /* At 21:00 that day, with the change at noon: 20:00 has come. */
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_NMES, &d5, noon_unix (&d5, 21), 0), ==, 1);
  g_assert_cmpuint (PLANNED (SALVE_MODALITY_TENS, &d5, noon_unix (&d5, 21), 0), ==, 1);
#undef PLANNED
}

/* The next planned session: the day's next time to come, tomorrow's
 * first after the last, the plan's first day's first before it starts. */
static void
test_next_session (void)
{
  GDate start = date (2026, 10, 5);
  g_autoptr(SalveCarePlan) plan = salve_care_plan_new (&start);
  SalveCareSchedule schedules[2];
  g_autoptr(GDateTime) morning = g_date_time_new_local (2026, 10, 12, 9, 30, 0);
  g_autoptr(GDateTime) night = g_date_time_new_local (2026, 10, 12, 21, 0, 0);
  g_autoptr(GDateTime) before = g_date_time_new_local (2026, 10, 1, 12, 0, 0);
  g_autofree char *said = NULL;
  SalveModality modality;
  gint64 at;

  salve_care_schedule_get_default (SALVE_MODALITY_TENS, &schedules[0]);
  schedules[0].n_times = 2;
  schedules[0].times[0] = 8 * 60;
  schedules[0].times[1] = 20 * 60;
  salve_care_schedule_get_default (SALVE_MODALITY_LASER, &schedules[1]);
  schedules[1].n_times = 1;
  schedules[1].times[0] = 12 * 60;

  g_assert_true (salve_care_next_session (plan, schedules, 2, g_date_time_to_unix (morning), &modality, &at));
  g_assert_cmpint (modality, ==, SALVE_MODALITY_LASER);
  g_assert_cmpint (at - g_date_time_to_unix (morning), ==, 150 * 60);
  said = salve_care_describe_next_session (modality, at, g_date_time_to_unix (morning));
  g_assert_cmpstr (said, ==, "Next planned session: Soft laser today at 12:00.");
  g_clear_pointer (&said, g_free);

  g_assert_true (salve_care_next_session (plan, schedules, 2, g_date_time_to_unix (night), &modality, &at));
  g_assert_cmpint (modality, ==, SALVE_MODALITY_TENS);
  said = salve_care_describe_next_session (modality, at, g_date_time_to_unix (night));
  g_assert_cmpstr (said, ==, "Next planned session: TENS tomorrow at 08:00.");
  g_clear_pointer (&said, g_free);

  /* Before the plan starts: its first day, not tomorrow. */
  g_assert_true (salve_care_next_session (plan, schedules, 2, g_date_time_to_unix (before), &modality, &at));
  {
    g_autoptr(GDateTime) first = g_date_time_new_from_unix_local (at);

    g_assert_cmpint (g_date_time_get_day_of_month (first), ==, 5);
    g_assert_cmpint (g_date_time_get_hour (first), ==, 8);
  }
  said = salve_care_describe_next_session (modality, at, g_date_time_to_unix (before));
  g_assert_true (g_str_has_prefix (said, "Next planned session: TENS on "));

  /* No times set: nothing to tell. */
  schedules[0].n_times = 0;
  schedules[1].n_times = 0;
  g_assert_false (salve_care_next_session (plan, schedules, 2, g_date_time_to_unix (morning), &modality, &at));
}

static void
test_bad_day (void)
{
  GDate start = date (2026, 10, 4);
  const int pains[] = { 4, 4, 4, 4, 4, 4, 4, 6, 5 };
  g_autoptr(GArray) points = daily_points (&start, G_N_ELEMENTS (pains), pains, G_N_ELEMENTS (pains));
  g_autoptr(SalveDiaryStats) stats = NULL;
  GDate day;

  stats = salve_diary_stats_compute_for_plan ((SalveDiaryPoint *) (gpointer) points->data, points->len,
                                              amsterdam, &start);
  /* 6 after a week of 4: two points worse, clearly a bad day. */
  day = days_after (&start, 7);
  g_assert_true (salve_care_is_bad_day (stats, &day));
  /* 5 is one point worse than the mean before (about 4.3): a swing. */
  day = days_after (&start, 8);
  g_assert_false (salve_care_is_bad_day (stats, &day));
  /* Too few days before to judge. */
  day = days_after (&start, 1);
  g_assert_false (salve_care_is_bad_day (stats, &day));
  g_assert_nonnull (strstr (salve_care_get_bad_day_advice (), "normal"));

  /* Not called normal beside a warning sign to see someone about: "what
   * counts is the line over the weeks" beside "no improvement after three
   * weeks" neither. */
  day = days_after (&start, 7);
  {
    gboolean warnings[SALVE_N_WARNINGS] = { FALSE };

    g_assert_true (salve_care_bad_day_is_normal (stats, &day, warnings));
    warnings[SALVE_WARNING_NO_IMPROVEMENT] = TRUE;
    g_assert_false (salve_care_bad_day_is_normal (stats, &day, warnings));
    warnings[SALVE_WARNING_NO_IMPROVEMENT] = FALSE;
    warnings[SALVE_WARNING_NEW_WEAKNESS] = TRUE;
    g_assert_false (salve_care_bad_day_is_normal (stats, &day, warnings));
    warnings[SALVE_WARNING_NEW_WEAKNESS] = FALSE;
    warnings[SALVE_WARNING_NUMBNESS] = TRUE;
    g_assert_false (salve_care_bad_day_is_normal (stats, &day, warnings));
    warnings[SALVE_WARNING_NUMBNESS] = FALSE;
    warnings[SALVE_WARNING_RISING_PAIN] = TRUE;
    g_assert_false (salve_care_bad_day_is_normal (stats, &day, warnings));
  }
}

static SalveCareEntry
entry_at (const GDate *day,
          int          hour,
          int          pain,
          int          fatigue,
          guint        activity_minutes)
{
  SalveCareEntry e = { 0 };

  e.at_unix = noon_unix (day, hour);
  e.pain = (gint8) pain;
  e.fatigue = (gint8) fatigue;
  e.activity_minutes = activity_minutes;
  return e;
}

/* The pacing rule both ways: a walk followed by pain 2 points above the
 * 7-day mean suggests less load; 1 point above, or the same pain without
 * an activity before it, suggests nothing. */
static void
test_pacing (void)
{
  GDate start = date (2026, 10, 4);
  const int pains[] = { 4 };
  g_autoptr(GArray) points = daily_points (&start, 7, pains, 1);
  g_autoptr(SalveDiaryStats) stats = NULL;
  GDate day = days_after (&start, 7);
  SalveCareEntry after_walk[] = { entry_at (&day, 10, 4, SALVE_DIARY_UNRATED, 45),
                                  entry_at (&day, 14, 6, SALVE_DIARY_UNRATED, 0) };
  SalveCareEntry small_rise[] = { entry_at (&day, 10, 4, SALVE_DIARY_UNRATED, 45),
                                  entry_at (&day, 14, 5, SALVE_DIARY_UNRATED, 0) };
  SalveCareEntry no_activity[] = { entry_at (&day, 10, 4, SALVE_DIARY_UNRATED, 0),
                                   entry_at (&day, 14, 6, SALVE_DIARY_UNRATED, 0) };
  SalveCareEntry before_walk[] = { entry_at (&day, 10, 6, SALVE_DIARY_UNRATED, 0),
                                   entry_at (&day, 14, 4, SALVE_DIARY_UNRATED, 45) };
  SalveCareEntry tired[] = { entry_at (&day, 10, 4, 8, 30) };
  GDate other_day = days_after (&start, 8);

  stats = salve_diary_stats_compute_for_plan ((SalveDiaryPoint *) (gpointer) points->data, points->len,
                                              amsterdam, &start);

  g_assert_true (salve_care_pacing_needed (stats, after_walk, 2, amsterdam, &day));
  g_assert_false (salve_care_pacing_needed (stats, small_rise, 2, amsterdam, &day));
  g_assert_false (salve_care_pacing_needed (stats, no_activity, 2, amsterdam, &day));
  g_assert_false (salve_care_pacing_needed (stats, before_walk, 2, amsterdam, &day));
  g_assert_true (salve_care_pacing_needed (stats, tired, 1, amsterdam, &day));
  /* Another day's entries do not count. */
  g_assert_false (salve_care_pacing_needed (stats, after_walk, 2, amsterdam, &other_day));

  /* A pain of 7 every day is not "much" for that person: a 7 after a walk
   * asks for nothing, an 8 does; with no week before to go by, a 7 does.
   * Fatigue likewise, against the fatigue of the week before. */
  {
    const int usual[] = { 7 };
    g_autoptr(GArray) chronic_points = daily_points (&start, 7, usual, 1);
    g_autoptr(SalveDiaryStats) chronic = salve_diary_stats_compute_for_plan (
      (SalveDiaryPoint *) (gpointer) chronic_points->data, chronic_points->len, amsterdam, &start);
    g_autoptr(SalveDiaryStats) none = salve_diary_stats_compute_for_plan (NULL, 0, amsterdam, &start);
    SalveCareEntry seven[] = { entry_at (&day, 10, 7, SALVE_DIARY_UNRATED, 45) };
    SalveCareEntry eight[] = { entry_at (&day, 10, 8, SALVE_DIARY_UNRATED, 45) };
    GDate before = days_after (&start, 6);
    SalveCareEntry always_tired[] = { entry_at (&before, 10, 4, 8, 0), entry_at (&day, 10, 4, 8, 30) };
    SalveCareEntry more_tired[] = { entry_at (&before, 10, 4, 7, 0), entry_at (&day, 10, 4, 8, 30) };

    g_assert_false (salve_care_pacing_needed (chronic, seven, 1, amsterdam, &day));
    g_assert_true (salve_care_pacing_needed (chronic, eight, 1, amsterdam, &day));
    g_assert_true (salve_care_pacing_needed (none, seven, 1, amsterdam, &day));
    g_assert_false (salve_care_pacing_needed (stats, always_tired, 2, amsterdam, &day));
    g_assert_true (salve_care_pacing_needed (stats, more_tired, 2, amsterdam, &day));
  }

  /* Day after day over a diary, only the entries near each day are read,
   * with the same answer as over every entry. */
  {
    SalveCareEntry diary[60];
    gsize cursor = 0;

    for (guint i = 0; i < G_N_ELEMENTS (diary); i++)
      {
        GDate at = days_after (&start, i / 3);

        diary[i] = entry_at (&at, 8 + 4 * (i % 3), (i % 7) == 3 ? 9 : 4, (i % 11) == 5 ? 9 : 3, i % 2 ? 30 : 0);
      }
    for (guint d = 0; d < 20; d++)
      {
        GDate on = days_after (&start, d);

        g_assert_cmpint (salve_care_pacing_needed_on (stats, diary, G_N_ELEMENTS (diary), amsterdam, &on, &cursor), ==,
                         salve_care_pacing_needed (stats, diary, G_N_ELEMENTS (diary), amsterdam, &on));
      }
  }

  /* The advice only ever asks for less. */
  g_assert_nonnull (strstr (salve_care_get_pacing_advice (), "Do less"));
  g_assert_null (strstr (salve_care_get_pacing_advice (), "more"));
}

static void
test_warnings (void)
{
  GDate start = date (2026, 10, 4);
  g_autoptr(SalveCarePlan) plan = salve_care_plan_new (&start);
  const int flat[] = { 5 };
  const int better[] = { 6, 6, 6, 6, 6, 6, 6, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3 };
  const int rising[] = { 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5 };
  g_autoptr(GArray) points = NULL;
  g_autoptr(SalveDiaryStats) stats = NULL;
  gboolean found[SALVE_N_WARNINGS];
  GDate day;
  SalveCareEntry flagged[2];

  /* Flat pain: no improvement warning from day 21, not before. */
  points = daily_points (&start, 22, flat, 1);
  stats = salve_diary_stats_compute_for_plan ((SalveDiaryPoint *) (gpointer) points->data, points->len,
                                              amsterdam, &start);
  day = days_after (&start, 21);
  g_assert_cmpuint (salve_care_find_warnings (plan, stats, NULL, 0, amsterdam, &day, found), ==, 1);
  g_assert_true (found[SALVE_WARNING_NO_IMPROVEMENT]);
  g_assert_false (found[SALVE_WARNING_RISING_PAIN]);
  day = days_after (&start, 20);
  g_clear_pointer (&stats, salve_diary_stats_free);
  g_array_set_size (points, 21);
  stats = salve_diary_stats_compute_for_plan ((SalveDiaryPoint *) (gpointer) points->data, points->len,
                                              amsterdam, &start);
  g_assert_cmpuint (salve_care_find_warnings (plan, stats, NULL, 0, amsterdam, &day, found), ==, 0);

  /* Judged once a week, on the last full plan week: week 3 at 4.6 (8 %
   * below the baseline of 5) holds the sign through all of week 4 though
   * week 4's 3s pull the rolling mean below the line from its fourth day;
   * week 5 is judged on week 4, 40 % below, and the sign is gone. */
  {
    const int wavering[] = { 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
                             4, 5, 4, 5, 5, 4, 5, 3, 3, 3, 3, 3, 3, 3, 3 };

    g_clear_pointer (&points, g_array_unref);
    g_clear_pointer (&stats, salve_diary_stats_free);
    points = daily_points (&start, G_N_ELEMENTS (wavering), wavering, G_N_ELEMENTS (wavering));
    stats = salve_diary_stats_compute_for_plan ((SalveDiaryPoint *) (gpointer) points->data, points->len,
                                                amsterdam, &start);
    for (guint d = 21; d < 28; d++)
      {
        day = days_after (&start, d);
        salve_care_find_warnings (plan, stats, NULL, 0, amsterdam, &day, found);
        g_assert_true (found[SALVE_WARNING_NO_IMPROVEMENT]);
      }
    day = days_after (&start, 28);
    salve_care_find_warnings (plan, stats, NULL, 0, amsterdam, &day, found);
    g_assert_false (found[SALVE_WARNING_NO_IMPROVEMENT]);
  }

  /* Improving: none. */
  g_clear_pointer (&points, g_array_unref);
  g_clear_pointer (&stats, salve_diary_stats_free);
  points = daily_points (&start, G_N_ELEMENTS (better), better, G_N_ELEMENTS (better));
  stats = salve_diary_stats_compute_for_plan ((SalveDiaryPoint *) (gpointer) points->data, points->len,
                                              amsterdam, &start);
  day = days_after (&start, G_N_ELEMENTS (better) - 1);
  g_assert_cmpuint (salve_care_find_warnings (plan, stats, NULL, 0, amsterdam, &day, found), ==, 0);

  /* Flags of the last 7 days count; older ones do not. */
  flagged[0] = entry_at (&day, 9, 3, SALVE_DIARY_UNRATED, 0);
  flagged[0].numbness = TRUE;
  flagged[0].at_unix -= 7 * 86400;
  flagged[1] = entry_at (&day, 9, 3, SALVE_DIARY_UNRATED, 0);
  flagged[1].new_weakness = TRUE;
  g_assert_cmpuint (salve_care_find_warnings (plan, stats, flagged, 2, amsterdam, &day, found), ==, 1);
  g_assert_true (found[SALVE_WARNING_NEW_WEAKNESS]);
  g_assert_false (found[SALVE_WARNING_NUMBNESS]);
  flagged[0].at_unix += 86400;
  g_assert_cmpuint (salve_care_find_warnings (plan, stats, flagged, 2, amsterdam, &day, found), ==, 2);
  g_assert_true (found[SALVE_WARNING_NUMBNESS]);

  /* Rising week after week by 2 points in all. */
  g_clear_pointer (&points, g_array_unref);
  g_clear_pointer (&stats, salve_diary_stats_free);
  points = daily_points (&start, G_N_ELEMENTS (rising), rising, G_N_ELEMENTS (rising));
  stats = salve_diary_stats_compute_for_plan ((SalveDiaryPoint *) (gpointer) points->data, points->len,
                                              amsterdam, &start);
  day = days_after (&start, G_N_ELEMENTS (rising) - 1);
  salve_care_find_warnings (plan, stats, NULL, 0, amsterdam, &day, found);
  g_assert_true (found[SALVE_WARNING_RISING_PAIN]);

  for (int s = 0; s < SALVE_N_WARNINGS; s++)
    {
      g_assert_nonnull (salve_warning_sign_to_id (s));
      g_assert_nonnull (salve_warning_sign_get_advice (s, NULL));
      g_assert_nonnull (salve_warning_sign_get_source (s));
    }
  g_assert_cmpstr (salve_warning_sign_to_id (SALVE_WARNING_NUMBNESS), ==, "numbness");
  g_assert_nonnull (strstr (salve_warning_sign_get_advice (SALVE_WARNING_NUMBNESS, NULL), "Stop stimulation"));

  /* Who already has a therapist is sent to them, not to "a physiotherapist". */
  g_assert_nonnull (strstr (salve_warning_sign_get_advice (SALVE_WARNING_NO_IMPROVEMENT, plan), "seeing a physiotherapist"));
  g_free (plan->therapist);
  plan->therapist = g_strdup ("Els de Vries");
  g_assert_nonnull (strstr (salve_warning_sign_get_advice (SALVE_WARNING_NO_IMPROVEMENT, plan),
                            "Discuss it with your therapist"));
}

/* The signs of each day are the same from the statistics of the diary
 * up to that day and from those of the whole diary, as the report takes
 * them (salve_care_find_warnings()): a plan started on the diary's
 * tenth day, a flat month that does not improve, a gap, then pain rising
 * week after week. */
static void
test_warnings_later_stats (void)
{
  GDate first = date (2026, 8, 3);
  GDate start = days_after (&first, 10);
  g_autoptr(SalveCarePlan) plan = salve_care_plan_new (&start);
  g_autoptr(GArray) points = NULL;
  g_autoptr(SalveDiaryStats) whole = NULL;
  guint n_days[SALVE_N_WARNINGS] = { 0 };
  int pains[80];

  for (guint d = 0; d < G_N_ELEMENTS (pains); d++)
    pains[d] = d < 10 ? 8 : d < 45 ? 6 - (d % 3 == 0) : 2 + (int) (d - 45) / 7;
  points = daily_points (&first, G_N_ELEMENTS (pains), pains, G_N_ELEMENTS (pains));
  /* Four days without entries. */
  g_array_remove_range (points, 41, 4);
  whole = salve_diary_stats_compute_for_plan ((SalveDiaryPoint *) (gpointer) points->data, points->len,
                                              amsterdam, &start);

  for (guint i = 0; i < whole->days->len; i++)
    {
      const SalveDiaryDay *day = &g_array_index (whole->days, SalveDiaryDay, i);
      g_autoptr(SalveDiaryStats) as_of = NULL;
      gboolean found[SALVE_N_WARNINGS], found_whole[SALVE_N_WARNINGS];
      guint n = 0;

      while (n < points->len && g_array_index (points, SalveDiaryPoint, n).at_unix < day->end_unix)
        n++;
      as_of = salve_diary_stats_compute_for_plan ((SalveDiaryPoint *) (gpointer) points->data, n, amsterdam, &start);
      salve_care_find_warnings (plan, as_of, NULL, 0, amsterdam, &day->date, found);
      salve_care_find_warnings (plan, whole, NULL, 0, amsterdam, &day->date, found_whole);
      for (guint w = 0; w < SALVE_N_WARNINGS; w++)
        {
          g_assert_cmpint (found_whole[w], ==, found[w]);
          n_days[w] += found[w] ? 1 : 0;
        }
    }
  /* Each sign the diary has shows, and not on every day. */
  g_assert_cmpuint (n_days[SALVE_WARNING_NO_IMPROVEMENT], >, 0);
  g_assert_cmpuint (n_days[SALVE_WARNING_NO_IMPROVEMENT], <, whole->days->len);
  g_assert_cmpuint (n_days[SALVE_WARNING_RISING_PAIN], >, 0);
  g_assert_cmpuint (n_days[SALVE_WARNING_RISING_PAIN], <, whole->days->len);
}

static void
test_review (void)
{
  GDate start = date (2026, 10, 4);
  g_autoptr(SalveCarePlan) plan = salve_care_plan_new (&start);
  const int pains[] = { 6, 6, 6, 6, 6, 6, 6, 3 };
  g_autoptr(GArray) points = daily_points (&start, 35, pains, G_N_ELEMENTS (pains));
  g_autoptr(SalveDiaryStats) stats = NULL;
  SalveCareReview review;
  GDate day;

  /* Baseline 6, then 3: 3 points less, clinically important. */
  for (guint i = 7; i < points->len; i++)
    g_array_index (points, SalveDiaryPoint, i).pain = 3;
  stats = salve_diary_stats_compute_for_plan ((SalveDiaryPoint *) (gpointer) points->data, points->len,
                                              amsterdam, &start);
  g_assert_false (salve_care_review_evaluate (plan, SALVE_MODALITY_NMES, stats, &start, &review));

  day = days_after (&start, 27);
  g_assert_true (salve_care_review_evaluate (plan, SALVE_MODALITY_TENS, stats, &day, &review));
  g_assert_cmpint (review.state, ==, SALVE_CARE_REVIEW_NOT_YET);
  day = days_after (&start, 28);
  g_assert_true (salve_care_review_evaluate (plan, SALVE_MODALITY_TENS, stats, &day, &review));
  g_assert_cmpint (review.state, ==, SALVE_CARE_REVIEW_DUE);
  g_assert_true (review.has_result);
  g_assert_true (review.mcid_reached);
  g_assert_cmpfloat_with_epsilon (review.change_points, -3.0, 1e-9);
  {
    g_autofree char *text = salve_care_review_describe (&review);

    g_assert_cmpstr (text, ==, "Time to judge TENS: pain fell by 3.0 points since the baseline, "
                               "a clinically important improvement.");
  }
  /* No TENS session from the plan's start to the day (one before it, one
   * of another modality, one after the day): the diary's fall in pain is
   * no verdict on a treatment not given. One in between, and it is. */
  {
    g_autoptr(GDateTime) before = g_date_time_new_local (2026, 10, 1, 12, 0, 0);
    g_autoptr(GDateTime) other = g_date_time_new_local (2026, 10, 10, 12, 0, 0);
    g_autoptr(GDateTime) later = g_date_time_new_local (2026, 11, 20, 12, 0, 0);
    g_autoptr(GDateTime) within = g_date_time_new_local (2026, 10, 20, 12, 0, 0);
    SalveSessionMark marks[] = {
      { g_date_time_to_unix (before), SALVE_MODALITY_TENS },
      { g_date_time_to_unix (other), SALVE_MODALITY_NMES },
      { g_date_time_to_unix (later), SALVE_MODALITY_TENS },
      { g_date_time_to_unix (within), SALVE_MODALITY_TENS },
    };
    SalveCareReview counted = review;
    g_autofree char *none = NULL;
    g_autofree char *one = NULL;

    salve_care_review_count_sessions (&counted, plan, marks, 3, &day);
    g_assert_cmpuint (counted.n_sessions, ==, 0);
    none = salve_care_review_describe (&counted);
    g_assert_cmpstr (none, ==, "Time to judge TENS, but no completed TENS session is recorded since the plan "
                               "started: there is no treatment to judge yet. Discuss it with your therapist.");
    salve_care_review_count_sessions (&counted, plan, marks, G_N_ELEMENTS (marks), &day);
    g_assert_cmpuint (counted.n_sessions, ==, 1);
    one = salve_care_review_describe (&counted);
    g_assert_nonnull (strstr (one, "pain fell by 3.0 points"));
  }
  /* Which way pain went is said in words, a rise never read as a change
   * like any other. */
  {
    SalveCareReview worse = review;
    g_autofree char *rose = NULL;
    g_autofree char *fell = NULL;
    g_autofree char *same = NULL;

    worse.mcid_reached = FALSE;
    worse.change_points = 1.6;
    rose = salve_care_review_describe (&worse);
    g_assert_cmpstr (rose, ==, "Time to judge TENS: pain rose by 1.6 points since the baseline. "
                               "Discuss it with your therapist.");
    worse.change_points = -0.4;
    fell = salve_care_review_describe (&worse);
    g_assert_nonnull (strstr (fell, "pain fell by 0.4 points since the baseline, not a clinically important"));
    worse.change_points = 0.0;
    same = salve_care_review_describe (&worse);
    g_assert_nonnull (strstr (same, "pain is the same as at the baseline"));
  }
  /* The diary stopped after the baseline week, or three weeks ago: no
   * result from a 7-day mean that old (it was "the same as at the
   * baseline" when it was the baseline). */
  for (guint stop = 7; stop <= 14; stop += 7)
    {
      g_autoptr(SalveDiaryStats) early = salve_diary_stats_compute_for_plan ((SalveDiaryPoint *) (gpointer) points->data,
                                                                             stop, amsterdam, &start);
      g_autofree char *text = NULL;

      day = days_after (&start, 34);
      g_assert_true (early->has_baseline && early->has_current);
      g_assert_true (salve_care_review_evaluate (plan, SALVE_MODALITY_TENS, early, &day, &review));
      g_assert_cmpint (review.state, ==, SALVE_CARE_REVIEW_DUE);
      g_assert_false (review.has_result);
      g_assert_true (review.no_recent);
      text = salve_care_review_describe (&review);
      g_assert_cmpstr (text, ==, "Time to judge TENS, but the diary has no entries from the last 7 days to compare "
                                 "with the baseline. Rate your pain every day for a week.");
    }
  /* Entries up to six days before: recent enough. */
  {
    g_autoptr(SalveDiaryStats) recent = salve_diary_stats_compute_for_plan ((SalveDiaryPoint *) (gpointer) points->data,
                                                                            29, amsterdam, &start);

    day = days_after (&start, 34);
    g_assert_true (salve_care_review_evaluate (plan, SALVE_MODALITY_TENS, recent, &day, &review));
    g_assert_true (review.has_result);
    g_assert_false (review.no_recent);
    day = days_after (&start, 35);
    g_assert_true (salve_care_review_evaluate (plan, SALVE_MODALITY_TENS, recent, &day, &review));
    g_assert_false (review.has_result);
  }

  day = days_after (&start, 42);
  g_assert_true (salve_care_review_evaluate (plan, SALVE_MODALITY_TENS, stats, &day, &review));
  g_assert_cmpint (review.state, ==, SALVE_CARE_REVIEW_PAST);
  {
    /* Past its weeks: no longer "time to judge". */
    g_autofree char *text = salve_care_review_describe (&review);

    g_assert_cmpstr (text, ==, "The review of TENS was due in plan weeks 5–6.");
  }
}

static void
test_activities (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  guint minutes = 0;
  const gboolean paced[] = { FALSE, TRUE, FALSE };
  const char *bad[] = { "walking", "walking=", "walking=-1", "walking=1441", "walking=3.5", "Walking=10",
                        "=10", "1walk=10", "walk ing=10", "walking=0x10" };

  g_assert_true (salve_activity_is_builtin ("screen-work"));
  g_assert_false (salve_activity_is_builtin ("swimming"));
  g_assert_true (salve_activity_id_is_valid ("swimming"));
  g_assert_cmpstr (salve_activity_get_name ("swimming"), ==, "swimming");
  g_assert_cmpstr (salve_activity_get_name ("walking"), ==, "Walking");

  g_assert_true (salve_activity_parse ("walking=30", &id, &minutes, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "walking");
  g_assert_cmpuint (minutes, ==, 30);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *bad_id = NULL;

      g_assert_false (salve_activity_parse (bad[i], &bad_id, &minutes, &error));
      g_assert_error (error, SALVE_CARE_PLAN_ERROR, SALVE_CARE_PLAN_ERROR_INVALID);
      g_assert_null (bad_id);
      g_clear_error (&error);
    }

  /* 10 % a week by default; a week that needed pacing holds the next. */
  g_assert_cmpfloat_with_epsilon (salve_activity_target_for_week (100, 10, 0, NULL, NULL), 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (salve_activity_target_for_week (100, 10, 2, NULL, NULL), 121, 1e-9);
  g_assert_cmpfloat_with_epsilon (salve_activity_target_for_week (100, 10, 2, paced, NULL), 110, 1e-9);
  g_assert_cmpfloat_with_epsilon (salve_activity_target_for_week (100, 10, 3, paced, NULL), 121, 1e-9);

  /* A week that fell short of its target holds the next: nothing walked
   * for weeks is no reason for a higher target. */
  {
    const double nothing[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    const double some[] = { 100, 110, 100, 121 };
    const double most[] = { 100, 110, 121 };
    const double short_by_one[] = { 100, 110, 120 };

    g_assert_cmpfloat_with_epsilon (salve_activity_target_for_week (100, 10, 12, NULL, nothing), 110, 1e-9);
    /* Reached in week 1, short in week 2 (100 of 121): 121 holds; reached
     * again in week 3, it rises. */
    g_assert_cmpfloat_with_epsilon (salve_activity_target_for_week (100, 10, 3, NULL, some), 121, 1e-9);
    g_assert_cmpfloat_with_epsilon (salve_activity_target_for_week (100, 10, 4, NULL, some), 133.1, 1e-9);
    /* 100 × 1.1 × 1.1 is 121 shown, and 121 minutes reach it; 120 do not. */
    g_assert_cmpfloat_with_epsilon (salve_activity_target_for_week (100, 10, 3, NULL, most), 133.1, 1e-9);
    g_assert_cmpfloat_with_epsilon (salve_activity_target_for_week (100, 10, 3, NULL, short_by_one), 121, 1e-9);
  }

  /* Never more than the minutes of a week, whatever the step. */
  g_assert_cmpfloat_with_epsilon (salve_activity_target_for_week (5000, 50, 12, NULL, NULL), 10080, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");

  g_test_add_func ("/core/care-plan/week-and-phase", test_week_and_phase);
  g_test_add_func ("/core/care-plan/validate", test_validate);
  g_test_add_func ("/core/care-plan/schedule", test_schedule);
  g_test_add_func ("/core/care-plan/adherence", test_adherence);
  g_test_add_func ("/core/care-plan/adherence-words", test_adherence_words);
  g_test_add_func ("/core/care-plan/schedule-history", test_schedule_history);
  g_test_add_func ("/core/care-plan/schedule-times-switched", test_schedule_times_switched);
  g_test_add_func ("/core/care-plan/next-session", test_next_session);
  g_test_add_func ("/core/care-plan/bad-day", test_bad_day);
  g_test_add_func ("/core/care-plan/pacing", test_pacing);
  g_test_add_func ("/core/care-plan/warnings", test_warnings);
  g_test_add_func ("/core/care-plan/warnings-later-stats", test_warnings_later_stats);
  g_test_add_func ("/core/care-plan/review", test_review);
  g_test_add_func ("/core/care-plan/activities", test_activities);

  rc = g_test_run ();
  g_time_zone_unref (amsterdam);
  return rc;
}
