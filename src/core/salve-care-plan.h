/* salve-care-plan.h: a course of treatment over weeks, and its arithmetic
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "salve-diary-entry.h"
#include "salve-diary-stats.h"
#include "salve-ids.h"

G_BEGIN_DECLS

#define SALVE_CARE_PLAN_ERROR (salve_care_plan_error_quark ())

typedef enum
{
  SALVE_CARE_PLAN_ERROR_INVALID,
} SalveCarePlanError;

GQuark salve_care_plan_error_quark (void);

/* The longest complaint, site or therapist name stored, in characters. */
#define SALVE_CARE_PLAN_MAX_TEXT 200

/* The course a recovery is expected to take. */
typedef enum
{
  /* Seed 004 (neck pain, after NHG/KNGF): phases of about weeks 1–3,
   * 3–6 and 6–12, longer when needed. */
  SALVE_CARE_COURSE_NORMAL,
  /* Seed 000 (neuralgic amyotrophy): recovery takes one to three years. */
  SALVE_CARE_COURSE_LONG,
  SALVE_N_CARE_COURSES
} SalveCareCourse;

const char *salve_care_course_to_id   (SalveCareCourse  course);
gboolean    salve_care_course_from_id (const char      *id,
                                       SalveCareCourse *course);

typedef struct
{
  gint64           profile_id;
  char            *complaint;   /* never NULL; "" when not given */
  char            *site;        /* a SalveSite id, or ""; never NULL */
  GDate            start;       /* anchors the baseline, weeks and phases */
  SalveCareCourse  course;
  char            *therapist;   /* never NULL */
  /* The course's last day, once it was ended (the review with the
   * therapist); cleared while it runs. */
  GDate            ended;
} SalveCarePlan;

SalveCarePlan *salve_care_plan_new      (const GDate          *start);
SalveCarePlan *salve_care_plan_copy     (const SalveCarePlan  *plan);
void           salve_care_plan_free     (SalveCarePlan        *plan);
/* SALVE_CARE_PLAN_ERROR_INVALID when the start date is not valid or not
 * within the accepted years, the site is not a SalveSite id, a text is
 * not UTF-8 or too long. */
gboolean       salve_care_plan_validate (const SalveCarePlan  *plan,
                                         GError              **error);

/* TRUE when the course was ended on or before @day (its schedules were
 * taken off when it ended). The weeks go on counting from the start;
 * what is shown of the course after its end is the week it ended in. */
gboolean    salve_care_plan_has_ended (const SalveCarePlan *plan,
                                       const GDate         *day);

/* Week 1 is the start date and the six days after it; week 2 the next
 * seven days, and so on. 0 before the start. Weeks from the start, not
 * calendar weeks: 50 days after the start is always week 8. */
int         salve_care_plan_get_week  (const SalveCarePlan *plan,
                                       const GDate         *day);

/* The recovery phases, 1 to 4; 0 before the start. Normal course:
 * weeks 1–3, 4–6, 7–12 and after week 12 (seed 004: "week 1 to 3",
 * "3 to 6", "6 to 12 and further if needed"). Long course: weeks 1–3,
 * 4–6, 7 to the end of the third year (week 156; seed 000: one to three
 * years), then after. */
#define SALVE_CARE_N_PHASES 4
int         salve_care_plan_get_phase (const SalveCarePlan *plan,
                                       const GDate         *day);
/* The first and last week of @phase; *@last_week is 0 for the open last
 * phase. */
void        salve_care_phase_get_weeks (SalveCareCourse  course,
                                        int              phase,
                                        int             *first_week,
                                        int             *last_week);
/* Translated, short: "Weeks 1–3". */
const char *salve_care_phase_get_title  (SalveCareCourse course,
                                         int             phase);
/* Translated advice for the phase in plain words (seed 004; the long
 * course's third phase after seed 000). The first phase's "swings in
 * pain are normal" is left out while a warning sign holds (@warnings as
 * salve_care_find_warnings() sets them), as
 * salve_care_bad_day_is_normal() leaves out the bad day's. */
const char *salve_care_phase_get_advice (SalveCareCourse  course,
                                         int              phase,
                                         const gboolean  *warnings);
/* Translated: seed 004's "building up too fast lengthens recovery". */
const char *salve_care_get_pace_advice  (void);

/* "A bad day between good ones is normal" (seed 004). A day is clearly
 * worse when its mean pain is at least SALVE_CARE_BAD_DAY_POINTS above
 * the mean of the daily means of the 7 calendar days before it, and at
 * least SALVE_CARE_MIN_DAYS_FOR_MEAN of those days have entries: 2
 * points is the clinically important change (Farrar 2001), so a smaller
 * swing is noise, not a bad day. The day itself is left out of the mean
 * so that it does not hide itself. */
