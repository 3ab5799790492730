/* salve-session-assistant.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-assistant"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "salve-body-picker.h"
#include "salve-condition-repo.h"
#include "salve-device-repo.h"
#include "salve-diary-repo.h"
#include "salve-findings-list.h"
#include "salve-modality.h"
#include "salve-presets.h"
#include "salve-program-repo.h"
#include "salve-rules.h"
#include "salve-session-assistant.h"
#include "salve-session-journal.h"
#include "salve-session-repo.h"
#include "salve-session-runner.h"
#include "salve-sleep-monitor.h"
#include "salve-stimulator.h"
#include "salve-time.h"

/* How long closing waits for the session's record when the database is
 * busy. */
#define JOURNAL_CLOSE_WAIT_MS 10000

/* One row of the device list. */
typedef struct
{
  SalveDevice   *device;     /* NULL for the simulated stimulator and "other" rows */
  SalveModality  modality;
  char          *name;
  gboolean       simulated;
} DeviceChoice;

static void
device_choice_free (DeviceChoice *choice)
{
  g_clear_pointer (&choice->device, salve_device_free);
  g_free (choice->name);
  g_free (choice);
}

static const char * const steps[] = {
  "device", "site", "prepare", "pain-before", "run", "after",
};

struct _SalveSessionAssistant
{
  AdwWindow            parent_instance;

  SalveDb             *db;
  SalveProfile        *profile;
  SalveProfileAnswers  answers;

  GPtrArray           *choices;        /* DeviceChoice */
  GPtrArray           *programs;       /* SalvePreset of the chosen modality */
  DeviceChoice        *choice;         /* borrowed from choices */
  SalvePreset         *preset;         /* a copy the plan rows edit */
  SalveSite            site;
  gboolean             site_from_program;  /* not chosen by the person (yet) */
  gboolean             applying_program;
  int                  pain_before;
  int                  pain_after;
  GPtrArray           *effect_checks;  /* GtkCheckButton, id in "effect-id" data */
  GPtrArray           *skin_checks;    /* GtkCheckButton, id in "skin-id" data */

  SalveSession        *session;
  SalveSessionRunner  *runner;
  SalveStimulator     *stimulator;
  GSubprocess         *sim;
  SalveSleepMonitor   *sleep_monitor;
  GCancellable        *cancellable;
  guint                inhibit_cookie;
  gboolean             saved;
  /* The session's own writes, kept and retried while the database is
   * busy: the answers before and after, and the end when the runner
   * could not store it. */
  SalveSessionJournal *journal;
  gboolean             end_requeued;
  gboolean             after_queued;
  gboolean             close_when_stored;
  gboolean             close_asked;
  gboolean             waiting;        /* a write the database was too busy for */

  /* template */
  AdwWindowTitle      *window_title;
  GtkButton           *back_button;
  GtkButton           *next_button;
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwPreferencesGroup *device_group;
  AdwPreferencesGroup *program_group;
  SalveBodyPicker     *body_picker;
  AdwComboRow         *site_row;
  AdwPreferencesGroup *findings_group;
  AdwPreferencesGroup *steps_group;
  AdwPreferencesGroup *picture_group;
  GtkDrawingArea      *placement_picture;
  AdwPreferencesGroup *plan_group;
  AdwPreferencesGroup *eye_group;
  GtkCheckButton      *eye_check;
  AdwPreferencesGroup *pain_before_group;
  GtkLabel            *run_status_label;
  GtkLabel            *timer_label;
  GtkLabel            *total_label;
  GtkProgressBar      *progress_bar;
  GtkLabel            *prompt_label;
  GtkWidget           *intensity_box;
  GtkLabel            *output_label;
  GtkLabel            *output_caption;
  GtkButton           *pause_button;
  GtkWidget           *inhibit_box;
  AdwPreferencesGroup *outcome_group;
  AdwActionRow        *outcome_row;
  GtkImage            *outcome_icon;
  AdwPreferencesGroup *pain_after_group;
  AdwPreferencesGroup *effects_group;
  AdwPreferencesGroup *skin_group;
  GtkTextView         *note_view;

  /* built in code */
  GtkWidget           *findings_list;
  GPtrArray           *device_rows;
  GPtrArray           *program_rows;
  GPtrArray           *step_rows;
  GPtrArray           *plan_rows;
  GPtrArray           *effect_rows;
  GPtrArray           *skin_rows;
  AdwActionRow        *time_row;       /* laser: t = E / P, kept current */
  AdwActionRow        *fluence_row;
};

G_DEFINE_FINAL_TYPE (SalveSessionAssistant, salve_session_assistant, ADW_TYPE_WINDOW)

enum {
  SESSION_SAVED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void update_navigation  (SalveSessionAssistant *self);
static void update_run_page    (SalveSessionAssistant *self);
static void show_after_page    (SalveSessionAssistant *self);
static void update_outcome_row (SalveSessionAssistant *self);

static void
toast (SalveSessionAssistant *self,
       const char            *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static const char *
current_step (SalveSessionAssistant *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

static guint
step_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_strcmp0 (steps[i], name) == 0)
      return i;

  return 0;
}

static void
remove_rows (AdwPreferencesGroup *group,
             GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

/* "12 mA", "0.5 cm²": a number and its unit, the way people write them. */
static char *
format_value (double      value,
              const char *unit)
{
  if (fabs (value - round (value)) < 1e-9)
    return g_strdup_printf ("%.0f %s", value, unit);
  if (fabs (value * 10 - round (value * 10)) < 1e-9)
    return g_strdup_printf ("%.1f %s", value, unit);
  return g_strdup_printf ("%.2f %s", value, unit);
}

static char *
format_clock (gint64 ms)
{
  gint64 s = MAX (ms, 0) / 1000;

  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));

  return g_strdup_printf ("%02d:%02d", (int) (s / 60), (int) (s % 60));
}

/* Step 1: device and program */

static void
load_context (SalveSessionAssistant *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  gboolean has_modality[SALVE_N_MODALITIES] = { FALSE, };
  DeviceChoice *choice;

  salve_profile_answers_init (&self->answers, SALVE_ANSWER_UNKNOWN);
  if (!salve_condition_repo_load (self->db, salve_profile_get_id (self->profile), &self->answers, &error))
    {
      g_warning ("Could not read the checklist: %s", error->message);
      g_clear_error (&error);
    }

  devices = salve_device_repo_list (self->db, &error);
  if (devices == NULL)
    {
      g_warning ("Could not read the devices: %s", error->message);
      g_clear_error (&error);
    }

  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      SalveDevice *device = g_ptr_array_index (devices, i);

      if (device->removed_at != NULL)
        continue;

      choice = g_new0 (DeviceChoice, 1);
      choice->device = salve_device_copy (device);
      choice->modality = device->modality;
      choice->name = g_strdup (device->name);
      g_ptr_array_add (self->choices, choice);
      has_modality[device->modality] = TRUE;
    }

  /* Without hardware a session can still run for real on the simulated
   * stimulator, the same protocol a device maker implements. */
  choice = g_new0 (DeviceChoice, 1);
  choice->modality = SALVE_MODALITY_TENS;
  choice->name = g_strdup (_("Simulated stimulator"));
  choice->simulated = TRUE;
  g_ptr_array_add (self->choices, choice);

  for (SalveModality m = 0; m < SALVE_N_MODALITIES; m++)
    {
      if (has_modality[m])
        continue;

      choice = g_new0 (DeviceChoice, 1);
      choice->modality = m;
      /* Translators: %s is a modality, e.g. "Soft laser" */
      choice->name = g_strdup_printf (_("Another %s device"), salve_modality_get_name (m));
      g_ptr_array_add (self->choices, choice);
    }
}

static char *
describe_choice (const DeviceChoice *choice)
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

static gboolean
choice_is_connected (const DeviceChoice *choice)
{
  return choice != NULL &&
         (choice->simulated || (choice->device != NULL && !salve_device_is_manual (choice->device)));
}

static void rebuild_programs (SalveSessionAssistant *self);

static void
on_device_toggled (GtkCheckButton        *check,
                   SalveSessionAssistant *self)
{
  DeviceChoice *choice;
  SalveModality old_modality;

  if (!gtk_check_button_get_active (check))
    return;

  choice = g_object_get_data (G_OBJECT (check), "choice");
  old_modality = self->choice ? self->choice->modality : SALVE_N_MODALITIES;
  self->choice = choice;

  if (choice->modality != old_modality)
    rebuild_programs (self);

  update_navigation (self);
}

