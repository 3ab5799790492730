/* test-ui-session.c: guided sessions run end to end in the app
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE  /* posix_openpt, ptsname */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "salve-application.h"
#include "salve-body-picker.h"
#include "salve-care-plan-repo.h"
#include "salve-checklist-view.h"
#include "salve-condition-repo.h"
#include "salve-placement-picture.h"
#include "salve-db.h"
#include "salve-device-repo.h"
#include "salve-diary-repo.h"
#include "salve-findings-list.h"
#include "salve-pain-scale.h"
#include "salve-presets.h"
#include "salve-profile-repo.h"
#include "salve-program-repo.h"
#include "salve-session-assistant.h"
#include "salve-session-assistant-private.h"
#include "salve-session-repo.h"
#include "salve-sessions-view.h"
#include "salve-test-sim.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"
#include "salve-time.h"
#include "salve-toast-bar.h"
#include "salve-window.h"

#include <json-glib/json-glib.h>

static char *tmpdir;

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         gtk_widget_is_visible (widget) &&
         g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title);
}

/* A session in the history list (not the summary above it). */
static gboolean
is_session_row_titled (GtkWidget     *widget,
                       gconstpointer  title)
{
  return ADW_IS_EXPANDER_ROW (widget) && is_row_titled (widget, title);
}

/* A modality's row in the results at a glance. */
static gboolean
is_glance_row_titled (GtkWidget     *widget,
                      gconstpointer  title)
{
  return ADW_IS_ACTION_ROW (widget) && gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW) == NULL &&
         is_row_titled (widget, title);
}

static gboolean
log_row (GtkWidget     *widget,
         gconstpointer  data)
{
  if (ADW_IS_PREFERENCES_ROW (widget))
    g_test_message ("row: %s (visible %d)", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                    gtk_widget_is_visible (widget));
  return FALSE;
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0 && gtk_widget_get_mapped (widget);
}

static gboolean
is_param_spin (GtkWidget     *widget,
               gconstpointer  key)
{
  return GTK_IS_SPIN_BUTTON (widget) && g_strcmp0 (gtk_widget_get_name (widget), key) == 0;
}

static gboolean
is_visible_check (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_CHECK_BUTTON (widget) && gtk_widget_get_mapped (widget);
}

static GtkWidget *
visible_page (SalveSessionAssistant *assistant)
{
  GtkStack *stack = GTK_STACK (salve_test_ui_find_type (GTK_WIDGET (assistant), GTK_TYPE_STACK));

  return gtk_stack_get_visible_child (stack);
}

static SalveSessionAssistant *
open_assistant (SalveWindow *window)
{
  GtkWindow *assistant;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-session", NULL));
  salve_test_ui_iterate ();

  assistant = salve_test_ui_find_toplevel (SALVE_TYPE_SESSION_ASSISTANT);
  g_assert_nonnull (assistant);

  return SALVE_SESSION_ASSISTANT (assistant);
}

typedef struct
{
  SalveSessionAssistant *assistant;
  const char            *step;
} StepWait;

static gboolean
step_is (gpointer data)
{
  StepWait *wait = data;

  return g_strcmp0 (salve_session_assistant_get_step (wait->assistant), wait->step) == 0;
}

/* Presses Next and waits for @expected_step, no longer: running the main
 * loop until nothing is pending could also run a short session to its
 * end, and find "after" where "run" was just reached. */
static void
next (SalveSessionAssistant *assistant,
      const char            *expected_step)
{
  StepWait wait = { assistant, expected_step };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL));
  if (expected_step == NULL)
    {
      salve_test_ui_iterate ();
      return;
    }
  salve_test_ui_wait (step_is, &wait, 5000);
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, expected_step);
}

static void
choose_site (SalveSessionAssistant *assistant,
             SalveSite              site)
{
  GtkWidget *picker = salve_test_ui_find_type (visible_page (assistant), SALVE_TYPE_BODY_PICKER);

  g_assert_nonnull (picker);
  salve_body_picker_set_site (SALVE_BODY_PICKER (picker), site);
  salve_test_ui_iterate ();
}

/* Opens the assistant, which asks first where it hurts: @site, and on
 * to the device and program. */
static SalveSessionAssistant *
open_at (SalveWindow *window,
         SalveSite    site)
{
  SalveSessionAssistant *assistant = open_assistant (window);

  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "site");
  choose_site (assistant, site);
  next (assistant, "device");

  return assistant;
}

static void
choose_row (GtkWidget  *root,
            const char *title)
{
  GtkWidget *row = salve_test_ui_find (root, is_row_titled, title);

  g_assert_nonnull (row);
  adw_action_row_activate (ADW_ACTION_ROW (row));
  salve_test_ui_iterate ();
}

/* Fails when @widget's accessible @property does not start with @prefix. */
static void
assert_accessible_starts (GtkWidget            *widget,
                          GtkAccessibleProperty  property,
                          const char            *prefix)
{
  g_autofree char *value = NULL;

  g_assert_nonnull (widget);
  /* gtk_test_accessible_check_property() wants the whole value: it
   * returns what it found when it differs. */
  value = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), property, "");
  g_test_message ("%s", value != NULL ? value : "(empty)");
  g_assert_nonnull (value);
  g_assert_true (g_str_has_prefix (value, prefix));
}

/* The check button of the row titled @title. */
static GtkWidget *
row_check (GtkWidget  *root,
           const char *title)
{
  GtkWidget *row = salve_test_ui_find (root, is_row_titled, title);

  g_assert_nonnull (row);
  return salve_test_ui_find_type (row, GTK_TYPE_CHECK_BUTTON);
}

static void
press_pain (SalveSessionAssistant *assistant,
            int                    pain)
{
  g_autofree char *name = g_strdup_printf ("%d", pain);
  GtkWidget *button = salve_test_ui_find (visible_page (assistant), is_named, name);

  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  salve_test_ui_iterate ();
}

static void
set_param (SalveSessionAssistant *assistant,
           const char            *key,
           double                 value)
{
  GtkWidget *spin = salve_test_ui_find (visible_page (assistant), is_param_spin, key);

  g_assert_nonnull (spin);
  /* Test speed: the real floor is a minute or half a joule. */
  gtk_spin_button_set_range (GTK_SPIN_BUTTON (spin), MIN (value, 0.01), 1000);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  salve_test_ui_iterate ();
}

static gboolean
stepped_once (gpointer data)
{
  gboolean *flag = data;
  return *flag;
}

static gboolean
set_flag (gpointer data)
{
  gboolean *flag = data;
  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  salve_test_ui_wait (stepped_once, &done, ms + 1000);
}

static gboolean
has_css_class (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_IMAGE (widget) && gtk_widget_has_css_class (widget, data);
}

static void
answer_after (SalveSessionAssistant *assistant,
              int                    pain,
              const char            *note)
{
  GtkWidget *check;
  GtkWidget *text;

  press_pain (assistant, pain);

  /* the first side effect offered for the modality */
  check = salve_test_ui_find (visible_page (assistant), is_visible_check, NULL);
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);

  text = salve_test_ui_find_type (visible_page (assistant), GTK_TYPE_TEXT_VIEW);
  g_assert_nonnull (text);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text)), note, -1);
}

/* Ticks the findings' acknowledgement on the site step. */
static void
acknowledge (SalveSessionAssistant *assistant)
{
  GtkWidget *check = salve_test_ui_find (visible_page (assistant), is_visible_check, NULL);

  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  salve_test_ui_iterate ();
}

/* Confirms the laser eye protection on the preparation step. */
static void
protect_eyes (SalveSessionAssistant *assistant)
{
  GtkWidget *check = salve_test_ui_find (visible_page (assistant), is_named, "eye-check");

  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  salve_test_ui_iterate ();
}

/* The registered laser's power, changed in the database at @path. */
static void
set_laser_power (const char *path,
                 double      mw)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (path, &error);
  g_autoptr(SalveDevice) laser = salve_device_repo_find_by_name (db, "Personal Laser L400", &error);

  g_assert_no_error (error);
  laser->max_power_mw = mw;
  g_assert_true (salve_device_repo_update (db, laser, &error));
  g_assert_no_error (error);
}

static void
setup_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (path, &error);
  g_autoptr(SalveProfile) anna = salve_profile_repo_add (db, "Anna", &error);
  g_autoptr(SalveDevice) laser = salve_device_new ("Personal Laser L400", SALVE_MODALITY_LASER);

  g_assert_no_error (error);

  /* A carer answered the checklist: nothing stands in the way. */
  for (SalveCondition c = 0; c < SALVE_N_CONDITIONS; c++)
    g_assert_true (salve_condition_repo_set (db, salve_profile_get_id (anna), c, SALVE_ANSWER_NO,
                                             SALVE_N_SITES, "Bram", &error));

  laser->max_power_mw = 500;
  laser->wavelength_nm = 808;
  laser->beam_cm2 = 0.5;
  g_assert_true (salve_device_repo_add (db, laser, &error));
  g_assert_no_error (error);
}

static void
check_stored (const char     *path,
              SalveModality   modality,
              guint           n_sessions,
              int             before,
              int             after,
              const char     *event_kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (path, &error);
  g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (db, "Anna", &error);
  g_autoptr(GPtrArray) sessions = salve_session_repo_list (db, salve_profile_get_id (anna), NULL, &error);
  g_autoptr(SalveSession) session = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gboolean seen_kind = FALSE;
  gboolean practice = FALSE;
  guint linked = 0;
  GPtrArray *events;

  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, n_sessions);
  session = salve_session_repo_get (db, salve_session_get_id (g_ptr_array_index (sessions, 0)), &error);
  g_assert_cmpint (salve_session_get_modality (session), ==, modality);
  g_assert_cmpint (salve_session_get_outcome (session), ==, SALVE_SESSION_OUTCOME_COMPLETED);
  g_assert_cmpint (salve_session_get_pain_before (session), ==, before);
  g_assert_cmpint (salve_session_get_pain_after (session), ==, after);
  g_assert_cmpuint (g_strv_length ((char **) salve_session_get_side_effects (session)), ==, 1);
  g_assert_nonnull (salve_session_get_ended_at (session));

  events = salve_session_get_events (session);
  for (guint i = 0; i < events->len; i++)
    {
      SalveSessionEvent *event = g_ptr_array_index (events, i);
      g_test_message ("event %s %s", salve_session_event_kind_to_id (event->kind), event->detail);
      if (g_str_equal (salve_session_event_kind_to_id (event->kind), event_kind))
        seen_kind = TRUE;
    }
  g_assert_true (seen_kind);
  /* The log ends with the stop; a note may follow it, said of the whole
   * session (an output that never reached the plan in a short one). */
  {
    guint last = events->len - 1;

    while (last > 0 && ((SalveSessionEvent *) g_ptr_array_index (events, last))->kind == SALVE_SESSION_EVENT_NOTE)
      last--;
    g_assert_cmpint (((SalveSessionEvent *) g_ptr_array_index (events, last))->kind, ==, SALVE_SESSION_EVENT_STOP);
  }
  for (guint i = 0; i < events->len; i++)
    if (((SalveSessionEvent *) g_ptr_array_index (events, i))->kind == SALVE_SESSION_EVENT_PRACTICE)
      practice = TRUE;

  /* Before and after went into the diary, linked to the session. */
  entries = salve_diary_repo_list_latest (db, salve_profile_get_id (anna), SALVE_DIARY_REPO_ANY_TIME_MIN,
                                          SALVE_DIARY_REPO_ANY_TIME_MAX, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      SalveDiaryEntry *e = g_ptr_array_index (entries, i);

      if (salve_diary_entry_get_session_id (e) != salve_session_get_id (session))
        continue;
      linked++;
      g_assert_cmpint (salve_diary_entry_get_pain (e), ==,
                       salve_diary_entry_get_session_phase (e) == SALVE_DIARY_PHASE_BEFORE ? before : after);
    }
  g_assert_cmpuint (linked, ==, 2);

  /* The chart's data knows which modality they belong to; a practice
   * session (on the simulated stimulator) is no measurement, and the
   * chart and the statistics leave its pain out. */
  points = salve_diary_repo_list_points (db, salve_profile_get_id (anna),
                                         SALVE_DIARY_REPO_ANY_TIME_MIN, SALVE_DIARY_REPO_ANY_TIME_MAX, &error);
  g_assert_no_error (error);
  linked = 0;
  for (guint i = 0; i < points->len; i++)
    {
      SalveDiaryPoint *p = &g_array_index (points, SalveDiaryPoint, i);

      if (p->session_id != salve_session_get_id (session))
        continue;
      linked++;
      g_assert_cmpint (p->modality, ==, modality);
    }
  g_assert_cmpuint (linked, ==, practice ? 0 : 2);
}

static void
check_sessions_view (SalveWindow *window,
                     const char  *title_prefix)
{
  GtkWidget *view;

  salve_window_show_view (window, "sessions");
  salve_test_ui_iterate ();
  view = salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_SESSIONS_VIEW);
  g_assert_nonnull (view);
  salve_test_ui_find (view, log_row, NULL);
  g_assert_nonnull (salve_test_ui_find (view, is_row_titled, title_prefix));
}

/* (a) TENS on the simulated stimulator: the app spawns salve-stim-sim,
 * connects through the serial driver and runs the glove program. */
typedef struct
{
  GtkLabel   *label;
  const char *text;
} LabelWait;

static gboolean
label_is (gpointer data)
{
  LabelWait *wait = data;

  return g_strcmp0 (gtk_label_get_text (wait->label), wait->text) == 0;
}

/* A window on a new database at @path, its session assistant at the
 * preparation of the practice stimulator's TENS program for the hand
 * (100 Hz, 200 µs, 20 cm²). */
static SalveSessionAssistant *
practice_at_hand (SalveApplication  *app,
                  const char        *path,
                  SalveWindow      **window)
{
  SalveSessionAssistant *assistant;

  setup_database (path);
  *window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_at (*window, SALVE_SITE_HAND);
  choose_row (GTK_WIDGET (assistant), "Practice stimulator");
  choose_row (GTK_WIDGET (assistant), "TENS for neuropathic pain in hand or foot");
  next (assistant, "prepare");
  return assistant;
}

typedef struct
{
  GtkWidget  *root;
  const char *part;
} SubstringWait;

