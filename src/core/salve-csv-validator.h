/* salve-csv-validator.h: a CSV row checked and turned into what is stored
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "salve-csv-mapping.h"
#include "salve-csv-reader.h"

G_BEGIN_DECLS

typedef enum
{
  SALVE_CSV_KIND_DIARY,
  SALVE_CSV_KIND_SESSION,
  /* A medication intake alone: a row with a medication and no pain. */
  SALVE_CSV_KIND_MEDICATION,
} SalveCsvKind;

#define SALVE_CSV_ISO_LEN 32

/* A valid row, exactly as it will be stored. Strings point into the row
 * (valid until the row function returns); ratings are -1 when empty. */
typedef struct
{
  SalveCsvKind kind;

  /* Diary: when. Sessions: the start ("" for a planned session). */
  char         at[SALVE_CSV_ISO_LEN];
  gint64       at_unix;
  gboolean     has_at;

  int          pain;
  const char  *region;
  int          fatigue;
  int          sleep;
  /* Stress came after the others: has_stress is FALSE and stress -1 when
   * the row has none (a record zeroed elsewhere has none either). */
  int          stress;
  gboolean     has_stress;
  const char  *activities;
  gboolean     success;
  const char  *note;

  char         ended_at[SALVE_CSV_ISO_LEN];
  gboolean     has_ended;
  const char  *device;
  const char  *modality;
  const char  *site;
  const char  *program;
  const char  *params;
  double       planned_minutes;
  gboolean     has_planned;
  const char  *outcome;
  const char  *outcome_reason;
  int          pain_before;
  int          pain_after;
  const char  *side_effects;
  const char  *skin_check;

  /* The link in Salve's `all` export: a session row's number in the file
   * (0: none); on a diary row, the number of its session and the phase
   * (a SalveDiaryPhase). */
  gint64       session_ref;
  int          session_phase;

  /* A medication intake at @at: the whole row of kind
   * SALVE_CSV_KIND_MEDICATION (its note is the intake's), or beside the
   * pain of a diary row (has_medication; the note stays the entry's). */
  gboolean     has_medication;
  const char  *medication;
  const char  *dose;
  gboolean     as_needed;

  /* The care plan's part of a diary row: minutes per activity as the
   * file wrote them (checked by salve_csv_parse_activity_minutes(); ""
   * for none), and the warning signs. Not part of the key. */
  const char  *activity_minutes;
  gboolean     new_weakness;
  gboolean     numbness;

  /* Same content, same key: the duplicate check (see the .c file). */
  gint64       key;
  /* The key with the region as the file typed it ("knie links" rather
   * than knee-left): what imports stored before region names were read
   * as ids, so a file imported then is still found again. Equal to key
   * when the region was taken as it was. */
  gint64       typed_key;
} SalveCsvRecord;

typedef struct _SalveCsvValidator SalveCsvValidator;

/* How a date cell may be read: 31/01/2026 only day first, 01/31/2026
 * only month first, 03/02/2026 either way (two different days); with a
 * day of the week ("Mon 11/02/2026"), only the ways it falls on it. */
typedef enum
{
  SALVE_CSV_DATE_NONE,         /* no date */
  SALVE_CSV_DATE_SAME,         /* year first, or the same day either way */
  SALVE_CSV_DATE_DAY_FIRST,
  SALVE_CSV_DATE_MONTH_FIRST,
  SALVE_CSV_DATE_EITHER,
} SalveCsvDateOrder;

SalveCsvDateOrder  salve_csv_date_order         (const char            *text);
/* The day of a date cell (its time and offset left out), read month
 * first or day first when it is not year first; FALSE when it is none,
 * or not the day of the week written beside it. */
gboolean           salve_csv_date_read          (const char            *text,
                                                 gboolean               month_first,
                                                 GDate                 *date);

/* @tz: the zone for dates and times without an offset; NULL for local. */
SalveCsvValidator *salve_csv_validator_new      (const SalveCsvMapping *mapping,
                                                 GTimeZone             *tz);
void               salve_csv_validator_free     (SalveCsvValidator     *self);
/* Every cell empty: a blank line, or Excel's ";;;;". Not a record. A row
 * with an unclosed quote, a bad cell or too many cells is never blank. */
