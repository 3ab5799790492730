/* test-core-diary-stats.c: baseline, 7-day means, weeks and the
 * clinically important change
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "salve-diary-stats.h"

typedef struct
{
  GArray    *points;
  GTimeZone *tz;
} Diary;

static Diary *
diary_new (void)
{
  Diary *d = g_new0 (Diary, 1);

  d->points = g_array_new (FALSE, TRUE, sizeof (SalveDiaryPoint));
  d->tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_assert_nonnull (d->tz);
  return d;
}

static void
diary_free (Diary *d)
{
  g_array_unref (d->points);
  g_time_zone_unref (d->tz);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Diary, diary_free)

static SalveDiaryPoint *
diary_add (Diary      *d,
           const char *iso,
           int         pain)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (iso, d->tz);
  SalveDiaryPoint p = { 0 };

  g_assert_nonnull (at);
  p.id = d->points->len + 1;
  p.at_unix = g_date_time_to_unix (at);
  p.pain = pain;
  p.fatigue = SALVE_DIARY_UNRATED;
  p.sleep_quality = SALVE_DIARY_UNRATED;
  p.stress = SALVE_DIARY_UNRATED;
  p.modality = -1;
  g_array_append_val (d->points, p);
  return &g_array_index (d->points, SalveDiaryPoint, d->points->len - 1);
}

/* One entry at 09:00 on each of @n days from @first (YYYY-MM-DD). */
static void
diary_add_days (Diary      *d,
                const char *first,
                int         n,
                int         pain)
{
  g_autofree char *iso = g_strdup_printf ("%sT09:00:00", first);
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (iso, d->tz);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_days (start, i);
      g_autofree char *text = g_date_time_format_iso8601 (at);

      diary_add (d, text, pain);
    }
}

static SalveDiaryStats *
diary_stats (Diary *d)
{
  return salve_diary_stats_compute ((const SalveDiaryPoint *) (gpointer) d->points->data,
                                    d->points->len, d->tz, NULL);
}

static const SalveDiaryDay *
day_at (SalveDiaryStats *stats,
        guint            i)
{
  g_assert_cmpuint (i, <, stats->days->len);
  return &g_array_index (stats->days, SalveDiaryDay, i);
}

static void
test_empty_diary (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(SalveDiaryStats) stats = diary_stats (d);
  g_autofree char *text = salve_diary_stats_describe (stats);

  g_assert_cmpuint (stats->days->len, ==, 0);
  g_assert_cmpuint (stats->weeks->len, ==, 0);
  g_assert_false (stats->has_baseline);
  g_assert_false (stats->has_current);
  g_assert_false (stats->mcid_reached);
  g_assert_cmpint (salve_diary_stats_find_day (stats, 0), ==, -1);
  g_assert_nonnull (strstr (text, "no entries"));
}

static void
test_several_entries_a_day (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(SalveDiaryStats) stats = NULL;

  diary_add (d, "2026-02-02T07:00:00", 2);
  diary_add (d, "2026-02-02T13:00:00", 4);
  diary_add (d, "2026-02-02T22:00:00", 9);
  diary_add (d, "2026-02-03T09:00:00", 3);
  stats = diary_stats (d);

  g_assert_cmpuint (stats->n_entries, ==, 4);
  g_assert_cmpuint (stats->days->len, ==, 2);
  g_assert_cmpuint (day_at (stats, 0)->n_entries, ==, 3);
  g_assert_cmpfloat_with_epsilon (day_at (stats, 0)->mean, 5.0, 1e-9);
  g_assert_cmpint (day_at (stats, 0)->min, ==, 2);
  g_assert_cmpint (day_at (stats, 0)->max, ==, 9);
  /* Every day weighs the same in the 7-day mean, however often it was
   * rated: (5 + 3) / 2, not (2 + 4 + 9 + 3) / 4. */
  g_assert_cmpfloat_with_epsilon (day_at (stats, 1)->rolling7, 4.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->baseline, 4.0, 1e-9);
  /* Two days: the baseline is still being made, and its 7-day mean is
   * the same days: no change to show ("+0.0 points (+0 %)" said nothing),
   * and the words say 4 entries on 2 days, not "on 2 days" for 1 entry. */
  g_assert_false (salve_diary_stats_has_change (stats));
  {
    g_autofree char *text = salve_diary_stats_describe (stats);

    g_assert_true (g_str_has_prefix (text, "4 entries on 2 days. The baseline needs 7 days"));
  }
}

