/* salve-care-plan-dialog.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-care-plan-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-care-plan-dialog.h"
#include "salve-discard.h"
#include "salve-care-plan-repo.h"
#include "salve-modality.h"
#include "salve-spin.h"
#include "salve-time.h"
#include "salve-tooltip.h"
#include "salve-when-row.h"
#include "salve-window.h"

/* One modality's schedule. */
typedef struct
{
  AdwExpanderRow *row;
  GtkSpinButton  *per_day;
  GtkSpinButton  *minutes;
  GtkWidget      *at_times;     /* its switch: the sessions have set times */
  GtkSwitch      *at_times_switch;
  GPtrArray      *time_rows;    /* a row per session, made when first needed */
  gboolean        stored;
} ScheduleRows;

/* One activity's weekly target. */
typedef struct
{
  const char     *activity;
  AdwExpanderRow *row;
  SalveWhenRow   *week;
  GtkSpinButton  *minutes;
  GtkSpinButton  *step;
  gboolean        stored;
  int             prefilled;    /* the minutes read from the diary, or -1 */
} TargetRows;

struct _SalveCarePlanDialog
{
  AdwWindow       parent_instance;

  SalveDb        *db;
  gint64          profile_id;
  gboolean        has_plan;
  /* What was stored when the window read it: a change by another
   * program since is not written over (salve_care_plan_repo_fingerprint()). */
  char           *fingerprint;
  GtkLabel       *whose_label;

  AdwViewStack   *stack;
  GtkLabel       *error_label;
  SalveWhenRow   *start_row;
  AdwEntryRow    *complaint_row;
  AdwComboRow    *site_row;
  AdwComboRow    *course_row;
  AdwEntryRow    *therapist_row;
  AdwPreferencesGroup *history_group;
  AdwPreferencesGroup *course_group;   /* ending the course, or that it ended */
  AdwPreferencesGroup *schedule_group;
  AdwActionRow   *course_row_end;
  GtkWidget      *end_button;
  GDate           ended;          /* the stored course's last day; cleared while it runs */
  ScheduleRows    schedules[SALVE_N_MODALITIES];
  TargetRows     *targets;
  guint           n_targets;
  GDate           start_shown;   /* the start date the new targets follow */
  gboolean        changed;       /* something was changed since it opened */
  gboolean        closing;       /* saved, ended, or given up: no question */
};

G_DEFINE_FINAL_TYPE (SalveCarePlanDialog, salve_care_plan_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
show_error (SalveCarePlanDialog *self,
            const char          *page,
            GtkWidget           *focus,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (page != NULL)
    adw_view_stack_set_visible_child_name (self->stack, page);
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
}

static GtkSpinButton *
add_spin_row (AdwExpanderRow *expander,
              const char     *title,
              const char     *subtitle,
              double          min,
              double          max,
              double          value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  salve_spin_button_read_strictly (GTK_SPIN_BUTTON (spin));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_expander_row_add_row (expander, row);
  return GTK_SPIN_BUTTON (spin);
}

/* Session @i's time when @n_sessions are spread over the day, 08:00 to
 * 20:00, in minutes after midnight. */
static guint
default_time (guint i,
              guint n_sessions)
{
  return 8 * 60 + (n_sessions > 1 ? i * (12 * 60) / (n_sessions - 1) : 0);
}

static void
set_session_time (GtkWidget *row,
                  guint      minutes)
{
  gtk_spin_button_set_value (g_object_get_data (G_OBJECT (row), "hour"), minutes / 60);
  gtk_spin_button_set_value (g_object_get_data (G_OBJECT (row), "minute"), minutes % 60);
}

static guint
get_session_time (GtkWidget *row)
{
  return 60 * gtk_spin_button_get_value_as_int (g_object_get_data (G_OBJECT (row), "hour")) +
         gtk_spin_button_get_value_as_int (g_object_get_data (G_OBJECT (row), "minute"));
}

/* "Session 1 at 08:00": an hour and a minute, each a clock's two digits. */
static GtkWidget *
make_session_row (guint i)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *hour = salve_clock_spin_new (23, _("Hour"));
  GtkWidget *minute = salve_clock_spin_new (59, _("Minute"));
  /* Translators: a time row in a care plan's schedule, "Session 2" */
  g_autofree char *title = g_strdup_printf (_("Session %u"), i + 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), hour);
  /* Translators: between the hour and the minute of a time of day */
  gtk_box_append (GTK_BOX (box), gtk_label_new (C_("time", ":")));
  gtk_box_append (GTK_BOX (box), minute);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), hour);
  g_object_set_data (G_OBJECT (row), "hour", hour);
  g_object_set_data (G_OBJECT (row), "minute", minute);
  return row;
}

