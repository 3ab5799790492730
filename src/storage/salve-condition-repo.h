/* salve-condition-repo.h: a profile's checklist answers
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "salve-db.h"
#include "salve-rules.h"

G_BEGIN_DECLS

/* One stored answer, with who gave it and when. */
typedef struct
{
  SalveCondition condition;
  SalveAnswer    answer;
  SalveSite      site;          /* SALVE_N_SITES when not given */
  char          *answered_by;
  char          *answered_at;   /* ISO 8601 with offset */
  /* The profile's newest diary entry when it was answered (its id; 0:
   * none, or answered before Salve kept it). */
  gint64         last_entry_id;
} SalveConditionAnswer;

void      salve_condition_answer_free   (SalveConditionAnswer *answer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveConditionAnswer, salve_condition_answer_free)

/* Records (or replaces) the answer to one question. @site is
 * SALVE_N_SITES for none; @answered_by may be empty. */
gboolean  salve_condition_repo_set      (SalveDb             *db,
                                         gint64               profile_id,
                                         SalveCondition       condition,
                                         SalveAnswer          answer,
                                         SalveSite            site,
                                         const char          *answered_by,
                                         GError             **error);
/* The stored answers in condition order; questions never answered are
 * left out. Element type: SalveConditionAnswer. */
GPtrArray *salve_condition_repo_list    (SalveDb             *db,
                                         gint64               profile_id,
                                         GError             **error);
/* What the engine needs: every answer (never answered reads as unknown),
 * the sites and the profile's intensity ceiling. */
gboolean  salve_condition_repo_load     (SalveDb             *db,
                                         gint64               profile_id,
                                         SalveProfileAnswers *answers,
                                         GError             **error);
/* NAN clears the ceiling. */
gboolean  salve_condition_repo_set_ceiling (SalveDb          *db,
                                            gint64            profile_id,
                                            double            ceiling_ma,
                                            GError          **error);

G_END_DECLS
