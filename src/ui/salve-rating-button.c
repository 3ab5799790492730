/* salve-rating-button.c: a 0–10 rating, or none, chosen from a list
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A button showing the rating ("Not rated", "0" … "10") that pops up the
 * twelve choices, the chosen one ticked. It takes the place of a
 * GtkDropDown, which in GTK 4.8 builds its popup's list, fifty-odd
 * widgets, as soon as it has a model: the entry dialog's three ratings
 * were a third of its widgets to make and to free each time it opened.
 * This one makes its list when it first pops up.
 *
 * The button's accessible name says what is rated and how ("Fatigue:
 * 4"); the keyboard works as in any popover list: Enter or Space pops it
 * up on the chosen rating, the arrows move, Enter chooses, Escape goes
 * back without a change.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "salve-diary-entry.h"
#include "salve-rating-button.h"

#define MAX_RATING 10
#define LIST_MAX_HEIGHT 300

struct _SalveRatingButton
{
  GtkWidget      parent_instance;

  GtkMenuButton *button;
  GtkListBox    *list;
  char          *title;
  int            rating;
};

G_DEFINE_FINAL_TYPE (SalveRatingButton, salve_rating_button, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RATING,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Row 0 is "Not rated", row i + 1 the rating i. */
static int
rating_of_row (GtkListBoxRow *row)
{
  return gtk_list_box_row_get_index (row) - 1;
}

static char *
rating_text (int rating)
{
  return rating < 0 ? g_strdup (_("Not rated")) : g_strdup_printf ("%d", rating);
}

static void
show_rating (SalveRatingButton *self)
{
  g_autofree char *text = rating_text (self->rating);

  gtk_menu_button_set_label (self->button, text);
  if (self->title != NULL)
    {
      /* Translators: the accessible name of a rating's button: what is rated, then the rating, e.g. "Fatigue: 4" */
      g_autofree char *label = g_strdup_printf (_("%s: %s"), self->title, text);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }

  if (self->list != NULL)
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
         row = gtk_widget_get_next_sibling (row))
      {
        gboolean chosen = rating_of_row (GTK_LIST_BOX_ROW (row)) == self->rating;

        gtk_widget_set_opacity (g_object_get_data (G_OBJECT (row), "check"), chosen ? 1 : 0);
        gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_SELECTED, chosen, -1);
      }
}

static void
row_activated_cb (SalveRatingButton *self,
                  GtkListBoxRow     *row)
{
  salve_rating_button_set_rating (self, rating_of_row (row));
  gtk_menu_button_popdown (self->button);
}

/* The chosen rating has the focus as the list shows. */
static void
popover_show_cb (SalveRatingButton *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, self->rating + 1);

  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
create_popover (GtkMenuButton *button,
                gpointer       user_data)
{
  SalveRatingButton *self = user_data;
  GtkWidget *popover, *scrolled;

  if (self->list != NULL)
    return;

  popover = gtk_popover_new ();
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->title != NULL ? self->title : _("Rating"), -1);
  for (int rating = -1; rating <= MAX_RATING; rating++)
    {
      g_autofree char *text = rating_text (rating);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (text);
      GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);
      gtk_accessible_update_state (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_box_append (GTK_BOX (box), check);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data (G_OBJECT (row), "check", check);
      gtk_list_box_append (self->list, row);
    }
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (popover, "show", G_CALLBACK (popover_show_cb), self, G_CONNECT_SWAPPED);
  /* At most about eight rows high, so that it fits below or above the
   * button on a small screen; the focused row scrolls into sight. */
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), LIST_MAX_HEIGHT);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_popover_set_child (GTK_POPOVER (popover), scrolled);
  gtk_menu_button_set_popover (self->button, popover);
  show_rating (self);
}

static gboolean
salve_rating_button_mnemonic_activate (GtkWidget *widget,
                                       gboolean   group_cycling)
{
  return gtk_widget_mnemonic_activate (GTK_WIDGET (SALVE_RATING_BUTTON (widget)->button), group_cycling);
}

static gboolean
salve_rating_button_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (SALVE_RATING_BUTTON (widget)->button));
}

static void
salve_rating_button_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SalveRatingButton *self = SALVE_RATING_BUTTON (object);

  switch (prop_id)
    {
    case PROP_RATING:
      g_value_set_int (value, self->rating);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_rating_button_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SalveRatingButton *self = SALVE_RATING_BUTTON (object);

  switch (prop_id)
    {
    case PROP_RATING:
      salve_rating_button_set_rating (self, g_value_get_int (value));
      break;

    case PROP_TITLE:
      g_free (self->title);
      self->title = g_value_dup_string (value);
      show_rating (self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_rating_button_dispose (GObject *object)
{
  SalveRatingButton *self = SALVE_RATING_BUTTON (object);

  g_clear_pointer ((GtkWidget **) &self->button, gtk_widget_unparent);
  self->list = NULL;

  G_OBJECT_CLASS (salve_rating_button_parent_class)->dispose (object);
}

static void
salve_rating_button_finalize (GObject *object)
{
  SalveRatingButton *self = SALVE_RATING_BUTTON (object);

  g_free (self->title);

  G_OBJECT_CLASS (salve_rating_button_parent_class)->finalize (object);
}

static void
salve_rating_button_class_init (SalveRatingButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = salve_rating_button_get_property;
  object_class->set_property = salve_rating_button_set_property;
  object_class->dispose = salve_rating_button_dispose;
  object_class->finalize = salve_rating_button_finalize;
  widget_class->mnemonic_activate = salve_rating_button_mnemonic_activate;
  widget_class->grab_focus = salve_rating_button_grab_focus;

  properties [PROP_RATING] =
    g_param_spec_int ("rating", NULL, NULL, SALVE_DIARY_UNRATED, MAX_RATING, SALVE_DIARY_UNRATED,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
salve_rating_button_init (SalveRatingButton *self)
{
  self->rating = SALVE_DIARY_UNRATED;
  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_create_popup_func (self->button, create_popover, self, NULL);
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));
  show_rating (self);
}

/**
 * salve_rating_button_new:
 * @title: (nullable): what is rated, for the accessible name ("Fatigue")
 *
 * Returns: a button showing "Not rated"
 */
GtkWidget *
salve_rating_button_new (const char *title)
{
  return g_object_new (SALVE_TYPE_RATING_BUTTON, "title", title, NULL);
}

/**
 * salve_rating_button_get_rating:
 *
 * Returns: the rating, 0 to 10, or %SALVE_DIARY_UNRATED
 */
int
salve_rating_button_get_rating (SalveRatingButton *self)
{
  g_return_val_if_fail (SALVE_IS_RATING_BUTTON (self), SALVE_DIARY_UNRATED);

  return self->rating;
}

void
salve_rating_button_set_rating (SalveRatingButton *self,
                                int                rating)
{
  g_return_if_fail (SALVE_IS_RATING_BUTTON (self));
  g_return_if_fail (rating == SALVE_DIARY_UNRATED || (rating >= 0 && rating <= MAX_RATING));

  if (self->rating == rating)
    return;

  self->rating = rating;
  show_rating (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RATING]);
}
