/* salve-session-assistant.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-assistant"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "salve-session-assistant-private.h"
#include "salve-session-repo.h"
#include "salve-treatment.h"

/* How long closing waits for a busy database to take the session's record. */
#define JOURNAL_CLOSE_WAIT_MS 10000

G_DEFINE_FINAL_TYPE (SalveSessionAssistant, salve_session_assistant, ADW_TYPE_WINDOW)

enum {
  SESSION_SAVED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* ── The session's life ────────────────────────────────────────────────
 * From "Start Session" on: the records written, the device connected (or
 * the simulator started), the runner, and how the session ends. Nothing
 * else in the assistant writes a session's records or talks to a device;
 * the ceiling and the rules inputs come from SalveSessionState. */

static void
set_runner (SalveSessionAssistant *self,
            SalveSessionRunner    *runner)
{
  salve_session_state_set_runner (self->state, runner);
  g_object_unref (runner);
}

static void
on_journal_changed (SalveSessionJournal   *journal,
                    GParamSpec            *pspec,
                    SalveSessionAssistant *self)
{
  SalveSessionRunner *runner = salve_session_state_get_runner (self->state);
  SalveSession *session = salve_session_state_get_session (self->state);
  gboolean stored = salve_session_journal_get_n_pending (journal) == 0 &&
                    salve_session_journal_get_error (journal) == NULL;

  /* Our own write, stored at once: nothing to tell. */
  if (!self->waiting)
    return;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "after") == 0)
    salve_session_step_after_update (self->after_step);

  if (!stored)
    return;

  self->waiting = FALSE;

  if (self->close_when_stored)
    {
      if (self->after_queued)
        {
          self->saved = TRUE;
          g_signal_emit (self, signals [SESSION_SAVED], 0, salve_session_get_id (session));
        }
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (runner != NULL && salve_session_runner_get_state (runner) == SALVE_RUNNER_FINISHED)
    {
      _salve_session_assistant_toast (self, _("The session is saved."));
      g_signal_emit (self, signals [SESSION_SAVED], 0, salve_session_get_id (session));
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
  GPtrArray *findings = salve_session_state_get_findings (self->state);
  SalveProfile *profile = salve_session_state_get_profile (self->state);

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      SalveFinding *finding = g_ptr_array_index (findings, i);

      if (finding->severity != SALVE_SEVERITY_CAUTION)
        continue;

      /* Who acknowledged: the person whose profile this is, at the
       * keyboard now. */
      salve_session_journal_log (self->journal, SALVE_SESSION_EVENT_CAUTION_ACKNOWLEDGED, 0,
                                 finding->rule_id, salve_profile_get_name (profile));
    }
}

static void
save_diary_entry (SalveSessionAssistant *self,
                  int                    pain,
                  SalveDiaryPhase        phase,
                  const char            *note)
{
  SalveProfile *profile = salve_session_state_get_profile (self->state);
  SalveSession *session = salve_session_state_get_session (self->state);
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (profile));

  salve_diary_entry_set_pain (entry, pain);
  salve_diary_entry_set_region (entry, salve_site_to_id (salve_session_state_get_site (self->state)));
  salve_diary_entry_set_session (entry, salve_session_get_id (session), phase);
  if (note != NULL)
    salve_diary_entry_set_note (entry, note);

  salve_session_journal_add_diary_entry (self->journal, entry);
}

static void
release_inhibit (SalveSessionAssistant *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->inhibit_cookie != 0 && app != NULL)
    gtk_application_uninhibit (app, self->inhibit_cookie);
  self->inhibit_cookie = 0;
  if (self->run_step != NULL)
    salve_session_step_run_set_inhibiting (self->run_step, FALSE);
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
  salve_session_step_run_set_inhibiting (self->run_step, TRUE);
}

/* The runner writes the end itself; if it could not (the database was
 * busy), the journal writes it again, and keeps trying. Writing it twice
 * changes nothing. */
