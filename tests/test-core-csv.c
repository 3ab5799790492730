/* test-core-csv.c: reading the CSV files people really send
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <gio/gio.h>

#include "salve-csv-mapping.h"
#include "salve-csv-reader.h"
#include "salve-csv-validator.h"
#include "salve-csv-writer.h"
#include "salve-diary-entry.h"
#include "salve-sha256.h"
#include "salve-test-util.h"

typedef struct
{
  GPtrArray        *rows;    /* GStrv */
  GArray           *lines;   /* guint */
  GArray           *bad;     /* int */
  GArray           *open_quote;  /* guint */
  SalveCsvEncoding  encoding;
  char              delimiter;
} Read;

static void
read_free (Read *r)
{
  g_ptr_array_unref (r->rows);
  g_array_unref (r->lines);
  g_array_unref (r->bad);
  g_array_unref (r->open_quote);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Read, read_free)

static gboolean
collect (const SalveCsvRow *row,
         gpointer           user_data)
{
  Read *r = user_data;
  int bad = row->bad_cell;

  g_ptr_array_add (r->rows, g_strdupv ((char **) row->cells));
  g_array_append_val (r->lines, row->line);
  g_array_append_val (r->bad, bad);
  g_array_append_val (r->open_quote, row->open_quote_line);
  return TRUE;
}

static Read *
read_stream (GInputStream *stream)
{
  g_autoptr(SalveCsvReader) reader = salve_csv_reader_new (stream);
  g_autoptr(GError) error = NULL;
  Read *r = g_new0 (Read, 1);

  r->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  r->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  r->bad = g_array_new (FALSE, FALSE, sizeof (int));
  r->open_quote = g_array_new (FALSE, FALSE, sizeof (guint));

  g_assert_true (salve_csv_reader_run (reader, collect, r, NULL, &error));
  g_assert_no_error (error);
  r->encoding = salve_csv_reader_get_encoding (reader);
  r->delimiter = salve_csv_reader_get_delimiter (reader);

  return r;
}

static Read *
read_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) input = g_file_read (file, NULL, NULL);

  g_assert_nonnull (input);
  return read_stream (G_INPUT_STREAM (input));
}

static Read *
read_bytes (const char *data,
            gssize      len)
{
  g_autoptr(GInputStream) input =
    g_memory_input_stream_new_from_data (g_memdup2 (data, len < 0 ? strlen (data) : (gsize) len),
                                         len < 0 ? (gssize) strlen (data) : len, g_free);
  return read_stream (input);
}

#define CELL(r, row, col) (((char **) g_ptr_array_index ((r)->rows, (row)))[(col)])
#define LINE(r, row) g_array_index ((r)->lines, guint, (row))
#define OPEN_QUOTE(r, row) g_array_index ((r)->open_quote, guint, (row))

/* Excel's first line "sep=;" names the delimiter and is no row; the
 * lines keep their numbers in the file. */
static void
test_separator_line (void)
{
  g_autoptr(Read) plain = read_bytes ("sep=;\r\ndatum;pijn,notitie\r\n01-03-2026;4,5\r\n", -1);
  g_autoptr(Read) quoted = read_bytes ("\"sep=,\"\ndate,pain\n2026-03-01,4\n", -1);
  g_autoptr(Read) padded = read_bytes ("sep=;;;\rdatum;pijn\r01-03-2026;4\r", -1);
  g_autoptr(Read) header = read_bytes ("sep=;x,datum,pijn\n1,2,3\n", -1);

  g_assert_cmpint (plain->delimiter, ==, ';');
  g_assert_cmpuint (plain->rows->len, ==, 2);
  g_assert_cmpstr (CELL (plain, 0, 0), ==, "datum");
  g_assert_cmpstr (CELL (plain, 0, 1), ==, "pijn,notitie");
  g_assert_cmpuint (LINE (plain, 0), ==, 2);
  g_assert_cmpuint (LINE (plain, 1), ==, 3);

  g_assert_cmpint (quoted->delimiter, ==, ',');
  g_assert_cmpuint (quoted->rows->len, ==, 2);
  g_assert_cmpstr (CELL (quoted, 1, 1), ==, "4");
  g_assert_cmpuint (LINE (quoted, 1), ==, 3);

  g_assert_cmpint (padded->delimiter, ==, ';');
  g_assert_cmpuint (padded->rows->len, ==, 2);
  g_assert_cmpstr (CELL (padded, 1, 0), ==, "01-03-2026");

  /* Not a line of its own: a header like any other. */
  g_assert_cmpuint (header->rows->len, ==, 2);
  g_assert_cmpstr (CELL (header, 0, 0), ==, "sep=;x");
  g_assert_cmpuint (LINE (header, 0), ==, 1);
}

/* docs/csv.md's table of header names is the importer's, name for name:
 * each name it lists is read as its field, and each name the importer
 * reads is listed. */
static void
test_header_names_documented (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs", "csv.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) documented = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  const char *section;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  section = strstr (text, "### Header names, every one");
  g_assert_nonnull (section);
  lines = g_strsplit (section, "\n", -1);

  for (guint i = 0; lines[i] != NULL && !g_str_has_prefix (lines[i], "## "); i++)
    {
      g_auto(GStrv) cells = NULL;
      g_auto(GStrv) names = NULL;
      g_autofree char *id = NULL;
      GString *listed;
      SalveCsvField field;

      if (!g_str_has_prefix (lines[i], "| `"))
        continue;
      cells = g_strsplit (lines[i], "|", -1);
      g_assert_cmpuint (g_strv_length (cells), ==, 4);
      id = g_strstrip (g_strdelimit (g_strdup (cells[1]), "`", ' '));
      g_assert_true (salve_csv_field_from_id (id, &field));
      g_assert_false (g_hash_table_contains (documented, GUINT_TO_POINTER (field)));

      names = g_strsplit (g_strstrip (cells[2]), " ", -1);
      listed = g_string_new (NULL);
      for (guint j = 0; names[j] != NULL; j++)
        {
          g_autofree char *name = g_strdelimit (g_strdup (names[j]), "`", ' ');

          g_strstrip (name);
          g_assert_cmpint (salve_csv_field_match_header (name), ==, field);
          g_string_append_printf (listed, "%s%s", j > 0 ? " " : "", name);
        }
      g_assert_cmpstr (listed->str, ==, salve_csv_field_get_aliases (field));
      g_hash_table_insert (documented, GUINT_TO_POINTER (field), g_string_free (listed, FALSE));
    }

  /* Every field but "do not import". */
  g_assert_cmpuint (g_hash_table_size (documented), ==, SALVE_CSV_N_FIELDS - 1);
  g_assert_false (g_hash_table_contains (documented, GUINT_TO_POINTER (SALVE_CSV_FIELD_IGNORE)));
  /* The doc's own example. */
  g_assert_cmpint (salve_csv_field_match_header ("Pain Level (0-10)"), ==, SALVE_CSV_FIELD_PAIN);
  g_assert_cmpint (salve_csv_field_match_header ("Pijn-locatie"), ==, SALVE_CSV_FIELD_REGION);
}

static void
test_header_matching (void)
{
  static const struct { const char *header; SalveCsvField field; } cases[] = {
    { "Datum", SALVE_CSV_FIELD_AT },
    { "DATE", SALVE_CSV_FIELD_AT },
    { "Datum/tijd", SALVE_CSV_FIELD_AT },
    { "Entry Date", SALVE_CSV_FIELD_AT },
    { "Tijdstempel", SALVE_CSV_FIELD_AT },
    { "created_at", SALVE_CSV_FIELD_AT },
    { "Severity", SALVE_CSV_FIELD_PAIN },
    { "Intensity (0-10)", SALVE_CSV_FIELD_PAIN },
    { "Ernst", SALVE_CSV_FIELD_PAIN },
    { "VAS", SALVE_CSV_FIELD_IGNORE },
    { "Body Area", SALVE_CSV_FIELD_REGION },
    { "Plaats", SALVE_CSV_FIELD_REGION },
    { "tijd", SALVE_CSV_FIELD_TIME },
    { "Time", SALVE_CSV_FIELD_TIME },
    { "Pijn", SALVE_CSV_FIELD_PAIN },
    { "Pijnscore (0-10)", SALVE_CSV_FIELD_PAIN },
    { "NRS", SALVE_CSV_FIELD_PAIN },
    { " pain ", SALVE_CSV_FIELD_PAIN },
    { "Locatie", SALVE_CSV_FIELD_REGION },
    { "RÉGION", SALVE_CSV_FIELD_REGION },
    { "Regio", SALVE_CSV_FIELD_REGION },
    { "Notitie", SALVE_CSV_FIELD_NOTE },
    { "Opmerking", SALVE_CSV_FIELD_NOTE },
    { "note", SALVE_CSV_FIELD_NOTE },
    { "Vermoeidheid", SALVE_CSV_FIELD_FATIGUE },
    { "fatigue", SALVE_CSV_FIELD_FATIGUE },
    { "Slaap", SALVE_CSV_FIELD_SLEEP },
    { "Stress", SALVE_CSV_FIELD_STRESS },
    { "Stressniveau (0-10)", SALVE_CSV_FIELD_STRESS },
    { "stress level", SALVE_CSV_FIELD_STRESS },
    { "Activiteiten", SALVE_CSV_FIELD_ACTIVITIES },
    { "pain_before", SALVE_CSV_FIELD_PAIN_BEFORE },
    { "Medicatie", SALVE_CSV_FIELD_MEDICATION },
    { "Geneesmiddel", SALVE_CSV_FIELD_MEDICATION },
    { "Medicijn", SALVE_CSV_FIELD_MEDICATION },
    { "Drug", SALVE_CSV_FIELD_MEDICATION },
    { "Medication (name)", SALVE_CSV_FIELD_MEDICATION },
    { "Dosis", SALVE_CSV_FIELD_DOSE },
    { "Dosage", SALVE_CSV_FIELD_DOSE },
    { "Zo nodig", SALVE_CSV_FIELD_AS_NEEDED },
    { "PRN", SALVE_CSV_FIELD_AS_NEEDED },
    { "activity_minutes", SALVE_CSV_FIELD_ACTIVITY_MINUTES },
    { "Activity minutes", SALVE_CSV_FIELD_ACTIVITY_MINUTES },
    { "Activiteitminuten", SALVE_CSV_FIELD_ACTIVITY_MINUTES },
    { "Activiteitsminuten", SALVE_CSV_FIELD_ACTIVITY_MINUTES },
    { "Minuten activiteit(en)", SALVE_CSV_FIELD_ACTIVITY_MINUTES },
    { "Beweegminuten", SALVE_CSV_FIELD_ACTIVITY_MINUTES },
    { "Minuten", SALVE_CSV_FIELD_PLANNED_MINUTES },
    { "new_weakness", SALVE_CSV_FIELD_NEW_WEAKNESS },
    { "Nieuwe zwakte", SALVE_CSV_FIELD_NEW_WEAKNESS },
    { "Nieuwe krachtsvermindering", SALVE_CSV_FIELD_NEW_WEAKNESS },
    { "Loss of strength", SALVE_CSV_FIELD_NEW_WEAKNESS },
    { "numbness", SALVE_CSV_FIELD_NUMBNESS },
    { "Gevoelloosheid", SALVE_CSV_FIELD_NUMBNESS },
    { "Doof gevoel", SALVE_CSV_FIELD_NUMBNESS },
    { "Bijwerkingen medicatie", SALVE_CSV_FIELD_IGNORE },
    { "", SALVE_CSV_FIELD_IGNORE },
    /* A scale or unit in brackets: a rating's own, or none of Salve's. */
    { "Pijn (0–10)", SALVE_CSV_FIELD_PAIN },
    { "Pain (1-10)", SALVE_CSV_FIELD_PAIN },
    { "Pijn (/10)", SALVE_CSV_FIELD_PAIN },
    { "Pijn (NRS)", SALVE_CSV_FIELD_PAIN },
    { "Pain (0-100)", SALVE_CSV_FIELD_IGNORE },
    { "Pain level (%)", SALVE_CSV_FIELD_IGNORE },
    { "Pain (0-5)", SALVE_CSV_FIELD_IGNORE },
    { "Pijn (VAS)", SALVE_CSV_FIELD_IGNORE },
    { "Stress (1-5)", SALVE_CSV_FIELD_IGNORE },
    { "Fatigue (0-100)", SALVE_CSV_FIELD_IGNORE },
    { "Slaap (uren)", SALVE_CSV_FIELD_IGNORE },
    { "Sleep (hours)", SALVE_CSV_FIELD_IGNORE },
    { "Slaap (kwaliteit)", SALVE_CSV_FIELD_SLEEP },
    { "Pain after (0-100)", SALVE_CSV_FIELD_IGNORE },
    { "Duur (min)", SALVE_CSV_FIELD_PLANNED_MINUTES },
    { "Duur (uur)", SALVE_CSV_FIELD_IGNORE },
    { "Duration (h)", SALVE_CSV_FIELD_IGNORE },
    { "Beweegminuten (per dag)", SALVE_CSV_FIELD_ACTIVITY_MINUTES },
    { "Datum (dd-mm-jjjj)", SALVE_CSV_FIELD_AT },
    { "Tijd (24u)", SALVE_CSV_FIELD_TIME },
    /* Square brackets, as some spreadsheets write the unit. */
    { "Pijn [0-10]", SALVE_CSV_FIELD_PAIN },
    { "Pain [0-100]", SALVE_CSV_FIELD_IGNORE },
    { "Slaap [uren]", SALVE_CSV_FIELD_IGNORE },
    { "Duur [min]", SALVE_CSV_FIELD_PLANNED_MINUTES },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("header “%s”", cases[i].header);
      g_assert_cmpint (salve_csv_field_match_header (cases[i].header), ==, cases[i].field);
    }

  /* What the refused ones would have been, for the message. */
  g_assert_cmpint (salve_csv_field_match_header_refused ("Pain (0-100)"), ==, SALVE_CSV_FIELD_PAIN);
  g_assert_cmpint (salve_csv_field_match_header_refused ("Slaap (uren)"), ==, SALVE_CSV_FIELD_SLEEP);
  g_assert_cmpint (salve_csv_field_match_header_refused ("Duur (uur)"), ==, SALVE_CSV_FIELD_PLANNED_MINUTES);
  g_assert_cmpint (salve_csv_field_match_header_refused ("Pijn (0-10)"), ==, SALVE_CSV_FIELD_IGNORE);
  g_assert_cmpint (salve_csv_field_match_header_refused ("Stemming (0-100)"), ==, SALVE_CSV_FIELD_IGNORE);
  /* A yes or no is no rating. */
  g_assert_cmpint (salve_csv_field_match_header ("Moe (ja/nee)"), ==, SALVE_CSV_FIELD_IGNORE);
  g_assert_cmpint (salve_csv_field_match_header_refused ("Moe (ja/nee)"), ==, SALVE_CSV_FIELD_FATIGUE);
  g_assert_cmpint (salve_csv_field_match_header ("Sleep (good/bad)"), ==, SALVE_CSV_FIELD_IGNORE);
  g_assert_cmpint (salve_csv_field_match_header ("Tired (y/n)"), ==, SALVE_CSV_FIELD_IGNORE);
  g_assert_cmpint (salve_csv_field_match_header ("Pijn (NRS)"), ==, SALVE_CSV_FIELD_PAIN);
  g_assert_cmpint (salve_csv_field_match_header_refused ("Pain [0-100]"), ==, SALVE_CSV_FIELD_PAIN);
}

