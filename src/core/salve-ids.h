/* salve-ids.h: the ids that name modalities, body sites and conditions
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The ids are part of the salvectl contract and of the CSV format:
 * never rename one, only add. */

typedef enum
{
  SALVE_MODALITY_TENS,
  SALVE_MODALITY_NMES,
  SALVE_MODALITY_LASER,
  SALVE_MODALITY_PEMF,
  SALVE_N_MODALITIES
} SalveModality;

typedef enum
{
  SALVE_SITE_HEAD,
  SALVE_SITE_EYE,
  SALVE_SITE_FACE,
  SALVE_SITE_NECK_FRONT,
  SALVE_SITE_NECK,
  SALVE_SITE_SHOULDER,
  SALVE_SITE_UPPER_BACK,
  SALVE_SITE_CHEST,
  SALVE_SITE_ABDOMEN,
  SALVE_SITE_LOWER_BACK,
  SALVE_SITE_PELVIS,
  SALVE_SITE_ARM,
  SALVE_SITE_ELBOW,
  SALVE_SITE_WRIST,
  SALVE_SITE_HAND,
  SALVE_SITE_HIP,
  SALVE_SITE_LEG,
  SALVE_SITE_KNEE,
  SALVE_SITE_ANKLE,
  SALVE_SITE_FOOT,
  SALVE_N_SITES
} SalveSite;

typedef enum
{
  SALVE_CONDITION_PACEMAKER,
  SALVE_CONDITION_DEFIBRILLATOR,
  SALVE_CONDITION_OTHER_IMPLANT,
  SALVE_CONDITION_PREGNANCY,
  SALVE_CONDITION_THROMBOSIS,
  SALVE_CONDITION_EPILEPSY,
  SALVE_CONDITION_MALIGNANCY,
  SALVE_CONDITION_BLEEDING,
  SALVE_CONDITION_ARRHYTHMIA,
  SALVE_CONDITION_REDUCED_SENSATION,
  SALVE_CONDITION_BROKEN_SKIN,
  SALVE_CONDITION_INFECTION,
  SALVE_CONDITION_HYPERTHYROIDISM,
  SALVE_CONDITION_PHOTOSENSITIVITY,
  SALVE_N_CONDITIONS
} SalveCondition;

typedef enum
{
  SALVE_ANSWER_NO,
  SALVE_ANSWER_YES,
  SALVE_ANSWER_UNKNOWN,
} SalveAnswer;

const char *salve_modality_to_id     (SalveModality  modality);
gboolean    salve_modality_from_id   (const char    *id,
                                      SalveModality *modality);
const char *salve_modality_get_name  (SalveModality  modality);

const char *salve_site_to_id         (SalveSite      site);
gboolean    salve_site_from_id       (const char    *id,
                                      SalveSite     *site);
const char *salve_site_get_name      (SalveSite      site);
/* The sites whose skin @site shares, as a mask of 1 << site: itself, the
 * limb it is part of (a knee's leg) and, for a limb, its parts (a leg's
 * knee, ankle and foot; an arm's elbow, wrist and hand). Numbness noted
 * at one of them is numbness where electrodes on @site may lie. */
guint32     salve_site_get_shared_mask (SalveSite    site);

const char *salve_condition_to_id    (SalveCondition condition);
gboolean    salve_condition_from_id  (const char    *id,
                                      SalveCondition *condition);

const char *salve_answer_to_id       (SalveAnswer    answer);
gboolean    salve_answer_from_id     (const char    *id,
                                      SalveAnswer   *answer);
/* "Yes", "No" or "Not sure", translated. */
const char *salve_answer_get_name    (SalveAnswer    answer);

/* A comma-separated list of every valid id, for usage errors. */
char       *salve_modality_list_ids  (void);
char       *salve_site_list_ids      (void);
char       *salve_condition_list_ids (void);

G_END_DECLS
