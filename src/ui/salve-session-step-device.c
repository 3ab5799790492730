/* salve-session-step-device.c: step 2, the device and the program for the
 * site, and the safety check
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-step-device"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-findings-list.h"
#include "salve-session-steps.h"

struct _SalveSessionStepDevice
{
  GtkWidget            parent_instance;

  SalveSessionState   *state;
  GPtrArray           *device_rows;     /* AdwActionRow, one per choice of the state */
  GPtrArray           *device_checks;   /* GtkCheckButton, one per choice */
  GPtrArray           *device_marks;    /* GtkLabel, one per choice: why not, when not */
  GPtrArray           *programs;        /* SalvePreset of the chosen modality that fit the site */
  GPtrArray           *program_rows;
  GPtrArray           *program_checks;  /* GtkCheckButton, one per program */
  gboolean             updating;        /* the step itself changes the device or program */

  AdwPreferencesGroup *safety_group;
  GtkWidget           *answer_button;
  SalveFindingsList   *findings_list;
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
    {
      g_autofree char *sim = salve_treatment_find_simulator ();

      /* Said before it is chosen, not only when its session fails. */
      if (sim == NULL)
        /* Translators: %s is a modality, "TENS · the practice stimulator is not installed" */
        return g_strdup_printf (_("%s · the practice stimulator is not installed"), modality);
      return g_strdup_printf (_("%s · connected, no hardware needed"), modality);
    }

  if (choice->device == NULL)
    return g_strdup_printf (_("%s · Salve keeps the time"), modality);

  if (salve_device_is_manual (choice->device))
    return g_strdup_printf (_("%s · manual, Salve keeps the time"), modality);

  return g_strdup_printf (_("%s · connected on %s"), modality, choice->device->connection);
}

static const SalveProfileAnswers *
answers (SalveSessionStepDevice *self)
{
  return salve_treatment_get_answers (salve_session_state_get_treatment (self->state));
}

/* What the rules say about @modality on the chosen site for this person,
 * with the blocks in @blocks (may be NULL). The treatment enforces them;
 * this only marks the devices before one is chosen. */
static SalveVerdict
check_here (SalveSessionStepDevice  *self,
            SalveModality            modality,
            GPtrArray              **blocks)
{
  SalveSite site = salve_session_state_get_site (self->state);

  if (site >= SALVE_N_SITES)
    return salve_rules_check_modality (modality, answers (self), blocks);

  return salve_rules_check_site (modality, site, answers (self), blocks);
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

  if (self->updating || !gtk_check_button_get_active (check) || !g_ptr_array_find (self->program_checks, check, &index))
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
  guint chosen_index = 0;

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
        {
          chosen = check;
          chosen_index = i;
        }
    }

  if (chosen == NULL)
    chosen = leader;
  if (chosen == NULL)
    return;

  /* Shown as chosen, and chosen in the treatment: a program listed anew
   * is no change there, the values stay as edited. */
  self->updating = TRUE;
  gtk_check_button_set_active (chosen, TRUE);
  salve_session_state_set_program (self->state, g_ptr_array_index (self->programs, chosen_index));
  self->updating = FALSE;
}

static void
on_state_preset (SalveSessionStepDevice *self)
{
  if (!self->updating && self->state != NULL && salve_session_state_get_choice (self->state) != NULL)
    rebuild_programs (self);
}

/* The kinds of device allowed for this person on the site, for a block:
 * what to use instead. */
static char *
allowed_instead (SalveSessionStepDevice *self)
{
  g_autoptr(GString) names = g_string_new (NULL);
  guint n = 0;

  for (SalveModality m = 0; m < SALVE_N_MODALITIES; m++)
    {
      if (check_here (self, m, NULL) == SALVE_VERDICT_BLOCKED)
        continue;
      if (n++ > 0)
        /* Translators: between the names of modalities, "Soft laser, PEMF" */
        g_string_append (names, C_("list", ", "));
      g_string_append (names, salve_modality_get_name (m));
    }

  if (n == 0)
    return g_strdup (_("No kind of treatment in Salve is allowed here for you with these answers."));

  /* Translators: %s is one or more modalities by their names, "Soft laser" or
   * "Soft laser, PEMF": after the colon, so that a name starts with its capital */
  return g_strdup_printf (_("Allowed here for you instead: %s."), names->str);
}

/* The chosen device's button, which has the focus, carries the safety
 * check's verdict for a screen reader: the findings above it are out of
 * the way of Tab, and Next is not sensitive while they block. */
