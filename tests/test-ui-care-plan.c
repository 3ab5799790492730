/* test-ui-care-plan.c: the care plan dialog, the plan in the diary's
 * summary (pacing, adherence) and activities in the entry dialog
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "salve-application.h"
#include "salve-care-plan-dialog.h"
#include "salve-care-plan-repo.h"
#include "salve-care-plan-summary.h"
#include "salve-db.h"
#include "salve-diary-entry-dialog.h"
#include "salve-diary-repo.h"
#include "salve-diary-view.h"
#include "salve-diary-wellbeing.h"
#include "salve-profile-repo.h"
#include "salve-rating-button.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"
#include "salve-time.h"
#include "salve-when-row.h"
#include "salve-window.h"

static char *tmpdir;

static void
today (GDate *day)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (day, 1);
  g_date_set_dmy (day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static GDateTime *
today_at (int days,
          int hour,
          int minute)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), hour, minute, 0);

  return g_date_time_add_days (midnight, days);
}

static void
add_entry (SalveDb    *db,
           gint64      profile_id,
           GDateTime  *at,
           int         pain,
           const char *activity,
           guint       minutes)
{
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (profile_id);
  g_autoptr(GError) error = NULL;

  salve_diary_entry_set_at (entry, at);
  salve_diary_entry_set_pain (entry, pain);
  if (activity != NULL)
    salve_diary_entry_set_activity_minutes (entry, activity, minutes);
  g_assert_true (salve_diary_repo_add (db, entry, &error));
  g_assert_no_error (error);
}

/* A profile whose plan started @plan_days ago, with pain 3 at noon on
 * each of the 10 days before today. */
static gint64
make_plan_diary (const char *path,
                 int         plan_days,
                 gboolean    with_schedule)
{
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  GDate start;

  db = salve_db_open (path, &error);
  g_assert_no_error (error);
  profile = salve_profile_repo_add (db, "Anna", &error);
  g_assert_no_error (error);
  for (int d = -10; d < 0; d++)
    {
      g_autoptr(GDateTime) at = today_at (d, 12, 0);

      add_entry (db, salve_profile_get_id (profile), at, 3, d % 2 == 0 ? "walking" : NULL, 20);
    }

  today (&start);
  g_date_subtract_days (&start, plan_days);
  plan = salve_care_plan_new (&start);
  plan->profile_id = salve_profile_get_id (profile);
  g_free (plan->complaint);
  plan->complaint = g_strdup ("Neck pain");
  g_assert_true (salve_care_plan_repo_save (db, plan, &error));
  g_assert_no_error (error);

  if (with_schedule)
    {
      SalveCareSchedule schedule;
      SalveActivityTarget target = { "walking", };

      g_assert_true (salve_care_schedule_get_default (SALVE_MODALITY_TENS, &schedule));
      g_assert_true (salve_care_schedule_parse_times (&schedule, "08:00,20:00", &error));
      g_assert_true (salve_care_plan_repo_set_schedule (db, plan->profile_id, &schedule, &error));
      target.baseline_week = start;
      target.baseline_minutes = 60;
      target.step_percent = 10;
      g_assert_true (salve_care_plan_repo_set_target (db, plan->profile_id, &target, &error));
      g_assert_no_error (error);
    }

  return salve_profile_get_id (profile);
}

static SalveCarePlanSummary *
find_summary (SalveWindow *window)
{
  GtkWidget *view = salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW);

  g_assert_nonnull (view);
  return SALVE_CARE_PLAN_SUMMARY (salve_test_ui_find_type (view, SALVE_TYPE_CARE_PLAN_SUMMARY));
}

/* Today: an activity, then pain @pain_after (the 7 days before: 3). */
static gboolean
pacing_shown (const char *name,
              int         pain_after,
              const char *activity)
{
  g_autofree char *app_id = g_strdup_printf ("io.github.salve.Salve.TestPlanPacing%s", name);
  g_autoptr(SalveApplication) app = salve_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  g_autofree char *file = g_strdup_printf ("pacing-%s.db", name);
  g_autofree char *path = g_build_filename (tmpdir, file, NULL);
  gint64 profile_id = make_plan_diary (path, 14, FALSE);
  SalveCarePlanSummary *summary;
  SalveWindow *window;
  GtkWidget *label;
  gboolean shown;

  {
    g_autoptr(SalveDb) db = salve_db_open (path, NULL);
    g_autoptr(GDateTime) before = today_at (0, 0, 10);
    g_autoptr(GDateTime) after = today_at (0, 0, 20);

    add_entry (db, profile_id, before, 3, activity, 60);
    add_entry (db, profile_id, after, pain_after, NULL, 0);
  }

  window = salve_test_ui_open_window (app, path, 1000, 800);
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  summary = find_summary (window);
  g_assert_nonnull (summary);

  shown = salve_care_plan_summary_get_pacing (summary);
  /* What the person reads says the same as the flag. */
  label = salve_test_ui_find_text (GTK_WIDGET (summary), GTK_TYPE_LABEL, "Take it easier today.");
  g_assert_true ((label != NULL) == shown);
  if (shown)
    {
      g_assert_true (gtk_widget_is_visible (label));
      g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), salve_care_get_pacing_advice ()));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  return shown;
}

/* Seed 000: pain 2 points above the 7-day mean after an activity asks
 * for less load and rest ... */
static void
test_pacing_shown (void)
{
  g_assert_true (pacing_shown ("Rise", 5, "walking"));
}

/* ... a smaller rise does not, nor the same rise with no activity before it. */
static void
test_pacing_not_shown (void)
{
  g_assert_false (pacing_shown ("Small", 4, "walking"));
  g_assert_false (pacing_shown ("NoActivity", 5, NULL));
}

/* A diary without a care plan: new weakness noted today is still said,
 * with its advice, beside "No care plan yet" (it was said in the report
 * only, the summary returning before the warning signs without a plan). */
static void
test_warning_without_plan (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPlanWarningNoPlan",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "warning-no-plan.db", NULL);
  SalveCarePlanSummary *summary;
  SalveWindow *window;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveProfile) profile = salve_profile_repo_add (db, "Solo", &error);
    g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (profile));
    g_autoptr(GDateTime) at = today_at (0, 0, 5);

    g_assert_no_error (error);
    salve_diary_entry_set_at (entry, at);
    salve_diary_entry_set_pain (entry, 5);
    salve_diary_entry_set_new_weakness (entry, TRUE);
    g_assert_true (salve_diary_repo_add (db, entry, &error));
    g_assert_no_error (error);
  }

  window = salve_test_ui_open_window (app, path, 1000, 800);
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  summary = find_summary (window);
  g_assert_nonnull (summary);
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (summary), GTK_TYPE_LABEL, "No care plan yet"));
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (summary), GTK_TYPE_LABEL,
                                             "You noted new loss of strength. Please see your doctor about it."));
  /* No plan, no planned sessions. */
  g_assert_null (salve_test_ui_find_text (GTK_WIDGET (summary), GTK_TYPE_LABEL, "Sessions as planned"));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static gboolean
