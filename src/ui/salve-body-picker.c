/* salve-body-picker.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-body-picker"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "salve-body-picker.h"
#include "salve-tooltip.h"

/* The body is drawn in a fixed 420 × 400 unit space: the front at x 0–200,
 * the back at x 220–420, each 200 wide, with a label row at the bottom. */
#define SPACE_W 420.0
#define SPACE_H 400.0
#define BACK_X  220.0

typedef enum
{
  SHAPE_ELLIPSE,
  SHAPE_RECT,
} ShapeKind;

typedef enum
{
  SIDE_FRONT = 1 << 0,
  SIDE_BACK  = 1 << 1,
  SIDE_BOTH  = SIDE_FRONT | SIDE_BACK,
} Side;

typedef struct
{
  SalveSite site;
  ShapeKind kind;
  Side      side;
  /* centre and half-sizes for ellipses; x, y, w, h for rectangles.
   * Limbs are given for the person's right side (the viewer's left)
   * and mirrored. */
  double    a, b, c, d;
  gboolean  mirror;
} Shape;

/* Hit-testing walks this table in order: small regions come before the
 * larger ones they sit on (eye before face before head). */
static const Shape shapes[] = {
  { SALVE_SITE_EYE,        SHAPE_ELLIPSE, SIDE_FRONT, 92, 38, 5, 3.5, TRUE },
  { SALVE_SITE_FACE,       SHAPE_ELLIPSE, SIDE_FRONT, 100, 50, 15, 12, FALSE },
  { SALVE_SITE_HEAD,       SHAPE_ELLIPSE, SIDE_BOTH,  100, 40, 22, 28, FALSE },
  { SALVE_SITE_NECK_FRONT, SHAPE_RECT,    SIDE_FRONT, 90, 67, 20, 17, FALSE },
  { SALVE_SITE_NECK,       SHAPE_RECT,    SIDE_BACK,  90, 67, 20, 17, FALSE },
  { SALVE_SITE_WRIST,      SHAPE_ELLIPSE, SIDE_BOTH,  50, 203, 7, 5, TRUE },
  { SALVE_SITE_HAND,       SHAPE_ELLIPSE, SIDE_BOTH,  48, 223, 9, 14, TRUE },
  { SALVE_SITE_ELBOW,      SHAPE_ELLIPSE, SIDE_BOTH,  56, 150, 8, 8, TRUE },
  { SALVE_SITE_SHOULDER,   SHAPE_ELLIPSE, SIDE_BOTH,  68, 92, 14, 10, TRUE },
  { SALVE_SITE_ARM,        SHAPE_RECT,    SIDE_BOTH,  51, 100, 14, 42, TRUE },
  { SALVE_SITE_ARM,        SHAPE_RECT,    SIDE_BOTH,  44, 158, 13, 40, TRUE },
  { SALVE_SITE_CHEST,      SHAPE_RECT,    SIDE_FRONT, 78, 86, 44, 48, FALSE },
  { SALVE_SITE_UPPER_BACK, SHAPE_RECT,    SIDE_BACK,  78, 86, 44, 48, FALSE },
  { SALVE_SITE_ABDOMEN,    SHAPE_RECT,    SIDE_FRONT, 80, 134, 40, 40, FALSE },
  { SALVE_SITE_LOWER_BACK, SHAPE_RECT,    SIDE_BACK,  80, 134, 40, 40, FALSE },
  { SALVE_SITE_HIP,        SHAPE_ELLIPSE, SIDE_BOTH,  76, 186, 7, 13, TRUE },
  { SALVE_SITE_PELVIS,     SHAPE_RECT,    SIDE_BOTH,  83, 174, 34, 26, FALSE },
  { SALVE_SITE_KNEE,       SHAPE_ELLIPSE, SIDE_BOTH,  89, 280, 10, 10, TRUE },
  { SALVE_SITE_ANKLE,      SHAPE_ELLIPSE, SIDE_BOTH,  89, 354, 7, 6, TRUE },
  { SALVE_SITE_FOOT,       SHAPE_ELLIPSE, SIDE_BOTH,  86, 370, 12, 7, TRUE },
  { SALVE_SITE_LEG,        SHAPE_RECT,    SIDE_BOTH,  80, 202, 18, 68, TRUE },
  { SALVE_SITE_LEG,        SHAPE_RECT,    SIDE_BOTH,  82, 290, 14, 58, TRUE },
};

struct _SalveBodyPicker
{
  GtkWidget    parent_instance;