static GtkWidget *
add_radio_row (AdwPreferencesGroup *group,
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

static void
build_device_rows (SalveSessionAssistant *self)
{
  GtkCheckButton *leader = NULL;
  GtkCheckButton *first = NULL;

  for (guint i = 0; i < self->choices->len; i++)
    {
      DeviceChoice *choice = g_ptr_array_index (self->choices, i);
      g_autofree char *subtitle = describe_choice (choice);
      GtkCheckButton *check;

      add_radio_row (self->device_group, self->device_rows, leader, choice->name, subtitle, &check);
      g_object_set_data (G_OBJECT (check), "choice", choice);
      g_signal_connect (check, "toggled", G_CALLBACK (on_device_toggled), self);
      if (leader == NULL)
        leader = check;
      if (first == NULL)
        first = check;
    }

  if (first != NULL)
    gtk_check_button_set_active (first, TRUE);
}

static double intensity_ceiling (SalveSessionAssistant *self);

static void
set_preset (SalveSessionAssistant *self,
            SalvePreset           *preset)
{
  g_autoptr(SalvePreset) copy = NULL;
  g_autoptr(GList) keys = NULL;
  const DeviceChoice *choice = self->choice;

  /* The plan rows edit a copy: the catalogue stays as it is. */
  copy = salve_preset_new (salve_preset_get_id (preset), salve_preset_get_modality (preset),
                           salve_preset_get_name (preset));
  salve_preset_set_summary (copy, salve_preset_get_summary (preset));
  salve_preset_set_steps (copy, salve_preset_get_steps (preset));
  salve_preset_set_site (copy, salve_preset_get_site (preset));
  salve_preset_set_uses_glove (copy, salve_preset_get_uses_glove (preset));
  salve_preset_set_program_id (copy, salve_preset_get_program_id (preset));
  keys = json_object_get_members (salve_preset_get_params (preset));
  for (const GList *l = keys; l != NULL; l = l->next)
    salve_preset_set_param (copy, l->data, salve_preset_get_param (preset, l->data, 0));

  /* What the device is: its own power, beam and electrodes win over the
   * program's assumptions, since t = E / P depends on the real P. */
  if (choice != NULL && choice->device != NULL)
    {
      const SalveDevice *device = choice->device;

      if (device->max_power_mw > 0 && salve_preset_get_modality (copy) == SALVE_MODALITY_LASER)
        salve_preset_set_param (copy, "power-mw", device->max_power_mw);
      if (device->beam_cm2 > 0)
        salve_preset_set_param (copy, "beam-cm2", device->beam_cm2);
      if (device->wavelength_nm > 0)
        salve_preset_set_param (copy, "wavelength-nm", device->wavelength_nm);
      if (device->electrode_cm2 > 0 && salve_modality_is_electrical (device->modality))
        salve_preset_set_param (copy, "electrode-cm2", device->electrode_cm2);
    }

  /* A program may plan more than this person's ceiling (or the device)
   * allows, one saved before the checklist changed, say: it starts at the
   * ceiling, which the intensity field then shows, instead of a plan the
   * safety check blocks and no field on that step can lower. */
  if (salve_modality_is_electrical (salve_preset_get_modality (copy)) &&
      salve_preset_get_param (copy, "intensity-ma", 0) > intensity_ceiling (self))
    salve_preset_set_param (copy, "intensity-ma", intensity_ceiling (self));

  g_set_object (&self->preset, copy);

  /* A program written for a site suggests it, until the person picks one. */
  if (salve_preset_get_site (copy) < SALVE_N_SITES &&
      (self->site == SALVE_N_SITES || self->site_from_program))
    {
      self->applying_program = TRUE;
      salve_body_picker_set_site (self->body_picker, salve_preset_get_site (copy));
      self->applying_program = FALSE;
      self->site_from_program = TRUE;
    }
}

static void
on_program_toggled (GtkCheckButton        *check,
                    SalveSessionAssistant *self)
{
  if (!gtk_check_button_get_active (check))
    return;

  set_preset (self, g_object_get_data (G_OBJECT (check), "preset"));
  update_navigation (self);
}

static void
rebuild_programs (SalveSessionAssistant *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  GtkCheckButton *leader = NULL;
  SalveModality modality;

  remove_rows (self->program_group, self->program_rows);
  g_ptr_array_set_size (self->programs, 0);
  g_clear_object (&self->preset);

  if (self->choice == NULL)
    return;

  modality = self->choice->modality;
  g_ptr_array_extend_and_steal (self->programs, salve_presets_list_builtin (modality));

  saved = salve_program_repo_list (self->db, salve_profile_get_id (self->profile), modality, &error);
  if (saved == NULL)
    g_warning ("Could not read saved programs: %s", error->message);
  else
    for (guint i = 0; i < saved->len; i++)
      g_ptr_array_add (self->programs, g_object_ref (g_ptr_array_index (saved, i)));

  for (guint i = 0; i < self->programs->len; i++)
    {
      SalvePreset *preset = g_ptr_array_index (self->programs, i);
      g_autofree char *subtitle = NULL;
      GtkCheckButton *check;

      if (salve_preset_get_program_id (preset) > 0)
        subtitle = g_strdup_printf (_("Your program · %s"), salve_preset_get_summary (preset));
      else
        subtitle = g_strdup (salve_preset_get_summary (preset));

      add_radio_row (self->program_group, self->program_rows, leader,
                     salve_preset_get_name (preset), subtitle, &check);
      g_object_set_data (G_OBJECT (check), "preset", preset);
      g_signal_connect (check, "toggled", G_CALLBACK (on_program_toggled), self);
      if (leader == NULL)
        {
          leader = check;
          gtk_check_button_set_active (check, TRUE);
        }
    }
}

/* Step 2: site and the safety check */

static void
build_plan (SalveSessionAssistant *self,
            SalvePlan             *plan)
{
  g_autoptr(GList) keys = NULL;
  SalveSite site = self->site < SALVE_N_SITES ? self->site : SALVE_SITE_KNEE;

  salve_plan_init (plan, self->choice->modality, site);
  keys = json_object_get_members (salve_preset_get_params (self->preset));
  for (const GList *l = keys; l != NULL; l = l->next)
    {
      SalveParam param;

      if (salve_param_from_id (l->data, &param) &&
          salve_modality_get_param (self->choice->modality, param) != NULL)
        salve_plan_set (plan, param, salve_preset_get_param (self->preset, l->data, 0));
    }

  if (self->choice->device != NULL)
    salve_device_apply_to_plan (self->choice->device, plan);
  salve_plan_set_device_name (plan, self->choice->name);

  /* Laser is given once a day per area (seed 002). */
  if (self->choice->modality == SALVE_MODALITY_LASER && self->site < SALVE_N_SITES)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GError) error = NULL;
      int earlier = salve_session_repo_count_on_day (self->db, salve_profile_get_id (self->profile),
                                                     SALVE_MODALITY_LASER, self->site, now, &error);

      /* If the count cannot be read, assume a session was given today: the
       * once-a-day caution then stands rather than being silently lost. */
      if (earlier < 0)
        g_warning ("Could not count today's laser sessions: %s", error->message);
      plan->sessions_today_on_site = earlier < 0 ? 1 : earlier;
    }
}

/* The body picker's colours: they depend on the modality and the answers
 * only, so they are worked out once the device is chosen. */
static void
tint_sites (SalveSessionAssistant *self)
{
  SalveVerdict verdicts[SALVE_N_SITES];
  SalveVerdict baseline = SALVE_VERDICT_BLOCKED;

  for (SalveSite s = 0; s < SALVE_N_SITES; s++)
    {
      verdicts[s] = salve_rules_check_site (self->choice->modality, s, &self->answers, NULL);
      baseline = MIN (baseline, verdicts[s]);
    }

  /* A caution that holds everywhere (laser eye protection) says nothing
   * about where to treat: tint only what differs from it. */
  for (SalveSite s = 0; s < SALVE_N_SITES; s++)
    salve_body_picker_set_verdict (self->body_picker, s,
                                   verdicts[s] == SALVE_VERDICT_CAUTION && baseline == SALVE_VERDICT_CAUTION
                                     ? SALVE_VERDICT_ALLOWED : verdicts[s]);
}

static void
update_findings (SalveSessionAssistant *self)
{
  g_autoptr(GPtrArray) findings = NULL;
  SalvePlan plan;

  if (self->choice == NULL || self->preset == NULL)
    return;

  if (self->site >= SALVE_N_SITES)
    {
      salve_findings_list_set_findings (SALVE_FINDINGS_LIST (self->findings_list), NULL);
      return;
    }

  build_plan (self, &plan);
  findings = salve_rules_check (&plan, &self->answers);
  salve_plan_clear (&plan);

  /* Findings that say the same keep their acknowledgement; any that
   * differ must be read, and acknowledged, again. */
  if (salve_findings_list_get_findings (SALVE_FINDINGS_LIST (self->findings_list)) == NULL ||
      !salve_findings_equal (findings, salve_findings_list_get_findings (SALVE_FINDINGS_LIST (self->findings_list))))
    salve_findings_list_set_findings (SALVE_FINDINGS_LIST (self->findings_list), findings);
}

static void
on_picker_site (SalveBodyPicker       *picker,
                GParamSpec            *pspec,
                SalveSessionAssistant *self)
{
  SalveSite site = salve_body_picker_get_site (picker);

  if (site == self->site)
    return;

  self->site = site;
  if (!self->applying_program)
    self->site_from_program = FALSE;
  if (site < SALVE_N_SITES && adw_combo_row_get_selected (self->site_row) != (guint) site)
    adw_combo_row_set_selected (self->site_row, site);

  update_findings (self);
  update_navigation (self);
}

