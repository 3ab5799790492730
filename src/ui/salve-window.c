/* salve-window.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-window"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-care-plan-dialog.h"
#include "salve-checklist-view.h"
#include "salve-devices-view.h"
#include "salve-diary-view.h"
#include "salve-patients-view.h"
#include "salve-profile-repo.h"
#include "salve-profile-switcher.h"
#include "salve-session-assistant.h"
#include "salve-treatment.h"
#include "salve-sessions-view.h"
#include "salve-toast-bar.h"
#include "salve-view.h"
#include "salve-welcome.h"
#include "salve-window.h"
#include "salve-window-backup.h"
#include "salve-window-report.h"
#include "salve-tooltip.h"

struct _SalveWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  SalveDb              *db;
  SalveProfile         *profile;
  /* The database's data version when the views last read it: another
   * program's change shows as a new one (salve_window_catch_up()). */
  gint64                data_version;
  guint                 hidden_views_source;
  /* show_view_action()'s focus, while the view's controls are built */
  guint                 view_focus_source;
  guint                 view_focus_tries;
  GtkWidget            *view_focus_from;  /* the focus then; unowned, only compared */
  guint                 switcher_bar_source;
  guint                 retry_open_source;
  /* What salve_window_when_open() asked while the database was busy. */
  char                 *pending_profile;
  char                 *pending_view;
  char                 *pending_action;

  GtkBox               *content_box;
  AdwViewSwitcherTitle *switcher_title;
  GtkMenuButton        *primary_menu_button;
  GMenuModel           *primary_menu;
  SalveToastBar        *toast_bar;
  GtkStack             *main_stack;
  AdwViewStack         *stack;
  /* Neither is needed for the first frame of a wide window on a good
   * database: built when first needed. */
  AdwViewSwitcherBar   *switcher_bar;
  AdwStatusPage        *error_page;
  GtkWidget            *welcome_page;
  /* Each view lives in a bin of the template and is built once the
   * database has opened (see ensure_view). */
  AdwBin               *devices_bin;
  AdwBin               *sessions_bin;
  AdwBin               *diary_bin;
  AdwBin               *checklist_bin;
  AdwBin               *patients_bin;
  GtkWidget            *devices_view;
  GtkWidget            *sessions_view;
  GtkWidget            *diary_view;
  GtkWidget            *checklist_view;
  GtkWidget            *patients_view;
  GtkWidget            *profile_switcher;
};

static void active_changed (SalveWindow *self);

G_DEFINE_FINAL_TYPE (SalveWindow, salve_window, ADW_TYPE_APPLICATION_WINDOW)

static const struct
{
  const char *name;
  GType     (*get_type) (void);
  gsize       bin_offset;
  gsize       view_offset;
} view_info[] = {
  { "devices", salve_devices_view_get_type,
    G_STRUCT_OFFSET (SalveWindow, devices_bin), G_STRUCT_OFFSET (SalveWindow, devices_view) },
  { "sessions", salve_sessions_view_get_type,
    G_STRUCT_OFFSET (SalveWindow, sessions_bin), G_STRUCT_OFFSET (SalveWindow, sessions_view) },
  { "diary", salve_diary_view_get_type,
    G_STRUCT_OFFSET (SalveWindow, diary_bin), G_STRUCT_OFFSET (SalveWindow, diary_view) },
  { "checklist", salve_checklist_view_get_type,
    G_STRUCT_OFFSET (SalveWindow, checklist_bin), G_STRUCT_OFFSET (SalveWindow, checklist_view) },
  { "patients", salve_patients_view_get_type,
    G_STRUCT_OFFSET (SalveWindow, patients_bin), G_STRUCT_OFFSET (SalveWindow, patients_view) },
};

/* Builds view @i unless it exists; NULL while no database is open. A view
 * is built once the database has opened: before that it could only show a
 * guess (an empty diary, say) that its data would replace a moment later.
 * The visible view is built before the first frame after that, the hidden
 * ones right after it. */
static GtkWidget *
ensure_view (SalveWindow *self,
             guint        i)
{
  GtkWidget **view = G_STRUCT_MEMBER_P (self, view_info[i].view_offset);

  if (self->db == NULL)
    return NULL;

  if (*view == NULL)
    {
      *view = g_object_new (view_info[i].get_type (), NULL);
      adw_bin_set_child (G_STRUCT_MEMBER (AdwBin *, self, view_info[i].bin_offset), *view);
      salve_view_set_context (SALVE_VIEW (*view), self->db, self->profile);
    }

  return *view;
}

