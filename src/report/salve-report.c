/* salve-report.c: the A4 report of a period, for the therapist
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Laid out twice: once on a PDF surface that writes nowhere, to count the
 * pages, and once into the file, so every page can say "Page N of M".
 * Black text on white, grey only for rules: it prints in black and white.
 */

#define G_LOG_DOMAIN "salve-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "salve-body-region.h"
#include "salve-cairo-file.h"
#include "salve-care-plan-repo.h"
#include "salve-chart.h"
#include "salve-diary-repo.h"
#include "salve-medication-repo.h"
#include "salve-profile-repo.h"
#include "salve-report.h"
#include "salve-session-repo.h"
#include "salve-signoff-repo.h"
#include "salve-condition-repo.h"
#include "salve-time.h"
#include "salve-treatment.h"

#define MARGIN        50.0
#define CONTENT_WIDTH (SALVE_REPORT_PAGE_WIDTH - 2 * MARGIN)
#define BODY_TOP      (MARGIN + 22.0)
#define BODY_BOTTOM   (SALVE_REPORT_PAGE_HEIGHT - MARGIN - 20.0)
#define CHART_HEIGHT  240.0
#define CHART_SCALE   1.3
#define CELL_PAD      3.0

#define FONT_BODY    "Sans 10"
#define FONT_SMALL   "Sans 8"
#define FONT_BOLD    "Sans Bold 10"
#define FONT_HEADING "Sans Bold 13"
#define FONT_TITLE   "Sans Bold 20"

#define MAX_COLUMNS 8

typedef struct
{
  const char     *title;
  double          width;   /* fraction of the content width */
  PangoAlignment  align;
  const char     *context; /* the title's translation context, or NULL */
} Column;

/* An activity target as the report shows it: for the target week that
 * holds the period's last day. */
typedef struct
{
  SalveActivityTarget target;
  guint               weeks_after;
  double              goal;
  gint64              done;
} ActivityLine;

typedef struct
{
  /* What goes in */
  SalveDb            *db;
  gint64              profile_id;
  GTimeZone          *tz;
  char               *name;
  SalveCarePlan      *plan;          /* NULL: none */
  GPtrArray          *starts;        /* SalveCarePlanStart of the plan, oldest first */
  GArray             *points;        /* SalveDiaryPoint up to the period's end */
  GArray             *marks;
  GArray             *care_entries;  /* SalveCareEntry up to the period's end */
  GArray             *schedules;
  GArray             *schedule_changes;   /* every version, oldest first */
  GPtrArray          *sessions;      /* SalveSession in the period, oldest first */
  GHashTable         *uncounted;     /* salve_session_repo_list_uncounted() */
  GPtrArray          *entries;       /* SalveDiaryEntry in the period */
  GPtrArray          *medication;    /* SalveMedication up to the period's end */
  GArray             *medication_marks;
  GArray             *activity;      /* ActivityLine, one per activity target */
  guint               paced_days;    /* days of the period that needed pacing */
  SalveProfileAnswers answers;       /* the checklist as it stands */
  GPtrArray          *signoffs;      /* SalveSignoff, newest first */
  SalveDiaryStats    *stats;         /* the whole diary up to the period's end */
  SalveDiaryStats    *period_stats;  /* the period's entries only */
  SalveChart         *chart;
  gint64              from_unix;
  gint64              to_unix;
  GDate               first_day;
  GDate               last_day;
  /* Numbness noted in the diary still stops electrical stimulation on
   * the period's last day (salve_treatment_numbness_stops()). */
  gboolean            numbness_stops;
  GDate               made_day;
  /* The period ends at the diary's last entry (no end was asked for). */
  gboolean            ends_at_last_entry;
  char               *period_text;
  char               *made_text;
  gint64              made_unix;
  /* The warning signs of the period's days, counted once (count_warnings())
   * for the layout's two passes: each day's reads the diary up to it. */
  gboolean            warnings_counted;
  GDate               warning_first[SALVE_N_WARNINGS];
  GDate               warning_last[SALVE_N_WARNINGS];
  guint               warning_days[SALVE_N_WARNINGS];
  GDate               warnings_last_day;   /* the period's last day with entries */

  /* Layout */
  cairo_t            *cr;
  gboolean            dry;
  guint               only_page;      /* draw this page (from 1) alone; 0: all */
  guint               page;
  guint               n_pages;
  double              y;
  const Column       *columns;        /* the table being drawn, for its header */
  guint               n_columns;
} Report;

static void
report_clear (Report *r)
{
  g_free (r->name);
  g_clear_pointer (&r->plan, salve_care_plan_free);
  g_clear_pointer (&r->points, g_array_unref);
  g_clear_pointer (&r->marks, g_array_unref);
  g_clear_pointer (&r->care_entries, g_array_unref);
  g_clear_pointer (&r->schedules, g_array_unref);
  g_clear_pointer (&r->schedule_changes, g_array_unref);
  g_clear_pointer (&r->activity, g_array_unref);
  g_clear_pointer (&r->sessions, g_ptr_array_unref);
  g_clear_pointer (&r->uncounted, g_hash_table_unref);
  g_clear_pointer (&r->entries, g_ptr_array_unref);
  g_clear_pointer (&r->medication, g_ptr_array_unref);
  g_clear_pointer (&r->medication_marks, g_array_unref);
  g_clear_pointer (&r->signoffs, g_ptr_array_unref);
  g_clear_pointer (&r->starts, g_ptr_array_unref);
  g_clear_pointer (&r->stats, salve_diary_stats_free);
  g_clear_pointer (&r->period_stats, salve_diary_stats_free);
  g_clear_object (&r->chart);
  g_clear_pointer (&r->tz, g_time_zone_unref);
  g_free (r->period_text);
  g_free (r->made_text);
}

static void
date_from_unix (GTimeZone *tz,
                gint64     unix_time,
                GDate     *date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
}

static char *
format_unix (GTimeZone *tz,
             gint64     unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autofree char *date = salve_time_format_date (local);
  g_autofree char *time = g_date_time_format (local, "%H:%M");

  /* Date over time: narrow table columns. The date as every screen
   * shows it, in the locale's words. */
  return g_strdup_printf ("%s\n%s", date, time);
}

/* An ISO 8601 time as every screen shows it; as it is when unreadable. */
static char *
format_iso (const char *at)
{
  g_autoptr(GDateTime) dt = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;

  return dt != NULL ? salve_time_format_date_time (dt) : g_strdup (at != NULL ? at : "");
}

/* @at (ISO 8601, may be NULL or empty) as Unix time; FALSE when there is
 * none that reads. */
static gboolean
iso_to_unix (const char *at,
             gint64     *unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (at == NULL || *at == '\0' || !(dt = g_date_time_new_from_iso8601 (at, NULL)))
    return FALSE;
  *unix_time = g_date_time_to_unix (dt);
  return TRUE;
}

static gboolean
session_start_unix (SalveSession *session,
                    gint64       *unix_time)
{
  return iso_to_unix (salve_session_get_started_at (session), unix_time);
}

/* When the session was: its start, or for one that never started its
 * end (when it gave up). */
static gboolean
session_when_unix (SalveSession *session,
                   gint64       *unix_time)
{
  return session_start_unix (session, unix_time) || iso_to_unix (salve_session_get_ended_at (session), unix_time);
}

/* Why @session counts in no figure (SalveSessionUncounted flags), or 0
 * when it counts. */
static SalveSessionUncounted
uncounted (Report       *r,
           SalveSession *session)
{
  return salve_session_uncounted_get (r->uncounted, salve_session_get_id (session));
}

/* The sessions of the period that gave treatment. */
static guint
count_started (Report        *r,
               SalveModality  modality)
{
  guint n = 0;

  for (guint i = 0; i < r->sessions->len; i++)
    {
      SalveSession *session = g_ptr_array_index (r->sessions, i);

      if (uncounted (r, session) == 0 &&
          (modality == SALVE_N_MODALITIES || salve_session_get_modality (session) == modality))
        n++;
    }

  return n;
}

/* Reading */

/* The days of the period on which pacing was needed, as plan status
 * judges each. */
static guint
count_paced_days (Report *r)
{
  const SalveCareEntry *entries = (const SalveCareEntry *) (gpointer) r->care_entries->data;
  guint paced = 0;
  gsize cursor = 0;
  GDate day = r->first_day;

  for (; g_date_valid (&day) && g_date_compare (&day, &r->last_day) <= 0; g_date_add_days (&day, 1))
    if (salve_care_pacing_needed_on (r->stats, entries, r->care_entries->len, r->tz, &day, &cursor))
      paced++;

  return paced;
}

/* The activity targets and the days that needed pacing, read while the
 * database is at hand: the pages are drawn later, perhaps without it. */