/* A row per session a day while the sessions have set times: made when
 * first needed, at times spread over the day, and kept (with what was
 * chosen) when the sessions become fewer. */
static void
update_session_rows (ScheduleRows *rows)
{
  guint n = gtk_switch_get_active (rows->at_times_switch) ? (guint) gtk_spin_button_get_value_as_int (rows->per_day)
                                                          : 0;

  for (guint i = rows->time_rows->len; i < n; i++)
    {
      GtkWidget *row = make_session_row (i);

      set_session_time (row, default_time (i, n));
      adw_expander_row_add_row (rows->row, row);
      g_ptr_array_add (rows->time_rows, row);
    }
  for (guint i = 0; i < rows->time_rows->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (rows->time_rows, i), i < n);
}

static GtkWidget *
add_page (SalveCarePlanDialog *self,
          const char          *name,
          const char          *title,
          const char          *icon_name)
{
  GtkWidget *page = adw_preferences_page_new ();
  AdwViewStackPage *stack_page = adw_view_stack_add_titled (self->stack, page, name, title);

  adw_view_stack_page_set_icon_name (stack_page, icon_name);
  adw_view_stack_page_set_use_underline (stack_page, TRUE);
  return page;
}

/* The plan itself: start, complaint, site, course, therapist. */
static void
build_plan_page (SalveCarePlanDialog *self)
{
  GtkWidget *page = add_page (self, "plan", _("_Plan"), "x-office-calendar-symbolic");
  GtkWidget *group = adw_preferences_group_new ();
  g_autoptr(GtkStringList) sites = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) courses = gtk_string_list_new (NULL);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Care Plan"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The start date anchors the diary’s baseline (its first seven days), "
                                           "the weeks and the recovery phases."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  self->start_row = SALVE_WHEN_ROW (salve_when_row_new_date (_("_Start date")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->start_row));

  self->complaint_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->complaint_row), _("Complaint"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->complaint_row));

  /* Translators: the body site of a care plan, when none is chosen */
  gtk_string_list_append (sites, _("Not given"));
  for (int s = 0; s < SALVE_N_SITES; s++)
    gtk_string_list_append (sites, salve_site_get_name (s));
  self->site_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->site_row), _("Where"));
  adw_combo_row_set_model (self->site_row, G_LIST_MODEL (sites));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->site_row));

  gtk_string_list_append (courses, _("About 12 weeks"));
  gtk_string_list_append (courses, _("One to three years"));
  self->course_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->course_row), _("Expected course"));
  adw_combo_row_set_model (self->course_row, G_LIST_MODEL (courses));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->course_row));

  self->therapist_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->therapist_row), _("Therapist (if any)"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->therapist_row));

  /* The end of the course, after the review with the therapist. */
  self->course_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->course_group), FALSE);
  self->course_row_end = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->course_row_end), _("End of the Course"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->course_row_end),
                               _("After the review with your therapist: no session is planned or reminded of any "
                                 "more. The diary goes on."));
  self->end_button = gtk_button_new_with_mnemonic (_("_End Course…"));
  gtk_widget_set_valign (self->end_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->end_button, "destructive-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->end_button), "plan.end");
  adw_action_row_add_suffix (self->course_row_end, self->end_button);
  adw_preferences_group_add (self->course_group, GTK_WIDGET (self->course_row_end));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->course_group);

  self->history_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->history_group, _("Start Date History"));
  gtk_widget_set_visible (GTK_WIDGET (self->history_group), FALSE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->history_group);
}

