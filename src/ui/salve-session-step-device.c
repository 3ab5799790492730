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
  GPtrArray           *device_blocks;   /* GPtrArray of SalveFinding per choice: NULL when allowed */
  GPtrArray           *programs;        /* SalvePreset of the chosen modality that fit the site */
  GPtrArray           *program_rows;
  GPtrArray           *program_checks;  /* GtkCheckButton, one per program */
  GPtrArray           *block_rows;
  gboolean             updating;        /* the step itself changes the program */

  AdwPreferencesGroup *repeat_group;
  GtkButton           *repeat_button;
  AdwPreferencesGroup *device_group;
  AdwPreferencesGroup *block_group;
  GtkWidget           *answer_button;
  AdwPreferencesGroup *program_group;
};

static void step_iface_init (SalveSessionStepInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SalveSessionStepDevice, salve_session_step_device, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (SALVE_TYPE_SESSION_STEP, step_iface_init))

static void
blocks_free (gpointer blocks)
{
  if (blocks != NULL)
    g_ptr_array_unref (blocks);
}

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

/* The findings that block the chosen device for this person, or NULL. */
static GPtrArray *
chosen_blocks (SalveSessionStepDevice *self)
{
  GPtrArray *choices = salve_session_state_get_choices (self->state);
  const SalveSessionChoice *choice = salve_session_state_get_choice (self->state);
  guint index;

  if (choice == NULL || !g_ptr_array_find (choices, choice, &index) || index >= self->device_blocks->len)
    return NULL;

  return g_ptr_array_index (self->device_blocks, index);
}

static gboolean
same_program (SalvePreset *a,
              SalvePreset *b)
{
  return a != NULL && b != NULL &&
         g_strcmp0 (salve_preset_get_id (a), salve_preset_get_id (b)) == 0 &&
         salve_preset_get_program_id (a) == salve_preset_get_program_id (b);
}

static void
on_program_toggled (GtkCheckButton         *check,
                    SalveSessionStepDevice *self)
{
  guint index;

  if (!gtk_check_button_get_active (check) || !g_ptr_array_find (self->program_checks, check, &index))
    return;

  self->updating = TRUE;
  salve_session_state_set_program (self->state, g_ptr_array_index (self->programs, index));
  self->updating = FALSE;
  salve_session_step_notify_can_continue (SALVE_SESSION_STEP (self));
}

/* Only the programs that fit the site: the glove program is not offered
 * for the lower back. The one chosen stays chosen, else the one of the
 * latest session, else the first. */
static void
rebuild_programs (SalveSessionStepDevice *self)
{
  SalvePreset *current = salve_session_state_get_preset (self->state);
  const char *usual = salve_session_state_get_usual_program (self->state);
  GtkCheckButton *leader = NULL;
  GtkCheckButton *chosen = NULL;

  _salve_session_step_remove_rows (self->program_group, self->program_rows);
  g_ptr_array_set_size (self->program_checks, 0);
  g_clear_pointer (&self->programs, g_ptr_array_unref);

  if (salve_session_state_get_choice (self->state) == NULL)
    return;

  self->programs = salve_session_state_list_programs (self->state);
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
        leader = check;
      if (same_program (preset, current) ||
          (chosen == NULL && current == NULL && usual != NULL && g_strcmp0 (salve_preset_get_id (preset), usual) == 0))
        chosen = check;
    }

  if (chosen == NULL)
    chosen = leader;
  if (chosen != NULL)
    gtk_check_button_set_active (chosen, TRUE);
}

static void
on_state_preset (SalveSessionStepDevice *self)
{
  if (!self->updating)
    rebuild_programs (self);
}

