/* salve-session-step-site.c: step 2, the treatment site and the safety check
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-step-site"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-body-picker.h"
#include "salve-findings-list.h"
#include "salve-session-steps.h"

struct _SalveSessionStepSite
{
  GtkWidget          parent_instance;

  SalveSessionState *state;

  SalveBodyPicker   *body_picker;
  AdwComboRow       *site_row;
  AdwComboRow       *program_row;
  GPtrArray         *programs;      /* SalvePreset in program_row */
  gboolean           updating;
  SalveFindingsList *findings_list;
};

static void step_iface_init (SalveSessionStepInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SalveSessionStepSite, salve_session_step_site, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (SALVE_TYPE_SESSION_STEP, step_iface_init))

/* The body picker's colours: they depend on the modality and the answers
 * only, so they are worked out once the device is chosen. */
static void
tint_sites (SalveSessionStepSite *self)
{
  SalveTreatment *treatment = salve_session_state_get_treatment (self->state);

  for (SalveSite s = 0; s < SALVE_N_SITES; s++)
    salve_body_picker_set_verdict (self->body_picker, s, salve_treatment_get_site_verdict (treatment, s));
}

static void update_programs (SalveSessionStepSite *self);

static void
on_picker_site (SalveBodyPicker      *picker,
                GParamSpec           *pspec,
                SalveSessionStepSite *self)
{
  if (self->state != NULL)
    salve_session_state_set_site (self->state, salve_body_picker_get_site (picker));
}

static void
on_site_row_selected (AdwComboRow          *row,
                      GParamSpec           *pspec,
                      SalveSessionStepSite *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected < SALVE_N_SITES)
    salve_body_picker_set_site (self->body_picker, selected);
}

static void
on_state_site (SalveSessionState    *state,
               GParamSpec           *pspec,
               SalveSessionStepSite *self)
{
  SalveSite site = salve_session_state_get_site (state);

  if (salve_body_picker_get_site (self->body_picker) != site)
    salve_body_picker_set_site (self->body_picker, site);
  if (site < SALVE_N_SITES && adw_combo_row_get_selected (self->site_row) != (guint) site)
    adw_combo_row_set_selected (self->site_row, site);

  if (self->programs != NULL && !self->updating)
    update_programs (self);
  salve_session_step_notify_can_continue (SALVE_SESSION_STEP (self));
}

/* The programs that fit the site, the one in use selected: choosing the
 * lower back leaves out the glove program. */
static void
update_programs (SalveSessionStepSite *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  SalvePreset *current = salve_session_state_get_preset (self->state);
  guint selected = GTK_INVALID_LIST_POSITION;

  g_clear_pointer (&self->programs, g_ptr_array_unref);
  self->programs = salve_session_state_list_programs (self->state);
  for (guint i = 0; i < self->programs->len; i++)
    {
      SalvePreset *preset = g_ptr_array_index (self->programs, i);

      gtk_string_list_append (names, salve_preset_get_name (preset));
      if (current != NULL &&
          g_strcmp0 (salve_preset_get_id (preset), salve_preset_get_id (current)) == 0 &&
          salve_preset_get_program_id (preset) == salve_preset_get_program_id (current))
        selected = i;
    }

  self->updating = TRUE;
  adw_combo_row_set_model (self->program_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->program_row, selected);
  self->updating = FALSE;
}

static void
on_program_row_selected (AdwComboRow          *row,
                         GParamSpec           *pspec,
                         SalveSessionStepSite *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating || self->state == NULL || self->programs == NULL || selected >= self->programs->len)
    return;

  /* The row shows the choice already: no new list from inside its own
   * selection. */
  self->updating = TRUE;
  salve_session_state_set_program (self->state, g_ptr_array_index (self->programs, selected));
  self->updating = FALSE;
}

static void
on_state_preset (SalveSessionStepSite *self)
{
  if (!self->updating && self->programs != NULL)
    update_programs (self);
}