static gboolean
has_label_with (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

/* A label in sight under @data's root holds its part. */
static gboolean
shows_label_with (gpointer data)
{
  SubstringWait *wait = data;

  return salve_test_ui_find (wait->root, has_label_with, wait->part) != NULL;
}

static void
test_tens_on_simulator (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestSession", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "tens.db", NULL);
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  StepWait wait;

  assistant = practice_at_hand (app, db, &window);
  /* One entry of the diary's own, beside the practice's ratings below. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) other = salve_db_open (db, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (other, "Anna", &error);
    g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (salve_profile_get_id (anna));

    salve_diary_entry_set_pain (entry, 5);
    g_assert_true (salve_diary_repo_add (other, entry, &error));
    g_assert_no_error (error);
  }
  /* Without a ceiling of the person's, the intensity's row says the
   * treatment's own limit, which a typed 99 mA is taken down to. */
  {
    GtkWidget *spin = salve_test_ui_find (visible_page (assistant), is_param_spin, "intensity-ma");
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_ancestor (spin,
                                                                                                 ADW_TYPE_ACTION_ROW)));
    g_autofree char *most = NULL;

    g_assert_nonnull (subtitle);
    g_assert_true (g_str_has_prefix (subtitle, "At most "));
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 99);
    most = g_strdup_printf ("At most %g mA", gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)));
    g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), <, 99);
    g_assert_true (g_str_has_prefix (subtitle, most));
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 15);
  }
  set_param (assistant, "minutes", 0.05);   /* 3 s */
  next (assistant, "pain-before");
  /* The step's first control has the focus, not the header bar's
   * button Next just turned into. */
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (assistant)), visible_page (assistant)));

  /* Start stays off until the pain is rated. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL) &&
                  g_str_equal (salve_session_assistant_get_step (assistant), "run"));
  press_pain (assistant, 7);
  next (assistant, "run");

  /* Live status from the device: wait for the output to rise. Pause has
   * the focus, so that a key pressed by chance never raises it. */
  spin_for (1500);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (gtk_window_get_focus (GTK_WINDOW (assistant)))), ==,
                   "assistant.pause");

  /* Paused, the figure follows the device down to 0, though the
   * session's clock stands still; resumed, it goes on to its end. */
  {
    GtkWidget *output = salve_test_ui_find (visible_page (assistant), is_named, "output");

    g_assert_nonnull (output);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (output)), !=, "0 mA");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.pause", NULL));
    g_assert_true (salve_test_ui_wait (label_is, &(LabelWait) { GTK_LABEL (output), "0 mA" }, 2000));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.pause", NULL));
  }

  wait.assistant = assistant;
  wait.step = "after";
  g_assert_true (salve_test_ui_wait (step_is, &wait, 20000));
  /* Practice says its answers stay apart from the diary; it said they
   * were for the diary, which leaves them out. */
  g_assert_nonnull (salve_test_ui_find (visible_page (assistant), is_row_titled, "Practice completed"));
  /* The focus on the pain now, the first question; it was on the line
   * above, which only says how the session ended. */
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (assistant)),
                                         salve_test_ui_find_type (visible_page (assistant), SALVE_TYPE_PAIN_SCALE)));
  answer_after (assistant, 4, "Warm hands afterwards");
  next (assistant, NULL);
  salve_test_ui_iterate ();

  check_stored (db, SALVE_MODALITY_TENS, 1, 7, 4, "ramp");
  check_sessions_view (window, "TENS · Hand");

  /* The diary lists the practice's two ratings, marked, and its count
   * says they are not among the entries it counts (it said "1 entry"
   * above three rows). */
  salve_window_show_view (window, "diary");
  g_assert_true (salve_test_ui_wait (shows_label_with, (gpointer) (SubstringWait[]) {
                                       { GTK_WIDGET (window), "1 entry in this period, and 2 ratings of practice "
                                                             "sessions, not counted" } }, 5000));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* The current density beside the electrode is the figure the safety
 * check compares with 2 mA/cm²: r.m.s. once pulse width and frequency
 * are known. It showed the peak over the area ("At most 2.5 mA/cm²;
 * keep below 2") while the check, on r.m.s., cautioned nothing. And the
 * pain step before practice says the rating stays apart from the diary. */
static void
test_density_shown_as_checked (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestDensity", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "density.db", NULL);
  g_autofree char *expected = NULL;
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *row;
  GtkWidget *pain;

  /* 100 Hz, 200 µs, 20 cm² */
  assistant = practice_at_hand (app, db, &window);
  set_param (assistant, "intensity-ma", 50);

  row = salve_test_ui_find (visible_page (assistant), is_row_titled, "Electrode size");
  g_assert_nonnull (row);
  expected = g_strdup_printf ("%.1f mA/cm² (r.m.s.) at the planned intensity, pulse width and frequency; "
                              "keep below 2 mA/cm².", salve_stim_rms_ma (50, 200, 100) / 20);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, expected);
  g_assert_cmpfloat (salve_stim_rms_ma (50, 200, 100) / 20, <, 2);

  next (assistant, "pain-before");
  pain = salve_test_ui_find_type (visible_page (assistant), ADW_TYPE_PREFERENCES_GROUP);
  g_assert_nonnull (pain);
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (pain)),
                            "apart from your diary"));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static gboolean
no_windows (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (data)) == NULL;
}

/* Quit (Ctrl+Q) while a practice session ramps up: every window goes,
 * without a critical warning (fatal in a test), and the session ends as
 * interrupted, by Salve's quitting (its history said "you closed the
 * session window"). */
static void
test_quit_while_running (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestQuit", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "quit.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  SalveSessionAssistant *assistant;
  SalveWindow *window;

  assistant = practice_at_hand (app, path, &window);
  set_param (assistant, "minutes", 1);
  next (assistant, "pain-before");
  press_pain (assistant, 5);
  next (assistant, "run");
  /* Ramping up on the practice stimulator. */
  spin_for (1500);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_true (salve_test_ui_wait (no_windows, app, 5000));

  db = salve_db_open (path, &error);
  anna = salve_profile_repo_find_by_name (db, "Anna", &error);
  sessions = salve_session_repo_list (db, salve_profile_get_id (anna), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_cmpint (salve_session_get_outcome (g_ptr_array_index (sessions, 0)), ==, SALVE_SESSION_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (salve_session_get_outcome_reason (g_ptr_array_index (sessions, 0)), ==,
                   SALVE_SESSION_REASON_APP_CLOSED);
}

static void shoot (SalveSessionAssistant *assistant,
                   const char            *name);

/* A pseudo-terminal's master: its slave (ptsname) is a serial port where
 * nothing ever answers. */
static int
open_silent_port (void)
{
  int master = posix_openpt (O_RDWR | O_NOCTTY);

  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  return master;
}

/* (a3) A stimulator that never answers: the session did not start, and
 * the last step says so instead of asking how much pain is left and
 * which side effects came of a treatment that was never given. What it
 * stores is the pain before, the note and the reason, nothing after. */
static void
test_device_never_answers (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestNoAnswer", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "no-answer.db", NULL);
  g_autoptr(SalveSession) session = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *page;
  GtkWidget *row;
  StepWait wait;
  int master = open_silent_port ();

  setup_database (path);
  {
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveDevice) tens = salve_device_new ("Silent TENS", SALVE_MODALITY_TENS);

    tens->max_intensity_ma = 40;
    tens->connection = g_strdup (ptsname (master));
    g_assert_true (salve_device_repo_add (db, tens, &error));
    g_assert_no_error (error);
  }

  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_at (window, SALVE_SITE_HAND);
  choose_row (GTK_WIDGET (assistant), "Silent TENS");
  choose_row (GTK_WIDGET (assistant), _("TENS for neuropathic pain in hand or foot"));
  next (assistant, "prepare");
  next (assistant, "pain-before");
  press_pain (assistant, 7);
  next (assistant, "run");
  /* A registered device is no practice. */
  g_assert_false (gtk_widget_get_visible (salve_test_ui_find_text (visible_page (assistant), GTK_TYPE_LABEL,
                                                                   _("Practice: no current flows"))));

  wait.assistant = assistant;
  wait.step = "after";
  g_assert_true (salve_test_ui_wait (step_is, &wait, 20000));
  page = visible_page (assistant);
  row = salve_test_ui_find (page, is_row_titled, _("Session did not start"));
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                           _("the connection to the device was lost")));
  /* What went wrong, in a person's words (it said "did not answer
   * “hello”", and only in the record); and no word that the device gave
   * no treatment, which a device that never answered cannot tell. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                           "The device does not answer: is it switched on, and connected to this port?"));
  g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "gave no treatment"));
  /* No pain scale, side effect or skin check in sight; the note is. */
  g_assert_false (gtk_widget_is_visible (salve_test_ui_find_type (page, SALVE_TYPE_PAIN_SCALE)));
  g_assert_null (salve_test_ui_find (page, is_visible_check, NULL));
  g_assert_true (gtk_widget_is_visible (salve_test_ui_find_type (page, GTK_TYPE_TEXT_VIEW)));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (salve_test_ui_find_type (page, GTK_TYPE_TEXT_VIEW))),
                            "Cable was loose", -1);
  if (g_getenv ("SALVE_SCREENSHOT_DIR") != NULL)
    shoot (assistant, "session-6-not-started");
  next (assistant, NULL);
  salve_test_ui_iterate ();
  close (master);

  {
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (db, "Anna", &error);

    sessions = salve_session_repo_list (db, salve_profile_get_id (anna), NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sessions->len, ==, 1);
    session = salve_session_repo_get (db, salve_session_get_id (g_ptr_array_index (sessions, 0)), &error);
    g_assert_no_error (error);
    g_assert_cmpint (salve_session_get_outcome (session), ==, SALVE_SESSION_OUTCOME_INTERRUPTED);
    g_assert_cmpstr (salve_session_get_outcome_reason (session), ==, SALVE_SESSION_REASON_LINK_LOST);
    g_assert_cmpint (salve_session_get_pain_before (session), ==, 7);
    g_assert_cmpint (salve_session_get_pain_after (session), ==, SALVE_PAIN_UNSET);
    g_assert_cmpuint (g_strv_length ((char **) salve_session_get_side_effects (session)), ==, 0);
    g_assert_cmpstr (salve_session_get_note (session), ==, "Cable was loose");
    g_assert_false (salve_session_repo_started_on_device (db, salve_session_get_id (session), &error));
    g_assert_no_error (error);
  }

  /* Stop pressed while it is still connecting: stopped, and said so. */
  master = open_silent_port ();
  {
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveDevice) device = salve_device_repo_find_by_name (db, "Silent TENS", &error);

    g_assert_no_error (error);
    g_free (device->connection);
    device->connection = g_strdup (ptsname (master));
    g_assert_true (salve_device_repo_update (db, device, &error));
    g_assert_no_error (error);
  }
  assistant = open_at (window, SALVE_SITE_HAND);
  choose_row (GTK_WIDGET (assistant), "Silent TENS");
  choose_row (GTK_WIDGET (assistant), _("TENS for neuropathic pain in hand or foot"));
  next (assistant, "prepare");
  next (assistant, "pain-before");
  press_pain (assistant, 6);
  next (assistant, "run");
  g_assert_cmpint (salve_treatment_get_step (salve_session_state_get_treatment (assistant->state)), ==,
                   SALVE_TREATMENT_STEP_CONNECTING);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.stop", NULL));
  wait.assistant = assistant;
  g_assert_true (salve_test_ui_wait (step_is, &wait, 5000));
  page = visible_page (assistant);
  row = salve_test_ui_find (page, is_row_titled, _("Session did not start"));
  g_assert_nonnull (row);
  /* A device that never answered never confirmed its stop either: said
   * here too, as the dialog over the window says it. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "It was stopped before the device started. Salve started no treatment on it, so there is "
                   "nothing to rate after it. Salve could not confirm that the device stopped. Switch it off and "
                   "take the electrodes off, if you have not yet.");
  g_assert_false (gtk_widget_is_visible (salve_test_ui_find_type (page, SALVE_TYPE_PAIN_SCALE)));
  next (assistant, NULL);
  close (master);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static gboolean
stop_dialog_shown (gpointer data)
{
  GtkWindow **dialog = data;

  *dialog = salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  return *dialog != NULL && gtk_widget_get_visible (GTK_WIDGET (*dialog));
}

static gboolean
no_stop_dialog (gpointer data)
{
  return salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL;
}

/* (a4) A stimulator that answers STOP and keeps delivering: the session
 * does not end as completed, and a dialog that cannot be missed tells the
 * person to switch it off, until they say it is off. */
static void
test_stop_not_confirmed (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestStopNotConfirmed",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "stop-not-confirmed.db", NULL);
  const char *args[] = { "--ignore-stop", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(GError) error = NULL;
  SalveSessionAssistant *assistant;
  GtkWindow *dialog = NULL;
  SalveWindow *window;
  StepWait wait;

  setup_database (path);
  {
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveDevice) tens = salve_device_new ("Stubborn TENS", SALVE_MODALITY_TENS);

    tens->max_intensity_ma = 40;
    tens->connection = (g_free (tens->connection), g_strdup (sim->pty));
    g_assert_true (salve_device_repo_add (db, tens, &error));
    g_assert_no_error (error);
  }

  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_at (window, SALVE_SITE_HAND);
  choose_row (GTK_WIDGET (assistant), "Stubborn TENS");
  choose_row (GTK_WIDGET (assistant), _("TENS for neuropathic pain in hand or foot"));
  next (assistant, "prepare");
  set_param (assistant, "minutes", 0.05);   /* 3 s */
  next (assistant, "pain-before");
  press_pain (assistant, 6);
  next (assistant, "run");

  wait.assistant = assistant;
  wait.step = "after";
  g_assert_true (salve_test_ui_wait (step_is, &wait, 20000));
  g_assert_true (salve_test_ui_wait (stop_dialog_shown, &dialog, 5000));
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "stop-not-confirmed");
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (assistant));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, _("Switch the Stimulator Off"));
  /* What the device reported after the stop, then what to do now. */
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "The device reports "));
  g_assert_true (g_str_has_suffix (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                                   _("The stimulator did not confirm that its output is off. Switch it off and take the electrodes off.")));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "close");
  g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), "close"), ==, _("It Is _Off"));

  /* The device kept delivering after its STOP was answered. */
  g_assert_cmpint (salve_test_sim_wait (sim, 0, NULL, NULL, FALSE, 0.1, 0), >=, 0);

  /* As a person does: the button, which closes the dialog. */
  {
    GtkWidget *button = salve_test_ui_find (GTK_WIDGET (dialog), is_button_labelled, _("It Is _Off"));

    g_assert_nonnull (button);
    gtk_widget_activate (button);
  }
  g_assert_true (salve_test_ui_wait (no_stop_dialog, NULL, 2000));
  salve_test_sim_free (sim);

  /* The session's time was up, but no "Well done" as if all were well:
   * the device may still be on. */
  {
    GtkWidget *row = salve_test_ui_find (visible_page (assistant), is_row_titled, "Session completed");

    g_assert_nonnull (row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                     "Salve could not confirm that the device stopped. Switch it off and take the electrodes off, "
                     "if you have not yet. Then answer a few questions for your diary.");
    g_assert_nonnull (salve_test_ui_find (row, has_css_class, "warning"));
  }

  {
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveStmt) stmt = salve_db_prepare (db, "SELECT count(*) FROM session_events WHERE kind = 'fault'"
                                                      " AND detail LIKE '%did not confirm that its output is off%'",
                                                  &error);

    g_assert_no_error (error);
    g_assert_true (salve_stmt_step (stmt, NULL));
    g_assert_cmpint (salve_stmt_get_int64 (stmt, 0), ==, 1);
  }

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* Stop pressed on a stimulator that answers STOP and keeps delivering.
 * While Salve waits for the stop to be confirmed the window said
 * "Finished · The session is over" beside the 3 mA the device still
 * reported; and once the person said it was off, the last step said "The
 * device was stopped", which the device never confirmed. */