/* Per modality: how often a day, how long, at which times. */
static void
build_schedule_page (SalveCarePlanDialog *self)
{
  GtkWidget *page = add_page (self, "schedule", _("_Schedule"), "alarm-symbolic");
  GtkWidget *group = adw_preferences_group_new ();

  self->schedule_group = ADW_PREFERENCES_GROUP (group);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Sessions"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Switch on what you use. The first values are the sources’ advice: "
                                           "TENS 2 times a day 30 minutes (2–4 times), NMES 2 times a day 40 minutes, "
                                           "laser at most once a day per area. Reminders come at the times given."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  for (int m = 0; m < SALVE_N_MODALITIES; m++)
    {
      ScheduleRows *rows = &self->schedules[m];
      SalveCareSchedule schedule;
      gboolean sourced = salve_care_schedule_get_default (m, &schedule);

      if (!sourced)
        {
          schedule.per_day = 1;
          schedule.minutes = 30;
        }
      rows->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->row), salve_modality_get_name (m));
      if (!sourced)
        adw_expander_row_set_subtitle (rows->row,
                                       _("The sources give no schedule: follow the device manual or your therapist."));
      adw_expander_row_set_show_enable_switch (rows->row, TRUE);
      adw_expander_row_set_enable_expansion (rows->row, FALSE);
      {
        guint most = salve_care_schedule_get_max_per_day (m);
        /* Said where it holds: a 9 typed became 4 without a word. */
        g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "At most %u a day",
                                                                  "At most %u a day", most), most);

        rows->per_day = add_spin_row (rows->row, _("Sessions a day"), subtitle, 1, most, schedule.per_day);
      }
      rows->minutes = add_spin_row (rows->row, _("Minutes a session"),
                                    m == SALVE_MODALITY_LASER ? _("0: the dose sets the time") : NULL,
                                    m == SALVE_MODALITY_LASER ? 0 : 1, SALVE_MAX_SESSION_MINUTES,
                                    schedule.minutes);
      rows->at_times = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->at_times), _("At set times"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (rows->at_times), _("Salve reminds you at each one"));
      rows->at_times_switch = GTK_SWITCH (gtk_switch_new ());
      gtk_widget_set_valign (GTK_WIDGET (rows->at_times_switch), GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (rows->at_times_switch), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("At set times"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (rows->at_times), GTK_WIDGET (rows->at_times_switch));
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (rows->at_times), GTK_WIDGET (rows->at_times_switch));
      adw_expander_row_add_row (rows->row, rows->at_times);
      rows->time_rows = g_ptr_array_new ();
      g_signal_connect_swapped (rows->at_times_switch, "notify::active", G_CALLBACK (update_session_rows), rows);
      g_signal_connect_swapped (rows->per_day, "value-changed", G_CALLBACK (update_session_rows), rows);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (rows->row));
    }
}

/* Per activity: the baseline week and the weekly step. */
static void
build_activity_page (SalveCarePlanDialog *self)
{
  GtkWidget *page = add_page (self, "activity", _("_Activity"), "emblem-synchronizing-symbolic");
  GtkWidget *group = adw_preferences_group_new ();
  const char * const *ids = salve_activity_get_builtin_ids ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Weekly Activity Targets"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Build up gradually: the minutes of a baseline week, then a little more "
                                           "each week (10 percent unless your therapist says otherwise). After a week in "
                                           "which pain or fatigue needed rest, the target stays where it was."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  self->n_targets = g_strv_length ((char **) ids);
  self->targets = g_new0 (TargetRows, self->n_targets);
  for (guint i = 0; i < self->n_targets; i++)
    {
      TargetRows *rows = &self->targets[i];

      rows->activity = ids[i];
      rows->prefilled = -1;
      rows->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->row), salve_activity_get_name (ids[i]));
      adw_expander_row_set_show_enable_switch (rows->row, TRUE);
      adw_expander_row_set_enable_expansion (rows->row, FALSE);
      rows->week = SALVE_WHEN_ROW (salve_when_row_new_date (_("Baseline week starts")));
      /* It starts with the plan unless the person says otherwise. */
      salve_when_row_set_now_visible (rows->week, FALSE);
      adw_expander_row_add_row (rows->row, GTK_WIDGET (rows->week));
      rows->minutes = add_spin_row (rows->row, _("Minutes in the baseline week"), NULL, 0,
                                    7 * SALVE_ACTIVITY_MAX_MINUTES, 0);
      rows->step = add_spin_row (rows->row, _("Weekly step (%)"), NULL, 0, SALVE_ACTIVITY_MAX_STEP_PERCENT,
                                 SALVE_ACTIVITY_DEFAULT_STEP_PERCENT);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (rows->row));
    }
}

