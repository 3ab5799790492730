/* test-ui-rows.c: action rows laid out in one pass look as libadwaita's
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A process of its own: salve_row_layout_install() changes every action
 * row made after it, and the rows to compare with are made before.
 */

#include "config.h"

#include <adwaita.h>

#include "salve-application.h"
#include "salve-row-layout.h"
#include "salve-test-ui.h"
#include "salve-test-util.h"
#include "salve-window.h"

#define LONG_TITLE "Do you have an electronic implant, such as a medication pump or a cochlear implant?"
#define LONG_SUBTITLE "0 is a sleepless night, 10 slept very well, and this goes on to wrap"

typedef struct
{
  GtkWidget *row;
  GtkWidget *suffix;
} Row;

static GtkWidget *
header_of (GtkWidget *row)
{
  return gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
}

static gboolean
is_label_with (GtkWidget     *widget,
               gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* A row as the program makes them: a title, maybe a subtitle, a suffix
 * centred by its valign (or one that fills the row's height). */
static Row
make_row (GtkWidget  *list,
          const char *title,
          const char *subtitle,
          gboolean    centred_suffix)
{
  Row r;

  r.row = adw_action_row_new ();
  r.suffix = gtk_button_new_with_label ("Not rated");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r.row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (r.row), subtitle);
  if (centred_suffix)
    gtk_widget_set_valign (r.suffix, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (r.row), r.suffix);
  gtk_list_box_append (GTK_LIST_BOX (list), r.row);
  return r;
}

static void
assert_same_bounds (GtkWidget *a,
                    GtkWidget *a_root,
                    GtkWidget *b,
                    GtkWidget *b_root,
                    int        width)
{
  graphene_rect_t ra, rb;

  g_assert_true (gtk_widget_compute_bounds (a, a_root, &ra));
  g_assert_true (gtk_widget_compute_bounds (b, b_root, &rb));
  if (!graphene_rect_equal (&ra, &rb))
    g_error ("at %d px, %s at %g,%g %gx%g in libadwaita's row, at %g,%g %gx%g in Salve's",
             width, G_OBJECT_TYPE_NAME (a), ra.origin.x, ra.origin.y, ra.size.width, ra.size.height,
             rb.origin.x, rb.origin.y, rb.size.width, rb.size.height);
}

/* The same rows, made before and after salve_row_layout_install(), in
 * two lists of one width: every label and suffix lies where it lay, at a
 * phone's width, a dialog's and a wide one's. */
static void
test_rows_same_layout (void)
{
  static const struct { const char *title, *subtitle; gboolean centred; } specs[] = {
    { "When", NULL, TRUE },
    { "Fatigue", "0 is full of energy, 10 exhausted", TRUE },
    { LONG_TITLE, NULL, TRUE },
    { LONG_TITLE, LONG_SUBTITLE, TRUE },
    { "Sleep quality", LONG_SUBTITLE, FALSE },
  };
  /* Two lists side by side in a window that fits the test display
   * (1280 px wide). */
  static const int widths[] = { 300, 420, 620 };
  enum { N_SPECS = G_N_ELEMENTS (specs), N_WIDTHS = G_N_ELEMENTS (widths) };
  GtkWidget *windows[N_WIDTHS];
  GtkWidget *lists[N_WIDTHS][2];
  Row rows[N_WIDTHS][2][N_SPECS];

  /* A window for each width, its two lists side by side taking half of
   * it each; libadwaita's rows in all of them first. */
  for (guint w = 0; w < N_WIDTHS; w++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      windows[w] = gtk_window_new ();
      gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
      gtk_widget_set_valign (box, GTK_ALIGN_START);
      for (guint l = 0; l < 2; l++)
        {
          lists[w][l] = gtk_list_box_new ();
          gtk_widget_add_css_class (lists[w][l], "boxed-list");
          gtk_box_append (GTK_BOX (box), lists[w][l]);
        }
      gtk_window_set_child (GTK_WINDOW (windows[w]), box);
      gtk_window_set_default_size (GTK_WINDOW (windows[w]), 2 * widths[w], 900);
    }
  for (guint l = 0; l < 2; l++)
    {
      if (l == 1)
        salve_row_layout_install ();
      for (guint w = 0; w < N_WIDTHS; w++)
        for (guint i = 0; i < N_SPECS; i++)
          {
            rows[w][l][i] = make_row (lists[w][l], specs[i].title, specs[i].subtitle, specs[i].centred);
            g_assert_true (SALVE_IS_ROW_LAYOUT (gtk_widget_get_layout_manager (header_of (rows[w][l][i].row))) == (l == 1));
          }
    }

  for (guint w = 0; w < N_WIDTHS; w++)
    {
      gtk_window_present (GTK_WINDOW (windows[w]));
      salve_test_ui_iterate ();
      g_assert_cmpint (gtk_widget_get_width (lists[w][0]), ==, widths[w]);
      g_assert_cmpint (gtk_widget_get_width (lists[w][1]), ==, widths[w]);

      for (guint i = 0; i < N_SPECS; i++)
        {
          Row *a = &rows[w][0][i], *b = &rows[w][1][i];
          GtkWidget *title[2], *subtitle[2];

          for (guint l = 0; l < 2; l++)
            {
              title[l] = salve_test_ui_find (rows[w][l][i].row, is_label_with, specs[i].title);
              subtitle[l] = specs[i].subtitle ? salve_test_ui_find (rows[w][l][i].row, is_label_with, specs[i].subtitle) : NULL;
              g_assert_nonnull (title[l]);
            }
          assert_same_bounds (a->row, lists[w][0], b->row, lists[w][1], widths[w]);
          assert_same_bounds (title[0], a->row, title[1], b->row, widths[w]);
          if (subtitle[0] != NULL)
            assert_same_bounds (subtitle[0], a->row, subtitle[1], b->row, widths[w]);
          assert_same_bounds (a->suffix, a->row, b->suffix, b->row, widths[w]);
        }
    }

  /* The long ones wrap at a phone's width: the test saw rows that do. */
  g_assert_cmpint (gtk_widget_get_height (rows[0][1][3].row), >, 2 * gtk_widget_get_height (rows[0][1][1].row));

  for (guint w = 0; w < N_WIDTHS; w++)
    gtk_window_destroy (GTK_WINDOW (windows[w]));
}

/* The program's own rows, of templates and subclasses too, are laid out
 * in one pass from its start on. */
static void
test_rows_in_the_window (void)
{
  g_autoptr(SalveApplication) app = salve_application_new ("io.github.salve.Salve.TestRows",
                                                           G_APPLICATION_NON_UNIQUE);
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "salve.db", NULL);
  SalveWindow *window = salve_test_ui_open_window (app, db, 1000, 700);
  GtkWidget *row;
  g_autoptr(GtkWidget) combo = g_object_ref_sink (adw_combo_row_new ());

  salve_window_show_view (window, "checklist");
  salve_test_ui_iterate ();
  row = salve_test_ui_find_type (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  g_assert_true (SALVE_IS_ROW_LAYOUT (gtk_widget_get_layout_manager (header_of (row))));
  g_assert_true (SALVE_IS_ROW_LAYOUT (gtk_widget_get_layout_manager (header_of (combo))));
  /* Once is enough: applied again, a row keeps its layout. */
  g_assert_false (salve_row_layout_apply (ADW_ACTION_ROW (row)));

  gtk_window_destroy (GTK_WINDOW (window));
  salve_test_ui_iterate ();
  salve_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  salve_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/rows/same-layout", test_rows_same_layout);
  g_test_add_func ("/ui/rows/in-the-window", test_rows_in_the_window);

  ret = g_test_run ();
  salve_test_ui_shutdown ();

  return ret;
}
