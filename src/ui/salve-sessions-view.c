/* salve-sessions-view.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-sessions-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "salve-background.h"
#include "salve-diary-repo.h"
#include "salve-rules.h"
#include "salve-session-repo.h"
#include "salve-sessions-view.h"
#include "salve-time.h"
#include "salve-view.h"

/* A person reads the recent history; older sessions stay in exports and
 * salvectl. Keeps the list quick on a therapist's big database. */
#define MAX_SESSIONS 200

struct _SalveSessionsView
{
  AdwBin               parent_instance;

  SalveDb             *db;
  SalveProfile        *profile;
  GStrv                device_names;   /* index i + 1 in the device filter */
  gboolean             updating_filters;

  GtkStack            *stack;
  AdwStatusPage       *status_page;
  AdwPreferencesGroup *glance_group;
  AdwPreferencesGroup *history_group;
  GtkDropDown         *device_filter;
  GtkDropDown         *modality_filter;

  GPtrArray           *glance_rows;
  GPtrArray           *history_rows;
  /* The profile's sessions no figure counts (salve_session_repo_list_uncounted),
   * read once with the list. */
  GHashTable          *uncounted;
  /* The pain rated before and after each session as diary entries linked
   * to it (salve_diary_points_session_ratings()): an imported session
   * keeps them so. */
  GHashTable          *linked;
  GCancellable        *load_cancellable;   /* the figures being read */
};

static void salve_sessions_view_iface_init (SalveViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SalveSessionsView, salve_sessions_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (SALVE_TYPE_VIEW, salve_sessions_view_iface_init))

/* A practice stimulator's name in the language shown, whatever language
 * the session was recorded or imported in; any other device's as it was
 * given. */
