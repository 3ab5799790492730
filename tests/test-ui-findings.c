/* test-ui-findings.c: the screens of the first walk-through's findings,
 * each at 1366×768 and at 800×600, on four patients with three months
 * of data
 *
 * Every screen is checked as it is shown: the window (or dialog) fits
 * the screen and shows what the finding asked for. With
 * SALVE_SCREENSHOT_DIR set, the same run saves the README's pictures of
 * the findings.
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "salve-application.h"
#include "salve-care-plan-repo.h"
#include "salve-checklist-view.h"
#include "salve-condition-repo.h"
#include "salve-db.h"
#include "salve-device-editor.h"
#include "salve-device-repo.h"
#include "salve-devices-view.h"
#include "salve-diary-entry-dialog.h"
#include "salve-diary-view.h"
#include "salve-import-dialog.h"
#include "salve-patients-view.h"
#include "salve-profile-repo.h"
#include "salve-session-repo.h"
#include "salve-signoff-repo.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"
#include "salve-time.h"
#include "salve-window.h"

static char *tmpdir;

/* The two screens of the walk-through. */
static const int sizes[][2] = { { 1366, 768 }, { 800, 600 } };

static gboolean
dutch (void)
{
  return g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "nl");
}

/* A 3-month diary (bench/make-demo-diary) for @name, ending @days_ago. */
static void
make_demo_diary (const char *path,
                 const char *name,
                 int         days_ago)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) end = g_date_time_add_days (now, -days_ago);
  g_autofree char *end_date = g_date_time_format (end, "%Y-%m-%d");
  g_autofree char *script = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "bench", "make-demo-diary", NULL);
  const char *argv[] = { "python3", script, g_getenv ("SALVECTL"), path, name, end_date,
                         dutch () ? "nl" : "en", NULL };
  int status = 0;

  g_assert_nonnull (g_getenv ("SALVECTL"));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static gint64
profile_id (SalveDb    *db,
            const char *name)
{
  g_autoptr(SalveProfile) profile = salve_profile_repo_find_by_name (db, name, NULL);

  g_assert_nonnull (profile);
  return salve_profile_get_id (profile);
}

/* A practice run on the simulated stimulator, two days ago. */
static void
add_practice_session (SalveDb *db,
                      gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) s = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_NECK);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = g_date_time_add_full (now, 0, 0, -2, 11 - g_date_time_get_hour (now), 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_minutes (start, 20);
  g_autofree char *start_iso = salve_time_format_iso (start);
  g_autofree char *end_iso = salve_time_format_iso (end);

  salve_session_set_profile_id (s, id);
  salve_session_set_device_name (s, _("Practice stimulator"));
  salve_session_set_program (s, "tens-high-frequency");
  salve_session_set_param (s, "intensity-ma", 10);
  g_assert_true (salve_session_repo_create (db, s, &error));
  g_assert_true (salve_session_repo_mark_started (db, salve_session_get_id (s), start_iso, &error));
  g_assert_true (salve_session_repo_log (db, salve_session_get_id (s), SALVE_SESSION_EVENT_START, 0, NULL, NULL, &error));
  g_assert_true (salve_session_repo_log (db, salve_session_get_id (s), SALVE_SESSION_EVENT_PRACTICE, 0, "", "", &error));
  g_assert_true (salve_session_repo_finish (db, salve_session_get_id (s), SALVE_SESSION_OUTCOME_COMPLETED, NULL,
                                            end_iso, &error));
  g_assert_no_error (error);
}

/* Four patients as a therapist has them:
 * Anna, three months of diary, every question answered and signed off by
 *   Mark, one answer changed since; TENS units in three states; a
 *   practice session.
 * Bram, three months of diary, all answered, a care plan in its fifth
 *   week: its review is due.
 * Carla, no diary, 9 of the 14 questions answered by Marieke.
 * Dirk, three months of diary whose last entry is 12 days old. */