static void
on_site_row_selected (AdwComboRow           *row,
                      GParamSpec            *pspec,
                      SalveSessionAssistant *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected < SALVE_N_SITES)
    salve_body_picker_set_site (self->body_picker, selected);
}

/* Step 3: preparation */

static void
draw_placement (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  GdkRGBA fg;
  double s = MIN (width / 360.0, height / 190.0);

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  cairo_translate (cr, (width - 360 * s) / 2, (height - 190 * s) / 2);
  cairo_scale (cr, s, s);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* forearm */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.12);
  cairo_rectangle (cr, 20, 70, 150, 50);
  cairo_fill (cr);

  /* the glove electrode over the hand */
  cairo_move_to (cr, 170, 62);
  cairo_line_to (cr, 250, 55);
  cairo_curve_to (cr, 300, 50, 330, 70, 330, 95);
  cairo_curve_to (cr, 330, 120, 300, 140, 250, 135);
  cairo_line_to (cr, 170, 128);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 0.208, 0.518, 0.894, 0.35);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0.208, 0.518, 0.894, 0.9);
  cairo_stroke (cr);

  /* the adhesive electrode 3–5 cm above the wrist */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.55);
  cairo_rectangle (cr, 80, 76, 44, 38);
  cairo_fill (cr);

  /* red (+) to the glove, black (−) to the adhesive electrode */
  cairo_set_source_rgb (cr, 0.878, 0.106, 0.141);
  cairo_move_to (cr, 250, 55);
  cairo_curve_to (cr, 250, 20, 200, 12, 160, 14);
  cairo_stroke (cr);
  cairo_arc (cr, 250, 55, 5, 0, 2 * G_PI);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  if (fg.red > 0.5)
    cairo_set_source_rgb (cr, 0.75, 0.75, 0.75);
  cairo_move_to (cr, 102, 76);
  cairo_curve_to (cr, 102, 40, 130, 22, 160, 20);
  cairo_stroke (cr);
  cairo_arc (cr, 102, 76, 5, 0, 2 * G_PI);
  cairo_fill (cr);

  /* labels */
  {
    struct { const char *text; double x, y; } labels[] = {
      { _("red (+)"), 258, 22 },
      { _("black (−)"), 30, 30 },
      { _("glove, moistened"), 215, 150 },
      { _("3–5 cm above the wrist"), 30, 150 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
      {
        g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), labels[i].text);

        cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.85);
        cairo_move_to (cr, labels[i].x, labels[i].y);
        pango_cairo_show_layout (cr, layout);
      }
  }
}

static GtkWidget *
add_info_row (AdwPreferencesGroup *group,
              GPtrArray           *rows,
              const char          *title,
              const char          *value,
              const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  g_object_set_data (G_OBJECT (row), "value-label", label);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);

  return row;
}

static void
set_info_row (AdwActionRow *row,
              const char   *value,
              const char   *subtitle)
{
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "value-label"), value);
  adw_action_row_set_subtitle (row, subtitle);
}

/* t = E / P and the energy density follow the dose as it is edited. */
static void
update_laser_rows (SalveSessionAssistant *self)
{
  SalvePreset *p = self->preset;
  double power = salve_preset_get_param (p, "power-mw", 0);
  double dose = salve_preset_get_param (p, "dose-j", 0);
  double beam = salve_preset_get_param (p, "beam-cm2", 0);
  double t = (power > 0 && dose > 0) ? salve_laser_seconds (dose, power) : 0;
  g_autofree char *seconds = format_value (round (t), "s");
  g_autofree char *why = g_strdup_printf (_("t = E / P = %.1f J / %.3f W"), dose, power / 1000.0);

  if (self->time_row != NULL)
    set_info_row (self->time_row, seconds, why);

  if (self->fluence_row != NULL && beam > 0)
    {
      g_autofree char *fluence = format_value (salve_laser_fluence_j_cm2 (power, beam, t), "J/cm²");
      g_autofree char *how = g_strdup_printf (_("Energy density on a beam of %.2f cm²"), beam);

      set_info_row (self->fluence_row, fluence, how);
    }
}

static void
on_plan_value_changed (GtkSpinButton         *spin,
                       SalveSessionAssistant *self)
{
  const char *key = g_object_get_data (G_OBJECT (spin), "param-key");

  salve_preset_set_param (self->preset, key, gtk_spin_button_get_value (spin));
  update_findings (self);

  if (self->choice->modality == SALVE_MODALITY_LASER)
    update_laser_rows (self);
}

static void
add_spin_row (SalveSessionAssistant *self,
              SalveParam             param,
              double                 max)
{
  const SalveParamSpec *spec = salve_modality_get_param (self->choice->modality, param);
  const char *key = salve_param_to_id (param);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin;
  GtkWidget *unit;
  double upper;
  double step;

  if (spec == NULL)
    return;

  step = spec->step > 0 ? spec->step : 1;
  upper = isfinite (spec->limit_max) ? spec->limit_max : spec->typical_max * 4;
  if (!isnan (max))
    upper = MIN (upper, max);

  spin = gtk_spin_button_new_with_range (MAX (spec->limit_min, step), upper, step);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), step < 1 ? 1 : 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin),
                             salve_preset_get_param (self->preset, key, spec->default_value));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (spin), "param-key", g_strdup (key), g_free);
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_plan_value_changed), self);

  unit = gtk_label_new (salve_param_get_unit (param));
  gtk_widget_add_css_class (unit, "dim-label");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), salve_param_get_name (param));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), unit);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  salve_param_get_name (param), -1);
  adw_preferences_group_add (self->plan_group, row);
  g_ptr_array_add (self->plan_rows, row);
}

static double
intensity_ceiling (SalveSessionAssistant *self)
{
  double ceiling = salve_profile_answers_get_ceiling_ma (&self->answers);

  if (self->choice != NULL && self->choice->device != NULL && self->choice->device->max_intensity_ma > 0)
    ceiling = isnan (ceiling) ? self->choice->device->max_intensity_ma
                              : MIN (ceiling, self->choice->device->max_intensity_ma);

  return ceiling;
}

static void
rebuild_plan_rows (SalveSessionAssistant *self)
{
  SalveModality modality = self->choice->modality;
  SalvePreset *p = self->preset;

  remove_rows (self->plan_group, self->plan_rows);
  self->time_row = NULL;
  self->fluence_row = NULL;

  switch (modality)
    {
    case SALVE_MODALITY_TENS:
    case SALVE_MODALITY_NMES:
      add_spin_row (self, SALVE_PARAM_INTENSITY_MA, intensity_ceiling (self));
      {
        g_autofree char *hz = format_value (salve_preset_get_param (p, "frequency-hz", 0), "Hz");
        g_autofree char *us = format_value (salve_preset_get_param (p, "pulse-us", 0), "µs");

        add_info_row (self->plan_group, self->plan_rows, salve_param_get_name (SALVE_PARAM_FREQUENCY_HZ), hz, NULL);
        add_info_row (self->plan_group, self->plan_rows, salve_param_get_name (SALVE_PARAM_PULSE_US), us, NULL);
      }
      if (modality == SALVE_MODALITY_NMES)
        {
          g_autofree char *on = format_value (salve_preset_get_param (p, "on-s", 0), "s");
          g_autofree char *off = format_value (salve_preset_get_param (p, "off-s", 0), "s");
          g_autofree char *ramp = format_value (salve_preset_get_param (p, "ramp-s", 0), "s");
          g_autofree char *rhythm = g_strdup_printf (_("%s on, %s off"), on, off);

          add_info_row (self->plan_group, self->plan_rows, _("Rhythm"), rhythm, NULL);
          add_info_row (self->plan_group, self->plan_rows, salve_param_get_name (SALVE_PARAM_RAMP_S), ramp, NULL);
        }
      {
        double cm2 = salve_preset_get_param (p, "electrode-cm2", 0);
        double ma = salve_preset_get_param (p, "intensity-ma", 0);

        if (cm2 > 0)
          {
            g_autofree char *area = format_value (cm2, "cm²");
            g_autofree char *density = g_strdup_printf (_("At most %.1f mA/cm² at the planned intensity; keep below 2 mA/cm²."),
                                                        ma / cm2);
            add_info_row (self->plan_group, self->plan_rows, _("Electrode size"), area, density);
          }
      }
      add_spin_row (self, SALVE_PARAM_MINUTES, NAN);
      break;

    case SALVE_MODALITY_LASER:
      {
        g_autofree char *mw = format_value (salve_preset_get_param (p, "power-mw", 0), "mW");

        add_spin_row (self, SALVE_PARAM_DOSE_J, NAN);
        add_spin_row (self, SALVE_PARAM_POINTS, NAN);
        add_info_row (self->plan_group, self->plan_rows, salve_param_get_name (SALVE_PARAM_POWER_MW), mw, NULL);
        self->time_row = ADW_ACTION_ROW (add_info_row (self->plan_group, self->plan_rows,
                                                       _("Time per point"), "", NULL));
        if (salve_preset_get_param (p, "beam-cm2", 0) > 0)
          self->fluence_row = ADW_ACTION_ROW (add_info_row (self->plan_group, self->plan_rows,
                                                            _("Energy density"), "", NULL));
        update_laser_rows (self);
      }
      break;

    case SALVE_MODALITY_PEMF:
      add_spin_row (self, SALVE_PARAM_FIELD_UT,
                    (self->choice->device && self->choice->device->max_field_ut > 0)
                      ? self->choice->device->max_field_ut : NAN);
      add_spin_row (self, SALVE_PARAM_MINUTES, NAN);
      break;

    case SALVE_N_MODALITIES:
    default:
      g_assert_not_reached ();
    }
}

