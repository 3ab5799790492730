/* salve-diary-view.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-diary-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "salve-body-region.h"
#include "salve-care-plan-repo.h"
#include "salve-care-plan-summary.h"
#include "salve-background.h"
#include "salve-diary-chart.h"
#include "salve-diary-entry-dialog.h"
#include "salve-diary-loader.h"
#include "salve-diary-repo.h"
#include "salve-diary-view.h"
#include "salve-medication-dialog.h"
#include "salve-medication-repo.h"
#include "salve-diary-wellbeing.h"
#include "salve-time.h"
#include "salve-toast-bar.h"
#include "salve-tooltip.h"
#include "salve-view.h"
#include "salve-window.h"

/* A list a person scrolls through; the chart shows the rest. */
#define LIST_LIMIT 100
#define DAY        86400.0
#define ALL_REGIONS SALVE_DIARY_QUERY_ALL_REGIONS

struct _SalveDiaryView
{
  AdwBin           parent_instance;

  SalveDb         *db;
  SalveProfile    *profile;
  AdwToast        *undo_toast;     /* the latest deletion's, until dismissed */
  SalveCarePlan   *plan;           /* NULL: the profile has none */
  SalveCarePlanSummaryContent *plan_content; /* what the plan summary says, from the last load */
  GPtrArray       *intakes;        /* SalveMedication of the diary, oldest first, from the last load */
  char            *range;
  gboolean         show_details;
  gboolean         show_table;
  gboolean         applying_range;
  gboolean         applying_range_answer; /* the data is of the range in sight */
  double           applied_x0;
  double           applied_x1;
  guint            refresh_source;
  guint            refresh_tick;
  GCancellable    *load_cancellable; /* the load under way, if any */
  gboolean         load_keep_range;
  gboolean         load_recent;      /* the next load: the recent range first */
  gboolean         data_shown;       /* a load has reached a painted frame */
  /* The chart holds every point with window_from <= at < window_to. */
  gboolean         have_window;
  gint64           window_from;
  gint64           window_to;
  gint64           load_changed_id;  /* the load under way reads this entry only */
  /* After a change of range: the load of its points and list, and its
   * number; an answer for a range no longer asked for is dropped. */
  GCancellable    *range_cancellable;
  guint            range_generation;
  /* The latest entries of the period the last load read (newest first),
   * and that period: the list shows them while it is the one in sight. */
  GPtrArray       *list_entries;
  gint64           list_from;
  gint64           list_to;
  gboolean         load_reveal;      /* show reveal_at when it is in */
  gint64           reveal_at;
  GtkStringList   *table_model;
  /* The region shown: a salve_body_region_to_code() value, or ALL_REGIONS. */
  int              region_filter;
  GArray          *region_codes;   /* int, parallel to the drop-down */
  gboolean         updating_regions;
  guint            region_source;

  GtkStack        *page_stack;
  AdwStatusPage   *status_page;
  GtkWidget       *empty_add_button;
  GtkWidget       *data_page;
  GtkWidget       *region_box;
  GtkDropDown     *region_dropdown;
  GtkLabel        *headline_label;
  GtkLabel        *summary_label;
  SalveCarePlanSummary *plan_summary;
  GtkMenuButton   *range_menu_button;
  GtkMenuButton   *chart_export_button;
  GtkMenuButton   *more_button;
  GtkMenuButton   *more_button_narrow;
  GtkStack        *data_stack;
  SalveDiaryChart *chart;
  GtkLabel        *hover_label;
  GtkColumnView   *table_view;
  GtkLabel        *entries_heading;
  GtkListView     *entries_list;
  GtkLabel        *medication_heading;
  GtkListBox      *medication_list;
  GListStore      *entries;
  GPtrArray       *entries_pending;  /* rows still to add, oldest last */
  guint            entries_stale;    /* rows of the last list at its head, still to go */
  guint            entries_tick;     /* a few rows a frame, while in sight */
};

static void salve_diary_view_iface_init (SalveViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SalveDiaryView, salve_diary_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (SALVE_TYPE_VIEW, salve_diary_view_iface_init))

enum {
  PROP_0,
  PROP_RANGE,
  PROP_SHOW_DETAILS,
  PROP_SHOW_TABLE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
toast (SalveDiaryView *self,
       AdwToast       *t)
{
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (self));

  if (window != NULL)
    salve_window_add_toast (window, t);
  else
    g_object_unref (g_object_ref_sink (t));
}

static void
undo_toast_dismissed (AdwToast       *t,
                      SalveDiaryView *self)
{
  if (self->undo_toast == t)
    g_clear_weak_pointer (&self->undo_toast);
}

/* A deletion's toast with Undo: its button, or Ctrl+Z while it shows. It
 * stays a while longer than a toast that only tells. */
static void
undo_toast (SalveDiaryView *self,
            AdwToast       *t,
            GCallback       undo_cb)
{
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (t, 10);
  g_signal_connect_object (t, "button-clicked", undo_cb, self, 0);
  g_signal_connect_object (t, "dismissed", G_CALLBACK (undo_toast_dismissed), self, 0);
  g_set_weak_pointer (&self->undo_toast, t);
  toast (self, t);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalveDiaryView *self = SALVE_DIARY_VIEW (widget);
  AdwToast *t = self->undo_toast;

  if (t == NULL)
    return;
  g_clear_weak_pointer (&self->undo_toast);
  salve_toast_press_button (t);
}

static void
show_error (SalveDiaryView *self,
            const char     *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, 0);
  toast (self, t);
}

static double
range_seconds (const char *range)
{
  if (g_strcmp0 (range, "week") == 0)
    return 7 * DAY;
  if (g_strcmp0 (range, "month") == 0)
    return 31 * DAY;
  if (g_strcmp0 (range, "quarter") == 0)
    return 91 * DAY;
  if (g_strcmp0 (range, "year") == 0)
    return 365 * DAY;
  return 0;
}

/* The translated name of a body region id; older entries kept free
 * text, shown as it was typed. */
static const char *
region_name (const char *region)
{
  return salve_body_region_get_name (region);
}

/* The range buttons' names, for the menu button that stands in for them
 * in a narrow window. */
static const char *
range_name (const char *range)
{
  if (g_strcmp0 (range, "week") == 0)
    return _("Week");
  if (g_strcmp0 (range, "month") == 0)
    return _("Month");
  if (g_strcmp0 (range, "quarter") == 0)
    return _("3 Months");
  if (g_strcmp0 (range, "year") == 0)
    return _("Year");
  if (g_strcmp0 (range, "all") == 0)
    return _("All");
  /* Translators: the period shown after dragging or zooming the chart */
  return _("Custom");
}

static void
update_range_button (SalveDiaryView *self)
{
  if (self->range_menu_button != NULL)
    gtk_menu_button_set_label (self->range_menu_button, range_name (self->range));
}

/* The hovered or focused entry, in words under the chart. */
static void
update_hover (SalveDiaryView *self)
{
  SalveChart *chart = salve_diary_chart_get_chart (self->chart);
  gssize index = salve_diary_chart_get_highlight (self->chart);
  g_autoptr(SalveDiaryEntry) entry = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  const SalveDiaryPoint *point;
  const SalveDiaryStats *stats;
  const char *note, *region;
  gssize day;

  if (index < 0 || self->db == NULL)
    {
      gtk_label_set_text (self->hover_label,
                          _("Point at an entry, or focus the chart and use the arrow keys, to read it. "
                            "Drag to move, Ctrl and scroll to zoom."));
      gtk_widget_add_css_class (GTK_WIDGET (self->hover_label), "dim-label");
      salve_diary_chart_set_reading (self->chart, NULL);
      return;
    }

  point = salve_chart_get_point (chart, index);
  /* Notes can be long: only the one entry shown is read. */
  entry = salve_diary_repo_get (self->db, point->id, NULL);
  note = entry ? salve_diary_entry_get_note (entry) : "";
  region = region_name (entry ? salve_diary_entry_get_region (entry) : "");
  when = salve_time_format_unix_date_time (point->at_unix);
  /* The trend line's value on that day, read as the entry is: the trend
   * can be read from the keyboard too. */
  stats = salve_chart_get_stats (chart);
  day = stats != NULL ? salve_diary_stats_find_day (stats, point->at_unix) : -1;
  if (day >= 0 && point->at_unix < g_array_index (stats->days, SalveDiaryDay, day).end_unix)
    {
      double mean = g_array_index (stats->days, SalveDiaryDay, day).rolling7;

      if (*region)
        /* Translators: time, pain (0–10), body region, the 7-day mean on that day, note */
        text = g_strdup_printf (_("%s — pain %d/10 (%s), 7-day mean %.1f. %s"), when, point->pain, region, mean, note);
      else
        /* Translators: time, pain (0–10), the 7-day mean on that day, note */
        text = g_strdup_printf (_("%s — pain %d/10, 7-day mean %.1f. %s"), when, point->pain, mean, note);
    }
  else if (*region)
    /* Translators: time, pain (0–10), body region, note */
    text = g_strdup_printf (_("%s — pain %d/10 (%s). %s"), when, point->pain, region, note);
  else
    /* Translators: time, pain (0–10), note */
    text = g_strdup_printf (_("%s — pain %d/10. %s"), when, point->pain, note);

  gtk_widget_remove_css_class (GTK_WIDGET (self->hover_label), "dim-label");
  gtk_label_set_text (self->hover_label, text);
  salve_diary_chart_set_reading (self->chart, text);
}

