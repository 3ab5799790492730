/* salve-diary-entry-dialog.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-diary-entry-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-body-picker.h"
#include "salve-care-plan.h"
#include "salve-diary-entry-dialog.h"
#include "salve-profile-repo.h"
#include "salve-body-region.h"
#include "salve-diary-repo.h"
#include "salve-discard.h"
#include "salve-pain-scale.h"
#include "salve-rating-button.h"
#include "salve-row-keys.h"
#include "salve-spin.h"
#include "salve-time.h"
#include "salve-tooltip.h"
#include "salve-when-row.h"

struct _SalveDiaryEntryDialog
{
  AdwWindow        parent_instance;

  SalveDb         *db;
  SalveDiaryEntry *entry;
  gboolean         is_new;

  SalvePainScale  *pain_scale;
  GtkLabel        *error_label;
  AdwWindowTitle  *window_title;
  GtkWidget       *error_focus;     /* described by the error (weak) */
  SalveWhenRow    *when_row;
  GtkMenuButton   *region_button;
  SalveBodyPicker *region_picker;
  GtkLabel        *region_name;
  GtkWidget       *side_box;
  GtkToggleButton *left_button;
  GtkToggleButton *right_button;
  GtkToggleButton *both_button;
  gboolean         syncing_side;
  char            *region;
  SalveRatingButton *fatigue_rating;
  SalveRatingButton *sleep_rating;
  SalveRatingButton *stress_rating;
  AdwEntryRow     *activities_row;
  GtkSwitch       *success_switch;
  AdwPreferencesGroup *minutes_group;
  GPtrArray       *minute_spins;   /* GtkSpinButton, "activity" data: its id */
  GtkWidget       *changes_group;
  GtkWidget       *note_group;
  gboolean         rest_built;
  gulong           first_paint_handler;
  guint            rest_source;
  GtkSwitch       *weakness_switch;
  GtkSwitch       *numbness_switch;
  GtkTextView     *note_view;
  GtkButton       *save_button;
  char            *opened_with;   /* the form as it was opened */
  gboolean         closing;       /* saved, or its changes given up */
};

G_DEFINE_FINAL_TYPE (SalveDiaryEntryDialog, salve_diary_entry_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
show_error (SalveDiaryEntryDialog *self,
            const char            *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  /* An earlier error's description goes with it (show_error_at() sets
   * the new one). */
  if (self->error_focus != NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->error_focus), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      g_clear_weak_pointer (&self->error_focus);
    }
}

/* The error, and the focus on what it is about: the widget that takes
 * the focus is described by it, so that a screen reader says why, not
 * only where. */
