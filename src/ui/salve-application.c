/* salve-application.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "salve-application.h"
#include "salve-db.h"
#include "salve-preferences.h"
#include "salve-profile-repo.h"
#include "salve-reminders.h"
#include "salve-row-layout.h"
#include "salve-stall-probe.h"
#include "salve-window.h"

struct _SalveApplication
{
  AdwApplication  parent_instance;
  char           *db_path;
  SalveReminders *reminders;
  gboolean        background_start;  /* --background: no window */
  gboolean        quitting;          /* app.quit is closing the windows */
};

G_DEFINE_FINAL_TYPE (SalveApplication, salve_application, ADW_TYPE_APPLICATION)

/* libadwaita's empty GTK theme, and whether main() asked GTK for it
 * (see salve_application_prefer_empty_gtk_theme()). */
#define EMPTY_GTK_THEME "Adwaita-empty"
static gboolean empty_gtk_theme_preset;

static void
salve_application_activate (GApplication *app)
{
  SalveApplication *self = SALVE_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  salve_reminders_start (self->reminders);
  /* Opened again after Quit, before Salve had ended. */
  salve_reminders_stay (self->reminders);

  /* Started at login for the reminders: no window. Without the
   * background setting nothing holds the application, and it ends. */
  if (self->background_start)
    {
      self->background_start = FALSE;
      return;
    }

  if (window == NULL)
    window = GTK_WINDOW (salve_window_new (SALVE_APPLICATION (app)));

  gtk_window_present (window);
}

static void
salve_application_startup (GApplication *app)
{
  /* Make the display's GtkSettings while GTK_THEME still names the empty
   * theme, then take GTK_THEME away before libadwaita looks at it: it
   * leaves its own stylesheet out when GTK_THEME is set. Other threads run
   * by now (GDBus's), but GTK_THEME was the last variable added, so taking
   * it away only ends the environment one entry sooner. */
  if (empty_gtk_theme_preset)
    {
      if (gtk_init_check ())
        gtk_settings_get_default ();
      g_unsetenv ("GTK_THEME");
      empty_gtk_theme_preset = FALSE;
    }

  G_APPLICATION_CLASS (salve_application_parent_class)->startup (app);
  salve_row_layout_install ();
  /* Off unless SALVE_STALL_PROBE=1: benchmarks read it on stderr. */
  salve_stall_probe_start (FALSE);

  SALVE_APPLICATION (app)->reminders = salve_reminders_new (app);

  /* The main menu's Quit: only while closing the window leaves Salve
   * running, so that there is a way to end it. Elsewhere GNOME apps end
   * with their window and have no Quit item. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.salve.Salve");
    GAction *quit = g_action_map_lookup_action (G_ACTION_MAP (app), "quit-background");

    g_settings_bind (settings, "run-in-background", quit, "enabled", G_SETTINGS_BIND_GET);
  }
}

static void
salve_application_shutdown (GApplication *app)
{
  g_clear_object (&SALVE_APPLICATION (app)->reminders);

  G_APPLICATION_CLASS (salve_application_parent_class)->shutdown (app);
}

static int
salve_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  SalveApplication *self = SALVE_APPLICATION (app);
  const char *db = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("salve %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "db", "^&ay", &db))
    salve_application_set_db_path (self, db);

  if (g_variant_dict_contains (options, "background"))
    {
      g_autoptr(GError) error = NULL;

      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      /* Already running: that instance sends the reminders. */
      if (g_application_get_is_remote (app))
        return 0;
      self->background_start = TRUE;
    }

  return -1;
}

static void
salve_application_finalize (GObject *object)
{
  SalveApplication *self = (SalveApplication *)object;

  g_clear_pointer (&self->db_path, g_free);
  g_clear_object (&self->reminders);

  G_OBJECT_CLASS (salve_application_parent_class)->finalize (object);
}

static void
salve_application_class_init (SalveApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = salve_application_finalize;

  app_class->startup = salve_application_startup;
  app_class->shutdown = salve_application_shutdown;
  app_class->activate = salve_application_activate;
  app_class->handle_local_options = salve_application_handle_local_options;
}