static void
test_mapping_correctable (void)
{
  const char *header[] = { "Datum", "Pijn", "Opmerking", "Extra" };
  g_autoptr(SalveCsvMapping) mapping = salve_csv_mapping_new (header, 4);
  g_autoptr(GError) error = NULL;

  g_assert_true (salve_csv_mapping_check (mapping, &error));
  g_assert_cmpint (salve_csv_mapping_get_field (mapping, 3), ==, SALVE_CSV_FIELD_IGNORE);

  /* A field moves: the note now comes from "Extra", "Opmerking" is left out. */
  salve_csv_mapping_set_field (mapping, 3, SALVE_CSV_FIELD_NOTE);
  g_assert_cmpint (salve_csv_mapping_get_field (mapping, 2), ==, SALVE_CSV_FIELD_IGNORE);
  g_assert_cmpint (salve_csv_mapping_find_field (mapping, SALVE_CSV_FIELD_NOTE), ==, 3);

  salve_csv_mapping_set_field (mapping, 1, SALVE_CSV_FIELD_IGNORE);
  g_assert_false (salve_csv_mapping_check (mapping, &error));
  g_assert_error (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_MISSING_COLUMN);
}

/* A heading's brackets that name a zone or a date order. */
static void
test_heading_zone_and_order (void)
{
  g_autoptr(GTimeZone) utc = salve_csv_heading_get_zone ("Date (UTC)");
  g_autoptr(GTimeZone) gmt = salve_csv_heading_get_zone ("Timestamp (GMT)");
  g_autoptr(GTimeZone) plus1 = salve_csv_heading_get_zone ("Tijd (UTC+1)");
  g_autoptr(GTimeZone) minus = salve_csv_heading_get_zone ("Time (UTC-05:30)");
  gboolean month_first = FALSE;

  g_assert_cmpint (g_time_zone_get_offset (utc, 0), ==, 0);
  g_assert_cmpint (g_time_zone_get_offset (gmt, 0), ==, 0);
  g_assert_cmpint (g_time_zone_get_offset (plus1, 0), ==, 3600);
  g_assert_cmpint (g_time_zone_get_offset (minus, 0), ==, -(5 * 3600 + 30 * 60));
  g_assert_null (salve_csv_heading_get_zone ("Date"));
  g_assert_null (salve_csv_heading_get_zone ("Date (local)"));
  g_assert_null (salve_csv_heading_get_zone ("Time (UTC+25)"));

  g_assert_true (salve_csv_heading_get_month_first ("Date (MM-DD-YYYY)", &month_first));
  g_assert_true (month_first);
  g_assert_true (salve_csv_heading_get_month_first ("Datum (dd-mm-jjjj)", &month_first));
  g_assert_false (month_first);
  g_assert_true (salve_csv_heading_get_month_first ("Date (mm/dd/yy hh:mm)", &month_first));
  g_assert_true (month_first);
  g_assert_false (salve_csv_heading_get_month_first ("Date (YYYY-MM-DD)", &month_first));
  g_assert_false (salve_csv_heading_get_month_first ("Date (UTC)", &month_first));
  g_assert_false (salve_csv_heading_get_month_first ("Date", &month_first));
}

/* A weekday beside the date is not the date; a moment beside a date
 * alone is its time of day. */
static void
test_mapping_date_columns (void)
{
  const char *weekday[] = { "Day", "Date", "Time", "Pain" };
  const char *moment[] = { "Datum", "Tijdstip", "Pijn" };
  const char *both[] = { "Datum", "Tijd", "Tijdstip", "Pijn" };
  const char *timestamp[] = { "Tijdstip", "Pijn" };
  const char *stamp_and_moment[] = { "Datumtijd", "Tijdstip", "Pijn" };
  const char *dag[] = { "Dag", "Pijn" };
  g_autoptr(SalveCsvMapping) a = salve_csv_mapping_new (weekday, 4);
  g_autoptr(SalveCsvMapping) b = salve_csv_mapping_new (moment, 3);
  g_autoptr(SalveCsvMapping) c = salve_csv_mapping_new (both, 4);
  g_autoptr(SalveCsvMapping) d = salve_csv_mapping_new (timestamp, 2);
  g_autoptr(SalveCsvMapping) e = salve_csv_mapping_new (stamp_and_moment, 3);
  g_autoptr(SalveCsvMapping) f = salve_csv_mapping_new (dag, 2);

  g_assert_cmpint (salve_csv_mapping_find_field (a, SALVE_CSV_FIELD_AT), ==, 1);
  g_assert_cmpint (salve_csv_mapping_get_field (a, 0), ==, SALVE_CSV_FIELD_IGNORE);
  g_assert_cmpint (salve_csv_mapping_find_field (a, SALVE_CSV_FIELD_TIME), ==, 2);
  g_assert_cmpint (salve_csv_mapping_find_field (b, SALVE_CSV_FIELD_AT), ==, 0);
  g_assert_cmpint (salve_csv_mapping_find_field (b, SALVE_CSV_FIELD_TIME), ==, 1);
  /* A column named the time keeps it. */
  g_assert_cmpint (salve_csv_mapping_find_field (c, SALVE_CSV_FIELD_TIME), ==, 1);
  g_assert_cmpint (salve_csv_mapping_get_field (c, 2), ==, SALVE_CSV_FIELD_IGNORE);
  /* Alone, a moment is the date and time. */
  g_assert_cmpint (salve_csv_mapping_find_field (d, SALVE_CSV_FIELD_AT), ==, 0);
  g_assert_cmpint (salve_csv_mapping_find_field (d, SALVE_CSV_FIELD_TIME), ==, -1);
  /* Beside a date and time, it is not read. */
  g_assert_cmpint (salve_csv_mapping_find_field (e, SALVE_CSV_FIELD_AT), ==, 0);
  g_assert_cmpint (salve_csv_mapping_find_field (e, SALVE_CSV_FIELD_TIME), ==, -1);
  /* A date column named as a day is the date when it is the only one. */
  g_assert_cmpint (salve_csv_mapping_find_field (f, SALVE_CSV_FIELD_AT), ==, 0);

  /* A record's time gives way to the entry's date, a device's intensity
   * to the pain; otherwise the first column keeps its field. */
  {
    const char *app[] = { "id", "created_at", "date", "pain_level", "notes" };
    const char *form[] = { "Tijdstempel", "Datum", "Pijn" };
    const char *tens[] = { "Date", "Time", "Program", "Intensity", "Minutes", "Pain" };
    const char *alone[] = { "Date", "Intensity" };
    const char *notes[] = { "Datum", "Pijn", "Opmerking", "Notes" };
    g_autoptr(SalveCsvMapping) m_app = salve_csv_mapping_new (app, 5);
    g_autoptr(SalveCsvMapping) m_form = salve_csv_mapping_new (form, 3);
    g_autoptr(SalveCsvMapping) m_tens = salve_csv_mapping_new (tens, 6);
    g_autoptr(SalveCsvMapping) m_alone = salve_csv_mapping_new (alone, 2);
    g_autoptr(SalveCsvMapping) m_notes = salve_csv_mapping_new (notes, 4);

    g_assert_cmpint (salve_csv_mapping_find_field (m_app, SALVE_CSV_FIELD_AT), ==, 2);
    g_assert_cmpint (salve_csv_mapping_get_field (m_app, 1), ==, SALVE_CSV_FIELD_IGNORE);
    g_assert_cmpint (salve_csv_mapping_find_field (m_form, SALVE_CSV_FIELD_AT), ==, 1);
    g_assert_cmpint (salve_csv_mapping_find_field (m_tens, SALVE_CSV_FIELD_PAIN), ==, 5);
    g_assert_cmpint (salve_csv_mapping_get_field (m_tens, 3), ==, SALVE_CSV_FIELD_IGNORE);
    g_assert_cmpint (salve_csv_mapping_find_field (m_alone, SALVE_CSV_FIELD_PAIN), ==, 1);
    g_assert_cmpint (salve_csv_mapping_find_field (m_notes, SALVE_CSV_FIELD_NOTE), ==, 2);
  }
}

static void
test_excel_nl (void)
{
  g_autoptr(Read) r = read_fixture ("excel-nl-semicolon-cp1252.csv");

  g_assert_cmpint (r->encoding, ==, SALVE_CSV_ENCODING_WINDOWS_1252);
  g_assert_cmpint (r->delimiter, ==, ';');
  g_assert_cmpuint (r->rows->len, ==, 4);
  g_assert_cmpstr (CELL (r, 0, 2), ==, "Pijnscore (0-10)");
  g_assert_cmpstr (CELL (r, 1, 4), ==, "Slecht geslapen, café bezocht");
  g_assert_cmpstr (CELL (r, 2, 4), ==, "Wandeling € 0 gekost – prima");
  g_assert_cmpstr (CELL (r, 3, 5), ==, "");
  g_assert_cmpuint (LINE (r, 3), ==, 4);
  for (guint i = 0; i < r->rows->len; i++)
    g_assert_null (strchr (CELL (r, i, 0), '\r'));
}

static void
test_bom_crlf (void)
{
  g_autoptr(Read) r = read_fixture ("bom-crlf.csv");

  g_assert_cmpint (r->encoding, ==, SALVE_CSV_ENCODING_UTF8_BOM);
  g_assert_cmpint (r->delimiter, ==, ',');
  g_assert_cmpstr (CELL (r, 0, 0), ==, "Date");
  g_assert_cmpstr (CELL (r, 1, 4), ==, "Früh aufgestanden");
  g_assert_cmpstr (CELL (r, 2, 4), ==, "Better, after the walk");
}

static void
test_quoted_newlines (void)
{
  g_autoptr(Read) r = read_fixture ("quoted-newlines.csv");

  g_assert_cmpuint (r->rows->len, ==, 5);
  g_assert_cmpstr (CELL (r, 1, 3), ==, "first line\nsecond line, with a comma");
  g_assert_cmpstr (CELL (r, 2, 3), ==, "He said \"ouch\"; twice");
  /* Line numbers count physical lines: the quoted newline and the blank
   * line are counted. */
  g_assert_cmpuint (LINE (r, 0), ==, 1);
  g_assert_cmpuint (LINE (r, 1), ==, 2);
  g_assert_cmpuint (LINE (r, 2), ==, 4);
  g_assert_cmpuint (LINE (r, 3), ==, 6);
  g_assert_cmpuint (LINE (r, 4), ==, 8);
}

/* A line ends at CR LF, at LF or at a CR alone, mixed as they come, as
 * a text editor and a spreadsheet end one: outside quotes each ends the
 * row, inside quotes it is the cell's, and each counts for the line
 * numbers. In a file of LFs a CR alone was no line: the rows after it
 * were numbered a line too early, and two rows shared a number. */
static void
test_line_ends (void)
{
  g_autoptr(Read) crlf = read_bytes ("date,pain,note\r\n2026-03-01,3,a\rb\r\n2026-03-02,4,x\r\n", -1);
  g_autoptr(Read) quoted = read_bytes ("date,pain,note\r\n2026-03-01,3,\"a\rb\"\r\n2026-03-02,4,x\r\n", -1);
  g_autoptr(Read) mixed = read_bytes ("date,pain\n\r2026-03-01,3\r\n\n2026-03-02,4\r2026-03-03,5\n", -1);
  g_autoptr(Read) mac = read_bytes ("date,pain\r2026-03-01,3\r\r2026-03-02,4\r", -1);

  g_assert_cmpuint (crlf->rows->len, ==, 4);
  g_assert_cmpstr (CELL (crlf, 1, 2), ==, "a");
  g_assert_cmpstr (CELL (crlf, 2, 0), ==, "b");
  g_assert_cmpuint (LINE (crlf, 1), ==, 2);
  g_assert_cmpuint (LINE (crlf, 2), ==, 3);
  g_assert_cmpuint (LINE (crlf, 3), ==, 4);

  g_assert_cmpuint (quoted->rows->len, ==, 3);
  g_assert_cmpstr (CELL (quoted, 1, 2), ==, "a\rb");
  g_assert_cmpuint (LINE (quoted, 1), ==, 2);
  g_assert_cmpuint (LINE (quoted, 2), ==, 4);

  /* LF then CR is two line ends, an empty line between; CR LF is one. */
  g_assert_cmpuint (mixed->rows->len, ==, 4);
  g_assert_cmpuint (LINE (mixed, 1), ==, 3);
  g_assert_cmpuint (LINE (mixed, 2), ==, 5);
  g_assert_cmpuint (LINE (mixed, 3), ==, 6);
  g_assert_cmpstr (CELL (mixed, 3, 1), ==, "5");

  g_assert_cmpuint (mac->rows->len, ==, 3);
  g_assert_cmpuint (LINE (mac, 1), ==, 2);
  g_assert_cmpuint (LINE (mac, 2), ==, 4);
}

/* A CR at the very end of a 64 KiB block: with the LF that starts the
 * next block it is one line end, alone it is one too. */
static void
test_line_end_across_blocks (void)
{
  for (guint alone = 0; alone < 2; alone++)
    {
      g_autoptr(GString) s = g_string_new ("date,pain,note\n");
      g_autoptr(Read) r = NULL;
      guint lines = 1;
      guint n;

      while (s->len < 64 * 1024 - 64)
        {
          g_string_append (s, "2026-03-01,3,x\n");
          lines++;
        }
      g_string_append (s, "2026-03-02,4,");
      while (s->len < 64 * 1024 - 1)
        g_string_append_c (s, 'y');
      g_string_append (s, alone ? "\r2026-03-03,5,z\n" : "\r\n2026-03-03,5,z\n");

      r = read_bytes (s->str, s->len);
      n = r->rows->len;
      g_assert_cmpuint (n, ==, lines + 2);
      g_assert_cmpuint (LINE (r, n - 2), ==, lines + 1);
      g_assert_cmpuint (LINE (r, n - 1), ==, lines + 2);
      g_assert_cmpstr (CELL (r, n - 1, 0), ==, "2026-03-03");
    }
}

static void
test_utf16 (void)
{
  g_autoptr(Read) r = read_fixture ("excel-unicode-text-utf16le.csv");

  g_assert_cmpint (r->encoding, ==, SALVE_CSV_ENCODING_UTF16);
  g_assert_cmpint (r->delimiter, ==, '\t');
  g_assert_cmpstr (CELL (r, 0, 0), ==, "Datum");
  g_assert_cmpstr (CELL (r, 1, 3), ==, "Région lombaire ☺");
}

