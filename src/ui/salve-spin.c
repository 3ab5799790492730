/* salve-spin.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "salve-parse.h"
#include "salve-spin.h"

static int
on_input (GtkSpinButton *spin,
          double        *new_value,
          gpointer       user_data)
{
  const char *point = localeconv ()->decimal_point;
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin)));
  double value;

  /* The locale's decimal sign (a comma in Dutch) reads as a point, the
   * way the spin button shows it; a point always reads as a point. */
  if (point != NULL && point[0] != '\0' && point[0] != '.' && point[1] == '\0')
    g_strdelimit (text, point, '.');

  if (!salve_parse_double (text, -G_MAXDOUBLE, G_MAXDOUBLE, &value, NULL))
    {
      /* GTK_INPUT_ERROR keeps the value only under GTK_UPDATE_IF_VALID;
       * handing back the value as it was keeps it under either. */
      *new_value = gtk_spin_button_get_value (spin);
      gtk_widget_error_bell (GTK_WIDGET (spin));
      return GTK_INPUT_ERROR;
    }

  /* Taken down (or up) to the range, as GTK does: with the bell, so
   * that a typed 99 becoming 50 is not silent. */
  if (value > gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (spin)) ||
      value < gtk_adjustment_get_lower (gtk_spin_button_get_adjustment (spin)))
    gtk_widget_error_bell (GTK_WIDGET (spin));

  *new_value = value;
  return TRUE;
}

void
salve_spin_button_read_strictly (GtkSpinButton *spin)
{
  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));

  g_signal_connect (spin, "input", G_CALLBACK (on_input), NULL);
}