#define SALVE_CARE_BAD_DAY_POINTS    2.0
#define SALVE_CARE_MIN_DAYS_FOR_MEAN 3
gboolean    salve_care_is_bad_day       (const SalveDiaryStats *stats,
                                         const GDate           *day);
/* Translated. */
const char *salve_care_get_bad_day_advice (void);
/* The mean of the daily means of the 7 calendar days before @day; FALSE
 * when fewer than SALVE_CARE_MIN_DAYS_FOR_MEAN of them have entries. */
gboolean    salve_care_mean_before      (const SalveDiaryStats *stats,
                                         const GDate           *day,
                                         double                *mean);

/* How often and how long one modality is planned. */
typedef struct
{
  SalveModality modality;
  guint         per_day;
  guint         minutes;     /* per session; 0 for laser: the dose sets it */
  guint         n_times;     /* planned times of day, at most per_day */
  guint16       times[24];   /* minutes after midnight, ascending */
  /* As one version of its history: in force from this instant (0: from
   * the plan's start, as the plan was set up) until the next version. */
  gint64        since_unix;
} SalveCareSchedule;

/* More sessions a day than this is a typing error for any modality. */
#define SALVE_CARE_MAX_PER_DAY 12

/* The defaults from the sources: TENS 2× a day 30 min (domain.md: 30–60
 * min, 2–4× a day), NMES 2× a day 40 min (seed 002), laser once a day,
 * its time set by the dose (seed 002). FALSE for PEMF: the sources give
 * no schedule for it, so the person's device manual or therapist must. */
gboolean    salve_care_schedule_get_default (SalveModality      modality,
                                             SalveCareSchedule *schedule);
/* The most sessions a day the sources allow: TENS 4 (2–4× a day), laser
 * 1 per area (seed 002), otherwise SALVE_CARE_MAX_PER_DAY. */
guint       salve_care_schedule_get_max_per_day (SalveModality modality);
/* SALVE_CARE_PLAN_ERROR_INVALID when per_day is 0 or above the maximum,
 * minutes outside 1–SALVE_MAX_SESSION_MINUTES (0 allowed for laser),
 * more times than per_day, or times not ascending. */
gboolean    salve_care_schedule_validate (const SalveCareSchedule  *schedule,
                                          GError                  **error);
/* The times in the order of the day, however they were given (the
 * schedule's order: salve_care_schedule_validate() wants them so). */
void        salve_care_schedule_sort_times (SalveCareSchedule *schedule);
/* Strictly HH:MM (00:00–23:59); read with salve_parse_date_time(). */
gboolean    salve_care_parse_time_of_day (const char  *text,
                                          guint16     *minutes,
                                          GError     **error);
/* "08:00,20:00": the stored form; and back. */
char       *salve_care_schedule_format_times (const SalveCareSchedule  *schedule);
gboolean    salve_care_schedule_parse_times  (SalveCareSchedule        *schedule,
                                              const char               *text,
                                              GError                  **error);

/* Planned versus done in the plan week (see salve_care_plan_get_week())
 * that holds a day. */
typedef struct
{
  SalveModality modality;
  guint planned_day;       /* per_day (of the day's history) */
  guint done_day;
  guint planned_week;      /* per_day × 7, day by day */
  guint planned_to_date;   /* per_day × the days of the week up to the day */
  guint done_week;
} SalveCareAdherence;

/* The sessions of @modality planned on @day by its schedule's history
 * @changes (versions of any modalities, oldest first; a per_day of 0
 * takes the modality off the schedule). Each time of day counts under
 * the version in force at that time, so a schedule saved in the evening
 * plans nothing of that morning; sessions without a time count all of
 * the version in force at the day's end, from the day it was saved on.
 * A day it changed counts at most the most a day of its versions then,
 * and (a whole day) at least @done_day up to that.
 * When @now_unix falls on @day (G_MAXINT64: the whole day), only the
 * times passed by then, and the day's @done_day sessions as far as the
 * day's number then: one done early is not one too many. Local days of
 * @tz (NULL: local time). */
guint       salve_care_schedule_planned_on (const SalveCareSchedule *changes,
                                            gsize                    n_changes,
                                            SalveModality            modality,
                                            GTimeZone               *tz,
                                            const GDate             *day,
                                            gint64                   now_unix,
                                            guint                    done_day);