static void
make_data_set (const char *path,
               const char *port)
{
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveSignoff) signoff = NULL;
  g_autoptr(SalveCarePlan) plan = NULL;
  g_autoptr(SalveDevice) manual = salve_device_new ("Beurer EM 49", SALVE_MODALITY_TENS);
  g_autoptr(SalveDevice) plugged = salve_device_new ("Sanitas SEM 43", SALVE_MODALITY_TENS);
  g_autoptr(SalveDevice) unplugged = salve_device_new ("Omron E3 Intense", SALVE_MODALITY_TENS);
  g_autoptr(SalveDevice) laser = salve_device_new ("Personal Laser L400", SALVE_MODALITY_LASER);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) plan_start = g_date_time_add_days (now, -30);
  g_autofree char *missing = g_build_filename (tmpdir, "ttyUSB1", NULL);
  SalveProfileAnswers answers;
  SalveCareSchedule schedule;
  gint64 anna, bram, carla;
  GDate start;

  make_demo_diary (path, "Anna de Vries", 0);
  make_demo_diary (path, "Bram Jansen", 0);
  make_demo_diary (path, "Dirk Bakker", 12);

  db = salve_db_open (path, NULL);
  g_assert_nonnull (db);
  /* The demo diary keeps the ratings around a session in the diary
   * only; a session run in Salve has them on the session too. */
  g_assert_true (salve_db_exec (db, "UPDATE sessions SET"
                                " pain_before = (SELECT pain FROM diary_entries WHERE session_id = sessions.id"
                                "                AND session_phase = 'before'),"
                                " pain_after = (SELECT pain FROM diary_entries WHERE session_id = sessions.id"
                                "               AND session_phase = 'after')", NULL));
  anna = profile_id (db, "Anna de Vries");
  bram = profile_id (db, "Bram Jansen");
  {
    g_autoptr(SalveProfile) profile = salve_profile_repo_add (db, "Carla Smit", NULL);

    g_assert_nonnull (profile);
    carla = salve_profile_get_id (profile);
  }

  for (int c = 0; c < SALVE_N_CONDITIONS; c++)
    {
      g_assert_true (salve_condition_repo_set (db, anna, c, SALVE_ANSWER_NO, SALVE_N_SITES, "Mark", NULL));
      g_assert_true (salve_condition_repo_set (db, bram, c, SALVE_ANSWER_NO, SALVE_N_SITES, "Mark", NULL));
      g_assert_true (salve_condition_repo_set (db, profile_id (db, "Dirk Bakker"), c, SALVE_ANSWER_NO,
                                               SALVE_N_SITES, "Mark", NULL));
      if (c < 9)
        g_assert_true (salve_condition_repo_set (db, carla, c, c == 3 ? SALVE_ANSWER_UNKNOWN : SALVE_ANSWER_NO,
                                                 SALVE_N_SITES, "Marieke", NULL));
    }
  g_assert_true (salve_condition_repo_load (db, anna, &answers, NULL));
  signoff = salve_signoff_repo_add (db, anna, "Mark", &answers, NULL);
  g_assert_nonnull (signoff);
  g_assert_true (salve_condition_repo_set (db, anna, SALVE_CONDITION_PREGNANCY, SALVE_ANSWER_UNKNOWN,
                                           SALVE_N_SITES, "Mark", NULL));

  g_date_clear (&start, 1);
  g_date_set_dmy (&start, g_date_time_get_day_of_month (plan_start), g_date_time_get_month (plan_start),
                  g_date_time_get_year (plan_start));
  plan = salve_care_plan_new (&start);
  plan->profile_id = bram;
  g_assert_true (salve_care_plan_repo_save (db, plan, NULL));
  g_assert_true (salve_care_schedule_get_default (SALVE_MODALITY_TENS, &schedule));
  g_assert_true (salve_care_plan_repo_set_schedule (db, bram, &schedule, NULL));

  /* A stand-in for a plugged-in unit's port: it exists. */
  g_assert_true (g_file_set_contents (port, "", 0, NULL));
  plugged->connection = (g_free (plugged->connection), g_strdup (port));
  plugged->max_intensity_ma = 50;
  plugged->electrode_cm2 = 25;
  unplugged->connection = (g_free (unplugged->connection), g_strdup (missing));
  unplugged->max_intensity_ma = 40;
  unplugged->electrode_cm2 = 16;
  manual->max_intensity_ma = 50;
  manual->electrode_cm2 = 25;
  laser->max_power_mw = 400;
  laser->wavelength_nm = 808;
  for (SalveDevice **d = (SalveDevice *[]) { plugged, unplugged, manual, laser, NULL }; *d; d++)
    {
      g_autoptr(GError) error = NULL;

      gboolean added = salve_device_repo_add (db, *d, &error);

      g_assert_no_error (error);
      g_assert_true (added);
    }

  add_practice_session (db, anna);
}

/* The smallest size @window can be given: what its size hints say. */
static void
assert_fits (GtkWidget  *window,
             int         width,
             int         height,
             const char *what)
{
  int w, h;

  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &w, NULL, NULL, NULL);
  gtk_widget_measure (window, GTK_ORIENTATION_VERTICAL, MAX (w, width), &h, NULL, NULL, NULL);
  g_test_message ("%s at %d×%d: minimum %d×%d", what, width, height, w, h);
  if (w > width || h > height)
    g_error ("%s needs %d×%d, more than the screen's %d×%d", what, w, h, width, height);
}