static void
test_stop_pressed_not_confirmed (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestStopPressedNotConfirmed",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "stop-pressed-not-confirmed.db", NULL);
  const char *args[] = { "--ignore-stop", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(GError) error = NULL;
  SalveSessionAssistant *assistant;
  GtkWindow *dialog = NULL;
  SalveWindow *window;
  StepWait wait;

  setup_database (path);
  {
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveDevice) tens = salve_device_new ("Stubborn TENS", SALVE_MODALITY_TENS);

    tens->max_intensity_ma = 40;
    tens->connection = (g_free (tens->connection), g_strdup (sim->pty));
    g_assert_true (salve_device_repo_add (db, tens, &error));
    g_assert_no_error (error);
  }

  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_at (window, SALVE_SITE_HAND);
  choose_row (GTK_WIDGET (assistant), "Stubborn TENS");
  choose_row (GTK_WIDGET (assistant), _("TENS for neuropathic pain in hand or foot"));
  next (assistant, "prepare");
  set_param (assistant, "minutes", 1);
  set_param (assistant, "intensity-ma", 3);
  next (assistant, "pain-before");
  press_pain (assistant, 6);
  next (assistant, "run");

  /* Under way: the device delivers its 3 mA, which it keeps after the STOP. */
  g_assert_cmpint (salve_test_sim_wait (sim, 0, "output", "running", FALSE, 3, 10000), >=, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.stop", NULL));

  /* Waiting for the confirmation: stopping, not over. */
  g_assert_true (salve_test_ui_wait (shows_label_with, (gpointer) (SubstringWait[]) {
                                       { GTK_WIDGET (assistant), "Stopping…" } }, 1000));
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "run");
  g_assert_nonnull (salve_test_ui_find (GTK_WIDGET (assistant), has_label_with,
                                        "Stopping: waiting for the device to confirm that its output is off."));
  g_assert_null (salve_test_ui_find (GTK_WIDGET (assistant), has_label_with, "Finished"));
  g_assert_null (salve_test_ui_find (GTK_WIDGET (assistant), has_label_with, "The session is over"));

  wait.assistant = assistant;
  wait.step = "after";
  g_assert_true (salve_test_ui_wait (step_is, &wait, 5000));
  g_assert_true (salve_test_ui_wait (stop_dialog_shown, &dialog, 5000));
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "stop-not-confirmed");
  {
    GtkWidget *button = salve_test_ui_find (GTK_WIDGET (dialog), is_button_labelled, _("It Is _Off"));

    g_assert_nonnull (button);
    gtk_widget_activate (button);
  }
  g_assert_true (salve_test_ui_wait (no_stop_dialog, NULL, 2000));
  salve_test_sim_free (sim);

  /* Stopped by the person, as the record says; the device's stop is not
   * claimed, and what to do is. */
  {
    GtkWidget *row = salve_test_ui_find (visible_page (assistant), is_row_titled, "Session stopped");

    g_assert_nonnull (row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                     "Salve could not confirm that the device stopped. Switch it off and take the electrodes off, "
                     "if you have not yet. What you entered so far is saved.");
    g_assert_nonnull (salve_test_ui_find (row, has_css_class, "warning"));
  }
  {
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (db, "Anna", &error);
    g_autoptr(GPtrArray) sessions = salve_session_repo_list (db, salve_profile_get_id (anna), NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (sessions->len, ==, 1);
    g_assert_cmpint (salve_session_get_outcome (g_ptr_array_index (sessions, 0)), ==, SALVE_SESSION_OUTCOME_STOPPED);
  }

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* (a2) NMES on the simulated stimulator: the simulator follows the
 * program's on/off rhythm with its ramps, and the session runs through to
 * its end as TENS does. */
static void
test_nmes_on_simulator (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestNmes", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "nmes.db", NULL);
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  StepWait wait;

  setup_database (db);
  window = salve_test_ui_open_window (app, db, 1000, 720);
  assistant = open_at (window, SALVE_SITE_LEG);

  choose_row (GTK_WIDGET (assistant), "Practice NMES stimulator");
  choose_row (GTK_WIDGET (assistant), "NMES, muscle strengthening");
  next (assistant, "prepare");
  set_param (assistant, "minutes", 0.05);   /* 3 s */
  next (assistant, "pain-before");
  press_pain (assistant, 6);
  next (assistant, "run");
  spin_for (1500);

  wait.assistant = assistant;
  wait.step = "after";
  g_assert_true (salve_test_ui_wait (step_is, &wait, 20000));
  answer_after (assistant, 5, "Tired thigh");
  next (assistant, NULL);
  salve_test_ui_iterate ();

  check_stored (db, SALVE_MODALITY_NMES, 1, 6, 5, "ramp");

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* (b) A manual laser: Salve times each point, t = E / P. */
static void
test_manual_laser (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestLaser", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "laser.db", NULL);
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *check;
  StepWait wait;

  setup_database (db);
  window = salve_test_ui_open_window (app, db, 1000, 720);
  assistant = open_at (window, SALVE_SITE_ELBOW);

  /* Its messages come in the toast bar, as words: a device's name or an
   * error may hold "&" or "<" (libadwaita 1.2 read a toast as markup). */
  g_assert_null (salve_test_ui_find_type (GTK_WIDGET (assistant), ADW_TYPE_TOAST_OVERLAY));
  _salve_session_assistant_toast (assistant, "Not repeated: “Zeta & <Co>” is blocked");
  g_assert_nonnull (salve_test_ui_find_text (salve_test_ui_find_type (GTK_WIDGET (assistant), SALVE_TYPE_TOAST_BAR),
                                             GTK_TYPE_LABEL, "Not repeated: “Zeta & <Co>” is blocked"));
  g_assert_true (salve_toast_bar_dismiss (SALVE_TOAST_BAR (salve_test_ui_find_type (GTK_WIDGET (assistant),
                                                                                     SALVE_TYPE_TOAST_BAR))));

  choose_row (GTK_WIDGET (assistant), "Personal Laser L400");
  choose_row (GTK_WIDGET (assistant), "Soft laser for tennis elbow");

  /* Laser always carries the eye-protection caution: it must be
   * acknowledged before going on. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL) &&
                  g_str_equal (salve_session_assistant_get_step (assistant), "prepare"));
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "device");
  check = salve_test_ui_find (visible_page (assistant), is_visible_check, NULL);
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  salve_test_ui_iterate ();
  next (assistant, "prepare");
  /* The glasses are yet to be confirmed, at the foot of the page: the
   * focus on the first step, the page read from its top; not on Save as
   * Program… */
  {
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (assistant));

    g_assert_nonnull (focus);
    g_assert_true (gtk_widget_is_ancestor (focus, visible_page (assistant)));
    g_assert_true (ADW_IS_ACTION_ROW (focus));
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (focus)), ==,
                     "Put on the laser safety glasses; anyone else in the room wears them too.");
  }

  /* 0.5 J at the device's 500 mW: 1 s per point, 2 points. */
  set_param (assistant, "dose-j", 0.5);
  g_assert_nonnull (salve_test_ui_find (visible_page (assistant), is_row_titled, "Time per point"));
  g_assert_nonnull (salve_test_ui_find (visible_page (assistant), is_row_titled, "Energy density"));
  /* no eye protection confirmed, no session */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL) &&
                  g_str_equal (salve_session_assistant_get_step (assistant), "pain-before"));
  protect_eyes (assistant);
  next (assistant, "pain-before");
  press_pain (assistant, 5);
  next (assistant, "run");
  spin_for (300);

  wait.assistant = assistant;
  wait.step = "after";
  g_assert_true (salve_test_ui_wait (step_is, &wait, 10000));
  /* Salve kept the time of a laser it does not control: it cannot say
   * the laser is off, and tells the person to switch it off. */
  {
    GtkWidget *row = salve_test_ui_find (visible_page (assistant), is_row_titled, "Session completed");

    g_assert_nonnull (row);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                              "Switch the laser off, if you have not yet: Salve does not control it"));
  }
  answer_after (assistant, 3, "");
  next (assistant, NULL);

  check_stored (db, SALVE_MODALITY_LASER, 1, 5, 3, "point");
  check_sessions_view (window, "Soft laser · Elbow");

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static gboolean assistant_gone (gpointer data);

/* Waits for the row titled @title to have a subtitle that begins so. */
typedef struct
{
  GtkWidget  *root;
  const char *title;
  const char *subtitle_prefix;
} SubtitleWait;

static gboolean
outcome_subtitle_is (gpointer data)
{
  SubtitleWait *wait = data;
  GtkWidget *row = salve_test_ui_find (wait->root, is_row_titled, wait->title);

  return row != NULL && g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), wait->subtitle_prefix);
}

/* A device that reports a fault mid-session (its electrode came off):
 * the last step says which, as salvectl and the record do. It said only
 * "Because the device reported a fault". */
static void
test_device_fault_named (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestFaultNamed",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "fault-named.db", NULL);
  const char *args[] = { "--fault", "electrode-off", "--fault-after", "1", NULL };
  SalveTestSim *sim = salve_test_sim_start (args);
  g_autoptr(GError) error = NULL;
  SalveSessionAssistant *assistant;
  SalveWindow *window;

  setup_database (path);
  {
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveDevice) tens = salve_device_new ("Loose TENS", SALVE_MODALITY_TENS);

    tens->max_intensity_ma = 40;
    tens->connection = (g_free (tens->connection), g_strdup (sim->pty));
    g_assert_true (salve_device_repo_add (db, tens, &error));
    g_assert_no_error (error);
  }

  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_at (window, SALVE_SITE_HAND);
  choose_row (GTK_WIDGET (assistant), "Loose TENS");
  choose_row (GTK_WIDGET (assistant), _("TENS for neuropathic pain in hand or foot"));
  next (assistant, "prepare");
  next (assistant, "pain-before");
  press_pain (assistant, 6);
  next (assistant, "run");
  {
    SubtitleWait wait = { GTK_WIDGET (assistant), "Session interrupted",
                          "Because the device reported a fault: The device stopped: electrode off the skin. "
                          "What you entered so far is saved." };

    g_assert_true (salve_test_ui_wait (outcome_subtitle_is, &wait, 20000));
  }

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  salve_test_sim_free (sim);
}

/* Escape during the run stops the device first and ends as stopped;
 * closing the app mid-session ends it as interrupted. Nothing entered
 * before is lost. */
static void
test_stop_and_close (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestStop", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "stop.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  SalveSessionAssistant *assistant;
  SalveWindow *window;

  setup_database (path);
  window = salve_test_ui_open_window (app, path, 1000, 720);

  /* Escape: stopped. */
  assistant = open_at (window, SALVE_SITE_ELBOW);
  choose_row (GTK_WIDGET (assistant), "Personal Laser L400");
  acknowledge (assistant);
  next (assistant, "prepare");
  protect_eyes (assistant);
  next (assistant, "pain-before");
  press_pain (assistant, 6);
  next (assistant, "run");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.escape", NULL));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "after");
  gtk_window_destroy (GTK_WINDOW (assistant));

  /* Closing the session window: the device stops, interrupted, and the
   * questions after are still offered. */
  assistant = open_at (window, SALVE_SITE_KNEE);
  choose_row (GTK_WIDGET (assistant), "Another TENS device");
  next (assistant, "prepare");
  next (assistant, "pain-before");
  press_pain (assistant, 7);
  next (assistant, "run");
  gtk_window_close (GTK_WINDOW (assistant));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "after");
  /* Said in that window, still open: what the person did, not that it is
   * closed. */
  {
    SubtitleWait wait = { GTK_WIDGET (assistant), "Session interrupted",
                          "Because you closed the session window." };

    g_assert_true (salve_test_ui_wait (outcome_subtitle_is, &wait, 5000));
  }
  /* An answer after it is not thrown away without a word: closing asks,
   * and Save stores it. */
  press_pain (assistant, 3);
  gtk_window_close (GTK_WINDOW (assistant));
  salve_test_ui_iterate ();
  {
    GtkWidget *ask = GTK_WIDGET (salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

    g_assert_nonnull (ask);
    g_assert_cmpstr (gtk_widget_get_name (ask), ==, "unsaved-answers");
    g_assert_nonnull (salve_test_ui_find_toplevel (SALVE_TYPE_SESSION_ASSISTANT));
    /* A response closes the dialog by itself. */
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "save");
  }
  g_assert_true (salve_test_ui_wait (assistant_gone, NULL, 5000));

  /* The window goes away mid-session: interrupted, app closed. */
  assistant = open_at (window, SALVE_SITE_KNEE);
  choose_row (GTK_WIDGET (assistant), "Another TENS device");
  next (assistant, "prepare");
  next (assistant, "pain-before");
  press_pain (assistant, 8);
  next (assistant, "run");
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();

  db = salve_db_open (path, &error);
  anna = salve_profile_repo_find_by_name (db, "Anna", &error);
  sessions = salve_session_repo_list (db, salve_profile_get_id (anna), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 3);
  /* newest first */
  g_assert_cmpint (salve_session_get_outcome (g_ptr_array_index (sessions, 0)), ==, SALVE_SESSION_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (salve_session_get_outcome_reason (g_ptr_array_index (sessions, 0)), ==, "app-closed");
  g_assert_cmpint (salve_session_get_pain_before (g_ptr_array_index (sessions, 0)), ==, 8);
  g_assert_cmpint (salve_session_get_outcome (g_ptr_array_index (sessions, 1)), ==, SALVE_SESSION_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (salve_session_get_outcome_reason (g_ptr_array_index (sessions, 1)), ==, "window-closed");
  g_assert_cmpint (salve_session_get_pain_before (g_ptr_array_index (sessions, 1)), ==, 7);
  g_assert_cmpint (salve_session_get_pain_after (g_ptr_array_index (sessions, 1)), ==, 3);
  g_assert_cmpint (salve_session_get_outcome (g_ptr_array_index (sessions, 2)), ==, SALVE_SESSION_OUTCOME_STOPPED);
  g_assert_cmpint (salve_session_get_pain_before (g_ptr_array_index (sessions, 2)), ==, 6);
}

/* Another program holds the database's write lock when the session is
 * stopped, longer than a statement waits: the end is not lost, the after
 * page does not claim it is saved, and once the lock is released the end
 * is stored and the page says so. */
static gboolean
assistant_gone (gpointer data)
{
  return salve_test_ui_find_toplevel (SALVE_TYPE_SESSION_ASSISTANT) == NULL;
}

static void
test_busy_database_at_the_end (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestBusy", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "busy.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) diary = NULL;
  SalveSessionAssistant *assistant;
  SalveTestLock *lock;
  SalveWindow *window;
  SubtitleWait wait;
  GLogLevelFlags fatal;

  setup_database (path);
  window = salve_test_ui_open_window (app, path, 1000, 720);

  assistant = open_at (window, SALVE_SITE_ELBOW);
  choose_row (GTK_WIDGET (assistant), "Personal Laser L400");
  acknowledge (assistant);
  next (assistant, "prepare");
  protect_eyes (assistant);
  next (assistant, "pain-before");
  press_pain (assistant, 6);
  next (assistant, "run");

  lock = salve_test_lock_take (path, -1);
  /* The runner warns about each write the busy database refused: that is
   * the case under test here, not a failure. */
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.escape", NULL));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "after");

  wait.root = GTK_WIDGET (assistant);
  wait.title = "Session stopped";
  wait.subtitle_prefix = "Not saved yet";
  g_assert_true (outcome_subtitle_is (&wait));
  spin_for (1500);
  g_assert_true (outcome_subtitle_is (&wait));

  salve_test_lock_release (lock);
  g_log_set_always_fatal (fatal);
  /* A manual laser: Salve cannot say it is off, only that it is saved. */
  wait.subtitle_prefix = "Switch the laser off, if you have not yet: Salve does not control it, and cannot tell "
                         "whether it is off. What you entered so far is saved.";
  g_assert_true (salve_test_ui_wait (outcome_subtitle_is, &wait, 5000));

  db = salve_db_open (path, &error);
  anna = salve_profile_repo_find_by_name (db, "Anna", &error);
  sessions = salve_session_repo_list (db, salve_profile_get_id (anna), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_cmpint (salve_session_get_outcome (g_ptr_array_index (sessions, 0)), ==, SALVE_SESSION_OUTCOME_STOPPED);
  g_assert_cmpstr (salve_session_get_outcome_reason (g_ptr_array_index (sessions, 0)), ==, "user");
  g_assert_nonnull (salve_session_get_ended_at (g_ptr_array_index (sessions, 0)));
  g_clear_pointer (&sessions, g_ptr_array_unref);

  /* Save while the database is busy: the window stays until the answers
   * are stored, then closes by itself. */
  answer_after (assistant, 2, "busy");
  lock = salve_test_lock_take (path, -1);
  next (assistant, "after");
  spin_for (1000);
  g_assert_true (salve_test_ui_find_toplevel (SALVE_TYPE_SESSION_ASSISTANT) == GTK_WINDOW (assistant));
  salve_test_lock_release (lock);
  g_assert_true (salve_test_ui_wait (assistant_gone, NULL, 5000));

  sessions = salve_session_repo_list (db, salve_profile_get_id (anna), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_get_pain_after (g_ptr_array_index (sessions, 0)), ==, 2);
  g_assert_cmpstr (salve_session_get_note (g_ptr_array_index (sessions, 0)), ==, "busy");
  /* The diary's before and after, each once. */
  diary = salve_diary_repo_list (db, salve_profile_get_id (anna), G_MININT64, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (diary->len, ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static gboolean
shows_steady (gpointer data)
{
  return salve_test_ui_find_text (data, GTK_TYPE_LABEL, "Steady at") != NULL;
}

/* With reduced sensation, the running session does not say to go by
 * what is felt, as the preparation said not to: it said "Use + and − if
 * it feels too weak or too strong". */
static void
test_reduced_sensation_steady (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestSkinSteady",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "skin-steady.db", NULL);
  g_autoptr(GError) error = NULL;
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *prompt;

  setup_database (path);
  {
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (db, "Anna", &error);

    g_assert_true (salve_condition_repo_set (db, salve_profile_get_id (anna), SALVE_CONDITION_REDUCED_SENSATION,
                                             SALVE_ANSWER_YES, SALVE_N_SITES, "Bram", &error));
    g_assert_no_error (error);
  }

  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_at (window, SALVE_SITE_HAND);
  choose_row (GTK_WIDGET (assistant), "Practice stimulator");
  choose_row (GTK_WIDGET (assistant), "TENS for neuropathic pain in hand or foot");
  acknowledge (assistant);
  next (assistant, "prepare");
  set_param (assistant, "intensity-ma", 2);
  set_param (assistant, "minutes", 0.25);
  next (assistant, "pain-before");
  press_pain (assistant, 6);
  next (assistant, "run");

  g_assert_true (salve_test_ui_wait (shows_steady, visible_page (assistant), 10000));
  /* Practice is said all the way through, above the clock. */
  g_assert_true (gtk_widget_is_visible (salve_test_ui_find_text (visible_page (assistant), GTK_TYPE_LABEL,
                                                                 "Practice: no current flows")));
  prompt = salve_test_ui_find_text (visible_page (assistant), GTK_TYPE_LABEL, "Steady at");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (prompt)), "do not go by what you feel"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (prompt)), "stay at 18 mA or below"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (prompt)), "feels too weak"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.escape", NULL));
  salve_test_ui_iterate ();
  /* Practice gave no current: no skin to check, nothing to wait for. */
  g_assert_true (salve_test_ui_wait (step_is, &(StepWait) { assistant, "after" }, 20000));
  /* The run step, gone back to, says the session is over, not how it
   * builds up or what to do with + and − (under "Finished · 0 mA"). */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (prompt)), ==, "The session is over.");
  g_assert_null (salve_test_ui_find (visible_page (assistant), is_row_titled, "Skin looks normal"));
  g_assert_true (gtk_widget_is_sensitive (salve_test_ui_find_text (GTK_WIDGET (assistant), GTK_TYPE_BUTTON, "_Save")));
  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* Reduced sensation: a caution to acknowledge (logged with who), the
 * intensity held to 18 mA, and the skin check after the session. A
 * program saved on the way is offered next time. */
