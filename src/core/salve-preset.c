/* salve-preset.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-preset"

#include "config.h"

#include "salve-preset.h"

struct _SalvePreset
{
  GObject        parent_instance;

  char          *id;
  SalveModality  modality;
  char          *name;
  char          *summary;
  JsonObject    *params;
  GStrv          steps;
  SalveSite      site;
  guint32        also_sites;     /* bit (1 << SalveSite); SALVE_PRESET_ANY_SITE */
  gboolean       uses_glove;
  gint64         program_id;
};

G_DEFINE_TYPE (SalvePreset, salve_preset, G_TYPE_OBJECT)

static void
salve_preset_finalize (GObject *object)
{
  SalvePreset *self = (SalvePreset *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->params, json_object_unref);
  g_clear_pointer (&self->steps, g_strfreev);

  G_OBJECT_CLASS (salve_preset_parent_class)->finalize (object);
}

static void
salve_preset_class_init (SalvePresetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = salve_preset_finalize;
}

static void
salve_preset_init (SalvePreset *self)
{
  self->summary = g_strdup ("");
  self->params = json_object_new ();
  self->steps = g_new0 (char *, 1);
  self->site = SALVE_N_SITES;
}

SalvePreset *
salve_preset_new (const char    *id,
                  SalveModality  modality,
                  const char    *name)
{
  SalvePreset *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (modality < SALVE_N_MODALITIES, NULL);

  self = g_object_new (SALVE_TYPE_PRESET, NULL);
  self->id = g_strdup (id);
  self->modality = modality;
  self->name = g_strdup (name ? name : id);

  return self;
}

const char *
salve_preset_get_id (SalvePreset *self)
{
  g_return_val_if_fail (SALVE_IS_PRESET (self), NULL);
  return self->id;
}

SalveModality
salve_preset_get_modality (SalvePreset *self)
{
  g_return_val_if_fail (SALVE_IS_PRESET (self), 0);
  return self->modality;
}

const char *
salve_preset_get_name (SalvePreset *self)
{
  g_return_val_if_fail (SALVE_IS_PRESET (self), NULL);
  return self->name;
}

void
salve_preset_set_name (SalvePreset *self,
                       const char  *name)
{
  g_return_if_fail (SALVE_IS_PRESET (self));
  g_free (self->name);
  self->name = g_strdup (name ? name : "");
}

const char *
salve_preset_get_summary (SalvePreset *self)
{
  g_return_val_if_fail (SALVE_IS_PRESET (self), NULL);
  return self->summary;
}

void
salve_preset_set_summary (SalvePreset *self,
                          const char  *summary)
{
  g_return_if_fail (SALVE_IS_PRESET (self));
  g_free (self->summary);
  self->summary = g_strdup (summary ? summary : "");
}

JsonObject *
salve_preset_get_params (SalvePreset *self)
{
  g_return_val_if_fail (SALVE_IS_PRESET (self), NULL);
  return self->params;
}

void
salve_preset_set_param (SalvePreset *self,
                        const char  *key,
                        double       value)
{
  g_return_if_fail (SALVE_IS_PRESET (self));
  json_object_set_double_member (self->params, key, value);
}

double
salve_preset_get_param (SalvePreset *self,
                        const char  *key,
                        double       fallback)
{
  JsonNode *node;

  g_return_val_if_fail (SALVE_IS_PRESET (self), fallback);

  node = json_object_get_member (self->params, key);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (double) json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      return fallback;
    }
}

const char * const *
salve_preset_get_steps (SalvePreset *self)
{
  g_return_val_if_fail (SALVE_IS_PRESET (self), NULL);
  return (const char * const *) self->steps;
}

void
salve_preset_set_steps (SalvePreset        *self,
                        const char * const *steps)
{
  GStrv copy;

  g_return_if_fail (SALVE_IS_PRESET (self));

  copy = steps ? g_strdupv ((char **) steps) : g_new0 (char *, 1);
  g_strfreev (self->steps);
  self->steps = copy;
}

SalveSite
salve_preset_get_site (SalvePreset *self)
{
  g_return_val_if_fail (SALVE_IS_PRESET (self), SALVE_N_SITES);
  return self->site;
}

void
salve_preset_set_site (SalvePreset *self,
                       SalveSite    site)
{
  g_return_if_fail (SALVE_IS_PRESET (self));
  g_return_if_fail (site <= SALVE_N_SITES);
  self->site = site;
}

void
salve_preset_set_also_sites (SalvePreset *self,
                             guint32      sites)
{
  g_return_if_fail (SALVE_IS_PRESET (self));
  self->also_sites = sites;
}

gboolean
salve_preset_fits_site (SalvePreset *self,
                        SalveSite    site)
{
  g_return_val_if_fail (SALVE_IS_PRESET (self), FALSE);
  g_return_val_if_fail (site <= SALVE_N_SITES, FALSE);

  /* No site chosen yet, or a program for anywhere. */
  if (site == SALVE_N_SITES || self->site == SALVE_N_SITES)
    return TRUE;

  return site == self->site || (self->also_sites & (1u << site)) != 0;
}

gboolean
salve_preset_get_uses_glove (SalvePreset *self)
{
  g_return_val_if_fail (SALVE_IS_PRESET (self), FALSE);
  return self->uses_glove;
}

void
salve_preset_set_uses_glove (SalvePreset *self,
                             gboolean     uses_glove)
{
  g_return_if_fail (SALVE_IS_PRESET (self));
  self->uses_glove = !!uses_glove;
}

gint64
salve_preset_get_program_id (SalvePreset *self)
{
  g_return_val_if_fail (SALVE_IS_PRESET (self), 0);
  return self->program_id;
}

void
salve_preset_set_program_id (SalvePreset *self,
                             gint64       program_id)
{
  g_return_if_fail (SALVE_IS_PRESET (self));
  self->program_id = program_id;
}

void
salve_preset_apply (SalvePreset  *self,
                    SalveSession *session)
{
  g_autoptr(GList) members = NULL;

  g_return_if_fail (SALVE_IS_PRESET (self));
  g_return_if_fail (SALVE_IS_SESSION (session));

  salve_session_set_modality (session, self->modality);
  salve_session_set_program (session, self->id);
  salve_session_set_params (session, NULL);

  members = json_object_get_members (self->params);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      double value = salve_preset_get_param (self, key, 0);

      if (g_str_equal (key, "minutes"))
        salve_session_set_planned_minutes (session, value);
      else
        salve_session_set_param (session, key, value);
    }
}