/* The render node of @widget as it is on screen. */
static GskRenderNode *
widget_node (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

/* Whether @data (a widget) has something drawn to take a picture of. */
static gboolean
has_drawn (gpointer data)
{
  g_autoptr(GskRenderNode) node = widget_node (data);

  return node != NULL;
}

/* Where @popover stands, in the coordinates of @window's widget. */
static void
popover_origin (GtkWidget *popover,
                GtkWidget *window,
                double    *x,
                double    *y)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (popover));
  double px, py, wx, wy;

  gtk_native_get_surface_transform (GTK_NATIVE (popover), &px, &py);
  gtk_native_get_surface_transform (GTK_NATIVE (window), &wx, &wy);
  *x = gdk_popup_get_position_x (GDK_POPUP (surface)) + px - wx;
  *y = gdk_popup_get_position_y (GDK_POPUP (surface)) + py - wy;
}

/* Saves what a screen of @width×@height shows: @main, with @dialog
 * (unless NULL) centred over it as a window manager places it, and
 * @popover (unless NULL) open where it opens on @dialog (or @main). */
static void
save_screen (GtkWidget  *main,
             GtkWidget  *dialog,
             GtkWidget  *popover,
             const char *name)
{
  const char *dir = g_getenv ("SALVE_SCREENSHOT_DIR");
  const char *suffix = g_getenv ("SALVE_SCREENSHOT_SUFFIX");
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  int w, h;
  GtkWidget *top = dialog ? dialog : main;
  double dx = 0, dy = 0;

  if (dir == NULL)
    return;

  /* Let the last changes lay out and draw before taking the picture. */
  for (guint i = 0; i < 10; i++)
    {
      salve_test_ui_iterate ();
      g_usleep (20000);
    }
  /* A window drawn for the first time may still be waiting for its
   * frame (seen at 800×600 on a busy machine): the picture waits too. */
  g_assert_true (salve_test_ui_wait (has_drawn, main, 5000));
  if (dialog != NULL)
    g_assert_true (salve_test_ui_wait (has_drawn, dialog, 5000));
  w = gtk_widget_get_width (main);
  h = gtk_widget_get_height (main);

  {
    g_autoptr(GskRenderNode) main_node = widget_node (main);

    gtk_snapshot_append_node (snapshot, main_node);
  }
  if (dialog != NULL)
    {
      g_autoptr(GskRenderNode) dialog_node = widget_node (dialog);
      int dw = gtk_widget_get_width (dialog);
      int dh = gtk_widget_get_height (dialog);

      /* The main window dims behind a modal dialog. */
      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 0.25 }, &GRAPHENE_RECT_INIT (0, 0, w, h));
      dx = MAX (0, (w - dw) / 2);
      dy = MAX (0, (h - dh) / 2);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (dx, dy));
      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.5, 0.5, 0.5, 1 }, &GRAPHENE_RECT_INIT (-1, -1, dw + 2, dh + 2));
      gtk_snapshot_append_node (snapshot, dialog_node);
      gtk_snapshot_restore (snapshot);
    }
  if (popover != NULL)
    {
      g_autoptr(GskRenderNode) popover_node = widget_node (popover);
      double px, py;

      popover_origin (popover, top, &px, &py);
      /* The screen here is only as large as the picture: GDK slides a
       * popover that would leave the monitor back onto it. */
      px = CLAMP (dx + px, 0, MAX (0, w - gtk_widget_get_width (popover))) - dx;
      py = CLAMP (dy + py, 0, MAX (0, h - gtk_widget_get_height (popover))) - dy;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (dx + px, dy + py));
      gtk_snapshot_append_node (snapshot, popover_node);
      gtk_snapshot_restore (snapshot);
    }

  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (main)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  file = g_strdup_printf ("%s%s%s.png", name, suffix ? "-" : "", suffix ? suffix : "");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

typedef void (*ShowFunc) (GtkWidget *main,
                          GtkWidget **dialog,
                          GtkWidget **popover,
                          gpointer    data);

static gboolean
popover_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* Shows a screen at each size: @show opens it on @main (and may open a
 * dialog and a popover, closed again after each picture), checks it and
 * the picture is saved as finding-<name>-<w>x<h>. */
