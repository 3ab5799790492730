/* salve-presets.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-presets"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "salve-presets.h"

#define MAX_PARAMS 10
#define MAX_STEPS  8

#define SITE(s) (1u << SALVE_SITE_##s)

typedef struct
{
  const char *key;
  double      value;
} ParamValue;

typedef struct
{
  const char    *id;
  SalveModality  modality;
  SalveSite      site;
  guint32        also_sites;    /* where else its steps fit (bits 1 << SalveSite) */
  gboolean       uses_glove;
  const char    *name;
  const char    *summary;
  ParamValue     params[MAX_PARAMS];
  const char    *steps[MAX_STEPS];
} PresetEntry;

/* Values come from domain.md and the sources it cites; each preset stays
 * inside the typical range of its modality. */
static const PresetEntry presets[] = {
  /* Seed 002, "Hoe pas je TENS toe?": glove/sock electrode, program 1,
   * raise gradually, usually 8–18 mA. Frequency and pulse width are the
   * conventional high-frequency setting (BMC Syst Rev s13643-017-0532-5). */
  {
    "tens-neuropathy-hand-foot", SALVE_MODALITY_TENS, SALVE_SITE_HAND, SITE (FOOT), TRUE,
    N_("TENS for neuropathic pain in hand or foot"),
    N_("Glove or sock electrode, program 1, usually 8–18 mA, 30–60 min"),
    { { "intensity-ma", 10 }, { "frequency-hz", 100 }, { "pulse-us", 200 },
      { "electrode-cm2", 20 }, { "minutes", 30 } },
    {
      N_("Dip the glove or sock electrode in lukewarm water and wring it out: moistened, it works better than dry."),
      N_("Pull the glove over your hand, or the sock over your foot."),
      N_("Stick a self-adhesive electrode 3–5 cm above your wrist or ankle, beyond the edge of the glove or sock."),
      N_("Connect the red (+) lead to the glove or sock and the black (−) lead to the adhesive electrode."),
      N_("Start program 1 and raise the intensity gradually until you feel a clear but comfortable tingling. Usually 8–18 mA is enough."),
      N_("With severe neuropathy you may not feel the stimulus well: never go above what the plan says, and check your skin afterwards."),
    },
  },
  {
    "tens-high-frequency", SALVE_MODALITY_TENS, SALVE_N_SITES, 0, FALSE,
    N_("TENS, high frequency (conventional)"),
    N_("80–150 Hz, short pulses, a strong but comfortable tingling, 30–60 min"),
    { { "intensity-ma", 15 }, { "frequency-hz", 100 }, { "pulse-us", 100 },
      { "electrode-cm2", 20 }, { "minutes", 30 } },
    {
      N_("Clean and dry the skin; do not use lotion under the electrodes."),
      N_("Place two electrodes on either side of the painful area, at least 3 cm apart, on healthy skin."),
      N_("Never place electrodes on the front of the neck, the head, the chest or across the heart."),
      N_("Raise the intensity gradually until you feel a strong but comfortable tingling, without muscle twitches."),
    },
  },
  {
    "tens-low-frequency", SALVE_MODALITY_TENS, SALVE_N_SITES, 0, FALSE,
    N_("TENS, low frequency"),
    N_("1–20 Hz, felt as tapping; raise until you feel it clearly, 30 min"),
    { { "intensity-ma", 15 }, { "frequency-hz", 10 }, { "pulse-us", 200 },
      { "electrode-cm2", 20 }, { "minutes", 30 } },
    {
      N_("Clean and dry the skin; do not use lotion under the electrodes."),
      N_("Place two electrodes on either side of the painful area, at least 3 cm apart, on healthy skin."),
      N_("Never place electrodes on the front of the neck, the head, the chest or across the heart."),
      N_("Raise the intensity gradually until you feel a clear tapping; small muscle twitches are fine."),
    },
  },
  {
    "tens-acupuncture-like", SALVE_MODALITY_TENS, SALVE_N_SITES, 0, FALSE,
    N_("TENS, acupuncture-like"),
    N_("1–5 Hz at 200–250 µs, visible muscle twitches, 30 min"),
    { { "intensity-ma", 18 }, { "frequency-hz", 2 }, { "pulse-us", 250 },
      { "electrode-cm2", 20 }, { "minutes", 30 } },
    {
      N_("Clean and dry the skin; do not use lotion under the electrodes."),
      N_("Place the electrodes over the muscle that belongs to the painful area, at least 3 cm apart."),
      N_("Never place electrodes on the front of the neck, the head, the chest or across the heart."),
      N_("Raise the intensity gradually until the muscle twitches visibly but comfortably."),
    },
  },
  /* Glaviano & Saliba 2016: 30–50 Hz, 400–600 µs; PMC8167342: on/off
   * 5/10 s to 15/50 s, ramps 0.5–3.5 s. */
  {
    "nmes-strengthening", SALVE_MODALITY_NMES, SALVE_SITE_LEG, SALVE_PRESET_ANY_SITE, FALSE,
    N_("NMES, muscle strengthening"),
    N_("35 Hz, 400 µs, 5 s on and 10 s off with 1.5 s ramps, 20 min"),
    { { "intensity-ma", 20 }, { "frequency-hz", 35 }, { "pulse-us", 400 },
      { "on-s", 5 }, { "off-s", 10 }, { "ramp-s", 1.5 }, { "electrode-cm2", 40 }, { "minutes", 20 } },
    {
      N_("Clean and dry the skin over the muscle."),
      N_("Place one large electrode over the belly of the muscle and the other near where the muscle ends, in line with its fibres."),
      N_("Sit so that the limb is supported and the muscle can tighten without moving a load."),
      N_("Raise the intensity during an on phase until the muscle clearly tightens; it should not hurt."),
      N_("Tighten the muscle along with the stimulation during each on phase."),
    },
  },
  /* Seed 002: 2× a day 40 min prevented disuse atrophy. */
  {
    "nmes-disuse", SALVE_MODALITY_NMES, SALVE_SITE_LEG, SALVE_PRESET_ANY_SITE, FALSE,
    N_("NMES against muscle loss when you cannot move"),
    N_("30 Hz, 400 µs, 15 s on and 50 s off with 2 s ramps, 40 min, twice a day"),
    { { "intensity-ma", 20 }, { "frequency-hz", 30 }, { "pulse-us", 400 },
      { "on-s", 15 }, { "off-s", 50 }, { "ramp-s", 2 }, { "electrode-cm2", 40 }, { "minutes", 40 } },
    {
      N_("Clean and dry the skin over the muscle."),
      N_("Place one large electrode over the belly of the muscle and the other near where the muscle ends, in line with its fibres."),
      N_("Raise the intensity during an on phase until the muscle clearly tightens; it should not hurt."),
      N_("Stimulation does not replace exercise: walk or cycle when you can."),
    },
  },
  /* Seed 002: lateral epicondylitis 1–2 points × 4 J, once a day. */
  {
    "laser-lateral-epicondylitis", SALVE_MODALITY_LASER, SALVE_SITE_ELBOW, 0, FALSE,
    N_("Soft laser for tennis elbow"),
    N_("2 points × 4 J on the outside of the elbow, once a day"),
    { { "power-mw", 100 }, { "wavelength-nm", 808 }, { "dose-j", 4 }, { "points", 2 },
      { "beam-cm2", 0.5 } },
    {
      N_("Find the most tender spots on the outside of the elbow, just below the bony knob."),
      N_("Hold the laser head straight against the skin, without pressing hard."),
      N_("Keep it still on each point until Salve says to move to the next one."),
    },
  },
  /* Seed 002: from point to point over the painful area, once a day;
   * WALT 2010: 780–860 nm. */
  {
    "laser-painful-points", SALVE_MODALITY_LASER, SALVE_N_SITES, 0, FALSE,
    N_("Soft laser, point by point over the painful area"),
    N_("4 points × 2 J, once a day"),
    { { "power-mw", 50 }, { "wavelength-nm", 808 }, { "dose-j", 2 }, { "points", 4 },
      { "beam-cm2", 0.5 } },
    {
      N_("Mark the painful area and pick points about 2 cm apart."),
      N_("Hold the laser head straight against the skin, without pressing hard."),
      N_("Keep it still on each point until Salve says to move to the next one."),
    },
  },
  /* BEMER knowledge base: at most 150 µT. */
  {
    "pemf-bemer-whole-body", SALVE_MODALITY_PEMF, SALVE_N_SITES, 0, FALSE,
    N_("PEMF mat, whole body"),
    N_("A low field on the mat, 8 min"),
    { { "field-ut", 35 }, { "minutes", 8 } },
    {
      N_("Lie on your back on the mat, with the mat from your shoulders to your knees."),
      N_("Take off a metal belt or watch; keep your phone away from the mat."),
      N_("Lie still and breathe calmly until Salve says the session is over."),
    },
  },
  {
    "pemf-local", SALVE_MODALITY_PEMF, SALVE_N_SITES, 0, FALSE,
    N_("PEMF pad on the painful area"),
    N_("A local applicator on the painful area, 20 min"),
    { { "field-ut", 100 }, { "minutes", 20 } },
    {
      N_("Place the pad or applicator over the painful area; it may lie on clothing."),
      N_("Take off a metal belt or watch; keep your phone away from the pad."),
      N_("Stay relaxed; you should feel little or nothing."),
    },
  },
};