static void
salve_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  const char *developers[] = { _("The Salve authors"), NULL };
  SalveApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Salve"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Salve authors"),
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/salve-app/salve",
                         "issue-url", "https://github.com/salve-app/salve/issues",
                         "comments", _("Home pain therapy sessions, a contraindication checklist and a pain diary. "
                                       "Salve is not a medical device and does not replace a doctor or therapist."),
                         "developers", developers,
                         "copyright", _("© 2026 The Salve authors"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
salve_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  SalveApplication *self = user_data;
  GList *windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                                     (GCopyFunc) g_object_ref, NULL);

  /* A session it ends is recorded as ended by quitting Salve, not by its
   * window closed. */
  self->quitting = TRUE;

  /* Closing each window lets it stop a running device before it goes.
   * A window made for another (the session window, for the main one)
   * goes first, and from its parent: destroyed along with the parent,
   * GTK 4.8 unset its parent only when it was freed, after the parent,
   * and warned four times (a practice session and Ctrl+Q). One that
   * stays open when asked to close (a session moves on to its questions)
   * goes all the same: the application quits. */
  for (GList *l = windows; l != NULL; l = l->next)
    if (gtk_window_get_transient_for (l->data) != NULL)
      {
        gtk_window_close (l->data);
        if (g_list_find (gtk_application_get_windows (GTK_APPLICATION (self)), l->data) != NULL)
          {
            gtk_window_set_transient_for (l->data, NULL);
            gtk_window_destroy (l->data);
          }
      }
  for (GList *l = windows; l != NULL; l = l->next)
    if (g_list_find (gtk_application_get_windows (GTK_APPLICATION (self)), l->data) != NULL)
      gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);
  self->quitting = FALSE;

  /* Running in the background, Salve stayed without its windows and
   * nothing ended it but turning the switch off. Quit ends it now (once
   * a session's record is stored); the switch stays on for the next
   * login. */
  if (self->reminders != NULL)
    salve_reminders_let_go (self->reminders);
}

gboolean
salve_application_is_quitting (SalveApplication *self)
{
  g_return_val_if_fail (SALVE_IS_APPLICATION (self), FALSE);
  return self->quitting;
}

static void
salve_application_preferences_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  SalveApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (salve_preferences_window_new (window)));
}

/* A visible modal window of @self whose parent is @window, or NULL. */
static GtkWindow *
open_modal_over (SalveApplication *self,
                 GtkWindow        *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Not all of them are the application's: a dialog may only be
   * transient for its window. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) other = g_list_model_get_item (toplevels, i);

      if (other != window && gtk_window_get_transient_for (other) == window &&
          gtk_window_get_modal (other) && gtk_widget_get_visible (GTK_WIDGET (other)))
        return other;
    }

  return NULL;
}

/* The main window, opened when there is none (a reminder's action with
 * the window closed), with the database open, @profile_name's profile
 * active when it exists, on @view, @action_name activated; when the
 * database is busy, as soon as the window has opened it. */
static void
present_main_window (SalveApplication *self,
                     const char       *profile_name,
                     const char       *view,
                     const char       *action_name)
{
  GtkWindow *window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (SALVE_IS_WINDOW (l->data))
      {
        window = l->data;
        break;
      }

  if (window == NULL)
    window = GTK_WINDOW (salve_window_new (self));
  /* The person is back after Quit, before Salve had ended. */
  salve_reminders_stay (self->reminders);

  /* A session, a diary entry or another of one patient's windows is
   * open over it: that is what comes to the front, and the window stays
   * with that patient. Switching under it would show one patient while
   * the open window writes for the other. */
  {
    GtkWindow *busy = open_modal_over (self, window);

    if (busy != NULL)
      {
        gtk_window_present (busy);
        return;
      }
  }
  gtk_window_present (window);

  /* A database another program writes to alone is opened, and all this
   * done, by the window itself once it is free. */
  salve_window_open_db_now (SALVE_WINDOW (window));
  salve_window_when_open (SALVE_WINDOW (window), profile_name, view, action_name);
}

static void
salve_application_start_session_action (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data)
{
  present_main_window (user_data, g_variant_get_string (parameter, NULL), NULL, "win.new-session");
}

/* The main window of the profile named by @parameter, on @view. */
static void
open_view (SalveApplication *self,
           GVariant         *parameter,
           const char       *view)
{
  present_main_window (self, g_variant_get_string (parameter, NULL), view, NULL);
}

static void
salve_application_open_diary_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  open_view (user_data, parameter, "diary");
}

static void
salve_application_open_checklist_action (GSimpleAction *action,
                                         GVariant      *parameter,
                                         gpointer       user_data)
{
  open_view (user_data, parameter, "checklist");
}

static const GActionEntry app_actions[] = {
  { "quit", salve_application_quit_action },
  /* The same, in the main menu while Salve runs in the background. */
  { "quit-background", salve_application_quit_action },
  { "about", salve_application_about_action },
  { "preferences", salve_application_preferences_action },
  /* From reminders: the parameter is a profile's name. */
  { "start-session", salve_application_start_session_action, "s" },
  { "open-diary", salve_application_open_diary_action, "s" },
  { "open-checklist", salve_application_open_checklist_action, "s" },
};

