/* salve-csv-reader.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-csv-reader"

#include "config.h"

#include <string.h>

#include <csv.h>
#include <glib/gi18n-lib.h>

#include "salve-csv-mapping.h"
#include "salve-csv-reader.h"
#include "salve-sha256.h"

#define BLOCK_SIZE (64 * 1024)
#define MIN_BLK_SIZE 4096

/* libcsv's parser states before the first byte of a record and inside a
 * cell (ROW_NOT_BEGUN and FIELD_BEGUN in libcsv.c; struct csv_parser is
 * public, its state values are not). */
#define LIBCSV_ROW_NOT_BEGUN         0
#define LIBCSV_FIELD_BEGUN           2
#define LIBCSV_FIELD_MIGHT_HAVE_ENDED 3

struct _SalveCsvReader
{
  GInputStream     *stream;
  SalveSha256       checksum;
  char             *sha256;
  guint64           bytes_read;

  gboolean          sniffed;
  SalveCsvEncoding  encoding;
  char              delimiter;
  GByteArray       *pending;      /* the sniffed block, decoded, BOM gone */
  gboolean          utf16_be;
  guchar            u16_carry[4];
  guint             u16_carry_len;
  GByteArray       *u16_out;

  /* The record being collected: cells back to back, each NUL-ended. */
  GString          *cellbuf;
  gsize             offsets[SALVE_CSV_MAX_CELLS];
  gsize             lengths[SALVE_CSV_MAX_CELLS];
  const char       *cells[SALVE_CSV_MAX_CELLS + 1];
  guint             n_cells;
  guint             extra_cells;
  int               bad_cell;
  gboolean          bad_cell_nul;
  guint             mixed_line;
  guint             encoding_line; /* where the first non-ASCII cell is */
  gboolean          cell_ended;   /* since feed() last looked */
  guint             open_quote_line;
  /* A quote inside a quoted cell followed by something other than a
   * second quote, the delimiter or the line's end ('"Bad" day'): libcsv
   * reads it as part of the text and the cell goes on. */
  gboolean          quote_check_pending;  /* the quote ended the last block */
  guint             stray_in_cell_line;   /* 0, or that quote's line, in the cell being read */
  guint             stray_quote_line;     /* 0, or that quote's line, in a cell that ran on past it */

  struct csv_parser parser;
  guint             line;
  /* The last block fed ended with a CR: an LF that starts the next one
   * is the rest of that line's end (CR LF), not a line of its own. */
  gboolean          cr_ended_block;
  guint             first_line;   /* 2 after a "sep=;" line, else 1 */
  /* What a cell that is not UTF-8 is read as, judged from the first
   * block: Windows-1252, or Mac Roman (Excel for Mac's "CSV (Macintosh)"). */
  SalveCsvEncoding  eight_bit;
  guint             row_line;
  guint             quote_line;   /* where the quoted cell being read starts */
  SalveCsvRowFunc   func;
  gpointer          user_data;
  gboolean          stopped;
};

/* Windows-1252 0x80–0x9F; 0 marks the five bytes it leaves undefined.
 * 0xA0–0xFF are Latin-1 and map to the same code points. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* Mac Roman 0x80–0xFF; 0 for 0xF0, the Apple logo, which is no text. */
static const gunichar mac_roman_high[128] = {
  0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1,
  0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8,
  0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3,
  0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC,
  0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF,
  0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
  0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211,
  0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8,
  0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB,
  0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153,
  0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA,
  0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,
  0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1,
  0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4,
  0, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC,
  0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,
};

/* A byte above ASCII as @encoding reads it; 0 for none. */
static gunichar
eight_bit_char (SalveCsvEncoding encoding,
                guchar           b)
{
  if (encoding == SALVE_CSV_ENCODING_MAC_ROMAN)
    return mac_roman_high[b - 0x80];
  return b < 0xA0 ? cp1252_high[b - 0x80] : b;
}

/* What a byte above ASCII reads as, for judging which of Windows-1252
 * and Mac Roman a file is in. The letters Dutch, English, German and
 * French write; any other letter is taken as rare in a diary. */
typedef enum
{
  KIND_OTHER,        /* a symbol: °, §, ©, a no-break space */
  KIND_COMMON,       /* é ë ï ö ü è à á ç ê ô û ä â ù ß œ, À Ä Ç É Ö Ü */
  KIND_RARE,         /* every other letter: í ì î ñ È Õ Š Ÿ ﬂ */
  KIND_UNDEFINED,    /* no character at all */
  KIND_APOSTROPHE,   /* ’ */
  KIND_SINGLE_OPEN,  /* ‘ */
  KIND_OPEN_QUOTE,   /* “ „ */
  KIND_CLOSE_QUOTE,  /* ” */
  KIND_DASH,         /* – — */
  KIND_ELLIPSIS,     /* … */
  KIND_EURO,         /* € */
} CharKind;

