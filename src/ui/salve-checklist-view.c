/* salve-checklist-view.c: the carer's checklist, the matrix of what is
 * allowed where, sign-offs, printing
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-checklist-view"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "salve-checklist-document.h"
#include "salve-checklist-view.h"
#include "salve-condition-repo.h"
#include "salve-device-repo.h"
#include "salve-findings-list.h"
#include "salve-signoff-repo.h"
#include "salve-spin.h"
#include "salve-time.h"
#include "salve-tooltip.h"
#include "salve-view.h"
#include "salve-window.h"

/* The answer buttons, in the order they are shown. */
static const SalveAnswer shown_answers[] = { SALVE_ANSWER_YES, SALVE_ANSWER_NO, SALVE_ANSWER_UNKNOWN };

typedef struct
{
  AdwActionRow    *row;
  GtkToggleButton *buttons[G_N_ELEMENTS (shown_answers)];
  GtkDropDown     *where;     /* local conditions only */
} QuestionRow;

struct _SalveChecklistView
{
  AdwBin               parent_instance;

  GtkStack            *stack;
  GtkLabel            *title_label;
  GtkWidget           *banner;
  char                *progress;    /* "9 of 14 answered" */
  GtkImage            *banner_icon;
  GtkLabel            *banner_label;
  GtkButton           *banner_button;
  GtkWidget           *next_button;
  GtkWidget           *banner_buttons;
  GtkScrolledWindow   *scroller;
  GtkWidget           *matrix_scroller;
  AdwEntryRow         *answerer_row;
  GtkMenuButton       *answerer_menu_button;
  AdwPreferencesGroup *questions_group;
  GtkWidget           *sign_off_group;
  GtkWidget           *history_group;
  GtkListBox          *questions_list;
  GtkGrid             *matrix_grid;
  GtkSpinButton       *ceiling_spin;
  AdwEntryRow         *carer_row;
  GtkListBox          *history_list;

  SalveDb             *db;
  SalveProfile        *profile;
  SalveProfileAnswers  answers;
  GPtrArray           *answer_rows;    /* SalveConditionAnswer */
  GPtrArray           *signoffs;       /* SalveSignoff */
  guint                focus_source;
  QuestionRow          questions[SALVE_N_CONDITIONS];
  GtkButton           *cells[SALVE_N_SITES][SALVE_N_MODALITIES];
  /* The one cell Tab reaches; the arrow keys move it (a roving focus:
   * one stop in the Tab order, not 80). */
  guint                tab_site;
  guint                tab_modality;
  gboolean             loading;
  gboolean             stale;          /* hidden since the patient changed */
  GSettings           *settings;
  /* The row kept in its place on the screen while an answer's changes
   * are laid out (see keep_in_place()), and where it was. */
  GtkWidget           *anchor;
  double               anchor_y;
  GdkFrameClock       *anchor_clock;
  gulong               anchor_handler;
};

static void salve_checklist_view_iface_init (SalveViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SalveChecklistView, salve_checklist_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (SALVE_TYPE_VIEW, salve_checklist_view_iface_init))

static void
show_error (SalveChecklistView *self,
            const GError       *error)
{
  SalveWindow *window = salve_window_for_widget (GTK_WIDGET (self));

  if (window != NULL)
    salve_window_add_toast (window, adw_toast_new (error->message));
  else
    g_warning ("%s", error->message);
}

static const SalveConditionAnswer *
find_answer_row (SalveChecklistView *self,
                 SalveCondition      condition)
{
  for (guint i = 0; self->answer_rows && i < self->answer_rows->len; i++)
    {
      const SalveConditionAnswer *row = g_ptr_array_index (self->answer_rows, i);

      if (row->condition == condition)
        return row;
    }

  return NULL;
}

static void
update_question_subtitle (SalveChecklistView *self,
                          SalveCondition      condition)
{
  const SalveConditionAnswer *row = find_answer_row (self, condition);
  g_autofree char *subtitle = NULL;

  if (row == NULL)
    /* Translators: %s is a checklist item, e.g. "Pregnancy" */
    subtitle = g_strdup_printf (_("%s · not answered yet"), salve_condition_get_name (condition));
  else
    {
      g_autofree char *when = salve_checklist_format_date (row->answered_at);

      if (*row->answered_by != '\0')
        /* Translators: "Pregnancy · answered by Marieke, 29-03-26 09:30" */
        subtitle = g_strdup_printf (_("%s · answered by %s, %s"), salve_condition_get_name (condition),
                                    row->answered_by, when);
      else
        subtitle = g_strdup_printf (_("%s · answered %s"), salve_condition_get_name (condition), when);
    }

  adw_action_row_set_subtitle (self->questions[condition].row, subtitle);
}

/* An answer that can stop a treatment ("Yes", and "Not sure", which
 * counts as yes) stands out, so a carer checking the list sees the risks
 * without reading all rows. */
static void
update_question_style (SalveChecklistView *self,
                       SalveCondition      condition)
{
  GtkWidget *row = GTK_WIDGET (self->questions[condition].row);
  gboolean answered = find_answer_row (self, condition) != NULL;
  SalveAnswer answer = self->answers.answers[condition];

  gtk_widget_remove_css_class (row, "salve-risk");
  gtk_widget_remove_css_class (row, "salve-unsure");
  if (answered && answer == SALVE_ANSWER_YES)
    gtk_widget_add_css_class (row, "salve-risk");
  else if (answered && answer == SALVE_ANSWER_UNKNOWN)
    gtk_widget_add_css_class (row, "salve-unsure");
}

static guint
count_answered (SalveChecklistView *self)
{
  return self->answer_rows ? self->answer_rows->len : 0;
}

/* Questions answered "Not sure": each counts as a yes. */
static guint
count_not_sure (SalveChecklistView *self)
{
  guint n = 0;

  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    if (self->answers.answers[c] == SALVE_ANSWER_UNKNOWN && find_answer_row (self, c) != NULL)
      n++;
  return n;
}

static gboolean
has_devices (SalveChecklistView *self)
{
  g_autoptr(GPtrArray) devices = NULL;

  if (self->db == NULL)
    return FALSE;
  devices = salve_device_repo_list (self->db, NULL);

  return devices != NULL && devices->len > 0;
}

/* The questions' heading says how far the answers are (@progress, or as
 * it said before when NULL), and while nobody is named to answer, that
 * the name comes first. */
static void
describe_questions (SalveChecklistView *self,
                    const char         *progress)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->answerer_row))));
  g_autofree char *text = NULL;

  if (progress != NULL)
    {
      g_free (self->progress);
      self->progress = g_strdup (progress);
    }
  if (*name == '\0' && self->progress != NULL)
    /* Translators: after "9 of 14 answered" */
    text = g_strdup_printf (_("%s. To answer, fill in “Answering as” above."), self->progress);
  adw_preferences_group_set_description (self->questions_group, text != NULL ? text : self->progress);
}

/* The treatments the answers rule out at every place ("TENS, NMES,
 * PEMF"), or NULL: signed off, a green tick read as all clear while a
 * pacemaker kept three of four treatments from everyone (an outside look). */
static char *
describe_ruled_out (SalveChecklistView *self)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (SalveModality m = 0; m < SALVE_N_MODALITIES; m++)
    {
      gboolean everywhere = TRUE;

      for (SalveSite site = 0; site < SALVE_N_SITES && everywhere; site++)
        everywhere = salve_rules_check_site (m, site, &self->answers, NULL) == SALVE_VERDICT_BLOCKED;
      if (!everywhere)
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, salve_modality_get_name (m));
    }

  if (names->len == 0)
    return NULL;
  /* Translators: after "Signed off by Mark on 2 Dec 2026."; %s is "TENS, NMES, PEMF" */
  return g_strdup_printf (_("These answers rule out %s at every place: the questions marked in red say why."), names->str);
}

