/* salve-care-plan-summary.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-care-plan-summary"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "salve-care-plan-repo.h"
#include "salve-care-plan-summary.h"
#include "salve-condition-repo.h"
#include "salve-diary-repo.h"
#include "salve-time.h"
#include "salve-tooltip.h"
#include "salve-treatment.h"

struct _SalveCarePlanSummary
{
  GtkBox     parent_instance;

  GtkBox    *content;
  GtkButton *plan_button;
  gboolean   pacing;
};

G_DEFINE_FINAL_TYPE (SalveCarePlanSummary, salve_care_plan_summary, GTK_TYPE_BOX)

typedef struct
{
  char *icon_name;
  char *markup;
} Line;

struct _SalveCarePlanSummaryContent
{
  gboolean   has_plan;
  gboolean   pacing;
  gboolean   warnings[SALVE_N_WARNINGS];
  GArray    *lines;    /* Line */
};

static void
clear_line (gpointer data)
{
  Line *line = data;

  g_clear_pointer (&line->icon_name, g_free);
  g_clear_pointer (&line->markup, g_free);
}

const gboolean *
salve_care_plan_summary_content_get_warnings (const SalveCarePlanSummaryContent *content)
{
  static const gboolean none[SALVE_N_WARNINGS] = { FALSE, };

  return content != NULL ? content->warnings : none;
}

void
salve_care_plan_summary_content_free (SalveCarePlanSummaryContent *content)
{
  if (content == NULL)
    return;

  g_clear_pointer (&content->lines, g_array_unref);
  g_free (content);
}

/* A line of the summary: a symbolic icon and wrapped text. */
static void
add_line (SalveCarePlanSummaryContent *content,
          const char                  *icon_name,
          const char                  *markup)
{
  Line line = { g_strdup (icon_name), g_strdup (markup) };

  g_array_append_val (content->lines, line);
}

static void
show_line (SalveCarePlanSummary *self,
           const char           *icon_name,
           const char           *markup)
{
  /* A grid, not a horizontal box, beside a wrapping label: see
   * make_row() in salve-patients-view.c. */
  GtkWidget *box = gtk_grid_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_grid_set_column_spacing (GTK_GRID (box), 8);
  if (icon_name != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

      gtk_widget_set_valign (icon, GTK_ALIGN_START);
      gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_grid_attach (GTK_GRID (box), icon, 0, 0, 1, 1);
    }
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_grid_attach (GTK_GRID (box), label, 1, 0, 1, 1);
  gtk_box_append (self->content, box);
}

static void
add_heading_and_text (SalveCarePlanSummaryContent *self,
                      const char           *icon_name,
                      const char           *heading,
                      const char           *text)
{
  g_autofree char *h = g_markup_escape_text (heading, -1);
  g_autofree char *t = g_markup_escape_text (text, -1);
  g_autofree char *markup = g_strdup_printf ("<b>%s</b> %s", h, t);

  add_line (self, icon_name, markup);
}