static void
show_error_at (SalveDiaryEntryDialog *self,
               const char            *message,
               GtkWidget             *widget)
{
  GtkWidget *focus;

  show_error (self, message);
  gtk_widget_grab_focus (widget);
  focus = gtk_root_get_focus (GTK_ROOT (self));
  if (focus == NULL || (focus != widget && !gtk_widget_is_ancestor (focus, widget)))
    focus = widget;
  gtk_accessible_update_property (GTK_ACCESSIBLE (focus), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
  g_set_weak_pointer (&self->error_focus, focus);
}

/* The error about the pain goes once a pain is chosen, not at Save: it
 * stayed, saying to choose one, beside the one chosen. */
static void
on_pain_chosen (SalveDiaryEntryDialog *self)
{
  GtkWidget *scale = GTK_WIDGET (self->pain_scale);

  if (self->error_focus != NULL && salve_pain_scale_get_value (self->pain_scale) >= 0 &&
      (self->error_focus == scale || gtk_widget_is_ancestor (self->error_focus, scale)))
    show_error (self, NULL);
}

/* The region is a body region id (a site, with its side for knees,
 * hands and the like), shown by its translated name; an older entry's
 * free text stays as it was until another is chosen. */
static void
update_region_button (SalveDiaryEntryDialog *self)
{
  if (self->region == NULL || *self->region == '\0')
    /* Translators: the body region button before a place is chosen */
    gtk_menu_button_set_label (self->region_button, _("Choose…"));
  else
    gtk_menu_button_set_label (self->region_button, salve_body_region_get_name (self->region));
}

static void
sync_side_buttons (SalveDiaryEntryDialog *self,
                   SalveSite              site,
                   SalveSide              side)
{
  gboolean sided = site < SALVE_N_SITES && salve_site_has_sides (site);

  self->syncing_side = TRUE;
  gtk_widget_set_visible (self->side_box, sided);
  gtk_toggle_button_set_active (side == SALVE_SIDE_LEFT ? self->left_button
                                : side == SALVE_SIDE_RIGHT ? self->right_button
                                : self->both_button, TRUE);
  self->syncing_side = FALSE;
}

/* The region the form holds, as a site: SALVE_N_SITES for none, or for
 * an older entry's free text. */
static SalveSite
taken_site (SalveDiaryEntryDialog *self,
            SalveSide             *side)
{
  SalveSite site = SALVE_N_SITES;

  *side = SALVE_SIDE_NONE;
  if (!salve_body_region_from_id (self->region, &site, side))
    return SALVE_N_SITES;
  return site;
}

/* The arrow keys move through the regions without taking one: the name
 * under the body says which one Return would take. */
static void
region_moved_cb (SalveDiaryEntryDialog *self)
{
  SalveSite site = salve_body_picker_get_site (self->region_picker);
  gboolean named = site < SALVE_N_SITES;

  gtk_label_set_label (self->region_name,
                       named ? salve_site_get_name (site) : _("Click a region, or move with the arrow keys"));
  /* The name stands out; the hint before it does not. */
  if (named)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->region_name), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->region_name), "heading");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->region_name), "heading");
      gtk_widget_add_css_class (GTK_WIDGET (self->region_name), "dim-label");
    }
}

/* Clicked, or taken with Return or Space: a knee or a hand asks for its
 * side before the popover closes, and the side's buttons get the focus.
 * Picking the same knee again keeps the side already chosen. */
static void
region_activated_cb (SalveDiaryEntryDialog *self)
{
  SalveSite site = salve_body_picker_get_site (self->region_picker);
  SalveSide side;

  if (site >= SALVE_N_SITES)
    return;

  if (taken_site (self, &side) != site || !salve_site_has_sides (site))
    side = SALVE_SIDE_NONE;
  g_free (self->region);
  self->region = g_strdup (salve_body_region_to_id (site, side));
  update_region_button (self);
  sync_side_buttons (self, site, side);

  if (salve_site_has_sides (site))
    gtk_widget_child_focus (self->side_box, GTK_DIR_TAB_FORWARD);
  else
    gtk_menu_button_popdown (self->region_button);
}

/* Closed with Escape or a click outside: the body shows the region the
 * form holds again, not one the arrow keys only moved to. The keyboard
 * focus, still on the hidden body when the region was taken with Return,
 * comes back to the button (Ctrl+Return did not save from there). */
static void
region_closed_cb (SalveDiaryEntryDialog *self,
                  GtkPopover            *popover)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));
  SalveSide side;

  salve_body_picker_set_site (self->region_picker, taken_site (self, &side));
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (popover)))
    gtk_widget_grab_focus (GTK_WIDGET (self->region_button));
}

/* Clicked rather than toggled: a click on the side already chosen
 * still closes the popover. The side is the taken region's. */
static void
side_clicked_cb (SalveDiaryEntryDialog *self,
                 GtkToggleButton       *button)
{
  SalveSide side;
  SalveSite site = taken_site (self, &side);

  if (self->syncing_side || !gtk_toggle_button_get_active (button) || site >= SALVE_N_SITES ||
      !salve_site_has_sides (site))
    return;

  side = button == self->left_button ? SALVE_SIDE_LEFT
         : button == self->right_button ? SALVE_SIDE_RIGHT
         : SALVE_SIDE_NONE;
  g_free (self->region);
  self->region = g_strdup (salve_body_region_to_id (site, side));
  update_region_button (self);
  gtk_menu_button_popdown (self->region_button);
}