static void
shoot (GtkWidget  *main,
       const char *name,
       ShowFunc    show,
       gpointer    data)
{
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *shot = g_strdup_printf ("finding-%s-%dx%d", name, sizes[i][0], sizes[i][1]);
      GtkWidget *dialog = NULL;
      GtkWidget *popover = NULL;

      gtk_window_set_default_size (GTK_WINDOW (main), sizes[i][0], sizes[i][1]);
      salve_test_ui_iterate ();
      assert_fits (main, sizes[i][0], sizes[i][1], shot);
      show (main, &dialog, &popover, data);
      salve_test_ui_iterate ();
      if (dialog != NULL)
        {
          int w, h;

          /* A dialog no larger than the screen. */
          gtk_window_get_default_size (GTK_WINDOW (dialog), &w, &h);
          gtk_window_set_default_size (GTK_WINDOW (dialog), MIN (w, sizes[i][0]), MIN (h, sizes[i][1]));
          salve_test_ui_iterate ();
          assert_fits (dialog, sizes[i][0], sizes[i][1], shot);
        }
      if (popover != NULL)
        {
          gtk_popover_popup (GTK_POPOVER (popover));
          /* Mapped in a frame of its own, which may not be due yet. */
          g_assert_true (salve_test_ui_wait (popover_mapped, popover, 5000));
        }
      save_screen (main, dialog, popover, shot);
      if (popover != NULL)
        gtk_popover_popdown (GTK_POPOVER (popover));
      if (dialog != NULL)
        gtk_window_destroy (GTK_WINDOW (dialog));
      salve_test_ui_iterate ();
    }
}

static GtkWidget *
view_of (GtkWidget *main,
         GType      type)
{
  GtkWidget *view = salve_test_ui_find_type (main, type);

  g_assert_nonnull (view);
  return view;
}

/* A label on screen (mapped) whose text contains @text. */
static gboolean
shows_text (GtkWidget     *widget,
            gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static void
assert_shows (GtkWidget  *root,
              const char *text)
{
  if (salve_test_ui_find (root, shows_text, text) == NULL)
    g_error ("“%s” is not on screen", text);
}

/* The same for a button's text with its mnemonic: "Add _Yourself". */
static void
assert_shows_mnemonic (GtkWidget  *root,
                       const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);
  g_autofree char *plain = g_strjoinv ("", parts);

  assert_shows (root, plain);
}

static void
set_profile (SalveWindow *window,
             const char  *name)
{
  g_autoptr(SalveProfile) profile = salve_profile_repo_find_by_name (salve_window_get_db (window), name, NULL);

  g_assert_nonnull (profile);
  salve_window_set_profile (window, profile);
  salve_test_ui_iterate ();
}

/* 2, 6: the diary, the default view. */
static void
show_diary (GtkWidget  *main,
            GtkWidget **dialog,
            GtkWidget **popover,
            gpointer    data)
{
  GtkWidget *view = view_of (main, SALVE_TYPE_DIARY_VIEW);

  salve_window_show_view (SALVE_WINDOW (main), "diary");
  gtk_widget_activate_action (view, "diary.range", "s", data);
  salve_test_ui_iterate ();
  g_assert_true (gtk_widget_get_mapped (view));
}

static void
show_diary_stale (GtkWidget  *main,
                  GtkWidget **dialog,
                  GtkWidget **popover,
                  gpointer    data)
{
  g_auto(GStrv) parts = g_strsplit (_("No entries since %s."), "%s", 2);

  show_diary (main, dialog, popover, data);

  /* Dirk's last entry is 12 days old: the headline says since when. */
  assert_shows (main, parts[0]);
}

/* Scrolls @scrolled so that @widget's group stands at the top. */
static void
scroll_to_group (GtkWidget *scrolled,
                 GtkWidget *widget)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  GtkWidget *group = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_GROUP);
  graphene_point_t at;

  g_assert_nonnull (group);
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  /* Where it is in the page, whatever the page's scroll is now; again
   * until a new window size is laid out and the page can scroll there. */
  for (guint i = 0; i < 5; i++)
    {
      g_assert_true (gtk_widget_compute_point (group, content, &GRAPHENE_POINT_INIT (0, 0), &at));
      gtk_adjustment_set_value (adjustment, MAX (0, at.y - 72));
      salve_test_ui_iterate ();
      g_usleep (20000);
    }
}