/* One entry on one day: singular both ways. */
static void
test_one_entry (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(SalveDiaryStats) stats = NULL;
  g_autofree char *text = NULL;

  diary_add (d, "2026-02-02T07:00:00", 5);
  stats = diary_stats (d);
  text = salve_diary_stats_describe (stats);
  g_assert_true (g_str_has_prefix (text, "1 entry on 1 day. "));
  g_assert_false (salve_diary_stats_has_change (stats));
}

static void
test_gaps (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(SalveDiaryStats) stats = NULL;

  /* Every other day for two weeks, then nothing for 10 days. */
  for (int i = 0; i < 8; i++)
    {
      g_autofree char *iso = g_strdup_printf ("2026-02-%02dT09:00:00", 2 + 2 * i);
      diary_add (d, iso, 8 - (i % 2) * 2);
    }
  diary_add (d, "2026-02-27T09:00:00", 3);
  stats = diary_stats (d);

  g_assert_cmpuint (stats->days->len, ==, 9);
  /* The baseline takes the first 7 days that have entries, 2–14 Feb:
   * 8, 6, 8, 6, 8, 6, 8. */
  g_assert_cmpuint (stats->baseline_days, ==, 7);
  g_assert_cmpint (g_date_get_day (&stats->baseline_first), ==, 2);
  g_assert_cmpint (g_date_get_day (&stats->baseline_last), ==, 14);
  /* 50 / 7, to one decimal as shown */
  g_assert_cmpfloat_with_epsilon (stats->baseline, 7.1, 1e-9);
  /* 14 Feb: the window 8–14 Feb holds 8, 10, 12 and 14 Feb. */
  g_assert_cmpfloat_with_epsilon (day_at (stats, 6)->rolling7, (6 + 8 + 6 + 8) / 4.0, 1e-9);
  /* After the gap the window only holds 27 Feb: missing days are not
   * read as zero pain. */
  g_assert_cmpfloat_with_epsilon (day_at (stats, 8)->rolling7, 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->current, 3.0, 1e-9);
  g_assert_true (salve_diary_stats_has_change (stats));
  /* ISO weeks 6 (2–8 Feb), 7, 8 (only 16 Feb) and 9 (only 27 Feb). */
  g_assert_cmpuint (stats->weeks->len, ==, 4);
  g_assert_cmpint (g_array_index (stats->weeks, SalveDiaryWeek, 0).iso_week, ==, 6);
  g_assert_cmpfloat_with_epsilon (g_array_index (stats->weeks, SalveDiaryWeek, 0).mean, 7.0, 1e-9);
  g_assert_cmpint (g_array_index (stats->weeks, SalveDiaryWeek, 3).iso_week, ==, 9);
  g_assert_cmpint (salve_diary_stats_find_day (stats, day_at (stats, 8)->start_unix + 3600), ==, 8);
  g_assert_cmpint (salve_diary_stats_find_day (stats, day_at (stats, 7)->end_unix + 3600), ==, 7);
}