static void
clear_region_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SalveDiaryEntryDialog *self = SALVE_DIARY_ENTRY_DIALOG (widget);

  g_clear_pointer (&self->region, g_free);
  update_region_button (self);
  sync_side_buttons (self, SALVE_N_SITES, SALVE_SIDE_NONE);
  gtk_menu_button_popdown (self->region_button);
}

static void fill_minutes (SalveDiaryEntryDialog *self);

/* The minutes, the changes to tell the doctor and the note, below the
 * first screenful: they are laid out after the dialog's first frame,
 * so that the dialog shows sooner and its making is not one long wait.
 * Their switches and note already hold the entry's values. */
static void
build_rest (SalveDiaryEntryDialog *self)
{
  if (self->rest_built)
    return;

  self->rest_built = TRUE;
  g_clear_handle_id (&self->rest_source, g_source_remove);
  fill_minutes (self);
  gtk_widget_set_visible (GTK_WIDGET (self->minutes_group), TRUE);
  gtk_widget_set_visible (self->changes_group, TRUE);
  gtk_widget_set_visible (self->note_group, TRUE);
}

static gboolean
build_rest_cb (gpointer data)
{
  SalveDiaryEntryDialog *self = data;

  self->rest_source = 0;
  build_rest (self);
  return G_SOURCE_REMOVE;
}

static void
first_paint_cb (SalveDiaryEntryDialog *self,
                GdkFrameClock         *frame_clock)
{
  g_clear_signal_handler (&self->first_paint_handler, frame_clock);
  if (!self->rest_built && self->rest_source == 0 && !gtk_widget_in_destruction (GTK_WIDGET (self)))
    self->rest_source = g_idle_add (build_rest_cb, self);
}

static void
salve_diary_entry_dialog_map (GtkWidget *widget)
{
  SalveDiaryEntryDialog *self = SALVE_DIARY_ENTRY_DIALOG (widget);
  GdkFrameClock *frame_clock;

  GTK_WIDGET_CLASS (salve_diary_entry_dialog_parent_class)->map (widget);
  /* The pain first, not Cancel, the header bar's first button: Return
   * then never throws the entry away. */
  gtk_widget_child_focus (GTK_WIDGET (self->pain_scale), GTK_DIR_TAB_FORWARD);

  frame_clock = gtk_widget_get_frame_clock (widget);
  if (!self->rest_built && self->first_paint_handler == 0 && frame_clock != NULL)
    self->first_paint_handler = g_signal_connect_object (frame_clock, "after-paint",
                                                         G_CALLBACK (first_paint_cb), self,
                                                         G_CONNECT_SWAPPED);
  else if (frame_clock == NULL)
    build_rest (self);
}

/* Everything the form holds, as one string: what Save would store. The
 * minutes of activities count once their rows are there (until then they
 * are the entry's). */
static char *
form_state (SalveDiaryEntryDialog *self)
{
  g_autoptr(GDateTime) when = salve_when_row_get_when (self->when_row);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  g_autoptr(GString) state = g_string_new (NULL);
  g_autofree char *note = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  note = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_string_append_printf (state, "%d|%" G_GINT64_FORMAT "|%s|%s|%d|%d|%d|%d|%d|%d|%s",
                          salve_pain_scale_get_value (self->pain_scale),
                          when != NULL ? g_date_time_to_unix (when) : G_MININT64,
                          self->region != NULL ? self->region : "",
                          gtk_editable_get_text (GTK_EDITABLE (self->activities_row)),
                          salve_rating_button_get_rating (self->fatigue_rating),
                          salve_rating_button_get_rating (self->sleep_rating),
                          salve_rating_button_get_rating (self->stress_rating),
                          gtk_switch_get_active (self->success_switch),
                          gtk_switch_get_active (self->weakness_switch),
                          gtk_switch_get_active (self->numbness_switch),
                          note);
  for (guint i = 0; i < self->minute_spins->len; i++)
    {
      GtkSpinButton *spin = g_ptr_array_index (self->minute_spins, i);
      const char *activity = g_object_get_data (G_OBJECT (spin), "activity");

      if ((guint) gtk_spin_button_get_value_as_int (spin) != salve_diary_entry_get_activity_minutes (self->entry, activity))
        g_string_append_printf (state, "|%s=%d", activity, gtk_spin_button_get_value_as_int (spin));
    }

  return g_string_free (g_steal_pointer (&state), FALSE);
}