static const char *
device_display_name (const char *name)
{
  for (SalveModality m = 0; m < SALVE_N_MODALITIES; m++)
    if (salve_session_get_practice_device_name (m) != NULL && salve_session_is_practice_device_name (m, name))
      return _(salve_session_get_practice_device_name (m));
  return name;
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static char *
format_when (const char *iso)
{
  g_autoptr(GDateTime) dt = salve_time_parse_iso (iso);
  g_autoptr(GDateTime) local = NULL;

  if (dt == NULL)
    return g_strdup (_("not started"));

  local = g_date_time_to_local (dt);
  return salve_time_format_date_time (local);
}

/* The time in a session's title: its start, or when one that never
 * started gave up (a session only planned has neither). */
static char *
format_title_when (SalveSession *session)
{
  g_autofree char *ended = NULL;

  if (salve_session_get_started_at (session) != NULL || salve_session_get_ended_at (session) == NULL)
    return format_when (salve_session_get_started_at (session));

  ended = format_when (salve_session_get_ended_at (session));
  /* Translators: in a session's title, when a session that never started gave up, e.g. "not started, Fri 20 Nov 2026, 10:00" */
  return g_strdup_printf (_("not started, %s"), ended);
}

/* Why @session counts in no figure (SalveSessionUncounted flags), or 0
 * when it counts. */
static SalveSessionUncounted
uncounted (SalveSessionsView *self,
           SalveSession      *session)
{
  return salve_session_uncounted_get (self->uncounted, salve_session_get_id (session));
}

static char *
format_pain_change (int before,
                    int after)
{
  if (before == SALVE_PAIN_UNSET && after == SALVE_PAIN_UNSET)
    return NULL;

  if (after == SALVE_PAIN_UNSET)
    return g_strdup_printf (_("pain %d before"), before);

  if (before == SALVE_PAIN_UNSET)
    return g_strdup_printf (_("pain %d after"), after);

  /* Translators: "pain 7 → 4" */
  return g_strdup_printf (_("pain %d → %d"), before, after);
}

/* The session's own pain before and after, or where it has none the
 * diary entries linked to it (as the report reads them). */
static char *
format_session_pain (SalveSessionsView *self,
                     SalveSession      *session)
{
  int before, after;

  salve_session_ratings_lookup (self->linked, session, &before, &after);
  return format_pain_change (before, after);
}

static char *
format_outcome (SalveSession *session)
{
  SalveSessionOutcome outcome = salve_session_get_outcome (session);
  const char *reason = salve_session_get_outcome_reason (session);

  if (outcome == SALVE_SESSION_OUTCOME_INTERRUPTED && reason != NULL && *reason != '\0')
    /* Translators: "Interrupted: the connection to the device was lost" */
    return g_strdup_printf (_("Interrupted: %s"), salve_session_reason_get_name (reason));

  return g_strdup (salve_session_outcome_get_name (outcome));
}

static void
add_detail (AdwExpanderRow *expander,
            const char     *title,
            const char     *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  /* Short values sit on the right like a property; long ones (notes,
   * lists) get the row's full width below the title. */
  if (g_utf8_strlen (value, -1) <= 32 && strchr (value, '\n') == NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  else
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }

  adw_expander_row_add_row (expander, row);
}

static char *
format_elapsed (gint64 ms)
{
  gint64 s = ms / 1000;

  return g_strdup_printf ("%02d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
}

static void
fill_details (SalveSessionsView *self,
              AdwExpanderRow    *expander,
              gint64             id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) session = salve_session_repo_get (self->db, id, &error);
  g_autofree char *params = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autoptr(GString) effects = g_string_new (NULL);
  const char * const *effect_ids;
  GPtrArray *events;

  if (session == NULL)
    {
      add_detail (expander, _("Error"), error->message);
      return;
    }

  params = salve_session_format_params (session);
  start = format_when (salve_session_get_started_at (session));
  end = salve_session_get_ended_at (session) ? format_when (salve_session_get_ended_at (session)) : g_strdup ("–");

  add_detail (expander, _("Device"), *salve_session_get_device_name (session)
                                     ? device_display_name (salve_session_get_device_name (session)) : "–");
  add_detail (expander, _("Parameters"), *params ? params : "–");
  if (salve_session_get_planned_minutes (session) > 0)
    {
      g_autofree char *minutes = g_strdup_printf (_("%.0f min"), salve_session_get_planned_minutes (session));
      add_detail (expander, _("Planned"), minutes);
    }
  add_detail (expander, _("Started"), start);
  add_detail (expander, _("Ended"), end);

  effect_ids = salve_session_get_side_effects (session);
  for (guint i = 0; effect_ids[i] != NULL; i++)
    {
      const char *name = salve_side_effect_get_name (effect_ids[i]);
      if (effects->len > 0)
        g_string_append (effects, ", ");
      g_string_append (effects, name ? name : effect_ids[i]);
    }
  /* "None noted" only where the questions after were answered; else
   * nobody said there were none. */
  if (effects->len > 0)
    add_detail (expander, _("Side effects"), effects->str);
  else if (salve_session_get_pain_after (session) >= 0 || *salve_session_get_skin_check (session) != '\0')
    add_detail (expander, _("Side effects"), _("None noted"));
  else
    add_detail (expander, _("Side effects"), _("Not answered"));

  if (*salve_session_get_skin_check (session) != '\0')
    {
      const char *skin = salve_skin_check_get_name (salve_session_get_skin_check (session));
      add_detail (expander, _("Skin check"), skin ? skin : salve_session_get_skin_check (session));
    }

  if (*salve_session_get_note (session) != '\0')
    add_detail (expander, _("Note"), salve_session_get_note (session));

  events = salve_session_get_events (session);
  for (guint i = 0; i < events->len; i++)
    {
      SalveSessionEvent *event = g_ptr_array_index (events, i);
      g_autofree char *at = NULL;
      g_autofree char *title = NULL;
      g_autofree char *value = NULL;
      const char *detail = event->detail;

      /* A mark each minute that the session still ran: shown only when
       * nothing came after it, where the program was closed. */
      if (event->kind == SALVE_SESSION_EVENT_PROGRESS && i + 1 < events->len)
        continue;

      at = format_elapsed (event->elapsed_ms);
      title = g_strdup_printf ("%s  %s", at, salve_session_event_kind_get_name (event->kind));

      /* An acknowledged caution by what it is about, not its rule's id. */
      if (event->kind == SALVE_SESSION_EVENT_CAUTION_ACKNOWLEDGED && salve_rules_get_title (detail) != NULL)
        detail = salve_rules_get_title (detail);

      if (event->actor != NULL && *event->actor != '\0')
        /* Translators: "Reduced sensation, by Anna" */
        value = g_strdup_printf (_("%s, by %s"), detail, event->actor);
      else
        value = g_strdup (detail);

      add_detail (expander, title, value);
    }
}

static void
on_expanded (AdwExpanderRow    *expander,
             GParamSpec        *pspec,
             SalveSessionsView *self)
{
  /* Details and the audit trail are read when someone looks. */
  if (!adw_expander_row_get_expanded (expander) ||
      g_object_get_data (G_OBJECT (expander), "filled") != NULL)
    return;

  g_object_set_data (G_OBJECT (expander), "filled", GINT_TO_POINTER (1));
  fill_details (self, expander,
                *(gint64 *) g_object_get_data (G_OBJECT (expander), "session-id"));
}

static const char *
outcome_icon (SalveSessionOutcome outcome)
{
  switch (outcome)
    {
    case SALVE_SESSION_OUTCOME_COMPLETED:
      return "emblem-ok-symbolic";
    case SALVE_SESSION_OUTCOME_STOPPED:
      return "media-playback-stop-symbolic";
    case SALVE_SESSION_OUTCOME_INTERRUPTED:
      return "dialog-warning-symbolic";
    case SALVE_SESSION_OUTCOME_RUNNING:
      return "media-playback-start-symbolic";
    case SALVE_SESSION_OUTCOME_PLANNED:
    case SALVE_N_SESSION_OUTCOMES:
    default:
      return "document-edit-symbolic";
    }
}

static GtkWidget *
session_row (SalveSessionsView *self,
             SalveSession      *session)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (outcome_icon (salve_session_get_outcome (session)));
  g_autofree char *when = format_title_when (session);
  g_autofree char *title = NULL;
  g_autofree char *outcome = format_outcome (session);
  g_autofree char *pain = format_session_pain (self, session);
  g_autofree char *subtitle = NULL;
  gboolean burnt = g_strcmp0 (salve_session_get_skin_check (session), SALVE_SKIN_CHECK_DAMAGED) == 0;
  gint64 *id = g_new (gint64, 1);

  /* Translators: "TENS on the hand · Mon 23 Nov 2026, 17:10" */
  title = g_strdup_printf (_("%s · %s · %s"), salve_modality_get_name (salve_session_get_modality (session)),
                           salve_site_get_name (salve_session_get_site (session)), when);
  subtitle = pain ? g_strdup_printf ("%s · %s", outcome, pain) : g_strdup (outcome);
  /* Practice on the simulated stimulator says so: it is not counted. */
  if (uncounted (self, session) & SALVE_SESSION_UNCOUNTED_PRACTICE)
    {
      g_autofree char *plain = g_steal_pointer (&subtitle);

      /* Translators: a session on the simulated stimulator in the Sessions list; %s is its outcome and pain */
      subtitle = g_strdup_printf (_("Practice, not counted · %s"), plain);
    }
  /* Its pain before and after says nothing of a treatment it never gave. */
  else if (pain != NULL && uncounted (self, session) & SALVE_SESSION_UNCOUNTED_NEVER_STARTED)
    {
      g_autofree char *plain = g_steal_pointer (&subtitle);

      /* Translators: in the Sessions list, a session that never started on its device; %s is its outcome and pain */
      subtitle = g_strdup_printf (_("%s · never started, not counted"), plain);
    }

  /* A blister or a burn after it stands out in the list, not only in
   * its details: the row said "Completed" with a green tick. */
  if (burnt)
    {
      g_autofree char *plain = g_steal_pointer (&subtitle);

      /* Translators: in the Sessions list; %s is its outcome and pain, then the skin check's finding */
      subtitle = g_strdup_printf (_("%s · %s"), plain, salve_skin_check_get_name (SALVE_SKIN_CHECK_DAMAGED));
      gtk_image_set_from_icon_name (GTK_IMAGE (icon), "dialog-warning-symbolic");
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  salve_session_outcome_get_name (salve_session_get_outcome (session)), -1);
  if (salve_session_get_outcome (session) == SALVE_SESSION_OUTCOME_INTERRUPTED || burnt)
    gtk_widget_add_css_class (icon, "warning");
  else if (salve_session_get_outcome (session) == SALVE_SESSION_OUTCOME_COMPLETED)
    gtk_widget_add_css_class (icon, "success");
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);

  *id = salve_session_get_id (session);
  g_object_set_data_full (G_OBJECT (row), "session-id", id, g_free);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (on_expanded), self);

  return row;
}