/* Planned versus done today and this plan week, per modality. */
static void
add_adherence (SalveCarePlanSummaryContent *self,
               SalveDb               *db,
               gint64                 profile_id,
               const SalveCarePlan   *plan,
               const SalveDiaryStats *stats,
               const GDate           *day,
               gint64                 end_unix)
{
  g_autoptr(GArray) current = salve_care_plan_repo_list_schedules (db, profile_id, NULL);
  g_autoptr(GArray) schedules = NULL;
  g_autoptr(GArray) done = NULL;
  g_autoptr(GArray) changes = NULL;
  g_autoptr(GArray) offered = g_array_new (FALSE, FALSE, sizeof (SalveCareSchedule));
  GString *text;
  g_autofree char *markup = NULL;
  g_autofree char *heading = NULL;
  SalveProfileAnswers answers;

  done = salve_care_plan_repo_list_done_sessions (db, profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN, end_unix, NULL);
  changes = salve_care_plan_repo_list_schedule_changes (db, profile_id, NULL);
  if (current == NULL || done == NULL || changes == NULL)
    return;
  /* With a modality taken off this plan week, while the week counts it. */
  schedules = salve_care_schedules_of_week (plan, (const SalveCareSchedule *) (gpointer) current->data, current->len,
                                            (const SalveCareSchedule *) (gpointer) changes->data, changes->len, NULL,
                                            day);
  if (schedules->len == 0)
    return;

  /* Unread answers are unknown, which refuses nothing here. */
  salve_profile_answers_init (&answers, SALVE_ANSWER_UNKNOWN);
  salve_condition_repo_load (db, profile_id, &answers, NULL);

  text = g_string_new (NULL);
  heading = g_markup_escape_text (_("Sessions as planned:"), -1);
  g_string_append_printf (text, "<b>%s</b>", heading);
  for (guint i = 0; i < schedules->len; i++)
    {
      const SalveCareSchedule *schedule = &g_array_index (schedules, SalveCareSchedule, i);
      SalveCareAdherence a;
      SalveCareReview review;
      g_autofree char *line = NULL;
      g_autofree char *escaped = NULL;
      g_autofree char *refused = NULL;
      gboolean numb;

      salve_care_adherence_compute (plan, (const SalveCareSchedule *) (gpointer) changes->data, changes->len,
                                    schedule->modality, (const SalveSessionMark *) (gpointer) done->data, done->len,
                                    NULL, day, g_get_real_time () / G_USEC_PER_SEC, &a);
      line = salve_care_adherence_describe (&a);
      escaped = g_markup_escape_text (line, -1);
      g_string_append_printf (text, "\n%s", escaped);
      if (salve_care_schedule_find ((const SalveCareSchedule *) (gpointer) current->data, current->len,
                                    schedule->modality) == NULL)
        {
          g_autofree char *off = salve_care_describe_taken_off (schedule->modality);
          g_autofree char *escaped_off = g_markup_escape_text (off, -1);

          g_string_append_printf (text, "\n%s", escaped_off);
          continue;
        }
      /* Planned, and refused by the place or a "yes" in the checklist since. */
      refused = salve_rules_describe_refused_planned (schedule->modality, plan->site, &answers);
      if (refused != NULL)
        {
          g_autofree char *escaped_refused = g_markup_escape_text (refused, -1);

          g_string_append_printf (text, "\n<b>%s</b>", escaped_refused);
        }
      /* Numbness noted this week: its advice is to stop stimulating there. */
      numb = salve_treatment_numbness_stops (db, profile_id, schedule->modality, plan->site, day);
      if (numb)
        {
          g_autofree char *numb_text = salve_treatment_describe_numbness_stop (schedule->modality);
          g_autofree char *escaped_numb = g_markup_escape_text (numb_text, -1);

          g_string_append_printf (text, "\n<b>%s</b>", escaped_numb);
        }
      /* Only what can be given is offered as the next session. */
      if (refused == NULL && !numb)
        g_array_append_val (offered, *schedule);

      /* The review point (TENS: weeks 5 and 6), until it has passed. */
      if (salve_care_review_evaluate (plan, schedule->modality, stats, day, &review) &&
          review.state != SALVE_CARE_REVIEW_PAST)
        {
          g_autofree char *described = NULL;
          g_autofree char *escaped_review = NULL;

          salve_care_review_count_sessions (&review, plan, (const SalveSessionMark *) (gpointer) done->data,
                                            done->len, day);
          described = salve_care_review_describe (&review);
          escaped_review = g_markup_escape_text (described, -1);

          g_string_append_printf (text, "\n%s", escaped_review);
        }
    }
  /* What comes next, on today's summary. */
  {
    gint64 now = g_get_real_time () / G_USEC_PER_SEC;
    g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (now);
    SalveModality next_modality;
    gint64 next_unix;
    GDate today;

    salve_time_get_date (local, &today);
    if (g_date_compare (&today, day) == 0 &&
        salve_care_next_session (plan, (const SalveCareSchedule *) (gpointer) offered->data, offered->len, now,
                                 &next_modality, &next_unix))
      {
        g_autofree char *next = salve_care_describe_next_session (next_modality, next_unix, now);
        g_autofree char *escaped_next = g_markup_escape_text (next, -1);

        g_string_append_printf (text, "\n%s", escaped_next);
      }
  }
  markup = g_string_free (text, FALSE);
  add_line (self, "alarm-symbolic", markup);
}

