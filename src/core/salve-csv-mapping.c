/* salve-csv-mapping.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-csv-mapping"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "salve-csv-mapping.h"

G_DEFINE_QUARK (salve-csv-error-quark, salve_csv_error)

typedef struct
{
  const char *id;
  const char *name;
  /* Normalised (see normalise_header): lower case, no accents, letters
   * and digits only. */
  const char *aliases;
} FieldInfo;

static const FieldInfo fields[SALVE_CSV_N_FIELDS] = {
  [SALVE_CSV_FIELD_IGNORE]          = { "", N_("Do not import"), "" },
  [SALVE_CSV_FIELD_KIND]            = { "kind", N_("Kind (diary or session)"), "kind" },
  [SALVE_CSV_FIELD_AT]              = { "at", N_("Date (and time)"),
                                        "at date datum dag day datetime datumtijd datetijd timestamp tijdstip moment when wanneer"
                                        " dateandtime datumentijd entrydate createdat created recordedat tijdstempel" },
  [SALVE_CSV_FIELD_TIME]            = { "time", N_("Time"), "time tijd uur hour clock klok" },
  [SALVE_CSV_FIELD_PAIN]            = { "pain", N_("Pain (0–10)"),
                                        "pain pijn pijnscore nrs painscore pijnniveau painlevel painnrs pijnnrs pijnscorenrs nrsscore pijnintensiteit painintensity"
                                        " severity painseverity intensity ernst pijnernst" },
  [SALVE_CSV_FIELD_REGION]          = { "region", N_("Body region"),
                                        "region regio locatie location plek lichaamsdeel bodypart bodyregion waar where pijnlocatie painlocation"
                                        " area bodyarea painarea plaats pijnplek pijnplaats" },
  [SALVE_CSV_FIELD_FATIGUE]         = { "fatigue", N_("Fatigue (0–10)"), "fatigue vermoeidheid moeheid tiredness moe tired" },
  [SALVE_CSV_FIELD_SLEEP]           = { "sleep", N_("Sleep quality (0–10)"),
                                        "sleep slaap slaapkwaliteit sleepquality nachtrust" },
  [SALVE_CSV_FIELD_STRESS]          = { "stress", N_("Stress (0–10)"),
                                        "stress stressniveau stresslevel stressscore" },
  [SALVE_CSV_FIELD_ACTIVITIES]      = { "activities", N_("Activities"),
                                        "activities activiteiten activiteit activity bezigheden oefeningen exercises belasting" },
  [SALVE_CSV_FIELD_SUCCESS]         = { "success", N_("Small success"), "success succes gelukt successen win" },
  [SALVE_CSV_FIELD_STARTED_AT]      = { "started_at", N_("Session start"), "startedat start begin gestart starttijd begintijd" },
  [SALVE_CSV_FIELD_ENDED_AT]        = { "ended_at", N_("Session end"), "endedat end einde eindtijd gestopt" },
  [SALVE_CSV_FIELD_DEVICE]          = { "device", N_("Device"), "device apparaat devicename apparaatnaam" },
  [SALVE_CSV_FIELD_MODALITY]        = { "modality", N_("Modality"), "modality modaliteit soortbehandeling" },
  [SALVE_CSV_FIELD_SITE]            = { "site", N_("Treatment site"), "site behandelplek" },
  [SALVE_CSV_FIELD_PROGRAM]         = { "program", N_("Program"), "program programma programme" },
  [SALVE_CSV_FIELD_PARAMS]          = { "params", N_("Parameters (JSON)"), "params parameters paramsjson instellingen settings" },
  [SALVE_CSV_FIELD_PLANNED_MINUTES] = { "planned_minutes", N_("Planned duration (min)"),
                                        "plannedminutes minutes minuten duur duration geplandeminuten" },
  [SALVE_CSV_FIELD_OUTCOME]         = { "outcome", N_("Outcome"), "outcome uitkomst resultaat afloop" },
  [SALVE_CSV_FIELD_OUTCOME_REASON]  = { "outcome_reason", N_("Outcome reason"), "outcomereason reason reden" },
  [SALVE_CSV_FIELD_PAIN_BEFORE]     = { "pain_before", N_("Pain before (0–10)"), "painbefore pijnvoor pijnvooraf" },
  [SALVE_CSV_FIELD_PAIN_AFTER]      = { "pain_after", N_("Pain after (0–10)"), "painafter pijnna pijnachteraf" },
  [SALVE_CSV_FIELD_SIDE_EFFECTS]    = { "side_effects", N_("Side effects"), "sideeffects bijwerkingen" },
  [SALVE_CSV_FIELD_SKIN_CHECK]      = { "skin_check", N_("Skin check"), "skincheck huidcontrole huid skin" },
  [SALVE_CSV_FIELD_NOTE]            = { "note", N_("Note"),
                                        "note notes notitie notities opmerking opmerkingen comment comments toelichting memo aantekening aantekeningen" },
  [SALVE_CSV_FIELD_SESSION]         = { "session", N_("Session link"), "session" },
  [SALVE_CSV_FIELD_MEDICATION]      = { "medication", N_("Medication"),
                                        "medication medications medicatie medicijn medicijnen geneesmiddel geneesmiddelen"
                                        " medicine medicines drug drugs medicament medicamenten meds pijnstiller pijnstillers"
                                        " painkiller painkillers medicationname medicijnnaam" },
  [SALVE_CSV_FIELD_DOSE]            = { "dose", N_("Dose"),
                                        "dose dosis dosage dosering doses medicationdose medicatiedosis" },
  [SALVE_CSV_FIELD_AS_NEEDED]       = { "as_needed", N_("As needed (or scheduled)"),
                                        "asneeded prn zonodig indiennodig whenneeded" },
  [SALVE_CSV_FIELD_ACTIVITY_MINUTES] = { "activity_minutes", N_("Activity minutes"),
                                        "activityminutes activitiesminutes activiteitminuten activiteitsminuten activiteitenminuten"
                                        " minutenactiviteit minutenactiviteiten beweegminuten" },
  [SALVE_CSV_FIELD_NEW_WEAKNESS]    = { "new_weakness", N_("New weakness"),
                                        "newweakness weakness nieuwezwakte zwakte nieuwekrachtsvermindering"
                                        " krachtsvermindering krachtverlies spierzwakte minderkracht lossofstrength" },
  [SALVE_CSV_FIELD_NUMBNESS]        = { "numbness", N_("Numbness"),
                                        "numbness numb gevoelloosheid gevoelloos doofgevoel verdoofd" },
};