static void
ensure_all_views (SalveWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (view_info); i++)
    ensure_view (self, i);
}

static GtkWidget *
ensure_named_view (SalveWindow *self,
                   const char  *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (view_info); i++)
    if (g_str_equal (view_info[i].name, name))
      return ensure_view (self, i);

  return NULL;
}

static void
visible_view_changed (SalveWindow *self)
{
  ensure_named_view (self, adw_view_stack_get_visible_child_name (self->stack));
}

static gboolean
build_hidden_views (gpointer user_data)
{
  SalveWindow *self = user_data;

  self->hidden_views_source = 0;
  ensure_all_views (self);

  return G_SOURCE_REMOVE;
}

static void
update_views (SalveWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (view_info); i++)
    {
      GtkWidget *view = G_STRUCT_MEMBER (GtkWidget *, self, view_info[i].view_offset);

      if (view != NULL)
        salve_view_set_context (SALVE_VIEW (view), self->db, self->profile);
    }

  adw_view_switcher_title_set_subtitle (self->switcher_title,
                                        self->profile ? salve_profile_get_name (self->profile) : NULL);
  salve_profile_switcher_set_context (SALVE_PROFILE_SWITCHER (self->profile_switcher), self->db, self->profile);
  if (self->db != NULL)
    self->data_version = salve_db_get_data_version (self->db);
  /* On the error page the header's + and Ctrl+N, Ctrl+R lead nowhere:
   * they are off, not silent. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-diary-entry", self->db != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-session", self->db != NULL);
}

static const char *
db_error_title (const GError *error)
{
  if (error->domain != SALVE_DB_ERROR)
    return _("The Database Cannot Be Opened");

  switch ((SalveDbError) error->code)
    {
    case SALVE_DB_ERROR_NOT_A_DATABASE:
      return _("This Is Not a Salve Database");
    case SALVE_DB_ERROR_CORRUPT:
      return _("The Database Is Damaged");
    case SALVE_DB_ERROR_TOO_NEW:
      return _("The Database Needs a Newer Salve");
    case SALVE_DB_ERROR_NOT_WRITABLE:
      return _("The Database Cannot Be Saved");
    case SALVE_DB_ERROR_BUSY:
      return _("The Database Is in Use");
    case SALVE_DB_ERROR_DISK_FULL:
      return _("The Disk Is Full");
    case SALVE_DB_ERROR_REPLACED:
      return _("The Database File Was Moved or Replaced");
    case SALVE_DB_ERROR_FAILED:
    case SALVE_DB_ERROR_CONSTRAINT:
    case SALVE_DB_ERROR_NOT_FOUND:
    case SALVE_DB_ERROR_EXISTS:
    default:
      return _("The Database Cannot Be Opened");
    }
}

static void
show_db_error (SalveWindow  *self,
               const GError *error)
{
  g_autofree char *description = NULL;

  if (g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_BUSY))
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      /* Translators: %s is the database's path */
      description = g_strdup_printf (_("Another program is writing to the database “%s”, perhaps an import. "
                                       "Salve opens it as soon as it is free."),
                                     salve_application_get_db_path (SALVE_APPLICATION (app)));
    }
  else
    description = g_strdup_printf (_("%s\n\nTo use another database, start Salve with “--db PATH”."),
                                   error->message);

  /* Nothing may read a database that failed half-way. */
  g_clear_object (&self->db);
  g_clear_object (&self->profile);
  update_views (self);

  /* The views are out of reach: no switcher that leads nowhere. */
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
  if (self->switcher_bar != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), FALSE);

  if (self->error_page == NULL)
    {
      self->error_page = ADW_STATUS_PAGE (adw_status_page_new ());
      adw_status_page_set_icon_name (self->error_page, "dialog-warning-symbolic");
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->error_page), "error");
    }
  adw_status_page_set_title (self->error_page, db_error_title (error));
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

static void title_visible_changed (SalveWindow *self);

/* Nobody to treat yet: a first screen whose button is the first step,
 * rather than an empty view. The views stay out of reach until then. */
