/* salve-patients-view.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-patients-view"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "salve-add-patient.h"
#include "salve-background.h"
#include "salve-backup.h"
#include "salve-care-plan-dialog.h"
#include "salve-exporter.h"
#include "salve-import-dialog.h"
#include "salve-patient-summary.h"
#include "salve-patients-view.h"
#include "salve-profile-repo.h"
#include "salve-rules.h"
#include "salve-time.h"
#include "salve-toast-bar.h"
#include "salve-tooltip.h"
#include "salve-view.h"
#include "salve-window.h"

struct _SalvePatientsView
{
  AdwBin        parent_instance;

  GtkStack     *stack;
  GtkListBox   *list;
  GtkSearchEntry *search;
  GtkDropDown  *sort;

  SalveDb      *db;
  SalveProfile *profile;
  GPtrArray    *summaries;
  GCancellable *load_cancellable; /* the summaries being read */
  guint         rows_source;      /* adds the rows a few at a time */
  gboolean      rows_wait;        /* the first frame goes by without rows */
  gboolean      out_of_sight;     /* unmapped since the summaries were read */
  guint         n_rows;           /* summaries shown as rows so far */
  GArray       *row_order;        /* guint indices into summaries, in the list's order */

  AdwToast     *undo_toast;   /* the last delete's, while shown */
  guint         busy;         /* deletes and undos running */
  /* Where the focus goes once the list is built again after a delete
   * (the row now at the deleted one's place) or an Undo (the patient
   * back): it went with the row that had it. */
  gboolean      focus_pending;
  guint         focus_at;
  gint64        focus_id;     /* 0: by place */
};

static void salve_patients_view_iface_init (SalveViewInterface *iface);

/* The sort drop-down's items, in the order of the template. */
enum { SORT_ATTENTION, SORT_NAME };

G_DEFINE_FINAL_TYPE_WITH_CODE (SalvePatientsView, salve_patients_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (SALVE_TYPE_VIEW, salve_patients_view_iface_init))

/* Entries older than this make the numbers stale and the patient one
 * to look at. */
#define STALE_DAYS 7

/* Whole calendar days from @iso to today, local time; -1 when unknown. */
static int
days_ago (const char *iso)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate then, today;

  if (iso == NULL || *iso == '\0' || (dt = salve_time_parse_iso (iso)) == NULL)
    return -1;

  local = g_date_time_to_local (dt);
  g_date_clear (&then, 1);
  g_date_clear (&today, 1);
  g_date_set_dmy (&then, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));

  return MAX (0, g_date_days_between (&then, &today));
}

/* "today", "yesterday", "10 days ago": an old value reads as old. */
static char *
format_age (int days)
{
  if (days == 0)
    return g_strdup (_("today"));
  if (days == 1)
    return g_strdup (_("yesterday"));

  return g_strdup_printf (ngettext ("%d day ago", "%d days ago", days), days);
}

static char *
format_when (const char *iso)
{
  g_autoptr(GDateTime) dt = iso ? salve_time_parse_iso (iso) : NULL;
  g_autoptr(GDateTime) local = dt ? g_date_time_to_local (dt) : NULL;

  return local ? salve_time_format_date_time (local) : NULL;
}

static SalvePatientSummary *
find_summary (SalvePatientsView *self,
              gint64             profile_id)
{
  for (guint i = 0; self->summaries && i < self->summaries->len; i++)
    {
      SalvePatientSummary *s = g_ptr_array_index (self->summaries, i);

      if (salve_profile_get_id (s->profile) == profile_id)
        return s;
    }

  return NULL;
}

static GtkWidget *
make_trend (const SalvePatientSummary *s,
            gboolean                   stale)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *mean_label;
  GtkWidget *caption;
  GtkWidget *change_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  g_autofree char *mean_text = NULL;
  g_autofree char *tooltip = NULL;

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);

  /* Translators: the 7-day mean of the pain scores, e.g. "4.3 / 10" */
  mean_text = s->has_current ? g_strdup_printf (_("%.1f / 10"), s->current) : g_strdup ("—");
  mean_label = gtk_label_new (mean_text);
  gtk_widget_add_css_class (mean_label, "heading");
  gtk_label_set_xalign (GTK_LABEL (mean_label), 1);
  gtk_box_append (GTK_BOX (box), mean_label);

  if (s->has_change)
    {
      const char *icon = fabs (s->change_percent) < 0.5 ? "go-next-symbolic"
                         : s->change_percent < 0 ? "go-down-symbolic" : "go-up-symbolic";
      GtkWidget *arrow = gtk_image_new_from_icon_name (icon);
      /* Translators: change of pain from the baseline, e.g. "−33 %" */
      g_autofree char *pct = g_strdup_printf (_("%+.0f %%"), s->change_percent);
      GtkWidget *pct_label = gtk_label_new (pct);

      /* Less pain is the good direction. */
      gtk_widget_add_css_class (change_box, s->change_percent <= -10 ? "success"
                                            : s->change_percent >= 10 ? "warning" : "dim-label");
      gtk_box_append (GTK_BOX (change_box), arrow);
      gtk_box_append (GTK_BOX (change_box), pct_label);
      gtk_widget_set_halign (change_box, GTK_ALIGN_END);
      gtk_box_append (GTK_BOX (box), change_box);
      tooltip = g_strdup_printf (_("7-day mean %.1f, %+.0f %% from the baseline"), s->current, s->change_percent);
    }
  else
    {
      caption = gtk_label_new (s->has_current ? _("no baseline yet") : _("no entries"));
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (caption), 1);
      gtk_box_append (GTK_BOX (box), caption);
      tooltip = g_strdup (_("7-day mean of the pain scores"));
    }

  if (stale && s->has_current)
    {
      g_autofree char *last = format_when (s->last_entry_at);
      g_autofree char *old = tooltip;

      /* An old mean must not look like today's. */
      gtk_widget_add_css_class (box, "dim-label");
      /* Translators: tooltip of a stale 7-day mean; %s is the date and time of the last entry */
      tooltip = g_strdup_printf (_("%s, up to the last entry on %s"), old, last);
    }

  salve_tooltip_set_text (box, tooltip);
  return box;
}

