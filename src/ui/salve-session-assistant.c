/* salve-session-assistant.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-assistant"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "salve-application.h"
#include "salve-session-assistant-private.h"
#include "salve-treatment.h"

G_DEFINE_FINAL_TYPE (SalveSessionAssistant, salve_session_assistant, ADW_TYPE_WINDOW)

enum {
  SESSION_SAVED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* ── The session's life ────────────────────────────────────────────────
 * The session is the state's SalveTreatment, the same salvectl runs: it
 * stores the records, connects the device (or starts the simulator), runs
 * it and ends it. The assistant only starts, stops and closes it, shows
 * its steps, and keeps the computer awake meanwhile. */

/* How long a session whose record waits for a busy database outlives its
 * window, the journal retrying from the main loop; after that the next
 * opening of the database ends it as interrupted. */
#define KEEP_UNTIL_STORED_S 120

typedef struct
{
  SalveTreatment *treatment;
  GApplication   *app;
  guint           timeout_id;
  guint           idle_id;
} Keep;

static gboolean
keep_free (gpointer data)
{
  Keep *keep = data;

  g_clear_handle_id (&keep->timeout_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (keep->treatment, keep);
  if (keep->app != NULL)
    g_application_release (keep->app);
  g_clear_object (&keep->app);
  g_object_unref (keep->treatment);
  g_free (keep);

  return G_SOURCE_REMOVE;
}

static void
on_kept_pending (SalveTreatment *treatment,
                 GParamSpec     *pspec,
                 Keep           *keep)
{
  if (keep->idle_id == 0 &&
      (salve_treatment_get_n_pending (treatment) == 0 || salve_treatment_get_storage_error (treatment) != NULL))
    keep->idle_id = g_idle_add (keep_free, keep);
}

static gboolean
on_keep_timeout (gpointer data)
{
  Keep *keep = data;

  keep->timeout_id = 0;
  g_warning ("Session %" G_GINT64_FORMAT " was not stored completely: the database stayed in use",
             salve_session_get_id (salve_treatment_get_session (keep->treatment)));
  if (keep->idle_id == 0)
    keep->idle_id = g_idle_add (keep_free, keep);

  return G_SOURCE_REMOVE;
}

/* The window goes, the session's record still waits for the database:
 * the application (if any) stays until it is stored, without waiting
 * for it here. */
static void
keep_until_stored (SalveTreatment *treatment)
{
  Keep *keep = g_new0 (Keep, 1);

  keep->treatment = g_object_ref (treatment);
  keep->app = g_application_get_default ();
  if (keep->app != NULL)
    {
      g_object_ref (keep->app);
      g_application_hold (keep->app);
    }
  g_signal_connect (treatment, "notify::n-pending", G_CALLBACK (on_kept_pending), keep);
  keep->timeout_id = g_timeout_add_seconds (KEEP_UNTIL_STORED_S, on_keep_timeout, keep);
}

static SalveTreatment *
treatment (SalveSessionAssistant *self)
{
  return salve_session_state_get_treatment (self->state);
}

static gint64
session_id (SalveSessionAssistant *self)
{
  SalveSession *session = salve_treatment_get_session (treatment (self));

  return session != NULL ? salve_session_get_id (session) : 0;
}

static void
on_pending (SalveTreatment        *t,
            GParamSpec            *pspec,
            SalveSessionAssistant *self)
{
  gboolean stored = salve_treatment_get_n_pending (t) == 0 && salve_treatment_get_storage_error (t) == NULL;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "after") == 0)
    salve_session_step_after_update (self->after_step);

  /* Only a write that was not stored at once is told about, once it is:
   * one stored at once was never said to be waiting. */
  if (!stored || !self->waiting)
    return;
  self->waiting = FALSE;

  if (self->close_when_stored)
    {
      if (salve_treatment_get_step (t) == SALVE_TREATMENT_STEP_CLOSED)
        {
          self->saved = TRUE;
          g_signal_emit (self, signals [SESSION_SAVED], 0, session_id (self));
        }
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (salve_treatment_get_step (t) >= SALVE_TREATMENT_STEP_AFTER)
    {
      _salve_session_assistant_toast (self, _("The session is saved."));
      g_signal_emit (self, signals [SESSION_SAVED], 0, session_id (self));
    }
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

static void
on_step (SalveTreatment        *t,
         int                    step,
         SalveSessionAssistant *self)
{
  if (step == SALVE_TREATMENT_STEP_CONNECTING || step == SALVE_TREATMENT_STEP_RUNNING)
    take_inhibit (self);
  _salve_session_assistant_update_navigation (self);
}

static void
on_finished (SalveTreatment        *t,
             SalveSessionAssistant *self)
{
  const GError *error = salve_treatment_get_error (t);

  release_inhibit (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "after") != 0)
    _salve_session_assistant_go_forward (self, "after");

  /* The database refused the start: said as it is, no "could not start"
   * before it. */
  if (g_error_matches (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_NOT_RECORDED))
    _salve_session_assistant_toast (self, error->message);
  /* The device did not answer, refused the program, or failed. */
  else if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The session could not start: %s"), error->message);
      _salve_session_assistant_toast (self, message);
    }

  /* The device's output stayed well below the plan (a slow ramp, a
   * device that gives less): as salvectl says it. */
  if (salve_treatment_get_output_note (t) != NULL)
    _salve_session_assistant_toast (self, salve_treatment_get_output_note (t));

  /* Its output may still be on: said so that it cannot be missed. */
  if (salve_treatment_get_stop_error (t) != NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Switch the Stimulator Off"),
                                                  salve_treatment_get_stop_error (t)->message);

      gtk_widget_set_name (dialog, "stop-not-confirmed");
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("It Is _Off"));
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
      gtk_window_present (GTK_WINDOW (dialog));
    }

  if (salve_treatment_get_n_pending (t) == 0)
    g_signal_emit (self, signals [SESSION_SAVED], 0, session_id (self));
  else
    self->waiting = TRUE;
}