static void
build_prepare_page (SalveSessionAssistant *self)
{
  g_auto(GStrv) common = salve_presets_common_steps (self->choice->modality);
  const char * const *preset_steps = salve_preset_get_steps (self->preset);
  guint n = 0;
  g_autofree char *description = NULL;
  g_autofree char *site = g_utf8_strdown (salve_site_get_name (self->site), -1);

  remove_rows (self->steps_group, self->step_rows);

  for (guint pass = 0; pass < 2; pass++)
    {
      /* Safety first (device off, glasses on), then the program's own. */
      const char * const *list = pass == 0 ? (const char * const *) common : preset_steps;

      for (guint i = 0; list[i] != NULL; i++)
        {
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *number = gtk_label_new (NULL);
          g_autofree char *text = g_strdup_printf ("%u", ++n);

          gtk_label_set_text (GTK_LABEL (number), text);
          gtk_widget_add_css_class (number, "step-number");
          gtk_widget_set_valign (number, GTK_ALIGN_CENTER);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), list[i]);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), number);
          adw_preferences_group_add (self->steps_group, row);
          g_ptr_array_add (self->step_rows, row);
        }
    }

  /* Translators: "TENS for neuropathic pain in hand or foot · hand" */
  description = g_strdup_printf (_("%s · %s"), salve_preset_get_name (self->preset), site);
  adw_preferences_group_set_description (self->steps_group, description);

  gtk_widget_set_visible (GTK_WIDGET (self->picture_group), salve_preset_get_uses_glove (self->preset));
  gtk_widget_set_visible (GTK_WIDGET (self->eye_group), self->choice->modality == SALVE_MODALITY_LASER);

  rebuild_plan_rows (self);
}

/* Pain scales (steps 4 and 6) */

static void
on_pain_toggled (GtkToggleButton       *button,
                 SalveSessionAssistant *self)
{
  int *target = g_object_get_data (G_OBJECT (button), "target");

  if (!gtk_toggle_button_get_active (button))
    return;

  *target = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "value"));
  update_navigation (self);
}

static void
add_pain_scale (SalveSessionAssistant *self,
                AdwPreferencesGroup   *group,
                int                   *target,
                const char            *accessible_name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scale = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *ends = gtk_center_box_new ();
  GtkWidget *low = gtk_label_new (_("No pain"));
  GtkWidget *high = gtk_label_new (_("Worst pain"));
  GtkToggleButton *leader = NULL;

  gtk_widget_add_css_class (scale, "linked");
  gtk_box_set_homogeneous (GTK_BOX (scale), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);

  for (int i = 0; i <= 10; i++)
    {
      g_autofree char *text = g_strdup_printf ("%d", i);
      g_autofree char *tooltip = g_strdup_printf (_("Pain %d of 10"), i);
      GtkWidget *button = gtk_toggle_button_new_with_label (text);

      if (leader != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), leader);
      else
        leader = GTK_TOGGLE_BUTTON (button);

      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_widget_add_css_class (button, "pain-button");
      g_object_set_data (G_OBJECT (button), "value", GINT_TO_POINTER (i));
      g_object_set_data (G_OBJECT (button), "target", target);
      gtk_widget_set_name (button, text);
      g_signal_connect (button, "toggled", G_CALLBACK (on_pain_toggled), self);
      gtk_box_append (GTK_BOX (scale), button);
    }

  gtk_widget_add_css_class (low, "caption");
  gtk_widget_add_css_class (low, "dim-label");
  gtk_widget_add_css_class (high, "caption");
  gtk_widget_add_css_class (high, "dim-label");
  gtk_center_box_set_start_widget (GTK_CENTER_BOX (ends), low);
  gtk_center_box_set_end_widget (GTK_CENTER_BOX (ends), high);

  gtk_box_append (GTK_BOX (box), scale);
  gtk_box_append (GTK_BOX (box), ends);
  gtk_widget_set_name (box, "pain-scale");
  adw_preferences_group_add (group, box);
}

/* Step 5: running */

static void
release_inhibit (SalveSessionAssistant *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->inhibit_cookie != 0 && app != NULL)
    gtk_application_uninhibit (app, self->inhibit_cookie);
  self->inhibit_cookie = 0;
  gtk_widget_set_visible (self->inhibit_box, FALSE);
}

static void
take_inhibit (SalveSessionAssistant *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app == NULL || self->inhibit_cookie != 0)
    return;

  self->inhibit_cookie = gtk_application_inhibit (app, GTK_WINDOW (self),
                                                  GTK_APPLICATION_INHIBIT_SUSPEND |
                                                  GTK_APPLICATION_INHIBIT_IDLE,
                                                  _("A treatment session is running"));
  /* Say so even when no session manager answered: Salve still stops the
   * device before sleep through logind. */
  gtk_widget_set_visible (self->inhibit_box, TRUE);
}

static void
on_runner_finished (SalveSessionRunner    *runner,
                    SalveSessionAssistant *self)
{
  release_inhibit (self);
  if (self->stimulator != NULL && self->sleep_monitor != NULL)
    salve_sleep_monitor_remove_stimulator (self->sleep_monitor, self->stimulator);

  show_after_page (self);
  if (salve_session_journal_get_n_pending (self->journal) == 0)
    g_signal_emit (self, signals [SESSION_SAVED], 0, salve_session_get_id (self->session));
}

static void
on_runner_tick (SalveSessionRunner    *runner,
                SalveSessionAssistant *self)
{
  update_run_page (self);
}

static void
on_point_changed (SalveSessionRunner    *runner,
                  guint                  point,
                  SalveSessionAssistant *self)
{
  if (point > 1)
    {
      g_autofree char *message = g_strdup_printf (_("Move to point %u"), point);
      toast (self, message);
    }
  gtk_widget_error_bell (GTK_WIDGET (self));
  update_run_page (self);
}

static void
on_phase_changed (SalveSessionRunner    *runner,
                  gboolean               on,
                  SalveSessionAssistant *self)
{
  update_run_page (self);
}

static const char *
intensity_unit (SalveModality modality)
{
  switch (modality)
    {
    case SALVE_MODALITY_LASER:
      return "mW";
    case SALVE_MODALITY_PEMF:
      return "µT";
    case SALVE_MODALITY_TENS:
    case SALVE_MODALITY_NMES:
    case SALVE_N_MODALITIES:
    default:
      return "mA";
    }
}

static char *
run_status (SalveSessionAssistant *self)
{
  SalveRunnerState state = salve_session_runner_get_state (self->runner);
  const char *what;

  switch (state)
    {
    case SALVE_RUNNER_PAUSED:
      what = _("Paused: the output is off");
      break;
    case SALVE_RUNNER_FINISHED:
      what = _("Finished");
      break;
    case SALVE_RUNNER_READY:
    case SALVE_RUNNER_RUNNING:
    default:
      what = _("Running");
      break;
    }

  if (self->stimulator != NULL)
    {
      int battery = salve_stimulator_get_battery (self->stimulator);

      if (!salve_stimulator_get_contact (self->stimulator, 0))
        return g_strdup_printf (_("%s · %s · an electrode is off the skin"), self->choice->name, what);
      if (battery >= 0 && battery <= 100)
        return g_strdup_printf (_("%s · %s · battery %d %%"), self->choice->name, what, battery);
      return g_strdup_printf ("%s · %s", self->choice->name, what);
    }

  return g_strdup_printf (_("%s · %s · Salve keeps the time"), self->choice->name, what);
}

