/* salve-when-row.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-when-row"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-parse.h"
#include "salve-row-keys.h"
#include "salve-spin.h"
#include "salve-time.h"
#include "salve-tooltip.h"
#include "salve-when-row.h"

struct _SalveWhenRow
{
  AdwActionRow   parent_instance;

  GtkMenuButton *button;
  GtkWidget     *now_button;
  /* The calendar and the spin buttons, made when the button first pops
   * up (a calendar is some sixty widgets to make and to free): until
   * then the day and time live here alone. */
  GtkCalendar   *calendar;
  GtkSpinButton *hour_spin;
  GtkSpinButton *minute_spin;
  int            year;
  int            month;
  int            day;
  int            hour;
  int            minute;
  /* The instant set_when() was given, with its offset and seconds: what
   * get_when() returns while the day and time shown are still its own.
   * Rebuilt from the local day and time, an entry edited for its pain
   * lost its seconds and offset, and one in the hour that happens twice
   * moved by an hour. */
  GDateTime     *given;
  gboolean       setting;
  gboolean       show_time;
};

G_DEFINE_FINAL_TYPE (SalveWhenRow, salve_when_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_WHEN,
  PROP_SHOW_TIME,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
show_when (SalveWhenRow *self)
{
  /* The day and the time as chosen, in local time; also one the clocks
   * skip, which get_when() then refuses. The fields are formatted as
   * they are: the zone of this value plays no part. */
  g_autoptr(GDateTime) shown = g_date_time_new_utc (self->year, self->month, self->day, self->hour, self->minute, 0);
  g_autofree char *text = NULL;

  if (shown == NULL)
    text = g_strdup ("");
  else if (self->show_time)
    text = salve_time_format_date_time (shown);
  else
    text = salve_time_format_date (shown);
  gtk_menu_button_set_label (self->button, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_WHEN]);
}

static void sync_popover (SalveWhenRow *self);

/* The person chose a day or a time in the popover. */
static void
when_changed (SalveWhenRow *self)
{
  g_autoptr(GDateTime) day = NULL;

  if (self->setting)
    return;

  day = gtk_calendar_get_date (self->calendar);
  self->year = g_date_time_get_year (day);
  self->month = g_date_time_get_month (day);
  self->day = g_date_time_get_day_of_month (day);
  self->hour = gtk_spin_button_get_value_as_int (self->hour_spin);
  self->minute = gtk_spin_button_get_value_as_int (self->minute_spin);
  /* The year arrows go on past the years Salve keeps: they stop there. */
  if (self->year < SALVE_YEAR_MIN || self->year > SALVE_YEAR_MAX)
    {
      self->year = CLAMP (self->year, SALVE_YEAR_MIN, SALVE_YEAR_MAX);
      /* 29 February of a year without one. */
      self->day = MIN (self->day, g_date_get_days_in_month (self->month, self->year));
      sync_popover (self);
    }
  show_when (self);
}

/* The popover's widgets show the row's day and time. */
static void
sync_popover (SalveWhenRow *self)
{
  g_autoptr(GDateTime) day = NULL;

  if (self->calendar == NULL)
    return;

  day = g_date_time_new_local (self->year, self->month, self->day, 12, 0, 0);
  self->setting = TRUE;
  gtk_calendar_select_day (self->calendar, day);
  gtk_spin_button_set_value (self->hour_spin, self->hour);
  gtk_spin_button_set_value (self->minute_spin, self->minute);
  self->setting = FALSE;
}

/* Two digits, as on a clock. */
static gboolean
time_spin_output_cb (GtkSpinButton *spin,
                     gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

GtkWidget *
salve_clock_spin_new (int         max,
                      const char *name)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  salve_spin_button_read_strictly (GTK_SPIN_BUTTON (spin));
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 2);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect (spin, "output", G_CALLBACK (time_spin_output_cb), NULL);

  return spin;
}

static GtkSpinButton *
time_spin (SalveWhenRow *self,
           GtkBox       *box,
           int           max,
           const char   *name)
{
  GtkWidget *spin = salve_clock_spin_new (max, name);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (spin), GTK_ORIENTATION_VERTICAL);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (when_changed), self);
  gtk_box_append (box, spin);

  return GTK_SPIN_BUTTON (spin);
}

static void
now_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  salve_when_row_set_now (SALVE_WHEN_ROW (widget));
}

