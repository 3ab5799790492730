/* salve-row-layout.c: a row's header laid out in one pass
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An AdwActionRow (libadwaita 1.2) lays out its title and subtitle, two
 * wrapping labels, in a vertical box centred in a horizontal box. GTK
 * 4.8 finds the height of either by trying one size after another: a
 * horizontal box searches for the height at which its wrapping child
 * fits, and a wrapping child that is centred rather than stretched is
 * asked its width for a height, which a label answers by a search of its
 * own. A row with a subtitle laid its labels out about fifty times on
 * its first frame; the entry dialog's rows, most of its first frames.
 *
 * SalveRowLayout lays the same children out in one pass: each child gets
 * its natural width (as much of it as there is room for), the expanding
 * ones share the rest. A child whose height depends on its width (the
 * title box) gets its height for that width, centred in the row, and
 * keeps valign FILL, so that GTK asks nothing more; the others get the
 * row's height and place themselves by their valign, as in a box. The
 * look is libadwaita's: the same nodes, style classes and spacing.
 */

#include "config.h"

#include "salve-row-layout.h"

struct _SalveRowLayout
{
  GtkLayoutManager parent_instance;

  int spacing;
};

G_DEFINE_FINAL_TYPE (SalveRowLayout, salve_row_layout, GTK_TYPE_LAYOUT_MANAGER)

#define MAX_CHILDREN 16

/* The children to lay out, each with its widths (its data). */
typedef struct
{
  GtkRequestedSize size[MAX_CHILDREN];
  guint            n;
} Children;

static inline GtkWidget *
child_at (const Children *c,
          guint           i)
{
  return c->size[i].data;
}

static void
collect (GtkWidget *widget,
         Children  *c)
{
  c->n = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL && c->n < MAX_CHILDREN;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1,
                          &c->size[c->n].minimum_size, &c->size[c->n].natural_size, NULL, NULL);
      c->size[c->n].data = child;
      c->n++;
    }
}

/* The widths of the children in @width: their minimums, then up to their
 * natural widths, then what is left to the ones that expand. */
static void
distribute (SalveRowLayout *self,
            Children       *c,
            int             width)
{
  int available = width - self->spacing * MAX ((int) c->n - 1, 0);
  guint n_expand = 0;

  for (guint i = 0; i < c->n; i++)
    {
      available -= c->size[i].minimum_size;
      n_expand += gtk_widget_compute_expand (child_at (c, i), GTK_ORIENTATION_HORIZONTAL);
    }
  if (available > 0)
    available = gtk_distribute_natural_allocation (available, c->n, c->size);
  for (guint i = 0; i < c->n && available > 0 && n_expand > 0; i++)
    if (gtk_widget_compute_expand (child_at (c, i), GTK_ORIENTATION_HORIZONTAL))
      {
        int share = available / n_expand;

        c->size[i].minimum_size += share;
        available -= share;
        n_expand--;
      }
}