/* Ending is offered for a course under way; an ended one says when. */
static void
show_course_end (SalveCarePlanDialog *self,
                 const SalveCarePlan *plan)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  salve_time_get_date (now, &today);
  if (g_date_valid (&plan->ended))
    {
      g_autofree char *day = salve_time_format_gdate (&plan->ended);
      /* Translators: the day the course ended, like "Mon 7 Dec 2026" */
      g_autofree char *title = g_strdup_printf (_("The course ended on %s"), day);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->course_row_end), title);
      adw_action_row_set_subtitle (self->course_row_end,
                                   _("No session is planned in it any more. Its start can move no later "
                                     "than that day."));
      gtk_widget_set_visible (self->end_button, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->course_group), TRUE);
      /* Nothing can be planned in it: said where it would be. */
      {
        /* Translators: the day the course ended, like "Mon 7 Dec 2026" */
        g_autofree char *none = g_strdup_printf (_("The course ended on %s: no session is planned in it any more."),
                                                 day);

        adw_preferences_group_set_description (self->schedule_group, none);
      }
      for (int m = 0; m < SALVE_N_MODALITIES; m++)
        gtk_widget_set_sensitive (GTK_WIDGET (self->schedules[m].row), FALSE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->course_group), g_date_compare (&today, &plan->start) >= 0);
}

/* What the Undo of an ended course needs, once the dialog is gone. */
typedef struct
{
  SalveDb *db;
  gint64   profile_id;
} EndUndo;

static void
end_undo_free (gpointer data,
               GClosure *closure)
{
  EndUndo *undo = data;

  g_clear_object (&undo->db);
  g_free (undo);
}

static void
on_end_undo (AdwToast *toast,
             EndUndo  *undo)
{
  SalveWindow *window = g_object_get_data (G_OBJECT (toast), "window");
  g_autoptr(GError) error = NULL;

  if (!salve_care_plan_repo_undo_end (undo->db, undo->profile_id, &error))
    {
      if (window != NULL)
        salve_window_add_toast (window, adw_toast_new (error->message));
      return;
    }
  if (window != NULL)
    salve_window_refresh (window);
}

/* A toast on the window, with Undo: ending is one click away from a
 * mistake, and undoing it is cheap. */
static void
offer_end_undo (SalveCarePlanDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  EndUndo *undo;
  AdwToast *toast;

  if (!SALVE_IS_WINDOW (parent))
    return;
  undo = g_new0 (EndUndo, 1);
  undo->db = g_object_ref (self->db);
  undo->profile_id = self->profile_id;
  toast = adw_toast_new (_("The course ended today"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (toast), "window", parent);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_end_undo), undo, end_undo_free, 0);
  salve_window_add_toast (SALVE_WINDOW (parent), toast);
}