static void
show_welcome (SalveWindow *self)
{
  if (self->welcome_page == NULL)
    {
      self->welcome_page = salve_welcome_new ();
      gtk_stack_add_named (self->main_stack, self->welcome_page, "welcome");
    }
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
  /* No patient to switch to or from: the page's buttons and the header's
   * add button are the way on ("No Patient" said nothing more). */
  gtk_widget_set_visible (self->profile_switcher, FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
  /* Add Yourself, the suggested first step, has the focus: Return takes
   * it, not the main menu, the header bar's first button. */
  gtk_widget_child_focus (self->welcome_page, GTK_DIR_TAB_FORWARD);
}

/* The first patient was added: the next step of the setup is their
 * checklist, which every session needs. */
static void
leave_welcome (SalveWindow *self)
{
  if (self->welcome_page == NULL ||
      !g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "welcome"))
    return;

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, TRUE);
  gtk_widget_set_visible (self->profile_switcher, TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, "views");
  salve_window_show_view (self, "checklist");
  /* A narrow window switches views from the bottom bar, which the first
   * screen had no use for: built now if the header has no room. */
  title_visible_changed (self);
}

/* NULL with no error when there are no profiles yet. */
static SalveProfile *
pick_profile (SalveWindow  *self,
              GError      **error)
{
  g_autoptr(GPtrArray) profiles = NULL;
  g_autofree char *remembered = g_settings_get_string (self->settings, "active-profile");

  profiles = salve_profile_repo_list (self->db, error);
  if (profiles == NULL)
    return NULL;

  for (guint i = 0; i < profiles->len; i++)
    {
      SalveProfile *profile = g_ptr_array_index (profiles, i);

      if (g_utf8_collate (salve_profile_get_name (profile), remembered) == 0)
        return g_object_ref (profile);
    }

  return profiles->len > 0 ? g_object_ref (g_ptr_array_index (profiles, 0)) : NULL;
}

static void
views_frame_painted (GdkFrameClock *clock,
                     SalveWindow   *self)
{
  g_signal_handlers_disconnect_by_func (clock, views_frame_painted, self);
  /* On the monotonic clock, as bench/first-window.py reads it. */
  g_debug ("First frame with the views painted at %" G_GINT64_FORMAT " µs", g_get_monotonic_time ());
}

/* A session that Salve left running when it was closed without its
 * stop (killed, a crash, the power gone) was closed as interrupted on
 * opening: the person is told once, and until they dismiss it, that the
 * device's output stopped then and where the record is. */
static void
tell_interrupted_sessions (SalveWindow *self)
{
  guint n = salve_db_take_n_closed_sessions ();
  AdwToast *toast;
  g_autofree char *title = NULL;

  if (n == 0)
    return;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "A session was interrupted when Salve closed without stopping it. "
                                        "A connected stimulator stops its output by itself then.",
                                        "%u sessions were interrupted when Salve closed without stopping them. "
                                        "A connected stimulator stops its output by itself then.", n), n);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("_Show Sessions"));
  adw_toast_set_action_name (toast, "win.show-view");
  adw_toast_set_action_target_value (toast, g_variant_new_string ("sessions"));
  salve_window_add_toast (self, toast);
}

static gboolean retry_open_db (gpointer user_data);

/* The error page; a database in use is tried again each second, as the
 * page says. */
static void
open_failed (SalveWindow  *self,
             const GError *error)
{
  show_db_error (self, error);
  if (g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_BUSY) && self->retry_open_source == 0)
    self->retry_open_source = g_timeout_add_seconds (1, retry_open_db, self);
}

/* Opens the database and builds the visible view with its data. The
 * GTK thread never waits for the database here: while another program
 * holds it so that it cannot be read (salvectl importing with it to
 * itself), the window says so and tries again each second. */