static void
test_delimiters (void)
{
  g_autoptr(Read) quoted = read_bytes ("\"a;b\",c\n1,2\n", -1);
  g_autoptr(Read) tabs = read_fixture ("tab-nrs-short-years.csv");
  g_autoptr(Read) single = read_bytes ("pain\n3\n", -1);
  g_autoptr(Read) spaces = read_bytes ("a,b\n  kept  , x\n", -1);

  g_assert_cmpint (quoted->delimiter, ==, ',');
  g_assert_cmpstr (CELL (quoted, 0, 0), ==, "a;b");
  g_assert_cmpint (tabs->delimiter, ==, '\t');
  g_assert_cmpstr (CELL (tabs, 1, 5), ==, "fietsen");
  g_assert_cmpuint (single->rows->len, ==, 2);
  /* Spaces are the person's text. */
  g_assert_cmpstr (CELL (spaces, 1, 0), ==, "  kept  ");
}

/* A title above the header does not decide the delimiter: the header
 * does, the first line the line after it matches. A title without one, a
 * title with a comma above a semicolon header, a tab file under a title
 * with a line break in quotes, and a header alone under a title. */
static void
test_delimiter_under_title (void)
{
  g_autoptr(Read) plain = read_bytes ("Pijndagboek Anna\ndatum;pijn\n3-2-2026;7\n", -1);
  g_autoptr(Read) comma = read_bytes ("Pijndagboek, Anna\r\ndatum;pijn;opmerking\r\n3-2-2026;7;rug, nek\r\n", -1);
  g_autoptr(Read) tabs = read_bytes ("\"Pijndagboek\nAnna\"\n\ndatum\tpijn\n3-2-2026\t7\n", -1);
  g_autoptr(Read) alone = read_bytes ("Pijndagboek Anna\ndatum;pijn\n", -1);
  g_autoptr(Read) notes = read_bytes ("date,pain,note\n2026-03-01,5,rug;nek;knie\n", -1);

  g_assert_cmpint (plain->delimiter, ==, ';');
  g_assert_cmpstr (CELL (plain, 2, 1), ==, "7");
  g_assert_cmpint (comma->delimiter, ==, ';');
  g_assert_cmpstr (CELL (comma, 2, 2), ==, "rug, nek");
  g_assert_cmpint (tabs->delimiter, ==, '\t');
  g_assert_cmpstr (CELL (tabs, 2, 1), ==, "7");
  g_assert_cmpint (alone->delimiter, ==, ';');
  /* A row's semicolons in a comma file's note decide nothing. */
  g_assert_cmpint (notes->delimiter, ==, ',');
  g_assert_cmpstr (CELL (notes, 1, 2), ==, "rug;nek;knie");
}

static void
test_encoding_decided_late (void)
{
  /* 70 KiB of ASCII, then a Windows-1252 é: the first non-ASCII byte
   * decides, even past the first block. */
  g_autoptr(GString) s = g_string_new ("date,note\n");
  g_autoptr(Read) r = NULL;

  while (s->len < 70 * 1024)
    g_string_append (s, "2026-03-01,plain\n");
  g_string_append (s, "2026-03-02,caf\xe9\n");

  r = read_bytes (s->str, s->len);
  g_assert_cmpint (r->encoding, ==, SALVE_CSV_ENCODING_WINDOWS_1252);
  g_assert_cmpstr (CELL (r, r->rows->len - 1, 1), ==, "café");
}

static void
test_invalid_utf8_flagged (void)
{
  g_autoptr(Read) r = read_bytes ("date,note\n2026-03-01,caf\xc3\xa9\n2026-03-02,bad\xc3\n", -1);

  g_assert_cmpint (r->encoding, ==, SALVE_CSV_ENCODING_UTF8);
  g_assert_cmpint (g_array_index (r->bad, int, 1), ==, -1);
  g_assert_cmpint (g_array_index (r->bad, int, 2), ==, 1);
  g_assert_true (g_utf8_validate (CELL (r, 2, 1), -1, NULL));
}

static void
test_quote_across_blocks (void)
{
  /* A quoted cell with newlines straddling the 64 KiB block boundary. */
  g_autoptr(GString) s = g_string_new ("date,pain,note\n");
  g_autoptr(Read) r = NULL;
  guint lines = 1;

  while (s->len < 64 * 1024 - 20)
    {
      g_string_append (s, "2026-03-01,3,x\n");
      lines++;
    }
  g_string_append (s, "2026-03-02,4,\"a\nb\nc\nd\"\n2026-03-03,5,after\n");

  r = read_bytes (s->str, s->len);
  g_assert_cmpstr (CELL (r, r->rows->len - 2, 2), ==, "a\nb\nc\nd");
  g_assert_cmpuint (LINE (r, r->rows->len - 2), ==, lines + 1);
  g_assert_cmpuint (LINE (r, r->rows->len - 1), ==, lines + 5);
}

static void
test_megabyte_quoted_cell (void)
{
  /* One quoted cell of 1 MiB with doubled quotes, delimiters and line
   * breaks in it, between two ordinary rows. */
  g_autoptr(GString) s = g_string_new ("date,pain,note\n2026-03-01,3,before\n2026-03-02,4,\"");
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(Read) r = NULL;
  guint newlines = 0;

  for (guint i = 0; expected->len < 1024 * 1024; i++)
    {
      const char *piece = i % 64 == 63 ? "line\n" : i % 16 == 15 ? "say \"\"hi\"\", " : "abcdefgh,";
      g_string_append (s, piece);
      newlines += i % 64 == 63;
      /* What the cell holds: each doubled quote is one. */
      for (const char *p = piece; *p != '\0'; p++)
        if (!(p[0] == '"' && p[1] == '"'))
          g_string_append_c (expected, *p);
        else
          {
            g_string_append_c (expected, '"');
            p++;
          }
    }
  g_string_append (s, "\"\n2026-03-03,5,after\n");

  r = read_bytes (s->str, s->len);
  g_assert_cmpuint (r->rows->len, ==, 4);
  g_assert_cmpuint (strlen (CELL (r, 2, 2)), ==, expected->len);
  g_assert_true (g_str_equal (CELL (r, 2, 2), expected->str));
  g_assert_cmpstr (CELL (r, 1, 2), ==, "before");
  g_assert_cmpstr (CELL (r, 3, 2), ==, "after");
  g_assert_cmpuint (LINE (r, 3), ==, LINE (r, 2) + newlines + 1);
}

static void
test_unclosed_quote (void)
{
  g_autoptr(Read) swallowed = read_bytes ("date,pain,note\n2026-02-01,4,\"abc\n2026-02-02,5,x\n", -1);
  g_autoptr(Read) closed = read_bytes ("date,note\n2026-02-01,\"a\nb\"", -1);
  g_autoptr(Read) later = read_bytes ("a,b,c\n1,\"x\ny\",\"z\nw\n", -1);
  g_autoptr(Read) reopened = read_bytes ("a,b\n1,\"x\n\"y\n2,3\n", -1);
  g_autoptr(Read) header = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", "csv", "unclosed-quote.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) input = g_file_read (file, NULL, NULL);

  /* libcsv ends the cell at the end of the file; the row says the quote
   * was never closed, and on which line it was opened. */
  g_assert_cmpuint (swallowed->rows->len, ==, 2);
  g_assert_cmpstr (CELL (swallowed, 1, 2), ==, "abc\n2026-02-02,5,x\n");
  g_assert_cmpuint (OPEN_QUOTE (swallowed, 0), ==, 0);
  g_assert_cmpuint (OPEN_QUOTE (swallowed, 1), ==, 2);

  /* Closed by the file's last byte: nothing missing. */
  g_assert_cmpuint (closed->rows->len, ==, 2);
  g_assert_cmpstr (CELL (closed, 1, 1), ==, "a\nb");
  g_assert_cmpuint (OPEN_QUOTE (closed, 1), ==, 0);

  /* The open cell starts after another quoted cell of the same row. */
  g_assert_cmpuint (later->rows->len, ==, 2);
  g_assert_cmpuint (LINE (later, 1), ==, 2);
  g_assert_cmpuint (OPEN_QUOTE (later, 1), ==, 3);

  /* "x\n" is closed, but the quote before y does not close it: libcsv
   * reads on in the same cell, opened on line 2. */
  g_assert_cmpuint (reopened->rows->len, ==, 2);
  g_assert_cmpuint (OPEN_QUOTE (reopened, 1), ==, 2);

  /* The fuzzer's case: the whole file is the header. */
  g_assert_nonnull (input);
  header = read_stream (G_INPUT_STREAM (input));
  g_assert_cmpuint (header->rows->len, ==, 1);
  g_assert_cmpuint (OPEN_QUOTE (header, 0), ==, 1);
}

/* ---- validation -------------------------------------------------------- */

typedef struct
{
  SalveCsvValidator *validator;
  SalveCsvMapping   *mapping;
  GPtrArray         *records;   /* SalveCsvRecord copies (strings not kept) */
  GPtrArray         *reasons;   /* "line:column:reason" */
  gboolean           header_seen;
  gboolean           month_first;
  GTimeZone         *tz;
} Checked;

static gboolean
check_row (const SalveCsvRow *row,
           gpointer           user_data)
{
  Checked *c = user_data;
  SalveCsvRecord rec;
  char *reason = NULL;
  int column;

  if (!c->header_seen)
    {
      c->header_seen = TRUE;
      c->mapping = salve_csv_mapping_new (row->cells, row->n_cells);
      c->validator = salve_csv_validator_new (c->mapping, c->tz);
      salve_csv_validator_set_month_first (c->validator, c->month_first);
      return TRUE;
    }

  if (salve_csv_row_is_blank (row))
    return TRUE;

  if (salve_csv_validator_parse (c->validator, row, &rec, &column, &reason))
    {
      SalveCsvRecord *copy = g_memdup2 (&rec, sizeof rec);

      /* Keep the texts the test looks at. */
      copy->note = g_intern_string (rec.note);
      copy->region = g_intern_string (rec.region);
      copy->activities = g_intern_string (rec.activities);
      copy->activity_minutes = g_intern_string (rec.activity_minutes);
      g_ptr_array_add (c->records, copy);
    }
  else
    {
      g_ptr_array_add (c->reasons, g_strdup_printf ("%u:%d:%s", row->line, column, reason));
      g_free (reason);
    }

  return TRUE;
}

static Checked *
check_text_ordered (const char *data,
                    gssize      len,
                    gboolean    month_first)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(SalveCsvReader) reader = NULL;
  Checked *c = g_new0 (Checked, 1);

  if (len < 0)
    len = strlen (data);
  input = g_memory_input_stream_new_from_data (g_memdup2 (data, len), len, g_free);
  reader = salve_csv_reader_new (input);
  c->records = g_ptr_array_new_with_free_func (g_free);
  c->reasons = g_ptr_array_new_with_free_func (g_free);
  c->tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_assert_nonnull (c->tz);

  c->month_first = month_first;
  g_assert_true (salve_csv_reader_run (reader, check_row, c, NULL, NULL));
  return c;
}

static Checked *
check_text (const char *data,
            gssize      len)
{
  return check_text_ordered (data, len, FALSE);
}

static Checked *
check_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return check_text (data, len);
}

static void
checked_free (Checked *c)
{
  salve_csv_validator_free (c->validator);
  salve_csv_mapping_free (c->mapping);
  g_ptr_array_unref (c->records);
  g_ptr_array_unref (c->reasons);
  g_time_zone_unref (c->tz);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Checked, checked_free)

#define REC(c, i) ((SalveCsvRecord *) g_ptr_array_index ((c)->records, (i)))
#define REASON(c, i) ((const char *) g_ptr_array_index ((c)->reasons, (i)))

/* Past 16 MB a cell stops the reading; only a quoted one is said to miss
 * its closing quote (an unquoted one was blamed on a quote it never had). */
static void
test_cell_too_big (void)
{
  for (guint quoted = 0; quoted < 2; quoted++)
    {
      gsize n = SALVE_CSV_MAX_CELL_BYTES + 256 * 1024;
      g_autoptr(GString) data = g_string_sized_new (n + 64);
      g_autoptr(GInputStream) input = NULL;
      g_autoptr(SalveCsvReader) reader = NULL;
      g_autoptr(Read) r = g_new0 (Read, 1);
      g_autoptr(GError) error = NULL;
      gsize len;

      g_string_append (data, quoted ? "datum;pijn;opmerking\n3-2-2026;7;\"" : "datum;pijn;opmerking\n3-2-2026;7;");
      g_string_set_size (data, data->len + n);
      memset (data->str + data->len - n, 'a', n);
      g_string_append_c (data, '\n');
      len = data->len;
      input = g_memory_input_stream_new_from_data (g_string_free (g_steal_pointer (&data), FALSE), len, g_free);
      reader = salve_csv_reader_new (input);
      r->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      r->lines = g_array_new (FALSE, FALSE, sizeof (guint));
      r->bad = g_array_new (FALSE, FALSE, sizeof (int));
      r->open_quote = g_array_new (FALSE, FALSE, sizeof (guint));
      g_assert_false (salve_csv_reader_run (reader, collect, r, NULL, &error));
      g_assert_error (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_TOO_BIG);
      g_assert_nonnull (strstr (error->message, "The cell that starts on line 2 is longer than 16 MB"));
      if (quoted)
        g_assert_nonnull (strstr (error->message, "is a closing quote (\") missing?"));
      else
        g_assert_null (strstr (error->message, "quote"));
    }
}

/* A reason names the cell, it does not hold all of it: a megabyte's note
 * that is not valid text, or a long wrong date, is quoted by its first
 * characters; a short one whole. */
static void
test_reason_quotes_short (void)
{
  g_autoptr(GString) data = g_string_new ("datum;pijn;opmerking\n2-2-2026;7;caf\xc3\xa9\n3-2-2026;7;");
  g_autoptr(Checked) c = NULL;
  g_autofree char *shortened = NULL;
  g_autofree char *kept = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (data, 'a');
  g_string_append (data, "\xe9\n4-2-2026;x;\n");
  for (guint i = 0; i < 300; i++)
    g_string_append (data, "\xc3\xa9");   /* é: characters, not bytes, are counted */
  g_string_append (data, ";5;\n");

  c = check_text (data->str, data->len);
  g_assert_cmpuint (c->reasons->len, ==, 3);
  g_assert_true (g_str_has_prefix (REASON (c, 0), "3:2:“aaaaaaaa"));
  g_assert_true (g_str_has_suffix (REASON (c, 0), "a…” is not valid text in the file’s encoding"));
  g_assert_cmpuint (g_utf8_strlen (REASON (c, 0), -1), <, 120);
  g_assert_cmpstr (REASON (c, 1), ==, "4:1:pain “x” is not a number");
  g_assert_nonnull (strstr (REASON (c, 2), "“éééé"));
  g_assert_cmpuint (g_utf8_strlen (REASON (c, 2), -1), <, 160);

  shortened = salve_csv_shorten_quoted ("a “0123456789012345678901234567890123456789012345678901234567890123” b “c”");
  g_assert_cmpstr (shortened, ==, "a “01234567890123456789012345678901234567890123456789012345678…” b “c”");
  kept = salve_csv_shorten_quoted ("only “an opening quote");
  g_assert_cmpstr (kept, ==, "only “an opening quote");
}