static GtkWidget *
make_tag (GtkWidget  *tags,
          const char *text,
          const char *style)
{
  GtkWidget *tag;

  if (tags == NULL)
    return NULL;

  tag = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (tag), TRUE);
  gtk_label_set_xalign (GTK_LABEL (tag), 0);
  gtk_widget_add_css_class (tag, "salve-tag");
  gtk_widget_add_css_class (tag, style);
  gtk_widget_set_halign (tag, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (tags), tag);

  return tag;
}

/* More than every other tag together (3 + 2 + 2 + 2 + 2 + 2). */
#define DOCTOR_SIGN 20

/* What needs attention, as tags in the row (none when @tags is NULL);
 * returns how much (more is more urgent), the order "Needs attention
 * first" sorts by. */
static int
add_tags (GtkWidget                 *tags,
          const SalvePatientSummary *s)
{
  int days = days_ago (s->last_entry_at);
  int attention = 0;

  /* The signs to see a doctor about come before anything else: first
   * in the row, and each outweighs all the rest together (numbness sorted
   * below a checklist not filled in and a week without entries). */
  if (s->warnings[SALVE_WARNING_NEW_WEAKNESS])
    {
      /* Translators: a tag in the patient list: the diary of this week noted it */
      make_tag (tags, _("New weakness noted"), "error");
      attention += DOCTOR_SIGN;
    }
  if (s->warnings[SALVE_WARNING_NUMBNESS])
    {
      /* Translators: a tag in the patient list: the diary of this week noted it */
      make_tag (tags, _("Numbness noted"), "error");
      attention += DOCTOR_SIGN;
    }
  /* A blister or burn found after a session, perhaps not felt. */
  if (s->broken_skin)
    {
      /* Translators: a tag in the patient list: the checklist says so */
      make_tag (tags, _("Broken skin"), "error");
      attention += DOCTOR_SIGN;
    }

  if (s->n_answered < SALVE_N_CONDITIONS)
    {
      /* Translators: a tag in the patient list */
      g_autofree char *text = g_strdup_printf (_("Checklist: %u of %u answered"), s->n_answered,
                                               (guint) SALVE_N_CONDITIONS);

      make_tag (tags, text, "error");
      attention += 3;
    }

  if (s->has_signoff && s->signoff_changes > 0)
    {
      /* Translators: a tag in the patient list */
      g_autofree char *text = g_strdup_printf (ngettext ("Sign-off out of date: %u answer changed",
                                                         "Sign-off out of date: %u answers changed",
                                                         s->signoff_changes),
                                               s->signoff_changes);

      make_tag (tags, text, "warning");
      attention += 2;
    }

  if (s->warnings[SALVE_WARNING_RISING_PAIN])
    {
      /* Translators: a tag in the patient list: three weeks of rising means */
      make_tag (tags, _("Pain rising"), "warning");
      attention += 2;
    }
  if (s->warnings[SALVE_WARNING_NO_IMPROVEMENT])
    {
      /* Translators: a tag in the patient list: no improvement after three weeks of the plan */
      make_tag (tags, _("No improvement"), "warning");
      attention += 2;
    }

  if (s->review_due)
    {
      make_tag (tags, _("Review due"), "warning");
      attention += 2;
    }

  if (days < 0)
    {
      make_tag (tags, _("No diary entries yet"), "warning");
      attention += 1;
    }
  else if (days >= STALE_DAYS)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("No entries for %d day", "No entries for %d days", days), days);

      make_tag (tags, text, "warning");
      attention += 2;
    }

  return attention;
}