static gboolean
load_activity (Report  *r,
               GError **error)
{
  g_autoptr(GArray) targets = salve_care_plan_repo_list_targets (r->db, r->profile_id, error);

  if (targets == NULL)
    return FALSE;

  r->activity = g_array_new (FALSE, TRUE, sizeof (ActivityLine));
  for (guint i = 0; i < targets->len; i++)
    {
      ActivityLine line = { g_array_index (targets, SalveActivityTarget, i), 0, 0, 0 };

      if (!salve_care_plan_repo_activity_week (r->db, r->profile_id, &line.target, r->stats, r->care_entries,
                                               &r->last_day, &line.goal, &line.done, &line.weeks_after, error))
        return FALSE;
      g_array_append_val (r->activity, line);
    }
  if (r->activity->len > 0)
    r->paced_days = count_paced_days (r);

  return TRUE;
}

static gboolean
report_load (Report                   *r,
             SalveDb                  *db,
             const SalveReportOptions *options,
             GError                  **error)
{
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GArray) period_points = NULL;
  g_autoptr(GPtrArray) all_sessions = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) made = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *last_text = NULL;
  gint64 query_to;

  r->db = db;
  r->profile_id = options->profile_id;
  r->tz = options->tz != NULL ? g_time_zone_ref (options->tz) : g_time_zone_new_local ();
  now = options->made != NULL ? g_date_time_ref (options->made) : g_date_time_new_now (r->tz);
  made = g_date_time_to_timezone (now, r->tz);
  r->made_text = salve_time_format_date_time (made);
  r->made_unix = g_date_time_to_unix (made);
  g_date_clear (&r->made_day, 1);
  g_date_set_dmy (&r->made_day, g_date_time_get_day_of_month (made), g_date_time_get_month (made),
                  g_date_time_get_year (made));

  profile = salve_profile_repo_get (db, options->profile_id, error);
  if (profile == NULL)
    return FALSE;
  r->name = g_strdup (salve_profile_get_name (profile));

  r->plan = salve_care_plan_repo_get (db, r->profile_id, &local_error);
  if (r->plan == NULL && !g_error_matches (local_error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);
  if (r->plan != NULL)
    {
      r->starts = salve_care_plan_repo_list_starts (db, r->profile_id, error);
      if (r->starts == NULL)
        return FALSE;
    }

  query_to = options->has_to ? options->to_unix : SALVE_DIARY_REPO_ANY_TIME_MAX;
  /* From the diary's beginning: the baseline stays the first week (or
   * the plan's) when the period starts later. */
  r->points = salve_diary_repo_list_points (db, r->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                            query_to, error);
  if (r->points == NULL)
    return FALSE;
  r->marks = salve_diary_repo_list_session_marks (db, r->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                                  query_to, error);
  if (r->marks == NULL)
    return FALSE;
  r->care_entries = salve_care_plan_repo_list_entries (db, r->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                                       query_to, error);
  if (r->care_entries == NULL)
    return FALSE;
  r->schedules = salve_care_plan_repo_list_schedules (db, r->profile_id, error);
  if (r->schedules == NULL)
    return FALSE;
  r->schedule_changes = salve_care_plan_repo_list_schedule_changes (db, r->profile_id, error);
  if (r->schedule_changes == NULL)
    return FALSE;

  if (r->plan != NULL)
    r->stats = salve_diary_stats_compute_for_plan ((const SalveDiaryPoint *) r->points->data,
                                                   r->points->len, r->tz, &r->plan->start);
  else
    r->stats = salve_diary_stats_compute ((const SalveDiaryPoint *) r->points->data,
                                          r->points->len, r->tz, NULL);

  /* The period */
  if (options->has_from)
    r->from_unix = options->from_unix;
  else if (r->stats->days->len > 0)
    r->from_unix = g_array_index (r->stats->days, SalveDiaryDay, 0).start_unix;
  else
    r->from_unix = g_date_time_to_unix (made);
  if (options->has_to)
    r->to_unix = options->to_unix;
  else if (r->stats->days->len > 0)
    {
      r->to_unix = g_array_index (r->stats->days, SalveDiaryDay, r->stats->days->len - 1).end_unix;
      r->ends_at_last_entry = TRUE;
    }
  else
    r->to_unix = g_date_time_to_unix (made) + 1;
  if (r->to_unix <= r->from_unix)
    r->to_unix = r->from_unix + 1;
  date_from_unix (r->tz, r->from_unix, &r->first_day);
  date_from_unix (r->tz, r->to_unix - 1, &r->last_day);
  first_text = salve_time_format_gdate (&r->first_day);
  last_text = salve_time_format_gdate (&r->last_day);
  /* Translators: the report's period, from the first to the last day */
  r->period_text = g_strdup_printf (_("%s to %s"), first_text, last_text);

  period_points = g_array_new (FALSE, FALSE, sizeof (SalveDiaryPoint));
  for (guint i = 0; i < r->points->len; i++)
    {
      const SalveDiaryPoint *point = &g_array_index (r->points, SalveDiaryPoint, i);

      if (point->at_unix >= r->from_unix && point->at_unix < r->to_unix)
        g_array_append_vals (period_points, point, 1);
    }
  r->period_stats = salve_diary_stats_compute ((const SalveDiaryPoint *) period_points->data,
                                               period_points->len, r->tz, NULL);

  r->entries = salve_diary_repo_list (db, r->profile_id, r->from_unix, r->to_unix, error);
  if (r->entries == NULL)
    return FALSE;

  if (!salve_condition_repo_load (db, r->profile_id, &r->answers, error))
    return FALSE;
  /* Anywhere: the warning says where it was noted. */
  r->numbness_stops = salve_treatment_numbness_stops (db, r->profile_id, SALVE_MODALITY_TENS, NULL, &r->last_day);
  r->signoffs = salve_signoff_repo_list (db, r->profile_id, error);
  if (r->signoffs == NULL)
    return FALSE;

  all_sessions = salve_session_repo_list (db, r->profile_id, NULL, error);
  if (all_sessions == NULL)
    return FALSE;
  r->uncounted = salve_session_repo_list_uncounted (db, r->profile_id, error);
  if (r->uncounted == NULL)
    return FALSE;
  r->sessions = g_ptr_array_new_with_free_func (g_object_unref);
  /* The list is newest first (one that never started by when it gave
   * up); the report reads oldest first. */
  for (guint i = all_sessions->len; i > 0; i--)
    {
      SalveSession *session = g_ptr_array_index (all_sessions, i - 1);
      gint64 at;

      /* One that never started is listed (a device that keeps failing
       * is news for the therapist) but counts as no session. */
      if (!session_when_unix (session, &at) || at < r->from_unix || at >= r->to_unix)
        continue;
      /* Practice on the simulated stimulator is no treatment. */
      if (uncounted (r, session) & SALVE_SESSION_UNCOUNTED_PRACTICE)
        continue;
      g_ptr_array_add (r->sessions, g_object_ref (session));
    }

  /* From the beginning too: an intake is new in the period only when
   * there was none before it. */
  r->medication = salve_medication_repo_list (db, r->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN, r->to_unix, error);
  if (r->medication == NULL)
    return FALSE;
  r->medication_marks = salve_medication_repo_list_marks (db, r->profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                                          r->to_unix, error);
  if (r->medication_marks == NULL)
    return FALSE;

  if (!load_activity (r, error))
    return FALSE;

  r->chart = salve_chart_new ();
  if (r->plan != NULL)
    {
      salve_chart_set_plan_start (r->chart, &r->plan->start);
      salve_chart_set_course (r->chart, r->plan->course, &r->plan->ended);
    }
  salve_chart_set_points (r->chart, r->points, r->tz);
  salve_chart_set_marks (r->chart, r->marks);
  salve_chart_set_medication (r->chart, r->medication_marks);
  salve_chart_set_theme (r->chart, SALVE_CHART_THEME_LIGHT);
  salve_chart_set_range (r->chart, r->from_unix, r->to_unix);
  return TRUE;
}

/* Layout */