plan_dialog_closed (gpointer data)
{
  return salve_test_ui_find_toplevel (SALVE_TYPE_CARE_PLAN_DIALOG) == NULL;
}

static gboolean
entry_dialog_closed (gpointer data)
{
  return salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG) == NULL;
}

static gboolean
is_expander_titled (GtkWidget     *widget,
                    gconstpointer  data)
{
  return ADW_IS_EXPANDER_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static AdwExpanderRow *
find_expander (GtkWidget  *root,
               const char *title)
{
  return ADW_EXPANDER_ROW (salve_test_ui_find (root, is_expander_titled, title));
}

static gboolean
is_entry_row_titled (GtkWidget     *widget,
                     gconstpointer  data)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static gboolean
is_action_row_titled (GtkWidget     *widget,
                      gconstpointer  data)
{
  return ADW_IS_ACTION_ROW (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static gboolean
is_clock_spin_named (GtkWidget     *widget,
                     gconstpointer  data)
{
  g_autofree char *mismatch = NULL;

  if (!GTK_IS_SPIN_BUTTON (widget))
    return FALSE;
  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, data);
  return mismatch == NULL;
}

static GtkSpinButton *
find_spin (GtkWidget  *root,
           const char *name)
{
  GtkWidget *spin = salve_test_ui_find (root, is_clock_spin_named, name);

  g_assert_nonnull (spin);
  return GTK_SPIN_BUTTON (spin);
}

/* Sets session @n's time (from 1) in @expander's schedule to @hour:@minute,
 * in its hour and minute spin buttons. */
static void
set_session_time (AdwExpanderRow *expander,
                  guint           n,
                  int             hour,
                  int             minute)
{
  g_autofree char *title = g_strdup_printf (_("Session %u"), n);
  GtkWidget *row = salve_test_ui_find (GTK_WIDGET (expander), is_action_row_titled, title);

  g_assert_nonnull (row);
  gtk_spin_button_set_value (find_spin (row, _("Hour")), hour);
  gtk_spin_button_set_value (find_spin (row, _("Minute")), minute);
}

static gboolean
is_when_row_titled (GtkWidget     *widget,
                    gconstpointer  data)
{
  return SALVE_IS_WHEN_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

/* Chooses @date in the day row titled @title under @root, as a person
 * does: in its calendar. The row shows the day in words. */
static void
choose_day (GtkWidget   *root,
            const char  *title,
            const GDate *date)
{
  GtkWidget *row = salve_test_ui_find (root, is_when_row_titled, title);
  GtkWidget *button, *calendar;
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *words = NULL;

  g_assert_nonnull (row);
  button = salve_test_ui_find_type (row, GTK_TYPE_MENU_BUTTON);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  calendar = salve_test_ui_find_type (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))),
                                      GTK_TYPE_CALENDAR);
  day = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 0, 0, 0);
  gtk_calendar_select_day (GTK_CALENDAR (calendar), day);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  words = salve_time_format_date (day);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, words);
}