/* The plan's heading as a line of the summary in bold: the label starts
 * with its first line, never with an empty one. */
static void
append_heading (GString    *text,
                const char *heading)
{
  g_autofree char *escaped = g_markup_escape_text (heading, -1);

  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append_printf (text, "<b>%s</b>", escaped);
}

/* Where the care plan stands today, in the words of its phase; and the
 * reminder that a bad day belongs to recovery when today is one. */
static void
append_plan_summary (SalveDiaryView        *self,
                     const SalveDiaryStats *stats,
                     GString               *text)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *heading = NULL;
  g_autofree char *escaped = NULL;
  const gboolean *warnings;
  GDate today;
  int phase;

  if (self->plan == NULL)
    return;
  warnings = salve_care_plan_summary_content_get_warnings (self->plan_content);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  phase = salve_care_plan_get_phase (self->plan, &today);
  if (salve_care_plan_has_ended (self->plan, &today))
    {
      g_autofree char *ended = salve_time_format_gdate (&self->plan->ended);

      /* Translators: the day it ended ("Mon 7 Dec 2026"), week number */
      heading = g_strdup_printf (_("The care plan ended on %s, in week %d."), ended,
                                 salve_care_plan_get_week (self->plan, &self->plan->ended));
      append_heading (text, heading);
      return;
    }
  if (phase == 0)
    {
      g_autofree char *start = salve_care_format_date (&self->plan->start);

      /* Translators: %s is a date like 2026-10-01 */
      heading = g_strdup_printf (_("The care plan starts on %s."), start);
      append_heading (text, heading);
      return;
    }

  /* Translators: week number, phase number, phase title like "Weeks 1–3" */
  heading = g_strdup_printf (_("Week %d of the care plan, phase %d (%s)."),
                             salve_care_plan_get_week (self->plan, &today), phase,
                             salve_care_phase_get_title (self->plan->course, phase));
  append_heading (text, heading);
  escaped = g_markup_escape_text (salve_care_phase_get_advice (self->plan->course, phase, warnings), -1);
  g_string_append_printf (text, "\n%s", escaped);

  if (salve_care_bad_day_is_normal (stats, &today, warnings))
    {
      g_clear_pointer (&escaped, g_free);
      escaped = g_markup_escape_text (salve_care_get_bad_day_advice (), -1);
      g_string_append_printf (text, "\n%s", escaped);
    }
}

static void
update_summary (SalveDiaryView *self)
{
  SalveChart *chart = salve_diary_chart_get_chart (self->chart);
  const SalveDiaryStats *stats = salve_chart_get_stats (chart);
  g_autofree char *trend = salve_diary_stats_describe (stats);
  g_autofree char *headline = salve_diary_stats_headline (stats, g_get_real_time () / G_USEC_PER_SEC);
  GString *text = g_string_new (NULL);

  /* The trend in plain words stands out; the figures behind it are the
   * tooltip, and what the sessions did follows, from the before and
   * after ratings. */
  gtk_label_set_text (self->headline_label, headline);
  salve_tooltip_set_text (GTK_WIDGET (self->headline_label), trend);
  for (int m = 0; m < SALVE_N_MODALITIES; m++)
    {
      const SalveDiarySessionDelta *delta = &stats->sessions[m];
      g_autofree char *line = NULL;
      g_autofree char *escaped_line = NULL;

      if (delta->n_sessions == 0)
        continue;
      /* Translators: modality, mean pain before and after, number of sessions */
      line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s: pain %.1f before and %.1f after, over %u session.",
                                           "%s: pain %.1f before and %.1f after, on average over %u sessions.",
                                           delta->n_sessions),
                              salve_modality_get_name (m), delta->mean_before, delta->mean_after,
                              delta->n_sessions);
      escaped_line = g_markup_escape_text (line, -1);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, escaped_line);
    }

  append_plan_summary (self, stats, text);
  salve_care_plan_summary_show (self->plan_summary, self->plan_content);

  gtk_label_set_markup (self->summary_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), text->len > 0);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->headline_label), text->len > 0 ? 0 : 12);
  g_string_free (text, TRUE);
}

/* As splice_entries(): only the rows that changed. */
static void
splice_table (GtkStringList *model,
              GPtrArray     *rows)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (model));
  guint head = 0, tail = 0;

  while (head < n_old && head < rows->len &&
         g_str_equal (gtk_string_list_get_string (model, head), g_ptr_array_index (rows, head)))
    head++;
  while (tail < n_old - head && tail < rows->len - head &&
         g_str_equal (gtk_string_list_get_string (model, n_old - 1 - tail),
                      g_ptr_array_index (rows, rows->len - 1 - tail)))
    tail++;

  if (head == n_old && head == rows->len)
    return;
  g_ptr_array_set_size (rows, rows->len - tail);
  g_ptr_array_add (rows, NULL);
  gtk_string_list_splice (model, head, n_old - head - tail, (const char * const *) rows->pdata + head);
}

static void
update_table (SalveDiaryView *self)
{
  SalveChart *chart = salve_diary_chart_get_chart (self->chart);
  const SalveDiaryStats *stats = salve_chart_get_stats (chart);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  double x0, x1;

  salve_chart_get_range (chart, &x0, &x1);
  /* Days, as on the chart: one row each, tab-separated columns. */
  for (guint i = 0; i < stats->days->len; i++)
    {
      const SalveDiaryDay *day = &g_array_index (stats->days, SalveDiaryDay, i);
      g_autofree char *date = NULL;

      if (day->end_unix <= x0 || day->start_unix >= x1)
        continue;
      {
        g_autoptr(GDateTime) noon = g_date_time_new_from_unix_local (day->start_unix + 12 * 3600);

        date = noon != NULL ? salve_time_format_date (noon) : g_strdup ("");
      }
      g_ptr_array_add (rows, g_strdup_printf ("%s\t%u\t%.1f\t%.1f\t%d–%d", date, day->n_entries,
                                              day->mean, day->rolling7, day->min, day->max));
    }
  splice_table (self->table_model, rows);
}

/* The entries list is a list view: however long the period, only the
 * rows in sight are built, and they are reused as it scrolls. */
static GtkWidget *
entry_row_button (const char *icon_name,
                  const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  salve_tooltip_set_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");

  return button;
}

static void
entry_row_setup (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *star = gtk_image_new_from_icon_name ("starred-symbolic");
  GtkWidget *sign = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *edit = entry_row_button ("document-edit-symbolic", _("Edit"));
  GtkWidget *delete = entry_row_button ("user-trash-symbolic", _("Delete"));

  gtk_widget_add_css_class (row, "diary-entry-row");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);

  salve_tooltip_set_text (star, _("Small success"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (star), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Small success"), -1);

  /* A warning sign noted with the entry (its words set per entry). */
  gtk_widget_add_css_class (sign, "warning");

  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), sign);
  gtk_box_append (GTK_BOX (row), star);
  gtk_box_append (GTK_BOX (row), edit);
  gtk_box_append (GTK_BOX (row), delete);

  g_object_set_data (G_OBJECT (row), "title", title);
  g_object_set_data (G_OBJECT (row), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (row), "star", star);
  g_object_set_data (G_OBJECT (row), "sign", sign);
  g_object_set_data (G_OBJECT (row), "edit", edit);
  g_object_set_data (G_OBJECT (row), "delete", delete);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, row);
}