static PangoLayout *
make_layout (Report     *r,
             const char *font,
             const char *text,
             double      width,
             PangoAlignment align)
{
  PangoLayout *layout = pango_cairo_create_layout (r->cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  /* Points are the PDF's units: 72 per inch, not the screen's 96. */
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return (double) height / PANGO_SCALE;
}

static void
show_layout (Report      *r,
             PangoLayout *layout,
             double       x,
             double       y)
{
  if (r->dry)
    return;
  cairo_move_to (r->cr, x, y);
  pango_cairo_show_layout (r->cr, layout);
}

static void
rule (Report *r,
      double  y,
      double  grey,
      double  line_width)
{
  if (r->dry)
    return;
  cairo_save (r->cr);
  cairo_set_source_rgb (r->cr, grey, grey, grey);
  cairo_set_line_width (r->cr, line_width);
  cairo_move_to (r->cr, MARGIN, y);
  cairo_line_to (r->cr, MARGIN + CONTENT_WIDTH, y);
  cairo_stroke (r->cr);
  cairo_restore (r->cr);
}

static void
page_begin (Report *r)
{
  g_autofree char *left = NULL;
  g_autofree char *made = NULL;
  g_autofree char *pages = NULL;
  g_autoptr(PangoLayout) header_left = NULL;
  g_autoptr(PangoLayout) header_right = NULL;
  g_autoptr(PangoLayout) footer_left = NULL;
  g_autoptr(PangoLayout) footer_right = NULL;
  double footer_y = SALVE_REPORT_PAGE_HEIGHT - MARGIN;

  r->page++;
  r->y = BODY_TOP;
  if (r->only_page != 0)
    r->dry = r->page != r->only_page;

  cairo_set_source_rgb (r->cr, 0, 0, 0);
  /* Translators: the report's running head; %s is the person's name */
  left = g_strdup_printf (_("Pain therapy report: %s"), r->name);
  header_left = make_layout (r, FONT_SMALL, left, CONTENT_WIDTH / 2, PANGO_ALIGN_LEFT);
  header_right = make_layout (r, FONT_SMALL, r->period_text, CONTENT_WIDTH / 2, PANGO_ALIGN_RIGHT);
  show_layout (r, header_left, MARGIN, MARGIN);
  show_layout (r, header_right, MARGIN + CONTENT_WIDTH / 2, MARGIN);
  rule (r, MARGIN + 14, 0.5, 0.5);

  /* Translators: in the report's footer; %s is a date and time */
  made = g_strdup_printf (_("Made %s"), r->made_text);
  /* Translators: in the report's footer */
  pages = g_strdup_printf (_("Page %u of %u"), r->page, MAX (r->n_pages, r->page));
  footer_left = make_layout (r, FONT_SMALL, made, CONTENT_WIDTH / 2, PANGO_ALIGN_LEFT);
  footer_right = make_layout (r, FONT_SMALL, pages, CONTENT_WIDTH / 2, PANGO_ALIGN_RIGHT);
  rule (r, footer_y - 4, 0.5, 0.5);
  show_layout (r, footer_left, MARGIN, footer_y);
  show_layout (r, footer_right, MARGIN + CONTENT_WIDTH / 2, footer_y);
}

static void table_header (Report *r);

static void
page_break (Report *r)
{
  /* A print operation ends each page itself. */
  if (!r->dry && r->only_page == 0)
    cairo_show_page (r->cr);
  page_begin (r);
  if (r->columns != NULL)
    table_header (r);
}

/* Starts a new page when @height does not fit on this one. */
static void
ensure_space (Report *r,
              double  height)
{
  if (r->y + height > BODY_BOTTOM && r->y > BODY_TOP + 1)
    page_break (r);
}

static void
paragraph (Report     *r,
           const char *font,
           const char *text,
           double      space_after)
{
  g_autoptr(PangoLayout) layout = make_layout (r, font, text, CONTENT_WIDTH, PANGO_ALIGN_LEFT);
  double height = layout_height (layout);

  ensure_space (r, height);
  show_layout (r, layout, MARGIN, r->y);
  r->y += height + space_after;
}

/* A heading is kept with at least @keep points of what follows it. */
static void
heading (Report     *r,
         const char *text,
         double      keep)
{
  g_autoptr(PangoLayout) layout = make_layout (r, FONT_HEADING, text, CONTENT_WIDTH, PANGO_ALIGN_LEFT);
  double height = layout_height (layout);

  r->y += 10;
  ensure_space (r, height + 4 + keep);
  show_layout (r, layout, MARGIN, r->y);
  r->y += height + 2;
  rule (r, r->y, 0.0, 0.8);
  r->y += 5;
}

static void
row (Report             *r,
     const char * const *cells,
     gboolean            bold)
{
  PangoLayout *layouts[MAX_COLUMNS] = { NULL, };
  double height = 0, x = MARGIN;

  for (guint i = 0; i < r->n_columns; i++)
    {
      double width = r->columns[i].width * CONTENT_WIDTH - 2 * CELL_PAD;

      layouts[i] = make_layout (r, bold ? FONT_BOLD : FONT_BODY, cells[i] != NULL ? cells[i] : "",
                                width, r->columns[i].align);
      height = MAX (height, layout_height (layouts[i]));
    }
  height += 2 * CELL_PAD;

  if (!bold)
    ensure_space (r, height);
  for (guint i = 0; i < r->n_columns; i++)
    {
      show_layout (r, layouts[i], x + CELL_PAD, r->y + CELL_PAD);
      x += r->columns[i].width * CONTENT_WIDTH;
      g_object_unref (layouts[i]);
    }
  r->y += height;
  rule (r, r->y, bold ? 0.0 : 0.75, bold ? 0.8 : 0.4);
}

static void
table_header (Report *r)
{
  const char *cells[MAX_COLUMNS] = { NULL, };

  for (guint i = 0; i < r->n_columns; i++)
    cells[i] = r->columns[i].context != NULL
               ? g_dpgettext2 (GETTEXT_PACKAGE, r->columns[i].context, r->columns[i].title)
               : _(r->columns[i].title);
  row (r, cells, TRUE);
}

/* The height of @columns' header with one row of @body (one cell's text
 * each) under it, as row() lays them out: what a heading above the table
 * keeps with it, so that it does not end a page alone. */
static double
table_start_height (Report             *r,
                    const Column       *columns,
                    guint               n_columns,
                    const char * const *body)
{
  double total = 0;

  for (int bold = 1; bold >= 0; bold--)
    {
      double height = 0;

      for (guint i = 0; i < n_columns; i++)
        {
          double width = columns[i].width * CONTENT_WIDTH - 2 * CELL_PAD;
          const char *text = !bold ? body[i]
                             : columns[i].context != NULL
                             ? g_dpgettext2 (GETTEXT_PACKAGE, columns[i].context, columns[i].title)
                             : _(columns[i].title);
          g_autoptr(PangoLayout) layout = make_layout (r, bold ? FONT_BOLD : FONT_BODY, text, width,
                                                       columns[i].align);

          height = MAX (height, layout_height (layout));
        }
      total += height + 2 * CELL_PAD;
    }

  /* The heading's rule and gap under it. */
  return total + 8;
}

static void
table_begin (Report       *r,
             const Column *columns,
             guint         n_columns)
{
  g_assert (n_columns <= MAX_COLUMNS);
  /* The header and one row stay together. */
  ensure_space (r, 40);
  r->columns = columns;
  r->n_columns = n_columns;
  table_header (r);
}

static void
table_end (Report *r)
{
  r->columns = NULL;
  r->n_columns = 0;
  r->y += 4;
}

/* Sections */

static void
section_who (Report *r)
{
  g_autofree char *period = NULL;
  g_autofree char *counts = NULL;

  paragraph (r, FONT_TITLE, _("Pain therapy report"), 2);
  paragraph (r, FONT_HEADING, r->name, 6);
  period = g_strdup_printf (_("Period: %s"), r->period_text);
  paragraph (r, FONT_BODY, period, 2);

  if (r->plan != NULL)
    {
      g_autofree char *start = salve_time_format_gdate (&r->plan->start);
      g_autofree char *line = NULL;
      int week = salve_care_plan_get_week (r->plan, &r->last_day);
      int phase = salve_care_plan_get_phase (r->plan, &r->last_day);
      int made_week = salve_care_plan_get_week (r->plan, &r->made_day);
      int made_phase = salve_care_plan_get_phase (r->plan, &r->made_day);

      if (*r->plan->complaint != '\0')
        {
          g_autofree char *complaint = g_strdup_printf (_("Complaint: %s"), r->plan->complaint);

          paragraph (r, FONT_BODY, complaint, 2);
        }
      if (phase > 0 && salve_care_plan_has_ended (r->plan, &r->last_day))
        {
          g_autofree char *ended = salve_time_format_gdate (&r->plan->ended);
          int end_week = salve_care_plan_get_week (r->plan, &r->plan->ended);
          int end_phase = salve_care_plan_get_phase (r->plan, &r->plan->ended);

          /* Translators: the plan's start date, the day it ended, its week and phase then, e.g. "Weeks 7–12" */
          line = g_strdup_printf (_("Care plan started %s and ended on %s, in week %d, phase %d (%s)."),
                                  start, ended, end_week, end_phase,
                                  salve_care_phase_get_title (r->plan->course, end_phase));
        }
      else if (phase > 0)
        /* Translators: %s the plan's start date, %d its week at the period's end, then the phase, e.g. "Weeks 1–3" */
        line = g_strdup_printf (_("Care plan started %s; at the end of the period: week %d, phase %d (%s)."),
                                start, week, phase, salve_care_phase_get_title (r->plan->course, phase));
      else
        line = g_strdup_printf (_("Care plan starts %s, after the period."), start);
      paragraph (r, FONT_BODY, line, 2);
      /* A start moved since a therapist last read the plan moved the
       * baseline and the phases with it. */
      for (guint i = 0; i < r->starts->len; i++)
        {
          g_autofree char *move = salve_care_plan_start_describe_move (g_ptr_array_index (r->starts, i));

          if (move != NULL)
            paragraph (r, FONT_BODY, move, 2);
        }
      /* A period that ended weeks ago says nothing of where the plan is
       * now: the review may be due, and the diary silent since. */
      if (salve_care_plan_has_ended (r->plan, &r->made_day))
        {
          /* Said in the line above when the period holds the end. */
          if (!salve_care_plan_has_ended (r->plan, &r->last_day))
            {
              g_autofree char *ended = salve_time_format_gdate (&r->plan->ended);
              /* Translators: the day the course ended after the period, and its week then */
              g_autofree char *after = g_strdup_printf (_("The course ended after the period, on %s, in week %d."),
                                                        ended, salve_care_plan_get_week (r->plan, &r->plan->ended));

              paragraph (r, FONT_BODY, after, 2);
            }
        }
      else if (g_date_compare (&r->made_day, &r->last_day) > 0 && made_week > week && made_phase > 0)
        {
          g_autofree char *today = salve_time_format_gdate (&r->made_day);
          g_autofree char *last = salve_time_format_gdate (&r->last_day);
          const char *title = salve_care_phase_get_title (r->plan->course, made_phase);
          g_autofree char *now = NULL;

          if (r->ends_at_last_entry)
            /* Translators: the report's date, the plan's week and phase then, e.g. "Weeks 4–6", and the date of the diary's last entry */
            now = g_strdup_printf (_("On %s, the day of this report: week %d, phase %d (%s). No diary entries since %s."),
                                   today, made_week, made_phase, title, last);
          else
            /* Translators: the report's date, the plan's week and phase then, e.g. "Weeks 4–6" */
            now = g_strdup_printf (_("On %s, the day of this report: week %d, phase %d (%s)."),
                                   today, made_week, made_phase, title);
          paragraph (r, FONT_BODY, now, 2);
        }
      if (*r->plan->therapist != '\0')
        {
          g_autofree char *therapist = g_strdup_printf (_("Therapist: %s"), r->plan->therapist);

          paragraph (r, FONT_BODY, therapist, 2);
        }
    }
  else
    paragraph (r, FONT_BODY, _("No care plan: the baseline is the diary’s first 7 days with entries."), 2);

  /* Of the period's statistics: the ratings of practice sessions are none
   * of the diary's entries there, as none of its days. */
  {
    guint n_entries = r->period_stats->n_entries;
    guint n_days = r->period_stats->days->len;
    guint n_sessions = count_started (r, SALVE_N_MODALITIES);
    g_autofree char *entries = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u diary entry", "%u diary entries",
                                                             n_entries), n_entries);
    g_autofree char *days = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", n_days), n_days);
    g_autofree char *sessions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session", "%u sessions",
                                                              n_sessions), n_sessions);

    /* Translators: the diary entries, the days and the sessions, as in
     * "In the period: 5 diary entries on 3 days, 1 session." */
    counts = g_strdup_printf (_("In the period: %s on %s, %s."), entries, days, sessions);
  }
  paragraph (r, FONT_BODY, counts, 2);
}