static void
screenshots (GtkWindow  *window,
             const char *name,
             const char *lang)
{
  static const int sizes[][2] = { { 1366, 768 }, { 800, 600 }, { 360, 600 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *shot = NULL;

      gtk_window_set_default_size (window, sizes[i][0], sizes[i][1]);
      if (i == 0)
        shot = g_strdup_printf ("%s%s", name, lang);
      else
        shot = g_strdup_printf ("%s-%dx%d%s", name, sizes[i][0], sizes[i][1], lang);
      salve_test_ui_screenshot (GTK_WIDGET (window), shot);
    }
}

/* Making the plan in the app: its start, schedule and targets are
 * stored; a new start keeps the old one in the history. */
static void
check_plan_dialog (const char *lang)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPlanDialog",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *file = g_strdup_printf ("plan-dialog%s.db", lang);
  g_autofree char *path = g_build_filename (tmpdir, file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(GArray) schedules = NULL;
  g_autoptr(GArray) targets = NULL;
  g_autoptr(GPtrArray) starts = NULL;
  g_autofree char *start_text = NULL;
  gboolean dutch = *lang != '\0';
  SalveCarePlanDialog *dialog;
  SalveWindow *window;
  AdwExpanderRow *tens, *walking;
  GtkWidget *row;
  GDate start;
  gint64 profile_id;

  /* A diary without a plan: the summary says what a plan would do. */
  {
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveProfile) profile = salve_profile_repo_add (db, "Anna", &error);

    g_assert_no_error (error);
    profile_id = salve_profile_get_id (profile);
    for (int d = -20; d <= 0; d++)
      {
        g_autoptr(GDateTime) at = today_at (d, 0, 5);

        add_entry (db, profile_id, at, 6 - (d + 20) / 5, "walking", 20 + (d + 20));
      }
  }

  window = salve_test_ui_open_window (app, path, 1366, 768);
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  if (!dutch)
    g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (find_summary (window)), GTK_TYPE_LABEL,
                                               "No care plan yet"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.care-plan", NULL);
  dialog = SALVE_CARE_PLAN_DIALOG (salve_test_ui_find_toplevel (SALVE_TYPE_CARE_PLAN_DIALOG));
  g_assert_nonnull (dialog);

  /* The start is asked for, today unless changed: a week ago first, 14
   * days ago in the end (below). */
  today (&start);
  g_date_subtract_days (&start, 7);
  choose_day (GTK_WIDGET (dialog), dutch ? _("_Start date") : "_Start date", &start);
  row = salve_test_ui_find (GTK_WIDGET (dialog), is_entry_row_titled, _("Complaint"));
  gtk_editable_set_text (GTK_EDITABLE (row), dutch ? "Nekpijn na een val" : "Neck pain after a fall");
  row = salve_test_ui_find (GTK_WIDGET (dialog), is_entry_row_titled, _("Therapist (if any)"));
  gtk_editable_set_text (GTK_EDITABLE (row), "J. de Vries");
  screenshots (GTK_WINDOW (dialog), "care-plan", lang);

  /* TENS at the sources' 2 × 30 min, at two set times (chosen in the
   * evening's row first: they are stored in the day's order); walking
   * from its baseline week up by 10 %. */
  salve_care_plan_dialog_show_page (dialog, "schedule");
  tens = find_expander (GTK_WIDGET (dialog), salve_modality_get_name (SALVE_MODALITY_TENS));
  g_assert_nonnull (tens);
  adw_expander_row_set_enable_expansion (tens, TRUE);
  adw_expander_row_set_expanded (tens, TRUE);
  {
    g_autofree char *second = g_strdup_printf (_("Session %u"), 2);
    GtkWidget *at_times = salve_test_ui_find (GTK_WIDGET (tens), is_action_row_titled, _("At set times"));
    GtkWidget *sw;

    /* No times until asked for; then one row per session a day. */
    g_assert_nonnull (at_times);
    g_assert_null (salve_test_ui_find (GTK_WIDGET (tens), is_action_row_titled, second));
    sw = salve_test_ui_find_text (at_times, GTK_TYPE_SWITCH, NULL);
    g_assert_nonnull (sw);
    gtk_switch_set_active (GTK_SWITCH (sw), TRUE);
    g_assert_nonnull (salve_test_ui_find (GTK_WIDGET (tens), is_action_row_titled, second));
  }
  set_session_time (tens, 1, 19, 30);
  set_session_time (tens, 2, 7, 45);
  screenshots (GTK_WINDOW (dialog), "care-plan-schedule", lang);

  salve_care_plan_dialog_show_page (dialog, "activity");
  walking = find_expander (GTK_WIDGET (dialog), salve_activity_get_name ("walking"));
  g_assert_nonnull (walking);
  adw_expander_row_set_enable_expansion (walking, TRUE);
  adw_expander_row_set_expanded (walking, TRUE);
  /* Its baseline week is the plan's start chosen above (it was the day
   * the dialog opened), with the diary's minutes of that week: 7 entries
   * of 20 + n minutes, n = 13 … 19 ... */
  {
    GtkWidget *week = salve_test_ui_find (GTK_WIDGET (walking), is_when_row_titled, _("Baseline week starts"));
    GtkWidget *minutes = salve_test_ui_find_type (GTK_WIDGET (walking), GTK_TYPE_SPIN_BUTTON);
    g_autoptr(GDateTime) day = g_date_time_new_local (g_date_get_year (&start), g_date_get_month (&start),
                                                      g_date_get_day (&start), 0, 0, 0);
    g_autofree char *words = salve_time_format_date (day);

    g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (salve_test_ui_find_type (week, GTK_TYPE_MENU_BUTTON))),
                     ==, words);
    g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (minutes)), ==,
                     7 * 20 + 13 + 14 + 15 + 16 + 17 + 18 + 19);

    /* ... and both follow a start chosen after it: 14 days ago. */
    g_date_subtract_days (&start, 7);
    start_text = salve_care_format_date (&start);
    choose_day (GTK_WIDGET (dialog), dutch ? _("_Start date") : "_Start date", &start);
    g_clear_pointer (&day, g_date_time_unref);
    g_clear_pointer (&words, g_free);
    day = g_date_time_new_local (g_date_get_year (&start), g_date_get_month (&start), g_date_get_day (&start), 0, 0, 0);
    words = salve_time_format_date (day);
    g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (salve_test_ui_find_type (week, GTK_TYPE_MENU_BUTTON))),
                     ==, words);
    g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (minutes)), ==,
                     7 * 20 + 6 + 7 + 8 + 9 + 10 + 11 + 12);
  }
  screenshots (GTK_WINDOW (dialog), "care-plan-activity", lang);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "plan.save", NULL);
  g_assert_true (salve_test_ui_wait (plan_dialog_closed, NULL, 2000));

  plan = salve_care_plan_repo_get (salve_window_get_db (window), profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_date_compare (&plan->start, &start), ==, 0);
  g_assert_cmpstr (plan->therapist, ==, "J. de Vries");
  schedules = salve_care_plan_repo_list_schedules (salve_window_get_db (window), profile_id, &error);
  g_assert_cmpuint (schedules->len, ==, 1);
  g_assert_cmpint (g_array_index (schedules, SalveCareSchedule, 0).modality, ==, SALVE_MODALITY_TENS);
  g_assert_cmpuint (g_array_index (schedules, SalveCareSchedule, 0).per_day, ==, 2);
  g_assert_cmpuint (g_array_index (schedules, SalveCareSchedule, 0).minutes, ==, 30);
  g_assert_cmpuint (g_array_index (schedules, SalveCareSchedule, 0).n_times, ==, 2);
  g_assert_cmpuint (g_array_index (schedules, SalveCareSchedule, 0).times[0], ==, 7 * 60 + 45);
  g_assert_cmpuint (g_array_index (schedules, SalveCareSchedule, 0).times[1], ==, 19 * 60 + 30);
  targets = salve_care_plan_repo_list_targets (salve_window_get_db (window), profile_id, &error);
  g_assert_cmpuint (targets->len, ==, 1);
  g_assert_cmpfloat (g_array_index (targets, SalveActivityTarget, 0).step_percent, ==, 10);
  /* The baseline minutes come from the diary's baseline week: 7 entries
   * of 20 + n minutes, n = 6 … 12. */
  g_assert_cmpuint (g_array_index (targets, SalveActivityTarget, 0).baseline_minutes, ==, 7 * 20 + 6 + 7 + 8 + 9 + 10 + 11 + 12);

  /* The diary now counts from the plan, in the words of its phase. */
  salve_test_ui_iterate ();
  if (!dutch)
    {
      GtkWidget *sessions = salve_test_ui_find_text (GTK_WIDGET (find_summary (window)), GTK_TYPE_LABEL,
                                                     "Sessions as planned:");

      g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (window), GTK_TYPE_LABEL,
                                                 "Week 3 of the care plan, phase 1 (Weeks 1–3)."));
      g_assert_nonnull (sessions);
      /* Week 3: the TENS review point is still ahead. */
      g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (sessions)),
                                "TENS is judged after 4 to 6 weeks (plan weeks 5–6)."));
    }
  screenshots (GTK_WINDOW (window), "diary-plan", lang);
  {
    /* The phases on the chart, from the plan's start. */
    g_autofree char *shot = g_strdup_printf ("diary-plan-details%s", lang);
    GtkWidget *view = salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW);

    gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
    gtk_widget_activate_action (view, "diary.range", "s", "month");
    g_object_set (view, "show-details", TRUE, NULL);
    salve_test_ui_screenshot (GTK_WIDGET (window), shot);
    g_object_set (view, "show-details", FALSE, NULL);
  }

  /* A start moved later keeps the first one in the history. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.care-plan", NULL);
  dialog = SALVE_CARE_PLAN_DIALOG (salve_test_ui_find_toplevel (SALVE_TYPE_CARE_PLAN_DIALOG));
  g_date_add_days (&start, 1);
  g_free (start_text);
  start_text = salve_care_format_date (&start);
  choose_day (GTK_WIDGET (dialog), _("_Start date"), &start);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "plan.save", NULL);
  g_assert_true (salve_test_ui_wait (plan_dialog_closed, NULL, 2000));
  starts = salve_care_plan_repo_list_starts (salve_window_get_db (window), profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (starts->len, ==, 2);
  g_assert_cmpstr (((SalveCarePlanStart *) g_ptr_array_index (starts, 1))->new_start, ==, start_text);

  /* The stored times come back in their rows; two sessions at the same
   * time are refused, and nothing is stored. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.care-plan", NULL);
  dialog = SALVE_CARE_PLAN_DIALOG (salve_test_ui_find_toplevel (SALVE_TYPE_CARE_PLAN_DIALOG));
  if (!dutch)
    {
      /* The history says its days in words, as every screen does. */
      g_autoptr(GDateTime) first = g_date_time_new_local (g_date_get_year (&start), g_date_get_month (&start),
                                                          g_date_get_day (&start), 0, 0, 0);
      g_autoptr(GDateTime) before = g_date_time_add_days (first, -1);
      g_autofree char *before_words = salve_time_format_date (before);
      g_autofree char *first_words = salve_time_format_date (first);
      g_autofree char *moved = g_strdup_printf ("Moved from %s to %s", before_words, first_words);

      g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, moved));
    }
  tens = find_expander (GTK_WIDGET (dialog), salve_modality_get_name (SALVE_MODALITY_TENS));
  g_assert_true (adw_expander_row_get_enable_expansion (tens));
  {
    g_autofree char *first = g_strdup_printf (_("Session %u"), 1);
    GtkWidget *session = salve_test_ui_find (GTK_WIDGET (tens), is_action_row_titled, first);

    g_assert_nonnull (session);
    g_assert_cmpint (gtk_spin_button_get_value_as_int (find_spin (session, _("Hour"))), ==, 7);
    g_assert_cmpint (gtk_spin_button_get_value_as_int (find_spin (session, _("Minute"))), ==, 45);
  }
  set_session_time (tens, 2, 7, 45);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "plan.save", NULL);
  salve_test_ui_iterate ();
  g_assert_nonnull (salve_test_ui_find_toplevel (SALVE_TYPE_CARE_PLAN_DIALOG));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_pointer (&schedules, g_array_unref);
  schedules = salve_care_plan_repo_list_schedules (salve_window_get_db (window), profile_id, &error);
  g_assert_cmpuint (g_array_index (schedules, SalveCareSchedule, 0).n_times, ==, 2);
  g_assert_cmpuint (g_array_index (schedules, SalveCareSchedule, 0).times[1], ==, 19 * 60 + 30);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* Answers the question the care plan dialog asks before it ends a
 * course; once ended, the dialog closes. */