static const struct
{
  gunichar c;
  CharKind kind;
} char_kinds[] = {
  { 0x00C0, KIND_COMMON }, { 0x00C4, KIND_COMMON }, { 0x00C7, KIND_COMMON },
  { 0x00C9, KIND_COMMON }, { 0x00D6, KIND_COMMON }, { 0x00DC, KIND_COMMON },
  { 0x00DF, KIND_COMMON }, { 0x00E0, KIND_COMMON }, { 0x00E1, KIND_COMMON },
  { 0x00E2, KIND_COMMON }, { 0x00E4, KIND_COMMON }, { 0x00E7, KIND_COMMON },
  { 0x00E8, KIND_COMMON }, { 0x00E9, KIND_COMMON }, { 0x00EA, KIND_COMMON },
  { 0x00EB, KIND_COMMON }, { 0x00EF, KIND_COMMON }, { 0x00F4, KIND_COMMON },
  { 0x00F6, KIND_COMMON }, { 0x00F9, KIND_COMMON }, { 0x00FB, KIND_COMMON },
  { 0x00FC, KIND_COMMON }, { 0x0153, KIND_COMMON },
  { 0x2013, KIND_DASH }, { 0x2014, KIND_DASH },
  { 0x2018, KIND_SINGLE_OPEN }, { 0x2019, KIND_APOSTROPHE },
  { 0x201C, KIND_OPEN_QUOTE }, { 0x201D, KIND_CLOSE_QUOTE }, { 0x201E, KIND_OPEN_QUOTE },
  { 0x2026, KIND_ELLIPSIS }, { 0x20AC, KIND_EURO },
};

static CharKind
char_kind (gunichar c)
{
  if (c == 0)
    return KIND_UNDEFINED;
  for (guint i = 0; i < G_N_ELEMENTS (char_kinds); i++)
    if (char_kinds[i].c == c)
      return char_kinds[i].kind;
  return g_unichar_isalpha (c) ? KIND_RARE : KIND_OTHER;
}

static gunichar
char_at (SalveCsvEncoding  encoding,
         const guchar     *data,
         gsize             len,
         gsize             i)
{
  if (i >= len)
    return 0;
  return data[i] < 0x80 ? data[i] : eight_bit_char (encoding, data[i]);
}

static gboolean
is_alnum (gunichar c)
{
  return g_unichar_isalpha (c) || g_unichar_isdigit (c);
}

/* How plausible @c (of @kind) is between @prev and @next (@after_next
 * beyond it; 0 for none) in a diary's text: above 0 for a common letter
 * or a typographic mark where one goes, below 0 for what such text
 * hardly holds. */
static int
plausibility (CharKind kind,
              gunichar c,
              gunichar prev,
              gunichar next,
              gunichar after_next)
{
  gboolean letter_before = g_unichar_isalpha (prev);
  gboolean letter_after = g_unichar_isalpha (next);
  /* ’s avonds, ’t, ’n: one letter after it, a word of its own */
  gboolean elision = !letter_before && g_unichar_islower (next) && !g_unichar_isalpha (after_next);

  switch (kind)
    {
    case KIND_UNDEFINED:
      return -5;
    case KIND_RARE:
      return -2;
    case KIND_COMMON:
      /* A capital inside a word is a misread mark: Mac Roman's … after
       * "dag" is Windows-1252's É, its Ä Windows-1252's €. */
      if (g_unichar_isupper (c) && g_unichar_islower (prev))
        return -2;
      return letter_before || letter_after ? 2 : 0;
    case KIND_APOSTROPHE:
      if ((letter_before && letter_after) || elision)
        return 3;
      return letter_before ? 1 : 0;
    case KIND_SINGLE_OPEN:
      if (elision)
        return 3;
      return !letter_before && letter_after ? 2 : 0;
    case KIND_OPEN_QUOTE:
      return !is_alnum (prev) && is_alnum (next) ? 2 : 0;
    case KIND_CLOSE_QUOTE:
      return (is_alnum (prev) || g_unichar_ispunct (prev)) && !is_alnum (next) ? 2 : 0;
    case KIND_DASH:
      if ((g_unichar_isspace (prev) && g_unichar_isspace (next)) ||
          (g_unichar_isdigit (prev) && g_unichar_isdigit (next)))
        return 2;
      return letter_before && letter_after ? -1 : 0;
    case KIND_ELLIPSIS:
      return (letter_before || prev == '.') && !letter_after ? 2 : 0;
    case KIND_EURO:
      return g_unichar_isdigit (prev) || g_unichar_isdigit (next) ||
             g_unichar_isspace (prev) || g_unichar_isspace (next) ? 2 : 0;
    case KIND_OTHER:
    default:
      return letter_before && letter_after ? -1 : 0;
    }
}