static void
test_reduced_sensation_and_saved_program (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestSkin", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "skin.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(SalveSession) session = NULL;
  g_autoptr(GPtrArray) programs = NULL;
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  AdwMessageDialog *dialog;
  GtkWidget *spin;
  GtkWidget *row;
  SalveSessionEvent *ack = NULL;

  setup_database (path);
  db = salve_db_open (path, &error);
  anna = salve_profile_repo_find_by_name (db, "Anna", &error);
  g_assert_true (salve_condition_repo_set (db, salve_profile_get_id (anna), SALVE_CONDITION_REDUCED_SENSATION,
                                           SALVE_ANSWER_YES, SALVE_N_SITES, "Bram", &error));
  g_assert_no_error (error);

  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_at (window, SALVE_SITE_HAND);
  choose_row (GTK_WIDGET (assistant), "Another TENS device");

  /* the caution stands until acknowledged */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL) &&
                  g_str_equal (salve_session_assistant_get_step (assistant), "prepare"));
  acknowledge (assistant);
  next (assistant, "prepare");

  /* "Until you feel a strong tingling" is followed by what to go by instead. */
  row = salve_test_ui_find (visible_page (assistant), is_named, "reduced-sensation-step");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "at 18 mA or below"));

  /* 18 mA is as far as the plan goes */
  spin = salve_test_ui_find (visible_page (assistant), is_param_spin, "intensity-ma");
  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 30);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 18);
  /* …and the row says so, instead of taking 30 down without a word. */
  {
    GtkWidget *intensity_row = gtk_widget_get_ancestor (spin, ADW_TYPE_ACTION_ROW);

    g_assert_nonnull (intensity_row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (intensity_row)), ==,
                     "At most 18 mA: the most this person and device allow");
  }
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 14);

  /* save it as a program of her own */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.save-program", NULL));
  salve_test_ui_iterate ();
  dialog = ADW_MESSAGE_DIALOG (salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Evening hands");
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  salve_test_ui_iterate ();
  programs = salve_program_repo_list (db, salve_profile_get_id (anna), SALVE_MODALITY_TENS, &error);
  g_assert_cmpuint (programs->len, ==, 1);
  g_assert_cmpfloat (salve_preset_get_param (g_ptr_array_index (programs, 0), "intensity-ma", 0), ==, 14);

  next (assistant, "pain-before");
  press_pain (assistant, 6);
  next (assistant, "run");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.escape", NULL));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "after");

  /* the skin check is asked, and needed: a burn nobody looked at let
   * the next session go onto it */
  press_pain (assistant, 5);
  gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL);
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "after");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (assistant)) &&
                  gtk_widget_is_sensitive (salve_test_ui_find_text (GTK_WIDGET (assistant), GTK_TYPE_BUTTON, "_Save")));
  row = salve_test_ui_find (visible_page (assistant), is_row_titled, "Redness that fades");
  g_assert_nonnull (row);
  adw_action_row_activate (ADW_ACTION_ROW (row));
  next (assistant, NULL);

  sessions = salve_session_repo_list (db, salve_profile_get_id (anna), NULL, &error);
  g_assert_cmpuint (sessions->len, ==, 1);
  session = salve_session_repo_get (db, salve_session_get_id (g_ptr_array_index (sessions, 0)), &error);
  g_assert_cmpstr (salve_session_get_skin_check (session), ==, SALVE_SKIN_CHECK_RED);
  g_assert_cmpfloat (salve_session_get_param (session, "intensity-ma", 0), ==, 14);
  for (guint i = 0; i < salve_session_get_events (session)->len; i++)
    {
      SalveSessionEvent *event = g_ptr_array_index (salve_session_get_events (session), i);
      if (event->kind == SALVE_SESSION_EVENT_CAUTION_ACKNOWLEDGED)
        ack = event;
    }
  g_assert_nonnull (ack);
  g_assert_cmpstr (ack->actor, ==, "Anna");

  /* next time the program is there to choose */
  assistant = open_at (window, SALVE_SITE_HAND);
  choose_row (GTK_WIDGET (assistant), "Another TENS device");
  g_assert_nonnull (salve_test_ui_find (GTK_WIDGET (assistant), is_row_titled, "Evening hands"));

  /* A blister this time: the choice says what it does before it is
   * made, the window says it after, and TENS on the hand is blocked from
   * then on (it was stored with the session only, and the next session on
   * the same skin went ahead). */
  acknowledge (assistant);
  next (assistant, "prepare");
  next (assistant, "pain-before");
  press_pain (assistant, 6);
  next (assistant, "run");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.escape", NULL));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "after");
  row = salve_test_ui_find (visible_page (assistant), is_row_titled, "Blister, burn or broken skin");
  g_assert_nonnull (row);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                   "Marked in the checklist as broken skin here"));
  adw_action_row_activate (ADW_ACTION_ROW (row));
  press_pain (assistant, 5);
  next (assistant, NULL);
  salve_test_ui_iterate ();
  {
    SalveToastBar *bar = SALVE_TOAST_BAR (salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_TOAST_BAR));
    AdwToast *toast = salve_toast_bar_get_shown (bar);
    SalveProfileAnswers answers;

    g_assert_nonnull (toast);
    g_assert_true (g_str_has_prefix (adw_toast_get_title (toast), "Broken skin at “Hand” is in the checklist now"));
    g_assert_nonnull (strstr (adw_toast_get_title (toast), "show it to your doctor or nurse"));
    salve_profile_answers_init (&answers, SALVE_ANSWER_UNKNOWN);
    g_assert_true (salve_condition_repo_load (db, salve_profile_get_id (anna), &answers, &error));
    g_assert_cmpint (answers.answers[SALVE_CONDITION_BROKEN_SKIN], ==, SALVE_ANSWER_YES);
    g_assert_cmpint (answers.sites[SALVE_CONDITION_BROKEN_SKIN], ==, SALVE_SITE_HAND);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* Reduced sensation not yet answered counts as reduced: the intensity is
 * held to 18 mA. And a value the safety check blocks never starts, even
 * if a field let it through: the device step shows the findings again. */
static void
test_unanswered_sensation_blocks_start (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestUnsure", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "unsure.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *spin;

  setup_database (path);
  db = salve_db_open (path, &error);
  anna = salve_profile_repo_find_by_name (db, "Anna", &error);
  g_assert_true (salve_condition_repo_set (db, salve_profile_get_id (anna), SALVE_CONDITION_REDUCED_SENSATION,
                                           SALVE_ANSWER_UNKNOWN, SALVE_N_SITES, "Bram", &error));
  g_assert_no_error (error);

  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_at (window, SALVE_SITE_HAND);
  choose_row (GTK_WIDGET (assistant), "Another TENS device");
  acknowledge (assistant);
  next (assistant, "prepare");

  spin = salve_test_ui_find (visible_page (assistant), is_param_spin, "intensity-ma");
  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 30);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, SALVE_REDUCED_SENSATION_CEILING_MA);

  /* Past the field's own bound: the plan is checked again before going on. */
  set_param (assistant, "intensity-ma", 30);
  next (assistant, "device");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL) &&
                  !g_str_equal (salve_session_assistant_get_step (assistant), "device"));
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "device");

  sessions = salve_session_repo_list (db, salve_profile_get_id (anna), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 0);

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* A program saved with more than the person's ceiling (before the
 * checklist changed, say) starts at the ceiling: the safety check does not
 * block a value that no field on the site step could lower. */
static void
test_program_above_ceiling (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestAboveCeiling", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "above-ceiling.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(GPtrArray) builtin = salve_presets_list_builtin (SALVE_MODALITY_TENS);
  g_autoptr(SalvePreset) strong = NULL;
  g_autoptr(SalvePreset) saved = NULL;
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *spin;

  setup_database (path);
  db = salve_db_open (path, &error);
  anna = salve_profile_repo_find_by_name (db, "Anna", &error);
  strong = g_object_ref (g_ptr_array_index (builtin, 0));
  salve_preset_set_name (strong, "Strong evening");
  salve_preset_set_param (strong, "intensity-ma", 30);
  saved = salve_program_repo_save (db, salve_profile_get_id (anna), strong, "", &error);
  g_assert_no_error (error);
  g_assert_true (salve_condition_repo_set (db, salve_profile_get_id (anna), SALVE_CONDITION_REDUCED_SENSATION,
                                           SALVE_ANSWER_YES, SALVE_N_SITES, "Bram", &error));
  g_assert_no_error (error);

  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_at (window, SALVE_SITE_HAND);
  choose_row (GTK_WIDGET (assistant), "Another TENS device");
  choose_row (GTK_WIDGET (assistant), "Strong evening");
  acknowledge (assistant);
  next (assistant, "prepare");

  spin = salve_test_ui_find (visible_page (assistant), is_param_spin, "intensity-ma");
  g_assert_nonnull (spin);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, SALVE_REDUCED_SENSATION_CEILING_MA);
  next (assistant, "pain-before");

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static void
count_saved (guint *n)
{
  (*n)++;
}

static GDateTime *
parse_time (const char *iso)
{
  GDateTime *time = salve_time_parse_iso (iso);

  g_assert_nonnull (time);
  return time;
}

/* The app's session is recorded as SalveTreatment records it, the same
 * as `salvectl session run`: the acknowledgement with who and when it was
 * given (before the session started, not when it was stored), pain before
 * and after as diary entries linked to the session, which the diary's
 * statistics count, and the laser held to the device's own power. */