static void
answer_end_question (const char *response)
{
  GtkWindow *ask;

  salve_test_ui_iterate ();
  ask = salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (ask)), ==, "end-course");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), response);
  if (g_str_equal (response, "end"))
    g_assert_true (salve_test_ui_wait (plan_dialog_closed, NULL, 2000));
  salve_test_ui_iterate ();
}

/* The profile's plan as stored now. */
static SalveCarePlan *
stored_plan (SalveWindow *window,
             gint64       profile_id)
{
  g_autoptr(GError) error = NULL;
  SalveCarePlan *plan = salve_care_plan_repo_get (salve_window_get_db (window), profile_id, &error);

  g_assert_no_error (error);
  return plan;
}

/* A course is ended from its dialog after asking: nothing is planned
 * any more, the summary says it ended and plans and counts no sessions
 * nor activity, and the dialog says so the next time, with no button to
 * end it again; saving the dialog then keeps the course ended. */
static void
test_end_course (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPlanEnd",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "end-course.db", NULL);
  gint64 profile_id = make_plan_diary (path, 20, TRUE);
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(GArray) schedules = NULL;
  g_autoptr(GError) error = NULL;
  SalveCarePlanDialog *dialog;
  SalveWindow *window;
  GtkWidget *end_button;
  GDate day;

  window = salve_test_ui_open_window (app, path, 1000, 800);
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (find_summary (window)), GTK_TYPE_LABEL, "Sessions as planned"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.care-plan", NULL);
  dialog = SALVE_CARE_PLAN_DIALOG (salve_test_ui_find_toplevel (SALVE_TYPE_CARE_PLAN_DIALOG));
  g_assert_nonnull (dialog);
  end_button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_End Course…");
  g_assert_nonnull (end_button);
  g_assert_true (gtk_widget_get_visible (end_button));

  /* Asked first: Cancel changes nothing. */
  g_signal_emit_by_name (end_button, "clicked");
  answer_end_question ("cancel");
  plan = stored_plan (window, profile_id);
  g_assert_false (g_date_valid (&plan->ended));
  g_clear_pointer (&plan, salve_care_plan_free);

  g_signal_emit_by_name (end_button, "clicked");
  answer_end_question ("end");

  plan = stored_plan (window, profile_id);
  today (&day);
  g_assert_true (g_date_valid (&plan->ended));
  g_assert_cmpint (g_date_compare (&plan->ended, &day), ==, 0);
  schedules = salve_care_plan_repo_list_schedules (salve_window_get_db (window), profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (schedules->len, ==, 0);

  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (window), GTK_TYPE_LABEL, "The care plan ended on "));
  g_assert_null (salve_test_ui_find_text (GTK_WIDGET (window), GTK_TYPE_LABEL, "Week 3 of the care plan"));
  g_assert_null (salve_test_ui_find_text (GTK_WIDGET (find_summary (window)), GTK_TYPE_LABEL, "Activity this week"));
  g_assert_null (salve_test_ui_find_text (GTK_WIDGET (find_summary (window)), GTK_TYPE_LABEL, "Sessions as planned"));

  /* Undo: the course runs again with its schedule, as if never ended. */
  {
    GtkWidget *undo = salve_test_ui_find_text (GTK_WIDGET (window), GTK_TYPE_BUTTON, "_Undo");

    g_assert_nonnull (undo);
    g_signal_emit_by_name (undo, "clicked");
    salve_test_ui_iterate ();
  }
  g_clear_pointer (&plan, salve_care_plan_free);
  plan = stored_plan (window, profile_id);
  g_assert_false (g_date_valid (&plan->ended));
  g_clear_pointer (&schedules, g_array_unref);
  schedules = salve_care_plan_repo_list_schedules (salve_window_get_db (window), profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (schedules->len, ==, 1);
  g_assert_cmpuint (g_array_index (schedules, SalveCareSchedule, 0).n_times, ==, 2);
  {
    g_autoptr(GArray) changes = salve_care_plan_repo_list_schedule_changes (salve_window_get_db (window), profile_id,
                                                                            &error);

    g_assert_no_error (error);
    g_assert_cmpuint (changes->len, ==, 1);
  }
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (find_summary (window)), GTK_TYPE_LABEL, "Sessions as planned"));
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (window), GTK_TYPE_LABEL, "Week 3 of the care plan"));

  /* Ended again, for good. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.care-plan", NULL);
  dialog = SALVE_CARE_PLAN_DIALOG (salve_test_ui_find_toplevel (SALVE_TYPE_CARE_PLAN_DIALOG));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "plan.end", NULL);
  answer_end_question ("end");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.care-plan", NULL);
  dialog = SALVE_CARE_PLAN_DIALOG (salve_test_ui_find_toplevel (SALVE_TYPE_CARE_PLAN_DIALOG));
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "The course ended on "));
  end_button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_End Course…");
  g_assert_true (end_button == NULL || !gtk_widget_get_visible (end_button));
  /* Nothing can be planned in it, and the schedule page says why. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (find_expander (GTK_WIDGET (dialog),
                                                                       salve_modality_get_name (SALVE_MODALITY_TENS)))));
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "The course ended on "));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "plan.save", NULL);
  g_assert_true (salve_test_ui_wait (plan_dialog_closed, NULL, 2000));
  g_clear_pointer (&plan, salve_care_plan_free);
  plan = stored_plan (window, profile_id);
  g_assert_cmpint (g_date_compare (&plan->ended, &day), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* Escape (window.close) with changes not saved: asked, as the diary
 * entry asks; they went without a word. Unchanged, it closes at once. A
 * Return that reaches the window saves nothing: it saved and closed the
 * plan half set. */