/* 3, 10: the checklist: its top, its intensity ceiling or its sign-off. */
static void
show_checklist (GtkWidget  *main,
                GtkWidget **dialog,
                GtkWidget **popover,
                gpointer    data)
{
  GtkWidget *view = view_of (main, SALVE_TYPE_CHECKLIST_VIEW);
  GtkWidget *spin = salve_test_ui_find_type (view, GTK_TYPE_SPIN_BUTTON);
  GtkWidget *scrolled = gtk_widget_get_ancestor (spin, GTK_TYPE_SCROLLED_WINDOW);

  salve_window_show_view (SALVE_WINDOW (main), "checklist");
  salve_test_ui_iterate ();
  assert_shows (view, _("Answering as"));
  if (data == NULL)
    {
      /* Mark, who answered, says so at the top. */
      gtk_editable_set_text (GTK_EDITABLE (salve_test_ui_find_type (view, ADW_TYPE_ENTRY_ROW)), "Mark");
      salve_test_ui_iterate ();
      assert_shows_mnemonic (view, _("_Sign Again…"));
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), 0);
      salve_test_ui_iterate ();
    }
  else if (g_str_equal (data, "cell"))
    {
      GtkWidget *grid = salve_test_ui_find_type (view, GTK_TYPE_GRID);

      /* TENS on the lower back, "Not sure" of a pregnancy: every reason,
       * with its source, in a window of its own that scrolls. */
      g_signal_emit_by_name (gtk_grid_get_child_at (GTK_GRID (grid), SALVE_MODALITY_TENS + 1,
                                                    SALVE_SITE_LOWER_BACK + 1),
                             "clicked");
      salve_test_ui_iterate ();
      *dialog = GTK_WIDGET (salve_test_ui_find_toplevel (ADW_TYPE_WINDOW));
      g_assert_nonnull (*dialog);
      assert_shows (*dialog, _("Salve does not allow this treatment here, for the reasons below. "
                                 "A question not answered yet, or answered “Not sure”, counts as “Yes”: "
                                 "answering it “No” may lift its block."));
    }
  else if (g_str_equal (data, "sign-off"))
    {
      GtkWidget *carer = salve_test_ui_find (view, shows_text, _("Carer’s name"));

      /* The sign-off, and no empty list of earlier ones under it. */
      g_assert_nonnull (carer);
      scroll_to_group (scrolled, carer);
      g_assert_null (salve_test_ui_find (view, shows_text, _("Earlier Sign-Offs")));
    }
  else
    {
      scroll_to_group (scrolled, spin);
      assert_shows (view, _("Intensity ceiling (mA)"));
    }
}

/* 5: the devices, each in its state, and the practice stimulator. */
static void
show_devices (GtkWidget  *main,
              GtkWidget **dialog,
              GtkWidget **popover,
              gpointer    data)
{
  GtkWidget *view = view_of (main, SALVE_TYPE_DEVICES_VIEW);

  salve_window_show_view (SALVE_WINDOW (main), "devices");
  salve_test_ui_iterate ();
  assert_shows (view, C_("device state", "Plugged in"));
  assert_shows (view, C_("device state", "Not found"));
  assert_shows (view, C_("device state", "Manual"));
  g_assert_null (salve_test_ui_find (view, shows_text, "/dev/"));
  g_assert_null (salve_test_ui_find (view, shows_text, tmpdir));
}

/* 5: the session history, the practice run labelled. */
static void
show_sessions (GtkWidget  *main,
               GtkWidget **dialog,
               GtkWidget **popover,
               gpointer    data)
{
  salve_window_show_view (SALVE_WINDOW (main), "sessions");
  salve_test_ui_iterate ();
}

/* 9: the patients, what needs attention first. */
static void
show_patients (GtkWidget  *main,
               GtkWidget **dialog,
               GtkWidget **popover,
               gpointer    data)
{
  GtkWidget *view = view_of (main, SALVE_TYPE_PATIENTS_VIEW);

  salve_window_show_view (SALVE_WINDOW (main), "patients");
  salve_test_ui_iterate ();
  g_assert_nonnull (salve_test_ui_find_type (view, GTK_TYPE_SEARCH_ENTRY));
  g_assert_nonnull (salve_test_ui_find_type (view, GTK_TYPE_DROP_DOWN));
}

/* 8: the entry dialog, its day-and-time picker or its body picker open. */
static void
show_entry (GtkWidget  *main,
            GtkWidget **dialog,
            GtkWidget **popover,
            gpointer    data)
{
  GtkWidget *button;

  salve_window_show_view (SALVE_WINDOW (main), "diary");
  gtk_widget_activate_action (main, "win.add-diary-entry", NULL);
  *dialog = GTK_WIDGET (salve_test_ui_wait_entry_dialog ());
  g_assert_nonnull (*dialog);
  button = salve_test_ui_find_text (*dialog, GTK_TYPE_MENU_BUTTON, data);
  g_assert_nonnull (button);
  *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
}

/* 10: the device editor. */
static void
show_device_editor (GtkWidget  *main,
                    GtkWidget **dialog,
                    GtkWidget **popover,
                    gpointer    data)
{
  g_autoptr(GPtrArray) devices = salve_device_repo_list (salve_window_get_db (SALVE_WINDOW (main)), NULL);

  salve_window_show_view (SALVE_WINDOW (main), "devices");
  g_assert_nonnull (devices);
  *dialog = GTK_WIDGET (salve_device_editor_new (GTK_WINDOW (main), g_ptr_array_index (devices, 0)));
  gtk_window_present (GTK_WINDOW (*dialog));
}

static gboolean
can_import (gpointer data)
{
  return salve_import_dialog_get_can_import (data);
}