/* The state a carer looks for first: how far the answers are and whether
 * the sign-off still holds, at the top rather than below the matrix. */
static void
update_banner (SalveChecklistView *self)
{
  const SalveSignoff *latest = self->signoffs && self->signoffs->len > 0
    ? g_ptr_array_index (self->signoffs, 0) : NULL;
  guint answered = count_answered (self);
  guint not_sure = count_not_sure (self);
  g_autofree char *progress = NULL;
  g_autofree char *text = NULL;
  const char *icon;
  const char *style;
  const char *button = NULL;

  /* Translators: the checklist's progress, "9 of 14 answered" */
  progress = g_strdup_printf (ngettext ("%u of %u answered", "%u of %u answered", SALVE_N_CONDITIONS),
                              answered, (guint) SALVE_N_CONDITIONS);
  describe_questions (self, progress);

  if (answered < SALVE_N_CONDITIONS)
    {
      guint left = SALVE_N_CONDITIONS - answered;

      if (answered == 0)
        /* Translators: the checklist's banner; %s is "0 of 14 answered", %u is 14 */
        text = g_strdup_printf (_("%s. Sessions can start once all %u questions are answered."),
                                progress, (guint) SALVE_N_CONDITIONS);
      else
        /* Translators: the checklist's banner; %s is "9 of 14 answered" */
        text = g_strdup_printf (ngettext ("%s. Sessions can start once the last question is answered.",
                                          "%s. Sessions can start once the last %u questions are answered.",
                                          left),
                                progress, left);
      icon = "dialog-information-symbolic";
      style = "salve-banner-info";
    }
  else if (latest == NULL)
    {
      text = g_strdup_printf ("%s. %s", progress, _("Not signed off yet."));
      icon = "dialog-information-symbolic";
      style = "salve-banner-info";
      button = _("_Sign Off…");
    }
  else
    {
      g_autoptr(GDateTime) parsed = salve_time_parse_iso (latest->signed_at);
      g_autoptr(GDateTime) local = parsed ? g_date_time_to_local (parsed) : NULL;
      g_autofree char *date = local ? salve_time_format_date (local) : g_strdup (latest->signed_at);
      guint changes = salve_signoff_count_changes (latest, &self->answers);

      if (changes > 0)
        {
          /* Translators: "Signed off by Mark on 2 Dec 2026, 1 answer changed since: sign again." */
          text = g_strdup_printf (ngettext ("Signed off by %s on %s, %u answer changed since: sign again.",
                                            "Signed off by %s on %s, %u answers changed since: sign again.",
                                            changes),
                                  latest->signed_by, date, changes);
          icon = "dialog-warning-symbolic";
          style = "salve-banner-warning";
          button = _("_Sign Again…");
        }
      else
        {
          g_autofree char *ruled_out = describe_ruled_out (self);

          /* Translators: "Signed off by Mark on 2 Dec 2026" */
          text = g_strdup_printf (_("Signed off by %s on %s."), latest->signed_by, date);
          icon = "emblem-ok-symbolic";
          style = "salve-banner-success";
          if (ruled_out != NULL)
            {
              g_autofree char *signed_off = g_steal_pointer (&text);

              text = g_strdup_printf ("%s %s", signed_off, ruled_out);
              icon = "dialog-warning-symbolic";
              style = "salve-banner-warning";
            }
          /* Signed off, and still not all clear: no green tick while a
           * "Not sure" blocks what a yes would block. */
          if (not_sure > 0)
            {
              g_autofree char *signed_off = g_steal_pointer (&text);

              /* Translators: after "Signed off by Mark on 2 Dec 2026." */
              text = g_strdup_printf (ngettext ("%s %u answer is “Not sure”: it counts as a yes until it is answered.",
                                                "%s %u answers are “Not sure”: each counts as a yes until it is answered.",
                                                not_sure),
                                      signed_off, not_sure);
              icon = "dialog-warning-symbolic";
              style = "salve-banner-warning";
            }
        }
    }

  gtk_label_set_text (self->banner_label, text);
  gtk_image_set_from_icon_name (self->banner_icon, icon);
  gtk_widget_remove_css_class (self->banner, "salve-banner-info");
  gtk_widget_remove_css_class (self->banner, "salve-banner-success");
  gtk_widget_remove_css_class (self->banner, "salve-banner-warning");
  gtk_widget_add_css_class (self->banner, style);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_button), button != NULL);
  if (button != NULL)
    gtk_button_set_label (self->banner_button, button);

  /* Right after setting up: the next step is a device, offered here so
   * nobody has to find it in the view switcher. */
  gtk_widget_set_visible (self->next_button, answered == SALVE_N_CONDITIONS && !has_devices (self));
  gtk_widget_set_visible (self->banner_buttons,
                          button != NULL || gtk_widget_get_visible (self->next_button));
}

static gboolean
answerer_given (SalveChecklistView *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->answerer_row))));

  return *name != '\0';
}

/* The place of a yes (or not sure) can be changed, by someone who said
 * who they are: moving broken skin from the ankle to the head, without a
 * name, let TENS onto the ankle again. */
static void
update_where_sensitivity (SalveChecklistView *self,
                          SalveCondition      condition)
{
  QuestionRow *q = &self->questions[condition];

  if (q->where != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (q->where), answerer_given (self) &&
                                                     find_answer_row (self, condition) != NULL &&
                                                     self->answers.answers[condition] != SALVE_ANSWER_NO);
}

/* Answers are given in someone's name: until there is one, the answer
 * buttons wait, and say why (greyed without a word, they looked broken). */
static void
update_answer_sensitivity (SalveChecklistView *self)
{
  const char *why = !answerer_given (self) ? _("Fill in “Answering as” first: each answer is kept in someone’s name.") : NULL;

  /* Set again on each key typed in the name: only a change is passed on
   * (a tooltip set costs the display server a round trip or two). */
  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    for (guint a = 0; a < G_N_ELEMENTS (shown_answers); a++)
      {
        GtkWidget *button = GTK_WIDGET (self->questions[c].buttons[a]);

        if (gtk_widget_get_sensitive (button) == (why == NULL) &&
            g_strcmp0 (gtk_widget_get_tooltip_text (button), why) == 0)
          continue;
        gtk_widget_set_sensitive (button, why == NULL);
        salve_tooltip_set_text (button, why);
      }
  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    update_where_sensitivity (self, c);
  describe_questions (self, NULL);
}

/* The name last used for this patient's checklist on this computer. */
static void
load_answerer (SalveChecklistView *self)
{
  g_autoptr(GVariant) names = g_settings_get_value (self->settings, "checklist-answerers");
  const char *name = NULL;

  if (!g_variant_lookup (names, salve_profile_get_name (self->profile), "&s", &name))
    name = "";

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->answerer_row), name);
  self->loading = FALSE;
  update_answer_sensitivity (self);
}

void
salve_checklist_view_remember_answerer (const char *patient,
                                        const char *name)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GVariant) old = NULL;
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  GVariantIter iter;
  const char *key, *value;

  g_return_if_fail (patient != NULL);
  g_return_if_fail (name != NULL);

  settings = g_settings_new ("io.github.salve.Salve");
  old = g_settings_get_value (settings, "checklist-answerers");
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, patient))
      g_variant_builder_add (&builder, "{ss}", key, value);
  if (*name != '\0')
    g_variant_builder_add (&builder, "{ss}", patient, name);

  g_settings_set_value (settings, "checklist-answerers", g_variant_builder_end (&builder));
}

static void
on_answerer_changed (SalveChecklistView *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->answerer_row))));

  update_answer_sensitivity (self);
  if (self->loading || self->profile == NULL)
    return;

  salve_checklist_view_remember_answerer (salve_profile_get_name (self->profile), name);
}

static void
add_name (GPtrArray  *names,
          const char *name)
{
  if (name == NULL || *name == '\0')
    return;
  for (guint i = 0; i < names->len; i++)
    if (g_utf8_collate (g_ptr_array_index (names, i), name) == 0)
      return;
  g_ptr_array_add (names, (gpointer) name);
}