/* Excel for Mac's "CSV (Macintosh)" writes Mac Roman: its é is 0x8E,
 * which Windows-1252 reads as Ž. Read as the letters they are; a
 * Windows-1252 file of the same words still reads as Windows-1252, and a
 * UTF-8 cell in a Mac Roman file is rejected as in a Windows-1252 one. */
static void
test_mac_roman (void)
{
  static const char mac[] = "datum;pijn;notitie\r"
                            "01-03-2026;4;caf\x8e, \x8e\x8en keer\r"
                            "02-03-2026;3;na\x95" "ef, \x9a" "ver de br\x9fg\r"
                            "03-03-2026;2;caf\xc3\xa9\r";
  static const char win[] = "datum;pijn;notitie\r\n"
                            "01-03-2026;4;caf\xe9, \xe9\xe9n keer\r\n"
                            "02-03-2026;3;\x80 5, \x93zo\x94\r\n";
  g_autoptr(Read) r = read_bytes (mac, -1);
  g_autoptr(Read) w = read_bytes (win, -1);
  g_autoptr(Checked) c = check_text (mac, -1);

  g_assert_cmpint (r->encoding, ==, SALVE_CSV_ENCODING_MAC_ROMAN);
  g_assert_cmpstr (CELL (r, 1, 2), ==, "café, één keer");
  g_assert_cmpstr (CELL (r, 2, 2), ==, "naïef, över de brüg");
  g_assert_cmpint (g_array_index (r->bad, int, 3), ==, 2);

  g_assert_cmpint (w->encoding, ==, SALVE_CSV_ENCODING_WINDOWS_1252);
  g_assert_cmpstr (CELL (w, 1, 2), ==, "café, één keer");
  g_assert_cmpstr (CELL (w, 2, 2), ==, "€ 5, “zo”");

  g_assert_cmpuint (c->records->len, ==, 2);
  g_assert_cmpuint (c->reasons->len, ==, 1);
  g_assert_nonnull (strstr (REASON (c, 0), "is UTF-8, but the file is Mac Roman (line 2)"));
}

/* Word and phones type ’ “ ” – … € in Windows-1252 (0x92 0x93 0x94 0x96
 * 0x85 0x80): Mac Roman reads them as í ì î ñ Ö Ä, letters that a count
 * of letters next to letters took for Mac Roman's ("zoín dag"). */
static void
test_cp1252_punctuation (void)
{
  g_autoptr(Read) r = read_bytes ("Datum;Pijn;Notitie\r\n"
                                  "2-3-2026;7;zo\x92n dag, \x92s avonds \x93" "erg\x94\r\n"
                                  "3-3-2026;6;caf\xe9\r\n", -1);

  g_assert_cmpint (r->encoding, ==, SALVE_CSV_ENCODING_WINDOWS_1252);
  g_assert_cmpstr (CELL (r, 1, 2), ==, "zo’n dag, ’s avonds “erg”");
  g_assert_cmpstr (CELL (r, 2, 2), ==, "café");
}

/* Mac Roman's ’ (0xD5) is Windows-1252's Õ: a capital inside a word. */
static void
test_mac_roman_apostrophe (void)
{
  g_autoptr(Read) r = read_bytes ("Datum;Pijn;Notitie\r"
                                  "2-3-2026;7;zo\xd5n dag\r", -1);

  g_assert_cmpint (r->encoding, ==, SALVE_CSV_ENCODING_MAC_ROMAN);
  g_assert_cmpstr (CELL (r, 1, 2), ==, "zo’n dag");
}

/* Real files hold both accented letters and typographic marks: each
 * encoding's own are read as what they are, whichever there are more of. */
static void
test_eight_bit_letters_and_marks (void)
{
  g_autoptr(Read) win = read_bytes ("Datum;Pijn;Notitie\r\n"
                                    "2-3-2026;7;caf\xe9 met idee\xebn, na\xef" "ef\r\n"
                                    "3-3-2026;6;\x80 12,50 \x96 zo\x92n \x93" "dure\x94 dag\x85 \x92s avonds\r\n", -1);
  g_autoptr(Read) mac = read_bytes ("Datum;Pijn;Notitie\r"
                                    "2-3-2026;7;caf\x8e met idee\x91" "n, na\x95" "ef\r"
                                    "3-3-2026;6;\xe3sch\x9an\xd2, \xe3gut\xd2, \xe3" "b\x9ase\xd2, zo\xd5n dag\r", -1);

  g_assert_cmpint (win->encoding, ==, SALVE_CSV_ENCODING_WINDOWS_1252);
  g_assert_cmpstr (CELL (win, 1, 2), ==, "café met ideeën, naïef");
  g_assert_cmpstr (CELL (win, 2, 2), ==, "€ 12,50 – zo’n “dure” dag… ’s avonds");

  g_assert_cmpint (mac->encoding, ==, SALVE_CSV_ENCODING_MAC_ROMAN);
  g_assert_cmpstr (CELL (mac, 1, 2), ==, "café met ideeën, naïef");
  g_assert_cmpstr (CELL (mac, 2, 2), ==, "„schön“, „gut“, „böse“, zo’n dag");
}

/* The error reading @len bytes of @data gives. */
static GError *
read_error (const char *data,
            gsize       len)
{
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_data (g_memdup2 (data, len), len, g_free);
  g_autoptr(SalveCsvReader) reader = salve_csv_reader_new (input);
  g_autoptr(Read) r = g_new0 (Read, 1);
  GError *error = NULL;

  r->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  r->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  r->bad = g_array_new (FALSE, FALSE, sizeof (int));
  r->open_quote = g_array_new (FALSE, FALSE, sizeof (guint));
  g_assert_false (salve_csv_reader_run (reader, collect, r, NULL, &error));
  g_assert_cmpuint (r->rows->len, ==, 0);
  return error;
}

/* An .xlsx or .ods file (a zip) or an .xls one, given for the CSV it
 * should have been saved as, failed with "No column holds “Date (and
 * time)”"; a file with a NUL byte gave errors full of "�". */