static void
store_end (SalveSessionAssistant *self)
{
  SalveSessionRunner *runner = salve_session_state_get_runner (self->state);
  SalveSession *session = salve_session_state_get_session (self->state);
  SalveSessionOutcome outcome;

  if (self->end_requeued || self->journal == NULL || runner == NULL ||
      salve_session_runner_get_state (runner) != SALVE_RUNNER_FINISHED ||
      salve_session_runner_get_storage_error (runner) == NULL)
    return;

  outcome = salve_session_get_outcome (session);
  if (outcome != SALVE_SESSION_OUTCOME_COMPLETED && outcome != SALVE_SESSION_OUTCOME_STOPPED &&
      outcome != SALVE_SESSION_OUTCOME_INTERRUPTED)
    return;

  self->end_requeued = TRUE;
  salve_session_journal_update_params (self->journal);
  salve_session_journal_finish (self->journal, outcome, salve_session_get_outcome_reason (session),
                                salve_session_get_ended_at (session));
  check_waiting (self);
}

static void
show_after_page (SalveSessionAssistant *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "after") == 0)
    return;

  store_end (self);
  release_inhibit (self);
  _salve_session_assistant_go_forward (self, "after");
}

/* A session that never got going still ends, and says why. */
static void
fail_session (SalveSessionAssistant *self,
              SalveSessionRunner    *runner,
              const char            *reason,
              const char            *message)
{
  set_runner (self, runner);
  salve_session_runner_device_failed (runner, reason, message);
  show_after_page (self);
}

static void
on_runner_finished (SalveSessionRunner    *runner,
                    SalveSessionAssistant *self)
{
  SalveStimulator *stimulator = salve_session_state_get_stimulator (self->state);

  release_inhibit (self);
  if (stimulator != NULL && self->sleep_monitor != NULL)
    salve_sleep_monitor_remove_stimulator (self->sleep_monitor, stimulator);

  show_after_page (self);
  if (salve_session_journal_get_n_pending (self->journal) == 0)
    g_signal_emit (self, signals [SESSION_SAVED], 0,
                   salve_session_get_id (salve_session_state_get_session (self->state)));
}