#define DIARY_COLUMNS_BUT_NOTE \
  SALVE_CSV_FIELD_AT, SALVE_CSV_FIELD_PAIN, SALVE_CSV_FIELD_REGION, SALVE_CSV_FIELD_FATIGUE, \
  SALVE_CSV_FIELD_SLEEP, SALVE_CSV_FIELD_STRESS, SALVE_CSV_FIELD_ACTIVITIES, SALVE_CSV_FIELD_SUCCESS

/* The diary columns before stress was recorded. */
#define DIARY_COLUMNS_BUT_NOTE_WITHOUT_STRESS \
  SALVE_CSV_FIELD_AT, SALVE_CSV_FIELD_PAIN, SALVE_CSV_FIELD_REGION, SALVE_CSV_FIELD_FATIGUE, \
  SALVE_CSV_FIELD_SLEEP, SALVE_CSV_FIELD_ACTIVITIES, SALVE_CSV_FIELD_SUCCESS

#define MEDICATION_COLUMNS \
  SALVE_CSV_FIELD_MEDICATION, SALVE_CSV_FIELD_DOSE, SALVE_CSV_FIELD_AS_NEEDED

#define CARE_COLUMNS \
  SALVE_CSV_FIELD_ACTIVITY_MINUTES, SALVE_CSV_FIELD_NEW_WEAKNESS, SALVE_CSV_FIELD_NUMBNESS

static const SalveCsvField diary_columns[] = {
  DIARY_COLUMNS_BUT_NOTE, CARE_COLUMNS, MEDICATION_COLUMNS, SALVE_CSV_FIELD_NOTE,
};

/* The diary layout before it carried stress, activity minutes and warning
 * signs: still Salve's own. */
static const SalveCsvField diary_columns_without_stress[] = {
  DIARY_COLUMNS_BUT_NOTE_WITHOUT_STRESS, MEDICATION_COLUMNS, SALVE_CSV_FIELD_NOTE,
};

/* The diary layout before it carried medication: still Salve's own. */
static const SalveCsvField diary_columns_without_medication[] = {
  DIARY_COLUMNS_BUT_NOTE_WITHOUT_STRESS, SALVE_CSV_FIELD_NOTE,
};

static const SalveCsvField session_columns[] = {
  SALVE_CSV_FIELD_STARTED_AT, SALVE_CSV_FIELD_ENDED_AT, SALVE_CSV_FIELD_DEVICE,
  SALVE_CSV_FIELD_MODALITY, SALVE_CSV_FIELD_SITE, SALVE_CSV_FIELD_PROGRAM, SALVE_CSV_FIELD_PARAMS,
  SALVE_CSV_FIELD_PLANNED_MINUTES, SALVE_CSV_FIELD_OUTCOME, SALVE_CSV_FIELD_OUTCOME_REASON,
  SALVE_CSV_FIELD_PAIN_BEFORE, SALVE_CSV_FIELD_PAIN_AFTER, SALVE_CSV_FIELD_SIDE_EFFECTS,
  SALVE_CSV_FIELD_SKIN_CHECK, SALVE_CSV_FIELD_NOTE,
};