static void
section_headline (Report *r)
{
  const SalveDiaryStats *s = r->stats;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *baseline = NULL;
  g_autofree char *current = NULL;
  g_autofree char *change = NULL;
  GDate latest;

  heading (r, _("Change since the baseline"), 60);
  if (!s->has_baseline || !s->has_current)
    {
      paragraph (r, FONT_BODY, _("Not enough diary entries yet for a baseline and a current 7-day mean."), 2);
      return;
    }

  first = salve_time_format_gdate (&s->baseline_first);
  last = salve_time_format_gdate (&s->baseline_last);
  latest = g_array_index (s->days, SalveDiaryDay, s->days->len - 1).date;
  /* Translators: %s to %s are the baseline's first and last day, %.1f the mean pain */
  baseline = g_strdup_printf (_("Baseline (%s to %s): mean pain %.1f"), first, last, s->baseline);
  g_free (first);
  first = salve_time_format_gdate (&latest);
  /* Translators: %s is the latest day with entries, %.1f the mean pain */
  current = g_strdup_printf (_("Current 7-day mean (%s): %.1f"), first, s->current);
  paragraph (r, FONT_BODY, baseline, 2);

  /* The rule of the diary's statistics, the summary and `diary stats`:
   * while the diary has at most 7 days and the baseline fewer, the 7-day
   * mean is the baseline's own days, and no change is said. */
  if (!salve_diary_stats_has_change (s))
    {
      g_autofree char *so_far = salve_diary_stats_describe_so_far (s);

      paragraph (r, FONT_BODY, so_far, 2);
      return;
    }

  paragraph (r, FONT_BODY, current, 4);

  /* 5.0 → 5.0 is the same, never "+0.0 points, +0 %". */
  if (fabs (s->change_points) < 1e-9)
    change = g_strdup_printf (_("Pain is %.1f over the last 7 days, the same as at the baseline."), s->current);
  else if (isnan (s->change_percent))
    change = g_strdup_printf (_("Change: %+.1f points (%s)."), s->change_points,
                              salve_immpact_category_get_name (s->category));
  else
    change = g_strdup_printf (_("Change: %+.1f points, %+.0f %% (%s)."), s->change_points,
                              s->change_percent, salve_immpact_category_get_name (s->category));
  paragraph (r, FONT_BOLD, change, 2);
  /* The clinically important change is an improvement: a rise of 38 %
   * is not "not important" for being under a bar it never aimed at. */
  paragraph (r, FONT_BOLD,
             s->mcid_reached
             ? _("This is a clinically important change (at least 2 points or 30 %).")
             : s->change_points > 1e-9
             /* xgettext:no-c-format */
             ? _("Pain went up: there is no clinically important improvement (that takes 2 points or 30 % less pain).")
             /* xgettext:no-c-format */
             : _("This is not yet a clinically important improvement (2 points or 30 % less pain)."),
             2);
}

/* A sore neck that gets better and a knee that gets worse would hide
 * each other in one trend: with more than one region in the period,
 * each gets its own line, computed as the headline is. */
static void
section_regions (Report *r)
{
  static const Column columns[] = {
    { N_("Body region"), 0.26, PANGO_ALIGN_LEFT },
    { N_("Entries"), 0.12, PANGO_ALIGN_RIGHT },
    { N_("Baseline"), 0.13, PANGO_ALIGN_RIGHT },
    { N_("Now"), 0.12, PANGO_ALIGN_RIGHT },
    { N_("Change"), 0.17, PANGO_ALIGN_RIGHT },
    { N_("Clinically important"), 0.20, PANGO_ALIGN_RIGHT },
  };
  g_autoptr(GArray) period_points = g_array_new (FALSE, FALSE, sizeof (SalveDiaryPoint));
  g_autoptr(GArray) regions = NULL;
  g_autoptr(GPtrArray) by_region = NULL;

  for (guint i = 0; i < r->points->len; i++)
    {
      const SalveDiaryPoint *point = &g_array_index (r->points, SalveDiaryPoint, i);

      if (point->at_unix >= r->from_unix && point->at_unix < r->to_unix)
        g_array_append_vals (period_points, point, 1);
    }
  regions = salve_diary_points_list_regions ((const SalveDiaryPoint *) (gpointer) period_points->data,
                                             period_points->len);
  if (regions->len < 2)
    return;

  by_region = salve_diary_stats_compute_by_region ((const SalveDiaryPoint *) (gpointer) r->points->data,
                                                   r->points->len, r->tz,
                                                   r->plan != NULL ? &r->plan->start : NULL);
  heading (r, _("Per body region"), 40);
  table_begin (r, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < by_region->len; i++)
    {
      const SalveDiaryRegionStats *rs = g_ptr_array_index (by_region, i);
      const SalveDiaryStats *st = rs->stats;
      g_autoptr(GArray) in_period = NULL;
      g_autofree char *count = NULL;
      g_autofree char *baseline = NULL;
      g_autofree char *now = NULL;
      g_autofree char *change = NULL;
      const char *cells[6];
      gboolean in_list = FALSE;

      for (guint k = 0; k < regions->len; k++)
        in_list |= g_array_index (regions, int, k) == rs->region_code;
      if (!in_list)
        continue;

      in_period = salve_diary_points_filter_region ((const SalveDiaryPoint *) (gpointer) period_points->data,
                                                    period_points->len, rs->region_code);
      count = g_strdup_printf ("%u", in_period->len);
      if (st->has_baseline)
        baseline = g_strdup_printf ("%.1f", st->baseline);
      if (st->has_current)
        now = g_strdup_printf ("%.1f", st->current);
      /* As for the whole diary: no change while the latest day is one of
       * the baseline's own. */
      if (salve_diary_stats_has_change (st))
        change = isnan (st->change_percent)
                 ? g_strdup_printf ("%+.1f", st->change_points)
                 : g_strdup_printf ("%+.1f (%+.0f %%)", st->change_points, st->change_percent);

      if (rs->region_code == SALVE_REGION_CODE_NONE)
        /* Translators: in the report's per-region table: entries without a region */
        cells[0] = _("No region given");
      else if (rs->region_code == SALVE_REGION_CODE_OTHER)
        /* Translators: in the report's per-region table: regions typed as free text */
        cells[0] = _("Other places");
      else
        cells[0] = salve_body_region_get_name (salve_body_region_from_code (rs->region_code));
      cells[1] = count;
      cells[2] = baseline != NULL ? baseline : "–";
      cells[3] = now != NULL ? now : "–";
      cells[4] = change != NULL ? change : "–";
      /* The bar is an improvement's: pain that went up is said to have,
       * not "no", which reads as "not important". */
      cells[5] = change == NULL ? "–"
                 : st->mcid_reached ? _("yes")
                 /* Translators: in the report's per-region table, "Clinically important" column */
                 : st->change_points > 0 ? _("no, pain went up")
                 : _("no");
      row (r, cells, FALSE);
    }
  table_end (r);
}

