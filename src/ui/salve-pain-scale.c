/* salve-pain-scale.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-pain-scale"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-pain-scale.h"
#include "salve-tooltip.h"

#define MAX_PAIN 10

struct _SalvePainScale
{
  GtkWidget        parent_instance;

  GtkWidget       *buttons_box;
  GtkWidget       *ends;
  GtkToggleButton *buttons[MAX_PAIN + 1];
  int              value;
  /* The digit typed last and when: "1" then "0" is 10. */
  int              digit;
  gint64           digit_us;
};

/* How long a first digit waits for a second one. */
#define DIGITS_MS 1000

G_DEFINE_FINAL_TYPE (SalvePainScale, salve_pain_scale, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
on_button_toggled (GtkToggleButton *button,
                   SalvePainScale  *self)
{
  int value = -1;

  for (int i = 0; i <= MAX_PAIN; i++)
    if (gtk_toggle_button_get_active (self->buttons[i]))
      value = i;

  if (value == self->value)
    return;

  self->value = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VALUE]);
}

static int
focused_button (SalvePainScale *self)
{
  for (int i = 0; i <= MAX_PAIN; i++)
    if (gtk_widget_has_focus (GTK_WIDGET (self->buttons[i])))
      return i;

  return 0;
}

static void
choose (SalvePainScale *self,
        int             value)
{
  salve_pain_scale_set_value (self, value);
  gtk_widget_grab_focus (GTK_WIDGET (self->buttons[value]));
}

/* Left and Right step the rating, as in a group of radio buttons: from
 * no rating, from the button that has the focus (Right on 0 gives 1). */
static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalvePainScale *self = SALVE_PAIN_SCALE (widget);
  int from = self->value < 0 ? focused_button (self) : self->value;

  choose (self, CLAMP (from + g_variant_get_int32 (parameter), 0, MAX_PAIN));
}

/* Home and End: no pain, worst pain. */
static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  choose (SALVE_PAIN_SCALE (widget), CLAMP (g_variant_get_int32 (parameter), 0, MAX_PAIN));
}

/* A digit typed: its rating, or with the digit typed just before it one
 * number ("1", "0": 10). A number above 10 is no rating: the bell, and
 * the first digit's rating stays. "10" typed read as 1, then 0, and the
 * worst pain was stored as none. */
static void
digit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SalvePainScale *self = SALVE_PAIN_SCALE (widget);
  int digit = g_variant_get_int32 (parameter);
  gint64 now = g_get_monotonic_time ();

  if (self->digit >= 0 && now - self->digit_us < DIGITS_MS * 1000)
    {
      int number = self->digit * 10 + digit;

      self->digit = -1;
      if (number > MAX_PAIN)
        {
          gtk_widget_error_bell (widget);
          return;
        }
      choose (self, number);
      return;
    }

  self->digit = digit;
  self->digit_us = now;
  choose (self, CLAMP (digit, 0, MAX_PAIN));
}

static gboolean
salve_pain_scale_grab_focus (GtkWidget *widget)
{
  SalvePainScale *self = SALVE_PAIN_SCALE (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->buttons[MAX (self->value, 0)]));
}

/* One stop for Tab, as a group of radio buttons is: Tab and Shift+Tab
 * come in on the chosen number (0 while none is) and go on out of the
 * scale. Through its eleven buttons one by one, Tab then Return chose the
 * number after the rating, and Shift+Tab came back to the rating from 0
 * and never left. Left and Right (the bindings) move the rating; Up and
 * Down leave for the field above or below, as in the rest of a form, and
 * never change the rating on the way. */
static gboolean
salve_pain_scale_focus (GtkWidget        *widget,
                        GtkDirectionType  direction)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, widget))
    return FALSE;

  return salve_pain_scale_grab_focus (widget);
}

