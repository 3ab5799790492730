/* salve-diary-entry-dialog.h: add or edit one diary entry
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "salve-db.h"
#include "salve-diary-entry.h"

G_BEGIN_DECLS

#define SALVE_TYPE_DIARY_ENTRY_DIALOG (salve_diary_entry_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SalveDiaryEntryDialog, salve_diary_entry_dialog, SALVE, DIARY_ENTRY_DIALOG, AdwWindow)

/* With @entry NULL a new entry for @profile_id at the current time; else
 * @entry is edited (a copy: nothing changes until Save). Emits "saved"
 * with the stored entry, then closes. */
SalveDiaryEntryDialog *salve_diary_entry_dialog_new (GtkWindow       *parent,
                                                     SalveDb         *db,
                                                     gint64           profile_id,
                                                     SalveDiaryEntry *entry);

G_END_DECLS