static void
section_chart (Report *r)
{
  heading (r, _("Pain over the period"), CHART_HEIGHT);
  if (r->period_stats->n_entries == 0)
    {
      paragraph (r, FONT_BODY, _("No diary entries in the period."), 2);
      return;
    }
  if (!r->dry)
    {
      cairo_save (r->cr);
      cairo_translate (r->cr, MARGIN, r->y);
      cairo_rectangle (r->cr, 0, 0, CONTENT_WIDTH, CHART_HEIGHT);
      cairo_clip (r->cr);
      /* The chart's sizes are screen pixels; drawn larger and scaled
       * down, its labels match the report's text. */
      cairo_scale (r->cr, 1 / CHART_SCALE, 1 / CHART_SCALE);
      salve_chart_draw (r->chart, r->cr, (int) (CONTENT_WIDTH * CHART_SCALE), (int) (CHART_HEIGHT * CHART_SCALE));
      cairo_restore (r->cr);
      cairo_set_source_rgb (r->cr, 0, 0, 0);
    }
  r->y += CHART_HEIGHT + 4;
}

/* A week's first day within the period: the week the period starts in
 * is shown from the period's first day, not from a Monday before it. */
static char *
format_week_from (Report      *r,
                  const GDate *monday)
{
  return salve_time_format_gdate (g_date_compare (monday, &r->first_day) < 0 ? &r->first_day : monday);
}

/* A row for @n weeks from @monday without an entry: a gap in the diary
 * is read in the table, not guessed from a missing week number. */
static void
empty_weeks_row (Report      *r,
                 const GDate *monday,
                 guint        n)
{
  GDate last = *monday;
  int year, week, last_year, last_week;
  g_autofree char *name = NULL;
  g_autofree char *from = format_week_from (r, monday);
  const char *cells[4];

  g_date_add_days (&last, 7 * (n - 1));
  salve_diary_iso_week (monday, NULL, &year, &week);
  salve_diary_iso_week (&last, NULL, &last_year, &last_week);
  if (n == 1)
    name = g_strdup_printf (_("%d week %d"), year, week);
  else if (year == last_year)
    /* Translators: a run of ISO weeks without entries, "2026 weeks 46–47" */
    name = g_strdup_printf (_("%d weeks %d–%d"), year, week, last_week);
  else
    /* Translators: a run of ISO weeks without entries over a new year, "2026 week 52 to 2027 week 2" */
    name = g_strdup_printf (_("%d week %d to %d week %d"), year, week, last_year, last_week);
  cells[0] = name;
  cells[1] = from;
  cells[2] = "0";
  cells[3] = "–";
  row (r, cells, FALSE);
}

static void
section_weeks (Report *r)
{
  static const Column columns[] = {
    { N_("Week"), 0.25, PANGO_ALIGN_LEFT },
    { N_("From"), 0.25, PANGO_ALIGN_LEFT },
    { N_("Days with entries"), 0.25, PANGO_ALIGN_RIGHT },
    { N_("Mean pain"), 0.25, PANGO_ALIGN_RIGHT },
  };
  /* The period's own weeks: a week the period starts or ends in counts
   * only its days in the period, as diary stats --from does. */
  GArray *weeks = r->period_stats->weeks;
  gboolean any = FALSE;
  GDate next;   /* the Monday of the next week to show */
  guint n_empty;

  salve_diary_iso_week (&r->first_day, &next, NULL, NULL);

  heading (r, _("Weekly means"), 40);
  for (guint i = 0; i < weeks->len; i++)
    {
      const SalveDiaryWeek *week = &g_array_index (weeks, SalveDiaryWeek, i);
      g_autofree char *name = NULL;
      g_autofree char *monday = NULL;
      g_autofree char *days = NULL;
      g_autofree char *mean = NULL;
      const char *cells[4];

      if (week->end_unix <= r->from_unix || week->start_unix >= r->to_unix)
        continue;
      if (!any)
        table_begin (r, columns, G_N_ELEMENTS (columns));
      any = TRUE;
      /* The period's weeks without an entry before this one. */
      n_empty = g_date_compare (&next, &week->monday) < 0 ? g_date_days_between (&next, &week->monday) / 7 : 0;
      if (n_empty > 0)
        empty_weeks_row (r, &next, n_empty);
      next = week->monday;
      g_date_add_days (&next, 7);
      /* Translators: an ISO week: year and week number */
      name = g_strdup_printf (_("%d week %d"), week->iso_year, week->iso_week);
      monday = format_week_from (r, &week->monday);
      days = g_strdup_printf ("%u", week->n_days);
      mean = g_strdup_printf ("%.1f", week->mean);
      cells[0] = name;
      cells[1] = monday;
      cells[2] = days;
      cells[3] = mean;
      row (r, cells, FALSE);
    }
  if (any)
    {
      /* And after the last one, up to the period's end. */
      n_empty = g_date_compare (&next, &r->last_day) <= 0 ? g_date_days_between (&next, &r->last_day) / 7 + 1 : 0;
      if (n_empty > 0)
        empty_weeks_row (r, &next, n_empty);
      table_end (r);
    }
  else
    paragraph (r, FONT_BODY, _("No diary entries in the period."), 2);
}

static void
section_modalities (Report *r)
{
  static const Column columns[] = {
    { N_("Treatment"), 0.22, PANGO_ALIGN_LEFT },
    { N_("Sessions"), 0.14, PANGO_ALIGN_RIGHT },
    { N_("Rated before and after"), 0.20, PANGO_ALIGN_RIGHT },
    { N_("Pain before"), 0.15, PANGO_ALIGN_RIGHT },
    { N_("Pain after"), 0.15, PANGO_ALIGN_RIGHT },
    { N_("Change"), 0.14, PANGO_ALIGN_RIGHT },
  };
  guint n_sessions[SALVE_N_MODALITIES] = { 0, };
  gboolean any = FALSE;

  for (SalveModality m = 0; m < SALVE_N_MODALITIES; m++)
    n_sessions[m] = count_started (r, m);

  heading (r, _("Pain before and after sessions"), 40);
  for (guint m = 0; m < SALVE_N_MODALITIES; m++)
    {
      const SalveDiarySessionDelta *delta = &r->period_stats->sessions[m];
      g_autofree char *count = NULL;
      g_autofree char *rated = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *change = NULL;
      const char *cells[6];

      if (n_sessions[m] == 0 && delta->n_sessions == 0)
        continue;
      if (!any)
        table_begin (r, columns, G_N_ELEMENTS (columns));
      any = TRUE;
      count = g_strdup_printf ("%u", n_sessions[m]);
      rated = g_strdup_printf ("%u", delta->n_sessions);
      if (delta->n_sessions > 0)
        {
          before = g_strdup_printf ("%.1f", delta->mean_before);
          after = g_strdup_printf ("%.1f", delta->mean_after);
          change = g_strdup_printf ("%+.1f", delta->mean_delta);
        }
      cells[0] = salve_modality_get_name (m);
      cells[1] = count;
      cells[2] = rated;
      cells[3] = before != NULL ? before : "–";
      cells[4] = after != NULL ? after : "–";
      cells[5] = change != NULL ? change : "–";
      row (r, cells, FALSE);
    }
  if (any)
    {
      table_end (r);
      /* The change is each session's own, averaged: a reader who
       * subtracts the two rounded means can find 0.1 less or more. */
      paragraph (r, FONT_SMALL,
                 _("Pain before and after are means over the sessions rated both times. The change is the mean of "
                   "each session’s change, worked out before rounding, so it can differ by 0.1 from the difference "
                   "of the two means as shown."), 2);
    }
  else
    paragraph (r, FONT_BODY, _("No sessions in the period."), 2);
}

/* A modality's completed sessions in @r's period, per day from @first,
 * up to the course's end. */
static guint *
done_per_day (Report        *r,
              SalveModality  modality,
              const GDate   *first,
              guint          n_days)
{
  guint *per_day = g_new0 (guint, MAX (n_days, 1));
  /* An ended course's: what was done after it was taken off counts for
   * no plan. */
  gint64 until = r->plan != NULL && g_date_valid (&r->plan->ended)
                   ? salve_care_schedule_taken_off_at ((const SalveCareSchedule *) (gpointer) r->schedule_changes->data,
                                                       r->schedule_changes->len, modality, r->tz, &r->plan->ended)
                   : G_MAXINT64;

  for (guint j = 0; j < r->sessions->len; j++)
    {
      SalveSession *session = g_ptr_array_index (r->sessions, j);
      GDate day;
      gint64 at;
      gint64 k;

      if (salve_session_get_modality (session) != modality ||
          salve_session_get_outcome (session) != SALVE_SESSION_OUTCOME_COMPLETED ||
          !session_start_unix (session, &at) || at >= until)
        continue;
      date_from_unix (r->tz, at, &day);
      k = (gint64) g_date_get_julian (&day) - (gint64) g_date_get_julian (first);
      if (k >= 0 && k < n_days)
        per_day[k]++;
    }

  return per_day;
}