/* The diary's own figures (salve_diary_repo_compute_stats()): the pain
 * rated before and after sessions that started on their device, not
 * practice, as the diary's headline and the report give them. */
static void
fill_glance (SalveSessionsView     *self,
             const SalveDiaryStats *stats)
{
  gboolean any = FALSE;

  clear_rows (self->glance_group, self->glance_rows);

  for (SalveModality m = 0; m < SALVE_N_MODALITIES; m++)
    {
      GtkWidget *row;
      GtkWidget *label;
      g_autofree char *value = NULL;
      g_autofree char *subtitle = NULL;
      const SalveDiarySessionDelta *delta = &stats->sessions[m];

      if (delta->n_sessions == 0)
        continue;

      any = TRUE;
      /* Translators: average pain before → after, e.g. "6.5 → 3.0" */
      value = g_strdup_printf (_("%.1f → %.1f"), delta->mean_before, delta->mean_after);
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u session with both ratings · %+.1f points",
                                               "%u sessions with both ratings · %+.1f points", delta->n_sessions),
                                  delta->n_sessions, delta->mean_delta);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), salve_modality_get_name (m));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      label = gtk_label_new (value);
      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_add_css_class (label, "title-4");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_preferences_group_add (self->glance_group, row);
      g_ptr_array_add (self->glance_rows, row);
    }

  if (!any)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("Rate your pain before and after a session to see the difference here. "
                                       "Practice sessions do not count."));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->glance_group, row);
      g_ptr_array_add (self->glance_rows, row);
    }
}