static gboolean
open_db (SalveWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveProfile) profile = NULL;
  GtkApplication *app;
  GdkFrameClock *clock;

  if (self->db != NULL)
    return TRUE;

  app = gtk_window_get_application (GTK_WINDOW (self));
  self->db = salve_db_open_without_waiting (salve_application_get_db_path (SALVE_APPLICATION (app)), &error);
  if (self->db == NULL)
    {
      open_failed (self, error);
      return FALSE;
    }

  /* The first read of a table: a damaged page behind an intact schema
   * shows here, before any view queries. */
  profile = pick_profile (self, &error);
  if (error != NULL)
    {
      open_failed (self, error);
      return FALSE;
    }

  g_set_object (&self->profile, profile);
  _salve_window_start_backups (self);
  tell_interrupted_sessions (self);
  /* No view exists yet: this sets the header's subtitle and switcher. */
  update_views (self);

  /* First run (no profile, no view chosen yet): the Patients view offers
   * to add one. A view the person chose is kept. */
  if (self->profile == NULL)
    {
      g_autoptr(GVariant) chosen = g_settings_get_user_value (self->settings, "last-view");

      if (chosen == NULL)
        salve_window_show_view (self, "patients");
      show_welcome (self);
    }

  /* The visible view, built with its data (the first-run switch above
   * may have built it already). */
  visible_view_changed (self);

  /* The time from start to the frame that shows the views is what a
   * person waits for: noted in the debug log. */
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock != NULL)
    g_signal_connect_object (clock, "after-paint", G_CALLBACK (views_frame_painted), self, 0);

  return TRUE;
}

static gboolean
retry_open_db (gpointer user_data)
{
  SalveWindow *self = user_data;

  self->retry_open_source = 0;
  if (!open_db (self))
    return G_SOURCE_REMOVE;

  /* From the error page to the views (the first screen has shown
   * itself when there is nobody yet). */
  if (self->profile != NULL)
    {
      adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, TRUE);
      if (self->switcher_bar != NULL)
        gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), TRUE);
      gtk_stack_set_visible_child_name (self->main_stack, "views");
      title_visible_changed (self);
    }
  if (self->hidden_views_source == 0)
    self->hidden_views_source = g_idle_add_full (G_PRIORITY_LOW, build_hidden_views, self, NULL);

  /* A reminder's Start Session that came meanwhile, say. */
  if (self->pending_profile != NULL || self->pending_view != NULL || self->pending_action != NULL)
    {
      g_autofree char *profile_name = g_steal_pointer (&self->pending_profile);
      g_autofree char *view = g_steal_pointer (&self->pending_view);
      g_autofree char *action_name = g_steal_pointer (&self->pending_action);

      salve_window_when_open (self, profile_name, view, action_name);
    }

  return G_SOURCE_REMOVE;
}

void
salve_window_when_open (SalveWindow *self,
                        const char  *profile_name,
                        const char  *view,
                        const char  *action_name)
{
  g_return_if_fail (SALVE_IS_WINDOW (self));

  if (self->db == NULL)
    {
      g_free (self->pending_profile);
      g_free (self->pending_view);
      g_free (self->pending_action);
      self->pending_profile = g_strdup (profile_name);
      self->pending_view = g_strdup (view);
      self->pending_action = g_strdup (action_name);
      return;
    }

  if (profile_name != NULL && *profile_name != '\0')
    {
      g_autoptr(SalveProfile) profile = salve_profile_repo_find_by_name (self->db, profile_name, NULL);

      if (profile != NULL)
        salve_window_set_profile (self, profile);
      else
        {
          /* Renamed or deleted since the reminder: nothing is done for
           * whoever is active instead (Start Session opened a session
           * for another person, checked against their checklist). */
          /* Translators: %s is a person's name as a reminder gave it */
          g_autofree char *message = g_strdup_printf (_("There is no one called “%s” in Salve any more: "
                                                        "the reminder was for them."), profile_name);

          salve_window_add_toast (self, adw_toast_new (message));
          return;
        }
    }
  if (view != NULL)
    salve_window_show_view (self, view);
  if (action_name != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), action_name, NULL);
}

SalveWindow *
salve_window_for_widget (GtkWidget *widget)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);

  return SALVE_IS_WINDOW (root) ? SALVE_WINDOW (root) : NULL;
}

gboolean
salve_window_open_db_now (SalveWindow *self)
{
  g_return_val_if_fail (SALVE_IS_WINDOW (self), FALSE);

  g_clear_handle_id (&self->hidden_views_source, g_source_remove);

  if (!open_db (self))
    return FALSE;

  ensure_all_views (self);

  return TRUE;
}