static gboolean
close_in_idle (gpointer data)
{
  /* The course's end was asked for and stored: nothing more to ask. */
  SALVE_CARE_PLAN_DIALOG (data)->closing = TRUE;
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
end_response_cb (AdwMessageDialog    *dialog,
                 const char          *response,
                 SalveCarePlanDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "end") != 0)
    return;
  if (!salve_care_plan_repo_end (self->db, self->profile_id, NULL, &error))
    {
      show_error (self, "plan", NULL, error->message);
      return;
    }
  g_signal_emit (self, signals [SAVED], 0);
  offer_end_undo (self);
  /* Once the question has gone: it belongs to this window. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_in_idle, g_object_ref (self), g_object_unref);
}

static void
end_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SalveCarePlanDialog *self = SALVE_CARE_PLAN_DIALOG (widget);
  GtkWidget *dialog;

  if (!self->has_plan || g_date_valid (&self->ended))
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("End the Course?"),
                                   _("Do this after the review with your therapist. Salve plans and reminds of no "
                                     "more sessions, and shows the week the course ended in. The diary, the "
                                     "sessions and this plan stay. Changes not saved here are not kept."));
  gtk_widget_set_name (dialog, "end-course");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "end", _("_End Course"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "end", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (end_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
load (SalveCarePlanDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(GArray) schedules = NULL;
  g_autoptr(GArray) targets = NULL;
  g_autoptr(GPtrArray) starts = NULL;
  GDate start;

  /* Read first: anything stored after it shows as a change at Save. */
  g_free (self->fingerprint);
  self->fingerprint = salve_care_plan_repo_fingerprint (self->db, self->profile_id, NULL);
  plan = salve_care_plan_repo_get (self->db, self->profile_id, &error);

  if (plan == NULL && !g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND))
    {
      show_error (self, NULL, NULL, error->message);
      return;
    }
  g_clear_error (&error);

  self->has_plan = plan != NULL;
  g_date_clear (&self->ended, 1);
  if (plan != NULL)
    {
      SalveSite site;

      start = plan->start;
      self->ended = plan->ended;
      show_course_end (self, plan);
      gtk_editable_set_text (GTK_EDITABLE (self->complaint_row), plan->complaint);
      gtk_editable_set_text (GTK_EDITABLE (self->therapist_row), plan->therapist);
      if (salve_site_from_id (plan->site, &site))
        adw_combo_row_set_selected (self->site_row, (guint) site + 1);
      adw_combo_row_set_selected (self->course_row, plan->course);
    }
  else
    {
      /* A new plan starts today unless the person says otherwise. */
      salve_when_row_get_date (self->start_row, &start);
    }
  salve_when_row_set_date (self->start_row, &start);
  self->start_shown = start;

  starts = salve_care_plan_repo_list_starts (self->db, self->profile_id, NULL);
  if (starts != NULL && starts->len > 1)
    {
      for (guint i = 0; i < starts->len; i++)
        {
          SalveCarePlanStart *s = g_ptr_array_index (starts, i);
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *new_start = salve_time_format_stored_date (s->new_start);
          g_autofree char *changed = salve_time_format_stored_date (s->changed_at);
          g_autofree char *title = NULL;
          g_autofree char *subtitle = NULL;

          if (s->old_start == NULL)
            /* Translators: the first start date of a plan */
            title = g_strdup_printf (_("Started on %s"), new_start);
          else
            {
              g_autofree char *old_start = salve_time_format_stored_date (s->old_start);

              /* Translators: old and new start date */
              title = g_strdup_printf (_("Moved from %s to %s"), old_start, new_start);
            }
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          /* Translators: when the start date was changed */
          subtitle = g_strdup_printf (_("Changed %s"), changed);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          adw_preferences_group_add (self->history_group, row);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->history_group), TRUE);
    }

  schedules = salve_care_plan_repo_list_schedules (self->db, self->profile_id, NULL);
  for (guint i = 0; schedules != NULL && i < schedules->len; i++)
    {
      const SalveCareSchedule *schedule = &g_array_index (schedules, SalveCareSchedule, i);
      ScheduleRows *rows = &self->schedules[schedule->modality];

      rows->stored = TRUE;
      adw_expander_row_set_enable_expansion (rows->row, TRUE);
      gtk_spin_button_set_value (rows->per_day, schedule->per_day);
      gtk_spin_button_set_value (rows->minutes, schedule->minutes);
      gtk_switch_set_active (rows->at_times_switch, schedule->n_times > 0);
      for (guint t = 0; t < schedule->n_times && t < rows->time_rows->len; t++)
        set_session_time (g_ptr_array_index (rows->time_rows, t), schedule->times[t]);
    }

  targets = salve_care_plan_repo_list_targets (self->db, self->profile_id, NULL);
  for (guint t = 0; t < self->n_targets; t++)
    {
      TargetRows *rows = &self->targets[t];

      salve_when_row_set_date (rows->week, &start);
      for (guint i = 0; targets != NULL && i < targets->len; i++)
        {
          const SalveActivityTarget *target = &g_array_index (targets, SalveActivityTarget, i);

          if (g_strcmp0 (target->activity, rows->activity) != 0)
            continue;
          rows->stored = TRUE;
          adw_expander_row_set_enable_expansion (rows->row, TRUE);
          salve_when_row_set_date (rows->week, &target->baseline_week);
          gtk_spin_button_set_value (rows->minutes, target->baseline_minutes);
          gtk_spin_button_set_value (rows->step, target->step_percent);
        }
    }
}

/* The diary's minutes of the activity in the baseline week, as the
 * first value of a new target. */
static void
target_enabled_cb (GObject    *row,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  SalveCarePlanDialog *self = user_data;

  for (guint t = 0; t < self->n_targets; t++)
    {
      TargetRows *rows = &self->targets[t];
      GDate week;
      g_autoptr(GDateTime) from = NULL;
      g_autoptr(GDateTime) to = NULL;
      gint64 minutes;

      if (G_OBJECT (rows->row) != row || rows->stored ||
          !adw_expander_row_get_enable_expansion (rows->row) ||
          gtk_spin_button_get_value_as_int (rows->minutes) != 0)
        continue;
      salve_when_row_get_date (rows->week, &week);
      from = g_date_time_new_local (g_date_get_year (&week), g_date_get_month (&week), g_date_get_day (&week), 0, 0, 0);
      to = from != NULL ? g_date_time_add_days (from, 7) : NULL;
      if (to == NULL)
        continue;
      minutes = salve_care_plan_repo_sum_activity (self->db, self->profile_id, rows->activity,
                                                   g_date_time_to_unix (from), g_date_time_to_unix (to), NULL);
      if (minutes > 0)
        {
          gtk_spin_button_set_value (rows->minutes, (double) minutes);
          rows->prefilled = gtk_spin_button_get_value_as_int (rows->minutes);
        }
    }
}

