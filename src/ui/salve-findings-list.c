/* salve-findings-list.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-findings-list"

#include "config.h"

#include <glib/gi18n.h>

#include "salve-findings-list.h"

struct _SalveFindingsList
{
  AdwBin          parent_instance;

  GtkListBox     *list_box;
  GtkCheckButton *acknowledge_check;
  GtkWidget      *acknowledge_hint;   /* why Next waits, until ticked */

  GPtrArray      *findings;
  gboolean        acknowledged;
};

G_DEFINE_FINAL_TYPE (SalveFindingsList, salve_findings_list, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VERDICT,
  PROP_ACKNOWLEDGED,
  PROP_CAN_START,
  N_PROPS
};

enum {
  CAUTIONS_ACKNOWLEDGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const char *
salve_verdict_get_icon_name (SalveVerdict verdict)
{
  switch (verdict)
    {
    case SALVE_VERDICT_ALLOWED:
      return "emblem-ok-symbolic";
    case SALVE_VERDICT_CAUTION:
      return "dialog-warning-symbolic";
    case SALVE_VERDICT_BLOCKED:
    default:
      return "action-unavailable-symbolic";
    }
}

const char *
salve_verdict_get_style_class (SalveVerdict verdict)
{
  switch (verdict)
    {
    case SALVE_VERDICT_ALLOWED:
      return "success";
    case SALVE_VERDICT_CAUTION:
      return "warning";
    case SALVE_VERDICT_BLOCKED:
    default:
      return "error";
    }
}

/* A block says whose it is: a site never allowed for the modality reads
 * differently from one not allowed for this person. */
static const char *
finding_label (const SalveFinding *finding)
{
  if (finding == NULL || finding->severity != SALVE_SEVERITY_BLOCK)
    return NULL;
  if (salve_finding_is_never_allowed (finding))
    return _("Never allowed here");
  if (finding->condition < SALVE_N_CONDITIONS)
    return _("Not allowed for you");

  return NULL;
}

static GtkWidget *
make_row (SalveVerdict        verdict,
          const SalveFinding *finding,
          const char         *title,
          const char         *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (salve_verdict_get_icon_name (verdict));
  const char *text = finding_label (finding);
  GtkWidget *label = gtk_label_new (text != NULL ? text : salve_verdict_get_name (verdict));

  gtk_widget_add_css_class (icon, salve_verdict_get_style_class (verdict));
  gtk_widget_add_css_class (label, salve_verdict_get_style_class (verdict));
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  /* A screen reader hears the verdict with the reason: the label beside
   * it is colour and a word apart. */
  {
    /* Translators: a finding read by a screen reader, "Blocked: Stimulate no region where…" */
    g_autofree char *name = g_strdup_printf (_("%s: %s"), text != NULL ? text : salve_verdict_get_name (verdict), title);

    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  }

  return row;
}

static void
update_acknowledge (SalveFindingsList *self)
{
  SalveVerdict verdict = salve_findings_list_get_verdict (self);

  /* Acknowledging only makes sense when cautions are all that stand. */
  gtk_widget_set_visible (GTK_WIDGET (self->acknowledge_check), verdict == SALVE_VERDICT_CAUTION);
  gtk_widget_set_visible (self->acknowledge_hint,
                          verdict == SALVE_VERDICT_CAUTION && !gtk_check_button_get_active (self->acknowledge_check));
}

void
salve_findings_list_set_findings (SalveFindingsList *self,
                                  GPtrArray         *findings)
{
  GtkWidget *child;

  g_return_if_fail (SALVE_IS_FINDINGS_LIST (self));

  g_clear_pointer (&self->findings, g_ptr_array_unref);
  if (findings != NULL)
    self->findings = g_ptr_array_ref (findings);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))))
    gtk_list_box_remove (self->list_box, child);

  if (self->findings == NULL || self->findings->len == 0)
    gtk_list_box_append (self->list_box,
                         make_row (SALVE_VERDICT_ALLOWED, NULL, _("No contraindications found"), NULL));
  else
    for (guint i = 0; i < self->findings->len; i++)
      {
        const SalveFinding *finding = g_ptr_array_index (self->findings, i);
        SalveVerdict verdict = finding->severity == SALVE_SEVERITY_BLOCK
          ? SALVE_VERDICT_BLOCKED : SALVE_VERDICT_CAUTION;

        gtk_list_box_append (self->list_box, make_row (verdict, finding, finding->reason, finding->source));
      }

  /* A new plan must be read again before it is acknowledged. */
  self->acknowledged = FALSE;
  g_signal_handlers_block_matched (self->acknowledge_check, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_check_button_set_active (self->acknowledge_check, FALSE);
  g_signal_handlers_unblock_matched (self->acknowledge_check, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  update_acknowledge (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACKNOWLEDGED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_START]);
}