static gboolean
add_switcher_bar (gpointer user_data)
{
  SalveWindow *self = user_data;

  self->switcher_bar_source = 0;

  /* A window that shows the error page has no views to switch to. */
  if (self->switcher_bar != NULL || !adw_view_switcher_title_get_view_switcher_enabled (self->switcher_title))
    return G_SOURCE_REMOVE;

  self->switcher_bar = ADW_VIEW_SWITCHER_BAR (adw_view_switcher_bar_new ());
  adw_view_switcher_bar_set_stack (self->switcher_bar, self->stack);
  g_object_bind_property (self->switcher_title, "title-visible", self->switcher_bar, "reveal", G_BINDING_SYNC_CREATE);
  gtk_box_append (self->content_box, GTK_WIDGET (self->switcher_bar));

  return G_SOURCE_REMOVE;
}

/* Narrow windows switch views from a bar at the bottom. A wide window
 * never needs it, so it is built the first time the header has no room
 * for the switcher; not from inside that size allocation, but right
 * after it. */
static void
title_visible_changed (SalveWindow *self)
{
  if (self->switcher_bar == NULL && self->switcher_bar_source == 0 &&
      adw_view_switcher_title_get_title_visible (self->switcher_title))
    self->switcher_bar_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, add_switcher_bar, self, NULL);
}

/* The shortcuts window is built the first time it is asked for, rather
 * than for every window before its first frame (which is what
 * GtkApplication does with a gtk/help-overlay.ui resource). */
static void
show_help_overlay (SalveWindow *self)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (self);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/salve/Salve/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }

  gtk_window_present (GTK_WINDOW (overlay));
}

/* A popover menu takes a few milliseconds to build: not before the first
 * frame, but the first time the menu opens (by click or F10). */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  SalveWindow *self = user_data;

  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
salve_window_map (GtkWidget *widget)
{
  SalveWindow *self = SALVE_WINDOW (widget);

  GTK_WIDGET_CLASS (salve_window_parent_class)->map (widget);

  /* The database opens as the window maps, before its first frame: that
   * frame has the visible view with its data, and no empty window is
   * drawn before it. The hidden views are built after it. (An idle here
   * came too late: X11 drew an empty first frame before it ran.) */
  if (self->db == NULL && open_db (self))
    self->hidden_views_source = g_idle_add_full (G_PRIORITY_LOW, build_hidden_views, self, NULL);
}

/* The view shown by show_view_action(), once it has a control to take
 * the focus: unless the person moved it meanwhile, or another view is
 * shown, for at most two seconds. */
