/* salve-ids.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-ids"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "salve-ids.h"

typedef struct
{
  const char *id;
  const char *name;
} IdEntry;

static const IdEntry modalities[SALVE_N_MODALITIES] = {
  [SALVE_MODALITY_TENS]  = { "tens",  N_("TENS") },
  [SALVE_MODALITY_NMES]  = { "nmes",  N_("NMES") },
  [SALVE_MODALITY_LASER] = { "laser", N_("Soft laser") },
  [SALVE_MODALITY_PEMF]  = { "pemf",  N_("PEMF") },
};

static const IdEntry sites[SALVE_N_SITES] = {
  [SALVE_SITE_HEAD]       = { "head",       N_("Head") },
  [SALVE_SITE_EYE]        = { "eye",        N_("Eye") },
  [SALVE_SITE_FACE]       = { "face",       N_("Face") },
  [SALVE_SITE_NECK_FRONT] = { "neck-front", N_("Front of the neck") },
  [SALVE_SITE_NECK]       = { "neck",       N_("Neck") },
  [SALVE_SITE_SHOULDER]   = { "shoulder",   N_("Shoulder") },
  [SALVE_SITE_UPPER_BACK] = { "upper-back", N_("Upper back") },
  [SALVE_SITE_CHEST]      = { "chest",      N_("Chest") },
  [SALVE_SITE_ABDOMEN]    = { "abdomen",    N_("Abdomen") },
  [SALVE_SITE_LOWER_BACK] = { "lower-back", N_("Lower back") },
  [SALVE_SITE_PELVIS]     = { "pelvis",     N_("Pelvis") },
  [SALVE_SITE_ARM]        = { "arm",        N_("Arm") },
  [SALVE_SITE_ELBOW]      = { "elbow",      N_("Elbow") },
  [SALVE_SITE_WRIST]      = { "wrist",      N_("Wrist") },
  [SALVE_SITE_HAND]       = { "hand",       N_("Hand") },
  [SALVE_SITE_HIP]        = { "hip",        N_("Hip") },
  [SALVE_SITE_LEG]        = { "leg",        N_("Leg") },
  [SALVE_SITE_KNEE]       = { "knee",       N_("Knee") },
  [SALVE_SITE_ANKLE]      = { "ankle",      N_("Ankle") },
  [SALVE_SITE_FOOT]       = { "foot",       N_("Foot") },
};

static const char * const conditions[SALVE_N_CONDITIONS] = {
  [SALVE_CONDITION_PACEMAKER]         = "pacemaker",
  [SALVE_CONDITION_DEFIBRILLATOR]     = "defibrillator",
  [SALVE_CONDITION_OTHER_IMPLANT]     = "other-implant",
  [SALVE_CONDITION_PREGNANCY]         = "pregnancy",
  [SALVE_CONDITION_THROMBOSIS]        = "thrombosis",
  [SALVE_CONDITION_EPILEPSY]          = "epilepsy",
  [SALVE_CONDITION_MALIGNANCY]        = "malignancy",
  [SALVE_CONDITION_BLEEDING]          = "bleeding",
  [SALVE_CONDITION_ARRHYTHMIA]        = "arrhythmia",
  [SALVE_CONDITION_REDUCED_SENSATION] = "reduced-sensation",
  [SALVE_CONDITION_BROKEN_SKIN]       = "broken-skin",
  [SALVE_CONDITION_INFECTION]         = "infection",
  [SALVE_CONDITION_HYPERTHYROIDISM]   = "hyperthyroidism",
  [SALVE_CONDITION_PHOTOSENSITIVITY]  = "photosensitivity",
};

static const char * const answers[] = {
  [SALVE_ANSWER_NO]      = "no",
  [SALVE_ANSWER_YES]     = "yes",
  [SALVE_ANSWER_UNKNOWN] = "unknown",
};

static const char * const answer_names[] = {
  [SALVE_ANSWER_NO]      = N_("No"),
  [SALVE_ANSWER_YES]     = N_("Yes"),
  [SALVE_ANSWER_UNKNOWN] = N_("Not sure"),
};

static gboolean
lookup_entry (const IdEntry *table,
              guint          n,
              const char    *id,
              guint         *index)
{
  if (id == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (table[i].id, id))
        {
          *index = i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
lookup_string (const char * const *table,
               guint               n,
               const char         *id,
               guint              *index)
{
  if (id == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (table[i], id))
        {
          *index = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
salve_modality_to_id (SalveModality modality)
{
  g_return_val_if_fail (modality < SALVE_N_MODALITIES, NULL);
  return modalities[modality].id;
}

gboolean
salve_modality_from_id (const char    *id,
                        SalveModality *modality)
{
  guint index;

  if (!lookup_entry (modalities, SALVE_N_MODALITIES, id, &index))
    return FALSE;

  *modality = index;
  return TRUE;
}

const char *
salve_modality_get_name (SalveModality modality)
{
  g_return_val_if_fail (modality < SALVE_N_MODALITIES, NULL);
  return g_dgettext (GETTEXT_PACKAGE, modalities[modality].name);
}

const char *
salve_site_to_id (SalveSite site)
{
  g_return_val_if_fail (site < SALVE_N_SITES, NULL);
  return sites[site].id;
}

gboolean
salve_site_from_id (const char *id,
                    SalveSite  *site)
{
  guint index;

  if (!lookup_entry (sites, SALVE_N_SITES, id, &index))
    return FALSE;

  *site = index;
  return TRUE;
}

const char *
salve_site_get_name (SalveSite site)
{
  g_return_val_if_fail (site < SALVE_N_SITES, NULL);
  return g_dgettext (GETTEXT_PACKAGE, sites[site].name);
}

guint32
salve_site_get_shared_mask (SalveSite site)
{
  const guint32 leg = 1u << SALVE_SITE_LEG | 1u << SALVE_SITE_KNEE | 1u << SALVE_SITE_ANKLE | 1u << SALVE_SITE_FOOT;
  const guint32 arm = 1u << SALVE_SITE_ARM | 1u << SALVE_SITE_ELBOW | 1u << SALVE_SITE_WRIST | 1u << SALVE_SITE_HAND;

  g_return_val_if_fail (site < SALVE_N_SITES, 0);

  switch (site)
    {
    case SALVE_SITE_LEG:
      return leg;
    case SALVE_SITE_ARM:
      return arm;
    case SALVE_SITE_KNEE:
    case SALVE_SITE_ANKLE:
    case SALVE_SITE_FOOT:
      return 1u << site | 1u << SALVE_SITE_LEG;
    case SALVE_SITE_ELBOW:
    case SALVE_SITE_WRIST:
    case SALVE_SITE_HAND:
      return 1u << site | 1u << SALVE_SITE_ARM;
    case SALVE_SITE_HEAD:
    case SALVE_SITE_EYE:
    case SALVE_SITE_FACE:
    case SALVE_SITE_NECK_FRONT:
    case SALVE_SITE_NECK:
    case SALVE_SITE_SHOULDER:
    case SALVE_SITE_UPPER_BACK:
    case SALVE_SITE_CHEST:
    case SALVE_SITE_ABDOMEN:
    case SALVE_SITE_LOWER_BACK:
    case SALVE_SITE_PELVIS:
    case SALVE_SITE_HIP:
    case SALVE_N_SITES:
    default:
      return 1u << site;
    }
}

const char *
salve_condition_to_id (SalveCondition condition)
{
  g_return_val_if_fail (condition < SALVE_N_CONDITIONS, NULL);
  return conditions[condition];
}

gboolean
salve_condition_from_id (const char     *id,
                         SalveCondition *condition)
{
  guint index;

  if (!lookup_string (conditions, SALVE_N_CONDITIONS, id, &index))
    return FALSE;

  *condition = index;
  return TRUE;
}

const char *
salve_answer_to_id (SalveAnswer answer)
{
  g_return_val_if_fail (answer <= SALVE_ANSWER_UNKNOWN, NULL);
  return answers[answer];
}

const char *
salve_answer_get_name (SalveAnswer answer)
{
  g_return_val_if_fail (answer <= SALVE_ANSWER_UNKNOWN, NULL);
  return g_dgettext (GETTEXT_PACKAGE, answer_names[answer]);
}

gboolean
salve_answer_from_id (const char  *id,
                      SalveAnswer *answer)
{
  guint index;

  if (!lookup_string (answers, G_N_ELEMENTS (answers), id, &index))
    return FALSE;

  *answer = index;
  return TRUE;
}

static char *
join_entries (const IdEntry *table,
              guint          n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", table[i].id);

  return g_string_free (s, FALSE);
}

char *
salve_modality_list_ids (void)
{
  return join_entries (modalities, SALVE_N_MODALITIES);
}

char *
salve_site_list_ids (void)
{
  return join_entries (sites, SALVE_N_SITES);
}

char *
salve_condition_list_ids (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < SALVE_N_CONDITIONS; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", conditions[i]);

  return g_string_free (s, FALSE);
}