/* Which of Windows-1252 and Mac Roman text that is not UTF-8 is: the one
 * whose reading of the bytes above ASCII is the more plausible text
 * (docs/csv.md states the scores). Both read the letters of the other
 * as marks and its marks as letters: Excel for Mac writes é as 0x8E,
 * Windows-1252's Ž; Word's ’ in Windows-1252 (0x92) is Mac Roman's í,
 * so a rule that counted letters alone read "zo’n" as "zoín". A tie, or
 * nothing to go by, is Windows-1252. */
static SalveCsvEncoding
guess_eight_bit (const guchar *data,
                 gsize         len)
{
  static const SalveCsvEncoding candidates[] = { SALVE_CSV_ENCODING_WINDOWS_1252, SALVE_CSV_ENCODING_MAC_ROMAN };
  int score[G_N_ELEMENTS (candidates)] = { 0 };

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      CharKind kinds[128];

      for (guint b = 0; b < G_N_ELEMENTS (kinds); b++)
        kinds[b] = char_kind (eight_bit_char (candidates[c], 0x80 + b));

      for (gsize i = 0; i < len; i++)
        {
          if (data[i] < 0x80)
            continue;
          score[c] += plausibility (kinds[data[i] - 0x80],
                                    eight_bit_char (candidates[c], data[i]),
                                    i > 0 ? char_at (candidates[c], data, len, i - 1) : 0,
                                    char_at (candidates[c], data, len, i + 1),
                                    char_at (candidates[c], data, len, i + 2));
        }
    }

  return score[1] > score[0] ? SALVE_CSV_ENCODING_MAC_ROMAN : SALVE_CSV_ENCODING_WINDOWS_1252;
}

const char *
salve_csv_encoding_get_name (SalveCsvEncoding encoding)
{
  switch (encoding)
    {
    case SALVE_CSV_ENCODING_ASCII:
      return _("ASCII (plain text)");
    case SALVE_CSV_ENCODING_UTF8:
      return _("UTF-8");
    case SALVE_CSV_ENCODING_UTF8_BOM:
      return _("UTF-8 with BOM");
    case SALVE_CSV_ENCODING_WINDOWS_1252:
      return _("Windows-1252 (Western European)");
    case SALVE_CSV_ENCODING_UTF16:
      return _("UTF-16");
    case SALVE_CSV_ENCODING_MAC_ROMAN:
      return _("Mac Roman (an older Mac’s text)");
    default:
      return "";
    }
}

const char *
salve_csv_delimiter_get_name (char delimiter)
{
  switch (delimiter)
    {
    case ',':
      return _("comma");
    case ';':
      return _("semicolon");
    case '\t':
      return _("tab");
    default:
      return "";
    }
}

SalveCsvReader *
salve_csv_reader_new (GInputStream *stream)
{
  SalveCsvReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self = g_new0 (SalveCsvReader, 1);
  self->stream = g_object_ref (stream);
  salve_sha256_init (&self->checksum);
  self->delimiter = ',';
  self->encoding = SALVE_CSV_ENCODING_ASCII;
  self->pending = g_byte_array_new ();
  self->u16_out = g_byte_array_new ();
  self->cellbuf = g_string_sized_new (4096);
  self->bad_cell = -1;

  return self;
}

void
salve_csv_reader_free (SalveCsvReader *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->stream);
  salve_sha256_clear (&self->checksum);
  g_free (self->sha256);
  g_byte_array_unref (self->pending);
  g_byte_array_unref (self->u16_out);
  g_string_free (self->cellbuf, TRUE);
  g_free (self);
}

static gssize
read_block (SalveCsvReader  *self,
            guchar          *buf,
            gsize            size,
            GCancellable    *cancellable,
            GError         **error)
{
  gssize n = g_input_stream_read (self->stream, buf, size, cancellable, error);

  if (n > 0)
    {
      salve_sha256_update (&self->checksum, buf, n);
      self->bytes_read += n;
    }

  return n;
}

static void
append_utf8 (GByteArray *out,
             gunichar    c)
{
  char tmp[6];
  int n = g_unichar_to_utf8 (c, tmp);

  g_byte_array_append (out, (const guint8 *) tmp, n);
}

/* UTF-16 to UTF-8 across block boundaries: a unit or a surrogate pair
 * split between two blocks waits in u16_carry. Unpaired surrogates become
 * U+FFFD, which UTF-8 validation then lets through as text; they are rare
 * enough in diaries not to need a row rejection. */