static void
test_dst_spring_forward (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(SalveDiaryStats) stats = NULL;

  /* Amsterdam, 29 March 2026: 02:00 CET becomes 03:00 CEST. Just after
   * midnight is still 28 March in UTC; just before the next midnight the
   * offset is +02:00. Both belong to the 29th. */
  diary_add (d, "2026-03-28T21:00:00+01:00", 7);
  diary_add (d, "2026-03-29T00:30:00+01:00", 6);
  diary_add (d, "2026-03-29T23:30:00+02:00", 4);
  diary_add (d, "2026-03-30T00:15:00+02:00", 2);
  stats = diary_stats (d);

  g_assert_cmpuint (stats->days->len, ==, 3);
  g_assert_cmpint (g_date_get_day (&day_at (stats, 1)->date), ==, 29);
  g_assert_cmpuint (day_at (stats, 1)->n_entries, ==, 2);
  g_assert_cmpfloat_with_epsilon (day_at (stats, 1)->mean, 5.0, 1e-9);
  g_assert_cmpint (day_at (stats, 1)->end_unix - day_at (stats, 1)->start_unix, ==, 23 * 3600);
  g_assert_cmpint (day_at (stats, 0)->end_unix - day_at (stats, 0)->start_unix, ==, 24 * 3600);
}

static void
test_dst_fall_back (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(SalveDiaryStats) stats = NULL;

  /* 25 October 2026: 03:00 CEST becomes 02:00 CET, a 25-hour day. */
  diary_add (d, "2026-10-25T00:10:00+02:00", 8);
  diary_add (d, "2026-10-25T02:30:00+02:00", 6);
  diary_add (d, "2026-10-25T02:30:00+01:00", 4);
  diary_add (d, "2026-10-25T23:50:00+01:00", 2);
  stats = diary_stats (d);

  g_assert_cmpuint (stats->days->len, ==, 1);
  g_assert_cmpuint (day_at (stats, 0)->n_entries, ==, 4);
  g_assert_cmpfloat_with_epsilon (day_at (stats, 0)->mean, 5.0, 1e-9);
  g_assert_cmpint (day_at (stats, 0)->end_unix - day_at (stats, 0)->start_unix, ==, 25 * 3600);
}

static void
test_iso_weeks_across_new_year (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(SalveDiaryStats) stats = NULL;
  const SalveDiaryWeek *w;

  diary_add (d, "2026-12-31T09:00:00", 6);
  diary_add (d, "2027-01-03T09:00:00", 4);
  diary_add (d, "2027-01-04T09:00:00", 3);
  stats = diary_stats (d);

  /* 2026 has 53 ISO weeks; 1–3 January 2027 still belong to week 53. */
  g_assert_cmpuint (stats->weeks->len, ==, 2);
  w = &g_array_index (stats->weeks, SalveDiaryWeek, 0);
  g_assert_cmpint (w->iso_year, ==, 2026);
  g_assert_cmpint (w->iso_week, ==, 53);
  g_assert_cmpuint (w->n_days, ==, 2);
  g_assert_cmpfloat_with_epsilon (w->mean, 5.0, 1e-9);
  g_assert_cmpint (g_date_get_day (&w->monday), ==, 28);
  w = &g_array_index (stats->weeks, SalveDiaryWeek, 1);
  g_assert_cmpint (w->iso_year, ==, 2027);
  g_assert_cmpint (w->iso_week, ==, 1);
  g_assert_cmpint (w->end_unix - w->start_unix, ==, 7 * 24 * 3600);
}

static void
test_mcid_two_points (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(SalveDiaryStats) stats = NULL;
  g_autofree char *text = NULL;

  diary_add_days (d, "2026-01-05", 7, 6);
  diary_add_days (d, "2026-01-19", 7, 4);
  stats = diary_stats (d);

  g_assert_cmpfloat_with_epsilon (stats->baseline, 6.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->current, 4.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->change_points, -2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->change_percent, -100.0 / 3.0, 1e-9);
  g_assert_true (stats->mcid_reached);
  g_assert_cmpint (stats->category, ==, SALVE_IMMPACT_MODERATE);
  text = salve_diary_stats_describe (stats);
  g_assert_nonnull (strstr (text, "clinically important change (moderate improvement)"));
}