/* Everyone who answered or signed for this patient before, and the
 * patient: one click for whoever sits down next. */
static void
create_answerer_menu (GtkMenuButton *button,
                      gpointer       user_data)
{
  SalveChecklistView *self = user_data;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GMenu) menu = g_menu_new ();

  if (self->profile == NULL)
    return;

  add_name (names, salve_profile_get_name (self->profile));
  for (guint i = 0; self->answer_rows && i < self->answer_rows->len; i++)
    add_name (names, ((SalveConditionAnswer *) g_ptr_array_index (self->answer_rows, i))->answered_by);
  for (guint i = 0; self->signoffs && i < self->signoffs->len; i++)
    add_name (names, ((SalveSignoff *) g_ptr_array_index (self->signoffs, i))->signed_by);

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (g_ptr_array_index (names, i), NULL);

      g_menu_item_set_action_and_target_value (item, "checklist.answer-as",
                                               g_variant_new_string (g_ptr_array_index (names, i)));
      g_menu_append_item (menu, item);
    }

  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static void
answer_as_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SalveChecklistView *self = SALVE_CHECKLIST_VIEW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->answerer_row), g_variant_get_string (parameter, NULL));
}

static void
go_to_sign_off_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SalveChecklistView *self = SALVE_CHECKLIST_VIEW (widget);
  g_autofree char *answerer = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->answerer_row))));
  const SalveSignoff *latest = self->signoffs && self->signoffs->len > 0
    ? g_ptr_array_index (self->signoffs, 0) : NULL;

  /* The carer who signed last is likely the one who signs again (not the
   * patient answering for themselves); the first time, whoever answered. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->carer_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->carer_row), latest != NULL ? latest->signed_by : answerer);
  /* Focusing the row scrolls the page down to it. */
  gtk_widget_grab_focus (GTK_WIDGET (self->carer_row));
}

/* A cell's tooltip: what stands in the way, in few lines. Each finding
 * is a paragraph, after a bullet when there are several; the questions
 * still open, often most of them, share a paragraph by name, one for
 * those not answered yet and one for those answered "Not sure" (the
 * cell's window reads each in full, with its source). Paragraphs part
 * with U+2029, not a line break: GTK 4.8 wraps no tooltip with a line
 * break of its own, and a blocked cell's reasons ran off the screen. */
static void
append_cell_summary (GString   *tooltip,
                     GPtrArray *findings)
{
  g_autoptr(GPtrArray) paragraphs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) unanswered = g_string_new (NULL);
  g_autoptr(GString) not_sure = g_string_new (NULL);
  guint32 named = 0;

  G_STATIC_ASSERT (SALVE_N_CONDITIONS <= 32);

  for (guint i = 0; i < findings->len; i++)
    {
      const SalveFinding *finding = g_ptr_array_index (findings, i);
      GString *names = finding->not_sure ? not_sure : unanswered;

      if (!finding->unanswered || finding->condition >= SALVE_N_CONDITIONS)
        g_ptr_array_add (paragraphs, g_strdup (finding->reason));
      else if (!(named & (1u << finding->condition)))
        {
          named |= 1u << finding->condition;
          g_string_append_printf (names, "%s%s", names->len ? ", " : "",
                                  salve_condition_get_name (finding->condition));
        }
    }
  if (unanswered->len > 0)
    /* Translators: a matrix cell's tooltip; %s is a list of the conditions
     * asked about, such as "Pacemaker, Epilepsy" */
    g_ptr_array_add (paragraphs, g_strdup_printf (_("Not answered yet, so counted as “Yes”: %s"),
                                                  unanswered->str));
  if (not_sure->len > 0)
    /* Translators: a matrix cell's tooltip; %s is a list of the conditions
     * asked about, such as "Pacemaker, Epilepsy" */
    g_ptr_array_add (paragraphs, g_strdup_printf (_("Answered “Not sure”, so counted as “Yes”: %s"),
                                                  not_sure->str));

  if (paragraphs->len == 0)
    g_string_append (tooltip, _("No contraindications found"));
  else if (paragraphs->len == 1)
    g_string_append (tooltip, g_ptr_array_index (paragraphs, 0));
  else
    for (guint i = 0; i < paragraphs->len; i++)
      g_string_append_printf (tooltip, "%s\u2022 %s", i ? "\u2029" : "",
                              (const char *) g_ptr_array_index (paragraphs, i));
}

static void
update_matrix (SalveChecklistView *self)
{
  for (guint s = 0; s < SALVE_N_SITES; s++)
    for (guint m = 0; m < SALVE_N_MODALITIES; m++)
      {
        GtkButton *cell = self->cells[s][m];
        g_autoptr(GPtrArray) findings = NULL;
        SalveVerdict verdict = salve_rules_check_site (m, s, &self->answers, &findings);
        g_autoptr(GString) tooltip = g_string_new (NULL);
        AdwButtonContent *content = ADW_BUTTON_CONTENT (gtk_button_get_child (cell));
        g_autofree char *accessible = NULL;

        for (guint v = 0; v <= SALVE_VERDICT_BLOCKED; v++)
          gtk_widget_remove_css_class (GTK_WIDGET (cell), salve_verdict_get_style_class (v));
        gtk_widget_add_css_class (GTK_WIDGET (cell), salve_verdict_get_style_class (verdict));
        adw_button_content_set_icon_name (content, salve_verdict_get_icon_name (verdict));
        adw_button_content_set_label (content, salve_verdict_get_name (verdict));

        append_cell_summary (tooltip, findings);
        /* Made again as the checklist comes into sight: 48 cells, each
         * tooltip a question to the display server otherwise. In sight,
         * the helper leaves them to GTK. */
        salve_tooltip_set_text_out_of_sight (GTK_WIDGET (cell), tooltip->str);

        /* Translators: screen reader label of a matrix cell: "TENS on Knee: Allowed" */
        accessible = g_strdup_printf (_("%s on %s: %s"), salve_modality_get_name (m),
                                      salve_site_get_name (s), salve_verdict_get_name (verdict));
        gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      }
}

/* A question's answers are one Tab stop, as a group of radio buttons
 * is: @stop alone takes Tab. Each answer and each row took one, 56 stops
 * for 14 questions. */
static void
set_answer_tab_stop (QuestionRow     *q,
                     GtkToggleButton *stop)
{
  for (guint a = 0; a < G_N_ELEMENTS (shown_answers); a++)
    gtk_widget_set_focusable (GTK_WIDGET (q->buttons[a]), q->buttons[a] == stop);
}

/* The answer given, or the first when there is none. */
static GtkToggleButton *
answer_tab_stop (QuestionRow *q)
{
  for (guint a = 0; a < G_N_ELEMENTS (shown_answers); a++)
    if (gtk_toggle_button_get_active (q->buttons[a]))
      return q->buttons[a];
  return q->buttons[0];
}

/* @condition's row as its stored answer has it: its answer, its place,
 * its style and subtitle. The caller holds self->loading. */
static void
show_question (SalveChecklistView *self,
               SalveCondition      condition)
{
  QuestionRow *q = &self->questions[condition];

  /* A question never answered shows no answer at all: it must not
   * look like "Not sure", which someone chose. */
  for (guint a = 0; a < G_N_ELEMENTS (shown_answers); a++)
    gtk_toggle_button_set_active (q->buttons[a], find_answer_row (self, condition) != NULL &&
                                                 self->answers.answers[condition] == shown_answers[a]);
  set_answer_tab_stop (q, answer_tab_stop (q));
  update_question_style (self, condition);
  if (q->where != NULL)
    {
      gtk_drop_down_set_selected (q->where, self->answers.sites[condition] < SALVE_N_SITES
                                              ? self->answers.sites[condition] + 1 : 0);
      update_where_sensitivity (self, condition);
    }
  update_question_subtitle (self, condition);
}

