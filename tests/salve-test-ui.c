/* salve-test-ui.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk/x11/gdkx.h>
#include <gmodule.h>
#include <X11/XKBlib.h>

#include "salve-test-ui.h"
#include "salve-pain-scale.h"
#include "salve-application.h"
#include "salve-background.h"
#include "salve-diary-entry-dialog.h"

static GTestDBus *test_bus;

void
salve_test_ui_init_bus (int    *argc,
                        char ***argv)
{
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  if (display == NULL)
    g_error ("No display: run the ui suite under xvfb-run");

  /* The renderer the app would pick on this machine (its main() asks the
   * same), before any thread starts. */
  salve_application_prefer_cairo_without_gpu (NULL);

  g_test_init (argc, argv, NULL);

  /* GtkApplication talks to the session bus; give it a private one so the
   * tests neither depend on nor disturb the desktop they run in. GTestDBus
   * clears DISPLAY along with the bus addresses: keep Xvfb's. */
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  /* No accessibility bus on the private session bus: GTK's in-process
   * backend instead, which holds what AT-SPI would send a screen reader,
   * so tests can read accessible names. */
  g_setenv ("GTK_A11Y", "test", TRUE);
}

void
salve_test_ui_init (int    *argc,
                    char ***argv)
{
  salve_test_ui_init_bus (argc, argv);

  if (!gtk_init_check ())
    g_error ("No display: run the ui suite under xvfb-run");
  adw_init ();
}

void
salve_test_ui_shutdown (void)
{
  /* Stop the daemon, but keep the object: disposing it would wait for
   * GTK's own references to the bus connection, which live until exit. */
  if (test_bus != NULL)
    g_test_dbus_stop (test_bus);
}

GtkWidget *
salve_test_ui_find (GtkWidget        *root,
                    SalveTestUiMatch  match,
                    gconstpointer     data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, data))
        return child;
      if ((found = salve_test_ui_find (child, match, data)))
        return found;
    }

  return NULL;
}

static gboolean
is_type (GtkWidget     *widget,
         gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

GtkWidget *
salve_test_ui_find_type (GtkWidget *root,
                         GType      type)
{
  return salve_test_ui_find (root, is_type, GSIZE_TO_POINTER (type));
}

typedef struct
{
  GType       type;
  const char *text;
} Wanted;

static gboolean
is_wanted (GtkWidget     *widget,
           gconstpointer  data)
{
  const Wanted *wanted = data;

  if (!G_TYPE_CHECK_INSTANCE_TYPE (widget, wanted->type))
    return FALSE;

  return wanted->text == NULL ||
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), wanted->text) == 0 ||
         (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), wanted->text) == 0) ||
         (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), wanted->text));
}

GtkWidget *
salve_test_ui_find_text (GtkWidget  *root,
                         GType       type,
                         const char *text)
{
  return salve_test_ui_find (root, is_wanted, &(Wanted) { type, text });
}

GtkWindow *
salve_test_ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static gboolean
entry_dialog_whole (gpointer data)
{
  GtkWindow *dialog = salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG);
  GtkWidget *note = dialog != NULL ? salve_test_ui_find_type (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW) : NULL;

  /* Its lower part, the note last, shows after its first frame. */
  return note != NULL && gtk_widget_get_mapped (note);
}

void
salve_test_ui_add_entries (SalveDb *db,
                           gint64   profile_id,
                           guint    n,
                           gint64   end,
                           guint    step_seconds)
{
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  sql = g_strdup_printf ("WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n + 1 < %u) "
                         "INSERT INTO diary_entries (profile_id, at, at_unix, pain) "
                         "SELECT %" G_GINT64_FORMAT ", strftime('%%Y-%%m-%%dT%%H:%%M:%%S+00:00', t, 'unixepoch'), t, "
                         "       (n * 7 + n / 97) %% 11 "
                         "FROM (SELECT n, %" G_GINT64_FORMAT " - n * %u AS t FROM i)",
                         n, profile_id, end, step_seconds);
  g_assert_true (salve_db_begin (db, &error));
  g_assert_true (salve_db_exec (db, sql, &error));
  g_assert_true (salve_db_commit (db, &error));
  g_assert_no_error (error);
}