static void
salve_when_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SalveWhenRow *self = SALVE_WHEN_ROW (object);

  switch (prop_id)
    {
    case PROP_WHEN:
      g_value_take_boxed (value, salve_when_row_get_when (self));
      break;

    case PROP_SHOW_TIME:
      g_value_set_boolean (value, self->show_time);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_when_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SalveWhenRow *self = SALVE_WHEN_ROW (object);

  switch (prop_id)
    {
    case PROP_SHOW_TIME:
      self->show_time = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_when_row_constructed (GObject *object)
{
  SalveWhenRow *self = SALVE_WHEN_ROW (object);

  G_OBJECT_CLASS (salve_when_row_parent_class)->constructed (object);

  if (!self->show_time)
    {
      gtk_button_set_label (GTK_BUTTON (self->now_button), _("_Today"));
      salve_tooltip_set_text (self->now_button, _("Set the day to today"));
      salve_tooltip_set_text (GTK_WIDGET (self->button), _("Choose the day"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Day"), -1);
    }
  salve_when_row_set_now (self);
}

static void
salve_when_row_finalize (GObject *object)
{
  SalveWhenRow *self = SALVE_WHEN_ROW (object);

  g_clear_pointer (&self->given, g_date_time_unref);

  G_OBJECT_CLASS (salve_when_row_parent_class)->finalize (object);
}

static void
salve_when_row_class_init (SalveWhenRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = salve_when_row_finalize;
  object_class->constructed = salve_when_row_constructed;
  object_class->get_property = salve_when_row_get_property;
  object_class->set_property = salve_when_row_set_property;

  properties [PROP_WHEN] =
    g_param_spec_boxed ("when", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SHOW_TIME] =
    g_param_spec_boolean ("show-time", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "when.now", NULL, now_action);
}

/* The arrow keys go from the chosen day: a day on or back, a week down
 * or up (GtkCalendar's own went to its first or last cell at the first
 * press, and chose nothing until Space). Return or Space closes the
 * popover with that day. Ctrl with the arrows stays the calendar's: the
 * month and the year. */
static gboolean
calendar_key_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 SalveWhenRow          *self)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self->calendar)) == GTK_TEXT_DIR_RTL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) to = NULL;
  int days;

  if ((state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      days = rtl ? 1 : -1;
      break;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      days = rtl ? -1 : 1;
      break;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      days = -7;
      break;

    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      days = 7;
      break;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      gtk_menu_button_popdown (self->button);
      gtk_widget_grab_focus (GTK_WIDGET (self->button));
      return TRUE;

    default:
      return FALSE;
    }

  day = gtk_calendar_get_date (self->calendar);
  to = g_date_time_add_days (day, days);
  if (to != NULL && g_date_time_get_year (to) >= SALVE_YEAR_MIN && g_date_time_get_year (to) <= SALVE_YEAR_MAX)
    gtk_calendar_select_day (self->calendar, to);
  return TRUE;
}

static void
create_popover (GtkMenuButton *button,
                gpointer       user_data)
{
  SalveWhenRow *self = user_data;
  GtkWidget *popover, *box, *time_box;
  GtkEventController *key;

  if (self->calendar != NULL)
    return;

  popover = gtk_popover_new ();
  /* The calendar with the time under it is taller than an 800×600 screen
   * has room for below a row in the lower half of a dialog (the hour and
   * minute fell off it): beside the button it fits. */
  if (self->show_time)
    gtk_menu_button_set_direction (self->button, GTK_ARROW_LEFT);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  time_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Day"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->calendar));
  gtk_widget_set_halign (time_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (time_box), gtk_label_new (_("Time")));
  self->hour_spin = time_spin (self, GTK_BOX (time_box), 23, _("Hour"));
  gtk_box_append (GTK_BOX (time_box), gtk_label_new (":"));
  self->minute_spin = time_spin (self, GTK_BOX (time_box), 59, _("Minute"));
  gtk_widget_set_visible (time_box, self->show_time);
  gtk_box_append (GTK_BOX (box), time_box);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (self->button, popover);

  sync_popover (self);
  /* The arrows for the month and the year move the calendar's chosen
   * day too, without "day-selected": the row follows what the calendar
   * shows as chosen, however it got there. */
  g_signal_connect_swapped (self->calendar, "notify::year", G_CALLBACK (when_changed), self);
  g_signal_connect_swapped (self->calendar, "notify::month", G_CALLBACK (when_changed), self);
  g_signal_connect_swapped (self->calendar, "notify::day", G_CALLBACK (when_changed), self);

  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (calendar_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->calendar), key);
}