static void
test_not_csv (void)
{
  static const char xlsx[] = "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml";
  static const char xls[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00\x00\x00\x00\x00";
  static const char nul[] = "date,pa\x00in\r\n2026-01-01,3\r\n";
  static const char nul_cr[] = "date\x00,pain\r2026-01-01,3\r";
  /* A crash's NULs at the end: the rows before them are still read. */
  static const char nul_row[] = "date,pain\r\n2026-01-01,3\r\n2026-01-02,\x00" "4\r\n";
  g_autoptr(GError) zip_error = read_error (xlsx, sizeof xlsx - 1);
  g_autoptr(GError) ole_error = read_error (xls, sizeof xls - 1);
  g_autoptr(GError) nul_error = read_error (nul, sizeof nul - 1);
  g_autoptr(GError) nul_cr_error = read_error (nul_cr, sizeof nul_cr - 1);
  g_autoptr(Read) row = read_bytes (nul_row, sizeof nul_row - 1);

  g_assert_error (zip_error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_UNSUPPORTED);
  g_assert_cmpstr (zip_error->message, ==, "This is a spreadsheet file (such as .xlsx, .xls or .ods), not CSV: "
                                           "save it as CSV (or “Unicode text”) first, then import that.");
  g_assert_error (ole_error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_UNSUPPORTED);
  g_assert_cmpstr (ole_error->message, ==, zip_error->message);

  g_assert_error (nul_error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_UNSUPPORTED);
  g_assert_cmpstr (nul_error->message, ==, "This is not a text file: its first line holds a NUL byte, which a CSV file "
                                           "never holds. Save it as CSV from the program that made it, then import that.");
  g_assert_error (nul_cr_error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_UNSUPPORTED);

  g_assert_cmpuint (row->rows->len, ==, 3);
  g_assert_cmpstr (CELL (row, 1, 1), ==, "3");
  g_assert_cmpint (g_array_index (row->bad, int, 1), ==, -1);
  g_assert_cmpint (g_array_index (row->bad, int, 2), ==, 1);

  /* Its row is rejected for what it holds, not as "“�4” is not valid
   * text in the file’s encoding"; a byte that is not text but no NUL
   * keeps that reason. */
  {
    static const char rows[] = "date,pain,note\r\n2026-01-01,3,caf\xc3\xa9\r\n2026-01-02,4,\x00\x00\x00\r\n"
                               "2026-01-03,5,caf\xe9\r\n";
    g_autoptr(Checked) c = check_text (rows, sizeof rows - 1);

    g_assert_cmpuint (c->reasons->len, ==, 2);
    g_assert_cmpstr (REASON (c, 0), ==, "3:2:the cell holds NUL bytes, which text never holds (as where a crash "
                                        "filled a file with zeros)");
    g_assert_true (g_str_has_prefix (REASON (c, 1), "4:2:“caf"));
    g_assert_true (g_str_has_suffix (REASON (c, 1), "” is not valid text in the file’s encoding"));
  }
}

/* UTF-16 without a byte order mark, as some tools write it, read as the
 * UTF-16 it is rather than as "D�a�t�u�m". */
static void
test_utf16_without_bom (void)
{
  static const char text[] = "Datum\tPijn\tNotitie\r\n02-03-2026\t7\tRégion lombaire, ’s avonds ☺\r\n";
  gsize le_len = 0, be_len = 0;
  g_autofree char *le = g_convert (text, -1, "UTF-16LE", "UTF-8", NULL, &le_len, NULL);
  g_autofree char *be = g_convert (text, -1, "UTF-16BE", "UTF-8", NULL, &be_len, NULL);
  g_autoptr(Read) r_le = NULL;
  g_autoptr(Read) r_be = NULL;

  g_assert_nonnull (le);
  g_assert_nonnull (be);
  r_le = read_bytes (le, le_len);
  r_be = read_bytes (be, be_len);

  g_assert_cmpint (r_le->encoding, ==, SALVE_CSV_ENCODING_UTF16);
  g_assert_cmpint (r_le->delimiter, ==, '\t');
  g_assert_cmpuint (r_le->rows->len, ==, 2);
  g_assert_cmpstr (CELL (r_le, 0, 0), ==, "Datum");
  g_assert_cmpstr (CELL (r_le, 1, 2), ==, "Région lombaire, ’s avonds ☺");
  g_assert_cmpint (g_array_index (r_le->bad, int, 1), ==, -1);

  g_assert_cmpint (r_be->encoding, ==, SALVE_CSV_ENCODING_UTF16);
  g_assert_cmpint (r_be->delimiter, ==, '\t');
  g_assert_cmpuint (r_be->rows->len, ==, 2);
  g_assert_cmpstr (CELL (r_be, 0, 0), ==, "Datum");
  g_assert_cmpstr (CELL (r_be, 1, 2), ==, "Région lombaire, ’s avonds ☺");
  g_assert_cmpint (g_array_index (r_be->bad, int, 1), ==, -1);
}

/* A Windows-1252 file with a row pasted in from a UTF-8 one: the UTF-8
 * cell is not read as Windows-1252 ("cafÃ©"), its row is rejected and
 * says why; the Windows-1252 rows around it read as they should. */
static void
test_mixed_encoding_rejected (void)
{
  static const char text[] = "date,pain,note\n"
                             "2026-03-01,3,caf\xe9\n"
                             "2026-03-02,4,caf\xc3\xa9\n"
                             "2026-03-03,5,na\xefve\n";
  g_autoptr(Read) r = read_bytes (text, -1);
  g_autoptr(Checked) c = check_text (text, -1);

  g_assert_cmpint (r->encoding, ==, SALVE_CSV_ENCODING_WINDOWS_1252);
  g_assert_cmpint (g_array_index (r->bad, int, 1), ==, -1);
  g_assert_cmpstr (CELL (r, 1, 2), ==, "café");
  g_assert_cmpint (g_array_index (r->bad, int, 2), ==, 2);
  g_assert_cmpstr (CELL (r, 2, 2), ==, "café");
  g_assert_cmpint (g_array_index (r->bad, int, 3), ==, -1);
  g_assert_cmpstr (CELL (r, 3, 2), ==, "naïve");

  g_assert_cmpuint (c->records->len, ==, 2);
  g_assert_cmpstr (REC (c, 0)->note, ==, "café");
  g_assert_cmpstr (REC (c, 1)->note, ==, "naïve");
  g_assert_cmpuint (c->reasons->len, ==, 1);
  g_assert_cmpstr (REASON (c, 0), ==,
                   "3:2:“café” is UTF-8, but the file is Windows-1252 (line 2): save the whole file in one encoding");
}

static void
test_values_excel_nl (void)
{
  g_autoptr(Checked) c = check_fixture ("excel-nl-semicolon-cp1252.csv");

  g_assert_cmpuint (c->reasons->len, ==, 0);
  g_assert_cmpuint (c->records->len, ==, 3);
  g_assert_cmpstr (REC (c, 0)->at, ==, "2026-03-02T08:30:00+01:00");
  g_assert_cmpint (REC (c, 0)->at_unix, ==, 1772436600);
  g_assert_cmpint (REC (c, 0)->pain, ==, 7);       /* "7,0" */
  g_assert_cmpint (REC (c, 0)->fatigue, ==, 6);
  g_assert_cmpint (REC (c, 2)->fatigue, ==, -1);   /* empty: not rated */
  /* Region names people write are read as the region's id. */
  g_assert_cmpstr (REC (c, 0)->region, ==, "lower-back");   /* "onderrug" */
  g_assert_cmpstr (REC (c, 2)->region, ==, "knee");         /* "knie" */
  g_assert_cmpstr (REC (c, 0)->note, ==, "Slecht geslapen, café bezocht");
}

static void
test_values_short_years (void)
{
  g_autoptr(Checked) c = check_fixture ("tab-nrs-short-years.csv");

  g_assert_cmpuint (c->reasons->len, ==, 0);
  g_assert_cmpstr (REC (c, 0)->at, ==, "2026-03-01T07:05:00+01:00");
  g_assert_cmpstr (REC (c, 1)->at, ==, "2026-03-02T07:10:30+01:00");
  g_assert_cmpint (REC (c, 0)->pain, ==, 8);
  g_assert_cmpint (REC (c, 0)->sleep, ==, 3);
  g_assert_true (REC (c, 0)->success);
  g_assert_false (REC (c, 1)->success);
}

/* Two-digit years as Windows and Excel read them: 1950 to 2049. */
static void
test_two_digit_years (void)
{
  g_autoptr(Checked) c = check_text ("datum,pijn\n"
                                     "15-3-99,4\n"
                                     "1-2-26,4\n"
                                     "31-12-49,4\n"
                                     "1-1-50,4\n"
                                     "2 mrt 98,4\n", -1);

  g_assert_cmpuint (c->reasons->len, ==, 0);
  g_assert_cmpstr (REC (c, 0)->at, ==, "1999-03-15T12:00:00+01:00");
  g_assert_cmpstr (REC (c, 1)->at, ==, "2026-02-01T12:00:00+01:00");
  g_assert_cmpstr (REC (c, 2)->at, ==, "2049-12-31T12:00:00+01:00");
  g_assert_cmpstr (REC (c, 3)->at, ==, "1950-01-01T12:00:00+01:00");
  g_assert_cmpstr (REC (c, 4)->at, ==, "1998-03-02T12:00:00+01:00");
}

static void
test_bad_rows (void)
{
  g_autoptr(Checked) c = check_fixture ("bad-rows.csv");

  for (guint i = 0; i < c->reasons->len; i++)
    g_test_message ("%s", REASON (c, i));

  g_assert_cmpuint (c->records->len, ==, 2);
  g_assert_cmpuint (c->reasons->len, ==, 6);
  /* line:column(0-based):reason */
  g_assert_true (g_str_has_prefix (REASON (c, 0), "3:2:"));
  g_assert_nonnull (strstr (REASON (c, 0), "11 is outside 0–10"));
  g_assert_true (g_str_has_prefix (REASON (c, 1), "4:0:"));
  g_assert_nonnull (strstr (REASON (c, 1), "“31-02-2026” does not exist"));
  g_assert_true (g_str_has_prefix (REASON (c, 2), "5:2:"));
  g_assert_nonnull (strstr (REASON (c, 2), "is empty"));
  g_assert_true (g_str_has_prefix (REASON (c, 3), "6:2:"));
  g_assert_nonnull (strstr (REASON (c, 3), "“6.5” is not a whole number"));
  g_assert_true (g_str_has_prefix (REASON (c, 4), "7:1:"));
  g_assert_nonnull (strstr (REASON (c, 4), "“25:00” does not exist"));
  g_assert_true (g_str_has_prefix (REASON (c, 5), "8:0:"));
  g_assert_nonnull (strstr (REASON (c, 5), "the date is empty"));
}

/* Each rejected row names the line a text editor shows it on, whatever
 * ends the lines: two rows here were both "line 2", and every later one a
 * line too early. */
static void
test_reject_lines_any_line_end (void)
{
  g_autoptr(Checked) c = check_text ("date,pain\r\n2026-03-01,11\r2026-03-02,12\r\n2026-03-03,13\n\r2026-03-04,14\r\n",
                                     -1);

  g_assert_cmpuint (c->records->len, ==, 0);
  g_assert_cmpuint (c->reasons->len, ==, 4);
  g_assert_true (g_str_has_prefix (REASON (c, 0), "2:1:"));
  g_assert_true (g_str_has_prefix (REASON (c, 1), "3:1:"));
  g_assert_true (g_str_has_prefix (REASON (c, 2), "4:1:"));
  g_assert_true (g_str_has_prefix (REASON (c, 3), "6:1:"));
}

/* A completed session without its start would be stored as one that
 * never started and count nowhere: rejected. One that was stopped or
 * interrupted may have none (it never started). */
static void
test_completed_needs_start (void)
{
  static const char text[] =
    "kind,at,pain,started_at,ended_at,modality,site,outcome\n"
    "session,,,,2026-03-02T09:30:00+01:00,tens,knee,completed\n"
    "session,,,,2026-03-02T09:31:00+01:00,tens,knee,interrupted\n"
    "session,,,,2026-03-02T09:32:00+01:00,tens,knee,stopped\n"
    "session,,,2026-03-02T09:00:00+01:00,2026-03-02T09:30:00+01:00,tens,knee,completed\n";
  g_autoptr(Checked) c = check_text (text, -1);

  for (guint i = 0; i < c->reasons->len; i++)
    g_test_message ("%s", REASON (c, i));
  g_assert_cmpuint (c->records->len, ==, 3);
  g_assert_cmpuint (c->reasons->len, ==, 1);
  g_assert_true (g_str_has_prefix (REASON (c, 0), "2:3:"));
  g_assert_nonnull (strstr (REASON (c, 0), "a completed session needs the time it started"));
}

/* Issue: the importer's numbers are read as salvectl's are: decimal with
 * leading zeros, no hex, no "inf"; spaces around a cell are trimmed. */
static void
test_numbers_strict (void)
{
  static const char text[] =
    "kind,at,pain,started_at,modality,site,planned_minutes,outcome\n"
    "diary,2026-03-02T08:30:00+01:00,010,,,,,\n"
    "diary,2026-03-02T08:31:00+01:00, 8 ,,,,,\n"
    "diary,2026-03-02T08:32:00+01:00,0x5,,,,,\n"
    "session,,,2026-03-02T09:00:00+01:00,tens,knee,010,completed\n"
    "session,,,2026-03-02T09:01:00+01:00,tens,knee, 7.5 ,completed\n"
    "session,,,2026-03-02T09:02:00+01:00,tens,knee,0x5,completed\n"
    "session,,,2026-03-02T09:03:00+01:00,tens,knee,inf,completed\n"
    "session,,,2026-03-02T09:04:00+01:00,tens,knee,1e17,completed\n"
    "session,,,2026-03-02T09:05:00+01:00,tens,knee,0X1P4,completed\n"
    "diary,0999-03-02T08:30:00+01:00,5,,,,,\n"
    "diary,2026-03-02T08:33:00+01:00,+5,,,,,\n"
    "diary,2026-03-02T08:34:00+01:00,-1,,,,,\n"
    "diary,2026-03-02T08:35:00+01:00,-0,,,,,\n"
    "diary,2026-03-02T08:36:00+01:00,--1,,,,,\n";
  g_autoptr(Checked) c = check_text (text, -1);

  for (guint i = 0; i < c->reasons->len; i++)
    g_test_message ("%s", REASON (c, i));

  g_assert_cmpuint (c->records->len, ==, 6);
  g_assert_cmpint (REC (c, 0)->pain, ==, 10);
  g_assert_cmpint (REC (c, 1)->pain, ==, 8);
  g_assert_cmpfloat (REC (c, 2)->planned_minutes, ==, 10);
  g_assert_cmpfloat (REC (c, 3)->planned_minutes, ==, 7.5);
  /* A sign, as salvectl reads its options. */
  g_assert_cmpint (REC (c, 4)->pain, ==, 5);
  g_assert_cmpint (REC (c, 5)->pain, ==, 0);

  g_assert_cmpuint (c->reasons->len, ==, 8);
  g_assert_true (g_str_has_prefix (REASON (c, 0), "4:2:"));
  for (guint i = 1; i < 5; i++)
    g_assert_nonnull (strstr (REASON (c, i), "is not a number of minutes"));
  g_assert_true (g_str_has_prefix (REASON (c, 5), "11:1:"));
  g_assert_nonnull (strstr (REASON (c, 5), "outside the years 1900 to 9999"));
  g_assert_true (g_str_has_prefix (REASON (c, 6), "13:2:"));
  g_assert_nonnull (strstr (REASON (c, 6), "-1 is outside 0–10"));
  g_assert_true (g_str_has_prefix (REASON (c, 7), "15:2:"));
  g_assert_nonnull (strstr (REASON (c, 7), "is not a number"));
}

static void
test_dates_and_times (void)
{
  g_autoptr(Checked) c = check_text (
    "date,time,pain\n"
    "2026-03-29,02:30,3\n"                   /* skipped by the clock */
    "31/01/2026,23:59:59,3\n"
    "31.01.2026,8:00,3\n"
    "2026-01-31 00:00:00,09:15,3\n"          /* Excel's date with midnight */
    "2026-01-31 10:00,09:15,3\n"             /* disagreeing times */
    "2026-07-01T10:00:00+02:00,,3\n"         /* ISO with offset, no time cell */
    "2026-07-01T10:00:00.000Z,,3\n"
    "2026-07-01T10:00:00.5Z,,3\n"            /* a fraction, dropped */
    "45678,08:00,3\n"                        /* an Excel serial number */
    "29-02-2027,08:00,3\n"
    "29-02-2028,08:00,3\n", -1);

  for (guint i = 0; i < c->reasons->len; i++)
    g_test_message ("%s", REASON (c, i));

  g_assert_cmpuint (c->records->len, ==, 7);
  g_assert_cmpstr (REC (c, 0)->at, ==, "2026-01-31T23:59:59+01:00");
  g_assert_cmpstr (REC (c, 1)->at, ==, "2026-01-31T08:00:00+01:00");
  g_assert_cmpstr (REC (c, 2)->at, ==, "2026-01-31T09:15:00+01:00");
  g_assert_cmpstr (REC (c, 3)->at, ==, "2026-07-01T10:00:00+02:00");
  g_assert_cmpstr (REC (c, 4)->at, ==, "2026-07-01T10:00:00+00:00");
  g_assert_cmpint (REC (c, 4)->at_unix - REC (c, 3)->at_unix, ==, 2 * 3600);
  g_assert_cmpstr (REC (c, 5)->at, ==, "2026-07-01T10:00:00+00:00");
  g_assert_cmpint (REC (c, 5)->at_unix, ==, REC (c, 4)->at_unix);
  g_assert_cmpstr (REC (c, 6)->at, ==, "2028-02-29T08:00:00+01:00");

  g_assert_cmpuint (c->reasons->len, ==, 4);
  g_assert_nonnull (strstr (REASON (c, 0), "clocks went forward"));
  g_assert_nonnull (strstr (REASON (c, 1), "differs"));
  g_assert_true (g_str_has_prefix (REASON (c, 2), "10:0:"));
  g_assert_nonnull (strstr (REASON (c, 3), "“29-02-2027” does not exist"));
}

/* A fraction of a second, as phones write it, is dropped and counted for
 * the importer's note, whether it is in the date cell or the time cell;
 * zeros are no fraction. */
static void
test_fractions_of_a_second (void)
{
  g_autoptr(Checked) c = check_text (
    "date,time,pain\n"
    "2026-03-02T10:00:00.750+01:00,,3\n"
    "2026-03-02,11:00:00.000,3\n"
    "02-03-2026,12:00:59,5,3\n"
    "02-03-2026, 13:15:00.25 ,3\n"
    "02-03-2026,14:00:00.,3\n", -1);
  g_autoptr(Checked) none = check_text ("date,pain\n2026-03-02T10:00:00.000Z,3\n", -1);
  const char *first = NULL;

  g_assert_cmpuint (c->records->len, ==, 3);
  g_assert_cmpstr (REC (c, 0)->at, ==, "2026-03-02T10:00:00+01:00");
  g_assert_cmpstr (REC (c, 1)->at, ==, "2026-03-02T11:00:00+01:00");
  g_assert_cmpstr (REC (c, 2)->at, ==, "2026-03-02T13:15:00+01:00");
  /* "12:00:59,5" split by the comma is a cell too many; "14:00:00." no time. */
  g_assert_cmpuint (c->reasons->len, ==, 2);
  g_assert_true (g_str_has_prefix (REASON (c, 0), "4:"));
  g_assert_true (g_str_has_prefix (REASON (c, 1), "6:"));

  g_assert_cmpuint (salve_csv_validator_get_fractions (c->validator, &first), ==, 2);
  g_assert_cmpstr (first, ==, "2026-03-02T10:00:00.750+01:00");
  g_assert_cmpuint (salve_csv_validator_get_fractions (none->validator, &first), ==, 0);
  g_assert_null (first);
}

/* The hour that happens twice when the clocks go back is read in
 * standard time, as GDateTime (and so the app and diary add) reads it, and
 * counted for the importer's note; a time with its offset is as written. */
static void
test_repeated_hour (void)
{
  g_autoptr(Checked) c = check_text (
    "date,time,pain\n"
    "25-10-2026,01:59,3\n"
    "25-10-2026,02:30,3\n"
    "25-10-2026,02:59:59,3\n"
    "25-10-2026,03:00,3\n"
    "26-10-2025,02:15,3\n", -1);
  g_autoptr(Checked) with_offset = check_text (
    "date,pain\n"
    "2026-10-25T02:30:00+02:00,3\n", -1);
  g_autoptr(GDateTime) typed = g_date_time_new (c->tz, 2026, 10, 25, 2, 30, 0);
  const char *first = NULL;
  int offset = 0;

  g_assert_cmpuint (c->reasons->len, ==, 0);
  g_assert_cmpuint (c->records->len, ==, 5);
  g_assert_cmpstr (REC (c, 0)->at, ==, "2026-10-25T01:59:00+02:00");
  g_assert_cmpstr (REC (c, 1)->at, ==, "2026-10-25T02:30:00+01:00");
  g_assert_cmpint (REC (c, 1)->at_unix, ==, g_date_time_to_unix (typed));
  g_assert_cmpstr (REC (c, 2)->at, ==, "2026-10-25T02:59:59+01:00");
  g_assert_cmpstr (REC (c, 3)->at, ==, "2026-10-25T03:00:00+01:00");
  g_assert_cmpstr (REC (c, 4)->at, ==, "2025-10-26T02:15:00+01:00");

  g_assert_cmpuint (salve_csv_validator_get_repeated_hour (c->validator, &first, &offset), ==, 3);
  g_assert_cmpstr (first, ==, "2026-10-25 02:30");
  g_assert_cmpint (offset, ==, 3600);

  g_assert_cmpstr (REC (with_offset, 0)->at, ==, "2026-10-25T02:30:00+02:00");
  g_assert_cmpuint (salve_csv_validator_get_repeated_hour (with_offset->validator, &first, NULL), ==, 0);
  g_assert_null (first);
}

/* Which ways a date reads, for the importer to tell a file's order; and
 * a file read month first. */
static void
test_date_order (void)
{
  static const struct
  {
    const char        *text;
    SalveCsvDateOrder  order;
  } cases[] = {
    { "31/01/2026", SALVE_CSV_DATE_DAY_FIRST },
    { "13-3-26", SALVE_CSV_DATE_DAY_FIRST },
    { "29/02/2028", SALVE_CSV_DATE_DAY_FIRST },
    { "01/31/2026", SALVE_CSV_DATE_MONTH_FIRST },
    { "3/13/2026 8:30 PM", SALVE_CSV_DATE_MONTH_FIRST },
    { "03/02/2026", SALVE_CSV_DATE_EITHER },
    /* The day of the week tells: 2 November 2026 is a Monday, 11 February a Wednesday. */
    { "Mon 11/02/2026", SALVE_CSV_DATE_MONTH_FIRST },
    { "wo 11/02/2026", SALVE_CSV_DATE_DAY_FIRST },
    { "Fri 11/02/2026", SALVE_CSV_DATE_NONE },   /* a Friday neither way */
    { "3.2.2026", SALVE_CSV_DATE_EITHER },
    { "03/03/2026", SALVE_CSV_DATE_SAME },
    { "2026-03-02", SALVE_CSV_DATE_SAME },
    { "2026-03-13T08:30:00+01:00", SALVE_CSV_DATE_SAME },
    { "02/29/2027", SALVE_CSV_DATE_NONE },
    { "31/31/2026", SALVE_CSV_DATE_NONE },
    { "45678", SALVE_CSV_DATE_NONE },
    { "", SALVE_CSV_DATE_NONE },
  };
  g_autoptr(Checked) c = NULL;
  GDate day;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (salve_csv_date_order (cases[i].text), ==, cases[i].order);
    }

  g_assert_true (salve_csv_date_read ("3/2/2026 8:30", TRUE, &day));
  g_assert_cmpint (g_date_get_month (&day), ==, G_DATE_MARCH);
  g_assert_cmpint (g_date_get_day (&day), ==, 2);
  g_assert_true (salve_csv_date_read ("3/2/2026 8:30", FALSE, &day));
  g_assert_cmpint (g_date_get_month (&day), ==, G_DATE_FEBRUARY);
  g_assert_cmpint (g_date_get_day (&day), ==, 3);
  g_assert_false (salve_csv_date_read ("13/13/2026", FALSE, &day));

  c = check_text_ordered ("date,time,pain\n"
                          "03/02/2026,08:00,3\n"
                          "3/13/2026,08:00,3\n"
                          "13/3/2026,08:00,3\n"
                          "2026-03-14,08:00,3\n", -1, TRUE);
  for (guint i = 0; i < c->reasons->len; i++)
    g_test_message ("%s", REASON (c, i));
  g_assert_cmpuint (c->records->len, ==, 3);
  g_assert_cmpstr (REC (c, 0)->at, ==, "2026-03-02T08:00:00+01:00");
  g_assert_cmpstr (REC (c, 1)->at, ==, "2026-03-13T08:00:00+01:00");
  g_assert_cmpstr (REC (c, 2)->at, ==, "2026-03-14T08:00:00+01:00");
  g_assert_cmpuint (c->reasons->len, ==, 1);
  g_assert_true (g_str_has_prefix (REASON (c, 0), "4:0:"));
  g_assert_nonnull (strstr (REASON (c, 0), "“13/3/2026” is written day first"));
}