SalveDiaryEntryDialog *
salve_test_ui_wait_entry_dialog (void)
{
  GtkWindow *dialog;

  g_assert_true (salve_test_ui_wait (entry_dialog_whole, NULL, 5000));
  dialog = salve_test_ui_find_toplevel (SALVE_TYPE_DIARY_ENTRY_DIALOG);
  /* The pain has the focus, not Cancel: Return never throws it away. */
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (dialog),
                                         salve_test_ui_find_type (GTK_WIDGET (dialog), SALVE_TYPE_PAIN_SCALE)));
  return SALVE_DIARY_ENTRY_DIALOG (dialog);
}

SalveWindow *
salve_test_ui_open_window (SalveApplication *app,
                           const char       *db,
                           int               width,
                           int               height)
{
  g_autoptr(GError) error = NULL;
  SalveWindow *window;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  salve_application_set_db_path (app, db);
  window = salve_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (salve_window_open_db_now (window));
  salve_test_ui_iterate ();

  return window;
}

void
salve_test_ui_screenshot (GtkWidget  *widget,
                          const char *name)
{
  const char *dir = g_getenv ("SALVE_SCREENSHOT_DIR");
  const char *suffix = g_getenv ("SALVE_SCREENSHOT_SUFFIX");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int w, h;

  if (dir == NULL)
    return;

  /* Let the last changes lay out and draw before taking the picture. */
  for (guint i = 0; i < 10; i++)
    {
      salve_test_ui_iterate ();
      g_usleep (20000);
    }

  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  file = g_strdup_printf ("%s%s%s.png", name, suffix ? "-" : "", suffix ? suffix : "");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

typedef int (*FakeKeyEvent) (Display       *display,
                             unsigned int   keycode,
                             Bool           is_press,
                             unsigned long  delay);

/* XTest's XTestFakeKeyEvent(), from libXtst at run time: the suite needs
 * the library Xvfb's clients use, not its headers. */
static FakeKeyEvent
fake_key_event (void)
{
  static FakeKeyEvent fake;
  GModule *module;

  if (fake != NULL)
    return fake;

  module = g_module_open ("libXtst.so.6", G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL || !g_module_symbol (module, "XTestFakeKeyEvent", (gpointer *) &fake))
    g_error ("No XTest (libXtst.so.6, Debian's libxtst6): the ui suite types with it");
  g_module_make_resident (module);

  return fake;
}

void
salve_test_ui_press_key (GtkWidget       *widget,
                         guint            keyval,
                         GdkModifierType  modifiers)
{
  static const struct
  {
    GdkModifierType mask;
    guint           keyval;
  } held[] = {
    { GDK_SHIFT_MASK, GDK_KEY_Shift_L },
    { GDK_CONTROL_MASK, GDK_KEY_Control_L },
    { GDK_ALT_MASK, GDK_KEY_Alt_L },
  };
  FakeKeyEvent fake = fake_key_event ();
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
  GdkDisplay *display = gtk_widget_get_display (widget);
  Display *xdisplay;
  KeyCode code;

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  g_assert_true (root != NULL && gtk_widget_get_mapped (root));
  xdisplay = gdk_x11_display_get_xdisplay (display);
  code = XKeysymToKeycode (xdisplay, keyval);
  if (code == 0)
    g_error ("No key types %s on the X server's keyboard", gdk_keyval_name (keyval));
  if (XkbKeycodeToKeysym (xdisplay, code, 0, 0) != keyval && XkbKeycodeToKeysym (xdisplay, code, 0, 1) == keyval)
    modifiers |= GDK_SHIFT_MASK;

  /* A popover's keys come through its window, as on a desktop. */
  XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (root))),
                  RevertToParent, CurrentTime);
  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    if (modifiers & held[i].mask)
      fake (xdisplay, XKeysymToKeycode (xdisplay, held[i].keyval), True, CurrentTime);
  fake (xdisplay, code, True, CurrentTime);
  fake (xdisplay, code, False, CurrentTime);
  for (guint i = G_N_ELEMENTS (held); i-- > 0;)
    if (modifiers & held[i].mask)
      fake (xdisplay, XKeysymToKeycode (xdisplay, held[i].keyval), False, CurrentTime);
  /* The server has sent the events once it answers; GTK then reads them. */
  XSync (xdisplay, False);
  salve_test_ui_iterate ();
}

