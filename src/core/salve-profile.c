/* salve-profile.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-profile"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "salve-profile.h"

#define MAX_NAME_CHARS SALVE_PROFILE_NAME_MAX_CHARS

struct _SalveProfile
{
  GObject  parent_instance;
  gint64   id;
  char    *name;
  char    *display_name;
  char    *created_at;
};

G_DEFINE_TYPE (SalveProfile, salve_profile, G_TYPE_OBJECT)
G_DEFINE_QUARK (salve-profile-error-quark, salve_profile_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
salve_profile_finalize (GObject *object)
{
  SalveProfile *self = (SalveProfile *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->created_at, g_free);

  G_OBJECT_CLASS (salve_profile_parent_class)->finalize (object);
}

static void
salve_profile_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SalveProfile *self = SALVE_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_profile_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SalveProfile *self = SALVE_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      g_clear_pointer (&self->display_name, g_free);
      break;

    case PROP_CREATED_AT:
      g_free (self->created_at);
      self->created_at = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_profile_class_init (SalveProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = salve_profile_finalize;
  object_class->get_property = salve_profile_get_property;
  object_class->set_property = salve_profile_set_property;

  properties [PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_CREATED_AT] =
    g_param_spec_string ("created-at", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
salve_profile_init (SalveProfile *self)
{
}

SalveProfile *
salve_profile_new (gint64      id,
                   const char *name,
                   const char *created_at)
{
  return g_object_new (SALVE_TYPE_PROFILE,
                       "id", id,
                       "name", name,
                       "created-at", created_at,
                       NULL);
}

gint64
salve_profile_get_id (SalveProfile *self)
{
  g_return_val_if_fail (SALVE_IS_PROFILE (self), 0);
  return self->id;
}

const char *
salve_profile_get_name (SalveProfile *self)
{
  g_return_val_if_fail (SALVE_IS_PROFILE (self), NULL);
  return self->name;
}

/* The name as salve_text_make_visible() shows it: for text output. */
const char *
salve_profile_get_display_name (SalveProfile *self)
{
  g_return_val_if_fail (SALVE_IS_PROFILE (self), NULL);

  if (self->display_name == NULL && self->name != NULL)
    self->display_name = salve_text_make_visible (self->name);
  return self->display_name;
}

const char *
salve_profile_get_created_at (SalveProfile *self)
{
  g_return_val_if_fail (SALVE_IS_PROFILE (self), NULL);
  return self->created_at;
}

/* Characters that change how the text around them is shown, or the
 * terminal it is printed on, without being seen: C0 and C1 controls (ESC,
 * BEL, line breaks), line and paragraph separators, the byte-order mark
 * and the bidirectional controls (U+202E turns "3gp.exe" around). The
 * joiners emoji sequences need stay allowed. */
static gboolean
is_hidden_control (gunichar c)
{
  return g_unichar_iscntrl (c) ||
         c == 0x061C ||                    /* Arabic letter mark */
         c == 0x200E || c == 0x200F ||     /* LRM, RLM */
         (c >= 0x202A && c <= 0x202E) ||   /* LRE, RLE, PDF, LRO, RLO */
         (c >= 0x2066 && c <= 0x2069) ||   /* LRI, RLI, FSI, PDI */
         c == 0x2028 || c == 0x2029 ||     /* line and paragraph separators */
         c == 0xFEFF;                      /* byte-order mark */
}

/**
 * salve_text_make_visible:
 * @text: UTF-8 text, possibly from an older database or an import
 *
 * @text with every character that would act on the terminal or on the
 * text around it instead of being seen (see is_hidden_control()) written
 * as `\u{XXXX}`, so that a name stored before such names were refused
 * prints as what it holds.
 *
 * Returns: (transfer full): the visible text
 */
char *
salve_text_make_visible (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: the byte shown as its code. */
          g_string_append_printf (out, "\\x%02X", (guchar) *p);
          p++;
          continue;
        }
      if (is_hidden_control (c))
        g_string_append_printf (out, "\\u{%04X}", c);
      else
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

gboolean
salve_profile_name_is_valid (const char  *name,
                             GError     **error)
{
  g_autofree char *stripped = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, SALVE_PROFILE_ERROR, SALVE_PROFILE_ERROR_INVALID_NAME,
                           _("The name is not valid text."));
      return FALSE;
    }

  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0')
    {
      g_set_error_literal (error, SALVE_PROFILE_ERROR, SALVE_PROFILE_ERROR_INVALID_NAME,
                           _("A patient needs a name."));
      return FALSE;
    }

  if (g_utf8_strlen (stripped, -1) > MAX_NAME_CHARS)
    {
      g_set_error (error, SALVE_PROFILE_ERROR, SALVE_PROFILE_ERROR_INVALID_NAME,
                   _("A patient’s name can be at most %d characters long."), MAX_NAME_CHARS);
      return FALSE;
    }

  if (!g_str_equal (stripped, name))
    {
      g_set_error_literal (error, SALVE_PROFILE_ERROR, SALVE_PROFILE_ERROR_INVALID_NAME,
                           _("A patient’s name cannot start or end with spaces."));
      return FALSE;
    }

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_hidden_control (c))
        {
          g_set_error (error, SALVE_PROFILE_ERROR, SALVE_PROFILE_ERROR_INVALID_NAME,
                       _("A patient’s name cannot contain control characters such as line breaks, "
                         "escape codes or text-direction marks (U+%04X)."), c);
          return FALSE;
        }
    }

  return TRUE;
}

char *
salve_profile_name_fold (const char *name)
{
  g_autofree char *composed = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  /* "É" typed as one character or as E and a combining accent, "É1" and
   * "é1", "STRASSE" and "straße": one name each. */
  composed = g_utf8_normalize (name, -1, G_NORMALIZE_NFKC);
  if (composed == NULL)
    return g_strdup (name);
  folded = g_utf8_casefold (composed, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_NFKC);
}