static void
update_questions (SalveChecklistView *self)
{
  self->loading = TRUE;
  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    show_question (self, c);
  self->loading = FALSE;
}

static void
update_ceiling (SalveChecklistView *self)
{
  self->loading = TRUE;
  gtk_spin_button_set_value (self->ceiling_spin,
                             isnan (self->answers.intensity_ceiling_ma) ? 0 : self->answers.intensity_ceiling_ma);
  self->loading = FALSE;
}

static void
on_ceiling_changed (SalveChecklistView *self)
{
  g_autoptr(GError) error = NULL;
  double value = gtk_spin_button_get_value (self->ceiling_spin);
  double ceiling = value > 0 ? value : NAN;

  if (self->loading || self->db == NULL || self->profile == NULL)
    return;

  if (!salve_condition_repo_set_ceiling (self->db, salve_profile_get_id (self->profile), ceiling, &error))
    {
      show_error (self, error);
      return;
    }

  self->answers.intensity_ceiling_ma = ceiling;
  update_banner (self);
}

static void
update_history (SalveChecklistView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))))
    gtk_list_box_remove (self->history_list, child);

  for (guint i = 0; self->signoffs && i < self->signoffs->len; i++)
    {
      const SalveSignoff *signoff = g_ptr_array_index (self->signoffs, i);
      GtkWidget *row = adw_expander_row_new ();
      g_autofree char *when = salve_checklist_format_date (signoff->signed_at);
      g_autofree char *title = NULL;
      guint yes = 0, not_sure = 0, not_answered = 0;

      /* Translators: a sign-off in the history: "Marieke, 29-03-26 09:30" */
      title = g_strdup_printf (_("%s, %s"), signoff->signed_by, when);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

      for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
        {
          GtkWidget *answer_row;

          if (signoff->answers.answers[c] == SALVE_ANSWER_YES)
            yes++;
          else if (signoff->answers.answers[c] == SALVE_ANSWER_UNKNOWN && signoff->answers.answered[c])
            not_sure++;
          else if (signoff->answers.answers[c] == SALVE_ANSWER_UNKNOWN)
            not_answered++;

          answer_row = adw_action_row_new ();
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (answer_row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (answer_row), salve_condition_get_name (c));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (answer_row),
                                       salve_profile_answers_get_answer_name (&signoff->answers, c));
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), answer_row);
        }

      {
        /* As its rows below say: a question nobody answered is not "Not
         * sure". */
        g_autofree char *subtitle = not_answered == 0
          /* Translators: summary of a sign-off's answers */
          ? g_strdup_printf (_("%u answered yes, %u not sure"), yes, not_sure)
          /* Translators: summary of a sign-off's answers */
          : g_strdup_printf (_("%u answered yes, %u not sure, %u not answered yet"), yes, not_sure, not_answered);
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      }

      gtk_list_box_append (self->history_list, row);
    }

  /* No sign-off yet is said in the banner at the top, not by an empty list. */
  gtk_widget_set_visible (self->history_group, self->signoffs && self->signoffs->len > 0);
}

static void
reload (SalveChecklistView *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_clear_pointer (&self->answer_rows, g_ptr_array_unref);
  g_clear_pointer (&self->signoffs, g_ptr_array_unref);
  salve_profile_answers_init (&self->answers, SALVE_ANSWER_UNKNOWN);

  if (self->db == NULL || self->profile == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-profile");
      return;
    }

  load_answerer (self);

  id = salve_profile_get_id (self->profile);
  if (!salve_condition_repo_load (self->db, id, &self->answers, &error) ||
      !(self->answer_rows = salve_condition_repo_list (self->db, id, &error)) ||
      !(self->signoffs = salve_signoff_repo_list (self->db, id, &error)))
    show_error (self, error);

  gtk_label_set_text (self->title_label, salve_profile_get_name (self->profile));
  gtk_stack_set_visible_child_name (self->stack, "checklist");
  update_questions (self);
  update_ceiling (self);
  update_matrix (self);
  update_history (self);
  update_banner (self);
}

static void
release_anchor (SalveChecklistView *self)
{
  /* Gone with the clock already, when the window was closed first. */
  if (self->anchor_handler != 0 && g_signal_handler_is_connected (self->anchor_clock, self->anchor_handler))
    g_signal_handler_disconnect (self->anchor_clock, self->anchor_handler);
  self->anchor_handler = 0;
  g_clear_object (&self->anchor_clock);
  g_clear_object (&self->anchor);
}

static gboolean
anchor_position (SalveChecklistView *self,
                 double             *y)
{
  graphene_point_t at;

  if (!gtk_widget_compute_point (self->anchor, GTK_WIDGET (self->scroller), &GRAPHENE_POINT_INIT (0, 0), &at))
    return FALSE;
  *y = at.y;
  return TRUE;
}

/* Runs after the window is laid out, before it is drawn: what moved the
 * anchor is scrolled back, and the layout that follows comes in the same
 * frame, so nothing is seen to jump. */
static void
on_anchor_layout (GdkFrameClock      *clock,
                  SalveChecklistView *self)
{
  GtkAdjustment *down = gtk_scrolled_window_get_vadjustment (self->scroller);
  double y;

  if (anchor_position (self, &y) && y != self->anchor_y)
    gtk_adjustment_set_value (down, gtk_adjustment_get_value (down) + y - self->anchor_y);
  release_anchor (self);
}

/* Keeps @row where it is on the screen while what an answer changes is
 * laid out: the answered row's subtitle growing by a line or two, the
 * banner at the top. Answering at speed, the person's next click is on
 * the next question, and it landed on another when the rows moved. */
static void
keep_in_place (SalveChecklistView *self,
               GtkWidget          *row)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  release_anchor (self);
  if (clock == NULL || !gtk_widget_get_mapped (row))
    return;

  self->anchor = g_object_ref (row);
  if (!anchor_position (self, &self->anchor_y))
    {
      g_clear_object (&self->anchor);
      return;
    }
  self->anchor_clock = g_object_ref (clock);
  self->anchor_handler = g_signal_connect_after (clock, "layout", G_CALLBACK (on_anchor_layout), self);
}

/* What the person answers next: the question after @condition's in the
 * list, or, after the last, its own answers (to change one). */
static GtkWidget *
question_after (SalveChecklistView *self,
                SalveCondition      condition)
{
  GtkWidget *next = gtk_widget_get_next_sibling (GTK_WIDGET (self->questions[condition].row));

  return next != NULL ? next : GTK_WIDGET (self->questions[condition].buttons[0]);
}

static void
save_answer (SalveChecklistView *self,
             SalveCondition      condition,
             SalveAnswer         answer,
             SalveSite           site)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *answerer = NULL;
  gint64 id;

  if (self->db == NULL || self->profile == NULL)
    return;

  id = salve_profile_get_id (self->profile);
  /* Who gave an answer is who the person at the keyboard said they are,
   * not the computer's account: on a family laptop that is the patient's
   * whoever answers. */
  answerer = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->answerer_row))));
  if (!salve_condition_repo_set (self->db, id, condition, answer, site, answerer, &error))
    {
      show_error (self, error);
      return;
    }

  keep_in_place (self, question_after (self, condition));
  self->answers.answers[condition] = answer;
  self->answers.answered[condition] = TRUE;
  self->answers.sites[condition] = site;
  g_clear_pointer (&self->answer_rows, g_ptr_array_unref);
  self->answer_rows = salve_condition_repo_list (self->db, id, NULL);

  update_where_sensitivity (self, condition);
  update_question_subtitle (self, condition);
  update_question_style (self, condition);
  update_matrix (self);
  update_banner (self);
}