static void
decode_utf16 (SalveCsvReader *self,
              const guchar   *in,
              gsize           len,
              GByteArray     *out)
{
  g_byte_array_set_size (out, 0);

  while (len > 0)
    {
      guint16 unit;

      self->u16_carry[self->u16_carry_len++] = *in++;
      len--;

      if (self->u16_carry_len % 2 != 0)
        continue;

      unit = self->utf16_be
        ? (self->u16_carry[self->u16_carry_len - 2] << 8) | self->u16_carry[self->u16_carry_len - 1]
        : (self->u16_carry[self->u16_carry_len - 1] << 8) | self->u16_carry[self->u16_carry_len - 2];

      if (self->u16_carry_len == 2)
        {
          if (unit >= 0xD800 && unit < 0xDC00)
            continue;  /* wait for the low half */
          append_utf8 (out, (unit >= 0xDC00 && unit < 0xE000) ? 0xFFFD : unit);
          self->u16_carry_len = 0;
        }
      else
        {
          guint16 high = self->utf16_be
            ? (self->u16_carry[0] << 8) | self->u16_carry[1]
            : (self->u16_carry[1] << 8) | self->u16_carry[0];

          if (unit >= 0xDC00 && unit < 0xE000)
            append_utf8 (out, 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00));
          else
            {
              append_utf8 (out, 0xFFFD);
              if (unit < 0xD800 || unit >= 0xE000)
                append_utf8 (out, unit);
            }
          self->u16_carry_len = 0;
        }
    }
}

/* Lines looked at for the header: the titles there may be above it and
 * the header itself. */
#define HEADER_LINES (SALVE_CSV_MAX_TITLES + 1)

typedef struct
{
  guint semicolons, tabs, commas;
} DelimiterCount;

/* The delimiter that occurs most often in @count; on a tie, semicolon
 * before tab before comma (a Dutch Excel header has no commas, and a
 * comma in a header is more often text than separator). 0 for none. */
static char
most_frequent (const DelimiterCount *count)
{
  if (count->semicolons == 0 && count->tabs == 0 && count->commas == 0)
    return 0;
  if (count->semicolons >= count->tabs && count->semicolons >= count->commas)
    return ';';
  if (count->tabs >= count->commas)
    return '\t';
  return ',';
}

static guint
count_of (const DelimiterCount *count,
          char                  delimiter)
{
  return delimiter == ';' ? count->semicolons : delimiter == '\t' ? count->tabs : count->commas;
}

/* The delimiter of the header line: the most frequent of ; tab , outside
 * quotes. The header is the first line whose delimiter the line after it
 * holds as often (a header and its first row have as many cells), so that
 * a title above it ("Pijndagboek Anna", "Pijndagboek, Anna") does not
 * decide; a file where no such pair is found within its first lines takes
 * the first line that holds one, as a file of a header alone does. */
static char
detect_delimiter (const guchar *data,
                  gsize         len)
{
  DelimiterCount lines[HEADER_LINES + 1] = { { 0 } };
  guint n_lines = 0;
  gboolean quoted = FALSE;
  gboolean in_line = FALSE;

  for (gsize i = 0; i < len && n_lines <= HEADER_LINES; i++)
    {
      guchar c = data[i];
      DelimiterCount *line = &lines[n_lines];

      if (!quoted && (c == '\n' || c == '\r'))
        {
          /* A line break inside quotes belongs to its cell; \r\n and
           * empty lines end nothing. */
          if (in_line)
            n_lines++;
          in_line = FALSE;
          continue;
        }
      in_line = TRUE;
      if (c == '"')
        quoted = !quoted;
      else if (!quoted && c == ';')
        line->semicolons++;
      else if (!quoted && c == '\t')
        line->tabs++;
      else if (!quoted && c == ',')
        line->commas++;
    }
  if (in_line && n_lines <= HEADER_LINES)
    n_lines++;
  n_lines = MIN (n_lines, HEADER_LINES + 1);

  for (guint i = 0; i + 1 < n_lines && i < HEADER_LINES; i++)
    {
      char delimiter = most_frequent (&lines[i]);

      if (delimiter != 0 && count_of (&lines[i + 1], delimiter) == count_of (&lines[i], delimiter))
        return delimiter;
    }
  for (guint i = 0; i < n_lines && i < HEADER_LINES; i++)
    {
      char delimiter = most_frequent (&lines[i]);

      if (delimiter != 0)
        return delimiter;
    }
  return ',';
}

/* The length of a first line "sep=;" (or "sep=," or a tab; quoted, or
 * followed by more of the same delimiter, as Excel writes and keeps it),
 * with its line end, and the delimiter it names; 0 when there is none. */
static gsize
separator_line (const guchar *data,
                gsize         len,
                char         *delimiter)
{
  gboolean quoted = len > 0 && data[0] == '"';
  gsize i = quoted ? 1 : 0;
  guchar c;

  if (len < i + 5 || g_ascii_strncasecmp ((const char *) data + i, "sep=", 4) != 0)
    return 0;
  c = data[i + 4];
  if (c != ',' && c != ';' && c != '\t')
    return 0;
  i += 5;
  if (quoted)
    {
      if (i >= len || data[i] != '"')
        return 0;
      i++;
    }
  while (i < len && data[i] == c)
    i++;

  if (i < len && data[i] == '\r')
    i++;
  if (i < len && data[i] == '\n')
    i++;
  else if (i < len && data[i - 1] != '\r')
    return 0;

  *delimiter = (char) c;
  return i;
}