/* A new target's baseline week is the plan's start week unless the person
 * chose another: it follows the start date chosen in the dialog, and so do
 * the minutes read from the diary for it (they stayed at the day the
 * dialog opened, and were stored so). */
static void
start_changed_cb (SalveCarePlanDialog *self)
{
  GDate start;

  salve_when_row_get_date (self->start_row, &start);
  if (!g_date_valid (&start))
    return;
  if (!g_date_valid (&self->start_shown))
    {
      self->start_shown = start;
      return;
    }
  if (g_date_compare (&start, &self->start_shown) == 0)
    return;

  for (guint t = 0; t < self->n_targets; t++)
    {
      TargetRows *rows = &self->targets[t];
      GDate week;

      salve_when_row_get_date (rows->week, &week);
      if (rows->stored || g_date_compare (&week, &self->start_shown) != 0)
        continue;
      salve_when_row_set_date (rows->week, &start);
      /* Minutes the person typed stay; none, or the diary's, are read
       * again for the new week. */
      if (gtk_spin_button_get_value_as_int (rows->minutes) == 0 ||
          (rows->prefilled >= 0 && gtk_spin_button_get_value_as_int (rows->minutes) == rows->prefilled))
        {
          gtk_spin_button_set_value (rows->minutes, 0);
          rows->prefilled = -1;
          target_enabled_cb (G_OBJECT (rows->row), NULL, self);
        }
    }
  self->start_shown = start;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalveCarePlanDialog *self = SALVE_CARE_PLAN_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveCarePlan) plan = NULL;
  SalveCareSchedule schedules[SALVE_N_MODALITIES];
  g_autofree SalveActivityTarget *targets = g_new0 (SalveActivityTarget, self->n_targets);
  GDate start;
  guint site;

  /* Everything is checked before anything is stored. */
  salve_when_row_get_date (self->start_row, &start);
  plan = salve_care_plan_new (&start);
  plan->profile_id = self->profile_id;
  g_free (plan->complaint);
  plan->complaint = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->complaint_row))));
  g_free (plan->therapist);
  plan->therapist = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->therapist_row))));
  site = adw_combo_row_get_selected (self->site_row);
  g_free (plan->site);
  plan->site = g_strdup (site >= 1 && site <= SALVE_N_SITES ? salve_site_to_id (site - 1) : "");
  plan->course = adw_combo_row_get_selected (self->course_row) == 1 ? SALVE_CARE_COURSE_LONG
                                                                     : SALVE_CARE_COURSE_NORMAL;
  /* An ended course stays ended (and its start no later than its end). */
  plan->ended = self->ended;
  if (!salve_care_plan_validate (plan, &error))
    {
      show_error (self, "plan", NULL, error->message);
      return;
    }

  for (int m = 0; m < SALVE_N_MODALITIES; m++)
    {
      ScheduleRows *rows = &self->schedules[m];

      memset (&schedules[m], 0, sizeof schedules[m]);
      if (!adw_expander_row_get_enable_expansion (rows->row))
        continue;
      schedules[m].modality = m;
      schedules[m].per_day = gtk_spin_button_get_value_as_int (rows->per_day);
      schedules[m].minutes = gtk_spin_button_get_value_as_int (rows->minutes);
      /* A time for each session, in the order of the day whatever the
       * order of the rows. */
      if (gtk_switch_get_active (rows->at_times_switch))
        {
          schedules[m].n_times = MIN ((guint) schedules[m].per_day, rows->time_rows->len);
          for (guint t = 0; t < schedules[m].n_times; t++)
            schedules[m].times[t] = get_session_time (g_ptr_array_index (rows->time_rows, t));
          salve_care_schedule_sort_times (&schedules[m]);
        }
      if (!salve_care_schedule_validate (&schedules[m], &error))
        {
          g_autofree char *message = g_strdup_printf ("%s: %s", salve_modality_get_name (m), error->message);

          adw_expander_row_set_expanded (rows->row, TRUE);
          show_error (self, "schedule", rows->at_times, message);
          return;
        }
    }

  for (guint t = 0; t < self->n_targets; t++)
    {
      TargetRows *rows = &self->targets[t];

      if (!adw_expander_row_get_enable_expansion (rows->row))
        continue;
      g_strlcpy (targets[t].activity, rows->activity, sizeof targets[t].activity);
      targets[t].baseline_minutes = gtk_spin_button_get_value_as_int (rows->minutes);
      targets[t].step_percent = gtk_spin_button_get_value (rows->step);
      salve_when_row_get_date (rows->week, &targets[t].baseline_week);
      if (!salve_activity_target_validate (&targets[t], &error))
        {
          g_autofree char *message = g_strdup_printf ("%s: %s", salve_activity_get_name (rows->activity),
                                                      error->message);

          adw_expander_row_set_expanded (rows->row, TRUE);
          show_error (self, "activity", GTK_WIDGET (rows->week), message);
          return;
        }
    }

  if (!salve_db_begin (self->db, &error))
    goto failed;
  /* Another program (salvectl, a second window) changed the plan since
   * this window read it: written back, its change would be lost without
   * a word, a therapist's new schedule among them. */
  {
    g_autofree char *now = salve_care_plan_repo_fingerprint (self->db, self->profile_id, &error);

    if (now == NULL)
      goto failed;
    if (self->fingerprint == NULL || g_strcmp0 (now, self->fingerprint) != 0)
      {
        salve_db_rollback (self->db);
        show_error (self, NULL, NULL,
                    _("The care plan was changed by another program while this window was open, so nothing "
                      "was saved: that change would have been lost. Close this window and open the care plan "
                      "again to see it, then make your changes there."));
        return;
      }
  }
  if (!salve_care_plan_repo_save (self->db, plan, &error))
    goto failed;
  for (int m = 0; m < SALVE_N_MODALITIES; m++)
    {
      if (schedules[m].per_day > 0)
        {
          if (!salve_care_plan_repo_set_schedule (self->db, self->profile_id, &schedules[m], &error))
            goto failed;
        }
      else if (self->schedules[m].stored &&
               !salve_care_plan_repo_remove_schedule (self->db, self->profile_id, m, &error))
        goto failed;
    }
  for (guint t = 0; t < self->n_targets; t++)
    {
      if (targets[t].activity[0] != '\0')
        {
          if (!salve_care_plan_repo_set_target (self->db, self->profile_id, &targets[t], &error))
            goto failed;
        }
      else if (self->targets[t].stored &&
               !salve_care_plan_repo_remove_target (self->db, self->profile_id, self->targets[t].activity, &error))
        goto failed;
    }
  if (!salve_db_commit (self->db, &error))
    goto failed;

  g_signal_emit (self, signals [SAVED], 0);
  self->closing = TRUE;
  gtk_window_close (GTK_WINDOW (self));
  return;

