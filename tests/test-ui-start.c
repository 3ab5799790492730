/* test-ui-start.c: how the salve program starts GTK and libadwaita
 *
 * Unlike the other ui tests, this one does not start GTK itself: its main()
 * does what salve's main() does first, and the application's startup does
 * the rest.
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "salve-application.h"
#include "salve-test-ui.h"

static gboolean preset_in_main;

static void
assert_libadwaita_styles (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *label = gtk_label_new ("Salve");
  GdkRGBA color;

  gtk_window_set_child (GTK_WINDOW (window), label);
  gtk_style_context_get_color (gtk_widget_get_style_context (label), &color);

  /* libadwaita's window text is 80 % black. Without its stylesheet, on the
   * empty theme, it would be opaque black. */
  g_assert_cmpfloat_with_epsilon (color.red, 0.0, 0.01);
  g_assert_cmpfloat_with_epsilon (color.green, 0.0, 0.01);
  g_assert_cmpfloat_with_epsilon (color.blue, 0.0, 0.01);
  g_assert_cmpfloat_with_epsilon (color.alpha, 0.8, 0.01);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_start_empty_theme (void)
{
  g_autoptr(SalveApplication) app = NULL;
  g_autoptr(SalveApplication) again = NULL;
  g_autofree char *theme_name = NULL;

  /* main() asked GTK for the empty theme, as salve's main() does. */
  g_assert_true (preset_in_main);
  g_assert_cmpstr (g_getenv ("GTK_THEME"), ==, "Adwaita-empty");

  app = salve_application_new ("io.github.salve.Salve.TestStart", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  /* Startup made GTK's settings on the empty theme, then took the request
   * away before libadwaita looked: libadwaita's stylesheet is in effect. */
  g_assert_null (g_getenv ("GTK_THEME"));
  g_object_get (gtk_settings_get_default (), "gtk-theme-name", &theme_name, NULL);
  g_assert_cmpstr (theme_name, ==, "Adwaita-empty");
  assert_libadwaita_styles ();

  /* A theme the person chose is left alone, now and by a later startup. */
  g_setenv ("GTK_THEME", "Default", TRUE);
  g_assert_false (salve_application_prefer_empty_gtk_theme ());
  again = salve_application_new ("io.github.salve.Salve.TestStartAgain", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (again), NULL, NULL));
  g_assert_cmpstr (g_getenv ("GTK_THEME"), ==, "Default");
  g_unsetenv ("GTK_THEME");
}

/* Without a GPU render node Salve asks GTK for its Cairo renderer; with
 * one, or with a renderer the person chose, GTK's choice stands. */
static void
test_start_renderer (void)
{
  g_autofree char *none = g_dir_make_tmp ("salve-dri-XXXXXX", NULL);
  g_autofree char *gpu = g_dir_make_tmp ("salve-dri-XXXXXX", NULL);
  g_autofree char *card = g_build_filename (none, "card0", NULL);
  g_autofree char *node = g_build_filename (gpu, "renderD128", NULL);
  g_autofree char *dangling = g_build_filename (none, "renderD129", NULL);
  g_autofree char *chosen = g_strdup (g_getenv ("GSK_RENDERER"));

  /* A display-only card is no render node. */
  g_assert_true (g_file_set_contents (card, "", 0, NULL));
  g_assert_true (g_file_set_contents (node, "", 0, NULL));
  g_unsetenv ("LIBGL_ALWAYS_SOFTWARE");

  g_unsetenv ("GSK_RENDERER");
  g_assert_true (salve_application_prefer_cairo_without_gpu (none));
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");

  g_unsetenv ("GSK_RENDERER");
  g_assert_true (salve_application_prefer_cairo_without_gpu ("/nonexistent/salve-dri"));
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");

  g_unsetenv ("GSK_RENDERER");
  g_assert_false (salve_application_prefer_cairo_without_gpu (gpu));
  g_assert_null (g_getenv ("GSK_RENDERER"));

  /* A render node Salve cannot open does not count (a link to no
   * device: root could open any file that is there). */
  g_assert_no_errno (symlink ("/nonexistent/salve-gpu", dangling));
  g_assert_true (salve_application_prefer_cairo_without_gpu (none));
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
  g_unsetenv ("GSK_RENDERER");

  /* Software GL asked for: Cairo, node or not. */
  g_setenv ("LIBGL_ALWAYS_SOFTWARE", "1", TRUE);
  g_assert_true (salve_application_prefer_cairo_without_gpu (gpu));
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
  g_unsetenv ("LIBGL_ALWAYS_SOFTWARE");

  /* The person's choice is kept. */
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  g_assert_false (salve_application_prefer_cairo_without_gpu (none));
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");

  if (chosen != NULL)
    g_setenv ("GSK_RENDERER", chosen, TRUE);
  else
    g_unsetenv ("GSK_RENDERER");
  g_assert_no_errno (g_remove (card));
  g_assert_no_errno (g_remove (dangling));
  g_assert_no_errno (g_remove (node));
  g_assert_no_errno (g_rmdir (none));
  g_assert_no_errno (g_rmdir (gpu));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  /* The test is of a start on which the person chose no theme. */
  g_unsetenv ("GTK_THEME");
  preset_in_main = salve_application_prefer_empty_gtk_theme ();

  salve_test_ui_init_bus (&argc, &argv);

  g_test_add_func ("/ui/start/empty-theme", test_start_empty_theme);
  g_test_add_func ("/ui/start/renderer", test_start_renderer);

  ret = g_test_run ();
  salve_test_ui_shutdown ();

  return ret;
}