gboolean
_salve_session_assistant_start (SalveSessionAssistant  *self,
                                GError                **error)
{
  salve_treatment_set_sleep_monitor (treatment (self), self->sleep_monitor);

  /* The run step first: a session that ends at once goes on to "after". */
  _salve_session_assistant_go_forward (self, "run");
  if (!salve_treatment_start (treatment (self), error))
    {
      _salve_session_assistant_go_to (self, "pain-before");
      return FALSE;
    }

  return TRUE;
}

gboolean
_salve_session_assistant_save_after (SalveSessionAssistant  *self,
                                     GError                **error)
{
  SalveTreatment *t = treatment (self);

  /* Queued once, however often Save is pressed while the database is busy. */
  if (!salve_treatment_close (t, error))
    return FALSE;

  if (salve_treatment_get_storage_error (t) != NULL)
    {
      g_propagate_error (error, g_error_copy (salve_treatment_get_storage_error (t)));
      return FALSE;
    }

  /* Still waiting for the database: saved (and closed) once it is. */
  if (salve_treatment_get_n_pending (t) > 0)
    {
      self->waiting = TRUE;
      return TRUE;
    }

  self->saved = TRUE;
  g_signal_emit (self, signals [SESSION_SAVED], 0, session_id (self));
  return TRUE;
}

void
_salve_session_assistant_stop (SalveSessionAssistant *self)
{
  salve_treatment_stop (treatment (self));
}