static void
test_recorded_as_treatment (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestRecorded", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "recorded.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(SalveSession) session = NULL;
  g_autoptr(GDateTime) started = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  SalveSessionEvent *ack = NULL;
  JsonObject *laser;
  StepWait wait;
  guint n_saved = 0;

  setup_database (path);
  /* a 100 mW laser: the runner may not go above it */
  set_laser_power (path, 100);

  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_at (window, SALVE_SITE_ELBOW);
  g_signal_connect_swapped (assistant, "session-saved", G_CALLBACK (count_saved), &n_saved);
  choose_row (GTK_WIDGET (assistant), "Personal Laser L400");
  choose_row (GTK_WIDGET (assistant), "Soft laser for tennis elbow");
  acknowledge (assistant);
  /* read, acknowledged, and a while later started */
  spin_for (1100);
  next (assistant, "prepare");
  set_param (assistant, "dose-j", 0.1);    /* 1 s a point at 100 mW */
  set_param (assistant, "points", 1);
  protect_eyes (assistant);
  next (assistant, "pain-before");
  press_pain (assistant, 6);
  next (assistant, "run");
  /* Above the device's power: refused, the runner holds 100 mW. */
  gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.intensity-up", NULL);
  salve_test_ui_iterate ();

  wait.assistant = assistant;
  wait.step = "after";
  g_assert_true (salve_test_ui_wait (step_is, &wait, 10000));
  answer_after (assistant, 4, "");
  next (assistant, NULL);
  salve_test_ui_iterate ();
  /* Told once when the end was stored, once when the answers were. */
  g_assert_cmpuint (n_saved, ==, 2);

  db = salve_db_open (path, &error);
  anna = salve_profile_repo_find_by_name (db, "Anna", &error);
  sessions = salve_session_repo_list (db, salve_profile_get_id (anna), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  session = salve_session_repo_get (db, salve_session_get_id (g_ptr_array_index (sessions, 0)), &error);
  g_assert_no_error (error);
  g_assert_cmpint (salve_session_get_outcome (session), ==, SALVE_SESSION_OUTCOME_COMPLETED);
  g_assert_cmpfloat (salve_session_get_param (session, "power-mw", 0), ==, 100);

  for (guint i = 0; i < salve_session_get_events (session)->len; i++)
    {
      SalveSessionEvent *event = g_ptr_array_index (salve_session_get_events (session), i);

      g_test_message ("event %s %s %s", event->at, salve_session_event_kind_to_id (event->kind), event->detail);
      if (event->kind == SALVE_SESSION_EVENT_CAUTION_ACKNOWLEDGED)
        ack = event;
      g_assert_cmpint (event->kind, !=, SALVE_SESSION_EVENT_INTENSITY);
    }
  g_assert_nonnull (ack);
  g_assert_cmpstr (ack->detail, ==, "laser-eye-protection");
  g_assert_cmpstr (ack->actor, ==, "Anna");
  started = parse_time (salve_session_get_started_at (session));
  {
    g_autoptr(GDateTime) acknowledged = parse_time (ack->at);

    /* when it was acknowledged, a second or more before the start */
    g_assert_cmpint (g_date_time_difference (started, acknowledged), >=, G_USEC_PER_SEC);
  }

  /* The diary's statistics count it, as they do a salvectl session. */
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", path, "diary", "stats", "--profile", "Anna",
                                            "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  laser = json_object_get_object_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                                        "sessions"), "laser");
  g_assert_nonnull (laser);
  g_assert_cmpint (json_object_get_int_member (laser, "sessions"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (laser, "mean_before"), ==, 6);
  g_assert_cmpfloat (json_object_get_double_member (laser, "mean_after"), ==, 4);

  /* The diary's list says which ratings came with the session. */
  salve_window_show_view (window, "diary");
  g_assert_true (salve_test_ui_wait (shows_label_with, (gpointer) (SubstringWait[]) { { GTK_WIDGET (window), " · before a session" } }, 5000));
  g_assert_true (salve_test_ui_wait (shows_label_with, (gpointer) (SubstringWait[]) { { GTK_WIDGET (window), " · after a session" } }, 5000));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* Back to the device step, another modality: nothing of the first one
 * stays. Laser's eye caution was acknowledged; TENS with reduced
 * sensation has its own caution to acknowledge, the TENS ceiling, and the
 * session is recorded with TENS values and only the TENS acknowledgement. */
static void
test_change_modality (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestModality", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "modality.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) anna = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(SalveSession) session = NULL;
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *spin;
  guint n_acks = 0;

  setup_database (path);
  db = salve_db_open (path, &error);
  anna = salve_profile_repo_find_by_name (db, "Anna", &error);
  g_assert_true (salve_condition_repo_set (db, salve_profile_get_id (anna), SALVE_CONDITION_REDUCED_SENSATION,
                                           SALVE_ANSWER_YES, SALVE_N_SITES, "Bram", &error));
  g_assert_no_error (error);

  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_at (window, SALVE_SITE_ELBOW);
  choose_row (GTK_WIDGET (assistant), "Personal Laser L400");
  acknowledge (assistant);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.back", NULL));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "site");
  next (assistant, "device");

  choose_row (GTK_WIDGET (assistant), "Another TENS device");
  /* the laser's acknowledgement does not carry over */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL) &&
                  g_str_equal (salve_session_assistant_get_step (assistant), "prepare"));
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "device");
  acknowledge (assistant);
  next (assistant, "prepare");

  /* the TENS ceiling, not the laser's power */
  spin = salve_test_ui_find (visible_page (assistant), is_param_spin, "intensity-ma");
  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 30);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, SALVE_REDUCED_SENSATION_CEILING_MA);
  next (assistant, "pain-before");
  press_pain (assistant, 6);
  next (assistant, "run");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.escape", NULL));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "after");
  next (assistant, NULL);

  sessions = salve_session_repo_list (db, salve_profile_get_id (anna), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  session = salve_session_repo_get (db, salve_session_get_id (g_ptr_array_index (sessions, 0)), &error);
  g_assert_cmpint (salve_session_get_modality (session), ==, SALVE_MODALITY_TENS);
  g_assert_cmpstr (salve_session_get_device_name (session), ==, "Another TENS device");
  g_assert_cmpfloat (salve_session_get_param (session, "power-mw", -1), ==, -1);
  g_assert_cmpfloat (salve_session_get_param (session, "dose-j", -1), ==, -1);
  for (guint i = 0; i < salve_session_get_events (session)->len; i++)
    {
      SalveSessionEvent *event = g_ptr_array_index (salve_session_get_events (session), i);

      if (event->kind != SALVE_SESSION_EVENT_CAUTION_ACKNOWLEDGED)
        continue;
      g_test_message ("acknowledged %s", event->detail);
      g_assert_false (g_str_has_prefix (event->detail, "laser-"));
      n_acks++;
    }
  g_assert_cmpuint (n_acks, >=, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

typedef struct
{
  const char *path;
  const char *reason;
} EndWait;

static gboolean
session_ended (gpointer data)
{
  EndWait *wait = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (wait->path, &error);
  g_autoptr(SalveProfile) anna = db != NULL ? salve_profile_repo_find_by_name (db, "Anna", NULL) : NULL;
  g_autoptr(GPtrArray) sessions = anna != NULL ? salve_session_repo_list (db, salve_profile_get_id (anna), NULL, NULL) : NULL;

  return sessions != NULL && sessions->len == 1 &&
         salve_session_get_outcome (g_ptr_array_index (sessions, 0)) == SALVE_SESSION_OUTCOME_INTERRUPTED &&
         g_strcmp0 (salve_session_get_outcome_reason (g_ptr_array_index (sessions, 0)), wait->reason) == 0;
}

/* Quitting mid-session while another program holds the database: the
 * window goes at once (no write waits for the lock on the GTK thread),
 * and the session's end is stored from the main loop once the lock is
 * gone. */
static void
test_quit_while_database_busy (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestQuitBusy", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "quit-busy.db", NULL);
  SalveSessionAssistant *assistant;
  SalveTestLock *lock;
  SalveWindow *window;
  EndWait wait = { path, "app-closed" };
  gint64 started, took;

  setup_database (path);
  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_at (window, SALVE_SITE_KNEE);
  choose_row (GTK_WIDGET (assistant), "Another TENS device");
  next (assistant, "prepare");
  next (assistant, "pain-before");
  press_pain (assistant, 5);
  next (assistant, "run");
  spin_for (300);

  lock = salve_test_lock_take (path, -1);
  started = g_get_monotonic_time ();
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  took = (g_get_monotonic_time () - started) / 1000;
  g_test_message ("closing took %" G_GINT64_FORMAT " ms", took);
  g_assert_cmpint (took, <, 1000);
  g_assert_null (salve_test_ui_find_toplevel (SALVE_TYPE_SESSION_ASSISTANT));

  salve_test_lock_release (lock);
  g_assert_true (salve_test_ui_wait (session_ended, &wait, 10000));
}

static void
add_linked_rating (SalveDb         *db,
                   gint64           profile_id,
                   gint64           session_id,
                   GDateTime       *at,
                   SalveDiaryPhase  phase,
                   int              pain)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (profile_id);

  salve_diary_entry_set_at (entry, at);
  salve_diary_entry_set_pain (entry, pain);
  salve_diary_entry_set_session (entry, session_id, phase);
  g_assert_true (salve_diary_repo_add (db, entry, &error));
  g_assert_no_error (error);
}

static void
add_past_session (SalveDb       *db,
                  gint64         profile_id,
                  SalveModality  modality,
                  SalveSite      site,
                  const char    *device,
                  const char    *preset_id,
                  int            days_ago,
                  int            before,
                  int            after)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveSession) s = salve_session_new (modality, site);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = g_date_time_add_full (now, 0, 0, -days_ago, 9 - g_date_time_get_hour (now), 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_minutes (start, 30);
  g_autofree char *start_iso = salve_time_format_iso (start);
  g_autofree char *end_iso = salve_time_format_iso (end);

  salve_session_set_profile_id (s, profile_id);
  salve_session_set_device_name (s, device);
  salve_session_set_program (s, preset_id);
  salve_session_set_planned_minutes (s, 30);
  salve_session_set_pain_before (s, before);
  salve_session_set_param (s, modality == SALVE_MODALITY_LASER ? "power-mw" : "intensity-ma",
                           modality == SALVE_MODALITY_LASER ? 100 : 12);
  g_assert_true (salve_session_repo_create (db, s, &error));
  g_assert_true (salve_session_repo_mark_started (db, salve_session_get_id (s), start_iso, &error));
  g_assert_true (salve_session_repo_log (db, salve_session_get_id (s), SALVE_SESSION_EVENT_START, 0, NULL, NULL, &error));
  g_assert_true (salve_session_repo_finish (db, salve_session_get_id (s), SALVE_SESSION_OUTCOME_COMPLETED, NULL,
                                            end_iso, &error));
  salve_session_set_pain_after (s, after);
  g_assert_true (salve_session_repo_update_after (db, s, &error));
  g_assert_no_error (error);
  /* And as linked diary entries, as the treatment keeps them. */
  add_linked_rating (db, profile_id, salve_session_get_id (s), start, SALVE_DIARY_PHASE_BEFORE, before);
  add_linked_rating (db, profile_id, salve_session_get_id (s), end, SALVE_DIARY_PHASE_AFTER, after);
}

static guint
count_history_rows (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_EXPANDER_ROW (child) && gtk_widget_get_visible (child))
        n++;
      else
        n += count_history_rows (child);
    }

  return n;
}

static gboolean
is_dropdown_with_item (GtkWidget     *widget,
                       gconstpointer  item)
{
  GListModel *model;

  if (!GTK_IS_DROP_DOWN (widget))
    return FALSE;

  model = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));
  return model != NULL && g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), item) == 0;
}

/* The history filters by device and by kind, and a session a crashed
 * Salve left running shows as interrupted. */
static void
test_history_filters (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestHistory", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "history.db", NULL);
  SalveWindow *window;
  GtkWidget *view;
  GtkDropDown *devices;
  GtkDropDown *kinds;

  setup_database (path);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (db, "Anna", &error);
    g_autoptr(SalveSession) crashed = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_KNEE);
    gint64 id = salve_profile_get_id (anna);

    add_past_session (db, id, SALVE_MODALITY_TENS, SALVE_SITE_FOOT, "Pocket TENS", "tens-high-frequency", 3, 6, 4);
    add_past_session (db, id, SALVE_MODALITY_LASER, SALVE_SITE_ELBOW, "Laser pen", "laser-lateral-epicondylitis", 2, 5, 3);
    /* Rated before and after, but its device never answered. */
    {
      g_autoptr(SalveSession) lost = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_NECK);

      salve_session_set_profile_id (lost, id);
      salve_session_set_device_name (lost, "Pocket TENS");
      salve_session_set_pain_before (lost, 8);
      g_assert_true (salve_session_repo_create (db, lost, &error));
      g_assert_true (salve_session_repo_log (db, salve_session_get_id (lost), SALVE_SESSION_EVENT_LINK_LOST, 0,
                                             "no answer", NULL, &error));
      g_assert_true (salve_session_repo_finish (db, salve_session_get_id (lost), SALVE_SESSION_OUTCOME_INTERRUPTED,
                                                SALVE_SESSION_REASON_LINK_LOST, NULL, &error));
      salve_session_set_pain_after (lost, 2);
      g_assert_true (salve_session_repo_update_after (db, lost, &error));
      g_assert_no_error (error);
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();

        add_linked_rating (db, id, salve_session_get_id (lost), now, SALVE_DIARY_PHASE_BEFORE, 8);
        add_linked_rating (db, id, salve_session_get_id (lost), now, SALVE_DIARY_PHASE_AFTER, 2);
      }
    }
    /* Imported from a therapist's file: its ratings are only the diary
     * entries linked to it, and they count like any other. */
    {
      g_autoptr(SalveSession) imported = salve_session_new (SALVE_MODALITY_TENS, SALVE_SITE_SHOULDER);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) start = g_date_time_add_days (now, -5);
      g_autoptr(GDateTime) end = g_date_time_add_minutes (start, 30);
      g_autofree char *start_iso = salve_time_format_iso (start);
      g_autofree char *end_iso = salve_time_format_iso (end);

      salve_session_set_profile_id (imported, id);
      g_assert_true (salve_session_repo_create (db, imported, &error));
      g_assert_true (salve_session_repo_mark_started (db, salve_session_get_id (imported), start_iso, &error));
      g_assert_true (salve_session_repo_finish (db, salve_session_get_id (imported), SALVE_SESSION_OUTCOME_COMPLETED,
                                                NULL, end_iso, &error));
      g_assert_no_error (error);
      add_linked_rating (db, id, salve_session_get_id (imported), start, SALVE_DIARY_PHASE_BEFORE, 7);
      add_linked_rating (db, id, salve_session_get_id (imported), end, SALVE_DIARY_PHASE_AFTER, 5);
      salve_session_set_skin_check (imported, SALVE_SKIN_CHECK_DAMAGED);
      g_assert_true (salve_session_repo_update_after (db, imported, &error));
      g_assert_no_error (error);
    }
    salve_session_set_profile_id (crashed, id);
    salve_session_set_device_name (crashed, "Pocket TENS");
    g_assert_true (salve_session_repo_create (db, crashed, &error));
    g_assert_true (salve_session_repo_mark_started (db, salve_session_get_id (crashed), NULL, &error));
    g_assert_no_error (error);
    /* The laser session was practice on the simulator. */
    {
      g_autoptr(SalveStmt) stmt = salve_db_prepare (db, "SELECT id FROM sessions WHERE modality = 'laser'", &error);

      g_assert_true (salve_stmt_step (stmt, &error));
      g_assert_true (salve_session_repo_log (db, salve_stmt_get_int64 (stmt, 0), SALVE_SESSION_EVENT_PRACTICE,
                                             0, "", "", &error));
      g_assert_no_error (error);
    }
  }

  window = salve_test_ui_open_window (app, path, 1000, 720);
  salve_window_show_view (window, "sessions");
  salve_test_ui_iterate ();
  view = salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_SESSIONS_VIEW);
  g_assert_cmpuint (count_history_rows (view), ==, 5);
  g_assert_nonnull (salve_test_ui_find (view, is_row_titled, "Soft laser"));
  {
    GtkWidget *row = salve_test_ui_find (view, is_session_row_titled, "Soft laser");

    /* Practice says so, and is not in the results at a glance; the
     * others are. */
    g_assert_null (salve_test_ui_find (view, is_glance_row_titled, "Soft laser"));
    g_assert_nonnull (salve_test_ui_find (view, is_glance_row_titled, "TENS"));
    g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), "Practice, not counted · "));
    row = salve_test_ui_find (view, is_session_row_titled, "TENS · Knee");
    g_assert_false (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), "Practice"));
    /* The session that never started says so, and its 8 → 2 is not in
     * TENS's figures: only the foot's 6 → 4 is. */
    row = salve_test_ui_find (view, is_session_row_titled, "TENS · Neck · not started, ");
    g_assert_nonnull (row);
    g_assert_true (g_str_has_suffix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                                     "pain 8 → 2 · never started, not counted"));
    row = salve_test_ui_find (view, is_glance_row_titled, "TENS");
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                     "2 sessions with both ratings · -2.0 points");
    g_assert_nonnull (salve_test_ui_find_text (row, GTK_TYPE_LABEL, "6.5 → 4.5"));
    row = salve_test_ui_find (view, is_session_row_titled, "TENS · Shoulder");
    /* A blister after it stands out in the list, with a warning, not a
     * green tick. */
    g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==,
                     "Completed · pain 7 → 5 · Blister, burn or broken skin");
    g_assert_nonnull (salve_test_ui_find (row, has_css_class, "warning"));
    row = salve_test_ui_find (view, is_session_row_titled, "TENS · Foot");
    g_assert_false (g_str_has_suffix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), "not counted"));
  }
  {
    /* the one left running ended as interrupted when Salve opened the database */
    GtkWidget *row = salve_test_ui_find (view, is_row_titled, "TENS · Knee");
    g_assert_nonnull (row);
    g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (gtk_widget_get_ancestor (row, ADW_TYPE_EXPANDER_ROW))),
                                     "Interrupted: Salve was closed"));
  }

  kinds = GTK_DROP_DOWN (salve_test_ui_find (view, is_dropdown_with_item, "All Kinds"));
  devices = GTK_DROP_DOWN (salve_test_ui_find (view, is_dropdown_with_item, "All Devices"));
  g_assert_nonnull (kinds);
  g_assert_nonnull (devices);

  gtk_drop_down_set_selected (kinds, 1 + SALVE_MODALITY_LASER);
  salve_test_ui_iterate ();
  g_assert_cmpuint (count_history_rows (view), ==, 1);

  gtk_drop_down_set_selected (kinds, 0);
  /* "Pocket TENS", then the practice session's "Practice stimulator", the
   * name its export gives it too, whatever it was recorded with. */
  gtk_drop_down_set_selected (devices, 1);
  salve_test_ui_iterate ();
  g_assert_cmpuint (count_history_rows (view), ==, 3);
  g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (gtk_drop_down_get_selected_item (devices))), ==,
                   "Pocket TENS");

  gtk_drop_down_set_selected (kinds, 1 + SALVE_MODALITY_LASER);
  salve_test_ui_iterate ();
  g_assert_cmpuint (count_history_rows (view), ==, 0);
  g_assert_nonnull (salve_test_ui_find (view, is_row_titled, "No sessions match these filters."));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* Only with SALVE_SCREENSHOT_DIR: the documentation's pictures, with the
 * real durations and doses and a few weeks of history. */