/* A zip file (.xlsx, .ods, .numbers) or an OLE2 one (.xls): a
 * spreadsheet given for its CSV export. Read as text, its bytes made a
 * header that named no column, and the error said so. */
static gboolean
is_spreadsheet (const guchar *data,
                gsize         len)
{
  static const guchar zip[] = { 'P', 'K', 0x03, 0x04 };
  static const guchar ole2[] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

  return (len >= sizeof zip && memcmp (data, zip, sizeof zip) == 0) ||
         (len >= sizeof ole2 && memcmp (data, ole2, sizeof ole2) == 0);
}

/* UTF-16 without a byte order mark, as some tools write it: in the first
 * 512 bytes (at least 4), a 0 in at least three quarters of the odd
 * positions (UTF-16LE) or of the even ones (BE) and in none of the
 * others, as text that is mostly ASCII has in UTF-16. Text in any 8-bit
 * encoding has no 0 at all. */
static gboolean
is_utf16_without_bom (const guchar *data,
                      gsize         len,
                      gboolean     *big_endian)
{
  gsize n = MIN (len, 512) & ~(gsize) 1;
  gsize zero[2] = { 0, 0 };

  if (n < 4)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (data[i] == 0)
      zero[i % 2]++;

  if (zero[0] == 0 && zero[1] * 4 >= n / 2 * 3)
    *big_endian = FALSE;
  else if (zero[1] == 0 && zero[0] * 4 >= n / 2 * 3)
    *big_endian = TRUE;
  else
    return FALSE;
  return TRUE;
}

/* Whether the first line of @data (up to its LF or CR) holds a NUL byte. */
static gboolean
nul_in_first_line (const guchar *data,
                   gsize         len)
{
  for (gsize i = 0; i < len && data[i] != '\n' && data[i] != '\r'; i++)
    if (data[i] == 0)
      return TRUE;
  return FALSE;
}

gboolean
salve_csv_reader_sniff (SalveCsvReader  *self,
                        GCancellable    *cancellable,
                        GError         **error)
{
  guchar *block;
  gsize filled = 0;
  gsize skip = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->sniffed)
    return TRUE;

  block = g_malloc (BLOCK_SIZE);

  /* Fill the whole block (a pipe may deliver less per read), so the
   * header line is in it. */
  while (filled < BLOCK_SIZE)
    {
      gssize n = read_block (self, block + filled, BLOCK_SIZE - filled, cancellable, error);

      if (n < 0)
        {
          g_free (block);
          return FALSE;
        }
      if (n == 0)
        break;
      filled += n;
    }

  if (is_spreadsheet (block, filled))
    {
      g_set_error_literal (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_UNSUPPORTED,
                           _("This is a spreadsheet file (such as .xlsx, .xls or .ods), not CSV: "
                             "save it as CSV (or “Unicode text”) first, then import that."));
      g_free (block);
      return FALSE;
    }

  if (filled >= 3 && block[0] == 0xEF && block[1] == 0xBB && block[2] == 0xBF)
    {
      self->encoding = SALVE_CSV_ENCODING_UTF8_BOM;
      skip = 3;
    }
  else if (filled >= 2 && ((block[0] == 0xFF && block[1] == 0xFE) || (block[0] == 0xFE && block[1] == 0xFF)))
    {
      self->encoding = SALVE_CSV_ENCODING_UTF16;
      self->utf16_be = block[0] == 0xFE;
      skip = 2;
    }
  else if (is_utf16_without_bom (block, filled, &self->utf16_be))
    self->encoding = SALVE_CSV_ENCODING_UTF16;

  /* Text has no NUL byte: a header that holds one is no CSV text, and
   * read as text it gave errors full of "�". Further on a NUL rejects
   * its row only, as a file whose end a crash filled with them still
   * holds its rows before. */
  if (self->encoding != SALVE_CSV_ENCODING_UTF16 && nul_in_first_line (block + skip, filled - skip))
    {
      g_set_error_literal (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_UNSUPPORTED,
                           _("This is not a text file: its first line holds a NUL byte, which a CSV file never holds. "
                             "Save it as CSV from the program that made it, then import that."));
      g_free (block);
      return FALSE;
    }

  if (self->encoding == SALVE_CSV_ENCODING_UTF16)
    {
      decode_utf16 (self, block + skip, filled - skip, self->u16_out);
      g_byte_array_append (self->pending, self->u16_out->data, self->u16_out->len);
    }
  else
    g_byte_array_append (self->pending, block + skip, filled - skip);

  g_free (block);

  self->eight_bit = self->encoding == SALVE_CSV_ENCODING_ASCII &&
                    !g_utf8_validate_len ((const char *) self->pending->data, self->pending->len, NULL)
    ? guess_eight_bit (self->pending->data, self->pending->len)
    : SALVE_CSV_ENCODING_WINDOWS_1252;

  /* Excel's "sep=;" line names the delimiter and is no row. */
  self->first_line = 1;
  {
    char named = 0;
    gsize hint = separator_line (self->pending->data, self->pending->len, &named);

    if (hint > 0)
      {
        g_byte_array_remove_range (self->pending, 0, hint);
        self->first_line = 2;
      }
    self->delimiter = hint > 0 ? named : detect_delimiter (self->pending->data, self->pending->len);
  }

  self->sniffed = TRUE;

  return TRUE;
}