static char *
allowed_instead (SalveSessionStepDevice *self)
{
  const SalveProfileAnswers *answers = salve_treatment_get_answers (salve_session_state_get_treatment (self->state));
  g_autoptr(GString) names = g_string_new (NULL);
  guint n = 0;

  for (SalveModality m = 0; m < SALVE_N_MODALITIES; m++)
    {
      if (salve_rules_check_modality (m, answers, NULL) == SALVE_VERDICT_BLOCKED)
        continue;
      if (n++ > 0)
        /* Translators: between the names of modalities, "Soft laser, PEMF" */
        g_string_append (names, C_("list", ", "));
      g_string_append (names, salve_modality_get_name (m));
    }

  if (n == 0)
    return g_strdup (_("No kind of treatment in Salve is allowed for you with these answers."));

  /* Translators: %s is one or more modalities, "Soft laser" or "Soft laser, PEMF" */
  return g_strdup_printf (ngettext ("%s is allowed for you.", "%s are allowed for you.", n),
                          names->str);
}

/* Why the chosen device is not allowed for this person, what to do about
 * it (answer the open questions), and what is allowed instead. */
static void
update_block (SalveSessionStepDevice *self)
{
  GPtrArray *blocks = chosen_blocks (self);
  gboolean unanswered = FALSE;
  g_autofree char *instead = NULL;

  _salve_session_step_remove_rows (self->block_group, self->block_rows);
  gtk_widget_set_visible (GTK_WIDGET (self->block_group), blocks != NULL);
  if (blocks == NULL)
    return;

  for (guint i = 0; i < blocks->len; i++)
    {
      const SalveFinding *finding = g_ptr_array_index (blocks, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("action-unavailable-symbolic");

      gtk_widget_add_css_class (icon, "error");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), finding->reason);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), finding->source);
      adw_preferences_group_add (self->block_group, row);
      g_ptr_array_add (self->block_rows, row);
      unanswered |= finding->unanswered;
    }

  instead = allowed_instead (self);
  adw_preferences_group_set_description (self->block_group, instead);
  gtk_widget_set_visible (self->answer_button, unanswered);
}

static void
on_device_toggled (GtkCheckButton         *check,
                   SalveSessionStepDevice *self)
{
  GPtrArray *choices = salve_session_state_get_choices (self->state);
  guint index;

  if (!gtk_check_button_get_active (check) || !g_ptr_array_find (self->device_checks, check, &index))
    return;

  self->updating = TRUE;
  salve_session_state_set_choice (self->state, g_ptr_array_index (choices, index));
  self->updating = FALSE;
  rebuild_programs (self);
  update_block (self);

  salve_session_step_notify_can_continue (SALVE_SESSION_STEP (self));
}

/* "TENS · Lower back · 30 min": what the last session was. */
static char *
describe_last (SalveSession *last)
{
  double minutes = salve_session_get_planned_minutes (last);
  const char *modality = salve_modality_get_name (salve_session_get_modality (last));
  const char *site = salve_site_get_name (salve_session_get_site (last));

  if (minutes > 0)
    /* Translators: the last session, "Repeat Last: TENS · Neck · 30 min" */
    return g_strdup_printf (_("Repeat Last: %s · %s · %.0f min"), modality, site, minutes);

  /* Translators: the last session, "Repeat Last: Soft laser · Elbow" */
  return g_strdup_printf (_("Repeat Last: %s · %s"), modality, site);
}

/* The last session's device is chosen here as by hand, then its program,
 * site and values; the assistant takes it on through every step's check. */