/* 8, 10: the import window's preview and its columns. */
static void
show_import (GtkWidget  *main,
             GtkWidget **dialog,
             GtkWidget **popover,
             gpointer    data)
{
  SalveWindow *window = SALVE_WINDOW (main);
  g_autofree char *db = g_build_filename (tmpdir, "findings.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (data);

  salve_window_show_view (window, "patients");
  *dialog = GTK_WIDGET (salve_import_dialog_new (window, db, salve_window_get_profile (window), file));
  gtk_window_present (GTK_WINDOW (*dialog));
  g_assert_true (salve_test_ui_wait (can_import, *dialog, 20000));
  g_assert_cmpstr (salve_import_dialog_get_page (SALVE_IMPORT_DIALOG (*dialog)), ==, "preview");
  /* Dates in words, sites by their names. */
  g_assert_null (salve_test_ui_find_text (*dialog, GTK_TYPE_LABEL, "2026-"));
  g_assert_null (salve_test_ui_find_text (*dialog, GTK_TYPE_LABEL, "knee-left"));
}

static void
test_screenshots (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestFindings", G_APPLICATION_NON_UNIQUE);
  g_autoptr(SalveApplication) empty_app = salve_application_new ("io.github.salve.Salve.TestFindingsFirst",
                                                                 G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "findings.db", NULL);
  g_autofree char *empty = g_build_filename (tmpdir, "empty.db", NULL);
  g_autofree char *port = g_build_filename (tmpdir, "ttyUSB0", NULL);
  g_autofree char *csv = g_build_filename (tmpdir, "dagboek.csv", NULL);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.salve.Salve");
  GtkWidget *main;
  SalveWindow *window;

  /* The title bar's buttons as GNOME has them (Xvfb without a desktop
   * would add minimize and maximize). */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  g_settings_reset (settings, "checklist-answerers");
  g_settings_reset (settings, "last-view");

  /* 7: first run, nobody to treat yet. */
  window = salve_test_ui_open_window (empty_app, empty, 1366, 768);
  main = GTK_WIDGET (window);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *shot = g_strdup_printf ("finding-7-first-run-%dx%d", sizes[i][0], sizes[i][1]);

      gtk_window_set_default_size (GTK_WINDOW (main), sizes[i][0], sizes[i][1]);
      salve_test_ui_iterate ();
      assert_fits (main, sizes[i][0], sizes[i][1], shot);
      assert_shows_mnemonic (main, _("Add _Yourself"));
      assert_shows_mnemonic (main, _("Add a _Patient"));
      save_screen (main, NULL, NULL, shot);
    }
  gtk_window_destroy (GTK_WINDOW (main));
  salve_test_ui_iterate ();

  make_data_set (path, port);
  g_assert_true (g_file_set_contents (csv, "datum;tijd;pijn;locatie;vermoeidheid;notitie\n"
                                           "01-11-2026;08:15;6;nek;5;Slecht geslapen\n"
                                           "01-11-2026;20:30;4;nek;4;\n"
                                           "02-11-2026;09:00;5;knie links;3;Gewandeld\n"
                                           "03-11-2026;08:45;3;onderrug;3;\n", -1, NULL));

  window = salve_test_ui_open_window (app, path, 1366, 768);
  main = GTK_WIDGET (window);

  set_profile (window, "Anna de Vries");
  shoot (main, "2-diary", show_diary, (gpointer) "quarter");
  shoot (main, "3-checklist", show_checklist, NULL);
  assert_shows (main, _("Answering as"));
  shoot (main, "10-cell-reasons", show_checklist, (gpointer) "cell");
  shoot (main, "5-devices", show_devices, NULL);
  shoot (main, "5-sessions", show_sessions, NULL);
  shoot (main, "6-week", show_diary, (gpointer) "week");
  shoot (main, "8-entry-when", show_entry, (gpointer) _("Choose the day and time"));
  shoot (main, "8-entry-where", show_entry, (gpointer) _("Choose where it hurts on the body"));
  shoot (main, "8-import-preview", show_import, csv);
  shoot (main, "9-patients", show_patients, NULL);
  shoot (main, "10-device-editor", show_device_editor, NULL);

  set_profile (window, "Dirk Bakker");
  shoot (main, "6-stale", show_diary_stale, (gpointer) "month");

  set_profile (window, "Carla Smit");
  shoot (main, "10-ceiling", show_checklist, (gpointer) "ceiling");
  shoot (main, "10-sign-off", show_checklist, (gpointer) "sign-off");

  gtk_window_destroy (GTK_WINDOW (main));
  salve_test_ui_iterate ();
  g_settings_reset (settings, "checklist-answerers");
  g_settings_reset (settings, "last-view");
}