char
salve_csv_reader_get_delimiter (SalveCsvReader *self)
{
  g_return_val_if_fail (self != NULL, ',');
  return self->delimiter;
}

void
salve_csv_reader_set_delimiter (SalveCsvReader *self,
                                char            delimiter)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (delimiter == ',' || delimiter == ';' || delimiter == '\t');

  self->delimiter = delimiter;
}

SalveCsvEncoding
salve_csv_reader_get_encoding (SalveCsvReader *self)
{
  g_return_val_if_fail (self != NULL, SALVE_CSV_ENCODING_ASCII);
  return self->encoding;
}

guint64
salve_csv_reader_get_bytes_read (SalveCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->bytes_read;
}

const char *
salve_csv_reader_get_sha256 (SalveCsvReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->sha256 == NULL)
    self->sha256 = salve_sha256_hex (&self->checksum);

  return self->sha256;
}

static void
append_eight_bit (GString          *out,
                  SalveCsvEncoding  encoding,
                  const guchar     *s,
                  gsize             len,
                  gboolean         *bad)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar b = s[i];

      if (b == 0)
        *bad = TRUE;
      else if (b < 0x80)
        g_string_append_c (out, b);
      else
        {
          gunichar c = eight_bit_char (encoding, b);

          if (c == 0)
            {
              *bad = TRUE;
              c = 0xFFFD;
            }
          g_string_append_unichar (out, c);
        }
    }
}

static void
on_cell (void   *data,
         size_t  len,
         void   *user_data)
{
  SalveCsvReader *self = user_data;
  const guchar *s = data;
  gboolean plain = TRUE;
  gboolean bad = FALSE;
  gsize start;

  self->cell_ended = TRUE;
  self->stray_in_cell_line = 0;

  if (self->stopped)
    return;

  if (self->n_cells >= SALVE_CSV_MAX_CELLS)
    {
      self->extra_cells++;
      return;
    }

  for (gsize i = 0; i < len && plain; i++)
    plain = s[i] != 0 && s[i] < 0x80;

  start = self->cellbuf->len;

  if (plain)
    g_string_append_len (self->cellbuf, (const char *) s, len);
  else
    {
      gboolean valid = g_utf8_validate_len ((const char *) s, len, NULL);

      /* Until now every byte was ASCII, which both encodings agree on:
       * the first other byte decides. NUL decides nothing. */
      if (self->encoding == SALVE_CSV_ENCODING_ASCII && memchr (s, 0, len) == NULL)
        {
          self->encoding = valid ? SALVE_CSV_ENCODING_UTF8 : self->eight_bit;
          self->encoding_line = self->row_line;
        }

      if ((self->encoding == SALVE_CSV_ENCODING_WINDOWS_1252 || self->encoding == SALVE_CSV_ENCODING_MAC_ROMAN) &&
          valid && memchr (s, 0, len) == NULL)
        {
          /* Valid UTF-8 beyond ASCII is next to never Windows-1252 text
           * ("cafÃ©"): a file whose earlier rows are Windows-1252 had this
           * one pasted in from elsewhere. Shown as the UTF-8 it is; the
           * row is rejected, never stored either way. */
          g_string_append_len (self->cellbuf, (const char *) s, len);
          bad = TRUE;
          if (self->bad_cell < 0)
            self->mixed_line = self->encoding_line;
        }
      else if (self->encoding == SALVE_CSV_ENCODING_WINDOWS_1252 || self->encoding == SALVE_CSV_ENCODING_MAC_ROMAN)
        append_eight_bit (self->cellbuf, self->encoding, s, len, &bad);
      else if (valid)
        g_string_append_len (self->cellbuf, (const char *) s, len);
      else
        {
          /* Shown made valid so a person can find it; the row is
           * rejected, never stored like this. */
          g_autofree char *shown = g_utf8_make_valid ((const char *) s, len);
          g_string_append (self->cellbuf, shown);
          bad = TRUE;
        }
    }

  if (bad && self->bad_cell < 0)
    {
      self->bad_cell = self->n_cells;
      self->bad_cell_nul = memchr (s, 0, len) != NULL;
    }

  self->offsets[self->n_cells] = start;
  self->lengths[self->n_cells] = self->cellbuf->len - start;
  g_string_append_c (self->cellbuf, '\0');
  self->n_cells++;
}