static GMenuModel *
make_menu (gint64 id)
{
  GMenu *menu = g_menu_new ();
  GMenu *section = g_menu_new ();
  struct { const char *label; const char *action; } items[] = {
    { N_("_Import a Log…"), "patients.import" },
    { N_("_Export…"), "patients.export" },
    { N_("Re_port…"), "patients.report" },
    { N_("_Care Plan…"), "patients.care-plan" },
    { N_("_Rename…"), "patients.rename" },
    { N_("_Delete…"), "patients.delete" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, items[i].action, g_variant_new_int64 (id));
      g_menu_append_item (i < 4 ? menu : section, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);

  return G_MENU_MODEL (menu);
}

/* The check mark before the active patient's name. */
static void
show_active (GtkWidget *check,
             gboolean   active)
{
  gtk_widget_set_opacity (check, active ? 1 : 0);
  salve_tooltip_set_text (check, active ? _("The active patient") : NULL);
}

/* A row's menu is built the first time it opens: fifty popovers made
 * with the rows would hold up the list's first frame. */
static void
create_row_menu (GtkMenuButton *button,
                 gpointer       user_data)
{
  if (gtk_menu_button_get_menu_model (button) == NULL)
    {
      g_autoptr(GMenuModel) menu = make_menu (GPOINTER_TO_INT (user_data));

      gtk_menu_button_set_menu_model (button, menu);
    }
}

/* A name as a search finds it: any case, and without its accents, as a
 * keyboard without them types it ("remy" finds Rémy, "ozlem" Özlem). */
static char *
search_key (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autofree char *split = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  GString *key = g_string_new (NULL);

  for (const char *p = split; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (key, c);
    }

  return g_string_free (key, FALSE);
}

static GtkWidget *
make_row (SalvePatientsView         *self,
          const SalvePatientSummary *s)
{
  gint64 id = salve_profile_get_id (s->profile);
  const char *name = salve_profile_get_name (s->profile);
  gboolean active = self->profile && salve_profile_get_id (self->profile) == id;
  int entry_days = days_ago (s->last_entry_at);
  int session_days = days_ago (s->last_session_at);
  g_autofree char *entry_age = entry_days >= 0 ? format_age (entry_days) : NULL;
  g_autofree char *session_age = session_days >= 0 ? format_age (session_days) : NULL;
  g_autofree char *entry_text = NULL;
  g_autofree char *session_text = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *entry_when = format_when (s->last_entry_at);
  g_autofree char *session_when = format_when (s->last_session_at);
  g_autofree char *menu_tip = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  /* A grid, not a horizontal box: GTK 4.8's box finds the height of a
   * row with wrapping labels by trying one height after another, each
   * laying out every label again, where a grid gives each column its
   * width and asks its height once (a row's first frame laid its labels
   * out about 230 times in a box, about 95 in a grid). */
  GtkWidget *box = gtk_grid_new ();
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");
  GtkWidget *title = gtk_label_new (name);
  GtkWidget *sub;
  /* One tag a line: narrow enough for a phone-sized window, and (unlike
   * a flow box) as tall as the width it gets needs. */
  GtkWidget *tags = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *menu_button = gtk_menu_button_new ();
  int attention;

  /* Translators: e.g. "last session yesterday" */
  session_text = session_age ? g_strdup_printf (_("last session %s"), session_age) : g_strdup (_("no sessions"));
  if (entry_age != NULL)
    {
      /* Translators: when a patient last wrote in the diary, e.g. "Last entry 10 days ago" */
      entry_text = g_strdup_printf (_("Last entry %s"), entry_age);
      /* Translators: the two dates of a patient's row, "Last entry 10 days ago · last session today" */
      subtitle = g_strdup_printf (_("%s · %s"), entry_text, session_text);
    }
  else
    {
      /* No diary: its tag says so. Translators: e.g. "Last session yesterday" */
      subtitle = session_age ? g_strdup_printf (_("Last session %s"), session_age) : g_strdup (_("No sessions yet"));
    }
  /* Translators: tooltip with the exact dates of a patient's row */
  tooltip = g_strdup_printf (_("Last diary entry: %s\nLast session: %s"),
                             entry_when ? entry_when : _("none"), session_when ? session_when : _("none"));

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 8);

  gtk_grid_set_column_spacing (GTK_GRID (box), 12);
  show_active (check, active);
  gtk_grid_attach (GTK_GRID (box), check, 0, 0, 1, 1);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (text), title);
  sub = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_wrap (GTK_LABEL (sub), TRUE);
  gtk_widget_add_css_class (sub, "caption");
  gtk_widget_add_css_class (sub, "dim-label");
  salve_tooltip_set_text (sub, tooltip);
  gtk_box_append (GTK_BOX (text), sub);

  gtk_widget_set_halign (tags, GTK_ALIGN_START);
  attention = add_tags (tags, s);
  gtk_widget_set_visible (tags, attention > 0);
  gtk_box_append (GTK_BOX (text), tags);
  gtk_grid_attach (GTK_GRID (box), text, 1, 0, 1, 1);

  gtk_grid_attach (GTK_GRID (box), make_trend (s, entry_days >= STALE_DAYS), 2, 0, 1, 1);

  /* Labelled actions in a menu: the row stays narrow enough for a
   * phone-sized window. */
  /* Translators: the menu button of a patient's row; %s is the patient */
  menu_tip = g_strdup_printf (_("Import, Export, Report, Care Plan, Rename or Delete %s"), name);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (menu_button), create_row_menu,
                                         GINT_TO_POINTER ((int) id), NULL);
  salve_tooltip_set_text (menu_button, menu_tip);
  salve_tooltip_hide_while_open (GTK_MENU_BUTTON (menu_button));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, menu_tip, -1);
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_grid_attach (GTK_GRID (box), menu_button, 3, 0, 1, 1);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  /* Translators: what activating a row in the patient list does */
  salve_tooltip_set_text (row, _("Open this patient’s diary"));

  g_object_set_data (G_OBJECT (row), "profile-id", GINT_TO_POINTER ((int) id));
  g_object_set_data (G_OBJECT (row), "check", check);
  g_object_set_data (G_OBJECT (row), "attention", GINT_TO_POINTER (attention));
  g_object_set_data_full (G_OBJECT (row), "folded-name", g_utf8_casefold (name, -1), g_free);
  g_object_set_data_full (G_OBJECT (row), "search-key", search_key (name), g_free);

  return row;
}

/* The list's order, of rows (sort_rows()) and of the patients before
 * their rows are made (order_rows()): with "Needs attention first" the
 * more urgent first, then by name. */
static int
compare_patients (SalvePatientsView *self,
                  int                attention_a,
                  const char        *folded_name_a,
                  int                attention_b,
                  const char        *folded_name_b)
{
  if (gtk_drop_down_get_selected (self->sort) == SORT_ATTENTION && attention_a != attention_b)
    return attention_b - attention_a;

  return g_utf8_collate (folded_name_a, folded_name_b);
}

static int
sort_rows (GtkListBoxRow *a,
           GtkListBoxRow *b,
           gpointer       user_data)
{
  return compare_patients (user_data,
                           GPOINTER_TO_INT (g_object_get_data (G_OBJECT (a), "attention")),
                           g_object_get_data (G_OBJECT (a), "folded-name"),
                           GPOINTER_TO_INT (g_object_get_data (G_OBJECT (b), "attention")),
                           g_object_get_data (G_OBJECT (b), "folded-name"));
}

static gboolean
filter_rows (GtkListBoxRow *row,
             gpointer       user_data)
{
  SalvePatientsView *self = user_data;
  g_autofree char *needle = search_key (gtk_editable_get_text (GTK_EDITABLE (self->search)));

  return strstr (g_object_get_data (G_OBJECT (row), "search-key"), g_strstrip (needle)) != NULL;
}

static void release_height (SalvePatientsView *self);

static void
on_search_changed (GtkSearchEntry    *entry,
                   SalvePatientsView *self)
{
  release_height (self);
  gtk_list_box_invalidate_filter (self->list);
}

static void
on_sort_changed (GtkDropDown       *sort,
                 GParamSpec        *pspec,
                 SalvePatientsView *self)
{
  gtk_list_box_invalidate_sort (self->list);
}

/* A row is a dozen widgets, and its wrapping labels are laid out in the
 * frame after it is added: a few ms a row. Fifty patients at once would
 * hold up the window for several frames, so they come one a frame (the
 * eight a window shows within eight frames, about 130 ms at 60 Hz). */
#define ROWS_PER_FRAME 1

static GtkWidget *
row_of (SalvePatientsView *self,
        gint64             id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "profile-id")) == id)
      return row;
  return NULL;
}

/* The focus into the list again after a delete or an Undo, once the row
 * it goes to is there; not when the person has put it somewhere outside
 * the list meanwhile. Ctrl+Z is heard while it is in the view. */