/* Months by name, in Dutch and English, as spreadsheets write them, with
 * a day of the week before them that must be the date's. */
static void
test_named_months (void)
{
  g_autoptr(Checked) c = check_text (
    "datum,tijd,pijn\n"
    "2 maart 2026,08:30,3\n"
    "2-mrt-26,08:30,3\n"
    "ma 02-03-2026,08:30,3\n"
    "\"Monday, March 2, 2026\",08:30,3\n"
    "2 mrt. 2026,08:30,3\n"
    "02.Mar.2026 8:30 PM,,3\n"
    "maandag 2 maart 2026,08:30,3\n"
    "di 2 maart 2026,08:30,3\n"
    "2 maartt 2026,08:30,3\n"
    "31 feb 2026,08:30,3\n"
    "March 2 2026,08:30,3\n"
    "woe 4 mrt 2026,08:30,3\n"
    "4 mrt '26,08:30,3\n"
    "vrij 6 mrt ’26,08:30,3\n"
    "zon 8 maart 2026,08:30,3\n"
    "4 mrt '2026,08:30,3\n", -1);
  static const char *stored[] = {
    "2026-03-02T08:30:00+01:00", "2026-03-02T08:30:00+01:00", "2026-03-02T08:30:00+01:00",
    "2026-03-02T08:30:00+01:00", "2026-03-02T08:30:00+01:00", "2026-03-02T20:30:00+01:00",
    "2026-03-02T08:30:00+01:00", "2026-03-02T08:30:00+01:00", "2026-03-04T08:30:00+01:00",
    "2026-03-04T08:30:00+01:00", "2026-03-06T08:30:00+01:00", "2026-03-08T08:30:00+01:00",
  };

  for (guint i = 0; i < c->reasons->len; i++)
    g_test_message ("%s", REASON (c, i));
  g_assert_cmpuint (c->records->len, ==, G_N_ELEMENTS (stored));
  for (guint i = 0; i < G_N_ELEMENTS (stored); i++)
    g_assert_cmpstr (REC (c, i)->at, ==, stored[i]);

  g_assert_cmpuint (c->reasons->len, ==, 4);
  /* An apostrophe stands for a century left out: two digits only. */
  g_assert_true (g_str_has_prefix (REASON (c, 3), "17:0:"));
  g_assert_true (g_str_has_prefix (REASON (c, 0), "9:0:"));
  g_assert_nonnull (strstr (REASON (c, 0), "the day of the week in “di 2 maart 2026” is not that date’s"));
  g_assert_true (g_str_has_prefix (REASON (c, 1), "10:0:"));
  g_assert_nonnull (strstr (REASON (c, 1), "is not a date"));
  g_assert_true (g_str_has_prefix (REASON (c, 2), "11:0:"));
  g_assert_nonnull (strstr (REASON (c, 2), "“31 feb 2026” does not exist"));

  g_assert_cmpint (salve_csv_date_order ("2-mrt-2026"), ==, SALVE_CSV_DATE_SAME);
  g_assert_cmpint (salve_csv_date_order ("Mar 13, 2026"), ==, SALVE_CSV_DATE_SAME);
}

/* Offsets as phones and logs write them: without a colon, after a space,
 * or as UTC. */
static void
test_offsets (void)
{
  g_autoptr(Checked) c = check_text (
    "date,pain\n"
    "2026-03-02 08:30:00 +0100,3\n"
    "2026-03-02T08:30:00-0130,3\n"
    "2026-03-02 08:30 UTC,3\n"
    "2026-03-02 08:30 GMT+01:00,3\n"
    "2026-03-02 08:30 +1500,3\n"
    "2026-03-02 08:30 UTCX,3\n", -1);

  for (guint i = 0; i < c->reasons->len; i++)
    g_test_message ("%s", REASON (c, i));
  g_assert_cmpuint (c->records->len, ==, 4);
  g_assert_cmpstr (REC (c, 0)->at, ==, "2026-03-02T08:30:00+01:00");
  g_assert_cmpstr (REC (c, 1)->at, ==, "2026-03-02T08:30:00-01:30");
  g_assert_cmpstr (REC (c, 2)->at, ==, "2026-03-02T08:30:00+00:00");
  g_assert_cmpstr (REC (c, 3)->at, ==, "2026-03-02T08:30:00+01:00");
  g_assert_cmpint (REC (c, 2)->at_unix - REC (c, 0)->at_unix, ==, 3600);
  g_assert_cmpuint (c->reasons->len, ==, 2);
  g_assert_true (g_str_has_prefix (REASON (c, 0), "6:0:"));
  g_assert_true (g_str_has_prefix (REASON (c, 1), "7:0:"));

  /* A time column's own offset (it was refused as "not a time"); one
   * that contradicts the date's is rejected, as a time that does. */
  {
    g_autoptr(Checked) t = check_text (
      "datum;tijd;pijn\n"
      "2-3-2026;08:30+01:00;1\n"
      "3-3-2026;07:30Z;2\n"
      "4-3-2026;08:30 +0200;3\n"
      "5-3-2026;08:30 PM -0500;4\n"
      "2026-03-06T08:30:00+01:00;08:30+02:00;5\n"
      "2026-03-07T08:30:00+01:00;08:30+01:00;6\n"
      "8-3-2026;08:30+25:00;7\n", -1);

    g_assert_cmpuint (t->records->len, ==, 5);
    g_assert_cmpstr (REC (t, 0)->at, ==, "2026-03-02T08:30:00+01:00");
    g_assert_cmpstr (REC (t, 1)->at, ==, "2026-03-03T07:30:00+00:00");
    g_assert_cmpstr (REC (t, 2)->at, ==, "2026-03-04T08:30:00+02:00");
    g_assert_cmpstr (REC (t, 3)->at, ==, "2026-03-05T20:30:00-05:00");
    g_assert_cmpstr (REC (t, 4)->at, ==, "2026-03-07T08:30:00+01:00");
    g_assert_cmpuint (t->reasons->len, ==, 2);
    g_assert_true (g_str_has_prefix (REASON (t, 0), "6:1:the time “08:30+02:00” differs from the time in the date"));
    g_assert_true (g_str_has_prefix (REASON (t, 1), "8:1:"));
  }
}

/* Leading zeros are decimal however many there are, as salvectl reads
 * its options: "0010" is 10 as "010" is; a fourth digit is still no
 * rating. */
static void
test_leading_zeros (void)
{
  g_autoptr(Checked) c = check_text (
    "date,time,pain\n"
    "2026-03-02,08:00,010\n"
    "2026-03-02,09:00,0010\n"
    "2026-03-02,10:00,00007\n"
    "2026-03-02,11:00,1000\n", -1);

  for (guint i = 0; i < c->reasons->len; i++)
    g_test_message ("%s", REASON (c, i));
  g_assert_cmpuint (c->records->len, ==, 3);
  g_assert_cmpint (REC (c, 0)->pain, ==, 10);
  g_assert_cmpint (REC (c, 1)->pain, ==, 10);
  g_assert_cmpint (REC (c, 2)->pain, ==, 7);
  g_assert_cmpuint (c->reasons->len, ==, 1);
  g_assert_true (g_str_has_prefix (REASON (c, 0), "5:2:"));
}

/* What English phones and spreadsheets write: a twelve-hour clock, and a
 * pain rating out of 10. */
static void
test_twelve_hour_clock_and_scale (void)
{
  g_autoptr(Checked) c = check_text (
    "date,time,pain\n"
    "2026-03-02,8:30 PM,7/10\n"
    "2026-03-02,12:05 a.m.,4 / 10\n"
    "2026-03-02,12:00 pm,3\n"
    "3/2/2026 8:30 AM,,2\n"
    "2026-03-02,13:00 PM,3\n"
    "2026-03-02,0:30 AM,3\n"
    "2026-03-02,08:30,7/5\n"
    "2026-03-02,08:30 AMX,3\n", -1);

  for (guint i = 0; i < c->reasons->len; i++)
    g_test_message ("%s", REASON (c, i));
  g_assert_cmpuint (c->records->len, ==, 4);
  g_assert_cmpstr (REC (c, 0)->at, ==, "2026-03-02T20:30:00+01:00");
  g_assert_cmpint (REC (c, 0)->pain, ==, 7);
  g_assert_cmpstr (REC (c, 1)->at, ==, "2026-03-02T00:05:00+01:00");
  g_assert_cmpint (REC (c, 1)->pain, ==, 4);
  g_assert_cmpstr (REC (c, 2)->at, ==, "2026-03-02T12:00:00+01:00");
  g_assert_cmpstr (REC (c, 3)->at, ==, "2026-02-03T08:30:00+01:00");

  g_assert_cmpuint (c->reasons->len, ==, 4);
  g_assert_true (g_str_has_prefix (REASON (c, 0), "6:1:"));
  g_assert_true (g_str_has_prefix (REASON (c, 1), "7:1:"));
  g_assert_true (g_str_has_prefix (REASON (c, 2), "8:2:"));
  g_assert_nonnull (strstr (REASON (c, 2), "“7/5” is not on the scale of 0 to 10"));
  g_assert_true (g_str_has_prefix (REASON (c, 3), "9:1:"));
}

/* A date and its time in one cell, with a word or a comma between them,
 * as Apple's Numbers and iOS write it ("… at 8:30 PM"), in Dutch ("…
 * om 20:30") or after a comma; a word without a time after it is no
 * date. */
static void
test_word_before_time (void)
{
  g_autoptr(Checked) c = check_text (
    "date,pain\n"
    "\"Mar 2, 2026 at 8:30 PM\",3\n"
    "2 mrt 2026 om 20:31,4\n"
    "\"2 mrt 2026, 20:32\",4\n"
    "2026-03-03 at 08:00,5\n"
    "2 mrt 2026 om,4\n"
    "2 mrt 2026 op 20:30,4\n", -1);

  g_assert_cmpuint (c->records->len, ==, 4);
  g_assert_cmpstr (REC (c, 0)->at, ==, "2026-03-02T20:30:00+01:00");
  g_assert_cmpstr (REC (c, 1)->at, ==, "2026-03-02T20:31:00+01:00");
  g_assert_cmpstr (REC (c, 2)->at, ==, "2026-03-02T20:32:00+01:00");
  g_assert_cmpstr (REC (c, 3)->at, ==, "2026-03-03T08:00:00+01:00");
  g_assert_cmpuint (c->reasons->len, ==, 2);
  g_assert_true (g_str_has_prefix (REASON (c, 0), "6:0:"));
  g_assert_true (g_str_has_prefix (REASON (c, 1), "7:0:"));
}

/* A time column as Dutch people fill it in: 8.30, 08.30 uur, 8u30, a
 * whole hour with its word (8 uur, 21u). A lone number, one digit of
 * minutes, an hour past 23 or a word left over stay rejected. */
static void
test_dutch_times (void)
{
  g_autoptr(Checked) c = check_text (
    "datum;tijd;pijn\n"
    "02-03-2026;8.30;1\n"
    "02-03-2026;08.31 uur;2\n"
    "02-03-2026;8u32;3\n"
    "02-03-2026;9 uur;4\n"
    "02-03-2026;21u;5\n"
    "02-03-2026;08:33 UUR;6\n"
    "02-03-2026;8.3;7\n"
    "02-03-2026;8;7\n"
    "02-03-2026;25.00;7\n"
    "02-03-2026;8u30u;7\n"
    "02-03-2026;8.30 PM;7\n", -1);

  for (guint i = 0; i < c->reasons->len; i++)
    g_test_message ("%s", REASON (c, i));
  g_assert_cmpuint (c->records->len, ==, 6);
  g_assert_cmpstr (REC (c, 0)->at, ==, "2026-03-02T08:30:00+01:00");
  g_assert_cmpstr (REC (c, 1)->at, ==, "2026-03-02T08:31:00+01:00");
  g_assert_cmpstr (REC (c, 2)->at, ==, "2026-03-02T08:32:00+01:00");
  g_assert_cmpstr (REC (c, 3)->at, ==, "2026-03-02T09:00:00+01:00");
  g_assert_cmpstr (REC (c, 4)->at, ==, "2026-03-02T21:00:00+01:00");
  g_assert_cmpstr (REC (c, 5)->at, ==, "2026-03-02T08:33:00+01:00");
  g_assert_cmpuint (c->reasons->len, ==, 5);
  /* Every one of them in the time column. */
  for (guint i = 0; i < c->reasons->len; i++)
    g_assert_nonnull (strstr (REASON (c, i), ":1:"));
  g_assert_nonnull (strstr (REASON (c, 2), "the time “25.00” does not exist"));
}

/* A rating written out of 10 with a fraction is no point on the scale
 * either ("7,5/10" was stored as 7). The spaces a Mac or a phone puts in
 * a time or a date (a narrow no-break space before "PM", a no-break
 * space in "2 mrt. 2026") are spaces. */