static void
salve_when_row_init (SalveWhenRow *self)
{
  GtkWidget *now = gtk_button_new_with_mnemonic (_("_Now"));

  self->show_time = TRUE;
  self->now_button = now;

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->button), GTK_ALIGN_CENTER);
  salve_tooltip_set_text (GTK_WIDGET (self->button), _("Choose the day and time"));
  salve_tooltip_hide_while_open (self->button);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Day and time"), -1);
  gtk_menu_button_set_create_popup_func (self->button, create_popover, self, NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->button));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), GTK_WIDGET (self->button));
  salve_row_activate_on_keys (GTK_WIDGET (self));

  gtk_widget_set_valign (now, GTK_ALIGN_CENTER);
  salve_tooltip_set_text (now, _("Set the day and time to now"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (now), "when.now");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), now);
}

GtkWidget *
salve_when_row_new (const char *title)
{
  return g_object_new (SALVE_TYPE_WHEN_ROW,
                       "title", title,
                       "use-underline", TRUE,
                       NULL);
}

GtkWidget *
salve_when_row_new_date (const char *title)
{
  return g_object_new (SALVE_TYPE_WHEN_ROW,
                       "title", title,
                       "use-underline", TRUE,
                       "show-time", FALSE,
                       NULL);
}

void
salve_when_row_get_date (SalveWhenRow *self,
                         GDate        *date)
{
  g_autoptr(GDateTime) day = NULL;

  g_return_if_fail (SALVE_IS_WHEN_ROW (self));
  g_return_if_fail (date != NULL);

  g_date_clear (date, 1);
  g_date_set_dmy (date, self->day, self->month, self->year);
}

void
salve_when_row_set_date (SalveWhenRow *self,
                         const GDate  *date)
{
  g_autoptr(GDateTime) noon = NULL;

  g_return_if_fail (SALVE_IS_WHEN_ROW (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  /* Noon: a day that exists whatever the clock change. */
  noon = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 12, 0, 0);
  salve_when_row_set_when (self, noon);
}

void
salve_when_row_set_now_visible (SalveWhenRow *self,
                                gboolean      visible)
{
  g_return_if_fail (SALVE_IS_WHEN_ROW (self));

  gtk_widget_set_visible (self->now_button, visible);
}

/* TRUE when @dt's local day and time are the row's. */
static gboolean
shows (SalveWhenRow *self,
       GDateTime    *dt)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (dt);

  return g_date_time_get_year (local) == self->year && g_date_time_get_month (local) == self->month &&
         g_date_time_get_day_of_month (local) == self->day &&
         (!self->show_time || (g_date_time_get_hour (local) == self->hour &&
                               g_date_time_get_minute (local) == self->minute));
}

/* The day and the time, in local time: the way the person remembers
 * it. */
GDateTime *
salve_when_row_get_when (SalveWhenRow *self)
{
  g_autoptr(GDateTime) when = NULL;

  g_return_val_if_fail (SALVE_IS_WHEN_ROW (self), NULL);

  if (self->given != NULL && shows (self, self->given))
    return g_date_time_ref (self->given);

  /* A time the clocks skip (02:30 on the night they go forward) does
   * not exist: GLib would move it on by an hour without a word. */
  when = g_date_time_new_local (self->year, self->month, self->day, self->hour, self->minute, 0);
  if (when == NULL || !shows (self, when))
    return NULL;

  return g_steal_pointer (&when);
}

void
salve_when_row_set_when (SalveWhenRow *self,
                         GDateTime    *when)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_if_fail (SALVE_IS_WHEN_ROW (self));
  g_return_if_fail (when != NULL);

  local = g_date_time_to_local (when);
  g_clear_pointer (&self->given, g_date_time_unref);
  self->given = g_date_time_ref (when);
  self->year = g_date_time_get_year (local);
  self->month = g_date_time_get_month (local);
  self->day = g_date_time_get_day_of_month (local);
  self->hour = g_date_time_get_hour (local);
  self->minute = g_date_time_get_minute (local);
  sync_popover (self);
  show_when (self);
}

void
salve_when_row_set_now (SalveWhenRow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* To the minute, as the row shows it, and the same instant's offset:
   * in the hour that happens twice, the first 02:30 stays the first. */
  g_autoptr(GDateTime) minute = g_date_time_add (now, -(g_date_time_get_second (now) * G_USEC_PER_SEC +
                                                        g_date_time_get_microsecond (now)));

  salve_when_row_set_when (self, minute);
}