/* The history under the filters: the part a filter change redoes. */
static void
reload_history (SalveSessionsView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  SalveSessionFilter filter = SALVE_SESSION_FILTER_INIT;
  guint device = gtk_drop_down_get_selected (self->device_filter);
  guint modality = gtk_drop_down_get_selected (self->modality_filter);

  clear_rows (self->history_group, self->history_rows);

  if (self->db == NULL || self->profile == NULL)
    return;

  if (device != GTK_INVALID_LIST_POSITION && device > 0 && self->device_names != NULL &&
      device - 1 < g_strv_length (self->device_names))
    filter.device_name = self->device_names[device - 1];
  if (modality != GTK_INVALID_LIST_POSITION && modality > 0)
    filter.modality = (int) modality - 1;
  filter.limit = MAX_SESSIONS;

  shown = salve_session_repo_list (self->db, salve_profile_get_id (self->profile), &filter, &error);
  if (shown == NULL)
    {
      g_warning ("Could not read sessions: %s", error->message);
      return;
    }

  for (guint i = 0; i < shown->len; i++)
    {
      GtkWidget *row = session_row (self, g_ptr_array_index (shown, i));

      adw_preferences_group_add (self->history_group, row);
      g_ptr_array_add (self->history_rows, row);
    }

  if (shown->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No sessions match these filters."));
      adw_preferences_group_add (self->history_group, row);
      g_ptr_array_add (self->history_rows, row);
    }
}