static void
begin_running (SalveSessionAssistant *self,
               SalveSessionRunner    *runner)
{
  g_autoptr(GError) error = NULL;

  g_signal_connect_object (runner, "finished", G_CALLBACK (on_runner_finished), self, 0);
  g_signal_connect_object (runner, "tick", G_CALLBACK (_salve_session_assistant_update_actions),
                           self, G_CONNECT_SWAPPED);
  salve_session_runner_set_intensity_limit (runner, salve_session_state_get_output_limit (self->state));
  set_runner (self, runner);

  take_inhibit (self);
  _salve_session_assistant_update_navigation (self);

  if (!salve_session_runner_start (runner, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The session could not start: %s"), error->message);
      _salve_session_assistant_toast (self, message);
      return;
    }

  salve_session_step_run_update (self->run_step);
  _salve_session_assistant_update_actions (self);
}

static void
on_stimulator_connected (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(SalveSessionAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  SalveStimulator *stimulator = SALVE_STIMULATOR (object);
  SalveDb *db = salve_session_state_get_db (self->state);
  SalveSession *session = salve_session_state_get_session (self->state);
  double ceiling;
  SalvePlan plan;

  if (!salve_stimulator_connect_finish (stimulator, result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      message = g_strdup_printf (_("Could not connect to %s: %s"),
                                 salve_session_state_get_choice (self->state)->name, error->message);
      fail_session (self, salve_session_runner_new_manual (db, session),
                    SALVE_SESSION_REASON_LINK_LOST, error->message);
      _salve_session_assistant_toast (self, message);
      return;
    }

  ceiling = salve_session_state_get_intensity_ceiling (self->state);
  if (!isnan (ceiling))
    salve_stimulator_set_ceiling (stimulator, SALVE_PARAM_INTENSITY_MA, ceiling);

  salve_session_state_build_plan (self->state, &plan);
  if (!salve_stimulator_set_program (stimulator, 1, &plan, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The device refused the program: %s"), error->message);

      salve_plan_clear (&plan);
      fail_session (self, salve_session_runner_new_for_stimulator (db, session, stimulator),
                    SALVE_SESSION_REASON_FAULT, error->message);
      _salve_session_assistant_toast (self, message);
      return;
    }
  salve_plan_clear (&plan);

  if (self->sleep_monitor != NULL)
    salve_sleep_monitor_add_stimulator (self->sleep_monitor, stimulator);

  begin_running (self, salve_session_runner_new_for_stimulator (db, session, stimulator));
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
  g_clear_object (&self->sim_out);

  if (line == NULL)
    {
      const char *message = _("The simulated stimulator did not start.");

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      fail_session (self, salve_session_runner_new_manual (salve_session_state_get_db (self->state),
                                                           salve_session_state_get_session (self->state)),
                    SALVE_SESSION_REASON_LINK_LOST, message);
      _salve_session_assistant_toast (self, message);
      return;
    }

  g_strstrip (line);
  salve_stimulator_connect_async (salve_session_state_get_stimulator (self->state), line, self->cancellable,
                                  on_stimulator_connected, g_object_ref (self));
}

static gboolean
connect_device (SalveSessionAssistant  *self,
                GError                **error)
{
  const SalveSessionChoice *choice = salve_session_state_get_choice (self->state);
  g_autoptr(SalveStimulator) stimulator = salve_stimulator_new ();
  g_autofree char *sim = NULL;

  salve_session_state_set_stimulator (self->state, stimulator);

  if (!choice->simulated)
    {
      salve_stimulator_connect_async (stimulator, choice->device->connection, self->cancellable,
                                      on_stimulator_connected, g_object_ref (self));
      return TRUE;
    }

  sim = salve_treatment_find_simulator ();
  if (sim == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The simulated stimulator “salve-stim-sim” is not installed."));
      return FALSE;
    }

  self->sim = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, error,
                                sim, "--modality", salve_modality_to_id (choice->modality), NULL);
  if (self->sim == NULL)
    return FALSE;

  self->sim_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->sim));
  g_data_input_stream_read_line_async (self->sim_out, G_PRIORITY_DEFAULT, self->cancellable,
                                       on_sim_line, g_object_ref (self));
  return TRUE;
}

gboolean
_salve_session_assistant_start (SalveSessionAssistant  *self,
                                GError                **error)
{
  const SalveSessionChoice *choice = salve_session_state_get_choice (self->state);
  SalveDb *db = salve_session_state_get_db (self->state);
  int pain_before = salve_session_state_get_pain_before (self->state);
  g_autoptr(SalveSession) session = salve_session_new (choice->modality, salve_session_state_get_site (self->state));

  salve_preset_apply (salve_session_state_get_preset (self->state), session);
  salve_session_set_profile_id (session, salve_profile_get_id (salve_session_state_get_profile (self->state)));
  salve_session_set_device_name (session, choice->name);
  if (choice->device != NULL)
    salve_session_set_device_id (session, choice->device->id);
  salve_session_set_pain_before (session, pain_before);
  salve_session_state_set_session (self->state, session);

  /* Stored before anything runs: from here on, nothing entered is lost. */
  if (!salve_session_repo_create (db, session, error))
    return FALSE;

  self->journal = salve_session_journal_new (db, session);
  g_signal_connect_object (self->journal, "notify::n-pending", G_CALLBACK (on_journal_changed), self, 0);
  salve_session_step_after_set_journal (self->after_step, self->journal);

  log_acknowledged_cautions (self);
  save_diary_entry (self, pain_before, SALVE_DIARY_PHASE_BEFORE, NULL);
  check_waiting (self);

  _salve_session_assistant_go_forward (self, "run");

  if (!salve_session_choice_is_connected (choice))
    {
      begin_running (self, salve_session_runner_new_manual (db, session));
      return TRUE;
    }

  if (!connect_device (self, error))
    {
      fail_session (self, salve_session_runner_new_manual (db, session),
                    SALVE_SESSION_REASON_LINK_LOST, (*error)->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
_salve_session_assistant_save_after (SalveSessionAssistant  *self,
                                     GError                **error)
{
  SalveSession *session = salve_session_state_get_session (self->state);
  int pain_after = salve_session_state_get_pain_after (self->state);
  const char *note = salve_session_state_get_note (self->state);

  salve_session_set_pain_after (session, pain_after);
  salve_session_set_side_effects (session, salve_session_state_get_side_effects (self->state));
  salve_session_set_skin_check (session, salve_session_state_get_skin_check (self->state));
  salve_session_set_note (session, note);

  salve_session_journal_update_after (self->journal);
  /* Once, however often Save is pressed while the database is busy. */
  if (pain_after != SALVE_PAIN_UNSET && !self->after_queued)
    save_diary_entry (self, pain_after, SALVE_DIARY_PHASE_AFTER, note);
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
  g_signal_emit (self, signals [SESSION_SAVED], 0, salve_session_get_id (session));
  return TRUE;
}

void
_salve_session_assistant_stop (SalveSessionAssistant *self)
{
  SalveSessionRunner *runner = salve_session_state_get_runner (self->state);
  SalveSession *session = salve_session_state_get_session (self->state);

  g_cancellable_cancel (self->cancellable);

  if (runner != NULL)
    salve_session_runner_stop (runner);
  else if (session != NULL)
    {
      /* Still connecting: nothing ran, but the session was planned and
       * its pain rating stored; close it honestly. */
      runner = salve_session_runner_new_manual (salve_session_state_get_db (self->state), session);
      set_runner (self, runner);
      salve_session_runner_stop (runner);
      show_after_page (self);
    }
}

static void
on_sleep (SalveSleepMonitor     *monitor,
          gboolean               sleeping,
          SalveSessionAssistant *self)
{
  SalveSessionRunner *runner = salve_session_state_get_runner (self->state);

  if (sleeping && runner != NULL)
    salve_session_runner_interrupt (runner, SALVE_SESSION_REASON_SUSPEND);
}

static gboolean
salve_session_assistant_close_request (GtkWindow *window)
{
  SalveSessionAssistant *self = SALVE_SESSION_ASSISTANT (window);

  /* Closing the window (or quitting) mid-session stops the device first
   * and ends the session as interrupted; the questions after it are still
   * offered, and a second close really closes. */
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "run"))
    {
      SalveSession *session = salve_session_state_get_session (self->state);

      g_cancellable_cancel (self->cancellable);
      if (salve_session_state_get_runner (self->state) == NULL && session != NULL)
        set_runner (self, salve_session_runner_new_manual (salve_session_state_get_db (self->state), session));
      if (salve_session_state_get_runner (self->state) != NULL)
        salve_session_runner_interrupt (salve_session_state_get_runner (self->state),
                                        SALVE_SESSION_REASON_WINDOW_CLOSED);
      show_after_page (self);
      return TRUE;
    }

  /* Closing while the session's record waits for the database: said
   * once; a second close really closes (and waits for it a little). */
  if (self->journal != NULL && salve_session_journal_get_n_pending (self->journal) > 0 && !self->close_asked)
    {
      self->close_asked = TRUE;
      _salve_session_assistant_close_when_stored (self);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (salve_session_assistant_parent_class)->close_request (window);
}

static void
salve_session_assistant_dispose (GObject *object)
{
  SalveSessionAssistant *self = (SalveSessionAssistant *)object;
  SalveSessionRunner *runner = self->state ? salve_session_state_get_runner (self->state) : NULL;
  SalveSession *session = self->state ? salve_session_state_get_session (self->state) : NULL;
  SalveStimulator *stimulator = self->state ? salve_session_state_get_stimulator (self->state) : NULL;

  g_cancellable_cancel (self->cancellable);

  /* The app is going away with the session running: device off first,
   * then the session ends as interrupted. */
  if (runner != NULL)
    {
      /* No page to update and no one to tell: the window is going. */
      g_signal_handlers_disconnect_by_data (runner, self);
      g_signal_handlers_disconnect_by_data (runner, self->run_step);
      salve_session_runner_interrupt (runner, SALVE_SESSION_REASON_APP_CLOSED);
      store_end (self);
    }
  else if (self->journal != NULL && salve_session_get_outcome (session) == SALVE_SESSION_OUTCOME_PLANNED)
    salve_session_journal_finish (self->journal, SALVE_SESSION_OUTCOME_INTERRUPTED,
                                  SALVE_SESSION_REASON_APP_CLOSED, NULL);
  if (self->journal != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* No one left to tell but the log: give the database a moment. */
      g_signal_handlers_disconnect_by_data (self->journal, self);
      if (!salve_session_journal_flush (self->journal, JOURNAL_CLOSE_WAIT_MS, &error))
        g_warning ("Session %" G_GINT64_FORMAT " was not stored completely: %s",
                   salve_session_get_id (session), error->message);
      g_clear_object (&self->journal);
    }
  release_inhibit (self);

  if (stimulator != NULL)
    {
      if (self->sleep_monitor != NULL)
        salve_sleep_monitor_remove_stimulator (self->sleep_monitor, stimulator);
      salve_stimulator_disconnect (stimulator);
    }
  if (self->sim != NULL)
    g_subprocess_force_exit (self->sim);

  g_clear_object (&self->sim);
  g_clear_object (&self->sim_out);
  g_clear_object (&self->sleep_monitor);

  gtk_widget_dispose_template (GTK_WIDGET (self), SALVE_TYPE_SESSION_ASSISTANT);

  G_OBJECT_CLASS (salve_session_assistant_parent_class)->dispose (object);
}

/* ── End of the session's life ────────────────────────────────────────── */

static void
salve_session_assistant_finalize (GObject *object)
{
  SalveSessionAssistant *self = (SalveSessionAssistant *)object;

  g_clear_object (&self->state);
  g_clear_object (&self->cancellable);

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

  g_type_ensure (SALVE_TYPE_SESSION_STEP_DEVICE);
  g_type_ensure (SALVE_TYPE_SESSION_STEP_SITE);
  g_type_ensure (SALVE_TYPE_SESSION_STEP_PREPARE);
  g_type_ensure (SALVE_TYPE_SESSION_STEP_PAIN);
  g_type_ensure (SALVE_TYPE_SESSION_STEP_RUN);
  g_type_ensure (SALVE_TYPE_SESSION_STEP_AFTER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-session-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, window_title);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, stack);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, run_step);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, after_step);

  _salve_session_assistant_class_add_actions (widget_class);
}

static void
salve_session_assistant_init (SalveSessionAssistant *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->sleep_monitor = salve_sleep_monitor_new ();
  g_signal_connect_object (self->sleep_monitor, "prepare-for-sleep", G_CALLBACK (on_sleep), self, 0);
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
  self->state = salve_session_state_new (db, profile);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      salve_session_step_set_state (SALVE_SESSION_STEP (child), self->state);
      g_signal_connect_object (child, "notify::can-continue", G_CALLBACK (_salve_session_assistant_update_navigation),
                               self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->stack, "notify::visible-child", G_CALLBACK (_salve_session_assistant_update_navigation),
                           self, G_CONNECT_SWAPPED);
  _salve_session_assistant_update_navigation (self);

  return self;
}

const char *
salve_session_assistant_get_step (SalveSessionAssistant *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_ASSISTANT (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

SalveSession *
salve_session_assistant_get_session (SalveSessionAssistant *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_ASSISTANT (self), NULL);
  return salve_session_state_get_session (self->state);
}