static void
salve_row_layout_measure (GtkLayoutManager *manager,
                          GtkWidget        *widget,
                          GtkOrientation    orientation,
                          int               for_size,
                          int              *minimum,
                          int              *natural,
                          int              *minimum_baseline,
                          int              *natural_baseline)
{
  SalveRowLayout *self = SALVE_ROW_LAYOUT (manager);
  Children c;

  collect (widget, &c);
  *minimum = *natural = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      for (guint i = 0; i < c.n; i++)
        {
          *minimum += c.size[i].minimum_size;
          *natural += c.size[i].natural_size;
        }
      *minimum += self->spacing * MAX ((int) c.n - 1, 0);
      *natural += self->spacing * MAX ((int) c.n - 1, 0);
      return;
    }

  if (for_size >= 0)
    distribute (self, &c, for_size);
  for (guint i = 0; i < c.n; i++)
    {
      int child_min = 0, child_nat = 0;

      gtk_widget_measure (child_at (&c, i), GTK_ORIENTATION_VERTICAL,
                          for_size >= 0 ? c.size[i].minimum_size : -1,
                          &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

static void
salve_row_layout_allocate (GtkLayoutManager *manager,
                           GtkWidget        *widget,
                           int               width,
                           int               height,
                           int               baseline)
{
  SalveRowLayout *self = SALVE_ROW_LAYOUT (manager);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  Children c;
  int x = 0;

  collect (widget, &c);
  distribute (self, &c, width);

  for (guint i = 0; i < c.n; i++)
    {
      int child_width = c.size[i].minimum_size;
      int child_height = height;

      if (gtk_widget_get_request_mode (child_at (&c, i)) == GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH)
        {
          int child_min = 0, child_nat = 0;

          gtk_widget_measure (child_at (&c, i), GTK_ORIENTATION_VERTICAL, child_width,
                              &child_min, &child_nat, NULL, NULL);
          child_height = CLAMP (child_nat, child_min, MAX (height, child_min));
        }
      gtk_widget_size_allocate (child_at (&c, i),
                                &(GtkAllocation) { rtl ? width - x - child_width : x,
                                                   (height - child_height) / 2,
                                                   child_width, child_height },
                                -1);
      x += child_width + self->spacing;
    }
}

static void
salve_row_layout_class_init (SalveRowLayoutClass *klass)
{
  GtkLayoutManagerClass *manager_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  manager_class->measure = salve_row_layout_measure;
  manager_class->allocate = salve_row_layout_allocate;
}

static void
salve_row_layout_init (SalveRowLayout *self)
{
}

GtkLayoutManager *
salve_row_layout_new (int spacing)
{
  SalveRowLayout *self = g_object_new (SALVE_TYPE_ROW_LAYOUT, NULL);

  self->spacing = spacing;
  return GTK_LAYOUT_MANAGER (self);
}

/* libadwaita 1.2's row > box.header { border-spacing: 6px } */
#define HEADER_SPACING 6

/**
 * salve_row_layout_apply:
 * @row: an action row
 *
 * Lays @row's header out with a #SalveRowLayout, when the header is the
 * one this file knows (libadwaita 1.2's: a box of class "header" whose
 * children include a box of class "title"); another header is left as
 * it is.
 *
 * Returns: whether @row's header was changed
 */
gboolean
salve_row_layout_apply (AdwActionRow *row)
{
  GtkWidget *header = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  GtkWidget *title_box = NULL;

  if (!GTK_IS_BOX (header) || !gtk_widget_has_css_class (header, "header") ||
      SALVE_IS_ROW_LAYOUT (gtk_widget_get_layout_manager (header)))
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (header); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BOX (child) && gtk_widget_has_css_class (child, "title"))
      title_box = child;
  if (title_box == NULL)
    return FALSE;

  /* Centred by the layout, not by their valign (see above). */
  gtk_widget_set_valign (header, GTK_ALIGN_FILL);
  gtk_widget_set_valign (title_box, GTK_ALIGN_FILL);
  gtk_widget_set_layout_manager (header, salve_row_layout_new (HEADER_SPACING));
  return TRUE;
}

static void (*action_row_constructed) (GObject *object);

static void
lighter_action_row_constructed (GObject *object)
{
  action_row_constructed (object);
  salve_row_layout_apply (ADW_ACTION_ROW (object));
}

/**
 * salve_row_layout_install:
 *
 * From now on every action row, of the program's own making or of a
 * template, a subclass's included, is laid out by a #SalveRowLayout:
 * the row class's constructed() applies it. Call it before the first
 * window; calling it again does nothing.
 */
void
salve_row_layout_install (void)
{
  GObjectClass *klass = g_type_class_ref (ADW_TYPE_ACTION_ROW);

  if (action_row_constructed == NULL)
    {
      action_row_constructed = klass->constructed;
      klass->constructed = lighter_action_row_constructed;
    }
}