static gboolean
is_cut_label (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget)));
}

static gboolean
is_cut_combo_row (GtkWidget     *widget,
                  gconstpointer  data)
{
  return ADW_IS_COMBO_ROW (widget) && gtk_widget_get_mapped (widget) &&
         salve_test_ui_find (widget, is_cut_label, NULL) != NULL;
}

/* The device editor's choices show whole beside their long subtitles:
 * "Manual", not "Ma…". */
static void
test_device_editor_values (void)
{
  g_autoptr(SalveDevice) device = salve_device_new ("Beurer EM 49", SALVE_MODALITY_TENS);
  SalveDeviceEditor *editor;
  GtkWidget *row;

  device->max_intensity_ma = 50;
  device->electrode_cm2 = 25;
  editor = salve_device_editor_new (NULL, device);
  gtk_window_present (GTK_WINDOW (editor));
  salve_test_ui_iterate ();

  row = salve_test_ui_find (GTK_WIDGET (editor), is_cut_combo_row, NULL);
  if (row != NULL)
    g_error ("A value is cut off in “%s”", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (editor), GTK_TYPE_LABEL, C_("device control", "Manual")));

  gtk_window_destroy (GTK_WINDOW (editor));
  salve_test_ui_iterate ();
}

/* A number typed into a spin button is read the one strict way the
 * README promises: GTK's own reading took "0x10" as 16 mA. */
static void
test_device_editor_strict_numbers (void)
{
  g_autoptr(SalveDevice) device = salve_device_new ("Beurer EM 49", SALVE_MODALITY_TENS);
  SalveDeviceEditor *editor;
  GtkSpinButton *intensity;
  static const char *refused[] = { "0x10", "0X1p3", "8 mA", "1,5,0", "inf", "" };

  device->max_intensity_ma = 30;
  editor = salve_device_editor_new (NULL, device);
  gtk_window_present (GTK_WINDOW (editor));
  salve_test_ui_iterate ();
  /* The first spin button of a TENS device is its highest intensity. */
  intensity = GTK_SPIN_BUTTON (salve_test_ui_find_type (GTK_WIDGET (editor), GTK_TYPE_SPIN_BUTTON));
  g_assert_cmpfloat (gtk_spin_button_get_value (intensity), ==, 30);

  gtk_editable_set_text (GTK_EDITABLE (intensity), "010");
  gtk_spin_button_update (intensity);
  g_assert_cmpfloat (gtk_spin_button_get_value (intensity), ==, 10);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      gtk_editable_set_text (GTK_EDITABLE (intensity), refused[i]);
      gtk_spin_button_update (intensity);
      g_assert_cmpfloat (gtk_spin_button_get_value (intensity), ==, 10);
      /* What was typed gives way to the value that holds. */
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (intensity)), ==, "10");
    }

  gtk_window_destroy (GTK_WINDOW (editor));
  salve_test_ui_iterate ();
}

static gboolean
no_editor (gpointer data)
{
  return salve_test_ui_find_toplevel (SALVE_TYPE_DEVICE_EDITOR) == NULL;
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static void
count_saved (guint *saved)
{
  (*saved)++;
}

static gboolean
is_spin_titled (GtkWidget     *widget,
                gconstpointer  title)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  return GTK_IS_SPIN_BUTTON (widget) && row != NULL &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0;
}

/* A value the database would refuse, or "By Salve" without a port, is
 * said over the editor, which stays open with what was typed: it closed,
 * lost everything, and said why in a passing toast (or, for the port,
 * stored the device as manual without a word). */
static void
test_device_editor_refuses (void)
{
  g_autoptr(SalveDevice) device = salve_device_new ("Compex", SALVE_MODALITY_NMES);
  SalveDeviceEditor *editor;
  GtkWidget *electrode;
  GtkWidget *ask;
  guint saved = 0;

  editor = salve_device_editor_new (NULL, device);
  g_signal_connect_swapped (editor, "saved", G_CALLBACK (count_saved), &saved);
  gtk_window_present (GTK_WINDOW (editor));
  salve_test_ui_iterate ();

  electrode = salve_test_ui_find (GTK_WIDGET (editor), is_spin_titled, _("Electrode area (cm²)"));
  g_assert_nonnull (electrode);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (electrode), 0.1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  salve_test_ui_iterate ();
  ask = GTK_WIDGET (salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (ask);
  g_assert_cmpstr (gtk_widget_get_name (ask), ==, "refused");
  g_assert_cmpuint (saved, ==, 0);
  g_assert_true (salve_test_ui_find_toplevel (SALVE_TYPE_DEVICE_EDITOR) == GTK_WINDOW (editor));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (electrode)), ==, 0.1);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "close");
  salve_test_ui_iterate ();

  /* "By Salve" with no port. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (electrode), 25);
  adw_combo_row_set_selected (ADW_COMBO_ROW (salve_test_ui_find (GTK_WIDGET (editor), is_row_titled,
                                                                 _("Control"))), 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  salve_test_ui_iterate ();
  ask = GTK_WIDGET (salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (ask);
  g_assert_cmpuint (saved, ==, 0);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "close");
  salve_test_ui_iterate ();

  /* Manual again: saved, and the editor goes. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (salve_test_ui_find (GTK_WIDGET (editor), is_row_titled,
                                                                 _("Control"))), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_true (salve_test_ui_wait (no_editor, NULL, 2000));
  g_assert_cmpuint (saved, ==, 1);
}


/* Ctrl+Return saves from any field, as in the diary entry dialog: Save
 * was a long way up to the header bar. Not without a name: Save is off
 * then, and so is the key. */