/* The last version of @modality's schedule that planned sessions, in
 * force at or before @at_unix; NULL when none did. */
const SalveCareSchedule *
            salve_care_schedule_last_planned (const SalveCareSchedule *changes,
                                              gsize                    n_changes,
                                              SalveModality            modality,
                                              gint64                   at_unix);
/* The instant @modality was taken off its schedule (a version of its
 * history with nothing a day), as it stood at the end of @day in @tz
 * (NULL: local time); G_MAXINT64 when it was still planned then, or never
 * was. An ended course's: what was done from then on counts for no plan. */
gint64      salve_care_schedule_taken_off_at (const SalveCareSchedule *changes,
                                              gsize                    n_changes,
                                              SalveModality            modality,
                                              GTimeZone               *tz,
                                              const GDate             *day);
/* The sessions planned a day of @modality from @first to @last, as they
 * changed: each day's whole number (salve_care_schedule_planned_on(),
 * nothing done), a run of days of the same number once: "2", "2 → 1",
 * "1 → 2" (saved at 19:00 with 08:00 and 20:00). */
char       *salve_care_schedule_describe_per_day (const SalveCareSchedule *changes,
                                                  gsize                    n_changes,
                                                  SalveModality            modality,
                                                  GTimeZone               *tz,
                                                  const GDate             *first,
                                                  const GDate             *last);
/* The schedule of @modality among @schedules (one each, as the profile's
 * schedules now are); NULL when it has none. */
const SalveCareSchedule *
            salve_care_schedule_find (const SalveCareSchedule *schedules,
                                      gsize                    n_schedules,
                                      SalveModality            modality);
/* The schedules to show for the plan week that holds @day, by modality:
 * each of @current (the schedules now), and for a modality taken off the
 * schedule since, its last version with sessions, when one was in force
 * at some time of that week (so a week looked back on still shows what
 * was done in it). Element type SalveCareSchedule. */
GArray     *salve_care_schedules_of_week (const SalveCarePlan     *plan,
                                          const SalveCareSchedule *current,
                                          gsize                    n_current,
                                          const SalveCareSchedule *changes,
                                          gsize                    n_changes,
                                          GTimeZone               *tz,
                                          const GDate             *day);
/* Planned versus done of @modality in the plan week that holds @day, by
 * its schedule's history @changes (as for
 * salve_care_schedule_planned_on(); one schedule that always held is a
 * history of one): every day of the week counts what was planned on it
 * then, and planned_day is the day's whole number. @done: the completed
 * sessions of the profile (any modality, any order). At the instant
 * @now_unix, when it falls on @day, planned to date counts of that day
 * only the times already passed (or, when more were done, those done):
 * at 09:30 of a day with TENS at 08:00 and 20:00, one so far, not two;
 * G_MAXINT64: whole days. Days are local calendar days in @tz (NULL:
 * local time). */
void        salve_care_adherence_compute (const SalveCarePlan      *plan,
                                          const SalveCareSchedule  *changes,
                                          gsize                     n_changes,
                                          SalveModality             modality,
                                          const SalveSessionMark   *done,
                                          gsize                     n_done,
                                          GTimeZone                *tz,
                                          const GDate              *day,
                                          gint64                    now_unix,
                                          SalveCareAdherence       *adherence);

/* "TENS today 1 of 2, this plan week 5 of 6 so far (14 in all).", in
 * words that still read before anything is due in the plan week ("TENS:
 * the plan week’s first session is still to come (14 planned this week)."). Translated. */
char       *salve_care_adherence_describe (const SalveCareAdherence *adherence);
/* A modality of salve_care_schedules_of_week() that is no longer on the
 * schedule, in words. Translated. */
char       *salve_care_describe_taken_off (SalveModality modality);

/* The next planned session after @now_unix (not before the plan's first
 * day): the earliest time of day of @schedules to come, and its
 * modality. FALSE when the schedules set no times. Local time. */
gboolean    salve_care_next_session      (const SalveCarePlan      *plan,
                                          const SalveCareSchedule  *schedules,
                                          gsize                     n_schedules,
                                          gint64                    now_unix,
                                          SalveModality            *modality,
                                          gint64                   *at_unix);
/* "Next planned session: TENS today at 20:00." Translated. */
char       *salve_care_describe_next_session (SalveModality modality,
                                              gint64        at_unix,
                                              gint64        now_unix);

/* A review point of a modality: TENS is judged after 4–6 weeks (seed
 * 002), i.e. in plan weeks 5 and 6, by comparing the 7-day mean with the
 * baseline (the clinically important change of salve-diary-stats.h). */