static void
take_pending_focus (SalvePatientsView *self)
{
  gboolean all = self->summaries == NULL || self->n_rows >= self->summaries->len;
  GtkWidget *row;
  GtkWidget *focus;
  GtkRoot *root;

  if (!self->focus_pending)
    return;

  if (self->focus_id > 0)
    row = row_of (self, self->focus_id);
  else
    row = (GtkWidget *) gtk_list_box_get_row_at_index (self->list, (int) self->focus_at);
  if (row == NULL && !all)
    return;
  if (row == NULL && self->n_rows > 0)
    row = (GtkWidget *) gtk_list_box_get_row_at_index (self->list, (int) self->n_rows - 1);

  self->focus_pending = FALSE;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (root == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  /* Nowhere, or on a row of the list GTK gave it when its row went. */
  focus = gtk_root_get_focus (root);
  if (focus != NULL && !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list)))
    return;
  if (row == NULL || !gtk_widget_grab_focus (row))
    gtk_widget_grab_focus (GTK_WIDGET (self->search));
}

static gboolean
add_rows (SalvePatientsView *self)
{
  for (guint n = 0; n < ROWS_PER_FRAME && self->n_rows < self->summaries->len; n++)
    {
      guint i = g_array_index (self->row_order, guint, self->n_rows++);

      gtk_list_box_append (self->list, make_row (self, g_ptr_array_index (self->summaries, i)));
    }
  take_pending_focus (self);

  return self->n_rows < self->summaries->len;
}

/* A list that grows by each batch has its card, every row of it in
 * sight, drawn again in every frame, also when the new rows are below the
 * window's edge. From the first batch on it keeps the height all its rows
 * will take, as the first rows' heights at the list's width tell it (GTK
 * keeps those measures for the layout of the same frame), and gets its
 * own height back with the last row (or another list, or a search). A
 * search shows only some of the rows: then the list grows as they come. */
static void
keep_height (SalvePatientsView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->list));
  int kept = -1;
  gint64 height = 0;
  guint n = 0;

  gtk_widget_get_size_request (GTK_WIDGET (self->list), NULL, &kept);
  if (kept >= 0 || width <= 0 || *gtk_editable_get_text (GTK_EDITABLE (self->search)) != '\0')
    return;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      int row_height = 0;

      gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, width, &row_height, NULL, NULL, NULL);
      height += row_height;
      n++;
    }
  if (n == 0 || n >= self->summaries->len)
    return;

  gtk_widget_set_size_request (GTK_WIDGET (self->list), -1,
                               (int) MIN (height * self->summaries->len / n, G_MAXINT / 2));
}

static void
release_height (SalvePatientsView *self)
{
  gtk_widget_set_size_request (GTK_WIDGET (self->list), -1, -1);
}

/* One batch a frame: the layout of new rows is what costs, and it runs
 * in the frame after they were added. */
static gboolean
add_rows_tick_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  SalvePatientsView *self = SALVE_PATIENTS_VIEW (widget);

  if (self->rows_wait)
    {
      self->rows_wait = FALSE;
      return G_SOURCE_CONTINUE;
    }

  /* The rows are all there: the list takes its own height in a frame
   * of its own (its card is drawn again), and rows_stopped() follows. */
  if (self->n_rows >= self->summaries->len)
    {
      release_height (self);
      return G_SOURCE_REMOVE;
    }

  add_rows (self);
  keep_height (self);
  return G_SOURCE_CONTINUE;
}

static gint64
active_id (SalvePatientsView *self)
{
  return self->profile != NULL ? salve_profile_get_id (self->profile) : 0;
}

/* What the rows show of @a and @b is the same. */
static gboolean
same_rows (GPtrArray *a,
           GPtrArray *b)
{
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const SalvePatientSummary *x = g_ptr_array_index (a, i);
      const SalvePatientSummary *y = g_ptr_array_index (b, i);

      if (salve_profile_get_id (x->profile) != salve_profile_get_id (y->profile) ||
          g_strcmp0 (salve_profile_get_name (x->profile), salve_profile_get_name (y->profile)) != 0 ||
          g_strcmp0 (x->last_entry_at, y->last_entry_at) != 0 ||
          g_strcmp0 (x->last_session_at, y->last_session_at) != 0 ||
          x->has_current != y->has_current || x->current != y->current ||
          x->has_change != y->has_change || x->change_percent != y->change_percent ||
          x->n_entries != y->n_entries || x->n_answered != y->n_answered ||
          x->has_signoff != y->has_signoff || x->signoff_changes != y->signoff_changes ||
          x->review_due != y->review_due || x->broken_skin != y->broken_skin ||
          memcmp (x->warnings, y->warnings, sizeof x->warnings) != 0)
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  guint  index;
  int    attention;
  char  *folded_name;
} RowKey;

static int
compare_row_keys (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const RowKey *x = a;
  const RowKey *y = b;

  return compare_patients (user_data, x->attention, x->folded_name, y->attention, y->folded_name);
}

/* The rows are made in the order the list shows them (compare_patients()),
 * so the first frames show the top of the list, and with "Needs attention
 * first" the most urgent patients come first rather than last. */
static void
order_rows (SalvePatientsView *self)
{
  guint n = self->summaries != NULL ? self->summaries->len : 0;
  g_autoptr(GArray) keys = g_array_sized_new (FALSE, FALSE, sizeof (RowKey), n);

  g_clear_pointer (&self->row_order, g_array_unref);
  self->row_order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  for (guint i = 0; i < n; i++)
    {
      const SalvePatientSummary *s = g_ptr_array_index (self->summaries, i);
      RowKey key = { i, add_tags (NULL, s), g_utf8_casefold (salve_profile_get_name (s->profile), -1) };

      g_array_append_val (keys, key);
    }
  g_array_sort_with_data (keys, compare_row_keys, self);
  for (guint i = 0; i < n; i++)
    {
      RowKey *key = &g_array_index (keys, RowKey, i);

      g_array_append_val (self->row_order, key->index);
      g_free (key->folded_name);
    }
}

/* The check mark moves to the active patient's row. */
static void
mark_active (SalvePatientsView *self)
{
  gint64 id = active_id (self);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");

      if (check != NULL)
        show_active (check, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "profile-id")) == id);
    }
}