static void
on_repeat_clicked (SalveSessionStepDevice *self)
{
  GPtrArray *choices = salve_session_state_get_choices (self->state);
  const SalveSessionChoice *choice = salve_session_state_get_last_choice (self->state);
  guint index;

  if (choice == NULL || !g_ptr_array_find (choices, choice, &index) || index >= self->device_checks->len)
    return;

  gtk_check_button_set_active (g_ptr_array_index (self->device_checks, index), TRUE);
  if (salve_session_state_get_choice (self->state) != choice)
    return;
  salve_session_state_repeat_last (self->state);
  rebuild_programs (self);
  update_block (self);
  salve_session_step_notify_can_continue (SALVE_SESSION_STEP (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.repeat-last", NULL);
}

static void
salve_session_step_device_set_state (SalveSessionStep  *step,
                                     SalveSessionState *state)
{
  SalveSessionStepDevice *self = SALVE_SESSION_STEP_DEVICE (step);
  GPtrArray *choices = salve_session_state_get_choices (state);
  const SalveProfileAnswers *answers = salve_treatment_get_answers (salve_session_state_get_treatment (state));
  const SalveSessionChoice *usual = salve_session_state_get_usual_choice (state);
  GtkCheckButton *leader = NULL;
  GtkCheckButton *first = NULL;

  g_set_object (&self->state, state);

  for (guint i = 0; i < choices->len; i++)
    {
      const SalveSessionChoice *choice = g_ptr_array_index (choices, i);
      g_autofree char *subtitle = describe_choice (choice);
      g_autoptr(GPtrArray) blocks = NULL;
      GtkCheckButton *check;
      GtkWidget *row;

      row = _salve_session_step_add_radio_row (self->device_group, self->device_rows, leader,
                                               choice->name, subtitle, &check);
      g_ptr_array_add (self->device_checks, check);
      g_signal_connect (check, "toggled", G_CALLBACK (on_device_toggled), self);
      if (leader == NULL)
        leader = check;
      if (choice == usual)
        first = check;

      /* Marked before a site is chosen: with a pacemaker, TENS is no
       * choice at all. */
      if (salve_rules_check_modality (choice->modality, answers, &blocks) == SALVE_VERDICT_BLOCKED)
        {
          GtkWidget *label = gtk_label_new (_("Not allowed for you"));

          gtk_widget_add_css_class (label, "error");
          gtk_widget_add_css_class (label, "caption-heading");
          gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
          if (blocks->len > 0)
            gtk_widget_set_tooltip_text (label, ((SalveFinding *) g_ptr_array_index (blocks, 0))->reason);
          g_ptr_array_add (self->device_blocks, g_steal_pointer (&blocks));
        }
      else
        g_ptr_array_add (self->device_blocks, NULL);
    }

  g_signal_connect_object (state, "notify::preset", G_CALLBACK (on_state_preset), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (state, "notify::site", G_CALLBACK (on_state_preset), self, G_CONNECT_SWAPPED);

  if (first == NULL)
    first = leader;
  if (first != NULL)
    gtk_check_button_set_active (first, TRUE);

  if (salve_session_state_get_last (state) != NULL)
    {
      g_autofree char *label = describe_last (salve_session_state_get_last (state));

      gtk_button_set_label (self->repeat_button, label);
      gtk_widget_set_visible (GTK_WIDGET (self->repeat_group), TRUE);
    }
}

static gboolean
salve_session_step_device_get_can_continue (SalveSessionStep *step)
{
  SalveSessionStepDevice *self = SALVE_SESSION_STEP_DEVICE (step);

  return self->state != NULL &&
         salve_session_state_get_choice (self->state) != NULL &&
         salve_session_state_get_preset (self->state) != NULL &&
         chosen_blocks (self) == NULL;
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
  g_clear_pointer (&self->device_blocks, g_ptr_array_unref);
  g_clear_pointer (&self->block_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (salve_session_step_device_parent_class)->dispose (object);
}

static void
salve_session_step_device_class_init (SalveSessionStepDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_session_step_device_dispose;

  _salve_session_step_class_setup (widget_class, "/io/github/salve/Salve/salve-session-step-device.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepDevice, repeat_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepDevice, repeat_button);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepDevice, device_group);
  gtk_widget_class_bind_template_callback (widget_class, on_repeat_clicked);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepDevice, block_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepDevice, answer_button);
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
  self->device_blocks = g_ptr_array_new_with_free_func (blocks_free);
  self->block_rows = g_ptr_array_new ();
}
