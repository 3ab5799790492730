/* salve-test-ui.h: set-up shared by the ui suite
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "salve-application.h"
#include "salve-diary-entry-dialog.h"
#include "salve-window.h"

G_BEGIN_DECLS

/* g_test_init, a private session bus, GTK and libadwaita. Aborts (never
 * skips) when there is no display: the ui suite runs under xvfb-run. */
void salve_test_ui_init     (int    *argc,
                             char ***argv);
/* The same without GTK and libadwaita, for a test that starts them the
 * way the salve program does. */
void salve_test_ui_init_bus (int    *argc,
                             char ***argv);
typedef gboolean (*SalveTestUiMatch) (GtkWidget     *widget,
                                      gconstpointer  data);

/* The first widget under @root, depth first, that @match accepts, or NULL.
 * @root itself is not tried. */
GtkWidget *salve_test_ui_find      (GtkWidget        *root,
                                    SalveTestUiMatch  match,
                                    gconstpointer     data);
/* The first widget under @root that is a @type, or NULL. */
GtkWidget *salve_test_ui_find_type (GtkWidget        *root,
                                    GType             type);
/* The same, that also shows @text (unless it is NULL): as its tooltip or
 * button label, or at the start of its label's text. */
GtkWidget *salve_test_ui_find_text (GtkWidget        *root,
                                    GType             type,
                                    const char       *text);

/* The newest visible top-level window that is a @type, or NULL. */
GtkWindow *salve_test_ui_find_toplevel (GType type);

/* Writes @n diary entries of @profile_id, the newest at @end (Unix time)
 * and each @step_seconds before the next, with SQL in one transaction (a
 * million take seconds; the app's way would take minutes). */
void salve_test_ui_add_entries (SalveDb *db,
                                gint64   profile_id,
                                guint    n,
                                gint64   end,
                                guint    step_seconds);

/* Waits for the diary entry dialog to show whole and returns it. */
SalveDiaryEntryDialog *salve_test_ui_wait_entry_dialog (void);

/* Registers @app, opens its main window on the database at @db at the
 * given size, and opens the database at once. */
SalveWindow *salve_test_ui_open_window (SalveApplication *app,
                                        const char       *db,
                                        int               width,
                                        int               height);
/* With SALVE_SCREENSHOT_DIR set, saves @widget as <name>[-<suffix>].png
 * there, the suffix from SALVE_SCREENSHOT_SUFFIX: the documentation's
 * screenshots come from the same runs that test the screens. */
void         salve_test_ui_screenshot  (GtkWidget        *widget,
                                        const char       *name);

/* Presses @keyval with @modifiers (GDK_SHIFT_MASK, GDK_CONTROL_MASK…)
 * in the window of @widget, as GTK hands a key press on, without the X
 * server (salve_test_ui_press_key() types on its keyboard): to the shortcuts and key handlers of the
 * focus and each widget above it, capture phase first, then bubble,
 * until one takes it. Tab, Return, Escape, F6 and Ctrl+Z reach what
 * they would from the keyboard; mnemonics (Alt+letter) do not. Returns
 * whether something took the key. */
gboolean salve_test_ui_press (GtkWidget       *widget,
                              guint            keyval,
                              GdkModifierType  modifiers);

/* Types @keyval, with @modifiers (Shift, Control, Alt) held, on the X
 * server's own keyboard (XTest) into the window of @widget, which gets
 * the keyboard focus first, and lets GTK handle the press and the
 * release. The key goes the whole way a person's does: shortcuts, key
 * bindings, focus moves and the default widget alike. A keyval typed
 * with Shift on the keyboard (a "+") gets it. The X server has one
 * keyboard: a test that types needs its display to itself, as the ui
 * suite runs (--num-processes 1). */
void salve_test_ui_press_key (GtkWidget       *widget,
                              guint            keyval,
                              GdkModifierType  modifiers);

/* Tears down the private bus; call after g_test_run(). */
void salve_test_ui_shutdown (void);
/* Runs the main loop until @condition returns TRUE or @timeout_ms pass;
 * returns the last value of @condition. */
gboolean salve_test_ui_wait (gboolean (*condition) (gpointer data),
                             gpointer   data,
                             guint      timeout_ms);
/* Lets pending idles, layouts and draws run: everything ready, timers
 * included, for as long as something is ready. On a loaded machine that
 * can be seconds, long enough for a short session to end: to reach a
 * state, wait for it with salve_test_ui_wait(). */
void salve_test_ui_iterate  (void);

G_END_DECLS
