/* salve-diary-chart.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A thin widget around SalveChart: it turns pointer, touchpad and keyboard
 * input into ranges and a highlighted entry, and snapshots the chart with
 * gtk_snapshot_append_cairo(), so the screen shows exactly what the PNG,
 * SVG and PDF exports show. Layout and decimation happen when the size or
 * the range changes, never inside snapshot().
 */

#define G_LOG_DOMAIN "salve-diary-chart"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "salve-diary-chart.h"
#include "salve-snapshot.h"

#define ZOOM_STEP 1.25

struct _SalveDiaryChart
{
  GtkWidget   parent_instance;

  SalveChart *chart;
  double      pointer_x;
  double      pointer_y;
  double      gesture_x0;
  double      gesture_x1;
  double      zoom_anchor;
  gboolean    pointer_inside;
  /* The pointer in the window's coordinates, at its last motion. */
  double      window_pointer_x;
  double      window_pointer_y;
  gboolean    window_pointer_known;
  gboolean    keyboard_pick;   /* the entry picked came from the keys */
};

G_DEFINE_FINAL_TYPE (SalveDiaryChart, salve_diary_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW_PHASES,
  PROP_SHOW_DETAILS,
  N_PROPS
};

enum {
  HIGHLIGHT_CHANGED,
  RANGE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
update_description (SalveDiaryChart *self)
{
  g_autofree char *trend = salve_diary_stats_describe (salve_chart_get_stats (self->chart));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                 GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, trend,
                                 -1);
}

/* The entry read from the keyboard or the pointer (salve-diary-view.c
 * puts it in words), as the chart's name: a screen reader speaks the
 * focused widget's new name, not a label elsewhere. NULL: none. */
