/* salve-signoff-repo.h: carers' sign-offs of the checklist
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-db.h"
#include "salve-rules.h"

G_BEGIN_DECLS

typedef struct
{
  gint64               id;
  gint64               profile_id;
  char                *signed_by;
  char                *signed_at;   /* ISO 8601 with offset */
  /* The answers exactly as they stood when signed. */
  SalveProfileAnswers  answers;
  char                *answers_json;
  /* Per question, whether the record says if it was answered: FALSE
   * only for an unknown of a sign-off saved before Salve kept that,
   * which could have been "Not sure" or not answered yet. */
  gboolean             answered_known[SALVE_N_CONDITIONS];
} SalveSignoff;

void          salve_signoff_free        (SalveSignoff *signoff);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveSignoff, salve_signoff_free)

/* Records that @signed_by (a carer's name, not empty) checked @answers
 * now. */
SalveSignoff *salve_signoff_repo_add    (SalveDb                    *db,
                                         gint64                      profile_id,
                                         const char                 *signed_by,
                                         const SalveProfileAnswers  *answers,
                                         GError                    **error);
/* Newest first. Element type: SalveSignoff. */
GPtrArray    *salve_signoff_repo_list   (SalveDb                    *db,
                                         gint64                      profile_id,
                                         GError                    **error);

/* How many answers differ between @signoff and @current: a question
 * answered otherwise (also "Not sure" given to a question that was not
 * answered yet), a local condition placed elsewhere, and the intensity
 * ceiling each count once. 0 means the sign-off still holds. */
guint         salve_signoff_count_changes (const SalveSignoff        *signoff,
                                           const SalveProfileAnswers *current);

G_END_DECLS