static void
on_record (int   terminator,
           void *user_data)
{
  SalveCsvReader *self = user_data;
  SalveCsvRow row;

  if (!self->stopped)
    {
      for (guint i = 0; i < self->n_cells; i++)
        self->cells[i] = self->cellbuf->str + self->offsets[i];
      self->cells[self->n_cells] = NULL;

      row.line = self->row_line;
      row.n_cells = self->n_cells;
      row.cells = self->cells;
      row.lengths = self->lengths;
      row.bad_cell = self->bad_cell;
      row.bad_cell_nul = self->bad_cell_nul;
      row.mixed_encoding_line = self->mixed_line;
      row.encoding = self->encoding;
      row.extra_cells = self->extra_cells;
      row.open_quote_line = self->open_quote_line;
      row.stray_quote_line = self->stray_quote_line;
      row.last_line = self->line;

      if (!self->func (&row, self->user_data))
        self->stopped = TRUE;
    }

  g_string_truncate (self->cellbuf, 0);
  self->n_cells = 0;
  self->extra_cells = 0;
  self->bad_cell = -1;
  self->bad_cell_nul = FALSE;
  self->mixed_line = 0;
  self->open_quote_line = 0;
  self->stray_quote_line = 0;
}

/* Between the quotes of a quoted cell. Right after a quote libcsv is in
 * another state: that quote may be the closing one. */
static gboolean
in_quoted_cell (SalveCsvReader *self)
{
  return self->parser.pstate == LIBCSV_FIELD_BEGUN && self->parser.quoted;
}

/* What follows a quote that libcsv may take as a quoted cell's end. */
static void
check_after_quote (SalveCsvReader *self,
                   guchar          c)
{
  if (c != '"' && c != (guchar) self->delimiter && c != '\r' && c != '\n' && self->stray_in_cell_line == 0)
    self->stray_in_cell_line = self->line;
}

/* csv_parse() of @len bytes, stopping after each quote to see what
 * follows it. FALSE on libcsv's error. */
static gboolean
parse_segment (SalveCsvReader *self,
               const guchar   *data,
               gsize           len)
{
  while (len > 0)
    {
      const guchar *quote;
      gsize chunk;

      if (self->quote_check_pending)
        {
          self->quote_check_pending = FALSE;
          check_after_quote (self, data[0]);
        }

      quote = memchr (data, '"', len);
      chunk = quote != NULL ? (gsize) (quote - data) + 1 : len;
      if (csv_parse (&self->parser, data, chunk, on_cell, on_record, self) != chunk)
        return FALSE;
      if (quote != NULL && self->parser.pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED)
        {
          if (chunk < len)
            check_after_quote (self, data[chunk]);
          else
            self->quote_check_pending = TRUE;
        }
      data += chunk;
      len -= chunk;
    }

  return TRUE;
}

static gboolean
parse_error (SalveCsvReader  *self,
             GError         **error)
{
  g_set_error (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_FAILED,
               _("The file could not be read near line %u: %s"),
               self->line, csv_strerror (csv_error (&self->parser)));
  return FALSE;
}

/* Feeds libcsv one line at a time: before each line we know whether a
 * record is in progress, so every record knows the line it starts on,
 * even with newlines inside quoted cells and blank lines between. A line
 * ends at CR LF, at LF, or at a CR alone, mixed as they come, as a text
 * editor shows them and libcsv ends a row outside quotes (docs/csv.md). */