  SalveSite    site;
  SalveSite    hover;
  SalveVerdict verdicts[SALVE_N_SITES];
};

G_DEFINE_FINAL_TYPE (SalveBodyPicker, salve_body_picker, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SITE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  ACTIVATED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

typedef struct
{
  double scale;
  double x0;
  double y0;
} Layout;

static void
get_layout (SalveBodyPicker *self,
            Layout          *layout)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  layout->scale = MIN (w / SPACE_W, h / SPACE_H);
  layout->x0 = (w - SPACE_W * layout->scale) / 2;
  layout->y0 = (h - SPACE_H * layout->scale) / 2;
}

static void
shape_path (cairo_t     *cr,
            const Shape *shape,
            double       offset_x,
            gboolean     mirrored)
{
  double a = shape->a;

  switch (shape->kind)
    {
    case SHAPE_ELLIPSE:
      if (mirrored)
        a = 200 - a;
      cairo_save (cr);
      cairo_translate (cr, offset_x + a, shape->b);
      cairo_scale (cr, shape->c, shape->d);
      cairo_new_sub_path (cr);
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore (cr);
      break;

    case SHAPE_RECT:
    default:
      {
        double r = MIN (shape->c, shape->d) / 3;
        double x;
        double y = shape->b;
        double w = shape->c;
        double h = shape->d;

        if (mirrored)
          a = 200 - a - w;
        x = offset_x + a;
        cairo_new_sub_path (cr);
        cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
        cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
        cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
        cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
        cairo_close_path (cr);
      }
      break;
    }
}

/* Calls @func for every drawn instance of every shape. */
typedef void (*ShapeFunc) (cairo_t     *cr,
                           const Shape *shape,
                           double       offset_x,
                           gboolean     mirrored,
                           gpointer     data);

/* Drawing goes from the large regions to the small ones on top of them
 * (the table's reverse); hit-testing goes small first. */
static void
foreach_instance_ordered (cairo_t   *cr,
                          ShapeFunc  func,
                          gpointer   data,
                          gboolean   reverse)
{
  for (guint n = 0; n < G_N_ELEMENTS (shapes); n++)
    {
      guint i = reverse ? G_N_ELEMENTS (shapes) - 1 - n : n;
      const Shape *shape = &shapes[i];

      for (guint side = 0; side < 2; side++)
        {
          double offset_x = side == 0 ? 0 : BACK_X;

          if (!(shape->side & (side == 0 ? SIDE_FRONT : SIDE_BACK)))
            continue;

          func (cr, shape, offset_x, FALSE, data);
          if (shape->mirror)
            func (cr, shape, offset_x, TRUE, data);
        }
    }
}

static void
foreach_instance (cairo_t   *cr,
                  ShapeFunc  func,
                  gpointer   data)
{
  foreach_instance_ordered (cr, func, data, FALSE);
}

typedef struct
{
  SalveBodyPicker *self;
  GdkRGBA          fg;
  GdkRGBA          accent;
  gboolean         focus;
} DrawData;

static void
draw_silhouette (cairo_t     *cr,
                 const Shape *shape,
                 double       offset_x,
                 gboolean     mirrored,
                 gpointer     data)
{
  shape_path (cr, shape, offset_x, mirrored);
}