/* Each day of the period counts what its schedule planned that day (a
 * modality planned from the middle of the period on, or once a day
 * instead of twice, changes nothing before), up to the instant the
 * report is made; the share is of the planned sessions done on their
 * day. */
static void
section_adherence (Report *r)
{
  static const Column columns[] = {
    { N_("Treatment"), 0.24, PANGO_ALIGN_LEFT },
    { N_("Planned a day"), 0.19, PANGO_ALIGN_RIGHT },
    { N_("Planned in the period"), 0.21, PANGO_ALIGN_RIGHT },
    { N_("Completed"), 0.18, PANGO_ALIGN_RIGHT },
    { N_("Share"), 0.18, PANGO_ALIGN_RIGHT },
  };
  const SalveCareSchedule *changes = (const SalveCareSchedule *) (gpointer) r->schedule_changes->data;
  GDate first = r->first_day;
  gboolean any = FALSE;
  guint n_days;

  if (r->schedule_changes->len == 0)
    return;

  /* Planned only from the plan's start on. */
  if (r->plan != NULL && g_date_compare (&r->plan->start, &first) > 0)
    first = r->plan->start;
  n_days = g_date_compare (&first, &r->last_day) <= 0 ? (guint) g_date_days_between (&first, &r->last_day) + 1 : 0;

  for (int m = 0; m < SALVE_N_MODALITIES; m++)
    {
      g_autofree guint *done = done_per_day (r, m, &first, n_days);
      g_autofree char *per_day = NULL;
      g_autofree char *planned_text = NULL;
      g_autofree char *done_text = NULL;
      g_autofree char *share = NULL;
      const char *cells[5];
      guint planned = 0, completed = 0, kept = 0;
      GDate day = first;

      for (guint k = 0; k < n_days; k++, g_date_add_days (&day, 1))
        {
          guint on_day = salve_care_schedule_planned_on (changes, r->schedule_changes->len, m, r->tz, &day,
                                                         r->made_unix, done[k]);

          planned += on_day;
          completed += done[k];
          /* A day's extra sessions do not make up for another day's. */
          kept += MIN (done[k], on_day);
        }
      /* Planned neither in the period nor now: not a treatment of it. */
      if (planned == 0 &&
          salve_care_schedule_find ((const SalveCareSchedule *) (gpointer) r->schedules->data, r->schedules->len,
                                    m) == NULL)
        continue;
      if (n_days > 0)
        per_day = salve_care_schedule_describe_per_day (changes, r->schedule_changes->len, m, r->tz, &first,
                                                        &r->last_day);
      planned_text = g_strdup_printf ("%u", planned);
      done_text = g_strdup_printf ("%u", completed);
      share = planned > 0 ? g_strdup_printf ("%.0f %%", 100.0 * kept / planned) : g_strdup ("–");
      cells[0] = salve_modality_get_name (m);
      /* "2 → 1": the day's number as it changed over the period. */
      cells[1] = per_day != NULL ? per_day : "–";
      cells[2] = planned_text;
      cells[3] = done_text;
      cells[4] = share;
      if (!any)
        {
          /* Its header is two lines high: the heading keeps it and the
           * first row with it. */
          heading (r, _("Sessions done as planned"), table_start_height (r, columns, G_N_ELEMENTS (columns), cells));
          table_begin (r, columns, G_N_ELEMENTS (columns));
          any = TRUE;
        }
      row (r, cells, FALSE);
    }
  if (any)
    table_end (r);
}

/* The care plan's activity targets for the week that holds the period's
 * last day, as plan status gives them that day, and the days pacing was
 * needed: what the person did beside the sessions. */
static void
section_activity (Report *r)
{
  static const Column columns[] = {
    { N_("Activity"), 0.31, PANGO_ALIGN_LEFT },
    { N_("Baseline week"), 0.21, PANGO_ALIGN_RIGHT },
    { N_("Target, last week"), 0.24, PANGO_ALIGN_RIGHT },
    { N_("Done, last week"), 0.24, PANGO_ALIGN_RIGHT },
  };
  g_autofree char *pacing = NULL;
  gboolean partial = FALSE;

  if (r->activity == NULL || r->activity->len == 0)
    return;

  heading (r, _("Activity and pacing"), 40);
  table_begin (r, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < r->activity->len; i++)
    {
      const ActivityLine *line = &g_array_index (r->activity, ActivityLine, i);
      g_autofree char *baseline = g_strdup_printf (_("%u min"), line->target.baseline_minutes);
      g_autofree char *goal_text = NULL;
      g_autofree char *done_text = NULL;
      const char *cells[4];

      /* The baseline week has no target: what is done is its measure. */
      goal_text = line->weeks_after == 0 ? g_strdup ("–") : g_strdup_printf (_("%.0f min"), line->goal);
      done_text = g_strdup_printf (_("%.0f min"), (double) MAX (line->done, 0));
      cells[0] = salve_activity_get_name (line->target.activity);
      cells[1] = baseline;
      cells[2] = goal_text;
      cells[3] = done_text;
      row (r, cells, FALSE);

      /* The target week that holds the period's last day may run on past
       * it: its minutes are then those of part of the week. */
      {
        GDate week_end = line->target.baseline_week;

        g_date_add_days (&week_end, 7 * line->weeks_after + 6);
        partial |= g_date_compare (&r->last_day, &week_end) < 0;
      }
    }
  table_end (r);
  if (partial)
    {
      g_autofree char *last = salve_time_format_gdate (&r->last_day);
      /* Translators: %s is the period's last day */
      g_autofree char *note = g_strdup_printf (_("“Last week” is the target week that holds the period’s last day, "
                                                 "%s; the period ends before that week does, so what was done "
                                                 "counts only its days up to then."),
                                               last);

      paragraph (r, FONT_BODY, note, 3);
    }

  pacing = r->paced_days == 0
           ? g_strdup (_("Pacing was needed on no day of the period."))
           /* Translators: days of the report's period */
           : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Pacing was needed on %u day of the period: pain or fatigue was high after activity.",
                                           "Pacing was needed on %u days of the period: pain or fatigue was high after activity.",
                                           r->paced_days),
                              r->paced_days);
  paragraph (r, FONT_BODY, pacing, 5);
}