static gboolean
focus_view_later (gpointer user_data)
{
  SalveWindow *self = user_data;
  GtkWidget *view = adw_view_stack_get_visible_child (self->stack);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (view == NULL || focus != self->view_focus_from || ++self->view_focus_tries > 125 ||
      gtk_widget_child_focus (view, GTK_DIR_TAB_FORWARD))
    {
      self->view_focus_source = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SalveWindow *self = SALVE_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  GtkWidget *view;
  GtkWidget *focus;

  salve_window_show_view (self, name);

  /* From the keyboard (Alt+3) or a toast's button: the focus goes into
   * the view shown, not left on the header bar's button it was on, a
   * whole view away from anything in sight. A view whose controls are
   * still being built has nothing to take it yet: it is tried again each
   * frame for a while. */
  view = adw_view_stack_get_child_by_name (self->stack, name);
  focus = gtk_root_get_focus (GTK_ROOT (self));
  g_clear_handle_id (&self->view_focus_source, g_source_remove);
  if (view != NULL && (focus == NULL || !gtk_widget_is_ancestor (focus, view)) &&
      !gtk_widget_child_focus (view, GTK_DIR_TAB_FORWARD))
    {
      self->view_focus_tries = 0;
      self->view_focus_from = focus;
      self->view_focus_source = g_timeout_add (16, focus_view_later, self);
    }
}

static void
on_session_saved (SalveSessionAssistant *assistant,
                  gint64                 session_id,
                  SalveWindow           *self)
{
  SalveSite site;

  /* Sessions, the diary and its chart all show the new session. */
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  update_views (self);

  /* A blister or a burn: what it changed, and who should see it. */
  if (salve_session_assistant_get_marked_skin (assistant, &site))
    {
      g_autofree char *title = NULL;
      AdwToast *toast;

      if (site != SALVE_N_SITES)
        /* Translators: %s is where the session was, "Knee" */
        title = g_strdup_printf (_("Broken skin at “%s” is in the checklist now: no TENS or muscle stimulation "
                                   "there until it has healed. Keep it clean, and show it to your doctor or "
                                   "nurse, above all when you feel little there."),
                                 salve_site_get_name (site));
      else
        title = g_strdup (_("Broken skin is in the checklist now, without a place: no TENS or muscle stimulation "
                            "until it has healed. Keep it clean, and show it to your doctor or nurse, above all "
                            "when you feel little there."));
      toast = adw_toast_new (title);
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_button_label (toast, _("_Checklist"));
      adw_toast_set_action_name (toast, "win.show-view");
      adw_toast_set_action_target_value (toast, g_variant_new_string ("checklist"));
      salve_window_add_toast (self, toast);
    }
}

/* Sessions and diary entries belong to a profile: with none yet, the
 * Patients view is where one is added. */
static void
ask_for_profile (SalveWindow *self)
{
  salve_window_add_toast (self, adw_toast_new (_("Add a patient first.")));
  salve_window_show_view (self, "patients");
  show_welcome (self);
}

static void
new_session_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SalveWindow *self = SALVE_WINDOW (widget);
  SalveSessionAssistant *assistant;

  if (self->db == NULL)
    return;

  if (self->profile == NULL)
    {
      ask_for_profile (self);
      return;
    }

  /* One session at a time for a person: hers may run in salvectl, or
   * from a reminder's Start Session the window opened afterwards. (One
   * in this window has its assistant over it: this is not reached.) */
  {
    g_autoptr(GError) error = NULL;

    if (!salve_treatment_check_none_running (self->db, self->profile, &error))
      {
        if (g_error_matches (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_ALREADY_RUNNING))
          {
            salve_window_add_toast (self, adw_toast_new (error->message));
            return;
          }
        /* The assistant's start asks again, and refuses then. */
        g_warning ("Could not read whether a session runs: %s", error->message);
      }
  }

  assistant = salve_session_assistant_new (GTK_WINDOW (self), self->db, self->profile);
  g_signal_connect_object (assistant, "session-saved", G_CALLBACK (on_session_saved), self, 0);
  gtk_window_present (GTK_WINDOW (assistant));
}

static void
add_diary_entry_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SalveWindow *self = SALVE_WINDOW (widget);

  /* From any view: the diary is where pain is written down, wherever
   * the person happens to be. */
  if (self->db == NULL)
    return;

  if (!salve_diary_view_add_entry (SALVE_DIARY_VIEW (ensure_named_view (self, "diary"))))
    ask_for_profile (self);
}

/* The main menu's Import a Log…: into the active person's diary, as the
 * Patients page's row menu does for any patient. */
static void
import_log_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SalveWindow *self = SALVE_WINDOW (widget);

  if (self->db == NULL)
    return;
  if (salve_window_get_profile (self) == NULL)
    ask_for_profile (self);
  else
    salve_patients_view_import (SALVE_PATIENTS_VIEW (ensure_named_view (self, "patients")),
                                salve_window_get_profile (self));
}

/* As the diary's Add Medication… from any view, as Ctrl+N is. */
static void
add_medication_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SalveWindow *self = SALVE_WINDOW (widget);
  GtkWidget *diary;

  if (self->db == NULL)
    return;

  diary = ensure_named_view (self, "diary");
  if (salve_window_get_profile (self) == NULL)
    ask_for_profile (self);
  else
    gtk_widget_activate_action (diary, "diary.add-medication", NULL);
}

static void
on_care_plan_saved (SalveWindow *self)
{
  /* The diary's baseline, phases and summary follow the plan. */
  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    update_views (self);
}

static void
care_plan_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SalveWindow *self = SALVE_WINDOW (widget);
  SalveCarePlanDialog *dialog;

  if (self->db == NULL)
    return;
  if (self->profile == NULL)
    {
      ask_for_profile (self);
      return;
    }

  dialog = salve_care_plan_dialog_new (GTK_WINDOW (self), self->db, salve_profile_get_id (self->profile),
                                       salve_profile_get_display_name (self->profile));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_care_plan_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