/* Seven days with entries spread over five weeks all go into the
 * baseline, the last one too: its 7-day mean is that one rating, which
 * was called "a real improvement" on the baseline that holds it (an
 * outside look at a therapist's import). No change until a day after
 * the baseline's; then the change is there. */
static void
test_latest_in_baseline (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(SalveDiaryStats) stats = NULL;
  g_autoptr(SalveDiaryStats) later = NULL;
  g_autofree char *text = NULL;
  g_autofree char *headline = NULL;

  diary_add_days (d, "2026-02-01", 3, 6);
  diary_add_days (d, "2026-02-15", 3, 5);
  diary_add (d, "2026-03-09T09:00:00", 1);
  stats = diary_stats (d);

  g_assert_true (stats->has_baseline && stats->has_current);
  g_assert_cmpuint (stats->baseline_days, ==, 7);
  g_assert_false (salve_diary_stats_has_change (stats));
  text = salve_diary_stats_describe (stats);
  g_assert_null (strstr (text, "improvement"));
  g_assert_nonnull (strstr (text, "Every day with entries so far went into the baseline"));
  {
    g_autoptr(GDateTime) noon = g_date_time_new (d->tz, 2026, 3, 9, 12, 0, 0);

    headline = salve_diary_stats_headline (stats, g_date_time_to_unix (noon));
  }
  g_assert_null (strstr (headline, "improvement"));

  diary_add (d, "2026-03-10T09:00:00", 1);
  later = diary_stats (d);
  g_assert_true (salve_diary_stats_has_change (later));
  g_assert_true (later->mcid_reached);
}

/* Pain that went up 38 % is not told it is "not yet a clinically
 * important change (2 points or 30 %)", which reads as if 38 were under
 * 30: the bar is for an improvement, and the text says so. */
static void
test_worse_is_no_improvement (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(SalveDiaryStats) stats = NULL;
  g_autofree char *text = NULL;

  diary_add_days (d, "2026-01-05", 7, 3);
  diary_add_days (d, "2026-01-19", 7, 4);
  stats = diary_stats (d);

  g_assert_cmpfloat (stats->change_percent, >, 30);
  g_assert_false (stats->mcid_reached);
  text = salve_diary_stats_describe (stats);
  g_assert_nonnull (strstr (text, "Pain went up"));
  g_assert_nonnull (strstr (text, "A clinically important improvement takes 2 points or 30 % less pain."));
  g_assert_null (strstr (text, "not yet a clinically important change"));
}

/* What is shown is what is judged: 7 → 5.048 is shown as 7.0 → 5.0,
 * "2.0 points (29 %) less", which is the clinically important change of
 * 2 points; and 5.0 → 4.98 is "the same", not "0.0 points (0 %) less". */
static void
test_decided_as_shown (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(Diary) flat = diary_new ();
  g_autoptr(SalveDiaryStats) stats = NULL;
  g_autofree char *text = NULL;

  diary_add_days (d, "2026-06-01", 7, 7);
  diary_add_days (d, "2026-06-08", 6, 5);
  diary_add (d, "2026-06-14T09:00:00+02:00", 5);
  diary_add (d, "2026-06-14T13:00:00+02:00", 5);
  diary_add (d, "2026-06-14T20:00:00+02:00", 6);
  stats = diary_stats (d);
  g_assert_cmpfloat_with_epsilon (stats->current, 5.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->change_points, -2.0, 1e-9);
  g_assert_true (stats->mcid_reached);
  text = salve_diary_stats_describe (stats);
  g_assert_nonnull (strstr (text, "2.0 points (29 %) less"));
  g_assert_nonnull (strstr (text, "That is a clinically important change"));
  g_clear_pointer (&stats, salve_diary_stats_free);
  g_clear_pointer (&text, g_free);

  diary_add_days (flat, "2026-06-01", 7, 5);
  diary_add_days (flat, "2026-06-08", 6, 5);
  diary_add (flat, "2026-06-14T09:00:00+02:00", 5);
  diary_add (flat, "2026-06-14T13:00:00+02:00", 5);
  diary_add (flat, "2026-06-14T20:00:00+02:00", 4);
  stats = diary_stats (flat);
  g_assert_cmpfloat (stats->change_points, ==, 0);
  text = salve_diary_stats_describe (stats);
  g_assert_nonnull (strstr (text, "Pain is 5.0 over the last 7 days, the same as at the baseline."));
}