static SalvePreset *
preset_from_entry (const PresetEntry *entry)
{
  g_autoptr(GStrvBuilder) steps = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  SalvePreset *preset;

  preset = salve_preset_new (entry->id, entry->modality, _(entry->name));
  salve_preset_set_summary (preset, _(entry->summary));
  salve_preset_set_site (preset, entry->site);
  salve_preset_set_also_sites (preset, entry->also_sites);
  salve_preset_set_uses_glove (preset, entry->uses_glove);

  for (guint i = 0; i < MAX_PARAMS && entry->params[i].key != NULL; i++)
    salve_preset_set_param (preset, entry->params[i].key, entry->params[i].value);

  for (guint i = 0; i < MAX_STEPS && entry->steps[i] != NULL; i++)
    g_strv_builder_add (steps, _(entry->steps[i]));

  strv = g_strv_builder_end (steps);
  salve_preset_set_steps (preset, (const char * const *) strv);

  return preset;
}

GPtrArray *
salve_presets_list_builtin (SalveModality modality)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (modality == SALVE_N_MODALITIES || presets[i].modality == modality)
      g_ptr_array_add (list, preset_from_entry (&presets[i]));

  return list;
}

SalvePreset *
salve_presets_find_builtin (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_strcmp0 (presets[i].id, id) == 0)
      return preset_from_entry (&presets[i]);

  return NULL;
}

GStrv
salve_presets_common_steps (SalveModality modality)
{
  g_autoptr(GStrvBuilder) steps = g_strv_builder_new ();

  switch (modality)
    {
    case SALVE_MODALITY_TENS:
    case SALVE_MODALITY_NMES:
      g_strv_builder_add (steps, _("Switch the device off, or to 0 mA, before you attach or remove electrodes."));
      g_strv_builder_add (steps, _("Do not place electrodes on broken or irritated skin."));
      break;

    case SALVE_MODALITY_LASER:
      g_strv_builder_add (steps, _("Put on the laser safety glasses; anyone else in the room wears them too."));
      g_strv_builder_add (steps, _("Never point the beam at an eye, not even briefly."));
      break;

    case SALVE_MODALITY_PEMF:
      g_strv_builder_add (steps, _("Keep pacemakers, pumps and other electronic implants away from the field."));
      break;

    case SALVE_N_MODALITIES:
    default:
      g_return_val_if_reached (NULL);
    }

  return g_strv_builder_end (steps);
}
