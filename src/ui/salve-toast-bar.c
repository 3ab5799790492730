/* salve-toast-bar.c: a window's toasts, one at a time
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows the AdwToasts the views hand the main window (and the session
 * assistant its steps' messages), in libadwaita's toast style (the
 * "toast" node), in a strip of its own over the bottom of the window.
 * libadwaita 1.2's AdwToastOverlay is not used for them:
 * - around the views, it had GTK draw the whole window again each time
 *   a toast came or went (its drawing changes its number of parts, and
 *   GTK cannot compare the two);
 * - a toast dismissed while it is still sliding in, or while the toast
 *   it replaced is still sliding away (an Undo clicked within 0.3 s),
 *   makes it free a toast twice or fail an assertion: the program ends;
 * - it reads every title as Pango markup, and a patient called
 *   "Jansen & Zn" made a toast without words.
 *
 * The toasts keep their own API: title, button label, action, timeout,
 * priority (a high one comes in sight at once, the one it replaces waits
 * behind it) and the "button-clicked" and "dismissed" signals. The bar
 * emits "dismissed" itself: adw_toast_dismiss() works only for a toast
 * in an AdwToastOverlay, so salve_toast_bar_dismiss() dismisses the
 * toast in sight.
 *
 * From the keyboard, the toast is the last Tab stop of its window, a
 * long way from where the person was, and gone after a few seconds:
 * salve_toast_bar_focus() takes the focus to it at once (the window
 * binds F6, GTK's key between the parts of a window), and gives it back
 * when pressed again or when the toast goes.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "salve-toast-bar.h"
#include "salve-tooltip.h"

struct _SalveToastBar
{
  GtkWidget  parent_instance;

  GtkWidget *title;
  GtkWidget *button;
  GtkWidget *close;

  AdwToast  *shown;    /* in sight, or NULL */
  GtkWidget *focus_before;  /* weak: where salve_toast_bar_focus() took the focus from */
  GQueue     waiting;  /* the next one first */
  guint      timeout_source;
  guint      inhibit;  /* the pointer or the focus is on the toast */
};

G_DEFINE_FINAL_TYPE (SalveToastBar, salve_toast_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void show_toast (SalveToastBar *self,
                        AdwToast      *toast);

static void
stop_timeout (SalveToastBar *self)
{
  g_clear_handle_id (&self->timeout_source, g_source_remove);
}

static gboolean
timeout_cb (gpointer user_data)
{
  SalveToastBar *self = user_data;

  self->timeout_source = 0;
  salve_toast_bar_dismiss (self);

  return G_SOURCE_REMOVE;
}

/* The toast in sight goes after its timeout (0: when dismissed), counted
 * from when the pointer and the focus last left it. */
static void
start_timeout (SalveToastBar *self)
{
  guint seconds;

  stop_timeout (self);
  if (self->shown == NULL || self->inhibit > 0)
    return;
  seconds = adw_toast_get_timeout (self->shown);
  if (seconds > 0)
    self->timeout_source = g_timeout_add_seconds (seconds, timeout_cb, self);
}

static void toast_dismissed (AdwToast      *toast,
                             SalveToastBar *self);

static void
forget (SalveToastBar *self,
        AdwToast      *toast)
{
  g_signal_handlers_disconnect_by_func (toast, toast_dismissed, self);
  g_object_unref (toast);
}

static gboolean
has_focus_within (SalveToastBar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self));
}

/* Back where salve_toast_bar_focus() took the focus from, if that is
 * still there to take it. */
static gboolean
give_back_focus (SalveToastBar *self)
{
  GtkWidget *before = self->focus_before;

  g_clear_weak_pointer (&self->focus_before);
  return before != NULL &&
         gtk_widget_get_root (before) == gtk_widget_get_root (GTK_WIDGET (self)) &&
         gtk_widget_get_mapped (before) &&
         gtk_widget_grab_focus (before);
}