static void
test_plan_dialog_discard (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPlanDiscard",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "plan-discard.db", NULL);
  gint64 profile_id = make_plan_diary (path, 20, TRUE);
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autofree char *complaint = NULL;
  SalveWindow *window;
  GtkWindow *dialog;
  GtkWindow *ask;
  GtkWidget *row;

  window = salve_test_ui_open_window (app, path, 1000, 800);
  plan = stored_plan (window, profile_id);
  complaint = g_strdup (plan->complaint);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.care-plan", NULL);
  salve_test_ui_iterate ();
  dialog = salve_test_ui_find_toplevel (SALVE_TYPE_CARE_PLAN_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_null (gtk_window_get_default_widget (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  g_assert_true (salve_test_ui_wait (plan_dialog_closed, NULL, 2000));
  g_assert_null (salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.care-plan", NULL);
  salve_test_ui_iterate ();
  dialog = salve_test_ui_find_toplevel (SALVE_TYPE_CARE_PLAN_DIALOG);
  /* The most a day is said where it holds (a 9 typed became 4 without a
   * word). */
  row = salve_test_ui_find (GTK_WIDGET (dialog), is_action_row_titled, "Sessions a day");
  g_assert_nonnull (row);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "At most "));

  row = salve_test_ui_find (GTK_WIDGET (dialog), is_entry_row_titled, "Complaint");
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "Pijn in de rechterknie");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  salve_test_ui_iterate ();
  ask = salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (ask)), ==, "discard");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "cancel");
  salve_test_ui_iterate ();
  g_assert_true (salve_test_ui_find_toplevel (SALVE_TYPE_CARE_PLAN_DIALOG) == dialog);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  salve_test_ui_iterate ();
  ask = salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "discard");
  g_assert_true (salve_test_ui_wait (plan_dialog_closed, NULL, 2000));
  g_clear_pointer (&plan, salve_care_plan_free);
  plan = stored_plan (window, profile_id);
  g_assert_cmpstr (plan->complaint, ==, complaint);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static gboolean
is_label_with (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

/* A change another program made while the dialog was open is not
 * written over by its Save: a therapist's three sessions a day, set with
 * salvectl, went back to the two the dialog had read (an outside look). */
static void
test_plan_dialog_changed_elsewhere (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPlanElsewhere",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "plan-elsewhere.db", NULL);
  gint64 profile_id = make_plan_diary (path, 20, TRUE);
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(GArray) schedules = NULL;
  SalveWindow *window;
  GtkWindow *dialog;
  GtkWidget *row;

  window = salve_test_ui_open_window (app, path, 1000, 800);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.care-plan", NULL);
  salve_test_ui_iterate ();
  dialog = salve_test_ui_find_toplevel (SALVE_TYPE_CARE_PLAN_DIALOG);
  g_assert_nonnull (dialog);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) other = salve_db_open (path, &error);
    SalveCareSchedule schedule;

    g_assert_no_error (error);
    g_assert_true (salve_care_schedule_get_default (SALVE_MODALITY_TENS, &schedule));
    schedule.per_day = 3;
    g_assert_true (salve_care_schedule_parse_times (&schedule, "08:00,13:00,20:00", &error));
    g_assert_true (salve_care_plan_repo_set_schedule (other, profile_id, &schedule, &error));
    g_assert_no_error (error);
  }

  row = salve_test_ui_find (GTK_WIDGET (dialog), is_entry_row_titled, "Complaint");
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "Pijn in de rechterknie");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "plan.save", NULL));
  salve_test_ui_iterate ();

  /* Refused, said, and the window stays with what was typed. */
  g_assert_true (salve_test_ui_find_toplevel (SALVE_TYPE_CARE_PLAN_DIALOG) == dialog);
  g_assert_nonnull (salve_test_ui_find (GTK_WIDGET (dialog), is_label_with,
                                        "The care plan was changed by another program while this window was open"));
  plan = stored_plan (window, profile_id);
  g_assert_cmpstr (plan->complaint, ==, "Neck pain");
  schedules = salve_care_plan_repo_list_schedules (salve_window_get_db (window), profile_id, NULL);
  g_assert_cmpuint (schedules->len, ==, 1);
  g_assert_cmpuint (g_array_index (schedules, SalveCareSchedule, 0).per_day, ==, 3);

  /* Opened again, it shows that change and saves over nothing unseen. */
  gtk_window_destroy (dialog);
  salve_test_ui_iterate ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.care-plan", NULL);
  salve_test_ui_iterate ();
  dialog = salve_test_ui_find_toplevel (SALVE_TYPE_CARE_PLAN_DIALOG);
  row = salve_test_ui_find (GTK_WIDGET (dialog), is_entry_row_titled, "Complaint");
  gtk_editable_set_text (GTK_EDITABLE (row), "Pijn in de rechterknie");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "plan.save", NULL));
  g_assert_true (salve_test_ui_wait (plan_dialog_closed, NULL, 2000));
  g_clear_pointer (&plan, salve_care_plan_free);
  plan = stored_plan (window, profile_id);
  g_assert_cmpstr (plan->complaint, ==, "Pijn in de rechterknie");
  g_clear_pointer (&schedules, g_array_unref);
  schedules = salve_care_plan_repo_list_schedules (salve_window_get_db (window), profile_id, NULL);
  g_assert_cmpuint (g_array_index (schedules, SalveCareSchedule, 0).per_day, ==, 3);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static void