static void
on_healed_response (AdwMessageDialog   *dialog,
                    const char         *response,
                    SalveChecklistView *self)
{
  SalveAnswer answer = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "answer"));
  SalveSite site = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "site"));

  if (g_strcmp0 (response, "healed") == 0)
    {
      save_answer (self, SALVE_CONDITION_BROKEN_SKIN, answer, site);
      return;
    }

  /* Not yet: the answer and the place as they are stored. */
  self->loading = TRUE;
  show_question (self, SALVE_CONDITION_BROKEN_SKIN);
  self->loading = FALSE;
}

/* Whether @answer at @site, for @condition, takes broken skin off a place
 * where it now is: No, or another single place than the one it has. */
static gboolean
clears_broken_skin (SalveChecklistView *self,
                    SalveCondition      condition,
                    SalveAnswer         answer,
                    SalveSite           site)
{
  SalveSite now = self->answers.sites[condition];

  if (condition != SALVE_CONDITION_BROKEN_SKIN || find_answer_row (self, condition) == NULL ||
      self->answers.answers[condition] != SALVE_ANSWER_YES)
    return FALSE;

  return answer == SALVE_ANSWER_NO || (site != SALVE_N_SITES && site != now);
}

/* Broken skin from yes to no lets TENS and muscle stimulation onto that
 * skin again, and the skin check after a session puts it there for a
 * blister or a burn, perhaps one the person cannot feel: one click took
 * it away. The skin is looked at first. */
static gboolean
ask_healed (SalveChecklistView *self,
            SalveAnswer         answer,
            SalveSite           site)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (!GTK_IS_WINDOW (root))
    return FALSE;

  dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Has the Skin Healed?"),
                                   _("Broken skin counts until it has healed: no TENS or muscle stimulation "
                                     "goes on it until then. When it was found in the skin check after a "
                                     "session, look at the skin, or have it looked at, before taking it off "
                                     "the checklist."));
  gtk_widget_set_name (dialog, "broken-skin-healed");
  g_object_set_data (G_OBJECT (dialog), "answer", GUINT_TO_POINTER (answer));
  g_object_set_data (G_OBJECT (dialog), "site", GUINT_TO_POINTER (site));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Not Yet"),
                                    "healed", _("It Has _Healed"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_healed_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* The treatments a Yes to @condition keeps from everyone who has it
 * (a block, not a caution), as "TENS, muscle stimulation (NMES)": NULL
 * when it blocks none. */
static char *
blocked_by (SalveCondition condition)
{
  g_autoptr(GString) names = g_string_new (NULL);
  const SalveRule *rules;
  guint n_rules, blocked = 0;

  rules = salve_rules_get_table (&n_rules);
  for (guint i = 0; i < n_rules; i++)
    if (rules[i].condition == condition && rules[i].severity == SALVE_SEVERITY_BLOCK)
      blocked |= rules[i].modality_mask;
  if (blocked == 0)
    return NULL;

  for (guint m = 0; m < SALVE_N_MODALITIES; m++)
    {
      if (!(blocked & (1u << m)))
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, salve_modality_get_name (m));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
on_lift_response (AdwMessageDialog   *dialog,
                  const char         *response,
                  SalveChecklistView *self)
{
  SalveCondition condition = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "condition"));

  if (g_strcmp0 (response, "change") == 0)
    {
      save_answer (self, condition, SALVE_ANSWER_NO, self->answers.sites[condition]);
      return;
    }

  /* Kept: Yes (or Not Sure) shows as it is stored. */
  self->loading = TRUE;
  show_question (self, condition);
  self->loading = FALSE;
}

/* A Yes that keeps a treatment from the person (a pacemaker: TENS,
 * muscle stimulation, PEMF) went to No with one click, and the treatment
 * was allowed at once. A mistaken Yes is corrected here, or a condition
 * that is gone: asked first; so is a Not Sure, which blocks as Yes does.
 * Yes to Not Sure keeps the block, and is not asked; nor is a first
 * answer to a question never answered. */
static gboolean
ask_lift_block (SalveChecklistView *self,
                SalveCondition      condition,
                SalveAnswer         answer)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  SalveAnswer was = self->answers.answers[condition];
  g_autofree char *treatments = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (answer != SALVE_ANSWER_NO || !self->answers.answered[condition] ||
      (was != SALVE_ANSWER_YES && was != SALVE_ANSWER_UNKNOWN) ||
      condition == SALVE_CONDITION_BROKEN_SKIN || !GTK_IS_WINDOW (root) ||
      (treatments = blocked_by (condition)) == NULL)
    return FALSE;

  if (was == SALVE_ANSWER_YES)
    {
      /* Translators: a condition, "Pacemaker" */
      heading = g_strdup_printf (_("%s: Change Yes to No?"), salve_condition_get_name (condition));
      /* Translators: the treatments, "TENS, Muscle stimulation (NMES), PEMF" */
      body = g_strdup_printf (_("With this answer Yes, Salve does not allow %s: they are not safe with it. Change "
                                "the answer only when Yes was a mistake or the condition is gone; when in doubt, ask "
                                "the doctor first."), treatments);
    }
  else
    {
      /* Translators: a condition, "Pacemaker" */
      heading = g_strdup_printf (_("%s: Change Not Sure to No?"), salve_condition_get_name (condition));
      /* Translators: the treatments, "TENS, Muscle stimulation (NMES), PEMF" */
      body = g_strdup_printf (_("Not Sure counts as Yes: Salve does not allow %s until it is known. Answer No only "
                                "when you are sure; when in doubt, ask the doctor first."), treatments);
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (root), heading, body);
  gtk_widget_set_name (dialog, "lift-block");
  g_object_set_data (G_OBJECT (dialog), "condition", GUINT_TO_POINTER (condition));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", was == SALVE_ANSWER_YES ? _("_Keep Yes") : _("_Keep Not Sure"),
                                    "change", _("_Change to No"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_lift_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* Left and Right move between a question's answers without answering;
 * Space or Return answers, as on any button. Up and Down go on to the
 * question above or below, as GTK moves the focus. */
static gboolean
on_answers_key (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                QuestionRow           *q)
{
  GtkWidget *box = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  gboolean rtl = gtk_widget_get_direction (box) == GTK_TEXT_DIR_RTL;
  guint n = G_N_ELEMENTS (shown_answers);
  guint at = n;
  guint to;

  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return GDK_EVENT_PROPAGATE;
  for (guint a = 0; a < n; a++)
    if (gtk_widget_has_focus (GTK_WIDGET (q->buttons[a])))
      at = a;
  if (at == n)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      to = rtl ? MIN (at + 1, n - 1) : (at > 0 ? at - 1 : 0);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      to = rtl ? (at > 0 ? at - 1 : 0) : MIN (at + 1, n - 1);
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      to = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      to = n - 1;
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  set_answer_tab_stop (q, q->buttons[to]);
  gtk_widget_grab_focus (GTK_WIDGET (q->buttons[to]));
  return GDK_EVENT_STOP;
}

static void
on_answer_toggled (GtkToggleButton    *button,
                   SalveChecklistView *self)
{
  SalveCondition condition = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "condition"));
  SalveAnswer answer = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "answer"));

  if (!gtk_toggle_button_get_active (button))
    return;
  set_answer_tab_stop (&self->questions[condition], button);
  if (self->loading)
    return;

  if (clears_broken_skin (self, condition, answer, self->answers.sites[condition]) &&
      ask_healed (self, answer, self->answers.sites[condition]))
    return;
  if (ask_lift_block (self, condition, answer))
    return;

  save_answer (self, condition, answer, self->answers.sites[condition]);
}

static void
on_where_selected (GtkDropDown        *drop_down,
                   GParamSpec         *pspec,
                   SalveChecklistView *self)
{
  SalveCondition condition = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (drop_down), "condition"));
  guint selected = gtk_drop_down_get_selected (drop_down);

  SalveSite site = selected == 0 || selected == GTK_INVALID_LIST_POSITION ? SALVE_N_SITES : selected - 1;

  if (self->loading)
    return;

  if (clears_broken_skin (self, condition, self->answers.answers[condition], site) &&
      ask_healed (self, self->answers.answers[condition], site))
    return;

  save_answer (self, condition, self->answers.answers[condition], site);
}