failed:
  salve_db_rollback (self->db);
  show_error (self, NULL, NULL, error->message);
}

static void
salve_care_plan_dialog_dispose (GObject *object)
{
  SalveCarePlanDialog *self = (SalveCarePlanDialog *)object;

  g_clear_object (&self->db);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->targets, g_free);

  for (int m = 0; m < SALVE_N_MODALITIES; m++)
    g_clear_pointer (&self->schedules[m].time_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (salve_care_plan_dialog_parent_class)->dispose (object);
}

static void
plan_discarded (GtkWindow *window)
{
  SALVE_CARE_PLAN_DIALOG (window)->closing = TRUE;
  gtk_window_close (window);
}

/* Escape, Cancel or the window closed with changes not saved: asked, as
 * the diary entry asks. They went without a word. */
static gboolean
salve_care_plan_dialog_close_request (GtkWindow *window)
{
  SalveCarePlanDialog *self = SALVE_CARE_PLAN_DIALOG (window);

  if (self->closing || !self->changed)
    return GTK_WINDOW_CLASS (salve_care_plan_dialog_parent_class)->close_request (window);

  salve_ask_discard (window, _("Discard the Changes?"), _("The care plan stays as it was."), plan_discarded);
  return TRUE;
}

static void
mark_changed (SalveCarePlanDialog *self)
{
  self->changed = TRUE;
}

/* Every value the person can change under @widget marks the plan
 * changed; rows made later (a session's time, once a day's number
 * changes) follow a change already marked. */
static void
watch_changes (SalveCarePlanDialog *self,
               GtkWidget           *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SPIN_BUTTON (child))
        g_signal_connect_swapped (child, "value-changed", G_CALLBACK (mark_changed), self);
      else if (GTK_IS_EDITABLE (child))
        g_signal_connect_swapped (child, "changed", G_CALLBACK (mark_changed), self);
      else if (ADW_IS_COMBO_ROW (child))
        g_signal_connect_swapped (child, "notify::selected", G_CALLBACK (mark_changed), self);
      else if (ADW_IS_EXPANDER_ROW (child))
        g_signal_connect_swapped (child, "notify::enable-expansion", G_CALLBACK (mark_changed), self);
      else if (GTK_IS_SWITCH (child))
        g_signal_connect_swapped (child, "notify::active", G_CALLBACK (mark_changed), self);
      else if (SALVE_IS_WHEN_ROW (child))
        g_signal_connect_swapped (child, "notify::when", G_CALLBACK (mark_changed), self);
      watch_changes (self, child);
    }
}