static void
entry_row_bind (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  SalveDiaryEntry *entry = gtk_list_item_get_item (item);
  GObject *row = G_OBJECT (gtk_list_item_get_child (item));
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *edit_name = NULL;
  g_autofree char *delete_name = NULL;
  g_autofree char *note = g_strdup (salve_diary_entry_get_note (entry));
  const char *region = region_name (salve_diary_entry_get_region (entry));
  GVariant *target = g_variant_ref_sink (g_variant_new_int64 (salve_diary_entry_get_id (entry)));

  g_strdelimit (note, "\r\n", ' ');
  /* Translators: a diary entry's pain in the list of entries */
  title = g_strdup_printf (_("Pain %d/10"), salve_diary_entry_get_pain (entry));
  if (*region)
    {
      char *with_region = g_strdup_printf ("%s · %s", title, region);
      g_free (title);
      title = with_region;
    }
  when = salve_time_format_unix_date_time (salve_diary_entry_get_at_unix (entry));
  /* A rating taken with a session says so: the heading counts only the
   * diary's own entries, and practice counts nowhere. */
  if (salve_diary_entry_get_session_mark (entry) != NULL)
    {
      char *with_mark = g_strdup_printf ("%s · %s", when, salve_diary_entry_get_session_mark (entry));

      g_free (when);
      when = with_mark;
    }
  subtitle = *note ? g_strdup_printf ("%s — %s", when, note) : g_strdup (when);

  gtk_label_set_text (g_object_get_data (row, "title"), title);
  gtk_label_set_text (g_object_get_data (row, "subtitle"), subtitle);
  /* A screen reader going through the list by Tab meets the buttons, not
   * the labels: each says which entry it is for. */
  /* Translators: a button's name for screen readers; %s is the entry's time, "Sat 5 Dec 2026, 09:00" */
  edit_name = g_strdup_printf (_("Edit the entry of %s"), when);
  /* Translators: a button's name for screen readers; %s is the entry's time, "Sat 5 Dec 2026, 09:00" */
  delete_name = g_strdup_printf (_("Delete the entry of %s"), when);
  gtk_accessible_update_property (g_object_get_data (row, "edit"), GTK_ACCESSIBLE_PROPERTY_LABEL, edit_name, -1);
  gtk_accessible_update_property (g_object_get_data (row, "delete"), GTK_ACCESSIBLE_PROPERTY_LABEL, delete_name, -1);
  gtk_widget_set_visible (g_object_get_data (row, "star"), salve_diary_entry_get_success (entry));
  /* The warning signs the entry noted, as salvectl diary list marks them:
   * numbness stops stimulation there until a doctor has looked. */
  {
    GtkWidget *sign = g_object_get_data (row, "sign");
    gboolean weakness = salve_diary_entry_get_new_weakness (entry);
    gboolean numbness = salve_diary_entry_get_numbness (entry);
    const char *said = weakness && numbness ? _("New weakness and numbness")
                       : weakness ? _("New weakness") : numbness ? _("Numbness") : NULL;

    if (said != NULL)
      {
        salve_tooltip_set_text (sign, said);
        gtk_accessible_update_property (GTK_ACCESSIBLE (sign), GTK_ACCESSIBLE_PROPERTY_LABEL, said, -1);
      }
    gtk_widget_set_visible (sign, said != NULL);
  }
  /* The target first: the action wants one. */
  gtk_actionable_set_action_target_value (g_object_get_data (row, "edit"), target);
  gtk_actionable_set_action_name (g_object_get_data (row, "edit"), "diary.edit");
  gtk_actionable_set_action_target_value (g_object_get_data (row, "delete"), target);
  gtk_actionable_set_action_name (g_object_get_data (row, "delete"), "diary.delete");
  g_variant_unref (target);
}

/* The intakes of the period shown, newest first, each with its delete
 * button: the list is short (a few a day), so rows of their own. */
static void
update_medication (SalveDiaryView *self,
                   double          x0,
                   double          x1)
{
  g_autoptr(GPtrArray) intakes = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->medication_list))) != NULL)
    gtk_list_box_remove (self->medication_list, child);

  /* The load read them in its worker: the period's are picked here. */
  if (self->db != NULL && self->profile != NULL && self->intakes != NULL)
    {
      intakes = g_ptr_array_new ();
      for (guint i = 0; i < self->intakes->len; i++)
        {
          SalveMedication *m = g_ptr_array_index (self->intakes, i);
          gint64 at = salve_medication_get_at_unix (m);

          if (at >= (gint64) x0 && at < (gint64) x1 + 1)
            g_ptr_array_add (intakes, m);
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->medication_list), intakes != NULL && intakes->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->medication_heading), intakes != NULL && intakes->len > 0);
  if (intakes == NULL || intakes->len == 0)
    return;

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u medication intake in this period",
                                          "%u medication intakes in this period", intakes->len),
                             intakes->len);
  gtk_label_set_text (self->medication_heading, heading);

  for (guint i = intakes->len; i-- > 0; )
    {
      SalveMedication *m = g_ptr_array_index (intakes, i);
      g_autofree char *title = NULL;
      /* In local time, as the entries: not the clock of the offset it
       * was written with (an import's 10:00-05:00 is 16:00 here). */
      g_autofree char *when = salve_time_format_unix_date_time (salve_medication_get_at_unix (m));
      g_autofree char *subtitle = NULL;
      const char *kind = salve_medication_get_as_needed (m) ? _("as needed") : _("scheduled");
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");

      title = *salve_medication_get_dose (m)
                ? g_strdup_printf ("%s %s", salve_medication_get_name (m), salve_medication_get_dose (m))
                : g_strdup (salve_medication_get_name (m));
      subtitle = *salve_medication_get_note (m)
                   ? g_strdup_printf ("%s — %s — %s", when, kind, salve_medication_get_note (m))
                   : g_strdup_printf ("%s — %s", when, kind);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (salve_medication_get_as_needed (m)
                                                                 ? "media-record-symbolic"
                                                                 : "media-playback-stop-symbolic"));

      gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (delete, "flat");
      /* Translators: tooltip of the button that deletes one medication intake */
      salve_tooltip_set_text (delete, _("Delete Intake"));
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (delete),
                                              g_variant_new_int64 (salve_medication_get_id (m)));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "diary.delete-medication");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
      gtk_list_box_append (self->medication_list, row);
    }
}

/* What a row shows of an entry is the same. */
static gboolean
same_row (SalveDiaryEntry *a,
          SalveDiaryEntry *b)
{
  return salve_diary_entry_get_id (a) == salve_diary_entry_get_id (b) &&
         salve_diary_entry_get_at_unix (a) == salve_diary_entry_get_at_unix (b) &&
         salve_diary_entry_get_pain (a) == salve_diary_entry_get_pain (b) &&
         salve_diary_entry_get_success (a) == salve_diary_entry_get_success (b) &&
         salve_diary_entry_get_new_weakness (a) == salve_diary_entry_get_new_weakness (b) &&
         salve_diary_entry_get_numbness (a) == salve_diary_entry_get_numbness (b) &&
         g_strcmp0 (salve_diary_entry_get_region (a), salve_diary_entry_get_region (b)) == 0 &&
         g_strcmp0 (salve_diary_entry_get_note (a), salve_diary_entry_get_note (b)) == 0;
}

/* How far ahead a moved entry is looked for: an add or a delete shifts
 * the latest entries by one, a few at most. */
#define SPLICE_WINDOW 8

static gssize
find_row (SalveDiaryEntry  *entry,
          SalveDiaryEntry **rows,
          guint             from,
          guint             n)
{
  for (guint k = from; k < n && k < from + SPLICE_WINDOW; k++)
    if (same_row (entry, rows[k]))
      return k;
  return -1;
}

/* Replaces only the rows that changed: building list rows is what costs
 * the GTK thread most, and after an edit, an add, a delete or a change of
 * range most of the latest entries are still there, maybe shifted. */
static void
splice_entries (GListStore *store,
                GPtrArray  *entries)
{
  g_autoptr(GPtrArray) old = g_ptr_array_new_with_free_func (g_object_unref);
  SalveDiaryEntry **fresh = (SalveDiaryEntry **) entries->pdata;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (store));
  guint i = 0, j = 0, pos = 0;

  for (guint k = 0; k < n_old; k++)
    g_ptr_array_add (old, g_list_model_get_item (G_LIST_MODEL (store), k));

  while (i < n_old || j < entries->len)
    {
      gssize found;

      if (i == n_old)
        {
          g_list_store_splice (store, pos, 0, (gpointer *) fresh + j, entries->len - j);
          break;
        }
      if (j == entries->len)
        {
          g_list_store_splice (store, pos, n_old - i, NULL, 0);
          break;
        }
      if (same_row (old->pdata[i], fresh[j]))
        {
          i++, j++, pos++;
          continue;
        }
      /* New rows before one that stays. */
      found = find_row (old->pdata[i], fresh, j + 1, entries->len);
      if (found >= 0)
        {
          g_list_store_splice (store, pos, 0, (gpointer *) fresh + j, found - j);
          pos += found - j;
          j = found;
          continue;
        }
      /* Rows gone before one that stays. */
      found = find_row (fresh[j], (SalveDiaryEntry **) old->pdata, i + 1, n_old);
      if (found >= 0)
        {
          g_list_store_splice (store, pos, found - i, NULL, 0);
          i = found;
          continue;
        }
      g_list_store_splice (store, pos, 1, (gpointer *) fresh + j, 1);
      i++, j++, pos++;
    }
}

/* GTK 4.8's list view builds a row for each of the 100 items at once:
 * that many in one go hold the window up for several frames. So many a
 * frame instead (go_on_with_pending_entries()). */
#define ROWS_PER_FRAME 6