static void
salve_pain_scale_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SalvePainScale *self = SALVE_PAIN_SCALE (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_int (value, self->value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_pain_scale_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SalvePainScale *self = SALVE_PAIN_SCALE (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      salve_pain_scale_set_value (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_pain_scale_dispose (GObject *object)
{
  SalvePainScale *self = SALVE_PAIN_SCALE (object);

  g_clear_pointer (&self->buttons_box, gtk_widget_unparent);
  g_clear_pointer (&self->ends, gtk_widget_unparent);

  G_OBJECT_CLASS (salve_pain_scale_parent_class)->dispose (object);
}

static void
salve_pain_scale_class_init (SalvePainScaleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_pain_scale_dispose;
  object_class->get_property = salve_pain_scale_get_property;
  object_class->set_property = salve_pain_scale_set_property;
  widget_class->grab_focus = salve_pain_scale_grab_focus;
  widget_class->focus = salve_pain_scale_focus;

  properties [PROP_VALUE] =
    g_param_spec_int ("value", NULL, NULL, -1, MAX_PAIN, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "pain-scale.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "pain-scale.select", "i", select_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "pain-scale.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, 0, "pain-scale.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "pain-scale.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Right, 0, "pain-scale.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "pain-scale.select", "i", 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "pain-scale.select", "i", MAX_PAIN);
  /* A digit is its rating (0 to 9); "1" and "0" typed after it, 10, as
   * does End. */
  gtk_widget_class_install_action (widget_class, "pain-scale.digit", "i", digit_action);
  for (int i = 0; i <= 9; i++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, 0, "pain-scale.digit", "i", i);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0 + i, 0, "pain-scale.digit", "i", i);
    }

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pain-scale");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
salve_pain_scale_init (SalvePainScale *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *low = gtk_label_new (_("No pain"));
  GtkWidget *high = gtk_label_new (_("Worst pain"));

  self->value = -1;
  self->digit = -1;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  self->buttons_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->buttons_box, "linked");
  gtk_box_set_homogeneous (GTK_BOX (self->buttons_box), TRUE);
  gtk_widget_set_parent (self->buttons_box, GTK_WIDGET (self));

  for (int i = 0; i <= MAX_PAIN; i++)
    {
      g_autofree char *text = g_strdup_printf ("%d", i);
      /* Translators: a pain button's tooltip and accessible name, e.g. “Pain 6 of 10” */
      g_autofree char *name = g_strdup_printf (_("Pain %d of 10"), i);
      GtkWidget *button = gtk_toggle_button_new_with_label (text);

      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->buttons[0]);
      salve_tooltip_set_text (button, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_widget_add_css_class (button, "pain-button");
      gtk_widget_set_name (button, text);
      g_signal_connect (button, "toggled", G_CALLBACK (on_button_toggled), self);
      gtk_box_append (GTK_BOX (self->buttons_box), button);
      self->buttons[i] = GTK_TOGGLE_BUTTON (button);
    }

  self->ends = gtk_center_box_new ();
  gtk_widget_add_css_class (low, "caption");
  gtk_widget_add_css_class (low, "dim-label");
  gtk_widget_add_css_class (high, "caption");
  gtk_widget_add_css_class (high, "dim-label");
  gtk_center_box_set_start_widget (GTK_CENTER_BOX (self->ends), low);
  gtk_center_box_set_end_widget (GTK_CENTER_BOX (self->ends), high);
  /* The buttons' names say it already; the ends are for the eye. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->ends), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_parent (self->ends, GTK_WIDGET (self));
}

GtkWidget *
salve_pain_scale_new (void)
{
  return g_object_new (SALVE_TYPE_PAIN_SCALE, NULL);
}

int
salve_pain_scale_get_value (SalvePainScale *self)
{
  g_return_val_if_fail (SALVE_IS_PAIN_SCALE (self), -1);
  return self->value;
}

void
salve_pain_scale_set_value (SalvePainScale *self,
                            int             value)
{
  g_return_if_fail (SALVE_IS_PAIN_SCALE (self));
  g_return_if_fail (value >= -1 && value <= MAX_PAIN);

  if (value >= 0)
    gtk_toggle_button_set_active (self->buttons[value], TRUE);
  else
    for (int i = 0; i <= MAX_PAIN; i++)
      gtk_toggle_button_set_active (self->buttons[i], FALSE);
}