static void
salve_care_plan_dialog_class_init (SalveCarePlanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = salve_care_plan_dialog_dispose;
  window_class->close_request = salve_care_plan_dialog_close_request;

  signals [SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "plan.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "plan.end", NULL, end_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "plan.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "plan.save", NULL);
}

/* The start date first, not Cancel, the header bar's first button:
 * Return then never throws the plan away. */
static void
focus_start (GtkWidget *widget,
             gpointer   data)
{
  gtk_widget_child_focus (GTK_WIDGET (SALVE_CARE_PLAN_DIALOG (widget)->start_row), GTK_DIR_TAB_FORWARD);
}

static void
salve_care_plan_dialog_init (SalveCarePlanDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *title = adw_view_switcher_title_new ();
  GtkWidget *bar = adw_view_switcher_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));

  gtk_window_set_title (GTK_WINDOW (self), _("Care Plan"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 600, 560);
  gtk_widget_set_size_request (GTK_WIDGET (self), 340, 400);

  self->stack = ADW_VIEW_STACK (adw_view_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);

  adw_view_switcher_title_set_stack (ADW_VIEW_SWITCHER_TITLE (title), self->stack);
  adw_view_switcher_title_set_title (ADW_VIEW_SWITCHER_TITLE (title), _("Care Plan"));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "plan.save");
  salve_tooltip_set_text (save, _("Save the care plan (Ctrl+S)"));
  gtk_widget_add_css_class (save, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  /* No default widget: Return on a schedule's row saved and closed the
   * whole plan, half set. Ctrl+S and Ctrl+Return save. */

  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (bar), self->stack);
  g_object_bind_property (title, "title-visible", bar, "reveal", G_BINDING_SYNC_CREATE);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->error_label), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  /* Whose plan: opened from a row under Patients, the window's header
   * names the active person, who may be another one. */
  self->whose_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->whose_label, TRUE);
  gtk_label_set_justify (self->whose_label, GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_start (GTK_WIDGET (self->whose_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->whose_label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->whose_label), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->whose_label), "heading");
  gtk_widget_set_name (GTK_WIDGET (self->whose_label), "whose");
  gtk_widget_set_visible (GTK_WIDGET (self->whose_label), FALSE);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->whose_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  gtk_box_append (GTK_BOX (box), bar);
  adw_window_set_content (ADW_WINDOW (self), box);

  build_plan_page (self);
  build_schedule_page (self);
  build_activity_page (self);
  g_signal_connect (self, "map", G_CALLBACK (focus_start), NULL);
}

SalveCarePlanDialog *
salve_care_plan_dialog_new (GtkWindow  *parent,
                            SalveDb    *db,
                            gint64      profile_id,
                            const char *patient_name)
{
  SalveCarePlanDialog *self;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  self = g_object_new (SALVE_TYPE_CARE_PLAN_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  self->profile_id = profile_id;
  if (patient_name != NULL && *patient_name)
    {
      /* Translators: the care plan dialog's title, %s the patient's name */
      g_autofree char *title = g_strdup_printf (_("Care Plan for %s"), patient_name);

      gtk_window_set_title (GTK_WINDOW (self), title);
      /* The header shows the pages' switcher, not the title: said above them. */
      gtk_label_set_text (self->whose_label, title);
      gtk_widget_set_visible (GTK_WIDGET (self->whose_label), TRUE);
    }
  load (self);
  for (guint t = 0; t < self->n_targets; t++)
    g_signal_connect (self->targets[t].row, "notify::enable-expansion", G_CALLBACK (target_enabled_cb), self);
  g_signal_connect_swapped (self->start_row, "notify::when", G_CALLBACK (start_changed_cb), self);
  watch_changes (self, GTK_WIDGET (self));

  return self;
}

void
salve_care_plan_dialog_show_page (SalveCarePlanDialog *self,
                                  const char          *page)
{
  g_return_if_fail (SALVE_IS_CARE_PLAN_DIALOG (self));

  adw_view_stack_set_visible_child_name (self->stack, page);
}