static void
describe_chosen_device (SalveSessionStepDevice *self,
                        GPtrArray              *findings)
{
  SalveVerdict verdict = findings != NULL ? salve_findings_get_verdict (findings) : SALVE_VERDICT_ALLOWED;
  GtkCheckButton *chosen = NULL;
  const SalveFinding *first = NULL;

  for (guint i = 0; i < self->device_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->device_checks, i);

      if (gtk_check_button_get_active (check))
        chosen = check;
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  if (chosen == NULL)
    return;

  for (guint i = 0; findings != NULL && i < findings->len && first == NULL; i++)
    {
      const SalveFinding *finding = g_ptr_array_index (findings, i);

      if ((verdict == SALVE_VERDICT_BLOCKED) == (finding->severity == SALVE_SEVERITY_BLOCK))
        first = finding;
    }

  if (verdict == SALVE_VERDICT_ALLOWED || first == NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (chosen), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    salve_verdict_get_name (SALVE_VERDICT_ALLOWED), -1);
  else
    {
      /* Translators: read by a screen reader on the chosen device, "Blocked: Stimulate no region where…" */
      g_autofree char *text = g_strdup_printf (_("%s: %s"), salve_verdict_get_name (verdict), first->reason);

      gtk_accessible_update_property (GTK_ACCESSIBLE (chosen), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
    }
}

/* The safety check of the plan as the treatment has it. When the chosen
 * device may not be used here, what is allowed instead; when that comes
 * from questions not answered yet, the way to answer them. */
static void
update_safety (SalveSessionStepDevice *self)
{
  GPtrArray *findings = salve_session_state_get_findings (self->state);
  const SalveSessionChoice *choice = salve_session_state_get_choice (self->state);
  gboolean unanswered = FALSE;
  g_autofree char *instead = NULL;

  /* Set anew, the list asks for the acknowledgement anew. */
  if (salve_findings_list_get_findings (self->findings_list) != findings)
    salve_findings_list_set_findings (self->findings_list, findings);

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      const SalveFinding *finding = g_ptr_array_index (findings, i);

      unanswered |= finding->severity == SALVE_SEVERITY_BLOCK && finding->unanswered;
    }
  gtk_widget_set_visible (self->answer_button, unanswered);

  if (choice != NULL && check_here (self, choice->modality, NULL) == SALVE_VERDICT_BLOCKED)
    instead = allowed_instead (self);
  adw_preferences_group_set_description (self->safety_group, instead);

  describe_chosen_device (self, findings);
}

/* Each device says whether it may be used on the site: "Never allowed
 * here" when not for anyone (TENS on the back of the neck), "Not allowed
 * for you" when the answers forbid it (a pacemaker), with the reason. */
static void
update_marks (SalveSessionStepDevice *self)
{
  GPtrArray *choices = salve_session_state_get_choices (self->state);

  for (guint i = 0; i < choices->len && i < self->device_marks->len; i++)
    {
      const SalveSessionChoice *choice = g_ptr_array_index (choices, i);
      GtkLabel *mark = g_ptr_array_index (self->device_marks, i);
      AdwActionRow *row = g_ptr_array_index (self->device_rows, i);
      g_autofree char *about = describe_choice (choice);
      g_autoptr(GPtrArray) blocks = NULL;
      const SalveFinding *first = NULL;
      gboolean never = FALSE;

      if (check_here (self, choice->modality, &blocks) == SALVE_VERDICT_BLOCKED)
        for (guint j = 0; blocks != NULL && j < blocks->len; j++)
          {
            const SalveFinding *finding = g_ptr_array_index (blocks, j);

            if (finding->severity != SALVE_SEVERITY_BLOCK)
              continue;
            if (first == NULL)
              first = finding;
            if (salve_finding_is_never_allowed (finding))
              {
                first = finding;
                never = TRUE;
                break;
              }
          }

      gtk_widget_set_visible (GTK_WIDGET (mark), first != NULL);
      if (first == NULL)
        {
          adw_action_row_set_subtitle (row, about);
          gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
          continue;
        }

      gtk_label_set_text (mark, never ? _("Never allowed here") : _("Not allowed for you"));
      {
        g_autofree char *why = NULL;
        g_autofree char *subtitle = NULL;

        /* The whole reason is in the safety check above; the row says
         * what it comes from. */
        if (never || first->condition >= SALVE_N_CONDITIONS)
          why = g_strdup (_("Not on this region, for anyone"));
        else if (first->not_sure)
          /* Translators: %s is a checklist question's name, "Pacemaker" */
          why = g_strdup_printf (_("Because of: %s, answered “Not sure”"), salve_condition_get_name (first->condition));
        else if (first->unanswered)
          /* Translators: %s is a checklist question's name, "Pacemaker" */
          why = g_strdup_printf (_("Because of: %s, not answered yet"), salve_condition_get_name (first->condition));
        else
          /* Translators: %s is a checklist question's name, "Pacemaker" */
          why = g_strdup_printf (_("Because of: %s"), salve_condition_get_name (first->condition));
        subtitle = g_strconcat (about, "\n", why, NULL);
        adw_action_row_set_subtitle (row, subtitle);
        gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                        first->reason, -1);
      }
    }
}

static void
on_device_toggled (GtkCheckButton         *check,
                   SalveSessionStepDevice *self)
{
  GPtrArray *choices = salve_session_state_get_choices (self->state);
  const SalveSessionChoice *choice;
  guint index;

  if (self->updating || !gtk_check_button_get_active (check) || !g_ptr_array_find (self->device_checks, check, &index))
    return;

  choice = g_ptr_array_index (choices, index);
  if (choice != salve_session_state_get_choice (self->state))
    {
      self->updating = TRUE;
      salve_session_state_set_choice (self->state, choice);
      self->updating = FALSE;
    }
  rebuild_programs (self);
  update_safety (self);

  salve_session_step_notify_can_continue (SALVE_SESSION_STEP (self));
}