static void
update_run_page (SalveSessionAssistant *self)
{
  g_autofree char *status = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *total = NULL;
  g_autofree char *output = NULL;
  g_autofree char *prompt = NULL;
  SalveModality modality;
  SalveRunnerState state;
  gint64 elapsed, total_ms;

  if (self->runner == NULL)
    return;

  modality = self->choice->modality;
  state = salve_session_runner_get_state (self->runner);
  elapsed = salve_session_runner_get_elapsed_ms (self->runner);
  total_ms = salve_session_runner_get_total_ms (self->runner);

  status = run_status (self);
  gtk_label_set_text (self->run_status_label, status);

  if (total_ms > 0)
    {
      g_autofree char *total_clock = format_clock (total_ms);

      /* Count down: "how long still" is what a person wants to know. */
      clock = format_clock (total_ms - elapsed + 999);
      total = g_strdup_printf (_("left of %s"), total_clock);
      gtk_progress_bar_set_fraction (self->progress_bar, CLAMP ((double) elapsed / total_ms, 0, 1));
    }
  else
    {
      clock = format_clock (elapsed);
      total = g_strdup (_("elapsed"));
      gtk_progress_bar_pulse (self->progress_bar);
    }
  gtk_label_set_text (self->timer_label, clock);
  gtk_label_set_text (self->total_label, total);

  output = format_value (salve_session_runner_get_output (self->runner), intensity_unit (modality));
  gtk_label_set_text (self->output_label, output);

  if (state == SALVE_RUNNER_PAUSED)
    prompt = g_strdup (_("Paused. Press Resume to go on; the intensity builds up again."));
  else if (salve_session_runner_get_n_points (self->runner) > 0)
    {
      g_autofree char *left = format_clock (salve_session_runner_get_point_remaining_ms (self->runner) + 999);

      /* Translators: "Point 2 of 4 · 00:40" */
      prompt = g_strdup_printf (_("Point %u of %u · %s"),
                                salve_session_runner_get_point (self->runner),
                                salve_session_runner_get_n_points (self->runner), left);
    }
  else if (salve_session_runner_has_rhythm (self->runner))
    {
      gint64 left = (salve_session_runner_get_phase_remaining_ms (self->runner) + 999) / 1000;

      if (salve_session_runner_get_rhythm_on (self->runner))
        prompt = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tighten the muscle · %d second",
                                               "Tighten the muscle · %d seconds", left), (int) left);
      else
        prompt = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Rest · %d second",
                                               "Rest · %d seconds", left), (int) left);
    }
  else if (modality == SALVE_MODALITY_PEMF)
    prompt = g_strdup (_("Lie still; the session ends by itself."));
  else if (self->stimulator != NULL)
    {
      double goal = salve_session_runner_get_intensity_goal (self->runner);
      g_autofree char *goal_text = format_value (goal, intensity_unit (modality));

      if (salve_session_runner_get_output (self->runner) + 0.05 < goal)
        prompt = g_strdup_printf (_("Building up gradually to %s"), goal_text);
      else
        prompt = g_strdup_printf (_("Steady at %s. Use + and − if it feels too weak or too strong."), goal_text);
    }
  else
    {
      g_autofree char *goal_text = format_value (salve_session_runner_get_intensity_goal (self->runner),
                                                 intensity_unit (modality));

      prompt = g_strdup_printf (_("Set your device to %s, raising it gradually."), goal_text);
    }
  gtk_label_set_text (self->prompt_label, prompt);

  gtk_button_set_label (self->pause_button, state == SALVE_RUNNER_PAUSED ? _("_Resume") : _("_Pause"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.intensity-up", state == SALVE_RUNNER_RUNNING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.intensity-down", state == SALVE_RUNNER_RUNNING);
}

static void
setup_run_page (SalveSessionAssistant *self)
{
  SalveModality modality = self->choice->modality;
  gboolean adjustable = salve_modality_is_electrical (modality) || self->stimulator != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_widget_set_visible (self->intensity_box, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (g_object_get_data (G_OBJECT (self), "down")), adjustable);
  gtk_widget_set_visible (GTK_WIDGET (g_object_get_data (G_OBJECT (self), "up")), adjustable);
  gtk_label_set_text (self->output_caption,
                      self->stimulator != NULL ? _("output, from the device")
                                               : (adjustable ? _("set on your device") : _("your device’s setting")));
  update_run_page (self);
}

static double
runner_limit (SalveSessionAssistant *self)
{
  if (salve_modality_is_electrical (self->choice->modality))
    return intensity_ceiling (self);

  if (self->choice->modality == SALVE_MODALITY_PEMF && self->choice->device != NULL &&
      self->choice->device->max_field_ut > 0)
    return self->choice->device->max_field_ut;

  return NAN;
}

static void
on_journal_changed (SalveSessionJournal   *journal,
                    GParamSpec            *pspec,
                    SalveSessionAssistant *self)
{
  gboolean stored = salve_session_journal_get_n_pending (journal) == 0 &&
                    salve_session_journal_get_error (journal) == NULL;

  /* Our own write, stored at once: nothing to tell. */
  if (!self->waiting)
    return;

  if (g_strcmp0 (current_step (self), "after") == 0)
    update_outcome_row (self);

  if (!stored)
    return;

  self->waiting = FALSE;

  if (self->close_when_stored)
    {
      if (self->after_queued)
        {
          self->saved = TRUE;
          g_signal_emit (self, signals [SESSION_SAVED], 0, salve_session_get_id (self->session));
        }
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (self->runner != NULL && salve_session_runner_get_state (self->runner) == SALVE_RUNNER_FINISHED)
    {
      toast (self, _("The session is saved."));
      g_signal_emit (self, signals [SESSION_SAVED], 0, salve_session_get_id (self->session));
    }
}

/* After queuing: a write that was not stored at once is being retried. */
static void
check_waiting (SalveSessionAssistant *self)
{
  if (self->journal != NULL && salve_session_journal_get_n_pending (self->journal) > 0)
    self->waiting = TRUE;
}

static void
log_acknowledged_cautions (SalveSessionAssistant *self)
{
  GPtrArray *findings = salve_findings_list_get_findings (SALVE_FINDINGS_LIST (self->findings_list));

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      SalveFinding *finding = g_ptr_array_index (findings, i);

      if (finding->severity != SALVE_SEVERITY_CAUTION)
        continue;

      /* Who acknowledged: the person whose profile this is, at the
       * keyboard now. */
      salve_session_journal_log (self->journal, SALVE_SESSION_EVENT_CAUTION_ACKNOWLEDGED, 0,
                                 finding->rule_id, salve_profile_get_name (self->profile));
    }
}

static void
save_diary_entry (SalveSessionAssistant  *self,
                  int                     pain,
                  SalveDiaryPhase         phase,
                  const char             *note)
{
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (self->profile));

  salve_diary_entry_set_pain (entry, pain);
  salve_diary_entry_set_region (entry, salve_site_to_id (self->site));
  salve_diary_entry_set_session (entry, salve_session_get_id (self->session), phase);
  if (note != NULL)
    salve_diary_entry_set_note (entry, note);

  salve_session_journal_add_diary_entry (self->journal, entry);
}