typedef enum
{
  SALVE_CARE_REVIEW_NOT_YET,
  SALVE_CARE_REVIEW_DUE,
  SALVE_CARE_REVIEW_PAST,
} SalveCareReviewState;

typedef struct
{
  SalveModality         modality;
  int                   first_week;
  int                   last_week;
  SalveCareReviewState  state;
  gboolean              has_result;   /* a baseline and a recent 7-day mean exist */
  /* A baseline, but no entries after it in the 7 days up to the day: the
   * latest 7-day mean is too old to judge by. */
  gboolean              no_recent;
  gboolean              mcid_reached;
  double                change_points;
  /* Sessions of the modality that gave treatment from the plan's start
   * to the day, once salve_care_review_count_sessions() counted them. */
  gboolean              sessions_counted;
  guint                 n_sessions;
} SalveCareReview;

const char *salve_care_review_state_to_id (SalveCareReviewState state);
/* FALSE when the modality has no review point. @stats: as of @day. */
gboolean    salve_care_review_evaluate (const SalveCarePlan   *plan,
                                        SalveModality          modality,
                                        const SalveDiaryStats *stats,
                                        const GDate           *day,
                                        SalveCareReview       *review);
/* Counts the sessions of @done (completed, as for the adherence) of the
 * review's modality from the plan's start to @day, local days: with
 * none, there is no treatment to judge, whatever the diary says. */
void        salve_care_review_count_sessions (SalveCareReview        *review,
                                              const SalveCarePlan    *plan,
                                              const SalveSessionMark *done,
                                              gsize                   n_done,
                                              const GDate            *day);
/* Translated sentence for a review's result. */
char       *salve_care_review_describe (const SalveCareReview *review);

/* Warning signs, stated calmly: Salve advises seeking care and never
 * diagnoses. */
typedef enum
{
  SALVE_WARNING_NO_IMPROVEMENT,
  SALVE_WARNING_NEW_WEAKNESS,
  SALVE_WARNING_NUMBNESS,
  SALVE_WARNING_RISING_PAIN,
  SALVE_N_WARNINGS
} SalveWarningSign;

/* Flagged entries count for this many days (the day and the 6 before). */
#define SALVE_CARE_FLAG_DAYS 7
/* "After two to three weeks" (seed 004): judged from day 21 on. */
#define SALVE_CARE_NO_IMPROVEMENT_DAYS 21

const char *salve_warning_sign_to_id      (SalveWarningSign sign);
/* Translated, calm advice; for @plan (may be NULL): to a person whose
 * plan names a therapist, "not improved" says to discuss it with them
 * rather than to see a physiotherapist. */
const char *salve_warning_sign_get_advice (SalveWarningSign     sign,
                                           const SalveCarePlan *plan);
/* Where the advice comes from; names of sources, not translated. */
const char *salve_warning_sign_get_source (SalveWarningSign sign);

/* One diary entry as the care plan sees it. */
typedef struct
{
  gint64   at_unix;
  gint8    pain;
  gint8    fatigue;            /* SALVE_DIARY_UNRATED when not rated */
  gboolean new_weakness;
  gboolean numbness;
  guint    activity_minutes;   /* all activities of the entry */
} SalveCareEntry;

/* Sets @found[sign] for every warning sign that holds on @day:
 * - no-improvement: from day 21 of the plan, the 7-day mean is not at
 *   least 10 % (IMMPACT minimal) below the baseline;
 * - new-weakness / numbness: an entry flagged so on @day or the 6 days
 *   before;
 * - rising-pain: the means of the three 7-day windows ending on @day
 *   (each with at least SALVE_CARE_MIN_DAYS_FOR_MEAN days with entries)
 *   rise from window to window, by 2 points or more in all.
 * @stats as of @day (entries up to its end), or of a later day with the
 * baseline of @plan's start (salve_diary_stats_compute_for_plan()): the
 * signs read only the days up to @day, and the baseline from day 21 on,
 * when its week is over. @entries sorted by time. Returns the number of
 * signs found. */
guint       salve_care_find_warnings (const SalveCarePlan   *plan,
                                      const SalveDiaryStats *stats,
                                      const SalveCareEntry  *entries,
                                      gsize                  n_entries,
                                      GTimeZone             *tz,
                                      const GDate           *day,
                                      gboolean               found[SALVE_N_WARNINGS]);
/* Whether a bad day (salve_care_is_bad_day()) is to be called normal:
 * not while a warning sign holds (@warnings as salve_care_find_warnings()
 * sets them), beside which "a bad day is normal" would say the opposite
 * of its advice. */