static void
build_questions (SalveChecklistView *self)
{
  g_autoptr(GtkStringList) sites = gtk_string_list_new (NULL);

  gtk_string_list_append (sites, _("Anywhere"));
  for (guint s = 0; s < SALVE_N_SITES; s++)
    gtk_string_list_append (sites, salve_site_get_name (s));

  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    {
      QuestionRow *q = &self->questions[c];
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      /* The answers with the place below them: narrow enough for a
       * phone-sized window. */
      GtkWidget *suffix = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

      q->row = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (q->row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (q->row), salve_condition_get_question (c));
      adw_action_row_set_title_lines (q->row, 0);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (q->row), FALSE);
      /* The row says the question; Tab goes to its answers. */
      gtk_widget_set_focusable (GTK_WIDGET (q->row), FALSE);

      if (salve_condition_is_local (c))
        {
          q->where = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (sites)), NULL));
          gtk_widget_set_valign (GTK_WIDGET (q->where), GTK_ALIGN_CENTER);
          salve_tooltip_set_text (GTK_WIDGET (q->where), _("Where is it? In more than one place, choose Anywhere."));
          gtk_accessible_update_property (GTK_ACCESSIBLE (q->where), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Where is it?"), -1);
          g_object_set_data (G_OBJECT (q->where), "condition", GUINT_TO_POINTER (c));
          g_signal_connect_object (q->where, "notify::selected", G_CALLBACK (on_where_selected), self, 0);
        }

      gtk_widget_add_css_class (box, "linked");
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      for (guint a = 0; a < G_N_ELEMENTS (shown_answers); a++)
        {
          g_autofree char *accessible = NULL;

          q->buttons[a] = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_label (salve_answer_get_name (shown_answers[a])));
          /* A screen reader moving from button to button hears which
           * question each "Yes" answers. */
          /* Translators: screen reader name of an answer button: "Pacemaker: Yes" */
          accessible = g_strdup_printf (_("%s: %s"), salve_condition_get_name (c), salve_answer_get_name (shown_answers[a]));
          /* The whole question too: the row that says it takes no focus. */
          gtk_accessible_update_property (GTK_ACCESSIBLE (q->buttons[a]), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, salve_condition_get_question (c), -1);
          if (a > 0)
            gtk_toggle_button_set_group (q->buttons[a], q->buttons[0]);
          g_object_set_data (G_OBJECT (q->buttons[a]), "condition", GUINT_TO_POINTER (c));
          g_object_set_data (G_OBJECT (q->buttons[a]), "answer", GUINT_TO_POINTER (shown_answers[a]));
          g_signal_connect_object (q->buttons[a], "toggled", G_CALLBACK (on_answer_toggled), self, 0);
          gtk_box_append (GTK_BOX (box), GTK_WIDGET (q->buttons[a]));
        }
      set_answer_tab_stop (q, q->buttons[0]);
      {
        GtkEventController *keys = gtk_event_controller_key_new ();

        g_signal_connect (keys, "key-pressed", G_CALLBACK (on_answers_key), q);
        gtk_widget_add_controller (box, keys);
      }
      gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (suffix), box);
      if (q->where != NULL)
        gtk_box_append (GTK_BOX (suffix), GTK_WIDGET (q->where));
      adw_action_row_add_suffix (q->row, suffix);

      gtk_list_box_append (self->questions_list, GTK_WIDGET (q->row));
    }
}

/* The window takes its width from its lines, and its height from the
 * lines at that width: sized by its labels, it shows them whole. Sixty
 * characters a line, or thirty beside a window as narrow as a phone's
 * screen, which a window of sixty would not fit. */
static GtkWidget *
wrapped_label (const char *text,
               int         chars)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_width_chars (GTK_LABEL (label), chars);
  gtk_label_set_max_width_chars (GTK_LABEL (label), chars);

  return label;
}

/* One finding in the cell's window: its icon, its reason and its source,
 * in labels that wrap (an action row reports less height than it takes
 * once wrapped). */
static GtkWidget *
make_reason (const SalveFinding *finding,
             int                 chars)
{
  SalveVerdict verdict = finding->severity == SALVE_SEVERITY_BLOCK ? SALVE_VERDICT_BLOCKED : SALVE_VERDICT_CAUTION;
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *icon = gtk_image_new_from_icon_name (salve_verdict_get_icon_name (verdict));
  GtkWidget *source = wrapped_label (finding->source, chars);

  gtk_widget_add_css_class (icon, salve_verdict_get_style_class (verdict));
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  salve_verdict_get_name (verdict), -1);
  gtk_widget_add_css_class (source, "dim-label");
  gtk_widget_add_css_class (source, "caption");
  gtk_box_append (GTK_BOX (text), wrapped_label (finding->reason, chars));
  gtk_box_append (GTK_BOX (text), source);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), text);

  return row;
}

/* Every finding of a cell with its source, in a window that scrolls: a
 * blocked cell can have a dozen, taller than a laptop's screen. */
static void
set_tab_cell (SalveChecklistView *self,
              guint               site,
              guint               modality)
{
  gtk_widget_set_focusable (GTK_WIDGET (self->cells[self->tab_site][self->tab_modality]), FALSE);
  self->tab_site = site;
  self->tab_modality = modality;
  gtk_widget_set_focusable (GTK_WIDGET (self->cells[site][modality]), TRUE);
}

static void
on_cell_clicked (GtkButton          *cell,
                 SalveChecklistView *self)
{
  guint site = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "site"));
  guint modality = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "modality"));
  g_autoptr(GPtrArray) findings = NULL;
  SalveVerdict verdict = salve_rules_check_site (modality, site, &self->answers, &findings);
  g_autofree char *title = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *window, *box, *header, *scrolled, *content, *summary, *list;
  GtkEventController *shortcuts;
  gboolean unanswered = FALSE;
  int chars = gtk_widget_get_width (GTK_WIDGET (self)) < 600 ? 30 : 60;
  const char *text;

  /* Clicked: Tab comes back to it. */
  set_tab_cell (self, site, modality);

  for (guint i = 0; i < findings->len; i++)
    unanswered |= ((const SalveFinding *) g_ptr_array_index (findings, i))->unanswered;

  switch (verdict)
    {
    case SALVE_VERDICT_BLOCKED:
      text = unanswered
        ? _("Salve does not allow this treatment here, for the reasons below. A question not answered yet, or answered “Not sure”, counts as “Yes”: answering it “No” may lift its block.")
        : _("Salve does not allow this treatment here, for the reasons below.");
      break;
    case SALVE_VERDICT_CAUTION:
      text = _("This treatment is allowed here with the cautions below: read them before every session.");
      break;
    case SALVE_VERDICT_ALLOWED:
    default:
      text = _("Nothing in the checklist stands in the way of this treatment here.");
      break;
    }

  /* Translators: "TENS on Lower back" */
  title = g_strdup_printf (_("%s on %s"), salve_modality_get_name (modality), salve_site_get_name (site));

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, shortcuts);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (title, salve_verdict_get_name (verdict)));
  gtk_box_append (GTK_BOX (box), header);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  summary = wrapped_label (text, chars);
  gtk_box_append (GTK_BOX (content), summary);
  list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  for (guint i = 0; i < findings->len; i++)
    gtk_box_append (GTK_BOX (list), make_reason (g_ptr_array_index (findings, i), chars));
  gtk_box_append (GTK_BOX (content), list);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  /* As tall as the reasons, up to what a small laptop's screen holds. */
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 480);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), content);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

/* Up, Down, Left, Right, Home and End move within the matrix and stay in
 * it; Tab leaves it. */