/* Whether the row titled @title is the chosen one of its radio group. */
static gboolean
row_is_chosen (GtkWidget  *root,
               const char *title)
{
  GtkWidget *row = salve_test_ui_find (root, is_row_titled, title);
  GtkWidget *check;

  g_assert_nonnull (row);
  check = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  return gtk_check_button_get_active (GTK_CHECK_BUTTON (check));
}

static gboolean
is_visible_label (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* The label beside the device row titled @title: why it may not be used
 * here, or NULL when it may. */
static const char *
device_mark (SalveSessionAssistant *assistant,
             const char            *title)
{
  GtkWidget *row = salve_test_ui_find (visible_page (assistant), is_row_titled, title);

  g_assert_nonnull (row);
  if (salve_test_ui_find (row, is_visible_label, "Never allowed here") != NULL)
    return "Never allowed here";
  if (salve_test_ui_find (row, is_visible_label, "Not allowed for you") != NULL)
    return "Not allowed for you";

  return NULL;
}

/* The glove program is the first for TENS. Once the lower back is where
 * it hurts, it is not offered and the preparation is not the glove's,
 * its picture gone; for the hand, both are there. */
static void
test_preparation_follows_site (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestSite", G_APPLICATION_NON_UNIQUE);
  g_autofree char *db = g_build_filename (tmpdir, "site.db", NULL);
  const char *glove = "TENS for neuropathic pain in hand or foot";
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *picture;

  setup_database (db);
  window = salve_test_ui_open_window (app, db, 1000, 720);
  assistant = open_at (window, SALVE_SITE_LOWER_BACK);

  choose_row (GTK_WIDGET (assistant), "Practice stimulator");
  g_assert_null (salve_test_ui_find (visible_page (assistant), is_row_titled, glove));
  g_assert_true (row_is_chosen (visible_page (assistant), "TENS, high frequency"));

  next (assistant, "prepare");
  g_assert_null (salve_test_ui_find (visible_page (assistant), is_row_titled, "Pull the glove over your hand"));
  g_assert_null (salve_test_ui_find (visible_page (assistant), is_row_titled, "Dip the glove"));
  g_assert_nonnull (salve_test_ui_find (visible_page (assistant), is_row_titled, "Place two electrodes on either side"));
  picture = salve_test_ui_find_type (visible_page (assistant), SALVE_TYPE_PLACEMENT_PICTURE);
  g_assert_true (picture == NULL || !gtk_widget_is_visible (picture));

  /* Back to where it hurts: the hand, and the glove and its picture
   * come back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.back", NULL));
  salve_test_ui_iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.back", NULL));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "site");
  choose_site (assistant, SALVE_SITE_HAND);
  next (assistant, "device");
  g_assert_true (row_is_chosen (visible_page (assistant), "Practice stimulator"));
  choose_row (GTK_WIDGET (assistant), glove);
  next (assistant, "prepare");
  g_assert_nonnull (salve_test_ui_find (visible_page (assistant), is_row_titled, "Pull the glove over your hand"));
  picture = salve_test_ui_find_type (visible_page (assistant), SALVE_TYPE_PLACEMENT_PICTURE);
  g_assert_nonnull (picture);
  g_assert_true (gtk_widget_is_visible (picture));

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static void answer (const char     *path,
                    const char     *name,
                    SalveCondition  condition,
                    SalveAnswer     value);

/* The assistant starts from where it hurts: step 1 is the site, with
 * nothing chosen and Next off until it is; then only the programs that
 * fit the site are offered, and a device blocked for the person says why
 * there, beside the safety check. */
static void
test_site_first (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestSiteFirst", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "site-first.db", NULL);
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *picker;
  GtkWidget *row;

  setup_database (path);
  answer (path, "Anna", SALVE_CONDITION_PACEMAKER, SALVE_ANSWER_YES);
  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_assistant (window);

  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "site");
  picker = salve_test_ui_find_type (visible_page (assistant), SALVE_TYPE_BODY_PICKER);
  g_assert_nonnull (picker);
  g_assert_cmpint (salve_body_picker_get_site (SALVE_BODY_PICKER (picker)), ==, SALVE_N_SITES);
  g_assert_true (gtk_widget_get_focusable (picker));
  g_assert_null (salve_test_ui_find (visible_page (assistant), is_row_titled, "Practice stimulator"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL) &&
                  !g_str_equal (salve_session_assistant_get_step (assistant), "site"));
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "site");

  /* The foot: the glove program fits, the elbow laser program does not.
   * Taken with a click it stays on the step, its findings to be read;
   * Return on the picture goes on, as Next does. */
  choose_site (assistant, SALVE_SITE_FOOT);
  g_signal_emit_by_name (picker, "activated", FALSE);
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "site");
  g_signal_emit_by_name (picker, "activated", TRUE);
  {
    StepWait wait = { assistant, "device" };

    g_assert_true (salve_test_ui_wait (step_is, &wait, 5000));
  }
  choose_row (GTK_WIDGET (assistant), "Personal Laser L400");
  g_assert_null (device_mark (assistant, "Personal Laser L400"));
  g_assert_null (salve_test_ui_find (visible_page (assistant), is_row_titled, "Soft laser for tennis elbow"));

  /* TENS is marked with its reason: not for her, with a pacemaker. */
  g_assert_cmpstr (device_mark (assistant, "Practice stimulator"), ==, "Not allowed for you");
  row = salve_test_ui_find (visible_page (assistant), is_row_titled, "Practice stimulator");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            salve_condition_get_name (SALVE_CONDITION_PACEMAKER)));
  choose_row (GTK_WIDGET (assistant), "Practice stimulator");
  g_assert_nonnull (salve_test_ui_find (visible_page (assistant), is_row_titled, "TENS for neuropathic pain in hand or foot"));
  g_assert_null (salve_test_ui_find (visible_page (assistant), is_row_titled, "NMES, muscle strengthening"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL) &&
                  !g_str_equal (salve_session_assistant_get_step (assistant), "device"));
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "device");

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static gboolean
is_save_program_button (GtkWidget     *widget,
                        gconstpointer  data)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "assistant.save-program") == 0;
}

static GtkWidget *
focus_of (SalveSessionAssistant *assistant)
{
  return gtk_window_get_focus (GTK_WINDOW (assistant));
}

static gboolean
focus_is_next (SalveSessionAssistant *assistant)
{
  GtkWidget *focus = focus_of (assistant);

  return GTK_IS_ACTIONABLE (focus) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), "assistant.next") == 0;
}

/* A button pressed with Return is clicked a moment later, as GTK shows
 * it pressed: until the step is reached, or a dialog opened instead. */