/* How many of @entries are not in @store as they are. */
static guint
count_new_rows (GListStore *store,
                GPtrArray  *entries)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_old);
  guint n_new = 0;

  /* Sized up front: the table points into @ids. */
  for (guint k = 0; k < n_old; k++)
    {
      SalveDiaryEntry *entry = g_list_model_get_item (G_LIST_MODEL (store), k);
      gint64 id = salve_diary_entry_get_id (entry);

      g_array_append_val (ids, id);
      g_hash_table_insert (by_id, &g_array_index (ids, gint64, k), entry);
    }
  for (guint k = 0; k < entries->len; k++)
    {
      gint64 id = salve_diary_entry_get_id (g_ptr_array_index (entries, k));
      SalveDiaryEntry *old = g_hash_table_lookup (by_id, &id);

      if (old == NULL || !same_row (old, g_ptr_array_index (entries, k)))
        n_new++;
    }

  return n_new;
}

/* Freeing a hundred rows at once is a wait of its own: the last list's
 * rows go a few a frame, out of sight, before the new ones come. */
#define ROWS_FREED_PER_FRAME 20

static void
set_stale (SalveDiaryView *self,
           guint           n_stale)
{
  self->entries_stale = n_stale;
  gtk_widget_set_opacity (GTK_WIDGET (self->entries_list), n_stale > 0 ? 0.0 : 1.0);
}

/* One step of replace_entries(): G_SOURCE_CONTINUE while rows are left. */
static gboolean
add_pending_entries (SalveDiaryView *self)
{
  GPtrArray *pending = self->entries_pending;
  guint at, n;

  if (self->entries_stale > 0)
    {
      n = MIN (self->entries_stale, ROWS_FREED_PER_FRAME);
      g_list_store_splice (self->entries, 0, n, NULL, 0);
      set_stale (self, self->entries_stale - n);
      if (self->entries_stale > 0 || pending != NULL)
        return G_SOURCE_CONTINUE;
    }
  else if (pending != NULL)
    {
      at = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
      n = MIN (ROWS_PER_FRAME, pending->len - at);
      g_list_store_splice (self->entries, at, 0, pending->pdata + at, n);
      if (at + n < pending->len)
        return G_SOURCE_CONTINUE;
    }

  g_clear_pointer (&self->entries_pending, g_ptr_array_unref);
  return G_SOURCE_REMOVE;
}

static gboolean
add_pending_entries_tick (GtkWidget     *widget,
                          GdkFrameClock *frame_clock,
                          gpointer       user_data)
{
  SalveDiaryView *self = SALVE_DIARY_VIEW (widget);

  if (add_pending_entries (self) == G_SOURCE_CONTINUE)
    return G_SOURCE_CONTINUE;
  self->entries_tick = 0;
  _salve_background_release ();
  return G_SOURCE_REMOVE;
}

static void
stop_pending_entries (SalveDiaryView *self)
{
  if (self->entries_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->entries_tick);
      self->entries_tick = 0;
      _salve_background_release ();
    }
}

/* The rest of the rows, a few at the start of each frame: added in idles,
 * however few each time, all those added between two frames were laid
 * out in the second. Out of sight they wait: laid out there, they would
 * all be laid out at once in the frame that shows the view again. */
static void
go_on_with_pending_entries (SalveDiaryView *self)
{
  if (self->entries_tick == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      (self->entries_stale > 0 || self->entries_pending != NULL))
    {
      /* Rows on their way count as a read still reaching the view. */
      _salve_background_hold ();
      self->entries_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), add_pending_entries_tick, NULL, NULL);
    }
}

/* Replaces the rows by @entries (NULL: by none), a few a frame while the
 * view is in sight: the rows in sight first. */
static void
replace_entries (SalveDiaryView *self,
                 GPtrArray      *entries)
{
  stop_pending_entries (self);
  g_clear_pointer (&self->entries_pending, g_ptr_array_unref);
  set_stale (self, g_list_model_get_n_items (G_LIST_MODEL (self->entries)));
  self->entries_pending = entries != NULL && entries->len > 0 ? g_ptr_array_ref (entries) : NULL;
  go_on_with_pending_entries (self);
}

/* Once the list has laid out its new rows (a tick later), back to its
 * first; a list the person has scrolled meanwhile is left as it is. */
static gboolean
list_to_top_tick (GtkWidget     *widget,
                  GdkFrameClock *frame_clock,
                  gpointer       user_data)
{
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (widget));
  guint *ticks = user_data;

  if (vadj != NULL && gtk_adjustment_get_value (vadj) > 0.5 && *ticks == 1)
    {
      gtk_adjustment_set_value (vadj, 0);
      return G_SOURCE_REMOVE;
    }
  return ++*ticks < 3 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
keep_list_at_top (SalveDiaryView *self)
{
  gtk_widget_add_tick_callback (GTK_WIDGET (self->entries_list), list_to_top_tick, g_new0 (guint, 1), g_free);
}

/* The period's list as the last load read it, once that is the period
 * in sight. FALSE when another period must be read first. */
static gboolean
update_entries (SalveDiaryView *self)
{
  SalveChart *chart = salve_diary_chart_get_chart (self->chart);
  GPtrArray *entries = self->list_entries;
  g_autofree char *heading = NULL;
  double x0, x1;
  guint n_in_range = 0;

  if (self->db == NULL || self->profile == NULL)
    {
      replace_entries (self, NULL);
      update_medication (self, 0, 0);
      return TRUE;
    }

  salve_chart_get_range (chart, &x0, &x1);
  update_medication (self, x0, x1);
  /* The chart's points cover what is in sight, the list was read for
   * it: else what is on screen stays until they are. */
  if (entries == NULL || self->list_from != (gint64) x0 || self->list_to != (gint64) x1 + 1 ||
      !self->have_window || self->window_from > (gint64) x0 || self->window_to < (gint64) x1 + 1)
    return FALSE;

  n_in_range = (guint) salve_chart_count_points (chart, (gint64) x0, (gint64) x1 + 1);

  if (self->entries_stale == 0 && count_new_rows (self->entries, entries) <= ROWS_PER_FRAME)
    {
      GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->entries_list));
      gboolean at_top = vadj == NULL || gtk_adjustment_get_value (vadj) <= 0.5;

      stop_pending_entries (self);
      g_clear_pointer (&self->entries_pending, g_ptr_array_unref);
      splice_entries (self->entries, entries);
      /* A list read from its top stays there: the list kept the row that
       * was first in sight, and a new entry went in above it, out of
       * sight, where it looked unsaved (and was entered again). */
      if (at_top && vadj != NULL)
        keep_list_at_top (self);
    }
  else
    /* Another patient or period. */
    replace_entries (self, entries);

  if (n_in_range > entries->len)
    /* Translators: the number shown, then the number in the period (the plural follows it) */
    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Latest %u of %u entry in this period",
                                            "Latest %u of %u entries in this period", n_in_range),
                               entries->len, n_in_range);
  else
    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry in this period",
                                            "%u entries in this period", n_in_range),
                               n_in_range);
  /* Practice ratings are listed, marked, but counted nowhere: the rows
   * beyond the count are said to be theirs. */
  if (n_in_range <= entries->len)
    {
      guint n_practice = 0;

      for (guint i = 0; i < entries->len; i++)
        n_practice += salve_diary_entry_get_practice (g_ptr_array_index (entries, i)) ? 1 : 0;
      if (n_practice > 0)
        {
          g_autofree char *counted = g_steal_pointer (&heading);

          /* Translators: "8 entries in this period", then the practice ratings listed too (the plural follows them) */
          heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, and %u rating of a practice session, not counted",
                                                  "%s, and %u ratings of practice sessions, not counted", n_practice),
                                     counted, n_practice);
        }
    }
  gtk_label_set_text (self->entries_heading, heading);
  return TRUE;
}

static void load_range (SalveDiaryView *self);

static gboolean
refresh_range_views (gpointer user_data)
{
  SalveDiaryView *self = user_data;

  self->refresh_source = 0;
  if (!update_entries (self))
    load_range (self);
  /* A table nobody looks at is filled when it is shown. */
  if (self->show_table)
    update_table (self);

  return G_SOURCE_REMOVE;
}

static void
cancel_refresh (SalveDiaryView *self)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->refresh_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->refresh_tick);
      self->refresh_tick = 0;
    }
}

static gboolean
refresh_after_frame_cb (GtkWidget     *widget,
                        GdkFrameClock *frame_clock,
                        gpointer       user_data)
{
  SalveDiaryView *self = SALVE_DIARY_VIEW (widget);

  /* At the start of the frame that paints what changed: the idle runs
   * once that frame is drawn. */
  self->refresh_tick = 0;
  self->refresh_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_range_views, self, NULL);
  return G_SOURCE_REMOVE;
}

/* The list and the table in a frame after the one that paints the chart
 * and the figures. An idle added at once would run before that frame
 * whenever the frame clock's next frame is not due yet, and both would
 * be laid out and drawn in one frame. */