#define SESSION_COLUMNS_BUT_NOTE \
  SALVE_CSV_FIELD_STARTED_AT, SALVE_CSV_FIELD_ENDED_AT, SALVE_CSV_FIELD_DEVICE, \
  SALVE_CSV_FIELD_MODALITY, SALVE_CSV_FIELD_SITE, SALVE_CSV_FIELD_PROGRAM, SALVE_CSV_FIELD_PARAMS, \
  SALVE_CSV_FIELD_PLANNED_MINUTES, SALVE_CSV_FIELD_OUTCOME, SALVE_CSV_FIELD_OUTCOME_REASON, \
  SALVE_CSV_FIELD_PAIN_BEFORE, SALVE_CSV_FIELD_PAIN_AFTER, SALVE_CSV_FIELD_SIDE_EFFECTS, \
  SALVE_CSV_FIELD_SKIN_CHECK

/* kind, the older diary columns but the note, the session columns. */
#define ALL_COLUMNS_BUT_LINK_AND_NOTE_WITHOUT_STRESS \
  SALVE_CSV_FIELD_KIND, DIARY_COLUMNS_BUT_NOTE_WITHOUT_STRESS, SESSION_COLUMNS_BUT_NOTE

/* kind, the diary columns but the note, the session columns, medication,
 * the link between them; the note (the longest text) stays last in every
 * layout. */
static const SalveCsvField all_columns[] = {
  SALVE_CSV_FIELD_KIND, DIARY_COLUMNS_BUT_NOTE, CARE_COLUMNS, SESSION_COLUMNS_BUT_NOTE, MEDICATION_COLUMNS,
  SALVE_CSV_FIELD_SESSION, SALVE_CSV_FIELD_NOTE,
};

/* The `all` layout before it carried stress, activity minutes and warning
 * signs. */
static const SalveCsvField all_columns_without_stress[] = {
  ALL_COLUMNS_BUT_LINK_AND_NOTE_WITHOUT_STRESS, MEDICATION_COLUMNS, SALVE_CSV_FIELD_SESSION,
  SALVE_CSV_FIELD_NOTE,
};

/* The `all` layout before it carried medication. */
static const SalveCsvField all_columns_without_medication[] = {
  ALL_COLUMNS_BUT_LINK_AND_NOTE_WITHOUT_STRESS, SALVE_CSV_FIELD_SESSION, SALVE_CSV_FIELD_NOTE,
};

/* The `all` layout before it carried the link: still Salve's own. */
static const SalveCsvField all_columns_unlinked[] = {
  ALL_COLUMNS_BUT_LINK_AND_NOTE_WITHOUT_STRESS, SALVE_CSV_FIELD_NOTE,
};

struct _SalveCsvMapping
{
  guint          n_columns;
  char         **header;
  SalveCsvField *field;
};

const char *
salve_csv_field_to_id (SalveCsvField field)
{
  g_return_val_if_fail (field < SALVE_CSV_N_FIELDS, "");
  return fields[field].id;
}