salve_window_dispose (GObject *object)
{
  SalveWindow *self = (SalveWindow *)object;

  g_clear_handle_id (&self->hidden_views_source, g_source_remove);
  g_clear_handle_id (&self->view_focus_source, g_source_remove);
  g_clear_handle_id (&self->switcher_bar_source, g_source_remove);
  g_clear_handle_id (&self->retry_open_source, g_source_remove);

  /* Taking the stack apart changes its visible child: build nothing then. */
  if (self->stack != NULL)
    g_signal_handlers_disconnect_by_func (self->stack, visible_view_changed, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SALVE_TYPE_WINDOW);

  /* They went with their bins. */
  for (guint i = 0; i < G_N_ELEMENTS (view_info); i++)
    G_STRUCT_MEMBER (GtkWidget *, self, view_info[i].view_offset) = NULL;

  G_OBJECT_CLASS (salve_window_parent_class)->dispose (object);
}

static void
salve_window_finalize (GObject *object)
{
  SalveWindow *self = (SalveWindow *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->profile);
  g_clear_object (&self->db);
  g_free (self->pending_profile);
  g_free (self->pending_view);
  g_free (self->pending_action);

  G_OBJECT_CLASS (salve_window_parent_class)->finalize (object);
}

static void dismiss_toast            (GtkWidget   *widget,
                                      const char  *action_name,
                                      GVariant    *parameter);
static void focus_toast              (GtkWidget   *widget,
                                      const char  *action_name,
                                      GVariant    *parameter);
static void toast_bar_active_changed (SalveWindow *self);

static void
salve_window_class_init (SalveWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_window_dispose;
  object_class->finalize = salve_window_finalize;
  widget_class->map = salve_window_map;

  g_type_ensure (SALVE_TYPE_PROFILE_SWITCHER);
  g_type_ensure (SALVE_TYPE_TOAST_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, SalveWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, SalveWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SalveWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, SalveWindow, toast_bar);
  gtk_widget_class_bind_template_child (widget_class, SalveWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SalveWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SalveWindow, devices_bin);
  gtk_widget_class_bind_template_child (widget_class, SalveWindow, sessions_bin);
  gtk_widget_class_bind_template_child (widget_class, SalveWindow, diary_bin);
  gtk_widget_class_bind_template_child (widget_class, SalveWindow, checklist_bin);
  gtk_widget_class_bind_template_child (widget_class, SalveWindow, patients_bin);
  gtk_widget_class_bind_template_child (widget_class, SalveWindow, profile_switcher);

  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.add-diary-entry", NULL, add_diary_entry_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.add-diary-entry", NULL);
  gtk_widget_class_install_action (widget_class, "win.add-medication", NULL, add_medication_action);
  gtk_widget_class_install_action (widget_class, "win.import-log", NULL, import_log_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "win.add-medication", NULL);
  gtk_widget_class_install_action (widget_class, "win.new-session", NULL, new_session_action);
  gtk_widget_class_install_action (widget_class, "win.care-plan", NULL, care_plan_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.new-session", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (view_info); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-view", "s", view_info[i].name);
  _salve_window_backup_class_init (widget_class);
  _salve_window_report_class_init (widget_class);

  gtk_widget_class_install_action (widget_class, "toast.dismiss", NULL, dismiss_toast);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "toast.dismiss", NULL);
  gtk_widget_class_install_action (widget_class, "toast.focus", NULL, focus_toast);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, 0, "toast.focus", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, GDK_SHIFT_MASK, "toast.focus", NULL);
}

static void
salve_window_init (SalveWindow *self)
{
  g_autoptr(GSimpleAction) help_overlay = g_simple_action_new ("show-help-overlay", NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->toast_bar, "notify::active", G_CALLBACK (toast_bar_active_changed), self,
                           G_CONNECT_SWAPPED);
  toast_bar_active_changed (self);

  /* In the window's action map, where GtkApplicationWindow looks before
   * it adds a show-help-overlay action of its own. */
  g_signal_connect_object (help_overlay, "activate", G_CALLBACK (show_help_overlay), self, G_CONNECT_SWAPPED);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (help_overlay));

  gtk_menu_button_set_create_popup_func (self->primary_menu_button, create_primary_menu, self, NULL);
  salve_tooltip_hide_while_open (self->primary_menu_button);

  g_signal_connect_object (self->switcher_title, "notify::title-visible", G_CALLBACK (title_visible_changed),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->stack, "notify::visible-child", G_CALLBACK (visible_view_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self, "notify::is-active", G_CALLBACK (active_changed), self);

  /* One schema for the release and the .Devel variant. */
  self->settings = g_settings_new ("io.github.salve.Salve");
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "last-view", self->stack, "visible-child-name", G_SETTINGS_BIND_DEFAULT);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