static void
toast_dismissed (AdwToast      *toast,
                 SalveToastBar *self)
{
  if (toast != self->shown)
    {
      if (g_queue_remove (&self->waiting, toast))
        forget (self, toast);
      return;
    }

  stop_timeout (self);
  self->shown = NULL;
  forget (self, toast);

  if (!g_queue_is_empty (&self->waiting))
    show_toast (self, g_queue_pop_head (&self->waiting));
  else
    {
      /* The focus is not left on a button about to slide out of sight. */
      if (has_focus_within (self))
        give_back_focus (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
}

/* @toast (a reference the bar keeps) comes in sight. */
static void
show_toast (SalveToastBar *self,
            AdwToast      *toast)
{
  const char *label = adw_toast_get_button_label (toast);
  const char *title = adw_toast_get_title (toast);
  gboolean was_active = self->shown != NULL;

  self->shown = toast;
  gtk_label_set_text (GTK_LABEL (self->title), title != NULL ? title : "");
  gtk_widget_set_visible (self->button, label != NULL && *label != '\0');
  if (label != NULL)
    gtk_button_set_label (GTK_BUTTON (self->button), label);
  /* The target first: an action that takes one is checked against it
   * as soon as it is named. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->button), adw_toast_get_action_target_value (toast));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), adw_toast_get_action_name (toast));
  start_timeout (self);

  if (!was_active)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

/* Dismisses @toast, in sight or waiting, unless it was dismissed
 * already: "dismissed" is emitted once, and toast_dismissed() hears it. */
static gboolean
dismiss (SalveToastBar *self,
         AdwToast      *toast)
{
  if (toast == NULL || (toast != self->shown && g_queue_find (&self->waiting, toast) == NULL))
    return FALSE;

  g_signal_emit_by_name (toast, "dismissed");
  return TRUE;
}

/* The button dismisses its own toast, also when its handler brought
 * another one in sight. */
static void
button_clicked (SalveToastBar *self)
{
  g_autoptr(AdwToast) toast = self->shown != NULL ? g_object_ref (self->shown) : NULL;

  if (toast == NULL)
    return;

  g_signal_emit_by_name (toast, "button-clicked");
  dismiss (self, toast);
}

static void
inhibit (SalveToastBar *self)
{
  self->inhibit++;
  stop_timeout (self);
}

static void
uninhibit (SalveToastBar *self)
{
  if (self->inhibit > 0 && --self->inhibit == 0)
    start_timeout (self);
}

/* A toast that goes with the window is dismissed too, as in an
 * AdwToastOverlay: whoever waits for its "dismissed" hears of it. */
static void
dismiss_unseen (SalveToastBar *self,
                AdwToast      *toast)
{
  g_signal_handlers_disconnect_by_func (toast, toast_dismissed, self);
  g_signal_emit_by_name (toast, "dismissed");
  g_object_unref (toast);
}

static void
salve_toast_bar_dispose (GObject *object)
{
  SalveToastBar *self = SALVE_TOAST_BAR (object);
  AdwToast *toast;

  stop_timeout (self);
  g_clear_weak_pointer (&self->focus_before);
  if (self->shown != NULL)
    dismiss_unseen (self, g_steal_pointer (&self->shown));
  while ((toast = g_queue_pop_head (&self->waiting)) != NULL)
    dismiss_unseen (self, toast);

  g_clear_pointer (&self->title, gtk_widget_unparent);
  g_clear_pointer (&self->button, gtk_widget_unparent);
  g_clear_pointer (&self->close, gtk_widget_unparent);

  G_OBJECT_CLASS (salve_toast_bar_parent_class)->dispose (object);
}

static void
salve_toast_bar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SalveToastBar *self = SALVE_TOAST_BAR (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->shown != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_toast_bar_class_init (SalveToastBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_toast_bar_dispose;
  object_class->get_property = salve_toast_bar_get_property;

  /**
   * SalveToastBar:active:
   *
   * A toast is in sight.
   */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* libadwaita's toast style. */
  gtk_widget_class_set_css_name (widget_class, "toast");
  /* A grid, not a box: GTK 4.8's horizontal box finds the height of a
   * wrapping label by trying one height after another, each time laying
   * the title out again (some two hundred times for "Diary entry
   * deleted"); a grid gives each column its width and asks the height
   * once. The CSS border-spacing spaces the columns, as it did the box. */
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_GRID_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
set_column (SalveToastBar *self,
            GtkWidget     *child,
            int            column)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_grid_layout_child_set_column (GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout, child)),
                                    column);
}

static void
salve_toast_bar_init (SalveToastBar *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_queue_init (&self->waiting);

  self->title = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (self->title), 50);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_widget_set_hexpand (self->title, TRUE);
  gtk_widget_set_halign (self->title, GTK_ALIGN_START);
  gtk_widget_set_valign (self->title, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->title, GTK_WIDGET (self));

  /* Shown with a toast that has a button label. */
  self->button = gtk_button_new ();
  gtk_widget_set_visible (self->button, FALSE);
  gtk_button_set_use_underline (GTK_BUTTON (self->button), TRUE);
  gtk_widget_set_focus_on_click (self->button, FALSE);
  gtk_widget_set_valign (self->button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (button_clicked), self);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));

  self->close = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_set_focus_on_click (self->close, FALSE);
  gtk_widget_set_valign (self->close, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->close, "circular");
  gtk_widget_add_css_class (self->close, "flat");
  /* Translators: the close button of a message at the bottom of the window */
  salve_tooltip_set_text (self->close, _("Dismiss"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->close), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dismiss"), -1);
  g_signal_connect_swapped (self->close, "clicked", G_CALLBACK (salve_toast_bar_dismiss), self);
  gtk_widget_set_parent (self->close, GTK_WIDGET (self));
  set_column (self, self->title, 0);
  set_column (self, self->button, 1);
  set_column (self, self->close, 2);

  /* Not while it is being read or used. */
  g_signal_connect_swapped (motion, "enter", G_CALLBACK (inhibit), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (uninhibit), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (inhibit), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (uninhibit), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

GtkWidget *
salve_toast_bar_new (void)
{
  return g_object_new (SALVE_TYPE_TOAST_BAR, NULL);
}

/**
 * salve_toast_bar_add:
 * @self: a #SalveToastBar
 * @toast: (transfer full): the toast
 *
 * Shows @toast now when none is in sight or it has the high priority (the
 * one in sight then comes back after it), else after those before it.
 */
void
salve_toast_bar_add (SalveToastBar *self,
                     AdwToast      *toast)
{
  g_return_if_fail (SALVE_IS_TOAST_BAR (self));
  g_return_if_fail (ADW_IS_TOAST (toast));
  g_return_if_fail (toast != self->shown && g_queue_find (&self->waiting, toast) == NULL);

  g_signal_connect (toast, "dismissed", G_CALLBACK (toast_dismissed), self);

  if (self->shown == NULL)
    show_toast (self, toast);
  else if (adw_toast_get_priority (toast) == ADW_TOAST_PRIORITY_HIGH)
    {
      g_queue_push_head (&self->waiting, self->shown);
      show_toast (self, toast);
    }
  else
    g_queue_push_tail (&self->waiting, toast);
}

/**
 * salve_toast_bar_get_shown:
 * @self: a #SalveToastBar
 *
 * Returns: (transfer none) (nullable): the toast in sight
 */
AdwToast *
salve_toast_bar_get_shown (SalveToastBar *self)
{
  g_return_val_if_fail (SALVE_IS_TOAST_BAR (self), NULL);

  return self->shown;
}

void
salve_toast_press_button (AdwToast *toast)
{
  g_autoptr(AdwToast) held = NULL;

  g_return_if_fail (ADW_IS_TOAST (toast));

  /* Whoever hears the click may drop the last reference but this. */
  held = g_object_ref (toast);
  g_signal_emit_by_name (held, "button-clicked");
  g_signal_emit_by_name (held, "dismissed");
}

/**
 * salve_toast_bar_focus:
 * @self: a #SalveToastBar
 *
 * Takes the focus to the toast in sight, on its button (Undo) or else
 * its close button; from there, back to where it was. The toast stays
 * while it has the focus.
 *
 * Returns: %FALSE when the focus did not move: no toast in sight, or
 *   the focus was on it and the place it came from is gone
 */
gboolean
salve_toast_bar_focus (SalveToastBar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_return_val_if_fail (SALVE_IS_TOAST_BAR (self), FALSE);

  if (root == NULL || self->shown == NULL)
    return FALSE;
  if (has_focus_within (self))
    return give_back_focus (self);

  g_set_weak_pointer (&self->focus_before, gtk_root_get_focus (root));
  if (gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD))
    return TRUE;
  g_clear_weak_pointer (&self->focus_before);
  return FALSE;
}

/**
 * salve_toast_bar_dismiss:
 * @self: a #SalveToastBar
 *
 * Dismisses the toast in sight: it emits "dismissed", and the next one
 * comes.
 *
 * Returns: %FALSE when no toast was in sight
 */
gboolean
salve_toast_bar_dismiss (SalveToastBar *self)
{
  g_return_val_if_fail (SALVE_IS_TOAST_BAR (self), FALSE);

  return dismiss (self, self->shown);
}