/* A plan whose first 7 days have no entries has no baseline: nothing to
 * compare with, which is not "the same as at the baseline". */
static void
test_no_baseline_in_plan_week (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(SalveDiaryStats) stats = NULL;
  g_autofree char *text = NULL;
  GDate start;

  diary_add_days (d, "2026-04-06", 10, 5);
  g_date_clear (&start, 1);
  g_date_set_dmy (&start, 23, G_DATE_MARCH, 2026);
  stats = salve_diary_stats_compute_for_plan ((const SalveDiaryPoint *) (gpointer) d->points->data,
                                              d->points->len, d->tz, &start);
  g_assert_false (stats->has_baseline);
  g_assert_false (stats->mcid_reached);
  text = salve_diary_stats_describe (stats);
  g_assert_nonnull (strstr (text, "There is no baseline: the care plan’s first 7 days have no entries."));
  g_assert_null (strstr (text, "the same as at the baseline"));
  g_assert_null (strstr (text, "clinically important"));
}

static void
test_mcid_not_reached (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(SalveDiaryStats) stats = NULL;

  /* 8 → 6.6: 1.4 points and 18 % less: noticeable, not yet important. */
  diary_add_days (d, "2026-01-05", 7, 8);
  diary_add_days (d, "2026-01-19", 4, 6);
  diary_add_days (d, "2026-01-23", 3, 7);
  diary_add_days (d, "2026-01-26", 1, 7);
  stats = diary_stats (d);

  /* The last window (20–26 Jan) holds 6, 6, 6, 7, 7, 7, 7. */
  g_assert_cmpfloat_with_epsilon (stats->current, 6.6, 1e-9);
  g_assert_false (stats->mcid_reached);
  g_assert_cmpint (stats->category, ==, SALVE_IMMPACT_MINIMAL);
}

static void
test_mcid_by_percent_and_worse (void)
{
  g_autoptr(Diary) low = diary_new ();
  g_autoptr(Diary) zero = diary_new ();
  g_autoptr(Diary) worse = diary_new ();
  g_autoptr(SalveDiaryStats) stats = NULL;

  /* Baseline 2 → 1: only one point, but 50 % less pain. */
  diary_add_days (low, "2026-01-05", 7, 2);
  diary_add_days (low, "2026-01-19", 7, 1);
  stats = diary_stats (low);
  g_assert_true (stats->mcid_reached);
  g_assert_cmpint (stats->category, ==, SALVE_IMMPACT_SUBSTANTIAL);
  g_clear_pointer (&stats, salve_diary_stats_free);

  diary_add_days (zero, "2026-01-05", 7, 0);
  diary_add_days (zero, "2026-01-19", 7, 1);
  stats = diary_stats (zero);
  g_assert_true (isnan (stats->change_percent));
  g_assert_false (stats->mcid_reached);
  g_assert_cmpint (stats->category, ==, SALVE_IMMPACT_WORSE);
  g_clear_pointer (&stats, salve_diary_stats_free);

  diary_add_days (worse, "2026-01-05", 7, 4);
  diary_add_days (worse, "2026-01-19", 7, 6);
  stats = diary_stats (worse);
  g_assert_cmpfloat_with_epsilon (stats->change_points, 2.0, 1e-9);
  g_assert_false (stats->mcid_reached);
  g_assert_cmpint (stats->category, ==, SALVE_IMMPACT_WORSE);
}

