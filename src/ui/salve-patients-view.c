/* salve-patients-view.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-patients-view"

#include "config.h"

#include "salve-patients-view.h"
#include "salve-view.h"

struct _SalvePatientsView
{
  AdwBin parent_instance;
};

static void salve_patients_view_iface_init (SalveViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SalvePatientsView, salve_patients_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (SALVE_TYPE_VIEW, salve_patients_view_iface_init))

static void
salve_patients_view_set_context (SalveView    *view,
                                 SalveDb      *db,
                                 SalveProfile *profile)
{
}

static void
salve_patients_view_iface_init (SalveViewInterface *iface)
{
  iface->set_context = salve_patients_view_set_context;
}

static void
salve_patients_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SALVE_TYPE_PATIENTS_VIEW);

  G_OBJECT_CLASS (salve_patients_view_parent_class)->dispose (object);
}

static void
salve_patients_view_class_init (SalvePatientsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_patients_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/salve/Salve/salve-patients-view.ui");
}

static void
salve_patients_view_init (SalvePatientsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
