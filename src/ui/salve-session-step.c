/* salve-session-step.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-step"

#include "config.h"

#include <math.h>

#include "salve-session-step.h"

G_DEFINE_INTERFACE (SalveSessionStep, salve_session_step, GTK_TYPE_WIDGET)

static void
salve_session_step_default_init (SalveSessionStepInterface *iface)
{
  g_object_interface_install_property (iface,
                                       g_param_spec_boolean ("can-continue", NULL, NULL, FALSE,
                                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

void
salve_session_step_set_state (SalveSessionStep  *self,
                              SalveSessionState *state)
{
  g_return_if_fail (SALVE_IS_SESSION_STEP (self));
  g_return_if_fail (SALVE_IS_SESSION_STATE (state));

  SALVE_SESSION_STEP_GET_IFACE (self)->set_state (self, state);
}

void
salve_session_step_enter (SalveSessionStep *self)
{
  g_return_if_fail (SALVE_IS_SESSION_STEP (self));

  if (SALVE_SESSION_STEP_GET_IFACE (self)->enter != NULL)
    SALVE_SESSION_STEP_GET_IFACE (self)->enter (self);
}

void
salve_session_step_apply (SalveSessionStep *self)
{
  g_return_if_fail (SALVE_IS_SESSION_STEP (self));

  if (SALVE_SESSION_STEP_GET_IFACE (self)->apply != NULL)
    SALVE_SESSION_STEP_GET_IFACE (self)->apply (self);
}

gboolean
salve_session_step_focus_first (SalveSessionStep *self)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_val_if_fail (SALVE_IS_SESSION_STEP (self), FALSE);

  if (SALVE_SESSION_STEP_GET_IFACE (self)->focus_first != NULL)
    return SALVE_SESSION_STEP_GET_IFACE (self)->focus_first (self);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return TRUE;

  return gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

gboolean
salve_session_step_get_can_continue (SalveSessionStep *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_STEP (self), FALSE);

  if (SALVE_SESSION_STEP_GET_IFACE (self)->get_can_continue == NULL)
    return FALSE;

  return SALVE_SESSION_STEP_GET_IFACE (self)->get_can_continue (self);
}

enum {
  PROP_0,
  PROP_CAN_CONTINUE,
};

static void
step_get_property (GObject    *object,
                   guint       prop_id,
                   GValue     *value,
                   GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CAN_CONTINUE:
      g_value_set_boolean (value, salve_session_step_get_can_continue (SALVE_SESSION_STEP (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
_salve_session_step_class_setup (GtkWidgetClass *widget_class,
                                 const char     *template_resource)
{
  GObjectClass *object_class = G_OBJECT_CLASS (widget_class);

  object_class->get_property = step_get_property;
  g_object_class_override_property (object_class, PROP_CAN_CONTINUE, "can-continue");
  gtk_widget_class_set_template_from_resource (widget_class, template_resource);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

void
salve_session_step_notify_can_continue (SalveSessionStep *self)
{
  g_object_notify (G_OBJECT (self), "can-continue");
}

/* "12 mA", "0.5 cm²": a number and its unit, the way people write them. */
char *
_salve_session_step_format_value (double      value,
                                  const char *unit)
{
  if (fabs (value - round (value)) < 1e-9)
    return g_strdup_printf ("%.0f %s", value, unit);
  if (fabs (value * 10 - round (value * 10)) < 1e-9)
    return g_strdup_printf ("%.1f %s", value, unit);
  return g_strdup_printf ("%.2f %s", value, unit);
}

char *
_salve_session_step_format_clock (gint64 ms)
{
  gint64 s = MAX (ms, 0) / 1000;

  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));

  return g_strdup_printf ("%02d:%02d", (int) (s / 60), (int) (s % 60));
}

GtkWidget *
_salve_session_step_add_radio_row (AdwPreferencesGroup *group,
                                   GPtrArray           *rows,
                                   GtkCheckButton      *group_leader,
                                   const char          *title,
                                   const char          *subtitle,
                                   GtkCheckButton     **check_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (group_leader != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group_leader);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);

  *check_out = GTK_CHECK_BUTTON (check);
  return row;
}

void
_salve_session_step_remove_rows (AdwPreferencesGroup *group,
                                 GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

void
_salve_session_step_toast (SalveSessionStep *self,
                           const char       *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.toast", "s", message);
}

void
_salve_session_step_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}