/* This week's activity against its target; a week that needed pacing
 * keeps the target where it was. */
static void
add_targets (SalveCarePlanSummaryContent *self,
             SalveDb               *db,
             gint64                 profile_id,
             const SalveDiaryStats *stats,
             const GArray          *entries,
             const GDate           *day)
{
  g_autoptr(GArray) targets = salve_care_plan_repo_list_targets (db, profile_id, NULL);
  g_autofree char *heading = NULL;
  g_autofree char *markup = NULL;
  GString *text;

  if (targets == NULL || targets->len == 0)
    return;

  text = g_string_new (NULL);
  heading = g_markup_escape_text (_("Activity this week:"), -1);
  g_string_append_printf (text, "<b>%s</b>", heading);
  for (guint t = 0; t < targets->len; t++)
    {
      const SalveActivityTarget *target = &g_array_index (targets, SalveActivityTarget, t);
      g_autofree char *line = NULL;
      g_autofree char *escaped = NULL;
      guint weeks_after = 0;
      double goal = 0;
      gint64 done = 0;

      if (!salve_care_plan_repo_activity_week (db, profile_id, target, stats, entries, day, &goal, &done,
                                               &weeks_after, NULL))
        continue;
      if (weeks_after == 0)
        /* Translators: activity, minutes so far in the baseline week */
        line = g_strdup_printf (_("%s %.0f min so far in the baseline week."),
                                salve_activity_get_name (target->activity), (double) MAX (done, 0));
      else
        /* Translators: activity, minutes done, target minutes this week */
        line = g_strdup_printf (_("%s %.0f of %.0f min."), salve_activity_get_name (target->activity),
                                (double) MAX (done, 0), goal);
      escaped = g_markup_escape_text (line, -1);
      g_string_append_printf (text, "\n%s", escaped);
    }
  markup = g_string_free (text, FALSE);
  add_line (self, "emblem-synchronizing-symbolic", markup);
}

static void
clear_content (SalveCarePlanSummary *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))) != NULL)
    gtk_box_remove (self->content, child);
}