static void
refresh_after_next_frame (SalveDiaryView *self)
{
  cancel_refresh (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->refresh_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), refresh_after_frame_cb, NULL, NULL);
  else
    self->refresh_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_range_views, self, NULL);
}

static void
chart_range_changed_cb (SalveDiaryView  *self,
                        SalveDiaryChart *chart)
{
  double x0, x1;

  /* Only a move away from what a range button showed makes it custom. */
  salve_chart_get_range (salve_diary_chart_get_chart (chart), &x0, &x1);
  if (!self->applying_range && g_strcmp0 (self->range, "custom") != 0 &&
      (x0 != self->applied_x0 || x1 != self->applied_x1))
    {
      g_free (self->range);
      self->range = g_strdup ("custom");
      update_range_button (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RANGE]);
    }

  /* Dragging changes the range many times a second: the list and the
   * table follow once it settles. */
  cancel_refresh (self);
  self->refresh_source = g_timeout_add (150, refresh_range_views, self);
}

static void
apply_range (SalveDiaryView *self)
{
  self->applying_range = TRUE;
  salve_diary_chart_show_last (self->chart, range_seconds (self->range));
  salve_chart_get_range (salve_diary_chart_get_chart (self->chart), &self->applied_x0, &self->applied_x1);
  self->applying_range = FALSE;
}

static const char *
region_code_name (int code)
{
  if (code == SALVE_REGION_CODE_NONE)
    /* Translators: in the diary's region choice: entries without a region */
    return _("No region given");
  if (code == SALVE_REGION_CODE_OTHER)
    /* Translators: in the diary's region choice: regions typed as free text */
    return _("Other places");
  return salve_body_region_get_name (salve_body_region_from_code (code));
}

/* The choice appears once the diary holds more than one region; a
 * region that is gone falls back to all of them together. */
static void
update_regions (SalveDiaryView *self,
                GArray         *regions)
{
  g_autoptr(GArray) codes = g_array_ref (regions);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  /* Translators: in the diary's region choice */
  gtk_string_list_append (names, _("All regions"));
  for (guint i = 0; i < codes->len; i++)
    {
      int code = g_array_index (codes, int, i);

      gtk_string_list_append (names, region_code_name (code));
      if (code == self->region_filter)
        selected = i + 1;
    }
  if (selected == 0)
    self->region_filter = ALL_REGIONS;

  self->updating_regions = TRUE;
  /* The same regions keep the same list: replacing a drop-down's model
   * while it tells of a choice would make it tell again. */
  if (self->region_codes == NULL || self->region_codes->len != codes->len ||
      (codes->len > 0 && memcmp (self->region_codes->data, codes->data, codes->len * sizeof (int)) != 0))
    {
      g_clear_pointer (&self->region_codes, g_array_unref);
      self->region_codes = g_steal_pointer (&codes);
      gtk_drop_down_set_model (self->region_dropdown, G_LIST_MODEL (names));
    }
  if (gtk_drop_down_get_selected (self->region_dropdown) != selected)
    gtk_drop_down_set_selected (self->region_dropdown, selected);
  self->updating_regions = FALSE;
  gtk_widget_set_visible (self->region_box, self->region_codes->len > 1);
}

static void reload (SalveDiaryView *self,
                    gboolean        keep_range);