static gboolean
step_or_dialog (gpointer data)
{
  return step_is (data) || salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Shift+Tab until the focus is on Next; FALSE after ten. */
static gboolean
shift_tab_to_next (SalveSessionAssistant *assistant)
{
  for (guint i = 0; i < 10; i++)
    {
      if (focus_is_next (assistant))
        return TRUE;
      g_assert_true (salve_test_ui_press (GTK_WIDGET (assistant), GDK_KEY_Tab, GDK_SHIFT_MASK));
    }
  return FALSE;
}

/* By keyboard alone, as a person with a sore wrist went: each step that
 * opens has the focus on its first sensible control, or on Next, in
 * sight. The preparation opened on Save as Program…, unseen: the next
 * Return asked to save the program, the one after saved it again. */
static void
test_keyboard_steps (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestKeyboardSteps",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "keyboard-steps.db", NULL);
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *picker;
  StepWait wait;

  setup_database (path);
  window = salve_test_ui_open_window (app, path, 1000, 720);
  g_assert_true (salve_test_ui_press (GTK_WIDGET (window), GDK_KEY_r, GDK_CONTROL_MASK));
  salve_test_ui_iterate ();
  assistant = SALVE_SESSION_ASSISTANT (salve_test_ui_find_toplevel (SALVE_TYPE_SESSION_ASSISTANT));
  g_assert_nonnull (assistant);

  /* 1: the body, where the site is chosen. */
  picker = salve_test_ui_find_type (visible_page (assistant), SALVE_TYPE_BODY_PICKER);
  g_assert_true (focus_of (assistant) == picker);
  choose_site (assistant, SALVE_SITE_HAND);
  g_assert_true (shift_tab_to_next (assistant));
  g_assert_true (salve_test_ui_press (GTK_WIDGET (assistant), GDK_KEY_Return, 0));
  wait = (StepWait) { assistant, "device" };
  g_assert_true (salve_test_ui_wait (step_is, &wait, 5000));

  /* 2: the device chosen. */
  choose_row (GTK_WIDGET (assistant), "Practice stimulator");
  choose_row (GTK_WIDGET (assistant), "TENS for neuropathic pain in hand or foot");
  gtk_window_set_focus_visible (GTK_WINDOW (assistant), FALSE);
  g_assert_true (shift_tab_to_next (assistant));
  g_assert_true (salve_test_ui_press (GTK_WIDGET (assistant), GDK_KEY_Return, 0));
  wait = (StepWait) { assistant, "prepare" };
  g_assert_true (salve_test_ui_wait (step_is, &wait, 5000));
  salve_test_ui_iterate ();

  /* 3: nothing to do here but read: Next, not Save as Program… */
  g_assert_nonnull (salve_test_ui_find (visible_page (assistant), is_save_program_button, NULL));
  g_assert_false (is_save_program_button (focus_of (assistant), NULL));
  g_assert_true (focus_is_next (assistant));
  g_assert_true (salve_test_ui_press (GTK_WIDGET (assistant), GDK_KEY_Return, 0));
  wait = (StepWait) { assistant, "pain-before" };
  salve_test_ui_wait (step_or_dialog, &wait, 5000);
  g_assert_null (salve_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "pain-before");

  /* 4: the pain to rate; Start Session is not pressable yet. Reached
   * with a click (no key shows the focus), the focus still shows. */
  g_assert_true (gtk_widget_is_ancestor (focus_of (assistant), visible_page (assistant)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.back", NULL));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "prepare");
  g_assert_true (focus_is_next (assistant));
  gtk_window_set_focus_visible (GTK_WINDOW (assistant), FALSE);
  next (assistant, "pain-before");
  g_assert_true (gtk_widget_is_ancestor (focus_of (assistant), visible_page (assistant)));
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (assistant)));

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* A care plan for the lower back: the session starts there, Next
 * ready; the region can still be changed. */
static void
test_site_from_care_plan (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestPlanSite", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "plan-site.db", NULL);
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *picker;

  setup_database (path);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (db, "Anna", &error);
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(SalveCarePlan) plan = NULL;
    GDate start;

    salve_time_get_date (now, &start);
    plan = salve_care_plan_new (&start);
    plan->profile_id = salve_profile_get_id (anna);
    g_free (plan->site);
    plan->site = g_strdup (salve_site_to_id (SALVE_SITE_LOWER_BACK));
    g_assert_true (salve_care_plan_repo_save (db, plan, &error));
    g_assert_no_error (error);
  }
  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_assistant (window);

  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "site");
  picker = salve_test_ui_find_type (visible_page (assistant), SALVE_TYPE_BODY_PICKER);
  g_assert_cmpint (salve_body_picker_get_site (SALVE_BODY_PICKER (picker)), ==, SALVE_SITE_LOWER_BACK);
  choose_site (assistant, SALVE_SITE_FOOT);
  next (assistant, "device");
  g_assert_cmpint (salve_treatment_get_site (salve_session_state_get_treatment (assistant->state)), ==,
                   SALVE_SITE_FOOT);

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* The device list opens on the device of the latest session, with its
 * program, not on the alphabetically first. */
static void
test_opens_on_usual_device (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestUsual", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "usual.db", NULL);
  SalveSessionAssistant *assistant;
  SalveWindow *window;

  setup_database (path);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (db, "Anna", &error);
    g_autoptr(SalveDevice) zeta = salve_device_new ("Zeta TENS", SALVE_MODALITY_TENS);

    zeta->connection = g_strdup ("manual");
    g_assert_true (salve_device_repo_add (db, zeta, &error));
    g_assert_no_error (error);
    add_past_session (db, salve_profile_get_id (anna), SALVE_MODALITY_LASER, SALVE_SITE_ELBOW, "Personal Laser L400",
                      "laser-lateral-epicondylitis", 9, 5, 4);
    add_past_session (db, salve_profile_get_id (anna), SALVE_MODALITY_TENS, SALVE_SITE_LOWER_BACK, "Zeta TENS",
                      "tens-low-frequency", 2, 6, 3);
  }

  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_at (window, SALVE_SITE_LOWER_BACK);
  g_assert_false (row_is_chosen (visible_page (assistant), "Personal Laser L400"));
  g_assert_true (row_is_chosen (visible_page (assistant), "Zeta TENS"));
  g_assert_true (row_is_chosen (visible_page (assistant), "TENS, low frequency"));
  gtk_window_destroy (GTK_WINDOW (assistant));

  /* Without sessions: the first, as before. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveProfile) bram = salve_profile_repo_add (db, "Bram", &error);

    g_assert_no_error (error);
    for (SalveCondition c = 0; c < SALVE_N_CONDITIONS; c++)
      g_assert_true (salve_condition_repo_set (db, salve_profile_get_id (bram), c, SALVE_ANSWER_NO,
                                               SALVE_N_SITES, "Bram", &error));
    salve_window_set_profile (window, bram);
  }
  salve_test_ui_iterate ();
  assistant = open_at (window, SALVE_SITE_KNEE);
  g_assert_true (row_is_chosen (visible_page (assistant), "Personal Laser L400"));

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static void
answer (const char     *path,
        const char     *name,
        SalveCondition  condition,
        SalveAnswer     value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (path, &error);
  g_autoptr(SalveProfile) profile = salve_profile_repo_find_by_name (db, name, &error);

  g_assert_no_error (error);
  g_assert_true (salve_condition_repo_set (db, salve_profile_get_id (profile), condition, value,
                                           SALVE_N_SITES, "Bram", &error));
}

/* With a pacemaker, TENS and NMES are marked at step 2 for the site with
 * the reason, Next stays off, and laser is named as allowed. A site never
 * allowed for the modality (the back of the neck for TENS) reads
 * differently from one not allowed for this person. */
static void
test_blocked_device (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestBlocked", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "blocked.db", NULL);
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *group;

  setup_database (path);
  answer (path, "Anna", SALVE_CONDITION_PACEMAKER, SALVE_ANSWER_YES);
  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_at (window, SALVE_SITE_KNEE);

  choose_row (GTK_WIDGET (assistant), "Practice stimulator");
  g_assert_cmpstr (device_mark (assistant, "Practice stimulator"), ==, "Not allowed for you");
  g_assert_cmpstr (device_mark (assistant, "Practice NMES stimulator"), ==, "Not allowed for you");
  g_assert_null (device_mark (assistant, "Personal Laser L400"));
  group = salve_test_ui_find (visible_page (assistant), is_row_titled, "TENS must not be used with an implanted pacemaker");
  g_assert_nonnull (group);
  group = gtk_widget_get_ancestor (gtk_widget_get_ancestor (group, SALVE_TYPE_FINDINGS_LIST), ADW_TYPE_PREFERENCES_GROUP);
  g_assert_nonnull (group);
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==, "Allowed here for you instead: Soft laser.");
  /* A screen reader hears the verdict on the finding and on the device
   * that has the focus, not only in red beside them. */
  assert_accessible_starts (salve_test_ui_find (visible_page (assistant), is_row_titled,
                                                "TENS must not be used with an implanted pacemaker"),
                            GTK_ACCESSIBLE_PROPERTY_LABEL, "Not allowed for you: TENS must not be used");
  assert_accessible_starts (row_check (visible_page (assistant), "Practice stimulator"),
                            GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Blocked: TENS must not be used");
  /* answered: nothing to answer */
  {
    GtkWidget *button = salve_test_ui_find_text (visible_page (assistant), GTK_TYPE_BUTTON, "_Answer Open Questions");
    g_assert_true (button == NULL || !gtk_widget_is_visible (button));
  }
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL) &&
                  !g_str_equal (salve_session_assistant_get_step (assistant), "device"));
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "device");

  /* The laser is not marked, and goes on once its caution is read. */
  choose_row (GTK_WIDGET (assistant), "Personal Laser L400");
  g_assert_true (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)) == NULL ||
                 *adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)) == '\0');
  assert_accessible_starts (row_check (visible_page (assistant), "Personal Laser L400"),
                            GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Caution: ");
  acknowledge (assistant);
  next (assistant, "prepare");
  gtk_window_destroy (GTK_WINDOW (assistant));

  /* No pacemaker: TENS on the back of the neck is never allowed, the
   * lower back during pregnancy not allowed for her. */
  answer (path, "Anna", SALVE_CONDITION_PACEMAKER, SALVE_ANSWER_NO);
  answer (path, "Anna", SALVE_CONDITION_PREGNANCY, SALVE_ANSWER_YES);
  assistant = open_at (window, SALVE_SITE_KNEE);
  choose_row (GTK_WIDGET (assistant), "Practice stimulator");
  /* PEMF is not allowed during pregnancy, TENS is, elsewhere than the belly */
  g_assert_null (device_mark (assistant, "Practice stimulator"));
  g_assert_cmpstr (device_mark (assistant, "Another PEMF device"), ==, "Not allowed for you");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.back", NULL));
  salve_test_ui_iterate ();
  choose_site (assistant, SALVE_SITE_NECK);
  next (assistant, "device");
  g_assert_cmpstr (device_mark (assistant, "Practice stimulator"), ==, "Never allowed here");
  g_assert_nonnull (salve_test_ui_find (visible_page (assistant), is_visible_label, "Never allowed here"));
  g_assert_cmpstr (device_mark (assistant, "Personal Laser L400"), ==, NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.back", NULL));
  salve_test_ui_iterate ();
  /* Red on the drawing (no device may go on the eye during pregnancy),
   * in words for a screen reader. */
  choose_site (assistant, SALVE_SITE_EYE);
  {
    g_autofree char *name = g_strdup_printf ("Body region: %s, Blocked", salve_site_get_name (SALVE_SITE_EYE));

    assert_accessible_starts (salve_test_ui_find_type (visible_page (assistant), SALVE_TYPE_BODY_PICKER),
                              GTK_ACCESSIBLE_PROPERTY_LABEL, name);
  }
  choose_site (assistant, SALVE_SITE_LOWER_BACK);
  next (assistant, "device");
  g_assert_cmpstr (device_mark (assistant, "Practice stimulator"), ==, "Not allowed for you");
  g_assert_null (salve_test_ui_find (visible_page (assistant), is_visible_label, "Never allowed here"));

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* A reminder for another patient while a session assistant is open (or
 * a diary entry dialog) brings the open window to the front and leaves
 * the main window on its patient: no second assistant over the first,
 * no header naming one patient over another's session. The assistant
 * and the dialog name their patient. */
static void
test_other_patient_while_open (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestOtherPatient", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "other-patient.db", NULL);
  SalveSessionAssistant *assistant;
  SalveDiaryEntryDialog *dialog;
  SalveWindow *window;
  guint n_assistants = 0;
  GListModel *toplevels;

  setup_database (path);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveProfile) bram = salve_profile_repo_add (db, "Bram", &error);

    g_assert_no_error (error);
  }
  window = salve_test_ui_open_window (app, path, 1000, 720);
  {
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (salve_window_get_db (window), "Anna", NULL);

    g_assert_nonnull (anna);
    salve_window_set_profile (window, anna);
  }

  assistant = open_assistant (window);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (assistant)), ==, "New Session for Anna");
  g_action_group_activate_action (G_ACTION_GROUP (app), "start-session", g_variant_new_string ("Bram"));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_profile_get_name (salve_window_get_profile (window)), ==, "Anna");
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      n_assistants += SALVE_IS_SESSION_ASSISTANT (item) && gtk_widget_get_visible (GTK_WIDGET (item));
    }
  g_assert_cmpuint (n_assistants, ==, 1);
  gtk_window_destroy (GTK_WINDOW (assistant));
  salve_test_ui_iterate ();

  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-diary-entry", NULL);
  dialog = salve_test_ui_wait_entry_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (salve_test_ui_find_text (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "Anna"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-diary", g_variant_new_string ("Bram"));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_profile_get_name (salve_window_get_profile (window)), ==, "Anna");
  gtk_window_destroy (GTK_WINDOW (dialog));
  salve_test_ui_iterate ();

  /* With nothing open, the reminder's patient comes. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-diary", g_variant_new_string ("Bram"));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_profile_get_name (salve_window_get_profile (window)), ==, "Bram");

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* A block that comes from unanswered questions offers to answer them:
 * the checklist opens in the main window. */
static void
test_blocked_by_open_questions (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestOpenQuestions", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "open-questions.db", NULL);
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *button;
  GtkWidget *checklist;

  setup_database (path);
  answer (path, "Anna", SALVE_CONDITION_EPILEPSY, SALVE_ANSWER_UNKNOWN);
  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_at (window, SALVE_SITE_KNEE);

  choose_row (GTK_WIDGET (assistant), "Practice stimulator");
  /* Epilepsy answered "Not sure", said as such (not as never answered):
   * still an open question. */
  g_assert_nonnull (salve_test_ui_find (visible_page (assistant), is_row_titled,
                                        "Answered “Not sure”: “Do you have epilepsy"));
  g_assert_null (salve_test_ui_find (visible_page (assistant), is_row_titled, "Not answered yet"));
  button = salve_test_ui_find_text (visible_page (assistant), GTK_TYPE_BUTTON, "_Answer Open Questions");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_visible (button));

  g_signal_emit_by_name (button, "clicked");
  salve_test_ui_iterate ();
  g_assert_null (salve_test_ui_find_toplevel (SALVE_TYPE_SESSION_ASSISTANT));
  checklist = salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_CHECKLIST_VIEW);
  g_assert_nonnull (checklist);
  g_assert_true (gtk_widget_get_mapped (checklist));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

static gboolean
is_group_titled (GtkWidget     *widget,
                 gconstpointer  data)
{
  return ADW_IS_PREFERENCES_GROUP (widget) &&
         g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), data) == 0;
}

/* A checklist nobody has answered yet leaves the whole body red at step
 * 1: the step says why (every question still open counts as a yes) and
 * offers to answer them, before the picture. With the answers given,
 * nothing of it shows. */
static void
test_site_all_red_says_why (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestAllRed", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "all-red.db", NULL);
  g_autofree char *count = g_strdup_printf ("%u questions of the checklist are open", SALVE_N_CONDITIONS);
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *group;
  GtkWidget *button;
  GtkWidget *checklist;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_add (db, "Anna", &error);

    g_assert_no_error (error);
  }
  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_assistant (window);
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "site");

  group = salve_test_ui_find (visible_page (assistant), is_group_titled, "Every Region Is Red");
  g_assert_nonnull (group);
  g_assert_true (gtk_widget_is_visible (group));
  g_test_message ("%s", adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), count));
  button = salve_test_ui_find_text (group, GTK_TYPE_BUTTON, "_Answer Open Questions");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_visible (button));

  g_signal_emit_by_name (button, "clicked");
  salve_test_ui_iterate ();
  g_assert_null (salve_test_ui_find_toplevel (SALVE_TYPE_SESSION_ASSISTANT));
  checklist = salve_test_ui_find_type (GTK_WIDGET (window), SALVE_TYPE_CHECKLIST_VIEW);
  g_assert_nonnull (checklist);
  g_assert_true (gtk_widget_get_mapped (checklist));

  /* Answered (all "no" but a pacemaker): TENS is out, the laser is not. */
  for (SalveCondition c = 0; c < SALVE_N_CONDITIONS; c++)
    answer (path, "Anna", c, c == SALVE_CONDITION_PACEMAKER ? SALVE_ANSWER_YES : SALVE_ANSWER_NO);
  assistant = open_assistant (window);
  group = salve_test_ui_find (visible_page (assistant), is_group_titled, "Every Region Is Red");
  g_assert_nonnull (group);
  g_assert_false (gtk_widget_is_visible (group));

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* A completed TENS session on @site on the manual "Zeta TENS": 14 mA,
 * 4 Hz, 25 minutes planned (the program says 15 mA, 10 Hz, 30 minutes),
 * the low frequency program. Returns its id. */
static gint64
add_last_session (const char *path,
                  SalveSite   site,
                  int         days_ago)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SalveDb) db = salve_db_open (path, &error);
  g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (db, "Anna", &error);
  g_autoptr(GPtrArray) devices = salve_device_repo_list (db, &error);
  g_autoptr(SalveSession) s = salve_session_new (SALVE_MODALITY_TENS, site);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = g_date_time_add_days (now, -days_ago);
  g_autoptr(GDateTime) end = g_date_time_add_minutes (start, 30);
  g_autofree char *start_iso = salve_time_format_iso (start);
  g_autofree char *end_iso = salve_time_format_iso (end);
  gboolean has_zeta = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < devices->len; i++)
    has_zeta |= g_str_equal (((SalveDevice *) g_ptr_array_index (devices, i))->name, "Zeta TENS");
  if (!has_zeta)
    {
      g_autoptr(SalveDevice) zeta = salve_device_new ("Zeta TENS", SALVE_MODALITY_TENS);

      zeta->connection = g_strdup ("manual");
      g_assert_true (salve_device_repo_add (db, zeta, &error));
    }

  salve_session_set_profile_id (s, salve_profile_get_id (anna));
  salve_session_set_device_name (s, "Zeta TENS");
  salve_session_set_program (s, "tens-low-frequency");
  salve_session_set_param (s, "intensity-ma", 14);
  salve_session_set_param (s, "frequency-hz", 4);
  salve_session_set_planned_minutes (s, 25);
  salve_session_set_pain_before (s, 6);
  g_assert_true (salve_session_repo_create (db, s, &error));
  g_assert_true (salve_session_repo_mark_started (db, salve_session_get_id (s), start_iso, &error));
  g_assert_true (salve_session_repo_finish (db, salve_session_get_id (s), SALVE_SESSION_OUTCOME_COMPLETED, NULL,
                                            end_iso, &error));
  g_assert_no_error (error);

  return salve_session_get_id (s);
}

static gboolean
is_repeat_button (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_is_visible (widget) &&
         g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (widget)) ?: "", "Repeat Last");
}

/* The value in the preparation's field for @id. */
static double
planned (SalveSessionAssistant *assistant,
         const char            *id)
{
  GtkWidget *spin;

  spin = salve_test_ui_find (visible_page (assistant), is_param_spin, id);
  g_assert_nonnull (spin);
  return gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin));
}

/* The last session is offered at step 1, and leads to the preparation
 * with its device, program, site and values, through the safety check. */