static void
section_sessions (Report *r)
{
  static const Column columns[] = {
    /* Wide enough for a date and time on one line ("Wed 16 Sep 2026, 14:00"). */
    { N_("Started"), 0.25, PANGO_ALIGN_LEFT },
    { N_("Treatment"), 0.17, PANGO_ALIGN_LEFT },
    { N_("Parameters"), 0.16, PANGO_ALIGN_LEFT },
    { N_("Outcome"), 0.14, PANGO_ALIGN_LEFT },
    { N_("Pain"), 0.09, PANGO_ALIGN_LEFT },
    { N_("Side effects"), 0.19, PANGO_ALIGN_LEFT },
  };
  /* Ratings kept as diary entries linked to the session count when the
   * session itself has none (imported diaries keep them so). */
  g_autoptr(GHashTable) linked = salve_diary_points_session_ratings ((const SalveDiaryPoint *) (gpointer) r->points->data,
                                                                     r->points->len);

  heading (r, _("Sessions"), 40);
  if (r->sessions->len == 0)
    {
      paragraph (r, FONT_BODY, _("No sessions in the period."), 2);
      return;
    }
  table_begin (r, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < r->sessions->len; i++)
    {
      SalveSession *session = g_ptr_array_index (r->sessions, i);
      const char * const *effects = salve_session_get_side_effects (session);
      g_autoptr(GString) effect_text = g_string_new (NULL);
      g_autofree char *started = NULL;
      g_autofree char *what = NULL;
      g_autofree char *params = salve_session_format_params (session);
      g_autofree char *outcome = NULL;
      g_autofree char *pain = NULL;
      int before, after;
      const char *reason = salve_session_get_outcome_reason (session);
      const char *cells[6];
      char before_text[16], after_text[16];
      gint64 at = 0;

      session_when_unix (session, &at);
      started = format_unix (r->tz, at);
      salve_session_ratings_lookup (linked, session, &before, &after);
      if (salve_session_get_planned_minutes (session) > 0)
        {
          g_autofree char *minutes = g_strdup_printf (_("%.0f min"), salve_session_get_planned_minutes (session));
          char *both = params != NULL && *params != '\0' ? g_strdup_printf ("%s; %s", minutes, params)
                                                          : g_strdup (minutes);

          g_free (params);
          params = both;
        }
      what = g_strdup_printf ("%s, %s", salve_modality_get_name (salve_session_get_modality (session)),
                              salve_site_get_name (salve_session_get_site (session)));
      if (uncounted (r, session) & SALVE_SESSION_UNCOUNTED_NEVER_STARTED)
        /* Translators: in the report's list of sessions, %s is why, e.g. "the connection to the device was lost" */
        outcome = reason != NULL && *reason != '\0' && g_strcmp0 (reason, SALVE_SESSION_REASON_USER) != 0
                  ? g_strdup_printf (_("Did not start (%s)"), salve_session_reason_get_name (reason))
                  : g_strdup (_("Did not start"));
      else if (reason != NULL && *reason != '\0')
        outcome = g_strdup_printf ("%s (%s)", salve_session_outcome_get_name (salve_session_get_outcome (session)),
                                   salve_session_reason_get_name (reason));
      else
        outcome = g_strdup (salve_session_outcome_get_name (salve_session_get_outcome (session)));
      g_snprintf (before_text, sizeof before_text, "%d", before);
      g_snprintf (after_text, sizeof after_text, "%d", after);
      pain = g_strdup_printf ("%s → %s", before == SALVE_PAIN_UNSET ? "–" : before_text,
                              after == SALVE_PAIN_UNSET ? "–" : after_text);
      for (guint j = 0; effects[j] != NULL; j++)
        {
          if (j > 0)
            g_string_append (effect_text, ", ");
          g_string_append (effect_text, salve_side_effect_get_name (effects[j]));
        }
      /* What the skin check after it found, when it found anything: a
       * blister or a burn is what a therapist must not miss here. */
      if (g_strcmp0 (salve_session_get_skin_check (session), SALVE_SKIN_CHECK_RED) == 0 ||
          g_strcmp0 (salve_session_get_skin_check (session), SALVE_SKIN_CHECK_DAMAGED) == 0)
        {
          if (effect_text->len > 0)
            g_string_append (effect_text, ", ");
          g_string_append (effect_text, salve_skin_check_get_name (salve_session_get_skin_check (session)));
        }
      cells[0] = started;
      cells[1] = what;
      cells[2] = params != NULL ? params : "";
      cells[3] = outcome;
      cells[4] = pain;
      cells[5] = effect_text->len > 0 ? effect_text->str : _("none");
      row (r, cells, FALSE);
    }
  table_end (r);
}

static void
section_flagged (Report *r)
{
  static const Column columns[] = {
    { N_("When"), 0.15, PANGO_ALIGN_LEFT },
    { N_("Pain"), 0.08, PANGO_ALIGN_RIGHT },
    { N_("Noted"), 0.24, PANGO_ALIGN_LEFT },
    { N_("Note"), 0.53, PANGO_ALIGN_LEFT },
  };
  gboolean any = FALSE;

  heading (r, _("Flagged entries and small successes"), 40);
  for (guint i = 0; i < r->entries->len; i++)
    {
      SalveDiaryEntry *entry = g_ptr_array_index (r->entries, i);
      g_autoptr(GString) flags = g_string_new (NULL);
      g_autofree char *when = NULL;
      g_autofree char *pain = NULL;
      const char *cells[4];

      if (salve_diary_entry_get_new_weakness (entry))
        g_string_append (flags, _("new weakness"));
      if (salve_diary_entry_get_numbness (entry))
        {
          if (flags->len > 0)
            g_string_append (flags, ", ");
          g_string_append (flags, _("numbness or loss of feeling"));
        }
      if (salve_diary_entry_get_success (entry))
        {
          if (flags->len > 0)
            g_string_append (flags, ", ");
          g_string_append (flags, _("small success"));
        }
      if (flags->len == 0)
        continue;
      if (!any)
        table_begin (r, columns, G_N_ELEMENTS (columns));
      any = TRUE;
      when = format_unix (r->tz, salve_diary_entry_get_at_unix (entry));
      pain = g_strdup_printf ("%d", salve_diary_entry_get_pain (entry));
      cells[0] = when;
      cells[1] = pain;
      cells[2] = flags->str;
      cells[3] = salve_diary_entry_get_note (entry);
      row (r, cells, FALSE);
    }
  if (any)
    table_end (r);
  else
    paragraph (r, FONT_BODY, _("No entries were flagged in the period."), 2);
}

typedef struct
{
  SalveMedication *first;    /* the first intake in the period */
  gint64           last_unix;
  guint            n;
  gboolean         new;      /* none of it before the period */
} MedicationLine;

/* The same medicine at the same dose and in the same way is one line:
 * a change of dose, or from scheduled to as needed, shows as a new one. */
static char *
medication_key (SalveMedication *m)
{
  g_autofree char *name = g_utf8_casefold (salve_medication_get_name (m), -1);
  g_autofree char *dose = g_utf8_casefold (salve_medication_get_dose (m), -1);

  return g_strdup_printf ("%s\x1f%s\x1f%d", name, dose, salve_medication_get_as_needed (m));
}

static void
section_medication (Report *r)
{
  static const Column columns[] = {
    { N_("Medication"), 0.21, PANGO_ALIGN_LEFT },
    { N_("Dose"), 0.15, PANGO_ALIGN_LEFT },
    { N_("Taken"), 0.14, PANGO_ALIGN_LEFT },
    { N_("Intakes"), 0.11, PANGO_ALIGN_RIGHT },
    { N_("First"), 0.13, PANGO_ALIGN_LEFT },
    { N_("Last"), 0.13, PANGO_ALIGN_LEFT },
    /* Holds "new" for a medicine first taken in the period: not the
     * pain's change of the other tables, and translated apart from it. */
    { NC_("report medication column", "Change"), 0.13, PANGO_ALIGN_LEFT, "report medication column" },
  };
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (MedicationLine));

  heading (r, _("Medication"), 40);
  for (guint i = 0; i < r->medication->len; i++)
    {
      SalveMedication *m = g_ptr_array_index (r->medication, i);
      gint64 at = salve_medication_get_at_unix (m);
      char *key = medication_key (m);
      gpointer found;

      if (at < r->from_unix)
        {
          g_hash_table_add (before, key);
          continue;
        }
      if (g_hash_table_lookup_extended (index, key, NULL, &found))
        {
          MedicationLine *line = &g_array_index (lines, MedicationLine, GPOINTER_TO_UINT (found));

          line->n++;
          line->last_unix = at;
          g_free (key);
          continue;
        }
      {
        MedicationLine line = { m, at, 1, !g_hash_table_contains (before, key) };

        g_hash_table_insert (index, key, GUINT_TO_POINTER (lines->len));
        g_array_append_val (lines, line);
      }
    }

  if (lines->len == 0)
    {
      paragraph (r, FONT_BODY, _("No medication was recorded in the period."), 2);
      return;
    }

  table_begin (r, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < lines->len; i++)
    {
      MedicationLine *line = &g_array_index (lines, MedicationLine, i);
      g_autofree char *n = g_strdup_printf ("%u", line->n);
      g_autofree char *first = format_unix (r->tz, salve_medication_get_at_unix (line->first));
      g_autofree char *last = format_unix (r->tz, line->last_unix);
      const char *cells[7];

      cells[0] = salve_medication_get_name (line->first);
      cells[1] = salve_medication_get_dose (line->first);
      cells[2] = salve_medication_get_as_needed (line->first) ? _("as needed") : _("scheduled");
      cells[3] = n;
      cells[4] = first;
      cells[5] = line->n > 1 ? last : "";
      /* Translators: in the report's medication table: not taken before the period */
      cells[6] = line->new ? _("new") : "";
      row (r, cells, FALSE);
    }
  table_end (r);
}

static void
section_checklist (Report *r)
{
  static const Column columns[] = {
    { N_("Question"), 0.55, PANGO_ALIGN_LEFT },
    { N_("Answer"), 0.20, PANGO_ALIGN_LEFT },
    { N_("Where"), 0.25, PANGO_ALIGN_LEFT },
  };
  SalveSignoff *latest = r->signoffs->len > 0 ? g_ptr_array_index (r->signoffs, 0) : NULL;

  heading (r, _("Checklist"), 60);
  if (latest == NULL)
    paragraph (r, FONT_BOLD, _("The checklist has not been signed off."), 4);
  else
    {
      g_autofree char *signed_text = NULL;
      g_autofree char *signed_at = format_iso (latest->signed_at);
      gboolean changed = FALSE;

      for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
        changed |= latest->answers.answers[c] != r->answers.answers[c] ||
                   latest->answers.sites[c] != r->answers.sites[c];

      /* Translators: who signed the checklist off, and when (a date and time) */
      signed_text = g_strdup_printf (_("Signed off by %s on %s."), latest->signed_by, signed_at);
      paragraph (r, FONT_BOLD, signed_text, 1);
      paragraph (r, FONT_BOLD,
                 changed ? _("Answers changed since the sign-off.") : _("No answer changed since the sign-off."),
                 4);
    }

  table_begin (r, columns, G_N_ELEMENTS (columns));
  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    {
      SalveSite site = r->answers.sites[c];
      const char *cells[3];

      cells[0] = salve_condition_get_name (c);
      cells[1] = salve_profile_answers_get_answer_name (&r->answers, c);
      cells[2] = (guint) site < SALVE_N_SITES ? salve_site_get_name (site) : "";
      row (r, cells, FALSE);
    }
  table_end (r);
}