static void
draw_region (cairo_t     *cr,
             const Shape *shape,
             double       offset_x,
             gboolean     mirrored,
             gpointer     user_data)
{
  DrawData *d = user_data;
  SalveBodyPicker *self = d->self;
  SalveSite site = shape->site;
  gboolean selected = site == self->site;
  gboolean hovered = site == self->hover;

  shape_path (cr, shape, offset_x, mirrored);

  switch (self->verdicts[site])
    {
    case SALVE_VERDICT_BLOCKED:
      cairo_set_source_rgba (cr, 0.878, 0.106, 0.141, selected ? 0.75 : 0.35);   /* red 3 */
      cairo_fill_preserve (cr);
      break;

    case SALVE_VERDICT_CAUTION:
      cairo_set_source_rgba (cr, 0.965, 0.827, 0.176, selected ? 0.8 : 0.45);    /* yellow 3 */
      cairo_fill_preserve (cr);
      break;

    case SALVE_VERDICT_ALLOWED:
    default:
      if (selected)
        {
          gdk_cairo_set_source_rgba (cr, &d->accent);
          cairo_fill_preserve (cr);
        }
      break;
    }

  if (hovered && !selected)
    {
      cairo_set_source_rgba (cr, d->fg.red, d->fg.green, d->fg.blue, 0.12);
      cairo_fill_preserve (cr);
    }

  cairo_set_line_width (cr, selected ? 2.5 : 1);
  if (selected)
    gdk_cairo_set_source_rgba (cr, &d->accent);
  else
    cairo_set_source_rgba (cr, d->fg.red, d->fg.green, d->fg.blue, 0.35);
  cairo_stroke (cr);

  if (selected && d->focus)
    {
      /* The keyboard focus ring, around the chosen region. */
      cairo_save (cr);
      shape_path (cr, shape, offset_x, mirrored);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, (double[]) { 3, 2 }, 2, 0);
      cairo_set_source_rgba (cr, d->fg.red, d->fg.green, d->fg.blue, 0.9);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

static void
draw_label (cairo_t    *cr,
            GtkWidget  *widget,
            const char *text,
            double      cx,
            double      y,
            double      scale)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_save (cr);
  cairo_scale (cr, 1 / scale, 1 / scale);
  cairo_move_to (cr, cx * scale - w / 2.0, y * scale);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

static void
salve_body_picker_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  SalveBodyPicker *self = SALVE_BODY_PICKER (widget);
  DrawData d = { self };
  Layout layout;
  cairo_t *cr;
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);

  get_layout (self, &layout);
  /* gtk_widget_get_color() is GTK 4.10 */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &d.fg);
  /* libadwaita's accent blue 3; the picker follows it in dark mode too. */
  gdk_rgba_parse (&d.accent, "#3584e4");
  d.focus = gtk_widget_has_visible_focus (widget);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  cairo_translate (cr, layout.x0, layout.y0);
  cairo_scale (cr, layout.scale, layout.scale);

  /* The silhouette under the regions, so the gaps read as one body. */
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  foreach_instance (cr, draw_silhouette, NULL);
  cairo_set_source_rgba (cr, d.fg.red, d.fg.green, d.fg.blue, 0.08);
  cairo_fill (cr);

  foreach_instance_ordered (cr, draw_region, &d, TRUE);

  cairo_set_source_rgba (cr, d.fg.red, d.fg.green, d.fg.blue, 0.7);
  draw_label (cr, widget, C_("body side", "Front"), 100, 384, layout.scale);
  draw_label (cr, widget, C_("body side", "Back"), BACK_X + 100, 384, layout.scale);

  cairo_destroy (cr);
}

typedef struct
{
  double    x;
  double    y;
  SalveSite hit;
} HitData;

static void
hit_region (cairo_t     *cr,
            const Shape *shape,
            double       offset_x,
            gboolean     mirrored,
            gpointer     user_data)
{
  HitData *hit = user_data;

  if (hit->hit != SALVE_N_SITES)
    return;

  cairo_new_path (cr);
  shape_path (cr, shape, offset_x, mirrored);
  if (cairo_in_fill (cr, hit->x, hit->y))
    hit->hit = shape->site;
}

static SalveSite
site_at (SalveBodyPicker *self,
         double           x,
         double           y)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (surface);
  HitData hit;
  Layout layout;

  get_layout (self, &layout);
  hit.x = (x - layout.x0) / layout.scale;
  hit.y = (y - layout.y0) / layout.scale;
  hit.hit = SALVE_N_SITES;

  foreach_instance (cr, hit_region, &hit);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return hit.hit;
}