static gboolean
on_matrix_key (GtkEventControllerKey *key,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               SalveChecklistView    *self)
{
  int site = (int) self->tab_site, modality = (int) self->tab_modality;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      site--;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      site++;
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      modality--;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      modality++;
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      modality = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      modality = SALVE_N_MODALITIES - 1;
      break;
    default:
      return FALSE;
    }

  set_tab_cell (self, CLAMP (site, 0, SALVE_N_SITES - 1), CLAMP (modality, 0, SALVE_N_MODALITIES - 1));
  gtk_widget_grab_focus (GTK_WIDGET (self->cells[self->tab_site][self->tab_modality]));
  return TRUE;
}

static void
build_matrix (SalveChecklistView *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkWidget *corner = gtk_label_new (_("Body region"));

  gtk_widget_add_css_class (corner, "heading");
  gtk_label_set_xalign (GTK_LABEL (corner), 0);
  gtk_grid_attach (self->matrix_grid, corner, 0, 0, 1, 1);

  for (guint m = 0; m < SALVE_N_MODALITIES; m++)
    {
      GtkWidget *header = gtk_label_new (salve_modality_get_name (m));

      gtk_widget_add_css_class (header, "heading");
      gtk_grid_attach (self->matrix_grid, header, m + 1, 0, 1, 1);
    }

  for (guint s = 0; s < SALVE_N_SITES; s++)
    {
      GtkWidget *label = gtk_label_new (salve_site_get_name (s));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_grid_attach (self->matrix_grid, label, 0, s + 1, 1, 1);

      for (guint m = 0; m < SALVE_N_MODALITIES; m++)
        {
          GtkWidget *cell = gtk_button_new ();

          gtk_button_set_child (GTK_BUTTON (cell), adw_button_content_new ());
          gtk_widget_add_css_class (cell, "flat");
          gtk_widget_add_css_class (cell, "salve-matrix-cell");
          g_object_set_data (G_OBJECT (cell), "site", GUINT_TO_POINTER (s));
          g_object_set_data (G_OBJECT (cell), "modality", GUINT_TO_POINTER (m));
          g_signal_connect_object (cell, "clicked", G_CALLBACK (on_cell_clicked), self, 0);
          gtk_grid_attach (self->matrix_grid, cell, m + 1, s + 1, 1, 1);
          self->cells[s][m] = GTK_BUTTON (cell);
          gtk_widget_set_focusable (cell, s == 0 && m == 0);
        }
    }

  g_signal_connect_object (key, "key-pressed", G_CALLBACK (on_matrix_key), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->matrix_grid), key);
}

static void
update_sign_off_action (SalveChecklistView *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->carer_row))));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checklist.sign-off",
                                 self->db != NULL && self->profile != NULL && *name != '\0');
}

static void
on_carer_changed (SalveChecklistView *self)
{
  update_sign_off_action (self);
}

static void
sign_off_now (SalveChecklistView *self)
{
  g_autoptr(SalveSignoff) signoff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->db == NULL || self->profile == NULL)
    return;

  /* The carer signs what they read: answers another program stored since
   * (salvectl, a second window) are shown first, not signed unseen. */
  {
    SalveProfileAnswers stored;
    gboolean same = TRUE;

    salve_profile_answers_init (&stored, SALVE_ANSWER_UNKNOWN);
    if (!salve_condition_repo_load (self->db, salve_profile_get_id (self->profile), &stored, &error))
      {
        show_error (self, error);
        return;
      }
    for (guint c = 0; c < SALVE_N_CONDITIONS && same; c++)
      same = stored.answers[c] == self->answers.answers[c] && stored.sites[c] == self->answers.sites[c];
    if (!same)
      {
        reload (self);
        if (SALVE_IS_WINDOW (root))
          salve_window_add_toast (SALVE_WINDOW (root),
                                  adw_toast_new (_("Another program changed the answers just now: read them "
                                                   "again, then sign off.")));
        return;
      }
  }

  signoff = salve_signoff_repo_add (self->db, salve_profile_get_id (self->profile),
                                    gtk_editable_get_text (GTK_EDITABLE (self->carer_row)),
                                    &self->answers, &error);
  if (signoff == NULL)
    {
      show_error (self, error);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->carer_row), "");
  reload (self);

  /* Translators: toast after a sign-off; %s is the carer's name */
  message = g_strdup_printf (_("Signed off by %s"), signoff->signed_by);
  if (SALVE_IS_WINDOW (root))
    salve_window_add_toast (SALVE_WINDOW (root), adw_toast_new (message));
}

static void
on_sign_off_response (AdwMessageDialog   *dialog,
                      const char         *response,
                      SalveChecklistView *self)
{
  if (g_strcmp0 (response, "sign") == 0)
    sign_off_now (self);
}

/* Open questions are signed off only after the carer has read that they
 * are: each counts as a yes until answered. */
static void
sign_off (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  SalveChecklistView *self = SALVE_CHECKLIST_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  guint not_answered, not_sure;
  g_autofree char *open = NULL;
  GtkWidget *dialog;

  if (self->db == NULL || self->profile == NULL)
    return;

  /* One answer row per question answered, "Not sure" among them. */
  not_answered = SALVE_N_CONDITIONS - count_answered (self);
  not_sure = count_not_sure (self);
  if (not_answered + not_sure == 0 || !GTK_IS_WINDOW (root))
    {
      sign_off_now (self);
      return;
    }

  if (not_sure == 0)
    open = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u question is not answered yet.",
                                         "%u questions are not answered yet.", not_answered), not_answered);
  else if (not_answered == 0)
    open = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u question is answered “Not sure”.",
                                         "%u questions are answered “Not sure”.", not_sure), not_sure);
  else
    /* Translators: the two numbers of open questions of a checklist */
    open = g_strdup_printf (_("%u not answered yet and %u answered “Not sure”."), not_answered, not_sure);

  dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Sign Off With Open Questions?"), NULL);
  gtk_widget_set_name (dialog, "sign-off-open");
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s %s", open,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "It counts as a yes, and blocks what a yes would block, until it is answered.",
                                               "Each counts as a yes, and blocks what a yes would block, until it is answered.",
                                               not_answered + not_sure));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Go Back"),
                                    "sign", _("_Sign Off"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_sign_off_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_carer_activated (SalveChecklistView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "checklist.sign-off", NULL);
}

static void
fill_document (SalveChecklistView     *self,
               SalveChecklistDocument *doc)
{
  const SalveSignoff *latest = self->signoffs && self->signoffs->len > 0
    ? g_ptr_array_index (self->signoffs, 0) : NULL;

  doc->profile_name = self->profile ? salve_profile_get_name (self->profile) : "";
  doc->answers = self->answers;
  doc->signed_by = latest ? latest->signed_by : NULL;
  doc->signed_at = latest ? latest->signed_at : NULL;
}

static void
on_begin_print (GtkPrintOperation      *operation,
                GtkPrintContext        *context,
                SalveChecklistDocument *doc)
{
  int pages = salve_checklist_document_render (doc, gtk_print_context_get_cairo_context (context),
                                               gtk_print_context_get_width (context),
                                               gtk_print_context_get_height (context), -1);

  gtk_print_operation_set_n_pages (operation, pages);
}

static void
on_draw_page (GtkPrintOperation      *operation,
              GtkPrintContext        *context,
              int                     page_nr,
              SalveChecklistDocument *doc)
{
  salve_checklist_document_render (doc, gtk_print_context_get_cairo_context (context),
                                   gtk_print_context_get_width (context),
                                   gtk_print_context_get_height (context), page_nr);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SalveChecklistView *self = SALVE_CHECKLIST_VIEW (widget);
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *job = NULL;
  SalveChecklistDocument *doc = g_new0 (SalveChecklistDocument, 1);
  GtkRoot *root = gtk_widget_get_root (widget);

  fill_document (self, doc);
  /* The print dialog may outlive this view's data: keep a copy of the name. */
  doc->profile_name = g_strdup (doc->profile_name);
  doc->signed_by = g_strdup (doc->signed_by);
  doc->signed_at = g_strdup (doc->signed_at);
  g_object_set_data_full (G_OBJECT (operation), "doc-name", (gpointer) doc->profile_name, g_free);
  g_object_set_data_full (G_OBJECT (operation), "doc-by", (gpointer) doc->signed_by, g_free);
  g_object_set_data_full (G_OBJECT (operation), "doc-at", (gpointer) doc->signed_at, g_free);
  g_object_set_data_full (G_OBJECT (operation), "doc", doc, g_free);

  /* Translators: the print job's name; %s is the profile name */
  job = g_strdup_printf (_("Checklist %s"), doc->profile_name);
  gtk_print_operation_set_job_name (operation, job);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), doc);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), doc);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (self, error);
}