gboolean    salve_care_bad_day_is_normal (const SalveDiaryStats *stats,
                                          const GDate           *day,
                                          const gboolean         warnings[SALVE_N_WARNINGS]);

/* Pacing (seed 000: "much pain or fatigue? reduce the load"; energy
 * management: plan rest). On @day, after an entry with activity minutes,
 * the same or a later entry of that day has pain at least
 * SALVE_CARE_PACING_RISE_POINTS above the mean of the 7 days before
 * (salve_care_mean_before()), or pain or fatigue high
 * (SALVE_CARE_HIGH_RATING or more) and above the person's usual: at least
 * a point over the mean of that rating in the 7 days before, when those
 * days have one. A pain of 7 that is the person's every day is not "much"
 * for them (seed 001: moving with mild pain is safe; seed 003: waiting to
 * be pain-free first is the misconception). The answer is only ever
 * "less": Salve never suggests more load. */
#define SALVE_CARE_HIGH_RATING        7
#define SALVE_CARE_PACING_RISE_POINTS 2.0
gboolean    salve_care_pacing_needed (const SalveDiaryStats *stats,
                                      const SalveCareEntry  *entries,
                                      gsize                  n_entries,
                                      GTimeZone             *tz,
                                      const GDate           *day);
/* salve_care_pacing_needed() for one day after another, oldest first,
 * over a long diary: @entries oldest first, of which only those near @day
 * (the day and the week before) are read. *@cursor starts at 0 and is
 * kept between the days. */
gboolean    salve_care_pacing_needed_on (const SalveDiaryStats *stats,
                                         const SalveCareEntry  *entries,
                                         gsize                  n_entries,
                                         GTimeZone             *tz,
                                         const GDate           *day,
                                         gsize                 *cursor);
/* Translated. */
const char *salve_care_get_pacing_advice (void);

/* Activities with minutes in the diary. Built-in ids: walking, cycling,
 * exercises, screen-work, housework; a person may add others: lower-case
 * letters, digits and '-', starting with a letter, at most 32. */
#define SALVE_ACTIVITY_MAX_MINUTES 1440
const char * const *salve_activity_get_builtin_ids (void);
gboolean    salve_activity_id_is_valid   (const char *id);
gboolean    salve_activity_is_builtin    (const char *id);
/* Translated for the built-in ones, the id itself otherwise. */
const char *salve_activity_get_name      (const char *id);
/* "walking=30": strictly ID=MINUTES, minutes 0–1440. */
gboolean    salve_activity_parse         (const char  *text,
                                          char       **id,
                                          guint       *minutes,
                                          GError     **error);

/* The weekly activity target: the baseline week's minutes, raised by
 * @step_percent (10 % by default) after each week that reached its target
 * without pacing. After a week that needed pacing, or fell short of its
 * target, the target stays where it was: never more load after too much,
 * nor on top of a step not yet made. Never more than a week's minutes.
 * @paced and @done have @weeks_after elements, week 0 being the baseline
 * week: @paced[i] is TRUE when week i needed pacing (NULL: none did),
 * @done[i] the minutes done in week i (NULL: every target reached). */
#define SALVE_ACTIVITY_DEFAULT_STEP_PERCENT 10.0
#define SALVE_ACTIVITY_MAX_STEP_PERCENT     50.0
double      salve_activity_target_for_week (double          baseline_minutes,
                                            double          step_percent,
                                            guint           weeks_after,
                                            const gboolean *paced,
                                            const double   *done);

/* A weekly activity target of a profile. */
typedef struct
{
  char   activity[33];      /* a valid activity id */
  GDate  baseline_week;     /* its first day */
  guint  baseline_minutes;  /* minutes in the baseline week */
  double step_percent;      /* 0–SALVE_ACTIVITY_MAX_STEP_PERCENT */
} SalveActivityTarget;

/* SALVE_CARE_PLAN_ERROR_INVALID for a bad id, minutes above a week's
 * (10 080) or a step outside 0–50 %. */
gboolean    salve_activity_target_validate (const SalveActivityTarget  *target,
                                            GError                    **error);

/* YYYY-MM-DD, the stored form of a plan's dates. */
char       *salve_care_format_date (const GDate  *date);
/* Strictly YYYY-MM-DD (salve_parse_date_time(), no time of day). */
gboolean    salve_care_parse_date  (const char   *text,
                                    GDate        *date,
                                    GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveCarePlan, salve_care_plan_free)

G_END_DECLS