gboolean           salve_csv_row_is_blank       (const SalveCsvRow     *row);
/* TRUE and @record filled, or FALSE with @column (0-based, -1 for the
 * whole row) and a translated @reason a person can act on. A row whose
 * quote is never closed (open_quote_line) is always rejected. */
gboolean           salve_csv_validator_parse    (SalveCsvValidator     *self,
                                                 const SalveCsvRow     *row,
                                                 SalveCsvRecord        *record,
                                                 int                   *column,
                                                 char                 **reason);
/* Non-empty cells seen so far in a column mapped to "Do not import". */
guint64            salve_csv_validator_get_ignored (SalveCsvValidator  *self,
                                                    guint               column);
/* TRUE once a date without a time (and no time column) was stored at
 * 12:00 local time. */
gboolean           salve_csv_validator_uses_noon (SalveCsvValidator    *self);
/* How many times were written with a fraction of a second, which is not
 * stored; @first (the first of them, as written) may be NULL. */
guint64            salve_csv_validator_get_fractions (SalveCsvValidator  *self,
                                                      const char        **first);
/* How many local times without an offset fell in the hour that happens
 * twice when the clocks go back; @first (the first of them, as
 * "2026-10-25 02:30") and @offset (seconds east of UTC they were read
 * with, standard time as GDateTime reads it) may be NULL. */
guint64            salve_csv_validator_get_repeated_hour (SalveCsvValidator  *self,
                                                          const char        **first,
                                                          int                *offset);
/* Dates that are not year first are read month first (01/31/2026), not
 * day first (31/01/2026, the default). */
void               salve_csv_validator_set_month_first (SalveCsvValidator *self,
                                                        gboolean           month_first);
/* Times without an offset of their own are read in @zone (a heading's,
 * "Date (UTC)"; NULL: the validator's zone), while a date without a time
 * stays a day of the validator's zone, at 12:00 there: the day written. */
void               salve_csv_validator_set_times_zone (SalveCsvValidator *self,
                                                       GTimeZone         *zone);
/* A diary or medication row dated after @latest (seconds since the
 * epoch; salve_diary_get_latest_allowed()) is rejected: the diary records
 * what has happened. By default any date is taken. */
void               salve_csv_validator_set_latest (SalveCsvValidator *self,
                                                   gint64             latest);

/* The longest text a reason quotes of a cell, in characters. */
#define SALVE_CSV_QUOTED_MAX 60

/* @reason with every text it quotes (“…”) longer than
 * SALVE_CSV_QUOTED_MAX characters cut short, ending in "…": a reason
 * names the cell, it does not hold a megabyte of it. */
char              *salve_csv_shorten_quoted (const char *reason);

/* The duplicate key of a filled record: for rows stored without one (typed
 * in), so that importing their export finds them. Strings may not be NULL;
 * a diary record needs its at_unix (the key hashes the instant). */
gint64             salve_csv_record_compute_key (const SalveCsvRecord *rec);

/* One activity's minutes from an activity minutes cell. */
typedef struct
{
  char  id[33];
  guint minutes;
} SalveCsvActivityMinutes;

/* Reads an activity minutes cell: pairs ID=MINUTES ("walking=30
 * cycling=15") apart by spaces, commas or semicolons; an id is an
 * activity id (salve_activity_id_is_valid(), ASCII case ignored), the
 * minutes a whole number 0–SALVE_ACTIVITY_MAX_MINUTES, each id once. Appends
 * the pairs to @out (may be NULL: only checks), or returns FALSE with a
 * translated @reason. */
gboolean           salve_csv_parse_activity_minutes (const char  *text,
                                                     GArray      *out,
                                                     char       **reason);

/* Formula safety. Export prefixes an apostrophe to a text cell that a
 * spreadsheet would run (= + - @ tab CR first, after any apostrophes);
 * import of Salve's own format takes exactly that one apostrophe off. */
gboolean           salve_csv_text_needs_guard   (const char            *text);
const char        *salve_csv_text_unguard       (const char            *text);

/* Stored form of a planned duration, and each JSON number Salve writes
 * (salve-json.h): the shortest text that reads back as the same double,
 * with a point in every locale. @buf holds G_ASCII_DTOSTR_BUF_SIZE. */
const char        *salve_csv_format_double      (char                  *buf,
                                                 double                 value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveCsvValidator, salve_csv_validator_free)

G_END_DECLS