static void
on_pdf_response (GtkNativeDialog    *chooser,
                 int                 response,
                 SalveChecklistView *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  SalveChecklistDocument doc;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;

  fill_document (self, &doc);
  if (!salve_checklist_document_save_pdf (&doc, path, &error))
    show_error (self, error);
  else
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      g_autofree char *base = g_file_get_basename (file);
      /* Translators: toast; %s is a file name */
      g_autofree char *message = g_strdup_printf (_("Saved “%s”"), base);

      if (SALVE_IS_WINDOW (root))
        salve_window_add_toast (SALVE_WINDOW (root), adw_toast_new (message));
    }
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SalveChecklistView *self = SALVE_CHECKLIST_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  chooser = gtk_file_chooser_native_new (_("Save Checklist as PDF"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* Translators: suggested file name; %s is the profile name */
  name = g_strdup_printf (_("Checklist %s.pdf"), self->profile ? salve_profile_get_name (self->profile) : "");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_pdf_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
salve_checklist_view_set_context (SalveView    *view,
                                  SalveDb      *db,
                                  SalveProfile *profile)
{
  SalveChecklistView *self = SALVE_CHECKLIST_VIEW (view);
  gboolean ready;

  g_set_object (&self->db, db);
  g_set_object (&self->profile, profile);

  ready = db != NULL && profile != NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checklist.print", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checklist.save-pdf", ready);
  update_sign_off_action (self);
  /* A checklist not on screen reads the patient's answers when it
   * shows: switching patients elsewhere does not wait for its four
   * dozen verdicts. */
  self->stale = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (!self->stale)
    reload (self);
}

/* The first question still open (never answered, or "Not sure") has the
 * focus, which scrolls the page to it: what stands between the person
 * and a session is in sight when the checklist opens. */
static gboolean
focus_first_open (gpointer data)
{
  SalveChecklistView *self = data;
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));

  self->focus_source = 0;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->profile == NULL)
    return G_SOURCE_REMOVE;
  /* Not when the person is already at a question, nor in a popover that
   * opened since. */
  if (focus != NULL &&
      (GTK_IS_POPOVER (gtk_widget_get_native (focus)) ||
       (gtk_widget_get_ancestor (focus, ADW_TYPE_ACTION_ROW) != NULL &&
        gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))))
    return G_SOURCE_REMOVE;

  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    if (self->answers.answers[c] == SALVE_ANSWER_UNKNOWN)
      {
        /* Nobody answers before saying who they are: that field first. */
        if (!gtk_widget_get_sensitive (GTK_WIDGET (self->questions[c].buttons[0])))
          gtk_widget_grab_focus (GTK_WIDGET (self->answerer_row));
        else
          gtk_widget_grab_focus (GTK_WIDGET (answer_tab_stop (&self->questions[c])));
        break;
      }

  return G_SOURCE_REMOVE;
}

static void
salve_checklist_view_map (GtkWidget *widget)
{
  SalveChecklistView *self = SALVE_CHECKLIST_VIEW (widget);

  if (self->stale)
    {
      self->stale = FALSE;
      reload (self);
    }

  GTK_WIDGET_CLASS (salve_checklist_view_parent_class)->map (widget);

  /* After the first allocation, so that the page can scroll to it. */
  if (self->focus_source == 0)
    self->focus_source = g_idle_add_full (G_PRIORITY_LOW, focus_first_open, self, NULL);
}

static void
salve_checklist_view_iface_init (SalveViewInterface *iface)
{
  iface->set_context = salve_checklist_view_set_context;
}

static void
salve_checklist_view_dispose (GObject *object)
{
  SalveChecklistView *self = SALVE_CHECKLIST_VIEW (object);

  g_clear_handle_id (&self->focus_source, g_source_remove);
  release_anchor (self);
  /* The stack is both a template child and the bin's child: take it out
   * of the bin first so it is unparented once. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), SALVE_TYPE_CHECKLIST_VIEW);
  g_clear_pointer (&self->progress, g_free);
  g_clear_object (&self->db);
  g_clear_object (&self->profile);
  g_clear_pointer (&self->answer_rows, g_ptr_array_unref);
  g_clear_pointer (&self->signoffs, g_ptr_array_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (salve_checklist_view_parent_class)->dispose (object);
}

static void
salve_checklist_view_class_init (SalveChecklistViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_checklist_view_dispose;
  widget_class->map = salve_checklist_view_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-checklist-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, stack);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, title_label);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, banner);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, banner_label);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, banner_button);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, next_button);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, banner_buttons);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, scroller);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, matrix_scroller);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, answerer_row);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, answerer_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, questions_group);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, sign_off_group);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, history_group);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, questions_list);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, matrix_grid);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, ceiling_spin);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, carer_row);
  gtk_widget_class_bind_template_child (widget_class, SalveChecklistView, history_list);
  gtk_widget_class_bind_template_callback (widget_class, on_carer_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_answerer_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_ceiling_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_carer_activated);

  gtk_widget_class_install_action (widget_class, "checklist.sign-off", NULL, sign_off);
  gtk_widget_class_install_action (widget_class, "checklist.answer-as", "s", answer_as_action);
  gtk_widget_class_install_action (widget_class, "checklist.go-to-sign-off", NULL, go_to_sign_off_action);
  gtk_widget_class_install_action (widget_class, "checklist.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "checklist.save-pdf", NULL, save_pdf_action);
}

/* The matrix scrolls sideways only (in a narrow window), and GTK turned
 * the mouse wheel over it into sideways scrolling: the page stood still
 * under the pointer and "Sign off" below seemed out of reach. An up or
 * down scroll over the matrix scrolls the page, as the wheel does
 * anywhere else on it; a sideways one is the matrix's. */
static gboolean
on_matrix_scroll (GtkEventControllerScroll *controller,
                  double                    dx,
                  double                    dy,
                  SalveChecklistView       *self)
{
  GtkAdjustment *page = gtk_scrolled_window_get_vadjustment (self->scroller);
  double step;

  if (dy == 0 || fabs (dx) > fabs (dy))
    return FALSE;

  /* A wheel's notch moves as far as GTK's own scrolled window moves it. */
  step = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL
    ? pow (gtk_adjustment_get_page_size (page), 2.0 / 3.0)
    : 1;
  gtk_adjustment_set_value (page, gtk_adjustment_get_value (page) + dy * step);
  return TRUE;
}

static void
salve_checklist_view_init (SalveChecklistView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  salve_spin_button_read_strictly (self->ceiling_spin);
  self->settings = g_settings_new ("io.github.salve.Salve");
  gtk_menu_button_set_create_popup_func (self->answerer_menu_button, create_answerer_menu, self, NULL);
  salve_tooltip_hide_while_open (self->answerer_menu_button);

  build_questions (self);
  build_matrix (self);
  salve_checklist_view_set_context (SALVE_VIEW (self), NULL, NULL);

  {
    GtkEventController *wheel = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);

    gtk_event_controller_set_propagation_phase (wheel, GTK_PHASE_CAPTURE);
    g_signal_connect (wheel, "scroll", G_CALLBACK (on_matrix_scroll), self);
    gtk_widget_add_controller (self->matrix_scroller, wheel);
  }
}
