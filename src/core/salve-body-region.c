/* salve-body-region.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-body-region"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "salve-body-region.h"

typedef struct
{
  const char *id;
  const char *name;
} SideEntry;

/* Only sites with sides have entries; index 0 left, 1 right. */
static const SideEntry sides[SALVE_N_SITES][2] = {
  [SALVE_SITE_EYE] = { { "eye-left", N_("Left eye") }, { "eye-right", N_("Right eye") } },
  [SALVE_SITE_SHOULDER] = { { "shoulder-left", N_("Left shoulder") }, { "shoulder-right", N_("Right shoulder") } },
  [SALVE_SITE_ARM] = { { "arm-left", N_("Left arm") }, { "arm-right", N_("Right arm") } },
  [SALVE_SITE_ELBOW] = { { "elbow-left", N_("Left elbow") }, { "elbow-right", N_("Right elbow") } },
  [SALVE_SITE_WRIST] = { { "wrist-left", N_("Left wrist") }, { "wrist-right", N_("Right wrist") } },
  [SALVE_SITE_HAND] = { { "hand-left", N_("Left hand") }, { "hand-right", N_("Right hand") } },
  [SALVE_SITE_HIP] = { { "hip-left", N_("Left hip") }, { "hip-right", N_("Right hip") } },
  [SALVE_SITE_LEG] = { { "leg-left", N_("Left leg") }, { "leg-right", N_("Right leg") } },
  [SALVE_SITE_KNEE] = { { "knee-left", N_("Left knee") }, { "knee-right", N_("Right knee") } },
  [SALVE_SITE_ANKLE] = { { "ankle-left", N_("Left ankle") }, { "ankle-right", N_("Right ankle") } },
  [SALVE_SITE_FOOT] = { { "foot-left", N_("Left foot") }, { "foot-right", N_("Right foot") } },
};

/* What people write for each site, normalised (lower case, no accents,
 * words separated by one space), Dutch and English, singular and plural. */
static const char * const site_names[SALVE_N_SITES] = {
  [SALVE_SITE_HEAD]       = "head|hoofd|skull|schedel",
  [SALVE_SITE_EYE]        = "eye|eyes|oog|ogen",
  [SALVE_SITE_FACE]       = "face|gezicht|aangezicht|jaw|kaak",
  [SALVE_SITE_NECK_FRONT] = "neck front|front of the neck|front of neck|throat|voorkant nek|voorkant van de nek|voorkant hals|keel",
  [SALVE_SITE_NECK]       = "neck|nek|hals|cervical|nekpijn|neck pain",
  [SALVE_SITE_SHOULDER]   = "shoulder|shoulders|schouder|schouders",
  [SALVE_SITE_UPPER_BACK] = "upper back|bovenrug|bovenste rug|hoge rug|thoracic|thoracic back",
  [SALVE_SITE_CHEST]      = "chest|borst|borstkas",
  [SALVE_SITE_ABDOMEN]    = "abdomen|belly|stomach|buik",
  [SALVE_SITE_LOWER_BACK] = "lower back|low back|lumbar|lower back pain|low back pain|onderrug|onderste rug|lage rug|lage rugpijn|lendenen|lenden",
  [SALVE_SITE_PELVIS]     = "pelvis|bekken",
  [SALVE_SITE_ARM]        = "arm|arms|armen",
  [SALVE_SITE_ELBOW]      = "elbow|elbows|elleboog|ellebogen",
  [SALVE_SITE_WRIST]      = "wrist|wrists|pols|polsen",
  [SALVE_SITE_HAND]       = "hand|hands|handen",
  [SALVE_SITE_HIP]        = "hip|hips|heup|heupen",
  [SALVE_SITE_LEG]        = "leg|legs|been|benen",
  [SALVE_SITE_KNEE]       = "knee|knees|knie|knieen",
  [SALVE_SITE_ANKLE]      = "ankle|ankles|enkel|enkels",
  [SALVE_SITE_FOOT]       = "foot|feet|voet|voeten",
};

/* Codes: site × 3 + side + 1, so every region fits a gint8 and
 * SALVE_REGION_CODE_NONE (0) and OTHER (−1) stay free. */
G_STATIC_ASSERT (SALVE_N_SITES * SALVE_N_SIDES < G_MAXINT8);

gboolean
salve_site_has_sides (SalveSite site)
{
  g_return_val_if_fail (site < SALVE_N_SITES, FALSE);
  return sides[site][0].id != NULL;
}

const char *
salve_body_region_to_id (SalveSite site,
                         SalveSide side)
{
  g_return_val_if_fail (site < SALVE_N_SITES, NULL);
  g_return_val_if_fail (side < SALVE_N_SIDES, NULL);

  if (side == SALVE_SIDE_NONE)
    return salve_site_to_id (site);

  return sides[site][side - SALVE_SIDE_LEFT].id;
}

gboolean
salve_body_region_from_id (const char *id,
                           SalveSite  *site,
                           SalveSide  *side)
{
  SalveSite found;

  if (id == NULL || *id == '\0')
    return FALSE;

  if (salve_site_from_id (id, &found))
    {
      if (site != NULL)
        *site = found;
      if (side != NULL)
        *side = SALVE_SIDE_NONE;
      return TRUE;
    }

  for (guint i = 0; i < SALVE_N_SITES; i++)
    for (guint s = 0; s < 2; s++)
      if (sides[i][s].id != NULL && g_str_equal (sides[i][s].id, id))
        {
          if (site != NULL)
            *site = i;
          if (side != NULL)
            *side = SALVE_SIDE_LEFT + s;
          return TRUE;
        }

  return FALSE;
}