static void
test_scale_fraction_and_other_spaces (void)
{
  g_autoptr(Checked) c = check_text (
    "date,time,pain\n"
    "2026-03-02,08:30,7.5/10\n"
    "2026-03-02,08:31,\"0,4/10\"\n"
    "2026-03-02,08:32,7.0/10\n"
    "2026-03-02,8:30\xE2\x80\xAF" "PM,5\n"
    "2\xC2\xA0" "mrt.\xC2\xA0" "2026,09:00,4\n"
    "2026-03-02,8:30\xE2\x80\xAF" "PMX,3\n", -1);

  for (guint i = 0; i < c->reasons->len; i++)
    g_test_message ("%s", REASON (c, i));
  g_assert_cmpuint (c->records->len, ==, 3);
  g_assert_cmpint (REC (c, 0)->pain, ==, 7);
  g_assert_cmpstr (REC (c, 1)->at, ==, "2026-03-02T20:30:00+01:00");
  g_assert_cmpint (REC (c, 1)->pain, ==, 5);
  g_assert_cmpstr (REC (c, 2)->at, ==, "2026-03-02T09:00:00+01:00");
  g_assert_cmpuint (c->reasons->len, ==, 3);
  g_assert_true (g_str_has_prefix (REASON (c, 0), "2:2:"));
  g_assert_nonnull (strstr (REASON (c, 0), "“7.5/10” is not a whole number from 0 to 10"));
  g_assert_true (g_str_has_prefix (REASON (c, 1), "3:2:"));
  g_assert_true (g_str_has_prefix (REASON (c, 2), "7:1:"));
}

/* A number padded with a no-break space, as a spreadsheet may write it,
 * is the number: "7" and a no-break space was "not a number". */
static void
test_rating_with_no_break_space (void)
{
  g_autoptr(Checked) c = check_text (
    "date,time,pain\n"
    "2026-03-02,08:30,7\xC2\xA0\n"
    "2026-03-02,08:31,\xE2\x80\xAF" "6\n", -1);

  for (guint i = 0; i < c->reasons->len; i++)
    g_test_message ("%s", REASON (c, i));
  g_assert_cmpuint (c->records->len, ==, 2);
  g_assert_cmpint (REC (c, 0)->pain, ==, 7);
  g_assert_cmpint (REC (c, 1)->pain, ==, 6);
}

/* "Z" after a space is an offset as "+0100" after a space is. */
static void
test_zulu_after_space (void)
{
  g_autoptr(Checked) c = check_text (
    "date,pain\n"
    "2026-03-02T08:30:00 Z,5\n"
    "2026-03-02 08:31:00 +0100,4\n", -1);

  for (guint i = 0; i < c->reasons->len; i++)
    g_test_message ("%s", REASON (c, i));
  g_assert_cmpuint (c->records->len, ==, 2);
  g_assert_cmpstr (REC (c, 0)->at, ==, "2026-03-02T08:30:00+00:00");
  g_assert_cmpstr (REC (c, 1)->at, ==, "2026-03-02T08:31:00+01:00");
}

static void
test_no_time_column_is_noon (void)
{
  g_autoptr(Checked) c = check_fixture ("unmapped-column.csv");

  g_assert_cmpuint (c->records->len, ==, 2);
  g_assert_true (salve_csv_validator_uses_noon (c->validator));
  g_assert_cmpstr (REC (c, 0)->at, ==, "2026-03-02T12:00:00+01:00");
  /* The column nobody maps is counted, so the person is told. */
  g_assert_cmpuint (salve_csv_validator_get_ignored (c->validator, 2), ==, 1);
}

static void
test_extra_cells (void)
{
  g_autoptr(Checked) c = check_text ("date,pain\n2026-03-01,3,,\n2026-03-02,4,lost?\n", -1);

  g_assert_cmpuint (c->records->len, ==, 1);
  g_assert_cmpuint (c->reasons->len, ==, 1);
  g_assert_true (g_str_has_prefix (REASON (c, 0), "3:2:"));
}

/* A quote inside a quoted cell that is not doubled ('"Bad" day') does
 * not end the cell for libcsv: when the cell goes on past that line, the
 * rows after it are in it, and the row is rejected rather than imported
 * with them inside its note. On one line, libcsv's reading is what the
 * file meant. Wherever a block of the file ends, the quote is seen. */
static void
test_stray_quote_rejected (void)
{
  g_autoptr(Checked) swallowed = check_text ("date,pain,note\n"
                                             "2026-03-02,6,\"Bad\" day\n"
                                             "2026-03-03,5,ok\n"
                                             "2026-03-04,4,\"fine\"\n"
                                             "2026-03-05,3,after\n", -1);
  g_autoptr(Checked) to_the_end = check_text ("date,pain,note\n"
                                              "2026-03-02,6,\"Bad\" day\n"
                                              "2026-03-03,5,ok\n", -1);
  g_autoptr(Checked) one_line = check_text ("date,pain,note\n"
                                            "2026-03-02,6,\"He said \"hi\" today\"\n"
                                            "2026-03-03,5,\"two\nlines \"\"quoted\"\"\"\n", -1);

  for (guint i = 0; i < swallowed->reasons->len; i++)
    g_test_message ("%s", REASON (swallowed, i));
  g_assert_cmpuint (swallowed->records->len, ==, 1);
  g_assert_cmpint (REC (swallowed, 0)->pain, ==, 3);
  g_assert_cmpuint (swallowed->reasons->len, ==, 1);
  g_assert_cmpstr (REASON (swallowed, 0), ==,
                   "2:-1:a quote (\") inside a quoted cell on line 2 is not doubled (\"\"), and the cell runs on to "
                   "line 4: the rows in between may be in it (write each quote inside a quoted cell twice)");

  g_assert_cmpuint (to_the_end->records->len, ==, 0);
  g_assert_cmpuint (to_the_end->reasons->len, ==, 1);
  g_assert_nonnull (strstr (REASON (to_the_end, 0), "runs on to the end of the file"));

  g_assert_cmpuint (one_line->reasons->len, ==, 0);
  g_assert_cmpuint (one_line->records->len, ==, 2);
  g_assert_cmpstr (REC (one_line, 0)->note, ==, "He said \"hi\" today");
  g_assert_cmpstr (REC (one_line, 1)->note, ==, "two\nlines \"quoted\"");

  for (gsize pad = 65470; pad < 65500; pad++)
    {
      g_autoptr(GString) text = g_string_new ("date,pain,note\n2026-03-01,2,");
      g_autoptr(Checked) c = NULL;

      for (gsize i = 0; i < pad; i++)
        g_string_append_c (text, 'x');
      g_string_append (text, "\n2026-03-02,6,\"Bad\" day\n2026-03-03,5,ok\n2026-03-04,4,\"fine\"\n");
      c = check_text (text->str, (gssize) text->len);
      g_assert_cmpuint (c->records->len, ==, 1);
      g_assert_cmpuint (c->reasons->len, ==, 1);
      g_assert_true (g_str_has_prefix (REASON (c, 0), "3:-1:a quote"));
    }
}

static void
test_unclosed_quote_rejected (void)
{
  /* The quote opened on line 3 swallows line 4: the validator itself
   * rejects the row, at the cell that holds the rest of the file. */
  g_autoptr(Checked) swallowed = check_text ("date,pain,note\n"
                                             "2026-01-31,3,fine\n"
                                             "2026-02-01,4,\"abc\n"
                                             "2026-02-02,5,x\n", -1);
  /* Only blanks after the quote: still not a blank row to skip. */
  g_autoptr(Checked) blank = check_text ("date,pain\n2026-01-31,3\n\"\n\n", -1);
  /* A column nobody maps: the swallowed row's cell is not counted. */
  g_autoptr(Checked) ignored = check_text ("date,pain,weather\n"
                                           "2026-01-31,3,sunny\n"
                                           "2026-02-01,4,\"rain\n", -1);
  g_autoptr(GString) wide = g_string_new ("date,pain\n2026-01-31,3");
  g_autoptr(Checked) too_wide = NULL;
  const char *cells[] = { "\n\n" };
  SalveCsvRow row = { .line = 3, .n_cells = 1, .cells = cells, .bad_cell = -1, .open_quote_line = 3 };

  g_assert_cmpuint (swallowed->records->len, ==, 1);
  g_assert_cmpuint (swallowed->reasons->len, ==, 1);
  g_assert_cmpstr (REASON (swallowed, 0), ==,
                   "3:2:the closing quote (\") is missing: the cell that starts on line 3 runs to the end of the file");

  g_assert_false (salve_csv_row_is_blank (&row));
  /* The end-of-file mark old Windows programs write (Ctrl+Z) after the
   * last line is no row: it was rejected as one without a date, and
   * --strict then stored nothing of a good file. */
  {
    g_autoptr(Checked) eof_mark = check_text ("date,pain\r\n2026-01-31,3\r\n\x1a", -1);
    g_autoptr(Checked) eof_cells = check_text ("date;pain;note\r\n2026-01-31;3;x\r\n;;\r\n\x1a;;\r\n", -1);
    g_autoptr(Checked) in_value = check_text ("date,pain\n2026-01-31,\x1a\n", -1);

    g_assert_cmpuint (eof_mark->records->len, ==, 1);
    g_assert_cmpuint (eof_mark->reasons->len, ==, 0);
    g_assert_cmpuint (eof_cells->records->len, ==, 1);
    g_assert_cmpuint (eof_cells->reasons->len, ==, 0);
    /* Beside a value it is no blank row: that row is read, and rejected. */
    g_assert_cmpuint (in_value->records->len, ==, 0);
    g_assert_cmpuint (in_value->reasons->len, ==, 1);
  }
  g_assert_cmpuint (blank->records->len, ==, 1);
  g_assert_cmpuint (blank->reasons->len, ==, 1);
  g_assert_true (g_str_has_prefix (REASON (blank, 0), "3:0:the closing quote"));

  g_assert_cmpuint (ignored->records->len, ==, 1);
  g_assert_cmpuint (ignored->reasons->len, ==, 1);
  g_assert_true (g_str_has_prefix (REASON (ignored, 0), "3:2:the closing quote"));
  g_assert_cmpuint (salve_csv_validator_get_ignored (ignored->validator, 2), ==, 1);

  /* Past the reader's cell limit the open cell was dropped: the whole row. */
  for (guint i = 0; i < SALVE_CSV_MAX_CELLS; i++)
    g_string_append (wide, ",");
  g_string_append (wide, "\"open\n");
  too_wide = check_text (wide->str, (gssize) wide->len);
  g_assert_cmpuint (too_wide->reasons->len, ==, 1);
  g_assert_true (g_str_has_prefix (REASON (too_wide, 0), "2:-1:the closing quote"));
}

static void
test_duplicate_key (void)
{
  g_autoptr(Checked) c = check_text ("date,time,pain,note\n"
                                     "2026-03-01,08:00,3,a\n"
                                     "2026-03-01,08:00,3,a\n"
                                     "2026-03-01,08:00,3,b\n"
                                     "2026-03-01,08:00,4,a\n", -1);

  g_assert_cmpuint (c->records->len, ==, 4);
  g_assert_cmpint (REC (c, 0)->key, ==, REC (c, 1)->key);
  g_assert_cmpint (REC (c, 0)->key, !=, REC (c, 2)->key);
  g_assert_cmpint (REC (c, 0)->key, !=, REC (c, 3)->key);
}

static void
test_salve_format (void)
{
  g_autoptr(Checked) c = check_fixture ("salve-export-all.csv");

  for (guint i = 0; i < c->reasons->len; i++)
    g_test_message ("%s", REASON (c, i));
  g_assert_cmpuint (c->reasons->len, ==, 0);
  g_assert_true (salve_csv_mapping_is_salve_format (c->mapping));
  g_assert_cmpint (REC (c, 0)->kind, ==, SALVE_CSV_KIND_DIARY);
  g_assert_cmpstr (REC (c, 0)->note, ==, "=1+2");
  g_assert_cmpint (REC (c, 1)->kind, ==, SALVE_CSV_KIND_SESSION);
  g_assert_cmpstr (REC (c, 1)->note, ==, "- felt tingling");
  g_assert_cmpint (REC (c, 1)->pain_before, ==, 6);
}

/* Stress, optional like fatigue: read into the record in Salve's own
 * layout; an older export without the column is still Salve's own, and a
 * row without stress keeps the duplicate key it had before the column
 * existed, so re-importing an older export finds its rows again. */
static void
test_stress (void)
{
  g_autoptr(Checked) c = check_text (
    "at,pain,region,fatigue,sleep,stress,activities,success,activity_minutes,new_weakness,numbness,medication,dose,as_needed,note\n"
    "2026-03-02T08:00:00+01:00,6,neck,5,4,7,,0,,,,,,,a\n"
    "2026-03-02T09:00:00+01:00,6,neck,5,4,,,0,,,,,,,a\n"
    "2026-03-02T10:00:00+01:00,6,neck,5,4,0,,0,,,,,,,a\n"
    "2026-03-02T11:00:00+01:00,6,neck,5,4,11,,0,,,,,,,a\n"
    "2026-03-02T12:00:00+01:00,,,,,3,,0,,,,paracetamol,,,\n", -1);
  g_autoptr(Checked) old = check_text (
    "at,pain,region,fatigue,sleep,activities,success,medication,dose,as_needed,note\n"
    "2026-03-02T09:00:00+01:00,6,neck,5,4,,0,,,,a\n", -1);
  g_autoptr(Checked) dutch = check_text ("datum;tijd;pijn;stress\n01-03-2026;08:00;3;9\n", -1);

  g_assert_true (salve_csv_mapping_is_salve_format (c->mapping));
  g_assert_true (salve_csv_mapping_is_salve_format (old->mapping));
  g_assert_cmpuint (c->records->len, ==, 3);
  g_assert_cmpint (REC (c, 0)->stress, ==, 7);
  g_assert_true (REC (c, 0)->has_stress);
  g_assert_cmpint (REC (c, 1)->stress, ==, -1);
  g_assert_false (REC (c, 1)->has_stress);
  g_assert_cmpint (REC (c, 2)->stress, ==, 0);
  g_assert_true (REC (c, 2)->has_stress);

  /* Rated or not, and 0 or 7, are different rows. */
  g_assert_cmpint (REC (c, 0)->key, !=, REC (c, 1)->key);
  g_assert_cmpint (REC (c, 2)->key, !=, REC (c, 1)->key);
  g_assert_cmpint (REC (c, 2)->key, !=, REC (c, 0)->key);
  g_assert_cmpuint (old->records->len, ==, 1);
  g_assert_cmpint (REC (old, 0)->key, ==, REC (c, 1)->key);

  /* Out of range is rejected with its reason; an intake alone keeps no
   * rating. */
  g_assert_cmpuint (c->reasons->len, ==, 2);
  g_assert_true (g_str_has_prefix (REASON (c, 0), "5:5:"));
  g_assert_nonnull (strstr (REASON (c, 0), "stress 11 is outside 0–10"));
  g_assert_true (g_str_has_prefix (REASON (c, 1), "6:"));
  g_assert_nonnull (strstr (REASON (c, 1), "pain is empty"));

  g_assert_cmpuint (dutch->records->len, ==, 1);
  g_assert_cmpint (REC (dutch, 0)->stress, ==, 9);
}

/* The `all` export's link: a session row's number, a rating's "N before"
 * or "N after"; anything else there is rejected, not dropped. */