static void
begin_running (SalveSessionAssistant *self)
{
  g_autoptr(GError) error = NULL;

  g_signal_connect_object (self->runner, "finished", G_CALLBACK (on_runner_finished), self, 0);
  g_signal_connect_object (self->runner, "tick", G_CALLBACK (on_runner_tick), self, 0);
  g_signal_connect_object (self->runner, "point-changed", G_CALLBACK (on_point_changed), self, 0);
  g_signal_connect_object (self->runner, "phase-changed", G_CALLBACK (on_phase_changed), self, 0);
  salve_session_runner_set_intensity_limit (self->runner, runner_limit (self));

  take_inhibit (self);
  setup_run_page (self);
  update_navigation (self);

  if (!salve_session_runner_start (self->runner, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The session could not start: %s"), error->message);
      toast (self, message);
      return;
    }

  update_run_page (self);
}

static void
on_stimulator_connected (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(SalveSessionAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  double ceiling;
  SalvePlan plan;

  if (!salve_stimulator_connect_finish (SALVE_STIMULATOR (object), result, &error))
    {
      if (g_error_matches (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      self->runner = salve_session_runner_new_manual (self->db, self->session);
      salve_session_runner_device_failed (self->runner, SALVE_SESSION_REASON_LINK_LOST, error->message);
      {
        g_autofree char *message = g_strdup_printf (_("Could not connect to %s: %s"), self->choice->name, error->message);
        toast (self, message);
      }
      show_after_page (self);
      return;
    }

  ceiling = intensity_ceiling (self);
  if (!isnan (ceiling))
    salve_stimulator_set_ceiling (self->stimulator, SALVE_PARAM_INTENSITY_MA, ceiling);

  build_plan (self, &plan);
  if (!salve_stimulator_set_program (self->stimulator, 1, &plan, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The device refused the program: %s"), error->message);

      salve_plan_clear (&plan);
      self->runner = salve_session_runner_new_for_stimulator (self->db, self->session, self->stimulator);
      salve_session_runner_device_failed (self->runner, SALVE_SESSION_REASON_FAULT, error->message);
      toast (self, message);
      show_after_page (self);
      return;
    }
  salve_plan_clear (&plan);

  if (self->sleep_monitor != NULL)
    salve_sleep_monitor_add_stimulator (self->sleep_monitor, self->stimulator);

  self->runner = salve_session_runner_new_for_stimulator (self->db, self->session, self->stimulator);
  begin_running (self);
}

static char *
find_simulator (void)
{
  const char *env = g_getenv ("SALVE_STIM_SIM");
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  if (exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (exe);
      /* installed next to salve, or in the build tree (src/ui → src/devices) */
      g_autofree char *beside = g_build_filename (dir, "salve-stim-sim", NULL);
      g_autofree char *build = g_build_filename (dir, "..", "devices", "salve-stim-sim", NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
      if (g_file_test (build, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&build);
    }

  return g_find_program_in_path ("salve-stim-sim");
}

static void
on_sim_line (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SalveSessionAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  g_object_set_data (G_OBJECT (self), "sim-stdout", NULL);

  if (line == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_error (&error);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The simulated stimulator did not start."));
      self->runner = salve_session_runner_new_manual (self->db, self->session);
      salve_session_runner_device_failed (self->runner, SALVE_SESSION_REASON_LINK_LOST, error->message);
      toast (self, error->message);
      show_after_page (self);
      return;
    }

  g_strstrip (line);
  salve_stimulator_connect_async (self->stimulator, line, self->cancellable,
                                  on_stimulator_connected, g_object_ref (self));
}

static gboolean
connect_device (SalveSessionAssistant  *self,
                GError                **error)
{
  self->stimulator = salve_stimulator_new ();

  if (self->choice->simulated)
    {
      g_autofree char *sim = find_simulator ();
      g_autoptr(GDataInputStream) out = NULL;

      if (sim == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The simulated stimulator “salve-stim-sim” is not installed."));
          return FALSE;
        }

      self->sim = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, error,
                                    sim, "--modality", salve_modality_to_id (self->choice->modality), NULL);
      if (self->sim == NULL)
        return FALSE;

      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->sim));
      g_object_set_data_full (G_OBJECT (self), "sim-stdout", g_object_ref (out), g_object_unref);
      g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, self->cancellable,
                                           on_sim_line, g_object_ref (self));
      return TRUE;
    }

  salve_stimulator_connect_async (self->stimulator, self->choice->device->connection, self->cancellable,
                                  on_stimulator_connected, g_object_ref (self));
  return TRUE;
}

static gboolean
start_session (SalveSessionAssistant  *self,
               GError                **error)
{
  self->session = salve_session_new (self->choice->modality, self->site);
  salve_preset_apply (self->preset, self->session);
  salve_session_set_profile_id (self->session, salve_profile_get_id (self->profile));
  salve_session_set_device_name (self->session, self->choice->name);
  if (self->choice->device != NULL)
    salve_session_set_device_id (self->session, self->choice->device->id);
  salve_session_set_pain_before (self->session, self->pain_before);

  /* Stored before anything runs: from here on, nothing entered is lost. */
  if (!salve_session_repo_create (self->db, self->session, error))
    return FALSE;

  self->journal = salve_session_journal_new (self->db, self->session);
  g_signal_connect_object (self->journal, "notify::n-pending", G_CALLBACK (on_journal_changed), self, 0);

  log_acknowledged_cautions (self);
  save_diary_entry (self, self->pain_before, SALVE_DIARY_PHASE_BEFORE, NULL);
  check_waiting (self);

  gtk_stack_set_visible_child_name (self->stack, "run");
  update_navigation (self);

  if (choice_is_connected (self->choice))
    {
      gtk_label_set_text (self->run_status_label, _("Connecting to the device…"));
      gtk_label_set_text (self->prompt_label, "");
      gtk_widget_set_visible (self->intensity_box, FALSE);
      if (!connect_device (self, error))
        {
          self->runner = salve_session_runner_new_manual (self->db, self->session);
          salve_session_runner_device_failed (self->runner, SALVE_SESSION_REASON_LINK_LOST,
                                              (*error)->message);
          show_after_page (self);
          return FALSE;
        }
      return TRUE;
    }

  self->runner = salve_session_runner_new_manual (self->db, self->session);
  begin_running (self);
  return TRUE;
}

/* Step 6: after */

/* The outcome, and whether it is stored: "saved" only once it is. */
static void
update_outcome_row (SalveSessionAssistant *self)
{
  SalveSessionOutcome outcome = salve_session_get_outcome (self->session);
  const char *reason = salve_session_get_outcome_reason (self->session);
  const GError *refused = self->journal != NULL ? salve_session_journal_get_error (self->journal) : NULL;
  g_autofree char *subtitle = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), "error");

  switch (outcome)
    {
    case SALVE_SESSION_OUTCOME_COMPLETED:
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->outcome_row), _("Session completed"));
      subtitle = g_strdup (_("Well done. Answer a few questions for your diary."));
      gtk_image_set_from_icon_name (self->outcome_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->outcome_icon), "success");
      break;

    case SALVE_SESSION_OUTCOME_STOPPED:
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->outcome_row), _("Session stopped"));
      subtitle = g_strdup (_("The device was stopped. What you entered so far is saved."));
      gtk_image_set_from_icon_name (self->outcome_icon, "media-playback-stop-symbolic");
      break;

    case SALVE_SESSION_OUTCOME_INTERRUPTED:
    case SALVE_SESSION_OUTCOME_PLANNED:
    case SALVE_SESSION_OUTCOME_RUNNING:
    case SALVE_N_SESSION_OUTCOMES:
    default:
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->outcome_row), _("Session interrupted"));
      /* Translators: %s is a reason, e.g. "the connection to the device was lost" */
      subtitle = g_strdup_printf (_("Because %s. What you entered so far is saved."),
                                  salve_session_reason_get_name (reason));
      gtk_image_set_from_icon_name (self->outcome_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->outcome_icon), "warning");
      break;
    }
  adw_action_row_set_subtitle (self->outcome_row, subtitle);

  if (refused != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("It could not be saved: %s"), refused->message);

      adw_action_row_set_subtitle (self->outcome_row, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->outcome_icon), "error");
    }
  else if (self->journal != NULL && salve_session_journal_get_n_pending (self->journal) > 0)
    adw_action_row_set_subtitle (self->outcome_row,
                                 _("Not saved yet: the database is in use by another program. "
                                   "Salve keeps trying; keep this window open."));
}

static void
build_after_page (SalveSessionAssistant *self)
{
  const char * const *effects = salve_side_effects_for_modality (self->choice->modality);
  gboolean skin = salve_modality_is_electrical (self->choice->modality) &&
                  self->answers.answers[SALVE_CONDITION_REDUCED_SENSATION] != SALVE_ANSWER_NO;
  GtkCheckButton *leader = NULL;

  update_outcome_row (self);

  remove_rows (self->effects_group, self->effect_rows);
  g_ptr_array_set_size (self->effect_checks, 0);
  for (guint i = 0; effects[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), salve_side_effect_get_name (effects[i]));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_object_set_data (G_OBJECT (check), "effect-id", (gpointer) effects[i]);
      adw_preferences_group_add (self->effects_group, row);
      g_ptr_array_add (self->effect_rows, row);
      g_ptr_array_add (self->effect_checks, check);
    }

  remove_rows (self->skin_group, self->skin_rows);
  g_ptr_array_set_size (self->skin_checks, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->skin_group), skin);
  if (skin)
    {
      const char *ids[] = { SALVE_SKIN_CHECK_NORMAL, SALVE_SKIN_CHECK_RED, SALVE_SKIN_CHECK_DAMAGED };

      for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
        {
          GtkCheckButton *check;

          add_radio_row (self->skin_group, self->skin_rows, leader,
                         salve_skin_check_get_name (ids[i]), NULL, &check);
          g_object_set_data (G_OBJECT (check), "skin-id", (gpointer) ids[i]);
          g_ptr_array_add (self->skin_checks, check);
          if (leader == NULL)
            leader = check;
        }
    }
}

/* The runner writes the end itself; if it could not (the database was
 * busy), the journal writes it again, and keeps trying. Writing it twice
 * changes nothing. */
static void
store_end (SalveSessionAssistant *self)
{
  SalveSessionOutcome outcome;

  if (self->end_requeued || self->journal == NULL || self->runner == NULL ||
      salve_session_runner_get_state (self->runner) != SALVE_RUNNER_FINISHED ||
      salve_session_runner_get_storage_error (self->runner) == NULL)
    return;

  outcome = salve_session_get_outcome (self->session);
  if (outcome != SALVE_SESSION_OUTCOME_COMPLETED && outcome != SALVE_SESSION_OUTCOME_STOPPED &&
      outcome != SALVE_SESSION_OUTCOME_INTERRUPTED)
    return;

  self->end_requeued = TRUE;
  salve_session_journal_update_params (self->journal);
  salve_session_journal_finish (self->journal, outcome, salve_session_get_outcome_reason (self->session),
                                salve_session_get_ended_at (self->session));
  check_waiting (self);
}

static void
show_after_page (SalveSessionAssistant *self)
{
  if (g_strcmp0 (current_step (self), "after") == 0)
    return;

  store_end (self);
  release_inhibit (self);
  build_after_page (self);
  gtk_stack_set_visible_child_name (self->stack, "after");
  update_navigation (self);
}