static gboolean
reload_for_region (gpointer user_data)
{
  SalveDiaryView *self = user_data;

  self->region_source = 0;
  reload (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
region_selected_cb (SalveDiaryView *self)
{
  guint selected = gtk_drop_down_get_selected (self->region_dropdown);
  int filter;

  if (self->updating_regions || self->region_codes == NULL)
    return;

  filter = selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > self->region_codes->len
           ? ALL_REGIONS : g_array_index (self->region_codes, int, selected - 1);
  if (filter == self->region_filter)
    return;
  self->region_filter = filter;
  /* Not while the drop-down is still telling of the choice. */
  if (self->region_source == 0)
    self->region_source = g_idle_add (reload_for_region, self);
}

static void show_page (SalveDiaryView *self,
                       gboolean        has_entries);

static void
show_no_data (SalveDiaryView *self)
{
  self->have_window = FALSE;
  g_clear_pointer (&self->list_entries, g_ptr_array_unref);
  adw_status_page_set_title (self->status_page,
                             self->db == NULL ? _("Opening the Diary…") : _("No Patient Yet"));
  adw_status_page_set_description (self->status_page,
                                   self->db == NULL ? NULL
                                                    : _("Add a patient under Patients to keep a pain diary."));
  gtk_widget_set_visible (self->empty_add_button, FALSE);
  gtk_stack_set_visible_child_name (self->page_stack, "empty");
  /* A new view has no data to clear: no chart or hover text work
   * before the first frame. The data path sets both again. */
  if (salve_chart_get_n_points (salve_diary_chart_get_chart (self->chart)) > 0)
    {
      self->applying_range = TRUE;
      salve_chart_set_medication (salve_diary_chart_get_chart (self->chart), NULL);
      salve_diary_chart_set_data (self->chart, NULL, NULL, FALSE);
      self->applying_range = FALSE;
    }
}

static void
data_frame_painted (GdkFrameClock  *clock,
                    SalveDiaryView *self)
{
  g_signal_handlers_disconnect_by_func (clock, data_frame_painted, self);
  /* On the monotonic clock, as bench/first-frame-size.py reads it. */
  g_debug ("First frame with the diary's data painted at %" G_GINT64_FORMAT " µs", g_get_monotonic_time ());
}

/* The plan summary, the intakes and the list a load read. */
static void
take_plan_and_intakes (SalveDiaryView *self,
                       SalveDiaryData *data)
{
  if (data->entries != NULL)
    {
      g_clear_pointer (&self->list_entries, g_ptr_array_unref);
      self->list_entries = g_steal_pointer (&data->entries);
      self->list_from = data->entries_from_unix;
      self->list_to = data->entries_to_unix;
    }
  g_clear_pointer (&self->plan_content, salve_care_plan_summary_content_free);
  self->plan_content = g_steal_pointer (&data->plan_summary);
  g_clear_pointer (&self->intakes, g_ptr_array_unref);
  self->intakes = g_steal_pointer (&data->intakes);
}

/* Whether the diary (of the region shown) has entries at all. A load of
 * a range reads the points near it only, and the whole diary's
 * statistics: no points there is a period without entries, not a diary
 * without any. */
static gboolean
data_has_entries (const SalveDiaryData *data)
{
  return data->points->len > 0 || (data->stats != NULL && data->stats->n_entries > 0);
}

/* What a load read, on the GTK thread: handing over arrays and figures
 * computed in the worker, nothing that grows with the diary but the
 * chart's own copy of the points. */
static void
apply_data (SalveDiaryView *self,
            SalveDiaryData *data,
            gboolean        keep_range)
{
  gboolean has_entries = data_has_entries (data);
  GdkFrameClock *clock;

  /* The first data this view shows: the time to the frame that shows it
   * is what a person waits for, noted in the debug log. */
  if (!self->data_shown && (clock = gtk_widget_get_frame_clock (GTK_WIDGET (self))) != NULL)
    {
      self->data_shown = TRUE;
      g_signal_connect_object (clock, "after-paint", G_CALLBACK (data_frame_painted), self, 0);
    }

  self->have_window = TRUE;
  self->window_from = data->points_from_unix;
  self->window_to = data->points_to_unix;
  take_plan_and_intakes (self, data);
  g_clear_pointer (&self->plan, salve_care_plan_free);
  self->plan = g_steal_pointer (&data->plan);
  /* The baseline and the phases start at the plan's start. */
  salve_chart_set_course (salve_diary_chart_get_chart (self->chart),
                          self->plan != NULL ? self->plan->course : SALVE_CARE_COURSE_NORMAL,
                          self->plan != NULL ? &self->plan->ended : NULL);

  update_regions (self, data->regions);
  self->applying_range = TRUE;
  salve_chart_set_medication (salve_diary_chart_get_chart (self->chart), data->medication);
  /* The answer to a change of range is for the range in sight: it
   * stays, and the chart lays out its points once. */
  keep_range = keep_range && (g_strcmp0 (self->range, "custom") == 0 || self->applying_range_answer);
  salve_diary_chart_set_computed (self->chart, data->points, data->marks, data->tz,
                                  self->plan != NULL ? &self->plan->start : NULL,
                                  g_steal_pointer (&data->stats), g_steal_pointer (&data->raw), keep_range);
  self->applying_range = FALSE;
  if (!keep_range)
    apply_range (self);

  if (self->load_reveal)
    {
      double x0, x1;

      /* Make sure the entry just saved is in view. */
      self->load_reveal = FALSE;
      salve_chart_get_range (salve_diary_chart_get_chart (self->chart), &x0, &x1);
      if (self->reveal_at < x0 || self->reveal_at >= x1)
        apply_range (self);
    }

  update_summary (self);
  update_hover (self);
  /* A list that has never been laid out would build a row for every
   * entry: the first time, the list and the table follow right after the
   * frame that shows the chart, when the list knows its height and
   * builds only the rows in sight. After that (an edit, say) at once. */
  cancel_refresh (self);
  if (gtk_widget_get_height (GTK_WIDGET (self->entries_list)) > 0)
    refresh_range_views (self);
  else
    self->refresh_source = g_idle_add_full (G_PRIORITY_LOW, refresh_range_views, self, NULL);

  show_page (self, has_entries);
}

/* The diary, or what to do without entries: only a diary without any
 * loses its range controls and its chart, never a period without. */
static void
show_page (SalveDiaryView *self,
           gboolean        has_entries)
{
  if (!has_entries)
    {
      adw_status_page_set_title (self->status_page, _("No Diary Entries Yet"));
      adw_status_page_set_description (self->status_page,
                                       _("Rate your pain once or twice a day. After a week the diary shows your "
                                         "baseline; after a few weeks, the trend. Ratings in a practice session "
                                         "stay out of it: practice gives no treatment."));
      gtk_widget_set_visible (self->empty_add_button, TRUE);
    }
  /* A stack shows no page whose child is hidden. */
  if (has_entries)
    gtk_widget_set_visible (self->data_page, TRUE);
  gtk_stack_set_visible_child_name (self->page_stack, has_entries ? "diary" : "empty");
}

/* What a load after an add, an edit or a delete read: the one entry's
 * point goes in (or out) of the chart's points, and the statistics from
 * the aggregates replace the old; nothing here grows with the diary but
 * moving the points after it up or down by one. */
static void
apply_change (SalveDiaryView *self,
              SalveDiaryData *data,
              gint64          id)
{
  SalveChart *chart = salve_diary_chart_get_chart (self->chart);
  gboolean has_entries;

  g_debug ("Entry %" G_GINT64_FORMAT " changed: %u point in", id, data->points->len);
  take_plan_and_intakes (self, data);
  g_clear_pointer (&self->plan, salve_care_plan_free);
  self->plan = g_steal_pointer (&data->plan);
  salve_chart_set_course (chart, self->plan != NULL ? self->plan->course : SALVE_CARE_COURSE_NORMAL,
                          self->plan != NULL ? &self->plan->ended : NULL);

  update_regions (self, data->regions);
  /* The chart's points may be a range's only: the whole diary's figures
   * say whether the diary has entries left. */
  has_entries = data_has_entries (data);
  self->applying_range = TRUE;
  salve_chart_set_medication (chart, data->medication);
  salve_chart_set_marks (chart, data->marks);
  salve_diary_chart_replace_point (self->chart, id,
                                   data->points->len > 0 ? &g_array_index (data->points, SalveDiaryPoint, 0) : NULL,
                                   g_steal_pointer (&data->stats));
  self->applying_range = FALSE;

  if (self->load_reveal)
    {
      double x0, x1;

      self->load_reveal = FALSE;
      salve_chart_get_range (chart, &x0, &x1);
      if (self->reveal_at < x0 || self->reveal_at >= x1)
        apply_range (self);
    }

  update_summary (self);
  update_hover (self);
  /* The chart and the figures are painted first, the list and the table
   * in the frame after: neither waits for the other. */
  refresh_after_next_frame (self);
  show_page (self, has_entries);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SalveDiaryView) self = user_data;
  g_autoptr(SalveDiaryData) data = NULL;
  g_autoptr(GError) error = NULL;

  _salve_background_release ();
  data = salve_diary_load_finish (result, &error);
  /* A newer load took over, or the view went away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    return;

  g_clear_object (&self->load_cancellable);
  if (data == NULL)
    {
      show_error (self, error->message);
      return;
    }

  if (data->change)
    {
      apply_change (self, data, self->load_changed_id);
      return;
    }
  apply_data (self, data, self->load_keep_range);
}

typedef struct
{
  SalveDiaryView *view;
  guint           generation;
} RangeLoad;

static void
range_load_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RangeLoad *load = user_data;
  g_autoptr(SalveDiaryView) self = load->view;
  guint generation = load->generation;
  g_autoptr(SalveDiaryData) data = NULL;
  g_autoptr(GError) error = NULL;

  g_free (load);
  _salve_background_release ();
  data = salve_diary_load_finish (result, &error);
  /* Another range was asked for since, a reload took over, or the view
   * went away: what this one read is not what is in sight. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || generation != self->range_generation)
    return;

  g_clear_object (&self->range_cancellable);
  if (data == NULL)
    {
      show_error (self, error->message);
      return;
    }

  g_debug ("Range %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT " read: %u points",
           data->points_from_unix, data->points_to_unix, data->points->len);
  self->applying_range_answer = TRUE;
  apply_data (self, data, TRUE);
  self->applying_range_answer = FALSE;
}

/* What the view reads; the filters of the diary go into the query. */
static void
build_query (SalveDiaryView  *self,
             SalveDiaryQuery *query)
{
  salve_diary_query_init (query, salve_profile_get_id (self->profile));
  query->region = self->region_filter;
  /* The first load, or one with nothing in sight yet: the latest range
   * first (every point for the whole diary). */
  if (self->load_recent || !self->have_window)
    query->recent_seconds = (gint64) range_seconds (self->range);
  else
    {
      double x0, x1, margin;

      /* The points in sight and half a span on either side, so that a
       * pan shows some while its own are read; a day more for the line
       * that enters the range. */
      salve_chart_get_range (salve_diary_chart_get_chart (self->chart), &x0, &x1);
      margin = (x1 - x0) / 2 + DAY;
      query->points_from_unix = (gint64) MAX (x0 - margin, (double) G_MININT32 * 1000.0);
      query->points_to_unix = (gint64) MIN (x1 + margin, (double) G_MAXINT32 * 1000.0);
      query->list_from_unix = (gint64) x0;
      query->list_to_unix = (gint64) x1 + 1;
    }
  query->list_limit = LIST_LIMIT;
}

/* The range in sight changed: its points and its list are read in a
 * worker; the chart and the list keep what they show until then. */
static void
load_range (SalveDiaryView *self)
{
  SalveDiaryQuery query;
  RangeLoad *load;

  /* A load under way brings a list; the range is looked at again then. */
  if (self->db == NULL || self->profile == NULL || self->load_cancellable != NULL)
    return;

  if (self->range_cancellable != NULL)
    g_cancellable_cancel (self->range_cancellable);
  g_clear_object (&self->range_cancellable);

  build_query (self, &query);
  load = g_new0 (RangeLoad, 1);
  load->view = g_object_ref (self);
  load->generation = ++self->range_generation;
  self->range_cancellable = g_cancellable_new ();
  _salve_background_hold ();
  salve_diary_load_async (salve_db_get_path (self->db), &query, self->range_cancellable, range_load_done_cb,
                          load);
}

/* A reload supersedes any load of a range. */
static void
cancel_range_load (SalveDiaryView *self)
{
  self->range_generation++;
  if (self->range_cancellable != NULL)
    g_cancellable_cancel (self->range_cancellable);
  g_clear_object (&self->range_cancellable);
}

/* Reads the diary again in a worker; the view shows it when it is in.
 * With @keep_range a period the person chose stays. */
static void
reload (SalveDiaryView *self,
        gboolean        keep_range)
{
  SalveDiaryQuery query;

  cancel_range_load (self);
  if (self->load_cancellable != NULL)
    {
      /* The load under way is superseded: the range is kept only when
       * every reload asked for that. */
      keep_range = keep_range && self->load_keep_range;
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
    }

  if (self->db == NULL || self->profile == NULL)
    {
      self->load_reveal = FALSE;
      show_no_data (self);
      return;
    }

  build_query (self, &query);
  self->load_recent = FALSE;
  self->load_keep_range = keep_range;
  self->load_changed_id = 0;
  self->load_cancellable = g_cancellable_new ();
  _salve_background_hold ();
  salve_diary_load_async (salve_db_get_path (self->db), &query, self->load_cancellable, load_done_cb,
                          g_object_ref (self));
}

/* After an add, an edit or a delete of entry @id: when the chart holds
 * every point and no load is under way, only that entry and the
 * statistics are read; else the diary again. */
static void
reload_change (SalveDiaryView *self,
               gint64          id)
{
  SalveDiaryQuery query;

  if (!self->have_window || self->load_cancellable != NULL || self->db == NULL || self->profile == NULL ||
      salve_chart_get_n_points (salve_diary_chart_get_chart (self->chart)) == 0)
    {
      reload (self, TRUE);
      return;
    }

  cancel_range_load (self);
  build_query (self, &query);
  query.recent_seconds = 0;
  query.points_from_unix = query.points_to_unix = 0;
  query.changed_id = id;
  self->load_recent = FALSE;
  self->load_keep_range = TRUE;
  self->load_changed_id = id;
  self->load_cancellable = g_cancellable_new ();
  _salve_background_hold ();
  salve_diary_load_async (salve_db_get_path (self->db), &query, self->load_cancellable, load_done_cb,
                          g_object_ref (self));
}

static void
salve_diary_view_set_context (SalveView    *view,
                              SalveDb      *db,
                              SalveProfile *profile)
{
  SalveDiaryView *self = SALVE_DIARY_VIEW (view);
  gboolean same = self->db == db && self->profile != NULL && profile != NULL &&
                  salve_profile_get_id (self->profile) == salve_profile_get_id (profile);

  g_set_object (&self->db, db);
  g_set_object (&self->profile, profile);
  /* Another person's diary starts with all regions together, and
   * nothing of the last person's stays in sight until it is read. */
  if (!same)
    {
      self->region_filter = ALL_REGIONS;
      g_clear_pointer (&self->intakes, g_ptr_array_unref);
      g_clear_pointer (&self->plan_content, salve_care_plan_summary_content_free);
      /* Out of sight at once; the next list replaces it. */
      g_clear_pointer (&self->list_entries, g_ptr_array_unref);
      replace_entries (self, NULL);
    }
  /* Another person's diary, or the first: what is in sight comes first. */
  self->load_recent = !same;
  reload (self, same);
}

static void
salve_diary_view_iface_init (SalveViewInterface *iface)
{
  iface->set_context = salve_diary_view_set_context;
}

static void
entry_saved_cb (SalveDiaryView  *self,
                SalveDiaryEntry *entry,
                gpointer         dialog)
{
  self->reveal_at = salve_diary_entry_get_at_unix (entry);
  reload_change (self, salve_diary_entry_get_id (entry));
  self->load_reveal = self->load_cancellable != NULL;

  toast (self, adw_toast_new (_("Diary entry saved")));
}

static gboolean
present_dialog_cb (gpointer data)
{
  g_autoptr(GtkWindow) dialog = g_weak_ref_get (data);

  /* Unless the main window went first, and the dialog with it. */
  if (dialog != NULL && !gtk_widget_in_destruction (GTK_WIDGET (dialog)))
    gtk_window_present (dialog);
  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
open_dialog (SalveDiaryView  *self,
             SalveDiaryEntry *entry)
{
  SalveDiaryEntryDialog *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  dialog = salve_diary_entry_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         self->db, salve_profile_get_id (self->profile), entry);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (entry_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  /* Made in this turn of the main loop and shown in the next: the
   * window answers a key or a click in between. */
  {
    GWeakRef *ref = g_new0 (GWeakRef, 1);

    g_weak_ref_init (ref, dialog);
    g_idle_add_full (G_PRIORITY_HIGH_IDLE, present_dialog_cb, ref, weak_ref_free);
  }
}

gboolean
salve_diary_view_add_entry (SalveDiaryView *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_VIEW (self), FALSE);

  if (self->db == NULL || self->profile == NULL)
    return FALSE;

  open_dialog (self, NULL);
  return TRUE;
}

/* The stored entry @id, if it is still the one the row shows: this
 * patient's, at the same time, with the same pain. Another program may
 * have changed the database under the list (a restore of a backup, and
 * an entry added since that took the freed number): then nothing is
 * done to it, the person is told, and the diary is read again. */
static SalveDiaryEntry *
entry_as_shown (SalveDiaryView *self,
                gint64          id)
{
  g_autoptr(SalveDiaryEntry) stored = NULL;
  g_autoptr(GError) error = NULL;
  SalveDiaryEntry *shown = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  stored = salve_diary_repo_get (self->db, id, &error);
  for (guint i = 0; i < n && shown == NULL; i++)
    {
      g_autoptr(SalveDiaryEntry) item = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

      if (salve_diary_entry_get_id (item) == id)
        shown = item;
    }

  if (stored != NULL && self->profile != NULL &&
      salve_diary_entry_get_profile_id (stored) == salve_profile_get_id (self->profile) &&
      (shown == NULL || (salve_diary_entry_get_at_unix (shown) == salve_diary_entry_get_at_unix (stored) &&
                         salve_diary_entry_get_pain (shown) == salve_diary_entry_get_pain (stored))))
    return g_steal_pointer (&stored);

  if (stored == NULL && !g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND))
    show_error (self, error->message);
  else
    toast (self, adw_toast_new (_("The diary was changed by another program: it is shown again as it is now. "
                                  "Nothing was changed.")));
  reload (self, TRUE);
  update_entries (self);
  return NULL;
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalveDiaryView *self = SALVE_DIARY_VIEW (widget);
  g_autoptr(SalveDiaryEntry) entry = NULL;

  if (self->db == NULL)
    return;

  entry = entry_as_shown (self, g_variant_get_int64 (parameter));
  if (entry == NULL)
    return;

  open_dialog (self, entry);
}

static void
undo_delete_cb (AdwToast       *t,
                SalveDiaryView *self)
{
  SalveDiaryEntry *entry = g_object_get_data (G_OBJECT (t), "entry");
  g_autoptr(GError) error = NULL;

  if (self->db == NULL || !salve_diary_repo_restore (self->db, entry, &error))
    {
      show_error (self, error ? error->message : _("The entry could not be restored."));
      return;
    }

  reload_change (self, salve_diary_entry_get_id (entry));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalveDiaryView *self = SALVE_DIARY_VIEW (widget);
  g_autoptr(SalveDiaryEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *t;

  if (self->db == NULL)
    return;

  /* The whole entry is kept by the toast, so Undo can put it back. */
  entry = entry_as_shown (self, g_variant_get_int64 (parameter));
  if (entry == NULL)
    return;
  if (!salve_diary_repo_delete (self->db, salve_diary_entry_get_id (entry), &error))
    {
      show_error (self, error->message);
      return;
    }

  reload_change (self, salve_diary_entry_get_id (entry));

  t = adw_toast_new (_("Diary entry deleted"));
  g_object_set_data_full (G_OBJECT (t), "entry", g_steal_pointer (&entry), g_object_unref);
  undo_toast (self, t, G_CALLBACK (undo_delete_cb));
}

static void
medication_saved_cb (SalveDiaryView  *self,
                     SalveMedication *intake,
                     gpointer         dialog)
{
  double x0, x1;
  gint64 at = salve_medication_get_at_unix (intake);

  reload (self, TRUE);
  salve_chart_get_range (salve_diary_chart_get_chart (self->chart), &x0, &x1);
  if (at < x0 || at >= x1)
    apply_range (self);
  update_entries (self);

  toast (self, adw_toast_new (_("Medication saved")));
}

static void
add_medication_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SalveDiaryView *self = SALVE_DIARY_VIEW (widget);
  SalveMedicationDialog *dialog;
  GtkRoot *root;

  if (self->db == NULL || self->profile == NULL)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = salve_medication_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        self->db, salve_profile_get_id (self->profile), NULL);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (medication_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_delete_medication_cb (AdwToast       *t,
                           SalveDiaryView *self)
{
  SalveMedication *intake = g_object_get_data (G_OBJECT (t), "intake");
  g_autoptr(GError) error = NULL;

  if (self->db == NULL || !salve_medication_repo_restore (self->db, intake, &error))
    {
      if (error != NULL)
        show_error (self, error->message);
      return;
    }
  reload (self, TRUE);
  update_entries (self);
}

static void
delete_medication_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SalveDiaryView *self = SALVE_DIARY_VIEW (widget);
  g_autoptr(SalveMedication) intake = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *t;

  if (self->db == NULL)
    return;

  intake = salve_medication_repo_get (self->db, g_variant_get_int64 (parameter), &error);
  if (intake == NULL || !salve_medication_repo_delete (self->db, salve_medication_get_id (intake), &error))
    {
      show_error (self, error->message);
      return;
    }

  reload (self, TRUE);
  update_entries (self);

  t = adw_toast_new (_("Medication intake deleted"));
  g_object_set_data_full (G_OBJECT (t), "intake", g_steal_pointer (&intake), g_object_unref);
  undo_toast (self, t, G_CALLBACK (undo_delete_medication_cb));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalveDiaryView *self = SALVE_DIARY_VIEW (widget);

  salve_diary_chart_zoom (self->chart, g_str_equal (action_name, "diary.zoom-in") ? 0.8 : 1.25);
}

gboolean
salve_diary_view_export (SalveDiaryView  *self,
                         const char      *path,
                         GError         **error)
{
  SalveChart *chart;
  gboolean ok;

  g_return_val_if_fail (SALVE_IS_DIARY_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Paper and other people's screens are light: exports use the light
   * palette, then the widget goes back to the style's. */
  chart = salve_diary_chart_get_chart (self->chart);
  salve_chart_set_theme (chart, SALVE_CHART_THEME_LIGHT);
  ok = salve_chart_export (chart, path, 1600, 600, error);
  salve_chart_set_theme (chart, adw_style_manager_get_dark (adw_style_manager_get_default ())
                                  ? SALVE_CHART_THEME_DARK : SALVE_CHART_THEME_LIGHT);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));

  return ok;
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    SalveDiaryView  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  const char *suffix = g_object_get_data (G_OBJECT (chooser), "format");

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file ? g_file_get_path (file) : NULL;
  if (path == NULL)
    goto out;

  if (!g_str_has_suffix (path, suffix))
    {
      char *with_suffix = g_strconcat (path, suffix, NULL);
      g_free (path);
      path = with_suffix;
    }

  if (!salve_diary_view_export (self, path, &error))
    show_error (self, error->message);
  else
    {
      message = g_strdup_printf (_("Chart exported to “%s”"), path);
      toast (self, adw_toast_new (message));
    }

out:
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalveDiaryView *self = SALVE_DIARY_VIEW (widget);
  const char *kind = g_variant_get_string (parameter, NULL);
  g_autofree char *suffix = g_strdup_printf (".%s", kind);
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Chart"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  /* Translators: suggested file name of an exported chart, without extension */
  name = g_strconcat (_("pain-diary"), suffix, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_add_suffix (filter, kind);
  gtk_file_filter_set_name (filter, g_str_equal (kind, "png") ? _("PNG image")
                                    : g_str_equal (kind, "svg") ? _("SVG image") : _("PDF document"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data_full (G_OBJECT (chooser), "format", g_steal_pointer (&suffix), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
salve_diary_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (salve_diary_view_parent_class)->map (widget);
  go_on_with_pending_entries (SALVE_DIARY_VIEW (widget));
}

static void
salve_diary_view_unmap (GtkWidget *widget)
{
  stop_pending_entries (SALVE_DIARY_VIEW (widget));
  GTK_WIDGET_CLASS (salve_diary_view_parent_class)->unmap (widget);
}

static void
salve_diary_view_dispose (GObject *object)
{
  SalveDiaryView *self = (SalveDiaryView *)object;

  cancel_refresh (self);
  g_clear_weak_pointer (&self->undo_toast);
  g_clear_handle_id (&self->region_source, g_source_remove);
  stop_pending_entries (self);
  g_clear_pointer (&self->entries_pending, g_ptr_array_unref);
  g_clear_pointer (&self->list_entries, g_ptr_array_unref);
  cancel_range_load (self);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  /* The bin's child is a bound template child: drop it through the bin
   * first, or disposing the template unparents it behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), SALVE_TYPE_DIARY_VIEW);
  g_clear_object (&self->db);
  g_clear_object (&self->profile);
  g_clear_pointer (&self->plan, salve_care_plan_free);
  g_clear_object (&self->table_model);
  g_clear_object (&self->entries);

  G_OBJECT_CLASS (salve_diary_view_parent_class)->dispose (object);
}

static void
salve_diary_view_finalize (GObject *object)
{
  SalveDiaryView *self = (SalveDiaryView *)object;

  g_free (self->range);
  g_clear_pointer (&self->region_codes, g_array_unref);
  g_clear_pointer (&self->plan_content, salve_care_plan_summary_content_free);
  g_clear_pointer (&self->intakes, g_ptr_array_unref);

  G_OBJECT_CLASS (salve_diary_view_parent_class)->finalize (object);
}

static void
salve_diary_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SalveDiaryView *self = SALVE_DIARY_VIEW (object);

  switch (prop_id)
    {
    case PROP_RANGE:
      g_value_set_string (value, self->range);
      break;
    case PROP_SHOW_DETAILS:
      g_value_set_boolean (value, self->show_details);
      break;
    case PROP_SHOW_TABLE:
      g_value_set_boolean (value, self->show_table);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_diary_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SalveDiaryView *self = SALVE_DIARY_VIEW (object);

  switch (prop_id)
    {
    case PROP_RANGE:
      g_free (self->range);
      self->range = g_value_dup_string (value);
      if (self->chart != NULL && g_strcmp0 (self->range, "custom") != 0)
        {
          apply_range (self);
          /* A range button is one change, not a drag: its points and
           * list are asked for at once. */
          if (self->have_window)
            {
              cancel_refresh (self);
              refresh_range_views (self);
            }
        }
      update_range_button (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_SHOW_DETAILS:
      self->show_details = g_value_get_boolean (value);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_SHOW_TABLE:
      self->show_table = g_value_get_boolean (value);
      if (self->show_table && self->chart != NULL && self->db != NULL && self->profile != NULL)
        update_table (self);
      if (self->data_stack != NULL)
        gtk_stack_set_visible_child_name (self->data_stack, self->show_table ? "table" : "chart");
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (user_data) == 0 ? 0 : 1);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkStringObject *row = gtk_list_item_get_item (item);
  g_auto(GStrv) fields = g_strsplit (gtk_string_object_get_string (row), "\t", -1);
  guint column = GPOINTER_TO_UINT (user_data);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      column < g_strv_length (fields) ? fields[column] : "");
}

static void
add_table_column (SalveDiaryView *self,
                  const char     *title,
                  guint           index)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (index));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (index));
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, index == 0);
  gtk_column_view_append_column (self->table_view, column);
  g_object_unref (column);
}