test_plan_dialog (void)
{
  check_plan_dialog ("");
}

static void
test_plan_dialog_dutch (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("LANGUAGE", "nl", TRUE);
      check_plan_dialog ("-nl");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static gboolean
is_spin_named (GtkWidget     *widget,
               gconstpointer  data)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  return GTK_IS_SPIN_BUTTON (widget) && row != NULL &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), data) == 0;
}

static gboolean
is_switch_in_row (GtkWidget     *widget,
                  gconstpointer  data)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  return GTK_IS_SWITCH (widget) && row != NULL &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), data) == 0;
}

/* What the entry dialog's first frame held. */
typedef struct {
  SalveDiaryEntryDialog *dialog;
  int                    minute_rows;   /* -1 before the first frame */
  gboolean               note_mapped;
} FirstFrame;

static gboolean
is_minutes_spin (GtkWidget     *widget,
                 gconstpointer  data)
{
  /* An activity's minutes, not the clock's spin buttons. */
  return GTK_IS_SPIN_BUTTON (widget) && g_object_get_data (G_OBJECT (widget), "activity") != NULL;
}

static void
first_frame_cb (GdkFrameClock *frame_clock,
                FirstFrame    *first)
{
  GtkWidget *note = salve_test_ui_find_type (GTK_WIDGET (first->dialog), GTK_TYPE_TEXT_VIEW);

  if (first->minute_rows >= 0)
    return;
  first->minute_rows = salve_test_ui_find (GTK_WIDGET (first->dialog), is_minutes_spin, NULL) != NULL;
  first->note_mapped = note != NULL && gtk_widget_get_mapped (note);
}

/* The entry dialog records minutes per activity and the two flags, and
 * shows them again when the entry is edited. */
static void
test_entry_activities (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPlanEntry",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "entry.db", NULL);
  g_autoptr(GPtrArray) entries = NULL;
  SalveDiaryEntryDialog *dialog;
  SalveDiaryEntry *saved;
  SalveWindow *window;
  GtkWidget *spin, *button, *weakness, *numbness, *other;
  gint64 profile_id = make_plan_diary (path, 5, TRUE);

  window = salve_test_ui_open_window (app, path, 1000, 800);
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();

  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-diary-entry", NULL);
  dialog = salve_test_ui_wait_entry_dialog ();
  g_assert_nonnull (dialog);
  spin = salve_test_ui_find (GTK_WIDGET (dialog), is_spin_named, salve_activity_get_name ("cycling"));
  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 45);
  weakness = salve_test_ui_find (GTK_WIDGET (dialog), is_switch_in_row, "New weakness");
  numbness = salve_test_ui_find (GTK_WIDGET (dialog), is_switch_in_row, "Numbness");
  g_assert_nonnull (weakness);
  g_assert_nonnull (numbness);
  gtk_switch_set_active (GTK_SWITCH (weakness), TRUE);

  /* An activity of the person's own, by name. */
  other = salve_test_ui_find (GTK_WIDGET (dialog), is_entry_row_titled, "Another activity");
  g_assert_nonnull (other);
  gtk_editable_set_text (GTK_EDITABLE (other), "Tai chi");
  g_signal_emit_by_name (other, "apply");
  spin = salve_test_ui_find (GTK_WIDGET (dialog), is_spin_named, "tai-chi");
  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 20);
  gtk_editable_set_text (GTK_EDITABLE (other), "1 tai chi");
  g_signal_emit_by_name (other, "apply");
  g_assert_null (salve_test_ui_find (GTK_WIDGET (dialog), is_spin_named, "1-tai-chi"));

  button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_TOGGLE_BUTTON, "4");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  g_assert_true (salve_test_ui_wait (entry_dialog_closed, NULL, 2000));

  entries = salve_diary_repo_list (salve_window_get_db (window), profile_id, SALVE_DIARY_REPO_ANY_TIME_MIN,
                                   SALVE_DIARY_REPO_ANY_TIME_MAX, NULL);
  saved = g_ptr_array_index (entries, entries->len - 1);
  g_assert_cmpuint (salve_diary_entry_get_activity_minutes (saved, "cycling"), ==, 45);
  g_assert_cmpuint (salve_diary_entry_get_activity_minutes (saved, "tai-chi"), ==, 20);
  g_assert_cmpuint (salve_diary_entry_get_total_activity_minutes (saved), ==, 65);
  g_assert_true (salve_diary_entry_get_new_weakness (saved));
  g_assert_false (salve_diary_entry_get_numbness (saved));

  /* The new weakness is a warning sign, stated with its source. */
  salve_test_ui_iterate ();
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (find_summary (window)), GTK_TYPE_LABEL,
                                             salve_warning_sign_get_advice (SALVE_WARNING_NEW_WEAKNESS, NULL)));

  /* Edited, the dialog shows what was recorded. Its minutes come after
   * its first frame. */
  dialog = salve_diary_entry_dialog_new (GTK_WINDOW (window), salve_window_get_db (window), profile_id, saved);
  gtk_window_present (GTK_WINDOW (dialog));
  {
    FirstFrame first = { dialog, -1, TRUE };

    g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (dialog)), "after-paint",
                      G_CALLBACK (first_frame_cb), &first);
    g_assert_true (salve_test_ui_wait_entry_dialog () == dialog);
    g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (GTK_WIDGET (dialog)), &first);
    g_assert_cmpint (first.minute_rows, ==, 0);
    g_assert_false (first.note_mapped);
  }
  spin = salve_test_ui_find (GTK_WIDGET (dialog), is_spin_named, salve_activity_get_name ("cycling"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 45);
  spin = salve_test_ui_find (GTK_WIDGET (dialog), is_spin_named, "tai-chi");
  g_assert_nonnull (spin);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 20);
  weakness = salve_test_ui_find (GTK_WIDGET (dialog), is_switch_in_row, "New weakness");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (weakness)));
  salve_test_ui_screenshot (GTK_WIDGET (dialog), "diary-entry-activity");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Saved at once, before its minutes' rows are there, the entry keeps
   * its minutes and its flags. */
  dialog = salve_diary_entry_dialog_new (GTK_WINDOW (window), salve_window_get_db (window), profile_id, saved);
  g_assert_null (salve_test_ui_find (GTK_WIDGET (dialog), is_spin_named, salve_activity_get_name ("cycling")));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  salve_test_ui_iterate ();
  {
    g_autoptr(SalveDiaryEntry) again = salve_diary_repo_get (salve_window_get_db (window),
                                                             salve_diary_entry_get_id (saved), NULL);

    g_assert_nonnull (again);
    g_assert_cmpuint (salve_diary_entry_get_activity_minutes (again, "cycling"), ==, 45);
    g_assert_cmpuint (salve_diary_entry_get_activity_minutes (again, "tai-chi"), ==, 20);
    g_assert_true (salve_diary_entry_get_new_weakness (again));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* Fatigue and sleep beside pain: the row under the chart shows the days
 * with ratings, and stays away while there are none. */
static gboolean
has_height (gpointer data)
{
  return gtk_widget_get_height (GTK_WIDGET (data)) > 0;
}

static void
test_wellbeing_row (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPlanWellbeing",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "wellbeing.db", NULL);
  gint64 profile_id = make_plan_diary (path, 5, FALSE);
  SalveWindow *window;
  GtkWidget *view, *row;

  window = salve_test_ui_open_window (app, path, 1366, 768);
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  view = salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW);
  row = salve_test_ui_find_type (view, SALVE_TYPE_DIARY_WELLBEING);
  g_assert_nonnull (row);
  g_assert_cmpuint (salve_diary_wellbeing_get_n_days (SALVE_DIARY_WELLBEING (row)), ==, 0);
  g_assert_false (gtk_widget_get_visible (row));

  /* Three days rated, one of them twice. */
  for (int d = -3; d < 0; d++)
    {
      g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (profile_id);
      g_autoptr(GDateTime) at = today_at (d, 20, 0);

      salve_diary_entry_set_at (entry, at);
      salve_diary_entry_set_pain (entry, 4);
      salve_diary_entry_set_fatigue (entry, 6 + d);
      salve_diary_entry_set_sleep_quality (entry, 5);
      g_assert_true (salve_diary_repo_add (salve_window_get_db (window), entry, NULL));
      if (d == -1)
        {
          g_autoptr(GDateTime) later = today_at (d, 21, 0);

          salve_diary_entry_set_id (entry, 0);
          salve_diary_entry_set_at (entry, later);
          g_assert_true (salve_diary_repo_add (salve_window_get_db (window), entry, NULL));
        }
    }
  salve_window_refresh (window);
  salve_test_ui_iterate ();
  g_assert_cmpuint (salve_diary_wellbeing_get_n_days (SALVE_DIARY_WELLBEING (row)), ==, 3);
  g_assert_true (gtk_widget_get_visible (row));
  /* Laid out in the next frame. */
  g_assert_true (salve_test_ui_wait (has_height, row, 5000));
  salve_test_ui_screenshot (GTK_WIDGET (window), "diary-wellbeing");

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static gboolean
is_rating_in_row (GtkWidget     *widget,
                  gconstpointer  data)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  return SALVE_IS_RATING_BUTTON (widget) && row != NULL &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), data) == 0;
}