static void
test_repeat_last (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestRepeat", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "repeat.db", NULL);
  g_autofree char *label = NULL;
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *button;

  setup_database (path);
  add_last_session (path, SALVE_SITE_SHOULDER, 1);
  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_at (window, SALVE_SITE_KNEE);

  /* Another site and device first: the repeat chooses the last ones
   * again. */
  choose_row (GTK_WIDGET (assistant), "Personal Laser L400");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.back", NULL));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "site");
  button = salve_test_ui_find (visible_page (assistant), is_repeat_button, NULL);
  g_assert_nonnull (button);
  label = g_strdup_printf ("Repeat Last: %s · %s · 25 min", salve_modality_get_name (SALVE_MODALITY_TENS),
                           salve_site_get_name (SALVE_SITE_SHOULDER));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, label);
  g_assert_true (gtk_widget_get_focusable (button));

  g_signal_emit_by_name (button, "clicked");
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "prepare");
  g_assert_true (row_is_chosen (GTK_WIDGET (assistant), "Zeta TENS"));
  g_assert_true (row_is_chosen (GTK_WIDGET (assistant), "TENS, low frequency"));
  g_assert_cmpfloat (planned (assistant, "intensity-ma"), ==, 14);
  g_assert_cmpfloat (planned (assistant, "minutes"), ==, 25);
  {
    GtkWidget *row = salve_test_ui_find (visible_page (assistant), is_row_titled,
                                         salve_param_get_name (SALVE_PARAM_FREQUENCY_HZ));
    g_assert_nonnull (row);
    g_assert_nonnull (salve_test_ui_find (row, is_visible_label, "4 Hz"));
  }

  /* Back at the first step: the shoulder, checked as when chosen by hand. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.back", NULL));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "device");
  g_assert_true (row_is_chosen (visible_page (assistant), "Zeta TENS"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.back", NULL));
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "site");
  {
    GtkWidget *picker = salve_test_ui_find_type (visible_page (assistant), SALVE_TYPE_BODY_PICKER);
    g_assert_cmpint (salve_body_picker_get_site (SALVE_BODY_PICKER (picker)), ==, SALVE_SITE_SHOULDER);
    /* The focus on the body, not on Repeat Last above it. */
    g_assert_true (gtk_window_get_focus (GTK_WINDOW (assistant)) == picker);
  }
  next (assistant, "device");
  g_assert_true (row_is_chosen (visible_page (assistant), "TENS, low frequency"));
  next (assistant, "prepare");
  g_assert_cmpfloat (planned (assistant, "intensity-ma"), ==, 14);
  next (assistant, "pain-before");

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* Nothing to repeat: no session yet, or only practice. */
static void
test_repeat_last_none (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestRepeatNone", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "repeat-none.db", NULL);
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  gint64 id;

  setup_database (path);
  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_assistant (window);
  g_assert_null (salve_test_ui_find (GTK_WIDGET (assistant), is_repeat_button, NULL));
  gtk_window_destroy (GTK_WINDOW (assistant));
  salve_test_ui_iterate ();

  id = add_last_session (path, SALVE_SITE_SHOULDER, 1);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) db = salve_db_open (path, &error);

    g_assert_true (salve_session_repo_log (db, id, SALVE_SESSION_EVENT_PRACTICE, 0, "", "", &error));
    g_assert_no_error (error);
  }
  assistant = open_assistant (window);
  g_assert_null (salve_test_ui_find (GTK_WIDGET (assistant), is_repeat_button, NULL));

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* A session on the simulated stimulator from before practice was marked,
 * recorded with its English name: after a change of language, Repeat Last
 * still finds the simulator, by what does not change with the language. */
static void
test_repeat_last_simulated_after_language_change (void)
{
  g_autoptr(SalveApplication) app = NULL;
  g_autofree char *path = NULL;
  g_autofree char *po = NULL;
  g_autofree char *label = NULL;
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *button;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  po = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
  g_setenv ("LANGUAGE", "nl", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, po);
  /* The catalogue is there: the simulator has another name now. */
  g_assert_cmpstr (_("Practice stimulator"), !=, "Practice stimulator");

  app = salve_application_new ("io.github.salve.Salve.TestRepeatSimulated", G_APPLICATION_NON_UNIQUE);
  path = g_build_filename (tmpdir, "repeat-simulated.db", NULL);
  setup_database (path);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (db, "Anna", &error);

    add_past_session (db, salve_profile_get_id (anna), SALVE_MODALITY_TENS, SALVE_SITE_KNEE, "Simulated stimulator",
                      "tens-low-frequency", 1, 6, 3);
  }

  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_assistant (window);
  label = g_strdup_printf (_("Repeat Last: %s · %s · %.0f min"), salve_modality_get_name (SALVE_MODALITY_TENS),
                           salve_site_get_name (SALVE_SITE_KNEE), 30.0);
  button = salve_test_ui_find_text (visible_page (assistant), GTK_TYPE_BUTTON, label);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_visible (button));

  g_signal_emit_by_name (button, "clicked");
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "prepare");
  g_assert_true (row_is_chosen (GTK_WIDGET (assistant), _("Practice stimulator")));

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

/* What the checklist blocks now stops the repeat with the reason, at the
 * device for the site: a pacemaker, a pregnancy for the lower back. */
static void
test_repeat_last_blocked (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestRepeatBlocked", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "repeat-blocked.db", NULL);
  SalveSessionAssistant *assistant;
  SalveWindow *window;
  GtkWidget *button;

  setup_database (path);
  add_last_session (path, SALVE_SITE_LOWER_BACK, 1);
  answer (path, "Anna", SALVE_CONDITION_PACEMAKER, SALVE_ANSWER_YES);
  window = salve_test_ui_open_window (app, path, 1000, 720);
  assistant = open_assistant (window);

  button = salve_test_ui_find (visible_page (assistant), is_repeat_button, NULL);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "device");
  g_assert_true (row_is_chosen (GTK_WIDGET (assistant), "Zeta TENS"));
  g_assert_cmpstr (device_mark (assistant, "Zeta TENS"), ==, "Not allowed for you");
  g_assert_nonnull (salve_test_ui_find (visible_page (assistant), is_row_titled,
                                        "TENS must not be used with an implanted pacemaker"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL) &&
                  !g_str_equal (salve_session_assistant_get_step (assistant), "device"));
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "device");
  gtk_window_destroy (GTK_WINDOW (assistant));
  salve_test_ui_iterate ();

  /* TENS is allowed again, the lower back during pregnancy is not: the
   * repeat stops at the device for that site, the block shown. */
  answer (path, "Anna", SALVE_CONDITION_PACEMAKER, SALVE_ANSWER_NO);
  answer (path, "Anna", SALVE_CONDITION_PREGNANCY, SALVE_ANSWER_YES);
  assistant = open_assistant (window);
  button = salve_test_ui_find (visible_page (assistant), is_repeat_button, NULL);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  salve_test_ui_iterate ();
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "device");
  g_assert_cmpstr (device_mark (assistant, "Zeta TENS"), ==, "Not allowed for you");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL) &&
                  !g_str_equal (salve_session_assistant_get_step (assistant), "device"));
  g_assert_cmpstr (salve_session_assistant_get_step (assistant), ==, "device");

  gtk_window_destroy (GTK_WINDOW (assistant));
  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

typedef struct
{
  GtkWidget *widget;
  int        width;
  int        height;
} SizeWait;

static gboolean
has_size (gpointer data)
{
  SizeWait *wait = data;

  return gtk_widget_get_width (wait->widget) == wait->width && gtk_widget_get_height (wait->widget) == wait->height;
}

/* A picture of the assistant at each window size the documentation
 * shows: a laptop's 1366 × 768 and a small 800 × 600. */
static void
shoot (SalveSessionAssistant *assistant,
       const char            *name)
{
  static const int sizes[][2] = { { 1366, 768 }, { 800, 600 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      SizeWait wait = { GTK_WIDGET (assistant), sizes[i][0], sizes[i][1] };
      g_autofree char *file = g_strdup_printf ("%s-%dx%d", name, sizes[i][0], sizes[i][1]);

      /* The default size counts the window's shadow too: grown by it,
       * the window itself has the size. */
      gtk_window_set_default_size (GTK_WINDOW (assistant), sizes[i][0], sizes[i][1]);
      if (!salve_test_ui_wait (has_size, &wait, 3000))
        {
          gtk_window_set_default_size (GTK_WINDOW (assistant),
                                       2 * sizes[i][0] - gtk_widget_get_width (wait.widget),
                                       2 * sizes[i][1] - gtk_widget_get_height (wait.widget));
          if (!salve_test_ui_wait (has_size, &wait, 3000))
            g_test_message ("%s is %d × %d", file, gtk_widget_get_width (wait.widget),
                            gtk_widget_get_height (wait.widget));
        }
      salve_test_ui_screenshot (GTK_WIDGET (assistant), file);
    }
}

static void
test_screenshots (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestShots", G_APPLICATION_NON_UNIQUE);
  g_autofree char *path = g_build_filename (tmpdir, "shots.db", NULL);
  SalveSessionAssistant *assistant;
  SalveWindow *window;

  setup_database (path);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SalveDb) db = salve_db_open (path, &error);
    g_autoptr(SalveProfile) anna = salve_profile_repo_find_by_name (db, "Anna", &error);
    gint64 id = salve_profile_get_id (anna);

    /* the laser of the pictures is a 100 mW one: 4 J is 40 s a point */
    set_laser_power (path, 100);
    add_past_session (db, id, SALVE_MODALITY_LASER, SALVE_SITE_ELBOW, "Personal Laser L400",
                      "laser-lateral-epicondylitis", 16, 5, 4);
    add_past_session (db, id, SALVE_MODALITY_LASER, SALVE_SITE_ELBOW, "Personal Laser L400",
                      "laser-lateral-epicondylitis", 15, 5, 3);
    for (int d = 14; d >= 1; d -= 3)
      add_past_session (db, id, SALVE_MODALITY_TENS, SALVE_SITE_KNEE, "Practice stimulator",
                        "tens-high-frequency", d, 6 + d % 2, 3 + d % 3);
  }

  window = salve_test_ui_open_window (app, path, 1000, 720);

  /* Finding 1: the lower back, chosen first, never gets the glove. */
  assistant = open_assistant (window);
  choose_site (assistant, SALVE_SITE_LOWER_BACK);
  shoot (assistant, "session-1-site");
  next (assistant, "device");
  choose_row (GTK_WIDGET (assistant), _("Practice stimulator"));
  shoot (assistant, "session-2-device");
  next (assistant, "prepare");
  shoot (assistant, "session-3-prepare");
  next (assistant, "pain-before");
  press_pain (assistant, 7);
  shoot (assistant, "session-4-pain-before");
  next (assistant, "run");
  spin_for (4000);
  shoot (assistant, "session-5-run");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.stop", NULL));
  {
    StepWait wait = { assistant, "after" };

    /* the device stops before the questions after are shown */
    g_assert_true (salve_test_ui_wait (step_is, &wait, 10000));
  }
  answer_after (assistant, 4, "Warm back afterwards, slept better.");
  shoot (assistant, "session-6-after");
  next (assistant, NULL);

  assistant = open_at (window, SALVE_SITE_ELBOW);
  choose_row (GTK_WIDGET (assistant), "Personal Laser L400");
  acknowledge (assistant);
  shoot (assistant, "session-2-device-laser");
  next (assistant, "prepare");
  protect_eyes (assistant);
  shoot (assistant, "session-3-prepare-laser");
  next (assistant, "pain-before");
  press_pain (assistant, 5);
  next (assistant, "run");
  spin_for (2500);
  shoot (assistant, "session-5-run-laser");
  gtk_window_destroy (GTK_WINDOW (assistant));
  salve_test_ui_iterate ();

  {
    g_autofree char *title = g_strdup_printf ("%s · %s", salve_modality_get_name (SALVE_MODALITY_TENS),
                                              salve_site_get_name (SALVE_SITE_LOWER_BACK));
    GtkWidget *row;

    check_sessions_view (window, title);
    row = salve_test_ui_find (GTK_WIDGET (window), is_row_titled, title);
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (gtk_widget_get_ancestor (row, ADW_TYPE_EXPANDER_ROW)), TRUE);
  }
  salve_test_ui_screenshot (GTK_WIDGET (window), "session-7-history");

  /* Finding 4: an open question about a pacemaker. TENS is marked for
   * the knee with why, the way to answer it, and what is allowed
   * instead; the back of the neck is never allowed for TENS. */
  answer (path, "Anna", SALVE_CONDITION_PACEMAKER, SALVE_ANSWER_UNKNOWN);
  assistant = open_assistant (window);
  choose_site (assistant, SALVE_SITE_KNEE);
  next (assistant, "device");
  choose_row (GTK_WIDGET (assistant), _("Practice stimulator"));
  shoot (assistant, "session-2-device-blocked");
  gtk_window_destroy (GTK_WINDOW (assistant));
  salve_test_ui_iterate ();

  answer (path, "Anna", SALVE_CONDITION_PACEMAKER, SALVE_ANSWER_NO);
  assistant = open_at (window, SALVE_SITE_NECK);
  choose_row (GTK_WIDGET (assistant), _("Practice stimulator"));
  shoot (assistant, "session-2-device-never-here");
  gtk_window_destroy (GTK_WINDOW (assistant));
  salve_test_ui_iterate ();

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* Screenshots in other languages (LANGUAGE=nl) take the catalogue of
   * this build when run from it, else that of an installed one. */
  if (g_getenv ("G_TEST_BUILDDIR") != NULL)
    {
      g_autofree char *po = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);

      bindtextdomain (GETTEXT_PACKAGE, po);
    }
  else
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  salve_test_ui_init (&argc, &argv);
  tmpdir = salve_test_make_tmpdir ();

  g_test_add_func ("/ui/session/tens-on-simulator", test_tens_on_simulator);
  g_test_add_func ("/ui/session/density-shown-as-checked", test_density_shown_as_checked);
  g_test_add_func ("/ui/session/quit-while-running", test_quit_while_running);
  g_test_add_func ("/ui/session/nmes-on-simulator", test_nmes_on_simulator);
  g_test_add_func ("/ui/session/device-never-answers", test_device_never_answers);
  g_test_add_func ("/ui/session/device-fault-named", test_device_fault_named);
  g_test_add_func ("/ui/session/stop-not-confirmed", test_stop_not_confirmed);
  g_test_add_func ("/ui/session/stop-pressed-not-confirmed", test_stop_pressed_not_confirmed);
  g_test_add_func ("/ui/session/manual-laser", test_manual_laser);
  g_test_add_func ("/ui/session/stop-and-close", test_stop_and_close);
  g_test_add_func ("/ui/session/busy-database-at-the-end", test_busy_database_at_the_end);
  g_test_add_func ("/ui/session/reduced-sensation-and-saved-program", test_reduced_sensation_and_saved_program);
  g_test_add_func ("/ui/session/reduced-sensation-steady", test_reduced_sensation_steady);
  g_test_add_func ("/ui/session/unanswered-sensation-blocks-start", test_unanswered_sensation_blocks_start);
  g_test_add_func ("/ui/session/program-above-ceiling", test_program_above_ceiling);
  g_test_add_func ("/ui/session/history-filters", test_history_filters);
  g_test_add_func ("/ui/session/recorded-as-treatment", test_recorded_as_treatment);
  g_test_add_func ("/ui/session/quit-while-database-busy", test_quit_while_database_busy);
  g_test_add_func ("/ui/session/change-modality", test_change_modality);
  g_test_add_func ("/ui/session/preparation-follows-site", test_preparation_follows_site);
  g_test_add_func ("/ui/session/site-first", test_site_first);
  g_test_add_func ("/ui/session/keyboard-steps", test_keyboard_steps);
  g_test_add_func ("/ui/session/opens-on-usual-device", test_opens_on_usual_device);
  g_test_add_func ("/ui/session/blocked-device", test_blocked_device);
  g_test_add_func ("/ui/session/other-patient-while-open", test_other_patient_while_open);
  g_test_add_func ("/ui/session/blocked-by-open-questions", test_blocked_by_open_questions);
  g_test_add_func ("/ui/session/site-all-red-says-why", test_site_all_red_says_why);
  g_test_add_func ("/ui/session/site-from-care-plan", test_site_from_care_plan);
  g_test_add_func ("/ui/session/repeat-last", test_repeat_last);
  g_test_add_func ("/ui/session/repeat-last-none", test_repeat_last_none);
  g_test_add_func ("/ui/session/repeat-last-blocked", test_repeat_last_blocked);
  g_test_add_func ("/ui/session/repeat-last-simulated-after-language-change",
                   test_repeat_last_simulated_after_language_change);
  if (g_getenv ("SALVE_SCREENSHOT_DIR") != NULL)
    g_test_add_func ("/ui/session/screenshots", test_screenshots);

  ret = g_test_run ();

  salve_test_remove_tree (tmpdir);
  g_free (tmpdir);
  salve_test_ui_shutdown ();

  return ret;
}