static void
rows_stopped (gpointer user_data)
{
  SalvePatientsView *self = user_data;

  self->rows_source = 0;
  _salve_background_release ();
}

/* The rows not made yet, a batch every frame from now on. Until the last
 * is made the view counts as busy in the background, like its workers
 * (the tests wait for that); however the batches stop, by the last one,
 * by another list or with the window, rows_stopped() ends it. */
static void
start_rows (SalvePatientsView *self,
            gboolean           after_frame)
{
  if (self->rows_source != 0 || self->summaries == NULL || self->n_rows >= self->summaries->len)
    return;
  if (!after_frame && !add_rows (self))
    return;

  _salve_background_hold ();
  self->rows_wait = after_frame;
  self->rows_source = gtk_widget_add_tick_callback (GTK_WIDGET (self), add_rows_tick_cb, self, rows_stopped);
}

static void
show_summaries (SalvePatientsView *self,
                GPtrArray         *summaries)
{
  GtkWidget *child;

  /* Fifty rows made again for nothing would hold up the window: when
   * they would show the same, only the figures behind them change (and
   * the check mark, when another patient became the active one). */
  if (self->summaries != NULL && same_rows (self->summaries, summaries))
    {
      g_ptr_array_unref (self->summaries);
      self->summaries = summaries;
      mark_active (self);
      return;
    }

  if (self->rows_source != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->rows_source);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  release_height (self);
  g_clear_pointer (&self->summaries, g_ptr_array_unref);
  self->summaries = summaries;
  self->n_rows = 0;
  order_rows (self);

  /* A view not on screen makes its rows when it shows, a few a frame
   * from the first one on. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_rows (self, FALSE);

  gtk_stack_set_visible_child_name (self->stack,
                                    self->summaries && self->summaries->len > 0 ? "list" : "empty");
}

/* Every patient's statistics read every diary: a worker thread with its
 * own connection does that, never the GTK thread. */
static void
summaries_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autoptr(SalveDb) db = NULL;
  GError *error = NULL;
  GPtrArray *summaries = NULL;

  if (!g_cancellable_set_error_if_cancelled (cancellable, &error))
    db = salve_db_open_existing (task_data, &error);
  if (db != NULL)
    summaries = salve_patient_summary_list (db, &error);
  if (summaries == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summaries, (GDestroyNotify) g_ptr_array_unref);
}

static void
summaries_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SalvePatientsView) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *summaries;

  _salve_background_release ();
  summaries = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    {
      g_clear_pointer (&summaries, g_ptr_array_unref);
      return;
    }

  g_clear_object (&self->load_cancellable);
  if (summaries == NULL)
    g_warning ("Could not summarise the patients: %s", error->message);
  show_summaries (self, summaries);
}

static void
reload (SalvePatientsView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patients.add", self->db != NULL);

  if (self->db == NULL)
    {
      show_summaries (self, NULL);
      return;
    }

  self->out_of_sight = FALSE;
  self->load_cancellable = g_cancellable_new ();
  _salve_background_hold ();
  task = g_task_new (NULL, self->load_cancellable, summaries_done_cb, g_object_ref (self));
  g_task_set_task_data (task, g_strdup (salve_db_get_path (self->db)), g_free);
  g_task_run_in_thread (task, summaries_thread);
}

static void
salve_patients_view_set_context (SalveView    *view,
                                 SalveDb      *db,
                                 SalveProfile *profile)
{
  SalvePatientsView *self = SALVE_PATIENTS_VIEW (view);

  g_set_object (&self->db, db);
  g_set_object (&self->profile, profile);
  mark_active (self);
  reload (self);
}

static void
salve_patients_view_map (GtkWidget *widget)
{
  SalvePatientsView *self = SALVE_PATIENTS_VIEW (widget);

  GTK_WIDGET_CLASS (salve_patients_view_parent_class)->map (widget);

  /* The view comes into sight in a frame of its own, its rows from the
   * next one on: the two in one frame were the longest wait in it. */
  start_rows (self, TRUE);

  /* Meanwhile an entry may have been added, edited or deleted (in the
   * diary, by salvectl): the means and trends are read again, in a
   * worker, or the list showed a trend that was no longer so. */
  if (self->out_of_sight)
    reload (self);
}

static void
salve_patients_view_unmap (GtkWidget *widget)
{
  SalvePatientsView *self = SALVE_PATIENTS_VIEW (widget);

  /* Read or being read, or failed to read: all as old as this moment.
   * (A load still running may have read the diary before a change.) */
  self->out_of_sight = self->db != NULL;

  GTK_WIDGET_CLASS (salve_patients_view_parent_class)->unmap (widget);
}

static void
salve_patients_view_iface_init (SalveViewInterface *iface)
{
  iface->set_context = salve_patients_view_set_context;
}

static void
on_row_activated (GtkListBox        *list,
                  GtkListBoxRow     *row,
                  SalvePatientsView *self)
{
  gint64 id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "profile-id"));
  SalvePatientSummary *s = find_summary (self, id);
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (self));

  /* The row opens that patient's diary. */
  if (s != NULL && window != NULL)
    {
      salve_window_set_profile (window, s->profile);
      salve_window_show_view (window, "diary");
    }
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SalveWindow *window = salve_window_for_widget (widget);

  if (window != NULL)
    salve_add_patient_present (window);
}

/* ---- import ---------------------------------------------------------------- */

static void
on_import_file_chosen (GtkNativeDialog   *chooser,
                       int                response,
                       SalvePatientsView *self)
{
  g_autoptr(GFile) file = NULL;
  SalveProfile *profile = g_object_get_data (G_OBJECT (chooser), "profile");
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (self));

  if (response == GTK_RESPONSE_ACCEPT && window != NULL && self->db != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file != NULL)
        gtk_window_present (GTK_WINDOW (salve_import_dialog_new (window, salve_db_get_path (self->db),
                                                                 profile, file)));
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static GtkFileFilter *
csv_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV and text files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_mime_type (filter, "text/tab-separated-values");
  gtk_file_filter_add_mime_type (filter, "text/plain");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "tsv");
  gtk_file_filter_add_suffix (filter, "txt");

  return filter;
}

