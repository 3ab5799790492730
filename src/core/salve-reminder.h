/* salve-reminder.h: which reminders are due, given the care plan's
 * schedules, what was done and the time
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "salve-care-plan.h"

G_BEGIN_DECLS

typedef enum
{
  SALVE_REMINDER_SESSION,   /* a planned session of a modality */
  SALVE_REMINDER_DIARY,     /* the day's diary entry */
} SalveReminderKind;

typedef struct
{
  SalveReminderKind kind;
  SalveModality     modality;   /* sessions only */
  guint             minutes;    /* sessions only: planned length */
  gint64            due_unix;
} SalveReminder;

/* The diary reminder's time of day by default, in minutes after
 * midnight: 20:00, when the day's pain can be judged. */
#define SALVE_REMINDER_DIARY_TIME (20 * 60)
/* No diary reminder. */
#define SALVE_REMINDER_NO_DIARY G_MAXUINT16
/* A reminder more than this late (the computer was asleep or off) is
 * left out: an old reminder only confuses. */
#define SALVE_REMINDER_STALE_SECONDS (2 * 60 * 60)

/* Appends to @due (element type SalveReminder) the reminders whose
 * planned time is in (@after_unix, @until_unix] and at most
 * SALVE_REMINDER_STALE_SECONDS before @until_unix, oldest first:
 * - for each planned time of day of each schedule, a session reminder,
 *   unless the sessions of that modality done on that day before the
 *   time already reach the number of planned times up to it (the
 *   second planned time of a day is skipped when two sessions were
 *   done by then);
 * - at @diary_minutes (SALVE_REMINDER_NO_DIARY: never), a diary
 *   reminder, unless the day already has a diary entry before it.
 * Days are local calendar days in @tz (NULL: local time). @done and
 * @diary_unix need no order. Returns the number appended. */
guint    salve_reminders_collect   (const SalveCareSchedule *schedules,
                                    gsize                    n_schedules,
                                    const SalveSessionMark  *done,
                                    gsize                    n_done,
                                    const gint64            *diary_unix,
                                    gsize                    n_diary,
                                    guint                    diary_minutes,
                                    GTimeZone               *tz,
                                    gint64                   after_unix,
                                    gint64                   until_unix,
                                    GArray                  *due);

/* The first planned time (a schedule's time of day, or @diary_minutes)
 * strictly after @after_unix, whether or not a reminder will be due
 * then; FALSE when nothing is planned. */
gboolean salve_reminders_next_time (const SalveCareSchedule *schedules,
                                    gsize                    n_schedules,
                                    guint                    diary_minutes,
                                    GTimeZone               *tz,
                                    gint64                   after_unix,
                                    gint64                  *next_unix);

/* Whether @reminder, sent before, still asks for something, given what
 * is planned and done now (a notification that no longer does is taken
 * back): a session reminder while a schedule of its modality still has
 * its time of day and no session of the modality was done at or after
 * that time; a diary reminder while there is one (@diary_minutes not
 * SALVE_REMINDER_NO_DIARY) and the diary has no entry from the local day
 * of its time on. Days are local calendar days in @tz (NULL: local
 * time). @done and @diary_unix need no order. */
gboolean salve_reminder_still_applies (const SalveReminder     *reminder,
                                       const SalveCareSchedule *schedules,
                                       gsize                    n_schedules,
                                       const SalveSessionMark  *done,
                                       gsize                    n_done,
                                       const gint64            *diary_unix,
                                       gsize                    n_diary,
                                       guint                    diary_minutes,
                                       GTimeZone               *tz);

/* Micro-breaks of 30–60 s during screen work (seed 004). Being idle
 * for SALVE_BREAK_IDLE_SECONDS or more is a break already, and so is a
 * gap in the checks of more than SALVE_BREAK_GAP_SECONDS beyond the
 * interval (the computer slept): screen work counts again from then. */
#define SALVE_BREAK_IDLE_SECONDS             60
#define SALVE_BREAK_GAP_SECONDS              (5 * 60)
#define SALVE_BREAK_DEFAULT_INTERVAL_MINUTES 30

/* Call at each check with how long the person has been idle (0 when
 * not known). Returns TRUE when a break reminder is due: screen work
 * has lasted @interval_minutes since *@work_since_unix. Updates
 * *@work_since_unix (0: not yet known) to when screen work started. */
gboolean salve_break_update (gint64 *work_since_unix,
                             gint64  now_unix,
                             gint64  idle_seconds,
                             guint   interval_minutes);

G_END_DECLS
