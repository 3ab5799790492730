/* salve-body-region.h: where the pain is, as the diary records it
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "salve-ids.h"

G_BEGIN_DECLS

/* A diary region is a body site's id ("neck", "lower-back"), for sites
 * that come in pairs optionally with its side ("knee-left",
 * "shoulder-right"), "" for none, or any other text a person typed or an
 * import brought in (kept and shown as it is). */

typedef enum
{
  SALVE_SIDE_NONE,
  SALVE_SIDE_LEFT,
  SALVE_SIDE_RIGHT,
  SALVE_N_SIDES
} SalveSide;

/* The compact form a SalveDiaryPoint carries: 0 for no region,
 * SALVE_REGION_CODE_OTHER for free text, otherwise a known region. */
#define SALVE_REGION_CODE_NONE  0
#define SALVE_REGION_CODE_OTHER (-1)

/* TRUE for sites a body has on both sides (knee, shoulder, hand…). */
gboolean    salve_site_has_sides            (SalveSite    site);

/* The region's id; NULL for a side on a site without sides. */
const char *salve_body_region_to_id         (SalveSite    site,
                                             SalveSide    side);
/* FALSE when @id is not a known region id (free text, or ""). */
gboolean    salve_body_region_from_id       (const char  *id,
                                             SalveSite   *site,
                                             SalveSide   *side);
gboolean    salve_body_region_id_is_valid   (const char  *id);

/* For people: the translated name of a region id ("Left knee",
 * "Linkerknie"), free text as it is, "" for none. Never a raw id. */
const char *salve_body_region_get_name      (const char  *region);

/* The region id that a name people write means, in Dutch or English,
 * ignoring case, accents and punctuation: "nek", "Lage rug", "lower
 * back", "knie links", "Left knee", "schouder rechts", "linkerknie",
 * and the ids themselves. NULL when the text names no known region
 * (the caller keeps the text as it was). */
const char *salve_body_region_match_name    (const char  *text);

/* SALVE_REGION_CODE_NONE for NULL or "", SALVE_REGION_CODE_OTHER for
 * free text, otherwise a positive code that fits a gint8. */
int         salve_body_region_to_code       (const char  *region);
/* The id of a positive code; NULL for NONE, OTHER or an unknown code. */
const char *salve_body_region_from_code     (int          code);

/* Every region id, sites first and their sides after each, for lists
 * and usage errors; NULL-terminated, static. */
const char * const *salve_body_region_list_ids (void);
/* A comma-separated list of every valid region id. */
char       *salve_body_region_list_ids_string (void);

G_END_DECLS