/* Chooses @rating (or "Not rated") in a rating's list, as a person does:
 * the button pops the list up on the rating it shows, a row is chosen,
 * the list goes and the button shows the choice. */
static void
choose_rating (GtkWidget *rating_button,
               int        rating)
{
  GtkWidget *button = salve_test_ui_find_type (rating_button, GTK_TYPE_MENU_BUTTON);
  g_autofree char *text = rating < 0 ? g_strdup (_("Not rated")) : g_strdup_printf ("%d", rating);
  GtkPopover *popover;
  GtkWidget *row, *focus;

  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_nonnull (popover);
  salve_test_ui_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  /* The focus is on the rating shown. */
  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (popover)));
  g_assert_true (GTK_IS_LIST_BOX_ROW (focus));
  g_assert_cmpint (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (focus)) - 1, ==,
                   salve_rating_button_get_rating (SALVE_RATING_BUTTON (rating_button)));

  row = gtk_widget_get_ancestor (salve_test_ui_find_text (GTK_WIDGET (popover), GTK_TYPE_LABEL, text),
                                 GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (row);
  gtk_widget_activate (row);
  salve_test_ui_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpint (salve_rating_button_get_rating (SALVE_RATING_BUTTON (rating_button)), ==, rating);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, text);
}

static SalveDiaryEntry *
latest_entry (SalveWindow *window,
              gint64       profile_id)
{
  g_autoptr(GPtrArray) entries = salve_diary_repo_list (salve_window_get_db (window), profile_id,
                                                        SALVE_DIARY_REPO_ANY_TIME_MIN,
                                                        SALVE_DIARY_REPO_ANY_TIME_MAX, NULL);

  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, >, 0);
  return g_object_ref (g_ptr_array_index (entries, entries->len - 1));
}

/* Stress beside fatigue and sleep: the entry dialog asks for it (0–10 or
 * not rated), saves it, shows it again when the entry is edited, and the
 * row under the chart draws it, also on a day with no other rating. */