SalveWindow *
salve_window_new (SalveApplication *application)
{
  return g_object_new (SALVE_TYPE_WINDOW, "application", application, NULL);
}

SalveDb *
salve_window_get_db (SalveWindow *self)
{
  g_return_val_if_fail (SALVE_IS_WINDOW (self), NULL);
  return self->db;
}

SalveProfile *
salve_window_get_profile (SalveWindow *self)
{
  g_return_val_if_fail (SALVE_IS_WINDOW (self), NULL);
  return self->profile;
}

void
salve_window_set_profile (SalveWindow  *self,
                          SalveProfile *profile)
{
  g_return_if_fail (SALVE_IS_WINDOW (self));
  g_return_if_fail (!profile || SALVE_IS_PROFILE (profile));

  g_set_object (&self->profile, profile);
  g_settings_set_string (self->settings, "active-profile",
                         profile ? salve_profile_get_name (profile) : "");
  update_views (self);
  if (profile != NULL)
    leave_welcome (self);
}

void
salve_window_refresh (SalveWindow *self)
{
  g_return_if_fail (SALVE_IS_WINDOW (self));

  update_views (self);
}

gboolean
salve_window_catch_up (SalveWindow *self)
{
  g_autoptr(SalveProfile) profile = NULL;
  gint64 version;

  g_return_val_if_fail (SALVE_IS_WINDOW (self), FALSE);

  if (self->db == NULL)
    return FALSE;
  version = salve_db_get_data_version (self->db);
  if (version < 0 || version == self->data_version)
    return FALSE;

  /* The patient shown may have been renamed meanwhile (read again), or
   * deleted (the one remembered, or the first, as at the start). */
  if (self->profile != NULL)
    profile = salve_profile_repo_get (self->db, salve_profile_get_id (self->profile), NULL);
  if (profile == NULL)
    profile = pick_profile (self, NULL);
  g_set_object (&self->profile, profile);
  update_views (self);

  return TRUE;
}

/* Back at the window after salvectl import in a terminal, say: what it
 * stored is shown, not what was there before. */
static void
active_changed (SalveWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    salve_window_catch_up (self);
}

void
salve_window_show_view (SalveWindow *self,
                        const char  *name)
{
  g_return_if_fail (SALVE_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

void
salve_window_add_toast (SalveWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (SALVE_IS_WINDOW (self));

  salve_toast_bar_add (self->toast_bar, toast);
}

/* Escape dismisses the toast in sight; with none the action is off, and
 * Escape goes on to whatever else wants it. */
static void
dismiss_toast (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  salve_toast_bar_dismiss (SALVE_WINDOW (widget)->toast_bar);
}

/* F6 (GTK's key between the parts of a window) goes to the toast in
 * sight and back: its Undo was the last Tab stop, reached after the
 * toast had gone. Back to a place that is gone (a row the view built
 * anew), it goes into the view. */
static void
focus_toast (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalveWindow *self = SALVE_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *view = adw_view_stack_get_visible_child (self->stack);
  gboolean within = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->toast_bar));

  if (!salve_toast_bar_focus (self->toast_bar) && within && view != NULL)
    gtk_widget_child_focus (view, GTK_DIR_TAB_FORWARD);
  gtk_window_set_focus_visible (GTK_WINDOW (self), TRUE);
}

static void
toast_bar_active_changed (SalveWindow *self)
{
  gboolean shown = salve_toast_bar_get_shown (self->toast_bar) != NULL;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *view = adw_view_stack_get_visible_child (self->stack);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "toast.dismiss", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "toast.focus", shown);

  /* The last toast went with the focus on it, and the place the focus
   * came from is gone: into the view, not lost with the toast. */
  if (!shown && focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->toast_bar)) && view != NULL)
    gtk_widget_child_focus (view, GTK_DIR_TAB_FORWARD);
}
