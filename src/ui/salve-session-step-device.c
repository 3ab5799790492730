/* salve-session-step-device.c: step 1, the device and the program
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-step-device"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-session-steps.h"

struct _SalveSessionStepDevice
{
  GtkWidget            parent_instance;

  SalveSessionState   *state;
  GPtrArray           *device_rows;
  GPtrArray           *device_checks;   /* GtkCheckButton, one per choice of the state */
  GPtrArray           *programs;        /* SalvePreset of the chosen modality */
  GPtrArray           *program_rows;
  GPtrArray           *program_checks;  /* GtkCheckButton, one per program */

  AdwPreferencesGroup *device_group;
  AdwPreferencesGroup *program_group;
};

static void step_iface_init (SalveSessionStepInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SalveSessionStepDevice, salve_session_step_device, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (SALVE_TYPE_SESSION_STEP, step_iface_init))

static char *
describe_choice (const SalveSessionChoice *choice)
{
  const char *modality = salve_modality_get_name (choice->modality);

  if (choice->simulated)
    return g_strdup_printf (_("%s · connected, no hardware needed"), modality);

  if (choice->device == NULL)
    return g_strdup_printf (_("%s · Salve keeps the time"), modality);

  if (salve_device_is_manual (choice->device))
    return g_strdup_printf (_("%s · manual, Salve keeps the time"), modality);

  return g_strdup_printf (_("%s · connected on %s"), modality, choice->device->connection);
}

static void
on_program_toggled (GtkCheckButton         *check,
                    SalveSessionStepDevice *self)
{
  guint index;

  if (!gtk_check_button_get_active (check) || !g_ptr_array_find (self->program_checks, check, &index))
    return;

  salve_session_state_set_program (self->state, g_ptr_array_index (self->programs, index));
  salve_session_step_notify_can_continue (SALVE_SESSION_STEP (self));
}

static void
rebuild_programs (SalveSessionStepDevice *self)
{
  GtkCheckButton *leader = NULL;

  _salve_session_step_remove_rows (self->program_group, self->program_rows);
  g_ptr_array_set_size (self->program_checks, 0);
  g_clear_pointer (&self->programs, g_ptr_array_unref);

  if (salve_session_state_get_choice (self->state) == NULL)
    return;

  self->programs = salve_treatment_list_programs (salve_session_state_get_treatment (self->state));
  for (guint i = 0; i < self->programs->len; i++)
    {
      SalvePreset *preset = g_ptr_array_index (self->programs, i);
      g_autofree char *subtitle = NULL;
      GtkCheckButton *check;

      if (salve_preset_get_program_id (preset) > 0)
        subtitle = g_strdup_printf (_("Your program · %s"), salve_preset_get_summary (preset));
      else
        subtitle = g_strdup (salve_preset_get_summary (preset));

      _salve_session_step_add_radio_row (self->program_group, self->program_rows, leader,
                                         salve_preset_get_name (preset), subtitle, &check);
      g_ptr_array_add (self->program_checks, check);
      g_signal_connect (check, "toggled", G_CALLBACK (on_program_toggled), self);
      if (leader == NULL)
        {
          leader = check;
          gtk_check_button_set_active (check, TRUE);
        }
    }
}

static void
on_device_toggled (GtkCheckButton         *check,
                   SalveSessionStepDevice *self)
{
  SalveModality old_modality = salve_session_state_get_modality (self->state);
  GPtrArray *choices = salve_session_state_get_choices (self->state);
  guint index;

  if (!gtk_check_button_get_active (check) || !g_ptr_array_find (self->device_checks, check, &index))
    return;

  salve_session_state_set_choice (self->state, g_ptr_array_index (choices, index));
  if (salve_session_state_get_modality (self->state) != old_modality)
    rebuild_programs (self);

  salve_session_step_notify_can_continue (SALVE_SESSION_STEP (self));
}

static void
salve_session_step_device_set_state (SalveSessionStep  *step,
                                     SalveSessionState *state)
{
  SalveSessionStepDevice *self = SALVE_SESSION_STEP_DEVICE (step);
  GPtrArray *choices = salve_session_state_get_choices (state);
  GtkCheckButton *leader = NULL;

  g_set_object (&self->state, state);

  for (guint i = 0; i < choices->len; i++)
    {
      const SalveSessionChoice *choice = g_ptr_array_index (choices, i);
      g_autofree char *subtitle = describe_choice (choice);
      GtkCheckButton *check;

      _salve_session_step_add_radio_row (self->device_group, self->device_rows, leader,
                                         choice->name, subtitle, &check);
      g_ptr_array_add (self->device_checks, check);
      g_signal_connect (check, "toggled", G_CALLBACK (on_device_toggled), self);
      if (leader == NULL)
        leader = check;
    }

  if (leader != NULL)
    gtk_check_button_set_active (leader, TRUE);
}

static gboolean
salve_session_step_device_get_can_continue (SalveSessionStep *step)
{
  SalveSessionStepDevice *self = SALVE_SESSION_STEP_DEVICE (step);

  return self->state != NULL &&
         salve_session_state_get_choice (self->state) != NULL &&
         salve_session_state_get_preset (self->state) != NULL;
}

static void
step_iface_init (SalveSessionStepInterface *iface)
{
  iface->set_state = salve_session_step_device_set_state;
  iface->get_can_continue = salve_session_step_device_get_can_continue;
}

static void
salve_session_step_device_dispose (GObject *object)
{
  SalveSessionStepDevice *self = SALVE_SESSION_STEP_DEVICE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SALVE_TYPE_SESSION_STEP_DEVICE);
  _salve_session_step_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->state);
  g_clear_pointer (&self->programs, g_ptr_array_unref);
  g_clear_pointer (&self->device_rows, g_ptr_array_unref);
  g_clear_pointer (&self->device_checks, g_ptr_array_unref);
  g_clear_pointer (&self->program_rows, g_ptr_array_unref);
  g_clear_pointer (&self->program_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (salve_session_step_device_parent_class)->dispose (object);
}

static void
salve_session_step_device_class_init (SalveSessionStepDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_session_step_device_dispose;

  _salve_session_step_class_setup (widget_class, "/io/github/salve/Salve/salve-session-step-device.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepDevice, device_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepDevice, program_group);
}

static void
salve_session_step_device_init (SalveSessionStepDevice *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->device_rows = g_ptr_array_new ();
  self->device_checks = g_ptr_array_new ();
  self->program_rows = g_ptr_array_new ();
  self->program_checks = g_ptr_array_new ();
}