static gboolean
save_after_idle (gpointer user_data)
{
  g_autoptr(SalveSessionAssistant) self = user_data;

  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
discard_after_idle (gpointer user_data)
{
  g_autoptr(SalveSessionAssistant) self = user_data;

  self->discard_after = TRUE;
  gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

/* Saving or closing may destroy this window: not while its dialog, which
 * is transient for it, is still closing. */
static void
on_unsaved_answers_response (AdwMessageDialog      *dialog,
                             const char            *response,
                             SalveSessionAssistant *self)
{
  if (g_str_equal (response, "save"))
    g_idle_add (save_after_idle, g_object_ref (self));
  else if (g_str_equal (response, "discard"))
    g_idle_add (discard_after_idle, g_object_ref (self));
}

static gboolean
salve_session_assistant_close_request (GtkWindow *window)
{
  SalveSessionAssistant *self = SALVE_SESSION_ASSISTANT (window);
  SalveTreatment *t = treatment (self);

  /* Closing the window (or quitting) mid-session stops the device first
   * and ends the session as interrupted; the questions after it are still
   * offered, and a second close really closes. */
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "run"))
    {
      GtkApplication *app = gtk_window_get_application (window);

      salve_treatment_interrupt (t, SALVE_IS_APPLICATION (app) && salve_application_is_quitting (SALVE_APPLICATION (app))
                                      ? SALVE_SESSION_REASON_APP_CLOSED : SALVE_SESSION_REASON_WINDOW_CLOSED);
      return TRUE;
    }

  /* Answers after the session that Save would store are not thrown
   * away without a word. */
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "after") &&
      !self->saved && !self->waiting && !self->discard_after &&
      salve_session_step_after_has_answers (self->after_step))
    {
      GtkWidget *dialog = adw_message_dialog_new (window, _("Save the Answers?"),
                                                  _("What you answered after the session is not saved yet."));

      gtk_widget_set_name (dialog, "unsaved-answers");
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "discard", _("_Discard"),
                                        "save", _("_Save"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_unsaved_answers_response), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  /* Closing while the session's record waits for the database: said
   * once; a second close really closes, and the record is still stored
   * once the database is free. */
  if (salve_treatment_get_n_pending (t) > 0 && !self->close_asked)
    {
      self->close_asked = TRUE;
      self->waiting = TRUE;
      _salve_session_assistant_close_when_stored (self);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (salve_session_assistant_parent_class)->close_request (window);
}

static void
salve_session_assistant_dispose (GObject *object)
{
  SalveSessionAssistant *self = (SalveSessionAssistant *)object;

  if (self->state != NULL)
    {
      SalveTreatment *t = treatment (self);
      SalveTreatmentStep step = salve_treatment_get_step (t);

      /* No page to update and no one to tell: the window is going. The
       * app is going away with the session running: device off first,
       * then the session ends as interrupted. */
      g_signal_handlers_disconnect_by_data (t, self);
      g_signal_handlers_disconnect_by_data (t, self->run_step);
      if (step == SALVE_TREATMENT_STEP_CONNECTING || step == SALVE_TREATMENT_STEP_RUNNING)
        salve_treatment_interrupt (t, SALVE_SESSION_REASON_APP_CLOSED);
      if (salve_treatment_get_n_pending (t) > 0)
        keep_until_stored (t);
      salve_treatment_set_sleep_monitor (t, NULL);
    }
  release_inhibit (self);
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

  g_type_ensure (SALVE_TYPE_TOAST_BAR);
  g_type_ensure (SALVE_TYPE_SESSION_STEP_SITE);
  g_type_ensure (SALVE_TYPE_SESSION_STEP_DEVICE);
  g_type_ensure (SALVE_TYPE_SESSION_STEP_PREPARE);
  g_type_ensure (SALVE_TYPE_SESSION_STEP_PAIN);
  g_type_ensure (SALVE_TYPE_SESSION_STEP_RUN);
  g_type_ensure (SALVE_TYPE_SESSION_STEP_AFTER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-session-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, window_title);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, toast_bar);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, stack);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, run_step);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionAssistant, after_step);

  _salve_session_assistant_class_add_actions (widget_class);
}

static void
salve_session_assistant_init (SalveSessionAssistant *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The treatment interrupts the session before sleep. */
  self->sleep_monitor = salve_sleep_monitor_new ();
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
  /* Whose session it is stays in sight on every step: on a laptop two
   * people share, the main window behind may show the other one. */
  {
    /* Translators: the session assistant's title, "New Session for Anna" */
    g_autofree char *title = g_strdup_printf (_("New Session for %s"), salve_profile_get_display_name (profile));

    gtk_window_set_title (GTK_WINDOW (self), title);
    adw_window_title_set_title (self->window_title, title);
  }
  g_signal_connect_object (treatment (self), "step", G_CALLBACK (on_step), self, 0);
  g_signal_connect_object (treatment (self), "finished", G_CALLBACK (on_finished), self, 0);
  g_signal_connect_object (treatment (self), "tick", G_CALLBACK (_salve_session_assistant_update_actions),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (treatment (self), "notify::n-pending", G_CALLBACK (on_pending), self, 0);

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
  /* Where it hurts, not Repeat Last above it: Return there would
   * choose the last session's everything. */
  _salve_session_assistant_focus_step (self);

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
  return salve_treatment_get_session (treatment (self));
}

gboolean
salve_session_assistant_get_marked_skin (SalveSessionAssistant *self,
                                         SalveSite             *site)
{
  g_return_val_if_fail (SALVE_IS_SESSION_ASSISTANT (self), FALSE);
  return salve_treatment_get_marked_skin (treatment (self), site);
}