/* What the view shows beside the list, read in a worker: the diary's
 * figures may read every point of a long diary. */
typedef struct
{
  SalveDiaryStats *stats;
  GHashTable      *uncounted;
  GHashTable      *linked;
  gboolean         any;       /* the profile has a session */
} Figures;

typedef struct
{
  char   *db_path;
  gint64  profile_id;
} FiguresJob;

static void
figures_free (Figures *figures)
{
  g_clear_pointer (&figures->stats, salve_diary_stats_free);
  g_clear_pointer (&figures->uncounted, g_hash_table_unref);
  g_clear_pointer (&figures->linked, g_hash_table_unref);
  g_free (figures);
}

static void
figures_job_free (FiguresJob *job)
{
  g_free (job->db_path);
  g_free (job);
}

static Figures *
read_figures (SalveDb  *db,
              gint64    profile_id,
              GError  **error)
{
  g_autoptr(GPtrArray) any_session = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  SalveSessionFilter any = SALVE_SESSION_FILTER_INIT;
  Figures *figures = g_new0 (Figures, 1);

  any.limit = 1;
  if ((any_session = salve_session_repo_list (db, profile_id, &any, error)) == NULL ||
      (figures->uncounted = salve_session_repo_list_uncounted (db, profile_id, error)) == NULL ||
      (points = salve_diary_repo_list_session_points (db, profile_id, error)) == NULL ||
      (figures->stats = salve_diary_repo_compute_stats (db, profile_id, tz, NULL, error)) == NULL)
    {
      figures_free (figures);
      return NULL;
    }
  figures->any = any_session->len > 0;
  figures->linked = salve_diary_points_session_ratings ((const SalveDiaryPoint *) (gpointer) points->data,
                                                        points->len);

  return figures;
}

static void
figures_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  FiguresJob *job = task_data;
  g_autoptr(SalveDb) db = NULL;
  GError *error = NULL;
  Figures *figures = NULL;

  if (!g_cancellable_set_error_if_cancelled (cancellable, &error))
    db = salve_db_open_existing (job->db_path, &error);
  if (db != NULL)
    figures = read_figures (db, job->profile_id, &error);
  if (figures == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, figures, (GDestroyNotify) figures_free);
}

static void
figures_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SalveSessionsView) self = user_data;
  g_autoptr(GError) error = NULL;
  Figures *figures;

  _salve_background_release ();
  figures = g_task_propagate_pointer (G_TASK (result), &error);
  /* An answer for a profile or a database no longer shown. */
  if (g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    {
      g_clear_pointer (&figures, figures_free);
      return;
    }
  g_clear_object (&self->load_cancellable);

  g_clear_pointer (&self->uncounted, g_hash_table_unref);
  g_clear_pointer (&self->linked, g_hash_table_unref);
  if (figures == NULL)
    {
      clear_rows (self->history_group, self->history_rows);
      g_warning ("Could not read sessions: %s", error->message);
      return;
    }

  self->uncounted = g_steal_pointer (&figures->uncounted);
  self->linked = g_steal_pointer (&figures->linked);
  gtk_stack_set_visible_child_name (self->stack, figures->any ? "list" : "empty");
  fill_glance (self, figures->stats);
  reload_history (self);
  figures_free (figures);
}

/* Everything: the before/after overview reads every session, the history
 * only what the filters let through. */
static void
reload (SalveSessionsView *self)
{
  g_autoptr(GTask) task = NULL;
  FiguresJob *job;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->db == NULL || self->profile == NULL)
    {
      g_clear_pointer (&self->uncounted, g_hash_table_unref);
      g_clear_pointer (&self->linked, g_hash_table_unref);
      clear_rows (self->history_group, self->history_rows);
      adw_status_page_set_title (self->status_page, self->db ? _("No Patient Yet") : _("No Sessions Yet"));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  adw_status_page_set_title (self->status_page, _("No Sessions Yet"));

  job = g_new0 (FiguresJob, 1);
  job->db_path = g_strdup (salve_db_get_path (self->db));
  job->profile_id = salve_profile_get_id (self->profile);
  self->load_cancellable = g_cancellable_new ();
  _salve_background_hold ();
  task = g_task_new (NULL, self->load_cancellable, figures_done_cb, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) figures_job_free);
  g_task_run_in_thread (task, figures_thread);
}