static gboolean
save_after (SalveSessionAssistant  *self,
            GError                **error)
{
  g_autoptr(GStrvBuilder) effects = g_strv_builder_new ();
  g_auto(GStrv) effect_ids = NULL;
  g_autofree char *note = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;
  const char *skin = "";

  for (guint i = 0; i < self->effect_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->effect_checks, i);
      if (gtk_check_button_get_active (check))
        g_strv_builder_add (effects, g_object_get_data (G_OBJECT (check), "effect-id"));
    }
  effect_ids = g_strv_builder_end (effects);

  for (guint i = 0; i < self->skin_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->skin_checks, i);
      if (gtk_check_button_get_active (check))
        skin = g_object_get_data (G_OBJECT (check), "skin-id");
    }

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  note = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  salve_session_set_pain_after (self->session, self->pain_after);
  salve_session_set_side_effects (self->session, (const char * const *) effect_ids);
  salve_session_set_skin_check (self->session, skin);
  salve_session_set_note (self->session, note);

  salve_session_journal_update_after (self->journal);
  /* Once, however often Save is pressed while the database is busy. */
  if (self->pain_after != SALVE_PAIN_UNSET && !self->after_queued)
    save_diary_entry (self, self->pain_after, SALVE_DIARY_PHASE_AFTER, note);
  self->after_queued = TRUE;
  check_waiting (self);

  if (salve_session_journal_get_error (self->journal) != NULL)
    {
      g_propagate_error (error, g_error_copy (salve_session_journal_get_error (self->journal)));
      return FALSE;
    }

  /* Still waiting for the database: saved (and closed) once it is. */
  if (salve_session_journal_get_n_pending (self->journal) > 0)
    return TRUE;

  self->saved = TRUE;
  g_signal_emit (self, signals [SESSION_SAVED], 0, salve_session_get_id (self->session));
  return TRUE;
}

/* Navigation */

static gboolean
can_go_next (SalveSessionAssistant *self)
{
  const char *step = current_step (self);

  if (g_str_equal (step, "device"))
    return self->choice != NULL && self->preset != NULL;

  if (g_str_equal (step, "site"))
    return self->site < SALVE_N_SITES &&
           salve_findings_list_get_can_start (SALVE_FINDINGS_LIST (self->findings_list));

  if (g_str_equal (step, "prepare"))
    return self->choice->modality != SALVE_MODALITY_LASER ||
           gtk_check_button_get_active (self->eye_check);

  if (g_str_equal (step, "pain-before"))
    return self->pain_before != SALVE_PAIN_UNSET &&
           salve_findings_list_get_can_start (SALVE_FINDINGS_LIST (self->findings_list));

  if (g_str_equal (step, "after"))
    return TRUE;

  return FALSE;
}

static void
update_navigation (SalveSessionAssistant *self)
{
  const char *step = current_step (self);
  guint index = step_index (step);
  g_autofree char *subtitle = NULL;
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  const char *page_title = gtk_stack_page_get_title (gtk_stack_get_page (self->stack, page));
  gboolean running = g_str_equal (step, "run");
  gboolean after = g_str_equal (step, "after");

  /* Translators: "Step 2 of 6 · Treatment Site" */
  subtitle = g_strdup_printf (_("Step %u of %u · %s"), index + 1, (guint) G_N_ELEMENTS (steps), page_title);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), index > 0 && !running && !after);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), !running);

  if (g_str_equal (step, "pain-before"))
    gtk_button_set_label (self->next_button, _("_Start Session"));
  else if (after)
    gtk_button_set_label (self->next_button, _("_Save"));
  else
    gtk_button_set_label (self->next_button, _("_Next"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.next", can_go_next (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.back", index > 0 && !running && !after);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.pause", running && self->runner != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.intensity-up", running && self->runner != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.intensity-down", running && self->runner != NULL);
}

static void
go_to (SalveSessionAssistant *self,
       const char            *step)
{
  gtk_stack_set_visible_child_name (self->stack, step);
  update_navigation (self);
}

/* The plan as it stands now, checked again before the next step: a value
 * changed after the site step may have brought a new finding. If it did,
 * the site step shows the findings again, to be read before going on. */
static gboolean
plan_still_clear (SalveSessionAssistant *self)
{
  update_findings (self);
  if (salve_findings_list_get_can_start (SALVE_FINDINGS_LIST (self->findings_list)))
    return TRUE;

  toast (self, _("The changed values need another safety check: read the findings again."));
  go_to (self, "site");
  return FALSE;
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalveSessionAssistant *self = SALVE_SESSION_ASSISTANT (widget);
  const char *step = current_step (self);
  g_autoptr(GError) error = NULL;

  if (!can_go_next (self))
    return;

  if (g_str_equal (step, "device"))
    {
      tint_sites (self);
      update_findings (self);
      go_to (self, "site");
      gtk_widget_grab_focus (GTK_WIDGET (self->body_picker));
    }
  else if (g_str_equal (step, "site"))
    {
      build_prepare_page (self);
      go_to (self, "prepare");
    }
  else if (g_str_equal (step, "prepare"))
    {
      if (plan_still_clear (self))
        go_to (self, "pain-before");
    }
  else if (g_str_equal (step, "pain-before"))
    {
      if (!plan_still_clear (self))
        return;
      if (!start_session (self, &error))
        {
          g_autofree char *message = g_strdup_printf (_("The session could not start: %s"), error->message);
          toast (self, message);
        }
    }
  else if (g_str_equal (step, "after"))
    {
      if (!save_after (self, &error))
        {
          g_autofree char *message = g_strdup_printf (_("Could not save: %s"), error->message);
          toast (self, message);
          return;
        }
      if (!self->saved)
        {
          self->close_when_stored = TRUE;
          toast (self, _("Not saved yet: the database is in use by another program. "
                         "Salve keeps trying and closes this window once it is saved."));
          return;
        }
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalveSessionAssistant *self = SALVE_SESSION_ASSISTANT (widget);
  guint index = step_index (current_step (self));

  if (index == 0 || index >= step_index ("run"))
    return;

  go_to (self, steps[index - 1]);
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SalveSessionAssistant *self = SALVE_SESSION_ASSISTANT (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->runner == NULL)
    return;

  if (salve_session_runner_get_state (self->runner) == SALVE_RUNNER_PAUSED)
    ok = salve_session_runner_resume (self->runner, &error);
  else
    ok = salve_session_runner_pause (self->runner, &error);

  if (!ok)
    toast (self, error->message);
  update_run_page (self);
}

static void
stop_session (SalveSessionAssistant *self)
{
  g_cancellable_cancel (self->cancellable);

  if (self->runner != NULL)
    salve_session_runner_stop (self->runner);
  else if (self->session != NULL)
    {
      /* Still connecting: nothing ran, but the session was planned and
       * its pain rating stored; close it honestly. */
      self->runner = salve_session_runner_new_manual (self->db, self->session);
      salve_session_runner_stop (self->runner);
      show_after_page (self);
    }
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  stop_session (SALVE_SESSION_ASSISTANT (widget));
}

static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalveSessionAssistant *self = SALVE_SESSION_ASSISTANT (widget);

  if (g_str_equal (current_step (self), "run"))
    stop_session (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
intensity_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SalveSessionAssistant *self = SALVE_SESSION_ASSISTANT (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->runner == NULL)
    return;

  if (g_str_equal (action_name, "assistant.intensity-up"))
    ok = salve_session_runner_intensity_up (self->runner, &error);
  else
    ok = salve_session_runner_intensity_down (self->runner, &error);

  if (!ok)
    toast (self, error->message);
  update_run_page (self);
}

static void
on_save_program_response (AdwMessageDialog      *dialog,
                          const char            *response,
                          SalveSessionAssistant *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(SalvePreset) saved = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "save"))
    return;

  salve_preset_set_name (self->preset, gtk_editable_get_text (entry));
  saved = salve_program_repo_save (self->db, salve_profile_get_id (self->profile), self->preset,
                                   salve_preset_get_id (self->preset), &error);
  if (saved == NULL)
    {
      toast (self, error->message);
      return;
    }

  {
    g_autofree char *message = g_strdup_printf (_("Saved “%s” to your programs"), salve_preset_get_name (saved));
    toast (self, message);
  }
}