gboolean
salve_body_region_id_is_valid (const char *id)
{
  return salve_body_region_from_id (id, NULL, NULL);
}

const char *
salve_body_region_get_name (const char *region)
{
  SalveSite site;
  SalveSide side;

  if (region == NULL)
    return "";
  if (!salve_body_region_from_id (region, &site, &side))
    return region;
  if (side == SALVE_SIDE_NONE)
    return salve_site_get_name (site);

  return g_dgettext (GETTEXT_PACKAGE, sides[site][side - SALVE_SIDE_LEFT].name);
}

/* "Knie (links)" → "knie links", "Lage-rug" → "lage rug". */
static char *
normalise_name (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  GString *out;
  gboolean space = FALSE;

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    return NULL;
  folded = g_utf8_casefold (decomposed, -1);

  out = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (!g_unichar_isalnum (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
site_from_name (const char *name,
                SalveSite  *site)
{
  gsize len = strlen (name);

  if (len == 0)
    return FALSE;

  for (guint i = 0; i < SALVE_N_SITES; i++)
    {
      g_autofree char *id_words = g_strdelimit (g_strdup (salve_site_to_id (i)), "-", ' ');

      if (g_str_equal (id_words, name))
        {
          *site = i;
          return TRUE;
        }

      for (const char *p = site_names[i]; *p != '\0'; )
        {
          const char *end = strchr (p, '|');
          gsize n = end != NULL ? (gsize) (end - p) : strlen (p);

          if (n == len && strncmp (p, name, n) == 0)
            {
              *site = i;
              return TRUE;
            }
          p += n;
          if (*p == '|')
            p++;
        }
    }

  return FALSE;
}

static SalveSide
side_of_word (const char *word)
{
  static const char * const left[] = { "left", "links", "l", "linker", "li", "lt", NULL };
  static const char * const right[] = { "right", "rechts", "r", "rechter", "re", "rt", NULL };

  if (g_strv_contains (left, word))
    return SALVE_SIDE_LEFT;
  if (g_strv_contains (right, word))
    return SALVE_SIDE_RIGHT;
  return SALVE_SIDE_NONE;
}

const char *
salve_body_region_match_name (const char *text)
{
  g_autofree char *normal = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) rest = NULL;
  SalveSide side = SALVE_SIDE_NONE;
  SalveSite site;

  if (text == NULL)
    return NULL;
  if (salve_body_region_id_is_valid (text))
    {
      SalveSide id_side;

      salve_body_region_from_id (text, &site, &id_side);
      return salve_body_region_to_id (site, id_side);
    }

  normal = normalise_name (text);
  if (normal == NULL || *normal == '\0')
    return NULL;

  words = g_strsplit (normal, " ", -1);
  rest = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];
      SalveSide word_side = side_of_word (word);

      /* Dutch writes the side into the word: "linkerknie", "rechterschouder". */
      if (word_side == SALVE_SIDE_NONE && strlen (word) > 6 &&
          (g_str_has_prefix (word, "linker") || g_str_has_prefix (word, "rechter")))
        {
          word_side = word[0] == 'l' ? SALVE_SIDE_LEFT : SALVE_SIDE_RIGHT;
          word += word[0] == 'l' ? strlen ("linker") : strlen ("rechter");
        }
      else if (word_side != SALVE_SIDE_NONE)
        word = "";

      if (word_side != SALVE_SIDE_NONE)
        {
          /* "left knee right" says two things: not ours to choose. */
          if (side != SALVE_SIDE_NONE && side != word_side)
            return NULL;
          side = word_side;
        }

      if (*word == '\0')
        continue;
      if (rest->len > 0)
        g_string_append_c (rest, ' ');
      g_string_append (rest, word);
    }

  if (!site_from_name (rest->str, &site))
    return NULL;
  /* A side on a site without sides ("left lower back") would be lost in
   * the id: the text stays as it was. */
  if (side != SALVE_SIDE_NONE && !salve_site_has_sides (site))
    return NULL;

  return salve_body_region_to_id (site, side);
}

int
salve_body_region_to_code (const char *region)
{
  SalveSite site;
  SalveSide side;

  if (region == NULL || *region == '\0')
    return SALVE_REGION_CODE_NONE;
  if (!salve_body_region_from_id (region, &site, &side))
    return SALVE_REGION_CODE_OTHER;

  return (int) site * SALVE_N_SIDES + (int) side + 1;
}

const char *
salve_body_region_from_code (int code)
{
  SalveSite site;
  SalveSide side;

  if (code <= 0 || code > SALVE_N_SITES * SALVE_N_SIDES)
    return NULL;

  site = (code - 1) / SALVE_N_SIDES;
  side = (code - 1) % SALVE_N_SIDES;
  return salve_body_region_to_id (site, side);
}

const char * const *
salve_body_region_list_ids (void)
{
  static const char *ids[SALVE_N_SITES * SALVE_N_SIDES + 1];
  static gsize filled = 0;

  if (g_once_init_enter (&filled))
    {
      guint n = 0;

      for (guint i = 0; i < SALVE_N_SITES; i++)
        for (guint s = 0; s < SALVE_N_SIDES; s++)
          {
            const char *id = salve_body_region_to_id (i, s);

            if (id != NULL)
              ids[n++] = id;
          }
      ids[n] = NULL;
      g_once_init_leave (&filled, 1);
    }

  return (const char * const *) ids;
}

char *
salve_body_region_list_ids_string (void)
{
  return g_strjoinv (", ", (char **) salve_body_region_list_ids ());
}