static gboolean
feed (SalveCsvReader  *self,
      const guchar    *data,
      gsize            len,
      GError         **error)
{
  /* The first LF and the first CR at or after data, NULL for none in
   * the block: each looked for again only once passed, so that a file
   * without the one is not searched to the block's end at each line. */
  const guchar *lf = NULL;
  const guchar *cr = NULL;
  gboolean searched = FALSE;

  if (self->cr_ended_block && len > 0 && !self->stopped)
    {
      self->cr_ended_block = FALSE;
      if (data[0] == '\n')
        {
          if (!parse_segment (self, data, 1))
            return parse_error (self, error);
          data++;
          len--;
        }
    }

  while (len > 0 && !self->stopped)
    {
      const guchar *sep;
      gsize seg;
      gboolean quote_continues = in_quoted_cell (self);

      if (!searched || (lf != NULL && lf < data))
        lf = memchr (data, '\n', len);
      if (!searched || (cr != NULL && cr < data))
        cr = memchr (data, '\r', len);
      searched = TRUE;

      /* CR LF ends at its LF; a CR alone before the next LF ends there. */
      if (cr != NULL && (lf == NULL || cr < lf) && cr + 1 != lf)
        sep = cr;
      else
        sep = lf;
      seg = sep != NULL ? (gsize) (sep - data) + 1 : len;

      if (self->parser.pstate == LIBCSV_ROW_NOT_BEGUN)
        self->row_line = self->line;

      self->cell_ended = FALSE;
      /* libcsv grows its cell buffer by a fixed step (128 bytes unless
       * told), and realloc may copy the cell each time: a 1 MB cell cost
       * thousands of copies. A step as large as the buffer doubles it. */
      csv_set_blk_size (&self->parser, MAX (MIN_BLK_SIZE, self->parser.entry_size));
      if (!parse_segment (self, data, seg))
        return parse_error (self, error);

      /* A quoted cell that goes on to the next line after a quote that
       * did not end it may have taken the rows after it: the row says
       * so. On one line, libcsv's reading ('"He said "hi" today"' is
       * He said "hi" today) is what the file meant. */
      if (sep != NULL && in_quoted_cell (self) && self->stray_in_cell_line > 0 && self->stray_quote_line == 0)
        self->stray_quote_line = self->stray_in_cell_line;

      /* A quoted cell still open after this line either went on from an
       * earlier line or was opened on this one. */
      if (in_quoted_cell (self) && (!quote_continues || self->cell_ended))
        self->quote_line = self->line;

      /* An unclosed quote would otherwise pull the rest of the file into
       * one cell. */
      if (self->parser.entry_pos > SALVE_CSV_MAX_CELL_BYTES)
        {
          /* Only a quoted cell can miss its closing quote. */
          if (self->parser.quoted)
            g_set_error (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_TOO_BIG,
                         _("The cell that starts on line %u is longer than %d MB; is a closing quote (\") missing?"),
                         self->row_line, SALVE_CSV_MAX_CELL_BYTES / (1024 * 1024));
          else
            g_set_error (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_TOO_BIG,
                         _("The cell that starts on line %u is longer than %d MB, more than Salve reads of a cell: "
                           "nothing was imported."),
                         self->row_line, SALVE_CSV_MAX_CELL_BYTES / (1024 * 1024));
          return FALSE;
        }

      if (sep != NULL)
        {
          self->line++;
          self->cr_ended_block = seg == len && *sep == '\r';
        }
      data += seg;
      len -= seg;
    }

  return TRUE;
}

static int
never_space (unsigned char c)
{
  /* Spaces around a cell are the person's text: keep them. */
  return 0;
}

gboolean
salve_csv_reader_run (SalveCsvReader   *self,
                      SalveCsvRowFunc   func,
                      gpointer          user_data,
                      GCancellable     *cancellable,
                      GError          **error)
{
  g_autofree guchar *block = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!salve_csv_reader_sniff (self, cancellable, error))
    return FALSE;

  if (csv_init (&self->parser, 0) != 0)
    {
      g_set_error_literal (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_FAILED,
                           _("Out of memory while reading the file."));
      return FALSE;
    }
  csv_set_delim (&self->parser, self->delimiter);
  csv_set_space_func (&self->parser, never_space);

  self->func = func;
  self->user_data = user_data;
  self->stopped = FALSE;
  self->quote_check_pending = FALSE;
  self->stray_in_cell_line = 0;
  self->stray_quote_line = 0;
  self->cr_ended_block = FALSE;
  self->line = self->first_line;
  self->row_line = self->first_line;

  ok = feed (self, self->pending->data, self->pending->len, error);
  g_byte_array_set_size (self->pending, 0);

  block = g_malloc (BLOCK_SIZE);
  while (ok && !self->stopped)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }

      n = read_block (self, block, BLOCK_SIZE, cancellable, error);
      if (n < 0)
        ok = FALSE;
      else if (n == 0)
        break;
      else if (self->encoding == SALVE_CSV_ENCODING_UTF16)
        {
          decode_utf16 (self, block, n, self->u16_out);
          ok = feed (self, self->u16_out->data, self->u16_out->len, error);
        }
      else
        ok = feed (self, block, n, error);
    }

  if (ok && !self->stopped)
    {
      if (self->parser.pstate == LIBCSV_ROW_NOT_BEGUN)
        self->row_line = self->line;
      /* libcsv ends an unclosed quoted cell at the end of the file as if
       * it were closed: the row says so, or the rows it swallowed would
       * vanish without a word. */
      if (in_quoted_cell (self))
        self->open_quote_line = self->quote_line;
      if (csv_fini (&self->parser, on_cell, on_record, self) != 0)
        ok = parse_error (self, error);
    }

  csv_free (&self->parser);
  g_string_truncate (self->cellbuf, 0);
  self->n_cells = 0;
  g_clear_pointer (&self->sha256, g_free);

  return ok;
}