gboolean
salve_csv_field_from_id (const char    *id,
                         SalveCsvField *field)
{
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < SALVE_CSV_N_FIELDS; i++)
    {
      if (g_str_equal (fields[i].id, id))
        {
          *field = i;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
salve_csv_export_kind_from_id (const char         *id,
                               SalveCsvExportKind *kind)
{
  static const char * const ids[] = {
    [SALVE_CSV_EXPORT_DIARY]    = "diary",
    [SALVE_CSV_EXPORT_SESSIONS] = "sessions",
    [SALVE_CSV_EXPORT_ALL]      = "all",
  };

  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (ids); i++)
    {
      if (g_str_equal (ids[i], id))
        {
          *kind = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
salve_csv_field_get_name (SalveCsvField field)
{
  g_return_val_if_fail (field < SALVE_CSV_N_FIELDS, "");
  return g_dgettext (GETTEXT_PACKAGE, fields[field].name);
}

const char *
salve_csv_field_get_aliases (SalveCsvField field)
{
  g_return_val_if_fail (field < SALVE_CSV_N_FIELDS, "");
  return fields[field].aliases;
}

gboolean
salve_csv_field_is_session_only (SalveCsvField field)
{
  return field == SALVE_CSV_FIELD_STARTED_AT || field == SALVE_CSV_FIELD_ENDED_AT ||
         field == SALVE_CSV_FIELD_DEVICE || field == SALVE_CSV_FIELD_MODALITY || field == SALVE_CSV_FIELD_SITE ||
         field == SALVE_CSV_FIELD_PROGRAM || field == SALVE_CSV_FIELD_PARAMS ||
         field == SALVE_CSV_FIELD_PLANNED_MINUTES || field == SALVE_CSV_FIELD_OUTCOME ||
         field == SALVE_CSV_FIELD_OUTCOME_REASON || field == SALVE_CSV_FIELD_PAIN_BEFORE ||
         field == SALVE_CSV_FIELD_PAIN_AFTER || field == SALVE_CSV_FIELD_SIDE_EFFECTS ||
         field == SALVE_CSV_FIELD_SKIN_CHECK;
}

gboolean
salve_csv_field_is_text (SalveCsvField field)
{
  switch (field)
    {
    case SALVE_CSV_FIELD_REGION:
    case SALVE_CSV_FIELD_ACTIVITIES:
    case SALVE_CSV_FIELD_DEVICE:
    case SALVE_CSV_FIELD_PROGRAM:
    case SALVE_CSV_FIELD_PARAMS:
    case SALVE_CSV_FIELD_OUTCOME_REASON:
    case SALVE_CSV_FIELD_SIDE_EFFECTS:
    case SALVE_CSV_FIELD_SKIN_CHECK:
    case SALVE_CSV_FIELD_NOTE:
    case SALVE_CSV_FIELD_MEDICATION:
    case SALVE_CSV_FIELD_DOSE:
      return TRUE;

    case SALVE_CSV_FIELD_AS_NEEDED:
    case SALVE_CSV_FIELD_ACTIVITY_MINUTES:   /* ids and numbers only */
    case SALVE_CSV_FIELD_NEW_WEAKNESS:
    case SALVE_CSV_FIELD_NUMBNESS:
    case SALVE_CSV_FIELD_IGNORE:
    case SALVE_CSV_FIELD_KIND:
    case SALVE_CSV_FIELD_AT:
    case SALVE_CSV_FIELD_TIME:
    case SALVE_CSV_FIELD_PAIN:
    case SALVE_CSV_FIELD_FATIGUE:
    case SALVE_CSV_FIELD_SLEEP:
    case SALVE_CSV_FIELD_STRESS:
    case SALVE_CSV_FIELD_SUCCESS:
    case SALVE_CSV_FIELD_STARTED_AT:
    case SALVE_CSV_FIELD_ENDED_AT:
    case SALVE_CSV_FIELD_MODALITY:
    case SALVE_CSV_FIELD_SITE:
    case SALVE_CSV_FIELD_PLANNED_MINUTES:
    case SALVE_CSV_FIELD_OUTCOME:
    case SALVE_CSV_FIELD_PAIN_BEFORE:
    case SALVE_CSV_FIELD_PAIN_AFTER:
    case SALVE_CSV_FIELD_SESSION:
    case SALVE_CSV_N_FIELDS:
    default:
      return FALSE;
    }
}

const SalveCsvField *
salve_csv_export_columns (SalveCsvExportKind  kind,
                          guint              *n_columns)
{
  switch (kind)
    {
    case SALVE_CSV_EXPORT_DIARY:
      *n_columns = G_N_ELEMENTS (diary_columns);
      return diary_columns;
    case SALVE_CSV_EXPORT_SESSIONS:
      *n_columns = G_N_ELEMENTS (session_columns);
      return session_columns;
    case SALVE_CSV_EXPORT_ALL:
    default:
      *n_columns = G_N_ELEMENTS (all_columns);
      return all_columns;
    }
}

/* The bracket after a header's name that opens its unit, scale or zone:
 * round or square ("Pijn (0-10)", "Pijn [0-10]", as spreadsheets write
 * both); NULL when there is none, or the header is all brackets. */
static const char *
bracket_open (const char *header)
{
  const char *open = strpbrk (header, "([");

  return open != NULL && open != header ? open : NULL;
}

/* "Pijn (0–10)" → "pijn", "Datum/tijd" → "datumtijd", "Opmerking " →
 * "opmerking", "Région" → "region". */
static char *
normalise_header (const char *header)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  GString *out;
  const char *paren;
  gsize len;

  len = strlen (header);
  /* A unit or scale in brackets says nothing about which value it is. */
  paren = bracket_open (header);
  if (paren != NULL)
    len = paren - header;
  if (!g_utf8_validate_len (header, len, NULL))
    return g_strdup ("");

  decomposed = g_utf8_normalize (header, len, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (decomposed, -1);

  out = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Combining marks are the accents NFD split off. */
      if (g_unichar_ismark (c))
        continue;
      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
word_in (const char         *word,
         const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_equal (word, words[i]))
      return TRUE;
  return FALSE;
}

static gboolean
is_rating (SalveCsvField field)
{
  return field == SALVE_CSV_FIELD_PAIN || field == SALVE_CSV_FIELD_FATIGUE || field == SALVE_CSV_FIELD_SLEEP ||
         field == SALVE_CSV_FIELD_STRESS || field == SALVE_CSV_FIELD_PAIN_BEFORE || field == SALVE_CSV_FIELD_PAIN_AFTER;
}

static gboolean
is_minutes (SalveCsvField field)
{
  return field == SALVE_CSV_FIELD_PLANNED_MINUTES || field == SALVE_CSV_FIELD_ACTIVITY_MINUTES;
}

/* Whether the brackets of @header ("Pijn (0-100)", "Slaap (uren)",
 * "Duur (h)") name a scale or unit other than @field's own: a rating is
 * 0–10 (written "0-10", "1-10" or "/10", or without a number), minutes
 * are minutes. Read as the field, such a column's values would be stored
 * on Salve's scale without a word: 45 of 100 refused, 8 of 100 as 8 of 10. */
static gboolean
brackets_contradict (SalveCsvField  field,
                     const char    *header)
{
  static const char * const time_units[] = {
    "h", "u", "hr", "hrs", "uur", "uren", "hour", "hours", "std", "s", "sec", "secs", "seconde", "seconden",
    "second", "seconds", NULL
  };
  static const char * const other_units[] = {
    "min", "mins", "minuut", "minuten", "minute", "minutes", "vas", "mm", "cm", "procent", "percent", "pct",
    "stappen", "steps", "km", "kg",
    /* A yes or no, not a rating: "Moe (ja/nee)", "Sleep (good/bad)". */
    "ja", "nee", "j", "n", "yes", "no", "y", "goed", "slecht", "good", "bad", "true", "false", NULL
  };
  const char *open = bracket_open (header);
  guint64 numbers[3];
  guint n_numbers = 0;

  if (open == NULL || (!is_rating (field) && !is_minutes (field)))
    return FALSE;

  for (const char *p = open + 1; *p != '\0'; )
    {
      if (*p == '%')
        return TRUE;
      if (g_ascii_isdigit (*p))
        {
          guint64 value = 0;

          for (; g_ascii_isdigit (*p); p++)
            value = MIN (value * 10 + (guint64) (*p - '0'), G_MAXUINT32);
          if (n_numbers == G_N_ELEMENTS (numbers))
            return TRUE;
          numbers[n_numbers++] = value;
        }
      else if (g_ascii_isalpha (*p))
        {
          const char *start = p;
          g_autofree char *word = NULL;

          while (g_ascii_isalpha (*p))
            p++;
          word = g_ascii_strdown (start, p - start);
          if (word_in (word, time_units) || (is_rating (field) && word_in (word, other_units)))
            return TRUE;
        }
      else
        p++;
    }

  if (is_minutes (field) || n_numbers == 0)
    return FALSE;
  /* 0–10, 1–10 or out of 10. */
  return !((n_numbers == 1 && numbers[0] == 10) ||
           (n_numbers == 2 && numbers[0] <= 1 && numbers[1] == 10));
}

static gboolean
alias_matches (const char *aliases,
               const char *name)
{
  gsize len = strlen (name);

  for (const char *p = aliases; *p != '\0'; )
    {
      const char *end = strchr (p, ' ');
      gsize alias_len = end ? (gsize) (end - p) : strlen (p);

      if (alias_len == len && memcmp (p, name, len) == 0)
        return TRUE;
      if (end == NULL)
        break;
      p = end + 1;
    }

  return FALSE;
}

/* The text inside @header's brackets, lower case: "UTC+1" of
 * "Tijd (UTC+1)"; NULL without brackets after a name. */
static char *
bracket_text (const char *header)
{
  const char *open = bracket_open (header);
  const char *close;

  if (open == NULL)
    return NULL;
  close = strpbrk (open, ")]");
  return g_ascii_strdown (open + 1, close != NULL ? close - open - 1 : -1);
}

GTimeZone *
salve_csv_heading_get_zone (const char *header)
{
  g_autofree char *text = NULL;
  g_autoptr(GString) compact = g_string_new (NULL);
  const char *p;
  int sign = 1, hours = 0, minutes = 0, digits = 0;

  g_return_val_if_fail (header != NULL, NULL);

  text = bracket_text (header);
  if (text == NULL)
    return NULL;
  for (p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (compact, *p);

  p = compact->str;
  if (g_str_has_prefix (p, "utc") || g_str_has_prefix (p, "gmt"))
    p += 3;
  else if (g_str_equal (p, "z"))
    p += 1;
  else
    return NULL;
  if (*p == '\0')
    return g_time_zone_new_utc ();

  /* UTC+1, UTC+01:00, GMT-5, UTC+0530. */
  if (*p != '+' && *p != '-')
    return NULL;
  sign = *p == '-' ? -1 : 1;
  for (p++; g_ascii_isdigit (*p) && digits < 4; p++, digits++)
    {
      if (digits < 2)
        hours = hours * 10 + (*p - '0');
      else
        minutes = minutes * 10 + (*p - '0');
      if (digits == 1 && p[1] == ':')
        p++;
    }
  if (*p != '\0' || digits == 0 || digits == 3 || hours > 14 || minutes > 59)
    return NULL;
  return g_time_zone_new_offset (sign * (hours * 3600 + minutes * 60));
}

gboolean
salve_csv_heading_get_month_first (const char *header,
                                   gboolean   *month_first)
{
  g_autofree char *text = NULL;
  char order[4] = { 0 };
  guint n = 0;

  g_return_val_if_fail (header != NULL, FALSE);
  g_return_val_if_fail (month_first != NULL, FALSE);

  text = bracket_text (header);
  if (text == NULL)
    return FALSE;

  /* "mm-dd-yyyy hh:mm" → "mdy": each run of a letter once, the time's
   * letters and the separators left out; "jjjj" is Dutch for the year. */
  for (const char *p = text; *p != '\0'; p++)
    {
      char c = *p == 'j' ? 'y' : *p;

      if (c == 'd' || c == 'm' || c == 'y')
        {
          if (n > 0 && order[n - 1] == c)
            continue;
          if (n == 3)
            break;
          order[n++] = c;
        }
      else if (c == 'h' || c == 'u' || c == 's')
        break;
      else if (g_ascii_isalpha (c))
        return FALSE;
    }

  if (g_str_equal (order, "dmy"))
    *month_first = FALSE;
  else if (g_str_equal (order, "mdy"))
    *month_first = TRUE;
  else
    return FALSE;
  return TRUE;
}

/* The field @header names, its brackets not considered. */
static SalveCsvField
match_name (const char *header)
{
  g_autofree char *name = normalise_header (header);

  if (*name == '\0')
    return SALVE_CSV_FIELD_IGNORE;

  for (guint i = SALVE_CSV_FIELD_IGNORE + 1; i < SALVE_CSV_N_FIELDS; i++)
    if (alias_matches (fields[i].aliases, name))
      return i;

  return SALVE_CSV_FIELD_IGNORE;
}

SalveCsvField
salve_csv_field_match_header (const char *header)
{
  SalveCsvField field;

  g_return_val_if_fail (header != NULL, SALVE_CSV_FIELD_IGNORE);

  field = match_name (header);
  return brackets_contradict (field, header) ? SALVE_CSV_FIELD_IGNORE : field;
}

SalveCsvField
salve_csv_field_match_header_refused (const char *header)
{
  SalveCsvField field;

  g_return_val_if_fail (header != NULL, SALVE_CSV_FIELD_IGNORE);

  field = match_name (header);
  return brackets_contradict (field, header) ? field : SALVE_CSV_FIELD_IGNORE;
}

/* Names that often mean something else beside a column of the same
 * field with another of its names: a weekday ("Day,Date": "Monday"), the
 * time a record was made ("created_at,date"; a form's "Tijdstempel"
 * beside its "Datum"), a device's intensity in a TENS diary
 * ("Intensity,Pain": 8 mA). Such a column gives way to the other. */
static const char * const weak_date_names[] = {
  "dag", "day", "timestamp", "tijdstempel", "createdat", "created", "recordedat", NULL
};
static const char * const weak_pain_names[] = { "intensity", "severity", "ernst", NULL };
/* Names of a moment: beside a date alone, its time of day ("Datum",
 * "Tijdstip": 08:00). */
static const char * const moment_names[] = { "tijdstip", "moment", "when", "wanneer", NULL };
/* Names that say a date and nothing more. */
static const char * const date_names[] = { "date", "datum", "dag", "day", "entrydate", NULL };

static gboolean
is_weak_name (SalveCsvField  field,
              const char    *header)
{
  g_autofree char *name = normalise_header (header);

  if (field == SALVE_CSV_FIELD_AT)
    return word_in (name, weak_date_names);
  if (field == SALVE_CSV_FIELD_PAIN)
    return word_in (name, weak_pain_names);
  return FALSE;
}

/* A moment's column beside a date alone is the time of day when no
 * column is named so ("Datum,Tijdstip"). */
static void
take_moment_as_time (SalveCsvMapping    *self,
                     const char * const *header)
{
  g_autofree char *date_name = NULL;
  int date = salve_csv_mapping_find_field (self, SALVE_CSV_FIELD_AT);

  if (date < 0 || salve_csv_mapping_find_field (self, SALVE_CSV_FIELD_TIME) >= 0)
    return;
  date_name = normalise_header (header[date]);
  if (!word_in (date_name, date_names))
    return;

  for (guint i = 0; i < self->n_columns; i++)
    {
      g_autofree char *name = NULL;

      if (self->field[i] != SALVE_CSV_FIELD_IGNORE ||
          salve_csv_field_match_header (header[i]) != SALVE_CSV_FIELD_AT)
        continue;
      name = normalise_header (header[i]);
      if (word_in (name, moment_names))
        {
          self->field[i] = SALVE_CSV_FIELD_TIME;
          return;
        }
    }
}

SalveCsvMapping *
salve_csv_mapping_new (const char * const *header,
                       guint               n_columns)
{
  SalveCsvMapping *self = g_new0 (SalveCsvMapping, 1);

  self->n_columns = n_columns;
  self->header = g_new0 (char *, n_columns + 1);
  self->field = g_new0 (SalveCsvField, MAX (n_columns, 1));

  for (guint i = 0; i < n_columns; i++)
    {
      SalveCsvField field = salve_csv_field_match_header (header[i]);
      int holder;

      self->header[i] = g_strdup (header[i]);
      if (field == SALVE_CSV_FIELD_IGNORE)
        continue;
      /* The first column that claims a value keeps it (a second "note"
       * column is left for the person to map), unless its name is a weak
       * one and this one's is not. */
      holder = salve_csv_mapping_find_field (self, field);
      if (holder < 0)
        self->field[i] = field;
      else if (is_weak_name (field, header[holder]) && !is_weak_name (field, header[i]))
        {
          self->field[holder] = SALVE_CSV_FIELD_IGNORE;
          self->field[i] = field;
        }
    }
  take_moment_as_time (self, header);

  return self;
}

SalveCsvMapping *
salve_csv_mapping_copy (const SalveCsvMapping *self)
{
  SalveCsvMapping *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (SalveCsvMapping, 1);
  copy->n_columns = self->n_columns;
  copy->header = g_strdupv (self->header);
  copy->field = g_memdup2 (self->field, sizeof (SalveCsvField) * MAX (self->n_columns, 1));

  return copy;
}

void
salve_csv_mapping_free (SalveCsvMapping *self)
{
  if (self == NULL)
    return;

  g_strfreev (self->header);
  g_free (self->field);
  g_free (self);
}

guint
salve_csv_mapping_get_n_columns (const SalveCsvMapping *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_columns;
}

const char *
salve_csv_mapping_get_header (const SalveCsvMapping *self,
                              guint                  column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);
  return self->header[column];
}

gboolean
salve_csv_mapping_header_is_blank (const SalveCsvMapping *self,
                                   guint                  column)
{
  const char *p = salve_csv_mapping_get_header (self, column);

  while (p != NULL && g_ascii_isspace (*p))
    p++;
  return p == NULL || *p == '\0';
}

SalveCsvField
salve_csv_mapping_get_field (const SalveCsvMapping *self,
                             guint                  column)
{
  g_return_val_if_fail (self != NULL, SALVE_CSV_FIELD_IGNORE);

  if (column >= self->n_columns)
    return SALVE_CSV_FIELD_IGNORE;

  return self->field[column];
}

void
salve_csv_mapping_set_field (SalveCsvMapping *self,
                             guint            column,
                             SalveCsvField    field)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (column < self->n_columns);
  g_return_if_fail (field < SALVE_CSV_N_FIELDS);

  if (field != SALVE_CSV_FIELD_IGNORE)
    for (guint i = 0; i < self->n_columns; i++)
      if (self->field[i] == field)
        self->field[i] = SALVE_CSV_FIELD_IGNORE;

  self->field[column] = field;
}

int
salve_csv_mapping_find_field (const SalveCsvMapping *self,
                              SalveCsvField          field)
{
  g_return_val_if_fail (self != NULL, -1);

  for (guint i = 0; i < self->n_columns; i++)
    if (self->field[i] == field)
      return (int) i;

  return -1;
}

static gboolean
header_is (const SalveCsvMapping *self,
           const SalveCsvField   *columns,
           guint                  n)
{
  if (n != self->n_columns)
    return FALSE;

  for (guint i = 0; i < n; i++)
    if (!g_str_equal (self->header[i], fields[columns[i]].id))
      return FALSE;

  return TRUE;
}

gboolean
salve_csv_mapping_is_salve_format (const SalveCsvMapping *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (SalveCsvExportKind kind = SALVE_CSV_EXPORT_DIARY; kind <= SALVE_CSV_EXPORT_ALL; kind++)
    {
      guint n = 0;
      const SalveCsvField *columns = salve_csv_export_columns (kind, &n);

      if (header_is (self, columns, n))
        return TRUE;
    }

  return header_is (self, all_columns_unlinked, G_N_ELEMENTS (all_columns_unlinked)) ||
         header_is (self, all_columns_without_medication, G_N_ELEMENTS (all_columns_without_medication)) ||
         header_is (self, all_columns_without_stress, G_N_ELEMENTS (all_columns_without_stress)) ||
         header_is (self, diary_columns_without_stress, G_N_ELEMENTS (diary_columns_without_stress)) ||
         header_is (self, diary_columns_without_medication, G_N_ELEMENTS (diary_columns_without_medication));
}

gboolean
salve_csv_mapping_has_sessions (const SalveCsvMapping *self)
{
  return salve_csv_mapping_find_field (self, SALVE_CSV_FIELD_KIND) >= 0 ||
         salve_csv_mapping_find_field (self, SALVE_CSV_FIELD_MODALITY) >= 0;
}

gboolean
salve_csv_mapping_has_diary (const SalveCsvMapping *self)
{
  return salve_csv_mapping_find_field (self, SALVE_CSV_FIELD_KIND) >= 0 ||
         salve_csv_mapping_find_field (self, SALVE_CSV_FIELD_MODALITY) < 0;
}

static gboolean
require (const SalveCsvMapping  *self,
         SalveCsvField           field,
         const char             *examples,
         GError                **error)
{
  if (salve_csv_mapping_find_field (self, field) >= 0)
    return TRUE;

  for (guint i = 0; i < self->n_columns; i++)
    if (self->field[i] == SALVE_CSV_FIELD_IGNORE && salve_csv_field_match_header_refused (self->header[i]) == field)
      {
        g_set_error (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_MISSING_COLUMN,
                     /* Translators: the first %s is a value such as "Pain (0–10)", the second a header, "Pijn (0-100)" */
                     _("No column holds “%s”: “%s” is not read as it, because its heading names another scale or unit "
                       "than 0–10. If its values are ratings from 0 to 10, map it by hand."),
                     salve_csv_field_get_name (field), self->header[i]);
        return FALSE;
      }

  g_set_error (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_MISSING_COLUMN,
               /* Translators: the first %s is a value such as "Pain (0–10)", the second lists header names */
               _("No column holds “%s” (looked for a header such as %s)."),
               salve_csv_field_get_name (field), examples);
  return FALSE;
}

gboolean
salve_csv_mapping_check (const SalveCsvMapping  *self,
                         GError                **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->n_columns == 0)
    {
      g_set_error_literal (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_EMPTY,
                           _("The file has no header row."));
      return FALSE;
    }

  if (salve_csv_mapping_has_diary (self) &&
      (!require (self, SALVE_CSV_FIELD_AT, "“datum”, “date”", error) ||
       !require (self, SALVE_CSV_FIELD_PAIN, "“pijn”, “NRS”, “pain”", error)))
    return FALSE;

  if (salve_csv_mapping_has_sessions (self) &&
      (!require (self, SALVE_CSV_FIELD_MODALITY, "“modality”", error) ||
       !require (self, SALVE_CSV_FIELD_SITE, "“site”", error) ||
       !require (self, SALVE_CSV_FIELD_OUTCOME, "“outcome”", error)))
    return FALSE;

  return TRUE;
}

const char *
salve_csv_row_get_title (const SalveCsvRow *row,
                         guint              n_titles)
{
  const char *text = NULL;

  g_return_val_if_fail (row != NULL, NULL);

  /* A cell that ran on to the end of the file is the header's to say. */
  if (n_titles >= SALVE_CSV_MAX_TITLES || row->open_quote_line > 0 || row->stray_quote_line > 0)
    return NULL;
  for (guint i = 0; i < row->n_cells; i++)
    {
      const char *p = row->cells[i];

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        continue;
      if (text != NULL)
        return NULL;
      text = row->cells[i];
    }
  return text != NULL && salve_csv_field_match_header (text) == SALVE_CSV_FIELD_IGNORE ? text : NULL;
}