static void
test_chosen_baseline_week (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(SalveDiaryStats) stats = NULL;
  GDate week;

  diary_add_days (d, "2026-01-05", 7, 3);
  diary_add_days (d, "2026-01-12", 7, 8);
  diary_add_days (d, "2026-01-19", 7, 5);
  g_date_clear (&week, 1);
  g_date_set_dmy (&week, 12, G_DATE_JANUARY, 2026);
  stats = salve_diary_stats_compute ((const SalveDiaryPoint *) (gpointer) d->points->data,
                                     d->points->len, d->tz, &week);

  g_assert_cmpuint (stats->baseline_days, ==, 7);
  g_assert_cmpfloat_with_epsilon (stats->baseline, 8.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->change_points, -3.0, 1e-9);
  g_assert_true (stats->mcid_reached);
}

static void
test_session_deltas_per_modality (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(SalveDiaryStats) stats = NULL;
  SalveDiaryPoint *p;

#define SESSION_RATING(iso, pain, session, ph, mod) \
  p = diary_add (d, iso, pain); p->session_id = session; p->phase = ph; p->modality = mod

  SESSION_RATING ("2026-01-05T09:00:00", 6, 1, SALVE_DIARY_PHASE_BEFORE, SALVE_MODALITY_TENS);
  SESSION_RATING ("2026-01-05T10:00:00", 3, 1, SALVE_DIARY_PHASE_AFTER, SALVE_MODALITY_TENS);
  SESSION_RATING ("2026-01-06T09:00:00", 5, 2, SALVE_DIARY_PHASE_BEFORE, SALVE_MODALITY_TENS);
  SESSION_RATING ("2026-01-06T10:00:00", 4, 2, SALVE_DIARY_PHASE_AFTER, SALVE_MODALITY_TENS);
  /* Rated only before: says nothing about what the laser did. */
  SESSION_RATING ("2026-01-07T09:00:00", 7, 3, SALVE_DIARY_PHASE_BEFORE, SALVE_MODALITY_LASER);
  SESSION_RATING ("2026-01-08T09:00:00", 5, 4, SALVE_DIARY_PHASE_BEFORE, SALVE_MODALITY_PEMF);
  SESSION_RATING ("2026-01-08T10:00:00", 5, 4, SALVE_DIARY_PHASE_AFTER, SALVE_MODALITY_PEMF);
#undef SESSION_RATING
  diary_add (d, "2026-01-08T20:00:00", 2);
  stats = diary_stats (d);

  g_assert_cmpuint (stats->sessions[SALVE_MODALITY_TENS].n_sessions, ==, 2);
  g_assert_cmpfloat_with_epsilon (stats->sessions[SALVE_MODALITY_TENS].mean_before, 5.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->sessions[SALVE_MODALITY_TENS].mean_after, 3.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->sessions[SALVE_MODALITY_TENS].mean_delta, -2.0, 1e-9);
  g_assert_cmpuint (stats->sessions[SALVE_MODALITY_LASER].n_sessions, ==, 0);
  g_assert_cmpuint (stats->sessions[SALVE_MODALITY_NMES].n_sessions, ==, 0);
  g_assert_cmpuint (stats->sessions[SALVE_MODALITY_PEMF].n_sessions, ==, 1);
  g_assert_cmpfloat_with_epsilon (stats->sessions[SALVE_MODALITY_PEMF].mean_delta, 0.0, 1e-9);
}

/* One stray entry in March must not move the baseline: with a plan that
 * starts on 2026-10-01 the baseline is the 7 days from the start, and the
 * weeks count from it. Without the plan the old behaviour stays, and the
 * stats say where the baseline came from. */