static void
entry_discarded (GtkWindow *window)
{
  SALVE_DIARY_ENTRY_DIALOG (window)->closing = TRUE;
  gtk_window_close (window);
}

/* TRUE when closing may go on: nothing typed would be lost, or the
 * person was asked and gave it up. */
static gboolean
may_close (SalveDiaryEntryDialog *self)
{
  g_autofree char *now = NULL;

  if (self->closing || self->opened_with == NULL)
    return TRUE;
  now = form_state (self);
  if (g_str_equal (now, self->opened_with))
    return TRUE;

  salve_ask_discard (GTK_WINDOW (self),
                     self->is_new ? _("Discard This Entry?") : _("Discard the Changes?"),
                     self->is_new ? _("What you filled in is not saved in the diary.")
                                  : _("The entry stays as it was."),
                     entry_discarded);
  return FALSE;
}

/* A message about the day and time is out of date once they change. */
static void
when_changed_cb (SalveDiaryEntryDialog *self)
{
  GtkWidget *when_row = GTK_WIDGET (self->when_row);

  if (self->error_focus != NULL &&
      (self->error_focus == when_row || gtk_widget_is_ancestor (self->error_focus, when_row)))
    show_error (self, NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalveDiaryEntryDialog *self = SALVE_DIARY_ENTRY_DIALOG (widget);
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  int pain = salve_pain_scale_get_value (self->pain_scale);
  gboolean ok;

  /* The minutes are read from their rows: they must be there. */
  if (!self->rest_built)
    build_rest (self);

  if (pain < 0)
    {
      show_error_at (self, _("Choose how much pain you have, from 0 to 10."), GTK_WIDGET (self->pain_scale));
      return;
    }

  when = salve_when_row_get_when (self->when_row);
  if (when == NULL)
    {
      show_error_at (self, _("That time does not exist on that day: the clocks went forward. Choose another time."),
                     GTK_WIDGET (self->when_row));
      return;
    }

  buffer = gtk_text_view_get_buffer (self->note_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  note = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  salve_diary_entry_set_pain (self->entry, pain);
  salve_diary_entry_set_at (self->entry, when);
  salve_diary_entry_set_region (self->entry, self->region != NULL ? self->region : "");
  salve_diary_entry_set_activities (self->entry, gtk_editable_get_text (GTK_EDITABLE (self->activities_row)));
  salve_diary_entry_set_fatigue (self->entry, salve_rating_button_get_rating (self->fatigue_rating));
  salve_diary_entry_set_sleep_quality (self->entry, salve_rating_button_get_rating (self->sleep_rating));
  salve_diary_entry_set_stress (self->entry, salve_rating_button_get_rating (self->stress_rating));
  salve_diary_entry_set_success (self->entry, gtk_switch_get_active (self->success_switch));
  salve_diary_entry_clear_activity_minutes (self->entry);
  for (guint i = 0; i < self->minute_spins->len; i++)
    {
      GtkSpinButton *spin = g_ptr_array_index (self->minute_spins, i);
      int minutes;

      gtk_spin_button_update (spin);
      minutes = gtk_spin_button_get_value_as_int (spin);
      if (minutes > 0)
        salve_diary_entry_set_activity_minutes (self->entry, g_object_get_data (G_OBJECT (spin), "activity"),
                                                minutes);
    }
  salve_diary_entry_set_new_weakness (self->entry, gtk_switch_get_active (self->weakness_switch));
  salve_diary_entry_set_numbness (self->entry, gtk_switch_get_active (self->numbness_switch));
  salve_diary_entry_set_note (self->entry, note);

  if (self->is_new)
    ok = salve_diary_repo_add (self->db, self->entry, &error);
  else
    ok = salve_diary_repo_update (self->db, self->entry, &error);

  if (!ok && g_error_matches (error, SALVE_DIARY_ERROR, SALVE_DIARY_ERROR_FUTURE))
    {
      show_error_at (self, error->message, GTK_WIDGET (self->when_row));
      return;
    }
  if (!ok)
    {
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals [SAVED], 0, self->entry);
  self->closing = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
destroy_cb (gpointer data)
{
  if (!gtk_widget_in_destruction (GTK_WIDGET (data)))
    gtk_window_destroy (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

/* Closed, the dialog leaves the screen at once and is taken apart in a
 * later turn of the main loop: freeing its hundred or so widgets is a
 * wait of its own, best not added to the diary's answer to a save. At a
 * lower priority than that answer's idles (the list's and the chart's,
 * at the default one): the main loop runs every ready source of the
 * highest priority in one turn, and the two together made one long wait
 * after all. */
static gboolean
salve_diary_entry_dialog_close_request (GtkWindow *window)
{
  if (!may_close (SALVE_DIARY_ENTRY_DIALOG (window)))
    return TRUE;

  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  /* Hidden, it has no parent: the main window may go first. */
  gtk_window_set_transient_for (window, NULL);
  g_idle_add_full (G_PRIORITY_LOW, destroy_cb, g_object_ref (window), g_object_unref);
  return TRUE;
}

static void
salve_diary_entry_dialog_dispose (GObject *object)
{
  SalveDiaryEntryDialog *self = (SalveDiaryEntryDialog *)object;

  g_clear_handle_id (&self->rest_source, g_source_remove);
  g_clear_weak_pointer (&self->error_focus);
  gtk_widget_dispose_template (GTK_WIDGET (self), SALVE_TYPE_DIARY_ENTRY_DIALOG);
  g_clear_object (&self->db);
  g_clear_object (&self->entry);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->minute_spins, g_ptr_array_unref);
  g_clear_pointer (&self->opened_with, g_free);

  G_OBJECT_CLASS (salve_diary_entry_dialog_parent_class)->dispose (object);
}

static void
salve_diary_entry_dialog_class_init (SalveDiaryEntryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = salve_diary_entry_dialog_dispose;
  widget_class->map = salve_diary_entry_dialog_map;
  window_class->close_request = salve_diary_entry_dialog_close_request;

  signals [SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SALVE_TYPE_DIARY_ENTRY);

  g_type_ensure (SALVE_TYPE_PAIN_SCALE);
  g_type_ensure (SALVE_TYPE_BODY_PICKER);
  g_type_ensure (SALVE_TYPE_WHEN_ROW);
  g_type_ensure (SALVE_TYPE_RATING_BUTTON);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-diary-entry-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, pain_scale);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, when_row);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, region_button);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, region_picker);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, region_name);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, side_box);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, left_button);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, right_button);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, both_button);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, fatigue_rating);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, sleep_rating);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, stress_rating);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, activities_row);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, success_switch);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, minutes_group);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, changes_group);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, note_group);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, weakness_switch);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, numbness_switch);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, note_view);
  gtk_widget_class_bind_template_child (widget_class, SalveDiaryEntryDialog, save_button);

  gtk_widget_class_install_action (widget_class, "entry.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "entry.clear-region", NULL, clear_region_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "entry.save", NULL);
}