static void
test_entry_stress (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPlanStress",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "stress.db", NULL);
  g_autoptr(SalveDiaryEntry) saved = NULL;
  gint64 profile_id = make_plan_diary (path, 5, FALSE);
  SalveDiaryEntryDialog *dialog;
  SalveDiaryWellbeing *row;
  SalveWindow *window;
  GtkWidget *stress, *fatigue, *sleep, *button, *view;
  gint64 id;

  window = salve_test_ui_open_window (app, path, 1366, 768);
  salve_window_show_view (window, "diary");
  salve_test_ui_iterate ();
  view = salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_DIARY_VIEW);
  row = SALVE_DIARY_WELLBEING (salve_test_ui_find_type (view, SALVE_TYPE_DIARY_WELLBEING));
  g_assert_nonnull (row);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (row)));

  /* A new entry with stress alone: not rated by default, beside fatigue
   * and sleep quality. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-diary-entry", NULL);
  dialog = salve_test_ui_wait_entry_dialog ();
  g_assert_nonnull (dialog);
  stress = salve_test_ui_find (GTK_WIDGET (dialog), is_rating_in_row, "Stress");
  fatigue = salve_test_ui_find (GTK_WIDGET (dialog), is_rating_in_row, "Fatigue");
  sleep = salve_test_ui_find (GTK_WIDGET (dialog), is_rating_in_row, "Sleep quality");
  g_assert_nonnull (stress);
  g_assert_nonnull (fatigue);
  g_assert_nonnull (sleep);
  g_assert_true (gtk_widget_get_parent (gtk_widget_get_ancestor (stress, ADW_TYPE_ACTION_ROW)) ==
                 gtk_widget_get_parent (gtk_widget_get_ancestor (fatigue, ADW_TYPE_ACTION_ROW)));
  g_assert_cmpint (salve_rating_button_get_rating (SALVE_RATING_BUTTON (stress)), ==, SALVE_DIARY_UNRATED);
  /* Its list is made when it first pops up. */
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (salve_test_ui_find_type (stress, GTK_TYPE_MENU_BUTTON))));
  choose_rating (stress, 8);
  salve_test_ui_screenshot (GTK_WIDGET (dialog), "diary-entry-stress");
  button = salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_TOGGLE_BUTTON, "4");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  g_assert_true (salve_test_ui_wait (entry_dialog_closed, NULL, 2000));

  saved = latest_entry (window, profile_id);
  id = salve_diary_entry_get_id (saved);
  g_assert_cmpint (salve_diary_entry_get_pain (saved), ==, 4);
  g_assert_cmpint (salve_diary_entry_get_stress (saved), ==, 8);
  g_assert_cmpint (salve_diary_entry_get_fatigue (saved), ==, SALVE_DIARY_UNRATED);
  g_assert_cmpint (salve_diary_entry_get_sleep_quality (saved), ==, SALVE_DIARY_UNRATED);

  salve_test_ui_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_assert_cmpuint (salve_diary_wellbeing_get_n_days (row), ==, 1);
  g_assert_cmpfloat_with_epsilon (salve_diary_wellbeing_get_mean (row, SALVE_WELLBEING_STRESS), 8.0, 1e-9);
  g_assert_true (isnan (salve_diary_wellbeing_get_mean (row, SALVE_WELLBEING_FATIGUE)));
  g_assert_true (isnan (salve_diary_wellbeing_get_mean (row, SALVE_WELLBEING_SLEEP)));

  /* Three names fit a wide row on one line; on a phone's width the
   * legend takes more lines, and the row asks for their height. */
  {
    int wide = 0, narrow = 0;

    gtk_widget_measure (GTK_WIDGET (row), GTK_ORIENTATION_VERTICAL, 1200, &wide, NULL, NULL, NULL);
    gtk_widget_measure (GTK_WIDGET (row), GTK_ORIENTATION_VERTICAL, 300, &narrow, NULL, NULL, NULL);
    g_assert_cmpint (narrow, >, wide);
  }

  /* Edited: the dialog shows stress 8; 2 and a fatigue of 6 are saved
   * over it, and the row follows. */
  dialog = salve_diary_entry_dialog_new (GTK_WINDOW (window), salve_window_get_db (window), profile_id, saved);
  gtk_window_present (GTK_WINDOW (dialog));
  stress = salve_test_ui_find (GTK_WIDGET (dialog), is_rating_in_row, "Stress");
  fatigue = salve_test_ui_find (GTK_WIDGET (dialog), is_rating_in_row, "Fatigue");
  g_assert_cmpint (salve_rating_button_get_rating (SALVE_RATING_BUTTON (stress)), ==, 8);
  choose_rating (stress, 2);
  choose_rating (fatigue, 6);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  g_assert_true (salve_test_ui_wait (entry_dialog_closed, NULL, 2000));
  g_clear_object (&saved);
  saved = salve_diary_repo_get (salve_window_get_db (window), id, NULL);
  g_assert_cmpint (salve_diary_entry_get_stress (saved), ==, 2);
  g_assert_cmpint (salve_diary_entry_get_fatigue (saved), ==, 6);

  salve_window_refresh (window);
  salve_test_ui_iterate ();
  g_assert_cmpuint (salve_diary_wellbeing_get_n_days (row), ==, 1);
  g_assert_cmpfloat_with_epsilon (salve_diary_wellbeing_get_mean (row, SALVE_WELLBEING_STRESS), 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (salve_diary_wellbeing_get_mean (row, SALVE_WELLBEING_FATIGUE), 6.0, 1e-9);
  salve_test_ui_screenshot (GTK_WIDGET (window), "diary-wellbeing-stress");

  /* "Not rated" clears it again. */
  dialog = salve_diary_entry_dialog_new (GTK_WINDOW (window), salve_window_get_db (window), profile_id, saved);
  gtk_window_present (GTK_WINDOW (dialog));
  stress = salve_test_ui_find (GTK_WIDGET (dialog), is_rating_in_row, "Stress");
  choose_rating (stress, SALVE_DIARY_UNRATED);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "entry.save", NULL);
  g_assert_true (salve_test_ui_wait (entry_dialog_closed, NULL, 2000));
  g_clear_object (&saved);
  saved = salve_diary_repo_get (salve_window_get_db (window), id, NULL);
  g_assert_cmpint (salve_diary_entry_get_stress (saved), ==, SALVE_DIARY_UNRATED);
  salve_window_refresh (window);
  salve_test_ui_iterate ();
  g_assert_true (isnan (salve_diary_wellbeing_get_mean (row, SALVE_WELLBEING_STRESS)));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

int
main (int    argc,
      char **argv)
{
  int ret;

  {
    g_autofree char *po = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);

    bindtextdomain (GETTEXT_PACKAGE, po);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);
  }

  salve_test_ui_init (&argc, &argv);
  tmpdir = salve_test_make_tmpdir ();

  g_test_add_func ("/ui/care-plan/pacing-shown", test_pacing_shown);
  g_test_add_func ("/ui/care-plan/pacing-not-shown", test_pacing_not_shown);
  g_test_add_func ("/ui/care-plan/warning-without-plan", test_warning_without_plan);
  g_test_add_func ("/ui/care-plan/dialog", test_plan_dialog);
  g_test_add_func ("/ui/care-plan/dialog-discard", test_plan_dialog_discard);
  g_test_add_func ("/ui/care-plan/dialog-changed-elsewhere", test_plan_dialog_changed_elsewhere);
  g_test_add_func ("/ui/care-plan/end-course", test_end_course);
  g_test_add_func ("/ui/care-plan/dialog-dutch", test_plan_dialog_dutch);
  g_test_add_func ("/ui/care-plan/entry-activities", test_entry_activities);
  g_test_add_func ("/ui/care-plan/wellbeing-row", test_wellbeing_row);
  g_test_add_func ("/ui/care-plan/entry-stress", test_entry_stress);

  ret = g_test_run ();
  salve_test_ui_shutdown ();
  salve_test_remove_tree (tmpdir);
  g_free (tmpdir);
  return ret;
}