static void
test_device_editor_ctrl_return (void)
{
  g_autoptr(SalveDevice) device = salve_device_new ("Compex", SALVE_MODALITY_NMES);
  SalveDeviceEditor *editor;
  GtkWidget *name;
  guint saved = 0;

  editor = salve_device_editor_new (NULL, device);
  g_signal_connect_swapped (editor, "saved", G_CALLBACK (count_saved), &saved);
  gtk_window_present (GTK_WINDOW (editor));
  salve_test_ui_iterate ();

  name = salve_test_ui_find_type (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (name), "");
  g_assert_false (salve_test_ui_press (GTK_WIDGET (editor), GDK_KEY_Return, GDK_CONTROL_MASK));
  salve_test_ui_iterate ();
  g_assert_cmpuint (saved, ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (name), "Compex SP 4.0");
  g_assert_true (gtk_widget_grab_focus (salve_test_ui_find (GTK_WIDGET (editor), is_spin_titled,
                                                            _("Electrode area (cm²)"))));
  g_assert_true (salve_test_ui_press (GTK_WIDGET (editor), GDK_KEY_Return, GDK_CONTROL_MASK));
  g_assert_true (salve_test_ui_wait (no_editor, NULL, 2000));
  g_assert_cmpuint (saved, ==, 1);
}

/* Escape in the device editor closes it at once when nothing changed,
 * and asks first when something did: Keep Editing keeps it, Discard
 * closes it. */
static void
test_device_editor_discard (void)
{
  SalveDeviceEditor *editor = salve_device_editor_new (NULL, NULL);
  GtkWidget *ask;

  gtk_window_present (GTK_WINDOW (editor));
  salve_test_ui_iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel", NULL));
  g_assert_true (salve_test_ui_wait (no_editor, NULL, 2000));
  g_assert_null (salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  editor = salve_device_editor_new (NULL, NULL);
  gtk_window_present (GTK_WINDOW (editor));
  salve_test_ui_iterate ();
  /* The first entry row is the name, and it has the focus, not Cancel. */
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (editor)),
                                         salve_test_ui_find_type (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW)));
  gtk_editable_set_text (GTK_EDITABLE (salve_test_ui_find_type (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW)),
                         "Beurer EM 49");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel", NULL));
  salve_test_ui_iterate ();
  ask = GTK_WIDGET (salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (ask);
  g_assert_cmpstr (gtk_widget_get_name (ask), ==, "discard");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "cancel");
  salve_test_ui_iterate ();
  g_assert_true (salve_test_ui_find_toplevel (SALVE_TYPE_DEVICE_EDITOR) == GTK_WINDOW (editor));

  gtk_window_close (GTK_WINDOW (editor));
  salve_test_ui_iterate ();
  ask = GTK_WIDGET (salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (ask);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "discard");
  g_assert_true (salve_test_ui_wait (no_editor, NULL, 2000));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* Pictures in other languages come from an installed build
   * (LANGUAGE=nl): its catalogue lives under LOCALEDIR. */
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  salve_test_ui_init (&argc, &argv);
  tmpdir = salve_test_make_tmpdir ();

  g_test_add_func ("/ui/findings/device-editor-values", test_device_editor_values);
  g_test_add_func ("/ui/findings/device-editor-discard", test_device_editor_discard);
  g_test_add_func ("/ui/findings/device-editor-strict-numbers", test_device_editor_strict_numbers);
  g_test_add_func ("/ui/findings/device-editor-refuses", test_device_editor_refuses);
  g_test_add_func ("/ui/findings/device-editor-ctrl-return", test_device_editor_ctrl_return);
  g_test_add_func ("/ui/findings/screenshots", test_screenshots);

  ret = g_test_run ();

  salve_test_remove_tree (tmpdir);
  g_free (tmpdir);
  salve_test_ui_shutdown ();

  return ret;
}