static void
test_plan_start_baseline (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(SalveDiaryStats) plan_stats = NULL;
  g_autoptr(SalveDiaryStats) plain = NULL;
  GDate start, expected_last;

  diary_add (d, "2026-03-29T10:00:00", 9);
  for (int day = 1; day <= 20; day++)
    {
      g_autofree char *iso = g_strdup_printf ("2026-10-%02dT10:00:00", day);
      diary_add (d, iso, day <= 7 ? 6 : 4);
    }

  g_date_clear (&start, 1);
  g_date_set_dmy (&start, 1, 10, 2026);
  g_date_clear (&expected_last, 1);
  g_date_set_dmy (&expected_last, 7, 10, 2026);

  plan_stats = salve_diary_stats_compute_for_plan ((const SalveDiaryPoint *) (gpointer) d->points->data,
                                                   d->points->len, d->tz, &start);
  g_assert_cmpint (plan_stats->baseline_source, ==, SALVE_BASELINE_PLAN_START);
  g_assert_cmpstr (salve_baseline_source_to_id (plan_stats->baseline_source), ==, "plan-start");
  g_assert_true (plan_stats->has_baseline);
  g_assert_cmpuint (plan_stats->baseline_days, ==, 7);
  g_assert_cmpfloat_with_epsilon (plan_stats->baseline, 6.0, 1e-9);
  g_assert_cmpint (g_date_compare (&plan_stats->baseline_first, &start), ==, 0);
  g_assert_cmpint (g_date_compare (&plan_stats->baseline_last, &expected_last), ==, 0);
  g_assert_cmpint (g_date_compare (&plan_stats->course_start, &start), ==, 0);
  g_assert_cmpint (plan_stats->course_week, ==, 3); /* 2026-10-20 is day 19 */
  g_assert_cmpuint (plan_stats->n_entries, ==, 21);

  plain = salve_diary_stats_compute ((const SalveDiaryPoint *) (gpointer) d->points->data,
                                     d->points->len, d->tz, NULL);
  g_assert_cmpint (plain->baseline_source, ==, SALVE_BASELINE_FIRST_ENTRY);
  g_assert_cmpint (g_date_get_month (&plain->baseline_first), ==, 3);
  g_assert_cmpint (g_date_get_month (&plain->course_start), ==, 3);
  g_assert_cmpint (plain->course_week, >, 20);
}

/* The headline speaks of this week while the diary is kept, and says
 * since when it is not once it stops. */