static void
update_device_filter (SalveSessionsView *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->device_names, g_strfreev);
  if (self->db != NULL && self->profile != NULL)
    self->device_names = salve_session_repo_list_device_names (self->db, salve_profile_get_id (self->profile), &error);

  gtk_string_list_append (names, _("All Devices"));
  for (guint i = 0; self->device_names != NULL && self->device_names[i] != NULL; i++)
    gtk_string_list_append (names, device_display_name (self->device_names[i]));

  self->updating_filters = TRUE;
  gtk_drop_down_set_model (self->device_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->device_filter, 0);
  self->updating_filters = FALSE;
}

static void
on_filter_changed (GtkDropDown       *dropdown,
                   GParamSpec        *pspec,
                   SalveSessionsView *self)
{
  if (!self->updating_filters)
    reload_history (self);
}

static void
salve_sessions_view_set_context (SalveView    *view,
                                 SalveDb      *db,
                                 SalveProfile *profile)
{
  SalveSessionsView *self = SALVE_SESSIONS_VIEW (view);

  g_set_object (&self->db, db);
  g_set_object (&self->profile, profile);

  update_device_filter (self);
  reload (self);
}

static void
salve_sessions_view_iface_init (SalveViewInterface *iface)
{
  iface->set_context = salve_sessions_view_set_context;
}

static void
salve_sessions_view_dispose (GObject *object)
{
  SalveSessionsView *self = SALVE_SESSIONS_VIEW (object);

  /* The bin's child is a bound template child: let the bin drop it first,
   * or disposing the template unparents it behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), SALVE_TYPE_SESSIONS_VIEW);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->db);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (salve_sessions_view_parent_class)->dispose (object);
}

static void
salve_sessions_view_finalize (GObject *object)
{
  SalveSessionsView *self = SALVE_SESSIONS_VIEW (object);

  g_clear_pointer (&self->device_names, g_strfreev);
  g_clear_pointer (&self->glance_rows, g_ptr_array_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  g_clear_pointer (&self->uncounted, g_hash_table_unref);
  g_clear_pointer (&self->linked, g_hash_table_unref);

  G_OBJECT_CLASS (salve_sessions_view_parent_class)->finalize (object);
}

static void
salve_sessions_view_class_init (SalveSessionsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_sessions_view_dispose;
  object_class->finalize = salve_sessions_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-sessions-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveSessionsView, stack);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionsView, status_page);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionsView, glance_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionsView, history_group);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionsView, device_filter);
  gtk_widget_class_bind_template_child (widget_class, SalveSessionsView, modality_filter);
}

static void
salve_sessions_view_init (SalveSessionsView *self)
{
  g_autoptr(GtkStringList) modalities = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->glance_rows = g_ptr_array_new ();
  self->history_rows = g_ptr_array_new ();

  gtk_string_list_append (modalities, _("All Kinds"));
  for (SalveModality m = 0; m < SALVE_N_MODALITIES; m++)
    gtk_string_list_append (modalities, salve_modality_get_name (m));
  gtk_drop_down_set_model (self->modality_filter, G_LIST_MODEL (modalities));

  update_device_filter (self);
  g_signal_connect (self->device_filter, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect (self->modality_filter, "notify::selected", G_CALLBACK (on_filter_changed), self);
}

void
salve_sessions_view_reload (SalveSessionsView *self)
{
  g_return_if_fail (SALVE_IS_SESSIONS_VIEW (self));

  update_device_filter (self);
  reload (self);
}