void
salve_patients_view_import (SalvePatientsView *self,
                            SalveProfile      *profile)
{
  g_autofree char *title = NULL;
  g_autoptr(GtkFileFilter) filter = NULL;
  GtkFileChooserNative *chooser;

  g_return_if_fail (SALVE_IS_PATIENTS_VIEW (self));
  g_return_if_fail (SALVE_IS_PROFILE (profile));

  /* Translators: file chooser title; %s is the patient */
  title = g_strdup_printf (_("Import a Log into %s’s Diary"), salve_profile_get_name (profile));
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (salve_window_for_widget (GTK_WIDGET (self))), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  filter = csv_filter ();
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "profile", g_object_ref (profile), g_object_unref);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_import_file_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalvePatientsView *self = SALVE_PATIENTS_VIEW (widget);
  SalvePatientSummary *s = find_summary (self, g_variant_get_int64 (parameter));

  if (s != NULL)
    salve_patients_view_import (self, s->profile);
}

/* ---- export ---------------------------------------------------------------- */

typedef struct
{
  char               *db_path;
  gint64              profile_id;
  SalveCsvExportKind  kind;
  char                delimiter;
  GFile              *file;
  guint64             rows;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->db_path);
  g_clear_object (&job->file);
  g_free (job);
}

/* A worker thread with its own connection: a long diary never freezes
 * the window. */
static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(SalveDb) db = NULL;
  GError *error = NULL;

  db = salve_db_open (job->db_path, &error);
  if (db == NULL ||
      !salve_exporter_export_separated (db, job->profile_id, job->kind, FALSE, job->delimiter, job->file, cancellable,
                                        &job->rows, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SalvePatientsView *self = SALVE_PATIENTS_VIEW (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (job->file);
  g_autofree char *message = NULL;
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (self));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    /* Translators: %s is the reason */
    message = g_strdup_printf (_("Export failed: %s"), error->message);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %llu row to “%s”",
                                            "Exported %llu rows to “%s”", job->rows),
                               (unsigned long long) job->rows, name);

  if (window != NULL)
    salve_window_add_toast (window, adw_toast_new (message));
}

static void
on_export_file_chosen (GtkNativeDialog   *chooser,
                       int                response,
                       SalvePatientsView *self)
{
  g_autoptr(GTask) task = NULL;
  const char *kind = NULL;
  ExportJob *job;

  if (response != GTK_RESPONSE_ACCEPT || self->db == NULL)
    {
      gtk_native_dialog_destroy (chooser);
      g_object_unref (chooser);
      return;
    }

  job = g_new0 (ExportJob, 1);
  job->db_path = g_strdup (salve_db_get_path (self->db));
  job->profile_id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "profile-id"));
  job->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  kind = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "kind");
  if (!salve_csv_export_kind_from_id (kind, &job->kind))
    job->kind = SALVE_CSV_EXPORT_ALL;
  job->delimiter = g_strcmp0 (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "separator"),
                              "semicolon") == 0 ? ';' : ',';

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (job->file == NULL)
    {
      export_job_free (job);
      return;
    }

  task = g_task_new (self, NULL, on_export_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
on_care_plan_saved (SalvePatientsView *self)
{
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (self));

  if (window != NULL)
    salve_window_refresh (window);
}

static void
care_plan_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SalvePatientsView *self = SALVE_PATIENTS_VIEW (widget);
  SalvePatientSummary *s = find_summary (self, g_variant_get_int64 (parameter));
  SalveCarePlanDialog *dialog;

  if (s == NULL || self->db == NULL)
    return;

  dialog = salve_care_plan_dialog_new (GTK_WINDOW (salve_window_for_widget (GTK_WIDGET (self))), self->db,
                                       salve_profile_get_id (s->profile), salve_profile_get_name (s->profile));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_care_plan_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The report is of the active person: this one becomes it, as a click
 * on the row would make it, and the window asks for the period. */
static void
report_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalvePatientsView *self = SALVE_PATIENTS_VIEW (widget);
  SalvePatientSummary *s = find_summary (self, g_variant_get_int64 (parameter));
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (self));

  if (s == NULL || window == NULL)
    return;

  salve_window_set_profile (window, s->profile);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.report", NULL);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalvePatientsView *self = SALVE_PATIENTS_VIEW (widget);
  SalvePatientSummary *s = find_summary (self, g_variant_get_int64 (parameter));
  static const char *kind_ids[] = { "all", "diary", "sessions", NULL };
  const char *kind_labels[] = { _("Diary and sessions"), _("Diary only"), _("Sessions only"), NULL };
  /* A spreadsheet opens a CSV file with the list separator of its
   * language: a semicolon where the decimal point is a comma. That one
   * comes first, as the chooser shows the first at first. */
  gboolean decimal_comma = localeconv ()->decimal_point[0] == ',';
  /* Translators: short, as the file chooser's width is the sum of its
   * choices: in Dutch it has to fit an 800-pixel screen */
  const char *semicolons = _("Semicolons (Dutch)");
  const char *commas = _("Commas");
  const char *separator_ids[] = { decimal_comma ? "semicolon" : "comma", decimal_comma ? "comma" : "semicolon", NULL };
  const char *separator_labels[] = { decimal_comma ? semicolons : commas, decimal_comma ? commas : semicolons, NULL };
  g_autofree char *title = NULL;
  g_autofree char *file_name = NULL;
  GtkFileChooserNative *chooser;

  if (s == NULL)
    return;

  title = g_strdup_printf (_("Export %s’s Log"), salve_profile_get_name (s->profile));
  /* Translators: suggested file name; %s is the patient */
  file_name = g_strdup_printf (_("%s – Salve.csv"), salve_profile_get_name (s->profile));
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (salve_window_for_widget (GTK_WIDGET (self))), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "kind", _("Include"), kind_ids, kind_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "kind", "all");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "separator", _("Separated by"), separator_ids,
                               separator_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "separator", separator_ids[0]);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "profile-id", GINT_TO_POINTER ((int) salve_profile_get_id (s->profile)));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_file_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- rename ---------------------------------------------------------------- */

static void
toast (SalvePatientsView *self,
       const char        *message)
{
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (self));

  if (window != NULL)
    salve_window_add_toast (window, adw_toast_new (message));
}