void
salve_diary_chart_set_reading (SalveDiaryChart *self,
                               const char      *reading)
{
  g_return_if_fail (SALVE_IS_DIARY_CHART (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, reading != NULL ? reading : _("Pain diary chart"),
                                  -1);
}

/* Layout and decimation now, off the draw path, then one redraw. */
static void
relayout (SalveDiaryChart *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (width > 0 && height > 0)
    salve_chart_prepare (self->chart, width, height);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Everything that follows a change of range: the layout, and the views
 * that list what is in range. */
static void
range_changed (SalveDiaryChart *self)
{
  relayout (self);
  g_signal_emit (self, signals [RANGE_CHANGED], 0);
}

static void
set_highlight (SalveDiaryChart *self,
               gssize           index)
{
  if (salve_chart_get_highlight (self->chart) == index)
    return;

  salve_chart_set_highlight (self->chart, index);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals [HIGHLIGHT_CHANGED], 0);
}

static void
update_theme (SalveDiaryChart *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  salve_chart_set_theme (self->chart, adw_style_manager_get_dark (manager)
                                        ? SALVE_CHART_THEME_DARK : SALVE_CHART_THEME_LIGHT);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
pointer_anchor (SalveDiaryChart *self)
{
  double left, plot_width;

  if (!self->pointer_inside)
    return 0.5;

  salve_chart_get_plot_area (self->chart, gtk_widget_get_width (GTK_WIDGET (self)),
                             gtk_widget_get_height (GTK_WIDGET (self)), &left, NULL, &plot_width, NULL);
  return CLAMP ((self->pointer_x - left) / plot_width, 0, 1);
}

/* Where the keyboard and the zoom buttons zoom: around the entry picked
 * (with the arrows, Home or End), while it is in sight, so that it stays
 * in sight; else as the pointer does. Around the middle, the last entry
 * that End picks at the edge was zoomed out of sight. */
static double
pick_anchor (SalveDiaryChart *self)
{
  gssize index = salve_chart_get_highlight (self->chart);
  double x0, x1, at;

  if (index < 0)
    return pointer_anchor (self);

  salve_chart_get_range (self->chart, &x0, &x1);
  at = salve_chart_get_point (self->chart, index)->at_unix;
  if (at < x0 || at >= x1 || x1 <= x0)
    return pointer_anchor (self);
  return (at - x0) / (x1 - x0);
}

static double
plot_width (SalveDiaryChart *self)
{
  double w;

  salve_chart_get_plot_area (self->chart, gtk_widget_get_width (GTK_WIDGET (self)),
                             gtk_widget_get_height (GTK_WIDGET (self)), NULL, NULL, &w, NULL);
  return MAX (w, 1);
}

static void
motion_cb (SalveDiaryChart          *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  GtkWidget *native = GTK_WIDGET (gtk_widget_get_native (GTK_WIDGET (self)));
  double window_x = x, window_y = y;
  gboolean moved = TRUE;

  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;

  /* A pointer that rests while the page scrolls under it (as it does
   * when the chart takes the focus) gets a motion too: that one keeps
   * the keyboard's pick, which it took away at once. So does the first
   * motion from a pointer not seen before (one resting where the chart
   * is laid out anew after a zoom): only a pointer seen to move over the
   * chart takes the keyboard's pick away. */
  if (native != NULL &&
      gtk_widget_translate_coordinates (GTK_WIDGET (self), native, x, y, &window_x, &window_y))
    {
      if (!self->window_pointer_known)
        moved = !self->keyboard_pick || salve_chart_get_highlight (self->chart) < 0;
      else
        moved = fabs (window_x - self->window_pointer_x) >= 1 || fabs (window_y - self->window_pointer_y) >= 1;
      self->window_pointer_x = window_x;
      self->window_pointer_y = window_y;
      self->window_pointer_known = TRUE;
    }
  if (!moved)
    return;

  self->keyboard_pick = FALSE;
  set_highlight (self, salve_chart_hit_test (self->chart, x, y,
                                             gtk_widget_get_width (GTK_WIDGET (self)),
                                             gtk_widget_get_height (GTK_WIDGET (self))));
}

static void
leave_cb (SalveDiaryChart          *self,
          GtkEventControllerMotion *controller)
{
  self->pointer_inside = FALSE;
  self->window_pointer_known = FALSE;
  /* Keyboard users keep what they picked; the pointer's pick goes. */
  if (!gtk_widget_has_focus (GTK_WIDGET (self)))
    set_highlight (self, -1);
}

static gboolean
scroll_cb (SalveDiaryChart          *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  GdkScrollUnit unit = gtk_event_controller_scroll_get_unit (controller);
  /* Touchpads report pixels, wheels report steps. */
  double scale = unit == GDK_SCROLL_UNIT_SURFACE ? 1.0 / 40.0 : 1.0;

  /* The chart sits in a page that scrolls up and down: a wheel turned
   * to read further down the page must not zoom the chart out to years
   * as it passes under the pointer. Ctrl with it zooms; sideways (or
   * with Shift) it moves. */
  if (state & GDK_CONTROL_MASK)
    {
      if (dy == 0)
        return GDK_EVENT_PROPAGATE;
      salve_chart_zoom (self->chart, pow (ZOOM_STEP, dy * scale), pointer_anchor (self));
    }
  else
    {
      if ((state & GDK_SHIFT_MASK) && dx == 0)
        dx = dy;
      else if (fabs (dx) <= fabs (dy))
        return GDK_EVENT_PROPAGATE;
      salve_chart_pan (self->chart, dx * scale * 0.1);
    }

  range_changed (self);
  return GDK_EVENT_STOP;
}

static void
drag_begin_cb (SalveDiaryChart *self,
               double           x,
               double           y,
               GtkGestureDrag  *gesture)
{
  salve_chart_get_range (self->chart, &self->gesture_x0, &self->gesture_x1);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
drag_update_cb (SalveDiaryChart *self,
                double           offset_x,
                double           offset_y,
                GtkGestureDrag  *gesture)
{
  double shift = -offset_x / plot_width (self) * (self->gesture_x1 - self->gesture_x0);

  salve_chart_set_range (self->chart, self->gesture_x0 + shift, self->gesture_x1 + shift);
  range_changed (self);
}

static void
zoom_begin_cb (SalveDiaryChart  *self,
               GdkEventSequence *sequence,
               GtkGesture       *gesture)
{
  double x, y, left;

  salve_chart_get_range (self->chart, &self->gesture_x0, &self->gesture_x1);
  self->zoom_anchor = 0.5;
  if (gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    {
      salve_chart_get_plot_area (self->chart, gtk_widget_get_width (GTK_WIDGET (self)),
                                 gtk_widget_get_height (GTK_WIDGET (self)), &left, NULL, NULL, NULL);
      self->zoom_anchor = CLAMP ((x - left) / plot_width (self), 0, 1);
    }
}

static void
zoom_scale_changed_cb (SalveDiaryChart *self,
                       double           scale,
                       GtkGestureZoom  *gesture)
{
  double span = self->gesture_x1 - self->gesture_x0;
  double at = self->gesture_x0 + self->zoom_anchor * span;
  double new_span = span / MAX (scale, 0.01);

  salve_chart_set_range (self->chart, at - self->zoom_anchor * new_span,
                         at + (1 - self->zoom_anchor) * new_span);
  range_changed (self);
}

/* Moves the keyboard's pick to the next or previous entry, and the
 * visible period along when the pick leaves it. */
static void
step_highlight (SalveDiaryChart *self,
                int              direction)
{
  gssize index = salve_chart_get_highlight (self->chart);
  gsize n = salve_chart_get_n_points (self->chart);
  double x0, x1, at;

  if (n == 0)
    return;

  salve_chart_get_range (self->chart, &x0, &x1);
  if (index < 0)
    index = salve_chart_find_nearest (self->chart, direction > 0 ? x0 : x1);
  else
    index = CLAMP (index + direction, 0, (gssize) n - 1);
  if (index < 0)
    return;

  at = salve_chart_get_point (self->chart, index)->at_unix;
  if (at < x0 || at >= x1)
    {
      salve_chart_set_range (self->chart, at - (x1 - x0) / 2, at + (x1 - x0) / 2);
      range_changed (self);
    }
  self->keyboard_pick = TRUE;
  set_highlight (self, index);
}

/* Picks the first (@last FALSE) or last entry of the diary, and moves
 * the visible period to it. */
static void
pick_end (SalveDiaryChart *self,
          gboolean         last)
{
  gsize n = salve_chart_get_n_points (self->chart);
  double x0, x1, at;

  if (n == 0)
    return;

  salve_chart_get_range (self->chart, &x0, &x1);
  at = salve_chart_get_point (self->chart, last ? n - 1 : 0)->at_unix;
  if (at < x0 || at >= x1)
    {
      salve_chart_set_range (self->chart, at - (x1 - x0) / 2, at + (x1 - x0) / 2);
      range_changed (self);
    }
  self->keyboard_pick = TRUE;
  set_highlight (self, last ? (gssize) n - 1 : 0);
}

static gboolean
key_pressed_cb (SalveDiaryChart       *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      if (shift)
        salve_diary_chart_pan (self, -0.25);
      else
        step_highlight (self, -1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (shift)
        salve_diary_chart_pan (self, 0.25);
      else
        step_highlight (self, 1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      pick_end (self, FALSE);
      return GDK_EVENT_STOP;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      pick_end (self, TRUE);
      return GDK_EVENT_STOP;
    case GDK_KEY_Page_Up:
      salve_diary_chart_pan (self, -0.9);
      return GDK_EVENT_STOP;
    case GDK_KEY_Page_Down:
      salve_diary_chart_pan (self, 0.9);
      return GDK_EVENT_STOP;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      salve_diary_chart_zoom (self, 1 / ZOOM_STEP);
      return GDK_EVENT_STOP;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      salve_diary_chart_zoom (self, ZOOM_STEP);
      return GDK_EVENT_STOP;
    case GDK_KEY_Escape:
      if (salve_chart_get_highlight (self->chart) < 0)
        return GDK_EVENT_PROPAGATE;
      set_highlight (self, -1);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static void
salve_diary_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 800;
    }
  else
    {
      /* The page around the chart scrolls: a narrow window keeps a
       * readable plot under a legend of several rows. */
      *minimum = 280;
      *natural = 360;
    }
}

static void
salve_diary_chart_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  SalveDiaryChart *self = SALVE_DIARY_CHART (widget);

  salve_chart_prepare (self->chart, width, height);
}

static void
salve_diary_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  SalveDiaryChart *self = SALVE_DIARY_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = salve_snapshot_begin_image (widget, width, height);
  salve_chart_draw (self->chart, cr, width, height);
  salve_snapshot_end_image (snapshot, cr, width, height);
}

static void
salve_diary_chart_dispose (GObject *object)
{
  SalveDiaryChart *self = (SalveDiaryChart *)object;

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  g_clear_object (&self->chart);

  G_OBJECT_CLASS (salve_diary_chart_parent_class)->dispose (object);
}

static void
salve_diary_chart_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SalveDiaryChart *self = SALVE_DIARY_CHART (object);

  switch (prop_id)
    {
    case PROP_SHOW_PHASES:
      g_value_set_boolean (value, salve_chart_get_show_phases (self->chart));
      break;
    case PROP_SHOW_DETAILS:
      g_value_set_boolean (value, salve_chart_get_show_details (self->chart));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_diary_chart_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SalveDiaryChart *self = SALVE_DIARY_CHART (object);

  switch (prop_id)
    {
    case PROP_SHOW_PHASES:
      if (salve_chart_get_show_phases (self->chart) == g_value_get_boolean (value))
        break;
      salve_chart_set_show_phases (self->chart, g_value_get_boolean (value));
      /* The same range: nothing in the list or the table changes. */
      relayout (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_SHOW_DETAILS:
      if (salve_chart_get_show_details (self->chart) == g_value_get_boolean (value))
        break;
      salve_chart_set_show_details (self->chart, g_value_get_boolean (value));
      relayout (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_diary_chart_class_init (SalveDiaryChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_diary_chart_dispose;
  object_class->get_property = salve_diary_chart_get_property;
  object_class->set_property = salve_diary_chart_set_property;
  widget_class->measure = salve_diary_chart_measure;
  widget_class->size_allocate = salve_diary_chart_size_allocate;
  widget_class->snapshot = salve_diary_chart_snapshot;

  properties [PROP_SHOW_PHASES] =
    g_param_spec_boolean ("show-phases", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_SHOW_DETAILS] =
    g_param_spec_boolean ("show-details", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals [HIGHLIGHT_CHANGED] =
    g_signal_new ("highlight-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals [RANGE_CHANGED] =
    g_signal_new ("range-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "diarychart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
salve_diary_chart_init (SalveDiaryChart *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->chart = salve_chart_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  salve_diary_chart_set_reading (self, NULL);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_swapped (gesture, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect_swapped (gesture, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (update_theme), self);
  update_theme (self);
  update_description (self);
}

GtkWidget *
salve_diary_chart_new (void)
{
  return g_object_new (SALVE_TYPE_DIARY_CHART, NULL);
}

SalveChart *
salve_diary_chart_get_chart (SalveDiaryChart *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_CHART (self), NULL);
  return self->chart;
}

void
salve_diary_chart_set_data (SalveDiaryChart *self,
                            GArray          *points,
                            GArray          *marks,
                            gboolean         keep_range)
{
  double x0, x1;

  g_return_if_fail (SALVE_IS_DIARY_CHART (self));

  salve_chart_get_range (self->chart, &x0, &x1);
  salve_chart_set_points (self->chart, points, NULL);
  salve_chart_set_marks (self->chart, marks);
  if (keep_range)
    salve_chart_set_range (self->chart, x0, x1);

  update_description (self);
  g_signal_emit (self, signals [HIGHLIGHT_CHANGED], 0);
  range_changed (self);
}

void
salve_diary_chart_set_computed (SalveDiaryChart *self,
                                GArray          *points,
                                GArray          *marks,
                                GTimeZone       *tz,
                                const GDate     *plan_start,
                                SalveDiaryStats *stats,
                                SalveChartRaw   *raw,
                                gboolean         keep_range)
{
  gssize pick = salve_chart_get_highlight (self->chart);
  SalveDiaryPoint picked = { 0 };
  double x0, x1;

  g_return_if_fail (SALVE_IS_DIARY_CHART (self));

  if (pick >= 0)
    picked = *salve_chart_get_point (self->chart, pick);
  salve_chart_get_range (self->chart, &x0, &x1);
  salve_chart_set_computed_raw (self->chart, points, raw, tz, plan_start, stats);
  salve_chart_set_marks (self->chart, marks);
  /* The same range with its points read anew (after a pan or a zoom):
   * the entry picked stays picked, or a keyboard user's second + or
   * arrow would start from nothing. */
  if (keep_range)
    {
      salve_chart_set_range (self->chart, x0, x1);
      if (pick >= 0)
        salve_chart_set_highlight (self->chart, salve_chart_find_point (self->chart, picked.at_unix, picked.id));
    }

  update_description (self);
  g_signal_emit (self, signals [HIGHLIGHT_CHANGED], 0);
  range_changed (self);
}

void
salve_diary_chart_replace_point (SalveDiaryChart       *self,
                                 gint64                 id,
                                 const SalveDiaryPoint *point,
                                 SalveDiaryStats       *stats)
{
  g_return_if_fail (SALVE_IS_DIARY_CHART (self));

  salve_chart_replace_point (self->chart, id, point, stats);

  update_description (self);
  g_signal_emit (self, signals [HIGHLIGHT_CHANGED], 0);
  range_changed (self);
}

void
salve_diary_chart_show_last (SalveDiaryChart *self,
                             double           seconds)
{
  g_return_if_fail (SALVE_IS_DIARY_CHART (self));

  if (seconds <= 0)
    salve_chart_show_all (self->chart);
  else
    salve_chart_show_last (self->chart, seconds);
  range_changed (self);
}

void
salve_diary_chart_zoom (SalveDiaryChart *self,
                        double           factor)
{
  g_return_if_fail (SALVE_IS_DIARY_CHART (self));

  salve_chart_zoom (self->chart, factor, pick_anchor (self));
  range_changed (self);
}

void
salve_diary_chart_pan (SalveDiaryChart *self,
                       double           fraction)
{
  g_return_if_fail (SALVE_IS_DIARY_CHART (self));

  salve_chart_pan (self->chart, fraction);
  range_changed (self);
}

gssize
salve_diary_chart_get_highlight (SalveDiaryChart *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_CHART (self), -1);
  return salve_chart_get_highlight (self->chart);
}