static void
test_session_link (void)
{
  g_autoptr(Checked) c = check_text (
    "kind,at,pain,region,fatigue,sleep,activities,success,started_at,ended_at,device,modality,site,"
    "program,params,planned_minutes,outcome,outcome_reason,pain_before,pain_after,side_effects,skin_check,"
    "session,note\n"
    "diary,2026-03-02T08:59:00+01:00,6,knee,,,,0,,,,,,,,,,,,,,,2 before,\n"
    "session,,,,,,,,2026-03-02T09:00:00+01:00,,,tens,knee,,,,completed,,6,4,,,2,\n"
    "diary,2026-03-02T09:30:00+01:00,4,knee,,,,0,,,,,,,,,,,,,,,2 after,\n"
    "diary,2026-03-02T10:00:00+01:00,3,knee,,,,0,,,,,,,,,,,,,,,,\n"
    "diary,2026-03-02T11:00:00+01:00,3,knee,,,,0,,,,,,,,,,,,,,,2,\n"
    "diary,2026-03-02T12:00:00+01:00,3,knee,,,,0,,,,,,,,,,,,,,,2 during,\n"
    "session,,,,,,,,2026-03-02T13:00:00+01:00,,,tens,knee,,,,completed,,,,,,0,\n", -1);

  g_assert_true (salve_csv_mapping_is_salve_format (c->mapping));
  g_assert_cmpuint (c->records->len, ==, 4);
  g_assert_cmpint (REC (c, 0)->session_ref, ==, 2);
  g_assert_cmpint (REC (c, 0)->session_phase, ==, SALVE_DIARY_PHASE_BEFORE);
  g_assert_cmpint (REC (c, 1)->kind, ==, SALVE_CSV_KIND_SESSION);
  g_assert_cmpint (REC (c, 1)->session_ref, ==, 2);
  g_assert_cmpint (REC (c, 2)->session_phase, ==, SALVE_DIARY_PHASE_AFTER);
  g_assert_cmpint (REC (c, 3)->session_ref, ==, 0);
  g_assert_cmpuint (c->reasons->len, ==, 3);
  for (guint i = 0; i < c->reasons->len; i++)
    g_assert_nonnull (strstr (REASON (c, i), "session link"));
}

/* The diary layouts before and after activity minutes and the warning
 * signs are both Salve's own (a guarded note is unguarded in both); the
 * cell reads as pairs of an activity and its minutes. */
static void
test_care_columns (void)
{
  g_autoptr(Checked) old = check_text ("at,pain,region,fatigue,sleep,activities,success,medication,dose,as_needed,note\n"
                                       "2026-03-02T08:00:00+01:00,6,,,,,0,,,,'=x\n", -1);
  g_autoptr(Checked) now = check_text ("at,pain,region,fatigue,sleep,stress,activities,success,activity_minutes,"
                                       "new_weakness,numbness,medication,dose,as_needed,note\n"
                                       "2026-03-02T08:00:00+01:00,6,,,,,,0,screen-work=240 walking=30,1,0,,,,'=x\n"
                                       "2026-03-02T09:00:00+01:00,6,,,,,,0,walking=30 Walking=5,0,0,,,,\n", -1);
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (SalveCsvActivityMinutes));
  char *reason = NULL;

  g_assert_true (salve_csv_mapping_is_salve_format (old->mapping));
  g_assert_cmpstr (REC (old, 0)->note, ==, "=x");
  g_assert_cmpstr (REC (old, 0)->activity_minutes, ==, "");
  g_assert_true (salve_csv_mapping_is_salve_format (now->mapping));
  g_assert_cmpuint (now->records->len, ==, 1);
  g_assert_cmpstr (REC (now, 0)->note, ==, "=x");
  g_assert_true (REC (now, 0)->new_weakness);
  g_assert_false (REC (now, 0)->numbness);
  g_assert_cmpstr (REC (now, 0)->activity_minutes, ==, "screen-work=240 walking=30");
  g_assert_cmpuint (now->reasons->len, ==, 1);
  g_assert_nonnull (strstr (REASON (now, 0), "“walking” is in the activity minutes twice"));

  g_assert_true (salve_csv_parse_activity_minutes (" Walking=030,;cycling=0 ", pairs, &reason));
  g_assert_cmpuint (pairs->len, ==, 2);
  g_assert_cmpstr (g_array_index (pairs, SalveCsvActivityMinutes, 0).id, ==, "walking");
  g_assert_cmpuint (g_array_index (pairs, SalveCsvActivityMinutes, 0).minutes, ==, 30);
  g_assert_cmpstr (g_array_index (pairs, SalveCsvActivityMinutes, 1).id, ==, "cycling");
  g_assert_cmpuint (g_array_index (pairs, SalveCsvActivityMinutes, 1).minutes, ==, 0);
  g_assert_true (salve_csv_parse_activity_minutes ("", NULL, &reason));

  {
    static const char *bad[] = { "walking", "walking=", "=30", "walking=-1", "walking=1441",
                                 "walking=99999999999999999999", "wandelen met de hond=20", "3d=5", "walking=3.5" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (salve_csv_parse_activity_minutes (bad[i], NULL, &reason));
        g_assert_nonnull (reason);
        g_clear_pointer (&reason, g_free);
      }
  }
  g_assert_true (salve_csv_parse_activity_minutes ("walking=1440", NULL, &reason));
}

static void
test_formula_guard (void)
{
  static const char *texts[] = { "=1+2", "+31 6", "-3", "@SUM(A1)", "\tx", "\rx", "'=x", "''-y" };
  static const char *safe[] = { "'s avonds", "plain", "3", "", "'" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GString) line = g_string_new (NULL);
      g_autofree char *guarded = g_strconcat ("'", texts[i], NULL);

      g_assert_true (salve_csv_text_needs_guard (texts[i]));
      g_assert_cmpstr (salve_csv_text_unguard (guarded), ==, texts[i]);
      salve_csv_append_cell (line, texts[i], ',', TRUE, TRUE);
      /* The apostrophe is inside the quotes: a spreadsheet never sees a
       * cell that starts with a formula character. */
      g_assert_true (g_str_has_prefix (line->str, "\"'"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (safe); i++)
    {
      g_assert_false (salve_csv_text_needs_guard (safe[i]));
      g_assert_cmpstr (salve_csv_text_unguard (safe[i]), ==, safe[i]);
    }
}

static void
test_writer_quoting (void)
{
  g_autoptr(GString) line = g_string_new (NULL);

  salve_csv_append_cell (line, "a,b", ',', TRUE, FALSE);
  salve_csv_append_cell (line, "say \"hi\"", ',', FALSE, FALSE);
  salve_csv_append_cell (line, "two\nlines", ',', FALSE, FALSE);
  salve_csv_append_cell (line, " edge", ',', FALSE, FALSE);
  salve_csv_append_cell (line, "plain", ',', FALSE, FALSE);
  salve_csv_append_row_end (line);

  g_assert_cmpstr (line->str, ==, "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" edge\",plain\r\n");
}

static void
test_double_format (void)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double values[] = { 20, 0.1, 12.5, 1.0 / 3.0 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_assert_true (g_ascii_strtod (salve_csv_format_double (buf, values[i]), NULL) == values[i]);

  g_assert_cmpstr (salve_csv_format_double (buf, 0.1), ==, "0.1");
  g_assert_cmpstr (salve_csv_format_double (buf, 20), ==, "20");
}

/* Issue: under a locale with a decimal comma (LC_NUMERIC=nl_NL) each
 * shorter try was "5,2", which reads back as 5, so every fraction got 17
 * digits ("5.2000000000000002"). */
static void
test_double_format_decimal_comma (void)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *dir = salve_test_make_tmpdir ();
  g_autofree char *out = g_build_filename (dir, "nl_NL.UTF-8", NULL);
  const char *argv[] = { "localedef", "-i", "nl_NL", "-f", "UTF-8", out, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  /* The Dutch locale, made here (Debian's "locales" has its sources;
   * build-aux/dev installs it): a machine rarely has it made. */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_setenv ("LOCPATH", dir, TRUE);
  g_assert_nonnull (setlocale (LC_NUMERIC, "nl_NL.UTF-8"));
  g_assert_cmpstr (localeconv ()->decimal_point, ==, ",");

  g_assert_cmpstr (salve_csv_format_double (buf, 5.2), ==, "5.2");
  g_assert_cmpstr (salve_csv_format_double (buf, 0.1 + 0.2), ==, "0.30000000000000004");
  setlocale (LC_NUMERIC, "C");
  g_unsetenv ("LOCPATH");
  salve_test_remove_tree (dir);
}

/* The file hash an import records must be the SHA-256 anyone computes:
 * every length around the block and padding edges, fed in pieces of every
 * size, asked for part way. */
static void
test_sha256_matches_gchecksum (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260301);
  g_autofree guchar *data = g_malloc (70000);

  for (guint i = 0; i < 70000; i++)
    data[i] = (guchar) g_rand_int (rand);

  for (guint t = 0; t < 400; t++)
    {
      gsize len = t < 200 ? t : (gsize) g_rand_int_range (rand, 200, 70000);
      g_autoptr(GChecksum) expected = g_checksum_new (G_CHECKSUM_SHA256);
      SalveSha256 sha;
      gsize done = 0;

      salve_sha256_init (&sha);
      while (done < len)
        {
          gsize piece = MIN (len - done, (gsize) g_rand_int_range (rand, 1, 3 * 64));
          g_autofree char *part = NULL;
          g_autoptr(GChecksum) copy = NULL;

          if (t % 3 == 0)
            piece = len - done;
          salve_sha256_update (&sha, data + done, piece);
          g_checksum_update (expected, data + done, piece);
          done += piece;

          part = salve_sha256_hex (&sha);
          copy = g_checksum_copy (expected);
          g_assert_cmpstr (part, ==, g_checksum_get_string (copy));
        }

      {
        g_autofree char *hex = salve_sha256_hex (&sha);
        g_assert_cmpstr (hex, ==, g_checksum_get_string (expected));
      }
      salve_sha256_clear (&sha);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/header-matching", test_header_matching);
  g_test_add_func ("/csv/header-names-documented", test_header_names_documented);
  g_test_add_func ("/csv/sha256", test_sha256_matches_gchecksum);
  g_test_add_func ("/csv/mapping-correctable", test_mapping_correctable);
  g_test_add_func ("/csv/mapping-date-columns", test_mapping_date_columns);
  g_test_add_func ("/csv/heading-zone-and-order", test_heading_zone_and_order);
  g_test_add_func ("/csv/rating-with-no-break-space", test_rating_with_no_break_space);
  g_test_add_func ("/csv/zulu-after-space", test_zulu_after_space);
  g_test_add_func ("/csv/read/separator-line", test_separator_line);
  g_test_add_func ("/csv/read/mac-roman", test_mac_roman);
  g_test_add_func ("/csv/read/cp1252-punctuation", test_cp1252_punctuation);
  g_test_add_func ("/csv/read/mac-roman-apostrophe", test_mac_roman_apostrophe);
  g_test_add_func ("/csv/read/eight-bit-letters-and-marks", test_eight_bit_letters_and_marks);
  g_test_add_func ("/csv/read/excel-nl", test_excel_nl);
  g_test_add_func ("/csv/read/bom-crlf", test_bom_crlf);
  g_test_add_func ("/csv/read/quoted-newlines", test_quoted_newlines);
  g_test_add_func ("/csv/read/line-ends", test_line_ends);
  g_test_add_func ("/csv/read/line-end-across-blocks", test_line_end_across_blocks);
  g_test_add_func ("/csv/read/utf16", test_utf16);
  g_test_add_func ("/csv/read/utf16-without-bom", test_utf16_without_bom);
  g_test_add_func ("/csv/read/not-csv", test_not_csv);
  g_test_add_func ("/csv/read/delimiters", test_delimiters);
  g_test_add_func ("/csv/read/delimiter-under-title", test_delimiter_under_title);
  g_test_add_func ("/csv/validate/reason-quotes-short", test_reason_quotes_short);
  g_test_add_func ("/csv/read/cell-too-big", test_cell_too_big);
  g_test_add_func ("/csv/read/encoding-decided-late", test_encoding_decided_late);
  g_test_add_func ("/csv/read/invalid-utf8-flagged", test_invalid_utf8_flagged);
  g_test_add_func ("/csv/read/quote-across-blocks", test_quote_across_blocks);
  g_test_add_func ("/csv/read/unclosed-quote", test_unclosed_quote);
  g_test_add_func ("/csv/read/megabyte-quoted-cell", test_megabyte_quoted_cell);
  g_test_add_func ("/csv/validate/excel-nl", test_values_excel_nl);
  g_test_add_func ("/csv/validate/short-years", test_values_short_years);
  g_test_add_func ("/csv/validate/two-digit-years", test_two_digit_years);
  g_test_add_func ("/csv/validate/bad-rows", test_bad_rows);
  g_test_add_func ("/csv/validate/reject-lines-any-line-end", test_reject_lines_any_line_end);
  g_test_add_func ("/csv/validate/numbers-strict", test_numbers_strict);
  g_test_add_func ("/csv/validate/completed-needs-start", test_completed_needs_start);
  g_test_add_func ("/csv/validate/dates-and-times", test_dates_and_times);
  g_test_add_func ("/csv/validate/repeated-hour", test_repeated_hour);
  g_test_add_func ("/csv/validate/fractions-of-a-second", test_fractions_of_a_second);
  g_test_add_func ("/csv/validate/no-time-column", test_no_time_column_is_noon);
  g_test_add_func ("/csv/validate/date-order", test_date_order);
  g_test_add_func ("/csv/validate/twelve-hour-clock", test_twelve_hour_clock_and_scale);
  g_test_add_func ("/csv/validate/dutch-times", test_dutch_times);
  g_test_add_func ("/csv/validate/word-before-time", test_word_before_time);
  g_test_add_func ("/csv/validate/scale-fraction-and-other-spaces", test_scale_fraction_and_other_spaces);
  g_test_add_func ("/csv/values/leading-zeros", test_leading_zeros);
  g_test_add_func ("/csv/validate/named-months", test_named_months);
  g_test_add_func ("/csv/validate/offsets", test_offsets);
  g_test_add_func ("/csv/validate/extra-cells", test_extra_cells);
  g_test_add_func ("/csv/validate/stress", test_stress);
  g_test_add_func ("/csv/validate/unclosed-quote", test_unclosed_quote_rejected);
  g_test_add_func ("/csv/validate/stray-quote", test_stray_quote_rejected);
  g_test_add_func ("/csv/validate/mixed-encoding", test_mixed_encoding_rejected);
  g_test_add_func ("/csv/validate/duplicate-key", test_duplicate_key);
  g_test_add_func ("/csv/validate/salve-format", test_salve_format);
  g_test_add_func ("/csv/validate/session-link", test_session_link);
  g_test_add_func ("/csv/validate/care-columns", test_care_columns);
  g_test_add_func ("/csv/formula-guard", test_formula_guard);
  g_test_add_func ("/csv/writer-quoting", test_writer_quoting);
  g_test_add_func ("/csv/double-format", test_double_format);
  g_test_add_func ("/csv/double-format-decimal-comma", test_double_format_decimal_comma);

  return g_test_run ();
}