static void
save_program_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SalveSessionAssistant *self = SALVE_SESSION_ASSISTANT (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (self->preset == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save as Your Program"),
                                   _("The program with the values you set now appears in the program list next time."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), salve_preset_get_name (self->preset));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_program_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_findings_changed (GObject               *list,
                     GParamSpec            *pspec,
                     SalveSessionAssistant *self)
{
  update_navigation (self);
}

static void
on_eye_toggled (GtkCheckButton        *check,
                SalveSessionAssistant *self)
{
  update_navigation (self);
}

static void
on_sleep (SalveSleepMonitor     *monitor,
          gboolean               sleeping,
          SalveSessionAssistant *self)
{
  if (sleeping && self->runner != NULL)
    salve_session_runner_interrupt (self->runner, SALVE_SESSION_REASON_SUSPEND);
}

static gboolean
salve_session_assistant_close_request (GtkWindow *window)
{
  SalveSessionAssistant *self = SALVE_SESSION_ASSISTANT (window);

  /* Closing the window (or quitting) mid-session stops the device first
   * and ends the session as interrupted; the questions after it are still
   * offered, and a second close really closes. */
  if (g_str_equal (current_step (self), "run"))
    {
      g_cancellable_cancel (self->cancellable);
      if (self->runner == NULL && self->session != NULL)
        self->runner = salve_session_runner_new_manual (self->db, self->session);
      if (self->runner != NULL)
        salve_session_runner_interrupt (self->runner, SALVE_SESSION_REASON_WINDOW_CLOSED);
      show_after_page (self);
      return TRUE;
    }

  /* Closing while the session's record waits for the database: said
   * once; a second close really closes (and waits for it a little). */
  if (self->journal != NULL && salve_session_journal_get_n_pending (self->journal) > 0 && !self->close_asked)
    {
      self->close_asked = TRUE;
      self->close_when_stored = TRUE;
      toast (self, _("Not saved yet: the database is in use by another program. "
                     "Salve keeps trying and closes this window once it is saved."));
      return TRUE;
    }

  return GTK_WINDOW_CLASS (salve_session_assistant_parent_class)->close_request (window);
}

static void
salve_session_assistant_dispose (GObject *object)
{
  SalveSessionAssistant *self = (SalveSessionAssistant *)object;

  g_cancellable_cancel (self->cancellable);

  /* The app is going away with the session running: device off first,
   * then the session ends as interrupted. */
  if (self->runner != NULL)
    {
      /* No page to update and no one to tell: the window is going. */
      g_signal_handlers_disconnect_by_data (self->runner, self);
      salve_session_runner_interrupt (self->runner, SALVE_SESSION_REASON_APP_CLOSED);
      store_end (self);
    }
  else if (self->journal != NULL && salve_session_get_outcome (self->session) == SALVE_SESSION_OUTCOME_PLANNED)
    salve_session_journal_finish (self->journal, SALVE_SESSION_OUTCOME_INTERRUPTED,
                                  SALVE_SESSION_REASON_APP_CLOSED, NULL);
  if (self->journal != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* No one left to tell but the log: give the database a moment. */
      g_signal_handlers_disconnect_by_data (self->journal, self);
      if (!salve_session_journal_flush (self->journal, JOURNAL_CLOSE_WAIT_MS, &error))
        g_warning ("Session %" G_GINT64_FORMAT " was not stored completely: %s",
                   salve_session_get_id (self->session), error->message);
      g_clear_object (&self->journal);
    }
  release_inhibit (self);

  if (self->stimulator != NULL)
    {
      if (self->sleep_monitor != NULL)
        salve_sleep_monitor_remove_stimulator (self->sleep_monitor, self->stimulator);
      salve_stimulator_disconnect (self->stimulator);
    }
  if (self->sim != NULL)
    g_subprocess_force_exit (self->sim);

  g_clear_object (&self->runner);
  g_clear_object (&self->stimulator);
  g_clear_object (&self->sim);
  g_clear_object (&self->sleep_monitor);

  gtk_widget_dispose_template (GTK_WIDGET (self), SALVE_TYPE_SESSION_ASSISTANT);

  G_OBJECT_CLASS (salve_session_assistant_parent_class)->dispose (object);
}

static void
salve_session_assistant_finalize (GObject *object)
{
  SalveSessionAssistant *self = (SalveSessionAssistant *)object;

  g_clear_object (&self->db);
  g_clear_object (&self->profile);
  g_clear_object (&self->preset);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_clear_pointer (&self->programs, g_ptr_array_unref);
  g_clear_pointer (&self->effect_checks, g_ptr_array_unref);
  g_clear_pointer (&self->skin_checks, g_ptr_array_unref);
  g_clear_pointer (&self->device_rows, g_ptr_array_unref);
  g_clear_pointer (&self->program_rows, g_ptr_array_unref);
  g_clear_pointer (&self->step_rows, g_ptr_array_unref);
  g_clear_pointer (&self->plan_rows, g_ptr_array_unref);
  g_clear_pointer (&self->effect_rows, g_ptr_array_unref);
  g_clear_pointer (&self->skin_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (salve_session_assistant_parent_class)->finalize (object);
}

static void
salve_session_assistant_class_init (SalveSessionAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = salve_session_assistant_dispose;
  object_class->finalize = salve_session_assistant_finalize;
  window_class->close_request = salve_session_assistant_close_request;

  signals [SESSION_SAVED] =
    g_signal_new ("session-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (SALVE_TYPE_BODY_PICKER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-session-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, window_title);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, stack);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, device_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, program_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, body_picker);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, site_row);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, findings_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, steps_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, picture_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, placement_picture);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, plan_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, eye_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, eye_check);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, pain_before_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, run_status_label);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, timer_label);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, total_label);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, intensity_box);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, output_label);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, output_caption);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, pause_button);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, inhibit_box);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, outcome_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, outcome_icon);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, pain_after_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, effects_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, skin_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, note_view);

  gtk_widget_class_install_action (widget_class, "assistant.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "assistant.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "assistant.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "assistant.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "assistant.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "assistant.intensity-up", NULL, intensity_action);
  gtk_widget_class_install_action (widget_class, "assistant.intensity-down", NULL, intensity_action);
  gtk_widget_class_install_action (widget_class, "assistant.save-program", NULL, save_program_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "assistant.escape", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "assistant.intensity-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "assistant.intensity-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "assistant.intensity-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "assistant.intensity-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "assistant.back", NULL);
}

static void
salve_session_assistant_init (SalveSessionAssistant *self)
{
  g_autoptr(GtkStringList) sites = gtk_string_list_new (NULL);
  GtkWidget *save_button;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->site = SALVE_N_SITES;
  self->pain_before = SALVE_PAIN_UNSET;
  self->pain_after = SALVE_PAIN_UNSET;
  self->cancellable = g_cancellable_new ();
  self->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) device_choice_free);
  self->programs = g_ptr_array_new_with_free_func (g_object_unref);
  self->effect_checks = g_ptr_array_new ();
  self->skin_checks = g_ptr_array_new ();
  self->device_rows = g_ptr_array_new ();
  self->program_rows = g_ptr_array_new ();
  self->step_rows = g_ptr_array_new ();
  self->plan_rows = g_ptr_array_new ();
  self->effect_rows = g_ptr_array_new ();
  self->skin_rows = g_ptr_array_new ();

  for (SalveSite s = 0; s < SALVE_N_SITES; s++)
    gtk_string_list_append (sites, salve_site_get_name (s));
  adw_combo_row_set_model (self->site_row, G_LIST_MODEL (sites));
  adw_combo_row_set_selected (self->site_row, GTK_INVALID_LIST_POSITION);
  g_signal_connect (self->site_row, "notify::selected", G_CALLBACK (on_site_row_selected), self);
  g_signal_connect (self->body_picker, "notify::site", G_CALLBACK (on_picker_site), self);

  self->findings_list = salve_findings_list_new ();
  adw_preferences_group_add (self->findings_group, self->findings_list);
  g_signal_connect (self->findings_list, "notify::can-start", G_CALLBACK (on_findings_changed), self);

  gtk_drawing_area_set_draw_func (self->placement_picture, draw_placement, NULL, NULL);
  g_signal_connect (self->eye_check, "toggled", G_CALLBACK (on_eye_toggled), self);

  save_button = gtk_button_new_with_mnemonic (_("Save as _Program…"));
  gtk_widget_add_css_class (save_button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (save_button), "assistant.save-program");
  adw_preferences_group_set_header_suffix (self->plan_group, save_button);

  g_object_set_data (G_OBJECT (self), "down",
                     gtk_widget_get_first_child (self->intensity_box));
  g_object_set_data (G_OBJECT (self), "up",
                     gtk_widget_get_last_child (self->intensity_box));

  add_pain_scale (self, self->pain_before_group, &self->pain_before, _("Pain before the session"));
  add_pain_scale (self, self->pain_after_group, &self->pain_after, _("Pain after the session"));

  self->sleep_monitor = salve_sleep_monitor_new ();
  g_signal_connect_object (self->sleep_monitor, "prepare-for-sleep", G_CALLBACK (on_sleep), self, 0);

  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (update_navigation), self);
}

SalveSessionAssistant *
salve_session_assistant_new (GtkWindow    *parent,
                             SalveDb      *db,
                             SalveProfile *profile)
{
  SalveSessionAssistant *self;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);
  g_return_val_if_fail (SALVE_IS_PROFILE (profile), NULL);

  self = g_object_new (SALVE_TYPE_SESSION_ASSISTANT,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->db = g_object_ref (db);
  self->profile = g_object_ref (profile);

  load_context (self);
  build_device_rows (self);
  update_navigation (self);

  return self;
}

const char *
salve_session_assistant_get_step (SalveSessionAssistant *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_ASSISTANT (self), NULL);
  return current_step (self);
}

SalveSession *
salve_session_assistant_get_session (SalveSessionAssistant *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_ASSISTANT (self), NULL);
  return self->session;
}