/* Each day of the period with entries, as the app would have seen it on
 * that day: which warning signs held, on how many days, the first and
 * the last. */
static void
count_warnings (Report              *r,
                const SalveCarePlan *plan)
{
  const SalveCareEntry *entries = (const SalveCareEntry *) (gpointer) r->care_entries->data;
  GDate *first_seen = r->warning_first, *last_seen = r->warning_last;
  guint *n_days = r->warning_days;
  gsize first_entry = 0, n_entries = 0;
  g_autoptr(SalveDiaryStats) own_stats = NULL;
  const SalveDiaryStats *stats = r->stats;

  if (r->warnings_counted)
    return;
  r->warnings_counted = TRUE;
  g_date_clear (&r->warnings_last_day, 1);

  /* One day's signs read the days up to it and the plan's baseline,
   * which the statistics of the diary up to the period's end give alike
   * (salve_care_find_warnings()): worked out once, not for each day.
   * With the person's plan they are the report's own; without one, the
   * baseline is the week from the diary's first day. */
  if (plan != r->plan)
    stats = own_stats = salve_diary_stats_compute_for_plan ((const SalveDiaryPoint *) (gpointer) r->points->data,
                                                            r->points->len, r->tz, &plan->start);

  for (guint i = 0; i < r->stats->days->len; i++)
    {
      const SalveDiaryDay *day = &g_array_index (r->stats->days, SalveDiaryDay, i);
      gboolean found[SALVE_N_WARNINGS];
      GDate flags_from = day->date;
      gint64 flags_from_unix;

      while (n_entries < r->care_entries->len && entries[n_entries].at_unix < day->end_unix)
        n_entries++;
      if (day->end_unix <= r->from_unix || day->start_unix >= r->to_unix)
        continue;
      r->warnings_last_day = day->date;

      /* A flag counts for SALVE_CARE_FLAG_DAYS days: the entries before
       * them are not read again for each day (two days' margin: the zone
       * of r->tz may be more than a day from local). */
      g_date_subtract_days (&flags_from, SALVE_CARE_FLAG_DAYS + 1);
      flags_from_unix = salve_time_day_start_unix (&flags_from);
      while (first_entry < n_entries && entries[first_entry].at_unix < flags_from_unix)
        first_entry++;

      salve_care_find_warnings (plan, stats, entries + first_entry, n_entries - first_entry, r->tz, &day->date,
                                found);
      for (guint w = 0; w < SALVE_N_WARNINGS; w++)
        {
          if (!found[w])
            continue;
          if (n_days[w] == 0)
            first_seen[w] = day->date;
          last_seen[w] = day->date;
          n_days[w]++;
        }
    }
}

static void
section_warnings (Report *r)
{
  g_autoptr(SalveCarePlan) own_plan = NULL;
  const SalveCarePlan *plan = r->plan;
  const GDate *first_seen = r->warning_first, *last_seen = r->warning_last;
  const guint *n_days = r->warning_days;
  const GDate *last_day = &r->warnings_last_day;
  gboolean any = FALSE;

  heading (r, _("Warning signs"), 30);
  if (r->stats->days->len == 0)
    {
      paragraph (r, FONT_BODY, _("No warning signs were raised in the period."), 2);
      return;
    }
  /* Without a plan, counted from the diary's first day, as the app does. */
  if (plan == NULL)
    plan = own_plan = salve_care_plan_new (&r->stats->course_start);
  count_warnings (r, plan);

  for (guint w = 0; w < SALVE_N_WARNINGS; w++)
    {
      g_autofree char *first = NULL;
      g_autofree char *last = NULL;
      g_autofree char *when = NULL;

      if (n_days[w] == 0)
        continue;
      any = TRUE;
      first = salve_time_format_gdate (&first_seen[w]);
      last = salve_time_format_gdate (&last_seen[w]);
      if (g_date_compare (&last_seen[w], last_day) == 0)
        /* Translators: when a warning sign held: first day, last day, number of days with entries */
        when = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "From %s to %s, on %u day with entries:",
                                             "From %s to %s, on %u days with entries:", n_days[w]),
                                first, last, n_days[w]);
      else
        {
          g_autofree char *end = salve_time_format_gdate (last_day);

          /* The sign no longer held at the end: a report of a diary that got
           * better read as if it had not. */
          when = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: first day, last day, number of days with
                                                * entries, and the period's last day with entries */
                                               "From %s to %s, on %u day with entries; no longer on %s, the period’s last day with entries:",
                                               "From %s to %s, on %u days with entries; no longer on %s, the period’s last day with entries:",
                                               n_days[w]),
                                  first, last, n_days[w], end);
        }
      paragraph (r, FONT_BOLD, when, 1);
      paragraph (r, FONT_BODY, salve_warning_sign_get_advice (w, plan), 5);
    }
  if (!any)
    paragraph (r, FONT_BODY, _("No warning signs were raised in the period."), 2);
  /* The sign counts a week; the stop it asks for holds until a doctor
   * has looked, which only the checklist's answer records. */
  if (r->numbness_stops)
    {
      g_autofree char *end = salve_time_format_gdate (&r->last_day);
      g_autofree char *text = NULL;

      /* Translators: %s is the period's last day */
      text = g_strdup_printf (_("On %s numbness noted in the diary still stopped TENS and muscle stimulation where "
                                "it was noted: the checklist’s question about reduced sensation had not been "
                                "answered again since, as it is once a doctor has looked at it."), end);
      paragraph (r, FONT_BOLD, text, 5);
    }
}

static void
report_layout (Report *r)
{
  r->page = 0;
  r->columns = NULL;
  r->n_columns = 0;
  page_begin (r);
  section_who (r);
  section_headline (r);
  section_regions (r);
  section_chart (r);
  section_weeks (r);
  section_modalities (r);
  section_adherence (r);
  section_activity (r);
  section_sessions (r);
  section_flagged (r);
  section_medication (r);
  section_checklist (r);
  section_warnings (r);
}

static cairo_status_t
discard_write (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

static void
draw_report (cairo_t  *cr,
             gpointer  user_data)
{
  Report *r = user_data;

  r->cr = cr;
  r->dry = FALSE;
  report_layout (r);
  r->cr = NULL;
}

gboolean
salve_report_write_pdf (SalveDb                  *db,
                        const SalveReportOptions *options,
                        const char               *path,
                        guint                    *n_pages,
                        GError                  **error)
{
  Report r = { NULL, };
  cairo_surface_t *surface;
  gboolean ok;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!report_load (&r, db, options, error))
    {
      report_clear (&r);
      return FALSE;
    }

  /* First pass: count the pages on a surface with the same metrics. */
  surface = cairo_pdf_surface_create_for_stream (discard_write, NULL,
                                                 SALVE_REPORT_PAGE_WIDTH, SALVE_REPORT_PAGE_HEIGHT);
  r.cr = cairo_create (surface);
  r.dry = TRUE;
  r.n_pages = r.page;
  report_layout (&r);
  r.n_pages = r.page;
  cairo_destroy (r.cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  r.cr = NULL;

  ok = salve_cairo_file_save (path, SALVE_CAIRO_FILE_PDF, SALVE_REPORT_PAGE_WIDTH, SALVE_REPORT_PAGE_HEIGHT,
                              draw_report, &r, error);
  if (ok && n_pages != NULL)
    *n_pages = r.n_pages;
  report_clear (&r);
  return ok;
}

struct _SalveReport
{
  Report r;
};

SalveReport *
salve_report_load (SalveDb                  *db,
                   const SalveReportOptions *options,
                   GError                  **error)
{
  g_autoptr(SalveReport) self = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (SalveReport, 1);
  if (!report_load (&self->r, db, options, error))
    return NULL;

  return g_steal_pointer (&self);
}

guint
salve_report_count_pages (SalveReport *self,
                          cairo_t     *cr)
{
  Report *r;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (cr != NULL, 0);

  r = &self->r;
  r->cr = cr;
  r->dry = TRUE;
  r->only_page = 0;
  report_layout (r);
  r->n_pages = r->page;
  r->cr = NULL;

  return r->n_pages;
}

void
salve_report_draw_page (SalveReport *self,
                        cairo_t     *cr,
                        guint        page)
{
  Report *r;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  r = &self->r;
  /* The layout runs from the start, drawing only this page: what lands
   * on a page depends on everything before it. */
  cairo_save (cr);
  r->cr = cr;
  r->only_page = page + 1;
  r->dry = TRUE;
  report_layout (r);
  r->only_page = 0;
  r->dry = FALSE;
  r->cr = NULL;
  cairo_restore (cr);
}

void
salve_report_free (SalveReport *self)
{
  if (self == NULL)
    return;

  report_clear (&self->r);
  g_free (self);
}