gboolean
_salve_patients_view_rename (SalvePatientsView  *self,
                             gint64              profile_id,
                             const char         *new_name,
                             GError            **error)
{
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (self));
  gboolean was_active;

  g_return_val_if_fail (SALVE_IS_PATIENTS_VIEW (self), FALSE);

  if (self->db == NULL)
    return FALSE;

  was_active = self->profile != NULL && salve_profile_get_id (self->profile) == profile_id;
  if (!salve_profile_repo_rename (self->db, profile_id, new_name, error))
    return FALSE;

  if (window != NULL)
    {
      g_autoptr(SalveProfile) renamed = salve_profile_repo_get (self->db, profile_id, NULL);

      /* The active patient is remembered by name. */
      if (was_active && renamed != NULL)
        salve_window_set_profile (window, renamed);
      else
        salve_window_refresh (window);
    }
  else
    {
      reload (self);
    }

  return TRUE;
}

static void
on_rename_entry_changed (GtkEditable     *entry,
                         AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "rename",
                                           salve_profile_name_is_valid (gtk_editable_get_text (entry), NULL));
}

static void
on_rename_response (AdwMessageDialog  *dialog,
                    const char        *response,
                    SalvePatientsView *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gint64 id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "profile-id"));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "rename"))
    return;

  if (!_salve_patients_view_rename (self, id, gtk_editable_get_text (entry), &error))
    toast (self, error->message);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SalvePatientsView *self = SALVE_PATIENTS_VIEW (widget);
  SalvePatientSummary *s = find_summary (self, g_variant_get_int64 (parameter));
  GtkWidget *dialog;
  GtkWidget *entry;

  if (s == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (salve_window_for_widget (widget)), _("Rename Patient"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), _("The diary, sessions and checklist of “%s” keep going under the new name."),
                                  salve_profile_get_name (s->profile));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), salve_profile_get_name (s->profile));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("New name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "profile-id", GINT_TO_POINTER ((int) salve_profile_get_id (s->profile)));
  g_signal_connect (entry, "changed", G_CALLBACK (on_rename_entry_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- delete, and undo ------------------------------------------------------ */

typedef struct
{
  char     *db_path;
  gint64    profile_id;
  char     *name;
  char     *snapshot;
  gboolean  was_active;
  char     *renamed_to;  /* the name taken since: what Undo called the patient */
} DeleteJob;

static void
delete_job_free (DeleteJob *job)
{
  g_free (job->db_path);
  g_free (job->name);
  g_free (job->snapshot);
  g_free (job->renamed_to);
  g_free (job);
}

static DeleteJob *
delete_job_copy (const DeleteJob *job)
{
  DeleteJob *copy = g_new0 (DeleteJob, 1);

  copy->db_path = g_strdup (job->db_path);
  copy->profile_id = job->profile_id;
  copy->name = g_strdup (job->name);
  copy->snapshot = g_strdup (job->snapshot);
  copy->was_active = job->was_active;
  return copy;
}

/* With its own connection, off the GTK thread: the copy made first
 * grows with the database. */
static void
delete_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DeleteJob *job = task_data;
  GError *error = NULL;

  if (salve_backup_delete_profile (job->db_path, job->profile_id, &job->snapshot, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
undelete_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  DeleteJob *job = task_data;
  GError *error = NULL;

  if (salve_backup_undelete_profile (job->db_path, job->snapshot, job->profile_id, &job->renamed_to, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_undelete_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SalvePatientsView *self = SALVE_PATIENTS_VIEW (source);
  DeleteJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (self));

  self->busy--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      toast (self, error->message);
      return;
    }

  if (window != NULL && self->db != NULL)
    {
      g_autoptr(SalveProfile) back = salve_profile_repo_get (self->db, job->profile_id, NULL);

      if (job->was_active && back != NULL)
        salve_window_set_profile (window, back);
      else
        salve_window_refresh (window);
    }
  else
    {
      reload (self);
    }

  if (job->renamed_to != NULL)
    /* Translators: the patient brought back with Undo, then the name they
     * have now: another patient was given theirs meanwhile */
    message = g_strdup_printf (_("“%s” is back as “%s”: another patient was given the name meanwhile."), job->name,
                               job->renamed_to);
  else
    /* Translators: %s is the patient brought back with Undo */
    message = g_strdup_printf (_("“%s” is back"), job->name);
  toast (self, message);
}

static void
on_undo_clicked (AdwToast          *undo_toast,
                 SalvePatientsView *self)
{
  DeleteJob *job = g_object_get_data (G_OBJECT (undo_toast), "job");
  g_autoptr(GTask) task = NULL;

  if (job == NULL)
    return;

  self->focus_pending = TRUE;
  self->focus_id = job->profile_id;

  self->busy++;
  task = g_task_new (self, NULL, on_undelete_done, NULL);
  g_task_set_task_data (task, delete_job_copy (job), (GDestroyNotify) delete_job_free);
  g_task_run_in_thread (task, undelete_thread);
  /* Once only. */
  g_object_set_data (G_OBJECT (undo_toast), "job", NULL);
}

static void
on_undo_toast_dismissed (AdwToast          *undo_toast,
                         SalvePatientsView *self)
{
  if (self->undo_toast == undo_toast)
    self->undo_toast = NULL;
}

/* Ctrl+Z while the latest delete's toast shows, as in the diary and the
 * devices: its Undo, and the toast goes with it. */
static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SalvePatientsView *self = SALVE_PATIENTS_VIEW (widget);
  AdwToast *undo_toast = g_steal_pointer (&self->undo_toast);

  if (undo_toast != NULL)
    salve_toast_press_button (undo_toast);
}

static void
on_delete_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SalvePatientsView *self = SALVE_PATIENTS_VIEW (source);
  DeleteJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (self));
  AdwToast *undo_toast;

  self->busy--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Translators: %s is the reason */
      message = g_strdup_printf (_("Could not delete the patient: %s"), error->message);
      toast (self, message);
      return;
    }

  if (window != NULL && job->was_active)
    salve_window_set_profile (window, NULL);
  else if (window != NULL)
    salve_window_refresh (window);
  else
    reload (self);

  /* Translators: %s is the patient just deleted */
  message = g_strdup_printf (_("“%s” deleted"), job->name);
  undo_toast = adw_toast_new (message);
  adw_toast_set_button_label (undo_toast, _("_Undo"));
  /* Long enough to notice; the copy stays in the backups folder. */
  adw_toast_set_timeout (undo_toast, 15);
  g_object_set_data_full (G_OBJECT (undo_toast), "job", delete_job_copy (job), (GDestroyNotify) delete_job_free);
  g_signal_connect_object (undo_toast, "button-clicked", G_CALLBACK (on_undo_clicked), self, 0);
  g_signal_connect_object (undo_toast, "dismissed", G_CALLBACK (on_undo_toast_dismissed), self, 0);
  self->undo_toast = undo_toast;
  if (window != NULL)
    salve_window_add_toast (window, undo_toast);
  else
    g_object_unref (undo_toast);
}

