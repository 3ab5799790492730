/* salve-spin.h: spin buttons that read a typed number the one strict way
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Makes @spin read what is typed into it as salve_parse_double() does,
 * with the locale's decimal comma taken as a point: "010" is ten, and
 * "0x10", "1,5,0" or "8 mA" are refused (the value stays as it was, with
 * the error bell). GTK's own reading takes hexadecimal, so "0x10" was
 * sixteen milliamperes. Every spin button of the app goes through this. */
void salve_spin_button_read_strictly (GtkSpinButton *spin);

G_END_DECLS