static void
on_state_findings (SalveSessionStepDevice *self)
{
  if (salve_session_state_get_choice (self->state) != NULL)
    update_safety (self);
  salve_session_step_notify_can_continue (SALVE_SESSION_STEP (self));
}

static void
on_list_acknowledged (SalveFindingsList      *list,
                      GParamSpec             *pspec,
                      SalveSessionStepDevice *self)
{
  if (self->state != NULL)
    salve_session_state_set_acknowledged (self->state, salve_findings_list_get_acknowledged (list));
}

static void
on_state_can_start (SalveSessionStepDevice *self)
{
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
      GtkWidget *row;
      GtkWidget *mark;

      row = _salve_session_step_add_radio_row (self->device_group, self->device_rows, leader,
                                               choice->name, subtitle, &check);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      g_ptr_array_add (self->device_checks, check);
      g_signal_connect (check, "toggled", G_CALLBACK (on_device_toggled), self);
      if (leader == NULL)
        leader = check;

      mark = gtk_label_new (NULL);
      gtk_widget_add_css_class (mark, "error");
      gtk_widget_add_css_class (mark, "caption-heading");
      gtk_widget_set_valign (mark, GTK_ALIGN_CENTER);
      gtk_widget_set_visible (mark, FALSE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), mark);
      g_ptr_array_add (self->device_marks, mark);
    }

  g_signal_connect_object (state, "notify::preset", G_CALLBACK (on_state_preset), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (state, "notify::site", G_CALLBACK (update_marks), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (state, "notify::findings", G_CALLBACK (on_state_findings), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (state, "notify::can-start", G_CALLBACK (on_state_can_start), self, G_CONNECT_SWAPPED);
}

/* Reached from the site: the devices are marked for it, and the one
 * chosen before (by hand or by Repeat Last) is chosen, else the usual
 * one, with the programs that fit the site. */
static void
salve_session_step_device_enter (SalveSessionStep *step)
{
  SalveSessionStepDevice *self = SALVE_SESSION_STEP_DEVICE (step);
  GPtrArray *choices = salve_session_state_get_choices (self->state);
  const SalveSessionChoice *choice = salve_session_state_get_choice (self->state);
  GtkCheckButton *check;
  guint index;

  update_marks (self);

  if (choice == NULL)
    choice = salve_session_state_get_usual_choice (self->state);
  if (!g_ptr_array_find (choices, choice, &index) || index >= self->device_checks->len)
    return;

  check = g_ptr_array_index (self->device_checks, index);
  if (gtk_check_button_get_active (check))
    on_device_toggled (check, self);
  else
    gtk_check_button_set_active (check, TRUE);
}

/* The chosen device (which carries the verdict, see
 * describe_chosen_device()), else the first: not Answer Open Questions
 * above them, which closes the window. */
static gboolean
salve_session_step_device_focus_first (SalveSessionStep *step)
{
  SalveSessionStepDevice *self = SALVE_SESSION_STEP_DEVICE (step);

  for (guint i = 0; i < self->device_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->device_checks, i)))
      return gtk_widget_grab_focus (g_ptr_array_index (self->device_checks, i));

  return self->device_checks->len > 0 && gtk_widget_grab_focus (g_ptr_array_index (self->device_checks, 0));
}

static gboolean
salve_session_step_device_get_can_continue (SalveSessionStep *step)
{
  SalveSessionStepDevice *self = SALVE_SESSION_STEP_DEVICE (step);

  return self->state != NULL &&
         salve_session_state_get_choice (self->state) != NULL &&
         salve_session_state_get_preset (self->state) != NULL &&
         salve_session_state_get_site (self->state) < SALVE_N_SITES &&
         salve_session_state_get_can_start (self->state);
}

static void
step_iface_init (SalveSessionStepInterface *iface)
{
  iface->set_state = salve_session_step_device_set_state;
  iface->enter = salve_session_step_device_enter;
  iface->focus_first = salve_session_step_device_focus_first;
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
  g_clear_pointer (&self->device_marks, g_ptr_array_unref);
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

  g_type_ensure (SALVE_TYPE_FINDINGS_LIST);

  _salve_session_step_class_setup (widget_class, "/io/github/salve/Salve/salve-session-step-device.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepDevice, safety_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepDevice, answer_button);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepDevice, findings_list);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepDevice, device_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionStepDevice, program_group);
  gtk_widget_class_bind_template_callback (widget_class, on_list_acknowledged);
}

static void
salve_session_step_device_init (SalveSessionStepDevice *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->device_rows = g_ptr_array_new ();
  self->device_checks = g_ptr_array_new ();
  self->device_marks = g_ptr_array_new ();
  self->program_rows = g_ptr_array_new ();
  self->program_checks = g_ptr_array_new ();
}