static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     modifiers)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, modifiers) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, modifiers);
  if (!GTK_IS_KEYVAL_TRIGGER (trigger))
    return FALSE;

  return gdk_keyval_to_lower (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger))) == gdk_keyval_to_lower (keyval) &&
         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers;
}

/* What GtkShortcutController does with a key: the first shortcut that
 * matches and whose action runs takes it. A managed shortcut counts
 * here only with the focus inside its widget (GTK's window runs those
 * from a list of its own, which does not say whose each is); the
 * application's accelerators are the window's own. */
static gboolean
run_shortcuts (GtkShortcutController *controller,
               guint                  keyval,
               GdkModifierType        modifiers)
{
  GListModel *model = G_LIST_MODEL (controller);
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if (!gtk_widget_is_sensitive (widget) || !gtk_widget_get_mapped (widget))
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      GtkShortcut *shortcut = GTK_IS_SHORTCUT (item) ? GTK_SHORTCUT (item) : NULL;

      if (shortcut != NULL && trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval, modifiers) &&
          gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                        gtk_shortcut_get_arguments (shortcut)))
        return TRUE;
    }

  return FALSE;
}

static gboolean
run_controllers (GtkWidget           *widget,
                 GtkPropagationPhase  phase,
                 guint                keyval,
                 GdkModifierType      modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (gtk_event_controller_get_propagation_phase (controller) != phase)
        continue;
      if (GTK_IS_SHORTCUT_CONTROLLER (controller))
        handled = run_shortcuts (GTK_SHORTCUT_CONTROLLER (controller), keyval, modifiers);
      else if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, modifiers, &handled);
      if (handled)
        return TRUE;
    }

  return FALSE;
}

gboolean
salve_test_ui_press (GtkWidget       *widget,
                     guint            keyval,
                     GdkModifierType  modifiers)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus;
  g_autoptr(GPtrArray) path = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean handled = FALSE;

  g_return_val_if_fail (GTK_IS_WINDOW (root), FALSE);

  /* A key press shows where the focus is, as in GTK. */
  gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);
  focus = gtk_root_get_focus (root);
  if (focus == NULL)
    focus = GTK_WIDGET (root);
  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    g_ptr_array_add (path, g_object_ref (w));

  for (guint i = path->len; i > 0 && !handled; i--)
    handled = run_controllers (g_ptr_array_index (path, i - 1), GTK_PHASE_CAPTURE, keyval, modifiers);
  if (!handled)
    handled = run_controllers (focus, GTK_PHASE_TARGET, keyval, modifiers);
  for (guint i = 0; i < path->len && !handled; i++)
    handled = run_controllers (g_ptr_array_index (path, i), GTK_PHASE_BUBBLE, keyval, modifiers);

  return handled;
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
salve_test_ui_wait (gboolean (*condition) (gpointer data),
                    gpointer   data,
                    guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);
  gboolean ok;

  while (!(ok = condition (data)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return ok;
}

void
salve_test_ui_iterate (void)
{
  gint64 give_up = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  /* Views read in worker threads: their results are ready only when the
   * worker is done, so wait for those too. */
  do
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      if (_salve_background_get_n_held () > 0)
        g_main_context_iteration (NULL, TRUE);
    }
  while ((_salve_background_get_n_held () > 0 || g_main_context_pending (NULL)) &&
         g_get_monotonic_time () < give_up);
}