GPtrArray *
salve_findings_list_get_findings (SalveFindingsList *self)
{
  g_return_val_if_fail (SALVE_IS_FINDINGS_LIST (self), NULL);
  return self->findings;
}

SalveVerdict
salve_findings_list_get_verdict (SalveFindingsList *self)
{
  g_return_val_if_fail (SALVE_IS_FINDINGS_LIST (self), SALVE_VERDICT_BLOCKED);

  if (self->findings == NULL)
    return SALVE_VERDICT_ALLOWED;

  return salve_findings_get_verdict (self->findings);
}

gboolean
salve_findings_list_get_acknowledged (SalveFindingsList *self)
{
  g_return_val_if_fail (SALVE_IS_FINDINGS_LIST (self), FALSE);
  return self->acknowledged;
}

gboolean
salve_findings_allow_start (GPtrArray *findings,
                            gboolean   acknowledged)
{
  if (findings == NULL)
    return TRUE;

  switch (salve_findings_get_verdict (findings))
    {
    case SALVE_VERDICT_ALLOWED:
      return TRUE;
    case SALVE_VERDICT_CAUTION:
      return acknowledged;
    case SALVE_VERDICT_BLOCKED:
    default:
      return FALSE;
    }
}

gboolean
salve_findings_list_get_can_start (SalveFindingsList *self)
{
  g_return_val_if_fail (SALVE_IS_FINDINGS_LIST (self), FALSE);

  return salve_findings_allow_start (self->findings, self->acknowledged);
}

static void
on_acknowledge_toggled (SalveFindingsList *self,
                        GtkCheckButton    *check)
{
  self->acknowledged = gtk_check_button_get_active (check);
  gtk_widget_set_visible (self->acknowledge_hint,
                          gtk_widget_get_visible (GTK_WIDGET (check)) && !self->acknowledged);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACKNOWLEDGED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_START]);

  if (self->acknowledged)
    g_signal_emit (self, signals[CAUTIONS_ACKNOWLEDGED], 0);
}

GtkWidget *
salve_findings_list_new (void)
{
  return g_object_new (SALVE_TYPE_FINDINGS_LIST, NULL);
}

static void
salve_findings_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SalveFindingsList *self = SALVE_FINDINGS_LIST (object);

  switch (prop_id)
    {
    case PROP_VERDICT:
      g_value_set_int (value, salve_findings_list_get_verdict (self));
      break;
    case PROP_ACKNOWLEDGED:
      g_value_set_boolean (value, self->acknowledged);
      break;
    case PROP_CAN_START:
      g_value_set_boolean (value, salve_findings_list_get_can_start (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_findings_list_dispose (GObject *object)
{
  SalveFindingsList *self = SALVE_FINDINGS_LIST (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SALVE_TYPE_FINDINGS_LIST);
  g_clear_pointer (&self->findings, g_ptr_array_unref);

  G_OBJECT_CLASS (salve_findings_list_parent_class)->dispose (object);
}

static void
salve_findings_list_class_init (SalveFindingsListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_findings_list_dispose;
  object_class->get_property = salve_findings_list_get_property;

  properties[PROP_VERDICT] =
    g_param_spec_int ("verdict", NULL, NULL,
                      SALVE_VERDICT_ALLOWED, SALVE_VERDICT_BLOCKED, SALVE_VERDICT_ALLOWED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACKNOWLEDGED] =
    g_param_spec_boolean ("acknowledged", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_START] =
    g_param_spec_boolean ("can-start", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted when the person ticks "I have read the cautions": log it with
   * who and when. */
  signals[CAUTIONS_ACKNOWLEDGED] =
    g_signal_new ("cautions-acknowledged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-findings-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SalveFindingsList, list_box);
  gtk_widget_class_bind_template_child (widget_class, SalveFindingsList, acknowledge_check);
  gtk_widget_class_bind_template_child (widget_class, SalveFindingsList, acknowledge_hint);
  gtk_widget_class_bind_template_callback (widget_class, on_acknowledge_toggled);
}

static void
salve_findings_list_init (SalveFindingsList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  salve_findings_list_set_findings (self, NULL);
}