SalveCarePlanSummaryContent *
salve_care_plan_summary_compute (SalveDb               *db,
                                 gint64                 profile_id,
                                 const SalveCarePlan   *plan,
                                 const SalveDiaryStats *stats,
                                 const GDate           *day)
{
  g_autoptr(SalveCarePlanSummaryContent) self = NULL;
  g_autoptr(SalveCarePlan) own_plan = NULL;
  g_autoptr(GArray) entries = NULL;
  gboolean warnings[SALVE_N_WARNINGS] = { FALSE, };
  GDate today, next;
  gint64 end_unix;

  if (db == NULL || stats == NULL)
    return NULL;

  self = g_new0 (SalveCarePlanSummaryContent, 1);
  self->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_array_set_clear_func (self->lines, clear_line);
  self->has_plan = plan != NULL;
  if (plan == NULL)
    add_line (self, "x-office-calendar-symbolic",
              _("No care plan yet: the baseline and the phases start at the first diary entry. "
                "A plan sets the start, the sessions and the activity targets."));
  /* Without a plan the warning signs are still said, counted from the
   * first entry as the report counts them: new weakness or numbness
   * wants a doctor whether or not anyone made a plan. */
  if (plan == NULL && stats->days->len == 0)
    return g_steal_pointer (&self);
  if (plan == NULL)
    plan = own_plan = salve_care_plan_new (&stats->course_start);

  if (day != NULL)
    today = *day;
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_clear (&today, 1);
      g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }
  next = today;
  g_date_add_days (&next, 1);
  end_unix = salve_time_day_start_unix (&next);

  entries = salve_care_plan_repo_list_status_entries (db, profile_id, &today, NULL);
  if (entries == NULL)
    return g_steal_pointer (&self);

  /* Pacing first: it is about today. Only ever less, never more. */
  self->pacing = self->has_plan && salve_care_pacing_needed (stats, (const SalveCareEntry *) (gpointer) entries->data,
                                           entries->len, NULL, &today);
  if (self->pacing)
    add_heading_and_text (self, "weather-clear-night-symbolic", _("Take it easier today."),
                          salve_care_get_pacing_advice ());

  salve_care_find_warnings (plan, stats, (const SalveCareEntry *) (gpointer) entries->data, entries->len, NULL,
                            &today, warnings);
  memcpy (self->warnings, warnings, sizeof warnings);
  for (int s = 0; s < SALVE_N_WARNINGS; s++)
    if (warnings[s])
      {
        g_autofree char *advice = g_markup_escape_text (salve_warning_sign_get_advice (s, plan), -1);
        g_autofree char *source = g_markup_escape_text (salve_warning_sign_get_source (s), -1);
        /* Translators: the advice, then where it comes from */
        g_autofree char *markup = g_strdup_printf (_("%s <small>(Source: %s)</small>"), advice, source);

        add_line (self, "dialog-information-symbolic", markup);
      }

  if (!self->has_plan)
    return g_steal_pointer (&self);

  /* An ended course plans nothing, and its targets built up the load
   * over it: from its last day on, neither. */
  if (!salve_care_plan_has_ended (plan, &today))
    {
      add_adherence (self, db, profile_id, plan, stats, &today, end_unix);
      add_targets (self, db, profile_id, stats, entries, &today);
    }

  return g_steal_pointer (&self);
}

void
salve_care_plan_summary_show (SalveCarePlanSummary              *self,
                              const SalveCarePlanSummaryContent *content)
{
  g_return_if_fail (SALVE_IS_CARE_PLAN_SUMMARY (self));

  clear_content (self);
  self->pacing = content != NULL && content->pacing;
  if (content == NULL)
    return;

  gtk_button_set_label (self->plan_button, content->has_plan ? _("Care _Plan…") : _("Make a Care _Plan…"));
  for (guint i = 0; i < content->lines->len; i++)
    {
      const Line *line = &g_array_index (content->lines, Line, i);

      show_line (self, line->icon_name, line->markup);
    }
}

void
salve_care_plan_summary_update (SalveCarePlanSummary  *self,
                                SalveDb               *db,
                                gint64                 profile_id,
                                const SalveCarePlan   *plan,
                                const SalveDiaryStats *stats,
                                const GDate           *day)
{
  g_autoptr(SalveCarePlanSummaryContent) content = NULL;

  g_return_if_fail (SALVE_IS_CARE_PLAN_SUMMARY (self));

  content = salve_care_plan_summary_compute (db, profile_id, plan, stats, day);
  salve_care_plan_summary_show (self, content);
}

gboolean
salve_care_plan_summary_get_pacing (SalveCarePlanSummary *self)
{
  g_return_val_if_fail (SALVE_IS_CARE_PLAN_SUMMARY (self), FALSE);

  return self->pacing;
}

static void
salve_care_plan_summary_class_init (SalveCarePlanSummaryClass *klass)
{
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "careplansummary");
}

static void
salve_care_plan_summary_init (SalveCarePlanSummary *self)
{
  GtkWidget *button_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);

  self->content = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->content));

  self->plan_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("Care _Plan…")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->plan_button), "win.care-plan");
  salve_tooltip_set_text (GTK_WIDGET (self->plan_button),
                          _("The start date, the schedule of sessions and the activity targets"));
  gtk_widget_set_halign (GTK_WIDGET (self->plan_button), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (button_box), GTK_WIDGET (self->plan_button));
  gtk_box_append (GTK_BOX (self), button_box);
}

GtkWidget *
salve_care_plan_summary_new (void)
{
  return g_object_new (SALVE_TYPE_CARE_PLAN_SUMMARY, NULL);
}