static void
salve_application_init (SalveApplication *self)
{
  static const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Use the database at PATH"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
    { "background", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start without a window, for the reminders"), NULL },
    { NULL }
  };
  static const char *quit_accels[] = { "<primary>q", NULL };
  static const char *help_overlay_accels[] = { "<primary>question", "<primary>F1", NULL };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  /* The ones GtkApplication gives a gtk/help-overlay.ui resource: the
   * window loads ours only when it is first shown. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", help_overlay_accels);
}

/**
 * salve_application_prefer_empty_gtk_theme:
 *
 * libadwaita styles every widget from its own stylesheet. As it starts, it
 * sets GtkSettings:gtk-theme-name to "Adwaita-empty" so that GTK's built-in
 * theme stays out of the way. By then GTK has already parsed that built-in
 * theme: it loads the named theme the moment a display's GtkSettings is made.
 * That parse is about a tenth of the work before the window can show.
 *
 * So, unless the person chose a theme with GTK_THEME, this asks GTK for the
 * empty theme from the start, and the application's startup takes the
 * request away again once GtkSettings exists. The result is the one
 * libadwaita makes anyway, without the parse.
 *
 * Call it first thing in main(): it sets an environment variable, which is
 * only safe while no other thread runs.
 *
 * Returns: %TRUE if GTK_THEME was set, %FALSE if the person had set it
 */
gboolean
salve_application_prefer_empty_gtk_theme (void)
{
  if (g_getenv ("GTK_THEME") != NULL)
    return FALSE;

  empty_gtk_theme_preset = g_setenv ("GTK_THEME", EMPTY_GTK_THEME, FALSE);
  return empty_gtk_theme_preset;
}

/* Whether a GPU's render node (renderD128 and on) in @dri_dir can be
 * opened for drawing. */
static gboolean
has_render_node (const char *dri_dir)
{
  g_autoptr(GDir) dir = g_dir_open (dri_dir, 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, "renderD"))
        continue;
      path = g_build_filename (dri_dir, name, NULL);
      if (g_access (path, R_OK | W_OK) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * salve_application_prefer_cairo_without_gpu:
 * @dri_dir: (nullable): where the kernel lists the GPUs; %NULL for /dev/dri
 *
 * Without a GPU, GTK's GL renderer runs on Mesa's software rasteriser:
 * it compiles its shaders with LLVM as the window first shows and keeps
 * two more threads drawing every frame, which the GTK thread then waits
 * for. Salve's views are forms and a chart that Cairo draws anyway, so on
 * such a machine GTK's Cairo renderer shows the first frame sooner and
 * leaves the processor to the rest. With a render node Salve may use, or
 * with GSK_RENDERER set by the person, GTK's own choice stands.
 *
 * Software GL is assumed when LIBGL_ALWAYS_SOFTWARE asks for it or when
 * no render node can be opened.
 *
 * Call it first thing in main(): it sets an environment variable, which is
 * only safe while no other thread runs. Programs Salve starts inherit it.
 *
 * Returns: %TRUE if it chose the Cairo renderer
 */
gboolean
salve_application_prefer_cairo_without_gpu (const char *dri_dir)
{
  const char *software = g_getenv ("LIBGL_ALWAYS_SOFTWARE");

  if (g_getenv ("GSK_RENDERER") != NULL)
    return FALSE;

  if ((software == NULL || *software == '\0' || g_str_equal (software, "0")) &&
      has_render_node (dri_dir != NULL ? dri_dir : "/dev/dri"))
    return FALSE;

  return g_setenv ("GSK_RENDERER", "cairo", FALSE);
}

SalveApplication *
salve_application_new (const char        *application_id,
                       GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  /* A fixed base path, so the .Devel variant finds the same resources
   * as the release: style.css, which AdwApplication loads by itself. */
  return g_object_new (SALVE_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", "/io/github/salve/Salve",
                       NULL);
}

const char *
salve_application_get_db_path (SalveApplication *self)
{
  g_return_val_if_fail (SALVE_IS_APPLICATION (self), NULL);

  if (self->db_path == NULL)
    self->db_path = salve_db_resolve_path (NULL);

  return self->db_path;
}

void
salve_application_set_db_path (SalveApplication *self,
                               const char       *path)
{
  g_return_if_fail (SALVE_IS_APPLICATION (self));

  g_free (self->db_path);
  self->db_path = salve_db_resolve_path (path);
}

SalveReminders *
salve_application_get_reminders (SalveApplication *self)
{
  g_return_val_if_fail (SALVE_IS_APPLICATION (self), NULL);

  return self->reminders;
}