static void
update_accessible (SalveBodyPicker *self)
{
  g_autofree char *label = NULL;

  if (self->site < SALVE_N_SITES && self->verdicts[self->site] != SALVE_VERDICT_ALLOWED)
    /* Translators: read by a screen reader: the region and its colour in words, "Body region: Knee, Caution" */
    label = g_strdup_printf (_("Body region: %s, %s"), salve_site_get_name (self->site),
                             salve_verdict_get_name (self->verdicts[self->site]));
  else if (self->site < SALVE_N_SITES)
    label = g_strdup_printf (_("Body region: %s"), salve_site_get_name (self->site));
  else
    label = g_strdup (_("Body region: none chosen"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Use the arrow keys to move between regions"),
                                  -1);
  salve_tooltip_set_text (GTK_WIDGET (self),
                          self->site < SALVE_N_SITES ? salve_site_get_name (self->site) : NULL);
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            SalveBodyPicker *self)
{
  SalveSite site = site_at (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (site < SALVE_N_SITES)
    {
      salve_body_picker_set_site (self, site);
      g_signal_emit (self, signals [ACTIVATED], 0, FALSE);
    }
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           SalveBodyPicker          *self)
{
  SalveSite site = site_at (self, x, y);

  if (site != self->hover)
    {
      self->hover = site;
      salve_tooltip_set_text (GTK_WIDGET (self),
                              site < SALVE_N_SITES ? salve_site_get_name (site) : NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave (GtkEventControllerMotion *motion,
          SalveBodyPicker          *self)
{
  self->hover = SALVE_N_SITES;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_key (GtkEventControllerKey *controller,
        guint                  keyval,
        guint                  keycode,
        GdkModifierType        state,
        SalveBodyPicker       *self)
{
  int delta;

  switch (keyval)
    {
    case GDK_KEY_Right:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Right:
    case GDK_KEY_KP_Down:
      delta = 1;
      break;

    case GDK_KEY_Left:
    case GDK_KEY_Up:
    case GDK_KEY_KP_Left:
    case GDK_KEY_KP_Up:
      delta = -1;
      break;

    case GDK_KEY_Home:
      salve_body_picker_set_site (self, 0);
      return TRUE;

    case GDK_KEY_End:
      salve_body_picker_set_site (self, SALVE_N_SITES - 1);
      return TRUE;

    /* The arrows only move the choice; these take it, as a click does. */
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      if (self->site >= SALVE_N_SITES)
        return FALSE;
      g_signal_emit (self, signals [ACTIVATED], 0, TRUE);
      return TRUE;

    default:
      return FALSE;
    }

  if (self->site >= SALVE_N_SITES)
    salve_body_picker_set_site (self, delta > 0 ? 0 : SALVE_N_SITES - 1);
  else
    salve_body_picker_set_site (self, (self->site + SALVE_N_SITES + delta) % SALVE_N_SITES);

  return TRUE;
}

static void
salve_body_picker_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 380;
    }
  else
    {
      *minimum = 230;
      *natural = 360;
    }
}

static void
salve_body_picker_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SalveBodyPicker *self = SALVE_BODY_PICKER (object);

  switch (prop_id)
    {
    case PROP_SITE:
      g_value_set_int (value, self->site);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_body_picker_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SalveBodyPicker *self = SALVE_BODY_PICKER (object);

  switch (prop_id)
    {
    case PROP_SITE:
      salve_body_picker_set_site (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_body_picker_class_init (SalveBodyPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = salve_body_picker_get_property;
  object_class->set_property = salve_body_picker_set_property;
  widget_class->snapshot = salve_body_picker_snapshot;
  widget_class->measure = salve_body_picker_measure;

  properties [PROP_SITE] =
    g_param_spec_int ("site", NULL, NULL, 0, SALVE_N_SITES, SALVE_N_SITES,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A site was taken: clicked, or Return or Space on the one the arrow
   * keys moved to (by_keyboard TRUE). The arrows alone only change
   * :site. */
  signals [ACTIVATED] =
    g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_css_name (widget_class, "bodypicker");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
salve_body_picker_init (SalveBodyPicker *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *key = gtk_event_controller_key_new ();

  self->site = SALVE_N_SITES;
  self->hover = SALVE_N_SITES;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");

  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  update_accessible (self);
}

GtkWidget *
salve_body_picker_new (void)
{
  return g_object_new (SALVE_TYPE_BODY_PICKER, NULL);
}

SalveSite
salve_body_picker_get_site (SalveBodyPicker *self)
{
  g_return_val_if_fail (SALVE_IS_BODY_PICKER (self), SALVE_N_SITES);
  return self->site;
}

void
salve_body_picker_set_site (SalveBodyPicker *self,
                            SalveSite        site)
{
  g_return_if_fail (SALVE_IS_BODY_PICKER (self));
  g_return_if_fail (site <= SALVE_N_SITES);

  if (self->site == site)
    return;

  self->site = site;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SITE]);
}

void
salve_body_picker_set_verdict (SalveBodyPicker *self,
                               SalveSite        site,
                               SalveVerdict     verdict)
{
  g_return_if_fail (SALVE_IS_BODY_PICKER (self));
  g_return_if_fail (site < SALVE_N_SITES);

  self->verdicts[site] = verdict;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (site == self->site)
    update_accessible (self);
}

void
salve_body_picker_clear_verdicts (SalveBodyPicker *self)
{
  g_return_if_fail (SALVE_IS_BODY_PICKER (self));

  for (guint i = 0; i < SALVE_N_SITES; i++)
    self->verdicts[i] = SALVE_VERDICT_ALLOWED;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible (self);
}