static void
on_state_findings (SalveSessionState    *state,
                   GParamSpec           *pspec,
                   SalveSessionStepSite *self)
{
  salve_findings_list_set_findings (self->findings_list, salve_session_state_get_findings (state));
}

static void
on_list_acknowledged (SalveFindingsList    *list,
                      GParamSpec           *pspec,
                      SalveSessionStepSite *self)
{
  if (self->state != NULL)
    salve_session_state_set_acknowledged (self->state, salve_findings_list_get_acknowledged (list));
}

static void
on_state_can_start (SalveSessionStepSite *self)
{
  salve_session_step_notify_can_continue (SALVE_SESSION_STEP (self));
}

static void
salve_session_step_site_set_state (SalveSessionStep  *step,
                                   SalveSessionState *state)
{
  SalveSessionStepSite *self = SALVE_SESSION_STEP_SITE (step);

  g_set_object (&self->state, state);
  g_signal_connect_object (state, "notify::site", G_CALLBACK (on_state_site), self, 0);
  g_signal_connect_object (state, "notify::findings", G_CALLBACK (on_state_findings), self, 0);
  g_signal_connect_object (state, "notify::can-start", G_CALLBACK (on_state_can_start), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (state, "notify::preset", G_CALLBACK (on_state_preset), self, G_CONNECT_SWAPPED);

  /* An earlier step may have set the state already. */
  on_state_site (state, NULL, self);
  on_state_findings (state, NULL, self);
}

static void
salve_session_step_site_enter (SalveSessionStep *step)
{
  SalveSessionStepSite *self = SALVE_SESSION_STEP_SITE (step);

  tint_sites (self);
  update_programs (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->body_picker));
}

static gboolean
salve_session_step_site_get_can_continue (SalveSessionStep *step)
{
  SalveSessionStepSite *self = SALVE_SESSION_STEP_SITE (step);

  return self->state != NULL &&
         salve_session_state_get_site (self->state) < SALVE_N_SITES &&
         salve_session_state_get_can_start (self->state);
}

static void
step_iface_init (SalveSessionStepInterface *iface)
{
  iface->set_state = salve_session_step_site_set_state;
  iface->enter = salve_session_step_site_enter;
  iface->get_can_continue = salve_session_step_site_get_can_continue;
}

static void
salve_session_step_site_dispose (GObject *object)
{
  SalveSessionStepSite *self = SALVE_SESSION_STEP_SITE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SALVE_TYPE_SESSION_STEP_SITE);
  _salve_session_step_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->state);
  g_clear_pointer (&self->programs, g_ptr_array_unref);

  G_OBJECT_CLASS (salve_session_step_site_parent_class)->dispose (object);
}

static void
salve_session_step_site_class_init (SalveSessionStepSiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_session_step_site_dispose;

  g_type_ensure (SALVE_TYPE_BODY_PICKER);
  g_type_ensure (SALVE_TYPE_FINDINGS_LIST);

  _salve_session_step_class_setup (widget_class, "/io/github/salve/Salve/salve-session-step-site.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepSite, body_picker);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepSite, site_row);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepSite, program_row);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepSite, findings_list);
  gtk_widget_class_bind_template_callback (widget_class, on_program_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_picker_site);
  gtk_widget_class_bind_template_callback (widget_class, on_site_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_list_acknowledged);
}

static void
salve_session_step_site_init (SalveSessionStepSite *self)
{
  g_autoptr(GtkStringList) sites = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (SalveSite s = 0; s < SALVE_N_SITES; s++)
    gtk_string_list_append (sites, salve_site_get_name (s));
  g_signal_handlers_block_by_func (self->site_row, on_site_row_selected, self);
  adw_combo_row_set_model (self->site_row, G_LIST_MODEL (sites));
  adw_combo_row_set_selected (self->site_row, GTK_INVALID_LIST_POSITION);
  g_signal_handlers_unblock_by_func (self->site_row, on_site_row_selected, self);
}