static void
on_delete_response (AdwMessageDialog  *dialog,
                    const char        *response,
                    SalvePatientsView *self)
{
  gint64 id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "profile-id"));
  SalvePatientSummary *s = find_summary (self, id);
  g_autoptr(GTask) task = NULL;
  DeleteJob *job;

  if (g_str_equal (response, "export"))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "patients.export", "x", id);
      return;
    }

  if (!g_str_equal (response, "delete") || s == NULL || self->db == NULL)
    return;

  job = g_new0 (DeleteJob, 1);
  job->db_path = g_strdup (salve_db_get_path (self->db));
  job->profile_id = id;
  job->name = g_strdup (salve_profile_get_name (s->profile));
  job->was_active = self->profile != NULL && salve_profile_get_id (self->profile) == id;

  {
    GtkWidget *row = row_of (self, id);

    self->focus_pending = TRUE;
    self->focus_id = 0;
    self->focus_at = row != NULL ? (guint) MAX (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)), 0) : 0;
  }

  self->busy++;
  task = g_task_new (self, NULL, on_delete_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) delete_job_free);
  g_task_run_in_thread (task, delete_thread);
}

AdwMessageDialog *
_salve_patients_view_ask_delete (SalvePatientsView *self,
                                 gint64             profile_id)
{
  SalvePatientSummary *s = find_summary (self, profile_id);
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (SALVE_IS_PATIENTS_VIEW (self), NULL);

  if (s == NULL)
    return NULL;

  /* Translators: %s is the patient */
  heading = g_strdup_printf (_("Delete “%s”?"), salve_profile_get_name (s->profile));
  dialog = adw_message_dialog_new (GTK_WINDOW (salve_window_for_widget (GTK_WIDGET (self))), heading, NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "Their diary (%d entry), sessions, medication, care plan and checklist are deleted with them. "
                                               "Export first to keep the diary, sessions and medication in a file you can import again "
                                               "(the care plan and checklist are not in it). "
                                               "Until the message that follows goes away you can undo it.",
                                               "Their diary (%d entries), sessions, medication, care plan and checklist are deleted with them. "
                                               "Export first to keep the diary, sessions and medication in a file you can import again "
                                               "(the care plan and checklist are not in it). "
                                               "Until the message that follows goes away you can undo it.",
                                               (gulong) s->n_entries),
                                  (int) s->n_entries);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "export", _("_Export First…"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "profile-id", GINT_TO_POINTER ((int) profile_id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return ADW_MESSAGE_DIALOG (dialog);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _salve_patients_view_ask_delete (SALVE_PATIENTS_VIEW (widget), g_variant_get_int64 (parameter));
}

AdwToast *
_salve_patients_view_get_undo_toast (SalvePatientsView *self)
{
  g_return_val_if_fail (SALVE_IS_PATIENTS_VIEW (self), NULL);
  return self->undo_toast;
}

guint
_salve_patients_view_get_busy (SalvePatientsView *self)
{
  g_return_val_if_fail (SALVE_IS_PATIENTS_VIEW (self), 0);
  return self->busy;
}

/* ---- object ---------------------------------------------------------------- */

static void
salve_patients_view_dispose (GObject *object)
{
  SalvePatientsView *self = (SalvePatientsView *)object;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->rows_source != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->rows_source);
  g_clear_pointer (&self->summaries, g_ptr_array_unref);
  g_clear_pointer (&self->row_order, g_array_unref);
  self->undo_toast = NULL;
  g_clear_object (&self->profile);
  g_clear_object (&self->db);
  self->stack = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (object), SALVE_TYPE_PATIENTS_VIEW);

  G_OBJECT_CLASS (salve_patients_view_parent_class)->dispose (object);
}

static void
salve_patients_view_class_init (SalvePatientsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_patients_view_dispose;
  widget_class->map = salve_patients_view_map;
  widget_class->unmap = salve_patients_view_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-patients-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SalvePatientsView, list);
  gtk_widget_class_bind_template_child (widget_class, SalvePatientsView, search);
  gtk_widget_class_bind_template_child (widget_class, SalvePatientsView, sort);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_sort_changed);

  gtk_widget_class_install_action (widget_class, "patients.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "patients.import", "x", import_action);
  gtk_widget_class_install_action (widget_class, "patients.export", "x", export_action);
  gtk_widget_class_install_action (widget_class, "patients.report", "x", report_action);
  gtk_widget_class_install_action (widget_class, "patients.care-plan", "x", care_plan_action);
  gtk_widget_class_install_action (widget_class, "patients.rename", "x", rename_action);
  gtk_widget_class_install_action (widget_class, "patients.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "patients.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "patients.undo", NULL);
}

static void
salve_patients_view_init (SalvePatientsView *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not a bound template child: AdwBin unparents its own child. */
  self->stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));
  gtk_list_box_set_sort_func (self->list, sort_rows, self, NULL);
  gtk_list_box_set_filter_func (self->list, filter_rows, self, NULL);
  placeholder = gtk_label_new (_("No patient by that name"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->list, placeholder);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patients.add", FALSE);
}

GPtrArray *
_salve_patients_view_get_summaries (SalvePatientsView *self)
{
  g_return_val_if_fail (SALVE_IS_PATIENTS_VIEW (self), NULL);
  return self->summaries;
}