/* A row with the minutes of one activity; 0 is "not done". */
static void
add_minutes_row (SalveDiaryEntryDialog *self,
                 const char            *activity,
                 guint                  minutes)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, SALVE_ACTIVITY_MAX_MINUTES, 5);
  const char *name = salve_activity_get_name (activity);
  /* Translators: the accessible name of an activity's minutes, e.g. "Walking, minutes" */
  g_autofree char *label = g_strdup_printf (_("%s, minutes"), name);

  salve_spin_button_read_strictly (GTK_SPIN_BUTTON (spin));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), minutes);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (spin), "activity", g_strdup (activity), g_free);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  salve_row_activate_on_keys (row);
  adw_preferences_group_add (self->minutes_group, row);
  g_ptr_array_add (self->minute_spins, spin);
}

/* Another activity, by the name the person gives it: its id is the
 * name in lower case with dashes for spaces. */
static void
other_activity_cb (AdwEntryRow           *row,
                   SalveDiaryEntryDialog *self)
{
  g_autofree char *lower = g_utf8_strdown (gtk_editable_get_text (GTK_EDITABLE (row)), -1);
  char *id = g_strstrip (lower);

  g_strdelimit (id, " _", '-');
  if (!salve_activity_id_is_valid (id))
    {
      show_error_at (self, _("Name the activity with letters, digits and dashes, starting with a letter (at most 32)."),
                     GTK_WIDGET (row));
      return;
    }
  show_error (self, NULL);
  for (guint i = 0; i < self->minute_spins->len; i++)
    {
      GtkWidget *spin = g_ptr_array_index (self->minute_spins, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (spin), "activity"), id) == 0)
        {
          gtk_widget_grab_focus (spin);
          gtk_editable_set_text (GTK_EDITABLE (row), "");
          return;
        }
    }
  /* The new row goes before this one, which stays last. */
  g_object_ref (row);
  adw_preferences_group_remove (self->minutes_group, GTK_WIDGET (row));
  add_minutes_row (self, id, 0);
  adw_preferences_group_add (self->minutes_group, GTK_WIDGET (row));
  g_object_unref (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  gtk_widget_grab_focus (g_ptr_array_index (self->minute_spins, self->minute_spins->len - 1));
}