static void
salve_diary_view_class_init (SalveDiaryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_diary_view_dispose;
  widget_class->map = salve_diary_view_map;
  widget_class->unmap = salve_diary_view_unmap;
  object_class->finalize = salve_diary_view_finalize;
  object_class->get_property = salve_diary_view_get_property;
  object_class->set_property = salve_diary_view_set_property;

  properties [PROP_RANGE] =
    g_param_spec_string ("range", NULL, NULL, "quarter",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_SHOW_DETAILS] =
    g_param_spec_boolean ("show-details", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_SHOW_TABLE] =
    g_param_spec_boolean ("show-table", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SALVE_TYPE_DIARY_CHART);
  g_type_ensure (SALVE_TYPE_CARE_PLAN_SUMMARY);
  g_type_ensure (SALVE_TYPE_DIARY_WELLBEING);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-diary-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, page_stack);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, status_page);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, empty_add_button);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, data_page);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, region_box);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, headline_label);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, plan_summary);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, range_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, chart_export_button);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, more_button);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, more_button_narrow);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, data_stack);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, chart);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, hover_label);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, table_view);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, entries_heading);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, entries_list);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, medication_heading);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryView, medication_list);

  gtk_widget_class_install_property_action (widget_class, "diary.range", "range");
  gtk_widget_class_install_property_action (widget_class, "diary.show-details", "show-details");
  gtk_widget_class_install_property_action (widget_class, "diary.show-table", "show-table");
  gtk_widget_class_install_action (widget_class, "diary.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "diary.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "diary.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "diary.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "diary.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "diary.undo", NULL);
  gtk_widget_class_install_action (widget_class, "diary.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "diary.add-medication", NULL, add_medication_action);
  gtk_widget_class_install_action (widget_class, "diary.delete-medication", "x", delete_medication_action);
}

static void
salve_diary_view_init (SalveDiaryView *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autoptr(GtkNoSelection) entries_selection = NULL;
  g_autoptr(GtkListItemFactory) factory = NULL;

  self->range = g_strdup ("quarter");
  self->region_filter = ALL_REGIONS;

  gtk_widget_init_template (GTK_WIDGET (self));
  salve_tooltip_hide_while_open (self->range_menu_button);
  salve_tooltip_hide_while_open (self->chart_export_button);
  salve_tooltip_hide_while_open (self->more_button);
  salve_tooltip_hide_while_open (self->more_button_narrow);
  g_signal_connect_swapped (self->region_dropdown, "notify::selected", G_CALLBACK (region_selected_cb), self);
  update_range_button (self);

  self->entries = g_list_store_new (SALVE_TYPE_DIARY_ENTRY);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (entry_row_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (entry_row_bind), NULL);
  gtk_list_view_set_factory (self->entries_list, factory);
  entries_selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->entries)));
  gtk_list_view_set_model (self->entries_list, GTK_SELECTION_MODEL (entries_selection));

  self->table_model = gtk_string_list_new (NULL);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->table_model)));
  gtk_column_view_set_model (self->table_view, GTK_SELECTION_MODEL (selection));
  add_table_column (self, _("Day"), 0);
  add_table_column (self, _("Entries"), 1);
  add_table_column (self, _("Daily mean (0–10)"), 2);
  add_table_column (self, _("7-day mean (0–10)"), 3);
  add_table_column (self, _("Lowest–highest"), 4);

  g_signal_connect_object (self->chart, "highlight-changed", G_CALLBACK (update_hover), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart, "range-changed", G_CALLBACK (chart_range_changed_cb), self,
                           G_CONNECT_SWAPPED);
  reload (self, FALSE);
}