static void
test_headline (void)
{
  g_autoptr(Diary) d = diary_new ();
  g_autoptr(SalveDiaryStats) stats = NULL;
  g_autoptr(SalveDiaryStats) few = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *early = NULL;
  gint64 now;

  diary_add_days (d, "2026-01-05", 7, 7);
  diary_add_days (d, "2026-01-19", 7, 3);
  stats = diary_stats (d);
  last = g_date_time_new (d->tz, 2026, 1, 25, 21, 0, 0);
  now = g_date_time_to_unix (last);

  fresh = salve_diary_stats_headline (stats, now);
  g_assert_cmpstr (fresh, ==, "The past 7 days 3.0 on average, down from 7.0 when you started: a real improvement.");

  /* Ten days later nothing was added: no "this week" any more. */
  stale = salve_diary_stats_headline (stats, now + 10 * 86400);
  g_assert_cmpstr (stale, ==, "No entries since 25 Jan. The 7 days up to your last entry 3.0 on average, down from 7.0 when you started: a real improvement.");

  {
    g_autoptr(SalveDiaryStats) none = salve_diary_stats_compute (NULL, 0, d->tz, NULL);

    empty = salve_diary_stats_headline (none, now);
    g_assert_cmpstr (empty, ==, "No entries yet.");
  }

  g_array_set_size (d->points, 3);
  few = diary_stats (d);
  early = salve_diary_stats_headline (few, now - 17 * 86400);
  g_assert_true (g_str_has_prefix (early, "So far 7.0 on average."));

  /* A care plan started after entries of lower pain: "so far" is the
   * baseline being made, not a 7-day mean that takes in the days before
   * the start (it said 5.6 beside a baseline of 7.0; an outside look). */
  {
    g_autoptr(Diary) before = diary_new ();
    g_autoptr(SalveDiaryStats) planned = NULL;
    g_autofree char *headline = NULL;
    g_autofree char *so_far = NULL;
    GDate start;

    diary_add_days (before, "2026-12-01", 6, 5);
    diary_add (before, "2026-12-07T10:00:00", 6);
    diary_add (before, "2026-12-10T10:00:00", 8);
    g_date_clear (&start, 1);
    g_date_set_dmy (&start, 7, 12, 2026);
    planned = salve_diary_stats_compute_for_plan ((const SalveDiaryPoint *) (gpointer) before->points->data,
                                                  before->points->len, before->tz, &start);
    g_assert_cmpuint (planned->baseline_days, ==, 2);
    g_assert_cmpfloat_with_epsilon (planned->baseline, 7.0, 1e-9);
    headline = salve_diary_stats_headline (planned, g_date_time_to_unix (last) + 320 * 86400);
    g_assert_true (strstr (headline, "So far 7.0 on average. After 7 days") != NULL);
    so_far = salve_diary_stats_describe_so_far (planned);
    g_assert_cmpstr (so_far, ==, "The baseline needs 7 days with entries; the average so far is 7.0 out of 10.");
  }

  /* One stray entry months before the rest: "when you started" is then a
   * mean of days far apart, and the headline says which. */
  {
    g_autoptr(Diary) sparse = diary_new ();
    g_autoptr(SalveDiaryStats) sparse_stats = NULL;
    g_autofree char *said = NULL;

    diary_add_days (sparse, "2025-10-14", 1, 6);
    diary_add_days (sparse, "2026-01-05", 20, 5);
    sparse_stats = diary_stats (sparse);
    said = salve_diary_stats_headline (sparse_stats, now);
    g_assert_nonnull (strstr (said, "“When you started” is the diary’s first 7 days with entries, Tue 14 Oct 2025 to Sat 10 Jan 2026: "
                                    "a care plan sets it from the plan’s start instead."));
    /* Days next to each other: nothing to say. */
    g_assert_null (strstr (fresh, "When you started"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/diary-stats/empty", test_empty_diary);
  g_test_add_func ("/core/diary-stats/several-a-day", test_several_entries_a_day);
  g_test_add_func ("/core/diary-stats/one-entry", test_one_entry);
  g_test_add_func ("/core/diary-stats/gaps", test_gaps);
  g_test_add_func ("/core/diary-stats/dst-spring", test_dst_spring_forward);
  g_test_add_func ("/core/diary-stats/dst-fall", test_dst_fall_back);
  g_test_add_func ("/core/diary-stats/iso-weeks", test_iso_weeks_across_new_year);
  g_test_add_func ("/core/diary-stats/mcid-points", test_mcid_two_points);
  g_test_add_func ("/core/diary-stats/latest-in-baseline", test_latest_in_baseline);
  g_test_add_func ("/core/diary-stats/worse-is-no-improvement", test_worse_is_no_improvement);
  g_test_add_func ("/core/diary-stats/mcid-not-reached", test_mcid_not_reached);
  g_test_add_func ("/core/diary-stats/decided-as-shown", test_decided_as_shown);
  g_test_add_func ("/core/diary-stats/no-baseline-in-plan-week", test_no_baseline_in_plan_week);
  g_test_add_func ("/core/diary-stats/mcid-percent-worse", test_mcid_by_percent_and_worse);
  g_test_add_func ("/core/diary-stats/chosen-baseline", test_chosen_baseline_week);
  g_test_add_func ("/core/diary-stats/plan-start-baseline", test_plan_start_baseline);
  g_test_add_func ("/core/diary-stats/session-deltas", test_session_deltas_per_modality);
  g_test_add_func ("/core/diary-stats/headline", test_headline);

  return g_test_run ();
}