/* The built-in activities, then any other the entry already has. */
static void
fill_minutes (SalveDiaryEntryDialog *self)
{
  const char * const *builtin = salve_activity_get_builtin_ids ();
  g_auto(GStrv) recorded = salve_diary_entry_dup_activity_ids (self->entry);

  for (guint i = 0; builtin[i] != NULL; i++)
    add_minutes_row (self, builtin[i], salve_diary_entry_get_activity_minutes (self->entry, builtin[i]));
  for (guint i = 0; recorded != NULL && recorded[i] != NULL; i++)
    if (!salve_activity_is_builtin (recorded[i]))
      add_minutes_row (self, recorded[i], salve_diary_entry_get_activity_minutes (self->entry, recorded[i]));

  /* Last, the way to add one the list does not have. */
  {
    GtkWidget *other = adw_entry_row_new ();

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (other), _("Another activity"));
    adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (other), TRUE);
    g_signal_connect (other, "apply", G_CALLBACK (other_activity_cb), self);
    salve_tooltip_set_text (other, _("Type its name and press Enter to give its minutes"));
    adw_preferences_group_add (self->minutes_group, other);
  }
}

static void
salve_diary_entry_dialog_init (SalveDiaryEntryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->pain_scale, "notify::value", G_CALLBACK (on_pain_chosen), self);
  salve_tooltip_hide_while_open (self->region_button);
  /* Beside the row, not under it: the body is taller than the room below
   * or above the row on a 600 pixel screen, and its labels were cut off.
   * (The menu button sets its popover's side when it takes it: set after.) */
  gtk_popover_set_position (gtk_menu_button_get_popover (self->region_button), GTK_POS_LEFT);
  self->minute_spins = g_ptr_array_new ();
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  g_signal_connect_swapped (self->region_picker, "notify::site", G_CALLBACK (region_moved_cb), self);
  g_signal_connect_swapped (self->when_row, "notify::when", G_CALLBACK (when_changed_cb), self);
  g_signal_connect_swapped (self->region_picker, "activated", G_CALLBACK (region_activated_cb), self);
  g_signal_connect_swapped (gtk_menu_button_get_popover (self->region_button), "closed",
                            G_CALLBACK (region_closed_cb), self);
  region_moved_cb (self);
  g_signal_connect_swapped (self->left_button, "clicked", G_CALLBACK (side_clicked_cb), self);
  g_signal_connect_swapped (self->right_button, "clicked", G_CALLBACK (side_clicked_cb), self);
  g_signal_connect_swapped (self->both_button, "clicked", G_CALLBACK (side_clicked_cb), self);
  adw_entry_row_set_activates_default (self->activities_row, TRUE);
  {
    GtkWidget *activatable[] = {
      GTK_WIDGET (self->region_button), GTK_WIDGET (self->fatigue_rating),
      GTK_WIDGET (self->sleep_rating), GTK_WIDGET (self->stress_rating), GTK_WIDGET (self->success_switch),
      GTK_WIDGET (self->weakness_switch), GTK_WIDGET (self->numbness_switch),
    };

    for (guint i = 0; i < G_N_ELEMENTS (activatable); i++)
      salve_row_activate_on_keys (activatable[i]);
  }

  /* Ctrl+Return saves from the note too (the shortcuts window says so):
   * the text view took it for a new line before the dialog saw it. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                            gtk_named_action_new ("entry.save")));
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK),
                                                            gtk_named_action_new ("entry.save")));
    gtk_widget_add_controller (GTK_WIDGET (self->note_view), shortcuts);
  }
}

SalveDiaryEntryDialog *
salve_diary_entry_dialog_new (GtkWindow       *parent,
                              SalveDb         *db,
                              gint64           profile_id,
                              SalveDiaryEntry *entry)
{
  SalveDiaryEntryDialog *self;
  g_return_val_if_fail (SALVE_IS_DB (db), NULL);
  g_return_val_if_fail (entry == NULL || SALVE_IS_DIARY_ENTRY (entry), NULL);

  self = g_object_new (SALVE_TYPE_DIARY_ENTRY_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  self->is_new = entry == NULL;
  self->entry = entry ? salve_diary_entry_copy (entry) : salve_diary_entry_new (profile_id);

  /* Whose diary it is, under the title: the main window behind may show
   * another patient by the time this is saved. */
  {
    g_autoptr(SalveProfile) profile = salve_profile_repo_get (db, salve_diary_entry_get_profile_id (self->entry), NULL);

    if (profile != NULL)
      adw_window_title_set_subtitle (self->window_title, salve_profile_get_display_name (profile));
  }
  if (!self->is_new)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Diary Entry"));
      adw_window_title_set_title (self->window_title, _("Edit Diary Entry"));
      salve_pain_scale_set_value (self->pain_scale, CLAMP (salve_diary_entry_get_pain (entry), 0, 10));
      self->region = g_strdup (salve_diary_entry_get_region (entry));
      gtk_editable_set_text (GTK_EDITABLE (self->activities_row), salve_diary_entry_get_activities (entry));
      gtk_switch_set_active (self->success_switch, salve_diary_entry_get_success (entry));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), salve_diary_entry_get_note (entry), -1);
    }
  salve_rating_button_set_rating (self->fatigue_rating, salve_diary_entry_get_fatigue (self->entry));
  gtk_switch_set_active (self->weakness_switch, salve_diary_entry_get_new_weakness (self->entry));
  gtk_switch_set_active (self->numbness_switch, salve_diary_entry_get_numbness (self->entry));
  salve_rating_button_set_rating (self->sleep_rating, salve_diary_entry_get_sleep_quality (self->entry));
  salve_rating_button_set_rating (self->stress_rating, salve_diary_entry_get_stress (self->entry));

  /* Shown in local time, the way the person remembers it. */
  salve_when_row_set_when (self->when_row, salve_diary_entry_get_at (self->entry));
  {
    SalveSite site;
    SalveSide side;

    /* Setting the site keeps the side: the region is already set. */
    if (salve_body_region_from_id (self->region, &site, &side))
      {
        salve_body_picker_set_site (self->region_picker, site);
        sync_side_buttons (self, site, side);
      }
  }
  update_region_button (self);
  self->opened_with = form_state (self);

  return self;
}
